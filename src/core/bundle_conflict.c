/* Conflicts found by a bundle import: rows changed both here and at the
 * source since the last exchange. The local version stays until the user
 * chooses; taking the incoming one writes it over (or deletes the row, when
 * the source deleted it), in one transaction, recorded by the audit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/approval.h"
#include "audit_internal.h"
#include "bundle_import_internal.h"
#include "cnscd/unit.h"
#include "db_internal.h"

int bundle_conflict_add(cn_db *db, const struct bundle_table *t, const char *uuid, long long local_id,
			const char *local_json, const char *incoming_json, const char *children_json,
			const struct bundle_header *h, cn_error *err)
{
	/* One open conflict per row: a later bundle replaces what it offers. */
	sqlite3_stmt *st = cn_db_stmt(db,
		"UPDATE bundle_conflict SET local_values = ?3, incoming_values = ?4, incoming_children = ?5,"
		" source_id = ?6, source_unit = ?7, bundle_id = ?8, row_id = ?9, at = " CN_SQL_NOW
		" WHERE tbl = ?1 AND row_uuid = ?2 AND resolved_at IS NULL", err);
	if (!st)
		return err ? err->code : CN_EDB;
	for (int pass = 0; pass < 2; pass++) {
		cn_bind_text(st, 1, t->name);
		cn_bind_text(st, 2, uuid);
		cn_bind_text(st, 3, local_json);
		cn_bind_text(st, 4, incoming_json);
		cn_bind_text(st, 5, children_json);
		cn_bind_text(st, 6, h->source_id);
		cn_bind_text(st, 7, h->root_code);
		cn_bind_text(st, 8, h->bundle_id);
		cn_bind_int_or_null(st, 9, local_id);
		int rc = cn_step_done(db, st, err, "Không ghi được xung đột dữ liệu");
		if (rc != CN_OK || pass == 1 || sqlite3_changes(cn_db_sqlite(db)) > 0)
			return rc;
		st = cn_db_stmt(db,
			"INSERT INTO bundle_conflict(tbl, row_uuid, local_values, incoming_values, incoming_children,"
			" source_id, source_unit, bundle_id, row_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
		if (!st)
			return err ? err->code : CN_EDB;
	}
	return CN_OK;
}

#define CONFLICT_COLUMNS                                                                                       \
	"id, tbl, row_uuid, coalesce(row_id, 0), local_values, incoming_values, source_unit, at, resolved_at,"  \
	" resolution, coalesce(json_extract(coalesce(local_values, incoming_values), '$.full_name'),"            \
	" json_extract(coalesce(local_values, incoming_values), '$.name'),"                                       \
	" json_extract(coalesce(local_values, incoming_values), '$.title'),"                                      \
	" json_extract(coalesce(local_values, incoming_values), '$.code'),"                                       \
	" json_extract(coalesce(local_values, incoming_values), '$.period'), row_uuid), incoming_children"

static void read_conflict(sqlite3_stmt *st, cn_bundle_conflict *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	c->table = cn_col_text(st, 1);
	const struct cn_audited *a = cn_audited_find(c->table);
	c->table_label = a ? a->noun : c->table;
	c->row_uuid = cn_col_text(st, 2);
	c->row_id = sqlite3_column_int64(st, 3);
	c->local_values = (const char *)sqlite3_column_text(st, 4);
	c->incoming_values = (const char *)sqlite3_column_text(st, 5);
	c->source_unit = cn_col_text(st, 6);
	c->at = cn_col_text(st, 7);
	c->resolved_at = (const char *)sqlite3_column_text(st, 8);
	c->resolution = (const char *)sqlite3_column_text(st, 9);
	c->label = cn_col_text(st, 10);
}

int cn_bundle_conflict_list(cn_db *db, bool all, cn_bundle_conflict_fn fn, void *ctx, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT " CONFLICT_COLUMNS " FROM bundle_conflict "
				      "WHERE ?1 OR resolved_at IS NULL ORDER BY id", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, all);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cn_bundle_conflict c;
		read_conflict(st, &c);
		n++;
		if (fn && fn(&c, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		n = cn_db_fail(db, err, "Không đọc được danh sách xung đột");
	sqlite3_reset(st);
	return n;
}

long long cn_bundle_conflict_count(cn_db *db)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT count(*) FROM bundle_conflict WHERE resolved_at IS NULL", NULL);
	if (!st)
		return 0;
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

/* Writes the incoming JSON over local row ID of T; its children too. */
static int take_incoming(cn_db *db, const struct bundle_plan *p, int ti, long long id, const char *json,
			 const char *children, cn_error *err)
{
	const struct bundle_table *t = &p->t[ti];
	cn_buf sql = {0};
	int n;
	const char **cols = bundle_merge_columns(db, t, NULL, false, &n);
	cn_buf_adds(&sql, "UPDATE main.");
	cn_audit_add_quoted(&sql, t->name, '"');
	cn_buf_adds(&sql, " SET ");
	for (int i = 0; i < n; i++) {
		/* A column the JSON lacks keeps its value; a JSON null is NULL. */
		cn_buf_adds(&sql, i ? ", " : "");
		cn_audit_add_quoted(&sql, cols[i], '"');
		cn_buf_printf(&sql, " = CASE WHEN json_type(?1, '$.%s') IS NULL THEN ", cols[i]);
		cn_audit_add_quoted(&sql, cols[i], '"');
		cn_buf_printf(&sql, " ELSE json_extract(?1, '$.%s') END", cols[i]);
	}
	cn_buf_adds(&sql, " WHERE id = ?2");
	free(cols);
	char idtext[32];
	snprintf(idtext, sizeof idtext, "%lld", id);
	int rc = bundle_exec(db, cn_buf_str(&sql), err, "Không áp dụng được bản nhận về", json, idtext,
			     (const char *)NULL);
	for (int i = 0; i < p->n && rc == CN_OK && children; i++) {
		const struct bundle_table *c = &p->t[i];
		if (!c->child || c->owner != ti)
			continue;
		cn_buf_clear(&sql);
		cn_buf_adds(&sql, "DELETE FROM main.");
		cn_audit_add_quoted(&sql, c->name, '"');
		cn_buf_printf(&sql, " WHERE \"%s\" = ?1", c->owner_col);
		rc = bundle_exec(db, cn_buf_str(&sql), err, "Không áp dụng được bản nhận về", idtext,
				 (const char *)NULL);
		const char **ccols = bundle_merge_columns(db, c, NULL, false, &n);
		cn_buf_clear(&sql);
		cn_buf_adds(&sql, "INSERT INTO main.");
		cn_audit_add_quoted(&sql, c->name, '"');
		cn_buf_printf(&sql, "(\"%s\"", c->owner_col);
		for (int k = 0; k < n; k++) {
			cn_buf_adds(&sql, ", ");
			cn_audit_add_quoted(&sql, ccols[k], '"');
		}
		cn_buf_adds(&sql, ") SELECT ?1");
		for (int k = 0; k < n; k++)
			cn_buf_printf(&sql, ", json_extract(j.value, '$.%s')", ccols[k]);
		cn_buf_adds(&sql, " FROM json_each(?2, ?3) j");
		free(ccols);
		char *path = cn_sprintf("$.%s", c->name);
		if (rc == CN_OK)
			rc = bundle_exec(db, cn_buf_str(&sql), err, "Không áp dụng được bản nhận về", idtext, children,
					 path, (const char *)NULL);
		free(path);
	}
	if (rc == CN_OK && t->root)
		rc = cn_unit_rebuild_tree(db, err);
	cn_buf_free(&sql);
	return rc;
}

static int delete_row(cn_db *db, const struct bundle_table *t, long long id, cn_error *err)
{
	cn_buf sql = {0};
	cn_buf_adds(&sql, "DELETE FROM main.");
	cn_audit_add_quoted(&sql, t->name, '"');
	cn_buf_printf(&sql, " WHERE id = %lld", id);
	int rc = cn_db_exec(db, cn_buf_str(&sql), NULL);
	cn_buf_free(&sql);
	if (rc != CN_OK)
		return cn_fail(err, CN_EINVAL, "Không xoá được %s này: dữ liệu khác ở đây vẫn gắn với nó (ví dụ các tổ "
			       "của một đơn vị). Hãy xử lý chúng trước, hoặc giữ bản ở đây.", t->label);
	return CN_OK;
}

int cn_bundle_conflict_resolve(cn_db *db, long long id, bool incoming, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT " CONFLICT_COLUMNS " FROM bundle_conflict WHERE id = ?1", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, id);
	int rc = cn_step_row(db, st, err, "Không có xung đột số này", "Không đọc được xung đột");
	if (rc != CN_OK)
		return rc;
	cn_bundle_conflict c;
	read_conflict(st, &c);
	char *table = cn_strdup(c.table), *json = c.incoming_values ? cn_strdup(c.incoming_values) : NULL;
	char *children = cn_col_dup(st, 11), *uuid = cn_strdup(c.row_uuid);
	bool resolved = c.resolved_at != NULL, deletion = c.incoming_values == NULL;
	long long row = c.row_id;
	sqlite3_reset(st);
	struct bundle_plan plan = {0};
	if (resolved) {
		rc = cn_fail(err, CN_EINVAL, "Xung đột số %lld đã được giải quyết rồi.", id);
		goto out;
	}
	if ((rc = cn_db_begin(db, err)) != CN_OK)
		goto out;
	if (incoming && (rc = bundle_plan_load(db, &plan, err)) == CN_OK) {
		int ti = bundle_plan_find(&plan, table);
		if (ti < 0)
			rc = cn_fail(err, CN_EINVAL, "Bảng «%s» không còn trong cơ sở dữ liệu này.", table);
		else if (strcmp(table, "report") == 0 && (rc = cn_approval_check_report(db, row, err)) != CN_OK)
			; /* an approved month: withdraw the approval first */
		else if (deletion)
			rc = delete_row(db, &plan.t[ti], row, err);
		else
			rc = take_incoming(db, &plan, ti, row, json, children, err);
	}
	/* The choice is the new common ground: a later change at the source
	 * is taken unless this row changes here again. */
	if (rc == CN_OK && !deletion) {
		cn_buf sql = {0};
		cn_buf_adds(&sql, "UPDATE bundle_base SET local_at = coalesce((SELECT updated_at FROM main.");
		cn_audit_add_quoted(&sql, table, '"');
		cn_buf_adds(&sql, " WHERE id = ?1), local_at) WHERE uuid = ?2");
		char idtext[32];
		snprintf(idtext, sizeof idtext, "%lld", row);
		rc = bundle_exec(db, cn_buf_str(&sql), err, "Không ghi được dấu vết trao đổi", idtext, uuid,
				 (const char *)NULL);
		cn_buf_free(&sql);
	}
	if (rc == CN_OK) {
		st = cn_db_stmt(db, "UPDATE bundle_conflict SET resolved_at = " CN_SQL_NOW ", resolution = ?2 "
			       "WHERE id = ?1", err);
		if (!st) {
			rc = err ? err->code : CN_EDB;
		} else {
			cn_bind_int(st, 1, id);
			cn_bind_text(st, 2, incoming ? "incoming" : "local");
			rc = cn_step_done(db, st, err, "Không ghi được cách giải quyết xung đột");
		}
	}
	if (rc == CN_OK)
		rc = cn_db_commit(db, err);
	else
		cn_db_rollback(db);
out:
	bundle_plan_free(&plan);
	free(table);
	free(json);
	free(children);
	free(uuid);
	return rc;
}

/* Vietnamese names of the columns people see in a conflict. */
static const char *column_label(const char *col)
{
	static const char *const names[][2] = {
		{"full_name", "Họ và tên"}, {"gender", "Giới tính"}, {"birth_year", "Năm sinh"},
		{"phone", "Điện thoại"}, {"id_number", "Số định danh"}, {"role", "Vai trò"},
		{"position", "Chức danh"}, {"joined", "Ngày tham gia"}, {"left_on", "Ngày rời tổ"},
		{"note", "Ghi chú"}, {"name", "Tên"}, {"code", "Mã"}, {"team_id", "Tổ"}, {"unit_id", "Đơn vị"},
		{"established", "Ngày thành lập"}, {"decision_no", "Số quyết định"}, {"dissolved", "Ngày giải thể"},
		{"title", "Tên lớp"}, {"start_date", "Ngày bắt đầu"}, {"end_date", "Ngày kết thúc"},
		{"status", "Trạng thái"}, {"period", "Kỳ"}, {"value", "Giá trị"}, {"updated_at", "Sửa lúc"},
		{"valid_to", "Ngày giải thể"}, {"type", "Loại"}, {"location", "Địa điểm"},
	};
	for (size_t i = 0; i < CN_ARRAY_LEN(names); i++)
		if (strcmp(names[i][0], col) == 0)
			return names[i][1];
	return col;
}

/* The name of the row a foreign key points to ("Tổ CNSCĐ Ấp Xẻo Gừa" for
 * team_id 7), so that a moved member reads as two team names. */
static bool referenced_name(cn_db *db, const char *key, const char *v, char *out, size_t size)
{
	static const char *const refs[][2] = {
		{"unit_id", "SELECT name FROM unit WHERE id = ?1"},
		{"parent_id", "SELECT name FROM unit WHERE id = ?1"},
		{"team_id", "SELECT name FROM team WHERE id = ?1"},
		{"member_id", "SELECT full_name FROM member WHERE id = ?1"},
		{"training_id", "SELECT title FROM training WHERE id = ?1"},
		{"indicator_id", "SELECT name FROM indicator WHERE id = ?1"},
	};
	for (size_t i = 0; i < CN_ARRAY_LEN(refs); i++) {
		if (strcmp(refs[i][0], key) != 0)
			continue;
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(cn_db_sqlite(db), refs[i][1], -1, &st, NULL) != SQLITE_OK)
			return false;
		sqlite3_bind_text(st, 1, v, -1, SQLITE_TRANSIENT);
		bool found = sqlite3_step(st) == SQLITE_ROW;
		if (found)
			snprintf(out, size, "%s", cn_col_text(st, 0));
		sqlite3_finalize(st);
		return found;
	}
	return false;
}

/* A time "2025-06-01T08:30:12.345Z" as "01/06/2025 08:30:12 UTC"; NULL
 * as "(trống)"; a foreign key as the name it points to; anything else as
 * it is. */
static const char *show_value(cn_db *db, const char *key, const char *v, char out[256])
{
	size_t n = strlen(key);
	if (!v)
		return "(trống)";
	if (referenced_name(db, key, v, out, 256))
		return out;
	if (n > 3 && strcmp(key + n - 3, "_at") == 0 && strlen(v) >= 19 && v[10] == 'T') {
		snprintf(out, 32, "%.2s/%.2s/%.4s %.8s UTC", v + 8, v + 5, v, v + 11);
		return out;
	}
	return v;
}

char *cn_bundle_conflict_diff(cn_db *db, const cn_bundle_conflict *c)
{
	cn_buf b = {0};
	if (!c->incoming_values) {
		cn_buf_adds(&b, "Nơi gửi đã xoá dòng này; ở đây nó đã được sửa sau lần trao đổi trước.\n");
		return cn_buf_steal(&b);
	}
	if (!c->local_values) {
		cn_buf_adds(&b, "Dòng này không còn ở đây.\n");
		return cn_buf_steal(&b);
	}
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT i.key, l.value, i.value FROM json_each(?2) i LEFT JOIN json_each(?1) l ON l.key = i.key "
		"WHERE l.value IS NOT i.value OR l.type IS NOT i.type ORDER BY i.id", NULL);
	if (!st)
		return cn_buf_steal(&b);
	cn_bind_text(st, 1, c->local_values);
	cn_bind_text(st, 2, c->incoming_values);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *key = cn_col_text(st, 0);
		if (strcmp(key, "uuid") == 0 || strcmp(key, "search_key") == 0 || strcmp(key, "name_order") == 0 ||
		    strcmp(key, "created_at") == 0)
			continue;
		char lt[256], it[256];
		const char *l = show_value(db, key, (const char *)sqlite3_column_text(st, 1), lt);
		const char *i = show_value(db, key, (const char *)sqlite3_column_text(st, 2), it);
		cn_buf_printf(&b, "%s: %s | %s\n", column_label(key), l, i);
	}
	sqlite3_reset(st);
	return cn_buf_steal(&b);
}
