/* The screen runner (see screen.h): one stack of screens, one loop. */
#include "screen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cnscd/text.h"
#include "cnscd/util.h"
#include "dialog.h"
#include "keys.h"
#include "screens.h"

#define APP_TITLE " cnscd · Tổ công nghệ số cộng đồng"

static struct screen *top;     /* the stack, through below */
static struct screen *closed;  /* closed; freed once their key handler has returned */
static int nscreens;
static int run_depth;          /* screen_run calls under way */
/* Bumped by SCREEN_CHANGED: a screen that read the data at an older
 * generation reads it again before it shows. */
static unsigned generation = 1;
static int (*office_fn)(void *ctx);
static void *office_ctx;

void screen_set_office(int (*fn)(void *ctx), void *ctx)
{
	office_fn = fn;
	office_ctx = ctx;
}

static bool on_stack(const struct screen *s)
{
	for (const struct screen *p = top; p; p = p->below)
		if (p == s)
			return true;
	return false;
}

struct screen *screen_below(const struct screen *s) { return s->below; }

const char *screen_name(const struct screen *s)
{
	return s->name ? s->name : s->ops->name ? s->ops->name : "";
}

static unsigned keyctx_of(const struct screen *s) { return s->keyctx ? s->keyctx : s->ops->keyctx; }

void screen_title(struct screen *s, const char *fmt, ...)
{
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	/* Whole, never cut inside a character: the bar cuts by columns. */
	char *title = cn_malloc((size_t)(len > 0 ? len : 0) + 2);
	title[0] = ' ';
	vsnprintf(title + 1, (size_t)(len > 0 ? len : 0) + 1, fmt, again);
	va_end(again);
	free(s->title);
	s->title = title;
}

void screen_reload_later(struct screen *s) { s->stale = true; }

void screen_place_under_title(struct screen *s, int *h, int *w, int *y, int *x)
{
	(void)s, (void)w, (void)x;
	*h = ui_rows() - 1;
	*y = 1;
}

/* --- Window and painting --- */

static void layout(void *ctx)
{
	struct screen *s = ctx;
	int h = ui_rows(), w = COLS, y = 0, x = 0;
	if (s->ops->place)
		s->ops->place(s, &h, &w, &y, &x);
	ui_window_place(&s->window, h, w, y, x, false);
	s->win = s->window.win;
	if (!s->win)
		return;
	leaveok(s->win, !s->ops->cursor);
	h = getmaxy(s->win);
	w = getmaxx(s->win);
	/* A boxed screen's table sits inside the frame, a cell from its sides. */
	int inset = s->ops->boxed ? 2 : 0;
	if (s->table)
		table_place(s->table, s->win, s->table_y, inset, h - s->table_y - s->table_foot - inset / 2, w - 2 * inset);
	if (s->ops->layout)
		s->ops->layout(s);
	s->dirty = true;
}

/* Text cut from the left, so that the end of a long path stays visible. */
static void put_tail(WINDOW *w, int y, int x, int width, const char *s, attr_t attr)
{
	const char *p = s;
	if (cn_text_width(s) <= width) {
		ui_put(w, y, x, width, s, attr, ALIGN_LEFT);
		return;
	}
	while (*p && cn_text_width(p) > width - 1)
		p++;
	while ((*p & 0xC0) == 0x80)
		p++;
	char *t = cn_sprintf("…%s", p);
	ui_put(w, y, x, width, t, attr, ALIGN_LEFT);
	free(t);
}

/* The title bar (or the frame) and the crumb line. */
static void draw_frame(struct screen *s)
{
	int w = getmaxx(s->win);
	if (s->ops->boxed) {
		ui_box(s->win, s->title ? s->title + 1 : screen_name(s));
	} else if (s->title) {
		ui_put(s->win, 0, 0, w, s->title, ui_attr(S_TITLE), ALIGN_LEFT);
	} else {
		ui_put(s->win, 0, 0, w, APP_TITLE, ui_attr(S_TITLE), ALIGN_LEFT);
		int nw = cn_text_width(screen_name(s)) + 1;
		ui_put(s->win, 0, w - nw, nw, screen_name(s), ui_attr(S_TITLE), ALIGN_LEFT);
	}
	if (s->crumb) {
		ui_put(s->win, 1, 0, 1, "", A_NORMAL, ALIGN_LEFT);
		put_tail(s->win, 1, 1, w - 1, s->crumb, ui_attr(S_CRUMB));
	}
}

static void paint(struct screen *s)
{
	if (!s->win)
		return;
	s->layer.keyctx = keyctx_of(s);
	if (s->dirty) {
		werase(s->win);
		if (s->table)
			table_invalidate(s->table);
		s->dirty = false;
	}
	draw_frame(s);
	if (s->table) {
		table_draw(s->table);
		int x = s->ops->boxed ? 2 : 4;
		if (s->empty && s->table->src->count(s->table->ctx) == 0)
			ui_put(s->win, s->table_y + 2, x, getmaxx(s->win) - 2 * x, s->empty, A_BOLD, ALIGN_LEFT);
	}
	if (s->ops->draw)
		s->ops->draw(s);
}

static void paint_layer(void *ctx) { paint(ctx); }

/* --- The stack --- */

void screen_push(struct screen *s)
{
	if (!s)
		return; /* its constructor said why */
	s->below = top;
	top = s;
	nscreens++;
	s->run_depth = run_depth;
	s->seen = generation;
	s->stale = false;
	s->layer = (struct ui_layer){.layout = layout, .draw = paint_layer, .ctx = s, .keyctx = keyctx_of(s),
				     .cursor = s->ops->cursor};
	ui_push(&s->layer); /* lays the screen out and paints it */
}

void screen_close(struct screen *s)
{
	if (!on_stack(s))
		return;
	struct screen *end = s->below;
	while (top != end) {
		struct screen *c = top;
		top = c->below;
		nscreens--;
		ui_pop(&c->layer);
		ui_window_free(&c->window);
		c->win = NULL;
		/* Kept in closing order, so that a level is freed before the one
		 * it was opened from (levels may share what the first one holds). */
		struct screen **end_of = &closed;
		while (*end_of)
			end_of = &(*end_of)->next_closed;
		c->next_closed = NULL;
		*end_of = c;
	}
}

void screen_close_above(struct screen *s)
{
	struct screen *above = NULL;
	for (struct screen *p = top; p && p != s; p = p->below)
		above = p;
	if (above && on_stack(s))
		screen_close(above);
}

void screen_discard(struct screen *s)
{
	free(s->title);
	s->title = NULL;
	s->ops->done(s);
}

/* Frees the closed screens that this screen_run (or a deeper one) ran: a
 * handler that closed its own screen has returned by now. A screen of an
 * outer run may be closed from in here while its handler waits for this
 * run to end: it is freed by its own loop, after that handler returns. */
static void free_closed(void)
{
	struct screen **p = &closed;
	while (*p) {
		struct screen *c = *p;
		if (c->run_depth < run_depth) {
			p = &c->next_closed;
			continue;
		}
		*p = c->next_closed;
		screen_discard(c);
	}
}

/* --- Keys --- */

static bool confirm_quit(void)
{
	/* More layers than screens: a pop-up is open under this screen (help
	 * opened from a form), and leaving drops what it holds. */
	bool popup = ui_depth() > nscreens;
	return dialog_confirm("Thoát",
			      popup ? "Thoát cnscd? Biểu mẫu đang mở chưa được lưu sẽ bị bỏ."
				    : "Thoát cnscd? Mọi thay đổi đã được lưu.",
			      "Thoát", "Ở lại");
}

/* The keys every screen shares, when the screen did not take the key. */
static int shared_key(struct screen *s, int action)
{
	if (s->table && table_move(s->table, action))
		return SCREEN_HANDLED;
	if (action == ACT_HELP) {
		help_run(keyctx_of(s), screen_name(s));
		return SCREEN_HANDLED;
	}
	if (action == ACT_INTERRUPT)
		return confirm_quit() ? SCREEN_QUIT : SCREEN_HANDLED;
	if (action == ACT_OFFICE && office_fn)
		return office_fn(office_ctx);
	return SCREEN_IGNORED;
}

static void apply(struct screen *s, int r)
{
	if (r & SCREEN_QUIT) {
		ui_leave();
		return;
	}
	if (r & SCREEN_CHANGED) {
		generation++;
		/* The handler has read its own screen again, or asks to (RELOAD). */
		s->seen = generation;
	}
	if (r & SCREEN_CLOSE) {
		screen_close(s);
		return;
	}
	if (!on_stack(s))
		return;
	if ((r & SCREEN_RELAYOUT) && s == top && !ui_too_small())
		layout(s);
	if (r & SCREEN_RELOAD)
		s->stale = true;
	if (r & SCREEN_REDRAW)
		s->dirty = true;
}

static void dispatch(struct screen *s, int key)
{
	int action = keys_action(keyctx_of(s), key);
	int r = s->ops->key(s, action, key);
	if (r == SCREEN_IGNORED)
		r = shared_key(s, action);
	apply(s, r);
}

void screen_run(struct screen *base)
{
	if (!base)
		return;
	run_depth++;
	screen_push(base);
	while (on_stack(base)) {
		struct screen *s = top;
		if (s->stale || (s->ops->load && s->seen != generation)) {
			s->stale = false;
			s->seen = generation;
			if (s->ops->load)
				s->ops->load(s);
			s->dirty = true;
		}
		if (!ui_too_small())
			paint(s);
		int key = ui_getkey();
		if (key == TK_TERMINATE)
			screen_close(base);
		else
			dispatch(s, key);
		free_closed();
	}
	run_depth--;
}
