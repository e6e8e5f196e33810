#include "cnscd/training.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/succession.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "db_internal.h"

static const char *const format_names[] = {"", "Trực tiếp", "Trực tuyến", "Kết hợp"};

const char *cn_training_format_name(int format)
{
	return format >= CN_FORMAT_IN_PERSON && format <= CN_FORMAT_BLENDED ? format_names[format] : "";
}

int cn_parse_training_format(const char *in, int *out, cn_error *err)
{
	*out = CN_FORMAT_IN_PERSON;
	if (cn_str_empty(in))
		return CN_OK;
	for (int f = CN_FORMAT_IN_PERSON; f <= CN_FORMAT_BLENDED; f++) {
		if (cn_text_same(in, format_names[f])) {
			*out = f;
			return CN_OK;
		}
	}
	return cn_fail_field(err, "format", CN_EINVAL,
			     "Hình thức «%s» không hợp lệ: chọn Trực tiếp, Trực tuyến hoặc Kết hợp", in);
}

void cn_training_clear(cn_training *t)
{
	free(t->uuid);
	free(t->title);
	free(t->start_date);
	free(t->end_date);
	free(t->location);
	free(t->organiser);
	free(t->trainers);
	free(t->note);
	free(t->topics);
	free(t->created_at);
	free(t->updated_at);
	memset(t, 0, sizeof *t);
}

int cn_training_get(cn_db *db, long long id, cn_training *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT id, uuid, unit_id, title, start_date, end_date, format, location, organiser, trainers, "
		"planned, note, created_at, updated_at, "
		"(SELECT group_concat(name, '; ') FROM (SELECT p.name FROM training_topic tt JOIN topic p "
		"ON p.id = tt.topic_id WHERE tt.training_id = training.id ORDER BY p.sort_order, p.name)) "
		"FROM training WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, id);
	char missing[96];
	snprintf(missing, sizeof missing, "Không tìm thấy lớp tập huấn số %lld", id);
	int rc = cn_step_row(db, st, err, missing, "Không đọc được lớp tập huấn");
	if (rc != CN_OK)
		return rc;
	out->id = sqlite3_column_int64(st, 0);
	out->uuid = cn_col_dup(st, 1);
	out->unit_id = sqlite3_column_int64(st, 2);
	out->title = cn_col_dup(st, 3);
	out->start_date = cn_col_dup(st, 4);
	out->end_date = cn_col_dup(st, 5);
	out->format = sqlite3_column_int(st, 6);
	out->location = cn_col_dup(st, 7);
	out->organiser = cn_col_dup(st, 8);
	out->trainers = cn_col_dup(st, 9);
	out->planned = sqlite3_column_int(st, 10);
	out->note = cn_col_dup(st, 11);
	out->created_at = cn_col_dup(st, 12);
	out->updated_at = cn_col_dup(st, 13);
	out->topics = cn_col_dup(st, 14);
	sqlite3_reset(st);
	return CN_OK;
}

int cn_topic_list(cn_db *db, int (*fn)(long long id, const char *name, void *ctx), void *ctx, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT id, name FROM topic WHERE active ORDER BY sort_order, name", err);
	if (!st)
		return err ? err->code : CN_EDB;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(sqlite3_column_int64(st, 0), cn_col_text(st, 1), ctx))
			break;
	int result = rc == SQLITE_ROW || rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được chủ đề");
	sqlite3_reset(st);
	return result;
}

int cn_topic_ensure(cn_db *db, const char *name, long long *id, cn_error *err)
{
	char *clean = NULL;
	int rc = cn_parse_name("Chủ đề", name, 120, &clean, err);
	if (rc != CN_OK)
		return rc;
	char *key = cn_text_fold(clean);
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT id FROM topic WHERE search_key = ?", err);
	*id = 0;
	if (st) {
		cn_bind_text(st, 1, key);
		if (sqlite3_step(st) == SQLITE_ROW)
			*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (!*id) {
			st = cn_db_stmt(db, "INSERT INTO topic(name, search_key) VALUES (?, ?)", err);
			if (st) {
				cn_bind_text(st, 1, clean);
				cn_bind_text(st, 2, key);
				rc = cn_step_done(db, st, err, "Không thêm được chủ đề");
				if (rc == CN_OK)
					*id = sqlite3_last_insert_rowid(cn_db_sqlite(db));
			}
		}
	}
	if (!st)
		rc = err ? err->code : CN_EDB;
	free(clean);
	free(key);
	return rc;
}

/* Checked, cleaned copies of a session's fields. */
struct training_fields {
	char *title, *location, *organiser, *trainers, *note;
	char start[CN_DATE_LEN], end[CN_DATE_LEN];
};

static void training_fields_free(struct training_fields *f)
{
	free(f->title);
	free(f->location);
	free(f->organiser);
	free(f->trainers);
	free(f->note);
}

static int check_training(cn_db *db, const cn_training *t, struct training_fields *f, cn_error *err)
{
	int rc;
	memset(f, 0, sizeof *f);
	cn_unit unit = {0};
	if ((rc = cn_unit_get(db, t->unit_id, &unit, err)) != CN_OK) {
		if (err)
			err->field = "unit";
		return rc;
	}
	cn_unit_clear(&unit);
	if ((rc = cn_check_text("title", "Tên lớp", t->title, 200, true, &f->title, err)) != CN_OK ||
	    (rc = cn_check_text("location", "Địa điểm", t->location, 200, false, &f->location, err)) != CN_OK ||
	    (rc = cn_check_text("organiser", "Đơn vị tổ chức", t->organiser, 200, false, &f->organiser, err)) != CN_OK ||
	    (rc = cn_check_text("trainers", "Giảng viên", t->trainers, 300, false, &f->trainers, err)) != CN_OK ||
	    (rc = cn_check_text("note", "Ghi chú", t->note, 1000, false, &f->note, err)) != CN_OK)
		return rc;
	if ((rc = cn_check_date("start_date", "Ngày bắt đầu", t->start_date, true, f->start, err)) != CN_OK ||
	    (rc = cn_check_date("end_date", "Ngày kết thúc", t->end_date, false, f->end, err)) != CN_OK)
		return rc;
	if (f->end[0] && strcmp(f->end, f->start) < 0)
		return cn_fail_field(err, "end_date", CN_EINVAL, "Ngày kết thúc phải từ ngày bắt đầu trở đi");
	if (t->format < 0 || t->format > CN_FORMAT_BLENDED)
		return cn_fail_field(err, "format", CN_EINVAL, "Hình thức không hợp lệ");
	if (t->planned < 0 || t->planned > 100000)
		return cn_fail_field(err, "planned", CN_EINVAL, "Số người dự kiến %d không hợp lệ", t->planned);
	return CN_OK;
}

/* Makes the session's topics those named in TOPICS ("A; B"), touching only
 * those that change: each is a line of the change log. */
static int save_topics(cn_db *db, long long training_id, const char *topics, cn_error *err)
{
	int rc = CN_OK;
	cn_buf keep = {0}; /* ",3,7," */
	cn_buf_addc(&keep, ',');
	char *list = cn_strdup(topics ? topics : "");
	char *save = NULL;
	for (char *name = strtok_r(list, ";", &save); rc == CN_OK && name; name = strtok_r(NULL, ";", &save)) {
		if (cn_str_empty(name))
			continue;
		long long topic;
		if ((rc = cn_topic_ensure(db, name, &topic, err)) != CN_OK)
			break;
		cn_buf_printf(&keep, "%lld,", topic);
		sqlite3_stmt *st = cn_db_stmt(db, "INSERT OR IGNORE INTO training_topic(training_id, topic_id) VALUES (?, ?)",
					      err);
		if (!st) {
			rc = err ? err->code : CN_EDB;
			break;
		}
		cn_bind_int(st, 1, training_id);
		cn_bind_int(st, 2, topic);
		rc = cn_step_done(db, st, err, "Không lưu được chủ đề");
	}
	free(list);
	sqlite3_stmt *st = rc == CN_OK ? cn_db_stmt(db, "DELETE FROM training_topic WHERE training_id = ?1 "
							"AND instr(?2, ',' || topic_id || ',') = 0", err) : NULL;
	if (rc == CN_OK && !st)
		rc = err ? err->code : CN_EDB;
	if (st) {
		cn_bind_int(st, 1, training_id);
		cn_bind_text(st, 2, cn_buf_str(&keep));
		rc = cn_step_done(db, st, err, "Không lưu được chủ đề");
	}
	cn_buf_free(&keep);
	return rc;
}

static void bind_training(sqlite3_stmt *st, const cn_training *t, const struct training_fields *f)
{
	char *key = cn_text_fold(f->title);
	cn_bind_int(st, 1, t->unit_id);
	cn_bind_text(st, 2, f->title);
	cn_bind_text(st, 3, f->start);
	cn_bind_text_or_null(st, 4, f->end);
	cn_bind_int(st, 5, t->format ? t->format : CN_FORMAT_IN_PERSON);
	cn_bind_text_or_null(st, 6, f->location);
	cn_bind_text_or_null(st, 7, f->organiser);
	cn_bind_text_or_null(st, 8, f->trainers);
	cn_bind_int_or_null(st, 9, t->planned);
	cn_bind_text_or_null(st, 10, f->note);
	cn_bind_text(st, 11, key);
	free(key);
}

/* Runs the INSERT or UPDATE in ST and saves topics, in one transaction. */
static int save_training(cn_db *db, cn_training *t, const char *sql, bool insert, cn_error *err)
{
	struct training_fields f;
	int rc = check_training(db, t, &f, err);
	if (rc == CN_OK)
		rc = cn_db_begin(db, err);
	if (rc != CN_OK) {
		training_fields_free(&f);
		return rc;
	}
	sqlite3_stmt *st = cn_db_stmt(db, sql, err);
	if (!st) {
		rc = err ? err->code : CN_EDB;
	} else {
		bind_training(st, t, &f);
		if (!insert) {
			cn_bind_int(st, 12, t->id);
			cn_bind_text(st, 13, t->updated_at);
		}
		rc = cn_step_done(db, st, err, "Không lưu được lớp tập huấn");
		if (rc == CN_OK && insert)
			t->id = sqlite3_last_insert_rowid(cn_db_sqlite(db));
		else if (rc == CN_OK && sqlite3_changes(cn_db_sqlite(db)) == 0)
			rc = cn_update_missed(db, "training", t->id, err);
	}
	if (rc == CN_OK)
		rc = save_topics(db, t->id, t->topics, err);
	if (rc == CN_OK)
		rc = cn_db_commit(db, err);
	else
		cn_db_rollback(db);
	if (rc != CN_OK && insert)
		t->id = 0;
	training_fields_free(&f);
	return rc;
}

int cn_training_add(cn_db *db, cn_training *t, cn_error *err)
{
	/* A closed unit runs no new session: its successor does. */
	int rc = t->unit_id ? cn_unit_refuse_closed(db, t->unit_id, "không thêm lớp tập huấn", err) : CN_OK;
	if (rc != CN_OK) {
		if (err)
			err->field = "unit";
		return rc;
	}
	return save_training(db, t,
		"INSERT INTO training(unit_id, title, start_date, end_date, format, location, organiser, trainers, "
		"planned, note, search_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", true, err);
}

int cn_training_update(cn_db *db, cn_training *t, cn_error *err)
{
	return save_training(db, t,
		"UPDATE training SET unit_id = ?, title = ?, start_date = ?, end_date = ?, format = ?, location = ?, "
		"organiser = ?, trainers = ?, planned = ?, note = ?, search_key = ?, updated_at = " CN_SQL_NOW
		" WHERE id = ?12 AND (?13 IS NULL OR updated_at = ?13)", false, err);
}

int cn_training_delete(cn_db *db, long long id, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "DELETE FROM training WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, id);
	int rc = cn_step_done(db, st, err, "Không xóa được lớp tập huấn");
	if (rc == CN_OK && sqlite3_changes(cn_db_sqlite(db)) == 0)
		rc = cn_fail(err, CN_ENOTFOUND, "Không tìm thấy lớp tập huấn số %lld", id);
	return rc;
}

/* Columns shared by the session lists: see read_row. */
#define TRAINING_ROW_COLUMNS TRAINING_ROW_COLUMNS_NAMED(CN_SQL_SESSION_UNIT("t", "u"))
#define TRAINING_ROW_COLUMNS_NAMED(unit_name) \
	"t.id, t.start_date, t.title, " unit_name ", t.format, coalesce(t.planned, 0), " \
	"(SELECT count(*) FROM attendance a WHERE a.training_id = t.id), " \
	"(SELECT count(*) FROM attendance a WHERE a.training_id = t.id AND a.status = 1), " \
	"(SELECT group_concat(name, '; ') FROM (SELECT p.name FROM training_topic tt JOIN topic p " \
	"ON p.id = tt.topic_id WHERE tt.training_id = t.id ORDER BY p.sort_order, p.name))"

static void read_row(sqlite3_stmt *st, cn_training_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->start_date = cn_col_text(st, 1);
	r->title = cn_col_text(st, 2);
	r->unit_name = cn_col_text(st, 3);
	r->format = sqlite3_column_int(st, 4);
	r->planned = sqlite3_column_int(st, 5);
	r->invited = sqlite3_column_int(st, 6);
	r->present = sqlite3_column_int(st, 7);
	r->topics = cn_col_text(st, 8);
}

/* Binds ?1 to UNIT_ID and ?2, ?3 to the path range of its subtree (NULL
 * for 0, which means every unit). */
static int bind_subtree(cn_db *db, sqlite3_stmt *st, long long unit_id, cn_error *err)
{
	char *path = NULL, *end = NULL;
	if (unit_id) {
		int rc = cn_unit_subtree(db, unit_id, &path, &end, err);
		if (rc != CN_OK)
			return rc;
	}
	cn_bind_int(st, 1, unit_id);
	cn_bind_text(st, 2, path);
	cn_bind_text(st, 3, end);
	free(path);
	free(end);
	return CN_OK;
}

/* Steps ST (bound) giving each session to FN until it returns non-zero. */
static int give_rows(cn_db *db, sqlite3_stmt *st, int (*fn)(const cn_training_row *row, void *ctx), void *ctx,
		     cn_error *err)
{
	int rc;
	cn_training_row row;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &row);
		if (fn(&row, ctx))
			break;
	}
	int result = rc == SQLITE_ROW || rc == SQLITE_DONE ? CN_OK
							   : cn_db_fail(db, err, "Không đọc được danh sách lớp");
	sqlite3_reset(st);
	return result;
}

/* Sessions of the subtree of UNIT_ID (0 = all), newest first, LIMIT rows
 * from OFFSET (LIMIT -1: all of them). */
static int list_sessions(cn_db *db, long long unit_id, int offset, int limit,
			 int (*fn)(const cn_training_row *row, void *ctx), void *ctx, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT " TRAINING_ROW_COLUMNS " FROM training t JOIN unit u ON u.id = t.unit_id "
		"WHERE ?1 = 0 OR (u.path >= ?2 AND u.path < ?3) ORDER BY t.start_date DESC, t.id DESC "
		"LIMIT ?4 OFFSET ?5", err);
	if (!st)
		return err ? err->code : CN_EDB;
	int rc = bind_subtree(db, st, unit_id, err);
	if (rc != CN_OK)
		return rc;
	cn_bind_int(st, 4, limit);
	cn_bind_int(st, 5, offset);
	return give_rows(db, st, fn, ctx, err);
}

int cn_training_list(cn_db *db, long long unit_id, int (*fn)(const cn_training_row *row, void *ctx), void *ctx,
		     cn_error *err)
{
	return list_sessions(db, unit_id, 0, -1, fn, ctx, err);
}

/* As of ?4: the sessions held by then, each at the unit that ran it then
 * (the one a reorganisation carried it from, when it moved after that day:
 * training_move), in the tree of that day (unit_former), with that unit's
 * name then. ?2/?3: the asked unit's subtree as it was. */
static const char as_of_sql[] =
	"SELECT " TRAINING_ROW_COLUMNS_NAMED(
		"coalesce((SELECT g.name FROM unit_former g WHERE g.unit_id = u.id AND g.valid_to >= ?4 "
		"ORDER BY g.valid_to LIMIT 1), u.name)")
	" FROM training t JOIN unit u ON u.id = coalesce((SELECT mv.from_unit_id FROM training_move mv "
	"WHERE mv.training_id = t.id AND mv.moved_on > ?4 ORDER BY mv.moved_on LIMIT 1), t.unit_id) "
	"WHERE t.start_date <= ?4 AND (?1 = 0 OR (coalesce((SELECT f.path FROM unit_former f WHERE f.unit_id = u.id "
	"AND f.valid_to >= ?4 ORDER BY f.valid_to LIMIT 1), u.path) >= ?2 AND coalesce((SELECT f.path FROM "
	"unit_former f WHERE f.unit_id = u.id AND f.valid_to >= ?4 ORDER BY f.valid_to LIMIT 1), u.path) < ?3)) "
	"ORDER BY t.start_date DESC, t.id DESC";

int cn_training_list_as_of(cn_db *db, long long unit_id, const char *date,
			   int (*fn)(const cn_training_row *row, void *ctx), void *ctx, cn_error *err)
{
	char iso[CN_DATE_LEN];
	int rc = cn_parse_date("Ngày", date, iso, err);
	if (rc != CN_OK)
		return rc;
	char *start = NULL, *end = NULL;
	if (unit_id) {
		sqlite3_stmt *q = cn_db_stmt(db, "SELECT coalesce((SELECT f.path FROM unit_former f WHERE f.unit_id = u.id "
					     "AND f.valid_to >= ?2 ORDER BY f.valid_to LIMIT 1), u.path) FROM unit u "
					     "WHERE u.id = ?1", err);
		if (!q)
			return err ? err->code : CN_EDB;
		cn_bind_int(q, 1, unit_id);
		cn_bind_text(q, 2, iso);
		if ((rc = cn_step_row(db, q, err, "Không tìm thấy đơn vị", "Không đọc được đơn vị")) != CN_OK)
			return rc;
		start = cn_col_dup(q, 0);
		sqlite3_reset(q);
		end = cn_path_end(start);
	}
	sqlite3_stmt *st = cn_db_stmt(db, as_of_sql, err);
	if (!st) {
		free(start);
		free(end);
		return err ? err->code : CN_EDB;
	}
	cn_bind_int(st, 1, unit_id);
	cn_bind_text(st, 2, start);
	cn_bind_text(st, 3, end);
	cn_bind_text(st, 4, iso);
	free(start);
	free(end);
	return give_rows(db, st, fn, ctx, err);
}

int cn_training_page(cn_db *db, long long unit_id, int offset, int limit,
		     int (*fn)(const cn_training_row *row, void *ctx), void *ctx, cn_error *err)
{
	return list_sessions(db, unit_id, offset < 0 ? 0 : offset, limit < 0 ? 0 : limit, fn, ctx, err);
}

long long cn_training_count(cn_db *db, long long unit_id, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT count(*) FROM training t JOIN unit u ON u.id = t.unit_id "
		"WHERE ?1 = 0 OR (u.path >= ?2 AND u.path < ?3)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	int rc = bind_subtree(db, st, unit_id, err);
	if (rc != CN_OK)
		return rc;
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0)
						      : cn_db_fail(db, err, "Không đếm được các lớp tập huấn");
	sqlite3_reset(st);
	return n;
}

int cn_training_teams(cn_db *db, long long unit_id,
		      int (*fn)(long long team_id, const char *team, const char *unit, void *ctx), void *ctx,
		      cn_error *err)
{
	/* The units above first (the district's or province's team), then
	 * the unit and its subtree in tree order. */
	sqlite3_stmt *st = cn_db_stmt(db,
		"WITH RECURSIVE up(id) AS (SELECT parent_id FROM unit WHERE id = ?1 AND ?1 <> 0 "
		"UNION ALL SELECT p.parent_id FROM unit p JOIN up ON p.id = up.id) "
		"SELECT tm.id, tm.name, u.name FROM team tm JOIN unit u ON u.id = tm.unit_id "
		"WHERE (?1 = 0 OR (u.path >= ?2 AND u.path < ?3) OR u.id IN (SELECT id FROM up)) "
		"AND tm.dissolved IS NULL AND u.valid_to IS NULL ORDER BY u.path, tm.name", err);
	if (!st)
		return err ? err->code : CN_EDB;
	int rc = bind_subtree(db, st, unit_id, err);
	if (rc != CN_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(sqlite3_column_int64(st, 0), cn_col_text(st, 1), cn_col_text(st, 2), ctx))
			break;
	int result = rc == SQLITE_ROW || rc == SQLITE_DONE ? CN_OK
							   : cn_db_fail(db, err, "Không đọc được danh sách tổ");
	sqlite3_reset(st);
	return result;
}

int cn_member_trainings(cn_db *db, long long member_id,
			int (*fn)(const cn_training_row *row, int status, void *ctx), void *ctx, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT " TRAINING_ROW_COLUMNS ", at.status FROM attendance at JOIN training t ON t.id = at.training_id "
		"JOIN unit u ON u.id = t.unit_id WHERE at.member_id = ? ORDER BY t.start_date DESC, t.id DESC", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, member_id);
	int rc;
	cn_training_row row;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &row);
		if (fn(&row, sqlite3_column_int(st, 9), ctx))
			break;
	}
	int result = rc == SQLITE_ROW || rc == SQLITE_DONE ? CN_OK
							   : cn_db_fail(db, err, "Không đọc được lịch sử tập huấn");
	sqlite3_reset(st);
	return result;
}
