/* The team form and deleting a team. */
#include <stdlib.h>

#include "cnscd/browse.h"
#include "cnscd/member.h"
#include "cnscd/team.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "dialog.h"
#include "edit.h"
#include "formview.h"
#include "ui.h"

enum { F_NAME, F_ESTABLISHED, F_DECISION, F_DISSOLVED, F_NOTE };

struct team_edit {
	cn_db *db;
	cn_team loaded;
	long long unit_id;
	long long saved;
};

static char *opt_dup(const char *s)
{
	return s && *s ? cn_strdup(s) : NULL;
}

static void fill(struct form *f, const cn_team *t)
{
	char date[CN_DATE_LEN];
	form_set(f, F_NAME, t->name);
	cn_date_display(t->established, date);
	form_set(f, F_ESTABLISHED, date);
	form_set(f, F_DECISION, t->decision_no);
	cn_date_display(t->dissolved, date);
	form_set(f, F_DISSOLVED, date);
	form_set(f, F_NOTE, t->note);
}

static int save(struct form *f, cn_error *err)
{
	struct team_edit *e = f->ctx;
	cn_team t = {.id = e->loaded.id, .unit_id = e->unit_id};
	t.name = opt_dup(form_value(f, F_NAME));
	t.established = opt_dup(form_value(f, F_ESTABLISHED));
	t.decision_no = opt_dup(form_value(f, F_DECISION));
	t.dissolved = opt_dup(form_value(f, F_DISSOLVED));
	t.note = opt_dup(form_value(f, F_NOTE));
	int rc;
	if (t.id) {
		t.updated_at = f->overwrite ? NULL : opt_dup(e->loaded.updated_at);
		rc = cn_team_update(e->db, &t, err);
	} else {
		rc = cn_team_add(e->db, &t, err);
	}
	if (rc == CN_OK)
		e->saved = t.id;
	cn_team_clear(&t);
	return rc;
}

static int reload(struct form *f, cn_error *err)
{
	struct team_edit *e = f->ctx;
	long long id = e->loaded.id;
	cn_team_clear(&e->loaded);
	int rc = cn_team_get(e->db, id, &e->loaded, err);
	if (rc == CN_OK)
		fill(f, &e->loaded);
	f->overwrite = false;
	return rc;
}

long long edit_team(cn_db *db, long long id, long long unit_id)
{
	struct team_edit e = {.db = db, .unit_id = unit_id};
	cn_error err = {0};
	if (id && cn_team_get(db, id, &e.loaded, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return 0;
	}
	if (id)
		e.unit_id = e.loaded.unit_id;
	cn_unit u = {0};
	cn_unit_get(db, e.unit_id, &u, NULL);
	char *hint = cn_sprintf("Để trống: «Tổ CNSCĐ %s»", u.name ? u.name : "");
	char *title = cn_sprintf("%s — %s", id ? "Sửa tổ" : "Thêm tổ", u.name ? u.name : "");
	cn_unit_clear(&u);
	struct form f = {.title = title, .save = save, .reload = id ? reload : NULL, .ctx = &e};
	form_add(&f, (struct form_field){"name", "Tên tổ", FORM_TEXT, false, 150, NULL, hint}, NULL);
	form_add(&f, (struct form_field){"established", "Ngày thành lập", FORM_DATE, false, 10, NULL, NULL}, NULL);
	form_add(&f, (struct form_field){"decision_no", "Số quyết định", FORM_TEXT, false, 60, NULL,
		 "Số quyết định thành lập, ví dụ 123/QĐ-UBND"}, NULL);
	form_add(&f, (struct form_field){"dissolved", "Ngày giải thể", FORM_DATE, false, 10, NULL,
		 "Chỉ ghi khi tổ đã giải thể (dd/mm/yyyy)"}, NULL);
	form_add(&f, (struct form_field){"note", "Ghi chú", FORM_TEXT, false, 1000, NULL, NULL}, NULL);
	if (id)
		fill(&f, &e.loaded);
	bool saved = form_run(&f);
	if (saved)
		ui_message(S_INFO, "Đã lưu tổ.");
	form_free(&f);
	free(hint);
	free(title);
	cn_team_clear(&e.loaded);
	return saved ? e.saved : 0;
}

bool remove_team(cn_db *db, long long id)
{
	cn_team t = {0};
	cn_error err = {0};
	if (cn_team_get(db, id, &t, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return false;
	}
	long long active = 0, all = 0;
	cn_browse_team_members(db, id, &active, &all);
	cn_dependents d = {0};
	cn_team_dependents(db, id, &d, NULL);
	d.members = 0; /* told apart below: active and left */
	char *with = cn_dependents_text(&d);
	char *text;
	if (all == 0)
		text = cn_sprintf("Xóa tổ «%s»? Tổ chưa có thành viên nào%s%s.", t.name, *with ? "; cùng tổ sẽ xóa " : "",
				  with);
	else if (all == active)
		text = cn_sprintf("Xóa tổ «%s» cùng %lld thành viên%s%s?", t.name, active, *with ? ", " : "", with);
	else
		text = cn_sprintf("Xóa tổ «%s» cùng %lld thành viên (và %lld người đã rời tổ)%s%s?", t.name, active,
				  all - active, *with ? ", " : "", with);
	free(with);
	char *full = cn_sprintf("%s\n\nCó thể hoàn tác ngay sau đó bằng phím u (Hoàn tác). Nếu tổ chỉ thôi hoạt "
				"động, hãy sửa tổ (F4) và ghi ngày giải thể thay vì xóa.", text);
	bool changed = false;
	if (dialog_confirm("Xóa tổ", full, "Xóa", "Không")) {
		if (cn_team_delete(db, id, &err) == CN_OK) {
			ui_message(S_INFO, "Đã xóa %s.", t.name);
			changed = true;
		} else {
			ui_message(S_ERROR, "%s", err.msg);
		}
	}
	free(text);
	free(full);
	cn_team_clear(&t);
	return changed;
}
