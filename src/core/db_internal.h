/* What db.c lends the core's other modules that work on SQLite handles of
 * their own (a backup's, a restore's). Core-only. */
#ifndef CNSCD_CORE_DB_INTERNAL_H
#define CNSCD_CORE_DB_INTERNAL_H

#include "cnscd/db.h"

/* cn_db_fail for any SQLite handle SQ (a backup file's, say), given the
 * result code RC of the call that failed. */
int cn_sqlite_fail(sqlite3 *sq, int rc, cn_error *err, const char *what);

#endif
