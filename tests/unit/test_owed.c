/* The rules behind figures an official signs: today (CNSCD_TODAY), when a
 * month's report is owed, how stocks add up over time, who is named. */
#include <stdlib.h>

#include "cnscd/approval.h"
#include "cnscd/people.h"
#include "cnscd/results.h"
#include "cnscd/settings.h"
#include "cnscd/today.h"
#include "cnscd/validate.h"
#include "fixture.h"
#include "import_check.h"

static void set_today(const char *day)
{
	setenv(CN_TODAY_ENV, day, 1);
}

TEST(today_is_the_day_cnscd_today_gives)
{
	cn_error err = {0};
	char iso[CN_ISO_DATE_LEN], date[CN_DATE_LEN];
	set_today("03/12/2026");
	CHECK_INT(cn_today_check(&err), CN_OK);
	cn_today_iso(iso);
	CHECK_STR(iso, "2026-12-03");
	cn_date_today(date);
	CHECK_STR(date, "2026-12-03");
	struct tm tm;
	cn_today_tm(&tm);
	CHECK_INT(tm.tm_year + 1900, 2026);
	CHECK_INT(tm.tm_mday, 3);
	char now[32];
	cn_now_iso(now);
	CHECK(strncmp(now, "2026-12-0", 9) == 0); /* the 3rd local is the 2nd or 3rd UTC */
	set_today("2027-01-05");
	cn_today_iso(iso);
	CHECK_STR(iso, "2027-01-05");
	/* A day that does not exist is refused, and today stays the clock's. */
	set_today("31/02/2026");
	CHECK_INT(cn_today_check(&err), CN_EINVAL);
	CHECK_HAS(err.msg, "CNSCD_TODAY=«31/02/2026» không phải một ngày có thật dạng dd/mm/yyyy");
	cn_today_iso(iso);
	CHECK(strcmp(iso, "2026-02-31") != 0 && strcmp(iso, "2026-03-03") != 0);
	unsetenv(CN_TODAY_ENV);
	CHECK_INT(cn_today_check(&err), CN_OK);
	time_t t = time(NULL);
	struct tm real;
	localtime_r(&t, &real);
	char want[CN_ISO_DATE_LEN];
	strftime(want, sizeof want, "%Y-%m-%d", &real);
	cn_today_iso(iso);
	CHECK_STR(iso, want);
}

TEST(a_month_is_owed_once_its_deadline_has_passed)
{
	char d[CN_ISO_DATE_LEN], m[8];
	cn_month_deadline("2026-11", 5, d);
	CHECK_STR(d, "2026-12-05");
	cn_month_deadline("2026-12", 5, d);
	CHECK_STR(d, "2027-01-05");
	cn_month_deadline("2028-02", 0, d);
	CHECK_STR(d, "2028-02-29");
	set_today("05/12/2026"); /* the deadline itself: still on time */
	CHECK(!cn_month_owed("2026-11", 5));
	CHECK(cn_month_owed("2026-10", 5));
	cn_last_owed_month(5, m);
	CHECK_STR(m, "2026-10");
	set_today("06/12/2026");
	CHECK(cn_month_owed("2026-11", 5));
	CHECK(!cn_month_owed("2026-12", 5)); /* the current month never is */
	cn_last_owed_month(5, m);
	CHECK_STR(m, "2026-11");
	set_today("03/01/2027");
	cn_last_owed_month(5, m);
	CHECK_STR(m, "2026-11");
	cn_last_owed_month(0, m);
	CHECK_STR(m, "2026-12");
}

static void submit_on(cn_db *db, long long team, const char *period, const char *day)
{
	set_today(day);
	fx_report(db, team, period, 1, 1, true);
}

static cn_month_report_rate rate_on(cn_db *db, long long unit, const char *day)
{
	set_today(day);
	cn_month_report_rate r = {0};
	cn_error err = {0};
	if (cn_reporting_rate(db, unit, "2026-10", "2026-12", 5, &r, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "rate: %s", err.msg);
	return r;
}

TEST(reports_owed_follow_deadlines_and_team_lifetimes)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	cn_error err = {0};
	/* A: established 10/11 (owes November on); B: dissolved 20/10 (owes
	 * October only); C: all along. */
	long long a = fx_team(db, fx_unit(db, "", "Ấp 1", "Ấp", t.commune));
	long long b = fx_team(db, fx_unit(db, "", "Ấp 2", "Ấp", t.commune));
	long long c = fx_team(db, fx_unit(db, "", "Ấp 3", "Ấp", t.commune));
	cn_db_exec(db, "UPDATE team SET established = '2026-11-10' WHERE name LIKE '%Ấp 1'", &err);
	cn_db_exec(db, "UPDATE team SET dissolved = '2026-10-20' WHERE name LIKE '%Ấp 2'", &err);
	submit_on(db, b, "2026-10", "06/11/2026");  /* a day late */
	submit_on(db, c, "2026-10", "05/11/2026");  /* on the deadline */
	submit_on(db, a, "2026-11", "04/12/2026");  /* early for November */
	submit_on(db, c, "2026-12", "31/12/2026");  /* December, long before its deadline */

	/* 03/12: only October is owed (B and C); November is not yet due. */
	cn_month_report_rate r = rate_on(db, t.commune, "03/12/2026");
	CHECK_INT(r.expected, 2);
	CHECK_INT(r.submitted, 2);
	CHECK_INT(r.on_time, 1);
	/* 05/12 is November's deadline: still not owed. */
	CHECK_INT(rate_on(db, t.commune, "05/12/2026").expected, 2);
	/* 06/12: November too (A and C, not B): A sent it on time, C not at all. */
	r = rate_on(db, t.commune, "06/12/2026");
	CHECK_INT(r.expected, 4);
	CHECK_INT(r.submitted, 3);
	CHECK_INT(r.on_time, 2);
	/* 06/01/2027: December too; C sent it on time, A not. */
	r = rate_on(db, t.commune, "06/01/2027");
	CHECK_INT(r.expected, 6);
	CHECK_INT(r.submitted, 4);
	CHECK_INT(r.on_time, 3);
	cn_db_close(db);
}

static int count_child(const cn_approval *a, void *ctx)
{
	(void)a;
	(*(int *)ctx)++;
	return 0;
}

static int keep_state(const cn_approval *a, void *ctx)
{
	*(cn_approval *)ctx = *a;
	((cn_approval *)ctx)->unit_name = NULL;
	((cn_approval *)ctx)->unit_code = NULL;
	((cn_approval *)ctx)->approved_by = NULL;
	((cn_approval *)ctx)->approved_at = NULL;
	return 0;
}

TEST(a_unit_without_teams_owes_nothing_and_needs_no_approval)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long empty = fx_unit(db, "31924", "Xã Vĩnh Mỹ B", "Xã", t.district);
	fx_unit(db, "", "Ấp 9", "Ấp", empty);
	long long team = fx_team(db, t.commune);
	set_today("20/11/2026");
	fx_report(db, team, "2026-10", 1, 1, true);
	cn_error err = {0};
	int children = 0;
	CHECK_INT(cn_approval_children(db, t.district, "2026-10", count_child, &children, &err), CN_OK);
	CHECK_INT(children, 1);
	cn_approval s = {0};
	CHECK_INT(cn_approval_status(db, empty, "2026-10", keep_state, &s, &err), CN_OK);
	CHECK_INT(s.state, CN_APPROVAL_NONE);
	CHECK_STR(cn_approval_state_name(s.state), "Không phải duyệt");
	CHECK_INT(cn_approval_approve(db, empty, "2026-10", "Cán bộ huyện", &err), CN_EINVAL);
	CHECK_HAS(err.msg, "không có tổ nào thuộc đơn vị phải báo cáo");
	cn_month_report_rate r;
	CHECK_INT(cn_reporting_rate(db, empty, "2026-01", "2026-10", 5, &r, &err), CN_OK);
	CHECK_INT(r.expected, 0);
	/* The district waits only for the commune with a team. */
	CHECK_INT(cn_approval_approve(db, t.commune, "2026-10", "Cán bộ huyện", &err), CN_OK);
	CHECK_INT(cn_approval_approve(db, t.district, "2026-10", "Cán bộ tỉnh", &err), CN_OK);
	/* A team established in December does not make November approvable. */
	cn_db_exec(db, "UPDATE team SET established = '2026-12-01'", &err);
	CHECK_INT(cn_approval_status(db, t.commune, "2026-11", keep_state, &s, &err), CN_OK);
	CHECK_INT(s.state, CN_APPROVAL_NONE);
	cn_db_close(db);
}

/* --- Stocks and flows ------------------------------------------------------ */

struct figures {
	long long ind;
	long long total;
	long long per[4];
	long long ids[4];
};

static void add_per(struct figures *f, long long id, long long value)
{
	f->total += value;
	for (int i = 0; i < 4; i++)
		if (f->ids[i] == id)
			f->per[i] += value;
}

static int on_rollup(const cn_rollup *r, void *ctx)
{
	struct figures *f = ctx;
	if (r->indicator->id == f->ind)
		f->total += r->value;
	return 0;
}

static int on_child(const cn_child_figure *c, void *ctx)
{
	struct figures *f = ctx;
	if (c->indicator_id == f->ind)
		add_per(f, c->unit_id, c->value);
	return 0;
}

static int on_team(const cn_team_figure *c, void *ctx)
{
	struct figures *f = ctx;
	if (c->indicator_id == f->ind)
		add_per(f, c->team_id, c->value);
	return 0;
}

static int on_member(const cn_member_figure *c, void *ctx)
{
	struct figures *f = ctx;
	if (c->indicator_id == f->ind)
		add_per(f, c->member_id, c->value);
	return 0;
}

static int on_level(const cn_level_figure *c, void *ctx)
{
	struct figures *f = ctx;
	if (c->indicator_id == f->ind)
		add_per(f, c->level, c->value);
	return 0;
}

static long long put(cn_db *db, long long team, const char *period, long long ind, long long member, long long v,
		     bool submit)
{
	cn_error err = {0};
	long long id = 0;
	if (cn_month_report_open(db, team, period, true, &id, NULL, &err) != CN_OK ||
	    cn_result_set(db, id, ind, member, v, &err) != CN_OK ||
	    (submit && cn_month_report_submit(db, id, "Lê Thị Lập", &err) != CN_OK))
		t_fail(__FILE__, __LINE__, "%s: %s", period, err.msg);
	return id;
}

TEST(a_stock_is_its_latest_month_a_flow_the_sum_over_a_quarter_with_a_missed_month)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	cn_error err = {0};
	long long smart = cn_indicator_id_by_code(db, "HO_SMARTPHONE");
	long long guided = cn_indicator_id_by_code(db, "HO_HUONG_DAN");
	cn_indicator ind;
	CHECK_INT(cn_indicator_get(db, smart, &ind, &err), CN_OK);
	CHECK_INT(ind.aggregate, CN_AGG_LAST);
	CHECK_STR(cn_aggregate_name(ind.aggregate), "số cuối kỳ");
	cn_indicator_clear(&ind);
	CHECK_INT(cn_indicator_get(db, guided, &ind, &err), CN_OK);
	CHECK_INT(ind.aggregate, CN_AGG_SUM);
	cn_indicator_clear(&ind);

	long long v1 = fx_unit(db, "", "Ấp 1", "Ấp", t.commune), v2 = fx_unit(db, "", "Ấp 2", "Ấp", t.commune);
	long long t1 = fx_team(db, v1), t2 = fx_team(db, v2), t3 = fx_team(db, t.commune);
	/* Team 1: October 180/10, November 182/12, December missed (a draft). */
	put(db, t1, "2026-10", smart, 0, 180, false);
	put(db, t1, "2026-10", guided, 0, 10, true);
	put(db, t1, "2026-11", smart, 0, 182, false);
	put(db, t1, "2026-11", guided, 0, 12, true);
	put(db, t1, "2026-12", smart, 0, 190, false);
	/* Team 2: October 50/5, November missed, December gives only the flow:
	 * its stock is October's, the latest it reported. */
	put(db, t2, "2026-10", smart, 0, 50, false);
	put(db, t2, "2026-10", guided, 0, 5, true);
	put(db, t2, "2026-12", guided, 0, 7, true);
	/* Team 3 splits the stock by member: October a 3 + b 4, November a 5. */
	long long a = fx_member(db, t3, "Lê Văn A", CN_ROLE_MEMBER), b = fx_member(db, t3, "Trần Thị B", CN_ROLE_MEMBER);
	put(db, t3, "2026-10", smart, a, 3, false);
	put(db, t3, "2026-10", smart, b, 4, true);
	put(db, t3, "2026-11", smart, a, 5, true);

	struct figures s = {.ind = smart}, g = {.ind = guided};
	CHECK_INT(cn_results_rollup(db, t.province, "2026-10", "2026-12", false, on_rollup, &s, &err), CN_OK);
	CHECK_INT(cn_results_rollup(db, t.province, "2026-10", "2026-12", false, on_rollup, &g, &err), CN_OK);
	CHECK_INT(s.total, 182 + 50 + 5);
	CHECK_INT(g.total, 10 + 12 + 5 + 7);
	/* One month: that month's value, for stocks and flows alike. */
	s.total = 0;
	CHECK_INT(cn_results_rollup(db, t.commune, "2026-10", "2026-10", false, on_rollup, &s, &err), CN_OK);
	CHECK_INT(s.total, 180 + 50 + 7);
	/* With drafts, team 1's December draft is its latest. */
	s.total = 0;
	CHECK_INT(cn_results_rollup(db, t.commune, "2026-10", "2026-12", true, on_rollup, &s, &err), CN_OK);
	CHECK_INT(s.total, 190 + 50 + 5);

	/* Every drill-down adds up to the same figure. */
	struct figures ch = {.ind = smart, .ids = {v1, v2, t.commune}};
	CHECK_INT(cn_results_by_child(db, t.commune, "2026-10", "2026-12", false, on_child, &ch, &err), CN_OK);
	CHECK_INT(ch.total, 237);
	CHECK_INT(ch.per[0], 182);
	CHECK_INT(ch.per[1], 50);
	CHECK_INT(ch.per[2], 5);
	struct figures tm = {.ind = smart, .ids = {t3}};
	CHECK_INT(cn_results_by_team(db, t.commune, "2026-10", "2026-12", false, on_team, &tm, &err), CN_OK);
	CHECK_INT(tm.total, 5);
	struct figures mb = {.ind = smart, .ids = {a, b}};
	CHECK_INT(cn_results_by_member(db, t3, "2026-10", "2026-12", false, on_member, &mb, &err), CN_OK);
	CHECK_INT(mb.total, 5);
	CHECK_INT(mb.per[0], 5);
	CHECK_INT(mb.per[1], 0);
	struct figures lv = {.ind = smart, .ids = {CN_LEVEL_COMMUNE, CN_LEVEL_VILLAGE}};
	CHECK_INT(cn_results_by_level(db, t.province, "2026-10", "2026-12", false, on_level, &lv, &err), CN_OK);
	CHECK_INT(lv.per[0], 5);
	CHECK_INT(lv.per[1], 232);
	struct figures fl = {.ind = guided, .ids = {v1, v2}};
	CHECK_INT(cn_results_by_child(db, t.commune, "2026-10", "2026-12", false, on_child, &fl, &err), CN_OK);
	CHECK_INT(fl.per[0], 22);
	CHECK_INT(fl.per[1], 12);

	/* A target of a stock is compared with the end of the period. */
	CHECK_INT(cn_target_set(db, t.commune, smart, "2026-01", "2026-12", 300, &err), CN_OK);
	CHECK_INT(cn_target_get(db, t.commune, smart, "2026-10", "2026-12"), 300);

	/* Changing the kind changes the figure at once. */
	CHECK_INT(cn_indicator_set_aggregate(db, smart, CN_AGG_SUM, &err), CN_OK);
	s.total = 0;
	CHECK_INT(cn_results_rollup(db, t.commune, "2026-10", "2026-12", false, on_rollup, &s, &err), CN_OK);
	CHECK_INT(s.total, 180 + 182 + 50 + 7 + 5);
	int kind = -1;
	CHECK_INT(cn_parse_aggregate("Số cuối kỳ", &kind, &err), CN_OK);
	CHECK_INT(kind, CN_AGG_LAST);
	CHECK_INT(cn_parse_aggregate("sum", &kind, &err), CN_OK);
	CHECK_INT(kind, CN_AGG_SUM);
	CHECK_INT(cn_parse_aggregate("average", &kind, &err), CN_EINVAL);
	cn_db_close(db);
}

/* --- Named people ------------------------------------------------------------ */

TEST(only_a_persons_name_is_recorded)
{
	cn_error err = {0};
	char *name = NULL;
	const char *login = getenv("USER");
	const char *refused[] = {"", "   ", "?", "root", "ROOT", "admin", "x", "nguyenvana", "lap.lt", "123", login};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		if (!refused[i])
			continue;
		if (cn_person_check(refused[i], &name, &err) != CN_EINVAL)
			t_fail(__FILE__, __LINE__, "«%s» was taken for a person", refused[i]);
		CHECK_STR(err.field, "by");
	}
	CHECK_INT(cn_person_check("  Lê Thị Lập ", &name, &err), CN_OK);
	CHECK_STR(name, "Lê Thị Lập");
	free(name);
	CHECK_INT(cn_person_check("Lap", &name, &err), CN_OK);
	free(name);

	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	long long id = 0;
	cn_month_report_open(db, team, "2026-10", true, &id, NULL, &err);
	CHECK_INT(cn_month_report_submit(db, id, "root", &err), CN_EINVAL);
	CHECK_INT(cn_month_report_submit(db, id, NULL, &err), CN_EINVAL);
	CHECK_INT(cn_month_report_put(db, team, "2026-10", NULL, 0, true, "?", NULL, &err), CN_EINVAL);
	CHECK_INT(cn_approval_approve(db, t.commune, "2026-10", "", &err), CN_EINVAL);
	int status = -1;
	cn_month_report_open(db, team, "2026-10", false, &id, &status, &err);
	CHECK_INT(status, CN_MONTH_REPORT_DRAFT);

	/* The settings: the preparer submits, the signer approves, each
	 * standing in for the other. */
	CHECK(cn_person_default(db, CN_ACT_SUBMIT) == NULL);
	CHECK_INT(cn_person_for(db, CN_ACT_APPROVE, NULL, &name, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "signer_name");
	CHECK_INT(cn_setting_put(db, "preparer_name", "Lê Thị Lập", &err), CN_OK);
	name = cn_person_default(db, CN_ACT_APPROVE);
	CHECK_STR(name, "Lê Thị Lập");
	free(name);
	CHECK_INT(cn_setting_put(db, "signer_name", "Nguyễn Văn Ký", &err), CN_OK);
	name = cn_person_default(db, CN_ACT_APPROVE);
	CHECK_STR(name, "Nguyễn Văn Ký");
	free(name);
	name = cn_person_default(db, CN_ACT_SUBMIT);
	CHECK_STR(name, "Lê Thị Lập");
	free(name);
	CHECK_INT(cn_person_for(db, CN_ACT_SUBMIT, "Trần Văn Bình", &name, &err), CN_OK);
	CHECK_STR(name, "Trần Văn Bình");
	free(name);
	/* A login name in the settings is no person either. */
	CHECK_INT(cn_setting_put(db, "preparer_name", "root", &err), CN_OK);
	name = cn_person_default(db, CN_ACT_SUBMIT);
	CHECK_STR(name, "Nguyễn Văn Ký");
	free(name);
	CHECK_INT(cn_month_report_submit(db, id, "Lê Thị Lập", &err), CN_OK);
	CHECK_INT(count(db, "SELECT count(*) FROM report WHERE submitted_by = 'Lê Thị Lập'"), 1);
	cn_db_close(db);
}

TEST(a_unit_is_named_in_official_prose)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long village = fx_unit(db, "", "Ấp 3", "Ấp", t.commune);
	char *s = cn_unit_prose(db, t.district);
	CHECK_STR(s, "huyện Hoà Bình, tỉnh Bạc Liêu");
	free(s);
	s = cn_unit_prose(db, village);
	CHECK_STR(s, "ấp 3, xã Vĩnh Mỹ A, huyện Hoà Bình, tỉnh Bạc Liêu");
	free(s);
	/* Since July 2025: no district; a city at the top keeps its kind. */
	long long camau = fx_unit(db, "96", "Tỉnh Cà Mau", "Tỉnh", 0);
	long long hoa_binh = fx_unit(db, "32017", "Xã Hòa Bình", "Xã", camau);
	s = cn_unit_prose(db, hoa_binh);
	CHECK_STR(s, "xã Hòa Bình, tỉnh Cà Mau");
	free(s);
	long long hcm = fx_unit(db, "79", "Thành phố Hồ Chí Minh", "Thành phố Trung ương", 0);
	long long ward = fx_unit(db, "26734", "Phường Sài Gòn", "Phường", hcm);
	s = cn_unit_prose(db, ward);
	CHECK_STR(s, "phường Sài Gòn, thành phố Hồ Chí Minh");
	free(s);
	long long zone = fx_unit(db, "", "Đặc khu Phú Quốc", "Đặc khu", camau);
	s = cn_unit_prose(db, zone);
	CHECK_STR(s, "đặc khu Phú Quốc, tỉnh Cà Mau");
	free(s);
	s = cn_unit_prose(db, 999999);
	CHECK_STR(s, "");
	free(s);
	cn_db_close(db);
}
