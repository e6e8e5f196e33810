#include <stdlib.h>

#include "cnscd/attendance.h"
#include "cnscd/training.h"
#include "fixture.h"

static long long add_session(cn_db *db, long long unit, const char *title, const char *date, const char *topics)
{
	cn_error err = {0};
	cn_training t = {.unit_id = unit, .title = (char *)title, .start_date = (char *)date,
			 .topics = (char *)topics, .planned = 60};
	if (cn_training_add(db, &t, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "training: %s", err.msg);
	return t.id;
}

TEST(training_validates_and_keeps_topics)
{
	cn_db *db = fx_open();
	struct fx_tree tr = fx_bac_lieu(db);
	cn_error err = {0};
	cn_training bad = {.unit_id = tr.district, .title = "Lớp 1", .start_date = "05/12/2026",
			   .end_date = "04/12/2026"};
	CHECK_INT(cn_training_add(db, &bad, &err), CN_EINVAL);
	CHECK_STR(err.field, "end_date");
	bad.end_date = NULL;
	bad.start_date = "31/11/2026";
	CHECK_INT(cn_training_add(db, &bad, &err), CN_EINVAL);
	CHECK_STR(err.field, "start_date");
	CHECK_HAS(err.msg, "Ngày bắt đầu");
	long long id = add_session(db, tr.district, "Tập huấn kỹ năng số", "05/12/2026",
				   "dinh danh dien tu vneid; Chủ đề mới của xã");
	cn_training t;
	CHECK_INT(cn_training_get(db, id, &t, &err), CN_OK);
	CHECK_STR(t.start_date, "2026-12-05");
	CHECK_STR(t.topics, "Định danh điện tử VNeID; Chủ đề mới của xã");
	CHECK_INT(t.format, CN_FORMAT_IN_PERSON);
	cn_training_clear(&t);
	int format;
	CHECK_INT(cn_parse_training_format("truc tuyen", &format, &err), CN_OK);
	CHECK_INT(format, CN_FORMAT_ONLINE);
	CHECK_INT(cn_parse_training_format("qua thư", &format, &err), CN_EINVAL);
	/* Sessions are in the change log like every other record. */
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT count(*) FROM audit WHERE tbl = 'training' AND action = 'insert'",
			   -1, &st, NULL);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	cn_db_close(db);
}

TEST(invite_team_then_check_in_and_count)
{
	cn_db *db = fx_open();
	struct fx_tree tr = fx_bac_lieu(db);
	long long team = fx_team(db, tr.commune);
	long long a = fx_member(db, team, "Nguyễn Văn An", CN_ROLE_LEADER);
	fx_member(db, team, "Trần Thị Bích", CN_ROLE_DEPUTY);
	long long gone = fx_member(db, team, "Lê Văn Cũ", CN_ROLE_MEMBER);
	cn_error err = {0};
	cn_member_leave(db, gone, "", &err);
	long long s = add_session(db, tr.district, "Lớp 1", "01/12/2026", "");
	int added = 0;
	CHECK_INT(cn_attendance_invite_team(db, s, team, &added, &err), CN_OK);
	CHECK_INT(added, 2);
	CHECK_INT(cn_attendance_invite_team(db, s, team, &added, &err), CN_OK);
	CHECK_INT(added, 0);
	long long att;
	CHECK_INT(cn_attendance_set_member(db, s, a, CN_ATT_PRESENT, &att, &err), CN_OK);
	long long guest;
	CHECK_INT(cn_attendance_add_guest(db, s, "Phạm Khách", "Cán bộ văn hóa", "UBND xã", "0988111222",
					  CN_ATT_PRESENT, &guest, &err), CN_OK);
	CHECK_INT(cn_attendance_add_guest(db, s, "Sai Số", NULL, NULL, "12", CN_ATT_PRESENT, &guest, &err),
		  CN_EINVAL);
	int invited, present;
	CHECK_INT(cn_attendance_counts(db, s, &invited, &present, &err), CN_OK);
	CHECK_INT(invited, 3);
	CHECK_INT(present, 2);
	/* Undo of a check-in: back to invited. */
	CHECK_INT(cn_attendance_set_status(db, att, CN_ATT_INVITED, &err), CN_OK);
	cn_attendance_counts(db, s, &invited, &present, &err);
	CHECK_INT(present, 1);
	cn_db_close(db);
}

struct names {
	int n;
	char first[128];
};

static int collect(const cn_attendee *a, void *ctx)
{
	struct names *n = ctx;
	if (n->n++ == 0)
		snprintf(n->first, sizeof n->first, "%s", a->name);
	return 0;
}

static int find(cn_db *db, long long s, const char *q, struct names *out)
{
	cn_error err = {0};
	memset(out, 0, sizeof *out);
	return cn_attendance_find(db, s, q, 0, 10, collect, out, &err);
}

TEST(check_in_list_narrows_by_name_without_marks_or_phone_digits)
{
	cn_db *db = fx_open();
	struct fx_tree tr = fx_bac_lieu(db);
	long long team = fx_team(db, tr.commune);
	cn_error err = {0};
	cn_member m = {.team_id = team, .full_name = cn_strdup("Đặng Thị Hường"), .phone = cn_strdup("0912345678")};
	CHECK_INT(cn_member_add(db, &m, &err), CN_OK);
	cn_member_clear(&m);
	fx_member(db, team, "Hoàng Văn Đức", CN_ROLE_MEMBER);
	fx_member(db, team, "Hoàng Thị Hoa", CN_ROLE_MEMBER);
	long long s = add_session(db, tr.commune, "Lớp", "01/12/2026", "");
	cn_attendance_invite_team(db, s, team, NULL, &err);
	struct names n;
	CHECK_INT(find(db, s, "", &n), 3);
	CHECK_INT(find(db, s, "hoang", &n), 2);
	CHECK_INT(find(db, s, "hoang d", &n), 1);
	CHECK_STR(n.first, "Hoàng Văn Đức");
	CHECK_INT(find(db, s, "huong", &n), 1);
	CHECK_INT(find(db, s, "5678", &n), 1);
	CHECK_STR(n.first, "Đặng Thị Hường");
	CHECK_INT(find(db, s, "oang", &n), 0); /* words match from their start */
	cn_db_close(db);
}

static int count_rows(const cn_training_row *row, void *ctx)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

static int count_history(const cn_training_row *row, int status, void *ctx)
{
	CHECK_INT(status, CN_ATT_PRESENT);
	return count_rows(row, ctx);
}

TEST(sessions_listed_under_unit_subtree_newest_first_and_untrained_invited)
{
	cn_db *db = fx_open();
	struct fx_tree tr = fx_bac_lieu(db);
	long long other = fx_unit(db, "96", "Tỉnh Cà Mau", "Tỉnh", 0);
	long long team = fx_team(db, tr.commune);
	long long a = fx_member(db, team, "A", CN_ROLE_MEMBER);
	fx_member(db, team, "B", CN_ROLE_MEMBER);
	long long s1 = add_session(db, tr.commune, "Cũ", "01/01/2026", "");
	add_session(db, tr.district, "Mới", "01/11/2026", "");
	add_session(db, other, "Nơi khác", "01/10/2026", "");
	cn_error err = {0};
	cn_attendance_set_member(db, s1, a, CN_ATT_PRESENT, NULL, &err);
	int n = 0;
	CHECK_INT(cn_training_list(db, tr.district, count_rows, &n, &err), CN_OK);
	CHECK_INT(n, 2);
	n = 0;
	cn_training_list(db, 0, count_rows, &n, &err);
	CHECK_INT(n, 3);
	long long s3 = add_session(db, tr.province, "Cho người chưa học", "02/11/2026", "");
	int added = 0;
	CHECK_INT(cn_attendance_invite_unit(db, s3, tr.province, true, &added, &err), CN_OK);
	CHECK_INT(added, 1);
	n = 0;
	CHECK_INT(cn_member_trainings(db, a, count_history, &n, &err), CN_OK);
	CHECK_INT(n, 1);
	cn_db_close(db);
}

TEST(a_class_checked_in_at_once_is_all_or_nothing)
{
	cn_db *db = fx_open();
	struct fx_tree tr = fx_bac_lieu(db);
	long long team = fx_team(db, tr.commune);
	for (int i = 0; i < 4; i++)
		fx_member(db, team, i ? "Thành viên" : "Tổ trưởng", i ? CN_ROLE_MEMBER : CN_ROLE_LEADER);
	cn_error err = {0};
	long long s = add_session(db, tr.district, "Lớp 1", "01/12/2026", "");
	CHECK_INT(cn_attendance_invite_team(db, s, team, NULL, &err), CN_OK);
	long long ids[4];
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT id FROM attendance WHERE training_id = ? ORDER BY id", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, s);
	for (int i = 0; i < 4 && sqlite3_step(st) == SQLITE_ROW; i++)
		ids[i] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	int invited, present;
	/* One of them gone: nobody is checked in. */
	long long with_gone[] = {ids[0], ids[1], ids[3] + 100};
	CHECK_INT(cn_attendance_set_status_many(db, with_gone, 3, CN_ATT_PRESENT, &err), CN_ENOTFOUND);
	cn_attendance_counts(db, s, &invited, &present, &err);
	CHECK_INT(present, 0);
	CHECK_INT(cn_attendance_set_status_many(db, ids, 3, 9, &err), CN_EINVAL);
	CHECK_INT(cn_attendance_set_status_many(db, ids, 3, CN_ATT_PRESENT, &err), CN_OK);
	cn_attendance_counts(db, s, &invited, &present, &err);
	CHECK_INT(invited, 4);
	CHECK_INT(present, 3);
	/* As one by one: the time of the check-in, an audit entry each. */
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT count(*) FILTER (WHERE checked_in_at IS NOT NULL), (SELECT count(*) "
				"FROM audit WHERE tbl = 'attendance' AND action = 'update') FROM attendance", -1, &st, NULL);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(st, 0), 3);
	CHECK_INT(sqlite3_column_int(st, 1), 3);
	sqlite3_finalize(st);
	CHECK_INT(cn_attendance_set_status_many(db, ids, 0, CN_ATT_PRESENT, &err), CN_OK);
	cn_db_close(db);
}
