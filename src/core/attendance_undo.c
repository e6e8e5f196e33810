/* Undo in check-in: the changes of one session's attendance, newest first,
 * one change (one act: a check-in, an invitation of a team, an import) at
 * a time, from the audit log, so that it goes on after the screen was
 * left or cnscd was closed. Only the session's own rows are reverted, and
 * the log records the undo as the general undo does. */
#include "cnscd/attendance_undo.h"

#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "db_internal.h"

/* The session named in an attendance entry's old values, as the index
 * audit_attendance_training reads it (migration 15 says why not
 * json_extract): the same text, so that SQLite uses the index. */
#define CN_SQL_OLD_TRAINING "CAST(substr(old_values, instr(old_values, '\"training_id\":') + 14) AS INTEGER)"

/* Entries of the session's attendance not undone, among a range of ids
 * (the unary + keeps SQLite on that range rather than every entry of the
 * table): a change of an existing row names the session in its old
 * values; a new row is found through the session's rows. */
#define SESSION_ENTRY                                                                               \
	"+tbl = 'attendance' AND undone = 0 AND by_undo = 0 AND "                                   \
	"(" CN_SQL_OLD_TRAINING " = ?1 OR (action = 'insert' AND row_id IN "                        \
	"(SELECT id FROM attendance WHERE training_id = ?1)))"

/* The newest entry of the session's attendance not undone; 0 when none.
 * The session's rows first (CROSS JOIN): the log has millions of rows. */
static long long newest_entry(cn_db *db, long long training_id, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT max(id) FROM (SELECT id FROM audit WHERE tbl = 'attendance' "
		"AND " CN_SQL_OLD_TRAINING " = ?1 AND undone = 0 AND by_undo = 0 "
		"ORDER BY id DESC LIMIT 1) UNION ALL "
		"SELECT max(au.id) FROM attendance a CROSS JOIN audit au ON au.tbl = 'attendance' AND au.row_id = a.id "
		"WHERE a.training_id = ?1 AND au.action = 'insert' AND au.undone = 0 AND au.by_undo = 0", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, training_id);
	long long newest = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_int64(st, 0) > newest)
			newest = sqlite3_column_int64(st, 0);
	if (rc != SQLITE_DONE)
		newest = cn_db_fail(db, err, "Không đọc được nhật ký điểm danh");
	sqlite3_reset(st);
	return newest;
}

/* What entry ID did, into C (the person named by the row's values, before
 * or now; the status before when the change was of the status). */
static int describe_entry(cn_db *db, long long id, cn_attendance_change *c, char **at, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT au.action, CASE WHEN json_extract(au.old_values, '$.status') IS NOT "
		"json_extract(au.new_values, '$.status') THEN json_extract(au.old_values, '$.status') END, au.at, "
		"coalesce(m.full_name, json_extract(au.old_values, '$.guest_name'), a.guest_name, '') "
		"FROM audit au LEFT JOIN attendance a ON a.id = au.row_id "
		"LEFT JOIN member m ON m.id = coalesce(json_extract(au.old_values, '$.member_id'), a.member_id) "
		"WHERE au.id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, id);
	int rc = cn_step_row(db, st, err, "Thay đổi đã không còn trong nhật ký", "Không đọc được nhật ký điểm danh");
	if (rc != CN_OK)
		return rc;
	const char *action = cn_col_text(st, 0);
	c->action = strcmp(action, "insert") == 0 ? CN_AUDIT_INSERT
		    : strcmp(action, "delete") == 0 ? CN_AUDIT_DELETE : CN_AUDIT_UPDATE;
	c->status_before = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 1);
	*at = cn_col_dup(st, 2);
	c->name = cn_col_dup(st, 3);
	sqlite3_reset(st);
	return CN_OK;
}

/* The session's entries of the change that wrote entry NEWEST, newest
 * first (*N of them). */
static long long *change_entries(cn_db *db, long long training_id, long long newest, const char *at, long long *n,
				 cn_error *err)
{
	long long first = newest;
	if (cn_audit_change_first(db, newest, at, &first, err) != CN_OK)
		return NULL;
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT id FROM audit WHERE id BETWEEN ?2 AND ?3 AND " SESSION_ENTRY " ORDER BY id DESC", err);
	if (!st)
		return NULL;
	cn_bind_int(st, 1, training_id);
	cn_bind_int(st, 2, first);
	cn_bind_int(st, 3, newest);
	long long *ids = NULL, cap = 0;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			ids = cn_reallocarray(ids, (size_t)cap, sizeof *ids);
		}
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || *n == 0) {
		free(ids);
		cn_db_fail(db, err, "Không đọc được nhật ký điểm danh");
		return NULL;
	}
	return ids;
}

void cn_attendance_change_clear(cn_attendance_change *c)
{
	free(c->name);
	memset(c, 0, sizeof *c);
}

/* The newest change of the session into C, and its entries when IDS is
 * not NULL. 0 when there is none, 1 when found, or a negative status. */
static int last_change(cn_db *db, long long training_id, cn_attendance_change *c, long long **ids, cn_error *err)
{
	memset(c, 0, sizeof *c);
	long long newest = newest_entry(db, training_id, err);
	if (newest <= 0)
		return (int)newest;
	char *at = NULL;
	int rc = describe_entry(db, newest, c, &at, err);
	if (rc == CN_OK) {
		long long n = 0;
		long long *found = change_entries(db, training_id, newest, at, &n, err);
		rc = found ? CN_OK : err ? err->code : CN_EDB;
		c->count = n;
		if (ids)
			*ids = found;
		else
			free(found);
	}
	free(at);
	if (rc != CN_OK)
		cn_attendance_change_clear(c);
	return rc == CN_OK ? 1 : rc;
}

int cn_attendance_last_change(cn_db *db, long long training_id, cn_attendance_change *c, cn_error *err)
{
	return last_change(db, training_id, c, NULL, err);
}

int cn_attendance_undo(cn_db *db, long long training_id, cn_attendance_change *c, cn_error *err)
{
	long long *ids = NULL;
	int found = last_change(db, training_id, c, &ids, err);
	if (found <= 0)
		return found < 0 ? found
				 : cn_fail(err, CN_ENOTFOUND, "Không còn thay đổi điểm danh nào của lớp này để hoàn tác.");
	int rc = cn_audit_revert_entries(db, ids, c->count, err);
	free(ids);
	if (rc != CN_OK)
		cn_attendance_change_clear(c);
	return rc;
}
