#include <stdlib.h>
#include <string.h>

#include "internal.h"

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
