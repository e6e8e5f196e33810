/* The command-line front: each subcommand is a function taking its own
 * arguments (argv[0] is the subcommand's name). */
#ifndef CNSCD_CLI_H
#define CNSCD_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "cnscd/db.h"
#include "out.h"

struct cli {
	const char *db_path; /* from --db, $CNSCD_DB or the default */
	cn_db *db;
	bool skip_daily_backup; /* for commands that make or replace backups themselves */
};

struct cli_command {
	const char *name;
	const char *summary; /* one line, Vietnamese */
	const char *usage;   /* full help for "cnscd NAME --help" */
	int (*run)(struct cli *cli, int argc, char **argv);
};

/* Every subcommand, NULL-terminated (commands.c). Each is defined in its
 * own cmd_*.c file. */
extern const struct cli_command *const cli_commands[];
extern const struct cli_command cmd_init, cmd_import, cmd_stats, cmd_search, cmd_export;
extern const struct cli_command cmd_training, cmd_settings;
extern const struct cli_command cmd_backup, cmd_restore, cmd_log;
extern const struct cli_command cmd_reorg;
extern const struct cli_command cmd_approve, cmd_unapprove, cmd_approval;
extern const struct cli_command cmd_indicator, cmd_target;
extern const struct cli_command cmd_reorg, cmd_bundle, cmd_units;
extern const struct cli_command cmd_member, cmd_team;

/* Opens the database (creating it when CREATE) and makes the day's first
 * backup; prints the error. */
cn_db *cli_open_db(struct cli *cli, bool create);
/* Prints "cnscd: MESSAGE" to stderr; returns the exit status 1. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_fail_err(const cn_error *err);
/* True (and help printed) when ARGV holds -h or --help. */
bool cli_wants_help(const struct cli_command *cmd, int argc, char **argv);
const struct cli_command *cli_find(const char *name);
/* Id of the unit whose code is CODE (the --unit option); 0 when CODE is
 * NULL; -1 after printing the error (cmd_stats.c). */
long long cli_unit_option(cn_db *db, const char *code);
/* A subcommand of CMD whose only option is --unit CODE: parses it, opens
 * the database and finds the unit (*UNIT 0 when not given). NULL after
 * printing the error, *STATUS the exit status. */
cn_db *cli_open_for_unit(const struct cli_command *cmd, struct cli *cli, int argc, char **argv, long long *unit,
			 int *status);

/* Prints what an import did (RC CN_OK) or why it wrote nothing (the
 * problems, one a line); returns the exit status (cmd_import.c). */
struct cn_import_result;
int cli_import_report(const struct cn_import_result *res, int rc, const cn_error *err);
/* "cnscd --db X ARGS" for messages that tell the user what to run. Malloc'd. */
char *cli_command(struct cli *cli, const char *args);

/* Options of the form --name VALUE or --name=VALUE, and bare flags. Parses
 * ARGV after argv[0]; unknown options are an error. Positionals are kept in
 * order. */
struct cli_opt {
	const char *name;   /* "unit" for --unit; "o" for -o */
	bool takes_value;
	const char *value;  /* filled in; "1" for flags that were given */
};
int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_opt *opts, int nopts,
	      const char **positional, int max_positional, int *npositional);
const char *cli_opt(const struct cli_opt *opts, int nopts, const char *name);
/* Subcommands ("cnscd member move"): runs the one ARGV[1] names, with
 * ARGV from it; a missing or unknown one is said with the list. */
struct cli_sub {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
};
int cli_run_sub(const struct cli_command *cmd, const struct cli_sub *subs, int n, struct cli *cli, int argc,
		char **argv);

/* One entry of the change log as "12/11/2026 10:22 Sửa thành viên «…»: …"
 * on stdout (an audit callback; CTX is the database). */
struct cn_audit_entry;
int cli_print_change(const struct cn_audit_entry *e, void *ctx);

/* Parses S as a whole number from 1 to MAX into *OUT; false if it is not. */
bool cli_count(const char *s, int max, int *out);

#endif
