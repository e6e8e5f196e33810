/* The parts of an official form around a report's table, laid out as
 * Nghị định 30/2020/NĐ-CP has them: the issuing body top left in capitals
 * with a short rule under its name and the "Số: …/BC-…" line; the nation
 * and its motto top right with the place and date; the title and what the
 * report covers; a bold bordered header with numbered columns; the two
 * signatures at the end. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"
#include "cnscd/validate.h"
#include "xlsx_internal.h"

#define LINE_HEIGHT 15.5 /* points per line of 12-point text */

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* "Hòa An, ngày 05 tháng 12 năm 2026" (dots when the place is unknown). */
static char *place_and_date(const cn_report_heading *h)
{
	int y = 0, m = 0, d = 0;
	char today[CN_DATE_LEN];
	cn_date_today(today);
	if (sscanf(h->date && *h->date ? h->date : today, "%d-%d-%d", &y, &m, &d) != 3)
		return cn_strdup("");
	const char *place = h->place && *h->place ? h->place : "..........";
	return cn_sprintf("%s, ngày %02d tháng %02d năm %d", place, d, m, y);
}

/* The short rule under the body's name: a third to a half of the name's
 * length, centred under it. Drawn with underscores, which join into one
 * line in the form's font. */
static char *rule_under(const char *office)
{
	char *up = cn_text_upper(or_empty(office));
	int n = cn_text_width(up) * 3 / 4; /* an underscore is narrower than a capital */
	free(up);
	n = n < 8 ? 8 : n > 30 ? 30 : n;
	char *rule = cn_malloc((size_t)n + 1);
	memset(rule, '_', (size_t)n);
	rule[n] = '\0';
	return rule;
}

void xw_heading(struct xw *x)
{
	const cn_report_heading *h = &x->r->heading;
	int last = x->ncols - 1, right = x->left_last + 1;
	xw_upper_span(x, 0, 0, x->left_last, or_empty(h->office), x->f.office);
	xw_span(x, 0, right, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", x->f.nation);
	if (h->office && *h->office) {
		char *rule = rule_under(h->office);
		xw_span(x, 1, 0, x->left_last, rule, x->f.rule);
		free(rule);
	}
	xw_span(x, 1, right, last, "Độc lập - Tự do - Hạnh phúc", x->f.motto);
	if (h->number && *h->number)
		xw_span(x, 2, 0, x->left_last, h->number, x->f.number);
	char *line = place_and_date(h);
	xw_span(x, 2, right, last, line, x->f.place);
	free(line);
	xw_check(x, worksheet_set_row(x->ws, 4, 24, NULL));
	xw_upper_span(x, 4, 0, last, x->r->title, x->f.title);
	if (x->r->subtitle)
		xw_span(x, 5, 0, last, x->r->subtitle, x->f.subtitle);
	x->row = 7;
	xw_lines(x, 6, x->r->details, x->f.detail);
}

void xw_lines(struct xw *x, lxw_row_t first, char **lines, lxw_format *f)
{
	for (size_t i = 0; lines && lines[i]; i++) {
		xw_span(x, first, 0, x->ncols - 1, lines[i], f);
		x->row = ++first + 1;
	}
}

static bool has_groups(const cn_report_col *cols, int ncols)
{
	for (int c = 0; c < ncols; c++)
		if (cols[c].group)
			return true;
	return false;
}

static bool same_group(const cn_report_col *a, const cn_report_col *b)
{
	return a->group && b->group && strcmp(a->group, b->group) == 0;
}

/* Width a header needs: its longest word (the header wraps). */
static double header_width(const char *s)
{
	int best = 0;
	char *copy = cn_strdup(s), *save = NULL;
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		int cw = cn_text_width(w);
		if (cw > best)
			best = cw;
	}
	free(copy);
	return best + 2;
}

/* The height a header row needs so that TEXT, wrapped in a column of
 * sheet column COL, shows whole (at least MIN points). */
static double wrapped_height(const struct xw *x, int col, const char *text, double min)
{
	double width = x->hints[col] > x->widths[col] ? x->hints[col] : x->widths[col];
	double per_line = width > 4 ? width : 4;
	double h = ceil(cn_text_width(text) / per_line) * LINE_HEIGHT + 6;
	return h > min ? h : min;
}

static void keep_notes(struct xw *x, const cn_report_col *cols, int ncols)
{
	x->notes = cn_reallocarray(x->notes, (size_t)x->nnotes + (size_t)ncols, sizeof *x->notes);
	for (int c = 0; c < ncols; c++)
		x->notes[x->nnotes++] = (struct col_note){cn_sprintf("(%d)", c + 2), cn_col_full_header(&cols[c]),
							  cn_strdup(or_empty(cols[c].note))};
}

/* One or two header rows, then the column numbers "(1)", "(2)", ...
 * Cells of the first row are all written before any merge: a vertical
 * merge touches the second row, which flushes the first. */
void xw_header(struct xw *x, const cn_report_col *cols, int ncols)
{
	bool two = has_groups(cols, ncols);
	lxw_row_t top = x->row, bottom = two ? top + 1 : top;
	for (int c = 0; c < ncols; c++) {
		if (cols[c].width > x->hints[c + 1])
			x->hints[c + 1] = cols[c].width;
		xw_width(x, c + 1, header_width(cols[c].header));
	}
	double top_height = two ? 22 : 36, bottom_height = 36;
	for (int c = 0; c < ncols; c++) {
		if (!two)
			top_height = wrapped_height(x, c + 1, cols[c].header, top_height);
		else if (cols[c].group)
			bottom_height = wrapped_height(x, c + 1, cols[c].header, bottom_height);
		else /* over both rows */
			bottom_height = wrapped_height(x, c + 1, cols[c].header, bottom_height + top_height) - top_height;
	}
	xw_check(x, worksheet_set_row(x->ws, top, top_height, NULL));
	xw_text(x, top, 0, "STT", x->f.header);
	for (int c = 0; c < ncols; c++) {
		const cn_report_col *col = &cols[c];
		bool starts_group = col->group && (c == 0 || !same_group(&cols[c - 1], col));
		if (col->group && !starts_group)
			xw_check(x, worksheet_write_blank(x->ws, top, (lxw_col_t)c + 1, x->f.header));
		else
			xw_text(x, top, c + 1, col->group ? col->group : col->header, x->f.header);
	}
	if (two) {
		for (int c = 0; c < ncols; c++) {
			int end = c;
			while (cols[c].group && end + 1 < ncols && same_group(&cols[c], &cols[end + 1]))
				end++;
			if (end > c)
				xw_span(x, top, c + 1, end + 1, cols[c].group, x->f.header);
			c = end;
		}
		xw_check(x, worksheet_set_row(x->ws, bottom, bottom_height, NULL));
		xw_check(x, worksheet_merge_range(x->ws, top, 0, bottom, 0, "STT", x->f.header));
		for (int c = 0; c < ncols; c++)
			if (!cols[c].group)
				xw_check(x, worksheet_merge_range(x->ws, top, (lxw_col_t)c + 1, bottom, (lxw_col_t)c + 1,
								  xw_safe(x, cols[c].header), x->f.header));
		for (int c = 0; c < ncols; c++)
			if (cols[c].group)
				xw_text(x, bottom, c + 1, cols[c].header, x->f.header);
	}
	lxw_row_t numbers = bottom + 1;
	for (int c = 0; c <= ncols; c++) {
		char label[16];
		snprintf(label, sizeof label, "(%d)", c + 1);
		xw_text(x, numbers, c, label, x->f.colnum);
	}
	x->row = numbers + 1;
	keep_notes(x, cols, ncols);
}

void xw_signatures(struct xw *x)
{
	const cn_report_heading *h = &x->r->heading;
	int last = x->ncols - 1, right = x->left_last + 1;
	lxw_row_t s = x->row + 1;
	const char *signer = h->signer_title && *h->signer_title ? h->signer_title : "THỦ TRƯỞNG ĐƠN VỊ";
	const char *preparer = h->preparer_title && *h->preparer_title ? h->preparer_title : "NGƯỜI LẬP BIỂU";
	xw_upper_span(x, s, 0, x->left_last, preparer, x->f.sign_title);
	xw_upper_span(x, s, right, last, signer, x->f.sign_title);
	xw_span(x, s + 1, 0, x->left_last, "(Ký, ghi rõ họ tên)", x->f.sign_hint);
	xw_span(x, s + 1, right, last, "(Ký, ghi rõ họ tên)", x->f.sign_hint);
	if ((h->preparer_name && *h->preparer_name) || (h->signer_name && *h->signer_name)) {
		xw_span(x, s + 5, 0, x->left_last, or_empty(h->preparer_name), x->f.sign_name);
		xw_span(x, s + 5, right, last, or_empty(h->signer_name), x->f.sign_name);
	}
}
