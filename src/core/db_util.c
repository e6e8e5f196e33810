#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

int cn_step_done(cn_db *db, sqlite3_stmt *st, cn_error *err, const char *what)
{
	int rc = sqlite3_step(st);
	int out = CN_OK;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		out = cn_db_fail(db, err, what);
	sqlite3_reset(st);
	return out;
}

char *cn_path_end(const char *path)
{
	char *end = cn_strdup(path);
	size_t n = strlen(end);
	if (n)
		end[n - 1] = '0'; /* '/' + 1 */
	return end;
}

int cn_update_missed(cn_db *db, const char *table, long long id, cn_error *err)
{
	char *sql = cn_sprintf("SELECT 1 FROM %s WHERE id = ?", table);
	sqlite3_stmt *st;
	bool exists = false;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		exists = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	free(sql);
	if (exists)
		return cn_fail(err, CN_ECONFLICT,
			       "Bản ghi này vừa được sửa ở nơi khác (một cửa sổ cnscd khác) sau khi bạn mở nó. "
			       "Hãy mở lại để xem bản mới rồi sửa tiếp.");
	return cn_fail(err, CN_ENOTFOUND, "Bản ghi này không còn nữa (đã bị xóa ở nơi khác).");
}

int cn_step_row(cn_db *db, sqlite3_stmt *st, cn_error *err, const char *missing, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return CN_OK;
	int result = rc == SQLITE_DONE ? cn_fail(err, CN_ENOTFOUND, "%s", missing) : cn_db_fail(db, err, what);
	sqlite3_reset(st);
	return result;
}

int cn_unit_subtree(cn_db *db, long long id, char **start, char **end, cn_error *err)
{
	*start = *end = NULL;
	sqlite3_stmt *st;
	int prepared = cn_db_prepare(db, "SELECT path FROM unit WHERE id = ?", &st, err);
	if (prepared != CN_OK)
		return prepared;
	cn_bind_int(st, 1, id);
	int rc = cn_step_row(db, st, err, "Không tìm thấy đơn vị", "Không đọc được đơn vị");
	if (rc != CN_OK)
		return rc;
	*start = cn_col_dup(st, 0);
	sqlite3_reset(st);
	*end = cn_path_end(*start ? *start : "");
	return CN_OK;
}

long long cn_count_where(cn_db *db, const char *sql, long long id)
{
	sqlite3_stmt *st = cn_db_stmt(db, sql, NULL);
	if (!st)
		return -1;
	cn_bind_int(st, 1, id);
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

const char *cn_sql_rows(char **cache, const char *head, const char *row, int n)
{
	if (!cache[n]) {
		cn_buf b = {0};
		cn_buf_adds(&b, head);
		for (int i = 0; i < n; i++) {
			cn_buf_adds(&b, i ? ", " : " ");
			cn_buf_adds(&b, row);
		}
		cache[n] = cn_strdup(cn_buf_str(&b));
		cn_buf_free(&b);
	}
	return cache[n];
}

char *cn_db_command(cn_db *db, const char *args)
{
	return cn_db_command_at(cn_db_path(db), args);
}

char *cn_db_command_at(const char *path, const char *args)
{
	bool plain = *path != '\0';
	for (const char *p = path; *p && plain; p++)
		plain = strchr("/._-+:,@%", *p) || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
			(*p >= 'A' && *p <= 'Z');
	cn_buf b = {0};
	cn_buf_adds(&b, "cnscd --db ");
	if (plain) {
		cn_buf_adds(&b, path);
	} else {
		cn_buf_addc(&b, '\'');
		for (const char *p = path; *p; p++)
			cn_buf_adds(&b, *p == '\'' ? "'\\''" : (char[2]){*p, 0});
		cn_buf_addc(&b, '\'');
	}
	cn_buf_printf(&b, " %s", args);
	return cn_buf_steal(&b);
}
