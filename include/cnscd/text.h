/* Vietnamese text: NFC normalisation, search folding and display width.
 * All strings are UTF-8. Returned strings are malloc'd. */
#ifndef CNSCD_TEXT_H
#define CNSCD_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True when S (length LEN) is well-formed UTF-8 with no NUL. */
bool cn_utf8_valid(const char *s, size_t len);

/* NFC form of S with surrounding whitespace trimmed and inner runs of
 * whitespace collapsed to one space. NULL if S is not valid UTF-8. Files
 * made by other tools often arrive decomposed (NFD); this makes "Hòa" typed
 * either way the same bytes. */
char *cn_text_clean(const char *s);

/* Search key: no diacritics, no case, đ→d, tone placement irrelevant,
 * punctuation turned into spaces. "Huyện Hoà Bình" → "huyen hoa binh".
 * Invalid UTF-8 bytes are dropped. Never NULL. */
char *cn_text_fold(const char *s);

/* True when A and B are the same text once folded (duplicate detection). */
bool cn_text_same(const char *a, const char *b);

/* Columns the string takes on a terminal (wide characters count 2,
 * combining marks 0). Invalid bytes count 1 each. */
int cn_text_width(const char *s);

/* Number of bytes of S that fit in COLS columns, never cutting a character
 * in half. *USED (if not NULL) receives the columns those bytes take. */
size_t cn_text_fit(const char *s, int cols, int *used);

/* S cut to at most COLS columns, ending with "…" when it was cut. */
char *cn_text_ellipsize(const char *s, int cols);

/* Upper-case copy (for titles such as "UBND XÃ HÒA AN"). */
char *cn_text_upper(const char *s);
/* Lower-case copy ("Huyện" → "huyện" in official prose). */
char *cn_text_lower(const char *s);

#endif
