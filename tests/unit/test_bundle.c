/* Bundles between a commune's database and the district's: what travels,
 * how ids are remapped, conflicts, deletions, damage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/audit.h"
#include "cnscd/approval.h"
#include "cnscd/bundle.h"
#include "cnscd/settings.h"
#include "bundle_fixture.h"

/* The receiver's office unit: what a bundle may change is judged from it. */
static void office(cn_db *db, const char *code)
{
	cn_error err = {0};
	if (cn_setting_set(db, "office_unit", code, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "office_unit: %s", err.msg);
}

/* Exports the commune 31933 of FROM and imports it into TO. */
static struct cn_bundle_import_result send(cn_db *from, cn_db *to, const char *file)
{
	cn_error err = {0};
	struct cn_bundle_export_result ex;
	if (cn_bundle_export(from, cn_unit_id_by_code(from, "31933"), NULL, t_path(file), "test", &ex, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "export: %s", err.msg);
	struct cn_bundle_import_result im;
	if (cn_bundle_import(to, t_path(file), &im, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "import: %s", err.msg);
	return im;
}

#define TOUCH "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 second')"

TEST(bundle_reports_and_figures_travel_with_remapped_ids)
{
	cn_db *c = open_db("commune.db"), *d = open_db("district.db");
	/* The district made other rows first, so ids differ. */
	struct fx_tree dt = fx_bac_lieu(d);
	office(d, "961");
	fx_member(d, fx_team(d, dt.district), "Cán bộ huyện", 1);
	struct fx_tree ct = fx_bac_lieu(c);
	long long team = fx_team(c, ct.commune);
	fx_member(c, team, "Nguyễn Văn An", 1);
	fx_member(c, team, "Trần Thị Bình", 3);
	fx_report(c, team, "2025-05", 120, 3, true);

	struct cn_bundle_import_result r = send(c, d, "b1.cnscd");
	CHECK(!r.already);
	CHECK_INT(r.conflicts, 0);
	CHECK_STR(r.root_code, "31933");
	CHECK_INT(q(d, "SELECT count(*) FROM member m JOIN team t ON t.id = m.team_id "
		       "JOIN unit u ON u.id = t.unit_id WHERE u.code = '31933'"), 2);
	CHECK_INT(q(d, "SELECT sum(r.value) FROM result r JOIN report p ON p.id = r.report_id JOIN team t "
		       "ON t.id = p.team_id JOIN unit u ON u.id = t.unit_id WHERE u.code = '31933'"), 123);
	CHECK_INT(q(d, "SELECT count(*) FROM result r JOIN indicator i ON i.id = r.indicator_id "
		       "WHERE i.code = 'VNEID_MUC2' AND r.value = 120"), 1);
	/* The default indicators were matched by code, not added again. */
	CHECK_INT(q(d, "SELECT count(*) FROM indicator"), q(c, "SELECT count(*) FROM indicator"));
	CHECK_INT(q(d, "SELECT status FROM report"), 1);

	/* A changed figure replaces the report's figures. */
	exec(c, "UPDATE result SET value = 150 WHERE value = 120; UPDATE report SET " TOUCH);
	r = send(c, d, "b2.cnscd");
	CHECK_INT(r.updated, 1);
	CHECK_INT(q(d, "SELECT sum(value) FROM result"), 153);
	CHECK_INT(q(d, "SELECT count(*) FROM result"), 2);
	cn_db_close(c);
	cn_db_close(d);
}

TEST(bundle_carries_any_table_with_uuid_and_updated_at)
{
	cn_db *c = open_db("commune.db"), *d = open_db("district.db");
	/* A table the bundle code never names travels by its uuid and time. */
	const char *approval =
		"CREATE TABLE review_note (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),"
		" report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE, state TEXT NOT NULL,"
		" updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))";
	exec(c, approval);
	exec(d, approval);
	fx_bac_lieu(d);
	office(d, "961");
	struct fx_tree ct = fx_bac_lieu(c);
	long long team = fx_team(c, ct.commune);
	long long rep = fx_report(c, team, "2025-06", 5, 1, true);
	char sql[200];
	snprintf(sql, sizeof sql, "INSERT INTO review_note(report_id, state) VALUES (%lld, 'approved')", rep);
	exec(c, sql);
	/* And the real one: the commune's approval of its month goes up too. */
	cn_error err = {0};
	CHECK_INT(cn_approval_approve(c, ct.commune, "2025-06", "Xã", &err), CN_OK);
	struct cn_bundle_import_result r = send(c, d, "b.cnscd");
	CHECK_INT(r.conflicts, 0);
	CHECK_INT(q(d, "SELECT count(*) FROM review_note a JOIN report p ON p.id = a.report_id WHERE a.state = 'approved'"), 1);
	CHECK_INT(q(d, "SELECT count(*) FROM approval a JOIN unit u ON u.id = a.unit_id WHERE u.code = '31933' "
		       "AND a.period = '2025-06' AND a.status = 1"), 1);
	char *u1 = qs(c, "SELECT uuid FROM review_note"), *u2 = qs(d, "SELECT uuid FROM review_note");
	CHECK_STR(u1, u2);
	free(u1);
	free(u2);
	cn_db_close(c);
	cn_db_close(d);
}

TEST(bundle_new_village_gets_a_path_in_the_receiving_tree)
{
	cn_db *c = open_db("commune.db"), *d = open_db("district.db");
	struct fx_tree dt = fx_bac_lieu(d);
	office(d, "961");
	struct fx_tree ct = fx_bac_lieu(c);
	long long village = fx_unit(c, "31933.01", "Ấp Xẻo Gừa", "Ấp", ct.commune);
	fx_member(c, fx_team(c, village), "Phạm Thị Dung", 1);
	struct cn_bundle_import_result r = send(c, d, "b.cnscd");
	CHECK_INT(r.added, 3); /* village, team, member */
	char *path = qs(d, "SELECT path FROM unit WHERE code = '31933.01'");
	char want[64];
	snprintf(want, sizeof want, "/%lld/%lld/%lld/%lld/", dt.province, dt.district, dt.commune,
		 q(d, "SELECT id FROM unit WHERE code = '31933.01'"));
	CHECK_STR(path, want);
	free(path);
	CHECK_INT(q(d, "SELECT members FROM unit_tally WHERE unit_id = (SELECT id FROM unit WHERE code = '31933.01')"), 1);
	CHECK_INT(q(d, "SELECT level FROM unit WHERE code = '31933.01'"), 4);
	cn_db_close(c);
	cn_db_close(d);
}

TEST(bundle_deletions_apply_or_conflict)
{
	cn_db *c = open_db("commune.db"), *d = open_db("district.db");
	fx_bac_lieu(d);
	office(d, "961");
	struct fx_tree ct = fx_bac_lieu(c);
	long long team = fx_team(c, ct.commune), team2 = fx_team(c, ct.commune);
	long long an = fx_member(c, team, "Nguyễn Văn An", 1);
	long long binh = fx_member(c, team, "Trần Thị Bình", 3);
	fx_member(c, team2, "Lê Văn Cường", 1);
	fx_member(c, team2, "Võ Văn Em", 3);
	send(c, d, "b1.cnscd");
	CHECK_INT(q(d, "SELECT count(*) FROM member"), 4);

	/* Bình: deleted at the commune, untouched here: goes. An: deleted at
	 * the commune, edited here since: conflict. Team 2: deleted with its
	 * members. */
	exec(d, "UPDATE member SET note = 'sửa ở huyện', " TOUCH " WHERE full_name = 'Nguyễn Văn An'");
	cn_error err = {0};
	CHECK_INT(cn_member_delete(c, binh, &err), CN_OK);
	CHECK_INT(cn_member_delete(c, an, &err), CN_OK);
	CHECK_INT(cn_team_delete(c, team2, &err), CN_OK);
	struct cn_bundle_import_result r = send(c, d, "b2.cnscd");
	CHECK_INT(r.conflicts, 1);
	CHECK_INT(q(d, "SELECT count(*) FROM member"), 1);
	CHECK_INT(q(d, "SELECT count(*) FROM team"), 1);
	CHECK_INT(q(d, "SELECT sum(members) FROM unit_tally"), 1);
	CHECK_INT(q(d, "SELECT count(*) FROM bundle_conflict WHERE incoming_values IS NULL AND tbl = 'member'"), 1);

	/* A later bundle carries the same deletion: no second conflict. The
	 * commune renamed itself meanwhile: its own row is the district's to
	 * keep (the official list), so that change is left out, not merged. */
	exec(c, "UPDATE unit SET name = 'Xã Vĩnh Mỹ A (mới)', " TOUCH " WHERE code = '31933'");
	r = send(c, d, "b3.cnscd");
	CHECK_INT(r.conflicts, 0);
	CHECK_INT(r.skipped, 1);
	CHECK_INT(q(d, "SELECT count(*) FROM bundle_conflict"), 1);
	CHECK_INT(q(d, "SELECT count(*) FROM unit WHERE name = 'Xã Vĩnh Mỹ A (mới)'"), 0);

	/* Taking the incoming version of a deletion deletes the row. */
	long long id = q(d, "SELECT id FROM bundle_conflict");
	CHECK_INT(cn_bundle_conflict_count(d), 1);
	CHECK_INT(cn_bundle_conflict_resolve(d, id, true, &err), CN_OK);
	CHECK_INT(q(d, "SELECT count(*) FROM member"), 0);
	CHECK_INT(cn_bundle_conflict_count(d), 0);
	CHECK_INT(cn_bundle_conflict_resolve(d, id, false, &err), CN_EINVAL);
	cn_db_close(c);
	cn_db_close(d);
}

struct first {
	cn_db *db;
	char *text, *diff;
};

static int first_conflict(const cn_bundle_conflict *c, void *ctx)
{
	struct first *f = ctx;
	f->text = cn_sprintf("%s|%s|%s", c->table, c->label, c->source_unit);
	f->diff = cn_bundle_conflict_diff(f->db, c);
	return 1;
}

TEST(bundle_conflict_keeps_local_until_resolved)
{
	cn_db *c = open_db("commune.db"), *d = open_db("district.db");
	fx_bac_lieu(d);
	office(d, "961");
	struct fx_tree ct = fx_bac_lieu(c);
	fx_member(c, fx_team(c, ct.commune), "Nguyễn Văn An", 1);
	fx_team(c, ct.commune);
	exec(c, "UPDATE team SET name = 'Tổ Một' WHERE id = 1; UPDATE team SET name = 'Tổ Hai' WHERE id = 2");
	send(c, d, "b1.cnscd");
	exec(d, "UPDATE member SET phone = '0911111111', " TOUCH);
	exec(c, "UPDATE member SET phone = '0922222222', position = 'Trưởng ấp', team_id = 2, " TOUCH);
	struct cn_bundle_import_result r = send(c, d, "b2.cnscd");
	CHECK_INT(r.conflicts, 1);
	CHECK_INT(r.updated, 0);
	char *phone = qs(d, "SELECT phone FROM member");
	CHECK_STR(phone, "0911111111");
	free(phone);
	struct first f = {.db = d};
	cn_error err = {0};
	CHECK_INT(cn_bundle_conflict_list(d, false, first_conflict, &f, &err), 1);
	CHECK_STR(f.text, "member|Nguyễn Văn An|31933");
	CHECK_HAS(f.diff, "Điện thoại: 0911111111 | 0922222222\n");
	CHECK_HAS(f.diff, "Chức danh: (trống) | Trưởng ấp\n");
	CHECK_HAS(f.diff, "Tổ: Tổ Một | Tổ Hai\n");
	free(f.text);
	free(f.diff);

	/* The same bundle again: refused as known, nothing new. */
	CHECK_INT(cn_bundle_import(d, t_path("b2.cnscd"), &r, &err), CN_OK);
	CHECK(r.already);
	CHECK_INT(cn_bundle_conflict_count(d), 1);

	/* Keep local: the row stays; the next unchanged bundle brings no new
	 * conflict, since its version was seen. */
	CHECK_INT(cn_bundle_conflict_resolve(d, q(d, "SELECT id FROM bundle_conflict"), false, &err), CN_OK);
	r = send(c, d, "b3.cnscd");
	CHECK_INT(r.conflicts, 0);
	phone = qs(d, "SELECT phone FROM member");
	CHECK_STR(phone, "0911111111");
	free(phone);

	/* A new edit at the commune, none here since: taken. */
	exec(c, "UPDATE member SET phone = '0933333333', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+5 seconds')");
	r = send(c, d, "b4.cnscd");
	CHECK_INT(r.updated, 1);
	phone = qs(d, "SELECT phone FROM member");
	CHECK_STR(phone, "0933333333");
	free(phone);
	cn_db_close(c);
	cn_db_close(d);
}

TEST(bundle_refuses_damage_and_changes_nothing)
{
	cn_db *c = open_db("commune.db"), *d = open_db("district.db");
	fx_bac_lieu(d);
	office(d, "961");
	struct fx_tree ct = fx_bac_lieu(c);
	fx_member(c, fx_team(c, ct.commune), "Nguyễn Văn An", 1);
	cn_error err = {0};
	CHECK_INT(cn_bundle_export(c, ct.commune, NULL, t_path("b.cnscd"), NULL, NULL, &err), CN_OK);
	/* A value changed by hand: the checksum catches it. */
	sqlite3 *sq;
	CHECK(sqlite3_open(t_path("b.cnscd"), &sq) == SQLITE_OK);
	CHECK(sqlite3_exec(sq, "UPDATE member SET full_name = 'Kẻ Giả Mạo'", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(sq);
	long long audit = q(d, "SELECT count(*) FROM audit");
	CHECK_INT(cn_bundle_import(d, t_path("b.cnscd"), NULL, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "mã kiểm tra không khớp");
	CHECK_INT(q(d, "SELECT count(*) FROM audit"), audit);
	CHECK_INT(q(d, "SELECT count(*) FROM member"), 0);
	CHECK_INT(q(d, "SELECT count(*) FROM bundle_import"), 0);
	/* The whole database exports without --unit when it has one top unit. */
	CHECK_INT(cn_bundle_export(c, 0, NULL, t_path("all.cnscd"), NULL, NULL, &err), CN_OK);
	CHECK_INT(cn_bundle_export(c, 0, NULL, t_path("nodir/x.cnscd"), NULL, NULL, &err), CN_EIO);
	CHECK_HAS(err.msg, "nodir/x.cnscd");
	cn_db_close(c);
	cn_db_close(d);
}

TEST(bundle_trainings_topics_and_attendance_travel)
{
	cn_db *c = open_db("commune.db"), *d = open_db("district.db");
	/* A topic only the commune has, and one both have under other ids. */
	exec(d, "INSERT INTO topic(name, search_key) VALUES ('Chủ đề của huyện', 'chu de cua huyen')");
	exec(c, "INSERT INTO topic(name, search_key) VALUES ('Chủ đề của xã', 'chu de cua xa')");
	fx_bac_lieu(d);
	office(d, "961");
	struct fx_tree ct = fx_bac_lieu(c);
	long long an = fx_member(c, fx_team(c, ct.commune), "Nguyễn Văn An", 1);
	char sql[400];
	snprintf(sql, sizeof sql,
		 "INSERT INTO training(unit_id, title, start_date) VALUES (%lld, 'Lớp VNeID', '2025-05-10');"
		 "INSERT INTO training_topic(training_id, topic_id) SELECT 1, id FROM topic "
		 " WHERE search_key IN ('chu de cua xa', 'dinh danh dien tu vneid');"
		 "INSERT INTO attendance(training_id, member_id, status) VALUES (1, %lld, 1);"
		 "INSERT INTO attendance(training_id, guest_name, status) VALUES (1, 'Khách mời', 1);",
		 ct.commune, an);
	exec(c, sql);
	struct cn_bundle_import_result r = send(c, d, "b.cnscd");
	CHECK_INT(r.conflicts, 0);
	CHECK_INT(q(d, "SELECT count(*) FROM training t JOIN unit u ON u.id = t.unit_id WHERE u.code = '31933'"), 1);
	CHECK_INT(q(d, "SELECT count(*) FROM training_topic tt JOIN topic p ON p.id = tt.topic_id "
		       "WHERE p.search_key IN ('chu de cua xa', 'dinh danh dien tu vneid')"), 2);
	CHECK_INT(q(d, "SELECT count(*) FROM topic WHERE search_key = 'dinh danh dien tu vneid'"), 1);
	CHECK_INT(q(d, "SELECT count(*) FROM attendance a JOIN member m ON m.id = a.member_id "
		       "WHERE m.full_name = 'Nguyễn Văn An' AND a.status = 1"), 1);
	CHECK_INT(q(d, "SELECT count(*) FROM attendance WHERE guest_name = 'Khách mời'"), 1);
	cn_db_close(c);
	cn_db_close(d);
}

TEST(bundle_unit_missing_here_is_added_under_its_parent)
{
	cn_db *c = open_db("commune.db"), *d = open_db("district.db");
	long long p = fx_unit(d, "95", "Tỉnh Bạc Liêu", "Tỉnh", 0);
	long long dist = fx_unit(d, "961", "Huyện Hoà Bình", "Huyện", p);
	office(d, "961");
	struct fx_tree ct = fx_bac_lieu(c);
	fx_member(c, fx_team(c, ct.commune), "Nguyễn Văn An", 1);
	struct cn_bundle_import_result r = send(c, d, "b.cnscd");
	CHECK_INT(r.added, 3);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM unit WHERE code = '31933' AND parent_id = %lld AND level = 3", dist);
	CHECK_INT(q(d, sql), 1);
	cn_db_close(c);
	cn_db_close(d);
}

TEST(bundle_import_undone_can_be_imported_again)
{
	cn_db *c = open_db("commune.db"), *d = open_db("district.db");
	fx_bac_lieu(d);
	office(d, "961");
	struct fx_tree ct = fx_bac_lieu(c);
	fx_member(c, fx_team(c, ct.commune), "Nguyễn Văn An", 1);
	send(c, d, "b.cnscd");
	CHECK_INT(q(d, "SELECT count(*) FROM member"), 1);
	cn_error err = {0};
	CHECK(cn_audit_undo_last(d, &err) > 0);
	CHECK_INT(q(d, "SELECT count(*) FROM member"), 0);
	struct cn_bundle_import_result r;
	CHECK_INT(cn_bundle_import(d, t_path("b.cnscd"), &r, &err), CN_OK);
	CHECK(!r.already);
	CHECK_INT(r.added, 2);
	CHECK_INT(q(d, "SELECT count(*) FROM member"), 1);
	CHECK_INT(q(d, "SELECT count(*) FROM bundle_import"), 1);
	/* Not undone this time: a known bundle again. */
	CHECK_INT(cn_bundle_import(d, t_path("b.cnscd"), &r, &err), CN_OK);
	CHECK(r.already);
	cn_db_close(c);
	cn_db_close(d);
}

TEST(bundle_never_changes_figures_approved_here)
{
	cn_db *c = open_db("commune.db"), *d = open_db("district.db");
	fx_bac_lieu(d);
	office(d, "961");
	struct fx_tree ct = fx_bac_lieu(c);
	long long team = fx_team(c, ct.commune);
	long long rep = fx_report(c, team, "2025-05", 120, 3, true);
	send(c, d, "b1.cnscd");
	/* The district approves the commune's month; the approval has not gone
	 * back down, so the commune corrects its figure and sends again. */
	cn_error err = {0};
	long long commune_d = cn_unit_id_by_code(d, "31933");
	CHECK_INT(cn_approval_approve(d, commune_d, "2025-05", "Huyện", &err), CN_OK);
	CHECK_INT(cn_month_report_reopen(c, rep, "Xã", "sửa", &err), CN_OK);
	CHECK_INT(cn_result_set(c, rep, cn_indicator_id_by_code(c, "VNEID_MUC2"), 0, 150, &err), CN_OK);
	CHECK_INT(cn_month_report_submit(c, rep, "Xã", &err), CN_OK);
	struct cn_bundle_import_result r = send(c, d, "b2.cnscd");
	CHECK_INT(r.conflicts, 1);
	CHECK_INT(q(d, "SELECT sum(value) FROM result"), 123);
	long long id = q(d, "SELECT id FROM bundle_conflict WHERE tbl = 'report' AND resolved_at IS NULL");
	CHECK(id > 0);
	/* Taking the incoming version waits for the approval to be withdrawn. */
	CHECK_INT(cn_bundle_conflict_resolve(d, id, true, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "đã được duyệt");
	CHECK_INT(q(d, "SELECT sum(value) FROM result"), 123);
	CHECK_INT(cn_approval_unapprove(d, commune_d, "2025-05", "Huyện", "xã sửa số", &err), CN_OK);
	CHECK_INT(cn_bundle_conflict_resolve(d, id, true, &err), CN_OK);
	CHECK_INT(q(d, "SELECT sum(value) FROM result"), 153);
	cn_db_close(c);
	cn_db_close(d);
}

TEST(bundle_carries_approval_down_and_locks_the_commune)
{
	cn_db *c = open_db("commune.db"), *d = open_db("district.db");
	fx_bac_lieu(d);
	office(d, "961");
	struct fx_tree ct = fx_bac_lieu(c);
	long long team = fx_team(c, ct.commune);
	long long rep = fx_report(c, team, "2025-05", 120, 3, true);
	send(c, d, "up.cnscd");
	cn_error err = {0};
	CHECK_INT(cn_approval_approve(d, cn_unit_id_by_code(d, "31933"), "2025-05", "Huyện", &err), CN_OK);
	/* The district sends the commune's subtree back down. */
	office(c, "31933");
	struct cn_bundle_import_result r = send(d, c, "down.cnscd");
	CHECK_INT(r.conflicts, 0);
	CHECK_INT(q(c, "SELECT count(*) FROM approval WHERE unit_id = (SELECT id FROM unit WHERE code = '31933') "
		       "AND period = '2025-05' AND status = 1"), 1);
	/* Now the commune's own figures of that month are locked. */
	CHECK_INT(cn_month_report_reopen(c, rep, "Xã", "sửa", &err), CN_EINVAL);
	CHECK_HAS(err.msg, "đã được duyệt");
	cn_db_close(c);
	cn_db_close(d);
}
