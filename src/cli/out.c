#include "out.h"

#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"
#include "cnscd/util.h"

void out_write(FILE *f, const char *s, size_t n)
{
	cn_buf b = {0};
	if (cn_text_escape_hidden(&b, s, n))
		fwrite(b.data, 1, b.len, f);
	else
		fwrite(s, 1, n, f);
	cn_buf_free(&b);
}

void out_fputs(const char *s, FILE *f)
{
	out_write(f, s, strlen(s));
}

void out_puts(const char *s)
{
	out_fputs(s, stdout);
	fputc('\n', stdout);
}

void out_vfprintf(FILE *f, const char *fmt, va_list ap)
{
	cn_buf b = {0};
	cn_buf_vprintf(&b, fmt, ap);
	out_write(f, cn_buf_str(&b), b.len);
	cn_buf_free(&b);
}

void out_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	out_vfprintf(stdout, fmt, ap);
	va_end(ap);
}

void out_eprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	out_vfprintf(stderr, fmt, ap);
	va_end(ap);
}

int out_copy(FILE *in, FILE *out)
{
	cn_buf line = {0};
	bool first = true;
	for (int c = 0; c != EOF;) {
		c = getc(in);
		if (c != EOF)
			cn_buf_addc(&line, (char)c);
		if ((c != '\n' && c != EOF) || !line.len)
			continue;
		/* A CSV line ends with CR LF: the CR is the line's end, not a control. */
		if (line.len >= 2 && line.data[line.len - 2] == '\r' && line.data[line.len - 1] == '\n') {
			line.data[line.len - 2] = '\n';
			line.len--;
		}
		/* The byte-order mark tells Excel the file is UTF-8; on a screen
		 * it would only show as "\uFEFF". */
		size_t skip = first && line.len >= 3 && memcmp(line.data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		out_write(out, line.data + skip, line.len - skip);
		line.len = 0;
		first = false;
	}
	cn_buf_free(&line);
	return ferror(in) || fflush(out) != 0 || ferror(out) ? -1 : 0;
}
