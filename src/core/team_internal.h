/* What the modules that ask which teams owe a monthly report share
 * (results, approval). Core-only. */
#ifndef CNSCD_CORE_TEAM_INTERNAL_H
#define CNSCD_CORE_TEAM_INTERNAL_H

/* The one rule of which teams report for a month (FIRST..LAST, SQL date
 * expressions): team T existed during it (established by its last day,
 * not dissolved before its first) in unit U, open then. Whether the
 * report is already owed is the deadline's business (cnscd/today.h). */
#define CN_SQL_TEAM_REPORTS(t, u, first, last) \
	"(" t ".established IS NULL OR " t ".established <= " last ")" \
	" AND (" t ".dissolved IS NULL OR " t ".dissolved >= " first ")" \
	" AND (" u ".valid_to IS NULL OR " u ".valid_to >= " first ")"

#endif
