/* Finding a member or a team from command-line options (cli_people.c). */
#ifndef CNSCD_CLI_PEOPLE_H
#define CNSCD_CLI_PEOPLE_H

#include "cnscd/db.h"

/* The member given by ID (a number cnscd shows), else by CCCD, else by
 * PHONE and NAME together; one active member must match. -1 after printing
 * why not (WHAT starts the message: "member move"). */
long long cli_member_of(cn_db *db, const char *what, const char *id, const char *cccd, const char *phone,
			const char *name);

/* The team given by UNIT_CODE and TEAM (its number or its name; without
 * it, the unit's only team or the one named after the unit), or by TEAM's
 * number alone. A closed unit is refused naming its successor when DOING
 * says what would be done ("không chuyển thành viên"). -1 after printing
 * why not (listing the unit's teams when a choice is needed). */
long long cli_team_of(cn_db *db, const char *what, const char *unit_code, const char *team, const char *doing);

#endif
