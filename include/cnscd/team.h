/* Teams (Tổ CNSCĐ). A unit may have several; members belong to one team. */
#ifndef CNSCD_TEAM_H
#define CNSCD_TEAM_H

#include "cnscd/db.h"

typedef struct cn_team {
	long long id;
	char *uuid;
	long long unit_id;
	char *name;        /* default "Tổ CNSCĐ " + unit name */
	char *established; /* ISO date or NULL */
	char *decision_no;
	char *note;
	char *dissolved;   /* ISO date or NULL while active */
	char *created_at;
	char *updated_at;
} cn_team;

void cn_team_clear(cn_team *t);
int cn_team_get(cn_db *db, long long id, cn_team *out, cn_error *err);
/* Validates and adds; empty name → the default name. Dates as typed. */
int cn_team_add(cn_db *db, cn_team *t, cn_error *err);
/* Saves; CN_ECONFLICT when T->updated_at is set and the row changed since. */
int cn_team_update(cn_db *db, const cn_team *t, cn_error *err);
/* Deletes the team and its members. */
int cn_team_delete(cn_db *db, long long id, cn_error *err);
/* Members still in the team (no date left). */
long long cn_team_member_count(cn_db *db, long long id);
/* The unit's team named "Tổ CNSCĐ <unit>" (or its only team); created when
 * CREATE and there is none. 0 when none (and not created) or on error. */
long long cn_team_default_for_unit(cn_db *db, long long unit_id, bool create, cn_error *err);
/* The search key of a team named NAME (its folded name), which
 * cn_team_find_by_name compares. Malloc'd. */
char *cn_team_search_key(const char *name);
/* Team of UNIT_ID whose name folds equal to NAME, 0 if none. */
long long cn_team_find_by_name(cn_db *db, long long unit_id, const char *name);

#endif
