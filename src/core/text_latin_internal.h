/* Fast paths of text.c for ASCII and precomposed Latin letters
 * (text_latin.c). Each returns NULL when S holds anything else, and then
 * the caller takes the full way, which gives the same result. */
#ifndef CNSCD_CORE_TEXT_LATIN_INTERNAL_H
#define CNSCD_CORE_TEXT_LATIN_INTERNAL_H

/* cn_text_fold of S; SLOW is the full way, asked once per code point. */
char *cn_fold_latin(const char *s, char *(*slow)(const char *));
/* cn_text_clean of S. */
char *cn_clean_latin(const char *s);
/* The characters of S when it holds only printable ASCII and the Latin
 * letters above (each one column wide, none hidden, none a combining
 * mark): cn_text_width and cn_text_hidden need not look further. Else -1. */
int cn_latin_plain_length(const char *s);

#endif
