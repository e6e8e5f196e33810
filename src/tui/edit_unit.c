/* The unit form (villages are added by hand here), deleting and closing. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/browse.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "dialog.h"
#include "edit.h"
#include "formview.h"
#include "keys.h"
#include "ui.h"

#define MAX_TYPES 40

enum { F_TYPE, F_NAME, F_CODE, F_FROM, F_TO };

struct unit_edit {
	cn_db *db;
	cn_unit loaded;
	long long parent_id;
	long long saved;
	const char *types[MAX_TYPES];
};

static char *opt_dup(const char *s)
{
	return s && *s ? cn_strdup(s) : NULL;
}

/* Types a unit under a parent of PARENT_LEVEL may have. Under a province
 * both districts and (since 2025) communes. */
static void collect_types(struct unit_edit *e, int parent_level)
{
	int n = 0;
	int from = parent_level + 1, to = parent_level == CN_LEVEL_PROVINCE ? CN_LEVEL_COMMUNE : from;
	if (from > CN_LEVEL_MAX)
		from = to = CN_LEVEL_VILLAGE;
	for (int level = from; level <= to; level++)
		for (const char *const *t = cn_unit_types_for_level(level); *t && n < MAX_TYPES - 1; t++)
			e->types[n++] = *t;
	e->types[n] = NULL;
}

/* The type most likely wanted for a new unit: that of its first sibling. */
static const char *sibling_type(struct unit_edit *e)
{
	cn_browse *b = cn_browse_open(e->db, CN_BROWSE_UNITS, e->parent_id, NULL);
	const char *type = e->types[0];
	if (b && cn_browse_fetch(b, 0, 1, NULL) == CN_OK && cn_browse_get(b, 0)) {
		const char *t = cn_browse_get(b, 0)->type;
		for (int i = 0; e->types[i]; i++)
			if (t && strcmp(e->types[i], t) == 0)
				type = e->types[i];
	}
	cn_browse_free(b);
	return type;
}

static void fill(struct form *f, const cn_unit *u)
{
	char date[CN_DATE_LEN];
	form_set(f, F_TYPE, u->type);
	form_set(f, F_NAME, u->name);
	form_set(f, F_CODE, u->code);
	cn_date_display(u->valid_from, date);
	form_set(f, F_FROM, date);
	cn_date_display(u->valid_to, date);
	form_set(f, F_TO, date);
}

static int save(struct form *f, cn_error *err)
{
	struct unit_edit *e = f->ctx;
	cn_unit u = {.id = e->loaded.id, .parent_id = e->parent_id};
	u.type = opt_dup(form_value(f, F_TYPE));
	u.name = opt_dup(form_value(f, F_NAME));
	u.code = opt_dup(form_value(f, F_CODE));
	u.valid_from = opt_dup(form_value(f, F_FROM));
	u.valid_to = opt_dup(form_value(f, F_TO));
	int rc;
	if (u.id) {
		u.updated_at = f->overwrite ? NULL : opt_dup(e->loaded.updated_at);
		rc = cn_unit_update(e->db, &u, err);
	} else {
		rc = cn_unit_add(e->db, &u, err);
	}
	if (rc == CN_OK)
		e->saved = u.id;
	cn_unit_clear(&u);
	return rc;
}

static int reload(struct form *f, cn_error *err)
{
	struct unit_edit *e = f->ctx;
	long long id = e->loaded.id;
	cn_unit_clear(&e->loaded);
	int rc = cn_unit_get(e->db, id, &e->loaded, err);
	if (rc == CN_OK)
		fill(f, &e->loaded);
	f->overwrite = false;
	return rc;
}

long long edit_unit(cn_db *db, long long id, long long parent_id)
{
	struct unit_edit e = {.db = db, .parent_id = parent_id};
	cn_error err = {0};
	if (id && cn_unit_get(db, id, &e.loaded, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return 0;
	}
	if (id)
		e.parent_id = e.loaded.parent_id;
	cn_unit parent = {0};
	if (e.parent_id)
		cn_unit_get(db, e.parent_id, &parent, NULL);
	collect_types(&e, parent.level);
	char *title = e.parent_id ? cn_sprintf("%s — thuộc %s", id ? "Sửa đơn vị" : "Thêm đơn vị", parent.name)
				  : cn_strdup(id ? "Sửa đơn vị" : "Thêm tỉnh/thành phố");
	cn_unit_clear(&parent);
	struct form f = {.title = title, .save = save, .reload = id ? reload : NULL, .ctx = &e};
	form_add(&f, (struct form_field){"type", "Loại đơn vị", FORM_CHOICE, true, 40, NULL, NULL}, NULL);
	form_add(&f, (struct form_field){"name", "Tên đơn vị", FORM_TEXT, true, 150, NULL,
		 "Ví dụ: Tân Lập (loại đơn vị được thêm vào trước nếu thiếu)"}, NULL);
	form_add(&f, (struct form_field){"code", "Mã đơn vị", FORM_TEXT, id || !e.parent_id, 32, NULL,
		 e.parent_id ? "Mã chính thức; để trống thì tự cấp mã theo mã đơn vị cấp trên"
			     : "Mã chính thức của tỉnh/thành phố, ví dụ 95"}, NULL);
	form_add(&f, (struct form_field){"valid_from", "Hiệu lực từ ngày", FORM_DATE, false, 10, NULL, NULL}, NULL);
	form_add(&f, (struct form_field){"valid_to", "Hết hiệu lực từ ngày", FORM_DATE, false, 10, NULL,
		 "Chỉ ghi khi đơn vị đã giải thể hoặc sáp nhập"}, NULL);
	f.choices[F_TYPE] = e.types;
	if (id) {
		fill(&f, &e.loaded);
	} else {
		form_set(&f, F_TYPE, sibling_type(&e));
		f.start = F_NAME; /* the type offered is usually right */
	}
	bool saved = form_run(&f);
	if (saved)
		ui_message(S_INFO, "Đã lưu đơn vị %s.", form_value(&f, F_NAME));
	form_free(&f);
	free(title);
	cn_unit_clear(&e.loaded);
	return saved ? e.saved : 0;
}

struct close_ctx {
	cn_db *db;
	long long id;
};

static int save_close(struct form *f, cn_error *err)
{
	struct close_ctx *c = f->ctx;
	int rc = cn_unit_close(c->db, c->id, form_value(f, 0), err);
	if (rc != CN_OK && err && !err->field)
		err->field = "date";
	return rc;
}

static bool close_unit(cn_db *db, const cn_unit *u);

/* Closing keeps the unit and its history; it drops out of the lists. */
static bool offer_close(cn_db *db, const cn_unit *u, const char *why)
{
	char *text = cn_sprintf("%s\n\nĐóng %s (ghi ngày hết hiệu lực)? Đơn vị và các đơn vị trực thuộc "
				"vẫn được giữ, chỉ ẩn khỏi danh sách (phím h để hiện lại).", why, u->name);
	bool go = dialog_confirm("Không xóa được", text, "Đóng đơn vị", "Thôi");
	free(text);
	return go && close_unit(db, u);
}

/* Asks for the date and closes U from it. */
static bool close_unit(cn_db *db, const cn_unit *u)
{
	char today[CN_DATE_LEN], shown[CN_DATE_LEN];
	cn_date_today(today);
	cn_date_display(today, shown);
	struct close_ctx c = {db, u->id};
	struct form f = {.title = "Đóng đơn vị", .save = save_close, .ctx = &c};
	form_add(&f, (struct form_field){"date", "Hết hiệu lực từ ngày", FORM_DATE, true, 10, NULL, NULL}, shown);
	bool closed = form_run(&f);
	if (closed)
		ui_message(S_INFO, "Đã đóng %s từ %s.", u->name, form_value(&f, 0));
	form_free(&f);
	return closed;
}

bool remove_unit(cn_db *db, long long id)
{
	cn_unit u = {0};
	cn_error err = {0};
	if (cn_unit_get(db, id, &u, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return false;
	}
	cn_unit_stats s;
	cn_browse_unit_stats(db, id, &s, NULL);
	bool changed = false;
	if (s.children > 0 || s.teams > 0) {
		char *units = cn_sprintf("%lld đơn vị trực thuộc", s.children);
		char *teams = cn_sprintf("%lld tổ (%lld thành viên)", s.teams, s.members);
		char *why = cn_sprintf("%s còn %s%s%s, nên không xóa được.", u.name, s.children ? units : "",
				       s.children && s.teams ? " và " : "", s.teams ? teams : "");
		free(units);
		free(teams);
		changed = !u.valid_to && offer_close(db, &u, why);
		if (u.valid_to)
			ui_message(S_ERROR, "%s", why);
		free(why);
	} else {
		static const char *const labels[] = {"Xóa", "Đóng đơn vị", "Thôi"};
		char *text = cn_sprintf("Xóa %s? Chỉ nên xóa đơn vị thêm nhầm; đơn vị đã giải thể hay sáp nhập thì "
					"nên đóng (ghi ngày hết hiệu lực) để giữ lịch sử.\n\nCó thể hoàn tác ngay sau đó "
					"bằng phím %s (Hoàn tác).", u.name, keys_short(CTX_UNITS, ACT_UNDO));
		int c = u.valid_to ? (dialog_confirm("Xóa đơn vị", text, "Xóa", "Thôi") ? 0 : 2)
				   : dialog_choose("Xóa đơn vị", text, labels, 3, 2, 2);
		if (c == 0) {
			int rc = cn_unit_delete(db, id, &err);
			if (rc == CN_OK) {
				ui_message(S_INFO, "Đã xóa %s.", u.name);
				changed = true;
			} else if (rc == CN_EEXIST && !u.valid_to) {
				changed = offer_close(db, &u, err.msg);
			} else {
				ui_message(S_ERROR, "%s", err.msg);
			}
		} else if (c == 1) {
			changed = close_unit(db, &u);
		}
		free(text);
	}
	cn_unit_clear(&u);
	return changed;
}
