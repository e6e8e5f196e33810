/* The bundle screen. Two lists in one table, switched with Tab: the open
 * conflicts (few: each is a row changed at two offices between two
 * exchanges, so they are read into memory), with the selected one's
 * differing fields below the list, one version beside the other; and the
 * child units with their last bundle (a few dozen rows). */
#include "bundle_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/bundle.h"
#include "cnscd/validate.h"
#include "dialog.h"
#include "keys.h"
#include "screen.h"
#include "table.h"
#include "ui.h"

/* Lines under the conflict list for the two versions. */
#define DETAIL_LINES 9

struct conflict_row {
	long long id;
	char *what, *source, *diff;
};

struct arrival_row {
	char *code, *name, *last;
	int days;
	bool overdue;
};

struct bundle_view {
	struct screen screen;
	cn_db *db;
	long long unit;
	bool status; /* showing arrivals, not conflicts */
	struct conflict_row *conflicts;
	int nconflicts;
	struct arrival_row *arrivals;
	int narrivals;
	struct table table;
};

static void show_time(const char *iso, char out[32])
{
	char day[11] = "", date[CN_DATE_LEN] = "";
	if (!iso || strlen(iso) < 16) {
		snprintf(out, 32, "—");
		return;
	}
	memcpy(day, iso, 10);
	cn_date_display(day, date);
	snprintf(out, 32, "%s %.5s", date, iso + 11);
}

static int add_conflict(const cn_bundle_conflict *c, void *ctx)
{
	struct bundle_view *v = ctx;
	v->conflicts = cn_reallocarray(v->conflicts, (size_t)v->nconflicts + 1, sizeof *v->conflicts);
	struct conflict_row *r = &v->conflicts[v->nconflicts++];
	char at[32];
	show_time(c->at, at);
	r->id = c->id;
	r->what = cn_sprintf("%s «%s»", c->table_label, c->label);
	r->source = cn_sprintf("%s, %s", c->source_unit, at);
	r->diff = cn_bundle_conflict_diff(v->db, c);
	return 0;
}

static int add_arrival(const cn_bundle_arrival *a, void *ctx)
{
	struct bundle_view *v = ctx;
	v->arrivals = cn_reallocarray(v->arrivals, (size_t)v->narrivals + 1, sizeof *v->arrivals);
	struct arrival_row *r = &v->arrivals[v->narrivals++];
	char at[32];
	show_time(a->last_at, at);
	r->code = cn_strdup(a->code);
	r->name = cn_strdup(a->name);
	r->last = a->days < 0 ? cn_strdup("chưa nhận gói nào") : cn_sprintf("%s (%d ngày trước)", at, a->days);
	r->days = a->days;
	r->overdue = a->overdue;
	return 0;
}

static void free_rows(struct bundle_view *v)
{
	for (int i = 0; i < v->nconflicts; i++) {
		free(v->conflicts[i].what);
		free(v->conflicts[i].source);
		free(v->conflicts[i].diff);
	}
	for (int i = 0; i < v->narrivals; i++) {
		free(v->arrivals[i].code);
		free(v->arrivals[i].name);
		free(v->arrivals[i].last);
	}
	free(v->conflicts);
	free(v->arrivals);
	v->conflicts = NULL;
	v->arrivals = NULL;
	v->nconflicts = v->narrivals = 0;
}

static void load(struct bundle_view *v)
{
	free_rows(v);
	cn_error err = {0};
	if (cn_bundle_conflict_list(v->db, false, add_conflict, v, &err) < 0 ||
	    cn_bundle_status(v->db, v->unit, add_arrival, v, &err) < 0)
		ui_message(S_ERROR, "%s", err.msg);
	long long n = v->status ? v->narrivals : v->nconflicts;
	if (v->table.cursor >= n)
		v->table.cursor = n > 0 ? n - 1 : 0;
	table_invalidate(&v->table);
}

static long long count(void *ctx)
{
	struct bundle_view *v = ctx;
	return v->status ? v->narrivals : v->nconflicts;
}

static const struct table_col conflict_cols[] = {
	{"Số", 5, ALIGN_RIGHT, -1},
	{"Dòng bị sửa ở cả hai nơi", 0, ALIGN_LEFT, -1},
	{"Từ gói của", 24, ALIGN_LEFT, -1},
};
static const struct table_col arrival_cols[] = {
	{"Mã", 8, ALIGN_LEFT, -1},
	{"Đơn vị cấp dưới", 0, ALIGN_LEFT, -1},
	{"Gói gần nhất", 34, ALIGN_LEFT, -1},
	{"", 8, ALIGN_LEFT, -1},
};

static void draw_row(void *ctx, struct table *t, int y, long long i, bool selected)
{
	struct bundle_view *v = ctx;
	if (v->status) {
		const struct arrival_row *r = &v->arrivals[i];
		attr_t a = selected ? ui_attr(S_SELECTED) : r->overdue ? ui_attr(S_WARN) : A_NORMAL;
		table_fill(t, y, a);
		table_cell(t, y, 0, r->code, a);
		table_cell(t, y, 1, r->name, a);
		table_cell(t, y, 2, r->last, a);
		table_cell(t, y, 3, r->overdue ? "QUÁ HẠN" : "", a | (r->overdue ? A_BOLD : 0));
		return;
	}
	const struct conflict_row *r = &v->conflicts[i];
	attr_t a = selected ? ui_attr(S_SELECTED) : A_NORMAL;
	char num[24];
	snprintf(num, sizeof num, "#%lld", r->id);
	table_fill(t, y, a);
	table_cell(t, y, 0, num, a);
	table_cell(t, y, 1, r->what, a);
	table_cell(t, y, 2, r->source, a);
}

static const struct table_source source = {count, NULL, draw_row, NULL};

/* The list shown (conflicts, with the lines of the selected one's fields
 * under them, or arrivals): its columns, title and note. */
static void show_list(struct bundle_view *v)
{
	v->table.cols = v->status ? arrival_cols : conflict_cols;
	v->table.ncols = v->status ? 4 : 3;
	v->screen.table_foot = v->status ? 0 : DETAIL_LINES + 1;
	v->screen.empty = v->status ? "Không có đơn vị cấp dưới nào." : "Không có xung đột nào cần giải quyết.";
	screen_title(&v->screen, "Gói dữ liệu — %s",
		     v->status ? "tình trạng gửi gói của đơn vị cấp dưới" : "xung đột cần giải quyết");
}

/* The differing fields of the selected conflict: "Trường  Bản ở đây  Bản
 * nhận về", one line each (the diff's "field: local | incoming"). */
static void draw_detail(struct bundle_view *v)
{
	WINDOW *w = v->screen.win;
	int y0 = v->table.y + v->table.h, width = COLS, label_w = 16, half = (width - label_w - 2) / 2;
	for (int y = y0; y < y0 + DETAIL_LINES + 1 && y < ui_rows(); y++)
		ui_put(w, y, 0, width, "", A_NORMAL, ALIGN_LEFT);
	if (v->nconflicts == 0)
		return;
	ui_put(w, y0, 0, label_w, "Trường", ui_attr(S_HEADER), ALIGN_LEFT);
	ui_put(w, y0, label_w, half + 1, " Bản ở đây", ui_attr(S_HEADER), ALIGN_LEFT);
	ui_put(w, y0, label_w + half + 1, width - label_w - half - 1, " Bản nhận về", ui_attr(S_HEADER), ALIGN_LEFT);
	const char *p = v->conflicts[v->table.cursor].diff;
	for (int line = 1; p && *p && line <= DETAIL_LINES; line++) {
		const char *nl = strchr(p, '\n');
		char *text = cn_strndup(p, nl ? (size_t)(nl - p) : strlen(p));
		char *colon = strstr(text, ": "), *bar = colon ? strstr(colon, " | ") : NULL;
		if (colon && bar) {
			*colon = *bar = '\0';
			ui_put(w, y0 + line, 0, label_w, text, A_BOLD, ALIGN_LEFT);
			ui_put(w, y0 + line, label_w, half + 1, colon + 1, A_NORMAL, ALIGN_LEFT);
			ui_put(w, y0 + line, label_w + half + 1, width - label_w - half - 1, bar + 2, A_NORMAL, ALIGN_LEFT);
		} else {
			ui_put(w, y0 + line, 0, width, text, A_NORMAL, ALIGN_LEFT);
		}
		free(text);
		p = nl ? nl + 1 : NULL;
	}
}

static void draw(struct screen *s)
{
	struct bundle_view *v = (struct bundle_view *)s;
	char line[200];
	int overdue = 0;
	for (int i = 0; i < v->narrivals; i++)
		overdue += v->arrivals[i].overdue;
	snprintf(line, sizeof line, " %d xung đột chưa giải quyết · %d đơn vị quá hạn gửi gói (sau %d ngày)",
		 v->nconflicts, overdue, cn_bundle_overdue_days(v->db));
	ui_put(s->win, 1, 0, COLS, line, v->nconflicts || overdue ? ui_attr(S_WARN) : ui_attr(S_CRUMB),
	       ALIGN_LEFT);
	if (!v->status)
		draw_detail(v);
	char *conflicts = cn_sprintf("%s: giữ bản ở đây · %s: lấy bản nhận về · Tab: tình trạng gửi gói · Esc: đóng",
				     keys_short(CTX_BUNDLE, ACT_TAKE_LOCAL), keys_short(CTX_BUNDLE, ACT_TAKE_INCOMING));
	ui_set_info(v->status ? "Tab: xem xung đột · Esc: đóng" : conflicts);
	free(conflicts);
}

static int resolve(struct bundle_view *v, bool incoming)
{
	if (v->status || v->nconflicts == 0)
		return SCREEN_HANDLED;
	const struct conflict_row *r = &v->conflicts[v->table.cursor];
	char *q = cn_sprintf("%s %s?\n\n%s", incoming ? "Lấy bản nhận về cho" : "Giữ bản ở đây cho", r->what, r->diff);
	bool yes = dialog_confirm("Giải quyết xung đột", q, incoming ? "Lấy bản nhận về" : "Giữ bản ở đây", "Thôi");
	free(q);
	if (!yes)
		return SCREEN_HANDLED;
	cn_error err = {0};
	if (cn_bundle_conflict_resolve(v->db, r->id, incoming, &err) != CN_OK) {
		dialog_alert("Không giải quyết được", err.msg);
		return SCREEN_HANDLED;
	}
	ui_message(S_INFO, "Đã giải quyết xung đột #%lld: %s.", r->id, incoming ? "lấy bản nhận về" : "giữ bản ở đây");
	return SCREEN_CHANGED | SCREEN_RELOAD;
}

static int key(struct screen *s, int action, int key)
{
	(void)key;
	struct bundle_view *v = (struct bundle_view *)s;
	switch (action) {
	case ACT_CANCEL:
	case ACT_QUIT: return SCREEN_CLOSE;
	case ACT_TAKE_LOCAL: return resolve(v, false);
	case ACT_TAKE_INCOMING: return resolve(v, true);
	case ACT_SWITCH_VIEW:
		v->status = !v->status;
		v->table.cursor = v->table.top = 0;
		show_list(v);
		return SCREEN_RELAYOUT;
	default: return SCREEN_IGNORED;
	}
}

static void reload(struct screen *s) { load((struct bundle_view *)s); }

static void done(struct screen *s)
{
	free_rows((struct bundle_view *)s);
	free(s);
}

static const struct screen_ops bundle_ops = {
	.name = "Gói dữ liệu", .keyctx = CTX_BUNDLE, .key = key, .draw = draw, .done = done, .load = reload,
};

struct screen *bundle_view_new(cn_db *db, long long unit_id)
{
	struct bundle_view *v = cn_calloc(1, sizeof *v);
	v->screen = (struct screen){.ops = &bundle_ops, .table = &v->table, .table_y = 2};
	v->db = db;
	v->unit = unit_id;
	v->table = (struct table){.cols = conflict_cols, .ncols = 3, .src = &source, .ctx = v, .header = true};
	load(v);
	/* Nothing to resolve: the arrivals are what there is to see. */
	v->status = v->nconflicts == 0;
	show_list(v);
	return &v->screen;
}
