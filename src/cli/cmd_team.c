/* "cnscd team": the teams of a unit with their numbers, and what changes a
 * team as a whole — merging two teams of one unit, moving a team to another
 * unit (a former district team after 2025), dissolving it. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "out.h"
#include "cli_people.h"
#include "cnscd/member.h"
#include "cnscd/team.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"

static int list(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"unit", true, NULL}, {"all", false, NULL}};
	if (cli_parse(&cmd_team, argc, argv, opts, 2, NULL, 0, NULL))
		return 2;
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	long long unit = cli_unit_option(db, cli_opt(opts, 2, "unit"));
	if (unit < 0)
		return 1;
	bool all = cli_opt(opts, 2, "all") != NULL;
	char *start = NULL;
	if (unit) {
		sqlite3_stmt *q;
		if (sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT path FROM unit WHERE id = ?", -1, &q, NULL) == SQLITE_OK) {
			sqlite3_bind_int64(q, 1, unit);
			if (sqlite3_step(q) == SQLITE_ROW)
				start = cn_strdup((const char *)sqlite3_column_text(q, 0));
			sqlite3_finalize(q);
		}
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(cn_db_sqlite(db),
			       "SELECT t.id, u.code, u.name, t.name, (SELECT full_name FROM member m WHERE m.team_id = t.id "
			       "AND m.role = 1 AND m.left_on IS NULL), (SELECT count(*) FROM member m WHERE m.team_id = t.id "
			       "AND m.left_on IS NULL), t.dissolved FROM team t JOIN unit u ON u.id = t.unit_id "
			       "WHERE (?1 IS NULL OR substr(u.path, 1, length(?1)) = ?1) AND (?2 OR t.dissolved IS NULL) "
			       "ORDER BY u.path, t.name", -1, &st, NULL) != SQLITE_OK) {
		free(start);
		return cli_fail("team list: không đọc được danh sách tổ");
	}
	if (start)
		sqlite3_bind_text(st, 1, start, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, all);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		char note[160] = "";
		if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
			char shown[CN_DATE_LEN];
			cn_date_display((const char *)sqlite3_column_text(st, 6), shown);
			snprintf(note, sizeof note, "giải thể %s", shown);
		} else {
			char *district = cn_team_former_district(db, id);
			if (district)
				snprintf(note, sizeof note, "tổ cấp huyện cũ (%s): chuyển về xã hoặc giải thể", district);
			free(district);
		}
		const unsigned char *leader = sqlite3_column_text(st, 4);
		out_printf("%lld\t%s\t%s\t%s\t%s\t%lld\t%s\n", id, sqlite3_column_text(st, 1), sqlite3_column_text(st, 2),
		       sqlite3_column_text(st, 3), leader ? (const char *)leader : "", (long long)sqlite3_column_int64(st, 5),
		       note);
		n++;
	}
	sqlite3_finalize(st);
	free(start);
	if (n == 0)
		out_eprintf("Không có tổ nào.\n");
	return 0;
}

/* TEAM: a number, or with --unit a name (or nothing: the unit's team). */
static long long team_arg(cn_db *db, const char *what, const char *unit, const char *team)
{
	return cli_team_of(db, what, unit, team, NULL);
}

static int merge(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"into", true, NULL}, {"unit", true, NULL}, {"date", true, NULL},
				 {"leader", true, NULL}, {"leader-id", true, NULL}};
	int n = (int)CN_ARRAY_LEN(opts);
	const char *pos[1];
	int np = 0;
	if (cli_parse(&cmd_team, argc, argv, opts, n, pos, 1, &np))
		return 2;
	const char *into = cli_opt(opts, n, "into"), *unit = cli_opt(opts, n, "unit");
	if (np != 1 || !into)
		return cli_fail("team merge: cần TỔ_GỘP --into TỔ_GIỮ (số tổ, hoặc tên tổ cùng --unit MÃ)");
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	long long from = team_arg(db, "team merge", unit, pos[0]);
	long long dest = from > 0 ? team_arg(db, "team merge", unit, into) : -1;
	if (from < 0 || dest < 0)
		return 1;
	long long leader = 0;
	const char *leader_s = cli_opt(opts, n, "leader"), *leader_id = cli_opt(opts, n, "leader-id");
	if ((leader_s || leader_id) &&
	    (leader = cli_member_of(db, "team merge --leader", leader_id, leader_s, NULL, NULL)) < 0)
		return 1;
	char *from_place = cn_team_place(db, from), *into_place = cn_team_place(db, dest);
	cn_team_merge_result res;
	cn_error err = {0};
	int rc = cn_team_merge(db, from, dest, cli_opt(opts, n, "date"), leader, &res, &err);
	if (rc == CN_OK) {
		out_printf("Đã gộp %s vào %s: %lld thành viên chuyển sang, %lld báo cáo tháng chuyển sang", from_place,
		       into_place, res.members, res.reports_moved);
		if (res.months_added) {
			out_printf("; cộng số liệu của %d tháng cả hai tổ cùng báo cáo (", res.months_added);
			for (const char *p = res.months; *p;) {
				out_printf("%s%.2s/%.4s", p == res.months ? "" : ", ", p + 5, p);
				p += strlen(p) > 7 ? 8 : strlen(p);
			}
			out_printf(")");
		}
		out_printf(".\n");
		cn_member m = {0};
		if (res.leader && cn_member_get(db, res.leader, &m, NULL) == CN_OK)
			out_printf("Tổ trưởng: %s.\n", m.full_name);
		cn_member_clear(&m);
	}
	free(res.months);
	free(from_place);
	free(into_place);
	return rc == CN_OK ? 0 : cli_fail_err(&err);
}

static int move(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"to", true, NULL}, {"unit", true, NULL}, {"date", true, NULL}};
	const char *pos[1];
	int np = 0;
	if (cli_parse(&cmd_team, argc, argv, opts, 3, pos, 1, &np))
		return 2;
	const char *to = cli_opt(opts, 3, "to");
	if (np != 1 || !to)
		return cli_fail("team move: cần TỔ --to MÃ_ĐƠN_VỊ");
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	long long team = team_arg(db, "team move", cli_opt(opts, 3, "unit"), pos[0]);
	long long unit = team > 0 ? cli_unit_option(db, to) : -1;
	if (team < 0 || unit < 0)
		return 1;
	char *before = cn_team_place(db, team);
	cn_error err = {0};
	int rc = cn_team_move(db, team, unit, cli_opt(opts, 3, "date"), &err);
	if (rc == CN_OK) {
		char *after = cn_team_place(db, team);
		out_printf("Đã chuyển %s sang %s.\n", before, after);
		free(after);
	}
	free(before);
	return rc == CN_OK ? 0 : cli_fail_err(&err);
}

static int dissolve(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"unit", true, NULL}, {"date", true, NULL}};
	const char *pos[1];
	int np = 0;
	if (cli_parse(&cmd_team, argc, argv, opts, 2, pos, 1, &np))
		return 2;
	if (np != 1)
		return cli_fail("team dissolve: cần TỔ (số tổ, hoặc tên tổ cùng --unit MÃ)");
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	long long team = team_arg(db, "team dissolve", cli_opt(opts, 2, "unit"), pos[0]);
	if (team < 0)
		return 1;
	char *place = cn_team_place(db, team);
	cn_error err = {0};
	int rc = cn_team_dissolve(db, team, cli_opt(opts, 2, "date"), &err);
	if (rc == CN_OK)
		out_printf("Đã ghi giải thể %s.\n", place);
	free(place);
	return rc == CN_OK ? 0 : cli_fail_err(&err);
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {{"list", list}, {"merge", merge}, {"move", move}, {"dissolve", dissolve}};
	return cli_run_sub(&cmd_team, subs, (int)CN_ARRAY_LEN(subs), cli, argc, argv);
}

const struct cli_command cmd_team = {
	"team",
	"các tổ: số tổ, gộp hai tổ, chuyển tổ sang đơn vị khác, giải thể",
	"Cách dùng: cnscd team list [--unit MÃ] [--all]\n"
	"           cnscd team merge TỔ --into TỔ [--unit MÃ] [--date dd/mm/yyyy]\n"
	"                            [--leader SỐ_CCCD | --leader-id SỐ]\n"
	"           cnscd team move TỔ --to MÃ_ĐƠN_VỊ [--unit MÃ] [--date dd/mm/yyyy]\n"
	"           cnscd team dissolve TỔ [--unit MÃ] [--date dd/mm/yyyy]\n\n"
	"TỔ là số tổ (cột đầu của team list), hoặc tên tổ cùng --unit MÃ (mã đơn vị của tổ).\n\n"
	"team list in các tổ của đơn vị và cấp dưới (--all: cả tổ đã giải thể), cách nhau\n"
	"bằng TAB: số tổ, mã đơn vị, đơn vị, tên tổ, tổ trưởng, số thành viên, ghi chú\n"
	"(\"giải thể ...\", hoặc \"tổ cấp huyện cũ\" cho tổ mà đợt sắp xếp 2025 đưa về tỉnh).\n\n"
	"team merge gộp TỔ vào tổ --into cùng đơn vị, trong một lần: thành viên chuyển sang\n"
	"(ghi là chuyển tổ, lịch sử giữ nguyên), báo cáo tháng chuyển sang (tháng cả hai tổ\n"
	"cùng báo cáo thì cộng số liệu), một tổ trưởng (--leader; mặc định tổ trưởng của\n"
	"tổ --into; tổ trưởng kia thành tổ phó), TỔ ghi giải thể từ ngày gộp. Thống kê\n"
	"--as-of trước ngày gộp vẫn thấy hai tổ. Hoàn tác được: cnscd log --undo.\n\n"
	"team move chuyển cả tổ sang đơn vị khác (thống kê --as-of trước ngày chuyển vẫn\n"
	"tính tổ ở đơn vị cũ); team dissolve ghi ngày giải thể của tổ.\n\n"
	"Ví dụ: cnscd team list --unit 31891\n"
	"       cnscd team merge 12 --into 15 --date 01/12/2026\n"
	"       cnscd team move 3 --to 31891\n",
	run,
};
