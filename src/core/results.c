#include "cnscd/results.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/unit.h"
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

/* A team's figure for one indicator of one report, over the rows of
 * RES (the result table) grouped by report and indicator: the sum of its
 * members' values when the report splits the indicator by member, else
 * the team's own value. cn_result_set keeps the team's row equal to that
 * sum; the queries still compute it, so a member deleted since cannot
 * leave a stale total behind. */
#define FIGURE_EXPR \
	"CASE WHEN count(res.member_id) > 0" \
	" THEN sum(res.value) FILTER (WHERE res.member_id IS NOT NULL) ELSE sum(res.value) END"

bool cn_result_split(cn_db *db, long long report_id, long long indicator_id)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT 1 FROM result WHERE report_id = ? AND indicator_id = ? "
					  "AND member_id IS NOT NULL LIMIT 1", NULL);
	if (!st)
		return false;
	cn_bind_int(st, 1, report_id);
	cn_bind_int(st, 2, indicator_id);
	bool split = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return split;
}

/* A member's figure belongs to the report of the member's own team. */
static int check_member(cn_db *db, long long report_id, long long member_id, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT 1 FROM member m JOIN report rp ON rp.team_id = m.team_id "
					  "WHERE m.id = ? AND rp.id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, member_id);
	cn_bind_int(st, 2, report_id);
	bool ok = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return ok ? CN_OK : cn_fail_field(err, "member", CN_EINVAL, "Thành viên %lld không thuộc tổ của báo cáo này",
					 member_id);
}

/* Writes one row of the result table (VALUE < 0: removes it). */
static int store_value(cn_db *db, long long report_id, long long indicator_id, long long member_id,
		       long long value, cn_error *err)
{
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
	int rc = cn_step_done(db, st, err, "Không lưu được số liệu");
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
	return rc;
}

/* After a member's value changed: the team's row becomes the members' sum,
 * or goes when no member has a value left. */
static int store_team_sum(cn_db *db, long long report_id, long long indicator_id, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT count(*), coalesce(sum(value), 0) FROM result "
					  "WHERE report_id = ? AND indicator_id = ? AND member_id IS NOT NULL", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, report_id);
	cn_bind_int(st, 2, indicator_id);
	long long n = 0, sum = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
		sum = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return store_value(db, report_id, indicator_id, 0, n ? sum : -1, err);
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
	if (member_id && (rc = check_member(db, report_id, member_id, err)) != CN_OK)
		return rc;
	if (!member_id && cn_result_split(db, report_id, indicator_id))
		return cn_fail_field(err, "value", CN_EINVAL,
				     "Chỉ tiêu này đã nhập theo từng thành viên: số của cả tổ là tổng của họ, "
				     "hãy sửa số của từng người");
	if ((rc = cn_db_begin(db, err)) != CN_OK)
		return rc;
	rc = store_value(db, report_id, indicator_id, member_id, value, err);
	if (rc == CN_OK && member_id)
		rc = store_team_sum(db, report_id, indicator_id, err);
	if (rc == CN_OK)
		rc = touch_report(db, report_id, err);
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	return rc;
}

long long cn_result_get(cn_db *db, long long report_id, long long indicator_id, long long member_id)
{
	sqlite3_stmt *st = member_id
		? cn_db_stmt(db, "SELECT value FROM result WHERE report_id = ? AND indicator_id = ? AND member_id = ?",
			     NULL)
		: cn_db_stmt(db, "SELECT " FIGURE_EXPR " FROM result res WHERE res.report_id = ? AND res.indicator_id = ?",
			     NULL);
	if (!st)
		return -1;
	cn_bind_int(st, 1, report_id);
	cn_bind_int(st, 2, indicator_id);
	if (member_id)
		cn_bind_int(st, 3, member_id);
	long long v = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL
			      ? sqlite3_column_int64(st, 0) : -1;
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
 * days allowed after the month). *ROOT (if not NULL) receives a copy of
 * the range's start, the unit's path. NULL with *RC set on failure. */
static sqlite3_stmt *scoped_stmt(cn_db *db, const char *sql, long long unit_id, const char *from, const char *to,
				 long long extra, char **root, int *rc, cn_error *err)
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
		if (root)
			*root = cn_strdup(s.start);
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

/* Each team report's figure for an indicator, one row per (report,
 * indicator) with the unit's path first (its level and id last), in tree
 * order: the sum of its
 * members' values when the report splits the indicator by member, else the
 * team's own value. Reports of the subtree [?2, ?3) for months ?4..?5,
 * submitted ones only unless ?6. The GROUP BY follows the loops' own index
 * order (unit_path, team_unit, report (team_id, period), result_key), so
 * rows stream out with no sort, and a commune of a national database reads
 * only its own reports. */
#define FIGURES_SQL \
	"SELECT u.path, res.indicator_id, " FIGURE_EXPR " AS v, u.level, u.id" \
	" FROM unit u INDEXED BY unit_path JOIN team t ON t.unit_id = u.id" \
	" JOIN report rp ON rp.team_id = t.id AND rp.period BETWEEN ?4 AND ?5 AND (?6 OR rp.status = 1)" \
	" JOIN result res ON res.report_id = rp.id" \
	" WHERE u.path >= ?2 AND u.path < ?3 GROUP BY u.path, u.id, t.id, rp.period, res.indicator_id"

/* The target of unit ?1 for INDICATOR that covers months ?4..?5: of the
 * periods that do, the one that ends first (and starts last). */
#define TARGET_SQL(indicator) \
	"(SELECT tg.value FROM target tg WHERE tg.unit_id = ?1 AND tg.indicator_id = " indicator \
	" AND tg.period_from <= ?4 AND tg.period_to >= ?5 ORDER BY tg.period_to, tg.period_from DESC LIMIT 1)"

long long cn_target_get(cn_db *db, long long unit_id, long long indicator_id, const char *from, const char *to)
{
	int rc;
	sqlite3_stmt *st = scoped_stmt(db, "SELECT coalesce(" TARGET_SQL("?6") ", -1)", unit_id, from, to,
				       indicator_id, NULL, &rc, NULL);
	if (!st)
		return -1;
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

int cn_results_rollup(cn_db *db, long long unit_id, const char *from, const char *to, bool include_drafts,
		      int (*fn)(const cn_rollup *r, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = scoped_stmt(db,
		"WITH per AS (" FIGURES_SQL "), agg AS (SELECT indicator_id, sum(v) AS total FROM per GROUP BY indicator_id)"
		" SELECT " INDICATOR_COLUMNS ", coalesce(agg.total, 0),"
		" coalesce(" TARGET_SQL("i.id") ", -1)"
		" FROM indicator i LEFT JOIN agg ON agg.indicator_id = i.id WHERE i.active"
		" ORDER BY i.sort_order, i.code", unit_id, from, to, include_drafts, NULL, &rc, err);
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

/* The child of the scope's root that rows in tree order fall under. A
 * child's subtree is one range of paths, so the child changes only when a
 * row leaves that range; its id is read once. */
struct child_cursor {
	cn_db *db;
	long long root_id;
	char *root;    /* the root's path ("/" for the whole database) */
	cn_buf path;   /* the current child's path; "" before the first row */
	long long id;
	bool is_self;  /* the root itself: its own teams */
};

static bool in_child(const struct child_cursor *c, const char *path)
{
	if (!c->path.len)
		return false;
	if (c->is_self)
		return strcmp(path, c->path.data) == 0;
	return strncmp(path, c->path.data, c->path.len) == 0;
}

/* Moves to the child that PATH falls under: 1 when it is another child
 * than before, 0 when the same, or a negative cn_status. */
static int child_follow(struct child_cursor *c, const char *path, cn_error *err)
{
	if (in_child(c, path))
		return 0;
	cn_buf_clear(&c->path);
	c->is_self = strcmp(path, c->root) == 0;
	if (c->is_self) {
		cn_buf_adds(&c->path, path);
		c->id = c->root_id;
		return 1;
	}
	const char *slash = strchr(path + strlen(c->root), '/');
	cn_buf_add(&c->path, path, slash ? (size_t)(slash - path) + 1 : strlen(path));
	sqlite3_stmt *q = cn_db_stmt(c->db, "SELECT id FROM unit WHERE path = ?", err);
	if (!q)
		return err ? err->code : CN_EDB;
	cn_bind_text(q, 1, c->path.data);
	int rc = cn_step_row(c->db, q, err, "Không tìm thấy đơn vị cấp dưới", "Không đọc được đơn vị");
	if (rc != CN_OK)
		return rc;
	c->id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return 1;
}

static void child_cursor_free(struct child_cursor *c)
{
	free(c->root);
	cn_buf_free(&c->path);
}

/* Steps ST (the scope's rows, a unit path in column 0, in tree order;
 * ROOT the scope's path, taken), calling ROW for each row and DONE when
 * the rows of a child are complete, with that child's id: before the next
 * child's first row, and after the last row. DONE returns non-zero to
 * stop. */
static int walk_children(cn_db *db, long long unit_id, sqlite3_stmt *st, char *root,
			 void (*row)(sqlite3_stmt *st, void *acc), int (*done)(long long id, bool is_self, void *acc),
			 void *acc, const char *what, cn_error *err)
{
	struct child_cursor c = {.db = db, .root_id = unit_id, .root = root};
	int rc, moved = 0, stop = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = c.id;
		bool is_self = c.is_self, had = c.path.len > 0;
		if ((moved = child_follow(&c, (const char *)sqlite3_column_text(st, 0), err)) < 0)
			break;
		if (moved && had && (stop = done(id, is_self, acc)) != 0)
			break;
		row(st, acc);
	}
	int result = moved < 0 ? moved : rc == SQLITE_ROW || rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, what);
	sqlite3_reset(st);
	if (result == CN_OK && !stop && c.path.len)
		done(c.id, c.is_self, acc);
	child_cursor_free(&c);
	return result;
}

/* Sums of one child by indicator, handed on when the child is complete. */
struct figure_walk {
	cn_db *db;
	cn_child_figure *sums;
	int n, cap;
	int (*fn)(const cn_child_figure *f, void *ctx);
	void *ctx;
};

static void add_figure(sqlite3_stmt *st, void *acc)
{
	struct figure_walk *w = acc;
	long long indicator_id = sqlite3_column_int64(st, 1), value = sqlite3_column_int64(st, 2);
	for (int i = 0; i < w->n; i++) {
		if (w->sums[i].indicator_id == indicator_id) {
			w->sums[i].value += value;
			return;
		}
	}
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->sums = cn_reallocarray(w->sums, (size_t)w->cap, sizeof *w->sums);
	}
	w->sums[w->n++] = (cn_child_figure){.indicator_id = indicator_id, .value = value};
}

static bool indicator_active(cn_db *db, long long id)
{
	sqlite3_stmt *q = cn_db_stmt(db, "SELECT active FROM indicator WHERE id = ?", NULL);
	if (!q)
		return false;
	cn_bind_int(q, 1, id);
	bool active = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0);
	sqlite3_reset(q);
	return active;
}

static int hand_figures(long long id, bool is_self, void *acc)
{
	struct figure_walk *w = acc;
	int stop = 0;
	for (int i = 0; i < w->n && !stop; i++) {
		if (!indicator_active(w->db, w->sums[i].indicator_id))
			continue;
		w->sums[i].unit_id = id;
		w->sums[i].is_self = is_self;
		stop = w->fn(&w->sums[i], w->ctx);
	}
	w->n = 0;
	return stop;
}

int cn_results_by_child(cn_db *db, long long unit_id, const char *from, const char *to, bool include_drafts,
			int (*fn)(const cn_child_figure *f, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	char *root = NULL;
	sqlite3_stmt *st = scoped_stmt(db, FIGURES_SQL, unit_id, from, to, include_drafts, &root, &rc, err);
	if (!st)
		return rc;
	struct figure_walk w = {.db = db, .fn = fn, .ctx = ctx};
	rc = walk_children(db, unit_id, st, root, add_figure, hand_figures, &w,
			   "Không tổng hợp được kết quả theo đơn vị", err);
	free(w.sums);
	return rc;
}

/* Per team of the scope in tree order (unit path first): the months
 * ?4..?5 it owed a report for, the reports submitted, and those submitted
 * within ?6 days after the month's end. A team owes a report for a month
 * when it existed during that month (established before its end, not
 * dissolved before its start) in a unit that was open then. Grouped in
 * the loops' index order: no sort. */
#define RATE_SQL RATE_SQL_WHERE("u.path >= ?2 AND u.path < ?3")
/* The same rows for WHERE (a condition on the unit u), with the team's id
 * and name after the counts, then the unit's level and id. */
#define RATE_SQL_WHERE(where) \
	"WITH RECURSIVE months(m, first, last) AS (" \
	" SELECT ?4, ?4 || '-01', date(?4 || '-01', '+1 month', '-1 day')" \
	" UNION ALL SELECT strftime('%Y-%m', first, '+1 month'), date(first, '+1 month')," \
	" date(first, '+2 month', '-1 day') FROM months WHERE m < ?5)" \
	" SELECT u.path, count(*), count(rp.id)," \
	" count(rp.id) FILTER (WHERE date(rp.submitted_at, 'localtime') <= date(months.last, '+' || ?6 || ' days'))," \
	" t.id, t.name, u.level, u.id" \
	" FROM unit u INDEXED BY unit_path JOIN team t ON t.unit_id = u.id" \
	" JOIN months ON (t.established IS NULL OR t.established <= months.last)" \
	" AND (t.dissolved IS NULL OR t.dissolved >= months.first)" \
	" AND (u.valid_to IS NULL OR u.valid_to >= months.first)" \
	" LEFT JOIN report rp ON rp.team_id = t.id AND rp.period = months.m AND rp.status = 1" \
	" WHERE " where " GROUP BY u.path, u.id, t.id"

struct rate_walk {
	cn_child_rate sum;
	int (*fn)(const cn_child_rate *r, void *ctx);
	void *ctx;
};

static void add_rate(sqlite3_stmt *st, void *acc)
{
	cn_report_rate *r = &((struct rate_walk *)acc)->sum.rate;
	r->expected += sqlite3_column_int64(st, 1);
	r->submitted += sqlite3_column_int64(st, 2);
	r->on_time += sqlite3_column_int64(st, 3);
}

static int hand_rate(long long id, bool is_self, void *acc)
{
	struct rate_walk *w = acc;
	w->sum.unit_id = id;
	w->sum.is_self = is_self;
	int stop = w->fn(&w->sum, w->ctx);
	memset(&w->sum.rate, 0, sizeof w->sum.rate);
	return stop;
}

int cn_reporting_rate_by_child(cn_db *db, long long unit_id, const char *from, const char *to, int due_days,
			       int (*fn)(const cn_child_rate *r, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	char *root = NULL;
	sqlite3_stmt *st = scoped_stmt(db, RATE_SQL, unit_id, from, to, due_days, &root, &rc, err);
	if (!st)
		return rc;
	struct rate_walk w = {.fn = fn, .ctx = ctx};
	return walk_children(db, unit_id, st, root, add_rate, hand_rate, &w,
			     "Không tính được tỉ lệ báo cáo theo đơn vị", err);
}

int cn_reporting_rate(cn_db *db, long long unit_id, const char *from, const char *to, int due_days,
		      cn_report_rate *out, cn_error *err)
{
	struct rate_walk w = {0};
	int rc;
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = scoped_stmt(db, RATE_SQL, unit_id, from, to, due_days, NULL, &rc, err);
	if (!st)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add_rate(st, &w);
	rc = finish_rows(db, st, rc, err, "Không tính được tỉ lệ báo cáo");
	if (rc == CN_OK)
		*out = w.sum.rate;
	return rc;
}

int cn_report_due_days(cn_db *db)
{
	char *v = cn_setting_get(db, "report_due_days");
	int days = v ? atoi(v) : 5;
	free(v);
	return days >= 0 && days <= 366 ? days : 5;
}

/* --- Behind a unit's own figure: its teams, and a team's members --- */

/* Each team attached to the unit whose path is ?2 (not its subtree): its
 * figure per active indicator over months ?4..?5, submitted reports only
 * unless ?6; teams in name order. */
#define TEAM_FIGURES_SQL \
	"SELECT f.team_id, f.team_name, f.indicator_id, sum(f.v) FROM (" \
	" SELECT t.id AS team_id, t.name AS team_name, res.indicator_id AS indicator_id, " FIGURE_EXPR " AS v" \
	" FROM unit u INDEXED BY unit_path JOIN team t ON t.unit_id = u.id" \
	" JOIN report rp ON rp.team_id = t.id AND rp.period BETWEEN ?4 AND ?5 AND (?6 OR rp.status = 1)" \
	" JOIN result res ON res.report_id = rp.id" \
	" WHERE u.path = ?2 GROUP BY t.id, rp.period, res.indicator_id) f" \
	" JOIN indicator i ON i.id = f.indicator_id AND i.active" \
	" GROUP BY f.team_id, f.indicator_id ORDER BY f.team_name, f.team_id, i.sort_order"

int cn_results_by_team(cn_db *db, long long unit_id, const char *from, const char *to, bool include_drafts,
		       int (*fn)(const cn_team_figure *f, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = scoped_stmt(db, TEAM_FIGURES_SQL, unit_id, from, to, include_drafts, NULL, &rc, err);
	if (!st)
		return rc;
	cn_team_figure f;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f.team_id = sqlite3_column_int64(st, 0);
		f.team_name = cn_col_text(st, 1);
		f.indicator_id = sqlite3_column_int64(st, 2);
		f.value = sqlite3_column_int64(st, 3);
		if (fn(&f, ctx))
			break;
	}
	return finish_rows(db, st, rc, err, "Không tổng hợp được kết quả theo tổ");
}

int cn_reporting_rate_by_team(cn_db *db, long long unit_id, const char *from, const char *to, int due_days,
			      int (*fn)(const cn_team_rate *r, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = scoped_stmt(db, RATE_SQL_WHERE("u.path = ?2"), unit_id, from, to, due_days, NULL, &rc, err);
	if (!st)
		return rc;
	cn_team_rate r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rate_walk w = {0};
		add_rate(st, &w);
		r.rate = w.sum.rate;
		r.team_id = sqlite3_column_int64(st, 4);
		r.team_name = cn_col_text(st, 5);
		if (fn(&r, ctx))
			break;
	}
	return finish_rows(db, st, rc, err, "Không tính được tỉ lệ báo cáo theo tổ");
}

/* Each member's figure per active indicator in the reports of team ?7 for
 * months ?4..?5 (submitted only unless ?6), and as member 0 the team's own
 * figures where a report does not split the indicator: together they add
 * up to the team's figure. Members by role and name, member 0 last. */
#define MEMBER_FIGURES_SQL \
	"SELECT coalesce(res.member_id, 0), m.full_name, res.indicator_id, sum(res.value)" \
	" FROM report rp JOIN result res ON res.report_id = rp.id" \
	" JOIN indicator i ON i.id = res.indicator_id AND i.active" \
	" LEFT JOIN member m ON m.id = res.member_id" \
	" WHERE rp.team_id = ?7 AND rp.period BETWEEN ?4 AND ?5 AND (?6 OR rp.status = 1)" \
	" AND (res.member_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM result s WHERE s.report_id = res.report_id" \
	" AND s.indicator_id = res.indicator_id AND s.member_id IS NOT NULL))" \
	" GROUP BY coalesce(res.member_id, 0), res.indicator_id" \
	" ORDER BY res.member_id IS NULL, m.role, m.full_name, m.id, i.sort_order"

int cn_results_by_member(cn_db *db, long long team_id, const char *from, const char *to, bool include_drafts,
			 int (*fn)(const cn_member_figure *f, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = scoped_stmt(db, MEMBER_FIGURES_SQL, 0, from, to, include_drafts, NULL, &rc, err);
	if (!st)
		return rc;
	cn_bind_int(st, 7, team_id);
	cn_member_figure f;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f.member_id = sqlite3_column_int64(st, 0);
		f.name = f.member_id ? cn_col_text(st, 1) : NULL;
		f.indicator_id = sqlite3_column_int64(st, 2);
		f.value = sqlite3_column_int64(st, 3);
		if (fn(&f, ctx))
			break;
	}
	return finish_rows(db, st, rc, err, "Không tổng hợp được kết quả theo thành viên");
}

int cn_report_members(cn_db *db, long long team_id, long long report_id,
		      int (*fn)(const cn_report_member *m, void *ctx), void *ctx, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT m.id, m.full_name, m.role, m.left_on IS NOT NULL FROM member m INDEXED BY member_team"
		" WHERE m.team_id = ?1 AND (m.left_on IS NULL OR EXISTS"
		" (SELECT 1 FROM result r WHERE r.report_id = ?2 AND r.member_id = m.id))"
		" ORDER BY m.role, m.full_name, m.id", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, team_id);
	cn_bind_int(st, 2, report_id);
	int rc;
	cn_report_member m;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m.id = sqlite3_column_int64(st, 0);
		m.name = cn_col_text(st, 1);
		m.role = sqlite3_column_int(st, 2);
		m.left = sqlite3_column_int(st, 3) != 0;
		if (fn(&m, ctx))
			break;
	}
	return finish_rows(db, st, rc, err, "Không đọc được thành viên của tổ");
}

/* --- By level: the level of the unit each team is attached to --- */

#define FIGURE_LEVEL_COL 3 /* FIGURES_SQL: the unit's level, then its id */
#define RATE_LEVEL_COL 6   /* RATE_SQL: the same */

/* Steps ST, handing ROW each row into the accumulator of its unit's level
 * (column LEVEL_COL) in ACCS, then DONE for each level that had rows. */
static int walk_by_level(cn_db *db, sqlite3_stmt *st, int level_col, void (*row)(sqlite3_stmt *st, void *acc),
			 int (*done)(long long id, bool is_self, void *acc), void **accs, const char *what,
			 cn_error *err)
{
	bool seen[CN_LEVEL_MAX + 1] = {false};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int level = sqlite3_column_int(st, level_col);
		if (level >= CN_LEVEL_PROVINCE && level <= CN_LEVEL_MAX) {
			row(st, accs[level]);
			seen[level] = true;
		}
	}
	int result = finish_rows(db, st, rc, err, what);
	for (int level = CN_LEVEL_PROVINCE; result == CN_OK && level <= CN_LEVEL_MAX; level++)
		if (seen[level] && done(level, false, accs[level]))
			break;
	return result;
}

/* Steps ST, handing ROW the rows of units at LEVEL (column LEVEL_COL, the
 * unit's id next) and DONE each such unit once its rows are complete: a
 * unit's rows are adjacent, the rows being in tree order. */
static int walk_at_level(cn_db *db, sqlite3_stmt *st, int level_col, int level,
			 void (*row)(sqlite3_stmt *st, void *acc), int (*done)(long long id, bool is_self, void *acc),
			 void *acc, const char *what, cn_error *err)
{
	long long unit = 0;
	int rc, stop = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int(st, level_col) != level)
			continue;
		long long id = sqlite3_column_int64(st, level_col + 1);
		if (unit && id != unit && (stop = done(unit, false, acc)) != 0)
			break;
		unit = id;
		row(st, acc);
	}
	int result = finish_rows(db, st, rc, err, what);
	if (result == CN_OK && !stop && unit)
		done(unit, false, acc);
	return result;
}

static int check_level(int level, cn_error *err)
{
	if (level >= CN_LEVEL_PROVINCE && level <= CN_LEVEL_MAX)
		return CN_OK;
	return cn_fail_field(err, "level", CN_EINVAL, "Cấp %d không hợp lệ (1 tỉnh, 2 huyện, 3 xã, 4 thôn)", level);
}

/* The walks hand on a level as the id of a child: turned back here. */
struct level_sink {
	int (*figure)(const cn_level_figure *f, void *ctx);
	int (*rate)(const cn_level_rate *r, void *ctx);
	void *ctx;
};

static int level_figure(const cn_child_figure *f, void *ctx)
{
	const struct level_sink *s = ctx;
	cn_level_figure lf = {.level = (int)f->unit_id, .indicator_id = f->indicator_id, .value = f->value};
	return s->figure(&lf, s->ctx);
}

static int level_rate(const cn_child_rate *r, void *ctx)
{
	const struct level_sink *s = ctx;
	cn_level_rate lr = {.level = (int)r->unit_id, .rate = r->rate};
	return s->rate(&lr, s->ctx);
}

int cn_results_by_level(cn_db *db, long long unit_id, const char *from, const char *to, bool include_drafts,
			int (*fn)(const cn_level_figure *f, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = scoped_stmt(db, FIGURES_SQL, unit_id, from, to, include_drafts, NULL, &rc, err);
	if (!st)
		return rc;
	struct level_sink sink = {.figure = fn, .ctx = ctx};
	struct figure_walk w[CN_LEVEL_MAX + 1];
	void *accs[CN_LEVEL_MAX + 1];
	for (int i = 0; i <= CN_LEVEL_MAX; i++) {
		w[i] = (struct figure_walk){.db = db, .fn = level_figure, .ctx = &sink};
		accs[i] = &w[i];
	}
	rc = walk_by_level(db, st, FIGURE_LEVEL_COL, add_figure, hand_figures, accs,
			   "Không tổng hợp được kết quả theo cấp", err);
	for (int i = 0; i <= CN_LEVEL_MAX; i++)
		free(w[i].sums);
	return rc;
}

int cn_reporting_rate_by_level(cn_db *db, long long unit_id, const char *from, const char *to, int due_days,
			       int (*fn)(const cn_level_rate *r, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = scoped_stmt(db, RATE_SQL, unit_id, from, to, due_days, NULL, &rc, err);
	if (!st)
		return rc;
	struct level_sink sink = {.rate = fn, .ctx = ctx};
	struct rate_walk w[CN_LEVEL_MAX + 1];
	void *accs[CN_LEVEL_MAX + 1];
	for (int i = 0; i <= CN_LEVEL_MAX; i++) {
		w[i] = (struct rate_walk){.fn = level_rate, .ctx = &sink};
		accs[i] = &w[i];
	}
	return walk_by_level(db, st, RATE_LEVEL_COL, add_rate, hand_rate, accs, "Không tính được tỉ lệ báo cáo theo cấp",
			     err);
}

int cn_results_at_level(cn_db *db, long long unit_id, int level, const char *from, const char *to,
			bool include_drafts, int (*fn)(const cn_child_figure *f, void *ctx), void *ctx, cn_error *err)
{
	int rc = check_level(level, err);
	sqlite3_stmt *st = rc == CN_OK ? scoped_stmt(db, FIGURES_SQL, unit_id, from, to, include_drafts, NULL, &rc, err)
				       : NULL;
	if (!st)
		return rc;
	struct figure_walk w = {.db = db, .fn = fn, .ctx = ctx};
	rc = walk_at_level(db, st, FIGURE_LEVEL_COL, level, add_figure, hand_figures, &w,
			   "Không tổng hợp được kết quả theo cấp", err);
	free(w.sums);
	return rc;
}

int cn_reporting_rate_at_level(cn_db *db, long long unit_id, int level, const char *from, const char *to,
			       int due_days, int (*fn)(const cn_child_rate *r, void *ctx), void *ctx, cn_error *err)
{
	int rc = check_level(level, err);
	sqlite3_stmt *st = rc == CN_OK ? scoped_stmt(db, RATE_SQL, unit_id, from, to, due_days, NULL, &rc, err) : NULL;
	if (!st)
		return rc;
	struct rate_walk w = {.fn = fn, .ctx = ctx};
	return walk_at_level(db, st, RATE_LEVEL_COL, level, add_rate, hand_rate, &w,
			     "Không tính được tỉ lệ báo cáo theo cấp", err);
}
