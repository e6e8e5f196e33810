#include <stdlib.h>
#include <time.h>

#include "cnscd/audit.h"
#include "cnscd/search.h"
#include "fixture.h"

/* First column of the first row of SQL, as an integer (-1 on error). */
static long long q_int(cn_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

/* First column of the first row of SQL, as text (malloc'd, NULL if none). */
static char *q_text(cn_db *db, const char *sql)
{
	sqlite3_stmt *st;
	char *v = NULL;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = cn_col_dup(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

/* Lets the clock move on: in another session, changes made outside a
 * transaction are told apart by their time. */
static void next_ms(void)
{
	struct timespec ts = {0, 3 * 1000 * 1000};
	nanosleep(&ts, NULL);
}

/* A team in Xã Vĩnh Mỹ A with Nguyễn Văn An (phone 0912345678). */
struct fx_people {
	long long team, an;
};

static struct fx_people fx_people(cn_db *db)
{
	struct fx_tree t = fx_bac_lieu(db);
	struct fx_people p;
	p.team = fx_team(db, t.commune);
	cn_error err = {0};
	cn_member m = {.team_id = p.team, .full_name = cn_strdup("Nguyễn Văn An"), .phone = cn_strdup("0912345678"),
		       .role = CN_ROLE_LEADER};
	if (cn_member_add(db, &m, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "member: %s", err.msg);
	p.an = m.id;
	cn_member_clear(&m);
	return p;
}

static int set_phone(cn_db *db, long long id, const char *phone)
{
	cn_error err = {0};
	cn_member m;
	cn_member_get(db, id, &m, &err);
	free(m.phone);
	m.phone = cn_strdup(phone);
	int rc = cn_member_update(db, &m, &err);
	if (rc != CN_OK)
		t_fail(__FILE__, __LINE__, "update: %s", err.msg);
	cn_member_clear(&m);
	return rc;
}

struct collected {
	cn_db *db;
	int n;
	char *lines[16];
};

static int collect(const cn_audit_entry *e, void *ctx)
{
	struct collected *c = ctx;
	if (c->n < 16)
		c->lines[c->n++] = cn_audit_describe(c->db, e);
	return 0;
}

static void collected_free(struct collected *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->lines[i]);
}

TEST(audit_records_insert_update_delete_with_json_values)
{
	cn_db *db = fx_open();
	struct fx_people p = fx_people(db);
	CHECK_INT(q_int(db, "SELECT count(*) FROM audit WHERE tbl = 'unit' AND action = 'insert'"), 3);
	CHECK_INT(q_int(db, "SELECT count(*) FROM audit WHERE tbl = 'team' AND action = 'insert'"), 1);
	/* An insert names the row, without its values: the row holds them. */
	char *v = q_text(db, "SELECT (new_values IS NULL AND old_values IS NULL) || '|' || row_uuid = "
			     "(SELECT '1|' || uuid FROM member) FROM audit WHERE tbl = 'member'");
	CHECK_STR(v, "1");
	free(v);

	set_phone(db, p.an, "0987654321");
	v = q_text(db, "SELECT json_extract(old_values, '$.phone') || ' ' || json_extract(new_values, '$.phone') "
		       "FROM audit WHERE tbl = 'member' AND action = 'update'");
	CHECK_STR(v, "0912345678 0987654321");
	free(v);

	cn_error err = {0};
	CHECK_INT(cn_member_delete(db, p.an, &err), CN_OK);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT json_extract(old_values, '$.phone') FROM audit WHERE tbl = 'member' "
				  "AND action = 'delete' AND row_id = %lld AND new_values IS NULL", p.an);
	v = q_text(db, sql);
	CHECK_STR(v, "0987654321");
	free(v);
	cn_db_close(db);
}

TEST(audit_skips_updates_of_housekeeping_columns_only)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	long long before = q_int(db, "SELECT count(*) FROM audit");
	cn_error err = {0};
	/* What cn_unit_rebuild_tree and a search reindex would do. */
	CHECK_INT(cn_db_exec(db, "UPDATE unit SET path = path || '', search_key = search_key || ' x', "
				 "updated_at = 'now'", &err), CN_OK);
	CHECK_INT(q_int(db, "SELECT count(*) FROM audit"), before);
	CHECK_INT(cn_db_exec(db, "UPDATE unit SET name = name || ' (cũ)' WHERE code = '95'", &err), CN_OK);
	CHECK_INT(q_int(db, "SELECT count(*) FROM audit"), before + 1);
	cn_db_close(db);
}

TEST(audit_catches_bulk_sql_outside_the_api)
{
	cn_db *db = fx_open();
	struct fx_people p = fx_people(db);
	char sql[400];
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250) "
		 "INSERT INTO member(team_id, full_name) SELECT %lld, 'Người ' || i FROM n", p.team);
	cn_error err = {0};
	CHECK_INT(cn_db_exec(db, sql, &err), CN_OK);
	CHECK_INT(q_int(db, "SELECT count(*) FROM audit WHERE tbl = 'member' AND action = 'insert'"), 251);
	/* Such rows have empty housekeeping values (search_key ''): undo of
	 * their changes compares those too. */
	CHECK_INT(cn_db_exec(db, "UPDATE member SET phone = '0911000111' WHERE full_name = 'Người 7'", &err), CN_OK);
	CHECK_INT(cn_audit_undo_last(db, &err), 1);
	CHECK_INT(q_int(db, "SELECT count(*) FROM member WHERE phone IS NULL AND full_name = 'Người 7'"), 1);
	cn_db_close(db);
}

TEST(audit_describes_changes_in_vietnamese)
{
	cn_db *db = fx_open();
	struct fx_people p = fx_people(db);
	set_phone(db, p.an, "0987654321");
	cn_error err = {0};
	cn_member m;
	cn_member_get(db, p.an, &m, &err);
	free(m.joined);
	m.joined = cn_strdup("05/12/2025");
	m.role = CN_ROLE_DEPUTY;
	CHECK_INT(cn_member_update(db, &m, &err), CN_OK);
	cn_member_clear(&m);

	struct collected c = {.db = db};
	CHECK_INT(cn_audit_list(db, NULL, 3, collect, &c, &err), 3);
	CHECK_STR(c.lines[0], "Sửa thành viên «Nguyễn Văn An»: vai trò Tổ trưởng → Tổ phó, "
			      "ngày vào tổ (trống) → 05/12/2025");
	CHECK_STR(c.lines[1], "Sửa thành viên «Nguyễn Văn An»: số điện thoại 0912345678 → 0987654321");
	CHECK_STR(c.lines[2], "Thêm thành viên «Nguyễn Văn An»");
	collected_free(&c);

	CHECK_INT(cn_team_delete(db, p.team, &err), CN_OK);
	c = (struct collected){.db = db};
	cn_audit_list(db, NULL, 2, collect, &c, &err);
	CHECK_HAS(c.lines[0], "Xóa tổ «Tổ CNSCĐ Xã Vĩnh Mỹ A»");
	CHECK_STR(c.lines[1], "Xóa thành viên «Nguyễn Văn An»");
	collected_free(&c);
	cn_db_close(db);
}

TEST(audit_names_an_insert_as_the_row_was_created)
{
	cn_db *db = fx_open();
	struct fx_people p = fx_people(db);
	cn_error err = {0};
	CHECK_INT(cn_db_exec(db, "UPDATE member SET full_name = 'Nguyễn Văn Ân'", &err), CN_OK);
	CHECK_INT(cn_db_exec(db, "UPDATE member SET full_name = 'Nguyễn Văn Bảo'", &err), CN_OK);
	struct collected c = {.db = db};
	CHECK_INT(cn_audit_history(db, "member", p.an, collect, &c, &err), 3);
	CHECK_STR(c.lines[0], "Sửa thành viên «Nguyễn Văn Bảo»: họ tên Nguyễn Văn Ân → Nguyễn Văn Bảo");
	CHECK_STR(c.lines[2], "Thêm thành viên «Nguyễn Văn An»");
	collected_free(&c);
	/* Deleted since: its delete entry still knows the name. */
	CHECK_INT(cn_db_exec(db, "DELETE FROM audit WHERE action = 'update'", &err), CN_OK);
	CHECK_INT(cn_member_delete(db, p.an, &err), CN_OK);
	c = (struct collected){.db = db};
	CHECK_INT(cn_audit_history(db, "member", p.an, collect, &c, &err), 2);
	CHECK_STR(c.lines[1], "Thêm thành viên «Nguyễn Văn Bảo»");
	collected_free(&c);
	/* Nothing left that tells: said so, never with an internal id. */
	CHECK_INT(cn_db_exec(db, "DELETE FROM audit WHERE action = 'delete'", &err), CN_OK);
	c = (struct collected){.db = db};
	CHECK_INT(cn_audit_history(db, "member", p.an, collect, &c, &err), 1);
	CHECK_STR(c.lines[0], "Thêm thành viên (đã xóa)");
	collected_free(&c);
	cn_db_close(db);
}

TEST(audit_regenerates_insert_triggers_of_the_older_form)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	cn_error err = {0};
	/* The insert trigger as databases made before this change have it. */
	CHECK_INT(cn_db_exec(db, "DROP TRIGGER audit_team_insert; CREATE TRIGGER audit_team_insert AFTER INSERT "
				 "ON team BEGIN INSERT INTO audit(tbl, row_id, row_uuid, action, old_values, "
				 "new_values) VALUES ('team', new.id, new.uuid, 'insert', NULL, "
				 "json_object('id', new.id, 'name', new.name)); END;", &err), CN_OK);
	cn_db_close(db);
	db = fx_open();
	CHECK_INT(q_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%json_object%' "
			    "AND name LIKE 'audit\\_%\\_insert' ESCAPE '\\'"), 0);
	CHECK_INT(q_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'audit_team_insert'"), 1);
	fx_team(db, q_int(db, "SELECT id FROM unit WHERE code = '95'"));
	CHECK_INT(q_int(db, "SELECT count(*) FROM audit WHERE tbl = 'team' AND action = 'insert' "
			    "AND new_values IS NULL"), 1);
	cn_db_close(db);
}

TEST(audit_list_since_and_limit)
{
	cn_db *db = fx_open();
	fx_people(db);
	cn_error err = {0};
	struct collected c = {.db = db};
	CHECK_INT(cn_audit_list(db, "2000-01-01", 0, collect, &c, &err), 5);
	collected_free(&c);
	c = (struct collected){.db = db};
	CHECK_INT(cn_audit_list(db, "2999-01-01", 0, collect, &c, &err), 0);
	CHECK_INT(cn_audit_list(db, NULL, 2, collect, &c, &err), 2);
	collected_free(&c);
	/* Today, in local time, includes what was just done. */
	char today[CN_DATE_LEN];
	cn_date_today(today);
	c = (struct collected){.db = db};
	CHECK_INT(cn_audit_list(db, today, 0, collect, &c, &err), 5);
	collected_free(&c);
	char shown[CN_AUDIT_TIME_LEN];
	cn_audit_time_display("2026-11-12T03:22:10.123Z", shown);
	CHECK_INT(strlen(shown), 16);
	CHECK(shown[2] == '/' && shown[5] == '/' && shown[10] == ' ' && shown[13] == ':');
	cn_db_close(db);
}

TEST(audit_history_of_one_record_newest_first)
{
	cn_db *db = fx_open();
	struct fx_people p = fx_people(db);
	fx_member(db, p.team, "Trần Thị Bình", CN_ROLE_MEMBER);
	set_phone(db, p.an, "0987654321");
	set_phone(db, p.an, "0977000111");
	cn_error err = {0};
	struct collected c = {.db = db};
	CHECK_INT(cn_audit_history(db, "member", p.an, collect, &c, &err), 3);
	CHECK_HAS(c.lines[0], "0987654321 → 0977000111");
	CHECK_HAS(c.lines[1], "0912345678 → 0987654321");
	CHECK_STR(c.lines[2], "Thêm thành viên «Nguyễn Văn An»");
	collected_free(&c);
	cn_db_close(db);
}

TEST(undo_restores_an_updated_row)
{
	cn_db *db = fx_open();
	struct fx_people p = fx_people(db);
	set_phone(db, p.an, "0987654321");
	char *preview = cn_audit_undo_preview(db);
	CHECK_STR(preview, "Sửa thành viên «Nguyễn Văn An»: số điện thoại 0912345678 → 0987654321");
	free(preview);
	cn_error err = {0};
	CHECK_INT(cn_audit_undo_last(db, &err), 1);
	cn_member m;
	cn_member_get(db, p.an, &m, &err);
	CHECK_STR(m.phone, "0912345678");
	cn_member_clear(&m);
	/* The undo is in the log itself, and the change it reverted is marked. */
	struct collected c = {.db = db};
	cn_audit_list(db, NULL, 2, collect, &c, &err);
	CHECK_STR(c.lines[0], "(hoàn tác) Sửa thành viên «Nguyễn Văn An»: số điện thoại 0987654321 → 0912345678");
	CHECK_HAS(c.lines[1], "[đã hoàn tác]");
	collected_free(&c);
	cn_db_close(db);
}

static int count_hits(const cn_search_hit *hit, void *ctx)
{
	(void)hit;
	(*(int *)ctx)++;
	return 0;
}

TEST(undo_brings_back_a_deleted_row_with_its_id_uuid_and_search)
{
	cn_db *db = fx_open();
	struct fx_people p = fx_people(db);
	char *uuid = q_text(db, "SELECT uuid FROM member");
	cn_error err = {0};
	CHECK_INT(cn_member_delete(db, p.an, &err), CN_OK);
	CHECK_INT(cn_audit_undo_last(db, &err), 1);
	cn_member m;
	CHECK_INT(cn_member_get(db, p.an, &m, &err), CN_OK);
	CHECK_STR(m.full_name, "Nguyễn Văn An");
	CHECK_STR(m.phone, "0912345678");
	CHECK_STR(m.uuid, uuid);
	CHECK_INT(m.role, CN_ROLE_LEADER);
	cn_member_clear(&m);
	free(uuid);
	int hits = 0;
	cn_search(db, "nguyen van an", 10, count_hits, &hits, &err);
	CHECK_INT(hits, 1);
	cn_db_close(db);
}

TEST(undo_removes_an_inserted_row)
{
	cn_db *db = fx_open();
	struct fx_people p = fx_people(db);
	long long binh = fx_member(db, p.team, "Trần Thị Bình", CN_ROLE_MEMBER);
	cn_error err = {0};
	CHECK_INT(cn_audit_undo_last(db, &err), 1);
	cn_member m;
	CHECK_INT(cn_member_get(db, binh, &m, &err), CN_ENOTFOUND);
	CHECK_INT(q_int(db, "SELECT count(*) FROM member"), 1);
	cn_db_close(db);
}

TEST(undo_of_an_insert_refuses_when_the_row_changed_behind_the_log)
{
	cn_db *db = fx_open();
	struct fx_people p = fx_people(db);
	cn_error err = {0};
	CHECK_INT(cn_db_exec(db, "DROP TRIGGER audit_member_update; UPDATE member SET phone = '0999999999'", &err),
		  CN_OK);
	/* The row as it is now is all the log has: undo takes it out. */
	CHECK_INT(cn_audit_undo_last(db, &err), 1);
	CHECK_INT(q_int(db, "SELECT count(*) FROM member"), 0);
	cn_db_close(db);

	/* With a recorded update, the row must be back as it was created. */
	remove(t_path("test.db"));
	db = fx_open();
	p = fx_people(db);
	set_phone(db, p.an, "0987654321");
	CHECK_INT(cn_audit_undo_last(db, &err), 1);
	CHECK_INT(cn_db_exec(db, "DROP TRIGGER audit_member_update; UPDATE member SET note = 'sửa tay'", &err),
		  CN_OK);
	CHECK_INT(cn_audit_undo_last(db, &err), CN_ECONFLICT);
	CHECK_HAS(err.msg, "Thêm thành viên «Nguyễn Văn An»");
	CHECK_INT(q_int(db, "SELECT count(*) FROM member"), 1);
	cn_db_close(db);
}

TEST(undo_again_goes_further_back_until_nothing_is_left)
{
	cn_db *db = fx_open();
	struct fx_people p = fx_people(db);
	set_phone(db, p.an, "0987654321");
	set_phone(db, p.an, "0977000111");
	cn_error err = {0};
	CHECK_INT(cn_audit_undo_last(db, &err), 1);
	CHECK_INT(cn_audit_undo_last(db, &err), 1);
	char *phone = q_text(db, "SELECT phone FROM member");
	CHECK_STR(phone, "0912345678");
	free(phone);
	/* Member, team, three units: all added in separate steps. */
	int undone = 0;
	while (cn_audit_undo_last(db, &err) > 0)
		undone++;
	CHECK_INT(err.code, CN_ENOTFOUND);
	CHECK_HAS(err.msg, "Không còn thay đổi nào để hoàn tác");
	CHECK_INT(undone, 5);
	CHECK_INT(q_int(db, "SELECT count(*) FROM unit"), 0);
	CHECK(cn_audit_undo_preview(db) == NULL);
	cn_db_close(db);
}

TEST(undo_of_a_team_deletion_brings_back_its_members)
{
	cn_db *db = fx_open();
	struct fx_people p = fx_people(db);
	fx_member(db, p.team, "Trần Thị Bình", CN_ROLE_MEMBER);
	fx_member(db, p.team, "Lê Văn Cường", CN_ROLE_DEPUTY);
	cn_error err = {0};
	CHECK_INT(cn_team_delete(db, p.team, &err), CN_OK);
	CHECK_INT(q_int(db, "SELECT count(*) FROM member"), 0);
	char *preview = cn_audit_undo_preview(db);
	CHECK_HAS(preview, "Xóa tổ «Tổ CNSCĐ Xã Vĩnh Mỹ A» (và 3 thay đổi khác cùng lúc)");
	free(preview);
	CHECK_INT(cn_audit_undo_last(db, &err), 4);
	CHECK_INT(q_int(db, "SELECT count(*) FROM member"), 3);
	CHECK_INT(q_int(db, "SELECT count(*) FROM team"), 1);
	CHECK_INT(q_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	cn_db_close(db);
}

TEST(undo_reverts_one_transaction_as_one_change)
{
	cn_db *db = fx_open();
	struct fx_people p = fx_people(db);
	cn_error err = {0};
	CHECK_INT(cn_db_begin(db, &err), CN_OK);
	for (int i = 0; i < 30; i++)
		fx_member(db, p.team, "Người Nhập Khẩu", CN_ROLE_MEMBER);
	CHECK_INT(cn_db_commit(db, &err), CN_OK);
	set_phone(db, p.an, "0987654321");
	CHECK_INT(cn_audit_undo_last(db, &err), 1);
	CHECK_INT(cn_audit_undo_last(db, &err), 30);
	CHECK_INT(q_int(db, "SELECT count(*) FROM member"), 1);
	cn_db_close(db);
}

TEST(undo_refuses_when_the_row_changed_behind_the_log)
{
	cn_db *db = fx_open();
	struct fx_people p = fx_people(db);
	set_phone(db, p.an, "0987654321");
	cn_error err = {0};
	/* A change the log did not see (its trigger dropped). */
	CHECK_INT(cn_db_exec(db, "DROP TRIGGER audit_member_update; UPDATE member SET note = 'sửa tay'", &err),
		  CN_OK);
	long long rows = q_int(db, "SELECT count(*) FROM audit");
	CHECK_INT(cn_audit_undo_last(db, &err), CN_ECONFLICT);
	CHECK_HAS(err.msg, "Không hoàn tác được");
	CHECK_HAS(err.msg, "đã bị sửa hoặc xóa");
	CHECK_INT(q_int(db, "SELECT count(*) FROM audit"), rows);
	char *phone = q_text(db, "SELECT phone FROM member");
	CHECK_STR(phone, "0987654321");
	free(phone);
	cn_db_close(db);
	/* Reopening puts the missing trigger back. */
	db = fx_open();
	CHECK_INT(q_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'audit_member_update'"), 1);
	cn_db_close(db);
}

TEST(undo_in_a_later_session_keeps_changes_apart)
{
	cn_db *db = fx_open();
	struct fx_people p = fx_people(db);
	long long binh = fx_member(db, p.team, "Trần Thị Bình", CN_ROLE_MEMBER);
	next_ms();
	cn_error err = {0};
	CHECK_INT(cn_db_begin(db, &err), CN_OK);
	fx_member(db, p.team, "Lê Văn Cường", CN_ROLE_DEPUTY);
	fx_member(db, p.team, "Phạm Thị Dung", CN_ROLE_MEMBER);
	CHECK_INT(cn_db_commit(db, &err), CN_OK);
	next_ms();
	CHECK_INT(cn_member_delete(db, binh, &err), CN_OK);
	next_ms();
	CHECK_INT(cn_team_delete(db, p.team, &err), CN_OK);
	cn_db_close(db);

	db = fx_open();
	CHECK_INT(cn_audit_undo_last(db, &err), 4);   /* the team and its three members */
	CHECK_INT(cn_audit_undo_last(db, &err), 1);   /* Bình's deletion */
	CHECK_INT(cn_audit_undo_last(db, &err), 2);   /* the transaction that added two */
	CHECK_INT(q_int(db, "SELECT count(*) FROM member"), 2);
	cn_db_close(db);
}
