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
/* The same among KINDS only (CN_SEARCH_* bits), to pick a row: TITLE names
 * the screen (NULL: "Tìm kiếm"), HINT says what to type; closed units and
 * dissolved teams are not offered. */
bool search_pick(cn_db *db, unsigned kinds, const char *title, const char *hint, struct search_target *target);

/* The first run (firstrun.c): true when the database has no unit; then the
 * screen that fills it, and after a list is in, office_pick. Returns
 * FIRSTRUN_BY_HAND when the user chose to add units by hand. */
enum { FIRSTRUN_DONE, FIRSTRUN_BY_HAND };
bool firstrun_needed(cn_db *db);
int firstrun_run(cn_db *db);
/* "Đơn vị của bạn": the office's unit picked by typing, stored as the
 * setting office_unit; its id, or 0 when the user left it for later. */
long long office_pick(cn_db *db);

/* Imports from the screen (import_view.c): a file typed (Tab completes)
 * or picked from the spreadsheets of the usual folders, with the same
 * checks as "cnscd import"; a file with bad rows writes nothing and lists
 * them, with the choice to import the good rows and save the bad ones
 * beside the file. SESSION is the training session of an attendance.
 * True when something was imported. */
enum import_kind { IMPORT_UNITS, IMPORT_MEMBERS, IMPORT_ATTENDANCE, IMPORT_RESULTS };
bool import_run(cn_db *db, int kind, long long session);
/* Asks what to import (units, members, monthly results), then import_run. */
bool import_choose(cn_db *db);

/* The keys of the screen whose context is CTX, from the binding table. */
void help_run(unsigned ctx, const char *screen_name);

#endif
