/* The targets (chỉ tiêu giao) of one unit: per indicator, for a year or a
 * range of months. A unit sets tens of them: read whole after a change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "cnscd/results.h"
#include "cnscd/stats.h"
#include "cnscd/unit.h"
#include "dialog.h"
#include "keys.h"
#include "listscreen.h"

struct target_item {
	struct target_key key;
	char *code, *name, *measure;
	bool active;
};

struct targets {
	cn_db *db;
	long long unit_id, indicator_id;
	struct target_item *rows;
	int n;
	struct list_screen screen;
};

static const struct table_col cols[] = {
	{"Chỉ tiêu", 0, ALIGN_LEFT, -1},
	{"Mã", 14, ALIGN_LEFT, -1},
	{"Kỳ", 17, ALIGN_LEFT, -1},
	{"Chỉ tiêu giao", 13, ALIGN_RIGHT, -1},
	{"Đơn vị tính", 11, ALIGN_LEFT, -1},
};

static void clear_rows(struct targets *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->rows[i].code);
		free(s->rows[i].name);
		free(s->rows[i].measure);
	}
	free(s->rows);
	s->rows = NULL;
	s->n = 0;
}

static int keep_row(const cn_target_row *t, void *ctx)
{
	struct targets *s = ctx;
	s->rows = cn_reallocarray(s->rows, (size_t)s->n + 1, sizeof *s->rows);
	struct target_item *r = &s->rows[s->n++];
	*r = (struct target_item){.key = {t->id, t->indicator_id, "", "", t->value}, .code = cn_strdup(t->indicator_code),
				  .name = cn_strdup(t->indicator_name), .measure = cn_strdup(t->measure),
				  .active = t->indicator_active};
	snprintf(r->key.from, sizeof r->key.from, "%s", t->from);
	snprintf(r->key.to, sizeof r->key.to, "%s", t->to);
	return 0;
}

/* Reads the targets again, the cursor on the one KEEP names if given. */
static void reload(struct targets *s, const struct target_key *keep)
{
	clear_rows(s);
	cn_error err = {0};
	if (cn_target_list(s->db, s->unit_id, 0, keep_row, s, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	s->screen.nrows = s->n;
	for (int i = 0; keep && i < s->n; i++) {
		const struct target_key *k = &s->rows[i].key;
		if (k->indicator_id == keep->indicator_id && strcmp(k->from, keep->from) == 0 &&
		    strcmp(k->to, keep->to) == 0)
			table_goto(&s->screen.table, i);
	}
	table_invalidate(&s->screen.table);
}

static void draw_row(struct list_screen *screen, struct table *t, int y, int index, bool selected)
{
	struct targets *s = screen->ctx;
	const struct target_item *r = &s->rows[index];
	attr_t a = list_screen_fill(t, y, selected, r->active);
	char period[40], value[CN_NUM_TEXT_LEN];
	cn_target_period_text(r->key.from, r->key.to, period);
	cn_count_text(r->key.value, value);
	table_cell(t, y, 0, r->name, a);
	table_cell(t, y, 1, r->code, a);
	table_cell(t, y, 2, period, a);
	table_cell(t, y, 3, value, a | (selected ? 0 : A_BOLD));
	table_cell(t, y, 4, r->measure, a);
}

static struct target_item *current(struct targets *s)
{
	int i = list_screen_cursor(&s->screen);
	return i >= 0 ? &s->rows[i] : NULL;
}

static void set_info(struct list_screen *screen)
{
	struct targets *s = screen->ctx;
	char line[160];
	snprintf(line, sizeof line, "%d chỉ tiêu giao · báo cáo «Kết quả hoạt động» so kết quả với chỉ tiêu giao "
		 "có kỳ bao trùm kỳ báo cáo", s->n);
	ui_set_info(line);
}

static void remove_current(struct targets *s, const struct target_item *r)
{
	char period[40];
	cn_target_period_text(r->key.from, r->key.to, period);
	char *text = cn_sprintf("Xóa chỉ tiêu giao «%s», kỳ %s?", r->name, period);
	bool yes = dialog_confirm("Chỉ tiêu giao", text, "Xóa", "Thôi");
	free(text);
	cn_error err = {0};
	if (!yes)
		return;
	if (cn_target_delete(s->db, r->key.id, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	else
		ui_message(S_INFO, "Đã xóa chỉ tiêu giao.");
	reload(s, NULL);
}

static bool handle(struct list_screen *screen, int action)
{
	struct targets *s = screen->ctx;
	struct target_item *r = current(s);
	struct target_key k = {.indicator_id = s->indicator_id};
	switch (action) {
	case ACT_NEW:
		if (edit_target(s->db, s->unit_id, &k))
			reload(s, &k);
		break;
	case ACT_OPEN:
	case ACT_EDIT:
		if (r && (k = r->key, edit_target(s->db, s->unit_id, &k)))
			reload(s, &k);
		break;
	case ACT_DELETE:
		if (r)
			remove_current(s, r);
		break;
	case ACT_BACK:
	case ACT_CANCEL:
	case ACT_QUIT: return false;
	default: break;
	}
	return true;
}

void targets_run(cn_db *db, long long unit_id, long long indicator_id)
{
	if (!unit_id) {
		ui_message(S_ERROR, "Chọn một đơn vị trong cây đơn vị trước, rồi mở lại chỉ tiêu giao.");
		return;
	}
	struct targets *s = cn_calloc(1, sizeof *s);
	s->db = db;
	s->unit_id = unit_id;
	s->indicator_id = indicator_id;
	char *path = cn_unit_path(db, unit_id, " › ");
	s->screen = (struct list_screen){
		.title = "Chỉ tiêu giao", .keyctx = CTX_TARGETS, .handle = handle, .info = set_info, .ctx = s,
		.draw_row = draw_row,
		.empty = "Đơn vị này chưa có chỉ tiêu giao. Nhấn F7 (hoặc n) để đặt chỉ tiêu cho một năm hoặc một kỳ.",
		.crumb = cn_sprintf("%s › Chỉ tiêu giao", path ? path : "?"),
	};
	free(path);
	s->screen.table = (struct table){.cols = cols, .ncols = (int)CN_ARRAY_LEN(cols)};
	reload(s, NULL);
	list_screen_run(&s->screen);
	clear_rows(s);
	free(s->screen.crumb);
	free(s);
}
