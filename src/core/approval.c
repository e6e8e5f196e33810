/* Approval upward: the rules (bottom-up approval, top-down withdrawal),
 * the state of a unit and of its children for one month, and the lock that
 * every write of a report asks for. Nothing about approvals is stored but
 * the approvals themselves: what a unit waits for is counted by queries. */
#include "cnscd/approval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/people.h"
#include "cnscd/settings.h"
#include "cnscd/today.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "db_internal.h"
#include "team_internal.h"

/* How many names a refusal lists before "…". */
#define NAMES_SHOWN 3

/* A month: "YYYY-MM", its first and last days, and "MM/YYYY" for messages. */
struct month {
	char period[8];
	char first[CN_DATE_LEN], last[CN_DATE_LEN];
	char shown[16];
	int due_days; /* with the deadline, read by load_state only (a setting) */
	char deadline[CN_DATE_LEN];
};

static int parse_month(const char *in, struct month *m, cn_error *err)
{
	int rc = cn_parse_period("Kỳ báo cáo", in, m->period, err);
	if (rc != CN_OK)
		return rc;
	int y = atoi(m->period), mo = atoi(m->period + 5);
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int last = days[mo - 1] + (mo == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
	snprintf(m->first, sizeof m->first, "%s-01", m->period);
	snprintf(m->last, sizeof m->last, "%s-%02d", m->period, last);
	snprintf(m->shown, sizeof m->shown, "%02d/%04d", mo % 100, y % 10000);
	return CN_OK;
}

const char *cn_approval_state_name(int state)
{
	switch (state) {
	case CN_APPROVAL_WAITING: return "Đang chờ";
	case CN_APPROVAL_READY: return "Sẵn sàng duyệt";
	case CN_APPROVAL_APPROVED: return "Đã duyệt";
	default: return "Không phải duyệt";
	}
}

/* Unit U existed during the month ?first..?last (named parameters). */
#define OPEN_IN_MONTH(u) \
	"(" u ".valid_to IS NULL OR " u ".valid_to >= :first) AND (" u ".valid_from IS NULL OR " u ".valid_from <= :last)"
/* Some team of the subtree of unit U reports for the month. */
#define HAS_REPORTING_TEAM(u) \
	"EXISTS (SELECT 1 FROM unit d INDEXED BY unit_path JOIN team t ON t.unit_id = d.id" \
	" WHERE d.path >= " u ".path AND d.path < substr(" u ".path, 1, length(" u ".path) - 1) || '0'" \
	" AND " CN_SQL_TEAM_REPORTS("t", "d", ":first", ":last") ")"
/* Unit U can be approved that month: commune level or above, open, and
 * with teams below it that report for the month (a unit without any
 * owes nothing, so there is nothing to approve). */
#define APPROVABLE(u) "(" u ".level <= 3 AND " OPEN_IN_MONTH(u) " AND " HAS_REPORTING_TEAM(u) ")"

static void bind_month(sqlite3_stmt *st, const struct month *m)
{
	int i;
	if ((i = sqlite3_bind_parameter_index(st, ":period")) > 0)
		cn_bind_text(st, i, m->period);
	if ((i = sqlite3_bind_parameter_index(st, ":first")) > 0)
		cn_bind_text(st, i, m->first);
	if ((i = sqlite3_bind_parameter_index(st, ":last")) > 0)
		cn_bind_text(st, i, m->last);
	if ((i = sqlite3_bind_parameter_index(st, ":due")) > 0)
		cn_bind_int(st, i, m->due_days);
}

/* The teams of the subtree [:start, :end) that report for the month (the
 * one rule, CN_SQL_TEAM_REPORTS), with the report when it was submitted. */
#define OWING_TEAMS \
	" FROM unit u INDEXED BY unit_path JOIN team t ON t.unit_id = u.id" \
	" LEFT JOIN report rp ON rp.team_id = t.id AND rp.period = :period AND rp.status = 1" \
	" WHERE u.path >= :start AND u.path < :end AND " CN_SQL_TEAM_REPORTS("t", "u", ":first", ":last")

/* The approvable units of the WHERE clause, with their approval of the
 * month. */
#define APPROVABLE_UNITS(where) \
	" FROM unit c LEFT JOIN approval a ON a.unit_id = c.id AND a.period = :period" \
	" WHERE " where " AND " APPROVABLE("c")
/* Those whose parent is :unit. */
#define CHILDREN APPROVABLE_UNITS("c.parent_id = :unit")

/* A unit's state, with the strings it owns. */
struct state {
	cn_approval a;
	char *code, *name, *path, *by, *at;
	bool approvable;
};

static void state_clear(struct state *s)
{
	free(s->code);
	free(s->name);
	free(s->path);
	free(s->by);
	free(s->at);
	memset(s, 0, sizeof *s);
}

/* Prepares the cached SQL, bound to the month, the unit and its subtree
 * (whichever of the parameters it names). */
static sqlite3_stmt *month_stmt(cn_db *db, const char *sql, const struct month *m, long long unit_id,
				const char *path, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, sql, err);
	if (!st)
		return NULL;
	bind_month(st, m);
	int i;
	if ((i = sqlite3_bind_parameter_index(st, ":unit")) > 0)
		cn_bind_int(st, i, unit_id);
	if (path && (i = sqlite3_bind_parameter_index(st, ":start")) > 0) {
		char *end = cn_path_end(path);
		cn_bind_text(st, i, path);
		sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":end"), end, -1, SQLITE_TRANSIENT);
		free(end);
	}
	return st;
}

/* Steps ST for one row of three counts into *A, *B and *C (if not NULL). */
static int three_counts(cn_db *db, sqlite3_stmt *st, long long *a, long long *b, long long *c, cn_error *err)
{
	if (!st)
		return err ? err->code : CN_EDB;
	int rc = cn_step_row(db, st, err, "Không đếm được", "Không đọc được trạng thái duyệt");
	if (rc != CN_OK)
		return rc;
	*a = sqlite3_column_int64(st, 0);
	*b = sqlite3_column_int64(st, 1);
	if (c)
		*c = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	return CN_OK;
}

static int load_state(cn_db *db, long long unit_id, struct month *m, struct state *s, cn_error *err)
{
	memset(s, 0, sizeof *s);
	m->due_days = cn_setting_report_due_days(db);
	cn_month_deadline(m->period, m->due_days, m->deadline);
	sqlite3_stmt *st = month_stmt(db,
		"SELECT u.name, u.level, u.path, " APPROVABLE("u") ", coalesce(a.status, 0),"
		" coalesce(a.approved_by, ''), coalesce(strftime('%d/%m/%Y %H:%M', a.approved_at, 'localtime'), ''), u.code"
		" FROM unit u LEFT JOIN approval a ON a.unit_id = u.id AND a.period = :period WHERE u.id = :unit",
		m, unit_id, NULL, err);
	if (!st)
		return err ? err->code : CN_EDB;
	int rc = cn_step_row(db, st, err, "Không tìm thấy đơn vị", "Không đọc được đơn vị");
	if (rc != CN_OK)
		return rc;
	s->name = cn_col_dup(st, 0);
	s->a.level = sqlite3_column_int(st, 1);
	s->path = cn_col_dup(st, 2);
	s->approvable = sqlite3_column_int(st, 3) != 0;
	bool approved = sqlite3_column_int(st, 4) == 1;
	s->by = cn_col_dup(st, 5);
	s->at = cn_col_dup(st, 6);
	s->code = cn_col_dup(st, 7);
	sqlite3_reset(st);
	s->a.unit_id = unit_id;
	s->a.unit_name = s->name;
	s->a.unit_code = s->code;
	s->a.approved_by = approved ? s->by : "";
	s->a.approved_at = approved ? s->at : "";
	s->a.owed = cn_month_owed(m->period, m->due_days);
	snprintf(s->a.deadline, sizeof s->a.deadline, "%s", m->deadline);
	rc = three_counts(db, month_stmt(db, "SELECT count(*), count(*) FILTER (WHERE rp.id IS NULL),"
					 " count(*) FILTER (WHERE date(rp.submitted_at, 'localtime') <= date(:last, '+' || :due || ' days'))"
					 OWING_TEAMS, m, unit_id, s->path, err),
			  &s->a.teams_owing, &s->a.teams_missing, &s->a.teams_on_time, err);
	if (rc == CN_OK)
		rc = three_counts(db, month_stmt(db, "SELECT count(*), count(*) FILTER (WHERE coalesce(a.status, 0) = 0), 0"
						     CHILDREN, m, unit_id, NULL, err),
				  &s->a.units_below, &s->a.units_waiting, NULL, err);
	if (rc != CN_OK) {
		state_clear(s);
		return rc;
	}
	s->a.state = !s->approvable ? CN_APPROVAL_NONE
		     : approved ? CN_APPROVAL_APPROVED
		     : s->a.teams_missing || s->a.units_waiting ? CN_APPROVAL_WAITING
		     : CN_APPROVAL_READY;
	return CN_OK;
}

int cn_approval_status(cn_db *db, long long unit_id, const char *period,
		       int (*fn)(const cn_approval *a, void *ctx), void *ctx, cn_error *err)
{
	struct month m;
	struct state s;
	int rc = parse_month(period, &m, err);
	if (rc == CN_OK && (rc = load_state(db, unit_id, &m, &s, err)) == CN_OK) {
		fn(&s.a, ctx);
		state_clear(&s);
	}
	return rc;
}

int cn_approval_children(cn_db *db, long long unit_id, const char *period,
			 int (*fn)(const cn_approval *a, void *ctx), void *ctx, cn_error *err)
{
	struct month m;
	int rc = parse_month(period, &m, err);
	if (rc != CN_OK)
		return rc;
	/* The children's ids first: each child's state takes queries of its own. */
	sqlite3_stmt *st = unit_id ? month_stmt(db, "SELECT c.id" CHILDREN " ORDER BY c.code, c.id", &m, unit_id, NULL, err)
				   : month_stmt(db, "SELECT c.id" APPROVABLE_UNITS("c.parent_id IS NULL") " ORDER BY c.code, c.id",
						&m, 0, NULL, err);
	if (!st)
		return err ? err->code : CN_EDB;
	long long *ids = NULL;
	size_t n = 0, cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			ids = cn_reallocarray(ids, cap, sizeof *ids);
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	rc = step == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được các đơn vị trực thuộc");
	sqlite3_reset(st);
	for (size_t i = 0; i < n && rc == CN_OK; i++) {
		struct state s;
		if ((rc = load_state(db, ids[i], &m, &s, err)) != CN_OK)
			break;
		int stop = fn(&s.a, ctx);
		state_clear(&s);
		if (stop)
			break;
	}
	free(ids);
	return rc;
}

/* Over a period only which months needed approving and which are approved
 * count, not what each waits for: a probe per month (the first team found
 * says it) and one count, rather than each month's whole state. */
int cn_approval_over(cn_db *db, long long unit_id, const char *from, const char *to, cn_approval_span *out,
		     cn_error *err)
{
	memset(out, 0, sizeof *out);
	struct month m;
	int rc = parse_month(from, &m, err);
	char first[8], last[8];
	snprintf(first, sizeof first, "%s", m.period);
	if (rc == CN_OK)
		rc = cn_parse_period("Đến tháng", to, last, err);
	sqlite3_stmt *st = rc == CN_OK ? month_stmt(db,
		"SELECT u.level, " APPROVABLE("u") " FROM unit u WHERE u.id = :unit", &m, unit_id, NULL, err) : NULL;
	if (rc == CN_OK && !st)
		rc = err ? err->code : CN_EDB;
	for (int guard = 0; rc == CN_OK && strcmp(m.period, last) <= 0 && guard < 1200; guard++) {
		bind_month(st, &m);
		if ((rc = cn_step_row(db, st, err, "Không tìm thấy đơn vị", "Không đọc được việc duyệt")) != CN_OK)
			break;
		out->months++;
		out->village = sqlite3_column_int(st, 0) > CN_LEVEL_COMMUNE;
		out->needed += sqlite3_column_int(st, 1) != 0;
		sqlite3_reset(st);
		int y = atoi(m.period), mo = atoi(m.period + 5);
		char next[16];
		snprintf(next, sizeof next, "%04d-%02d", (mo == 12 ? y + 1 : y) % 10000, mo % 12 + 1);
		rc = parse_month(next, &m, err);
	}
	if (rc == CN_OK) {
		sqlite3_stmt *q = cn_db_stmt(db, "SELECT count(*) FROM approval WHERE unit_id = ? AND period BETWEEN ? AND ?"
					     " AND status = 1", err);
		if (!q)
			return err ? err->code : CN_EDB;
		cn_bind_int(q, 1, unit_id);
		cn_bind_text(q, 2, first);
		cn_bind_text(q, 3, last);
		if ((rc = cn_step_row(db, q, err, "Không đếm được", "Không đọc được việc duyệt")) == CN_OK) {
			out->approved = sqlite3_column_int(q, 0);
			sqlite3_reset(q);
		}
	}
	return rc;
}

const char *cn_approval_span_text(const cn_approval_span *s, char out[48])
{
	if (s->village)
		snprintf(out, 48, "%s", "");
	else if (!s->needed)
		snprintf(out, 48, "%s", "Không phải duyệt");
	else if (s->approved == s->needed)
		snprintf(out, 48, "%s", "Đã duyệt");
	else if (!s->approved)
		snprintf(out, 48, "%s", "Chưa duyệt");
	else
		snprintf(out, 48, "Đã duyệt %d/%d tháng", s->approved, s->needed);
	return out;
}

/* Appends the first NAMES_SHOWN names the query ST gives (column 0) to B
 * as " (A, B, C, …)", with "…" when there are more than shown (TOTAL). */
static void add_names(cn_buf *b, sqlite3_stmt *st, long long total)
{
	if (!st)
		return;
	cn_buf_adds(b, " (");
	int shown = 0;
	while (shown < NAMES_SHOWN && sqlite3_step(st) == SQLITE_ROW)
		cn_buf_printf(b, "%s%s", shown++ ? ", " : "", cn_col_text(st, 0));
	sqlite3_reset(st);
	if (total > shown)
		cn_buf_adds(b, ", …");
	cn_buf_adds(b, ")");
}

/* "Chưa thể duyệt: 2 tổ chưa gửi báo cáo tháng 10/2026 (…); Xã A chưa
 * được duyệt". */
static int refuse_waiting(cn_db *db, const struct state *s, const struct month *m, cn_error *err)
{
	cn_buf b = {0};
	cn_buf_printf(&b, "Chưa thể duyệt %s tháng %s:", s->name, m->shown);
	if (s->a.teams_missing) {
		cn_buf_printf(&b, " %lld tổ chưa gửi báo cáo tháng %s", s->a.teams_missing, m->shown);
		add_names(&b, month_stmt(db, "SELECT t.name" OWING_TEAMS " AND rp.id IS NULL ORDER BY u.path, t.name",
					 m, s->a.unit_id, s->path, NULL), s->a.teams_missing);
	}
	if (s->a.units_waiting) {
		cn_buf_adds(&b, s->a.teams_missing ? ";" : "");
		sqlite3_stmt *st = month_stmt(db, "SELECT c.name" CHILDREN " AND coalesce(a.status, 0) = 0"
					      " ORDER BY c.code, c.id", m, s->a.unit_id, NULL, NULL);
		if (s->a.units_waiting == 1 && st && sqlite3_step(st) == SQLITE_ROW) {
			cn_buf_printf(&b, " %s chưa được duyệt", cn_col_text(st, 0));
			sqlite3_reset(st);
		} else {
			cn_buf_printf(&b, " %lld đơn vị cấp dưới chưa được duyệt", s->a.units_waiting);
			add_names(&b, st, s->a.units_waiting);
		}
	}
	cn_fail(err, CN_EINVAL, "%s", cn_buf_str(&b));
	cn_buf_free(&b);
	return CN_EINVAL;
}

/* The nearest (or, TOPMOST, the highest) unit approved for the month
 * among UNIT_ID and its ancestors, other than EXCEPT: 1 with its name, who
 * approved and the date in the malloc'd strings, 0 when none, or a
 * negative status. The ancestors are read off the unit's path ("/1/5/9/")
 * and looked up by key, a handful of probes however many approvals the
 * month has. */
static int approved_on_path(cn_db *db, long long unit_id, long long except, const struct month *m, bool topmost,
			    char **name, char **by, char **at, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT path FROM unit WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, unit_id);
	int rc = cn_step_row(db, st, err, "Không tìm thấy đơn vị", "Không đọc được đơn vị");
	if (rc != CN_OK)
		return rc;
	long long ids[32];
	int n = 0;
	for (const char *p = cn_col_text(st, 0); *p && n < (int)CN_ARRAY_LEN(ids); p++)
		if (p[0] == '/' && p[1])
			ids[n++] = atoll(p + 1);
	sqlite3_reset(st);
	st = month_stmt(db,
		"SELECT u.name, coalesce(a.approved_by, ''), strftime('%d/%m/%Y', a.approved_at, 'localtime')"
		" FROM approval a JOIN unit u ON u.id = a.unit_id WHERE a.unit_id = :unit AND a.period = :period"
		" AND a.status = 1", m, 0, NULL, err);
	if (!st)
		return err ? err->code : CN_EDB;
	rc = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		long long id = ids[topmost ? i : n - 1 - i];
		if (id == except)
			continue;
		cn_bind_int(st, sqlite3_bind_parameter_index(st, ":unit"), id);
		int step = sqlite3_step(st);
		if (step == SQLITE_ROW) {
			*name = cn_col_dup(st, 0);
			*by = cn_col_dup(st, 1);
			*at = cn_col_dup(st, 2);
			rc = 1;
		} else if (step != SQLITE_DONE) {
			rc = cn_db_fail(db, err, "Không đọc được việc duyệt");
		}
		sqlite3_reset(st);
	}
	return rc;
}

/* Writes the approval's new status and its log entry by the person BY
 * (checked last: a refusal says what is missing before who is asking),
 * inside the caller's transaction. */
static int record(cn_db *db, long long unit_id, const struct month *m, int status, const char *person,
		  const char *note, cn_error *err)
{
	char *by = NULL;
	int rc = cn_person_check(person, &by, err);
	if (rc != CN_OK)
		return rc;
	sqlite3_stmt *st = cn_db_stmt(db,
		"INSERT INTO approval(unit_id, period, status, approved_by, approved_at)"
		" VALUES (?1, ?2, ?3, CASE WHEN ?3 = 1 THEN ?4 END, CASE WHEN ?3 = 1 THEN " CN_SQL_ACT_NOW " END)"
		" ON CONFLICT(unit_id, period) DO UPDATE SET status = excluded.status,"
		" approved_by = excluded.approved_by, approved_at = excluded.approved_at, updated_at = " CN_SQL_NOW, err);
	if (st) {
		cn_bind_int(st, 1, unit_id);
		cn_bind_text(st, 2, m->period);
		cn_bind_int(st, 3, status);
		cn_bind_text_or_null(st, 4, by);
		rc = cn_step_done(db, st, err, "Không lưu được việc duyệt");
	} else {
		rc = err ? err->code : CN_EDB;
	}
	if (rc == CN_OK) {
		st = cn_db_stmt(db, "INSERT INTO approval_log(unit_id, period, action, by, note, at)"
				" VALUES (?, ?, ?, ?, ?, " CN_SQL_ACT_NOW ")",
				err);
		if (st) {
			cn_bind_int(st, 1, unit_id);
			cn_bind_text(st, 2, m->period);
			cn_bind_text(st, 3, status == 1 ? "approve" : "unapprove");
			cn_bind_text_or_null(st, 4, by);
			cn_bind_text_or_null(st, 5, note);
			rc = cn_step_done(db, st, err, "Không ghi được nhật ký duyệt");
		} else {
			rc = err ? err->code : CN_EDB;
		}
	}
	free(by);
	return rc;
}

/* Runs CHANGE (the check of the state, then the write) in one write
 * transaction: nothing can change between what was checked and what is
 * written. */
static int in_transaction(cn_db *db, long long unit_id, const char *period, const char *by, const char *note,
			  int (*change)(cn_db *db, long long unit_id, struct month *m, const char *by,
					const char *note, cn_error *err),
			  cn_error *err)
{
	struct month m;
	int rc = parse_month(period, &m, err);
	if (rc != CN_OK || (rc = cn_db_begin(db, err)) != CN_OK)
		return rc;
	rc = change(db, unit_id, &m, by, note, err);
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	return rc;
}

static int approve(cn_db *db, long long unit_id, struct month *m, const char *by, const char *note,
		   cn_error *err)
{
	(void)note;
	struct state s;
	int rc = load_state(db, unit_id, m, &s, err);
	if (rc != CN_OK)
		return rc;
	if (s.a.state == CN_APPROVAL_NONE && s.a.level <= CN_LEVEL_COMMUNE && !s.a.teams_owing)
		rc = cn_fail(err, CN_EINVAL, "%s không phải duyệt kết quả tháng %s: không có tổ nào thuộc đơn vị phải "
			     "báo cáo tháng này", s.name, m->shown);
	else if (s.a.state == CN_APPROVAL_NONE)
		rc = cn_fail(err, CN_EINVAL, "%s không duyệt kết quả tháng %s: chỉ duyệt cấp xã trở lên, đơn vị còn hoạt "
			     "động trong tháng", s.name, m->shown);
	else if (s.a.state == CN_APPROVAL_APPROVED)
		rc = cn_fail(err, CN_EEXIST, "%s đã được duyệt kết quả tháng %s (bởi %s, lúc %s)", s.name, m->shown,
			     s.by, s.at);
	else if (s.a.state == CN_APPROVAL_WAITING)
		rc = refuse_waiting(db, &s, m, err);
	else
		rc = record(db, unit_id, m, 1, by, NULL, err);
	state_clear(&s);
	return rc;
}

static int unapprove(cn_db *db, long long unit_id, struct month *m, const char *by, const char *note,
		     cn_error *err)
{
	struct state s;
	int rc = load_state(db, unit_id, m, &s, err);
	if (rc != CN_OK)
		return rc;
	char *above = NULL, *above_by = NULL, *above_at = NULL;
	if (s.a.state != CN_APPROVAL_APPROVED) {
		rc = cn_fail(err, CN_EINVAL, "%s chưa được duyệt kết quả tháng %s: không có gì để bỏ duyệt", s.name,
			     m->shown);
	} else if ((rc = approved_on_path(db, unit_id, unit_id, m, false, &above, &above_by, &above_at, err)) > 0) {
		rc = cn_fail(err, CN_EINVAL, "Chưa thể bỏ duyệt %s tháng %s: cấp trên %s đã duyệt (bởi %s, ngày %s); hãy "
			     "bỏ duyệt ở %s trước", s.name, m->shown, above, above_by, above_at, above);
	} else if (rc == 0) {
		rc = record(db, unit_id, m, 0, by, note, err);
	}
	free(above);
	free(above_by);
	free(above_at);
	state_clear(&s);
	return rc;
}

int cn_approval_approve(cn_db *db, long long unit_id, const char *period, const char *by, cn_error *err)
{
	return in_transaction(db, unit_id, period, by, NULL, approve, err);
}

int cn_approval_unapprove(cn_db *db, long long unit_id, const char *period, const char *by, const char *note,
			  cn_error *err)
{
	return in_transaction(db, unit_id, period, by, note, unapprove, err);
}

int cn_approval_history(cn_db *db, long long unit_id, const char *period,
			int (*fn)(const cn_approval_entry *e, void *ctx), void *ctx, cn_error *err)
{
	struct month m;
	int rc = parse_month(period, &m, err);
	if (rc != CN_OK)
		return rc;
	sqlite3_stmt *st = month_stmt(db,
		"SELECT strftime('%d/%m/%Y %H:%M', at, 'localtime'), action, coalesce(by, ''), coalesce(note, '')"
		" FROM approval_log WHERE unit_id = :unit AND period = :period ORDER BY id", &m, unit_id, NULL, err);
	if (!st)
		return err ? err->code : CN_EDB;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		cn_approval_entry e = {cn_col_text(st, 0), cn_col_text(st, 1), cn_col_text(st, 2), cn_col_text(st, 3)};
		if (fn(&e, ctx))
			break;
	}
	rc = step == SQLITE_ROW || step == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được nhật ký duyệt");
	sqlite3_reset(st);
	return rc;
}

int cn_approval_check_editable(cn_db *db, long long team_id, const char *period, cn_error *err)
{
	struct month m;
	int rc = parse_month(period, &m, err);
	if (rc != CN_OK)
		return rc;
	/* Most writes are to months nobody has approved anything of yet: one
	 * probe of the index says so. */
	sqlite3_stmt *st = month_stmt(db, "SELECT EXISTS (SELECT 1 FROM approval WHERE period = :period AND status = 1)",
				      &m, 0, NULL, err);
	if (!st)
		return err ? err->code : CN_EDB;
	bool any = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (!any)
		return CN_OK;
	st = cn_db_stmt(db, "SELECT unit_id FROM team WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, team_id);
	if ((rc = cn_step_row(db, st, err, "Không tìm thấy tổ", "Không đọc được tổ")) != CN_OK)
		return rc;
	long long unit_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	/* The nearest approval says what is locked; the highest says where
	 * withdrawing must start. */
	char *name = NULL, *by = NULL, *at = NULL, *top = NULL, *top_by = NULL, *top_at = NULL;
	rc = approved_on_path(db, unit_id, 0, &m, false, &name, &by, &at, err);
	if (rc > 0 && (rc = approved_on_path(db, unit_id, 0, &m, true, &top, &top_by, &top_at, err)) > 0) {
		if (strcmp(top, name) == 0)
			rc = cn_fail(err, CN_EINVAL, "Kết quả tháng %s của %s đã được duyệt (bởi %s, ngày %s): số liệu đã "
				     "khóa; muốn sửa phải bỏ duyệt %s trước", m.shown, name, by, at, name);
		else
			rc = cn_fail(err, CN_EINVAL, "Kết quả tháng %s của %s đã được duyệt (bởi %s, ngày %s): số liệu đã "
				     "khóa; muốn sửa phải bỏ duyệt từ %s xuống trước", m.shown, name, by, at, top);
	}
	free(name);
	free(by);
	free(at);
	free(top);
	free(top_by);
	free(top_at);
	return rc;
}

int cn_approval_check_report(cn_db *db, long long report_id, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT team_id, period FROM report WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, report_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return CN_OK;
	}
	long long team_id = sqlite3_column_int64(st, 0);
	char period[8];
	snprintf(period, sizeof period, "%s", cn_col_text(st, 1));
	sqlite3_reset(st);
	return cn_approval_check_editable(db, team_id, period, err);
}
