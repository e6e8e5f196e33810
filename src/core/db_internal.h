/* What the database layer (db.c, db_util.c) lends the core's other
 * modules: statement helpers, the clock in SQL, and for modules that work on
 * SQLite handles of their own (a backup's, a restore's) the error mapping.
 * Core-only. */
#ifndef CNSCD_CORE_DB_INTERNAL_H
#define CNSCD_CORE_DB_INTERNAL_H

#include "cnscd/db.h"

/* cn_db_fail for any SQLite handle SQ (a backup file's, say), given the
 * result code RC of the call that failed. */
int cn_sqlite_fail(sqlite3 *sq, int rc, cn_error *err, const char *what);

/* SQL expression for the current UTC time in the schema's format. */
#define CN_SQL_NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
/* The time of an act the rules look at (a report sent, a month approved,
 * a participant checked in): the clock moved to today (cnscd/today.h), so
 * that CNSCD_TODAY decides whether a report was sent on time. Times kept
 * for synchronisation (updated_at) stay the clock's. */
#define CN_SQL_ACT_NOW "cn_now()"

/* Steps ST once expecting SQLITE_DONE, resets it, and maps a failure to a
 * Vietnamese message starting with WHAT. */
int cn_step_done(cn_db *db, sqlite3_stmt *st, cn_error *err, const char *what);
/* "HEAD ROW, ROW, ..." with N rows for a multi-row INSERT, built once per N
 * into CACHE[N] (the caller's static array, N below its length): the same
 * string each time, which is what cn_db_stmt caches a statement by. */
const char *cn_sql_rows(char **cache, const char *head, const char *row, int n);

/* Steps ST expecting one row. CN_OK: the row is ready to read, and the
 * caller resets ST after reading. Otherwise ST is reset and the error is
 * CN_ENOTFOUND with the message MISSING, or a database error about WHAT. */
int cn_step_row(cn_db *db, sqlite3_stmt *st, cn_error *err, const char *missing, const char *what);

/* The subtree of unit ID as a path range [*START, *END) (both malloc'd).
 * CN_ENOTFOUND when there is no such unit. */
int cn_unit_subtree(cn_db *db, long long id, char **start, char **end, cn_error *err);

/* Upper bound of the subtree of a unit whose path is PATH: every path in
 * the subtree is >= PATH and < the returned string. Malloc'd. */
char *cn_path_end(const char *path);

/* After an UPDATE ... WHERE id = ? AND updated_at = ? that changed nothing:
 * CN_ECONFLICT if the row TABLE/ID still exists (someone else changed it),
 * else CN_ENOTFOUND. */
int cn_update_missed(cn_db *db, const char *table, long long id, cn_error *err);

/* The single number SQL (bound to ID as ?1) counts; -1 on error. */
long long cn_count_where(cn_db *db, const char *sql, long long id);

#endif
