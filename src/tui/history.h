/* The audit log in the interface: the history of one record, and undoing
 * the last change. */
#ifndef CNSCD_TUI_HISTORY_H
#define CNSCD_TUI_HISTORY_H

#include <stdbool.h>

#include "cnscd/db.h"

struct screen;

/* "Lịch sử thay đổi" of the row ROW_ID of TABLE ("unit", "team",
 * "member"), newest first, named NAME in the title: a screen to push, or
 * NULL (with a message) when the log cannot be read. */
struct screen *history_new(cn_db *db, const char *table, long long row_id, const char *name);

/* Asks, showing what would be reverted, then undoes the last change.
 * True when the data changed (the lists must be read again). */
bool history_undo(cn_db *db);

#endif
