/* cnscd units update: compares a newer official list with the database and
 * applies it once confirmed; cnscd units official: the lists that ship
 * inside cnscd, listed or written out. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/official.h"
#include "cnscd/os.h"
#include "cnscd/stats.h"
#include "cnscd/unit_update.h"

/* Changes printed one a line before "… và N thay đổi khác". */
#define SHOWN 40

/* The first SHOWN changes, printed once the comparison is known to stand. */
struct shown {
	long n;
	cn_buf text;
};

static int print_change(const cn_unit_change *c, void *ctx)
{
	struct shown *s = ctx;
	cn_buf *b = &s->text;
	if (s->n++ >= SHOWN)
		return 0;
	switch (c->kind) {
	case CN_UNIT_ADDED:
		cn_buf_printf(b, "  thêm     %-8s %s%s%s\n", c->code, c->name, c->parent ? ", thuộc mã " : "",
			      c->parent ? c->parent : "");
		break;
	case CN_UNIT_CHANGED:
		cn_buf_printf(b, "  đổi      %-8s %s", c->code, c->old_name);
		if (c->what & (CN_UNIT_RENAMED | CN_UNIT_RETYPED))
			cn_buf_printf(b, " → %s", c->name);
		if (c->what & CN_UNIT_RETYPED)
			cn_buf_printf(b, " (loại %s → %s)", c->old_type, c->type);
		if (c->what & CN_UNIT_MOVED)
			cn_buf_printf(b, " (cấp trên %s → %s)", c->old_parent ? c->old_parent : "không có",
				      c->parent ? c->parent : "không có");
		cn_buf_addc(b, '\n');
		break;
	default:
		cn_buf_printf(b, "  đóng     %-8s %s\n", c->code, c->name);
		break;
	}
	return 0;
}

static void print_counts(const cn_unit_update_result *r)
{
	char a[CN_NUM_TEXT_LEN], c[CN_NUM_TEXT_LEN], d[CN_NUM_TEXT_LEN], u[CN_NUM_TEXT_LEN];
	cn_count_text(r->added, a);
	cn_count_text(r->changed, c);
	cn_count_text(r->closed, d);
	cn_count_text(r->unchanged, u);
	out_printf("Thêm mới %s, thay đổi %s (đổi tên %ld, đổi loại %ld, đổi cấp trên %ld), đóng %s, không đổi %s đơn vị.\n",
	       a, c, r->renamed, r->retyped, r->moved, d, u);
}

static bool confirmed(void)
{
	out_printf("Áp dụng các thay đổi trên? Gõ c rồi Enter để đồng ý, Enter để thôi: ");
	fflush(stdout);
	char line[16];
	if (!fgets(line, sizeof line, stdin))
		return false;
	return line[0] == 'c' || line[0] == 'C' || line[0] == 'y' || line[0] == 'Y';
}

/* A list inside cnscd by its name, else the file. */
static const char *list_path(const char *arg)
{
	const cn_official_list *l = cn_official_find(arg);
	return l ? l->path : arg;
}

static int run_update(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"date", true, NULL}, {"yes", false, NULL}};
	const int nopts = (int)CN_ARRAY_LEN(opts);
	const char *pos[1];
	int np = 0;
	if (cli_parse(&cmd_units, argc, argv, opts, nopts, pos, 1, &np))
		return 2;
	if (np != 1)
		return cli_fail("units update: cần tệp danh sách đơn vị mới (hoặc tên danh mục có sẵn: 2025)");
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	const char *path = list_path(pos[0]);
	struct shown shown = {0};
	cn_unit_update_options opt = {.date = cli_opt(opts, nopts, "date"), .backup = true, .change = print_change,
				      .ctx = &shown};
	cn_unit_update_result res;
	cn_error err = {0};
	int rc = cn_unit_update_compare(db, path, &opt, &res, &err);
	int status = 0;
	if (rc == CN_OK && shown.n) {
		out_printf("Đối chiếu %s với cơ sở dữ liệu:\n%s", pos[0], cn_buf_str(&shown.text));
		if (shown.n > SHOWN)
			out_printf("  … và %ld thay đổi khác\n", shown.n - SHOWN);
	}
	cn_buf_free(&shown.text);
	if (rc == CN_EINVAL && res.nproblems) {
		cli_fail("units update: chưa thay đổi gì:");
		for (int i = 0; i < res.nproblems; i++)
			out_eprintf("%s\n", res.problems[i]);
		status = 1;
	} else if (rc != CN_OK) {
		status = cli_fail_err(&err);
	} else if (!res.added && !res.changed && !res.closed) {
		out_printf("Không có gì thay đổi: các đơn vị trong cơ sở dữ liệu đã khớp với danh sách này.\n");
	} else {
		print_counts(&res);
		bool yes = cli_opt(opts, nopts, "yes") != NULL;
		if (!yes && !cn_os_isatty(0)) {
			char *args = cn_sprintf("units update %s --yes", pos[0]);
			char *hint = cli_command(cli, args);
			out_printf("Chưa thay đổi gì. Để áp dụng: %s\n", hint);
			free(hint);
			free(args);
		} else if (yes || confirmed()) {
			opt.change = NULL;
			cn_unit_update_result_clear(&res);
			rc = cn_unit_update_apply(db, path, &opt, &res, &err);
			if (rc == CN_OK) {
				char date[CN_DATE_LEN];
				cn_date_display(res.date, date);
				out_printf("Đã cập nhật đơn vị theo danh sách, áp dụng từ %s. ", date);
				print_counts(&res);
				if (res.backup_path)
					out_printf("Bản sao lưu trước khi cập nhật: %s\n", res.backup_path);
			} else {
				for (int i = 0; i < res.nproblems; i++)
					out_eprintf("%s\n", res.problems[i]);
				status = cli_fail_err(&err);
			}
		} else {
			out_printf("Đã thôi: chưa thay đổi gì.\n");
		}
	}
	cn_unit_update_result_clear(&res);
	return status;
}

static int write_list(const char *path, const char *out)
{
	const char *data;
	size_t len;
	if (!cn_official_data(path, &data, &len))
		return cli_fail("units official: không có danh mục này");
	bool ok;
	if (!out) {
		/* To the screen through the one output path, like any CSV. */
		out_write(stdout, data, len);
		ok = fflush(stdout) == 0 && !ferror(stdout);
	} else {
		FILE *f = cn_os_fopen(out, "wb");
		if (!f)
			return cli_fail("units official: không ghi được %s", out);
		ok = fwrite(data, 1, len, f) == len;
		ok = fclose(f) == 0 && ok;
	}
	if (!ok)
		return cli_fail("units official: ghi %s không trọn vẹn (đĩa đầy?)", out ? out : "ra màn hình");
	return 0;
}

static int run_official(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	struct cli_opt opts[] = {{"o", true, NULL}};
	const char *pos[1];
	int np = 0;
	if (cli_parse(&cmd_units, argc, argv, opts, 1, pos, 1, &np))
		return 2;
	int n;
	const cn_official_list *lists = cn_official_lists(&n);
	if (np == 0) {
		for (int i = 0; i < n; i++) {
			out_printf("%s\t%s%s\n", lists[i].name, lists[i].title, i == 0 ? " (đang áp dụng)" : "");
			if (lists[i].mapping)
				out_printf("mapping-%s\tBảng chuyển mã đơn vị từ danh mục %s sang danh mục %s\n", lists[i].name,
				       lists[i].mapped_from, lists[i].name);
		}
		return 0;
	}
	const char *name = pos[0];
	bool mapping = strncmp(name, "mapping-", 8) == 0;
	const cn_official_list *l = cn_official_find(mapping ? name + 8 : name);
	if (!l || (mapping && !l->mapping))
		return cli_fail("units official: không có danh mục «%s» (xem \"cnscd units official\")", name);
	return write_list(mapping ? l->mapping : l->path, cli_opt(opts, 1, "o"));
}

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "update") == 0)
		return run_update(cli, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "official") == 0)
		return run_official(cli, argc - 1, argv + 1);
	return cli_fail("units: cần update hoặc official (xem \"cnscd units --help\")");
}

const struct cli_command cmd_units = {
	"units",
	"đối chiếu, cập nhật đơn vị theo danh mục mới; các danh mục có sẵn trong cnscd",
	"Cách dùng: cnscd [--db TỆP] units update TỆP|2025 [--date NGÀY] [--yes]\n"
	"           cnscd units official [TÊN] [-o TỆP]\n\n"
	"units update đối chiếu một danh sách đơn vị mới hơn (cột code,name,type,level,\n"
	"parent_code như danh mục có sẵn; hoặc tên danh mục có sẵn: 2025) với cơ sở dữ\n"
	"liệu theo mã: đơn vị mới được thêm; đơn vị đổi tên, đổi loại (ví dụ xã thành\n"
	"phường) hay đổi cấp trên được sửa, tên cũ được giữ để tìm kiếm và thống kê theo\n"
	"ngày cũ; đơn vị chính thức không còn trong danh sách được đóng. In ra các thay\n"
	"đổi rồi hỏi trước khi ghi (--yes: không hỏi, cho các tập lệnh; không có\n"
	"terminal và không có --yes thì chỉ đối chiếu). Chạy lại không tạo bản trùng.\n"
	"  --date NGÀY   ngày danh sách mới có hiệu lực (mặc định hôm nay); đơn vị đóng\n"
	"                từ ngày hôm trước.\n"
	"Không ghi gì khi danh sách cũ hơn dữ liệu (có đơn vị đã đóng ở đây), hoặc khi\n"
	"một đơn vị phải đóng mà còn tổ hay thôn: đó là sắp xếp đơn vị, dùng\n"
	"\"cnscd reorg apply\". Trước khi ghi, cơ sở dữ liệu được sao lưu (tên kết\n"
	"thúc bằng -before-units-update.db).\n\n"
	"units official liệt kê các danh mục có sẵn trong cnscd; units official TÊN ghi\n"
	"danh mục đó ra màn hình hoặc ra TỆP (-o), dạng CSV: 2025, 2024, mapping-2025.\n\n"
	"Ví dụ: cnscd units update danh-muc-2026.csv\n"
	"       cnscd units official 2024 -o units-2024.csv\n",
	run,
};
