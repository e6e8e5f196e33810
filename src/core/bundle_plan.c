/* Which tables a bundle carries and in what order, read from the schema:
 * every table with id, uuid and updated_at columns travels, its foreign keys
 * say what it belongs to, and its plain unique index (if any) is how the
 * receiver recognises a row made separately on both sides (a unit's code,
 * an indicator's code, a team's report for a month). A table added later
 * (approvals) travels without a change here. Also the checksum and small
 * SQL helpers of the bundle modules. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "bundle_internal.h"
#include "db_internal.h"

/* Rows without uuid that belong to one carried row, and the column that
 * says which. Derived tables kept by triggers (unit_tally, team_tally) and
 * logs of their own (report_log, audit) are not carried. */
static const struct {
	const char *table, *owner, *col;
} children[] = {
	{"result", "report", "report_id"},
	{"training_topic", "training", "training_id"},
};

bool bundle_housekeeping(const char *col)
{
	return strcmp(col, "id") == 0 || strcmp(col, "uuid") == 0 || cn_audit_housekeeping(col);
}

bool bundle_table_has(const struct bundle_table *t, const char *col)
{
	for (int i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i], col) == 0)
			return true;
	return false;
}

int bundle_plan_find(const struct bundle_plan *p, const char *name)
{
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->t[i].name, name) == 0)
			return i;
	return -1;
}

static int load_columns(sqlite3 *sq, struct bundle_table *t)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(sq, "SELECT name FROM pragma_table_info(?) ORDER BY cid", -1, &st, NULL) != SQLITE_OK)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		t->cols = cn_reallocarray(t->cols, (size_t)t->ncols + 1, sizeof *t->cols);
		t->cols[t->ncols++] = cn_col_dup(st, 0);
	}
	return sqlite3_finalize(st);
}

/* The first (by name) unique index that is not partial, has only plain
 * columns and does not hold uuid. */
static int load_natural_key(sqlite3 *sq, struct bundle_table *t)
{
	sqlite3_stmt *list, *info;
	if (sqlite3_prepare_v2(sq, "SELECT name FROM pragma_index_list(?) WHERE \"unique\" AND NOT partial "
			       "AND origin <> 'pk' ORDER BY name", -1, &list, NULL) != SQLITE_OK)
		return SQLITE_ERROR;
	if (sqlite3_prepare_v2(sq, "SELECT cid, name FROM pragma_index_info(?) ORDER BY seqno", -1, &info,
			       NULL) != SQLITE_OK) {
		sqlite3_finalize(list);
		return SQLITE_ERROR;
	}
	sqlite3_bind_text(list, 1, t->name, -1, SQLITE_STATIC);
	while (!t->nnat && sqlite3_step(list) == SQLITE_ROW) {
		sqlite3_reset(info);
		sqlite3_bind_text(info, 1, (const char *)sqlite3_column_text(list, 0), -1, SQLITE_TRANSIENT);
		char **cols = NULL;
		int n = 0;
		bool plain = true;
		while (sqlite3_step(info) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(info, 1);
			if (sqlite3_column_int(info, 0) < 0 || !name || strcmp(name, "uuid") == 0)
				plain = false;
			cols = cn_reallocarray(cols, (size_t)n + 1, sizeof *cols);
			cols[n++] = cn_strdup(name ? name : "");
		}
		if (plain && n > 0) {
			t->nat = cols;
			t->nnat = n;
		} else {
			for (int i = 0; i < n; i++)
				free(cols[i]);
			free(cols);
		}
	}
	sqlite3_finalize(info);
	return sqlite3_finalize(list);
}

static void add_table(struct bundle_plan *p, const char *name)
{
	p->t = cn_reallocarray(p->t, (size_t)p->n + 1, sizeof *p->t);
	struct bundle_table *t = &p->t[p->n++];
	memset(t, 0, sizeof *t);
	t->name = cn_strdup(name);
	t->owner = -1;
	const struct cn_audited *a = cn_audited_find(name);
	t->label = a ? a->noun : t->name;
}

static int load_fks(sqlite3 *sq, struct bundle_plan *p, struct bundle_table *t)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(sq, "SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?) ORDER BY id DESC",
			       -1, &st, NULL) != SQLITE_OK)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int parent = bundle_plan_find(p, (const char *)sqlite3_column_text(st, 0));
		if (parent < 0 || p->t[parent].child)
			continue;
		t->fks = cn_reallocarray(t->fks, (size_t)t->nfks + 1, sizeof *t->fks);
		t->fks[t->nfks].col = cn_col_dup(st, 1);
		t->fks[t->nfks].parent = parent;
		t->nfks++;
	}
	return sqlite3_finalize(st);
}

/* Tables that point to others come after them: the receiver can then map
 * each foreign key as it goes. Units first (parents before children within
 * the table are ordered by path), catalogues next, children last. */
static int rank(const struct bundle_plan *p, int i, int depth)
{
	const struct bundle_table *t = &p->t[i];
	if (t->root)
		return 0;
	if (t->catalogue)
		return 1;
	int r = 2;
	for (int k = 0; k < t->nfks && depth < 16; k++) {
		if (t->fks[k].parent == i)
			continue;
		int pr = rank(p, t->fks[k].parent, depth + 1) + 1;
		if (pr > r)
			r = pr;
	}
	return t->child ? r + 100 : r;
}

static void sort_plan(struct bundle_plan *p)
{
	int *ranks = cn_calloc((size_t)p->n, sizeof *ranks);
	for (int i = 0; i < p->n; i++)
		ranks[i] = rank(p, i, 0);
	/* Insertion sort keeping the schema's order among equals; foreign key
	 * parents are indexes, so they are renumbered after the move. */
	int *order = cn_calloc((size_t)p->n, sizeof *order);
	for (int i = 0; i < p->n; i++)
		order[i] = i;
	for (int i = 1; i < p->n; i++)
		for (int j = i; j > 0 && ranks[order[j - 1]] > ranks[order[j]]; j--) {
			int tmp = order[j];
			order[j] = order[j - 1];
			order[j - 1] = tmp;
		}
	int *where = cn_calloc((size_t)p->n, sizeof *where);
	struct bundle_table *sorted = cn_calloc((size_t)p->n, sizeof *sorted);
	for (int i = 0; i < p->n; i++) {
		sorted[i] = p->t[order[i]];
		where[order[i]] = i;
	}
	for (int i = 0; i < p->n; i++) {
		for (int k = 0; k < sorted[i].nfks; k++)
			sorted[i].fks[k].parent = where[sorted[i].fks[k].parent];
		if (sorted[i].owner >= 0)
			sorted[i].owner = where[sorted[i].owner];
	}
	free(p->t);
	p->t = sorted;
	free(order);
	free(where);
	free(ranks);
}

int bundle_plan_load(cn_db *db, struct bundle_plan *p, cn_error *err)
{
	memset(p, 0, sizeof *p);
	sqlite3 *sq = cn_db_sqlite(db);
	sqlite3_stmt *st;
	/* Tables with the three columns, in creation order. */
	if (sqlite3_prepare_v2(sq,
		"SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' "
		"AND m.name NOT LIKE 'bundle%' "
		"AND (SELECT count(*) FROM pragma_table_info(m.name) c "
		"     WHERE c.name IN ('id', 'uuid', 'updated_at')) = 3 ORDER BY m.rowid", -1, &st, NULL) != SQLITE_OK)
		return cn_db_fail(db, err, "Không đọc được lược đồ cơ sở dữ liệu");
	while (sqlite3_step(st) == SQLITE_ROW)
		add_table(p, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	int nowned = p->n;
	for (size_t i = 0; i < CN_ARRAY_LEN(children); i++) {
		int owner = bundle_plan_find(p, children[i].owner);
		if (owner < 0)
			continue;
		sqlite3_stmt *probe;
		if (sqlite3_prepare_v2(sq, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &probe,
				       NULL) != SQLITE_OK)
			continue;
		sqlite3_bind_text(probe, 1, children[i].table, -1, SQLITE_STATIC);
		bool exists = sqlite3_step(probe) == SQLITE_ROW;
		sqlite3_finalize(probe);
		if (!exists)
			continue;
		add_table(p, children[i].table);
		p->t[p->n - 1].child = true;
		p->t[p->n - 1].owner = owner;
		p->t[p->n - 1].owner_col = cn_strdup(children[i].col);
	}
	for (int i = 0; i < p->n; i++) {
		struct bundle_table *t = &p->t[i];
		if (load_columns(sq, t) != SQLITE_OK || load_fks(sq, p, t) != SQLITE_OK ||
		    (i < nowned && load_natural_key(sq, t) != SQLITE_OK)) {
			bundle_plan_free(p);
			return cn_db_fail(db, err, "Không đọc được lược đồ cơ sở dữ liệu");
		}
		t->root = strcmp(t->name, "unit") == 0;
		bool owned = false;
		for (int k = 0; k < t->nfks; k++)
			owned |= t->fks[k].parent != i;
		t->catalogue = !t->root && !t->child && !owned;
	}
	if (bundle_plan_find(p, "unit") < 0) {
		bundle_plan_free(p);
		return cn_fail(err, CN_EDB, "Cơ sở dữ liệu không có bảng đơn vị");
	}
	sort_plan(p);
	return CN_OK;
}

void bundle_plan_free(struct bundle_plan *p)
{
	for (int i = 0; i < p->n; i++) {
		struct bundle_table *t = &p->t[i];
		for (int k = 0; k < t->ncols; k++)
			free(t->cols[k]);
		for (int k = 0; k < t->nfks; k++)
			free(t->fks[k].col);
		for (int k = 0; k < t->nnat; k++)
			free(t->nat[k]);
		free(t->cols);
		free(t->fks);
		free(t->nat);
		free(t->owner_col);
		free(t->name);
	}
	free(p->t);
	memset(p, 0, sizeof *p);
}

/* --- Checksum ------------------------------------------------------------- */

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static void fnv(unsigned long long *h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		*h ^= p[i];
		*h *= FNV_PRIME;
	}
}

/* Each value as its type, its length and its bytes, so that moving bytes
 * from one column to the next, or NULL to '', changes the sum. */
static void hash_value(unsigned long long *h, sqlite3_stmt *st, int i)
{
	int type = sqlite3_column_type(st, i);
	char tag = (char)('0' + type);
	fnv(h, &tag, 1);
	if (type == SQLITE_NULL)
		return;
	char num[40];
	const void *data;
	size_t n;
	if (type == SQLITE_INTEGER) {
		n = (size_t)snprintf(num, sizeof num, "%lld", (long long)sqlite3_column_int64(st, i));
		data = num;
	} else if (type == SQLITE_FLOAT) {
		n = (size_t)snprintf(num, sizeof num, "%.17g", sqlite3_column_double(st, i));
		data = num;
	} else if (type == SQLITE_BLOB) {
		data = sqlite3_column_blob(st, i);
		n = (size_t)sqlite3_column_bytes(st, i);
	} else {
		data = sqlite3_column_text(st, i);
		n = (size_t)sqlite3_column_bytes(st, i);
	}
	unsigned long long len = n;
	fnv(h, &len, sizeof len);
	if (n)
		fnv(h, data, n);
}

static int hash_query(sqlite3 *sq, const char *sql, unsigned long long *h)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(sq, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_count(st);
		for (int i = 0; i < n; i++)
			hash_value(h, st, i);
		fnv(h, "\n", 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int bundle_checksum(sqlite3 *sq, const char *schema, char out[17], cn_error *err)
{
	unsigned long long h = FNV_OFFSET;
	cn_buf sql = {0};
	cn_buf_printf(&sql, "SELECT name FROM \"%s\".sqlite_master WHERE type = 'table' AND name <> 'bundle_header' "
		      "ORDER BY name", schema);
	sqlite3_stmt *tables;
	int rc = sqlite3_prepare_v2(sq, cn_buf_str(&sql), -1, &tables, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(tables)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		fnv(&h, name, strlen(name) + 1);
		cn_buf_clear(&sql);
		cn_buf_printf(&sql, "SELECT * FROM \"%s\".", schema);
		cn_audit_add_quoted(&sql, name, '"');
		cn_buf_adds(&sql, " ORDER BY rowid");
		rc = hash_query(sq, cn_buf_str(&sql), &h);
	}
	if (rc == SQLITE_DONE || rc == SQLITE_OK) {
		sqlite3_finalize(tables);
		tables = NULL;
		cn_buf_clear(&sql);
		cn_buf_printf(&sql, "SELECT key, value FROM \"%s\".bundle_header WHERE key <> 'checksum' ORDER BY key",
			      schema);
		rc = hash_query(sq, cn_buf_str(&sql), &h);
	}
	if (tables)
		sqlite3_finalize(tables);
	cn_buf_free(&sql);
	if (rc != SQLITE_OK)
		return cn_sqlite_fail(sq, rc, err, "Không đọc được gói dữ liệu");
	snprintf(out, 17, "%016llx", h);
	return CN_OK;
}

/* --- Helpers -------------------------------------------------------------- */

char *bundle_query_text(cn_db *db, const char *sql, long long id)
{
	sqlite3_stmt *st;
	char *v = NULL;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = cn_col_dup(st, 0);
	sqlite3_finalize(st);
	return v;
}

int bundle_exec(cn_db *db, const char *sql, cn_error *err, const char *what, ...)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return cn_db_fail(db, err, what);
	va_list ap;
	va_start(ap, what);
	int i = 1;
	for (const char *v; (v = va_arg(ap, const char *)) != NULL; i++)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	va_end(ap);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return cn_db_fail(db, err, what);
	return CN_OK;
}
