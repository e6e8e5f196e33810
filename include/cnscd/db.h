/* The database: opening (and creating) it, migrations, transactions and a
 * cache of prepared statements. Every other core module goes through this. */
#ifndef CNSCD_DB_H
#define CNSCD_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include "cnscd/util.h"

/* "CNSD": marks a SQLite file as a cnscd database (PRAGMA application_id). */
#define CN_APPLICATION_ID 0x434E5344

typedef struct cn_db cn_db;

enum cn_db_flags {
	CN_DB_CREATE = 1,   /* create the file (mode 0600) when missing */
	CN_DB_READONLY = 2,
};

/* Default path: $CNSCD_DB, else $XDG_DATA_HOME/cnscd/cnscd.db, else
 * ~/.local/share/cnscd/cnscd.db. Malloc'd. */
char *cn_db_default_path(void);

/* What the layers above do at the database's turning points, given to
 * cn_db_open so that this layer calls nothing above it: the store module
 * (store.h) fills it in with the audit log and the backup before an
 * upgrade. Any member may be NULL. */
struct cn_db_hooks {
	/* Right after the connection is made, before any statement: what it
	 * returns is the connection's hook data (cn_db_hook_data), which
	 * DETACH releases when the database is closed. */
	void *(*attach)(sqlite3 *sq);
	void (*detach)(void *data);
	/* Inside the migration's write transaction of a database at schema
	 * FROM_VERSION (>= 1), before its first step; a failure stops it. */
	int (*before_migration)(cn_db *db, int from_version, cn_error *err);
	/* Inside the migration's transaction, after its last step. */
	int (*after_migration)(cn_db *db, cn_error *err);
	/* Once a database opened for writing is at the current schema. */
	int (*opened)(cn_db *db, cn_error *err);
	/* After the outermost begin; what it returns goes to BEFORE_COMMIT. */
	long long (*began)(cn_db *db);
	/* Before the outermost commit; a failure rolls the transaction back. */
	int (*before_commit)(cn_db *db, long long mark, cn_error *err);
};

/* Opens PATH, sets WAL, foreign keys, synchronous=FULL and a busy timeout,
 * and migrates an older schema to the current one in one transaction,
 * calling HOOKS (may be NULL) on the way. Fails with CN_EVERSION for a
 * database from a newer cnscd, CN_EINVAL for a file that is not a cnscd
 * database, CN_ERDONLY when a file opened for writing cannot be written.
 * The program opens its database with cn_store_open (store.h). */
cn_db *cn_db_open(const char *path, int flags, const struct cn_db_hooks *hooks, cn_error *err);
void cn_db_close(cn_db *db);

/* A writer waits up to 10 s (or $CNSCD_BUSY_TIMEOUT_MS) for another copy of
 * cnscd to finish writing, then fails with CN_EBUSY. After about a second of
 * waiting, FN (if set) is called once per wait so the front end can say why
 * nothing happens; it must not call back into the database. Process-wide,
 * and may be set before the first cn_db_open. */
typedef void (*cn_db_wait_fn)(void *ctx);
void cn_db_set_wait_notice(cn_db_wait_fn fn, void *ctx);

sqlite3 *cn_db_sqlite(cn_db *db);
const char *cn_db_path(cn_db *db);
/* Something the opening did that the user should know (a database file
 * open to others tightened to 0600), or NULL. */
const char *cn_db_notice(cn_db *db);
/* What the hooks' ATTACH returned for DB, or NULL. */
void *cn_db_hook_data(cn_db *db);
/* The command line that runs cnscd ARGS on this database, "cnscd --db
 * /home/a/x.db import units TỆP.csv" (the path quoted for the shell when it
 * needs it), for messages that tell the user what to run. Malloc'd. */
char *cn_db_command(cn_db *db, const char *args);
/* The same for the database at PATH (one not open, or not there yet). */
char *cn_db_command_at(const char *path, const char *args);
int cn_db_schema_version(cn_db *db);
int cn_db_latest_version(void);

/* Transactions nest: only the outermost begin/commit touch SQLite.
 * Begin is IMMEDIATE, so a writer waits (busy timeout) up front rather than
 * failing halfway. Rollback undoes the whole outermost transaction. */
int cn_db_begin(cn_db *db, cn_error *err);
int cn_db_commit(cn_db *db, cn_error *err);
void cn_db_rollback(cn_db *db);
/* An outermost transaction that reads one snapshot of the database without
 * taking the write lock (other copies of cnscd keep writing, WAL), for a
 * long check before a write; it may write the temp schema. Ended by
 * cn_db_commit or cn_db_rollback; a write to the database inside it may
 * fail with CN_EBUSY. */
int cn_db_begin_read(cn_db *db, cn_error *err);
/* A number that changes when another connection commits a change
 * (PRAGMA data_version): the same number at the start of a read
 * transaction and of a later write transaction means nobody wrote between
 * them. Starts a read of the database when none is open; -1 on error. */
long long cn_db_data_version(cn_db *db);

/* A prepared statement for SQL, cached for the life of DB (SQL must be a
 * string that lives as long, normally a literal). The statement comes back
 * reset with its bindings cleared. */
sqlite3_stmt *cn_db_stmt(cn_db *db, const char *sql, cn_error *err);
/* The same, returning the status: CN_OK with *ST set, or the database's
 * failure (ERR set when given) whatever ERR is, so a caller never has to
 * fall back on "err ? err->code : CN_EDB". */
int cn_db_prepare(cn_db *db, const char *sql, sqlite3_stmt **st, cn_error *err);

/* Runs SQL that returns no rows (may hold several statements). */
int cn_db_exec(cn_db *db, const char *sql, cn_error *err);
/* The integer in the first column of the first row of SQL (a pragma, a
 * count), or FALLBACK when it cannot be read. */
long long cn_db_int(cn_db *db, const char *sql, long long fallback);

/* Maps the last SQLite error of DB to a cn_status and a Vietnamese message
 * that starts with WHAT (e.g. "Không lưu được tổ"). */
int cn_db_fail(cn_db *db, cn_error *err, const char *what);

/* Binding helpers: NULL or "" binds SQL NULL for the text variants. */
void cn_bind_text(sqlite3_stmt *st, int i, const char *s);
void cn_bind_text_or_null(sqlite3_stmt *st, int i, const char *s);
void cn_bind_int(sqlite3_stmt *st, int i, long long v);
void cn_bind_int_or_null(sqlite3_stmt *st, int i, long long v); /* 0 → NULL */

/* Column helpers: a malloc'd copy ("" for NULL is not made: NULL stays NULL). */
char *cn_col_dup(sqlite3_stmt *st, int i);
/* Column text, never NULL ("" for NULL), valid until the next step. */
const char *cn_col_text(sqlite3_stmt *st, int i);

/* Settings stored in the database (key → text). The setting KEY: CN_OK
 * with *VALUE malloc'd, or NULL when it is not set; a database that cannot
 * be read (locked, damaged) is its failure, never taken for "not set". */
int cn_setting_read(cn_db *db, const char *key, char **value, cn_error *err);
/* For a setting that falls back on a default: malloc'd, or NULL when it
 * is not set or cannot be read. */
char *cn_setting_get(cn_db *db, const char *key);
int cn_setting_set(cn_db *db, const char *key, const char *value, cn_error *err);

#endif
