/* The indicator form: code, name, unit of measure, how it adds up over
 * the months (cộng dồn / số cuối kỳ), order, in use. The
 * code is fixed once figures or targets use it (the core says so beside
 * the field). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_screens.h"
#include "cnscd/catalogue.h"
#include "formview.h"
#include "ui.h"

enum { F_CODE, F_NAME, F_MEASURE, F_AGGREGATE, F_ORDER, F_ACTIVE };

static const char *const states[] = {"Đang dùng", "Ngừng dùng", NULL};
/* In the order of enum cn_aggregate. */
static const char *const kinds[] = {"Cộng dồn", "Số cuối kỳ", NULL};

struct indicator_edit {
	cn_db *db;
	long long id;
	long long saved;
};

static int check_code(const char *value, cn_error *err)
{
	char *code = NULL;
	int rc = cn_indicator_code_check(value, &code, err);
	free(code);
	return rc;
}

static int parse_order(const char *value, int *order, cn_error *err)
{
	char *end;
	long n = strtol(value, &end, 10);
	if (*value == '\0' || *end || n < 0 || n > CN_INDICATOR_ORDER_MAX)
		return cn_fail_field(err, "sort_order", CN_EINVAL,
				     "Thứ tự «%s» không hợp lệ: gõ một số từ 0 đến %d; để trống là xếp cuối", value,
				     CN_INDICATOR_ORDER_MAX);
	*order = (int)n;
	return CN_OK;
}

static int check_order(const char *value, cn_error *err)
{
	int order;
	return cn_str_empty(value) ? CN_OK : parse_order(value, &order, err);
}

static int save(struct form *f, cn_error *err)
{
	struct indicator_edit *e = f->ctx;
	int order = -1;
	const char *order_text = form_value(f, F_ORDER);
	int rc = *order_text ? parse_order(order_text, &order, err) : CN_OK;
	bool active = strcmp(form_value(f, F_ACTIVE), states[1]) != 0;
	if (rc != CN_OK || (rc = cn_db_begin(e->db, err)) != CN_OK)
		return rc;
	long long id = e->id;
	/* A new one is added, then set like an edited one (in use or not). */
	if (!id)
		rc = cn_indicator_add_at(e->db, form_value(f, F_CODE), form_value(f, F_NAME), form_value(f, F_MEASURE),
					 order, &id, err);
	cn_indicator now = {0};
	if (rc == CN_OK)
		rc = cn_indicator_get(e->db, id, &now, err);
	if (rc == CN_OK)
		rc = cn_indicator_update(e->db, id, form_value(f, F_NAME), form_value(f, F_MEASURE),
					 order >= 0 ? order : now.sort_order, active, err);
	if (rc == CN_OK)
		rc = cn_indicator_set_aggregate(e->db, id,
						strcmp(form_value(f, F_AGGREGATE), kinds[CN_AGG_LAST]) == 0 ? CN_AGG_LAST
													    : CN_AGG_SUM,
						err);
	if (rc == CN_OK)
		rc = cn_indicator_set_code(e->db, id, form_value(f, F_CODE), err);
	cn_indicator_clear(&now);
	if (rc == CN_OK && (rc = cn_db_commit(e->db, err)) == CN_OK) {
		e->saved = id;
		return CN_OK;
	}
	cn_db_rollback(e->db);
	return rc;
}

long long edit_indicator(cn_db *db, long long id)
{
	struct indicator_edit e = {.db = db, .id = id};
	cn_indicator ind = {0};
	cn_error err = {0};
	if (id && cn_indicator_get(db, id, &ind, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return 0;
	}
	char order[16] = "";
	if (id)
		snprintf(order, sizeof order, "%d", ind.sort_order);
	long long uses = id ? cn_indicator_uses(db, id) : 0;
	struct form f = {.title = id ? "Sửa chỉ tiêu" : "Thêm chỉ tiêu", .save = save, .ctx = &e, .start = id ? 1 : 0};
	form_add(&f, (struct form_field){"code", "Mã", FORM_TEXT, true, 40, check_code,
		 uses > 0 ? "Chỉ tiêu đã có số liệu: mã giữ nguyên (tệp nhập và đơn vị khác biết chỉ tiêu theo mã)"
			  : "Chữ không dấu, chữ số và dấu _, ví dụ ZALO_OA (tự viết hoa)"}, ind.code);
	form_add(&f, (struct form_field){"name", "Tên chỉ tiêu", FORM_TEXT, true, 200, NULL,
		 "Ví dụ: Tài khoản Zalo OA được tạo"}, ind.name);
	form_add(&f, (struct form_field){"measure", "Đơn vị tính", FORM_TEXT, false, 40, NULL,
		 "Ví dụ: người, hộ, tài khoản, hồ sơ"}, ind.measure);
	int kind = form_add(&f, (struct form_field){"aggregate", "Cách cộng các tháng", FORM_CHOICE, true, 20, NULL,
		 "Cộng dồn: số phát sinh trong tháng (cộng cả kỳ). Số cuối kỳ: số hiện có (lấy tháng gần nhất)"},
		 kinds[id && ind.aggregate == CN_AGG_LAST ? CN_AGG_LAST : CN_AGG_SUM]);
	f.choices[kind] = kinds;
	form_add(&f, (struct form_field){"sort_order", "Thứ tự", FORM_TEXT, false, 7, check_order,
		 "Số nhỏ xếp trước; để trống là xếp cuối. Trong danh mục, - và + đổi chỗ nhanh."}, order);
	int active = form_add(&f, (struct form_field){"active", "Trạng thái", FORM_CHOICE, false, 20, NULL,
		 "Ngừng dùng: không hiện trong bảng nhập và báo cáo, số liệu cũ giữ nguyên"},
		 !id || ind.active ? states[0] : states[1]);
	f.choices[active] = states;
	bool saved = form_run(&f);
	form_free(&f);
	cn_indicator_clear(&ind);
	if (saved)
		ui_message(S_INFO, id ? "Đã lưu chỉ tiêu." : "Đã thêm chỉ tiêu.");
	return saved ? e.saved : 0;
}
