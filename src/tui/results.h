/* The report and activity-result screens: a report on screen with its
 * export, and the monthly results grid of a team. */
#ifndef CNSCD_TUI_RESULTS_H
#define CNSCD_TUI_RESULTS_H

#include <curses.h>
#include <panel.h>

#include "cnscd/db.h"

/* Picks a report and its period for UNIT_ID (0: the whole database),
 * shows it, and exports it on request. */
void report_screen_run(cn_db *db, long long unit_id);

/* The results of TEAM_ID for one month at a time, typed in place. */
void results_grid_run(cn_db *db, long long team_id);

/* Makes or resizes the full-screen window (above the two bottom lines) of
 * one of these screens. */
void results_screen_window(WINDOW **win, PANEL **panel);

#endif
