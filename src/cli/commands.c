#include "cli.h"

const struct cli_command *const cli_commands[] = {
	&cmd_init,
	&cmd_import,
	&cmd_units,
	&cmd_search,
	&cmd_stats,
	&cmd_export,
	&cmd_training,
	&cmd_settings,
	&cmd_indicator,
	&cmd_target,
	&cmd_backup,
	&cmd_restore,
	&cmd_log,
	&cmd_reorg,
	&cmd_approve,
	&cmd_unapprove,
	&cmd_approval,
	&cmd_bundle,
	NULL,
};
