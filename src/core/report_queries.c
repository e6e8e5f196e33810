#include "cnscd/report_queries.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The subtree range of UNIT_ID, or of everything ("/" up to "0") for 0. */
static int subtree_or_all(cn_db *db, long long unit_id, char **start, char **end, cn_error *err)
{
	if (unit_id)
		return cn_unit_subtree(db, unit_id, start, end, err);
	*start = cn_strdup("/");
	*end = cn_path_end(*start);
	return CN_OK;
}

/* ?3 is the roster kind: 1 everyone ever, 2 only the never trained. */
#define ROSTER_MEMBER_FILTER \
	"(?3 = 1 OR m.left_on IS NULL) AND (?3 <> 2 OR NOT EXISTS " \
	"(SELECT 1 FROM attendance a WHERE a.member_id = m.id AND a.status = 1))"

/* The order is the one the indexes give (unit_path with its rowid,
 * team_unit, member_team): the rows stream out with no sort. */
static const char roster_sql[] =
	"SELECT u.id, u.path, u.name, u.level, t.id, t.name, t.dissolved, m.id, m.full_name, m.gender, "
	"m.birth_year, m.role, m.position, m.phone, m.id_number, m.joined, m.left_on "
	"FROM unit u INDEXED BY unit_path "
	"JOIN team t ON t.unit_id = u.id AND (?3 = 1 OR t.dissolved IS NULL) "
	"JOIN member m ON m.team_id = t.id AND " ROSTER_MEMBER_FILTER " "
	"WHERE u.path >= ?1 AND u.path < ?2 AND (?3 = 1 OR u.valid_to IS NULL) "
	"ORDER BY u.path, u.id, t.id, m.role, m.search_key, m.id";

/* Counted from an index alone: member_active_team, or member_team. */
static const char active_team_rows_sql[] =
	"SELECT count(*) FROM member INDEXED BY member_active_team WHERE team_id = ? AND left_on IS NULL";
static const char all_team_rows_sql[] = "SELECT count(*) FROM member WHERE team_id = ?";

/* One unit on the path from the top to the current unit. */
struct ancestor {
	long long id;
	int level;
	char *name;
};

struct cn_roster_cursor {
	cn_db *db;
	sqlite3_stmt *st;
	int kind;
	long long unit_id, team_id; /* of the previous row */
	struct ancestor *path;      /* [0] top unit .. [depth-1] the current unit */
	int depth, cap;
	cn_buf level_text[CN_LEVEL_MAX + 1];
	const char *parent_name;
};

cn_roster_cursor *cn_roster_open(cn_db *db, long long unit_id, int kind, cn_error *err)
{
	char *start, *end;
	if (subtree_or_all(db, unit_id, &start, &end, err) != CN_OK)
		return NULL;
	sqlite3_stmt *st = cn_db_stmt(db, roster_sql, err);
	if (st) {
		cn_bind_text(st, 1, start);
		cn_bind_text(st, 2, end);
		cn_bind_int(st, 3, kind);
	}
	free(start);
	free(end);
	if (!st)
		return NULL;
	cn_roster_cursor *c = cn_calloc(1, sizeof *c);
	c->db = db;
	c->st = st;
	c->kind = kind;
	c->unit_id = c->team_id = -1;
	return c;
}

static void set_ancestor(struct ancestor *a, long long id, int level, const char *name)
{
	a->id = id;
	a->level = level;
	free(a->name);
	a->name = cn_strdup(name);
}

/* Brings the ancestor stack to the unit of PATH (whose own name and level
 * the row has), reading only the ancestors that changed: in tree order
 * that is rarely more than the unit itself. An entry left from another
 * branch is harmless: a unit's id at a depth always means the same unit. */
static int follow_path(cn_roster_cursor *c, const char *path, const char *name, int level, cn_error *err)
{
	int depth = 0;
	for (const char *p = path; *p;) {
		if (*p == '/') {
			p++;
			continue;
		}
		char *stop;
		long long id = strtoll(p, &stop, 10);
		if (stop == p)
			break;
		p = stop;
		if (depth == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 8;
			c->path = cn_reallocarray(c->path, (size_t)c->cap, sizeof *c->path);
			memset(c->path + depth, 0, (size_t)(c->cap - depth) * sizeof *c->path);
		}
		struct ancestor *a = &c->path[depth++];
		if (a->id == id)
			continue;
		if (*p == '/' && p[1] == '\0') { /* the unit itself */
			set_ancestor(a, id, level, name);
			continue;
		}
		sqlite3_stmt *q = cn_db_stmt(c->db, "SELECT name, level FROM unit WHERE id = ?", err);
		if (!q)
			return err ? err->code : CN_EDB;
		cn_bind_int(q, 1, id);
		int rc = cn_step_row(c->db, q, err, "Không tìm thấy đơn vị cấp trên", "Không đọc được đơn vị");
		if (rc != CN_OK)
			return rc;
		set_ancestor(a, id, sqlite3_column_int(q, 1), cn_col_text(q, 0));
		sqlite3_reset(q);
	}
	c->depth = depth;
	for (int l = 0; l <= CN_LEVEL_MAX; l++)
		cn_buf_clear(&c->level_text[l]);
	for (int i = 0; i < depth; i++) {
		int l = c->path[i].level;
		if (l < 1)
			l = 1;
		if (l > CN_LEVEL_MAX)
			l = CN_LEVEL_MAX;
		if (c->level_text[l].len)
			cn_buf_adds(&c->level_text[l], " › ");
		cn_buf_adds(&c->level_text[l], c->path[i].name);
	}
	c->parent_name = depth >= 2 ? c->path[depth - 2].name : "";
	return CN_OK;
}

static int count_team_rows(cn_roster_cursor *c, long long team_id, long long *rows, cn_error *err)
{
	sqlite3_stmt *q = cn_db_stmt(c->db, c->kind == CN_ROSTER_ALL ? all_team_rows_sql : active_team_rows_sql, err);
	if (!q)
		return err ? err->code : CN_EDB;
	cn_bind_int(q, 1, team_id);
	int rc = cn_step_row(c->db, q, err, "", "Không đếm được thành viên của tổ");
	if (rc == CN_OK) {
		*rows = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
	}
	return rc;
}

static int roster_fail(cn_roster_cursor *c, int rc)
{
	sqlite3_reset(c->st);
	c->st = NULL;
	return rc;
}

int cn_roster_next(cn_roster_cursor *c, cn_roster_row *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	if (!c->st)
		return 0;
	sqlite3_stmt *st = c->st;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		int result = rc == SQLITE_DONE ? 0 : cn_db_fail(c->db, err, "Không đọc được danh sách thành viên");
		/* Reset at once: a cached statement left stepping holds a read lock. */
		return roster_fail(c, result);
	}
	out->unit_id = sqlite3_column_int64(st, 0);
	out->unit_name = cn_col_text(st, 2);
	if (out->unit_id != c->unit_id) {
		int frc = follow_path(c, cn_col_text(st, 1), out->unit_name, sqlite3_column_int(st, 3), err);
		if (frc != CN_OK)
			return roster_fail(c, frc);
		c->unit_id = out->unit_id;
	}
	for (int l = 1; l <= CN_LEVEL_MAX; l++)
		out->level_name[l] = cn_buf_str(&c->level_text[l]);
	out->parent_name = c->parent_name;
	out->team_id = sqlite3_column_int64(st, 4);
	out->team_name = cn_col_text(st, 5);
	out->team_dissolved = cn_col_text(st, 6);
	out->team_first = out->team_id != c->team_id;
	/* The list of the never trained is flat: no team heading to count for. */
	if (out->team_first && c->kind != CN_ROSTER_UNTRAINED) {
		int crc = count_team_rows(c, out->team_id, &out->team_rows, err);
		if (crc != CN_OK)
			return roster_fail(c, crc);
		c->team_id = out->team_id;
	}
	out->member_id = sqlite3_column_int64(st, 7);
	out->full_name = cn_col_text(st, 8);
	out->gender = sqlite3_column_int(st, 9);
	out->birth_year = sqlite3_column_int(st, 10);
	out->role = sqlite3_column_int(st, 11);
	out->position = cn_col_text(st, 12);
	out->phone = cn_col_text(st, 13);
	out->id_number = cn_col_text(st, 14);
	out->joined = cn_col_text(st, 15);
	out->left_on = cn_col_text(st, 16);
	return 1;
}

void cn_roster_close(cn_roster_cursor *c)
{
	if (!c)
		return;
	if (c->st)
		sqlite3_reset(c->st);
	for (int i = 0; i < c->cap; i++)
		free(c->path[i].name);
	free(c->path);
	for (int l = 0; l <= CN_LEVEL_MAX; l++)
		cn_buf_free(&c->level_text[l]);
	free(c);
}

/* Sessions of the subtree [?1, ?2) starting in [?3, ?4]. */
static const char training_stats_sql[] =
	"SELECT t.id, t.start_date, t.end_date, t.title, t.format, u.name, t.organiser, t.location, "
	"coalesce(t.planned, 0), "
	"(SELECT group_concat(name, '; ') FROM (SELECT p.name FROM training_topic tt JOIN topic p "
	"ON p.id = tt.topic_id WHERE tt.training_id = t.id ORDER BY p.sort_order, p.name)) "
	"FROM training t JOIN unit u ON u.id = t.unit_id "
	"WHERE u.path >= ?1 AND u.path < ?2 AND t.start_date BETWEEN ?3 AND ?4 "
	"ORDER BY t.start_date, t.id";

/* The attendance of one session; a participant's level is that of the
 * unit of their team (levels below a village count as villages). */
static const char attendance_counts_sql[] =
	"SELECT count(*), count(*) FILTER (WHERE a.status = 1), "
	"count(*) FILTER (WHERE a.status = 1 AND a.member_id IS NULL), "
	"count(*) FILTER (WHERE a.status = 1 AND mu.level = 1), "
	"count(*) FILTER (WHERE a.status = 1 AND mu.level = 2), "
	"count(*) FILTER (WHERE a.status = 1 AND mu.level = 3), "
	"count(*) FILTER (WHERE a.status = 1 AND mu.level >= 4) "
	"FROM attendance a LEFT JOIN member m ON m.id = a.member_id LEFT JOIN team mt ON mt.id = m.team_id "
	"LEFT JOIN unit mu ON mu.id = mt.unit_id WHERE a.training_id = ?";

struct cn_training_cursor {
	cn_db *db;
	sqlite3_stmt *st;
};

cn_training_cursor *cn_training_stats_open(cn_db *db, long long unit_id, const char *from, const char *to,
					   cn_error *err)
{
	char *start, *end;
	if (subtree_or_all(db, unit_id, &start, &end, err) != CN_OK)
		return NULL;
	sqlite3_stmt *st = cn_db_stmt(db, training_stats_sql, err);
	if (st) {
		cn_bind_text(st, 1, start);
		cn_bind_text(st, 2, end);
		cn_bind_text(st, 3, from && *from ? from : "0000-00-00");
		cn_bind_text(st, 4, to && *to ? to : "9999-12-31");
	}
	free(start);
	free(end);
	if (!st)
		return NULL;
	cn_training_cursor *c = cn_calloc(1, sizeof *c);
	c->db = db;
	c->st = st;
	return c;
}

static int read_attendance(cn_db *db, long long training_id, cn_training_stat *out, cn_error *err)
{
	sqlite3_stmt *q = cn_db_stmt(db, attendance_counts_sql, err);
	if (!q)
		return err ? err->code : CN_EDB;
	cn_bind_int(q, 1, training_id);
	int rc = cn_step_row(db, q, err, "", "Không đếm được người tham dự");
	if (rc != CN_OK)
		return rc;
	out->invited = sqlite3_column_int64(q, 0);
	out->present = sqlite3_column_int64(q, 1);
	for (int l = 0; l <= CN_LEVEL_MAX; l++)
		out->present_by_level[l] = sqlite3_column_int64(q, 2 + l);
	sqlite3_reset(q);
	return CN_OK;
}

int cn_training_stats_next(cn_training_cursor *c, cn_training_stat *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	if (!c->st)
		return 0;
	sqlite3_stmt *st = c->st;
	int rc = sqlite3_step(st);
	int result = 1;
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->start_date = cn_col_text(st, 1);
		out->end_date = cn_col_text(st, 2);
		out->title = cn_col_text(st, 3);
		out->format = sqlite3_column_int(st, 4);
		out->unit_name = cn_col_text(st, 5);
		out->organiser = cn_col_text(st, 6);
		out->location = cn_col_text(st, 7);
		out->planned = sqlite3_column_int(st, 8);
		out->topics = cn_col_text(st, 9);
		int arc = read_attendance(c->db, out->id, out, err);
		if (arc == CN_OK)
			return 1;
		result = arc;
	} else {
		result = rc == SQLITE_DONE ? 0 : cn_db_fail(c->db, err, "Không đọc được danh sách lớp tập huấn");
	}
	sqlite3_reset(st);
	c->st = NULL;
	return result;
}

void cn_training_stats_close(cn_training_cursor *c)
{
	if (!c)
		return;
	if (c->st)
		sqlite3_reset(c->st);
	free(c);
}

int cn_unit_children(cn_db *db, long long unit_id, const char *open_since,
		     int (*fn)(const cn_unit_child *c, void *ctx), void *ctx, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT id, code, name, level FROM unit WHERE "
		"parent_id IS ?1 AND (valid_to IS NULL OR valid_to >= ?2) ORDER BY code", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int_or_null(st, 1, unit_id);
	cn_bind_text(st, 2, open_since && *open_since ? open_since : "9999-12-31");
	int rc;
	cn_unit_child child;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		child.id = sqlite3_column_int64(st, 0);
		child.code = cn_col_text(st, 1);
		child.name = cn_col_text(st, 2);
		child.level = sqlite3_column_int(st, 3);
		if (fn(&child, ctx))
			break;
	}
	int result = rc == SQLITE_ROW || rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được đơn vị cấp dưới");
	sqlite3_reset(st);
	return result;
}
