/* Merging one table of an attached bundle ("b") into the database, row by
 * row, by uuid (or by the table's natural key: a unit's code, since offices
 * that imported the same official list have the same codes under different
 * uuids). Ids differ between databases: every foreign key goes through
 * temp.bundle_map (bundle id -> local id), filled as rows are matched or
 * added, parents before children.
 *
 * For a row both sides have, bundle_base holds the updated_at of the version
 * last received: incoming = base means the source has not changed it since
 * (keep ours); ours = base means we have not (take theirs); neither is a
 * conflict: ours stays, theirs goes to bundle_conflict. With no base (the
 * first exchange of a row made on both sides) the newer updated_at wins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "cnscd/approval.h"
#include "bundle_import.h"
#include "internal.h"

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

static bool bundle_has_column(cn_db *db, const char *table, const char *col)
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

static bool has_children(const struct bundle_plan *p, int t)
{
	for (int i = 0; i < p->n; i++)
		if (p->t[i].child && p->t[i].owner == t)
			return true;
	return false;
}

/* The statements of one table's merge, built from its columns. */
struct merge {
	cn_db *db;
	const struct bundle_plan *p;
	const struct bundle_table *t;
	int ti;
	const struct bundle_header *h;
	struct bundle_counts *c;
	cn_error *err;
	sqlite3_stmt *rows, *by_uuid, *by_nat, *insert, *update, *same, *local_json, *incoming_json, *parent_ok;
};

static int prepare(struct merge *m, cn_buf *sql, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(cn_db_sqlite(m->db), cn_buf_str(sql), -1, st, NULL);
	cn_buf_clear(sql);
	return rc == SQLITE_OK ? CN_OK : cn_db_fail(m->db, m->err, "Không đọc được gói dữ liệu");
}

static int prepare_all(struct merge *m)
{
	const struct bundle_table *t = m->t;
	cn_buf sql = {0};
	int nins, nupd, ncontent = 0;
	const char **ins = bundle_merge_columns(m->db, t, "b", true, &nins);
	const char **upd = bundle_merge_columns(m->db, t, "b", false, &nupd);
	const char **content = cn_calloc((size_t)nupd + 1, sizeof *content);
	for (int i = 0; i < nupd; i++)
		if (!bundle_housekeeping(upd[i]))
			content[ncontent++] = upd[i];
	int rc;

	cn_buf_adds(&sql, "SELECT x.rowid, x.id, x.uuid, x.updated_at FROM b.");
	add_ident(&sql, t->name);
	/* Parents before children; a team's members who step down before
	 * their successor steps up (one active leader per team). */
	cn_buf_adds(&sql, bundle_table_has(t, "path") ? " x ORDER BY length(x.path), x.rowid"
			  : bundle_table_has(t, "role") ? " x ORDER BY x.role DESC, x.rowid" : " x ORDER BY x.rowid");
	rc = prepare(m, &sql, &m->rows);

	cn_buf_adds(&sql, "SELECT id, updated_at FROM main.");
	add_ident(&sql, t->name);
	cn_buf_adds(&sql, " WHERE uuid = ?1");
	if (rc == CN_OK)
		rc = prepare(m, &sql, &m->by_uuid);

	if (rc == CN_OK && t->nnat) {
		cn_buf_adds(&sql, "SELECT l.id, l.updated_at FROM main.");
		add_ident(&sql, t->name);
		cn_buf_adds(&sql, " l, b.");
		add_ident(&sql, t->name);
		cn_buf_adds(&sql, " x WHERE x.rowid = ?1");
		for (int k = 0; k < t->nnat; k++) {
			cn_buf_adds(&sql, " AND l.");
			add_ident(&sql, t->nat[k]);
			cn_buf_adds(&sql, " = ");
			bundle_add_mapped(&sql, m->p, t, t->nat[k], "x");
		}
		rc = prepare(m, &sql, &m->by_nat);
	}

	cn_buf_adds(&sql, "INSERT INTO main.");
	add_ident(&sql, t->name);
	cn_buf_adds(&sql, "(");
	for (int i = 0; i < nins; i++) {
		cn_buf_adds(&sql, i ? ", " : "");
		add_ident(&sql, ins[i]);
	}
	cn_buf_adds(&sql, ") SELECT ");
	for (int i = 0; i < nins; i++) {
		cn_buf_adds(&sql, i ? ", " : "");
		bundle_add_mapped(&sql, m->p, t, ins[i], "x");
	}
	cn_buf_adds(&sql, " FROM b.");
	add_ident(&sql, t->name);
	cn_buf_adds(&sql, " x WHERE x.rowid = ?1");
	if (rc == CN_OK)
		rc = prepare(m, &sql, &m->insert);

	cn_buf_adds(&sql, "UPDATE main.");
	add_ident(&sql, t->name);
	cn_buf_adds(&sql, " SET (");
	for (int i = 0; i < nupd; i++) {
		cn_buf_adds(&sql, i ? ", " : "");
		add_ident(&sql, upd[i]);
	}
	cn_buf_adds(&sql, ") = (SELECT ");
	for (int i = 0; i < nupd; i++) {
		cn_buf_adds(&sql, i ? ", " : "");
		bundle_add_mapped(&sql, m->p, t, upd[i], "x");
	}
	cn_buf_adds(&sql, " FROM b.");
	add_ident(&sql, t->name);
	cn_buf_adds(&sql, " x WHERE x.rowid = ?1) WHERE id = ?2");
	if (rc == CN_OK)
		rc = prepare(m, &sql, &m->update);

	/* Same content (housekeeping aside): nothing to do, whatever the
	 * times say. Rows with children (a report and its figures) are
	 * judged by their times alone. */
	if (rc == CN_OK && !has_children(m->p, m->ti)) {
		cn_buf_adds(&sql, "SELECT json_array(");
		for (int i = 0; i < ncontent; i++) {
			cn_buf_adds(&sql, i ? ", " : "");
			bundle_add_mapped(&sql, m->p, t, content[i], "x");
		}
		cn_buf_adds(&sql, ") IS (SELECT json_array(");
		for (int i = 0; i < ncontent; i++) {
			cn_buf_adds(&sql, i ? ", l." : "l.");
			add_ident(&sql, content[i]);
		}
		cn_buf_adds(&sql, ") FROM main.");
		add_ident(&sql, t->name);
		cn_buf_adds(&sql, " l WHERE l.id = ?2) FROM b.");
		add_ident(&sql, t->name);
		cn_buf_adds(&sql, " x WHERE x.rowid = ?1");
		rc = prepare(m, &sql, &m->same);
	}

	if (rc == CN_OK) {
		int nall;
		const char **all = bundle_merge_columns(m->db, t, NULL, true, &nall);
		cn_buf_adds(&sql, "SELECT ");
		bundle_add_row_json(&sql, m->p, t, all, nall, "l", false);
		cn_buf_adds(&sql, " FROM main.");
		add_ident(&sql, t->name);
		cn_buf_adds(&sql, " l WHERE l.id = ?1");
		free(all);
		rc = prepare(m, &sql, &m->local_json);
	}
	if (rc == CN_OK) {
		cn_buf_adds(&sql, "SELECT ");
		bundle_add_row_json(&sql, m->p, t, ins, nins, "x", true);
		cn_buf_adds(&sql, ", ");
		if (has_children(m->p, m->ti))
			bundle_add_children_json(&sql, m->p, m->ti, "x");
		else
			cn_buf_adds(&sql, "NULL");
		cn_buf_adds(&sql, " FROM b.");
		add_ident(&sql, t->name);
		cn_buf_adds(&sql, " x WHERE x.rowid = ?1");
		rc = prepare(m, &sql, &m->incoming_json);
	}
	/* A unit's parent comes earlier in the same table: it must be known
	 * by the time the unit is written. */
	for (int k = 0; rc == CN_OK && k < t->nfks; k++) {
		if (t->fks[k].parent != m->ti)
			continue;
		cn_buf_adds(&sql, "SELECT x.");
		add_ident(&sql, t->fks[k].col);
		cn_buf_adds(&sql, " IS NULL OR ");
		bundle_add_mapped(&sql, m->p, t, t->fks[k].col, "x");
		cn_buf_adds(&sql, " IS NOT NULL FROM b.");
		add_ident(&sql, t->name);
		cn_buf_adds(&sql, " x WHERE x.rowid = ?1");
		rc = prepare(m, &sql, &m->parent_ok);
		break;
	}
	free(ins);
	free(upd);
	free(content);
	cn_buf_free(&sql);
	return rc;
}

static void finalize_all(struct merge *m)
{
	sqlite3_stmt **all[] = {&m->rows, &m->by_uuid, &m->by_nat, &m->insert, &m->update, &m->same,
				&m->local_json, &m->incoming_json, &m->parent_ok};
	for (size_t i = 0; i < CN_ARRAY_LEN(all); i++) {
		sqlite3_finalize(*all[i]);
		*all[i] = NULL;
	}
}

/* Steps ST (bound) once; DONE or ROW is success. Resets it. */
static int step(struct merge *m, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		cn_db_fail(m->db, m->err, what);
		sqlite3_reset(st);
		return m->err ? m->err->code : CN_EDB;
	}
	sqlite3_reset(st);
	return CN_OK;
}

int bundle_base_set(cn_db *db, const char *uuid, const char *table, const char *updated_at, const char *local_at,
		    cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "INSERT INTO bundle_base(uuid, tbl, updated_at, local_at) "
				      "VALUES (?1, ?2, ?3, coalesce(?4, '')) ON CONFLICT(uuid) DO UPDATE SET "
				      "tbl = excluded.tbl, updated_at = excluded.updated_at, "
				      "local_at = coalesce(?4, local_at)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, uuid);
	cn_bind_text(st, 2, table);
	cn_bind_text(st, 3, updated_at ? updated_at : "");
	cn_bind_text(st, 4, local_at);
	return cn_step_done(db, st, err, "Không ghi được dấu vết trao đổi");
}

/* The last exchange of row UUID: false when there was none (or only its
 * deletion, which the row outlived). */
struct base {
	char *in, *local;
};

static bool base_get(cn_db *db, const char *uuid, struct base *b)
{
	b->in = b->local = NULL;
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT updated_at, local_at FROM bundle_base WHERE uuid = ?1 "
				      "AND updated_at <> 'deleted'", NULL);
	if (!st)
		return false;
	cn_bind_text(st, 1, uuid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		b->in = cn_col_dup(st, 0);
		b->local = cn_col_dup(st, 1);
	}
	sqlite3_reset(st);
	return b->in != NULL;
}

static void base_free(struct base *b)
{
	free(b->in);
	free(b->local);
}

static int map_set(cn_db *db, const char *sql, const char *table, long long bid, long long lid, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, table);
	cn_bind_int(st, 2, bid);
	cn_bind_int(st, 3, lid);
	return cn_step_done(db, st, err, "Không ghi được bảng tạm khi nhập");
}

/* The local row matching bundle row ROWID (uuid UUID): *LID 0 when none. */
static int find_local(struct merge *m, long long rowid, const char *uuid, long long *lid, char **lu)
{
	*lid = 0;
	*lu = NULL;
	sqlite3_stmt *st = m->by_uuid;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && m->by_nat) {
		sqlite3_reset(st);
		st = m->by_nat;
		sqlite3_bind_int64(st, 1, rowid);
		rc = sqlite3_step(st);
	}
	if (rc == SQLITE_ROW) {
		*lid = sqlite3_column_int64(st, 0);
		*lu = cn_col_dup(st, 1);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CN_OK : cn_db_fail(m->db, m->err, "Không đọc được dữ liệu");
}

static char *text_of(struct merge *m, sqlite3_stmt *st, long long id, char **second)
{
	sqlite3_bind_int64(st, 1, id);
	char *v = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		v = cn_col_dup(st, 0);
		if (second)
			*second = cn_col_dup(st, 1);
	}
	sqlite3_reset(st);
	(void)m;
	return v;
}

/* Approved figures are locked here too: an incoming change to a report of
 * an approved month waits as a conflict until the approval is withdrawn. */
static bool locked_here(cn_db *db, const struct bundle_table *t, long long lid)
{
	if (strcmp(t->name, "report") != 0)
		return false;
	cn_error e = {0};
	return cn_approval_check_report(db, lid, &e) != CN_OK;
}

static int conflict(struct merge *m, long long rowid, const char *uuid, long long lid)
{
	char *children = NULL;
	char *local = text_of(m, m->local_json, lid, NULL);
	char *incoming = text_of(m, m->incoming_json, rowid, &children);
	int rc = bundle_conflict_add(m->db, m->t, uuid, lid, local, incoming, children, m->h, m->err);
	free(local);
	free(incoming);
	free(children);
	m->c->conflicts++;
	return rc;
}

static long long unit_parent(cn_db *db, long long id)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT coalesce(parent_id, 0) FROM unit WHERE id = ?1", NULL);
	if (!st)
		return 0;
	cn_bind_int(st, 1, id);
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return v;
}

static int write_row(struct merge *m, long long rowid, long long *lid, bool insert)
{
	sqlite3_stmt *st = insert ? m->insert : m->update;
	sqlite3_bind_int64(st, 1, rowid);
	if (!insert)
		sqlite3_bind_int64(st, 2, *lid);
	long long parent_before = m->t->root && !insert ? unit_parent(m->db, *lid) : 0;
	char *what = cn_sprintf("Không %s được %s từ gói dữ liệu", insert ? "thêm" : "cập nhật", m->t->label);
	int rc = step(m, st, what);
	free(what);
	if (rc != CN_OK)
		return rc;
	if (insert)
		*lid = sqlite3_last_insert_rowid(cn_db_sqlite(m->db));
	if (m->t->root) {
		if (!insert && unit_parent(m->db, *lid) != parent_before)
			m->c->tree_moved = true;
		sqlite3_stmt *fix = cn_db_stmt(m->db,
			"UPDATE unit SET path = coalesce((SELECT p.path FROM unit p WHERE p.id = unit.parent_id), '/') "
			"|| id || '/' WHERE id = ?1", m->err);
		if (!fix)
			return m->err ? m->err->code : CN_EDB;
		cn_bind_int(fix, 1, *lid);
		if ((rc = cn_step_done(m->db, fix, m->err, "Không thêm được đơn vị")) != CN_OK)
			return rc;
	}
	if (has_children(m->p, m->ti))
		rc = map_set(m->db, "INSERT OR REPLACE INTO temp.bundle_touched(tbl, bid, lid) VALUES (?1, ?2, ?3)",
			     m->t->name, sqlite3_column_int64(m->rows, 1), *lid, m->err);
	return rc;
}

enum action { KEEP, TAKE, CONFLICT };

static enum action decide(const char *iu, const char *lu, const struct base *b)
{
	if (b->in) {
		if (strcmp(iu, b->in) == 0)
			return KEEP;   /* not changed there since: ours stands */
		if (strcmp(lu, b->local) == 0)
			return TAKE;   /* not changed here since: theirs */
		return CONFLICT;
	}
	return strcmp(iu, lu) > 0 ? TAKE : KEEP;
}

static int merge_row(struct merge *m)
{
	long long rowid = sqlite3_column_int64(m->rows, 0);
	long long bid = sqlite3_column_int64(m->rows, 1);
	const char *uuid = (const char *)sqlite3_column_text(m->rows, 2);
	const char *iu = (const char *)sqlite3_column_text(m->rows, 3);
	if (!uuid || !iu)
		return cn_fail(m->err, CN_EINVAL, "Gói dữ liệu có dòng %s thiếu uuid hoặc thời điểm sửa; không nhập gì.",
			       m->t->label);
	if (m->parent_ok) {
		sqlite3_bind_int64(m->parent_ok, 1, rowid);
		bool ok = sqlite3_step(m->parent_ok) == SQLITE_ROW && sqlite3_column_int(m->parent_ok, 0);
		sqlite3_reset(m->parent_ok);
		if (!ok)
			return cn_fail(m->err, CN_EINVAL, "Gói dữ liệu có %s (uuid %s) mà không có đơn vị cấp trên của nó; "
				       "không nhập gì.", m->t->label, uuid);
	}
	long long lid;
	char *lu;
	int rc = find_local(m, rowid, uuid, &lid, &lu);
	if (rc != CN_OK)
		return rc;
	/* What the local row's time is after this exchange: NULL leaves the
	 * recorded one (a local change stays a local change). */
	const char *local_at = iu;
	if (!lid) {
		rc = write_row(m, rowid, &lid, true);
		m->c->added++;
	} else {
		/* The content decides where it can be compared: two offices may
		 * well stamp their edits with the same millisecond. */
		bool same = lu && strcmp(lu, iu) == 0;
		if (m->same) {
			sqlite3_bind_int64(m->same, 1, rowid);
			sqlite3_bind_int64(m->same, 2, lid);
			same = sqlite3_step(m->same) == SQLITE_ROW && sqlite3_column_int(m->same, 0);
			sqlite3_reset(m->same);
		}
		struct base b;
		bool known = !same && base_get(m->db, uuid, &b);
		if (!known)
			b.in = b.local = NULL;
		enum action a = same ? KEEP : decide(iu, lu ? lu : "", &b);
		base_free(&b);
		if (same) {
			local_at = lu;
			m->c->unchanged++;
		} else if (a == TAKE && locked_here(m->db, m->t, lid)) {
			rc = conflict(m, rowid, uuid, lid);
			local_at = NULL;
		} else if (a == TAKE) {
			rc = write_row(m, rowid, &lid, false);
			m->c->updated++;
		} else if (a == CONFLICT) {
			rc = conflict(m, rowid, uuid, lid);
			local_at = NULL;
		} else {
			/* Ours is newer: a change of ours, unless known otherwise. */
			local_at = known ? NULL : "";
			m->c->unchanged++;
		}
	}
	if (rc == CN_OK)
		rc = bundle_base_set(m->db, uuid, m->t->name, iu, local_at, m->err);
	free(lu);
	if (rc == CN_OK)
		rc = map_set(m->db, "INSERT OR REPLACE INTO temp.bundle_map(tbl, bid, lid) VALUES (?1, ?2, ?3)",
			     m->t->name, bid, lid, m->err);
	return rc;
}

/* Every foreign key of the bundle's rows of T (but those to T itself, and
 * a child's owner) must lead to a row known here by now. */
static int check_refs(cn_db *db, const struct bundle_plan *p, const struct bundle_table *t, cn_error *err)
{
	cn_buf sql = {0};
	int rc = CN_OK;
	for (int k = 0; k < t->nfks && rc == CN_OK; k++) {
		const struct bundle_table *parent = &p->t[t->fks[k].parent];
		if (parent == t || (t->owner_col && strcmp(t->owner_col, t->fks[k].col) == 0) ||
		    !bundle_has_column(db, t->name, t->fks[k].col))
			continue;
		cn_buf_clear(&sql);
		cn_buf_adds(&sql, "SELECT x.");
		add_ident(&sql, t->fks[k].col);
		cn_buf_adds(&sql, " FROM b.");
		add_ident(&sql, t->name);
		cn_buf_adds(&sql, " x WHERE x.");
		add_ident(&sql, t->fks[k].col);
		cn_buf_adds(&sql, " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM temp.bundle_map m WHERE m.tbl = ");
		cn_audit_add_quoted(&sql, parent->name, '\'');
		cn_buf_adds(&sql, " AND m.bid = x.");
		add_ident(&sql, t->fks[k].col);
		cn_buf_adds(&sql, ") LIMIT 1");
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(cn_db_sqlite(db), cn_buf_str(&sql), -1, &st, NULL) != SQLITE_OK) {
			rc = cn_db_fail(db, err, "Không đọc được gói dữ liệu");
			break;
		}
		if (sqlite3_step(st) == SQLITE_ROW)
			rc = cn_fail(err, CN_EINVAL, "Gói dữ liệu có %s gắn với %s (số %lld trong gói) mà cả gói lẫn cơ sở "
				     "dữ liệu này đều không có. Hãy nhập các gói trước đó, hoặc xin một gói đầy đủ "
				     "(xuất không kèm --since). Không nhập gì.", t->label, parent->label,
				     (long long)sqlite3_column_int64(st, 0));
		sqlite3_finalize(st);
	}
	cn_buf_free(&sql);
	return rc;
}

int bundle_merge_table(cn_db *db, const struct bundle_plan *p, int ti, const struct bundle_header *h,
		       struct bundle_counts *c, cn_error *err)
{
	struct merge m = {.db = db, .p = p, .t = &p->t[ti], .ti = ti, .h = h, .c = c, .err = err};
	int rc = check_refs(db, p, m.t, err);
	if (rc == CN_OK)
		rc = prepare_all(&m);
	while (rc == CN_OK) {
		int s = sqlite3_step(m.rows);
		if (s == SQLITE_DONE)
			break;
		if (s != SQLITE_ROW) {
			rc = cn_db_fail(db, err, "Không đọc được gói dữ liệu");
			break;
		}
		rc = merge_row(&m);
	}
	finalize_all(&m);
	return rc;
}

int bundle_replace_children(cn_db *db, const struct bundle_plan *p, cn_error *err)
{
	cn_buf sql = {0};
	int rc = CN_OK;
	for (int i = 0; i < p->n && rc == CN_OK; i++) {
		const struct bundle_table *t = &p->t[i];
		if (!t->child || !bundle_has_column(db, t->name, t->owner_col))
			continue;
		const char *owner = p->t[t->owner].name;
		if ((rc = check_refs(db, p, t, err)) != CN_OK)
			break;
		cn_buf_clear(&sql);
		cn_buf_adds(&sql, "DELETE FROM main.");
		add_ident(&sql, t->name);
		cn_buf_adds(&sql, " WHERE ");
		add_ident(&sql, t->owner_col);
		cn_buf_adds(&sql, " IN (SELECT lid FROM temp.bundle_touched WHERE tbl = ?1)");
		rc = bundle_exec(db, cn_buf_str(&sql), err, "Không cập nhật được số liệu từ gói dữ liệu", owner,
				 (const char *)NULL);
		if (rc != CN_OK)
			break;
		int n;
		const char **cols = bundle_merge_columns(db, t, "b", false, &n);
		cn_buf_clear(&sql);
		cn_buf_adds(&sql, "INSERT INTO main.");
		add_ident(&sql, t->name);
		cn_buf_adds(&sql, "(");
		add_ident(&sql, t->owner_col);
		for (int k = 0; k < n; k++) {
			cn_buf_adds(&sql, ", ");
			add_ident(&sql, cols[k]);
		}
		cn_buf_adds(&sql, ") SELECT o.lid");
		for (int k = 0; k < n; k++) {
			cn_buf_adds(&sql, ", ");
			bundle_add_mapped(&sql, p, t, cols[k], "y");
		}
		cn_buf_adds(&sql, " FROM b.");
		add_ident(&sql, t->name);
		cn_buf_adds(&sql, " y JOIN temp.bundle_touched o ON o.tbl = ?1 AND o.bid = y.");
		add_ident(&sql, t->owner_col);
		cn_buf_adds(&sql, " ORDER BY y.rowid");
		free(cols);
		rc = bundle_exec(db, cn_buf_str(&sql), err, "Không cập nhật được số liệu từ gói dữ liệu", owner,
				 (const char *)NULL);
	}
	cn_buf_free(&sql);
	return rc;
}

/* A deletion at the source is applied when the row has not changed here
 * since we last received it (or, never received, is no newer than the
 * deleted version); else it is a conflict. A row that others still point
 * to (a unit with teams made here) is not deleted either: conflict. */
static int delete_one(cn_db *db, const struct bundle_table *t, const char *uuid, const char *deleted_version,
		      const struct bundle_header *h, struct bundle_counts *c, cn_error *err)
{
	cn_buf sql = {0};
	cn_buf_adds(&sql, "SELECT id, updated_at FROM main.");
	add_ident(&sql, t->name);
	cn_buf_adds(&sql, " WHERE uuid = ?1");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), cn_buf_str(&sql), -1, &st, NULL) != SQLITE_OK) {
		cn_buf_free(&sql);
		return cn_db_fail(db, err, "Không đọc được dữ liệu");
	}
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	long long lid = 0;
	char *lu = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		lid = sqlite3_column_int64(st, 0);
		lu = cn_col_dup(st, 1);
	}
	sqlite3_finalize(st);
	int rc = CN_OK;
	sqlite3_stmt *seen = cn_db_stmt(db, "SELECT 1 FROM bundle_base WHERE uuid = ?1 AND updated_at = 'deleted'",
					err);
	if (!seen) {
		rc = err ? err->code : CN_EDB;
		goto out;
	}
	cn_bind_text(seen, 1, uuid);
	bool already = sqlite3_step(seen) == SQLITE_ROW;
	sqlite3_reset(seen);
	if (!lid || already)
		goto mark;
	struct base base;
	bool unchanged = base_get(db, uuid, &base) ? strcmp(lu ? lu : "", base.local) == 0
			 : deleted_version && strcmp(lu ? lu : "", deleted_version) <= 0;
	base_free(&base);
	bool done = false;
	if (unchanged && !locked_here(db, t, lid)) {
		cn_buf_clear(&sql);
		cn_buf_adds(&sql, "DELETE FROM main.");
		add_ident(&sql, t->name);
		cn_buf_printf(&sql, " WHERE id = %lld", lid);
		sqlite3 *sq = cn_db_sqlite(db);
		sqlite3_exec(sq, "SAVEPOINT bundle_delete", NULL, NULL, NULL);
		done = sqlite3_exec(sq, cn_buf_str(&sql), NULL, NULL, NULL) == SQLITE_OK;
		if (!done)
			sqlite3_exec(sq, "ROLLBACK TO bundle_delete", NULL, NULL, NULL);
		sqlite3_exec(sq, "RELEASE bundle_delete", NULL, NULL, NULL);
	}
	if (done) {
		c->deleted++;
	} else {
		int nall;
		const char **all = bundle_merge_columns(db, t, NULL, true, &nall);
		cn_buf_clear(&sql);
		cn_buf_adds(&sql, "SELECT ");
		bundle_add_row_json(&sql, NULL, t, all, nall, "l", false);
		cn_buf_adds(&sql, " FROM main.");
		add_ident(&sql, t->name);
		cn_buf_printf(&sql, " l WHERE l.id = %lld", lid);
		free(all);
		char *local = NULL;
		if (sqlite3_prepare_v2(cn_db_sqlite(db), cn_buf_str(&sql), -1, &st, NULL) == SQLITE_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				local = cn_col_dup(st, 0);
			sqlite3_finalize(st);
		}
		rc = bundle_conflict_add(db, t, uuid, lid, local, NULL, NULL, h, err);
		free(local);
		c->conflicts++;
	}
mark:
	if (rc == CN_OK)
		rc = bundle_base_set(db, uuid, t->name, "deleted", NULL, err);
out:
	free(lu);
	cn_buf_free(&sql);
	return rc;
}

int bundle_merge_deletions(cn_db *db, const struct bundle_plan *p, const struct bundle_header *h,
			   struct bundle_counts *c, cn_error *err)
{
	int rc = CN_OK;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT uuid, updated_at FROM b.bundle_deleted WHERE tbl = ?1 "
			       "ORDER BY rowid", -1, &st, NULL) != SQLITE_OK)
		return cn_db_fail(db, err, "Không đọc được gói dữ liệu");
	/* Children before the rows they point to. */
	for (int i = p->n - 1; i >= 0 && rc == CN_OK; i--) {
		const struct bundle_table *t = &p->t[i];
		if (t->child || t->catalogue)
			continue;
		sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
		while (rc == CN_OK && sqlite3_step(st) == SQLITE_ROW) {
			char *uuid = cn_col_dup(st, 0);
			char *version = cn_col_dup(st, 1);
			if (uuid)
				rc = delete_one(db, t, uuid, version, h, c, err);
			free(uuid);
			free(version);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}
