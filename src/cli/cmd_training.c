#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/attendance.h"
#include "cnscd/training.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"

/* --unit CODE → unit id (0 when not given); prints the error. */
static int unit_from_code(cn_db *db, const char *code, long long *id)
{
	*id = 0;
	if (!code)
		return 0;
	cn_error err = {0};
	if (cn_unit_code_id(db, code, id, &err) != CN_OK)
		return cli_fail_err(&err);
	if (!*id)
		return cli_fail("không có đơn vị nào mang mã «%s»", code);
	return 0;
}

static int add(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {
		{"unit", true, NULL}, {"title", true, NULL}, {"date", true, NULL}, {"end", true, NULL},
		{"format", true, NULL}, {"topics", true, NULL}, {"location", true, NULL},
		{"organiser", true, NULL}, {"trainers", true, NULL}, {"planned", true, NULL}, {"note", true, NULL},
	};
	int n = (int)CN_ARRAY_LEN(opts);
	if (cli_parse(&cmd_training, argc, argv, opts, n, NULL, 0, NULL))
		return 2;
	const char *unit = cli_opt(opts, n, "unit"), *title = cli_opt(opts, n, "title"),
		   *date = cli_opt(opts, n, "date");
	if (!unit || !title || !date)
		return cli_fail("training add: cần --unit MÃ, --title \"TÊN LỚP\" và --date dd/mm/yyyy");
	cn_error err = {0};
	int format;
	if (cn_parse_training_format(cli_opt(opts, n, "format"), &format, &err) != CN_OK)
		return cli_fail_err(&err);
	const char *planned_s = cli_opt(opts, n, "planned");
	char *end = NULL;
	long planned = planned_s ? strtol(planned_s, &end, 10) : 0;
	if (planned_s && (*end || planned < 0 || planned > 100000))
		return cli_fail("training add: --planned cần số người dự kiến (0 đến 100000), không phải «%s»", planned_s);
	cn_db *db = cli_open_db(cli, false);
	long long unit_id;
	if (!db || unit_from_code(db, unit, &unit_id))
		return 1;
	cn_training t = {
		.unit_id = unit_id,
		.title = (char *)title,
		.start_date = (char *)date,
		.end_date = (char *)cli_opt(opts, n, "end"),
		.format = format,
		.location = (char *)cli_opt(opts, n, "location"),
		.organiser = (char *)cli_opt(opts, n, "organiser"),
		.trainers = (char *)cli_opt(opts, n, "trainers"),
		.planned = (int)planned,
		.note = (char *)cli_opt(opts, n, "note"),
		.topics = (char *)cli_opt(opts, n, "topics"),
	};
	if (cn_training_add(db, &t, &err) != CN_OK)
		return cli_fail_err(&err);
	out_printf("%lld\n", t.id);
	return 0;
}

static int print_row(const cn_training_row *r, void *ctx)
{
	(void)ctx;
	char date[CN_DATE_LEN];
	cn_date_display(r->start_date, date);
	char planned[16] = "";
	if (r->planned)
		snprintf(planned, sizeof planned, "%d", r->planned);
	out_printf("%lld\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\n", r->id, date, r->title, r->unit_name,
		   cn_training_format_name(r->format), r->present, r->invited, planned, r->topics);
	return 0;
}

static int list(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"unit", true, NULL}, {"as-of", true, NULL}};
	if (cli_parse(&cmd_training, argc, argv, opts, 2, NULL, 0, NULL))
		return 2;
	const char *as_of = cli_opt(opts, 2, "as-of");
	cn_db *db = cli_open_db(cli, false);
	long long unit_id;
	if (!db || unit_from_code(db, cli_opt(opts, 1, "unit"), &unit_id))
		return 1;
	cn_error err = {0};
	out_puts("Số\tNgày\tTên lớp\tĐơn vị tổ chức\tHình thức\t" CN_WORD_PRESENT "\t" CN_WORD_INVITED "\t" CN_WORD_PLANNED
		 "\tChủ đề");
	int rc = as_of ? cn_training_list_as_of(db, unit_id, as_of, print_row, NULL, &err)
		       : cn_training_list(db, unit_id, print_row, NULL, &err);
	if (rc != CN_OK)
		return cli_fail_err(&err);
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_fail("training: cần lệnh con add hoặc list (xem \"cnscd training --help\")");
	if (strcmp(argv[1], "add") == 0)
		return add(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return list(cli, argc - 1, argv + 1);
	return cli_fail("training: không có lệnh con «%s» (add hoặc list)", argv[1]);
}

const struct cli_command cmd_training = {
	"training",
	"lớp tập huấn: thêm, liệt kê",
	"Cách dùng:\n"
	"  cnscd training add --unit MÃ --title \"TÊN LỚP\" --date dd/mm/yyyy [--end dd/mm/yyyy]\n"
	"        [--format \"Trực tiếp\"|\"Trực tuyến\"|\"Kết hợp\"] [--topics \"Chủ đề A;Chủ đề B\"]\n"
	"        [--location TEXT] [--organiser TEXT] [--trainers TEXT] [--planned N] [--note TEXT]\n"
	"  cnscd training list [--unit MÃ] [--as-of dd/mm/yyyy]\n\n"
	"add: thêm một lớp tập huấn do đơn vị MÃ tổ chức và in số của lớp. Chủ đề chưa có\n"
	"     trong danh mục sẽ được thêm vào danh mục. Ngày gõ tắt được: 6/12 là ngày\n"
	"     6/12 năm nay, 6/12/26 là năm 2026.\n"
	"list: các lớp của đơn vị MÃ và các đơn vị trực thuộc (mặc định: tất cả), mới nhất\n"
	"     trước; mỗi dòng (cách nhau bằng TAB): số, ngày, tên lớp, đơn vị tổ chức,\n"
	"     hình thức, có mặt, được mời (cả danh sách), dự kiến (trống khi chưa ghi),\n"
	"     chủ đề. Lớp của đơn vị đã sáp nhập tính cho đơn vị kế thừa (đơn vị tổ chức\n"
	"     ghi \"(cũ)\"); --as-of NGÀY: các lớp đã mở đến ngày đó, mỗi lớp ở đơn vị tổ\n"
	"     chức khi ấy, theo cơ cấu đơn vị ngày đó.\n",
	run,
};
