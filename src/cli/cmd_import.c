/* cnscd import units|members|attendance|results FILE: lists and figures
 * from CSV or Excel (.xlsx) files into the database. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/import.h"
#include "import_progress.h"
#include "cnscd/people.h"
#include "cnscd/text.h"

/* An import kind: ARGS are its NARGS arguments, the file last. */
struct import_kind {
	const char *name;
	int nargs;
	bool results; /* takes --reopen and --submit */
	int (*run)(cn_db *db, const char *const *args, const cn_import_options *opt, cn_import_result *res,
		   cn_error *err);
};

static int run_units(cn_db *db, const char *const *args, const cn_import_options *opt, cn_import_result *res,
		     cn_error *err)
{
	return cn_import_units(db, args[0], opt, res, err);
}

static int run_members(cn_db *db, const char *const *args, const cn_import_options *opt, cn_import_result *res,
		       cn_error *err)
{
	return cn_import_members(db, args[0], opt, res, err);
}

static int run_results(cn_db *db, const char *const *args, const cn_import_options *opt, cn_import_result *res,
		       cn_error *err)
{
	return cn_import_results(db, args[0], opt, res, err);
}

static int run_attendance(cn_db *db, const char *const *args, const cn_import_options *opt, cn_import_result *res,
			  cn_error *err)
{
	char *end;
	long long id = strtoll(args[0], &end, 10);
	if (*end || end == args[0] || id <= 0)
		return cn_fail(err, CN_EINVAL, "import attendance: «%s» không phải số của lớp tập huấn (xem số ở cột đầu "
			       "của \"cnscd training list\")", args[0]);
	return cn_import_attendance(db, id, args[1], opt, res, err);
}

static const struct import_kind kinds[] = {
	{"units", 1, false, run_units},
	{"members", 1, false, run_members},
	{"attendance", 2, false, run_attendance},
	{"results", 1, true, run_results},
};

/* The first problems (CN_IMPORT_MAX_PROBLEMS), then how many more: two
 * million bad rows are no use on a terminal. */
static void print_problems(const cn_import_result *res)
{
	for (int i = 0; i < res->nproblems; i++) {
		char *text = cn_import_problem_text(&res->problems[i]);
		out_eprintf("%s\n", text);
		free(text);
	}
	if (res->problems_total > res->nproblems)
		out_eprintf("… và %ld lỗi nữa (chỉ in %d lỗi đầu tiên; tổng cộng %ld lỗi).\n",
			res->problems_total - res->nproblems, res->nproblems, res->problems_total);
}

int cli_import_report(const cn_import_result *res, int rc, const cn_error *err)
{
	if (rc == CN_EINVAL && res->nproblems > 0) {
		print_problems(res);
		return cli_fail("%s Sửa các dòng trên rồi nhập lại (hoặc dùng --skip-invalid để nhập các dòng đúng "
				"và ghi các dòng lỗi ra một tệp riêng).", err->msg);
	}
	if (rc != CN_OK)
		return cli_fail_err(err);
	for (int i = 0; i < res->nnotes; i++)
		out_printf("%s\n", res->notes[i]);
	if (res->notes_total > res->nnotes)
		out_printf("… và %ld dòng như thế nữa.\n", res->notes_total - res->nnotes);
	char *summary = cn_import_summary(res);
	out_printf("%s\n", summary);
	free(summary);
	if (res->reject_path)
		out_printf("Đã bỏ qua %ld dòng lỗi; các dòng đó kèm lý do (cột ly_do) ở tệp %s\n", res->rejected,
		       res->reject_path);
	return 0;
}

/* The kind named by argv[1], or NULL (and a message). */
static const struct import_kind *find_kind(int argc, char **argv)
{
	if (argc < 2) {
		cli_fail("import: thiếu loại dữ liệu: units, members, attendance hoặc results (xem \"cnscd import "
			 "--help\")");
		return NULL;
	}
	for (size_t i = 0; i < CN_ARRAY_LEN(kinds); i++)
		if (strcmp(argv[1], kinds[i].name) == 0)
			return &kinds[i];
	cli_fail("import: không có loại «%s»; dùng units, members, attendance hoặc results (xem \"cnscd import "
		 "--help\")", argv[1]);
	return NULL;
}

static int run(struct cli *cli, int argc, char **argv)
{
	const struct import_kind *kind = find_kind(argc, argv);
	if (!kind)
		return 2;
	struct cli_opt opts[] = {
		{"skip-invalid", false, NULL}, {"reject", true, NULL}, {"sheet", true, NULL},
		{"reopen", false, NULL}, {"submit", false, NULL}, {"by", true, NULL},
		{"convert-legacy", false, NULL}, {"keep-both", false, NULL},
	};
	int nopts = (int)CN_ARRAY_LEN(opts);
	const char *pos[2];
	int np = 0;
	if (cli_parse(&cmd_import, argc - 1, argv + 1, opts, nopts, pos, kind->nargs, &np))
		return 2;
	if (np < kind->nargs) {
		if (kind->nargs == 2 && np == 0)
			cli_fail("import attendance: thiếu số của lớp tập huấn và tên tệp (cnscd import attendance SỐ-LỚP "
				 "TỆP)");
		else
			cli_fail("import %s: thiếu tên tệp CSV hoặc Excel (.xlsx) cần nhập", kind->name);
		return 2;
	}
	if (!kind->results && (cli_opt(opts, nopts, "reopen") || cli_opt(opts, nopts, "submit") ||
			       cli_opt(opts, nopts, "by"))) {
		cli_fail("import %s: --reopen, --submit và --by chỉ dùng với import results", kind->name);
		return 2;
	}
	if (cli_opt(opts, nopts, "keep-both") && strcmp(kind->name, "members") != 0) {
		cli_fail("import %s: --keep-both chỉ dùng với import members", kind->name);
		return 2;
	}
	cn_db *db = cli_open_db(cli, true);
	if (!db)
		return 1;
	struct import_progress bar = {0};
	/* Who reopens and submits is asked before reading the file. */
	char *by = NULL;
	cn_error err = {0};
	if ((cli_opt(opts, nopts, "reopen") || cli_opt(opts, nopts, "submit")) &&
	    cn_person_for(db, CN_ACT_SUBMIT, cli_opt(opts, nopts, "by"), &by, &err) != CN_OK)
		return cli_fail_err(&err);
	cn_import_options opt = {
		.progress = import_progress_show,
		.progress_ctx = &bar,
		.skip_invalid = cli_opt(opts, nopts, "skip-invalid") != NULL,
		.reject_path = cli_opt(opts, nopts, "reject"),
		.sheet = cli_opt(opts, nopts, "sheet"),
		.reopen = cli_opt(opts, nopts, "reopen") != NULL,
		.keep_both = cli_opt(opts, nopts, "keep-both") != NULL,
		.submit = cli_opt(opts, nopts, "submit") != NULL,
		.by = by,
	};
	cn_import_result res = {0};
	/* Text typed in an old font is refused unless the user agrees here. */
	cn_text_legacy_set_convert(cli_opt(opts, nopts, "convert-legacy") != NULL);
	int rc = kind->run(db, pos, &opt, &res, &err);
	import_progress_end(&bar);
	int status = cli_import_report(&res, rc, &err);
	if (status == 0 && cn_text_legacy_converted())
		out_printf("Đã chuyển các giá trị gõ bằng phông chữ cũ (TCVN3, VNI) sang Unicode.\n");
	cn_text_legacy_set_convert(false);
	cn_import_result_clear(&res);
	free(by);
	return status;
}

const struct cli_command cmd_import = {
	"import",
	"nhập đơn vị, thành viên, điểm danh lớp tập huấn hoặc số liệu tháng từ CSV/Excel",
	"Cách dùng: cnscd [--db TỆP] import units [TÙY CHỌN] TỆP\n"
	"           cnscd [--db TỆP] import members [TÙY CHỌN] TỆP\n"
	"           cnscd [--db TỆP] import attendance [TÙY CHỌN] SỐ-LỚP TỆP\n"
	"           cnscd [--db TỆP] import results [TÙY CHỌN] TỆP\n"
	"\n"
	"TỆP là CSV (UTF-8, có hoặc không có BOM, dòng kết thúc LF hoặc CRLF; khi lưu\n"
	"từ Excel hãy chọn \"CSV UTF-8\") hoặc sổ làm việc Excel .xlsx (đọc trang tính\n"
	"đầu tiên, hoặc trang chọn bằng --sheet; tệp .xls cũ cần lưu lại thành .xlsx).\n"
	"Dòng tiêu đề là dòng đầu tiên (trong 10 dòng có chữ đầu tiên) có đủ các cột\n"
	"bắt buộc; các dòng tựa đề phía trên nó được bỏ qua. Thứ tự cột tùy ý, tên cột\n"
	"không phân biệt hoa/thường và dấu; cột thừa được bỏ qua.\n"
	"\n"
	"Mọi dòng được kiểm tra trước. Có dòng sai thì KHÔNG ghi gì, và mỗi lỗi được in\n"
	"ra một dòng: \"dòng N, cột C (tên cột): lý do\" (với .xlsx, N là số hàng trong\n"
	"Excel); có hơn 1.000 lỗi thì in 1.000 lỗi đầu tiên rồi tổng số lỗi. Việc ghi\n"
	"diễn ra trong một giao dịch duy nhất: hoặc ghi hết, hoặc không ghi gì. Trong\n"
	"lúc kiểm tra, người khác vẫn dùng được cơ sở dữ liệu. Nhập lại cùng một tệp\n"
	"không tạo bản trùng; dòng tóm tắt cho biết số thêm mới, cập nhật, không đổi,\n"
	"bị loại. Việc nhập lâu hơn một giây thì có thanh tiến độ (giai đoạn, số dòng,\n"
	"số dòng mỗi giây) ở stderr khi stderr là màn hình.\n"
	"\n"
	"Tùy chọn:\n"
	"  --skip-invalid   nhập các dòng đúng, bỏ qua dòng sai và ghi chúng (kèm cột\n"
	"                   ly_do) vào tệp <tên tệp>.loi.csv cạnh tệp nhập (quyền 0600)\n"
	"  --reject TỆP     ghi các dòng bị loại vào TỆP thay cho <tên tệp>.loi.csv\n"
	"  --sheet TÊN      (.xlsx) đọc trang tính TÊN thay cho trang đầu tiên\n"
	"  --convert-legacy chữ gõ bằng phông cũ TCVN3 (.VnTime) hay VNI (\"NguyÔn V¨n\",\n"
	"                   \"Nguyeãn Vaên\") được chuyển sang Unicode; không có tùy chọn\n"
	"                   này thì các dòng đó bị báo lỗi, không lưu\n"
	"  --keep-both      (members) người có số CCCD của thành viên đang ở tổ khác\n"
	"                   được ghi thêm là thành viên của cả tổ này (kiêm nhiệm),\n"
	"                   thay vì chuyển sang\n"
	"  --reopen         (results) mở lại báo cáo đã gửi mà tệp làm thay đổi\n"
	"  --submit         (results) đánh dấu đã gửi các báo cáo trong tệp (báo cáo có\n"
	"                   dòng lỗi bị bỏ qua thì vẫn là bản nháp)\n"
	"  --by \"HỌ TÊN\"    (results) người mở lại/gửi báo cáo (mặc định: preparer_name,\n"
	"                   hoặc signer_name trong cài đặt; không nhận tên đăng nhập)\n"
	"  -h, --help       trợ giúp này\n"
	"\n"
	"units — đơn vị hành chính, một trong hai dạng:\n"
	"  1) code,name,type,level,parent_code (dạng của danh mục units-2024.csv):\n"
	"     code         mã đơn vị (mã của Tổng cục Thống kê; thôn dùng mã riêng)\n"
	"     name         tên đầy đủ, ví dụ \"Huyện Hòa Bình\" (thiếu loại thì tự thêm)\n"
	"     type         loại: Tỉnh, Thành phố Trung ương, Huyện, Quận, Thị xã,\n"
	"                  Thành phố, Xã, Phường, Thị trấn, Đặc khu, Thôn, Ấp, Bản, …\n"
	"     level        không bắt buộc, không dùng: cấp suy ra từ loại đơn vị\n"
	"     parent_code  mã đơn vị cấp trên; để trống cho cấp tỉnh. Đơn vị cấp trên có\n"
	"                  thể nằm sau trong tệp, hoặc đã có trong cơ sở dữ liệu.\n"
	"  2) tệp xuất từ danhmuchanhchinh.gso.gov.vn, mỗi dòng một xã: Mã TP,\n"
	"     Tỉnh / Thành Phố, Mã QH, Quận Huyện, Mã PX, Phường Xã, Cấp (các cột khác\n"
	"     như Tên Tiếng Anh được bỏ qua). Mỗi dòng cho tỉnh, huyện và xã (không\n"
	"     trùng lặp theo mã); loại tỉnh/huyện lấy từ chữ đầu tên (\"Tỉnh …\",\n"
	"     \"Thành phố …\", \"Huyện …\", \"Quận …\", \"Thị xã …\"); Cấp là loại của xã.\n"
	"     Danh sách hai cấp (từ 01/07/2025) để trống mã huyện: xã nằm ngay dưới\n"
	"     tỉnh.\n"
	"  Đơn vị đã có (cùng mã) mà khác tên, loại hay cấp trên thì được cập nhật.\n"
	"\n"
	"members — thành viên tổ, các cột:\n"
	"  unit_code,team,full_name,gender,birth_year,phone,id_number,role,position,\n"
	"  joined\n"
	"     unit_code    mã đơn vị của tổ (bắt buộc; đơn vị phải có sẵn và còn hoạt\n"
	"                  động: đơn vị đã giải thể thì thông báo nêu đơn vị kế thừa)\n"
	"     team         tên tổ; để trống là tổ mặc định \"Tổ CNSCĐ <tên đơn vị>\".\n"
	"                  Tổ chưa có thì được tạo.\n"
	"     full_name    họ và tên (bắt buộc)\n"
	"     gender       Nam / Nữ        birth_year  năm sinh, ví dụ 1985\n"
	"     phone        số điện thoại   id_number   số CCCD (12 chữ số)\n"
	"     role         Tổ trưởng / Tổ phó / Thành viên (trống: Thành viên)\n"
	"     position     chức vụ, đoàn thể         joined  ngày vào tổ dd/mm/yyyy\n"
	"  Chỉ unit_code và full_name là cột bắt buộc. Người đã có trong tổ (cùng số\n"
	"  CCCD, nếu không thì cùng họ tên và năm sinh) được cập nhật từ các ô có giá\n"
	"  trị; ô trống giữ nguyên dữ liệu cũ, tên chỉ khác chữ hoa/thường hay thiếu\n"
	"  dấu cũng giữ nguyên. Mỗi tổ chỉ có một tổ trưởng (tính cả người đã có trong\n"
	"  cơ sở dữ liệu). Một số CCCD là một người: dòng có số CCCD của thành viên\n"
	"  đang hoạt động ở tổ khác là người đó chuyển sang tổ của dòng (từ hôm nay;\n"
	"  hồ sơ, lịch sử đi theo; dòng tóm tắt và danh sách bên dưới nêu từng người),\n"
	"  hoặc, với --keep-both, làm thành viên của cả hai tổ.\n"
	"\n"
	"attendance — điểm danh lớp tập huấn SỐ-LỚP (số ở cột đầu của \"cnscd training\n"
	"list\"), các cột:\n"
	"  full_name,phone,id_number,unit_code,position,status\n"
	"     full_name    họ và tên (bắt buộc)\n"
	"     phone        số điện thoại   id_number   số CCCD\n"
	"     unit_code    mã đơn vị của người dự (hoặc tên cơ quan của khách mời)\n"
	"     position     chức vụ (ghi cho khách mời)\n"
	"     status       Có mặt / Vắng / Vắng có phép (\"x\" hay để trống: Có mặt)\n"
	"  Mỗi dòng được so với thành viên đang hoạt động: theo số CCCD, nếu không có\n"
	"  thì theo số điện thoại (khi tên gọi - chữ cuối của họ tên - trùng nhau),\n"
	"  nếu không nữa thì theo họ tên (không phân biệt dấu, hoa/thường) trong đơn vị\n"
	"  unit_code: các tổ của chính đơn vị trước, rồi các đơn vị cấp dưới. Không có\n"
	"  mã đơn vị thì tìm trong danh sách mời của lớp, rồi trong đơn vị tổ chức lớp.\n"
	"  Một họ tên khớp hai thành viên là dòng lỗi: hãy ghi thêm số CCCD hoặc số\n"
	"  điện thoại. Dòng không khớp ai được ghi là khách mời và được liệt kê; nhập\n"
	"  lại tệp không thêm khách trùng (so theo họ tên và số điện thoại).\n"
	"\n"
	"results — số liệu kết quả hoạt động hằng tháng, các cột:\n"
	"  period,unit_code,team,indicator_code,value\n"
	"     period          tháng báo cáo: 2026-10 hoặc 10/2026\n"
	"     unit_code       mã đơn vị của tổ\n"
	"     team            tên tổ; để trống là tổ mặc định của đơn vị\n"
	"     indicator_code  mã chỉ tiêu, ví dụ VNEID_MUC2 (không phân biệt hoa/thường)\n"
	"     value           số nguyên không âm; 1.234 hay 1,234 là 1234; để trống\n"
	"                     là không đổi gì\n"
	"  Số liệu vào báo cáo tháng của tổ (chưa có thì tạo bản nháp). Báo cáo đã gửi\n"
	"  mà tệp làm thay đổi thì dòng đó là dòng lỗi, trừ khi dùng --reopen (việc mở\n"
	"  lại được ghi nhật ký, người mở: \"cnscd import\").\n"
	"\n"
	"Tệp Excel (.xlsx): ô số được đọc như khi gõ: 1234.0 là 1234; số điện thoại mất\n"
	"số 0 đầu (912345678) được thêm lại; số CCCD lưu dạng số giữ đủ 12 chữ số; ngày\n"
	"(cột joined) và tháng (cột period) lưu dạng ngày của Excel được đổi thành\n"
	"dd/mm/yyyy và yyyy-mm. Giới hạn: mỗi phần của tệp giải nén tối đa 200 MB,\n"
	"1.000 cột, mỗi ô 1 MB.\n"
	"\n"
	"Ví dụ:\n"
	"  cnscd import units units-2024.csv\n"
	"  cnscd import members --skip-invalid thanh-vien.csv\n"
	"  cnscd import members --sheet \"Danh sách\" thanh-vien.xlsx\n"
	"  cnscd import attendance 12 diem-danh.xlsx\n"
	"  cnscd import results --submit so-lieu-thang-10.csv\n",
	run,
};
