/* One virtual-scrolling table for every list: it knows only a row count
 * and asks its source for the rows on screen, [top, top + height), so a
 * list of any length costs one screenful. Only what changed is redrawn:
 * moving the cursor repaints two rows. */
#ifndef CNSCD_TUI_TABLE_H
#define CNSCD_TUI_TABLE_H

#include <curses.h>
#include <stdbool.h>

#define TABLE_MAX_COLS 10

struct table_col {
	const char *title;
	int width;  /* columns; 0 for the one flexible column */
	int align;  /* ALIGN_LEFT / ALIGN_RIGHT */
	int order;  /* the list order this column sorts by, or -1 */
};

struct table;

struct table_source {
	long long (*count)(void *ctx);
	/* Makes rows [first, first + n) ready for draw_row; NULL when every
	 * row is in memory already. */
	void (*fetch)(void *ctx, long long first, int n);
	void (*draw_row)(void *ctx, struct table *t, int y, long long index, bool selected);
	/* The current order (for the ▲/▼ in the header), or NULL. */
	int (*order)(void *ctx, bool *descending);
};

struct table {
	const struct table_col *cols;
	int ncols;
	const struct table_source *src;
	void *ctx;
	WINDOW *win;
	int y, x, h, w;   /* the header line (if any), then the rows */
	bool header;
	int col_x[TABLE_MAX_COLS], col_w[TABLE_MAX_COLS];
	long long top, cursor;
	/* What the screen shows now, to redraw only the difference. */
	long long drawn_top, drawn_cursor, drawn_count;
	bool dirty;
};

/* Puts the table in WIN at Y, X with H lines (header included) and W columns. */
void table_place(struct table *t, WINDOW *win, int y, int x, int h, int w);
/* Rows visible at once. */
int table_rows(const struct table *t);
/* Forget what is drawn: the next table_draw repaints every line. */
void table_invalidate(struct table *t);
/* Up, down, page, first, last; false for other actions. */
bool table_move(struct table *t, int action);
void table_goto(struct table *t, long long index);
/* Draws what changed since the last call. */
void table_draw(struct table *t);
/* Helpers for draw_row: the cell of column COL on line Y, and the whole line. */
void table_cell(struct table *t, int y, int col, const char *text, attr_t attr);
void table_fill(struct table *t, int y, attr_t attr);
/* Fills line Y for a row in the cursor's style when SELECTED, else in
 * ATTR; returns the style its cells take. */
attr_t table_row(struct table *t, int y, bool selected, attr_t attr);

#endif
