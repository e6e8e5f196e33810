/* "cnscd member": one person's record — moving them to another team,
 * showing their record with its transfers and history, the records that
 * may be the same person, and merging two records into one. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "out.h"
#include "cli_people.h"
#include "cnscd/audit.h"
#include "cnscd/member.h"
#include "cnscd/team.h"
#include "cnscd/validate.h"

#define WHO_OPTS {"id", true, NULL}, {"cccd", true, NULL}, {"phone", true, NULL}, {"name", true, NULL}

static long long who(cn_db *db, const char *what, const struct cli_opt *opts, int n)
{
	return cli_member_of(db, what, cli_opt(opts, n, "id"), cli_opt(opts, n, "cccd"), cli_opt(opts, n, "phone"),
			     cli_opt(opts, n, "name"));
}

static int move(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {WHO_OPTS, {"to", true, NULL}, {"team", true, NULL}, {"date", true, NULL},
				 {"role", true, NULL}};
	int n = (int)CN_ARRAY_LEN(opts);
	if (cli_parse(&cmd_member, argc, argv, opts, n, NULL, 0, NULL))
		return 2;
	const char *to = cli_opt(opts, n, "to"), *team = cli_opt(opts, n, "team");
	if (!to && !team)
		return cli_fail("member move: cần --to MÃ_ĐƠN_VỊ (và --team khi đơn vị có nhiều tổ), hoặc --team SỐ_TỔ");
	cn_error err = {0};
	int role = 0;
	const char *role_s = cli_opt(opts, n, "role");
	if (role_s && cn_parse_role(role_s, &role, &err) != CN_OK)
		return cli_fail_err(&err);
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	long long id = who(db, "member move", opts, n);
	long long team_id = id > 0 ? cli_team_of(db, "member move", to, team, "không chuyển thành viên") : -1;
	if (id < 0 || team_id < 0)
		return 1;
	cn_member m = {0};
	if (cn_member_get(db, id, &m, &err) != CN_OK)
		return cli_fail_err(&err);
	char *from = cn_team_place(db, m.team_id), *dest = cn_team_place(db, team_id);
	int rc = cn_member_move(db, id, team_id, cli_opt(opts, n, "date"), role, &err);
	if (rc == CN_OK) {
		char day[CN_DATE_LEN], iso[CN_DATE_LEN];
		sqlite3_stmt *st;
		iso[0] = '\0';
		if (sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT max(moved_on) FROM member_move WHERE member_id = ?", -1,
				       &st, NULL) == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, id);
			if (sqlite3_step(st) == SQLITE_ROW)
				snprintf(iso, sizeof iso, "%s", (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
		cn_date_display(iso, day);
		out_printf("Đã chuyển %s từ %s sang %s từ ngày %s.\n", m.full_name, from, dest, day);
	}
	free(from);
	free(dest);
	cn_member_clear(&m);
	return rc == CN_OK ? 0 : cli_fail_err(&err);
}

/* ---- show ---- */

static int print_transfer(const cn_member_transfer *t, void *ctx)
{
	(void)ctx;
	char *text = cn_member_transfer_text(t);
	out_printf("  %s\n", text);
	free(text);
	return 0;
}

static void print_field(const char *label, const char *value)
{
	if (value && *value)
		out_printf("%s: %s\n", label, value);
}

static int show(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {WHO_OPTS};
	int n = (int)CN_ARRAY_LEN(opts);
	if (cli_parse(&cmd_member, argc, argv, opts, n, NULL, 0, NULL))
		return 2;
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	long long id = who(db, "member show", opts, n);
	if (id < 0)
		return 1;
	cn_member m = {0};
	cn_error err = {0};
	if (cn_member_get(db, id, &m, &err) != CN_OK)
		return cli_fail_err(&err);
	char *place = cn_team_place(db, m.team_id);
	char year[16] = "", joined[CN_DATE_LEN], left[CN_DATE_LEN];
	if (m.birth_year)
		snprintf(year, sizeof year, "%d", m.birth_year);
	cn_date_display(m.joined, joined);
	cn_date_display(m.left_on, left);
	out_printf("Thành viên số %lld: %s\n", m.id, m.full_name);
	print_field("Tổ", place);
	print_field("Vai trò", cn_role_name(m.role));
	print_field("Giới tính", cn_gender_name(m.gender));
	print_field("Năm sinh", year);
	print_field("Điện thoại", m.phone);
	print_field("Số CCCD", m.id_number);
	print_field("Chức vụ/đoàn thể", m.position);
	print_field("Ngày vào tổ", joined);
	print_field("Ngày rời tổ", left);
	long long others = m.id_number ? cn_member_holders(db, m.id_number, m.id, NULL, 0, NULL) : 0;
	if (others > 0)
		out_printf("Cùng người này còn là thành viên của %lld tổ khác (cùng số CCCD).\n", others);
	free(place);
	cn_member_clear(&m);
	out_printf("Chuyển tổ:\n");
	int moves = cn_member_transfers(db, id, print_transfer, NULL, &err);
	if (moves == 0)
		out_printf("  (chưa chuyển tổ lần nào)\n");
	out_printf("Lịch sử thay đổi:\n");
	if (moves < 0 || cn_audit_history(db, "member", id, cli_print_change, db, &err) < 0)
		return cli_fail_err(&err);
	return 0;
}

/* ---- duplicates, merge ---- */

/* "12\tTrần Thị Bình\t1990\t0912345678\t\tTổ CNSCĐ Ấp 1, Xã Vĩnh Mỹ A" */
static void print_record(cn_db *db, long long id)
{
	cn_member m = {0};
	if (cn_member_get(db, id, &m, NULL) != CN_OK)
		return;
	char *place = cn_team_place(db, m.team_id);
	char year[16] = "";
	if (m.birth_year)
		snprintf(year, sizeof year, "%d", m.birth_year);
	out_printf("%lld\t%s\t%s\t%s\t%s\t%s", m.id, m.full_name, year, m.phone ? m.phone : "",
	       m.id_number ? m.id_number : "", place);
	free(place);
	cn_member_clear(&m);
}

static int print_pair(const cn_duplicate *d, void *ctx)
{
	print_record(ctx, d->a);
	out_printf("\t");
	print_record(ctx, d->b);
	out_printf("\t%s\n", d->reason);
	return 0;
}

static int duplicates(struct cli *cli, int argc, char **argv)
{
	long long unit;
	int status;
	cn_db *db = cli_open_for_unit(&cmd_member, cli, argc, argv, &unit, &status);
	if (!db)
		return status;
	cn_error err = {0};
	int n = cn_member_duplicates(db, unit, print_pair, db, &err);
	if (n < 0)
		return cli_fail_err(&err);
	if (n == 0)
		out_eprintf("Không có hồ sơ nào có thể trùng.\n");
	return 0;
}

static int merge(struct cli *cli, int argc, char **argv)
{
	const char *pos[2];
	int np = 0;
	if (cli_parse(&cmd_member, argc, argv, NULL, 0, pos, 2, &np))
		return 2;
	if (np != 2)
		return cli_fail("member merge: cần hai số thành viên: hồ sơ giữ lại, rồi hồ sơ gộp vào nó");
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	long long keep = cli_member_of(db, "member merge", pos[0], NULL, NULL, NULL);
	long long other = keep > 0 ? cli_member_of(db, "member merge", pos[1], NULL, NULL, NULL) : -1;
	if (keep < 0 || other < 0)
		return 1;
	cn_member k = {0}, o = {0};
	cn_error err = {0};
	cn_member_get(db, keep, &k, NULL);
	cn_member_get(db, other, &o, NULL);
	int rc = cn_member_merge(db, keep, other, &err);
	if (rc == CN_OK)
		out_printf("Đã gộp hồ sơ %s (số %lld) vào hồ sơ %s (số %lld): cùng một người; điểm danh, số liệu và lịch sử "
		       "của cả hai ở hồ sơ số %lld.\n", o.full_name, other, k.full_name, keep, keep);
	cn_member_clear(&k);
	cn_member_clear(&o);
	return rc == CN_OK ? 0 : cli_fail_err(&err);
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {{"move", move}, {"show", show}, {"duplicates", duplicates}, {"merge", merge}};
	return cli_run_sub(&cmd_member, subs, (int)CN_ARRAY_LEN(subs), cli, argc, argv);
}

const struct cli_command cmd_member = {
	"member",
	"một thành viên: chuyển tổ, hồ sơ và lịch sử, hồ sơ có thể trùng, gộp hồ sơ",
	"Cách dùng: cnscd member move NGƯỜI (--to MÃ_ĐƠN_VỊ [--team TỔ] | --team SỐ_TỔ)\n"
	"                             [--date dd/mm/yyyy] [--role VAI_TRÒ]\n"
	"           cnscd member show NGƯỜI\n"
	"           cnscd member duplicates [--unit MÃ]\n"
	"           cnscd member merge SỐ_GIỮ SỐ_GỘP\n\n"
	"NGƯỜI là --cccd SỐ_CCCD, hoặc --phone SỐ cùng --name \"HỌ TÊN\" (không cần dấu),\n"
	"hoặc --id SỐ (số thành viên cnscd in ra).\n\n"
	"member move chuyển người đó sang tổ khác: sang tổ của đơn vị có mã --to (tổ duy\n"
	"nhất của đơn vị, hoặc tổ mang tên đơn vị; đơn vị có nhiều tổ thì chọn bằng\n"
	"--team SỐ hoặc --team \"TÊN TỔ\"), từ ngày --date (mặc định hôm nay; không sau\n"
	"hôm nay). Hồ sơ, lịch sử, điểm danh và số liệu của người đó đi theo; việc chuyển\n"
	"được ghi vào lịch sử; thống kê --as-of trước ngày chuyển vẫn tính người đó ở tổ\n"
	"cũ. Ở tổ mới người đó là Thành viên, trừ khi --role \"Tổ phó\" hay \"Tổ trưởng\"\n"
	"(khi tổ chưa có tổ trưởng). Hoàn tác được bằng \"cnscd log --undo\".\n\n"
	"member show in hồ sơ của người đó, các lần chuyển tổ và lịch sử thay đổi.\n\n"
	"Một số CCCD là một người: thêm hay sửa một thành viên mang số CCCD của người đang\n"
	"hoạt động ở tổ khác bị từ chối (trong giao diện: chuyển người đó sang, hoặc ghi là\n"
	"kiêm nhiệm cả hai tổ).\n"
	"member duplicates liệt kê các cặp hồ sơ có thể là cùng một người gõ hai lần (cùng\n"
	"họ tên và năm sinh, hoặc cùng họ tên và số điện thoại; ít nhất một hồ sơ chưa có\n"
	"CCCD), mỗi cặp một dòng, cách nhau bằng TAB: số, họ tên, năm sinh, điện thoại,\n"
	"CCCD, tổ của từng hồ sơ, rồi lý do.\n"
	"member merge gộp hồ sơ SỐ_GỘP vào SỐ_GIỮ: hồ sơ giữ lại nhận những gì nó còn\n"
	"thiếu, điểm danh và số liệu của hồ sơ kia; lịch sử của cả hai xem được ở hồ sơ\n"
	"giữ lại. Hoàn tác được.\n\n"
	"Ví dụ: cnscd member move --cccd 095085000123 --to 31891 --date 01/12/2026\n"
	"       cnscd member move --phone 0912345678 --name \"Trần Thị Bình\" --to 31933 --team 12\n"
	"       cnscd member show --cccd 095085000123\n"
	"       cnscd member duplicates --unit 961\n"
	"       cnscd member merge 120 348\n",
	run,
};
