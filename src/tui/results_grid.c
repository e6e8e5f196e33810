/* The monthly results of a team as a grid: one row per indicator, a
 * column "Cả tổ" with the team's figure and, on request (t), one column
 * per member; values are typed in place and saved when the cursor leaves
 * the cell, like a spreadsheet. Once an indicator has members' values the
 * team's figure is their sum, kept so by the core (cn_result_set) and
 * read-only here. A submitted report is read-only until it is reopened
 * (the reopening is logged by the core). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnscd/approval.h"
#include "cnscd/people.h"
#include "cnscd/results.h"
#include "cnscd/stats.h"
#include "cnscd/team.h"
#include "cnscd/text.h"
#include "cnscd/today.h"
#include "dialog.h"
#include "keys.h"
#include "person.h"
#include "results_screens.h"
#include "screen.h"
#include "table.h"
#include "ui.h"

#define MAX_DIGITS 15
#define EDIT_SIZE 24
#define MAX_COLS 256 /* columns on screen: 4 fixed and the members */

struct grid_row {
	long long id;
	char *code, *name, *measure;
	long long *values; /* [0] the team's figure, [1 + j] member j's; -1: none */
	bool split;        /* the team's figure is the members' sum */
};

struct grid_member {
	long long id;
	char *name; /* as the column header shows it */
};

/* What a column of the screen shows: a value (VALUE_COL + j: the team's
 * figure for j = 0, else member j - 1), or one of the fixed texts. */
enum { COL_CODE = -3, COL_NAME = -2, COL_MEASURE = -1, VALUE_COL = 0 };

struct grid {
	struct screen screen;
	cn_db *db;
	long long team_id;
	char *team_name;
	int year, month;
	char period[8]; /* YYYY-MM */
	long long report_id; /* 0: no report yet for the month */
	int status;
	struct grid_row *rows;
	int n;
	struct grid_member *members;
	int nmembers;
	bool show_members;
	int col;     /* the value under the cursor: 0 the team, 1 + j member j */
	int hscroll; /* the first scrolled screen column shown */
	int kinds[MAX_COLS], widths[MAX_COLS], ncols, frozen;
	char edit[EDIT_SIZE]; /* what is being typed in the current cell */
	char *lock;      /* the month is approved: why it is locked (the core's words), else NULL */
	bool lock_told;  /* the lock was shown in full once this month */
	bool editing;
	bool saved; /* something was written since the last key: the screens below read again */
	struct table table;
};

static const struct table_col one_col[] = {{"", 0, ALIGN_LEFT, -1}};

static bool submitted(const struct grid *g) { return g->report_id && g->status == CN_MONTH_REPORT_SUBMITTED; }

static int values_per_row(const struct grid *g) { return 1 + g->nmembers; }

static int add_row(const cn_indicator *ind, void *ctx)
{
	struct grid *g = ctx;
	g->rows = cn_reallocarray(g->rows, (size_t)g->n + 1, sizeof *g->rows);
	g->rows[g->n++] = (struct grid_row){ind->id, cn_strdup(ind->code), cn_strdup(ind->name),
					    cn_strdup(ind->measure ? ind->measure : ""), NULL, false};
	return 0;
}

static int add_member(const cn_month_report_member *m, void *ctx)
{
	struct grid *g = ctx;
	if (g->nmembers + 4 >= MAX_COLS)
		return 1;
	g->members = cn_reallocarray(g->members, (size_t)g->nmembers + 1, sizeof *g->members);
	g->members[g->nmembers].id = m->id;
	g->members[g->nmembers++].name = m->left ? cn_sprintf("%s (đã rời)", m->name) : cn_strdup(m->name);
	return 0;
}

static void clear_members(struct grid *g)
{
	for (int i = 0; i < g->nmembers; i++)
		free(g->members[i].name);
	free(g->members);
	g->members = NULL;
	g->nmembers = 0;
	for (int i = 0; i < g->n; i++) {
		free(g->rows[i].values);
		g->rows[i].values = NULL;
	}
}

static long long member_of(const struct grid *g, int col) { return col ? g->members[col - 1].id : 0; }

/* Reads one row's values back from the core: after a member's value
 * changed, the team's figure is the core's new sum. */
static void load_row(struct grid *g, struct grid_row *r)
{
	for (int c = 0; c < values_per_row(g); c++)
		r->values[c] = g->report_id ? cn_result_get(g->db, g->report_id, r->id, member_of(g, c)) : -1;
	r->split = g->report_id && cn_result_split(g->db, g->report_id, r->id);
}

/* Reads the month's report (if any), the members who can have figures in
 * it, and its values. Member columns show by themselves when the month
 * already has members' values. */
static void fit_columns(struct grid *g);

static void load_month(struct grid *g)
{
	snprintf(g->period, sizeof g->period, "%04d-%02d", g->year, g->month);
	screen_title(&g->screen, "Kết quả tháng %02d/%04d — %s", g->month, g->year, g->team_name);
	g->editing = false;
	g->report_id = 0;
	g->status = CN_MONTH_REPORT_DRAFT;
	cn_error err = {0};
	if (cn_month_report_open(g->db, g->team_id, g->period, false, &g->report_id, &g->status, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	free(g->lock);
	g->lock = NULL;
	g->lock_told = false;
	cn_error lock = {0};
	if (cn_approval_check_editable(g->db, g->team_id, g->period, &lock) != CN_OK)
		g->lock = cn_strdup(lock.msg);
	clear_members(g);
	if (cn_month_report_members(g->db, g->team_id, g->report_id, add_member, g, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	for (int i = 0; i < g->n; i++) {
		g->rows[i].values = cn_calloc((size_t)values_per_row(g), sizeof *g->rows[i].values);
		load_row(g, &g->rows[i]);
		g->show_members |= g->rows[i].split && g->nmembers > 0;
	}
	if (!g->show_members || g->col > g->nmembers)
		g->col = 0;
	fit_columns(g);
}

/* Saves what was typed in the current cell; false (with a message) when
 * it could not be saved. */
static bool commit(struct grid *g)
{
	if (!g->editing)
		return true;
	g->editing = false;
	struct grid_row *r = &g->rows[g->table.cursor];
	long long value = g->edit[0] ? strtoll(g->edit, NULL, 10) : -1;
	if (value == r->values[g->col])
		return true;
	cn_error err = {0};
	if ((!g->report_id && cn_month_report_open(g->db, g->team_id, g->period, true, &g->report_id, &g->status, &err) !=
				      CN_OK) ||
	    cn_result_set(g->db, g->report_id, r->id, member_of(g, g->col), value, &err) != CN_OK) {
		dialog_refusal("Chưa lưu được", err.msg);
		return false;
	}
	g->saved = true;
	load_row(g, r);
	return true;
}

static void locked_message(struct grid *g)
{
	if (!g->lock) {
		ui_message(S_ERROR, "Báo cáo tháng này đã gửi: chỉ xem. Muốn sửa, nhấn m để mở lại.");
	} else if (!g->lock_told) { /* once in full, then shortly */
		g->lock_told = true;
		dialog_alert("Đã duyệt — khóa", g->lock);
	} else {
		ui_message(S_ERROR, "Đã duyệt — khóa: số liệu tháng này không sửa được.");
	}
}

/* False, with the reason, when the current cell cannot be typed in. */
static bool cell_editable(struct grid *g)
{
	if (submitted(g) || g->lock) {
		beep();
		locked_message(g);
		return false;
	}
	if (g->col == 0 && g->rows[g->table.cursor].split) {
		beep();
		ui_message(S_ERROR, "Chỉ tiêu này đã nhập theo từng thành viên: số của cả tổ là tổng của họ, "
				    "hãy sửa ở cột thành viên%s%s%s.", g->show_members ? "" : " (nhấn ",
			   g->show_members ? "" : keys_short(CTX_GRID, ACT_MEMBER_COLS), g->show_members ? "" : " để hiện)");
		return false;
	}
	return true;
}

static void type_key(struct grid *g, int key)
{
	if (!cell_editable(g))
		return;
	if (key < '0' || key > '9') {
		beep();
		ui_message(S_ERROR, "Chỉ gõ chữ số (0–9): giá trị là số nguyên không âm.");
		return;
	}
	if (!g->editing) { /* typing replaces the value, as in a spreadsheet */
		g->editing = true;
		g->edit[0] = '\0';
	}
	size_t len = strlen(g->edit);
	if (len == 1 && g->edit[0] == '0')
		len = 0; /* no leading zeros */
	if (len >= MAX_DIGITS) {
		beep();
		return;
	}
	g->edit[len] = (char)key;
	g->edit[len + 1] = '\0';
}

static void erase_key(struct grid *g, bool all)
{
	if (!cell_editable(g))
		return;
	if (!g->editing) {
		long long v = g->rows[g->table.cursor].values[g->col];
		if (v >= 0)
			snprintf(g->edit, sizeof g->edit, "%lld", v);
		else
			g->edit[0] = '\0';
		g->editing = true;
	}
	size_t len = strlen(g->edit);
	if (all)
		g->edit[0] = '\0';
	else if (len > 0)
		g->edit[len - 1] = '\0';
}

static void submit(struct grid *g)
{
	if (!commit(g))
		return;
	if (submitted(g)) {
		ui_message(S_INFO, "Báo cáo tháng này đã gửi rồi.");
		return;
	}
	char *text = cn_sprintf("Gửi báo cáo tháng %02d/%04d của %s? Sau khi gửi, số liệu chỉ xem được; muốn sửa "
				"phải mở lại (có ghi nhật ký).",
				g->month, g->year, g->team_name);
	bool yes = dialog_confirm("Gửi báo cáo", text, "Gửi", "Không");
	free(text);
	if (!yes)
		return;
	char *by = tui_person(g->db, CN_ACT_SUBMIT);
	if (!by)
		return;
	cn_error err = {0};
	if ((!g->report_id && cn_month_report_open(g->db, g->team_id, g->period, true, &g->report_id, &g->status, &err) !=
				      CN_OK) ||
	    cn_month_report_submit(g->db, g->report_id, by, &err) != CN_OK)
		dialog_refusal("Chưa gửi được", err.msg);
	else
		ui_message(S_INFO, "Đã gửi báo cáo tháng %02d/%04d.", g->month, g->year);
	g->saved = true;
	free(by);
	load_month(g);
}

static void reopen(struct grid *g)
{
	if (g->lock) { /* approved: say why, whole, rather than ask */
		dialog_alert("Đã duyệt — khóa", g->lock);
		return;
	}
	if (!submitted(g)) {
		ui_message(S_INFO, "Báo cáo tháng này chưa gửi: cứ nhập, sửa bình thường.");
		return;
	}
	if (!dialog_confirm("Mở lại báo cáo",
			    "Mở lại báo cáo đã gửi để sửa? Việc mở lại được ghi vào nhật ký; sửa xong hãy gửi lại.",
			    "Mở lại", "Không"))
		return;
	char *by = tui_person(g->db, CN_ACT_SUBMIT);
	if (!by)
		return;
	cn_error err = {0};
	if (cn_month_report_reopen(g->db, g->report_id, by, "Mở lại trên giao diện để sửa", &err) != CN_OK)
		dialog_refusal("Chưa mở lại được", err.msg);
	else
		ui_message(S_INFO, "Đã mở lại báo cáo: sửa xong nhấn %s để gửi lại.", keys_short(CTX_GRID, ACT_SUBMIT));
	g->saved = true;
	free(by);
	load_month(g);
}

static void change_month(struct grid *g, int delta)
{
	if (!commit(g))
		return;
	g->month += delta;
	if (g->month < 1) {
		g->month = 12;
		g->year--;
	} else if (g->month > 12) {
		g->month = 1;
		g->year++;
	}
	load_month(g);
}

/* --- Columns --- */

/* The screen's columns: code, name, measure and the value when members are
 * hidden; code, name, the team and each member when shown (the measure
 * goes to the status line to leave room), scrolling after the team. */
static void size_columns(struct grid *g)
{
	int n = 0;
	g->kinds[n] = COL_CODE, g->widths[n++] = 16;
	g->kinds[n] = COL_NAME, g->widths[n++] = 0;
	if (!g->show_members) {
		g->kinds[n] = COL_MEASURE, g->widths[n++] = 12;
		g->kinds[n] = VALUE_COL, g->widths[n++] = 14;
		g->frozen = n;
	} else {
		g->kinds[n] = VALUE_COL, g->widths[n++] = 12;
		g->frozen = n;
		for (int j = 0; j < g->nmembers && n < MAX_COLS; j++)
			g->kinds[n] = VALUE_COL + 1 + j, g->widths[n++] = 14;
	}
	g->ncols = n;
	/* The name takes what is left beside the fixed columns and up to three
	 * members, at least 20 columns. */
	int used = 0;
	for (int i = 0; i < g->frozen; i++)
		used += g->widths[i] + 1;
	int room = COLS - used - 15 * (g->show_members ? (g->nmembers < 3 ? g->nmembers : 3) : 0);
	g->widths[1] = room > 60 ? 60 : room < 20 ? 20 : room;
	if (g->hscroll < g->frozen)
		g->hscroll = g->frozen;
}

static int visible(const struct grid *g, int *idx, int *xs)
{
	return results_visible_cols(g->widths, g->ncols, g->frozen, g->hscroll, idx, xs, MAX_COLS);
}

/* Scrolls so that the cursor's column is on screen. */
static void show_cursor_col(struct grid *g)
{
	int screen_col = g->col == 0 ? g->frozen - 1 : g->frozen + g->col - 1;
	if (screen_col < g->frozen)
		return;
	if (screen_col < g->hscroll)
		g->hscroll = screen_col;
	int idx[MAX_COLS], xs[MAX_COLS];
	for (;;) {
		int n = visible(g, idx, xs);
		if (idx[n - 1] >= screen_col || g->hscroll >= screen_col)
			break;
		g->hscroll++;
	}
}

/* The columns for the screen's width and what is shown, the cursor's on
 * screen. */
static void fit_columns(struct grid *g)
{
	size_columns(g);
	show_cursor_col(g);
}

static void layout(struct screen *s) { fit_columns((struct grid *)s); }

/* --- Drawing --- */

static long long count(void *ctx) { return ((struct grid *)ctx)->n; }

static void draw_value(struct grid *g, struct table *t, int y, int x, int w, const struct grid_row *r, int c,
		       bool selected, attr_t a)
{
	char buf[CN_NUM_TEXT_LEN + 8];
	bool here = selected && c == g->col;
	if (here && g->editing) {
		snprintf(buf, sizeof buf, "%s▏", g->edit);
		ui_put(t->win, y, x, w, buf, ui_attr(S_FIELD) | A_BOLD, ALIGN_RIGHT);
		return;
	}
	if (r->values[c] >= 0)
		cn_count_text(r->values[c], buf);
	else
		snprintf(buf, sizeof buf, "–");
	bool locked = submitted(g) || (c == 0 && r->split);
	attr_t attr = here && !locked ? ui_attr(S_FIELD) : a;
	if (c == 0 && r->split)
		attr |= A_BOLD; /* a sum, not a typed value */
	ui_put(t->win, y, x, w, buf, attr, ALIGN_RIGHT);
}

static void draw_row(void *ctx, struct table *t, int y, long long i, bool selected)
{
	struct grid *g = ctx;
	const struct grid_row *r = &g->rows[i];
	attr_t a = selected ? ui_attr(S_SELECTED) : A_NORMAL;
	table_fill(t, y, a);
	int idx[MAX_COLS], xs[MAX_COLS];
	int n = visible(g, idx, xs);
	for (int k = 0; k < n; k++) {
		int kind = g->kinds[idx[k]], w = g->widths[idx[k]];
		if (kind >= VALUE_COL)
			draw_value(g, t, y, xs[k], w, r, kind - VALUE_COL, selected, a);
		else
			ui_put(t->win, y, xs[k], w, kind == COL_CODE ? r->code : kind == COL_NAME ? r->name : r->measure, a,
			       ALIGN_LEFT);
	}
}

static const struct table_source source = {count, NULL, draw_row, NULL};

static void draw_header(struct grid *g)
{
	WINDOW *w = g->screen.win;
	int idx[MAX_COLS], xs[MAX_COLS];
	int n = visible(g, idx, xs);
	ui_put(w, 2, 0, COLS, "", ui_attr(S_HEADER), ALIGN_LEFT);
	for (int k = 0; k < n; k++) {
		int kind = g->kinds[idx[k]];
		const char *head = kind == COL_CODE ? "Mã" : kind == COL_NAME ? "Chỉ tiêu" : kind == COL_MEASURE ? "Đơn vị tính"
				 : kind == VALUE_COL ? (g->show_members ? "Cả tổ" : "Giá trị")
						     : g->members[kind - VALUE_COL - 1].name;
		ui_put(w, 2, xs[k], g->widths[idx[k]], head, ui_attr(S_HEADER),
		       kind >= VALUE_COL ? ALIGN_RIGHT : ALIGN_LEFT);
	}
}

static void draw(struct screen *s)
{
	struct grid *g = (struct grid *)s;
	const char *status = g->lock         ? "Đã duyệt — khóa (số liệu đã được duyệt, không sửa, không mở lại)"
			     : !g->report_id ? "Chưa có báo cáo (gõ số để bắt đầu)"
			     : submitted(g)  ? "Đã gửi — chỉ xem; %s: mở lại để sửa"
					     : "Nháp — gõ số rồi Enter/Tab để lưu; %s: gửi";
	char *text = cn_sprintf(status, keys_short(CTX_GRID, submitted(g) ? ACT_REOPEN : ACT_SUBMIT));
	char *line = cn_sprintf(" Trạng thái: %s", text);
	free(text);
	ui_put(s->win, 1, 0, COLS, line, submitted(g) ? ui_attr(S_INFO) : ui_attr(S_CRUMB), ALIGN_LEFT);
	free(line);
	draw_header(g);
	int filled = 0;
	for (int i = 0; i < g->n; i++)
		filled += g->rows[i].values[0] >= 0;
	const struct grid_row *r = g->n ? &g->rows[g->table.cursor] : NULL;
	char *where = !g->show_members ? cn_sprintf("t: theo từng thành viên")
		      : g->col ? cn_sprintf("Ô: %s, %s (%s)", g->members[g->col - 1].name, r ? r->code : "",
					    r ? r->measure : "")
			       : cn_sprintf("Ô: cả tổ, %s (%s)%s", r ? r->code : "", r ? r->measure : "",
					    r && r->split ? " = tổng các thành viên" : "");
	char *info = cn_sprintf("%s · %d/%d chỉ tiêu có số · %s · <, >: tháng trước, tháng sau",
				!g->report_id ? "Chưa có báo cáo" : cn_month_report_status_name(g->status), filled, g->n, where);
	ui_set_info(info);
	free(info);
	free(where);
}

/* --- Moving --- */

static void move_cursor(struct grid *g, int delta)
{
	if (!commit(g))
		return;
	long long to = g->table.cursor + delta;
	if (to >= 0 && to < g->n)
		table_goto(&g->table, to);
}

static int last_col(const struct grid *g) { return g->show_members ? g->nmembers : 0; }

/* Left or right a cell; WRAP moves on to the next (previous) row past the
 * end of a row, as Tab does in a spreadsheet. */
static void move_col(struct grid *g, int delta, bool wrap)
{
	if (!commit(g))
		return;
	int to = g->col + delta;
	if (to < 0 || to > last_col(g)) {
		long long row = g->table.cursor + delta;
		if (!wrap || row < 0 || row >= g->n)
			return;
		table_goto(&g->table, row);
		to = delta > 0 ? 0 : last_col(g);
	}
	g->col = to;
	show_cursor_col(g);
	table_invalidate(&g->table);
}

static void toggle_members(struct grid *g)
{
	if (!commit(g))
		return;
	if (!g->show_members && g->nmembers == 0) {
		ui_message(S_INFO, "Tổ chưa có thành viên nào đang hoạt động để nhập theo từng người.");
		return;
	}
	g->show_members = !g->show_members;
	g->col = g->show_members && g->nmembers ? 1 : 0;
	g->hscroll = 0;
	fit_columns(g);
	ui_repaint();
}

/* SCREEN_CHANGED once after something was written: the screens below
 * (the results view) read their figures again. */
static int saved_flag(struct grid *g)
{
	int r = g->saved ? SCREEN_CHANGED : 0;
	g->saved = false;
	return r;
}

/* Every key the grid takes may change a cell: the whole grid is drawn again. */
static int key(struct screen *s, int action, int key)
{
	struct grid *g = (struct grid *)s;
	switch (action) {
	case ACT_CANCEL: return commit(g) ? SCREEN_CLOSE | saved_flag(g) : SCREEN_REDRAW;
	case ACT_NEXT_CELL: move_col(g, 1, true); break;
	case ACT_PREV_CELL: move_col(g, -1, true); break;
	case ACT_CHAR_RIGHT: move_col(g, 1, false); break;
	case ACT_CHAR_LEFT: move_col(g, -1, false); break;
	case ACT_NEXT_FIELD: move_cursor(g, 1); break;
	case ACT_PREV_FIELD: move_cursor(g, -1); break;
	case ACT_MEMBER_COLS: toggle_members(g); break;
	case ACT_SAVE: commit(g); break;
	case ACT_DEL_PREV: erase_key(g, false); break;
	case ACT_CLEAR: erase_key(g, true); break;
	case ACT_PREV_PERIOD: change_month(g, -1); break;
	case ACT_NEXT_PERIOD: change_month(g, 1); break;
	case ACT_SUBMIT: submit(g); break;
	case ACT_REOPEN: reopen(g); break;
	case ACT_NONE:
		if ((key & TK_FN) || key < 32 || key == 127)
			return SCREEN_IGNORED;
		type_key(g, key);
		break;
	default: return SCREEN_IGNORED;
	}
	return SCREEN_REDRAW | saved_flag(g);
}

/* Leaving by any way keeps what was typed in the cell. */
static void done(struct screen *s)
{
	struct grid *g = (struct grid *)s;
	commit(g);
	clear_members(g);
	for (int i = 0; i < g->n; i++) {
		free(g->rows[i].code);
		free(g->rows[i].name);
		free(g->rows[i].measure);
	}
	free(g->rows);
	free(g->team_name);
	free(g->lock);
	free(g);
}

static const struct screen_ops grid_ops = {
	.name = "Kết quả tháng", .keyctx = CTX_GRID, .key = key, .draw = draw, .done = done, .layout = layout,
};

struct screen *results_grid_new(cn_db *db, long long team_id, int year, int month)
{
	if (year == 0) {
		/* Reports are made after the month ends: last month by default. */
		struct tm tm;
		cn_today_tm(&tm);
		year = tm.tm_year + 1900;
		month = tm.tm_mon; /* 0-based this month = 1-based last month */
		if (month == 0) {
			month = 12;
			year--;
		}
	}
	struct grid *g = cn_calloc(1, sizeof *g);
	*g = (struct grid){.db = db, .team_id = team_id, .year = year, .month = month};
	g->screen = (struct screen){.ops = &grid_ops, .table = &g->table, .table_y = 3};
	g->table = (struct table){.cols = one_col, .ncols = 1, .src = &source, .ctx = g, .header = false};
	cn_team t = {0};
	cn_error err = {0};
	if (cn_team_get(db, team_id, &t, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		free(g);
		return NULL;
	}
	g->team_name = cn_strdup(t.name ? t.name : "");
	cn_team_clear(&t);
	if (cn_indicator_list(db, false, add_row, g, &err) != CN_OK || g->n == 0) {
		ui_message(S_ERROR, "%s", g->n == 0 && !err.msg[0] ? "Chưa có chỉ tiêu nào để nhập kết quả." : err.msg);
		screen_discard(&g->screen);
		return NULL;
	}
	load_month(g);
	return &g->screen;
}
