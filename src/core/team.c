#include "cnscd/team.h"

#include <stdlib.h>
#include <string.h>

#include "cnscd/succession.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "db_internal.h"

#define DEFAULT_TEAM_PREFIX "Tổ CNSCĐ"

void cn_team_clear(cn_team *t)
{
	free(t->uuid);
	free(t->name);
	free(t->established);
	free(t->decision_no);
	free(t->note);
	free(t->dissolved);
	free(t->created_at);
	free(t->updated_at);
	memset(t, 0, sizeof *t);
}

int cn_team_get(cn_db *db, long long id, cn_team *out, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT id, uuid, unit_id, name, established, decision_no, note, dissolved, created_at, updated_at "
		"FROM team WHERE id = ?", err);
	memset(out, 0, sizeof *out);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, id);
	int rc = cn_step_row(db, st, err, "Không tìm thấy tổ", "Không đọc được tổ");
	if (rc != CN_OK)
		return rc;
	out->id = sqlite3_column_int64(st, 0);
	out->uuid = cn_col_dup(st, 1);
	out->unit_id = sqlite3_column_int64(st, 2);
	out->name = cn_col_dup(st, 3);
	out->established = cn_col_dup(st, 4);
	out->decision_no = cn_col_dup(st, 5);
	out->note = cn_col_dup(st, 6);
	out->dissolved = cn_col_dup(st, 7);
	out->created_at = cn_col_dup(st, 8);
	out->updated_at = cn_col_dup(st, 9);
	sqlite3_reset(st);
	return CN_OK;
}

struct team_fields {
	char *name, *decision_no, *note;
	char established[CN_DATE_LEN], dissolved[CN_DATE_LEN];
};

static void team_fields_free(struct team_fields *f)
{
	free(f->name);
	free(f->decision_no);
	free(f->note);
}

static int check_team_fields(cn_db *db, const cn_team *t, struct team_fields *f, cn_error *err)
{
	int rc;
	memset(f, 0, sizeof *f);
	cn_unit unit = {0};
	if ((rc = cn_unit_get(db, t->unit_id, &unit, err)) != CN_OK) {
		if (err)
			err->field = "unit";
		return rc;
	}
	if ((rc = cn_check_text("name", "Tên tổ", t->name, 150, false, &f->name, err)) != CN_OK) {
		cn_unit_clear(&unit);
		return rc;
	}
	if (!f->name)
		f->name = cn_sprintf(DEFAULT_TEAM_PREFIX " %s", unit.name);
	cn_unit_clear(&unit);
	if ((rc = cn_check_text("decision_no", "Số quyết định", t->decision_no, 60, false, &f->decision_no, err)) ||
	    (rc = cn_check_text("note", "Ghi chú", t->note, 1000, false, &f->note, err)) ||
	    (rc = cn_check_date("established", "Ngày thành lập", t->established, false, f->established, err)) ||
	    (rc = cn_check_date("dissolved", "Ngày giải thể", t->dissolved, false, f->dissolved, err)))
		return rc;
	if (f->established[0] && f->dissolved[0] && strcmp(f->dissolved, f->established) < 0)
		return cn_fail_field(err, "dissolved", CN_EINVAL, "Ngày giải thể phải sau ngày thành lập");
	return CN_OK;
}

char *cn_team_search_key(const char *name)
{
	return cn_text_fold(name);
}

static void bind_team_fields(sqlite3_stmt *st, const struct team_fields *f)
{
	char *key = cn_team_search_key(f->name);
	cn_bind_text(st, 1, f->name);
	cn_bind_text_or_null(st, 2, f->established);
	cn_bind_text_or_null(st, 3, f->decision_no);
	cn_bind_text_or_null(st, 4, f->note);
	cn_bind_text_or_null(st, 5, f->dissolved);
	cn_bind_text(st, 6, key);
	free(key);
}

/* A team goes to an open unit only: a closed one is refused naming its
 * successor. FROM is the team's unit before (0 for a new team). */
static int check_unit_open(cn_db *db, long long unit_id, long long from, cn_error *err)
{
	if (unit_id == from)
		return CN_OK;
	int rc = cn_unit_refuse_closed(db, unit_id, "không thêm tổ", err);
	if (rc != CN_OK && err)
		err->field = "unit";
	return rc;
}

int cn_team_add(cn_db *db, cn_team *t, cn_error *err)
{
	struct team_fields f;
	int rc = check_unit_open(db, t->unit_id, 0, err);
	if (rc != CN_OK)
		return rc;
	rc = check_team_fields(db, t, &f, err);
	if (rc == CN_OK) {
		sqlite3_stmt *st = cn_db_stmt(db,
			"INSERT INTO team(name, established, decision_no, note, dissolved, search_key, unit_id) "
			"VALUES (?, ?, ?, ?, ?, ?, ?)", err);
		if (!st) {
			rc = err ? err->code : CN_EDB;
		} else {
			bind_team_fields(st, &f);
			cn_bind_int(st, 7, t->unit_id);
			rc = cn_step_done(db, st, err, "Không thêm được tổ");
			if (rc == CN_OK)
				t->id = sqlite3_last_insert_rowid(cn_db_sqlite(db));
		}
	}
	team_fields_free(&f);
	return rc;
}

int cn_team_update(cn_db *db, const cn_team *t, cn_error *err)
{
	struct team_fields f;
	long long was = cn_count_where(db, "SELECT unit_id FROM team WHERE id = ?1", t->id);
	int rc = check_unit_open(db, t->unit_id, was, err);
	if (rc != CN_OK)
		return rc;
	rc = check_team_fields(db, t, &f, err);
	if (rc == CN_OK) {
		sqlite3_stmt *st = cn_db_stmt(db,
			"UPDATE team SET name = ?, established = ?, decision_no = ?, note = ?, dissolved = ?, "
			"search_key = ?, unit_id = ?, updated_at = " CN_SQL_NOW
			" WHERE id = ? AND (?9 IS NULL OR updated_at = ?9)", err);
		if (!st) {
			rc = err ? err->code : CN_EDB;
		} else {
			bind_team_fields(st, &f);
			cn_bind_int(st, 7, t->unit_id);
			cn_bind_int(st, 8, t->id);
			cn_bind_text(st, 9, t->updated_at);
			rc = cn_step_done(db, st, err, "Không lưu được tổ");
			if (rc == CN_OK && sqlite3_changes(cn_db_sqlite(db)) == 0)
				rc = cn_update_missed(db, "team", t->id, err);
		}
	}
	team_fields_free(&f);
	return rc;
}

int cn_team_delete(cn_db *db, long long id, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "DELETE FROM team WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, id);
	int rc = cn_step_done(db, st, err, "Không xóa được tổ");
	if (rc == CN_OK && sqlite3_changes(cn_db_sqlite(db)) == 0)
		rc = cn_fail(err, CN_ENOTFOUND, "Tổ này không còn nữa (đã bị xóa ở nơi khác).");
	return rc;
}

long long cn_team_member_count(cn_db *db, long long id)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT count(*) FROM member WHERE team_id = ? AND left_on IS NULL", NULL);
	if (!st)
		return 0;
	cn_bind_int(st, 1, id);
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

char *cn_team_place(cn_db *db, long long team_id)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT t.name, u.name, p.name FROM team t JOIN unit u ON u.id = t.unit_id "
					  "LEFT JOIN unit p ON p.id = u.parent_id WHERE t.id = ?", NULL);
	if (!st)
		return cn_strdup("(tổ đã xóa)");
	cn_bind_int(st, 1, team_id);
	char *out;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *team = cn_col_text(st, 0), *unit = cn_col_text(st, 1), *parent = cn_col_text(st, 2);
		size_t lt = strlen(team), lu = strlen(unit);
		bool says_unit = lu && lt >= lu && strcmp(team + lt - lu, unit) == 0;
		const char *where = says_unit ? parent : unit;
		out = *where ? cn_sprintf("%s, %s", team, where) : cn_strdup(team);
	} else {
		out = cn_strdup("(tổ đã xóa)");
	}
	sqlite3_reset(st);
	return out;
}

long long cn_team_find_by_name(cn_db *db, long long unit_id, const char *name)
{
	char *key = cn_text_fold(name);
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT id FROM team WHERE unit_id = ? AND search_key = ? ORDER BY id", NULL);
	long long id = 0;
	if (st) {
		cn_bind_int(st, 1, unit_id);
		cn_bind_text(st, 2, key);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	free(key);
	return id;
}

long long cn_team_default_for_unit(cn_db *db, long long unit_id, bool create, cn_error *err)
{
	cn_unit unit = {0};
	if (cn_unit_get(db, unit_id, &unit, err) != CN_OK)
		return 0;
	char *name = cn_sprintf(DEFAULT_TEAM_PREFIX " %s", unit.name);
	cn_unit_clear(&unit);
	long long id = cn_team_find_by_name(db, unit_id, name);
	if (!id) {
		/* A unit with a single team: that one is its team. */
		sqlite3_stmt *st = cn_db_stmt(db,
			"SELECT min(id), count(*) FROM team WHERE unit_id = ? AND dissolved IS NULL", NULL);
		if (st) {
			cn_bind_int(st, 1, unit_id);
			if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 1) == 1)
				id = sqlite3_column_int64(st, 0);
			sqlite3_reset(st);
		}
	}
	if (!id && create) {
		cn_team t = {.unit_id = unit_id, .name = name};
		if (cn_team_add(db, &t, err) == CN_OK)
			id = t.id;
	}
	free(name);
	return id;
}
