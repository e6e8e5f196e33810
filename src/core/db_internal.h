/* Between db.c and the modules that keep data safe (backup.c, audit*.c).
 * Core-only: front ends use backup.h and audit.h. */
#ifndef CNSCD_CORE_DB_INTERNAL_H
#define CNSCD_CORE_DB_INTERNAL_H

#include "cnscd/db.h"

/* cn_db_fail for any SQLite handle SQ (a backup file's, say), given the
 * result code RC of the call that failed. */
int cn_sqlite_fail(sqlite3 *sq, int rc, cn_error *err, const char *what);

/* Called inside the migration's write transaction of a database at schema
 * FROM_VERSION (>= 1): writes <stem>-<time>-before-upgrade.db beside it. A
 * failure stops the migration. */
int cn_backup_before_migration(cn_db *db, int from_version, cn_error *err);

/* (Re)creates the audit triggers of every audited table that exists, from
 * its current columns. Inside a transaction; a no-op before schema 2. */
int cn_audit_install(cn_db *db, cn_error *err);
/* Installs the triggers of audited tables that lack them (a table added to
 * the list without a migration). Cheap when nothing is missing. */
int cn_audit_ensure(cn_db *db, cn_error *err);

/* What this connection writes to the audit log, transaction by transaction
 * (SQLite hooks on SQ), so that undo knows the exact extent of each of its
 * changes, autocommit statements included. */
struct cn_audit_session;
struct cn_audit_session *cn_audit_session_start(sqlite3 *sq);
void cn_audit_session_end(struct cn_audit_session *s);
struct cn_audit_session *cn_db_audit_session(cn_db *db);

/* Id of the newest audit row (0 when none, -1 without an audit table). */
long long cn_audit_mark(cn_db *db);
/* Before the outermost commit: when the transaction wrote more than one
 * audit row after MARK, records them as one change (for undo). */
int cn_audit_group_close(cn_db *db, long long mark, cn_error *err);

#endif
