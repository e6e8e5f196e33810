/* Importing administrative units: our own layout (one unit per row) or the
 * statistics office's flat export (one commune per row, with its province
 * and district). Rows become "entries" (one per unit code); the checks
 * across rows resolve each entry's parent in the file or the database,
 * find loops, and pass a parent's faults on to its children. Writing goes
 * parents first, and the tree's paths are rebuilt once at the end. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "import_units_internal.h"

enum { U_CODE, U_NAME, U_TYPE, U_LEVEL, U_PARENT, U_NCOLS };
static const cn_import_column unit_columns[U_NCOLS] = {
	[U_CODE] = {"code", "mã|mã đơn vị|mã đvhc", true},
	[U_NAME] = {"name", "tên|tên đơn vị", true},
	[U_TYPE] = {"type", "loại|loại đơn vị", true},
	[U_LEVEL] = {"level", "cấp", false},
	[U_PARENT] = {"parent_code", "mã cấp trên|mã đơn vị cấp trên|parent", true},
};

/* The office's export (danhmuchanhchinh.gso.gov.vn). Without district
 * columns (or with them empty) it is the two-level list of 2025. */
enum { G_PCODE, G_PNAME, G_DCODE, G_DNAME, G_CCODE, G_CNAME, G_CTYPE, G_NCOLS };
static const cn_import_column gso_columns[G_NCOLS] = {
	[G_PCODE] = {"Mã TP", "mã tỉnh", true, {CN_CELL_TEXT, 2}}, /* codes saved as numbers get their 0s back */
	[G_PNAME] = {"Tỉnh / Thành Phố", "tỉnh|tên tỉnh", true},
	[G_DCODE] = {"Mã QH", "mã huyện", false, {CN_CELL_TEXT, 3}},
	[G_DNAME] = {"Quận Huyện", "huyện|tên huyện", false},
	[G_CCODE] = {"Mã PX", "mã xã", true, {CN_CELL_TEXT, 5}},
	[G_CNAME] = {"Phường Xã", "xã|tên xã", true},
	[G_CTYPE] = {"Cấp", NULL, false},
};

enum { LAYOUT_OURS, LAYOUT_GSO };
static const cn_import_layout unit_layouts[] = {
	[LAYOUT_OURS] = {"cnscd", unit_columns, U_NCOLS},
	[LAYOUT_GSO] = {"GSO", gso_columns, G_NCOLS},
};

static void set_leaf(struct units *s, size_t rec, long entry)
{
	while (s->nleaf <= rec) {
		s->leaf = cn_reallocarray(s->leaf, s->nleaf + 256, sizeof *s->leaf);
		for (size_t i = s->nleaf; i < s->nleaf + 256; i++)
			s->leaf[i] = -1;
		s->nleaf += 256;
	}
	s->leaf[rec] = entry;
}

/* Checks a unit's fields as cn_unit_add would, listing every bad field:
 * after a complaint the field gets a harmless stand-in and the check runs
 * again. U is left cleaned when all is well. */
static bool check_unit(cn_import *imp, size_t rec, cn_unit *u, const struct cols *cols)
{
	bool ok = true;
	for (int round = 0; round < 3; round++) {
		cn_error e = {0};
		if (cn_unit_normalize(u, &e) == CN_OK)
			return ok;
		ok = false;
		const char *f = e.field ? e.field : "";
		char **stand_in = strcmp(f, "code") == 0 ? &u->code : strcmp(f, "type") == 0 ? &u->type : NULL;
		cn_import_reject_err(imp, rec, stand_in == &u->code ? cols->code : stand_in ? cols->type : cols->name,
				     &e);
		if (!stand_in)
			break;
		free(*stand_in);
		*stand_in = cn_strdup("x");
	}
	return false;
}

/* A parent code as written, cleaned; false (and the row rejected) when it
 * cannot be one. *OUT is NULL for an empty cell. */
static bool check_parent_code(cn_import *imp, size_t rec, const char *raw, int col, char **out)
{
	cn_error e = {0};
	if (cn_parse_text_opt("Mã đơn vị cấp trên", raw, 32, out, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, col, &e);
		return false;
	}
	return true;
}

/* The entry for U (taking its strings), or the one already made for the same
 * code when it says the same; -1 and the row rejected when it says
 * otherwise. */
static long add_entry(struct units *s, cn_import *imp, size_t rec, cn_unit *u, char *parent,
		      const struct cols *cols)
{
	long i = cn_strmap_get(&s->by_code, u->code);
	if (i >= 0) {
		struct entry *o = &s->e[i];
		bool same = strcmp(o->name, u->name) == 0 && strcmp(o->type, u->type) == 0 &&
			    same_text(o->parent, parent);
		if (!same)
			cn_import_reject(imp, rec, cols->code,
					 "Mã đơn vị «%s» đã có ở dòng %ld (%s%s%s); mỗi mã chỉ dùng cho một đơn vị", u->code,
					 o->line, o->name, o->parent ? ", cấp trên " : "",
					 o->parent ? o->parent : "");
		cn_unit_clear(u);
		free(parent);
		return same ? i : -1;
	}
	CN_GROW(s->e, s->n, s->cap, 1024);
	struct entry *e = &s->e[s->n];
	memset(e, 0, sizeof *e);
	e->code = u->code;
	e->name = u->name;
	e->type = u->type;
	e->parent = parent;
	e->rec = rec;
	e->line = cn_import_line(imp, rec);
	e->cols = *cols;
	e->parent_entry = -1;
	free(u->uuid);
	free(u->valid_from);
	free(u->valid_to);
	memset(u, 0, sizeof *u);
	cn_strmap_put(&s->by_code, e->code, (long)s->n);
	return (long)s->n++;
}

static void check_row_ours(cn_import *imp, struct units *s, size_t rec, const cn_import_row *row)
{
	static const struct cols cols = {U_CODE, U_NAME, U_TYPE, U_PARENT};
	cn_unit u = {
		.code = cn_strdup(cn_import_field(imp, row, U_CODE)),
		.name = cn_strdup(cn_import_field(imp, row, U_NAME)),
		.type = cn_strdup(cn_import_field(imp, row, U_TYPE)),
	};
	char *parent = NULL;
	bool ok = check_unit(imp, rec, &u, &cols);
	ok = check_parent_code(imp, rec, cn_import_field(imp, row, U_PARENT), U_PARENT, &parent) && ok;
	if (!ok) {
		cn_unit_clear(&u);
		free(parent);
		return;
	}
	set_leaf(s, rec, add_entry(s, imp, rec, &u, parent, &cols));
}

/* The type a GSO name starts with at LEVEL ("Huyện Hòa Bình" → "Huyện";
 * a level-1 "Thành phố …" → "Thành phố Trung ương"), or NULL. */
static const char *type_from_name(const char *name, int level)
{
	char *f = cn_text_fold(name);
	const char *found = NULL;
	for (const char *const *t = cn_unit_types_for_level(level); *t && !found; t++) {
		char *p = cn_text_fold(cn_unit_type_prefix(*t));
		size_t n = strlen(p);
		if (strncmp(f, p, n) == 0 && f[n] == ' ')
			found = *t;
		free(p);
	}
	free(f);
	return found;
}

/* "Xã, Phường, Thị trấn hoặc Đặc khu" for LEVEL's types. */
static char *types_list(int level)
{
	cn_buf b = {0};
	const char *const *t = cn_unit_types_for_level(level);
	for (int i = 0; t[i]; i++)
		cn_buf_printf(&b, "%s%s", i == 0 ? "" : t[i + 1] ? ", " : " hoặc ", cn_unit_type_prefix(t[i]));
	return cn_buf_steal(&b);
}

/* One tier of a GSO row, checked: U is cleaned when true. */
static bool check_tier(cn_import *imp, size_t rec, const cn_import_row *row, int level, const struct cols *cols,
		       cn_unit *u)
{
	const char *name = cn_import_field(imp, row, cols->name);
	const char *type = NULL;
	bool ok = true;
	if (cols->type >= 0 && !cn_str_empty(cn_import_field(imp, row, cols->type))) {
		const char *cell = cn_import_field(imp, row, cols->type);
		for (const char *const *t = cn_unit_types_for_level(level); *t && !type; t++)
			if (cn_text_same(*t, cell))
				type = *t;
		if (!type) {
			char *list = types_list(level);
			cn_import_reject(imp, rec, cols->type, "Cấp «%s» không hợp lệ: cần %s", cell, list);
			free(list);
			ok = false;
		}
	} else if (!cn_str_empty(name) && !(type = type_from_name(name, level))) {
		char *list = types_list(level);
		cn_import_reject(imp, rec, cols->name, "Không nhận ra loại đơn vị của «%s»: tên cần bắt đầu bằng %s",
				 name, list);
		free(list);
		ok = false;
	}
	u->code = cn_strdup(cn_import_field(imp, row, cols->code));
	u->name = cn_strdup(name);
	u->type = cn_strdup(type ? type : "x");
	return check_unit(imp, rec, u, cols) && ok;
}

static void check_row_gso(cn_import *imp, struct units *s, size_t rec, const cn_import_row *row)
{
	static const struct cols tiers[3] = {
		{G_PCODE, G_PNAME, -1, -1},
		{G_DCODE, G_DNAME, -1, G_PCODE},
		{G_CCODE, G_CNAME, G_CTYPE, G_DCODE},
	};
	static const int levels[3] = {CN_LEVEL_PROVINCE, CN_LEVEL_DISTRICT, CN_LEVEL_COMMUNE};
	/* A two-level row (no district) hangs the commune under the province. */
	bool has_district = !cn_str_empty(cn_import_field(imp, row, G_DCODE)) ||
			    !cn_str_empty(cn_import_field(imp, row, G_DNAME));
	cn_unit u[3] = {{0}};
	bool ok = true;
	for (int t = 0; t < 3; t++)
		if (t != 1 || has_district)
			ok = check_tier(imp, rec, row, levels[t], &tiers[t], &u[t]) && ok;
	long entry = -1;
	char *parent = NULL; /* code of the tier above */
	for (int t = 0; t < 3 && ok; t++) {
		if (t == 1 && !has_district)
			continue;
		struct cols cols = tiers[t];
		if (t == 2 && !has_district)
			cols.parent = G_PCODE;
		char *code = cn_strdup(u[t].code);
		entry = add_entry(s, imp, rec, &u[t], parent ? cn_strdup(parent) : NULL, &cols);
		free(parent);
		parent = code;
		ok = entry >= 0;
	}
	free(parent);
	for (int t = 0; t < 3; t++)
		cn_unit_clear(&u[t]);
	if (ok)
		set_leaf(s, rec, entry);
}

static void check_row(cn_import *imp, void *state, const cn_import_row *row)
{
	struct units *s = state;
	if (s->n + 3 > UNITS_MAX) {
		cn_import_reject(imp, imp->rec, CN_IMPORT_ROW, "Tệp có quá nhiều đơn vị: mỗi lần nhập tối đa %d đơn vị "
				 "(cả nước, kể cả thôn, ấp, khoảng 112.000)", UNITS_MAX);
		return;
	}
	if (imp->header.layout == LAYOUT_GSO)
		check_row_gso(imp, s, imp->rec, row);
	else
		check_row_ours(imp, s, imp->rec, row);
}

static int start(cn_import *imp, void *state, cn_error *err)
{
	(void)imp;
	(void)err;
	memset(state, 0, sizeof(struct units));
	return CN_OK;
}

static void check_all(cn_import *imp, void *state)
{
	units_check_tree(imp, state);
}

static int write(cn_import *imp, void *state, cn_error *err)
{
	return units_write(imp, state, err);
}

static void clear(void *state)
{
	units_free(state);
}

int cn_import_units(cn_db *db, const char *path, const cn_import_options *opt, cn_import_result *res,
		    cn_error *err)
{
	static const struct cn_importer importer = {
		"đơn vị", unit_layouts, (int)CN_ARRAY_LEN(unit_layouts), start, check_row, check_all, write, clear,
	};
	struct units s = {0};
	return cn_import_run(db, path, &importer, &s, opt, res, err);
}
