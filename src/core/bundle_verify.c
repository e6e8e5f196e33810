/* Checking a bundle before anything is merged, on its private copy and a
 * connection of its own (untrusted_db_internal.h): that it is a cnscd bundle, holds
 * nothing but the tables and columns a bundle has (no view, trigger,
 * virtual table or index of its own), is a sound SQLite file of a format
 * and schema this cnscd reads, that its checksum matches and its header
 * says what cnscd writes. Every refusal says why in Vietnamese, and nothing
 * has been changed by then. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_import_internal.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "db_internal.h"

static char *header_value(sqlite3 *sq, const char *key)
{
	sqlite3_stmt *st;
	char *v = NULL;
	if (sqlite3_prepare_v2(sq, "SELECT value FROM bundle_header WHERE key = ?1", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = cn_col_dup(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void copy_field(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static int damaged(cn_error *err, const char *path, const char *why)
{
	return cn_fail(err, CN_EINVAL, "Gói dữ liệu «%s» bị hỏng hoặc không đọc được (%s); không nhập gì.", path, why);
}

static int pragma_text(sqlite3 *sq, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(sq, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy_field(out, n, (const char *)sqlite3_column_text(st, 0));
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* A header value that is printed or stored must be what cnscd writes. */
static bool header_text_ok(const char *s, int max, bool required)
{
	char *clean = NULL;
	cn_error ignored = {0};
	bool ok = !cn_text_hidden(s, NULL) && cn_parse_text_opt("", s, max, &clean, &ignored) == CN_OK &&
		  (clean || !required);
	free(clean);
	return ok;
}

static int check_header(const struct bundle_header *h, const char *path, cn_error *err)
{
	const char *bad = NULL;
	char day[CN_DATE_LEN];
	cn_error ignored = {0};
	if (!bundle_is_uuid(h->bundle_id) || !bundle_is_uuid(h->source_id))
		bad = "mã gói";
	else if (!bundle_is_uuid(h->root_uuid))
		bad = "uuid của đơn vị";
	else if (!bundle_is_time(h->created_at))
		bad = "thời điểm tạo";
	else if (!header_text_ok(h->created_by, 120, false))
		bad = "người tạo";
	else if (!header_text_ok(h->root_code, 32, true) || strpbrk(h->root_code, " /\\") ||
		 !header_text_ok(h->root_parent_code, 32, false) || strpbrk(h->root_parent_code, " /\\"))
		bad = "mã đơn vị";
	else if (!header_text_ok(h->root_name, 200, true))
		bad = "tên đơn vị";
	else if (h->since[0] && (cn_parse_date("", h->since, day, &ignored) != CN_OK || strcmp(day, h->since) != 0))
		bad = "ngày --since";
	if (!bad)
		return CN_OK;
	return cn_fail(err, CN_EINVAL, "Gói dữ liệu «%s» bị từ chối: phần đầu gói có %s không hợp lệ. Không nhập gì.",
		       path, bad);
}

/* The bundle's own tables and their columns, exactly. */
static const struct {
	const char *name, *cols;
} own_tables[] = {
	{"bundle_header", "key,value"},
	{"bundle_count", "tbl,rows"},
	{"bundle_key", "tbl,id,uuid"},
	{"bundle_deleted", "uuid,tbl,row_id,updated_at,at"},
};

struct schema_ctx {
	const struct bundle_plan *p;
};

/* "a,b,c": the columns of TABLE on SQ. Malloc'd. */
static char *columns_of(sqlite3 *sq, const char *table)
{
	sqlite3_stmt *st;
	cn_buf b = {0};
	if (sqlite3_prepare_v2(sq, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (b.len)
				cn_buf_addc(&b, ',');
			cn_buf_adds(&b, cn_col_text(st, 0));
		}
		sqlite3_finalize(st);
	}
	return cn_buf_steal(&b);
}

static const char *allow_object(struct cn_untrusted *u, const char *type, const char *name, const char *tbl,
				const char *sql, void *arg)
{
	struct schema_ctx *c = arg;
	if (strcmp(type, "index") == 0)
		/* Only the indexes of primary keys, which carry no SQL. */
		return !sql && strncmp(name, "sqlite_autoindex_bundle_", 24) == 0 && strncmp(tbl, "bundle_", 7) == 0
		       ? NULL : "gói do cnscd tạo không có chỉ mục nào của riêng nó";
	if (strcmp(type, "table") != 0)
		return "gói do cnscd tạo không bao giờ có view hay trigger: chúng chạy lệnh khi gói được đọc";
	if (!sql || strncmp(sql, "CREATE TABLE", 12) != 0)
		return "gói do cnscd tạo không có bảng ảo: chúng nạp mã khi được đọc";
	for (size_t i = 0; i < CN_ARRAY_LEN(own_tables); i++) {
		if (strcmp(name, own_tables[i].name) != 0)
			continue;
		char *cols = columns_of(u->sq, name);
		bool same = strcmp(cols, own_tables[i].cols) == 0;
		free(cols);
		return same ? NULL : "các cột của bảng này khác của gói do cnscd tạo";
	}
	int ti = bundle_plan_find(c->p, name);
	if (ti < 0)
		return "cơ sở dữ liệu này không có bảng đó";
	sqlite3_stmt *st;
	const char *why = NULL;
	if (sqlite3_prepare_v2(u->sq, "SELECT name FROM pragma_table_info(?1)", -1, &st, NULL) != SQLITE_OK)
		return "không đọc được các cột của bảng";
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while (!why && sqlite3_step(st) == SQLITE_ROW)
		if (!bundle_table_has(&c->p->t[ti], cn_col_text(st, 0)))
			why = "bảng có cột mà cơ sở dữ liệu này không có";
	sqlite3_finalize(st);
	return why;
}

int bundle_verify(cn_db *db, struct cn_untrusted *u, const struct bundle_plan *p, const char *path,
		  struct bundle_header *h, cn_error *err)
{
	memset(h, 0, sizeof *h);
	sqlite3 *sq = u->sq;
	struct schema_ctx ctx = {p};
	int rc = cn_untrusted_schema(u, allow_object, &ctx, err);
	char check[256] = "";
	if (rc == CN_OK && pragma_text(sq, "PRAGMA quick_check(1)", check, sizeof check) != SQLITE_OK)
		rc = cn_untrusted_fail(u, err);
	else if (rc == CN_OK && strcmp(check, "ok") != 0)
		rc = damaged(err, path, check);
	if (rc != CN_OK)
		return rc;
	sqlite3_stmt *st;
	bool has_header = false;
	if (sqlite3_prepare_v2(sq, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'bundle_header'", -1,
			       &st, NULL) == SQLITE_OK) {
		has_header = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	if (!has_header)
		return cn_fail(err, CN_EINVAL, "Tệp «%s» không phải gói dữ liệu cnscd (.cnscd); không nhập gì.", path);
	char *v = header_value(sq, "format");
	h->format = v ? atoi(v) : 0;
	free(v);
	v = header_value(sq, "schema_version");
	h->schema = v ? atoi(v) : 0;
	free(v);
	if (h->format > CN_BUNDLE_FORMAT || h->schema > cn_db_latest_version())
		return cn_fail(err, CN_EVERSION, "Gói dữ liệu «%s» do phiên bản cnscd mới hơn tạo (định dạng %d, lược đồ "
			       "%d; bản này đọc được đến định dạng %d, lược đồ %d). Hãy cập nhật cnscd rồi nhập lại; "
			       "không nhập gì.", path, h->format, h->schema, CN_BUNDLE_FORMAT, cn_db_latest_version());
	if (h->format < 1 || h->schema < 1)
		return damaged(err, path, "thiếu phiên bản trong phần đầu gói");
	char sum[17];
	cn_error why = {0};
	if (bundle_checksum(sq, "main", sum, &why) != CN_OK)
		return cn_untrusted_fail_after(u, why.msg, err);
	v = header_value(sq, "checksum");
	bool same = v && strcmp(v, sum) == 0;
	free(v);
	if (!same)
		return damaged(err, path, "mã kiểm tra không khớp: nội dung đã bị thay đổi hoặc cắt cụt");
	static const struct {
		const char *key;
		size_t off, size;
	} fields[] = {
#define F(k, m) {k, offsetof(struct bundle_header, m), sizeof(((struct bundle_header *)0)->m)}
		F("bundle_id", bundle_id), F("source_id", source_id), F("created_at", created_at),
		F("created_by", created_by), F("root_code", root_code), F("root_uuid", root_uuid),
		F("root_name", root_name), F("root_parent_code", root_parent_code), F("since", since),
#undef F
	};
	for (size_t i = 0; i < CN_ARRAY_LEN(fields); i++) {
		v = header_value(sq, fields[i].key);
		copy_field((char *)h + fields[i].off, fields[i].size, v);
		free(v);
	}
	v = header_value(sq, "root_parent_id");
	h->root_parent_id = v ? atoll(v) : 0;
	free(v);
	if (!h->bundle_id[0] || !h->source_id[0] || !h->root_code[0])
		return damaged(err, path, "thiếu thông tin trong phần đầu gói");
	if (check_header(h, path, err) != CN_OK)
		return CN_EINVAL;
	char *own = cn_bundle_database_id(db);
	same = strcmp(own, h->source_id) == 0;
	free(own);
	if (same)
		return cn_fail(err, CN_EINVAL, "Gói dữ liệu «%s» do chính cơ sở dữ liệu này tạo ra; không cần nhập.", path);
	rc = bundle_check_values(sq, "main", p, path, &why);
	if (rc != CN_OK && (u->stopped || strstr(why.msg, sqlite3_errstr(SQLITE_TOOBIG))))
		return cn_untrusted_fail_after(u, why.msg, err);
	if (rc != CN_OK && err)
		*err = why;
	return rc;
}

/* The unit of the bundle here: found by uuid or code, or (when absent) its
 * parent must be here, and the unit is then added under it. */
int bundle_find_root(cn_db *db, const struct bundle_header *h, long long *root, long long *parent, cn_error *err)
{
	*root = *parent = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(cn_db_sqlite(db),
		"SELECT id, coalesce(parent_id, 0) FROM unit WHERE uuid = ?1 "
		"UNION ALL SELECT id, coalesce(parent_id, 0) FROM unit WHERE code = ?2 LIMIT 1", -1, &st, NULL) !=
	    SQLITE_OK)
		return cn_db_fail(db, err, "Không đọc được đơn vị");
	sqlite3_bind_text(st, 1, h->root_uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, h->root_code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*root = sqlite3_column_int64(st, 0);
		*parent = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (*root)
		return CN_OK;
	if (h->root_parent_code[0]) {
		int rc = cn_unit_code_id(db, h->root_parent_code, parent, err);
		if (rc != CN_OK || *parent > 0)
			return rc;
	}
	return cn_fail(err, CN_EINVAL, "Gói dữ liệu là của đơn vị «%s» (mã %s), không thuộc cây đơn vị của cơ sở dữ "
		       "liệu này: ở đây không có đơn vị đó, cũng không có đơn vị cấp trên của nó. Không nhập gì.",
		       h->root_name, h->root_code);
}
