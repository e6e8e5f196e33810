/* "cnscd settings [KEY [VALUE]]": lists, reads or sets the settings that
 * the reports and the backups use. Only known keys are accepted, each
 * checked as its kind requires. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/reorg.h"
#include "cnscd/settings.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"

static int unknown_key(const char *key)
{
	int n;
	const cn_setting_def *defs = cn_setting_defs(&n);
	cli_fail("settings: không có thiết lập «%s». Các thiết lập:", key);
	for (int i = 0; i < n; i++)
		out_eprintf("  %s\n", defs[i].key);
	return 1;
}

/* "office_name      UBND xã Hòa An" or "(chưa đặt; mặc định: …)"; a unit
 * with its name: "office_unit  26734 (Xã Hòa An)". A database that cannot
 * be read fails (ERR set) rather than show "not set". */
static int print_setting(cn_db *db, const cn_setting_def *k, int width, cn_error *err)
{
	char *v;
	int rc = cn_setting_read(db, k->key, &v, err);
	if (rc != CN_OK)
		return rc;
	int pad = width - (int)strlen(k->key);
	out_printf("%s%*s  ", k->key, pad > 0 ? pad : 0, "");
	cn_unit u = {0};
	if (v && *v && k->kind == CN_SETTING_UNIT && cn_unit_find_code(db, v, &u, NULL) == CN_OK && u.valid_to) {
		char shown[CN_DATE_LEN];
		cn_date_display(u.valid_to, shown);
		cn_unit s = {0};
		if (cn_unit_get(db, cn_unit_successor(db, u.id), &s, NULL) == CN_OK)
			out_printf("%s (%s — đã giải thể %s; đơn vị kế thừa: %s, mã %s)\n", v, u.name, shown, s.name, s.code);
		else
			out_printf("%s (%s — đã đóng từ %s)\n", v, u.name, shown);
		cn_unit_clear(&s);
	} else if (v && *v && k->kind == CN_SETTING_UNIT && u.id) {
		out_printf("%s (%s)\n", v, u.name);
	} else if (v && *v) {
		out_printf("%s\n", v);
	} else {
		out_printf("(chưa đặt; mặc định: %s)\n", k->fallback);
	}
	cn_unit_clear(&u);
	free(v);
	return CN_OK;
}

static int list_settings(cn_db *db, cn_error *err)
{
	int n, width = 0;
	const cn_setting_def *defs = cn_setting_defs(&n);
	for (int i = 0; i < n; i++)
		if ((int)strlen(defs[i].key) > width)
			width = (int)strlen(defs[i].key);
	int rc = CN_OK;
	for (int i = 0; i < n && rc == CN_OK; i++)
		rc = print_setting(db, &defs[i], width, err);
	char *warning = rc == CN_OK ? cn_settings_office_warning(db) : NULL;
	if (warning)
		out_eprintf("cnscd: cảnh báo: %s\n", warning);
	free(warning);
	return rc;
}

static int run(struct cli *cli, int argc, char **argv)
{
	const char *pos[2];
	int np = 0;
	if (cli_parse(&cmd_settings, argc, argv, NULL, 0, pos, 2, &np))
		return 2;
	const cn_setting_def *k = np > 0 ? cn_setting_def_find(pos[0]) : NULL;
	if (np > 0 && !k)
		return unknown_key(pos[0]);
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	cn_error err = {0};
	if (np == 0)
		return list_settings(db, &err) == CN_OK ? 0 : cli_fail_err(&err);
	if (np == 1) {
		char *v;
		if (cn_setting_read(db, k->key, &v, &err) != CN_OK)
			return cli_fail_err(&err);
		if (v && *v)
			out_printf("%s\n", v);
		free(v);
		return 0;
	}
	if (cn_setting_put(db, k->key, pos[1], &err) != CN_OK ||
	    print_setting(db, k, (int)strlen(k->key), &err) != CN_OK)
		return cli_fail_err(&err);
	return 0;
}

const struct cli_command cmd_settings = {
	"settings",
	"xem hoặc đặt các thiết lập (tên cơ quan, người ký, hạn báo cáo...)",
	"Cách dùng: cnscd settings [KHÓA [GIÁ-TRỊ]]\n\n"
	"Không có tham số: liệt kê mọi thiết lập và giá trị của chúng.\n"
	"KHÓA: in giá trị của thiết lập đó (không in gì khi chưa đặt).\n"
	"KHÓA GIÁ-TRỊ: đặt giá trị; GIÁ-TRỊ rỗng (\"\") xóa thiết lập để dùng mặc định.\n\n"
	"Các thiết lập:\n"
	"  office_unit      đơn vị hành chính của cơ quan báo cáo: mã đơn vị, hoặc tên\n"
	"                   mà chỉ một đơn vị đang hoạt động mang (ví dụ «Xã Hòa An»).\n"
	"                   Tên cơ quan và địa danh mặc định lấy theo đơn vị này.\n"
	"  office_name      tên cơ quan ở góc trái trên đầu báo cáo, ví dụ\n"
	"                   «UBND xã Hòa An» (in hoa khi xuất). Mặc định: «UBND» và\n"
	"                   tên đơn vị báo cáo.\n"
	"  office_place     địa danh ở dòng «Hòa An, ngày … tháng … năm …».\n"
	"                   Mặc định: tên đơn vị báo cáo.\n"
	"  signer_title     chức danh người ký ở cuối báo cáo, ví dụ «Chủ tịch» hoặc\n"
	"                   «KT. Chủ tịch – Phó Chủ tịch». Mặc định: THỦ TRƯỞNG ĐƠN VỊ.\n"
	"  signer_name      họ tên người ký.\n"
	"  preparer_name    họ tên người lập biểu (ký bên trái).\n"
	"  report_due_days  số ngày sau khi hết tháng mà báo cáo tháng của tổ gửi lên\n"
	"                   vẫn tính là đúng hạn: số nguyên từ 0 đến 366, mặc định 5.\n"
	"  backup_keep      số bản sao lưu được giữ lại, bản cũ hơn bị xóa: số nguyên\n"
	"                   từ 1 đến 1000, mặc định 14.\n"
	"  bundle_overdue_days  số ngày sau gói dữ liệu gần nhất mà một đơn vị cấp dưới\n"
	"                   bị đánh dấu quá hạn gửi gói: số nguyên từ 1 đến 3660, mặc định 35.\n\n"
	"Trong giao diện toàn màn hình, phím o (Thiết lập) mở cùng các thiết lập này.\n\n"
	"Ví dụ:\n"
	"  cnscd settings office_name \"UBND xã Hòa An\"\n"
	"  cnscd settings signer_title \"Chủ tịch\"\n"
	"  cnscd settings report_due_days 7\n"
	"  cnscd settings signer_name \"\"\n",
	run,
};
