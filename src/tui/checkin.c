/* Check-in of one session, for a queue of people at the door: the trainer
 * types a few letters of a name (no diacritics) or the last digits of a
 * phone; the list narrows with each key (one query, one screen update);
 * Enter marks the highlighted person present and clears the line for the
 * next one. Past the session's own list come the members of the whole
 * database who match ("chưa mời"): Enter invites and checks them in.
 *
 * Mistakes are put right here: Ctrl-T, Ctrl-K and Ctrl-P (keys.c) set the
 * person under the cursor present, absent or excused; Ctrl-Z undoes the
 * session's changes one by one, newest first, from the change log (so also
 * after the screen was left); Enter on an empty line does nothing, so a
 * double Enter in a queue marks nobody. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin.h"
#include "cnscd/attendance.h"
#include "cnscd/attendance_undo.h"
#include "cnscd/audit.h"
#include "cnscd/text.h"
#include "cnscd/training.h"
#include "cnscd/validate.h"
#include "edit.h"
#include "keys.h"
#include "lineinput.h"
#include "results_screens.h"
#include "rowpage.h"
#include "screen.h"
#include "table.h"
#include "trainings.h"
#include "ui.h"

#define INPUT_LABEL "Tên hoặc số ĐT:"
/* Members not on the list shown past it: enough to find one by name. */
#define CANDIDATE_MAX 50

struct person {
	long long id;        /* the attendance row; 0 for a member not on the list */
	long long member_id; /* 0 for a guest */
	char *name, *position, *unit, *phone, *arrived, *team;
	int status;
	bool candidate; /* not on the list ("chưa mời") */
};

/* A member not on the list found for the text typed: kept while the text
 * stays (a status set, scrolling), so that the search of the whole
 * database runs once per text, not once per page. */
struct unlisted {
	long long member_id;
	char *name, *position, *unit, *phone, *team;
};

struct checkin {
	struct screen screen;
	cn_db *db;
	long long training_id;
	cn_attendance_index *list; /* the session's list, filtered on each key */
	struct line_input query;
	struct row_page page; /* its count: the matches on the list, then the others */
	long long listed;     /* matches on the list */
	long long unlisted;   /* members not on the list who match (at most CANDIDATE_MAX) */
	struct unlisted found[CANDIDATE_MAX];
	int nfound;
	char *found_for;      /* the text they were found for; NULL: to search again */
	cn_attendance_tally tally;
	char *undo_hint;      /* whose change Ctrl-Z undoes, or NULL */
	bool queried;         /* the first query waits for the table's height */
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
	char when[CN_AUDIT_TIME_LEN];
	out[0] = '\0';
	if (!utc || !*utc)
		return;
	cn_audit_time_display(utc, when);
	snprintf(out, 16, "%s", strlen(when) >= 16 ? when + 11 : "");
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
		.id = a->id, .member_id = a->member_id, .name = row_page_text(page, a->name),
		.position = row_page_text(page, a->position), .unit = row_page_text(page, a->unit),
		.phone = row_page_text(page, a->phone), .arrived = row_page_text(page, arrived),
		.team = row_page_text(page, ""), .status = a->status};
	return 0;
}

static void forget_found(struct checkin *c)
{
	for (int i = 0; i < c->nfound; i++) {
		struct unlisted *u = &c->found[i];
		free(u->name);
		free(u->position);
		free(u->unit);
		free(u->phone);
		free(u->team);
	}
	c->nfound = 0;
	free(c->found_for);
	c->found_for = NULL;
}

static int keep_found(const cn_candidate *m, void *ctx)
{
	struct checkin *c = ctx;
	if (c->nfound >= CANDIDATE_MAX)
		return 1;
	char *unit = *m->commune ? cn_sprintf("%s, %s", m->unit, m->commune) : cn_strdup(m->unit);
	/* "Tổ CNSCĐ Ấp 1, Xã Vĩnh Mỹ B": the team, and where when its name
	 * does not say it. */
	char *team = strstr(m->team, m->unit) ? (*m->commune ? cn_sprintf("%s, %s", m->team, m->commune)
							     : cn_strdup(m->team))
					      : cn_sprintf("%s — %s", m->team, unit);
	c->found[c->nfound++] = (struct unlisted){.member_id = m->member_id, .name = cn_strdup(m->name),
						  .position = cn_strdup(m->position), .unit = unit,
						  .phone = cn_strdup(m->phone), .team = team};
	return 0;
}

/* The members not on the list who match Q, searched again only for a new
 * text or after a change that may have put one of them on it. */
static int find_unlisted(struct checkin *c, const char *q, cn_error *err)
{
	if (c->found_for && strcmp(c->found_for, q) == 0)
		return c->nfound;
	forget_found(c);
	int rc = cn_attendance_candidates(c->db, c->training_id, q, CANDIDATE_MAX, keep_found, c, err);
	if (rc < 0) {
		forget_found(c);
		return rc;
	}
	c->found_for = cn_strdup(q);
	return c->nfound;
}

/* Rows [FIRST, FIRST + ROOM) of those members, after the list. */
static void add_unlisted(struct checkin *c, struct row_page *page, long long first, int room)
{
	for (long long i = first; i < c->nfound && room > 0; i++, room--) {
		const struct unlisted *u = &c->found[i];
		struct person *p = row_page_add(page);
		if (!p)
			return;
		*p = (struct person){
			.member_id = u->member_id, .name = row_page_text(page, u->name),
			.position = row_page_text(page, u->position), .unit = row_page_text(page, u->unit),
			.phone = row_page_text(page, u->phone), .arrived = row_page_text(page, ""),
			.team = row_page_text(page, u->team), .candidate = true};
	}
}

/* One query: the matches on the list from FIRST, as many as the screen
 * shows, then the members not on it; and how many there are. */
static void find(struct row_page *p, long long first, int n)
{
	struct checkin *c = p->ctx;
	char *q = line_input_utf8(&c->query);
	cn_error err = {0};
	int total = cn_attendance_index_find(c->list, q, (int)first, n, keep_person, p, &err);
	cn_attendance_index_tally(c->list, &c->tally); /* another computer may have written */
	int others = 0;
	if (total >= 0 && !cn_str_empty(q)) {
		others = find_unlisted(c, q, &err);
		if (others > 0)
			add_unlisted(c, p, first > total ? first - total : 0, n - p->n);
	}
	free(q);
	if (total < 0 || others < 0) {
		ui_message(S_ERROR, "%s", err.msg);
		total = total < 0 ? 0 : total;
		others = 0;
	}
	c->listed = total;
	c->unlisted = others;
	p->count = total + others;
}

static const struct person *person_at(struct checkin *c, long long index)
{
	return c->page.count ? row_page_at(&c->page, index) : NULL;
}

static const char *status_word(int status)
{
	static const char *const words[] = {"chờ", "có mặt", "vắng", "vắng có phép"};
	return status >= CN_ATT_INVITED && status <= CN_ATT_EXCUSED ? words[status] : "";
}

static void draw_row(void *ctx, struct table *t, int y, const void *row, bool selected)
{
	(void)ctx;
	const struct person *p = row;
	bool present = p->status == CN_ATT_PRESENT && !p->candidate;
	attr_t a = table_row(t, y, selected, present ? ui_attr(S_INACTIVE) : A_NORMAL);
	char status[48];
	if (p->candidate)
		snprintf(status, sizeof status, "chưa mời");
	else if (present)
		snprintf(status, sizeof status, "có mặt %s", p->arrived);
	else
		snprintf(status, sizeof status, "%s", status_word(p->status));
	table_cell(t, y, 0, present ? "✓" : p->candidate ? "+" : " ", a | A_BOLD);
	char *name = !p->member_id ? cn_sprintf("%s (ngoài DS)", p->name) : NULL;
	table_cell(t, y, 1, name ? name : p->name, a | (present || selected || p->candidate ? 0 : A_BOLD));
	free(name);
	table_cell(t, y, 2, p->position, a);
	table_cell(t, y, 3, p->unit, a);
	table_cell(t, y, 4, p->phone, a);
	table_cell(t, y, 5, status, a);
}

/* The counts of the list held, and what Ctrl-Z would undo: WHO when the
 * change was one person's here, else from the log. */
static void counts_and_undo(struct checkin *c, const char *who)
{
	cn_attendance_index_tally(c->list, &c->tally);
	free(c->undo_hint);
	c->undo_hint = who ? cn_strdup(who) : NULL;
	cn_attendance_change last;
	if (!who && cn_attendance_last_change(c->db, c->training_id, &last, NULL) == 1) {
		c->undo_hint = last.count > 1 ? cn_sprintf("%s và %lld người khác", last.name, last.count - 1)
					      : cn_strdup(last.name);
		cn_attendance_change_clear(&last);
	}
}

/* After a change: the list read again (and who is not on it), then as
 * above. */
static void recount(struct checkin *c, const char *who)
{
	cn_error err = {0};
	forget_found(c);
	if (cn_attendance_index_reload(c->list, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	counts_and_undo(c, who);
}

/* After one person's status was set here: the list held follows it (no
 * reading of the whole list), Ctrl-Z would undo it. */
static void status_set(struct checkin *c, long long id, int status, const char *who)
{
	if (!cn_attendance_index_set(c->list, id, status)) {
		recount(c, who);
		return;
	}
	counts_and_undo(c, who);
}

/* After each key: the matches from the top, the cursor on the first. */
static void run_query(struct checkin *c)
{
	row_page_read(&c->page, 0, table_rows(&c->table) > 0 ? table_rows(&c->table) : 1);
	c->table.top = c->table.cursor = 0;
	table_invalidate(&c->table);
}

/* After a change to a row: the same place in the list read again. */
static void reread(struct checkin *c)
{
	long long cursor = c->table.cursor, top = c->table.top;
	row_page_read(&c->page, top, table_rows(&c->table) > 0 ? table_rows(&c->table) : 1);
	if (cursor >= c->page.count)
		cursor = c->page.count > 0 ? c->page.count - 1 : 0;
	c->table.cursor = cursor;
	c->table.top = top <= cursor ? top : cursor;
	table_invalidate(&c->table);
}

static void set_info(struct checkin *c)
{
	const struct person *p = person_at(c, c->table.cursor);
	char *line;
	if (p && p->candidate)
		line = cn_sprintf("Chưa mời: %s — %s. Enter: mời và ghi có mặt.", p->name, p->team);
	else if (c->undo_hint)
		line = cn_sprintf("%s: hoàn tác thay đổi gần nhất (%s)", keys_short(CTX_CHECKIN, ACT_UNDO), c->undo_hint);
	else
		line = cn_strdup("");
	ui_set_info(line);
	free(line);
}

static void input_status(struct checkin *c, char *out, size_t size)
{
	if (c->query.len == 0 && c->tally.invited == 0)
		snprintf(out, size, "Danh sách còn trống: %s mời các tổ, %s thêm từng người, hoặc gõ tên để tìm.",
			 keys_short(CTX_CHECKIN, ACT_INVITE), keys_short(CTX_CHECKIN, ACT_NEW));
	else if (c->query.len == 0)
		snprintf(out, size, "Gõ vài chữ của tên (không cần dấu) hoặc mấy số cuối điện thoại, rồi Enter.");
	else if (c->listed > 0 && c->unlisted > 0)
		snprintf(out, size, "%lld người khớp. Enter: ghi có mặt người đang chọn. Dưới: %lld%s người chưa mời.",
			 c->listed, c->unlisted, c->unlisted >= CANDIDATE_MAX ? "+" : "");
	else if (c->listed > 0)
		snprintf(out, size, "%lld người khớp. Enter: ghi có mặt người đang chọn.", c->listed);
	else if (c->unlisted > 0)
		snprintf(out, size, "Không có trong danh sách; %lld%s thành viên chưa mời khớp: Enter mời và ghi có mặt.",
			 c->unlisted, c->unlisted >= CANDIDATE_MAX ? "+" : "");
	else
		snprintf(out, size, "Không có trong danh sách. %s: thêm người này (ngoài danh sách).",
			 keys_short(CTX_CHECKIN, ACT_NEW));
}

static void draw_input(struct checkin *c)
{
	WINDOW *win = c->screen.win;
	int w = getmaxx(win);
	int lw = cn_text_width(INPUT_LABEL) + 1;
	char figures[CN_TALLY_TEXT_LEN];
	cn_attendance_tally_text(&c->tally, false, figures);
	int fw = cn_text_width(figures);
	ui_put(win, 1, 1, lw, INPUT_LABEL, A_BOLD, ALIGN_LEFT);
	char *q = line_input_utf8(&c->query);
	int field_w = w - lw - fw - 5;
	ui_put(win, 1, 1 + lw, field_w, q, ui_attr(S_FIELD), ALIGN_LEFT);
	free(q);
	ui_put(win, 1, w - fw - 2, fw + 2, figures, A_BOLD | A_REVERSE, ALIGN_CENTER);
	char status[200];
	input_status(c, status, sizeof status);
	bool none = c->query.len && c->listed == 0;
	ui_put(win, 2, 1, w - 2, status, none ? ui_attr(S_WARN) : A_NORMAL, ALIGN_LEFT);
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

/* Sets the person under the cursor to STATUS (a member not on the list
 * is invited with it). Enter clears the line for the next in the queue;
 * the status keys keep the line and the place, so that a run of absent
 * people is marked one key each. */
static int mark(struct checkin *c, int status, bool next_in_queue)
{
	const struct person *p = person_at(c, c->table.cursor);
	if (!p) {
		if (c->query.len)
			ui_message(S_ERROR, "Không có ai khớp. %s: thêm người ngoài danh sách.",
				   keys_short(CTX_CHECKIN, ACT_NEW));
		else
			ui_message(S_ERROR, "Danh sách trống: không có ai để ghi.");
		return SCREEN_HANDLED;
	}
	if (!p->candidate && p->status == status) {
		if (status == CN_ATT_PRESENT)
			ui_message(S_INFO, "%s đã có mặt từ %s.", p->name, p->arrived);
		else
			ui_message(S_INFO, "%s đã được ghi «%s».", p->name, status_word(status));
		if (next_in_queue) {
			line_input_clear(&c->query);
			run_query(c);
		}
		return SCREEN_HANDLED;
	}
	char *name = cn_strdup(p->name), *where = cn_strdup(p->unit);
	bool invited = p->candidate;
	long long id = p->id;
	cn_error err = {0};
	int rc = invited ? cn_attendance_set_member(c->db, c->training_id, p->member_id, status, NULL, &err)
			 : cn_attendance_set_status(c->db, p->id, status, &err);
	if (rc != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	else if (invited)
		ui_message(S_INFO, "✓ %s (%s): đã mời, %s.", name, where, status_word(status));
	else
		ui_message(S_INFO, "%s %s: %s.", status == CN_ATT_PRESENT ? "✓" : "·", name, status_word(status));
	if (rc == CN_OK && invited)
		recount(c, name);
	else if (rc == CN_OK)
		status_set(c, id, status, name);
	free(name);
	free(where);
	if (rc != CN_OK)
		return SCREEN_HANDLED;
	if (next_in_queue) {
		line_input_clear(&c->query);
		run_query(c);
	} else {
		reread(c);
	}
	return SCREEN_CHANGED;
}

static int enter(struct checkin *c)
{
	if (c->query.len == 0) {
		ui_message(S_INFO, "Ô gõ trống nên Enter không ghi ai (%s: ghi có mặt người đang chọn).",
			   keys_short(CTX_CHECKIN, ACT_MARK_PRESENT));
		return SCREEN_HANDLED;
	}
	return mark(c, CN_ATT_PRESENT, true);
}

static int add_walk_in(struct checkin *c)
{
	char *typed = line_input_utf8(&c->query);
	long long id = checkin_add_walk_in(c->db, c->training_id, typed);
	free(typed);
	if (!id)
		return SCREEN_HANDLED;
	recount(c, NULL);
	line_input_clear(&c->query);
	run_query(c);
	return SCREEN_CHANGED;
}

/* "Nguyễn Thị Nhung: chưa điểm danh" and the like, for what undo did. */
static void say_undone(const cn_attendance_change *u)
{
	char more[64] = "";
	if (u->count > 1)
		snprintf(more, sizeof more, " (cùng %lld người khác)", u->count - 1);
	if (u->action == CN_AUDIT_INSERT)
		ui_message(S_INFO, "Đã hoàn tác: bỏ %s khỏi danh sách%s.", u->name, more);
	else if (u->action == CN_AUDIT_DELETE)
		ui_message(S_INFO, "Đã hoàn tác: %s trở lại danh sách%s.", u->name, more);
	else if (u->status_before == CN_ATT_INVITED)
		ui_message(S_INFO, "Đã hoàn tác: %s chưa điểm danh%s.", u->name, more);
	else if (u->status_before >= 0)
		ui_message(S_INFO, "Đã hoàn tác: %s trở lại «%s»%s.", u->name, status_word(u->status_before), more);
	else
		ui_message(S_INFO, "Đã hoàn tác: thông tin của %s như trước%s.", u->name, more);
}

static int undo(struct checkin *c)
{
	cn_attendance_change u;
	cn_error err = {0};
	int rc = cn_attendance_undo(c->db, c->training_id, &u, &err);
	if (rc != CN_OK) {
		ui_message(rc == CN_ENOTFOUND ? S_INFO : S_ERROR, "%s", err.msg);
		return SCREEN_HANDLED;
	}
	say_undone(&u);
	cn_attendance_change_clear(&u);
	recount(c, NULL);
	reread(c);
	return SCREEN_CHANGED;
}

static int edit(struct checkin *c)
{
	const struct person *p = person_at(c, c->table.cursor);
	if (!p)
		return SCREEN_HANDLED;
	bool saved = p->member_id ? edit_member(c->db, p->member_id, 0) != 0
				  : checkin_edit_guest(c->db, p->id, p->name, p->position, p->unit, p->phone);
	if (!saved)
		return SCREEN_HANDLED;
	recount(c, NULL);
	reread(c);
	return SCREEN_CHANGED;
}

static int remove_person(struct checkin *c)
{
	const struct person *p = person_at(c, c->table.cursor);
	if (!p || p->candidate) {
		if (p)
			ui_message(S_INFO, "%s chưa có trong danh sách.", p->name);
		return SCREEN_HANDLED;
	}
	char *name = cn_strdup(p->name);
	bool removed = checkin_remove(c->db, p->id, name);
	free(name);
	if (!removed)
		return SCREEN_HANDLED;
	recount(c, NULL);
	reread(c);
	return SCREEN_CHANGED;
}

static int key(struct screen *s, int action, int key)
{
	struct checkin *c = (struct checkin *)s;
	switch (action) {
	case ACT_OPEN: return enter(c);
	case ACT_MARK_PRESENT: return mark(c, CN_ATT_PRESENT, false);
	case ACT_MARK_ABSENT: return mark(c, CN_ATT_ABSENT, false);
	case ACT_MARK_EXCUSED: return mark(c, CN_ATT_EXCUSED, false);
	case ACT_NEW: return add_walk_in(c);
	case ACT_UNDO: return undo(c);
	case ACT_EDIT: return edit(c);
	case ACT_DELETE: return remove_person(c);
	case ACT_REPORT: screen_push(attendance_screen_new(c->db, c->training_id)); return SCREEN_HANDLED;
	case ACT_INVITE:
		if (!invite_training(c->db, c->training_id))
			return SCREEN_HANDLED;
		recount(c, NULL);
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

/* Back from a screen above (the list of the session, a member's form):
 * the counts and rows again. */
static void load(struct screen *s)
{
	struct checkin *c = (struct checkin *)s;
	recount(c, NULL);
	reread(c);
}

static void done(struct screen *s)
{
	struct checkin *c = (struct checkin *)s;
	row_page_free(&c->page);
	forget_found(c);
	cn_attendance_index_close(c->list);
	free(c->undo_hint);
	free(c);
}

static const struct screen_ops checkin_ops = {
	.name = "Điểm danh", .keyctx = CTX_CHECKIN, .cursor = true,
	.key = key, .draw = draw, .done = done, .layout = layout, .load = load,
};

struct screen *checkin_new(cn_db *db, long long id)
{
	cn_training t = {0};
	cn_error err = {0};
	if (cn_training_get(db, id, &t, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return NULL;
	}
	cn_attendance_index *list = cn_attendance_index_open(db, id, &err);
	if (!list) {
		ui_message(S_ERROR, "%s", err.msg);
		cn_training_clear(&t);
		return NULL;
	}
	struct checkin *c = cn_calloc(1, sizeof *c);
	c->list = list;
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
	counts_and_undo(c, NULL);
	return &c->screen;
}
