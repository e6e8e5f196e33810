/* Finding people at the door: the session's own list narrowed by a few
 * letters of a name or the last digits of a phone, and, past it, the
 * members of the whole database not on the list (the core search), whom
 * check-in invites and checks in at once. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/search.h"
#include "cnscd/text.h"
#include "cnscd/training.h"
#include "internal.h"

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

int cn_attendance_find(cn_db *db, long long training_id, const char *query, int offset, int limit,
		       int (*fn)(const cn_attendee *a, void *ctx), void *ctx, cn_error *err)
{
	/* A session has at most a few thousand participants: filtering them
	 * in C on each keystroke is far below a millisecond, and it lets one
	 * rule serve names and phone digits alike. */
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT a.id, coalesce(a.member_id, 0), coalesce(m.full_name, a.guest_name), "
		"coalesce(m.phone, a.guest_phone), coalesce(m.position, a.guest_position), "
		"coalesce(u.name, a.guest_unit), a.status, a.checked_in_at, coalesce(m.search_key, a.search_key) "
		"FROM attendance a LEFT JOIN member m ON m.id = a.member_id LEFT JOIN team t ON t.id = m.team_id "
		"LEFT JOIN unit u ON u.id = t.unit_id WHERE a.training_id = ? "
		"ORDER BY a.status <> 0, coalesce(m.search_key, a.search_key), a.id", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, training_id);
	char *folded = cn_text_fold(query ? query : "");
	char *words[32];
	int nwords = 0;
	for (char *w = strtok(folded, " "); w && nwords < 32; w = strtok(NULL, " "))
		words[nwords++] = w;
	const char *digits = nwords == 1 && all_digits(words[0]) ? words[0] : NULL;
	int total = 0, rc;
	bool stopped = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *phone = (const char *)sqlite3_column_text(st, 3);
		if (!attendee_matches(cn_col_text(st, 8), phone, words, nwords, digits))
			continue;
		if (!stopped && total >= offset && total < offset + limit) {
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
			stopped = fn && fn(&a, ctx);
		}
		total++;
	}
	free(folded);
	int result = rc == SQLITE_DONE ? total : cn_db_fail(db, err, "Không đọc được danh sách tham dự");
	sqlite3_reset(st);
	return result;
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
	int rc = cn_search_kinds(db, query, 1u << CN_KIND_MEMBER, limit * 2, take_hit, &c, err);
	if (rc < 0)
		return rc;
	return c.rc != CN_OK ? c.rc : c.given;
}
