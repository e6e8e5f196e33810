#include "rowpage.h"

#include <stdlib.h>
#include <string.h>

#include "cnscd/util.h"
#include "ui.h"

#define TEXT_BLOCK 8192

/* A block of the page's texts: a page's rows copy their texts in a few
 * blocks, freed together, rather than in a malloc each. */
struct row_page_text {
	struct row_page_text *next;
	size_t used, size;
	char text[];
};

char *row_page_text(struct row_page *p, const char *text)
{
	text = text ? text : "";
	size_t len = strlen(text) + 1;
	struct row_page_text *b = p->texts;
	if (!b || b->size - b->used < len) {
		size_t size = len > TEXT_BLOCK ? len : TEXT_BLOCK;
		b = cn_malloc(sizeof *b + size);
		*b = (struct row_page_text){.next = p->texts, .size = size};
		p->texts = b;
	}
	char *copy = b->text + b->used;
	memcpy(copy, text, len);
	b->used += len;
	return copy;
}

void *row_page_add(struct row_page *p)
{
	if (p->n >= ROW_PAGE_MAX)
		return NULL;
	if (!p->rows)
		p->rows = cn_calloc(ROW_PAGE_MAX, p->row_size);
	void *row = p->rows + (size_t)p->n++ * p->row_size;
	memset(row, 0, p->row_size);
	return row;
}

void row_page_clear(struct row_page *p)
{
	while (p->texts) {
		struct row_page_text *next = p->texts->next;
		free(p->texts);
		p->texts = next;
	}
	p->n = 0;
}

void row_page_free(struct row_page *p)
{
	row_page_clear(p);
	free(p->rows);
	p->rows = NULL;
}

void row_page_read(struct row_page *p, long long first, int n)
{
	row_page_clear(p);
	p->first = first;
	p->read(p, first, n > ROW_PAGE_MAX ? ROW_PAGE_MAX : n);
}

static long long count(void *ctx) { return ((struct row_page *)ctx)->count; }

static bool held(const struct row_page *p, long long first, long long end)
{
	return first >= p->first && end <= p->first + p->n;
}

static void fetch(void *ctx, long long first, int n)
{
	struct row_page *p = ctx;
	if (n > ROW_PAGE_MAX)
		n = ROW_PAGE_MAX;
	long long end = first + n < p->count ? first + n : p->count;
	if (end > first && !held(p, first, end))
		row_page_read(p, first, n);
}

void *row_page_at(struct row_page *p, long long index)
{
	if (index < 0 || index >= p->count)
		return NULL;
	if (!held(p, index, index + 1))
		fetch(p, index, ROW_PAGE_MAX);
	return held(p, index, index + 1) ? p->rows + (size_t)(index - p->first) * p->row_size : NULL;
}

static void draw_row(void *ctx, struct table *t, int y, long long index, bool selected)
{
	struct row_page *p = ctx;
	const void *row = row_page_at(p, index);
	if (row)
		p->draw_row(p->ctx, t, y, row, selected);
	else /* not read (a database error): the line stays blank */
		table_row(t, y, selected, A_NORMAL);
}

static const struct table_source source = {count, fetch, draw_row, NULL};

void row_page_bind(struct row_page *p, struct table *t)
{
	t->src = &source;
	t->ctx = p;
}
