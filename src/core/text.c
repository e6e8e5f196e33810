#include "cnscd/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cnscd/util.h"
#include "text_latin_internal.h"

bool cn_utf8_valid(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	while (i < len) {
		if (p[i] < 0x80) { /* ASCII, most of any file: no decoding */
			if (!p[i++])
				return false;
			continue;
		}
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0 || c == 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

/* Copy of S with invalid UTF-8 sequences (and NULs) dropped. */
static char *utf8_sanitize(const char *s)
{
	size_t len = strlen(s);
	char *out = cn_malloc(len + 1);
	size_t o = 0, i = 0;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0) {
			i++;
			continue;
		}
		memcpy(out + o, s + i, (size_t)n);
		o += (size_t)n;
		i += (size_t)n;
	}
	out[o] = '\0';
	return out;
}

static bool is_space_cp(utf8proc_int32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
	       c == 0xA0 || c == 0x2007 || c == 0x202F || c == 0x3000 ||
	       utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

/* Appends codepoint C to B as UTF-8. */
static void buf_add_cp(cn_buf *b, utf8proc_int32_t c)
{
	utf8proc_uint8_t tmp[4];
	utf8proc_ssize_t n = utf8proc_encode_char(c, tmp);
	cn_buf_add(b, (const char *)tmp, (size_t)n);
}

/* Walks NFC text T and rebuilds it with whitespace runs collapsed to one
 * space and trimmed at both ends. When FOLD_PUNCT, anything that is not a
 * letter or digit counts as whitespace too (for search keys). */
static char *collapse_spaces(const char *t, bool fold_punct)
{
	cn_buf b = {0};
	bool pending_space = false;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)t;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(t);
	while (len > 0) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p, len, &c);
		if (n <= 0)
			break;
		p += n;
		len -= n;
		bool space = is_space_cp(c);
		if (!space && fold_punct) {
			utf8proc_category_t cat = utf8proc_category(c);
			bool keep = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
				    (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
			space = !keep;
		}
		if (space) {
			pending_space = b.len > 0;
			continue;
		}
		if (pending_space)
			cn_buf_addc(&b, ' ');
		pending_space = false;
		buf_add_cp(&b, c);
	}
	return cn_buf_steal(&b);
}

char *cn_text_clean(const char *s)
{
	if (!s)
		return cn_strdup("");
	char *fast = cn_clean_latin(s);
	if (fast)
		return fast;
	if (!cn_utf8_valid(s, strlen(s)))
		return NULL;
	utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);
	if (!nfc)
		return NULL;
	char *out = collapse_spaces((const char *)nfc, false);
	free(nfc);
	return out;
}

static char *fold_full(const char *s)
{
	char *clean = utf8_sanitize(s);
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)clean, 0, &mapped,
					  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
					  UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
	free(clean);
	if (n < 0 || !mapped)
		return cn_strdup("");
	/* Neither case folding nor mark stripping turns đ (U+0111) into d. */
	char *p = (char *)mapped, *w = p;
	while (*p) {
		if ((unsigned char)p[0] == 0xC4 && (unsigned char)p[1] == 0x91) {
			*w++ = 'd';
			p += 2;
		} else {
			*w++ = *p++;
		}
	}
	*w = '\0';
	char *out = collapse_spaces((const char *)mapped, true);
	free(mapped);
	return out;
}

char *cn_text_fold(const char *s)
{
	if (!s)
		return cn_strdup("");
	char *fast = cn_fold_latin(s, fold_full);
	return fast ? fast : fold_full(s);
}

bool cn_text_same(const char *a, const char *b)
{
	char *fa = cn_text_fold(a), *fb = cn_text_fold(b);
	bool same = strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return same;
}

/* Width of one codepoint on a terminal. */
static int cp_width(utf8proc_int32_t c)
{
	if (c < 0x20 || c == 0x7F)
		return 1; /* shown as a replacement, never as a control */
	return utf8proc_charwidth(c);
}

int cn_text_width(const char *s)
{
	int w = cn_latin_plain_length(s);
	if (w >= 0)
		return w;
	w = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
	while (len > 0) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p, len, &c);
		if (n <= 0) {
			w += 1;
			n = 1;
		} else {
			w += cp_width(c);
		}
		p += n;
		len -= n;
	}
	return w;
}

size_t cn_text_fit(const char *s, int cols, int *used)
{
	int w = 0;
	size_t i = 0, len = strlen(s);
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &c);
		int cw = 1;
		if (n <= 0)
			n = 1;
		else
			cw = cp_width(c);
		if (w + cw > cols)
			break;
		w += cw;
		i += (size_t)n;
	}
	if (used)
		*used = w;
	return i;
}

char *cn_text_ellipsize(const char *s, int cols)
{
	if (cols <= 0)
		return cn_strdup("");
	if (cn_text_width(s) <= cols)
		return cn_strdup(s);
	size_t n = cn_text_fit(s, cols - 1, NULL);
	char *out = cn_malloc(n + 4);
	memcpy(out, s, n);
	memcpy(out + n, "\xE2\x80\xA6", 4); /* "…" and NUL */
	return out;
}

/* S with each character mapped by CASE (utf8proc_tolower/toupper). */
static char *map_case(const char *s, utf8proc_int32_t (*map)(utf8proc_int32_t))
{
	cn_buf b = {0};
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
	while (len > 0) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p, len, &c);
		if (n <= 0)
			n = 1;
		else
			buf_add_cp(&b, map(c));
		p += n;
		len -= n;
	}
	return cn_buf_steal(&b);
}

enum cn_hidden_kind cn_text_hidden_kind(int cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
		return CN_HIDDEN_CONTROL;
	if (cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2069))
		return CN_HIDDEN_BIDI;
	/* Noncharacters (U+FFFE, U+1FFFF, ...) and unpaired surrogates too. */
	if ((cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF))
		return CN_HIDDEN_INVISIBLE;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_CC:
		return CN_HIDDEN_CONTROL;
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CS:
		return CN_HIDDEN_INVISIBLE;
	default:
		return CN_HIDDEN_NONE;
	}
}

enum cn_hidden_kind cn_text_hidden(const char *s, int *cp)
{
	if (cn_latin_plain_length(s) >= 0)
		return CN_HIDDEN_NONE;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
	int marks = 0;
	while (len > 0) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p, len, &c);
		if (n <= 0) {
			n = 1;
			c = -1;
		}
		p += n;
		len -= n;
		if (c < 0) {
			marks = 0;
			continue;
		}
		enum cn_hidden_kind kind = cn_text_hidden_kind(c);
		utf8proc_category_t cat = utf8proc_category(c);
		marks = cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME ? marks + 1 : 0;
		if (!kind && marks > CN_TEXT_MAX_MARKS)
			kind = CN_HIDDEN_STACKED;
		if (kind) {
			if (cp)
				*cp = c;
			return kind;
		}
	}
	return CN_HIDDEN_NONE;
}

const char *cn_text_hidden_name(enum cn_hidden_kind kind)
{
	switch (kind) {
	case CN_HIDDEN_CONTROL: return "ký tự điều khiển";
	case CN_HIDDEN_BIDI: return "ký tự đảo chiều chữ";
	case CN_HIDDEN_INVISIBLE: return "ký tự vô hình";
	case CN_HIDDEN_STACKED: return "quá nhiều dấu chồng lên một chữ";
	default: return "";
	}
}

bool cn_text_escape_hidden(cn_buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t clean = 0; /* start of the run copied as it is */
	bool any = false;
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t len = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &c);
		bool bad = len <= 0;
		if (!bad && (c == '\n' || c == '\t' || !cn_text_hidden_kind(c))) {
			i += (size_t)len;
			continue;
		}
		if (!any)
			cn_buf_reserve(out, n + 16);
		any = true;
		cn_buf_add(out, s + clean, i - clean);
		if (bad || c < 0x80)
			cn_buf_printf(out, "\\x%02X", bad ? p[i] : (unsigned)c);
		else
			cn_buf_printf(out, "\\u%04X", (unsigned)c);
		i += bad ? 1 : (size_t)len;
		clean = i;
	}
	if (any)
		cn_buf_add(out, s + clean, n - clean);
	return any;
}

char *cn_text_lower(const char *s)
{
	return map_case(s, utf8proc_tolower);
}

char *cn_text_upper(const char *s)
{
	return map_case(s, utf8proc_toupper);
}
