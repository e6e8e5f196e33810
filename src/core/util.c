#include "cnscd/util.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static void out_of_memory(size_t size)
{
	fprintf(stderr, "cnscd: hết bộ nhớ (cần %zu byte)\n", size);
	abort();
}

void *cn_malloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *cn_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *cn_realloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q)
		out_of_memory(size);
	return q;
}

void *cn_reallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	return cn_realloc(p, n * size);
}

char *cn_strdup(const char *s)
{
	return cn_strndup(s, strlen(s));
}

char *cn_strndup(const char *s, size_t n)
{
	char *p = cn_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Formats into B (appending). Tries a stack buffer first: most strings are
 * short, and it spares vsnprintf(NULL, 0, ...), which GCC 12 with
 * sanitizers wrongly reports as a null format string. */
void cn_buf_vprintf(cn_buf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	if (n < 0) {
		va_end(again);
		return;
	}
	if ((size_t)n < sizeof small) {
		cn_buf_add(b, small, (size_t)n);
	} else {
		cn_buf_reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
		b->len += (size_t)n;
	}
	va_end(again);
}

char *cn_sprintf(const char *fmt, ...)
{
	cn_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	cn_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return cn_buf_steal(&b);
}

void cn_buf_reserve(cn_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1) {
		if (cap > SIZE_MAX / 2)
			out_of_memory(SIZE_MAX);
		cap *= 2;
	}
	b->data = cn_realloc(b->data, cap);
	b->cap = cap;
}

void cn_buf_add(cn_buf *b, const char *s, size_t n)
{
	cn_buf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void cn_buf_adds(cn_buf *b, const char *s)
{
	cn_buf_add(b, s, strlen(s));
}

void cn_buf_addc(cn_buf *b, char c)
{
	cn_buf_add(b, &c, 1);
}

void cn_buf_printf(cn_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cn_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void cn_buf_clear(cn_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *cn_buf_steal(cn_buf *b)
{
	char *s = b->data ? b->data : cn_strdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void cn_buf_free(cn_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

const char *cn_buf_str(const cn_buf *b)
{
	return b->data ? b->data : "";
}

/* A message cut at the end of its buffer may end in half a UTF-8
 * character (a long Vietnamese value quoted in it): drop that half. */
static void trim_partial_char(char *s)
{
	size_t end = strlen(s), i = end;
	while (i > 0 && end - i < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	unsigned char lead = i > 0 ? (unsigned char)s[i - 1] : 0;
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
	if (need && end - (i - 1) < need)
		s[i - 1] = '\0';
}

/* Length of the well-formed UTF-8 character at S (as strict as
 * cn_utf8_valid: no overlong forms, surrogates or code points past
 * U+10FFFF), 0 when the bytes there are not one. */
static size_t utf8_char_len(const unsigned char *s)
{
	unsigned c = s[0];
	size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) || (c == 0xF0 && s[1] < 0x90) ||
	    (c == 0xF4 && s[1] >= 0x90))
		return 0;
	return n;
}

/* A message quotes values from files (a bundle's names, a cell): whatever
 * bytes they held, the message stays text a terminal or a dialog can show.
 * Each byte that does not start a well-formed character becomes '?'. */
static void repair_utf8(char *s)
{
	for (size_t i = 0; s[i];) {
		size_t n = utf8_char_len((const unsigned char *)s + i);
		if (n == 0)
			s[i++] = '?';
		else
			i += n;
	}
}

static int vfail(cn_error *err, const char *field, int code, const char *fmt, va_list ap)
{
	if (err) {
		err->code = code;
		err->field = field;
		if (vsnprintf(err->msg, sizeof err->msg, fmt, ap) >= (int)sizeof err->msg)
			trim_partial_char(err->msg);
		repair_utf8(err->msg);
	}
	return code;
}

int cn_fail(cn_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(err, NULL, code, fmt, ap);
	va_end(ap);
	return code;
}

int cn_fail_field(cn_error *err, const char *field, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(err, field, code, fmt, ap);
	va_end(ap);
	return code;
}

void cn_error_clear(cn_error *err)
{
	if (err) {
		err->code = CN_OK;
		err->field = NULL;
		err->msg[0] = '\0';
	}
}

char *cn_trim_dup(const char *s)
{
	if (!s)
		return cn_strdup("");
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return cn_strndup(s, n);
}

bool cn_str_empty(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}
