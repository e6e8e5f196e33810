/* A one-line text input (the search box, the check-in line): the text as
 * wide characters, the cursor, and the editing keys. */
#ifndef CNSCD_TUI_LINEINPUT_H
#define CNSCD_TUI_LINEINPUT_H

#include <stdbool.h>
#include <wchar.h>

#define LINE_INPUT_MAX 100

struct line_input {
	wchar_t text[LINE_INPUT_MAX + 1];
	int len, pos;
};

/* Applies ACTION (cursor moves, deletions, clear) or, for ACT_NONE, types
 * KEY. True when the text changed. */
bool line_input_edit(struct line_input *in, int action, int key);
void line_input_clear(struct line_input *in);
/* The text in UTF-8 (malloc'd). */
char *line_input_utf8(const struct line_input *in);
/* Display columns before the cursor. */
int line_input_cursor_x(const struct line_input *in);

#endif
