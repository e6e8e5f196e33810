/* Reading the files of a reorganisation: the new list of units, the
 * mapping old code → new code, and explicit assignments (a file or the
 * text of --assign). Every problem is listed with its file and line; the
 * files are checked on their own here, against the database later. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "reorg_internal.h"

static void add_text(char ***list, int *n, const char *fmt, va_list ap)
{
	cn_buf b = {0};
	cn_buf_vprintf(&b, fmt, ap);
	*list = cn_reallocarray(*list, (size_t)*n + 1, sizeof **list);
	(*list)[(*n)++] = cn_buf_steal(&b);
}

void reorg_problem(struct reorg *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_text(&r->res->problems, &r->res->nproblems, fmt, ap);
	va_end(ap);
}

void reorg_note(struct reorg *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_text(&r->res->notes, &r->res->nnotes, fmt, ap);
	va_end(ap);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Official codes are digits only ("01", "961", "31933"). */
static bool official_code(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

typedef void (*row_fn)(struct reorg *r, const char *file, long line, const char *const *cells);

/* Reads PATH with the one LAYOUT, calling FN with the cells of each
 * record in layout order ("" for an absent optional column). */
static int read_file(struct reorg *r, const char *path, const cn_import_layout *layout, row_fn fn, cn_error *err)
{
	const char *file = base_name(path);
	cn_row_source *src = cn_row_source_open(path, NULL, err);
	if (!src)
		return err ? err->code : CN_EIO;
	cn_import_row row;
	long line = 0;
	int column = 0;
	cn_error e = {0};
	int rc = src->read(src, &row, &line, &column, &e);
	if (rc <= 0) {
		src->close(src);
		if (rc == 0)
			return cn_fail(err, CN_EINVAL, "Tệp %s trống: cần một dòng tiêu đề rồi các dòng dữ liệu.", path);
		return cn_fail(err, rc, "%s, dòng tiêu đề: %s", file, e.msg);
	}
	cn_import_header h;
	if ((rc = cn_import_map_header(&row, layout, 1, &h, &e)) != CN_OK) {
		src->close(src);
		return cn_fail(err, rc, "%s: %s", file, e.msg);
	}
	const char *cells[8];
	for (;;) {
		memset(&e, 0, sizeof e);
		rc = src->read(src, &row, &line, &column, &e);
		if (rc == 0)
			break;
		if (rc == CN_EIO) {
			if (err)
				*err = e;
			break;
		}
		if (rc < 0) {
			reorg_problem(r, "%s, dòng %ld: %s", file, line, e.msg);
			continue;
		}
		for (int c = 0; c < layout->ncolumns && c < 8; c++) {
			int i = h.index[c];
			cells[c] = i >= 0 && i < row.count ? row.fields[i] : "";
		}
		fn(r, file, row.line, cells);
	}
	cn_import_header_free(&h);
	src->close(src);
	return rc == CN_EIO ? CN_EIO : CN_OK;
}

/* ---- The new list of units ---- */

enum { U_CODE, U_NAME, U_TYPE, U_LEVEL, U_PARENT, U_NCOLS };
static const cn_import_column unit_columns[U_NCOLS] = {
	[U_CODE] = {"code", "mã|mã đơn vị|mã đvhc", true, {0, 0}},
	[U_NAME] = {"name", "tên|tên đơn vị", true, {0, 0}},
	[U_TYPE] = {"type", "loại|loại đơn vị", true, {0, 0}},
	[U_LEVEL] = {"level", "cấp", false, {0, 0}},
	[U_PARENT] = {"parent_code", "mã cấp trên|mã đơn vị cấp trên|parent", true, {0, 0}},
};
static const cn_import_layout unit_layout = {"units", unit_columns, U_NCOLS};

static void unit_row(struct reorg *r, const char *file, long line, const char *const *cells)
{
	cn_unit u = {.code = cn_strdup(cells[U_CODE]), .name = cn_strdup(cells[U_NAME]),
		     .type = cn_strdup(cells[U_TYPE])};
	cn_error e = {0};
	if (cn_unit_normalize(&u, &e) != CN_OK) {
		reorg_problem(r, "%s, dòng %ld: %s", file, line, e.msg);
		cn_unit_clear(&u);
		return;
	}
	long other = cn_strmap_get(&r->nu_by_code, u.code);
	if (other >= 0) {
		reorg_problem(r, "%s, dòng %ld: mã «%s» đã có ở dòng %ld (%s)", file, line, u.code, r->nu[other].line,
			      r->nu[other].name);
		cn_unit_clear(&u);
		return;
	}
	CN_GROW(r->nu, r->nnu, r->capnu, 1024);
	struct new_unit *n = &r->nu[r->nnu];
	memset(n, 0, sizeof *n);
	n->code = u.code;
	n->name = u.name;
	n->type = u.type;
	n->parent = cn_str_empty(cells[U_PARENT]) ? NULL : cn_trim_dup(cells[U_PARENT]);
	n->line = line;
	n->parent_idx = -1;
	u.code = u.name = u.type = NULL;
	cn_unit_clear(&u);
	cn_strmap_put(&r->nu_by_code, n->code, (long)r->nnu++);
}

/* Level of unit I from its type and its parent's level; 0 on a loop. */
static int new_level(struct reorg *r, size_t i, int depth)
{
	struct new_unit *n = &r->nu[i];
	if (n->level || depth > 9)
		return n->level;
	int parent_level = 0;
	if (n->parent_idx >= 0 && (parent_level = new_level(r, (size_t)n->parent_idx, depth + 1)) == 0)
		return 0;
	n->level = cn_unit_type_level(n->type, parent_level);
	return n->level;
}

int reorg_read_units(struct reorg *r, const char *path, cn_error *err)
{
	r->units_name = base_name(path);
	int rc = read_file(r, path, &unit_layout, unit_row, err);
	if (rc != CN_OK)
		return rc;
	for (size_t i = 0; i < r->nnu; i++) {
		struct new_unit *n = &r->nu[i];
		if (n->parent && (n->parent_idx = cn_strmap_get(&r->nu_by_code, n->parent)) < 0)
			reorg_problem(r, "%s, dòng %ld: mã cấp trên «%s» của %s không có trong tệp", r->units_name,
				      n->line, n->parent, n->name);
	}
	for (size_t i = 0; i < r->nnu; i++)
		if (new_level(r, i, 0) == 0)
			reorg_problem(r, "%s, dòng %ld: %s nằm trong một vòng lặp cấp trên", r->units_name, r->nu[i].line,
				      r->nu[i].name);
	if (r->nnu == 0)
		reorg_problem(r, "%s: không có đơn vị nào", r->units_name);
	return CN_OK;
}

/* ---- The mapping ---- */

enum { M_OLD, M_NEW, M_NCOLS };
static const cn_import_column map_columns[M_NCOLS] = {
	[M_OLD] = {"old_code", "mã cũ|mã đơn vị cũ|old", true, {0, 0}},
	[M_NEW] = {"new_code", "mã mới|mã đơn vị mới|new", true, {0, 0}},
};
static const cn_import_layout map_layout = {"mapping", map_columns, M_NCOLS};

/* Cleaned code of a cell, or NULL with a problem. */
static char *code_cell(struct reorg *r, const char *file, long line, const char *cell, const char *what)
{
	char *code = cn_trim_dup(cell);
	if (official_code(code))
		return code;
	if (!*code)
		reorg_problem(r, "%s, dòng %ld: thiếu %s", file, line, what);
	else
		reorg_problem(r, "%s, dòng %ld: %s «%s» không hợp lệ (mã đơn vị hành chính chỉ gồm chữ số)", file,
			      line, what, code);
	free(code);
	return NULL;
}

static void map_row(struct reorg *r, const char *file, long line, const char *const *cells)
{
	char *old_code = code_cell(r, file, line, cells[M_OLD], "mã cũ");
	char *new_code = code_cell(r, file, line, cells[M_NEW], "mã mới");
	if (!old_code || !new_code) {
		free(old_code);
		free(new_code);
		return;
	}
	long new_idx = cn_strmap_get(&r->nu_by_code, new_code);
	if (new_idx < 0)
		reorg_problem(r, "%s, dòng %ld: mã mới «%s» không có trong %s", file, line, new_code, r->units_name);
	CN_GROW(r->rows, r->nrows, r->caprows, 4096);
	r->rows[r->nrows++] = (struct map_row){old_code, new_code, line, new_idx};
}

static int by_old_then_new(const void *a, const void *b)
{
	const struct map_row *x = a, *y = b;
	int c = strcmp(x->old_code, y->old_code);
	if (!c)
		c = strcmp(x->new_code, y->new_code);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Sorts the rows by old code and groups them into old units. */
static void group_rows(struct reorg *r)
{
	if (r->nrows)
		qsort(r->rows, r->nrows, sizeof *r->rows, by_old_then_new);
	r->old = cn_calloc(r->nrows + 1, sizeof *r->old);
	for (size_t i = 0; i < r->nrows; i++) {
		struct map_row *m = &r->rows[i];
		if (i > 0 && strcmp(m->old_code, r->rows[i - 1].old_code) == 0 &&
		    strcmp(m->new_code, r->rows[i - 1].new_code) == 0) {
			reorg_problem(r, "%s, dòng %ld: trùng với dòng %ld (%s → %s)", r->mapping_name, m->line,
				      r->rows[i - 1].line, m->old_code, m->new_code);
			continue;
		}
		if (m->new_idx >= 0)
			r->nu[m->new_idx].received++;
		if (r->nold == 0 || strcmp(r->old[r->nold - 1].code, m->old_code) != 0) {
			r->old[r->nold] = (struct old_unit){.code = m->old_code, .carry = -1};
			cn_strmap_put(&r->old_by_code, m->old_code, (long)r->nold++);
		}
		struct old_unit *o = &r->old[r->nold - 1];
		o->rows = cn_reallocarray(o->rows, (size_t)o->nrows + 1, sizeof *o->rows);
		o->rows[o->nrows++] = (long)i;
	}
}

int reorg_read_mapping(struct reorg *r, const char *path, cn_error *err)
{
	r->mapping_name = base_name(path);
	int rc = read_file(r, path, &map_layout, map_row, err);
	if (rc != CN_OK)
		return rc;
	if (r->nrows == 0 && r->res->nproblems == 0)
		reorg_problem(r, "%s: không có dòng chuyển đổi nào", r->mapping_name);
	group_rows(r);
	return CN_OK;
}

/* ---- Explicit assignments ---- */

/* WHERE says where the assignment was written, for messages. */
static void add_assignment(struct reorg *r, const char *where, const char *source, long line, char *old_code,
			   char *new_code)
{
	long other = cn_strmap_get(&r->as_by_old, old_code);
	if (other >= 0) {
		struct assignment *a = &r->as[other];
		if (strcmp(a->new_code, new_code) != 0)
			reorg_problem(r, "%s: «%s» đã được chỉ định cho «%s», không thể cho «%s»", where, old_code,
				      a->new_code, new_code);
		free(old_code);
		free(new_code);
		return;
	}
	CN_GROW(r->as, r->nas, r->capas, 16);
	r->as[r->nas] = (struct assignment){old_code, new_code, source, line};
	cn_strmap_put(&r->as_by_old, old_code, (long)r->nas++);
}

static void assignment_row(struct reorg *r, const char *file, long line, const char *const *cells)
{
	char *old_code = code_cell(r, file, line, cells[M_OLD], "mã cũ");
	char *new_code = code_cell(r, file, line, cells[M_NEW], "mã mới");
	if (old_code && new_code) {
		char where[300];
		snprintf(where, sizeof where, "%s, dòng %ld", file, line);
		add_assignment(r, where, file, line, old_code, new_code);
		return;
	}
	free(old_code);
	free(new_code);
}

int reorg_read_assignments(struct reorg *r, const char *path, cn_error *err)
{
	return read_file(r, path, &map_layout, assignment_row, err);
}

void reorg_parse_assign(struct reorg *r, const char *text)
{
	char *copy = cn_strdup(text), *save = NULL;
	for (char *item = strtok_r(copy, ",;", &save); item; item = strtok_r(NULL, ",;", &save)) {
		char *eq = strchr(item, '=');
		char *old_code = eq ? cn_strndup(item, (size_t)(eq - item)) : NULL;
		char *o = old_code ? cn_trim_dup(old_code) : NULL, *n = eq ? cn_trim_dup(eq + 1) : NULL;
		free(old_code);
		if (!eq || !official_code(o) || !official_code(n)) {
			char *shown = cn_trim_dup(item);
			reorg_problem(r, "--assign: «%s» không đúng dạng MÃ_CŨ=MÃ_MỚI (ví dụ 31933=31891)", shown);
			free(shown);
			free(o);
			free(n);
			continue;
		}
		add_assignment(r, "--assign", "--assign", 0, o, n);
	}
	free(copy);
}

void reorg_input_free(struct reorg *r)
{
	for (size_t i = 0; i < r->nnu; i++) {
		free(r->nu[i].code);
		free(r->nu[i].name);
		free(r->nu[i].type);
		free(r->nu[i].parent);
	}
	free(r->nu);
	cn_strmap_free(&r->nu_by_code);
	for (size_t i = 0; i < r->nold; i++) {
		free(r->old[i].rows);
		free(r->old[i].name);
	}
	free(r->old);
	cn_strmap_free(&r->old_by_code);
	for (size_t i = 0; i < r->nrows; i++) {
		free(r->rows[i].old_code);
		free(r->rows[i].new_code);
	}
	free(r->rows);
	for (size_t i = 0; i < r->nas; i++) {
		free(r->as[i].old_code);
		free(r->as[i].new_code);
	}
	free(r->as);
	cn_strmap_free(&r->as_by_old);
}
