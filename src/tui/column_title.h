/* A column's title over two header lines: wrapped at spaces to the
 * column's width, a cut marked "…" on the second line, a title of one line
 * on the lower one (so that titles line up at the bottom). */
#ifndef CNSCD_TUI_COLUMN_TITLE_H
#define CNSCD_TUI_COLUMN_TITLE_H

#define COLUMN_TITLE_LINES 2

struct column_title {
	char line[COLUMN_TITLE_LINES][160];
};

void column_title(const char *text, int width, struct column_title *out);

#endif
