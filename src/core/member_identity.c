/* One person, one record: a CCCD (căn cước công dân) identifies a person,
 * so an active member's CCCD given to someone else is refused unless it is
 * said to be a second membership of the same person; members found by CCCD
 * or by phone and name; what goes with a member or a team when erased. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/member.h"
#include "cnscd/team.h"
#include "cnscd/text.h"
#include "db_internal.h"
#include "member_internal.h"

/* Active: not left, in a team not dissolved. */
static const char holders_sql[] =
	"SELECT m.id FROM member m JOIN team t ON t.id = m.team_id AND t.dissolved IS NULL "
	"WHERE m.id_number = ?1 AND m.left_on IS NULL AND m.id <> ?2 ORDER BY m.id";

static int collect_ids(cn_db *db, sqlite3_stmt *st, long long *ids, int max, cn_error *err)
{
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ids && n < max)
			ids[n] = sqlite3_column_int64(st, 0);
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : cn_db_fail(db, err, "Không tìm được thành viên");
}

int cn_member_holders(cn_db *db, const char *id_number, long long except_id, long long *ids, int max,
		      cn_error *err)
{
	char norm[CN_IDNUM_LEN];
	int rc = cn_parse_id_number(id_number, norm, err);
	if (rc != CN_OK)
		return rc;
	if (!norm[0])
		return 0;
	sqlite3_stmt *st = cn_db_stmt(db, holders_sql, err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, norm);
	cn_bind_int(st, 2, except_id);
	return collect_ids(db, st, ids, max, err);
}

int cn_member_find(cn_db *db, const char *id_number, const char *phone, const char *name, long long *ids, int max,
		   cn_error *err)
{
	if (!cn_str_empty(id_number))
		return cn_member_holders(db, id_number, 0, ids, max, err);
	char tel[CN_PHONE_LEN];
	int rc = cn_parse_phone(phone, tel, err);
	if (rc != CN_OK)
		return rc;
	if (!tel[0] || cn_str_empty(name))
		return cn_fail(err, CN_EINVAL, "Cần số CCCD, hoặc số điện thoại cùng họ tên, để tìm thành viên.");
	/* A member's search key is the folded name and the phone. */
	char *folded = cn_text_fold(name);
	char *key = cn_sprintf("%s %s", folded, tel);
	free(folded);
	sqlite3_stmt *st = cn_db_stmt(db,
		"SELECT m.id FROM member m JOIN team t ON t.id = m.team_id AND t.dissolved IS NULL "
		"WHERE m.phone = ?1 AND m.search_key = ?2 AND m.left_on IS NULL ORDER BY m.id", err);
	if (!st) {
		free(key);
		return err ? err->code : CN_EDB;
	}
	cn_bind_text(st, 1, tel);
	cn_bind_text(st, 2, key);
	rc = collect_ids(db, st, ids, max, err);
	free(key);
	return rc;
}

/* Whether the stored CCCD of member ID is NORM (unchanged by an edit). */
static bool same_as_stored(cn_db *db, long long id, const char *norm)
{
	if (!id)
		return false;
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT id_number FROM member WHERE id = ?", NULL);
	if (!st)
		return false;
	cn_bind_int(st, 1, id);
	bool same = sqlite3_step(st) == SQLITE_ROW && strcmp(cn_col_text(st, 0), norm) == 0;
	sqlite3_reset(st);
	return same;
}

int cn_member_check_id_number(cn_db *db, const cn_member *m, cn_error *err)
{
	if (!m->id_number || m->left_on || m->second_membership || same_as_stored(db, m->id, m->id_number))
		return CN_OK;
	long long other;
	int n = cn_member_holders(db, m->id_number, m->id, &other, 1, err);
	if (n <= 0)
		return n;
	cn_member o = {0};
	int rc = cn_member_get(db, other, &o, err);
	if (rc != CN_OK)
		return rc;
	if (o.team_id == m->team_id) {
		rc = cn_fail_field(err, "id_number", CN_EEXIST, "Số CCCD %s đã là của %s, cũng trong tổ này: một người "
				   "chỉ có một hồ sơ.", m->id_number, o.full_name);
	} else {
		char *place = cn_team_place(db, o.team_id);
		rc = cn_fail_field(err, "id_number", CN_EEXIST, "Số CCCD %s đã là của %s (%s). Một người chỉ có một hồ "
				   "sơ: hãy chuyển người đó sang tổ này, hoặc ghi đây là người đó làm thành viên cả hai "
				   "tổ (kiêm nhiệm).", m->id_number, o.full_name, place);
		free(place);
	}
	cn_member_clear(&o);
	return rc;
}

/* ---- What goes with a row ---- */

static long long count_of(cn_db *db, const char *sql, long long id, bool *failed)
{
	long long n = cn_count_where(db, sql, id);
	if (n < 0)
		*failed = true;
	return n < 0 ? 0 : n;
}

static int dependents_done(cn_db *db, bool failed, cn_error *err)
{
	return failed ? cn_db_fail(db, err, "Không đếm được dữ liệu đi kèm") : CN_OK;
}

int cn_member_dependents(cn_db *db, long long id, cn_dependents *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	bool failed = false;
	out->figures = count_of(db, "SELECT count(*) FROM result WHERE member_id = ?1", id, &failed);
	out->reports = count_of(db, "SELECT count(DISTINCT report_id) FROM result WHERE member_id = ?1", id, &failed);
	out->attendance = count_of(db, "SELECT count(*) FROM attendance WHERE member_id = ?1", id, &failed);
	out->transfers = count_of(db, "SELECT count(*) FROM member_move WHERE member_id = ?1", id, &failed);
	return dependents_done(db, failed, err);
}

int cn_team_dependents(cn_db *db, long long id, cn_dependents *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	bool failed = false;
	out->members = count_of(db, "SELECT count(*) FROM member WHERE team_id = ?1", id, &failed);
	out->reports = count_of(db, "SELECT count(*) FROM report WHERE team_id = ?1", id, &failed);
	out->figures = count_of(db, "SELECT count(*) FROM result r JOIN report p ON p.id = r.report_id "
				    "WHERE p.team_id = ?1", id, &failed);
	out->attendance = count_of(db, "SELECT count(*) FROM attendance a JOIN member m ON m.id = a.member_id "
				       "WHERE m.team_id = ?1", id, &failed);
	out->transfers = count_of(db, "SELECT count(*) FROM member_move WHERE from_team_id = ?1 OR to_team_id = ?1",
				  id, &failed);
	return dependents_done(db, failed, err);
}

char *cn_dependents_text(const cn_dependents *d)
{
	cn_buf b = {0};
	if (d->members)
		cn_buf_printf(&b, "%lld thành viên", d->members);
	if (d->reports)
		cn_buf_printf(&b, "%s%lld báo cáo tháng", b.len ? ", " : "", d->reports);
	if (d->figures)
		cn_buf_printf(&b, "%s%lld số liệu%s", d->reports ? " (" : b.len ? ", " : "", d->figures,
			      d->reports ? ")" : "");
	if (d->attendance)
		cn_buf_printf(&b, "%s%lld lượt điểm danh", b.len ? ", " : "", d->attendance);
	if (d->transfers)
		cn_buf_printf(&b, "%s%lld lần chuyển tổ", b.len ? ", " : "", d->transfers);
	return b.len ? cn_buf_steal(&b) : (cn_buf_free(&b), cn_strdup(""));
}
