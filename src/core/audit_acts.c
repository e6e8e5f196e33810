/* Audit entries of monthly figures, monthly reports, attendance and
 * approvals told as the acts they are, in words a person reads:
 * "Sửa số liệu: Tổ CNSCĐ Ấp 3 (Xã Vĩnh Mỹ A), tháng 11/2026, Hộ gia đình
 * được hướng dẫn: 10 → 12", "Gửi báo cáo tháng 11/2026 của Tổ CNSCĐ Ấp 3
 * (Xã Vĩnh Mỹ A) — Lê Thị Lập, 06/12/2026 23:23". Names for ids, local
 * dd/mm/yyyy HH:MM for timestamps, MM/YYYY for months: never an id, a raw
 * stamp or a column name. The rows named may be gone since (a team
 * deleted): then the words say so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "cnscd/attendance.h"
#include "cnscd/catalogue.h"
#include "cnscd/validate.h"

/* One row of the log as JSON, with the database to look names up in. */
struct row {
	cn_db *db;
	const char *json;
};

/* KEY of the row as an integer: false when absent or null. */
static bool row_int(const struct row *r, const char *key, long long *out)
{
	sqlite3_stmt *st = cn_db_stmt(r->db, "SELECT json_extract(?1, '$.' || ?2)", NULL);
	if (!st || !r->json)
		return false;
	cn_bind_text(st, 1, r->json);
	cn_bind_text(st, 2, key);
	bool has = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
	if (has)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return has;
}

/* KEY of the row as text (malloc'd), NULL when absent or null. */
static char *row_text(const struct row *r, const char *key)
{
	sqlite3_stmt *st = cn_db_stmt(r->db, "SELECT json_extract(?1, '$.' || ?2)", NULL);
	if (!st || !r->json)
		return NULL;
	cn_bind_text(st, 1, r->json);
	cn_bind_text(st, 2, key);
	char *s = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL ? cn_col_dup(st, 0) : NULL;
	sqlite3_reset(st);
	return s;
}

char *cn_audit_lookup(cn_db *db, const char *sql, long long id)
{
	sqlite3_stmt *st = cn_db_stmt(db, sql, NULL);
	if (!st)
		return NULL;
	cn_bind_int(st, 1, id);
	char *s = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL ? cn_col_dup(st, 0) : NULL;
	sqlite3_reset(st);
	return s;
}

/* "11/2026" of "2026-11". */
static void add_month(cn_buf *b, const char *period)
{
	if (period && strlen(period) == 7 && period[4] == '-')
		cn_buf_printf(b, "%.2s/%.4s", period + 5, period);
	else
		cn_buf_adds(b, period ? period : "?");
}

/* "Tổ CNSCĐ Ấp 3 (Xã Vĩnh Mỹ A)": the team, and where it is — its unit,
 * or the unit above when the team's name already says the unit. */
static void add_team(cn_buf *b, cn_db *db, long long team_id)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT t.name, u.name, p.name FROM team t JOIN unit u ON u.id = t.unit_id"
					  " LEFT JOIN unit p ON p.id = u.parent_id WHERE t.id = ?", NULL);
	if (!st)
		return;
	cn_bind_int(st, 1, team_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *team = cn_col_text(st, 0), *unit = cn_col_text(st, 1), *parent = cn_col_text(st, 2);
		size_t lt = strlen(team), lu = strlen(unit);
		bool says_unit = lu && lt >= lu && strcmp(team + lt - lu, unit) == 0;
		const char *where = says_unit ? parent : unit;
		cn_buf_adds(b, team);
		if (*where)
			cn_buf_printf(b, " (%s)", where);
	} else {
		cn_buf_adds(b, "một tổ đã xóa");
	}
	sqlite3_reset(st);
}

/* " — Lê Thị Lập, 06/12/2026 23:23" (what is known of it). */
static void add_who_when(cn_buf *b, const char *who, const char *at)
{
	char when[CN_AUDIT_TIME_LEN] = "";
	if (at && *at)
		cn_audit_time_display(at, when);
	if ((!who || !*who) && !when[0])
		return;
	cn_buf_adds(b, " — ");
	cn_buf_adds(b, who && *who ? who : "không rõ người");
	if (when[0])
		cn_buf_printf(b, ", %s", when);
}

/* The logged act behind a status change (entry E of row ID): LOG_SQL
 * gives the person, the note and the time of the Nth such act of the row,
 * N (?2) counted from the log's entries up to E. */
static void add_logged(cn_buf *b, cn_db *db, const char *log_sql, const cn_audit_entry *e)
{
	sqlite3_stmt *st = cn_db_stmt(db, log_sql, NULL);
	if (!st)
		return;
	cn_bind_int(st, 1, e->row_id);
	cn_bind_int(st, 2, e->id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		add_who_when(b, cn_col_text(st, 0), cn_col_text(st, 2));
		if (*cn_col_text(st, 1))
			cn_buf_printf(b, " (lý do: %s)", cn_col_text(st, 1));
	}
	sqlite3_reset(st);
}

/* How many entries of the log up to ?2 turned row ?1 of TABLE from
 * status 1 to 0 (not by an undo), less one: the offset of the act. */
#define STATUS_DROPS(table) \
	"(SELECT count(*) - 1 FROM audit WHERE tbl = '" table "' AND row_id = ?1 AND action = 'update' AND id <= ?2" \
	" AND NOT by_undo AND json_extract(old_values, '$.status') = 1 AND json_extract(new_values, '$.status') = 0)"

/* The row's values as the entry knows them: after for inserts and
 * updates, before for deletions. */
static char *row_after(cn_db *db, const cn_audit_entry *e)
{
	if (e->action == CN_AUDIT_INSERT)
		return cn_audit_created_values(db, e);
	return cn_strdup(e->action == CN_AUDIT_DELETE ? e->old_values : e->new_values);
}

static const char *verb(const cn_audit_entry *e)
{
	return e->action == CN_AUDIT_INSERT ? "Thêm" : e->action == CN_AUDIT_DELETE ? "Xóa" : "Sửa";
}

/* "Tổ CNSCĐ Ấp 3 (Xã Vĩnh Mỹ A), tháng 11/2026, Hộ gia đình được hướng
 * dẫn[, Nguyễn Văn A]: 10 → 12". */
static void describe_result(cn_db *db, const cn_audit_entry *e, const struct row *r, cn_buf *b)
{
	long long report = 0, indicator = 0, member = 0, before = -1, after = -1;
	row_int(r, "report_id", &report);
	row_int(r, "indicator_id", &indicator);
	bool has_member = row_int(r, "member_id", &member);
	struct row old = {db, e->old_values}, now = {db, e->new_values};
	if (e->action == CN_AUDIT_UPDATE) {
		row_int(&old, "value", &before);
		row_int(&now, "value", &after);
	} else {
		row_int(r, "value", &after);
	}
	cn_buf_printf(b, "%s số liệu: ", verb(e));
	long long team = 0;
	char *period = cn_audit_lookup(db, "SELECT period FROM report WHERE id = ?1", report);
	char *team_id = cn_audit_lookup(db, "SELECT team_id FROM report WHERE id = ?1", report);
	if (period && team_id) {
		team = atoll(team_id);
		add_team(b, db, team);
		cn_buf_adds(b, ", tháng ");
		add_month(b, period);
	} else {
		cn_buf_adds(b, "báo cáo tháng đã xóa");
	}
	free(period);
	free(team_id);
	char *name = cn_audit_lookup(db, "SELECT name FROM indicator WHERE id = ?1", indicator);
	cn_buf_printf(b, ", %s", name ? name : "chỉ tiêu đã xóa");
	free(name);
	if (has_member) {
		char *who = cn_audit_lookup(db, "SELECT full_name FROM member WHERE id = ?1", member);
		cn_buf_printf(b, ", %s", who ? who : "thành viên đã xóa");
		free(who);
	}
	if (e->action == CN_AUDIT_UPDATE)
		cn_buf_printf(b, ": %lld → %lld", before, after);
	else if (after >= 0)
		cn_buf_printf(b, ": %lld", after);
}

#define REPORT_LOG_SQL \
	"SELECT coalesce(by, ''), coalesce(note, ''), at FROM report_log WHERE report_id = ?1 AND action = 'reopen'" \
	" ORDER BY id LIMIT 1 OFFSET " STATUS_DROPS("report")

/* "Gửi báo cáo tháng 11/2026 của Tổ CNSCĐ Ấp 3 (Xã Vĩnh Mỹ A) — Lê Thị
 * Lập, 06/12/2026 23:23", "Mở lại …", "Tạo …", "Xóa …". */
static void describe_report(cn_db *db, const cn_audit_entry *e, const struct row *r, cn_buf *b)
{
	long long team = 0, status = 0, was = 0;
	row_int(r, "team_id", &team);
	row_int(r, "status", &status);
	struct row old = {db, e->old_values};
	bool status_changed = e->action == CN_AUDIT_UPDATE && row_int(&old, "status", &was) && was != status;
	const char *what = e->action == CN_AUDIT_DELETE         ? "Xóa"
			   : status_changed && status == 1      ? "Gửi"
			   : status_changed                     ? "Mở lại"
			   : e->action == CN_AUDIT_INSERT && status == 1 ? "Gửi"
			   : e->action == CN_AUDIT_INSERT       ? "Tạo"
								: "Sửa";
	char *period = row_text(r, "period");
	cn_buf_printf(b, "%s báo cáo tháng ", what);
	add_month(b, period);
	free(period);
	cn_buf_adds(b, " của ");
	add_team(b, db, team);
	if (strcmp(what, "Gửi") == 0) {
		char *by = row_text(r, "submitted_by"), *at = row_text(r, "submitted_at");
		add_who_when(b, by, at);
		free(by);
		free(at);
	} else if (strcmp(what, "Mở lại") == 0) {
		add_logged(b, db, REPORT_LOG_SQL, e);
	} else if (strcmp(what, "Tạo") == 0) {
		cn_buf_adds(b, " (nháp)");
	} else if (e->action == CN_AUDIT_UPDATE) {
		cn_audit_add_changes(db, b, "report", e->old_values, e->new_values);
	}
}

#define APPROVAL_LOG_SQL \
	"SELECT coalesce(l.by, ''), coalesce(l.note, ''), l.at FROM approval a JOIN approval_log l" \
	" ON l.unit_id = a.unit_id AND l.period = a.period AND l.action = 'unapprove' WHERE a.id = ?1" \
	" ORDER BY l.id LIMIT 1 OFFSET " STATUS_DROPS("approval")

/* "Duyệt kết quả tháng 11/2026 của Xã Vĩnh Mỹ A — Nguyễn Văn Ký,
 * 06/12/2026 23:30", "Bỏ duyệt … (lý do: …)". */
static void describe_approval(cn_db *db, const cn_audit_entry *e, const struct row *r, cn_buf *b)
{
	long long unit = 0, status = 0;
	row_int(r, "unit_id", &unit);
	row_int(r, "status", &status);
	bool approved = status == 1 && e->action != CN_AUDIT_DELETE;
	char *period = row_text(r, "period"), *name = cn_audit_lookup(db, "SELECT name FROM unit WHERE id = ?1", unit);
	cn_buf_printf(b, "%s kết quả tháng ", e->action == CN_AUDIT_DELETE ? "Xóa việc duyệt" : approved ? "Duyệt" : "Bỏ duyệt");
	add_month(b, period);
	cn_buf_printf(b, " của %s", name ? name : "một đơn vị đã xóa");
	free(period);
	free(name);
	if (approved) {
		char *by = row_text(r, "approved_by"), *at = row_text(r, "approved_at");
		add_who_when(b, by, at);
		free(by);
		free(at);
	} else if (e->action == CN_AUDIT_UPDATE) {
		add_logged(b, db, APPROVAL_LOG_SQL, e);
	}
}

/* "Điểm danh lớp «Tập huấn nền tảng số» (05/12/2026), Nguyễn Văn A: được
 * mời → có mặt". */
static void describe_attendance(cn_db *db, const cn_audit_entry *e, const struct row *r, cn_buf *b)
{
	long long training = 0, member = 0, status = 0, was = 0;
	row_int(r, "training_id", &training);
	row_int(r, "status", &status);
	char *title = cn_audit_lookup(db, "SELECT title FROM training WHERE id = ?1", training);
	char *start = cn_audit_lookup(db, "SELECT start_date FROM training WHERE id = ?1", training);
	char *who = row_int(r, "member_id", &member) ? cn_audit_lookup(db, "SELECT full_name FROM member WHERE id = ?1", member)
						      : row_text(r, "guest_name");
	cn_buf_adds(b, e->action == CN_AUDIT_INSERT ? "Thêm người dự lớp «"
		       : e->action == CN_AUDIT_DELETE ? "Xóa người dự lớp «"
						      : "Điểm danh lớp «");
	cn_buf_adds(b, title ? title : "đã xóa");
	cn_buf_adds(b, "»");
	if (start) {
		char shown[CN_DATE_LEN];
		cn_date_display(start, shown);
		cn_buf_printf(b, " (%s)", shown);
	}
	cn_buf_printf(b, ", %s", who ? who : "người đã xóa");
	struct row old = {db, e->old_values};
	if (e->action == CN_AUDIT_UPDATE && row_int(&old, "status", &was) && was != status)
		cn_buf_printf(b, ": %s → %s", cn_attendance_status_name((int)was), cn_attendance_status_name((int)status));
	else if (e->action != CN_AUDIT_UPDATE)
		cn_buf_printf(b, " (%s)", cn_attendance_status_name((int)status));
	else
		cn_audit_add_changes(db, b, "attendance", e->old_values, e->new_values);
	free(title);
	free(start);
	free(who);
}

bool cn_audit_describe_act(cn_db *db, const cn_audit_entry *e, cn_buf *b)
{
	static const struct {
		const char *table;
		void (*describe)(cn_db *db, const cn_audit_entry *e, const struct row *r, cn_buf *b);
	} acts[] = {
		{"result", describe_result},
		{"report", describe_report},
		{"approval", describe_approval},
		{"attendance", describe_attendance},
	};
	for (size_t i = 0; i < CN_ARRAY_LEN(acts); i++) {
		if (strcmp(acts[i].table, e->table) != 0)
			continue;
		char *json = row_after(db, e);
		struct row r = {db, json};
		acts[i].describe(db, e, &r, b);
		free(json);
		return true;
	}
	return false;
}
