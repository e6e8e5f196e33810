#include <stdlib.h>

#include "cli.h"
#include "cnscd/search.h"
#include "cnscd/unit.h"

struct print_ctx {
	cn_db *db;
};

static int print_hit(const cn_search_hit *hit, void *ctx)
{
	struct print_ctx *p = ctx;
	char *path = cn_unit_path(p->db, hit->unit_id, " › ");
	if (hit->kind == CN_KIND_UNIT && hit->note)
		out_printf("%s\t%s (%s)\t%s\n", cn_kind_name(hit->kind), hit->label, hit->note, path);
	else if (hit->kind == CN_KIND_UNIT)
		out_printf("%s\t%s\t%s\n", cn_kind_name(hit->kind), hit->label, path);
	else
		out_printf("%s\t%s (%s)\t%s\n", cn_kind_name(hit->kind), hit->label, hit->detail, path);
	free(path);
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"limit", true, NULL}};
	const char *pos[8];
	int np = 0;
	if (cli_parse(&cmd_search, argc, argv, opts, 1, pos, 8, &np))
		return 2;
	if (np == 0)
		return cli_fail("search: thiếu từ cần tìm (ví dụ: cnscd search \"hoa binh\")");
	const char *limit_s = cli_opt(opts, 1, "limit");
	int limit = limit_s ? atoi(limit_s) : 50;
	if (limit <= 0)
		return cli_fail("search: --limit cần một số dương");
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	cn_buf q = {0};
	for (int i = 0; i < np; i++) {
		if (i)
			cn_buf_addc(&q, ' ');
		cn_buf_adds(&q, pos[i]);
	}
	struct print_ctx ctx = {db};
	cn_error err = {0};
	int n = cn_search(db, cn_buf_str(&q), limit, print_hit, &ctx, &err);
	cn_buf_free(&q);
	if (n < 0)
		return cli_fail_err(&err);
	if (n == 0) {
		out_eprintf("Không tìm thấy kết quả nào.\n");
		return 1;
	}
	return 0;
}

const struct cli_command cmd_search = {
	"search",
	"tìm đơn vị, tổ, thành viên (không phân biệt dấu, hoa/thường)",
	"Cách dùng: cnscd search [--limit N] TỪ...\n\n"
	"Tìm đơn vị hành chính, tổ và thành viên có tên chứa các từ (hoặc đầu từ) đã\n"
	"cho, không phân biệt dấu và chữ hoa/thường: \"hoa binh\" tìm thấy \"Hòa Bình\",\n"
	"\"duc\" tìm thấy \"Đức\". Các từ có thể gồm cả nơi chốn: \"hoa binh bac lieu\"\n"
	"là Huyện Hoà Bình của Bạc Liêu, \"nguyen van an vinh my a\" là những người tên\n"
	"đó ở Xã Vĩnh Mỹ A. Chữ chỉ loại đơn vị (xã, phường, thị trấn, thôn, ấp…) một\n"
	"mình không làm nên kết quả. Đúng tên xếp trước, rồi tên bắt đầu bằng các từ,\n"
	"rồi tên có chứa chúng; đơn vị, tổ, rồi thành viên.\n"
	"Chỉ gõ chữ số: mã đơn vị, số điện thoại (đầu số, hoặc 4 số cuối trở lên), số\n"
	"CCCD (đủ 12 số, hoặc 6 số cuối trở lên).\n"
	"Mỗi kết quả một dòng, các cột cách nhau bằng TAB: loại, tên (và vai trò, tổ),\n"
	"đường dẫn đơn vị. Mặc định tối đa 50 kết quả. Đơn vị đã giải thể (kể cả tìm\n"
	"theo tên cũ) ghi rõ nay thuộc đơn vị nào. Trả về mã 1 khi không tìm thấy gì.\n",
	run,
};
