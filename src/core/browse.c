/* A cursor over one list in one order, read by key ranges. The cursor holds
 * a window of consecutive rows [win_first, win_first + win_n) with each
 * row's sort key. A request next to the window reads on from its first or
 * last key (keyset paging, through the index where there is one); only a
 * jump far away (Home, End, a search hit) counts rows with OFFSET, from
 * whichever end of the list is nearer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/browse.h"

#include "cnscd/succession.h"
#include "cnscd/unit.h"
#include "cnscd/team.h"
#include "cnscd/validate.h"

/* Parameters: ?1 parent id, ?2 "show inactive", ?3.. key values,
 * ?20 limit or row id, ?21 offset. */
#define P_KEY 3
#define P_LIMIT 20
#define P_OFFSET 21
#define MAX_KEYS 5

struct held_row;

struct order_spec {
	int order;
	const char *keys[MAX_KEYS]; /* sort key expressions, last one unique */
	/* The index of these keys (migration 0007), named because the planner
	 * otherwise counts the rows before a key (ST_RANK) through another
	 * index and reads every member's row for the expressions: seconds in
	 * a team of 600,000. */
	const char *index;
};

struct kind_spec {
	const char *from;    /* FROM and WHERE, with ?1 and ?2 */
	const char *columns; /* row columns after the keys */
	struct order_spec orders[6];
	int order_ids[7];    /* same orders, for cn_browse_orders, -1 ended */
	void (*read)(cn_browse *b, sqlite3_stmt *st, int col, struct held_row *h);
	const char *count;   /* the number of rows when not "SELECT count(*) FROM ..." */
};

static void read_unit(cn_browse *b, sqlite3_stmt *st, int c, struct held_row *h);
static void read_team(cn_browse *b, sqlite3_stmt *st, int c, struct held_row *h);
static void read_member(cn_browse *b, sqlite3_stmt *st, int c, struct held_row *h);

static const struct kind_spec kinds[] = {
	[CN_BROWSE_UNITS] = {
		"FROM unit x WHERE x.parent_id IS ?1 AND (?2 OR x.valid_to IS NULL)",
		/* A village that shares its name after a merge says its former commune. */
		"x.id, " CN_SQL_UNIT_LABEL("x") ", x.valid_to IS NOT NULL, x.code, x.type, x.level",
		{{CN_ORDER_CODE, {"x.code", "x.id"}},
		 {CN_ORDER_NAME, {"x.search_key", "x.id"}}},
		{CN_ORDER_CODE, CN_ORDER_NAME, -1},
		read_unit,
	},
	[CN_BROWSE_TEAMS] = {
		"FROM team x WHERE x.unit_id = ?1 AND (?2 OR x.dissolved IS NULL)",
		"x.id, x.name, x.dissolved IS NOT NULL, x.established, x.dissolved, "
		"(SELECT m.full_name FROM member m WHERE m.team_id = x.id AND m.role = 1 AND m.left_on IS NULL), "
		"coalesce((SELECT tt.active FROM team_tally tt WHERE tt.team_id = x.id), 0)",
		{{CN_ORDER_NAME, {"x.search_key", "x.id"}},
		 {CN_ORDER_ESTABLISHED, {"x.established IS NULL", "coalesce(x.established, '')", "x.search_key", "x.id"}}},
		{CN_ORDER_NAME, CN_ORDER_ESTABLISHED, -1},
		read_team,
	},
	[CN_BROWSE_MEMBERS] = {
		"FROM member x WHERE x.team_id = ?1 AND (?2 OR x.left_on IS NULL)",
		"x.id, x.full_name, x.left_on IS NOT NULL, x.role, x.gender, x.birth_year, x.position, x.phone, "
		"x.joined, x.left_on",
		/* ROLE follows the index member_team(team_id, role, name_order):
		 * names in Vietnamese order (collate.h). */
		{{CN_ORDER_ROLE, {"x.role", "x.name_order", "x.id"}, "member_team"},
		 {CN_ORDER_NAME, {"x.name_order", "x.id"}, "member_by_name"},
		 {CN_ORDER_POSITION, {"x.position IS NULL", "coalesce(x.position, '')", "x.name_order", "x.id"},
		  "member_by_position"},
		 {CN_ORDER_PHONE, {"x.phone IS NULL", "coalesce(x.phone, '')", "x.id"}, "member_by_phone"},
		 {CN_ORDER_JOINED, {"x.joined IS NULL", "coalesce(x.joined, '')", "x.name_order", "x.id"},
		  "member_by_joined"}},
		{CN_ORDER_ROLE, CN_ORDER_NAME, CN_ORDER_POSITION, CN_ORDER_PHONE, CN_ORDER_JOINED, -1},
		read_member,
		/* team_tally (migration 0007): a team of 600,000 opens at once. */
		"SELECT coalesce((SELECT CASE WHEN ?2 THEN total ELSE active END FROM team_tally WHERE team_id = ?1), 0)",
	},
};

struct held_row {
	cn_browse_row row;
	sqlite3_value *key[MAX_KEYS];
	char *strings[8]; /* what row's pointers point into */
	int nstrings;
};

enum { ST_COUNT, ST_OFFSET, ST_OFFSET_REV, ST_AFTER, ST_BEFORE, ST_KEY_OF, ST_RANK, ST_RANK_UPTO, ST_AFTER_UPTO,
       ST_N };

struct cn_browse {
	cn_db *db;
	int kind;
	long long parent;
	const struct kind_spec *spec;
	const struct order_spec *order;
	bool descending;
	bool inactive;
	int nkeys;
	sqlite3_stmt *st[ST_N];
	long long count;
	struct held_row *win;
	int win_n, win_cap;
	long long win_first;
};

const char *cn_browse_order_name(int order)
{
	static const char *const names[] = {
		[CN_ORDER_CODE] = "Mã", [CN_ORDER_NAME] = "Tên", [CN_ORDER_ROLE] = "Vai trò",
		[CN_ORDER_POSITION] = "Chức vụ", [CN_ORDER_PHONE] = "Điện thoại", [CN_ORDER_JOINED] = "Ngày vào tổ",
		[CN_ORDER_ESTABLISHED] = "Ngày thành lập",
	};
	return order >= 0 && order < CN_ORDER_COUNT ? names[order] : "";
}

const int *cn_browse_orders(int kind)
{
	static const int none[] = {-1};
	return kind >= CN_BROWSE_UNITS && kind <= CN_BROWSE_MEMBERS ? kinds[kind].order_ids : none;
}

/* Takes ownership of S (may be NULL) and returns it for the row. */
static const char *keep(struct held_row *h, char *s)
{
	if (s && h->nstrings < (int)CN_ARRAY_LEN(h->strings))
		h->strings[h->nstrings++] = s;
	else if (s) /* cannot happen with the specs above */
		free(s);
	return s;
}

static void read_unit(cn_browse *b, sqlite3_stmt *st, int c, struct held_row *h)
{
	cn_browse_row *row = &h->row;
	row->code = keep(h, cn_col_dup(st, c + 3));
	row->type = keep(h, cn_col_dup(st, c + 4));
	row->level = sqlite3_column_int(st, c + 5);
	/* A closed unit says where its teams went. */
	long long successor = row->inactive ? cn_unit_successor(b->db, row->id) : 0;
	cn_unit succ = {0};
	if (successor && cn_unit_get(b->db, successor, &succ, NULL) == CN_OK)
		row->note = keep(h, cn_sprintf("→ nay là %s", succ.name));
	cn_unit_clear(&succ);
	/* Only the rows on screen get here, so their figures are cheap enough. */
	cn_browse_unit_stats(b->db, row->id, &row->stats, NULL);
}

static void read_team(cn_browse *b, sqlite3_stmt *st, int c, struct held_row *h)
{
	cn_browse_row *row = &h->row;
	row->established = keep(h, cn_col_dup(st, c + 3));
	row->dissolved = keep(h, cn_col_dup(st, c + 4));
	row->leader = keep(h, cn_col_dup(st, c + 5));
	row->stats.members = sqlite3_column_int64(st, c + 6);
	char *district = row->dissolved ? NULL : cn_team_former_district(b->db, row->id);
	if (district)
		row->note = keep(h, strstr(row->name, district) ? cn_strdup("tổ cấp huyện cũ")
								 : cn_sprintf("tổ cấp huyện cũ (%s)", district));
	free(district);
}

static void read_member(cn_browse *b, sqlite3_stmt *st, int c, struct held_row *h)
{
	cn_browse_row *row = &h->row;
	(void)b;
	row->role = sqlite3_column_int(st, c + 3);
	row->gender = sqlite3_column_int(st, c + 4);
	row->birth_year = sqlite3_column_int(st, c + 5);
	row->position = keep(h, cn_col_dup(st, c + 6));
	row->phone = keep(h, cn_col_dup(st, c + 7));
	row->joined = keep(h, cn_col_dup(st, c + 8));
	row->left_on = keep(h, cn_col_dup(st, c + 9));
}

static void held_clear(struct held_row *h)
{
	for (int i = 0; i < MAX_KEYS; i++)
		sqlite3_value_free(h->key[i]);
	for (int i = 0; i < h->nstrings; i++)
		free(h->strings[i]);
	memset(h, 0, sizeof *h);
}

static void forget_rows(cn_browse *b)
{
	for (int i = 0; i < b->win_n; i++)
		held_clear(&b->win[i]);
	b->win_n = 0;
	b->win_first = 0;
}

static void finalize_all(cn_browse *b)
{
	for (int i = 0; i < ST_N; i++) {
		sqlite3_finalize(b->st[i]);
		b->st[i] = NULL;
	}
}

/* "(k1, k2)" and "k1 ASC, k2 ASC" for the order. */
static void key_lists(const cn_browse *b, bool reverse, cn_buf *tuple, cn_buf *order_by, cn_buf *params)
{
	bool desc = b->descending != reverse;
	cn_buf_addc(tuple, '(');
	cn_buf_addc(params, '(');
	for (int i = 0; i < b->nkeys; i++) {
		const char *sep = i ? ", " : "";
		cn_buf_printf(tuple, "%s%s", sep, b->order->keys[i]);
		cn_buf_printf(order_by, "%s%s %s", sep, b->order->keys[i], desc ? "DESC" : "ASC");
		cn_buf_printf(params, "%s?%d", sep, P_KEY + i);
	}
	cn_buf_addc(tuple, ')');
	cn_buf_addc(params, ')');
}

static int prepare(cn_browse *b, int which, const char *sql, cn_error *err)
{
	if (sqlite3_prepare_v3(cn_db_sqlite(b->db), sql, -1, SQLITE_PREPARE_PERSISTENT, &b->st[which], NULL) !=
	    SQLITE_OK)
		return cn_db_fail(b->db, err, "Không đọc được danh sách");
	return CN_OK;
}

/* Builds the statements of the current order and filter. */
static int prepare_all(cn_browse *b, cn_error *err)
{
	finalize_all(b);
	forget_rows(b);
	cn_buf tuple = {0}, asc = {0}, desc = {0}, params = {0}, sel = {0};
	key_lists(b, false, &tuple, &asc, &params);
	cn_buf scratch = {0};
	key_lists(b, true, &scratch, &desc, &scratch);
	cn_buf_free(&scratch);
	cn_buf keys = {0};
	for (int i = 0; i < b->nkeys; i++)
		cn_buf_printf(&keys, "%s%s", i ? ", " : "", b->order->keys[i]);
	cn_buf_printf(&sel, "SELECT %s, ", cn_buf_str(&keys));
	/* "FROM member x INDEXED BY member_by_phone WHERE ...": for the
	 * reads in the order's order (not the row by id, nor the total). */
	const char *where = strstr(b->spec->from, " WHERE ");
	char *from = b->order->index && where
		? cn_sprintf("%.*s INDEXED BY %s%s", (int)(where - b->spec->from), b->spec->from, b->order->index, where)
		: cn_strdup(b->spec->from);
	cn_buf_printf(&sel, "%s %s", b->spec->columns, from);
	/* Forward in the user's order is "greater" unless descending. */
	const char *fwd = b->descending ? "<" : ">", *back = b->descending ? ">" : "<";
	const char *sel_s = cn_buf_str(&sel);
	int rc = CN_OK;
	struct {
		int which;
		char *text;
	} stmts[] = {
		{ST_COUNT, b->spec->count ? cn_strdup(b->spec->count) : cn_sprintf("SELECT count(*) %s", b->spec->from)},
		{ST_OFFSET, cn_sprintf("%s ORDER BY %s LIMIT ?%d OFFSET ?%d", sel_s, cn_buf_str(&asc), P_LIMIT,
				       P_OFFSET)},
		{ST_OFFSET_REV, cn_sprintf("%s ORDER BY %s LIMIT ?%d OFFSET ?%d", sel_s, cn_buf_str(&desc), P_LIMIT,
					   P_OFFSET)},
		{ST_AFTER, cn_sprintf("%s AND %s %s %s ORDER BY %s LIMIT ?%d", sel_s, cn_buf_str(&tuple), fwd,
				      cn_buf_str(&params), cn_buf_str(&asc), P_LIMIT)},
		{ST_BEFORE, cn_sprintf("%s AND %s %s %s ORDER BY %s LIMIT ?%d", sel_s, cn_buf_str(&tuple), back,
				       cn_buf_str(&params), cn_buf_str(&desc), P_LIMIT)},
		{ST_KEY_OF, cn_sprintf("SELECT %s, %s %s AND x.id = ?%d", cn_buf_str(&keys), b->spec->columns,
				       b->spec->from, P_LIMIT)},
		{ST_RANK, cn_sprintf("SELECT count(*) %s AND %s %s %s", from, cn_buf_str(&tuple), back,
				     cn_buf_str(&params))},
		/* The same counts stopped after ?20 rows, before and after. */
		{ST_RANK_UPTO, cn_sprintf("SELECT count(*) FROM (SELECT 1 %s AND %s %s %s LIMIT ?%d)", from,
					  cn_buf_str(&tuple), back, cn_buf_str(&params), P_LIMIT)},
		{ST_AFTER_UPTO, cn_sprintf("SELECT count(*) FROM (SELECT 1 %s AND %s %s %s LIMIT ?%d)", from,
					   cn_buf_str(&tuple), fwd, cn_buf_str(&params), P_LIMIT)},
	};
	for (size_t i = 0; i < CN_ARRAY_LEN(stmts); i++) {
		if (rc == CN_OK)
			rc = prepare(b, stmts[i].which, stmts[i].text, err);
		free(stmts[i].text);
	}
	cn_buf_free(&tuple);
	cn_buf_free(&asc);
	cn_buf_free(&desc);
	cn_buf_free(&params);
	cn_buf_free(&keys);
	free(from);
	cn_buf_free(&sel);
	if (rc != CN_OK)
		finalize_all(b);
	return rc;
}

static sqlite3_stmt *bound(cn_browse *b, int which)
{
	sqlite3_stmt *st = b->st[which];
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (b->parent)
		sqlite3_bind_int64(st, 1, b->parent);
	sqlite3_bind_int(st, 2, b->inactive);
	return st;
}

int cn_browse_refresh(cn_browse *b, cn_error *err)
{
	forget_rows(b);
	if (!b->st[ST_COUNT])
		return cn_fail(err, CN_EDB, "Không đọc được danh sách");
	sqlite3_stmt *st = bound(b, ST_COUNT);
	int rc = CN_OK;
	if (sqlite3_step(st) == SQLITE_ROW)
		b->count = sqlite3_column_int64(st, 0);
	else
		rc = cn_db_fail(b->db, err, "Không đọc được danh sách");
	sqlite3_reset(st);
	return rc;
}

cn_browse *cn_browse_open(cn_db *db, int kind, long long parent, cn_error *err)
{
	if (kind < CN_BROWSE_UNITS || kind > CN_BROWSE_MEMBERS) {
		cn_fail(err, CN_EINVAL, "Loại danh sách không hợp lệ");
		return NULL;
	}
	cn_browse *b = cn_calloc(1, sizeof *b);
	b->db = db;
	b->kind = kind;
	b->parent = parent;
	b->spec = &kinds[kind];
	if (cn_browse_set_order(b, b->spec->order_ids[0], false, err) != CN_OK) {
		cn_browse_free(b);
		return NULL;
	}
	return b;
}

void cn_browse_free(cn_browse *b)
{
	if (!b)
		return;
	forget_rows(b);
	finalize_all(b);
	free(b->win);
	free(b);
}

int cn_browse_kind(const cn_browse *b) { return b->kind; }
long long cn_browse_parent(const cn_browse *b) { return b->parent; }
long long cn_browse_count(const cn_browse *b) { return b->count; }
bool cn_browse_shows_inactive(const cn_browse *b) { return b->inactive; }

int cn_browse_order(const cn_browse *b, bool *descending)
{
	if (descending)
		*descending = b->descending;
	return b->order->order;
}

int cn_browse_set_order(cn_browse *b, int order, bool descending, cn_error *err)
{
	const struct order_spec *o = NULL;
	for (size_t i = 0; i < CN_ARRAY_LEN(b->spec->orders) && !o; i++)
		if (b->spec->orders[i].keys[0] && b->spec->orders[i].order == order)
			o = &b->spec->orders[i];
	if (!o)
		return cn_fail(err, CN_EINVAL, "Danh sách này không sắp xếp được theo %s", cn_browse_order_name(order));
	/* Another order of the same rows: the count stands (counting the
	 * 600,000 members of the whole list again took 55 ms of a sort). */
	bool counted = b->order != NULL;
	b->order = o;
	b->descending = descending;
	b->nkeys = 0;
	while (b->nkeys < MAX_KEYS && o->keys[b->nkeys])
		b->nkeys++;
	int rc = prepare_all(b, err);
	if (rc != CN_OK || !counted)
		return rc == CN_OK ? cn_browse_refresh(b, err) : rc;
	forget_rows(b);
	return CN_OK;
}

int cn_browse_show_inactive(cn_browse *b, bool show, cn_error *err)
{
	b->inactive = show;
	return cn_browse_refresh(b, err);
}

/* Reads the rows ST yields into OUT[0..), at most N; returns how many. */
static int read_rows(cn_browse *b, sqlite3_stmt *st, struct held_row *out, int n, int *rc, cn_error *err)
{
	int got = 0, step;
	while (got < n && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct held_row *h = &out[got++];
		memset(h, 0, sizeof *h);
		for (int k = 0; k < b->nkeys; k++)
			h->key[k] = sqlite3_value_dup(sqlite3_column_value(st, k));
		int c = b->nkeys;
		h->row.id = sqlite3_column_int64(st, c);
		h->row.name = keep(h, cn_col_dup(st, c + 1));
		h->row.inactive = sqlite3_column_int(st, c + 2) != 0;
		b->spec->read(b, st, c, h);
	}
	if (got < n && step != SQLITE_DONE)
		*rc = cn_db_fail(b->db, err, "Không đọc được danh sách");
	sqlite3_reset(st);
	return got;
}

static void reserve(cn_browse *b, int n)
{
	if (n > b->win_cap) {
		b->win = cn_reallocarray(b->win, (size_t)n, sizeof *b->win);
		b->win_cap = n;
	}
}

static void bind_key(sqlite3_stmt *st, const struct held_row *h, int nkeys)
{
	for (int k = 0; k < nkeys; k++)
		sqlite3_bind_value(st, P_KEY + k, h->key[k]);
}

/* Reverses OUT[0..N) in place (rows read backwards). */
static void reverse_rows(struct held_row *rows, int n)
{
	for (int i = 0, j = n - 1; i < j; i++, j--) {
		struct held_row t = rows[i];
		rows[i] = rows[j];
		rows[j] = t;
	}
}

static int read_after(cn_browse *b, int n, cn_error *err)
{
	reserve(b, b->win_n + n);
	sqlite3_stmt *st = bound(b, ST_AFTER);
	bind_key(st, &b->win[b->win_n - 1], b->nkeys);
	sqlite3_bind_int(st, P_LIMIT, n);
	int rc = CN_OK;
	b->win_n += read_rows(b, st, b->win + b->win_n, n, &rc, err);
	return rc;
}

static int read_before(cn_browse *b, int n, cn_error *err)
{
	reserve(b, b->win_n + n);
	struct held_row *tmp = cn_calloc((size_t)n, sizeof *tmp);
	sqlite3_stmt *st = bound(b, ST_BEFORE);
	bind_key(st, &b->win[0], b->nkeys);
	sqlite3_bind_int(st, P_LIMIT, n);
	int rc = CN_OK;
	int got = read_rows(b, st, tmp, n, &rc, err);
	reverse_rows(tmp, got);
	memmove(b->win + got, b->win, (size_t)b->win_n * sizeof *b->win);
	memcpy(b->win, tmp, (size_t)got * sizeof *tmp);
	free(tmp);
	b->win_n += got;
	b->win_first -= got;
	if (b->win_first < 0) /* rows were added meanwhile: renumber */
		b->win_first = 0;
	return rc;
}

/* Replaces the window by rows [FIRST, FIRST + N), counted from the nearer end. */
static int read_at(cn_browse *b, long long first, int n, cn_error *err)
{
	forget_rows(b);
	reserve(b, n);
	bool from_end = first > b->count / 2;
	sqlite3_stmt *st = bound(b, from_end ? ST_OFFSET_REV : ST_OFFSET);
	long long skip = from_end ? b->count - (first + n) : first;
	if (skip < 0) {
		n += (int)skip;
		skip = 0;
	}
	sqlite3_bind_int(st, P_LIMIT, n);
	sqlite3_bind_int64(st, P_OFFSET, skip);
	int rc = CN_OK;
	b->win_n = read_rows(b, st, b->win, n, &rc, err);
	if (from_end)
		reverse_rows(b->win, b->win_n);
	b->win_first = from_end ? b->count - skip - b->win_n : first;
	return rc;
}

/* Drops held rows outside [LO, HI). */
static void trim(cn_browse *b, long long lo, long long hi)
{
	int drop_front = 0;
	while (drop_front < b->win_n && b->win_first + drop_front < lo)
		held_clear(&b->win[drop_front++]);
	if (drop_front) {
		memmove(b->win, b->win + drop_front, (size_t)(b->win_n - drop_front) * sizeof *b->win);
		b->win_n -= drop_front;
		b->win_first += drop_front;
	}
	while (b->win_n > 0 && b->win_first + b->win_n > hi)
		held_clear(&b->win[--b->win_n]);
}

int cn_browse_fetch(cn_browse *b, long long first, int n, cn_error *err)
{
	if (first < 0)
		first = 0;
	long long last = first + n; /* exclusive */
	if (last > b->count)
		last = b->count;
	if (first >= last || !b->st[ST_COUNT])
		return CN_OK;
	long long win_end = b->win_first + b->win_n;
	if (b->win_n > 0 && first >= b->win_first && last <= win_end)
		return CN_OK;
	/* Read a screenful beyond what is asked, so that moving a line at a
	 * time does not query on every key. */
	int margin = n;
	int rc = CN_OK;
	if (b->win_n > 0 && last >= b->win_first && first <= win_end) {
		if (first < b->win_first)
			rc = read_before(b, (int)(b->win_first - first) + margin, err);
		win_end = b->win_first + b->win_n;
		if (rc == CN_OK && last > win_end)
			rc = read_after(b, (int)(last - win_end) + margin, err);
	} else {
		rc = read_at(b, first > margin ? first - margin : 0, (int)(last - first) + 2 * margin, err);
	}
	trim(b, first - margin, last + margin);
	return rc;
}

const cn_browse_row *cn_browse_get(const cn_browse *b, long long index)
{
	if (index < b->win_first || index >= b->win_first + b->win_n)
		return NULL;
	return &b->win[index - b->win_first].row;
}

/* The number of rows before (ST_RANK, ST_RANK_UPTO) or after
 * (ST_AFTER_UPTO) the window's one row, counting at most UPTO (0: all);
 * -1 on error. */
static long long count_beside(cn_browse *b, int which, long long upto, cn_error *err)
{
	sqlite3_stmt *st = bound(b, which);
	bind_key(st, &b->win[0], b->nkeys);
	if (which != ST_RANK)
		sqlite3_bind_int64(st, P_LIMIT, upto);
	long long n = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		cn_db_fail(b->db, err, "Không đọc được danh sách");
	sqlite3_reset(st);
	return n;
}

/* The order's keys are all plain columns ("x.search_key"): SQLite seeks a
 * row value of them in the index. On an expression ("x.phone IS NULL")
 * it does not: every read or count from a key starts at the team's first
 * index entry. */
static bool seeks_keys(const struct order_spec *o)
{
	for (int i = 0; i < MAX_KEYS && o->keys[i]; i++)
		if (strpbrk(o->keys[i], " ("))
			return false;
	return true;
}

long long cn_browse_index_near(cn_browse *b, long long id, long long within, cn_error *err)
{
	/* The row becomes the window, so that showing it next reads its
	 * neighbours by key instead of counting rows with OFFSET. */
	forget_rows(b);
	reserve(b, 1);
	int rc = CN_OK;
	sqlite3_stmt *st = bound(b, ST_KEY_OF);
	sqlite3_bind_int64(st, P_LIMIT, id);
	b->win_n = read_rows(b, st, b->win, 1, &rc, err);
	if (b->win_n == 0)
		return -1;
	/* SQLite's B-trees keep no rank: the count reads an index entry per
	 * row before this one. Bounded: from the start, and from the end when
	 * the index seeks the key (else counting after it reads every entry
	 * before it too). */
	long long index;
	if (within <= 0 || b->count <= 2 * within) {
		index = count_beside(b, ST_RANK, 0, err);
	} else {
		index = count_beside(b, ST_RANK_UPTO, within, err);
		if (index >= within && !seeks_keys(b->order)) {
			index = -1;
		} else if (index >= within) {
			long long after = count_beside(b, ST_AFTER_UPTO, within, err);
			index = after < 0 ? -1 : after < within ? b->count - 1 - after : -1;
		}
	}
	if (index >= 0)
		b->win_first = index;
	else
		forget_rows(b);
	return index;
}

long long cn_browse_index_of(cn_browse *b, long long id, cn_error *err)
{
	return cn_browse_index_near(b, id, 0, err);
}
