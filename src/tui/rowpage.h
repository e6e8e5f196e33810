/* A table source for lists too long to hold: the rows on screen and those
 * around them (a page of at most ROW_PAGE_MAX), read from the core again
 * when the table wants rows outside the page. The list's user says how
 * many rows there are, reads a page on request (adding each row with
 * row_page_add, its texts with row_page_text) and draws one row; the page
 * does the keeping, texts included, and lets go of it all at once. */
#ifndef CNSCD_TUI_ROWPAGE_H
#define CNSCD_TUI_ROWPAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "table.h"

#define ROW_PAGE_MAX 200

struct row_page {
	/* Set by the user. */
	size_t row_size;
	/* Reads rows [first, first + n) of the list into the (empty) page
	 * with row_page_add; may set count (a query that tells the total). */
	void (*read)(struct row_page *p, long long first, int n);
	/* Draws ROW (in the page) on line Y. */
	void (*draw_row)(void *ctx, struct table *t, int y, const void *row, bool selected);
	void *ctx;
	long long count; /* rows in the list */
	/* The page: rows [first, first + n). */
	long long first;
	int n;
	char *rows;
	struct row_page_text *texts; /* the rows' texts, in blocks */
};

/* Makes P the source of T. */
void row_page_bind(struct row_page *p, struct table *t);
/* Room for the next row read, zeroed; NULL when the page is full. */
void *row_page_add(struct row_page *p);
/* A copy of TEXT ("" for NULL) that lives as long as the page's rows. */
char *row_page_text(struct row_page *p, const char *text);
/* The row at INDEX, read with its page when not held; NULL past the end
 * or when it could not be read. */
void *row_page_at(struct row_page *p, long long index);
/* Forgets the page and reads rows [first, first + n) anew. */
void row_page_read(struct row_page *p, long long first, int n);
/* Forgets the page (a change: the rows are read again when drawn). */
void row_page_clear(struct row_page *p);
void row_page_free(struct row_page *p);

#endif
