/* The indicator catalogue (chỉ tiêu hoạt động: what teams report each
 * month, how each adds up over time, its order) and the targets (chỉ tiêu
 * giao) set for units over periods of months "YYYY-MM". The monthly
 * reports and roll-ups that use them are in results.h. */
#ifndef CNSCD_CATALOGUE_H
#define CNSCD_CATALOGUE_H

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

/* Keeping the catalogue. */
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

/* Sets the unit's target for an indicator over [FROM, TO] (months). */
int cn_target_set(cn_db *db, long long unit_id, long long indicator_id, const char *from, const char *to,
		  long long value, cn_error *err);

/* The targets set, as listed. Strings valid during the call. */
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

/* The target of UNIT_ID for an indicator covering months FROM..TO (as the
 * roll-up shows it), or -1 when there is none. */
long long cn_target_get(cn_db *db, long long unit_id, long long indicator_id, const char *from, const char *to);

#endif
