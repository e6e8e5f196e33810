#include "cnscd/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cnscd/today.h"

cn_report *cn_report_new(const char *title, const char *sheet_name, const cn_report_col *cols, int ncols)
{
	cn_report *r = cn_calloc(1, sizeof *r);
	r->title = cn_strdup(title);
	r->sheet_name = cn_strdup(sheet_name);
	r->cols = cols;
	r->ncols = ncols;
	time_t now = cn_now();
	struct tm tm;
	localtime_r(&now, &tm);
	char when[32];
	strftime(when, sizeof when, "%d/%m/%Y %H:%M", &tm);
	r->made_at = cn_strdup(when);
	return r;
}

/* Appends a line to the NULL-terminated list *LINES. */
static void add_line(char ***lines, const char *fmt, va_list ap)
{
	size_t n = 0;
	while (*lines && (*lines)[n])
		n++;
	*lines = cn_reallocarray(*lines, n + 2, sizeof **lines);
	cn_buf line = {0};
	cn_buf_vprintf(&line, fmt, ap);
	(*lines)[n] = cn_buf_steal(&line);
	(*lines)[n + 1] = NULL;
}

void cn_report_add_note(cn_report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_line(&r->notes, fmt, ap);
	va_end(ap);
}

void cn_report_add_detail(cn_report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_line(&r->details, fmt, ap);
	va_end(ap);
}

void cn_report_add_closing(cn_report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_line(&r->closing, fmt, ap);
	va_end(ap);
}

static void free_lines(char **lines)
{
	for (size_t i = 0; lines && lines[i]; i++)
		free(lines[i]);
	free(lines);
}

static void heading_free(cn_report_heading *h)
{
	free(h->office);
	free(h->number);
	free(h->preparer_title);
	free(h->place);
	free(h->date);
	free(h->preparer_name);
	free(h->signer_title);
	free(h->signer_name);
}

void cn_report_free(cn_report *r)
{
	if (!r)
		return;
	if (r->rows.free)
		r->rows.free(r->rows.ctx);
	free_lines(r->notes);
	free_lines(r->details);
	free_lines(r->closing);
	heading_free(&r->heading);
	free(r->title);
	free(r->subtitle);
	free(r->sheet_name);
	free(r->made_at);
	free(r);
}

int cn_report_next(cn_report *r, cn_report_row *row, cn_error *err)
{
	memset(row, 0, sizeof *row);
	if (!r->rows.next)
		return 0;
	int rc = r->rows.next(r->rows.ctx, row, err);
	if (rc == 1 && (row->kind == CN_ROW_DATA || row->kind == CN_ROW_PLAIN) && !row->cells)
		return cn_fail(err, CN_EINVAL, "Dòng dữ liệu của báo cáo không có ô nào");
	if (rc == 1 && row->kind == CN_ROW_COLUMNS && (!row->cols || row->ncols < 1 || row->ncols > cn_report_width(r)))
		return cn_fail(err, CN_EINVAL, "Bảng mới của báo cáo không có cột nào hoặc rộng hơn báo cáo");
	if (rc == 1 && ++r->rows_read % CN_REPORT_PROGRESS_EVERY == 0 && r->progress)
		r->progress(r->rows_read, r->progress_ctx);
	return rc;
}

double cn_report_ratio(const cn_report_col *col, const cn_report_cell *cells)
{
	long long den = cells[col->ratio_den].num;
	if (cells[col->ratio_den].empty || den == 0)
		return -1;
	return (double)cells[col->ratio_num].num / (double)den;
}

long long cn_report_row_sum(const cn_report_col *col, const cn_report_cell *cells)
{
	long long sum = 0;
	for (int c = col->sum_first; c <= col->sum_last; c++)
		if (!cells[c].empty)
			sum += cells[c].num;
	return sum;
}

int cn_report_width(const cn_report *r)
{
	return r->max_cols > r->ncols ? r->max_cols : r->ncols;
}

/* Switches T to a table of NCOLS columns COLS, its sums at zero. */
static void totals_table(cn_report_totals *t, const cn_report_col *cols, int ncols)
{
	if (ncols > t->cap) {
		t->cap = ncols;
		t->group = cn_reallocarray(t->group, (size_t)ncols, sizeof *t->group);
		t->block = cn_reallocarray(t->block, (size_t)ncols, sizeof *t->block);
		t->total = cn_reallocarray(t->total, (size_t)ncols, sizeof *t->total);
		t->cells = cn_reallocarray(t->cells, (size_t)ncols, sizeof *t->cells);
		t->plain = cn_reallocarray(t->plain, (size_t)ncols, sizeof *t->plain);
	}
	t->cols = cols;
	t->ncols = ncols;
	size_t n = (size_t)(ncols > 0 ? ncols : 0);
	memset(t->group, 0, n * sizeof *t->group);
	memset(t->block, 0, n * sizeof *t->block);
	memset(t->total, 0, n * sizeof *t->total);
	for (size_t c = 0; c < n; c++)
		t->plain[c] = (cn_report_cell){.empty = true};
}

void cn_report_totals_init(cn_report_totals *t, const cn_report *r)
{
	memset(t, 0, sizeof *t);
	int width = cn_report_width(r);
	totals_table(t, r->cols, width > 0 ? width : 1);
	t->ncols = r->ncols;
}

void cn_report_totals_free(cn_report_totals *t)
{
	free(t->group);
	free(t->block);
	free(t->cells);
	free(t->total);
	free(t->plain);
	memset(t, 0, sizeof *t);
}

static const cn_report_cell *sums_to_cells(cn_report_totals *t, long long *sums)
{
	for (int c = 0; c < t->ncols; c++) {
		t->cells[c] = (cn_report_cell){.num = sums[c], .empty = !t->cols[c].sum};
		sums[c] = 0;
	}
	for (int c = 0; c < t->ncols; c++) {
		if (t->cols[c].ratio) {
			t->cells[c].ratio = cn_report_ratio(&t->cols[c], t->cells);
			t->cells[c].empty = t->cells[c].ratio < 0;
		}
	}
	return t->cells;
}

/* The last TOTAL row over the last PLAIN row, column by column. */
static const cn_report_cell *ratio_cells(cn_report_totals *t)
{
	for (int c = 0; c < t->ncols; c++) {
		const cn_report_cell *den = &t->plain[c];
		bool has = t->cols[c].sum && !den->empty && den->num != 0;
		t->cells[c] = (cn_report_cell){.empty = !has, .ratio = has ? (double)t->total[c] / (double)den->num : -1};
	}
	return t->cells;
}

const cn_report_cell *cn_report_totals_feed(cn_report_totals *t, const cn_report *r, const cn_report_row *row)
{
	(void)r;
	switch (row->kind) {
	case CN_ROW_DATA:
		for (int c = 0; c < t->ncols; c++) {
			const cn_report_col *col = &t->cols[c];
			if (col->sum && (col->row_sum || !row->cells[c].empty)) {
				long long v = col->row_sum ? cn_report_row_sum(col, row->cells) : row->cells[c].num;
				t->group[c] += v;
				t->block[c] += v;
			}
		}
		return NULL;
	case CN_ROW_GROUP:
		memset(t->group, 0, (size_t)t->ncols * sizeof *t->group);
		return NULL;
	case CN_ROW_SUBTOTAL:
		return sums_to_cells(t, t->group);
	case CN_ROW_TOTAL: {
		memset(t->group, 0, (size_t)t->ncols * sizeof *t->group);
		sums_to_cells(t, t->block);
		for (int c = 0; c < t->ncols; c++) {
			t->total[c] = t->cells[c].num;
			if (row->cells && t->cols[c].kind == CN_COL_TEXT)
				t->cells[c] = row->cells[c];
		}
		return t->cells;
	}
	case CN_ROW_COLUMNS:
		totals_table(t, row->cols, row->ncols);
		return NULL;
	case CN_ROW_PLAIN:
		for (int c = 0; c < t->ncols; c++)
			t->plain[c] = row->cells ? row->cells[c] : (cn_report_cell){.empty = true};
		return NULL;
	case CN_ROW_RATIO:
		return ratio_cells(t);
	}
	return NULL;
}

int cn_report_format_for(const char *path)
{
	if (strcmp(path, "-") == 0)
		return CN_REPORT_CSV;
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		return CN_REPORT_UNKNOWN;
	if (strcasecmp(dot, ".xlsx") == 0)
		return CN_REPORT_XLSX;
	if (strcasecmp(dot, ".csv") == 0)
		return CN_REPORT_CSV;
	return CN_REPORT_UNKNOWN;
}

int cn_report_write(cn_report *r, const char *path, cn_error *err)
{
	switch (cn_report_format_for(path)) {
	case CN_REPORT_XLSX:
		return cn_report_write_xlsx(r, path, err);
	case CN_REPORT_CSV:
		return cn_report_write_csv(r, path, err);
	}
	return cn_fail(err, CN_EINVAL,
		       "Không biết ghi tệp «%s» theo định dạng nào: tên tệp cần kết thúc bằng .xlsx (Excel) "
		       "hoặc .csv",
		       path);
}
