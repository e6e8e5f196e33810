/* What a reorganisation carries over after the day itself: the unit that
 * took a closed unit's place (where its teams and sessions went), and the
 * refusal to write to a closed unit, which names that successor. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/approval.h"
#include "cnscd/reorg.h"
#include "cnscd/validate.h"
#include "internal.h"

/* A closed unit has as many succession records as new units it went into;
 * the one that took its teams (and so its sessions) comes first, then the
 * one that took its villages (split), then any but a part. */
static const char successor_sql[] =
	"SELECT s.new_unit_id FROM unit_succession s JOIN unit n ON n.id = s.new_unit_id "
	"WHERE s.old_unit_id = ?1 AND s.new_unit_id <> ?1 "
	"ORDER BY EXISTS (SELECT 1 FROM team_move m WHERE m.from_unit_id = s.old_unit_id "
	"AND m.to_unit_id = s.new_unit_id AND m.moved_on = s.effective) DESC, "
	"s.kind = 'split' DESC, s.kind = 'partial', s.effective DESC, n.code LIMIT 1";

/* Reorganisations that closed a unit and then its successor are rare; a
 * chain longer than this is a loop in records made by hand. */
#define MAX_CHAIN 8

long long cn_unit_successor(cn_db *db, long long unit_id)
{
	long long id = unit_id, found = 0;
	for (int i = 0; i < MAX_CHAIN; i++) {
		sqlite3_stmt *st = cn_db_stmt(db, successor_sql, NULL);
		if (!st)
			return 0;
		cn_bind_int(st, 1, id);
		long long next = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (!next)
			break;
		found = id = next;
		if (cn_count_where(db, "SELECT count(*) FROM unit WHERE id = ?1 AND valid_to IS NULL", id) > 0)
			return id;
	}
	return found;
}

int cn_unit_refuse_closed(cn_db *db, long long unit_id, const char *what, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT name, valid_to FROM unit WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, unit_id);
	int rc = cn_step_row(db, st, err, "Không tìm thấy đơn vị", "Không đọc được đơn vị");
	if (rc != CN_OK)
		return rc;
	char *name = cn_col_dup(st, 0), *valid_to = cn_col_dup(st, 1);
	sqlite3_reset(st);
	if (valid_to) {
		char shown[CN_DATE_LEN];
		cn_date_display(valid_to, shown);
		long long succ = cn_unit_successor(db, unit_id);
		cn_unit s = {0};
		if (succ && cn_unit_get(db, succ, &s, NULL) == CN_OK)
			rc = cn_fail(err, CN_EINVAL, "%s đã giải thể/sáp nhập %s, nay thuộc %s (mã %s): %s vào đơn vị đã "
				     "đóng được; hãy chọn %s.", name, shown, s.name, s.code, what, s.name);
		else
			rc = cn_fail(err, CN_EINVAL, "%s đã đóng từ %s: %s vào đơn vị đã đóng được.", name, shown, what);
		cn_unit_clear(&s);
	}
	free(name);
	free(valid_to);
	return rc;
}

/* ---- Villages that share a name after a merge ---- */

char *cn_unit_label(cn_db *db, long long unit_id)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT " CN_SQL_UNIT_LABEL("u") " FROM unit u WHERE u.id = ?", NULL);
	if (!st)
		return NULL;
	cn_bind_int(st, 1, unit_id);
	char *label = sqlite3_step(st) == SQLITE_ROW ? cn_col_dup(st, 0) : NULL;
	sqlite3_reset(st);
	return label;
}

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
