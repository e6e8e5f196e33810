/* Two teams of one unit become one: the members of the team merged away
 * move into the other (recorded as transfers, so figures as of an earlier
 * day still see two teams), its monthly reports go with them (a month both
 * teams reported is added up), one leader is kept, the team is dissolved on
 * the day, and the merge is recorded — all in one transaction. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/member.h"
#include "cnscd/succession.h"
#include "cnscd/unit.h"
#include "cnscd/team.h"
#include "db_internal.h"
#include "transfer_internal.h"

static int check_teams(cn_db *db, const cn_team *from, const cn_team *into, cn_error *err)
{
	if (from->id == into->id)
		return cn_fail(err, CN_EINVAL, "Cần hai tổ khác nhau để gộp.");
	if (from->unit_id != into->unit_id)
		return cn_fail(err, CN_EINVAL, "Chỉ gộp được hai tổ của cùng một đơn vị: %s và %s thuộc hai đơn vị khác "
			       "nhau (chuyển từng người bằng «chuyển tổ»).", from->name, into->name);
	const cn_team *t[2] = {from, into};
	for (int i = 0; i < 2; i++) {
		if (t[i]->dissolved) {
			char shown[CN_DATE_LEN];
			cn_date_display(t[i]->dissolved, shown);
			return cn_fail(err, CN_EINVAL, "%s đã giải thể ngày %s.", t[i]->name, shown);
		}
	}
	return cn_unit_refuse_closed(db, into->unit_id, "không gộp tổ", err);
}

/* Every active member of FROM can move on ISO: joined by then, not moved
 * since. */
static int check_members(cn_db *db, const cn_team *from, const char *iso, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT m.full_name, max(coalesce(m.joined, ''), coalesce((SELECT max(moved_on) FROM member_move mv "
		"WHERE mv.member_id = m.id), '')) AS since FROM member m WHERE m.team_id = ?1 AND m.left_on IS NULL "
		"AND (m.joined > ?2 OR EXISTS (SELECT 1 FROM member_move mv WHERE mv.member_id = m.id "
		"AND mv.moved_on >= ?2)) ORDER BY since DESC LIMIT 1", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, from->id);
	cn_bind_text(st, 2, iso);
	int rc = CN_OK;
	if (sqlite3_step(st) == SQLITE_ROW) {
		char shown[CN_DATE_LEN];
		cn_date_display(cn_col_text(st, 1), shown);
		rc = cn_fail_field(err, "date", CN_EINVAL, "%s vào tổ (hoặc chuyển đến) ngày %s: ngày gộp phải sau ngày đó.",
				   cn_col_text(st, 0), shown);
	}
	sqlite3_reset(st);
	return rc;
}

/* The leader kept: LEADER when given (an active member of either team),
 * else the leader of INTO, else that of FROM, else none (0). */
static int choose_leader(cn_db *db, const cn_team *from, const cn_team *into, long long leader, long long *out,
			 cn_error *err)
{
	*out = 0;
	if (leader) {
		cn_member m = {0};
		int rc = cn_member_get(db, leader, &m, err);
		bool ok = rc == CN_OK && !m.left_on && (m.team_id == from->id || m.team_id == into->id);
		cn_member_clear(&m);
		if (!ok)
			return cn_fail_field(err, "leader", CN_EINVAL, "Tổ trưởng sau khi gộp phải là một người đang ở một "
					     "trong hai tổ.");
		*out = leader;
		return CN_OK;
	}
	const long long teams[2] = {into->id, from->id};
	for (int i = 0; i < 2 && !*out; i++)
		*out = cn_count_where(db, "SELECT coalesce((SELECT id FROM member WHERE team_id = ?1 AND role = 1 "
					  "AND left_on IS NULL), 0)", teams[i]);
	return *out < 0 ? cn_db_fail(db, err, "Không đọc được tổ trưởng") : CN_OK;
}

/* The leaders of both teams but the one kept become deputies, the one kept
 * (when not yet) the leader of INTO. */
static int settle_leaders(cn_db *db, const cn_team *from, const cn_team *into, long long leader, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "UPDATE member SET role = 2, updated_at = " CN_SQL_NOW
					  " WHERE team_id IN (?1, ?2) AND role = 1 AND left_on IS NULL AND id <> ?3", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, from->id);
	cn_bind_int(st, 2, into->id);
	cn_bind_int(st, 3, leader);
	int rc = cn_step_done(db, st, err, "Không đổi được tổ trưởng");
	if (rc != CN_OK || !leader)
		return rc;
	st = cn_db_stmt(db, "UPDATE member SET role = 1, updated_at = " CN_SQL_NOW " WHERE id = ? AND role <> 1", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, leader);
	return cn_step_done(db, st, err, "Không đổi được tổ trưởng");
}

/* Moves every active member of FROM into INTO on ISO, keeping their role. */
static int move_members(cn_db *db, const cn_team *from, const cn_team *into, const char *iso, long long *moved,
			cn_error *err)
{
	*moved = 0;
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT id FROM member WHERE team_id = ? AND left_on IS NULL ORDER BY id", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, from->id);
	long long *ids = NULL;
	long long n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = cn_reallocarray(ids, (size_t)n + 1, sizeof *ids);
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE ? CN_OK : cn_db_fail(db, err, "Không đọc được thành viên");
	for (long long i = 0; i < n && rc == CN_OK; i++) {
		cn_member m = {0};
		rc = cn_member_get(db, ids[i], &m, err);
		if (rc == CN_OK)
			rc = cn_transfer_write(db, &m, into->id, iso, m.role, "merge", err);
		cn_member_clear(&m);
	}
	free(ids);
	*moved = n;
	return rc;
}

/* The monthly reports of FROM go to INTO: whole where INTO has none for the
 * month, else added up into INTO's (each figure by indicator and member)
 * and removed. The unit's figures are the same before and after, so an
 * approval of the month stays true. */
static int move_reports(cn_db *db, const cn_team *from, const cn_team *into, long long *moved, cn_buf *added,
			cn_error *err)
{
	static const char *const sql[] = {
		/* Months both reported: figures added up, the report touched. */
		"INSERT INTO result(report_id, indicator_id, member_id, value) "
		"SELECT i.id, r.indicator_id, r.member_id, r.value FROM report f JOIN report i ON i.team_id = ?2 "
		"AND i.period = f.period JOIN result r ON r.report_id = f.id WHERE f.team_id = ?1 AND true "
		"ON CONFLICT (report_id, indicator_id, coalesce(member_id, 0)) DO UPDATE SET value = value + excluded.value",
		"UPDATE report SET updated_at = " CN_SQL_NOW " WHERE team_id = ?2 AND period IN "
		"(SELECT period FROM report WHERE team_id = ?1)",
		"DELETE FROM report WHERE team_id = ?1 AND period IN (SELECT period FROM report WHERE team_id = ?2)",
		/* The other months go over whole. */
		"UPDATE report SET team_id = ?2, updated_at = " CN_SQL_NOW " WHERE team_id = ?1",
	};
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT f.period FROM report f JOIN report i ON i.team_id = ?2 "
					  "AND i.period = f.period WHERE f.team_id = ?1 ORDER BY f.period", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, from->id);
	cn_bind_int(st, 2, into->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		cn_buf_printf(added, "%s%s", added->len ? "," : "", cn_col_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return cn_db_fail(db, err, "Không đọc được báo cáo tháng");
	rc = CN_OK;
	for (size_t i = 0; i < CN_ARRAY_LEN(sql) && rc == CN_OK; i++) {
		if (!(st = cn_db_stmt(db, sql[i], err)))
			return err ? err->code : CN_EDB;
		cn_bind_int(st, 1, from->id);
		cn_bind_int(st, 2, into->id);
		rc = cn_step_done(db, st, err, "Không chuyển được báo cáo tháng");
		if (i == CN_ARRAY_LEN(sql) - 1)
			*moved = sqlite3_changes(cn_db_sqlite(db));
	}
	return rc;
}

static int record(cn_db *db, const cn_team *from, const cn_team *into, const char *iso, long long members,
		  long long reports, const char *added, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "UPDATE team SET dissolved = ?, updated_at = " CN_SQL_NOW " WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, iso);
	cn_bind_int(st, 2, from->id);
	int rc = cn_step_done(db, st, err, "Không ghi được ngày giải thể của tổ");
	if (rc != CN_OK)
		return rc;
	/* Last, so that the change log names the action by it. */
	st = cn_db_stmt(db, "INSERT INTO team_merge(team_id, into_team_id, merged_on, members, reports_moved, "
			    "months_added) VALUES (?, ?, ?, ?, ?, ?)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, from->id);
	cn_bind_int(st, 2, into->id);
	cn_bind_text(st, 3, iso);
	cn_bind_int(st, 4, members);
	cn_bind_int(st, 5, reports);
	cn_bind_text_or_null(st, 6, added);
	return cn_step_done(db, st, err, "Không ghi được việc gộp tổ");
}

int cn_team_merge(cn_db *db, long long from_id, long long into_id, const char *date, long long leader,
		  cn_team_merge_result *res, cn_error *err)
{
	memset(res, 0, sizeof *res);
	char iso[CN_DATE_LEN];
	int rc = cn_parse_date_until_today("Ngày gộp", date, iso, err);
	if (rc != CN_OK || (rc = cn_db_begin(db, err)) != CN_OK)
		return rc;
	cn_team from = {0}, into = {0};
	cn_buf added = {0};
	if ((rc = cn_team_get(db, from_id, &from, err)) == CN_OK && (rc = cn_team_get(db, into_id, &into, err)) == CN_OK &&
	    (rc = check_teams(db, &from, &into, err)) == CN_OK && (rc = check_members(db, &from, iso, err)) == CN_OK &&
	    (rc = choose_leader(db, &from, &into, leader, &res->leader, err)) == CN_OK &&
	    (rc = settle_leaders(db, &from, &into, res->leader, err)) == CN_OK &&
	    (rc = move_members(db, &from, &into, iso, &res->members, err)) == CN_OK &&
	    (rc = move_reports(db, &from, &into, &res->reports_moved, &added, err)) == CN_OK)
		rc = record(db, &from, &into, iso, res->members, res->reports_moved, cn_buf_str(&added), err);
	if (rc == CN_OK)
		rc = cn_db_commit(db, err);
	else
		cn_db_rollback(db);
	if (rc == CN_OK) {
		for (const char *p = cn_buf_str(&added); *p; p++)
			res->months_added += *p == ',';
		res->months_added += added.len > 0;
	}
	res->months = cn_buf_steal(&added);
	cn_team_clear(&from);
	cn_team_clear(&into);
	return rc;
}
