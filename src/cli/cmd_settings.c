/* "cnscd settings [KEY [VALUE]]": lists, reads or sets the settings that
 * the reports and the backups use. Only known keys are accepted, each
 * checked as its kind requires. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/text.h"
#include "cnscd/validate.h"

struct setting_key {
	const char *key;
	const char *fallback; /* what applies while it is not set */
	int min, max;         /* a whole number in [min, max]; text when max == 0 */
};

/* What each key means is told in the help text below. */
static const struct setting_key keys[] = {
	{"office_name", "«UBND» và tên đơn vị báo cáo", 0, 0},
	{"office_place", "tên đơn vị báo cáo", 0, 0},
	{"signer_title", "THỦ TRƯỞNG ĐƠN VỊ", 0, 0},
	{"signer_name", "để trống", 0, 0},
	{"preparer_name", "để trống", 0, 0},
	{"report_due_days", "5", 0, 366},
	{"backup_keep", "theo lệnh sao lưu", 1, 1000},
	{"bundle_overdue_days", "35", 1, 3660},
};

static const struct setting_key *find_key(const char *key)
{
	for (size_t i = 0; i < CN_ARRAY_LEN(keys); i++)
		if (strcmp(keys[i].key, key) == 0)
			return &keys[i];
	return NULL;
}

static int unknown_key(const char *key)
{
	cli_fail("settings: không có thiết lập «%s». Các thiết lập:", key);
	for (size_t i = 0; i < CN_ARRAY_LEN(keys); i++)
		fprintf(stderr, "  %s\n", keys[i].key);
	return 1;
}

/* Checks VALUE for K; *OUT gets what to store (NULL: clear). */
static int check_value(const struct setting_key *k, const char *value, char **out)
{
	*out = NULL;
	if (cn_str_empty(value))
		return 0;
	if (k->max == 0) {
		cn_error err = {0};
		if (cn_parse_text_opt(k->key, value, 200, out, &err) != CN_OK)
			return cli_fail_err(&err);
		return 0;
	}
	char *trimmed = cn_trim_dup(value), *end;
	errno = 0;
	long n = strtol(trimmed, &end, 10);
	bool ok = *end == '\0' && errno == 0 && n >= k->min && n <= k->max;
	if (!ok) {
		cli_fail("settings: giá trị «%s» của %s không hợp lệ: cần một số nguyên từ %d đến %d", value, k->key,
			 k->min, k->max);
		free(trimmed);
		return 1;
	}
	free(trimmed);
	*out = cn_sprintf("%ld", n);
	return 0;
}

/* "office_name      UBND xã Hòa An" or "(chưa đặt; mặc định: …)". */
static void print_setting(cn_db *db, const struct setting_key *k, int width)
{
	char *v = cn_setting_get(db, k->key);
	int pad = width - (int)strlen(k->key);
	printf("%s%*s  ", k->key, pad > 0 ? pad : 0, "");
	if (v && *v)
		printf("%s\n", v);
	else
		printf("(chưa đặt; mặc định: %s)\n", k->fallback);
	free(v);
}

static void list_settings(cn_db *db)
{
	int width = 0;
	for (size_t i = 0; i < CN_ARRAY_LEN(keys); i++)
		if ((int)strlen(keys[i].key) > width)
			width = (int)strlen(keys[i].key);
	for (size_t i = 0; i < CN_ARRAY_LEN(keys); i++)
		print_setting(db, &keys[i], width);
}

static int run(struct cli *cli, int argc, char **argv)
{
	const char *pos[2];
	int np = 0;
	if (cli_parse(&cmd_settings, argc, argv, NULL, 0, pos, 2, &np))
		return 2;
	const struct setting_key *k = np > 0 ? find_key(pos[0]) : NULL;
	if (np > 0 && !k)
		return unknown_key(pos[0]);
	char *value = NULL;
	if (np == 2 && check_value(k, pos[1], &value))
		return 1;
	cn_db *db = cli_open_db(cli, false);
	if (!db) {
		free(value);
		return 1;
	}
	if (np == 0) {
		list_settings(db);
		return 0;
	}
	if (np == 1) {
		char *v = cn_setting_get(db, k->key);
		if (v && *v)
			printf("%s\n", v);
		free(v);
		return 0;
	}
	cn_error err = {0};
	int rc = cn_setting_set(db, k->key, value, &err);
	free(value);
	if (rc != CN_OK)
		return cli_fail_err(&err);
	print_setting(db, k, (int)strlen(k->key));
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
	"                   từ 1 đến 1000.\n"
	"  bundle_overdue_days  số ngày sau gói dữ liệu gần nhất mà một đơn vị cấp dưới\n"
	"                   bị đánh dấu quá hạn gửi gói: số nguyên từ 1 đến 3660, mặc định 35.\n\n"
	"Ví dụ:\n"
	"  cnscd settings office_name \"UBND xã Hòa An\"\n"
	"  cnscd settings signer_title \"Chủ tịch\"\n"
	"  cnscd settings report_due_days 7\n"
	"  cnscd settings signer_name \"\"\n",
	run,
};
