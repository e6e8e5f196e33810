/* Finding people at the door: the session's own list narrowed by a few
 * letters of a name or the last digits of a phone, and, past it, the
 * members of the whole database not on the list (the core search), whom
 * check-in invites and checks in at once. */
#include "cnscd/attendance.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attendance_internal.h"
#include "cnscd/search.h"
#include "cnscd/text.h"
#include "db_internal.h"

/* True when every word of the folded query starts a word of KEY, or the
 * query is digits that end the phone number. */
static bool attendee_matches(const char *key, const char *phone, char **words, int nwords, const char *digits)
{
	if (digits && phone) {
		size_t lp = strlen(phone), ld = strlen(digits);
		if (lp >= ld && strcmp(phone + lp - ld, digits) == 0)
			return true;
	}
	for (int i = 0; i < nwords; i++) {
		size_t n = strlen(words[i]);
		const char *p = key;
		bool found = false;
		while (!found && (p = strstr(p, words[i])) != NULL) {
			found = p == key || p[-1] == ' ';
			p += n;
		}
		if (!found)
			return false;
	}
	return true;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* One row of the session's list: what the filter reads. */
struct entry {
	long long id;
	int status;
	bool guest;
	const char *key;   /* folded name (and the phone), in the arena */
	const char *phone; /* "" when none */
	const char *order; /* the name's place in Vietnamese order (collate.h) */
};

struct cn_attendance_index {
	cn_db *db;
	long long training_id;
	struct entry *rows;
	size_t n, cap;
	cn_buf arena; /* the keys and phones, NUL-separated */
	long long data_version; /* of the other connections, when read */
	int planned;            /* the session's planned number, for the tally */
};

static long long data_version(cn_db *db)
{
	sqlite3_stmt *st = cn_db_stmt(db, "PRAGMA data_version", NULL);
	long long v = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	if (st)
		sqlite3_reset(st);
	return v;
}

int cn_attendance_index_reload(cn_attendance_index *ix, cn_error *err)
{
	/* Expected people first, then by name in Vietnamese order (a guest's
	 * key made here, a member's stored): the order of the screen. */
	sqlite3_stmt *st = cn_db_stmt(ix->db,
		"SELECT a.id, a.status, coalesce(m.search_key, a.search_key), coalesce(m.phone, a.guest_phone, ''), "
		"a.member_id IS NULL, " CN_SQL_ATTENDEE_ORDER " AS name_key "
		"FROM attendance a LEFT JOIN member m ON m.id = a.member_id WHERE a.training_id = ? "
		"ORDER BY a.status <> 0, name_key, a.id", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, ix->training_id);
	ix->data_version = data_version(ix->db);
	ix->planned = (int)cn_count_where(ix->db, "SELECT coalesce(planned, 0) FROM training WHERE id = ?1",
					  ix->training_id);
	ix->n = 0;
	cn_buf_clear(&ix->arena);
	/* Offsets into the arena while it grows; pointers once it is whole. */
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ix->n == ix->cap) {
			ix->cap = ix->cap ? ix->cap * 2 : 256;
			ix->rows = cn_reallocarray(ix->rows, ix->cap, sizeof *ix->rows);
		}
		struct entry *e = &ix->rows[ix->n++];
		e->id = sqlite3_column_int64(st, 0);
		e->status = sqlite3_column_int(st, 1);
		e->guest = sqlite3_column_int(st, 4) != 0;
		e->key = (const char *)(uintptr_t)ix->arena.len;
		cn_buf_adds(&ix->arena, cn_col_text(st, 2));
		cn_buf_addc(&ix->arena, '\0');
		e->phone = (const char *)(uintptr_t)ix->arena.len;
		cn_buf_adds(&ix->arena, cn_col_text(st, 3));
		cn_buf_addc(&ix->arena, '\0');
		e->order = (const char *)(uintptr_t)ix->arena.len;
		cn_buf_adds(&ix->arena, cn_col_text(st, 5));
		cn_buf_addc(&ix->arena, '\0');
	}
	sqlite3_reset(st);
	const char *base = cn_buf_str(&ix->arena);
	for (size_t i = 0; i < ix->n; i++) {
		ix->rows[i].key = base + (uintptr_t)ix->rows[i].key;
		ix->rows[i].phone = base + (uintptr_t)ix->rows[i].phone;
		ix->rows[i].order = base + (uintptr_t)ix->rows[i].order;
	}
	return rc == SQLITE_DONE ? CN_OK : cn_db_fail(ix->db, err, "Không đọc được danh sách tham dự");
}

/* The order of the list: expected people first, then by name (as SQLite
 * compares the keys), then by row. */
static int entry_order(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if ((x->status != 0) != (y->status != 0))
		return x->status != 0 ? 1 : -1;
	int c = strcmp(x->order, y->order);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

bool cn_attendance_index_set(cn_attendance_index *ix, long long id, int status)
{
	for (size_t i = 0; i < ix->n; i++) {
		if (ix->rows[i].id == id) {
			ix->rows[i].status = status;
			qsort(ix->rows, ix->n, sizeof *ix->rows, entry_order);
			return true;
		}
	}
	return false;
}

void cn_attendance_index_tally(const cn_attendance_index *ix, cn_attendance_tally *out)
{
	memset(out, 0, sizeof *out);
	out->planned = ix->planned;
	out->invited = (int)ix->n;
	for (size_t i = 0; i < ix->n; i++) {
		const struct entry *e = &ix->rows[i];
		out->present += e->status == CN_ATT_PRESENT;
		out->absent += e->status == CN_ATT_ABSENT;
		out->excused += e->status == CN_ATT_EXCUSED;
		out->guests += e->guest;
	}
}

cn_attendance_index *cn_attendance_index_open(cn_db *db, long long training_id, cn_error *err)
{
	cn_attendance_index *ix = cn_calloc(1, sizeof *ix);
	ix->db = db;
	ix->training_id = training_id;
	if (cn_attendance_index_reload(ix, err) != CN_OK) {
		cn_attendance_index_close(ix);
		return NULL;
	}
	return ix;
}

void cn_attendance_index_close(cn_attendance_index *ix)
{
	if (!ix)
		return;
	free(ix->rows);
	cn_buf_free(&ix->arena);
	free(ix);
}

/* The row's details, for one shown on screen; false when it has gone. */
static int give_row(cn_attendance_index *ix, long long id, int (*fn)(const cn_attendee *a, void *ctx), void *ctx,
		    bool *gone, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(ix->db,
		"SELECT a.id, coalesce(a.member_id, 0), coalesce(m.full_name, a.guest_name), "
		"coalesce(m.phone, a.guest_phone), coalesce(m.position, a.guest_position), "
		"coalesce(u.name, a.guest_unit), a.status, a.checked_in_at "
		"FROM attendance a LEFT JOIN member m ON m.id = a.member_id LEFT JOIN team t ON t.id = m.team_id "
		"LEFT JOIN unit u ON u.id = t.unit_id WHERE a.id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, id);
	int rc = sqlite3_step(st), stop = 0;
	*gone = rc == SQLITE_DONE;
	if (rc == SQLITE_ROW) {
		cn_attendee a = {
			.id = sqlite3_column_int64(st, 0),
			.member_id = sqlite3_column_int64(st, 1),
			.name = cn_col_text(st, 2),
			.phone = cn_col_text(st, 3),
			.position = cn_col_text(st, 4),
			.unit = cn_col_text(st, 5),
			.status = sqlite3_column_int(st, 6),
			.checked_in_at = cn_col_text(st, 7),
		};
		stop = fn ? fn(&a, ctx) : 0;
	} else if (rc != SQLITE_DONE) {
		stop = cn_db_fail(ix->db, err, "Không đọc được danh sách tham dự");
	}
	sqlite3_reset(st);
	return stop;
}

int cn_attendance_index_find(cn_attendance_index *ix, const char *query, int offset, int limit,
			     int (*fn)(const cn_attendee *a, void *ctx), void *ctx, cn_error *err)
{
	/* Someone else wrote meanwhile (a second computer at the door): the
	 * list is read again first. */
	if (data_version(ix->db) != ix->data_version) {
		int rc = cn_attendance_index_reload(ix, err);
		if (rc != CN_OK)
			return rc;
	}
	char *folded = cn_text_fold(query ? query : "");
	char *words[32];
	int nwords = 0;
	for (char *w = strtok(folded, " "); w && nwords < 32; w = strtok(NULL, " "))
		words[nwords++] = w;
	const char *digits = nwords == 1 && all_digits(words[0]) ? words[0] : NULL;
	int total = 0, result = 0;
	bool stopped = false;
	for (size_t i = 0; i < ix->n; i++) {
		const struct entry *e = &ix->rows[i];
		if (!attendee_matches(e->key, e->phone, words, nwords, digits))
			continue;
		if (!stopped && total >= offset && total < offset + limit) {
			bool gone = false;
			int rc = give_row(ix, e->id, fn, ctx, &gone, err);
			if (rc < 0) {
				result = rc;
				break;
			}
			stopped = rc != 0;
			if (gone)
				continue; /* removed since the list was read: not counted */
		}
		total++;
	}
	free(folded);
	return result < 0 ? result : total;
}

int cn_attendance_find(cn_db *db, long long training_id, const char *query, int offset, int limit,
		       int (*fn)(const cn_attendee *a, void *ctx), void *ctx, cn_error *err)
{
	cn_attendance_index *ix = cn_attendance_index_open(db, training_id, err);
	if (!ix)
		return err ? err->code : CN_EDB;
	int total = cn_attendance_index_find(ix, query, offset, limit, fn, ctx, err);
	cn_attendance_index_close(ix);
	return total;
}

/* The members found, as candidates: those not on the list. */
struct candidates {
	cn_db *db;
	long long training_id;
	int limit, given;
	int (*fn)(const cn_candidate *c, void *ctx);
	void *ctx;
	int rc;
	cn_error *err;
};

static int take_hit(const cn_search_hit *hit, void *arg)
{
	struct candidates *c = arg;
	sqlite3_stmt *st = cn_db_stmt(c->db,
		"SELECT m.full_name, coalesce(m.phone, ''), coalesce(m.position, ''), t.name, u.name, "
		CN_SQL_COMMUNE_OF("u") " FROM member m JOIN team t ON t.id = m.team_id JOIN unit u ON u.id = t.unit_id "
		"WHERE m.id = ?1 AND m.left_on IS NULL AND t.dissolved IS NULL AND u.valid_to IS NULL "
		"AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.training_id = ?2 AND a.member_id = m.id)", c->err);
	if (!st) {
		c->rc = c->err ? c->err->code : CN_EDB;
		return 1;
	}
	cn_bind_int(st, 1, hit->id);
	cn_bind_int(st, 2, c->training_id);
	int rc = sqlite3_step(st), stop = 0;
	if (rc == SQLITE_ROW) {
		cn_candidate cand = {
			.member_id = hit->id,
			.name = cn_col_text(st, 0),
			.phone = cn_col_text(st, 1),
			.position = cn_col_text(st, 2),
			.team = cn_col_text(st, 3),
			.unit = cn_col_text(st, 4),
			.commune = cn_col_text(st, 5),
		};
		c->given++;
		stop = (c->fn && c->fn(&cand, c->ctx)) || c->given >= c->limit;
	} else if (rc != SQLITE_DONE) {
		c->rc = cn_db_fail(c->db, c->err, "Không tìm được thành viên");
		stop = 1;
	}
	sqlite3_reset(st);
	return stop;
}

int cn_attendance_candidates(cn_db *db, long long training_id, const char *query, int limit,
			     int (*fn)(const cn_candidate *c, void *ctx), void *ctx, cn_error *err)
{
	if (limit <= 0)
		return 0;
	struct candidates c = {.db = db, .training_id = training_id, .limit = limit, .fn = fn, .ctx = ctx, .err = err};
	/* Some of the hits are on the list already, or left their team:
	 * twice the room leaves enough after them. */
	int rc = cn_search_kinds(db, query, CN_SEARCH_MEMBERS, limit * 2, take_hit, &c, err);
	if (rc < 0)
		return rc;
	return c.rc != CN_OK ? c.rc : c.given;
}
