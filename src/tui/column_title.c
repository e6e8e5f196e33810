#include "column_title.h"

#include <stdio.h>
#include <string.h>

#include "ui.h"

struct wrapping {
	struct column_title *out;
	int n;
};

static void keep_line(const char *line, int len, void *ctx)
{
	struct wrapping *w = ctx;
	char (*l)[160] = w->out->line;
	if (w->n < COLUMN_TITLE_LINES)
		snprintf(l[w->n], sizeof l[0], "%.*s", len, line);
	else /* a line more: mark the cut on the last one shown */
		strncat(l[COLUMN_TITLE_LINES - 1], "…", sizeof l[0] - strlen(l[COLUMN_TITLE_LINES - 1]) - 1);
	w->n++;
}

void column_title(const char *text, int width, struct column_title *out)
{
	memset(out, 0, sizeof *out);
	struct wrapping w = {out, 0};
	if (ui_wrap(text ? text : "", width, keep_line, &w) == 1) {
		memcpy(out->line[1], out->line[0], sizeof out->line[1]);
		out->line[0][0] = '\0';
	}
}
