/* The help screen: the keys of the screen it was opened from, listed from
 * the same binding table the dispatcher reads. */
#include <stdlib.h>

#include <panel.h>

#include "cnscd/text.h"
#include "keys.h"
#include "screens.h"
#include "table.h"
#include "ui.h"

#define MAX_LINES 80

struct help {
	unsigned ctx;
	const char *screen;
	char *keys[MAX_LINES];
	const char *text[MAX_LINES];
	int n;
	WINDOW *win;
	PANEL *panel;
	struct table table;
	struct ui_layer layer;
};

static const struct table_col cols[] = {
	{"Phím", 22, ALIGN_LEFT, -1},
	{"Tác dụng", 0, ALIGN_LEFT, -1},
};

static long long count(void *ctx) { return ((struct help *)ctx)->n; }

static void fetch(void *ctx, long long first, int n)
{
	(void)ctx, (void)first, (void)n;
}

static void draw_row(void *ctx, struct table *t, int y, long long i, bool selected)
{
	struct help *h = ctx;
	attr_t a = selected ? ui_attr(S_SELECTED) : A_NORMAL;
	table_fill(t, y, a);
	table_cell(t, y, 0, h->keys[i], a | A_BOLD);
	table_cell(t, y, 1, h->text[i], a);
}

static const struct table_source source = {count, fetch, draw_row, NULL};

static void layout(void *ctx)
{
	struct help *h = ctx;
	if (h->panel) {
		del_panel(h->panel);
		delwin(h->win);
	}
	int rows = h->n + 5 < ui_rows() - 1 ? h->n + 5 : ui_rows() - 1;
	int w = COLS - 4 < 78 ? COLS - 4 : 78;
	h->win = newwin(rows, w, 1 + (ui_rows() - 1 - rows) / 2, (COLS - w) / 2);
	h->panel = new_panel(h->win);
	leaveok(h->win, TRUE);
	table_place(&h->table, h->win, 2, 2, rows - 3, w - 4);
}

static void draw(void *ctx)
{
	struct help *h = ctx;
	werase(h->win);
	char *title = cn_sprintf("Trợ giúp — %s", h->screen);
	ui_box(h->win, title);
	free(title);
	table_invalidate(&h->table);
	table_draw(&h->table);
}

void help_run(unsigned ctx, const char *screen_name)
{
	struct help *h = cn_calloc(1, sizeof *h);
	h->ctx = ctx;
	h->screen = screen_name;
	int pos = 0, action;
	const char *label, *text;
	while (h->n < MAX_LINES && keys_next(ctx, false, &pos, &action, &label, &text)) {
		char keys[96];
		keys_describe(ctx, action, KEYS_ALL, keys, sizeof keys);
		if (!keys[0])
			continue;
		h->keys[h->n] = cn_strdup(keys);
		h->text[h->n++] = text;
	}
	h->table = (struct table){.cols = cols, .ncols = 2, .src = &source, .ctx = h, .header = true};
	h->layer = (struct ui_layer){.layout = layout, .draw = draw, .ctx = h, .keyctx = CTX_HELP};
	ui_push(&h->layer);
	for (;;) {
		if (!ui_too_small())
			table_draw(&h->table);
		int key = ui_getkey();
		int a = keys_action(CTX_HELP, key);
		if (key == TK_TERMINATE || key == TK_INTERRUPT || a == ACT_CANCEL || a == ACT_HELP || a == ACT_QUIT ||
		    key == '\n' || key == '\r')
			break;
		table_move(&h->table, a);
	}
	ui_pop(&h->layer);
	del_panel(h->panel);
	delwin(h->win);
	for (int i = 0; i < h->n; i++)
		free(h->keys[i]);
	free(h);
}
