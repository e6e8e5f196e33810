/* cnscd: with no subcommand, the full-screen interface; otherwise one of the
 * headless commands listed by "cnscd --help". */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/today.h"
#include "tui.h"
#include "cnscd/os.h"

static void print_help(void)
{
	out_printf("cnscd %s — quản lý Tổ công nghệ số cộng đồng (Tổ CNSCĐ)\n\n", CNSCD_VERSION);
	out_puts("Cách dùng:\n"
	     "  cnscd [--db TỆP]                 mở giao diện toàn màn hình\n"
	     "  cnscd [--db TỆP] LỆNH [THAM SỐ]  chạy một lệnh không cần màn hình\n\n"
	     "Lệnh:");
	for (int i = 0; cli_commands[i]; i++)
		out_printf("  %-8s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
	out_printf("\nTùy chọn chung:\n"
	     "  --db TỆP      cơ sở dữ liệu dùng (mặc định: $CNSCD_DB, hoặc\n"
	     "                %s)\n", cn_os_default_db_help());
	out_puts("  -h, --help    trợ giúp này; \"cnscd LỆNH --help\" cho trợ giúp của một lệnh\n"
	     "  -V, --version phiên bản");
}

int main(int argc, char **argv)
{
	cn_os_start(&argc, &argv);
	struct cli cli = {0};
	char *default_path = NULL;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			print_help();
			return 0;
		} else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			out_printf("cnscd %s (lược đồ cơ sở dữ liệu %d, SQLite %s)\n", CNSCD_VERSION, cn_db_latest_version(),
			       sqlite3_libversion());
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			cli.db_path = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			cli.db_path = a + 5;
		} else {
			cli_fail("không có tùy chọn %s (xem \"cnscd --help\")", a);
			return 2;
		}
	}
	/* A wrong CNSCD_TODAY must not quietly become the real today. */
	cn_error today_err = {0};
	if (cn_today_check(&today_err) != CN_OK) {
		cli_fail_err(&today_err);
		return 2;
	}
	if (!cli.db_path || !*cli.db_path)
		cli.db_path = default_path = cn_db_default_path();

	int status;
	if (i >= argc) {
		status = cn_tui_main(cli.db_path);
	} else {
		const struct cli_command *cmd = cli_find(argv[i]);
		if (!cmd) {
			cli_fail("không có lệnh «%s» (xem \"cnscd --help\")", argv[i]);
			status = 2;
		} else if (cli_wants_help(cmd, argc - i, argv + i)) {
			status = 0;
		} else {
			status = cmd->run(&cli, argc - i, argv + i);
		}
	}
	cn_db_close(cli.db);
	free(default_path);
	return cn_os_finish(status);
}
