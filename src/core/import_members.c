/* Importing team members. Each row names its unit by code and its team by
 * name (empty: the unit's default team); the fields go through the same
 * validation as the forms of the TUI (cn_member_normalize), so the
 * messages are the same. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/succession.h"
#include "cnscd/team.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "import_members.h"

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
static long long find_unit(cn_import *imp, size_t rec, const cn_import_row *row, char **unit_name)
{
	cn_error e = {0};
	char *code = NULL;
	if (cn_parse_name("Mã đơn vị", cn_import_field(imp, row, M_UNIT), 32, &code, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, M_UNIT, &e);
		return 0;
	}
	cn_unit u = {0};
	long long id = 0;
	if (cn_unit_find_code(imp->db, code, &u, &e) != CN_OK)
		cn_import_reject_err(imp, rec, M_UNIT, &e);
	else if (u.valid_to && cn_unit_refuse_closed(imp->db, u.id, "không thêm thành viên", &e) != CN_OK)
		cn_import_reject_err(imp, rec, M_UNIT, &e); /* naming its successor */
	else
		id = u.id;
	*unit_name = id ? cn_strdup(u.name) : NULL;
	cn_unit_clear(&u);
	free(code);
	return id;
}

static long add_team_slot(struct members *s, long long id, long long unit_id, char *name)
{
	CN_GROW(s->teams, s->nteams, s->capteams, 16);
	s->teams[s->nteams] = (struct team_slot){.id = id, .unit_id = unit_id, .name = name, .leader_row = -1};
	return (long)s->nteams++;
}

/* The slot of an existing team; -1 (row rejected) when it was dissolved. */
static long existing_team(cn_import *imp, struct members *s, size_t rec, long long id)
{
	char key[32];
	snprintf(key, sizeof key, "#%lld", id);
	long slot = cn_strmap_get(&s->team_keys, key);
	if (slot >= 0)
		return slot;
	cn_team t = {0};
	cn_error e = {0};
	if (cn_team_get(imp->db, id, &t, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, M_TEAM, &e);
		return -1;
	}
	if (t.dissolved) {
		char shown[CN_DATE_LEN];
		cn_date_display(t.dissolved, shown);
		cn_import_reject(imp, rec, M_TEAM, "%s đã giải thể từ %s; không thêm thành viên vào được", t.name, shown);
		cn_team_clear(&t);
		return -1;
	}
	slot = add_team_slot(s, id, t.unit_id, cn_strdup(t.name));
	cn_strmap_put(&s->team_keys, key, slot);
	cn_team_clear(&t);
	return slot;
}

/* The team of a row: found by folded name within the unit (an empty cell:
 * the unit's default team), or one to create. -1 when the row is rejected. */
static long find_team(cn_import *imp, struct members *s, size_t rec, const cn_import_row *row, long long unit_id,
		      const char *unit_name)
{
	cn_error e = {0};
	char *name = NULL;
	if (cn_parse_text_opt("Tên tổ", cn_import_field(imp, row, M_TEAM), 150, &name, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, M_TEAM, &e);
		return -1;
	}
	/* The default team may also be named in full. */
	char *default_name = cn_sprintf("Tổ CNSCĐ %s", unit_name);
	bool is_default = !name || cn_text_same(name, default_name);
	if (is_default) {
		free(name);
		name = default_name;
	} else {
		free(default_name);
	}
	char *folded = cn_text_fold(name);
	char *key = cn_sprintf("%lld|%s", unit_id, folded);
	free(folded);
	long slot = cn_strmap_get(&s->team_keys, key);
	if (slot < 0) {
		long long id = is_default ? cn_team_default_for_unit(imp->db, unit_id, false, NULL)
					  : cn_team_find_by_name(imp->db, unit_id, name);
		if (id) {
			slot = existing_team(imp, s, rec, id);
		} else {
			slot = add_team_slot(s, 0, unit_id, name);
			name = NULL;
		}
		if (slot >= 0)
			cn_strmap_put(&s->team_keys, key, slot);
	}
	free(key);
	free(name);
	return slot;
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
static bool check_member_fields(cn_import *imp, size_t rec, cn_member *m)
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
		cn_member t;
		cn_error e = {0};
		member_copy(&t, m);
		if (cn_member_normalize(&t, &e) == CN_OK) {
			if (ok) {
				cn_member_clear(m);
				*m = t;
			} else {
				cn_member_clear(&t);
			}
			return ok;
		}
		cn_member_clear(&t);
		ok = false;
		size_t i = 0;
		while (i < CN_ARRAY_LEN(cols) && !(e.field && strcmp(e.field, cols[i].field) == 0))
			i++;
		cn_import_reject_err(imp, rec, i < CN_ARRAY_LEN(cols) ? cols[i].col : CN_IMPORT_ROW, &e);
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
static bool read_member(cn_import *imp, size_t rec, const cn_import_row *row, cn_member *m, bool given[M_NCOLS])
{
	for (int c = 0; c < M_NCOLS; c++)
		given[c] = !cn_str_empty(cn_import_field(imp, row, c));
	m->full_name = cn_strdup(cn_import_field(imp, row, M_NAME));
	m->phone = cn_strdup(cn_import_field(imp, row, M_PHONE));
	m->id_number = cn_strdup(cn_import_field(imp, row, M_IDNUM));
	m->position = cn_strdup(cn_import_field(imp, row, M_POSITION));
	m->joined = cn_strdup(cn_import_field(imp, row, M_JOINED));
	bool ok = true;
	cn_error e = {0};
	if (cn_parse_gender(cn_import_field(imp, row, M_GENDER), &m->gender, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, M_GENDER, &e);
		ok = false;
	}
	if (cn_parse_birth_year(cn_import_field(imp, row, M_BIRTH), &m->birth_year, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, M_BIRTH, &e);
		ok = false;
	}
	if (cn_parse_role(cn_import_field(imp, row, M_ROLE), &m->role, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, M_ROLE, &e);
		ok = false;
	}
	return check_member_fields(imp, rec, m) && ok;
}

/* The same person twice in one team of the file: same ID number, or same
 * folded name and birth year (when the ID numbers do not differ). */
static void check_repeat(cn_import *imp, struct members *s, size_t rec, const struct member_row *r)
{
	char *folded = cn_text_fold(r->m.full_name);
	char *by_name = cn_sprintf("%ld|n|%s|%d", r->team, folded, r->m.birth_year);
	char *by_id = r->m.id_number ? cn_sprintf("%ld|id|%s", r->team, r->m.id_number) : NULL;
	free(folded);
	long other = by_id ? cn_strmap_get(&s->seen, by_id) : -1;
	bool same_id = other >= 0;
	if (other < 0) {
		other = cn_strmap_get(&s->seen, by_name);
		if (other >= 0 && r->m.id_number && s->rows[other].m.id_number)
			other = -1;
	}
	if (other >= 0)
		cn_import_reject(imp, rec, same_id ? M_IDNUM : M_NAME,
				 "Trùng với dòng %ld: cùng tổ và cùng %s", imp->recs[s->rows[other].rec].line,
				 same_id ? "số CCCD" : "họ tên, năm sinh");
	else {
		if (cn_strmap_get(&s->seen, by_name) < 0)
			cn_strmap_put(&s->seen, by_name, (long)s->n);
		if (by_id)
			cn_strmap_put(&s->seen, by_id, (long)s->n);
	}
	free(by_name);
	free(by_id);
}

static void check_row(cn_import *imp, void *state, size_t rec, const cn_import_row *row)
{
	struct members *s = state;
	CN_GROW(s->rows, s->n, s->cap, 256);
	struct member_row *r = &s->rows[s->n];
	memset(r, 0, sizeof *r);
	r->rec = rec;
	r->team = -1;
	char *unit_name = NULL;
	long long unit_id = find_unit(imp, rec, row, &unit_name);
	if (unit_id)
		r->team = find_team(imp, s, rec, row, unit_id, unit_name);
	free(unit_name);
	bool ok = read_member(imp, rec, row, &r->m, r->given) && r->team >= 0;
	if (ok)
		check_repeat(imp, s, rec, r);
	/* A row with bad fields stays, so that the leader check can list its
	 * problem too; it is never written. */
	if (r->team >= 0)
		s->n++;
	else
		cn_member_clear(&r->m);
}

static void check_all(cn_import *imp, void *state)
{
	members_check_all(imp, state);
}

static int write(cn_import *imp, void *state, cn_error *err)
{
	return members_write(imp, state, err);
}

static void members_free(struct members *s)
{
	for (size_t i = 0; i < s->n; i++)
		cn_member_clear(&s->rows[i].m);
	free(s->rows);
	for (size_t i = 0; i < s->nteams; i++)
		free(s->teams[i].name);
	free(s->teams);
	cn_strmap_free(&s->team_keys);
	cn_strmap_free(&s->seen);
}

int cn_import_members(cn_db *db, const char *path, const cn_import_options *opt, cn_import_result *res,
		      cn_error *err)
{
	static const struct cn_importer importer = {
		"thành viên", member_layouts, (int)CN_ARRAY_LEN(member_layouts), check_row, check_all, write,
	};
	struct members s = {0};
	int rc = cn_import_run(db, path, &importer, &s, opt, res, err);
	members_free(&s);
	return rc;
}
