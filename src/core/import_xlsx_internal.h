/* Reading Excel workbooks (.xlsx: a zip of XML parts) for the importers,
 * with libzip and expat. import_xlsx_book.c finds the sheet and loads the
 * shared strings, import_xlsx.c streams the sheet's rows one at a time,
 * import_xlsx_cell.c turns cell values into the text a CSV would hold. */
#ifndef CNSCD_CORE_IMPORT_XLSX_INTERNAL_H
#define CNSCD_CORE_IMPORT_XLSX_INTERNAL_H

#include <expat.h>
#include <stdint.h>
#include <zip.h>

#include "import_internal.h"

/* What a workbook may hold. Past these the file (or the row) is refused
 * with a message rather than read into memory: a small zip can inflate
 * to gigabytes. Tests lower them. */
struct cn_xlsx_limits {
	uint64_t part_bytes;  /* one part of the zip, inflated; also all cell text delivered */
	int columns;          /* a cell with a value beyond this column is refused */
	size_t cell_bytes;    /* one cell's text */
};
extern struct cn_xlsx_limits cn_xlsx_limits; /* 200 MB, 1,000, 1 MB */
/* "200 MB", "2 KB": a limit in a message. */
void xlsx_size_text(uint64_t bytes, char out[32]);

/* A row source for the sheet SHEET (NULL: the first visible one) of the
 * workbook at PATH. */
cn_row_source *cn_xlsx_source_open(const char *path, const char *sheet, cn_error *err);

/* An open workbook: where its chosen sheet is, and its shared strings. */
typedef struct xlsx_book {
	zip_t *zip;
	const char *path;
	char *sheet_part;     /* "xl/worksheets/sheet1.xml" */
	bool date1904;        /* dates count from 1904 (old Mac workbooks) */
	cn_buf strings;       /* the shared strings, each NUL-terminated */
	uint32_t *string_at;  /* offsets into strings; XLSX_TOO_LONG when over the cell limit */
	size_t nstrings, capstrings;
} xlsx_book;

#define XLSX_TOO_LONG UINT32_MAX

int xlsx_book_open(xlsx_book *b, const char *path, const char *sheet, cn_error *err);
void xlsx_book_close(xlsx_book *b);

/* One part of the zip, read chunk by chunk within the limits. */
typedef struct xlsx_part {
	zip_file_t *file;
	char *name;
	uint64_t read;
	char buf[64 * 1024];
} xlsx_part;

/* CN_ENOTFOUND (ERR set) when the workbook has no part NAME. */
int xlsx_part_open(xlsx_book *b, const char *name, xlsx_part *p, cn_error *err);
/* Bytes read into p->buf, 0 at the end (the CRC checked), CN_EIO. */
long xlsx_part_read(xlsx_book *b, xlsx_part *p, cn_error *err);
void xlsx_part_close(xlsx_part *p);
/* "Tệp X bị hỏng: …" for an XML error of PARSER in part P. */
int xlsx_xml_failed(xlsx_book *b, const xlsx_part *p, XML_Parser parser, cn_error *err);

/* Parsers see names as "namespace|local": the local name, whatever the
 * prefix a producer chose ("x:row" and "row" alike). */
XML_Parser xlsx_parser_new(void *data);
const char *xlsx_local(const XML_Char *name);
/* Value of the attribute whose local name is LOCAL, or NULL. */
const char *xlsx_attr(const XML_Char **attrs, const char *local);

/* Text of a number cell whose XML value is V, read as FMT; NULL when V is
 * not a plain decimal number (the caller keeps V). Malloc'd. */
char *xlsx_number_text(const char *v, cn_cell_format fmt, bool date1904);
/* Text of a date cell (t="d", ISO 8601) read as FMT. Malloc'd. */
char *xlsx_date_text(const char *v, cn_cell_format fmt);
/* 0-based column of a cell reference ("C5" → 2); -1 when it is not one. */
int xlsx_column_of(const char *ref);
/* Undoes the _xHHHH_ escapes of OOXML strings ("_x000D_" is a CR), in place. */
void xlsx_unescape(char *s);

#endif
