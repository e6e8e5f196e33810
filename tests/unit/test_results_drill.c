/* Behind a figure: the team's total kept as its members' sum, and the
 * per-team and per-member queries the results view drills into, which
 * must add up to the figure above them. */
#include <stdlib.h>

#include "cnscd/results.h"
#include "fixture.h"

/* The sum of an indicator's figures over the calls, and how many calls. */
struct tally {
	long long indicator, sum;
	int calls;
	long long per_id[8]; /* by team or member, indexed as in ids */
	long long ids[8];
};

static void tally_add(struct tally *t, long long id, long long indicator, long long value)
{
	t->calls++;
	if (indicator != t->indicator)
		return;
	t->sum += value;
	for (int i = 0; i < 8; i++)
		if (t->ids[i] == id)
			t->per_id[i] += value;
}

static int on_self(const cn_child_figure *f, void *ctx)
{
	struct tally *t = ctx;
	if (f->is_self)
		tally_add(t, 0, f->indicator_id, f->value);
	return 0;
}

static int on_team(const cn_team_figure *f, void *ctx)
{
	tally_add(ctx, f->team_id, f->indicator_id, f->value);
	return 0;
}

static int on_member(const cn_member_figure *f, void *ctx)
{
	tally_add(ctx, f->member_id, f->indicator_id, f->value);
	return 0;
}

static int on_rate(const cn_team_rate *r, void *ctx)
{
	struct tally *t = ctx;
	t->calls++;
	for (int i = 0; i < 8; i++)
		if (t->ids[i] == r->team_id)
			t->per_id[i] = r->rate.submitted * 100 + r->rate.expected;
	return 0;
}

static long long set(cn_db *db, long long report, long long ind, long long member, long long value)
{
	cn_error err = {0};
	int rc = cn_result_set(db, report, ind, member, value, &err);
	if (rc != CN_OK)
		t_fail(__FILE__, __LINE__, "set %lld: %s", value, err.msg);
	return rc;
}

TEST(team_figure_is_kept_as_the_members_sum)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune), other = fx_team(db, t.district);
	long long a = fx_member(db, team, "Lê Văn A", CN_ROLE_MEMBER), b = fx_member(db, team, "Trần Thị B", CN_ROLE_LEADER);
	long long stranger = fx_member(db, other, "Người tổ khác", CN_ROLE_MEMBER);
	cn_error err = {0};
	long long r, ind = cn_indicator_id_by_code(db, "VNEID_MUC2");
	CHECK_INT(cn_month_report_open(db, team, "2026-10", true, &r, NULL, &err), CN_OK);
	set(db, r, ind, 0, 50);
	CHECK_INT(cn_result_get(db, r, ind, 0), 50);
	CHECK(!cn_result_split(db, r, ind));
	set(db, r, ind, a, 7);
	CHECK(cn_result_split(db, r, ind));
	CHECK_INT(cn_result_get(db, r, ind, 0), 7);
	set(db, r, ind, b, 5);
	CHECK_INT(cn_result_get(db, r, ind, 0), 12);
	/* The stored row itself holds the sum, not only the query. */
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT value FROM result WHERE member_id IS NULL", -1, &st, NULL);
	CHECK_INT(sqlite3_step(st), SQLITE_ROW);
	CHECK_INT(sqlite3_column_int64(st, 0), 12);
	sqlite3_finalize(st);
	/* The team's figure cannot be typed over its members'. */
	CHECK_INT(cn_result_set(db, r, ind, 0, 99, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "từng thành viên");
	CHECK_INT(cn_result_get(db, r, ind, 0), 12);
	/* Nor can a member of another team have figures here. */
	CHECK_INT(cn_result_set(db, r, ind, stranger, 3, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "không thuộc tổ");
	/* Clearing members: the sum follows, and goes with the last one. */
	set(db, r, ind, a, -1);
	CHECK_INT(cn_result_get(db, r, ind, 0), 5);
	set(db, r, ind, b, -1);
	CHECK_INT(cn_result_get(db, r, ind, 0), -1);
	CHECK(!cn_result_split(db, r, ind));
	set(db, r, ind, 0, 8);
	CHECK_INT(cn_result_get(db, r, ind, 0), 8);
	cn_db_close(db);
}

struct names {
	char text[200];
};

static int on_report_member(const cn_month_report_member *m, void *ctx)
{
	struct names *n = ctx;
	size_t len = strlen(n->text);
	snprintf(n->text + len, sizeof n->text - len, "%s%s%s", len ? "," : "", m->name, m->left ? "(rời)" : "");
	return 0;
}

TEST(grid_members_are_the_active_ones_and_those_with_figures)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	fx_member(db, team, "Lê Văn A", CN_ROLE_MEMBER);
	fx_member(db, team, "Trần Thị B", CN_ROLE_LEADER);
	long long c = fx_member(db, team, "Phạm C", CN_ROLE_MEMBER);
	long long d = fx_member(db, team, "Đỗ D", CN_ROLE_MEMBER);
	cn_error err = {0};
	long long r, ind = cn_indicator_id_by_code(db, "VNEID_MUC2");
	cn_month_report_open(db, team, "2026-10", true, &r, NULL, &err);
	set(db, r, ind, c, 4);
	CHECK_INT(cn_member_leave(db, c, "01/11/2026", &err), CN_OK);
	CHECK_INT(cn_member_leave(db, d, "01/11/2026", &err), CN_OK);
	struct names n = {""};
	CHECK_INT(cn_month_report_members(db, team, r, on_report_member, &n, &err), CN_OK);
	CHECK_STR(n.text, "Trần Thị B,Lê Văn A,Phạm C(rời)");
	n.text[0] = '\0';
	CHECK_INT(cn_month_report_members(db, team, 0, on_report_member, &n, &err), CN_OK);
	CHECK_STR(n.text, "Trần Thị B,Lê Văn A");
	cn_db_close(db);
}

TEST(teams_and_members_add_up_to_the_figure_above_them)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long v = fx_unit(db, "", "Ấp Chợ", "Ấp", t.commune);
	long long t1 = fx_team(db, v), t2 = fx_team(db, v), t3 = fx_team(db, v);
	long long below = fx_team(db, fx_unit(db, "", "Tổ dân phố", "Ấp", v)); /* not the village's own */
	long long a = fx_member(db, t1, "Lê Văn A", CN_ROLE_MEMBER), b = fx_member(db, t1, "Trần Thị B", CN_ROLE_LEADER);
	cn_error err = {0};
	long long ind = cn_indicator_id_by_code(db, "VNEID_MUC2");
	/* Team 1 splits October by member and not November; team 2 reports
	 * both months; team 3 only a draft; the team below has figures too. */
	long long r1 = 0, r2 = 0;
	cn_month_report_open(db, t1, "2026-10", true, &r1, NULL, &err);
	set(db, r1, ind, a, 7);
	set(db, r1, ind, b, 5);
	cn_month_report_submit(db, r1, "Cán bộ xã", &err);
	cn_month_report_open(db, t1, "2026-11", true, &r2, NULL, &err);
	set(db, r2, ind, 0, 20);
	cn_month_report_submit(db, r2, "Cán bộ xã", &err);
	fx_report(db, t2, "2026-10", 30, 1, true);
	fx_report(db, t2, "2026-11", 4, 1, true);
	fx_report(db, t3, "2026-10", 1000, 1, false);
	fx_report(db, below, "2026-10", 500, 1, true);

	struct tally self = {.indicator = ind};
	CHECK_INT(cn_results_by_child(db, v, "2026-10", "2026-11", false, on_self, &self, &err), CN_OK);
	CHECK_INT(self.sum, 12 + 20 + 30 + 4);

	struct tally teams = {.indicator = ind, .ids = {t1, t2, t3, below}};
	CHECK_INT(cn_results_by_team(db, v, "2026-10", "2026-11", false, on_team, &teams, &err), CN_OK);
	CHECK_INT(teams.sum, self.sum);
	CHECK_INT(teams.per_id[0], 32);
	CHECK_INT(teams.per_id[1], 34);
	CHECK_INT(teams.per_id[2], 0);  /* a draft does not count... */
	CHECK_INT(teams.per_id[3], 0);  /* ...nor a team of the unit below */
	struct tally drafts = {.indicator = ind, .ids = {t3}};
	CHECK_INT(cn_results_by_team(db, v, "2026-10", "2026-10", true, on_team, &drafts, &err), CN_OK);
	CHECK_INT(drafts.per_id[0], 1000);

	struct tally members = {.indicator = ind, .ids = {a, b, 0}};
	CHECK_INT(cn_results_by_member(db, t1, "2026-10", "2026-11", false, on_member, &members, &err), CN_OK);
	CHECK_INT(members.sum, teams.per_id[0]);
	CHECK_INT(members.per_id[0], 7);
	CHECK_INT(members.per_id[1], 5);
	CHECK_INT(members.per_id[2], 20); /* November's unsplit team figure */

	/* Reporting rate per team: team 3 owes but has not sent. */
	struct tally rates = {.ids = {t1, t2, t3, below}};
	CHECK_INT(cn_reporting_rate_by_team(db, v, "2026-10", "2026-11", 5, on_rate, &rates, &err), CN_OK);
	CHECK_INT(rates.calls, 3);
	CHECK_INT(rates.per_id[0], 202);
	CHECK_INT(rates.per_id[1], 202);
	CHECK_INT(rates.per_id[2], 2);
	CHECK_INT(rates.per_id[3], 0);

	/* Bad periods are refused with the field named. */
	CHECK_INT(cn_results_by_member(db, t1, "2026-13", "2026-11", false, on_member, &members, &err), CN_EINVAL);
	CHECK_INT(cn_results_by_team(db, v, "2026-11", "2026-10", false, on_team, &teams, &err), CN_EINVAL);
	cn_db_close(db);
}

struct by_level {
	long long indicator;
	long long value[5];
	cn_month_report_rate rate[5];
	int calls;
};

static int on_level(const cn_level_figure *f, void *ctx)
{
	struct by_level *b = ctx;
	b->calls++;
	if (f->indicator_id != b->indicator || f->level < 1 || f->level > 4)
		return 0;
	b->value[f->level] += f->value;
	return 0;
}

static int on_level_rate(const cn_level_rate *r, void *ctx)
{
	struct by_level *b = ctx;
	b->rate[r->level] = r->rate;
	return 0;
}

struct at_level {
	long long indicator;
	long long unit[4], value[4], submitted[4];
};

static int on_unit(const cn_child_figure *f, void *ctx)
{
	struct at_level *a = ctx;
	for (int i = 0; i < 4; i++)
		if (a->unit[i] == f->unit_id && f->indicator_id == a->indicator)
			a->value[i] += f->value;
	return 0;
}

static int on_rollup(const cn_rollup *r, void *ctx)
{
	if (strcmp(r->indicator->code, "VNEID_MUC2") == 0)
		*(long long *)ctx = r->value;
	return 0;
}

static int on_unit_rate(const cn_child_rate *r, void *ctx)
{
	struct at_level *a = ctx;
	for (int i = 0; i < 4; i++)
		if (a->unit[i] == r->unit_id)
			a->submitted[i] += r->rate.submitted * 100 + r->rate.expected;
	return 0;
}

TEST(levels_add_up_to_the_unit_and_the_units_of_a_level_to_the_level)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long c2 = fx_unit(db, "31880", "Xã Minh Diệu", "Xã", t.district);
	long long v1 = fx_unit(db, "", "Ấp 1", "Ấp", t.commune), v2 = fx_unit(db, "", "Ấp 1", "Ấp", c2);
	long long ind = cn_indicator_id_by_code(db, "VNEID_MUC2");
	fx_report(db, fx_team(db, t.district), "2026-10", 3, 0, true);
	fx_report(db, fx_team(db, t.commune), "2026-10", 40, 0, true);
	fx_report(db, fx_team(db, c2), "2026-10", 25, 0, true);
	fx_report(db, fx_team(db, v1), "2026-10", 120, 0, true);
	fx_report(db, fx_team(db, v2), "2026-10", 95, 0, true);
	fx_team(db, v2); /* owes a report, has not sent it */
	cn_error err = {0};
	struct by_level b = {.indicator = ind};
	CHECK_INT(cn_results_by_level(db, t.province, "2026-10", "2026-10", false, on_level, &b, &err), CN_OK);
	CHECK_INT(b.value[1], 0);
	CHECK_INT(b.value[2], 3);
	CHECK_INT(b.value[3], 65);
	CHECK_INT(b.value[4], 215);
	CHECK_INT(cn_reporting_rate_by_level(db, t.province, "2026-10", "2026-10", 5, on_level_rate, &b, &err), CN_OK);
	CHECK_INT(b.rate[4].expected, 3);
	CHECK_INT(b.rate[4].submitted, 2);
	CHECK_INT(b.rate[3].expected, 2);
	CHECK_INT(b.rate[1].expected, 0);
	/* The levels add up to the unit's roll-up. */
	long long total = -1;
	CHECK_INT(cn_results_rollup(db, t.province, "2026-10", "2026-10", false, on_rollup, &total, &err), CN_OK);
	CHECK_INT(b.value[2] + b.value[3] + b.value[4], total);
	/* The villages: each with its own teams, adding up to the level. */
	struct at_level a = {.indicator = ind, .unit = {v1, v2, t.commune}};
	CHECK_INT(cn_results_at_level(db, t.province, 4, "2026-10", "2026-10", false, on_unit, &a, &err), CN_OK);
	CHECK_INT(a.value[0], 120);
	CHECK_INT(a.value[1], 95);
	CHECK_INT(a.value[2], 0); /* a commune is not a village */
	CHECK_INT(a.value[0] + a.value[1], b.value[4]);
	CHECK_INT(cn_reporting_rate_at_level(db, t.province, 4, "2026-10", "2026-10", 5, on_unit_rate, &a, &err), CN_OK);
	CHECK_INT(a.submitted[0], 101);
	CHECK_INT(a.submitted[1], 102);
	/* Within a commune: only its own villages. */
	struct at_level c = {.indicator = ind, .unit = {v1, v2}};
	CHECK_INT(cn_results_at_level(db, t.commune, 4, "2026-10", "2026-10", false, on_unit, &c, &err), CN_OK);
	CHECK_INT(c.value[0], 120);
	CHECK_INT(c.value[1], 0);
	CHECK_INT(cn_results_at_level(db, t.province, 5, "2026-10", "2026-10", false, on_unit, &c, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "Cấp 5");
	cn_db_close(db);
}
