#include <stdlib.h>

#include "cnscd/results.h"
#include "fixture.h"

struct sums {
	long long vneid, shops, vneid_target;
	int count;
};

static int collect(const cn_rollup *r, void *ctx)
{
	struct sums *s = ctx;
	s->count++;
	if (strcmp(r->indicator->code, "VNEID_MUC2") == 0) {
		s->vneid = r->value;
		s->vneid_target = r->target;
	}
	if (strcmp(r->indicator->code, "CUA_HANG_SO") == 0)
		s->shops = r->value;
	return 0;
}

static struct sums rollup(cn_db *db, long long unit, const char *from, const char *to, bool drafts)
{
	struct sums s = {0};
	cn_error err = {0};
	if (cn_results_rollup(db, unit, from, to, drafts, collect, &s, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "rollup: %s", err.msg);
	return s;
}

TEST(default_indicators_are_shipped)
{
	cn_db *db = fx_open();
	struct sums s = rollup(db, 0, "2026-01", "2026-01", false);
	CHECK(s.count >= 11);
	CHECK(cn_indicator_id_by_code(db, "vneid_muc2") > 0);
	cn_error err = {0};
	long long id;
	CHECK_INT(cn_indicator_add(db, "so hoa", "Sai mã", "", &id, &err), CN_EINVAL);
	CHECK_INT(cn_indicator_add(db, "ZALO_OA", "Tài khoản Zalo OA", "tài khoản", &id, &err), CN_OK);
	CHECK_INT(cn_indicator_add(db, "zalo_oa", "Trùng", "", &id, &err), CN_EEXIST);
	cn_db_close(db);
}

TEST(results_roll_up_three_levels_as_the_sum_of_teams)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long c2 = fx_unit(db, "31880", "Xã Minh Diệu", "Xã", t.district);
	long long v1 = fx_unit(db, "", "Ấp 1", "Ấp", t.commune);
	long long v2 = fx_unit(db, "", "Ấp 2", "Ấp", c2);
	long long teams[] = {fx_team(db, t.district), fx_team(db, t.commune), fx_team(db, c2), fx_team(db, v1),
			     fx_team(db, v2)};
	long long vneid[] = {3, 40, 25, 120, 95}, shops[] = {0, 4, 2, 11, 9};
	long long sum_v = 0, sum_s = 0;
	for (int i = 0; i < 5; i++) {
		fx_report(db, teams[i], "2026-10", vneid[i], shops[i], true);
		sum_v += vneid[i];
		sum_s += shops[i];
	}
	/* A draft does not count until it is submitted. */
	fx_report(db, teams[3], "2026-11", 1000, 1000, false);
	struct sums s = rollup(db, t.province, "2026-10", "2026-11", false);
	CHECK_INT(s.vneid, sum_v);
	CHECK_INT(s.shops, sum_s);
	s = rollup(db, t.commune, "2026-10", "2026-10", false);
	CHECK_INT(s.vneid, 40 + 120);
	s = rollup(db, v2, "2026-10", "2026-10", false);
	CHECK_INT(s.vneid, 95);
	s = rollup(db, t.province, "2026-10", "2026-11", true);
	CHECK_INT(s.vneid, sum_v + 1000);
	cn_db_close(db);
}

TEST(member_split_sums_to_the_team_figure)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	long long a = fx_member(db, team, "A", CN_ROLE_MEMBER), b = fx_member(db, team, "B", CN_ROLE_MEMBER);
	cn_error err = {0};
	long long r, ind = cn_indicator_id_by_code(db, "VNEID_MUC2");
	cn_month_report_open(db, team, "2026-10", true, &r, NULL, &err);
	CHECK_INT(cn_result_set(db, r, ind, 0, 999, &err), CN_OK);
	CHECK_INT(cn_result_set(db, r, ind, a, 7, &err), CN_OK);
	CHECK_INT(cn_result_set(db, r, ind, b, 5, &err), CN_OK);
	CHECK_INT(cn_result_set(db, r, ind, b, 6, &err), CN_OK);
	CHECK_INT(cn_result_get(db, r, ind, b), 6);
	cn_month_report_submit(db, r, "Cán bộ xã", &err);
	CHECK_INT(rollup(db, t.province, "2026-10", "2026-10", false).vneid, 13);
	cn_db_close(db);
}

TEST(submitted_reports_are_locked_until_reopened_and_that_is_logged)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	long long r = fx_report(db, team, "2026-10", 5, 1, true);
	cn_error err = {0};
	long long ind = cn_indicator_id_by_code(db, "VNEID_MUC2");
	CHECK_INT(cn_result_set(db, r, ind, 0, 6, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "mở lại");
	CHECK_INT(cn_month_report_reopen(db, r, "Cán bộ huyện", "Sai số liệu VNeID", &err), CN_OK);
	CHECK_INT(cn_result_set(db, r, ind, 0, 6, &err), CN_OK);
	CHECK_INT(cn_month_report_reopen(db, r, "Cán bộ xã", NULL, &err), CN_EINVAL);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT group_concat(action || ':' || coalesce(note, ''), ',') FROM "
				"(SELECT * FROM report_log ORDER BY id)", -1, &st, NULL);
	sqlite3_step(st);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "submit:,reopen:Sai số liệu VNeID");
	sqlite3_finalize(st);
	CHECK_INT(cn_month_report_open(db, team, "2026-13", true, &r, NULL, &err), CN_EINVAL);
	cn_db_close(db);
}

TEST(reporting_rate_counts_missing_and_late_teams)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long v[4];
	for (int i = 0; i < 4; i++) {
		v[i] = fx_unit(db, "", "Ấp", "Ấp", t.commune);
		fx_team(db, v[i]);
	}
	/* Teams 1..3 report for 2026-10; team 3 late; team 4 not at all. */
	cn_error err = {0};
	for (int i = 0; i < 3; i++)
		fx_report(db, cn_team_default_for_unit(db, v[i], false, &err), "2026-10", 1, 1, true);
	/* Due 5 days after the month: 05/11 (Vietnam time) is on time. */
	cn_db_exec(db, "UPDATE report SET submitted_at = '2026-11-05T09:00:00.000Z'", &err);
	cn_db_exec(db, "UPDATE report SET submitted_at = '2026-11-20T03:00:00.000Z' "
		       "WHERE id = (SELECT max(id) FROM report)", &err);
	cn_month_report_rate rate;
	CHECK_INT(cn_reporting_rate(db, t.commune, "2026-10", "2026-10", 5, &rate, &err), CN_OK);
	CHECK_INT(rate.expected, 4);
	CHECK_INT(rate.submitted, 3);
	CHECK_INT(rate.on_time, 2);
	/* A team dissolved before November is not expected then. */
	cn_db_exec(db, "UPDATE team SET dissolved = '2026-10-15' WHERE id = (SELECT max(id) FROM team)", &err);
	CHECK_INT(cn_reporting_rate(db, t.commune, "2026-10", "2026-11", 5, &rate, &err), CN_OK);
	CHECK_INT(rate.expected, 4 + 3);
	cn_db_close(db);
}

TEST(targets_are_shown_beside_the_value)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	cn_error err = {0};
	long long ind = cn_indicator_id_by_code(db, "VNEID_MUC2");
	CHECK_INT(cn_target_set(db, t.district, ind, "2026-01", "2026-12", 5000, &err), CN_OK);
	CHECK_INT(cn_target_set(db, t.district, ind, "2026-01", "2026-12", 6000, &err), CN_OK);
	CHECK_INT(rollup(db, t.district, "2026-01", "2026-12", false).vneid_target, 6000);
	CHECK_INT(rollup(db, t.district, "2025-01", "2025-12", false).vneid_target, -1);
	CHECK_INT(cn_target_set(db, t.district, ind, "2026-12", "2026-01", 1, &err), CN_EINVAL);
	cn_db_close(db);
}

/* The rows of report R as "indicator:member:value;..." (members by name),
 * how many of them the audit log has seen inserted, and its status. (The
 * updates differ: value by value, a split indicator's team figure is
 * rewritten after each member's value, cn_month_report_put writes it once.) */
static char *report_rows(cn_db *db, long long r)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db),
		"SELECT group_concat(x, ';') FROM (SELECT i.code || ':' || coalesce(m.full_name, '-') || ':' || "
		"res.value AS x FROM result res JOIN indicator i ON i.id = res.indicator_id "
		"LEFT JOIN member m ON m.id = res.member_id WHERE res.report_id = ?1 ORDER BY 1) "
		"UNION ALL SELECT group_concat(action || ':' || n, ',') FROM (SELECT action, count(*) AS n FROM audit "
		"WHERE tbl = 'result' AND action = 'insert' AND row_id IN (SELECT id FROM result WHERE report_id = ?1) GROUP BY 1 ORDER BY 1) "
		"UNION ALL SELECT status || coalesce(submitted_by, '') FROM report WHERE id = ?1", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, r);
	cn_buf b = {0};
	while (sqlite3_step(st) == SQLITE_ROW)
		cn_buf_printf(&b, "%s|", sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	char *out = cn_strdup(cn_buf_str(&b));
	cn_buf_free(&b);
	return out;
}

TEST(report_put_gives_what_value_by_value_gives)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long one = fx_team(db, t.commune), two = fx_team(db, t.district);
	long long a1 = fx_member(db, one, "A", CN_ROLE_MEMBER), b1 = fx_member(db, one, "B", CN_ROLE_MEMBER);
	long long a2 = fx_member(db, two, "A", CN_ROLE_MEMBER), b2 = fx_member(db, two, "B", CN_ROLE_MEMBER);
	long long vn = cn_indicator_id_by_code(db, "VNEID_MUC2"), shop = cn_indicator_id_by_code(db, "CUA_HANG_SO");
	cn_error err = {0};
	/* Values of team one (members of team two alike): a team figure set
	 * twice, a split indicator with a change and a clear, a team figure
	 * cleared, and one made and cleared. */
	for (int round = 0; round < 2; round++) {
		long long a = round ? a2 : a1, b = round ? b2 : b1, team = round ? two : one;
		cn_month_report_value v[] = {{shop, 0, 4}, {vn, a, 7}, {vn, b, 5}, {shop, 0, 9}, {vn, b, 6},
				       {vn, a, -1}, {shop + 100, 0, -1}};
		int n = (int)CN_ARRAY_LEN(v);
		v[6].indicator_id = cn_indicator_id_by_code(db, "DVC_TRUC_TUYEN");
		/* On a new report, then on one that already holds values. */
		for (int pass = 0; pass < 2; pass++) {
			const char *month = pass ? "2026-11" : "2026-10";
			if (pass) {
				cn_month_report_value old[] = {{shop, 0, 1}, {v[6].indicator_id, 0, 3}, {vn, a, 2}};
				CHECK_INT(cn_month_report_put(db, team, month, old, 3, false, NULL, NULL, &err), CN_OK);
			}
			long long r, put = 0;
			CHECK_INT(cn_month_report_put(db, team, month, v, n, true, "Cán bộ xã", &put, &err), CN_OK);
			cn_month_report_open(db, team, month, false, &r, NULL, &err);
			CHECK_INT(put, r);
		}
	}
	/* The same by cn_result_set on fresh months of team one. */
	for (int pass = 0; pass < 2; pass++) {
		const char *month = pass ? "2025-11" : "2025-10", *batch = pass ? "2026-11" : "2026-10";
		long long r;
		cn_month_report_open(db, one, month, true, &r, NULL, &err);
		if (pass) {
			cn_result_set(db, r, shop, 0, 1, &err);
			cn_result_set(db, r, cn_indicator_id_by_code(db, "DVC_TRUC_TUYEN"), 0, 3, &err);
			cn_result_set(db, r, vn, a1, 2, &err);
		}
		cn_result_set(db, r, shop, 0, 4, &err);
		cn_result_set(db, r, vn, a1, 7, &err);
		cn_result_set(db, r, vn, b1, 5, &err);
		cn_result_set(db, r, shop, 0, 9, &err);
		cn_result_set(db, r, vn, b1, 6, &err);
		cn_result_set(db, r, vn, a1, -1, &err);
		cn_result_set(db, r, cn_indicator_id_by_code(db, "DVC_TRUC_TUYEN"), 0, -1, &err);
		CHECK_INT(cn_month_report_submit(db, r, "Cán bộ xã", &err), CN_OK);
		long long rb;
		cn_month_report_open(db, one, batch, false, &rb, NULL, &err);
		char *want = report_rows(db, r), *got = report_rows(db, rb);
		CHECK_STR(got, want);
		CHECK_HAS(got, "VNEID_MUC2:-:6");
		free(want);
		free(got);
	}
	cn_db_close(db);
}

TEST(report_put_refuses_a_whole_month_for_one_bad_value)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune), other = fx_team(db, t.district);
	long long a = fx_member(db, team, "A", CN_ROLE_MEMBER), stranger = fx_member(db, other, "C", CN_ROLE_MEMBER);
	long long vn = cn_indicator_id_by_code(db, "VNEID_MUC2"), shop = cn_indicator_id_by_code(db, "CUA_HANG_SO");
	cn_error err = {0};
	long long r = 0;
	cn_month_report_value split[] = {{shop, 0, 4}, {vn, a, 7}, {vn, 0, 9}};
	CHECK_INT(cn_month_report_put(db, team, "2026-10", split, 3, false, NULL, &r, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "từng thành viên");
	CHECK_INT(r, 0);
	cn_month_report_open(db, team, "2026-10", false, &r, NULL, &err);
	CHECK_INT(r, 0); /* not even the report */
	cn_month_report_value foreign[] = {{shop, 0, 4}, {vn, stranger, 7}};
	CHECK_INT(cn_month_report_put(db, team, "2026-10", foreign, 2, false, NULL, &r, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "không thuộc tổ");
	cn_month_report_value big[] = {{shop, 0, 2000000000LL}};
	CHECK_INT(cn_month_report_put(db, team, "2026-10", big, 1, false, NULL, &r, &err), CN_EINVAL);
	CHECK_INT(cn_month_report_put(db, team, "2026-13", split, 1, false, NULL, &r, &err), CN_EINVAL);
	CHECK_INT(cn_month_report_put(db, team, "2026-10", split, 2, true, "Cán bộ xã", &r, &err), CN_OK);
	CHECK_INT(cn_result_get(db, r, vn, 0), 7);
	CHECK_INT(cn_month_report_put(db, team, "2026-10", split, 1, false, NULL, &r, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "mở lại");
	CHECK_INT(cn_month_report_put(db, team, "2026-10", NULL, 0, true, "Cán bộ xã", &r, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "đã gửi rồi");
	CHECK_INT(cn_result_get(db, r, shop, 0), 4);
	cn_db_close(db);
}

TEST(report_put_writes_a_plain_new_month_as_value_by_value)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	long long a = fx_member(db, team, "A", CN_ROLE_MEMBER), b = fx_member(db, team, "B", CN_ROLE_MEMBER);
	long long vn = cn_indicator_id_by_code(db, "VNEID_MUC2"), shop = cn_indicator_id_by_code(db, "CUA_HANG_SO");
	cn_error err = {0};
	/* None cleared: the rows go in together (the one given twice at its
	 * first place, with its last value), the report is created submitted. */
	cn_month_report_value v[40] = {{shop, 0, 4}, {vn, a, 7}, {vn, b, 5}, {shop, 0, 9}};
	long long r, put;
	for (int pass = 0; pass < 2; pass++) {
		CHECK_INT(cn_month_report_put(db, team, pass ? "2026-11" : "2026-10", v, 4, pass, "Cán bộ xã", &put, &err),
			  CN_OK);
		cn_month_report_open(db, team, pass ? "2025-11" : "2025-10", true, &r, NULL, &err);
		for (int i = 0; i < 4; i++)
			CHECK_INT(cn_result_set(db, r, v[i].indicator_id, v[i].member_id, v[i].value, &err), CN_OK);
		if (pass)
			CHECK_INT(cn_month_report_submit(db, r, "Cán bộ xã", &err), CN_OK);
		char *want = report_rows(db, r), *got = report_rows(db, put);
		CHECK_STR(got, want);
		CHECK_HAS(got, pass ? "CUA_HANG_SO:-:9;VNEID_MUC2:-:12;VNEID_MUC2:A:7;VNEID_MUC2:B:5|insert:4|1Cán bộ xã"
				    : "|0|");
		free(want);
		free(got);
	}
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT (SELECT group_concat(action) FROM audit WHERE tbl = 'report' AND "
				"row_id = ?1), (SELECT group_concat(action || by) FROM report_log WHERE report_id = ?1)",
			   -1, &st, NULL);
	sqlite3_bind_int64(st, 1, put);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "insert");
	CHECK_STR((const char *)sqlite3_column_text(st, 1), "submitCán bộ xã");
	sqlite3_finalize(st);
	/* More rows than one statement takes: members' values only. */
	for (int i = 0; i < 40; i++)
		v[i] = (cn_month_report_value){i % 2 ? vn : shop, fx_member(db, team, "X", CN_ROLE_MEMBER), i};
	CHECK_INT(cn_month_report_put(db, team, "2026-12", v, 40, false, NULL, &put, &err), CN_OK);
	CHECK_INT(cn_result_get(db, put, vn, 0), 20 * 20);
	CHECK_INT(cn_result_get(db, put, shop, 0), 19 * 20);
	cn_db_close(db);
}
