#include <stdlib.h>
#include <unistd.h>

#include "fixture.h"

TEST(units_get_levels_paths_and_type_prefix)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	cn_error err = {0};
	cn_unit u = {.name = "Tân Lập", .type = "Ấp", .parent_id = t.commune};
	CHECK_INT(cn_unit_add(db, &u, &err), CN_OK);
	cn_unit got;
	CHECK_INT(cn_unit_get(db, u.id, &got, &err), CN_OK);
	CHECK_STR(got.name, "Ấp Tân Lập");
	CHECK_STR(got.code, "31933.01");
	CHECK_INT(got.level, CN_LEVEL_VILLAGE);
	cn_unit_clear(&got);
	cn_unit_get(db, t.district, &got, &err);
	CHECK_INT(got.level, CN_LEVEL_DISTRICT);
	cn_unit_clear(&got);
	char *path = cn_unit_path(db, u.id, " › ");
	CHECK_STR(path, "Tỉnh Bạc Liêu › Huyện Hoà Bình › Xã Vĩnh Mỹ A › Ấp Tân Lập");
	free(path);
	cn_db_close(db);
}

TEST(post_2025_tree_keeps_communes_at_commune_level)
{
	cn_db *db = fx_open();
	long long p = fx_unit(db, "96", "Tỉnh Cà Mau", "Tỉnh", 0);
	long long c = fx_unit(db, "31894", "Xã Hòa Bình", "Xã", p);
	long long city = fx_unit(db, "01", "Thành phố Hà Nội", "Thành phố Trung ương", 0);
	long long v = fx_unit(db, "", "Ấp 1", "Ấp", c);
	cn_unit u;
	cn_unit_get(db, c, &u, NULL);
	CHECK_INT(u.level, CN_LEVEL_COMMUNE);
	cn_unit_clear(&u);
	cn_unit_get(db, v, &u, NULL);
	CHECK_INT(u.level, CN_LEVEL_VILLAGE);
	CHECK_STR(u.name, "Ấp 1");
	cn_unit_clear(&u);
	cn_unit_get(db, city, &u, NULL);
	CHECK_INT(u.level, CN_LEVEL_PROVINCE);
	cn_unit_clear(&u);
	cn_db_close(db);
}

TEST(unit_codes_are_unique_and_required_at_top)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	cn_error err = {0};
	cn_unit u = {.code = "961", .name = "Huyện Khác", .type = "Huyện"};
	CHECK_INT(cn_unit_add(db, &u, &err), CN_EEXIST);
	CHECK_HAS(err.msg, "Huyện Hoà Bình");
	CHECK_STR(err.field, "code");
	cn_unit top = {.name = "Tỉnh X", .type = "Tỉnh"};
	CHECK_INT(cn_unit_add(db, &top, &err), CN_EINVAL);
	CHECK_STR(err.field, "code");
	cn_db_close(db);
}

TEST(units_with_children_or_teams_are_closed_not_deleted)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	cn_error err = {0};
	CHECK_INT(cn_unit_delete(db, t.district, &err), CN_EEXIST);
	CHECK_HAS(err.msg, "1 đơn vị trực thuộc");
	CHECK_INT(cn_unit_close(db, t.district, "01/07/2025", &err), CN_OK);
	cn_unit u;
	cn_unit_get(db, t.commune, &u, NULL);
	CHECK_STR(u.valid_to, "2025-07-01");
	cn_unit_clear(&u);
	cn_unit village = {.name = "Thôn mới", .type = "Thôn", .parent_id = t.commune};
	CHECK_INT(cn_unit_add(db, &village, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "giải thể");
	long long p2 = fx_unit(db, "99", "Tỉnh Thử", "Tỉnh", 0);
	CHECK_INT(cn_unit_delete(db, p2, &err), CN_OK);
	CHECK_INT(cn_unit_id_by_code(db, "99"), 0);
	cn_db_close(db);
}

TEST(rebuild_tree_fixes_children_inserted_before_parents)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	cn_error err = {0};
	cn_db_exec(db, "UPDATE unit SET path = '', level = 9", &err);
	CHECK_INT(cn_unit_rebuild_tree(db, &err), CN_OK);
	cn_unit u;
	cn_unit_get(db, t.commune, &u, NULL);
	CHECK_INT(u.level, CN_LEVEL_COMMUNE);
	cn_unit_clear(&u);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT path FROM unit WHERE id = ?", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, t.commune);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	char want[64];
	snprintf(want, sizeof want, "/%lld/%lld/%lld/", t.province, t.district, t.commune);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), want);
	sqlite3_finalize(st);
	cn_db_close(db);
}

TEST(team_gets_default_name_and_validated_dates)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	cn_error err = {0};
	cn_team team = {.unit_id = t.commune, .established = "15/03/2024", .decision_no = "12/QĐ-UBND"};
	CHECK_INT(cn_team_add(db, &team, &err), CN_OK);
	cn_team got;
	CHECK_INT(cn_team_get(db, team.id, &got, &err), CN_OK);
	CHECK_STR(got.name, "Tổ CNSCĐ Xã Vĩnh Mỹ A");
	CHECK_STR(got.established, "2024-03-15");
	cn_team_clear(&got);
	cn_team bad = {.unit_id = t.commune, .established = "32/01/2024"};
	CHECK_INT(cn_team_add(db, &bad, &err), CN_EINVAL);
	CHECK_STR(err.field, "established");
	CHECK_HAS(err.msg, "Ngày thành lập");
	CHECK_INT(cn_team_default_for_unit(db, t.commune, false, &err), team.id);
	long long made = cn_team_default_for_unit(db, t.district, true, &err);
	CHECK(made > 0);
	CHECK_INT(cn_team_default_for_unit(db, t.district, true, &err), made);
	cn_db_close(db);
}

TEST(member_validation_names_the_field)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	cn_error err = {0};
	cn_member m = {.team_id = team, .full_name = cn_strdup("Trần Thị Đức"), .phone = cn_strdup("12345")};
	CHECK_INT(cn_member_add(db, &m, &err), CN_EINVAL);
	CHECK_STR(err.field, "phone");
	CHECK_HAS(err.msg, "12345");
	free(m.phone);
	m.phone = cn_strdup("+84 987 654 321");
	m.id_number = cn_strdup("0951234");
	CHECK_INT(cn_member_add(db, &m, &err), CN_EINVAL);
	CHECK_STR(err.field, "id_number");
	free(m.id_number);
	m.id_number = cn_strdup("095123456789");
	m.joined = cn_strdup("01/02/2024");
	CHECK_INT(cn_member_add(db, &m, &err), CN_OK);
	long long id = m.id;
	cn_member_clear(&m);
	CHECK_INT(cn_member_get(db, id, &m, &err), CN_OK);
	CHECK_STR(m.phone, "0987654321");
	CHECK_STR(m.joined, "2024-02-01");
	CHECK_INT(m.role, CN_ROLE_MEMBER);
	cn_member_clear(&m);
	cn_db_close(db);
}

TEST(one_leader_per_team)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	long long first = fx_member(db, team, "Nguyễn Văn An", CN_ROLE_LEADER);
	cn_error err = {0};
	cn_member m = {.team_id = team, .full_name = cn_strdup("Lê Văn Bình"), .role = CN_ROLE_LEADER};
	CHECK_INT(cn_member_add(db, &m, &err), CN_EEXIST);
	CHECK_HAS(err.msg, "Nguyễn Văn An");
	/* Once the first leader has left, a new one may take over. */
	CHECK_INT(cn_member_leave(db, first, "01/06/2025", &err), CN_OK);
	CHECK_INT(cn_member_add(db, &m, &err), CN_OK);
	cn_member_clear(&m);
	CHECK_INT(cn_team_member_count(db, team), 1);
	cn_db_close(db);
}

TEST(stale_edit_is_detected_not_overwritten)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	long long id = fx_member(db, team, "Phạm Văn Cường", CN_ROLE_MEMBER);
	cn_error err = {0};
	cn_member mine, theirs;
	cn_member_get(db, id, &mine, &err);
	cn_member_get(db, id, &theirs, &err);
	/* Timestamps have millisecond resolution. */
	usleep(5000);
	free(theirs.position);
	theirs.position = cn_strdup("Công an");
	CHECK_INT(cn_member_update(db, &theirs, &err), CN_OK);
	free(mine.position);
	mine.position = cn_strdup("Y tế");
	CHECK_INT(cn_member_update(db, &mine, &err), CN_ECONFLICT);
	CHECK_HAS(err.msg, "vừa được sửa ở nơi khác");
	cn_member now;
	cn_member_get(db, id, &now, &err);
	CHECK_STR(now.position, "Công an");
	cn_member_clear(&now);
	cn_member_clear(&mine);
	cn_member_clear(&theirs);
	cn_db_close(db);
}

TEST(deleting_a_team_removes_its_members)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	fx_member(db, team, "A", CN_ROLE_MEMBER);
	fx_member(db, team, "B", CN_ROLE_MEMBER);
	cn_error err = {0};
	CHECK_INT(cn_team_delete(db, team, &err), CN_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT count(*) FROM member", -1, &st, NULL);
	sqlite3_step(st);
	CHECK_INT(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	CHECK_INT(cn_team_delete(db, team, &err), CN_ENOTFOUND);
	cn_db_close(db);
}

/* A member's columns as stored, the id left out. */
static char *member_row(cn_db *db, long long id)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db),
		"SELECT full_name || '|' || gender || '|' || coalesce(birth_year, '') || '|' || coalesce(phone, '') "
		"|| '|' || coalesce(id_number, '') || '|' || role || '|' || coalesce(position, '') || '|' || "
		"coalesce(joined, '') || '|' || coalesce(left_on, '') || '|' || search_key || '|' || "
		"(SELECT count(*) FROM audit WHERE tbl = 'member' AND row_id = m.id AND action = 'insert') "
		"FROM member m WHERE id = ?", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, id);
	char *row = cn_strdup(sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "none");
	sqlite3_finalize(st);
	return row;
}

static long long tally(cn_db *db, const char *sql, long long id)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL);
	sqlite3_bind_int64(st, 1, id);
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return n;
}

TEST(members_added_many_at_once_are_what_one_by_one_gives)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long one = fx_team(db, t.commune), many = fx_team(db, t.district);
	cn_error err = {0};
	cn_member ms[20];
	for (int i = 0; i < 20; i++) {
		char name[32], phone[16];
		snprintf(name, sizeof name, "  Nguyễn Thị  Hoa %d ", i);
		snprintf(phone, sizeof phone, "+84 91 234 56%02d", i);
		ms[i] = (cn_member){.team_id = many, .full_name = cn_strdup(name), .gender = CN_GENDER_FEMALE,
				    .birth_year = 1980 + i, .phone = cn_strdup(phone), .role = i ? 0 : CN_ROLE_LEADER,
				    .joined = cn_strdup("05/03/2025"), .left_on = i == 7 ? cn_strdup("2025-09-01") : NULL};
	}
	int failed = 0;
	CHECK_INT(cn_member_add_many(db, ms, 20, &failed, &err), CN_OK);
	CHECK_INT(failed, -1);
	for (int i = 0; i < 20; i++) {
		cn_member m = {.team_id = one, .full_name = cn_strdup(ms[i].full_name), .gender = ms[i].gender,
			       .birth_year = ms[i].birth_year, .phone = cn_strdup(ms[i].phone), .role = ms[i].role,
			       .joined = cn_strdup("05/03/2025"), .left_on = i == 7 ? cn_strdup("01/09/2025") : NULL};
		CHECK_INT(cn_member_add(db, &m, &err), CN_OK);
		char *want = member_row(db, m.id), *got = member_row(db, ms[i].id);
		CHECK_STR(got, want);
		CHECK_HAS(got, "|1");
		free(want);
		free(got);
		cn_member_clear(&m);
		cn_member_clear(&ms[i]);
	}
	CHECK_INT(tally(db, "SELECT active * 100 + total FROM team_tally WHERE team_id = ?", many), 1920);
	CHECK_INT(tally(db, "SELECT members FROM unit_tally WHERE unit_id = ?", t.district), 19);
	CHECK_INT(tally(db, "SELECT count(*) FROM search_fts WHERE search_fts MATCH 'hoa' AND rowid >= ?",
			3 * 1099511627776LL), 40);
	cn_db_close(db);
}

TEST(members_added_many_at_once_are_refused_together)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	cn_error err = {0};
	cn_member ms[3] = {{.team_id = team, .full_name = cn_strdup("Lê Văn A"), .role = CN_ROLE_LEADER},
			   {.team_id = team, .full_name = cn_strdup("Lê Văn B")},
			   {.team_id = team, .full_name = cn_strdup("Lê Văn C"), .role = CN_ROLE_LEADER}};
	int failed = 0;
	CHECK_INT(cn_member_add_many(db, ms, 3, &failed, &err), CN_EEXIST);
	CHECK_INT(failed, 2);
	CHECK_HAS(err.msg, "Lê Văn A");
	CHECK_INT(tally(db, "SELECT count(*) FROM member WHERE team_id = ?", team), 0);
	ms[2].role = CN_ROLE_MEMBER;
	free(ms[1].phone);
	ms[1].phone = cn_strdup("12");
	CHECK_INT(cn_member_add_many(db, ms, 3, &failed, &err), CN_EINVAL);
	CHECK_INT(failed, 1);
	CHECK_STR(err.field, "phone");
	CHECK_INT(tally(db, "SELECT count(*) FROM member WHERE team_id = ?", team), 0);
	fx_member(db, team, "Trần Văn Tổ Trưởng", CN_ROLE_LEADER);
	free(ms[1].phone);
	ms[1].phone = NULL;
	CHECK_INT(cn_member_add_many(db, ms, 3, &failed, &err), CN_EEXIST);
	CHECK_INT(failed, 0);
	CHECK_HAS(err.msg, "Trần Văn Tổ Trưởng");
	ms[0].role = CN_ROLE_DEPUTY;
	CHECK_INT(cn_member_add_many(db, ms, 3, &failed, &err), CN_OK);
	CHECK(ms[0].id > 0 && ms[1].id == ms[0].id + 1 && ms[2].id == ms[0].id + 2);
	CHECK_INT(tally(db, "SELECT count(*) FROM member WHERE team_id = ?", team), 4);
	for (int i = 0; i < 3; i++)
		cn_member_clear(&ms[i]);
	cn_db_close(db);
}
