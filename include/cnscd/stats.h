/* Figures about teams and members under a unit, counted straight from the
 * database with set-based queries over the unit's subtree (its path range):
 * by level, and by child unit. The CLI, the TUI and the reports share them.
 *
 * What counts: open units (no end date), active teams (not dissolved) of
 * open units, and active members (not left) of those teams. */
#ifndef CNSCD_STATS_H
#define CNSCD_STATS_H

#include <stdbool.h>

#include "cnscd/db.h"
#include "cnscd/unit.h"

/* Units may sit deeper than a village (unknown types go one level below
 * their parent, up to 9): they are counted under their own level. */
#define CN_STATS_LEVELS 9

/* Age under which a member counts as young (Đoàn thanh niên age). */
#define CN_YOUNG_AGE 35

typedef struct cn_counts {
	long long units;           /* open units */
	long long units_with_team; /* of which with at least one active team */
	long long teams;           /* active teams */
	long long members;         /* active members */
	long long leaders;         /* of which: Tổ trưởng */
	long long deputies;        /* Tổ phó */
	long long women;
	long long young;           /* born after (this year - CN_YOUNG_AGE) */
} cn_counts;

void cn_counts_add(cn_counts *sum, const cn_counts *c);
/* Units with a team / units, between 0 and 1; -1 when there are no units. */
double cn_counts_coverage(const cn_counts *c);

typedef struct cn_stats {
	long long unit_id;                     /* 0: the whole database */
	cn_counts level[CN_STATS_LEVELS + 1];  /* [1..CN_STATS_LEVELS] */
	cn_counts total;
} cn_stats;

/* Counts by level in the subtree of UNIT_ID (the unit itself included), or
 * in the whole database when UNIT_ID is 0. One GROUP BY query. */
int cn_stats_by_level(cn_db *db, long long unit_id, cn_stats *out, cn_error *err);

/* The same as of DATE (dd/mm/yyyy or ISO; NULL: as cn_stats_by_level), in
 * the tree of that day: units valid that day (valid_from <= DATE <=
 * valid_to), each where it was then (unit_former); teams where they were
 * then (team_move), established by then and not dissolved yet; members who
 * had joined and not left yet; young as of DATE's year. So after the
 * reorganisation of 1 July 2025, DATE 30/06/2025 gives the old tree with
 * every team where it was. */
int cn_stats_by_level_as_of(cn_db *db, long long unit_id, const char *date, cn_stats *out, cn_error *err);

/* The same figures for each child of a unit (each child's whole subtree),
 * streamed in code order. When UNIT_ID is a unit, the first row is the unit
 * itself with only its own teams (IS_SELF), so that the rows add up to the
 * unit's totals. UNIT_ID 0 gives the top units. */
typedef struct cn_stats_child {
	long long unit_id;
	const char *code;   /* valid until the next call */
	const char *name;
	int level;
	bool is_self;
	cn_counts counts;
} cn_stats_child;

typedef struct cn_stats_cursor cn_stats_cursor;

cn_stats_cursor *cn_stats_children_open(cn_db *db, long long unit_id, cn_error *err);
/* The children as of DATE (see cn_stats_by_level_as_of), with their names then. */
cn_stats_cursor *cn_stats_children_open_as_of(cn_db *db, long long unit_id, const char *date, cn_error *err);
/* 1 with OUT filled, 0 at the end, or a negative cn_status with ERR set. */
int cn_stats_children_next(cn_stats_cursor *c, cn_stats_child *out, cn_error *err);
void cn_stats_children_close(cn_stats_cursor *c);

/* Figures count memberships: a person serving in two teams (the same CCCD)
 * counts twice. Of the active memberships in the subtree of UNIT_ID (0:
 * all), *MEMBERSHIPS share their CCCD with another one there, held by
 * *PEOPLE distinct people. */
int cn_stats_repeated_people(cn_db *db, long long unit_id, long long *memberships, long long *people, cn_error *err);
/* "Số thành viên tính theo lượt tham gia tổ; số người khác nhau là 541 (1
 * người là thành viên của nhiều tổ, cùng số CCCD, chiếm 2 lượt)" for a
 * subtree of MEMBERS memberships, or NULL when every membership is a
 * different person. Malloc'd. */
char *cn_stats_people_sentence(cn_db *db, long long unit_id, long long members);

/* The year before which (exclusive) members are not counted as young. */
int cn_stats_young_after(void);

/* One line as field reports put it: "77 tổ với 542 thành viên: 1 tổ cấp
 * huyện (7 thành viên), 8 tổ cấp xã (77), 68 tổ cấp thôn (458); 68/68 thôn
 * có tổ (100%)". Malloc'd. */
char *cn_stats_sentence(const cn_stats *s);

/* Number formats for people: "600.000" (dot as thousands separator, as in
 * Vietnamese), "100%", "98,5%" (comma decimal); "–" for a ratio below 0. */
#define CN_NUM_TEXT_LEN 32
void cn_count_text(long long n, char out[CN_NUM_TEXT_LEN]);
void cn_percent_text(double ratio, char out[CN_NUM_TEXT_LEN]);

#endif
