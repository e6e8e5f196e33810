/* The results importer's writing: the reports to create, reopen and
 * submit, then the values, each a few statements over the temp tables,
 * the inserts in bulk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/approval.h"
#include "cnscd/results.h"
#include "import_bulk_internal.h"
#include "import_results_internal.h"
#include "db_internal.h"

static int exec(cn_import *imp, const char *sql, cn_error *err)
{
	return cn_import_exec(imp, sql, err);
}

/* Runs SQL bound to ?1 .. ?N (integers or NULL-ended texts). */
static int run(cn_import *imp, const char *sql, const char *what, cn_error *err, long long a, const char *b)
{
	sqlite3_stmt *st = cn_import_sql(imp, sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	if (sqlite3_bind_parameter_count(st) >= 1)
		cn_bind_int(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		cn_bind_text(st, 2, b);
	return cn_import_step(imp, st, what, err);
}

/* The reports that the file fills in and that do not exist yet, created
 * at once as the file leaves them: submitted with --submit when no row of
 * theirs was rejected (the submission logged), else drafts. */
static int create_reports(cn_import *imp, const struct results *s, cn_error *err)
{
	cn_bulk b;
	int rc = cn_bulk_begin(imp->db, "report", &b, err);
	if (rc != CN_OK)
		return rc;
	/* The ids given during the check are still free: nobody wrote since
	 * (or the check ran under the lock). Those of reports not created
	 * are left unused. */
	rc = run(imp, "UPDATE temp.imp_report SET new_id = NULL WHERE new_id IS NOT NULL AND NOT changes",
		 "Không tạo được báo cáo tháng", err, 0, NULL);
	/* Their uuids in order, as those of the members an import adds, and
	 * one time: the uuid index takes them at one place (random ones were
	 * half the time of 90,000 new reports). */
	sqlite3_stmt *st = rc == CN_OK ? cn_import_sql(imp,
		"INSERT OR ROLLBACK INTO report(id, uuid, team_id, period, status, submitted_at, submitted_by, created_at, "
		"updated_at) SELECT new_id, " CN_IMPORT_UUID_SQL("?3", "slot") ", team_id, period, ?1 AND NOT bad_row, "
		"CASE WHEN ?1 AND NOT bad_row THEN " CN_SQL_ACT_NOW " END, CASE WHEN ?1 AND NOT bad_row THEN ?2 END, ?4, ?4 "
		"FROM temp.imp_report WHERE new_id IS NOT NULL ORDER BY new_id", err) : NULL;
	if (st) {
		cn_bind_int(st, 1, imp->opt->submit);
		cn_bind_text(st, 2, s->by);
		cn_bind_text(st, 3, imp->uuid_base);
		cn_bind_text(st, 4, b.now);
		rc = cn_import_step(imp, st, "Không tạo được báo cáo tháng", err);
	} else if (rc == CN_OK) {
		rc = err ? err->code : CN_EDB;
	}
	int end = cn_bulk_end(&b, rc == CN_OK, err);
	if ((rc = rc == CN_OK ? end : rc) != CN_OK)
		return rc;
	if (imp->opt->submit) {
		rc = run(imp, "INSERT OR ROLLBACK INTO report_log(report_id, action, by, at) SELECT new_id, 'submit', ?2, " CN_SQL_ACT_NOW " "
			      "FROM temp.imp_report WHERE new_id IS NOT NULL AND NOT bad_row ORDER BY new_id",
			 "Không ghi được nhật ký báo cáo", err, 0, s->by);
		sqlite3_stmt *st = cn_import_sql(imp, "SELECT count(*) FROM temp.imp_report WHERE new_id IS NOT NULL "
						      "AND NOT bad_row", err);
		if (rc == CN_OK && st) {
			if (sqlite3_step(st) == SQLITE_ROW)
				imp->res->reports_submitted += (long)sqlite3_column_int64(st, 0);
			sqlite3_reset(st);
		}
	}
	return rc;
}

/* Submitted reports that the file changes, reopened (--reopen: the checks
 * refused them otherwise); a report at a time, logged as by hand. */
static int reopen_reports(cn_import *imp, const struct results *s, cn_error *err)
{
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT report_id FROM temp.imp_report WHERE report_id <> 0 AND status = 1 "
					      "AND changes ORDER BY slot", err);
	if (!st)
		return err ? err->code : CN_EDB;
	const char *base = strrchr(imp->path, '/');
	char *note = cn_sprintf("nhập lại số liệu từ tệp %s", base ? base + 1 : imp->path);
	int rc = CN_OK;
	/* The statement reads the temp schema, the reopening writes the
	 * database's: both may go on together. */
	while (rc == CN_OK && sqlite3_step(st) == SQLITE_ROW) {
		rc = cn_month_report_reopen(imp->db, sqlite3_column_int64(st, 0), s->by, note, err);
		imp->res->reports_reopened += rc == CN_OK;
	}
	sqlite3_reset(st);
	free(note);
	return rc == CN_OK ? exec(imp, "UPDATE temp.imp_report SET status = 0 WHERE report_id <> 0 AND changes", err) : rc;
}

/* The values: new rows in bulk, changed rows with one statement, and
 * each report that changed touched (a value belongs to its report). */
static int write_values(cn_import *imp, cn_error *err)
{
	int rc = !imp->res->updated ? CN_OK : run(imp, "UPDATE OR ROLLBACK result SET value = r.value FROM temp.imp_res AS r "
			  "WHERE r.act = 1 AND NOT r.bad AND result.report_id = r.report AND result.indicator_id = r.indicator "
			  "AND result.member_id IS NULL", "Không lưu được số liệu", err, 0, NULL);
	if (rc == CN_OK)
		rc = run(imp, "UPDATE OR ROLLBACK report SET updated_at = " CN_SQL_NOW " WHERE id IN (SELECT report_id "
			      "FROM temp.imp_report WHERE report_id <> 0 AND changes)", "Không lưu được số liệu", err, 0, NULL);
	if (rc != CN_OK)
		return rc;
	cn_bulk b;
	if ((rc = cn_bulk_begin(imp->db, "result", &b, err)) != CN_OK)
		return rc;
	b.check_parent = "report"; /* indicators: looked up by code */
	cn_import_report(imp, CN_IMPORT_WRITING, imp->res->updated, imp->res->added + imp->res->updated);
	rc = run(imp, "INSERT OR ROLLBACK INTO result(report_id, indicator_id, value) SELECT report, indicator, value "
		      "FROM temp.imp_res WHERE act = 0 AND NOT bad ORDER BY rec", "Không lưu được số liệu", err, 0, NULL);
	int end = cn_bulk_end(&b, rc == CN_OK, err);
	return rc == CN_OK ? end : rc;
}

/* --submit: the drafts the file filled in without a bad row (the new
 * ones were created submitted); a note for each that stays a draft. */
static int submit_reports(cn_import *imp, const struct results *s, cn_error *err)
{
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT slot, report_id, team_id, period, team_name, bad_row "
					      "FROM temp.imp_report WHERE new_id IS NULL AND status = 0 ORDER BY slot", err);
	if (!st)
		return err ? err->code : CN_EDB;
	int rc = CN_OK;
	while (rc == CN_OK && sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 1);
		const char *period = cn_col_text(st, 3), *team = cn_col_text(st, 4);
		if (sqlite3_column_int(st, 5)) {
			cn_import_note(imp, "Báo cáo tháng %s của %s chưa gửi vì có dòng lỗi", period, team);
			continue;
		}
		if (!id)
			continue;
		cn_error e = {0};
		if (cn_approval_check_editable(imp->db, sqlite3_column_int64(st, 2), period, &e) != CN_OK) {
			cn_import_note(imp, "Báo cáo tháng %s của %s chưa gửi: %s", period, team, e.msg);
			continue;
		}
		rc = cn_month_report_submit(imp->db, id, s->by, err);
		imp->res->reports_submitted += rc == CN_OK;
	}
	sqlite3_reset(st);
	/* New reports with a bad row stay drafts too. */
	st = rc == CN_OK ? cn_import_sql(imp, "SELECT period, team_name FROM temp.imp_report WHERE new_id IS NOT NULL "
					      "AND bad_row ORDER BY slot", err) : NULL;
	while (st && sqlite3_step(st) == SQLITE_ROW)
		cn_import_note(imp, "Báo cáo tháng %s của %s chưa gửi vì có dòng lỗi", cn_col_text(st, 0),
			       cn_col_text(st, 1));
	if (st)
		sqlite3_reset(st);
	return rc;
}

int results_write(cn_import *imp, struct results *s, cn_error *err)
{
	int rc = CN_OK;
	if (imp->opt->reopen)
		rc = reopen_reports(imp, s, err);
	if (rc == CN_OK)
		rc = create_reports(imp, s, err);
	if (rc == CN_OK)
		rc = write_values(imp, err);
	if (rc == CN_OK && imp->opt->submit)
		rc = submit_reports(imp, s, err);
	return rc;
}
