/* The pick list of a form's choice field, on the ncurses menu library. */
#include <stdlib.h>
#include <string.h>

#include <menu.h>

#include "cnscd/text.h"
#include "cnscd/util.h"
#include "formview.h"
#include "keys.h"
#include "ui.h"

#define MAX_ROWS 10

struct choice {
	const char *title;
	const char *const *choices;
	int n, current;
	int want_y, want_x;
	ITEM **items;
	MENU *menu;
	struct ui_window window;
	struct ui_layer layer;
};

static void place(void *ctx)
{
	struct choice *c = ctx;
	if (c->menu) {
		c->current = item_index(current_item(c->menu));
		unpost_menu(c->menu);
		free_menu(c->menu);
		c->menu = NULL;
	}
	int w = cn_text_width(c->title) + 6;
	for (int i = 0; i < c->n; i++)
		if (cn_text_width(c->choices[i]) + 4 > w)
			w = cn_text_width(c->choices[i]) + 4;
	if (w > COLS - 2)
		w = COLS - 2;
	int rows = c->n < MAX_ROWS ? c->n : MAX_ROWS;
	if (rows > ui_rows() - 2)
		rows = ui_rows() - 2;
	int h = rows + 2;
	int y = c->want_y, x = c->want_x;
	if (y + h > ui_rows())
		y = c->want_y - h - 1; /* above the field */
	if (y < 0)
		y = 0;
	if (x + w > COLS)
		x = COLS - w;
	ui_window_place(&c->window, h, w, y, x, true);
	c->menu = new_menu(c->items);
	set_menu_win(c->menu, c->window.win);
	set_menu_sub(c->menu, c->window.inner);
	set_menu_format(c->menu, rows, 1);
	set_menu_mark(c->menu, "");
	set_menu_fore(c->menu, ui_attr(S_SELECTED));
	set_menu_back(c->menu, A_NORMAL);
	set_current_item(c->menu, c->items[c->current]);
	post_menu(c->menu);
}

static void draw(void *ctx)
{
	struct choice *c = ctx;
	ui_box(c->window.win, c->title);
}

/* First choice after the current one that starts with KEY, diacritics aside. */
static int find_letter(struct choice *c, int key)
{
	char want = (char)(key | 0x20);
	for (int k = 1; k <= c->n; k++) {
		int i = (item_index(current_item(c->menu)) + k) % c->n;
		char *f = cn_text_fold(c->choices[i]);
		bool hit = f[0] == want;
		free(f);
		if (hit)
			return i;
	}
	return -1;
}

int choice_run(const char *title, const char *const *choices, int current, int y, int x)
{
	struct choice c = {.title = title, .choices = choices, .current = current, .want_y = y, .want_x = x};
	while (choices[c.n])
		c.n++;
	if (c.n == 0)
		return -1;
	if (c.current < 0 || c.current >= c.n)
		c.current = 0;
	c.items = cn_calloc((size_t)c.n + 1, sizeof *c.items);
	for (int i = 0; i < c.n; i++)
		c.items[i] = new_item(choices[i], "");
	c.layer = (struct ui_layer){.layout = place, .draw = draw, .ctx = &c, .keyctx = CTX_CHOICE};
	ui_push(&c.layer);
	int result = -2;
	while (result == -2) {
		int key = ui_getkey();
		if (key == TK_TERMINATE || key == TK_INTERRUPT) {
			result = -1;
			break;
		}
		if (!(key & TK_FN) && key < 128 && ((key | 0x20) >= 'a' && (key | 0x20) <= 'z')) {
			int i = find_letter(&c, key);
			if (i >= 0)
				set_current_item(c.menu, c.items[i]);
			continue;
		}
		switch (keys_action(CTX_CHOICE, key)) {
		case ACT_UP: menu_driver(c.menu, REQ_UP_ITEM); break;
		case ACT_DOWN: menu_driver(c.menu, REQ_DOWN_ITEM); break;
		case ACT_PAGE_UP: menu_driver(c.menu, REQ_SCR_UPAGE); break;
		case ACT_PAGE_DOWN: menu_driver(c.menu, REQ_SCR_DPAGE); break;
		case ACT_FIRST: menu_driver(c.menu, REQ_FIRST_ITEM); break;
		case ACT_LAST: menu_driver(c.menu, REQ_LAST_ITEM); break;
		case ACT_OPEN: result = item_index(current_item(c.menu)); break;
		case ACT_CANCEL: result = -1; break;
		default: break;
		}
	}
	ui_pop(&c.layer);
	unpost_menu(c.menu);
	free_menu(c.menu);
	for (int i = 0; i < c.n; i++)
		free_item(c.items[i]);
	free(c.items);
	ui_window_free(&c.window);
	return result;
}
