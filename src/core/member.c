#include "cnscd/member.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/succession.h"
#include "cnscd/unit.h"
#include "cnscd/collate.h"
#include "cnscd/text.h"
#include "db_internal.h"
#include "member_internal.h"

const char *const cn_member_positions[] = {
	"Bí thư chi bộ", "Trưởng thôn/ấp/khu phố", "Phó trưởng thôn/ấp", "Mặt trận Tổ quốc", "Hội Phụ nữ",
	"Đoàn Thanh niên", "Công an", "Hội Nông dân", "Hội Cựu chiến binh", "Y tế", "Giáo viên",
	"Công chức xã/phường", "Người có uy tín", "Doanh nghiệp viễn thông", NULL,
};

void cn_member_clear(cn_member *m)
{
	free(m->uuid);
	free(m->full_name);
	free(m->phone);
	free(m->id_number);
	free(m->position);
	free(m->joined);
	free(m->left_on);
	free(m->note);
	free(m->created_at);
	free(m->updated_at);
	memset(m, 0, sizeof *m);
}

#define MEMBER_COLUMNS \
	"id, uuid, team_id, full_name, gender, birth_year, phone, id_number, role, position, joined, " \
	"left_on, note, created_at, updated_at"

int cn_member_get(cn_db *db, long long id, cn_member *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT " MEMBER_COLUMNS " FROM member WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, id);
	int rc = cn_step_row(db, st, err, "Không tìm thấy thành viên", "Không đọc được thành viên");
	if (rc != CN_OK)
		return rc;
	out->id = sqlite3_column_int64(st, 0);
	out->uuid = cn_col_dup(st, 1);
	out->team_id = sqlite3_column_int64(st, 2);
	out->full_name = cn_col_dup(st, 3);
	out->gender = sqlite3_column_int(st, 4);
	out->birth_year = sqlite3_column_int(st, 5);
	out->phone = cn_col_dup(st, 6);
	out->id_number = cn_col_dup(st, 7);
	out->role = sqlite3_column_int(st, 8);
	out->position = cn_col_dup(st, 9);
	out->joined = cn_col_dup(st, 10);
	out->left_on = cn_col_dup(st, 11);
	out->note = cn_col_dup(st, 12);
	out->created_at = cn_col_dup(st, 13);
	out->updated_at = cn_col_dup(st, 14);
	sqlite3_reset(st);
	return CN_OK;
}

/* Replaces *FIELD with REPLACEMENT (which may be NULL). */
static void swap_in(char **field, char *replacement)
{
	free(*field);
	*field = replacement;
}

static int normalize_text(char **field, const char *key, const char *label, int max, bool required,
			  cn_error *err)
{
	char *out = NULL;
	int rc = cn_check_text(key, label, *field, max, required, &out, err);
	if (rc == CN_OK)
		swap_in(field, out);
	return rc;
}

static int normalize_date(char **field, const char *key, const char *label, cn_error *err)
{
	char iso[CN_DATE_LEN];
	int rc = cn_check_date(key, label, *field, false, iso, err);
	if (rc == CN_OK)
		swap_in(field, iso[0] ? cn_strdup(iso) : NULL);
	return rc;
}

int cn_member_normalize(cn_member *m, cn_error *err)
{
	int rc;
	if ((rc = normalize_text(&m->full_name, "full_name", "Họ và tên", 100, true, err)) != CN_OK ||
	    (rc = normalize_text(&m->position, "position", "Chức vụ/đoàn thể", 100, false, err)) != CN_OK ||
	    (rc = normalize_text(&m->note, "note", "Ghi chú", 1000, false, err)) != CN_OK ||
	    (rc = normalize_date(&m->joined, "joined", "Ngày vào tổ", err)) != CN_OK ||
	    (rc = normalize_date(&m->left_on, "left_on", "Ngày rời tổ", err)) != CN_OK)
		return rc;
	char phone[CN_PHONE_LEN], idnum[CN_IDNUM_LEN];
	if ((rc = cn_parse_phone(m->phone, phone, err)) != CN_OK)
		return rc;
	swap_in(&m->phone, phone[0] ? cn_strdup(phone) : NULL);
	if ((rc = cn_parse_id_number(m->id_number, idnum, err)) != CN_OK)
		return rc;
	swap_in(&m->id_number, idnum[0] ? cn_strdup(idnum) : NULL);
	if (m->gender < CN_GENDER_UNKNOWN || m->gender > CN_GENDER_FEMALE)
		return cn_fail_field(err, "gender", CN_EINVAL, "Giới tính không hợp lệ");
	if (m->role == 0)
		m->role = CN_ROLE_MEMBER;
	if (m->role < CN_ROLE_LEADER || m->role > CN_ROLE_MEMBER)
		return cn_fail_field(err, "role", CN_EINVAL, "Vai trò không hợp lệ");
	if (m->birth_year) {
		char y[16];
		int year;
		snprintf(y, sizeof y, "%d", m->birth_year);
		if ((rc = cn_parse_birth_year(y, &year, err)) != CN_OK)
			return rc;
	}
	if (m->joined && m->left_on && strcmp(m->left_on, m->joined) < 0)
		return cn_fail_field(err, "left_on", CN_EINVAL, "Ngày rời tổ phải sau ngày vào tổ");
	return CN_OK;
}

/* A team has at most one active leader: say who it is before SQLite's
 * unique index gives a message nobody understands. */
static int check_leader(cn_db *db, const cn_member *m, cn_error *err)
{
	if (m->role != CN_ROLE_LEADER || m->left_on)
		return CN_OK;
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT full_name FROM member WHERE team_id = ? AND role = 1 AND left_on IS NULL AND id <> ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, m->team_id);
	cn_bind_int(st, 2, m->id);
	int rc = CN_OK;
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = cn_fail_field(err, "role", CN_EEXIST,
				   "Tổ đã có tổ trưởng là %s. Mỗi tổ chỉ có một tổ trưởng: hãy đổi vai trò của người "
				   "đó trước.", cn_col_text(st, 0));
	sqlite3_reset(st);
	return rc;
}

char *cn_member_search_key(const cn_member *m)
{
	char *f = cn_text_fold(m->full_name);
	if (!m->phone)
		return f;
	char *key = cn_sprintf("%s %s", f, m->phone);
	free(f);
	return key;
}

/* Binds M's columns to parameters BASE + 1 .. BASE + 13. */
static void bind_member_at(sqlite3_stmt *st, int base, const cn_member *m)
{
	char *order = cn_vi_key(m->full_name);
	cn_bind_text(st, base + 13, order);
	free(order);
	char *key = cn_member_search_key(m);
	cn_bind_int(st, base + 1, m->team_id);
	cn_bind_text(st, base + 2, m->full_name);
	cn_bind_int(st, base + 3, m->gender);
	cn_bind_int_or_null(st, base + 4, m->birth_year);
	cn_bind_text_or_null(st, base + 5, m->phone);
	cn_bind_text_or_null(st, base + 6, m->id_number);
	cn_bind_int(st, base + 7, m->role);
	cn_bind_text_or_null(st, base + 8, m->position);
	cn_bind_text_or_null(st, base + 9, m->joined);
	cn_bind_text_or_null(st, base + 10, m->left_on);
	cn_bind_text_or_null(st, base + 11, m->note);
	cn_bind_text(st, base + 12, key);
	free(key);
}

static void bind_member(sqlite3_stmt *st, const cn_member *m)
{
	bind_member_at(st, 0, m);
}

/* Making M Tổ trưởng of a team that has one, with M->former_leader_role:
 * the current leader takes that role first (one leader at a time). */
static int hand_over(cn_db *db, const cn_member *m, cn_error *err)
{
	if (m->role != CN_ROLE_LEADER || m->left_on || !m->former_leader_role)
		return CN_OK;
	if (m->former_leader_role != CN_ROLE_DEPUTY && m->former_leader_role != CN_ROLE_MEMBER)
		return cn_fail_field(err, "role", CN_EINVAL, "Tổ trưởng cũ chỉ có thể thành Tổ phó hoặc Thành viên");
	sqlite3_stmt *st = cn_db_stmt(db, "UPDATE member SET role = ?, updated_at = " CN_SQL_NOW
					  " WHERE team_id = ? AND role = 1 AND left_on IS NULL AND id <> ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, m->former_leader_role);
	cn_bind_int(st, 2, m->team_id);
	cn_bind_int(st, 3, m->id);
	return cn_step_done(db, st, err, "Không đổi được vai trò của tổ trưởng cũ");
}

/* The checks of an add or an update that read the database, and the
 * leader's hand-over, inside the caller's transaction. */
static int check_and_hand_over(cn_db *db, const cn_member *m, cn_error *err)
{
	int rc = cn_member_check_id_number(db, m, err);
	if (rc == CN_OK)
		rc = hand_over(db, m, err);
	if (rc == CN_OK)
		rc = check_leader(db, m, err);
	return rc;
}

/* A new member goes into a team of an open unit. */
static int check_team_open(cn_db *db, long long team_id, cn_error *err)
{
	long long unit = cn_count_where(db, "SELECT unit_id FROM team WHERE id = ?1", team_id);
	if (unit <= 0)
		return cn_fail_field(err, "team", CN_ENOTFOUND, "Không tìm thấy tổ");
	int rc = cn_unit_refuse_closed(db, unit, "không thêm thành viên", err);
	if (rc != CN_OK && err)
		err->field = "team";
	return rc;
}

static int insert_member(cn_db *db, cn_member *m, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"INSERT INTO member(team_id, full_name, gender, birth_year, phone, id_number, role, position, "
		"joined, left_on, note, search_key, name_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	bind_member(st, m);
	int rc = cn_step_done(db, st, err, "Không thêm được thành viên");
	if (rc == CN_OK)
		m->id = sqlite3_last_insert_rowid(cn_db_sqlite(db));
	return rc;
}

int cn_member_add(cn_db *db, cn_member *m, cn_error *err)
{
	int rc = cn_member_normalize(m, err);
	if (rc != CN_OK || (rc = cn_db_begin(db, err)) != CN_OK)
		return rc;
	if ((rc = check_team_open(db, m->team_id, err)) == CN_OK && (rc = check_and_hand_over(db, m, err)) == CN_OK)
		rc = insert_member(db, m, err);
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	m->id = 0;
	return rc;
}

/* Members written by one statement of cn_member_add_many: each statement
 * journal of a write in a transaction that touched the search index makes
 * FTS5 write its pending terms out as a new segment, so a statement per
 * team instead of per member spares most of those. */
#define MANY_CHUNK 16
#define MANY_COLUMNS "team_id, full_name, gender, birth_year, phone, id_number, role, position, joined, " \
	"left_on, note, search_key, name_order, id"
#define MANY_PARAMS 14

/* A second active leader of one team among M[0..I). */
static const cn_member *leader_before(const cn_member *m, int i)
{
	for (int k = 0; k < i; k++)
		if (m[k].team_id == m[i].team_id && m[k].role == CN_ROLE_LEADER && !m[k].left_on)
			return &m[k];
	return NULL;
}

int cn_member_add_many(cn_db *db, cn_member *m, int n, int *failed, cn_error *err)
{
	int rc = CN_OK, i;
	for (i = 0; i < n; i++) {
		if ((rc = cn_member_normalize(&m[i], err)) != CN_OK || (rc = check_leader(db, &m[i], err)) != CN_OK ||
		    (rc = cn_member_check_id_number(db, &m[i], err)) != CN_OK)
			break;
		const cn_member *first = m[i].role == CN_ROLE_LEADER && !m[i].left_on ? leader_before(m, i) : NULL;
		if (first) {
			rc = cn_fail_field(err, "role", CN_EEXIST,
					   "Tổ đã có tổ trưởng là %s. Mỗi tổ chỉ có một tổ trưởng: hãy đổi vai trò của "
					   "người đó trước.", first->full_name);
			break;
		}
	}
	if (failed)
		*failed = rc == CN_OK ? -1 : i;
	if (rc != CN_OK)
		return rc;
	if ((rc = cn_db_begin(db, err)) != CN_OK)
		return rc;
	/* The ids are given (read in the transaction), so that each member
	 * learns its own. */
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT coalesce(max(id), 0) FROM member", err);
	long long next = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) + 1 : 0;
	if (st)
		sqlite3_reset(st);
	if (!next)
		rc = st ? cn_db_fail(db, err, "Không đọc được thành viên") : err ? err->code : CN_EDB;
	for (int start = 0; start < n && rc == CN_OK; start += MANY_CHUNK) {
		int k = n - start < MANY_CHUNK ? n - start : MANY_CHUNK;
		static char *sql[MANY_CHUNK + 1];
		st = cn_db_stmt(db, cn_sql_rows(sql, "INSERT INTO member(" MANY_COLUMNS ") VALUES",
						 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", k), err);
		if (!st) {
			rc = err ? err->code : CN_EDB;
			break;
		}
		for (int j = 0; j < k; j++) {
			m[start + j].id = next + start + j;
			bind_member_at(st, j * MANY_PARAMS, &m[start + j]);
			cn_bind_int(st, j * MANY_PARAMS + MANY_PARAMS, m[start + j].id);
		}
		rc = cn_step_done(db, st, err, "Không thêm được thành viên");
	}
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	for (i = 0; i < n; i++)
		m[i].id = 0;
	return rc;
}

static int update_member(cn_db *db, cn_member *m, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"UPDATE member SET team_id = ?, full_name = ?, gender = ?, birth_year = ?, phone = ?, "
		"id_number = ?, role = ?, position = ?, joined = ?, left_on = ?, note = ?, search_key = ?, "
		"name_order = ?, updated_at = " CN_SQL_NOW " WHERE id = ?14 AND (?15 IS NULL OR updated_at = ?15)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	bind_member(st, m);
	cn_bind_int(st, 14, m->id);
	cn_bind_text(st, 15, m->updated_at);
	int rc = cn_step_done(db, st, err, "Không lưu được thành viên");
	if (rc == CN_OK && sqlite3_changes(cn_db_sqlite(db)) == 0)
		rc = cn_update_missed(db, "member", m->id, err);
	return rc;
}

int cn_member_update(cn_db *db, cn_member *m, cn_error *err)
{
	int rc = cn_member_normalize(m, err);
	if (rc != CN_OK || (rc = cn_db_begin(db, err)) != CN_OK)
		return rc;
	if ((rc = check_and_hand_over(db, m, err)) == CN_OK)
		rc = update_member(db, m, err);
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	return rc;
}

int cn_member_leave(cn_db *db, long long id, const char *date, cn_error *err)
{
	char iso[CN_DATE_LEN];
	if (cn_str_empty(date))
		cn_date_today(iso);
	else if (cn_parse_date("Ngày rời tổ", date, iso, err) != CN_OK)
		return CN_EINVAL;
	sqlite3_stmt *st = cn_db_stmt(db,
		"UPDATE member SET left_on = ?, updated_at = " CN_SQL_NOW " WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, iso);
	cn_bind_int(st, 2, id);
	int rc = cn_step_done(db, st, err, "Không lưu được ngày rời tổ");
	if (rc == CN_OK && sqlite3_changes(cn_db_sqlite(db)) == 0)
		rc = cn_fail(err, CN_ENOTFOUND, "Không tìm thấy thành viên");
	return rc;
}

int cn_member_delete(cn_db *db, long long id, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "DELETE FROM member WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, id);
	int rc = cn_step_done(db, st, err, "Không xóa được thành viên");
	if (rc == CN_OK && sqlite3_changes(cn_db_sqlite(db)) == 0)
		rc = cn_fail(err, CN_ENOTFOUND, "Không tìm thấy thành viên");
	return rc;
}
