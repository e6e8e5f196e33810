/* The triggers that record every change of an audited table, generated from
 * the table's columns. */
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "db_internal.h"

static bool table_exists(cn_db *db, const char *name)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", NULL);
	if (!st)
		return false;
	cn_bind_text(st, 1, name);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

void cn_audit_add_quoted(cn_buf *b, const char *name, char quote)
{
	cn_buf_addc(b, quote);
	for (const char *p = name; *p; p++) {
		if (*p == quote)
			cn_buf_addc(b, quote);
		cn_buf_addc(b, *p);
	}
	cn_buf_addc(b, quote);
}

/* "json_object('id', new."id", ...)" over every column of the row. */
static void add_row_json(cn_buf *b, const char *row, char **cols, int ncols)
{
	cn_buf_adds(b, "json_object(");
	for (int i = 0; i < ncols; i++) {
		if (i)
			cn_buf_adds(b, ", ");
		cn_audit_add_quoted(b, cols[i], '\'');
		cn_buf_printf(b, ", %s.", row);
		cn_audit_add_quoted(b, cols[i], '"');
	}
	cn_buf_addc(b, ')');
}

/* The trigger recording ACTION ("insert", "update", "delete") on TABLE. */
static void add_trigger(cn_buf *b, const char *table, const char *action, char **cols, int ncols,
			bool has_id, bool has_uuid)
{
	bool is_insert = strcmp(action, "insert") == 0, is_delete = strcmp(action, "delete") == 0;
	const char *row = is_delete ? "old" : "new";
	char *name = cn_sprintf("audit_%s_%s", table, action);
	cn_buf_adds(b, "CREATE TRIGGER ");
	cn_audit_add_quoted(b, name, '"');
	free(name);
	cn_buf_printf(b, " AFTER %s ON ", is_insert ? "INSERT" : is_delete ? "DELETE" : "UPDATE");
	cn_audit_add_quoted(b, table, '"');
	if (!is_insert && !is_delete) {
		/* Only a change a user would call one: not a path or search key
		 * refreshed by cnscd, not a bare touch of updated_at. */
		cn_buf_adds(b, " WHEN 0");
		for (int i = 0; i < ncols; i++) {
			if (cn_audit_housekeeping(cols[i]))
				continue;
			cn_buf_adds(b, " OR old.");
			cn_audit_add_quoted(b, cols[i], '"');
			cn_buf_adds(b, " IS NOT new.");
			cn_audit_add_quoted(b, cols[i], '"');
		}
	}
	cn_buf_adds(b, " BEGIN INSERT INTO audit(tbl, row_id, row_uuid, action, old_values, new_values) VALUES (");
	cn_audit_add_quoted(b, table, '\'');
	cn_buf_printf(b, ", %s.%s, ", row, has_id ? "\"id\"" : "rowid");
	cn_buf_adds(b, has_uuid ? row : "NULL");
	cn_buf_adds(b, has_uuid ? ".\"uuid\", " : ", ");
	cn_audit_add_quoted(b, action, '\'');
	cn_buf_adds(b, ", ");
	if (is_insert)
		cn_buf_adds(b, "NULL");
	else
		add_row_json(b, "old", cols, ncols);
	cn_buf_adds(b, ", ");
	if (is_delete)
		cn_buf_adds(b, "NULL");
	else
		add_row_json(b, "new", cols, ncols);
	cn_buf_adds(b, "); END;\n");
}

static int install_table(cn_db *db, const char *table, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, table);
	char **cols = NULL;
	int ncols = 0;
	bool has_id = false, has_uuid = false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		cols = cn_reallocarray(cols, (size_t)ncols + 1, sizeof *cols);
		cols[ncols] = cn_col_dup(st, 0);
		has_id |= strcmp(cols[ncols], "id") == 0;
		has_uuid |= strcmp(cols[ncols], "uuid") == 0;
		ncols++;
	}
	sqlite3_reset(st);
	cn_buf sql = {0};
	static const char *const actions[] = {"insert", "update", "delete"};
	for (int i = 0; i < 3; i++) {
		char *name = cn_sprintf("audit_%s_%s", table, actions[i]);
		cn_buf_adds(&sql, "DROP TRIGGER IF EXISTS ");
		cn_audit_add_quoted(&sql, name, '"');
		cn_buf_adds(&sql, ";\n");
		free(name);
		add_trigger(&sql, table, actions[i], cols, ncols, has_id, has_uuid);
	}
	for (int i = 0; i < ncols; i++)
		free(cols[i]);
	free(cols);
	int rc = cn_db_exec(db, cn_buf_str(&sql), err);
	cn_buf_free(&sql);
	return rc;
}

int cn_audit_install(cn_db *db, cn_error *err)
{
	if (!table_exists(db, "audit"))
		return CN_OK;
	size_t n;
	const struct cn_audited *audited = cn_audited_tables(&n);
	for (size_t i = 0; i < n; i++) {
		if (!table_exists(db, audited[i].table))
			continue;
		int rc = install_table(db, audited[i].table, err);
		if (rc != CN_OK)
			return rc;
	}
	return CN_OK;
}

static bool triggers_missing(cn_db *db, const char *table)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1 "
		"AND name IN ('audit_' || ?1 || '_insert', 'audit_' || ?1 || '_update', 'audit_' || ?1 || '_delete')",
		NULL);
	if (!st)
		return false;
	cn_bind_text(st, 1, table);
	bool missing = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) < 3;
	sqlite3_reset(st);
	return missing;
}

int cn_audit_ensure(cn_db *db, cn_error *err)
{
	if (!table_exists(db, "audit"))
		return CN_OK;
	bool missing = false;
	size_t n;
	const struct cn_audited *audited = cn_audited_tables(&n);
	for (size_t i = 0; i < n && !missing; i++)
		missing = table_exists(db, audited[i].table) && triggers_missing(db, audited[i].table);
	if (!missing)
		return CN_OK;
	int rc = cn_db_begin(db, err);
	if (rc == CN_OK)
		rc = cn_audit_install(db, err);
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	return rc;
}
