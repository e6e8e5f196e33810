/* The indicator catalogue on screen: the user's to extend (F7), edit (F4),
 * retire (F8: deleted while unused, else made inactive) and reorder (-/+).
 * The catalogue is tens of rows: it is read whole after each change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_screens.h"
#include "cnscd/catalogue.h"
#include "cnscd/unit.h"
#include "dialog.h"
#include "history.h"
#include "keys.h"
#include "screen.h"

struct indicators {
	struct screen screen;
	cn_db *db;
	long long unit_id;
	char *unit_name; /* whose targets g opens */
	cn_indicator *rows;
	int n;
	struct table table;
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
	for (int i = 0; keep && i < s->n; i++)
		if (s->rows[i].id == keep)
			table_goto(&s->table, i);
}

static long long count(void *ctx) { return ((struct indicators *)ctx)->n; }

static void draw_row(void *ctx, struct table *t, int y, long long index, bool selected)
{
	struct indicators *s = ctx;
	const cn_indicator *r = &s->rows[index];
	attr_t a = table_row(t, y, selected, r->active ? A_NORMAL : ui_attr(S_INACTIVE));
	char order[16];
	snprintf(order, sizeof order, "%d", r->sort_order);
	table_cell(t, y, 0, r->code, a);
	table_cell(t, y, 1, r->name, a | (selected || !r->active ? 0 : A_BOLD));
	table_cell(t, y, 2, r->measure, a);
	table_cell(t, y, 3, cn_aggregate_name(r->aggregate), a);
	table_cell(t, y, 4, order, a);
	table_cell(t, y, 5, r->active ? "Đang dùng" : "Ngừng dùng", a);
}

static const struct table_source source = {count, NULL, draw_row, NULL};

static const cn_indicator *current(struct indicators *s)
{
	return s->table.cursor < s->n ? &s->rows[s->table.cursor] : NULL;
}

static void set_info(struct screen *screen)
{
	struct indicators *s = (struct indicators *)screen;
	int active = 0;
	for (int i = 0; i < s->n; i++)
		active += s->rows[i].active;
	char line[256];
	snprintf(line, sizeof line, "%d chỉ tiêu · %d đang dùng (hiện trong bảng nhập và báo cáo) · g: chỉ tiêu giao của %s",
		 s->n, active, s->unit_name ? s->unit_name : "đơn vị đang chọn");
	ui_set_info(line);
}

/* F8: deleted when unused; retired (kept for past reports) otherwise. */
static int remove_current(struct indicators *s, const cn_indicator *r)
{
	long long uses = cn_indicator_uses(s->db, r->id);
	if (uses > 0 && !r->active) {
		ui_message(S_INFO, "Chỉ tiêu này đã ngừng dùng. F4: sửa để dùng lại.");
		return SCREEN_HANDLED;
	}
	char *text = uses > 0
		? cn_sprintf("Chỉ tiêu «%s» đã có %lld số liệu hoặc chỉ tiêu giao: không xóa được, chỉ chuyển sang "
			     "ngừng dùng (số liệu cũ giữ nguyên, chỉ tiêu không còn hiện trong bảng nhập và báo cáo).",
			     r->name, uses)
		: cn_sprintf("Xóa chỉ tiêu «%s» (%s) khỏi danh mục?\n\nCó thể hoàn tác ngay sau đó bằng phím %s "
			     "(Hoàn tác).", r->name, r->code, keys_short(CTX_INDICATORS, ACT_UNDO));
	bool yes = dialog_confirm("Chỉ tiêu", text, uses > 0 ? "Ngừng dùng" : "Xóa", "Thôi");
	free(text);
	if (!yes)
		return SCREEN_HANDLED;
	cn_error err = {0};
	bool deactivated;
	long long id = r->id;
	if (cn_indicator_remove(s->db, id, &deactivated, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return SCREEN_HANDLED;
	}
	reload(s, deactivated ? id : 0);
	ui_message(S_INFO, deactivated ? "Đã chuyển chỉ tiêu sang ngừng dùng." : "Đã xóa chỉ tiêu.");
	return SCREEN_CHANGED | SCREEN_REDRAW;
}

static int move_row(struct indicators *s, const cn_indicator *r, int delta)
{
	cn_error err = {0};
	long long id = r->id;
	if (cn_indicator_move(s->db, id, delta, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return SCREEN_HANDLED;
	}
	reload(s, id);
	return SCREEN_CHANGED | SCREEN_REDRAW;
}

/* After a form: the list read again, the cursor on what was saved. */
static int saved(struct indicators *s, long long id)
{
	if (!id)
		return SCREEN_HANDLED;
	reload(s, id);
	return SCREEN_CHANGED | SCREEN_REDRAW;
}

static int key(struct screen *screen, int action, int key)
{
	(void)key;
	struct indicators *s = (struct indicators *)screen;
	const cn_indicator *r = current(s);
	switch (action) {
	case ACT_NEW: return saved(s, edit_indicator(s->db, 0));
	case ACT_OPEN:
	case ACT_EDIT: return r ? saved(s, edit_indicator(s->db, r->id)) : SCREEN_HANDLED;
	case ACT_DELETE: return r ? remove_current(s, r) : SCREEN_HANDLED;
	case ACT_UNDO:
		if (!history_undo(s->db))
			return SCREEN_HANDLED;
		reload(s, r ? r->id : 0);
		return SCREEN_CHANGED;
	case ACT_MOVE_UP:
	case ACT_MOVE_DOWN: return r ? move_row(s, r, action == ACT_MOVE_UP ? -1 : 1) : SCREEN_HANDLED;
	case ACT_TARGETS:
		screen_push(targets_new(s->db, s->unit_id, r && r->active ? r->id : 0));
		return SCREEN_HANDLED;
	case ACT_BACK:
	case ACT_CANCEL:
	case ACT_QUIT: return SCREEN_CLOSE;
	default: return SCREEN_IGNORED;
	}
}

/* Read again keeping the cursor's row. */
static void load(struct screen *screen)
{
	struct indicators *s = (struct indicators *)screen;
	const cn_indicator *r = current(s);
	reload(s, r ? r->id : 0);
}

static void done(struct screen *screen)
{
	struct indicators *s = (struct indicators *)screen;
	clear_rows(s);
	free(s->unit_name);
	free(s);
}

static const struct screen_ops indicators_ops = {
	.name = "Danh mục chỉ tiêu", .keyctx = CTX_INDICATORS, .key = key, .draw = set_info, .done = done,
	.load = load,
};

struct screen *indicators_new(cn_db *db, long long unit_id)
{
	struct indicators *s = cn_calloc(1, sizeof *s);
	s->screen = (struct screen){
		.ops = &indicators_ops, .table = &s->table, .table_y = 2,
		.empty = "Danh mục chưa có chỉ tiêu nào. Nhấn F7 (hoặc n) để thêm.",
		.crumb = "Danh mục chỉ tiêu kết quả hoạt động (dùng chung cho mọi đơn vị)",
	};
	s->db = db;
	s->unit_id = unit_id;
	cn_unit u = {0};
	if (unit_id && cn_unit_get(db, unit_id, &u, NULL) == CN_OK)
		s->unit_name = cn_strdup(u.name);
	cn_unit_clear(&u);
	s->table = (struct table){.cols = cols, .ncols = (int)CN_ARRAY_LEN(cols), .src = &source, .ctx = s,
				  .header = true};
	reload(s, 0);
	return &s->screen;
}
