#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cnscd/backup.h"
#include "cnscd/settings.h"
#include "cnscd/store.h"

static int print_path(const char *path, void *ctx)
{
	(void)ctx;
	out_puts(path);
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"o", true, NULL}, {"keep", true, NULL}, {"list", false, NULL}};
	const char *pos[1];
	if (cli_parse(&cmd_backup, argc, argv, opts, 3, pos, 0, NULL))
		return 2;
	const char *out = cli_opt(opts, 3, "o"), *keep_s = cli_opt(opts, 3, "keep");
	int keep = 0;
	if (keep_s && !cli_count(keep_s, CN_BACKUP_KEEP_MAX, &keep))
		return cli_fail("backup: --keep cần một số từ 1 đến %d (đang là «%s»)", CN_BACKUP_KEEP_MAX, keep_s);
	/* This command is the day's backup when it makes one into the folder. */
	cli->skip_daily_backup = true;
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	cn_error err = {0};
	char keep_v[16];
	snprintf(keep_v, sizeof keep_v, "%d", keep);
	if (keep && cn_setting_put(db, "backup_keep", keep_v, &err) != CN_OK)
		return cli_fail_err(&err);
	if (cli_opt(opts, 3, "list"))
		return cn_backup_list(db, print_path, NULL, &err) < 0 ? cli_fail_err(&err) : 0;
	if (out) {
		if (cn_backup_to(db, out, &err) != CN_OK)
			return cli_fail_err(&err);
		out_puts(out);
		return 0;
	}
	char *path = NULL;
	if (cn_store_backup(db, NULL, &path, &err) != CN_OK)
		return cli_fail_err(&err);
	out_puts(path);
	free(path);
	return 0;
}

const struct cli_command cmd_backup = {
	"backup",
	"sao lưu cơ sở dữ liệu",
	"Cách dùng: cnscd [--db TỆP] backup [-o TỆP] [--keep N] [--list]\n\n"
	"Ghi một bản sao lưu của cơ sở dữ liệu và in đường dẫn của nó. Bản sao lưu\n"
	"luôn nhất quán, kể cả khi một cửa sổ cnscd khác đang ghi. Mặc định nó nằm\n"
	"trong thư mục backups cạnh cơ sở dữ liệu, tên <tên>-YYYYMMDD-HHMMSS.db\n"
	"(ví dụ cnscd-20261112-102200.db), quyền 0600 vì chứa dữ liệu cá nhân.\n\n"
	"  -o TỆP     ghi bản sao lưu ra TỆP (không ghi đè tệp đã có)\n"
	"  --keep N   giữ N bản sao lưu mới nhất trong thư mục backups (mặc định 14);\n"
	"             số này được lưu lại cho các lần sau\n"
	"  --list     liệt kê các bản sao lưu trong thư mục backups, mới nhất trước\n\n"
	"cnscd còn tự sao lưu: mỗi ngày một lần khi mở lần đầu trong ngày, trước mỗi\n"
	"lần nâng cấp lược đồ (…-before-upgrade.db) và trước khi khôi phục\n"
	"(…-before-restore.db). Khôi phục bằng \"cnscd restore TỆP\".\n",
	run,
};
