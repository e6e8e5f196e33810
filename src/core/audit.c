/* The audit log: which tables are audited, the grouping of changes for
 * undo, and reading the log back. The triggers that record changes are made
 * in audit_triggers.c, entries are described in audit_text.c, undo is in
 * audit_undo.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit_internal.h"
#include "db_internal.h"

/* Auditing another table (trainings, attendance, results) is one line here,
 * once a migration has created it: the triggers are generated from its
 * columns. */
static const struct cn_audited audited[] = {
	{"unit", "đơn vị", "name", NULL},
	{"team", "tổ", "name", NULL},
	{"member", "thành viên", "full_name", NULL},
	{"training", "lớp tập huấn", "title", NULL},
	{"training_topic", "chủ đề của lớp", NULL, NULL},
	{"training_move", "lớp chuyển theo sắp xếp đơn vị", NULL, NULL},
	{"attendance", "điểm danh", "guest_name", NULL},
	{"report", "báo cáo tháng", "period", NULL},
	{"result", "số liệu", NULL, NULL},
	{"target", "chỉ tiêu giao", "period_from", NULL},
	{"indicator", "chỉ tiêu", "name", NULL},
	{"member_move", "chuyển tổ", NULL, NULL},
	{"team_move", "chuyển đơn vị của tổ", NULL, NULL},
	{"team_merge", "gộp tổ", NULL, NULL},
	{"member_merge", "gộp hồ sơ thành viên", "merged_name", NULL},
	{"approval", "duyệt kết quả tháng", "period",
	 "việc duyệt chỉ được bỏ bằng «Bỏ duyệt» (phím B ở màn hình Duyệt, hoặc lệnh cnscd unapprove)."},
};

const struct cn_audited *cn_audited_find(const char *table)
{
	for (size_t i = 0; i < CN_ARRAY_LEN(audited); i++)
		if (table && strcmp(audited[i].table, table) == 0)
			return &audited[i];
	return NULL;
}

const struct cn_audited *cn_audited_tables(size_t *n)
{
	*n = CN_ARRAY_LEN(audited);
	return audited;
}

bool cn_audit_housekeeping(const char *column)
{
	static const char *const names[] = {"search_key", "name_order", "path", "updated_at", "created_at"};
	for (size_t i = 0; i < CN_ARRAY_LEN(names); i++)
		if (strcmp(names[i], column) == 0)
			return true;
	return false;
}

/* --- Grouping changes for undo ------------------------------------------ */

/* The audit rows of this connection's recent transactions. A writer holds
 * the database alone, so each transaction's rows follow each other. */
#define SESSION_RANGES 64

struct cn_audit_session {
	long long first, last; /* rows of the transaction under way */
	long long ranges[SESSION_RANGES][2];
	int next, count;
	cn_audit_undone_fn undone;
};

static void session_row(void *arg, int op, const char *schema, const char *table, sqlite3_int64 rowid)
{
	struct cn_audit_session *s = arg;
	if (op != SQLITE_INSERT || strcmp(table, "audit") != 0 || strcmp(schema, "main") != 0)
		return;
	if (!s->first)
		s->first = rowid;
	s->last = rowid;
}

static int session_commit(void *arg)
{
	struct cn_audit_session *s = arg;
	if (s->first) {
		s->ranges[s->next][0] = s->first;
		s->ranges[s->next][1] = s->last;
		s->next = (s->next + 1) % SESSION_RANGES;
		if (s->count < SESSION_RANGES)
			s->count++;
	}
	s->first = s->last = 0;
	return 0;
}

static void session_rollback(void *arg)
{
	struct cn_audit_session *s = arg;
	s->first = s->last = 0;
}

struct cn_audit_session *cn_audit_session_start(sqlite3 *sq)
{
	struct cn_audit_session *s = cn_calloc(1, sizeof *s);
	sqlite3_update_hook(sq, session_row, s);
	sqlite3_commit_hook(sq, session_commit, s);
	sqlite3_rollback_hook(sq, session_rollback, s);
	return s;
}

void cn_audit_session_end(struct cn_audit_session *s)
{
	free(s);
}

void cn_audit_session_on_undo(struct cn_audit_session *s, cn_audit_undone_fn fn)
{
	s->undone = fn;
}

int cn_audit_undone(cn_db *db, long long lo, long long hi, cn_error *err)
{
	struct cn_audit_session *s = cn_db_hook_data(db);
	return s && s->undone ? s->undone(db, lo, hi, err) : CN_OK;
}

/* The range of this connection's transaction that wrote audit row ID. */
static bool session_range(cn_db *db, long long id, long long *lo)
{
	struct cn_audit_session *s = cn_db_hook_data(db);
	for (int i = 0; s && i < s->count; i++) {
		if (s->ranges[i][0] <= id && id <= s->ranges[i][1]) {
			*lo = s->ranges[i][0];
			return true;
		}
	}
	return false;
}

long long cn_audit_mark(cn_db *db)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT coalesce(max(id), 0) FROM audit", NULL);
	if (!st)
		return -1; /* schema 1, before the migration that adds the log */
	long long mark = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return mark;
}

int cn_audit_group_close(cn_db *db, long long mark, cn_error *err)
{
	if (mark < 0)
		return CN_OK;
	long long last = cn_audit_mark(db);
	if (last <= mark)
		return CN_OK;
	sqlite3_stmt *st = cn_db_stmt(db, "INSERT INTO audit_group(first_id, last_id) VALUES (?, ?)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, mark + 1);
	cn_bind_int(st, 2, last);
	return cn_step_done(db, st, err, "Không ghi được nhật ký thay đổi");
}

/* First audit row of the change whose newest row is HI (written at AT). */
int cn_audit_change_first(cn_db *db, long long hi, const char *at, long long *lo, cn_error *err)
{
	/* Made on this connection: known exactly. */
	if (session_range(db, hi, lo))
		return CN_OK;
	/* Made by a transaction of cnscd, in another session. */
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT first_id, last_id FROM audit_group WHERE first_id <= ? "
					  "ORDER BY first_id DESC LIMIT 1", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, hi);
	long long group_first = 0, group_last = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		group_first = sqlite3_column_int64(st, 0);
		group_last = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (group_first && group_last >= hi) {
		*lo = group_first;
		return CN_OK;
	}
	/* Otherwise the rows of one statement (a team deleted with its
	 * members) share their timestamp and follow each other. */
	st = cn_db_stmt(db, "SELECT id FROM audit WHERE id < ?1 AND (at <> ?2 OR undone OR by_undo) "
			    "ORDER BY id DESC LIMIT 1", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, hi);
	cn_bind_text(st, 2, at);
	*lo = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) + 1 : 1;
	sqlite3_reset(st);
	if (*lo <= group_last)
		*lo = group_last + 1;
	return CN_OK;
}

int cn_audit_last_change(cn_db *db, struct cn_audit_change *c, cn_error *err)
{
	memset(c, 0, sizeof *c);
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT id, at FROM audit WHERE undone = 0 AND by_undo = 0 ORDER BY id DESC LIMIT 1", err);
	if (!st)
		return err ? err->code : CN_EDB;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return 0;
	}
	c->hi = sqlite3_column_int64(st, 0);
	char *at = cn_col_dup(st, 1);
	sqlite3_reset(st);
	int rc = cn_audit_change_first(db, c->hi, at, &c->lo, err);
	free(at);
	if (rc != CN_OK)
		return rc;
	st = cn_db_stmt(db, "SELECT count(*) FROM audit WHERE id BETWEEN ? AND ? AND undone = 0 AND by_undo = 0",
			err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, c->lo);
	cn_bind_int(st, 2, c->hi);
	c->count = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return 1;
}

/* --- Reading the log ------------------------------------------------------ */

void cn_audit_read_entry(sqlite3_stmt *st, cn_audit_entry *e)
{
	const char *action = cn_col_text(st, 5);
	e->id = sqlite3_column_int64(st, 0);
	e->at = cn_col_text(st, 1);
	e->table = cn_col_text(st, 2);
	e->row_id = sqlite3_column_int64(st, 3);
	e->row_uuid = (const char *)sqlite3_column_text(st, 4);
	e->action = strcmp(action, "insert") == 0 ? CN_AUDIT_INSERT
		    : strcmp(action, "delete") == 0 ? CN_AUDIT_DELETE : CN_AUDIT_UPDATE;
	e->old_values = (const char *)sqlite3_column_text(st, 6);
	e->new_values = (const char *)sqlite3_column_text(st, 7);
	e->undone = sqlite3_column_int(st, 8) != 0;
	e->by_undo = sqlite3_column_int(st, 9) != 0;
}

int cn_audit_each(cn_db *db, sqlite3_stmt *st, cn_audit_fn fn, void *ctx, cn_error *err)
{
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cn_audit_entry e;
		cn_audit_read_entry(st, &e);
		n++;
		if (fn(&e, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		n = cn_db_fail(db, err, "Không đọc được nhật ký thay đổi");
	sqlite3_reset(st);
	return n;
}

/* The row ROW_ID of TABLE as it is now, a JSON object, or NULL. */
static char *current_row(cn_db *db, const char *table, long long row_id)
{
	int ncols;
	char **cols = cn_audit_columns(db, table, &ncols);
	if (!cols)
		return NULL;
	cn_buf sql = {0};
	cn_buf_adds(&sql, "SELECT ");
	cn_audit_add_row_json(&sql, NULL, cols, ncols);
	cn_buf_adds(&sql, " FROM ");
	cn_audit_add_quoted(&sql, table, '"');
	cn_buf_adds(&sql, " WHERE rowid = ?");
	cn_audit_columns_free(cols, ncols);
	/* Not cached: the text is built here, and this runs once per insert
	 * shown or undone. */
	sqlite3_stmt *st;
	char *json = NULL;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), cn_buf_str(&sql), -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, row_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			json = cn_col_dup(st, 0);
		sqlite3_finalize(st);
	}
	cn_buf_free(&sql);
	return json;
}

char *cn_audit_created_values(cn_db *db, const cn_audit_entry *e)
{
	if (e->new_values)
		return cn_strdup(e->new_values);
	if (!cn_audited_find(e->table))
		return NULL;
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT old_values FROM audit WHERE tbl = ? AND row_id = ? AND id > ? AND old_values IS NOT NULL "
		"ORDER BY id LIMIT 1", NULL);
	if (!st)
		return NULL;
	cn_bind_text(st, 1, e->table);
	cn_bind_int(st, 2, e->row_id);
	cn_bind_int(st, 3, e->id);
	char *json = sqlite3_step(st) == SQLITE_ROW ? cn_col_dup(st, 0) : NULL;
	sqlite3_reset(st);
	return json ? json : current_row(db, e->table, e->row_id);
}

/* Local midnight of ISO date DAY as the log's UTC timestamp format. */
static int utc_start_of_day(const char *day, char out[32], cn_error *err)
{
	struct tm tm = {0};
	if (sscanf(day, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return cn_fail(err, CN_EINVAL, "Ngày «%s» không đúng dạng yyyy-mm-dd", day);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	struct tm utc;
	gmtime_r(&t, &utc);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S.000Z", &utc);
	return CN_OK;
}

int cn_audit_list(cn_db *db, const char *since, int limit, cn_audit_fn fn, void *ctx, cn_error *err)
{
	char from[32] = "";
	if (since && *since && utc_start_of_day(since, from, err) != CN_OK)
		return CN_EINVAL;
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT " CN_AUDIT_COLUMNS " FROM audit WHERE (?1 IS NULL OR at >= ?1) ORDER BY id DESC LIMIT ?2",
		err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text_or_null(st, 1, from);
	cn_bind_int(st, 2, limit > 0 ? limit : -1);
	return cn_audit_each(db, st, fn, ctx, err);
}

/* A record's own entries, and for a member the transfers and merges of
 * records into it (with the merged record's own history), for a team the
 * merges it took part in; rows since undone are found by their old values. */
static const char history_sql[] =
	"SELECT " CN_AUDIT_COLUMNS " FROM audit WHERE tbl = ?1 AND row_id = ?2 "
	"UNION ALL SELECT " CN_AUDIT_COLUMNS " FROM audit WHERE ?1 = 'member' AND tbl = 'member_move' "
	"AND (row_id IN (SELECT id FROM member_move WHERE member_id = ?2) "
	"OR json_extract(old_values, '$.member_id') = ?2) "
	"UNION ALL SELECT " CN_AUDIT_COLUMNS " FROM audit WHERE ?1 = 'member' AND tbl = 'member_merge' "
	"AND (row_id IN (SELECT id FROM member_merge WHERE member_id = ?2) "
	"OR json_extract(old_values, '$.member_id') = ?2) "
	"UNION ALL SELECT a.id, a.at, a.tbl, a.row_id, a.row_uuid, a.action, a.old_values, a.new_values, a.undone, "
	"a.by_undo FROM audit d JOIN audit a ON a.tbl = 'member' AND a.row_id = d.row_id AND a.id <= d.id "
	"WHERE ?1 = 'member' AND d.tbl = 'member' AND d.action = 'delete' AND d.row_id <> ?2 "
	"AND d.row_uuid IN (SELECT merged_uuid FROM member_merge WHERE member_id = ?2) "
	"UNION ALL SELECT " CN_AUDIT_COLUMNS " FROM audit WHERE ?1 = 'team' AND tbl = 'team_merge' "
	"AND (row_id IN (SELECT id FROM team_merge WHERE team_id = ?2 OR into_team_id = ?2) "
	"OR json_extract(old_values, '$.team_id') = ?2 OR json_extract(old_values, '$.into_team_id') = ?2) "
	"ORDER BY 1 DESC";

int cn_audit_history(cn_db *db, const char *table, long long row_id, cn_audit_fn fn, void *ctx,
		     cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, history_sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, table);
	cn_bind_int(st, 2, row_id);
	return cn_audit_each(db, st, fn, ctx, err);
}
