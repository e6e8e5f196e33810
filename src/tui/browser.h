/* The home screen: units, their teams, the teams' members. */
#ifndef CNSCD_TUI_BROWSER_H
#define CNSCD_TUI_BROWSER_H

#include "cnscd/db.h"

/* Runs until the user quits; returns the exit status. */
int browser_run(cn_db *db);

#endif
