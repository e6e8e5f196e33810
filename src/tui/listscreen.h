/* A full-screen list in the generic table: the title bar, a breadcrumb,
 * the table, and the loop that hands each key's action to the screen.
 * The catalogue screens (indicators, targets) are built on it. */
#ifndef CNSCD_TUI_LISTSCREEN_H
#define CNSCD_TUI_LISTSCREEN_H

#include <panel.h>
#include <stdbool.h>

#include "table.h"
#include "ui.h"

struct list_screen {
	const char *title;  /* top right, and the help screen's name */
	char *crumb;        /* the second line; owned by the screen's user */
	const char *empty;  /* shown when the table has no rows */
	unsigned keyctx;
	struct table table; /* cols and ncols set by the user */
	/* The rows, held by the user: these screens list tens of rows, read
	 * whole after each change. */
	int nrows;
	void (*draw_row)(struct list_screen *s, struct table *t, int y, int index, bool selected);
	/* ACTION (not a move, not help); false closes the screen. */
	bool (*handle)(struct list_screen *s, int action);
	/* Sets the info line for the row under the cursor (NULL: none). */
	void (*info)(struct list_screen *s);
	void *ctx;
	WINDOW *win;
	PANEL *panel;
	struct ui_layer layer;
};

/* Runs S until its handler returns false. */
void list_screen_run(struct list_screen *s);
/* The row under the cursor, or -1 when there are none. */
int list_screen_cursor(const struct list_screen *s);
/* Fills line Y for a row (SELECTED, or dimmed when not ACTIVE); returns
 * the attribute its cells take. */
attr_t list_screen_fill(struct table *t, int y, bool selected, bool active);

#endif
