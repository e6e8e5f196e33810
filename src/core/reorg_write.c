/* Writing a planned reorganisation, inside the caller's transaction:
 * new units, units going on (renamed or moved), the moves of villages and
 * teams, closing, succession records, then the tree's paths and what each
 * moved or renamed unit was before. */
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "reorg_internal.h"

/* Runs SQL whose parameters are ?1 (TEXT), ?2 (A) and ?3 (B), each optional. */
static int exec_sql(cn_db *db, const char *sql, cn_error *err, const char *what, const char *text,
		    long long a, long long b)
{
	sqlite3_stmt *st = cn_db_stmt(db, sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	int n = sqlite3_bind_parameter_count(st);
	if (n >= 1)
		cn_bind_text(st, 1, text);
	if (n >= 2)
		cn_bind_int(st, 2, a);
	if (n >= 3)
		cn_bind_int(st, 3, b);
	return cn_step_done(db, st, err, what);
}

/* ---- New units and units going on ---- */


static int create_unit(cn_db *db, struct reorg *r, struct new_unit *n, long long parent_id, cn_error *err)
{
	cn_unit u = {.code = n->code, .name = n->name, .type = n->type, .level = n->level, .parent_id = parent_id};
	int rc = cn_unit_store(db, &u, err);
	if (rc != CN_OK)
		return rc;
	n->db_id = u.id;
	return exec_sql(db, "UPDATE unit SET valid_from = ?1 WHERE id = ?2", err, "Không tạo được đơn vị mới", r->date,
			n->db_id, 0);
}

/* Keeps what the unit was (for statistics as of an earlier date, and so
 * that search finds it by its former name: see unit.c), then rewrites it. */
static int rewrite_unit(cn_db *db, struct reorg *r, struct new_unit *n, long long parent_id, cn_error *err)
{
	int rc = exec_sql(db,
		"INSERT OR IGNORE INTO unit_former(unit_id, valid_to, name, type, level, parent_id, path) "
		"SELECT id, ?1, name, type, level, parent_id, path FROM unit WHERE id = ?2",
		err, "Không lưu được tên cũ của đơn vị", r->day_before, n->db_id, 0);
	if (rc != CN_OK)
		return rc;
	cn_unit u = {.id = n->db_id, .code = n->code, .name = n->name, .type = n->type, .level = n->level,
		     .parent_id = parent_id};
	return cn_unit_store(db, &u, err);
}

int reorg_write_unit(cn_db *db, struct reorg *r, long ni, cn_error *err)
{
	struct new_unit *n = &r->nu[ni];
	if (n->written || !n->needed)
		return CN_OK;
	n->written = true;
	long long parent_id = 0;
	if (n->parent_idx >= 0) {
		int rc = reorg_write_unit(db, r, n->parent_idx, err);
		if (rc != CN_OK)
			return rc;
		parent_id = r->nu[n->parent_idx].db_id;
	}
	if (!n->db_id)
		return create_unit(db, r, n, parent_id, err);
	return n->update ? rewrite_unit(db, r, n, parent_id, err) : CN_OK;
}

static long long count_of(cn_db *db, const char *sql, cn_error *err);

/* ---- Moves of villages, teams and training sessions ---- */

/* What moves is listed first, from the tree as it was, then moved at once:
 * a unit going on may both give its villages away and receive others'. */
static const char move_table_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS reorg_move (kind INTEGER NOT NULL, item_id INTEGER NOT NULL, "
	"from_id INTEGER NOT NULL, to_id INTEGER NOT NULL, PRIMARY KEY (kind, item_id)); "
	"CREATE TEMP TABLE IF NOT EXISTS reorg_before (id INTEGER PRIMARY KEY, name TEXT, type TEXT, level INTEGER, "
	"parent_id INTEGER, path TEXT); "
	"DELETE FROM temp.reorg_move; DELETE FROM temp.reorg_before;";

static int list_moves(cn_db *db, long long from, long long to, cn_error *err)
{
	int rc = exec_sql(db,
		"INSERT OR IGNORE INTO temp.reorg_move SELECT 1, id, ?2, ?3 FROM unit "
		"WHERE parent_id = ?2 AND valid_to IS NULL AND level >= 4",
		err, "Không chuyển được thôn", NULL, from, to);
	if (rc == CN_OK)
		rc = exec_sql(db,
			"INSERT OR IGNORE INTO temp.reorg_move SELECT 2, id, ?2, ?3 FROM team "
			"WHERE unit_id = ?2 AND dissolved IS NULL",
			err, "Không chuyển được tổ", NULL, from, to);
	/* Its training sessions go where its teams go: lists and reports of
	 * the successor count them (and "as of" an earlier day, where they
	 * were: training_move). */
	if (rc == CN_OK)
		rc = exec_sql(db, "INSERT OR IGNORE INTO temp.reorg_move SELECT 3, id, ?2, ?3 FROM training WHERE unit_id = ?2",
			      err, "Không chuyển được lớp tập huấn", NULL, from, to);
	return rc;
}

static int list_all_moves(cn_db *db, struct reorg *r, cn_error *err)
{
	int rc = CN_OK;
	for (size_t i = 0; i < r->nold && rc == CN_OK; i++) {
		struct old_unit *o = &r->old[i];
		if (o->relevant && o->carry >= 0 && r->nu[o->carry].db_id != o->db_id)
			rc = list_moves(db, o->db_id, r->nu[o->carry].db_id, err);
	}
	for (size_t i = 0; i < r->ndist && rc == CN_OK; i++)
		rc = list_moves(db, r->dist[i].db_id, r->nu[r->dist[i].carry].db_id, err);
	return rc;
}

/* Says where each district's teams went: the summary must. */
static int note_district_teams(cn_db *db, struct reorg *r, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT t.name, f.name, f.code, n.name, n.code, "
		"(SELECT count(*) FROM member m WHERE m.team_id = t.id AND m.left_on IS NULL) "
		"FROM temp.reorg_move mv JOIN team t ON t.id = mv.item_id JOIN unit f ON f.id = mv.from_id "
		"JOIN unit n ON n.id = mv.to_id WHERE mv.kind = 2 AND f.level = 2 ORDER BY f.code, t.name", err);
	if (!st)
		return err ? err->code : CN_EDB;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		reorg_note(r, "Tổ cấp huyện «%s» (%s, %s; %lld thành viên) chuyển về %s (%s)", cn_col_text(st, 0),
			   cn_col_text(st, 1), cn_col_text(st, 2), (long long)sqlite3_column_int64(st, 5),
			   cn_col_text(st, 3), cn_col_text(st, 4));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được tổ cấp huyện");
}

static const char *const move_sql[] = {
	"UPDATE unit SET parent_id = (SELECT to_id FROM temp.reorg_move mv WHERE mv.kind = 1 AND mv.item_id = unit.id), "
	"updated_at = " CN_SQL_NOW " WHERE id IN (SELECT item_id FROM temp.reorg_move WHERE kind = 1)",
	"INSERT INTO team_move(team_id, moved_on, from_unit_id, to_unit_id) "
	"SELECT item_id, ?1, from_id, to_id FROM temp.reorg_move WHERE kind = 2",
	"UPDATE team SET unit_id = (SELECT to_id FROM temp.reorg_move mv WHERE mv.kind = 2 AND mv.item_id = team.id), "
	"updated_at = " CN_SQL_NOW " WHERE id IN (SELECT item_id FROM temp.reorg_move WHERE kind = 2)",
	"INSERT OR IGNORE INTO training_move(training_id, moved_on, from_unit_id, to_unit_id) "
	"SELECT item_id, ?1, from_id, to_id FROM temp.reorg_move WHERE kind = 3",
	"UPDATE training SET unit_id = (SELECT to_id FROM temp.reorg_move mv WHERE mv.kind = 3 "
	"AND mv.item_id = training.id), updated_at = " CN_SQL_NOW " WHERE id IN "
	"(SELECT item_id FROM temp.reorg_move WHERE kind = 3)",
};

static int move_all(cn_db *db, struct reorg *r, cn_error *err)
{
	int rc = list_all_moves(db, r, err);
	if (rc == CN_OK)
		rc = note_district_teams(db, r, err);
	if (rc == CN_OK && (r->res->sessions_moved = count_of(db, "SELECT count(*) FROM temp.reorg_move WHERE kind = 3",
								 err)) < 0)
		rc = err ? err->code : CN_EDB;
	for (size_t i = 0; i < CN_ARRAY_LEN(move_sql) && rc == CN_OK; i++)
		rc = exec_sql(db, move_sql[i], err, "Không chuyển được thôn và tổ", r->date, 0, 0);
	return rc;
}

/* ---- Closing and succession ---- */

static const char *kind_of(const struct reorg *r, const struct old_unit *o, long ni)
{
	const struct new_unit *n = &r->nu[ni];
	if (o->nrows > 1)
		return ni == o->carry ? "split" : "partial";
	if (strcmp(n->code, o->code) == 0)
		return n->update ? "rename" : "same";
	return n->received == 1 ? "rename" : "merge";
}

static int record(cn_db *db, struct reorg *r, long long old_id, long long new_id, const char *kind, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"INSERT OR IGNORE INTO unit_succession(old_unit_id, new_unit_id, kind, resolution, effective) "
		"VALUES (?, ?, ?, ?, ?)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, old_id);
	cn_bind_int(st, 2, new_id);
	cn_bind_text(st, 3, kind);
	cn_bind_text_or_null(st, 4, r->opt->resolution);
	cn_bind_text(st, 5, r->date);
	return cn_step_done(db, st, err, "Không ghi được bản ghi kế thừa");
}

static int close_unit(cn_db *db, struct reorg *r, long long id, cn_error *err)
{
	return exec_sql(db, "UPDATE unit SET valid_to = ?1, updated_at = " CN_SQL_NOW " WHERE id = ?2 AND valid_to IS NULL",
			err, "Không đóng được đơn vị cũ", r->day_before, id, 0);
}

static int close_and_record(cn_db *db, struct reorg *r, cn_error *err)
{
	int rc = CN_OK;
	for (size_t i = 0; i < r->nold && rc == CN_OK; i++) {
		struct old_unit *o = &r->old[i];
		if (!o->relevant)
			continue;
		for (int k = 0; k < o->nrows && rc == CN_OK; k++) {
			long ni = r->rows[o->rows[k]].new_idx;
			rc = record(db, r, o->db_id, r->nu[ni].db_id, kind_of(r, o, ni), err);
		}
		if (rc == CN_OK && !o->continuing)
			rc = close_unit(db, r, o->db_id, err);
	}
	/* A district goes into its new province; a commune that takes its
	 * teams by assignment got part of it. */
	for (size_t i = 0; i < r->ndist && rc == CN_OK; i++) {
		struct district *d = &r->dist[i];
		long province = r->old[d->province].carry;
		rc = record(db, r, d->db_id, r->nu[province].db_id, "merge", err);
		if (rc == CN_OK && d->carry != province)
			rc = record(db, r, d->db_id, r->nu[d->carry].db_id, "partial", err);
		if (rc == CN_OK)
			rc = close_unit(db, r, d->db_id, err);
	}
	return rc;
}

/* ---- Paths, and what moved units were ---- */

static int keep_former(cn_db *db, struct reorg *r, cn_error *err)
{
	return exec_sql(db,
		"INSERT OR IGNORE INTO unit_former(unit_id, valid_to, name, type, level, parent_id, path) "
		"SELECT b.id, ?1, b.name, b.type, b.level, b.parent_id, b.path FROM temp.reorg_before b "
		"JOIN unit u ON u.id = b.id WHERE u.path <> b.path OR u.parent_id IS NOT b.parent_id "
		"OR u.name <> b.name OR u.type <> b.type OR u.level <> b.level",
		err, "Không lưu được vị trí cũ của đơn vị", r->day_before, 0, 0);
}

/* The number SQL counts; -1 with ERR set when the database fails. */
static long long count_of(cn_db *db, const char *sql, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, sql, err);
	if (!st)
		return -1;
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (n < 0)
		cn_db_fail(db, err, "Không đọc được cơ sở dữ liệu");
	return n;
}

/* Active members in active teams of open units: the figure that must not change. */
static long long active_members(cn_db *db, cn_error *err)
{
	return count_of(db,
		"SELECT count(*) FROM member m JOIN team t ON t.id = m.team_id JOIN unit u ON u.id = t.unit_id "
		"WHERE m.left_on IS NULL AND t.dissolved IS NULL AND u.valid_to IS NULL", err);
}

/* Open units under a closed one: a reorganisation must not leave any new. */
static long long orphans(cn_db *db, cn_error *err)
{
	return count_of(db,
		"SELECT count(*) FROM unit c JOIN unit p ON p.id = c.parent_id "
		"WHERE c.valid_to IS NULL AND p.valid_to IS NOT NULL", err);
}

static int check_after(cn_db *db, struct reorg *r, long long orphans_before, cn_error *err)
{
	cn_reorg_result *res = r->res;
	res->members_after = active_members(db, err);
	if (res->members_after < 0)
		return err ? err->code : CN_EDB;
	if (res->members_after != res->members_before)
		return cn_fail(err, CN_EDB,
			       "Số thành viên đang hoạt động thay đổi (%lld trước, %lld sau): đã hủy toàn bộ thay đổi, "
			       "cơ sở dữ liệu giữ nguyên như cũ.", res->members_before, res->members_after);
	long long left = orphans(db, err);
	if (left < 0)
		return err ? err->code : CN_EDB;
	if (left > orphans_before)
		return cn_fail(err, CN_EDB,
			       "Còn %lld đơn vị đang hoạt động nằm dưới đơn vị đã đóng: đã hủy toàn bộ thay đổi, "
			       "cơ sở dữ liệu giữ nguyên như cũ.", left - orphans_before);
	return CN_OK;
}

int reorg_write(cn_db *db, struct reorg *r, cn_error *err)
{
	long long orphans_before = orphans(db, err);
	r->res->members_before = orphans_before < 0 ? -1 : active_members(db, err);
	if (r->res->members_before < 0)
		return err ? err->code : CN_EDB;
	int rc = cn_db_exec(db, move_table_sql, err);
	if (rc == CN_OK)
		rc = exec_sql(db, "INSERT INTO temp.reorg_before SELECT id, name, type, level, parent_id, path FROM unit",
			      err, "Không đọc được cây đơn vị", NULL, 0, 0);
	for (size_t i = 0; i < r->nnu && rc == CN_OK; i++)
		rc = reorg_write_unit(db, r, (long)i, err);
	if (rc == CN_OK)
		rc = move_all(db, r, err);
	if (rc == CN_OK)
		rc = close_and_record(db, r, err);
	if (rc == CN_OK)
		rc = cn_unit_rebuild_tree(db, err);
	if (rc == CN_OK)
		rc = keep_former(db, r, err);
	if (rc == CN_OK)
		rc = check_after(db, r, orphans_before, err);
	cn_db_exec(db, "DELETE FROM temp.reorg_move; DELETE FROM temp.reorg_before;", NULL);
	return rc;
}
