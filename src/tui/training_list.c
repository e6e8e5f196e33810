/* The sessions run by a unit and the units below it, newest first, in the
 * generic table: only the rows on screen are read (cn_training_page). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <panel.h>

#include "cnscd/text.h"
#include "cnscd/training.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "keys.h"
#include "screens.h"
#include "table.h"
#include "trainings.h"
#include "ui.h"

#define MAX_PAGE 200

struct session {
	long long id;
	char *date, *title, *unit, *format, *topics;
	int planned, invited, present;
};

struct sessions {
	cn_db *db;
	long long unit_id;
	char *unit_path;
	long long count;
	long long first;     /* the page in memory: rows [first, first + n) */
	int n;
	struct session page[MAX_PAGE];
	WINDOW *win;
	PANEL *panel;
	struct table table;
	struct ui_layer layer;
	bool done;
};

static const struct table_col cols[] = {
	{"Ngày", 10, ALIGN_LEFT, -1},
	{"Tên lớp", 0, ALIGN_LEFT, -1},
	{"Đơn vị", 20, ALIGN_LEFT, -1},
	{"Hình thức", 10, ALIGN_LEFT, -1},
	{"Có mặt", 9, ALIGN_RIGHT, -1},
};

static void clear_page(struct sessions *s)
{
	for (int i = 0; i < s->n; i++) {
		struct session *r = &s->page[i];
		free(r->date);
		free(r->title);
		free(r->unit);
		free(r->format);
		free(r->topics);
	}
	s->n = 0;
}

static int keep_row(const cn_training_row *row, void *ctx)
{
	struct sessions *s = ctx;
	if (s->n >= MAX_PAGE)
		return 1;
	char date[CN_DATE_LEN];
	cn_date_display(row->start_date, date);
	s->page[s->n++] = (struct session){
		.id = row->id, .date = cn_strdup(date), .title = cn_strdup(row->title ? row->title : ""),
		.unit = cn_strdup(row->unit_name ? row->unit_name : ""),
		.format = cn_strdup(cn_training_format_name(row->format ? row->format : CN_FORMAT_IN_PERSON)),
		.topics = cn_strdup(row->topics ? row->topics : ""), .planned = row->planned,
		.invited = row->invited, .present = row->present};
	return 0;
}

static long long count(void *ctx)
{
	struct sessions *s = ctx;
	return s->count;
}

static void fetch(void *ctx, long long first, int n)
{
	struct sessions *s = ctx;
	if (n > MAX_PAGE)
		n = MAX_PAGE;
	if (first + n > s->count)
		n = (int)(s->count - first);
	if (n <= 0 || (s->n > 0 && first >= s->first && first + n <= s->first + s->n))
		return;
	clear_page(s);
	s->first = first;
	cn_error err = {0};
	if (cn_training_page(s->db, s->unit_id, (int)first, n, keep_row, s, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
}

static const struct session *row_at(struct sessions *s, long long index)
{
	if (index < s->first || index >= s->first + s->n)
		fetch(s, index, MAX_PAGE);
	return index >= s->first && index < s->first + s->n ? &s->page[index - s->first] : NULL;
}

static void draw_row(void *ctx, struct table *t, int y, long long index, bool selected)
{
	struct sessions *s = ctx;
	attr_t a = selected ? ui_attr(S_SELECTED) : A_NORMAL;
	table_fill(t, y, a);
	const struct session *r = row_at(s, index);
	if (!r)
		return;
	char figures[32];
	/* Present out of planned, or out of invited when nothing was planned. */
	snprintf(figures, sizeof figures, "%d/%d", r->present, r->planned ? r->planned : r->invited);
	table_cell(t, y, 0, r->date, a);
	table_cell(t, y, 1, r->title, a | (selected ? 0 : A_BOLD));
	table_cell(t, y, 2, r->unit, a);
	table_cell(t, y, 3, r->format, a);
	table_cell(t, y, 4, figures, a);
}

static const struct table_source source = {count, fetch, draw_row, NULL};

/* Reads the list again, keeping the cursor on session KEEP if given. */
static void reload(struct sessions *s, long long keep)
{
	cn_error err = {0};
	long long n = cn_training_count(s->db, s->unit_id, &err);
	if (n < 0)
		ui_message(S_ERROR, "%s", err.msg);
	s->count = n > 0 ? n : 0;
	clear_page(s);
	if (keep) {
		/* Sessions of one unit are few: find the new row by paging. */
		for (long long i = 0; i < s->count; i++) {
			const struct session *r = row_at(s, i);
			if (r && r->id == keep) {
				table_goto(&s->table, i);
				break;
			}
		}
	}
	table_invalidate(&s->table);
}

static void set_info(struct sessions *s)
{
	char line[256];
	const struct session *r = s->count ? row_at(s, s->table.cursor) : NULL;
	if (r && r->topics[0])
		snprintf(line, sizeof line, "%lld lớp · Chủ đề: %s", s->count, r->topics);
	else
		snprintf(line, sizeof line, "%lld lớp", s->count);
	ui_set_info(line);
}

static void layout(void *ctx)
{
	struct sessions *s = ctx;
	if (s->panel) {
		del_panel(s->panel);
		delwin(s->win);
	}
	s->win = newwin(ui_rows(), COLS, 0, 0);
	s->panel = new_panel(s->win);
	leaveok(s->win, TRUE);
	table_place(&s->table, s->win, 2, 0, ui_rows() - 2, COLS);
}

static void draw(void *ctx)
{
	struct sessions *s = ctx;
	ui_put(s->win, 0, 0, COLS, " cnscd · Tổ công nghệ số cộng đồng", ui_attr(S_TITLE), ALIGN_LEFT);
	const char *title = "Lớp tập huấn";
	int tw = cn_text_width(title) + 1;
	ui_put(s->win, 0, COLS - tw, tw, title, ui_attr(S_TITLE), ALIGN_LEFT);
	char *crumb = cn_sprintf(" %s › Lớp tập huấn", s->unit_path);
	ui_put(s->win, 1, 0, COLS, crumb, ui_attr(S_CRUMB), ALIGN_LEFT);
	free(crumb);
	table_invalidate(&s->table);
	table_draw(&s->table);
}

static void draw_changes(struct sessions *s)
{
	table_draw(&s->table);
	if (s->count == 0)
		ui_put(s->win, 4, 4, COLS - 8, "Chưa có lớp tập huấn nào. Nhấn F7 (hoặc n) để thêm.", A_BOLD,
		       ALIGN_LEFT);
	set_info(s);
}

static long long current_id(struct sessions *s)
{
	const struct session *r = s->count ? row_at(s, s->table.cursor) : NULL;
	return r ? r->id : 0;
}

static void handle(struct sessions *s, int key)
{
	if (key == TK_TERMINATE || key == TK_INTERRUPT) {
		s->done = true;
		return;
	}
	int action = keys_action(CTX_TRAININGS, key);
	if (table_move(&s->table, action))
		return;
	long long id = current_id(s), saved;
	switch (action) {
	case ACT_OPEN:
		if (id) {
			checkin_run(s->db, id);
			reload(s, id);
		}
		break;
	case ACT_NEW:
		if ((saved = edit_training(s->db, 0, s->unit_id)))
			reload(s, saved);
		break;
	case ACT_EDIT:
		if (id && (saved = edit_training(s->db, id, s->unit_id)))
			reload(s, saved);
		break;
	case ACT_DELETE:
		if (id && remove_training(s->db, id))
			reload(s, 0);
		break;
	case ACT_INVITE:
		if (id && invite_training(s->db, id))
			reload(s, id);
		break;
	case ACT_HELP: help_run(CTX_TRAININGS, "Lớp tập huấn"); break;
	case ACT_BACK:
	case ACT_QUIT: s->done = true; break;
	default: break;
	}
}

void trainings_run(cn_db *db, long long unit_id)
{
	struct sessions *s = cn_calloc(1, sizeof *s);
	s->db = db;
	s->unit_id = unit_id;
	s->unit_path = unit_id ? cn_unit_path(db, unit_id, " › ") : cn_strdup("Tất cả đơn vị");
	s->table = (struct table){.cols = cols, .ncols = (int)CN_ARRAY_LEN(cols), .src = &source, .ctx = s,
				  .header = true};
	s->layer = (struct ui_layer){.layout = layout, .draw = draw, .ctx = s, .keyctx = CTX_TRAININGS};
	reload(s, 0);
	ui_push(&s->layer);
	while (!s->done) {
		if (!ui_too_small())
			draw_changes(s);
		handle(s, ui_getkey());
	}
	ui_pop(&s->layer);
	del_panel(s->panel);
	delwin(s->win);
	clear_page(s);
	free(s->unit_path);
	free(s);
}
