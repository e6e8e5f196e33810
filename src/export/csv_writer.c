/* The report as CSV: one header row, then the rows as they come (group
 * headings, data, subtotals and totals with their sums as numbers). UTF-8
 * with a BOM and CRLF line ends, which is what Excel needs to open
 * Vietnamese text correctly by double-click. No title or notes: the file is
 * a table for other programs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/atomic_file.h"
#include "cnscd/csv.h"
#include "cnscd/os.h"
#include "cnscd/report.h"
#include "cnscd/validate.h"

/* Decimal text of N into BUF (at least 21 bytes): snprintf costs more
 * than the rest of a roster row. */
static const char *integer_text(long long n, char *buf)
{
	char tmp[24];
	int len = 0;
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	do
		tmp[len++] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	char *o = buf;
	if (n < 0)
		*o++ = '-';
	while (len > 0)
		*o++ = tmp[--len];
	*o = '\0';
	return buf;
}

/* Text of one cell into BUF (small values) or as a pointer to the source's
 * text. A text that would be read as a formula gets a leading quote. */
static const char *cell_text(const cn_report_col *col, const cn_report_cell *cell, const cn_report_cell *row,
			     char *buf, size_t size, cn_buf *text)
{
	switch (col->kind) {
	case CN_COL_INTEGER:
		if (cell->empty)
			return "";
		return integer_text(cell->num, buf);
	case CN_COL_PERCENT: {
		double ratio;
		if (!cn_report_percent(col, cell, row, &ratio))
			return "";
		snprintf(buf, size, "%.1f%%", ratio * 100.0);
		return buf;
	}
	case CN_COL_DATE:
		cn_date_display(cell->text, buf); /* size >= CN_DATE_LEN */
		return buf;
	default:
		if (!cn_cell_looks_like_formula(cell->text))
			return cell->text ? cell->text : "";
		cn_buf_clear(text);
		cn_buf_addc(text, '\'');
		cn_buf_adds(text, cell->text);
		return cn_buf_str(text);
	}
}

/* The header row of a table of NCOLS columns COLS. */
static void put_header(FILE *f, const cn_report_col *cols, int ncols, const char **fields)
{
	char **headers = cn_calloc((size_t)ncols + 1, sizeof *headers);
	fields[0] = "STT";
	for (int c = 0; c < ncols; c++)
		fields[c + 1] = headers[c] = cn_col_full_header(&cols[c]);
	cn_csv_put_row(f, fields, ncols + 1);
	for (int c = 0; c < ncols; c++)
		free(headers[c]);
	free(headers);
}

/* Writes the rows; returns CN_OK, a negative status from the source (ERR
 * set), or CN_EIO with *ERRNUM set when the stream failed. A table that
 * starts in the rows (CN_ROW_COLUMNS) comes after an empty line, its
 * heading and its own header row. */
static int write_rows(cn_report *r, FILE *f, int *errnum, cn_error *err)
{
	int width = cn_report_width(r), n = width + 1;
	const char **fields = cn_calloc((size_t)n, sizeof *fields);
	char (*nums)[48] = cn_calloc((size_t)n, sizeof *nums);
	cn_buf *texts = cn_calloc((size_t)n, sizeof *texts);

	errno = 0;
	fputs("\xEF\xBB\xBF", f);
	put_header(f, r->cols, r->ncols, fields);

	cn_row_walk w;
	cn_row_walk_init(&w, r);
	cn_report_row row;
	int rc;
	static const cn_report_col percent = {.kind = CN_COL_PERCENT}, text = {.kind = CN_COL_TEXT};
	while (!ferror(f) && (rc = cn_row_walk_next(&w, r, &row, err)) == 1) {
		for (int c = 0; c < n; c++)
			fields[c] = "";
		if (row.kind == CN_ROW_COLUMNS)
			cn_csv_put_row(f, fields, w.ncols + 1);
		if (row.kind == CN_ROW_GROUP || row.kind == CN_ROW_COLUMNS) {
			fields[0] = row.stt ? row.stt : "";
		} else {
			if (row.kind == CN_ROW_DATA)
				fields[0] = integer_text(w.stt, nums[0]);
			for (int c = 0; c < w.ncols; c++) {
				const cn_report_col *col = row.kind == CN_ROW_RATIO ? &percent : &w.cols[c];
				cn_report_cell sum;
				const cn_report_cell *cell = &w.cells[c];
				if (w.cols[c].row_sum && row.kind == CN_ROW_DATA) {
					sum = (cn_report_cell){.num = cn_report_row_sum(&w.cols[c], w.cells)};
					cell = &sum;
				}
				fields[c + 1] = cell_text(col, cell, w.cells, nums[c + 1], sizeof nums[c + 1], &texts[c + 1]);
			}
		}
		bool heading = row.kind == CN_ROW_GROUP || row.kind == CN_ROW_COLUMNS;
		const char *label = heading ? row.label : cn_row_label(&row, w.cols, w.ncols);
		if (w.ncols > 0 && (heading || label)) {
			cn_report_cell label_cell = {.text = label};
			fields[1] = cell_text(&text, &label_cell, NULL, nums[1], sizeof nums[1], &texts[1]);
		}
		cn_csv_put_row(f, fields, w.ncols + 1);
		if (row.kind == CN_ROW_COLUMNS)
			put_header(f, w.cols, w.ncols, fields);
	}
	if (ferror(f))
		rc = 0;
	cn_row_walk_free(&w);
	for (int c = 0; c < n; c++)
		cn_buf_free(&texts[c]);
	free(texts);
	free(nums);
	free(fields);
	if (rc < 0)
		return rc;
	if (fflush(f) != 0 || ferror(f)) {
		*errnum = errno ? errno : EIO;
		return CN_EIO;
	}
	return CN_OK;
}

int cn_report_write_csv_stream(cn_report *r, FILE *f, cn_error *err)
{
	int errnum = 0;
	int rc = write_rows(r, f, &errnum, err);
	if (rc == CN_EIO && errnum)
		return cn_fail(err, CN_EIO, "Không ghi được báo cáo CSV: %s", strerror(errnum));
	return rc;
}

int cn_report_write_csv(cn_report *r, const char *path, cn_error *err)
{
	if (strcmp(path, "-") == 0)
		return cn_report_write_csv_stream(r, stdout, err);
	cn_atomic_file a;
	int rc = cn_atomic_open(&a, path, err);
	if (rc != CN_OK)
		return rc;
	a.f = cn_os_fdopen(a.fd, "w");
	if (!a.f) {
		rc = cn_file_fail(err, errno, path);
		cn_atomic_abort(&a);
		return rc;
	}
	setvbuf(a.f, NULL, _IOFBF, 1 << 18); /* fewer write(2) calls on a big list */
	int errnum = 0;
	rc = write_rows(r, a.f, &errnum, err);
	if (rc != CN_OK) {
		if (errnum)
			rc = cn_file_fail(err, errnum, path);
		cn_atomic_abort(&a);
		return rc;
	}
	return cn_atomic_commit(&a, err);
}
