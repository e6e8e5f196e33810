/* The progress bar of "cnscd import": a big file takes seconds to minutes;
 * a line on stderr (cn_import_progress_line) says which phase is running,
 * how far it got and how fast. Written over itself with a carriage return,
 * and only to a terminal: a log or a pipe gets none of it. */
#include "import_progress.h"

#include <stdio.h>
#include <string.h>

#include "cnscd/os.h"

#define LINE_COLUMNS 79 /* an 80-column terminal, without wrapping */

/* Prints TEXT then spaces up to the width of the line already there. */
static void put_line(const char *text)
{
	fprintf(stderr, "\r%s", text);
	/* Vietnamese letters take 2 or 3 bytes and one column: the bytes are
	 * an upper bound, which the spaces only need to cover. */
	for (size_t n = strlen(text); n < LINE_COLUMNS; n++)
		fputc(' ', stderr);
	fflush(stderr);
}

void import_progress_show(const cn_import_progress *p, void *ctx)
{
	struct import_progress *bar = ctx;
	char line[256];
	if (!cn_import_progress_line(&bar->meter, p, line, sizeof line) || !cn_os_isatty(2))
		return;
	put_line(line);
	bar->shown = true;
}

void import_progress_end(struct import_progress *bar)
{
	if (!bar->shown)
		return;
	put_line("");
	fputc('\r', stderr);
	fflush(stderr);
	bar->shown = false;
}
