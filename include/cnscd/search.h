/* Search across units, teams and members, ignoring case and diacritics,
 * through the FTS5 index kept up to date by the schema's triggers. */
#ifndef CNSCD_SEARCH_H
#define CNSCD_SEARCH_H

#include "cnscd/db.h"

enum cn_kind { CN_KIND_UNIT = 1, CN_KIND_TEAM = 2, CN_KIND_MEMBER = 3 };
const char *cn_kind_name(int kind); /* "Đơn vị", "Tổ", "Thành viên" */

typedef struct cn_search_hit {
	int kind;
	long long id;
	const char *label;    /* unit/team name, member full name */
	const char *detail;   /* member: role and team; team: ""; unit: type */
	long long unit_id;    /* the unit the item sits in (itself for a unit) */
	long long team_id;    /* team of a member, the team itself, or 0 */
	/* Unit: what became of it when closed ("đã giải thể 30/06/2025 → nay
	 * thuộc Tỉnh Cà Mau"), or its former name; NULL when nothing. */
	const char *note;
} cn_search_hit;

/* Calls FN for up to LIMIT hits, best first (whole-phrase matches before
 * scattered words, units before teams before members). Each word of QUERY
 * matches a word prefix: "hoa bin" finds "Hòa Bình". FN returns non-zero to
 * stop. Returns the number of hits or a negative cn_status. */
int cn_search(cn_db *db, const char *query, int limit,
	      int (*fn)(const cn_search_hit *hit, void *ctx), void *ctx, cn_error *err);

/* cn_search among the kinds in KINDS only (a mask of 1 << CN_KIND_...):
 * the check-in looks for members alone. */
int cn_search_kinds(cn_db *db, const char *query, unsigned kinds, int limit,
		    int (*fn)(const cn_search_hit *hit, void *ctx), void *ctx, cn_error *err);

/* The FTS5 query for QUERY ("hoa bin" → "hoa"* AND "bin"*), or NULL when
 * it holds no searchable word. Malloc'd. */
char *cn_search_fts_query(const char *query);

#endif
