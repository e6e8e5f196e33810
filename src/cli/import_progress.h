/* The progress bar of "cnscd import" on stderr (import_progress.c). */
#ifndef CNSCD_CLI_IMPORT_PROGRESS_H
#define CNSCD_CLI_IMPORT_PROGRESS_H

#include "cnscd/import.h"

struct import_progress {
	bool shown;        /* a bar is on the line */
	cn_import_meter meter;
};

/* For cn_import_options.progress, with CTX a struct import_progress:
 * from the first second on, a bar with the phase, the rows and the rows
 * per second, rewritten in place; only when stderr is a terminal. */
void import_progress_show(const cn_import_progress *p, void *ctx);
/* Takes the bar off the line (before the summary is printed). */
void import_progress_end(struct import_progress *bar);

#endif
