/* The three lists of the browser as tables: their columns and how a row
 * of each is drawn. */
#ifndef CNSCD_TUI_LISTS_H
#define CNSCD_TUI_LISTS_H

#include "cnscd/browse.h"
#include "table.h"

struct list_view {
	cn_browse *list;
};

/* Sets T up to show LIST (its columns follow the list's kind). */
void list_view_init(struct list_view *v, struct table *t, cn_browse *list);

#endif
