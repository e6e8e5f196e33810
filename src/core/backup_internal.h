/* Shared by backup.c and restore.c. */
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
/* A new empty private file "PREFIX-<pid>-XXXXXX.tmp" for a copy being
 * made (malloc'd path), or NULL with ERR set. */
char *cn_backup_temp(const char *prefix, cn_error *err);
/* "<backups>/.<stem>-KIND-<pid>-XXXXXX.tmp" for cn_os_mkstemps: where a restore
 * or a bundle import puts its private copy. Malloc'd. */
char *cn_backup_temp_template(const char *db_path, const char *kind);
/* Removes from DIR the temporary copies (names "…-<pid>-XXXXXX.tmp" or
 * their "-journal", starting with PREFIX and holding MARKER when not NULL)
 * whose run is gone or that are over an hour old: only this user's plain
 * files, never through a link. */
void cn_backup_sweep(const char *dir, const char *prefix, const char *marker);
/* Removes PATH and the journal files SQLite may have left beside it. */
void cn_backup_remove(const char *path);

#endif
