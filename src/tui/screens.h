/* The screens above the browser: search and help. */
#ifndef CNSCD_TUI_SCREENS_H
#define CNSCD_TUI_SCREENS_H

#include <stdbool.h>

#include "cnscd/db.h"
#include "cnscd/search.h"

/* Where a search hit lives, to open the browser there. */
struct search_target {
	int kind; /* enum cn_kind */
	long long id, unit_id, team_id;
	bool inactive; /* a member who left */
};

/* The search screen; true and TARGET filled when the user chose a hit. */
bool search_run(cn_db *db, struct search_target *target);
/* The same among KINDS only (a mask of 1 << CN_KIND_...), to pick a row:
 * TITLE names the screen (NULL: "Tìm kiếm"), HINT says what to type. A
 * team to pick is shown with the path of its unit. */
bool search_pick(cn_db *db, unsigned kinds, const char *title, const char *hint, struct search_target *target);

/* The keys of the screen whose context is CTX, from the binding table. */
void help_run(unsigned ctx, const char *screen_name);

#endif
