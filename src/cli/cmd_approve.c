/* Approval upward from the command line: approve, unapprove, and the
 * approval state of a unit's children for a month. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnscd/approval.h"
#include "cnscd/reorg.h"
#include "cnscd/people.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"

/* The unit code and the month given as positionals, and the options. */
struct args {
	long long unit_id;
	char period[8];
	const char *by, *note;
	bool log;
};

/* Parses ARGV for CMD (positionals: UNIT_CODE YYYY-MM, or only YYYY-MM
 * with --unit when UNIT_OPTION) and opens the database. 0, or the exit
 * status. */
static int read_args(struct cli *cli, const struct cli_command *cmd, int argc, char **argv, bool unit_option,
		     struct args *a)
{
	struct cli_opt opts[] = {{"by", true, NULL}, {"note", true, NULL}, {"unit", true, NULL}, {"log", false, NULL}};
	int n = (int)CN_ARRAY_LEN(opts), np = 0;
	const char *pos[2] = {NULL, NULL};
	if (cli_parse(cmd, argc, argv, opts, n, pos, 2, &np))
		return 2;
	const char *code = unit_option ? cli_opt(opts, n, "unit") : pos[0];
	const char *month = unit_option ? pos[0] : pos[1];
	if (np != (unit_option ? 1 : 2))
		return cli_fail("%s: cần %s (xem \"cnscd %s --help\")", cmd->name,
				unit_option ? "tháng YYYY-MM" : "MÃ_ĐƠN_VỊ và tháng YYYY-MM", cmd->name);
	if (!unit_option && cli_opt(opts, n, "unit"))
		return cli_fail("%s: mã đơn vị viết ngay sau tên lệnh, không dùng --unit", cmd->name);
	cn_error err = {0};
	if (cn_parse_period("Tháng", month, a->period, &err) != CN_OK)
		return cli_fail_err(&err);
	a->by = cli_opt(opts, n, "by");
	a->note = cli_opt(opts, n, "note");
	a->log = cli_opt(opts, n, "log") != NULL;
	cn_db *db = cli_open_db(cli, false);
	if (!db)
		return 1;
	a->unit_id = cli_unit_option(db, code);
	return a->unit_id < 0 ? 1 : 0;
}

/* approve / unapprove: the same arguments, one core call. */
static int change(struct cli *cli, const struct cli_command *cmd, int argc, char **argv, bool approve)
{
	struct args a = {0};
	int rc = read_args(cli, cmd, argc, argv, false, &a);
	if (rc)
		return rc;
	/* Without a name the core still says first what else is missing;
	 * only when the name is all that is, how to give one. */
	char *by = NULL;
	cn_error err = {0}, no_name = {0};
	bool named = cn_person_for(cli->db, CN_ACT_APPROVE, a.by, &by, &no_name) == CN_OK;
	rc = approve ? cn_approval_approve(cli->db, a.unit_id, a.period, by, &err)
		     : cn_approval_unapprove(cli->db, a.unit_id, a.period, by, a.note, &err);
	free(by);
	if (rc != CN_OK)
		return cli_fail_err(!named && err.field && strcmp(err.field, "by") == 0 ? &no_name : &err);
	cn_unit u = {0};
	cn_unit_get(cli->db, a.unit_id, &u, NULL);
	out_printf("Đã %s kết quả tháng %.2s/%.4s của %s.\n", approve ? "duyệt" : "bỏ duyệt", a.period + 5, a.period,
	       u.name ? u.name : argv[1]);
	cn_unit_clear(&u);
	return 0;
}

static int run_approve(struct cli *cli, int argc, char **argv) { return change(cli, &cmd_approve, argc, argv, true); }

static int run_unapprove(struct cli *cli, int argc, char **argv)
{
	return change(cli, &cmd_unapprove, argc, argv, false);
}

/* CTX non-NULL: a unit closed into the one asked for, as history: its
 * approval of the month, its teams now counted under the successor. */
static int print_state(const cn_approval *a, void *ctx)
{
	char deadline[CN_DATE_LEN];
	cn_date_display(a->deadline, deadline);
	if (ctx) {
		out_printf("%s\t%s (đơn vị cũ, đã sáp nhập vào đơn vị này)\t%s\t\t\t%s\t\t%s\t%s\n", a->unit_code,
			   a->unit_name, *a->approved_by ? cn_approval_state_name(CN_APPROVAL_APPROVED) : "Đã bỏ duyệt",
			   deadline, a->approved_by, a->approved_at);
		return 0;
	}
	out_printf("%s\t%s\t%s\t%lld/%lld\t%lld/%lld\t%s%s\t%lld/%lld\t%s\t%s\n", a->unit_code, a->unit_name,
	       cn_approval_state_name(a->state), a->teams_owing - a->teams_missing, a->teams_owing, a->teams_on_time,
	       a->teams_owing, deadline, a->owed ? "" : " (chưa đến hạn)", a->units_below - a->units_waiting,
	       a->units_below, a->approved_by, a->approved_at);
	return 0;
}

static int print_entry(const cn_approval_entry *e, void *ctx)
{
	(void)ctx;
	out_printf("%s\t%s\t%s\t%s\n", e->at, e->action[0] == 'a' ? "Duyệt" : "Bỏ duyệt", e->by, e->note);
	return 0;
}

static int run_status(struct cli *cli, int argc, char **argv)
{
	struct args a = {0};
	int rc = read_args(cli, &cmd_approval, argc, argv, true, &a);
	if (rc)
		return rc;
	if (a.log && !a.unit_id)
		return cli_fail("approval --log: cần --unit MÃ");
	cn_error err = {0};
	if (a.log) {
		out_puts("Lúc\tViệc\tNgười\tGhi chú");
		rc = cn_approval_history(cli->db, a.unit_id, a.period, print_entry, NULL, &err);
		return rc == CN_OK ? 0 : cli_fail_err(&err);
	}
	out_puts("Mã\tĐơn vị\tTrạng thái\tTổ đã gửi\tGửi đúng hạn\tHạn gửi\tĐơn vị dưới đã duyệt\tNgười duyệt\tLúc duyệt");
	rc = a.unit_id ? cn_approval_status(cli->db, a.unit_id, a.period, print_state, NULL, &err) : CN_OK;
	if (rc == CN_OK)
		rc = cn_approval_children(cli->db, a.unit_id, a.period, print_state, NULL, &err);
	/* Units a reorganisation closed into this one: their approvals of
	 * the month, as history. */
	bool former = true;
	if (rc == CN_OK && a.unit_id &&
	    (rc = cn_approval_of_predecessors(cli->db, a.unit_id, a.period, print_state, &former, &err)) > 0)
		rc = CN_OK;
	return rc == CN_OK ? 0 : cli_fail_err(&err);
}

const struct cli_command cmd_approve = {
	"approve",
	"duyệt kết quả tháng của một đơn vị (cấp xã trở lên)",
	"Cách dùng: cnscd approve MÃ_ĐƠN_VỊ YYYY-MM [--by TÊN]\n\n"
	"Duyệt kết quả hoạt động tháng YYYY-MM của đơn vị MÃ_ĐƠN_VỊ (cấp xã trở lên). Chỉ duyệt\n"
	"được khi mọi tổ của đơn vị (kể cả ở thôn, ấp) đã gửi báo cáo tháng đó và mọi đơn vị\n"
	"trực thuộc cấp xã trở lên đã được duyệt; nếu chưa, lệnh cho biết còn thiếu gì.\n"
	"Sau khi duyệt, số liệu tháng đó của đơn vị bị khóa: không sửa, gửi, mở lại được.\n"
	"Đơn vị không có tổ nào phải báo cáo tháng đó thì không phải duyệt.\n"
	"--by: họ tên người duyệt (mặc định: signer_name, hoặc preparer_name trong cài\n"
	"     đặt); tên đăng nhập như root không được nhận.\n",
	run_approve,
};

const struct cli_command cmd_unapprove = {
	"unapprove",
	"bỏ duyệt kết quả tháng (từ cấp trên xuống), có ghi nhật ký",
	"Cách dùng: cnscd unapprove MÃ_ĐƠN_VỊ YYYY-MM [--by TÊN] [--note \"LÝ DO\"]\n\n"
	"Bỏ duyệt kết quả tháng YYYY-MM của đơn vị để cấp dưới sửa được số liệu. Không bỏ duyệt\n"
	"được khi cấp trên của đơn vị đã duyệt tháng đó: bỏ duyệt từ cấp trên xuống. Việc bỏ\n"
	"duyệt được ghi vào nhật ký cùng người làm và lý do (xem \"cnscd approval --log\").\n",
	run_unapprove,
};

const struct cli_command cmd_approval = {
	"approval",
	"tình trạng duyệt kết quả tháng của đơn vị và các đơn vị trực thuộc",
	"Cách dùng: cnscd approval [--unit MÃ] YYYY-MM\n"
	"           cnscd approval --unit MÃ YYYY-MM --log\n\n"
	"In (cách nhau bằng TAB) dòng của đơn vị MÃ rồi các đơn vị trực thuộc cấp xã trở lên\n"
	"có tổ (không có --unit: các đơn vị cấp cao nhất): mã, tên, trạng thái (Đã duyệt, Sẵn\n"
	"sàng duyệt, Đang chờ, Không phải duyệt), tổ đã gửi báo cáo/tổ phải gửi, tổ gửi đúng\n"
	"hạn/tổ phải gửi, hạn gửi (kèm «chưa đến hạn» khi hạn chưa qua), đơn vị dưới đã\n"
	"duyệt/đơn vị dưới phải duyệt, người duyệt, lúc duyệt.\n"
	"--log: nhật ký duyệt và bỏ duyệt của đơn vị MÃ trong tháng: lúc, việc, người, ghi chú.\n",
	run_status,
};
