#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "cnscd/restore.h"
#include "cnscd/os.h"
#include "cnscd/store.h"

static int run(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	int np = 0;
	if (cli_parse(&cmd_restore, argc, argv, NULL, 0, pos, 1, &np))
		return 2;
	if (np == 0)
		return cli_fail("restore: thiếu tệp cần khôi phục (ví dụ: cnscd restore backups/cnscd-20261112-102200.db)");
	cn_error err = {0};
	/* On a machine without a database yet, a refused file must not leave
	 * an empty one behind: check before creating it. */
	if (cn_os_access(cli->db_path, F_OK) != 0 && cn_restore_check(pos[0], NULL, &err) != CN_OK)
		return cli_fail_err(&err);
	/* The replaced content is kept by the restore itself. */
	cli->skip_daily_backup = true;
	cn_db *db = cli_open_db(cli, true);
	if (!db)
		return 1;
	char *saved = NULL;
	if (cn_store_restore(db, pos[0], &saved, &err) != CN_OK) {
		free(saved);
		return cli_fail_err(&err);
	}
	out_printf("Đã khôi phục cơ sở dữ liệu %s từ %s.\n", cn_db_path(db), pos[0]);
	out_printf("Dữ liệu trước khi khôi phục được giữ ở: %s\n", saved);
	free(saved);
	/* Reopening upgrades a file from an older cnscd. */
	cn_db_close(db);
	cli->db = NULL;
	db = cli_open_db(cli, false);
	if (!db)
		return 1;
	out_printf("Lược đồ cơ sở dữ liệu: %d\n", cn_db_schema_version(db));
	return 0;
}

const struct cli_command cmd_restore = {
	"restore",
	"khôi phục cơ sở dữ liệu từ một bản sao lưu",
	"Cách dùng: cnscd [--db TỆP] restore TỆP\n\n"
	"Thay nội dung cơ sở dữ liệu bằng TỆP (một bản sao lưu). Trước khi thay,\n"
	"cnscd kiểm tra TỆP: phải là cơ sở dữ liệu cnscd của phiên bản này hoặc cũ\n"
	"hơn, không hỏng (PRAGMA integrity_check), và có đúng lược đồ cnscd tạo ra\n"
	"(không trigger, view hay bảng lạ). Nếu không, lệnh dừng và không có gì bị thay\n"
	"đổi. Dữ liệu đang có được giữ lại thành bản sao lưu …-before-restore.db trong\n"
	"thư mục backups, nên khôi phục nhầm vẫn lấy lại được. Việc thay diễn ra trong\n"
	"một giao dịch: nếu bị ngắt giữa chừng, cơ sở dữ liệu vẫn là bản cũ hoặc bản\n"
	"mới, không bao giờ lẫn lộn. Tệp của phiên bản cnscd cũ hơn được nâng cấp ngay\n"
	"sau khi khôi phục.\n",
	run,
};
