/* Shared by the two halves of the results importer: import_results.c
 * reads and checks each row against its team's report of the month,
 * import_results_write.c finds the values given twice and writes.
 *
 * Kept in the temp schema:
 *   imp_report  one row per team and month the file touches (slot): the
 *               report (0: none yet), its status, whether its figures are
 *               locked (approved), and the id it gets when created;
 *   imp_res     one row per good row of the file: its slot, indicator and
 *               value, and the value stored before (-1: none). */
#ifndef CNSCD_CORE_IMPORT_RESULTS_H
#define CNSCD_CORE_IMPORT_RESULTS_H

#include "import_internal.h"

enum { R_PERIOD, R_UNIT, R_TEAM, R_INDICATOR, R_VALUE, R_NCOLS };

/* One team's report of one month, as the file touches it. */
struct report_slot {
	long long slot;      /* its row in imp_report */
	long long team_id;
	char period[8];
	char *team_name;
	long long id;        /* the report, 0 when there is none */
	int status;
	int lock;            /* 0 not asked yet, 1 editable, 2 approved: locked */
	char *locked;        /* why, when locked */
};

struct results {
	cn_strmap units;      /* unit code → id (a cache) */
	cn_strmap teams;      /* "<unit>|<folded team>" → team id (a cache) */
	cn_strmap indicators; /* code as written → id (a cache) */
	cn_strmap slot_keys;  /* "<team>|<period>" → index into slots (a cache) */
	struct report_slot *slots;
	size_t nslots, capslots;
	long long next_slot;
};

/* The values given twice for a report (same team, month and indicator). */
void results_repeats(cn_import *imp);
/* Creates the reports needed, reopens and submits as asked, and writes the
 * values. */
int results_write(cn_import *imp, struct results *s, cn_error *err);

#endif
