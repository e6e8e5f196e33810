/* Shared by the two halves of the attendance importer: import_attendance.c
 * reads rows, keeps them in the temp table imp_att and writes them,
 * import_attendance_match.c finds the member each row is. */
#ifndef CNSCD_CORE_IMPORT_ATTENDANCE_INTERNAL_H
#define CNSCD_CORE_IMPORT_ATTENDANCE_INTERNAL_H

#include "cnscd/validate.h"
#include "import_internal.h"

enum { A_NAME, A_PHONE, A_IDNUM, A_UNIT, A_POSITION, A_STATUS, A_NCOLS };

/* A row whose own cells are good. */
struct att_row {
	char *name;                    /* cleaned */
	char *folded;                  /* its search form */
	char phone[CN_PHONE_LEN];      /* 0… form, "" when not given */
	char id_number[CN_IDNUM_LEN];  /* "" when not given */
	long long unit_id;             /* the unit of unit_code, 0 when not a known code */
	char *unit;                    /* for a guest: that unit's name, else the cell's text */
	char *position;
	int status;
};

struct attendance {
	long long training_id;
	long long session_unit;        /* the unit that runs the session */
};

/* The member the row being checked (R) is, 0 for none (a guest), -1 when
 * several fit (the row is rejected). */
long long attendance_match(cn_import *imp, const struct attendance *s, const struct att_row *r);
/* Rejects the rows that are the same person as an earlier row: the same
 * member, or the same guest (folded name and phone). */
void attendance_repeats(cn_import *imp);

#endif
