#include "table.h"

#include <stdio.h>
#include <string.h>

#include "cnscd/text.h"
#include "keys.h"
#include "ui.h"

int table_rows(const struct table *t)
{
	int rows = t->h - (t->header ? 1 : 0);
	return rows > 0 ? rows : 0;
}

/* Gives fixed columns their width and the rest to the flexible one; one
 * space between columns. */
static void size_columns(struct table *t)
{
	int fixed = 0, flex = -1;
	for (int i = 0; i < t->ncols; i++) {
		if (t->cols[i].width)
			fixed += t->cols[i].width;
		else
			flex = i;
		if (i)
			fixed++;
	}
	int x = t->x;
	for (int i = 0; i < t->ncols; i++) {
		int w = t->cols[i].width ? t->cols[i].width : t->w - fixed;
		if (i == flex && w < 8)
			w = 8;
		if (x + w > t->x + t->w)
			w = t->x + t->w - x;
		t->col_x[i] = x;
		t->col_w[i] = w > 0 ? w : 0;
		x += w + 1;
	}
}

void table_place(struct table *t, WINDOW *win, int y, int x, int h, int w)
{
	t->win = win;
	t->y = y;
	t->x = x;
	t->h = h;
	t->w = w;
	size_columns(t);
	table_invalidate(t);
}

void table_invalidate(struct table *t)
{
	t->dirty = true;
}

static void clamp(struct table *t)
{
	long long count = t->src->count(t->ctx);
	int rows = table_rows(t);
	if (t->cursor >= count)
		t->cursor = count - 1;
	if (t->cursor < 0)
		t->cursor = 0;
	if (t->top > t->cursor)
		t->top = t->cursor;
	if (rows > 0 && t->cursor >= t->top + rows)
		t->top = t->cursor - rows + 1;
	if (t->top > count - rows)
		t->top = count - rows;
	if (t->top < 0)
		t->top = 0;
}

void table_goto(struct table *t, long long index)
{
	t->cursor = index;
	int rows = table_rows(t);
	/* A jump puts the row in the middle of the screen, with context. */
	if (index < t->top || index >= t->top + rows)
		t->top = index - rows / 2;
	clamp(t);
}

bool table_move(struct table *t, int action)
{
	int page = table_rows(t) > 1 ? table_rows(t) - 1 : 1;
	long long count = t->src->count(t->ctx);
	switch (action) {
	case ACT_UP: t->cursor--; break;
	case ACT_DOWN: t->cursor++; break;
	case ACT_PAGE_UP: t->cursor -= page; t->top -= page; break;
	case ACT_PAGE_DOWN: t->cursor += page; t->top += page; break;
	case ACT_FIRST: t->cursor = 0; break;
	case ACT_LAST: t->cursor = count - 1; break;
	default: return false;
	}
	clamp(t);
	return true;
}

void table_fill(struct table *t, int y, attr_t attr)
{
	wattrset(t->win, attr);
	wmove(t->win, y, t->x);
	for (int i = 0; i < t->w; i++)
		waddch(t->win, ' ');
	wattrset(t->win, A_NORMAL);
}

attr_t table_row(struct table *t, int y, bool selected, attr_t attr)
{
	attr_t a = selected ? ui_attr(S_SELECTED) : attr;
	table_fill(t, y, a);
	return a;
}

void table_cell(struct table *t, int y, int col, const char *text, attr_t attr)
{
	if (col < 0 || col >= t->ncols)
		return;
	ui_put(t->win, y, t->col_x[col], t->col_w[col], text, attr, t->cols[col].align);
}

static void draw_header(struct table *t)
{
	bool desc = false;
	int order = t->src->order ? t->src->order(t->ctx, &desc) : -1;
	table_fill(t, t->y, ui_attr(S_HEADER));
	for (int i = 0; i < t->ncols; i++) {
		char title[96];
		bool sorted = order >= 0 && t->cols[i].order == order;
		snprintf(title, sizeof title, "%s%s", t->cols[i].title, sorted ? (desc ? " ▼" : " ▲") : "");
		table_cell(t, t->y, i, title, ui_attr(S_HEADER) | (sorted ? A_BOLD : 0));
		/* The gap between columns keeps the header's underline. */
		if (i + 1 < t->ncols && t->col_w[i] > 0)
			mvwaddch(t->win, t->y, t->col_x[i] + t->col_w[i], ' ' | ui_attr(S_HEADER));
	}
}

static void draw_line(struct table *t, long long index, long long count)
{
	int y = t->y + (t->header ? 1 : 0) + (int)(index - t->top);
	if (index < count)
		t->src->draw_row(t->ctx, t, y, index, index == t->cursor);
	else
		table_fill(t, y, A_NORMAL);
}

void table_draw(struct table *t)
{
	if (!t->win || t->h <= 0)
		return;
	clamp(t);
	long long count = t->src->count(t->ctx);
	int rows = table_rows(t);
	if (t->src->fetch)
		t->src->fetch(t->ctx, t->top, rows);
	if (t->dirty || t->top != t->drawn_top || count != t->drawn_count) {
		if (t->header)
			draw_header(t);
		for (int i = 0; i < rows; i++)
			draw_line(t, t->top + i, count);
	} else if (t->cursor != t->drawn_cursor) {
		if (t->drawn_cursor >= t->top && t->drawn_cursor < t->top + rows)
			draw_line(t, t->drawn_cursor, count);
		draw_line(t, t->cursor, count);
	}
	t->dirty = false;
	t->drawn_top = t->top;
	t->drawn_cursor = t->cursor;
	t->drawn_count = count;
}
