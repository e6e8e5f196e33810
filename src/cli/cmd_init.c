#include "cli.h"

static int run(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	if (cli_parse(&cmd_init, argc, argv, NULL, 0, pos, 0, NULL))
		return 2;
	cn_db *db = cli_open_db(cli, true);
	if (!db)
		return 1;
	out_printf("Cơ sở dữ liệu sẵn sàng: %s (lược đồ %d)\n", cn_db_path(db), cn_db_schema_version(db));
	return 0;
}

const struct cli_command cmd_init = {
	"init",
	"tạo cơ sở dữ liệu (hoặc nâng cấp lược đồ)",
	"Cách dùng: cnscd [--db TỆP] init\n\n"
	"Tạo cơ sở dữ liệu (quyền 0600) nếu chưa có, hoặc nâng cấp lược đồ của một\n"
	"cơ sở dữ liệu cũ. Chạy lại nhiều lần không sao.\n",
	run,
};
