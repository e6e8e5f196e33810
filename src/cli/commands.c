#include "cli.h"

const struct cli_command *const cli_commands[] = {
	&cmd_init,
	&cmd_import,
	&cmd_search,
	&cmd_stats,
	&cmd_export,
	&cmd_training,
	&cmd_reorg,
	NULL,
};
