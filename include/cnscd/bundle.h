/* Bundles: how an office that works offline reports upward. A bundle is one
 * SQLite file (".cnscd") holding a unit's subtree (units, teams, members,
 * trainings, attendance, the indicators they use, targets, monthly reports
 * with their figures, and any later table that has a uuid and updated_at)
 * plus the deletions made there, a header saying where and when it was made,
 * and a checksum. The office above merges it by uuid; a row changed on both
 * sides since the last exchange becomes a conflict for the user to resolve.
 * See src/core/bundle_export.c and bundle_import.c for the rules. */
#ifndef CNSCD_BUNDLE_H
#define CNSCD_BUNDLE_H

#include <stdbool.h>

#include "cnscd/db.h"

/* The bundle format this cnscd writes and reads. */
#define CN_BUNDLE_FORMAT 1
/* "CNSB" (PRAGMA application_id of a bundle file). */
#define CN_BUNDLE_APPLICATION_ID 0x434E5342

struct cn_bundle_export_result {
	char bundle_id[33];
	long long rows;     /* data rows written (all tables) */
	long long deletions;
};

/* Writes the subtree of UNIT_ID (0: the database's single top unit) to PATH,
 * atomically (temporary file then rename, mode 0600). SINCE (ISO date or
 * NULL) limits teams, members, trainings, reports... to those changed on or
 * after that day, and the deletions to those made since; units and the
 * indicators used always travel whole so that the receiver can place the
 * rows. BY names who made it (NULL: the login name). */
int cn_bundle_export(cn_db *db, long long unit_id, const char *since, const char *path, const char *by,
		     struct cn_bundle_export_result *out, cn_error *err);

/* What an import did, per kind of change. */
struct cn_bundle_import_result {
	char bundle_id[33];
	char source_id[33];
	char root_code[64];
	char root_name[256];
	char created_at[32];  /* when the bundle was made (UTC ISO) */
	char created_by[128];
	bool already;         /* this very bundle was imported before: nothing done */
	bool downward;        /* from the office above: only its decisions were taken */
	long long added, updated, unchanged, deleted, conflicts;
	long long skipped;    /* rows the bundle carries that are not the sender's to change here */
};

/* Merges the bundle at PATH into DB in one transaction, within what its
 * sender may change here, judged by this database's tree and its office
 * unit (setting office_unit, required): a bundle of a unit inside the
 * office's subtree changes only that unit's subtree (never the unit's own
 * row, an ancestor or a sibling); a bundle of the office's unit or one
 * above it (from the office above) changes only approvals, targets and the
 * catalogues of the office's subtree. Every value passes the checks of
 * forms and imports. Refuses whole (CN_EINVAL, CN_EVERSION; nothing
 * changed, the message says what and where) a damaged file, a newer format
 * or schema, a bundle from outside, a row or value breaking any of this. */
int cn_bundle_import(cn_db *db, const char *path, struct cn_bundle_import_result *out, cn_error *err);

/* For undo, once the change of audit rows LO..HI is reverted (the store
 * gives it to the audit log): the bundle imports that change was are
 * forgotten (their record of the last exchange of each row put back as it
 * was, their open conflicts dropped), so that the same bundle can be
 * imported again. */
int cn_bundle_forget_undone(cn_db *db, long long lo, long long hi, cn_error *err);

/* --- Conflicts ------------------------------------------------------------ */

typedef struct cn_bundle_conflict {
	long long id;
	const char *table;     /* "member", ... */
	const char *table_label; /* Vietnamese: "thành viên" */
	const char *row_uuid;
	long long row_id;      /* local row, 0 when it is gone */
	const char *label;     /* the row's name for people (from either version) */
	const char *local_values;    /* JSON object; NULL: the row is gone here */
	const char *incoming_values; /* JSON object; NULL: deleted at the source */
	const char *source_unit;     /* root unit code of the bundle */
	const char *at;              /* when it was found (UTC ISO) */
	const char *resolved_at;     /* NULL while open */
	const char *resolution;      /* "local" / "incoming" */
} cn_bundle_conflict;

/* Calls FN for each conflict (open ones only unless ALL), oldest first;
 * FN returns non-zero to stop. The strings live until FN returns. Returns
 * the number seen, or a negative status. */
typedef int (*cn_bundle_conflict_fn)(const cn_bundle_conflict *c, void *ctx);
int cn_bundle_conflict_list(cn_db *db, bool all, cn_bundle_conflict_fn fn, void *ctx, cn_error *err);
long long cn_bundle_conflict_count(cn_db *db);

/* Resolves conflict ID: keep the local version, or take the incoming one
 * (which may mean deleting the row). CN_ENOTFOUND for an unknown id,
 * CN_EINVAL for one already resolved. */
int cn_bundle_conflict_resolve(cn_db *db, long long id, bool take_incoming, cn_error *err);

/* One "field: local | incoming" line per differing column of conflict C,
 * for people (malloc'd, lines end with '\n'). */
char *cn_bundle_conflict_diff(cn_db *db, const cn_bundle_conflict *c);

/* --- Arrivals ------------------------------------------------------------- */

typedef struct cn_bundle_arrival {
	long long unit_id;
	const char *code, *name;
	const char *last_at;    /* UTC ISO of the last bundle's arrival; NULL: never */
	const char *created_at; /* when that bundle was made */
	int days;               /* since the last arrival; -1 when never */
	bool overdue;           /* never arrived, or older than the overdue days */
} cn_bundle_arrival;

/* The children of PARENT_ID (0: the units whose children have sent bundles,
 * or the children of the single top unit), open units only, by code. */
typedef int (*cn_bundle_arrival_fn)(const cn_bundle_arrival *a, void *ctx);
int cn_bundle_status(cn_db *db, long long parent_id, cn_bundle_arrival_fn fn, void *ctx, cn_error *err);
int cn_bundle_overdue_days(cn_db *db);

/* This database's stable random id (setting database_id). Malloc'd. */
char *cn_bundle_database_id(cn_db *db);

#endif
