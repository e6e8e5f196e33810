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

#include "cnscd/atomic_file.h"
#include "cnscd/os.h"
#include "cnscd/report.h"
#include "cnscd/text.h"
#include "cnscd/validate.h"
#include "xlsx_internal.h"

#define MAX_CELL_BYTES 32767 /* Excel's limit on the characters in a cell */
#define NOTES_SHEET "Ghi chú"

void xw_check(struct xw *x, lxw_error e)
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
	f->number = fmt(wb, false, false, LXW_ALIGN_CENTER, NULL);
	f->rule = fmt(wb, true, false, LXW_ALIGN_CENTER, NULL);
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
	lxw_format *all[] = {f->detail, f->closing, f->office, f->nation, f->motto, f->place, f->title, f->subtitle, f->number, f->rule, f->header,
			     f->colnum, f->stt, f->text, f->integer, f->percent, f->date, f->group, f->group_stt,
			     f->total_text, f->total_int, f->total_pct, f->sign_title, f->sign_hint,
			     f->sign_name, f->note_title, f->note_label, f->note_text, f->note_head};
	for (size_t i = 0; i < CN_ARRAY_LEN(all); i++)
		if (!all[i])
			return false;
	format_set_underline(f->motto, LXW_UNDERLINE_SINGLE);
	format_set_align(f->rule, LXW_ALIGN_VERTICAL_TOP);
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

const char *xw_safe(struct xw *x, const char *s)
{
	if (!s)
		return "";
	if ((x->safe.data && s == x->safe.data) || (x->text.data && s == x->text.data))
		return s; /* made safe already */
	size_t n = strlen(s);
	cn_buf_clear(&x->safe);
	if (cn_text_escape_hidden(&x->safe, s, n)) {
		s = cn_buf_str(&x->safe);
		n = x->safe.len;
	}
	if (n <= MAX_CELL_BYTES)
		return s;
	n = MAX_CELL_BYTES;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	cn_buf_clear(&x->text);
	cn_buf_add(&x->text, s, n);
	return cn_buf_str(&x->text);
}

void xw_width(struct xw *x, int col, double w)
{
	if (col < x->ncols && w > x->widths[col])
		x->widths[col] = w;
}

void xw_text(struct xw *x, lxw_row_t row, int col, const char *s, lxw_format *f)
{
	s = xw_safe(x, s);
	if (!*s) {
		xw_check(x, worksheet_write_blank(x->ws, row, (lxw_col_t)col, f));
		return;
	}
	xw_check(x, worksheet_write_string(x->ws, row, (lxw_col_t)col, s, f));
}

void xw_span(struct xw *x, lxw_row_t row, int c1, int c2, const char *s, lxw_format *f)
{
	if (c2 <= c1) {
		xw_text(x, row, c1, s, f);
		return;
	}
	xw_check(x, worksheet_merge_range(x->ws, row, (lxw_col_t)c1, row, (lxw_col_t)c2, xw_safe(x, s), f));
}

void xw_upper_span(struct xw *x, lxw_row_t row, int c1, int c2, const char *s, lxw_format *f)
{
	char *up = cn_text_upper(s ? s : "");
	xw_span(x, row, c1, c2, up, f);
	free(up);
}

static void col_name(int col, char out[8])
{
	lxw_col_to_name(out, (lxw_col_t)col, LXW_FALSE);
}

static void put_number(struct xw *x, int col, double v, lxw_format *f, double width)
{
	xw_check(x, worksheet_write_number(x->ws, x->row, (lxw_col_t)col, v, f));
	xw_width(x, col, width);
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
		xw_check(x, worksheet_write_datetime(x->ws, x->row, (lxw_col_t)col, &dt, x->f.date));
		xw_width(x, col, 12);
	} else {
		xw_text(x, x->row, col, iso, x->f.text);
	}
}

/* A row-sum column's cell: SUM over its columns of this row, with the sum. */
static void put_row_sum(struct xw *x, int sc, const cn_report_col *col, const cn_report_cell *cells)
{
	char first[8], last[8], formula[64];
	col_name(col->sum_first + 1, first);
	col_name(col->sum_last + 1, last);
	snprintf(formula, sizeof formula, "=SUM(%s%u:%s%u)", first, (unsigned)x->row + 1, last, (unsigned)x->row + 1);
	long long v = cn_report_row_sum(col, cells);
	xw_check(x, worksheet_write_formula_num(x->ws, x->row, (lxw_col_t)sc, formula, x->f.integer, (double)v));
	xw_width(x, sc, digits_width(v));
}

static void write_data(struct xw *x, long long stt, const cn_report_cell *cells)
{
	if (x->r->row_height > 0) /* before its cells: a row written is gone in constant memory */
		xw_check(x, worksheet_set_row(x->ws, x->row, x->r->row_height, NULL));
	put_number(x, 0, (double)stt, x->f.stt, digits_width(stt));
	for (int c = 0; c < x->tcols; c++) {
		const cn_report_col *col = &x->cols[c];
		const cn_report_cell *cell = &cells[c];
		int sc = c + 1;
		double ratio;
		switch (col->kind) {
		case CN_COL_INTEGER:
			if (col->row_sum)
				put_row_sum(x, sc, col, cells);
			else if (cell->empty)
				xw_check(x, worksheet_write_blank(x->ws, x->row, (lxw_col_t)sc, x->f.integer));
			else
				put_number(x, sc, (double)cell->num, x->f.integer, digits_width(cell->num));
			break;
		case CN_COL_PERCENT:
			if (!cn_report_percent(col, cell, cells, &ratio))
				xw_check(x, worksheet_write_blank(x->ws, x->row, (lxw_col_t)sc, x->f.percent));
			else
				put_number(x, sc, ratio, x->f.percent, 8);
			break;
		case CN_COL_DATE:
			put_date(x, sc, cell->text);
			break;
		default: {
			const char *text = xw_safe(x, cell->text);
			xw_text(x, x->row, sc, text, x->f.text);
			/* A text is never wider than its bytes: measure it only
			 * when it could widen the column. */
			if (sc < x->ncols && (double)strlen(text) + 2 > x->widths[sc])
				xw_width(x, sc, cn_text_width(text) + 2);
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
	xw_text(x, x->row, 0, row->stt, x->f.group_stt);
	xw_span(x, x->row, 1, x->ncols - 1, row->label, x->f.group);
	x->group_has_data = false;
}

/* A table of its own: a blank row, its heading, its header. */
static void write_table(struct xw *x, const cn_report_row *row)
{
	x->row++;
	write_group(x, row);
	x->row++;
	x->cols = row->cols;
	x->tcols = row->ncols;
	x->notes = cn_reallocarray(x->notes, (size_t)x->nnotes + 1, sizeof *x->notes);
	x->notes[x->nnotes++] = (struct col_note){NULL, cn_sprintf("%s%s%s", row->stt ? row->stt : "",
								    row->stt ? ". " : "", row->label ? row->label : ""),
						   NULL};
	xw_header(x, row->cols, row->ncols);
	x->row--; /* the caller moves past the row written */
	x->group_has_data = x->block_has_data = x->block_has_subtotal = false;
	x->total_row = x->plain_row = 0;
}

/* The label of a computed row, where cn_row_label puts it. */
static void put_label(struct xw *x, const cn_report_row *row)
{
	const char *label = cn_row_label(row, x->cols, x->tcols);
	if (label)
		xw_text(x, x->row, 1, label, x->f.total_text);
}

/* A subtotal or total row: formulas over the rows above, with the computed
 * values cached for programs that show files without recalculating. */
static void write_sums(struct xw *x, const cn_report_row *row, const cn_report_cell *cells)
{
	bool subtotal = row->kind == CN_ROW_SUBTOTAL;
	bool any = subtotal ? x->group_has_data : x->block_has_data;
	lxw_row_t first = subtotal ? x->group_first : x->block_first;
	/* SUBTOTAL(9, …) skips the subtotals inside its range, so a total over
	 * groups with subtotals counts each row once. */
	const char *fn = subtotal || x->block_has_subtotal ? "SUBTOTAL(9," : "SUM(";
	xw_check(x, worksheet_write_blank(x->ws, x->row, 0, x->f.stt));
	for (int c = 0; c < x->tcols; c++) {
		const cn_report_col *col = &x->cols[c];
		lxw_col_t sc = (lxw_col_t)c + 1;
		char name[8], formula[128];
		col_name(c + 1, name);
		if (col->sum && any) {
			snprintf(formula, sizeof formula, "=%s%s%u:%s%u)", fn, name, (unsigned)first + 1, name,
				 (unsigned)x->row);
			xw_check(x, worksheet_write_formula_num(x->ws, x->row, sc, formula, x->f.total_int,
							     (double)cells[c].num));
		} else if (col->sum) {
			xw_check(x, worksheet_write_number(x->ws, x->row, sc, 0, x->f.total_int));
		} else if (col->ratio) {
			char num[8], den[8];
			col_name(col->ratio_num + 1, num);
			col_name(col->ratio_den + 1, den);
			snprintf(formula, sizeof formula, "=IF(%s%u=0,\"\",%s%u/%s%u)", den, (unsigned)x->row + 1, num,
				 (unsigned)x->row + 1, den, (unsigned)x->row + 1);
			double v = cells[c].ratio < 0 ? 0 : cells[c].ratio;
			xw_check(x, worksheet_write_formula_num(x->ws, x->row, sc, formula, x->f.total_pct, v));
		} else if (col->kind == CN_COL_TEXT && cells[c].text) {
			xw_text(x, x->row, (int)sc, xw_safe(x, cells[c].text), x->f.total_text);
		} else {
			xw_check(x, worksheet_write_blank(x->ws, x->row, sc, x->f.total_text));
		}
	}
	put_label(x, row);
	if (subtotal) {
		x->block_has_subtotal = true;
		x->group_has_data = false;
	} else {
		x->block_has_data = x->block_has_subtotal = x->group_has_data = false;
		x->total_row = x->row + 1;
	}
}

/* A row of the source's own figures under a total ("Chỉ tiêu giao"). */
static void write_plain(struct xw *x, const cn_report_row *row, const cn_report_cell *cells)
{
	xw_check(x, worksheet_write_blank(x->ws, x->row, 0, x->f.stt));
	for (int c = 0; c < x->tcols; c++) {
		lxw_col_t sc = (lxw_col_t)c + 1;
		if (x->cols[c].kind == CN_COL_INTEGER && !cells[c].empty)
			xw_check(x, worksheet_write_number(x->ws, x->row, sc, (double)cells[c].num, x->f.total_int));
		else if (x->cols[c].kind == CN_COL_TEXT && cells[c].text)
			xw_text(x, x->row, (int)sc, xw_safe(x, cells[c].text), x->f.total_text);
		else
			xw_check(x, worksheet_write_blank(x->ws, x->row, sc, x->f.total_text));
	}
	put_label(x, row);
	x->plain_row = x->row + 1;
}

/* The last total over the last plain row, column by column: formulas. */
static void write_ratio(struct xw *x, const cn_report_row *row, const cn_report_cell *cells)
{
	xw_check(x, worksheet_write_blank(x->ws, x->row, 0, x->f.stt));
	for (int c = 0; c < x->tcols; c++) {
		lxw_col_t sc = (lxw_col_t)c + 1;
		char name[8], formula[96];
		col_name(c + 1, name);
		if (x->cols[c].sum && x->total_row && x->plain_row && !cells[c].empty) {
			snprintf(formula, sizeof formula, "=IF(N(%s%u)=0,\"\",%s%u/%s%u)", name, (unsigned)x->plain_row, name,
				 (unsigned)x->total_row, name, (unsigned)x->plain_row);
			xw_check(x, worksheet_write_formula_num(x->ws, x->row, sc, formula, x->f.total_pct, cells[c].ratio));
		} else {
			xw_check(x, worksheet_write_blank(x->ws, x->row, sc, x->f.total_pct));
		}
	}
	put_label(x, row);
}

/* Widths, page setup, frozen header: all stored apart from the rows. */
static void finish_sheet(struct xw *x, lxw_row_t header_top, lxw_row_t numbers)
{
	double total = 0;
	for (int c = 0; c < x->ncols; c++) {
		double w = x->widths[c];
		double hint = c == 0 ? 5 : x->hints[c];
		if (w < hint)
			w = hint;
		if (w < 5)
			w = 5;
		if (w > 60)
			w = 60;
		total += w;
		xw_check(x, worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL));
	}
	worksheet_set_paper(x->ws, 9); /* A4 */
	if (total > 95)
		worksheet_set_landscape(x->ws);
	else
		worksheet_set_portrait(x->ws);
	worksheet_fit_to_pages(x->ws, 1, 0);
	worksheet_set_margins(x->ws, 0.5, 0.5, 0.6, 0.6);
	worksheet_center_horizontally(x->ws);
	xw_check(x, worksheet_set_footer(x->ws, "&CTrang &P/&N"));
	/* With tables of their own below, the first header would stand over
	 * rows it does not name. */
	if (!x->r->max_cols) {
		xw_check(x, worksheet_repeat_rows(x->ws, header_top, numbers));
		worksheet_freeze_panes(x->ws, numbers + 1, 0);
	}
}

/* Returns the row after the last one written. */
static lxw_row_t write_notes_sheet(struct xw *x, lxw_worksheet *ws)
{
	const cn_report *r = x->r;
	lxw_worksheet *main = x->ws;
	x->ws = ws;
	xw_check(x, worksheet_set_column(ws, 0, 0, 18, NULL));
	xw_check(x, worksheet_set_column(ws, 1, 1, 30, NULL));
	xw_check(x, worksheet_set_column(ws, 2, 2, 80, NULL));
	xw_text(x, 0, 0, "Ghi chú", x->f.note_title);
	/* No file path: the workbook is sent upward, and where the office
	 * keeps its data is nobody's business there. */
	const char *labels[] = {"Báo cáo", "Đơn vị, kỳ báo cáo", "Lập lúc", "Chương trình"};
	const char *values[] = {r->title, r->subtitle, r->made_at, "cnscd – quản lý Tổ công nghệ số cộng đồng"};
	lxw_row_t row = 2;
	for (size_t i = 0; i < CN_ARRAY_LEN(labels); i++, row++) {
		xw_text(x, row, 0, labels[i], x->f.note_label);
		xw_span(x, row, 1, 2, values[i] ? values[i] : "", x->f.note_text);
	}
	row++;
	xw_text(x, row, 0, "Cột", x->f.note_head);
	xw_text(x, row, 1, "Tên cột", x->f.note_head);
	xw_text(x, row, 2, "Ý nghĩa", x->f.note_head);
	row++;
	xw_text(x, row, 0, "(1)", x->f.stt);
	xw_text(x, row, 1, "STT", x->f.text);
	xw_text(x, row, 2, "Số thứ tự của dòng (đánh lại từ 1 trong mỗi phần)", x->f.text);
	row++;
	for (int i = 0; i < x->nnotes; i++, row++) {
		const struct col_note *n = &x->notes[i];
		if (!n->number) { /* a table's heading */
			xw_span(x, row, 0, 2, n->header, x->f.note_label);
			continue;
		}
		xw_text(x, row, 0, n->number, x->f.stt);
		xw_text(x, row, 1, n->header, x->f.text);
		xw_text(x, row, 2, n->note, x->f.text);
	}
	row++;
	for (size_t i = 0; r->notes && r->notes[i]; i++, row++)
		xw_span(x, row, 0, 2, r->notes[i], x->f.note_text);
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

/* S with its controls escaped (see xw_safe), or NULL. Malloc'd. */
static char *xml_text(const char *s)
{
	if (!s)
		return NULL;
	cn_buf b = {0};
	if (!cn_text_escape_hidden(&b, s, strlen(s)))
		cn_buf_adds(&b, s);
	return cn_buf_steal(&b);
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
	int null = cn_os_open(cn_os_null_device(), O_WRONLY, 0);
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
		switch (row.kind) {
		case CN_ROW_DATA:
			write_data(x, w.stt, w.cells);
			break;
		case CN_ROW_GROUP:
			write_group(x, &row);
			break;
		case CN_ROW_COLUMNS:
			write_table(x, &row);
			break;
		case CN_ROW_PLAIN:
			write_plain(x, &row, w.cells);
			break;
		case CN_ROW_RATIO:
			write_ratio(x, &row, w.cells);
			break;
		default:
			write_sums(x, &row, w.cells);
		}
		/* The filter covers all but a final total (of a single table). It
		 * is set while its last row is still the current one: in
		 * constant-memory mode it cannot end on a row already flushed. */
		if (row.kind != CN_ROW_TOTAL && !x->r->max_cols)
			xw_check(x, worksheet_autofilter(x->ws, numbers, 0, x->row, (lxw_col_t)x->ncols - 1));
		x->row++;
		if (x->error)
			break;
		if (x->row % 4096 == 0 && (x->tmp_errno = tmpfile_errno(x->ws)) != 0)
			break;
	}
	cn_row_walk_free(&w);
	return rc < 0 ? rc : CN_OK;
}

static void xw_free(struct xw *x)
{
	for (int i = 0; i < x->nnotes; i++) {
		free(x->notes[i].number);
		free(x->notes[i].header);
		free(x->notes[i].note);
	}
	free(x->notes);
	free(x->widths);
	free(x->hints);
	cn_buf_free(&x->text);
	cn_buf_free(&x->safe);
}

int cn_report_write_xlsx(cn_report *r, const char *path, cn_error *err)
{
	cn_atomic_file a;
	int rc = cn_atomic_open(&a, path, err);
	if (rc != CN_OK)
		return rc;
	struct xw x = {.r = r, .ncols = cn_report_width(r) + 1, .cols = r->cols, .tcols = r->ncols};
	x.widths = cn_calloc((size_t)x.ncols, sizeof *x.widths);
	x.hints = cn_calloc((size_t)x.ncols, sizeof *x.hints);
	x.left_last = x.ncols * 2 / 5 - 1;
	if (x.left_last < 0)
		x.left_last = 0;
	if (x.left_last >= x.ncols - 1)
		x.left_last = x.ncols - 2 < 0 ? 0 : x.ncols - 2;
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = a.scratch};
	x.wb = workbook_new_opt(a.tmp_path, &opt);
	char *safe_name = xml_text(r->sheet_name ? r->sheet_name : "");
	char *name = sheet_name(safe_name);
	free(safe_name);
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
	/* The document's properties are XML text too. */
	char *title = xml_text(r->title), *subject = xml_text(r->subtitle);
	lxw_doc_properties props = {.title = title, .subject = subject, .author = "cnscd"};
	xw_check(&x, workbook_set_properties(x.wb, &props));
	free(title);
	free(subject);

	xw_heading(&x);
	lxw_row_t header_top = x.row;
	xw_header(&x, r->cols, r->ncols);
	lxw_row_t numbers = x.row - 1;
	if ((rc = write_rows(&x, numbers, err)) != CN_OK)
		goto fail;
	xw_lines(&x, x.row + 1, r->closing, x.f.closing);
	xw_signatures(&x);
	finish_sheet(&x, header_top, numbers);
	lxw_row_t notes_end = write_notes_sheet(&x, notes);
	/* Touching the row after the last one flushes it to the temporary file. */
	xw_check(&x, worksheet_set_row(x.ws, x.row + 8, LXW_DEF_ROW_HEIGHT, NULL));
	xw_check(&x, worksheet_set_row(notes, notes_end + 1, LXW_DEF_ROW_HEIGHT, NULL));
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
		if (cn_os_error_status(saved) == CN_EFULL)
			rc = cn_file_fail(err, saved, path);
		else
			rc = xlsx_fail(err, e, path);
		goto fail;
	}
	free(name);
	xw_free(&x);
	return cn_atomic_commit(&a, err);
fail:
	if (x.wb) /* closing writes a file we then remove: the only way to free it */
		close_quietly(x.wb);
	free(name);
	xw_free(&x);
	cn_atomic_abort(&a);
	return rc;
}
