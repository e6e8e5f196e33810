#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"
#include "cnscd/training.h"
#include "cnscd/validate.h"
#include "internal.h"

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
		"SELECT ?, id FROM member WHERE team_id = ? AND left_on IS NULL ORDER BY role, search_key", err);
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
	sqlite3_stmt *st = cn_db_stmt(db,
		"INSERT OR IGNORE INTO attendance(training_id, member_id) "
		"SELECT ?1, m.id FROM unit u JOIN team t ON t.unit_id = u.id AND t.dissolved IS NULL "
		"JOIN member m ON m.team_id = t.id AND m.left_on IS NULL "
		"WHERE u.path >= ?2 AND u.path < ?3 AND u.valid_to IS NULL "
		"AND (?4 = 0 OR NOT EXISTS (SELECT 1 FROM attendance a WHERE a.member_id = m.id AND a.status = 1)) "
		"ORDER BY u.path, t.id, m.role, m.search_key", err);
	rc = st ? CN_OK : (err ? err->code : CN_EDB);
	if (st) {
		cn_bind_int(st, 1, training_id);
		cn_bind_text(st, 2, path);
		cn_bind_text(st, 3, end);
		cn_bind_int(st, 4, only_untrained);
		rc = run_invite(db, st, added, err);
	}
	free(path);
	free(end);
	return rc;
}

int cn_attendance_set_member(cn_db *db, long long training_id, long long member_id, int status, long long *id,
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

int cn_attendance_add_guest(cn_db *db, long long training_id, const char *name, const char *position,
			    const char *unit, const char *phone, int status, long long *id, cn_error *err)
{
	char *n = NULL, *pos = NULL, *u = NULL;
	char tel[CN_PHONE_LEN];
	int rc;
	if ((rc = cn_parse_name("Họ và tên", name, 100, &n, err)) != CN_OK) {
		if (err)
			err->field = "full_name";
		return rc;
	}
	if ((rc = cn_parse_text_opt("Chức vụ", position, 100, &pos, err)) != CN_OK ||
	    (rc = cn_parse_text_opt("Đơn vị", unit, 150, &u, err)) != CN_OK ||
	    (rc = cn_parse_phone(phone, tel, err)) != CN_OK)
		goto out;
	char *f = cn_text_fold(n);
	char *key = tel[0] ? cn_sprintf("%s %s", f, tel) : cn_strdup(f);
	free(f);
	sqlite3_stmt *st = cn_db_stmt(db,
		"INSERT INTO attendance(training_id, guest_name, guest_position, guest_unit, guest_phone, status, "
		"checked_in_at, search_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?6 = 1 THEN " CN_SQL_ACT_NOW " END, ?7)",
		err);
	if (!st) {
		rc = err ? err->code : CN_EDB;
	} else {
		cn_bind_int(st, 1, training_id);
		cn_bind_text(st, 2, n);
		cn_bind_text_or_null(st, 3, pos);
		cn_bind_text_or_null(st, 4, u);
		cn_bind_text_or_null(st, 5, tel);
		cn_bind_int(st, 6, status);
		cn_bind_text(st, 7, key);
		rc = cn_step_done(db, st, err, "Không thêm được người tham dự");
		if (rc == CN_OK && id)
			*id = sqlite3_last_insert_rowid(cn_db_sqlite(db));
	}
	free(key);
out:
	free(n);
	free(pos);
	free(u);
	return rc;
}

int cn_attendance_set_status(cn_db *db, long long attendance_id, int status, cn_error *err)
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

int cn_attendance_remove(cn_db *db, long long attendance_id, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "DELETE FROM attendance WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, attendance_id);
	return cn_step_done(db, st, err, "Không xóa được người tham dự");
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

/* True when every word of the folded query starts a word of KEY, or the
 * query is digits that end the phone number. */
static bool attendee_matches(const char *key, const char *phone, char **words, int nwords, const char *digits)
{
	if (digits && phone) {
		size_t lp = strlen(phone), ld = strlen(digits);
		if (lp >= ld && strcmp(phone + lp - ld, digits) == 0)
			return true;
	}
	for (int i = 0; i < nwords; i++) {
		size_t n = strlen(words[i]);
		const char *p = key;
		bool found = false;
		while (!found && (p = strstr(p, words[i])) != NULL) {
			found = p == key || p[-1] == ' ';
			p += n;
		}
		if (!found)
			return false;
	}
	return true;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int cn_attendance_find(cn_db *db, long long training_id, const char *query, int offset, int limit,
		       int (*fn)(const cn_attendee *a, void *ctx), void *ctx, cn_error *err)
{
	/* A session has at most a few thousand participants: filtering them
	 * in C on each keystroke is far below a millisecond, and it lets one
	 * rule serve names and phone digits alike. */
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT a.id, coalesce(a.member_id, 0), coalesce(m.full_name, a.guest_name), "
		"coalesce(m.phone, a.guest_phone), coalesce(m.position, a.guest_position), "
		"coalesce(u.name, a.guest_unit), a.status, a.checked_in_at, coalesce(m.search_key, a.search_key) "
		"FROM attendance a LEFT JOIN member m ON m.id = a.member_id LEFT JOIN team t ON t.id = m.team_id "
		"LEFT JOIN unit u ON u.id = t.unit_id WHERE a.training_id = ? "
		"ORDER BY a.status <> 0, coalesce(m.search_key, a.search_key), a.id", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, training_id);
	char *folded = cn_text_fold(query ? query : "");
	char *words[32];
	int nwords = 0;
	for (char *w = strtok(folded, " "); w && nwords < 32; w = strtok(NULL, " "))
		words[nwords++] = w;
	const char *digits = nwords == 1 && all_digits(words[0]) ? words[0] : NULL;
	int total = 0, rc;
	bool stopped = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *phone = (const char *)sqlite3_column_text(st, 3);
		if (!attendee_matches(cn_col_text(st, 8), phone, words, nwords, digits))
			continue;
		if (!stopped && total >= offset && total < offset + limit) {
			cn_attendee a = {
				.id = sqlite3_column_int64(st, 0),
				.member_id = sqlite3_column_int64(st, 1),
				.name = cn_col_text(st, 2),
				.phone = cn_col_text(st, 3),
				.position = cn_col_text(st, 4),
				.unit = cn_col_text(st, 5),
				.status = sqlite3_column_int(st, 6),
				.checked_in_at = cn_col_text(st, 7),
			};
			stopped = fn && fn(&a, ctx);
		}
		total++;
	}
	free(folded);
	int result = rc == SQLITE_DONE ? total : cn_db_fail(db, err, "Không đọc được danh sách tham dự");
	sqlite3_reset(st);
	return result;
}
