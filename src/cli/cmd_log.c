#include <stdlib.h>

#include "cli.h"
#include "cnscd/audit.h"
#include "cnscd/validate.h"

#define DEFAULT_LIMIT 50

int cli_print_change(const cn_audit_entry *e, void *ctx)
{
	char when[CN_AUDIT_TIME_LEN];
	cn_audit_time_display(e->at, when);
	char *what = cn_audit_describe(ctx, e);
	out_printf("%s %s\n", when, what);
	free(what);
	return 0;
}

static int undo(cn_db *db)
{
	cn_error err = {0};
	char *what = cn_audit_undo_preview(db);
	int n = cn_audit_undo_last(db, &err);
	if (n < 0) {
		free(what);
		return cli_fail_err(&err);
	}
	out_printf("Đã hoàn tác: %s\n", what ? what : "");
	free(what);
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"since", true, NULL}, {"limit", true, NULL}, {"undo", false, NULL}};
	const char *pos[1];
	if (cli_parse(&cmd_log, argc, argv, opts, 3, pos, 0, NULL))
		return 2;
	const char *since_s = cli_opt(opts, 3, "since"), *limit_s = cli_opt(opts, 3, "limit");
	char since[CN_DATE_LEN] = "";
	cn_error err = {0};
	if (since_s && cn_parse_date("log: --since", since_s, since, &err) != CN_OK)
		return cli_fail_err(&err);
	int limit = DEFAULT_LIMIT;
	if (limit_s && !cli_count(limit_s, 1000000, &limit))
		return cli_fail("log: --limit cần một số dương (đang là «%s»)", limit_s);
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	if (cli_opt(opts, 3, "undo"))
		return undo(db);
	int n = cn_audit_list(db, since[0] ? since : NULL, limit, cli_print_change, db, &err);
	if (n < 0)
		return cli_fail_err(&err);
	if (n == 0)
		out_eprintf("Chưa có thay đổi nào%s.\n", since[0] ? " từ ngày đó" : "");
	return 0;
}

const struct cli_command cmd_log = {
	"log",
	"nhật ký thay đổi (ai sửa gì, khi nào) và hoàn tác",
	"Cách dùng: cnscd [--db TỆP] log [--since dd/mm/yyyy] [--limit N] [--undo]\n\n"
	"Mọi lần thêm, sửa, xóa đơn vị, tổ và thành viên đều được ghi lại (kể cả khi\n"
	"nhập từ tệp). Lệnh này in nhật ký, mới nhất trước, mỗi thay đổi một dòng:\n"
	"  12/11/2026 10:22 Sửa thành viên «Nguyễn Văn An»: số điện thoại 0912345678 → 0987654321\n\n"
	"  --since NGÀY  chỉ các thay đổi từ ngày này (dd/mm/yyyy)\n"
	"  --limit N     nhiều nhất N dòng (mặc định 50)\n"
	"  --undo        hoàn tác thay đổi gần nhất chưa hoàn tác: xóa lại dòng vừa\n"
	"                thêm, trả lại giá trị cũ của dòng vừa sửa, thêm lại dòng vừa\n"
	"                xóa (cùng mã, cùng các giá trị). Chạy lại để lùi thêm một bước.\n"
	"                Việc hoàn tác cũng được ghi vào nhật ký, đánh dấu (hoàn tác).\n",
	run,
};
