/* Check-in as you type: a session with 2,000 people invited (the teams of
 * the first province, team by team, until 2,000), and what the check-in screen
 * asks the core on every keystroke: the matches on the list (a screenful)
 * and the members of the whole database not on it (the core search, up to
 * 50). Queries are real names of the list typed letter by letter without
 * diacritics, the last digits of phones, and names of members elsewhere
 * in the country (found only by the search past the list). Like the
 * screen, the session's list is read once (cn_attendance_index) and a
 * status set is followed in memory; the figures of each step are given.
 *
 *   bench-checkin DB             measures in a transaction rolled back at
 *                                the end: DB is left as it was
 *   bench-checkin DB --setup     adds the session for the key replay of the
 *                                interface (bench/keys/checkin.txt) and
 *                                prints its id; kept until --remove
 *   bench-checkin DB --remove    deletes that session
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/attendance.h"
#include "cnscd/text.h"
#include "cnscd/training.h"
#include "cnscd/unit.h"
#include "cnscd/store.h"
#include "timing.h"

#define TITLE "Đo điểm danh: 2.000 người được mời"
#define INVITED 2000
#define ROWS 20       /* the screen's rows */
#define CANDIDATES 50 /* as the screen asks */
#define MAX_SAMPLES 4096

static cn_db *db;

static void die(const char *what, const cn_error *err)
{
	fprintf(stderr, "bench-checkin: %s: %s\n", what, err ? err->msg : "");
	exit(1);
}

static long long one_number(const char *sql, long long arg)
{
	sqlite3_stmt *st;
	long long v = 0;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, arg);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The first unit of the home screen (ordered by code): the key replay
 * opens its sessions with one key. */
static long long province(void)
{
	return one_number("SELECT id FROM unit WHERE parent_id IS NULL AND valid_to IS NULL AND ?1 = ?1 "
			  "ORDER BY code LIMIT 1", 0);
}

static long long bench_session(void)
{
	sqlite3_stmt *st;
	long long id = 0;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT id FROM training WHERE title = ?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, TITLE, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return id;
}

struct inviting {
	long long session;
	int invited;
};

static int invite(long long team_id, const char *team, const char *unit, void *ctx)
{
	(void)team;
	(void)unit;
	struct inviting *in = ctx;
	cn_error err = {0};
	int added = 0;
	if (cn_attendance_invite_team(db, in->session, team_id, &added, &err) != CN_OK)
		die("invite", &err);
	in->invited += added;
	return in->invited >= INVITED;
}

/* The session, its date the latest of all so that it heads its lists. */
static long long add_session(long long unit_id, int *invited)
{
	cn_error err = {0};
	cn_training t = {.unit_id = unit_id, .title = TITLE, .start_date = "31/12/2030", .planned = INVITED,
			 .location = "Hội trường tỉnh"};
	if (cn_training_add(db, &t, &err) != CN_OK)
		die("session", &err);
	struct inviting in = {.session = t.id};
	if (cn_training_teams(db, unit_id, invite, &in, &err) != CN_OK)
		die("teams", &err);
	*invited = in.invited;
	return t.id;
}

/* What a trainer types: names of the list cut after the given name's
 * first letters, the last digits of phones, names of members elsewhere. */
struct typed {
	char *text[64];
	int listed[64]; /* 1: someone on the list; 0: only past it */
	int n;
};

static void add_typed(struct typed *t, const char *text, int listed)
{
	if (t->n < 64 && text && *text) {
		t->listed[t->n] = listed;
		t->text[t->n++] = cn_strdup(text);
	}
}

static int keep_listed(const cn_attendee *a, void *ctx)
{
	struct typed *t = ctx;
	char *folded = cn_text_fold(a->name);
	if (strlen(folded) > 14)
		folded[14] = '\0';
	add_typed(t, folded, 1);
	free(folded);
	size_t lp = strlen(a->phone);
	if (lp >= 4 && t->n % 4 == 0)
		add_typed(t, a->phone + lp - 4, 1);
	return 0;
}

static void pick_queries(long long session, int invited, struct typed *t)
{
	cn_error err = {0};
	for (int i = 0; i < 8; i++)
		if (cn_attendance_find(db, session, "", invited * i / 8, 1, keep_listed, t, &err) < 0)
			die("find", &err);
	sqlite3_stmt *st;
	const char *sql = "SELECT m.full_name FROM member m WHERE m.left_on IS NULL AND NOT EXISTS "
			  "(SELECT 1 FROM attendance a WHERE a.training_id = ? AND a.member_id = m.id) "
			  "AND m.id % 97 = 13 LIMIT 4";
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, session);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *folded = cn_text_fold((const char *)sqlite3_column_text(st, 0));
		add_typed(t, folded, 0);
		free(folded);
	}
	sqlite3_finalize(st);
}

static int count_row(const cn_attendee *a, void *ctx)
{
	(void)a;
	(*(long *)ctx)++;
	return 0;
}

static int count_candidate(const cn_candidate *c, void *ctx)
{
	(void)c;
	(*(long *)ctx)++;
	return 0;
}

static void report(const char *label, double *v, int n)
{
	if (n > 0)
		printf("  %-46s %4d keys  median %7.2f ms  worst %7.2f ms\n", label, n, bench_median(v, n), bench_max(v, n));
}

/* What a status key costs besides the write: the held list follows, the
 * counts are taken from it. And the list read again (after an import or an
 * invitation), the screen's opening. */
static void measure_changes(cn_attendance_index *ix, long long session, int rounds)
{
	static double set[64], reload[64];
	int n = 0;
	cn_error err = {0};
	long long id = one_number("SELECT min(id) FROM attendance WHERE training_id = ?", session);
	for (int r = 0; r < rounds * 8 && n < 64; r++, n++) {
		double t0 = bench_now_ms();
		cn_attendance_index_set(ix, id, r % 2 ? CN_ATT_PRESENT : CN_ATT_INVITED);
		cn_attendance_tally tally;
		cn_attendance_index_tally(ix, &tally);
		double t1 = bench_now_ms();
		if (cn_attendance_index_reload(ix, &err) != CN_OK)
			die("reload", &err);
		set[n] = t1 - t0;
		reload[n] = bench_now_ms() - t1;
	}
	report("a status set: the held list and counts follow", set, n);
	report("the list read again (opening, after an import)", reload, n);
}

static void measure(long long session, int invited, int rounds)
{
	struct typed t = {0};
	pick_queries(session, invited, &t);
	cn_error err = {0};
	cn_attendance_index *ix = cn_attendance_index_open(db, session, &err);
	if (!ix)
		die("list", &err);
	static double all[MAX_SAMPLES], listed[MAX_SAMPLES], past[MAX_SAMPLES];
	int n = 0, nl = 0, np = 0;
	long rows = 0, candidates = 0;
	for (int r = 0; r < rounds; r++) {
		for (int q = 0; q < t.n; q++) {
			size_t len = strlen(t.text[q]);
			for (size_t k = 1; k <= len && n < MAX_SAMPLES; k++) {
				char prefix[64];
				snprintf(prefix, sizeof prefix, "%.*s", (int)k, t.text[q]);
				double t0 = bench_now_ms();
				if (cn_attendance_index_find(ix, prefix, 0, ROWS, count_row, &rows, &err) < 0 ||
				    cn_attendance_candidates(db, session, prefix, CANDIDATES, count_candidate, &candidates,
							     &err) < 0)
					die("query", &err);
				double ms = bench_now_ms() - t0;
				all[n++] = ms;
				if (t.listed[q])
					listed[nl++] = ms;
				else
					past[np++] = ms;
			}
		}
	}
	printf("check-in: session of %d invited, %d queries typed letter by letter, %d rounds\n", invited, t.n, rounds);
	report("every keystroke (list + search past it)", all, n);
	report("names and phone digits of people on the list", listed, nl);
	report("names of members not invited (elsewhere)", past, np);
	measure_changes(ix, session, rounds);
	printf("  rows shown %ld, members not invited shown %ld\n", rows, candidates);
	cn_attendance_index_close(ix);
	for (int q = 0; q < t.n; q++)
		free(t.text[q]);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench-checkin DB [--setup|--remove|ROUNDS]\n");
		return 2;
	}
	const char *mode = argc > 2 ? argv[2] : "";
	cn_error err = {0};
	db = cn_store_open(argv[1], 0, &err);
	if (!db)
		die(argv[1], &err);
	long long unit = province(), session = bench_session();
	if (!unit)
		die("no province in the database", NULL);
	if (strcmp(mode, "--remove") == 0) {
		if (session && cn_training_delete(db, session, &err) != CN_OK)
			die("remove", &err);
	} else if (strcmp(mode, "--setup") == 0) {
		int invited = 0;
		if (!session)
			session = add_session(unit, &invited);
		printf("%lld\n", session);
	} else {
		int rounds = atoi(mode) > 0 ? atoi(mode) : 3;
		if (cn_db_begin(db, &err) != CN_OK)
			die("begin", &err);
		int invited = 0;
		if (session)
			invited = (int)one_number("SELECT count(*) FROM attendance WHERE training_id = ?", session);
		else
			session = add_session(unit, &invited);
		bench_machine();
		measure(session, invited, rounds);
		cn_db_rollback(db);
	}
	cn_db_close(db);
	return 0;
}
