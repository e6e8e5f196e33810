/* The trainer's workshop in the core: counts under their words, undo of a
 * session's attendance from the change log, members of the whole database
 * found at the door, the teams above the session's unit, guests edited. */
#include <stdlib.h>

#include "cnscd/attendance.h"
#include "cnscd/attendance_undo.h"
#include "cnscd/audit.h"
#include "cnscd/import.h"
#include "cnscd/training.h"
#include "fixture.h"

static long long session(cn_db *db, long long unit, int planned)
{
	cn_error err = {0};
	cn_training t = {.unit_id = unit, .title = "Kỹ năng số cơ bản", .start_date = "06/12/2026", .planned = planned};
	if (cn_training_add(db, &t, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "training: %s", err.msg);
	return t.id;
}

static long long row_of(cn_db *db, long long training, long long member)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT id FROM attendance WHERE training_id = ? AND member_id = ?", -1,
			   &st, NULL);
	sqlite3_bind_int64(st, 1, training);
	sqlite3_bind_int64(st, 2, member);
	long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return id;
}

static int status_of(cn_db *db, long long training, long long member)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT status FROM attendance WHERE training_id = ? AND member_id = ?",
			   -1, &st, NULL);
	sqlite3_bind_int64(st, 1, training);
	sqlite3_bind_int64(st, 2, member);
	int status = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return status;
}

TEST(tally_says_present_invited_planned_in_the_same_words)
{
	cn_db *db = fx_open();
	struct fx_tree tr = fx_bac_lieu(db);
	long long team = fx_team(db, tr.commune);
	long long a = fx_member(db, team, "Nguyễn Văn An", CN_ROLE_LEADER);
	long long b = fx_member(db, team, "Trần Thị Bích", CN_ROLE_MEMBER);
	fx_member(db, team, "Lê Văn Cường", CN_ROLE_MEMBER);
	long long s = session(db, tr.commune, 60);
	cn_error err = {0};
	CHECK_INT(cn_attendance_invite_team(db, s, team, NULL, &err), CN_OK);
	CHECK_INT(cn_attendance_set_member(db, s, a, CN_ATT_PRESENT, NULL, &err), CN_OK);
	CHECK_INT(cn_attendance_set_member(db, s, b, CN_ATT_EXCUSED, NULL, &err), CN_OK);
	CHECK_INT(cn_attendance_add_guest(db, s, "Phạm Khách", NULL, NULL, NULL, CN_ATT_PRESENT, NULL, &err), CN_OK);
	cn_attendance_tally t;
	CHECK_INT(cn_attendance_tally_get(db, s, &t, &err), CN_OK);
	CHECK_INT(t.present, 2);
	CHECK_INT(t.invited, 4);
	CHECK_INT(t.planned, 60);
	CHECK_INT(t.excused, 1);
	CHECK_INT(t.guests, 1);
	char text[CN_TALLY_TEXT_LEN];
	cn_attendance_tally_text(&t, false, text);
	CHECK_STR(text, "Có mặt 2 / Được mời 4 / Dự kiến 60");
	cn_attendance_tally_text(&t, true, text);
	CHECK_STR(text, "Được mời 4 / Dự kiến 60");
	t.planned = 0;
	cn_attendance_tally_text(&t, false, text);
	CHECK_STR(text, "Có mặt 2 / Được mời 4 / Dự kiến –");
	CHECK_INT(cn_attendance_tally_get(db, 999, &t, &err), CN_ENOTFOUND);
	cn_db_close(db);
}

/* The trainer's two wrong check-ins, undone one per call, newest first,
 * from the log: a new connection (check-in left, cnscd closed) goes on
 * where the last stopped; an invitation of a team is one step. */
TEST(undo_steps_back_through_a_sessions_changes_from_the_log)
{
	cn_db *db = fx_open();
	struct fx_tree tr = fx_bac_lieu(db);
	long long team = fx_team(db, tr.commune);
	long long nhung = fx_member(db, team, "Nguyễn Thị Nhung", CN_ROLE_MEMBER);
	long long nam = fx_member(db, team, "Lê Thanh Nam", CN_ROLE_MEMBER);
	long long an = fx_member(db, team, "Nguyễn Văn An", CN_ROLE_LEADER);
	long long s = session(db, tr.commune, 0), other = session(db, tr.commune, 0);
	cn_error err = {0};
	CHECK_INT(cn_attendance_invite_team(db, s, team, NULL, &err), CN_OK);
	CHECK_INT(cn_attendance_invite_team(db, other, team, NULL, &err), CN_OK);
	CHECK_INT(cn_attendance_set_status(db, row_of(db, s, an), CN_ATT_PRESENT, &err), CN_OK);
	CHECK_INT(cn_attendance_set_status(db, row_of(db, s, nhung), CN_ATT_PRESENT, &err), CN_OK);
	CHECK_INT(cn_attendance_set_status(db, row_of(db, s, nam), CN_ATT_ABSENT, &err), CN_OK);
	/* Another session's change, later: not this session's to undo. */
	CHECK_INT(cn_attendance_set_status(db, row_of(db, other, nam), CN_ATT_PRESENT, &err), CN_OK);
	cn_attendance_change c;
	CHECK_INT(cn_attendance_last_change(db, s, &c, &err), 1);
	CHECK_STR(c.name, "Lê Thanh Nam");
	cn_attendance_change_clear(&c);

	CHECK_INT(cn_attendance_undo(db, s, &c, &err), CN_OK);
	CHECK_STR(c.name, "Lê Thanh Nam");
	CHECK_INT(c.action, CN_AUDIT_UPDATE);
	CHECK_INT(c.status_before, CN_ATT_INVITED);
	CHECK_INT(c.count, 1);
	cn_attendance_change_clear(&c);
	CHECK_INT(status_of(db, s, nam), CN_ATT_INVITED);
	CHECK_INT(status_of(db, other, nam), CN_ATT_PRESENT);
	cn_db_close(db);

	db = fx_open();
	CHECK_INT(cn_attendance_undo(db, s, &c, &err), CN_OK);
	CHECK_STR(c.name, "Nguyễn Thị Nhung");
	CHECK_INT(c.status_before, CN_ATT_INVITED);
	cn_attendance_change_clear(&c);
	CHECK_INT(status_of(db, s, nhung), CN_ATT_INVITED);
	CHECK_INT(status_of(db, s, an), CN_ATT_PRESENT);
	CHECK_INT(cn_attendance_undo(db, s, &c, &err), CN_OK);
	CHECK_STR(c.name, "Nguyễn Văn An");
	cn_attendance_change_clear(&c);
	/* Then the invitation of the team, as one step: three rows. */
	CHECK_INT(cn_attendance_undo(db, s, &c, &err), CN_OK);
	CHECK_INT(c.action, CN_AUDIT_INSERT);
	CHECK_INT(c.count, 3);
	cn_attendance_change_clear(&c);
	int invited, present;
	CHECK_INT(cn_attendance_counts(db, s, &invited, &present, &err), CN_OK);
	CHECK_INT(invited, 0);
	CHECK_INT(cn_attendance_undo(db, s, &c, &err), CN_ENOTFOUND);
	CHECK_HAS(err.msg, "Không còn thay đổi điểm danh nào");
	CHECK_INT(cn_attendance_counts(db, other, &invited, &present, &err), CN_OK);
	CHECK_INT(invited, 3);
	CHECK_INT(present, 1);
	/* The general undo goes on with what check-in left: the other session. */
	CHECK_INT(cn_audit_undo_last(db, &err), 1);
	CHECK_INT(status_of(db, other, nam), CN_ATT_INVITED);
	cn_db_close(db);
}

/* A walk-in added by mistake is removed by undo; a guest taken off the
 * list comes back. */
TEST(undo_takes_back_a_walk_in_and_brings_back_a_removed_guest)
{
	cn_db *db = fx_open();
	struct fx_tree tr = fx_bac_lieu(db);
	long long s = session(db, tr.commune, 0);
	cn_error err = {0};
	long long g1, g2;
	CHECK_INT(cn_attendance_add_guest(db, s, "Hoàng Văn Khách", NULL, "UBND xã", NULL, CN_ATT_PRESENT, &g1, &err),
		  CN_OK);
	CHECK_INT(cn_attendance_add_guest(db, s, "Đỗ Thị Nhầm", NULL, NULL, NULL, CN_ATT_PRESENT, &g2, &err), CN_OK);
	CHECK_INT(cn_attendance_remove(db, g1, &err), CN_OK);
	cn_attendance_change c;
	CHECK_INT(cn_attendance_undo(db, s, &c, &err), CN_OK);
	CHECK_INT(c.action, CN_AUDIT_DELETE);
	CHECK_STR(c.name, "Hoàng Văn Khách");
	cn_attendance_change_clear(&c);
	CHECK_INT(cn_attendance_undo(db, s, &c, &err), CN_OK);
	CHECK_INT(c.action, CN_AUDIT_INSERT);
	CHECK_STR(c.name, "Đỗ Thị Nhầm");
	cn_attendance_change_clear(&c);
	int invited, present;
	CHECK_INT(cn_attendance_counts(db, s, &invited, &present, &err), CN_OK);
	CHECK_INT(invited, 1);
	CHECK_INT(present, 1);
	cn_db_close(db);
}

static int keep_candidate(const cn_candidate *c, void *ctx)
{
	cn_buf *b = ctx;
	cn_buf_printf(b, "%s|%s|%s|%s;", c->name, c->team, c->unit, c->commune);
	return 0;
}

TEST(members_of_the_whole_database_found_when_not_on_the_list)
{
	cn_db *db = fx_open();
	struct fx_tree tr = fx_bac_lieu(db);
	long long other = fx_unit(db, "31936", "Xã Vĩnh Mỹ B", "Xã", tr.district);
	long long village = fx_unit(db, "3193601", "Ấp 1", "Ấp", other);
	long long own = fx_team(db, tr.commune), far = fx_team(db, village);
	fx_member(db, own, "Nguyễn Thị Hoa", CN_ROLE_MEMBER);
	long long hoa_b = fx_member(db, far, "Nguyễn Thị Hoa Lan", CN_ROLE_MEMBER);
	long long left = fx_member(db, far, "Nguyễn Thị Hoa Cũ", CN_ROLE_MEMBER);
	cn_error err = {0};
	CHECK_INT(cn_member_leave(db, left, "", &err), CN_OK);
	long long s = session(db, tr.commune, 0);
	CHECK_INT(cn_attendance_invite_team(db, s, own, NULL, &err), CN_OK);
	cn_buf b = {0};
	CHECK_INT(cn_attendance_candidates(db, s, "nguyen thi hoa", 20, keep_candidate, &b, &err), 1);
	CHECK_STR(cn_buf_str(&b), "Nguyễn Thị Hoa Lan|Tổ CNSCĐ Ấp 1|Ấp 1|Xã Vĩnh Mỹ B;");
	/* Checked in as a member: her training counts, and she is on the list. */
	CHECK_INT(cn_attendance_set_member(db, s, hoa_b, CN_ATT_PRESENT, NULL, &err), CN_OK);
	cn_buf_clear(&b);
	CHECK_INT(cn_attendance_candidates(db, s, "hoa lan", 20, keep_candidate, &b, &err), 0);
	CHECK_INT(cn_attendance_candidates(db, s, "", 20, keep_candidate, &b, &err), 0);
	cn_buf_free(&b);
	cn_db_close(db);
}

static int keep_team(long long id, const char *team, const char *unit, void *ctx)
{
	(void)id;
	cn_buf_printf(ctx, "%s (%s);", team, unit);
	return 0;
}

/* A commune's session invites the district's team too, not the teams of
 * the district's other communes. */
TEST(invitation_reaches_the_teams_above_the_sessions_unit)
{
	cn_db *db = fx_open();
	struct fx_tree tr = fx_bac_lieu(db);
	long long other = fx_unit(db, "31936", "Xã Vĩnh Mỹ B", "Xã", tr.district);
	long long village = fx_unit(db, "3193301", "Ấp Vĩnh Mẫu", "Ấp", tr.commune);
	long long district_team = fx_team(db, tr.district), village_team = fx_team(db, village);
	long long other_team = fx_team(db, other);
	fx_member(db, district_team, "Trương Văn Huyện", CN_ROLE_LEADER);
	fx_member(db, village_team, "Võ Thị Ấp", CN_ROLE_LEADER);
	fx_member(db, other_team, "Lý Văn Khác", CN_ROLE_LEADER);
	long long s = session(db, tr.commune, 0);
	cn_error err = {0};
	cn_buf b = {0};
	CHECK_INT(cn_training_teams(db, tr.commune, keep_team, &b, &err), CN_OK);
	CHECK_STR(cn_buf_str(&b), "Tổ CNSCĐ Huyện Hoà Bình (Huyện Hoà Bình);Tổ CNSCĐ Ấp Vĩnh Mẫu (Ấp Vĩnh Mẫu);");
	cn_buf_free(&b);
	int added = 0;
	CHECK_INT(cn_attendance_invite_unit(db, s, tr.commune, false, &added, &err), CN_OK);
	CHECK_INT(added, 2);
	cn_db_close(db);
}

/* A guest typed in a hurry is put right later; the next import finds the
 * guest by the corrected name and phone rather than adding another. */
TEST(guest_edited_later_keeps_one_row_and_a_hint_for_missing_marks)
{
	cn_db *db = fx_open();
	struct fx_tree tr = fx_bac_lieu(db);
	long long s = session(db, tr.commune, 0);
	cn_error err = {0};
	long long g;
	CHECK_INT(cn_attendance_add_guest(db, s, "tran van binh", NULL, NULL, NULL, CN_ATT_PRESENT, &g, &err), CN_OK);
	CHECK(cn_name_lacks_marks("tran van binh"));
	CHECK(cn_name_lacks_marks("Tran Van Binh"));
	CHECK(!cn_name_lacks_marks("Trần Văn Bình"));
	CHECK(!cn_name_lacks_marks("Lan"));
	CHECK(!cn_name_lacks_marks("Đinh Lan"));
	CHECK_INT(cn_attendance_update_guest(db, g, "Trần Văn Bình", "Trưởng thôn", "Ấp 2", "0909 123 456", &err), CN_OK);
	CHECK_INT(cn_attendance_update_guest(db, g, "Trần Văn Bình", NULL, NULL, "12", &err), CN_EINVAL);
	CHECK_INT(cn_attendance_update_guest(db, 999, "X", NULL, NULL, NULL, &err), CN_ENOTFOUND);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT guest_name, guest_position, guest_unit, guest_phone, search_key "
			   "FROM attendance WHERE id = ?", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, g);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "Trần Văn Bình");
	CHECK_STR((const char *)sqlite3_column_text(st, 1), "Trưởng thôn");
	CHECK_STR((const char *)sqlite3_column_text(st, 2), "Ấp 2");
	CHECK_STR((const char *)sqlite3_column_text(st, 3), "0909123456");
	CHECK_STR((const char *)sqlite3_column_text(st, 4), "tran van binh 0909123456");
	sqlite3_finalize(st);
	/* The next import finds the guest by the corrected name and phone. */
	cn_import_result res;
	/* Undone from check-in: the guest as typed, said as such. */
	cn_attendance_change c;
	CHECK_INT(cn_attendance_undo(db, s, &c, &err), CN_OK);
	CHECK_INT(c.action, CN_AUDIT_UPDATE);
	CHECK_INT(c.status_before, -1);
	CHECK_STR(c.name, "tran van binh");
	cn_attendance_change_clear(&c);
	CHECK_INT(cn_attendance_update_guest(db, g, "Trần Văn Bình", "Trưởng thôn", "Ấp 2", "0909123456", &err), CN_OK);
	CHECK_INT(cn_import_attendance(db, s, t_write_file("a.csv", "Họ và tên,Điện thoại,Trạng thái\n"
							   "TRẦN VĂN BÌNH,0909.123.456,Vắng có phép\n"),
				       NULL, &res, &err), CN_OK);
	CHECK_INT(res.added, 0);
	cn_import_result_clear(&res);
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT count(*), max(status) FROM attendance WHERE training_id = ?", -1,
			   &st, NULL);
	sqlite3_bind_int64(st, 1, s);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(st, 0), 1);
	CHECK_INT(sqlite3_column_int(st, 1), CN_ATT_EXCUSED);
	sqlite3_finalize(st);
	cn_db_close(db);
}
