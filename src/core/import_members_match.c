/* The members importer's checks against the database, and its writing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/member.h"
#include "cnscd/team.h"
#include "cnscd/text.h"
#include "import_members.h"

/* What the database knows of the member a row was matched with. */
static void take_match(struct member_row *r, sqlite3_stmt *st)
{
	r->match = sqlite3_column_int64(st, 0);
	r->match_left = sqlite3_column_int(st, 1);
	if (!r->given[M_ROLE])
		r->m.role = sqlite3_column_int(st, 2);
}

/* "Trần Thị Bình, Tổ CNSCĐ Ấp 1, Xã Vĩnh Mỹ A" of member ID. */
static char *holder_place(cn_db *db, long long id)
{
	cn_member m = {0};
	if (cn_member_get(db, id, &m, NULL) != CN_OK)
		return cn_strdup("?");
	char *place = cn_team_place(db, m.team_id);
	char *text = cn_sprintf("%s, %s", m.full_name, place);
	free(place);
	cn_member_clear(&m);
	return text;
}

/* The member of R's team that R is: the same ID number, else the same
 * folded name and birth year (and no other ID number). Members still in the
 * team come before those who left. */
static void match_row(cn_db *db, const struct members *s, struct member_row *r)
{
	long long team = s->teams[r->team].id;
	if (!team)
		return;
	sqlite3_stmt *st;
	if (r->m.id_number && (st = cn_db_stmt(db,
		"SELECT id, left_on IS NOT NULL, role FROM member WHERE team_id = ? AND id_number = ? "
		"ORDER BY left_on IS NOT NULL, id LIMIT 1", NULL))) {
		cn_bind_int(st, 1, team);
		cn_bind_text(st, 2, r->m.id_number);
		if (sqlite3_step(st) == SQLITE_ROW)
			take_match(r, st);
		sqlite3_reset(st);
	}
	if (r->match || !(st = cn_db_stmt(db,
		"SELECT id, left_on IS NOT NULL, role, full_name, id_number FROM member "
		"WHERE team_id = ? AND birth_year IS ? ORDER BY left_on IS NOT NULL, id", NULL)))
		return;
	cn_bind_int(st, 1, team);
	cn_bind_int_or_null(st, 2, r->m.birth_year);
	char *folded = cn_text_fold(r->m.full_name);
	while (!r->match && sqlite3_step(st) == SQLITE_ROW) {
		const char *other_id = (const char *)sqlite3_column_text(st, 4);
		if (r->m.id_number && other_id && strcmp(other_id, r->m.id_number) != 0)
			continue;
		char *f = cn_text_fold(cn_col_text(st, 3));
		if (strcmp(f, folded) == 0)
			take_match(r, st);
		free(f);
	}
	sqlite3_reset(st);
	free(folded);
}

/* A row not in its team whose CCCD an active member of another team holds
 * is that person: moving here (or, with keep_both, a second membership of
 * the same person). Two such members: the file must say which. */
static void match_elsewhere(cn_import *imp, struct member_row *r)
{
	if (r->match || !r->m.id_number)
		return;
	long long ids[2];
	int n = cn_member_holders(imp->db, r->m.id_number, 0, ids, 2, NULL);
	if (n <= 0)
		return;
	if (imp->opt->keep_both) {
		r->m.second_membership = true;
	} else if (n == 1) {
		r->move_from = ids[0];
	} else {
		char *a = holder_place(imp->db, ids[0]), *b = holder_place(imp->db, ids[1]);
		cn_import_reject(imp, r->rec, M_IDNUM, "Số CCCD %s là của %d thành viên đang hoạt động (%s; %s): không biết "
				 "chuyển ai sang tổ này; hãy ghi dòng này vào đúng tổ của một trong hai, hoặc dùng "
				 "--keep-both", r->m.id_number, n, a, b);
		free(a);
		free(b);
	}
}

/* Matches every row; two rows that are the same member of the database
 * cannot both be applied. MATCHED maps "<member id>" to the good row. */
static void match_rows(cn_import *imp, struct members *s, cn_strmap *matched)
{
	for (size_t i = 0; i < s->n; i++) {
		struct member_row *r = &s->rows[i];
		match_row(imp->db, s, r);
		match_elsewhere(imp, r);
		long long who = r->match ? r->match : r->move_from;
		if (!who || cn_import_rejected(imp, r->rec))
			continue;
		char key[32];
		snprintf(key, sizeof key, "%lld", who);
		long other = cn_strmap_get(matched, key);
		if (other >= 0)
			cn_import_reject(imp, r->rec, M_NAME,
					 "Dòng này và dòng %ld cùng chỉ một thành viên đã có trong tổ (%s)",
					 imp->recs[s->rows[other].rec].line, s->rows[other].m.full_name);
		else
			cn_strmap_put(matched, key, (long)i);
	}
}

/* The active leader of TEAM in the database that the file leaves in place
 * (not matched by a good row that gives them another role); 0 if none. */
static long long standing_leader(cn_import *imp, struct members *s, const cn_strmap *matched, long long team,
				 char **name)
{
	sqlite3_stmt *st = cn_db_stmt(imp->db,
		"SELECT id, full_name FROM member WHERE team_id = ? AND role = 1 AND left_on IS NULL", NULL);
	long long id = 0;
	if (!team || !st)
		return 0;
	cn_bind_int(st, 1, team);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*name = cn_col_dup(st, 1);
	}
	sqlite3_reset(st);
	char key[32];
	snprintf(key, sizeof key, "%lld", id);
	long row = id ? cn_strmap_get(matched, key) : -1;
	if (row >= 0 && !cn_import_rejected(imp, s->rows[row].rec) && s->rows[row].m.role != CN_ROLE_LEADER) {
		free(*name);
		*name = NULL;
		id = 0;
	}
	return id;
}

/* At most one active leader per team, counting the file and the database.
 * Rows rejected already are checked too, to list all their problems, but
 * never hold the role. */
static void check_leaders(cn_import *imp, struct members *s, const cn_strmap *matched)
{
	for (size_t i = 0; i < s->n; i++) {
		struct member_row *r = &s->rows[i];
		bool rejected = cn_import_rejected(imp, r->rec);
		if (r->m.role != CN_ROLE_LEADER || r->match_left)
			continue;
		struct team_slot *t = &s->teams[r->team];
		if (t->leader_row >= 0) {
			const struct member_row *first = &s->rows[t->leader_row];
			cn_import_reject(imp, r->rec, M_ROLE, "Tổ đã có tổ trưởng là %s (dòng %ld). Mỗi tổ chỉ có một tổ trưởng.",
					 first->m.full_name, imp->recs[first->rec].line);
			continue;
		}
		char *name = NULL;
		long long leader = standing_leader(imp, s, matched, t->id, &name);
		if (leader && leader != r->match)
			cn_import_reject(imp, r->rec, M_ROLE,
					 "Tổ đã có tổ trưởng là %s. Mỗi tổ chỉ có một tổ trưởng: hãy đổi vai trò của người "
					 "đó trước.", name);
		else if (!rejected)
			t->leader_row = (long)i;
		free(name);
	}
}

void members_check_all(cn_import *imp, struct members *s)
{
	cn_strmap matched = {0};
	match_rows(imp, s, &matched);
	check_leaders(imp, s, &matched);
	cn_strmap_free(&matched);
}

static int ensure_team(cn_import *imp, struct team_slot *t, cn_error *err)
{
	if (t->id)
		return CN_OK;
	cn_team team = {.unit_id = t->unit_id, .name = t->name};
	int rc = cn_team_add(imp->db, &team, err);
	if (rc == CN_OK) {
		t->id = team.id;
		imp->res->teams_added++;
	}
	return rc;
}

static bool replace_text(char **field, const char *value)
{
	if ((!*field && !value) || (*field && value && strcmp(*field, value) == 0))
		return false;
	free(*field);
	*field = value ? cn_strdup(value) : NULL;
	return true;
}

static bool replace_int(int *field, int value)
{
	bool changed = *field != value;
	*field = value;
	return changed;
}

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* A name in the file that differs from the stored one only in case
 * ("NGUYỄN VĂN AN"), or that lacks the marks ("tran thi binh"), says
 * nothing new: the stored spelling stays. "Nguyễn Văn Ân" replaces
 * "Nguyễn Văn An". */
static bool same_spelling(const char *stored, const char *given)
{
	if (!cn_text_same(stored, given))
		return false;
	if (is_ascii(given))
		return true;
	char *a = cn_text_upper(stored), *b = cn_text_upper(given);
	bool same = strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

/* Puts into CUR what R's non-empty cells say; true when anything changed. */
static bool apply_row(cn_member *cur, const struct member_row *r)
{
	const bool *g = r->given;
	const cn_member *m = &r->m;
	bool changed = false;
	changed |= g[M_NAME] && !same_spelling(cur->full_name, m->full_name) &&
		   replace_text(&cur->full_name, m->full_name);
	changed |= g[M_GENDER] && replace_int(&cur->gender, m->gender);
	changed |= g[M_BIRTH] && replace_int(&cur->birth_year, m->birth_year);
	changed |= g[M_PHONE] && replace_text(&cur->phone, m->phone);
	changed |= g[M_IDNUM] && replace_text(&cur->id_number, m->id_number);
	changed |= g[M_ROLE] && replace_int(&cur->role, m->role);
	changed |= g[M_POSITION] && replace_text(&cur->position, m->position);
	changed |= g[M_JOINED] && replace_text(&cur->joined, m->joined);
	return changed;
}

/* R is a member of another team moving into T today: the transfer, then
 * what the row's cells change; said in the notes. Its role there is the
 * row's, else Thành viên. */
static int move_row(cn_import *imp, struct member_row *r, struct team_slot *t, cn_error *err)
{
	cn_member m = {0};
	int rc = cn_member_get(imp->db, r->move_from, &m, err);
	if (rc != CN_OK)
		return rc;
	char *from = cn_team_place(imp->db, m.team_id);
	int role = r->given[M_ROLE] ? r->m.role : CN_ROLE_MEMBER;
	if ((rc = cn_member_move(imp->db, m.id, t->id, "", role, err)) == CN_OK) {
		cn_member_clear(&m);
		if ((rc = cn_member_get(imp->db, r->move_from, &m, err)) == CN_OK && apply_row(&m, r))
			rc = cn_member_update(imp->db, &m, err);
	}
	if (rc == CN_OK) {
		char *to = cn_team_place(imp->db, t->id);
		imp->res->moved++;
		cn_import_note(imp, "dòng %ld: %s (CCCD %s) chuyển từ %s sang %s", imp->recs[r->rec].line, m.full_name,
			       r->m.id_number, from, to);
		free(to);
	}
	free(from);
	cn_member_clear(&m);
	return rc;
}

static int write_row(cn_import *imp, struct members *s, struct member_row *r, cn_error *err)
{
	struct team_slot *t = &s->teams[r->team];
	int rc = ensure_team(imp, t, err);
	if (rc != CN_OK)
		return rc;
	cn_member m = {0};
	if (r->move_from)
		return move_row(imp, r, t, err);
	if (!r->match) {
		m = r->m;
		m.team_id = t->id;
		if ((rc = cn_member_add(imp->db, &m, err)) == CN_OK)
			imp->res->added++;
		r->m = m; /* the add may have replaced strings with cleaned ones */
		return rc;
	}
	if ((rc = cn_member_get(imp->db, r->match, &m, err)) != CN_OK)
		return rc;
	if (!apply_row(&m, r))
		imp->res->unchanged++;
	else if ((rc = cn_member_update(imp->db, &m, err)) == CN_OK)
		imp->res->updated++;
	cn_member_clear(&m);
	return rc;
}

int members_write(cn_import *imp, struct members *s, cn_error *err)
{
	/* Other roles first, so that a leader replaced in the file has stepped
	 * down before the new one takes over. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < s->n; i++) {
			struct member_row *r = &s->rows[i];
			if (cn_import_rejected(imp, r->rec) || (r->m.role == CN_ROLE_LEADER) != (pass == 1))
				continue;
			int rc = write_row(imp, s, r, err);
			if (rc != CN_OK) {
				cn_import_error_at(imp, r->rec, err);
				return rc;
			}
		}
	}
	return CN_OK;
}
