/* Activity results: the indicator catalogue, targets (chỉ tiêu), monthly
 * reports per team, and their roll-up through the hierarchy. Totals are
 * always computed by queries from the teams' figures: nothing is stored
 * twice, so nothing can drift. Periods are months "YYYY-MM". */
#ifndef CNSCD_RESULTS_H
#define CNSCD_RESULTS_H

#include "cnscd/db.h"

/* How an indicator adds up over the months of a period. Across units
 * values always add up. */
enum cn_aggregate {
	CN_AGG_SUM = 0,  /* "cộng dồn": a flow, counted anew each month */
	CN_AGG_LAST = 1, /* "số cuối kỳ": a stock; a team's value over a period is
			  * that of the latest month of it for which the team has
			  * a submitted report giving one */
};

typedef struct cn_indicator {
	long long id;
	const char *code;    /* "VNEID_MUC2" */
	const char *name;    /* Vietnamese name */
	const char *measure; /* unit of measure: "người", "hộ", ... */
	int sort_order;
	bool active;
	int aggregate;       /* enum cn_aggregate */
} cn_indicator;

/* "cộng dồn", "số cuối kỳ". */
const char *cn_aggregate_name(int aggregate);
/* "sum", "last": as stored and as the command line takes it. */
const char *cn_aggregate_code(int aggregate);
/* "sum"/"last", or the Vietnamese names (marks and case ignored). err->field
 * is "aggregate". */
int cn_parse_aggregate(const char *in, int *out, cn_error *err);
/* Sets how the indicator adds up over time. */
int cn_indicator_set_aggregate(cn_db *db, long long id, int aggregate, cn_error *err);

/* The catalogue in its order; inactive indicators only when asked. */
int cn_indicator_list(cn_db *db, bool include_inactive, int (*fn)(const cn_indicator *ind, void *ctx), void *ctx,
		      cn_error *err);
/* Adds an indicator; CODE is letters, digits and '_' (upper-cased). */
int cn_indicator_add(cn_db *db, const char *code, const char *name, const char *measure, long long *id,
		     cn_error *err);
int cn_indicator_update(cn_db *db, long long id, const char *name, const char *measure, int sort_order,
			bool active, cn_error *err);
long long cn_indicator_id_by_code(cn_db *db, const char *code);

/* Keeping the catalogue (catalogue.c). */
#define CN_INDICATOR_ORDER_MAX 1000000
/* Like cn_indicator_add, at SORT_ORDER (< 0: after the last one). */
int cn_indicator_add_at(cn_db *db, const char *code, const char *name, const char *measure, int sort_order,
			long long *id, cn_error *err);
/* The indicator ID, its strings malloc'd (cn_indicator_clear frees them). */
int cn_indicator_get(cn_db *db, long long id, cn_indicator *out, cn_error *err);
void cn_indicator_clear(cn_indicator *ind);
/* A code as stored: trimmed, upper-cased, letters, digits and '_' only;
 * *OUT malloc'd. err->field is "code". */
int cn_indicator_code_check(const char *code, char **out, cn_error *err);
/* The checks of add and update beyond each field's own: SORT_ORDER in
 * range (field "sort_order"), NAME not another indicator's, ignoring
 * case and marks (field "name"). ID 0 for a new one. */
int cn_indicator_check(cn_db *db, long long id, const char *name, int sort_order, cn_error *err);
/* How many monthly figures and targets use the indicator (-1: error). */
long long cn_indicator_uses(cn_db *db, long long id);
/* Changes the code: refused once the indicator is used (cn_indicator_uses),
 * since files and other offices know it by its code. */
int cn_indicator_set_code(cn_db *db, long long id, const char *code, cn_error *err);
/* Deletes an unused indicator; one with figures or targets is made
 * inactive instead, so no report loses its numbers (*DEACTIVATED true). */
int cn_indicator_remove(cn_db *db, long long id, bool *deactivated, cn_error *err);
/* Moves ID one place up (DELTA < 0) or down in the catalogue order. */
int cn_indicator_move(cn_db *db, long long id, int delta, cn_error *err);

enum cn_report_status { CN_REPORT_DRAFT = 0, CN_REPORT_SUBMITTED = 1 };
const char *cn_report_status_name(int status); /* "Nháp", "Đã gửi" */

/* The team's report for PERIOD; created as a draft when CREATE and missing
 * (else *REPORT_ID = 0). *STATUS (if not NULL) receives its status. */
int cn_report_open(cn_db *db, long long team_id, const char *period, bool create, long long *report_id,
		   int *status, cn_error *err);
/* Sets a value (MEMBER_ID 0: the team's own figure); VALUE < 0 clears it.
 * A submitted report must be reopened first. A member's value must be of
 * a member of the report's team; once an indicator has member values, the
 * team's figure is kept as their sum (and cannot be set by itself: the
 * call fails with CN_EINVAL); clearing the last member value clears it. */
int cn_result_set(cn_db *db, long long report_id, long long indicator_id, long long member_id, long long value,
		  cn_error *err);
/* One value of a monthly report, for cn_report_put. */
typedef struct cn_report_value {
	long long indicator_id;
	long long member_id; /* 0: the team's own figure */
	long long value;     /* < 0: clears it */
} cn_report_value;
/* A team's month in one call: TEAM_ID's report of PERIOD (created as a
 * draft when missing) gets VALUES[0..N) as N calls of cn_result_set would
 * give them, in order, and is then submitted by BY when SUBMIT; all of it
 * in one transaction, the approval lock asked once, and nothing written
 * when any value is refused. *REPORT_ID (if not NULL) receives the report.
 * Each row written is in the audit log as with cn_result_set. */
int cn_report_put(cn_db *db, long long team_id, const char *period, const cn_report_value *values, int n,
		  bool submit, const char *by, long long *report_id, cn_error *err);
/* The stored value, or -1 when there is none; for MEMBER_ID 0 the team's
 * figure (the members' sum when split). */
long long cn_result_get(cn_db *db, long long report_id, long long indicator_id, long long member_id);
/* True when the report records INDICATOR_ID member by member. */
bool cn_result_split(cn_db *db, long long report_id, long long indicator_id);

/* The members whose figures a report of TEAM_ID can hold, for the columns
 * of the monthly grid: the active members, and those who left but have
 * figures in REPORT_ID (0: none); leaders, deputies, members, by name. */
typedef struct cn_report_member {
	long long id;
	const char *name;
	int role;
	bool left;
} cn_report_member;
int cn_report_members(cn_db *db, long long team_id, long long report_id,
		      int (*fn)(const cn_report_member *m, void *ctx), void *ctx, cn_error *err);
/* Marks the report submitted by BY (the operator's name), now. */
int cn_report_submit(cn_db *db, long long report_id, const char *by, cn_error *err);
/* Back to draft; the reopening is logged with BY and NOTE. */
int cn_report_reopen(cn_db *db, long long report_id, const char *by, const char *note, cn_error *err);

/* Sets the unit's target for an indicator over [FROM, TO] (months). */
int cn_target_set(cn_db *db, long long unit_id, long long indicator_id, const char *from, const char *to,
		  long long value, cn_error *err);

/* The targets set, as listed (catalogue.c). Strings valid during the call. */
typedef struct cn_target_row {
	long long id, unit_id;
	const char *unit_code, *unit_name;
	long long indicator_id;
	const char *indicator_code, *indicator_name, *measure;
	const char *from, *to; /* "YYYY-MM" */
	long long value;
	bool indicator_active;
} cn_target_row;
/* Targets of UNIT_ID (0: every unit) whose period overlaps YEAR (0: any),
 * in tree order, then the catalogue's, then by period. */
int cn_target_list(cn_db *db, long long unit_id, int year, int (*fn)(const cn_target_row *t, void *ctx),
		   void *ctx, cn_error *err);
int cn_target_delete(cn_db *db, long long id, cn_error *err);
/* A target's period as typed: "2026" (the year), "06/2026" or "2026-06"
 * (one month), "01/2026 - 06/2026", "2026-01..2026-06" or "01/2026 đến
 * 06/2026". err->field is "period". */
int cn_parse_target_period(const char *in, char from[8], char to[8], cn_error *err);
/* A target value: a whole number up to 10^9, "12.000" and "12 000" too.
 * err->field is "value". */
int cn_parse_target_value(const char *in, long long *out, cn_error *err);
/* "Năm 2026", "06/2026" or "01/2026 – 06/2026". */
void cn_target_period_text(const char *from, const char *to, char out[40]);

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

/* The target of UNIT_ID for an indicator covering months FROM..TO (as the
 * roll-up shows it), or -1 when there is none. */
long long cn_target_get(cn_db *db, long long unit_id, long long indicator_id, const char *from, const char *to);

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
typedef struct cn_reporting_rate {
	long long expected;
	long long submitted;
	long long on_time;
} cn_report_rate;
int cn_reporting_rate(cn_db *db, long long unit_id, const char *from, const char *to, int due_days,
		      cn_report_rate *out, cn_error *err);

/* The same by child of UNIT_ID (as cn_results_by_child): one call per
 * child (or UNIT_ID itself, IS_SELF) that has teams owing reports. */
typedef struct cn_child_rate {
	long long unit_id;
	bool is_self;
	cn_report_rate rate;
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
	cn_report_rate rate;
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
	cn_report_rate rate;
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
	int status;            /* enum cn_report_status */
} cn_month_team;
int cn_month_teams(cn_db *db, long long unit_id, const char *period,
		   int (*fn)(const cn_month_team *t, void *ctx), void *ctx, cn_error *err);

/* Setting "report_due_days" (default 5). */
int cn_report_due_days(cn_db *db);

/* The period a results report covers when none is given: the last month
 * whose report is owed today (cnscd/today.h), or its whole quarter when
 * it ends one (the quarter's reports are all owed then). */
void cn_results_default_period(cn_db *db, char from[8], char to[8]);

#endif
