/* Which member of the database a row of a members import is (import_members_find.c). */
#ifndef CNSCD_CORE_IMPORT_MEMBERS_FIND_INTERNAL_H
#define CNSCD_CORE_IMPORT_MEMBERS_FIND_INTERNAL_H

#include "import_members_internal.h"

struct members_found {
	int act;        /* ACT_*: what writing will do */
	long long id;   /* the member, 0 when the row is a new one */
	bool left;      /* that member has left the team */
	bool by_id;     /* found by the ID number */
	/* Active members of other teams with the row's ID number (the same
	 * person): how many, and the first two. */
	int elsewhere;
	long long others[2];
};

/* Finds the member of TEAM (a team's id; none for a team to create) that
 * M (the row, checked; GIVEN: its non-empty cells) is: the same ID number,
 * else the same folded name and birth year (and no other ID number);
 * members still in the team come before those who left. For a match,
 * M->role becomes the stored role when the row gives none, and MERGED
 * (when F->act is ACT_UPDATE) the member as the row leaves it. A row not
 * in its team whose ID number one active member of another team has is
 * that member moving (ACT_MOVE, MERGED the member after the move; Thành
 * viên unless the row gives a role), or with --keep-both a new membership;
 * two such members, or one with a row that is another member of its team,
 * and the row is rejected. S keeps
 * which team's keys were copied last (import_members_find.c). */
void members_find(cn_import *imp, struct members *s, long long team, cn_member *m, const bool given[M_NCOLS],
		  struct members_found *f, cn_member *merged);

#endif
