/* libFuzzer target: Vietnamese text handling (src/core/text.c): cleaning
 * (NFC, spaces), search folding, display width, fitting and ellipsizing,
 * upper case. Besides not crashing, it checks: cleaning and folding give
 * valid UTF-8 and are idempotent, a text is the "same" as itself, fitting
 * never exceeds the columns nor cuts a character, ellipsized text fits. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_text: broken promise: %s\n", what);
		abort();
	}
}

static int valid(const char *s)
{
	return cn_utf8_valid(s, strlen(s));
}

static void cleaning(const char *s)
{
	char *c = cn_text_clean(s);
	if (valid(s))
		check(c != NULL, "valid text cleans");
	if (!c)
		return;
	size_t n = strlen(c);
	check(valid(c), "clean text is valid UTF-8");
	check(n == 0 || (c[0] != ' ' && c[n - 1] != ' '), "clean text is trimmed");
	check(!strstr(c, "  "), "clean text has no double spaces");
	char *again = cn_text_clean(c);
	check(again && strcmp(again, c) == 0, "cleaning is idempotent");
	free(again);
	free(c);
}

static void folding(const char *s)
{
	char *f = cn_text_fold(s);
	check(f != NULL && valid(f), "a search key is valid UTF-8");
	for (const char *p = f; *p; p++)
		check(!(*p >= 'A' && *p <= 'Z'), "a search key has no upper case");
	char *again = cn_text_fold(f);
	check(strcmp(again, f) == 0, "folding is idempotent");
	check(cn_text_same(s, s) && cn_text_same(s, f), "a text folds the same as itself and its key");
	free(again);
	free(f);
}

static void widths(const char *s)
{
	int w = cn_text_width(s);
	check(w >= 0, "width is not negative");
	static const int cols[] = {0, 1, 2, 5, 20, 80};
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		int used = -1;
		size_t n = cn_text_fit(s, cols[i], &used);
		check(n <= strlen(s) && used >= 0 && used <= cols[i], "fit stays within the columns");
		if (valid(s)) {
			char *prefix = strndup(s, n);
			check(valid(prefix), "fit never cuts a character");
			free(prefix);
		}
		char *e = cn_text_ellipsize(s, cols[i]);
		check(e != NULL && cn_text_width(e) <= (cols[i] > 0 ? cols[i] : 0), "ellipsized text fits");
		if (valid(s))
			check(valid(e), "ellipsized text is valid UTF-8");
		/* (In 0 columns nothing is shown, not even zero-width marks.) */
		if (cols[i] > 0 && w <= cols[i])
			check(strcmp(e, s) == 0, "text that fits is left alone");
		free(e);
	}
	char *u = cn_text_upper(s);
	check(u != NULL && valid(u), "upper case is valid UTF-8");
	free(u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	cleaning(s);
	folding(s);
	widths(s);
	free(s);
	return 0;
}
