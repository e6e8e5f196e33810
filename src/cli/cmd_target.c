/* "cnscd target list|set|delete": the targets (chỉ tiêu giao) of a unit per
 * indicator, for a year or a range of months; the results report shows
 * them beside the figures with the % achieved. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/catalogue.h"

static int print_row(const cn_target_row *t, void *ctx)
{
	(void)ctx;
	char period[40];
	cn_target_period_text(t->from, t->to, period);
	out_printf("%s\t%s\t%s\t%s\t%s\t%lld\n", t->unit_code, t->unit_name, t->indicator_code, t->indicator_name, period,
	       t->value);
	return 0;
}

/* --year YYYY: a year from 2000 to 2100; 0 when not given, -1 when wrong. */
static int year_option(const char *s)
{
	int y;
	if (!s)
		return 0;
	if (cli_count(s, 2100, &y) && y >= 2000)
		return y;
	cli_fail("target: --year cần một năm, ví dụ 2026, không phải «%s»", s);
	return -1;
}

static int list(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"unit", true, NULL}, {"year", true, NULL}};
	if (cli_parse(&cmd_target, argc, argv, opts, 2, NULL, 0, NULL))
		return 2;
	int year = year_option(cli_opt(opts, 2, "year"));
	if (year < 0)
		return 2;
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	long long unit_id = cli_unit_option(db, cli_opt(opts, 2, "unit"));
	if (unit_id < 0)
		return 1;
	cn_error err = {0};
	out_puts("Mã đơn vị\tĐơn vị\tMã chỉ tiêu\tChỉ tiêu\tKỳ\tChỉ tiêu giao");
	if (cn_target_list(db, unit_id, year, print_row, NULL, &err) != CN_OK)
		return cli_fail_err(&err);
	return 0;
}

/* The period of --year, or of --from and --to; false after saying why. */
static bool period_options(const struct cli_opt *opts, int n, char from[8], char to[8])
{
	const char *year = cli_opt(opts, n, "year"), *f = cli_opt(opts, n, "from"), *t = cli_opt(opts, n, "to");
	cn_error err = {0};
	if (year && !f && !t) {
		if (year_option(year) < 0)
			return false;
		if (cn_parse_target_period(year, from, to, &err) == CN_OK)
			return true;
	} else if (!year && f && t) {
		char *range = cn_sprintf("%s..%s", f, t);
		int rc = cn_parse_target_period(range, from, to, &err);
		free(range);
		if (rc == CN_OK)
			return true;
	} else {
		cli_fail("target: cần --year NĂM, hoặc --from THÁNG --to THÁNG (THÁNG dạng YYYY-MM hoặc MM/YYYY)");
		return false;
	}
	cli_fail_err(&err);
	return false;
}

/* The ids of UNIT_CODE and INDICATOR_CODE; false after saying why. */
static bool find_ids(cn_db *db, const char *unit_code, const char *indicator_code, long long *unit,
		     long long *indicator)
{
	if ((*unit = cli_unit_option(db, unit_code)) < 0)
		return false;
	if (!(*indicator = cn_indicator_id_by_code(db, indicator_code))) {
		cli_fail("không có chỉ tiêu nào mang mã «%s» (xem \"cnscd indicator list\")", indicator_code);
		return false;
	}
	return true;
}

/* What set and delete share: NPOS positionals (unit, indicator and, for
 * set, the value), the period, the database and the ids. */
struct target_args {
	const char *pos[3];
	char from[8], to[8];
	cn_db *db;
	long long unit, indicator;
};

/* 0 when A is filled, else the exit status (the error printed). */
static int target_args(struct cli *cli, int argc, char **argv, int npos, const char *missing,
		       struct target_args *a)
{
	struct cli_opt opts[] = {{"year", true, NULL}, {"from", true, NULL}, {"to", true, NULL}};
	int np = 0;
	if (cli_parse(&cmd_target, argc, argv, opts, 3, a->pos, npos, &np))
		return 2;
	if (np < npos) {
		cli_fail("%s", missing);
		return 2;
	}
	if (!period_options(opts, 3, a->from, a->to))
		return 2;
	a->db = cli_open_db(cli, false);
	if (!a->db || !find_ids(a->db, a->pos[0], a->pos[1], &a->unit, &a->indicator))
		return 1;
	return 0;
}

static int set(struct cli *cli, int argc, char **argv)
{
	struct target_args a;
	int rc = target_args(cli, argc, argv, 3,
			     "target set: cần MÃ-ĐƠN-VỊ MÃ-CHỈ-TIÊU GIÁ-TRỊ và --year hoặc --from/--to", &a);
	if (rc)
		return rc;
	long long value;
	cn_error err = {0};
	if (cn_parse_target_value(a.pos[2], &value, &err) != CN_OK ||
	    cn_target_set(a.db, a.unit, a.indicator, a.from, a.to, value, &err) != CN_OK)
		return cli_fail_err(&err);
	return cn_target_list(a.db, a.unit, 0, print_row, NULL, &err) == CN_OK ? 0 : cli_fail_err(&err);
}

struct match {
	long long indicator, id;
	const char *from, *to;
};

static int find_target(const cn_target_row *t, void *ctx)
{
	struct match *m = ctx;
	if (t->indicator_id == m->indicator && strcmp(t->from, m->from) == 0 && strcmp(t->to, m->to) == 0)
		m->id = t->id;
	return m->id != 0;
}

static int delete(struct cli *cli, int argc, char **argv)
{
	struct target_args a;
	int rc = target_args(cli, argc, argv, 2, "target delete: cần MÃ-ĐƠN-VỊ MÃ-CHỈ-TIÊU và --year hoặc --from/--to",
			     &a);
	if (rc)
		return rc;
	cn_error err = {0};
	struct match m = {a.indicator, 0, a.from, a.to};
	if (cn_target_list(a.db, a.unit, 0, find_target, &m, &err) != CN_OK)
		return cli_fail_err(&err);
	char period[40];
	cn_target_period_text(a.from, a.to, period);
	if (!m.id)
		return cli_fail("đơn vị «%s» không có chỉ tiêu giao «%s» cho kỳ %s", a.pos[0], a.pos[1], period);
	if (cn_target_delete(a.db, m.id, &err) != CN_OK)
		return cli_fail_err(&err);
	out_printf("Đã xóa chỉ tiêu giao %s của đơn vị %s, kỳ %s.\n", a.pos[1], a.pos[0], period);
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_fail("target: cần lệnh con list, set hoặc delete (xem \"cnscd target --help\")");
	if (strcmp(argv[1], "list") == 0)
		return list(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "set") == 0)
		return set(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "delete") == 0)
		return delete(cli, argc - 1, argv + 1);
	return cli_fail("target: không có lệnh con «%s» (list, set hoặc delete)", argv[1]);
}

const struct cli_command cmd_target = {
	"target",
	"chỉ tiêu giao của đơn vị theo năm hoặc theo kỳ: liệt kê, đặt, xóa",
	"Cách dùng:\n"
	"  cnscd target list [--unit MÃ] [--year NĂM]\n"
	"  cnscd target set MÃ-ĐƠN-VỊ MÃ-CHỈ-TIÊU GIÁ-TRỊ (--year NĂM | --from THÁNG --to THÁNG)\n"
	"  cnscd target delete MÃ-ĐƠN-VỊ MÃ-CHỈ-TIÊU (--year NĂM | --from THÁNG --to THÁNG)\n\n"
	"list: chỉ tiêu giao của đơn vị MÃ (mặc định: mọi đơn vị), có kỳ trùng với NĂM\n"
	"     nếu có; mỗi dòng (cách nhau bằng TAB): mã đơn vị, đơn vị, mã chỉ tiêu,\n"
	"     chỉ tiêu, kỳ, chỉ tiêu giao.\n"
	"set: đặt (hoặc sửa) chỉ tiêu giao cho cả năm NĂM, hoặc cho các tháng từ THÁNG\n"
	"     đến THÁNG (dạng YYYY-MM hoặc MM/YYYY). GIÁ-TRỊ là số nguyên (12000 hoặc\n"
	"     12.000).\n"
	"delete: xóa chỉ tiêu giao của kỳ đó.\n\n"
	"Báo cáo «Kết quả hoạt động» (cnscd export results) ghi chỉ tiêu giao của đơn vị\n"
	"báo cáo có kỳ bao trùm kỳ báo cáo, và % đạt.\n\n"
	"Ví dụ:\n"
	"  cnscd target set 31873 VNEID_MUC2 2400 --year 2026\n"
	"  cnscd target set 31873 CUA_HANG_SO 60 --from 2026-01 --to 2026-06\n"
	"  cnscd target list --unit 31873 --year 2026\n",
	run,
};
