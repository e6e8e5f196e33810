#include "lineinput.h"

#include <stdlib.h>
#include <string.h>

#include "cnscd/os.h"
#include "cnscd/util.h"
#include "keys.h"

void line_input_clear(struct line_input *in)
{
	in->len = in->pos = 0;
	in->text[0] = 0;
}

bool line_input_edit(struct line_input *in, int action, int key)
{
	switch (action) {
	case ACT_CHAR_LEFT: if (in->pos > 0) in->pos--; return false;
	case ACT_CHAR_RIGHT: if (in->pos < in->len) in->pos++; return false;
	case ACT_LINE_START: in->pos = 0; return false;
	case ACT_LINE_END: in->pos = in->len; return false;
	case ACT_DEL_PREV:
		if (in->pos == 0)
			return false;
		in->pos--;
		/* fall through */
	case ACT_DEL_CHAR:
		if (in->pos >= in->len)
			return false;
		memmove(&in->text[in->pos], &in->text[in->pos + 1], (size_t)(in->len - in->pos) * sizeof(wchar_t));
		in->len--;
		return true;
	case ACT_CLEAR:
		line_input_clear(in);
		return true;
	default:
		if (key & TK_FN || key < 32 || key == 127 || in->len >= LINE_INPUT_MAX)
			return false;
		memmove(&in->text[in->pos + 1], &in->text[in->pos], (size_t)(in->len - in->pos + 1) * sizeof(wchar_t));
		in->text[in->pos++] = (wchar_t)key;
		in->len++;
		return true;
	}
}

char *line_input_utf8(const struct line_input *in)
{
	char buf[LINE_INPUT_MAX * 4 + 1];
	size_t n = cn_os_wcs_to_utf8(buf, in->text, sizeof buf - 1);
	if (n == (size_t)-1)
		n = 0;
	buf[n] = '\0';
	return cn_strdup(buf);
}

int line_input_cursor_x(const struct line_input *in)
{
	int w = cn_os_wcswidth(in->text, (size_t)in->pos);
	return w > 0 ? w : 0;
}
