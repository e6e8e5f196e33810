/* Which member an attendance row is. The ID number says it for sure; a
 * phone number may be shared by a household, so it only counts when the
 * given names (the last word of the name) agree; the name alone counts
 * within the unit of the row, its own teams before the units below it
 * (without a known unit: those already on the session's list, then the
 * session's unit and below). An ID number in the row that differs from the
 * member's rules the member out. Only active members of active teams. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"
#include "import_attendance_internal.h"
#include "db_internal.h"

/* A member that may be the row's. */
struct candidate {
	long long id;
	int tier;        /* 0: the row's unit (or on the list), 1: below it, 2: elsewhere */
	bool same_name;  /* folded names equal */
	bool same_given; /* last words of the folded names equal */
	char team[160];
};

struct candidates {
	struct candidate c[8]; /* more than a few means ambiguity anyway */
	int n, total;
};

/* ?1 key, ?2 the row's unit (0: none), ?3..?4 the subtree searched,
 * ?5 the session; columns: id, id_number, folded name, tier flags, team. */
#define CANDIDATE_SELECT \
	"SELECT m.id, m.id_number, CASE WHEN m.phone IS NOT NULL AND m.search_key LIKE '% ' || m.phone " \
	"THEN substr(m.search_key, 1, length(m.search_key) - length(m.phone) - 1) ELSE m.search_key END, " \
	"CASE WHEN ?2 <> 0 THEN u.id = ?2 ELSE EXISTS (SELECT 1 FROM attendance a WHERE a.training_id = ?5 " \
	"AND a.member_id = m.id) END, u.path >= ?3 AND u.path < ?4, t.name " \
	"FROM member m JOIN team t ON t.id = m.team_id AND t.dissolved IS NULL JOIN unit u ON u.id = t.unit_id " \
	"WHERE m.left_on IS NULL AND "

static const char *const by_id = CANDIDATE_SELECT "m.id_number = ?1 ORDER BY m.id";
static const char *const by_phone = CANDIDATE_SELECT "m.phone = ?1 ORDER BY m.id";
/* The member's search key is its folded name, followed by " <phone>" when
 * it has one (member.c). The members of that name come from the search
 * index (?6, the name as a phrase at the start of a key): no index of the
 * member table leads by the key, and a scan of it per row took 65 ms a row
 * on 300,000 members. */
static const char *const by_name = CANDIDATE_SELECT
	"m.id IN (SELECT rowid - 3 * 1099511627776 FROM search_fts WHERE search_fts MATCH ?6 "
	"AND rowid BETWEEN 3 * 1099511627776 AND 4 * 1099511627776 - 1) "
	"AND (m.search_key = ?1 OR m.search_key = ?1 || ' ' || m.phone) "
	"AND ((u.path >= ?3 AND u.path < ?4) OR (?2 = 0 AND EXISTS (SELECT 1 FROM attendance a "
	"WHERE a.training_id = ?5 AND a.member_id = m.id))) ORDER BY m.id";

static const char *last_word(const char *folded)
{
	const char *sp = strrchr(folded, ' ');
	return sp ? sp + 1 : folded;
}

/* Runs SQL for KEY and keeps the members that R may be. */
static void collect(cn_db *db, const char *sql, const char *key, const struct att_row *r, const char *start,
		    const char *end, long long training, struct candidates *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = cn_db_stmt(db, sql, NULL);
	if (!st)
		return;
	cn_bind_text(st, 1, key);
	cn_bind_int(st, 2, r->unit_id);
	cn_bind_text(st, 3, start);
	cn_bind_text(st, 4, end);
	cn_bind_int(st, 5, training);
	char *phrase = NULL;
	if (sqlite3_bind_parameter_count(st) >= 6) {
		/* The tokenizer splits the phrase as it split the key. */
		cn_buf b = {0};
		cn_buf_adds(&b, "^\"");
		for (const char *p = key; *p; p++) {
			if (*p == '"')
				cn_buf_addc(&b, '"');
			cn_buf_addc(&b, *p);
		}
		cn_buf_addc(&b, '"');
		phrase = cn_buf_steal(&b);
		cn_bind_text(st, 6, phrase);
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id_number = (const char *)sqlite3_column_text(st, 1);
		if (r->id_number[0] && id_number && strcmp(id_number, r->id_number) != 0)
			continue;
		out->total++;
		if (out->n == (int)CN_ARRAY_LEN(out->c))
			continue;
		struct candidate *c = &out->c[out->n++];
		const char *folded = cn_col_text(st, 2);
		c->id = sqlite3_column_int64(st, 0);
		c->tier = sqlite3_column_int(st, 3) ? 0 : sqlite3_column_int(st, 4) ? 1 : 2;
		c->same_name = strcmp(folded, r->folded) == 0;
		c->same_given = strcmp(last_word(folded), last_word(r->folded)) == 0;
		snprintf(c->team, sizeof c->team, "%s", cn_col_text(st, 5));
	}
	sqlite3_reset(st);
	free(phrase);
}

/* Keeps only the candidates for which KEEP holds, when any does. */
static void narrow(struct candidates *cs, bool (*keep)(const struct candidate *c, int arg), int arg)
{
	int kept = 0;
	for (int i = 0; i < cs->n; i++)
		kept += keep(&cs->c[i], arg);
	if (kept == 0 || kept == cs->n || cs->total > cs->n)
		return;
	int j = 0;
	for (int i = 0; i < cs->n; i++)
		if (keep(&cs->c[i], arg))
			cs->c[j++] = cs->c[i];
	cs->n = cs->total = j;
}

static bool in_tier(const struct candidate *c, int tier)
{
	return c->tier <= tier;
}

static bool named_alike(const struct candidate *c, int arg)
{
	(void)arg;
	return c->same_name;
}

/* The best tier only: the row's own unit before the units below it. */
static void narrow_tiers(struct candidates *cs)
{
	narrow(cs, in_tier, 0);
	narrow(cs, in_tier, 1);
}

/* "Tổ CNSCĐ Xã A, Tổ CNSCĐ Ấp B" for a message. */
static char *teams_of(const struct candidates *cs)
{
	cn_buf b = {0};
	for (int i = 0; i < cs->n && i < 3; i++)
		cn_buf_printf(&b, "%s%s", i ? ", " : "", cs->c[i].team);
	if (cs->total > 3)
		cn_buf_adds(&b, ", …");
	return cn_buf_steal(&b);
}

/* The member CS holds, or -1 with the row rejected: WHY (freed here), the
 * teams of the members, and what to add to the row. */
static long long the_one(cn_import *imp, const struct candidates *cs, int col, char *why, const char *add)
{
	long long id = cs->c[0].id;
	if (cs->total > 1) {
		char *teams = teams_of(cs);
		cn_import_reject(imp, imp->rec, col, "%s (%s): hãy ghi thêm %s", why, teams, add);
		free(teams);
		id = -1;
	}
	free(why);
	return id;
}

/* The member R is, 0 for none, -1 when several fit (R is rejected). */
static long long match_row(cn_import *imp, const struct attendance *s, const struct att_row *r, const char *start,
			   const char *end)
{
	struct candidates cs;
	if (r->id_number[0]) {
		collect(imp->db, by_id, r->id_number, r, start, end, s->training_id, &cs);
		narrow_tiers(&cs);
		if (cs.n > 0)
			return cs.c[0].id; /* one person, whichever of their teams */
	}
	if (r->phone[0]) {
		collect(imp->db, by_phone, r->phone, r, start, end, s->training_id, &cs);
		int j = 0;
		for (int i = 0; i < cs.n; i++)
			if (cs.c[i].same_given)
				cs.c[j++] = cs.c[i];
		cs.n = cs.total = j;
		narrow(&cs, named_alike, 0);
		narrow_tiers(&cs);
		if (cs.total > 0) {
			char *why = cn_sprintf("Số điện thoại %s là của %d thành viên có tên giống «%s»", r->phone, cs.total,
					       r->name);
			return the_one(imp, &cs, A_PHONE, why, "số CCCD để phân biệt");
		}
	}
	collect(imp->db, by_name, r->folded, r, start, end, s->training_id, &cs);
	narrow_tiers(&cs);
	if (cs.total > 0) {
		char *why = cn_sprintf("Có %d thành viên cùng họ tên «%s»", cs.total, r->name);
		return the_one(imp, &cs, A_NAME, why, "số CCCD hoặc số điện thoại để biết là ai");
	}
	return 0;
}

long long attendance_match(cn_import *imp, const struct attendance *s, const struct att_row *r)
{
	char *start = NULL, *end = NULL;
	long long scope = r->unit_id ? r->unit_id : s->session_unit;
	if (cn_unit_subtree(imp->db, scope, &start, &end, NULL) != CN_OK) {
		start = cn_strdup("");
		end = cn_strdup("");
	}
	long long m = match_row(imp, s, r, start, end);
	free(start);
	free(end);
	return m;
}

/* The same person twice in the file: the same member, or the same guest
 * (folded name and phone); the rows of one person come together in the
 * index on imp_att.who. */
void attendance_repeats(cn_import *imp)
{
	cn_import_exec(imp, "CREATE INDEX temp.imp_att_who ON imp_att(who, rec)", NULL);
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT rec, who, name FROM temp.imp_att INDEXED BY imp_att_who "
					      "ORDER BY who, rec", NULL);
	if (!st)
		return;
	cn_buf who = {0}, name = {0};
	long long first = -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long rec = sqlite3_column_int64(st, 0);
		const char *w = cn_col_text(st, 1);
		if (first >= 0 && strcmp(w, cn_buf_str(&who)) == 0) {
			cn_import_reject(imp, (size_t)rec, A_NAME, "Trùng với dòng %ld: cùng một người (%s)",
					 cn_import_line(imp, (size_t)first), cn_buf_str(&name));
			continue;
		}
		first = rec;
		cn_buf_clear(&who);
		cn_buf_adds(&who, w);
		cn_buf_clear(&name);
		cn_buf_adds(&name, cn_col_text(st, 2));
	}
	sqlite3_reset(st);
	cn_buf_free(&who);
	cn_buf_free(&name);
}
