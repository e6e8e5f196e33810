/* Lists to put the data right after people and places changed (review.c). */
#ifndef CNSCD_TUI_REVIEW_H
#define CNSCD_TUI_REVIEW_H

#include "cnscd/db.h"

struct screen;

/* D: the records of UNIT's subtree (0: all) that may be one person typed
 * twice; Enter merges a pair. */
struct screen *duplicates_new(cn_db *db, long long unit);
/* R: the villages of UNIT's subtree that share a name in a merged commune;
 * Enter renames one. */
struct screen *villages_new(cn_db *db, long long unit);

#endif
