/* The report as an Excel workbook laid out like an official form: heading
 * block, title, a bold bordered two-row header with STT and column numbers,
 * the rows, totals as formulas, the signature block; print settings for A4;
 * and a second sheet "Ghi chú" saying what each column means.
 *
 * libxlsxwriter runs in constant-memory mode, so rows must be written
 * strictly in order (a row is flushed as soon as a later one is touched)
 * and its temporary files go beside the output file, not to /tmp. Column
 * widths, freeze panes, filter and print settings are stored apart from the
 * cells, so they are set at the end, once the widths are known. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "atomic_file.h"
#include "cnscd/report.h"
#include "cnscd/text.h"
#include "cnscd/validate.h"

#define MAX_CELL_BYTES 32767 /* Excel's limit on the characters in a cell */
#define NOTES_SHEET "Ghi chú"

/* Formats are made once per workbook, never per cell. */
struct formats {
	lxw_format *office, *nation, *motto, *place, *title, *subtitle;
	lxw_format *header, *colnum, *stt, *text, *integer, *percent, *date;
	lxw_format *group, *group_stt, *total_text, *total_int, *total_pct;
	lxw_format *sign_title, *sign_hint, *sign_name, *detail, *closing;
	lxw_format *note_title, *note_label, *note_text, *note_head;
};

struct xw {
	const cn_report *r;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	struct formats f;
	lxw_error error;    /* the first error libxlsxwriter returned */
	int ncols;          /* sheet columns: STT + the report's */
	int left_last;      /* heading block: left part is columns 0..left_last */
	lxw_row_t row;      /* next row to write */
	double *widths;     /* widest content seen per sheet column */
	cn_buf text;        /* scratch for cut or formatted text */
	/* Formula ranges: first data row of the current group and block. */
	lxw_row_t group_first, block_first;
	bool group_has_data, block_has_data, block_has_subtotal;
	int tmp_errno;      /* a failed write to libxlsxwriter's temporary file */
};

static void check(struct xw *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->error == LXW_NO_ERROR)
		x->error = e;
}

static lxw_format *fmt(lxw_workbook *wb, bool bold, bool border, uint8_t align, const char *num)
{
	lxw_format *f = workbook_add_format(wb);
	if (!f)
		return NULL;
	format_set_font_name(f, "Times New Roman");
	format_set_font_size(f, 12);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (align)
		format_set_align(f, align);
	if (bold)
		format_set_bold(f);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	if (num)
		format_set_num_format(f, num);
	return f;
}

static bool make_formats(lxw_workbook *wb, struct formats *f)
{
	f->office = fmt(wb, true, false, LXW_ALIGN_CENTER, NULL);
	f->nation = fmt(wb, true, false, LXW_ALIGN_CENTER, NULL);
	f->motto = fmt(wb, true, false, LXW_ALIGN_CENTER, NULL);
	f->place = fmt(wb, false, false, LXW_ALIGN_CENTER, NULL);
	f->title = fmt(wb, true, false, LXW_ALIGN_CENTER, NULL);
	f->subtitle = fmt(wb, false, false, LXW_ALIGN_CENTER, NULL);
	f->header = fmt(wb, true, true, LXW_ALIGN_CENTER, NULL);
	f->colnum = fmt(wb, false, true, LXW_ALIGN_CENTER, NULL);
	f->stt = fmt(wb, false, true, LXW_ALIGN_CENTER, NULL);
	f->text = fmt(wb, false, true, LXW_ALIGN_LEFT, "@");
	f->integer = fmt(wb, false, true, LXW_ALIGN_RIGHT, "#,##0");
	f->percent = fmt(wb, false, true, LXW_ALIGN_RIGHT, "0.0%");
	f->date = fmt(wb, false, true, LXW_ALIGN_CENTER, "dd/mm/yyyy");
	f->group = fmt(wb, true, true, LXW_ALIGN_LEFT, "@");
	f->group_stt = fmt(wb, true, true, LXW_ALIGN_CENTER, "@");
	f->total_text = fmt(wb, true, true, LXW_ALIGN_CENTER, "@");
	f->total_int = fmt(wb, true, true, LXW_ALIGN_RIGHT, "#,##0");
	f->total_pct = fmt(wb, true, true, LXW_ALIGN_RIGHT, "0.0%");
	f->sign_title = fmt(wb, true, false, LXW_ALIGN_CENTER, NULL);
	f->sign_hint = fmt(wb, false, false, LXW_ALIGN_CENTER, NULL);
	f->sign_name = fmt(wb, true, false, LXW_ALIGN_CENTER, NULL);
	f->note_title = fmt(wb, true, false, LXW_ALIGN_LEFT, NULL);
	f->note_label = fmt(wb, true, false, LXW_ALIGN_LEFT, NULL);
	f->note_text = fmt(wb, false, false, LXW_ALIGN_LEFT, "@");
	f->note_head = fmt(wb, true, true, LXW_ALIGN_CENTER, NULL);
	f->detail = fmt(wb, false, false, LXW_ALIGN_LEFT, "@");
	f->closing = fmt(wb, true, false, LXW_ALIGN_LEFT, "@");
	lxw_format *all[] = {f->detail, f->closing, f->office, f->nation, f->motto, f->place, f->title, f->subtitle, f->header,
			     f->colnum, f->stt, f->text, f->integer, f->percent, f->date, f->group, f->group_stt,
			     f->total_text, f->total_int, f->total_pct, f->sign_title, f->sign_hint,
			     f->sign_name, f->note_title, f->note_label, f->note_text, f->note_head};
	for (size_t i = 0; i < CN_ARRAY_LEN(all); i++)
		if (!all[i])
			return false;
	format_set_underline(f->motto, LXW_UNDERLINE_SINGLE);
	format_set_italic(f->place);
	format_set_font_size(f->title, 14);
	format_set_italic(f->subtitle);
	format_set_text_wrap(f->header);
	format_set_bg_color(f->header, 0xF2F2F2);
	format_set_italic(f->colnum);
	format_set_font_size(f->colnum, 10);
	format_set_italic(f->sign_hint);
	format_set_font_size(f->note_title, 14);
	format_set_text_wrap(f->note_text);
	format_set_align(f->note_text, LXW_ALIGN_VERTICAL_TOP);
	return true;
}

/* TEXT cut to Excel's cell limit without splitting a character (libxlsxwriter
 * would refuse the cell and print a warning). */
static const char *cell_safe(struct xw *x, const char *s)
{
	if (!s)
		return "";
	size_t n = strlen(s);
	if (n <= MAX_CELL_BYTES)
		return s;
	n = MAX_CELL_BYTES;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	cn_buf_clear(&x->text);
	cn_buf_add(&x->text, s, n);
	return cn_buf_str(&x->text);
}

static void note_width(struct xw *x, int col, double w)
{
	if (col < x->ncols && w > x->widths[col])
		x->widths[col] = w;
}

/* Text cells always go through write_string: a name such as "=1+1" stays
 * text, never a formula. */
static void put_text(struct xw *x, lxw_row_t row, int col, const char *s, lxw_format *f)
{
	s = cell_safe(x, s);
	if (!*s) {
		check(x, worksheet_write_blank(x->ws, row, (lxw_col_t)col, f));
		return;
	}
	check(x, worksheet_write_string(x->ws, row, (lxw_col_t)col, s, f));
}

/* Text over columns C1..C2 of ROW (merged when more than one column). */
static void put_span(struct xw *x, lxw_row_t row, int c1, int c2, const char *s, lxw_format *f)
{
	if (c2 <= c1) {
		put_text(x, row, c1, s, f);
		return;
	}
	check(x, worksheet_merge_range(x->ws, row, (lxw_col_t)c1, row, (lxw_col_t)c2, cell_safe(x, s), f));
}

static void put_upper_span(struct xw *x, lxw_row_t row, int c1, int c2, const char *s, lxw_format *f)
{
	char *up = cn_text_upper(s ? s : "");
	put_span(x, row, c1, c2, up, f);
	free(up);
}

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

/* LINES from row FIRST, each over the width of the sheet; the next row
 * to write is the one after a blank row. */
static void write_lines(struct xw *x, lxw_row_t first, char **lines, lxw_format *f)
{
	for (size_t i = 0; lines && lines[i]; i++) {
		put_span(x, first, 0, x->ncols - 1, lines[i], f);
		x->row = ++first + 1;
	}
}

static void write_heading(struct xw *x)
{
	const cn_report_heading *h = &x->r->heading;
	int last = x->ncols - 1, right = x->left_last + 1;
	put_upper_span(x, 0, 0, x->left_last, or_empty(h->office), x->f.office);
	put_span(x, 0, right, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", x->f.nation);
	put_span(x, 1, right, last, "Độc lập - Tự do - Hạnh phúc", x->f.motto);
	char *line = place_and_date(h);
	put_span(x, 2, right, last, line, x->f.place);
	free(line);
	check(x, worksheet_set_row(x->ws, 4, 24, NULL));
	put_upper_span(x, 4, 0, last, x->r->title, x->f.title);
	if (x->r->subtitle)
		put_span(x, 5, 0, last, x->r->subtitle, x->f.subtitle);
	x->row = 7;
	write_lines(x, 6, x->r->details, x->f.detail);
}

static bool has_groups(const cn_report *r)
{
	for (int c = 0; c < r->ncols; c++)
		if (r->cols[c].group)
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

/* One or two header rows, then the column numbers "(1)", "(2)", ...
 * Cells of the first row are all written before any merge: a vertical
 * merge touches the second row, which flushes the first. */
static void write_header(struct xw *x)
{
	const cn_report *r = x->r;
	bool two = has_groups(r);
	lxw_row_t top = x->row, bottom = two ? top + 1 : top;
	check(x, worksheet_set_row(x->ws, top, two ? 22 : 36, NULL));
	put_text(x, top, 0, "STT", x->f.header);
	for (int c = 0; c < r->ncols; c++) {
		const cn_report_col *col = &r->cols[c];
		bool starts_group = col->group && (c == 0 || !same_group(&r->cols[c - 1], col));
		if (col->group && !starts_group)
			check(x, worksheet_write_blank(x->ws, top, (lxw_col_t)c + 1, x->f.header));
		else
			put_text(x, top, c + 1, col->group ? col->group : col->header, x->f.header);
		note_width(x, c + 1, header_width(col->header));
	}
	if (two) {
		for (int c = 0; c < r->ncols; c++) {
			int end = c;
			while (r->cols[c].group && end + 1 < r->ncols && same_group(&r->cols[c], &r->cols[end + 1]))
				end++;
			if (end > c)
				put_span(x, top, c + 1, end + 1, r->cols[c].group, x->f.header);
			c = end;
		}
		check(x, worksheet_set_row(x->ws, bottom, 36, NULL));
		check(x, worksheet_merge_range(x->ws, top, 0, bottom, 0, "STT", x->f.header));
		for (int c = 0; c < r->ncols; c++)
			if (!r->cols[c].group)
				check(x, worksheet_merge_range(x->ws, top, (lxw_col_t)c + 1, bottom, (lxw_col_t)c + 1,
							       cell_safe(x, r->cols[c].header), x->f.header));
		for (int c = 0; c < r->ncols; c++)
			if (r->cols[c].group)
				put_text(x, bottom, c + 1, r->cols[c].header, x->f.header);
	}
	lxw_row_t numbers = bottom + 1;
	for (int c = 0; c < x->ncols; c++) {
		char label[16];
		snprintf(label, sizeof label, "(%d)", c + 1);
		put_text(x, numbers, c, label, x->f.colnum);
	}
	x->row = numbers + 1;
}

static void col_name(int col, char out[8])
{
	lxw_col_to_name(out, (lxw_col_t)col, LXW_FALSE);
}

static void put_number(struct xw *x, int col, double v, lxw_format *f, double width)
{
	check(x, worksheet_write_number(x->ws, x->row, (lxw_col_t)col, v, f));
	note_width(x, col, width);
}

static int digits_width(long long v)
{
	int n = 1;
	for (unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v; u >= 10; u /= 10)
		n++;
	n += v < 0;
	return n + (n - 1) / 3 + 2; /* separators and a margin */
}

/* The N digits at S as a number, or -1. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static void put_date(struct xw *x, int col, const char *iso)
{
	lxw_datetime dt = {0};
	/* The database's dates are yyyy-mm-dd; read without sscanf, which
	 * cost more than libxlsxwriter's writing of the cell. Excel has no
	 * dates before 1900: anything odd is shown as it is. */
	if (iso && strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-') {
		dt.year = digits(iso, 4);
		dt.month = digits(iso + 5, 2);
		dt.day = digits(iso + 8, 2);
	}
	if (dt.year >= 1900 && dt.year <= 9999 && dt.month >= 1 && dt.month <= 12 && dt.day >= 1 && dt.day <= 31) {
		check(x, worksheet_write_datetime(x->ws, x->row, (lxw_col_t)col, &dt, x->f.date));
		note_width(x, col, 12);
	} else {
		put_text(x, x->row, col, iso, x->f.text);
	}
}

static void write_data(struct xw *x, long long stt, const cn_report_cell *cells)
{
	const cn_report *r = x->r;
	if (r->row_height > 0) /* before its cells: a row written is gone in constant memory */
		check(x, worksheet_set_row(x->ws, x->row, r->row_height, NULL));
	put_number(x, 0, (double)stt, x->f.stt, digits_width(stt));
	for (int c = 0; c < r->ncols; c++) {
		const cn_report_col *col = &r->cols[c];
		const cn_report_cell *cell = &cells[c];
		int sc = c + 1;
		double ratio = col->ratio ? cn_report_ratio(col, cells) : cell->ratio;
		switch (col->kind) {
		case CN_COL_INTEGER:
			if (cell->empty)
				check(x, worksheet_write_blank(x->ws, x->row, (lxw_col_t)sc, x->f.integer));
			else
				put_number(x, sc, (double)cell->num, x->f.integer, digits_width(cell->num));
			break;
		case CN_COL_PERCENT:
			if ((cell->empty && !col->ratio) || ratio < 0)
				check(x, worksheet_write_blank(x->ws, x->row, (lxw_col_t)sc, x->f.percent));
			else
				put_number(x, sc, ratio, x->f.percent, 8);
			break;
		case CN_COL_DATE:
			put_date(x, sc, cell->text);
			break;
		default: {
			const char *text = cell_safe(x, cell->text);
			put_text(x, x->row, sc, text, x->f.text);
			/* A text is never wider than its bytes: measure it only
			 * when it could widen the column. */
			if (sc < x->ncols && (double)strlen(text) + 2 > x->widths[sc])
				note_width(x, sc, cn_text_width(text) + 2);
			break;
		}
		}
	}
	if (!x->group_has_data)
		x->group_first = x->row;
	if (!x->block_has_data)
		x->block_first = x->row;
	x->group_has_data = x->block_has_data = true;
}

static void write_group(struct xw *x, const cn_report_row *row)
{
	put_text(x, x->row, 0, row->stt, x->f.group_stt);
	put_span(x, x->row, 1, x->ncols - 1, row->label, x->f.group);
	x->group_has_data = false;
}

/* A subtotal or total row: formulas over the rows above, with the computed
 * values cached for programs that show files without recalculating. */
static void write_sums(struct xw *x, const cn_report_row *row, const cn_report_cell *cells)
{
	const cn_report *r = x->r;
	bool subtotal = row->kind == CN_ROW_SUBTOTAL;
	bool any = subtotal ? x->group_has_data : x->block_has_data;
	lxw_row_t first = subtotal ? x->group_first : x->block_first;
	/* SUBTOTAL(9, …) skips the subtotals inside its range, so a total over
	 * groups with subtotals counts each row once. */
	const char *fn = subtotal || x->block_has_subtotal ? "SUBTOTAL(9," : "SUM(";
	check(x, worksheet_write_blank(x->ws, x->row, 0, x->f.stt));
	for (int c = 0; c < r->ncols; c++) {
		const cn_report_col *col = &r->cols[c];
		lxw_col_t sc = (lxw_col_t)c + 1;
		char name[8], formula[128];
		col_name(c + 1, name);
		if (col->sum && any) {
			snprintf(formula, sizeof formula, "=%s%s%u:%s%u)", fn, name, (unsigned)first + 1, name,
				 (unsigned)x->row);
			check(x, worksheet_write_formula_num(x->ws, x->row, sc, formula, x->f.total_int,
							     (double)cells[c].num));
		} else if (col->sum) {
			check(x, worksheet_write_number(x->ws, x->row, sc, 0, x->f.total_int));
		} else if (col->ratio) {
			char num[8], den[8];
			col_name(col->ratio_num + 1, num);
			col_name(col->ratio_den + 1, den);
			snprintf(formula, sizeof formula, "=IF(%s%u=0,\"\",%s%u/%s%u)", den, (unsigned)x->row + 1, num,
				 (unsigned)x->row + 1, den, (unsigned)x->row + 1);
			double v = cells[c].ratio < 0 ? 0 : cells[c].ratio;
			check(x, worksheet_write_formula_num(x->ws, x->row, sc, formula, x->f.total_pct, v));
		} else {
			check(x, worksheet_write_blank(x->ws, x->row, sc, x->f.total_text));
		}
	}
	/* The label goes in the first column (normally the row's name). */
	if (r->ncols > 0 && !r->cols[0].sum && !r->cols[0].ratio)
		put_text(x, x->row, 1, row->label, x->f.total_text);
	if (subtotal) {
		x->block_has_subtotal = true;
		x->group_has_data = false;
	} else {
		x->block_has_data = x->block_has_subtotal = x->group_has_data = false;
	}
}

/* Two columns of signatures under the table. */
static void write_signatures(struct xw *x)
{
	const cn_report_heading *h = &x->r->heading;
	int last = x->ncols - 1, right = x->left_last + 1;
	lxw_row_t s = x->row + 1;
	const char *signer = h->signer_title && *h->signer_title ? h->signer_title : "THỦ TRƯỞNG ĐƠN VỊ";
	const char *preparer = h->preparer_title && *h->preparer_title ? h->preparer_title : "NGƯỜI LẬP BIỂU";
	put_upper_span(x, s, 0, x->left_last, preparer, x->f.sign_title);
	put_upper_span(x, s, right, last, signer, x->f.sign_title);
	put_span(x, s + 1, 0, x->left_last, "(Ký, ghi rõ họ tên)", x->f.sign_hint);
	put_span(x, s + 1, right, last, "(Ký, ghi rõ họ tên)", x->f.sign_hint);
	if ((h->preparer_name && *h->preparer_name) || (h->signer_name && *h->signer_name)) {
		put_span(x, s + 5, 0, x->left_last, or_empty(h->preparer_name), x->f.sign_name);
		put_span(x, s + 5, right, last, or_empty(h->signer_name), x->f.sign_name);
	}
}

/* Widths, page setup, frozen header: all stored apart from the rows. */
static void finish_sheet(struct xw *x, lxw_row_t header_top, lxw_row_t numbers)
{
	double total = 0;
	for (int c = 0; c < x->ncols; c++) {
		double w = x->widths[c];
		int hint = c == 0 ? 5 : x->r->cols[c - 1].width;
		if (w < hint)
			w = hint;
		if (w < 5)
			w = 5;
		if (w > 60)
			w = 60;
		total += w;
		check(x, worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL));
	}
	worksheet_set_paper(x->ws, 9); /* A4 */
	if (total > 95)
		worksheet_set_landscape(x->ws);
	else
		worksheet_set_portrait(x->ws);
	worksheet_fit_to_pages(x->ws, 1, 0);
	worksheet_set_margins(x->ws, 0.5, 0.5, 0.6, 0.6);
	worksheet_center_horizontally(x->ws);
	check(x, worksheet_set_footer(x->ws, "&CTrang &P/&N"));
	check(x, worksheet_repeat_rows(x->ws, header_top, numbers));
	worksheet_freeze_panes(x->ws, numbers + 1, 0);
}

/* Returns the row after the last one written. */
static lxw_row_t write_notes_sheet(struct xw *x, lxw_worksheet *ws)
{
	const cn_report *r = x->r;
	lxw_worksheet *main = x->ws;
	x->ws = ws;
	check(x, worksheet_set_column(ws, 0, 0, 18, NULL));
	check(x, worksheet_set_column(ws, 1, 1, 30, NULL));
	check(x, worksheet_set_column(ws, 2, 2, 80, NULL));
	put_text(x, 0, 0, "Ghi chú", x->f.note_title);
	const char *labels[] = {"Báo cáo", "Đơn vị, kỳ báo cáo", "Lập lúc", "Từ cơ sở dữ liệu", "Chương trình"};
	const char *values[] = {r->title, r->subtitle, r->made_at, r->source,
				"cnscd – quản lý Tổ công nghệ số cộng đồng"};
	lxw_row_t row = 2;
	for (size_t i = 0; i < CN_ARRAY_LEN(labels); i++, row++) {
		put_text(x, row, 0, labels[i], x->f.note_label);
		put_span(x, row, 1, 2, or_empty(values[i]), x->f.note_text);
	}
	row++;
	put_text(x, row, 0, "Cột", x->f.note_head);
	put_text(x, row, 1, "Tên cột", x->f.note_head);
	put_text(x, row, 2, "Ý nghĩa", x->f.note_head);
	row++;
	put_text(x, row, 0, "(1)", x->f.stt);
	put_text(x, row, 1, "STT", x->f.text);
	put_text(x, row, 2, "Số thứ tự của dòng (đánh lại từ 1 trong mỗi phần)", x->f.text);
	row++;
	for (int c = 0; c < r->ncols; c++, row++) {
		char label[16];
		snprintf(label, sizeof label, "(%d)", c + 2);
		char *head = cn_col_full_header(&r->cols[c]);
		put_text(x, row, 0, label, x->f.stt);
		put_text(x, row, 1, head, x->f.text);
		put_text(x, row, 2, or_empty(r->cols[c].note), x->f.text);
		free(head);
	}
	row++;
	for (size_t i = 0; r->notes && r->notes[i]; i++, row++)
		put_span(x, row, 0, 2, r->notes[i], x->f.note_text);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	x->ws = main;
	return row;
}

/* Excel's rules for sheet names: at most 31 characters, none of []:*?/\,
 * not starting or ending with an apostrophe. */
static char *sheet_name(const char *want)
{
	cn_buf b = {0};
	int chars = 0;
	for (const char *p = want ? want : ""; *p && chars < 31;) {
		size_t n = 1;
		while (((unsigned char)p[n] & 0xC0) == 0x80)
			n++;
		if (n == 1 && strchr("[]:*?/\\", *p))
			cn_buf_addc(&b, '-');
		else
			cn_buf_add(&b, p, n);
		p += n;
		chars++;
	}
	char *s = cn_buf_steal(&b);
	while (s[0] == '\'')
		memmove(s, s + 1, strlen(s));
	size_t len = strlen(s);
	while (len > 0 && s[len - 1] == '\'')
		s[--len] = '\0';
	if (!*s || strcmp(s, NOTES_SHEET) == 0) {
		free(s);
		s = cn_strdup("Báo cáo");
	}
	return s;
}

static const char *lxw_reason(lxw_error e)
{
	switch (e) {
	case LXW_ERROR_MEMORY_MALLOC_FAILED:
		return "hết bộ nhớ";
	case LXW_ERROR_CREATING_XLSX_FILE:
		return "không tạo được tệp";
	case LXW_ERROR_CREATING_TMPFILE:
	case LXW_ERROR_READING_TMPFILE:
		return "không ghi/đọc được tệp tạm trong thư mục đích (ổ đĩa đầy hoặc không cho ghi?)";
	case LXW_ERROR_ZIP_FILE_OPERATION:
	case LXW_ERROR_ZIP_PARAMETER_ERROR:
	case LXW_ERROR_ZIP_BAD_ZIP_FILE:
	case LXW_ERROR_ZIP_INTERNAL_ERROR:
	case LXW_ERROR_ZIP_FILE_ADD:
	case LXW_ERROR_ZIP_CLOSE:
		return "lỗi khi nén tệp Excel (ổ đĩa đầy?)";
	case LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED:
	case LXW_ERROR_INVALID_SHEETNAME_CHARACTER:
	case LXW_ERROR_SHEETNAME_START_END_APOSTROPHE:
	case LXW_ERROR_SHEETNAME_ALREADY_USED:
		return "tên trang tính không hợp lệ";
	case LXW_ERROR_32_STRING_LENGTH_EXCEEDED:
	case LXW_ERROR_128_STRING_LENGTH_EXCEEDED:
	case LXW_ERROR_255_STRING_LENGTH_EXCEEDED:
	case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
		return "một ô có nội dung quá dài";
	case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
		return "báo cáo vượt quá số dòng hoặc số cột tối đa của Excel";
	default:
		return "lỗi của thư viện ghi Excel";
	}
}

static int xlsx_fail(cn_error *err, lxw_error e, const char *path)
{
	return cn_fail(err, CN_EIO, "Không ghi được tệp Excel «%s»: %s (%s)", path, lxw_reason(e), lxw_strerror(e));
}

/* In constant-memory mode libxlsxwriter writes each finished row to its
 * temporary file without checking the result: on a full disk the rows are
 * lost silently and the zip made from what is left may still "succeed". So
 * the stream's error flag is checked here: the errno of the failure, or 0. */
static int tmpfile_errno(lxw_worksheet *ws)
{
	FILE *f = ws->optimize_tmpfile;
	if (!f)
		return 0;
	errno = 0;
	if (fflush(f) != 0 || ferror(f))
		return errno ? errno : EIO;
	return 0;
}

/* workbook_close prints its errors on stderr, which would scribble over the
 * TUI's screen: the caller reports them, in Vietnamese, instead. */
static lxw_error close_quietly(lxw_workbook *wb)
{
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	int null = open("/dev/null", O_WRONLY);
	if (saved >= 0 && null >= 0)
		dup2(null, STDERR_FILENO);
	if (null >= 0)
		close(null);
	lxw_error e = workbook_close(wb);
	int close_errno = errno;
	if (saved >= 0) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	errno = close_errno;
	return e;
}

/* Streams the rows into the main sheet, under the column numbers in row
 * NUMBERS. Returns CN_OK or the source's error. */
static int write_rows(struct xw *x, lxw_row_t numbers, cn_error *err)
{
	cn_row_walk w;
	cn_row_walk_init(&w, x->r);
	cn_report_row row;
	int rc;
	while ((rc = cn_row_walk_next(&w, (cn_report *)x->r, &row, err)) == 1) {
		if (x->row >= LXW_ROW_MAX - 8) {
			rc = cn_fail(err, CN_EINVAL, "Báo cáo quá dài cho một trang tính Excel (tối đa %d dòng)",
				     LXW_ROW_MAX);
			break;
		}
		if (row.kind == CN_ROW_DATA)
			write_data(x, w.stt, w.cells);
		else if (row.kind == CN_ROW_GROUP)
			write_group(x, &row);
		else
			write_sums(x, &row, w.cells);
		/* The filter covers all but a final total. It is set while its last
		 * row is still the current one: in constant-memory mode it cannot
		 * end on a row already flushed. */
		if (row.kind != CN_ROW_TOTAL)
			check(x, worksheet_autofilter(x->ws, numbers, 0, x->row, (lxw_col_t)x->ncols - 1));
		x->row++;
		if (x->error)
			break;
		if (x->row % 4096 == 0 && (x->tmp_errno = tmpfile_errno(x->ws)) != 0)
			break;
	}
	cn_row_walk_free(&w);
	return rc < 0 ? rc : CN_OK;
}

int cn_report_write_xlsx(cn_report *r, const char *path, cn_error *err)
{
	cn_atomic_file a;
	int rc = cn_atomic_open(&a, path, err);
	if (rc != CN_OK)
		return rc;
	struct xw x = {.r = r, .ncols = r->ncols + 1};
	x.widths = cn_calloc((size_t)x.ncols, sizeof *x.widths);
	x.left_last = x.ncols * 2 / 5 - 1;
	if (x.left_last < 0)
		x.left_last = 0;
	if (x.left_last >= x.ncols - 1)
		x.left_last = x.ncols - 2 < 0 ? 0 : x.ncols - 2;
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = a.scratch};
	x.wb = workbook_new_opt(a.tmp_path, &opt);
	char *name = sheet_name(r->sheet_name);
	if (!x.wb || !make_formats(x.wb, &x.f)) {
		rc = xlsx_fail(err, LXW_ERROR_MEMORY_MALLOC_FAILED, path);
		goto fail;
	}
	lxw_error e = workbook_validate_sheet_name(x.wb, name);
	if (e != LXW_NO_ERROR) {
		rc = xlsx_fail(err, e, path);
		goto fail;
	}
	x.ws = workbook_add_worksheet(x.wb, name);
	lxw_worksheet *notes = workbook_add_worksheet(x.wb, NOTES_SHEET);
	if (!x.ws || !notes) {
		rc = xlsx_fail(err, LXW_ERROR_MEMORY_MALLOC_FAILED, path);
		goto fail;
	}
	lxw_doc_properties props = {.title = r->title, .subject = r->subtitle, .author = "cnscd",
				    .comments = r->source};
	check(&x, workbook_set_properties(x.wb, &props));

	write_heading(&x);
	lxw_row_t header_top = x.row;
	write_header(&x);
	lxw_row_t numbers = x.row - 1;
	if ((rc = write_rows(&x, numbers, err)) != CN_OK)
		goto fail;
	write_lines(&x, x.row + 1, r->closing, x.f.closing);
	write_signatures(&x);
	finish_sheet(&x, header_top, numbers);
	lxw_row_t notes_end = write_notes_sheet(&x, notes);
	/* Touching the row after the last one flushes it to the temporary file. */
	check(&x, worksheet_set_row(x.ws, x.row + 8, LXW_DEF_ROW_HEIGHT, NULL));
	check(&x, worksheet_set_row(notes, notes_end + 1, LXW_DEF_ROW_HEIGHT, NULL));
	if (!x.tmp_errno)
		x.tmp_errno = tmpfile_errno(x.ws);
	if (!x.tmp_errno)
		x.tmp_errno = tmpfile_errno(notes);
	if (x.tmp_errno) {
		rc = cn_file_fail(err, x.tmp_errno, path);
		goto fail;
	}
	if (x.error) {
		rc = xlsx_fail(err, x.error, path);
		goto fail;
	}
	errno = 0;
	e = close_quietly(x.wb); /* frees the workbook, even on error */
	x.wb = NULL;
	if (e != LXW_NO_ERROR) {
		int saved = errno;
		if (saved == ENOSPC || saved == EDQUOT || saved == EFBIG)
			rc = cn_file_fail(err, saved, path);
		else
			rc = xlsx_fail(err, e, path);
		goto fail;
	}
	free(name);
	free(x.widths);
	cn_buf_free(&x.text);
	return cn_atomic_commit(&a, err);
fail:
	if (x.wb) /* closing writes a file we then remove: the only way to free it */
		close_quietly(x.wb);
	free(name);
	free(x.widths);
	cn_buf_free(&x.text);
	cn_atomic_abort(&a);
	return rc;
}
