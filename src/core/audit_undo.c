/* Undo of the last change, from the values the audit log recorded. */
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "cnscd/unit.h"
#include "db_internal.h"

/* Values of a row recorded as JSON, limited to the columns its table still
 * has (a later migration may have dropped one). */
struct row_values {
	int n;
	char **keys;
	sqlite3_value **vals;
};

static void row_values_free(struct row_values *rv)
{
	for (int i = 0; i < rv->n; i++) {
		free(rv->keys[i]);
		sqlite3_value_free(rv->vals[i]);
	}
	free(rv->keys);
	free(rv->vals);
	memset(rv, 0, sizeof *rv);
}

/* The columns of the audited tables, read once per undo. */
struct table_columns {
	char *table;
	char **names;
	int n;
};

struct columns_cache {
	struct table_columns *v;
	int n;
};

static void columns_cache_free(struct columns_cache *cc)
{
	for (int i = 0; i < cc->n; i++) {
		cn_audit_columns_free(cc->v[i].names, cc->v[i].n);
		free(cc->v[i].table);
	}
	free(cc->v);
	memset(cc, 0, sizeof *cc);
}

static const struct table_columns *table_columns(cn_db *db, struct columns_cache *cc, const char *table)
{
	for (int i = 0; i < cc->n; i++)
		if (strcmp(cc->v[i].table, table) == 0)
			return &cc->v[i];
	cc->v = cn_reallocarray(cc->v, (size_t)cc->n + 1, sizeof *cc->v);
	struct table_columns *tc = &cc->v[cc->n++];
	*tc = (struct table_columns){cn_strdup(table), NULL, 0};
	tc->names = cn_audit_columns(db, table, &tc->n);
	return tc;
}

static bool has_column(const struct table_columns *tc, const char *name)
{
	for (int i = 0; i < tc->n; i++)
		if (strcmp(tc->names[i], name) == 0)
			return true;
	return false;
}

static int load_values(cn_db *db, const struct table_columns *tc, const char *json, struct row_values *rv,
		       cn_error *err)
{
	memset(rv, 0, sizeof *rv);
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT key, value FROM json_each(?) ORDER BY id", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, json);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = cn_col_text(st, 0);
		if (!has_column(tc, key))
			continue;
		rv->keys = cn_reallocarray(rv->keys, (size_t)rv->n + 1, sizeof *rv->keys);
		rv->vals = cn_reallocarray(rv->vals, (size_t)rv->n + 1, sizeof *rv->vals);
		rv->keys[rv->n] = cn_strdup(key);
		rv->vals[rv->n] = sqlite3_value_dup(sqlite3_column_value(st, 1));
		if (!rv->vals[rv->n])
			cn_malloc((size_t)-1); /* out of memory: ends the program */
		rv->n++;
	}
	int out = rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được nhật ký thay đổi");
	sqlite3_reset(st);
	return out;
}

static bool values_equal(sqlite3_value *a, sqlite3_value *b)
{
	int t = sqlite3_value_type(a);
	if (t != sqlite3_value_type(b))
		return false;
	switch (t) {
	case SQLITE_NULL:
		return true;
	case SQLITE_INTEGER:
		return sqlite3_value_int64(a) == sqlite3_value_int64(b);
	case SQLITE_FLOAT:
		return sqlite3_value_double(a) == sqlite3_value_double(b);
	default: {
		/* The blob of an empty value is NULL, which memcmp may not get. */
		int n = sqlite3_value_bytes(a);
		return n == sqlite3_value_bytes(b) &&
		       (n == 0 || memcmp(sqlite3_value_blob(a), sqlite3_value_blob(b), (size_t)n) == 0);
	}
	}
}

/* The row must still hold what the log says it was given: " AND "c" IS ?"
 * for each column that cnscd does not maintain by itself. */
static void add_match(cn_buf *sql, const struct row_values *now)
{
	for (int i = 0; i < now->n; i++) {
		if (cn_audit_housekeeping(now->keys[i]))
			continue;
		cn_buf_adds(sql, " AND ");
		cn_audit_add_ident(sql, now->keys[i]);
		cn_buf_adds(sql, " IS ?");
	}
}

static int bind_match(sqlite3_stmt *st, int next, const struct row_values *now)
{
	for (int i = 0; i < now->n; i++)
		if (!cn_audit_housekeeping(now->keys[i]))
			sqlite3_bind_value(st, next++, now->vals[i]);
	return next;
}

static bool has_key(const struct row_values *rv, const char *key)
{
	for (int i = 0; i < rv->n; i++)
		if (strcmp(rv->keys[i], key) == 0)
			return true;
	return false;
}

/* Builds the statement that reverts E into SQL, binds nothing yet. */
static void build_revert(const cn_audit_entry *e, const struct row_values *old, const struct row_values *now,
			 cn_buf *sql)
{
	if (e->action == CN_AUDIT_INSERT) {
		cn_buf_adds(sql, "DELETE FROM ");
		cn_audit_add_ident(sql, e->table);
		cn_buf_adds(sql, " WHERE rowid = ?");
		add_match(sql, now);
	} else if (e->action == CN_AUDIT_UPDATE) {
		cn_buf_adds(sql, "UPDATE ");
		cn_audit_add_ident(sql, e->table);
		cn_buf_adds(sql, " SET ");
		int n = 0;
		for (int i = 0; i < old->n; i++) {
			const char *k = old->keys[i];
			if (strcmp(k, "id") == 0 || strcmp(k, "updated_at") == 0 || strcmp(k, "created_at") == 0)
				continue;
			cn_buf_adds(sql, n++ ? ", " : "");
			cn_audit_add_ident(sql, k);
			cn_buf_adds(sql, " = ?");
		}
		if (has_key(old, "updated_at"))
			cn_buf_adds(sql, n++ ? ", updated_at = " CN_SQL_NOW : "updated_at = " CN_SQL_NOW);
		cn_buf_adds(sql, " WHERE rowid = ?");
		add_match(sql, now);
	} else {
		cn_buf_adds(sql, "INSERT INTO ");
		cn_audit_add_ident(sql, e->table);
		cn_buf_adds(sql, "(");
		for (int i = 0; i < old->n; i++) {
			cn_buf_adds(sql, i ? ", " : "");
			cn_audit_add_ident(sql, old->keys[i]);
		}
		cn_buf_adds(sql, ") VALUES (");
		for (int i = 0; i < old->n; i++) {
			/* Back in the table now, as far as anyone editing it knows. */
			if (strcmp(old->keys[i], "updated_at") == 0)
				cn_buf_adds(sql, i ? ", " CN_SQL_NOW : CN_SQL_NOW);
			else
				cn_buf_adds(sql, i ? ", ?" : "?");
		}
		cn_buf_adds(sql, ")");
	}
}

static void bind_revert(sqlite3_stmt *st, const cn_audit_entry *e, const struct row_values *old,
			const struct row_values *now)
{
	int next = 1;
	if (e->action == CN_AUDIT_INSERT) {
		sqlite3_bind_int64(st, next++, e->row_id);
		bind_match(st, next, now);
	} else if (e->action == CN_AUDIT_UPDATE) {
		for (int i = 0; i < old->n; i++) {
			const char *k = old->keys[i];
			if (strcmp(k, "id") != 0 && strcmp(k, "updated_at") != 0 && strcmp(k, "created_at") != 0)
				sqlite3_bind_value(st, next++, old->vals[i]);
		}
		sqlite3_bind_int64(st, next++, e->row_id);
		bind_match(st, next, now);
	} else {
		for (int i = 0; i < old->n; i++)
			if (strcmp(old->keys[i], "updated_at") != 0)
				sqlite3_bind_value(st, next++, old->vals[i]);
	}
}

static int conflict(cn_db *db, const cn_audit_entry *e, cn_error *err, const char *why)
{
	char *what = cn_audit_describe(db, e);
	int rc = cn_fail(err, CN_ECONFLICT, "Không hoàn tác được thay đổi này (%s): %s Không có gì bị thay đổi.",
			 what, why);
	free(what);
	return rc;
}

/* Keeps, of an update's OLD values, only the columns it changed, so undo
 * does not overwrite what cnscd refreshed since (a unit's path). */
static void keep_changed(struct row_values *old, const struct row_values *now)
{
	int w = 0;
	for (int i = 0; i < old->n; i++) {
		bool changed = true;
		for (int j = 0; j < now->n; j++)
			if (strcmp(now->keys[j], old->keys[i]) == 0)
				changed = !values_equal(old->vals[i], now->vals[j]);
		if (changed) {
			old->keys[w] = old->keys[i];
			old->vals[w++] = old->vals[i];
		} else {
			free(old->keys[i]);
			sqlite3_value_free(old->vals[i]);
		}
	}
	old->n = w;
}

/* The last revert statement, kept while the next one has the same text:
 * the rows of an import are reverted by the same statement. */
struct revert_stmt {
	char *sql;
	sqlite3_stmt *st;
};

static void revert_stmt_free(struct revert_stmt *rs)
{
	sqlite3_finalize(rs->st);
	free(rs->sql);
	memset(rs, 0, sizeof *rs);
}

/* Runs the statement that reverts E, given its recorded values. */
static int run_revert(cn_db *db, const cn_audit_entry *e, const struct row_values *old,
		      const struct row_values *now, struct revert_stmt *rs, cn_error *err)
{
	cn_buf sql = {0};
	build_revert(e, old, now, &sql);
	if (rs->sql && strcmp(rs->sql, cn_buf_str(&sql)) == 0) {
		cn_buf_free(&sql);
		sqlite3_reset(rs->st);
		sqlite3_clear_bindings(rs->st);
	} else {
		revert_stmt_free(rs);
		rs->sql = cn_buf_steal(&sql);
		if (sqlite3_prepare_v2(cn_db_sqlite(db), rs->sql, -1, &rs->st, NULL) != SQLITE_OK) {
			int rc = cn_db_fail(db, err, "Không hoàn tác được");
			revert_stmt_free(rs);
			return rc;
		}
	}
	sqlite3_stmt *st = rs->st;
	bind_revert(st, e, old, now);
	int rc = CN_OK;
	if (sqlite3_step(st) != SQLITE_DONE) {
		if ((sqlite3_extended_errcode(cn_db_sqlite(db)) & 0xFF) == SQLITE_CONSTRAINT)
			rc = conflict(db, e, err, "một bản ghi khác đã chiếm chỗ của nó (trùng mã, trùng tổ trưởng…).");
		else
			rc = cn_db_fail(db, err, "Không hoàn tác được");
	} else if (sqlite3_changes(cn_db_sqlite(db)) == 0) {
		rc = conflict(db, e, err, "bản ghi đã bị sửa hoặc xóa sau thay đổi đó.");
	}
	sqlite3_reset(st);
	return rc;
}

/* What reverting one change needs between its rows. */
struct revert_ctx {
	cn_db *db;
	cn_error *err;
	int rc;
	char *first; /* description of the newest reverted entry */
	bool units;  /* a unit was put back: paths and tallies to rebuild */
	struct revert_stmt stmt;
	struct columns_cache columns;
};

static int revert_one(const cn_audit_entry *e, struct revert_ctx *r)
{
	cn_db *db = r->db;
	cn_error *err = r->err;
	const struct cn_audited *a = cn_audited_find(e->table);
	if (!a)
		return conflict(db, e, err, "bảng này không còn được ghi nhật ký.");
	if (a->undo_instead)
		return conflict(db, e, err, a->undo_instead);
	r->units |= strcmp(e->table, "unit") == 0;
	const struct table_columns *tc = table_columns(db, &r->columns, e->table);
	struct row_values old = {0}, now = {0};
	int rc = CN_OK;
	if (e->old_values)
		rc = load_values(db, tc, e->old_values, &old, err);
	if (rc == CN_OK && e->action == CN_AUDIT_INSERT) {
		/* The row must still be as it was created. */
		char *created = cn_audit_created_values(db, e);
		if (created)
			rc = load_values(db, tc, created, &now, err);
		free(created);
	} else if (rc == CN_OK && e->new_values) {
		rc = load_values(db, tc, e->new_values, &now, err);
	}
	if (rc == CN_OK && e->action == CN_AUDIT_UPDATE)
		keep_changed(&old, &now);
	/* An update of columns since dropped leaves nothing to give back. */
	if (rc == CN_OK && !(e->action == CN_AUDIT_UPDATE && old.n == 0))
		rc = run_revert(db, e, &old, &now, &r->stmt, err);
	row_values_free(&old);
	row_values_free(&now);
	return rc;
}

/* Ids of the rows of change C still to revert, newest first. */
static long long *change_ids(cn_db *db, const struct cn_audit_change *c, long long *n, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT id FROM audit WHERE id BETWEEN ? AND ? AND undone = 0 "
					  "AND by_undo = 0 ORDER BY id DESC", err);
	if (!st)
		return NULL;
	cn_bind_int(st, 1, c->lo);
	cn_bind_int(st, 2, c->hi);
	long long *ids = cn_calloc((size_t)c->count + 1, sizeof *ids);
	*n = 0;
	while (*n < c->count && sqlite3_step(st) == SQLITE_ROW)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return ids;
}

static int revert_entry(const cn_audit_entry *e, void *arg)
{
	struct revert_ctx *r = arg;
	r->rc = revert_one(e, r);
	if (r->rc == CN_OK && !r->first)
		r->first = cn_audit_describe(r->db, e);
	return r->rc != CN_OK;
}

/* Reverts the entries IDS (N of them, newest first). */
static int revert_ids(cn_db *db, const long long *ids, long long n, struct revert_ctx *r, cn_error *err)
{
	int rc = CN_OK;
	for (long long i = 0; i < n && rc == CN_OK; i++) {
		sqlite3_stmt *st = cn_db_stmt(db, "SELECT " CN_AUDIT_COLUMNS " FROM audit WHERE id = ?", err);
		if (!st) {
			rc = err ? err->code : CN_EDB;
			break;
		}
		cn_bind_int(st, 1, ids[i]);
		if (cn_audit_each(db, st, revert_entry, r, err) < 0)
			rc = err ? err->code : CN_EDB;
		else
			rc = r->rc;
	}
	revert_stmt_free(&r->stmt);
	columns_cache_free(&r->columns);
	/* A unit put back takes its subtree's paths, and so the tallies read
	 * by path, with it; a loop is refused. */
	if (rc == CN_OK && r->units)
		rc = cn_unit_rebuild_tree(db, err);
	return rc;
}

static int revert_change(cn_db *db, const struct cn_audit_change *c, struct revert_ctx *r, cn_error *err)
{
	long long n = 0;
	long long *ids = change_ids(db, c, &n, err);
	if (!ids)
		return err ? err->code : CN_EDB;
	int rc = revert_ids(db, ids, n, r, err);
	free(ids);
	return rc;
}

/* What an undo wrote (rows after MARK) is marked as such, so that the
 * next undo goes further back. */
static int mark_by_undo(cn_db *db, long long mark, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "UPDATE audit SET by_undo = 1 WHERE id > ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, mark);
	return cn_step_done(db, st, err, "Không ghi được nhật ký thay đổi");
}

/* After the revert: the change is marked undone, and what the undo wrote
 * (rows after MARK) is marked as such, so the next undo goes further back. */
static int mark_undone(cn_db *db, const struct cn_audit_change *c, long long mark, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "UPDATE audit SET undone = 1 WHERE id BETWEEN ? AND ? AND by_undo = 0",
				      err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, c->lo);
	cn_bind_int(st, 2, c->hi);
	int rc = cn_step_done(db, st, err, "Không ghi được nhật ký thay đổi");
	return rc == CN_OK ? mark_by_undo(db, mark, err) : rc;
}

/* An undo's transaction: what it writes is marked from *MARK on; a team
 * deleted with its members comes back team first, members after, in
 * reverse order of deletion, so foreign keys are checked once, at commit,
 * when everything is back. */
static int begin_undo(cn_db *db, long long *mark, cn_error *err)
{
	int rc = cn_db_begin(db, err);
	if (rc != CN_OK)
		return rc;
	*mark = cn_audit_mark(db);
	rc = cn_db_exec(db, "PRAGMA defer_foreign_keys = ON", err);
	if (rc != CN_OK)
		cn_db_rollback(db);
	return rc;
}

/* Its end: rolled back when RC says it failed, else committed, a broken
 * link at commit named after the change. */
static int end_undo(cn_db *db, int rc, struct revert_ctx *r, cn_error *err)
{
	if (rc != CN_OK) {
		cn_db_rollback(db);
	} else if ((rc = cn_db_commit(db, err)) == CN_EEXIST) {
		rc = cn_fail(err, CN_ECONFLICT, "Không hoàn tác được thay đổi này (%s): dữ liệu liên quan đã thay "
			     "đổi sau đó. Không có gì bị thay đổi.", r->first ? r->first : "");
	}
	free(r->first);
	return rc;
}

int cn_audit_revert_entries(cn_db *db, const long long *ids, long long n, cn_error *err)
{
	long long mark = 0;
	int rc = begin_undo(db, &mark, err);
	if (rc != CN_OK)
		return rc;
	struct revert_ctx r = {.db = db, .err = err};
	rc = revert_ids(db, ids, n, &r, err);
	sqlite3_stmt *st = rc == CN_OK ? cn_db_stmt(db, "UPDATE audit SET undone = 1 WHERE id = ?", err) : NULL;
	for (long long i = 0; st && i < n && rc == CN_OK; i++) {
		cn_bind_int(st, 1, ids[i]);
		rc = cn_step_done(db, st, err, "Không ghi được nhật ký thay đổi");
	}
	if (rc == CN_OK && !st)
		rc = err ? err->code : CN_EDB;
	if (rc == CN_OK)
		rc = mark_by_undo(db, mark, err);
	return end_undo(db, rc, &r, err);
}

int cn_audit_undo_last(cn_db *db, cn_error *err)
{
	long long mark = 0;
	int rc = begin_undo(db, &mark, err);
	if (rc != CN_OK)
		return rc;
	struct cn_audit_change c;
	int found = cn_audit_last_change(db, &c, err);
	if (found <= 0) {
		cn_db_rollback(db);
		return found < 0 ? found : cn_fail(err, CN_ENOTFOUND, "Không còn thay đổi nào để hoàn tác.");
	}
	struct revert_ctx r = {.db = db, .err = err};
	rc = revert_change(db, &c, &r, err);
	/* What other modules recorded about the change (an import's record of
	 * each row's last exchange) goes back too. */
	if (rc == CN_OK)
		rc = cn_audit_undone(db, c.lo, c.hi, err);
	if (rc == CN_OK)
		rc = mark_undone(db, &c, mark, err);
	rc = end_undo(db, rc, &r, err);
	return rc == CN_OK ? (int)c.count : rc;
}

static int describe_entry(const cn_audit_entry *e, void *arg)
{
	struct revert_ctx *r = arg;
	r->first = cn_audit_describe(r->db, e);
	return 1;
}

char *cn_audit_undo_preview(cn_db *db)
{
	struct cn_audit_change c;
	if (cn_audit_last_change(db, &c, NULL) <= 0)
		return NULL;
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT " CN_AUDIT_COLUMNS " FROM audit WHERE id = ?", NULL);
	if (!st)
		return NULL;
	cn_bind_int(st, 1, c.hi);
	struct revert_ctx r = {.db = db};
	cn_audit_each(db, st, describe_entry, &r, NULL);
	if (r.first && c.count > 1) {
		char *more = cn_sprintf("%s (và %lld thay đổi khác cùng lúc)", r.first, c.count - 1);
		free(r.first);
		r.first = more;
	}
	return r.first;
}
