/* The machinery every importer shares (units, members, training
 * attendance, monthly results):
 *  - a row source: records with the line they start on, from a CSV file
 *    or from a sheet of an xlsx workbook;
 *  - header → column mapping against one or more layouts per importer;
 *  - the driver, cn_import_run: streams the records through the importer's
 *    checks (what it keeps of them goes to tables of the connection's temp
 *    schema, on disk: memory stays bounded whatever the file's size), then
 *    runs its checks across rows, and only when nothing is wrong (or bad
 *    rows are to be skipped) writes, in one transaction. The checks read a
 *    snapshot of the database without its write lock, so other users keep
 *    working meanwhile; when one of them wrote before the import takes the
 *    lock, the checks run again inside it;
 *  - the problem list ("dòng N, cột C (tên cột): …") and the reject file.
 * An importer is a table of functions (struct cn_importer) and its own
 * state. */
#ifndef CNSCD_CORE_IMPORT_INTERNAL_H
#define CNSCD_CORE_IMPORT_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

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
	/* Optional: how much of the file was read, 0..1 (for the progress). */
	double (*position)(cn_row_source *src);
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

/* A cache of what an importer looks up again and again (import_cache.c):
 * a map that starts over past CN_IMPORT_CACHE_MAX entries, so that memory
 * stays bounded. VALUE -1, or out of the range of long, is not kept. */
#define CN_IMPORT_CACHE_MAX 65536
void cn_import_cache_put(cn_strmap *m, const char *key, long long value);

/* The statements an import uses most, by their SQL's address. */
#define CN_IMPORT_HOT 32
struct cn_import_hot {
	const char *sql;
	sqlite3_stmt *st;
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
	size_t nrecs;        /* records read so far */
	size_t rec;          /* the record being checked */
	long line;           /* its line */
	long last_line;      /* the line of the record before */
	bool rec_rejected;   /* it has a problem already */
	long long nissues;   /* problems so far */
	long long nnotes;    /* notes so far (the first ones are kept) */
	cn_buf raw;          /* with a reject file: the record's cells */
	cn_row_source *src;  /* for the progress of the reading */
	char uuid_base[17];  /* for CN_IMPORT_UUID_SQL */
	struct cn_import_hot hot[CN_IMPORT_HOT];
	int phase;           /* enum cn_import_phase */
	long long start_ms, progress_ms;
} cn_import;

struct cn_importer {
	const char *noun; /* "đơn vị" */
	const cn_import_layout *layouts;
	int nlayouts;
	/* Before the first record, inside the transaction of the checks:
	 * makes the importer's temp tables (named "imp_…"; the driver drops
	 * them when done) and resets its state for a run of the checks (they
	 * run a second time when someone wrote during the first). */
	int (*start)(cn_import *imp, void *state, cn_error *err);
	/* For each readable record (imp->rec, imp->line): check it, keep what
	 * writing needs, report with cn_import_reject. */
	void (*check_row)(cn_import *imp, void *state, const cn_import_row *row);
	/* After the last record: the checks across rows and against the
	 * database. */
	void (*check_all)(cn_import *imp, void *state);
	/* Inside the write transaction, when the checks hold: writes what the
	 * records not rejected say, counting into imp->res. */
	int (*write)(cn_import *imp, void *state, cn_error *err);
	/* Frees what the state holds (after each run). */
	void (*clear)(void *state);
};

/* Runs IMPORTER with STATE on PATH; see cn_import_units for the outcome. */
int cn_import_run(cn_db *db, const char *path, const struct cn_importer *importer, void *state,
		  const cn_import_options *opt, cn_import_result *res, cn_error *err);

/* Cell of layout column COL in ROW; "" when the file has no such column. */
const char *cn_import_field(const cn_import *imp, const cn_import_row *row, int col);
bool cn_import_has_column(const cn_import *imp, int col);

/* Rejects record REC (imp->rec while checking a row) with a problem at
 * layout column COL (or CN_IMPORT_ROW); a record may collect several. */
void cn_import_reject(cn_import *imp, size_t rec, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same with the message of a core validator. */
void cn_import_reject_err(cn_import *imp, size_t rec, int col, const cn_error *e);
/* True when record REC has a problem already. */
bool cn_import_rejected(cn_import *imp, size_t rec);
/* The line record REC starts on. */
long cn_import_line(cn_import *imp, size_t rec);
/* Puts "dòng N: " before ERR's message: a write of record REC failed. */
void cn_import_error_at(cn_import *imp, size_t rec, cn_error *err);
/* Adds a line to the result's notes (not a problem: the row is imported);
 * past CN_IMPORT_MAX_PROBLEMS notes, only counted. */
void cn_import_note(cn_import *imp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The unit whose code ROW gives in layout column COL: its id, from CACHE
 * (then *U is left empty) or from the database (then *U is the unit; the
 * caller clears it); 0 with the row rejected. CLOSED: what a closed unit
 * refuses ("không thêm thành viên"; the message names its successor:
 * cn_unit_refuse_closed), or NULL when a closed unit will do. */
struct cn_unit;
long long cn_import_unit_cell(cn_import *imp, const cn_import_row *row, int col, cn_strmap *cache, const char *closed,
			      struct cn_unit *u);
/* The team name of ROW's layout column COL: *NAME cleaned (NULL for an
 * empty cell: the unit's default team), *KEY "<UNIT_ID>|<folded name>"
 * (both malloc'd). False, with the row rejected, for a bad name. */
bool cn_import_team_cell(cn_import *imp, const cn_import_row *row, int col, long long unit_id, char **name,
			 char **key);

/* The uuid of the N-th new row of an import, as SQL over the parameter
 * BASE (bound to IMP->uuid_base, 16 random hex digits drawn when the
 * import starts) and the expression N: BASE then N in 16 hex digits. The
 * rows of an import get theirs in order, so that the uuid index takes
 * them at one place instead of all over; unique as the random part is. */
#define CN_IMPORT_UUID_SQL(base, n) "(" base " || printf('%016x', " n "))"

/* Runs the write SQL of the importer with its parameters bound to A, B
 * and C (as many as it has); a failure leaves the checks incomplete, which
 * the writing reports. */
void cn_import_set(cn_import *imp, const char *sql, long long a, long long b, long long c);

/* A cached statement (SQL a literal) of the importer, reset; NULL with
 * the failure in ERR. */
sqlite3_stmt *cn_import_sql(cn_import *imp, const char *sql, cn_error *err);
/* Steps ST (a write) to its end and resets it; on failure the message
 * starts with WHAT. */
int cn_import_step(cn_import *imp, sqlite3_stmt *st, const char *what, cn_error *err);
/* Runs SQL (no rows, may hold several statements). */
int cn_import_exec(cn_import *imp, const char *sql, cn_error *err);

/* Progress: the driver reports the reading and the checks; an importer
 * reports its writing, DONE of TOTAL rows (cheap to call often). */
void cn_import_report(cn_import *imp, int phase, long long done, long long total);

/* Sets bad = 1 in the importer's temp TABLE (keyed by rec) for every
 * rejected record, before writing. */
int cn_import_mark_bad(cn_import *imp, const char *table, cn_error *err);

/* For the driver (import_run.c, import_issues.c): the records' lines and
 * cells (temp tables cn_imp_line, cn_imp_raw) and the problem list
 * (cn_imp_issue). */
int cn_import_issues_create(cn_import *imp, cn_error *err);
/* Keeps the current record's line (and cells, for the reject file). */
int cn_import_keep_record(cn_import *imp, const cn_import_row *row, cn_error *err);
void cn_import_issue_add(cn_import *imp, size_t rec, int file_col, const char *msg);
/* Counts the rejected records, and hands the first CN_IMPORT_MAX_PROBLEMS
 * problems (in file order) and their total to the result. */
int cn_import_issues_to_result(cn_import *imp, cn_error *err);
/* Writes the header and each rejected record with its reasons (ly_do) as
 * CSV to F. */
int cn_import_issues_put_rejects(cn_import *imp, FILE *f, cn_error *err);
/* Drops the temp tables of the driver and the importer ("cn_imp_…",
 * "imp_…"); WHOLE: the whole temp schema when that is quicker. */
void cn_import_drop_tables(cn_db *db, bool whole);

#endif
