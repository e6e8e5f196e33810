/* The rows of a session's attendance sheet, streamed in its order. */
#include <stdlib.h>

#include "attendance_internal.h"
#include "cnscd/attendance.h"
#include "db_internal.h"

struct cn_sheet_cursor {
	cn_db *db;
	sqlite3_stmt *st;
};

cn_sheet_cursor *cn_sheet_open(cn_db *db, long long training_id, cn_error *err)
{
	if (cn_count_where(db, "SELECT count(*) FROM training WHERE id = ?1", training_id) != 1) {
		cn_fail(err, CN_ENOTFOUND, "Không có lớp tập huấn số %lld (xem \"cnscd training list\")", training_id);
		return NULL;
	}
	/* Its own statement, not the cache: a writer may step another one
	 * of the same text meanwhile. The unit's count is a window over the
	 * list: a sheet has at most a few thousand rows. */
	sqlite3_stmt *st;
	const char *sql =
		"SELECT a.id, a.member_id IS NULL, coalesce(u.id, 0), coalesce(u.name, a.guest_unit, ''), "
		"CASE WHEN u.id IS NULL THEN '' ELSE " CN_SQL_COMMUNE_OF("u") " END, "
		"count(*) OVER (PARTITION BY a.member_id IS NULL, u.id), coalesce(m.full_name, a.guest_name), "
		"coalesce(m.position, a.guest_position, ''), coalesce(m.phone, a.guest_phone, ''), a.status, "
		"coalesce(a.checked_in_at, '') "
		"FROM attendance a LEFT JOIN member m ON m.id = a.member_id LEFT JOIN team t ON t.id = m.team_id "
		"LEFT JOIN unit u ON u.id = t.unit_id WHERE a.training_id = ? "
		"ORDER BY a.member_id IS NULL, u.path, u.id, m.role, " CN_SQL_ATTENDEE_ORDER ", a.id";
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK) {
		cn_db_fail(db, err, "Không đọc được danh sách tham dự");
		return NULL;
	}
	sqlite3_bind_int64(st, 1, training_id);
	cn_sheet_cursor *c = cn_calloc(1, sizeof *c);
	c->db = db;
	c->st = st;
	return c;
}

int cn_sheet_next(cn_sheet_cursor *c, cn_sheet_row *out, cn_error *err)
{
	int rc = sqlite3_step(c->st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return cn_db_fail(c->db, err, "Không đọc được danh sách tham dự");
	sqlite3_stmt *st = c->st;
	*out = (cn_sheet_row){
		.id = sqlite3_column_int64(st, 0),
		.guest = sqlite3_column_int(st, 1) != 0,
		.unit_id = sqlite3_column_int64(st, 2),
		.unit = cn_col_text(st, 3),
		.commune = cn_col_text(st, 4),
		.unit_rows = sqlite3_column_int64(st, 5),
		.name = cn_col_text(st, 6),
		.position = cn_col_text(st, 7),
		.phone = cn_col_text(st, 8),
		.status = sqlite3_column_int(st, 9),
		.checked_in_at = cn_col_text(st, 10),
	};
	return 1;
}

void cn_sheet_close(cn_sheet_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->st);
	free(c);
}
