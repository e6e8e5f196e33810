/* Fast paths of text.c for the text cnscd reads most: ASCII and the
 * precomposed Latin letters of Vietnamese (and other Latin scripts). An
 * import folds and normalises every name of its file; through utf8proc
 * that was ~25,000 instructions a name, most of a members import's own
 * work. Here a name is one pass over its bytes with a table per code
 * point, and the table is filled from utf8proc itself, one code point at a
 * time when first met, so both ways give the same bytes. Anything else (a
 * combining mark, another script, a symbol, a non-breaking space, invalid
 * UTF-8) goes the full way. */
#include "text_latin_internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cnscd/util.h"

/* The code points of the tables: Latin-1 Supplement letters to Latin
 * Extended-B, and Latin Extended Additional (the Vietnamese letters with
 * two marks: ế, ộ, ữ...). */
#define LOW_FIRST 0xC0
#define LOW_END 0x250
#define HIGH_FIRST 0x1E00
#define HIGH_END 0x1F00

enum { UNKNOWN = 0, OTHER = 1 }; /* else: the ASCII letter it folds to */

static unsigned char fold_low[LOW_END - LOW_FIRST], fold_high[HIGH_END - HIGH_FIRST];
static signed char nfc_low[LOW_END - LOW_FIRST], nfc_high[HIGH_END - HIGH_FIRST]; /* 0 unknown, 1 NFC, -1 not */

static unsigned char *fold_entry(int c)
{
	if (c >= LOW_FIRST && c < LOW_END)
		return &fold_low[c - LOW_FIRST];
	if (c >= HIGH_FIRST && c < HIGH_END)
		return &fold_high[c - HIGH_FIRST];
	return NULL;
}

static signed char *nfc_entry(int c)
{
	if (c >= LOW_FIRST && c < LOW_END)
		return &nfc_low[c - LOW_FIRST];
	if (c >= HIGH_FIRST && c < HIGH_END)
		return &nfc_high[c - HIGH_FIRST];
	return NULL;
}

/* The next code point of S (2 or 3 bytes, well formed) into *C: its
 * length, or 0 when it is not such a sequence. */
static int decode(const unsigned char *s, int *c)
{
	if (s[0] >= 0xC2 && s[0] <= 0xDF && (s[1] & 0xC0) == 0x80) {
		*c = ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if (s[0] >= 0xE0 && s[0] <= 0xEF && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		*c = ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		return *c >= 0x800 && (*c < 0xD800 || *c > 0xDFFF) ? 3 : 0;
	}
	return 0;
}

static bool is_combining_mark(int c)
{
	return c >= 0x300 && c < 0x370;
}

/* The ASCII letter C folds to, or 0 when it folds to anything else. */
static char fold_cp(int c, const unsigned char *bytes, int n, char *(*slow)(const char *))
{
	unsigned char *e = fold_entry(c);
	if (!e)
		return 0;
	if (*e == UNKNOWN) {
		char one[4] = {0};
		memcpy(one, bytes, (size_t)n);
		char *f = slow(one);
		*e = f[0] >= 'a' && f[0] <= 'z' && f[1] == '\0' ? (unsigned char)f[0] : OTHER;
		free(f);
	}
	return *e == OTHER ? 0 : (char)*e;
}

char *cn_fold_latin(const char *s, char *(*slow)(const char *))
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = cn_malloc(strlen(s) + 1);
	size_t o = 0;
	bool pending_space = false;
	while (*p) {
		char f;
		if (*p < 0x80) {
			unsigned char a = *p++;
			f = a >= 'A' && a <= 'Z' ? (char)(a - 'A' + 'a')
			    : (a >= 'a' && a <= 'z') || (a >= '0' && a <= '9') ? (char)a : 0;
		} else {
			int c, n = decode(p, &c);
			if (!n) {
				free(out);
				return NULL;
			}
			if (is_combining_mark(c)) { /* stripped, as the full way does */
				p += n;
				continue;
			}
			if (!(f = fold_cp(c, p, n, slow))) {
				free(out);
				return NULL;
			}
			p += n;
		}
		if (!f) {
			pending_space = o > 0;
			continue;
		}
		if (pending_space)
			out[o++] = ' ';
		pending_space = false;
		out[o++] = f;
	}
	out[o] = '\0';
	return out;
}

/* Whether C alone is in NFC and stays so next to any other code point of
 * the tables (a letter: only combining marks compose with it). */
static bool nfc_cp(int c, const unsigned char *bytes, int n)
{
	signed char *e = nfc_entry(c);
	if (!e)
		return false;
	if (*e == 0) {
		char one[4] = {0};
		memcpy(one, bytes, (size_t)n);
		utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)one);
		utf8proc_category_t cat = utf8proc_category(c);
		bool letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
		*e = nfc && strcmp((const char *)nfc, one) == 0 && letter ? 1 : -1;
		free(nfc);
	}
	return *e > 0;
}

static bool is_ascii_space(unsigned char a)
{
	return a == ' ' || a == '\t' || a == '\n' || a == '\r' || a == '\v' || a == '\f';
}

char *cn_clean_latin(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = cn_malloc(strlen(s) + 1);
	size_t o = 0;
	bool pending_space = false;
	while (*p) {
		int n = 1;
		if (*p >= 0x80) {
			int c;
			if (!(n = decode(p, &c)) || !nfc_cp(c, p, n)) {
				free(out);
				return NULL;
			}
		} else if (is_ascii_space(*p)) {
			pending_space = o > 0;
			p++;
			continue;
		}
		if (pending_space)
			out[o++] = ' ';
		pending_space = false;
		memcpy(out + o, p, (size_t)n);
		o += (size_t)n;
		p += n;
	}
	out[o] = '\0';
	return out;
}

int cn_latin_plain_length(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;
	for (; *p; n++) {
		if (*p < 0x80) {
			if (*p < 0x20 || *p == 0x7F)
				return -1;
			p++;
			continue;
		}
		int c, len = decode(p, &c);
		if (!len || !fold_entry(c))
			return -1;
		p += len;
	}
	return n;
}
