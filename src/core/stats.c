#include "cnscd/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnscd/succession.h"
#include "cnscd/unit.h"
#include "cnscd/today.h"
#include "cnscd/validate.h"
#include "db_internal.h"

/* Every open unit of the subtree joined to its active teams and their
 * active members (?1/?2: the path range, ?3: the young threshold), first
 * summed per unit in path order — the order of the unit_path index, so no
 * sort — then per level or per child. Covering indexes on team and member
 * (see the schema) keep this to index reads.
 * INDEXED BY: left alone, the planner prefers scanning all units through
 * unit_level to save the GROUP BY sort, which reads the whole country for
 * one commune. */
#define PER_UNIT \
	"SELECT u.path AS path, u.level AS level, count(DISTINCT t.id) AS teams, count(m.id) AS members, " \
	"count(CASE WHEN m.role = 1 THEN 1 END) AS leaders, count(CASE WHEN m.role = 2 THEN 1 END) AS deputies, " \
	"count(CASE WHEN m.gender = 2 THEN 1 END) AS women, " \
	"count(CASE WHEN m.birth_year > ?3 THEN 1 END) AS young " \
	"FROM unit u INDEXED BY unit_path " \
	"LEFT JOIN team t ON t.unit_id = u.id AND t.dissolved IS NULL " \
	"LEFT JOIN member m ON m.team_id = t.id AND m.left_on IS NULL " \
	"WHERE u.path >= ?1 AND u.path < ?2 AND u.valid_to IS NULL GROUP BY u.path"
#define SUMS \
	"count(*), count(CASE WHEN teams > 0 THEN 1 END), sum(teams), sum(members), sum(leaders), " \
	"sum(deputies), sum(women), sum(young)"

static const char by_level_sql[] = "SELECT level, " SUMS " FROM (" PER_UNIT ") GROUP BY level";

/* Each unit of the subtree is grouped under the child of the root on its
 * path: the path cut after the first '/' that follows the root's path. The
 * root itself cuts to its own path, so it forms its own group. */
static const char by_child_sql[] =
	"WITH agg AS (SELECT substr(path, 1, length(?1) + instr(substr(path, length(?1) + 1), '/')) "
	"AS cpath, " SUMS " FROM (" PER_UNIT ") GROUP BY cpath) "
	"SELECT c.id, c.code, " CN_SQL_UNIT_LABEL("c") ", c.level, c.path = ?1, agg.* FROM agg "
	"JOIN unit c ON c.path = agg.cpath "
	"ORDER BY c.path <> ?1, c.code";

/* The same figures as of a date (?4, ISO), for the tree of that date:
 * units valid that day (valid_from <= ?4 <= valid_to), each at the place
 * and level it had then (its unit_former row still valid that day, else
 * where it is now); teams at the unit they belonged to that day (the unit
 * they left by their first move after it, see team_move), established by
 * then and not yet dissolved; members who had joined and not yet left, in
 * the team they were in then (see MEMBERS_AT).
 * AT lists the candidates (units under the range now, or then) and places
 * them; PER_UNIT_AT sums per unit as PER_UNIT does. */
#define AT \
	"WITH cand(id) AS (SELECT id FROM unit INDEXED BY unit_path WHERE path >= ?1 AND path < ?2 " \
	"UNION SELECT unit_id FROM unit_former WHERE path >= ?1 AND path < ?2), " \
	"at(id, path, level, name) AS (SELECT u.id, coalesce(f.path, u.path), coalesce(f.level, u.level), " \
	"coalesce(f.name, u.name) FROM cand JOIN unit u ON u.id = cand.id " \
	"LEFT JOIN unit_former f ON f.unit_id = u.id AND f.valid_to = " \
	"(SELECT min(g.valid_to) FROM unit_former g WHERE g.unit_id = u.id AND g.valid_to >= ?4) " \
	"WHERE (u.valid_from IS NULL OR u.valid_from <= ?4) AND (u.valid_to IS NULL OR u.valid_to >= ?4)) "
#define TEAMS_AT \
	"SELECT x.id FROM team x WHERE x.unit_id = at.id " \
	"AND NOT EXISTS (SELECT 1 FROM team_move mv WHERE mv.team_id = x.id AND mv.moved_on > ?4) " \
	"UNION ALL SELECT mv.team_id FROM team_move mv WHERE mv.from_unit_id = at.id AND mv.moved_on > ?4 " \
	"AND NOT EXISTS (SELECT 1 FROM team_move e WHERE e.team_id = mv.team_id AND e.moved_on > ?4 " \
	"AND e.moved_on < mv.moved_on)"
/* The members of team t that day: those in it now who have not moved
 * since, and those who left it by their first transfer after that day
 * (member_move), as TEAMS_AT does for teams. */
#define MEMBERS_AT \
	"SELECT y.id FROM member y WHERE y.team_id = t.id " \
	"AND NOT EXISTS (SELECT 1 FROM member_move mv WHERE mv.member_id = y.id AND mv.moved_on > ?4) " \
	"UNION ALL SELECT mv.member_id FROM member_move mv WHERE mv.from_team_id = t.id AND mv.moved_on > ?4 " \
	"AND NOT EXISTS (SELECT 1 FROM member_move e WHERE e.member_id = mv.member_id AND e.moved_on > ?4 " \
	"AND e.moved_on < mv.moved_on)"
#define PER_UNIT_AT \
	"SELECT at.path AS path, at.level AS level, count(DISTINCT t.id) AS teams, count(m.id) AS members, " \
	"count(CASE WHEN m.role = 1 THEN 1 END) AS leaders, count(CASE WHEN m.role = 2 THEN 1 END) AS deputies, " \
	"count(CASE WHEN m.gender = 2 THEN 1 END) AS women, " \
	"count(CASE WHEN m.birth_year > ?3 THEN 1 END) AS young " \
	"FROM at LEFT JOIN team t ON t.id IN (" TEAMS_AT ") " \
	"AND (t.established IS NULL OR t.established <= ?4) AND (t.dissolved IS NULL OR t.dissolved > ?4) " \
	"LEFT JOIN member m ON m.id IN (" MEMBERS_AT ") AND (m.joined IS NULL OR m.joined <= ?4) " \
	"AND (m.left_on IS NULL OR m.left_on > ?4) " \
	"WHERE at.path >= ?1 AND at.path < ?2 GROUP BY at.path"

static const char by_level_at_sql[] = AT "SELECT level, " SUMS " FROM (" PER_UNIT_AT ") GROUP BY level";

/* As by_child_sql; the child is the unit whose id ends its path (?5 for
 * the root itself), shown with its name and level of then. */
#define FORMER_AT(col) \
	"coalesce((SELECT f." col " FROM unit_former f WHERE f.unit_id = c.id AND f.valid_to >= ?4 " \
	"ORDER BY f.valid_to LIMIT 1), c." col ")"
static const char by_child_at_sql[] =
	AT ", agg AS (SELECT substr(path, 1, length(?1) + instr(substr(path, length(?1) + 1), '/')) "
	"AS cpath, " SUMS " FROM (" PER_UNIT_AT ") GROUP BY cpath) "
	"SELECT c.id, c.code, " FORMER_AT("name") ", " FORMER_AT("level") ", agg.cpath = ?1, agg.* FROM agg "
	"JOIN unit c ON c.id = CASE WHEN agg.cpath = ?1 THEN ?5 "
	"ELSE CAST(substr(agg.cpath, length(?1) + 1, length(agg.cpath) - length(?1) - 1) AS INTEGER) END "
	"ORDER BY agg.cpath <> ?1, c.code";

void cn_counts_add(cn_counts *sum, const cn_counts *c)
{
	sum->units += c->units;
	sum->units_with_team += c->units_with_team;
	sum->teams += c->teams;
	sum->members += c->members;
	sum->leaders += c->leaders;
	sum->deputies += c->deputies;
	sum->women += c->women;
	sum->young += c->young;
}

double cn_counts_coverage(const cn_counts *c)
{
	return c->units > 0 ? (double)c->units_with_team / (double)c->units : -1.0;
}

int cn_stats_young_after(void)
{
	struct tm tm;
	cn_today_tm(&tm);
	return tm.tm_year + 1900 - CN_YOUNG_AGE;
}

static void read_counts(sqlite3_stmt *st, int col, cn_counts *c)
{
	c->units = sqlite3_column_int64(st, col);
	c->units_with_team = sqlite3_column_int64(st, col + 1);
	c->teams = sqlite3_column_int64(st, col + 2);
	c->members = sqlite3_column_int64(st, col + 3);
	c->leaders = sqlite3_column_int64(st, col + 4);
	c->deputies = sqlite3_column_int64(st, col + 5);
	c->women = sqlite3_column_int64(st, col + 6);
	c->young = sqlite3_column_int64(st, col + 7);
}

/* Binds the subtree range of UNIT_ID (everything for 0) and the young
 * threshold to ST; with AS_OF (ISO), also the date and the unit, and the
 * range is where the unit was on that day. */
static int bind_subtree(cn_db *db, sqlite3_stmt *st, long long unit_id, const char *as_of, cn_error *err)
{
	char *path = NULL;
	if (unit_id) {
		sqlite3_stmt *q = cn_db_stmt(db,
			"SELECT coalesce((SELECT f.path FROM unit_former f WHERE f.unit_id = u.id AND f.valid_to >= ?2 "
			"ORDER BY f.valid_to LIMIT 1), u.path) FROM unit u WHERE u.id = ?1", err);
		if (!q)
			return err ? err->code : CN_EDB;
		cn_bind_int(q, 1, unit_id);
		cn_bind_text(q, 2, as_of ? as_of : "9999-12-31");
		int rc = sqlite3_step(q);
		if (rc == SQLITE_ROW)
			path = cn_col_dup(q, 0);
		sqlite3_reset(q);
		if (rc == SQLITE_DONE)
			return cn_fail(err, CN_ENOTFOUND, "Không tìm thấy đơn vị");
		if (rc != SQLITE_ROW)
			return cn_db_fail(db, err, "Không đọc được đơn vị");
	} else {
		path = cn_strdup("/");
	}
	char *end = cn_path_end(path);
	sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, end, -1, SQLITE_TRANSIENT);
	/* Young as of the year of the date asked for. */
	sqlite3_bind_int(st, 3, as_of ? atoi(as_of) - CN_YOUNG_AGE : cn_stats_young_after());
	if (as_of) {
		sqlite3_bind_text(st, 4, as_of, -1, SQLITE_TRANSIENT);
		if (sqlite3_bind_parameter_count(st) >= 5)
			sqlite3_bind_int64(st, 5, unit_id);
	}
	free(path);
	free(end);
	return CN_OK;
}

/* AS_OF as typed (dd/mm/yyyy or ISO) → ISO in OUT; NULL stays NULL. */
static int parse_as_of(const char *as_of, char out[CN_DATE_LEN], const char **iso, cn_error *err)
{
	*iso = NULL;
	if (!as_of)
		return CN_OK;
	int rc = cn_parse_date("Ngày thống kê", as_of, out, err);
	if (rc == CN_OK)
		*iso = out;
	return rc;
}

int cn_stats_by_level(cn_db *db, long long unit_id, cn_stats *out, cn_error *err)
{
	return cn_stats_by_level_as_of(db, unit_id, NULL, out, err);
}

int cn_stats_by_level_as_of(cn_db *db, long long unit_id, const char *as_of, cn_stats *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	out->unit_id = unit_id;
	char buf[CN_DATE_LEN];
	const char *iso;
	int rc = parse_as_of(as_of, buf, &iso, err);
	if (rc != CN_OK)
		return rc;
	sqlite3_stmt *st = cn_db_stmt(db, iso ? by_level_at_sql : by_level_sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	rc = bind_subtree(db, st, unit_id, iso, err);
	if (rc != CN_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int level = sqlite3_column_int(st, 0);
		if (level < 1 || level > CN_STATS_LEVELS)
			continue; /* the schema's CHECK keeps this from happening */
		read_counts(st, 1, &out->level[level]);
		cn_counts_add(&out->total, &out->level[level]);
	}
	int result = rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đếm được số liệu");
	sqlite3_reset(st);
	return result;
}

struct cn_stats_cursor {
	cn_db *db;
	sqlite3_stmt *st;
};

cn_stats_cursor *cn_stats_children_open(cn_db *db, long long unit_id, cn_error *err)
{
	return cn_stats_children_open_as_of(db, unit_id, NULL, err);
}

cn_stats_cursor *cn_stats_children_open_as_of(cn_db *db, long long unit_id, const char *as_of, cn_error *err)
{
	char buf[CN_DATE_LEN];
	const char *iso;
	if (parse_as_of(as_of, buf, &iso, err) != CN_OK)
		return NULL;
	sqlite3_stmt *st = cn_db_stmt(db, iso ? by_child_at_sql : by_child_sql, err);
	if (!st)
		return NULL;
	if (bind_subtree(db, st, unit_id, iso, err) != CN_OK) {
		sqlite3_reset(st);
		return NULL;
	}
	cn_stats_cursor *c = cn_calloc(1, sizeof *c);
	c->db = db;
	c->st = st;
	return c;
}

int cn_stats_children_next(cn_stats_cursor *c, cn_stats_child *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	if (!c->st)
		return 0;
	int rc = sqlite3_step(c->st);
	if (rc == SQLITE_ROW) {
		out->unit_id = sqlite3_column_int64(c->st, 0);
		out->code = cn_col_text(c->st, 1);
		out->name = cn_col_text(c->st, 2);
		out->level = sqlite3_column_int(c->st, 3);
		out->is_self = sqlite3_column_int(c->st, 4) != 0;
		read_counts(c->st, 6, &out->counts);
		return 1;
	}
	int result = rc == SQLITE_DONE ? 0 : cn_db_fail(c->db, err, "Không đếm được số liệu theo đơn vị");
	/* Reset at once: a cached statement left stepping holds a read lock. */
	sqlite3_reset(c->st);
	c->st = NULL;
	return result;
}

void cn_stats_children_close(cn_stats_cursor *c)
{
	if (!c)
		return;
	if (c->st)
		sqlite3_reset(c->st);
	free(c);
}

void cn_count_text(long long n, char out[CN_NUM_TEXT_LEN])
{
	char digits[24];
	snprintf(digits, sizeof digits, "%lld", n < 0 ? -n : n);
	size_t len = strlen(digits), o = 0;
	if (n < 0)
		out[o++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

void cn_percent_text(double ratio, char out[CN_NUM_TEXT_LEN])
{
	if (ratio < 0) {
		snprintf(out, CN_NUM_TEXT_LEN, "–");
		return;
	}
	/* One decimal, dropped when it is zero: "100%", "98,5%". */
	long tenths = (long)(ratio * 1000.0 + 0.5);
	if (tenths % 10 == 0)
		snprintf(out, CN_NUM_TEXT_LEN, "%ld%%", tenths / 10);
	else
		snprintf(out, CN_NUM_TEXT_LEN, "%ld,%ld%%", tenths / 10, tenths % 10);
}

char *cn_stats_sentence(const cn_stats *s)
{
	cn_buf b = {0};
	char n1[CN_NUM_TEXT_LEN], n2[CN_NUM_TEXT_LEN];
	cn_count_text(s->total.teams, n1);
	cn_count_text(s->total.members, n2);
	cn_buf_printf(&b, "%s tổ với %s thành viên", n1, n2);
	bool first = true, named_members = false;
	for (int l = 1; l <= CN_STATS_LEVELS; l++) {
		const cn_counts *c = &s->level[l];
		if (c->teams == 0)
			continue;
		cn_count_text(c->teams, n1);
		cn_count_text(c->members, n2);
		cn_buf_printf(&b, "%s%s tổ cấp %s (%s%s)", first ? ": " : ", ", n1,
			      l <= CN_LEVEL_MAX ? cn_level_noun(l) : "khác", n2, named_members ? "" : " thành viên");
		first = false;
		named_members = true;
	}
	/* Coverage of the lowest level that has units: villages, normally. */
	for (int l = CN_STATS_LEVELS; l >= 1; l--) {
		const cn_counts *c = &s->level[l];
		if (c->units == 0)
			continue;
		char pct[CN_NUM_TEXT_LEN];
		cn_count_text(c->units_with_team, n1);
		cn_count_text(c->units, n2);
		cn_percent_text(cn_counts_coverage(c), pct);
		cn_buf_printf(&b, "; %s/%s %s có tổ (%s)", n1, n2, cn_level_noun(l), pct);
		break;
	}
	return cn_buf_steal(&b);
}

/* Active memberships in the subtree that share their CCCD with another
 * one there: each such group is one person counted several times. The
 * CCCDs held by more than one active member are kept by triggers in
 * cccd_repeat (schema 13): usually none, so that this costs nothing when
 * read from them (CROSS JOIN keeps that order: left alone, the planner
 * walks the subtree's every member). */
static const char repeated_sql[] =
	"SELECT coalesce(sum(n), 0), count(*) FROM (SELECT count(*) AS n FROM cccd_repeat r "
	"CROSS JOIN member m ON m.id_number = r.id_number AND m.left_on IS NULL "
	"CROSS JOIN team t ON t.id = m.team_id AND t.dissolved IS NULL CROSS JOIN unit u ON u.id = t.unit_id "
	"WHERE u.valid_to IS NULL AND u.path >= ?1 AND u.path < ?2 GROUP BY r.id_number HAVING count(*) > 1)";

int cn_stats_repeated_people(cn_db *db, long long unit_id, long long *memberships, long long *people, cn_error *err)
{
	*memberships = *people = 0;
	sqlite3_stmt *st = cn_db_stmt(db, repeated_sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	int rc = bind_subtree(db, st, unit_id, NULL, err);
	if (rc != CN_OK)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*memberships = sqlite3_column_int64(st, 0);
		*people = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CN_OK : cn_db_fail(db, err, "Không đếm được số người");
}

char *cn_stats_people_sentence(cn_db *db, long long unit_id, long long members)
{
	long long repeated, people;
	if (cn_stats_repeated_people(db, unit_id, &repeated, &people, NULL) != CN_OK || repeated == 0)
		return NULL;
	char n1[CN_NUM_TEXT_LEN], n2[CN_NUM_TEXT_LEN], n3[CN_NUM_TEXT_LEN];
	cn_count_text(members - repeated + people, n1);
	cn_count_text(people, n2);
	cn_count_text(repeated, n3);
	return cn_sprintf("Số thành viên tính theo lượt tham gia tổ; số người khác nhau là %s (%s người là thành viên "
			  "của nhiều tổ, cùng số CCCD, chiếm %s lượt)", n1, n2, n3);
}
