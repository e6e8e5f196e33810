#include <stdlib.h>

#include "cnscd/results.h"
#include "cnscd/settings.h"
#include "fixture.h"

static int collect_codes(const cn_indicator *ind, void *ctx)
{
	cn_buf *b = ctx;
	cn_buf_printf(b, "%s%s", b->len ? " " : "", ind->code);
	return 0;
}

static char *codes(cn_db *db, bool inactive)
{
	cn_buf b = {0};
	cn_indicator_list(db, inactive, collect_codes, &b, NULL);
	return cn_buf_steal(&b);
}

TEST(indicator_checks_and_code_rules)
{
	cn_db *db = fx_open();
	cn_error err = {0};
	long long id, other;
	CHECK_INT(cn_indicator_add_at(db, " zalo_oa ", "Tài khoản Zalo OA", "tài khoản", 5, &id, &err), CN_OK);
	cn_indicator ind;
	CHECK_INT(cn_indicator_get(db, id, &ind, &err), CN_OK);
	CHECK_STR(ind.code, "ZALO_OA");
	CHECK_INT(ind.sort_order, 5);
	CHECK(ind.active);
	cn_indicator_clear(&ind);
	/* Same name but for case and marks: refused, naming the field. */
	CHECK_INT(cn_indicator_add(db, "ZALO2", "tai khoan zalo oa", "", &other, &err), CN_EEXIST);
	CHECK_STR(err.field, "name");
	CHECK_HAS(err.msg, "mã ZALO_OA");
	CHECK_INT(cn_indicator_add(db, "", "Không mã", "", &other, &err), CN_EINVAL);
	CHECK_STR(err.field, "code");
	CHECK_INT(cn_indicator_update(db, id, "Tài khoản Zalo OA", "", -1, true, &err), CN_EINVAL);
	CHECK_STR(err.field, "sort_order");
	/* Another indicator's name, on update. */
	CHECK_INT(cn_indicator_update(db, id, "Hộ gia đình được hướng dẫn", "", 5, true, &err), CN_EEXIST);
	/* The code changes while unused, not after. */
	CHECK_INT(cn_indicator_set_code(db, id, "zalo", &err), CN_OK);
	CHECK_INT(cn_indicator_id_by_code(db, "ZALO"), id);
	CHECK_INT(cn_indicator_set_code(db, id, "VNEID_MUC2", &err), CN_EEXIST);
	struct fx_tree t = fx_bac_lieu(db);
	CHECK_INT(cn_target_set(db, t.commune, id, "2026-01", "2026-12", 10, &err), CN_OK);
	CHECK_INT(cn_indicator_uses(db, id), 1);
	CHECK_INT(cn_indicator_set_code(db, id, "ZALO_X", &err), CN_EINVAL);
	CHECK_HAS(err.msg, "không đổi mã được nữa");
	CHECK_INT(cn_indicator_id_by_code(db, "ZALO"), id);
	cn_db_close(db);
}

TEST(indicator_remove_deactivates_when_used)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	cn_error err = {0};
	long long unused, used;
	CHECK_INT(cn_indicator_add(db, "UNUSED", "Chưa dùng", "", &unused, &err), CN_OK);
	bool deactivated = true;
	CHECK_INT(cn_indicator_remove(db, unused, &deactivated, &err), CN_OK);
	CHECK(!deactivated);
	CHECK_INT(cn_indicator_id_by_code(db, "UNUSED"), 0);
	/* VNEID_MUC2 gets a figure from the team's report. */
	fx_report(db, fx_team(db, t.commune), "2026-10", 7, 1, true);
	used = cn_indicator_id_by_code(db, "VNEID_MUC2");
	CHECK_INT(cn_indicator_remove(db, used, &deactivated, &err), CN_OK);
	CHECK(deactivated);
	cn_indicator ind;
	CHECK_INT(cn_indicator_get(db, used, &ind, &err), CN_OK);
	CHECK(!ind.active);
	cn_indicator_clear(&ind);
	char *active = codes(db, false), *all = codes(db, true);
	CHECK(strstr(active, "VNEID_MUC2") == NULL);
	CHECK_HAS(all, "VNEID_MUC2");
	free(active);
	free(all);
	CHECK_INT(cn_result_get(db, 1, used, 0), 7);
	cn_db_close(db);
}

TEST(indicator_move_swaps_with_its_neighbour)
{
	cn_db *db = fx_open();
	cn_error err = {0};
	long long second = cn_indicator_id_by_code(db, "NGUOI_HUONG_DAN");
	CHECK_INT(cn_indicator_move(db, second, -1, &err), CN_OK);
	char *c = codes(db, true);
	CHECK(strncmp(c, "NGUOI_HUONG_DAN HO_HUONG_DAN VNEID_MUC2", 38) == 0);
	free(c);
	CHECK_INT(cn_indicator_move(db, second, -1, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "đầu danh sách");
	long long last = cn_indicator_id_by_code(db, "BDHVS");
	CHECK_INT(cn_indicator_move(db, last, 1, &err), CN_EINVAL);
	/* Equal orders (sorted by code) still move. */
	long long a, b;
	CHECK_INT(cn_indicator_add_at(db, "AAA", "Một", "", 500, &a, &err), CN_OK);
	CHECK_INT(cn_indicator_add_at(db, "BBB", "Hai", "", 500, &b, &err), CN_OK);
	CHECK_INT(cn_indicator_move(db, b, -1, &err), CN_OK);
	c = codes(db, true);
	CHECK_HAS(c, "BBB AAA");
	free(c);
	cn_db_close(db);
}

static int collect_targets(const cn_target_row *t, void *ctx)
{
	cn_buf *b = ctx;
	char period[40];
	cn_target_period_text(t->from, t->to, period);
	cn_buf_printf(b, "%s%s %s %s %lld", b->len ? "; " : "", t->unit_code, t->indicator_code, period, t->value);
	return 0;
}

static char *targets(cn_db *db, long long unit, int year)
{
	cn_buf b = {0};
	cn_error err = {0};
	if (cn_target_list(db, unit, year, collect_targets, &b, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "target list: %s", err.msg);
	return b.len ? cn_buf_steal(&b) : cn_strdup("");
}

TEST(targets_listed_by_unit_and_year_and_deleted)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	cn_error err = {0};
	long long vneid = cn_indicator_id_by_code(db, "VNEID_MUC2"), shops = cn_indicator_id_by_code(db, "CUA_HANG_SO");
	CHECK_INT(cn_target_set(db, t.district, vneid, "2026-01", "2026-12", 5000, &err), CN_OK);
	CHECK_INT(cn_target_set(db, t.district, shops, "2026-11", "2027-02", 40, &err), CN_OK);
	CHECK_INT(cn_target_set(db, t.commune, vneid, "2027-03", "2027-03", 9, &err), CN_OK);
	char *s = targets(db, 0, 0);
	CHECK_STR(s, "961 VNEID_MUC2 Năm 2026 5000; 961 CUA_HANG_SO 11/2026 – 02/2027 40; 31933 VNEID_MUC2 03/2027 9");
	free(s);
	s = targets(db, 0, 2027);
	CHECK_STR(s, "961 CUA_HANG_SO 11/2026 – 02/2027 40; 31933 VNEID_MUC2 03/2027 9");
	free(s);
	s = targets(db, t.commune, 0);
	CHECK_STR(s, "31933 VNEID_MUC2 03/2027 9");
	free(s);
	s = targets(db, t.province, 0);
	CHECK_STR(s, "");
	free(s);
	CHECK_INT(cn_target_delete(db, 1, &err), CN_OK);
	CHECK_INT(cn_target_delete(db, 1, &err), CN_ENOTFOUND);
	s = targets(db, t.district, 0);
	CHECK_STR(s, "961 CUA_HANG_SO 11/2026 – 02/2027 40");
	free(s);
	CHECK_INT(cn_target_get(db, t.district, vneid, "2026-01", "2026-12"), -1);
	cn_db_close(db);
}

TEST(target_periods_and_values_as_typed)
{
	char from[8], to[8];
	cn_error err = {0};
	static const struct {
		const char *in, *from, *to;
	} ok[] = {
		{"2026", "2026-01", "2026-12"},       {" 06/2026 ", "2026-06", "2026-06"},
		{"2026-03", "2026-03", "2026-03"},    {"01/2026 - 06/2026", "2026-01", "2026-06"},
		{"2026-01..2026-06", "2026-01", "2026-06"}, {"10/2026 đến 03/2027", "2026-10", "2027-03"},
		{"01/2026–06/2026", "2026-01", "2026-06"},
	};
	for (size_t i = 0; i < CN_ARRAY_LEN(ok); i++) {
		CHECK_INT(cn_parse_target_period(ok[i].in, from, to, &err), CN_OK);
		CHECK_STR(from, ok[i].from);
		CHECK_STR(to, ok[i].to);
	}
	static const char *const bad[] = {"", "năm nay", "13/2026", "06/2026 - 01/2026", "2026-01..", "20266"};
	for (size_t i = 0; i < CN_ARRAY_LEN(bad); i++) {
		CHECK_INT(cn_parse_target_period(bad[i], from, to, &err), CN_EINVAL);
		CHECK_STR(err.field, "period");
	}
	char text[40];
	cn_target_period_text("2026-01", "2026-12", text);
	CHECK_STR(text, "Năm 2026");
	cn_target_period_text("2026-01", "2027-12", text);
	CHECK_STR(text, "01/2026 – 12/2027");
	long long v;
	CHECK_INT(cn_parse_target_value("12.000", &v, &err), CN_OK);
	CHECK_INT(v, 12000);
	CHECK_INT(cn_parse_target_value("1 200", &v, &err), CN_OK);
	CHECK_INT(v, 1200);
	CHECK_INT(cn_parse_target_value("0", &v, &err), CN_OK);
	CHECK_INT(v, 0);
	static const char *const bad_values[] = {"", "-5", "1,5 triệu", ".100", "2000000000", "99999999999"};
	for (size_t i = 0; i < CN_ARRAY_LEN(bad_values); i++) {
		CHECK_INT(cn_parse_target_value(bad_values[i], &v, &err), CN_EINVAL);
		CHECK_STR(err.field, "value");
	}
}

TEST(settings_table_checks_and_defaults)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	cn_error err = {0};
	int n;
	const cn_setting_def *defs = cn_setting_defs(&n);
	CHECK_INT(n, 10);
	CHECK_STR(defs[0].key, "office_unit");
	CHECK(cn_setting_def_find("office_nam") == NULL);
	CHECK_INT(cn_setting_number(db, "report_due_days"), 5);
	CHECK_INT(cn_setting_report_due_days(db), 5);
	CHECK_INT(cn_setting_put(db, "report_due_days", " 7 ", &err), CN_OK);
	CHECK_INT(cn_setting_report_due_days(db), 7);
	CHECK_INT(cn_setting_put(db, "report_due_days", "400", &err), CN_EINVAL);
	CHECK_STR(err.field, "report_due_days");
	CHECK_HAS(err.msg, "từ 0 đến 366");
	CHECK_INT(cn_setting_report_due_days(db), 7);
	/* A value put in by hand out of range: the default applies. */
	CHECK_INT(cn_setting_set(db, "backup_keep", "0", &err), CN_OK);
	CHECK_INT(cn_setting_number(db, "backup_keep"), 14);
	CHECK_INT(cn_setting_put(db, "report_due_days", "", &err), CN_OK);
	char *v = cn_setting_get(db, "report_due_days");
	CHECK(v == NULL);
	free(v);
	CHECK_INT(cn_setting_put(db, "no_such_key", "x", &err), CN_EINVAL);
	/* Text is cleaned and limited. */
	CHECK_INT(cn_setting_put(db, "office_name", "  UBND xã Vĩnh Mỹ A ", &err), CN_OK);
	v = cn_setting_get(db, "office_name");
	CHECK_STR(v, "UBND xã Vĩnh Mỹ A");
	free(v);
	/* The office's unit: by code, by "name (mã code)", by a unique name. */
	CHECK_INT(cn_setting_office_unit(db), 0);
	CHECK_INT(cn_setting_put(db, "office_unit", "31933", &err), CN_OK);
	CHECK_INT(cn_setting_office_unit(db), t.commune);
	char *text = cn_setting_unit_text(db, t.district);
	CHECK_STR(text, "Huyện Hoà Bình (mã 961)");
	CHECK_INT(cn_setting_put(db, "office_unit", text, &err), CN_OK);
	free(text);
	CHECK_INT(cn_setting_office_unit(db), t.district);
	CHECK_INT(cn_setting_put(db, "office_unit", "vinh my a", &err), CN_OK);
	CHECK_INT(cn_setting_office_unit(db), t.commune);
	long long other = fx_unit(db, "31934", "Xã Vĩnh Mỹ A", "Xã", t.province);
	CHECK(other > 0);
	CHECK_INT(cn_setting_put(db, "office_unit", "Xã Vĩnh Mỹ A", &err), CN_EINVAL);
	CHECK_HAS(err.msg, "hãy gõ mã đơn vị");
	CHECK_HAS(err.msg, "mã 31934");
	CHECK_INT(cn_setting_put(db, "office_unit", "Nơi Không Có", &err), CN_ENOTFOUND);
	CHECK_STR(err.field, "office_unit");
	CHECK_INT(cn_setting_put(db, "office_unit", "Xã X (mã 00000)", &err), CN_ENOTFOUND);
	CHECK_INT(cn_setting_office_unit(db), t.commune);
	cn_db_close(db);
}
