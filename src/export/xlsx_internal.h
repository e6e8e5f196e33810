/* What the workbook writer's parts share (xlsx_writer.c: the workbook and
 * its rows; xlsx_form.c: the parts of an official form around the table).
 * Export only. */
#ifndef CNSCD_EXPORT_XLSX_INTERNAL_H
#define CNSCD_EXPORT_XLSX_INTERNAL_H

#include <xlsxwriter.h>

#include "cnscd/report.h"

/* Formats are made once per workbook, never per cell. */
struct formats {
	lxw_format *office, *nation, *motto, *place, *title, *subtitle, *number, *rule;
	lxw_format *header, *colnum, *stt, *text, *integer, *percent, *date;
	lxw_format *group, *group_stt, *total_text, *total_int, *total_pct;
	lxw_format *sign_title, *sign_hint, *sign_name, *detail, *closing;
	lxw_format *note_title, *note_label, *note_text, *note_head;
};

/* A column as the notes sheet describes it, kept from every table. */
struct col_note {
	char *number, *header, *note;
};

struct xw {
	const cn_report *r;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	struct formats f;
	lxw_error error;    /* the first error libxlsxwriter returned */
	int ncols;          /* sheet columns: STT + the widest table's */
	int left_last;      /* heading block: left part is columns 0..left_last */
	lxw_row_t row;      /* next row to write */
	double *widths;     /* widest content seen per sheet column */
	double *hints;      /* widest width hint of any table per sheet column */
	cn_buf text;        /* scratch for cut or formatted text */
	cn_buf safe;        /* scratch for text with its controls escaped */
	/* The current table: its columns, and the formula ranges: first data
	 * row of the current group and block; the rows of the last total and
	 * of the last plain row (for ratio rows). */
	const cn_report_col *cols;
	int tcols;
	lxw_row_t group_first, block_first, total_row, plain_row;
	bool group_has_data, block_has_data, block_has_subtotal;
	int tmp_errno;      /* a failed write to libxlsxwriter's temporary file */
	struct col_note *notes;
	int nnotes;
};

void xw_check(struct xw *x, lxw_error e);
/* TEXT as a workbook can hold it: a control character, which XML cannot
 * hold (the file would not open), and what would act instead of showing
 * (a bidi override) shown escaped ("\x1B", "\u202E"); cut to Excel's cell
 * limit without splitting a character (libxlsxwriter would refuse the cell
 * and print a warning). */
const char *xw_safe(struct xw *x, const char *s);
/* Text cells always go through write_string: a name such as "=1+1" stays
 * text, never a formula. */
void xw_text(struct xw *x, lxw_row_t row, int col, const char *s, lxw_format *f);
/* Text over columns C1..C2 of ROW (merged when more than one column). */
void xw_span(struct xw *x, lxw_row_t row, int c1, int c2, const char *s, lxw_format *f);
void xw_upper_span(struct xw *x, lxw_row_t row, int c1, int c2, const char *s, lxw_format *f);
/* Records that column COL needs width W. */
void xw_width(struct xw *x, int col, double w);

/* The heading block: office (with the number line and the short rule
 * under its name) and the nation's motto, the place and date, the title
 * and the subtitle. */
void xw_heading(struct xw *x);
/* The header of a table of NCOLS columns COLS at the current row: one or
 * two rows, then the column numbers "(1)", "(2)"…; the columns are kept
 * for the notes sheet. */
void xw_header(struct xw *x, const cn_report_col *cols, int ncols);
/* The two signature columns under the table. */
void xw_signatures(struct xw *x);
/* LINES (NULL-terminated, or NULL) from row FIRST, each over the width of
 * the sheet (the session's facts under the title, the counts under the
 * table); the next row to write is the one after a blank row. */
void xw_lines(struct xw *x, lxw_row_t first, char **lines, lxw_format *f);

#endif
