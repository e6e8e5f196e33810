#include "cnscd/results.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/validate.h"
#include "internal.h"

static void read_indicator(sqlite3_stmt *st, int first, cn_indicator *ind)
{
	ind->id = sqlite3_column_int64(st, first);
	ind->code = cn_col_text(st, first + 1);
	ind->name = cn_col_text(st, first + 2);
	ind->measure = cn_col_text(st, first + 3);
	ind->sort_order = sqlite3_column_int(st, first + 4);
	ind->active = sqlite3_column_int(st, first + 5) != 0;
}

#define INDICATOR_COLUMNS "i.id, i.code, i.name, i.measure, i.sort_order, i.active"

int cn_indicator_list(cn_db *db, bool include_inactive, int (*fn)(const cn_indicator *ind, void *ctx), void *ctx,
		      cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT " INDICATOR_COLUMNS " FROM indicator i WHERE ?1 OR i.active ORDER BY i.sort_order, i.code", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, include_inactive);
	int rc;
	cn_indicator ind;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_indicator(st, 0, &ind);
		if (fn(&ind, ctx))
			break;
	}
	int result = rc == SQLITE_ROW || rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được chỉ tiêu");
	sqlite3_reset(st);
	return result;
}

long long cn_indicator_id_by_code(cn_db *db, const char *code)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT id FROM indicator WHERE code = upper(trim(?))", NULL);
	if (!st)
		return 0;
	cn_bind_text(st, 1, code);
	long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

int cn_indicator_add(cn_db *db, const char *code, const char *name, const char *measure, long long *id,
		     cn_error *err)
{
	char *c = cn_trim_dup(code);
	bool ok = *c != '\0' && strlen(c) <= 40;
	for (char *p = c; ok && *p; p++) {
		*p = (char)toupper((unsigned char)*p);
		ok = isalnum((unsigned char)*p) || *p == '_';
	}
	if (!ok) {
		cn_fail_field(err, "code", CN_EINVAL,
			      "Mã chỉ tiêu «%s» không hợp lệ: chỉ dùng chữ không dấu, chữ số và dấu _ (tối đa 40)", c);
		free(c);
		return CN_EINVAL;
	}
	if (cn_indicator_id_by_code(db, c)) {
		cn_fail_field(err, "code", CN_EEXIST, "Mã chỉ tiêu «%s» đã có", c);
		free(c);
		return CN_EEXIST;
	}
	char *n = NULL, *m = NULL;
	int rc = cn_check_text("name", "Tên chỉ tiêu", name, 200, true, &n, err);
	if (rc == CN_OK)
		rc = cn_check_text("measure", "Đơn vị tính", measure, 40, false, &m, err);
	sqlite3_stmt *st = rc == CN_OK ? cn_db_stmt(db,
		"INSERT INTO indicator(code, name, measure, sort_order) "
		"VALUES (?, ?, ?, (SELECT coalesce(max(sort_order), 0) + 10 FROM indicator))", err) : NULL;
	if (st) {
		cn_bind_text(st, 1, c);
		cn_bind_text(st, 2, n);
		cn_bind_text(st, 3, m ? m : "");
		rc = cn_step_done(db, st, err, "Không thêm được chỉ tiêu");
		if (rc == CN_OK && id)
			*id = sqlite3_last_insert_rowid(cn_db_sqlite(db));
	} else if (rc == CN_OK) {
		rc = err ? err->code : CN_EDB;
	}
	free(c);
	free(n);
	free(m);
	return rc;
}

int cn_indicator_update(cn_db *db, long long id, const char *name, const char *measure, int sort_order,
			bool active, cn_error *err)
{
	char *n = NULL, *m = NULL;
	int rc = cn_check_text("name", "Tên chỉ tiêu", name, 200, true, &n, err);
	if (rc == CN_OK)
		rc = cn_check_text("measure", "Đơn vị tính", measure, 40, false, &m, err);
	sqlite3_stmt *st = rc == CN_OK ? cn_db_stmt(db,
		"UPDATE indicator SET name = ?, measure = ?, sort_order = ?, active = ?, updated_at = " CN_SQL_NOW
		" WHERE id = ?", err) : NULL;
	if (st) {
		cn_bind_text(st, 1, n);
		cn_bind_text(st, 2, m ? m : "");
		cn_bind_int(st, 3, sort_order);
		cn_bind_int(st, 4, active);
		cn_bind_int(st, 5, id);
		rc = cn_step_done(db, st, err, "Không lưu được chỉ tiêu");
	} else if (rc == CN_OK) {
		rc = err ? err->code : CN_EDB;
	}
	free(n);
	free(m);
	return rc;
}

const char *cn_report_status_name(int status)
{
	return status == CN_REPORT_SUBMITTED ? "Đã gửi" : "Nháp";
}

int cn_report_open(cn_db *db, long long team_id, const char *period, bool create, long long *report_id,
		   int *status, cn_error *err)
{
	char p[8];
	int rc = cn_parse_period("Kỳ báo cáo", period, p, err);
	if (rc != CN_OK)
		return rc;
	*report_id = 0;
	if (status)
		*status = CN_REPORT_DRAFT;
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT id, status FROM report WHERE team_id = ? AND period = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, team_id);
	cn_bind_text(st, 2, p);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*report_id = sqlite3_column_int64(st, 0);
		if (status)
			*status = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (*report_id || !create)
		return CN_OK;
	st = cn_db_stmt(db, "INSERT INTO report(team_id, period) VALUES (?, ?)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, team_id);
	cn_bind_text(st, 2, p);
	rc = cn_step_done(db, st, err, "Không tạo được báo cáo tháng");
	if (rc == CN_OK)
		*report_id = sqlite3_last_insert_rowid(cn_db_sqlite(db));
	return rc;
}

static int report_status(cn_db *db, long long report_id, int *status, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT status FROM report WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, report_id);
	int rc = cn_step_row(db, st, err, "Không tìm thấy báo cáo tháng", "Không đọc được báo cáo tháng");
	if (rc == CN_OK) {
		*status = sqlite3_column_int(st, 0);
		sqlite3_reset(st);
	}
	return rc;
}

/* A value belongs to its report: changing one changes the report. */
static int touch_report(cn_db *db, long long report_id, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "UPDATE report SET updated_at = " CN_SQL_NOW " WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, report_id);
	return cn_step_done(db, st, err, "Không lưu được số liệu");
}

int cn_result_set(cn_db *db, long long report_id, long long indicator_id, long long member_id, long long value,
		  cn_error *err)
{
	int status, rc = report_status(db, report_id, &status, err);
	if (rc != CN_OK)
		return rc;
	if (status == CN_REPORT_SUBMITTED)
		return cn_fail(err, CN_EINVAL, "Báo cáo tháng này đã gửi: hãy mở lại báo cáo trước khi sửa số liệu");
	if (value > 1000000000LL)
		return cn_fail_field(err, "value", CN_EINVAL, "Số liệu %lld quá lớn", value);
	sqlite3_stmt *st;
	if (value < 0) {
		st = cn_db_stmt(db, "DELETE FROM result WHERE report_id = ? AND indicator_id = ? "
				    "AND coalesce(member_id, 0) = ?", err);
	} else {
		st = cn_db_stmt(db, "UPDATE result SET value = ?4"
				    " WHERE report_id = ?1 AND indicator_id = ?2 AND coalesce(member_id, 0) = ?3", err);
	}
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, report_id);
	cn_bind_int(st, 2, indicator_id);
	cn_bind_int(st, 3, member_id);
	if (value >= 0)
		cn_bind_int(st, 4, value);
	rc = cn_step_done(db, st, err, "Không lưu được số liệu");
	if (rc == CN_OK && value >= 0 && sqlite3_changes(cn_db_sqlite(db)) == 0) {
		st = cn_db_stmt(db, "INSERT INTO result(report_id, indicator_id, member_id, value) VALUES (?, ?, ?, ?)",
				err);
		if (!st)
			return err ? err->code : CN_EDB;
		cn_bind_int(st, 1, report_id);
		cn_bind_int(st, 2, indicator_id);
		cn_bind_int_or_null(st, 3, member_id);
		cn_bind_int(st, 4, value);
		rc = cn_step_done(db, st, err, "Không lưu được số liệu");
	}
	return rc == CN_OK ? touch_report(db, report_id, err) : rc;
}

long long cn_result_get(cn_db *db, long long report_id, long long indicator_id, long long member_id)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT value FROM result WHERE report_id = ? AND indicator_id = ? "
					  "AND coalesce(member_id, 0) = ?", NULL);
	if (!st)
		return -1;
	cn_bind_int(st, 1, report_id);
	cn_bind_int(st, 2, indicator_id);
	cn_bind_int(st, 3, member_id);
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

/* Sets the status and logs ACTION, in one transaction. */
static int change_status(cn_db *db, long long report_id, int from, int to, const char *action, const char *by,
			 const char *note, cn_error *err)
{
	int status, rc = report_status(db, report_id, &status, err);
	if (rc != CN_OK)
		return rc;
	if (status != from)
		return cn_fail(err, CN_EINVAL, to == CN_REPORT_SUBMITTED ? "Báo cáo tháng này đã gửi rồi"
									   : "Báo cáo tháng này chưa gửi, không cần mở lại");
	if ((rc = cn_db_begin(db, err)) != CN_OK)
		return rc;
	sqlite3_stmt *st = cn_db_stmt(db,
		"UPDATE report SET status = ?1, submitted_at = CASE WHEN ?1 = 1 THEN " CN_SQL_NOW " END, "
		"submitted_by = CASE WHEN ?1 = 1 THEN ?2 END, updated_at = " CN_SQL_NOW " WHERE id = ?3", err);
	if (st) {
		cn_bind_int(st, 1, to);
		cn_bind_text_or_null(st, 2, by);
		cn_bind_int(st, 3, report_id);
		rc = cn_step_done(db, st, err, "Không lưu được trạng thái báo cáo");
	} else {
		rc = err ? err->code : CN_EDB;
	}
	if (rc == CN_OK) {
		st = cn_db_stmt(db, "INSERT INTO report_log(report_id, action, by, note) VALUES (?, ?, ?, ?)", err);
		if (st) {
			cn_bind_int(st, 1, report_id);
			cn_bind_text(st, 2, action);
			cn_bind_text_or_null(st, 3, by);
			cn_bind_text_or_null(st, 4, note);
			rc = cn_step_done(db, st, err, "Không ghi được nhật ký báo cáo");
		} else {
			rc = err ? err->code : CN_EDB;
		}
	}
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	return rc;
}

int cn_report_submit(cn_db *db, long long report_id, const char *by, cn_error *err)
{
	return change_status(db, report_id, CN_REPORT_DRAFT, CN_REPORT_SUBMITTED, "submit", by, NULL, err);
}

int cn_report_reopen(cn_db *db, long long report_id, const char *by, const char *note, cn_error *err)
{
	return change_status(db, report_id, CN_REPORT_SUBMITTED, CN_REPORT_DRAFT, "reopen", by, note, err);
}

int cn_target_set(cn_db *db, long long unit_id, long long indicator_id, const char *from, const char *to,
		  long long value, cn_error *err)
{
	char f[8], t[8];
	int rc;
	if ((rc = cn_parse_period("Từ tháng", from, f, err)) != CN_OK ||
	    (rc = cn_parse_period("Đến tháng", to, t, err)) != CN_OK)
		return rc;
	if (strcmp(t, f) < 0)
		return cn_fail(err, CN_EINVAL, "Kỳ chỉ tiêu: tháng kết thúc %s trước tháng bắt đầu %s", t, f);
	if (value < 0 || value > 1000000000LL)
		return cn_fail_field(err, "value", CN_EINVAL, "Chỉ tiêu %lld không hợp lệ", value);
	sqlite3_stmt *st = cn_db_stmt(db,
		"INSERT INTO target(unit_id, indicator_id, period_from, period_to, value) VALUES (?, ?, ?, ?, ?) "
		"ON CONFLICT(unit_id, indicator_id, period_from, period_to) DO UPDATE SET value = excluded.value, "
		"updated_at = " CN_SQL_NOW, err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, unit_id);
	cn_bind_int(st, 2, indicator_id);
	cn_bind_text(st, 3, f);
	cn_bind_text(st, 4, t);
	cn_bind_int(st, 5, value);
	return cn_step_done(db, st, err, "Không lưu được chỉ tiêu");
}

/* Checked periods and the subtree range of UNIT_ID ("/" to "0", that is
 * everything, for 0). */
struct scope {
	char from[8], to[8];
	char *start, *end;
};

static int open_scope(cn_db *db, long long unit_id, const char *from, const char *to, struct scope *s,
		      cn_error *err)
{
	int rc;
	memset(s, 0, sizeof *s);
	if ((rc = cn_parse_period("Từ tháng", from, s->from, err)) != CN_OK ||
	    (rc = cn_parse_period("Đến tháng", to, s->to, err)) != CN_OK)
		return rc;
	if (strcmp(s->to, s->from) < 0)
		return cn_fail(err, CN_EINVAL, "Tháng kết thúc %s trước tháng bắt đầu %s", s->to, s->from);
	if (unit_id)
		return cn_unit_subtree(db, unit_id, &s->start, &s->end, err);
	s->start = cn_strdup("/");
	s->end = cn_path_end(s->start);
	return CN_OK;
}

static void close_scope(struct scope *s)
{
	free(s->start);
	free(s->end);
}

/* The cached statement SQL, bound to the scope as the statements below
 * number it: ?1 the unit (0 for everything), ?2/?3 its subtree range,
 * ?4/?5 the months FROM..TO (checked), and ?6 EXTRA (drafts included, or
 * days allowed after the month). NULL with *RC set on failure. */
static sqlite3_stmt *scoped_stmt(cn_db *db, const char *sql, long long unit_id, const char *from, const char *to,
				 int extra, int *rc, cn_error *err)
{
	struct scope s;
	sqlite3_stmt *st = NULL;
	*rc = open_scope(db, unit_id, from, to, &s, err);
	if (*rc == CN_OK && !(st = cn_db_stmt(db, sql, err)))
		*rc = err ? err->code : CN_EDB;
	if (st) {
		cn_bind_int(st, 1, unit_id);
		cn_bind_text(st, 2, s.start);
		cn_bind_text(st, 3, s.end);
		cn_bind_text(st, 4, s.from);
		cn_bind_text(st, 5, s.to);
		cn_bind_int(st, 6, extra);
	}
	close_scope(&s);
	return st;
}

/* After stepping ST to its end (or to a stop): CN_OK, or the error. */
static int finish_rows(cn_db *db, sqlite3_stmt *st, int rc, cn_error *err, const char *what)
{
	int result = rc == SQLITE_ROW || rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, what);
	sqlite3_reset(st);
	return result;
}

/* The child of the root ?2 that a unit with path PATH falls under: the
 * path cut after the first '/' past the root's (the root's own path for
 * the root itself, so its own teams form a group of their own). */
#define CHILD_PATH(path) "substr(" path ", 1, length(?2) + instr(substr(" path ", length(?2) + 1), '/'))"

/* The team reports of the scope (submitted ones unless ?6 lets drafts
 * in), each with its CPATH, and each report's figure for an indicator:
 * the sum of its members' values when the report splits the indicator by
 * member, else the team's own value. */
#define FIGURES_CTE \
	"WITH r AS (SELECT rp.id, " CHILD_PATH("u.path") " AS cpath FROM report rp JOIN team t ON t.id = rp.team_id" \
	" JOIN unit u ON u.id = t.unit_id WHERE (?1 = 0 OR (u.path >= ?2 AND u.path < ?3))" \
	" AND rp.period BETWEEN ?4 AND ?5 AND (?6 OR rp.status = 1))," \
	" per AS (SELECT r.cpath, res.indicator_id, CASE WHEN count(res.member_id) > 0" \
	" THEN sum(res.value) FILTER (WHERE res.member_id IS NOT NULL) ELSE sum(res.value) END AS v" \
	" FROM result res JOIN r ON r.id = res.report_id GROUP BY res.report_id, res.indicator_id)"

int cn_results_rollup(cn_db *db, long long unit_id, const char *from, const char *to, bool include_drafts,
		      int (*fn)(const cn_rollup *r, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = scoped_stmt(db,
		FIGURES_CTE ", agg AS (SELECT indicator_id, sum(v) AS total FROM per GROUP BY indicator_id)"
		" SELECT " INDICATOR_COLUMNS ", coalesce(agg.total, 0),"
		" coalesce((SELECT tg.value FROM target tg WHERE tg.unit_id = ?1 AND tg.indicator_id = i.id"
		" AND tg.period_from <= ?4 AND tg.period_to >= ?5 ORDER BY tg.period_to, tg.period_from DESC LIMIT 1), -1)"
		" FROM indicator i LEFT JOIN agg ON agg.indicator_id = i.id WHERE i.active"
		" ORDER BY i.sort_order, i.code", unit_id, from, to, include_drafts, &rc, err);
	if (!st)
		return rc;
	cn_indicator ind;
	cn_rollup r = {.indicator = &ind};
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_indicator(st, 0, &ind);
		r.value = sqlite3_column_int64(st, 6);
		r.target = sqlite3_column_int64(st, 7);
		if (fn(&r, ctx))
			break;
	}
	return finish_rows(db, st, rc, err, "Không tổng hợp được kết quả");
}

int cn_results_by_child(cn_db *db, long long unit_id, const char *from, const char *to, bool include_drafts,
			int (*fn)(const cn_child_figure *f, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = scoped_stmt(db,
		FIGURES_CTE " SELECT c.id, c.path = ?2, per.indicator_id, sum(per.v) FROM per"
		" JOIN unit c ON c.path = per.cpath JOIN indicator i ON i.id = per.indicator_id AND i.active"
		" GROUP BY per.cpath, per.indicator_id", unit_id, from, to, include_drafts, &rc, err);
	if (!st)
		return rc;
	cn_child_figure f;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f.unit_id = sqlite3_column_int64(st, 0);
		f.is_self = sqlite3_column_int(st, 1) != 0;
		f.indicator_id = sqlite3_column_int64(st, 2);
		f.value = sqlite3_column_int64(st, 3);
		if (fn(&f, ctx))
			break;
	}
	return finish_rows(db, st, rc, err, "Không tổng hợp được kết quả theo đơn vị");
}

/* The team-months of the scope that owe a report, with their CPATH: a
 * team owes one for a month when it existed during that month
 * (established before its end, not dissolved before its start) in a unit
 * that was open then. */
#define EXPECTED_CTE \
	"WITH RECURSIVE months(m, first, last) AS (" \
	" SELECT ?4, ?4 || '-01', date(?4 || '-01', '+1 month', '-1 day')" \
	" UNION ALL SELECT strftime('%Y-%m', first, '+1 month'), date(first, '+1 month')," \
	" date(first, '+2 month', '-1 day') FROM months WHERE m < ?5)," \
	" teams AS (SELECT t.id, t.established, t.dissolved, u.valid_to, " CHILD_PATH("u.path") " AS cpath" \
	" FROM team t JOIN unit u ON u.id = t.unit_id WHERE ?1 = 0 OR (u.path >= ?2 AND u.path < ?3))," \
	" expected AS (SELECT teams.id, teams.cpath, months.m, months.last FROM months JOIN teams" \
	" ON (teams.established IS NULL OR teams.established <= months.last)" \
	" AND (teams.dissolved IS NULL OR teams.dissolved >= months.first)" \
	" AND (teams.valid_to IS NULL OR teams.valid_to >= months.first))"

/* Owed, submitted, and submitted within ?6 days after the month's end. */
#define RATE_COUNTS \
	"count(*), count(rp.id)," \
	" count(rp.id) FILTER (WHERE date(rp.submitted_at, 'localtime') <= date(expected.last, '+' || ?6 || ' days'))" \
	" FROM expected LEFT JOIN report rp ON rp.team_id = expected.id AND rp.period = expected.m AND rp.status = 1"

static void read_rate(sqlite3_stmt *st, int first, cn_report_rate *out)
{
	out->expected = sqlite3_column_int64(st, first);
	out->submitted = sqlite3_column_int64(st, first + 1);
	out->on_time = sqlite3_column_int64(st, first + 2);
}

int cn_reporting_rate(cn_db *db, long long unit_id, const char *from, const char *to, int due_days,
		      cn_report_rate *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	int rc;
	sqlite3_stmt *st = scoped_stmt(db, EXPECTED_CTE " SELECT " RATE_COUNTS, unit_id, from, to, due_days, &rc, err);
	if (!st)
		return rc;
	rc = cn_step_row(db, st, err, "", "Không tính được tỉ lệ báo cáo");
	if (rc == CN_OK) {
		read_rate(st, 0, out);
		sqlite3_reset(st);
	}
	return rc;
}

int cn_reporting_rate_by_child(cn_db *db, long long unit_id, const char *from, const char *to, int due_days,
			       int (*fn)(const cn_child_rate *r, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = scoped_stmt(db,
		EXPECTED_CTE " SELECT c.id, c.path = ?2, " RATE_COUNTS " JOIN unit c ON c.path = expected.cpath"
		" GROUP BY expected.cpath", unit_id, from, to, due_days, &rc, err);
	if (!st)
		return rc;
	cn_child_rate r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.unit_id = sqlite3_column_int64(st, 0);
		r.is_self = sqlite3_column_int(st, 1) != 0;
		read_rate(st, 2, &r.rate);
		if (fn(&r, ctx))
			break;
	}
	return finish_rows(db, st, rc, err, "Không tính được tỉ lệ báo cáo theo đơn vị");
}

int cn_report_due_days(cn_db *db)
{
	char *v = cn_setting_get(db, "report_due_days");
	int days = v ? atoi(v) : 5;
	free(v);
	return days >= 0 && days <= 366 ? days : 5;
}
