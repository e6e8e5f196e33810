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
#include "cnscd/unit.h"
#include "bundle_import_internal.h"
#include "bundle_merge_internal.h"
#include "db_internal.h"

static void add_ident(cn_buf *b, const char *name)
{
	cn_audit_add_quoted(b, name, '"');
}

static bool has_children(const struct bundle_plan *p, int t)
{
	for (int i = 0; i < p->n; i++)
		if (p->t[i].child && p->t[i].owner == t)
			return true;
	return false;
}

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
	/* Where the row's foreign keys lead here: "x.col IS NULL, <mapped>"
	 * per key to a table that confines (not a catalogue). */
	m->ref_parent = cn_calloc((size_t)t->nfks + 1, sizeof *m->ref_parent);
	cn_buf_adds(&sql, "SELECT NULL");
	for (int k = 0; k < t->nfks; k++) {
		if (m->p->t[t->fks[k].parent].catalogue || (t->owner_col && strcmp(t->fks[k].col, t->owner_col) == 0))
			continue;
		if (!bundle_has_column(m->db, t->name, t->fks[k].col)) {
			cn_buf_adds(&sql, ", 1, NULL");
		} else {
			cn_buf_adds(&sql, ", x.");
			add_ident(&sql, t->fks[k].col);
			cn_buf_adds(&sql, " IS NULL, ");
			bundle_add_mapped(&sql, m->p, t, t->fks[k].col, "x");
		}
		m->ref_parent[m->nrefs++] = t->fks[k].parent;
	}
	cn_buf_adds(&sql, " FROM b.");
	add_ident(&sql, t->name);
	cn_buf_adds(&sql, " x WHERE x.rowid = ?1");
	if (rc == CN_OK)
		rc = prepare(m, &sql, &m->refs);
	/* The row's name for people, for messages. */
	static const char *const naming[] = {"full_name", "name", "title", "guest_name", "code", "period"};
	cn_buf_adds(&sql, "SELECT coalesce(");
	for (size_t i = 0; i < CN_ARRAY_LEN(naming); i++) {
		if (!bundle_table_has(t, naming[i]) || !bundle_has_column(m->db, t->name, naming[i]))
			continue;
		cn_buf_adds(&sql, "x.");
		add_ident(&sql, naming[i]);
		cn_buf_adds(&sql, ", ");
	}
	cn_buf_adds(&sql, t->child ? "x.rowid" : "x.uuid");
	cn_buf_adds(&sql, ", '') FROM b.");
	add_ident(&sql, t->name);
	cn_buf_adds(&sql, " x WHERE x.rowid = ?1");
	if (rc == CN_OK)
		rc = prepare(m, &sql, &m->name);
	free(ins);
	free(upd);
	free(content);
	cn_buf_free(&sql);
	return rc;
}

static void finalize_all(struct merge *m)
{
	sqlite3_stmt **all[] = {&m->rows, &m->by_uuid, &m->by_nat, &m->insert, &m->update, &m->same,
				&m->local_json, &m->incoming_json, &m->parent_ok, &m->refs, &m->name};
	for (size_t i = 0; i < CN_ARRAY_LEN(all); i++) {
		sqlite3_finalize(*all[i]);
		*all[i] = NULL;
	}
	free(m->ref_parent);
	m->ref_parent = NULL;
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

int bundle_base_set(cn_db *db, const char *bundle_id, const char *uuid, const char *table, const char *updated_at,
		    const char *local_at, cn_error *err)
{
	/* What it was before this bundle, once and only when it changes, for
	 * an undo of the import. */
	sqlite3_stmt *st = cn_db_stmt(db, "INSERT OR IGNORE INTO bundle_base_prior(bundle_id, uuid, tbl, updated_at, "
				      "local_at) SELECT ?1, ?2, b.tbl, b.updated_at, b.local_at FROM (SELECT 1) "
				      "LEFT JOIN bundle_base b ON b.uuid = ?2 WHERE b.uuid IS NULL OR b.tbl IS NOT ?3 "
				      "OR b.updated_at IS NOT ?4 OR b.local_at IS NOT coalesce(?5, b.local_at)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, bundle_id);
	cn_bind_text(st, 2, uuid);
	cn_bind_text(st, 3, table);
	cn_bind_text(st, 4, updated_at ? updated_at : "");
	cn_bind_text(st, 5, local_at);
	int rc = cn_step_done(db, st, err, "Không ghi được dấu vết trao đổi");
	if (rc != CN_OK)
		return rc;
	st = cn_db_stmt(db, "INSERT INTO bundle_base(uuid, tbl, updated_at, local_at) "
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

bool bundle_base_get(cn_db *db, const char *uuid, struct bundle_base *b)
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

void bundle_base_free(struct bundle_base *b)
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
static int find_local(struct merge *m, long long rowid, const char *uuid, long long *lid, char **lu, bool *by_uuid)
{
	*lid = 0;
	*lu = NULL;
	sqlite3_stmt *st = m->by_uuid;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	*by_uuid = rc == SQLITE_ROW;
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
bool bundle_locked_here(cn_db *db, const struct bundle_table *t, long long lid)
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

/* After a unit's row was written: its path from its parent's, and the
 * paths of everything under it when it moved, so that the next unit's
 * checks read the tree as it now is. */
static int fix_paths(struct merge *m, long long id)
{
	sqlite3_stmt *st = cn_db_stmt(m->db, "SELECT path, coalesce((SELECT p.path FROM unit p WHERE p.id = u.parent_id), "
				      "'/') || u.id || '/' FROM unit u WHERE u.id = ?1", m->err);
	if (!st)
		return m->err ? m->err->code : CN_EDB;
	cn_bind_int(st, 1, id);
	char *old = NULL, *now = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		old = cn_col_dup(st, 0);
		now = cn_col_dup(st, 1);
	}
	sqlite3_reset(st);
	int rc = CN_OK;
	if (now && (!old || strcmp(old, now) != 0)) {
		char *end = old && *old ? cn_path_end(old) : NULL;
		st = cn_db_stmt(m->db, "UPDATE unit SET path = ?1 || substr(path, length(?2) + 1) "
				"WHERE (path >= ?2 AND path < ?3) OR id = ?4", m->err);
		if (!st) {
			rc = m->err ? m->err->code : CN_EDB;
		} else {
			cn_bind_text(st, 1, now);
			cn_bind_text(st, 2, old && *old ? old : now);
			cn_bind_text(st, 3, end ? end : now);
			cn_bind_int(st, 4, id);
			rc = cn_step_done(m->db, st, m->err, "Không cập nhật được cây đơn vị");
		}
		free(end);
	}
	free(old);
	free(now);
	return rc;
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
		if ((rc = fix_paths(m, *lid)) != CN_OK)
			return rc;
	}
	if (has_children(m->p, m->ti))
		rc = map_set(m->db, "INSERT OR REPLACE INTO temp.bundle_touched(tbl, bid, lid) VALUES (?1, ?2, ?3)",
			     m->t->name, sqlite3_column_int64(m->rows, 1), *lid, m->err);
	return rc;
}

enum action { KEEP, TAKE, CONFLICT };

static enum action decide(const char *iu, const char *lu, const struct bundle_base *b)
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
	if (m->parent_ok && !m->s->down) {
		sqlite3_bind_int64(m->parent_ok, 1, rowid);
		bool ok = sqlite3_step(m->parent_ok) == SQLITE_ROW && sqlite3_column_int(m->parent_ok, 0);
		sqlite3_reset(m->parent_ok);
		if (!ok)
			return cn_fail(m->err, CN_EINVAL, "Gói dữ liệu có %s (uuid %s) mà không có đơn vị cấp trên của nó; "
				       "không nhập gì.", m->t->label, uuid);
	}
	long long lid;
	char *lu;
	bool by_uuid;
	int rc = find_local(m, rowid, uuid, &lid, &lu, &by_uuid);
	enum verdict v = V_MERGE;
	if (rc == CN_OK)
		rc = bundle_guard(m, rowid, uuid, lid, by_uuid, &v);
	if (rc != CN_OK || v != V_MERGE) {
		if (rc == CN_OK && lu && strcmp(lu, iu) == 0)
			m->c->unchanged++;
		else if (rc == CN_OK)
			m->c->skipped++;
		free(lu);
		if (rc == CN_OK && lid)
			rc = map_set(m->db, "INSERT OR REPLACE INTO temp.bundle_map(tbl, bid, lid) VALUES (?1, ?2, ?3)",
				     m->t->name, bid, lid, m->err);
		return rc;
	}
	/* What the local row's time is after this exchange: NULL leaves the
	 * recorded one (a local change stays a local change). */
	const char *local_at = iu;
	bool written = false;
	if (!lid) {
		rc = write_row(m, rowid, &lid, true);
		written = true;
		m->c->added++;
		if (rc == CN_OK && m->t->root && !m->s->root)
			bundle_scope_root_added(m->s, lid);
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
		struct bundle_base b;
		bool known = !same && bundle_base_get(m->db, uuid, &b);
		if (!known)
			b.in = b.local = NULL;
		enum action a = same ? KEEP : decide(iu, lu ? lu : "", &b);
		bundle_base_free(&b);
		if (same) {
			local_at = lu;
			m->c->unchanged++;
		} else if (a == TAKE && bundle_locked_here(m->db, m->t, lid)) {
			rc = conflict(m, rowid, uuid, lid);
			local_at = NULL;
		} else if (a == TAKE) {
			rc = write_row(m, rowid, &lid, false);
			written = true;
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
	if (rc == CN_OK && written && m->t->root)
		rc = bundle_check_level(m, rowid, lid);
	if (rc == CN_OK)
		rc = bundle_base_set(m->db, m->h->bundle_id, uuid, m->t->name, iu, local_at, m->err);
	free(lu);
	if (rc == CN_OK)
		rc = map_set(m->db, "INSERT OR REPLACE INTO temp.bundle_map(tbl, bid, lid) VALUES (?1, ?2, ?3)",
			     m->t->name, bid, lid, m->err);
	return rc;
}

int bundle_merge_table(cn_db *db, struct bundle_scope *s, int ti, const struct bundle_header *h,
		       struct bundle_counts *c, cn_error *err)
{
	const struct bundle_plan *p = s->p;
	struct merge m = {.db = db, .s = s, .p = p, .t = &p->t[ti], .ti = ti, .h = h, .c = c, .err = err};
	/* From above, rows that cannot be placed here are left alone. */
	int rc = s->down ? CN_OK : bundle_check_refs(db, p, m.t, err);
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

