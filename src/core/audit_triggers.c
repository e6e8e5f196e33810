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

void cn_audit_add_row_json(cn_buf *b, const char *row, char **cols, int ncols)
{
	cn_buf_adds(b, "json_object(");
	for (int i = 0; i < ncols; i++) {
		if (i)
			cn_buf_adds(b, ", ");
		cn_audit_add_quoted(b, cols[i], '\'');
		cn_buf_adds(b, ", ");
		if (row)
			cn_buf_printf(b, "%s.", row);
		cn_audit_add_quoted(b, cols[i], '"');
	}
	cn_buf_addc(b, ')');
}

char **cn_audit_columns(cn_db *db, const char *table, int *ncols)
{
	*ncols = 0;
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid", NULL);
	if (!st)
		return NULL;
	cn_bind_text(st, 1, table);
	char **cols = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		cols = cn_reallocarray(cols, (size_t)*ncols + 1, sizeof *cols);
		cols[(*ncols)++] = cn_col_dup(st, 0);
	}
	sqlite3_reset(st);
	return cols;
}

void cn_audit_columns_free(char **cols, int ncols)
{
	for (int i = 0; i < ncols; i++)
		free(cols[i]);
	free(cols);
}

/* The values of an audit row of ACTION on TABLE for the row named ROW
 * ("new", "old", or a table alias): "'t', new."id", new."uuid", 'insert',
 * NULL, NULL". An insert records no values: the row holds them, and every
 * later change is its own entry with the old values, so the row as created
 * is the oldest later entry's old values or else the row itself
 * (cn_audit_created_values). Leaving out the JSON of every created row
 * halves the size of a big import or a generated national database and the
 * time to write it. */
static void add_values(cn_buf *b, const char *table, const char *action, const char *row, char **cols, int ncols,
		       bool has_id, bool has_uuid)
{
	bool is_insert = strcmp(action, "insert") == 0, is_delete = strcmp(action, "delete") == 0;
	cn_audit_add_quoted(b, table, '\'');
	cn_buf_printf(b, ", %s.%s, ", row, has_id ? "\"id\"" : "rowid");
	cn_buf_adds(b, has_uuid ? row : "NULL");
	cn_buf_adds(b, has_uuid ? ".\"uuid\", " : ", ");
	cn_audit_add_quoted(b, action, '\'');
	cn_buf_adds(b, ", ");
	if (is_insert)
		cn_buf_adds(b, "NULL");
	else
		cn_audit_add_row_json(b, "old", cols, ncols);
	cn_buf_adds(b, ", ");
	if (is_delete || is_insert)
		cn_buf_adds(b, "NULL");
	else
		cn_audit_add_row_json(b, "new", cols, ncols);
}

/* The trigger recording ACTION ("insert", "update", "delete") on TABLE. */
static void add_trigger(cn_buf *b, const char *table, const char *action, char **cols, int ncols,
			bool has_id, bool has_uuid)
{
	bool is_insert = strcmp(action, "insert") == 0, is_delete = strcmp(action, "delete") == 0;
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
	add_values(b, table, action, is_delete ? "old" : "new", cols, ncols, has_id, has_uuid);
	cn_buf_adds(b, "); END;\n");
}

char *cn_audit_insert_rows_sql(cn_db *db, const char *table)
{
	int ncols;
	char **cols = cn_audit_columns(db, table, &ncols);
	bool has_id = false, has_uuid = false;
	for (int i = 0; i < ncols; i++) {
		has_id |= strcmp(cols[i], "id") == 0;
		has_uuid |= strcmp(cols[i], "uuid") == 0;
	}
	cn_buf b = {0};
	if (has_id) {
		cn_buf_adds(&b, "INSERT OR ROLLBACK INTO audit(at, tbl, row_id, row_uuid, action, old_values, new_values) SELECT ?3, ");
		add_values(&b, table, "insert", "r", cols, ncols, has_id, has_uuid);
		cn_buf_adds(&b, " FROM ");
		cn_audit_add_quoted(&b, table, '"');
		cn_buf_adds(&b, " AS r WHERE r.\"id\" BETWEEN ?1 AND ?2 ORDER BY r.\"id\"");
	}
	cn_audit_columns_free(cols, ncols);
	return has_id ? cn_buf_steal(&b) : NULL;
}

static int install_table(cn_db *db, const char *table, cn_error *err)
{
	int ncols;
	char **cols = cn_audit_columns(db, table, &ncols);
	if (!cols)
		return cn_db_fail(db, err, "Không đọc được cấu trúc bảng");
	bool has_id = false, has_uuid = false;
	for (int i = 0; i < ncols; i++) {
		has_id |= strcmp(cols[i], "id") == 0;
		has_uuid |= strcmp(cols[i], "uuid") == 0;
	}
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
	cn_audit_columns_free(cols, ncols);
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

/* A trigger of TABLE is missing, or its insert trigger is of the older
 * form that stored the whole new row as JSON. */
static bool triggers_stale(cn_db *db, const char *table)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT count(*), sum(name = 'audit_' || ?1 || '_insert' AND sql LIKE '%json_object%') "
		"FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1 "
		"AND name IN ('audit_' || ?1 || '_insert', 'audit_' || ?1 || '_update', 'audit_' || ?1 || '_delete')",
		NULL);
	if (!st)
		return false;
	cn_bind_text(st, 1, table);
	bool stale = sqlite3_step(st) == SQLITE_ROW &&
		     (sqlite3_column_int(st, 0) < 3 || sqlite3_column_int(st, 1) > 0);
	sqlite3_reset(st);
	return stale;
}

int cn_audit_ensure(cn_db *db, cn_error *err)
{
	if (!table_exists(db, "audit"))
		return CN_OK;
	bool stale = false;
	size_t n;
	const struct cn_audited *audited = cn_audited_tables(&n);
	for (size_t i = 0; i < n && !stale; i++)
		stale = table_exists(db, audited[i].table) && triggers_stale(db, audited[i].table);
	if (!stale)
		return CN_OK;
	int rc = cn_db_begin(db, err);
	if (rc == CN_OK)
		rc = cn_audit_install(db, err);
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	return rc;
}
