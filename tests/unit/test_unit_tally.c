/* unit_tally (migration 0007) against a direct count after every kind of
 * change: the browser's figures must stay exact. */
#include <stdio.h>
#include <stdlib.h>

#include "cnscd/browse.h"
#include "fixture.h"

static long long direct(cn_db *db, long long unit_id, bool members)
{
	sqlite3_stmt *st;
	const char *sql = members
		? "SELECT count(*) FROM unit d JOIN team t ON t.unit_id = d.id JOIN member m ON m.team_id = t.id "
		  "WHERE d.path >= (SELECT path FROM unit WHERE id = ?1) "
		  "AND substr(d.path, 1, length((SELECT path FROM unit WHERE id = ?1))) = (SELECT path FROM unit WHERE id = ?1) "
		  "AND t.dissolved IS NULL AND m.left_on IS NULL"
		: "SELECT count(*) FROM unit d JOIN team t ON t.unit_id = d.id "
		  "WHERE substr(d.path, 1, length((SELECT path FROM unit WHERE id = ?1))) = (SELECT path FROM unit WHERE id = ?1) "
		  "AND t.dissolved IS NULL";
	CHECK(sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK);
	sqlite3_bind_int64(st, 1, unit_id);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The team's counts in team_tally equal a direct count. */
static void check_team(cn_db *db, long long team)
{
	long long active, all;
	CHECK_INT(cn_browse_team_members(db, team, &active, &all), CN_OK);
	sqlite3_stmt *st;
	CHECK(sqlite3_prepare_v2(cn_db_sqlite(db),
				 "SELECT count(*) FILTER (WHERE left_on IS NULL), count(*) FROM member WHERE team_id = ?", -1,
				 &st, NULL) == SQLITE_OK);
	sqlite3_bind_int64(st, 1, team);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_INT(active, sqlite3_column_int64(st, 0));
	CHECK_INT(all, sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
	cn_error err = {0};
	cn_browse *b = cn_browse_open(db, CN_BROWSE_MEMBERS, team, &err);
	CHECK(b != NULL);
	CHECK_INT(cn_browse_count(b), active);
	CHECK_INT(cn_browse_show_inactive(b, true, &err), CN_OK);
	CHECK_INT(cn_browse_count(b), all);
	cn_browse_free(b);
}

/* The browser's figures for UNIT equal the direct count, and are TEAMS/MEMBERS. */
#define CHECK_FIGURES(db, unit, nteams, nmembers) do { \
	cn_unit_stats s_; \
	CHECK_INT(cn_browse_unit_stats(db, unit, &s_, NULL), CN_OK); \
	CHECK_INT(s_.teams, direct(db, unit, false)); \
	CHECK_INT(s_.members, direct(db, unit, true)); \
	CHECK_INT(s_.teams, nteams); \
	CHECK_INT(s_.members, nmembers); \
} while (0)

TEST(unit_tally_follows_every_change)
{
	cn_db *db = fx_open();
	cn_error err = {0};
	struct fx_tree t = fx_bac_lieu(db);
	long long other = fx_unit(db, "31936", "Xã Vĩnh Thịnh", "Xã", t.district);
	long long village = fx_unit(db, "3193301", "Ấp Thành Thưởng", "Ấp", t.commune);
	long long a = fx_team(db, t.commune), b = fx_team(db, village);
	long long m1 = fx_member(db, a, "Nguyễn Văn An", 1);
	long long m2 = fx_member(db, a, "Trần Thị Hoa", 3);
	fx_member(db, b, "Lê Văn Bình", 1);
	long long m4 = fx_member(db, b, "Phạm Thị Cúc", 3);
	CHECK_FIGURES(db, t.province, 2, 4);
	CHECK_FIGURES(db, village, 1, 2);
	check_team(db, a);
	CHECK_FIGURES(db, other, 0, 0);

	/* A member leaves, another moves to the other commune's new team. */
	CHECK_INT(cn_member_leave(db, m2, "2025-01-02", &err), CN_OK);
	CHECK_FIGURES(db, t.commune, 2, 3);
	long long c = fx_team(db, other);
	cn_member m = {0};
	CHECK_INT(cn_member_get(db, m4, &m, &err), CN_OK);
	m.team_id = c;
	CHECK_INT(cn_member_update(db, &m, &err), CN_OK);
	cn_member_clear(&m);
	CHECK_FIGURES(db, village, 1, 1);
	CHECK_FIGURES(db, other, 1, 1);
	CHECK_FIGURES(db, t.province, 3, 3);
	check_team(db, a);
	check_team(db, b);
	check_team(db, c);

	/* A team is dissolved, then comes back. */
	cn_team tm = {0};
	CHECK_INT(cn_team_get(db, b, &tm, &err), CN_OK);
	tm.dissolved = cn_strdup("2025-03-01");
	CHECK_INT(cn_team_update(db, &tm, &err), CN_OK);
	CHECK_FIGURES(db, t.commune, 1, 1);
	cn_team_clear(&tm);
	CHECK_INT(cn_team_get(db, b, &tm, &err), CN_OK);
	free(tm.dissolved);
	tm.dissolved = NULL;
	CHECK_INT(cn_team_update(db, &tm, &err), CN_OK);
	CHECK_FIGURES(db, t.commune, 2, 2);
	cn_team_clear(&tm);

	/* The village moves to the other commune (a reorganisation). */
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE unit SET parent_id = %lld WHERE id = %lld", other, village);
	CHECK_INT(cn_db_exec(db, sql, &err), CN_OK);
	CHECK_INT(cn_unit_rebuild_tree(db, &err), CN_OK);
	CHECK_FIGURES(db, t.commune, 1, 1);
	CHECK_FIGURES(db, other, 2, 2);

	/* Deletions: a member, then a team with its members. */
	CHECK_INT(cn_member_delete(db, m1, &err), CN_OK);
	CHECK_FIGURES(db, t.commune, 1, 0);
	check_team(db, a);
	CHECK_INT(cn_team_delete(db, c, &err), CN_OK);
	CHECK_FIGURES(db, other, 1, 1);
	CHECK_FIGURES(db, t.province, 2, 1);
	check_team(db, b);
	check_team(db, c);
	cn_db_close(db);
}
