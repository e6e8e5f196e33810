/* The member of the database that a row of a members import is, found
 * through indexes: by ID number (member_id_number, across teams), else by
 * folded name within the team (a member's search key is its folded name,
 * then its phone). Never a scan of the team per row, whatever its size.
 * Then what the row would change.
 *
 * The database has no index of members by search key within a team (lists
 * sort by name_order, which keeps the marks a folded name drops: migration
 * 14), so the keys of a team's members are copied to temp.imp_known, with
 * an index, the first time a row looks for a name in that team: the team
 * is read once per import, not once per row. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/team.h"
#include "cnscd/text.h"
#include "import_members_find_internal.h"

#define FOUND_COLUMNS "id, team_id, left_on IS NOT NULL, full_name, gender, birth_year, phone, id_number, role, " \
	"position, joined"

/* Every member with the ID number ?1. An ID number names one person: an
 * active member with it in another team is the same person (moving, or a
 * second membership: members_find). */
static const char by_id_number[] = "SELECT " FOUND_COLUMNS " FROM member WHERE id_number = ?1";

/* The members of team ?1 whose search key starts with the folded name ?2
 * (up to ?3, that name followed by "!": the key itself and the key then
 * " <phone>"), born ?4. */
static const char by_name[] = "SELECT " FOUND_COLUMNS " FROM member WHERE id IN (SELECT id FROM temp.imp_known "
			      "WHERE team = ?1 AND key >= ?2 AND key < ?3) AND birth_year IS ?4 "
			      "ORDER BY left_on IS NOT NULL, id";

/* Copies the keys of TEAM's members to temp.imp_known, once: false (the
 * row rejected) when that fails. */
static bool know_team(cn_import *imp, struct members *s, long long team)
{
	if (team == s->known_team)
		return true;
	sqlite3_stmt *st = cn_import_sql(imp, "INSERT OR IGNORE INTO temp.imp_known_team(team) VALUES (?)", NULL);
	bool ok = st != NULL;
	if (st) {
		cn_bind_int(st, 1, team);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
	}
	if (ok && sqlite3_changes(cn_db_sqlite(imp->db)) > 0) {
		st = cn_import_sql(imp, "INSERT OR IGNORE INTO temp.imp_known(team, key, id) "
				   "SELECT team_id, search_key, id FROM member WHERE team_id = ?", NULL);
		ok = st != NULL;
		if (st) {
			cn_bind_int(st, 1, team);
			ok = sqlite3_step(st) == SQLITE_DONE;
			sqlite3_reset(st);
		}
	}
	if (ok)
		s->known_team = team;
	else
		cn_import_reject(imp, imp->rec, CN_IMPORT_ROW, "Không ghi được bảng tạm của việc nhập: %s",
				 sqlite3_errmsg(cn_db_sqlite(imp->db)));
	return ok;
}

static void read_member(sqlite3_stmt *st, cn_member *m)
{
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(st, 0);
	m->team_id = sqlite3_column_int64(st, 1);
	m->full_name = cn_col_dup(st, 3);
	m->gender = sqlite3_column_int(st, 4);
	m->birth_year = sqlite3_column_int(st, 5);
	m->phone = cn_col_dup(st, 6);
	m->id_number = cn_col_dup(st, 7);
	m->role = sqlite3_column_int(st, 8);
	m->position = cn_col_dup(st, 9);
	m->joined = cn_col_dup(st, 10);
}

/* The member of TEAM with M's ID number: one still in the team before one
 * who left, then the first added. The active members of other teams with
 * it are counted into F (the same query: no cost). */
static bool find_by_id_number(cn_import *imp, long long team, const cn_member *m, cn_member *out, bool *left,
			      struct members_found *f)
{
	sqlite3_stmt *st = cn_import_sql(imp, by_id_number, NULL);
	if (!st)
		return false;
	cn_bind_text(st, 1, m->id_number);
	bool found = false;
	long long best = 0;
	int best_left = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		int l = sqlite3_column_int(st, 2);
		if (sqlite3_column_int64(st, 1) != team && !l) {
			if (f->elsewhere < 2)
				f->others[f->elsewhere] = id;
			f->elsewhere++;
		}
		if (sqlite3_column_int64(st, 1) != team || (found && (l > best_left || (l == best_left && id > best))))
			continue;
		if (found)
			cn_member_clear(out);
		read_member(st, out);
		*left = l;
		found = true;
		best = id;
		best_left = l;
	}
	sqlite3_reset(st);
	return found;
}

/* The member of TEAM with M's folded name and birth year, and no other ID
 * number. */
static bool find_by_name(cn_import *imp, struct members *s, long long team, const cn_member *m, cn_member *out,
			 bool *left)
{
	if (!know_team(imp, s, team))
		return false;
	sqlite3_stmt *st = cn_import_sql(imp, by_name, NULL);
	if (!st)
		return false;
	char *folded = cn_text_fold(m->full_name);
	char *end = cn_sprintf("%s!", folded);
	cn_bind_int(st, 1, team);
	cn_bind_text(st, 2, folded);
	cn_bind_text(st, 3, end);
	cn_bind_int_or_null(st, 4, m->birth_year);
	bool found = false;
	while (!found && sqlite3_step(st) == SQLITE_ROW) {
		const char *other = (const char *)sqlite3_column_text(st, 7);
		if (m->id_number && other && strcmp(other, m->id_number) != 0)
			continue;
		/* The key only narrows: the name itself decides. */
		char *f = cn_text_fold(cn_col_text(st, 3));
		if ((found = strcmp(f, folded) == 0)) {
			read_member(st, out);
			*left = sqlite3_column_int(st, 2);
		}
		free(f);
	}
	sqlite3_reset(st);
	free(folded);
	free(end);
	return found;
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
	if (strcmp(stored, given) == 0)
		return true;
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

/* Puts into CUR what M's non-empty cells (G) say; true when anything
 * changed. */
static bool apply_row(cn_member *cur, const cn_member *m, const bool g[M_NCOLS])
{
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

/* The row's ID number is an active member's of another team, and the row
 * is a new member of its team: that member moving here, or a second
 * membership (--keep-both). */
static void found_elsewhere(cn_import *imp, cn_member *m, const bool given[M_NCOLS], struct members_found *f,
			    cn_member *merged)
{
	if (imp->opt->keep_both)
		return; /* a new membership of the same person */
	if (f->elsewhere > 1) {
		char *a = holder_place(imp->db, f->others[0]), *b = holder_place(imp->db, f->others[1]);
		cn_import_reject(imp, imp->rec, M_IDNUM, "Số CCCD %s là của %d thành viên đang hoạt động (%s; %s): không "
				 "biết chuyển ai sang tổ này; hãy ghi dòng này vào đúng tổ của một trong hai, hoặc dùng "
				 "--keep-both", m->id_number, f->elsewhere, a, b);
		free(a);
		free(b);
		return;
	}
	if (cn_member_get(imp->db, f->others[0], merged, NULL) != CN_OK)
		return;
	if (!cn_text_same(merged->full_name, m->full_name)) {
		char *a = holder_place(imp->db, merged->id);
		cn_import_reject(imp, imp->rec, M_IDNUM, "Số CCCD %s là của %s, không phải %s: hãy kiểm tra lại số CCCD "
				 "hoặc họ tên", m->id_number, a, m->full_name);
		free(a);
		return;
	}
	f->act = ACT_MOVE;
	f->id = merged->id;
	merged->role = CN_ROLE_MEMBER; /* what cn_member_move makes them, unless the row says */
	if (!given[M_ROLE])
		m->role = CN_ROLE_MEMBER;
	apply_row(merged, m, given);
}

void members_find(cn_import *imp, struct members *s, long long team, cn_member *m, const bool given[M_NCOLS],
		  struct members_found *f, cn_member *merged)
{
	memset(f, 0, sizeof *f);
	f->act = ACT_INSERT;
	bool left = false;
	/* A team to create (team < 0) has no member yet, but the ID number
	 * may be someone's elsewhere. */
	f->by_id = m->id_number && find_by_id_number(imp, team, m, merged, &left, f) && team > 0;
	if (!f->by_id && (team <= 0 || !find_by_name(imp, s, team, m, merged, &left))) {
		if (f->elsewhere)
			found_elsewhere(imp, m, given, f, merged);
		return;
	}
	f->id = merged->id;
	f->left = left;
	if (!given[M_ROLE])
		m->role = merged->role;
	/* A member of the team found by name, to be given a CCCD that another
	 * active member holds: two records of one person. */
	if (!f->by_id && f->elsewhere && !imp->opt->keep_both && !left) {
		char *a = holder_place(imp->db, f->others[0]);
		cn_import_reject(imp, imp->rec, M_IDNUM, "Số CCCD %s là của %s, đang hoạt động; %s của tổ này là một hồ sơ "
				 "khác: nếu là cùng một người, hãy gộp hai hồ sơ (cnscd member merge), hoặc dùng "
				 "--keep-both nếu người này kiêm nhiệm cả hai tổ", m->id_number, a, merged->full_name);
		free(a);
	}
	f->act = apply_row(merged, m, given) ? ACT_UPDATE : ACT_NONE;
}
