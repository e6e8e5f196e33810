/* Activity results: monthly reports per team and their roll-up through
 * the hierarchy, against the indicators and targets of catalogue.h. Totals
 * are always computed by queries from the teams' figures: nothing is
 * stored twice, so nothing can drift. Periods are months "YYYY-MM". */
#ifndef CNSCD_RESULTS_H
#define CNSCD_RESULTS_H

#include "cnscd/catalogue.h"
#include "cnscd/db.h"

enum cn_month_report_status { CN_MONTH_REPORT_DRAFT = 0, CN_MONTH_REPORT_SUBMITTED = 1 };
const char *cn_month_report_status_name(int status); /* "Nháp", "Đã gửi" */

/* The team's report for PERIOD; created as a draft when CREATE and missing
 * (else *REPORT_ID = 0). *STATUS (if not NULL) receives its status. */
int cn_month_report_open(cn_db *db, long long team_id, const char *period, bool create, long long *report_id,
		   int *status, cn_error *err);
/* Sets a value (MEMBER_ID 0: the team's own figure); VALUE < 0 clears it.
 * A submitted report must be reopened first. A member's value must be of
 * a member of the report's team; once an indicator has member values, the
 * team's figure is kept as their sum (and cannot be set by itself: the
 * call fails with CN_EINVAL); clearing the last member value clears it. */
int cn_result_set(cn_db *db, long long report_id, long long indicator_id, long long member_id, long long value,
		  cn_error *err);
/* One value of a monthly report, for cn_month_report_put. */
typedef struct cn_month_report_value {
	long long indicator_id;
	long long member_id; /* 0: the team's own figure */
	long long value;     /* < 0: clears it */
} cn_month_report_value;
/* A team's month in one call: TEAM_ID's report of PERIOD (created as a
 * draft when missing) gets VALUES[0..N) as N calls of cn_result_set would
 * give them, in order, and is then submitted by BY when SUBMIT; all of it
 * in one transaction, the approval lock asked once, and nothing written
 * when any value is refused. *REPORT_ID (if not NULL) receives the report.
 * Each row written is in the audit log as with cn_result_set. */
int cn_month_report_put(cn_db *db, long long team_id, const char *period, const cn_month_report_value *values, int n,
		  bool submit, const char *by, long long *report_id, cn_error *err);
/* The stored value, or -1 when there is none; for MEMBER_ID 0 the team's
 * figure (the members' sum when split). */
long long cn_result_get(cn_db *db, long long report_id, long long indicator_id, long long member_id);
/* True when the report records INDICATOR_ID member by member. */
bool cn_result_split(cn_db *db, long long report_id, long long indicator_id);

/* The members whose figures a report of TEAM_ID can hold, for the columns
 * of the monthly grid: the active members, and those who left but have
 * figures in REPORT_ID (0: none); leaders, deputies, members, by name. */
typedef struct cn_month_report_member {
	long long id;
	const char *name;
	int role;
	bool left;
} cn_month_report_member;
int cn_month_report_members(cn_db *db, long long team_id, long long report_id,
		      int (*fn)(const cn_month_report_member *m, void *ctx), void *ctx, cn_error *err);
/* Marks the report submitted by BY (the operator's name), now. */
int cn_month_report_submit(cn_db *db, long long report_id, const char *by, cn_error *err);
/* Back to draft; the reopening is logged with BY and NOTE. */
int cn_month_report_reopen(cn_db *db, long long report_id, const char *by, const char *note, cn_error *err);

/* One indicator's figures for a unit's subtree over a period range. */
typedef struct cn_rollup {
	const cn_indicator *indicator;
	long long value;   /* sum of the teams' figures */
	long long target;  /* the unit's target covering the range, -1 if none */
} cn_rollup;

/* For each active indicator: the sum over all teams in the subtree of
 * UNIT_ID (0: everything) for months FROM..TO. Only submitted reports count
 * unless INCLUDE_DRAFTS. */
int cn_results_rollup(cn_db *db, long long unit_id, const char *from, const char *to, bool include_drafts,
		      int (*fn)(const cn_rollup *r, void *ctx), void *ctx, cn_error *err);

/* The same sums by child of UNIT_ID (0: by top unit): one call per child
 * and active indicator that has figures, the child's whole subtree summed;
 * IS_SELF for the teams attached to UNIT_ID itself. The calls for a child
 * add up to the roll-up of UNIT_ID. */
typedef struct cn_child_figure {
	long long unit_id; /* the child, or UNIT_ID itself when IS_SELF */
	bool is_self;
	long long indicator_id;
	long long value;
} cn_child_figure;
int cn_results_by_child(cn_db *db, long long unit_id, const char *from, const char *to, bool include_drafts,
			int (*fn)(const cn_child_figure *f, void *ctx), void *ctx, cn_error *err);

/* Reporting completeness over months FROM..TO for the subtree of UNIT_ID:
 * EXPECTED = active teams summed over the months, SUBMITTED = reports
 * submitted, ON_TIME = those submitted within DUE_DAYS days after the end
 * of their month. */
typedef struct cn_month_report_rate {
	long long expected;
	long long submitted;
	long long on_time;
} cn_month_report_rate;
int cn_reporting_rate(cn_db *db, long long unit_id, const char *from, const char *to, int due_days,
		      cn_month_report_rate *out, cn_error *err);

/* The same by child of UNIT_ID (as cn_results_by_child): one call per
 * child (or UNIT_ID itself, IS_SELF) that has teams owing reports. */
typedef struct cn_child_rate {
	long long unit_id;
	bool is_self;
	cn_month_report_rate rate;
} cn_child_rate;
int cn_reporting_rate_by_child(cn_db *db, long long unit_id, const char *from, const char *to, int due_days,
			       int (*fn)(const cn_child_rate *r, void *ctx), void *ctx, cn_error *err);

/* Behind the IS_SELF figures of cn_results_by_child: the teams attached
 * to UNIT_ID itself (not its subtree), one call per team and active
 * indicator with figures, teams by name. The calls for an indicator add up
 * to UNIT_ID's IS_SELF figure. */
typedef struct cn_team_figure {
	long long team_id;
	const char *team_name;
	long long indicator_id;
	long long value;
} cn_team_figure;
int cn_results_by_team(cn_db *db, long long unit_id, const char *from, const char *to, bool include_drafts,
		       int (*fn)(const cn_team_figure *f, void *ctx), void *ctx, cn_error *err);

/* Reporting completeness of each team attached to UNIT_ID itself that owed
 * reports over FROM..TO (as cn_reporting_rate). */
typedef struct cn_team_rate {
	long long team_id;
	const char *team_name;
	cn_month_report_rate rate;
} cn_team_rate;
int cn_reporting_rate_by_team(cn_db *db, long long unit_id, const char *from, const char *to, int due_days,
			      int (*fn)(const cn_team_rate *r, void *ctx), void *ctx, cn_error *err);

/* Behind a team's figure: one call per member and active indicator with
 * values over FROM..TO, and MEMBER_ID 0 (NAME NULL) for the team's own
 * figures of reports that do not split the indicator by member. The calls
 * for an indicator add up to the team's figure. */
typedef struct cn_member_figure {
	long long member_id;
	const char *name;
	long long indicator_id;
	long long value;
} cn_member_figure;
int cn_results_by_member(cn_db *db, long long team_id, const char *from, const char *to, bool include_drafts,
			 int (*fn)(const cn_member_figure *f, void *ctx), void *ctx, cn_error *err);

/* The subtree of UNIT_ID (0: everything) by the level (enum cn_level) of
 * the unit each team is attached to: one call per level and active
 * indicator with figures, levels in order. The calls for an indicator add
 * up to the roll-up of UNIT_ID. */
typedef struct cn_level_figure {
	int level;
	long long indicator_id;
	long long value;
} cn_level_figure;
int cn_results_by_level(cn_db *db, long long unit_id, const char *from, const char *to, bool include_drafts,
			int (*fn)(const cn_level_figure *f, void *ctx), void *ctx, cn_error *err);

/* Reporting completeness by level likewise: one call per level with teams
 * owing reports. */
typedef struct cn_level_rate {
	int level;
	cn_month_report_rate rate;
} cn_level_rate;
int cn_reporting_rate_by_level(cn_db *db, long long unit_id, const char *from, const char *to, int due_days,
			       int (*fn)(const cn_level_rate *r, void *ctx), void *ctx, cn_error *err);

/* Behind one level's figure: each unit of LEVEL in the subtree of UNIT_ID
 * with the figures of its own teams (UNIT_ID the unit, IS_SELF false), one
 * call per unit and active indicator, in tree order; and their rates. The
 * calls add up to the level's figures above. */
int cn_results_at_level(cn_db *db, long long unit_id, int level, const char *from, const char *to,
			bool include_drafts, int (*fn)(const cn_child_figure *f, void *ctx), void *ctx, cn_error *err);
int cn_reporting_rate_at_level(cn_db *db, long long unit_id, int level, const char *from, const char *to,
			       int due_days, int (*fn)(const cn_child_rate *r, void *ctx), void *ctx, cn_error *err);

/* The teams of the subtree of UNIT_ID that report for the month PERIOD
 * (established by its end, not dissolved before its start, in a unit open
 * then), in tree order then by name, each with its report of the month
 * (REPORT_ID 0 when there is none yet). Strings valid during the call. */
typedef struct cn_month_team {
	long long team_id;
	const char *team_name;
	const char *unit_name; /* where it is: "Ấp 1", "Xã Vĩnh Mỹ A" */
	long long report_id;
	int status;            /* enum cn_month_report_status */
} cn_month_team;
int cn_month_teams(cn_db *db, long long unit_id, const char *period,
		   int (*fn)(const cn_month_team *t, void *ctx), void *ctx, cn_error *err);

/* The period a results report covers when none is given: the last month
 * whose report is owed today (cnscd/today.h), or its whole quarter when
 * it ends one (the quarter's reports are all owed then). */
void cn_results_default_period(cn_db *db, char from[8], char to[8]);

#endif
