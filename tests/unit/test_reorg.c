/* The reorganisation of 1 July 2025 on a small world of real units
 * (tests/fixtures/reorg-*.csv are rows of the official lists):
 *   95 Tỉnh Bạc Liêu > 961 Huyện Hoà Bình > 31891 Thị trấn Hòa Bình (goes on
 *     as Xã Hòa Bình), 31933 Xã Vĩnh Mỹ A (merged into 31891);
 *   96 Tỉnh Cà Mau > 964 Thành phố Cà Mau > 32017 Phường 6 and 32029 Xã Tắc
 *     Vân (both split over 32025 and 32041), 32025, 32038, 32041.
 * In this mapping 32041 receives 4 old communes and 32025 three, so the
 * rule "largest" sends 32017's villages and teams to 32041, "first" to
 * 32025. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tools/field_example.h"
#include "cnscd/reorg.h"
#include "cnscd/search.h"
#include "cnscd/stats.h"
#include "cnscd/training.h"
#include "fixture.h"

struct world {
	long long p95, p96, d961, d964;
	long long c31891, c31933, c32017, c32025, c32029, c32038, c32041;
	long long v31891, v31933a, v31933b, v32017;  /* villages */
	long long t961, t31891, t31933, t31933a, t32017, t32017v;  /* teams */
};

static long long add_members(cn_db *db, long long team, int n)
{
	static int serial;
	for (int i = 0; i < n; i++) {
		char name[64];
		snprintf(name, sizeof name, "Thành viên %d", ++serial);
		fx_member(db, team, name, i == 0 ? 1 : 3);
	}
	return team;
}

/* A new database (the test's file is removed first) with the world. */
static cn_db *world_db(struct world *w)
{
	unlink(t_path("test.db"));
	unlink(t_path("test.db-wal"));
	unlink(t_path("test.db-shm"));
	cn_db *db = fx_open();
	w->p95 = fx_unit(db, "95", "Tỉnh Bạc Liêu", "Tỉnh", 0);
	w->d961 = fx_unit(db, "961", "Huyện Hoà Bình", "Huyện", w->p95);
	w->c31891 = fx_unit(db, "31891", "Thị trấn Hòa Bình", "Thị trấn", w->d961);
	w->c31933 = fx_unit(db, "31933", "Xã Vĩnh Mỹ A", "Xã", w->d961);
	w->p96 = fx_unit(db, "96", "Tỉnh Cà Mau", "Tỉnh", 0);
	w->d964 = fx_unit(db, "964", "Thành phố Cà Mau", "Thành phố", w->p96);
	w->c32017 = fx_unit(db, "32017", "Phường 6", "Phường", w->d964);
	w->c32025 = fx_unit(db, "32025", "Phường Tân Thành", "Phường", w->d964);
	w->c32029 = fx_unit(db, "32029", "Xã Tắc Vân", "Xã", w->d964);
	w->c32038 = fx_unit(db, "32038", "Xã Hòa Thành", "Xã", w->d964);
	w->c32041 = fx_unit(db, "32041", "Xã Hòa Tân", "Xã", w->d964);
	w->v31891 = fx_unit(db, "", "Khóm 1", "Khóm", w->c31891);
	w->v31933a = fx_unit(db, "", "Ấp 1", "Ấp", w->c31933);
	w->v31933b = fx_unit(db, "", "Ấp 2", "Ấp", w->c31933);
	w->v32017 = fx_unit(db, "", "Khóm 1", "Khóm", w->c32017);
	w->t961 = add_members(db, fx_team(db, w->d961), 3);
	w->t31891 = add_members(db, fx_team(db, w->c31891), 2);
	w->t31933 = add_members(db, fx_team(db, w->c31933), 2);
	w->t31933a = add_members(db, fx_team(db, w->v31933a), 3);
	w->t32017 = add_members(db, fx_team(db, w->c32017), 2);
	w->t32017v = add_members(db, fx_team(db, w->v32017), 1);
	return db; /* 13 members */
}

static int apply(cn_db *db, int rule, const char *assign, cn_reorg_result *res, cn_error *err)
{
	cn_reorg_options opt = {.split_rule = rule, .assign = assign, .resolution = "NQ 1655/NQ-UBTVQH15"};
	return cn_reorg_apply(db, t_fixture("reorg-mapping.csv"), t_fixture("reorg-units.csv"), &opt, res, err);
}

static void apply_ok(cn_db *db, int rule, const char *assign, cn_reorg_result *res)
{
	cn_error err = {0};
	int rc = apply(db, rule, assign, res, &err);
	if (rc != CN_OK)
		t_fail(__FILE__, __LINE__, "apply: %s %s", err.msg, res->nproblems ? res->problems[0] : "");
}

/* One number from SQL with an optional text (?1) and id (?2). */
static long long q(cn_db *db, const char *sql, const char *text, long long id)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK) {
		t_fail(__FILE__, __LINE__, "prepare %s: %s", sql, sqlite3_errmsg(cn_db_sqlite(db)));
		return -1;
	}
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, id);
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

static char *q_text(cn_db *db, const char *sql, long long id)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	char *v = sqlite3_step(st) == SQLITE_ROW ? cn_col_dup(st, 0) : NULL;
	sqlite3_finalize(st);
	return v;
}

static long long team_unit(cn_db *db, long long team)
{
	return q(db, "SELECT unit_id FROM team WHERE id = ?2", NULL, team);
}

static long long parent_of(cn_db *db, long long unit)
{
	return q(db, "SELECT parent_id FROM unit WHERE id = ?2", NULL, unit);
}

static const char *kind(cn_db *db, long long old_id, long long new_id)
{
	static char buf[16];
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT kind FROM unit_succession WHERE old_unit_id = ? AND new_unit_id = ?",
			   -1, &st, NULL);
	sqlite3_bind_int64(st, 1, old_id);
	sqlite3_bind_int64(st, 2, new_id);
	snprintf(buf, sizeof buf, "%s", sqlite3_step(st) == SQLITE_ROW ? cn_col_text(st, 0) : "(none)");
	sqlite3_finalize(st);
	return buf;
}

static long long members_total(cn_db *db)
{
	cn_stats s;
	cn_error err = {0};
	CHECK_INT(cn_stats_by_level(db, 0, &s, &err), CN_OK);
	return s.total.members;
}

/* Everything a reorganisation writes, as one fingerprint. */
static long long fingerprint(cn_db *db)
{
	return q(db, "SELECT (SELECT count(*) FROM unit) * 1000000 + (SELECT count(*) FROM unit_succession) * 10000 "
		     "+ (SELECT count(*) FROM team_move) * 100 + (SELECT count(*) FROM unit_former) "
		     "+ (SELECT count(*) FROM unit WHERE valid_to IS NOT NULL) * 100000000 "
		     "+ (SELECT sum(unit_id) FROM team) * 1000000000 + (SELECT sum(parent_id) FROM unit)",
		 NULL, 0);
}

TEST(reorg_merge_moves_teams_and_villages)
{
	struct world w;
	cn_db *db = world_db(&w);
	long long before = members_total(db);
	cn_reorg_result res;
	apply_ok(db, CN_SPLIT_LARGEST, NULL, &res);
	CHECK(!res.nothing_to_do);
	long long c96 = cn_unit_id_by_code(db, "96");
	CHECK_INT(c96, w.p96); /* the province goes on under its code */

	/* Xã Vĩnh Mỹ A is closed the day before, merged into 31891. */
	CHECK_INT(q(db, "SELECT count(*) FROM unit WHERE id = ?2 AND valid_to = '2025-06-30'", NULL, w.c31933), 1);
	CHECK_STR(kind(db, w.c31933, w.c31891), "merge");
	CHECK_INT(team_unit(db, w.t31933), w.c31891);
	CHECK_INT(q(db, "SELECT count(*) FROM team_move WHERE team_id = ?2 AND moved_on = '2025-07-01'", NULL, w.t31933),
		  1);
	/* Its villages go with it, keep their codes, and get new paths. */
	CHECK_INT(parent_of(db, w.v31933a), w.c31891);
	CHECK_INT(parent_of(db, w.v31933b), w.c31891);
	char *code = q_text(db, "SELECT code FROM unit WHERE id = ?", w.v31933a);
	CHECK_STR(code, "31933.01");
	free(code);
	char *path = q_text(db, "SELECT path FROM unit WHERE id = ?", w.v31933a);
	char *want = cn_sprintf("/%lld/%lld/%lld/", w.p96, w.c31891, w.v31933a);
	CHECK_STR(path, want);
	free(path);
	free(want);
	/* The village team stays in its village. */
	CHECK_INT(team_unit(db, w.t31933a), w.v31933a);
	/* What the village was, for earlier dates. */
	path = q_text(db, "SELECT path FROM unit_former WHERE unit_id = ? AND valid_to = '2025-06-30'", w.v31933a);
	want = cn_sprintf("/%lld/%lld/%lld/%lld/", w.p95, w.d961, w.c31933, w.v31933a);
	CHECK_STR(path, want);
	free(path);
	free(want);

	/* Thị trấn Hòa Bình goes on as Xã Hòa Bình directly under Cà Mau. */
	CHECK_INT(q(db, "SELECT count(*) FROM unit WHERE id = ?2 AND valid_to IS NULL AND name = ?1 AND type = 'Xã' "
			"AND level = 3", "Xã Hòa Bình", w.c31891), 1);
	CHECK_INT(parent_of(db, w.c31891), w.p96);
	CHECK_STR(kind(db, w.c31891, w.c31891), "rename");
	CHECK_STR(kind(db, w.p96, w.p96), "same");
	CHECK_STR(kind(db, w.p95, w.p96), "merge");
	char *former = q_text(db, "SELECT name FROM unit_former WHERE unit_id = ?", w.c31891);
	CHECK_STR(former, "Thị trấn Hòa Bình");
	free(former);

	CHECK_INT(res.created, 0);
	CHECK_INT(res.kept, 4);     /* 96, 31891, 32025, 32041 */
	CHECK_INT(res.changed, 3);  /* all but 96 */
	CHECK_INT(res.closed, 7);   /* 95, 961, 964, 31933, 32017, 32029, 32038 */
	CHECK_INT(res.closed_level[CN_LEVEL_PROVINCE], 1);
	CHECK_INT(res.closed_level[CN_LEVEL_DISTRICT], 2);
	CHECK_INT(res.closed_level[CN_LEVEL_COMMUNE], 4);
	CHECK_INT(res.rows_absent, 1); /* Hà Nội is not in this database… */
	CHECK_INT(cn_unit_id_by_code(db, "01"), 0); /* …and is not created */
	CHECK_INT(res.villages_moved, 3);
	CHECK_INT(res.teams_moved, 3); /* 961, 31933, 32017 */
	CHECK_INT(res.members_moved, 7);
	CHECK_INT(res.members_before, 13);
	CHECK_INT(res.members_after, 13);
	CHECK_INT(members_total(db), before);
	char *resolution = q_text(db, "SELECT resolution FROM unit_succession WHERE old_unit_id = ?", w.c31933);
	CHECK_STR(resolution, "NQ 1655/NQ-UBTVQH15");
	free(resolution);
	cn_reorg_result_clear(&res);
	cn_db_close(db);
}

TEST(reorg_district_team_goes_to_new_province)
{
	struct world w;
	cn_db *db = world_db(&w);
	cn_reorg_result res;
	apply_ok(db, CN_SPLIT_LARGEST, NULL, &res);
	CHECK_INT(team_unit(db, w.t961), w.p96);
	CHECK_INT(q(db, "SELECT valid_to = '2025-06-30' FROM unit WHERE id = ?2", NULL, w.d961), 1);
	CHECK_STR(kind(db, w.d961, w.p96), "merge");
	CHECK_STR(kind(db, w.d964, w.p96), "merge");
	CHECK_INT(res.district_teams_moved, 1);
	CHECK(res.nnotes == 1);
	CHECK_HAS(res.notes[0], "Tổ cấp huyện «Tổ CNSCĐ Huyện Hoà Bình» (Huyện Hoà Bình, 961; 3 thành viên) "
				"chuyển về Tỉnh Cà Mau (96)");
	cn_reorg_result_clear(&res);
	cn_db_close(db);
}

TEST(reorg_district_team_assigned_to_commune)
{
	struct world w;
	cn_db *db = world_db(&w);
	cn_reorg_result res;
	apply_ok(db, CN_SPLIT_LARGEST, "961=31891", &res);
	CHECK_INT(team_unit(db, w.t961), w.c31891);
	CHECK_STR(kind(db, w.d961, w.p96), "merge");
	CHECK_STR(kind(db, w.d961, w.c31891), "partial");
	CHECK_HAS(res.notes[0], "chuyển về Xã Hòa Bình (31891)");
	cn_reorg_result_clear(&res);
	/* Run again with the same assignment: nothing to do, no complaint. */
	apply_ok(db, CN_SPLIT_LARGEST, "961=31891", &res);
	CHECK(res.nothing_to_do);
	cn_reorg_result_clear(&res);
	cn_db_close(db);

	/* Only a commune of the district's new province will do. */
	db = world_db(&w);
	cn_error err = {0};
	CHECK_INT(apply(db, CN_SPLIT_LARGEST, "961=01", &res, &err), CN_EINVAL);
	CHECK(res.nproblems == 1);
	CHECK_HAS(res.problems[0], "--assign: Thành phố Hà Nội (01) không thuộc Tỉnh Cà Mau, tỉnh mới của Huyện Hoà Bình");
	cn_reorg_result_clear(&res);
	cn_db_close(db);
}

TEST(reorg_split_rules_and_assignments)
{
	static const struct {
		int rule;
		const char *assign;
		const char *target;
	} cases[] = {
		{CN_SPLIT_LARGEST, NULL, "32041"},
		{CN_SPLIT_FIRST, NULL, "32025"},
		{CN_SPLIT_LARGEST, "32017=32025", "32025"}, /* an assignment wins over the rule */
		{CN_SPLIT_FIRST, "32017=32041", "32041"},
		{CN_SPLIT_ASK, "32017=32041", "32041"},
	};
	for (size_t i = 0; i < CN_ARRAY_LEN(cases); i++) {
		struct world w;
		cn_db *db = world_db(&w);
		cn_reorg_result res;
		apply_ok(db, cases[i].rule, cases[i].assign, &res);
		long long target = cn_unit_id_by_code(db, cases[i].target);
		long long other = target == w.c32025 ? w.c32041 : w.c32025;
		CHECK_INT(team_unit(db, w.t32017), target);
		CHECK_INT(parent_of(db, w.v32017), target);
		CHECK_INT(team_unit(db, w.t32017v), w.v32017);
		CHECK_STR(kind(db, w.c32017, target), "split");
		CHECK_STR(kind(db, w.c32017, other), "partial");
		CHECK_INT(res.splits, 2);
		CHECK_INT(res.splits_assigned, cases[i].assign ? 1 : 0);
		cn_reorg_result_clear(&res);
		cn_db_close(db);
	}
}

TEST(reorg_ask_lists_split_units_and_changes_nothing)
{
	struct world w;
	cn_db *db = world_db(&w);
	long long before = fingerprint(db);
	cn_reorg_result res;
	cn_error err = {0};
	CHECK_INT(apply(db, CN_SPLIT_ASK, NULL, &res, &err), CN_EINVAL);
	CHECK_INT(res.nproblems, 0);
	/* 32029 is split too, but has nothing to place. */
	CHECK_INT(res.nquestions, 1);
	cn_reorg_question *qn = &res.questions[0];
	CHECK_STR(qn->code, "32017");
	CHECK_STR(qn->name, "Phường 6");
	CHECK_INT(qn->villages, 1);
	CHECK_INT(qn->teams, 1);
	CHECK_INT(qn->ncandidates, 2);
	CHECK_STR(qn->candidate_code[0], "32025");
	CHECK_STR(qn->candidate_name[1], "Phường Hòa Thành");
	CHECK_INT(qn->candidate_received[1], 4);
	CHECK_INT(fingerprint(db), before);
	CHECK(!res.backup_path);
	cn_reorg_result_clear(&res);

	/* An assignment for a unit that is not split over that target. */
	CHECK_INT(apply(db, CN_SPLIT_LARGEST, "32017=31891", &res, &err), CN_EINVAL);
	CHECK(res.nproblems == 1);
	CHECK_HAS(res.problems[0], "--assign: Phường 6 (32017) không chuyển thành «31891»; chỉ có thể chọn: "
				   "32025 (Phường Tân Thành), 32041 (Phường Hòa Thành)");
	cn_reorg_result_clear(&res);
	CHECK_INT(apply(db, CN_SPLIT_LARGEST, "32017=32025, 32017=32041,abc", &res, &err), CN_EINVAL);
	CHECK(res.nproblems == 2);
	CHECK_HAS(res.problems[0], "«32017» đã được chỉ định cho «32025», không thể cho «32041»");
	CHECK_HAS(res.problems[1], "«abc» không đúng dạng MÃ_CŨ=MÃ_MỚI");
	cn_reorg_result_clear(&res);

	/* From a file, with its lines in the messages. */
	const char *file = t_write_file("chi-dinh.csv", "old_code,new_code\n32017,32025\n32029,96\n");
	cn_reorg_options opt = {.split_rule = CN_SPLIT_ASK, .assignments = file};
	CHECK_INT(cn_reorg_apply(db, t_fixture("reorg-mapping.csv"), t_fixture("reorg-units.csv"), &opt, &res, &err),
		  CN_EINVAL);
	CHECK(res.nproblems == 1);
	CHECK_HAS(res.problems[0], "chi-dinh.csv, dòng 3: Xã Tắc Vân (32029) không chuyển thành «96»");
	CHECK_INT(fingerprint(db), before);
	cn_reorg_result_clear(&res);
	cn_db_close(db);
}

TEST(reorg_twice_changes_nothing)
{
	struct world w;
	cn_db *db = world_db(&w);
	cn_reorg_result res;
	apply_ok(db, CN_SPLIT_LARGEST, NULL, &res);
	cn_reorg_result_clear(&res);
	long long after = fingerprint(db);
	char *stamp = q_text(db, "SELECT max(updated_at) FROM unit WHERE id > ?", 0);
	cn_reorg_options opt = {.split_rule = CN_SPLIT_LARGEST, .backup = true};
	cn_error err = {0};
	CHECK_INT(cn_reorg_apply(db, t_fixture("reorg-mapping.csv"), t_fixture("reorg-units.csv"), &opt, &res, &err),
		  CN_OK);
	CHECK(res.nothing_to_do);
	CHECK(!res.backup_path); /* no copy when there is nothing to do */
	CHECK_INT(res.created + res.closed + res.teams_moved + res.villages_moved, 0);
	CHECK_INT(fingerprint(db), after);
	char *stamp2 = q_text(db, "SELECT max(updated_at) FROM unit WHERE id > ?", 0);
	CHECK_STR(stamp2, stamp);
	free(stamp);
	free(stamp2);
	cn_reorg_result_clear(&res);
	cn_db_close(db);
}

TEST(reorg_bad_mapping_changes_nothing)
{
	struct world w;
	cn_db *db = world_db(&w);
	long long before = fingerprint(db);
	cn_reorg_options opt = {.split_rule = CN_SPLIT_LARGEST, .backup = true};
	cn_reorg_result res;
	cn_error err = {0};
	CHECK_INT(cn_reorg_apply(db, t_fixture("reorg-mapping-bad.csv"), t_fixture("reorg-units.csv"), &opt, &res,
				 &err), CN_EINVAL);
	CHECK_INT(res.nproblems, 5);
	cn_buf all = {0};
	for (int i = 0; i < res.nproblems; i++)
		cn_buf_printf(&all, "%s\n", res.problems[i]);
	CHECK_HAS(cn_buf_str(&all), "reorg-mapping-bad.csv, dòng 5: mã mới «99999» không có trong reorg-units.csv");
	CHECK_HAS(cn_buf_str(&all), "reorg-mapping-bad.csv, dòng 6: mã mới «320x1» không hợp lệ");
	CHECK_HAS(cn_buf_str(&all), "reorg-mapping-bad.csv, dòng 10: trùng với dòng 9 (32041 → 32041)");
	/* 32017 (its only row is bad) and 32029 are missing. */
	CHECK_HAS(cn_buf_str(&all), "Phường 6 (32017): xã cũ của cơ sở dữ liệu không có dòng nào");
	CHECK_HAS(cn_buf_str(&all), "Xã Tắc Vân (32029): xã cũ của cơ sở dữ liệu không có dòng nào trong "
				    "reorg-mapping-bad.csv");
	cn_buf_free(&all);
	CHECK(!res.backup_path);
	CHECK_INT(fingerprint(db), before);
	cn_reorg_result_clear(&res);

	/* A new list whose commune points at a province it lacks. */
	const char *units = t_write_file("units.csv", "code,name,type,level,parent_code\n96,Tỉnh Cà Mau,Tỉnh,1,\n"
						      "31891,Xã Hòa Bình,Xã,2,97\n");
	CHECK_INT(cn_reorg_apply(db, t_fixture("reorg-mapping.csv"), units, &opt, &res, &err), CN_EINVAL);
	CHECK_HAS(res.problems[0], "units.csv, dòng 3: mã cấp trên «97» của Xã Hòa Bình không có trong tệp");
	CHECK_INT(fingerprint(db), before);
	cn_reorg_result_clear(&res);

	/* A file that is not there fails before anything. */
	CHECK_INT(cn_reorg_apply(db, t_path("none.csv"), units, &opt, &res, &err), CN_ENOTFOUND);
	CHECK_HAS(err.msg, "none.csv");
	cn_reorg_result_clear(&res);
	cn_db_close(db);
}

TEST(reorg_rolls_back_when_members_change)
{
	struct world w;
	cn_db *db = world_db(&w);
	/* Sabotage: moving a team makes its members leave. */
	cn_error err = {0};
	CHECK_INT(cn_db_exec(db, "CREATE TRIGGER sabotage AFTER UPDATE OF unit_id ON team BEGIN "
				 "UPDATE member SET left_on = '2025-07-01' WHERE team_id = new.id; END", &err), CN_OK);
	long long before = fingerprint(db);
	cn_reorg_result res;
	CHECK_INT(apply(db, CN_SPLIT_LARGEST, NULL, &res, &err), CN_EDB);
	CHECK_HAS(err.msg, "Số thành viên đang hoạt động thay đổi (13 trước, 6 sau): đã hủy toàn bộ thay đổi");
	CHECK_INT(fingerprint(db), before);
	CHECK_INT(members_total(db), 13);
	cn_reorg_result_clear(&res);
	cn_db_close(db);
}

TEST(reorg_backup_is_private_copy)
{
	struct world w;
	cn_db *db = world_db(&w);
	cn_reorg_options opt = {.split_rule = CN_SPLIT_LARGEST, .backup = true};
	cn_reorg_result res;
	cn_error err = {0};
	CHECK_INT(cn_reorg_apply(db, t_fixture("reorg-mapping.csv"), t_fixture("reorg-units.csv"), &opt, &res, &err),
		  CN_OK);
	CHECK(res.backup_path != NULL);
	CHECK_HAS(res.backup_path, "/backups/test-");
	CHECK_HAS(res.backup_path, "-before-reorg.db");
	struct stat sb;
	CHECK_INT(stat(res.backup_path, &sb), 0);
	CHECK_INT(sb.st_mode & 0777, 0600);
	cn_db *old = cn_store_open(res.backup_path, 0, &err);
	CHECK(old != NULL);
	CHECK_INT(q(old, "SELECT count(*) FROM unit WHERE valid_to IS NOT NULL", NULL, 0), 0);
	CHECK_INT(q(old, "SELECT count(*) FROM unit_succession", NULL, 0), 0);
	cn_db_close(old);
	cn_reorg_result_clear(&res);
	cn_db_close(db);
}

TEST(reorg_stats_as_of_the_day_before)
{
	struct world w;
	cn_db *db = world_db(&w);
	cn_stats before, after, now;
	cn_error err = {0};
	CHECK_INT(cn_stats_by_level(db, w.d961, &before, &err), CN_OK);
	cn_reorg_result res;
	apply_ok(db, CN_SPLIT_LARGEST, NULL, &res);
	cn_reorg_result_clear(&res);
	CHECK_INT(cn_stats_by_level_as_of(db, w.d961, "30/06/2025", &after, &err), CN_OK);
	CHECK(memcmp(&before.level, &after.level, sizeof before.level) == 0);
	CHECK_INT(after.total.members, 10);
	CHECK_INT(after.level[CN_LEVEL_DISTRICT].teams, 1);
	CHECK_INT(after.level[CN_LEVEL_COMMUNE].units, 2);
	CHECK_INT(after.level[CN_LEVEL_VILLAGE].units, 3);
	/* Today the district is closed; the new province holds it all. */
	CHECK_INT(cn_stats_by_level(db, w.d961, &now, &err), CN_OK);
	CHECK_INT(now.total.units, 0);
	CHECK_INT(cn_stats_by_level_as_of(db, w.p96, "2025-07-01", &now, &err), CN_OK);
	CHECK_INT(now.total.members, 13);
	CHECK_INT(now.level[CN_LEVEL_PROVINCE].teams, 1);
	CHECK_INT(now.level[CN_LEVEL_DISTRICT].units, 0);
	/* The kept commune as of the day before: under its district, with
	 * its own team and village only. */
	CHECK_INT(cn_stats_by_level_as_of(db, w.c31891, "30/06/2025", &now, &err), CN_OK);
	CHECK_INT(now.total.members, 2);
	CHECK_INT(now.level[CN_LEVEL_VILLAGE].units, 1);

	/* The children as of then, by their names of then. */
	cn_stats_cursor *c = cn_stats_children_open_as_of(db, w.d961, "30/06/2025", &err);
	CHECK(c != NULL);
	cn_stats_child ch;
	CHECK_INT(cn_stats_children_next(c, &ch, &err), 1);
	CHECK(ch.is_self);
	CHECK_INT(ch.counts.members, 3);
	CHECK_INT(cn_stats_children_next(c, &ch, &err), 1);
	CHECK_STR(ch.name, "Thị trấn Hòa Bình");
	CHECK_INT(ch.counts.members, 2);
	CHECK_INT(cn_stats_children_next(c, &ch, &err), 1);
	CHECK_STR(ch.name, "Xã Vĩnh Mỹ A");
	CHECK_INT(ch.counts.members, 3 + 2);
	CHECK_INT(ch.counts.units, 3);
	CHECK_INT(cn_stats_children_next(c, &ch, &err), 0);
	cn_stats_children_close(c);

	CHECK_INT(cn_stats_by_level_as_of(db, w.d961, "31/02/2025", &now, &err), CN_EINVAL);
	cn_db_close(db);
}

/* The field example as of the day before, after the official-style
 * reorganisation of its district. */
TEST(reorg_field_example_as_of)
{
	cn_db *db = fx_open();
	struct field_example fx;
	cn_error err = {0};
	CHECK_INT(field_example_build(db, &fx, &err), CN_OK);
	cn_stats before, after;
	CHECK_INT(cn_stats_by_level(db, fx.district, &before, &err), CN_OK);
	const char *map = t_write_file("map.csv", "old_code,new_code\n95,96\n31891,31891\n31915,31918\n31918,31918\n"
						  "31924,31918\n31927,31927\n31930,31927\n31933,31891\n31936,31927\n");
	const char *units = t_write_file("units.csv", "code,name,type,level,parent_code\n96,Tỉnh Cà Mau,Tỉnh,1,\n"
						      "31891,Xã Hòa Bình,Xã,2,96\n31918,Xã Vĩnh Mỹ,Xã,2,96\n"
						      "31927,Xã Vĩnh Hậu,Xã,2,96\n");
	cn_reorg_options opt = {.split_rule = CN_SPLIT_ASK};
	cn_reorg_result res;
	CHECK_INT(cn_reorg_apply(db, map, units, &opt, &res, &err), CN_OK);
	CHECK_INT(res.created, 1); /* Tỉnh Cà Mau */
	CHECK_INT(res.teams_moved, 6);
	CHECK_INT(res.villages_moved, 42);
	cn_reorg_result_clear(&res);
	CHECK_INT(cn_stats_by_level_as_of(db, fx.district, "30/06/2025", &after, &err), CN_OK);
	for (int l = 1; l <= CN_STATS_LEVELS; l++) {
		CHECK_INT(after.level[l].units, before.level[l].units);
		CHECK_INT(after.level[l].teams, before.level[l].teams);
		CHECK_INT(after.level[l].members, before.level[l].members);
	}
	CHECK_INT(after.total.members, 542);
	CHECK_INT(after.total.teams, 77);
	CHECK_INT(after.level[CN_LEVEL_VILLAGE].units, 68);
	long long ca_mau = cn_unit_id_by_code(db, "96");
	CHECK_INT(cn_stats_by_level(db, ca_mau, &after, &err), CN_OK);
	CHECK_INT(after.total.members, 542);
	CHECK_INT(after.level[CN_LEVEL_COMMUNE].units, 3);
	CHECK_INT(after.level[CN_LEVEL_VILLAGE].units, 68);
	cn_db_close(db);
}

static int first_note(const cn_search_hit *hit, void *ctx)
{
	char **out = ctx;
	if (hit->kind == CN_KIND_UNIT && !*out)
		*out = cn_sprintf("%s | %s", hit->label, hit->note ? hit->note : "");
	return 0;
}

TEST(reorg_search_says_what_a_unit_became)
{
	struct world w;
	cn_db *db = world_db(&w);
	cn_reorg_result res;
	apply_ok(db, CN_SPLIT_LARGEST, NULL, &res);
	cn_reorg_result_clear(&res);
	cn_error err = {0};
	char *hit = NULL;
	CHECK(cn_search(db, "vinh my a", 10, first_note, &hit, &err) > 0);
	CHECK_STR(hit, "Xã Vĩnh Mỹ A | đã giải thể 30/06/2025, nay thuộc Tỉnh Cà Mau › Xã Hòa Bình");
	free(hit);
	hit = NULL;
	CHECK(cn_search(db, "huyen hoa binh", 10, first_note, &hit, &err) > 0);
	CHECK_STR(hit, "Huyện Hoà Bình | đã giải thể 30/06/2025, nay thuộc Tỉnh Cà Mau");
	free(hit);
	hit = NULL;
	CHECK(cn_search(db, "phuong 6", 10, first_note, &hit, &err) > 0);
	CHECK_STR(hit, "Phường 6 | đã giải thể 30/06/2025, nay thuộc Tỉnh Cà Mau › Phường Hòa Thành / "
		       "Tỉnh Cà Mau › Phường Tân Thành");
	free(hit);
	/* By its former name, even after an edit of the unit. */
	cn_unit u;
	CHECK_INT(cn_unit_get(db, w.c31891, &u, &err), CN_OK);
	CHECK_INT(cn_unit_update(db, &u, &err), CN_OK);
	cn_unit_clear(&u);
	hit = NULL;
	CHECK(cn_search(db, "thi tran hoa binh", 10, first_note, &hit, &err) > 0);
	CHECK_STR(hit, "Xã Hòa Bình | trước 01/07/2025: Thị trấn Hòa Bình");
	free(hit);
	/* A unit nothing happened to has no note. */
	hit = NULL;
	CHECK(cn_search(db, "tan thanh", 10, first_note, &hit, &err) > 0);
	CHECK_STR(hit, "Phường Tân Thành | ");
	free(hit);
	cn_db_close(db);
}

static int count_record(const cn_reorg_record *r, void *ctx)
{
	cn_buf *b = ctx;
	cn_buf_printf(b, "%s %s→%s %s; ", r->old_code, r->old_name, r->new_code, r->kind);
	return 0;
}

TEST(reorg_status_reads_records_back)
{
	struct world w;
	cn_db *db = world_db(&w);
	cn_error err = {0};
	CHECK_INT(cn_reorg_summaries(db, NULL, NULL, &err), 0);
	cn_reorg_result res;
	apply_ok(db, CN_SPLIT_LARGEST, NULL, &res);
	cn_reorg_result_clear(&res);
	CHECK_INT(cn_reorg_summaries(db, NULL, NULL, &err), 1);
	cn_buf b = {0};
	CHECK_INT(cn_reorg_records(db, w.c31891, count_record, &b, &err), 2);
	CHECK_STR(cn_buf_str(&b), "31891 Thị trấn Hòa Bình→31891 rename; 31933 Xã Vĩnh Mỹ A→31891 merge; ");
	cn_buf_free(&b);
	CHECK_INT(cn_reorg_records(db, 0, NULL, NULL, &err), 13);
	CHECK_INT(cn_reorg_team_moves(db, w.p96, NULL, NULL, &err), 1);
	CHECK_INT(cn_reorg_team_moves(db, 0, NULL, NULL, &err), 3);
	cn_db_close(db);
}

TEST(reorg_other_date_and_units_closed_before)
{
	struct world w;
	cn_db *db = world_db(&w);
	cn_error err = {0};
	CHECK_INT(cn_unit_close(db, w.c32038, "01/01/2025", &err), CN_OK);
	cn_reorg_options opt = {.split_rule = CN_SPLIT_FIRST, .date = "01/01/2026"};
	cn_reorg_result res;
	CHECK_INT(cn_reorg_apply(db, t_fixture("reorg-mapping.csv"), t_fixture("reorg-units.csv"), &opt, &res, &err),
		  CN_OK);
	CHECK_STR(res.date, "2026-01-01");
	CHECK_INT(q(db, "SELECT count(*) FROM unit WHERE valid_to = '2025-12-31'", NULL, 0), 6);
	CHECK_INT(q(db, "SELECT count(*) FROM unit_succession WHERE effective = '2026-01-01'", NULL, 0), 12);
	CHECK_INT(q(db, "SELECT count(*) FROM unit_succession WHERE old_unit_id = ?2", NULL, w.c32038), 0);
	CHECK(res.nnotes == 2);
	CHECK_HAS(res.notes[0], "Bỏ qua 1 đơn vị cũ của reorg-mapping.csv đã đóng từ trước, không do sắp xếp này "
				"(như Xã Hòa Thành (32038), hết hiệu lực 01/01/2025)");
	cn_reorg_result_clear(&res);
	cn_db_close(db);
}

static int count_row(const cn_training_row *r, void *ctx)
{
	(void)r;
	++*(int *)ctx;
	return 0;
}

static int keep_twin(const cn_village_twin *v, void *ctx)
{
	cn_buf_printf(ctx, "%s|", v->label);
	return 0;
}

/* What the reorganisation carries over after the day: sessions with the
 * teams, writes to closed units refused naming the successor, villages
 * sharing a name in the merged commune told apart. */
TEST(reorg_carries_sessions_names_successors_and_tells_twins_apart)
{
	struct world w;
	cn_db *db = world_db(&w);
	long long twin = fx_unit(db, "", "Ấp 1", "Ấp", w.c31891);
	cn_error err = {0};
	cn_training s1 = {.unit_id = w.c31933, .title = "VNeID", .start_date = "05/11/2024"};
	cn_training s2 = {.unit_id = w.v31933a, .title = "Kỹ năng số", .start_date = "06/11/2024"};
	cn_training s3 = {.unit_id = w.d961, .title = "Huyện", .start_date = "07/11/2024"};
	CHECK_INT(cn_training_add(db, &s1, &err), CN_OK);
	CHECK_INT(cn_training_add(db, &s2, &err), CN_OK);
	CHECK_INT(cn_training_add(db, &s3, &err), CN_OK);
	cn_reorg_result res;
	apply_ok(db, CN_SPLIT_LARGEST, NULL, &res);
	CHECK_INT(res.sessions_moved, 2); /* the village's went with its village */
	cn_reorg_result_clear(&res);

	/* Counted for the successor now, where they were as of the day before. */
	CHECK_INT(cn_training_count(db, w.c31891, &err), 2);
	CHECK_INT(cn_training_count(db, w.p96, &err), 3);
	CHECK_INT(cn_training_count(db, w.c31933, &err), 0);
	int n = 0;
	CHECK_INT(cn_training_list_as_of(db, w.c31933, "30/06/2025", count_row, &n, &err), CN_OK);
	CHECK_INT(n, 2);
	n = 0;
	CHECK_INT(cn_training_list_as_of(db, w.d961, "30/06/2025", count_row, &n, &err), CN_OK);
	CHECK_INT(n, 3);
	n = 0;
	CHECK_INT(cn_training_list_as_of(db, w.c31891, "30/06/2025", count_row, &n, &err), CN_OK);
	CHECK_INT(n, 0);

	/* The successor is where the teams went. */
	CHECK_INT(cn_unit_successor(db, w.c31933), w.c31891);
	CHECK_INT(cn_unit_successor(db, w.d961), w.p96);
	CHECK_INT(cn_unit_successor(db, w.c31891), 0);
	cn_team t = {.unit_id = w.c31933};
	CHECK_INT(cn_team_add(db, &t, &err), CN_EINVAL);
	CHECK_STR(err.msg, "Xã Vĩnh Mỹ A đã giải thể/sáp nhập 30/06/2025, nay thuộc Xã Hòa Bình (mã 31891): không thêm "
			   "tổ vào đơn vị đã đóng được; hãy chọn Xã Hòa Bình.");
	cn_training s4 = {.unit_id = w.d961, .title = "Mới", .start_date = "01/12/2026"};
	CHECK_INT(cn_training_add(db, &s4, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "Huyện Hoà Bình đã giải thể/sáp nhập 30/06/2025, nay thuộc Tỉnh Cà Mau (mã 96)");
	CHECK_HAS(err.msg, "không thêm lớp tập huấn");
	/* A team left behind (dissolved before) gets no new report. */
	long long old_team = fx_team(db, w.c31891);
	cn_team o = {0};
	CHECK_INT(cn_team_get(db, old_team, &o, &err), CN_OK);
	o.unit_id = w.c31933;
	CHECK_INT(cn_team_update(db, &o, &err), CN_EINVAL);
	cn_team_clear(&o);

	/* Two "Ấp 1" in Xã Hòa Bình now, each with its former commune. */
	char *label = cn_unit_label(db, w.v31933a);
	CHECK_STR(label, "Ấp 1 (Xã Vĩnh Mỹ A cũ)");
	free(label);
	label = cn_unit_label(db, twin);
	CHECK_STR(label, "Ấp 1 (Thị trấn Hòa Bình cũ)");
	free(label);
	label = cn_unit_label(db, w.v31933b);
	CHECK_STR(label, "Ấp 2");
	free(label);
	cn_buf b = {0};
	CHECK_INT(cn_reorg_village_twins(db, w.p96, keep_twin, &b, &err), 2);
	CHECK_STR(cn_buf_str(&b), "Ấp 1 (Thị trấn Hòa Bình cũ)|Ấp 1 (Xã Vĩnh Mỹ A cũ)|");
	cn_buf_free(&b);
	/* Until one is renamed. */
	cn_unit u = {0};
	CHECK_INT(cn_unit_get(db, twin, &u, &err), CN_OK);
	free(u.name);
	u.name = cn_strdup("Ấp Nội Ô");
	CHECK_INT(cn_unit_update(db, &u, &err), CN_OK);
	cn_unit_clear(&u);
	label = cn_unit_label(db, w.v31933a);
	CHECK_STR(label, "Ấp 1");
	free(label);
	CHECK_INT(cn_reorg_village_twins(db, 0, NULL, NULL, &err), 0);
	cn_db_close(db);
}
