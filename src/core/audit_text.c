/* Audit entries in words: "Sửa thành viên «Nguyễn Văn An»: số điện thoại
 * 0912345678 → 0987654321". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit_internal.h"
#include "cnscd/attendance.h"
#include "cnscd/os.h"
#include "cnscd/results.h"
#include "cnscd/text.h"
#include "cnscd/training.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"

/* A changed value longer than this (in columns) is cut with "…". */
#define VALUE_COLS 40

/* How the log names a column; columns not listed show as they are. */
static const struct {
	const char *column, *label;
} column_labels[] = {
	{"name", "tên"},
	{"full_name", "họ tên"},
	{"code", "mã"},
	{"type", "loại"},
	{"level", "cấp"},
	{"parent_id", "đơn vị cấp trên"},
	{"valid_from", "hiệu lực từ"},
	{"valid_to", "hiệu lực đến"},
	{"unit_id", "đơn vị"},
	{"team_id", "tổ"},
	{"established", "ngày thành lập"},
	{"decision_no", "số quyết định"},
	{"dissolved", "ngày giải thể"},
	{"note", "ghi chú"},
	{"gender", "giới tính"},
	{"birth_year", "năm sinh"},
	{"phone", "số điện thoại"},
	{"id_number", "số CCCD"},
	{"role", "vai trò"},
	{"position", "chức vụ"},
	{"joined", "ngày vào tổ"},
	{"left_on", "ngày rời tổ"},
	{"title", "tên lớp"},
	{"start_date", "ngày bắt đầu"},
	{"end_date", "ngày kết thúc"},
	{"format", "hình thức"},
	{"location", "địa điểm"},
	{"organiser", "đơn vị tổ chức"},
	{"trainers", "giảng viên"},
	{"planned", "số người dự kiến"},
	{"training_id", "lớp"},
	{"member_id", "thành viên"},
	{"guest_name", "họ tên khách mời"},
	{"guest_position", "chức vụ khách mời"},
	{"guest_unit", "đơn vị khách mời"},
	{"guest_phone", "điện thoại khách mời"},
	{"status", "trạng thái"},
	{"checked_in_at", "lúc có mặt"},
	{"period", "tháng"},
	{"submitted_at", "lúc gửi"},
	{"submitted_by", "người gửi"},
	{"report_id", "báo cáo"},
	{"indicator_id", "chỉ tiêu"},
	{"topic_id", "chủ đề"},
	{"value", "giá trị"},
	{"period_from", "từ tháng"},
	{"period_to", "đến tháng"},
	{"measure", "đơn vị tính"},
	{"sort_order", "thứ tự"},
	{"active", "trạng thái dùng"},
	{"aggregate", "cách cộng"},
	{"approved_by", "người duyệt"},
	{"approved_at", "lúc duyệt"},
};

const char *cn_audit_table_noun(const char *table)
{
	const struct cn_audited *a = cn_audited_find(table);
	return a ? a->noun : table;
}

static const char *column_label(const char *column)
{
	for (size_t i = 0; i < CN_ARRAY_LEN(column_labels); i++)
		if (strcmp(column_labels[i].column, column) == 0)
			return column_labels[i].label;
	return column;
}

void cn_audit_time_display(const char *at, char out[CN_AUDIT_TIME_LEN])
{
	struct tm tm = {0};
	if (!at || sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			  &tm.tm_min, &tm.tm_sec) != 6) {
		snprintf(out, CN_AUDIT_TIME_LEN, "%s", at ? at : "");
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = cn_os_timegm(&tm);
	struct tm local;
	localtime_r(&t, &local);
	strftime(out, CN_AUDIT_TIME_LEN, "%d/%m/%Y %H:%M", &local);
}

/* Name of the row ID of the table a column COLUMN points at, "«…»", or
 * NULL for a column that points at nothing. Malloc'd. */
static char *row_name(cn_db *db, const char *column, long long id)
{
	static const struct {
		const char *column, *sql;
	} refs[] = {
		{"team_id", "SELECT name FROM team WHERE id = ?"},
		{"unit_id", "SELECT name FROM unit WHERE id = ?"},
		{"parent_id", "SELECT name FROM unit WHERE id = ?"},
		{"member_id", "SELECT full_name FROM member WHERE id = ?"},
		{"training_id", "SELECT title FROM training WHERE id = ?"},
		{"indicator_id", "SELECT name FROM indicator WHERE id = ?"},
		{"topic_id", "SELECT name FROM topic WHERE id = ?"},
		{"report_id", "SELECT 'tháng ' || substr(period, 6, 2) || '/' || substr(period, 1, 4) FROM report WHERE id = ?"},
	};
	for (size_t i = 0; i < CN_ARRAY_LEN(refs); i++) {
		if (strcmp(refs[i].column, column) != 0)
			continue;
		sqlite3_stmt *st = cn_db_stmt(db, refs[i].sql, NULL);
		if (!st)
			return NULL;
		cn_bind_int(st, 1, id);
		char *name = sqlite3_step(st) == SQLITE_ROW ? cn_sprintf("«%s»", cn_col_text(st, 0)) : NULL;
		sqlite3_reset(st);
		return name ? name : cn_strdup("(đã xóa)");
	}
	return NULL;
}

/* What a status number of TABLE means. */
static const char *status_name(const char *table, long long n)
{
	if (strcmp(table, "attendance") == 0 && n >= 0 && n <= 3)
		return cn_attendance_status_name((int)n);
	if (strcmp(table, "report") == 0 && (n == 0 || n == 1))
		return cn_month_report_status_name((int)n);
	if (strcmp(table, "approval") == 0 && (n == 0 || n == 1))
		return n ? "đã duyệt" : "đã bỏ duyệt";
	return NULL;
}

static bool is_timestamp(const char *s)
{
	return strlen(s) >= 19 && s[4] == '-' && s[7] == '-' && s[10] == 'T';
}

static bool is_month(const char *s)
{
	return strlen(s) == 7 && s[4] == '-' && s[0] >= '0' && s[0] <= '9';
}

static bool is_iso_date(const char *s)
{
	return strlen(s) == 10 && s[4] == '-' && s[7] == '-';
}

/* Column I of ST, a value of COLUMN of TABLE, as the user knows it: names
 * for codes and ids, dd/mm/yyyy (HH:MM) for dates and times, MM/YYYY for
 * months, "(trống)" for nothing. */
static void add_value(cn_db *db, cn_buf *b, const char *table, const char *column, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL) {
		cn_buf_adds(b, "(trống)");
		return;
	}
	long long n = sqlite3_column_int64(st, i);
	const char *text = (const char *)sqlite3_column_text(st, i);
	char *owned = NULL;
	char date[CN_AUDIT_TIME_LEN];
	if (strcmp(column, "gender") == 0 && n >= 0 && n <= 2) {
		text = n ? cn_gender_name((int)n) : "(không rõ)";
	} else if (strcmp(column, "role") == 0 && n >= 1 && n <= 3) {
		text = cn_role_name((int)n);
	} else if (strcmp(column, "level") == 0 && n >= 1 && n <= CN_LEVEL_MAX) {
		text = cn_level_name((int)n);
	} else if (strcmp(column, "status") == 0 && status_name(table, n)) {
		text = status_name(table, n);
	} else if (strcmp(column, "format") == 0 && strcmp(table, "training") == 0) {
		text = cn_training_format_name((int)n);
	} else if (strcmp(column, "active") == 0) {
		text = n ? "đang dùng" : "ngừng dùng";
	} else if (strcmp(column, "aggregate") == 0) {
		text = cn_aggregate_name(text && strcmp(text, "last") == 0 ? CN_AGG_LAST : CN_AGG_SUM);
	} else if ((owned = row_name(db, column, n)) != NULL) {
		text = owned;
	} else if (text && is_timestamp(text)) {
		cn_audit_time_display(text, date);
		text = date;
	} else if (text && is_iso_date(text)) {
		cn_date_display(text, date);
		text = date;
	} else if (text && is_month(text)) {
		snprintf(date, sizeof date, "%.2s/%.4s", text + 5, text);
		text = date;
	}
	char *shown = cn_text_ellipsize(text ? text : "", VALUE_COLS);
	cn_buf_adds(b, shown);
	free(shown);
	free(owned);
}

void cn_audit_add_changes(cn_db *db, cn_buf *b, const char *table, const char *old_json, const char *new_json)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT o.key, o.value, n.value FROM json_each(?1) o JOIN json_each(?2) n ON n.key = o.key "
		"WHERE o.value IS NOT n.value ORDER BY o.id", NULL);
	if (!st)
		return;
	cn_bind_text(st, 1, old_json);
	cn_bind_text(st, 2, new_json);
	int shown = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *column = cn_col_text(st, 0);
		if (cn_audit_housekeeping(column) || strcmp(column, "id") == 0 || strcmp(column, "uuid") == 0)
			continue;
		cn_buf_adds(b, shown++ ? ", " : ": ");
		cn_buf_adds(b, column_label(column));
		cn_buf_addc(b, ' ');
		add_value(db, b, table, column, st, 1);
		cn_buf_adds(b, " → ");
		add_value(db, b, table, column, st, 2);
	}
	sqlite3_reset(st);
}

/* The value of the row's naming column in JSON, or NULL. Malloc'd. */
static char *row_label(cn_db *db, const char *table, const char *json)
{
	const struct cn_audited *a = cn_audited_find(table);
	if (!a || !a->label || !json)
		return NULL;
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT json_extract(?, '$.' || ?)", NULL);
	if (!st)
		return NULL;
	cn_bind_text(st, 1, json);
	cn_bind_text(st, 2, a->label);
	char *label = sqlite3_step(st) == SQLITE_ROW ? cn_col_dup(st, 0) : NULL;
	sqlite3_reset(st);
	return label;
}

char *cn_audit_describe(cn_db *db, const cn_audit_entry *e)
{
	cn_buf b = {0};
	if (e->by_undo)
		cn_buf_adds(&b, "(hoàn tác) ");
	if (!cn_audit_describe_people(db, e, &b) && !cn_audit_describe_act(db, e, &b)) {
		const char *verb = e->action == CN_AUDIT_INSERT ? "Thêm" : e->action == CN_AUDIT_DELETE ? "Xóa" : "Sửa";
		cn_buf_printf(&b, "%s %s", verb, cn_audit_table_noun(e->table));
		char *created = e->action == CN_AUDIT_INSERT ? cn_audit_created_values(db, e) : NULL;
		char *label = row_label(db, e->table, created ? created : e->new_values ? e->new_values : e->old_values);
		free(created);
		if (label && *label)
			cn_buf_printf(&b, " «%s»", label);
		else if (e->action != CN_AUDIT_DELETE)
			cn_buf_adds(&b, " (đã xóa)"); /* nothing left that tells, and ids mean nothing */
		free(label);
		if (e->action == CN_AUDIT_UPDATE && e->old_values && e->new_values)
			cn_audit_add_changes(db, &b, e->table, e->old_values, e->new_values);
	}
	if (e->undone)
		cn_buf_adds(&b, " [đã hoàn tác]");
	return cn_buf_steal(&b);
}
