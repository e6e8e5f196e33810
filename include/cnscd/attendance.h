/* Attendance of training sessions: who is on a session's list (members
 * invited by team or unit, outside participants), their status at the
 * door, the counts, finding people at check-in and the sheet's rows. The
 * sessions themselves are training.h; undo at check-in attendance_undo.h. */
#ifndef CNSCD_ATTENDANCE_H
#define CNSCD_ATTENDANCE_H

#include <stdbool.h>

#include "cnscd/db.h"

enum cn_attendance_status {
	CN_ATT_INVITED = 0, /* expected, not yet checked in */
	CN_ATT_PRESENT = 1,
	CN_ATT_ABSENT = 2,
	CN_ATT_EXCUSED = 3,
};
const char *cn_attendance_status_name(int status);
/* "có mặt"/"present"/"1", "vắng", "có phép"... Empty → present. */
int cn_parse_attendance_status(const char *in, int *out, cn_error *err);

/* Puts the active members of TEAM_ID on the session's list (those already
 * on it are left alone). *ADDED (if not NULL) receives how many were new. */
int cn_attendance_invite_team(cn_db *db, long long training_id, long long team_id, int *added, cn_error *err);
/* The same for every active team of UNIT_ID, the units below it and the
 * units above it (not their other children); with ONLY_UNTRAINED, only
 * members who were never present at any session. */
int cn_attendance_invite_unit(cn_db *db, long long training_id, long long unit_id, bool only_untrained,
			      int *added, cn_error *err);
/* Puts one member on the list with STATUS (present: checked in now). An
 * existing entry gets the new status. Sets *ID to the attendance row. */
int cn_attendance_set_member(cn_db *db, long long training_id, long long member_id, int status, long long *id,
			     cn_error *err);
/* Adds an outside participant (name required; phone validated). */
int cn_attendance_add_guest(cn_db *db, long long training_id, const char *name, const char *position,
			    const char *unit, const char *phone, int status, long long *id, cn_error *err);
/* Changes the status of one attendance row; present records the time. */
int cn_attendance_set_status(cn_db *db, long long attendance_id, int status, cn_error *err);
/* The same for N distinct rows at once (a class checked in), in one
 * statement: all of them or, when one is gone, none (CN_ENOTFOUND). */
int cn_attendance_set_status_many(cn_db *db, const long long *ids, int n, int status, cn_error *err);
/* Removes one row from the list (a walk-in added by mistake). */
int cn_attendance_remove(cn_db *db, long long attendance_id, cn_error *err);
/* Invited and present counts of a session. */
int cn_attendance_counts(cn_db *db, long long training_id, int *invited, int *present, cn_error *err);

/* The counts of a session, under the same three words everywhere (the
 * session list, check-in, the reports, the CLI): present, invited (on the
 * list, whatever their status), planned (0: not set). */
#define CN_WORD_PRESENT "Có mặt"
#define CN_WORD_INVITED "Được mời"
#define CN_WORD_PLANNED "Dự kiến"
typedef struct cn_attendance_tally {
	int present, invited, planned;
	int absent, excused, guests; /* guests: outside participants on the list */
} cn_attendance_tally;
int cn_attendance_tally_get(cn_db *db, long long training_id, cn_attendance_tally *out, cn_error *err);
/* What goes with a session (training.h) when it is deleted: "danh sách 45 người (30 có
 * mặt, 2 khách mời), 3 chủ đề", or "" when nothing; NULL on error.
 * Malloc'd. */
char *cn_training_delete_what(cn_db *db, long long id, cn_error *err);
#define CN_TALLY_TEXT_LEN 96
/* "Có mặt 45 / Được mời 60 / Dự kiến 60" ("Dự kiến –" when not set);
 * without the present when NO_PRESENT (a sign-in sheet before the day). */
void cn_attendance_tally_text(const cn_attendance_tally *t, bool no_present, char out[CN_TALLY_TEXT_LEN]);

/* One participant of a session, for the check-in list. */
typedef struct cn_attendee {
	long long id;        /* attendance row */
	long long member_id; /* 0 for an outside participant */
	const char *name;
	const char *phone;
	const char *position;
	const char *unit;    /* the member's unit, or what a guest gave */
	int status;
	const char *checked_in_at;
} cn_attendee;

/* Participants of a session whose folded name contains every word of QUERY
 * (no diacritics needed), or whose phone ends with QUERY when it is digits;
 * expected people first, then by name. At most LIMIT from OFFSET. Returns
 * the number of matches in total (for a scroll bar) or a negative status. */
int cn_attendance_find(cn_db *db, long long training_id, const char *query, int offset, int limit,
		       int (*fn)(const cn_attendee *a, void *ctx), void *ctx, cn_error *err);

/* The same for a screen that asks on every keystroke: the session's list
 * is read once (for each row its id, status, folded name and phone, a few
 * dozen bytes), filtered in memory, and only the rows given to FN are read
 * from the database. Read again by cn_attendance_index_reload after this
 * connection changed the list, and by itself when another connection
 * wrote to the database. */
typedef struct cn_attendance_index cn_attendance_index;
cn_attendance_index *cn_attendance_index_open(cn_db *db, long long training_id, cn_error *err);
int cn_attendance_index_reload(cn_attendance_index *ix, cn_error *err);
int cn_attendance_index_find(cn_attendance_index *ix, const char *query, int offset, int limit,
			     int (*fn)(const cn_attendee *a, void *ctx), void *ctx, cn_error *err);
/* After this connection set row ID's status (the common change at the
 * door): the held list follows without reading it again. False when the
 * row is not held (reload then). */
bool cn_attendance_index_set(cn_attendance_index *ix, long long id, int status);
/* The counts of the list held (the planned number as read with it). */
void cn_attendance_index_tally(const cn_attendance_index *ix, cn_attendance_tally *out);
void cn_attendance_index_close(cn_attendance_index *ix);

/* Changes one outside participant's name, position, unit and phone,
 * checked as when added; the search key follows, so the next import finds
 * the guest again by the corrected name and phone. */
int cn_attendance_update_guest(cn_db *db, long long attendance_id, const char *name, const char *position,
			       const char *unit, const char *phone, cn_error *err);
/* True for a name typed without any Vietnamese diacritic where a full
 * name would have some ("tran van binh", "Nguyen Van An"): the forms
 * suggest typing it again with them. */
bool cn_name_lacks_marks(const char *name);

/* A member not on a session's list found by the core search: whom the
 * check-in offers to invite and check in at once. */
typedef struct cn_candidate {
	long long member_id;
	const char *name;
	const char *phone;
	const char *position;
	const char *team;    /* "Tổ CNSCĐ Ấp 1" */
	const char *unit;    /* the team's unit ("Ấp 1") */
	const char *commune; /* its commune (or the unit itself at commune level and above) */
} cn_candidate;
/* Active members (not left, in an active team of an open unit) of the
 * whole database who match QUERY as the core search matches, best first,
 * and are not on the list of session TRAINING_ID: at most LIMIT of them.
 * Returns how many were given to FN (non-zero from FN stops) or a
 * negative status. */
int cn_attendance_candidates(cn_db *db, long long training_id, const char *query, int limit,
			     int (*fn)(const cn_candidate *c, void *ctx), void *ctx, cn_error *err);

/* The list of a session in the order of its attendance sheet: members
 * by their team's unit (tree order), leader and deputy first, then by
 * name; outside participants last, by name. A cursor: the strings are
 * valid until the next call. */
typedef struct cn_sheet_row {
	long long id;           /* attendance row */
	bool guest;
	long long unit_id;      /* the member's team's unit; 0 for a guest */
	const char *unit;       /* its name, or what a guest gave ("" if nothing) */
	const char *commune;    /* the commune above the unit ("" at commune level and above, and for a guest) */
	long long unit_rows;    /* rows of this unit (or of the guests) in the list */
	const char *name;
	const char *position;
	const char *phone;
	int status;             /* enum cn_attendance_status */
	const char *checked_in_at; /* UTC ISO, "" when not present */
} cn_sheet_row;
typedef struct cn_sheet_cursor cn_sheet_cursor;
cn_sheet_cursor *cn_sheet_open(cn_db *db, long long training_id, cn_error *err);
/* 1 with OUT filled, 0 at the end, or a negative status. */
int cn_sheet_next(cn_sheet_cursor *c, cn_sheet_row *out, cn_error *err);
void cn_sheet_close(cn_sheet_cursor *c);

#endif
