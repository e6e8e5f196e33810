#include <stdlib.h>
#include <sys/stat.h>

#include "cnscd/import.h"
#include "cnscd/official.h"
#include "cnscd/os.h"
#include "cnscd/text.h"
#include "fixture.h"
#include "import_check.h"

static int import_units(cn_db *db, const char *csv, cn_import_result *res, cn_error *err)
{
	return cn_import_units(db, t_write_file("units.csv", csv), NULL, res, err);
}

static int import_members(cn_db *db, const char *csv, cn_import_result *res, cn_error *err)
{
	return cn_import_members(db, t_write_file("members.csv", csv), NULL, res, err);
}

TEST(import_header_any_order_case_and_diacritics)
{
	cn_db *db = fx_open();
	cn_import_result res;
	cn_error err = {0};
	int rc = import_units(db,
		"Ghi chú,PARENT_CODE,Loại,Tên đơn vị,MÃ\n"
		"x,,Tỉnh,Tỉnh Bạc Liêu,95\n"
		"y,95,Huyện,Hoà Bình,961\n", &res, &err);
	CHECK_INT(rc, CN_OK);
	CHECK_INT(res.added, 2);
	CHECK_SQL_STR(db, "SELECT name FROM unit WHERE code = '961'", "Huyện Hoà Bình");
	CHECK_SQL_STR(db, "SELECT p.code FROM unit u JOIN unit p ON p.id = u.parent_id WHERE u.code = '961'", "95");
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_missing_or_doubled_column_is_a_clear_error)
{
	cn_db *db = fx_open();
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(import_units(db, "code,name,type\n95,Tỉnh Bạc Liêu,Tỉnh\n", &res, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "thiếu cột bắt buộc «parent_code»");
	CHECK_HAS(err.msg, "code, name, type");
	CHECK_INT(res.nproblems, 0);
	cn_import_result_clear(&res);
	CHECK_INT(import_units(db, "code,name,type,parent_code,Mã\n", &res, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "cột «code» xuất hiện hai lần (cột 1 «code» và cột 5 «Mã»)");
	cn_import_result_clear(&res);
	CHECK_INT(import_units(db, "", &res, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "trống");
	cn_import_result_clear(&res);
	CHECK_INT(count(db, "SELECT count(*) FROM unit"), 0);
	cn_db_close(db);
}

TEST(import_parents_may_come_after_children)
{
	cn_db *db = fx_open();
	cn_import_result res;
	cn_error err = {0};
	int rc = import_units(db,
		"code,name,type,level,parent_code\n"
		"31933,Xã Vĩnh Mỹ A,Xã,3,961\n"
		"961,Huyện Hoà Bình,Huyện,2,95\n"
		"31933.01,Ấp Xẻo Gừa,Ấp,4,31933\n"
		"95,Tỉnh Bạc Liêu,Tỉnh,1,\n", &res, &err);
	CHECK_INT(rc, CN_OK);
	CHECK_INT(res.added, 4);
	long long village = cn_unit_id_by_code(db, "31933.01");
	char *path = cn_unit_path(db, village, " › ");
	CHECK_STR(path, "Tỉnh Bạc Liêu › Huyện Hoà Bình › Xã Vĩnh Mỹ A › Ấp Xẻo Gừa");
	free(path);
	CHECK_INT(count(db, "SELECT level FROM unit WHERE code = '31933.01'"), CN_LEVEL_VILLAGE);
	CHECK_INT(count(db, "SELECT count(*) FROM unit c JOIN unit p ON p.id = c.parent_id "
			    "WHERE c.path <> p.path || c.id || '/'"), 0);
	CHECK_INT(count(db, "SELECT count(*) FROM search_fts WHERE search_fts MATCH 'xeo'"), 1);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_gso_layout_three_levels)
{
	cn_db *db = fx_open();
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(cn_import_units(db, t_fixture("gso-2024.csv"), NULL, &res, &err), CN_OK);
	CHECK_INT(res.added, 12);
	CHECK_SQL_STR(db, "SELECT type || '/' || level FROM unit WHERE code = '01'", "Thành phố Trung ương/1");
	CHECK_SQL_STR(db, "SELECT type || '/' || level FROM unit WHERE code = '954'", "Thành phố/2");
	CHECK_SQL_STR(db, "SELECT type || '/' || level FROM unit WHERE code = '961'", "Huyện/2");
	CHECK_SQL_STR(db, "SELECT type || '/' || level FROM unit WHERE code = '31891'", "Thị trấn/3");
	CHECK_SQL_STR(db, "SELECT type || '/' || level FROM unit WHERE code = '001'", "Quận/2");
	char *path = cn_unit_path(db, cn_unit_id_by_code(db, "31933"), " › ");
	CHECK_STR(path, "Tỉnh Bạc Liêu › Huyện Hòa Bình › Xã Vĩnh Mỹ A");
	free(path);
	cn_import_result_clear(&res);
	CHECK_INT(cn_import_units(db, t_fixture("gso-2024.csv"), NULL, &res, &err), CN_OK);
	CHECK_INT(res.unchanged, 12);
	CHECK_INT(res.added, 0);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_gso_two_level_rows_hang_communes_under_the_province)
{
	cn_db *db = fx_open();
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(cn_import_units(db, t_fixture("gso-2025.csv"), NULL, &res, &err), CN_OK);
	CHECK_INT(res.added, 8);
	CHECK_SQL_STR(db, "SELECT p.code || '/' || c.level FROM unit c JOIN unit p ON p.id = c.parent_id "
			  "WHERE c.code = '31843'", "96/3");
	CHECK_SQL_STR(db, "SELECT type || '/' || level FROM unit WHERE code = '06994'", "Đặc khu/3");
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_gso_names_without_a_known_type_are_row_errors)
{
	cn_db *db = fx_open();
	cn_import_result res;
	cn_error err = {0};
	int rc = import_units(db,
		"Mã TP,Tỉnh / Thành Phố,Mã QH,Quận Huyện,Mã PX,Phường Xã,Cấp\n"
		"95,Bạc Liêu,961,Huyện Hòa Bình,31933,Xã Vĩnh Mỹ A,Xã\n"
		"95,Tỉnh Bạc Liêu,961,Huyện Hòa Bình,31924,Xã Vĩnh Mỹ B,Làng\n", &res, &err);
	CHECK_INT(rc, CN_EINVAL);
	char *p = problems(&res);
	CHECK_HAS(p, "dòng 2, cột 2 (Tỉnh / Thành Phố): Không nhận ra loại đơn vị của «Bạc Liêu»: tên cần bắt đầu "
		     "bằng Tỉnh hoặc Thành phố");
	CHECK_HAS(p, "dòng 3, cột 7 (Cấp): Cấp «Làng» không hợp lệ: cần Xã, Phường, Thị trấn hoặc Đặc khu");
	free(p);
	CHECK_INT(count(db, "SELECT count(*) FROM unit"), 0);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_loops_and_unknown_parents_are_row_errors)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	cn_import_result res;
	cn_error err = {0};
	int rc = import_units(db,
		"code,name,type,level,parent_code\n"
		"A,Xã A,Xã,3,B\n"
		"B,Xã B,Xã,3,A\n"
		"S,Xã S,Xã,3,S\n"
		"V,Thôn V,Thôn,4,A\n"
		"X,Xã X,Xã,3,999\n"
		"95,Tỉnh Bạc Liêu,Tỉnh,1,31933\n"
		"V2,Ấp Tốt,Ấp,4,31933\n"
		"V3,Ấp Khá,Ấp,4,31933\n", &res, &err);
	CHECK_INT(rc, CN_EINVAL);
	char *p = problems(&res);
	CHECK_HAS(p, "dòng 2, cột 5 (parent_code): Mã cấp trên tạo thành vòng lặp: A → B → A\n");
	CHECK_HAS(p, "dòng 3, cột 5 (parent_code): Mã cấp trên tạo thành vòng lặp: A → B → A\n");
	CHECK_HAS(p, "dòng 4, cột 5 (parent_code): Đơn vị «S» không thể là cấp trên của chính nó\n");
	CHECK_HAS(p, "dòng 5, cột 5 (parent_code): Đơn vị cấp trên «A» (dòng 2) có lỗi");
	CHECK_HAS(p, "dòng 6, cột 5 (parent_code): Không có đơn vị cấp trên mang mã «999»");
	/* Moving the province under its own commune (in the database) loops too. */
	CHECK_HAS(p, "dòng 7, cột 5 (parent_code): Mã cấp trên tạo thành vòng lặp: 95 → … → 95");
	/* ...and so does what hangs below that commune. */
	CHECK_HAS(p, "dòng 8, cột 5 (parent_code): Đơn vị cấp trên «95» (dòng 7) có lỗi");
	CHECK_HAS(p, "dòng 9, cột 5 (parent_code): Đơn vị cấp trên «95» (dòng 7) có lỗi");
	CHECK_INT(res.rejected, 8);
	free(p);
	CHECK_INT(count(db, "SELECT count(*) FROM unit"), 3);
	CHECK_INT(count(db, "SELECT parent_id IS NULL FROM unit WHERE code = '95'"), 1);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_villages_under_communes_of_the_database)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(import_units(db,
		"code,name,type,level,parent_code\n"
		"31933.01,Xẻo Gừa,Ấp,4,31933\n"
		"31933.02,Ấp Cây Dương,Ấp,4,31933\n", &res, &err), CN_OK);
	CHECK_INT(res.added, 2);
	char *path = cn_unit_path(db, cn_unit_id_by_code(db, "31933.01"), " › ");
	CHECK_STR(path, "Tỉnh Bạc Liêu › Huyện Hoà Bình › Xã Vĩnh Mỹ A › Ấp Xẻo Gừa");
	free(path);
	CHECK_INT(count(db, "SELECT count(*) FROM unit WHERE level = 4"), 2);
	cn_import_result_clear(&res);
	/* Not under a unit that has been closed (as when adding one by hand). */
	CHECK_INT(cn_unit_close(db, cn_unit_id_by_code(db, "31933"), "01/07/2025", &err), CN_OK);
	CHECK_INT(import_units(db, "code,name,type,level,parent_code\n31933.03,Ấp Mới,Ấp,4,31933\n", &res, &err),
		  CN_EINVAL);
	CHECK_INT(res.nproblems, 1);
	CHECK_STR(res.problems[0].message, "Xã Vĩnh Mỹ A đã giải thể/sáp nhập; không thể thêm đơn vị trực thuộc");
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_is_all_or_nothing)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	cn_import_result res;
	cn_error err = {0};
	int rc = import_units(db,
		"code,name,type,level,parent_code\n"
		"95,Tỉnh Bạc Liêu Mới,Tỉnh,1,\n"
		"31933,Xã Vĩnh Mỹ A,Xã,3,961\n"
		"31934,,Xã,3,961\n", &res, &err);
	CHECK_INT(rc, CN_EINVAL);
	CHECK_HAS(err.msg, "1 dòng lỗi; chưa ghi gì");
	CHECK_INT(res.nproblems, 1);
	CHECK_INT(res.problems[0].line, 4);
	CHECK_INT(res.problems[0].column, 2);
	CHECK_STR(res.problems[0].column_name, "name");
	CHECK_STR(res.problems[0].message, "Tên đơn vị không được để trống");
	CHECK_INT(count(db, "SELECT count(*) FROM unit"), 3);
	CHECK_SQL_STR(db, "SELECT name FROM unit WHERE code = '95'", "Tỉnh Bạc Liêu");
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_broken_csv_rows_are_listed_with_line_and_column)
{
	cn_db *db = fx_open();
	cn_import_result res;
	cn_error err = {0};
	int rc = import_units(db,
		"code,name,type,level,parent_code\n"
		"95,Tỉnh Bạc Liêu,Tỉnh,1,\n"
		"961,Huyện \xff Hoà Bình,Huyện,2,95\n"
		"962,\"Huyện\" X,Huyện,2,95\n"
		"963,Huyện Y,Huyện,2,95,thừa\n", &res, &err);
	CHECK_INT(rc, CN_EINVAL);
	char *p = problems(&res);
	CHECK_HAS(p, "dòng 3, cột 2 (name): không phải văn bản UTF-8");
	CHECK_HAS(p, "dòng 4, cột 2 (name): có ký tự sau dấu ngoặc kép đóng");
	CHECK_HAS(p, "dòng 5, cột 6: ô thừa «thừa»");
	free(p);
	CHECK_INT(count(db, "SELECT count(*) FROM unit"), 0);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_skip_invalid_writes_the_reject_file)
{
	cn_db *db = fx_open();
	cn_import_result res;
	cn_error err = {0};
	const char *in = t_write_file("list.csv",
		"code,name,type,level,parent_code\r\n"
		"95,Tỉnh Bạc Liêu,Tỉnh,1,\r\n"
		"9 6,\"Tỉnh Cà Mau, mới\",Tỉnh,1,\r\n"
		"961,Huyện Hoà Bình,Huyện,2,95\r\n"
		"31933,Xã Vĩnh Mỹ A,Xã,3,777\r\n");
	cn_import_options opt = {.skip_invalid = true};
	CHECK_INT(cn_import_units(db, in, &opt, &res, &err), CN_OK);
	CHECK_INT(res.added, 2);
	CHECK_INT(res.rejected, 2);
	CHECK_STR(res.reject_path, t_path("list.loi.csv"));
	struct stat sb;
	CHECK_INT(stat(res.reject_path, &sb), 0);
	CHECK_INT(sb.st_mode & 0777, 0600);
	char *got = cn_os_read_file(res.reject_path, NULL, NULL);
	CHECK_STR(got,
		"\xEF\xBB\xBF" "code,name,type,level,parent_code,ly_do\r\n"
		"9 6,\"Tỉnh Cà Mau, mới\",Tỉnh,1,,\"dòng 3, cột 1 (code): Mã đơn vị «9 6» không được chứa dấu "
		"cách hay dấu /\"\r\n"
		"31933,Xã Vĩnh Mỹ A,Xã,3,777,\"dòng 5, cột 5 (parent_code): Không có đơn vị cấp trên mang mã «777» "
		"(trong tệp cũng như trong cơ sở dữ liệu)\"\r\n");
	free(got);
	char *summary = cn_import_summary(&res);
	CHECK_STR(summary, "Nhập đơn vị: thêm mới 2, cập nhật 0, không đổi 0, bị loại 2 dòng.");
	free(summary);
	CHECK_INT(count(db, "SELECT count(*) FROM unit"), 2);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_skip_invalid_needs_a_place_for_the_rejects)
{
	cn_db *db = fx_open();
	cn_import_result res;
	cn_error err = {0};
	const char *in = t_write_file("list.csv", "code,name,type,level,parent_code\n95,Tỉnh Bạc Liêu,Tỉnh,1,\n96,,Tỉnh,1,\n");
	cn_import_options opt = {.skip_invalid = true, .reject_path = t_path("no/such/dir/x.csv")};
	CHECK_INT(cn_import_units(db, in, &opt, &res, &err), CN_EIO);
	CHECK_HAS(err.msg, "Không ghi được tệp các dòng bị loại");
	cn_import_result_clear(&res);
	opt.reject_path = in;
	CHECK_INT(cn_import_units(db, in, &opt, &res, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "không được là chính tệp đang nhập");
	cn_import_result_clear(&res);
	CHECK_INT(count(db, "SELECT count(*) FROM unit"), 0);
	char *still = cn_os_read_file(in, NULL, NULL);
	CHECK_HAS(still, "96,,Tỉnh");
	free(still);
	cn_db_close(db);
}

TEST(import_reject_path_sits_beside_the_input)
{
	char *p = cn_import_reject_path("/a/b.c/units.csv");
	CHECK_STR(p, "/a/b.c/units.loi.csv");
	free(p);
	p = cn_import_reject_path("/a/b.c/units");
	CHECK_STR(p, "/a/b.c/units.loi.csv");
	free(p);
}

TEST(import_again_adds_nothing_and_updates_what_changed)
{
	cn_db *db = fx_open();
	cn_import_result res;
	cn_error err = {0};
	const char *first = "code,name,type,level,parent_code\n"
			    "95,Tỉnh Bạc Liêu,Tỉnh,1,\n"
			    "96,Tỉnh Cà Mau,Tỉnh,1,\n"
			    "961,Huyện Hoà Bình,Huyện,2,95\n"
			    "31933,Xã Vĩnh Mỹ A,Xã,3,961\n";
	CHECK_INT(import_units(db, first, &res, &err), CN_OK);
	cn_import_result_clear(&res);
	CHECK_INT(import_units(db, first, &res, &err), CN_OK);
	CHECK_INT(res.added, 0);
	CHECK_INT(res.unchanged, 4);
	cn_import_result_clear(&res);
	/* The 2025 reform: the commune goes straight under the new province. */
	CHECK_INT(import_units(db, "code,name,type,level,parent_code\n"
				   "31933,Xã Vĩnh Mỹ,Xã,2,96\n", &res, &err), CN_OK);
	CHECK_INT(res.updated, 1);
	cn_import_result_clear(&res);
	char *path = cn_unit_path(db, cn_unit_id_by_code(db, "31933"), " › ");
	CHECK_STR(path, "Tỉnh Cà Mau › Xã Vĩnh Mỹ");
	free(path);
	CHECK_INT(count(db, "SELECT level FROM unit WHERE code = '31933'"), CN_LEVEL_COMMUNE);
	CHECK_INT(count(db, "SELECT count(*) FROM unit"), 4);
	CHECK_INT(count(db, "SELECT count(*) FROM search_fts WHERE search_fts MATCH 'vinh my'"), 1);
	CHECK_INT(count(db, "SELECT count(*) FROM unit c JOIN unit p ON p.id = c.parent_id "
			    "WHERE c.path <> p.path || c.id || '/'"), 0);
	cn_db_close(db);
}

TEST(import_nfd_input_is_stored_as_nfc)
{
	cn_db *db = fx_open();
	cn_import_result res;
	cn_error err = {0};
	/* "Mã" and "Tỉnh Bạc Liêu" decomposed: a + combining tilde, i + dot below... */
	const char *nfd_province = "Ti\xcc\x89nh Ba\xcc\xa3\x63 Lie\xcc\x82u";
	char *csv = cn_sprintf("Ma\xcc\x83,name,type,parent_code\n95,%s,Ti\xcc\x89nh,\n", nfd_province);
	int rc = import_units(db, csv, &res, &err);
	free(csv);
	CHECK_INT(rc, CN_OK);
	CHECK_SQL_STR(db, "SELECT name FROM unit WHERE code = '95'", "Tỉnh Bạc Liêu");
	CHECK_SQL_STR(db, "SELECT type FROM unit WHERE code = '95'", "Tỉnh");
	cn_import_result_clear(&res);
	struct fx_tree t = {.province = cn_unit_id_by_code(db, "95")};
	t.commune = fx_unit(db, "31933", "Xã Vĩnh Mỹ A", "Xã", t.province);
	CHECK_INT(import_members(db, "unit_code,full_name\n31933,Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An\n", &res, &err),
		  CN_OK);
	CHECK_SQL_STR(db, "SELECT full_name FROM member", "Nguyễn Văn An");
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_members_teams_default_named_and_created)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	cn_error err = {0};
	cn_team named = {.unit_id = t.commune, .name = "Tổ CNSCĐ Ấp Xẻo Gừa"};
	CHECK_INT(cn_team_add(db, &named, &err), CN_OK);
	cn_team other = {.unit_id = t.commune, .name = "Tổ CNSCĐ Ấp Cây Dương"};
	CHECK_INT(cn_team_add(db, &other, &err), CN_OK);
	cn_import_result res;
	int rc = import_members(db,
		"unit_code,team,full_name\n"
		"31933,,Nguyễn Văn An\n"
		"31933,to cnscd ap xeo gua,Trần Thị Bình\n"
		"31933,Tổ mới,Lê Văn Cường\n"
		"31933,TỔ MỚI,Phạm Văn Dũng\n"
		"31933,Tổ CNSCĐ Xã Vĩnh Mỹ A,Hồ Thị Em\n", &res, &err);
	CHECK_INT(rc, CN_OK);
	CHECK_INT(res.added, 5);
	CHECK_INT(res.teams_added, 2);
	CHECK_SQL_STR(db, "SELECT group_concat(full_name, ', ') FROM (SELECT m.full_name FROM member m "
			  "JOIN team t ON t.id = m.team_id WHERE t.name = 'Tổ CNSCĐ Xã Vĩnh Mỹ A' ORDER BY m.id)",
		      "Nguyễn Văn An, Hồ Thị Em");
	CHECK_SQL_STR(db, "SELECT t.name FROM member m JOIN team t ON t.id = m.team_id WHERE m.full_name = 'Trần Thị Bình'",
		      "Tổ CNSCĐ Ấp Xẻo Gừa");
	CHECK_SQL_STR(db, "SELECT count(*) || ' ' || t.name FROM member m JOIN team t ON t.id = m.team_id "
			  "WHERE t.name = 'Tổ mới'", "2 Tổ mới");
	CHECK_INT(count(db, "SELECT count(*) FROM team"), 4);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_members_match_by_id_number_then_name_and_birth_year)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	cn_error err = {0};
	cn_member a = {.team_id = team, .full_name = cn_strdup("Nguyễn Văn An"), .birth_year = 1985,
		       .id_number = cn_strdup("095085000123")};
	CHECK_INT(cn_member_add(db, &a, &err), CN_OK);
	cn_member b = {.team_id = team, .full_name = cn_strdup("Trần Thị Bình"), .birth_year = 1990};
	CHECK_INT(cn_member_add(db, &b, &err), CN_OK);
	cn_import_result res;
	const char *csv =
		"unit_code,full_name,birth_year,phone,id_number,position\n"
		"31933,Nguyễn Văn Ân,1986,,095085000123,\n"  /* same ID: the name and year are corrected */
		"31933,tran thi binh,1990,0912345678,,Hội Phụ nữ\n" /* same name and year: phone added */
		"31933,Trần Thị Bình,1991,,,\n"              /* another year: another person */
		"31933,Nguyễn Văn An,1985,,079085000999,\n"; /* another ID: another person */
	CHECK_INT(import_members(db, csv, &res, &err), CN_OK);
	CHECK_INT(res.updated, 2);
	CHECK_INT(res.added, 2);
	cn_import_result_clear(&res);
	cn_member got;
	CHECK_INT(cn_member_get(db, a.id, &got, &err), CN_OK);
	CHECK_STR(got.full_name, "Nguyễn Văn Ân");
	CHECK_INT(got.birth_year, 1986);
	cn_member_clear(&got);
	CHECK_INT(cn_member_get(db, b.id, &got, &err), CN_OK);
	CHECK_STR(got.full_name, "Trần Thị Bình"); /* same name without marks: kept */
	CHECK_STR(got.phone, "0912345678");
	CHECK_STR(got.position, "Hội Phụ nữ");
	cn_member_clear(&got);
	CHECK_INT(import_members(db, csv, &res, &err), CN_OK);
	CHECK_INT(res.added, 0);
	CHECK_INT(res.updated, 0);
	CHECK_INT(res.unchanged, 4);
	cn_import_result_clear(&res);
	CHECK_INT(count(db, "SELECT count(*) FROM member"), 4);
	cn_member_clear(&a);
	cn_member_clear(&b);
	cn_db_close(db);
}

TEST(import_members_one_leader_counting_file_and_database)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	fx_member(db, team, "Nguyễn Văn An", CN_ROLE_LEADER);
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(import_members(db, "unit_code,full_name,role\n31933,Hồ Văn Phát,Tổ trưởng\n", &res, &err),
		  CN_EINVAL);
	CHECK_INT(res.nproblems, 1);
	CHECK_STR(res.problems[0].message, "Tổ đã có tổ trưởng là Nguyễn Văn An. Mỗi tổ chỉ có một tổ trưởng: "
		  "hãy đổi vai trò của người đó trước.");
	CHECK_INT(res.problems[0].column, 3);
	cn_import_result_clear(&res);
	CHECK_INT(import_members(db,
		"unit_code,full_name,role\n"
		"31933,Hồ Văn Phát,Tổ trưởng\n"
		"31933,Lê Thị Giang,Tổ trưởng\n"
		"31933,Nguyễn Văn An,Thành viên\n", &res, &err), CN_EINVAL);
	CHECK_INT(res.nproblems, 1);
	char *p = problems(&res);
	CHECK_HAS(p, "dòng 3, cột 3 (role): Tổ đã có tổ trưởng là Hồ Văn Phát (dòng 2).");
	free(p);
	cn_import_result_clear(&res);
	/* A row with a bad field is checked against the rule too. */
	CHECK_INT(import_members(db, "unit_code,full_name,role,phone\n31933,Hồ Văn Phát,Tổ trưởng,12\n", &res, &err),
		  CN_EINVAL);
	CHECK_INT(res.nproblems, 2);
	CHECK_INT(res.rejected, 1);
	cn_import_result_clear(&res);
	/* The file hands the role over: the old leader steps down first. */
	CHECK_INT(import_members(db,
		"unit_code,full_name,role\n"
		"31933,Hồ Văn Phát,Tổ trưởng\n"
		"31933,Nguyễn Văn An,Thành viên\n", &res, &err), CN_OK);
	CHECK_INT(res.added, 1);
	CHECK_INT(res.updated, 1);
	CHECK_SQL_STR(db, "SELECT full_name FROM member WHERE role = 1", "Hồ Văn Phát");
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_members_messages_are_the_core_validators)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	cn_member m = {.team_id = team, .full_name = cn_strdup("A"), .phone = cn_strdup("0123"),
		       .id_number = cn_strdup("12345")};
	cn_error core = {0};
	CHECK_INT(cn_member_add(db, &m, &core), CN_EINVAL);
	cn_member_clear(&m);
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(import_members(db,
		"unit_code,full_name,gender,birth_year,phone,id_number,role,joined\n"
		"31933,A,X,1800,0123,12345,Chủ tịch,31/02/2024\n"
		"00000,,,,,,,\n", &res, &err), CN_EINVAL);
	char *p = problems(&res);
	CHECK_HAS(p, core.msg);
	CHECK_HAS(p, "dòng 2, cột 3 (gender): Giới tính «X» không hợp lệ");
	CHECK_HAS(p, "dòng 2, cột 4 (birth_year): Năm sinh «1800» không hợp lệ");
	CHECK_HAS(p, "dòng 2, cột 5 (phone): Số điện thoại «0123» không hợp lệ");
	CHECK_HAS(p, "dòng 2, cột 6 (id_number): Số CCCD/định danh «12345» không hợp lệ");
	CHECK_HAS(p, "dòng 2, cột 7 (role): Vai trò «Chủ tịch» không hợp lệ");
	CHECK_HAS(p, "dòng 2, cột 8 (joined): Ngày vào tổ «31/02/2024» không phải là ngày có thật");
	CHECK_HAS(p, "dòng 3, cột 1 (unit_code): Không có đơn vị nào mang mã «00000»");
	CHECK_HAS(p, "dòng 3, cột 2 (full_name): Họ và tên không được để trống");
	free(p);
	CHECK_INT(res.rejected, 2);
	CHECK_INT(count(db, "SELECT count(*) FROM member"), 0);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_members_skip_invalid_keeps_the_good_rows)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	cn_import_result res;
	cn_error err = {0};
	const char *in = t_write_file("m.csv",
		"unit_code,full_name,role\n"
		"31933,Nguyễn Văn An,Tổ trưởng\n"
		"31933,Lê Thị Giang,Tổ trưởng\n"
		"99999,Võ Văn E,\n"
		"31933,Trần Thị Bình,Tổ phó\n");
	cn_import_options opt = {.skip_invalid = true, .reject_path = t_path("bad rows.csv")};
	CHECK_INT(cn_import_members(db, in, &opt, &res, &err), CN_OK);
	CHECK_INT(res.added, 2);
	CHECK_INT(res.rejected, 2);
	CHECK_INT(res.teams_added, 1);
	CHECK_STR(res.reject_path, t_path("bad rows.csv"));
	char *got = cn_os_read_file(res.reject_path, NULL, NULL);
	CHECK_HAS(got, "31933,Lê Thị Giang,Tổ trưởng,\"dòng 3, cột 3 (role): Tổ đã có tổ trưởng là Nguyễn Văn An (dòng 2)");
	CHECK_HAS(got, "99999,Võ Văn E,,\"dòng 4, cột 1 (unit_code): Không có đơn vị nào mang mã «99999»\"\r\n");
	free(got);
	CHECK_INT(count(db, "SELECT count(*) FROM member"), 2);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_members_repeated_in_the_file_are_refused)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(import_members(db,
		"unit_code,full_name,birth_year,id_number\n"
		"31933,Nguyễn Văn An,1985,095085000123\n"
		"31933,Nguyen Van An,1985,\n"
		"31933,Lê Văn Bảy,1970,095085000123\n"
		"31933,Nguyễn Văn An,1985,079085000999\n", &res, &err), CN_EINVAL);
	char *p = problems(&res);
	CHECK_HAS(p, "dòng 3, cột 2 (full_name): Trùng với dòng 2: cùng tổ và cùng họ tên, năm sinh");
	CHECK_HAS(p, "dòng 4, cột 4 (id_number): Trùng với dòng 2: cùng tổ và cùng số CCCD");
	CHECK(!strstr(p, "dòng 5"));
	free(p);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_official_list_2024)
{
	const char *path = CN_OFFICIAL_SCHEME "units-2024.csv"; /* the copy inside cnscd */
	cn_db *db = fx_open();
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(cn_import_units(db, path, NULL, &res, &err), CN_OK);
	CHECK_INT(res.added, 10794);
	CHECK_INT(count(db, "SELECT count(*) FROM unit WHERE level = 1"), 63);
	CHECK_INT(count(db, "SELECT count(*) FROM unit WHERE level = 2"), 696);
	CHECK_INT(count(db, "SELECT count(*) FROM unit WHERE level = 3"), 10035);
	CHECK_INT(count(db, "SELECT count(*) FROM unit c LEFT JOIN unit p ON p.id = c.parent_id "
			    "WHERE c.path <> coalesce(p.path, '/') || c.id || '/'"), 0);
	cn_import_result_clear(&res);
	cn_db_close(db);
}
