/* The Vietnamese order of names (collate.h). A name is decomposed (NFD):
 * each base letter with its vowel mark (breve, circumflex, horn) is one
 * letter of the alphabet, coded as one ASCII character in alphabet order;
 * the tone marks go to a second part of the key, one digit per word, so
 * that they count only between names of the same letters. */
#include "cnscd/collate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cnscd/util.h"
#include "collate_internal.h"

/* The alphabet, in order; a letter's code is 'A' + its place. */
static const char *const alphabet[] = {
	"a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
	"n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
};

/* The marks that make a letter of the alphabet, and the tones (0: ngang). */
#define BREVE 0x0306
#define CIRCUMFLEX 0x0302
#define HORN 0x031B
static const utf8proc_int32_t tones[] = {0, 0x0300, 0x0309, 0x0303, 0x0301, 0x0323};

/* The code of base letter C (lower case) with the vowel mark MARK (0 for
 * none), or 0 when it is no letter of the alphabet. */
static char letter_code(utf8proc_int32_t c, utf8proc_int32_t mark)
{
	static const struct {
		char base;
		utf8proc_int32_t mark;
		const char *letter;
	} marked[] = {{'a', BREVE, "ă"}, {'a', CIRCUMFLEX, "â"}, {'e', CIRCUMFLEX, "ê"},
		      {'o', CIRCUMFLEX, "ô"}, {'o', HORN, "ơ"}, {'u', HORN, "ư"}};
	char plain[2] = {(char)c, 0};
	const char *want = c == 0x0111 ? "đ" : plain;
	if (c != 0x0111 && (c < 'a' || c > 'z'))
		return 0;
	/* ă â ê ô ơ ư: the letter with that mark; any other mark leaves the letter. */
	for (size_t i = 0; i < CN_ARRAY_LEN(marked) && mark; i++)
		if (marked[i].base == c && marked[i].mark == mark)
			want = marked[i].letter;
	for (size_t i = 0; i < CN_ARRAY_LEN(alphabet); i++)
		if (strcmp(alphabet[i], want) == 0)
			return (char)('A' + i);
	return 0;
}

struct word {
	cn_buf letters;
	int tone;
};

/* Words of a name the key looks at. */
#define MAX_WORDS 16

/* The word a letter goes to: the current one of the N in W, or a new one
 * after a separator; NULL when MAX words are there already. */
static struct word *word_at(struct word *w, int *n, int max, bool *in_word)
{
	if (!*in_word) {
		if (*n == max)
			return NULL;
		memset(&w[*n], 0, sizeof w[*n]);
		(*n)++;
		*in_word = true;
	}
	return &w[*n - 1];
}

/* Splits S into words of letter codes and tones (at most MAX words): the
 * full way, through its canonical decomposition. */
static int split_full(const char *s, struct word *w, int max)
{
	utf8proc_uint8_t *nfd = NULL;
	if (!s || utf8proc_map((const utf8proc_uint8_t *)s, 0, &nfd, UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE) < 0)
		return 0;
	int n = 0;
	bool in_word = false;
	const utf8proc_uint8_t *p = nfd;
	utf8proc_int32_t c;
	while (*p) {
		utf8proc_ssize_t step = utf8proc_iterate(p, -1, &c);
		if (step <= 0)
			break;
		p += step;
		if (c == ' ' || c == '\t' || c == '-' || c == '.' || c == ',') {
			in_word = false;
			continue;
		}
		struct word *cur = word_at(w, &n, max, &in_word);
		if (!cur)
			break;
		utf8proc_int32_t lower = utf8proc_tolower(c);
		if (lower >= '0' && lower <= '9') {
			cn_buf_addc(&cur->letters, (char)lower);
			continue;
		}
		/* The marks that follow the letter. */
		utf8proc_int32_t mark = 0, m;
		for (;;) {
			utf8proc_ssize_t len = *p ? utf8proc_iterate(p, -1, &m) : 0;
			if (len <= 0 || utf8proc_get_property(m)->combining_class == 0)
				break;
			p += len;
			if (m == BREVE || m == CIRCUMFLEX || m == HORN)
				mark = m;
			for (int t = 1; t < 6; t++)
				if (m == tones[t])
					cur->tone = t;
		}
		char code = letter_code(lower, mark);
		if (code) {
			cn_buf_addc(&cur->letters, code);
		} else {
			/* Other scripts and signs: after every letter, by code point. */
			char buf[16];
			snprintf(buf, sizeof buf, "~%06X", (unsigned)lower);
			cn_buf_adds(&cur->letters, buf);
		}
	}
	free(nfd);
	return n;
}

/* What one code point of a name gives the key, worked out once by
 * split_full on that code point alone: a name of the characters below is
 * the same words whether each is looked up here or the whole name is
 * decomposed (their decompositions begin with a base letter, so no mark
 * moves across two of them). Through utf8proc a name cost ~16,000
 * instructions, a tenth of a members import. */
struct piece {
	signed char state;   /* 0: not worked out yet, 1: LETTERS and TONE, -1: not one word */
	unsigned char len, tone;
	char letters[13];
};

/* ASCII to Latin Extended-B, and Latin Extended Additional (ế, ộ, ữ...). */
#define LOW_END 0x250
#define HIGH_FIRST 0x1E00
#define HIGH_END 0x1F00
static struct piece low[LOW_END], high[HIGH_END - HIGH_FIRST];

static bool is_separator(int c)
{
	return c == ' ' || c == '\t' || c == '-' || c == '.' || c == ',';
}

static const struct piece *piece_of(int c, const unsigned char *bytes, int len)
{
	struct piece *p = c < LOW_END ? &low[c] : c >= HIGH_FIRST && c < HIGH_END ? &high[c - HIGH_FIRST] : NULL;
	if (!p || p->state)
		return p;
	char one[5] = {0};
	memcpy(one, bytes, (size_t)len);
	struct word w[2];
	int n = split_full(one, w, 2);
	p->state = -1;
	if (n == 1 && w[0].letters.len > 0 && w[0].letters.len < sizeof p->letters) {
		p->state = 1;
		p->len = (unsigned char)w[0].letters.len;
		p->tone = (unsigned char)w[0].tone;
		memcpy(p->letters, cn_buf_str(&w[0].letters), p->len);
	}
	for (int i = 0; i < n; i++)
		cn_buf_free(&w[i].letters);
	return p;
}

/* The code point at S (well-formed UTF-8 of 1 to 3 bytes) into *C: its
 * length, or 0. */
static int decode(const unsigned char *s, int *c)
{
	if (s[0] < 0x80) {
		*c = s[0];
		return 1;
	}
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

/* split_full for a name of the characters above (most names): -1 when it
 * holds anything else, and then nothing is left in W. */
static int split_fast(const char *s, struct word *w, int max)
{
	int n = 0;
	bool in_word = false;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int c, len = decode(p, &c);
		const struct piece *piece = len && !is_separator(c) ? piece_of(c, p, len) : NULL;
		if (len && is_separator(c)) {
			in_word = false;
			p += len;
			continue;
		}
		if (!piece || piece->state != 1) {
			for (int i = 0; i < n; i++)
				cn_buf_free(&w[i].letters);
			return -1;
		}
		struct word *cur = word_at(w, &n, max, &in_word);
		if (!cur)
			break;
		cn_buf_add(&cur->letters, piece->letters, piece->len);
		if (piece->tone)
			cur->tone = piece->tone;
		p += len;
	}
	return n;
}

static int split(const char *s, struct word *w, int max)
{
	int n = s ? split_fast(s, w, max) : 0;
	return n >= 0 ? n : split_full(s, w, max);
}

/* The key of the N words W (freed). */
static char *key_of(struct word *w, int n)
{
	cn_buf key = {0};
	/* The given name, "$", the other words in order ("#" between them),
	 * then " " and the tones in the same order. The separators sort
	 * below every letter and digit, and in that order: "An" before "Anh",
	 * "Lê An" before "Lê Văn An". */
	for (int k = 0; k < n; k++) {
		int i = k == 0 ? n - 1 : k - 1;
		if (k == 1)
			cn_buf_addc(&key, '$');
		else if (k > 1)
			cn_buf_addc(&key, '#');
		cn_buf_add(&key, cn_buf_str(&w[i].letters), w[i].letters.len);
	}
	cn_buf_addc(&key, ' ');
	for (int k = 0; k < n; k++)
		cn_buf_addc(&key, (char)('0' + w[k == 0 ? n - 1 : k - 1].tone));
	for (int i = 0; i < n; i++)
		cn_buf_free(&w[i].letters);
	return cn_buf_steal(&key);
}

char *cn_vi_key(const char *s)
{
	struct word w[MAX_WORDS];
	return key_of(w, split(s, w, MAX_WORDS));
}

char *cn_vi_key_full(const char *s)
{
	struct word w[MAX_WORDS];
	return key_of(w, split_full(s, w, MAX_WORDS));
}

int cn_vi_compare(const char *a, const char *b)
{
	char *ka = cn_vi_key(a), *kb = cn_vi_key(b);
	int c = strcmp(ka, kb);
	free(ka);
	free(kb);
	return c;
}

static int collate(void *ctx, int na, const void *a, int nb, const void *b)
{
	(void)ctx;
	char *sa = cn_strndup(a, (size_t)na), *sb = cn_strndup(b, (size_t)nb);
	int c = cn_vi_compare(sa, sb);
	free(sa);
	free(sb);
	return c;
}

static void key_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	char *key = cn_vi_key((const char *)sqlite3_value_text(argv[0]));
	sqlite3_result_text(ctx, key, -1, free);
}

int cn_vi_register(sqlite3 *sq)
{
	int rc = sqlite3_create_collation(sq, "vi", SQLITE_UTF8, NULL, collate);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(sq, "vi_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, key_function,
					     NULL, NULL);
	return rc;
}
