/* What the results queries share (results.c, results_drill.c): the SQL
 * of the teams' figures and of the reporting rate, the statement bound to
 * a unit's subtree and a period, and the accumulators the walks over
 * their rows hand on. Core only. */
#ifndef CNSCD_RESULTS_INTERNAL_H
#define CNSCD_RESULTS_INTERNAL_H

#include "cnscd/results.h"
#include "cnscd/today.h"
#include "db_internal.h"
#include "team_internal.h"

/* A team's figure for one indicator of one report, over the rows of
 * RES (the result table) grouped by report and indicator: the sum of its
 * members' values when the report splits the indicator by member, else
 * the team's own value. cn_result_set keeps the team's row equal to that
 * sum; the queries still compute it, so a member deleted since cannot
 * leave a stale total behind. */
#define FIGURE_EXPR \
	"CASE WHEN count(res.member_id) > 0" \
	" THEN sum(res.value) FILTER (WHERE res.member_id IS NOT NULL) ELSE sum(res.value) END"

/* Keeps a row of RES (the result table, of report RP of team TEAM) unless
 * its indicator is a stock (aggregate 'last') and a later report of the
 * same team in months ..?5 (submitted, unless ?6) gives the indicator too:
 * a stock counts from the team's latest report of the period that has it.
 * The stocks are few: the list is read once per statement. */
#define LATEST_ONLY(team) \
	" AND (res.indicator_id NOT IN (SELECT id FROM indicator WHERE aggregate = 'last')" \
	" OR NOT EXISTS (SELECT 1 FROM report later JOIN result lr ON lr.report_id = later.id" \
	" AND lr.indicator_id = res.indicator_id WHERE later.team_id = " team \
	" AND later.period > rp.period AND later.period <= ?5 AND (?6 OR later.status = 1)))"

/* Each team report's figure for an indicator, one row per (report,
 * indicator) with the unit's path first (its level and id last), in tree
 * order: the sum of its members' values when the report splits the
 * indicator by member, else the team's own value. Reports of the subtree
 * [?2, ?3) for months ?4..?5, submitted ones only unless ?6; a stock's
 * rows only from the team's latest report of them (LATEST_ONLY). The
 * GROUP BY follows the loops' own index order (unit_path, team_unit,
 * report (team_id, period), result_key), so rows stream out with no sort,
 * and a commune of a national database reads only its own reports. */
#define FIGURES_SQL \
	"SELECT u.path, res.indicator_id, " FIGURE_EXPR " AS v, u.level, u.id" \
	" FROM unit u INDEXED BY unit_path JOIN team t ON t.unit_id = u.id" \
	" JOIN report rp ON rp.team_id = t.id AND rp.period BETWEEN ?4 AND ?5 AND (?6 OR rp.status = 1)" \
	" JOIN result res ON res.report_id = rp.id" \
	" WHERE u.path >= ?2 AND u.path < ?3" LATEST_ONLY("t.id") \
	" GROUP BY u.path, u.id, t.id, rp.period, res.indicator_id"

/* Per team of the scope in tree order (unit path first): the months
 * ?4..?5 it owed a report for, the reports of those months submitted, and
 * those submitted within ?6 days after the month's end. A team owes a
 * month's report when it reports for that month (CN_SQL_TEAM_REPORTS) and
 * the month's deadline has passed (CN_SQL_MONTH_OWED): a month not yet due
 * counts nowhere. Grouped in the loops' index order: no sort. */
#define RATE_SQL RATE_SQL_WHERE("u.path >= ?2 AND u.path < ?3")
/* The same rows for WHERE (a condition on the unit u), with the team's id
 * and name after the counts, then the unit's level and id. */
#define RATE_SQL_WHERE(where) \
	"WITH RECURSIVE months(m, first, last) AS (" \
	" SELECT ?4, ?4 || '-01', date(?4 || '-01', '+1 month', '-1 day')" \
	" UNION ALL SELECT strftime('%Y-%m', first, '+1 month'), date(first, '+1 month')," \
	" date(first, '+2 month', '-1 day') FROM months WHERE m < ?5)," \
	" owed(m, first, last) AS (SELECT * FROM months WHERE " CN_SQL_MONTH_OWED("last", "?6") ")" \
	" SELECT u.path, count(*), count(rp.id)," \
	" count(rp.id) FILTER (WHERE date(rp.submitted_at, 'localtime') <= date(owed.last, '+' || ?6 || ' days'))," \
	" t.id, t.name, u.level, u.id" \
	" FROM unit u INDEXED BY unit_path JOIN team t ON t.unit_id = u.id" \
	" JOIN owed ON " CN_SQL_TEAM_REPORTS("t", "u", "owed.first", "owed.last") \
	" LEFT JOIN report rp ON rp.team_id = t.id AND rp.period = owed.m AND rp.status = 1" \
	" WHERE " where " GROUP BY u.path, u.id, t.id"

/* The cached statement SQL, bound to the scope as the statements number
 * it: ?1 the unit (0 for everything), ?2/?3 its subtree range, ?4/?5 the
 * months FROM..TO (checked), and ?6 EXTRA (drafts included, or days
 * allowed after the month). *ROOT (if not NULL) receives a copy of the
 * range's start, the unit's path. NULL with *RC set on failure. */
sqlite3_stmt *cn_results_stmt(cn_db *db, const char *sql, long long unit_id, const char *from, const char *to,
			      long long extra, char **root, int *rc, cn_error *err);
/* After stepping ST to its end (or to a stop): CN_OK, or the error. */
int cn_results_finish(cn_db *db, sqlite3_stmt *st, int rc, cn_error *err, const char *what);

/* Sums of one child by indicator, handed on when the child is complete. */
struct cn_figure_walk {
	cn_db *db;
	cn_child_figure *sums;
	int n, cap;
	int (*fn)(const cn_child_figure *f, void *ctx);
	void *ctx;
};
/* Adds a FIGURES_SQL row (indicator, value) to the walk ACC. */
void cn_results_add_figure(sqlite3_stmt *st, void *acc);
/* Hands the sums of ACC on as those of ID (active indicators only), and
 * empties it; non-zero when the receiver says stop. */
int cn_results_hand_figures(long long id, bool is_self, void *acc);

struct cn_rate_walk {
	cn_child_rate sum;
	int (*fn)(const cn_child_rate *r, void *ctx);
	void *ctx;
};
/* Adds a RATE_SQL row (owed, sent, on time) to the walk ACC. */
void cn_results_add_rate(sqlite3_stmt *st, void *acc);
/* Hands the rate of ACC on as that of ID and empties it. */
int cn_results_hand_rate(long long id, bool is_self, void *acc);

#endif
