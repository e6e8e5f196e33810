/* The cnscd database as the program uses it: the database layer (db.h)
 * with what keeps its data safe wired in. Opening migrates an older schema
 * after a backup of it, keeps the audit triggers and this connection's
 * audit session, and makes the audit rows of each transaction one change
 * for undo. Backups here keep the number the setting backup_keep says. */
#ifndef CNSCD_STORE_H
#define CNSCD_STORE_H

#include "cnscd/db.h"

/* cn_db_open with the store's hooks: what the app, the CLI, the tests and
 * the tools open a database with. A schema upgrade is refused when the
 * backup before it cannot be made. */
cn_db *cn_store_open(const char *path, int flags, cn_error *err);

/* cn_backup_make, cn_backup_daily and cn_restore keeping the newest
 * backup_keep backups. */
int cn_store_backup(cn_db *db, const char *reason, char **path, cn_error *err);
int cn_store_daily_backup(cn_db *db, cn_error *err);
int cn_store_restore(cn_db *db, const char *file, char **saved, cn_error *err);

#endif
