/* Vietnamese text: NFC normalisation, search folding and display width.
 * All strings are UTF-8. Returned strings are malloc'd. */
#ifndef CNSCD_TEXT_H
#define CNSCD_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "cnscd/util.h"

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

/* Characters that have no place in a name or a note, because on a terminal
 * or in a table they act instead of showing: they retitle or clear a
 * terminal, reverse the order of what follows, or take no room at all. */
enum cn_hidden_kind {
	CN_HIDDEN_NONE = 0,
	CN_HIDDEN_CONTROL,   /* C0 and C1 controls, DEL */
	CN_HIDDEN_BIDI,      /* bidi controls: U+202E reverses what follows */
	CN_HIDDEN_INVISIBLE, /* zero-width and other format characters, U+2028/9 */
	CN_HIDDEN_STACKED,   /* more than CN_TEXT_MAX_MARKS combining marks on one letter */
};
#define CN_TEXT_MAX_MARKS 3
/* Kind of code point CP (ignoring stacking). */
enum cn_hidden_kind cn_text_hidden_kind(int cp);
/* The first such character of S (UTF-8; TAB, LF and CR count as controls
 * too): its kind, its code point in *CP (may be NULL). CN_HIDDEN_NONE when
 * S has none. Invalid bytes are not looked at (cn_utf8_valid does that). */
enum cn_hidden_kind cn_text_hidden(const char *s, int *cp);
/* Vietnamese words for KIND: "ký tự điều khiển", ... */
const char *cn_text_hidden_name(enum cn_hidden_kind kind);

/* Appends the N bytes of S to OUT with every control, bidi or invisible
 * character but line feed and tab shown as a visible escape ("\x1B",
 * "\u202E") and every invalid byte as "\xFF": for a terminal, or for XML,
 * which cannot hold a control character at all. False (OUT unchanged)
 * when S has nothing to escape. */
bool cn_text_escape_hidden(cn_buf *out, const char *s, size_t n);

/* Vietnamese typed in an old 8-bit font and pasted as Unicode ("NguyÔn
 * V¨n Thö" from TCVN3, "Nguyeãn Vaên Thöû" from VNI): see text_legacy.c. */
enum cn_legacy { CN_LEGACY_NONE, CN_LEGACY_TCVN3, CN_LEGACY_VNI };
/* Which, when S (NFC) reads as such text. */
enum cn_legacy cn_text_legacy(const char *s);
/* S read in KIND's font, as Unicode NFC ("Nguyễn Văn Thử"). Malloc'd. */
char *cn_text_legacy_convert(const char *s, enum cn_legacy kind);
/* "TCVN3 (ABC, phông .Vn…)", "VNI (phông VNI-…)". */
const char *cn_text_legacy_name(enum cn_legacy kind);
/* Whether such text is converted (--convert-legacy, for one run: the
 * user's agreement) rather than refused; and how many values were. */
void cn_text_legacy_set_convert(bool convert);
bool cn_text_legacy_converting(void);
void cn_text_legacy_count(void);
long cn_text_legacy_converted(void);

#endif
