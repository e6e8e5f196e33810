/* Importing lists from files (CSV or Excel .xlsx): administrative units,
 * team members, the attendance of a training session and monthly activity
 * results. Every import reads and checks the whole file first; with any bad row
 * nothing is written (unless the caller asks to skip bad rows, which then go
 * to a reject file), and what is written is written in one transaction.
 * Importing the same file again adds nothing new. The checks hold back no
 * other user (the database's write lock is taken for the writing only), and
 * memory stays bounded whatever the size of the file. */
#ifndef CNSCD_IMPORT_H
#define CNSCD_IMPORT_H

#include <stdbool.h>

#include "cnscd/db.h"

/* At most this many problems (and notes) are kept, the first in file
 * order; the result counts them all. */
#define CN_IMPORT_MAX_PROBLEMS 1000

/* What an import is doing, for a progress bar. */
enum cn_import_phase {
	CN_IMPORT_READING = 1, /* reading the file and checking each row */
	CN_IMPORT_CHECKING,    /* the checks across rows and against the database */
	CN_IMPORT_WRITING,     /* writing, in one transaction */
};

typedef struct cn_import_progress {
	int phase;            /* enum cn_import_phase */
	long long rows;       /* rows read (reading, checking) or written (writing) */
	long long total;      /* writing: the rows to write; 0 when not known */
	double fraction;      /* of the phase done, 0..1; < 0 when not known */
	double elapsed_s;     /* since the import began */
} cn_import_progress;

/* Called every few thousand rows and at each change of phase, from the
 * thread running the import; it must not use the database. */
typedef void (*cn_import_progress_fn)(const cn_import_progress *p, void *ctx);

/* What a progress line keeps between two reports; zeroed to start. */
typedef struct cn_import_meter {
	int phase;
	double phase_start;   /* when the phase began */
	long long phase_rows; /* rows done when it began */
	double show_after_s;  /* 0 until the first call */
} cn_import_meter;

/* The line for P into OUT ("Ghi ██████░░░░ 120.000/300.000 dòng, 50.000
 * dòng/giây": the phase, a bar when the part done is known, the rows and
 * the rows per second of the phase), and true; false while the import is
 * less than a second old (CNSCD_PROGRESS_AFTER_MS changes that): an import
 * that ends at once shows none. */
bool cn_import_progress_line(cn_import_meter *m, const cn_import_progress *p, char *out, size_t size);

typedef struct cn_import_options {
	/* Import the good rows and write the bad ones, with the reason, to the
	 * reject file; otherwise any bad row stops the whole import. */
	bool skip_invalid;
	/* Where the rejected rows go; NULL: beside the input, "<name>.loi.csv". */
	const char *reject_path;
	/* xlsx: the sheet to read, by name; NULL: the first visible sheet. */
	const char *sheet;
	/* Results: reopen the submitted reports that the file changes (the
	 * reopening is logged with BY); without it, rows that would change a
	 * submitted report are bad rows. */
	bool reopen;
	/* Results: mark the reports the file fills in as submitted by BY. */
	bool submit;
	/* Members: a row whose CCCD is an active member's of another team is
	 * that person moving (a transfer); with this, a second membership of
	 * the same person instead (they serve in both teams). */
	bool keep_both;
	/* Results: the person who reopens and submits (cnscd/people.h). */
	const char *by;
	/* Optional progress reports. */
	cn_import_progress_fn progress;
	void *progress_ctx;
} cn_import_options;

/* One thing wrong with the input file. */
typedef struct cn_import_problem {
	long line;          /* physical line of the record in the file */
	int column;         /* 1-based column, 0 when not about one column */
	char *column_name;  /* that column's header as written in the file, or NULL */
	char *message;      /* Vietnamese, from the core's validators */
} cn_import_problem;

typedef struct cn_import_result {
	const char *noun;   /* what was imported: "đơn vị", "thành viên" */
	long added, updated, unchanged;
	long rejected;      /* rows (records) of the file that were not imported */
	long teams_added;   /* members: teams created on the way */
	long moved;         /* members: people moved from another team (their CCCD), each in notes */
	long matched;       /* attendance: rows matched to a member */
	long guests;        /* attendance: rows recorded as outside participants */
	long reports_reopened, reports_submitted; /* results */
	char **notes;       /* what the user should know that is not an error
			     * (attendance: the rows recorded as guests), in file order;
			     * at most CN_IMPORT_MAX_PROBLEMS */
	int nnotes;
	long notes_total;   /* all of them */
	cn_import_problem *problems; /* in file order: the first CN_IMPORT_MAX_PROBLEMS */
	int nproblems;
	long problems_total; /* all of them */
	char *reject_path;  /* the reject file written, or NULL */
} cn_import_result;

void cn_import_result_clear(cn_import_result *res);

/* "dòng 7, cột 6 (phone): Số điện thoại «12» không hợp lệ: …". Malloc'd. */
char *cn_import_problem_text(const cn_import_problem *p);

/* "Nhập đơn vị: thêm mới 3, cập nhật 1, không đổi 10, bị loại 2 dòng."
 * (attendance adds "khớp thành viên N, khách mời N; ", results the reports
 * reopened and submitted). Malloc'd. */
char *cn_import_summary(const cn_import_result *res);

/* The reject file used for INPUT when none is given: "a/b.csv" → "a/b.loi.csv". */
char *cn_import_reject_path(const char *input);

/* Units, from a CSV with the columns code,name,type,level,parent_code (in any
 * order; headers matched without regard to case and diacritics; level is
 * optional and ignored, the level comes from the type), or from the flat
 * export of the statistics office (Mã TP, Tỉnh / Thành Phố, Mã QH, Quận
 * Huyện, Mã PX, Phường Xã, Cấp; one row per commune). Units are matched by
 * code: a known code whose name, type or parent differ is updated.
 *
 * Returns CN_OK when the import was written (RES says what was done; with
 * skip_invalid, RES->rejected rows went to RES->reject_path); CN_EINVAL with
 * RES->problems filled when rows are bad and nothing was written; another
 * status with ERR set when the file cannot be read at all (unreadable,
 * missing columns) or the database fails. */
int cn_import_units(cn_db *db, const char *path, const cn_import_options *opt, cn_import_result *res,
		    cn_error *err);

/* Members, from a CSV with the columns unit_code,team,full_name,gender,
 * birth_year,phone,id_number,role,position,joined (only unit_code and
 * full_name are required). An empty team means the unit's default team
 * "Tổ CNSCĐ <unit name>"; a team not found is created. A member already in
 * the team (same ID number, else same name and birth year) is updated from
 * the non-empty cells. Same return values as cn_import_units. */
int cn_import_members(cn_db *db, const char *path, const cn_import_options *opt, cn_import_result *res,
		      cn_error *err);

/* The attendance of training session TRAINING_ID, from a file with the
 * columns full_name,phone,id_number,unit_code,position,status (only
 * full_name is required; status Có mặt / Vắng / Vắng có phép / x, empty =
 * present). Each row is matched to an active member: by ID number, else by
 * phone (when the given names agree), else by folded name in the unit
 * unit_code (its own teams first, then the units below it; without a known
 * unit: those already on the session's list, then the session's unit and
 * below). A name that fits two members is a bad row asking for the ID
 * number or the phone. Unmatched rows become outside participants (found
 * again by folded name and phone on a second import), each listed in
 * RES->notes. CN_ENOTFOUND when there is no such session; otherwise the
 * same return values as cn_import_units. */
int cn_import_attendance(cn_db *db, long long training_id, const char *path, const cn_import_options *opt,
			 cn_import_result *res, cn_error *err);

/* Monthly results, from a file with the columns period,unit_code,team,
 * indicator_code,value: period YYYY-MM or MM/YYYY, an empty team is the
 * unit's default team, indicators by code (any case), values non-negative
 * integers ("1.234" and "1,234" read as 1234; an empty value changes
 * nothing). Values go to the team's report of that month (created as a
 * draft). Rows that would change a submitted report are bad rows unless
 * OPT->reopen; OPT->submit submits the reports of the file. Same return
 * values as cn_import_units. */
int cn_import_results(cn_db *db, const char *path, const cn_import_options *opt, cn_import_result *res,
		      cn_error *err);

#endif
