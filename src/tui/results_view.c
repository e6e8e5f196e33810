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

#include "cnscd/results.h"
#include "cnscd/settings.h"
#include "cnscd/stats.h"
#include "cnscd/team.h"
#include "cnscd/text.h"
#include "cnscd/today.h"
#include "cnscd/unit.h"
#include "column_title.h"
#include "keys.h"
#include "results_screens.h"
#include "screen.h"
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
	cn_month_report_rate rate;
	long long *values; /* per indicator */
};

/* What every level of one results screen shares: the period (a change
 * at any level holds for all), the indicators as columns, and the
 * columns scrolled to. */
struct results_session {
	cn_db *db;
	struct screen *root; /* q closes the levels from here */
	int kind, year, part; /* part: month 1..12 or quarter 1..4 */
	long long *ind_ids;
	char **ind_names; /* what the headers show: "Hộ gia đình được hướng dẫn" */
	int nind;
	int widths[MAX_COLS];
	int ncols, hscroll;
};

/* One level of the drill-down: a screen of its own on the stack. */
struct results_view {
	struct screen screen;
	struct results_session *ses;
	cn_db *db;
	long long id;     /* the unit, team or level number listed */
	long long parent; /* AT_LEVEL_UNITS: the unit whose levels these are */
	int at;           /* AT_UNITS... */
	int depth;
	char from[16], to[16];
	struct child *children;
	int n;            /* children; row n is the total */
	struct child total;
	struct table table;
};

static long long unit_of(const struct results_view *v) { return v->id; }
static int level_of(const struct results_view *v) { return v->at; }

static int add_indicator(const cn_indicator *ind, void *ctx)
{
	struct results_session *v = ctx;
	if (v->nind + FIXED_COLS >= MAX_COLS)
		return 0;
	v->ind_ids = cn_reallocarray(v->ind_ids, (size_t)v->nind + 1, sizeof *v->ind_ids);
	v->ind_names = cn_reallocarray(v->ind_names, (size_t)v->nind + 1, sizeof *v->ind_names);
	v->ind_ids[v->nind] = ind->id;
	v->ind_names[v->nind++] = ind->aggregate == CN_AGG_LAST ? cn_sprintf("%s (cuối kỳ)", ind->name)
							       : cn_strdup(ind->name);
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
	c->values = cn_calloc((size_t)v->ses->nind + 1, sizeof *c->values);
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
	for (int i = 0; i < v->ses->nind; i++) {
		if (v->ses->ind_ids[i] == indicator_id) {
			c->values[i] += value;
			v->total.values[i] += value;
		}
	}
}

static void add_rate(struct results_view *v, struct child *c, const cn_month_report_rate *rate)
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
}

static void set_period(struct results_view *l)
{
	const struct results_session *v = l->ses;
	int first = 1, last = 12;
	if (v->kind == BY_MONTH)
		first = last = v->part;
	else if (v->kind == BY_QUARTER)
		first = 3 * v->part - 2, last = 3 * v->part;
	snprintf(l->from, sizeof l->from, "%04d-%02d", v->year % 10000, first);
	snprintf(l->to, sizeof l->to, "%04d-%02d", v->year % 10000, last);
}

static char *period_text(const struct results_session *v)
{
	if (v->kind == BY_MONTH)
		return cn_sprintf("tháng %02d/%04d", v->part, v->year);
	if (v->kind == BY_QUARTER)
		return cn_sprintf("quý %d/%04d", v->part, v->year);
	return cn_sprintf("năm %04d", v->year);
}

/* Reads the figures of the level's unit for the period. */
static void load(struct results_view *v)
{
	clear_children(v);
	set_period(v);
	v->total.values = cn_calloc((size_t)v->ses->nind + 1, sizeof *v->total.values);
	v->total.name = NULL;
	cn_error err = {0};
	long long unit = unit_of(v);
	int due = cn_setting_report_due_days(v->db), rc = CN_OK;
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
		unit = v->parent;
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
	char *period = period_text(v->ses);
	screen_title(&v->screen, "Kết quả hoạt động %s — %s%s%s", period, path, where ? " › " : "", where ? where : "");
	free(period);
	free(path);
	free(where);
}

static void reload(struct screen *s) { load((struct results_view *)s); }

/* --- Drawing --- */

static void size_columns(struct results_session *v)
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
	const struct results_session *ses = v->ses;
	int idx[MAX_COLS], xs[MAX_COLS];
	int n = results_visible_cols(ses->widths, ses->ncols, FIXED_COLS, ses->hscroll, idx, xs, MAX_COLS);
	for (int i = 0; i < n; i++) {
		char buf[200];
		cell(idx[i], c, level_of(v) != AT_MEMBERS, buf, sizeof buf);
		ui_put(t->win, y, xs[i], ses->widths[idx[i]], buf, a | (idx[i] == 0 && warn ? A_BOLD : 0),
		       idx[i] == 1 ? ALIGN_LEFT : ALIGN_RIGHT);
	}
}

static const struct table_col one_col[] = {{"", 0, ALIGN_LEFT, -1}};
static const struct table_source source = {count, NULL, draw_row, NULL};

/* Two header lines: the indicators by name (not code), wrapped; "Gửi/phải",
 * the reporting rate and the on-time rate. */
static void draw_header(struct results_view *v)
{
	const struct results_session *ses = v->ses;
	WINDOW *w = v->screen.win;
	int idx[MAX_COLS], xs[MAX_COLS];
	int n = results_visible_cols(ses->widths, ses->ncols, FIXED_COLS, ses->hscroll, idx, xs, MAX_COLS);
	static const char *const row_names[] = {"Đơn vị", "Tổ", "Thành viên", "Cấp", "Đơn vị"};
	const char *fixed[FIXED_COLS][HEAD_LINES] = {
		{"", ""}, {"", row_names[level_of(v)]}, {"Gửi/", "phải"}, {"Tỷ lệ", "gửi"}, {"Đúng", "hạn"}};
	for (int y = 2; y < 2 + HEAD_LINES; y++)
		ui_put(w, y, 0, COLS, "", ui_attr(S_HEADER), ALIGN_LEFT);
	for (int i = 0; i < n; i++) {
		int c = idx[i];
		struct column_title lines = {0};
		if (c < FIXED_COLS) {
			snprintf(lines.line[0], sizeof lines.line[0], "%s", fixed[c][0]);
			snprintf(lines.line[1], sizeof lines.line[1], "%s", fixed[c][1]);
		} else {
			column_title(ses->ind_names[c - FIXED_COLS], ses->widths[c], &lines);
		}
		for (int y = 0; y < HEAD_LINES; y++)
			ui_put(w, 2 + y, xs[i], ses->widths[c], lines.line[y], ui_attr(S_HEADER),
			       c == 1 || c >= FIXED_COLS ? ALIGN_LEFT : ALIGN_RIGHT);
	}
}

static void draw(struct screen *s)
{
	struct results_view *v = (struct results_view *)s;
	int late = 0;
	for (int i = 0; i < v->n; i++)
		late += behind(&v->children[i]);
	char line[200];
	if (level_of(v) == AT_MEMBERS)
		snprintf(line, sizeof line, " Số của tổ là tổng của các thành viên · chỉ tính báo cáo đã gửi");
	else
		snprintf(line, sizeof line, " %d %s chưa gửi đủ báo cáo (đánh dấu !) · chỉ tính báo cáo đã gửi", late,
			 level_of(v) == AT_TEAMS ? "tổ" : level_of(v) == AT_LEVELS ? "cấp" : "đơn vị");
	ui_put(s->win, 1, 0, COLS, line, late ? ui_attr(S_WARN) : ui_attr(S_CRUMB), ALIGN_LEFT);
	draw_header(v);
	const char *by_level = keys_short(CTX_RESULTS, ACT_BY_LEVEL), *out = keys_short(CTX_RESULTS, ACT_EXPORT);
	char *info = level_of(v) == AT_UNITS
		? cn_sprintf("Enter: cấp dưới · %s: theo cấp · %s: xuất tệp · p: tháng/quý/năm · <, >: kỳ trước, kỳ sau",
			     by_level, out)
		: level_of(v) == AT_LEVELS
		? cn_sprintf("Enter: các đơn vị của cấp · Backspace, %s: theo đơn vị · ←/→: các cột", by_level)
		: level_of(v) == AT_LEVEL_UNITS ? cn_strdup("Enter: các tổ của đơn vị · Backspace: lên · ←/→: các cột")
		: level_of(v) == AT_TEAMS ? cn_strdup("Enter: thành viên của tổ (hoặc bảng nhập) · k: bảng nhập của tổ · "
						     "Backspace: lên · ←/→: các cột")
		: cn_strdup("Enter, k: bảng nhập của tổ · Backspace: lên · ←/→: các cột");
	ui_set_info(info);
	free(info);
}

/* --- Keys --- */

/* Every level shows the period chosen: those below read it again when
 * they show. */
static int period_changed(struct results_view *v)
{
	for (struct screen *p = screen_below(&v->screen); p && p->ops == v->screen.ops; p = screen_below(p))
		screen_reload_later(p);
	return SCREEN_RELOAD;
}

static int shift_period(struct results_view *v, int delta)
{
	struct results_session *s = v->ses;
	int parts = s->kind == BY_MONTH ? 12 : s->kind == BY_QUARTER ? 4 : 1;
	if (parts == 1) {
		s->year += delta;
	} else {
		s->part += delta;
		if (s->part < 1)
			s->part = parts, s->year--;
		else if (s->part > parts)
			s->part = 1, s->year++;
	}
	return period_changed(v);
}

static int next_kind(struct results_view *v)
{
	struct results_session *s = v->ses;
	if (s->kind == BY_MONTH) {
		s->kind = BY_QUARTER;
		s->part = (s->part - 1) / 3 + 1;
	} else if (s->kind == BY_QUARTER) {
		s->kind = BY_YEAR;
	} else {
		s->kind = BY_MONTH;
		s->part = 1;
	}
	return period_changed(v);
}

/* The team's grid, at the view's month or its period's last; the figures
 * are read again after it if it changed any. */
static int open_grid(struct results_view *v, long long team_id)
{
	int year = 0, month = 0;
	sscanf(v->to, "%d-%d", &year, &month);
	screen_push(results_grid_new(v->db, team_id, year, month));
	return SCREEN_HANDLED;
}

static struct results_view *level_new(struct results_session *ses, int at, long long id, long long parent,
				      int depth);

static void push_level(struct results_view *l)
{
	screen_push(&l->screen);
	ui_repaint(); /* a new table: repaint rather than let curses scroll the old one */
}

/* True when a team's figures are split by member (a row beyond the team's
 * own "unsplit" row, or more than it). */
static bool split_by_member(const struct results_view *v)
{
	return v->n > 1 || (v->n == 1 && v->children[0].id != 0);
}

static int drill(struct results_view *v)
{
	long long i = v->table.cursor;
	if (i >= v->n || v->depth == MAX_DEPTH)
		return SCREEN_HANDLED;
	const struct child *c = &v->children[i];
	if (level_of(v) == AT_MEMBERS)
		return open_grid(v, unit_of(v));
	struct results_view *l;
	if (level_of(v) == AT_TEAMS) {
		l = level_new(v->ses, AT_MEMBERS, c->id, 0, v->depth + 1);
		if (!split_by_member(l)) { /* nothing behind the team's figure: its grid */
			screen_discard(&l->screen);
			return open_grid(v, c->id);
		}
	} else if (level_of(v) == AT_LEVELS) {
		l = level_new(v->ses, AT_LEVEL_UNITS, c->id, unit_of(v), v->depth + 1);
	} else if (level_of(v) == AT_LEVEL_UNITS) {
		l = level_new(v->ses, AT_TEAMS, c->id, 0, v->depth + 1);
	} else {
		l = level_new(v->ses, c->is_self ? AT_TEAMS : AT_UNITS, c->id, 0, v->depth + 1);
		/* A unit whose only figures are its own teams' (a village): its teams. */
		if (l->at == AT_UNITS && l->n == 1 && l->children[0].is_self) {
			l->at = AT_TEAMS;
			load(l);
		}
	}
	push_level(l);
	return SCREEN_HANDLED;
}

/* k: the monthly grid of the team under the cursor (or being shown). */
static int team_grid(struct results_view *v)
{
	long long i = v->table.cursor;
	if (level_of(v) == AT_MEMBERS)
		return open_grid(v, unit_of(v));
	if (level_of(v) == AT_TEAMS && i < v->n)
		return open_grid(v, v->children[i].id);
	ui_message(S_INFO, "Chọn một tổ (Enter trên dòng các tổ trực thuộc) để mở bảng nhập kết quả của tổ.");
	return SCREEN_HANDLED;
}

/* c: the view by level of the unit shown, and back. */
static int by_level(struct results_view *v)
{
	if (level_of(v) == AT_LEVELS)
		return SCREEN_CLOSE;
	if (level_of(v) != AT_UNITS || v->depth == MAX_DEPTH) {
		ui_message(S_INFO, "Xem theo cấp từ màn hình theo đơn vị (Backspace để lên).");
		return SCREEN_HANDLED;
	}
	push_level(level_new(v->ses, AT_LEVELS, unit_of(v), 0, v->depth + 1));
	return SCREEN_HANDLED;
}

static int scroll_cols(struct results_view *v, int delta)
{
	struct results_session *s = v->ses;
	int idx[MAX_COLS], xs[MAX_COLS];
	if (delta < 0 && s->hscroll > FIXED_COLS)
		s->hscroll--;
	else if (delta > 0 && idx[results_visible_cols(s->widths, s->ncols, FIXED_COLS, s->hscroll, idx, xs, MAX_COLS) - 1] <
				      s->ncols - 1)
		s->hscroll++;
	return SCREEN_REDRAW;
}

static int approve(struct results_view *v)
{
	screen_push(approval_view_new(v->db, unit_of(v), v->from));
	return SCREEN_HANDLED;
}

static const struct screen_ops level_ops;

/* The results of the unit these levels start from (a level of teams or
 * members shows part of it), for the period shown, as the report file. */
static int export_results(struct results_view *v)
{
	long long unit = 0;
	for (struct screen *p = &v->screen; p; p = screen_below(p))
		if (p->ops == &level_ops && ((struct results_view *)p)->at == AT_UNITS) {
			unit = ((struct results_view *)p)->id;
			break;
		}
	report_results_export(v->db, unit, v->from, v->to);
	return SCREEN_HANDLED;
}

static int key(struct screen *s, int action, int key)
{
	(void)key;
	struct results_view *v = (struct results_view *)s;
	switch (action) {
	case ACT_CHAR_LEFT: return scroll_cols(v, -1);
	case ACT_CHAR_RIGHT: return scroll_cols(v, 1);
	case ACT_OPEN: return drill(v);
	case ACT_MONTH_RESULTS: return team_grid(v);
	case ACT_BY_LEVEL: return by_level(v);
	case ACT_BACK: return SCREEN_CLOSE;
	case ACT_PERIOD_KIND: return next_kind(v);
	case ACT_EXPORT: return export_results(v);
	case ACT_APPROVE: return approve(v);
	case ACT_PREV_PERIOD: return shift_period(v, -1);
	case ACT_NEXT_PERIOD: return shift_period(v, 1);
	case ACT_QUIT:
		screen_close(v->ses->root);
		return SCREEN_HANDLED;
	default: return SCREEN_IGNORED;
	}
}

/* The first level frees what the levels share: it closes last. */
static void done(struct screen *s)
{
	struct results_view *v = (struct results_view *)s;
	clear_children(v);
	struct results_session *ses = v->ses;
	free(v);
	if (ses->root != s)
		return;
	for (int i = 0; i < ses->nind; i++)
		free(ses->ind_names[i]);
	free(ses->ind_names);
	free(ses->ind_ids);
	free(ses);
}

static const struct screen_ops level_ops = {
	.name = "Kết quả hoạt động", .keyctx = CTX_RESULTS, .key = key, .draw = draw, .done = done,
	.load = reload,
};

/* A level listing AT of ID (of PARENT's levels for AT_LEVEL_UNITS), read
 * for the period shown. */
static struct results_view *level_new(struct results_session *ses, int at, long long id, long long parent,
				      int depth)
{
	struct results_view *v = cn_calloc(1, sizeof *v);
	v->screen = (struct screen){.ops = &level_ops, .table = &v->table, .table_y = 2 + HEAD_LINES};
	v->ses = ses;
	v->db = ses->db;
	v->at = at;
	v->id = id;
	v->parent = parent;
	v->depth = depth;
	v->table = (struct table){.cols = one_col, .ncols = 1, .src = &source, .ctx = v, .header = false};
	load(v);
	return v;
}

struct screen *results_view_new(cn_db *db, long long unit_id)
{
	struct results_session *ses = cn_calloc(1, sizeof *ses);
	ses->db = db;
	ses->kind = BY_MONTH;
	ses->hscroll = FIXED_COLS;
	cn_error err = {0};
	if (cn_indicator_list(db, false, add_indicator, ses, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		free(ses);
		return NULL;
	}
	/* The most recent month whose reports are owed (cnscd/today.h). */
	char owed[8];
	cn_last_owed_month(cn_setting_report_due_days(db), owed);
	ses->year = atoi(owed);
	ses->part = atoi(owed + 5);
	size_columns(ses);
	struct results_view *v = level_new(ses, AT_UNITS, unit_id, 0, 1);
	ses->root = &v->screen;
	return &v->screen;
}
