/* The help screen: the keys of the screen it was opened from, listed from
 * the same binding table the dispatcher reads. */
#include <stdlib.h>

#include "cnscd/text.h"
#include "keys.h"
#include "screen.h"
#include "screens.h"
#include "table.h"
#include "ui.h"

#define MAX_LINES 80

struct help {
	struct screen screen;
	char *keys[MAX_LINES];
	const char *text[MAX_LINES];
	int n;
	struct table table;
};

static const struct table_col cols[] = {
	{"Phím", 22, ALIGN_LEFT, -1},
	{"Tác dụng", 0, ALIGN_LEFT, -1},
};

static long long count(void *ctx) { return ((struct help *)ctx)->n; }

static void draw_row(void *ctx, struct table *t, int y, long long i, bool selected)
{
	struct help *h = ctx;
	attr_t a = selected ? ui_attr(S_SELECTED) : A_NORMAL;
	table_fill(t, y, a);
	table_cell(t, y, 0, h->keys[i], a | A_BOLD);
	table_cell(t, y, 1, h->text[i], a);
}

static const struct table_source source = {count, NULL, draw_row, NULL};

/* A box as tall as the list, in the middle of the screen. */
static void place(struct screen *s, int *h, int *w, int *y, int *x)
{
	struct help *help = (struct help *)s;
	*h = help->n + 5 < ui_rows() - 1 ? help->n + 5 : ui_rows() - 1;
	*w = COLS - 4 < 78 ? COLS - 4 : 78;
	*y = 1 + (ui_rows() - 1 - *h) / 2;
	*x = (COLS - *w) / 2;
}

/* The frame says when lines are hidden above or below: at 80x24 the keys
 * of a list do not fit in one screen. */
static void draw(struct screen *s)
{
	struct help *h = (struct help *)s;
	int rows = table_rows(&h->table), width = getmaxx(s->win), bottom = getmaxy(s->win) - 1;
	long long below = h->n - h->table.top - rows;
	if (below > 0) {
		char *more = cn_sprintf(" ▼ còn %lld dòng: ↓, PgDn ", below);
		int w = cn_text_width(more);
		ui_put(s->win, bottom, width - w - 2, w, more, A_BOLD, ALIGN_LEFT);
		free(more);
	}
	if (h->table.top > 0)
		ui_put(s->win, 1, width - 16, 14, " ▲ còn ở trên ", A_BOLD, ALIGN_LEFT);
}

static int key(struct screen *s, int action, int key)
{
	(void)s;
	if (action == ACT_CANCEL || action == ACT_HELP || action == ACT_QUIT || key == '\n' || key == '\r')
		return SCREEN_CLOSE;
	return SCREEN_IGNORED;
}

static void done(struct screen *s)
{
	struct help *h = (struct help *)s;
	for (int i = 0; i < h->n; i++)
		free(h->keys[i]);
	free(h);
}

static const struct screen_ops help_ops = {
	.keyctx = CTX_HELP, .boxed = true, .key = key, .draw = draw, .done = done, .place = place,
};

void help_run(unsigned ctx, const char *screen_name)
{
	struct help *h = cn_calloc(1, sizeof *h);
	h->screen = (struct screen){.ops = &help_ops, .table = &h->table, .table_y = 2};
	screen_title(&h->screen, "Trợ giúp — %s", screen_name);
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
	screen_run(&h->screen);
}
