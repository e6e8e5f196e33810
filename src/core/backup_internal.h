/* Shared by backup.c and backup_restore.c. */
#ifndef CNSCD_CORE_BACKUP_INTERNAL_H
#define CNSCD_CORE_BACKUP_INTERNAL_H

#include "cnscd/backup.h"

/* The database's file name without ".db": backups are named after it. */
char *cn_backup_stem(const char *db_path);
/* Creates the backups folder DIR (mode 0700) if needed. */
int cn_backup_make_dir(const char *dir, cn_error *err);
/* Copies the database open on SRC into the new file PATH (mode 0600) with
 * SQLite's online backup; the copy is a plain database (not WAL) that
 * opens anywhere. On failure PATH is removed and the message starts with
 * WHAT. */
int cn_backup_copy(sqlite3 *src, const char *path, const char *what, cn_error *err);
/* Removes PATH and the journal files SQLite may have left beside it. */
void cn_backup_remove(const char *path);

#endif
