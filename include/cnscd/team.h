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
/* Moves team ID to the unit TO_UNIT from DATE (empty: today; not after
 * today), recorded as a reorganisation records its moves (team_move), so
 * that figures as of an earlier day still count it where it was. A closed
 * unit is refused naming its successor. */
int cn_team_move(cn_db *db, long long id, long long to_unit, const char *date, cn_error *err);
/* Records that team ID was dissolved on DATE (empty: today). */
int cn_team_dissolve(cn_db *db, long long id, const char *date, cn_error *err);
/* For a team the 2025 reorganisation moved from an abolished district to
 * its province ("tổ cấp huyện cũ"), the district's name; else NULL.
 * Malloc'd. */
char *cn_team_former_district(cn_db *db, long long team_id);
/* How many such active teams sit in the subtree of UNIT_ID (0: all). */
long long cn_former_district_teams(cn_db *db, long long unit_id);

/* What a merge of two teams did. */
typedef struct cn_team_merge_result {
	long long leader;        /* the member who leads the merged team (0: none) */
	long long members;       /* active members moved */
	long long reports_moved; /* monthly reports that went over whole */
	int months_added;        /* months both teams had reported: figures added up */
	char *months;            /* those months, "2026-10,2026-11" (malloc'd, "" when none) */
} cn_team_merge_result;

/* Merges team FROM_ID into INTO_ID, a team of the same unit, on DATE
 * (dd/mm/yyyy or ISO; empty: today; not after today), in one transaction:
 * FROM's active members move (recorded transfers: figures as of an earlier
 * day still count them in FROM), its monthly reports go over (a month both
 * reported is added up, figure by figure), LEADER (a member of either team;
 * 0: INTO's leader, else FROM's) leads the merged team and any other leader
 * becomes Tổ phó, FROM is dissolved on DATE, and the merge is recorded.
 * RES->months is the caller's to free. */
int cn_team_merge(cn_db *db, long long from_id, long long into_id, const char *date, long long leader,
		  cn_team_merge_result *res, cn_error *err);

/* Members still in the team (no date left). */
long long cn_team_member_count(cn_db *db, long long id);
/* The unit's team named "Tổ CNSCĐ <unit>" (or its only team); created when
 * CREATE and there is none. 0 when none (and not created) or on error. */
long long cn_team_default_for_unit(cn_db *db, long long unit_id, bool create, cn_error *err);
/* "Tổ CNSCĐ Ấp 3, Xã Vĩnh Mỹ A": the team and where it is — its unit, or
 * the unit above when the team's name already says its unit. Malloc'd;
 * "(tổ đã xóa)" for a team that is gone. */
char *cn_team_place(cn_db *db, long long team_id);
/* The search key of a team named NAME (its folded name), which
 * cn_team_find_by_name compares. Malloc'd. */
char *cn_team_search_key(const char *name);
/* Team of UNIT_ID whose name folds equal to NAME, 0 if none. */
long long cn_team_find_by_name(cn_db *db, long long unit_id, const char *name);

#endif
