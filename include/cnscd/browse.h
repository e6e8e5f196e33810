/* The lists an interface scrolls through: the units under a unit, the teams
 * of a unit, the members of a team. A cn_browse is a cursor over one such
 * list in one order. It counts the rows and reads only the window asked
 * for, paging by key (WHERE (keys) > (last keys) ORDER BY keys LIMIT n) from
 * the rows it already holds, so that scrolling a list of 500,000 rows reads
 * one screenful at a time and holds at most a few screens in memory. */
#ifndef CNSCD_BROWSE_H
#define CNSCD_BROWSE_H

#include <stdbool.h>

#include "cnscd/db.h"

enum cn_browse_kind {
	CN_BROWSE_UNITS = 1,   /* units whose parent is the given unit (0: top units) */
	CN_BROWSE_TEAMS = 2,   /* teams of the given unit */
	CN_BROWSE_MEMBERS = 3, /* members of the given team */
};

/* Orders a list can take. Each kind accepts some of them (cn_browse_orders). */
enum cn_browse_order {
	CN_ORDER_CODE = 0,   /* units: official code, i.e. the official list's order */
	CN_ORDER_NAME,       /* by name, ignoring case and diacritics */
	CN_ORDER_ROLE,       /* members: leader, deputies, members; then by name */
	CN_ORDER_POSITION,   /* members: position; empty last */
	CN_ORDER_PHONE,      /* members: phone; empty last */
	CN_ORDER_JOINED,     /* members: date joined; unknown last */
	CN_ORDER_ESTABLISHED, /* teams: date established; unknown last */
	CN_ORDER_COUNT
};

/* Column title of an order for headers and messages ("Tên", "Vai trò"). */
const char *cn_browse_order_name(int order);

/* Figures for one unit's subtree (the unit included). */
typedef struct cn_unit_stats {
	long long children; /* open units directly below */
	long long covered;  /* of those, the ones with an active team in their subtree */
	long long teams;    /* active teams in the subtree */
	long long members;  /* active members of those teams */
	char child_noun[48]; /* what the children are: "ấp", "xã", "thôn"... */
} cn_unit_stats;

/* Figures for UNIT_ID, or for the whole database when UNIT_ID is 0. */
int cn_browse_unit_stats(cn_db *db, long long unit_id, cn_unit_stats *out, cn_error *err);

/* One row of a list. The strings belong to the cursor and stay valid until
 * the next cn_browse_fetch, cn_browse_refresh or order change. */
typedef struct cn_browse_row {
	long long id;
	const char *name;   /* unit name, team name or member's full name */
	bool inactive;      /* unit closed, team dissolved, member left */
	/* Units. */
	const char *code;
	const char *type;
	int level;
	cn_unit_stats stats;
	/* Teams (stats.members holds the team's active members). */
	const char *leader;      /* the active leader's name, or NULL */
	const char *established; /* ISO dates or NULL */
	const char *dissolved;
	/* A team the 2025 reorganisation moved to its province when its
	 * district was abolished: "tổ cấp huyện cũ" (with the district's name
	 * when the team's name does not say it); a closed
	 * unit: what it became, "→ nay là Xã Hòa Bình"; else NULL. */
	const char *note;
	/* Members. */
	int role, gender, birth_year;
	const char *position, *phone, *joined, *left_on;
} cn_browse_row;

typedef struct cn_browse cn_browse;

/* A cursor over the list KIND of PARENT (a unit id, 0 for the top units; a
 * unit id for teams; a team id for members), in the kind's first order,
 * without inactive rows. */
cn_browse *cn_browse_open(cn_db *db, int kind, long long parent, cn_error *err);
void cn_browse_free(cn_browse *b);

int cn_browse_kind(const cn_browse *b);
long long cn_browse_parent(const cn_browse *b);

/* The orders KIND accepts, ending with -1; the first is the default. */
const int *cn_browse_orders(int kind);
int cn_browse_order(const cn_browse *b, bool *descending);
/* Another order of the same rows: the rows held are dropped, the count is
 * kept (cn_browse_refresh counts again after a change). */
int cn_browse_set_order(cn_browse *b, int order, bool descending, cn_error *err);

/* Whether closed units, dissolved teams or members who left are listed. */
bool cn_browse_shows_inactive(const cn_browse *b);
int cn_browse_show_inactive(cn_browse *b, bool show, cn_error *err);

/* Rows in the list (counted when opened and on refresh). */
long long cn_browse_count(const cn_browse *b);
/* Counts again and forgets the rows held, after a change to the data. */
int cn_browse_refresh(cn_browse *b, cn_error *err);

/* Makes rows [FIRST, FIRST + N) available to cn_browse_get, reading only
 * those not already held. Returns CN_OK or a negative cn_status. */
int cn_browse_fetch(cn_browse *b, long long first, int n, cn_error *err);
/* Row INDEX if held (after cn_browse_fetch), else NULL. */
const cn_browse_row *cn_browse_get(const cn_browse *b, long long index);

/* Position of the row with ID in the list's current order, -1 when the
 * list does not hold it (another parent, or inactive and hidden). */
long long cn_browse_index_of(cn_browse *b, long long id, cn_error *err);
/* The same, but -1 also when the row is more than WITHIN rows from the
 * start and, in an order of plain columns (role, name), from the end of
 * the list (WITHIN <= 0: no limit). Finding a row's position reads an
 * index entry per row before it, and in an order of expressions
 * (position, phone, date joined) also reading from a row's key does;
 * this bounds the time in a list of hundreds of thousands. */
long long cn_browse_index_near(cn_browse *b, long long id, long long within, cn_error *err);

/* Ids from the top unit down to UNIT_ID, at most MAX; returns how many
 * were written (0 when the unit does not exist). */
int cn_browse_ancestors(cn_db *db, long long unit_id, long long *ids, int max);

/* Members of a team: still active, and all (including those who left). */
int cn_browse_team_members(cn_db *db, long long team_id, long long *active, long long *all);

#endif
