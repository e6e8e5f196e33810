/* The rest of a bundle's merge, after its rows: the child rows of the rows
 * it wrote (a report's figures, replaced whole), and the deletions made at
 * the source, each within what the sender may change (bundle_scope.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "bundle_import_internal.h"
#include "db_internal.h"

/* Every foreign key of the bundle's rows of T (but those to T itself, and
 * a child's owner) must lead to a row known here by now. */
int bundle_check_refs(cn_db *db, const struct bundle_plan *p, const struct bundle_table *t, cn_error *err)
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
		cn_audit_add_ident(&sql, t->fks[k].col);
		cn_buf_adds(&sql, " FROM b.");
		cn_audit_add_ident(&sql, t->name);
		cn_buf_adds(&sql, " x WHERE x.");
		cn_audit_add_ident(&sql, t->fks[k].col);
		cn_buf_adds(&sql, " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM temp.bundle_map m WHERE m.tbl = ");
		cn_audit_add_quoted(&sql, parent->name, '\'');
		cn_buf_adds(&sql, " AND m.bid = x.");
		cn_audit_add_ident(&sql, t->fks[k].col);
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

/* The rows a child of a written row points to besides its owner (a
 * figure's member) must lie inside the sender's subtree too. */
static int children_inside(cn_db *db, struct bundle_scope *s, const struct bundle_table *t, cn_error *err)
{
	const struct bundle_plan *p = s->p;
	cn_buf sql = {0};
	int rc = CN_OK;
	for (int k = 0; k < t->nfks && rc == CN_OK; k++) {
		const struct bundle_table *parent = &p->t[t->fks[k].parent];
		if (parent->catalogue || strcmp(t->fks[k].col, t->owner_col) == 0 ||
		    !bundle_has_column(db, t->name, t->fks[k].col))
			continue;
		cn_buf_clear(&sql);
		cn_buf_adds(&sql, "SELECT DISTINCT ");
		bundle_add_mapped(&sql, p, t, t->fks[k].col, "y");
		cn_buf_adds(&sql, " FROM b.");
		cn_audit_add_ident(&sql, t->name);
		cn_buf_adds(&sql, " y JOIN temp.bundle_touched o ON o.tbl = ?1 AND o.bid = y.");
		cn_audit_add_ident(&sql, t->owner_col);
		cn_buf_adds(&sql, " WHERE y.");
		cn_audit_add_ident(&sql, t->fks[k].col);
		cn_buf_adds(&sql, " IS NOT NULL");
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(cn_db_sqlite(db), cn_buf_str(&sql), -1, &st, NULL) != SQLITE_OK) {
			rc = cn_db_fail(db, err, "Không đọc được gói dữ liệu");
			break;
		}
		sqlite3_bind_text(st, 1, p->t[t->owner].name, -1, SQLITE_STATIC);
		while (rc == CN_OK && sqlite3_step(st) == SQLITE_ROW) {
			long long id = sqlite3_column_int64(st, 0);
			if (bundle_scope_ref_ok(s, t->fks[k].parent, id))
				continue;
			char *place = bundle_scope_place(s, t->fks[k].parent, id);
			rc = cn_fail(err, CN_EINVAL, "Gói dữ liệu «%s» bị từ chối: gói của %s nhưng gắn %s với %s ở %s, ngoài "
				     "phạm vi của đơn vị đó. Không nhập gì.", s->path, s->sender, t->label, parent->label,
				     place);
			free(place);
		}
		sqlite3_finalize(st);
	}
	cn_buf_free(&sql);
	return rc;
}

int bundle_replace_children(cn_db *db, struct bundle_scope *s, cn_error *err)
{
	const struct bundle_plan *p = s->p;
	cn_buf sql = {0};
	int rc = CN_OK;
	for (int i = 0; i < p->n && rc == CN_OK; i++) {
		const struct bundle_table *t = &p->t[i];
		if (!t->child || !bundle_has_column(db, t->name, t->owner_col))
			continue;
		/* Only the rows of tables the bundle may write are touched. */
		if (!bundle_scope_writable(s, &p->t[t->owner]))
			continue;
		const char *owner = p->t[t->owner].name;
		if ((rc = bundle_check_refs(db, p, t, err)) != CN_OK || (rc = children_inside(db, s, t, err)) != CN_OK)
			break;
		cn_buf_clear(&sql);
		cn_buf_adds(&sql, "DELETE FROM main.");
		cn_audit_add_ident(&sql, t->name);
		cn_buf_adds(&sql, " WHERE ");
		cn_audit_add_ident(&sql, t->owner_col);
		cn_buf_adds(&sql, " IN (SELECT lid FROM temp.bundle_touched WHERE tbl = ?1)");
		rc = bundle_exec(db, cn_buf_str(&sql), err, "Không cập nhật được số liệu từ gói dữ liệu", owner,
				 (const char *)NULL);
		if (rc != CN_OK)
			break;
		int n;
		const char **cols = bundle_merge_columns(db, t, "b", false, &n);
		cn_buf_clear(&sql);
		cn_buf_adds(&sql, "INSERT INTO main.");
		cn_audit_add_ident(&sql, t->name);
		cn_buf_adds(&sql, "(");
		cn_audit_add_ident(&sql, t->owner_col);
		for (int k = 0; k < n; k++) {
			cn_buf_adds(&sql, ", ");
			cn_audit_add_ident(&sql, cols[k]);
		}
		cn_buf_adds(&sql, ") SELECT o.lid");
		for (int k = 0; k < n; k++) {
			cn_buf_adds(&sql, ", ");
			bundle_add_mapped(&sql, p, t, cols[k], "y");
		}
		cn_buf_adds(&sql, " FROM b.");
		cn_audit_add_ident(&sql, t->name);
		cn_buf_adds(&sql, " y JOIN temp.bundle_touched o ON o.tbl = ?1 AND o.bid = y.");
		cn_audit_add_ident(&sql, t->owner_col);
		cn_buf_adds(&sql, " ORDER BY y.rowid");
		free(cols);
		rc = bundle_exec(db, cn_buf_str(&sql), err, "Không cập nhật được số liệu từ gói dữ liệu", owner,
				 (const char *)NULL);
	}
	cn_buf_free(&sql);
	return rc;
}

/* A local row's name for people ("Nguyễn Văn An"), for messages. */
static char *local_name(cn_db *db, const struct bundle_table *t, long long id)
{
	static const char *const naming[] = {"full_name", "name", "title", "guest_name", "code", "period"};
	cn_buf sql = {0};
	cn_buf_adds(&sql, "SELECT coalesce(");
	for (size_t i = 0; i < CN_ARRAY_LEN(naming); i++)
		if (bundle_table_has(t, naming[i]))
			cn_buf_printf(&sql, "\"%s\", ", naming[i]);
	cn_buf_adds(&sql, "uuid) FROM main.");
	cn_audit_add_ident(&sql, t->name);
	cn_buf_adds(&sql, " WHERE id = ?1");
	sqlite3_stmt *st;
	char *v = NULL;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), cn_buf_str(&sql), -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			v = cn_col_dup(st, 0);
		sqlite3_finalize(st);
	}
	cn_buf_free(&sql);
	return v ? v : cn_strdup("");
}

/* Whether the deletion of local row LID of TI may go ahead: *SKIP when it
 * is not the sender's to delete and the bundle came from above; refused
 * when it came from below. */
static int deletion_allowed(cn_db *db, struct bundle_scope *s, int ti, long long lid, bool *skip, cn_error *err)
{
	const struct bundle_table *t = &s->p->t[ti];
	*skip = false;
	bool inside = bundle_scope_writable(s, t) && bundle_scope_has(s, ti, lid) && !(t->root && lid == s->root);
	if (inside)
		return CN_OK;
	if (s->down) {
		*skip = true;
		return CN_OK;
	}
	char *name = local_name(db, t, lid), *place = bundle_scope_place(s, ti, lid);
	int rc = cn_fail(err, CN_EINVAL, "Gói dữ liệu «%s» bị từ chối: gói của %s nhưng xoá %s «%s» ở %s, ngoài phạm vi "
			 "của đơn vị đó. Không nhập gì.", s->path, s->sender, t->label, name, place);
	free(name);
	free(place);
	return rc;
}

/* A deletion at the source is applied when the row has not changed here
 * since we last received it (or, never received, is no newer than the
 * deleted version); else it is a conflict. A row that others still point
 * to (a unit with teams made here) is not deleted either: conflict. */
static int delete_one(cn_db *db, struct bundle_scope *s, int ti, const char *uuid, const char *deleted_version,
		      const struct bundle_header *h, struct bundle_counts *c, cn_error *err)
{
	const struct bundle_table *t = &s->p->t[ti];
	cn_buf sql = {0};
	cn_buf_adds(&sql, "SELECT id, updated_at FROM main.");
	cn_audit_add_ident(&sql, t->name);
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
	bool skip = false;
	if (lid)
		rc = deletion_allowed(db, s, ti, lid, &skip, err);
	else if (!bundle_scope_writable(s, t))
		skip = true;
	else if (bundle_scope_uuid_taken(s, ti, uuid))
		rc = cn_fail(err, CN_EINVAL, "Gói dữ liệu «%s» bị từ chối: nó xoá %s mang uuid %s, vốn là uuid của một dòng "
			     "khác ở đây. Không nhập gì.", s->path, t->label, uuid);
	if (rc != CN_OK || skip) {
		c->skipped += skip;
		goto out;
	}
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
	struct bundle_base base;
	bool unchanged = bundle_base_get(db, uuid, &base) ? strcmp(lu ? lu : "", base.local) == 0
			 : deleted_version && strcmp(lu ? lu : "", deleted_version) <= 0;
	bundle_base_free(&base);
	bool done = false;
	if (unchanged && !bundle_locked_here(db, t, lid)) {
		cn_buf_clear(&sql);
		cn_buf_adds(&sql, "DELETE FROM main.");
		cn_audit_add_ident(&sql, t->name);
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
		cn_audit_add_ident(&sql, t->name);
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
		rc = bundle_base_set(db, h->bundle_id, uuid, t->name, "deleted", NULL, err);
out:
	free(lu);
	cn_buf_free(&sql);
	return rc;
}

int bundle_merge_deletions(cn_db *db, struct bundle_scope *s, const struct bundle_header *h,
			   struct bundle_counts *c, cn_error *err)
{
	const struct bundle_plan *p = s->p;
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
				rc = delete_one(db, s, i, uuid, version, h, c, err);
			free(uuid);
			free(version);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}
