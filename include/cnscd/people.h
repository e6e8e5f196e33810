/* Who prepared, submitted and approved: always a person's name, as it is
 * signed on the report ("Lê Thị Lập"). A login name such as "root", an
 * empty value or "?" is never recorded: a report sent upward must say who
 * stands behind its figures. The name comes from the front end (--by on
 * the command line, asked once in the interface) or else the settings:
 * the preparer (preparer_name) prepares and submits, the signer
 * (signer_name) approves, each falling back on the other. */
#ifndef CNSCD_PEOPLE_H
#define CNSCD_PEOPLE_H

#include "cnscd/db.h"

enum cn_act {
	CN_ACT_SUBMIT,  /* preparing, submitting, reopening a monthly report */
	CN_ACT_APPROVE, /* approving or withdrawing an approval */
};

/* NAME, trimmed, into *OUT (malloc'd) when it is a person's name; else
 * CN_EINVAL with a message saying why (err->field "by"). */
int cn_person_check(const char *name, char **out, cn_error *err);

/* The settings' name for ACT, or NULL when none is set (or what is set is
 * not a person's name). Malloc'd. */
char *cn_person_default(cn_db *db, int act);

/* BY (checked) when given, else the settings' name for ACT, into *OUT
 * (malloc'd); CN_EINVAL saying how to give a name when there is none. */
int cn_person_for(cn_db *db, int act, const char *by, char **out, cn_error *err);

#endif
