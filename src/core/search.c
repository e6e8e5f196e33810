#include "cnscd/search.h"

#include <stdlib.h>
#include <string.h>

#include "cnscd/reorg.h"
#include "cnscd/text.h"
#include "cnscd/validate.h"

const char *cn_kind_name(int kind)
{
	switch (kind) {
	case CN_KIND_UNIT: return "Đơn vị";
	case CN_KIND_TEAM: return "Tổ";
	case CN_KIND_MEMBER: return "Thành viên";
	default: return "";
	}
}

/* Each kind's rows sit in their own rowid range of the index (see the
 * schema): rowid = kind << 40 | id. */
#define KIND_SHIFT 40

/* The FTS5 query for the words of QUERY: as a phrase ("hoa bin"*) or as
 * words anywhere ("hoa"* "bin"*). NULL when there is no word. */
static char *fts_query(const char *query, bool phrase)
{
	/* Folded text has only letters, digits and single spaces, so words
	 * can go between double quotes as they are. */
	char *folded = cn_text_fold(query);
	cn_buf q = {0};
	if (phrase && *folded) {
		cn_buf_printf(&q, "\"%s\"*", folded);
	} else if (!phrase) {
		for (char *word = strtok(folded, " "); word; word = strtok(NULL, " ")) {
			if (q.len)
				cn_buf_addc(&q, ' ');
			cn_buf_printf(&q, "\"%s\"*", word);
		}
	}
	free(folded);
	if (!q.len) {
		cn_buf_free(&q);
		return NULL;
	}
	return cn_buf_steal(&q);
}

char *cn_search_fts_query(const char *query)
{
	return fts_query(query, false);
}

/* Fills HIT's texts for one match; false when the row has vanished. */
static bool describe(cn_db *db, cn_search_hit *hit, cn_buf *label, cn_buf *detail, cn_buf *note)
{
	static const char *const sql[] = {
		[CN_KIND_UNIT] = "SELECT " CN_SQL_UNIT_LABEL("u") ", u.type, u.id, 0 FROM unit u WHERE u.id = ?",
		[CN_KIND_TEAM] = "SELECT t.name, u.name, t.unit_id, t.id FROM team t JOIN unit u ON u.id = t.unit_id "
				 "WHERE t.id = ?",
		[CN_KIND_MEMBER] = "SELECT m.full_name, m.role, t.unit_id, t.id, t.name, m.left_on FROM member m "
				   "JOIN team t ON t.id = m.team_id WHERE m.id = ?",
	};
	sqlite3_stmt *st = cn_db_stmt(db, sql[hit->kind], NULL);
	if (!st)
		return false;
	cn_bind_int(st, 1, hit->id);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found) {
		cn_buf_clear(label);
		cn_buf_clear(detail);
		cn_buf_adds(label, cn_col_text(st, 0));
		hit->unit_id = sqlite3_column_int64(st, 2);
		hit->team_id = sqlite3_column_int64(st, 3);
		if (hit->kind == CN_KIND_MEMBER) {
			cn_buf_printf(detail, "%s, %s", cn_role_name(sqlite3_column_int(st, 1)), cn_col_text(st, 4));
			if (sqlite3_column_type(st, 5) != SQLITE_NULL)
				cn_buf_adds(detail, " (đã rời tổ)");
		} else {
			cn_buf_adds(detail, cn_col_text(st, 1));
		}
		hit->label = cn_buf_str(label);
		hit->detail = cn_buf_str(detail);
	}
	sqlite3_reset(st);
	/* Closed and renamed units say what became of them, so that a search
	 * by an old name leads to the new unit. */
	if (found && hit->kind == CN_KIND_UNIT) {
		cn_buf_clear(note);
		cn_reorg_unit_note(db, hit->id, note);
		hit->note = note->len ? cn_buf_str(note) : NULL;
	}
	return found;
}

struct hits {
	cn_search_hit *items;
	int n, limit;
};

static bool already(const struct hits *h, int kind, long long id)
{
	for (int i = 0; i < h->n; i++)
		if (h->items[i].kind == kind && h->items[i].id == id)
			return true;
	return false;
}

/* Adds the matches of FTS among KIND's rows until H is full. Each query
 * stops at the limit: no sorting of thousands of matches per keystroke. */
static int collect(cn_db *db, const char *fts, int kind, struct hits *h, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT rowid FROM search_fts WHERE search_fts MATCH ?1 AND rowid >= ?2 AND rowid < ?3 LIMIT ?4", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, fts);
	cn_bind_int(st, 2, (long long)kind << KIND_SHIFT);
	cn_bind_int(st, 3, (long long)(kind + 1) << KIND_SHIFT);
	cn_bind_int(st, 4, h->limit);
	int rc;
	while (h->n < h->limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0) & ((1LL << KIND_SHIFT) - 1);
		if (!already(h, kind, id))
			h->items[h->n++] = (cn_search_hit){.kind = kind, .id = id};
	}
	if (h->n >= h->limit)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Tìm kiếm thất bại");
}

int cn_search(cn_db *db, const char *query, int limit,
	      int (*fn)(const cn_search_hit *hit, void *ctx), void *ctx, cn_error *err)
{
	return cn_search_kinds(db, query, 1u << CN_KIND_UNIT | 1u << CN_KIND_TEAM | 1u << CN_KIND_MEMBER, limit, fn,
			       ctx, err);
}

int cn_search_kinds(cn_db *db, const char *query, unsigned kinds, int limit,
		    int (*fn)(const cn_search_hit *hit, void *ctx), void *ctx, cn_error *err)
{
	char *phrase = fts_query(query, true), *words = fts_query(query, false);
	if (!phrase) {
		free(words);
		return 0;
	}
	struct hits h = {.limit = limit > 0 ? limit : 50};
	h.items = cn_calloc((size_t)h.limit, sizeof *h.items);
	/* Whole-phrase matches first ("hoa binh" before "Bình Hòa"), then
	 * the words anywhere; units before teams before members. */
	bool one_word = strchr(phrase, ' ') == NULL;
	int result = CN_OK;
	for (int stage = 0; stage < (one_word ? 1 : 2) && result == CN_OK; stage++)
		for (int kind = CN_KIND_UNIT; kind <= CN_KIND_MEMBER && result == CN_OK; kind++)
			if (kinds & 1u << kind)
				result = collect(db, stage == 0 ? phrase : words, kind, &h, err);
	free(phrase);
	free(words);
	int shown = 0;
	cn_buf label = {0}, detail = {0}, note = {0};
	for (int i = 0; result == CN_OK && i < h.n; i++) {
		if (!describe(db, &h.items[i], &label, &detail, &note))
			continue;
		shown++;
		if (fn && fn(&h.items[i], ctx))
			break;
	}
	cn_buf_free(&label);
	cn_buf_free(&detail);
	cn_buf_free(&note);
	free(h.items);
	return result == CN_OK ? shown : result;
}
