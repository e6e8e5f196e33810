#include <stdlib.h>

#include "../tools/field_example.h"
#include "cnscd/stats.h"
#include "fixture.h"

static cn_db *field_db(struct field_example *fx)
{
	cn_db *db = fx_open();
	cn_error err = {0};
	if (field_example_build(db, fx, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "field example: %s", err.msg);
	return db;
}

TEST(stats_field_example_by_level)
{
	struct field_example fx;
	cn_db *db = field_db(&fx);
	cn_stats s;
	cn_error err = {0};
	CHECK_INT(cn_stats_by_level(db, fx.district, &s, &err), CN_OK);
	CHECK_INT(s.level[CN_LEVEL_PROVINCE].units, 0);
	CHECK_INT(s.level[CN_LEVEL_DISTRICT].units, 1);
	CHECK_INT(s.level[CN_LEVEL_DISTRICT].teams, 1);
	CHECK_INT(s.level[CN_LEVEL_DISTRICT].members, 7);
	CHECK_INT(s.level[CN_LEVEL_COMMUNE].units, 8);
	CHECK_INT(s.level[CN_LEVEL_COMMUNE].units_with_team, 8);
	CHECK_INT(s.level[CN_LEVEL_COMMUNE].teams, 8);
	CHECK_INT(s.level[CN_LEVEL_COMMUNE].members, 77);
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].units, 68);
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].units_with_team, 68);
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].teams, 68);
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].members, 458);
	CHECK(cn_counts_coverage(&s.level[CN_LEVEL_VILLAGE]) == 1.0);
	CHECK(cn_counts_coverage(&s.level[CN_LEVEL_COMMUNE]) == 1.0);
	CHECK(cn_counts_coverage(&s.level[CN_LEVEL_PROVINCE]) < 0);
	CHECK_INT(s.total.units, 77);
	CHECK_INT(s.total.teams, 77);
	CHECK_INT(s.total.members, 542);
	CHECK_INT(s.total.leaders, 77);
	CHECK_INT(s.total.deputies, 77);
	CHECK_INT(s.total.leaders, fx.leaders);
	CHECK_INT(s.total.women, fx.women);
	CHECK_INT(s.total.young, fx.young);
	CHECK(fx.women > 0 && fx.women < 542);
	CHECK(fx.young > 0 && fx.young < 542);
	char *line = cn_stats_sentence(&s);
	CHECK_STR(line, "77 tổ với 542 thành viên: 1 tổ cấp huyện (7 thành viên), 8 tổ cấp xã (77), "
			"68 tổ cấp thôn (458); 68/68 thôn có tổ (100%)");
	free(line);

	/* The whole database adds the province, which has no team. */
	CHECK_INT(cn_stats_by_level(db, 0, &s, &err), CN_OK);
	CHECK_INT(s.level[CN_LEVEL_PROVINCE].units, 1);
	CHECK_INT(s.level[CN_LEVEL_PROVINCE].units_with_team, 0);
	CHECK(cn_counts_coverage(&s.level[CN_LEVEL_PROVINCE]) == 0.0);
	CHECK_INT(s.total.units, 78);
	CHECK_INT(s.total.teams, 77);
	CHECK_INT(s.total.members, 542);

	/* A commune: its own team and its 9 villages. */
	CHECK_INT(cn_stats_by_level(db, fx.communes[0], &s, &err), CN_OK);
	CHECK_INT(s.level[CN_LEVEL_DISTRICT].units, 0);
	CHECK_INT(s.level[CN_LEVEL_COMMUNE].members, 10);
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].units, 9);
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].members, 63);
	cn_db_close(db);
}

TEST(stats_field_example_by_child_adds_up)
{
	struct field_example fx;
	cn_db *db = field_db(&fx);
	cn_stats s;
	cn_error err = {0};
	CHECK_INT(cn_stats_by_level(db, fx.district, &s, &err), CN_OK);
	cn_stats_cursor *c = cn_stats_children_open(db, fx.district, &err);
	CHECK(c != NULL);
	cn_stats_child row;
	cn_counts sum = {0};
	int n = 0, rc;
	while ((rc = cn_stats_children_next(c, &row, &err)) == 1) {
		if (n == 0) {
			CHECK(row.is_self);
			CHECK_STR(row.name, "Huyện Hoà Bình");
			CHECK_INT(row.counts.units, 1);
			CHECK_INT(row.counts.members, 7);
		} else {
			CHECK(!row.is_self);
			CHECK_INT(row.level, CN_LEVEL_COMMUNE);
		}
		if (n == 1) {
			CHECK_STR(row.code, "31891");
			CHECK_STR(row.name, "Thị trấn Hòa Bình");
			CHECK_INT(row.counts.units, 10); /* the town and its 9 villages */
			CHECK_INT(row.counts.units_with_team, 10);
			CHECK_INT(row.counts.teams, 10);
			CHECK_INT(row.counts.members, 10 + 9 * 7);
		}
		if (n == 8) {
			CHECK_STR(row.code, "31936");
			CHECK_INT(row.counts.members, 9 + 8 * 6);
		}
		cn_counts_add(&sum, &row.counts);
		n++;
	}
	CHECK_INT(rc, 0);
	CHECK_INT(n, 9);
	cn_stats_children_close(c);
	CHECK_INT(sum.units, s.total.units);
	CHECK_INT(sum.teams, 77);
	CHECK_INT(sum.members, 542);
	CHECK_INT(sum.women, s.total.women);
	CHECK_INT(sum.young, s.total.young);

	/* Whole database: the one province, no "self" row. */
	c = cn_stats_children_open(db, 0, &err);
	CHECK_INT(cn_stats_children_next(c, &row, &err), 1);
	CHECK(!row.is_self);
	CHECK_STR(row.code, "95");
	CHECK_INT(row.counts.units, 78);
	CHECK_INT(row.counts.members, 542);
	CHECK_INT(cn_stats_children_next(c, &row, &err), 0);
	cn_stats_children_close(c);
	cn_db_close(db);
}

TEST(stats_skip_closed_units_dissolved_teams_and_members_who_left)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	cn_error err = {0};
	long long v1 = fx_unit(db, "", "Ấp 1", "Ấp", t.commune);
	long long v2 = fx_unit(db, "", "Ấp 2", "Ấp", t.commune);
	long long v3 = fx_unit(db, "", "Ấp 3", "Ấp", t.commune);
	long long team1 = fx_team(db, v1);
	long long m1 = fx_member(db, team1, "Nguyễn Văn A", CN_ROLE_LEADER);
	fx_member(db, team1, "Trần Thị B", CN_ROLE_MEMBER);
	long long team2 = fx_team(db, v2);
	fx_member(db, team2, "Lê Văn C", CN_ROLE_LEADER);
	long long team3 = fx_team(db, v3);
	fx_member(db, team3, "Phạm Văn D", CN_ROLE_LEADER);

	cn_stats s;
	CHECK_INT(cn_stats_by_level(db, t.commune, &s, &err), CN_OK);
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].units, 3);
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].teams, 3);
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].members, 4);

	CHECK_INT(cn_member_leave(db, m1, "01/02/2025", &err), CN_OK);
	cn_team tm;
	CHECK_INT(cn_team_get(db, team2, &tm, &err), CN_OK);
	free(tm.dissolved);
	tm.dissolved = cn_strdup("15/03/2025");
	CHECK_INT(cn_team_update(db, &tm, &err), CN_OK);
	cn_team_clear(&tm);
	CHECK_INT(cn_unit_close(db, v3, "2025-06-30", &err), CN_OK);

	CHECK_INT(cn_stats_by_level(db, t.commune, &s, &err), CN_OK);
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].units, 2);           /* Ấp 3 closed */
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].units_with_team, 1); /* Ấp 2's team dissolved */
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].teams, 1);
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].members, 1);          /* A left */
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].leaders, 0);
	CHECK_INT(s.total.members, 1);
	CHECK(cn_counts_coverage(&s.level[CN_LEVEL_VILLAGE]) == 0.5);
	char *line = cn_stats_sentence(&s);
	CHECK_STR(line, "1 tổ với 1 thành viên: 1 tổ cấp thôn (1 thành viên); 1/2 thôn có tổ (50%)");
	free(line);

	/* The by-child cursor skips the closed village entirely. */
	cn_stats_cursor *c = cn_stats_children_open(db, t.commune, &err);
	cn_stats_child row;
	int n = 0;
	while (cn_stats_children_next(c, &row, &err) == 1)
		n++;
	cn_stats_children_close(c);
	CHECK_INT(n, 3); /* the commune itself, Ấp 1, Ấp 2 */
	cn_db_close(db);
}

TEST(stats_post_2025_tree_has_no_district_level)
{
	cn_db *db = fx_open();
	long long p = fx_unit(db, "96", "Tỉnh Cà Mau", "Tỉnh", 0);
	long long c = fx_unit(db, "31891", "Xã Hòa Bình", "Xã", p);
	long long v = fx_unit(db, "", "Ấp 1", "Ấp", c);
	fx_unit(db, "", "Ấp 2", "Ấp", c);
	fx_member(db, fx_team(db, c), "Nguyễn Văn A", CN_ROLE_LEADER);
	fx_member(db, fx_team(db, v), "Trần Văn B", CN_ROLE_LEADER);
	fx_member(db, fx_team(db, v), "Lê Thị C", CN_ROLE_LEADER); /* a second team in one village */
	cn_stats s;
	cn_error err = {0};
	CHECK_INT(cn_stats_by_level(db, p, &s, &err), CN_OK);
	CHECK_INT(s.level[CN_LEVEL_DISTRICT].units, 0);
	CHECK_INT(s.level[CN_LEVEL_COMMUNE].units, 1);
	CHECK_INT(s.level[CN_LEVEL_COMMUNE].teams, 1);
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].units, 2);
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].units_with_team, 1);
	CHECK_INT(s.level[CN_LEVEL_VILLAGE].teams, 2);
	CHECK_INT(s.total.members, 3);
	char *line = cn_stats_sentence(&s);
	CHECK_STR(line, "3 tổ với 3 thành viên: 1 tổ cấp xã (1 thành viên), 2 tổ cấp thôn (2); "
			"1/2 thôn có tổ (50%)");
	free(line);
	cn_db_close(db);
}

TEST(stats_unknown_unit_is_an_error)
{
	cn_db *db = fx_open();
	cn_stats s;
	cn_error err = {0};
	CHECK_INT(cn_stats_by_level(db, 999, &s, &err), CN_ENOTFOUND);
	CHECK(cn_stats_children_open(db, 999, &err) == NULL);
	/* An empty database gives zeros, not an error. */
	CHECK_INT(cn_stats_by_level(db, 0, &s, &err), CN_OK);
	CHECK_INT(s.total.units, 0);
	char *line = cn_stats_sentence(&s);
	CHECK_STR(line, "0 tổ với 0 thành viên");
	free(line);
	cn_db_close(db);
}

/* Plans of the statements the stats module really prepared (found on the
 * connection after use): the subtree comes from the unit_path range, teams
 * and members through their indexes, never a scan of a whole table. */
TEST(stats_queries_use_the_indexes)
{
	struct field_example fx;
	cn_db *db = field_db(&fx);
	cn_stats s;
	cn_error err = {0};
	CHECK_INT(cn_stats_by_level(db, fx.district, &s, &err), CN_OK);
	cn_stats_cursor *c = cn_stats_children_open(db, fx.district, &err);
	cn_stats_children_close(c);
	sqlite3 *sq = cn_db_sqlite(db);
	int checked = 0;
	for (sqlite3_stmt *st = sqlite3_next_stmt(sq, NULL); st; st = sqlite3_next_stmt(sq, st)) {
		const char *sql = sqlite3_sql(st);
		if (!strstr(sql, "LEFT JOIN member m"))
			continue;
		char *explain = cn_sprintf("EXPLAIN QUERY PLAN %s", sql);
		sqlite3_stmt *ex;
		CHECK_INT(sqlite3_prepare_v2(sq, explain, -1, &ex, NULL), SQLITE_OK);
		cn_buf plan = {0};
		while (sqlite3_step(ex) == SQLITE_ROW) {
			cn_buf_adds(&plan, (const char *)sqlite3_column_text(ex, 3));
			cn_buf_addc(&plan, '\n');
		}
		sqlite3_finalize(ex);
		free(explain);
		CHECK_HAS(cn_buf_str(&plan), "SEARCH u USING INDEX unit_path (path>? AND path<?)");
		CHECK_HAS(cn_buf_str(&plan), "SEARCH t USING INDEX team_unit (unit_id=?)");
		/* member_team, or member_active_team (0005) which holds only the active. */
		CHECK_HAS(cn_buf_str(&plan), "SEARCH m USING INDEX member_");
		if (strstr(cn_buf_str(&plan), "SCAN u") || strstr(cn_buf_str(&plan), "SCAN t") ||
		    strstr(cn_buf_str(&plan), "SCAN m"))
			t_fail(__FILE__, __LINE__, "full scan in:\n%s", cn_buf_str(&plan));
		cn_buf_free(&plan);
		checked++;
	}
	CHECK_INT(checked, 2);
	cn_db_close(db);
}

TEST(number_and_percent_texts)
{
	char b[CN_NUM_TEXT_LEN];
	cn_count_text(0, b);
	CHECK_STR(b, "0");
	cn_count_text(542, b);
	CHECK_STR(b, "542");
	cn_count_text(600000, b);
	CHECK_STR(b, "600.000");
	cn_count_text(1234567, b);
	CHECK_STR(b, "1.234.567");
	cn_count_text(-1500, b);
	CHECK_STR(b, "-1.500");
	cn_percent_text(1.0, b);
	CHECK_STR(b, "100%");
	cn_percent_text(67.0 / 68.0, b);
	CHECK_STR(b, "98,5%");
	cn_percent_text(0, b);
	CHECK_STR(b, "0%");
	cn_percent_text(-1, b);
	CHECK_STR(b, "–");
}
