/* Judging a search candidate: which words of a name are type words, and
 * how well the query's words match the rest. All text here is folded
 * (cn_text_fold: lower case, no marks, single spaces). */
#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/util.h"
#include "search_internal.h"

void words_split(struct words *w, const char *s)
{
	memset(w, 0, sizeof *w);
	w->buf = cn_strdup(s);
	for (char *p = w->buf; *p && w->n < SEARCH_MAX_TOKENS;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w->w[w->n++] = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
	}
}

void words_free(struct words *w)
{
	free(w->buf);
	memset(w, 0, sizeof *w);
}

/* The folded names of every unit type ("xa", "thi tran", "thanh pho"),
 * and the words a team's name starts with. Made once. */
#define MAX_TYPES 48
static char *types[MAX_TYPES];
static int ntypes;
static const char *const team_words[] = {"to", "cnscd", "cong nghe so cong dong"};

static void load_types(void)
{
	if (ntypes)
		return;
	for (int level = 1; level <= CN_LEVEL_MAX; level++)
		for (const char *const *t = cn_unit_types_for_level(level); *t && ntypes < MAX_TYPES; t++)
			types[ntypes++] = cn_text_fold(cn_unit_type_prefix(*t));
}

/* Marks the words of PHRASE when W's words from I on spell it: its
 * length in words, or 0. */
static int mark_phrase(struct words *w, int i, const char *phrase)
{
	int k = 0;
	const char *p = phrase;
	while (*p && i + k < w->n) {
		size_t len = strlen(w->w[i + k]);
		if (strncmp(p, w->w[i + k], len) != 0 || (p[len] != ' ' && p[len] != '\0'))
			return 0;
		p += len;
		k++;
		if (*p == ' ')
			p++;
	}
	if (*p)
		return 0;
	for (int j = 0; j < k; j++)
		w->type[i + j] = true;
	return k;
}

void words_mark_types(struct words *w, bool team)
{
	load_types();
	for (int i = 0; i < w->n;) {
		int k = 0;
		for (int t = 0; t < ntypes && !k; t++)
			k = mark_phrase(w, i, types[t]);
		for (size_t t = 0; team && t < CN_ARRAY_LEN(team_words) && !k; t++)
			k = mark_phrase(w, i, team_words[t]);
		i += k ? k : 1;
	}
}

/* 2 when query word Q is name word N, 1 when N starts with it, else 0. */
static int word_fits(const char *q, const char *n)
{
	size_t len = strlen(q);
	if (strncmp(q, n, len) != 0)
		return 0;
	return n[len] == '\0' ? 2 : 1;
}

/* How the query words Q[0..M) run through the name words S[0..LEN): 0 the
 * same words (each whole), 1 from S's first word on (the last query word
 * may be a beginning), 2 somewhere inside, 3 not in one run. */
static int run_quality(const char *const *s, int len, const char *const *q, int m)
{
	int best = 3;
	for (int j = 0; j + m <= len && best > 0; j++) {
		bool fits = true, whole = true;
		for (int k = 0; k < m && fits; k++) {
			int f = word_fits(q[k], s[j + k]);
			fits = f == 2 || (f == 1 && k == m - 1);
			whole = whole && f == 2;
		}
		if (!fits)
			continue;
		int quality = j > 0 ? 2 : whole && m == len ? 0 : 1;
		if (quality < best)
			best = quality;
	}
	return best;
}

int words_match(const struct words *q, const struct words *n, int name_len)
{
	const char *named[SEARCH_MAX_TOKENS], *current[SEARCH_MAX_TOKENS], *former[SEARCH_MAX_TOKENS];
	int nnamed = 0, ncurrent = 0, nformer = 0;
	bool type_only = false;
	for (int i = 0; i < q->n; i++) {
		int best = 0; /* 3 a name word whole, 2 the start of one, 1 a type word */
		for (int j = 0; j < n->n && best < 3; j++) {
			int f = word_fits(q->w[i], n->w[j]);
			int score = !f ? 0 : n->type[j] ? 1 : f + 1;
			if (score > best)
				best = score;
		}
		if (!best)
			return -1;
		if (best == 1)
			type_only = true;
		else
			named[nnamed++] = q->w[i];
	}
	/* Type words alone never make a match: "xã" is not a place. */
	if (!nnamed)
		return -1;
	for (int j = 0; j < n->n; j++) {
		if (n->type[j])
			continue;
		if (j < name_len)
			current[ncurrent++] = n->w[j];
		else
			former[nformer++] = n->w[j];
	}
	int quality = run_quality(current, ncurrent, named, nnamed);
	/* A former name ("Thị trấn Hòa Bình" of Xã Hòa Bình) counts as a run
	 * of words, not as the name itself. */
	if (quality == 3 && run_quality(former, nformer, named, nnamed) < 3)
		quality = 2;
	return quality + (type_only ? 4 : 0);
}
