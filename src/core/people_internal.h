/* Shared by the modules about people and teams that change: transfers
 * (member_move.c), one record per person (member_identity.c,
 * member_merge.c) and merged teams (team_merge.c). */
#ifndef CNSCD_CORE_PEOPLE_INTERNAL_H
#define CNSCD_CORE_PEOPLE_INTERNAL_H

#include "cnscd/member.h"

/* Writes the move of M (as read) to TO_TEAM on ISO with ROLE there, KIND
 * "transfer" or "merge", inside the caller's transaction, after the caller
 * checked it. */
int cn_people_move(cn_db *db, const cn_member *m, long long to_team, const char *iso, int role, const char *kind,
		   cn_error *err);

/* DATE as typed (empty: today) into ISO; a day after today is refused,
 * named by LABEL ("Ngày chuyển"). err->field "date". */
int cn_people_date(const char *label, const char *date, char iso[CN_DATE_LEN], cn_error *err);

/* For cn_member_add/update: refuses (CN_EEXIST, field "id_number") the
 * CCCD of M when another active member has it, unless M is not active or
 * M->second_membership. */
int cn_people_check_id_number(cn_db *db, const cn_member *m, cn_error *err);

#endif
