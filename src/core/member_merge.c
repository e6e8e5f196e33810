/* Records that may be one person typed twice (the same name and birth
 * year, or the same name and phone, one of them without a CCCD), and the
 * merge of two records into one keeping both histories: the record kept
 * takes what it lacks from the other, the other's attendance, figures and
 * (where they fit) transfers, and the other's change history stays
 * reachable from it (member_merge). One transaction; undone whole. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/member.h"
#include "cnscd/validate.h"
#include "db_internal.h"

/* Active members of the subtree ([?1, ?2) of paths; all when ?1 is NULL)
 * with their folded name: the search key without the phone after it. */
static const char duplicates_sql[] =
	"WITH m AS (SELECT x.id, x.full_name, x.birth_year, x.phone, x.id_number, "
	"CASE WHEN x.phone IS NULL THEN x.search_key "
	"ELSE substr(x.search_key, 1, length(x.search_key) - length(x.phone) - 1) END AS fname "
	"FROM member x JOIN team t ON t.id = x.team_id AND t.dissolved IS NULL JOIN unit u ON u.id = t.unit_id "
	"WHERE x.left_on IS NULL AND (?1 IS NULL OR (u.path >= ?1 AND u.path < ?2))) "
	"SELECT a.id, b.id, a.phone IS NOT NULL AND a.phone = b.phone FROM m a JOIN m b ON b.fname = a.fname "
	"AND b.id > a.id WHERE (a.id_number IS NULL OR b.id_number IS NULL) "
	"AND ((a.birth_year IS NOT NULL AND a.birth_year = b.birth_year) OR (a.phone IS NOT NULL AND a.phone = b.phone)) "
	"ORDER BY a.fname, a.id, b.id";

int cn_member_duplicates(cn_db *db, long long unit_id, int (*fn)(const cn_duplicate *d, void *ctx), void *ctx,
			 cn_error *err)
{
	char *start = NULL, *end = NULL;
	if (unit_id && cn_unit_subtree(db, unit_id, &start, &end, err) != CN_OK)
		return err ? err->code : CN_ENOTFOUND;
	sqlite3_stmt *st;
	/* Not cached: FN may look the records up while this steps. */
	if (sqlite3_prepare_v2(cn_db_sqlite(db), duplicates_sql, -1, &st, NULL) != SQLITE_OK) {
		free(start);
		free(end);
		return cn_db_fail(db, err, "Không tìm được hồ sơ trùng");
	}
	cn_bind_text(st, 1, start);
	cn_bind_text(st, 2, end);
	int rc, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cn_duplicate d = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
				  sqlite3_column_int(st, 2) ? "cùng họ tên và số điện thoại" : "cùng họ tên và năm sinh"};
		n++;
		if (fn && fn(&d, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	int result = rc == SQLITE_DONE ? n : cn_db_fail(db, err, "Không tìm được hồ sơ trùng");
	sqlite3_finalize(st);
	free(start);
	free(end);
	return result;
}

/* ---- Merging ---- */

static char *either(char *kept, const char *other)
{
	return kept ? kept : other ? cn_strdup(other) : NULL;
}

static int check_pair(const cn_member *keep, const cn_member *other, cn_error *err)
{
	if (keep->id == other->id)
		return cn_fail(err, CN_EINVAL, "Cần hai hồ sơ khác nhau để gộp.");
	if (keep->id_number && other->id_number && strcmp(keep->id_number, other->id_number) != 0)
		return cn_fail(err, CN_EINVAL, "%s và %s có hai số CCCD khác nhau (%s, %s): không phải cùng một người.",
			       keep->full_name, other->full_name, keep->id_number, other->id_number);
	if (keep->left_on && !other->left_on)
		return cn_fail(err, CN_EINVAL, "Hồ sơ giữ lại (%s) đã rời tổ còn hồ sơ kia đang hoạt động: hãy giữ hồ sơ "
			       "đang hoạt động.", keep->full_name);
	return CN_OK;
}

/* What the kept record lacks, it takes from the other. */
static void complete(cn_member *keep, const cn_member *other)
{
	if (!keep->gender)
		keep->gender = other->gender;
	if (!keep->birth_year)
		keep->birth_year = other->birth_year;
	keep->phone = either(keep->phone, other->phone);
	keep->id_number = either(keep->id_number, other->id_number);
	keep->position = either(keep->position, other->position);
	keep->note = either(keep->note, other->note);
	if (other->joined && (!keep->joined || strcmp(other->joined, keep->joined) < 0)) {
		free(keep->joined);
		keep->joined = cn_strdup(other->joined);
	}
}

/* The other's attendance, figures and (when they lead to the kept record's
 * team and it has none of its own) transfers go to the kept record: ?1 the
 * kept, ?2 the other. A session both were on keeps "present" if either
 * was; a figure both had is added up. The rest goes with the other. */
static const char *const repoint_sql[] = {
	"UPDATE attendance SET status = 1, checked_in_at = coalesce(checked_in_at, (SELECT o.checked_in_at FROM "
	"attendance o WHERE o.member_id = ?2 AND o.training_id = attendance.training_id)), updated_at = " CN_SQL_NOW
	" WHERE member_id = ?1 AND status <> 1 AND training_id IN "
	"(SELECT training_id FROM attendance WHERE member_id = ?2 AND status = 1)",
	"UPDATE attendance SET member_id = ?1, updated_at = " CN_SQL_NOW " WHERE member_id = ?2 AND training_id NOT IN "
	"(SELECT training_id FROM attendance WHERE member_id = ?1)",
	"UPDATE report SET updated_at = " CN_SQL_NOW " WHERE id IN (SELECT report_id FROM result WHERE member_id = ?2)",
	"UPDATE result SET value = value + (SELECT o.value FROM result o WHERE o.member_id = ?2 "
	"AND o.report_id = result.report_id AND o.indicator_id = result.indicator_id) WHERE member_id = ?1 "
	"AND EXISTS (SELECT 1 FROM result o WHERE o.member_id = ?2 AND o.report_id = result.report_id "
	"AND o.indicator_id = result.indicator_id)",
	"UPDATE result SET member_id = ?1 WHERE member_id = ?2 AND NOT EXISTS (SELECT 1 FROM result k "
	"WHERE k.member_id = ?1 AND k.report_id = result.report_id AND k.indicator_id = result.indicator_id)",
	"UPDATE member_move SET member_id = ?1, updated_at = " CN_SQL_NOW " WHERE member_id = ?2 "
	"AND (SELECT team_id FROM member WHERE id = ?2) = (SELECT team_id FROM member WHERE id = ?1) "
	"AND NOT EXISTS (SELECT 1 FROM member_move WHERE member_id = ?1)",
};

static int exec2(cn_db *db, const char *sql, long long a, long long b, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, a);
	cn_bind_int(st, 2, b);
	return cn_step_done(db, st, err, "Không gộp được hồ sơ");
}

static int merge_rows(cn_db *db, cn_member *keep, const cn_member *other, cn_error *err)
{
	int rc = CN_OK;
	for (size_t i = 0; i < CN_ARRAY_LEN(repoint_sql) && rc == CN_OK; i++)
		rc = exec2(db, repoint_sql[i], keep->id, other->id, err);
	if (rc == CN_OK)
		rc = exec2(db, "DELETE FROM member WHERE id = ?2", keep->id, other->id, err);
	if (rc != CN_OK)
		return rc;
	/* Its CCCD may be the one the kept record takes now. */
	complete(keep, other);
	keep->second_membership = true;
	free(keep->updated_at);
	keep->updated_at = NULL;
	if ((rc = cn_member_update(db, keep, err)) != CN_OK)
		return rc;
	char today[CN_DATE_LEN];
	cn_date_today(today);
	sqlite3_stmt *st = cn_db_stmt(db, "INSERT INTO member_merge(member_id, merged_uuid, merged_name, merged_team_id, "
					  "merged_on) VALUES (?, ?, ?, ?, ?)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, keep->id);
	cn_bind_text(st, 2, other->uuid);
	cn_bind_text(st, 3, other->full_name);
	cn_bind_int_or_null(st, 4, other->team_id);
	cn_bind_text(st, 5, today);
	return cn_step_done(db, st, err, "Không ghi được việc gộp hồ sơ");
}

int cn_member_merge(cn_db *db, long long keep_id, long long other_id, cn_error *err)
{
	int rc = cn_db_begin(db, err);
	if (rc != CN_OK)
		return rc;
	cn_member keep = {0}, other = {0};
	if ((rc = cn_member_get(db, keep_id, &keep, err)) == CN_OK &&
	    (rc = cn_member_get(db, other_id, &other, err)) == CN_OK && (rc = check_pair(&keep, &other, err)) == CN_OK)
		rc = merge_rows(db, &keep, &other, err);
	cn_member_clear(&keep);
	cn_member_clear(&other);
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	return rc;
}
