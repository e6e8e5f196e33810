#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cnscd/collate.h"
#include "cnscd/db.h"
#include "cnscd/settings.h"
#include "cnscd/store.h"
#include "cnscd/unit.h"
#include "t.h"

TEST(db_created_private_with_wal_and_schema)
{
	const char *path = t_path("sub/dir/cnscd.db");
	cn_error err = {0};
	cn_db *db = cn_store_open(path, CN_DB_CREATE, &err);
	CHECK(db != NULL);
	if (!db)
		return;
	struct stat st;
	CHECK_INT(stat(path, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	CHECK_INT(cn_db_schema_version(db), cn_db_latest_version());
	sqlite3_stmt *s;
	sqlite3_prepare_v2(cn_db_sqlite(db), "PRAGMA journal_mode", -1, &s, NULL);
	CHECK(sqlite3_step(s) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	sqlite3_prepare_v2(cn_db_sqlite(db), "PRAGMA foreign_keys", -1, &s, NULL);
	CHECK(sqlite3_step(s) == SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);
	cn_db_close(db);
}

TEST(db_missing_without_create_says_how)
{
	cn_error err = {0};
	CHECK(cn_store_open(t_path("none.db"), 0, &err) == NULL);
	CHECK_INT(err.code, CN_ENOTFOUND);
	CHECK_HAS(err.msg, "cnscd --db ");
	CHECK_HAS(err.msg, " init\" để tạo");
}

TEST(db_refuses_foreign_and_newer_files)
{
	cn_error err = {0};
	sqlite3 *raw;
	sqlite3_open(t_path("other.db"), &raw);
	sqlite3_exec(raw, "CREATE TABLE x(a)", NULL, NULL, NULL);
	sqlite3_close(raw);
	CHECK(cn_store_open(t_path("other.db"), CN_DB_CREATE, &err) == NULL);
	CHECK_HAS(err.msg, "không phải cơ sở dữ liệu cnscd");

	cn_db *db = cn_store_open(t_path("new.db"), CN_DB_CREATE, &err);
	CHECK(db != NULL);
	cn_db_exec(db, "PRAGMA user_version = 999", &err);
	cn_db_close(db);
	CHECK(cn_store_open(t_path("new.db"), 0, &err) == NULL);
	CHECK_INT(err.code, CN_EVERSION);
	CHECK_HAS(err.msg, "phiên bản cnscd mới hơn");
}

TEST(db_reopen_keeps_data_and_does_not_remigrate)
{
	cn_error err = {0};
	cn_db *db = cn_store_open(t_path("a.db"), CN_DB_CREATE, &err);
	CHECK(cn_setting_set(db, "office", "UBND XÃ HÒA AN", &err) == CN_OK);
	cn_db_close(db);
	db = cn_store_open(t_path("a.db"), 0, &err);
	CHECK(db != NULL);
	char *v = cn_setting_get(db, "office");
	CHECK_STR(v, "UBND XÃ HÒA AN");
	free(v);
	cn_db_close(db);
}

TEST(db_nested_transactions_roll_back_whole)
{
	cn_error err = {0};
	cn_db *db = cn_store_open(t_path("tx.db"), CN_DB_CREATE, &err);
	CHECK_INT(cn_db_begin(db, &err), CN_OK);
	cn_setting_set(db, "a", "1", &err);
	CHECK_INT(cn_db_begin(db, &err), CN_OK);
	cn_setting_set(db, "b", "2", &err);
	cn_db_rollback(db);
	CHECK(cn_db_commit(db, &err) != CN_OK);
	char *a = cn_setting_get(db, "a");
	CHECK(a == NULL);
	free(a);
	cn_db_close(db);
}

TEST(db_default_path_follows_environment)
{
	setenv("CNSCD_DB", "/x/y.db", 1);
	char *p = cn_db_default_path();
	CHECK_STR(p, "/x/y.db");
	free(p);
	unsetenv("CNSCD_DB");
	setenv("XDG_DATA_HOME", "/data", 1);
	p = cn_db_default_path();
	CHECK_STR(p, "/data/cnscd/cnscd.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/u", 1);
	p = cn_db_default_path();
	CHECK_STR(p, "/home/u/.local/share/cnscd/cnscd.db");
	free(p);
}

/* The OpenEphemeral steps of SQL's program on the file at PATH (a list
 * CHECK builds one for every row written). */
static int ephemerals(const char *path, const char *sql)
{
	sqlite3 *sq;
	sqlite3_open(path, &sq);
	char *explain = sqlite3_mprintf("EXPLAIN %s", sql);
	sqlite3_stmt *st;
	int n = 0;
	if (sqlite3_prepare_v2(sq, explain, -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW)
			n += strcmp((const char *)sqlite3_column_text(st, 1), "OpenEphemeral") == 0;
		sqlite3_finalize(st);
	}
	sqlite3_free(explain);
	sqlite3_close(sq);
	return n;
}

TEST(list_checks_of_an_older_database_become_comparisons_and_still_refuse)
{
	const char *path = t_path("old.db");
	cn_error err = {0};
	cn_db *db = cn_store_open(path, CN_DB_CREATE, &err);
	CHECK(db != NULL);
	if (!db)
		return;
	cn_db_close(db);
	static const char *const audited_member =
		"INSERT INTO member(team_id, full_name, gender, role, search_key) VALUES (1, 'A', 1, 3, 'a')";
	CHECK_INT(ephemerals(path, audited_member), 0);
	static const char *const audit_row = "INSERT INTO audit(tbl, row_id, action) VALUES ('x', 1, 'update')";
	CHECK_INT(ephemerals(path, audit_row), 0);
	/* Back to a database of version 9: without what migration 14 added
	 * (it adds it again; the member's audit triggers name every column,
	 * and are made again after any migration), and with the text the
	 * checks had before migration 10. */
	sqlite3 *sq;
	sqlite3_open(path, &sq);
	CHECK_INT(sqlite3_exec(sq, "DROP TRIGGER audit_member_insert; DROP TRIGGER audit_member_update; "
				   "DROP TRIGGER audit_member_delete; DROP INDEX member_team; DROP INDEX member_by_name; "
				   "DROP INDEX member_by_position; DROP INDEX member_by_joined; "
				   "ALTER TABLE member DROP COLUMN name_order; "
				   "INSERT INTO member(team_id, full_name) VALUES (1, 'Đặng Thị Ánh'); "
				   "PRAGMA writable_schema = ON; "
				   "UPDATE sqlite_master SET sql = replace(sql, 'CHECK (action = ''insert'' OR action = "
				   "''update'' OR action = ''delete'')', 'CHECK (action IN (''insert'', ''update'', "
				   "''delete''))') WHERE name = 'audit'; "
				   "UPDATE sqlite_master SET sql = replace(replace(sql, 'CHECK (gender = 0 OR gender = 1 OR "
				   "gender = 2)', 'CHECK (gender IN (0, 1, 2))'), 'CHECK (role = 1 OR role = 2 OR role = 3)', "
				   "'CHECK (role IN (1, 2, 3))') WHERE name = 'member'; "
				   "PRAGMA writable_schema = OFF; PRAGMA user_version = 9; "
				   /* Nor the column migration 11 adds (its triggers go too: made again). */
				   "DROP TRIGGER audit_indicator_insert; DROP TRIGGER audit_indicator_update; "
				   "DROP TRIGGER audit_indicator_delete; ALTER TABLE indicator DROP COLUMN aggregate",
				   NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(sq);
	CHECK_INT(ephemerals(path, audited_member), 2); /* gender and role */
	CHECK_INT(ephemerals(path, audit_row), 1);
	db = cn_store_open(path, 0, &err);
	if (!db)
		fprintf(stderr, "%s\n", err.msg);
	CHECK(db != NULL);
	if (!db)
		return;
	CHECK_INT(cn_db_schema_version(db), cn_db_latest_version());
	cn_db_close(db);
	CHECK_INT(ephemerals(path, audited_member), 0);
	CHECK_INT(ephemerals(path, audit_row), 0);
	sqlite3_open(path, &sq);
	/* Migration 14 gave the member already there its place in the lists. */
	sqlite3_stmt *st;
	sqlite3_prepare_v2(sq, "SELECT name_order FROM member", -1, &st, NULL);
	CHECK_INT(sqlite3_step(st), SQLITE_ROW);
	char *key = cn_vi_key("Đặng Thị Ánh");
	CHECK_STR((const char *)sqlite3_column_text(st, 0), key);
	free(key);
	sqlite3_finalize(st);
	CHECK_INT(sqlite3_exec(sq, "PRAGMA integrity_check", NULL, NULL, NULL), SQLITE_OK);
	CHECK_INT(sqlite3_exec(sq, "INSERT INTO audit(tbl, row_id, action) VALUES ('x', 1, 'erase')", NULL, NULL,
			       NULL), SQLITE_CONSTRAINT);
	CHECK_INT(sqlite3_exec(sq, "INSERT INTO audit(tbl, row_id, action) VALUES ('x', 1, 'update')", NULL, NULL,
			       NULL), SQLITE_OK);
	sqlite3_close(sq);
}

/* A database that cannot be read (here: damaged, tables gone) is a failure
 * of the lookup, never "not set" or "no such unit". */
TEST(lookups_tell_a_failing_database_from_not_found)
{
	cn_error err = {0};
	cn_db *db = cn_store_open(t_path("lookups.db"), CN_DB_CREATE, &err);
	CHECK(db != NULL);
	char *v = (char *)"x";
	long long id = 5;
	CHECK_INT(cn_setting_read(db, "office_unit", &v, &err), CN_OK);
	CHECK(v == NULL);
	CHECK_INT(cn_unit_code_id(db, "26734", &id, &err), CN_OK);
	CHECK(id == 0);
	CHECK_INT(cn_setting_office_unit_read(db, &id, &err), CN_OK);
	CHECK(id == 0);

	CHECK_INT(sqlite3_exec(cn_db_sqlite(db), "PRAGMA foreign_keys = OFF; DROP TABLE setting; "
			       "ALTER TABLE unit RENAME TO unit_lost", NULL, NULL, NULL), SQLITE_OK);
	CHECK(cn_setting_read(db, "office_unit", &v, &err) == CN_EDB);
	CHECK(v == NULL);
	CHECK(cn_setting_office_unit_read(db, &id, &err) == CN_EDB);
	CHECK(cn_unit_code_id(db, "26734", &id, &err) == CN_EDB);
	char *out = NULL;
	CHECK(cn_setting_check(db, "office_unit", "26734", &out, &err) == CN_EDB);
	CHECK(strstr(err.msg, "Không có đơn vị nào") == NULL);
	CHECK(out == NULL);
	cn_db_close(db);
}
