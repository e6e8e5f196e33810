/* The note search shows beside a unit that was closed or renamed, read
 * from the unit's own history (its end, its successors, its former
 * names), which reorganisations record. */
#include <stdlib.h>

#include "cnscd/unit.h"
#include "cnscd/util.h"
#include "cnscd/validate.h"

/* At most this many successors are named; a split rarely has more. */
#define NOTE_SUCCESSORS 4

static void closed_note(cn_db *db, long long unit_id, const char *valid_to, cn_buf *out)
{
	char shown[CN_DATE_LEN];
	cn_date_display(valid_to, shown);
	cn_buf_printf(out, "đã giải thể %s", shown);
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT s.new_unit_id FROM unit_succession s JOIN unit n ON n.id = s.new_unit_id "
		"WHERE s.old_unit_id = ? AND s.new_unit_id <> s.old_unit_id "
		"ORDER BY s.kind = 'partial', n.level, n.code LIMIT 5", NULL); /* NOTE_SUCCESSORS + 1 */
	if (!st)
		return;
	cn_bind_int(st, 1, unit_id);
	long long ids[NOTE_SUCCESSORS + 1];
	int n = 0;
	while (n <= NOTE_SUCCESSORS && sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	for (int i = 0; i < n && i < NOTE_SUCCESSORS; i++) {
		char *path = cn_unit_path(db, ids[i], " › ");
		cn_buf_printf(out, "%s%s", i == 0 ? ", nay thuộc " : " / ", path);
		free(path);
	}
	if (n > NOTE_SUCCESSORS)
		cn_buf_adds(out, " / …");
}

void cn_unit_history_note(cn_db *db, long long unit_id, cn_buf *out)
{
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT u.valid_to, f.name, date(f.valid_to, '+1 day') FROM unit u "
		"LEFT JOIN unit_former f ON f.unit_id = u.id AND f.name <> u.name "
		"WHERE u.id = ? ORDER BY f.valid_to DESC LIMIT 1", NULL);
	if (!st)
		return;
	cn_bind_int(st, 1, unit_id);
	char *valid_to = NULL, *former = NULL, *since = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		valid_to = cn_col_dup(st, 0);
		former = cn_col_dup(st, 1);
		since = cn_col_dup(st, 2);
	}
	sqlite3_reset(st);
	if (valid_to) {
		closed_note(db, unit_id, valid_to, out);
	} else if (former) {
		char shown[CN_DATE_LEN];
		cn_date_display(since, shown);
		cn_buf_printf(out, "trước %s: %s", shown, former);
	}
	free(valid_to);
	free(former);
	free(since);
}
