/* Rows for the official lists, streamed by cursors in the order the
 * reports show them: the member roster (and the members never trained),
 * the training sessions of a period, and the child units a report has a
 * column for. A cursor steps one SQL statement, so a national roster of
 * 600,000 members never sits in memory. */
#ifndef CNSCD_REPORT_QUERIES_H
#define CNSCD_REPORT_QUERIES_H

#include <stdbool.h>

#include "cnscd/db.h"
#include "cnscd/unit.h"

enum cn_roster_kind {
	CN_ROSTER_ACTIVE,    /* members still in active teams of open units */
	CN_ROSTER_ALL,       /* also those who left, dissolved teams, closed units */
	CN_ROSTER_UNTRAINED, /* active members never present at any session */
};

typedef struct cn_roster_row {
	/* The names of the member's unit and of its ancestors by level: [1]
	 * province, [2] district, [3] commune, [4] village (units deeper than
	 * a village are added to [4] after " › "). "" for a level the tree
	 * lacks, such as the district in the tree since 1 July 2025. */
	const char *level_name[CN_LEVEL_MAX + 1];
	long long unit_id;
	const char *unit_name;
	const char *parent_name;    /* "" for a top unit */
	long long team_id;
	const char *team_name;
	const char *team_dissolved; /* ISO date or "" */
	bool team_first;            /* the first row of its team */
	long long team_rows;        /* rows its team gives (set on its first row;
				     * not counted for CN_ROSTER_UNTRAINED) */
	long long member_id;
	const char *full_name;
	int gender;                 /* enum cn_gender */
	int birth_year;             /* 0 when unknown */
	int role;                   /* enum cn_role */
	const char *position;
	const char *phone;
	const char *id_number;
	const char *joined;         /* ISO date or "" */
	const char *left_on;        /* ISO date or "" */
} cn_roster_row;

typedef struct cn_roster_cursor cn_roster_cursor;

/* Members of the teams in the subtree of UNIT_ID (0: the whole database),
 * ordered by unit (tree order), team, then leader, deputy, members by
 * name. Strings are valid until the next call. */
cn_roster_cursor *cn_roster_open(cn_db *db, long long unit_id, int kind, cn_error *err);
/* 1 with OUT filled, 0 at the end, or a negative cn_status with ERR set. */
int cn_roster_next(cn_roster_cursor *c, cn_roster_row *out, cn_error *err);
void cn_roster_close(cn_roster_cursor *c);

/* One training session with its attendance counts. */
typedef struct cn_training_stat {
	long long id;
	const char *start_date;   /* ISO */
	const char *end_date;     /* ISO or "" */
	const char *title;
	const char *topics;       /* "A; B" */
	int format;               /* enum cn_training_format */
	const char *unit_name;    /* the unit that runs it */
	const char *organiser;    /* as typed, or "" */
	const char *location;
	int planned;              /* 0 when not set */
	long long invited;        /* everyone on the list */
	long long present;
	/* Present participants by the level of their team's unit: [1]
	 * province .. [4] village (and below); [0] outside participants. */
	long long present_by_level[CN_LEVEL_MAX + 1];
} cn_training_stat;

typedef struct cn_training_cursor cn_training_cursor;

/* Sessions run by the subtree of UNIT_ID (0: all) that start between FROM
 * and TO (ISO dates, both included; NULL: no bound), oldest first. */
cn_training_cursor *cn_training_stats_open(cn_db *db, long long unit_id, const char *from, const char *to,
					   cn_error *err);
int cn_training_stats_next(cn_training_cursor *c, cn_training_stat *out, cn_error *err);
void cn_training_stats_close(cn_training_cursor *c);

/* A child of a unit, as a report column. */
typedef struct cn_unit_child {
	long long id;
	const char *code;
	const char *name;
	int level;
} cn_unit_child;

/* The children of UNIT_ID (0: the top units) in code order: the open ones
 * and those closed on OPEN_SINCE (ISO date) or later; NULL: open ones. FN
 * returns non-zero to stop. */
int cn_unit_children(cn_db *db, long long unit_id, const char *open_since,
		     int (*fn)(const cn_unit_child *c, void *ctx), void *ctx, cn_error *err);

#endif
