#include "dialog.h"

#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"
#include "cnscd/util.h"
#include "keys.h"
#include "ui.h"

struct dialog {
	const char *title, *text;
	const char *const *labels;
	int n, focus;
	struct ui_window window;
	WINDOW *win;
	struct ui_layer layer;
	int width, lines;
};

static int buttons_width(const struct dialog *d)
{
	int w = 0;
	for (int i = 0; i < d->n; i++)
		w += cn_text_width(d->labels[i]) + 6;
	return w;
}

static void layout(void *ctx)
{
	struct dialog *d = ctx;
	int w = cn_text_width(d->text) + 6;
	if (w < buttons_width(d) + 4)
		w = buttons_width(d) + 4;
	if (w < 40)
		w = 40;
	if (w > 70)
		w = 70;
	if (w > COLS - 2)
		w = COLS - 2;
	d->width = w;
	d->lines = ui_wrap(d->text, w - 4, NULL, NULL);
	int h = d->lines + 5;
	if (h > ui_rows())
		h = ui_rows();
	ui_window_place(&d->window, h, w, (ui_rows() - h) / 2, (COLS - w) / 2, false);
	d->win = d->window.win;
	if (d->win)
		leaveok(d->win, TRUE);
}

struct line_pos {
	WINDOW *win;
	int y, w;
};

static void put_line(const char *line, int len, void *ctx)
{
	struct line_pos *p = ctx;
	char *s = cn_strndup(line, (size_t)len);
	if (p->y < getmaxy(p->win) - 3)
		ui_put(p->win, p->y++, 2, p->w, s, A_NORMAL, ALIGN_LEFT);
	free(s);
}

static void draw_buttons(struct dialog *d)
{
	int h = getmaxy(d->win);
	int x = (d->width - buttons_width(d)) / 2 + 1;
	for (int i = 0; i < d->n; i++) {
		int lw = cn_text_width(d->labels[i]);
		char *b = cn_sprintf("[ %s ]", d->labels[i]);
		attr_t a = i == d->focus ? ui_attr(S_BUTTON) : A_NORMAL;
		ui_put(d->win, h - 2, x, lw + 4, b, a, ALIGN_LEFT);
		/* Underline the first letter: it chooses the button. */
		size_t first = 1;
		while ((d->labels[i][first] & 0xC0) == 0x80)
			first++;
		char *letter = cn_strndup(d->labels[i], first);
		ui_put(d->win, h - 2, x + 2, 1, letter, a | A_UNDERLINE, ALIGN_LEFT);
		free(letter);
		free(b);
		x += lw + 6;
	}
}

static void draw(void *ctx)
{
	struct dialog *d = ctx;
	werase(d->win);
	ui_box(d->win, d->title);
	struct line_pos p = {d->win, 2, d->width - 4};
	ui_wrap(d->text, d->width - 4, put_line, &p);
	draw_buttons(d);
}

/* The button whose label starts with KEY once diacritics are gone. */
static int hotkey(const struct dialog *d, int key)
{
	if (key & TK_FN || key <= ' ' || key >= 128)
		return -1;
	int k = key | 0x20; /* ASCII lower case */
	for (int i = 0; i < d->n; i++) {
		char *f = cn_text_fold(d->labels[i]);
		bool hit = f[0] == k;
		free(f);
		if (hit)
			return i;
	}
	return -1;
}

int dialog_choose(const char *title, const char *text, const char *const *labels, int n, int def, int cancel)
{
	struct dialog d = {.title = title, .text = text, .labels = labels, .n = n, .focus = def};
	d.layer = (struct ui_layer){.layout = layout, .draw = draw, .ctx = &d, .keyctx = CTX_DIALOG};
	ui_push(&d.layer);
	int result = -2;
	while (result == -2) {
		if (!ui_too_small())
			draw_buttons(&d);
		int key = ui_getkey();
		int hk = hotkey(&d, key);
		if (hk >= 0) {
			result = hk;
			break;
		}
		switch (key == TK_TERMINATE || key == TK_INTERRUPT ? ACT_CANCEL : keys_action(CTX_DIALOG, key)) {
		case ACT_NEXT_BUTTON: d.focus = (d.focus + 1) % n; break;
		case ACT_PREV_BUTTON: d.focus = (d.focus + n - 1) % n; break;
		case ACT_OPEN: result = d.focus; break;
		case ACT_CANCEL: result = cancel; break;
		default: break;
		}
	}
	ui_pop(&d.layer);
	ui_window_free(&d.window);
	return result;
}

bool dialog_confirm(const char *title, const char *text, const char *yes, const char *no)
{
	const char *labels[] = {yes, no};
	return dialog_choose(title, text, labels, 2, 1, 1) == 0;
}

void dialog_alert(const char *title, const char *text)
{
	const char *labels[] = {"Đóng"};
	dialog_choose(title, text, labels, 1, 0, 0);
}

void dialog_refusal(const char *title, const char *msg)
{
	if (cn_text_width(msg) + cn_text_width(title) + 3 <= COLS)
		ui_message(S_ERROR, "%s: %s", title, msg);
	else
		dialog_alert(title, msg);
}
