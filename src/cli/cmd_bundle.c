/* "cnscd bundle": an office's data travels upward as a bundle file (export),
 * the office above merges it (import), resolves rows changed on both sides
 * (conflicts, resolve) and sees which units have not sent theirs (status). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/bundle.h"
#include "cnscd/validate.h"

/* "dd/mm/yyyy hh:mm" (UTC) of an ISO timestamp. */
static void show_time(const char *iso, char out[32])
{
	char date[CN_DATE_LEN] = "";
	char day[11] = "";
	if (!iso || strlen(iso) < 10) {
		snprintf(out, 32, "—");
		return;
	}
	memcpy(day, iso, 10);
	cn_date_display(day, date);
	snprintf(out, 32, "%s %.5s", date, strlen(iso) >= 16 ? iso + 11 : "");
}

static int run_export(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"unit", true, NULL}, {"since", true, NULL}, {"o", true, NULL}, {"by", true, NULL}};
	const int nopts = (int)CN_ARRAY_LEN(opts);
	if (cli_parse(&cmd_bundle, argc, argv, opts, nopts, NULL, 0, NULL))
		return 2;
	const char *path = cli_opt(opts, nopts, "o");
	if (!path)
		return cli_fail("bundle export: thiếu tên tệp gói dữ liệu (-o TỆP.cnscd)");
	char since[CN_DATE_LEN] = "";
	cn_error err = {0};
	if (cli_opt(opts, nopts, "since") && cn_parse_date("--since", cli_opt(opts, nopts, "since"), since, &err) != CN_OK)
		return cli_fail_err(&err);
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	long long unit = cli_unit_option(db, cli_opt(opts, nopts, "unit"));
	if (unit < 0)
		return 1;
	struct cn_bundle_export_result res;
	if (cn_bundle_export(db, unit, since[0] ? since : NULL, path, cli_opt(opts, nopts, "by"), &res, &err) != CN_OK)
		return cli_fail_err(&err);
	out_printf("Đã ghi gói dữ liệu %s: %lld dòng dữ liệu, %lld dòng đã xoá (mã gói %s).\n", path, res.rows,
	       res.deletions, res.bundle_id);
	return 0;
}

static int run_import(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	int np = 0;
	if (cli_parse(&cmd_bundle, argc, argv, NULL, 0, pos, 1, &np))
		return 2;
	if (np != 1)
		return cli_fail("bundle import: thiếu tên tệp gói dữ liệu (.cnscd)");
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	struct cn_bundle_import_result res;
	cn_error err = {0};
	if (cn_bundle_import(db, pos[0], &res, &err) != CN_OK)
		return cli_fail_err(&err);
	char made[32];
	show_time(res.created_at, made);
	if (res.already) {
		out_printf("Gói dữ liệu này (%s %s, tạo lúc %s) đã được nhập trước đây; không thay đổi gì.\n", res.root_code,
		       res.root_name, made);
		return 0;
	}
	out_printf("Đã nhập gói dữ liệu của %s %s (tạo lúc %s UTC bởi %s).\n", res.root_code, res.root_name, made,
	       res.created_by);
	if (res.downward)
		out_printf("Gói từ cấp trên: chỉ nhận phê duyệt, chỉ tiêu giao và danh mục; dữ liệu của đơn vị mình giữ "
		       "nguyên.\n");
	out_printf("Thêm mới: %lld\nCập nhật: %lld\nKhông đổi: %lld\nĐã xoá: %lld\nXung đột: %lld\n", res.added,
	       res.updated, res.unchanged, res.deleted, res.conflicts);
	if (res.skipped)
		out_printf("Bỏ qua (không phải phần đơn vị gửi được sửa ở đây): %lld\n", res.skipped);
	if (res.conflicts)
		out_printf("Có dòng bị sửa ở cả hai nơi: bản ở đây được giữ. Xem \"cnscd bundle conflicts\" và chọn bằng "
		       "\"cnscd bundle resolve SỐ --take local|incoming\".\n");
	return 0;
}

static int print_conflict(const cn_bundle_conflict *c, void *ctx)
{
	cn_db *db = ctx;
	char at[32];
	show_time(c->at, at);
	out_printf("#%lld  %s «%s» (từ gói của %s, %s)%s\n", c->id, c->table_label, c->label, c->source_unit, at,
	       c->resolved_at ? (strcmp(c->resolution, "incoming") == 0 ? " — đã lấy bản nhận về"
				 : " — đã giữ bản ở đây") : "");
	char *diff = cn_bundle_conflict_diff(db, c);
	for (char *line = strtok(diff, "\n"); line; line = strtok(NULL, "\n"))
		out_printf("    %s\n", line);
	free(diff);
	return 0;
}

static int run_conflicts(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"all", false, NULL}};
	if (cli_parse(&cmd_bundle, argc, argv, opts, 1, NULL, 0, NULL))
		return 2;
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	cn_error err = {0};
	out_printf("(mỗi dòng: trường: bản ở đây | bản nhận về)\n");
	int n = cn_bundle_conflict_list(db, cli_opt(opts, 1, "all") != NULL, print_conflict, db, &err);
	if (n < 0)
		return cli_fail_err(&err);
	if (n == 0)
		out_printf("Không có xung đột nào cần giải quyết.\n");
	return 0;
}

static int run_resolve(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"take", true, NULL}};
	const char *pos[1];
	int np = 0;
	if (cli_parse(&cmd_bundle, argc, argv, opts, 1, pos, 1, &np))
		return 2;
	char *end = NULL;
	long long id = np == 1 ? strtoll(pos[0], &end, 10) : 0;
	if (np != 1 || id <= 0 || *end)
		return cli_fail("bundle resolve: cần số của xung đột (xem \"cnscd bundle conflicts\")");
	const char *take = cli_opt(opts, 1, "take");
	if (!take || (strcmp(take, "local") != 0 && strcmp(take, "incoming") != 0))
		return cli_fail("bundle resolve: cần --take local (giữ bản ở đây) hoặc --take incoming (lấy bản nhận về)");
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	cn_error err = {0};
	bool incoming = strcmp(take, "incoming") == 0;
	if (cn_bundle_conflict_resolve(db, id, incoming, &err) != CN_OK)
		return cli_fail_err(&err);
	out_printf("Đã giải quyết xung đột #%lld: %s.\n", id, incoming ? "lấy bản nhận về" : "giữ bản ở đây");
	return 0;
}

static int print_arrival(const cn_bundle_arrival *a, void *ctx)
{
	(void)ctx;
	char at[32];
	show_time(a->last_at, at);
	if (a->days < 0)
		out_printf("%s\t%s\tchưa nhận gói nào\tQUÁ HẠN\n", a->code, a->name);
	else
		out_printf("%s\t%s\t%s\t%d ngày trước%s\n", a->code, a->name, at, a->days, a->overdue ? "\tQUÁ HẠN" : "");
	return 0;
}

static int run_status(struct cli *cli, int argc, char **argv)
{
	long long unit;
	int status;
	cn_db *db = cli_open_for_unit(&cmd_bundle, cli, argc, argv, &unit, &status);
	if (!db)
		return status;
	cn_error err = {0};
	out_printf("Gói dữ liệu của các đơn vị cấp dưới (quá hạn sau %d ngày):\n", cn_bundle_overdue_days(db));
	int n = cn_bundle_status(db, unit, print_arrival, NULL, &err);
	if (n < 0)
		return cli_fail_err(&err);
	if (n == 0)
		out_printf("Không có đơn vị cấp dưới nào.\n");
	long long open = cn_bundle_conflict_count(db);
	if (open)
		out_printf("Còn %lld xung đột chưa giải quyết (cnscd bundle conflicts).\n", open);
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct cli *, int, char **);
	} subs[] = {{"export", run_export}, {"import", run_import}, {"conflicts", run_conflicts},
		    {"resolve", run_resolve}, {"status", run_status}};
	if (cli_wants_help(&cmd_bundle, argc, argv))
		return 0;
	for (size_t i = 0; argc >= 2 && i < CN_ARRAY_LEN(subs); i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].fn(cli, argc - 1, argv + 1);
	return cli_fail("bundle: cần một trong export, import, conflicts, resolve, status (xem \"cnscd bundle --help\")");
}

const struct cli_command cmd_bundle = {
	"bundle",
	"gói dữ liệu gửi lên cấp trên: xuất, nhập, xung đột, tình trạng",
	"Cách dùng: cnscd bundle export [--unit MÃ] [--since NGÀY] -o TỆP.cnscd\n"
	"           cnscd bundle import TỆP.cnscd\n"
	"           cnscd bundle conflicts [--all]\n"
	"           cnscd bundle resolve SỐ --take local|incoming\n"
	"           cnscd bundle status [--unit MÃ]\n\n"
	"bundle export ghi dữ liệu của một đơn vị và các đơn vị trực thuộc (đơn vị, tổ,\n"
	"thành viên, lớp tập huấn, điểm danh, chỉ tiêu, báo cáo tháng và số liệu, các\n"
	"dòng đã xoá) vào một tệp để gửi lên cấp trên. Tệp là một cơ sở dữ liệu SQLite,\n"
	"có mã kiểm tra để phát hiện tệp hỏng.\n"
	"  --unit MÃ     đơn vị cần gửi (mặc định: đơn vị cao nhất của cơ sở dữ liệu).\n"
	"  --since NGÀY  chỉ gửi những gì đã sửa từ ngày này (dd/mm/yyyy).\n"
	"  -o TỆP        tệp cần ghi (nên có đuôi .cnscd).\n\n"
	"bundle import gộp một gói nhận được: dòng mới được thêm, dòng đã sửa lấy bản\n"
	"mới hơn; dòng bị sửa ở cả hai nơi từ lần trao đổi trước là xung đột: bản ở đây\n"
	"được giữ và bản nhận về chờ bạn chọn. Nhập lại một gói không thay đổi gì.\n"
	"Trước gói đầu tiên hãy đặt đơn vị của cơ quan: cnscd settings office_unit MÃ.\n"
	"Gói của đơn vị cấp dưới chỉ được sửa dữ liệu của chính đơn vị đó và các đơn vị\n"
	"trực thuộc; gói của cấp trên chỉ mang phê duyệt, chỉ tiêu giao và danh mục. Gói\n"
	"vượt phạm vi, có giá trị sai, hỏng, của phiên bản mới hơn, hoặc của đơn vị\n"
	"ngoài cây đơn vị của cơ quan bị từ chối cả gói và không có gì thay đổi.\n\n"
	"bundle conflicts liệt kê các xung đột chưa giải quyết (--all: cả đã giải\n"
	"quyết); bundle resolve SỐ --take local giữ bản ở đây, --take incoming lấy bản\n"
	"nhận về. bundle status cho biết mỗi đơn vị cấp dưới gửi gói lần cuối khi nào;\n"
	"quá hạn sau 35 ngày (thiết lập bundle_overdue_days).\n\n"
	"Ví dụ: cnscd bundle export -o vinh-my-a-2025-06.cnscd\n"
	"       cnscd bundle import vinh-my-a-2025-06.cnscd\n",
	run,
};
