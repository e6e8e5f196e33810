/* The people forms of check-in: a walk-in added and checked in, a guest
 * put right later, someone taken off the list. A name typed without
 * diacritics is pointed out once, beside the field, and kept if saved
 * again as it is. */
#include <stdlib.h>
#include <string.h>

#include "checkin.h"
#include "cnscd/attendance.h"
#include "dialog.h"
#include "formview.h"
#include "keys.h"
#include "ui.h"

enum { G_NAME, G_POSITION, G_UNIT, G_PHONE };

struct guest_form {
	cn_db *db;
	long long training_id;
	long long id;  /* the row edited, or the row added */
	char *hinted;  /* the name the hint was given for */
};

/* The hint, once per name: a second F2 saves the name as typed. */
static int hint_marks(struct guest_form *g, const char *name, cn_error *err)
{
	if (!cn_name_lacks_marks(name) || (g->hinted && strcmp(g->hinted, name) == 0))
		return CN_OK;
	free(g->hinted);
	g->hinted = cn_strdup(name);
	return cn_fail_field(err, "full_name", CN_EINVAL,
			     "Tên chưa có dấu: nên gõ lại có dấu (ví dụ «Trần Văn Bình»). Nhấn %s lần nữa để lưu "
			     "như đã gõ.", keys_short(CTX_FORM, ACT_SAVE));
}

static int save_new(struct form *f, cn_error *err)
{
	struct guest_form *g = f->ctx;
	int rc = hint_marks(g, form_value(f, G_NAME), err);
	if (rc != CN_OK)
		return rc;
	return cn_attendance_add_guest(g->db, g->training_id, form_value(f, G_NAME), form_value(f, G_POSITION),
				       form_value(f, G_UNIT), form_value(f, G_PHONE), CN_ATT_PRESENT, &g->id, err);
}

static int save_edit(struct form *f, cn_error *err)
{
	struct guest_form *g = f->ctx;
	int rc = hint_marks(g, form_value(f, G_NAME), err);
	if (rc != CN_OK)
		return rc;
	return cn_attendance_update_guest(g->db, g->id, form_value(f, G_NAME), form_value(f, G_POSITION),
					  form_value(f, G_UNIT), form_value(f, G_PHONE), err);
}

static void guest_fields(struct form *f, const char *name, const char *position, const char *unit,
			 const char *phone)
{
	form_add(f, (struct form_field){"full_name", "Họ tên", FORM_TEXT, true, 100, NULL,
		 "Họ và tên đầy đủ, có dấu"}, name);
	form_add(f, (struct form_field){"position", "Chức vụ", FORM_TEXT, false, 100, NULL, NULL}, position);
	form_add(f, (struct form_field){"unit", "Đơn vị", FORM_TEXT, false, 150, NULL, NULL}, unit);
	form_add(f, (struct form_field){"phone", "Điện thoại", FORM_TEXT, false, 20, form_check_phone, NULL}, phone);
}

long long checkin_add_walk_in(cn_db *db, long long training_id, const char *typed)
{
	struct guest_form g = {.db = db, .training_id = training_id};
	/* The name starts as what was typed, unless that was phone digits. */
	bool digits = typed[0] && strspn(typed, "0123456789 ") == strlen(typed);
	struct form f = {.title = "Người ngoài danh sách — ghi có mặt", .save = save_new, .ctx = &g};
	guest_fields(&f, digits ? NULL : typed, NULL, NULL, digits ? typed : NULL);
	long long id = 0;
	if (form_run(&f)) {
		id = g.id;
		ui_message(S_INFO, "✓ %s: đã thêm, có mặt.", f.values[G_NAME]);
	}
	form_free(&f);
	free(g.hinted);
	return id;
}

bool checkin_edit_guest(cn_db *db, long long id, const char *name, const char *position, const char *unit,
			const char *phone)
{
	struct guest_form g = {.db = db, .id = id};
	struct form f = {.title = "Sửa người ngoài danh sách", .save = save_edit, .ctx = &g};
	guest_fields(&f, name, position, unit, phone);
	bool saved = form_run(&f);
	if (saved)
		ui_message(S_INFO, "Đã sửa: %s.", f.values[G_NAME]);
	form_free(&f);
	free(g.hinted);
	return saved;
}

bool checkin_remove(cn_db *db, long long id, const char *name)
{
	char *text = cn_sprintf("Bỏ «%s» khỏi danh sách lớp?\n\n%s ngay sau đó để đưa lại.", name,
				keys_short(CTX_CHECKIN, ACT_UNDO));
	bool yes = dialog_confirm("Bỏ khỏi danh sách", text, "Bỏ", "Không");
	free(text);
	if (!yes)
		return false;
	cn_error err = {0};
	if (cn_attendance_remove(db, id, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return false;
	}
	ui_message(S_INFO, "Đã bỏ %s khỏi danh sách.", name);
	return true;
}
