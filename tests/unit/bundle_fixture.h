/* What the bundle tests share: several databases in one test, and short
 * queries on them. */
#ifndef CNSCD_TEST_BUNDLE_FIXTURE_H
#define CNSCD_TEST_BUNDLE_FIXTURE_H

#include <stdlib.h>

#include "fixture.h"
#include "cnscd/store.h"

static inline cn_db *open_db(const char *name)
{
	cn_error err = {0};
	cn_db *db = cn_store_open(t_path(name), CN_DB_CREATE, &err);
	if (!db)
		t_fail(__FILE__, __LINE__, "open %s: %s", name, err.msg);
	return db;
}

/* The first value SQL gives, as text ("(null)" when none). Malloc'd. */
static inline char *qs(cn_db *db, const char *sql)
{
	sqlite3_stmt *st;
	CHECK(sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK);
	char *v = sqlite3_step(st) == SQLITE_ROW ? cn_col_dup(st, 0) : NULL;
	sqlite3_finalize(st);
	return v ? v : cn_strdup("(null)");
}

/* The first value SQL gives, as a number (-1 when there is no row). */
static inline long long q(cn_db *db, const char *sql)
{
	sqlite3_stmt *st;
	CHECK(sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK);
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

static inline void exec(cn_db *db, const char *sql)
{
	cn_error err = {0};
	if (cn_db_exec(db, sql, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "%s: %s", sql, err.msg);
}

#endif
