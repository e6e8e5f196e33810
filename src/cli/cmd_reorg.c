/* "cnscd reorg apply" moves the database to a new structure of the
 * administrative units (the reorganisation of 1 July 2025); "cnscd reorg
 * status" shows what reorganisations did. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/official.h"
#include "cnscd/reorg.h"
#include "cnscd/settings.h"
#include "cnscd/stats.h"
#include "cnscd/team.h"

/* "1.234" */
static const char *num(long long n, char buf[CN_NUM_TEXT_LEN])
{
	cn_count_text(n, buf);
	return buf;
}

/* "tỉnh 29, huyện 696, xã 6.686" for the non-zero levels of BY_LEVEL. */
static void print_levels(const long *by_level)
{
	char b[CN_NUM_TEXT_LEN];
	bool first = true;
	for (int l = 1; l <= CN_LEVEL_MAX; l++) {
		if (!by_level[l])
			continue;
		out_printf("%s%s %s", first ? "" : ", ", cn_level_noun(l), num(by_level[l], b));
		first = false;
	}
}

/* ---- apply ---- */

/* Notes shown after the summary of apply. */
#define MAX_NOTES 20

static int print_problems(const cn_reorg_result *res)
{
	cli_fail("reorg apply: có %d vấn đề; chưa thay đổi gì:", res->nproblems);
	for (int i = 0; i < res->nproblems; i++)
		out_eprintf("  %s\n", res->problems[i]);
	return 1;
}

static int print_questions(const cn_reorg_result *res)
{
	cli_fail("reorg apply: %d đơn vị cũ bị chia cho nhiều đơn vị mới và còn thôn hoặc tổ; chưa thay đổi gì. "
		 "Thôn và tổ của mỗi đơn vị chỉ về một nơi:", res->nquestions);
	for (int i = 0; i < res->nquestions; i++) {
		const cn_reorg_question *q = &res->questions[i];
		out_eprintf("  %s %s (%ld thôn, %ld tổ) → ", q->code, q->name, q->villages, q->teams);
		for (int k = 0; k < q->ncandidates; k++)
			out_eprintf("%s%s %s (nhận %ld đơn vị cũ)", k ? ", " : "", q->candidate_code[k],
				q->candidate_name[k], q->candidate_received[k]);
		fputc('\n', stderr);
	}
	out_eprintf("Hãy chạy lại với --split-rule largest hoặc --split-rule first, hoặc chỉ định từng đơn vị: "
		"--assign %s=%s,... hoặc --assignments TỆP.csv (cột old_code,new_code).\n", res->questions[0].code,
		res->questions[0].candidate_code[0]);
	return 1;
}

static void print_summary(struct cli *cli, const cn_reorg_result *res, int rule)
{
	char date[CN_DATE_LEN], b1[CN_NUM_TEXT_LEN], b2[CN_NUM_TEXT_LEN], b3[CN_NUM_TEXT_LEN];
	cn_date_display(res->date, date);
	out_printf("Đã chuyển cơ sở dữ liệu sang cơ cấu đơn vị hành chính từ %s.\n", date);
	if (res->backup_path)
		out_printf("Bản sao lưu trước khi chuyển: %s\n", res->backup_path);
	out_printf("Đơn vị tạo mới: %s\n", num(res->created, b1));
	out_printf("Đơn vị giữ mã, vẫn hoạt động: %s (đổi tên, loại hoặc cấp trên: %s)\n", num(res->kept, b1),
	       num(res->changed, b2));
	out_printf("Đơn vị cũ đã đóng: %s", num(res->closed, b1));
	if (res->closed) {
		out_printf(" (");
		print_levels(res->closed_level);
		out_printf(")");
	}
	out_printf("\n");
	if (res->splits && rule == CN_SPLIT_ASK)
		out_printf("Đơn vị cũ bị chia tách: %s (thôn và tổ theo chỉ định: %s; các đơn vị khác không có thôn "
		       "hay tổ nào)\n", num(res->splits, b1), num(res->splits_assigned, b2));
	else if (res->splits)
		out_printf("Đơn vị cũ bị chia tách: %s (thôn và tổ theo chỉ định: %s, theo quy tắc «%s»: %s)\n",
		       num(res->splits, b1), num(res->splits_assigned, b2), cn_split_rule_name(rule),
		       num(res->splits - res->splits_assigned, b3));
	out_printf("Tổ chuyển đơn vị: %s", num(res->teams_moved, b1));
	if (res->district_teams_moved)
		out_printf(", trong đó tổ cấp huyện: %s (về tỉnh mới, hoặc xã được chỉ định)", num(res->district_teams_moved, b2));
	out_printf("\nThôn chuyển sang đơn vị mới: %s\n", num(res->villages_moved, b1));
	if (res->sessions_moved) {
		char *cmd = cli_command(cli, "training list --as-of NGÀY");
		out_printf("Lớp tập huấn chuyển theo tổ sang đơn vị mới: %s (tra cứu theo ngày cũ: %s)\n",
			   num(res->sessions_moved, b1), cmd);
		free(cmd);
	}
	out_printf("Thành viên đang hoạt động: %s trước, %s sau (không đổi); trong các tổ đã chuyển: %s\n",
	       num(res->members_before, b1), num(res->members_after, b2), num(res->members_moved, b3));
	if (res->rows_absent)
		out_printf("Bỏ qua %s dòng của bảng chuyển đổi về đơn vị không có trong cơ sở dữ liệu.\n",
		       num(res->rows_absent, b1));
	/* A whole country has hundreds of district teams: the first few
	 * here, all of them in "reorg status --teams". */
	for (int i = 0; i < res->nnotes && i < MAX_NOTES; i++)
		out_printf("%s\n", res->notes[i]);
	if (res->nnotes > MAX_NOTES) {
		char *cmd = cli_command(cli, "reorg status --teams");
		out_printf("… và %d dòng khác; mọi tổ đã chuyển: %s\n", res->nnotes - MAX_NOTES, cmd);
		free(cmd);
	}
}

/* What is left to the user after the change: settings naming a closed
 * unit, former district teams at the provinces, villages of one name. */
static void print_follow_up(struct cli *cli, cn_db *db)
{
	char *warning = cn_settings_office_warning(db);
	if (warning)
		out_printf("Cần xem lại: %s\n", warning);
	free(warning);
	long long district_teams = cn_former_district_teams(db, 0);
	if (district_teams) {
		char *move = cli_command(cli, "team move"), *dissolve = cli_command(cli, "team dissolve"),
		     *list = cli_command(cli, "team list");
		out_printf("Cần xem lại: %lld tổ cấp huyện cũ đang ở cấp tỉnh; chuyển về một xã (%s) hoặc ghi giải thể "
			   "(%s): %s\n", district_teams, move, dissolve, list);
		free(move);
		free(dissolve);
		free(list);
	}
	int twins = cn_reorg_village_twins(db, 0, NULL, NULL, NULL);
	if (twins > 0) {
		char *villages = cli_command(cli, "reorg villages");
		out_printf("Cần xem lại: %d thôn trùng tên trong xã sau sáp nhập, tạm ghi kèm tên xã cũ; đổi tên: %s (hoặc "
			   "phím R trong giao diện)\n", twins, villages);
		free(villages);
	}
}

static int run_apply(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"date", true, NULL},        {"resolution", true, NULL}, {"split-rule", true, NULL},
				 {"assign", true, NULL},      {"assignments", true, NULL}};
	const int nopts = (int)CN_ARRAY_LEN(opts);
	const char *pos[2];
	int np = 0;
	if (cli_parse(&cmd_reorg, argc, argv, opts, nopts, pos, 2, &np))
		return 2;
	/* "2025": the mapping and the list inside cnscd; a name in place of
	 * either file means the same. */
	const cn_official_list *list = np >= 1 ? cn_official_find(pos[0]) : NULL;
	if (np == 1 && list && list->mapping) {
		pos[1] = list->path;
		np = 2;
	}
	if (np != 2)
		return cli_fail("reorg apply: cần hai tệp: bảng chuyển đổi (old_code,new_code) và danh sách đơn vị mới "
				"(xem \"cnscd reorg --help\"), hoặc tên đợt sắp xếp có sẵn trong cnscd: 2025");
	if (list && list->mapping)
		pos[0] = list->mapping;
	if ((list = cn_official_find(pos[1])))
		pos[1] = list->path;
	const char *rule_text = cli_opt(opts, nopts, "split-rule");
	int rule = rule_text ? cn_split_rule_parse(rule_text) : CN_SPLIT_ASK;
	if (rule < 0)
		return cli_fail("reorg apply: --split-rule «%s» không hợp lệ: cần largest, first hoặc ask", rule_text);
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	cn_reorg_options opt = {
		.date = cli_opt(opts, nopts, "date"),
		.resolution = cli_opt(opts, nopts, "resolution"),
		.split_rule = rule,
		.assign = cli_opt(opts, nopts, "assign"),
		.assignments = cli_opt(opts, nopts, "assignments"),
		.backup = true,
	};
	cn_reorg_result res;
	cn_error err = {0};
	int rc = cn_reorg_apply(db, pos[0], pos[1], &opt, &res, &err);
	int status = 0;
	if (rc == CN_OK && res.nothing_to_do) {
		char date[CN_DATE_LEN];
		cn_date_display(res.date, date);
		out_printf("Không có gì thay đổi: cơ sở dữ liệu đã ở cơ cấu từ %s theo bảng chuyển đổi này.\n", date);
	} else if (rc == CN_OK) {
		print_summary(cli, &res, rule);
		print_follow_up(cli, db);
	} else if (res.nproblems) {
		status = print_problems(&res);
	} else if (res.nquestions) {
		status = print_questions(&res);
	} else {
		status = cli_fail_err(&err);
	}
	cn_reorg_result_clear(&res);
	return status;
}

/* ---- status ---- */

static int print_reorg(const cn_reorg_summary *s, void *ctx)
{
	(void)ctx;
	char date[CN_DATE_LEN], b[CN_NUM_TEXT_LEN];
	cn_date_display(s->effective, date);
	out_printf("Sắp xếp đơn vị hành chính có hiệu lực từ %s", date);
	if (*s->resolution)
		out_printf(" (căn cứ: %s)", s->resolution);
	out_printf(":\n  Đơn vị cũ đã đóng: ");
	print_levels(s->old_closed);
	out_printf("\n  Đơn vị giữ mã, vẫn hoạt động: %s\n  Đơn vị bắt đầu từ ngày đó: ", num(s->kept, b));
	print_levels(s->new_units);
	out_printf("\n  Bản ghi kế thừa: %s (", num(s->records, b));
	for (int k = 0; k < 5; k++)
		out_printf("%s%s %s", k ? ", " : "", cn_reorg_kind_name(cn_reorg_kinds[k]), num(s->kinds[k], b));
	out_printf(")\n  Tổ chuyển đơn vị: %s; ", num(s->teams_moved, b));
	out_printf("thôn chuyển sang đơn vị mới: %s\n", num(s->units_moved, b));
	return 0;
}

static int print_record_tsv(const cn_reorg_record *r, void *ctx)
{
	(void)ctx;
	char date[CN_DATE_LEN];
	cn_date_display(r->effective, date);
	out_printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", date, cn_reorg_kind_name(r->kind), r->old_code, r->old_name, r->new_code,
	       r->new_name, r->resolution);
	return 0;
}

static int print_record(const cn_reorg_record *r, void *ctx)
{
	(void)ctx;
	char date[CN_DATE_LEN];
	cn_date_display(r->effective, date);
	out_printf("  %s: %s (%s) → %s (%s): %s\n", date, r->old_name, r->old_code, r->new_name, r->new_code,
	       cn_reorg_kind_name(r->kind));
	return 0;
}

static int print_move(const cn_reorg_team_move *m, void *ctx)
{
	bool tsv = *(bool *)ctx;
	char date[CN_DATE_LEN];
	cn_date_display(m->moved_on, date);
	if (tsv)
		out_printf("%s\t%s\t%s\t%s\t%s\t%s\t%lld\n", date, m->team_name, m->from_code, m->from_name, m->to_code,
		       m->to_name, m->members);
	else
		out_printf("  %s: «%s» (%lld thành viên) từ %s (%s) sang %s (%s)\n", date, m->team_name, m->members,
		       m->from_name, m->from_code, m->to_name, m->to_code);
	return 0;
}

static int status_of_unit(cn_db *db, long long unit_id)
{
	cn_error err = {0};
	char *path = cn_unit_path(db, unit_id, " › ");
	out_printf("%s\nĐơn vị kế thừa:\n", path);
	free(path);
	int n = cn_reorg_records(db, unit_id, print_record, NULL, &err);
	if (n == 0)
		out_printf("  (không có)\n");
	bool tsv = false;
	out_printf("Tổ đã chuyển:\n");
	int m = n < 0 ? n : cn_reorg_team_moves(db, unit_id, print_move, &tsv, &err);
	if (m == 0)
		out_printf("  (không có)\n");
	return n < 0 || m < 0 ? cli_fail_err(&err) : 0;
}

static int run_status(struct cli *cli, int argc, char **argv)
{
	struct cli_opt opts[] = {{"unit", true, NULL}, {"all", false, NULL}, {"teams", false, NULL}};
	const int nopts = (int)CN_ARRAY_LEN(opts);
	if (cli_parse(&cmd_reorg, argc, argv, opts, nopts, NULL, 0, NULL))
		return 2;
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	long long unit_id = cli_unit_option(db, cli_opt(opts, nopts, "unit"));
	if (unit_id < 0)
		return 1;
	if (unit_id)
		return status_of_unit(db, unit_id);
	cn_error err = {0};
	int n;
	if (cli_opt(opts, nopts, "all")) {
		n = cn_reorg_records(db, 0, print_record_tsv, NULL, &err);
	} else if (cli_opt(opts, nopts, "teams")) {
		bool tsv = true;
		n = cn_reorg_team_moves(db, 0, print_move, &tsv, &err);
	} else {
		n = cn_reorg_summaries(db, print_reorg, NULL, &err);
		if (n == 0)
			out_printf("Chưa có lần sắp xếp đơn vị hành chính nào (xem \"cnscd reorg --help\").\n");
	}
	return n < 0 ? cli_fail_err(&err) : 0;
}

/* ---- villages ---- */

static int print_twin(const cn_village_twin *v, void *ctx)
{
	(void)ctx;
	out_printf("%s\t%s\t%s\t%lld\n", v->code, v->label, v->commune, v->teams);
	return 0;
}

static int run_villages(struct cli *cli, int argc, char **argv)
{
	long long unit_id;
	int status;
	cn_db *db = cli_open_for_unit(&cmd_reorg, cli, argc, argv, &unit_id, &status);
	if (!db)
		return status;
	cn_error err = {0};
	int n = cn_reorg_village_twins(db, unit_id, print_twin, NULL, &err);
	if (n < 0)
		return cli_fail_err(&err);
	if (n == 0)
		out_eprintf("Không có thôn nào trùng tên trong cùng một xã sau sắp xếp.\n");
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "villages") == 0)
		return run_villages(cli, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "apply") == 0)
		return run_apply(cli, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "status") == 0)
		return run_status(cli, argc - 1, argv + 1);
	if (argc < 2)
		return cli_fail("reorg: cần apply hoặc status (hoặc villages; xem \"cnscd reorg --help\")");
	return cli_fail("reorg: không có lệnh «%s»: cần apply hoặc status (hoặc villages; xem \"cnscd reorg --help\")",
			argv[1]);
}

const struct cli_command cmd_reorg = {
	"reorg",
	"chuyển sang cơ cấu đơn vị hành chính mới (sắp xếp từ 01/07/2025)",
	"Cách dùng: cnscd reorg apply 2025 [tùy chọn]\n"
	"           cnscd reorg apply BẢNG_CHUYỂN_ĐỔI DANH_SÁCH_MỚI [tùy chọn]\n"
	"           cnscd reorg status [--unit MÃ | --all | --teams]\n"
	"           cnscd reorg villages [--unit MÃ]\n\n"
	"reorg apply chuyển cơ sở dữ liệu sang cơ cấu đơn vị hành chính mới (như đợt\n"
	"sắp xếp từ 01/07/2025: bỏ cấp huyện, sáp nhập tỉnh và xã) trong một giao dịch:\n"
	"hoặc xong hết, hoặc không thay đổi gì. Đơn vị mới được tạo; đơn vị giữ mã vẫn\n"
	"hoạt động (đổi tên, cấp trên nếu danh sách mới nói vậy); đơn vị cũ bị thay thế\n"
	"được đóng từ ngày hôm trước, kèm bản ghi kế thừa. Tổ và thôn của đơn vị cũ\n"
	"chuyển sang đơn vị mới (thôn giữ mã); tổ cấp huyện về tỉnh mới. Thành viên ở\n"
	"nguyên trong tổ: tổng số thành viên trước và sau phải bằng nhau. Lớp tập huấn\n"
	"(cùng điểm danh) của đơn vị cũ chuyển theo tổ sang đơn vị kế thừa (tra theo\n"
	"ngày cũ: cnscd training list --as-of). Sau đó, đơn vị đã đóng không nhận thêm\n"
	"tổ, thành viên, lớp hay kết quả (thông báo nêu đơn vị kế thừa). Cuối bản tóm\n"
	"tắt là những việc cần xem lại: thiết lập trỏ đến đơn vị đã giải thể, tổ cấp\n"
	"huyện cũ, thôn trùng tên trong xã sau sáp nhập.\n"
	"  2025               đợt sắp xếp từ 01/07/2025, bằng bảng chuyển đổi và danh\n"
	"                     mục 2025 có sẵn trong cnscd (\"cnscd units official\").\n"
	"  BẢNG_CHUYỂN_ĐỔI    tệp CSV hoặc .xlsx, cột old_code,new_code (như\n"
	"                     mapping-2025.csv); đơn vị bị chia có nhiều dòng.\n"
	"                     Tên 2025 là bảng có sẵn.\n"
	"  DANH_SÁCH_MỚI      tệp cột code,name,type,level,parent_code (như\n"
	"                     units-2025.csv); tên 2025 là danh mục có sẵn.\n"
	"  --date NGÀY        ngày cơ cấu mới có hiệu lực (mặc định 01/07/2025).\n"
	"  --resolution VB    văn bản căn cứ, ghi kèm mỗi bản ghi kế thừa.\n"
	"  --split-rule QT    thôn và tổ của đơn vị bị chia về đâu: largest (đơn vị mới\n"
	"                     nhận nhiều đơn vị cũ nhất, bằng nhau thì mã nhỏ nhất),\n"
	"                     first (mã nhỏ nhất), ask (mặc định: liệt kê các đơn vị bị\n"
	"                     chia có thôn hoặc tổ, rồi dừng để bạn chỉ định).\n"
	"  --assign CŨ=MỚI,...  chỉ định (luôn được ưu tiên). Với mã một huyện: xã\n"
	"                     mới nhận các tổ và thôn của huyện thay cho tỉnh.\n"
	"  --assignments TỆP  như --assign, từ tệp cột old_code,new_code.\n"
	"Bảng chuyển đổi được kiểm tra trước; có lỗi thì liệt kê (\"dòng N: …\") và không\n"
	"thay đổi gì. Trước khi ghi, cơ sở dữ liệu được sao lưu vào thư mục backups\n"
	"cạnh tệp (tên kết thúc bằng -before-reorg.db). Chạy lại không thay đổi gì.\n\n"
	"reorg status tóm tắt các lần sắp xếp; --unit MÃ: đơn vị đó thành gì (hoặc từ\n"
	"đâu mà có) và các tổ đã chuyển; --all: mọi bản ghi kế thừa, --teams: mọi tổ đã\n"
	"chuyển (cột cách nhau bằng TAB).\n\n"
	"reorg villages liệt kê các thôn trùng tên với một thôn khác trong cùng xã sau\n"
	"sáp nhập: danh sách và báo cáo tạm ghi kèm tên xã cũ (\"Ấp Nội Ô (Xã Vĩnh Mỹ A\n"
	"cũ)\") cho đến khi đổi tên. Mỗi dòng (TAB): mã, tên đang hiện, xã hiện nay, số tổ.\n\n"
	"Ví dụ: cnscd reorg apply 2025 --split-rule largest\n"
	"       cnscd reorg apply mapping-2025.csv units-2025.csv --split-rule largest\n"
	"       cnscd stats --as-of 30/06/2025 --unit 961\n",
	run,
};
