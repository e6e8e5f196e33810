/* Search: candidates come from the FTS5 index (or, under a place named by
 * some of the words, from the rows of that place), each is judged in C
 * (search_match.c: type words never match alone, the very name ranks
 * first), the best are described with where they are. Every query stops at
 * a bound, so a keystroke costs milliseconds even on the whole country. */
#include "cnscd/search.h"

#include <stdlib.h>
#include <string.h>

#include "cnscd/succession.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "db_internal.h"
#include "search_internal.h"

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
/* Places a split query looks under: every Xã Hòa Bình of the country. */
#define MAX_PLACES 40

/* The FTS5 query for the words W[0..N): as a phrase ("hoa bin"*) or as
 * words anywhere ("binh" "hoa"*); only the last may be the start of a word
 * (PREFIX), as it is while it is typed. A prefix of four letters or more
 * makes FTS5 merge the list of every word it starts, of the whole index:
 * the other words stay whole, read only up to the rows asked for. NULL
 * when there is no word. */
static char *fts_query(const char *const *w, int n, bool phrase, bool prefix)
{
	/* Folded text has only letters, digits and single spaces, so words
	 * can go between double quotes as they are. */
	cn_buf q = {0};
	for (int i = 0; i < n; i++) {
		if (phrase)
			cn_buf_printf(&q, "%s%s", i ? " " : "\"", w[i]);
		else
			cn_buf_printf(&q, "%s\"%s\"%s", i ? " " : "", w[i], i == n - 1 && prefix ? "*" : "");
	}
	if (phrase && n)
		cn_buf_adds(&q, prefix ? "\"*" : "\"");
	return q.len ? cn_buf_steal(&q) : NULL;
}

char *cn_search_fts_query(const char *query)
{
	char *folded = cn_text_fold(query);
	struct words w;
	words_split(&w, folded);
	free(folded);
	char *q = fts_query(w.w, w.n, false, true);
	words_free(&w);
	return q;
}

/* ---- The pool of candidates ---- */

struct cand {
	int kind;
	long long id;
	int tier;   /* words_match's, lower is better */
	bool closed;
	int seq;    /* order found, to keep sorting stable */
};

struct search {
	cn_db *db;
	unsigned what;
	int limit;
	struct cand *c;
	int n, cap;
	int rc;
	cn_error *err;
};

static bool have(const struct search *s, int kind, long long id)
{
	for (int i = 0; i < s->n; i++)
		if (s->c[i].kind == kind && s->c[i].id == id)
			return true;
	return false;
}

/* Room for the candidates of a few stages: enough to rank LIMIT well. */
static bool full(const struct search *s)
{
	return s->n >= s->limit * 3 + 50;
}

static void add(struct search *s, int kind, long long id, int tier, bool closed)
{
	if (tier < 0 || full(s) || have(s, kind, id))
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->c = cn_reallocarray(s->c, (size_t)s->cap, sizeof *s->c);
	}
	s->c[s->n] = (struct cand){kind, id, tier, closed, s->n};
	s->n++;
}

/* Candidates as good as TIER or better. */
static int good(const struct search *s, int tier)
{
	int n = 0;
	for (int i = 0; i < s->n; i++)
		n += s->c[i].tier <= tier;
	return n;
}

/* Candidates whose name matches as well as TIER or better, whether type
 * words helped or not ("thi tran hoa binh" names Xã Hòa Bình by its
 * former name). */
static int named(const struct search *s, int tier)
{
	int n = 0;
	for (int i = 0; i < s->n; i++)
		n += s->c[i].tier % 4 <= tier;
	return n;
}

static void fail(struct search *s, const char *what)
{
	if (s->rc == CN_OK)
		s->rc = cn_db_fail(s->db, s->err, what);
}

/* ---- Judging one candidate from its search key ---- */

/* The tier of the row of KIND whose key is KEY for the query Q, or -1.
 * *CLOSED: a closed unit. */
static int judge(struct search *s, int kind, long long id, const char *key, const struct words *q, bool *closed)
{
	*closed = false;
	struct words n;
	words_split(&n, key);
	int name_len = n.n;
	if (kind == CN_KIND_MEMBER) {
		/* "nguyen van an 0912345678": the phone is not part of the name. */
		if (n.n && n.w[n.n - 1][0] >= '0' && n.w[n.n - 1][0] <= '9')
			name_len = --n.n;
	} else if (kind == CN_KIND_TEAM) {
		words_mark_types(&n, true);
	} else {
		/* "xa hoa binh 31942 thi tran hoa binh": the name, its code, the
		 * names it had. Only the current name can be the very name. */
		sqlite3_stmt *st = cn_db_stmt(s->db, "SELECT name, valid_to IS NOT NULL FROM unit WHERE id = ?", NULL);
		if (!st) {
			fail(s, "Tìm kiếm thất bại");
			words_free(&n);
			return -1;
		}
		cn_bind_int(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			char *f = cn_text_fold(cn_col_text(st, 0));
			struct words name;
			words_split(&name, f);
			free(f);
			name_len = name.n < n.n ? name.n : n.n;
			words_free(&name);
			*closed = sqlite3_column_int(st, 1);
		}
		sqlite3_reset(st);
		words_mark_types(&n, false);
		if (name_len < n.n)
			n.type[name_len] = true; /* the code */
	}
	int tier = (s->what & CN_SEARCH_OPEN) && *closed ? -1 : words_match(q, &n, name_len);
	words_free(&n);
	return tier;
}

/* Judges each row (id, key) ST gives, while there is room. */
/* Judges each row (id, key) ST gives while there is room, those that KEEP
 * (when set) lets through. */
static void take_rows_kept(struct search *s, sqlite3_stmt *st, int kind, bool fts, const struct words *q,
			   bool (*keep)(long long id, void *ctx), void *ctx)
{
	int rc;
	while (!full(s) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		if (fts)
			id &= (1LL << KIND_SHIFT) - 1;
		if (have(s, kind, id) || (keep && !keep(id, ctx)))
			continue;
		bool closed;
		int tier = judge(s, kind, id, cn_col_text(st, 1), q, &closed);
		add(s, kind, id, tier, closed);
	}
	if (!full(s) && rc != SQLITE_DONE)
		fail(s, "Tìm kiếm thất bại");
}

static void take_rows(struct search *s, sqlite3_stmt *st, int kind, bool fts, const struct words *q)
{
	take_rows_kept(s, st, kind, fts, q, NULL, NULL);
}

/* Candidates of KIND for the FTS5 query FTS, at most WANT. */
static void from_index(struct search *s, int kind, const char *fts, const struct words *q, int want)
{
	sqlite3_stmt *st = cn_db_stmt(s->db,
		"SELECT rowid, key FROM search_fts WHERE search_fts MATCH ?1 AND rowid >= ?2 AND rowid < ?3 LIMIT ?4",
		s->err);
	if (!st) {
		s->rc = s->err ? s->err->code : CN_EDB;
		return;
	}
	cn_bind_text(st, 1, fts);
	cn_bind_int(st, 2, (long long)kind << KIND_SHIFT);
	cn_bind_int(st, 3, (long long)(kind + 1) << KIND_SHIFT);
	cn_bind_int(st, 4, want);
	take_rows(s, st, kind, true, q);
	sqlite3_reset(st);
}

/* Rows of other kinds stepped over before the index is asked again from
 * the next kind on: a word common among units must not hold back the
 * members, nor read every unit. */
#define SKIP_CAP 4000

/* Candidates of every kind wanted for the FTS5 query FTS, at most WANT of
 * each, from one query where it can: a prefix of 4 letters or more makes
 * FTS5 merge the lists of every word it starts, once per query. */
static void from_index_kinds(struct search *s, const char *fts, const struct words *q, int want)
{
	int seen[CN_KIND_MEMBER + 1] = {0};
	int kind = CN_KIND_UNIT;
	while (kind <= CN_KIND_MEMBER && s->rc == CN_OK && !full(s)) {
		if (!(s->what & 1u << kind)) {
			kind++;
			continue;
		}
		sqlite3_stmt *st = cn_db_stmt(s->db,
			"SELECT rowid FROM search_fts WHERE search_fts MATCH ?1 AND rowid >= ?2 AND rowid < ?3", s->err);
		sqlite3_stmt *key = cn_db_stmt(s->db, "SELECT key FROM search_fts WHERE rowid = ?", s->err);
		if (!st || !key) {
			s->rc = s->err ? s->err->code : CN_EDB;
			return;
		}
		cn_bind_text(st, 1, fts);
		cn_bind_int(st, 2, (long long)kind << KIND_SHIFT);
		cn_bind_int(st, 3, (long long)(CN_KIND_MEMBER + 1) << KIND_SHIFT);
		int rc = SQLITE_DONE, skipped = 0, next = CN_KIND_MEMBER + 1;
		while (!full(s) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			long long rowid = sqlite3_column_int64(st, 0);
			int k = (int)(rowid >> KIND_SHIFT);
			long long id = rowid & ((1LL << KIND_SHIFT) - 1);
			if (k < CN_KIND_UNIT || k > CN_KIND_MEMBER || !(s->what & 1u << k) || seen[k] >= want ||
			    have(s, k, id)) {
				if (++skipped > SKIP_CAP) {
					next = k + 1; /* ask again from the next kind */
					rc = SQLITE_DONE;
					break;
				}
				continue;
			}
			skipped = 0;
			seen[k]++;
			cn_bind_int(key, 1, rowid);
			if (sqlite3_step(key) == SQLITE_ROW) {
				bool closed;
				int tier = judge(s, k, id, cn_col_text(key, 0), q, &closed);
				add(s, k, id, tier, closed);
			}
			sqlite3_reset(key);
		}
		if (!full(s) && rc != SQLITE_DONE)
			fail(s, "Tìm kiếm thất bại");
		sqlite3_reset(st);
		kind = next;
	}
}

/* The words of Q as a run (the last one begun: "hoa bin"), then anywhere
 * ("binh hoa"); each candidate judged (judge), so that the very name
 * still comes first. Stops once the best tiers have room for LIMIT. */
static void from_words(struct search *s, const struct words *q)
{
	int want = s->limit * 2 + 20;
	for (int stage = 0; stage < 2 && s->rc == CN_OK; stage++) {
		if (stage == 1 && (q->n == 1 || good(s, 1) >= s->limit))
			break; /* one word: the run is the word */
		char *fts = fts_query(q->w, q->n, stage == 0, true);
		from_index_kinds(s, fts, q, want);
		free(fts);
	}
}

/* ---- Under a place ---- */

static int by_rank(const void *a, const void *b);

struct place {
	long long id;
	char *start, *end; /* its subtree: paths in [start, end) */
};

/* True when PATH lies under one of the places P[0..N) (the place itself
 * too when SELF). */
static bool inside(const char *path, const struct place *p, int n, bool self)
{
	for (int i = 0; i < n; i++) {
		size_t len = strlen(p[i].start);
		if (strncmp(path, p[i].start, len) == 0 && (self || path[len]))
			return true;
	}
	return false;
}

/* The places a row must lie under, and how to read its path. */
struct within {
	sqlite3_stmt *path; /* the row's unit's path, by the row's id */
	const struct place *p;
	int n;
	bool self;          /* the place itself counts (a team of the unit) */
};

static bool is_within(long long id, void *ctx)
{
	struct within *w = ctx;
	cn_bind_int(w->path, 1, id);
	bool in = sqlite3_step(w->path) == SQLITE_ROW && inside(cn_col_text(w->path, 0), w->p, w->n, w->self);
	sqlite3_reset(w->path);
	return in;
}

/* Candidates of the index a name is looked for among, under the places:
 * enough for the names of a country, few enough for a keystroke. */
#define PLACE_CANDIDATES 1000

/* The rows of KIND whose key holds the words Q, under one of the places
 * P[0..N): the index gives the rows of the name, their paths say where. */
static void under_places_indexed(struct search *s, int kind, const struct place *p, int n, const struct words *q)
{
	static const char *const path_sql[] = {
		[CN_KIND_UNIT] = "SELECT path FROM unit WHERE id = ?",
		[CN_KIND_TEAM] = "SELECT u.path FROM team t JOIN unit u ON u.id = t.unit_id WHERE t.id = ?",
		[CN_KIND_MEMBER] = "SELECT u.path FROM member m JOIN team t ON t.id = m.team_id JOIN unit u ON u.id = t.unit_id "
				   "WHERE m.id = ?",
	};
	sqlite3_stmt *st = cn_db_stmt(s->db,
		"SELECT rowid, key FROM search_fts WHERE search_fts MATCH ?1 AND rowid >= ?2 AND rowid < ?3 LIMIT ?4",
		s->err);
	sqlite3_stmt *where = cn_db_stmt(s->db, path_sql[kind], s->err);
	if (!st || !where) {
		s->rc = s->err ? s->err->code : CN_EDB;
		return;
	}
	char *fts = fts_query(q->w, q->n, false, true);
	cn_bind_text(st, 1, fts);
	free(fts);
	cn_bind_int(st, 2, (long long)kind << KIND_SHIFT);
	cn_bind_int(st, 3, (long long)(kind + 1) << KIND_SHIFT);
	cn_bind_int(st, 4, PLACE_CANDIDATES);
	struct within w = {where, p, n, kind != CN_KIND_UNIT};
	take_rows_kept(s, st, kind, true, q, is_within, &w);
	sqlite3_reset(st);
}

/* Members of places this small are read one by one (a common name such as
 * "nguyen" would have the index give most of the country's members). */
#define PLACE_SCAN_MEMBERS 20000

/* The members of place P whose key holds every word of Q ("% nguyen%"). */
static void members_of_place(struct search *s, const struct place *p, const struct words *q)
{
	cn_buf sql = {0};
	cn_buf_adds(&sql, "SELECT m.id, m.search_key FROM unit u JOIN team t ON t.unit_id = u.id "
			  "JOIN member m ON m.team_id = t.id WHERE u.path >= ?1 AND u.path < ?2");
	for (int i = 0; i < q->n; i++)
		cn_buf_printf(&sql, " AND (' ' || m.search_key) LIKE ?%d", i + 4);
	cn_buf_adds(&sql, " LIMIT ?3");
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(cn_db_sqlite(s->db), cn_buf_str(&sql), -1, &st, NULL);
	cn_buf_free(&sql);
	if (rc != SQLITE_OK) {
		fail(s, "Tìm kiếm thất bại");
		return;
	}
	sqlite3_bind_text(st, 1, p->start, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->end, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, s->limit * 2 + 20);
	for (int i = 0; i < q->n; i++) {
		char *pattern = cn_sprintf("%% %s%%", q->w[i]);
		sqlite3_bind_text(st, i + 4, pattern, -1, SQLITE_TRANSIENT);
		free(pattern);
	}
	take_rows(s, st, CN_KIND_MEMBER, false, q);
	sqlite3_finalize(st);
}

/* The rows named Q under the places P[0..N). */
static void under_places(struct search *s, const struct place *p, int n, const struct words *q)
{
	for (int kind = CN_KIND_UNIT; kind <= CN_KIND_MEMBER && s->rc == CN_OK; kind++) {
		if (!(s->what & 1u << kind))
			continue;
		long long members = 0;
		sqlite3_stmt *st = kind == CN_KIND_MEMBER ? cn_db_stmt(s->db,
			"SELECT coalesce(sum(members), 0) FROM unit_tally WHERE path >= ?1 AND path < ?2", NULL) : NULL;
		for (int i = 0; st && i < n; i++) {
			cn_bind_text(st, 1, p[i].start);
			cn_bind_text(st, 2, p[i].end);
			members += sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
			sqlite3_reset(st);
		}
		if (kind == CN_KIND_MEMBER && members <= PLACE_SCAN_MEMBERS) {
			for (int i = 0; i < n && s->rc == CN_OK; i++)
				members_of_place(s, &p[i], q);
		} else {
			under_places_indexed(s, kind, p, n, q);
		}
	}
}

/* The units whose name is, or starts with, the words Q[FROM..TO) (their
 * type aside: "bac lieu" is Tỉnh Bạc Liêu), under one of the places of
 * WITHIN when it has any; at most MAX_PLACES, into OUT after its N. */
static int places_named(struct search *s, const struct words *q, int from, int to, const struct place *within,
			int nwithin, struct place *out, int n)
{
	struct words w = {0};
	for (int i = from; i < to; i++)
		w.w[w.n++] = q->w[i];
	/* The last word may be begun ("bac li"), within the index of prefixes
	 * (up to three letters); a longer one is whole, or FTS5 would merge
	 * the lists of all the words it starts ("binh": Bình, a common name).
	 * A word of one letter ("vinh my a") is whole too. */
	size_t last = strlen(w.w[w.n - 1]);
	bool prefix = last > 1 && last <= 3;
	char *fts = fts_query(w.w, w.n, true, prefix);
	struct search sub = {.db = s->db, .what = CN_SEARCH_UNITS, .limit = MAX_PLACES * 2,
			     .err = s->err};
	from_index(&sub, CN_KIND_UNIT, fts, &w, MAX_PLACES * 3);
	free(fts);
	s->rc = sub.rc;
	if (sub.n > 1) /* qsort wants a real array even for none */
		qsort(sub.c, (size_t)sub.n, sizeof *sub.c, by_rank);
	for (int i = 0; i < sub.n && n < MAX_PLACES; i++) {
		if (sub.c[i].tier % 4 > 1)
			continue; /* the words are inside its name, not its name */
		char *start, *end;
		if (cn_unit_subtree(s->db, sub.c[i].id, &start, &end, NULL) != CN_OK)
			continue;
		bool inside = nwithin == 0;
		for (int k = 0; k < nwithin && !inside; k++)
			inside = strcmp(start, within[k].start) > 0 && strcmp(start, within[k].end) < 0;
		if (inside)
			out[n++] = (struct place){sub.c[i].id, start, end};
		else {
			free(start);
			free(end);
		}
	}
	free(sub.c);
	return n;
}

static void places_free(struct place *p, int n)
{
	for (int i = 0; i < n; i++) {
		free(p[i].start);
		free(p[i].end);
	}
}

/* The units the words Q[FROM..TO) name: one name ("hoa binh"), or a name
 * and the name of a unit above it ("vinh my a" "hoa binh"). */
static int find_places(struct search *s, const struct words *q, int from, int to, struct place *out)
{
	int n = places_named(s, q, from, to, NULL, 0, out, 0);
	for (int cut = to - 1; n == 0 && cut > from && s->rc == CN_OK; cut--) {
		struct place above[MAX_PLACES];
		int na = places_named(s, q, cut, to, NULL, 0, above, 0);
		if (na)
			n = places_named(s, q, from, cut, above, na, out, 0);
		places_free(above, na);
	}
	return n;
}

static bool only_types(const struct words *q, int from, int to)
{
	struct words t = {0};
	for (int i = from; i < to; i++)
		t.w[t.n++] = q->w[i];
	words_mark_types(&t, true);
	for (int i = 0; i < t.n; i++)
		if (!t.type[i])
			return false;
	return true;
}

/* Q as a name followed by its place ("vinh my a" "hoa binh"), as people
 * say and write it; the longest place first, and the first split that
 * finds something stops. (A place in front would mean asking the index
 * for every person's name as a place: "nguyen" is most of it.) */
static void from_places(struct search *s, const struct words *q)
{
	int most = q->n - 1 < 6 ? q->n - 1 : 6;
	for (int k = most; k >= 1 && s->rc == CN_OK; k--) {
		int cut = q->n - k;
		/* "to cnscd", "xa": type words name neither a thing nor a place. */
		if (only_types(q, 0, cut) || only_types(q, cut, q->n))
			continue;
		struct place places[MAX_PLACES];
		int np = find_places(s, q, cut, q->n, places);
		struct words name = {0};
		for (int i = 0; i < cut; i++)
			name.w[name.n++] = q->w[i];
		if (np)
			under_places(s, places, np, &name);
		places_free(places, np);
		if (s->n > 0)
			return;
	}
}

static void gather(struct search *s, const struct words *q)
{
	from_words(s, q);
	/* Nothing goes by these words: some of them may name the place. */
	if (s->rc == CN_OK && q->n >= 2 && named(s, 3) == 0)
		from_places(s, q);
}

/* ---- Digits ---- */

/* Rows the one-column query SQL gives for ?1 (the digits) and ?2, as TIER. */
static void digits_rows(struct search *s, int kind, const char *sql, const char *a, const char *b, int tier)
{
	sqlite3_stmt *st = cn_db_stmt(s->db, sql, s->err);
	if (!st) {
		s->rc = s->err ? s->err->code : CN_EDB;
		return;
	}
	cn_bind_text(st, 1, a);
	cn_bind_text(st, 2, b);
	cn_bind_int(st, 3, s->limit * 2 + 20);
	int rc;
	while (!full(s) && (rc = sqlite3_step(st)) == SQLITE_ROW)
		add(s, kind, sqlite3_column_int64(st, 0), tier, false);
	if (!full(s) && rc != SQLITE_DONE)
		fail(s, "Tìm kiếm thất bại");
	sqlite3_reset(st);
}

/* D, all digits: a unit's code, a phone's start or end, a citizen ID's
 * end (or the whole of it). */
static void from_digits(struct search *s, const char *d)
{
	size_t len = strlen(d);
	/* The end of the range of strings that start with D. */
	char *next = cn_strdup(d);
	next[len - 1]++;
	if (s->what & CN_SEARCH_UNITS) {
		digits_rows(s, CN_KIND_UNIT, "SELECT id FROM unit WHERE code = ?1 LIMIT ?3", d, d, 0);
		if (len >= 2)
			digits_rows(s, CN_KIND_UNIT, "SELECT id FROM unit WHERE code > ?1 AND code < ?2 ORDER BY code LIMIT ?3",
				    d, next, 2);
	}
	if (s->what & CN_SEARCH_MEMBERS) {
		if (len == 12)
			digits_rows(s, CN_KIND_MEMBER,
				    "SELECT id FROM member WHERE id_number = ?1 LIMIT ?3", d, d, 0);
		if (len >= 4)
			digits_rows(s, CN_KIND_MEMBER,
				    "SELECT id FROM member WHERE phone IS NOT NULL AND substr(phone, -4) = ?2 "
				    "AND phone LIKE '%' || ?1 LIMIT ?3", d, d + len - 4, 1);
		if (len >= 6 && len < 12)
			digits_rows(s, CN_KIND_MEMBER,
				    "SELECT id FROM member WHERE id_number IS NOT NULL AND substr(id_number, -6) = ?2 "
				    "AND id_number LIKE '%' || ?1 LIMIT ?3", d, d + len - 6, 1);
		if (len >= 3)
			digits_rows(s, CN_KIND_MEMBER,
				    "SELECT id FROM member WHERE phone >= ?1 AND phone < ?2 AND phone IS NOT NULL "
				    "ORDER BY phone LIMIT ?3", d, next, 2);
	}
	free(next);
}

/* ---- Describing a hit ---- */

/* A unit as place text needs: kept for the hits of one search. */
struct unit_info {
	long long id, parent;
	char *name, *bare; /* "Huyện Hoà Bình", "Hoà Bình" */
};

struct describe {
	struct unit_info cache[64];
	int ncache, next;
	cn_buf label, detail, place, note;
};

static const struct unit_info *unit_info(cn_db *db, struct describe *d, long long id)
{
	for (int i = 0; i < d->ncache; i++)
		if (d->cache[i].id == id)
			return &d->cache[i];
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT name, type, coalesce(parent_id, 0) FROM unit WHERE id = ?", NULL);
	if (!st)
		return NULL;
	cn_bind_int(st, 1, id);
	struct unit_info *u = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		int slot = d->ncache < 64 ? d->ncache++ : d->next++ % 64;
		u = &d->cache[slot];
		free(u->name);
		free(u->bare);
		u->id = id;
		u->parent = sqlite3_column_int64(st, 2);
		u->name = cn_col_dup(st, 0);
		/* The bare name: without its type in front. */
		const char *prefix = cn_unit_type_prefix(cn_col_text(st, 1));
		size_t k = strlen(prefix);
		u->bare = cn_strdup(strncmp(u->name, prefix, k) == 0 && u->name[k] == ' ' ? u->name + k + 1 : u->name);
	}
	sqlite3_reset(st);
	return u;
}

/* "Huyện Chợ Mới, An Giang": unit ID by its full name, then the units
 * above it by their bare names. */
static void place_from(cn_db *db, struct describe *d, long long id, cn_buf *out)
{
	bool first = true;
	for (int depth = 0; id && depth < 12; depth++) {
		const struct unit_info *u = unit_info(db, d, id);
		if (!u)
			break;
		cn_buf_printf(out, "%s%s", first ? (out->len ? ", " : "") : ", ", first ? u->name : u->bare);
		first = false;
		id = u->parent;
	}
}

/* Fills HIT's texts; false when the row has vanished. */
static bool describe(cn_db *db, struct describe *d, cn_search_hit *hit)
{
	static const char *const sql[] = {
		[CN_KIND_UNIT] = "SELECT " CN_SQL_UNIT_LABEL("u") ", u.type, u.id, 0, coalesce(u.parent_id, 0), "
				 "u.valid_to IS NOT NULL FROM unit u WHERE u.id = ?",
		[CN_KIND_TEAM] = "SELECT t.name, u.name, t.unit_id, t.id, t.unit_id, t.dissolved IS NOT NULL "
				 "FROM team t JOIN unit u ON u.id = t.unit_id WHERE t.id = ?",
		[CN_KIND_MEMBER] = "SELECT m.full_name, m.role, t.unit_id, t.id, t.name, m.left_on IS NOT NULL "
				   "FROM member m JOIN team t ON t.id = m.team_id WHERE m.id = ?",
	};
	sqlite3_stmt *st = cn_db_stmt(db, sql[hit->kind], NULL);
	if (!st)
		return false;
	cn_bind_int(st, 1, hit->id);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	long long from = 0;
	if (found) {
		cn_buf_clear(&d->label);
		cn_buf_clear(&d->detail);
		cn_buf_clear(&d->place);
		cn_buf_adds(&d->label, cn_col_text(st, 0));
		hit->unit_id = sqlite3_column_int64(st, 2);
		hit->team_id = sqlite3_column_int64(st, 3);
		hit->closed = sqlite3_column_int(st, 5);
		if (hit->kind == CN_KIND_MEMBER) {
			cn_buf_printf(&d->detail, "%s, %s", cn_role_name(sqlite3_column_int(st, 1)), cn_col_text(st, 4));
			if (hit->closed)
				cn_buf_adds(&d->detail, " (đã rời tổ)");
			cn_buf_adds(&d->place, cn_col_text(st, 4));
			from = hit->unit_id;
			/* "Tổ CNSCĐ Ấp 1" says its village already: the commune next. */
			const struct unit_info *u = unit_info(db, d, from);
			char *plain = u ? cn_sprintf("Tổ CNSCĐ %s", u->name) : NULL;
			if (plain && cn_text_same(plain, cn_col_text(st, 4)))
				from = u->parent;
			free(plain);
		} else {
			cn_buf_adds(&d->detail, cn_col_text(st, 1));
			from = sqlite3_column_int64(st, 4);
		}
	}
	sqlite3_reset(st);
	if (!found)
		return false;
	place_from(db, d, from, &d->place);
	hit->label = cn_buf_str(&d->label);
	hit->detail = cn_buf_str(&d->detail);
	hit->place = cn_buf_str(&d->place);
	hit->note = NULL;
	hit->successor_id = 0;
	/* Closed and renamed units say what became of them, so that a search
	 * by an old name leads to the new unit. */
	if (hit->kind == CN_KIND_UNIT) {
		cn_buf_clear(&d->note);
		cn_unit_history_note(db, hit->id, &d->note);
		hit->note = d->note.len ? cn_buf_str(&d->note) : NULL;
		if (hit->closed)
			hit->successor_id = cn_count_where(db,
				"SELECT coalesce((SELECT s.new_unit_id FROM unit_succession s JOIN unit n ON n.id = s.new_unit_id "
				"WHERE s.old_unit_id = ?1 AND s.new_unit_id <> s.old_unit_id AND n.valid_to IS NULL "
				"ORDER BY s.kind = 'partial', n.level, n.code LIMIT 1), 0)", hit->id);
		if (hit->successor_id < 0)
			hit->successor_id = 0;
	}
	return true;
}

static void describe_free(struct describe *d)
{
	for (int i = 0; i < d->ncache; i++) {
		free(d->cache[i].name);
		free(d->cache[i].bare);
	}
	cn_buf_free(&d->label);
	cn_buf_free(&d->detail);
	cn_buf_free(&d->place);
	cn_buf_free(&d->note);
}

/* ---- The whole ---- */

/* Best tier first; then units, teams, members; open before closed. */
static int by_rank(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->tier != y->tier)
		return x->tier - y->tier;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	if (x->closed != y->closed)
		return x->closed - y->closed;
	return x->seq - y->seq;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((*s < '0' || *s > '9') && *s != ' ')
			return false;
	return true;
}

int cn_search_kinds(cn_db *db, const char *query, unsigned what, int limit,
		    int (*fn)(const cn_search_hit *hit, void *ctx), void *ctx, cn_error *err)
{
	struct search s = {.db = db, .what = what, .limit = limit > 0 ? limit : 50, .err = err};
	char *folded = cn_text_fold(query ? query : "");
	if (all_digits(folded)) {
		/* "0912 345 678": one number. */
		char *d = folded;
		for (char *p = folded; *p; p++)
			if (*p != ' ')
				*d++ = *p;
		*d = '\0';
		from_digits(&s, folded);
	} else {
		struct words q;
		words_split(&q, folded);
		if (q.n > SEARCH_MAX_WORDS)
			q.n = SEARCH_MAX_WORDS;
		if (q.n)
			gather(&s, &q);
		words_free(&q);
	}
	free(folded);
	if (s.n > 1)
		qsort(s.c, (size_t)s.n, sizeof *s.c, by_rank);
	int shown = 0;
	struct describe d = {0};
	for (int i = 0; s.rc == CN_OK && i < s.n && shown < s.limit; i++) {
		cn_search_hit hit = {.kind = s.c[i].kind, .id = s.c[i].id};
		if (!describe(db, &d, &hit) || ((what & CN_SEARCH_OPEN) && hit.kind == CN_KIND_UNIT && hit.closed))
			continue;
		shown++;
		if (fn && fn(&hit, ctx))
			break;
	}
	describe_free(&d);
	free(s.c);
	return s.rc == CN_OK ? shown : s.rc;
}

int cn_search(cn_db *db, const char *query, int limit,
	      int (*fn)(const cn_search_hit *hit, void *ctx), void *ctx, cn_error *err)
{
	return cn_search_kinds(db, query, CN_SEARCH_ALL, limit, fn, ctx, err);
}
