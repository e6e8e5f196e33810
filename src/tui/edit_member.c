/* The member form, leaving and erasing. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/member.h"
#include "cnscd/validate.h"
#include "dialog.h"
#include "edit.h"
#include "formview.h"
#include "transfer.h"
#include "ui.h"

static const char *const roles[] = {"Tổ trưởng", "Tổ phó", "Thành viên", NULL};
static const char *const genders[] = {"Không rõ", "Nam", "Nữ", NULL};

enum { F_NAME, F_ROLE, F_GENDER, F_BIRTH, F_PHONE, F_IDNUM, F_POSITION, F_JOINED, F_LEFT, F_NOTE };

struct member_edit {
	cn_db *db;
	cn_member loaded; /* the row as read, for its version (updated_at) */
	long long team_id;
	long long saved;
	bool moved; /* another member with the CCCD typed was moved here instead */
};

static char *opt_dup(const char *s)
{
	return s && *s ? cn_strdup(s) : NULL;
}

static void fill(struct form *f, const cn_member *m)
{
	char date[CN_DATE_LEN], year[16] = "";
	form_set(f, F_NAME, m->full_name);
	form_set(f, F_ROLE, cn_role_name(m->role ? m->role : CN_ROLE_MEMBER));
	form_set(f, F_GENDER, m->gender == CN_GENDER_UNKNOWN ? genders[0] : cn_gender_name(m->gender));
	if (m->birth_year)
		snprintf(year, sizeof year, "%d", m->birth_year);
	form_set(f, F_BIRTH, year);
	form_set(f, F_PHONE, m->phone);
	form_set(f, F_IDNUM, m->id_number);
	form_set(f, F_POSITION, m->position);
	cn_date_display(m->joined, date);
	form_set(f, F_JOINED, date);
	cn_date_display(m->left_on, date);
	form_set(f, F_LEFT, date);
	form_set(f, F_NOTE, m->note);
}

/* "Ngày vào tổ" left empty on a new member: the day it is added, so that
 * figures as of an earlier day do not count them. (An older record whose
 * day is unknown keeps it unknown when edited.) */
static char *joined_today(void)
{
	char today[CN_DATE_LEN], shown[CN_DATE_LEN];
	cn_date_today(today);
	cn_date_display(today, shown);
	return cn_strdup(shown);
}

/* Saves M, asking when the CCCD is another member's or the team has a
 * leader already, and saving again as answered. */
static int save_asking(struct member_edit *e, cn_member *m, cn_error *err)
{
	for (;;) {
		int rc = m->id ? cn_member_update(e->db, m, err) : cn_member_add(e->db, m, err);
		if (rc != CN_EEXIST || !err->field)
			return rc;
		if (strcmp(err->field, "id_number") == 0 && !m->second_membership) {
			long long moved = 0;
			int answer = member_identity_ask(e->db, m->id_number, m->id, e->team_id, m->role, &moved, err);
			if (answer == 1) {
				m->second_membership = true;
				continue;
			}
			if (answer == 2) {
				m->id = moved;
				e->moved = true;
				return CN_OK;
			}
		} else if (strcmp(err->field, "role") == 0 && !m->former_leader_role) {
			if ((m->former_leader_role = member_handover_ask(e->db, e->team_id, m->id)))
				continue;
		}
		return rc;
	}
}

static int save(struct form *f, cn_error *err)
{
	struct member_edit *e = f->ctx;
	cn_member m = {.id = e->loaded.id, .team_id = e->team_id};
	int rc = cn_parse_role(form_value(f, F_ROLE), &m.role, err);
	const char *g = form_value(f, F_GENDER);
	if (rc == CN_OK && strcmp(g, genders[0]) != 0)
		rc = cn_parse_gender(g, &m.gender, err);
	if (rc == CN_OK)
		rc = cn_parse_birth_year(form_value(f, F_BIRTH), &m.birth_year, err);
	if (rc != CN_OK)
		return rc;
	m.full_name = cn_strdup(form_value(f, F_NAME));
	m.phone = opt_dup(form_value(f, F_PHONE));
	m.id_number = opt_dup(form_value(f, F_IDNUM));
	m.position = opt_dup(form_value(f, F_POSITION));
	m.joined = opt_dup(form_value(f, F_JOINED));
	if (!m.joined && !m.id)
		m.joined = joined_today();
	m.left_on = opt_dup(form_value(f, F_LEFT));
	m.note = opt_dup(form_value(f, F_NOTE));
	if (m.id)
		m.updated_at = f->overwrite ? NULL : opt_dup(e->loaded.updated_at);
	rc = save_asking(e, &m, err);
	if (rc == CN_OK)
		e->saved = m.id;
	cn_member_clear(&m);
	return rc;
}

static int reload(struct form *f, cn_error *err)
{
	struct member_edit *e = f->ctx;
	long long id = e->loaded.id;
	cn_member_clear(&e->loaded);
	int rc = cn_member_get(e->db, id, &e->loaded, err);
	if (rc == CN_OK)
		fill(f, &e->loaded);
	f->overwrite = false;
	return rc;
}

long long edit_member(cn_db *db, long long id, long long team_id)
{
	struct member_edit e = {.db = db, .team_id = team_id};
	cn_error err = {0};
	if (id && cn_member_get(db, id, &e.loaded, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return 0;
	}
	if (id)
		e.team_id = e.loaded.team_id;
	struct form f = {.title = id ? "Sửa thành viên" : "Thêm thành viên", .save = save,
			 .reload = id ? reload : NULL, .ctx = &e};
	form_add(&f, (struct form_field){"full_name", "Họ và tên", FORM_TEXT, true, 100, NULL,
		 "Họ và tên đầy đủ, có dấu"}, NULL);
	form_add(&f, (struct form_field){"role", "Vai trò", FORM_CHOICE, true, 20, NULL, NULL}, NULL);
	form_add(&f, (struct form_field){"gender", "Giới tính", FORM_CHOICE, false, 20, NULL, NULL}, NULL);
	form_add(&f, (struct form_field){"birth_year", "Năm sinh", FORM_TEXT, false, 4, form_check_birth_year,
		 "Năm sinh, ví dụ 1985"}, NULL);
	form_add(&f, (struct form_field){"phone", "Số điện thoại", FORM_TEXT, false, 20, form_check_phone,
		 "10 chữ số bắt đầu bằng 0, ví dụ 0912345678"}, NULL);
	form_add(&f, (struct form_field){"id_number", "Số CCCD", FORM_TEXT, false, 12, form_check_id_number,
		 "Số căn cước công dân: 12 chữ số"}, NULL);
	form_add(&f, (struct form_field){"position", "Chức vụ/đoàn thể", FORM_SUGGEST, false, 100, NULL, NULL},
		 NULL);
	form_add(&f, (struct form_field){"joined", "Ngày vào tổ", FORM_DATE, false, 10, NULL,
		 id ? "dd/mm/yyyy; để trống khi không rõ" : "dd/mm/yyyy; để trống: hôm nay (ngày thêm vào)"}, NULL);
	form_add(&f, (struct form_field){"left_on", "Ngày rời tổ", FORM_DATE, false, 10, NULL,
		 "Chỉ ghi khi người này đã rời tổ (dd/mm/yyyy)"}, NULL);
	form_add(&f, (struct form_field){"note", "Ghi chú", FORM_TEXT, false, 1000, NULL, NULL}, NULL);
	f.choices[F_ROLE] = roles;
	f.choices[F_GENDER] = genders;
	f.choices[F_POSITION] = cn_member_positions;
	if (id) {
		fill(&f, &e.loaded);
	} else {
		form_set(&f, F_ROLE, roles[2]);
		form_set(&f, F_GENDER, genders[0]);
	}
	bool saved = form_run(&f);
	if (saved && e.moved)
		ui_message(S_INFO, "Đã chuyển hồ sơ có số CCCD %s sang tổ này (giữ lịch sử; sửa thêm: F4; hoàn tác: u).",
			   form_value(&f, F_IDNUM));
	else if (saved)
		ui_message(S_INFO, "Đã lưu thành viên %s.", form_value(&f, F_NAME));
	form_free(&f);
	cn_member_clear(&e.loaded);
	return saved ? e.saved : 0;
}

struct leave_ctx {
	cn_db *db;
	long long id;
};

static int save_leave(struct form *f, cn_error *err)
{
	struct leave_ctx *c = f->ctx;
	int rc = cn_member_leave(c->db, c->id, form_value(f, 0), err);
	if (rc != CN_OK && err && !err->field)
		err->field = "date";
	return rc;
}

bool remove_member(cn_db *db, long long id)
{
	cn_member m = {0};
	cn_error err = {0};
	if (cn_member_get(db, id, &m, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return false;
	}
	bool changed = false;
	int choice = 1; /* erase */
	if (!m.left_on) {
		static const char *const labels[] = {"Rời tổ", "Xóa hẳn", "Thôi"};
		char *text = cn_sprintf("%s thôi tham gia tổ?\n\n"
					"Rời tổ: vẫn giữ trong danh sách, ghi ngày rời tổ (nên chọn).\n"
					"Xóa hẳn: xóa khỏi cơ sở dữ liệu (hoàn tác được bằng phím u ngay sau đó).",
					m.full_name);
		choice = dialog_choose("Thành viên rời tổ", text, labels, 3, 0, 2);
		free(text);
	} else {
		char *text = cn_sprintf("%s đã rời tổ. Xóa hẳn khỏi cơ sở dữ liệu?", m.full_name);
		choice = dialog_confirm("Xóa thành viên", text, "Xóa hẳn", "Thôi") ? 1 : 2;
		free(text);
	}
	if (choice == 0) {
		char today[CN_DATE_LEN], shown[CN_DATE_LEN];
		cn_date_today(today);
		cn_date_display(today, shown);
		struct leave_ctx c = {db, id};
		struct form f = {.title = "Ngày rời tổ", .save = save_leave, .ctx = &c};
		form_add(&f, (struct form_field){"date", "Ngày rời tổ", FORM_DATE, true, 10, NULL, NULL}, shown);
		changed = form_run(&f);
		if (changed)
			ui_message(S_INFO, "%s đã rời tổ từ %s.", m.full_name, form_value(&f, 0));
		form_free(&f);
	} else if (choice == 1) {
		cn_dependents d = {0};
		cn_member_dependents(db, id, &d, NULL);
		char *with = cn_dependents_text(&d);
		char *text = cn_sprintf("Xóa hẳn %s khỏi cơ sở dữ liệu%s%s?\n\nCó thể hoàn tác ngay sau đó bằng phím u "
					"(Hoàn tác).", m.full_name, *with ? ", cùng " : "", with);
		free(with);
		if (dialog_confirm("Xác nhận xóa hẳn", text, "Xóa hẳn", "Không")) {
			if (cn_member_delete(db, id, &err) == CN_OK) {
				ui_message(S_INFO, "Đã xóa %s.", m.full_name);
				changed = true;
			} else {
				ui_message(S_ERROR, "%s", err.msg);
			}
		}
		free(text);
	}
	cn_member_clear(&m);
	return changed;
}
