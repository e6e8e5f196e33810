/* People and teams that change: a member moved to another team, two teams
 * of a unit merged, two records of one person merged, a former district
 * team moved or dissolved (transfer.c, review.c). */
#ifndef CNSCD_TUI_TRANSFER_H
#define CNSCD_TUI_TRANSFER_H

#include <stdbool.h>

#include "cnscd/db.h"

/* Moves member ID to a team picked by search, from a date asked for; the
 * member's id when moved, 0 otherwise. */
long long member_move_run(cn_db *db, long long id);

/* The CCCD of the member being saved is another active member's (ERR, from
 * cn_member_add): asks what to do. Returns 1 to save again as a second
 * membership, 2 when OTHER was moved into TEAM_ID instead (the form is
 * done, *MOVED its id), 0 to go back to the form (ERR kept). */
int member_identity_ask(cn_db *db, const char *id_number, long long self, long long team_id, int role,
			long long *moved, cn_error *err);

/* Making someone Tổ trưởng where the team has one: asks what the current
 * leader becomes. The role (CN_ROLE_DEPUTY or CN_ROLE_MEMBER), or 0. */
int member_handover_ask(cn_db *db, long long team_id, long long self);

/* g on a team: merges it into another team of its unit, chosen from a
 * list, with the date and the leader kept asked for. True when merged. */
bool team_merge_run(cn_db *db, long long team_id);
/* m on a team (a former district team, mostly): moves it to a unit picked
 * by search, from a date asked for. True when moved. */
bool team_move_run(cn_db *db, long long team_id);

#endif
