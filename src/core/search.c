#include "cnscd/search.h"

#include <stdlib.h>
#include <string.h>

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

char *cn_search_fts_query(const char *query)
{
	/* Folded text has only letters, digits and single spaces, so each
	 * word can go between double quotes as it is. */
	char *folded = cn_text_fold(query);
	cn_buf q = {0};
	for (char *word = strtok(folded, " "); word; word = strtok(NULL, " ")) {
		if (q.len)
			cn_buf_addc(&q, ' ');
		cn_buf_printf(&q, "\"%s\"*", word);
	}
	free(folded);
	if (!q.len) {
		cn_buf_free(&q);
		return NULL;
	}
	return cn_buf_steal(&q);
}

/* Fills HIT's texts for one match; false when the row has vanished. */
static bool describe(cn_db *db, cn_search_hit *hit, cn_buf *label, cn_buf *detail)
{
	static const char *const sql[] = {
		[CN_KIND_UNIT] = "SELECT name, type, id, 0 FROM unit WHERE id = ?",
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
	return found;
}

int cn_search(cn_db *db, const char *query, int limit,
	      int (*fn)(const cn_search_hit *hit, void *ctx), void *ctx, cn_error *err)
{
	char *fts = cn_search_fts_query(query);
	if (!fts)
		return 0;
	char *folded = cn_text_fold(query);
	/* Whole-phrase matches first ("hoa binh" before "Bình Hòa"), then
	 * units, teams, members, then FTS5's own relevance. */
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT rowid % 4, rowid / 4 FROM search_fts WHERE search_fts MATCH ?1 "
		"ORDER BY instr(' ' || key, ' ' || ?2) = 0, rowid % 4, rank LIMIT ?3", err);
	if (!st) {
		free(fts);
		free(folded);
		return err ? err->code : CN_EDB;
	}
	cn_bind_text(st, 1, fts);
	cn_bind_text(st, 2, folded);
	cn_bind_int(st, 3, limit > 0 ? limit : 50);
	free(fts);
	free(folded);

	/* Collect the ids first: describing a hit uses other statements, and
	 * the caller may take its time with each hit. */
	int n = 0, cap = 0, rc;
	cn_search_hit *hits = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			hits = cn_reallocarray(hits, (size_t)cap, sizeof *hits);
		}
		hits[n++] = (cn_search_hit){.kind = sqlite3_column_int(st, 0), .id = sqlite3_column_int64(st, 1)};
	}
	int result = rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Tìm kiếm thất bại");
	sqlite3_reset(st);
	int shown = 0;
	cn_buf label = {0}, detail = {0};
	for (int i = 0; result == CN_OK && i < n; i++) {
		if (hits[i].kind < CN_KIND_UNIT || hits[i].kind > CN_KIND_MEMBER)
			continue;
		if (!describe(db, &hits[i], &label, &detail))
			continue;
		shown++;
		if (fn && fn(&hits[i], ctx))
			break;
	}
	cn_buf_free(&label);
	cn_buf_free(&detail);
	free(hits);
	return result == CN_OK ? shown : result;
}
