/* The indicator catalogue on screen: the user's to extend (F7), edit (F4),
 * retire (F8: deleted while unused, else made inactive) and reorder (-/+).
 * The catalogue is tens of rows: it is read whole after each change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "cnscd/results.h"
#include "cnscd/unit.h"
#include "dialog.h"
#include "keys.h"
#include "listscreen.h"

struct indicators {
	cn_db *db;
	long long unit_id;
	char *unit_name; /* whose targets g opens */
	cn_indicator *rows;
	int n;
	struct list_screen screen;
};

static const struct table_col cols[] = {
	{"Mã", 16, ALIGN_LEFT, -1},
	{"Tên chỉ tiêu", 0, ALIGN_LEFT, -1},
	{"Đơn vị tính", 11, ALIGN_LEFT, -1},
	{"Cách cộng", 10, ALIGN_LEFT, -1},
	{"Thứ tự", 7, ALIGN_RIGHT, -1},
	{"Trạng thái", 11, ALIGN_LEFT, -1},
};

static void clear_rows(struct indicators *s)
{
	for (int i = 0; i < s->n; i++)
		cn_indicator_clear(&s->rows[i]);
	free(s->rows);
	s->rows = NULL;
	s->n = 0;
}

static int keep_row(const cn_indicator *ind, void *ctx)
{
	struct indicators *s = ctx;
	s->rows = cn_reallocarray(s->rows, (size_t)s->n + 1, sizeof *s->rows);
	s->rows[s->n++] = (cn_indicator){ind->id, cn_strdup(ind->code), cn_strdup(ind->name), cn_strdup(ind->measure),
					 ind->sort_order, ind->active, ind->aggregate};
	return 0;
}

/* Reads the catalogue again, the cursor on indicator KEEP if given. */
static void reload(struct indicators *s, long long keep)
{
	clear_rows(s);
	cn_error err = {0};
	if (cn_indicator_list(s->db, true, keep_row, s, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	s->screen.nrows = s->n;
	for (int i = 0; keep && i < s->n; i++)
		if (s->rows[i].id == keep)
			table_goto(&s->screen.table, i);
	table_invalidate(&s->screen.table);
}

static void draw_row(struct list_screen *screen, struct table *t, int y, int index, bool selected)
{
	struct indicators *s = screen->ctx;
	const cn_indicator *r = &s->rows[index];
	attr_t a = list_screen_fill(t, y, selected, r->active);
	char order[16];
	snprintf(order, sizeof order, "%d", r->sort_order);
	table_cell(t, y, 0, r->code, a);
	table_cell(t, y, 1, r->name, a | (selected || !r->active ? 0 : A_BOLD));
	table_cell(t, y, 2, r->measure, a);
	table_cell(t, y, 3, cn_aggregate_name(r->aggregate), a);
	table_cell(t, y, 4, order, a);
	table_cell(t, y, 5, r->active ? "Đang dùng" : "Ngừng dùng", a);
}

static const cn_indicator *current(struct indicators *s)
{
	int i = list_screen_cursor(&s->screen);
	return i >= 0 ? &s->rows[i] : NULL;
}

static void set_info(struct list_screen *screen)
{
	struct indicators *s = screen->ctx;
	int active = 0;
	for (int i = 0; i < s->n; i++)
		active += s->rows[i].active;
	char line[256];
	snprintf(line, sizeof line, "%d chỉ tiêu · %d đang dùng (hiện trong bảng nhập và báo cáo) · g: chỉ tiêu giao của %s",
		 s->n, active, s->unit_name ? s->unit_name : "đơn vị đang chọn");
	ui_set_info(line);
}

/* F8: deleted when unused; retired (kept for past reports) otherwise. */
static void remove_current(struct indicators *s, const cn_indicator *r)
{
	long long uses = cn_indicator_uses(s->db, r->id);
	if (uses > 0 && !r->active) {
		ui_message(S_INFO, "Chỉ tiêu này đã ngừng dùng. F4: sửa để dùng lại.");
		return;
	}
	char *text = uses > 0
		? cn_sprintf("Chỉ tiêu «%s» đã có %lld số liệu hoặc chỉ tiêu giao: không xóa được, chỉ chuyển sang "
			     "ngừng dùng (số liệu cũ giữ nguyên, chỉ tiêu không còn hiện trong bảng nhập và báo cáo).",
			     r->name, uses)
		: cn_sprintf("Xóa chỉ tiêu «%s» (%s) khỏi danh mục?", r->name, r->code);
	bool yes = dialog_confirm("Chỉ tiêu", text, uses > 0 ? "Ngừng dùng" : "Xóa", "Thôi");
	free(text);
	if (!yes)
		return;
	cn_error err = {0};
	bool deactivated;
	long long id = r->id;
	if (cn_indicator_remove(s->db, id, &deactivated, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return;
	}
	reload(s, deactivated ? id : 0);
	ui_message(S_INFO, deactivated ? "Đã chuyển chỉ tiêu sang ngừng dùng." : "Đã xóa chỉ tiêu.");
}

static void move_row(struct indicators *s, const cn_indicator *r, int delta)
{
	cn_error err = {0};
	long long id = r->id;
	if (cn_indicator_move(s->db, id, delta, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	else
		reload(s, id);
}

static bool handle(struct list_screen *screen, int action)
{
	struct indicators *s = screen->ctx;
	const cn_indicator *r = current(s);
	long long saved;
	switch (action) {
	case ACT_NEW:
		if ((saved = edit_indicator(s->db, 0)))
			reload(s, saved);
		break;
	case ACT_OPEN:
	case ACT_EDIT:
		if (r && (saved = edit_indicator(s->db, r->id)))
			reload(s, saved);
		break;
	case ACT_DELETE:
		if (r)
			remove_current(s, r);
		break;
	case ACT_MOVE_UP:
	case ACT_MOVE_DOWN:
		if (r)
			move_row(s, r, action == ACT_MOVE_UP ? -1 : 1);
		break;
	case ACT_TARGETS:
		targets_run(s->db, s->unit_id, r && r->active ? r->id : 0);
		break;
	case ACT_BACK:
	case ACT_CANCEL:
	case ACT_QUIT: return false;
	default: break;
	}
	return true;
}

void indicators_run(cn_db *db, long long unit_id)
{
	struct indicators *s = cn_calloc(1, sizeof *s);
	s->db = db;
	s->unit_id = unit_id;
	cn_unit u = {0};
	if (unit_id && cn_unit_get(db, unit_id, &u, NULL) == CN_OK)
		s->unit_name = cn_strdup(u.name);
	cn_unit_clear(&u);
	s->screen = (struct list_screen){
		.title = "Danh mục chỉ tiêu", .keyctx = CTX_INDICATORS, .handle = handle, .info = set_info, .ctx = s,
		.draw_row = draw_row,
		.empty = "Danh mục chưa có chỉ tiêu nào. Nhấn F7 (hoặc n) để thêm.",
		.crumb = cn_strdup("Danh mục chỉ tiêu kết quả hoạt động (dùng chung cho mọi đơn vị)"),
	};
	s->screen.table = (struct table){.cols = cols, .ncols = (int)CN_ARRAY_LEN(cols)};
	reload(s, 0);
	list_screen_run(&s->screen);
	clear_rows(s);
	free(s->screen.crumb);
	free(s->unit_name);
	free(s);
}
