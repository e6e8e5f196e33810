/* A team moved to another unit (recorded in team_move, as a reorganisation
 * records it, so that figures as of an earlier day see it where it was),
 * a team dissolved, and the teams a reorganisation left at a province
 * because their district was abolished ("tổ cấp huyện cũ"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/succession.h"
#include "cnscd/team.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "db_internal.h"

int cn_team_move(cn_db *db, long long id, long long to_unit, const char *date, cn_error *err)
{
	char iso[CN_DATE_LEN];
	int rc = cn_parse_date_until_today("Ngày chuyển", date, iso, err);
	if (rc != CN_OK || (rc = cn_db_begin(db, err)) != CN_OK)
		return rc;
	cn_team t = {0};
	if ((rc = cn_team_get(db, id, &t, err)) == CN_OK) {
		if (t.dissolved)
			rc = cn_fail(err, CN_EINVAL, "%s đã giải thể: không chuyển được.", t.name);
		else if (t.unit_id == to_unit)
			rc = cn_fail(err, CN_EINVAL, "%s đã thuộc đơn vị này rồi.", t.name);
		else if (cn_count_where(db, "SELECT count(*) FROM unit WHERE id = ?1", to_unit) <= 0)
			rc = cn_fail(err, CN_ENOTFOUND, "Không tìm thấy đơn vị");
		else
			rc = cn_unit_refuse_closed(db, to_unit, "không chuyển tổ", err);
	}
	if (rc == CN_OK) {
		char last[CN_DATE_LEN] = "";
		sqlite3_stmt *st = cn_db_stmt(db, "SELECT coalesce(max(moved_on), '') FROM team_move WHERE team_id = ?", err);
		if (st) {
			cn_bind_int(st, 1, id);
			if (sqlite3_step(st) == SQLITE_ROW)
				snprintf(last, sizeof last, "%s", cn_col_text(st, 0));
			sqlite3_reset(st);
		}
		if (last[0] && strcmp(iso, last) <= 0) {
			char shown[CN_DATE_LEN];
			cn_date_display(last, shown);
			rc = cn_fail_field(err, "date", CN_EINVAL, "%s đã chuyển đơn vị ngày %s: ngày chuyển mới phải sau "
					   "ngày đó.", t.name, shown);
		}
	}
	sqlite3_stmt *st = rc == CN_OK ? cn_db_stmt(db, "UPDATE team SET unit_id = ?, updated_at = " CN_SQL_NOW
							" WHERE id = ?", err) : NULL;
	if (rc == CN_OK && !st)
		rc = err ? err->code : CN_EDB;
	if (rc == CN_OK) {
		cn_bind_int(st, 1, to_unit);
		cn_bind_int(st, 2, id);
		rc = cn_step_done(db, st, err, "Không chuyển được tổ");
	}
	if (rc == CN_OK && !(st = cn_db_stmt(db, "INSERT INTO team_move(team_id, moved_on, from_unit_id, to_unit_id) "
						 "VALUES (?, ?, ?, ?)", err)))
		rc = err ? err->code : CN_EDB;
	if (rc == CN_OK) {
		cn_bind_int(st, 1, id);
		cn_bind_text(st, 2, iso);
		cn_bind_int(st, 3, t.unit_id);
		cn_bind_int(st, 4, to_unit);
		rc = cn_step_done(db, st, err, "Không ghi được việc chuyển tổ");
	}
	cn_team_clear(&t);
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	return rc;
}

int cn_team_dissolve(cn_db *db, long long id, const char *date, cn_error *err)
{
	char iso[CN_DATE_LEN];
	int rc = cn_parse_date_until_today("Ngày giải thể", date, iso, err);
	if (rc != CN_OK)
		return rc;
	cn_team t = {0};
	if ((rc = cn_team_get(db, id, &t, err)) != CN_OK)
		return rc;
	if (t.dissolved) {
		char shown[CN_DATE_LEN];
		cn_date_display(t.dissolved, shown);
		rc = cn_fail(err, CN_EINVAL, "%s đã giải thể ngày %s.", t.name, shown);
	} else {
		free(t.dissolved);
		t.dissolved = cn_strdup(iso);
		rc = cn_team_update(db, &t, err);
	}
	cn_team_clear(&t);
	return rc;
}

/* An active team at a province, moved there from a district: what the
 * 2025 reorganisation did with district teams. */
static const char former_district_sql[] =
	"SELECT d.name, d.code FROM team t JOIN unit u ON u.id = t.unit_id AND u.level = 1 "
	"JOIN team_move mv ON mv.team_id = t.id AND mv.to_unit_id = t.unit_id "
	"JOIN unit d ON d.id = mv.from_unit_id AND d.level = 2 "
	"WHERE t.id = ? AND t.dissolved IS NULL ORDER BY mv.moved_on DESC LIMIT 1";

char *cn_team_former_district(cn_db *db, long long team_id)
{
	sqlite3_stmt *st = cn_db_stmt(db, former_district_sql, NULL);
	if (!st)
		return NULL;
	cn_bind_int(st, 1, team_id);
	char *name = sqlite3_step(st) == SQLITE_ROW ? cn_col_dup(st, 0) : NULL;
	sqlite3_reset(st);
	return name;
}

long long cn_former_district_teams(cn_db *db, long long unit_id)
{
	return cn_count_where(db,
		"SELECT count(*) FROM team t JOIN unit u ON u.id = t.unit_id AND u.level = 1 "
		"WHERE t.dissolved IS NULL AND (?1 = 0 OR u.id = ?1 OR u.path LIKE (SELECT path FROM unit WHERE id = ?1) || '%') "
		"AND EXISTS (SELECT 1 FROM team_move mv JOIN unit d ON d.id = mv.from_unit_id AND d.level = 2 "
		"WHERE mv.team_id = t.id AND mv.to_unit_id = t.unit_id)", unit_id);
}
