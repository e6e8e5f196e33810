/* Header rows → columns, and the string map the importers' cross-row checks
 * use. Header names are compared folded, so "Mã PX", "mã px" and "MA PX"
 * are the same column, and so are "Tỉnh / Thành Phố" and "Tỉnh/Thành phố". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"
#include "import_internal.h"

static bool same_folded(const char *folded, const char *name, size_t len)
{
	char *n = cn_strndup(name, len);
	char *f = cn_text_fold(n);
	bool same = strcmp(f, folded) == 0;
	free(n);
	free(f);
	return same;
}

static bool column_matches(const char *folded, const cn_import_column *c)
{
	if (same_folded(folded, c->name, strlen(c->name)))
		return true;
	for (const char *a = c->aliases; a && *a;) {
		const char *bar = strchr(a, '|');
		size_t len = bar ? (size_t)(bar - a) : strlen(a);
		if (same_folded(folded, a, len))
			return true;
		a += len + (bar ? 1 : 0);
	}
	return false;
}

/* File column of C among the FOLDED header names: -1 when absent, -2 with
 * ERR set when two columns claim it. */
static int find_column(const cn_import_column *c, char **folded, char **names, int n, cn_error *err)
{
	int found = -1;
	for (int i = 0; i < n; i++) {
		if (!folded[i][0] || !column_matches(folded[i], c))
			continue;
		if (found >= 0) {
			cn_fail(err, CN_EINVAL,
				"dòng tiêu đề: cột «%s» xuất hiện hai lần (cột %d «%s» và cột %d «%s»); hãy xóa bớt một cột",
				c->name, found + 1, names[found], i + 1, names[i]);
			return -2;
		}
		found = i;
	}
	return found;
}

static int required_present(const cn_import_layout *l, char **folded, char **names, int n)
{
	int score = 0;
	for (int c = 0; c < l->ncolumns; c++)
		if (l->columns[c].required && find_column(&l->columns[c], folded, names, n, NULL) != -1)
			score++;
	return score;
}

static void list_names(cn_buf *b, char **names, int n)
{
	for (int i = 0; i < n; i++)
		cn_buf_printf(b, "%s%s", i ? ", " : "", names[i][0] ? names[i] : "(trống)");
}

int cn_import_map_header(const cn_import_row *row, const cn_import_layout *layouts, int nlayouts,
			 cn_import_header *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	int n = row->count;
	out->nfile = n;
	out->names = cn_calloc((size_t)n + 1, sizeof *out->names);
	char **folded = cn_calloc((size_t)n + 1, sizeof *folded);
	for (int i = 0; i < n; i++) {
		char *clean = cn_text_clean(row->fields[i]);
		out->names[i] = clean ? clean : cn_strdup(row->fields[i]);
		folded[i] = cn_text_fold(out->names[i]);
	}
	int best = 0, best_score = -1;
	for (int l = 0; l < nlayouts; l++) {
		int score = required_present(&layouts[l], folded, out->names, n);
		if (score > best_score) {
			best = l;
			best_score = score;
		}
	}
	const cn_import_layout *layout = &layouts[best];
	out->layout = best;
	out->index = cn_calloc((size_t)layout->ncolumns, sizeof *out->index);
	cn_buf missing = {0};
	int rc = CN_OK;
	for (int c = 0; c < layout->ncolumns && rc == CN_OK; c++) {
		out->index[c] = find_column(&layout->columns[c], folded, out->names, n, err);
		if (out->index[c] == -2)
			rc = CN_EINVAL;
		else if (out->index[c] < 0 && layout->columns[c].required)
			cn_buf_printf(&missing, "%s«%s»", missing.len ? ", " : "", layout->columns[c].name);
	}
	if (rc == CN_OK && missing.len) {
		cn_buf have = {0};
		list_names(&have, out->names, n);
		rc = cn_fail(err, CN_EINVAL, "dòng tiêu đề (dòng %ld) thiếu cột bắt buộc %s. Các cột đang có: %s",
			     row->line, cn_buf_str(&missing), cn_buf_str(&have));
		cn_buf_free(&have);
	}
	cn_buf_free(&missing);
	for (int i = 0; i < n; i++)
		free(folded[i]);
	free(folded);
	return rc;
}

void cn_import_header_free(cn_import_header *h)
{
	for (int i = 0; h->names && i < h->nfile; i++)
		free(h->names[i]);
	free(h->names);
	free(h->index);
	memset(h, 0, sizeof *h);
}

/* Open addressing with linear probing; keys are copied. */
struct cn_strmap_slot {
	char *key;
	long value;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct cn_strmap_slot *slot_for(struct cn_strmap_slot *slots, size_t cap, const char *key)
{
	size_t i = (size_t)hash(key) & (cap - 1);
	while (slots[i].key && strcmp(slots[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

long cn_strmap_get(const cn_strmap *m, const char *key)
{
	if (!m->cap)
		return -1;
	struct cn_strmap_slot *s = slot_for(m->slots, m->cap, key);
	return s->key ? s->value : -1;
}

void cn_strmap_put(cn_strmap *m, const char *key, long value)
{
	if ((m->count + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct cn_strmap_slot *slots = cn_calloc(cap, sizeof *slots);
		for (size_t i = 0; i < m->cap; i++)
			if (m->slots[i].key)
				*slot_for(slots, cap, m->slots[i].key) = m->slots[i];
		free(m->slots);
		m->slots = slots;
		m->cap = cap;
	}
	struct cn_strmap_slot *s = slot_for(m->slots, m->cap, key);
	if (!s->key) {
		s->key = cn_strdup(key);
		m->count++;
	}
	s->value = value;
}

void cn_strmap_free(cn_strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof *m);
}
