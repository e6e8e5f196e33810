/* Activity results of a unit by child unit: a row per child (and one for
 * the teams attached to the unit itself), a column per indicator, the
 * reports sent against those owed, and a total row. Children that have not
 * sent all their reports are marked. Enter drills down to a child, and
 * below the units to what makes a figure: the teams of a unit (from its
 * own-teams row, or a unit with no child units), then a team's members
 * (or its monthly grid when it does not split by member); c shows the
 * same by level (district, commune, village), Enter on a level its units.
 * Backspace comes back up. The figures are sums from the core (cn_results_by_child,
 * cn_results_by_team, cn_results_by_member and the reporting rates): a few
 * numbers per row, kept in memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <panel.h>

#include "cnscd/results.h"
#include "cnscd/stats.h"
#include "cnscd/team.h"
#include "cnscd/text.h"
#include "cnscd/today.h"
#include "cnscd/unit.h"
#include "column_title.h"
#include "keys.h"
#include "results.h"
#include "screens.h"
#include "table.h"
#include "ui.h"

#define MAX_DEPTH 8
#define FIXED_COLS 5 /* mark, unit, sent/owed, rate, on-time rate */
#define HEAD_LINES COLUMN_TITLE_LINES /* indicator names wrap over two lines */
#define MAX_COLS 64

enum { BY_MONTH, BY_QUARTER, BY_YEAR };

/* What a level of the drill-down lists: child units of a unit, the teams
 * attached to a unit, the members of a team, the levels of a unit's
 * subtree, or the units of one level (the level number on the stack, the
 * unit under it). */
enum { AT_UNITS, AT_TEAMS, AT_MEMBERS, AT_LEVELS, AT_LEVEL_UNITS };

struct child {
	long long id; /* a unit, a team or a member (0: the team unsplit) */
	bool is_self;
	char *name;
	cn_report_rate rate;
	long long *values; /* per indicator */
};

struct results_view {
	cn_db *db;
	long long stack[MAX_DEPTH]; /* the units (teams) drilled into */
	int at[MAX_DEPTH];          /* AT_UNITS... for each */
	long long cursor[MAX_DEPTH];
	int depth;
	int kind, year, part; /* part: month 1..12 or quarter 1..4 */
	char from[16], to[16];
	char *title;
	long long *ind_ids;
	char **ind_names; /* what the headers show: "Hộ gia đình được hướng dẫn" */
	int nind;
	struct child *children;
	int n;            /* children; row n is the total */
	struct child total;
	int widths[MAX_COLS];
	int ncols, hscroll;
	struct table table;
	struct fullscreen fs;
};

static long long unit_of(const struct results_view *v) { return v->stack[v->depth - 1]; }
static int level_of(const struct results_view *v) { return v->at[v->depth - 1]; }

static int add_indicator(const cn_indicator *ind, void *ctx)
{
	struct results_view *v = ctx;
	if (v->nind + FIXED_COLS >= MAX_COLS)
		return 0;
	v->ind_ids = cn_reallocarray(v->ind_ids, (size_t)v->nind + 1, sizeof *v->ind_ids);
	v->ind_names = cn_reallocarray(v->ind_names, (size_t)v->nind + 1, sizeof *v->ind_names);
	v->ind_ids[v->nind] = ind->id;
	v->ind_names[v->nind] = ind->aggregate == CN_AGG_LAST ? cn_sprintf("%s (cuối kỳ)", ind->name) : cn_strdup(ind->name);
	v->nind++;
	return 0;
}

/* The row of ID, made (with NAME, or the unit's name when NULL) the first
 * time. */
static struct child *child_for(struct results_view *v, long long id, bool is_self, const char *name)
{
	for (int i = 0; i < v->n; i++)
		if (v->children[i].id == id && v->children[i].is_self == is_self)
			return &v->children[i];
	v->children = cn_reallocarray(v->children, (size_t)v->n + 1, sizeof *v->children);
	struct child *c = &v->children[v->n++];
	memset(c, 0, sizeof *c);
	c->id = id;
	c->is_self = is_self;
	c->values = cn_calloc((size_t)v->nind + 1, sizeof *c->values);
	if (name) {
		c->name = cn_strdup(name);
		return c;
	}
	cn_unit u = {0}, parent = {0};
	cn_unit_get(v->db, id, &u, NULL);
	/* Units of one level come from all over the subtree: "Ấp 1" needs its commune. */
	if (level_of(v) == AT_LEVEL_UNITS && u.parent_id)
		cn_unit_get(v->db, u.parent_id, &parent, NULL);
	c->name = is_self     ? cn_sprintf("Các tổ trực thuộc %s", u.name ? u.name : "")
		  : parent.name ? cn_sprintf("%s (%s)", u.name ? u.name : "?", parent.name)
				: cn_strdup(u.name ? u.name : "?");
	cn_unit_clear(&u);
	cn_unit_clear(&parent);
	return c;
}

static void add_value(struct results_view *v, struct child *c, long long indicator_id, long long value)
{
	for (int i = 0; i < v->nind; i++) {
		if (v->ind_ids[i] == indicator_id) {
			c->values[i] += value;
			v->total.values[i] += value;
		}
	}
}

static void add_rate(struct results_view *v, struct child *c, const cn_report_rate *rate)
{
	c->rate = *rate;
	v->total.rate.expected += rate->expected;
	v->total.rate.submitted += rate->submitted;
	v->total.rate.on_time += rate->on_time;
}

static int on_figure(const cn_child_figure *f, void *ctx)
{
	struct results_view *v = ctx;
	add_value(v, child_for(v, f->unit_id, f->is_self, NULL), f->indicator_id, f->value);
	return 0;
}

static int on_rate(const cn_child_rate *r, void *ctx)
{
	struct results_view *v = ctx;
	add_rate(v, child_for(v, r->unit_id, r->is_self, NULL), &r->rate);
	return 0;
}

static int on_team_figure(const cn_team_figure *f, void *ctx)
{
	struct results_view *v = ctx;
	add_value(v, child_for(v, f->team_id, false, f->team_name), f->indicator_id, f->value);
	return 0;
}

static int on_team_rate(const cn_team_rate *r, void *ctx)
{
	struct results_view *v = ctx;
	add_rate(v, child_for(v, r->team_id, false, r->team_name), &r->rate);
	return 0;
}

static int on_level_figure(const cn_level_figure *f, void *ctx)
{
	struct results_view *v = ctx;
	add_value(v, child_for(v, f->level, false, cn_level_name(f->level)), f->indicator_id, f->value);
	return 0;
}

static int on_level_rate(const cn_level_rate *r, void *ctx)
{
	struct results_view *v = ctx;
	add_rate(v, child_for(v, r->level, false, cn_level_name(r->level)), &r->rate);
	return 0;
}

static int on_member_figure(const cn_member_figure *f, void *ctx)
{
	struct results_view *v = ctx;
	const char *name = f->member_id ? f->name : "Cả tổ (không chia theo thành viên)";
	add_value(v, child_for(v, f->member_id, false, name), f->indicator_id, f->value);
	return 0;
}

static void clear_children(struct results_view *v)
{
	for (int i = 0; i < v->n; i++) {
		free(v->children[i].name);
		free(v->children[i].values);
	}
	free(v->children);
	v->children = NULL;
	v->n = 0;
	free(v->total.values);
	memset(&v->total, 0, sizeof v->total);
	free(v->title);
	v->title = NULL;
}

static void set_period(struct results_view *v)
{
	int first = 1, last = 12;
	if (v->kind == BY_MONTH)
		first = last = v->part;
	else if (v->kind == BY_QUARTER)
		first = 3 * v->part - 2, last = 3 * v->part;
	snprintf(v->from, sizeof v->from, "%04d-%02d", v->year % 10000, first);
	snprintf(v->to, sizeof v->to, "%04d-%02d", v->year % 10000, last);
}

static char *period_text(const struct results_view *v)
{
	if (v->kind == BY_MONTH)
		return cn_sprintf("tháng %02d/%04d", v->part, v->year);
	if (v->kind == BY_QUARTER)
		return cn_sprintf("quý %d/%04d", v->part, v->year);
	return cn_sprintf("năm %04d", v->year);
}

/* Reads the figures of the current unit and period. */
static void load(struct results_view *v)
{
	clear_children(v);
	set_period(v);
	v->total.values = cn_calloc((size_t)v->nind + 1, sizeof *v->total.values);
	v->total.name = NULL;
	cn_error err = {0};
	long long unit = unit_of(v);
	int due = cn_report_due_days(v->db), rc = CN_OK;
	char *where = NULL;
	/* Drafts are not counted: the figures are what was sent. */
	if (level_of(v) == AT_UNITS) {
		if ((rc = cn_reporting_rate_by_child(v->db, unit, v->from, v->to, due, on_rate, v, &err)) == CN_OK)
			rc = cn_results_by_child(v->db, unit, v->from, v->to, false, on_figure, v, &err);
	} else if (level_of(v) == AT_TEAMS) {
		if ((rc = cn_reporting_rate_by_team(v->db, unit, v->from, v->to, due, on_team_rate, v, &err)) == CN_OK)
			rc = cn_results_by_team(v->db, unit, v->from, v->to, false, on_team_figure, v, &err);
		where = cn_strdup("Các tổ");
	} else if (level_of(v) == AT_LEVELS) {
		if ((rc = cn_reporting_rate_by_level(v->db, unit, v->from, v->to, due, on_level_rate, v, &err)) == CN_OK)
			rc = cn_results_by_level(v->db, unit, v->from, v->to, false, on_level_figure, v, &err);
		where = cn_strdup("Theo cấp");
	} else if (level_of(v) == AT_LEVEL_UNITS) {
		int level = (int)unit;
		unit = v->stack[v->depth - 2];
		if ((rc = cn_reporting_rate_at_level(v->db, unit, level, v->from, v->to, due, on_rate, v, &err)) == CN_OK)
			rc = cn_results_at_level(v->db, unit, level, v->from, v->to, false, on_figure, v, &err);
		where = cn_strdup(cn_level_name(level));
	} else {
		rc = cn_results_by_member(v->db, unit, v->from, v->to, false, on_member_figure, v, &err);
		cn_team t = {0};
		cn_team_get(v->db, unit, &t, NULL);
		unit = t.unit_id;
		where = cn_strdup(t.name ? t.name : "?");
		cn_team_clear(&t);
	}
	if (rc != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	char *path = unit ? cn_unit_path(v->db, unit, " › ") : cn_strdup("Tất cả đơn vị");
	char *period = period_text(v);
	v->title = cn_sprintf(" Kết quả hoạt động %s — %s%s%s", period, path, where ? " › " : "", where ? where : "");
	free(period);
	free(path);
	free(where);
	table_invalidate(&v->table);
}

/* --- Drawing --- */

static void size_columns(struct results_view *v)
{
	/* Five indicators beside the unit at 100 columns, their names over two
	 * header lines. */
	v->ncols = FIXED_COLS + v->nind;
	v->widths[0] = 1;
	v->widths[1] = COLS >= 100 ? 23 : 20;
	v->widths[2] = 7;
	v->widths[3] = 6;
	v->widths[4] = 6;
	for (int i = 0; i < v->nind; i++)
		v->widths[FIXED_COLS + i] = 9;
}

static long long count(void *ctx)
{
	struct results_view *v = ctx;
	return v->n + 1;
}

static void fetch(void *ctx, long long first, int n)
{
	(void)ctx, (void)first, (void)n; /* all in memory */
}

static bool behind(const struct child *c) { return c->rate.submitted < c->rate.expected; }

static void cell(int col, const struct child *c, bool rated, char *buf, size_t size)
{
	char a[CN_NUM_TEXT_LEN], b[CN_NUM_TEXT_LEN];
	if (!rated && col >= 2 && col < FIXED_COLS) { /* members send no reports of their own */
		buf[0] = '\0';
		return;
	}
	switch (col) {
	case 0: snprintf(buf, size, "%s", c->name && behind(c) ? "!" : " "); break;
	case 1: snprintf(buf, size, "%s", c->name ? c->name : "Tổng cộng"); break;
	case 2:
		cn_count_text(c->rate.submitted, a);
		cn_count_text(c->rate.expected, b);
		snprintf(buf, size, "%s/%s", a, b);
		break;
	case 3:
		cn_percent_text(c->rate.expected ? (double)c->rate.submitted / (double)c->rate.expected : -1, a);
		snprintf(buf, size, "%s", a);
		break;
	case 4:
		cn_percent_text(c->rate.expected ? (double)c->rate.on_time / (double)c->rate.expected : -1, a);
		snprintf(buf, size, "%s", a);
		break;
	default:
		cn_count_text(c->values[col - FIXED_COLS], a);
		snprintf(buf, size, "%s", a);
		break;
	}
}

static void draw_row(void *ctx, struct table *t, int y, long long index, bool selected)
{
	struct results_view *v = ctx;
	const struct child *c = index < v->n ? &v->children[index] : &v->total;
	bool warn = index < v->n && behind(c);
	attr_t a = selected ? ui_attr(S_SELECTED) : warn ? ui_attr(S_WARN) : A_NORMAL;
	if (index == v->n)
		a |= A_BOLD;
	table_fill(t, y, a);
	int idx[MAX_COLS], xs[MAX_COLS];
	int n = results_visible_cols(v->widths, v->ncols, FIXED_COLS, v->hscroll, idx, xs, MAX_COLS);
	for (int i = 0; i < n; i++) {
		char buf[200];
		cell(idx[i], c, level_of(v) != AT_MEMBERS, buf, sizeof buf);
		ui_put(t->win, y, xs[i], v->widths[idx[i]], buf, a | (idx[i] == 0 && warn ? A_BOLD : 0),
		       idx[i] == 1 ? ALIGN_LEFT : ALIGN_RIGHT);
	}
}

static const struct table_col one_col[] = {{"", 0, ALIGN_LEFT, -1}};
static const struct table_source source = {count, fetch, draw_row, NULL};

/* Two header lines: the indicators by name (not code), wrapped; "Gửi/phải",
 * the reporting rate and the on-time rate. */
static void draw_header(struct results_view *v)
{
	int idx[MAX_COLS], xs[MAX_COLS];
	int n = results_visible_cols(v->widths, v->ncols, FIXED_COLS, v->hscroll, idx, xs, MAX_COLS);
	static const char *const row_names[] = {"Đơn vị", "Tổ", "Thành viên", "Cấp", "Đơn vị"};
	const char *fixed[FIXED_COLS][HEAD_LINES] = {
		{"", ""}, {"", row_names[level_of(v)]}, {"Gửi/", "phải"}, {"Tỷ lệ", "gửi"}, {"Đúng", "hạn"}};
	for (int y = 2; y < 2 + HEAD_LINES; y++) {
		wmove(v->fs.win, y, 0);
		wattrset(v->fs.win, ui_attr(S_HEADER));
		for (int x = 0; x < COLS; x++)
			waddch(v->fs.win, ' ');
	}
	for (int i = 0; i < n; i++) {
		int c = idx[i];
		struct column_title lines = {0};
		if (c < FIXED_COLS) {
			snprintf(lines.line[0], sizeof lines.line[0], "%s", fixed[c][0]);
			snprintf(lines.line[1], sizeof lines.line[1], "%s", fixed[c][1]);
		} else {
			column_title(v->ind_names[c - FIXED_COLS], v->widths[c], &lines);
		}
		for (int y = 0; y < HEAD_LINES; y++)
			ui_put(v->fs.win, 2 + y, xs[i], v->widths[c], lines.line[y], ui_attr(S_HEADER),
			       c == 1 || c >= FIXED_COLS ? ALIGN_LEFT : ALIGN_RIGHT);
	}
}

static void draw(void *ctx)
{
	struct results_view *v = ctx;
	ui_put(v->fs.win, 0, 0, COLS, v->title, ui_attr(S_TITLE), ALIGN_LEFT);
	int late = 0;
	for (int i = 0; i < v->n; i++)
		late += behind(&v->children[i]);
	char line[200];
	if (level_of(v) == AT_MEMBERS)
		snprintf(line, sizeof line, " Số của tổ là tổng của các thành viên · chỉ tính báo cáo đã gửi");
	else
		snprintf(line, sizeof line, " %d %s chưa gửi đủ báo cáo (đánh dấu !) · chỉ tính báo cáo đã gửi", late,
			 level_of(v) == AT_TEAMS ? "tổ" : level_of(v) == AT_LEVELS ? "cấp" : "đơn vị");
	ui_put(v->fs.win, 1, 0, COLS, line, late ? ui_attr(S_WARN) : ui_attr(S_CRUMB), ALIGN_LEFT);
	draw_header(v);
	table_invalidate(&v->table);
	table_draw(&v->table);
	ui_set_info(level_of(v) == AT_UNITS ? "Enter: xem cấp dưới · c: theo cấp · Backspace: lên · p: tháng/quý/năm · "
					      "<, >: kỳ trước, kỳ sau · ←/→: các cột"
		    : level_of(v) == AT_LEVELS ? "Enter: các đơn vị của cấp · Backspace, c: theo đơn vị · ←/→: các cột"
		    : level_of(v) == AT_LEVEL_UNITS ? "Enter: các tổ của đơn vị · Backspace: lên · ←/→: các cột"
		    : level_of(v) == AT_TEAMS ? "Enter: thành viên của tổ (hoặc bảng nhập) · k: bảng nhập của tổ · "
						"Backspace: lên · ←/→: các cột"
					      : "Enter, k: bảng nhập của tổ · Backspace: lên · ←/→: các cột");
}

static void layout(void *ctx)
{
	struct results_view *v = ctx;
	fullscreen_window(&v->fs);
	table_place(&v->table, v->fs.win, 2 + HEAD_LINES, 0, ui_rows() - 2 - HEAD_LINES, COLS);
}

/* --- Keys --- */

static void shift_period(struct results_view *v, int delta)
{
	int parts = v->kind == BY_MONTH ? 12 : v->kind == BY_QUARTER ? 4 : 1;
	if (parts == 1) {
		v->year += delta;
	} else {
		v->part += delta;
		if (v->part < 1)
			v->part = parts, v->year--;
		else if (v->part > parts)
			v->part = 1, v->year++;
	}
	load(v);
}

static void next_kind(struct results_view *v)
{
	if (v->kind == BY_MONTH) {
		v->kind = BY_QUARTER;
		v->part = (v->part - 1) / 3 + 1;
	} else if (v->kind == BY_QUARTER) {
		v->kind = BY_YEAR;
	} else {
		v->kind = BY_MONTH;
		v->part = 1;
	}
	load(v);
}

/* The month the grid opens at: the view's month, or its period's last. */
static void open_grid(struct results_view *v, long long team_id)
{
	int year = 0, month = 0;
	sscanf(v->to, "%d-%d", &year, &month);
	results_grid_open(v->db, team_id, year, month);
	load(v);
	ui_repaint();
}

static void push(struct results_view *v, int at, long long id)
{
	v->cursor[v->depth - 1] = v->table.cursor;
	v->at[v->depth] = at;
	v->stack[v->depth++] = id;
	load(v);
}

/* True when a team's figures are split by member (a row beyond the team's
 * own "unsplit" row, or more than it). */
static bool split_by_member(const struct results_view *v)
{
	return v->n > 1 || (v->n == 1 && v->children[0].id != 0);
}

static void drill(struct results_view *v)
{
	long long i = v->table.cursor;
	if (i >= v->n || v->depth == MAX_DEPTH)
		return;
	const struct child *c = &v->children[i];
	if (level_of(v) == AT_MEMBERS) {
		open_grid(v, unit_of(v));
		return;
	}
	if (level_of(v) == AT_TEAMS) {
		long long team = c->id;
		push(v, AT_MEMBERS, team);
		if (!split_by_member(v)) { /* nothing behind the team's figure: its grid */
			v->depth--;
			load(v);
			table_goto(&v->table, i);
			open_grid(v, team);
			return;
		}
	} else if (level_of(v) == AT_LEVELS) {
		push(v, AT_LEVEL_UNITS, c->id);
	} else if (level_of(v) == AT_LEVEL_UNITS) {
		push(v, AT_TEAMS, c->id);
	} else {
		push(v, c->is_self ? AT_TEAMS : AT_UNITS, c->id);
		/* A unit whose only figures are its own teams' (a village): its teams. */
		if (level_of(v) == AT_UNITS && v->n == 1 && v->children[0].is_self) {
			v->at[v->depth - 1] = AT_TEAMS;
			load(v);
		}
	}
	table_goto(&v->table, 0);
	ui_repaint(); /* a new table: repaint rather than let curses scroll the old one */
}

/* k: the monthly grid of the team under the cursor (or being shown). */
static void team_grid(struct results_view *v)
{
	long long i = v->table.cursor;
	if (level_of(v) == AT_MEMBERS)
		open_grid(v, unit_of(v));
	else if (level_of(v) == AT_TEAMS && i < v->n)
		open_grid(v, v->children[i].id);
	else
		ui_message(S_INFO, "Chọn một tổ (Enter trên dòng các tổ trực thuộc) để mở bảng nhập kết quả của tổ.");
}

static void back_up(struct results_view *v)
{
	if (v->depth == 1) {
		v->fs.done = true;
		return;
	}
	v->depth--;
	load(v);
	table_goto(&v->table, v->cursor[v->depth - 1]);
	ui_repaint();
}

/* c: the view by level of the unit shown, and back. */
static void by_level(struct results_view *v)
{
	if (level_of(v) == AT_LEVELS) {
		back_up(v);
		return;
	}
	if (level_of(v) != AT_UNITS || v->depth == MAX_DEPTH) {
		ui_message(S_INFO, "Xem theo cấp từ màn hình theo đơn vị (Backspace để lên).");
		return;
	}
	push(v, AT_LEVELS, unit_of(v));
	table_goto(&v->table, 0);
	ui_repaint();
}

static void handle(void *ctx, int key)
{
	struct results_view *v = ctx;
	if (key == TK_TERMINATE || key == TK_INTERRUPT) {
		v->fs.done = true;
		return;
	}
	int action = keys_action(CTX_RESULTS, key);
	if (table_move(&v->table, action))
		return;
	int idx[MAX_COLS], xs[MAX_COLS];
	switch (action) {
	case ACT_CHAR_LEFT:
		if (v->hscroll > FIXED_COLS)
			v->hscroll--;
		break;
	case ACT_CHAR_RIGHT:
		if (idx[results_visible_cols(v->widths, v->ncols, FIXED_COLS, v->hscroll, idx, xs, MAX_COLS) - 1] <
		    v->ncols - 1)
			v->hscroll++;
		break;
	case ACT_OPEN: drill(v); break;
	case ACT_MONTH_RESULTS: team_grid(v); break;
	case ACT_BY_LEVEL: by_level(v); break;
	case ACT_BACK: back_up(v); break;
	case ACT_PERIOD_KIND: next_kind(v); break;
	case ACT_APPROVE: approval_view_run(v->db, unit_of(v), v->from); break;
	case ACT_PREV_PERIOD: shift_period(v, -1); break;
	case ACT_NEXT_PERIOD: shift_period(v, 1); break;
	case ACT_HELP: help_run(CTX_RESULTS, "Kết quả hoạt động"); break;
	case ACT_QUIT: v->fs.done = true; break;
	default: break;
	}
}

void results_view_run(cn_db *db, long long unit_id)
{
	struct results_view v = {.db = db, .depth = 1, .hscroll = FIXED_COLS, .kind = BY_MONTH, .at = {AT_UNITS}};
	v.stack[0] = unit_id;
	cn_error err = {0};
	if (cn_indicator_list(db, false, add_indicator, &v, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return;
	}
	/* The most recent month whose reports are owed (cnscd/today.h). */
	char owed[8];
	cn_last_owed_month(cn_report_due_days(db), owed);
	v.year = atoi(owed);
	v.part = atoi(owed + 5);
	size_columns(&v);
	v.table = (struct table){.cols = one_col, .ncols = 1, .src = &source, .ctx = &v, .header = false};
	load(&v);
	v.fs.layer = (struct ui_layer){.layout = layout, .draw = draw, .ctx = &v, .keyctx = CTX_RESULTS};
	fullscreen_run(&v.fs, handle);
	clear_children(&v);
	for (int i = 0; i < v.nind; i++) {
		free(v.ind_names[i]);
	}
	free(v.ind_names);
	free(v.ind_ids);
}
