/* Shared by the three parts of the members importer: import_members.c
 * reads and checks each row and finds the member it is,
 * import_members_match.c runs the checks across rows (the same person
 * twice, one leader per team), import_members_write.c writes.
 *
 * What is kept of the rows lives in the temp schema:
 *   imp_team  the teams rows go to: "team" is the team's id, or -K for the
 *             K-th team to create (key: "<unit id>|<folded name>");
 *   imp_row   one row per record whose team is known: the member as it
 *             will be written (act: insert, update, move or nothing), what
 *             the checks across rows compare, and the member it matched.
 *
 * A CCCD is one person: a row not in its team whose CCCD an active member
 * of another team holds is that member moving here (ACT_MOVE), or, with
 * --keep-both, a second membership of the same person. */
#ifndef CNSCD_CORE_IMPORT_MEMBERS_INTERNAL_H
#define CNSCD_CORE_IMPORT_MEMBERS_INTERNAL_H

#include "cnscd/member.h"
#include "import_internal.h"

enum { M_UNIT, M_TEAM, M_NAME, M_GENDER, M_BIRTH, M_PHONE, M_IDNUM, M_ROLE, M_POSITION, M_JOINED, M_NCOLS };

/* What writing does with a row. */
enum { ACT_INSERT = 0, ACT_UPDATE = 1, ACT_NONE = 2, ACT_MOVE = 3, ACT_COUNT };

struct members {
	cn_strmap units;      /* unit code → id, open units only (a cache) */
	cn_strmap teams;      /* team key → team (as in imp_team; a cache) */
	long new_teams;       /* teams to create so far */
	long long acts[ACT_COUNT]; /* rows kept, by what writing does with them (ACT_*) */
	long long known_team; /* the last team whose members are in imp_known */
};

/* The checks across rows: the same person twice in a team of the file,
 * two rows for one member of the database, one leader per team. */
void members_check_all(cn_import *imp, struct members *s);
/* Creates the teams needed, updates and adds the members. */
int members_write(cn_import *imp, struct members *s, cn_error *err);

#endif
