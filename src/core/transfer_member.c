/* Transfers: a member moves to another team with a date. The member row
 * goes with them (its id, history, attendance and figures), the move is
 * recorded in member_move, and figures as of an earlier day place them in
 * the old team (stats.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/member.h"
#include "cnscd/succession.h"
#include "cnscd/unit.h"
#include "cnscd/team.h"
#include "db_internal.h"
#include "transfer_internal.h"

/* The team TO_TEAM can take members: it exists, is not dissolved, and its
 * unit is open. */
static int check_team(cn_db *db, long long to_team, cn_error *err)
{
	cn_team t = {0};
	int rc = cn_team_get(db, to_team, &t, err);
	if (rc == CN_OK && t.dissolved) {
		char shown[CN_DATE_LEN];
		cn_date_display(t.dissolved, shown);
		rc = cn_fail_field(err, "team", CN_EINVAL, "%s đã giải thể ngày %s: không chuyển thành viên vào được.",
				   t.name, shown);
	}
	if (rc == CN_OK && (rc = cn_unit_refuse_closed(db, t.unit_id, "không chuyển thành viên", err)) != CN_OK &&
	    err)
		err->field = "team";
	cn_team_clear(&t);
	return rc;
}

/* The day of the member's last recorded move, or "" (OUT). */
static void last_move(cn_db *db, long long member_id, char out[CN_DATE_LEN])
{
	out[0] = '\0';
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT max(moved_on) FROM member_move WHERE member_id = ?", NULL);
	if (!st)
		return;
	cn_bind_int(st, 1, member_id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		snprintf(out, CN_DATE_LEN, "%s", cn_col_text(st, 0));
	sqlite3_reset(st);
}

static int check_leader_free(cn_db *db, long long team_id, long long member_id, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT full_name FROM member WHERE team_id = ? AND role = 1 "
					  "AND left_on IS NULL AND id <> ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, team_id);
	cn_bind_int(st, 2, member_id);
	int rc = CN_OK;
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = cn_fail_field(err, "role", CN_EEXIST, "Tổ này đã có tổ trưởng là %s: hãy chuyển sang với vai trò "
				   "khác, hoặc đổi vai trò của %s trước.", cn_col_text(st, 0), cn_col_text(st, 0));
	sqlite3_reset(st);
	return rc;
}

/* The checks that hold for every move, inside the caller's transaction. */
static int check_move(cn_db *db, const cn_member *m, long long to_team, const char *iso, int role, cn_error *err)
{
	char shown[CN_DATE_LEN], last[CN_DATE_LEN];
	if (m->left_on) {
		cn_date_display(m->left_on, shown);
		return cn_fail(err, CN_EINVAL, "%s đã rời tổ ngày %s: chỉ chuyển được người đang ở trong tổ.",
			       m->full_name, shown);
	}
	if (m->team_id == to_team)
		return cn_fail_field(err, "team", CN_EINVAL, "%s đã ở tổ này rồi.", m->full_name);
	if (m->joined && strcmp(iso, m->joined) < 0) {
		cn_date_display(m->joined, shown);
		return cn_fail_field(err, "date", CN_EINVAL, "Ngày chuyển phải từ ngày vào tổ của %s (%s) trở đi.",
				     m->full_name, shown);
	}
	last_move(db, m->id, last);
	if (last[0] && strcmp(iso, last) <= 0) {
		cn_date_display(last, shown);
		return cn_fail_field(err, "date", CN_EINVAL, "%s đã chuyển tổ ngày %s: ngày chuyển mới phải sau ngày đó.",
				     m->full_name, shown);
	}
	int rc = check_team(db, to_team, err);
	if (rc == CN_OK && role == CN_ROLE_LEADER)
		rc = check_leader_free(db, to_team, m->id, err);
	return rc;
}

int cn_transfer_write(cn_db *db, const cn_member *m, long long to_team, const char *iso, int role, const char *kind,
		   cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "UPDATE member SET team_id = ?, role = ?, updated_at = " CN_SQL_NOW
					  " WHERE id = ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, to_team);
	cn_bind_int(st, 2, role);
	cn_bind_int(st, 3, m->id);
	int rc = cn_step_done(db, st, err, "Không chuyển được thành viên");
	if (rc != CN_OK)
		return rc;
	/* Written last, so that the change log (and undo's question) names the
	 * action by it. */
	st = cn_db_stmt(db, "INSERT INTO member_move(member_id, moved_on, from_team_id, to_team_id, kind) "
			    "VALUES (?, ?, ?, ?, ?)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, m->id);
	cn_bind_text(st, 2, iso);
	cn_bind_int(st, 3, m->team_id);
	cn_bind_int(st, 4, to_team);
	cn_bind_text(st, 5, kind);
	return cn_step_done(db, st, err, "Không ghi được việc chuyển tổ");
}

int cn_member_move(cn_db *db, long long id, long long to_team, const char *date, int role, cn_error *err)
{
	char iso[CN_DATE_LEN];
	int rc = cn_parse_date_until_today("Ngày chuyển", date, iso, err);
	if (rc != CN_OK)
		return rc;
	if (role == 0)
		role = CN_ROLE_MEMBER;
	if (role < CN_ROLE_LEADER || role > CN_ROLE_MEMBER)
		return cn_fail_field(err, "role", CN_EINVAL, "Vai trò không hợp lệ");
	if ((rc = cn_db_begin(db, err)) != CN_OK)
		return rc;
	cn_member m = {0};
	rc = cn_member_get(db, id, &m, err);
	if (rc == CN_OK)
		rc = check_move(db, &m, to_team, iso, role, err);
	if (rc == CN_OK)
		rc = cn_transfer_write(db, &m, to_team, iso, role, "transfer", err);
	cn_member_clear(&m);
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	return rc;
}

int cn_member_transfers(cn_db *db, long long member_id, int (*fn)(const cn_member_transfer *t, void *ctx),
			void *ctx, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT id, moved_on, kind, from_team_id, to_team_id FROM member_move "
					  "WHERE member_id = ? ORDER BY moved_on, id", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, member_id);
	/* Read whole first: naming the teams runs other statements. */
	struct row {
		long long id, from, to;
		char *on;
		bool merge;
	} *rows = NULL;
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows = cn_reallocarray(rows, (size_t)n + 1, sizeof *rows);
		rows[n++] = (struct row){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 3),
					 sqlite3_column_int64(st, 4), cn_col_dup(st, 1),
					 strcmp(cn_col_text(st, 2), "merge") == 0};
	}
	sqlite3_reset(st);
	int result = rc == SQLITE_DONE ? n : cn_db_fail(db, err, "Không đọc được các lần chuyển tổ");
	bool stop = result < 0;
	for (int i = 0; i < n; i++) {
		if (!stop && fn) {
			char *from = cn_team_place(db, rows[i].from), *to = cn_team_place(db, rows[i].to);
			cn_member_transfer t = {rows[i].id, rows[i].on, rows[i].merge, rows[i].from, rows[i].to, from, to};
			stop = fn(&t, ctx) != 0;
			free(from);
			free(to);
		}
		free(rows[i].on);
	}
	free(rows);
	return result;
}

char *cn_member_transfer_text(const cn_member_transfer *t)
{
	char shown[CN_DATE_LEN];
	cn_date_display(t->moved_on, shown);
	return cn_sprintf("Chuyển từ %s sang %s ngày %s%s", t->from_place, t->to_place, shown,
			  t->by_merge ? ", do gộp tổ" : "");
}
