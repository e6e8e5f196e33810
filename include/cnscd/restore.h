/* Restoring a backup (backup.h) or any copy of a cnscd database: checked
 * first, the content it replaces kept as a backup, replaced in one
 * transaction. Above the backups and the audit log, whose triggers it
 * makes again. */
#ifndef CNSCD_RESTORE_H
#define CNSCD_RESTORE_H

#include "cnscd/db.h"

/* Checks, changing nothing, that FILE is a cnscd database of a schema this
 * cnscd knows (1..cn_db_latest_version()) that passes PRAGMA
 * integrity_check. *VERSION (if not NULL) gets its schema version. */
int cn_restore_check(const char *file, int *version, cn_error *err);

/* Replaces the content of DB with FILE. FILE is copied and checked first
 * (cn_restore_check): a file that is not a cnscd database, from a newer
 * cnscd, or damaged is refused and nothing changes. Then the current
 * content is saved as a "before-restore" backup (its path in *SAVED, if
 * SAVED is not NULL; the newest KEEP backups kept, as cn_backup_make) and
 * FILE's content replaces it in one transaction, so an interruption leaves
 * the old or the new content, never a mix, and other open copies of cnscd
 * see the new content. Afterwards close and reopen DB, which upgrades a
 * FILE from an older cnscd. */
int cn_restore(cn_db *db, const char *file, int keep, char **saved, cn_error *err);

#endif
