/* People who change teams, one record per person, leaders handing over,
 * what goes with an erased row (issue 14). */
#include <stdlib.h>
#include <string.h>

#include "../../src/core/import_bulk_internal.h"
#include "cnscd/attendance.h"
#include "cnscd/audit.h"
#include "cnscd/bundle.h"
#include "cnscd/import.h"
#include "cnscd/results.h"
#include "cnscd/stats.h"
#include "cnscd/store.h"
#include "cnscd/training.h"
#include "fixture.h"

/* Tỉnh Bạc Liêu > Huyện Hoà Bình > Xã Vĩnh Mỹ A > Ấp 1, Ấp 2, one team each. */
struct two_teams {
	struct fx_tree t;
	long long village1, village2, team1, team2;
};

static struct two_teams two_teams(cn_db *db)
{
	struct two_teams w;
	w.t = fx_bac_lieu(db);
	w.village1 = fx_unit(db, "", "Ấp 1", "Ấp", w.t.commune);
	w.village2 = fx_unit(db, "", "Ấp 2", "Ấp", w.t.commune);
	w.team1 = fx_team(db, w.village1);
	w.team2 = fx_team(db, w.village2);
	return w;
}

static long long add(cn_db *db, long long team, const char *name, int role, const char *idnum, const char *joined)
{
	cn_error err = {0};
	cn_member m = {.team_id = team, .full_name = cn_strdup(name), .role = role,
		       .id_number = idnum ? cn_strdup(idnum) : NULL, .joined = joined ? cn_strdup(joined) : NULL};
	if (cn_member_add(db, &m, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "member %s: %s", name, err.msg);
	long long id = m.id;
	cn_member_clear(&m);
	return id;
}

static long long members_as_of(cn_db *db, long long unit, const char *date)
{
	cn_stats s;
	cn_error err = {0};
	if (cn_stats_by_level_as_of(db, unit, date, &s, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "stats: %s", err.msg);
	return s.total.members;
}

static long long count(cn_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The text of the first column of SQL's first row ("" when none), into OUT. */
static void text_of(cn_db *db, const char *sql, char out[64])
{
	sqlite3_stmt *st;
	out[0] = '\0';
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, 64, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static int keep_text(const cn_member_transfer *t, void *ctx)
{
	*(char **)ctx = cn_member_transfer_text(t);
	return 0;
}

TEST(a_transfer_keeps_the_record_and_dates_place_the_person)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	long long binh = add(db, w.team1, "Trần Thị Bình", CN_ROLE_DEPUTY, "095085000123", "15/03/2024");
	add(db, w.team1, "Lê Văn Cường", CN_ROLE_MEMBER, NULL, "15/03/2024");
	cn_error err = {0};
	CHECK_INT(cn_member_move(db, binh, w.team2, "01/03/2025", 0, &err), CN_OK);

	cn_member m = {0};
	CHECK_INT(cn_member_get(db, binh, &m, &err), CN_OK);
	CHECK_INT(m.team_id, w.team2);
	CHECK_INT(m.role, CN_ROLE_MEMBER); /* a deputy there is a member here */
	CHECK_STR(m.joined, "2024-03-15");  /* still the day she joined the programme */
	cn_member_clear(&m);

	/* Before the day in the old team, from the day in the new one; the
	 * commune counts her once either way. */
	CHECK_INT(members_as_of(db, w.village1, "28/02/2025"), 2);
	CHECK_INT(members_as_of(db, w.village2, "28/02/2025"), 0);
	CHECK_INT(members_as_of(db, w.village1, "01/03/2025"), 1);
	CHECK_INT(members_as_of(db, w.village2, "01/03/2025"), 1);
	CHECK_INT(members_as_of(db, w.t.commune, "28/02/2025"), 2);
	CHECK_INT(members_as_of(db, w.t.commune, "01/03/2025"), 2);
	cn_stats now;
	CHECK_INT(cn_stats_by_level(db, w.village2, &now, &err), CN_OK);
	CHECK_INT(now.total.members, 1);

	char *text = NULL;
	CHECK_INT(cn_member_transfers(db, binh, keep_text, &text, &err), 1);
	CHECK_STR(text, "Chuyển từ Tổ CNSCĐ Ấp 1, Xã Vĩnh Mỹ A sang Tổ CNSCĐ Ấp 2, Xã Vĩnh Mỹ A ngày 01/03/2025");
	free(text);
	cn_db_close(db);
}

TEST(two_transfers_place_the_person_in_each_team_in_turn)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	long long village3 = fx_unit(db, "", "Ấp 3", "Ấp", w.t.commune);
	long long team3 = fx_team(db, village3);
	long long an = add(db, w.team1, "Nguyễn Văn An", CN_ROLE_MEMBER, NULL, "01/01/2024");
	cn_error err = {0};
	CHECK_INT(cn_member_move(db, an, w.team2, "01/06/2024", 0, &err), CN_OK);
	CHECK_INT(cn_member_move(db, an, team3, "01/06/2025", 0, &err), CN_OK);
	CHECK_INT(members_as_of(db, w.village1, "31/05/2024"), 1);
	CHECK_INT(members_as_of(db, w.village2, "31/05/2024"), 0);
	CHECK_INT(members_as_of(db, w.village2, "01/01/2025"), 1);
	CHECK_INT(members_as_of(db, w.village1, "01/01/2025"), 0);
	CHECK_INT(members_as_of(db, village3, "01/01/2025"), 0);
	CHECK_INT(members_as_of(db, village3, "01/06/2025"), 1);
	CHECK_INT(members_as_of(db, w.village2, "01/06/2025"), 0);
	CHECK_INT(members_as_of(db, w.t.commune, "31/12/2023"), 0); /* not yet joined */
	cn_db_close(db);
}

TEST(transfers_that_cannot_be_are_refused_with_the_reason)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	long long an = add(db, w.team1, "Nguyễn Văn An", CN_ROLE_MEMBER, NULL, "01/03/2025");
	add(db, w.team2, "Đặng Văn Đức", CN_ROLE_LEADER, NULL, NULL);
	cn_error err = {0};
	CHECK_INT(cn_member_move(db, an, w.team1, "", 0, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "đã ở tổ này");
	CHECK_INT(cn_member_move(db, an, w.team2, "01/01/2099", 0, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "còn ở phía trước");
	CHECK_INT(cn_member_move(db, an, w.team2, "01/02/2025", 0, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "phải từ ngày vào tổ");
	CHECK_INT(cn_member_move(db, an, w.team2, "01/04/2025", CN_ROLE_LEADER, &err), CN_EEXIST);
	CHECK_HAS(err.msg, "đã có tổ trưởng là Đặng Văn Đức");
	CHECK_INT(cn_member_move(db, an, w.team2, "01/04/2025", 0, &err), CN_OK);
	CHECK_INT(cn_member_move(db, an, w.team1, "01/04/2025", 0, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "ngày chuyển mới phải sau ngày đó");
	/* A dissolved team, someone who left. */
	cn_team t = {0};
	CHECK_INT(cn_team_get(db, w.team1, &t, &err), CN_OK);
	free(t.dissolved);
	t.dissolved = cn_strdup("01/05/2025");
	CHECK_INT(cn_team_update(db, &t, &err), CN_OK);
	cn_team_clear(&t);
	CHECK_INT(cn_member_move(db, an, w.team1, "", 0, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "đã giải thể ngày 01/05/2025");
	CHECK_INT(cn_member_leave(db, an, "01/06/2025", &err), CN_OK);
	long long team3 = fx_team(db, w.t.commune);
	CHECK_INT(cn_member_move(db, an, team3, "", 0, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "đã rời tổ ngày 01/06/2025");
	CHECK_INT(count(db, "SELECT count(*) FROM member_move"), 1);
	cn_db_close(db);
}

TEST(a_transfer_is_one_change_in_the_log_and_undone_whole)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	long long binh = add(db, w.team1, "Trần Thị Bình", CN_ROLE_MEMBER, NULL, NULL);
	cn_error err = {0};
	CHECK_INT(cn_member_move(db, binh, w.team2, "01/03/2025", 0, &err), CN_OK);
	char *preview = cn_audit_undo_preview(db);
	CHECK_HAS(preview, "Chuyển thành viên «Trần Thị Bình» từ Tổ CNSCĐ Ấp 1, Xã Vĩnh Mỹ A sang Tổ CNSCĐ Ấp 2");
	CHECK_HAS(preview, "ngày 01/03/2025");
	free(preview);
	CHECK_INT(count(db, "SELECT members FROM unit_tally WHERE unit_id = (SELECT unit_id FROM team WHERE id = 2)"),
		  1);
	CHECK_INT(cn_audit_undo_last(db, &err), 2);
	cn_member m = {0};
	CHECK_INT(cn_member_get(db, binh, &m, &err), CN_OK);
	CHECK_INT(m.team_id, w.team1);
	cn_member_clear(&m);
	CHECK_INT(count(db, "SELECT count(*) FROM member_move"), 0);
	CHECK_INT(count(db, "SELECT members FROM unit_tally WHERE unit_id = (SELECT unit_id FROM team WHERE id = 1)"),
		  1);
	CHECK_INT(count(db, "SELECT members FROM unit_tally WHERE unit_id = (SELECT unit_id FROM team WHERE id = 2)"),
		  0);
	cn_db_close(db);
}

struct history {
	cn_db *db;
	cn_buf text;
};

static int keep_line(const cn_audit_entry *e, void *ctx)
{
	struct history *h = ctx;
	char *what = cn_audit_describe(h->db, e);
	cn_buf_printf(&h->text, "%s\n", what);
	free(what);
	return 0;
}

TEST(a_members_history_tells_the_transfer)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	long long binh = add(db, w.team1, "Trần Thị Bình", CN_ROLE_MEMBER, NULL, NULL);
	cn_error err = {0};
	CHECK_INT(cn_member_move(db, binh, w.team2, "01/03/2025", 0, &err), CN_OK);
	struct history h = {db, {0}};
	CHECK(cn_audit_history(db, "member", binh, keep_line, &h, &err) >= 3);
	CHECK_HAS(cn_buf_str(&h.text), "Chuyển thành viên «Trần Thị Bình» từ Tổ CNSCĐ Ấp 1, Xã Vĩnh Mỹ A sang Tổ "
				       "CNSCĐ Ấp 2, Xã Vĩnh Mỹ A ngày 01/03/2025");
	CHECK_HAS(cn_buf_str(&h.text), "Thêm thành viên «Trần Thị Bình»");
	cn_buf_free(&h.text);
	cn_db_close(db);
}

TEST(a_cccd_is_one_person_unless_a_second_membership_is_said)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	add(db, w.team1, "Trần Thị Bình", CN_ROLE_MEMBER, "095085000123", NULL);
	cn_error err = {0};
	cn_member m = {.team_id = w.team2, .full_name = cn_strdup("Trần Thị Bình"),
		       .id_number = cn_strdup("095085000123")};
	CHECK_INT(cn_member_add(db, &m, &err), CN_EEXIST);
	CHECK_STR(err.field, "id_number");
	CHECK_HAS(err.msg, "Số CCCD 095085000123 đã là của Trần Thị Bình (Tổ CNSCĐ Ấp 1, Xã Vĩnh Mỹ A)");
	CHECK_INT(m.id, 0);
	m.second_membership = true;
	CHECK_INT(cn_member_add(db, &m, &err), CN_OK);
	long long second = m.id;
	cn_member_clear(&m);
	CHECK_INT(count(db, "SELECT count(*) FROM member WHERE id_number = '095085000123'"), 2);
	/* Editing the second membership keeps it: its CCCD did not change. */
	CHECK_INT(cn_member_get(db, second, &m, &err), CN_OK);
	free(m.note);
	m.note = cn_strdup("Kiêm nhiệm");
	CHECK_INT(cn_member_update(db, &m, &err), CN_OK);
	cn_member_clear(&m);
	/* In the same team, never. */
	cn_member same = {.team_id = w.team1, .full_name = cn_strdup("Bình"), .id_number = cn_strdup("095085000123")};
	CHECK_INT(cn_member_add(db, &same, &err), CN_EEXIST);
	CHECK_HAS(err.msg, "cũng trong tổ này");
	cn_member_clear(&same);
	/* A CCCD typed into an existing record is checked too; someone who
	 * left may carry it (the same person, earlier). */
	long long cuong = add(db, w.team2, "Lê Văn Cường", CN_ROLE_MEMBER, NULL, NULL);
	CHECK_INT(cn_member_get(db, cuong, &m, &err), CN_OK);
	m.id_number = cn_strdup("095085000123");
	CHECK_INT(cn_member_update(db, &m, &err), CN_EEXIST);
	free(m.left_on);
	m.left_on = cn_strdup("01/01/2025");
	CHECK_INT(cn_member_update(db, &m, &err), CN_OK);
	cn_member_clear(&m);
	long long ids[4];
	CHECK_INT(cn_member_find(db, "095085000123", NULL, NULL, ids, 4, &err), 2);
	cn_db_close(db);
}

TEST(members_are_found_by_cccd_or_by_phone_and_name)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	cn_error err = {0};
	cn_member m = {.team_id = w.team1, .full_name = cn_strdup("Phạm Thị Dung"), .phone = cn_strdup("0911222333")};
	CHECK_INT(cn_member_add(db, &m, &err), CN_OK);
	long long id = m.id, found = 0;
	cn_member_clear(&m);
	CHECK_INT(cn_member_find(db, NULL, "0911 222 333", "pham thi dung", &found, 1, &err), 1);
	CHECK_INT(found, id);
	CHECK_INT(cn_member_find(db, NULL, "0911222333", "Phạm Thị Hoa", &found, 1, &err), 0);
	CHECK_INT(cn_member_find(db, NULL, "0911222333", NULL, &found, 1, &err), CN_EINVAL);
	cn_db_close(db);
}

TEST(a_new_leader_hands_over_in_one_step)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	long long an = add(db, w.team1, "Nguyễn Văn An", CN_ROLE_LEADER, NULL, NULL);
	long long binh = add(db, w.team1, "Trần Thị Bình", CN_ROLE_MEMBER, NULL, NULL);
	cn_error err = {0};
	cn_member m = {0};
	CHECK_INT(cn_member_get(db, binh, &m, &err), CN_OK);
	m.role = CN_ROLE_LEADER;
	CHECK_INT(cn_member_update(db, &m, &err), CN_EEXIST);
	CHECK_STR(err.field, "role");
	CHECK_HAS(err.msg, "Nguyễn Văn An");
	m.former_leader_role = CN_ROLE_DEPUTY;
	CHECK_INT(cn_member_update(db, &m, &err), CN_OK);
	cn_member_clear(&m);
	CHECK_INT(count(db, "SELECT role FROM member WHERE id = 1"), CN_ROLE_DEPUTY);
	CHECK_INT(count(db, "SELECT role FROM member WHERE id = 2"), CN_ROLE_LEADER);
	/* One change: undo gives the lead back. */
	CHECK_INT(cn_audit_undo_last(db, &err), 2);
	CHECK_INT(count(db, "SELECT role FROM member WHERE id = 1"), CN_ROLE_LEADER);
	CHECK_INT(count(db, "SELECT role FROM member WHERE id = 2"), CN_ROLE_MEMBER);
	/* A new member as leader, the old one becoming a member. */
	cn_member c = {.team_id = w.team1, .full_name = cn_strdup("Lê Văn Cường"), .role = CN_ROLE_LEADER,
		       .former_leader_role = CN_ROLE_MEMBER};
	CHECK_INT(cn_member_add(db, &c, &err), CN_OK);
	cn_member_clear(&c);
	CHECK_INT(count(db, "SELECT role FROM member WHERE id = 1"), CN_ROLE_MEMBER);
	(void)an;
	cn_db_close(db);
}

TEST(what_goes_with_an_erased_member_or_team_is_counted)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	long long an = add(db, w.team1, "Nguyễn Văn An", CN_ROLE_LEADER, NULL, NULL);
	add(db, w.team1, "Trần Thị Bình", CN_ROLE_MEMBER, NULL, NULL);
	fx_report(db, w.team1, "2026-10", 5, 1, false);
	cn_error err = {0};
	cn_dependents d;
	CHECK_INT(cn_team_dependents(db, w.team1, &d, &err), CN_OK);
	char *text = cn_dependents_text(&d);
	CHECK_STR(text, "2 thành viên, 1 báo cáo tháng (2 số liệu)");
	free(text);
	CHECK_INT(cn_member_dependents(db, an, &d, &err), CN_OK);
	text = cn_dependents_text(&d);
	CHECK_STR(text, "");
	free(text);
	cn_db_close(db);
}

static long long named_team(cn_db *db, long long unit, const char *name)
{
	cn_error err = {0};
	cn_team t = {.unit_id = unit, .name = (char *)name};
	if (cn_team_add(db, &t, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "team %s: %s", name, err.msg);
	return t.id;
}

static long long teams_as_of(cn_db *db, long long unit, const char *date)
{
	cn_stats s;
	cn_error err = {0};
	if (cn_stats_by_level_as_of(db, unit, date, &s, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "stats: %s", err.msg);
	return s.total.teams;
}

TEST(two_teams_of_a_unit_merge_into_one_keeping_everything)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long a = named_team(db, t.commune, "Tổ CNSCĐ Xã Vĩnh Mỹ A");
	long long b = named_team(db, t.commune, "Tổ CNSCĐ Thị trấn cũ");
	long long an = add(db, a, "Nguyễn Văn An", CN_ROLE_LEADER, NULL, "01/01/2025");
	add(db, a, "Trần Thị Bình", CN_ROLE_MEMBER, NULL, "01/01/2025");
	long long cuong = add(db, b, "Lê Văn Cường", CN_ROLE_LEADER, NULL, "01/01/2025");
	add(db, b, "Phạm Thị Dung", CN_ROLE_MEMBER, NULL, "01/01/2025");
	fx_report(db, a, "2026-09", 5, 1, true);
	fx_report(db, a, "2026-10", 3, 0, true);
	fx_report(db, b, "2026-10", 4, 2, true);
	long long vneid = cn_indicator_id_by_code(db, "VNEID_MUC2");
	cn_error err = {0};
	cn_team_merge_result res;
	/* Not into itself, not across units. */
	CHECK_INT(cn_team_merge(db, a, a, "01/11/2026", 0, &res, &err), CN_EINVAL);
	free(res.months);
	long long other = fx_team(db, t.district);
	CHECK_INT(cn_team_merge(db, a, other, "01/11/2026", 0, &res, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "cùng một đơn vị");
	free(res.months);

	CHECK_INT(cn_team_merge(db, a, b, "01/11/2026", an, &res, &err), CN_OK);
	CHECK_INT(res.members, 2);
	CHECK_INT(res.reports_moved, 1);
	CHECK_INT(res.months_added, 1);
	CHECK_STR(res.months, "2026-10");
	CHECK_INT(res.leader, an);
	free(res.months);

	CHECK_INT(count(db, "SELECT count(*) FROM member WHERE team_id = 2 AND left_on IS NULL"), 4);
	CHECK_INT(count(db, "SELECT role FROM member WHERE full_name = 'Nguyễn Văn An'"), CN_ROLE_LEADER);
	CHECK_INT(count(db, "SELECT role FROM member WHERE full_name = 'Lê Văn Cường'"), CN_ROLE_DEPUTY);
	CHECK_INT(count(db, "SELECT dissolved = '2026-11-01' FROM team WHERE id = 1"), 1);
	CHECK_INT(count(db, "SELECT count(*) FROM report WHERE team_id = 1"), 0);
	long long oct = 0;
	CHECK_INT(cn_month_report_open(db, b, "2026-10", false, &oct, NULL, &err), CN_OK);
	CHECK_INT(cn_result_get(db, oct, vneid, 0), 7); /* 3 + 4 */
	long long sep = 0;
	CHECK_INT(cn_month_report_open(db, b, "2026-09", false, &sep, NULL, &err), CN_OK);
	CHECK_INT(cn_result_get(db, sep, vneid, 0), 5);
	/* The day before, two teams and their members where they were. */
	CHECK_INT(teams_as_of(db, t.commune, "31/10/2026"), 2);
	CHECK_INT(members_as_of(db, t.commune, "31/10/2026"), 4);
	CHECK_INT(teams_as_of(db, t.commune, "01/11/2026"), 1);
	CHECK_INT(members_as_of(db, t.commune, "01/11/2026"), 4);

	/* In the log in words, on the team kept and the one merged. */
	struct history h = {db, {0}};
	CHECK(cn_audit_history(db, "team", b, keep_line, &h, &err) > 0);
	CHECK_HAS(cn_buf_str(&h.text), "Gộp Tổ CNSCĐ Xã Vĩnh Mỹ A, Huyện Hoà Bình vào Tổ CNSCĐ Thị trấn cũ, Xã Vĩnh Mỹ A "
				       "ngày 01/11/2026: 2 thành viên, 1 báo cáo tháng chuyển sang; cộng số liệu tháng 10/2026");
	cn_buf_free(&h.text);
	char *preview = cn_audit_undo_preview(db);
	CHECK_HAS(preview, "Gộp Tổ CNSCĐ Xã Vĩnh Mỹ A");
	free(preview);

	/* Undone whole. */
	CHECK(cn_audit_undo_last(db, &err) > 0);
	CHECK_INT(count(db, "SELECT count(*) FROM member WHERE team_id = 1 AND left_on IS NULL"), 2);
	CHECK_INT(count(db, "SELECT dissolved IS NULL FROM team WHERE id = 1"), 1);
	CHECK_INT(count(db, "SELECT role FROM member WHERE full_name = 'Lê Văn Cường'"), CN_ROLE_LEADER);
	CHECK_INT(cn_result_get(db, oct, vneid, 0), 4);
	long long a_oct = 0;
	CHECK_INT(cn_month_report_open(db, a, "2026-10", false, &a_oct, NULL, &err), CN_OK);
	CHECK_INT(cn_result_get(db, a_oct, vneid, 0), 3);
	CHECK_INT(count(db, "SELECT count(*) FROM report WHERE team_id = 1"), 2);
	CHECK_INT(count(db, "SELECT count(*) FROM member_move"), 0);
	CHECK_INT(count(db, "SELECT count(*) FROM team_merge"), 0);
	(void)cuong;
	cn_db_close(db);
}

TEST(an_erased_team_comes_back_whole_with_undo)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	long long an = add(db, w.team1, "Nguyễn Văn An", CN_ROLE_LEADER, NULL, NULL);
	add(db, w.team1, "Trần Thị Bình", CN_ROLE_MEMBER, NULL, NULL);
	fx_report(db, w.team1, "2026-10", 5, 1, true);
	cn_error err = {0};
	cn_training tr = {.unit_id = w.t.commune, .title = "Kỹ năng số", .start_date = "01/10/2026"};
	CHECK_INT(cn_training_add(db, &tr, &err), CN_OK);
	CHECK_INT(cn_attendance_set_member(db, tr.id, an, CN_ATT_PRESENT, NULL, &err), CN_OK);
	const char *what = "SELECT (SELECT count(*) FROM member) || ' ' || (SELECT count(*) FROM report) || ' ' || "
			   "(SELECT count(*) FROM result) || ' ' || (SELECT count(*) FROM attendance) || ' ' || "
			   "(SELECT members FROM unit_tally WHERE unit_id = 4)";
	char before[64], after[64];
	text_of(db, what, before);
	CHECK_STR(before, "2 1 2 1 2");
	CHECK_INT(cn_team_delete(db, w.team1, &err), CN_OK);
	CHECK_INT(count(db, "SELECT count(*) FROM attendance"), 0);
	CHECK(cn_audit_undo_last(db, &err) > 0);
	text_of(db, what, after);
	CHECK_STR(after, before);
	cn_db_close(db);
}

static int keep_pair(const cn_duplicate *d, void *ctx)
{
	cn_buf *b = ctx;
	cn_buf_printf(b, "%lld-%lld %s\n", d->a, d->b, d->reason);
	return 0;
}

static long long add_full(cn_db *db, long long team, const char *name, int born, const char *phone,
			  const char *idnum)
{
	cn_error err = {0};
	cn_member m = {.team_id = team, .full_name = cn_strdup(name), .birth_year = born,
		       .phone = phone ? cn_strdup(phone) : NULL, .id_number = idnum ? cn_strdup(idnum) : NULL};
	if (cn_member_add(db, &m, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "member %s: %s", name, err.msg);
	long long id = m.id;
	cn_member_clear(&m);
	return id;
}

TEST(possible_duplicates_are_same_name_and_year_or_phone_without_a_cccd)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	long long a1 = add_full(db, w.team1, "Nguyễn Văn An", 1980, NULL, NULL);
	long long a2 = add_full(db, w.team2, "Nguyen Van An", 1980, NULL, "095080000001");
	long long b1 = add_full(db, w.team1, "Trần Thị Bình", 0, "0912345678", NULL);
	long long b2 = add_full(db, w.team1, "TRẦN THỊ BÌNH", 1990, "0912 345 678", NULL);
	add_full(db, w.team1, "Lê Văn Cường", 1975, NULL, "095075000001");
	add_full(db, w.team2, "Lê Văn Cường", 1975, NULL, "095075000002"); /* two CCCDs: two people */
	add_full(db, w.team2, "Phạm Thị Dung", 1985, NULL, NULL);
	add_full(db, w.team2, "Phạm Thị Dung", 1986, NULL, NULL);           /* another year */
	cn_buf b = {0};
	cn_error err = {0};
	CHECK_INT(cn_member_duplicates(db, w.t.commune, keep_pair, &b, &err), 2);
	char *want = cn_sprintf("%lld-%lld cùng họ tên và năm sinh\n%lld-%lld cùng họ tên và số điện thoại\n", a1, a2,
				b1, b2);
	CHECK_STR(cn_buf_str(&b), want);
	free(want);
	cn_buf_clear(&b);
	/* Only within the unit asked for. */
	CHECK_INT(cn_member_duplicates(db, w.village1, keep_pair, &b, &err), 1);
	cn_buf_free(&b);
	cn_db_close(db);
}

TEST(two_records_of_one_person_merge_keeping_both_histories)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	long long keep = add_full(db, w.team1, "Trần Thị Bình", 0, "0912345678", NULL);
	long long other = add_full(db, w.team2, "Tran Thi Binh", 1990, "0912345678", "095090000123");
	cn_error err = {0};
	cn_training tr = {.unit_id = w.t.commune, .title = "Kỹ năng số", .start_date = "01/10/2026"};
	CHECK_INT(cn_training_add(db, &tr, &err), CN_OK);
	CHECK_INT(cn_attendance_set_member(db, tr.id, other, CN_ATT_PRESENT, NULL, &err), CN_OK);
	CHECK_INT(cn_attendance_set_member(db, tr.id, keep, CN_ATT_INVITED, NULL, &err), CN_OK);
	cn_training tr2 = {.unit_id = w.t.commune, .title = "VNeID", .start_date = "02/10/2026"};
	CHECK_INT(cn_training_add(db, &tr2, &err), CN_OK);
	CHECK_INT(cn_attendance_set_member(db, tr2.id, other, CN_ATT_PRESENT, NULL, &err), CN_OK);
	/* An edit of the other record: its history must stay reachable. */
	cn_member o = {0};
	CHECK_INT(cn_member_get(db, other, &o, &err), CN_OK);
	free(o.position);
	o.position = cn_strdup("Hội Phụ nữ");
	CHECK_INT(cn_member_update(db, &o, &err), CN_OK);
	cn_member_clear(&o);

	CHECK_INT(cn_member_merge(db, keep, other, &err), CN_OK);
	cn_member m = {0};
	CHECK_INT(cn_member_get(db, keep, &m, &err), CN_OK);
	CHECK_INT(m.team_id, w.team1);
	CHECK_INT(m.birth_year, 1990);
	CHECK_STR(m.id_number, "095090000123");
	CHECK_STR(m.position, "Hội Phụ nữ");
	cn_member_clear(&m);
	CHECK_INT(cn_member_get(db, other, &m, &err), CN_ENOTFOUND);
	CHECK_INT(count(db, "SELECT count(*) FROM attendance WHERE member_id = 1 AND status = 1"), 2);
	CHECK_INT(count(db, "SELECT count(*) FROM attendance"), 2);

	struct history h = {db, {0}};
	CHECK(cn_audit_history(db, "member", keep, keep_line, &h, &err) > 0);
	CHECK_HAS(cn_buf_str(&h.text), "Gộp hồ sơ «Tran Thi Binh» (Tổ CNSCĐ Ấp 2, Xã Vĩnh Mỹ A) vào hồ sơ «Trần Thị Bình»");
	CHECK_HAS(cn_buf_str(&h.text), "Sửa thành viên «Tran Thi Binh»: chức vụ (trống) → Hội Phụ nữ");
	CHECK_HAS(cn_buf_str(&h.text), "Thêm thành viên «Tran Thi Binh»");
	cn_buf_free(&h.text);

	/* Undone whole: two records, each with its attendance. */
	CHECK(cn_audit_undo_last(db, &err) > 0);
	CHECK_INT(count(db, "SELECT count(*) FROM member"), 2);
	CHECK_INT(count(db, "SELECT count(*) FROM attendance WHERE member_id = 2"), 2);
	CHECK_INT(count(db, "SELECT status FROM attendance WHERE member_id = 1"), CN_ATT_INVITED);
	CHECK_INT(count(db, "SELECT count(*) FROM member_merge"), 0);
	CHECK_INT(count(db, "SELECT id_number IS NULL FROM member WHERE id = 1"), 1);

	/* Two CCCDs are two people. */
	long long c = add_full(db, w.team2, "Trần Thị Bình", 0, NULL, "095090000999");
	CHECK_INT(cn_member_merge(db, other, c, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "hai số CCCD khác nhau");
	cn_db_close(db);
}

/* The commune's database sends its subtree to the district's. */
static void send_commune(cn_db *from, cn_db *to, const char *file)
{
	cn_error err = {0};
	struct cn_bundle_export_result ex;
	struct cn_bundle_import_result im;
	if (cn_bundle_export(from, cn_unit_id_by_code(from, "31933"), NULL, t_path(file), "test", &ex, &err) != CN_OK ||
	    cn_bundle_import(to, t_path(file), &im, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "bundle %s: %s", file, err.msg);
	CHECK_INT(im.conflicts, 0);
}

static long long count_in(cn_db *db, const char *sql) { return count(db, sql); }

static char *qs_of(cn_db *db, const char *sql)
{
	sqlite3_stmt *st;
	char *v = NULL;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = cn_col_dup(st, 0);
	sqlite3_finalize(st);
	return v;
}

TEST(bundles_carry_a_transfer_and_a_merge)
{
	cn_db *c = fx_open();
	cn_error err = {0};
	cn_db *d = cn_store_open(t_path("district.db"), CN_DB_CREATE, &err);
	CHECK(d != NULL);
	struct fx_tree dt = fx_bac_lieu(d);
	fx_member(d, fx_team(d, dt.district), "Cán bộ huyện", 1); /* other ids there */
	CHECK_INT(cn_setting_set(d, "office_unit", "961", &err), CN_OK); /* whose bundles it takes */
	struct two_teams w = two_teams(c);
	long long extra = named_team(c, w.village1, "Tổ CNSCĐ Ấp 1 (cũ)");
	long long binh = add(c, w.team1, "Trần Thị Bình", CN_ROLE_MEMBER, "095085000123", "01/01/2024");
	add(c, w.team1, "Nguyễn Văn An", CN_ROLE_LEADER, NULL, "01/01/2024");
	add(c, extra, "Lê Văn Cường", CN_ROLE_LEADER, NULL, "01/01/2024");
	fx_report(c, extra, "2026-09", 4, 1, true);
	send_commune(c, d, "first.cnscd");
	CHECK_INT(count_in(d, "SELECT count(*) FROM member"), 4);

	CHECK_INT(cn_member_move(c, binh, w.team2, "01/03/2025", 0, &err), CN_OK);
	cn_team_merge_result res;
	CHECK_INT(cn_team_merge(c, extra, w.team1, "01/10/2026", 0, &res, &err), CN_OK);
	free(res.months);
	send_commune(c, d, "second.cnscd");

	/* At the district: the same people where the commune has them, the
	 * transfer and the merge recorded with the district's own ids. */
	CHECK_INT(count_in(d, "SELECT count(*) FROM member"), 4);
	char *team = qs_of(d, "SELECT t.name FROM member m JOIN team t ON t.id = m.team_id "
			      "WHERE m.id_number = '095085000123'");
	CHECK_STR(team, "Tổ CNSCĐ Ấp 2");
	free(team);
	CHECK_INT(count_in(d, "SELECT count(*) FROM member_move mv JOIN member m ON m.id = mv.member_id "
			      "JOIN team f ON f.id = mv.from_team_id JOIN team t ON t.id = mv.to_team_id "
			      "WHERE m.id_number = '095085000123' AND f.name = 'Tổ CNSCĐ Ấp 1' AND t.name = 'Tổ CNSCĐ Ấp 2' "
			      "AND mv.moved_on = '2025-03-01'"), 1);
	CHECK_INT(count_in(d, "SELECT count(*) FROM team_merge g JOIN team f ON f.id = g.team_id "
			      "JOIN team i ON i.id = g.into_team_id WHERE f.name = 'Tổ CNSCĐ Ấp 1 (cũ)' "
			      "AND i.name = 'Tổ CNSCĐ Ấp 1' AND f.dissolved = '2026-10-01'"), 1);
	CHECK_INT(count_in(d, "SELECT count(*) FROM member m JOIN team t ON t.id = m.team_id "
			      "WHERE m.full_name = 'Lê Văn Cường' AND t.name = 'Tổ CNSCĐ Ấp 1' AND m.role = 2"), 1);
	CHECK_INT(count_in(d, "SELECT count(*) FROM report p JOIN team t ON t.id = p.team_id "
			      "WHERE t.name = 'Tổ CNSCĐ Ấp 1' AND p.period = '2026-09'"), 1);
	/* Figures as of a day there see what the commune sees. */
	long long commune = cn_unit_id_by_code(d, "31933");
	CHECK_INT(members_as_of(d, commune, "28/02/2025"), members_as_of(c, w.t.commune, "28/02/2025"));
	cn_stats sd, sc;
	CHECK_INT(cn_stats_by_level_as_of(d, commune, "30/09/2026", &sd, &err), CN_OK);
	CHECK_INT(cn_stats_by_level_as_of(c, w.t.commune, "30/09/2026", &sc, &err), CN_OK);
	CHECK_INT(sd.total.teams, sc.total.teams);
	CHECK_INT(sd.total.teams, 3);
	CHECK_INT(cn_stats_by_level_as_of(d, commune, "01/10/2026", &sd, &err), CN_OK);
	CHECK_INT(sd.total.teams, 2);

	/* Two records of one person made one travel too. */
	long long keep = add_full(c, w.team2, "Phạm Thị Dung", 1985, NULL, NULL);
	long long other = add_full(c, w.team1, "Pham Thi Dung", 1985, "0911222333", NULL);
	send_commune(c, d, "third.cnscd");
	CHECK_INT(count_in(d, "SELECT count(*) FROM member WHERE birth_year = 1985"), 2);
	CHECK_INT(cn_member_merge(c, keep, other, &err), CN_OK);
	send_commune(c, d, "fourth.cnscd");
	CHECK_INT(count_in(d, "SELECT count(*) FROM member WHERE birth_year = 1985"), 1);
	CHECK_INT(count_in(d, "SELECT count(*) FROM member_merge g JOIN member m ON m.id = g.member_id "
			      "WHERE m.phone = '0911222333' AND g.merged_name = 'Pham Thi Dung'"), 1);
	cn_db_close(d);
	cn_db_close(c);
}

/* cccd_repeat is what a direct count says. */
static void check_repeat_tally(cn_db *db)
{
	CHECK_INT(count(db, "SELECT count(*) FROM cccd_repeat"),
		  count(db, "SELECT count(*) FROM (SELECT id_number FROM member WHERE id_number IS NOT NULL "
			    "AND left_on IS NULL GROUP BY id_number HAVING count(*) > 1)"));
}

TEST(figures_say_how_many_people_the_memberships_are)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	add(db, w.team1, "Nguyễn Văn An", CN_ROLE_LEADER, "095085000111", NULL);
	add(db, w.team1, "Trần Thị Bình", CN_ROLE_MEMBER, NULL, NULL);
	cn_error err = {0};
	char *sentence = cn_stats_people_sentence(db, w.t.commune, 2);
	CHECK(sentence == NULL); /* every membership a different person */
	check_repeat_tally(db);
	cn_member m = {.team_id = w.team2, .full_name = cn_strdup("Nguyễn Văn An"), .id_number = cn_strdup("095085000111"),
		       .second_membership = true};
	CHECK_INT(cn_member_add(db, &m, &err), CN_OK);
	long long second = m.id;
	cn_member_clear(&m);
	check_repeat_tally(db);
	long long repeated, people;
	CHECK_INT(cn_stats_repeated_people(db, w.t.commune, &repeated, &people, &err), CN_OK);
	CHECK_INT(repeated, 2);
	CHECK_INT(people, 1);
	sentence = cn_stats_people_sentence(db, w.t.commune, 3);
	CHECK_STR(sentence, "Số thành viên tính theo lượt tham gia tổ; số người khác nhau là 2 (1 người là thành viên "
			    "của nhiều tổ, cùng số CCCD, chiếm 2 lượt)");
	free(sentence);
	/* One village alone holds each membership once. */
	CHECK_INT(cn_stats_repeated_people(db, w.village1, &repeated, &people, &err), CN_OK);
	CHECK_INT(repeated, 0);
	/* The tally follows leaving, undo, erasing, a CCCD changed. */
	CHECK_INT(cn_member_leave(db, second, "01/01/2026", &err), CN_OK);
	check_repeat_tally(db);
	CHECK_INT(count(db, "SELECT count(*) FROM cccd_repeat"), 0);
	CHECK(cn_audit_undo_last(db, &err) > 0);
	check_repeat_tally(db);
	CHECK_INT(count(db, "SELECT count(*) FROM cccd_repeat"), 1);
	CHECK_INT(cn_member_get(db, second, &m, &err), CN_OK);
	free(m.id_number);
	m.id_number = cn_strdup("095085000222");
	CHECK_INT(cn_member_update(db, &m, &err), CN_OK);
	cn_member_clear(&m);
	check_repeat_tally(db);
	CHECK_INT(count(db, "SELECT count(*) FROM cccd_repeat"), 0);
	CHECK(cn_audit_undo_last(db, &err) > 0);
	CHECK_INT(cn_member_delete(db, second, &err), CN_OK);
	check_repeat_tally(db);
	CHECK_INT(count(db, "SELECT count(*) FROM cccd_repeat"), 0);
	cn_db_close(db);
}

TEST(an_imported_row_with_an_active_members_cccd_is_that_person)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	long long binh = add(db, w.team1, "Trần Thị Bình", CN_ROLE_MEMBER, "095085000123", "01/01/2024");
	const char *file = t_write_file("move.csv", "unit_code,full_name,id_number,role\n31933.02,Tran Thi Binh,095085000123,Tổ phó\n");
	CHECK_INT(count(db, "SELECT count(*) FROM unit WHERE code = '31933.02'"), 1);
	cn_import_result res = {0};
	cn_error err = {0};
	cn_import_options opt = {0};
	CHECK_INT(cn_import_members(db, file, &opt, &res, &err), CN_OK);
	CHECK_INT(res.moved, 1);
	CHECK_INT(res.added, 0);
	CHECK_INT(res.nnotes, 1);
	CHECK_HAS(res.notes[0], "Trần Thị Bình (CCCD 095085000123) chuyển từ Tổ CNSCĐ Ấp 1, Xã Vĩnh Mỹ A sang Tổ CNSCĐ Ấp 2");
	cn_import_result_clear(&res);
	cn_member m = {0};
	CHECK_INT(cn_member_get(db, binh, &m, &err), CN_OK);
	CHECK_INT(m.team_id, w.team2);
	CHECK_INT(m.role, CN_ROLE_DEPUTY);
	CHECK_STR(m.full_name, "Trần Thị Bình"); /* the name without marks says nothing new */
	cn_member_clear(&m);
	/* Again: nothing. */
	CHECK_INT(cn_import_members(db, file, &opt, &res, &err), CN_OK);
	CHECK_INT(res.moved, 0);
	CHECK_INT(res.unchanged, 1);
	cn_import_result_clear(&res);
	/* Kept in both teams when asked. */
	file = t_write_file("both.csv", "unit_code,full_name,id_number\n31933.01,Trần Thị Bình,095085000123\n");
	opt.keep_both = true;
	CHECK_INT(cn_import_members(db, file, &opt, &res, &err), CN_OK);
	CHECK_INT(res.added, 1);
	CHECK_INT(res.moved, 0);
	cn_import_result_clear(&res);
	CHECK_INT(count(db, "SELECT count(*) FROM member WHERE id_number = '095085000123' AND left_on IS NULL"), 2);
	check_repeat_tally(db);
	cn_db_close(db);
}

/* Imports TEXT as members; the status, RES cleared. */
static int import_text(cn_db *db, const char *name, const char *text, bool keep_both, cn_import_result *res)
{
	cn_error err = {0};
	cn_import_options opt = {.keep_both = keep_both};
	*res = (cn_import_result){0};
	return cn_import_members(db, t_write_file(name, text), &opt, res, &err);
}

static int count_transfer(const cn_member_transfer *t, void *ctx)
{
	(void)t;
	(*(int *)ctx)++;
	return 0;
}

/* The identity rules of an import, with the bulk writes (the member
 * table's triggers off, their work done set-based) and row by row (the
 * triggers on): the same outcome. */
static void identity_by_cccd_in_an_import(bool bulk)
{
	cn_bulk_allow(bulk);
	cn_error err = {0};
	cn_db *db = cn_store_open(t_path(bulk ? "bulk.db" : "rows.db"), CN_DB_CREATE, &err);
	CHECK(db != NULL);
	struct two_teams w = two_teams(db);
	long long binh = add(db, w.team1, "Trần Thị Bình", CN_ROLE_MEMBER, "095085000123", "01/01/2024");
	add(db, w.team1, "Lê Văn Cường", CN_ROLE_MEMBER, NULL, "01/01/2024");
	cn_import_result res;
	const char *move = "unit_code,full_name,id_number\n31933.02,Trần Thị Bình,095085000123\n"
			   "31933.02,Phạm Văn Mới,095085000200\n";
	CHECK_INT(import_text(db, "move.csv", move, false, &res), CN_OK);
	CHECK_INT(res.moved, 1);
	CHECK_INT(res.added, 1);
	cn_import_result_clear(&res);
	CHECK_INT(count(db, "SELECT count(*) FROM member WHERE left_on IS NULL"), 3); /* moved, not added */
	CHECK_INT(count(db, "SELECT team_id FROM member WHERE id_number = '095085000123'"), w.team2);
	int transfers = 0;
	CHECK(cn_member_transfers(db, binh, count_transfer, &transfers, &err) >= 0);
	CHECK_INT(transfers, 1);
	CHECK_INT(import_text(db, "move.csv", move, false, &res), CN_OK); /* again: nothing */
	CHECK_INT(res.moved + res.added + res.updated, 0);
	cn_import_result_clear(&res);

	/* One person on two new rows of two teams: the file must say so. */
	const char *twice = "unit_code,full_name,id_number\n31933.01,Võ Thị Hai,095085000300\n"
			    "31933.02,Võ Thị Hai,095085000300\n";
	CHECK(import_text(db, "twice.csv", twice, false, &res) != CN_OK);
	CHECK(res.nproblems > 0 && strstr(res.problems[0].message, "Cùng số CCCD với dòng 2, ở tổ khác"));
	cn_import_result_clear(&res);
	CHECK_INT(count(db, "SELECT count(*) FROM member WHERE id_number = '095085000300'"), 0);
	CHECK_INT(import_text(db, "twice.csv", twice, true, &res), CN_OK);
	CHECK_INT(res.added, 2);
	cn_import_result_clear(&res);
	/* A second membership of someone already in a team, kept. */
	CHECK_INT(import_text(db, "both.csv", "unit_code,full_name,id_number\n31933.01,Trần Thị Bình,095085000123\n",
			      true, &res), CN_OK);
	CHECK_INT(res.added, 1);
	cn_import_result_clear(&res);
	CHECK_INT(count(db, "SELECT count(*) FROM cccd_repeat"), 2);
	check_repeat_tally(db);

	/* Held by two active members: which one moves is not guessed (into a
	 * team the import would make). */
	CHECK(import_text(db, "which.csv", "unit_code,full_name,id_number\n31933,Trần Thị Bình,095085000123\n",
			  false, &res) != CN_OK);
	CHECK(res.nproblems > 0 && strstr(res.problems[0].message, "là của 2 thành viên đang hoạt động"));
	cn_import_result_clear(&res);
	/* A member of the team by name, given someone else's CCCD: two records of one person. */
	CHECK(import_text(db, "other.csv", "unit_code,full_name,id_number\n31933.01,Lê Văn Cường,095085000200\n",
			  false, &res) != CN_OK);
	CHECK(res.nproblems > 0 && strstr(res.problems[0].message, "hãy gộp hai hồ sơ"));
	cn_import_result_clear(&res);
	/* Someone's CCCD under another name: a mistake, not a move. */
	CHECK(import_text(db, "typo.csv", "unit_code,full_name,id_number\n31933.01,Đỗ Văn Khác,095085000200\n",
			  false, &res) != CN_OK);
	CHECK(res.nproblems > 0 && strstr(res.problems[0].message, "không phải Đỗ Văn Khác"));
	cn_import_result_clear(&res);
	CHECK_INT(count(db, "SELECT count(*) FROM member WHERE left_on IS NULL"), 6);
	char ok[64];
	text_of(db, "PRAGMA integrity_check", ok);
	CHECK_STR(ok, "ok");
	cn_db_close(db);
	cn_bulk_allow(true);
}

TEST(an_import_keeps_one_person_one_record_in_bulk_and_row_by_row)
{
	identity_by_cccd_in_an_import(true);
	identity_by_cccd_in_an_import(false);
}

TEST(the_cccd_triggers_leave_the_members_import_in_bulk)
{
	cn_db *db = fx_open();
	cn_error err = {0};
	cn_bulk b;
	CHECK_INT(cn_bulk_begin(db, "member", &b, &err), CN_OK);
	CHECK(b.triggers_off); /* every trigger of the table has its set-based stand-in */
	CHECK_INT(cn_bulk_end(&b, true, &err), CN_OK);
	cn_db_close(db);
}

TEST(an_erased_session_comes_back_whole_with_undo)
{
	cn_db *db = fx_open();
	struct two_teams w = two_teams(db);
	long long an = add(db, w.team1, "Nguyễn Văn An", CN_ROLE_LEADER, NULL, NULL);
	add(db, w.team1, "Trần Thị Bình", CN_ROLE_MEMBER, NULL, NULL);
	cn_error err = {0};
	cn_training tr = {.unit_id = w.t.commune, .title = "Kỹ năng số", .start_date = "01/10/2026",
			  .topics = "Định danh điện tử VNeID;Kỹ năng số cơ bản"};
	CHECK_INT(cn_training_add(db, &tr, &err), CN_OK);
	int added = 0;
	CHECK_INT(cn_attendance_invite_team(db, tr.id, w.team1, &added, &err), CN_OK);
	CHECK_INT(cn_attendance_set_member(db, tr.id, an, CN_ATT_PRESENT, NULL, &err), CN_OK);
	long long guest = 0;
	CHECK_INT(cn_attendance_add_guest(db, tr.id, "Lê Thị Khách", "Cán bộ xã", NULL, NULL, CN_ATT_PRESENT, &guest,
					  &err), CN_OK);
	const char *what = "SELECT (SELECT count(*) FROM training) || ' ' || (SELECT count(*) FROM training_topic) || ' ' "
			   "|| (SELECT count(*) FROM attendance) || ' ' || (SELECT count(*) FROM attendance WHERE status = 1)";
	char before[64], after[64];
	text_of(db, what, before);
	CHECK_STR(before, "1 2 3 2");
	char *text = cn_training_delete_what(db, tr.id, &err);
	CHECK_STR(text, "danh sách 3 người (2 có mặt, 1 khách mời), 2 chủ đề");
	free(text);
	CHECK_INT(cn_training_delete(db, tr.id, &err), CN_OK);
	CHECK_INT(count(db, "SELECT count(*) FROM attendance"), 0);
	CHECK(cn_audit_undo_last(db, &err) > 0);
	text_of(db, what, after);
	CHECK_STR(after, before);
	cn_db_close(db);
}

static char *topics_of(cn_db *db, long long training)
{
	cn_training t = {0};
	cn_error err = {0};
	if (cn_training_get(db, training, &t, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "training: %s", err.msg);
	char *topics = cn_strdup(t.topics ? t.topics : "");
	cn_training_clear(&t);
	return topics;
}

TEST(an_edit_of_a_sessions_topics_is_undone_and_logs_only_what_changed)
{
	cn_db *db = fx_open();
	struct fx_tree w = fx_bac_lieu(db);
	cn_error err = {0};
	cn_training tr = {.unit_id = w.commune, .title = "Kỹ năng số", .start_date = "01/10/2026",
			  .topics = "Định danh điện tử VNeID;Kỹ năng số cơ bản"};
	CHECK_INT(cn_training_add(db, &tr, &err), CN_OK);
	long long logged = count(db, "SELECT count(*) FROM audit WHERE tbl = 'training_topic'");
	CHECK_INT(logged, 2);
	cn_training t = {0};
	CHECK_INT(cn_training_get(db, tr.id, &t, &err), CN_OK);
	free(t.topics);
	t.topics = cn_strdup("Kỹ năng số cơ bản;Thương mại điện tử");
	CHECK_INT(cn_training_update(db, &t, &err), CN_OK);
	cn_training_clear(&t);
	/* One topic out, one in: two lines, the one kept untouched. */
	CHECK_INT(count(db, "SELECT count(*) FROM audit WHERE tbl = 'training_topic'"), logged + 2);
	char *now = topics_of(db, tr.id);
	CHECK(strstr(now, "Thương mại điện tử") && !strstr(now, "VNeID"));
	free(now);
	CHECK(cn_audit_undo_last(db, &err) > 0);
	now = topics_of(db, tr.id);
	CHECK(strstr(now, "VNeID") && strstr(now, "Kỹ năng số cơ bản") && !strstr(now, "Thương mại"));
	free(now);
	cn_db_close(db);
}
