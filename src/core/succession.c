/* The unit that took a closed unit's place (where its teams and sessions
 * went), the refusal to write to a closed unit, which names that
 * successor, and a unit's name as lists show it after a merge. */
#include "cnscd/succession.h"

#include <stdlib.h>
#include <string.h>

#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "db_internal.h"

/* A closed unit has as many succession records as new units it went into;
 * the one that took its teams (and so its sessions) comes first, then the
 * one that took its villages (split), then any but a part. */
static const char successor_sql[] =
	"SELECT s.new_unit_id FROM unit_succession s JOIN unit n ON n.id = s.new_unit_id "
	"WHERE s.old_unit_id = ?1 AND s.new_unit_id <> ?1 "
	"ORDER BY EXISTS (SELECT 1 FROM team_move m WHERE m.from_unit_id = s.old_unit_id "
	"AND m.to_unit_id = s.new_unit_id AND m.moved_on = s.effective) DESC, "
	"s.kind = 'split' DESC, s.kind = 'partial', s.effective DESC, n.code LIMIT 1";

/* Reorganisations that closed a unit and then its successor are rare; a
 * chain longer than this is a loop in records made by hand. */
#define MAX_CHAIN 8

long long cn_unit_successor(cn_db *db, long long unit_id)
{
	long long id = unit_id, found = 0;
	for (int i = 0; i < MAX_CHAIN; i++) {
		sqlite3_stmt *st = cn_db_stmt(db, successor_sql, NULL);
		if (!st)
			return 0;
		cn_bind_int(st, 1, id);
		long long next = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (!next)
			break;
		found = id = next;
		if (cn_count_where(db, "SELECT count(*) FROM unit WHERE id = ?1 AND valid_to IS NULL", id) > 0)
			return id;
	}
	return found;
}

int cn_unit_refuse_closed(cn_db *db, long long unit_id, const char *what, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT name, valid_to FROM unit WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, unit_id);
	int rc = cn_step_row(db, st, err, "Không tìm thấy đơn vị", "Không đọc được đơn vị");
	if (rc != CN_OK)
		return rc;
	char *name = cn_col_dup(st, 0), *valid_to = cn_col_dup(st, 1);
	sqlite3_reset(st);
	if (valid_to) {
		char shown[CN_DATE_LEN];
		cn_date_display(valid_to, shown);
		long long succ = cn_unit_successor(db, unit_id);
		cn_unit s = {0};
		if (succ && cn_unit_get(db, succ, &s, NULL) == CN_OK)
			rc = cn_fail(err, CN_EINVAL, "%s đã giải thể/sáp nhập %s, nay thuộc %s (mã %s): %s vào đơn vị đã "
				     "đóng được; hãy chọn %s.", name, shown, s.name, s.code, what, s.name);
		else
			rc = cn_fail(err, CN_EINVAL, "%s đã đóng từ %s: %s vào đơn vị đã đóng được.", name, shown, what);
		cn_unit_clear(&s);
	}
	free(name);
	free(valid_to);
	return rc;
}

char *cn_unit_label(cn_db *db, long long unit_id)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT " CN_SQL_UNIT_LABEL("u") " FROM unit u WHERE u.id = ?", NULL);
	if (!st)
		return NULL;
	cn_bind_int(st, 1, unit_id);
	char *label = sqlite3_step(st) == SQLITE_ROW ? cn_col_dup(st, 0) : NULL;
	sqlite3_reset(st);
	return label;
}

