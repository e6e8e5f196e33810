/* Shared by transfers (transfer_member.c) and merged teams
 * (transfer_team_merge.c): the module above members and teams that moves
 * people between teams. */
#ifndef CNSCD_CORE_TRANSFER_INTERNAL_H
#define CNSCD_CORE_TRANSFER_INTERNAL_H

#include "cnscd/member.h"

/* Writes the move of M (as read) to TO_TEAM on ISO with ROLE there, KIND
 * "transfer" or "merge", inside the caller's transaction, after the caller
 * checked it. */
int cn_transfer_write(cn_db *db, const cn_member *m, long long to_team, const char *iso, int role, const char *kind,
		      cn_error *err);

#endif
