/* The export model, implemented in src/export (not in the core): the one
 * report document of cnscd's exports, a title, columns, rows streamed by a
 * source, and notes. Writers render it (xlsx, CSV); the TUI shows the same
 * model. cn_report_* names this document only; a team's monthly report of
 * activity results is cn_month_report_* (results.h).
 *
 * Rows come one at a time from the source (normally a SQL statement being
 * stepped), so a report of 600,000 members never sits in memory. The
 * writers number the data rows (STT, a column they add in front), and
 * compute subtotal and total rows themselves from the data rows: the source
 * only says where such a row goes. */
#ifndef CNSCD_REPORT_H
#define CNSCD_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "cnscd/db.h"
#include "cnscd/util.h"

enum cn_col_kind {
	CN_COL_TEXT,
	CN_COL_INTEGER,
	CN_COL_PERCENT, /* a ratio: 0.25 is shown as 25,0% */
	CN_COL_DATE,    /* cell text is an ISO date yyyy-mm-dd */
};

typedef struct cn_report_col {
	const char *header;  /* "Số tổ" */
	const char *group;   /* header spanning adjacent columns with the same group ("Trong đó"), or NULL */
	int kind;            /* enum cn_col_kind */
	int width;           /* width hint in characters; 0 for a default by kind */
	const char *note;    /* what the column means (the "Ghi chú" sheet) */
	bool sum;            /* subtotal/total rows add this column up */
	/* A percent column that is the ratio of two integer columns (indexes
	 * into the report's columns): computed for every row, totals included. */
	bool ratio;
	int ratio_num, ratio_den;
	/* An integer column that is the sum of columns SUM_FIRST..SUM_LAST of
	 * its own row (a row's total across units): a SUM formula in a
	 * workbook, with its value. */
	bool row_sum;
	int sum_first, sum_last;
} cn_report_col;

typedef struct cn_report_cell {
	const char *text; /* TEXT, DATE (ISO); NULL: empty */
	long long num;    /* INTEGER */
	double ratio;     /* PERCENT (ignored for ratio columns: computed) */
	bool empty;       /* INTEGER/PERCENT without a value */
} cn_report_cell;

enum cn_row_kind {
	CN_ROW_DATA,
	CN_ROW_GROUP,    /* a heading row that starts a group: LABEL (and STT, e.g. "I") */
	CN_ROW_SUBTOTAL, /* sums of the data rows since the group began */
	CN_ROW_TOTAL,    /* sums of the data rows since the previous total (so
			  * also of the subtotals in between); its text cells
			  * may come from the source (CELLS, when not NULL) */
	CN_ROW_COLUMNS,  /* a table of its own starts: its columns are COLS
			  * (NCOLS of them) until the next such row, under the
			  * heading LABEL (STT its number); sums start afresh */
	CN_ROW_PLAIN,    /* the source's CELLS under LABEL, neither numbered nor
			  * summed ("Chỉ tiêu giao" under a total) */
	CN_ROW_RATIO,    /* computed: in each summed column, the last TOTAL row
			  * over the last PLAIN row, as a percentage ("% đạt") */
};

/* What a data row stands for, so that a screen can open the report behind
 * its figure (drill down): the same report for a unit, or the roster of the
 * teams and members of a unit. The sources set it where a row is a unit;
 * the writers ignore it. */
enum cn_drill_kind {
	CN_DRILL_NONE,   /* a row that stands for nothing (totals, headings, indicators) */
	CN_DRILL_UNIT,   /* the same report for unit ID (its subtree) */
	CN_DRILL_ROSTER, /* "Danh sách thành viên" of unit ID: the teams and members behind the figure */
	CN_DRILL_OWN_ROSTER, /* the same, only the teams attached to unit ID itself (a "Riêng …" row) */
	CN_DRILL_LEVEL_ROSTER, /* the roster of the teams at level ID (enum cn_level) in the
				* report's own subtree (a "Cấp thôn" row) */
	CN_DRILL_SESSION, /* the attendance sheet of training session ID */
};

typedef struct cn_drill {
	int kind; /* enum cn_drill_kind */
	long long id;
} cn_drill;

typedef struct cn_report_row {
	int kind;          /* enum cn_row_kind */
	const char *label; /* GROUP heading; SUBTOTAL/TOTAL label ("Tổng cộng") */
	const char *stt;   /* GROUP: its number ("I", "II"); NULL otherwise */
	/* DATA: one cell per column, owned by the source and valid until its
	 * next call. Unused for the other kinds (the writers compute them). */
	const cn_report_cell *cells;
	cn_drill drill;    /* DATA: what the row stands for (zero: nothing) */
	const cn_report_col *cols; /* COLUMNS: the new table's columns */
	int ncols;
} cn_report_row;

/* Where rows come from. NEXT fills ROW and returns 1, returns 0 at the end,
 * or a negative cn_status with ERR set. FREE releases CTX. */
typedef struct cn_report_source {
	int (*next)(void *ctx, cn_report_row *row, cn_error *err);
	void (*free)(void *ctx);
	void *ctx;
} cn_report_source;

/* The official heading block of Vietnamese administrative reports. Every
 * field is optional (NULL or ""). */
typedef struct cn_report_heading {
	char *office;        /* top left: the reporting body, "UBND XÃ HÒA AN" */
	char *number;        /* under it: "Số:      /BC-UBND" (the number to fill in by hand) */
	char *place;         /* "Hòa An" for "Hòa An, ngày 05 tháng 12 năm 2026" */
	char *date;          /* ISO date of the report (default: today) */
	char *preparer_title; /* "NGƯỜI LẬP DANH SÁCH"; NULL: "NGƯỜI LẬP BIỂU" */
	char *preparer_name; /* under it */
	char *signer_title;  /* "CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN" */
	char *signer_name;
} cn_report_heading;

typedef struct cn_report {
	char *title;      /* "Báo cáo tổng hợp Tổ công nghệ số cộng đồng" (written in capitals) */
	char *subtitle;   /* period/unit line, or NULL */
	char *sheet_name; /* short name for the sheet ("Tổng hợp"); cleaned by the xlsx writer */
	const cn_report_col *cols;
	int ncols;
	cn_report_heading heading;
	char **notes;     /* extra lines for the notes, NULL-terminated or NULL */
	/* Lines under the title and subtitle ("Địa điểm: …") and under the
	 * table, before the signatures ("Có mặt 45 / Được mời 60"), each
	 * NULL-terminated or NULL: the facts an official list states around
	 * its table. */
	char **details;
	char **closing;
	bool stt_running; /* STT runs on across group headings (a list to sign) */
	double row_height; /* data rows' height in points (room to sign); 0: the default */
	char *made_at;    /* "05/12/2026 14:03" (set by cn_report_new) */
	/* The most columns any table of the report has, when its rows start
	 * tables of their own (CN_ROW_COLUMNS); 0 for a single table. */
	int max_cols;
	cn_report_source rows;
	/* What each column stands for when columns are units (ncols entries,
	 * owned like the columns), or NULL. */
	const cn_drill *col_drill;
	/* Rows read from the source so far (every kind), and an optional
	 * callback every CN_REPORT_PROGRESS_EVERY rows, so that a screen can
	 * show how far a long export has gone. */
	long long rows_read;
	long long expected_rows; /* about how many rows the source gives; 0: unknown */
	void (*progress)(long long rows, void *ctx);
	void *progress_ctx;
} cn_report;

#define CN_REPORT_PROGRESS_EVERY 5000

/* A report with its title and columns (COLS must outlive it) and no rows
 * yet; set REPORT->rows and the optional fields afterwards. Columns made at
 * run time (one per child unit) may belong to the row source: cn_report_free
 * releases the source and reads no column afterwards. */
cn_report *cn_report_new(const char *title, const char *sheet_name, const cn_report_col *cols, int ncols);
void cn_report_add_note(cn_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cn_report_add_detail(cn_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cn_report_add_closing(cn_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees the report, its strings and its source. */
void cn_report_free(cn_report *r);

/* Next row from the source (1, 0 at the end, or a negative cn_status). */
int cn_report_next(cn_report *r, cn_report_row *row, cn_error *err);

/* Running sums for subtotal and total rows, shared by the writers (and the
 * TUI) so every rendering computes the same figures. */
typedef struct cn_report_totals {
	const cn_report_col *cols; /* the current table's */
	int ncols, cap;
	long long *group;  /* data rows since the group began */
	long long *block;  /* data rows since the previous total */
	cn_report_cell *cells; /* the last computed row */
	long long *total;  /* the last TOTAL row, for RATIO rows */
	cn_report_cell *plain; /* the last PLAIN row, for RATIO rows */
} cn_report_totals;

void cn_report_totals_init(cn_report_totals *t, const cn_report *r);
void cn_report_totals_free(cn_report_totals *t);
/* Feeds one row of any kind; for SUBTOTAL/TOTAL/RATIO rows returns the
 * cells of that row (valid until the next call) and starts the next
 * group/block; a COLUMNS row switches to its columns. NULL for other
 * kinds. The cells of a RATIO row are PERCENT whatever their column. */
const cn_report_cell *cn_report_totals_feed(cn_report_totals *t, const cn_report *r, const cn_report_row *row);

/* Walks the rows of a report as every rendering shows them: numbers the
 * data rows (STT, restarting after each group heading unless the report
 * keeps it running) and computes the subtotal/total cells. */
typedef struct cn_row_walk {
	cn_report_totals totals;
	long long stt;               /* STT of the current data row */
	const cn_report_cell *cells; /* the row's cells, computed ones included */
	const cn_report_col *cols;   /* the current table's columns */
	int ncols;
} cn_row_walk;

void cn_row_walk_init(cn_row_walk *w, const cn_report *r);
void cn_row_walk_free(cn_row_walk *w);
/* Reads the next row into ROW: 1, 0 at the end, or a negative cn_status. */
int cn_row_walk_next(cn_row_walk *w, cn_report *r, cn_report_row *row, cn_error *err);

/* Header of a column with its group, for one-row headers ("Trong đó - Nữ").
 * Malloc'd. */
char *cn_col_full_header(const cn_report_col *col);

/* True for text that a spreadsheet would take as a formula ("=1+1",
 * "@SUM(A1)", "+4", "-2+3") or that starts with a tab or CR: writers keep
 * such text as text. */
bool cn_cell_looks_like_formula(const char *s);

/* The value of a ratio column in CELLS: num/den, or -1 when den is 0. */
double cn_report_ratio(const cn_report_col *col, const cn_report_cell *cells);
/* The value of a row-sum column in CELLS. */
long long cn_report_row_sum(const cn_report_col *col, const cn_report_cell *cells);

/* The rules every rendering (screen, xlsx, CSV) follows, in one place. */
/* A percent cell of column COL in the row CELLS: true with *RATIO set, or
 * false when it is left blank (no value, or a ratio over zero). */
bool cn_report_percent(const cn_report_col *col, const cn_report_cell *cell, const cn_report_cell *cells,
		       double *ratio);
/* The label of a computed row (subtotal, total, plain, ratio) to show in
 * the first column of a table of NCOLS columns COLS, as the official
 * layouts place it ("Tổng cộng" under the names), or NULL when the row
 * shows none there: it has none, that column holds a figure (a sum, a
 * ratio), or the source wrote its own text in it. */
const char *cn_row_label(const cn_report_row *row, const cn_report_col *cols, int ncols);
/* The widest table of R: its columns, STT not counted. */
int cn_report_width(const cn_report *r);

/* Writers. Both write to a temporary file (mode 0600) beside PATH, sync it
 * and rename it over PATH only when all went well: on failure nothing is
 * left under PATH (nor the temporary file) and ERR says why in Vietnamese.
 * They consume the report's rows (one writer per report). */
int cn_report_write_xlsx(cn_report *r, const char *path, cn_error *err);
/* PATH "-" writes to standard output. */
int cn_report_write_csv(cn_report *r, const char *path, cn_error *err);
/* CSV to an open stream (UTF-8 with BOM, CRLF). */
int cn_report_write_csv_stream(cn_report *r, FILE *f, cn_error *err);

enum cn_report_format { CN_REPORT_UNKNOWN, CN_REPORT_XLSX, CN_REPORT_CSV };
/* From PATH's extension (.xlsx, .csv, any case; "-" is CSV). */
int cn_report_format_for(const char *path);
/* Writes R in the format PATH's extension names; CN_EINVAL for another. */
int cn_report_write(cn_report *r, const char *path, cn_error *err);

/* What a report covers, from the export command's options. */
typedef struct cn_report_params {
	long long unit_id; /* the unit and everything below it; 0: the whole database */
	/* The period as typed, NULL for the report's default: dates
	 * (dd/mm/yyyy or ISO) for trainings, months (YYYY-MM or MM/YYYY) for
	 * results. */
	const char *from, *to;
	bool all;          /* roster: members who left (and dissolved teams) too */
	bool own;          /* roster: only the teams attached to the unit itself, none below */
	int level;         /* roster: only the teams of units at this level (enum cn_level); 0: all */
	long long training_id; /* attendance: the session */
	bool blank;        /* attendance: the sign-in sheet, without status or time */
} cn_report_params;

/* Every report is built from the database and the same parameters. */
typedef cn_report *cn_report_builder(cn_db *db, const cn_report_params *p, cn_error *err);

/* The summary report "Tổng hợp Tổ CNSCĐ" of the subtree of P->unit_id (0:
 * the whole database): by level, then by child unit, each with its total. */
cn_report *cn_report_summary(cn_db *db, const cn_report_params *p, cn_error *err);

/* "Danh sách thành viên Tổ CNSCĐ": the members of the subtree, a heading
 * row per team, with the hierarchy as columns (Tỉnh, Huyện, Xã, Thôn/Ấp),
 * leader and deputy first in each team. Streams from the database. */
cn_report *cn_report_roster(cn_db *db, const cn_report_params *p, cn_error *err);
/* "Danh sách thành viên chưa tham gia tập huấn": active members never
 * present at any session, one row each with their phone. */
cn_report *cn_report_untrained(cn_db *db, const cn_report_params *p, cn_error *err);
/* "Tổng hợp các lớp tập huấn": the sessions the subtree ran in the period,
 * with attendance and the present by level of their unit, and totals. */
cn_report *cn_report_trainings(cn_db *db, const cn_report_params *p, cn_error *err);
/* "Danh sách người tham dự" of session P->training_id: the session's facts
 * under the title, STT, name, unit (thôn/ấp, xã), position, phone, status,
 * time of arrival and an empty column to sign; members grouped by their
 * team's unit, outside participants last and marked; the counts and the
 * signatures under it. P->blank: the sign-in sheet printed before the
 * workshop, everyone on the list without status or time. */
cn_report *cn_report_attendance(cn_db *db, const cn_report_params *p, cn_error *err);
/* "Kết quả hoạt động": one row per indicator, a column per child unit
 * (columns made at run time), the total, the target and % achieved; then
 * the reporting and on-time rates. Default period: this year so far. */
cn_report *cn_report_results(cn_db *db, const cn_report_params *p, cn_error *err);

/* The reports there are, for "cnscd export" and the interface's report
 * picker alike. */
enum cn_report_period {
	CN_PERIOD_NONE,
	CN_PERIOD_MONTHS, /* --from/--to as months (results) */
	CN_PERIOD_DATES,  /* --from/--to as dates (trainings) */
};
typedef struct cn_report_kind {
	const char *name;  /* "summary": cnscd export's argument, the start of a file name */
	const char *label; /* as the interface shows it */
	enum cn_report_period period;
	bool takes_all;    /* --all: members who left too (roster) */
	bool of_session;   /* of one session (--session), not of a unit: opened from the
			    * session, so not in the interface's picker */
	cn_report_builder *build;
} cn_report_kind;
extern const cn_report_kind cn_report_kinds[];
extern const size_t cn_report_kinds_len;
/* The kind called NAME, or NULL. */
const cn_report_kind *cn_report_kind_named(const char *name);

#endif
