/* Shared by the two halves of the members importer: import_members.c reads
 * and checks rows, import_members_match.c matches them with the database,
 * applies the one-leader rule and writes them. */
#ifndef CNSCD_CORE_IMPORT_MEMBERS_H
#define CNSCD_CORE_IMPORT_MEMBERS_H

#include "cnscd/member.h"
#include "import_internal.h"

enum { M_UNIT, M_TEAM, M_NAME, M_GENDER, M_BIRTH, M_PHONE, M_IDNUM, M_ROLE, M_POSITION, M_JOINED, M_NCOLS };

/* A team rows go to: one that exists, or one to create. */
struct team_slot {
	long long id;       /* 0 until created */
	long long unit_id;
	char *name;         /* the name to create it with */
	long leader_row;    /* the row that makes someone its leader, -1 */
};

/* A row that passed the checks of its own fields. */
struct member_row {
	size_t rec;
	long team;          /* index into teams */
	cn_member m;        /* cleaned; role already the final one */
	bool given[M_NCOLS]; /* which cells held something (empty cells keep old values) */
	long long match;    /* the member of the database it is, 0 when new */
	bool match_left;    /* that member has left the team */
	long long move_from; /* not in the team but active in another by its CCCD: that member, moving here */
};

struct members {
	struct member_row *rows;
	size_t n, cap;
	struct team_slot *teams;
	size_t nteams, capteams;
	cn_strmap team_keys;   /* "<unit id>|<folded team name>" and "#<team id>" → team */
	cn_strmap seen;        /* a member's identity in the file → row */
};

/* Matches rows with members of the database and checks the leaders. */
void members_check_all(cn_import *imp, struct members *s);
/* Creates the teams needed and adds or updates the members. */
int members_write(cn_import *imp, struct members *s, cn_error *err);

#endif
