/* Issue 18: hostile bundles. A forger edits a genuine bundle and
 * recomputes its checksum (the algorithm is in the open, so the test uses
 * the very function cnscd uses); the receiver must refuse anything outside
 * the sender's subtree, any value a form would refuse, counts that do not
 * match, a unit cycle, a uuid of another table, and change nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../src/core/bundle_internal.h"
#include "cnscd/approval.h"
#include "cnscd/audit.h"
#include "cnscd/bundle.h"
#include "cnscd/text.h"
#include "bundle_fixture.h"

static void export(cn_db *db, const char *code, const char *file)
{
	cn_error err = {0};
	if (cn_bundle_export(db, cn_unit_id_by_code(db, code), NULL, t_path(file), "test", NULL, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "export %s: %s", code, err.msg);
}

static void import_ok(cn_db *db, const char *file)
{
	cn_error err = {0};
	if (cn_bundle_import(db, t_path(file), NULL, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "import %s: %s", file, err.msg);
}

/* Copies bundle FROM to TO, runs SQL on the copy, brings bundle_count in
 * line with the rows and recomputes the checksum: what a forger does. */
static const char *forge(const char *from, const char *to, const char *sql)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", t_path(from), t_path(to));
	CHECK(system(cmd) == 0);
	sqlite3 *sq;
	CHECK(sqlite3_open(t_path(to), &sq) == SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(sq, sql, NULL, NULL, &msg) != SQLITE_OK)
		t_fail(__FILE__, __LINE__, "forge: %s: %s", sql, msg);
	/* A new bundle id, or the receiver would take it for one it has. */
	CHECK(sqlite3_exec(sq, "UPDATE bundle_header SET value = lower(hex(randomblob(16))) WHERE key = 'bundle_id'",
			   NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_stmt *st;
	CHECK(sqlite3_prepare_v2(sq, "SELECT tbl FROM bundle_count", -1, &st, NULL) == SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *fix = sqlite3_mprintf("UPDATE bundle_count SET rows = (SELECT count(*) FROM \"%w\") WHERE tbl = '%q'",
					    sqlite3_column_text(st, 0), sqlite3_column_text(st, 0));
		sqlite3_exec(sq, fix, NULL, NULL, NULL);
		sqlite3_free(fix);
	}
	sqlite3_finalize(st);
	char sum[17];
	cn_error err = {0};
	CHECK_INT(bundle_checksum(sq, "main", sum, &err), CN_OK);
	char *set = sqlite3_mprintf("UPDATE bundle_header SET value = '%q' WHERE key = 'checksum'", sum);
	CHECK(sqlite3_exec(sq, set, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_free(set);
	sqlite3_close(sq);
	return to;
}

/* Everything a refused import could have touched. */
static char *fingerprint(cn_db *db)
{
	return qs(db, "SELECT (SELECT count(*) FROM audit) || '|' || (SELECT count(*) FROM bundle_base) || '|' || "
		      "(SELECT count(*) FROM bundle_import) || '|' || (SELECT count(*) FROM bundle_conflict) || '|' || "
		      "(SELECT group_concat(code || ':' || name || ':' || coalesce(parent_id, 0) || ':' || path, ',') FROM unit) "
		      "|| '|' || (SELECT group_concat(full_name || ':' || team_id || ':' || coalesce(phone, ''), ',') FROM member)");
}

/* Imports FILE into D: refused with a message holding WANT, nothing changed. */
static void refused(cn_db *d, const char *file, const char *want)
{
	char *before = fingerprint(d);
	cn_error err = {0};
	int rc = cn_bundle_import(d, t_path(file), NULL, &err);
	if (rc != CN_EINVAL)
		t_fail(__FILE__, __LINE__, "%s: import gave %d (%s), expected a refusal", file, rc, err.msg);
	CHECK_HAS(err.msg, want);
	CHECK(strstr(err.msg, "Không nhập gì") || strstr(err.msg, "không nhập gì"));
	CHECK(cn_utf8_valid(err.msg, strlen(err.msg)));
	char *after = fingerprint(d);
	CHECK_STR(after, before);
	free(before);
	free(after);
}

/* Two communes of the district, each with a team; both have sent their
 * bundle to the district (office 961). a.cnscd is commune A's next one. */
struct world {
	cn_db *a, *b, *d;
	long long a_team, b_member;
};

static void tree(cn_db *db)
{
	struct fx_tree t = fx_bac_lieu(db);
	fx_unit(db, "31924", "Xã Vĩnh Mỹ B", "Xã", t.district);
}

static void world(struct world *w)
{
	w->a = open_db("a.db");
	w->b = open_db("b.db");
	w->d = open_db("d.db");
	tree(w->a);
	tree(w->b);
	tree(w->d);
	cn_error err = {0};
	CHECK_INT(cn_setting_set(w->d, "office_unit", "961", &err), CN_OK);
	w->a_team = fx_team(w->a, cn_unit_id_by_code(w->a, "31933"));
	fx_member(w->a, w->a_team, "Nguyễn Văn An", 1);
	fx_member(w->a, w->a_team, "Trần Thị Bình", 3);
	long long bt = fx_team(w->b, cn_unit_id_by_code(w->b, "31924"));
	w->b_member = fx_member(w->b, bt, "Lê Văn Cường", 1);
	fx_member(w->b, bt, "Phạm Thị Dung", 3);
	export(w->b, "31924", "b.cnscd");
	import_ok(w->d, "b.cnscd");
	export(w->a, "31933", "a0.cnscd");
	import_ok(w->d, "a0.cnscd");
	exec(w->a, "UPDATE member SET note = 'mới', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 second') "
		   "WHERE full_name = 'Trần Thị Bình'");
	export(w->a, "31933", "a.cnscd");
}

static void world_free(struct world *w)
{
	cn_db_close(w->a);
	cn_db_close(w->b);
	cn_db_close(w->d);
}

#define FUTURE "'2099-01-01T00:00:00.000Z'"
#define NEW_UUID "lower(hex(randomblob(16)))"

TEST(bundle_genuine_edit_goes_through_the_guards)
{
	struct world w;
	world(&w);
	struct cn_bundle_import_result r;
	cn_error err = {0};
	CHECK_INT(cn_bundle_import(w.d, t_path("a.cnscd"), &r, &err), CN_OK);
	CHECK_INT(r.updated, 1);
	CHECK(!r.downward);
	char *note = qs(w.d, "SELECT note FROM member WHERE full_name = 'Trần Thị Bình'");
	CHECK_STR(note, "mới");
	free(note);
	world_free(&w);
}

TEST(bundle_forged_to_rename_and_detach_the_district_is_refused)
{
	struct world w;
	world(&w);
	/* The district's row added to the commune's bundle: matched here by
	 * its code, renamed, without a parent. */
	forge("a.cnscd", "f.cnscd",
	      "INSERT INTO unit(id, uuid, code, name, type, level, parent_id, path, search_key, created_at, updated_at) "
	      "VALUES (9001, " NEW_UUID ", '961', 'Huyện Bị Đổi Tên', 'Huyện', 2, NULL, '/9001/', '', " FUTURE ", " FUTURE ");"
	      "INSERT INTO bundle_key SELECT 'unit', id, uuid FROM unit WHERE id = 9001");
	refused(w.d, "f.cnscd", "gói của 31933 Xã Vĩnh Mỹ A nhưng sửa đơn vị «Huyện Bị Đổi Tên» ở 961 Huyện Hoà Bình");
	/* The same through the district's own uuid. */
	char *uuid = qs(w.d, "SELECT uuid FROM unit WHERE code = '961'");
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO unit(id, uuid, code, name, type, level, parent_id, path, search_key, created_at, updated_at) "
		 "VALUES (9001, '%s', '961', 'Huyện Bị Đổi Tên', 'Huyện', 2, NULL, '/9001/', '', " FUTURE ", " FUTURE ");"
		 "INSERT INTO bundle_key SELECT 'unit', id, uuid FROM unit WHERE id = 9001", uuid);
	free(uuid);
	forge("a.cnscd", "g.cnscd", sql);
	refused(w.d, "g.cnscd", "ngoài phạm vi của đơn vị đó");
	world_free(&w);
}

TEST(bundle_forged_to_take_over_a_sibling_commune_is_refused)
{
	struct world w;
	world(&w);
	/* Commune B renamed and moved under commune A. */
	forge("a.cnscd", "f.cnscd",
	      "INSERT INTO unit(id, uuid, code, name, type, level, parent_id, path, search_key, created_at, updated_at) "
	      "SELECT 9002, " NEW_UUID ", '31924', 'Xã Bị Chiếm', 'Xã', 3, id, path || '9002/', '', " FUTURE ", " FUTURE
	      " FROM unit WHERE code = '31933';"
	      "INSERT INTO bundle_key SELECT 'unit', id, uuid FROM unit WHERE id = 9002");
	refused(w.d, "f.cnscd", "sửa đơn vị «Xã Bị Chiếm» ở 31924 Xã Vĩnh Mỹ B");
	world_free(&w);
}

TEST(bundle_forged_to_move_another_communes_member_is_refused)
{
	struct world w;
	world(&w);
	char *uuid = qs(w.b, "SELECT uuid FROM member WHERE full_name = 'Lê Văn Cường'");
	char sql[2048];
	snprintf(sql, sizeof sql,
		 "INSERT INTO member(id, uuid, team_id, full_name, gender, birth_year, phone, id_number, role, search_key,"
		 " created_at, updated_at) SELECT 9003, '%s', id, 'Lê Văn Cường', 1, 1980, '0987654321', '012345678901',"
		 " 3, '', " FUTURE ", " FUTURE " FROM team LIMIT 1;"
		 "INSERT INTO bundle_key SELECT 'member', id, uuid FROM member WHERE id = 9003", uuid);
	forge("a.cnscd", "f.cnscd", sql);
	refused(w.d, "f.cnscd", "sửa thành viên «Lê Văn Cường» ở 31924 Xã Vĩnh Mỹ B");
	/* And deleting him. */
	snprintf(sql, sizeof sql,
		 "INSERT INTO bundle_deleted(uuid, tbl, row_id, updated_at, at) VALUES ('%s', 'member', 1, NULL, " FUTURE ")",
		 uuid);
	forge("a.cnscd", "g.cnscd", sql);
	refused(w.d, "g.cnscd", "xoá thành viên «Lê Văn Cường» ở 31924 Xã Vĩnh Mỹ B");
	free(uuid);
	world_free(&w);
}

TEST(bundle_misrouted_from_another_province_is_refused)
{
	struct world w;
	world(&w);
	/* Every office holds the national list: Hà Nội is known here too. */
	cn_db *hn = open_db("hn.db");
	long long city = fx_unit(hn, "01", "Thành phố Hà Nội", "Thành phố Trung ương", 0);
	fx_member(hn, fx_team(hn, fx_unit(hn, "00004", "Phường Ba Đình", "Phường", city)), "Hoàng Văn Hà", 1);
	long long city_d = fx_unit(w.d, "01", "Thành phố Hà Nội", "Thành phố Trung ương", 0);
	fx_unit(w.d, "00004", "Phường Ba Đình", "Phường", city_d);
	export(hn, "00004", "hn.cnscd");
	refused(w.d, "hn.cnscd", "là của 00004 Phường Ba Đình, không thuộc cây đơn vị của cơ quan này (961 Huyện Hoà Bình)");
	cn_db_close(hn);
	world_free(&w);
}

TEST(bundle_values_go_through_the_form_checks)
{
	struct world w;
	world(&w);
	static const struct {
		const char *sql, *want;
	} cases[] = {
		{"UPDATE member SET full_name = '   '", "Họ và tên không được để trống"},
		{"UPDATE member SET phone = 'not a phone'", "Số điện thoại «not a phone» không hợp lệ"},
		{"UPDATE member SET id_number = '12'", "Số CCCD/định danh «12» không hợp lệ"},
		{"UPDATE member SET joined = 'banana'", "Ngày vào tổ «banana» không đúng dạng ngày"},
		{"UPDATE member SET birth_year = 3000", "Năm sinh «3000» không hợp lệ"},
		{"UPDATE member SET birth_year = 'nineteen'", "Năm sinh «nineteen» không phải số nguyên"},
		{"UPDATE member SET role = 7", "Vai trò 7 không hợp lệ"},
		/* Found by fuzz_bundle: bytes that are not UTF-8 are never echoed. */
		{"UPDATE member SET role = CAST(X'FF75' AS TEXT)", "Vai trò không phải số nguyên"},
		{"UPDATE member SET note = 'xin chào' || char(27) || ']52;c;Y3VybCBldmlsLmV4YW1wbGUveHxzaA==' || char(7)",
		 "Ghi chú chứa ký tự điều khiển (U+001B)"},
		{"UPDATE member SET full_name = 'An' || char(8238) || 'nÁ'", "ký tự đảo chiều chữ (U+202E)"},
		{"UPDATE member SET note = 'a' || char(8203)", "ký tự vô hình (U+200B)"},
		{"UPDATE member SET note = zeroblob(10)", "không phải chữ hay số nguyên"},
		{"UPDATE member SET note = printf('%.2000c', 'x')", "dài quá 1000 ký tự"},
		{"UPDATE member SET uuid = 'x' WHERE id = (SELECT min(id) FROM member); UPDATE bundle_key SET uuid = 'x' "
		 "WHERE tbl = 'member' AND id = (SELECT min(id) FROM member)", "không phải mã uuid"},
		{"UPDATE team SET established = '2025-13-01'", "Ngày thành lập «2025-13-01» không phải là ngày có thật"},
		{"UPDATE unit SET name = '' WHERE code = '31933'", "Tên đơn vị không được để trống"},
		{"UPDATE bundle_header SET value = 'Kẻ' || char(27) || '[2J' WHERE key = 'created_by'",
		 "phần đầu gói"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		forge("a.cnscd", "f.cnscd", cases[i].sql);
		refused(w.d, "f.cnscd", cases[i].want);
	}
	world_free(&w);
}

TEST(bundle_counts_must_match_the_rows)
{
	struct world w;
	world(&w);
	/* A row added without its count: the forger forgot bundle_count. */
	forge("a.cnscd", "f.cnscd", "");
	sqlite3 *sq;
	CHECK(sqlite3_open(t_path("f.cnscd"), &sq) == SQLITE_OK);
	CHECK(sqlite3_exec(sq, "UPDATE bundle_count SET rows = rows - 1 WHERE tbl = 'member'", NULL, NULL, NULL) ==
	      SQLITE_OK);
	char sum[17];
	CHECK_INT(bundle_checksum(sq, "main", sum, NULL), CN_OK);
	char *set = sqlite3_mprintf("UPDATE bundle_header SET value = '%q' WHERE key = 'checksum'", sum);
	CHECK(sqlite3_exec(sq, set, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_free(set);
	sqlite3_close(sq);
	refused(w.d, "f.cnscd", "số dòng của bảng thành viên không khớp");
	world_free(&w);
}

TEST(bundle_village_of_a_province_type_is_refused)
{
	struct world w;
	world(&w);
	forge("a.cnscd", "f.cnscd",
	      "INSERT INTO unit(id, uuid, code, name, type, level, parent_id, path, search_key, created_at, updated_at) "
	      "SELECT 9004, " NEW_UUID ", '31933.09', 'Tỉnh Trong Xã', 'Tỉnh', 4, id, path || '9004/', '', " FUTURE ", "
	      FUTURE " FROM unit WHERE code = '31933';"
	      "INSERT INTO bundle_key SELECT 'unit', id, uuid FROM unit WHERE id = 9004");
	refused(w.d, "f.cnscd", "đơn vị «Tỉnh Trong Xã» loại «Tỉnh» (cấp 4) không thể nằm dưới 31933 Xã Vĩnh Mỹ A");
	world_free(&w);
}

TEST(bundle_cycle_in_the_senders_tree_is_refused)
{
	struct world w;
	world(&w);
	/* Two villages, the second under the first, known at the district. */
	long long v1 = fx_unit(w.a, "31933.01", "Ấp Một", "Ấp", cn_unit_id_by_code(w.a, "31933"));
	fx_unit(w.a, "31933.02", "Ấp Hai", "Ấp", v1);
	export(w.a, "31933", "v.cnscd");
	import_ok(w.d, "v.cnscd");
	/* Now the first under the second: 01 -> 02 -> 01. */
	forge("v.cnscd", "f.cnscd",
	      "UPDATE unit SET parent_id = (SELECT id FROM unit WHERE code = '31933.02'), updated_at = " FUTURE
	      " WHERE code = '31933.01'");
	refused(w.d, "f.cnscd", "cây đơn vị sẽ thành vòng lặp");
	/* The tree is still a tree, and a query down it ends. */
	CHECK_INT(q(w.d, "SELECT count(*) FROM unit WHERE path LIKE '%/' || id || '/%/' || id || '/%'"), 0);
	world_free(&w);
}

TEST(bundle_uuid_of_another_tables_row_is_refused)
{
	struct world w;
	world(&w);
	/* A new member carrying the uuid of the district's commune row. */
	char *uuid = qs(w.d, "SELECT uuid FROM unit WHERE code = '31933'");
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO member(id, uuid, team_id, full_name, gender, role, search_key, created_at, updated_at) "
		 "SELECT 9005, '%s', id, 'Người Trùng Mã', 0, 3, '', " FUTURE ", " FUTURE " FROM team LIMIT 1;"
		 "INSERT INTO bundle_key SELECT 'member', id, uuid FROM member WHERE id = 9005", uuid);
	free(uuid);
	forge("a.cnscd", "f.cnscd", sql);
	refused(w.d, "f.cnscd", "trùng với một dòng khác ở đây");
	/* The same uuid twice in the bundle itself. */
	forge("a.cnscd", "g.cnscd",
	      "UPDATE member SET uuid = (SELECT uuid FROM team LIMIT 1) WHERE id = (SELECT max(id) FROM member);"
	      "UPDATE bundle_key SET uuid = (SELECT uuid FROM team LIMIT 1) WHERE tbl = 'member' "
	      "AND id = (SELECT max(id) FROM member)");
	refused(w.d, "g.cnscd", "một uuid hay một dòng được kê hai lần");
	world_free(&w);
}

TEST(bundle_new_unit_under_a_parent_outside_the_office_is_refused)
{
	struct world w;
	world(&w);
	/* A commune the district does not have, under another district. */
	cn_db *o = open_db("o.db");
	long long p = fx_unit(o, "95", "Tỉnh Bạc Liêu", "Tỉnh", 0);
	long long dist = fx_unit(o, "960", "Thành phố Bạc Liêu", "Thành phố", p);
	fx_member(o, fx_team(o, fx_unit(o, "31900", "Phường Mới", "Phường", dist)), "Ngô Văn Giang", 1);
	fx_unit(w.d, "960", "Thành phố Bạc Liêu", "Thành phố", cn_unit_id_by_code(w.d, "95"));
	export(o, "31900", "o.cnscd");
	refused(w.d, "o.cnscd", "không thuộc cây đơn vị của cơ quan này");
	cn_db_close(o);
	world_free(&w);
}

TEST(bundle_from_above_brings_decisions_only)
{
	struct world w;
	world(&w);
	cn_error err = {0};
	/* Both communes report May; the district approves A's month and edits
	 * one of A's members. */
	fx_report(w.a, w.a_team, "2025-05", 10, 1, true);
	fx_report(w.b, q(w.b, "SELECT id FROM team"), "2025-05", 20, 2, true);
	export(w.a, "31933", "a5.cnscd");
	export(w.b, "31924", "b5.cnscd");
	import_ok(w.d, "a5.cnscd");
	import_ok(w.d, "b5.cnscd");
	CHECK_INT(cn_approval_approve(w.d, cn_unit_id_by_code(w.d, "31933"), "2025-05", "Huyện", &err), CN_OK);
	exec(w.d, "UPDATE member SET phone = '0911111111', updated_at = " FUTURE " WHERE full_name = 'Nguyễn Văn An'");
	export(w.d, "31933", "down.cnscd");
	CHECK_INT(cn_setting_set(w.a, "office_unit", "31933", &err), CN_OK);
	struct cn_bundle_import_result r;
	CHECK_INT(cn_bundle_import(w.a, t_path("down.cnscd"), &r, &err), CN_OK);
	CHECK(r.downward);
	CHECK(r.skipped >= 1);
	CHECK_INT(q(w.a, "SELECT count(*) FROM approval WHERE period = '2025-05' AND status = 1"), 1);
	char *phone = qs(w.a, "SELECT coalesce(phone, '') FROM member WHERE full_name = 'Nguyễn Văn An'");
	CHECK_STR(phone, "");
	free(phone);
	/* A whole-district bundle sent down: decisions for the other commune
	 * are not this office's, and are left alone too. */
	CHECK_INT(cn_approval_approve(w.d, cn_unit_id_by_code(w.d, "31924"), "2025-05", "Huyện", &err), CN_OK);
	export(w.d, "961", "down961.cnscd");
	CHECK_INT(cn_bundle_import(w.a, t_path("down961.cnscd"), &r, &err), CN_OK);
	CHECK(r.downward);
	CHECK_INT(q(w.a, "SELECT count(*) FROM approval a JOIN unit u ON u.id = a.unit_id WHERE u.code = '31924'"), 0);
	CHECK_INT(q(w.a, "SELECT count(*) FROM member"), 2);
	world_free(&w);
}

/* --- The bundle as a database: nothing in it may run ----------------------- */

TEST(bundle_with_a_view_that_never_ends_is_refused_at_once)
{
	struct world w;
	world(&w);
	/* The checksum covers tables only: a view named bundle_key with an
	 * endless recursive query used to hang the import holding the lock. */
	forge("a.cnscd", "f.cnscd",
	      "DROP TABLE bundle_key;"
	      "CREATE VIEW bundle_key AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
	      "SELECT 'unit' AS tbl, n AS id, 'x' AS uuid FROM r");
	refused(w.d, "f.cnscd", "gói do cnscd tạo không bao giờ có view hay trigger");
	world_free(&w);
}

TEST(bundle_with_a_trigger_or_a_virtual_table_is_refused)
{
	struct world w;
	world(&w);
	forge("a.cnscd", "f.cnscd",
	      "CREATE TRIGGER t AFTER INSERT ON bundle_header BEGIN SELECT 1; END");
	refused(w.d, "f.cnscd", "(trigger «t»)");
	forge("a.cnscd", "g.cnscd", "CREATE VIRTUAL TABLE notes USING fts4(body)");
	refused(w.d, "g.cnscd", "gói do cnscd tạo không có bảng ảo");
	forge("a.cnscd", "h.cnscd", "CREATE INDEX member_by_name ON member(full_name)");
	refused(w.d, "h.cnscd", "không có chỉ mục nào của riêng nó");
	forge("a.cnscd", "i.cnscd", "CREATE TABLE extra(x)");
	refused(w.d, "i.cnscd", "cơ sở dữ liệu này không có bảng đó");
	forge("a.cnscd", "j.cnscd", "ALTER TABLE member ADD COLUMN secret TEXT");
	refused(w.d, "j.cnscd", "bảng có cột mà cơ sở dữ liệu này không có");
	world_free(&w);
}

/* Whether NAME exists in the test's folder. */
static bool exists(const char *name)
{
	FILE *f = fopen(t_path(name), "rb");
	if (f)
		fclose(f);
	return f != NULL;
}

TEST(bundle_in_wal_mode_is_refused_and_its_folder_left_untouched)
{
	struct world w;
	world(&w);
	forge("a.cnscd", "f.cnscd", "PRAGMA journal_mode = WAL");
	/* A sidecar with committed rows the file itself does not have. */
	sqlite3 *sq;
	CHECK(sqlite3_open(t_path("f.cnscd"), &sq) == SQLITE_OK);
	CHECK(sqlite3_exec(sq, "PRAGMA wal_autocheckpoint = 0; UPDATE member SET note = 'từ tệp -wal'", NULL, NULL,
			   NULL) == SQLITE_OK);
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "cp '%s-wal' '%s-wal.keep'", t_path("f.cnscd"), t_path("f.cnscd"));
	CHECK(system(cmd) == 0);
	sqlite3_close(sq);
	snprintf(cmd, sizeof cmd, "mv '%s-wal.keep' '%s-wal'; rm -f '%s-shm'", t_path("f.cnscd"), t_path("f.cnscd"),
		 t_path("f.cnscd"));
	CHECK(system(cmd) == 0);
	refused(w.d, "f.cnscd", "tệp ở chế độ WAL");
	CHECK(!exists("f.cnscd-shm"));
	world_free(&w);
}

TEST(bundle_value_of_megabytes_is_refused_without_reading_it_whole)
{
	struct world w;
	world(&w);
	forge("a.cnscd", "f.cnscd", "UPDATE member SET note = zeroblob(5000000) || 'x'");
	refused(w.d, "f.cnscd", "tệp có một giá trị lớn quá mức");
	world_free(&w);
}

TEST(bundle_private_copy_is_gone_after_an_import)
{
	struct world w;
	world(&w);
	forge("a.cnscd", "f.cnscd", "CREATE TRIGGER t AFTER INSERT ON bundle_header BEGIN SELECT 1; END");
	refused(w.d, "f.cnscd", "trigger");
	import_ok(w.d, "a.cnscd");
	char cmd[512];
	snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s/backups' | grep -- '-bundle-')\"", t_tmpdir());
	CHECK(system(cmd) == 0);
	world_free(&w);
}

TEST(bundle_named_like_a_file_but_a_fifo_is_refused_without_waiting)
{
	struct world w;
	world(&w);
	CHECK_INT(mkfifo(t_path("x.cnscd"), 0600), 0);
	refused(w.d, "x.cnscd", "đó không phải một tệp thường (FIFO, thiết bị…)");
	world_free(&w);
}

TEST(bundle_undo_puts_the_record_of_the_last_exchange_back)
{
	struct world w;
	world(&w);
	char *base = qs(w.d, "SELECT group_concat(uuid || tbl || updated_at || local_at, ',') FROM "
			     "(SELECT * FROM bundle_base ORDER BY uuid)");
	long long priors = q(w.d, "SELECT count(*) FROM bundle_base_prior");
	import_ok(w.d, "a.cnscd");
	char *after = qs(w.d, "SELECT group_concat(uuid || tbl || updated_at || local_at, ',') FROM "
			      "(SELECT * FROM bundle_base ORDER BY uuid)");
	CHECK(strcmp(base, after) != 0);
	cn_error err = {0};
	CHECK(cn_audit_undo_last(w.d, &err) > 0);
	char *undone = qs(w.d, "SELECT group_concat(uuid || tbl || updated_at || local_at, ',') FROM "
			       "(SELECT * FROM bundle_base ORDER BY uuid)");
	CHECK_STR(undone, base);
	CHECK_INT(q(w.d, "SELECT count(*) FROM bundle_base_prior"), priors);
	/* The same bundle comes in again as new; the undo stamped the row it
	 * put back as changed here now, so that row is a conflict to choose. */
	struct cn_bundle_import_result r;
	CHECK_INT(cn_bundle_import(w.d, t_path("a.cnscd"), &r, &err), CN_OK);
	CHECK(!r.already);
	CHECK_INT(r.conflicts, 1);
	free(base);
	free(after);
	free(undone);
	world_free(&w);
}
