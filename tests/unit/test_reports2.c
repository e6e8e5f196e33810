/* The official lists and tables (roster, untrained members, trainings,
 * activity results) built from real database files and rendered by the
 * CSV writer, whose lines the tests compare. */
#include <stdio.h>
#include <stdlib.h>

#include "cnscd/attendance.h"
#include "cnscd/report.h"
#include "cnscd/report_queries.h"
#include "cnscd/results.h"
#include "cnscd/training.h"
#include "fixture.h"

/* The report as CSV text (CRLF line ends, no BOM); fails on error. */
static char *csv_of(cn_report *r)
{
	CHECK(r != NULL);
	if (!r)
		return cn_strdup("");
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	cn_error err = {0};
	int rc = cn_report_write_csv_stream(r, f, &err);
	fclose(f);
	if (rc != CN_OK)
		t_fail(__FILE__, __LINE__, "csv: %s", err.msg);
	cn_report_free(r);
	/* Drop the BOM so that lines can be compared as typed. */
	if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
		memmove(text, text + 3, strlen(text + 3) + 1);
	return text;
}

#define CHECK_LINE(csv, line) CHECK_HAS(csv, "\r\n" line "\r\n")

static cn_report *build(cn_report *(*fn)(cn_db *, const cn_report_params *, cn_error *), cn_db *db,
			cn_report_params p)
{
	cn_error err = {0};
	cn_report *r = fn(db, &p, &err);
	if (!r)
		t_fail(__FILE__, __LINE__, "report: %s", err.msg);
	return r;
}

static char *dup_or_null(const char *s)
{
	return s ? cn_strdup(s) : NULL;
}

static long long add_member(cn_db *db, long long team, const char *name, int role, int gender, int born,
			    const char *phone, const char *joined)
{
	cn_error err = {0};
	cn_member m = {.team_id = team, .full_name = cn_strdup(name), .role = role, .gender = gender,
		       .birth_year = born, .phone = cn_strdup(phone), .joined = cn_strdup(joined),
		       .position = dup_or_null(role == CN_ROLE_LEADER ? "Bí thư chi bộ" : NULL),
		       .id_number = dup_or_null(role == CN_ROLE_LEADER ? "095080001234" : NULL)};
	if (cn_member_add(db, &m, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "member %s: %s", name, err.msg);
	long long id = m.id;
	cn_member_clear(&m);
	return id;
}

TEST(roster_groups_by_team_with_leader_and_deputy_first)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long village = fx_unit(db, "", "Ấp 1", "Ấp", t.commune);
	long long commune_team = fx_team(db, t.commune);
	long long village_team = fx_team(db, village);
	/* Added in an order that is not the list's. */
	add_member(db, village_team, "Trần Văn Em", CN_ROLE_MEMBER, 1, 1990, "0912 345 678", "");
	add_member(db, village_team, "Lê Thị Dung", CN_ROLE_DEPUTY, 2, 1985, "", "15/03/2025");
	add_member(db, village_team, "Nguyễn Văn Cường", CN_ROLE_LEADER, 1, 1970, "0987654321", "01/02/2025");
	add_member(db, village_team, "Bùi Thị An", CN_ROLE_MEMBER, 2, 0, "", "");
	fx_member(db, commune_team, "Phạm Văn Bảo", CN_ROLE_LEADER);

	char *csv = csv_of(build(cn_report_roster, db, (cn_report_params){.unit_id = t.district}));
	CHECK(strncmp(csv, "STT,Tỉnh,Huyện,Xã,Thôn/Ấp,Họ và tên,Giới tính,Năm sinh,Vai trò,Chức vụ/đoàn thể,"
			   "Điện thoại,Số CCCD,Ngày vào tổ\r\n", 128) == 0);
	CHECK_LINE(csv, ",Tổ CNSCĐ Xã Vĩnh Mỹ A — Huyện Hoà Bình: 1 người,,,,,,,,,,,");
	CHECK_LINE(csv, "1,Tỉnh Bạc Liêu,Huyện Hoà Bình,Xã Vĩnh Mỹ A,,Phạm Văn Bảo,,,Tổ trưởng,,,,");
	CHECK_LINE(csv, ",Tổ CNSCĐ Ấp 1 — Xã Vĩnh Mỹ A: 4 người,,,,,,,,,,,\r\n"
			"1,Tỉnh Bạc Liêu,Huyện Hoà Bình,Xã Vĩnh Mỹ A,Ấp 1,Nguyễn Văn Cường,Nam,1970,Tổ trưởng,"
			"Bí thư chi bộ,0987654321,095080001234,01/02/2025\r\n"
			"2,Tỉnh Bạc Liêu,Huyện Hoà Bình,Xã Vĩnh Mỹ A,Ấp 1,Lê Thị Dung,Nữ,1985,Tổ phó,,,,15/03/2025\r\n"
			"3,Tỉnh Bạc Liêu,Huyện Hoà Bình,Xã Vĩnh Mỹ A,Ấp 1,Bùi Thị An,Nữ,,Thành viên,,,,\r\n"
			"4,Tỉnh Bạc Liêu,Huyện Hoà Bình,Xã Vĩnh Mỹ A,Ấp 1,Trần Văn Em,Nam,1990,Thành viên,,0912345678,,\r\n"
			",Tổng cộng: 5 người,,,,,,,,,,,");
	/* The commune's team comes before its villages' (tree order). */
	CHECK(strstr(csv, "Phạm Văn Bảo") < strstr(csv, "Nguyễn Văn Cường"));
	free(csv);

	/* The row count the progress bar is drawn against is the count the
	 * export reads: a heading per team, a line per member, the total. */
	cn_error err = {0};
	cn_report *r = build(cn_report_roster, db, (cn_report_params){.unit_id = t.district});
	CHECK_INT(r->expected_rows, 8);
	CHECK_INT(cn_report_write(r, t_path("roster.csv"), &err), CN_OK);
	CHECK_INT(r->rows_read, 8);
	cn_report_free(r);
	/* Unknown for a filtered roster: no bar rather than a wrong one. */
	r = build(cn_report_roster, db, (cn_report_params){.unit_id = t.district, .all = true});
	CHECK_INT(r->expected_rows, 0);
	cn_report_free(r);

	/* A village alone: its own team only. */
	csv = csv_of(build(cn_report_roster, db, (cn_report_params){.unit_id = village}));
	CHECK(strstr(csv, "Phạm Văn Bảo") == NULL);
	CHECK_HAS(csv, ",Tổng cộng: 4 người,");
	free(csv);
	cn_db_close(db);
}

TEST(roster_hierarchy_columns_without_a_district_level)
{
	cn_db *db = fx_open();
	/* Since 1 July 2025: province > commune > village. */
	long long province = fx_unit(db, "96", "Tỉnh Cà Mau", "Tỉnh", 0);
	long long commune = fx_unit(db, "32014", "Xã Vĩnh Mỹ", "Xã", province);
	long long village = fx_unit(db, "", "Ấp Xóm Mới", "Ấp", commune);
	fx_member(db, fx_team(db, village), "Huỳnh Văn Tư", CN_ROLE_LEADER);
	fx_member(db, fx_team(db, province), "Võ Thị Năm", CN_ROLE_LEADER);
	char *csv = csv_of(build(cn_report_roster, db, (cn_report_params){0}));
	CHECK_LINE(csv, "1,Tỉnh Cà Mau,,Xã Vĩnh Mỹ,Ấp Xóm Mới,Huỳnh Văn Tư,,,Tổ trưởng,,,,");
	CHECK_LINE(csv, "1,Tỉnh Cà Mau,,,,Võ Thị Năm,,,Tổ trưởng,,,,");
	CHECK_LINE(csv, ",Tổ CNSCĐ Ấp Xóm Mới — Xã Vĩnh Mỹ: 1 người,,,,,,,,,,,");
	free(csv);
	cn_db_close(db);
}

TEST(roster_leaves_out_who_left_unless_all)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	fx_member(db, team, "Nguyễn Văn An", CN_ROLE_LEADER);
	long long gone = fx_member(db, team, "Lê Văn Cũ", CN_ROLE_MEMBER);
	cn_error err = {0};
	CHECK_INT(cn_member_leave(db, gone, "30/09/2026", &err), CN_OK);
	long long old_team = fx_team(db, fx_unit(db, "", "Ấp 2", "Ấp", t.commune));
	fx_member(db, old_team, "Đặng Thị Xưa", CN_ROLE_LEADER);
	CHECK_INT(cn_db_exec(db, "UPDATE team SET dissolved = '2026-06-30' WHERE name = 'Tổ CNSCĐ Ấp 2'", &err), CN_OK);

	char *csv = csv_of(build(cn_report_roster, db, (cn_report_params){.unit_id = t.commune}));
	CHECK(strstr(csv, "Lê Văn Cũ") == NULL);
	CHECK(strstr(csv, "Đặng Thị Xưa") == NULL);
	CHECK(strstr(csv, "Ngày rời tổ") == NULL);
	CHECK_LINE(csv, ",Tổ CNSCĐ Xã Vĩnh Mỹ A — Huyện Hoà Bình: 1 người,,,,,,,,,,,");
	CHECK_HAS(csv, ",Tổng cộng: 1 người,");
	free(csv);

	csv = csv_of(build(cn_report_roster, db, (cn_report_params){.unit_id = t.commune, .all = true}));
	CHECK_HAS(csv, ",Ngày vào tổ,Ngày rời tổ\r\n");
	CHECK_LINE(csv, ",Tổ CNSCĐ Xã Vĩnh Mỹ A — Huyện Hoà Bình: 2 người,,,,,,,,,,,,");
	CHECK_LINE(csv, "2,Tỉnh Bạc Liêu,Huyện Hoà Bình,Xã Vĩnh Mỹ A,,Lê Văn Cũ,,,Thành viên,,,,,30/09/2026");
	CHECK_LINE(csv, ",Tổ CNSCĐ Ấp 2 — Xã Vĩnh Mỹ A (đã giải thể ngày 30/06/2026): 1 người,,,,,,,,,,,,");
	CHECK_HAS(csv, ",Tổng cộng: 3 người,");
	free(csv);
	cn_db_close(db);
}

static long long add_session(cn_db *db, long long unit, const char *title, const char *date, int planned)
{
	cn_error err = {0};
	cn_training t = {.unit_id = unit, .title = (char *)title, .start_date = (char *)date,
			 .topics = "Kỹ năng số cơ bản; Định danh điện tử VNeID", .planned = planned,
			 .location = "Hội trường xã", .organiser = "Phòng Văn hóa"};
	if (cn_training_add(db, &t, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "training: %s", err.msg);
	return t.id;
}

static void mark(cn_db *db, long long session, long long member, int status)
{
	cn_error err = {0};
	long long id;
	if (cn_attendance_set_member(db, session, member, status, &id, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "attendance: %s", err.msg);
}

/* District, commune and village teams of the fixture, two members each. */
struct people {
	long long village;
	long long district[2], commune[2], village_m[2];
};

static struct people some_people(cn_db *db, const struct fx_tree *t)
{
	struct people p;
	p.village = fx_unit(db, "", "Ấp 1", "Ấp", t->commune);
	long long teams[3] = {fx_team(db, t->district), fx_team(db, t->commune), fx_team(db, p.village)};
	long long *slots[3] = {p.district, p.commune, p.village_m};
	static const char *const names[3][2] = {{"Nguyễn Văn Huyện", "Trần Thị Huyện"},
						 {"Lê Văn Xã", "Phạm Thị Xã"},
						 {"Võ Văn Thôn", "Đặng Thị Thôn"}};
	for (int i = 0; i < 3; i++)
		for (int k = 0; k < 2; k++)
			slots[i][k] = fx_member(db, teams[i], names[i][k], k == 0 ? CN_ROLE_LEADER : CN_ROLE_MEMBER);
	return p;
}

TEST(trainings_count_the_present_by_level_with_totals)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	struct people p = some_people(db, &t);
	cn_error err = {0};
	long long a = add_session(db, t.commune, "Lớp kỹ năng số", "10/03/2026", 30);
	mark(db, a, p.district[0], CN_ATT_PRESENT);
	mark(db, a, p.commune[0], CN_ATT_PRESENT);
	mark(db, a, p.commune[1], CN_ATT_PRESENT);
	mark(db, a, p.village_m[0], CN_ATT_PRESENT);
	mark(db, a, p.village_m[1], CN_ATT_ABSENT);
	mark(db, a, p.district[1], CN_ATT_INVITED);
	long long id;
	CHECK_INT(cn_attendance_add_guest(db, a, "Khách Mời", "Giáo viên", "Trường THCS", "", CN_ATT_PRESENT, &id,
					  &err), CN_OK);
	CHECK_INT(cn_attendance_add_guest(db, a, "Khách Vắng", "", "", "", CN_ATT_ABSENT, &id, &err), CN_OK);
	long long b = add_session(db, t.district, "Lớp VNeID", "01/05/2026", 0);
	mark(db, b, p.village_m[1], CN_ATT_PRESENT);
	/* Outside the period, and outside the subtree. */
	mark(db, add_session(db, t.commune, "Lớp năm trước", "20/12/2025", 10), p.commune[0], CN_ATT_PRESENT);
	long long other = fx_unit(db, "962", "Huyện Phước Long", "Huyện", t.province);
	mark(db, add_session(db, other, "Lớp huyện khác", "02/04/2026", 10), p.commune[0], CN_ATT_PRESENT);

	char *csv = csv_of(build(cn_report_trainings, db,
				 (cn_report_params){.unit_id = t.district, .from = "01/01/2026", .to = "31/12/2026"}));
	CHECK(strncmp(csv, "STT,Ngày,Tên lớp,Chủ đề,Hình thức,Đơn vị tổ chức,Địa điểm,Dự kiến,Được mời,Có mặt,"
			   "Tỷ lệ có mặt,Người có mặt theo cấp - Cấp tỉnh,Người có mặt theo cấp - Cấp huyện,"
			   "Người có mặt theo cấp - Cấp xã,Người có mặt theo cấp - Cấp thôn,"
			   "Người có mặt theo cấp - Ngoài tổ\r\n", 200) == 0);
	CHECK_LINE(csv, "1,10/03/2026,Lớp kỹ năng số,Định danh điện tử VNeID; Kỹ năng số cơ bản,Trực tiếp,"
			"Xã Vĩnh Mỹ A (Phòng Văn hóa),Hội trường xã,30,8,5,62.5%,0,1,2,1,1\r\n"
			"2,01/05/2026,Lớp VNeID,Định danh điện tử VNeID; Kỹ năng số cơ bản,Trực tiếp,"
			"Huyện Hoà Bình (Phòng Văn hóa),Hội trường xã,,1,1,100.0%,0,0,0,1,0\r\n"
			",Tổng cộng,,,,,,30,9,6,66.7%,0,1,2,2,1");
	CHECK(strstr(csv, "Lớp năm trước") == NULL);
	CHECK(strstr(csv, "Lớp huyện khác") == NULL);
	free(csv);

	/* No period: every session of the subtree, oldest first. */
	csv = csv_of(build(cn_report_trainings, db, (cn_report_params){.unit_id = t.district}));
	CHECK_HAS(csv, "\r\n1,20/12/2025,Lớp năm trước,");
	CHECK_HAS(csv, ",Tổng cộng,,,,,,40,10,7,70.0%,");
	free(csv);

	cn_report_params bad = {.unit_id = t.district, .from = "31/12/2026", .to = "01/01/2026"};
	CHECK(cn_report_trainings(db, &bad, &err) == NULL);
	CHECK_HAS(err.msg, "trước từ ngày");
	bad = (cn_report_params){.from = "32/01/2026"};
	CHECK(cn_report_trainings(db, &bad, &err) == NULL);
	CHECK_HAS(err.msg, "Từ ngày");
	cn_db_close(db);
}

TEST(untrained_lists_members_never_present)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	struct people p = some_people(db, &t);
	cn_error err = {0};
	long long s = add_session(db, t.commune, "Lớp 1", "10/03/2026", 0);
	mark(db, s, p.commune[0], CN_ATT_PRESENT);
	mark(db, s, p.village_m[0], CN_ATT_PRESENT);
	mark(db, s, p.commune[1], CN_ATT_ABSENT);    /* absent: still untrained */
	mark(db, s, p.village_m[1], CN_ATT_INVITED); /* invited only: still untrained */
	CHECK_INT(cn_member_leave(db, p.district[1], "", &err), CN_OK);
	char *csv = csv_of(build(cn_report_untrained, db, (cn_report_params){.unit_id = t.district}));
	CHECK(strncmp(csv, "STT,Tỉnh,Huyện,Xã,Thôn/Ấp,Tổ,Họ và tên,Vai trò,Điện thoại\r\n"
			   "1,Tỉnh Bạc Liêu,Huyện Hoà Bình,,,Tổ CNSCĐ Huyện Hoà Bình,Nguyễn Văn Huyện,Tổ trưởng,\r\n"
			   "2,Tỉnh Bạc Liêu,Huyện Hoà Bình,Xã Vĩnh Mỹ A,,Tổ CNSCĐ Xã Vĩnh Mỹ A,Phạm Thị Xã,Thành viên,\r\n"
			   "3,Tỉnh Bạc Liêu,Huyện Hoà Bình,Xã Vĩnh Mỹ A,Ấp 1,Tổ CNSCĐ Ấp 1,Đặng Thị Thôn,Thành viên,\r\n"
			   ",Tổng cộng: 3 người,,,,,,,\r\n", 600) == 0);
	free(csv);
	cn_db_close(db);
}

struct by_child_sum {
	long long vneid;
	int self_rows;
};

static int sum_vneid(const cn_child_figure *f, void *ctx)
{
	struct by_child_sum *s = ctx;
	if (f->indicator_id == 3) /* VNEID_MUC2, third in the shipped catalogue */
		s->vneid += f->value;
	s->self_rows += f->is_self;
	return 0;
}

TEST(results_by_child_add_up_to_the_teams_across_three_levels)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	CHECK_INT(cn_indicator_id_by_code(db, "VNEID_MUC2"), 3);
	long long c2 = fx_unit(db, "31880", "Xã Minh Diệu", "Xã", t.district);
	long long v1 = fx_unit(db, "", "Ấp 1", "Ấp", t.commune);
	long long v2 = fx_unit(db, "", "Ấp 2", "Ấp", c2);
	long long teams[] = {fx_team(db, t.district), fx_team(db, t.commune), fx_team(db, c2), fx_team(db, v1),
			     fx_team(db, v2)};
	long long vneid[] = {3, 40, 25, 120, 95}, shops[] = {0, 4, 2, 11, 9};
	for (int i = 0; i < 5; i++)
		fx_report(db, teams[i], "2026-10", vneid[i], shops[i], true);
	fx_report(db, teams[3], "2026-11", 1000, 1000, false); /* a draft: not counted */

	/* District: its own team, then the communes in code order, as
	 * columns (a handful); no code column; the kind said. */
	char *csv = csv_of(build(cn_report_results, db,
				 (cn_report_params){.unit_id = t.district, .from = "2026-10", .to = "11/2026"}));
	CHECK(strncmp(csv, "STT,Chỉ tiêu,Đơn vị tính,Kết quả theo đơn vị - Riêng Huyện Hoà Bình,"
			   "Kết quả theo đơn vị - Xã Minh Diệu,Kết quả theo đơn vị - Xã Vĩnh Mỹ A,Tổng cộng,Chỉ tiêu giao,"
			   "% đạt\r\nI,Kết quả thực hiện các chỉ tiêu,", 230) == 0);
	CHECK_LINE(csv, "3,Tài khoản định danh điện tử VNeID mức 2 được kích hoạt (cộng dồn),tài khoản,3,120,160,283,,");
	CHECK_LINE(csv, "6,Cửa hàng số / hộ kinh doanh lên sàn thương mại điện tử (số cuối kỳ),cửa hàng,0,11,15,26,,");
	CHECK_LINE(csv, "1,Hộ gia đình được hướng dẫn (cộng dồn),hộ,0,0,0,0,,");
	CHECK(!strstr(csv, "VNEID_MUC2") && !strstr(csv, "›"));
	free(csv);

	/* Province: one column, the district, with the same totals. */
	csv = csv_of(build(cn_report_results, db,
			   (cn_report_params){.unit_id = t.province, .from = "2026-10", .to = "2026-11"}));
	CHECK_HAS(csv, "STT,Chỉ tiêu,Đơn vị tính,Kết quả theo đơn vị - Huyện Hoà Bình,Tổng cộng,");
	CHECK_LINE(csv, "3,Tài khoản định danh điện tử VNeID mức 2 được kích hoạt (cộng dồn),tài khoản,283,283,,");
	free(csv);

	/* The core's figures by child add up to the roll-up, drafts apart. */
	cn_error err = {0};
	struct by_child_sum s = {0};
	CHECK_INT(cn_results_by_child(db, t.district, "2026-10", "2026-11", false, sum_vneid, &s, &err), CN_OK);
	CHECK_INT(s.vneid, 283);
	CHECK(s.self_rows > 0);
	s = (struct by_child_sum){0};
	CHECK_INT(cn_results_by_child(db, 0, "2026-10", "2026-11", true, sum_vneid, &s, &err), CN_OK);
	CHECK_INT(s.vneid, 1283);
	CHECK_INT(s.self_rows, 0);
	cn_db_close(db);
}

TEST(results_show_reporting_rate_with_a_team_missing_and_targets)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long teams[4];
	for (int i = 0; i < 4; i++) {
		char name[16];
		snprintf(name, sizeof name, "Ấp %d", i + 1);
		teams[i] = fx_team(db, fx_unit(db, "", name, "Ấp", t.commune));
	}
	/* Teams 1..3 report for October; the third late; the fourth never. */
	for (int i = 0; i < 3; i++)
		fx_report(db, teams[i], "2026-10", 40, 1, true);
	cn_error err = {0};
	CHECK_INT(cn_db_exec(db, "UPDATE report SET submitted_at = '2026-11-05T09:00:00.000Z'", &err), CN_OK);
	CHECK_INT(cn_db_exec(db, "UPDATE report SET submitted_at = '2026-11-20T03:00:00.000Z' "
				 "WHERE id = (SELECT max(id) FROM report)", &err), CN_OK);
	long long vneid = cn_indicator_id_by_code(db, "VNEID_MUC2");
	CHECK_INT(cn_target_set(db, t.commune, vneid, "2026-01", "2026-12", 240, &err), CN_OK);

	setenv("CNSCD_TODAY", "20/11/2026", 1);
	char *csv = csv_of(build(cn_report_results, db,
				 (cn_report_params){.unit_id = t.commune, .from = "2026-10", .to = "2026-10"}));
	CHECK_LINE(csv, "3,Tài khoản định danh điện tử VNeID mức 2 được kích hoạt,tài khoản,40,40,40,0,120,240,50.0%");
	CHECK_LINE(csv, "1,Hộ gia đình được hướng dẫn,hộ,0,0,0,0,0,,");
	/* Part II: a table of its own, a row per unit with its own headers;
	 * never under "Chỉ tiêu giao" or "% đạt". */
	CHECK_LINE(csv, ",,,,,,,\r\n"
			"II,Tình hình gửi báo cáo tháng và duyệt kết quả,,,,,,\r\n"
			"STT,Đơn vị,Báo cáo tháng của các tổ - Phải gửi,Báo cáo tháng của các tổ - Đã gửi,"
			"Báo cáo tháng của các tổ - Gửi đúng hạn,Báo cáo tháng của các tổ - Tỷ lệ đã gửi,"
			"Báo cáo tháng của các tổ - Tỷ lệ đúng hạn,Duyệt kết quả\r\n"
			"1,Ấp 1,1,1,1,100.0%,100.0%,\r\n"
			"2,Ấp 2,1,1,1,100.0%,100.0%,\r\n"
			"3,Ấp 3,1,1,0,100.0%,0.0%,\r\n"
			"4,Ấp 4,1,0,0,0.0%,0.0%,\r\n"
			",Cộng,4,3,2,75.0%,50.0%,Chưa duyệt");
	free(csv);

	/* The due days come from the settings. */
	CHECK_INT(cn_setting_set(db, "report_due_days", "30", &err), CN_OK);
	setenv("CNSCD_TODAY", "06/12/2026", 1);
	cn_report *r = build(cn_report_results, db, (cn_report_params){.unit_id = t.commune, .from = "2026-10",
								       .to = "2026-10"});
	bool noted = false, pending = false;
	for (int i = 0; r->notes[i]; i++) {
		noted |= strstr(r->notes[i], "Tỷ lệ gửi báo cáo: 75% (3/4); gửi đúng hạn: 75% (3/4).") != NULL;
		pending |= strstr(r->notes[i], "chưa đến hạn") != NULL;
	}
	CHECK(noted);
	CHECK(!pending);
	csv = csv_of(r);
	CHECK_HAS(csv, "\r\n,Cộng,4,3,3,75.0%,75.0%,Chưa duyệt\r\n");
	free(csv);
	/* Before October's deadline of 30 days, nothing is owed yet: said so. */
	setenv("CNSCD_TODAY", "30/11/2026", 1);
	r = build(cn_report_results, db, (cn_report_params){.unit_id = t.commune, .from = "2026-10", .to = "2026-10"});
	for (int i = 0; r->notes[i]; i++)
		pending |= strstr(r->notes[i], "Tính đến ngày 30/11/2026, chưa đến hạn gửi: tháng 10/2026 (hạn 30/11/2026)") !=
			   NULL;
	CHECK(pending);
	csv = csv_of(r);
	CHECK_HAS(csv, "\r\n,Cộng,0,0,0,,,Chưa duyệt\r\n");
	free(csv);

	cn_report_params bad = {.unit_id = t.commune, .from = "2026-11", .to = "2026-10"};
	CHECK(cn_report_results(db, &bad, &err) == NULL);
	CHECK_HAS(err.msg, "trước từ tháng");
	bad.from = "13/2026";
	CHECK(cn_report_results(db, &bad, &err) == NULL);
	CHECK_HAS(err.msg, "Từ tháng");
	cn_db_close(db);
}

static int count_child(const cn_unit_child *c, void *ctx)
{
	(void)c;
	(*(int *)ctx)++;
	return 0;
}

TEST(results_have_a_row_per_child_when_there_are_a_hundred_and_twenty)
{
	cn_db *db = fx_open();
	long long province = fx_unit(db, "79", "Thành phố Hồ Chí Minh", "Thành phố Trung ương", 0);
	cn_error err = {0};
	CHECK_INT(cn_db_begin(db, &err), CN_OK);
	long long last = 0;
	for (int i = 0; i < 120; i++) {
		char code[16], name[32];
		snprintf(code, sizeof code, "%05d", 26000 + i);
		snprintf(name, sizeof name, "Phường Số %d", i + 1);
		last = fx_unit(db, code, name, "Phường", province);
	}
	CHECK_INT(cn_db_commit(db, &err), CN_OK);
	fx_report(db, fx_team(db, last), "2026-10", 7, 0, true);
	/* A ward closed before the period has no column. */
	CHECK_INT(cn_db_exec(db, "UPDATE unit SET valid_to = '2026-06-30' WHERE code = '26000'", &err), CN_OK);
	int n = 0;
	CHECK_INT(cn_unit_children(db, province, "2026-10-01", count_child, &n, &err), CN_OK);
	CHECK_INT(n, 119);
	cn_report *r = build(cn_report_results, db, (cn_report_params){.unit_id = province, .from = "2026-10",
								       .to = "2026-10"});
	/* Units as rows, at most 12 columns across: STT, unit and 6 and 5
	 * indicators in two tables, then the rates. */
	CHECK_INT(r->ncols, 1 + 6);
	CHECK_INT(cn_report_width(r), 7);
	CHECK_STR(r->cols[0].header, "Đơn vị");
	CHECK_STR(r->cols[3].header, "Tài khoản định danh điện tử VNeID mức 2 được kích hoạt (tài khoản)");
	char *csv = csv_of(r);
	CHECK_HAS(csv, "\r\n1,Phường Số 2,0,0,0,0,0,0\r\n");
	CHECK_HAS(csv, "\r\n119,Phường Số 120,0,0,7,0,0,0\r\n,Tổng cộng,0,0,7,0,0,0\r\n");
	CHECK_HAS(csv, "\r\n119,Phường Số 120,1,1,0,100.0%,0.0%,Chưa duyệt\r\n,Cộng,1,1,0,100.0%,0.0%,Chưa duyệt\r\n");
	CHECK_HAS(csv, "\r\n1,Phường Số 2,0,0,0,,,Không phải duyệt\r\n");
	free(csv);
	r = build(cn_report_results, db, (cn_report_params){.unit_id = province, .from = "2026-10", .to = "2026-10"});
	CHECK_INT(cn_report_write_xlsx(r, t_path("ket-qua.xlsx"), &err), CN_OK);
	cn_report_free(r);
	cn_db_close(db);
}

/* The plan of every cached statement whose SQL contains MARK. */
static char *plans_of(cn_db *db, const char *mark)
{
	cn_buf all = {0};
	sqlite3 *sq = cn_db_sqlite(db);
	for (sqlite3_stmt *st = sqlite3_next_stmt(sq, NULL); st; st = sqlite3_next_stmt(sq, st)) {
		if (!strstr(sqlite3_sql(st), mark))
			continue;
		char *explain = cn_sprintf("EXPLAIN QUERY PLAN %s", sqlite3_sql(st));
		sqlite3_stmt *ex;
		CHECK_INT(sqlite3_prepare_v2(sq, explain, -1, &ex, NULL), SQLITE_OK);
		while (sqlite3_step(ex) == SQLITE_ROW) {
			cn_buf_adds(&all, (const char *)sqlite3_column_text(ex, 3));
			cn_buf_addc(&all, '\n');
		}
		sqlite3_finalize(ex);
		free(explain);
	}
	return cn_buf_steal(&all);
}

TEST(roster_lists_units_in_code_order_and_streams_members_without_sorting)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	/* Added in the reverse of their codes' order. */
	long long later = fx_unit(db, "31950", "Xã Sau", "Xã", t.district);
	long long earlier = fx_unit(db, "31900", "Xã Trước", "Xã", t.district);
	fx_member(db, fx_team(db, later), "Người Xã Sau", CN_ROLE_LEADER);
	fx_member(db, fx_team(db, earlier), "Người Xã Trước", CN_ROLE_LEADER);
	fx_member(db, fx_team(db, t.commune), "Người Vĩnh Mỹ A", CN_ROLE_LEADER);
	char *csv = csv_of(build(cn_report_roster, db, (cn_report_params){.unit_id = t.district}));
	const char *a = strstr(csv, "Người Xã Trước"), *b = strstr(csv, "Người Vĩnh Mỹ A"), *c = strstr(csv, "Người Xã Sau");
	CHECK(a && b && c && a < b && b < c); /* 31900, 31933, 31950 */
	free(csv);

	cn_error err = {0};
	cn_roster_cursor *cur = cn_roster_open(db, earlier, CN_ROSTER_ACTIVE, &err);
	cn_roster_row row;
	CHECK_INT(cn_roster_next(cur, &row, &err), 1);
	CHECK_INT(row.team_rows, 1);
	CHECK(row.team_first);
	CHECK_STR(row.level_name[CN_LEVEL_PROVINCE], "Tỉnh Bạc Liêu");
	CHECK_STR(row.level_name[CN_LEVEL_DISTRICT], "Huyện Hoà Bình");
	CHECK_STR(row.level_name[CN_LEVEL_COMMUNE], "Xã Trước");
	CHECK_STR(row.parent_name, "Huyện Hoà Bình");
	CHECK_INT(cn_roster_next(cur, &row, &err), 0);
	cn_roster_close(cur);
	/* Members come in the order of the indexes: no sort of them. */
	char *plan = plans_of(db, "FROM team t JOIN member m");
	CHECK_HAS(plan, "SEARCH t USING INDEX team_unit (unit_id=?)");
	CHECK_HAS(plan, "SEARCH m USING INDEX member_team (team_id=?)");
	CHECK(strstr(plan, "TEMP B-TREE") == NULL);
	free(plan);
	/* The walk over the units follows unit_parent (only units are sorted). */
	plan = plans_of(db, "WITH RECURSIVE tree");
	CHECK_HAS(plan, "SEARCH c USING INDEX unit_parent (parent_id=?)");
	CHECK(strstr(plan, "SCAN unit") == NULL);
	free(plan);
	/* The size of a team is counted from an index alone. */
	plan = plans_of(db, "SELECT count(*) FROM member");
	CHECK_HAS(plan, "COVERING INDEX member_stats (team_id=? AND left_on=?)");
	free(plan);
	cn_db_close(db);
}
