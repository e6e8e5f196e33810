/* "cnscd indicator list|add|edit|delete": the indicator catalogue, which
 * ships with defaults and is the user's to extend. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/catalogue.h"

static int print_row(const cn_indicator *ind, void *ctx)
{
	(void)ctx;
	out_printf("%s\t%s\t%s\t%s\t%d\t%s\n", ind->code, ind->name, ind->measure, cn_aggregate_name(ind->aggregate),
	       ind->sort_order, ind->active ? "đang dùng" : "ngừng dùng");
	return 0;
}

static int list(struct cli *cli, int argc, char **argv)
{
	if (cli_parse(&cmd_indicator, argc, argv, NULL, 0, NULL, 0, NULL))
		return 2;
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	cn_error err = {0};
	out_puts("Mã\tTên chỉ tiêu\tĐơn vị tính\tCách cộng\tThứ tự\tTrạng thái");
	if (cn_indicator_list(db, true, print_row, NULL, &err) != CN_OK)
		return cli_fail_err(&err);
	return 0;
}

/* --order N: a whole number from 0; false after printing why not. */
static bool order_option(const char *s, int *out)
{
	if (!s)
		return true;
	if (strcmp(s, "0") == 0) {
		*out = 0;
		return true;
	}
	if (cli_count(s, CN_INDICATOR_ORDER_MAX, out))
		return true;
	cli_fail("indicator: --order cần một số nguyên từ 0 đến %d, không phải «%s»", CN_INDICATOR_ORDER_MAX, s);
	return false;
}

/* --aggregate sum|last (or its Vietnamese name); -1 when not given, -2
 * after printing why it is wrong. */
static int aggregate_option(const char *s)
{
	if (!s)
		return -1;
	int kind;
	cn_error err = {0};
	if (cn_parse_aggregate(s, &kind, &err) == CN_OK)
		return kind;
	cli_fail("indicator: --aggregate: %s", err.msg);
	return -2;
}

static int print_code(cn_db *db, long long id)
{
	cn_indicator ind;
	cn_error err = {0};
	if (cn_indicator_get(db, id, &ind, &err) != CN_OK)
		return cli_fail_err(&err);
	print_row(&ind, NULL);
	cn_indicator_clear(&ind);
	return 0;
}

static int add(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"measure", true, NULL}, {"order", true, NULL}, {"aggregate", true, NULL}};
	int n = (int)CN_ARRAY_LEN(opts), np = 0, order = -1;
	const char *pos[2];
	if (cli_parse(&cmd_indicator, argc, argv, opts, n, pos, 2, &np))
		return 2;
	if (np < 2)
		return cli_fail("indicator add: cần MÃ và \"TÊN CHỈ TIÊU\" (xem \"cnscd indicator --help\")");
	int aggregate = aggregate_option(cli_opt(opts, n, "aggregate"));
	if (aggregate == -2 || !order_option(cli_opt(opts, n, "order"), &order))
		return 2;
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	cn_error err = {0};
	long long id;
	int rc = cn_db_begin(db, &err);
	if (rc == CN_OK)
		rc = cn_indicator_add_at(db, pos[0], pos[1], cli_opt(opts, n, "measure"), order, &id, &err);
	if (rc == CN_OK && aggregate >= 0)
		rc = cn_indicator_set_aggregate(db, id, aggregate, &err);
	if (rc == CN_OK)
		rc = cn_db_commit(db, &err);
	else
		cn_db_rollback(db);
	if (rc != CN_OK)
		return cli_fail_err(&err);
	return print_code(db, id);
}

/* --active 0|1; -1 when not given, -2 when wrong. */
static int active_option(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "0") == 0 || strcmp(s, "1") == 0)
		return s[0] - '0';
	cli_fail("indicator edit: --active cần 1 (đang dùng) hoặc 0 (ngừng dùng), không phải «%s»", s);
	return -2;
}

static int edit(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"name", true, NULL}, {"measure", true, NULL}, {"order", true, NULL},
				 {"active", true, NULL}, {"code", true, NULL}, {"aggregate", true, NULL}};
	int n = (int)CN_ARRAY_LEN(opts), np = 0;
	const char *pos[1];
	if (cli_parse(&cmd_indicator, argc, argv, opts, n, pos, 1, &np))
		return 2;
	if (np < 1)
		return cli_fail("indicator edit: cần MÃ của chỉ tiêu cần sửa");
	int active = active_option(cli_opt(opts, n, "active"));
	int aggregate = aggregate_option(cli_opt(opts, n, "aggregate"));
	cn_indicator ind;
	int order = 0;
	if (active == -2 || aggregate == -2 || !order_option(cli_opt(opts, n, "order"), &order))
		return 2;
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	long long id = cn_indicator_id_by_code(db, pos[0]);
	cn_error err = {0};
	if (!id)
		return cli_fail("không có chỉ tiêu nào mang mã «%s» (xem \"cnscd indicator list\")", pos[0]);
	if (cn_indicator_get(db, id, &ind, &err) != CN_OK)
		return cli_fail_err(&err);
	const char *name = cli_opt(opts, n, "name"), *measure = cli_opt(opts, n, "measure");
	int rc = cn_db_begin(db, &err);
	if (rc == CN_OK)
		rc = cn_indicator_update(db, id, name ? name : ind.name, measure ? measure : ind.measure,
					 cli_opt(opts, n, "order") ? order : ind.sort_order,
					 active >= 0 ? active == 1 : ind.active, &err);
	if (rc == CN_OK && aggregate >= 0)
		rc = cn_indicator_set_aggregate(db, id, aggregate, &err);
	if (rc == CN_OK && cli_opt(opts, n, "code"))
		rc = cn_indicator_set_code(db, id, cli_opt(opts, n, "code"), &err);
	cn_indicator_clear(&ind);
	if (rc == CN_OK)
		rc = cn_db_commit(db, &err);
	else
		cn_db_rollback(db);
	if (rc != CN_OK)
		return cli_fail_err(&err);
	return print_code(db, id);
}

static int delete(struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	int np = 0;
	if (cli_parse(&cmd_indicator, argc, argv, NULL, 0, pos, 1, &np))
		return 2;
	if (np < 1)
		return cli_fail("indicator delete: cần MÃ của chỉ tiêu");
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	long long id = cn_indicator_id_by_code(db, pos[0]);
	if (!id)
		return cli_fail("không có chỉ tiêu nào mang mã «%s» (xem \"cnscd indicator list\")", pos[0]);
	cn_error err = {0};
	bool deactivated;
	if (cn_indicator_remove(db, id, &deactivated, &err) != CN_OK)
		return cli_fail_err(&err);
	if (deactivated)
		out_printf("Chỉ tiêu đã có số liệu hoặc chỉ tiêu giao: chuyển sang ngừng dùng, số liệu cũ được giữ.\n");
	else
		out_printf("Đã xóa chỉ tiêu.\n");
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_fail("indicator: cần lệnh con list, add, edit hoặc delete (xem \"cnscd indicator --help\")");
	if (strcmp(argv[1], "list") == 0)
		return list(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "add") == 0)
		return add(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "edit") == 0)
		return edit(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "delete") == 0)
		return delete(cli, argc - 1, argv + 1);
	return cli_fail("indicator: không có lệnh con «%s» (list, add, edit hoặc delete)", argv[1]);
}

const struct cli_command cmd_indicator = {
	"indicator",
	"danh mục chỉ tiêu kết quả hoạt động: liệt kê, thêm, sửa, xóa",
	"Cách dùng:\n"
	"  cnscd indicator list\n"
	"  cnscd indicator add MÃ \"TÊN CHỈ TIÊU\" [--measure \"ĐƠN VỊ TÍNH\"] [--order N]\n"
	"        [--aggregate sum|last]\n"
	"  cnscd indicator edit MÃ [--name \"TÊN\"] [--measure \"ĐƠN VỊ TÍNH\"] [--order N]\n"
	"        [--active 0|1] [--code MÃ-MỚI] [--aggregate sum|last]\n"
	"  cnscd indicator delete MÃ\n\n"
	"list: mọi chỉ tiêu theo thứ tự, cả chỉ tiêu ngừng dùng; mỗi dòng (cách nhau bằng\n"
	"     TAB): mã, tên, đơn vị tính, cách cộng, thứ tự, trạng thái.\n"
	"--aggregate: cách cộng số liệu các tháng của một kỳ (quý, năm):\n"
	"     sum   cộng dồn: số phát sinh trong tháng (hộ được hướng dẫn); mặc định;\n"
	"     last  số cuối kỳ: số hiện có (hộ có điện thoại thông minh), lấy số của tháng\n"
	"           gần nhất trong kỳ mà tổ đã gửi báo cáo.\n"
	"     Giữa các đơn vị, số liệu luôn được cộng lại.\n"
	"add: thêm chỉ tiêu. MÃ gồm chữ không dấu, chữ số và dấu _ (ví dụ ZALO_OA), được\n"
	"     viết hoa. Không có --order: xếp cuối danh sách.\n"
	"edit: sửa tên, đơn vị tính, thứ tự; --active 0 ngừng dùng (chỉ tiêu không còn\n"
	"     hiện trong báo cáo và bảng nhập), --active 1 dùng lại. --code đổi mã, chỉ\n"
	"     khi chỉ tiêu chưa có số liệu hay chỉ tiêu giao.\n"
	"delete: xóa chỉ tiêu chưa dùng; chỉ tiêu đã có số liệu được chuyển sang ngừng\n"
	"     dùng để báo cáo cũ giữ nguyên số liệu.\n\n"
	"Ví dụ:\n"
	"  cnscd indicator add ZALO_OA \"Tài khoản Zalo OA được tạo\" --measure \"tài khoản\"\n"
	"  cnscd indicator edit ZALO_OA --order 15\n"
	"  cnscd indicator edit HO_SMARTPHONE --active 0\n"
	"  cnscd indicator edit CUA_HANG_SO --aggregate last\n",
	run,
};
