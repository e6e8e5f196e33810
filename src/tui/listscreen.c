#include "listscreen.h"

#include <stdlib.h>

#include "cnscd/text.h"
#include "cnscd/util.h"
#include "keys.h"
#include "screens.h"

static long long count(void *ctx)
{
	return ((struct list_screen *)ctx)->nrows;
}

static void fetch(void *ctx, long long first, int n)
{
	(void)ctx, (void)first, (void)n; /* the rows are in memory */
}

static void draw_row(void *ctx, struct table *t, int y, long long index, bool selected)
{
	struct list_screen *s = ctx;
	s->draw_row(s, t, y, (int)index, selected);
}

static const struct table_source source = {count, fetch, draw_row, NULL};

int list_screen_cursor(const struct list_screen *s)
{
	return s->table.cursor >= 0 && s->table.cursor < s->nrows ? (int)s->table.cursor : -1;
}

attr_t list_screen_fill(struct table *t, int y, bool selected, bool active)
{
	attr_t a = selected ? ui_attr(S_SELECTED) : active ? A_NORMAL : ui_attr(S_INACTIVE);
	table_fill(t, y, a);
	return a;
}

static void layout(void *ctx)
{
	struct list_screen *s = ctx;
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
	struct list_screen *s = ctx;
	werase(s->win); /* lines below the last row stay clean */
	ui_put(s->win, 0, 0, COLS, " cnscd · Tổ công nghệ số cộng đồng", ui_attr(S_TITLE), ALIGN_LEFT);
	int tw = cn_text_width(s->title) + 1;
	ui_put(s->win, 0, COLS - tw, tw, s->title, ui_attr(S_TITLE), ALIGN_LEFT);
	char *crumb = cn_sprintf(" %s", s->crumb ? s->crumb : "");
	ui_put(s->win, 1, 0, COLS, crumb, ui_attr(S_CRUMB), ALIGN_LEFT);
	free(crumb);
	table_invalidate(&s->table);
	table_draw(&s->table);
}

static void draw_changes(struct list_screen *s)
{
	table_draw(&s->table);
	if (s->nrows == 0 && s->empty)
		ui_put(s->win, 4, 4, COLS - 8, s->empty, A_BOLD, ALIGN_LEFT);
	if (s->info)
		s->info(s);
}

void list_screen_run(struct list_screen *s)
{
	s->table.src = &source;
	s->table.ctx = s;
	s->table.header = true;
	s->layer = (struct ui_layer){.layout = layout, .draw = draw, .ctx = s, .keyctx = s->keyctx};
	ui_push(&s->layer);
	bool open = true;
	while (open) {
		if (!ui_too_small())
			draw_changes(s);
		int key = ui_getkey();
		if (key == TK_TERMINATE || key == TK_INTERRUPT)
			break;
		int action = keys_action(s->keyctx, key);
		if (table_move(&s->table, action))
			continue;
		if (action == ACT_HELP) {
			help_run(s->keyctx, s->title);
			continue;
		}
		if (action == ACT_NONE)
			continue;
		open = s->handle(s, action);
		if (open && !ui_too_small())
			draw(s); /* a row added or removed: old lines and the empty note go */
	}
	ui_pop(&s->layer);
	del_panel(s->panel);
	delwin(s->win);
	s->panel = NULL;
	s->win = NULL;
}
