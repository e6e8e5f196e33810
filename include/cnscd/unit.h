/* Administrative units: province > (district >) commune > village, at any
 * depth. Units are closed with an end date, never reused; the level (tier)
 * comes from the unit's type, so the post-2025 two-level tree (province >
 * commune > village) reports its communes as communes. */
#ifndef CNSCD_UNIT_H
#define CNSCD_UNIT_H

#include "cnscd/db.h"

/* No real tree is this deep (province > district > commune > village,
 * and a few levels added by hand): every walk down or up the tree stops
 * there, so that a loop in the data can never make one endless. */
#define CN_UNIT_MAX_DEPTH 20
#define CN_UNIT_MAX_DEPTH_SQL "20"

enum cn_level {
	CN_LEVEL_PROVINCE = 1,
	CN_LEVEL_DISTRICT = 2,
	CN_LEVEL_COMMUNE = 3,
	CN_LEVEL_VILLAGE = 4,
	CN_LEVEL_MAX = 4,
};

/* "Cấp tỉnh", "Cấp huyện", "Cấp xã", "Cấp thôn". */
const char *cn_level_name(int level);
/* Short plural noun for coverage lines: "tỉnh", "huyện", "xã", "thôn". */
const char *cn_level_noun(int level);

/* The unit types users may choose for LEVEL, NULL-terminated. */
const char *const *cn_unit_types_for_level(int level);
/* Level of a unit of TYPE whose parent has PARENT_LEVEL (0 for a top unit).
 * Unknown types sit one level below their parent. */
int cn_unit_type_level(const char *type, int parent_level);

typedef struct cn_unit {
	long long id;
	char *uuid;
	char *code;        /* official code, or a local code for villages */
	char *name;        /* full name with its type: "Huyện Hòa Bình" */
	char *type;        /* "Huyện" */
	int level;         /* enum cn_level */
	long long parent_id; /* 0 for a top unit */
	char *valid_from;  /* ISO date or NULL */
	char *valid_to;    /* ISO date or NULL while the unit exists */
	char *created_at;
	char *updated_at;
} cn_unit;

void cn_unit_clear(cn_unit *u);

int cn_unit_get(cn_db *db, long long id, cn_unit *out, cn_error *err);
int cn_unit_find_code(cn_db *db, const char *code, cn_unit *out, cn_error *err);
/* The id of the unit with CODE into *ID, 0 when there is none: CN_OK, or
 * the database's failure (locked, damaged), never taken for "none". */
int cn_unit_code_id(cn_db *db, const char *code, long long *id, cn_error *err);
/* The same where a failure may pass for "none" (tests, or a read that
 * follows and reports it): the id, 0 when there is none or it failed. */
long long cn_unit_id_by_code(cn_db *db, const char *code);

/* Adds a unit from U's code, name, type, parent_id and valid_from (typed
 * text; dd/mm/yyyy or ISO). An empty code under a parent gets the next local
 * code "<parent code>.NN". A name that lacks its type gets it in front
 * ("Tân Lập" of type Thôn is stored as "Thôn Tân Lập"). Sets U->id. */
int cn_unit_add(cn_db *db, cn_unit *u, cn_error *err);
/* Saves U's code, name, type and valid dates. When U->updated_at is set and
 * the row changed since, fails with CN_ECONFLICT and changes nothing. */
int cn_unit_update(cn_db *db, const cn_unit *u, cn_error *err);
/* Marks the unit (and its open descendants) closed from DATE (ISO). */
int cn_unit_close(cn_db *db, long long id, const char *date, cn_error *err);
/* Removes a unit added by mistake: only when it has no units below and no
 * teams, otherwise CN_EEXIST with a message saying what is attached. */
int cn_unit_delete(cn_db *db, long long id, cn_error *err);

/* "Tỉnh Bạc Liêu › Huyện Hòa Bình › Xã Vĩnh Mỹ A", joined with SEP. */
char *cn_unit_path(cn_db *db, long long id, const char *sep);

/* "huyện Hoà Bình, tỉnh Bạc Liêu" (since July 2025 "xã Hòa Bình, tỉnh Cà
 * Mau"): the unit and those above it, nearest first, their kinds in lower
 * case, as official writing names a place. Malloc'd; "" for no unit. */
char *cn_unit_prose(cn_db *db, long long id);

/* Prefix of a full name for TYPE ("Thành phố" for "Thành phố Trung ương"). */
const char *cn_unit_type_prefix(const char *type);

/* What happened to a unit (closed by a reorganisation, or renamed), for
 * search results; "" when nothing did:
 * "đã giải thể 30/06/2025 → nay thuộc Tỉnh Cà Mau" for a closed unit,
 * "trước 01/07/2025: Thị trấn Hòa Bình" for one renamed. Appended to OUT. */
void cn_unit_history_note(cn_db *db, long long unit_id, cn_buf *out);

/* Recomputes level and path of every unit (after a bulk import that may
 * have placed children before their parents, a move, an undo): tallies
 * follow the paths. Refuses (CN_EINVAL, nothing changed) a tree that
 * loops (a unit under itself) or is deeper than CN_UNIT_MAX_DEPTH. */
int cn_unit_rebuild_tree(cn_db *db, cn_error *err);

/* For importers, which check a whole file before writing anything: checks
 * and cleans U's code (required), name and type in place as cn_unit_add
 * would (the name gets its type in front), without touching the database.
 * err->field names the field at fault ("code", "name", "type"). */
int cn_unit_normalize(cn_unit *u, cn_error *err);
/* For importers, inside their transaction: adds (U->id == 0, sets U->id) or
 * rewrites the code, name, type, level and parent of a unit already passed
 * through cn_unit_normalize, without cn_unit_add's lookups and without its
 * path: call cn_unit_rebuild_tree once when every unit is stored. */
int cn_unit_store(cn_db *db, cn_unit *u, cn_error *err);
/* For importers that insert new units themselves: the search key of a new
 * unit (its folded name and its code; it has no former names yet).
 * Malloc'd. */
char *cn_unit_new_search_key(const char *name, const char *code);

#endif
