/* Restoring a backup: check first, keep what is replaced, replace in one
 * transaction. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup_internal.h"
#include "db_internal.h"
#include "cnscd/os.h"

static int query_int(sqlite3 *h, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sqlite3_extended_errcode(h);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? rc : sqlite3_extended_errcode(h);
}

/* Is the database open on H (the file NAME to the user) a cnscd database of
 * a schema we know? With INTEGRITY, also runs PRAGMA integrity_check. */
static int check_open(sqlite3 *h, const char *name, bool integrity, int *version, cn_error *err)
{
	int app = 0, v = 0;
	int rc = query_int(h, "PRAGMA application_id", &app);
	if (rc == SQLITE_OK)
		rc = query_int(h, "PRAGMA user_version", &v);
	if ((rc & 0xFF) == SQLITE_NOTADB)
		return cn_fail(err, CN_EINVAL, "Tệp %s không phải cơ sở dữ liệu cnscd (không phải tệp SQLite); "
			       "không khôi phục, không có gì bị thay đổi.", name);
	if (rc != SQLITE_OK)
		return cn_sqlite_fail(h, rc, err, "Không đọc được tệp cần khôi phục");
	if (app != CN_APPLICATION_ID || v < 1)
		return cn_fail(err, CN_EINVAL, "Tệp %s không phải cơ sở dữ liệu cnscd; không khôi phục, không có gì "
			       "bị thay đổi.", name);
	if (v > cn_db_latest_version())
		return cn_fail(err, CN_EVERSION, "Tệp %s do phiên bản cnscd mới hơn tạo (lược đồ %d, bản này hiểu "
			       "đến %d). Hãy cập nhật cnscd trước; không khôi phục, không có gì bị thay đổi.", name, v,
			       cn_db_latest_version());
	if (integrity) {
		sqlite3_stmt *st;
		rc = sqlite3_prepare_v2(h, "PRAGMA integrity_check(3)", -1, &st, NULL);
		if (rc != SQLITE_OK)
			return cn_sqlite_fail(h, sqlite3_extended_errcode(h), err, "Không kiểm tra được tệp cần khôi phục");
		cn_buf problems = {0};
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (problems.len)
				cn_buf_adds(&problems, "; ");
			cn_buf_adds(&problems, cn_col_text(st, 0));
		}
		sqlite3_finalize(st);
		bool ok = rc == SQLITE_DONE && strcmp(cn_buf_str(&problems), "ok") == 0;
		if (!ok)
			cn_fail(err, CN_EDB, "Tệp %s bị hỏng (kiểm tra toàn vẹn: %s); không khôi phục, không có gì bị "
				"thay đổi.", name, problems.len ? cn_buf_str(&problems) : sqlite3_errmsg(h));
		cn_buf_free(&problems);
		if (!ok)
			return CN_EDB;
	}
	if (version)
		*version = v;
	return CN_OK;
}

static int open_file(const char *file, int flags, sqlite3 **h, cn_error *err)
{
	if (cn_os_access(file, R_OK) != 0) {
		int e = errno;
		return cn_fail(err, e == ENOENT ? CN_ENOTFOUND : CN_EIO, "Không đọc được tệp %s: %s", file,
			       strerror(e));
	}
	int rc = sqlite3_open_v2(file, h, flags, NULL);
	if (rc != SQLITE_OK) {
		cn_sqlite_fail(*h, rc, err, "Không mở được tệp cần khôi phục");
		sqlite3_close(*h);
		*h = NULL;
		return err ? err->code : CN_EIO;
	}
	return CN_OK;
}

int cn_backup_check(const char *file, int *version, cn_error *err)
{
	sqlite3 *h;
	int rc = open_file(file, SQLITE_OPEN_READONLY, &h, err);
	if (rc != CN_OK)
		return rc;
	rc = check_open(h, file, true, version, err);
	sqlite3_close(h);
	return rc;
}

static bool same_file(const char *a, const char *b)
{
	return cn_os_same_file(a, b);
}

/* SQLite copies into a WAL database only between equal page sizes. */
static int match_page_size(cn_db *db, sqlite3 *h, cn_error *err)
{
	int want = 0, have = 0;
	if (query_int(cn_db_sqlite(db), "PRAGMA page_size", &want) != SQLITE_OK ||
	    query_int(h, "PRAGMA page_size", &have) != SQLITE_OK)
		return cn_sqlite_fail(h, sqlite3_extended_errcode(h), err, "Không đọc được tệp cần khôi phục");
	if (want == have)
		return CN_OK;
	char sql[80];
	snprintf(sql, sizeof sql, "PRAGMA page_size = %d; VACUUM", want);
	int rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? CN_OK : cn_sqlite_fail(h, sqlite3_extended_errcode(h), err,
							"Không chuẩn bị được tệp cần khôi phục");
}

/* Copies the checked database open on H over DB's content: one write
 * transaction on DB, which waits (busy handler) for other writers. */
static int copy_over(cn_db *db, sqlite3 *h, cn_error *err)
{
	sqlite3 *live = cn_db_sqlite(db);
	sqlite3_backup *b = sqlite3_backup_init(live, "main", h, "main");
	if (!b)
		return cn_sqlite_fail(live, sqlite3_extended_errcode(live), err, "Không khôi phục được");
	int step = sqlite3_backup_step(b, -1);
	int rc = sqlite3_backup_finish(b);
	if (step != SQLITE_DONE && rc == SQLITE_OK)
		rc = step;
	return rc == SQLITE_OK ? CN_OK : cn_sqlite_fail(live, rc, err, "Không khôi phục được");
}

int cn_backup_restore(cn_db *db, const char *file, char **saved, cn_error *err)
{
	if (saved)
		*saved = NULL;
	if (same_file(file, cn_db_path(db)))
		return cn_fail(err, CN_EINVAL, "Tệp %s chính là cơ sở dữ liệu đang dùng; hãy chọn một bản sao lưu.",
			       file);
	sqlite3 *src = NULL, *h = NULL;
	int rc = open_file(file, SQLITE_OPEN_READONLY, &src, err);
	if (rc != CN_OK)
		return rc;
	/* Quick checks on the user's file for a clear message, then the full
	 * check on a private copy: what is checked is exactly what gets
	 * restored, and the user's file is only ever read. */
	rc = check_open(src, file, false, NULL, err);
	char *dir = cn_backup_dir(cn_db_path(db)), *stem = cn_backup_stem(cn_db_path(db));
	char *tmp = cn_sprintf("%s/.%s-restore-%ld.tmp", dir, stem, (long)getpid());
	if (rc == CN_OK)
		rc = cn_backup_make_dir(dir, err);
	if (rc == CN_OK)
		rc = cn_backup_copy(src, tmp, "Không chép được tệp cần khôi phục", err);
	/* A damaged schema stops the copy itself, before the integrity check
	 * could say so: the same words, and nothing was changed either way. */
	if (rc == CN_EDB && err) {
		char *why = cn_strdup(err->msg);
		cn_fail(err, CN_EDB, "Tệp %s bị hỏng (%s); không khôi phục, không có gì bị thay đổi.", file, why);
		free(why);
	}
	sqlite3_close(src);
	if (rc == CN_OK)
		rc = open_file(tmp, SQLITE_OPEN_READWRITE, &h, err);
	if (rc == CN_OK)
		rc = check_open(h, file, true, NULL, err);
	if (rc == CN_OK)
		rc = match_page_size(db, h, err);
	if (rc == CN_OK)
		rc = cn_backup_make(db, "before-restore", saved, err);
	if (rc == CN_OK)
		rc = copy_over(db, h, err);
	sqlite3_close(h);
	cn_backup_remove(tmp);
	free(tmp);
	free(stem);
	free(dir);
	return rc;
}
