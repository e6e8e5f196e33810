/* The report and activity-result screens: a report on screen with its
 * export, the results by child unit, the monthly grid of a team, and the
 * approvals. Each constructor gives a screen to push (screen.h). */
#ifndef CNSCD_TUI_RESULTS_SCREENS_H
#define CNSCD_TUI_RESULTS_SCREENS_H

#include "cnscd/db.h"
#include "screen.h"
#include "ui.h"

/* Picks a report and its period for UNIT_ID (0: the whole database) and
 * gives the screen that shows it and exports it on request; NULL when the
 * user gave up or the report could not be built (with a message). */
struct screen *report_screen_new(cn_db *db, long long unit_id);

/* The report "Kết quả hoạt động" of UNIT_ID for the months FROM..TO
 * ("YYYY-MM") on screen, its export asked at once: the results view's
 * export key. */
void report_results_export(cn_db *db, long long unit_id, const char *from, const char *to);
/* The attendance sheet of session TRAINING_ID on screen, exported on
 * request (also as the blank sign-in sheet); NULL with a message when the
 * session cannot be read. */
struct screen *attendance_screen_new(cn_db *db, long long training_id);

/* The results of TEAM_ID for one month at a time, typed in place, the
 * team's figure or (t) each member's, at month MONTH (1..12) of YEAR (0:
 * last month); NULL (with a message) when the team or the indicators
 * cannot be read. */
struct screen *results_grid_new(cn_db *db, long long team_id, int year, int month);

/* Last month of every team of UNIT_ID's subtree in one grid: teams as
 * rows, indicators as columns; each team sent alone or all at once. NULL
 * (with a message) when the unit or the indicators cannot be read. */
struct screen *unit_grid_new(cn_db *db, long long unit_id);

/* Columns that fit the screen, for tables wider than it: the first FROZEN
 * always, then from FIRST on. Fills IDX and XS (screen x); returns how many. */
int results_visible_cols(const int *widths, int ncols, int frozen, int first, int *idx, int *xs, int max);

/* Activity results of UNIT_ID (0: everything) by child unit, a month,
 * quarter or year at a time, with the reporting rate; drills down to the
 * teams and members behind a figure, and shows them by level (c). NULL
 * (with a message) when the indicators cannot be read. */
struct screen *results_view_new(cn_db *db, long long unit_id);

/* Approval of the results of UNIT_ID's children (and itself) for PERIOD
 * ("YYYY-MM"), one month at a time (approval_view.c); NULL (with a
 * message) for a bad period. */
struct screen *approval_view_new(cn_db *db, long long unit_id, const char *period);

#endif
