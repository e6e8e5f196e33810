/* cnscd import units|members FILE: lists from CSV files into the database. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/import.h"

typedef int (*import_fn)(cn_db *db, const char *path, const cn_import_options *opt, cn_import_result *res,
			 cn_error *err);

static const struct {
	const char *name;
	import_fn fn;
} kinds[] = {
	{"units", cn_import_units},
	{"members", cn_import_members},
};

static void print_problems(const cn_import_result *res)
{
	for (int i = 0; i < res->nproblems; i++) {
		char *text = cn_import_problem_text(&res->problems[i]);
		fprintf(stderr, "%s\n", text);
		free(text);
	}
}

static int report(const cn_import_result *res, int rc, const cn_error *err)
{
	if (rc == CN_EINVAL && res->nproblems > 0) {
		print_problems(res);
		return cli_fail("%s Sửa các dòng trên rồi nhập lại (hoặc dùng --skip-invalid để nhập các dòng đúng "
				"và ghi các dòng lỗi ra một tệp riêng).", err->msg);
	}
	if (rc != CN_OK)
		return cli_fail_err(err);
	char *summary = cn_import_summary(res);
	printf("%s\n", summary);
	free(summary);
	if (res->reject_path)
		printf("Đã bỏ qua %ld dòng lỗi; các dòng đó kèm lý do (cột ly_do) ở tệp %s\n", res->rejected,
		       res->reject_path);
	return 0;
}

/* The importer named by argv[1], or NULL (and a message). */
static import_fn find_kind(int argc, char **argv)
{
	if (argc < 2) {
		cli_fail("import: thiếu loại dữ liệu: units hoặc members (xem \"cnscd import --help\")");
		return NULL;
	}
	for (size_t i = 0; i < CN_ARRAY_LEN(kinds); i++)
		if (strcmp(argv[1], kinds[i].name) == 0)
			return kinds[i].fn;
	cli_fail("import: không có loại «%s»; dùng units hoặc members (xem \"cnscd import --help\")", argv[1]);
	return NULL;
}

static int run(struct cli *cli, int argc, char **argv)
{
	import_fn fn = find_kind(argc, argv);
	if (!fn)
		return 2;
	struct cli_opt opts[] = {{"skip-invalid", false, NULL}, {"reject", true, NULL}};
	const char *pos[1];
	int np = 0;
	if (cli_parse(&cmd_import, argc - 1, argv + 1, opts, (int)CN_ARRAY_LEN(opts), pos, 1, &np))
		return 2;
	if (np == 0) {
		cli_fail("import %s: thiếu tên tệp CSV cần nhập", argv[1]);
		return 2;
	}
	cn_db *db = cli_open_db(cli, true);
	if (!db)
		return 1;
	cn_import_options opt = {
		.skip_invalid = cli_opt(opts, 2, "skip-invalid") != NULL,
		.reject_path = cli_opt(opts, 2, "reject"),
	};
	cn_import_result res = {0};
	cn_error err = {0};
	int rc = fn(db, pos[0], &opt, &res, &err);
	int status = report(&res, rc, &err);
	cn_import_result_clear(&res);
	return status;
}

const struct cli_command cmd_import = {
	"import",
	"nhập danh sách đơn vị hành chính hoặc thành viên tổ từ tệp CSV",
	"Cách dùng: cnscd [--db TỆP] import units [TÙY CHỌN] TỆP.csv\n"
	"           cnscd [--db TỆP] import members [TÙY CHỌN] TỆP.csv\n"
	"\n"
	"Nhập từ tệp CSV (UTF-8, có hoặc không có BOM, dòng kết thúc LF hoặc CRLF; khi\n"
	"lưu từ Excel hãy chọn \"CSV UTF-8\"). Dòng đầu là dòng tiêu đề; thứ tự cột tùy ý,\n"
	"tên cột không phân biệt hoa/thường và dấu; cột thừa được bỏ qua.\n"
	"\n"
	"Mọi dòng được kiểm tra trước. Có dòng sai thì KHÔNG ghi gì, và mỗi lỗi được in\n"
	"ra một dòng: \"dòng N, cột C (tên cột): lý do\". Việc ghi diễn ra trong một giao\n"
	"dịch duy nhất: hoặc ghi hết, hoặc không ghi gì. Nhập lại cùng một tệp không\n"
	"tạo bản trùng; dòng tóm tắt cho biết số thêm mới, cập nhật, không đổi, bị loại.\n"
	"\n"
	"Tùy chọn:\n"
	"  --skip-invalid   nhập các dòng đúng, bỏ qua dòng sai và ghi chúng (kèm cột\n"
	"                   ly_do) vào tệp <tên tệp>.loi.csv cạnh tệp nhập (quyền 0600)\n"
	"  --reject TỆP     ghi các dòng bị loại vào TỆP thay cho <tên tệp>.loi.csv\n"
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
	"     unit_code    mã đơn vị của tổ (bắt buộc; đơn vị phải có sẵn)\n"
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
	"  cơ sở dữ liệu).\n"
	"\n"
	"Ví dụ:\n"
	"  cnscd import units units-2024.csv\n"
	"  cnscd import members --skip-invalid thanh-vien.csv\n",
	run,
};
