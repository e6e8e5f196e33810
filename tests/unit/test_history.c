/* The change log in words a person reads, for the commonest acts: figures
 * typed, a month sent and reopened, a month approved and withdrawn, a
 * participant checked in. Never an internal id, a raw ISO stamp or a
 * column name. */
#include <stdlib.h>

#include "cnscd/approval.h"
#include "cnscd/attendance.h"
#include "cnscd/audit.h"
#include "cnscd/today.h"
#include "cnscd/training.h"
#include "fixture.h"

struct log {
	cn_db *db;
	int n;
	char *lines[64];
};

static int keep(const cn_audit_entry *e, void *ctx)
{
	struct log *l = ctx;
	if (l->n < 64)
		l->lines[l->n++] = cn_audit_describe(l->db, e);
	return 0;
}

/* The whole log newest first; the lines owned by L. */
static void read_log(cn_db *db, struct log *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->lines[i]);
	*l = (struct log){.db = db};
	cn_error err = {0};
	if (cn_audit_list(db, NULL, 0, keep, l, &err) < 0)
		t_fail(__FILE__, __LINE__, "log: %s", err.msg);
}

static bool has_line(const struct log *l, const char *want)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->lines[i], want) == 0)
			return true;
	return false;
}

static const char *find_line(const struct log *l, const char *start)
{
	for (int i = 0; i < l->n; i++)
		if (strncmp(l->lines[i], start, strlen(start)) == 0)
			return l->lines[i];
	return NULL;
}

#define CHECK_LINE(l, want) \
	do { if (!has_line(l, want)) t_fail(__FILE__, __LINE__, "no line \"%s\"", want); } while (0)

/* No line shows an id, an ISO stamp, an internal month or a column name. */
static void check_readable(const struct log *l)
{
	static const char *const never[] = {"#", "T0", "T1", "T2", "Z", "2026-", "status", "value", "report_id",
					    "submitted_", "indicator_id", "member_id", "period"};
	for (int i = 0; i < l->n; i++)
		for (size_t k = 0; k < sizeof never / sizeof *never; k++)
			if (strstr(l->lines[i], never[k]))
				t_fail(__FILE__, __LINE__, "\"%s\" shows \"%s\"", l->lines[i], never[k]);
}

TEST(history_tells_figures_reports_approvals_and_attendance_in_words)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long village = fx_unit(db, "", "Ấp 3", "Ấp", t.commune);
	long long team = fx_team(db, village);
	long long lap = fx_member(db, team, "Lê Văn Lập", CN_ROLE_MEMBER);
	cn_error err = {0};
	long long guided = cn_indicator_id_by_code(db, "HO_HUONG_DAN");
	setenv(CN_TODAY_ENV, "06/12/2026", 1);

	long long r = 0;
	CHECK_INT(cn_month_report_open(db, team, "2026-11", true, &r, NULL, &err), CN_OK);
	CHECK_INT(cn_result_set(db, r, guided, 0, 10, &err), CN_OK);
	CHECK_INT(cn_result_set(db, r, guided, 0, 12, &err), CN_OK);
	long long people = cn_indicator_id_by_code(db, "NGUOI_HUONG_DAN");
	CHECK_INT(cn_result_set(db, r, people, lap, 4, &err), CN_OK);
	CHECK_INT(cn_month_report_submit(db, r, "Lê Thị Lập", &err), CN_OK);
	CHECK_INT(cn_month_report_reopen(db, r, "Trần Văn Bình", "sai số hộ", &err), CN_OK);
	CHECK_INT(cn_result_set(db, r, people, lap, -1, &err), CN_OK);
	CHECK_INT(cn_month_report_submit(db, r, "Lê Thị Lập", &err), CN_OK);
	CHECK_INT(cn_approval_approve(db, t.commune, "2026-11", "Nguyễn Văn Ký", &err), CN_OK);
	CHECK_INT(cn_approval_unapprove(db, t.commune, "2026-11", "Nguyễn Văn Ký", "xã xin sửa", &err), CN_OK);

	cn_training tr = {.unit_id = t.commune, .title = "Tập huấn nền tảng số", .start_date = "05/12/2026"};
	CHECK_INT(cn_training_add(db, &tr, &err), CN_OK);
	CHECK_INT(cn_attendance_invite_team(db, tr.id, team, NULL, &err), CN_OK);
	long long att = 0;
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT id FROM attendance", -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		att = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	CHECK_INT(cn_attendance_set_status(db, att, CN_ATT_PRESENT, &err), CN_OK);
	CHECK_INT(cn_attendance_set_status(db, att, CN_ATT_ABSENT, &err), CN_OK);

	struct log l = {0};
	read_log(db, &l);

	const char *where = "Tổ CNSCĐ Ấp 3 (Xã Vĩnh Mỹ A), tháng 11/2026";
	char want[512];
	CHECK_LINE(&l, "Tạo báo cáo tháng 11/2026 của Tổ CNSCĐ Ấp 3 (Xã Vĩnh Mỹ A) (nháp)");
	snprintf(want, sizeof want, "Thêm số liệu: %s, Hộ gia đình được hướng dẫn: 10", where);
	CHECK_LINE(&l, want);
	snprintf(want, sizeof want, "Sửa số liệu: %s, Hộ gia đình được hướng dẫn: 10 → 12", where);
	CHECK_LINE(&l, want);
	snprintf(want, sizeof want, "Thêm số liệu: %s, Người dân được hướng dẫn kỹ năng số, Lê Văn Lập: 4", where);
	CHECK_LINE(&l, want);
	snprintf(want, sizeof want, "Xóa số liệu: %s, Người dân được hướng dẫn kỹ năng số, Lê Văn Lập: 4", where);
	CHECK_LINE(&l, want);
	const char *sent = find_line(&l, "Gửi báo cáo tháng 11/2026 của Tổ CNSCĐ Ấp 3 (Xã Vĩnh Mỹ A) — Lê Thị Lập, 06/12/2026 ");
	CHECK(sent != NULL);
	CHECK(sent && strlen(sent) == strlen("Gửi báo cáo tháng 11/2026 của Tổ CNSCĐ Ấp 3 (Xã Vĩnh Mỹ A) — Lê Thị Lập, "
					     "06/12/2026 23:23"));
	CHECK(find_line(&l, "Mở lại báo cáo tháng 11/2026 của Tổ CNSCĐ Ấp 3 (Xã Vĩnh Mỹ A) — Trần Văn Bình, 06/12/2026 ") != NULL);
	CHECK_HAS(find_line(&l, "Mở lại báo cáo"), "(lý do: sai số hộ)");
	CHECK(find_line(&l, "Duyệt kết quả tháng 11/2026 của Xã Vĩnh Mỹ A — Nguyễn Văn Ký, 06/12/2026 ") != NULL);
	CHECK(find_line(&l, "Bỏ duyệt kết quả tháng 11/2026 của Xã Vĩnh Mỹ A — Nguyễn Văn Ký, 06/12/2026 ") != NULL);
	CHECK_HAS(find_line(&l, "Bỏ duyệt kết quả"), "(lý do: xã xin sửa)");
	CHECK_LINE(&l, "Thêm người dự lớp «Tập huấn nền tảng số» (05/12/2026), Lê Văn Lập (Được mời)");
	CHECK_LINE(&l, "Điểm danh lớp «Tập huấn nền tảng số» (05/12/2026), Lê Văn Lập: Được mời → Có mặt");
	CHECK_LINE(&l, "Điểm danh lớp «Tập huấn nền tảng số» (05/12/2026), Lê Văn Lập: Có mặt → Vắng");
	check_readable(&l);

	/* The team deleted since: the figures' lines say so, without ids. */
	CHECK_INT(cn_db_exec(db, "DELETE FROM approval_log; DELETE FROM approval; DELETE FROM attendance; "
				 "DELETE FROM member; DELETE FROM report; DELETE FROM team", &err), CN_OK);
	read_log(db, &l);
	CHECK_LINE(&l, "Sửa số liệu: báo cáo tháng đã xóa, Hộ gia đình được hướng dẫn: 10 → 12");
	CHECK(find_line(&l, "Xóa báo cáo tháng 11/2026 của một tổ đã xóa") != NULL);
	check_readable(&l);
	for (int i = 0; i < l.n; i++)
		free(l.lines[i]);
	cn_db_close(db);
}
