/* When each child unit's last bundle arrived, and whether it is overdue. */
#include <stdlib.h>
#include <string.h>

#include "bundle_internal.h"
#include "cnscd/settings.h"
#include "db_internal.h"

int cn_bundle_overdue_days(cn_db *db)
{
	return cn_setting_number(db, "bundle_overdue_days");
}

/* Without a parent: the parents of the units that have sent bundles, or
 * else the single top unit. */
static const char children_sql[] =
	"WITH parents(id) AS ("
	" SELECT ?1 WHERE ?1 > 0"
	" UNION SELECT u.parent_id FROM bundle_import bi JOIN unit u ON u.id = bi.unit_id"
	"  WHERE ?1 <= 0 AND u.parent_id IS NOT NULL"
	" UNION SELECT id FROM unit WHERE ?1 <= 0 AND parent_id IS NULL AND valid_to IS NULL"
	"  AND NOT EXISTS (SELECT 1 FROM bundle_import WHERE unit_id IS NOT NULL)"
	"  AND (SELECT count(*) FROM unit WHERE parent_id IS NULL AND valid_to IS NULL) = 1)"
	"SELECT c.id, c.code, c.name, last.imported_at, last.created_at,"
	" CAST(julianday(cn_now()) - julianday(last.imported_at) AS INTEGER)"
	" FROM unit c JOIN parents p ON c.parent_id = p.id"
	" LEFT JOIN (SELECT unit_id, max(imported_at) AS imported_at, created_at FROM bundle_import"
	"  GROUP BY unit_id) last ON last.unit_id = c.id"
	" WHERE c.valid_to IS NULL ORDER BY c.code";

int cn_bundle_status(cn_db *db, long long parent_id, cn_bundle_arrival_fn fn, void *ctx, cn_error *err)
{
	int overdue = cn_bundle_overdue_days(db);
	sqlite3_stmt *st = cn_db_stmt(db, children_sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, parent_id);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cn_bundle_arrival a = {
			.unit_id = sqlite3_column_int64(st, 0),
			.code = cn_col_text(st, 1),
			.name = cn_col_text(st, 2),
			.last_at = (const char *)sqlite3_column_text(st, 3),
			.created_at = (const char *)sqlite3_column_text(st, 4),
			.days = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 5),
		};
		a.overdue = a.days < 0 || a.days > overdue;
		n++;
		if (fn && fn(&a, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		n = cn_db_fail(db, err, "Không đọc được tình trạng gửi gói dữ liệu");
	sqlite3_reset(st);
	return n;
}
