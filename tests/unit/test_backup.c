#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cnscd/assets.h"
#include "cnscd/backup.h"
#include "cnscd/restore.h"
#include "cnscd/settings.h"
#include "fixture.h"

static long long file_int(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return v;
}

static char *file_text(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	char *v = NULL;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = cn_col_dup(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return v;
}

static void exec_file(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_open(path, &h);
	char *msg = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
		t_fail(__FILE__, __LINE__, "%s: %s", sql, msg);
	sqlite3_free(msg);
	sqlite3_close(h);
}

/* Names in the test's backups folder that contain PART, counted. */
static int backups_named(const char *part)
{
	DIR *d = opendir(t_path("backups"));
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		n += e->d_name[0] != '.' && strstr(e->d_name, part) != NULL;
	if (d)
		closedir(d);
	return n;
}

static int mode_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

TEST(backup_is_a_private_consistent_copy_in_a_private_folder)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	cn_error err = {0};
	char *path = NULL;
	CHECK_INT(cn_store_backup(db, NULL, &path, &err), CN_OK);
	CHECK_HAS(path, "/backups/test-");
	CHECK_INT(strlen(strrchr(path, '/')), strlen("/test-20261112-102200.db"));
	CHECK_INT(mode_of(path), 0600);
	CHECK_INT(mode_of(t_path("backups")), 0700);
	CHECK_INT(file_int(path, "SELECT count(*) FROM unit"), 3);
	CHECK_INT(file_int(path, "PRAGMA application_id"), CN_APPLICATION_ID);
	char *mode = file_text(path, "PRAGMA journal_mode");
	CHECK_STR(mode, "delete");
	free(mode);
	CHECK_INT(cn_restore_check(path, NULL, &err), CN_OK);
	free(path);
	/* A second one in the same second gets its own name. */
	CHECK_INT(cn_store_backup(db, "manual", NULL, &err), CN_OK);
	CHECK_INT(cn_store_backup(db, "manual", NULL, &err), CN_OK);
	CHECK_INT(backups_named("-manual"), 2);
	cn_db_close(db);
}

TEST(backup_to_a_file_refuses_to_overwrite)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	cn_error err = {0};
	const char *out = t_path("copy.db");
	CHECK_INT(cn_backup_to(db, out, &err), CN_OK);
	CHECK_INT(mode_of(out), 0600);
	CHECK_INT(file_int(out, "SELECT count(*) FROM unit"), 3);
	CHECK_INT(cn_backup_to(db, out, &err), CN_EEXIST);
	CHECK_HAS(err.msg, "đã có");
	cn_db_close(db);
}

TEST(backup_keeps_only_the_newest_n_of_this_database)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	cn_error err = {0};
	CHECK_INT(cn_setting_put(db, "backup_keep", "3", &err), CN_OK);
	CHECK_INT(cn_setting_number(db, "backup_keep"), 3);
	CHECK_INT(cn_setting_put(db, "backup_keep", "0", &err), CN_EINVAL);
	mkdir(t_path("backups"), 0700);
	t_write_file("backups/test-20200101-000001.db", "old");
	t_write_file("backups/test-20200101-000002-before-upgrade.db", "old");
	t_write_file("backups/test-20200102-000000.db", "old");
	t_write_file("backups/test-20200103-000000.db", "old");
	t_write_file("backups/other-20200101-000000.db", "another database's");
	t_write_file("backups/notes.txt", "not a backup");
	CHECK_INT(cn_store_backup(db, NULL, NULL, &err), CN_OK);
	CHECK_INT(backups_named("test-"), 3);
	CHECK_INT(backups_named("test-2020010"), 2);
	CHECK_INT(backups_named("test-20200103"), 1);
	CHECK_INT(backups_named("test-20200102"), 1);
	CHECK_INT(backups_named("other-"), 1);
	CHECK_INT(backups_named("notes.txt"), 1);
	cn_db_close(db);
}

TEST(daily_backup_once_a_day_and_only_with_data)
{
	cn_db *db = fx_open();
	cn_error err = {0};
	CHECK_INT(cn_store_daily_backup(db, &err), 0);
	CHECK_INT(backups_named("test-"), 0);
	fx_bac_lieu(db);
	/* Yesterday's backup does not count for today. */
	mkdir(t_path("backups"), 0700);
	t_write_file("backups/test-20200101-000000.db", "old");
	CHECK_INT(cn_store_daily_backup(db, &err), 1);
	CHECK_INT(cn_store_daily_backup(db, &err), 0);
	cn_db_close(db);
	db = fx_open();
	CHECK_INT(cn_store_daily_backup(db, &err), 0);
	CHECK_INT(backups_named("test-"), 2);
	cn_db_close(db);
}

/* A database as cnscd schema 1 left it, with one unit. */
static const char *make_v1(const char *name)
{
	const char *path = t_path(name);
	const char *init = NULL;
	for (const struct cn_asset *a = cn_assets; a->path; a++)
		if (strcmp(a->path, "migrations/0001_init.sql") == 0)
			init = a->data;
	CHECK(init != NULL);
	exec_file(path, init);
	char sql[300];
	snprintf(sql, sizeof sql,
		 "PRAGMA journal_mode = WAL; PRAGMA user_version = 1; PRAGMA application_id = %d; "
		 "INSERT INTO unit(code, name, type, level, path) VALUES ('95', 'Tỉnh Bạc Liêu', 'Tỉnh', 1, '/1/')",
		 CN_APPLICATION_ID);
	exec_file(path, sql);
	return path;
}

TEST(upgrade_of_an_existing_database_backs_it_up_first)
{
	make_v1("test.db");
	cn_db *db = fx_open();
	CHECK_INT(cn_db_schema_version(db), cn_db_latest_version());
	cn_db_close(db);
	CHECK_INT(backups_named("-before-upgrade.db"), 1);
	DIR *d = opendir(t_path("backups"));
	struct dirent *e;
	char path[4096] = "";
	while (d && (e = readdir(d)) != NULL)
		if (strstr(e->d_name, "before-upgrade"))
			snprintf(path, sizeof path, "%s/%s", t_path("backups"), e->d_name);
	if (d)
		closedir(d);
	CHECK_INT(file_int(path, "PRAGMA user_version"), 1);
	CHECK_INT(file_int(path, "SELECT count(*) FROM unit"), 1);
	CHECK_INT(file_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'audit'"), 0);
	/* No backup, no upgrade: a folder that cannot be made stops it. */
	make_v1("stuck.db");
	cn_error why = {0};
	t_write_file("backups-blocker", "");
	CHECK_INT(rename(t_path("backups"), t_path("backups-made")), 0);
	CHECK_INT(rename(t_path("backups-blocker"), t_path("backups")), 0);
	CHECK(cn_store_open(t_path("stuck.db"), 0, &why) == NULL);
	CHECK_HAS(why.msg, "Chưa nâng cấp cơ sở dữ liệu (lược đồ 1) vì không sao lưu được trước");
	CHECK_INT(file_int(t_path("stuck.db"), "PRAGMA user_version"), 1);
	/* A new database has nothing to keep: no backup is tried (it would
	 * fail now). */
	cn_error err = {0};
	cn_db *fresh = cn_store_open(t_path("fresh.db"), CN_DB_CREATE, &err);
	CHECK(fresh != NULL);
	cn_db_close(fresh);
}

TEST(restore_replaces_content_and_keeps_the_replaced_one)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	cn_error err = {0};
	const char *saved_copy = t_path("saved.db");
	CHECK_INT(cn_backup_to(db, saved_copy, &err), CN_OK);
	fx_unit(db, "31876", "Xã Vĩnh Mỹ B", "Xã", t.district);
	CHECK_INT(cn_unit_delete(db, t.commune, &err), CN_OK);
	char *before = NULL;
	CHECK_INT(cn_store_restore(db, saved_copy, &before, &err), CN_OK);
	CHECK_HAS(before, "-before-restore.db");
	CHECK_INT(mode_of(before), 0600);
	CHECK_INT(file_int(before, "SELECT count(*) FROM unit WHERE code = '31876'"), 1);
	cn_db_close(db);
	db = fx_open();
	CHECK_INT(cn_unit_id_by_code(db, "31933"), t.commune);
	CHECK_INT(cn_unit_id_by_code(db, "31876"), 0);
	free(before);
	cn_db_close(db);
	char *ok = file_text(t_path("test.db"), "PRAGMA integrity_check");
	CHECK_STR(ok, "ok");
	free(ok);
}

/* Restoring FILE fails with CODE and MESSAGE and changes nothing. */
static void check_refused(const char *file, int code, const char *message)
{
	cn_db *db = fx_open();
	if (!cn_unit_id_by_code(db, "31933"))
		fx_bac_lieu(db);
	cn_error err = {0};
	CHECK_INT(cn_store_restore(db, file, NULL, &err), code);
	CHECK_HAS(err.msg, message);
	CHECK_HAS(err.msg, "không có gì bị thay đổi");
	CHECK_INT(cn_unit_id_by_code(db, "31933") > 0, 1);
	cn_db_close(db);
	CHECK_INT(backups_named("before-restore"), 0);
	CHECK_INT(backups_named(".tmp"), 0);
}

TEST(restore_refuses_a_newer_schema)
{
	cn_error err = {0};
	cn_db *other = cn_store_open(t_path("newer.db"), CN_DB_CREATE, &err);
	cn_db_exec(other, "PRAGMA user_version = 99", &err);
	cn_db_close(other);
	check_refused(t_path("newer.db"), CN_EVERSION, "phiên bản cnscd mới hơn");
}

TEST(restore_refuses_files_that_are_not_cnscd_databases)
{
	t_write_file("text.db", "họ tên,số điện thoại\nAn,0912345678\n");
	check_refused(t_path("text.db"), CN_EINVAL, "không phải cơ sở dữ liệu cnscd");
	exec_file(t_path("foreign.db"), "CREATE TABLE x(a); INSERT INTO x VALUES (1)");
	check_refused(t_path("foreign.db"), CN_EINVAL, "không phải cơ sở dữ liệu cnscd");
	cn_error err = {0};
	CHECK_INT(cn_restore_check(t_path("missing.db"), NULL, &err), CN_ENOTFOUND);
}

TEST(restore_refuses_a_damaged_file)
{
	cn_db *src = cn_store_open(t_path("good.db"), CN_DB_CREATE, NULL);
	struct fx_tree t = fx_bac_lieu(src);
	for (int i = 0; i < 300; i++) {
		char code[16];
		snprintf(code, sizeof code, "31933.%03d", i);
		fx_unit(src, code, "Ấp Có Tên Khá Dài Để Chiếm Nhiều Trang", "Ấp", t.commune);
	}
	cn_error err = {0};
	CHECK_INT(cn_backup_to(src, t_path("damaged.db"), &err), CN_OK);
	cn_db_close(src);
	/* Scribble over a whole data page, past the header page: the one at
	 * a third of the file (the middle made the page copy itself fail,
	 * with a message that does not say nothing changed, once insert audit
	 * rows lost their JSON and the file shrank; a part of a page may be
	 * its free space, which no check reads). */
	FILE *f = fopen(t_path("damaged.db"), "r+b");
	CHECK(f != NULL);
	unsigned char header[18];
	CHECK(fread(header, 1, sizeof header, f) == sizeof header);
	long page = header[16] << 8 | header[17];
	if (page == 1)
		page = 65536;
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, size / 3 / page * page, SEEK_SET);
	for (long i = 0; i < page; i++)
		fputc((int)(i * 7 & 0xFF), f);
	fclose(f);
	check_refused(t_path("damaged.db"), CN_EDB, "bị hỏng");
}

TEST(restore_of_an_older_file_is_upgraded_on_reopen)
{
	const char *old = make_v1("old.db");
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	cn_error err = {0};
	int version = 0;
	CHECK_INT(cn_restore_check(old, &version, &err), CN_OK);
	CHECK_INT(version, 1);
	CHECK_INT(cn_store_restore(db, old, NULL, &err), CN_OK);
	cn_db_close(db);
	db = fx_open();
	CHECK(db != NULL);
	CHECK_INT(cn_db_schema_version(db), cn_db_latest_version());
	CHECK_INT(cn_unit_id_by_code(db, "95"), 1);
	CHECK_INT(cn_unit_id_by_code(db, "31933"), 0);
	/* The audit log works on the restored data. */
	CHECK_INT(cn_db_exec(db, "UPDATE unit SET name = 'Tỉnh BL'", &err), CN_OK);
	long long n = -1;
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT count(*) FROM audit", -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	CHECK_INT(n, 1);
	cn_db_close(db);
}

TEST(restore_of_a_file_with_another_page_size)
{
	cn_db *src = cn_store_open(t_path("big-pages.db"), CN_DB_CREATE, NULL);
	fx_bac_lieu(src);
	cn_db_close(src);
	exec_file(t_path("big-pages.db"), "PRAGMA journal_mode = DELETE; PRAGMA page_size = 8192; VACUUM");
	CHECK_INT(file_int(t_path("big-pages.db"), "PRAGMA page_size"), 8192);
	cn_db *db = fx_open();
	cn_error err = {0};
	CHECK_INT(cn_store_restore(db, t_path("big-pages.db"), NULL, &err), CN_OK);
	if (err.code)
		t_fail(__FILE__, __LINE__, "%s", err.msg);
	CHECK_INT(cn_unit_id_by_code(db, "31933") > 0, 1);
	cn_db_close(db);
}

static int notices;
static void on_wait(void *ctx)
{
	(void)ctx;
	notices++;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

TEST(busy_writer_is_told_once_then_fails_cleanly_at_the_timeout)
{
	setenv("CNSCD_BUSY_TIMEOUT_MS", "1500", 1);
	cn_db_set_wait_notice(on_wait, NULL);
	cn_db *holder = fx_open();
	cn_db *waiter = fx_open();
	cn_error err = {0};
	CHECK_INT(cn_db_begin(holder, &err), CN_OK);
	CHECK_INT(cn_setting_set(holder, "x", "1", &err), CN_OK);
	long long start = now_ms();
	CHECK_INT(cn_setting_set(waiter, "y", "2", &err), CN_EBUSY);
	long long waited = now_ms() - start;
	CHECK(waited >= 1400 && waited < 5000);
	CHECK_INT(notices, 1);
	CHECK_HAS(err.msg, "đang bận");
	/* Once the lock is gone the same write goes through, without notice. */
	CHECK_INT(cn_db_commit(holder, &err), CN_OK);
	CHECK_INT(cn_setting_set(waiter, "y", "2", &err), CN_OK);
	CHECK_INT(notices, 1);
	cn_db_close(holder);
	cn_db_close(waiter);
}

/* Becomes "nobody" when run as root, to whom file modes mean nothing; the
 * test's folder is opened up first so that nobody can reach it. */
static void drop_root(const char *file)
{
	if (geteuid() != 0)
		return;
	chmod(t_tmpdir(), 0777);
	if (chown(file, 65534, 65534) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
		t_skip("cannot become nobody to test file permissions");
}

TEST(read_only_database_is_refused_for_writing_with_a_clear_message)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	cn_db_close(db);
	chmod(t_path("test.db"), 0400);
	drop_root(t_path("test.db"));
	cn_error err = {0};
	CHECK(cn_store_open(t_path("test.db"), 0, &err) == NULL);
	CHECK_INT(err.code, CN_ERDONLY);
	CHECK_HAS(err.msg, "chỉ cho phép đọc");
	/* Reading is still possible. */
	db = cn_store_open(t_path("test.db"), CN_DB_READONLY, &err);
	CHECK(db != NULL);
	CHECK_INT(cn_unit_id_by_code(db, "31933") > 0, 1);
	cn_db_close(db);
}

TEST(full_disk_fails_with_the_full_message_and_keeps_the_data)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	fx_member(db, team, "Nguyễn Văn An", CN_ROLE_LEADER);
	cn_db_close(db);
	/* The process may not grow any file past 1 MB: writes beyond fail with
	 * EFBIG once SIGXFSZ (which would kill it) is ignored. */
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit old, lim;
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = 1024 * 1024;
	CHECK_INT(setrlimit(RLIMIT_FSIZE, &lim), 0);
	db = fx_open();
	cn_error err = {0};
	int rc = cn_db_begin(db, &err);
	for (int i = 0; rc == CN_OK && i < 20000; i++) {
		cn_member m = {.team_id = team, .full_name = cn_strdup("Người Điền Đầy Đĩa Có Tên Dài"),
			       .note = cn_strdup("Ghi chú dài để làm đầy tệp nhanh hơn một chút nữa")};
		rc = cn_member_add(db, &m, &err);
		cn_member_clear(&m);
	}
	if (rc == CN_OK)
		rc = cn_db_commit(db, &err);
	else
		cn_db_rollback(db);
	CHECK_INT(rc, CN_EFULL);
	CHECK_HAS(err.msg, "đĩa đã đầy");
	cn_db_close(db);
	setrlimit(RLIMIT_FSIZE, &old);
	db = fx_open();
	CHECK(db != NULL);
	char *ok = file_text(t_path("test.db"), "PRAGMA integrity_check");
	CHECK_STR(ok, "ok");
	free(ok);
	CHECK_INT(file_int(t_path("test.db"), "SELECT count(*) FROM member"), 1);
	cn_db_close(db);
}

/* --- Issue 18: a file to restore is untrusted ------------------------------ */

/* A good copy of a database with one commune and a member, as NAME; its
 * path in OUT (t_path's buffers are reused). */
static const char *good_copy(const char *name, char out[512])
{
	char source[256];
	snprintf(source, sizeof source, "source-%s", name);
	cn_db *src = cn_store_open(t_path(source), CN_DB_CREATE, NULL);
	struct fx_tree t = fx_bac_lieu(src);
	fx_member(src, fx_team(src, t.commune), "Nguyễn Văn An", 1);
	cn_error err = {0};
	snprintf(out, 512, "%s", t_path(name));
	CHECK_INT(cn_backup_to(src, out, &err), CN_OK);
	cn_db_close(src);
	return out;
}

TEST(restore_refuses_a_file_with_a_trigger_of_its_own)
{
	/* Installed, it would rewrite every phone that is ever imported. */
	char buf[512];
	const char *file = good_copy("trigger.db", buf);
	exec_file(file, "CREATE TRIGGER steal AFTER INSERT ON member BEGIN "
			"UPDATE member SET phone = '0999999999' WHERE id = new.id; END");
	check_refused(file, CN_EINVAL, "cơ sở dữ liệu cnscd không có trigger này");
	check_refused(file, CN_EINVAL, "(trigger «steal»)");
	/* A trigger of cnscd's with another body. */
	file = good_copy("changed.db", buf);
	exec_file(file, "DROP TRIGGER member_fts_ai; CREATE TRIGGER member_fts_ai AFTER INSERT ON member BEGIN "
			"UPDATE member SET phone = '0999999999' WHERE id = new.id; END");
	check_refused(file, CN_EINVAL, "trigger này khác trigger cùng tên của cnscd");
	/* A view, a table and a column of its own. */
	file = good_copy("view.db", buf);
	exec_file(file, "CREATE VIEW everyone AS SELECT * FROM member");
	check_refused(file, CN_EINVAL, "cơ sở dữ liệu cnscd không có view nào");
	file = good_copy("table.db", buf);
	exec_file(file, "CREATE TABLE extra(x)");
	check_refused(file, CN_EINVAL, "(table «extra»)");
	file = good_copy("column.db", buf);
	exec_file(file, "ALTER TABLE member ADD COLUMN secret TEXT DEFAULT 'x'");
	check_refused(file, CN_EINVAL, "bảng này khác bảng cùng tên của cnscd");
	file = good_copy("missing.db", buf);
	exec_file(file, "DROP TRIGGER unit_tally_team_ins");
	check_refused(file, CN_EINVAL, "thiếu trigger «unit_tally_team_ins»");
}

TEST(restore_makes_the_audit_triggers_again)
{
	/* An audit trigger with cnscd's name but a body of its own: dropped
	 * and made again, so it never runs here. */
	char buf[512];
	const char *file = good_copy("audit.db", buf);
	exec_file(file, "DROP TRIGGER audit_member_update; CREATE TRIGGER audit_member_update AFTER UPDATE ON member "
			"BEGIN UPDATE member SET phone = '0999999999' WHERE id = new.id; END");
	cn_db *db = fx_open();
	cn_error err = {0};
	CHECK_INT(cn_store_restore(db, file, NULL, &err), CN_OK);
	cn_db_close(db);
	db = fx_open();
	CHECK_INT(cn_db_exec(db, "UPDATE member SET phone = '0912345678'", &err), CN_OK);
	char *phone = file_text(t_path("test.db"), "SELECT phone FROM member");
	CHECK_STR(phone, "0912345678");
	free(phone);
	char *sql = file_text(t_path("test.db"), "SELECT sql FROM sqlite_master WHERE name = 'audit_member_update'");
	CHECK(sql && strstr(sql, "INSERT INTO audit") != NULL);
	free(sql);
	cn_db_close(db);
}

TEST(restore_of_a_wal_file_never_reads_its_sidecar)
{
	/* In WAL mode with no sidecar: taken as it is. */
	char buf[512];
	const char *file = good_copy("wal.db", buf);
	exec_file(file, "PRAGMA journal_mode = WAL");
	cn_error err = {0};
	CHECK_INT(cn_restore_check(file, NULL, &err), CN_OK);
	CHECK_INT(access(t_path("wal.db-shm"), F_OK), -1);
	/* With committed rows still in its -wal: refused, nothing read. */
	sqlite3 *h;
	CHECK(sqlite3_open(file, &h) == SQLITE_OK);
	CHECK(sqlite3_exec(h, "PRAGMA wal_autocheckpoint = 0; UPDATE member SET note = 'trong -wal'", NULL, NULL,
			   NULL) == SQLITE_OK);
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "cp '%s-wal' '%s.keep'", file, file);
	CHECK(system(cmd) == 0);
	sqlite3_close(h);
	snprintf(cmd, sizeof cmd, "mv '%s.keep' '%s-wal'; rm -f '%s-shm'", file, file, file);
	CHECK(system(cmd) == 0);
	check_refused(file, CN_EINVAL, "phần dữ liệu chưa gộp vẫn nằm riêng");
	CHECK_INT(access(t_path("wal.db-shm"), F_OK), -1);
}

TEST(restore_and_check_refuse_a_fifo_without_waiting)
{
	CHECK_INT(mkfifo(t_path("x.db"), 0600), 0);
	cn_error err = {0};
	CHECK_INT(cn_restore_check(t_path("x.db"), NULL, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "không phải một tệp thường");
	check_refused(t_path("x.db"), CN_EINVAL, "không phải một tệp thường");
}
