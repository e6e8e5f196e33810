/* For the tests of collate.c: its key without the fast way for the
 * characters of Vietnamese names, which must give the same bytes. */
#ifndef CNSCD_CORE_COLLATE_INTERNAL_H
#define CNSCD_CORE_COLLATE_INTERNAL_H

/* cn_vi_key of S through the canonical decomposition of the whole name. */
char *cn_vi_key_full(const char *s);

#endif
