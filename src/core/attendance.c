#include "cnscd/attendance.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"
#include "cnscd/validate.h"
#include "db_internal.h"

static const char *const status_names[] = {"Được mời", "Có mặt", "Vắng", "Vắng có phép"};

const char *cn_attendance_status_name(int status)
{
	return status >= CN_ATT_INVITED && status <= CN_ATT_EXCUSED ? status_names[status] : "";
}

int cn_parse_attendance_status(const char *in, int *out, cn_error *err)
{
	static const struct {
		const char *word;
		int status;
	} words[] = {
		{"co mat", CN_ATT_PRESENT}, {"present", CN_ATT_PRESENT}, {"x", CN_ATT_PRESENT}, {"1", CN_ATT_PRESENT},
		{"vang", CN_ATT_ABSENT}, {"absent", CN_ATT_ABSENT}, {"vang mat", CN_ATT_ABSENT}, {"2", CN_ATT_ABSENT},
		{"vang co phep", CN_ATT_EXCUSED}, {"co phep", CN_ATT_EXCUSED}, {"excused", CN_ATT_EXCUSED},
		{"3", CN_ATT_EXCUSED}, {"duoc moi", CN_ATT_INVITED}, {"moi", CN_ATT_INVITED},
		{"invited", CN_ATT_INVITED}, {"0", CN_ATT_INVITED},
	};
	*out = CN_ATT_PRESENT;
	if (cn_str_empty(in))
		return CN_OK;
	char *f = cn_text_fold(in);
	int rc = CN_EINVAL;
	for (size_t i = 0; i < CN_ARRAY_LEN(words) && rc != CN_OK; i++) {
		if (strcmp(f, words[i].word) == 0) {
			*out = words[i].status;
			rc = CN_OK;
		}
	}
	free(f);
	if (rc != CN_OK)
		cn_fail_field(err, "status", CN_EINVAL,
			      "Trạng thái «%s» không hợp lệ: chọn Có mặt, Vắng hoặc Vắng có phép", in);
	return rc;
}

/* One act at the door (a check-in, a guest added) in a transaction of its
 * own: the change log then knows it as one change, apart from the next
 * even within the same millisecond (check-in's undo steps by change). */
static int one_change(cn_db *db, int rc, cn_error *err)
{
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	return rc;
}

/* Runs ST (bound by the caller) and adds the rows it changed to *ADDED. */
static int run_invite(cn_db *db, sqlite3_stmt *st, int *added, cn_error *err)
{
	int rc = cn_step_done(db, st, err, "Không mời được thành viên");
	if (rc == CN_OK && added)
		*added += sqlite3_changes(cn_db_sqlite(db));
	return rc;
}

int cn_attendance_invite_team(cn_db *db, long long training_id, long long team_id, int *added, cn_error *err)
{
	if (added)
		*added = 0;
	sqlite3_stmt *st = cn_db_stmt(db,
		"INSERT OR IGNORE INTO attendance(training_id, member_id) "
		"SELECT ?, id FROM member WHERE team_id = ? AND left_on IS NULL ORDER BY role, name_order", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, training_id);
	cn_bind_int(st, 2, team_id);
	return run_invite(db, st, added, err);
}

int cn_attendance_invite_unit(cn_db *db, long long training_id, long long unit_id, bool only_untrained,
			      int *added, cn_error *err)
{
	if (added)
		*added = 0;
	char *path, *end;
	int rc = cn_unit_subtree(db, unit_id, &path, &end, err);
	if (rc != CN_OK)
		return rc;
	/* The teams of the units above it too: the district's team comes to
	 * a commune's session. The subtree and the units above as two sets
	 * joined: one condition with OR read every unit of the country for
	 * each invitation (23 ms each on the national database). */
	sqlite3_stmt *st = cn_db_stmt(db,
		"WITH RECURSIVE up(id) AS (SELECT parent_id FROM unit WHERE id = ?5 "
		"UNION ALL SELECT p.parent_id FROM unit p JOIN up ON p.id = up.id), "
		"units(id, path) AS (SELECT id, path FROM unit WHERE path >= ?2 AND path < ?3 AND valid_to IS NULL "
		"UNION SELECT u.id, u.path FROM up JOIN unit u ON u.id = up.id WHERE u.valid_to IS NULL) "
		"INSERT OR IGNORE INTO attendance(training_id, member_id) "
		"SELECT ?1, m.id FROM units u JOIN team t ON t.unit_id = u.id AND t.dissolved IS NULL "
		"JOIN member m ON m.team_id = t.id AND m.left_on IS NULL "
		"WHERE (?4 = 0 OR NOT EXISTS (SELECT 1 FROM attendance a WHERE a.member_id = m.id AND a.status = 1)) "
		"ORDER BY u.path, t.id, m.role, m.name_order", err);
	rc = st ? CN_OK : (err ? err->code : CN_EDB);
	if (st) {
		cn_bind_int(st, 1, training_id);
		cn_bind_text(st, 2, path);
		cn_bind_text(st, 3, end);
		cn_bind_int(st, 4, only_untrained);
		cn_bind_int(st, 5, unit_id);
		rc = run_invite(db, st, added, err);
	}
	free(path);
	free(end);
	return rc;
}

static int set_member_stmt(cn_db *db, long long training_id, long long member_id, int status, long long *id,
			     cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"INSERT INTO attendance(training_id, member_id, status, checked_in_at) "
		"VALUES (?1, ?2, ?3, CASE WHEN ?3 = 1 THEN " CN_SQL_ACT_NOW " END) "
		"ON CONFLICT(training_id, member_id) WHERE member_id IS NOT NULL DO UPDATE SET status = excluded.status, "
		"checked_in_at = excluded.checked_in_at, updated_at = " CN_SQL_NOW " RETURNING id", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, training_id);
	cn_bind_int(st, 2, member_id);
	cn_bind_int(st, 3, status);
	int rc = sqlite3_step(st), result = CN_OK;
	if (rc == SQLITE_ROW) {
		if (id)
			*id = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE)
		result = cn_db_fail(db, err, "Không ghi được điểm danh");
	sqlite3_reset(st);
	return result;
}

int cn_attendance_set_member(cn_db *db, long long training_id, long long member_id, int status, long long *id,
			     cn_error *err)
{
	int rc = cn_db_begin(db, err);
	return rc == CN_OK ? one_change(db, set_member_stmt(db, training_id, member_id, status, id, err), err) : rc;
}

/* A guest's fields, checked and normalised as the forms and imports do. */
struct guest {
	char *name, *position, *unit, *key;
	char phone[CN_PHONE_LEN];
};

static void guest_free(struct guest *g)
{
	free(g->name);
	free(g->position);
	free(g->unit);
	free(g->key);
}

static int guest_parse(struct guest *g, const char *name, const char *position, const char *unit,
		       const char *phone, cn_error *err)
{
	memset(g, 0, sizeof *g);
	int rc;
	if ((rc = cn_parse_name("Họ và tên", name, 100, &g->name, err)) != CN_OK) {
		if (err)
			err->field = "full_name";
		return rc;
	}
	if ((rc = cn_parse_text_opt("Chức vụ", position, 100, &g->position, err)) != CN_OK ||
	    (rc = cn_parse_text_opt("Đơn vị", unit, 150, &g->unit, err)) != CN_OK ||
	    (rc = cn_parse_phone(phone, g->phone, err)) != CN_OK) {
		guest_free(g);
		return rc;
	}
	/* As a member's: the folded name, then the phone (imports match on it). */
	char *f = cn_text_fold(g->name);
	g->key = g->phone[0] ? cn_sprintf("%s %s", f, g->phone) : cn_strdup(f);
	free(f);
	return CN_OK;
}

/* Binds the guest's name, position, unit, phone and key to ?2..?6. */
static void guest_bind(sqlite3_stmt *st, const struct guest *g)
{
	cn_bind_text(st, 2, g->name);
	cn_bind_text_or_null(st, 3, g->position);
	cn_bind_text_or_null(st, 4, g->unit);
	cn_bind_text_or_null(st, 5, g->phone);
	cn_bind_text(st, 6, g->key);
}

static int add_guest_stmt(cn_db *db, long long training_id, const char *name, const char *position,
			    const char *unit, const char *phone, int status, long long *id, cn_error *err)
{
	struct guest g;
	int rc = guest_parse(&g, name, position, unit, phone, err);
	if (rc != CN_OK)
		return rc;
	sqlite3_stmt *st = cn_db_stmt(db,
		"INSERT INTO attendance(training_id, guest_name, guest_position, guest_unit, guest_phone, search_key, "
		"status, checked_in_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CASE WHEN ?7 = 1 THEN " CN_SQL_ACT_NOW " END)",
		err);
	if (!st) {
		rc = err ? err->code : CN_EDB;
	} else {
		cn_bind_int(st, 1, training_id);
		guest_bind(st, &g);
		cn_bind_int(st, 7, status);
		rc = cn_step_done(db, st, err, "Không thêm được người tham dự");
		if (rc == CN_OK && id)
			*id = sqlite3_last_insert_rowid(cn_db_sqlite(db));
	}
	guest_free(&g);
	return rc;
}

int cn_attendance_add_guest(cn_db *db, long long training_id, const char *name, const char *position,
			    const char *unit, const char *phone, int status, long long *id, cn_error *err)
{
	int rc = cn_db_begin(db, err);
	return rc == CN_OK ? one_change(db, add_guest_stmt(db, training_id, name, position, unit, phone, status, id, err), err) : rc;
}

static int update_guest_stmt(cn_db *db, long long attendance_id, const char *name, const char *position,
			       const char *unit, const char *phone, cn_error *err)
{
	struct guest g;
	int rc = guest_parse(&g, name, position, unit, phone, err);
	if (rc != CN_OK)
		return rc;
	sqlite3_stmt *st = cn_db_stmt(db,
		"UPDATE attendance SET guest_name = ?2, guest_position = ?3, guest_unit = ?4, guest_phone = ?5, "
		"search_key = ?6, updated_at = " CN_SQL_NOW " WHERE id = ?1 AND member_id IS NULL", err);
	if (!st) {
		rc = err ? err->code : CN_EDB;
	} else {
		cn_bind_int(st, 1, attendance_id);
		guest_bind(st, &g);
		rc = cn_step_done(db, st, err, "Không sửa được người tham dự");
		if (rc == CN_OK && sqlite3_changes(cn_db_sqlite(db)) == 0)
			rc = cn_fail(err, CN_ENOTFOUND, "Người này không còn trong danh sách lớp (hoặc là thành viên tổ: "
				     "sửa ở danh sách thành viên)");
	}
	guest_free(&g);
	return rc;
}

int cn_attendance_update_guest(cn_db *db, long long attendance_id, const char *name, const char *position,
			       const char *unit, const char *phone, cn_error *err)
{
	int rc = cn_db_begin(db, err);
	return rc == CN_OK ? one_change(db, update_guest_stmt(db, attendance_id, name, position, unit, phone, err), err) : rc;
}

bool cn_name_lacks_marks(const char *name)
{
	int letters = 0, words = 0, upper = 0;
	bool in_word = false;
	for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
		if (*p >= 0x80)
			return false; /* a mark, or a letter such as đ */
		bool letter = isalpha(*p);
		letters += letter;
		upper += letter && isupper(*p);
		if (letter && !in_word)
			words++;
		in_word = letter;
	}
	/* One word with a capital may be a name without marks ("Lan"). */
	return letters > 0 && (words >= 2 || upper == 0);
}

static int set_status_stmt(cn_db *db, long long attendance_id, int status, cn_error *err)
{
	if (status < CN_ATT_INVITED || status > CN_ATT_EXCUSED)
		return cn_fail(err, CN_EINVAL, "Trạng thái điểm danh không hợp lệ");
	sqlite3_stmt *st = cn_db_stmt(db,
		"UPDATE attendance SET status = ?1, checked_in_at = CASE WHEN ?1 = 1 THEN " CN_SQL_ACT_NOW " END, "
		"updated_at = " CN_SQL_NOW " WHERE id = ?2", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, status);
	cn_bind_int(st, 2, attendance_id);
	int rc = cn_step_done(db, st, err, "Không ghi được điểm danh");
	if (rc == CN_OK && sqlite3_changes(cn_db_sqlite(db)) == 0)
		rc = cn_fail(err, CN_ENOTFOUND, "Người này không còn trong danh sách lớp");
	return rc;
}

int cn_attendance_set_status(cn_db *db, long long attendance_id, int status, cn_error *err)
{
	int rc = cn_db_begin(db, err);
	return rc == CN_OK ? one_change(db, set_status_stmt(db, attendance_id, status, err), err) : rc;
}

int cn_attendance_set_status_many(cn_db *db, const long long *ids, int n, int status, cn_error *err)
{
	if (status < CN_ATT_INVITED || status > CN_ATT_EXCUSED)
		return cn_fail(err, CN_EINVAL, "Trạng thái điểm danh không hợp lệ");
	if (n <= 0)
		return CN_OK;
	/* One statement for the class: the ids as a JSON array. */
	cn_buf list = {0};
	for (int i = 0; i < n; i++)
		cn_buf_printf(&list, "%c%lld", i ? ',' : '[', ids[i]);
	cn_buf_addc(&list, ']');
	int rc = cn_db_begin(db, err);
	if (rc != CN_OK) {
		cn_buf_free(&list);
		return rc;
	}
	sqlite3_stmt *st = cn_db_stmt(db,
		"UPDATE attendance SET status = ?1, checked_in_at = CASE WHEN ?1 = 1 THEN " CN_SQL_ACT_NOW " END, "
		"updated_at = " CN_SQL_NOW " WHERE id IN (SELECT value FROM json_each(?2))", err);
	rc = st ? CN_OK : err ? err->code : CN_EDB;
	if (st) {
		cn_bind_int(st, 1, status);
		cn_bind_text(st, 2, cn_buf_str(&list));
		rc = cn_step_done(db, st, err, "Không ghi được điểm danh");
		/* Every one of them, or none. */
		if (rc == CN_OK && sqlite3_changes(cn_db_sqlite(db)) != n)
			rc = cn_fail(err, CN_ENOTFOUND, "Có người không còn trong danh sách lớp");
	}
	cn_buf_free(&list);
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	return rc;
}

static int remove_stmt(cn_db *db, long long attendance_id, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "DELETE FROM attendance WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, attendance_id);
	return cn_step_done(db, st, err, "Không xóa được người tham dự");
}

int cn_attendance_remove(cn_db *db, long long attendance_id, cn_error *err)
{
	int rc = cn_db_begin(db, err);
	return rc == CN_OK ? one_change(db, remove_stmt(db, attendance_id, err), err) : rc;
}

int cn_attendance_counts(cn_db *db, long long training_id, int *invited, int *present, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT count(*), count(*) FILTER (WHERE status = 1) FROM attendance WHERE training_id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, training_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*invited = sqlite3_column_int(st, 0);
		*present = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CN_OK : cn_db_fail(db, err, "Không đếm được người tham dự");
}

int cn_attendance_tally_get(cn_db *db, long long training_id, cn_attendance_tally *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT count(a.id), count(*) FILTER (WHERE a.status = 1), count(*) FILTER (WHERE a.status = 2), "
		"count(*) FILTER (WHERE a.status = 3), count(a.id) FILTER (WHERE a.member_id IS NULL), "
		"t.id, coalesce(t.planned, 0) FROM training t LEFT JOIN attendance a ON a.training_id = t.id WHERE t.id = ?",
		err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, training_id);
	int rc = sqlite3_step(st), result = CN_OK;
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 5) != SQLITE_NULL) {
		out->invited = sqlite3_column_int(st, 0);
		out->present = sqlite3_column_int(st, 1);
		out->absent = sqlite3_column_int(st, 2);
		out->excused = sqlite3_column_int(st, 3);
		out->guests = sqlite3_column_int(st, 4);
		out->planned = sqlite3_column_int(st, 6);
	} else if (rc == SQLITE_ROW) {
		result = cn_fail(err, CN_ENOTFOUND, "Không tìm thấy lớp tập huấn số %lld", training_id);
	} else {
		result = cn_db_fail(db, err, "Không đếm được người tham dự");
	}
	sqlite3_reset(st);
	return result;
}

void cn_attendance_tally_text(const cn_attendance_tally *t, bool no_present, char out[CN_TALLY_TEXT_LEN])
{
	char planned[16] = "–";
	if (t->planned > 0)
		snprintf(planned, sizeof planned, "%d", t->planned);
	if (no_present)
		snprintf(out, CN_TALLY_TEXT_LEN, CN_WORD_INVITED " %d / " CN_WORD_PLANNED " %s", t->invited, planned);
	else
		snprintf(out, CN_TALLY_TEXT_LEN, CN_WORD_PRESENT " %d / " CN_WORD_INVITED " %d / " CN_WORD_PLANNED " %s",
			 t->present, t->invited, planned);
}

/* Beside the tally: what a session's deletion takes with it. */
char *cn_training_delete_what(cn_db *db, long long id, cn_error *err)
{
	cn_attendance_tally t;
	if (cn_attendance_tally_get(db, id, &t, err) != CN_OK)
		return NULL;
	long long topics = cn_count_where(db, "SELECT count(*) FROM training_topic WHERE training_id = ?1", id);
	if (topics < 0) {
		cn_db_fail(db, err, "Không đếm được chủ đề của lớp");
		return NULL;
	}
	cn_buf b = {0};
	if (t.invited) {
		cn_buf_printf(&b, "danh sách %d người (%d có mặt", t.invited, t.present);
		if (t.guests)
			cn_buf_printf(&b, ", %d khách mời", t.guests);
		cn_buf_adds(&b, ")");
	}
	if (topics)
		cn_buf_printf(&b, "%s%lld chủ đề", b.len ? ", " : "", topics);
	return b.len ? cn_buf_steal(&b) : (cn_buf_free(&b), cn_strdup(""));
}
