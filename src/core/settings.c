#include "cnscd/settings.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/backup.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "db_internal.h"

#define TEXT_MAX 200
/* Days after which a child unit's last bundle is overdue (bundle.h), unless
 * the setting bundle_overdue_days says otherwise. */
#define BUNDLE_OVERDUE_DAYS 35

static const cn_setting_def defs[] = {
	{"office_unit", "Đơn vị của cơ quan",
	 "Gõ mã hoặc tên đơn vị của cơ quan, hay Enter/F3 để chọn từ danh sách",
	 "đơn vị của từng báo cáo", CN_SETTING_UNIT, 0, 0, 0},
	{"office_name", "Tên cơ quan",
	 "Góc trái đầu báo cáo, ví dụ «UBND xã Hòa An» (in hoa khi xuất)",
	 "«UBND» và tên đơn vị báo cáo", CN_SETTING_TEXT, 0, TEXT_MAX, 0},
	{"office_place", "Địa danh", "Địa danh ở dòng «Hòa An, ngày ... tháng ... năm ...»", "tên đơn vị báo cáo",
	 CN_SETTING_TEXT, 0, TEXT_MAX, 0},
	{"signer_title", "Chức danh người ký",
	 "Chức danh người ký, ví dụ «Chủ tịch», «KT. Chủ tịch – Phó Chủ tịch»",
	 "THỦ TRƯỞNG ĐƠN VỊ", CN_SETTING_TEXT, 0, TEXT_MAX, 0},
	{"signer_name", "Họ tên người ký", "Họ tên người ký ở cuối báo cáo", "để trống", CN_SETTING_TEXT, 0,
	 TEXT_MAX, 0},
	{"preparer_name", "Người lập biểu", "Họ tên người lập biểu (ký bên trái cuối báo cáo)", "để trống",
	 CN_SETTING_TEXT, 0, TEXT_MAX, 0},
	{"report_due_days", "Hạn gửi báo cáo (ngày)",
	 "Số ngày sau khi hết tháng mà báo cáo tháng vẫn đúng hạn (0 đến 366)", "5",
	 CN_SETTING_NUMBER, 0, 366, 5},
	{"backup_keep", "Số bản sao lưu giữ lại",
	 "Số bản sao lưu tự động giữ lại, bản cũ hơn bị xóa (1 đến 1000)", "14", CN_SETTING_NUMBER, 1,
	 CN_BACKUP_KEEP_MAX, CN_BACKUP_KEEP_DEFAULT},
	{"bundle_overdue_days", "Hạn gửi gói dữ liệu (ngày)",
	 "Số ngày sau gói dữ liệu gần nhất mà đơn vị cấp dưới bị đánh dấu quá hạn (1 đến 3660)", "35",
	 CN_SETTING_NUMBER, 1, 3660, BUNDLE_OVERDUE_DAYS},
	{"report_number", "Số, ký hiệu báo cáo",
	 "Sau «Số:» dưới tên cơ quan: «/BC-UBND» để ghi số bằng tay, hoặc «15/BC-UBND»",
	 "«/BC-UBND» (UBND), «/BC» (cơ quan khác); số để trống", CN_SETTING_TEXT, 0, 60, 0},
};

const cn_setting_def *cn_setting_defs(int *n)
{
	*n = (int)CN_ARRAY_LEN(defs);
	return defs;
}

const cn_setting_def *cn_setting_def_find(const char *key)
{
	for (size_t i = 0; key && i < CN_ARRAY_LEN(defs); i++)
		if (strcmp(defs[i].key, key) == 0)
			return &defs[i];
	return NULL;
}

static int check_number(const cn_setting_def *d, const char *value, char **out, cn_error *err)
{
	char *trimmed = cn_trim_dup(value), *end;
	errno = 0;
	long n = strtol(trimmed, &end, 10);
	bool ok = *trimmed && *end == '\0' && errno == 0 && n >= d->min && n <= d->max;
	free(trimmed);
	if (!ok)
		return cn_fail_field(err, d->key, CN_EINVAL, "%s: giá trị «%s» không hợp lệ, cần một số nguyên từ %d đến %d",
				     d->label, value, d->min, d->max);
	*out = cn_sprintf("%ld", n);
	return CN_OK;
}

/* "Xã Hòa An (mã 26734)" → "26734"; NULL when TEXT has no such tail. */
static char *code_in_text(const char *text)
{
	const char *open = strstr(text, "(mã ");
	size_t len = strlen(text);
	if (!open || len == 0 || text[len - 1] != ')')
		return NULL;
	open += strlen("(mã ");
	return cn_strndup(open, (size_t)(text + len - 1 - open));
}

/* The open units whose name (or former name) is TEXT, folded, with or
 * without its type ("Hòa An" finds "Xã Hòa An"). */
static int find_unit_by_name(cn_db *db, const char *key, const char *text, char **out, cn_error *err)
{
	char *folded = cn_text_fold(text);
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT code, name FROM unit WHERE valid_to IS NULL AND (search_key LIKE ?1 || ' %' ESCAPE '\\'"
		" OR search_key LIKE '% ' || ?1 || ' %' ESCAPE '\\') ORDER BY level, code LIMIT 3", err);
	if (!st) {
		free(folded);
		return err ? err->code : CN_EDB;
	}
	cn_buf like = {0};
	for (const char *p = folded; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			cn_buf_add(&like, "\\", 1);
		cn_buf_add(&like, p, 1);
	}
	cn_bind_text(st, 1, like.len ? like.data : "");
	cn_buf found = {0};
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n++ == 0)
			*out = cn_strdup(cn_col_text(st, 0));
		cn_buf_printf(&found, "%s%s (mã %s)", n > 1 ? ", " : "", cn_col_text(st, 1), cn_col_text(st, 0));
	}
	sqlite3_reset(st);
	cn_buf_free(&like);
	free(folded);
	int rc = CN_OK;
	if (n == 0) {
		rc = cn_fail_field(err, key, CN_ENOTFOUND, "Không có đơn vị nào mã hoặc tên «%s»: gõ mã hoặc tên đơn vị",
				   text);
	} else if (n > 1) {
		rc = cn_fail_field(err, key, CN_EINVAL, "Có nhiều đơn vị tên «%s» (%s%s): hãy gõ mã đơn vị", text,
				   found.data, n > 2 ? ", ..." : "");
	}
	if (rc != CN_OK) {
		free(*out);
		*out = NULL;
	}
	cn_buf_free(&found);
	return rc;
}

static int check_unit(cn_db *db, const cn_setting_def *d, const char *value, char **out, cn_error *err)
{
	char *text = cn_trim_dup(value);
	char *code = code_in_text(text);
	const char *try = code ? code : text;
	long long id = 0;
	/* A database that cannot be read is its failure, not "no such unit". */
	int rc = db ? cn_unit_code_id(db, try, &id, err)
		    : cn_fail_field(err, d->key, CN_EINVAL, "Cần cơ sở dữ liệu để kiểm tra đơn vị «%s»", text);
	if (rc == CN_OK && id)
		*out = cn_strdup(try);
	else if (rc == CN_OK && code)
		rc = cn_fail_field(err, d->key, CN_ENOTFOUND, "Không có đơn vị nào mang mã «%s»", code);
	else if (rc == CN_OK)
		rc = find_unit_by_name(db, d->key, text, out, err);
	free(code);
	free(text);
	return rc;
}

int cn_setting_check(cn_db *db, const char *key, const char *value, char **out, cn_error *err)
{
	*out = NULL;
	const cn_setting_def *d = cn_setting_def_find(key);
	if (!d)
		return cn_fail(err, CN_EINVAL, "Không có thiết lập «%s»", key ? key : "");
	if (cn_str_empty(value))
		return CN_OK;
	if (d->kind == CN_SETTING_NUMBER)
		return check_number(d, value, out, err);
	if (d->kind == CN_SETTING_UNIT)
		return check_unit(db, d, value, out, err);
	return cn_check_text(d->key, d->label, value, d->max, false, out, err);
}

int cn_setting_put(cn_db *db, const char *key, const char *value, cn_error *err)
{
	char *v = NULL;
	int rc = cn_setting_check(db, key, value, &v, err);
	if (rc == CN_OK)
		rc = cn_setting_set(db, key, v, err);
	free(v);
	return rc;
}

int cn_setting_number(cn_db *db, const char *key)
{
	const cn_setting_def *d = cn_setting_def_find(key);
	if (!d || d->kind != CN_SETTING_NUMBER)
		return 0;
	char *v = cn_setting_get(db, key), *end = NULL;
	long n = v && *v ? strtol(v, &end, 10) : d->number_default;
	bool ok = (!end || *end == '\0') && n >= d->min && n <= d->max;
	free(v);
	return ok ? (int)n : d->number_default;
}

int cn_setting_report_due_days(cn_db *db)
{
	return cn_setting_number(db, "report_due_days");
}

int cn_setting_office_unit_read(cn_db *db, long long *id, cn_error *err)
{
	char *code;
	*id = 0;
	int rc = cn_setting_read(db, "office_unit", &code, err);
	if (rc == CN_OK && code && *code)
		rc = cn_unit_code_id(db, code, id, err);
	free(code);
	return rc;
}

long long cn_setting_office_unit(cn_db *db)
{
	long long id;
	cn_setting_office_unit_read(db, &id, NULL);
	return id;
}

char *cn_setting_unit_text(cn_db *db, long long id)
{
	cn_unit u = {0};
	if (cn_unit_get(db, id, &u, NULL) != CN_OK)
		return NULL;
	char *text = cn_sprintf("%s (mã %s)", u.name, u.code);
	cn_unit_clear(&u);
	return text;
}
