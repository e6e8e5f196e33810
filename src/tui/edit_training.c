/* The session form, deleting a session, and inviting people to it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/attendance.h"
#include "cnscd/text.h"
#include "cnscd/training.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "dialog.h"
#include "formview.h"
#include "keys.h"
#include "trainings.h"
#include "ui.h"

#define MAX_TOPICS 64
#define MAX_TEAMS 500

enum { F_TITLE, F_START, F_END, F_FORMAT, F_TOPICS, F_LOCATION, F_ORGANISER, F_TRAINERS, F_PLANNED, F_NOTE };

static const char *const formats[] = {"Trực tiếp", "Trực tuyến", "Kết hợp", NULL};

struct training_edit {
	cn_db *db;
	cn_training loaded;
	long long unit_id;
	long long saved;
};

static char *opt_dup(const char *s)
{
	return s && *s ? cn_strdup(s) : NULL;
}

static int check_planned(const char *value, cn_error *err)
{
	if (cn_str_empty(value))
		return CN_OK;
	char *end;
	long n = strtol(value, &end, 10);
	if (*end || n < 0 || n > 100000)
		return cn_fail_field(err, "planned", CN_EINVAL,
				     "Số người dự kiến «%s» không hợp lệ: gõ một số, ví dụ 60", value);
	return CN_OK;
}

static void fill(struct form *f, const cn_training *t)
{
	char date[CN_DATE_LEN], planned[16];
	form_set(f, F_TITLE, t->title);
	cn_date_display(t->start_date, date);
	form_set(f, F_START, date);
	cn_date_display(t->end_date, date);
	form_set(f, F_END, date);
	form_set(f, F_FORMAT, cn_training_format_name(t->format ? t->format : CN_FORMAT_IN_PERSON));
	form_set(f, F_TOPICS, t->topics);
	form_set(f, F_LOCATION, t->location);
	form_set(f, F_ORGANISER, t->organiser);
	form_set(f, F_TRAINERS, t->trainers);
	snprintf(planned, sizeof planned, t->planned ? "%d" : "", t->planned);
	form_set(f, F_PLANNED, planned);
	form_set(f, F_NOTE, t->note);
}

static int save(struct form *f, cn_error *err)
{
	struct training_edit *e = f->ctx;
	cn_training t = {.id = e->loaded.id, .unit_id = e->unit_id};
	int rc = cn_parse_training_format(form_value(f, F_FORMAT), &t.format, err);
	if (rc != CN_OK)
		return rc;
	t.planned = atoi(form_value(f, F_PLANNED));
	t.title = opt_dup(form_value(f, F_TITLE));
	t.start_date = opt_dup(form_value(f, F_START));
	t.end_date = opt_dup(form_value(f, F_END));
	t.topics = opt_dup(form_value(f, F_TOPICS));
	t.location = opt_dup(form_value(f, F_LOCATION));
	t.organiser = opt_dup(form_value(f, F_ORGANISER));
	t.trainers = opt_dup(form_value(f, F_TRAINERS));
	t.note = opt_dup(form_value(f, F_NOTE));
	if (t.id) {
		t.updated_at = f->overwrite ? NULL : opt_dup(e->loaded.updated_at);
		rc = cn_training_update(e->db, &t, err);
	} else {
		rc = cn_training_add(e->db, &t, err);
	}
	if (rc == CN_OK)
		e->saved = t.id;
	cn_training_clear(&t);
	return rc;
}

static int reload(struct form *f, cn_error *err)
{
	struct training_edit *e = f->ctx;
	long long id = e->loaded.id;
	cn_training_clear(&e->loaded);
	int rc = cn_training_get(e->db, id, &e->loaded, err);
	if (rc == CN_OK)
		fill(f, &e->loaded);
	f->overwrite = false;
	return rc;
}

struct topics {
	char *names[MAX_TOPICS + 1];
	int n;
};

static int keep_topic(long long id, const char *name, void *ctx)
{
	(void)id;
	struct topics *t = ctx;
	if (t->n >= MAX_TOPICS)
		return 1;
	t->names[t->n++] = cn_strdup(name);
	return 0;
}

static void add_fields(struct form *f, const char *const *topics)
{
	form_add(f, (struct form_field){"title", "Tên lớp", FORM_TEXT, true, 200, NULL,
		 "Ví dụ: Tập huấn kỹ năng số cho Tổ CNSCĐ"}, NULL);
	form_add(f, (struct form_field){"start_date", "Ngày bắt đầu", FORM_DATE, true, 10, NULL, NULL}, NULL);
	form_add(f, (struct form_field){"end_date", "Ngày kết thúc", FORM_DATE, false, 10, NULL,
		 "Để trống nếu lớp học trong một ngày"}, NULL);
	int format = form_add(f, (struct form_field){"format", "Hình thức", FORM_CHOICE, false, 20, NULL, NULL},
			      formats[0]);
	f->choices[format] = formats;
	int topic = form_add(f, (struct form_field){"topics", "Chủ đề", FORM_MULTI, false, 500, NULL, NULL}, NULL);
	f->choices[topic] = topics;
	form_add(f, (struct form_field){"location", "Địa điểm", FORM_TEXT, false, 200, NULL, NULL}, NULL);
	form_add(f, (struct form_field){"organiser", "Đơn vị tổ chức", FORM_TEXT, false, 200, NULL, NULL}, NULL);
	form_add(f, (struct form_field){"trainers", "Giảng viên", FORM_TEXT, false, 300, NULL, NULL}, NULL);
	form_add(f, (struct form_field){"planned", "Số người dự kiến", FORM_TEXT, false, 6, check_planned,
		 "Số học viên dự kiến; để trống nếu chưa có"}, NULL);
	form_add(f, (struct form_field){"note", "Ghi chú", FORM_TEXT, false, 1000, NULL, NULL}, NULL);
}

long long edit_training(cn_db *db, long long id, long long unit_id)
{
	struct training_edit e = {.db = db, .unit_id = unit_id};
	cn_error err = {0};
	if (id && cn_training_get(db, id, &e.loaded, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return 0;
	}
	if (id)
		e.unit_id = e.loaded.unit_id;
	struct topics topics = {0};
	cn_topic_list(db, keep_topic, &topics, NULL);
	cn_unit u = {0};
	cn_unit_get(db, e.unit_id, &u, NULL);
	char *title = cn_sprintf("%s — %s", id ? "Sửa lớp tập huấn" : "Thêm lớp tập huấn", u.name ? u.name : "");
	cn_unit_clear(&u);
	struct form f = {.title = title, .save = save, .reload = id ? reload : NULL, .ctx = &e};
	add_fields(&f, (const char *const *)topics.names);
	if (id) {
		fill(&f, &e.loaded);
	} else {
		/* Most sessions are entered on their day. */
		char today[CN_DATE_LEN], shown[CN_DATE_LEN];
		cn_date_today(today);
		cn_date_display(today, shown);
		form_set(&f, F_START, shown);
	}
	bool saved = form_run(&f);
	if (saved)
		ui_message(S_INFO, "Đã lưu lớp tập huấn.");
	form_free(&f);
	free(title);
	for (int i = 0; i < topics.n; i++)
		free(topics.names[i]);
	cn_training_clear(&e.loaded);
	return saved ? e.saved : 0;
}

bool remove_training(cn_db *db, long long id)
{
	cn_training t = {0};
	cn_error err = {0};
	char *with = NULL;
	if (cn_training_get(db, id, &t, &err) != CN_OK || !(with = cn_training_delete_what(db, id, &err))) {
		ui_message(S_ERROR, "%s", err.msg);
		cn_training_clear(&t);
		return false;
	}
	char *text = cn_sprintf("Xóa lớp «%s»%s%s?%s\n\nCó thể hoàn tác ngay sau đó bằng phím %s (Hoàn tác).", t.title,
				*with ? " cùng " : "", with, *with ? "" : " Lớp chưa có ai trong danh sách.",
				keys_short(CTX_TRAININGS, ACT_UNDO));
	free(with);
	bool changed = false;
	if (dialog_confirm("Xóa lớp tập huấn", text, "Xóa", "Không")) {
		if (cn_training_delete(db, id, &err) == CN_OK) {
			ui_message(S_INFO, "Đã xóa lớp «%s» (hoàn tác: %s).", t.title, keys_short(CTX_TRAININGS, ACT_UNDO));
			changed = true;
		} else {
			ui_message(S_ERROR, "%s", err.msg);
		}
	}
	free(text);
	cn_training_clear(&t);
	return changed;
}

struct teams {
	long long ids[MAX_TEAMS];
	char *labels[MAX_TEAMS + 1];
	int n;
	bool more;
};

static int keep_team(long long team_id, const char *team, const char *unit, void *ctx)
{
	struct teams *t = ctx;
	if (t->n >= MAX_TEAMS) {
		t->more = true;
		return 1;
	}
	t->ids[t->n] = team_id;
	t->labels[t->n++] = strstr(team, unit) ? cn_strdup(team) : cn_sprintf("%s — %s", team, unit);
	return 0;
}

/* The team picked among the active teams above UNIT_ID, of it and of its
 * subtree, or 0. */
static long long pick_team(cn_db *db, long long unit_id)
{
	struct teams *t = cn_calloc(1, sizeof *t);
	cn_error err = {0};
	long long picked = 0;
	if (cn_training_teams(db, unit_id, keep_team, t, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
	} else if (t->n == 0) {
		ui_message(S_ERROR, "Đơn vị của lớp, cấp dưới và cấp trên chưa có tổ nào đang hoạt động.");
	} else {
		if (t->more)
			ui_message(S_INFO, "Chỉ hiện %d tổ đầu tiên; dùng «Tất cả tổ» cho cả đơn vị.", MAX_TEAMS);
		int i = choice_run("Mời tổ nào?", (const char *const *)t->labels, 0, 3, 4);
		picked = i >= 0 ? t->ids[i] : 0;
	}
	for (int i = 0; i < t->n; i++)
		free(t->labels[i]);
	free(t);
	return picked;
}

bool invite_training(cn_db *db, long long id)
{
	static const char *const labels[] = {"Một tổ", "Tất cả tổ", "Người chưa tập huấn", "Đóng"};
	cn_training t = {0};
	cn_error err = {0};
	if (cn_training_get(db, id, &t, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return false;
	}
	char *text = cn_sprintf("Mời vào lớp «%s»:\n\nMột tổ: các thành viên của một tổ được chọn.\n"
				"Tất cả tổ: thành viên của mọi tổ thuộc đơn vị của lớp, các đơn vị cấp dưới và "
				"tổ của cấp trên (huyện, tỉnh).\n"
				"Người chưa tập huấn: chỉ những người chưa dự lớp nào.\n\n"
				"Người đã có trong danh sách được giữ nguyên.", t.title);
	int c = dialog_choose("Mời tham dự", text, labels, 4, 0, 3);
	free(text);
	int added = 0, rc = CN_OK;
	bool asked = true;
	if (c == 0) {
		long long team = pick_team(db, t.unit_id);
		if (team)
			rc = cn_attendance_invite_team(db, id, team, &added, &err);
		else
			asked = false;
	} else if (c == 1 || c == 2) {
		rc = cn_attendance_invite_unit(db, id, t.unit_id, c == 2, &added, &err);
	} else {
		asked = false;
	}
	cn_training_clear(&t);
	if (rc != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return false;
	}
	if (asked)
	{
		if (added)
			ui_message(S_INFO, "Đã mời thêm %d người.", added);
		else
			ui_message(S_INFO, "Không có ai mới để mời: mọi người đã có trong danh sách.");
	}
	return added > 0;
}
