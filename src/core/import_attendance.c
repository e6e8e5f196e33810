/* Importing the attendance of a training session: a sign-in sheet typed
 * into Excel, or the list of an online session. Rows that are members set
 * that member's attendance; the others become outside participants, found
 * again by folded name and phone when the file is imported a second time. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/attendance.h"
#include "cnscd/text.h"
#include "cnscd/training.h"
#include "cnscd/unit.h"
#include "import_attendance_internal.h"
#include "import_bulk_internal.h"
#include "db_internal.h"

static const cn_import_column att_columns[A_NCOLS] = {
	[A_NAME] = {"full_name", "họ và tên|họ tên|tên", true, {0}},
	[A_PHONE] = {"phone", "điện thoại|số điện thoại|sđt", false, {CN_CELL_PHONE, 0}},
	[A_IDNUM] = {"id_number", "cccd|số cccd|số định danh|cccd/định danh", false, {CN_CELL_TEXT, 12}},
	[A_UNIT] = {"unit_code", "mã đơn vị|đơn vị", false, {0}},
	[A_POSITION] = {"position", "chức vụ|chức vụ/đoàn thể", false, {0}},
	[A_STATUS] = {"status", "trạng thái|điểm danh", false, {0}},
};

static const cn_import_layout att_layouts[] = {{"cnscd", att_columns, A_NCOLS}};

/* The unit cell: a known code gives the unit (a guest's unit is then its
 * name); anything else is kept as text for a guest. */
static bool read_unit(cn_import *imp, const cn_import_row *row, struct att_row *r)
{
	cn_error e = {0};
	char *text = NULL;
	if (cn_parse_text_opt("Đơn vị", cn_import_field(imp, row, A_UNIT), 150, &text, &e) != CN_OK) {
		cn_import_reject_err(imp, imp->rec, A_UNIT, &e);
		return false;
	}
	r->unit = text;
	long long id = text ? cn_unit_id_by_code(imp->db, text) : 0;
	cn_unit u = {0};
	if (id && cn_unit_get(imp->db, id, &u, NULL) == CN_OK) {
		r->unit_id = id;
		free(r->unit);
		r->unit = u.name;
		u.name = NULL;
	}
	cn_unit_clear(&u);
	return true;
}

static bool read_row(cn_import *imp, const cn_import_row *row, struct att_row *r)
{
	cn_error e = {0};
	bool ok = true;
	if (cn_parse_name("Họ và tên", cn_import_field(imp, row, A_NAME), 100, &r->name, &e) != CN_OK) {
		cn_import_reject_err(imp, imp->rec, A_NAME, &e);
		ok = false;
	}
	if (cn_parse_phone(cn_import_field(imp, row, A_PHONE), r->phone, &e) != CN_OK) {
		cn_import_reject_err(imp, imp->rec, A_PHONE, &e);
		ok = false;
	}
	if (cn_parse_id_number(cn_import_field(imp, row, A_IDNUM), r->id_number, &e) != CN_OK) {
		cn_import_reject_err(imp, imp->rec, A_IDNUM, &e);
		ok = false;
	}
	ok = read_unit(imp, row, r) && ok;
	if (cn_parse_text_opt("Chức vụ", cn_import_field(imp, row, A_POSITION), 100, &r->position, &e) != CN_OK) {
		cn_import_reject_err(imp, imp->rec, A_POSITION, &e);
		ok = false;
	}
	if (cn_parse_attendance_status(cn_import_field(imp, row, A_STATUS), &r->status, &e) != CN_OK) {
		cn_import_reject_err(imp, imp->rec, A_STATUS, &e);
		ok = false;
	}
	r->folded = cn_text_fold(r->name ? r->name : "");
	return ok;
}

static void att_row_clear(struct att_row *r)
{
	free(r->name);
	free(r->folded);
	free(r->unit);
	free(r->position);
}

/* What writing does with a row. */
enum { ACT_INSERT = 0, ACT_UPDATE = 1, ACT_NONE = 2 };

/* The guest of the session with R's folded name and phone: *ID and
 * *STATUS, or *ID = 0. */
static void find_guest(cn_import *imp, const struct attendance *s, const struct att_row *r, long long *id,
		       int *status)
{
	*id = 0;
	sqlite3_stmt *st = cn_import_sql(imp,
		"SELECT id, status, guest_name FROM attendance WHERE training_id = ? AND member_id IS NULL "
		"AND coalesce(guest_phone, '') = ? ORDER BY id", NULL);
	if (!st)
		return;
	cn_bind_int(st, 1, s->training_id);
	sqlite3_bind_text(st, 2, r->phone, -1, SQLITE_TRANSIENT);
	while (!*id && sqlite3_step(st) == SQLITE_ROW) {
		char *f = cn_text_fold(cn_col_text(st, 2));
		if (strcmp(f, r->folded) == 0) {
			*id = sqlite3_column_int64(st, 0);
			*status = sqlite3_column_int(st, 1);
		}
		free(f);
	}
	sqlite3_reset(st);
}

/* The member's place on the list: *ID and *STATUS, or *ID = 0. */
static void find_member(cn_import *imp, const struct attendance *s, long long member, long long *id, int *status)
{
	*id = 0;
	sqlite3_stmt *st = cn_import_sql(imp,
		"SELECT id, status FROM attendance WHERE training_id = ? AND member_id = ?", NULL);
	if (!st)
		return;
	cn_bind_int(st, 1, s->training_id);
	cn_bind_int(st, 2, member);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*status = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
}

/* Keeps a good row in imp_att with what writing will do. */
static void stage_row(cn_import *imp, const struct attendance *s, const struct att_row *r, long long member)
{
	long long target = 0;
	int old = -1;
	if (member)
		find_member(imp, s, member, &target, &old);
	else
		find_guest(imp, s, r, &target, &old);
	int act = !target ? ACT_INSERT : old == r->status ? ACT_NONE : ACT_UPDATE;
	sqlite3_stmt *st = cn_import_sql(imp,
		"INSERT INTO temp.imp_att(rec, who, member, target, act, status, name, position, unit, phone, search_key) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", NULL);
	if (!st)
		return;
	char *who = member ? cn_sprintf("m%lld", member) : cn_sprintf("g%s|%s", r->folded, r->phone);
	char *key = r->phone[0] ? cn_sprintf("%s %s", r->folded, r->phone) : cn_strdup(r->folded);
	cn_bind_int(st, 1, (long long)imp->rec);
	cn_bind_text(st, 2, who);
	cn_bind_int_or_null(st, 3, member);
	cn_bind_int_or_null(st, 4, target);
	cn_bind_int(st, 5, act);
	cn_bind_int(st, 6, r->status);
	cn_bind_text(st, 7, r->name);
	cn_bind_text_or_null(st, 8, r->position);
	cn_bind_text_or_null(st, 9, r->unit);
	cn_bind_text_or_null(st, 10, r->phone);
	cn_bind_text(st, 11, key);
	if (sqlite3_step(st) != SQLITE_DONE)
		cn_import_reject(imp, imp->rec, CN_IMPORT_ROW, "Không ghi được bảng tạm của việc nhập: %s",
				 sqlite3_errmsg(cn_db_sqlite(imp->db)));
	sqlite3_reset(st);
	free(who);
	free(key);
}

static void check_row(cn_import *imp, void *state, const cn_import_row *row)
{
	struct attendance *s = state;
	struct att_row r = {0};
	if (read_row(imp, row, &r) && !cn_import_rejected(imp, imp->rec)) {
		long long member = attendance_match(imp, s, &r);
		if (member >= 0)
			stage_row(imp, s, &r, member);
	}
	att_row_clear(&r);
}

static int start(cn_import *imp, void *state, cn_error *err)
{
	(void)state;
	/* who: "m<member id>" or "g<folded name>|<phone>"; target: the row of
	 * the list it changes, NULL when new; act: ACT_*. */
	return cn_import_exec(imp,
		"CREATE TEMP TABLE imp_att(rec INTEGER PRIMARY KEY, who TEXT NOT NULL, member INTEGER, target INTEGER, "
		"act INTEGER NOT NULL, status INTEGER NOT NULL, name TEXT NOT NULL, position TEXT, unit TEXT, phone TEXT, "
		"search_key TEXT NOT NULL, bad INTEGER NOT NULL DEFAULT 0)", err);
}

static void check_all(cn_import *imp, void *state)
{
	(void)state;
	attendance_repeats(imp);
}

/* The guests of the file, each in a note. */
static void note_guests(cn_import *imp)
{
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT rec, name, phone FROM temp.imp_att "
					      "WHERE member IS NULL AND NOT bad ORDER BY rec", NULL);
	if (!st)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		long line = cn_import_line(imp, (size_t)sqlite3_column_int64(st, 0));
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			cn_import_note(imp, "Không khớp thành viên nào, ghi là khách mời: dòng %ld %s (%s)", line,
				       cn_col_text(st, 1), cn_col_text(st, 2));
		else
			cn_import_note(imp, "Không khớp thành viên nào, ghi là khách mời: dòng %ld %s", line,
				       cn_col_text(st, 1));
	}
	sqlite3_reset(st);
}

static int count(cn_import *imp, cn_error *err)
{
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT count(member), count(*) - count(member), "
					      "count(*) FILTER (WHERE act = 0), count(*) FILTER (WHERE act = 1), "
					      "count(*) FILTER (WHERE act = 2) FROM temp.imp_att WHERE NOT bad", err);
	if (!st)
		return err ? err->code : CN_EDB;
	if (sqlite3_step(st) == SQLITE_ROW) {
		cn_import_result *res = imp->res;
		res->matched = (long)sqlite3_column_int64(st, 0);
		res->guests = (long)sqlite3_column_int64(st, 1);
		res->added = (long)sqlite3_column_int64(st, 2);
		res->updated = (long)sqlite3_column_int64(st, 3);
		res->unchanged = (long)sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	return CN_OK;
}

/* The list as the file says: new members and guests added, changed
 * statuses set, as cn_attendance_set_member, cn_attendance_add_guest and
 * cn_attendance_set_status would, a statement each. */
static int write(cn_import *imp, void *state, cn_error *err)
{
	struct attendance *s = state;
	static const char *const sql[] = {
		"INSERT OR ROLLBACK INTO attendance(training_id, member_id, status, checked_in_at) "
		"SELECT ?1, member, status, CASE WHEN status = 1 THEN " CN_SQL_ACT_NOW " END FROM temp.imp_att "
		"WHERE member IS NOT NULL AND act = 0 AND NOT bad ORDER BY rec",
		"INSERT OR ROLLBACK INTO attendance(training_id, guest_name, guest_position, guest_unit, guest_phone, status, "
		"checked_in_at, search_key) SELECT ?1, name, position, unit, phone, status, "
		"CASE WHEN status = 1 THEN " CN_SQL_ACT_NOW " END, search_key FROM temp.imp_att "
		"WHERE member IS NULL AND act = 0 AND NOT bad ORDER BY rec",
		"UPDATE OR ROLLBACK attendance SET status = a.status, checked_in_at = CASE WHEN a.status = 1 THEN " CN_SQL_ACT_NOW " END, "
		"updated_at = " CN_SQL_NOW " FROM temp.imp_att AS a WHERE attendance.id = a.target AND a.act = 1 "
		"AND NOT a.bad AND attendance.training_id = ?1",
	};
	int rc = cn_import_mark_bad(imp, "imp_att", err);
	if (rc == CN_OK)
		rc = count(imp, err);
	cn_bulk b;
	if (rc == CN_OK && (rc = cn_bulk_begin(imp->db, "attendance", &b, err)) == CN_OK) {
		for (size_t i = 0; i < CN_ARRAY_LEN(sql) && rc == CN_OK; i++) {
			sqlite3_stmt *st = cn_import_sql(imp, sql[i], err);
			rc = st ? CN_OK : err ? err->code : CN_EDB;
			if (st) {
				cn_bind_int(st, 1, s->training_id);
				rc = cn_import_step(imp, st, "Không ghi được điểm danh", err);
			}
		}
		int end = cn_bulk_end(&b, rc == CN_OK, err);
		rc = rc == CN_OK ? end : rc;
	}
	if (rc == CN_OK)
		note_guests(imp);
	return rc;
}

static void clear(void *state)
{
	(void)state;
}

int cn_import_attendance(cn_db *db, long long training_id, const char *path, const cn_import_options *opt,
			 cn_import_result *res, cn_error *err)
{
	static const struct cn_importer importer = {
		"điểm danh", att_layouts, (int)CN_ARRAY_LEN(att_layouts), start, check_row, check_all, write, clear,
	};
	cn_training t;
	int rc = cn_training_get(db, training_id, &t, err);
	if (rc != CN_OK) {
		memset(res, 0, sizeof *res);
		return rc;
	}
	struct attendance s = {.training_id = training_id, .session_unit = t.unit_id};
	cn_training_clear(&t);
	return cn_import_run(db, path, &importer, &s, opt, res, err);
}
