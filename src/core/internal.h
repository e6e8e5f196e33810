/* Helpers shared by the core's modules, not part of its public API. */
#ifndef CNSCD_CORE_INTERNAL_H
#define CNSCD_CORE_INTERNAL_H

#include "cnscd/db.h"

/* SQL expression for the current UTC time in the schema's format. */
#define CN_SQL_NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
/* The time of an act the rules look at (a report sent, a month approved,
 * a participant checked in): the clock moved to today (cnscd/today.h), so
 * that CNSCD_TODAY decides whether a report was sent on time. Times kept
 * for synchronisation (updated_at) stay the clock's. */
#define CN_SQL_ACT_NOW "cn_now()"

/* The one rule of which teams report for a month (FIRST..LAST, SQL date
 * expressions): team T existed during it (established by its last day,
 * not dissolved before its first) in unit U, open then. Whether the
 * report is already owed is the deadline's business (cnscd/today.h). */
#define CN_SQL_TEAM_REPORTS(t, u, first, last) \
	"(" t ".established IS NULL OR " t ".established <= " last ")" \
	" AND (" t ".dissolved IS NULL OR " t ".dissolved >= " first ")" \
	" AND (" u ".valid_to IS NULL OR " u ".valid_to >= " first ")"

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

/* The name of the commune above unit alias U (a village's, or a
 * sub-village's), '' for a unit at commune level or above. */
#define CN_SQL_COMMUNE_OF(u)                                                                                   \
	"CASE WHEN " u ".level <= 3 THEN '' ELSE coalesce((SELECT cp.name FROM unit cp WHERE cp.id = " u          \
	".parent_id AND cp.level = 3), (SELECT cg.name FROM unit cp JOIN unit cg ON cg.id = cp.parent_id "       \
	"WHERE cp.id = " u ".parent_id AND cg.level = 3), '') END"

/* The place of an attendance row A (member M, or a guest) in Vietnamese
 * order of names (collate.h): the member's stored key, made here for a
 * guest or a member another tool wrote. */
#define CN_SQL_ATTENDEE_ORDER "coalesce(nullif(m.name_order, ''), vi_key(coalesce(m.full_name, a.guest_name)))"

/* The single number SQL (bound to ID as ?1) counts; -1 on error. */
long long cn_count_where(cn_db *db, const char *sql, long long id);

/* Called by undo once the change of audit rows LO..HI is reverted: the
 * bundle imports that change was are forgotten (their record of the last
 * exchange of each row put back as it was, their open conflicts dropped),
 * so that the same bundle can be imported again (bundle_import.c). */
int cn_bundle_forget_undone(cn_db *db, long long lo, long long hi, cn_error *err);

#endif
