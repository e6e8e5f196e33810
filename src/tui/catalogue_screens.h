/* The catalogue screens: the indicators, a unit's targets, the settings. */
#ifndef CNSCD_TUI_CATALOGUE_SCREENS_H
#define CNSCD_TUI_CATALOGUE_SCREENS_H

#include <stdbool.h>

#include "cnscd/db.h"

struct screen;

/* The indicator catalogue, a screen to push; targets open for UNIT_ID
 * (0: choose the top). */
struct screen *indicators_new(cn_db *db, long long unit_id);
/* ID 0 adds an indicator; returns the id saved, or 0. */
long long edit_indicator(cn_db *db, long long id);

/* The targets of UNIT_ID, a screen to push (NULL, with a message, without
 * a unit); a new one starts on INDICATOR_ID (0: the first). */
struct screen *targets_new(cn_db *db, long long unit_id, long long indicator_id);
/* A target as the form edits it. */
struct target_key {
	long long id; /* 0: a new one */
	long long indicator_id;
	char from[8], to[8];
	long long value;
};
/* The target form for UNIT_ID, starting from K (a new one when K->id is
 * 0, on K->indicator_id if set); true when saved, K then holds what was. */
bool edit_target(cn_db *db, long long unit_id, struct target_key *k);

/* The settings form; the office's unit is picked among those around UNIT_ID. */
void settings_run(cn_db *db, long long unit_id);

#endif
