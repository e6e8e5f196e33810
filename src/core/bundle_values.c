/* Every value of a bundle through the checks that forms and CSV imports
 * apply, before anything is merged: a bundle is a file anyone can write
 * (the checksum only catches damage), so a member named "   " with phone
 * "not a phone" must be refused here as it would be in a form. Also the
 * header's counts against the rows, the keys against the rows, and sane
 * sizes. The values are checked, not rewritten: a genuine bundle holds what
 * cnscd stored, which is already clean, so anything that would not come
 * out of the same checks unchanged is refused. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_import_internal.h"
#include "audit_internal.h"
#include "cnscd/catalogue.h"
#include "cnscd/member.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"

enum kind {
	K_ANY,    /* a column no rule names: safe text, a number or NULL */
	K_ID,     /* the row's id in the bundle */
	K_REF,    /* a foreign key: an id or NULL */
	K_UUID,   /* 32 lower-case hex digits */
	K_TIME,   /* "2025-06-01T08:30:12.345Z" */
	K_TEXT,   /* a name or free text, MAX characters */
	K_DATE,   /* "yyyy-mm-dd" */
	K_PERIOD, /* "yyyy-mm" */
	K_PHONE,
	K_IDNUM,
	K_YEAR,   /* a birth year */
	K_INT,    /* an integer from LO to HI */
	K_WORD,   /* one of the words in LABEL's list (approval_log.action) */
};

struct rule {
	const char *table, *col; /* NULL table: any table */
	enum kind kind;
	const char *label;
	int max;
	bool required;
	long long lo, hi;
	const char *words; /* K_WORD: "approve|unapprove" */
};

#define TEXT(t, c, l, m, req) {t, c, K_TEXT, l, m, req, 0, 0, NULL}
#define INT(t, c, l, a, b, req) {t, c, K_INT, l, 0, req, a, b, NULL}
#define OF(t, c, k, l, req) {t, c, k, l, 0, req, 0, 0, NULL}
#define BILLION 1000000000LL

/* The limits are those of the forms (unit.c, team.c, member.c, ...). */
static const struct rule rules[] = {
	OF(NULL, "id", K_ID, "id", true),
	OF(NULL, "uuid", K_UUID, "uuid", true),
	OF(NULL, "created_at", K_TIME, "Tạo lúc", true),
	OF(NULL, "updated_at", K_TIME, "Sửa lúc", true),
	TEXT(NULL, "search_key", "Khoá tìm kiếm", 2000, false),
	TEXT(NULL, "path", "Đường dẫn", 2000, false),
	/* unit: code, name and type go through cn_unit_normalize too */
	TEXT("unit", "code", "Mã đơn vị", 32, true),
	TEXT("unit", "name", "Tên đơn vị", 200, true),
	TEXT("unit", "type", "Loại đơn vị", 40, true),
	INT("unit", "level", "Cấp", 1, 9, true),
	OF("unit", "valid_from", K_DATE, "Ngày bắt đầu hiệu lực", false),
	OF("unit", "valid_to", K_DATE, "Ngày hết hiệu lực", false),
	/* team */
	TEXT("team", "name", "Tên tổ", 150, true),
	OF("team", "established", K_DATE, "Ngày thành lập", false),
	TEXT("team", "decision_no", "Số quyết định", 60, false),
	TEXT("team", "note", "Ghi chú", 1000, false),
	OF("team", "dissolved", K_DATE, "Ngày giải thể", false),
	/* member: also cn_member_normalize, for the rules between fields */
	TEXT("member", "full_name", "Họ và tên", 100, true),
	INT("member", "gender", "Giới tính", 0, 2, true),
	OF("member", "birth_year", K_YEAR, "Năm sinh", false),
	OF("member", "phone", K_PHONE, "Số điện thoại", false),
	OF("member", "id_number", K_IDNUM, "Số CCCD", false),
	INT("member", "role", "Vai trò", 1, 3, true),
	TEXT("member", "position", "Chức vụ/đoàn thể", 100, false),
	OF("member", "joined", K_DATE, "Ngày vào tổ", false),
	OF("member", "left_on", K_DATE, "Ngày rời tổ", false),
	TEXT("member", "note", "Ghi chú", 1000, false),
	/* training */
	TEXT("training", "title", "Tên lớp", 200, true),
	OF("training", "start_date", K_DATE, "Ngày bắt đầu", true),
	OF("training", "end_date", K_DATE, "Ngày kết thúc", false),
	INT("training", "format", "Hình thức", 1, 3, true),
	TEXT("training", "location", "Địa điểm", 200, false),
	TEXT("training", "organiser", "Đơn vị tổ chức", 200, false),
	TEXT("training", "trainers", "Giảng viên", 300, false),
	INT("training", "planned", "Số người dự kiến", 0, 1000000, false),
	TEXT("training", "note", "Ghi chú", 1000, false),
	/* attendance */
	TEXT("attendance", "guest_name", "Họ và tên khách mời", 100, false),
	TEXT("attendance", "guest_position", "Chức vụ", 100, false),
	TEXT("attendance", "guest_unit", "Đơn vị", 150, false),
	OF("attendance", "guest_phone", K_PHONE, "Số điện thoại", false),
	INT("attendance", "status", "Trạng thái điểm danh", 0, 3, true),
	OF("attendance", "checked_in_at", K_TIME, "Giờ điểm danh", false),
	/* catalogues */
	TEXT("indicator", "code", "Mã chỉ tiêu", 40, true),
	TEXT("indicator", "name", "Tên chỉ tiêu", 200, true),
	TEXT("indicator", "measure", "Đơn vị tính", 40, false),
	INT("indicator", "sort_order", "Thứ tự", -BILLION, BILLION, true),
	INT("indicator", "active", "Đang dùng", 0, 1, true),
	{"indicator", "aggregate", K_WORD, "Cách cộng", 0, true, 0, 0, "sum|last"},
	TEXT("topic", "name", "Chủ đề", 120, true),
	TEXT("topic", "search_key", "Khoá tìm kiếm", 480, true),
	INT("topic", "sort_order", "Thứ tự", -BILLION, BILLION, true),
	INT("topic", "active", "Đang dùng", 0, 1, true),
	/* targets, reports, approvals */
	OF("target", "period_from", K_PERIOD, "Từ tháng", true),
	OF("target", "period_to", K_PERIOD, "Đến tháng", true),
	INT("target", "value", "Chỉ tiêu giao", 0, BILLION, true),
	OF("report", "period", K_PERIOD, "Kỳ báo cáo", true),
	INT("report", "status", "Trạng thái báo cáo", 0, 1, true),
	OF("report", "submitted_at", K_TIME, "Gửi lúc", false),
	TEXT("report", "submitted_by", "Người gửi", 200, false),
	INT("result", "value", "Số liệu", 0, BILLION, true),
	OF("approval", "period", K_PERIOD, "Kỳ báo cáo", true),
	INT("approval", "status", "Trạng thái duyệt", 0, 1, true),
	TEXT("approval", "approved_by", "Người duyệt", 200, false),
	OF("approval", "approved_at", K_TIME, "Duyệt lúc", false),
	OF("approval_log", "period", K_PERIOD, "Kỳ báo cáo", true),
	{"approval_log", "action", K_WORD, "Việc", 0, true, 0, 0, "approve|unapprove"},
	OF("approval_log", "at", K_TIME, "Lúc", true),
	TEXT("approval_log", "by", "Người thực hiện", 200, false),
	TEXT("approval_log", "note", "Ghi chú", 1000, false),
	/* the bundle's own tables */
	TEXT("bundle_key", "tbl", "Bảng", 64, true),
	OF("bundle_key", "id", K_ID, "id", true),
	TEXT("bundle_deleted", "tbl", "Bảng", 64, true),
	OF("bundle_deleted", "row_id", K_REF, "id", false),
	OF("bundle_deleted", "updated_at", K_TIME, "Sửa lúc", false),
	OF("bundle_deleted", "at", K_TIME, "Xoá lúc", true),
	TEXT("bundle_count", "tbl", "Bảng", 64, true),
	INT("bundle_count", "rows", "Số dòng", 0, CN_BUNDLE_MAX_ROWS, true),
};

/* A text that no rule names: free text, as long as a note may be. */
static const struct rule any_text = TEXT(NULL, NULL, NULL, 4000, false);
static const struct rule any_ref = OF(NULL, NULL, K_REF, NULL, false);

static const struct rule *rule_for(const char *table, const char *col)
{
	for (size_t i = 0; i < CN_ARRAY_LEN(rules); i++)
		if (strcmp(rules[i].col, col) == 0 && rules[i].table && strcmp(rules[i].table, table) == 0)
			return &rules[i];
	for (size_t i = 0; i < CN_ARRAY_LEN(rules); i++)
		if (!rules[i].table && strcmp(rules[i].col, col) == 0)
			return &rules[i];
	size_t n = strlen(col);
	if (n > 3 && strcmp(col + n - 3, "_id") == 0)
		return &any_ref;
	return NULL;
}

static bool is_uuid(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!isdigit((unsigned char)s[n]) && !(s[n] >= 'a' && s[n] <= 'f'))
			return false;
	return n == 32;
}

bool bundle_is_uuid(const char *s)
{
	return s && is_uuid(s);
}

/* "yyyy-mm-dd" followed by a time in the forms SQLite writes. */
bool bundle_is_time(const char *s)
{
	char day[CN_DATE_LEN];
	size_t n = strlen(s);
	if (n < 10 || n > 32)
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	cn_error ignored = {0};
	if (cn_parse_date("", day, day, &ignored) != CN_OK || memcmp(day, s, 10) != 0)
		return false;
	for (const char *p = s + 10; *p; p++)
		if (!isdigit((unsigned char)*p) && !strchr("T :.Z+-", *p))
			return false;
	return true;
}

/* Checks VALUE (of column COL) by rule R. */
static int check_value(const struct rule *r, sqlite3_value *v, const char *col, cn_error *err)
{
	int type = sqlite3_value_type(v);
	const char *label = r && r->label ? r->label : col;
	if (type == SQLITE_NULL) {
		if (r && r->required)
			return cn_fail(err, CN_EINVAL, "%s để trống", label);
		return CN_OK;
	}
	if (type == SQLITE_BLOB || type == SQLITE_FLOAT)
		return cn_fail(err, CN_EINVAL, "%s không phải chữ hay số nguyên", label);
	enum kind k = r ? r->kind : K_ANY;
	bool integer = k == K_ID || k == K_REF || k == K_INT || k == K_YEAR;
	if (integer && type != SQLITE_INTEGER) {
		/* The value is shown only when it is text that can be shown. */
		const char *t = (const char *)sqlite3_value_text(v);
		int n = sqlite3_value_bytes(v);
		if (t && n <= 80 && cn_utf8_valid(t, (size_t)n) && !cn_text_hidden(t, NULL))
			return cn_fail(err, CN_EINVAL, "%s «%s» không phải số nguyên", label, t);
		return cn_fail(err, CN_EINVAL, "%s không phải số nguyên", label);
	}
	if (!integer && k != K_ANY && type != SQLITE_TEXT)
		return cn_fail(err, CN_EINVAL, "%s không phải chữ", label);
	if (integer) {
		long long n = sqlite3_value_int64(v);
		if ((k == K_ID || k == K_REF) && n <= 0)
			return cn_fail(err, CN_EINVAL, "%s %lld không hợp lệ", label, n);
		if (k == K_INT && (n < r->lo || n > r->hi))
			return cn_fail(err, CN_EINVAL, "%s %lld không hợp lệ: cần từ %lld đến %lld", label, n, r->lo,
				       r->hi);
		if (k == K_YEAR) {
			char y[32];
			int year;
			snprintf(y, sizeof y, "%lld", n);
			return cn_parse_birth_year(y, &year, err);
		}
		return CN_OK;
	}
	if (type == SQLITE_INTEGER) /* K_ANY */
		return CN_OK;
	const char *s = (const char *)sqlite3_value_text(v);
	/* What cnscd stores is cleaned: no line breaks, nothing hidden. */
	int cp = 0;
	if (!cn_utf8_valid(s, (size_t)sqlite3_value_bytes(v)))
		return cn_fail(err, CN_EINVAL, "%s không phải văn bản UTF-8 hợp lệ", label);
	enum cn_hidden_kind hidden = cn_text_hidden(s, &cp);
	if (hidden)
		return cn_fail(err, CN_EINVAL, "%s chứa %s (U+%04X), không được phép", label, cn_text_hidden_name(hidden),
			       (unsigned)cp);
	char buf[32];
	int rc = CN_OK;
	char *clean = NULL;
	switch (k) {
	case K_UUID:
		if (!is_uuid(s))
			rc = cn_fail(err, CN_EINVAL, "%s «%s» không phải mã uuid (32 chữ số hệ 16)", label, s);
		break;
	case K_TIME:
		if (!bundle_is_time(s))
			rc = cn_fail(err, CN_EINVAL, "%s «%s» không phải thời điểm hợp lệ", label, s);
		break;
	case K_DATE:
		rc = cn_check_date(col, label, s, r->required, buf, err);
		if (rc == CN_OK && strcmp(buf, s) != 0)
			rc = cn_fail(err, CN_EINVAL, "%s «%s» không ở dạng yyyy-mm-dd", label, s);
		break;
	case K_PERIOD:
		rc = cn_parse_period(label, s, buf, err);
		if (rc == CN_OK && strcmp(buf, s) != 0)
			rc = cn_fail(err, CN_EINVAL, "%s «%s» không ở dạng yyyy-mm", label, s);
		break;
	case K_PHONE:
		rc = cn_parse_phone(s, buf, err);
		if (rc == CN_OK && strcmp(buf, s) != 0)
			rc = cn_fail(err, CN_EINVAL, "Số điện thoại «%s» không ở dạng 0…", s);
		break;
	case K_IDNUM:
		rc = cn_parse_id_number(s, buf, err);
		if (rc == CN_OK && strcmp(buf, s) != 0)
			rc = cn_fail(err, CN_EINVAL, "Số CCCD «%s» không hợp lệ", s);
		break;
	case K_WORD: {
		size_t n = strlen(s);
		const char *w = strstr(r->words, s);
		if (!n || !w || (w != r->words && w[-1] != '|') || (w[n] != '\0' && w[n] != '|'))
			rc = cn_fail(err, CN_EINVAL, "%s «%s» không hợp lệ", label, s);
		break;
	}
	default: /* K_TEXT, K_ANY */
		if (!r)
			r = &any_text;
		rc = cn_check_text(col, label, s, r->max, r->required, &clean, err);
		free(clean);
		break;
	}
	return rc;
}

/* The rules between the fields of a member or a unit, by the same
 * functions as a form: ROW's columns COLS. */
static const char *col_text(sqlite3_stmt *row, char **cols, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(cols[i], name) == 0)
			return (const char *)sqlite3_column_text(row, i);
	return NULL;
}

static long long col_int(sqlite3_stmt *row, char **cols, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(cols[i], name) == 0)
			return sqlite3_column_int64(row, i);
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? cn_strdup(s) : NULL;
}

static int check_row_rules(const char *table, sqlite3_stmt *row, char **cols, int n, cn_error *err)
{
	int rc = CN_OK;
	if (strcmp(table, "member") == 0) {
		cn_member m = {0};
		m.full_name = dup_or_null(col_text(row, cols, n, "full_name"));
		m.phone = dup_or_null(col_text(row, cols, n, "phone"));
		m.id_number = dup_or_null(col_text(row, cols, n, "id_number"));
		m.position = dup_or_null(col_text(row, cols, n, "position"));
		m.joined = dup_or_null(col_text(row, cols, n, "joined"));
		m.left_on = dup_or_null(col_text(row, cols, n, "left_on"));
		m.note = dup_or_null(col_text(row, cols, n, "note"));
		m.gender = (int)col_int(row, cols, n, "gender");
		m.role = (int)col_int(row, cols, n, "role");
		m.birth_year = (int)col_int(row, cols, n, "birth_year");
		rc = cn_member_normalize(&m, err);
		cn_member_clear(&m);
	} else if (strcmp(table, "unit") == 0) {
		const char *code = col_text(row, cols, n, "code");
		cn_unit u = {0};
		u.code = dup_or_null(code);
		u.name = dup_or_null(col_text(row, cols, n, "name"));
		u.type = dup_or_null(col_text(row, cols, n, "type"));
		rc = cn_unit_normalize(&u, err);
		if (rc == CN_OK && strcmp(u.code, code) != 0)
			rc = cn_fail(err, CN_EINVAL, "Mã đơn vị «%s» không hợp lệ", code);
		cn_unit_clear(&u);
	} else if (strcmp(table, "indicator") == 0) {
		const char *code = col_text(row, cols, n, "code");
		char *c = NULL;
		rc = cn_indicator_code_check(code, &c, err);
		if (rc == CN_OK && strcmp(c, code) != 0)
			rc = cn_fail(err, CN_EINVAL, "Mã chỉ tiêu «%s» không hợp lệ", code);
		free(c);
	} else if (strcmp(table, "topic") == 0) {
		char *key = cn_text_fold(col_text(row, cols, n, "name"));
		const char *have = col_text(row, cols, n, "search_key");
		if (!have || strcmp(key, have) != 0)
			rc = cn_fail(err, CN_EINVAL, "Khoá tìm kiếm của chủ đề không khớp tên của nó");
		free(key);
	} else if (strcmp(table, "target") == 0) {
		const char *from = col_text(row, cols, n, "period_from"), *to = col_text(row, cols, n, "period_to");
		if (from && to && strcmp(to, from) < 0)
			rc = cn_fail(err, CN_EINVAL, "Chỉ tiêu giao đến tháng %s trước khi bắt đầu (%s)", to, from);
	} else if (strcmp(table, "attendance") == 0) {
		if (!col_text(row, cols, n, "member_id") && !col_text(row, cols, n, "guest_name"))
			rc = cn_fail(err, CN_EINVAL, "Dòng điểm danh không có thành viên cũng không có tên khách mời");
	}
	return rc;
}

/* Refuses the whole bundle with where and what: "thành viên, dòng 3
 * (uuid …): Số điện thoại «…» không hợp lệ …". */
static int refuse_row(cn_error *err, const char *path, const char *label, sqlite3_stmt *row, int uuid_col,
		      const char *why)
{
	char *what = cn_strdup(why);
	const char *uuid = uuid_col >= 0 ? (const char *)sqlite3_column_text(row, uuid_col) : NULL;
	long long rowid = sqlite3_column_int64(row, 0);
	if (uuid && is_uuid(uuid))
		cn_fail(err, CN_EINVAL, "Gói dữ liệu «%s» bị từ chối: %s, dòng %lld (uuid %s): %s. Không nhập gì.", path,
			label, rowid, uuid, what);
	else
		cn_fail(err, CN_EINVAL, "Gói dữ liệu «%s» bị từ chối: %s, dòng %lld: %s. Không nhập gì.", path, label,
			rowid, what);
	free(what);
	return CN_EINVAL;
}

static const char *table_label(const char *name)
{
	const struct cn_audited *a = cn_audited_find(name);
	return a ? a->noun : name;
}

/* Every row of TABLE in SCHEMA. */
static int check_table(sqlite3 *sq, const char *schema, const char *table, const char *path, cn_error *err)
{
	cn_buf sql = {0};
	cn_buf_printf(&sql, "SELECT rowid, * FROM \"%s\".", schema);
	cn_audit_add_quoted(&sql, table, '"');
	cn_buf_adds(&sql, " ORDER BY rowid");
	sqlite3_stmt *row;
	int rc = sqlite3_prepare_v2(sq, cn_buf_str(&sql), -1, &row, NULL);
	cn_buf_free(&sql);
	if (rc != SQLITE_OK)
		return cn_fail(err, CN_EINVAL, "Gói dữ liệu «%s» bị hỏng hoặc không đọc được (%s); không nhập gì.", path,
			       sqlite3_errmsg(sq));
	/* Column 0 is the rowid (for messages); the row's own start at 1. */
	int n = sqlite3_column_count(row);
	char **cols = cn_calloc((size_t)n + 1, sizeof *cols);
	const struct rule **r = cn_calloc((size_t)n + 1, sizeof *r);
	int uuid_col = -1;
	cols[0] = cn_strdup("");
	for (int i = 1; i < n; i++) {
		cols[i] = cn_strdup(sqlite3_column_name(row, i));
		r[i] = rule_for(table, cols[i]);
		if (strcmp(cols[i], "uuid") == 0)
			uuid_col = i;
	}
	const char *label = table_label(table);
	int step = SQLITE_DONE;
	long long rows = 0;
	rc = CN_OK;
	while (rc == CN_OK && (step = sqlite3_step(row)) == SQLITE_ROW) {
		if (++rows > CN_BUNDLE_MAX_ROWS) {
			rc = cn_fail(err, CN_EINVAL, "Gói dữ liệu «%s» bị từ chối: bảng %s có hơn %lld dòng. Không nhập gì.",
				     path, label, (long long)CN_BUNDLE_MAX_ROWS);
			break;
		}
		cn_error why = {0};
		for (int i = 1; i < n && rc == CN_OK; i++)
			if (check_value(r[i], sqlite3_column_value(row, i), cols[i], &why) != CN_OK)
				rc = refuse_row(err, path, label, row, uuid_col, why.msg);
		if (rc == CN_OK && check_row_rules(table, row, cols, n, &why) != CN_OK)
			rc = refuse_row(err, path, label, row, uuid_col, why.msg);
	}
	if (rc == CN_OK && step != SQLITE_DONE)
		rc = cn_fail(err, CN_EINVAL, "Gói dữ liệu «%s» bị hỏng hoặc không đọc được (%s); không nhập gì.", path,
			     sqlite3_errmsg(sq));
	sqlite3_finalize(row);
	for (int i = 0; i < n; i++)
		free(cols[i]);
	free(cols);
	free(r);
	return rc;
}

/* The number SQL gives (-1 when it fails). */
static long long number(sqlite3 *sq, const char *sql, const char *bind)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (bind)
		sqlite3_bind_text(st, 1, bind, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static bool has_table(sqlite3 *sq, const char *schema, const char *name)
{
	char *sql = cn_sprintf("SELECT count(*) FROM \"%s\".sqlite_master WHERE type = 'table' AND name = ?1", schema);
	bool found = number(sq, sql, name) > 0;
	free(sql);
	return found;
}

static int broken(cn_error *err, const char *path, const char *why)
{
	return cn_fail(err, CN_EINVAL, "Gói dữ liệu «%s» bị từ chối: %s. Không nhập gì.", path, why);
}

/* bundle_count against the rows: one count per table, each exact. */
static int check_counts(sqlite3 *sq, const char *schema, const struct bundle_plan *p, const char *path,
			cn_error *err)
{
	cn_buf sql = {0};
	int rc = CN_OK;
	for (int i = -1; i < p->n && rc == CN_OK; i++) {
		const char *name = i < 0 ? "bundle_deleted" : p->t[i].name;
		if (!has_table(sq, schema, name))
			continue;
		cn_buf_clear(&sql);
		cn_buf_printf(&sql, "SELECT (SELECT count(*) FROM \"%s\".", schema);
		cn_audit_add_quoted(&sql, name, '"');
		cn_buf_printf(&sql, ") IS (SELECT rows FROM \"%s\".bundle_count WHERE tbl = ?1) "
			      "AND (SELECT count(*) FROM \"%s\".bundle_count WHERE tbl = ?1) = 1", schema, schema);
		if (number(sq, cn_buf_str(&sql), name) != 1) {
			char *why = cn_sprintf("số dòng của bảng %s không khớp với số ghi trong phần đầu gói (bundle_count)",
					       table_label(name));
			rc = broken(err, path, why);
			free(why);
		}
	}
	/* And no count for a table that is not there. */
	cn_buf_clear(&sql);
	cn_buf_printf(&sql, "SELECT count(*) FROM \"%s\".bundle_count c WHERE NOT EXISTS (SELECT 1 FROM \"%s\".sqlite_master m "
		      "WHERE m.type = 'table' AND m.name = c.tbl)", schema, schema);
	if (rc == CN_OK && number(sq, cn_buf_str(&sql), NULL) != 0)
		rc = broken(err, path, "phần đầu gói (bundle_count) đếm một bảng không có trong gói");
	cn_buf_free(&sql);
	return rc;
}

/* bundle_key: (table, id) once each, every uuid once in the whole bundle,
 * and every row of the bundle listed there with its own uuid. */
static int check_keys(sqlite3 *sq, const char *schema, const struct bundle_plan *p, const char *path, cn_error *err)
{
	cn_buf sql = {0};
	int rc = CN_OK;
	cn_buf_printf(&sql, "SELECT (SELECT count(*) FROM (SELECT 1 FROM \"%s\".bundle_key GROUP BY tbl, id HAVING count(*) > 1))"
		      " + (SELECT count(*) FROM (SELECT 1 FROM \"%s\".bundle_key GROUP BY uuid HAVING count(*) > 1))",
		      schema, schema);
	if (number(sq, cn_buf_str(&sql), NULL) != 0)
		rc = broken(err, path, "một uuid hay một dòng được kê hai lần (bundle_key)");
	cn_buf_clear(&sql);
	cn_buf_printf(&sql, "SELECT count(*) FROM \"%s\".bundle_key WHERE tbl NOT IN (''", schema);
	for (int i = 0; i < p->n; i++) {
		if (p->t[i].child)
			continue;
		cn_buf_adds(&sql, ", ");
		cn_audit_add_quoted(&sql, p->t[i].name, '\'');
	}
	cn_buf_adds(&sql, ")");
	if (rc == CN_OK && number(sq, cn_buf_str(&sql), NULL) != 0)
		rc = broken(err, path, "bundle_key kê một bảng mà cơ sở dữ liệu này không nhận");
	for (int i = 0; i < p->n && rc == CN_OK; i++) {
		const struct bundle_table *t = &p->t[i];
		if (t->child || !has_table(sq, schema, t->name))
			continue;
		cn_buf_clear(&sql);
		cn_buf_printf(&sql, "SELECT count(*) FROM \"%s\".", schema);
		cn_audit_add_quoted(&sql, t->name, '"');
		cn_buf_printf(&sql, " x WHERE NOT EXISTS (SELECT 1 FROM \"%s\".bundle_key k WHERE k.tbl = ?1 AND k.id = x.id "
			      "AND k.uuid = x.uuid)", schema);
		if (number(sq, cn_buf_str(&sql), t->name) != 0) {
			char *why = cn_sprintf("một dòng %s không có trong bundle_key, hoặc uuid của nó khác", t->label);
			rc = broken(err, path, why);
			free(why);
		}
	}
	cn_buf_clear(&sql);
	cn_buf_printf(&sql, "SELECT count(*) FROM \"%s\".bundle_deleted WHERE tbl NOT IN (''", schema);
	for (int i = 0; i < p->n; i++) {
		cn_buf_adds(&sql, ", ");
		cn_audit_add_quoted(&sql, p->t[i].name, '\'');
	}
	cn_buf_adds(&sql, ")");
	if (rc == CN_OK && has_table(sq, schema, "bundle_deleted") && number(sq, cn_buf_str(&sql), NULL) != 0)
		rc = broken(err, path, "bundle_deleted xoá dòng của một bảng mà cơ sở dữ liệu này không có");
	cn_buf_free(&sql);
	return rc;
}

int bundle_check_values(sqlite3 *sq, const char *schema, const struct bundle_plan *p, const char *path,
			cn_error *err)
{
	static const char *const own[] = {"bundle_key", "bundle_deleted", "bundle_count"};
	if (!has_table(sq, schema, "bundle_key") || !has_table(sq, schema, "bundle_count"))
		return broken(err, path, "thiếu bảng bundle_key hoặc bundle_count");
	int rc = check_counts(sq, schema, p, path, err);
	for (size_t i = 0; i < CN_ARRAY_LEN(own) && rc == CN_OK; i++)
		if (has_table(sq, schema, own[i]))
			rc = check_table(sq, schema, own[i], path, err);
	if (rc == CN_OK)
		rc = check_keys(sq, schema, p, path, err);
	for (int i = 0; i < p->n && rc == CN_OK; i++)
		if (has_table(sq, schema, p->t[i].name))
			rc = check_table(sq, schema, p->t[i].name, path, err);
	return rc;
}
