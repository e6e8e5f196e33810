/* Approval upward on a three-level tree: Huyện Hòa Bình with two communes,
 * each with teams (one in a village); bottom-up approval, the lock on
 * approved figures (set, reopen, submit, import), top-down withdrawal. */
#include <stdlib.h>

#include "cnscd/approval.h"
#include "cnscd/audit.h"
#include "cnscd/import.h"
#include "fixture.h"

#define MONTH "2026-10"

struct tree {
	struct fx_tree t;   /* province, district, commune (Vĩnh Mỹ A) */
	long long commune2; /* Xã Minh Diệu */
	long long village;  /* Ấp Xóm Lớn, under Vĩnh Mỹ A */
	long long team_a, team_village, team_b;
	long long report_a; /* team_a's report of MONTH, once made */
};

static struct tree make_tree(cn_db *db)
{
	struct tree x = {0};
	x.t = fx_bac_lieu(db);
	x.commune2 = fx_unit(db, "31880", "Xã Minh Diệu", "Xã", x.t.district);
	x.village = fx_unit(db, "", "Ấp Xóm Lớn", "Ấp", x.t.commune);
	x.team_a = fx_team(db, x.t.commune);
	x.team_village = fx_team(db, x.village);
	x.team_b = fx_team(db, x.commune2);
	return x;
}

static int take_state(const cn_approval *a, void *ctx)
{
	cn_approval *out = ctx;
	*out = *a;
	out->unit_name = out->approved_by = out->approved_at = NULL; /* not valid after the call */
	return 0;
}

static cn_approval state_of(cn_db *db, long long unit)
{
	cn_approval out = {0};
	cn_error err = {0};
	if (cn_approval_status(db, unit, MONTH, take_state, &out, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "status: %s", err.msg);
	return out;
}

TEST(commune_approved_only_when_every_team_submitted)
{
	cn_db *db = fx_open();
	struct tree x = make_tree(db);
	cn_error err = {0};
	CHECK_INT(state_of(db, x.t.commune).state, CN_APPROVAL_WAITING);
	CHECK_INT(state_of(db, x.t.commune).teams_owing, 2);
	fx_report(db, x.team_a, MONTH, 10, 1, true);
	fx_report(db, x.team_village, MONTH, 20, 2, false); /* a draft: not sent */
	CHECK_INT(cn_approval_approve(db, x.t.commune, MONTH, "Huyện", &err), CN_EINVAL);
	CHECK_HAS(err.msg, "Chưa thể duyệt Xã Vĩnh Mỹ A tháng 10/2026: 1 tổ chưa gửi báo cáo tháng 10/2026");
	CHECK_HAS(err.msg, "(Tổ CNSCĐ Ấp Xóm Lớn)");
	CHECK_INT(state_of(db, x.t.commune).teams_missing, 1);
	long long rid = 0;
	CHECK_INT(cn_month_report_open(db, x.team_village, MONTH, false, &rid, NULL, &err), CN_OK);
	CHECK_INT(cn_month_report_submit(db, rid, "Tổ", &err), CN_OK);
	CHECK_INT(state_of(db, x.t.commune).state, CN_APPROVAL_READY);
	CHECK_INT(cn_approval_approve(db, x.t.commune, MONTH, "Cán bộ huyện", &err), CN_OK);
	CHECK_INT(state_of(db, x.t.commune).state, CN_APPROVAL_APPROVED);
	CHECK_INT(cn_approval_approve(db, x.t.commune, MONTH, "Cán bộ huyện", &err), CN_EEXIST);
	CHECK_HAS(err.msg, "đã được duyệt kết quả tháng 10/2026 (bởi Cán bộ huyện");
	/* Another month is another matter. */
	CHECK_INT(state_of(db, x.t.commune).state, CN_APPROVAL_APPROVED);
	CHECK_INT(cn_approval_approve(db, x.t.commune, "2026-11", "Huyện", &err), CN_EINVAL);
	/* Villages are not approved: their teams count in the commune. */
	CHECK_INT(cn_approval_approve(db, x.village, MONTH, "Huyện", &err), CN_EINVAL);
	CHECK_HAS(err.msg, "chỉ duyệt cấp xã trở lên");
	cn_db_close(db);
}

TEST(dissolved_team_owes_nothing_after_it_left)
{
	cn_db *db = fx_open();
	struct tree x = make_tree(db);
	cn_error err = {0};
	cn_team t = {0};
	CHECK_INT(cn_team_get(db, x.team_village, &t, &err), CN_OK);
	free(t.dissolved);
	t.dissolved = cn_strdup("2026-09-15");
	free(t.updated_at);
	t.updated_at = NULL;
	CHECK_INT(cn_team_update(db, &t, &err), CN_OK);
	cn_team_clear(&t);
	fx_report(db, x.team_a, MONTH, 1, 1, true);
	CHECK_INT(state_of(db, x.t.commune).teams_owing, 1);
	CHECK_INT(cn_approval_approve(db, x.t.commune, MONTH, "Huyện", &err), CN_OK);
	cn_db_close(db);
}

TEST(district_approved_only_when_every_commune_approved)
{
	cn_db *db = fx_open();
	struct tree x = make_tree(db);
	cn_error err = {0};
	fx_report(db, x.team_a, MONTH, 10, 1, true);
	fx_report(db, x.team_village, MONTH, 20, 2, true);
	fx_report(db, x.team_b, MONTH, 30, 3, true);
	/* Every team sent, but no commune is approved yet. */
	CHECK_INT(cn_approval_approve(db, x.t.district, MONTH, "Tỉnh", &err), CN_EINVAL);
	CHECK_HAS(err.msg, "2 đơn vị cấp dưới chưa được duyệt (Xã Minh Diệu, Xã Vĩnh Mỹ A)");
	CHECK_INT(cn_approval_approve(db, x.t.commune, MONTH, "Huyện", &err), CN_OK);
	CHECK_INT(cn_approval_approve(db, x.t.district, MONTH, "Tỉnh", &err), CN_EINVAL);
	CHECK_STR(err.msg, "Chưa thể duyệt Huyện Hoà Bình tháng 10/2026: Xã Minh Diệu chưa được duyệt");
	cn_approval d = state_of(db, x.t.district);
	CHECK_INT(d.units_below, 2);
	CHECK_INT(d.units_waiting, 1);
	CHECK_INT(d.teams_missing, 0);
	CHECK_INT(cn_approval_approve(db, x.commune2, MONTH, "Huyện", &err), CN_OK);
	CHECK_INT(cn_approval_approve(db, x.t.district, MONTH, "Tỉnh", &err), CN_OK);
	/* The province has one district, now approved. */
	CHECK_INT(state_of(db, x.t.province).state, CN_APPROVAL_READY);
	cn_db_close(db);
}

TEST(missing_teams_and_units_named_together)
{
	cn_db *db = fx_open();
	struct tree x = make_tree(db);
	cn_error err = {0};
	CHECK_INT(cn_approval_approve(db, x.t.district, MONTH, "Tỉnh", &err), CN_EINVAL);
	CHECK_HAS(err.msg, ": 3 tổ chưa gửi báo cáo tháng 10/2026 (Tổ CNSCĐ");
	CHECK_HAS(err.msg, "); 2 đơn vị cấp dưới chưa được duyệt (");
	cn_db_close(db);
}

struct listing {
	int n;
	long long ids[8];
	int states[8];
	long long missing[8];
};

static int list_child(const cn_approval *a, void *ctx)
{
	struct listing *l = ctx;
	l->ids[l->n] = a->unit_id;
	l->states[l->n] = a->state;
	l->missing[l->n++] = a->teams_missing;
	return 0;
}

TEST(children_listed_with_their_state)
{
	cn_db *db = fx_open();
	struct tree x = make_tree(db);
	cn_error err = {0};
	fx_report(db, x.team_b, MONTH, 30, 3, true);
	CHECK_INT(cn_approval_approve(db, x.commune2, MONTH, "Huyện", &err), CN_OK);
	fx_report(db, x.team_a, MONTH, 10, 1, true);
	struct listing l = {0};
	CHECK_INT(cn_approval_children(db, x.t.district, MONTH, list_child, &l, &err), CN_OK);
	CHECK_INT(l.n, 2);
	/* In code order: 31880 Minh Diệu, then 31933 Vĩnh Mỹ A. */
	CHECK_INT(l.ids[0], x.commune2);
	CHECK_INT(l.states[0], CN_APPROVAL_APPROVED);
	CHECK_INT(l.ids[1], x.t.commune);
	CHECK_INT(l.states[1], CN_APPROVAL_WAITING);
	CHECK_INT(l.missing[1], 1);
	/* A commune's children are villages: nothing to approve below it. */
	memset(&l, 0, sizeof l);
	CHECK_INT(cn_approval_children(db, x.t.commune, MONTH, list_child, &l, &err), CN_OK);
	CHECK_INT(l.n, 0);
	CHECK_INT(cn_approval_children(db, x.t.commune, "13/2026", list_child, &l, &err), CN_EINVAL);
	cn_db_close(db);
}

/* Every team sent MONTH and the commune Vĩnh Mỹ A is approved. */
static struct tree approved_commune(cn_db *db)
{
	struct tree x = make_tree(db);
	cn_error err = {0};
	x.report_a = fx_report(db, x.team_a, MONTH, 10, 1, true);
	fx_report(db, x.team_village, MONTH, 20, 2, true);
	fx_report(db, x.team_b, MONTH, 30, 3, true);
	if (cn_approval_approve(db, x.t.commune, MONTH, "Huyện", &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "approve: %s", err.msg);
	return x;
}

TEST(approved_figures_are_locked)
{
	cn_db *db = fx_open();
	struct tree x = approved_commune(db);
	cn_error err = {0};
	long long vneid = cn_indicator_id_by_code(db, "VNEID_MUC2");
	CHECK_INT(cn_month_report_reopen(db, x.report_a, "Xã", "sửa", &err), CN_EINVAL);
	CHECK_HAS(err.msg, "Kết quả tháng 10/2026 của Xã Vĩnh Mỹ A đã được duyệt (bởi Huyện");
	CHECK_HAS(err.msg, "số liệu đã khóa");
	CHECK_INT(cn_result_set(db, x.report_a, vneid, 0, 99, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "đã được duyệt");
	CHECK_INT(cn_result_get(db, x.report_a, vneid, 0), 10);
	/* A village team is locked by its commune's approval. */
	long long rv = 0;
	CHECK_INT(cn_month_report_open(db, x.team_village, MONTH, false, &rv, NULL, &err), CN_OK);
	CHECK_INT(cn_month_report_reopen(db, rv, "Ấp", NULL, &err), CN_EINVAL);
	/* A team set up after the approval cannot add to the approved month. */
	long long late = fx_team(db, x.village), rl = 0;
	CHECK_INT(cn_month_report_open(db, late, MONTH, true, &rl, NULL, &err), CN_OK);
	CHECK_INT(cn_result_set(db, rl, vneid, 0, 5, &err), CN_EINVAL);
	CHECK_INT(cn_month_report_submit(db, rl, "Ấp", &err), CN_EINVAL);
	/* The other commune is not approved: its team may reopen. The next
	 * month of the approved one is open as well. */
	long long rb = 0;
	CHECK_INT(cn_month_report_open(db, x.team_b, MONTH, false, &rb, NULL, &err), CN_OK);
	CHECK_INT(cn_month_report_reopen(db, rb, "Xã", NULL, &err), CN_OK);
	long long next = fx_report(db, x.team_a, "2026-11", 1, 1, false);
	CHECK_INT(cn_result_set(db, next, vneid, 0, 7, &err), CN_OK);
	cn_db_close(db);
}

TEST(import_refuses_locked_rows_and_keeps_everything)
{
	cn_db *db = fx_open();
	struct tree x = approved_commune(db);
	cn_error err = {0};
	cn_import_options opt = {.reopen = true, .by = "Cán bộ xã"};
	cn_import_result res = {0};
	/* The team of Vĩnh Mỹ A is locked; Minh Diệu's is not, but all or nothing. */
	const char *csv = "period,unit_code,team,indicator_code,value\n"
			  "2026-10,31933,,VNEID_MUC2,99\n"
			  "2026-10,31880,,VNEID_MUC2,31\n";
	CHECK_INT(cn_import_results(db, t_write_file("r.csv", csv), &opt, &res, &err), CN_EINVAL);
	CHECK_INT(res.nproblems, 1);
	CHECK_INT(res.problems[0].line, 2);
	CHECK_HAS(res.problems[0].message, "đã được duyệt");
	cn_import_result_clear(&res);
	long long vneid = cn_indicator_id_by_code(db, "VNEID_MUC2"), rb = 0;
	CHECK_INT(cn_result_get(db, x.report_a, vneid, 0), 10);
	CHECK_INT(cn_month_report_open(db, x.team_b, MONTH, false, &rb, NULL, &err), CN_OK);
	CHECK_INT(cn_result_get(db, rb, vneid, 0), 30);
	/* Rows that change nothing are fine: re-importing what was approved. */
	const char *same = "period,unit_code,team,indicator_code,value\n2026-10,31933,,VNEID_MUC2,10\n";
	CHECK_INT(cn_import_results(db, t_write_file("same.csv", same), &opt, &res, &err), CN_OK);
	CHECK_INT(res.unchanged, 1);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

struct log {
	int n;
	char text[512];
};

static int add_entry(const cn_approval_entry *e, void *ctx)
{
	struct log *l = ctx;
	size_t len = strlen(l->text);
	snprintf(l->text + len, sizeof l->text - len, "%s:%s:%s|", e->action, e->by, e->note);
	l->n++;
	CHECK(strlen(e->at) == 16); /* dd/mm/yyyy hh:mm */
	return 0;
}

TEST(unapprove_top_down_and_logged)
{
	cn_db *db = fx_open();
	struct tree x = approved_commune(db);
	cn_error err = {0};
	CHECK_INT(cn_approval_approve(db, x.commune2, MONTH, "Huyện", &err), CN_OK);
	CHECK_INT(cn_approval_approve(db, x.t.district, MONTH, "Tỉnh", &err), CN_OK);
	CHECK_INT(cn_approval_unapprove(db, x.t.commune, MONTH, "Huyện", "sai số", &err), CN_EINVAL);
	CHECK_HAS(err.msg, "Chưa thể bỏ duyệt Xã Vĩnh Mỹ A tháng 10/2026: cấp trên Huyện Hoà Bình đã duyệt (bởi Tỉnh");
	CHECK_INT(state_of(db, x.t.commune).state, CN_APPROVAL_APPROVED);
	/* The district's approval also locks the commune's teams. */
	CHECK_INT(cn_approval_unapprove(db, x.t.district, MONTH, "Tỉnh", "xã xin sửa", &err), CN_OK);
	CHECK_INT(state_of(db, x.t.district).state, CN_APPROVAL_READY);
	CHECK_INT(cn_month_report_reopen(db, x.report_a, "Xã", NULL, &err), CN_EINVAL); /* the commune still is */
	CHECK_INT(cn_approval_unapprove(db, x.t.commune, MONTH, "Huyện", "sai số VNeID", &err), CN_OK);
	CHECK_INT(cn_approval_unapprove(db, x.t.commune, MONTH, "Huyện", NULL, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "chưa được duyệt");
	CHECK_INT(state_of(db, x.t.commune).state, CN_APPROVAL_READY);
	CHECK_INT(cn_month_report_reopen(db, x.report_a, "Xã", "sửa VNeID", &err), CN_OK);
	CHECK_INT(state_of(db, x.t.commune).state, CN_APPROVAL_WAITING);
	struct log l = {0};
	CHECK_INT(cn_approval_history(db, x.t.commune, MONTH, add_entry, &l, &err), CN_OK);
	CHECK_INT(l.n, 2);
	CHECK_STR(l.text, "approve:Huyện:|unapprove:Huyện:sai số VNeID|");
	/* The approval row stays with a new time, for bundles to carry. */
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT status, approved_by IS NULL, updated_at > created_at, "
					     "length(uuid) FROM approval WHERE unit_id = ?", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, x.t.commune);
	CHECK_INT(sqlite3_step(st), SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(st, 0), 0);
	CHECK_INT(sqlite3_column_int(st, 1), 1);
	CHECK_INT(sqlite3_column_int(st, 2), 1);
	CHECK_INT(sqlite3_column_int(st, 3), 32);
	sqlite3_finalize(st);
	/* Approved again after the correction. */
	long long rid = x.report_a;
	CHECK_INT(cn_month_report_submit(db, rid, "Xã", &err), CN_OK);
	CHECK_INT(cn_approval_approve(db, x.t.commune, MONTH, "Huyện", &err), CN_OK);
	CHECK_INT(state_of(db, x.t.commune).state, CN_APPROVAL_APPROVED);
	cn_db_close(db);
}

TEST(post_2025_province_approves_its_communes)
{
	cn_db *db = fx_open();
	long long province = fx_unit(db, "96", "Tỉnh Cà Mau", "Tỉnh", 0);
	long long commune = fx_unit(db, "32200", "Xã Vĩnh Mỹ", "Xã", province);
	long long team = fx_team(db, commune);
	cn_error err = {0};
	CHECK_INT(state_of(db, commune).level, CN_LEVEL_COMMUNE);
	fx_report(db, team, MONTH, 1, 1, true);
	CHECK_INT(cn_approval_approve(db, province, MONTH, "Tỉnh", &err), CN_EINVAL);
	CHECK_HAS(err.msg, "Xã Vĩnh Mỹ chưa được duyệt");
	CHECK_INT(cn_approval_approve(db, commune, MONTH, "Tỉnh", &err), CN_OK);
	CHECK_INT(cn_approval_approve(db, province, MONTH, "Trung ương", &err), CN_OK);
	cn_db_close(db);
}

TEST(undo_does_not_withdraw_an_approval)
{
	cn_db *db = fx_open();
	struct tree x = approved_commune(db);
	cn_error err = {0};
	/* The last change is the approval: undo refuses it and changes nothing;
	 * withdrawal goes through unapprove, in order and logged. */
	CHECK_INT(cn_audit_undo_last(db, &err), CN_ECONFLICT);
	CHECK_HAS(err.msg, "Bỏ duyệt");
	CHECK_INT(state_of(db, x.t.commune).state, CN_APPROVAL_APPROVED);
	cn_db_close(db);
}
