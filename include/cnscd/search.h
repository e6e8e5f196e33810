/* Search across units, teams and members, ignoring case, diacritics and
 * tone-mark placement, through the FTS5 index kept up to date by the
 * schema's triggers. Every hit says where it is.
 *
 * Words match names, and along the path: "hoa binh bac lieu" finds Huyện
 * Hoà Bình of Tỉnh Bạc Liêu, "nguyen van an vinh my a" the members of that
 * name in Xã Vĩnh Mỹ A. The words of a unit's type ("xã", "thị trấn") and
 * a team's "Tổ CNSCĐ" help to rank but never make a match on their own, so
 * "tran thanh" finds people before the "Thị trấn Thanh…". The very name
 * ranks first, then names that start with the words, then names holding
 * them; units before teams before members; open units before closed ones.
 * Digits alone find a unit by its code, a member by the start of the phone
 * number or its last 4 or more digits, by the 12 digits of the citizen ID
 * (CCCD) or its last 6 or more. */
#ifndef CNSCD_SEARCH_H
#define CNSCD_SEARCH_H

#include <stdbool.h>

#include "cnscd/db.h"

enum cn_kind { CN_KIND_UNIT = 1, CN_KIND_TEAM = 2, CN_KIND_MEMBER = 3 };
const char *cn_kind_name(int kind); /* "Đơn vị", "Tổ", "Thành viên" */

/* What to look for (cn_search_kinds). */
enum {
	CN_SEARCH_UNITS = 1 << CN_KIND_UNIT,
	CN_SEARCH_TEAMS = 1 << CN_KIND_TEAM,
	CN_SEARCH_MEMBERS = 1 << CN_KIND_MEMBER,
	CN_SEARCH_ALL = CN_SEARCH_UNITS | CN_SEARCH_TEAMS | CN_SEARCH_MEMBERS,
	CN_SEARCH_OPEN = 1 << 8, /* open units only (a closed one is no place to pick) */
};

typedef struct cn_search_hit {
	int kind;
	long long id;
	const char *label;    /* unit/team name, member full name */
	const char *detail;   /* member: role and team; team: its unit; unit: type */
	/* Where it is, nearest first: a unit its parents ("Huyện Chợ Mới, An
	 * Giang"), a team its unit and the units above, a member the team,
	 * then its unit and those above ("Tổ CNSCĐ Ấp 1, Ấp 1, Vĩnh Mỹ A,
	 * Hoà Bình, Bạc Liêu"); "" for a province. */
	const char *place;
	long long unit_id;    /* the unit the item sits in (itself for a unit) */
	long long team_id;    /* team of a member, the team itself, or 0 */
	/* Unit: what became of it when closed ("đã giải thể 30/06/2025, nay
	 * thuộc Tỉnh Cà Mau"), or its former name; NULL when nothing. */
	const char *note;
	long long successor_id; /* a closed unit: the first unit it went into, else 0 */
	bool closed;          /* a closed unit, a dissolved team, a member who left */
} cn_search_hit;

/* Calls FN for up to LIMIT hits, best first (see the top of this file).
 * The last word may be the start of one ("hoa bin" finds "Hòa Bình"). FN
 * returns non-zero to stop. Returns the number of hits or a negative
 * cn_status. */
int cn_search(cn_db *db, const char *query, int limit,
	      int (*fn)(const cn_search_hit *hit, void *ctx), void *ctx, cn_error *err);
/* The same among WHAT (CN_SEARCH_* bits): members only for a check-in,
 * open units only to pick a place. */
int cn_search_kinds(cn_db *db, const char *query, unsigned what, int limit,
		    int (*fn)(const cn_search_hit *hit, void *ctx), void *ctx, cn_error *err);

/* The FTS5 query for QUERY ("hoa bin" → "hoa"* AND "bin"*), or NULL when
 * it holds no searchable word. Malloc'd. */
char *cn_search_fts_query(const char *query);

#endif
