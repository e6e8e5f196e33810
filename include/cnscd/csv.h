/* CSV in and out (RFC 4180 plus what spreadsheets really produce: a UTF-8
 * BOM, CRLF or LF, quoted fields with embedded newlines and quotes). */
#ifndef CNSCD_CSV_H
#define CNSCD_CSV_H

#include <stdio.h>
#include "cnscd/util.h"

/* Limits that keep a hostile file from eating memory. */
#define CN_CSV_MAX_FIELD (1024 * 1024)
#define CN_CSV_MAX_COLUMNS 1000

typedef struct cn_csv_reader cn_csv_reader;

typedef struct cn_csv_row {
	int count;      /* number of fields */
	char **fields;  /* each NUL-terminated; valid until the next read */
	long line;      /* physical line where the record starts (1-based) */
} cn_csv_row;

/* Reads from F (not closed by cn_csv_free). */
cn_csv_reader *cn_csv_reader_new(FILE *f);
/* Reads the LEN bytes at DATA, which must outlive the reader. */
cn_csv_reader *cn_csv_reader_new_mem(const char *data, size_t len);
void cn_csv_free(cn_csv_reader *r);
/* 1 and ROW filled, 0 at end of file, or a negative cn_status with ERR set
 * (malformed quoting, too large, invalid UTF-8, NUL byte). After an error
 * the reader skips to the next line, so the caller may go on to list every
 * problem. Blank lines are skipped. */
int cn_csv_read(cn_csv_reader *r, cn_csv_row *row, cn_error *err);
/* Where the last error of cn_csv_read was: the physical line and the
 * 1-based column (0 when it was not about one field), for importers that
 * list problems as "dòng N, cột C". */
void cn_csv_error_pos(const cn_csv_reader *r, long *line, int *column);
/* Bytes of the input read so far (for progress: works where ftell does
 * not, on a pipe or on text in memory). */
long long cn_csv_offset(const cn_csv_reader *r);

/* Writes one field, quoted when needed. */
void cn_csv_put_field(FILE *f, const char *s);
/* Writes COUNT fields and a CRLF line end. */
void cn_csv_put_row(FILE *f, const char *const *fields, int count);
/* True when a spreadsheet would read S as a formula (=, +, -, @, tab or CR
 * first): such a cell gets a leading apostrophe wherever cnscd writes one. */
bool cn_csv_formula_like(const char *s);
/* Like cn_csv_put_row for a file people open in a spreadsheet (rejected
 * rows): a field that would be read as a formula is written as text. */
void cn_csv_put_text_row(FILE *f, const char *const *fields, int count);

#endif
