#include "cnscd/results.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/approval.h"
#include "cnscd/people.h"
#include "cnscd/succession.h"
#include "cnscd/unit.h"
#include "cnscd/settings.h"
#include "cnscd/validate.h"
#include "catalogue_internal.h"
#include "db_internal.h"
#include "results_internal.h"

const char *cn_month_report_status_name(int status)
{
	return status == CN_MONTH_REPORT_SUBMITTED ? "Đã gửi" : "Nháp";
}

int cn_month_report_open(cn_db *db, long long team_id, const char *period, bool create, long long *report_id,
		   int *status, cn_error *err)
{
	char p[8];
	int rc = cn_parse_period("Kỳ báo cáo", period, p, err);
	if (rc != CN_OK)
		return rc;
	*report_id = 0;
	if (status)
		*status = CN_MONTH_REPORT_DRAFT;
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
	/* A new report for a team of a closed unit: its teams went to the
	 * successor, so such a team is one left behind (dissolved). */
	long long unit = cn_count_where(db, "SELECT unit_id FROM team WHERE id = ?1", team_id);
	if (unit > 0 && (rc = cn_unit_refuse_closed(db, unit, "không ghi kết quả", err)) != CN_OK)
		return rc;
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

/* The report's status, for a change of it or of its values: approved
 * figures are locked, so every such change asks the approvals first. */
static int report_for_change(cn_db *db, long long report_id, int *status, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT status, team_id, period FROM report WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, report_id);
	int rc = cn_step_row(db, st, err, "Không tìm thấy báo cáo tháng", "Không đọc được báo cáo tháng");
	if (rc != CN_OK)
		return rc;
	*status = sqlite3_column_int(st, 0);
	long long team_id = sqlite3_column_int64(st, 1);
	char period[8];
	snprintf(period, sizeof period, "%s", cn_col_text(st, 2));
	sqlite3_reset(st);
	return cn_approval_check_editable(db, team_id, period, err);
}

static int status_refused(int to, cn_error *err);
static int log_status(cn_db *db, long long report_id, const char *action, const char *by, const char *note,
		      cn_error *err);
static int store_status(cn_db *db, long long report_id, int to, const char *action, const char *by,
			const char *note, cn_error *err);

/* A value belongs to its report: changing one changes the report. */
static int touch_report(cn_db *db, long long report_id, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "UPDATE report SET updated_at = " CN_SQL_NOW " WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, report_id);
	return cn_step_done(db, st, err, "Không lưu được số liệu");
}

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

static int insert_value(cn_db *db, long long report_id, long long indicator_id, long long member_id,
			long long value, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "INSERT INTO result(report_id, indicator_id, member_id, value) "
					  "VALUES (?, ?, ?, ?)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, report_id);
	cn_bind_int(st, 2, indicator_id);
	cn_bind_int_or_null(st, 3, member_id);
	cn_bind_int(st, 4, value);
	return cn_step_done(db, st, err, "Không lưu được số liệu");
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
	if (rc == CN_OK && value >= 0 && sqlite3_changes(cn_db_sqlite(db)) == 0)
		rc = insert_value(db, report_id, indicator_id, member_id, value, err);
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

static int submitted_refused(cn_error *err)
{
	return cn_fail(err, CN_EINVAL, "Báo cáo tháng này đã gửi: hãy mở lại báo cáo trước khi sửa số liệu");
}

/* The checks of one value: its size, its member's team, and that a split
 * indicator's team figure is not set by itself (asked only when SPLIT_ASK:
 * a report created in this call has no member value but its own). */
static int check_value(cn_db *db, long long report_id, long long indicator_id, long long member_id, long long value,
		       bool split_ask, cn_error *err)
{
	int rc;
	if (value > 1000000000LL)
		return cn_fail_field(err, "value", CN_EINVAL, "Số liệu %lld quá lớn", value);
	if (member_id && (rc = check_member(db, report_id, member_id, err)) != CN_OK)
		return rc;
	if (!member_id && split_ask && cn_result_split(db, report_id, indicator_id))
		return cn_fail_field(err, "value", CN_EINVAL,
				     "Chỉ tiêu này đã nhập theo từng thành viên: số của cả tổ là tổng của họ, "
				     "hãy sửa số của từng người");
	return CN_OK;
}

int cn_result_set(cn_db *db, long long report_id, long long indicator_id, long long member_id, long long value,
		  cn_error *err)
{
	int status, rc = report_for_change(db, report_id, &status, err);
	if (rc != CN_OK)
		return rc;
	if (status == CN_MONTH_REPORT_SUBMITTED)
		return submitted_refused(err);
	if ((rc = check_value(db, report_id, indicator_id, member_id, value, true, err)) != CN_OK)
		return rc;
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

/* Whether VALUES[0..I) hold a value of indicator V->indicator_id: of the
 * same member (SAME_MEMBER), or of any member. */
static bool seen_before(const cn_month_report_value *values, int i, const cn_month_report_value *v, bool same_member)
{
	for (int k = 0; k < i; k++)
		if (values[k].indicator_id == v->indicator_id &&
		    (same_member ? values[k].member_id == v->member_id : values[k].member_id != 0))
			return true;
	return false;
}

/* The values of cn_month_report_put, in the transaction it opened. On a report
 * it created (FRESH) nothing is stored yet but what this call wrote, which
 * spares a lookup per value: a value not given before is inserted. */
static int put_values(cn_db *db, long long report_id, bool fresh, const cn_month_report_value *values, int n,
		      cn_error *err)
{
	int rc = CN_OK;
	for (int i = 0; i < n && rc == CN_OK; i++) {
		const cn_month_report_value *v = &values[i];
		bool repeat = seen_before(values, i, v, true);
		rc = check_value(db, report_id, v->indicator_id, v->member_id, v->value,
				 !fresh || seen_before(values, i, v, false), err);
		if (rc != CN_OK)
			break;
		if (fresh && !repeat && v->value < 0)
			continue;
		rc = !fresh || repeat ? store_value(db, report_id, v->indicator_id, v->member_id, v->value, err)
				      : insert_value(db, report_id, v->indicator_id, v->member_id, v->value, err);
	}
	/* A split indicator's team figure: the members' sum, once. */
	for (int i = 0; i < n && rc == CN_OK; i++) {
		const cn_month_report_value *v = &values[i];
		cn_month_report_value first = {v->indicator_id, 0, 0};
		if (v->member_id && !seen_before(values, i, &first, false))
			rc = store_team_sum(db, report_id, v->indicator_id, err);
	}
	if (rc == CN_OK && n > 0 && !fresh)
		rc = touch_report(db, report_id, err);
	return rc;
}

/* Whether a report created by cn_month_report_put can take VALUES as they come,
 * every row with one statement: none cleared, and no team figure of an
 * indicator that has member values (value by value, the team figure would
 * be replaced by their sum, or refused). A value given twice is a row at
 * its first place with its last value, as value by value (which would
 * record the second as an update of the row). */
static bool plain_values(const cn_month_report_value *values, int n)
{
	for (int i = 0; i < n; i++) {
		const cn_month_report_value *v = &values[i];
		if (v->value < 0)
			return false;
		for (int k = 0; k < n && !v->member_id; k++)
			if (values[k].indicator_id == v->indicator_id && values[k].member_id)
				return false;
	}
	return true;
}

#define PLAIN_CHUNK 32

/* The plain values (plain_values) of a report just created. */
static int put_plain(cn_db *db, long long report_id, const cn_month_report_value *given, int n, cn_error *err)
{
	int rc = CN_OK;
	for (int i = 0; i < n && rc == CN_OK; i++)
		rc = check_value(db, report_id, given[i].indicator_id, given[i].member_id, given[i].value, false, err);
	/* Each row once, at its first place, with its last value. */
	cn_month_report_value *values = cn_reallocarray(NULL, (size_t)(n ? n : 1), sizeof *values);
	int rows = 0;
	for (int i = 0; i < n && rc == CN_OK; i++) {
		int k = 0;
		while (k < rows && (values[k].indicator_id != given[i].indicator_id ||
				    values[k].member_id != given[i].member_id))
			k++;
		values[k] = given[i];
		rows += k == rows;
	}
	n = rows;
	for (int start = 0; start < n && rc == CN_OK; start += PLAIN_CHUNK) {
		int k = n - start < PLAIN_CHUNK ? n - start : PLAIN_CHUNK;
		static char *sql[PLAIN_CHUNK + 1];
		sqlite3_stmt *st = cn_db_stmt(db, cn_sql_rows(sql, "INSERT INTO result(report_id, indicator_id, member_id, "
								   "value) VALUES", "(?, ?, ?, ?)", k), err);
		if (!st) {
			rc = err ? err->code : CN_EDB;
			break;
		}
		for (int j = 0; j < k; j++) {
			const cn_month_report_value *v = &values[start + j];
			cn_bind_int(st, 4 * j + 1, report_id);
			cn_bind_int(st, 4 * j + 2, v->indicator_id);
			cn_bind_int_or_null(st, 4 * j + 3, v->member_id);
			cn_bind_int(st, 4 * j + 4, v->value);
		}
		rc = cn_step_done(db, st, err, "Không lưu được số liệu");
	}
	for (int i = 0; i < n && rc == CN_OK; i++) {
		cn_month_report_value first = {values[i].indicator_id, 0, 0};
		if (values[i].member_id && !seen_before(values, i, &first, false))
			rc = store_team_sum(db, report_id, values[i].indicator_id, err);
	}
	free(values);
	return rc;
}

/* A new report, submitted by BY at once when SUBMIT (its audit entry is
 * then the insert of a submitted report; the submission is logged). */
static int create_report(cn_db *db, long long team_id, const char *period, bool submit, const char *by,
			 long long *id, cn_error *err)
{
	if (!submit)
		return cn_month_report_open(db, team_id, period, true, id, NULL, err);
	sqlite3_stmt *st = cn_db_stmt(db, "INSERT INTO report(team_id, period, status, submitted_at, submitted_by) "
					  "VALUES (?, ?, 1, " CN_SQL_ACT_NOW ", ?)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, team_id);
	cn_bind_text(st, 2, period);
	cn_bind_text_or_null(st, 3, by);
	int rc = cn_step_done(db, st, err, "Không tạo được báo cáo tháng");
	if (rc == CN_OK)
		*id = sqlite3_last_insert_rowid(cn_db_sqlite(db));
	return rc == CN_OK ? log_status(db, *id, "submit", by, NULL, err) : rc;
}

static int report_put(cn_db *db, long long team_id, const char *period, const cn_month_report_value *values, int n,
		      bool submit, const char *by, long long *report_id, cn_error *err);

int cn_month_report_put(cn_db *db, long long team_id, const char *period, const cn_month_report_value *values, int n,
		  bool submit, const char *by, long long *report_id, cn_error *err)
{
	char *who = NULL;
	int rc = submit ? cn_person_check(by, &who, err) : CN_OK;
	if (rc == CN_OK)
		rc = report_put(db, team_id, period, values, n, submit, who, report_id, err);
	free(who);
	return rc;
}

/* cn_month_report_put, BY checked. */
static int report_put(cn_db *db, long long team_id, const char *period, const cn_month_report_value *values, int n,
		      bool submit, const char *by, long long *report_id, cn_error *err)
{
	char p[8];
	int rc = cn_parse_period("Kỳ báo cáo", period, p, err);
	if (rc != CN_OK || (rc = cn_approval_check_editable(db, team_id, p, err)) != CN_OK ||
	    (rc = cn_db_begin(db, err)) != CN_OK)
		return rc;
	long long id = 0;
	int status = CN_MONTH_REPORT_DRAFT;
	rc = cn_month_report_open(db, team_id, p, false, &id, &status, err);
	bool fresh = rc == CN_OK && !id, plain = fresh && plain_values(values, n);
	/* A plain month is written as it comes: the report created already
	 * submitted, its rows inserted together. */
	if (fresh)
		rc = create_report(db, team_id, p, plain && submit, by, &id, err);
	if (rc == CN_OK && n > 0 && status == CN_MONTH_REPORT_SUBMITTED)
		rc = submitted_refused(err);
	if (rc == CN_OK)
		rc = plain ? put_plain(db, id, values, n, err) : put_values(db, id, fresh, values, n, err);
	if (rc == CN_OK && submit && !plain)
		rc = status == CN_MONTH_REPORT_SUBMITTED ? status_refused(CN_MONTH_REPORT_SUBMITTED, err)
						   : store_status(db, id, CN_MONTH_REPORT_SUBMITTED, "submit", by, NULL, err);
	if (rc != CN_OK) {
		cn_db_rollback(db);
		return rc;
	}
	if (report_id)
		*report_id = id;
	return cn_db_commit(db, err);
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

static int status_refused(int to, cn_error *err)
{
	return cn_fail(err, CN_EINVAL, to == CN_MONTH_REPORT_SUBMITTED ? "Báo cáo tháng này đã gửi rồi"
								   : "Báo cáo tháng này chưa gửi, không cần mở lại");
}

/* Sets the status and logs ACTION (inside the caller's transaction). */
static int store_status(cn_db *db, long long report_id, int to, const char *action, const char *by,
			const char *note, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = cn_db_stmt(db,
		"UPDATE report SET status = ?1, submitted_at = CASE WHEN ?1 = 1 THEN " CN_SQL_ACT_NOW " END, "
		"submitted_by = CASE WHEN ?1 = 1 THEN ?2 END, updated_at = " CN_SQL_NOW " WHERE id = ?3", err);
	if (st) {
		cn_bind_int(st, 1, to);
		cn_bind_text_or_null(st, 2, by);
		cn_bind_int(st, 3, report_id);
		rc = cn_step_done(db, st, err, "Không lưu được trạng thái báo cáo");
	} else {
		rc = err ? err->code : CN_EDB;
	}
	return rc == CN_OK ? log_status(db, report_id, action, by, note, err) : rc;
}

static int log_status(cn_db *db, long long report_id, const char *action, const char *by, const char *note,
		      cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "INSERT INTO report_log(report_id, action, by, note, at) VALUES (?, ?, ?, ?, " CN_SQL_ACT_NOW ")", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, report_id);
	cn_bind_text(st, 2, action);
	cn_bind_text_or_null(st, 3, by);
	cn_bind_text_or_null(st, 4, note);
	return cn_step_done(db, st, err, "Không ghi được nhật ký báo cáo");
}

/* Sets the status and logs ACTION by the person BY, in one transaction. */
static int change_status(cn_db *db, long long report_id, int from, int to, const char *action, const char *by,
			 const char *note, cn_error *err)
{
	char *who = NULL;
	int status, rc = cn_person_check(by, &who, err);
	if (rc == CN_OK && (rc = report_for_change(db, report_id, &status, err)) == CN_OK && status != from)
		rc = status_refused(to, err);
	if (rc == CN_OK && (rc = cn_db_begin(db, err)) == CN_OK) {
		rc = store_status(db, report_id, to, action, who, note, err);
		if (rc == CN_OK)
			rc = cn_db_commit(db, err);
		else
			cn_db_rollback(db);
	}
	free(who);
	return rc;
}

int cn_month_report_submit(cn_db *db, long long report_id, const char *by, cn_error *err)
{
	return change_status(db, report_id, CN_MONTH_REPORT_DRAFT, CN_MONTH_REPORT_SUBMITTED, "submit", by, NULL, err);
}

int cn_month_report_reopen(cn_db *db, long long report_id, const char *by, const char *note, cn_error *err)
{
	return change_status(db, report_id, CN_MONTH_REPORT_SUBMITTED, CN_MONTH_REPORT_DRAFT, "reopen", by, note, err);
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

/* The statement bound to the scope: see results_internal.h. */
sqlite3_stmt *cn_results_stmt(cn_db *db, const char *sql, long long unit_id, const char *from, const char *to,
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

int cn_results_finish(cn_db *db, sqlite3_stmt *st, int rc, cn_error *err, const char *what)
{
	int result = rc == SQLITE_ROW || rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, what);
	sqlite3_reset(st);
	return result;
}

int cn_results_rollup(cn_db *db, long long unit_id, const char *from, const char *to, bool include_drafts,
		      int (*fn)(const cn_rollup *r, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = cn_results_stmt(db,
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
		cn_indicator_read(st, 0, &ind);
		r.value = sqlite3_column_int64(st, 7);
		r.target = sqlite3_column_int64(st, 8);
		if (fn(&r, ctx))
			break;
	}
	return cn_results_finish(db, st, rc, err, "Không tổng hợp được kết quả");
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

void cn_results_add_figure(sqlite3_stmt *st, void *acc)
{
	struct cn_figure_walk *w = acc;
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

int cn_results_hand_figures(long long id, bool is_self, void *acc)
{
	struct cn_figure_walk *w = acc;
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
	sqlite3_stmt *st = cn_results_stmt(db, FIGURES_SQL, unit_id, from, to, include_drafts, &root, &rc, err);
	if (!st)
		return rc;
	struct cn_figure_walk w = {.db = db, .fn = fn, .ctx = ctx};
	rc = walk_children(db, unit_id, st, root, cn_results_add_figure, cn_results_hand_figures, &w,
			   "Không tổng hợp được kết quả theo đơn vị", err);
	free(w.sums);
	return rc;
}

void cn_results_add_rate(sqlite3_stmt *st, void *acc)
{
	cn_month_report_rate *r = &((struct cn_rate_walk *)acc)->sum.rate;
	r->expected += sqlite3_column_int64(st, 1);
	r->submitted += sqlite3_column_int64(st, 2);
	r->on_time += sqlite3_column_int64(st, 3);
}

int cn_results_hand_rate(long long id, bool is_self, void *acc)
{
	struct cn_rate_walk *w = acc;
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
	sqlite3_stmt *st = cn_results_stmt(db, RATE_SQL, unit_id, from, to, due_days, &root, &rc, err);
	if (!st)
		return rc;
	struct cn_rate_walk w = {.fn = fn, .ctx = ctx};
	return walk_children(db, unit_id, st, root, cn_results_add_rate, cn_results_hand_rate, &w,
			     "Không tính được tỉ lệ báo cáo theo đơn vị", err);
}

int cn_reporting_rate(cn_db *db, long long unit_id, const char *from, const char *to, int due_days,
		      cn_month_report_rate *out, cn_error *err)
{
	struct cn_rate_walk w = {0};
	int rc;
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = cn_results_stmt(db, RATE_SQL, unit_id, from, to, due_days, NULL, &rc, err);
	if (!st)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		cn_results_add_rate(st, &w);
	rc = cn_results_finish(db, st, rc, err, "Không tính được tỉ lệ báo cáo");
	if (rc == CN_OK)
		*out = w.sum.rate;
	return rc;
}

void cn_results_default_period(cn_db *db, char from[8], char to[8])
{
	cn_last_owed_month(cn_setting_report_due_days(db), to);
	int month = atoi(to + 5);
	if (month >= 3 && month <= 12 && month % 3 == 0)
		snprintf(from, 8, "%.4s-%02u", to, (unsigned)(month - 2) % 13);
	else
		snprintf(from, 8, "%s", to);
}
