/* Shared by the two halves of the results importer: import_results.c
 * reads and checks each row against its team's report of the month,
 * import_results_write.c finds the values given twice and writes.
 *
 * Kept in the temp schema:
 *   imp_report  one row per team and month the file touches (slot): the
 *               report (0: none yet), its status, whether its figures are
 *               locked (approved), and the id it gets when created;
 *   imp_res     one row per good row of the file (and per row refused
 *               for its report's state): its slot, report (an id, or the
 *               id it will get), indicator and value, the value stored
 *               before (-1: none), what writing does with it (act), and
 *               whether it is rejected (bad). */
#ifndef CNSCD_CORE_IMPORT_RESULTS_INTERNAL_H
#define CNSCD_CORE_IMPORT_RESULTS_INTERNAL_H

#include "import_internal.h"

enum { R_PERIOD, R_UNIT, R_TEAM, R_INDICATOR, R_VALUE, R_NCOLS };

/* What writing does with a value. */
enum { ACT_INSERT = 0, ACT_UPDATE = 1, ACT_NONE = 2 };

/* One team's report of one month, as the file touches it. */
struct report_slot {
	long long slot;      /* its row in imp_report */
	long long team_id;
	char period[8];
	char *team_name;
	long long id;        /* the report, 0 when there is none */
	long long new_id;    /* when there is none: the id it gets if created */
	int status;
	int lock;            /* 0 not asked yet, 1 editable, 2 approved: locked */
	char *locked;        /* why, when locked */
	bool changes;        /* a good row changes a value of it */
	bool bad_row;        /* a row of it is rejected */
};

/* A value of the report being read, for finding one given twice. */
struct seen_value {
	long long indicator, rec;
};

struct results {
	char *by;             /* who reopens and submits (OPT->by, checked) */
	cn_strmap units;      /* unit code → id (a cache) */
	cn_strmap teams;      /* "<unit>|<folded team>" → team id (a cache) */
	cn_strmap indicators; /* code as written → id (a cache) */
	cn_strmap periods;    /* period as written → yyyymm (a cache) */
	cn_strmap row_teams;  /* "<length>:<unit code><team>" as written → team id (a cache) */
	cn_buf key;
	cn_strmap slot_keys;  /* "<team>|<period>" → index into slots (a cache) */
	struct report_slot *slots;
	size_t nslots, capslots;
	long long next_slot;
	long long report_base;   /* the largest report id when the check began */
	/* A value given twice: rows come report by report in most files, so
	 * the values of the report being read are enough, in memory. When a
	 * report comes back after another (or has very many values), the
	 * unique index imp_res_key over every value read takes over. */
	long long cur_slot;
	struct seen_value *seen;
	size_t nseen, capseen;
	bool indexed;
};

/* Creates the reports needed, reopens and submits as asked, and writes the
 * values. */
int results_write(cn_import *imp, struct results *s, cn_error *err);

#endif
