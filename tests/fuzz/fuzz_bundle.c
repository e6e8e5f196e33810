/* libFuzzer target: the bundle import (src/core/bundle_*.c), fed genuine
 * bundles edited the way a forger would. The input is a recipe applied to
 * a genuine bundle of a commune: SQL edits of its rows (a value of any
 * type in any column of any row, a row removed or doubled, a table, view,
 * trigger, index, column or journal mode of the forger's choosing), the
 * checksum and counts made right again or not, then raw byte patches. The
 * result is imported by the district's database (office unit 961, which
 * holds the commune's earlier bundle and another commune of its own).
 *
 * Besides not crashing (ASan, UBSan), it checks what the import promises:
 * a refusal has a message in valid UTF-8; no transaction is left open; the
 * database passes quick_check and foreign_key_check; the unit tree is a
 * tree (every path its parent's and its id); and nothing outside the
 * sending commune's subtree has changed, whatever the bundle said. The
 * database is put back to its first state every RESET_EVERY runs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "bundle_internal.h"
#include "cnscd/bundle.h"
#include "cnscd/member.h"
#include "cnscd/results.h"
#include "cnscd/team.h"
#include "cnscd/text.h"
#include "fuzz_sql.h"
#include "cnscd/unit.h"
#include "cnscd/store.h"

#define RESET_EVERY 100

static char dir[] = "/tmp/cnscd-fuzz-bundle-XXXXXX";
static char sender_path[256], db_path[256], pristine[256], genuine[256], input[256];
static cn_db *db;
static unsigned char *genuine_bytes;
static size_t genuine_size;
static char *outside_before; /* what must never change */
static long long indicators;  /* the catalogue before: a bundle may add, never change */
static int runs;

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_bundle: broken promise: %s\n", what);
		abort();
	}
}

static unsigned char *read_all(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	check(f != NULL, "a file opens");
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *data = malloc((size_t)n + 1);
	check(data && fread(data, 1, (size_t)n, f) == (size_t)n, "a file is read");
	fclose(f);
	*size = (size_t)n;
	return data;
}

static void write_all(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	check(f && fwrite(data, 1, size, f) == size && fclose(f) == 0, "a file is written");
}

static long long unit(cn_db *d, const char *code, const char *name, const char *type, long long parent)
{
	cn_error err = {0};
	cn_unit u = {.code = (char *)code, .name = (char *)name, .type = (char *)type, .parent_id = parent};
	check(cn_unit_add(d, &u, &err) == CN_OK, "a unit is added");
	return u.id;
}

static long long team(cn_db *d, long long unit_id)
{
	cn_error err = {0};
	cn_team t = {.unit_id = unit_id};
	check(cn_team_add(d, &t, &err) == CN_OK, "a team is added");
	return t.id;
}

static void member(cn_db *d, long long team_id, const char *name, int role, const char *phone)
{
	cn_error err = {0};
	cn_member m = {.team_id = team_id, .full_name = strdup(name), .role = role, .phone = phone ? strdup(phone) : NULL};
	check(cn_member_add(d, &m, &err) == CN_OK, "a member is added");
	cn_member_clear(&m);
}

/* Tỉnh Bạc Liêu > Huyện Hoà Bình > two communes, as every office has it. */
static long long tree(cn_db *d)
{
	long long p = unit(d, "95", "Tỉnh Bạc Liêu", "Tỉnh", 0);
	long long dist = unit(d, "961", "Huyện Hoà Bình", "Huyện", p);
	unit(d, "31924", "Xã Vĩnh Mỹ B", "Xã", dist);
	return unit(d, "31933", "Xã Vĩnh Mỹ A", "Xã", dist);
}

static char *text_of(cn_db *d, const char *sql)
{
	sqlite3_stmt *st;
	char *v = NULL;
	check(sqlite3_prepare_v2(cn_db_sqlite(d), sql, -1, &st, NULL) == SQLITE_OK, "a check's query prepares");
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v ? v : strdup("");
}

/* Every row outside the commune 31933's subtree, as text. */
static char *outside(cn_db *d)
{
	char *sql = sqlite3_mprintf(
		"SELECT (SELECT group_concat(id || ':' || code || ':' || name || ':' || type || ':' || level || ':' "
		"|| coalesce(parent_id, 0) || ':' || path || ':' || coalesce(valid_to, ''), ',') FROM unit WHERE code NOT LIKE "
		"'31933%%') || '|' || (SELECT group_concat(t.id || ':' || t.unit_id || ':' || t.name || ':' || "
		"coalesce(t.dissolved, ''), ',') FROM team t JOIN unit u ON u.id = t.unit_id WHERE u.code NOT LIKE '31933%%') "
		"|| '|' || (SELECT group_concat(m.id || ':' || m.team_id || ':' || m.full_name || ':' || "
		"coalesce(m.phone, '') || ':' || coalesce(m.id_number, ''), ',') FROM member m JOIN team t ON t.id = m.team_id "
		"JOIN unit u ON u.id = t.unit_id WHERE u.code NOT LIKE '31933%%') || '|' || "
		"(SELECT group_concat(code || ':' || name || ':' || active, ',') FROM indicator WHERE id <= %lld)",
		indicators);
	char *v = text_of(d, sql);
	sqlite3_free(sql);
	return v;
}

static void make_world(void)
{
	cn_error err = {0};
	/* The commune: its tree, a team, members, a month's figures. */
	cn_db *s = cn_store_open(sender_path, CN_DB_CREATE, &err);
	check(s != NULL, "the commune's database opens");
	long long commune = tree(s);
	long long village = unit(s, "31933.01", "Ấp Xẻo Gừa", "Ấp", commune);
	long long t = team(s, commune);
	member(s, t, "Nguyễn Văn An", 1, "0912345678");
	member(s, t, "Trần Thị Bình", 3, NULL);
	member(s, team(s, village), "Lê Văn Cường", 1, "0987654321");
	long long report = 0;
	check(cn_month_report_open(s, t, "2025-05", true, &report, NULL, &err) == CN_OK &&
	      cn_result_set(s, report, cn_indicator_id_by_code(s, "VNEID_MUC2"), 0, 120, &err) == CN_OK,
	      "a month's figures");
	/* The district: the same tree, another commune's team, office 961,
	 * and the commune's first bundle. */
	db = cn_store_open(db_path, CN_DB_CREATE, &err);
	check(db != NULL, "the district's database opens");
	tree(db);
	member(db, team(db, cn_unit_id_by_code(db, "31924")), "Phạm Văn Dũng", 1, "0911111111");
	check(cn_setting_set(db, "office_unit", "961", &err) == CN_OK, "the office unit is set");
	check(cn_bundle_export(s, commune, NULL, genuine, "fuzz", NULL, &err) == CN_OK, "the first bundle");
	check(cn_bundle_import(db, genuine, NULL, &err) == CN_OK, "the first bundle is imported");
	/* The genuine bundle the inputs edit: the commune changed since. */
	check(cn_db_exec(s, "UPDATE member SET note = 'mới', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', "
			 "'+1 second') WHERE full_name = 'Trần Thị Bình'", &err) == CN_OK, "an edit");
	check(cn_bundle_export(s, commune, NULL, genuine, "fuzz", NULL, &err) == CN_OK, "the second bundle");
	cn_db_close(s);
	genuine_bytes = read_all(genuine, &genuine_size);
	check(cn_db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", &err) == CN_OK, "checkpoint");
	cn_db_close(db);
	db = NULL;
	size_t n;
	unsigned char *copy = read_all(db_path, &n);
	write_all(pristine, copy, n);
	free(copy);
}

static void reset(void)
{
	if (db)
		cn_db_close(db);
	char wal[300];
	snprintf(wal, sizeof wal, "%s-wal", db_path);
	unlink(wal);
	size_t n;
	unsigned char *copy = read_all(pristine, &n);
	write_all(db_path, copy, n);
	free(copy);
	cn_error err = {0};
	db = cn_store_open(db_path, 0, &err);
	check(db != NULL, "the district's database reopens");
	cn_db_exec(db, "PRAGMA synchronous = OFF", &err);
	char *max = text_of(db, "SELECT max(id) FROM indicator");
	indicators = atoll(max);
	free(max);
	free(outside_before);
	outside_before = outside(db);
}

static void remove_dir(void)
{
	if (db)
		cn_db_close(db);
	db = NULL;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_bundle: could not remove %s\n", dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	check(mkdtemp(dir) != NULL, "temporary folder");
	snprintf(sender_path, sizeof sender_path, "%s/commune.db", dir);
	snprintf(db_path, sizeof db_path, "%s/district.db", dir);
	snprintf(pristine, sizeof pristine, "%s/pristine.db", dir);
	snprintf(genuine, sizeof genuine, "%s/genuine.cnscd", dir);
	snprintf(input, sizeof input, "%s/input.cnscd", dir);
	atexit(remove_dir);
	make_world();
	reset();
	return 0;
}

/* --- The recipe ------------------------------------------------------------ */

struct recipe {
	const uint8_t *p;
	size_t n;
};

static int next(struct recipe *r)
{
	if (!r->n)
		return -1;
	r->n--;
	return *r->p++;
}

/* What a forger may add to a bundle besides rows. */
static const char *const schema_edits[] = {
	"DROP TABLE bundle_key; CREATE VIEW bundle_key AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 "
	"FROM r) SELECT 'unit' AS tbl, n AS id, 'x' AS uuid FROM r",
	"CREATE TRIGGER t AFTER INSERT ON bundle_header BEGIN SELECT 1; END",
	"CREATE VIRTUAL TABLE v USING fts4(x)",
	"CREATE INDEX i ON member(full_name)",
	"ALTER TABLE member ADD COLUMN secret TEXT",
	"CREATE TABLE extra(x)",
	"PRAGMA journal_mode = WAL",
	"UPDATE unit SET parent_id = (SELECT max(id) FROM unit) WHERE id = (SELECT min(id) FROM unit)",
	"INSERT INTO unit SELECT id + 1000, lower(hex(randomblob(16))), '961', name, type, level, NULL, path, "
	"valid_from, valid_to, search_key, created_at, '2099-01-01T00:00:00.000Z' FROM unit LIMIT 1",
	"INSERT INTO bundle_deleted(uuid, tbl, row_id, updated_at, at) SELECT uuid, 'unit', id, NULL, "
	"'2099-01-01T00:00:00.000Z' FROM unit LIMIT 1",
	"UPDATE bundle_header SET value = '961' WHERE key = 'root_code'",
	"UPDATE member SET team_id = team_id + 1",
	"UPDATE bundle_key SET uuid = (SELECT uuid FROM unit LIMIT 1) WHERE tbl = 'member'",
	"DELETE FROM bundle_count WHERE tbl = 'member'",
};

/* A value made of the recipe's next bytes, bound as parameter 1. */
static void bind_value(sqlite3_stmt *st, struct recipe *r)
{
	int kind = next(r), len = next(r);
	if (kind < 0 || len < 0) {
		sqlite3_bind_null(st, 1);
		return;
	}
	len = len % 48;
	if ((size_t)len > r->n)
		len = (int)r->n;
	switch (kind % 4) {
	case 0:
		sqlite3_bind_null(st, 1);
		break;
	case 1: {
		unsigned long long v = 0;
		for (int i = 0; i < len && i < 8; i++)
			v = v << 8 | r->p[i];
		sqlite3_bind_int64(st, 1, kind & 0x80 ? -(long long)(v >> 1) : (long long)(v >> 1));
		break;
	}
	case 2:
		sqlite3_bind_text(st, 1, (const char *)r->p, len, SQLITE_TRANSIENT);
		break;
	default:
		sqlite3_bind_blob(st, 1, r->p, len, SQLITE_TRANSIENT);
		break;
	}
	r->p += len;
	r->n -= (size_t)len;
}

/* Sets a column of a row of a table, all chosen by the recipe. */
static void edit_value(sqlite3 *sq, struct recipe *r)
{
	int tbl = next(r), row = next(r), col = next(r);
	if (tbl < 0 || row < 0 || col < 0)
		return;
	char *name = NULL, *column = NULL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(sq, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 1 OFFSET ?1",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int(st, 1, tbl % 16);
		if (sqlite3_step(st) == SQLITE_ROW)
			name = sqlite3_mprintf("%s", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (name && sqlite3_prepare_v2(sq, "SELECT name FROM pragma_table_info(?1) LIMIT 1 OFFSET ?2", -1, &st, NULL) ==
			    SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, col % 16);
		if (sqlite3_step(st) == SQLITE_ROW)
			column = sqlite3_mprintf("%s", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (name && column) {
		char *sql = sqlite3_mprintf("UPDATE \"%w\" SET \"%w\" = ?1 WHERE rowid = (SELECT rowid FROM \"%w\" "
					    "ORDER BY rowid LIMIT 1 OFFSET %d)", name, column, name, row % 8);
		if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) == SQLITE_OK) {
			bind_value(st, r);
			sqlite3_step(st);
			sqlite3_finalize(st);
		}
		sqlite3_free(sql);
	}
	sqlite3_free(name);
	sqlite3_free(column);
}

/* What a forger does after editing: counts and checksum made right. */
static void resign(sqlite3 *sq)
{
	sqlite3_exec(sq, "UPDATE bundle_count SET rows = (SELECT count(*) FROM member) WHERE tbl = 'member';"
			 "UPDATE bundle_count SET rows = (SELECT count(*) FROM unit) WHERE tbl = 'unit';"
			 "UPDATE bundle_count SET rows = (SELECT count(*) FROM team) WHERE tbl = 'team';"
			 "UPDATE bundle_header SET value = lower(hex(randomblob(16))) WHERE key = 'bundle_id'",
		     NULL, NULL, NULL);
	char sum[17];
	if (bundle_checksum(sq, "main", sum, NULL) != CN_OK)
		return;
	char *sql = sqlite3_mprintf("UPDATE bundle_header SET value = '%q' WHERE key = 'checksum'", sum);
	sqlite3_exec(sq, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
}

/* The bundle the recipe makes, written to INPUT. */
static void make_input(const uint8_t *data, size_t size)
{
	write_all(input, genuine_bytes, genuine_size);
	struct recipe r = {data, size};
	int flags = next(&r);
	sqlite3 *sq = NULL;
	/* The harness's own connection: nothing in the bundle runs here. */
	if (flags >= 0 && sqlite3_open(input, &sq) == SQLITE_OK) {
		sqlite3_db_config(sq, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
		sqlite3_db_config(sq, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
		int ops = flags >> 4;
		for (int i = 0; i < ops; i++) {
			int op = next(&r);
			if (op < 0)
				break;
			if (op % 3 == 0)
				edit_value(sq, &r);
			else if (op % 3 == 1)
				sqlite3_exec(sq, schema_edits[(op / 3) % (sizeof schema_edits / sizeof *schema_edits)], NULL,
					     NULL, NULL);
			else
				sqlite3_exec(sq, op & 0x80 ? "DELETE FROM member WHERE rowid = (SELECT max(rowid) FROM member)"
							  : "INSERT INTO member SELECT * FROM member LIMIT 1", NULL, NULL,
					     NULL);
		}
		if (flags & 1)
			resign(sq);
	}
	sqlite3_close(sq);
	/* Then raw bytes, three for a place and one for the byte. */
	if (flags >= 0 && (flags & 2)) {
		size_t n;
		unsigned char *bytes = read_all(input, &n);
		while (r.n >= 4 && n > 0) {
			size_t at = ((size_t)r.p[0] << 16 | (size_t)r.p[1] << 8 | r.p[2]) % n;
			bytes[at] = r.p[3];
			r.p += 4;
			r.n -= 4;
		}
		write_all(input, bytes, n);
		free(bytes);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (runs++ % RESET_EVERY == 0)
		reset();
	make_input(data, size);
	struct cn_bundle_import_result res;
	cn_error err = {0};
	int rc = cn_bundle_import(db, input, &res, &err);
	if (rc != CN_OK) {
		check(err.msg[0] != '\0', "a refusal has a message");
		if (!cn_utf8_valid(err.msg, strlen(err.msg)))
			fprintf(stderr, "fuzz_bundle: the message: %s\n", err.msg);
		check(cn_utf8_valid(err.msg, strlen(err.msg)), "a refusal's message is valid UTF-8");
	}
	sqlite3 *sq = cn_db_sqlite(db);
	check(sqlite3_get_autocommit(sq) != 0, "no transaction is left open");
	int ok = 0, bad = 0, loose = 0;
	sqlite3_exec(sq, "PRAGMA quick_check", fuzz_check_ok, &ok, NULL);
	check(ok, "the database passes quick_check");
	sqlite3_exec(sq, "PRAGMA foreign_key_check", fuzz_any_row, &bad, NULL);
	check(!bad, "no foreign key is broken");
	sqlite3_exec(sq, "SELECT 1 FROM unit u LEFT JOIN unit p ON p.id = u.parent_id "
			 "WHERE u.path <> coalesce(p.path, '/') || u.id || '/' LIMIT 1", fuzz_any_row, &loose, NULL);
	check(!loose, "the unit tree is a tree");
	char *now = outside(db);
	check(strcmp(now, outside_before) == 0, "nothing outside the sender's subtree changed");
	free(now);
	return 0;
}
