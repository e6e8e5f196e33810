/* Approval upward (duyệt kết quả): the level above approves a unit's
 * monthly results, bottom-up as DHIS2 users know it. A unit at commune
 * level or above can be approved for a month only when every team of its
 * subtree that owed that month's report has submitted it, and every child
 * unit that is itself approvable has been approved. Approved figures are
 * locked: no report of the subtree can be edited, submitted or reopened for
 * that month until the approval is withdrawn, from the top down. Every
 * approval and withdrawal is logged. Periods are months "YYYY-MM". */
#ifndef CNSCD_APPROVAL_H
#define CNSCD_APPROVAL_H

#include "cnscd/db.h"

enum cn_approval_state {
	CN_APPROVAL_NONE = 0,     /* nothing to approve: a village, a unit closed that month,
				   * or one without any team below it that reports for it */
	CN_APPROVAL_WAITING = 1,  /* teams still to submit, or units below still to approve */
	CN_APPROVAL_READY = 2,    /* everything below is in: it can be approved */
	CN_APPROVAL_APPROVED = 3,
};
/* "Không phải duyệt", "Đang chờ", "Sẵn sàng duyệt", "Đã duyệt". */
const char *cn_approval_state_name(int state);

/* A unit's approval for one month, with what it waits for. */
typedef struct cn_approval {
	long long unit_id;
	const char *unit_code;
	const char *unit_name;
	int level;
	int state;                 /* enum cn_approval_state */
	long long teams_owing;     /* teams of the subtree that report for the month
				    * (the month need not be due yet: approval
				    * waits for all of them either way) */
	long long teams_missing;   /* of which have not submitted it */
	long long teams_on_time;   /* of which submitted it by the deadline */
	bool owed;                 /* the month's deadline has passed (cnscd/today.h) */
	char deadline[11];         /* "yyyy-mm-dd": the month's deadline */
	long long units_below;     /* approvable child units */
	long long units_waiting;   /* of which are not approved */
	const char *approved_by;   /* when approved, else "" */
	const char *approved_at;   /* "dd/mm/yyyy hh:mm" local time, else "" */
} cn_approval;

/* Approves UNIT_ID's results for PERIOD by BY, a person's name
 * (cn_person_check: CN_EINVAL for a login name, "?" or nothing).
 * CN_EINVAL with a Vietnamese message naming what is missing ("Chưa thể
 * duyệt: 2 tổ chưa gửi báo cáo tháng 10/2026 (…); Xã Vĩnh Mỹ A chưa được
 * duyệt"); CN_EEXIST when it is approved already. */
int cn_approval_approve(cn_db *db, long long unit_id, const char *period, const char *by, cn_error *err);
/* Withdraws the approval, logged with BY and NOTE. Refused while a unit
 * above is approved for PERIOD: approvals are withdrawn from the top down. */
int cn_approval_unapprove(cn_db *db, long long unit_id, const char *period, const char *by, const char *note,
			  cn_error *err);

/* UNIT_ID's approval for PERIOD; FN is called once (the strings are valid
 * during the call). */
int cn_approval_status(cn_db *db, long long unit_id, const char *period,
		       int (*fn)(const cn_approval *a, void *ctx), void *ctx, cn_error *err);
/* The same for each approvable child unit of UNIT_ID (0: the top units),
 * in code order; FN returns non-zero to stop. */
int cn_approval_children(cn_db *db, long long unit_id, const char *period,
			 int (*fn)(const cn_approval *a, void *ctx), void *ctx, cn_error *err);

/* A unit's approvals over the months FROM..TO (a report's period). */
typedef struct cn_approval_span {
	int months;       /* months of the period */
	int needed;       /* of which the unit had something to approve */
	int approved;     /* of which it is approved */
	bool village;     /* a village: approved with its commune */
} cn_approval_span;
int cn_approval_over(cn_db *db, long long unit_id, const char *from, const char *to, cn_approval_span *out,
		     cn_error *err);
/* "Đã duyệt", "Chưa duyệt", "Đã duyệt 1/3 tháng", "Không phải duyệt", or
 * "" for a village. */
const char *cn_approval_span_text(const cn_approval_span *s, char out[48]);

/* One entry of the approval log. */
typedef struct cn_approval_entry {
	const char *at;     /* "dd/mm/yyyy hh:mm" local time */
	const char *action; /* "approve" or "unapprove" */
	const char *by;
	const char *note;
} cn_approval_entry;
/* The log of UNIT_ID for PERIOD, oldest first. */
int cn_approval_history(cn_db *db, long long unit_id, const char *period,
			int (*fn)(const cn_approval_entry *e, void *ctx), void *ctx, cn_error *err);

/* The lock: CN_OK when the results of TEAM_ID for PERIOD may change, else
 * CN_EINVAL with a message naming the approving unit. Every path that
 * writes a report or its figures asks this first. */
int cn_approval_check_editable(cn_db *db, long long team_id, const char *period, cn_error *err);
/* The same for the monthly report REPORT_ID (CN_OK when there is none). */
int cn_approval_check_report(cn_db *db, long long report_id, cn_error *err);

#endif
