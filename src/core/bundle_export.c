/* Writing a bundle: the file is a fresh SQLite database ATTACHed to the
 * office's database as "b", filled with CREATE TABLE ... AS SELECT, so it
 * holds the same columns as the tables it comes from and anyone can open it
 * with the sqlite3 shell. Its tables:
 *   bundle_header   key/value: format, schema_version, bundle_id, source_id,
 *                   created_at, created_by, root_code/uuid/id/name,
 *                   root_parent_id/code, since, checksum
 *   bundle_count    rows per table, as written
 *   bundle_key      (tbl, id, uuid) of every row of the subtree, also those
 *                   left out by --since, so that the receiver can map the
 *                   foreign keys of a changed row to rows it already has
 *   bundle_deleted  rows deleted in the subtree (from the audit log)
 *   unit, team, member, ...  the rows themselves, ids as in the source.
 * SQLite writes it beside PATH under a temporary name (mode 0600, the data
 * is personal); cn_file_publish syncs it and renames it over PATH. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit_internal.h"
#include "bundle_internal.h"
#include "untrusted_db_internal.h"
#include "db_internal.h"
#include "cnscd/atomic_file.h"
#include "cnscd/os.h"

struct export_ctx {
	cn_db *db;
	const struct bundle_plan *plan;
	const char *since; /* "" for everything */
	const char *start, *end; /* the subtree's path range */
	cn_error *err;
};

static void add_ident(cn_buf *b, const char *name)
{
	cn_audit_add_quoted(b, name, '"');
}

static int run(struct export_ctx *x, cn_buf *sql, const char *a, const char *b2)
{
	int rc = bundle_exec(x->db, cn_buf_str(sql), x->err, "Không ghi được gói dữ liệu", a, b2, (const char *)NULL);
	cn_buf_clear(sql);
	return rc;
}

/* "x.col IN (SELECT id FROM b.bundle_key WHERE tbl = 'parent')" for each
 * foreign key to a table that is not a catalogue: a row travels when all
 * the rows it points to travel (and it points to at least one). */
static void add_owner_condition(cn_buf *sql, const struct bundle_plan *p, const struct bundle_table *t,
				const char *value_fmt, bool or_deleted)
{
	cn_buf any = {0};
	cn_buf_adds(sql, "(");
	int n = 0;
	for (int k = 0; k < t->nfks; k++) {
		const struct bundle_table *parent = &p->t[t->fks[k].parent];
		if (parent->catalogue || parent == t)
			continue;
		char *value = cn_sprintf(value_fmt, t->fks[k].col);
		if (n++) {
			cn_buf_adds(sql, " AND ");
			cn_buf_adds(&any, " OR ");
		}
		cn_buf_printf(sql, "(%s IS NULL OR %s IN (SELECT id FROM b.bundle_key WHERE tbl = ", value, value);
		cn_audit_add_quoted(sql, parent->name, '\'');
		if (or_deleted) {
			cn_buf_printf(sql, ") OR %s IN (SELECT row_id FROM b.bundle_deleted WHERE tbl = ", value);
			cn_audit_add_quoted(sql, parent->name, '\'');
		}
		cn_buf_adds(sql, "))");
		cn_buf_printf(&any, "%s IS NOT NULL", value);
		free(value);
	}
	if (!n)
		cn_buf_adds(sql, "0");
	else
		cn_buf_printf(sql, ") AND (%s", cn_buf_str(&any));
	cn_buf_adds(sql, ")");
	cn_buf_free(&any);
}

/* bundle_key: the subtree's rows, table by table, parents first. */
static int collect_keys(struct export_ctx *x)
{
	const struct bundle_plan *p = x->plan;
	cn_buf sql = {0};
	int rc = CN_OK;
	for (int i = 0; i < p->n && rc == CN_OK; i++) {
		const struct bundle_table *t = &p->t[i];
		if (t->child || t->catalogue)
			continue;
		cn_buf_adds(&sql, "INSERT INTO b.bundle_key(tbl, id, uuid) SELECT ");
		cn_audit_add_quoted(&sql, t->name, '\'');
		cn_buf_adds(&sql, ", x.id, x.uuid FROM main.");
		add_ident(&sql, t->name);
		if (t->root) {
			cn_buf_adds(&sql, " x WHERE x.path >= ?1 AND x.path < ?2");
			rc = run(x, &sql, x->start, x->end);
			continue;
		}
		cn_buf_adds(&sql, " x WHERE ");
		add_owner_condition(&sql, p, t, "x.\"%s\"", false);
		rc = run(x, &sql, NULL, NULL);
	}
	/* Catalogue rows that the carried rows use. */
	for (int c = 0; c < p->n && rc == CN_OK; c++) {
		if (!p->t[c].catalogue)
			continue;
		cn_buf_adds(&sql, "INSERT OR IGNORE INTO b.bundle_key(tbl, id, uuid) SELECT ");
		cn_audit_add_quoted(&sql, p->t[c].name, '\'');
		cn_buf_adds(&sql, ", c.id, c.uuid FROM main.");
		add_ident(&sql, p->t[c].name);
		cn_buf_adds(&sql, " c WHERE c.id IN (SELECT NULL");
		for (int i = 0; i < p->n; i++) {
			const struct bundle_table *t = &p->t[i];
			for (int k = 0; k < t->nfks; k++) {
				if (t->fks[k].parent != c)
					continue;
				cn_buf_printf(&sql, " UNION SELECT x.\"%s\" FROM main.", t->fks[k].col);
				add_ident(&sql, t->name);
				cn_buf_printf(&sql, " x WHERE x.\"%s\" IN (SELECT id FROM b.bundle_key WHERE tbl = ",
					      t->child ? t->owner_col : "id");
				cn_audit_add_quoted(&sql, t->child ? p->t[t->owner].name : t->name, '\'');
				cn_buf_adds(&sql, ")");
			}
		}
		cn_buf_adds(&sql, ")");
		rc = run(x, &sql, NULL, NULL);
	}
	cn_buf_free(&sql);
	return rc;
}

/* The rows themselves. Units and catalogues always travel whole; the rest
 * only when changed since SINCE. */
static int copy_rows(struct export_ctx *x)
{
	const struct bundle_plan *p = x->plan;
	cn_buf sql = {0};
	int rc = CN_OK;
	for (int i = 0; i < p->n && rc == CN_OK; i++) {
		const struct bundle_table *t = &p->t[i];
		cn_buf_adds(&sql, "CREATE TABLE b.");
		add_ident(&sql, t->name);
		cn_buf_adds(&sql, " AS SELECT * FROM main.");
		add_ident(&sql, t->name);
		if (t->child) {
			cn_buf_printf(&sql, " WHERE \"%s\" IN (SELECT id FROM b.", t->owner_col);
			add_ident(&sql, p->t[t->owner].name);
			cn_buf_adds(&sql, ")");
			rc = run(x, &sql, NULL, NULL);
			continue;
		}
		cn_buf_adds(&sql, " WHERE id IN (SELECT id FROM b.bundle_key WHERE tbl = ");
		cn_audit_add_quoted(&sql, t->name, '\'');
		cn_buf_adds(&sql, ")");
		if (!t->root && !t->catalogue)
			cn_buf_adds(&sql, " AND updated_at >= ?1");
		cn_buf_adds(&sql, " ORDER BY id");
		rc = run(x, &sql, !t->root && !t->catalogue ? x->since : NULL, NULL);
	}
	cn_buf_free(&sql);
	return rc;
}

/* Deletions recorded by the audit log since SINCE, of rows that are still
 * gone (an undo may have brought one back) and were in the subtree: a unit
 * by its path, another row by what it pointed to (still there, or deleted
 * too). */
static int collect_deletions(struct export_ctx *x)
{
	const struct bundle_plan *p = x->plan;
	cn_buf sql = {0};
	int rc = CN_OK;
	for (int i = 0; i < p->n && rc == CN_OK; i++) {
		const struct bundle_table *t = &p->t[i];
		if (t->child || t->catalogue)
			continue;
		cn_buf_adds(&sql, "INSERT OR IGNORE INTO b.bundle_deleted(uuid, tbl, row_id, updated_at, at) "
				  "SELECT a.row_uuid, a.tbl, a.row_id, json_extract(a.old_values, '$.updated_at'), a.at "
				  "FROM main.audit a WHERE a.tbl = ");
		cn_audit_add_quoted(&sql, t->name, '\'');
		cn_buf_adds(&sql, " AND a.action = 'delete' AND a.row_uuid IS NOT NULL AND a.at >= ?1 "
				  "AND NOT EXISTS (SELECT 1 FROM main.");
		add_ident(&sql, t->name);
		cn_buf_adds(&sql, " l WHERE l.uuid = a.row_uuid) AND ");
		if (t->root) {
			cn_buf_adds(&sql, "json_extract(a.old_values, '$.path') >= ?2 "
					  "AND json_extract(a.old_values, '$.path') < ?3 ORDER BY a.id DESC");
			rc = bundle_exec(x->db, cn_buf_str(&sql), x->err, "Không ghi được gói dữ liệu", x->since,
					 x->start, x->end, (const char *)NULL);
			cn_buf_clear(&sql);
			continue;
		}
		add_owner_condition(&sql, p, t, "json_extract(a.old_values, '$.%s')", true);
		cn_buf_adds(&sql, " ORDER BY a.id DESC");
		rc = run(x, &sql, x->since, NULL);
	}
	cn_buf_free(&sql);
	return rc;
}

static int count_rows(struct export_ctx *x, long long *rows, long long *deletions)
{
	const struct bundle_plan *p = x->plan;
	cn_buf sql = {0};
	int rc = CN_OK;
	for (int i = 0; i < p->n && rc == CN_OK; i++) {
		cn_buf_adds(&sql, "INSERT INTO b.bundle_count(tbl, rows) SELECT ");
		cn_audit_add_quoted(&sql, p->t[i].name, '\'');
		cn_buf_adds(&sql, ", count(*) FROM b.");
		add_ident(&sql, p->t[i].name);
		rc = run(x, &sql, NULL, NULL);
	}
	if (rc == CN_OK)
		rc = bundle_exec(x->db, "INSERT INTO b.bundle_count(tbl, rows) SELECT 'bundle_deleted', count(*) "
				 "FROM b.bundle_deleted", x->err, "Không ghi được gói dữ liệu", (const char *)NULL);
	cn_buf_free(&sql);
	sqlite3_stmt *st;
	*rows = *deletions = 0;
	if (rc == CN_OK && sqlite3_prepare_v2(cn_db_sqlite(x->db),
		"SELECT coalesce(sum(rows) FILTER (WHERE tbl <> 'bundle_deleted'), 0), "
		"coalesce(sum(rows) FILTER (WHERE tbl = 'bundle_deleted'), 0) FROM b.bundle_count", -1, &st,
		NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) {
			*rows = sqlite3_column_int64(st, 0);
			*deletions = sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
	}
	return rc;
}

static int header(struct export_ctx *x, const char *key, const char *value)
{
	return bundle_exec(x->db, "INSERT INTO b.bundle_header(key, value) VALUES (?1, ?2)", x->err,
			   "Không ghi được gói dữ liệu", key, value ? value : "", (const char *)NULL);
}

static char *login_name(void)
{
	return cn_os_user_name();
}

static int write_header(struct export_ctx *x, long long unit_id, const char *by, char bundle_id[33])
{
	char num[32];
	char *id = bundle_query_text(x->db, "SELECT lower(hex(randomblob(16))) WHERE ?1 = ?1", 0);
	char *source = cn_bundle_database_id(x->db);
	char *now = bundle_query_text(x->db, "SELECT " CN_SQL_NOW " WHERE ?1 = ?1", 0);
	char *user = by ? cn_strdup(by) : login_name();
	char *code = bundle_query_text(x->db, "SELECT code FROM unit WHERE id = ?1", unit_id);
	char *uuid = bundle_query_text(x->db, "SELECT uuid FROM unit WHERE id = ?1", unit_id);
	char *name = bundle_query_text(x->db, "SELECT name FROM unit WHERE id = ?1", unit_id);
	char *pid = bundle_query_text(x->db, "SELECT parent_id FROM unit WHERE id = ?1", unit_id);
	char *pcode = bundle_query_text(x->db, "SELECT p.code FROM unit u JOIN unit p ON p.id = u.parent_id WHERE u.id = ?1",
				 unit_id);
	snprintf(bundle_id, 33, "%s", id ? id : "");
	int rc = CN_OK;
	snprintf(num, sizeof num, "%d", CN_BUNDLE_FORMAT);
	rc = header(x, "format", num);
	snprintf(num, sizeof num, "%d", cn_db_schema_version(x->db));
	if (rc == CN_OK)
		rc = header(x, "schema_version", num);
	snprintf(num, sizeof num, "%lld", unit_id);
	const char *pairs[][2] = {
		{"bundle_id", id}, {"source_id", source}, {"created_at", now}, {"created_by", user},
		{"root_id", num}, {"root_code", code}, {"root_uuid", uuid}, {"root_name", name},
		{"root_parent_id", pid}, {"root_parent_code", pcode}, {"since", x->since},
	};
	for (size_t i = 0; i < CN_ARRAY_LEN(pairs) && rc == CN_OK; i++)
		rc = header(x, pairs[i][0], pairs[i][1]);
	free(id);
	free(source);
	free(now);
	free(user);
	free(code);
	free(uuid);
	free(name);
	free(pid);
	free(pcode);
	return rc;
}

static int fill_bundle(struct export_ctx *x, long long unit_id, const char *by,
		       struct cn_bundle_export_result *out)
{
	char sum[17];
	char appid[64];
	snprintf(appid, sizeof appid, "PRAGMA b.application_id = %d; PRAGMA b.user_version = %d",
		 CN_BUNDLE_APPLICATION_ID, cn_db_schema_version(x->db));
	int rc = cn_db_exec(x->db, appid, x->err);
	if (rc == CN_OK)
		rc = cn_db_exec(x->db,
			"CREATE TABLE b.bundle_header(key TEXT PRIMARY KEY, value TEXT);"
			"CREATE TABLE b.bundle_count(tbl TEXT PRIMARY KEY, rows INTEGER NOT NULL);"
			"CREATE TABLE b.bundle_key(tbl TEXT NOT NULL, id INTEGER NOT NULL, uuid TEXT NOT NULL,"
			" PRIMARY KEY (tbl, id));"
			"CREATE TABLE b.bundle_deleted(uuid TEXT PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER,"
			" updated_at TEXT, at TEXT NOT NULL);", x->err);
	if (rc == CN_OK)
		rc = collect_keys(x);
	if (rc == CN_OK)
		rc = copy_rows(x);
	if (rc == CN_OK)
		rc = collect_deletions(x);
	if (rc == CN_OK)
		rc = count_rows(x, &out->rows, &out->deletions);
	if (rc == CN_OK)
		rc = write_header(x, unit_id, by, out->bundle_id);
	if (rc == CN_OK)
		rc = bundle_checksum(cn_db_sqlite(x->db), "b", sum, x->err);
	if (rc == CN_OK)
		rc = header(x, "checksum", sum);
	return rc;
}

/* The database's single top unit, for an export without --unit. */
static int top_unit(cn_db *db, long long *id, cn_error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT id FROM unit WHERE parent_id IS NULL AND valid_to IS NULL "
			       "LIMIT 2", -1, &st, NULL) != SQLITE_OK)
		return cn_db_fail(db, err, "Không đọc được danh sách đơn vị");
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		n++;
	}
	sqlite3_finalize(st);
	if (n == 1)
		return CN_OK;
	return cn_fail(err, CN_EINVAL, n == 0 ? "Cơ sở dữ liệu chưa có đơn vị nào để xuất."
		       : "Cơ sở dữ liệu có nhiều đơn vị cấp cao nhất: hãy chọn đơn vị cần xuất (--unit MÃ).");
}

int cn_bundle_export(cn_db *db, long long unit_id, const char *since, const char *path, const char *by,
		     struct cn_bundle_export_result *out, cn_error *err)
{
	struct cn_bundle_export_result ignored;
	if (!out)
		out = &ignored;
	memset(out, 0, sizeof *out);
	if (!path || !*path)
		return cn_fail(err, CN_EINVAL, "Thiếu tên tệp gói dữ liệu (-o TỆP.cnscd)");
	if (unit_id <= 0 && top_unit(db, &unit_id, err) != CN_OK)
		return err ? err->code : CN_EINVAL;
	struct export_ctx x = {.db = db, .since = since ? since : "", .err = err};
	char *start, *end;
	int rc = cn_unit_subtree(db, unit_id, &start, &end, err);
	if (rc != CN_OK)
		return rc;
	x.start = start;
	x.end = end;
	struct bundle_plan plan;
	if ((rc = bundle_plan_load(db, &plan, err)) != CN_OK) {
		free(start);
		free(end);
		return rc;
	}
	x.plan = &plan;
	char *tmp = cn_sprintf("%s.XXXXXX", path);
	int fd = cn_os_mkstemp(tmp);
	if (fd < 0) {
		rc = cn_file_fail(err, errno, path);
		goto out;
	}
	close(fd);
	char *uri = cn_untrusted_uri(tmp, NULL);
	rc = bundle_exec(db, "ATTACH ?1 AS b", err, "Không tạo được tệp gói dữ liệu", uri, (const char *)NULL);
	free(uri);
	if (rc == CN_OK) {
		/* One read transaction: the rows are a consistent picture. */
		rc = cn_db_exec(db, "PRAGMA b.journal_mode = DELETE; BEGIN", err);
		if (rc == CN_OK) {
			rc = fill_bundle(&x, unit_id, by, out);
			rc = rc == CN_OK ? cn_db_exec(db, "COMMIT", err) : rc;
			if (rc != CN_OK)
				sqlite3_exec(cn_db_sqlite(db), "ROLLBACK", NULL, NULL, NULL);
		}
		sqlite3_exec(cn_db_sqlite(db), "DETACH b", NULL, NULL, NULL);
	}
	if (rc == CN_OK && cn_file_publish(tmp, path, CN_PUBLISH_REPLACE) != 0)
		rc = cn_file_fail(err, errno, path);
	if (rc != CN_OK)
		cn_os_unlink(tmp);
out:
	bundle_plan_free(&plan);
	free(tmp);
	free(start);
	free(end);
	return rc;
}

char *cn_bundle_database_id(cn_db *db)
{
	char *id = cn_setting_get(db, "database_id");
	return id ? id : cn_strdup("");
}
