/* Importing a bundle: ATTACH it read-only as "b", check it
 * (bundle_verify.c), then merge it table by table in ONE transaction
 * (bundle_merge.c): either all of it is in, or nothing.
 *
 * Why not the session extension: a changeset names rows by primary key, and
 * our primary keys are each database's own integer ids; rows must be matched
 * by uuid (or a unit's code) and every foreign key translated, which a
 * changeset cannot express, and its conflict handler sees one row at a time
 * without the "changed here since the last exchange" history that decides a
 * conflict. Plain ATTACH + INSERT ... SELECT does the mapping in SQL and
 * leaves the bundle a normal database anyone can open. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit_internal.h"
#include "backup_internal.h"
#include "bundle_import_internal.h"
#include "db_internal.h"
#include "cnscd/unit.h"

static bool bundle_has_table(cn_db *db, const char *name)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT 1 FROM b.sqlite_master WHERE type = 'table' AND name = ?1", NULL);
	if (!st)
		return false;
	cn_bind_text(st, 1, name);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

/* True when this bundle was merged here before. A merge that an undo has
 * since reverted entirely does not count: its record goes, with what it
 * recorded of the rows it wrote, so the bundle can come in again. */
static int already_imported(cn_db *db, const char *bundle_id, bool *already, cn_error *err)
{
	*already = false;
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT coalesce(audit_last > audit_first AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.id > audit_first "
		"AND a.id <= audit_last AND a.undone = 0 AND a.by_undo = 0), 0) FROM bundle_import WHERE bundle_id = ?1",
		err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, bundle_id);
	int found = sqlite3_step(st);
	bool undone = found == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (found != SQLITE_ROW)
		return CN_OK;
	if (!undone) {
		*already = true;
		return CN_OK;
	}
	return bundle_exec(db, "DELETE FROM bundle_base WHERE uuid IN (SELECT a.row_uuid FROM audit a, bundle_import i "
			   "WHERE i.bundle_id = ?1 AND a.id > i.audit_first AND a.id <= i.audit_last); "
			   , err, "Không ghi được lịch sử nhập gói", bundle_id, (const char *)NULL) == CN_OK
		       ? bundle_exec(db, "DELETE FROM bundle_import WHERE bundle_id = ?1", err,
				     "Không ghi được lịch sử nhập gói", bundle_id, (const char *)NULL)
		       : (err ? err->code : CN_EDB);
}

static int temp_tables(cn_db *db, const struct bundle_plan *p, const struct bundle_header *h, long long root,
		       long long parent, cn_error *err)
{
	int rc = cn_db_exec(db,
		"CREATE TEMP TABLE IF NOT EXISTS bundle_map(tbl TEXT, bid INTEGER, lid INTEGER,"
		" PRIMARY KEY (tbl, bid)) WITHOUT ROWID;"
		"CREATE TEMP TABLE IF NOT EXISTS bundle_touched(tbl TEXT, bid INTEGER, lid INTEGER,"
		" PRIMARY KEY (tbl, bid)) WITHOUT ROWID;"
		"DELETE FROM temp.bundle_map; DELETE FROM temp.bundle_touched;", err);
	cn_buf sql = {0};
	/* Rows this database already has by uuid (also those a --since
	 * bundle leaves out, listed in its bundle_key). */
	for (int i = 0; i < p->n && rc == CN_OK; i++) {
		if (p->t[i].child)
			continue;
		cn_buf_clear(&sql);
		cn_buf_adds(&sql, "INSERT OR REPLACE INTO temp.bundle_map(tbl, bid, lid) SELECT k.tbl, k.id, l.id "
				  "FROM b.bundle_key k JOIN main.\"");
		cn_buf_adds(&sql, p->t[i].name);
		cn_buf_adds(&sql, "\" l ON l.uuid = k.uuid WHERE k.tbl = ?1");
		rc = bundle_exec(db, cn_buf_str(&sql), err, "Không đọc được gói dữ liệu", p->t[i].name,
				 (const char *)NULL);
	}
	cn_buf_free(&sql);
	/* The bundle's unit hangs under the same parent here. */
	if (rc == CN_OK && h->root_parent_id && parent) {
		char bid[32], lid[32];
		snprintf(bid, sizeof bid, "%lld", h->root_parent_id);
		snprintf(lid, sizeof lid, "%lld", parent);
		rc = bundle_exec(db, "INSERT OR REPLACE INTO temp.bundle_map(tbl, bid, lid) VALUES ('unit', ?1, ?2)", err,
				 "Không ghi được bảng tạm khi nhập", bid, lid, (const char *)NULL);
	}
	(void)root;
	return rc;
}

static int record(cn_db *db, const char *path, const struct bundle_header *h, const struct bundle_counts *c,
		  long long mark, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"INSERT INTO bundle_import(bundle_id, source_id, unit_id, unit_code, created_at, created_by, since, file,"
		" added, updated, deleted, conflicts, audit_first, audit_last) VALUES (?1, ?2, (SELECT id FROM unit "
		"WHERE uuid = ?3 UNION ALL SELECT id FROM unit WHERE code = ?4 LIMIT 1), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
		"?12, ?13, (SELECT coalesce(max(id), 0) FROM audit))", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, h->bundle_id);
	cn_bind_text(st, 2, h->source_id);
	cn_bind_text(st, 3, h->root_uuid);
	cn_bind_text(st, 4, h->root_code);
	cn_bind_text(st, 5, h->created_at);
	cn_bind_text_or_null(st, 6, h->created_by);
	cn_bind_text_or_null(st, 7, h->since);
	cn_bind_text(st, 8, path);
	cn_bind_int(st, 9, c->added);
	cn_bind_int(st, 10, c->updated);
	cn_bind_int(st, 11, c->deleted);
	cn_bind_int(st, 12, c->conflicts);
	cn_bind_int(st, 13, mark);
	return cn_step_done(db, st, err, "Không ghi được lịch sử nhập gói");
}

static int merge(cn_db *db, const char *path, const struct bundle_plan *p, const struct bundle_header *hp,
		 struct cn_bundle_import_result *out, cn_error *err)
{
	struct bundle_header h = *hp;
	int rc;
	snprintf(out->bundle_id, sizeof out->bundle_id, "%s", h.bundle_id);
	snprintf(out->source_id, sizeof out->source_id, "%s", h.source_id);
	snprintf(out->root_code, sizeof out->root_code, "%s", h.root_code);
	snprintf(out->root_name, sizeof out->root_name, "%s", h.root_name);
	snprintf(out->created_at, sizeof out->created_at, "%s", h.created_at);
	snprintf(out->created_by, sizeof out->created_by, "%s", h.created_by);
	if ((rc = already_imported(db, h.bundle_id, &out->already, err)) != CN_OK || out->already)
		return rc;
	long long mark = cn_audit_mark(db);
	struct bundle_scope scope;
	if ((rc = bundle_scope_init(db, p, &h, path, &scope, err)) != CN_OK) {
		bundle_scope_free(&scope);
		return rc;
	}
	out->downward = scope.down;
	rc = temp_tables(db, p, &h, scope.root, scope.root_parent, err);
	struct bundle_counts c = {0};
	for (int i = 0; i < p->n && rc == CN_OK; i++)
		if (!p->t[i].child && bundle_has_table(db, p->t[i].name))
			rc = bundle_merge_table(db, &scope, i, &h, &c, err);
	if (rc == CN_OK && c.tree_moved)
		rc = cn_unit_rebuild_tree(db, err);
	if (rc == CN_OK)
		rc = bundle_replace_children(db, &scope, err);
	if (rc == CN_OK && bundle_has_table(db, "bundle_deleted"))
		rc = bundle_merge_deletions(db, &scope, &h, &c, err);
	if (rc == CN_OK)
		rc = record(db, path, &h, &c, mark, err);
	bundle_scope_free(&scope);
	out->added = c.added;
	out->updated = c.updated;
	out->unchanged = c.unchanged;
	out->deleted = c.deleted;
	out->conflicts = c.conflicts;
	out->skipped = c.skipped;
	return rc;
}

/* The private copy sits with the backups (a private folder, swept of what
 * a killed run leaves). */
static char *copy_template(cn_db *db, cn_error *err)
{
	char *dir = cn_backup_dir(cn_db_path(db));
	char *tmpl = cn_backup_make_dir(dir, err) == CN_OK ? cn_backup_temp_template(cn_db_path(db), "bundle") : NULL;
	free(dir);
	return tmpl;
}

int cn_bundle_import(cn_db *db, const char *path, struct cn_bundle_import_result *out, cn_error *err)
{
	struct cn_bundle_import_result ignored;
	if (!out)
		out = &ignored;
	memset(out, 0, sizeof *out);
	if (!path || !*path)
		return cn_fail(err, CN_EINVAL, "Thiếu tên tệp gói dữ liệu");
	struct bundle_plan plan;
	int rc = bundle_plan_load(db, &plan, err);
	if (rc != CN_OK)
		return rc;
	char *tmpl = copy_template(db, err);
	char *what = cn_sprintf("Gói dữ liệu «%s»", path);
	struct cn_untrusted u = {0};
	struct bundle_header h;
	rc = tmpl ? cn_untrusted_copy(path, tmpl, 0, what, "không nhập gì.", &u, err) : (err ? err->code : CN_EIO);
	free(tmpl);
	free(what);
	/* Not a bundle at all (a database, say): the header says so. */
	if (rc == CN_OK && u.app_id != CN_BUNDLE_APPLICATION_ID)
		rc = cn_fail(err, CN_EINVAL, "Tệp «%s» không phải gói dữ liệu cnscd (.cnscd); không nhập gì.", path);
	if (rc == CN_OK)
		rc = cn_untrusted_open(&u, false, err);
	if (rc == CN_OK)
		rc = bundle_verify(db, &u, &plan, path, &h, err);
	/* Checked: now the copy, which nobody else can reach, is merged. */
	cn_untrusted_close(&u);
	if (rc == CN_OK) {
		char *uri = cn_untrusted_uri(u.copy, "mode=ro&immutable=1");
		rc = bundle_exec(db, "ATTACH ?1 AS b", err, "Không mở được gói dữ liệu", uri, (const char *)NULL);
		free(uri);
	}
	if (rc == CN_OK) {
		rc = cn_db_begin(db, err);
		if (rc == CN_OK) {
			rc = merge(db, path, &plan, &h, out, err);
			if (rc == CN_OK)
				rc = cn_db_commit(db, err);
			else
				cn_db_rollback(db);
		}
		/* The statement cache may hold statements on b: reset them so
		 * DETACH is not refused as "database is locked". */
		sqlite3_exec(cn_db_sqlite(db), "DETACH b", NULL, NULL, NULL);
	}
	cn_untrusted_free(&u);
	bundle_plan_free(&plan);
	return rc;
}

int cn_bundle_forget_undone(cn_db *db, long long lo, long long hi, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT bundle_id FROM bundle_import WHERE audit_last > audit_first "
				      "AND audit_first >= ?1 - 1 AND audit_last <= ?2", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, lo);
	cn_bind_int(st, 2, hi);
	char **ids = NULL;
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		ids = cn_reallocarray(ids, (size_t)n + 1, sizeof *ids);
		ids[n++] = cn_col_dup(st, 0);
	}
	sqlite3_reset(st);
	static const char *const steps[] = {
		"DELETE FROM bundle_base WHERE uuid IN (SELECT uuid FROM bundle_base_prior WHERE bundle_id = ?1)",
		("INSERT INTO bundle_base(uuid, tbl, updated_at, local_at) SELECT uuid, tbl, updated_at, "
		 "coalesce(local_at, '') FROM bundle_base_prior WHERE bundle_id = ?1 AND tbl IS NOT NULL"),
		"DELETE FROM bundle_base_prior WHERE bundle_id = ?1",
		"DELETE FROM bundle_conflict WHERE bundle_id = ?1 AND resolved_at IS NULL",
		"DELETE FROM bundle_import WHERE bundle_id = ?1",
	};
	int rc = CN_OK;
	for (int i = 0; i < n; i++) {
		for (size_t k = 0; k < CN_ARRAY_LEN(steps) && rc == CN_OK; k++)
			rc = bundle_exec(db, steps[k], err, "Không hoàn tác được dấu vết trao đổi", ids[i], (const char *)NULL);
		free(ids[i]);
	}
	free(ids);
	return rc;
}
