/* The parts of search (search.c) that judge one candidate: the words of a
 * query, the words of a name with its type words marked, and how well the
 * first match the second (search_match.c). */
#ifndef CNSCD_CORE_SEARCH_INTERNAL_H
#define CNSCD_CORE_SEARCH_INTERNAL_H

#include <stdbool.h>

#define SEARCH_MAX_WORDS 12
#define SEARCH_MAX_TOKENS 48

/* Folded words, pointing into BUF. */
struct words {
	char *buf;
	const char *w[SEARCH_MAX_TOKENS];
	bool type[SEARCH_MAX_TOKENS]; /* a type word ("xa", "thi tran", "to cnscd"), not a name */
	int n;
};

/* Splits the folded text S into words (at most SEARCH_MAX_TOKENS); free
 * with words_free. */
void words_split(struct words *w, const char *s);
void words_free(struct words *w);
/* Marks the type words of W: the words of a unit type ("xã", "thị trấn",
 * "thành phố"…) wherever they stand, and for a team ("Tổ CNSCĐ Ấp Tân
 * Lập") its "tổ", "cnscd" too. Members' names have none. */
void words_mark_types(struct words *w, bool team);

/* How well the query words Q match the name words N, of which the first
 * NAME_LEN are the current name (the rest: former names, still found).
 * Lower is better: 0 the very name, 1 the name's start, 2 a run of its
 * words, 3 its words in any order; 4 more when some query word only
 * matched a type word ("thị trấn" for "tran"). -1: no match, because a
 * query word matches nothing, or only type words match. */
int words_match(const struct words *q, const struct words *n, int name_len);

#endif
