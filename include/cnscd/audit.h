/* The audit log: every insert, update and delete of units, teams and members
 * is recorded in the database by triggers (assets/migrations/0002_audit.sql
 * and src/core/audit.c), whatever made it: a form, an import, a script. This
 * module reads it back (the log, one record's history) and reverts the last
 * change. */
#ifndef CNSCD_AUDIT_H
#define CNSCD_AUDIT_H

#include <stdbool.h>
#include "cnscd/db.h"

enum cn_audit_action {
	CN_AUDIT_INSERT = 1,
	CN_AUDIT_UPDATE = 2,
	CN_AUDIT_DELETE = 3,
};

typedef struct cn_audit_entry {
	long long id;
	const char *at;         /* UTC, "2026-11-12T03:22:10.123Z" */
	const char *table;      /* "unit", "team", "member", ... */
	long long row_id;
	const char *row_uuid;   /* NULL for a table without uuid */
	int action;             /* enum cn_audit_action */
	const char *old_values; /* the row before, a JSON object; NULL for an insert */
	const char *new_values; /* the row after an update; NULL for a delete and
				 * for an insert (the row holds its values; logs
				 * written before November 2026 have them) */
	bool undone;            /* reverted by a later undo */
	bool by_undo;           /* written by an undo */
} cn_audit_entry;

/* Called once per entry; the strings live until it returns. Non-zero stops
 * the walk. It may call cn_audit_describe, not cn_audit_list. */
typedef int (*cn_audit_fn)(const cn_audit_entry *e, void *ctx);

/* The log, newest first: entries made on or after the local date SINCE (ISO
 * yyyy-mm-dd; NULL for all), at most LIMIT of them (<= 0: no limit).
 * Returns how many were given to FN, or a negative cn_status. */
int cn_audit_list(cn_db *db, const char *since, int limit, cn_audit_fn fn, void *ctx, cn_error *err);

/* The history of one record (TABLE "member", ROW_ID its id), newest first. */
int cn_audit_history(cn_db *db, const char *table, long long row_id, cn_audit_fn fn, void *ctx,
		     cn_error *err);

/* One line of Vietnamese for E, without its time:
 * "Sửa thành viên «Nguyễn Văn An»: số điện thoại 0912345678 → 0987654321".
 * Malloc'd. */
char *cn_audit_describe(cn_db *db, const cn_audit_entry *e);

#define CN_AUDIT_TIME_LEN 17
/* AT (UTC ISO) as local "12/11/2026 10:22". */
void cn_audit_time_display(const char *at, char out[CN_AUDIT_TIME_LEN]);

/* "thành viên" for "member": how messages name a row of TABLE. */
const char *cn_audit_table_noun(const char *table);

/* What cn_audit_undo_last would revert, described as by cn_audit_describe
 * (with "(và N thay đổi khác cùng lúc)" when one action changed several
 * rows); NULL when there is nothing to undo. Malloc'd. For a confirmation. */
char *cn_audit_undo_preview(cn_db *db);

/* Reverts the most recent change not yet undone, in one transaction that is
 * itself recorded: a deleted row comes back with its old values (same id
 * and uuid), an updated row gets its old values back, an inserted row is
 * deleted. One change is what one transaction of cnscd wrote (a team
 * deleted with its members, an import), or one statement outside one.
 * Called again, it reverts the change before. Returns the number of rows
 * reverted; CN_ENOTFOUND when there is nothing to undo, CN_ECONFLICT when
 * the data no longer matches the record (nothing is changed then). */
int cn_audit_undo_last(cn_db *db, cn_error *err);

#endif
