#include "cnscd/report_queries.h"
#include "cnscd/unit.h"

#include <stdlib.h>
#include <string.h>

#include "cnscd/succession.h"
#include "db_internal.h"

/* The subtree range of UNIT_ID, or of everything ("/" up to "0") for 0. */
static int subtree_or_all(cn_db *db, long long unit_id, char **start, char **end, cn_error *err)
{
	if (unit_id)
		return cn_unit_subtree(db, unit_id, start, end, err);
	*start = cn_strdup("/");
	*end = cn_path_end(*start);
	return CN_OK;
}

/* The units of the subtree of ?1 (every unit for 0) in the order of the
 * official lists: depth first, children in code order, which is what the
 * key of codes gives (a parent's key is a prefix of its children's). Only
 * the units are sorted (110,000 for the country), never the members; the
 * ORDER BY inside keeps the queue of the walk small. */
static const char roster_units_sql[] =
	"WITH RECURSIVE tree(id, key, depth, name, level, closed) AS ("
	"SELECT id, code || '/', 0, name, level, valid_to IS NOT NULL FROM unit WHERE id = ?1 "
	"UNION ALL SELECT id, code || '/', 0, name, level, valid_to IS NOT NULL FROM unit "
	"WHERE ?1 = 0 AND parent_id IS NULL "
	"UNION ALL SELECT c.id, tree.key || c.code || '/', tree.depth + 1, " CN_SQL_UNIT_LABEL("c") ", c.level, "
	"c.valid_to IS NOT NULL FROM tree JOIN unit c ON c.parent_id = tree.id WHERE tree.depth < " CN_UNIT_MAX_DEPTH_SQL
	" ORDER BY 2) "
	"SELECT id, depth, name, level, closed FROM tree ORDER BY key";

/* ?2 is the roster kind: 1 everyone ever, 2 only the never trained. */
#define ROSTER_MEMBER_FILTER \
	"(?2 = 1 OR m.left_on IS NULL) AND (?2 <> 2 OR NOT EXISTS " \
	"(SELECT 1 FROM attendance a WHERE a.member_id = m.id AND a.status = 1))"

/* The members of unit ?1 in the order the indexes give (team_unit, then
 * member_team): active teams first, by id; leader, deputy, members by name
 * in Vietnamese order (collate.h). */
static const char roster_members_sql[] =
	"SELECT t.id, t.name, t.dissolved, m.id, m.full_name, m.gender, m.birth_year, m.role, m.position, m.phone, "
	"m.id_number, m.joined, m.left_on FROM team t "
	"JOIN member m ON m.team_id = t.id AND " ROSTER_MEMBER_FILTER " "
	"WHERE t.unit_id = ?1 AND (?2 = 1 OR t.dissolved IS NULL) "
	"ORDER BY t.dissolved, t.id, m.role, m.name_order, m.id";

/* Counted from an index alone: member_stats, or member_team. */
static const char active_team_rows_sql[] =
	"SELECT count(*) FROM member INDEXED BY member_stats WHERE team_id = ? AND left_on IS NULL";
static const char all_team_rows_sql[] = "SELECT count(*) FROM member WHERE team_id = ?";

/* One unit on the path from the top to the current unit. */
struct ancestor {
	int level;
	char *name;
};

struct cn_roster_cursor {
	cn_db *db;
	sqlite3_stmt *units;   /* the walk over the units; NULL at the end */
	sqlite3_stmt *members; /* the current unit's members; NULL between units */
	int kind;
	long long unit_id, team_id; /* of the current row */
	int base;              /* ancestors above the walk's first unit */
	struct ancestor *path; /* [0] top unit .. [depth] the current unit */
	int depth, cap;
	cn_buf level_text[CN_LEVEL_MAX + 1];
};

static void set_ancestor(cn_roster_cursor *c, int at, int level, const char *name)
{
	if (at >= c->cap) {
		int cap = c->cap ? c->cap * 2 : 8;
		while (cap <= at)
			cap *= 2;
		c->path = cn_reallocarray(c->path, (size_t)cap, sizeof *c->path);
		memset(c->path + c->cap, 0, (size_t)(cap - c->cap) * sizeof *c->path);
		c->cap = cap;
	}
	free(c->path[at].name);
	c->path[at].name = cn_strdup(name);
	c->path[at].level = level;
	c->depth = at;
}

/* The units above UNIT_ID, top first: the first entries of the stack. */
static int read_ancestors(cn_roster_cursor *c, long long unit_id, cn_error *err)
{
	char *start, *end;
	int rc = cn_unit_subtree(c->db, unit_id, &start, &end, err);
	for (const char *p = start; rc == CN_OK && p && *p;) {
		char *stop;
		long long id = strtoll(p + 1, &stop, 10);
		if (stop == p + 1 || id == unit_id)
			break;
		p = stop;
		sqlite3_stmt *q = cn_db_stmt(c->db, "SELECT name, level FROM unit WHERE id = ?", err);
		if (!q) {
			rc = err ? err->code : CN_EDB;
			break;
		}
		cn_bind_int(q, 1, id);
		if ((rc = cn_step_row(c->db, q, err, "Không tìm thấy đơn vị cấp trên", "Không đọc được đơn vị")) != CN_OK)
			break;
		set_ancestor(c, c->base++, sqlite3_column_int(q, 1), cn_col_text(q, 0));
		sqlite3_reset(q);
	}
	free(start);
	free(end);
	return rc;
}

cn_roster_cursor *cn_roster_open(cn_db *db, long long unit_id, int kind, cn_error *err)
{
	cn_roster_cursor *c = cn_calloc(1, sizeof *c);
	c->db = db;
	c->kind = kind;
	c->unit_id = c->team_id = -1;
	if ((unit_id && read_ancestors(c, unit_id, err) != CN_OK) || !(c->units = cn_db_stmt(db, roster_units_sql, err))) {
		cn_roster_close(c);
		return NULL;
	}
	cn_bind_int(c->units, 1, unit_id);
	return c;
}

/* The level texts of the current unit from the ancestor stack: a name per
 * level, units deeper than a village joined to the village's. */
static void make_level_texts(cn_roster_cursor *c)
{
	for (int l = 0; l <= CN_LEVEL_MAX; l++)
		cn_buf_clear(&c->level_text[l]);
	for (int i = 0; i <= c->depth; i++) {
		int l = c->path[i].level;
		l = l < 1 ? 1 : l > CN_LEVEL_MAX ? CN_LEVEL_MAX : l;
		if (c->level_text[l].len)
			cn_buf_adds(&c->level_text[l], " › ");
		cn_buf_adds(&c->level_text[l], c->path[i].name);
	}
}

/* Moves to the next unit whose members are listed and opens its member
 * query: 1, 0 after the last unit, or a negative cn_status. */
static int next_unit(cn_roster_cursor *c, cn_error *err)
{
	int rc;
	while ((rc = sqlite3_step(c->units)) == SQLITE_ROW) {
		int at = c->base + sqlite3_column_int(c->units, 1);
		set_ancestor(c, at, sqlite3_column_int(c->units, 3), cn_col_text(c->units, 2));
		if (c->kind != CN_ROSTER_ALL && sqlite3_column_int(c->units, 4))
			continue; /* a closed unit; its children are closed too */
		c->unit_id = sqlite3_column_int64(c->units, 0);
		c->members = cn_db_stmt(c->db, roster_members_sql, err);
		if (!c->members)
			return err ? err->code : CN_EDB;
		cn_bind_int(c->members, 1, c->unit_id);
		cn_bind_int(c->members, 2, c->kind);
		make_level_texts(c);
		return 1;
	}
	int result = rc == SQLITE_DONE ? 0 : cn_db_fail(c->db, err, "Không đọc được danh sách đơn vị");
	/* Reset at once: a cached statement left stepping holds a read lock. */
	sqlite3_reset(c->units);
	c->units = NULL;
	return result;
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

static void read_member(cn_roster_cursor *c, sqlite3_stmt *st, cn_roster_row *out)
{
	for (int l = 1; l <= CN_LEVEL_MAX; l++)
		out->level_name[l] = cn_buf_str(&c->level_text[l]);
	out->unit_id = c->unit_id;
	out->unit_name = c->path[c->depth].name;
	out->parent_name = c->depth > 0 ? c->path[c->depth - 1].name : "";
	out->team_id = sqlite3_column_int64(st, 0);
	out->team_name = cn_col_text(st, 1);
	out->team_dissolved = cn_col_text(st, 2);
	out->member_id = sqlite3_column_int64(st, 3);
	out->full_name = cn_col_text(st, 4);
	out->gender = sqlite3_column_int(st, 5);
	out->birth_year = sqlite3_column_int(st, 6);
	out->role = sqlite3_column_int(st, 7);
	out->position = cn_col_text(st, 8);
	out->phone = cn_col_text(st, 9);
	out->id_number = cn_col_text(st, 10);
	out->joined = cn_col_text(st, 11);
	out->left_on = cn_col_text(st, 12);
}

static int roster_stop(cn_roster_cursor *c, int rc)
{
	if (c->members)
		sqlite3_reset(c->members);
	if (c->units)
		sqlite3_reset(c->units);
	c->members = c->units = NULL;
	return rc;
}

int cn_roster_next(cn_roster_cursor *c, cn_roster_row *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	for (;;) {
		if (!c->members) {
			if (!c->units)
				return 0;
			int rc = next_unit(c, err);
			if (rc <= 0)
				return roster_stop(c, rc);
		}
		int rc = sqlite3_step(c->members);
		if (rc == SQLITE_ROW)
			break;
		sqlite3_reset(c->members);
		c->members = NULL;
		if (rc != SQLITE_DONE)
			return roster_stop(c, cn_db_fail(c->db, err, "Không đọc được danh sách thành viên"));
	}
	read_member(c, c->members, out);
	out->team_first = out->team_id != c->team_id;
	/* The list of the never trained is flat: no team heading to count for. */
	if (out->team_first && c->kind != CN_ROSTER_UNTRAINED) {
		int rc = count_team_rows(c, out->team_id, &out->team_rows, err);
		if (rc != CN_OK)
			return roster_stop(c, rc);
	}
	c->team_id = out->team_id;
	return 1;
}

void cn_roster_close(cn_roster_cursor *c)
{
	if (!c)
		return;
	roster_stop(c, 0);
	for (int i = 0; i < c->cap; i++)
		free(c->path[i].name);
	free(c->path);
	for (int l = 0; l <= CN_LEVEL_MAX; l++)
		cn_buf_free(&c->level_text[l]);
	free(c);
}

/* Sessions of the subtree [?1, ?2) starting in [?3, ?4]. */
static const char training_stats_sql[] =
	"SELECT t.id, t.start_date, t.end_date, t.title, t.format, " CN_SQL_SESSION_UNIT("t", "u") ", t.organiser, "
	"t.location, "
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
