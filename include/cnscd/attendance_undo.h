/* Undo at check-in: the changes of one session's attendance, newest first,
 * one act at a time, from the audit log. A module above both attendance
 * and the audit log (which names attendance statuses when it describes a
 * change), implemented by src/core/attendance_undo.c. */
#ifndef CNSCD_ATTENDANCE_UNDO_H
#define CNSCD_ATTENDANCE_UNDO_H

#include "cnscd/db.h"

/* The last change of a session's attendance not yet undone: one act (a
 * check-in, a status set, a person added, a team invited, an import). */
typedef struct cn_attendance_change {
	char *name;        /* the person of its newest row */
	int action;        /* enum cn_audit_action of that row: insert (added to
			    * the list), update, delete (removed) */
	int status_before; /* update: the status undo gives back; -1: unchanged */
	long long count;   /* rows of the session it changed */
} cn_attendance_change;
void cn_attendance_change_clear(cn_attendance_change *c);
/* 1 with C filled, 0 when there is nothing to undo, or a negative status. */
int cn_attendance_last_change(cn_db *db, long long training_id, cn_attendance_change *c, cn_error *err);
/* Undoes that change (its rows of this session) from the audit log, and
 * says in C what it was; called again, the change before it. CN_ENOTFOUND
 * when nothing is left to undo, CN_ECONFLICT when the rows changed since
 * in another way (nothing is changed then). */
int cn_attendance_undo(cn_db *db, long long training_id, cn_attendance_change *c, cn_error *err);

#endif
