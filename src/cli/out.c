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
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, in)) > 0) {
		/* A CSV line ends with CR LF: the CR is the line's end, not a control. */
		if (n >= 2 && line[n - 2] == '\r' && line[n - 1] == '\n') {
			line[n - 2] = '\n';
			n--;
		}
		out_write(out, line, (size_t)n);
	}
	free(line);
	return ferror(in) || fflush(out) != 0 || ferror(out) ? -1 : 0;
}
