/* Bulk inserts for the importers: many rows of a table written by one
 * INSERT ... SELECT from the import's temp tables with the row triggers of
 * the connection off, then what those triggers do (the search index, the
 * tallies, the audit log) done once for all the new rows.
 *
 * Row by row, each trigger runs as a sub-program per row and, in a
 * transaction that touched the search index, each statement makes FTS5
 * write out its pending terms; for 300,000 members the triggers were half
 * of the time. The triggers' work is set-based here: the same rows in the
 * same tables, in a few statements.
 *
 * Safety: the triggers are only turned off when the table's insert
 * triggers are exactly those this file knows how to replace; any other
 * (a migration added one) and the rows go in with the triggers on, slower
 * but right. tests/unit compares the two ways on the same file. */
#include "import_bulk_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "db_internal.h"

/* What one insert trigger does, for the new rows ?1..?2 (NULL SQL: the
 * audit trigger, made by audit_triggers.c). */
struct replica {
	const char *trigger;
	const char *sql;
};

struct bulk_table {
	const char *table;
	struct replica replicas[5];
	/* Its other triggers (update, delete), which an insert does not fire. */
	const char *others[11];
};

#define FTS_SQL(kind, table) \
	"INSERT OR ROLLBACK INTO search_fts(rowid, key) SELECT " #kind " * 1099511627776 + id, search_key FROM " table \
	" WHERE id BETWEEN ?1 AND ?2 ORDER BY id"

static const struct bulk_table tables[] = {
	{"unit", {{"unit_fts_ai", FTS_SQL(1, "unit")}, {"audit_unit_insert", NULL}},
	 {"unit_fts_au", "unit_fts_ad", "unit_tally_path", "audit_unit_update", "audit_unit_delete"}},
	{"team", {
		{"team_fts_ai", FTS_SQL(2, "team")},
		/* The unit's tally (0007_unit_tally.sql, unit_tally_team_ins). */
		{"unit_tally_team_ins",
		 "INSERT OR ROLLBACK INTO unit_tally(unit_id, path, teams, members)"
		 " SELECT t.unit_id, (SELECT path FROM unit WHERE id = t.unit_id), sum(t.dissolved IS NULL),"
		 " sum((SELECT count(*) FROM member WHERE team_id = t.id AND left_on IS NULL) * (t.dissolved IS NULL))"
		 " FROM team t WHERE t.id BETWEEN ?1 AND ?2 GROUP BY t.unit_id"
		 " ON CONFLICT(unit_id) DO UPDATE SET teams = teams + excluded.teams, members = members + excluded.members"},
		{"audit_team_insert", NULL}},
	 {"team_fts_au", "team_fts_ad", "unit_tally_team_upd", "unit_tally_team_del", "audit_team_update",
	  "audit_team_delete"}},
	{"member", {
		{"member_fts_ai", FTS_SQL(3, "member")},
		/* unit_tally_member_ins: active members of active teams. */
		{"unit_tally_member_ins",
		 "UPDATE OR ROLLBACK unit_tally SET members = members + n.c FROM (SELECT t.unit_id AS unit_id, count(*) AS c"
		 " FROM member m JOIN team t ON t.id = m.team_id AND t.dissolved IS NULL"
		 " WHERE m.id BETWEEN ?1 AND ?2 AND m.left_on IS NULL GROUP BY t.unit_id) AS n"
		 " WHERE unit_tally.unit_id = n.unit_id"},
		/* team_tally_member_ins. */
		{"team_tally_member_ins",
		 "INSERT OR ROLLBACK INTO team_tally(team_id, active, total)"
		 " SELECT team_id, count(*) FILTER (WHERE left_on IS NULL), count(*) FROM member"
		 " WHERE id BETWEEN ?1 AND ?2 GROUP BY team_id"
		 " ON CONFLICT(team_id) DO UPDATE SET active = active + excluded.active, total = total + excluded.total"},
		{"audit_member_insert", NULL},
		/* cccd_repeat_ins (0016_people.sql): the CCCDs now held by more
		 * than one active member, a probe of the index per new CCCD. */
		{"cccd_repeat_ins",
		 "INSERT OR IGNORE INTO cccd_repeat(id_number) SELECT DISTINCT n.id_number FROM member n"
		 " WHERE n.id BETWEEN ?1 AND ?2 AND n.id_number IS NOT NULL AND n.left_on IS NULL"
		 " AND EXISTS (SELECT 1 FROM member o WHERE o.id_number = n.id_number AND o.left_on IS NULL AND o.id <> n.id)"}},
	 {"member_fts_au", "member_fts_ad", "unit_tally_member_upd", "unit_tally_member_del", "team_tally_member_upd",
	  "team_tally_member_del", "audit_member_update", "audit_member_delete", "cccd_repeat_upd", "cccd_repeat_del"}},
	{"report", {{"audit_report_insert", NULL}}, {"audit_report_update", "audit_report_delete"}},
	{"result", {{"audit_result_insert", NULL}}, {"audit_result_update", "audit_result_delete"}},
};

static bool bulk_allowed = true;

void cn_bulk_allow(bool allow)
{
	bulk_allowed = allow;
}

static const struct bulk_table *find_table(const char *table)
{
	for (size_t i = 0; i < CN_ARRAY_LEN(tables); i++)
		if (strcmp(tables[i].table, table) == 0)
			return &tables[i];
	return NULL;
}

/* Which replica stands for trigger NAME of T (bit), 0 for one of its
 * other triggers, -1 for a trigger this file does not know. */
static int trigger_bit(const struct bulk_table *t, const char *name)
{
	for (size_t i = 0; i < CN_ARRAY_LEN(t->replicas) && t->replicas[i].trigger; i++)
		if (strcmp(t->replicas[i].trigger, name) == 0)
			return 1 << i;
	for (size_t i = 0; i < CN_ARRAY_LEN(t->others) && t->others[i]; i++)
		if (strcmp(t->others[i], name) == 0)
			return 0;
	return -1;
}

/* The replicas of the insert triggers T has (bits), or -1 when T has a
 * trigger this file does not know: then the triggers must stay on. */
static int replicas_needed(cn_db *db, const struct bulk_table *t)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
				      NULL);
	if (!st)
		return -1;
	cn_bind_text(st, 1, t->table);
	int mask = 0;
	while (mask >= 0 && sqlite3_step(st) == SQLITE_ROW) {
		int bit = trigger_bit(t, cn_col_text(st, 0));
		mask = bit < 0 ? -1 : mask | bit;
	}
	sqlite3_reset(st);
	return mask;
}

static long long max_id(cn_db *db, const char *table)
{
	char *sql = cn_sprintf("SELECT coalesce(max(id), 0) FROM \"%s\"", table);
	long long id = cn_db_int(db, sql, -1);
	free(sql);
	return id;
}

/* Triggers and CHECK constraints on (row by row) or off (a bulk). */
static void set_triggers(cn_db *db, bool on)
{
	sqlite3_db_config(cn_db_sqlite(db), SQLITE_DBCONFIG_ENABLE_TRIGGER, on ? 1 : 0, (int *)NULL);
	sqlite3_exec(cn_db_sqlite(db), on ? "PRAGMA ignore_check_constraints = OFF" : "PRAGMA ignore_check_constraints = ON",
		     NULL, NULL, NULL);
}

/* The time now, as CN_SQL_NOW gives it. */
static void time_now(cn_db *db, char *out, size_t size)
{
	sqlite3_stmt *st;
	out[0] = '\0';
	if (sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT " CN_SQL_NOW, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
}

int cn_bulk_begin(cn_db *db, const char *table, cn_bulk *b, cn_error *err)
{
	memset(b, 0, sizeof *b);
	b->db = db;
	b->name = table;
	time_now(db, b->now, sizeof b->now);
	b->table = find_table(table);
	if ((b->first = max_id(db, table) + 1) <= 0)
		return cn_db_fail(db, err, "Không đọc được cơ sở dữ liệu");
	b->replicas = bulk_allowed && b->table ? replicas_needed(db, b->table) : -1;
	b->triggers_off = b->replicas >= 0;
	if (b->triggers_off)
		set_triggers(db, false);
	return CN_OK;
}

/* Runs SQL for the rows FIRST..LAST, stamped AT. */
static int run_replica(cn_db *db, const char *sql, long long first, long long last, const char *at, cn_error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return cn_db_fail(db, err, "Không ghi được dữ liệu nhập");
	sqlite3_bind_int64(st, 1, first);
	sqlite3_bind_int64(st, 2, last);
	if (sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không ghi được dữ liệu nhập");
}

int cn_bulk_expect(cn_bulk *b, long long rows, cn_error *err)
{
	/* The largest id stands for the rows held: a count would read them. */
	if (!bulk_allowed || b->indexes.len || rows < b->first - 1)
		return CN_OK;
	sqlite3 *sq = cn_db_sqlite(b->db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(sq, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
			       "AND sql IS NOT NULL ORDER BY name", -1, &st, NULL) != SQLITE_OK)
		return cn_db_fail(b->db, err, "Không ghi được dữ liệu nhập");
	sqlite3_bind_text(st, 1, b->name, -1, SQLITE_STATIC);
	cn_buf drop = {0};
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *one = sqlite3_mprintf("DROP INDEX \"%w\";", (const char *)sqlite3_column_text(st, 0));
		cn_buf_adds(&drop, one);
		sqlite3_free(one);
		cn_buf_printf(&b->indexes, "%s;\n", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	int rc = drop.len && sqlite3_exec(sq, cn_buf_str(&drop), NULL, NULL, NULL) != SQLITE_OK
			 ? cn_db_fail(b->db, err, "Không ghi được dữ liệu nhập") : CN_OK;
	cn_buf_free(&drop);
	return rc;
}

/* The triggers' work for the rows FIRST..LAST. */
static int sync_rows(cn_bulk *b, long long first, long long last, cn_error *err)
{
	/* One time for every row, as the triggers' CN_SQL_NOW within one
	 * statement would give. */
	const char *at = b->now;
	int rc = CN_OK;
	for (size_t i = 0; i < CN_ARRAY_LEN(b->table->replicas) && rc == CN_OK; i++) {
		const struct replica *r = &b->table->replicas[i];
		if (!r->trigger)
			break;
		if (!(b->replicas & (1 << i)))
			continue;
		if (r->sql) {
			rc = run_replica(b->db, r->sql, first, last, at, err);
			continue;
		}
		char *sql = cn_audit_insert_rows_sql(b->db, b->table->table);
		rc = sql ? run_replica(b->db, sql, first, last, at, err) : CN_OK;
		free(sql);
	}
	return rc;
}

/* The end's work so far: its steps are the indexes to make again (when
 * there are: half of it) and the runs of the triggers' work. */
static void tell_progress(cn_bulk *b, bool remaking, long long done, long long total)
{
	if (!b->progress || total <= 0)
		return;
	double part = (double)done / (double)total;
	b->progress(b->progress_ctx, remaking ? part / 2 : b->remade ? 0.5 + part / 2 : part);
}

/* Rows per run of the triggers' work: the tallies group the new rows,
 * and SQLite's sorter may hold as many as the page cache does. */
#define SYNC_ROWS 32768

int cn_bulk_sync(cn_bulk *b, cn_error *err)
{
	/* The triggers' work reads the table through its indexes: with them
	 * dropped, it waits for the end. */
	if (!b->triggers_off || b->indexes.len)
		return CN_OK;
	long long first = b->synced ? b->synced + 1 : b->first, last = max_id(b->db, b->table->table);
	int rc = CN_OK;
	for (long long from = first; from <= last && rc == CN_OK; from += SYNC_ROWS) {
		long long to = last - from < SYNC_ROWS ? last : from + SYNC_ROWS - 1;
		rc = sync_rows(b, from, to, err);
		b->synced = to;
		tell_progress(b, false, to - first + 1, last - first + 1);
	}
	return rc;
}

static bool foreign_keys_on(cn_db *db)
{
	sqlite3_stmt *st;
	bool on = true;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), "PRAGMA foreign_keys", -1, &st, NULL) == SQLITE_OK) {
		on = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	return on;
}

/* With the connection's foreign keys off (an import turns them off: a
 * foreign key made SQLite keep a statement journal of every page each big
 * statement changed), the new rows' references are checked here, each
 * foreign key of the table by one query over the new rows. */
static int check_references(cn_bulk *b, const char *table, cn_error *err)
{
	cn_db *db = b->db;
	long long last = max_id(db, table);
	if (last < b->first || foreign_keys_on(db))
		return CN_OK;
	sqlite3_stmt *fk;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT \"table\", \"from\", coalesce(\"to\", 'rowid') "
			       "FROM pragma_foreign_key_list(?)", -1, &fk, NULL) != SQLITE_OK)
		return cn_db_fail(db, err, "Không kiểm tra được dữ liệu nhập");
	sqlite3_bind_text(fk, 1, table, -1, SQLITE_STATIC);
	int rc = CN_OK;
	while (rc == CN_OK && sqlite3_step(fk) == SQLITE_ROW) {
		if (b->check_parent && strcmp(b->check_parent, (const char *)sqlite3_column_text(fk, 0)) != 0)
			continue;
		char *sql = sqlite3_mprintf("SELECT 1 FROM \"%w\" c WHERE c.id BETWEEN ?1 AND ?2 AND c.\"%w\" IS NOT NULL "
					    "AND NOT EXISTS (SELECT 1 FROM \"%w\" p WHERE p.\"%w\" = c.\"%w\") LIMIT 1",
					    table, (const char *)sqlite3_column_text(fk, 1),
					    (const char *)sqlite3_column_text(fk, 0), (const char *)sqlite3_column_text(fk, 2),
					    (const char *)sqlite3_column_text(fk, 1));
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK) {
			rc = cn_db_fail(db, err, "Không kiểm tra được dữ liệu nhập");
		} else {
			sqlite3_bind_int64(st, 1, b->first);
			sqlite3_bind_int64(st, 2, last);
			int step = sqlite3_step(st);
			if (step == SQLITE_ROW)
				rc = cn_fail(err, CN_EDB, "Dữ liệu nhập tham chiếu tới một dòng không có (bảng %s, cột %s); "
					     "không ghi gì.", table, (const char *)sqlite3_column_text(fk, 1));
			else if (step != SQLITE_DONE)
				rc = cn_db_fail(db, err, "Không kiểm tra được dữ liệu nhập");
			sqlite3_finalize(st);
		}
		sqlite3_free(sql);
	}
	sqlite3_finalize(fk);
	return rc;
}

/* The page cache while the indexes are made (KiB, as negative
 * cache_size), which is also what SQLite's sorter holds in memory before
 * it writes a sorted run to a temporary file: with the import's cache
 * (import_run.c) the two took 63 MB at 300,000 members, 48 MB so. */
#define REMAKE_CACHE (-8192)

/* The indexes cn_bulk_expect dropped, made again; a unique one that the
 * new rows break fails here, and the import is rolled back. */
static int remake_indexes(cn_bulk *b, cn_error *err)
{
	if (!b->indexes.len)
		return CN_OK;
	sqlite3 *sq = cn_db_sqlite(b->db);
	sqlite3_stmt *st;
	long long cache = cn_db_int(b->db, "PRAGMA main.cache_size", -2000);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA main.cache_size = %d", REMAKE_CACHE);
	sqlite3_exec(sq, sql, NULL, NULL, NULL);
	/* One index at a time, for the progress. */
	long long n = 0, made = 0;
	for (const char *c = cn_buf_str(&b->indexes); *c; c++)
		n += *c == '\n';
	int rc = CN_OK;
	for (const char *sql_left = cn_buf_str(&b->indexes); rc == CN_OK && *sql_left;) {
		const char *tail = NULL;
		if (sqlite3_prepare_v2(sq, sql_left, -1, &st, &tail) != SQLITE_OK) {
			rc = cn_db_fail(b->db, err, "Không ghi được dữ liệu nhập");
			break;
		}
		if (st && sqlite3_step(st) != SQLITE_DONE)
			rc = cn_db_fail(b->db, err, "Không ghi được dữ liệu nhập");
		sqlite3_finalize(st);
		sql_left = tail;
		while (*sql_left == '\n' || *sql_left == ' ')
			sql_left++;
		tell_progress(b, true, ++made, n);
	}
	b->remade = true;
	snprintf(sql, sizeof sql, "PRAGMA main.cache_size = %lld", cache);
	sqlite3_exec(sq, sql, NULL, NULL, NULL);
	return rc;
}

int cn_bulk_end(cn_bulk *b, bool ok, cn_error *err)
{
	int rc = ok ? remake_indexes(b, err) : CN_EDB;
	cn_buf_free(&b->indexes);
	if (rc == CN_OK)
		rc = cn_bulk_sync(b, err);
	if (rc == CN_OK && ok)
		rc = check_references(b, b->name, err);
	if (b->triggers_off)
		set_triggers(b->db, true);
	b->triggers_off = false;
	return ok ? rc : CN_EDB;
}
