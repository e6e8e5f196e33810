/* A unit's teams for one month's entry: every team of the subtree that
 * reports for the month (the one rule of cnscd/today.h and internal.h),
 * with its report of the month, for a grid that types a whole commune's
 * month at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/results.h"
#include "cnscd/today.h"
#include "cnscd/validate.h"
#include "db_internal.h"
#include "team_internal.h"

int cn_month_teams(cn_db *db, long long unit_id, const char *period,
		   int (*fn)(const cn_month_team *t, void *ctx), void *ctx, cn_error *err)
{
	char p[8], first[CN_ISO_DATE_LEN], last[CN_ISO_DATE_LEN];
	int rc = cn_parse_period("Tháng", period, p, err);
	if (rc != CN_OK)
		return rc;
	snprintf(first, sizeof first, "%s-01", p);
	cn_month_deadline(p, 0, last);
	char *start = NULL, *end = NULL;
	if ((rc = cn_unit_subtree(db, unit_id, &start, &end, err)) != CN_OK)
		return rc;
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT t.id, t.name, u.name, coalesce(rp.id, 0), coalesce(rp.status, 0)"
		" FROM unit u INDEXED BY unit_path JOIN team t ON t.unit_id = u.id"
		" LEFT JOIN report rp ON rp.team_id = t.id AND rp.period = ?1"
		" WHERE u.path >= ?2 AND u.path < ?3 AND " CN_SQL_TEAM_REPORTS("t", "u", "?4", "?5")
		" ORDER BY u.path, t.name, t.id", err);
	if (st) {
		cn_bind_text(st, 1, p);
		cn_bind_text(st, 2, start);
		cn_bind_text(st, 3, end);
		cn_bind_text(st, 4, first);
		cn_bind_text(st, 5, last);
		int step;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			cn_month_team t = {sqlite3_column_int64(st, 0), cn_col_text(st, 1), cn_col_text(st, 2),
					   sqlite3_column_int64(st, 3), sqlite3_column_int(st, 4)};
			if (fn(&t, ctx))
				break;
		}
		rc = step == SQLITE_ROW || step == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được các tổ");
		sqlite3_reset(st);
	} else {
		rc = err ? err->code : CN_EDB;
	}
	free(start);
	free(end);
	return rc;
}
