/* What reorganisations did, read back from their records: a summary per
 * effective date, the succession records and the team moves. (The note
 * search shows beside a unit that was closed or renamed is the unit's own
 * history: unit_note.c.) */
#include <stdlib.h>
#include <string.h>

#include "cnscd/reorg.h"

/* ---- Summaries ---- */

static const char summary_sql[] =
	"SELECT effective, coalesce(min(resolution), ''), count(*), "
	"count(CASE WHEN kind = 'same' THEN 1 END), count(CASE WHEN kind = 'rename' THEN 1 END), "
	"count(CASE WHEN kind = 'merge' THEN 1 END), count(CASE WHEN kind = 'split' THEN 1 END), "
	"count(CASE WHEN kind = 'partial' THEN 1 END), "
	"count(DISTINCT CASE WHEN old_unit_id = new_unit_id THEN old_unit_id END), "
	"(SELECT count(*) FROM team_move m WHERE m.moved_on = s.effective), "
	"(SELECT count(*) FROM unit_former f JOIN unit u ON u.id = f.unit_id "
	" WHERE f.valid_to = date(s.effective, '-1 day') AND f.level >= 4 AND f.parent_id IS NOT u.parent_id) "
	"FROM unit_succession s GROUP BY effective ORDER BY effective";

/* Units by level: the old ones closed by the reorganisation of DATE, or
 * the successors that begin on DATE. */
static const char *const by_level_sql[2] = {
	"SELECT o.level, count(DISTINCT o.id) FROM unit_succession s JOIN unit o ON o.id = s.old_unit_id "
	"WHERE s.effective = ?1 AND o.valid_to = date(?1, '-1 day') GROUP BY o.level",
	"SELECT n.level, count(DISTINCT n.id) FROM unit_succession s JOIN unit n ON n.id = s.new_unit_id "
	"WHERE s.effective = ?1 AND n.valid_from = ?1 GROUP BY n.level",
};

static int count_by_level(cn_db *db, int which, const char *date, long *out, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, by_level_sql[which], err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, date);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int level = sqlite3_column_int(st, 0);
		out[level >= 1 && level <= CN_LEVEL_MAX ? level : CN_LEVEL_MAX] += sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được bản ghi sắp xếp đơn vị");
}

int cn_reorg_summaries(cn_db *db, int (*fn)(const cn_reorg_summary *s, void *ctx), void *ctx, cn_error *err)
{
	/* Not a cached statement: the callback may run other queries while
	 * this one steps (there are only a few reorganisations). */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), summary_sql, -1, &st, NULL) != SQLITE_OK)
		return cn_db_fail(db, err, "Không đọc được bản ghi sắp xếp đơn vị");
	int rc, n = 0, result = CN_OK;
	while (result == CN_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		cn_reorg_summary s = {.effective = cn_col_text(st, 0), .resolution = cn_col_text(st, 1),
				      .records = sqlite3_column_int64(st, 2), .kept = sqlite3_column_int64(st, 8),
				      .teams_moved = sqlite3_column_int64(st, 9),
				      .units_moved = sqlite3_column_int64(st, 10)};
		for (int k = 0; k < 5; k++)
			s.kinds[k] = sqlite3_column_int64(st, 3 + k);
		if ((result = count_by_level(db, 0, s.effective, s.old_closed, err)) != CN_OK ||
		    (result = count_by_level(db, 1, s.effective, s.new_units, err)) != CN_OK)
			break;
		n++;
		if (fn && fn(&s, ctx))
			break;
	}
	if (result == CN_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		result = cn_db_fail(db, err, "Không đọc được bản ghi sắp xếp đơn vị");
	sqlite3_finalize(st);
	return result == CN_OK ? n : result;
}

/* ---- Records and team moves ---- */

/* The old unit's name as it was before the change (a unit going on may
 * have been renamed since). */
static const char records_sql[] =
	"SELECT s.effective, s.kind, coalesce(s.resolution, ''), o.code, "
	"coalesce((SELECT f.name FROM unit_former f WHERE f.unit_id = o.id AND f.valid_to < s.effective "
	"ORDER BY f.valid_to DESC LIMIT 1), o.name), n.code, n.name, o.id, n.id "
	"FROM unit_succession s JOIN unit o ON o.id = s.old_unit_id JOIN unit n ON n.id = s.new_unit_id "
	"WHERE ?1 = 0 OR s.old_unit_id = ?1 OR s.new_unit_id = ?1 ORDER BY s.effective, o.code, n.code";

int cn_reorg_records(cn_db *db, long long unit_id, int (*fn)(const cn_reorg_record *r, void *ctx), void *ctx,
		     cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, records_sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, unit_id);
	int rc, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cn_reorg_record r = {cn_col_text(st, 0), cn_col_text(st, 1), cn_col_text(st, 2), cn_col_text(st, 3),
				     cn_col_text(st, 4), cn_col_text(st, 5), cn_col_text(st, 6),
				     sqlite3_column_int64(st, 7), sqlite3_column_int64(st, 8)};
		n++;
		if (fn && fn(&r, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : cn_db_fail(db, err, "Không đọc được bản ghi kế thừa");
}

static const char moves_sql[] =
	"SELECT m.moved_on, t.name, f.code, f.name, n.code, n.name, f.level, "
	"(SELECT count(*) FROM member x WHERE x.team_id = t.id AND x.left_on IS NULL) "
	"FROM team_move m JOIN team t ON t.id = m.team_id JOIN unit f ON f.id = m.from_unit_id "
	"JOIN unit n ON n.id = m.to_unit_id "
	"WHERE ?1 = 0 OR m.from_unit_id = ?1 OR m.to_unit_id = ?1 ORDER BY m.moved_on, f.code, t.name";

int cn_reorg_team_moves(cn_db *db, long long unit_id, int (*fn)(const cn_reorg_team_move *m, void *ctx),
			void *ctx, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, moves_sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, unit_id);
	int rc, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cn_reorg_team_move m = {cn_col_text(st, 0), cn_col_text(st, 1), cn_col_text(st, 2), cn_col_text(st, 3),
					cn_col_text(st, 4), cn_col_text(st, 5), sqlite3_column_int(st, 6),
					sqlite3_column_int64(st, 7)};
		n++;
		if (fn && fn(&m, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : cn_db_fail(db, err, "Không đọc được các lần chuyển tổ");
}
