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
#include "import_attendance.h"

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
static bool read_unit(cn_import *imp, size_t rec, const cn_import_row *row, struct att_row *r)
{
	cn_error e = {0};
	char *text = NULL;
	if (cn_parse_text_opt("Đơn vị", cn_import_field(imp, row, A_UNIT), 150, &text, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, A_UNIT, &e);
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

static bool read_row(cn_import *imp, size_t rec, const cn_import_row *row, struct att_row *r)
{
	cn_error e = {0};
	bool ok = true;
	if (cn_parse_name("Họ và tên", cn_import_field(imp, row, A_NAME), 100, &r->name, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, A_NAME, &e);
		ok = false;
	}
	if (cn_parse_phone(cn_import_field(imp, row, A_PHONE), r->phone, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, A_PHONE, &e);
		ok = false;
	}
	if (cn_parse_id_number(cn_import_field(imp, row, A_IDNUM), r->id_number, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, A_IDNUM, &e);
		ok = false;
	}
	ok = read_unit(imp, rec, row, r) && ok;
	if (cn_parse_text_opt("Chức vụ", cn_import_field(imp, row, A_POSITION), 100, &r->position, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, A_POSITION, &e);
		ok = false;
	}
	if (cn_parse_attendance_status(cn_import_field(imp, row, A_STATUS), &r->status, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, A_STATUS, &e);
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

static void check_row(cn_import *imp, void *state, size_t rec, const cn_import_row *row)
{
	struct attendance *s = state;
	CN_GROW(s->rows, s->n, s->cap, 64);
	struct att_row *r = &s->rows[s->n];
	memset(r, 0, sizeof *r);
	r->rec = rec;
	if (read_row(imp, rec, row, r))
		s->n++;
	else
		att_row_clear(r);
}

static void check_all(cn_import *imp, void *state)
{
	attendance_match(imp, state);
}

/* A member's row: on the list already with that status, or not. */
static int write_member(cn_import *imp, struct attendance *s, const struct att_row *r, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(imp->db, "SELECT status FROM attendance WHERE training_id = ? AND member_id = ?",
				      err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, s->training_id);
	cn_bind_int(st, 2, r->member);
	int old = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	imp->res->matched++;
	if (old == r->status) {
		imp->res->unchanged++;
		return CN_OK;
	}
	int rc = cn_attendance_set_member(imp->db, s->training_id, r->member, r->status, NULL, err);
	if (rc == CN_OK && old < 0)
		imp->res->added++;
	else if (rc == CN_OK)
		imp->res->updated++;
	return rc;
}

/* The guest of the session with R's folded name and phone: *ID and
 * *STATUS, or *ID = 0. */
static int find_guest(cn_import *imp, struct attendance *s, const struct att_row *r, long long *id, int *status,
		      cn_error *err)
{
	*id = 0;
	sqlite3_stmt *st = cn_db_stmt(imp->db,
		"SELECT id, status, guest_name FROM attendance WHERE training_id = ? AND member_id IS NULL "
		"AND coalesce(guest_phone, '') = ? ORDER BY id", err);
	if (!st)
		return err ? err->code : CN_EDB;
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
	return CN_OK;
}

static int write_guest(cn_import *imp, struct attendance *s, const struct att_row *r, cn_error *err)
{
	long long id;
	int old = -1;
	int rc = find_guest(imp, s, r, &id, &old, err);
	if (rc != CN_OK)
		return rc;
	imp->res->guests++;
	if (r->phone[0])
		cn_import_note(imp, "Không khớp thành viên nào, ghi là khách mời: dòng %ld %s (%s)",
			       imp->recs[r->rec].line, r->name, r->phone);
	else
		cn_import_note(imp, "Không khớp thành viên nào, ghi là khách mời: dòng %ld %s", imp->recs[r->rec].line,
			       r->name);
	if (!id) {
		rc = cn_attendance_add_guest(imp->db, s->training_id, r->name, r->position, r->unit, r->phone, r->status,
					     NULL, err);
		imp->res->added += rc == CN_OK;
	} else if (old == r->status) {
		imp->res->unchanged++;
	} else if ((rc = cn_attendance_set_status(imp->db, id, r->status, err)) == CN_OK) {
		imp->res->updated++;
	}
	return rc;
}

static int write(cn_import *imp, void *state, cn_error *err)
{
	struct attendance *s = state;
	for (size_t i = 0; i < s->n; i++) {
		const struct att_row *r = &s->rows[i];
		if (cn_import_rejected(imp, r->rec))
			continue;
		int rc = r->member ? write_member(imp, s, r, err) : write_guest(imp, s, r, err);
		if (rc != CN_OK) {
			cn_import_error_at(imp, r->rec, err);
			return rc;
		}
	}
	return CN_OK;
}

int cn_import_attendance(cn_db *db, long long training_id, const char *path, const cn_import_options *opt,
			 cn_import_result *res, cn_error *err)
{
	static const struct cn_importer importer = {
		"điểm danh", att_layouts, (int)CN_ARRAY_LEN(att_layouts), check_row, check_all, write,
	};
	cn_training t;
	int rc = cn_training_get(db, training_id, &t, err);
	if (rc != CN_OK) {
		memset(res, 0, sizeof *res);
		return rc;
	}
	struct attendance s = {.training_id = training_id, .session_unit = t.unit_id};
	cn_training_clear(&t);
	rc = cn_import_run(db, path, &importer, &s, opt, res, err);
	for (size_t i = 0; i < s.n; i++)
		att_row_clear(&s.rows[i]);
	free(s.rows);
	return rc;
}
