/* What makes a figure: the teams of a unit, the members of a team, and
 * the same by level of unit (district, commune, village). These read the
 * same rows as the roll-up (results_internal.h), so the figures below
 * always add up to the figure above them. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/results.h"
#include "cnscd/unit.h"
#include "db_internal.h"
#include "results_internal.h"

/* --- Behind a unit's own figure: its teams, and a team's members --- */

/* Each team attached to the unit whose path is ?2 (not its subtree): its
 * figure per active indicator over months ?4..?5, submitted reports only
 * unless ?6; teams in name order. */
#define TEAM_FIGURES_SQL \
	"SELECT f.team_id, f.team_name, f.indicator_id, sum(f.v) FROM (" \
	" SELECT t.id AS team_id, t.name AS team_name, res.indicator_id AS indicator_id, " FIGURE_EXPR " AS v" \
	" FROM unit u INDEXED BY unit_path JOIN team t ON t.unit_id = u.id" \
	" JOIN report rp ON rp.team_id = t.id AND rp.period BETWEEN ?4 AND ?5 AND (?6 OR rp.status = 1)" \
	" JOIN result res ON res.report_id = rp.id" \
	" WHERE u.path = ?2" LATEST_ONLY("t.id") " GROUP BY t.id, rp.period, res.indicator_id) f" \
	" JOIN indicator i ON i.id = f.indicator_id AND i.active" \
	" GROUP BY f.team_id, f.indicator_id ORDER BY f.team_name, f.team_id, i.sort_order"

int cn_results_by_team(cn_db *db, long long unit_id, const char *from, const char *to, bool include_drafts,
		       int (*fn)(const cn_team_figure *f, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = cn_results_stmt(db, TEAM_FIGURES_SQL, unit_id, from, to, include_drafts, NULL, &rc, err);
	if (!st)
		return rc;
	cn_team_figure f;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f.team_id = sqlite3_column_int64(st, 0);
		f.team_name = cn_col_text(st, 1);
		f.indicator_id = sqlite3_column_int64(st, 2);
		f.value = sqlite3_column_int64(st, 3);
		if (fn(&f, ctx))
			break;
	}
	return cn_results_finish(db, st, rc, err, "Không tổng hợp được kết quả theo tổ");
}

int cn_reporting_rate_by_team(cn_db *db, long long unit_id, const char *from, const char *to, int due_days,
			      int (*fn)(const cn_team_rate *r, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = cn_results_stmt(db, RATE_SQL_WHERE("u.path = ?2"), unit_id, from, to, due_days, NULL, &rc, err);
	if (!st)
		return rc;
	cn_team_rate r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cn_rate_walk w = {0};
		cn_results_add_rate(st, &w);
		r.rate = w.sum.rate;
		r.team_id = sqlite3_column_int64(st, 4);
		r.team_name = cn_col_text(st, 5);
		if (fn(&r, ctx))
			break;
	}
	return cn_results_finish(db, st, rc, err, "Không tính được tỉ lệ báo cáo theo tổ");
}

/* Each member's figure per active indicator in the reports of team ?7 for
 * months ?4..?5 (submitted only unless ?6), and as member 0 the team's own
 * figures where a report does not split the indicator: together they add
 * up to the team's figure. Members by role and name, member 0 last. */
#define MEMBER_FIGURES_SQL \
	"SELECT coalesce(res.member_id, 0), m.full_name, res.indicator_id, sum(res.value)" \
	" FROM report rp JOIN result res ON res.report_id = rp.id" \
	" JOIN indicator i ON i.id = res.indicator_id AND i.active" \
	" LEFT JOIN member m ON m.id = res.member_id" \
	" WHERE rp.team_id = ?7 AND rp.period BETWEEN ?4 AND ?5 AND (?6 OR rp.status = 1)" LATEST_ONLY("?7") \
	" AND (res.member_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM result s WHERE s.report_id = res.report_id" \
	" AND s.indicator_id = res.indicator_id AND s.member_id IS NOT NULL))" \
	" GROUP BY coalesce(res.member_id, 0), res.indicator_id" \
	" ORDER BY res.member_id IS NULL, m.role, m.full_name, m.id, i.sort_order"

int cn_results_by_member(cn_db *db, long long team_id, const char *from, const char *to, bool include_drafts,
			 int (*fn)(const cn_member_figure *f, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = cn_results_stmt(db, MEMBER_FIGURES_SQL, 0, from, to, include_drafts, NULL, &rc, err);
	if (!st)
		return rc;
	cn_bind_int(st, 7, team_id);
	cn_member_figure f;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f.member_id = sqlite3_column_int64(st, 0);
		f.name = f.member_id ? cn_col_text(st, 1) : NULL;
		f.indicator_id = sqlite3_column_int64(st, 2);
		f.value = sqlite3_column_int64(st, 3);
		if (fn(&f, ctx))
			break;
	}
	return cn_results_finish(db, st, rc, err, "Không tổng hợp được kết quả theo thành viên");
}

int cn_month_report_members(cn_db *db, long long team_id, long long report_id,
		      int (*fn)(const cn_month_report_member *m, void *ctx), void *ctx, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT m.id, m.full_name, m.role, m.left_on IS NOT NULL FROM member m INDEXED BY member_team"
		" WHERE m.team_id = ?1 AND (m.left_on IS NULL OR EXISTS"
		" (SELECT 1 FROM result r WHERE r.report_id = ?2 AND r.member_id = m.id))"
		" ORDER BY m.role, m.name_order, m.id", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, team_id);
	cn_bind_int(st, 2, report_id);
	int rc;
	cn_month_report_member m;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m.id = sqlite3_column_int64(st, 0);
		m.name = cn_col_text(st, 1);
		m.role = sqlite3_column_int(st, 2);
		m.left = sqlite3_column_int(st, 3) != 0;
		if (fn(&m, ctx))
			break;
	}
	return cn_results_finish(db, st, rc, err, "Không đọc được thành viên của tổ");
}

/* --- By level: the level of the unit each team is attached to --- */

#define FIGURE_LEVEL_COL 3 /* FIGURES_SQL: the unit's level, then its id */
#define RATE_LEVEL_COL 6   /* RATE_SQL: the same */

/* Steps ST, handing ROW each row into the accumulator of its unit's level
 * (column LEVEL_COL) in ACCS, then DONE for each level that had rows. */
static int walk_by_level(cn_db *db, sqlite3_stmt *st, int level_col, void (*row)(sqlite3_stmt *st, void *acc),
			 int (*done)(long long id, bool is_self, void *acc), void **accs, const char *what,
			 cn_error *err)
{
	bool seen[CN_LEVEL_MAX + 1] = {false};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int level = sqlite3_column_int(st, level_col);
		if (level >= CN_LEVEL_PROVINCE && level <= CN_LEVEL_MAX) {
			row(st, accs[level]);
			seen[level] = true;
		}
	}
	int result = cn_results_finish(db, st, rc, err, what);
	for (int level = CN_LEVEL_PROVINCE; result == CN_OK && level <= CN_LEVEL_MAX; level++)
		if (seen[level] && done(level, false, accs[level]))
			break;
	return result;
}

/* Steps ST, handing ROW the rows of units at LEVEL (column LEVEL_COL, the
 * unit's id next) and DONE each such unit once its rows are complete: a
 * unit's rows are adjacent, the rows being in tree order. */
static int walk_at_level(cn_db *db, sqlite3_stmt *st, int level_col, int level,
			 void (*row)(sqlite3_stmt *st, void *acc), int (*done)(long long id, bool is_self, void *acc),
			 void *acc, const char *what, cn_error *err)
{
	long long unit = 0;
	int rc, stop = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int(st, level_col) != level)
			continue;
		long long id = sqlite3_column_int64(st, level_col + 1);
		if (unit && id != unit && (stop = done(unit, false, acc)) != 0)
			break;
		unit = id;
		row(st, acc);
	}
	int result = cn_results_finish(db, st, rc, err, what);
	if (result == CN_OK && !stop && unit)
		done(unit, false, acc);
	return result;
}

static int check_level(int level, cn_error *err)
{
	if (level >= CN_LEVEL_PROVINCE && level <= CN_LEVEL_MAX)
		return CN_OK;
	return cn_fail_field(err, "level", CN_EINVAL, "Cấp %d không hợp lệ (1 tỉnh, 2 huyện, 3 xã, 4 thôn)", level);
}

/* The walks hand on a level as the id of a child: turned back here. */
struct level_sink {
	int (*figure)(const cn_level_figure *f, void *ctx);
	int (*rate)(const cn_level_rate *r, void *ctx);
	void *ctx;
};

static int level_figure(const cn_child_figure *f, void *ctx)
{
	const struct level_sink *s = ctx;
	cn_level_figure lf = {.level = (int)f->unit_id, .indicator_id = f->indicator_id, .value = f->value};
	return s->figure(&lf, s->ctx);
}

static int level_rate(const cn_child_rate *r, void *ctx)
{
	const struct level_sink *s = ctx;
	cn_level_rate lr = {.level = (int)r->unit_id, .rate = r->rate};
	return s->rate(&lr, s->ctx);
}

int cn_results_by_level(cn_db *db, long long unit_id, const char *from, const char *to, bool include_drafts,
			int (*fn)(const cn_level_figure *f, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = cn_results_stmt(db, FIGURES_SQL, unit_id, from, to, include_drafts, NULL, &rc, err);
	if (!st)
		return rc;
	struct level_sink sink = {.figure = fn, .ctx = ctx};
	struct cn_figure_walk w[CN_LEVEL_MAX + 1];
	void *accs[CN_LEVEL_MAX + 1];
	for (int i = 0; i <= CN_LEVEL_MAX; i++) {
		w[i] = (struct cn_figure_walk){.db = db, .fn = level_figure, .ctx = &sink};
		accs[i] = &w[i];
	}
	rc = walk_by_level(db, st, FIGURE_LEVEL_COL, cn_results_add_figure, cn_results_hand_figures, accs,
			   "Không tổng hợp được kết quả theo cấp", err);
	for (int i = 0; i <= CN_LEVEL_MAX; i++)
		free(w[i].sums);
	return rc;
}

int cn_reporting_rate_by_level(cn_db *db, long long unit_id, const char *from, const char *to, int due_days,
			       int (*fn)(const cn_level_rate *r, void *ctx), void *ctx, cn_error *err)
{
	int rc;
	sqlite3_stmt *st = cn_results_stmt(db, RATE_SQL, unit_id, from, to, due_days, NULL, &rc, err);
	if (!st)
		return rc;
	struct level_sink sink = {.rate = fn, .ctx = ctx};
	struct cn_rate_walk w[CN_LEVEL_MAX + 1];
	void *accs[CN_LEVEL_MAX + 1];
	for (int i = 0; i <= CN_LEVEL_MAX; i++) {
		w[i] = (struct cn_rate_walk){.fn = level_rate, .ctx = &sink};
		accs[i] = &w[i];
	}
	return walk_by_level(db, st, RATE_LEVEL_COL, cn_results_add_rate, cn_results_hand_rate, accs, "Không tính được tỉ lệ báo cáo theo cấp",
			     err);
}

int cn_results_at_level(cn_db *db, long long unit_id, int level, const char *from, const char *to,
			bool include_drafts, int (*fn)(const cn_child_figure *f, void *ctx), void *ctx, cn_error *err)
{
	int rc = check_level(level, err);
	sqlite3_stmt *st = rc == CN_OK ? cn_results_stmt(db, FIGURES_SQL, unit_id, from, to, include_drafts, NULL, &rc, err)
				       : NULL;
	if (!st)
		return rc;
	struct cn_figure_walk w = {.db = db, .fn = fn, .ctx = ctx};
	rc = walk_at_level(db, st, FIGURE_LEVEL_COL, level, cn_results_add_figure, cn_results_hand_figures, &w,
			   "Không tổng hợp được kết quả theo cấp", err);
	free(w.sums);
	return rc;
}

int cn_reporting_rate_at_level(cn_db *db, long long unit_id, int level, const char *from, const char *to,
			       int due_days, int (*fn)(const cn_child_rate *r, void *ctx), void *ctx, cn_error *err)
{
	int rc = check_level(level, err);
	sqlite3_stmt *st = rc == CN_OK ? cn_results_stmt(db, RATE_SQL, unit_id, from, to, due_days, NULL, &rc, err) : NULL;
	if (!st)
		return rc;
	struct cn_rate_walk w = {.fn = fn, .ctx = ctx};
	return walk_at_level(db, st, RATE_LEVEL_COL, level, cn_results_add_rate, cn_results_hand_rate, &w,
			     "Không tính được tỉ lệ báo cáo theo cấp", err);
}
