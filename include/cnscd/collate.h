/* The order of Vietnamese lists of people: by the given name (the last
 * word), then the family and middle names in order, each word in the
 * Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u
 * ư v x y; Latin letters outside it in their Latin place), case ignored,
 * and the tones (ngang, huyền, hỏi, ngã, sắc, nặng) only after the letters
 * are equal. So Dương comes before Đặng, and "Trần Thị An" before "Nguyễn
 * Văn Bình". One function, in three forms: a key for a stored column
 * (member.name_order, compared byte by byte, indexed), a comparison, and
 * the SQLite collation "vi" (and the function vi_key) on every connection
 * cn_db_open makes. */
#ifndef CNSCD_COLLATE_H
#define CNSCD_COLLATE_H

#include <sqlite3.h>

/* The sort key of the name S (NULL as ""): plain ASCII text whose byte
 * order is the Vietnamese order of the names. Malloc'd. */
char *cn_vi_key(const char *s);
/* <0, 0, >0 as A comes before, with or after B in that order. */
int cn_vi_compare(const char *a, const char *b);
/* Registers the collation "vi" and the function vi_key(TEXT) on SQ. */
int cn_vi_register(sqlite3 *sq);

#endif
