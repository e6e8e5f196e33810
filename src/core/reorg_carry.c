/* What a reorganisation carries over after the day itself: villages that
 * share a name in a merged commune, and the approvals of closed units seen
 * from their successor (the successor itself: succession.c). */
#include <stdlib.h>
#include <string.h>

#include "cnscd/approval.h"
#include "cnscd/reorg.h"
#include "cnscd/validate.h"
#include "db_internal.h"

int cn_reorg_village_twins(cn_db *db, long long unit_id, int (*fn)(const cn_village_twin *v, void *ctx), void *ctx,
			   cn_error *err)
{
	char *start = NULL, *end = NULL;
	if (unit_id && cn_unit_subtree(db, unit_id, &start, &end, err) != CN_OK)
		return err ? err->code : CN_ENOTFOUND;
	sqlite3_stmt *st;
	/* Not cached: FN may read the database while this steps. */
	int rc = sqlite3_prepare_v2(cn_db_sqlite(db),
		"SELECT v.id, v.code, v.name, v.label, c.name, (SELECT count(*) FROM team t WHERE t.unit_id = v.id "
		"AND t.dissolved IS NULL) FROM (SELECT u.id, u.code, u.name, u.parent_id, u.path, "
		CN_SQL_UNIT_LABEL("u") " AS label FROM unit u WHERE u.level >= 4 AND u.valid_to IS NULL "
		"AND (?1 IS NULL OR (u.path >= ?1 AND u.path < ?2)) "
		"AND EXISTS (SELECT 1 FROM unit_former f WHERE f.unit_id = u.id)) v "
		"JOIN unit c ON c.id = v.parent_id WHERE v.label <> v.name ORDER BY c.path, v.name, v.code", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		free(start);
		free(end);
		return cn_db_fail(db, err, "Không đọc được danh sách thôn");
	}
	cn_bind_text(st, 1, start);
	cn_bind_text(st, 2, end);
	int n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cn_village_twin v = {sqlite3_column_int64(st, 0), cn_col_text(st, 1), cn_col_text(st, 2),
				     cn_col_text(st, 3), cn_col_text(st, 4), sqlite3_column_int64(st, 5)};
		n++;
		if (fn && fn(&v, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	int result = rc == SQLITE_DONE ? n : cn_db_fail(db, err, "Không đọc được danh sách thôn");
	sqlite3_finalize(st);
	free(start);
	free(end);
	return result;
}

/* ---- Approvals of the units a successor took the place of ---- */

int cn_approval_of_predecessors(cn_db *db, long long unit_id, const char *period,
				int (*fn)(const cn_approval *a, void *ctx), void *ctx, cn_error *err)
{
	sqlite3_stmt *st;
	/* Not cached: FN and the status read the database while this steps. */
	if (sqlite3_prepare_v2(cn_db_sqlite(db),
			       "SELECT DISTINCT o.id, o.code FROM unit_succession s JOIN unit o ON o.id = s.old_unit_id "
			       "JOIN approval a ON a.unit_id = o.id AND a.period = ?2 WHERE s.new_unit_id = ?1 "
			       "AND s.old_unit_id <> s.new_unit_id ORDER BY o.code", -1, &st, NULL) != SQLITE_OK)
		return cn_db_fail(db, err, "Không đọc được đơn vị cũ");
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_text(st, 2, period, -1, SQLITE_TRANSIENT);
	int rc = CN_OK, n = 0;
	while (rc == CN_OK && sqlite3_step(st) == SQLITE_ROW) {
		rc = cn_approval_status(db, sqlite3_column_int64(st, 0), period, fn, ctx, err);
		n++;
	}
	sqlite3_finalize(st);
	return rc == CN_OK ? n : rc;
}
