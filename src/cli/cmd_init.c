/* cnscd init: creates (or upgrades) the database and, when it holds no
 * unit yet, loads a list of units: the official list in force (inside the
 * program), the 2024 one, a file, or none. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/import.h"
#include "cnscd/official.h"
#include "cnscd/stats.h"
#include "cnscd/unit.h"

/* "tỉnh 34, xã 3.321": the open units of the database by level. */
static void print_units(cn_db *db)
{
	cn_stats st;
	cn_error err = {0};
	if (cn_stats_by_level(db, 0, &st, &err) != CN_OK)
		return;
	char n[CN_NUM_TEXT_LEN];
	out_printf("Trong cơ sở dữ liệu: ");
	bool first = true;
	for (int l = 1; l <= CN_STATS_LEVELS; l++) {
		if (!st.level[l].units)
			continue;
		cn_count_text(st.level[l].units, n);
		out_printf("%s%s %s", first ? "" : ", ", l <= CN_LEVEL_MAX ? cn_level_noun(l) : "cấp dưới", n);
		first = false;
	}
	cn_count_text(st.total.units, n);
	out_printf(" (%s đơn vị).\n", n);
}

static long long open_units(cn_db *db)
{
	cn_stats st;
	cn_error err = {0};
	return cn_stats_by_level(db, 0, &st, &err) == CN_OK ? st.total.units : -1;
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"units", true, NULL}};
	if (cli_parse(&cmd_init, argc, argv, opts, 1, NULL, 0, NULL))
		return 2;
	const char *units = cli_opt(opts, 1, "units");
	const cn_official_list *list = units ? cn_official_find(units) : cn_official_current();
	bool none = units && strcmp(units, "none") == 0;
	cn_db *db = cli_open_db(cli, true);
	if (!db)
		return 1;
	out_printf("Cơ sở dữ liệu sẵn sàng: %s (lược đồ %d)\n", cn_db_path(db), cn_db_schema_version(db));
	if (none)
		return 0;
	long long have = open_units(db);
	if (have != 0) {
		/* Loading again would be an update: that one compares first. */
		if (units && have > 0) {
			char n[CN_NUM_TEXT_LEN];
			cn_count_text(have, n);
			char *hint = cli_command(cli, "units update TỆP");
			out_printf("Cơ sở dữ liệu đã có %s đơn vị nên không nạp thêm danh sách. Để đối chiếu và cập nhật theo một "
			       "danh sách mới hơn: %s\n", n, hint);
			free(hint);
		}
		return 0;
	}
	cn_import_result res;
	cn_error err = {0};
	int rc = cn_import_units(db, list ? list->path : units, NULL, &res, &err);
	int status;
	if (rc == CN_OK) {
		if (list)
			out_printf("Đã nạp danh mục đơn vị hành chính có sẵn trong cnscd «%s»: %s.\n", list->name, list->title);
		else
			out_printf("Đã nạp danh sách đơn vị từ tệp %s.\n", units);
		print_units(db);
		status = 0;
	} else {
		status = cli_import_report(&res, rc, &err);
	}
	cn_import_result_clear(&res);
	return status;
}

const struct cli_command cmd_init = {
	"init",
	"tạo cơ sở dữ liệu (hoặc nâng cấp lược đồ) và nạp danh mục đơn vị hành chính",
	"Cách dùng: cnscd [--db TỆP] init [--units 2025|2024|none|TỆP]\n\n"
	"Tạo cơ sở dữ liệu (quyền 0600) nếu chưa có, hoặc nâng cấp lược đồ của một\n"
	"cơ sở dữ liệu cũ. Chạy lại nhiều lần không sao.\n\n"
	"Khi cơ sở dữ liệu chưa có đơn vị nào, init nạp luôn một danh sách đơn vị:\n"
	"  --units 2025   (mặc định) danh mục 2 cấp áp dụng từ 01/07/2025: 34 tỉnh,\n"
	"                 thành phố; 3.321 xã, phường, đặc khu (có sẵn trong cnscd)\n"
	"  --units 2024   danh mục 3 cấp trước ngày 01/07/2025: 63 tỉnh, 696 huyện,\n"
	"                 10.035 xã (có sẵn trong cnscd)\n"
	"  --units TỆP    một tệp CSV/Excel, định dạng như \"cnscd import units\"\n"
	"  --units none   không nạp gì\n"
	"Cơ sở dữ liệu đã có đơn vị thì không nạp thêm: để cập nhật theo danh sách mới\n"
	"hơn, dùng \"cnscd units update\".\n",
	run,
};
