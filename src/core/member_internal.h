/* One record per person (member_identity.c), for the member module's saves. */
#ifndef CNSCD_CORE_MEMBER_INTERNAL_H
#define CNSCD_CORE_MEMBER_INTERNAL_H

#include "cnscd/member.h"

/* For cn_member_add/update: refuses (CN_EEXIST, field "id_number") the
 * CCCD of M when another active member has it, unless M is not active or
 * M->second_membership. */
int cn_member_check_id_number(cn_db *db, const cn_member *m, cn_error *err);

#endif
