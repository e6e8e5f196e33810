/* The members importer's writing, inside the write transaction: the new
 * teams, the members that change and the new members, each a few
 * statements over the temp tables, the inserts in bulk (import_bulk_internal.h). */
#include <stdlib.h>

#include "cnscd/member.h"
#include "cnscd/team.h"
#include "import_bulk_internal.h"
#include "import_members_internal.h"
#include "db_internal.h"

/* Records per INSERT statement: the progress moves between them. */
#define CHUNK 32768

static int exec(cn_import *imp, const char *sql, cn_error *err)
{
	return cn_import_exec(imp, sql, err);
}

/* What the file does: the rows kept, by what writing does with them,
 * less those rejected. */
static int count_acts(cn_import *imp, const struct members *s, long long *writes, cn_error *err)
{
	long long n[ACT_COUNT];
	for (int i = 0; i < ACT_COUNT; i++)
		n[i] = s->acts[i];
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT act, count(*) FROM temp.imp_row WHERE rec IN "
					      "(SELECT rec FROM temp.cn_imp_issue) GROUP BY act", err);
	if (!st)
		return err ? err->code : CN_EDB;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int act = sqlite3_column_int(st, 0);
		if (act >= 0 && act < ACT_COUNT)
			n[act] -= sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	imp->res->added = (long)n[ACT_INSERT];
	imp->res->updated = (long)n[ACT_UPDATE];
	imp->res->unchanged = (long)n[ACT_NONE];
	imp->res->moved = (long)n[ACT_MOVE];
	*writes = n[ACT_INSERT] + n[ACT_UPDATE] + n[ACT_MOVE];
	return CN_OK;
}

/* The teams the good rows need, created with the ids FIRST, FIRST + 1, …
 * in the order the file named them. */
static int add_teams(cn_import *imp, cn_error *err)
{
	/* A team to create is there for a row: with no row rejected, every
	 * one is needed; else those with a good row. */
	int rc = exec(imp, imp->nissues ? "UPDATE temp.imp_team SET used = 1 WHERE team < 0 AND team IN "
					  "(SELECT team FROM temp.imp_row WHERE team < 0 AND NOT bad)"
					: "UPDATE temp.imp_team SET used = 1 WHERE team < 0", err);
	sqlite3_stmt *st = rc == CN_OK ? cn_import_sql(imp, "SELECT count(DISTINCT team) FROM temp.imp_team WHERE used",
						       err) : NULL;
	if (!st)
		return err ? err->code : CN_EDB;
	imp->res->teams_added = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (!imp->res->teams_added)
		return CN_OK;
	cn_bulk b;
	if ((rc = cn_bulk_begin(imp->db, "team", &b, err)) != CN_OK)
		return rc;
	st = cn_import_sql(imp,
		"UPDATE temp.imp_team SET new_id = n.id FROM (SELECT team, ?1 + row_number() OVER (ORDER BY team DESC) - 1 "
		"AS id FROM temp.imp_team WHERE used GROUP BY team) AS n WHERE imp_team.team = n.team", err);
	if (st) {
		cn_bind_int(st, 1, b.first);
		rc = cn_import_step(imp, st, "Không thêm được tổ", err);
	}
	/* The aliases of a team (its two keys) name it alike. */
	st = rc == CN_OK ? cn_import_sql(imp,
		"INSERT OR ROLLBACK INTO team(id, unit_id, name, search_key) SELECT new_id, min(unit_id), min(name), min(search_key) "
		"FROM temp.imp_team WHERE used GROUP BY new_id ORDER BY new_id", err) : NULL;
	if (rc == CN_OK && !st)
		rc = err ? err->code : CN_EDB;
	if (rc == CN_OK)
		rc = cn_import_step(imp, st, "Không thêm được tổ", err);
	int end = cn_bulk_end(&b, rc == CN_OK, err);
	return rc == CN_OK ? end : rc;
}

/* Each row's team: its id, or that of the team made for it (an index that
 * answers from itself, for the insert's lookup per row). */
static int index_new_teams(cn_import *imp, cn_error *err)
{
	return exec(imp, "CREATE INDEX temp.imp_team_new ON imp_team(team, new_id)", err);
}

/* The members that change: the others first, then the leaders, so that
 * a leader replaced in the file has stepped down before the new one
 * takes over. */
static int update_members(cn_import *imp, cn_error *err)
{
	static const char *const sql =
		"UPDATE OR ROLLBACK member SET full_name = r.full_name, gender = r.gender, birth_year = r.birth_year, phone = r.phone, "
		"id_number = r.id_number, role = r.role, position = r.position, joined = r.joined, "
		"search_key = r.search_key, name_order = r.name_order, updated_at = " CN_SQL_NOW " FROM temp.imp_row AS r "
		"WHERE member.id = r.match AND r.act = 1 AND NOT r.bad AND (r.role = 1) = ?";
	int rc = CN_OK;
	for (int leaders = 0; leaders < 2 && rc == CN_OK; leaders++) {
		sqlite3_stmt *st = cn_import_sql(imp, sql, err);
		if (!st)
			return err ? err->code : CN_EDB;
		cn_bind_int(st, 1, leaders);
		rc = cn_import_step(imp, st, "Không lưu được thành viên", err);
	}
	return rc;
}

/* Members of other teams that rows move here (their CCCD), one by one as
 * the forms move them (a transfer recorded, undone with the import), then
 * what the row changes besides; each said in the notes. Moves are few. */
static int move_members(cn_import *imp, cn_error *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(cn_db_sqlite(imp->db),
		"SELECT r.rec, r.match, CASE WHEN r.team > 0 THEN r.team ELSE (SELECT t.new_id FROM temp.imp_team t "
		"WHERE t.team = r.team LIMIT 1) END, r.role, r.full_name, r.id_number, m.team_id FROM temp.imp_row r "
		"JOIN member m ON m.id = r.match WHERE r.act = 3 AND NOT r.bad ORDER BY r.rec", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return cn_db_fail(imp->db, err, "Không chuyển được thành viên");
	sqlite3_stmt *rest = cn_import_sql(imp,
		"UPDATE OR ROLLBACK member SET full_name = r.full_name, gender = r.gender, birth_year = r.birth_year, "
		"phone = r.phone, id_number = r.id_number, position = r.position, joined = r.joined, "
		"search_key = r.search_key, name_order = r.name_order, updated_at = " CN_SQL_NOW " FROM temp.imp_row AS r "
		"WHERE r.rec = ? AND member.id = r.match AND (member.full_name IS NOT r.full_name OR member.gender IS NOT "
		"r.gender OR member.birth_year IS NOT r.birth_year OR member.phone IS NOT r.phone OR member.id_number IS "
		"NOT r.id_number OR member.position IS NOT r.position OR member.joined IS NOT r.joined)", err);
	rc = rest ? CN_OK : err ? err->code : CN_EDB;
	while (rc == CN_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long rec = sqlite3_column_int64(st, 0), id = sqlite3_column_int64(st, 1);
		long long to = sqlite3_column_int64(st, 2);
		char *from = cn_team_place(imp->db, sqlite3_column_int64(st, 6));
		rc = cn_member_move(imp->db, id, to, "", sqlite3_column_int(st, 3), err);
		if (rc == CN_OK) {
			cn_bind_int(rest, 1, rec);
			rc = cn_import_step(imp, rest, "Không lưu được thành viên", err);
		}
		if (rc == CN_OK) {
			char *place = cn_team_place(imp->db, to);
			cn_import_note(imp, "dòng %ld: %s (CCCD %s) chuyển từ %s sang %s", cn_import_line(imp, (size_t)rec),
				       cn_col_text(st, 4), cn_col_text(st, 5), from, place);
			free(place);
		}
		free(from);
	}
	/* The loop ends on the step's SQLite code or on a cn_status (< 0). */
	if (rc == SQLITE_DONE)
		rc = CN_OK;
	else if (rc > 0)
		rc = cn_db_fail(imp->db, err, "Không chuyển được thành viên");
	sqlite3_finalize(st);
	return rc;
}

/* The progress of the writing while cn_bulk_end makes the indexes again
 * and does the triggers' work: the second half of the new rows' share. */
struct end_progress {
	cn_import *imp;
	long long from, rows, total;
};

static void report_end(void *ctx, double done)
{
	struct end_progress *p = ctx;
	cn_import_report(p->imp, CN_IMPORT_WRITING, p->from + (long long)((double)p->rows * done), p->total);
}

/* The new members, in file order, in one pass over the rows: after the
 * updates and moves, so that a leader replaced in the file has stepped
 * down before the new one is written. */
static int insert_members(cn_import *imp, long long done, long long total, cn_error *err)
{
	cn_bulk b;
	int rc = cn_bulk_begin(imp->db, "member", &b, err);
	if (rc != CN_OK)
		return rc;
	rc = cn_bulk_expect(&b, imp->res->added, err);
	/* With the indexes to make again, the inserts are half of the work. */
	struct end_progress end_at = {imp, done, imp->res->added, total};
	int share = b.indexes.len ? 2 : 1;
	if (share == 2) {
		end_at.rows -= imp->res->added / 2;
		end_at.from += imp->res->added / 2;
		b.progress = report_end;
		b.progress_ctx = &end_at;
	}
	for (size_t from = 0; from < imp->nrecs && rc == CN_OK; from += CHUNK) {
		sqlite3_stmt *st = cn_import_sql(imp,
			"INSERT OR ROLLBACK INTO member(uuid, team_id, full_name, gender, birth_year, phone, id_number, role, "
			"position, joined, search_key, name_order, created_at, updated_at) SELECT " CN_IMPORT_UUID_SQL("?4", "r.rec") ", "
			"CASE WHEN r.team > 0 THEN r.team ELSE (SELECT t.new_id FROM temp.imp_team t INDEXED BY imp_team_new "
			"WHERE t.team = r.team LIMIT 1) END, r.full_name, r.gender, r.birth_year, r.phone, r.id_number, "
			"r.role, r.position, r.joined, r.search_key, r.name_order, ?3, ?3 FROM temp.imp_row r "
			"WHERE r.rec BETWEEN ?1 AND ?2 AND r.act = 0 AND NOT r.bad ORDER BY r.rec",
			err);
		if (!st) {
			rc = err ? err->code : CN_EDB;
			break;
		}
		cn_bind_int(st, 1, (long long)from);
		cn_bind_int(st, 2, (long long)(from + CHUNK - 1));
		cn_bind_text(st, 3, b.now);
		cn_bind_text(st, 4, imp->uuid_base);
		rc = cn_import_step(imp, st, "Không thêm được thành viên", err);
		done += sqlite3_changes(cn_db_sqlite(imp->db)) / share;
		if (rc == CN_OK)
			rc = cn_bulk_sync(&b, err);
		cn_import_report(imp, CN_IMPORT_WRITING, done, total);
	}
	int end = cn_bulk_end(&b, rc == CN_OK, err);
	return rc == CN_OK ? end : rc;
}

int members_write(cn_import *imp, struct members *s, cn_error *err)
{
	long long total = 0;
	int rc = cn_import_mark_bad(imp, "imp_row", err);
	if (rc == CN_OK)
		rc = count_acts(imp, s, &total, err);
	if (rc == CN_OK)
		rc = add_teams(imp, err);
	if (rc == CN_OK)
		rc = index_new_teams(imp, err);
	if (rc == CN_OK && imp->res->updated)
		rc = update_members(imp, err);
	if (rc == CN_OK && imp->res->moved)
		rc = move_members(imp, err);
	cn_import_report(imp, CN_IMPORT_WRITING, imp->res->updated + imp->res->moved, total);
	if (rc == CN_OK && imp->res->added)
		rc = insert_members(imp, imp->res->updated + imp->res->moved, total, err);
	return rc;
}
