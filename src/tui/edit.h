/* Adding, editing and removing units, teams and members: the forms and
 * the confirmations. Each returns the id of the row it saved (0 when
 * nothing was saved) or, for removals, whether the data changed. */
#ifndef CNSCD_TUI_EDIT_H
#define CNSCD_TUI_EDIT_H

#include <stdbool.h>

#include "cnscd/db.h"

/* ID 0 adds a unit under PARENT_ID (0: a top unit). */
long long edit_unit(cn_db *db, long long id, long long parent_id);
bool remove_unit(cn_db *db, long long id);

long long edit_team(cn_db *db, long long id, long long unit_id);
bool remove_team(cn_db *db, long long id);

long long edit_member(cn_db *db, long long id, long long team_id);
bool remove_member(cn_db *db, long long id);

#endif
