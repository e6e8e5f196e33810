/* The targets (chỉ tiêu giao) of one unit: per indicator, for a year or a
 * range of months. A unit sets tens of them: read whole after a change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_screens.h"
#include "cnscd/catalogue.h"
#include "cnscd/stats.h"
#include "cnscd/unit.h"
#include "dialog.h"
#include "history.h"
#include "keys.h"
#include "screen.h"

struct target_item {
	struct target_key key;
	char *code, *name, *measure;
	bool active;
};

struct targets {
	struct screen screen;
	cn_db *db;
	long long unit_id, indicator_id;
	char *crumb;
	struct target_item *rows;
	int n;
	struct table table;
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
	for (int i = 0; keep && i < s->n; i++) {
		const struct target_key *k = &s->rows[i].key;
		if (k->indicator_id == keep->indicator_id && strcmp(k->from, keep->from) == 0 &&
		    strcmp(k->to, keep->to) == 0)
			table_goto(&s->table, i);
	}
}

static long long count(void *ctx) { return ((struct targets *)ctx)->n; }

static void draw_row(void *ctx, struct table *t, int y, long long index, bool selected)
{
	struct targets *s = ctx;
	const struct target_item *r = &s->rows[index];
	attr_t a = table_row(t, y, selected, r->active ? A_NORMAL : ui_attr(S_INACTIVE));
	char period[40], value[CN_NUM_TEXT_LEN];
	cn_target_period_text(r->key.from, r->key.to, period);
	cn_count_text(r->key.value, value);
	table_cell(t, y, 0, r->name, a);
	table_cell(t, y, 1, r->code, a);
	table_cell(t, y, 2, period, a);
	table_cell(t, y, 3, value, a | (selected ? 0 : A_BOLD));
	table_cell(t, y, 4, r->measure, a);
}

static const struct table_source source = {count, NULL, draw_row, NULL};

static struct target_item *current(struct targets *s)
{
	return s->table.cursor < s->n ? &s->rows[s->table.cursor] : NULL;
}

static void set_info(struct screen *screen)
{
	struct targets *s = (struct targets *)screen;
	char line[160];
	snprintf(line, sizeof line, "%d chỉ tiêu giao · báo cáo «Kết quả hoạt động» so kết quả với chỉ tiêu giao "
		 "có kỳ bao trùm kỳ báo cáo", s->n);
	ui_set_info(line);
}

static int remove_current(struct targets *s, const struct target_item *r)
{
	char period[40];
	cn_target_period_text(r->key.from, r->key.to, period);
	char *text = cn_sprintf("Xóa chỉ tiêu giao «%s», kỳ %s?\n\nCó thể hoàn tác ngay sau đó bằng phím %s (Hoàn tác).",
				r->name, period, keys_short(CTX_TARGETS, ACT_UNDO));
	bool yes = dialog_confirm("Chỉ tiêu giao", text, "Xóa", "Thôi");
	free(text);
	cn_error err = {0};
	if (!yes)
		return SCREEN_HANDLED;
	if (cn_target_delete(s->db, r->key.id, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	else
		ui_message(S_INFO, "Đã xóa chỉ tiêu giao.");
	reload(s, NULL);
	return SCREEN_CHANGED | SCREEN_REDRAW;
}

/* The target form, then the list read again with the cursor on it. */
static int edit(struct targets *s, struct target_key k)
{
	if (!edit_target(s->db, s->unit_id, &k))
		return SCREEN_HANDLED;
	reload(s, &k);
	return SCREEN_CHANGED | SCREEN_REDRAW;
}

static int key(struct screen *screen, int action, int key)
{
	(void)key;
	struct targets *s = (struct targets *)screen;
	struct target_item *r = current(s);
	switch (action) {
	case ACT_NEW: return edit(s, (struct target_key){.indicator_id = s->indicator_id});
	case ACT_OPEN:
	case ACT_EDIT: return r ? edit(s, r->key) : SCREEN_HANDLED;
	case ACT_DELETE: return r ? remove_current(s, r) : SCREEN_HANDLED;
	case ACT_UNDO: {
		struct target_key keep = r ? r->key : (struct target_key){0};
		if (!history_undo(s->db))
			return SCREEN_HANDLED;
		reload(s, r ? &keep : NULL);
		return SCREEN_CHANGED;
	}
	case ACT_BACK:
	case ACT_CANCEL:
	case ACT_QUIT: return SCREEN_CLOSE;
	default: return SCREEN_IGNORED;
	}
}

/* Read again keeping the cursor's row. */
static void load(struct screen *screen)
{
	struct targets *s = (struct targets *)screen;
	struct target_item *r = current(s);
	struct target_key keep = r ? r->key : (struct target_key){0};
	reload(s, r ? &keep : NULL);
}

static void done(struct screen *screen)
{
	struct targets *s = (struct targets *)screen;
	clear_rows(s);
	free(s->crumb);
	free(s);
}

static const struct screen_ops targets_ops = {
	.name = "Chỉ tiêu giao", .keyctx = CTX_TARGETS, .key = key, .draw = set_info, .done = done,
	.load = load,
};

struct screen *targets_new(cn_db *db, long long unit_id, long long indicator_id)
{
	if (!unit_id) {
		ui_message(S_ERROR, "Chọn một đơn vị trong cây đơn vị trước, rồi mở lại chỉ tiêu giao.");
		return NULL;
	}
	struct targets *s = cn_calloc(1, sizeof *s);
	char *path = cn_unit_path(db, unit_id, " › ");
	s->crumb = cn_sprintf("%s › Chỉ tiêu giao", path ? path : "?");
	free(path);
	s->screen = (struct screen){
		.ops = &targets_ops, .table = &s->table, .table_y = 2, .crumb = s->crumb,
		.empty = "Đơn vị này chưa có chỉ tiêu giao. Nhấn F7 (hoặc n) để đặt chỉ tiêu cho một năm hoặc một kỳ.",
	};
	s->db = db;
	s->unit_id = unit_id;
	s->indicator_id = indicator_id;
	s->table = (struct table){.cols = cols, .ncols = (int)CN_ARRAY_LEN(cols), .src = &source, .ctx = s,
				  .header = true};
	reload(s, NULL);
	return &s->screen;
}
