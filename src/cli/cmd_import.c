/* Placeholder: the "import" command is being written (see the open issues). */
#include "cli.h"

static int run(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("import: chưa có trong phiên bản này");
}

const struct cli_command cmd_import = {
	"import",
	"(chưa có)",
	"Cách dùng: cnscd import\n",
	run,
};
