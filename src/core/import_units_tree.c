/* The units importer's checks across rows, and its writing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/unit.h"
#include "import_bulk_internal.h"
#include "import_units_internal.h"

/* Deeper than this is surely a mistake (the schema allows levels 1..9). */
#define MAX_DEPTH 9

/* Marks entry I bad, and its record rejected with MSG unless it has a
 * problem already (one reason is enough for a row that cannot be imported
 * anyway). */
static void entry_bad(cn_import *imp, struct entry *e, int col, const char *msg)
{
	e->bad = true;
	if (!cn_import_rejected(imp, e->rec))
		cn_import_reject(imp, e->rec, col, "%s", msg);
}

/* What the database holds for each entry's code and parent code. */
static void load_database_side(cn_import *imp, struct units *s)
{
	const char *sql = "SELECT u.id, u.name, u.type, p.code, u.valid_to IS NOT NULL, u.level, u.path "
			  "FROM unit u LEFT JOIN unit p ON p.id = u.parent_id WHERE u.code = ?";
	for (size_t i = 0; i < s->n; i++) {
		struct entry *e = &s->e[i];
		sqlite3_stmt *st = cn_db_stmt(imp->db, sql, NULL);
		if (!st)
			return;
		cn_bind_text(st, 1, e->code);
		if (sqlite3_step(st) == SQLITE_ROW) {
			e->db_id = sqlite3_column_int64(st, 0);
			e->db_name = cn_col_dup(st, 1);
			e->db_type = cn_col_dup(st, 2);
			e->db_parent = cn_col_dup(st, 3);
			e->db_closed = sqlite3_column_int(st, 4);
			e->db_path = cn_col_dup(st, 6);
		}
		sqlite3_reset(st);
	}
}

static void resolve_parents(cn_import *imp, struct units *s)
{
	const char *sql = "SELECT id, level, valid_to IS NOT NULL, name, path FROM unit WHERE code = ?";
	for (size_t i = 0; i < s->n; i++) {
		struct entry *e = &s->e[i];
		if (!e->parent)
			continue;
		e->parent_entry = cn_strmap_get(&s->by_code, e->parent);
		if (e->parent_entry >= 0)
			continue;
		sqlite3_stmt *st = cn_db_stmt(imp->db, sql, NULL);
		if (st) {
			cn_bind_text(st, 1, e->parent);
			if (sqlite3_step(st) == SQLITE_ROW) {
				e->parent_db = sqlite3_column_int64(st, 0);
				e->parent_db_level = sqlite3_column_int(st, 1);
				e->parent_db_closed = sqlite3_column_int(st, 2);
				e->parent_db_name = cn_col_dup(st, 3);
				e->parent_db_path = cn_col_dup(st, 4);
			}
			sqlite3_reset(st);
		}
		if (!e->parent_db) {
			char msg[256];
			snprintf(msg, sizeof msg,
				 "Không có đơn vị cấp trên mang mã «%s» (trong tệp cũng như trong cơ sở dữ liệu)",
				 e->parent);
			entry_bad(imp, e, e->cols.parent, msg);
		}
	}
}

/* A new unit may not go under one that has been closed (as cn_unit_add). */
static void check_closed_parents(cn_import *imp, struct units *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct entry *e = &s->e[i];
		if (e->db_id || !e->parent)
			continue;
		const struct entry *p = e->parent_entry >= 0 ? &s->e[e->parent_entry] : NULL;
		bool closed = p ? p->db_closed : e->parent_db_closed;
		if (!closed)
			continue;
		char msg[512];
		snprintf(msg, sizeof msg, "%s đã giải thể/sáp nhập; không thể thêm đơn vị trực thuộc",
			 p ? (p->db_name ? p->db_name : p->name) : e->parent_db_name);
		entry_bad(imp, e, e->cols.parent, msg);
	}
}

static void unit_free_entry(struct entry *e)
{
	free(e->code);
	free(e->name);
	free(e->type);
	free(e->parent);
	free(e->db_name);
	free(e->db_type);
	free(e->db_parent);
	free(e->db_path);
	free(e->parent_db_name);
	free(e->parent_db_path);
	free(e->path);
}

/* One step up from entry I: the entry above it, after *GAP units of the
 * database that the file does not mention; -1 when the chain ends at a top
 * unit (*GAP database units above I). */
static long step_up(cn_import *imp, struct units *s, long i, int *gap)
{
	const struct entry *e = &s->e[i];
	*gap = 0;
	if (e->parent_entry >= 0)
		return e->parent_entry;
	long long id = e->parent_db;
	while (id && *gap < 64) {
		(*gap)++;
		sqlite3_stmt *st = cn_db_stmt(imp->db,
			"SELECT p.id, p.code FROM unit c JOIN unit p ON p.id = c.parent_id WHERE c.id = ?", NULL);
		if (!st)
			return -1;
		cn_bind_int(st, 1, id);
		long next = -1;
		id = 0;
		if (sqlite3_step(st) == SQLITE_ROW) {
			/* A database unit that the file mentions hangs where the file says. */
			next = cn_strmap_get(&s->by_code, cn_col_text(st, 1));
			id = next >= 0 ? 0 : sqlite3_column_int64(st, 0);
		}
		sqlite3_reset(st);
		if (next >= 0)
			return next;
	}
	return -1;
}

struct chain {
	long *entry;
	int *gap;  /* database units between entry[k] and entry[k + 1] */
	size_t n, cap;
};

static void chain_push(struct chain *c, long entry)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->entry = cn_reallocarray(c->entry, c->cap, sizeof *c->entry);
		c->gap = cn_reallocarray(c->gap, c->cap, sizeof *c->gap);
	}
	c->entry[c->n] = entry;
	c->gap[c->n++] = 0;
}

/* Every member of the loop chain[from..] is rejected, naming the loop. */
static void mark_loop(cn_import *imp, struct units *s, const struct chain *c, size_t from)
{
	cn_buf b = {0};
	size_t len = c->n - from;
	if (len == 1 && c->gap[from] == 0) {
		cn_buf_printf(&b, "Đơn vị «%s» không thể là cấp trên của chính nó", s->e[c->entry[from]].code);
	} else {
		/* "…" stands for units of the database on the way. */
		cn_buf_adds(&b, "Mã cấp trên tạo thành vòng lặp: ");
		for (size_t k = from; k < c->n && k < from + 8; k++)
			cn_buf_printf(&b, "%s → %s", s->e[c->entry[k]].code, c->gap[k] ? "… → " : "");
		cn_buf_printf(&b, "%s%s", len > 8 ? "… → " : "", s->e[c->entry[from]].code);
	}
	for (size_t k = from; k < c->n; k++) {
		struct entry *e = &s->e[c->entry[k]];
		e->walk = 2;
		e->depth = 1;
		entry_bad(imp, e, e->cols.parent, cn_buf_str(&b));
	}
	cn_buf_free(&b);
}

/* Follows parents from entry START up to a top unit or an entry already
 * walked, then comes back down giving each entry its depth and passing on
 * its parent's faults; a chain that comes back on itself is a loop. */
static void walk(cn_import *imp, struct units *s, long start, struct chain *c)
{
	c->n = 0;
	long cur = start, done = -1;
	size_t stop;
	for (;;) {
		struct entry *e = &s->e[cur];
		if (e->walk == 2) {
			done = cur;
			stop = c->n;
			break;
		}
		if (e->walk == 1) {
			for (stop = 0; c->entry[stop] != cur; stop++)
				;
			mark_loop(imp, s, c, stop);
			done = cur;
			break;
		}
		e->walk = 1;
		chain_push(c, cur);
		long next = step_up(imp, s, cur, &c->gap[c->n - 1]);
		if (next < 0) {
			stop = c->n;
			break;
		}
		cur = next;
	}
	for (size_t k = stop; k-- > 0;) {
		struct entry *e = &s->e[c->entry[k]];
		const struct entry *above = k + 1 < stop ? &s->e[c->entry[k + 1]] : done >= 0 ? &s->e[done] : NULL;
		e->depth = (above ? above->depth : 0) + c->gap[k] + 1;
		e->walk = 2;
		char msg[512];
		if (above && above->bad) {
			snprintf(msg, sizeof msg, "Đơn vị cấp trên «%s» (dòng %ld) có lỗi nên không nhập được đơn vị này",
				 above->code, above->line);
			entry_bad(imp, e, e->cols.parent, msg);
		} else if (e->depth > MAX_DEPTH) {
			snprintf(msg, sizeof msg, "Đơn vị nằm sâu quá %d cấp tính từ cấp tỉnh: kiểm tra lại mã cấp trên",
				 MAX_DEPTH);
			entry_bad(imp, e, e->cols.parent, msg);
		}
	}
}

void units_check_tree(cn_import *imp, struct units *s)
{
	/* The unit a rejected row is about is not written. */
	for (size_t r = 0; r < imp->nrecs; r++)
		if (leaf_of(s, r) >= 0 && cn_import_rejected(imp, r))
			s->e[leaf_of(s, r)].bad = true;
	load_database_side(imp, s);
	resolve_parents(imp, s);
	check_closed_parents(imp, s);
	struct chain c = {0};
	for (size_t i = 0; i < s->n; i++)
		if (s->e[i].walk == 0)
			walk(imp, s, (long)i, &c);
	free(c.entry);
	free(c.gap);
	/* A row repeating a unit that failed elsewhere fails with it. */
	for (size_t r = 0; r < imp->nrecs; r++) {
		long l = leaf_of(s, r);
		if (l >= 0 && s->e[l].bad && !cn_import_rejected(imp, r))
			cn_import_reject(imp, r, s->e[l].cols.code, "Đơn vị «%s» có lỗi ở dòng %ld", s->e[l].code,
					 s->e[l].line);
	}
}

/* Where entry E goes: its parent's id, level and path. */
static void parent_of(const struct units *s, const struct entry *e, long long *id, int *level, const char **path)
{
	*id = 0;
	*level = 0;
	*path = "/";
	if (e->parent_entry >= 0) {
		const struct entry *p = &s->e[e->parent_entry];
		*id = p->id;
		*level = p->level;
		*path = p->path ? p->path : "/";
	} else if (e->parent) {
		*id = e->parent_db;
		*level = e->parent_db_level;
		*path = e->parent_db_path ? e->parent_db_path : "/";
	}
}

/* A new unit, its id ID, its path under its parent's: kept in imp_unit. */
static int stage_new(cn_import *imp, struct entry *e, long long id, long long parent_id, const char *parent_path,
		     cn_error *err)
{
	sqlite3_stmt *st = cn_import_sql(imp,
		"INSERT INTO temp.imp_unit(id, code, name, type, level, parent_id, path, search_key) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	e->id = id;
	e->path = cn_sprintf("%s%lld/", parent_path, id);
	char *key = cn_unit_new_search_key(e->name, e->code);
	cn_bind_int(st, 1, id);
	cn_bind_text(st, 2, e->code);
	cn_bind_text(st, 3, e->name);
	cn_bind_text(st, 4, e->type);
	cn_bind_int(st, 5, e->level);
	cn_bind_int_or_null(st, 6, parent_id);
	cn_bind_text(st, 7, e->path);
	cn_bind_text(st, 8, key);
	free(key);
	return cn_import_step(imp, st, "Không ghi được bảng tạm của việc nhập", err);
}

/* Entries in the order of their depth (parents first): the new ones get
 * their ids (from NEXT on) and paths in imp_unit, the changed ones are
 * marked; the unchanged ones are counted. */
static int plan_entries(cn_import *imp, struct units *s, long long next, bool *changed, cn_error *err)
{
	int rc = cn_import_exec(imp, "CREATE TEMP TABLE imp_unit(id INTEGER PRIMARY KEY, code TEXT, name TEXT, "
				     "type TEXT, level INTEGER, parent_id INTEGER, path TEXT, search_key TEXT)", err);
	for (int depth = 1; depth <= MAX_DEPTH && rc == CN_OK; depth++) {
		for (size_t i = 0; i < s->n && rc == CN_OK; i++) {
			struct entry *e = &s->e[i];
			if (e->bad || e->depth != depth)
				continue;
			long long parent_id;
			int parent_level;
			const char *parent_path;
			parent_of(s, e, &parent_id, &parent_level, &parent_path);
			e->level = cn_unit_type_level(e->type, parent_level);
			if (!e->db_id) {
				rc = stage_new(imp, e, next++, parent_id, parent_path, err);
				imp->res->added++;
				continue;
			}
			e->id = e->db_id;
			e->path = cn_strdup(e->db_path ? e->db_path : "/");
			if (strcmp(e->name, e->db_name) == 0 && strcmp(e->type, e->db_type) == 0 &&
			    same_text(e->parent, e->db_parent)) {
				imp->res->unchanged++;
				continue;
			}
			changed[i] = true;
			imp->res->updated++;
		}
	}
	return rc;
}

/* The units that exist and change, one by one (few), parents first. */
static int update_entries(cn_import *imp, struct units *s, const bool *changed, cn_error *err)
{
	for (int depth = 1; depth <= MAX_DEPTH; depth++) {
		for (size_t i = 0; i < s->n; i++) {
			struct entry *e = &s->e[i];
			if (!changed[i] || e->depth != depth)
				continue;
			long long parent_id;
			int parent_level;
			const char *parent_path;
			parent_of(s, e, &parent_id, &parent_level, &parent_path);
			cn_unit u = {.id = e->db_id, .code = e->code, .name = e->name, .type = e->type, .level = e->level,
				     .parent_id = parent_id};
			int rc = cn_unit_store(imp->db, &u, err);
			if (rc != CN_OK)
				return rc;
		}
	}
	return CN_OK;
}

int units_write(cn_import *imp, struct units *s, cn_error *err)
{
	cn_bulk b;
	int rc = cn_bulk_begin(imp->db, "unit", &b, err);
	if (rc != CN_OK)
		return rc;
	bool *changed = cn_calloc(s->n + 1, sizeof *changed);
	rc = plan_entries(imp, s, b.first, changed, err);
	sqlite3_stmt *st = rc == CN_OK ? cn_import_sql(imp,
		"INSERT OR ROLLBACK INTO unit(id, code, name, type, level, parent_id, path, search_key) "
		"SELECT id, code, name, type, level, parent_id, path, search_key FROM temp.imp_unit ORDER BY id", err) : NULL;
	if (rc == CN_OK && !st)
		rc = err ? err->code : CN_EDB;
	if (rc == CN_OK)
		rc = cn_import_step(imp, st, "Không lưu được đơn vị", err);
	int end = cn_bulk_end(&b, rc == CN_OK, err);
	rc = rc == CN_OK ? end : rc;
	cn_import_report(imp, CN_IMPORT_WRITING, imp->res->added, imp->res->added + imp->res->updated);
	/* A unit that moved or changed its type moves or changes its whole
	 * subtree, new units included: the tree is put right once. */
	if (rc == CN_OK && imp->res->updated && (rc = update_entries(imp, s, changed, err)) == CN_OK)
		rc = cn_unit_rebuild_tree(imp->db, err);
	free(changed);
	return rc;
}

void units_free(struct units *s)
{
	for (size_t i = 0; i < s->n; i++)
		unit_free_entry(&s->e[i]);
	free(s->e);
	free(s->leaf);
	cn_strmap_free(&s->by_code);
	memset(s, 0, sizeof *s);
}
