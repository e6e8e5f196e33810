/* Placeholder: the "export" command is being written (see the open issues). */
#include "cli.h"

static int run(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("export: chưa có trong phiên bản này");
}

const struct cli_command cmd_export = {
	"export",
	"(chưa có)",
	"Cách dùng: cnscd export\n",
	run,
};
