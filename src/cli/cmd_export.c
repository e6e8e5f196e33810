/* "cnscd export REPORT -o FILE": writes a report as Excel (.xlsx) or CSV. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/os.h"
#include "cnscd/report.h"
#include "cnscd/settings.h"

enum { OPT_UNIT, OPT_O, OPT_OUTPUT, OPT_FROM, OPT_TO, OPT_ALL, OPT_SESSION, OPT_BLANK, NOPTS };

/* Refuses an option the report has no use for, rather than ignoring it. */
static int check_options(const cn_report_kind *rep, const struct cli_opt *opts)
{
	if (rep->period == CN_PERIOD_NONE && (opts[OPT_FROM].value || opts[OPT_TO].value))
		return cli_fail("export %s: báo cáo này không theo kỳ, không dùng --from/--to", rep->name);
	if (!rep->takes_all && opts[OPT_ALL].value)
		return cli_fail("export %s: tùy chọn --all chỉ dùng với báo cáo roster", rep->name);
	bool session = rep->of_session;
	if (!session && (opts[OPT_SESSION].value || opts[OPT_BLANK].value))
		return cli_fail("export %s: --session và --blank chỉ dùng với báo cáo attendance", rep->name);
	if (session && opts[OPT_UNIT].value)
		return cli_fail("export %s: danh sách của một lớp: dùng --session SỐ-LỚP, không dùng --unit", rep->name);
	if (session && !opts[OPT_SESSION].value)
		return cli_fail("export %s: thiếu --session SỐ-LỚP (số ở cột đầu của \"cnscd training list\")",
				rep->name);
	return 0;
}

/* A CSV report asked for on a terminal: the same CSV, with any control
 * a name may hold shown escaped (piped or redirected, it goes out as it
 * is). Through a temporary file, not memory: a roster can be long. */
static int csv_to_terminal(cn_report *r, cn_error *err)
{
	FILE *tmp = cn_os_tmpfile();
	if (!tmp)
		return cn_fail(err, CN_EIO, "Không tạo được tệp tạm: %s", strerror(errno));
	int rc = cn_report_write_csv_stream(r, tmp, err);
	if (rc == CN_OK) {
		rewind(tmp);
		if (out_copy(tmp, stdout) != 0)
			rc = cn_fail(err, CN_EIO, "Không ghi được báo cáo ra màn hình");
	}
	fclose(tmp);
	return rc;
}

/* --session N: a session number, > 0. */
static long long session_option(const char *value)
{
	char *end = NULL;
	long long id = value ? strtoll(value, &end, 10) : 0;
	if (!value || !*value || *end || id <= 0) {
		cli_fail("export attendance: --session cần số của lớp (số ở cột đầu của \"cnscd training list\"), "
			 "không phải «%s»", value ? value : "");
		return -1;
	}
	return id;
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[NOPTS] = {[OPT_UNIT] = {"unit", true, NULL}, [OPT_O] = {"o", true, NULL},
				      [OPT_OUTPUT] = {"output", true, NULL}, [OPT_FROM] = {"from", true, NULL},
				      [OPT_TO] = {"to", true, NULL}, [OPT_ALL] = {"all", false, NULL},
				      [OPT_SESSION] = {"session", true, NULL}, [OPT_BLANK] = {"blank", false, NULL}};
	const char *pos[2];
	int np = 0;
	if (cli_parse(&cmd_export, argc, argv, opts, NOPTS, pos, 1, &np))
		return 2;
	if (np == 0)
		return cli_fail("export: thiếu tên báo cáo (ví dụ: cnscd export summary -o tong-hop.xlsx)");
	const cn_report_kind *rep = cn_report_kind_named(pos[0]);
	if (!rep)
		return cli_fail("export: không có báo cáo «%s» (xem \"cnscd export --help\")", pos[0]);
	if (check_options(rep, opts))
		return 2;
	const char *out = opts[OPT_O].value ? opts[OPT_O].value : opts[OPT_OUTPUT].value;
	if (!out || !*out)
		return cli_fail("export: thiếu tệp ra: -o TỆP.xlsx, -o TỆP.csv, hoặc -o - để in CSV ra màn hình");
	if (cn_report_format_for(out) == CN_REPORT_UNKNOWN)
		return cli_fail("export: không biết ghi «%s» theo định dạng nào: tên tệp cần kết thúc bằng .xlsx "
				"(Excel) hoặc .csv",
				out);
	long long session = 0;
	if (rep->of_session && (session = session_option(opts[OPT_SESSION].value)) < 0)
		return 2;
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	cn_report_params params = {.from = opts[OPT_FROM].value, .to = opts[OPT_TO].value,
				   .all = opts[OPT_ALL].value != NULL, .training_id = session,
				   .blank = opts[OPT_BLANK].value != NULL};
	params.unit_id = cli_unit_option(db, opts[OPT_UNIT].value);
	if (params.unit_id < 0)
		return 1;
	cn_error err = {0};
	cn_report *r = rep->build(db, &params, &err);
	if (!r)
		return cli_fail_err(&err);
	char *warning = cn_settings_office_warning(db);
	if (warning)
		out_eprintf("cnscd: cảnh báo: %s Báo cáo ghi rõ điều này ở phần ghi chú.\n", warning);
	free(warning);
	int rc = strcmp(out, "-") == 0 && cn_os_isatty(1) ? csv_to_terminal(r, &err) : cn_report_write(r, out, &err);
	cn_report_free(r);
	if (rc != CN_OK)
		return cli_fail_err(&err);
	if (strcmp(out, "-") != 0)
		out_printf("%s\n", out);
	return 0;
}

const struct cli_command cmd_export = {
	"export",
	"xuất báo cáo ra tệp Excel (.xlsx) hoặc CSV",
	"Cách dùng: cnscd export BÁO-CÁO [--unit MÃ] [--from … --to …] [--all] -o TỆP\n"
	"           cnscd export attendance --session SỐ-LỚP [--blank] -o TỆP\n\n"
	"Xuất báo cáo của đơn vị có mã MÃ (gồm mọi đơn vị cấp dưới), hoặc của toàn bộ\n"
	"cơ sở dữ liệu khi không có --unit. Định dạng theo đuôi tên tệp: .xlsx (Excel,\n"
	"trình bày theo mẫu văn bản hành chính, có trang «Ghi chú») hoặc .csv (UTF-8,\n"
	"mở được bằng Excel). -o - in CSV ra màn hình. Tệp được ghi trọn vẹn hoặc\n"
	"không ghi gì: không bao giờ để lại tệp ghi dở. In ra đường dẫn tệp đã ghi.\n"
	"Tên cơ quan, địa danh và người ký ở đầu, cuối báo cáo lấy từ \"cnscd settings\".\n\n"
	"Báo cáo:\n"
	"  summary    báo cáo tổng hợp Tổ CNSCĐ: số đơn vị, số tổ, số thành viên theo\n"
	"             cấp hành chính và theo đơn vị trực thuộc.\n"
	"  roster     danh sách thành viên đang tham gia, theo từng tổ (đơn vị theo thứ\n"
	"             tự mã; dòng tiêu đề mỗi tổ ghi số người; tổ trưởng, tổ phó\n"
	"             trước), các cột Tỉnh, Huyện, Xã, Thôn/Ấp, họ tên, giới tính,\n"
	"             năm sinh, vai trò, chức vụ, điện thoại, số CCCD, ngày vào tổ.\n"
	"             --all: cả người đã rời tổ (thêm cột ngày rời tổ), tổ đã giải thể.\n"
	"  trainings  các lớp tập huấn do đơn vị (và cấp dưới) tổ chức: ngày, tên lớp,\n"
	"             chủ đề, hình thức, đơn vị tổ chức, địa điểm, số dự kiến, được mời,\n"
	"             có mặt, người có mặt theo cấp (tỉnh, huyện, xã, thôn, ngoài tổ).\n"
	"             --from NGÀY --to NGÀY (dd/mm/yyyy, hoặc gõ tắt d/m cho năm nay,\n"
	"             d/m/yy): các lớp bắt đầu trong khoảng đó; mặc định: tất cả.\n"
	"  untrained  thành viên đang tham gia chưa có mặt ở lớp tập huấn nào: họ tên,\n"
	"             địa bàn, tổ, vai trò, điện thoại (để mời tập huấn).\n"
	"  results    báo cáo kết quả hoạt động (có dòng Số: …/BC-…, gửi lên được ngay):\n"
	"             phần I, số liệu các chỉ tiêu theo đơn vị trực thuộc (ít đơn vị: mỗi\n"
	"             đơn vị một cột, rồi Tổng cộng, Chỉ tiêu giao, % đạt; nhiều đơn vị:\n"
	"             mỗi đơn vị một dòng, mỗi bảng tối đa 10 chỉ tiêu); phần II, số báo\n"
	"             cáo tháng phải gửi, đã gửi, gửi đúng hạn và tình trạng duyệt của\n"
	"             từng đơn vị. Chỉ tính báo cáo đã gửi; chỉ tiêu «số cuối kỳ» lấy số\n"
	"             của tháng gần nhất. Một tháng chỉ phải gửi khi đã qua hạn gửi.\n"
	"             --from THÁNG --to THÁNG (yyyy-mm hoặc mm/yyyy); mặc định: tháng\n"
	"             gần nhất đã qua hạn gửi (cả quý khi tháng đó là cuối quý).\n"
	"  attendance danh sách người tham dự một lớp (--session: số ở cột đầu của\n"
	"             \"cnscd training list\"): thông tin lớp, rồi STT, họ và tên, đơn vị\n"
	"             (thôn/ấp, xã), chức vụ/đoàn thể, điện thoại, trạng thái (Có mặt,\n"
	"             Vắng, Vắng có phép), giờ đến, cột «Ký tên» để trống; thành viên\n"
	"             theo đơn vị, khách mời ở cuối; số có mặt / được mời / dự kiến;\n"
	"             chữ ký người lập danh sách và đại diện đơn vị tổ chức.\n"
	"             --blank: mẫu ký tên in trước buổi học (danh sách mời, chưa có\n"
	"             trạng thái và giờ đến).\n\n"
	"Ví dụ:\n"
	"  cnscd export summary --unit 961 -o tong-hop.xlsx\n"
	"  cnscd export roster --unit 31933 -o danh-sach.xlsx\n"
	"  cnscd export trainings --unit 961 --from 01/01/2026 --to 30/06/2026 -o tap-huan.xlsx\n"
	"  cnscd export results --unit 961 --from 2026-01 --to 2026-06 -o ket-qua.csv\n"
	"  cnscd export attendance --session 12 -o diem-danh.xlsx\n"
	"  cnscd export attendance --session 12 --blank -o ky-ten.xlsx\n",
	run,
};
