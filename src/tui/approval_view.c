/* Approval of monthly results (duyệt kết quả), opened from the results
 * view: for a unit and a month, the unit itself and its child units with
 * their state (approved, ready, waiting for teams or units below). d
 * approves the selected unit, b withdraws an approval after a confirmation
 * and a reason; the core decides, and its refusal ("Chưa thể duyệt: 2 tổ
 * chưa gửi…") is shown in a dialog. Enter looks at a child's own children,
 * Backspace comes back up. The states come from cn_approval_status and
 * cn_approval_children: a row per child, kept in memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/approval.h"
#include "cnscd/people.h"
#include "cnscd/reorg.h"
#include "cnscd/stats.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "dialog.h"
#include "formview.h"
#include "keys.h"
#include "person.h"
#include "results_screens.h"
#include "screen.h"
#include "table.h"
#include "ui.h"

#define MAX_DEPTH 8

struct row {
	long long unit_id;
	bool self; /* the unit shown, above its children */
	bool former; /* a unit a reorganisation closed into it: its approval, as history */
	int state;
	char *name, *by, *at;
	long long owing, sent, on_time, below, approved;
};

/* What the levels share: the month (a change at one holds for all), and
 * the first level, from which q closes them all. */
struct approval_month {
	int year, month;
	struct screen *root;
};

/* One level: a unit and its children, a screen on the stack. */
struct approval_view {
	struct screen screen;
	cn_db *db;
	struct approval_month *shared; /* owned by the first level, which closes last */
	long long unit;
	int depth;
	int year, month; /* as last read */
	char period[16];
	bool owed;              /* the month's deadline has passed */
	char deadline[CN_DATE_LEN];
	struct row *rows;
	int n, cap;
	struct table table;
};

static const struct table_col cols[] = {
	{"", 1, ALIGN_LEFT, -1},
	{"Đơn vị", 0, ALIGN_LEFT, -1},
	{"Trạng thái", 14, ALIGN_LEFT, -1},
	{"Tổ gửi", 7, ALIGN_RIGHT, -1},
	{"Đúng hạn", 8, ALIGN_RIGHT, -1},
	{"Dưới duyệt", 10, ALIGN_RIGHT, -1},
	{"Người duyệt", 14, ALIGN_LEFT, -1}, /* when: on the info line, for the selected row */
};

static long long unit_of(const struct approval_view *v) { return v->unit; }

static void clear_rows(struct approval_view *v)
{
	for (int i = 0; i < v->n; i++) {
		free(v->rows[i].name);
		free(v->rows[i].by);
		free(v->rows[i].at);
	}
	v->n = 0;
}

static int add_row(const cn_approval *a, void *ctx)
{
	struct approval_view *v = ctx;
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->rows = cn_reallocarray(v->rows, (size_t)v->cap, sizeof *v->rows);
	}
	v->rows[v->n++] = (struct row){
		.unit_id = a->unit_id, .self = a->unit_id == unit_of(v), .state = a->state,
		.name = cn_strdup(a->unit_name), .by = cn_strdup(a->approved_by), .at = cn_strdup(a->approved_at),
		.owing = a->teams_owing, .sent = a->teams_owing - a->teams_missing, .on_time = a->teams_on_time,
		.below = a->units_below, .approved = a->units_below - a->units_waiting};
	v->owed = a->owed;
	cn_date_display(a->deadline, v->deadline);
	return 0;
}

/* A unit closed into this one: its approval of the month, read only. */
static int add_former_row(const cn_approval *a, void *ctx)
{
	struct approval_view *v = ctx;
	char deadline[CN_DATE_LEN];
	memcpy(deadline, v->deadline, sizeof deadline);
	bool owed = v->owed;
	add_row(a, ctx);
	struct row *r = &v->rows[v->n - 1];
	char *name = cn_sprintf("%s (đơn vị cũ, nay thuộc đơn vị này)", r->name);
	free(r->name);
	r->name = name;
	r->former = true;
	r->state = *r->by ? CN_APPROVAL_APPROVED : CN_APPROVAL_NONE;
	r->owing = r->sent = r->on_time = r->below = r->approved = 0;
	memcpy(v->deadline, deadline, sizeof deadline);
	v->owed = owed;
	return 0;
}

/* Reads the states of the unit and month again. */
static void load(struct approval_view *v)
{
	clear_rows(v);
	v->year = v->shared->year;
	v->month = v->shared->month;
	snprintf(v->period, sizeof v->period, "%04d-%02d", v->year % 10000, v->month % 100);
	cn_error err = {0};
	long long unit = unit_of(v);
	if ((unit && cn_approval_status(v->db, unit, v->period, add_row, v, &err) != CN_OK) ||
	    cn_approval_children(v->db, unit, v->period, add_row, v, &err) != CN_OK ||
	    (unit && cn_approval_of_predecessors(v->db, unit, v->period, add_former_row, v, &err) < 0))
		ui_message(S_ERROR, "%s", err.msg);
	char *path = unit ? cn_unit_path(v->db, unit, " › ") : cn_strdup("Tất cả đơn vị");
	screen_title(&v->screen, "Duyệt kết quả tháng %02d/%04d — %s", v->month, v->year, path);
	free(path);
}

static void reload(struct screen *s) { load((struct approval_view *)s); }

/* --- Drawing --- */

static long long count(void *ctx) { return ((struct approval_view *)ctx)->n; }

static const char *mark(int state)
{
	switch (state) {
	case CN_APPROVAL_APPROVED: return "✓";
	case CN_APPROVAL_READY: return "•";
	case CN_APPROVAL_WAITING: return "!";
	default: return " ";
	}
}

static void draw_row(void *ctx, struct table *t, int y, long long index, bool selected)
{
	struct approval_view *v = ctx;
	const struct row *r = &v->rows[index];
	attr_t a = selected ? ui_attr(S_SELECTED)
		   : r->state == CN_APPROVAL_WAITING ? ui_attr(S_WARN)
		   : r->state == CN_APPROVAL_NONE ? ui_attr(S_INACTIVE) : A_NORMAL;
	if (r->self)
		a |= A_BOLD;
	table_fill(t, y, a);
	char sent[48], on_time[48], below[48];
	snprintf(sent, sizeof sent, "%lld/%lld", r->sent, r->owing);
	/* Before the deadline nobody is late yet: the on-time rate waits. */
	if (r->owing && v->owed)
		cn_percent_text((double)r->on_time / (double)r->owing, on_time);
	else
		snprintf(on_time, sizeof on_time, "%s", r->owing ? "chưa hạn" : "");
	snprintf(below, sizeof below, "%lld/%lld", r->approved, r->below);
	table_cell(t, y, 0, mark(r->state), a);
	table_cell(t, y, 1, r->name, a);
	table_cell(t, y, 2, cn_approval_state_name(r->state), a);
	table_cell(t, y, 3, sent, a);
	table_cell(t, y, 4, on_time, a);
	table_cell(t, y, 5, below, a);
	table_cell(t, y, 6, r->by, a);
}

static const struct table_source source = {count, NULL, draw_row, NULL};

static void draw(struct screen *s)
{
	struct approval_view *v = (struct approval_view *)s;
	char *line = cn_sprintf(" Hạn gửi %s%s · duyệt khi mọi tổ đã gửi và mọi đơn vị trực thuộc có tổ đã duyệt",
				v->deadline, v->owed ? " (đã qua)" : " (chưa đến hạn)");
	ui_put(s->win, 1, 0, COLS, line, ui_attr(S_CRUMB), ALIGN_LEFT);
	free(line);
	const struct row *r = v->table.cursor < v->n ? &v->rows[v->table.cursor] : NULL;
	if (r && r->state == CN_APPROVAL_APPROVED) {
		char *info = cn_sprintf("%s: duyệt lúc %s bởi %s · %s: bỏ duyệt · Enter: cấp dưới", r->name, r->at, r->by,
					keys_short(CTX_APPROVAL, ACT_UNAPPROVE));
		ui_set_info(info);
		free(info);
	} else {
		char *info = cn_sprintf("%s: duyệt · %s: bỏ duyệt · Enter: xem cấp dưới · Backspace: lên · <, >: tháng trước, "
					"tháng sau", keys_short(CTX_APPROVAL, ACT_APPROVE), keys_short(CTX_APPROVAL, ACT_UNAPPROVE));
		ui_set_info(info);
		free(info);
	}
}

/* --- Keys --- */

/* The row under the cursor to act on; a closed unit's is history only. */
static const struct row *selected(const struct approval_view *v)
{
	const struct row *r = v->table.cursor < v->n ? &v->rows[v->table.cursor] : NULL;
	if (r && r->former) {
		ui_message(S_INFO, "%s: đơn vị đã đóng, chỉ xem lại việc duyệt tháng này.", r->name);
		return NULL;
	}
	return r;
}

static int approve(struct approval_view *v)
{
	const struct row *r = selected(v);
	if (!r)
		return SCREEN_HANDLED;
	/* A unit still waiting is refused by the core, which names what is
	 * missing: no question first for that. */
	if (r->state == CN_APPROVAL_READY) {
		char *text = cn_sprintf("Duyệt kết quả tháng %02d/%04d của %s? Sau khi duyệt, số liệu tháng này của "
					"đơn vị và các đơn vị trực thuộc bị khóa.", v->month, v->year, r->name);
		bool yes = dialog_confirm("Duyệt kết quả", text, "Duyệt", "Không");
		free(text);
		if (!yes)
			return SCREEN_HANDLED;
	}
	/* Who approves is asked only when it can be approved. */
	char *by = r->state == CN_APPROVAL_READY ? tui_person(v->db, CN_ACT_APPROVE) : NULL;
	if (r->state == CN_APPROVAL_READY && !by)
		return SCREEN_HANDLED;
	cn_error err = {0};
	int rc = cn_approval_approve(v->db, r->unit_id, v->period, by, &err);
	free(by);
	if (rc != CN_OK)
		dialog_alert("Chưa duyệt được", err.msg);
	else
		ui_message(S_INFO, "Đã duyệt kết quả tháng %02d/%04d của %s.", v->month, v->year, r->name);
	return SCREEN_CHANGED | SCREEN_RELOAD;
}

static int accept_note(struct form *f, cn_error *err)
{
	(void)f, (void)err;
	return CN_OK;
}

/* The reason for a withdrawal, asked in a form; NULL when cancelled. */
static char *ask_note(const char *title)
{
	struct form f = {.title = title, .save = accept_note};
	form_add(&f, (struct form_field){"note", "Lý do", FORM_TEXT, true, 200, NULL, "ví dụ: xã xin sửa số liệu"},
		 "");
	char *note = form_run(&f) ? cn_strdup(form_value(&f, 0)) : NULL;
	form_free(&f);
	return note;
}

static int unapprove(struct approval_view *v)
{
	const struct row *r = selected(v);
	if (!r)
		return SCREEN_HANDLED;
	if (r->state != CN_APPROVAL_APPROVED) {
		ui_message(S_INFO, "%s chưa được duyệt tháng %02d/%04d: không có gì để bỏ duyệt.", r->name, v->month,
			   v->year);
		return SCREEN_HANDLED;
	}
	char *text = cn_sprintf("Bỏ duyệt kết quả tháng %02d/%04d của %s? Số liệu được mở khóa để sửa; việc bỏ "
				"duyệt được ghi vào nhật ký.", v->month, v->year, r->name);
	bool yes = dialog_confirm("Bỏ duyệt", text, "Bỏ duyệt", "Không");
	free(text);
	char *title = cn_sprintf("Bỏ duyệt tháng %02d/%04d — %s", v->month, v->year, r->name);
	char *note = yes ? ask_note(title) : NULL;
	free(title);
	char *by = note ? tui_person(v->db, CN_ACT_APPROVE) : NULL;
	if (!by) {
		free(note);
		return SCREEN_HANDLED;
	}
	cn_error err = {0};
	int rc = cn_approval_unapprove(v->db, r->unit_id, v->period, by, note, &err);
	free(by);
	free(note);
	if (rc != CN_OK)
		dialog_alert("Chưa bỏ duyệt được", err.msg);
	else
		ui_message(S_INFO, "Đã bỏ duyệt kết quả tháng %02d/%04d của %s.", v->month, v->year, r->name);
	return SCREEN_CHANGED | SCREEN_RELOAD;
}

/* Every level shows the month chosen: those below read it again when
 * they show. */
static int change_month(struct approval_view *v, int delta)
{
	struct approval_month *m = v->shared;
	m->month += delta;
	if (m->month < 1)
		m->month = 12, m->year--;
	else if (m->month > 12)
		m->month = 1, m->year++;
	for (struct screen *p = screen_below(&v->screen); p && p->ops == v->screen.ops; p = screen_below(p))
		screen_reload_later(p);
	return SCREEN_RELOAD;
}

static struct approval_view *level_new(cn_db *db, struct approval_month *shared, long long unit, int depth);

static int drill(struct approval_view *v)
{
	const struct row *r = selected(v);
	if (!r || r->self || v->depth == MAX_DEPTH)
		return SCREEN_HANDLED;
	screen_push(&level_new(v->db, v->shared, r->unit_id, v->depth + 1)->screen);
	ui_repaint(); /* a new table: repaint rather than let curses scroll the old one */
	return SCREEN_HANDLED;
}

static int key(struct screen *s, int action, int key)
{
	(void)key;
	struct approval_view *v = (struct approval_view *)s;
	switch (action) {
	case ACT_APPROVE: return approve(v);
	case ACT_UNAPPROVE: return unapprove(v);
	case ACT_OPEN: return drill(v);
	case ACT_BACK: return SCREEN_CLOSE;
	case ACT_PREV_PERIOD: return change_month(v, -1);
	case ACT_NEXT_PERIOD: return change_month(v, 1);
	case ACT_QUIT:
		screen_close(v->shared->root);
		return SCREEN_HANDLED;
	default: return SCREEN_IGNORED;
	}
}

static void done(struct screen *s)
{
	struct approval_view *v = (struct approval_view *)s;
	clear_rows(v);
	free(v->rows);
	if (v->depth == 1)
		free(v->shared);
	free(v);
}

static const struct screen_ops level_ops = {
	.name = "Duyệt kết quả tháng", .keyctx = CTX_APPROVAL, .key = key, .draw = draw, .done = done,
	.load = reload,
};

static struct approval_view *level_new(cn_db *db, struct approval_month *shared, long long unit, int depth)
{
	struct approval_view *v = cn_calloc(1, sizeof *v);
	v->screen = (struct screen){.ops = &level_ops, .table = &v->table, .table_y = 2};
	v->db = db;
	v->shared = shared;
	v->unit = unit;
	v->depth = depth;
	v->table = (struct table){.cols = cols, .ncols = (int)CN_ARRAY_LEN(cols), .src = &source, .ctx = v,
				  .header = true};
	load(v);
	return v;
}

struct screen *approval_view_new(cn_db *db, long long unit_id, const char *period)
{
	struct approval_month m;
	if (sscanf(period, "%4d-%2d", &m.year, &m.month) != 2 || m.month < 1 || m.month > 12) {
		ui_message(S_ERROR, "Tháng «%s» không hợp lệ", period);
		return NULL;
	}
	struct approval_month *shared = cn_calloc(1, sizeof *shared);
	*shared = m;
	shared->root = &level_new(db, shared, unit_id, 1)->screen;
	return shared->root;
}
