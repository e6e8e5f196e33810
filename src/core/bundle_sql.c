/* SQL over a bundle's rows that the merge, the deletions and the conflicts
 * share: a column's value as this database knows it (foreign keys through
 * temp.bundle_map), the columns a merge writes, a row as JSON. */
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "bundle_import_internal.h"
#include "db_internal.h"

static void add_ident(cn_buf *b, const char *name)
{
	cn_audit_add_quoted(b, name, '"');
}

void bundle_add_mapped(cn_buf *b, const struct bundle_plan *p, const struct bundle_table *t, const char *col,
		       const char *alias)
{
	for (int k = 0; k < t->nfks; k++) {
		if (strcmp(t->fks[k].col, col) != 0)
			continue;
		cn_buf_adds(b, "(SELECT m.lid FROM temp.bundle_map m WHERE m.tbl = ");
		cn_audit_add_quoted(b, p->t[t->fks[k].parent].name, '\'');
		cn_buf_printf(b, " AND m.bid = %s.", alias);
		add_ident(b, col);
		cn_buf_adds(b, ")");
		return;
	}
	cn_buf_printf(b, "%s.", alias);
	add_ident(b, col);
}

bool bundle_has_column(cn_db *db, const char *table, const char *col)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT 1 FROM pragma_table_info(?1, 'b') WHERE name = ?2", NULL);
	if (!st)
		return false;
	cn_bind_text(st, 1, table);
	cn_bind_text(st, 2, col);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

const char **bundle_merge_columns(cn_db *db, const struct bundle_table *t, const char *bundle_schema,
				  bool with_uuid, int *n)
{
	const char **cols = cn_calloc((size_t)t->ncols + 1, sizeof *cols);
	*n = 0;
	for (int i = 0; i < t->ncols; i++) {
		const char *c = t->cols[i];
		if (strcmp(c, "id") == 0 || strcmp(c, "path") == 0 || (!with_uuid && strcmp(c, "uuid") == 0) ||
		    (t->owner_col && strcmp(c, t->owner_col) == 0))
			continue;
		if (bundle_schema && !bundle_has_column(db, t->name, c))
			continue;
		cols[(*n)++] = c;
	}
	return cols;
}

void bundle_add_row_json(cn_buf *b, const struct bundle_plan *p, const struct bundle_table *t, const char **cols,
			 int n, const char *alias, bool mapped)
{
	cn_buf_adds(b, "json_object(");
	for (int i = 0; i < n; i++) {
		if (i)
			cn_buf_adds(b, ", ");
		cn_audit_add_quoted(b, cols[i], '\'');
		cn_buf_adds(b, ", ");
		if (mapped) {
			bundle_add_mapped(b, p, t, cols[i], alias);
		} else {
			cn_buf_printf(b, "%s.", alias);
			add_ident(b, cols[i]);
		}
	}
	cn_buf_adds(b, ")");
}

/* json_object('result', (SELECT json_group_array(...) FROM b.result y
 * WHERE y.report_id = x.id), ...) over the children of table OWNER. */
void bundle_add_children_json(cn_buf *b, const struct bundle_plan *p, int owner, const char *alias)
{
	cn_buf_adds(b, "json_object(");
	int n = 0;
	for (int i = 0; i < p->n; i++) {
		const struct bundle_table *c = &p->t[i];
		if (!c->child || c->owner != owner)
			continue;
		if (n++)
			cn_buf_adds(b, ", ");
		cn_audit_add_quoted(b, c->name, '\'');
		cn_buf_adds(b, ", (SELECT json_group_array(");
		const char *cols[64];
		int nc = 0;
		for (int k = 0; k < c->ncols && nc < 64; k++)
			if (strcmp(c->cols[k], "id") != 0 && strcmp(c->cols[k], c->owner_col) != 0)
				cols[nc++] = c->cols[k];
		bundle_add_row_json(b, p, c, cols, nc, "y", true);
		cn_buf_adds(b, ") FROM b.");
		add_ident(b, c->name);
		cn_buf_adds(b, " y WHERE y.");
		add_ident(b, c->owner_col);
		cn_buf_printf(b, " = %s.id)", alias);
	}
	cn_buf_adds(b, ")");
}

