/* What a bundle may change here. The receiver judges by its own tree and
 * its own office unit (setting office_unit), never by what the bundle says
 * it may do: a bundle is a file anyone can edit and re-checksum.
 *
 *   upward   the bundle's unit lies inside the office's subtree: it may
 *            change the rows of its own subtree (units below it, and the
 *            teams, members, sessions, reports... of all of it), never its
 *            own unit's row, an ancestor or a sibling. Anything else in it
 *            refuses the whole bundle.
 *   downward the bundle's unit is the office's unit or above it (the
 *            office above sends its decisions down): it may change only
 *            what that office decides for this office's subtree (approvals,
 *            targets, the catalogues); everything else it carries is
 *            context and is left alone.
 *   neither  refused.
 *
 * A row is inside a subtree when its unit is, for a unit by its path, for
 * any other row through the foreign keys that tie it to a unit (a member
 * to its team to the team's unit), read from the local rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "bundle_import_internal.h"
#include "cnscd/settings.h"
#include "db_internal.h"

/* Tables whose rows the office above decides for the units below. */
static const char *const decided_above[] = {"approval", "approval_log", "target"};

bool bundle_scope_writable(const struct bundle_scope *s, const struct bundle_table *t)
{
	if (!s->down || t->catalogue)
		return true;
	for (size_t i = 0; i < CN_ARRAY_LEN(decided_above); i++)
		if (strcmp(t->name, decided_above[i]) == 0)
			return true;
	return false;
}

/* "31933 Xã Vĩnh Mỹ A": a unit as the user knows it here. Malloc'd. */
char *bundle_scope_unit_name(cn_db *db, long long id)
{
	char *v = bundle_query_text(db, "SELECT code || ' ' || name FROM unit WHERE id = ?1", id);
	return v ? v : cn_strdup("?");
}

static bool path_in(const char *path, const char *start, const char *end)
{
	return path && start && strcmp(path, start) >= 0 && strcmp(path, end) < 0;
}

static void set_range(struct bundle_scope *s, cn_db *db, long long unit)
{
	free(s->start);
	free(s->end);
	s->start = s->end = NULL;
	char *path = bundle_query_text(db, "SELECT path FROM unit WHERE id = ?1", unit);
	if (path && *path) {
		s->start = path;
		s->end = cn_path_end(path);
	} else {
		free(path);
	}
}

void bundle_scope_root_added(struct bundle_scope *s, long long root)
{
	s->root = root;
	set_range(s, s->db, root);
}

int bundle_scope_init(cn_db *db, const struct bundle_plan *p, const struct bundle_header *h, const char *path,
		      struct bundle_scope *s, cn_error *err)
{
	memset(s, 0, sizeof *s);
	s->db = db;
	s->p = p;
	s->path = path;
	int rc = cn_setting_office_unit_read(db, &s->office, err);
	if (rc != CN_OK)
		return rc;
	if (!s->office)
		return cn_fail(err, CN_EINVAL, CN_BUNDLE_NO_OFFICE_UNIT);
	rc = bundle_find_root(db, h, &s->root, &s->root_parent, err);
	if (rc != CN_OK)
		return rc;
	set_range(s, db, s->office);
	char *office_start = s->start ? cn_strdup(s->start) : NULL, *office_end = s->end ? cn_strdup(s->end) : NULL;
	long long here = s->root ? s->root : s->root_parent;
	char *here_path = bundle_query_text(db, "SELECT path FROM unit WHERE id = ?1", here);
	bool inside = path_in(here_path, office_start, office_end);
	/* The office's unit under the bundle's: the bundle came from above. */
	bool above = s->root && here_path && office_start && strncmp(office_start, here_path, strlen(here_path)) == 0;
	s->office_name = bundle_scope_unit_name(db, s->office);
	if (s->root && above) {
		s->down = true; /* the range stays the office's subtree */
	} else if (inside && (s->root != s->office)) {
		s->down = false;
		if (s->root)
			set_range(s, db, s->root);
		else {
			free(s->start);
			free(s->end);
			s->start = s->end = NULL; /* set when the unit is added */
		}
	} else {
		char *name = s->root ? bundle_scope_unit_name(db, s->root) : cn_sprintf("%s %s", h->root_code, h->root_name);
		rc = cn_fail(err, CN_EINVAL, "Gói dữ liệu «%s» là của %s, không thuộc cây đơn vị của cơ quan này (%s) và "
			     "cũng không phải của cấp trên gửi xuống. Không nhập gì.", path, name, s->office_name);
		free(name);
	}
	free(here_path);
	free(office_start);
	free(office_end);
	if (rc == CN_OK)
		s->sender = s->root ? bundle_scope_unit_name(db, s->root) : cn_sprintf("%s %s", h->root_code, h->root_name);
	if (rc == CN_OK) {
		s->fk = cn_calloc((size_t)p->n, sizeof *s->fk);
		s->uuid = cn_calloc((size_t)p->n, sizeof *s->uuid);
	}
	return rc;
}

void bundle_scope_free(struct bundle_scope *s)
{
	for (int i = 0; s->fk && i < s->p->n; i++) {
		sqlite3_finalize(s->fk[i]);
		sqlite3_finalize(s->uuid[i]);
	}
	free(s->fk);
	free(s->uuid);
	sqlite3_finalize(s->unit_path);
	sqlite3_finalize(s->base_tbl);
	free(s->start);
	free(s->end);
	free(s->sender);
	free(s->office_name);
	memset(s, 0, sizeof *s);
}

/* The foreign keys of T that tie its rows to a unit: not to a catalogue,
 * not to T itself. */
static bool confining_fk(const struct bundle_plan *p, const struct bundle_table *t, int k)
{
	const struct bundle_table *parent = &p->t[t->fks[k].parent];
	return parent != t && !parent->catalogue;
}

/* "SELECT fk1, fk2... FROM main.T WHERE id = ?1" (a child by rowid). */
static sqlite3_stmt *fk_stmt(struct bundle_scope *s, int ti)
{
	if (s->fk[ti])
		return s->fk[ti];
	const struct bundle_table *t = &s->p->t[ti];
	cn_buf sql = {0};
	cn_buf_adds(&sql, "SELECT NULL");
	for (int k = 0; k < t->nfks; k++) {
		if (!confining_fk(s->p, t, k))
			continue;
		cn_buf_adds(&sql, ", ");
		cn_audit_add_quoted(&sql, t->fks[k].col, '"');
	}
	cn_buf_adds(&sql, " FROM main.");
	cn_audit_add_quoted(&sql, t->name, '"');
	cn_buf_adds(&sql, t->child ? " WHERE rowid = ?1" : " WHERE id = ?1");
	if (sqlite3_prepare_v2(cn_db_sqlite(s->db), cn_buf_str(&sql), -1, &s->fk[ti], NULL) != SQLITE_OK)
		s->fk[ti] = NULL;
	cn_buf_free(&sql);
	return s->fk[ti];
}

static bool unit_inside(struct bundle_scope *s, long long id)
{
	if (!s->start)
		return false;
	if (!s->unit_path &&
	    sqlite3_prepare_v2(cn_db_sqlite(s->db), "SELECT path FROM unit WHERE id = ?1", -1, &s->unit_path, NULL) !=
		    SQLITE_OK)
		return false;
	sqlite3_bind_int64(s->unit_path, 1, id);
	bool in = sqlite3_step(s->unit_path) == SQLITE_ROW &&
		  path_in((const char *)sqlite3_column_text(s->unit_path, 0), s->start, s->end);
	sqlite3_reset(s->unit_path);
	return in;
}

/* DEPTH bounds the walk: the schema's chains are short (attendance >
 * member > team > unit). */
static bool row_inside(struct bundle_scope *s, int ti, long long id, int depth)
{
	const struct bundle_table *t = &s->p->t[ti];
	if (t->root)
		return unit_inside(s, id);
	if (t->catalogue)
		return true;
	if (depth > 8)
		return false;
	sqlite3_stmt *st = fk_stmt(s, ti);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return false;
	}
	/* Read the keys before walking on: the walk may reuse ST. */
	long long refs[16];
	int parents[16], n = 0;
	for (int k = 0, c = 1; k < t->nfks && n < 16; k++) {
		if (!confining_fk(s->p, t, k))
			continue;
		if (sqlite3_column_type(st, c) != SQLITE_NULL) {
			refs[n] = sqlite3_column_int64(st, c);
			parents[n++] = t->fks[k].parent;
		}
		c++;
	}
	sqlite3_reset(st);
	bool in = n > 0;
	for (int i = 0; i < n && in; i++)
		in = row_inside(s, parents[i], refs[i], depth + 1);
	return in;
}

bool bundle_scope_has(struct bundle_scope *s, int ti, long long id)
{
	return row_inside(s, ti, id, 0);
}

bool bundle_scope_ref_ok(struct bundle_scope *s, int parent, long long id)
{
	return row_inside(s, parent, id, 1);
}

/* The unit a local row belongs to, for messages: "Xã Vĩnh Mỹ B". */
char *bundle_scope_place(struct bundle_scope *s, int ti, long long id)
{
	for (int depth = 0; depth < 8; depth++) {
		const struct bundle_table *t = &s->p->t[ti];
		if (t->root)
			return bundle_scope_unit_name(s->db, id);
		sqlite3_stmt *st = fk_stmt(s, ti);
		if (!st)
			break;
		sqlite3_bind_int64(st, 1, id);
		int next = -1;
		long long ref = 0;
		if (sqlite3_step(st) == SQLITE_ROW) {
			for (int k = 0, c = 1; k < t->nfks; k++) {
				if (!confining_fk(s->p, t, k))
					continue;
				if (next < 0 && sqlite3_column_type(st, c) != SQLITE_NULL) {
					ref = sqlite3_column_int64(st, c);
					next = t->fks[k].parent;
				}
				c++;
			}
		}
		sqlite3_reset(st);
		if (next < 0)
			break;
		ti = next;
		id = ref;
	}
	return cn_strdup("?");
}

static bool found(sqlite3_stmt *st, const char *uuid)
{
	if (!st)
		return true; /* cannot tell: refuse rather than risk it */
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	bool yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

bool bundle_scope_uuid_taken(struct bundle_scope *s, int ti, const char *uuid)
{
	sqlite3 *sq = cn_db_sqlite(s->db);
	for (int i = 0; i < s->p->n; i++) {
		const struct bundle_table *t = &s->p->t[i];
		if (i == ti || t->child)
			continue;
		if (!s->uuid[i]) {
			cn_buf sql = {0};
			cn_buf_adds(&sql, "SELECT 1 FROM main.");
			cn_audit_add_quoted(&sql, t->name, '"');
			cn_buf_adds(&sql, " WHERE uuid = ?1");
			if (sqlite3_prepare_v2(sq, cn_buf_str(&sql), -1, &s->uuid[i], NULL) != SQLITE_OK)
				s->uuid[i] = NULL;
			cn_buf_free(&sql);
		}
		if (found(s->uuid[i], uuid))
			return true;
	}
	if (!s->base_tbl && sqlite3_prepare_v2(sq, "SELECT 1 FROM bundle_base WHERE uuid = ?1 AND tbl <> ?2", -1,
					       &s->base_tbl, NULL) != SQLITE_OK)
		s->base_tbl = NULL;
	if (s->base_tbl)
		sqlite3_bind_text(s->base_tbl, 2, s->p->t[ti].name, -1, SQLITE_STATIC);
	return found(s->base_tbl, uuid);
}
