/* "cnscd stats": counts by level under a unit, as an aligned table and the
 * one-line sentence field reports use. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/stats.h"
#include "cnscd/team.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"

#define NCOLS 6

static const char *const headers[NCOLS] = {"Cấp", "Số đơn vị", "Có tổ", "Tỷ lệ có tổ", "Số tổ", "Thành viên"};

struct table_row {
	char cell[NCOLS][CN_NUM_TEXT_LEN + 32];
};

static void fill_row(struct table_row *t, const char *name, const cn_counts *c)
{
	snprintf(t->cell[0], sizeof t->cell[0], "%s", name);
	cn_count_text(c->units, t->cell[1]);
	cn_count_text(c->units_with_team, t->cell[2]);
	cn_percent_text(cn_counts_coverage(c), t->cell[3]);
	cn_count_text(c->teams, t->cell[4]);
	cn_count_text(c->members, t->cell[5]);
}

/* Pads by display columns (cn_text_width), not bytes: "Cấp" is 3 columns
 * but 5 bytes. The first column is left-aligned, numbers right-aligned. */
static void print_row(const char *const *cells, const int *widths)
{
	for (int c = 0; c < NCOLS; c++) {
		int pad = widths[c] - cn_text_width(cells[c]);
		if (c > 0)
			out_fputs("  ", stdout);
		if (c > 0)
			out_printf("%*s", pad > 0 ? pad : 0, "");
		out_fputs(cells[c], stdout);
		if (c == 0 && c + 1 < NCOLS)
			out_printf("%*s", pad > 0 ? pad : 0, "");
	}
	putchar('\n');
}

static void print_table(const cn_stats *s)
{
	struct table_row rows[CN_STATS_LEVELS + 1];
	int n = 0;
	for (int l = 1; l <= CN_STATS_LEVELS; l++)
		if (s->level[l].units > 0)
			fill_row(&rows[n++], cn_level_name(l), &s->level[l]);
	fill_row(&rows[n++], "Tổng cộng", &s->total);
	int widths[NCOLS];
	for (int c = 0; c < NCOLS; c++) {
		widths[c] = cn_text_width(headers[c]);
		for (int r = 0; r < n; r++) {
			int w = cn_text_width(rows[r].cell[c]);
			if (w > widths[c])
				widths[c] = w;
		}
	}
	print_row(headers, widths);
	for (int r = 0; r < n; r++) {
		const char *cells[NCOLS];
		for (int c = 0; c < NCOLS; c++)
			cells[c] = rows[r].cell[c];
		print_row(cells, widths);
	}
}

/* The unit named by --unit (0 for none); -1 after printing an error. */
cn_db *cli_open_for_unit(const struct cli_command *cmd, struct cli *cli, int argc, char **argv, long long *unit,
			 int *status)
{
	struct cli_opt opts[] = {{"unit", true, NULL}};
	*status = 2;
	if (cli_parse(cmd, argc, argv, opts, 1, NULL, 0, NULL))
		return NULL;
	*status = 1;
	cn_db *db = cli_open_db(cli, false);
	if (!db || (*unit = cli_unit_option(db, cli_opt(opts, 1, "unit"))) < 0)
		return NULL;
	*status = 0;
	return db;
}

long long cli_unit_option(cn_db *db, const char *code)
{
	if (!code)
		return 0;
	cn_unit u;
	cn_error err = {0};
	if (cn_unit_find_code(db, code, &u, &err) != CN_OK) {
		cli_fail_err(&err);
		return -1;
	}
	long long id = u.id;
	cn_unit_clear(&u);
	return id;
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"unit", true, NULL}, {"as-of", true, NULL}};
	if (cli_parse(&cmd_stats, argc, argv, opts, 2, NULL, 0, NULL))
		return 2;
	const char *as_of = cli_opt(opts, 2, "as-of");
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	long long unit_id = cli_unit_option(db, cli_opt(opts, 1, "unit"));
	if (unit_id < 0)
		return 1;
	cn_stats s;
	cn_error err = {0};
	if (cn_stats_by_level_as_of(db, unit_id, as_of, &s, &err) != CN_OK)
		return cli_fail_err(&err);
	char *where = unit_id ? cn_unit_path(db, unit_id, " › ") : cn_strdup("toàn bộ cơ sở dữ liệu");
	out_printf("Thống kê Tổ CNSCĐ: %s", where);
	free(where);
	if (as_of) {
		char iso[CN_DATE_LEN], shown[CN_DATE_LEN];
		cn_parse_date("Ngày thống kê", as_of, iso, NULL);
		cn_date_display(iso, shown);
		out_printf(" (tại ngày %s)", shown);
	}
	out_printf("\n\n");
	print_table(&s);
	char *line = cn_stats_sentence(&s);
	out_printf("\n%s.\n", line);
	free(line);
	if (as_of)
		return 0;
	if ((line = cn_stats_people_sentence(db, unit_id, s.total.members)))
		out_printf("%s.\n", line);
	free(line);
	long long district_teams = cn_former_district_teams(db, unit_id);
	if (district_teams) {
		char *list = cn_db_command(db, "team list");
		out_printf("Trong số tổ cấp tỉnh có %lld tổ cấp huyện cũ (huyện đã giải thể), chờ chuyển về một xã hoặc ghi "
			   "giải thể: %s\n", district_teams, list);
		free(list);
	}
	return 0;
}

const struct cli_command cmd_stats = {
	"stats",
	"đếm đơn vị, tổ, thành viên theo cấp",
	"Cách dùng: cnscd stats [--unit MÃ] [--as-of NGÀY]\n\n"
	"Đếm theo từng cấp (tỉnh, huyện, xã, thôn) trong đơn vị có mã MÃ (gồm chính\n"
	"đơn vị đó và mọi đơn vị cấp dưới), hoặc trong toàn bộ cơ sở dữ liệu khi không\n"
	"có --unit: số đơn vị, số đơn vị có tổ, tỷ lệ có tổ, số tổ, số thành viên; rồi\n"
	"một câu tóm tắt như báo cáo gửi cấp trên.\n"
	"Chỉ tính đơn vị đang hoạt động, tổ chưa giải thể, thành viên chưa rời tổ.\n"
	"--as-of NGÀY (dd/mm/yyyy): số liệu tại ngày đó, theo cơ cấu đơn vị khi ấy\n"
	"(đơn vị còn hiệu lực ngày đó, tổ ở đơn vị của nó ngày đó, kể cả trước khi được\n"
	"chuyển khi sắp xếp đơn vị hành chính; tổ đã thành lập, chưa giải thể; thành\n"
	"viên đã vào, chưa rời tổ). Ví dụ: --as-of 30/06/2025: cơ cấu trước 01/07/2025.\n\n"
	"Ví dụ: cnscd stats --unit 961\n",
	run,
};
