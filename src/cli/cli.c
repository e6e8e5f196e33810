#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/backup.h"
#include "cnscd/store.h"

/* Another copy of cnscd is writing: say why nothing seems to happen, once. */
static void say_waiting(void *ctx)
{
	static bool said;
	(void)ctx;
	if (!said)
		out_fputs("Cơ sở dữ liệu đang bận (một cửa sổ cnscd khác đang ghi), đang chờ…\n", stderr);
	said = true;
}

cn_db *cli_open_db(struct cli *cli, bool create)
{
	if (cli->db)
		return cli->db;
	cn_error err = {0};
	cn_db_set_wait_notice(say_waiting, NULL);
	cli->db = cn_store_open(cli->db_path, create ? CN_DB_CREATE : 0, &err);
	if (!cli->db) {
		cli_fail_err(&err);
		return NULL;
	}
	if (cn_db_notice(cli->db))
		out_eprintf("cnscd: lưu ý: %s\n", cn_db_notice(cli->db));
	/* A failed daily backup must not stop the day's work: warn. */
	if (!cli->skip_daily_backup && cn_store_daily_backup(cli->db, &err) < 0)
		out_eprintf("cnscd: cảnh báo: chưa sao lưu hằng ngày được: %s\n", err.msg);
	return cli->db;
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	out_fputs("cnscd: ", stderr);
	va_start(ap, fmt);
	out_vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int cli_fail_err(const cn_error *err)
{
	return cli_fail("%s", err->msg[0] ? err->msg : "lỗi không rõ");
}

const struct cli_command *cli_find(const char *name)
{
	for (int i = 0; cli_commands[i]; i++)
		if (strcmp(cli_commands[i]->name, name) == 0)
			return cli_commands[i];
	return NULL;
}

bool cli_wants_help(const struct cli_command *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			out_fputs(cmd->usage, stdout);
			return true;
		}
	}
	return false;
}

static struct cli_opt *find_opt(struct cli_opt *opts, int nopts, const char *name, size_t len)
{
	for (int i = 0; i < nopts; i++)
		if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0)
			return &opts[i];
	return NULL;
}

int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_opt *opts, int nopts,
	      const char **positional, int max_positional, int *npositional)
{
	int np = 0;
	bool only_positional = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!only_positional && strcmp(a, "--") == 0) {
			only_positional = true;
			continue;
		}
		if (!only_positional && a[0] == '-' && a[1] != '\0') {
			const char *name = a + (a[1] == '-' ? 2 : 1);
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			struct cli_opt *o = find_opt(opts, nopts, name, len);
			if (!o)
				return cli_fail("%s: không có tùy chọn %s (xem \"cnscd %s --help\")", cmd->name, a,
						cmd->name);
			if (!o->takes_value) {
				if (eq)
					return cli_fail("%s: tùy chọn %.*s không nhận giá trị", cmd->name, (int)len + 2, a);
				o->value = "1";
			} else if (eq) {
				o->value = eq + 1;
			} else if (i + 1 < argc) {
				o->value = argv[++i];
			} else {
				return cli_fail("%s: tùy chọn %s cần một giá trị", cmd->name, a);
			}
			continue;
		}
		if (np >= max_positional)
			return cli_fail("%s: thừa tham số «%s» (xem \"cnscd %s --help\")", cmd->name, a, cmd->name);
		positional[np++] = a;
	}
	if (npositional)
		*npositional = np;
	return 0;
}

const char *cli_opt(const struct cli_opt *opts, int nopts, const char *name)
{
	for (int i = 0; i < nopts; i++)
		if (strcmp(opts[i].name, name) == 0)
			return opts[i].value;
	return NULL;
}

bool cli_count(const char *s, int max, int *out)
{
	char *end;
	long v = s && *s >= '0' && *s <= '9' ? strtol(s, &end, 10) : 0;
	if (v < 1 || v > max || *end != '\0')
		return false;
	*out = (int)v;
	return true;
}

int cli_run_sub(const struct cli_command *cmd, const struct cli_sub *subs, int n, struct cli *cli, int argc,
		char **argv)
{
	for (int i = 0; argc >= 2 && i < n; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(cli, argc - 1, argv + 1);
	char names[256] = "";
	size_t len = 0;
	for (int i = 0; i < n && len < sizeof names; i++)
		len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", i == 0 ? "" : i == n - 1 ? " hoặc " : ", ",
					subs[i].name);
	if (argc < 2)
		return cli_fail("%s: cần %s (xem \"cnscd %s --help\")", cmd->name, names, cmd->name);
	return cli_fail("%s: không có lệnh «%s» (cần %s)", cmd->name, argv[1], names);
}

char *cli_command(struct cli *cli, const char *args)
{
	if (cli->db)
		return cn_db_command(cli->db, args);
	return cn_sprintf("cnscd --db %s %s", cli->db_path, args);
}
