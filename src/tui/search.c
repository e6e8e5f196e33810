/* The search screen: results (units, teams, members together) follow the
 * typing, each with where it is; the info line says more of the
 * highlighted one (what became of a closed unit). Enter opens the browser
 * at the chosen hit, or at the unit a closed one went into. The same
 * screen picks a row of one kind (search_pick): the team a member moves
 * to, the unit a team moves to; then what is closed is not offered. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/search.h"
#include "cnscd/text.h"
#include "dialog.h"
#include "keys.h"
#include "lineinput.h"
#include "screen.h"
#include "screens.h"
#include "table.h"
#include "ui.h"

#define MAX_HITS 200

struct hit {
	struct search_target target;
	char *label, *detail, *place, *note;
	long long successor; /* a closed unit: where it went */
};

struct search {
	struct screen screen;
	cn_db *db;
	struct line_input query;
	struct hit hits[MAX_HITS];
	int nhits;
	char error[sizeof(((cn_error *)0)->msg)];
	struct table table;
	struct search_target *chosen; /* the caller's, filled on Enter */
	bool *found;
	unsigned what;    /* CN_SEARCH_* bits: what is looked for */
	bool pick;        /* a row to pick (search_pick), not a place to go */
	const char *hint; /* what to type, while nothing is typed */
};

static const struct table_col cols[] = {
	{"Loại", 10, ALIGN_LEFT, -1},
	{"Tên", 26, ALIGN_LEFT, -1},
	{"Ở đâu", 0, ALIGN_LEFT, -1},
};

static long long count(void *ctx)
{
	struct search *s = ctx;
	return s->nhits;
}

static void draw_row(void *ctx, struct table *t, int y, long long i, bool selected)
{
	struct search *s = ctx;
	attr_t a = selected ? ui_attr(S_SELECTED) : A_NORMAL;
	table_fill(t, y, a);
	const struct hit *h = &s->hits[i];
	/* A closed unit is marked as the lists mark it. */
	char label[320];
	snprintf(label, sizeof label, "%s%s", h->note && h->successor ? "× " : "", h->label);
	table_cell(t, y, 0, cn_kind_name(h->target.kind), a);
	table_cell(t, y, 1, label, a | (selected ? 0 : A_BOLD));
	table_cell(t, y, 2, h->place, a);
}

static const struct table_source source = {count, NULL, draw_row, NULL};

static void clear_hits(struct search *s)
{
	for (int i = 0; i < s->nhits; i++) {
		free(s->hits[i].label);
		free(s->hits[i].detail);
		free(s->hits[i].place);
		free(s->hits[i].note);
	}
	s->nhits = 0;
}

static int keep_hit(const cn_search_hit *h, void *ctx)
{
	struct search *s = ctx;
	if (s->nhits >= MAX_HITS)
		return 1;
	if (s->pick && h->closed)
		return 0; /* a dissolved team takes nobody in */
	struct hit *out = &s->hits[s->nhits++];
	out->target = (struct search_target){.kind = h->kind, .id = h->id, .unit_id = h->unit_id,
					     .team_id = h->team_id};
	out->label = cn_strdup(h->label);
	out->detail = cn_strdup(h->detail);
	out->place = cn_strdup(h->place);
	out->note = h->note ? cn_strdup(h->note) : NULL;
	out->successor = h->successor_id;
	return 0;
}

static void run_query(struct search *s)
{
	clear_hits(s);
	s->error[0] = '\0';
	char *q = line_input_utf8(&s->query);
	cn_error err = {0};
	if (cn_search_kinds(s->db, q, s->what, MAX_HITS, keep_hit, s, &err) < 0)
		snprintf(s->error, sizeof s->error, "%s", err.msg);
	free(q);
	s->table.top = s->table.cursor = 0;
	table_invalidate(&s->table);
}

/* The info line: all of the highlighted hit, which the row may cut:
 * "Xã Vĩnh Mỹ A (Huyện Hoà Bình, Bạc Liêu): đã giải thể 30/06/2025, nay
 * thuộc Tỉnh Cà Mau › Xã Hòa Bình". */
static void set_info(struct search *s)
{
	if (s->nhits == 0) {
		ui_set_info("");
		return;
	}
	const struct hit *h = &s->hits[s->table.cursor];
	char *text;
	if (h->target.kind == CN_KIND_UNIT)
		text = cn_sprintf("%s%s%s%s%s%s", h->label, *h->place ? " (" : "", h->place, *h->place ? ")" : "",
				  h->note ? ": " : "", h->note ? h->note : "");
	else
		text = cn_sprintf("%s: %s", h->label, h->detail);
	ui_set_info(text);
	free(text);
}

static void draw_input(struct screen *screen)
{
	struct search *s = (struct search *)screen;
	WINDOW *win = screen->win;
	int w = getmaxx(win);
	char *q = line_input_utf8(&s->query);
	ui_put(win, 1, 2, 5, "Tìm:", A_BOLD, ALIGN_LEFT);
	ui_put(win, 1, 7, w - 9, q, ui_attr(S_FIELD), ALIGN_LEFT);
	free(q);
	char status[sizeof(((cn_error *)0)->msg) + 8];
	const char *enter = s->pick ? "chọn mục đang chọn" : "đến mục đang chọn";
	if (s->error[0])
		snprintf(status, sizeof status, "%s", s->error);
	else if (s->query.len == 0)
		snprintf(status, sizeof status, "%s", s->hint);
	else if (s->nhits == 0)
		snprintf(status, sizeof status, "Không tìm thấy gì. Thử bớt chữ hoặc gõ cách khác.");
	else if (s->nhits >= MAX_HITS)
		snprintf(status, sizeof status, "Hơn %d kết quả; gõ thêm để thu hẹp. Enter: %s.", MAX_HITS, enter);
	else
		snprintf(status, sizeof status, "%d kết quả. Enter: %s.", s->nhits, enter);
	ui_put(win, 2, 2, w - 4, status, s->error[0] ? ui_attr(S_ERROR) : A_NORMAL, ALIGN_LEFT);
	set_info(s);
	int cx = 7 + line_input_cursor_x(&s->query);
	if (cx > w - 3)
		cx = w - 3;
	wmove(win, 1, cx);
}

/* Enter on a closed unit: go to the unit it went into, or to it. */
static bool choose(struct search *s, const struct hit *h)
{
	*s->chosen = h->target;
	if (!h->successor)
		return true;
	char *text = cn_sprintf("%s %s.", h->label, h->note);
	static const char *const buttons[] = {"Đến đơn vị mới", "Xem đơn vị cũ", "Thôi"};
	int c = dialog_choose("Đơn vị đã giải thể", text, buttons, 3, 0, 2);
	free(text);
	if (c == 2)
		return false;
	if (c == 0)
		*s->chosen = (struct search_target){.kind = CN_KIND_UNIT, .id = h->successor, .unit_id = h->successor};
	return true;
}

static int key(struct screen *screen, int action, int key)
{
	struct search *s = (struct search *)screen;
	switch (action) {
	case ACT_OPEN:
		if (s->nhits == 0 || !choose(s, &s->hits[s->table.cursor]))
			return SCREEN_REDRAW;
		*s->found = true;
		return SCREEN_CLOSE;
	case ACT_CANCEL: return SCREEN_CLOSE;
	default:
		if (line_input_edit(&s->query, action, key)) {
			run_query(s);
			return SCREEN_HANDLED;
		}
		return SCREEN_IGNORED;
	}
}

static void done(struct screen *screen)
{
	clear_hits((struct search *)screen);
	free(screen);
}

static const struct screen_ops search_ops = {
	.name = "Tìm kiếm", .keyctx = CTX_SEARCH, .boxed = true, .cursor = true, .key = key, .draw = draw_input,
	.done = done, .place = screen_place_under_title,
};

bool search_pick(cn_db *db, unsigned kinds, const char *title, const char *hint, struct search_target *target)
{
	bool found = false;
	struct search *s = cn_calloc(1, sizeof *s);
	s->screen = (struct screen){.ops = &search_ops, .table = &s->table, .table_y = 3, .name = title};
	s->db = db;
	s->chosen = target;
	s->found = &found;
	s->what = title ? kinds | CN_SEARCH_OPEN : kinds;
	s->pick = title != NULL;
	s->hint = hint;
	s->table = (struct table){.cols = cols, .ncols = (int)CN_ARRAY_LEN(cols), .src = &source, .ctx = s,
				  .header = true};
	screen_run(&s->screen);
	return found;
}

bool search_run(cn_db *db, struct search_target *target)
{
	return search_pick(db, CN_SEARCH_ALL, NULL,
			   "Gõ tên đơn vị, tổ hoặc thành viên (hoặc số điện thoại); không cần dấu.", target);
}
