/* The person who submits or approves, asked once: the settings' name
 * (cnscd/people.h), or else a form asking for it, whose answer is kept in
 * the settings for the office (preparer_name or signer_name). */
#ifndef CNSCD_TUI_PERSON_H
#define CNSCD_TUI_PERSON_H

#include "cnscd/db.h"

/* The name for ACT (enum cn_act), malloc'd; NULL when the user cancelled. */
char *tui_person(cn_db *db, int act);

#endif
