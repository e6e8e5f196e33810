/* Importing team members. Each row names its unit by code and its team by
 * name (empty: the unit's default team); the fields go through the same
 * validation as the forms of the TUI (cn_member_normalize), so the
 * messages are the same. Each row is checked as it is read, matched with
 * the member of its team that it is (import_members_find.c) and kept in
 * imp_row as it will be written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/collate.h"
#include "cnscd/team.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "import_members_internal.h"
#include "import_members_find_internal.h"

static const cn_import_column member_columns[M_NCOLS] = {
	[M_UNIT] = {"unit_code", "mã đơn vị", true},
	[M_TEAM] = {"team", "tổ|tên tổ", false},
	[M_NAME] = {"full_name", "họ và tên|họ tên", true},
	[M_GENDER] = {"gender", "giới tính", false},
	[M_BIRTH] = {"birth_year", "năm sinh", false},
	[M_PHONE] = {"phone", "điện thoại|số điện thoại|sđt", false, {CN_CELL_PHONE, 0}},
	[M_IDNUM] = {"id_number", "cccd|số cccd|số định danh|cccd/định danh", false, {CN_CELL_TEXT, 12}},
	[M_ROLE] = {"role", "vai trò", false},
	[M_POSITION] = {"position", "chức vụ|chức vụ/đoàn thể", false},
	[M_JOINED] = {"joined", "ngày vào tổ", false, {CN_CELL_DATE, 0}},
};

static const cn_import_layout member_layouts[] = {{"cnscd", member_columns, M_NCOLS}};

/* The unit's id, or 0 with the row rejected. */
static long long find_unit(cn_import *imp, struct members *s, const cn_import_row *row)
{
	cn_unit u = {0};
	long long id = cn_import_unit_cell(imp, row, M_UNIT, &s->units, "không thêm thành viên", &u);
	cn_unit_clear(&u);
	return id;
}

/* A team of the database for a row: false (row rejected) when it was
 * dissolved. */
static bool team_open(cn_import *imp, long long id)
{
	cn_team t = {0};
	cn_error e = {0};
	bool open = false;
	if (cn_team_get(imp->db, id, &t, &e) != CN_OK) {
		cn_import_reject_err(imp, imp->rec, M_TEAM, &e);
	} else if (t.dissolved) {
		char shown[CN_DATE_LEN];
		cn_date_display(t.dissolved, shown);
		cn_import_reject(imp, imp->rec, M_TEAM, "%s đã giải thể từ %s; không thêm thành viên vào được", t.name,
				 shown);
	} else {
		open = true;
	}
	cn_team_clear(&t);
	return open;
}

/* Cached team values: a team's id (> 0) as it is, a team to create (< 0)
 * one lower, so that -1 (absent) is never a value. */
static long long cached_team(const struct members *s, const char *key)
{
	long v = cn_strmap_get(&s->teams, key);
	return v > 0 ? v : v < -1 ? v + 1 : 0;
}

static void cache_team(struct members *s, const char *key, long long team)
{
	cn_import_cache_put(&s->teams, key, team > 0 ? team : team - 1);
}

/* The team of KEY in imp_team (0 when absent). */
static long long staged_team(cn_import *imp, const char *key)
{
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT team FROM temp.imp_team WHERE key = ?", NULL);
	if (!st)
		return 0;
	cn_bind_text(st, 1, key);
	long long team = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return team;
}

static void stage_team(cn_import *imp, const char *key, long long team, long long unit_id, const char *name)
{
	sqlite3_stmt *st = cn_import_sql(imp,
		"INSERT OR IGNORE INTO temp.imp_team(key, team, unit_id, name, search_key) VALUES (?, ?, ?, ?, ?)", NULL);
	if (!st)
		return;
	char *search_key = cn_team_search_key(name);
	cn_bind_text(st, 1, key);
	cn_bind_int(st, 2, team);
	cn_bind_int(st, 3, unit_id);
	cn_bind_text(st, 4, name);
	cn_bind_text(st, 5, search_key);
	free(search_key);
	sqlite3_step(st);
	sqlite3_reset(st);
}

/* The team a row names that is not staged yet: found in the database by
 * folded name within the unit (NAME NULL: the unit's default team), or one
 * to create (-K); staged under KEY and, for the default team, under both
 * its keys ("<unit>|" for an empty cell, and its folded full name). 0 when
 * the row is rejected. */
static long long resolve_team(cn_import *imp, struct members *s, const char *key, long long unit_id, char *name)
{
	cn_unit u = {0};
	cn_error e = {0};
	if (cn_unit_get(imp->db, unit_id, &u, &e) != CN_OK) {
		cn_import_reject_err(imp, imp->rec, M_UNIT, &e);
		free(name);
		return 0;
	}
	char *default_name = cn_sprintf("Tổ CNSCĐ %s", u.name);
	cn_unit_clear(&u);
	/* The default team may also be named in full. */
	bool is_default = !name || cn_text_same(name, default_name);
	if (is_default) {
		free(name);
		name = default_name;
	} else {
		free(default_name);
	}
	char *folded = cn_text_fold(name);
	char *canon = cn_sprintf("%lld|%s", unit_id, folded);
	char *bare = cn_sprintf("%lld|", unit_id);
	long long team = is_default ? staged_team(imp, canon) : 0;
	if (!team) {
		long long id = is_default ? cn_team_default_for_unit(imp->db, unit_id, false, NULL)
					  : cn_team_find_by_name(imp->db, unit_id, name);
		team = !id ? -(++s->new_teams) : team_open(imp, id) ? id : 0;
		if (team)
			stage_team(imp, canon, team, unit_id, name);
	}
	if (team && is_default)
		stage_team(imp, bare, team, unit_id, name);
	if (team)
		cache_team(s, key, team);
	free(canon);
	free(bare);
	free(folded);
	free(name);
	return team;
}

/* The team of a row (a team's id, or -K for the K-th team to create); 0
 * when the row is rejected. */
static long long find_team(cn_import *imp, struct members *s, const cn_import_row *row, long long unit_id)
{
	char *name, *key;
	if (!cn_import_team_cell(imp, row, M_TEAM, unit_id, &name, &key))
		return 0;
	long long team = cached_team(s, key);
	if (!team && (team = staged_team(imp, key)) != 0)
		cache_team(s, key, team);
	if (team)
		free(name);
	else
		team = resolve_team(imp, s, key, unit_id, name);
	free(key);
	return team;
}

static char *dup_or_null(const char *s)
{
	return s ? cn_strdup(s) : NULL;
}

static void member_copy(cn_member *to, const cn_member *from)
{
	*to = *from;
	to->full_name = dup_or_null(from->full_name);
	to->phone = dup_or_null(from->phone);
	to->id_number = dup_or_null(from->id_number);
	to->position = dup_or_null(from->position);
	to->joined = dup_or_null(from->joined);
	to->uuid = to->left_on = to->note = to->created_at = to->updated_at = NULL;
}

/* Runs cn_member_normalize until it has named every bad field: after each
 * complaint the field is emptied (the name gets a stand-in) and the check
 * runs again. M is left cleaned when all is well. */
static bool check_member_fields(cn_import *imp, cn_member *m)
{
	static const struct {
		const char *field;
		int col;
	} cols[] = {
		{"full_name", M_NAME}, {"position", M_POSITION}, {"joined", M_JOINED}, {"phone", M_PHONE},
		{"id_number", M_IDNUM}, {"birth_year", M_BIRTH}, {"gender", M_GENDER}, {"role", M_ROLE},
	};
	bool ok = true;
	for (size_t round = 0; round <= CN_ARRAY_LEN(cols); round++) {
		cn_error e = {0};
		if (ok) {
			/* Most rows: normalised in place, no copy. */
			if (cn_member_normalize(m, &e) == CN_OK)
				return true;
		} else {
			cn_member t;
			member_copy(&t, m);
			int rc = cn_member_normalize(&t, &e);
			cn_member_clear(&t);
			if (rc == CN_OK)
				return false;
		}
		ok = false;
		size_t i = 0;
		while (i < CN_ARRAY_LEN(cols) && !(e.field && strcmp(e.field, cols[i].field) == 0))
			i++;
		cn_import_reject_err(imp, imp->rec, i < CN_ARRAY_LEN(cols) ? cols[i].col : CN_IMPORT_ROW, &e);
		char **text[] = {&m->full_name, &m->position, &m->joined, &m->phone, &m->id_number};
		if (i == 0) {
			free(m->full_name);
			m->full_name = cn_strdup("x");
		} else if (i < CN_ARRAY_LEN(text)) {
			free(*text[i]);
			*text[i] = NULL;
		} else if (i < CN_ARRAY_LEN(cols)) {
			m->birth_year = 0;
			m->gender = CN_GENDER_UNKNOWN;
			m->role = CN_ROLE_MEMBER;
		} else {
			break;
		}
	}
	return false;
}

/* Reads a row's cells into M; the choice fields are parsed here. */
static bool read_member(cn_import *imp, const cn_import_row *row, cn_member *m, bool given[M_NCOLS])
{
	for (int c = 0; c < M_NCOLS; c++)
		given[c] = !cn_str_empty(cn_import_field(imp, row, c));
	m->full_name = cn_strdup(cn_import_field(imp, row, M_NAME));
	m->phone = given[M_PHONE] ? cn_strdup(cn_import_field(imp, row, M_PHONE)) : NULL;
	m->id_number = given[M_IDNUM] ? cn_strdup(cn_import_field(imp, row, M_IDNUM)) : NULL;
	m->position = given[M_POSITION] ? cn_strdup(cn_import_field(imp, row, M_POSITION)) : NULL;
	m->joined = given[M_JOINED] ? cn_strdup(cn_import_field(imp, row, M_JOINED)) : NULL;
	bool ok = true;
	cn_error e = {0};
	if (cn_parse_gender(cn_import_field(imp, row, M_GENDER), &m->gender, &e) != CN_OK) {
		cn_import_reject_err(imp, imp->rec, M_GENDER, &e);
		ok = false;
	}
	if (cn_parse_birth_year(cn_import_field(imp, row, M_BIRTH), &m->birth_year, &e) != CN_OK) {
		cn_import_reject_err(imp, imp->rec, M_BIRTH, &e);
		ok = false;
	}
	if (cn_parse_role(cn_import_field(imp, row, M_ROLE), &m->role, &e) != CN_OK) {
		cn_import_reject_err(imp, imp->rec, M_ROLE, &e);
		ok = false;
	}
	return check_member_fields(imp, m) && ok;
}

/* Keeps the row: its identity in the file (FILE_M), and the member as it
 * will be written (TO_WRITE). */
static void stage_row(cn_import *imp, long long team, bool ok, const struct members_found *f, const cn_member *file_m,
		      const cn_member *to_write)
{
	sqlite3_stmt *st = cn_import_sql(imp,
		"INSERT INTO temp.imp_row(rec, team, ok, act, match, match_left, by_id, key_name, key_year, key_idn, "
		"role, full_name, gender, birth_year, phone, id_number, position, joined, search_key, name_order) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", NULL);
	if (!st)
		return;
	char *folded = cn_text_fold(file_m->full_name);
	cn_bind_int(st, 1, (long long)imp->rec);
	cn_bind_int(st, 2, team);
	cn_bind_int(st, 3, ok);
	cn_bind_int(st, 4, f->act);
	cn_bind_int_or_null(st, 5, f->id);
	cn_bind_int(st, 6, f->left);
	cn_bind_int(st, 7, f->by_id);
	cn_bind_text(st, 8, folded);
	cn_bind_int_or_null(st, 9, file_m->birth_year);
	cn_bind_text_or_null(st, 10, file_m->id_number);
	cn_bind_int(st, 11, to_write->role);
	cn_bind_text(st, 12, to_write->full_name);
	/* A row that changes nothing is kept for the checks across rows
	 * only: without the member it would write (half the temp table of a
	 * file imported again). */
	char *search_key = NULL, *name_order = NULL;
	if (f->act != ACT_NONE) {
		/* The keys the forms store with a member (cn_member_add). */
		search_key = cn_member_search_key(to_write);
		name_order = cn_vi_key(to_write->full_name);
		cn_bind_int(st, 13, to_write->gender);
		cn_bind_int_or_null(st, 14, to_write->birth_year);
		cn_bind_text_or_null(st, 15, to_write->phone);
		cn_bind_text_or_null(st, 16, to_write->id_number);
		cn_bind_text_or_null(st, 17, to_write->position);
		cn_bind_text_or_null(st, 18, to_write->joined);
		cn_bind_text(st, 19, search_key);
		cn_bind_text(st, 20, name_order);
	}
	if (sqlite3_step(st) != SQLITE_DONE)
		cn_import_reject(imp, imp->rec, CN_IMPORT_ROW, "Không ghi được bảng tạm của việc nhập: %s",
				 sqlite3_errmsg(cn_db_sqlite(imp->db)));
	sqlite3_reset(st);
	free(folded);
	free(search_key);
	free(name_order);
	if (to_write->role == CN_ROLE_LEADER && !f->left)
		cn_import_set(imp, "INSERT INTO temp.imp_leader(rec, team, match) VALUES (?, ?, ?)", (long long)imp->rec,
			      team, f->id);
}

static void check_row(cn_import *imp, void *state, const cn_import_row *row)
{
	struct members *s = state;
	long long unit_id = find_unit(imp, s, row);
	long long team = unit_id ? find_team(imp, s, row, unit_id) : 0;
	cn_member m = {0};
	bool given[M_NCOLS];
	bool ok = read_member(imp, row, &m, given) && team;
	/* A row with bad fields stays, so that the leader check can list its
	 * problem too; it is never written. */
	if (team) {
		struct members_found f = {0};
		cn_member merged = {0};
		members_find(imp, s, team, &m, given, &f, &merged);
		stage_row(imp, team, ok, &f, &m, f.act == ACT_UPDATE || f.act == ACT_MOVE ? &merged : &m);
		s->acts[f.act]++;
		cn_member_clear(&merged);
	}
	cn_member_clear(&m);
}

static int start(cn_import *imp, void *state, cn_error *err)
{
	struct members *s = state;
	memset(s, 0, sizeof *s);
	/* ok: the row's own fields are good; act: ACT_*; match: the member of
	 * the database it is; key_*: who it is in the file (folded name, birth
	 * year, ID number as the file gives them); role and the columns after
	 * it: the member as written (rows that change nothing leave them out
	 * but the name); by_id: matched by the ID number; dup: the same person
	 * as an earlier row;
	 * bad: rejected (cn_import_mark_bad, before writing). imp_leader: the
	 * rows that make someone an active leader (a few per team at most),
	 * for the one-leader check. imp_known, imp_known_team: the search
	 * keys of the members of the teams looked into, by team
	 * (import_members_find.c). */
	return cn_import_exec(imp,
		"CREATE TEMP TABLE imp_team(key TEXT PRIMARY KEY, team INTEGER NOT NULL, unit_id INTEGER NOT NULL, "
		"name TEXT NOT NULL, search_key TEXT NOT NULL, used INTEGER NOT NULL DEFAULT 0, new_id INTEGER, "
		"leader_rec INTEGER) WITHOUT ROWID;"
		"CREATE TEMP TABLE imp_row(rec INTEGER PRIMARY KEY, team INTEGER NOT NULL, ok INTEGER NOT NULL, "
		"act INTEGER NOT NULL, match INTEGER, match_left INTEGER NOT NULL, by_id INTEGER NOT NULL, "
		"key_name TEXT NOT NULL, key_year INTEGER, key_idn TEXT, role INTEGER NOT NULL, full_name TEXT NOT NULL, "
		"gender INTEGER, birth_year INTEGER, phone TEXT, id_number TEXT, position TEXT, joined TEXT, "
		"search_key TEXT, name_order TEXT, dup INTEGER NOT NULL DEFAULT 0, bad INTEGER NOT NULL DEFAULT 0);"
		"CREATE TEMP TABLE imp_leader(rec INTEGER PRIMARY KEY, team INTEGER NOT NULL, match INTEGER);"
		"CREATE TEMP TABLE imp_known_team(team INTEGER PRIMARY KEY);"
		"CREATE TEMP TABLE imp_known(team INTEGER NOT NULL, key TEXT NOT NULL, id INTEGER NOT NULL, "
		"PRIMARY KEY (team, key, id)) WITHOUT ROWID;", err);
}

static void check_all(cn_import *imp, void *state)
{
	members_check_all(imp, state);
}

static int write(cn_import *imp, void *state, cn_error *err)
{
	return members_write(imp, state, err);
}

static void clear(void *state)
{
	struct members *s = state;
	cn_strmap_free(&s->units);
	cn_strmap_free(&s->teams);
}

int cn_import_members(cn_db *db, const char *path, const cn_import_options *opt, cn_import_result *res,
		      cn_error *err)
{
	static const struct cn_importer importer = {
		"thành viên", member_layouts, (int)CN_ARRAY_LEN(member_layouts), start, check_row, check_all, write, clear,
	};
	struct members s = {0};
	return cn_import_run(db, path, &importer, &s, opt, res, err);
}
