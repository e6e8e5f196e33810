/* The attendance and results importers, and xlsx input, on real database
 * files. Workbooks are written here with libxlsxwriter (shared strings in
 * the default mode, inline strings in constant-memory mode). */
#include <stdlib.h>
#include <xlsxwriter.h>

#include "../../src/core/import_xlsx_internal.h"
#include "cnscd/attendance.h"
#include "cnscd/import.h"
#include "cnscd/os.h"
#include "cnscd/results.h"
#include "cnscd/text.h"
#include "cnscd/training.h"
#include "fixture.h"
#include "import_check.h"

#define CHECK_SQL(db, sql, want) CHECK_INT(count(db, sql), want)
#define CHECK_PROBLEMS(res, want) \
	do { char *t_p = problems(res); CHECK_STR(t_p, want); free(t_p); } while (0)

/* The notes of RES, one per line. */
static char *notes(const cn_import_result *res)
{
	cn_buf b = {0};
	for (int i = 0; i < res->nnotes; i++)
		cn_buf_printf(&b, "%s\n", res->notes[i]);
	return cn_buf_steal(&b);
}

static long long member_with(cn_db *db, long long team, const char *name, const char *phone, const char *idnum)
{
	cn_error err = {0};
	cn_member m = {.team_id = team, .full_name = cn_strdup(name), .phone = phone ? cn_strdup(phone) : NULL,
		       .id_number = idnum ? cn_strdup(idnum) : NULL, .role = CN_ROLE_MEMBER};
	if (cn_member_add(db, &m, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "member %s: %s", name, err.msg);
	long long id = m.id;
	cn_member_clear(&m);
	return id;
}

static long long session(cn_db *db, long long unit)
{
	cn_error err = {0};
	cn_training t = {.unit_id = unit, .title = "Tập huấn kỹ năng số", .start_date = "05/12/2026"};
	if (cn_training_add(db, &t, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "training: %s", err.msg);
	return t.id;
}

static int status_of(cn_db *db, long long training, long long member)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT status FROM attendance WHERE training_id = %lld AND member_id = %lld", training,
		 member);
	return (int)count(db, sql);
}

static int import_attendance(cn_db *db, long long training, const char *csv, cn_import_result *res, cn_error *err)
{
	return cn_import_attendance(db, training, t_write_file("att.csv", csv), NULL, res, err);
}

/* Bạc Liêu > Hòa Bình > Vĩnh Mỹ A > Ấp Xẻo Gừa, a team in the commune and
 * one in the village, both with a Lê Văn Cường. */
struct att_fx {
	struct fx_tree t;
	long long village, tc, tv, an, binh, cuong_c, cuong_v, training;
};

static struct att_fx att_fixture(cn_db *db)
{
	struct att_fx f;
	f.t = fx_bac_lieu(db);
	f.village = fx_unit(db, "31933.01", "Ấp Xẻo Gừa", "Ấp", f.t.commune);
	f.tc = fx_team(db, f.t.commune);
	f.tv = fx_team(db, f.village);
	f.an = member_with(db, f.tc, "Nguyễn Văn An", "0912345678", "095085000123");
	f.binh = member_with(db, f.tc, "Trần Thị Bình", "0987654321", NULL);
	f.cuong_c = member_with(db, f.tc, "Lê Văn Cường", NULL, NULL);
	f.cuong_v = member_with(db, f.tv, "Lê Văn Cường", NULL, NULL);
	f.training = session(db, f.t.district);
	return f;
}

static const char attendance_csv[] =
	"full_name,phone,id_number,unit_code,position,status\n"
	"Nguyễn V. An,,095085000123,,,x\n"           /* by ID number, though the name differs */
	"Bình,0987 654 321,,,,Có mặt\n"              /* by phone: the given names agree */
	"Trần Văn Tùng,0987654321,,,,\n"             /* same phone, another person: a guest */
	"le van cuong,,,31933,,Vắng\n"               /* the commune's own team first */
	"LÊ VĂN CƯỜNG,,,31933.01,,Vắng có phép\n"    /* the village's */
	"Phạm Văn X,0912000111,,Công an huyện,Phó trưởng công an,\n"
	"Người Mới,,,31933,,\n"
	"Nguyễn Văn An,,001099000001,31933,,\n";     /* another ID number: not An */

TEST(attendance_matches_by_id_then_phone_then_name)
{
	cn_db *db = fx_open();
	struct att_fx f = att_fixture(db);
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(import_attendance(db, f.training, attendance_csv, &res, &err), CN_OK);
	CHECK_INT(res.matched, 4);
	CHECK_INT(res.guests, 4);
	CHECK_INT(res.added, 8);
	CHECK_INT(status_of(db, f.training, f.an), CN_ATT_PRESENT);
	CHECK_INT(status_of(db, f.training, f.binh), CN_ATT_PRESENT);
	CHECK_INT(status_of(db, f.training, f.cuong_c), CN_ATT_ABSENT);
	CHECK_INT(status_of(db, f.training, f.cuong_v), CN_ATT_EXCUSED);
	CHECK_SQL(db, "SELECT count(*) FROM attendance WHERE member_id IS NULL", 4);
	CHECK_SQL_STR(db, "SELECT guest_unit || '|' || guest_position || '|' || guest_phone FROM attendance "
			  "WHERE guest_name = 'Phạm Văn X'", "Công an huyện|Phó trưởng công an|0912000111");
	CHECK_SQL_STR(db, "SELECT guest_unit FROM attendance WHERE guest_name = 'Người Mới'", "Xã Vĩnh Mỹ A");
	char *n = notes(&res);
	CHECK_STR(n, "Không khớp thành viên nào, ghi là khách mời: dòng 4 Trần Văn Tùng (0987654321)\n"
		     "Không khớp thành viên nào, ghi là khách mời: dòng 7 Phạm Văn X (0912000111)\n"
		     "Không khớp thành viên nào, ghi là khách mời: dòng 8 Người Mới\n"
		     "Không khớp thành viên nào, ghi là khách mời: dòng 9 Nguyễn Văn An\n");
	free(n);
	char *summary = cn_import_summary(&res);
	CHECK_STR(summary, "Nhập điểm danh: khớp thành viên 4, khách mời 4; thêm mới 8, cập nhật 0, không đổi 0, "
			   "bị loại 0 dòng.");
	free(summary);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(attendance_import_again_changes_nothing_and_a_new_status_updates)
{
	cn_db *db = fx_open();
	struct att_fx f = att_fixture(db);
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(import_attendance(db, f.training, attendance_csv, &res, &err), CN_OK);
	cn_import_result_clear(&res);
	char *before = text(db, "SELECT group_concat(id || ':' || status || ':' || coalesce(checked_in_at, '') || ':' || "
				"updated_at, ',') FROM attendance");
	CHECK_INT(import_attendance(db, f.training, attendance_csv, &res, &err), CN_OK);
	CHECK_INT(res.added, 0);
	CHECK_INT(res.updated, 0);
	CHECK_INT(res.unchanged, 8);
	CHECK_INT(res.guests, 4);
	CHECK_INT(res.nnotes, 4);
	char *after = text(db, "SELECT group_concat(id || ':' || status || ':' || coalesce(checked_in_at, '') || ':' || "
			       "updated_at, ',') FROM attendance");
	CHECK_STR(after, before);
	free(before);
	free(after);
	cn_import_result_clear(&res);
	/* A guest typed without marks and a member who turned up after all. */
	CHECK_INT(import_attendance(db, f.training,
				    "full_name,phone,status\n"
				    "pham van x,0912 000 111,vắng\n"
				    "Lê Văn Cường,,có mặt\n", &res, &err), CN_EINVAL);
	CHECK_PROBLEMS(&res, "dòng 3, cột 1 (full_name): Có 2 thành viên cùng họ tên «Lê Văn Cường» (Tổ CNSCĐ Xã "
			     "Vĩnh Mỹ A, Tổ CNSCĐ Ấp Xẻo Gừa): hãy ghi thêm số CCCD hoặc số điện thoại để biết là ai\n");
	cn_import_result_clear(&res);
	CHECK_INT(import_attendance(db, f.training,
				    "full_name,phone,unit_code,status\n"
				    "pham van x,0912 000 111,,vắng\n"
				    "Lê Văn Cường,,31933,có mặt\n", &res, &err), CN_OK);
	CHECK_INT(res.updated, 2);
	CHECK_SQL(db, "SELECT count(*) FROM attendance", 8);
	CHECK_SQL(db, "SELECT status FROM attendance WHERE guest_name = 'Phạm Văn X'", CN_ATT_ABSENT);
	CHECK_INT(status_of(db, f.training, f.cuong_c), CN_ATT_PRESENT);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(attendance_name_without_unit_looks_at_the_list_first)
{
	cn_db *db = fx_open();
	struct att_fx f = att_fixture(db);
	cn_import_result res;
	cn_error err = {0};
	const char *csv = "Họ và tên,Trạng thái\nLê Văn Cường,x\n";
	CHECK_INT(import_attendance(db, f.training, csv, &res, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "có 1 dòng lỗi; chưa ghi gì");
	CHECK_SQL(db, "SELECT count(*) FROM attendance", 0);
	cn_import_result_clear(&res);
	int added;
	CHECK_INT(cn_attendance_invite_team(db, f.training, f.tv, &added, &err), CN_OK);
	CHECK_INT(import_attendance(db, f.training, csv, &res, &err), CN_OK);
	CHECK_INT(res.matched, 1);
	CHECK_INT(res.updated, 1); /* invited → present */
	CHECK_INT(status_of(db, f.training, f.cuong_v), CN_ATT_PRESENT);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(attendance_bad_rows_repeats_and_unknown_session)
{
	cn_db *db = fx_open();
	struct att_fx f = att_fixture(db);
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(import_attendance(db, f.training + 100, attendance_csv, &res, &err), CN_ENOTFOUND);
	CHECK_HAS(err.msg, "Không tìm thấy lớp tập huấn số");
	cn_import_result_clear(&res);
	CHECK_INT(import_attendance(db, f.training,
				    "full_name,phone,id_number,status\n"
				    "Nguyễn Văn An,0912345678,,x\n"
				    ",012,12345,đến muộn\n"
				    "An,,095085000123,x\n", &res, &err), CN_EINVAL);
	CHECK_PROBLEMS(&res,
		       "dòng 3, cột 1 (full_name): Họ và tên không được để trống\n"
		       "dòng 3, cột 2 (phone): Số điện thoại «012» không hợp lệ: cần 10 chữ số bắt đầu bằng 0 (số bàn 11 "
		       "chữ số bắt đầu bằng 02), hoặc dạng +84…\n"
		       "dòng 3, cột 3 (id_number): Số CCCD/định danh «12345» không hợp lệ: cần đúng 12 chữ số (đang có 5 "
		       "ký tự)\n"
		       "dòng 3, cột 4 (status): Trạng thái «đến muộn» không hợp lệ: chọn Có mặt, Vắng hoặc Vắng có phép\n"
		       "dòng 4, cột 1 (full_name): Trùng với dòng 2: cùng một người (Nguyễn Văn An)\n");
	CHECK_SQL(db, "SELECT count(*) FROM attendance", 0);
	cn_import_result_clear(&res);
	cn_import_options opt = {.skip_invalid = true};
	CHECK_INT(cn_import_attendance(db, f.training, t_path("att.csv"), &opt, &res, &err), CN_OK);
	CHECK_INT(res.rejected, 2);
	CHECK_INT(res.added, 1);
	CHECK_STR(res.reject_path, t_path("att.loi.csv"));
	cn_import_result_clear(&res);
	cn_db_close(db);
}

/* --- results ------------------------------------------------------------ */

static long long named_team(cn_db *db, long long unit, const char *name)
{
	cn_error err = {0};
	cn_team t = {.unit_id = unit, .name = (char *)name};
	if (cn_team_add(db, &t, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "team: %s", err.msg);
	return t.id;
}

static long long vneid_rollup;

static int take_vneid(const cn_rollup *r, void *ctx)
{
	(void)ctx;
	if (strcmp(r->indicator->code, "VNEID_MUC2") == 0)
		vneid_rollup = r->value;
	return 0;
}

static long long rollup(cn_db *db, long long unit, bool drafts)
{
	cn_error err = {0};
	vneid_rollup = -1;
	if (cn_results_rollup(db, unit, "2026-10", "2026-10", drafts, take_vneid, NULL, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "rollup: %s", err.msg);
	return vneid_rollup;
}

static int import_results(cn_db *db, const char *csv, const cn_import_options *opt, cn_import_result *res,
			  cn_error *err)
{
	return cn_import_results(db, t_write_file("results.csv", csv), opt, res, err);
}

static const char results_csv[] =
	"period,unit_code,team,indicator_code,value\n"
	"2026-10,95,,VNEID_MUC2,1.234\n"
	"10/2026,961,,vneid_muc2,\"2,000\"\n"
	"2026-10,31933,,VNEID_MUC2,40\n"
	"2026-10,31933,tổ công nghệ số ấp 1,VNEID_MUC2,1 500\n"
	"2026-10,31933,Tổ CNSCĐ Xã Vĩnh Mỹ A,TUYEN_TRUYEN,3\n"
	"2026-10,31933,,VSSID,\n";

TEST(results_into_three_levels_roll_up_to_their_sum)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	fx_team(db, t.province);
	fx_team(db, t.district);
	fx_team(db, t.commune);
	named_team(db, t.commune, "Tổ công nghệ số Ấp 1");
	cn_import_result res;
	cn_error err = {0};
	cn_import_options opt = {.submit = true, .by = "Cán bộ xã"};
	CHECK_INT(import_results(db, results_csv, &opt, &res, &err), CN_OK);
	CHECK_INT(res.added, 5);
	CHECK_INT(res.unchanged, 1); /* the empty value */
	CHECK_INT(res.reports_submitted, 4);
	cn_import_result_clear(&res);
	CHECK_SQL(db, "SELECT count(*) FROM report WHERE status = 1 AND submitted_by = 'Cán bộ xã'", 4);
	CHECK_INT(rollup(db, t.province, false), 1234 + 2000 + 40 + 1500);
	CHECK_INT(rollup(db, t.province, false),
		  count(db, "SELECT sum(value) FROM result r JOIN indicator i ON i.id = r.indicator_id "
			    "WHERE i.code = 'VNEID_MUC2'"));
	CHECK_INT(rollup(db, t.district, false), 2000 + 40 + 1500);
	CHECK_INT(rollup(db, t.commune, false), 40 + 1500);
	/* Again, also with --submit: nothing changes, nothing is resubmitted. */
	char *before = text(db, "SELECT group_concat(id || status || updated_at) FROM report");
	CHECK_INT(import_results(db, results_csv, &opt, &res, &err), CN_OK);
	CHECK_INT(res.added + res.updated, 0);
	CHECK_INT(res.unchanged, 6);
	CHECK_INT(res.reports_submitted, 0);
	CHECK_SQL(db, "SELECT count(*) FROM report_log", 4);
	CHECK_SQL_STR(db, "SELECT group_concat(id || status || updated_at) FROM report", before);
	free(before);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(results_for_a_submitted_report_need_reopen)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	fx_team(db, t.commune);
	cn_import_result res;
	cn_error err = {0};
	cn_import_options submit = {.submit = true, .by = "Cán bộ xã"}, reopen = {.reopen = true, .by = "Cán bộ xã"};
	CHECK_INT(import_results(db, "period,unit_code,indicator_code,value\n2026-10,31933,VNEID_MUC2,40\n", &submit,
				 &res, &err), CN_OK);
	cn_import_result_clear(&res);
	const char *changed = "period,unit_code,indicator_code,value\n2026-10,31933,VNEID_MUC2,41\n"
			      "2026-10,31933,VSSID,0\n";
	CHECK_INT(import_results(db, changed, NULL, &res, &err), CN_EINVAL);
	CHECK_PROBLEMS(&res, "dòng 2, cột 4 (value): Báo cáo tháng 2026-10 của Tổ CNSCĐ Xã Vĩnh Mỹ A đã gửi; hãy mở lại "
			     "trước khi nhập (hoặc nhập với tùy chọn --reopen)\n"
			     "dòng 3, cột 4 (value): Báo cáo tháng 2026-10 của Tổ CNSCĐ Xã Vĩnh Mỹ A đã gửi; hãy mở lại "
			     "trước khi nhập (hoặc nhập với tùy chọn --reopen)\n");
	CHECK_SQL(db, "SELECT value FROM result", 40);
	cn_import_result_clear(&res);
	CHECK_INT(import_results(db, changed, &reopen, &res, &err), CN_OK);
	CHECK_INT(res.updated, 1);
	CHECK_INT(res.added, 1);
	CHECK_INT(res.reports_reopened, 1);
	char *summary = cn_import_summary(&res);
	CHECK_STR(summary, "Nhập số liệu: thêm mới 1, cập nhật 1, không đổi 0, bị loại 0 dòng. Đã mở lại 1 báo cáo.");
	free(summary);
	cn_import_result_clear(&res);
	CHECK_SQL(db, "SELECT status FROM report", CN_MONTH_REPORT_DRAFT);
	CHECK_SQL_STR(db, "SELECT group_concat(action || ':' || by || ':' || coalesce(note, ''), ',') FROM "
			  "(SELECT * FROM report_log ORDER BY id)",
		      "submit:Cán bộ xã:,reopen:Cán bộ xã:nhập lại số liệu từ tệp results.csv");
	CHECK_SQL(db, "SELECT sum(value) FROM result", 41);
	cn_db_close(db);
}

TEST(results_values_with_thousand_separators)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	fx_team(db, t.commune);
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(import_results(db,
				 "period,unit_code,indicator_code,value\n"
				 "2026-01,31933,VSSID,1.234\n"
				 "2026-02,31933,VSSID,\"1,234\"\n"
				 "2026-03,31933,VSSID,1 234 567\n"
				 "2026-04,31933,VSSID,0\n"
				 "2026-05,31933,VSSID,12.5\n"
				 "2026-06,31933,VSSID,1.2345\n"
				 "2026-07,31933,VSSID,\"1,23\"\n"
				 "2026-08,31933,VSSID,-3\n"
				 "2026-09,31933,VSSID,\"1.234,5\"\n"
				 "2026-10,31933,VSSID,2000000000\n"
				 "2026-11,31933,NOPE,1\n"
				 "2026-13,31933,VSSID,1\n"
				 "2026-12,31933,VSSID,1\n"
				 "12/2026,31933,vssid,2\n", NULL, &res, &err), CN_EINVAL);
	CHECK_PROBLEMS(&res,
		       "dòng 6, cột 4 (value): Số liệu «12.5» không hợp lệ: cần số nguyên không âm; dấu chấm hoặc dấu "
		       "phẩy chỉ dùng để tách hàng nghìn (ví dụ 1.234)\n"
		       "dòng 7, cột 4 (value): Số liệu «1.2345» không hợp lệ: cần số nguyên không âm; dấu chấm hoặc dấu "
		       "phẩy chỉ dùng để tách hàng nghìn (ví dụ 1.234)\n"
		       "dòng 8, cột 4 (value): Số liệu «1,23» không hợp lệ: cần số nguyên không âm; dấu chấm hoặc dấu "
		       "phẩy chỉ dùng để tách hàng nghìn (ví dụ 1.234)\n"
		       "dòng 9, cột 4 (value): Số liệu «-3» không hợp lệ: cần số nguyên không âm; dấu chấm hoặc dấu "
		       "phẩy chỉ dùng để tách hàng nghìn (ví dụ 1.234)\n"
		       "dòng 10, cột 4 (value): Số liệu «1.234,5» không hợp lệ: cần số nguyên không âm; dấu chấm hoặc "
		       "dấu phẩy chỉ dùng để tách hàng nghìn (ví dụ 1.234)\n"
		       "dòng 11, cột 4 (value): Số liệu 2000000000 quá lớn (tối đa 1.000.000.000)\n"
		       "dòng 12, cột 3 (indicator_code): Không có chỉ tiêu mang mã «NOPE» (xem danh mục chỉ tiêu)\n"
		       "dòng 13, cột 1 (period): Kỳ báo cáo «2026-13» không đúng dạng tháng yyyy-mm (ví dụ 2026-11)\n"
		       "dòng 15, cột 3 (indicator_code): Trùng với dòng 14: cùng tổ, cùng tháng, cùng chỉ tiêu\n");
	cn_import_result_clear(&res);
	cn_import_options skip = {.skip_invalid = true};
	CHECK_INT(cn_import_results(db, t_path("results.csv"), &skip, &res, &err), CN_OK);
	CHECK_INT(res.added, 5);
	CHECK_INT(res.rejected, 9);
	cn_import_result_clear(&res);
	CHECK_SQL_STR(db, "SELECT group_concat(period || '=' || value, ' ') FROM (SELECT period, value FROM result "
			  "JOIN report ON report.id = result.report_id ORDER BY period)",
		      "2026-01=1234 2026-02=1234 2026-03=1234567 2026-04=0 2026-12=1");
	cn_db_close(db);
}

TEST(results_submit_leaves_reports_with_bad_rows_as_drafts)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	fx_team(db, t.commune);
	fx_team(db, t.district);
	cn_import_result res;
	cn_error err = {0};
	cn_import_options opt = {.submit = true, .skip_invalid = true, .by = "Cán bộ xã"};
	CHECK_INT(import_results(db,
				 "period,unit_code,indicator_code,value\n"
				 "2026-10,31933,VNEID_MUC2,40\n"
				 "2026-10,31933,VSSID,bốn\n"
				 "2026-10,961,VSSID,4\n", &opt, &res, &err), CN_OK);
	CHECK_INT(res.added, 2);
	CHECK_INT(res.reports_submitted, 1);
	char *n = notes(&res);
	CHECK_STR(n, "Báo cáo tháng 2026-10 của Tổ CNSCĐ Xã Vĩnh Mỹ A chưa gửi vì có dòng lỗi\n");
	free(n);
	cn_import_result_clear(&res);
	CHECK_SQL_STR(db, "SELECT group_concat(t.name || '=' || r.status, ', ') FROM report r JOIN team t "
			  "ON t.id = r.team_id", "Tổ CNSCĐ Xã Vĩnh Mỹ A=0, Tổ CNSCĐ Huyện Hoà Bình=1");
	cn_db_close(db);
}

TEST(header_below_title_rows)
{
	cn_db *db = fx_open();
	struct att_fx f = att_fixture(db);
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(import_attendance(db, f.training,
				    "UBND HUYỆN HÒA BÌNH,,\n"
				    "DANH SÁCH ĐIỂM DANH,,\n"
				    "\n"
				    "STT,Họ và tên,Điểm danh\n"
				    "1,Trần Thị Bình,x\n", &res, &err), CN_OK);
	CHECK_INT(res.matched, 1);
	cn_import_result_clear(&res);
	CHECK_INT(import_attendance(db, f.training, "DANH SÁCH\nSTT,Tên người dự\n1,Trần Thị Bình\n", &res, &err),
		  CN_EINVAL);
	CHECK_HAS(err.msg, "dòng tiêu đề (dòng 1) thiếu cột bắt buộc «full_name». Các cột đang có: DANH SÁCH");
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(results_unknown_team_and_member_split)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	long long m = fx_member(db, team, "Nguyễn Văn An", CN_ROLE_MEMBER);
	cn_error err = {0};
	long long rep, ind = cn_indicator_id_by_code(db, "VNEID_MUC2");
	cn_month_report_open(db, team, "2026-10", true, &rep, NULL, &err);
	cn_result_set(db, rep, ind, m, 7, &err);
	cn_import_result res;
	CHECK_INT(import_results(db,
				 "period,unit_code,team,indicator_code,value\n"
				 "2026-10,31933,,VNEID_MUC2,9\n"
				 "2026-10,31933,Tổ Không Có,VNEID_MUC2,9\n"
				 "2026-10,961,,VNEID_MUC2,9\n", NULL, &res, &err), CN_EINVAL);
	CHECK_PROBLEMS(&res,
		       "dòng 2, cột 5 (value): Báo cáo tháng 2026-10 của Tổ CNSCĐ Xã Vĩnh Mỹ A đã ghi chỉ tiêu này theo "
		       "từng thành viên; số của cả tổ sẽ không được tính: hãy sửa số liệu từng người trong báo cáo\n"
		       "dòng 3, cột 3 (team): Xã Vĩnh Mỹ A không có tổ nào tên «Tổ Không Có»\n"
		       "dòng 4, cột 2 (unit_code): Huyện Hoà Bình chưa có Tổ CNSCĐ nào: hãy lập tổ trước khi nhập số "
		       "liệu\n");
	cn_import_result_clear(&res);
	cn_db_close(db);
}

/* --- xlsx: cells ---------------------------------------------------------- */

static void check_number(const char *v, int kind, int digits, bool date1904, const char *want, int line)
{
	cn_cell_format f = {(unsigned char)kind, (unsigned char)digits};
	char *got = xlsx_number_text(v, f, date1904);
	if (!want && got)
		t_fail(__FILE__, line, "«%s» → «%s», expected to stay as written", v, got);
	else if (want && (!got || strcmp(got, want) != 0))
		t_fail(__FILE__, line, "«%s» → «%s», expected «%s»", v, got ? got : "(as written)", want);
	free(got);
}

#define NUMBER(v, kind, digits, want) check_number(v, kind, digits, false, want, __LINE__)

TEST(xlsx_numbers_read_as_their_column)
{
	NUMBER("1234", CN_CELL_TEXT, 0, "1234");
	NUMBER("1234.0", CN_CELL_TEXT, 0, "1234");
	NUMBER("1.234E3", CN_CELL_TEXT, 0, "1234");
	NUMBER("1.234E5", CN_CELL_TEXT, 0, "123400");
	NUMBER("12340E-1", CN_CELL_TEXT, 0, "1234");
	NUMBER(" 12 ", CN_CELL_TEXT, 0, "12");
	NUMBER("-5", CN_CELL_TEXT, 0, "-5");
	NUMBER("0", CN_CELL_TEXT, 0, "0");
	NUMBER("0.5", CN_CELL_TEXT, 0, NULL);
	NUMBER("0.30000000000000004", CN_CELL_TEXT, 0, NULL);
	NUMBER("abc", CN_CELL_TEXT, 0, NULL);
	NUMBER("1E999", CN_CELL_TEXT, 0, NULL);
	NUMBER("", CN_CELL_TEXT, 0, NULL);
	/* Phones that lost their 0, and ID numbers stored as numbers. */
	NUMBER("912345678", CN_CELL_PHONE, 0, "0912345678");
	NUMBER("393123456", CN_CELL_PHONE, 0, "0393123456");
	NUMBER("2913822222", CN_CELL_PHONE, 0, "02913822222");
	NUMBER("84912345678", CN_CELL_PHONE, 0, "84912345678");
	NUMBER("123456789", CN_CELL_PHONE, 0, "123456789");
	NUMBER("95085000123", CN_CELL_TEXT, 12, "095085000123");
	NUMBER("9.5085000123E10", CN_CELL_TEXT, 12, "095085000123");
	NUMBER("1085000123", CN_CELL_TEXT, 12, "001085000123");
	NUMBER("195085000123", CN_CELL_TEXT, 12, "195085000123");
	NUMBER("1", CN_CELL_TEXT, 2, "01");
	/* Dates in the 1900 system, with its 29/02/1900 that never was. */
	NUMBER("45366", CN_CELL_DATE, 0, "15/03/2024");
	NUMBER("45366.75", CN_CELL_DATE, 0, "15/03/2024");
	NUMBER("1", CN_CELL_DATE, 0, "01/01/1900");
	NUMBER("59", CN_CELL_DATE, 0, "28/02/1900");
	NUMBER("60", CN_CELL_DATE, 0, "29/02/1900");
	NUMBER("61", CN_CELL_DATE, 0, "01/03/1900");
	NUMBER("73415", CN_CELL_DATE, 0, "31/12/2100");
	NUMBER("73416", CN_CELL_DATE, 0, "73416");
	NUMBER("0", CN_CELL_DATE, 0, "0");
	NUMBER("46296", CN_CELL_MONTH, 0, "2026-10");
	check_number("1", CN_CELL_DATE, 0, true, "02/01/1904", __LINE__);
	check_number("43904", CN_CELL_DATE, 0, true, "15/03/2024", __LINE__);
}

TEST(xlsx_strings_escapes_and_cell_references)
{
	char s[64];
	snprintf(s, sizeof s, "a_x000D_b_x000a_c");
	xlsx_unescape(s);
	CHECK_STR(s, "a\rb\nc");
	snprintf(s, sizeof s, "_x005F_x000D_");
	xlsx_unescape(s);
	CHECK_STR(s, "_x000D_");
	snprintf(s, sizeof s, "Có_x0020_mặt _x00");
	xlsx_unescape(s);
	CHECK_STR(s, "Có mặt _x00");
	snprintf(s, sizeof s, "_x0000__xD800__x1EA0_");
	xlsx_unescape(s);
	CHECK_STR(s, "_x0000__xD800_Ạ");
	CHECK_INT(xlsx_column_of("A1"), 0);
	CHECK_INT(xlsx_column_of("Z9"), 25);
	CHECK_INT(xlsx_column_of("AA10"), 26);
	CHECK_INT(xlsx_column_of("xfd1048576"), 16383);
	CHECK_INT(xlsx_column_of("1A"), -1);
	CHECK_INT(xlsx_column_of("A"), -1);
	CHECK_INT(xlsx_column_of("ZZZZZZZ1"), -1);
}

/* --- xlsx: workbooks -------------------------------------------------------- */

static void write_row(lxw_worksheet *ws, int row, const char *const *cells, int n)
{
	for (int c = 0; c < n; c++)
		if (cells[c])
			worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, cells[c], NULL);
}

/* A members workbook: a first sheet of instructions, then "Thành viên"
 * with numbers where Excel users put them. */
static const char *members_workbook(const char *name, bool constant_memory)
{
	const char *path = t_path(name);
	lxw_workbook_options opt = {.constant_memory = constant_memory, .tmpdir = (char *)t_tmpdir()};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *help = workbook_add_worksheet(wb, "Hướng dẫn");
	worksheet_write_string(help, 0, 0, "Điền danh sách ở trang sau", NULL);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Thành viên");
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "dd/mm/yyyy");
	static const char *const header[] = {"Mã đơn vị", "Họ và tên", "Số điện thoại", "Số CCCD", "Năm sinh",
					     "Ngày vào tổ", "Vai trò"};
	write_row(ws, 1, header, 7); /* the header on row 2, row 1 empty */
	worksheet_write_number(ws, 2, 0, 31933, NULL);
	worksheet_write_string(ws, 2, 1, "Nguyễn Văn An", NULL);
	worksheet_write_number(ws, 2, 2, 912345678, NULL);
	worksheet_write_number(ws, 2, 3, 95085000123.0, NULL);
	worksheet_write_number(ws, 2, 4, 1985, NULL);
	lxw_datetime joined = {2024, 3, 15, 0, 0, 0};
	worksheet_write_datetime(ws, 2, 5, &joined, date);
	worksheet_write_string(ws, 2, 6, "Tổ trưởng", NULL);
	/* Row 4 left empty; row 5 skips cells. */
	worksheet_write_string(ws, 4, 0, "31933", NULL);
	worksheet_write_string(ws, 4, 1, "Trần Thị Bình", NULL);
	worksheet_write_string(ws, 4, 6, "Tổ phó", NULL);
	worksheet_write_string(ws, 5, 0, "31933", NULL);
	worksheet_write_string(ws, 5, 1, "Lê Văn Cường", NULL);
	worksheet_write_number(ws, 5, 4, 1890, NULL); /* a bad birth year, to see where it is reported */
	if (workbook_close(wb) != LXW_NO_ERROR)
		t_fail(__FILE__, __LINE__, "workbook %s not written", path);
	return path;
}

static void check_members_from_workbook(bool constant_memory)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	const char *path = members_workbook("members.xlsx", constant_memory);
	cn_import_result res;
	cn_error err = {0};
	/* The first sheet holds no list. */
	CHECK_INT(cn_import_members(db, path, NULL, &res, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "thiếu cột bắt buộc");
	cn_import_result_clear(&res);
	cn_import_options opt = {.sheet = "thanh vien"};
	CHECK_INT(cn_import_members(db, path, &opt, &res, &err), CN_EINVAL);
	CHECK_INT(res.nproblems, 1);
	char *p = problems(&res);
	CHECK_HAS(p, "dòng 6, cột 5 (Năm sinh): Năm sinh «1890» không hợp lệ");
	free(p);
	cn_import_result_clear(&res);
	opt.skip_invalid = true;
	CHECK_INT(cn_import_members(db, path, &opt, &res, &err), CN_OK);
	CHECK_INT(res.added, 2);
	cn_import_result_clear(&res);
	CHECK_SQL_STR(db, "SELECT phone || ' ' || id_number || ' ' || birth_year || ' ' || joined || ' ' || role "
			  "FROM member WHERE full_name = 'Nguyễn Văn An'", "0912345678 095085000123 1985 2024-03-15 1");
	CHECK_SQL(db, "SELECT role FROM member WHERE full_name = 'Trần Thị Bình'", CN_ROLE_DEPUTY);
	char *reject = cn_os_read_file(t_path("members.loi.csv"), NULL, &err);
	CHECK_HAS(reject, "31933,Lê Văn Cường,,,1890,,,\"dòng 6, cột 5 (Năm sinh)");
	free(reject);
	cn_db_close(db);
}

TEST(xlsx_shared_strings_numbers_dates_skipped_cells_second_sheet)
{
	check_members_from_workbook(false);
}

TEST(xlsx_inline_strings)
{
	check_members_from_workbook(true);
}

TEST(xlsx_limits_refuse_cleanly)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	const char *path = t_path("big.xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	worksheet_write_string(ws, 0, 0, "unit_code", NULL);
	worksheet_write_string(ws, 0, 1, "full_name", NULL);
	char long_name[3000];
	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	worksheet_write_string(ws, 1, 0, "31933", NULL);
	worksheet_write_string(ws, 1, 1, long_name, NULL);
	worksheet_write_string(ws, 2, 0, "31933", NULL);
	worksheet_write_string(ws, 2, 1, "Nguyễn Văn An", NULL);
	worksheet_write_string(ws, 2, 7, "ô xa", NULL);
	for (int r = 3; r < 400; r++)
		worksheet_write_number(ws, (lxw_row_t)r, 0, r, NULL);
	CHECK_INT(workbook_close(wb), LXW_NO_ERROR);
	cn_xlsx_limits.cell_bytes = 2048;
	cn_xlsx_limits.columns = 5;
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(cn_import_members(db, path, NULL, &res, &err), CN_EINVAL);
	char *p = problems(&res);
	CHECK_HAS(p, "dòng 2, cột 2 (full_name): ô dài hơn 2 KB, quá giới hạn đọc\n"
		     "dòng 3, cột 8: ô ở cột thứ 8: bảng có quá 5 cột, quá giới hạn đọc\n");
	free(p);
	cn_import_result_clear(&res);
	cn_xlsx_limits.part_bytes = 4096;
	CHECK_INT(cn_import_members(db, path, NULL, &res, &err), CN_EIO);
	CHECK_HAS(err.msg, "xl/worksheets/sheet1.xml khi giải nén lớn hơn 4 KB, quá giới hạn đọc");
	cn_import_result_clear(&res);
	CHECK_SQL(db, "SELECT count(*) FROM member", 0);
	cn_db_close(db);
}

TEST(xlsx_broken_files_are_refused_with_a_message)
{
	cn_db *db = fx_open();
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(cn_import_units(db, t_write_file("a.xlsx", "code,name\n"), NULL, &res, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "không phải tệp Excel .xlsx đọc được");
	cn_import_result_clear(&res);
	CHECK_INT(cn_import_units(db, t_write_file("b.xlsx", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), NULL, &res, &err),
		  CN_EINVAL);
	CHECK_HAS(err.msg, "Excel 97-2003 (.xls) hoặc tệp Excel có đặt mật khẩu");
	cn_import_result_clear(&res);
	CHECK_INT(cn_import_units(db, t_path("none.xlsx"), NULL, &res, &err), CN_ENOTFOUND);
	CHECK_HAS(err.msg, "Không mở được tệp");
	cn_import_result_clear(&res);
	CHECK_INT(cn_import_units(db, t_write_file("c.xls", "x"), NULL, &res, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "CSV UTF-8");
	cn_import_result_clear(&res);
	cn_import_options opt = {.sheet = "Trang 1"};
	CHECK_INT(cn_import_units(db, t_write_file("d.csv", "code\n"), &opt, &res, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "chỉ dùng cho tệp Excel .xlsx");
	cn_import_result_clear(&res);
	/* A workbook under a .csv name. */
	const char *path = members_workbook("e.xlsx", false);
	size_t len;
	char *bytes = cn_os_read_file(path, &len, &err);
	FILE *f = fopen(t_path("e.csv"), "wb");
	fwrite(bytes, 1, len, f);
	fclose(f);
	CHECK_INT(cn_import_units(db, t_path("e.csv"), NULL, &res, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "đổi đuôi tên tệp thành .xlsx");
	cn_import_result_clear(&res);
	/* Truncated: the zip's directory is gone. */
	f = fopen(t_path("f.xlsx"), "wb");
	fwrite(bytes, 1, len / 2, f);
	fclose(f);
	CHECK_INT(cn_import_units(db, t_path("f.xlsx"), NULL, &res, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "bị hỏng hay chép thiếu");
	cn_import_result_clear(&res);
	free(bytes);
	CHECK_SQL(db, "SELECT count(*) FROM unit", 0);
	cn_db_close(db);
}

TEST(xlsx_attendance_and_results)
{
	cn_db *db = fx_open();
	struct att_fx f = att_fixture(db);
	const char *path = t_path("att.xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	static const char *const header[] = {"STT", "Họ và tên", "SĐT", "Điểm danh"};
	write_row(ws, 0, header, 4);
	worksheet_write_number(ws, 1, 0, 1, NULL);
	worksheet_write_string(ws, 1, 1, "Trần Thị Bình", NULL);
	worksheet_write_number(ws, 1, 2, 987654321, NULL);
	worksheet_write_string(ws, 1, 3, "x", NULL);
	lxw_worksheet *rs = workbook_add_worksheet(wb, "Số liệu");
	static const char *const rheader[] = {"Tháng", "Mã đơn vị", "Mã chỉ tiêu", "Số liệu"};
	write_row(rs, 0, rheader, 4);
	lxw_datetime october = {2026, 10, 1, 0, 0, 0};
	lxw_format *month = workbook_add_format(wb);
	format_set_num_format(month, "mm/yyyy");
	worksheet_write_datetime(rs, 1, 0, &october, month);
	worksheet_write_number(rs, 1, 1, 31933, NULL);
	worksheet_write_string(rs, 1, 2, "vneid_muc2", NULL);
	worksheet_write_number(rs, 1, 3, 1234, NULL);
	CHECK_INT(workbook_close(wb), LXW_NO_ERROR);
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(cn_import_attendance(db, f.training, path, NULL, &res, &err), CN_OK);
	CHECK_INT(res.matched, 1);
	CHECK_INT(status_of(db, f.training, f.binh), CN_ATT_PRESENT);
	cn_import_result_clear(&res);
	cn_import_options opt = {.sheet = "Số liệu"};
	CHECK_INT(cn_import_results(db, path, &opt, &res, &err), CN_OK);
	CHECK_INT(res.added, 1);
	cn_import_result_clear(&res);
	CHECK_SQL_STR(db, "SELECT period || '=' || value FROM result JOIN report ON report.id = result.report_id",
		      "2026-10=1234");
	cn_db_close(db);
}
