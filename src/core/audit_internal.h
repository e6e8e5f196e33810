/* Shared by the audit modules (audit.c, audit_text.c, audit_undo.c). */
#ifndef CNSCD_CORE_AUDIT_INTERNAL_H
#define CNSCD_CORE_AUDIT_INTERNAL_H

#include "cnscd/audit.h"

/* An audited table: NOUN names one of its rows in messages, LABEL is the
 * column whose value names a row ("full_name" of a member). */
struct cn_audited {
	const char *table;
	const char *noun;
	const char *label;
	/* Changed only by its own commands, which keep their order and log
	 * (approvals): undo refuses it and names them. */
	const char *undo_instead;
};

/* The entry of TABLE in the list of audited tables, or NULL. */
const struct cn_audited *cn_audited_find(const char *table);
/* The list itself, N entries. */
const struct cn_audited *cn_audited_tables(size_t *n);

/* Appends NAME to B as an SQL identifier (QUOTE '"') or string literal
 * (QUOTE '\''), doubling QUOTE inside. */
void cn_audit_add_quoted(cn_buf *b, const char *name, char quote);
/* NAME as an SQL identifier ("name", quotes doubled). */
static inline void cn_audit_add_ident(cn_buf *b, const char *name) { cn_audit_add_quoted(b, name, '"'); }

/* The columns of TABLE in order (*NCOLS of them; NULL when none), and
 * their release. */
char **cn_audit_columns(cn_db *db, const char *table, int *ncols);
void cn_audit_columns_free(char **cols, int ncols);

/* Appends "json_object('c', ROW."c", ...)" over COLS to B; ROW NULL names
 * the columns bare. */
void cn_audit_add_row_json(cn_buf *b, const char *row, char **cols, int ncols);

/* The row of entry E (an insert) as it was created, a JSON object like an
 * update's old values, or NULL when nothing tells any more. An insert
 * entry of the current triggers records no values: this is the old values
 * of the oldest later entry of the row (its first update or its delete),
 * or else the row as it is now. An older entry's own new values are used
 * when it has them. Malloc'd. */
char *cn_audit_created_values(cn_db *db, const cn_audit_entry *e);

/* The single text SQL (a literal, ?1 bound to ID) gives, or NULL.
 * Malloc'd. */
char *cn_audit_lookup(cn_db *db, const char *sql, long long id);

/* Entries of transfers, merged teams and merged records in the words of
 * the act, appended to B: false for other tables (audit_people.c). */
bool cn_audit_describe_people(cn_db *db, const cn_audit_entry *e, cn_buf *b);

/* The audit rows that the insert trigger of TABLE writes, for its rows of
 * ids ?1..?2 inserted while triggers were off (a bulk import), stamped ?3:
 * an INSERT ... SELECT made by the code that makes the trigger. Malloc'd;
 * NULL when TABLE has no id column. */
char *cn_audit_insert_rows_sql(cn_db *db, const char *table);
/* ": số điện thoại A → B, ghi chú C → D" for the columns a user knows
 * that differ between OLD_JSON and NEW_JSON, rows of TABLE. */
void cn_audit_add_changes(cn_db *db, cn_buf *b, const char *table, const char *old_json, const char *new_json);
/* Entries of the tables whose rows are acts (monthly figures and reports,
 * attendance, approvals) in the words of the act, appended to B: false
 * for other tables (audit_acts.c). */
bool cn_audit_describe_act(cn_db *db, const cn_audit_entry *e, cn_buf *b);

/* Columns cnscd maintains itself (search_key, path, updated_at,
 * created_at): an update of only these is not recorded, the log does not
 * show them, and undo does not compare them. */
bool cn_audit_housekeeping(const char *column);

/* The columns list of the audit table, and filling an entry from a row of
 * "SELECT " CN_AUDIT_COLUMNS " FROM audit ...". */
#define CN_AUDIT_COLUMNS "id, at, tbl, row_id, row_uuid, action, old_values, new_values, undone, by_undo"
void cn_audit_read_entry(sqlite3_stmt *st, cn_audit_entry *e);

/* Steps ST (already bound) and calls FN for each row; resets ST. Returns
 * the number of rows given to FN or a negative status. */
int cn_audit_each(cn_db *db, sqlite3_stmt *st, cn_audit_fn fn, void *ctx, cn_error *err);

/* The most recent change not undone: audit ids LO..HI, of which COUNT rows
 * are neither undone nor written by an undo. Returns 1 when found, 0 when
 * there is nothing to undo, or a negative status. */
struct cn_audit_change {
	long long lo, hi, count;
};
int cn_audit_last_change(cn_db *db, struct cn_audit_change *c, cn_error *err);
/* The first audit row of the change that wrote row ID (at AT): one
 * transaction of cnscd, or one statement outside one. */
int cn_audit_change_first(cn_db *db, long long id, const char *at, long long *first, cn_error *err);

/* Reverts the entries IDS (N of them, newest first) of one change, as
 * cn_audit_undo_last reverts a whole change: in one transaction, the
 * entries marked undone and what the revert wrote marked as by undo. For
 * the part of a change that one screen owns (a session's attendance). */
int cn_audit_revert_entries(cn_db *db, const long long *ids, long long n, cn_error *err);

/* What the store (store.c) asks of the audit log at the database's turning
 * points (cnscd/db.h, struct cn_db_hooks). */
/* (Re)creates the audit triggers of every audited table that exists, from
 * its current columns. Inside a transaction; a no-op before schema 2. */
int cn_audit_install(cn_db *db, cn_error *err);
/* Installs the triggers of audited tables that lack them (a table added to
 * the list without a migration). Cheap when nothing is missing. */
int cn_audit_ensure(cn_db *db, cn_error *err);
/* What this connection writes to the audit log, transaction by transaction
 * (SQLite hooks on SQ), so that undo knows the exact extent of each of its
 * changes, autocommit statements included. The store keeps it as the
 * database's hook data (cn_db_hook_data). */
struct cn_audit_session;
struct cn_audit_session *cn_audit_session_start(sqlite3 *sq);
void cn_audit_session_end(struct cn_audit_session *s);
/* What undo calls once the change of audit rows LO..HI is reverted, in its
 * transaction (a failure undoes it all), so that a module above the audit
 * log can put back what it recorded about that change: the store gives
 * the bundle's (an import undone is forgotten), and undo names no module. */
typedef int (*cn_audit_undone_fn)(cn_db *db, long long lo, long long hi, cn_error *err);
void cn_audit_session_on_undo(struct cn_audit_session *s, cn_audit_undone_fn fn);
/* Calls what the session of DB was given for an undone change, if any. */
int cn_audit_undone(cn_db *db, long long lo, long long hi, cn_error *err);
/* Id of the newest audit row (0 when none, -1 without an audit table). */
long long cn_audit_mark(cn_db *db);
/* Before the outermost commit: when the transaction wrote more than one
 * audit row after MARK, records them as one change (for undo). */
int cn_audit_group_close(cn_db *db, long long mark, cn_error *err);

#endif
