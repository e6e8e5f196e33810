/* The machinery every importer shares (units, members, training
 * attendance, monthly results):
 *  - a row source: records with the line they start on, from a CSV file
 *    or from a sheet of an xlsx workbook;
 *  - header → column mapping against one or more layouts per importer;
 *  - the driver, cn_import_run: reads every record and lets the importer
 *    check it, then runs the importer's checks across rows, and only when
 *    nothing is wrong (or bad rows are to be skipped) writes, in one
 *    transaction;
 *  - the problem list ("dòng N, cột C (tên cột): …") and the reject file.
 * An importer is a table of three functions (struct cn_importer) and its
 * own state. */
#ifndef CNSCD_CORE_IMPORT_INTERNAL_H
#define CNSCD_CORE_IMPORT_INTERNAL_H

#include <stddef.h>

#include "cnscd/import.h"

/* One record of the input. */
typedef struct cn_import_row {
	long line;      /* physical line (CSV) or sheet row (xlsx) it starts on */
	int count;
	char **fields;  /* NUL-terminated UTF-8; valid until the next read */
} cn_import_row;

/* How the cells of a column read when a spreadsheet stored them as
 * numbers (CSV cells are text already, and stay as they are). */
enum cn_cell_kind {
	CN_CELL_TEXT = 0, /* 1234.0 and 1.234E3 → "1234"; 0.5 stays "0.5" */
	CN_CELL_PHONE,    /* 912345678 → "0912345678": the leading 0 Excel dropped */
	CN_CELL_DATE,     /* a serial day number → "dd/mm/yyyy" */
	CN_CELL_MONTH,    /* a serial day number → "yyyy-mm" (a month typed as a date) */
};

typedef struct cn_cell_format {
	unsigned char kind;   /* enum cn_cell_kind */
	unsigned char digits; /* integers stored as numbers are zero-padded to this width */
} cn_cell_format;

typedef struct cn_row_source cn_row_source;
struct cn_row_source {
	/* 1 and ROW filled, 0 at the end, or negative for a record that cannot
	 * be read: *LINE and *COLUMN (1-based, 0 when unknown) say where, and
	 * ERR->msg what, without the location. Reading goes on after that,
	 * except after CN_EIO: the file itself cannot be read on. */
	int (*read)(cn_row_source *src, cn_import_row *row, long *line, int *column, cn_error *err);
	void (*close)(cn_row_source *src);
	/* Optional (xlsx): the format of each file column, given once the
	 * header is mapped, for the rows read after it. */
	void (*set_formats)(cn_row_source *src, const cn_cell_format *formats, int n);
	bool spreadsheet; /* cells of a sheet, not a CSV's text between commas */
};

/* A source for PATH, chosen by its name: .xlsx is a workbook (SHEET names
 * the sheet, NULL the first visible one), .xls is refused with advice,
 * anything else is CSV (where SHEET must be NULL). */
cn_row_source *cn_row_source_open(const char *path, const char *sheet, cn_error *err);

/* A column an importer understands. */
typedef struct cn_import_column {
	const char *name;    /* as documented: "parent_code" */
	const char *aliases; /* other header spellings, '|'-separated, or NULL */
	bool required;
	cn_cell_format format; /* how its cells read when stored as numbers */
} cn_import_column;

/* A header layout; an importer may accept several (units: ours and GSO's). */
typedef struct cn_import_layout {
	const char *name;
	const cn_import_column *columns;
	int ncolumns;
} cn_import_layout;

/* Not a column: the problem is about the whole record. */
#define CN_IMPORT_ROW (-1)

/* Where a header column of the file went. */
typedef struct cn_import_header {
	int nfile;        /* columns in the file's header */
	char **names;     /* their text, cleaned (for messages and the reject file) */
	int layout;       /* index of the layout chosen */
	int *index;       /* layout column → file column (0-based), -1 when absent */
} cn_import_header;

/* Matches the header row against LAYOUTS: the layout with the most required
 * columns present wins (the first on a tie). A missing required column or a
 * column given twice fails with a message naming them. */
int cn_import_map_header(const cn_import_row *row, const cn_import_layout *layouts, int nlayouts,
			 cn_import_header *out, cn_error *err);
void cn_import_header_free(cn_import_header *h);

/* Makes room for one more element in ARRAY, which holds N of CAP. */
#define CN_GROW(array, n, cap, first) \
	do { \
		if ((n) == (cap)) { \
			(cap) = (cap) ? (cap) * 2 : (first); \
			(array) = cn_reallocarray((array), (cap), sizeof *(array)); \
		} \
	} while (0)

/* String → index map (codes, folded names) for the checks across rows. */
typedef struct cn_strmap {
	struct cn_strmap_slot *slots;
	size_t cap, count;
} cn_strmap;

long cn_strmap_get(const cn_strmap *m, const char *key); /* -1 when absent */
void cn_strmap_put(cn_strmap *m, const char *key, long value);
void cn_strmap_free(cn_strmap *m);

/* A record as read, kept for the cross-row checks and the reject file. */
struct cn_import_rec {
	long line;
	int count;
	char **fields;  /* one allocation; NULL for a record that could not be read */
	bool rejected;
};

/* A problem and the record it belongs to. */
struct cn_import_issue {
	cn_import_problem p;
	size_t rec;
	size_t seq; /* order of reporting, to keep sorting stable */
};

/* The import being run. Importers read it; they change it only through
 * the functions below. */
typedef struct cn_import {
	cn_db *db;
	const char *path;
	const cn_import_options *opt;
	cn_import_result *res;
	cn_import_header header;
	const cn_import_layout *layout;
	struct cn_import_rec *recs;
	size_t nrecs, caprecs;
	struct cn_import_issue *issues;
	size_t nissues, capissues;
} cn_import;

struct cn_importer {
	const char *noun; /* "đơn vị" */
	const cn_import_layout *layouts;
	int nlayouts;
	/* Phase 1, for each readable record (REC is its index in imp->recs):
	 * check it, keep what writing needs, report with cn_import_reject. */
	void (*check_row)(cn_import *imp, void *state, size_t rec, const cn_import_row *row);
	/* Phase 1, after the last record: the checks across rows and against
	 * the database. */
	void (*check_all)(cn_import *imp, void *state);
	/* Phase 2, inside the transaction: writes what the records not
	 * rejected say, counting into imp->res. */
	int (*write)(cn_import *imp, void *state, cn_error *err);
};

/* Runs IMPORTER with STATE on PATH; see cn_import_units for the outcome. */
int cn_import_run(cn_db *db, const char *path, const struct cn_importer *importer, void *state,
		  const cn_import_options *opt, cn_import_result *res, cn_error *err);

/* Cell of layout column COL in ROW; "" when the file has no such column. */
const char *cn_import_field(const cn_import *imp, const cn_import_row *row, int col);
bool cn_import_has_column(const cn_import *imp, int col);

/* Rejects record REC with a problem at layout column COL (or
 * CN_IMPORT_ROW); a record may collect several. */
void cn_import_reject(cn_import *imp, size_t rec, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same with the message of a core validator. */
void cn_import_reject_err(cn_import *imp, size_t rec, int col, const cn_error *e);
/* True when record REC has a problem already. */
bool cn_import_rejected(const cn_import *imp, size_t rec);
/* Puts "dòng N: " before ERR's message: a write of record REC failed. */
void cn_import_error_at(const cn_import *imp, size_t rec, cn_error *err);
/* Adds a line to the result's notes (not a problem: the row is imported). */
void cn_import_note(cn_import *imp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));


/* For the driver (import_run.c): problems at a file column (0-based, -1 for
 * none), sorted in file order, then handed to the result or freed. */
void cn_import_issue_add(cn_import *imp, size_t rec, int file_col, const char *msg);
void cn_import_issues_sort(cn_import *imp);
void cn_import_issues_to_result(cn_import *imp);
void cn_import_issues_free(cn_import *imp);

#endif
