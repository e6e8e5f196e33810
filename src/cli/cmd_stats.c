/* Placeholder: the "stats" command is being written (see the open issues). */
#include "cli.h"

static int run(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("stats: chưa có trong phiên bản này");
}

const struct cli_command cmd_stats = {
	"stats",
	"(chưa có)",
	"Cách dùng: cnscd stats\n",
	run,
};
