/* Check-in of one session, for a queue of people at the door: the trainer
 * types a few letters of a name (no diacritics) or the last digits of a
 * phone; the list narrows with each key (one query, one screen update);
 * Enter marks the highlighted person present and clears the line for the
 * next one. A walk-in is added without leaving the screen, and the last
 * check-in can be undone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnscd/os.h"
#include "cnscd/text.h"
#include "cnscd/training.h"
#include "cnscd/validate.h"
#include "formview.h"
#include "keys.h"
#include "lineinput.h"
#include "rowpage.h"
#include "screen.h"
#include "table.h"
#include "trainings.h"
#include "ui.h"

#define INPUT_LABEL "Tên hoặc số ĐT:"

struct person {
	long long id;
	char *name, *position, *unit, *phone, *arrived;
	int status;
	bool guest;
};

/* The last check-in, for undo: the row and what it was before. */
struct last_checkin {
	long long id;
	int before;
	bool walk_in; /* added here: undo removes it */
	char *name;
};

struct checkin {
	struct screen screen;
	cn_db *db;
	long long training_id;
	struct line_input query;
	struct row_page page; /* its count: the matches of the query */
	int invited, present;
	struct last_checkin last;
	bool queried; /* the first query waits for the table's height */
	struct table table;
};

static const struct table_col cols[] = {
	{"", 1, ALIGN_LEFT, -1},
	{"Họ và tên", 0, ALIGN_LEFT, -1},
	{"Chức vụ", 14, ALIGN_LEFT, -1},
	{"Đơn vị", 16, ALIGN_LEFT, -1},
	{"Điện thoại", 11, ALIGN_LEFT, -1},
	{"Tình trạng", 13, ALIGN_LEFT, -1},
};

/* "2026-11-23T08:05:12.345Z" → local "15:05". */
static void local_time(const char *utc, char out[16])
{
	struct tm tm = {0};
	out[0] = '\0';
	if (!utc || sscanf(utc, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			   &tm.tm_min, &tm.tm_sec) != 6)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = cn_os_timegm(&tm);
	struct tm local;
	localtime_r(&t, &local);
	strftime(out, 16, "%H:%M", &local);
}

static int keep_person(const cn_attendee *a, void *ctx)
{
	struct row_page *page = ctx;
	struct person *p = row_page_add(page);
	if (!p)
		return 1;
	char arrived[16];
	local_time(a->checked_in_at, arrived);
	*p = (struct person){
		.id = a->id, .name = row_page_text(page, a->name), .position = row_page_text(page, a->position),
		.unit = row_page_text(page, a->unit), .phone = row_page_text(page, a->phone),
		.arrived = row_page_text(page, arrived), .status = a->status, .guest = a->member_id == 0};
	return 0;
}

/* One query: the matches from FIRST, as many as the screen shows, and
 * how many there are. */
static void find(struct row_page *p, long long first, int n)
{
	struct checkin *c = p->ctx;
	char *q = line_input_utf8(&c->query);
	cn_error err = {0};
	int total = cn_attendance_find(c->db, c->training_id, q, (int)first, n, keep_person, p, &err);
	free(q);
	if (total < 0) {
		ui_message(S_ERROR, "%s", err.msg);
		total = 0;
	}
	p->count = total;
}

static const struct person *person_at(struct checkin *c, long long index)
{
	return row_page_at(&c->page, index);
}

static void draw_row(void *ctx, struct table *t, int y, const void *row, bool selected)
{
	(void)ctx;
	const struct person *p = row;
	bool present = p->status == CN_ATT_PRESENT;
	attr_t a = table_row(t, y, selected, present ? ui_attr(S_INACTIVE) : A_NORMAL);
	char status[48];
	if (present)
		snprintf(status, sizeof status, "có mặt %s", p->arrived);
	else
		snprintf(status, sizeof status, "%s", p->status == CN_ATT_INVITED ? "chờ" : cn_attendance_status_name(p->status));
	table_cell(t, y, 0, present ? "✓" : " ", a | A_BOLD);
	char *name = p->guest ? cn_sprintf("%s (ngoài DS)", p->name) : NULL;
	table_cell(t, y, 1, name ? name : p->name, a | (present || selected ? 0 : A_BOLD));
	free(name);
	table_cell(t, y, 2, p->position, a);
	table_cell(t, y, 3, p->unit, a);
	table_cell(t, y, 4, p->phone, a);
	table_cell(t, y, 5, status, a);
}

static void recount(struct checkin *c)
{
	cn_error err = {0};
	if (cn_attendance_counts(c->db, c->training_id, &c->invited, &c->present, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
}

/* After each key: the matches from the top, the cursor on the first. */
static void run_query(struct checkin *c)
{
	row_page_read(&c->page, 0, table_rows(&c->table) > 0 ? table_rows(&c->table) : 1);
	c->table.top = c->table.cursor = 0;
	table_invalidate(&c->table);
}

static void set_info(struct checkin *c)
{
	char line[256];
	int n = snprintf(line, sizeof line, "Có mặt %d/%d", c->present, c->invited);
	if (c->last.id)
		snprintf(line + n, sizeof line - (size_t)n, " · F9: hoàn tác «%s»", c->last.name);
	ui_set_info(line);
}

static void draw_input(struct checkin *c)
{
	WINDOW *win = c->screen.win;
	int w = getmaxx(win);
	int lw = cn_text_width(INPUT_LABEL) + 1;
	char figures[48];
	snprintf(figures, sizeof figures, "Có mặt %d/%d", c->present, c->invited);
	int fw = cn_text_width(figures);
	ui_put(win, 1, 1, lw, INPUT_LABEL, A_BOLD, ALIGN_LEFT);
	char *q = line_input_utf8(&c->query);
	int field_w = w - lw - fw - 5;
	ui_put(win, 1, 1 + lw, field_w, q, ui_attr(S_FIELD), ALIGN_LEFT);
	free(q);
	ui_put(win, 1, w - fw - 2, fw + 2, figures, A_BOLD | A_REVERSE, ALIGN_CENTER);
	char status[160];
	if (c->invited == 0)
		snprintf(status, sizeof status, "Danh sách còn trống: F6 mời các tổ, hoặc F7 thêm từng người.");
	else if (c->query.len == 0)
		snprintf(status, sizeof status, "Gõ vài chữ của tên (không cần dấu) hoặc mấy số cuối điện thoại, rồi Enter.");
	else if (c->page.count == 0)
		snprintf(status, sizeof status, "Không có trong danh sách. F7: thêm người này (ngoài danh sách).");
	else
		snprintf(status, sizeof status, "%lld người khớp. Enter: ghi có mặt người đang chọn.", c->page.count);
	ui_put(win, 2, 1, w - 2, status, c->query.len && c->page.count == 0 ? ui_attr(S_WARN) : A_NORMAL, ALIGN_LEFT);
	int cx = 1 + lw + line_input_cursor_x(&c->query);
	wmove(win, 1, cx < w - 1 ? cx : w - 1);
}

/* The input line sets the cursor: drawn last. */
static void draw(struct screen *s)
{
	struct checkin *c = (struct checkin *)s;
	set_info(c);
	draw_input(c);
}

static void remember(struct checkin *c, long long id, int before, bool walk_in, const char *name)
{
	free(c->last.name);
	c->last = (struct last_checkin){.id = id, .before = before, .walk_in = walk_in, .name = cn_strdup(name)};
}

static void check_in(struct checkin *c)
{
	const struct person *p = c->page.count ? person_at(c, c->table.cursor) : NULL;
	if (!p) {
		if (c->query.len)
			ui_message(S_ERROR, "Không có ai khớp. F7 (hoặc Ctrl-N): thêm người ngoài danh sách.");
		return;
	}
	if (p->status == CN_ATT_PRESENT) {
		ui_message(S_INFO, "%s đã có mặt từ %s.", p->name, p->arrived);
		line_input_clear(&c->query);
		run_query(c);
		return;
	}
	cn_error err = {0};
	if (cn_attendance_set_status(c->db, p->id, CN_ATT_PRESENT, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return;
	}
	remember(c, p->id, p->status, false, p->name);
	ui_message(S_INFO, "✓ %s: có mặt.", p->name);
	recount(c);
	line_input_clear(&c->query);
	run_query(c);
}

enum { W_NAME, W_POSITION, W_UNIT, W_PHONE };

struct walk_in {
	struct checkin *c;
	long long id;
};

static int save_walk_in(struct form *f, cn_error *err)
{
	struct walk_in *w = f->ctx;
	return cn_attendance_add_guest(w->c->db, w->c->training_id, form_value(f, W_NAME), form_value(f, W_POSITION),
				       form_value(f, W_UNIT), form_value(f, W_PHONE), CN_ATT_PRESENT, &w->id, err);
}

/* A person not on the list, checked in at once. The name starts as what
 * was typed, unless that was phone digits. */
static void add_walk_in(struct checkin *c)
{
	struct walk_in w = {.c = c};
	char *typed = line_input_utf8(&c->query);
	bool digits = typed[0] && strspn(typed, "0123456789 ") == strlen(typed);
	struct form f = {.title = "Người ngoài danh sách — ghi có mặt", .save = save_walk_in, .ctx = &w};
	form_add(&f, (struct form_field){"full_name", "Họ tên", FORM_TEXT, true, 100, NULL, NULL}, digits ? NULL : typed);
	form_add(&f, (struct form_field){"position", "Chức vụ", FORM_TEXT, false, 100, NULL, NULL}, NULL);
	form_add(&f, (struct form_field){"unit", "Đơn vị", FORM_TEXT, false, 150, NULL, NULL}, NULL);
	form_add(&f, (struct form_field){"phone", "Điện thoại", FORM_TEXT, false, 20, form_check_phone, NULL},
		 digits ? typed : NULL);
	free(typed);
	if (form_run(&f)) {
		remember(c, w.id, CN_ATT_INVITED, true, f.values[W_NAME]);
		ui_message(S_INFO, "✓ %s: đã thêm, có mặt.", f.values[W_NAME]);
		recount(c);
		line_input_clear(&c->query);
		run_query(c);
	}
	form_free(&f);
}

static void undo(struct checkin *c)
{
	if (!c->last.id) {
		ui_message(S_INFO, "Chưa có lần điểm danh nào để hoàn tác.");
		return;
	}
	cn_error err = {0};
	int rc = c->last.walk_in ? cn_attendance_remove(c->db, c->last.id, &err)
				 : cn_attendance_set_status(c->db, c->last.id, c->last.before, &err);
	if (rc != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return;
	}
	ui_message(S_INFO, c->last.walk_in ? "Đã hoàn tác: bỏ %s khỏi danh sách." : "Đã hoàn tác: %s chưa điểm danh.",
		   c->last.name);
	remember(c, 0, 0, false, "");
	recount(c);
	run_query(c);
}

static int key(struct screen *s, int action, int key)
{
	struct checkin *c = (struct checkin *)s;
	switch (action) {
	case ACT_OPEN: check_in(c); return SCREEN_CHANGED;
	case ACT_NEW: add_walk_in(c); return SCREEN_CHANGED;
	case ACT_UNDO_CHECKIN: undo(c); return SCREEN_CHANGED;
	case ACT_INVITE:
		if (!invite_training(c->db, c->training_id))
			return SCREEN_HANDLED;
		recount(c);
		run_query(c);
		return SCREEN_CHANGED;
	case ACT_CANCEL:
		/* Esc first clears what was typed, so a wrong start costs one key. */
		if (!c->query.len)
			return SCREEN_CLOSE;
		line_input_clear(&c->query);
		run_query(c);
		return SCREEN_HANDLED;
	default:
		if (!line_input_edit(&c->query, action, key))
			return SCREEN_IGNORED;
		run_query(c);
		return SCREEN_HANDLED;
	}
}

static void layout(struct screen *s)
{
	struct checkin *c = (struct checkin *)s;
	if (!c->queried)
		run_query(c);
	c->queried = true;
}

static void done(struct screen *s)
{
	struct checkin *c = (struct checkin *)s;
	row_page_free(&c->page);
	free(c->last.name);
	free(c);
}

static const struct screen_ops checkin_ops = {
	.name = "Điểm danh", .keyctx = CTX_CHECKIN, .cursor = true,
	.key = key, .draw = draw, .done = done, .layout = layout,
};

struct screen *checkin_new(cn_db *db, long long id)
{
	cn_training t = {0};
	cn_error err = {0};
	if (cn_training_get(db, id, &t, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return NULL;
	}
	struct checkin *c = cn_calloc(1, sizeof *c);
	c->screen = (struct screen){.ops = &checkin_ops, .table = &c->table, .table_y = 3};
	char date[CN_DATE_LEN];
	cn_date_display(t.start_date, date);
	screen_title(&c->screen, "Điểm danh · %s (%s)", t.title, date);
	cn_training_clear(&t);
	c->db = db;
	c->training_id = id;
	c->page = (struct row_page){.row_size = sizeof(struct person), .read = find, .draw_row = draw_row, .ctx = c};
	c->table = (struct table){.cols = cols, .ncols = (int)CN_ARRAY_LEN(cols), .header = true};
	row_page_bind(&c->page, &c->table);
	recount(c);
	return &c->screen;
}
