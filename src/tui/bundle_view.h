/* The bundle screen: conflicts left by bundle imports (both versions, keys
 * to keep ours or take theirs) and, per child unit, when its last bundle
 * arrived and whether it is overdue. */
#ifndef CNSCD_TUI_BUNDLE_VIEW_H
#define CNSCD_TUI_BUNDLE_VIEW_H

#include <stdbool.h>

#include "cnscd/db.h"

struct screen;

/* Arrivals are those of the children of UNIT_ID (0: see cn_bundle_status).
 * A resolved conflict changes the data (SCREEN_CHANGED): the screens
 * under it read again. */
struct screen *bundle_view_new(cn_db *db, long long unit_id);

#endif
