/* Backups of the database and restoring one. Backups live in a folder
 * beside the database, "<folder of the database>/backups", named
 * <name>-YYYYMMDD-HHMMSS[-reason].db after the database's file name without
 * ".db" (cnscd.db → cnscd-20261112-102200.db), mode 0600 in a 0700 folder:
 * they hold the same personal data. Automatic ones are made before every
 * schema upgrade (reason "before-upgrade"), once a day (cn_backup_daily),
 * and before a restore ("before-restore"); the newest N are kept (the
 * caller says how many: the setting backup_keep, default 14). Restoring
 * one is restore.h. */
#ifndef CNSCD_BACKUP_H
#define CNSCD_BACKUP_H

#include "cnscd/db.h"

#define CN_BACKUP_KEEP_DEFAULT 14
#define CN_BACKUP_KEEP_MAX 1000

/* The backups folder of the database at DB_PATH. Malloc'd. */
char *cn_backup_dir(const char *db_path);

/* Writes a consistent copy of DB (SQLite's online backup, safe while
 * another copy of cnscd writes) into its backups folder, REASON (may be
 * NULL) ending the name, then removes the oldest backups beyond the newest
 * KEEP (at least 1; normally cn_setting_number(db, "backup_keep")). *PATH,
 * if PATH is not NULL, gets the new file's path (malloc'd). */
int cn_backup_make(cn_db *db, const char *reason, int keep, char **path, cn_error *err);

/* Writes a copy of DB to PATH (mode 0600). PATH must not exist yet. */
int cn_backup_to(cn_db *db, const char *path, cn_error *err);

/* The daily backup: call right after opening the database. When DB holds
 * data and no backup of it was made today, makes one (keeping KEEP, as
 * cn_backup_make). Returns 1 when it made one, 0 when none was needed, or a
 * negative cn_status. */
int cn_backup_daily(cn_db *db, int keep, cn_error *err);

/* Calls FN with the path of each backup of DB, newest first; a non-zero
 * return stops. Returns how many were listed or a negative cn_status. */
int cn_backup_list(cn_db *db, int (*fn)(const char *path, void *ctx), void *ctx, cn_error *err);

#endif
