/* Carrying a database through a reorganisation of the administrative units,
 * such as the one of 1 July 2025 (63 provinces → 34, no more districts,
 * 10,035 communes → 3,321). From the official mapping (old code → new
 * code) and the new list of units, in one transaction:
 *  - the new units are created (valid from the date), the units that go on
 *    under the same code are kept open (renamed or moved when the new list
 *    says so), the old units the mapping replaces are closed (valid to the
 *    day before), each with succession records (old → new, and the kind);
 *  - districts that are not in the mapping are closed, succeeded by their
 *    province's new province;
 *  - the teams and the local units (villages) of a closed unit move to one
 *    new unit (for a split unit: chosen by a rule or an explicit
 *    assignment); villages keep their codes; what a unit's name and place
 *    were before is kept (unit_former), and so is where a team was
 *    (team_move), so that statistics as of an earlier date see the old tree.
 * Members stay in their teams: the number of active members is checked to
 * be the same before and after, or nothing is written. */
#ifndef CNSCD_REORG_H
#define CNSCD_REORG_H

#include <stdbool.h>

#include "cnscd/db.h"
#include "cnscd/succession.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"

/* The day the 2025 structure came into force. */
#define CN_REORG_DEFAULT_DATE "2025-07-01"

/* Where the villages and teams of a unit split over several new units go. */
enum cn_split_rule {
	CN_SPLIT_ASK = 0,  /* ask: list the split units that have any, and stop */
	CN_SPLIT_LARGEST,  /* the new unit that received most old units, ties by lowest code */
	CN_SPLIT_FIRST,    /* the new unit with the lowest code */
};

/* "largest", "first", "ask" → the rule; -1 for anything else. */
int cn_split_rule_parse(const char *s);
const char *cn_split_rule_name(int rule);

typedef struct cn_reorg_options {
	const char *date;          /* first day of the new structure (dd/mm/yyyy or ISO); NULL: 01/07/2025 */
	const char *resolution;    /* kept with every succession record; NULL for none */
	int split_rule;            /* enum cn_split_rule */
	const char *assign;        /* "OLD=NEW,OLD=NEW": explicit targets, or NULL */
	const char *assignments;   /* a CSV file old_code,new_code of the same, or NULL */
	bool backup;               /* copy the database aside first (cn_reorg_backup) */
} cn_reorg_options;

/* A split unit with villages or teams and no rule to place them (ask). */
typedef struct cn_reorg_question {
	char *code, *name;          /* the old unit */
	long villages, teams;       /* what it holds */
	int ncandidates;
	char **candidate_code, **candidate_name;
	long *candidate_received;   /* old units each candidate received in the mapping */
} cn_reorg_question;

typedef struct cn_reorg_result {
	char date[CN_DATE_LEN];          /* ISO: the first day of the new structure */
	bool nothing_to_do;              /* already applied (or nothing concerns this database) */
	long created;                    /* new units added */
	long kept, changed;              /* units going on under their code; of which renamed or moved */
	long closed;                     /* old units closed */
	long closed_level[CN_LEVEL_MAX + 1];
	long teams_moved, district_teams_moved, villages_moved;
	long long sessions_moved;        /* training sessions carried to the successor */
	long long members_before, members_after; /* active members under open units */
	long long members_moved;         /* active members of the teams moved */
	long splits;                     /* split units of this database */
	long splits_assigned;            /* placed by an explicit assignment */
	long rows_absent;                /* mapping rows about codes this database does not have */
	long rows_done;                  /* mapping rows already applied earlier */
	char **notes;                    /* what the user should know: the district teams moved, … */
	int nnotes;
	char **problems;                 /* "mapping.csv, dòng 7: …" or about a unit; nothing written */
	int nproblems;
	cn_reorg_question *questions;    /* ask: nothing written */
	int nquestions;
	char *backup_path;               /* the copy made first, or NULL */
} cn_reorg_result;

void cn_reorg_result_clear(cn_reorg_result *res);

/* Applies MAPPING_PATH (CSV or xlsx, columns old_code,new_code) with the new
 * list UNITS_PATH (columns code,name,type,level,parent_code, as
 * units-2025.csv). Returns CN_OK when written, or when there was nothing to
 * do (RES->nothing_to_do); CN_EINVAL with RES->problems or RES->questions
 * when nothing was written; another status with ERR set when a file cannot
 * be read, the backup fails or the database fails (nothing written).
 *
 * Only what concerns this database is done: mapping rows whose old code it
 * does not have are counted (rows_absent) and skipped, and only the new
 * units those old units become (and their provinces) are created. */
int cn_reorg_apply(cn_db *db, const char *mapping_path, const char *units_path, const cn_reorg_options *opt,
		   cn_reorg_result *res, cn_error *err);

/* Backs the database up into its backups folder, the name ending in
 * "-before-reorg.db" (see backup.h). *PATH receives the file. */
int cn_reorg_backup(cn_db *db, char **path, cn_error *err);

/* Succession kinds: "same", "rename", "merge", "split", "partial" →
 * "giữ nguyên", "đổi tên/mã/cấp trên", "sáp nhập vào", "chia tách, nhận thôn và tổ",
 * "nhận một phần". */
const char *cn_reorg_kind_name(const char *kind);

/* The villages of the subtree of UNIT_ID (0: all) that need such a label,
 * by commune and name: FN gets each with its label and its former
 * commune's name. Returns how many, or a negative cn_status. */
typedef struct cn_village_twin {
	long long id;
	const char *code, *name, *label, *commune;
	long long teams; /* active teams */
} cn_village_twin;
int cn_reorg_village_twins(cn_db *db, long long unit_id, int (*fn)(const cn_village_twin *v, void *ctx), void *ctx,
			   cn_error *err);

/* The approvals of PERIOD of the closed units UNIT_ID took the place of
 * (succession records), as history: FN once per such unit with an approval
 * record that month, as cn_approval_status gives it. Returns how many. */
struct cn_approval;
int cn_approval_of_predecessors(cn_db *db, long long unit_id, const char *period,
				int (*fn)(const struct cn_approval *a, void *ctx), void *ctx, cn_error *err);

/* One reorganisation as recorded (one per effective date). */
typedef struct cn_reorg_summary {
	const char *effective;           /* ISO */
	const char *resolution;          /* of the first record, or "" */
	long records;
	long kinds[5];                   /* same, rename, merge, split, partial */
	long old_closed[CN_LEVEL_MAX + 1]; /* old units closed by it, by level */
	long kept;                       /* old units going on */
	long new_units[CN_LEVEL_MAX + 1]; /* successors valid from that day, by level */
	long teams_moved;
	long units_moved;                /* local units (villages) moved to another parent */
} cn_reorg_summary;

/* The kinds in the order of cn_reorg_summary.kinds. */
extern const char *const cn_reorg_kinds[5];

/* Calls FN for each reorganisation, oldest first; FN returns non-zero to stop.
 * Returns the number of reorganisations or a negative cn_status. */
int cn_reorg_summaries(cn_db *db, int (*fn)(const cn_reorg_summary *s, void *ctx), void *ctx, cn_error *err);

typedef struct cn_reorg_record {
	const char *effective, *kind, *resolution;
	const char *old_code, *old_name, *new_code, *new_name;
	long long old_id, new_id;
} cn_reorg_record;

/* Streams the succession records (those of UNIT_ID as old or new unit, or
 * all for 0) in the order effective date, old code, new code. */
int cn_reorg_records(cn_db *db, long long unit_id, int (*fn)(const cn_reorg_record *r, void *ctx), void *ctx,
		     cn_error *err);

typedef struct cn_reorg_team_move {
	const char *moved_on, *team_name;
	const char *from_code, *from_name, *to_code, *to_name;
	int from_level;
	long long members; /* active members now */
} cn_reorg_team_move;

/* Streams the recorded team moves (of teams that were or are at UNIT_ID,
 * or all for 0) by date and the old unit's code. */
int cn_reorg_team_moves(cn_db *db, long long unit_id, int (*fn)(const cn_reorg_team_move *m, void *ctx),
			void *ctx, cn_error *err);

#endif
