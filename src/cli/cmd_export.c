/* "cnscd export REPORT -o FILE": writes a report as Excel (.xlsx) or CSV. */
#include <string.h>

#include "cli.h"
#include "cnscd/report.h"

struct export_report {
	const char *name;
	const char *summary;
	cn_report *(*build)(cn_db *db, long long unit_id, cn_error *err);
};

static const struct export_report reports[] = {
	{"summary", "báo cáo tổng hợp Tổ CNSCĐ (theo cấp và theo đơn vị trực thuộc)", cn_report_summary},
};

static const struct export_report *find_report(const char *name)
{
	for (size_t i = 0; i < CN_ARRAY_LEN(reports); i++)
		if (strcmp(reports[i].name, name) == 0)
			return &reports[i];
	return NULL;
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"unit", true, NULL}, {"o", true, NULL}, {"output", true, NULL}};
	const char *pos[2];
	int np = 0;
	if (cli_parse(&cmd_export, argc, argv, opts, 3, pos, 1, &np))
		return 2;
	if (np == 0)
		return cli_fail("export: thiếu tên báo cáo (ví dụ: cnscd export summary -o tong-hop.xlsx)");
	const struct export_report *rep = find_report(pos[0]);
	if (!rep)
		return cli_fail("export: không có báo cáo «%s» (xem \"cnscd export --help\")", pos[0]);
	const char *out = cli_opt(opts, 3, "o");
	if (!out)
		out = cli_opt(opts, 3, "output");
	if (!out || !*out)
		return cli_fail("export: thiếu tệp ra: -o TỆP.xlsx, -o TỆP.csv, hoặc -o - để in CSV ra màn hình");
	if (cn_report_format_for(out) == CN_REPORT_UNKNOWN)
		return cli_fail("export: không biết ghi «%s» theo định dạng nào: tên tệp cần kết thúc bằng .xlsx "
				"(Excel) hoặc .csv",
				out);
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	long long unit_id = cli_unit_option(db, cli_opt(opts, 3, "unit"));
	if (unit_id < 0)
		return 1;
	cn_error err = {0};
	cn_report *r = rep->build(db, unit_id, &err);
	if (!r)
		return cli_fail_err(&err);
	int rc = cn_report_write(r, out, &err);
	cn_report_free(r);
	if (rc != CN_OK)
		return cli_fail_err(&err);
	if (strcmp(out, "-") != 0)
		printf("%s\n", out);
	return 0;
}

const struct cli_command cmd_export = {
	"export",
	"xuất báo cáo ra tệp Excel (.xlsx) hoặc CSV",
	"Cách dùng: cnscd export BÁO-CÁO [--unit MÃ] -o TỆP\n\n"
	"Xuất báo cáo của đơn vị có mã MÃ (gồm mọi đơn vị cấp dưới), hoặc của toàn bộ\n"
	"cơ sở dữ liệu khi không có --unit. Định dạng theo đuôi tên tệp: .xlsx (Excel,\n"
	"trình bày theo mẫu văn bản hành chính, có trang «Ghi chú») hoặc .csv (UTF-8,\n"
	"mở được bằng Excel). -o - in CSV ra màn hình. Tệp được ghi trọn vẹn hoặc\n"
	"không ghi gì: không bao giờ để lại tệp ghi dở. In ra đường dẫn tệp đã ghi.\n\n"
	"Báo cáo:\n"
	"  summary   báo cáo tổng hợp Tổ CNSCĐ (theo cấp và theo đơn vị trực thuộc)\n\n"
	"Ví dụ: cnscd export summary --unit 961 -o tong-hop.xlsx\n",
	run,
};
