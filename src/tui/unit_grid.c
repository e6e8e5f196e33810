/* A month of every team of a unit in one grid: the teams of a commune and
 * of its villages as rows, the indicators as columns (their names over two
 * header lines), the team's state beside its name. A commune officer types
 * the month of 9–20 teams without opening a grid per team. Values go
 * through the same core calls as a team's own grid (cn_result_set: the
 * same checks, the same locks); an indicator a team records member by
 * member shows the members' sum, bold, and is typed in the team's own grid.
 * F9 sends the report of the team under the cursor, G every team's draft. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <panel.h>

#include "cnscd/approval.h"
#include "cnscd/people.h"
#include "cnscd/results.h"
#include "cnscd/stats.h"
#include "cnscd/text.h"
#include "cnscd/today.h"
#include "cnscd/unit.h"
#include "column_title.h"
#include "dialog.h"
#include "keys.h"
#include "person.h"
#include "results_screens.h"
#include "screen.h"
#include "table.h"
#include "ui.h"

#define NAME_W 24
#define STATE_W 8
#define VALUE_W 9
#define FIXED 2 /* the team, its state */
#define MAX_COLS 64
#define EDIT_SIZE 24

struct team_row {
	long long team_id, report_id;
	int status;
	char *name;  /* "Tổ CNSCĐ Ấp 1" */
	char *lock;  /* approved: the core's words, else NULL */
	long long *values; /* per indicator; -1: none */
	bool *split;       /* per indicator: the members' sum */
};

struct unit_grid {
	struct screen screen;
	cn_db *db;
	long long unit_id;
	char *unit_name;
	int year, month;
	char period[16];
	long long *ind_ids;
	char **ind_names, **ind_measures;
	int nind;
	struct team_row *rows;
	int n;
	int col;     /* the indicator under the cursor */
	int hscroll; /* the first indicator shown */
	char edit[EDIT_SIZE];
	bool editing;
	bool saved; /* something was written since the last key: the screens below read again */
	struct table table;
};

static const struct table_col one_col[] = {{"", 0, ALIGN_LEFT, -1}};

static int add_indicator(const cn_indicator *ind, void *ctx)
{
	struct unit_grid *g = ctx;
	g->ind_ids = cn_reallocarray(g->ind_ids, (size_t)g->nind + 1, sizeof *g->ind_ids);
	g->ind_names = cn_reallocarray(g->ind_names, (size_t)g->nind + 1, sizeof *g->ind_names);
	g->ind_measures = cn_reallocarray(g->ind_measures, (size_t)g->nind + 1, sizeof *g->ind_measures);
	g->ind_ids[g->nind] = ind->id;
	g->ind_names[g->nind] = cn_strdup(ind->name);
	g->ind_measures[g->nind++] = cn_strdup(ind->measure);
	return 0;
}

static void clear_rows(struct unit_grid *g)
{
	for (int i = 0; i < g->n; i++) {
		free(g->rows[i].name);
		free(g->rows[i].lock);
		free(g->rows[i].values);
		free(g->rows[i].split);
	}
	free(g->rows);
	g->rows = NULL;
	g->n = 0;
}

static void load_values(struct unit_grid *g, struct team_row *r)
{
	for (int i = 0; i < g->nind; i++) {
		r->values[i] = r->report_id ? cn_result_get(g->db, r->report_id, g->ind_ids[i], 0) : -1;
		r->split[i] = r->report_id && cn_result_split(g->db, r->report_id, g->ind_ids[i]);
	}
}

static int add_team(const cn_month_team *t, void *ctx)
{
	struct unit_grid *g = ctx;
	g->rows = cn_reallocarray(g->rows, (size_t)g->n + 1, sizeof *g->rows);
	struct team_row *r = &g->rows[g->n++];
	*r = (struct team_row){.team_id = t->team_id, .report_id = t->report_id, .status = t->status,
			       .name = cn_strdup(t->team_name)};
	r->values = cn_calloc((size_t)(g->nind ? g->nind : 1), sizeof *r->values);
	r->split = cn_calloc((size_t)(g->nind ? g->nind : 1), sizeof *r->split);
	cn_error lock = {0};
	if (cn_approval_check_editable(g->db, t->team_id, g->period, &lock) != CN_OK)
		r->lock = cn_strdup(lock.msg);
	load_values(g, r);
	return 0;
}

static void load_month(struct unit_grid *g)
{
	long long keep = g->table.cursor;
	clear_rows(g);
	g->editing = false;
	snprintf(g->period, sizeof g->period, "%04d-%02d", g->year, g->month);
	screen_title(&g->screen, "Kết quả tháng %02d/%04d — các tổ của %s", g->month, g->year, g->unit_name);
	cn_error err = {0};
	if (cn_month_teams(g->db, g->unit_id, g->period, add_team, g, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	table_goto(&g->table, keep < g->n ? keep : 0);
	table_invalidate(&g->table);
}

static const char *state_of(const struct team_row *r)
{
	return r->lock ? "Đã duyệt" : !r->report_id ? "Chưa có" : cn_month_report_status_name(r->status);
}

/* --- Typing --- */

static bool commit(struct unit_grid *g)
{
	if (!g->editing || !g->n)
		return true;
	g->editing = false;
	struct team_row *r = &g->rows[g->table.cursor];
	long long value = g->edit[0] ? strtoll(g->edit, NULL, 10) : -1;
	if (value == r->values[g->col])
		return true;
	cn_error err = {0};
	if ((!r->report_id && cn_month_report_open(g->db, r->team_id, g->period, true, &r->report_id, &r->status, &err) !=
				      CN_OK) ||
	    cn_result_set(g->db, r->report_id, g->ind_ids[g->col], 0, value, &err) != CN_OK) {
		dialog_refusal("Chưa lưu được", err.msg);
		load_values(g, r);
		return false;
	}
	g->saved = true;
	load_values(g, r);
	return true;
}

static bool cell_editable(struct unit_grid *g)
{
	const struct team_row *r = g->n ? &g->rows[g->table.cursor] : NULL;
	if (!r)
		return false;
	if (!r->lock && !(r->report_id && r->status == CN_MONTH_REPORT_SUBMITTED) && !r->split[g->col])
		return true;
	beep();
	if (r->lock)
		dialog_refusal("Đã duyệt — khóa", r->lock);
	else if (r->report_id && r->status == CN_MONTH_REPORT_SUBMITTED)
		ui_message(S_ERROR, "Báo cáo tháng này của %s đã gửi: chỉ xem. Muốn sửa, nhấn m để mở lại.", r->name);
	else
		ui_message(S_ERROR, "%s nhập chỉ tiêu này theo từng thành viên: sửa ở bảng nhập của tổ (k ở danh sách "
				    "các tổ).", r->name);
	return false;
}

static void type_key(struct unit_grid *g, int key)
{
	if (key < '0' || key > '9') {
		beep();
		ui_message(S_ERROR, "Chỉ gõ chữ số (0–9): giá trị là số nguyên không âm.");
		return;
	}
	if (!g->editing) {
		if (!cell_editable(g))
			return;
		g->editing = true;
		g->edit[0] = '\0';
	}
	size_t len = strlen(g->edit);
	if (len + 1 < EDIT_SIZE && len < 10) {
		g->edit[len] = (char)key;
		g->edit[len + 1] = '\0';
	}
	table_invalidate(&g->table);
}

static void erase_key(struct unit_grid *g, bool all)
{
	if (!g->editing) {
		if (!cell_editable(g))
			return;
		const struct team_row *r = &g->rows[g->table.cursor];
		g->editing = true;
		if (r->values[g->col] >= 0)
			snprintf(g->edit, sizeof g->edit, "%lld", r->values[g->col]);
		else
			g->edit[0] = '\0';
	}
	size_t len = strlen(g->edit);
	if (all)
		g->edit[0] = '\0';
	else if (len > 0)
		g->edit[len - 1] = '\0';
	table_invalidate(&g->table);
}

/* --- Sending --- */

/* Sends the drafts of ROWS[0..N) by the person asked once: how many were
 * sent; the first refusal shown whole. */
static int send(struct unit_grid *g, struct team_row **rows, int n)
{
	char *by = tui_person(g->db, CN_ACT_SUBMIT);
	if (!by)
		return 0;
	int sent = 0;
	for (int i = 0; i < n; i++) {
		cn_error err = {0};
		if (cn_month_report_submit(g->db, rows[i]->report_id, by, &err) != CN_OK) {
			char *title = cn_sprintf("Chưa gửi được báo cáo của %s", rows[i]->name);
			dialog_refusal(title, err.msg);
			free(title);
			break;
		}
		sent++;
	}
	g->saved |= sent > 0;
	free(by);
	return sent;
}

static bool is_draft(const struct team_row *r)
{
	return r->report_id && r->status == CN_MONTH_REPORT_DRAFT && !r->lock;
}

static void submit_one(struct unit_grid *g)
{
	if (!commit(g) || !g->n)
		return;
	struct team_row *r = &g->rows[g->table.cursor];
	if (!is_draft(r)) {
		ui_message(S_INFO, !r->report_id ? "%s chưa có số liệu tháng này: gõ số trước khi gửi."
					       : "Báo cáo tháng này của %s đã gửi rồi.", r->name);
		return;
	}
	char *text = cn_sprintf("Gửi báo cáo tháng %02d/%04d của %s? Sau khi gửi, số liệu chỉ xem được; muốn sửa "
				"phải mở lại (có ghi nhật ký).", g->month, g->year, r->name);
	bool yes = dialog_confirm("Gửi báo cáo", text, "Gửi", "Không");
	free(text);
	if (yes && send(g, &r, 1) == 1)
		ui_message(S_INFO, "Đã gửi báo cáo tháng %02d/%04d của %s.", g->month, g->year, r->name);
	load_month(g);
}

static void submit_all(struct unit_grid *g)
{
	if (!commit(g))
		return;
	struct team_row **drafts = cn_calloc((size_t)(g->n ? g->n : 1), sizeof *drafts);
	int n = 0, empty = 0;
	for (int i = 0; i < g->n; i++) {
		if (is_draft(&g->rows[i]))
			drafts[n++] = &g->rows[i];
		empty += !g->rows[i].report_id;
	}
	if (!n) {
		ui_message(S_INFO, "Không còn tổ nào có bản nháp để gửi tháng %02d/%04d.", g->month, g->year);
		free(drafts);
		return;
	}
	char *text = cn_sprintf("Gửi báo cáo tháng %02d/%04d của %d tổ còn nháp?%s Sau khi gửi, số liệu chỉ xem được.",
				g->month, g->year, n,
				empty ? " Tổ chưa có số liệu nào thì chưa gửi." : "");
	bool yes = dialog_confirm("Gửi tất cả", text, "Gửi", "Không");
	free(text);
	int sent = yes ? send(g, drafts, n) : 0;
	if (sent)
		ui_message(S_INFO, "Đã gửi báo cáo tháng %02d/%04d của %d tổ.", g->month, g->year, sent);
	free(drafts);
	load_month(g);
}

static void reopen(struct unit_grid *g)
{
	if (!commit(g) || !g->n)
		return;
	struct team_row *r = &g->rows[g->table.cursor];
	if (r->lock) {
		dialog_alert("Đã duyệt — khóa", r->lock);
		return;
	}
	if (!r->report_id || r->status != CN_MONTH_REPORT_SUBMITTED) {
		ui_message(S_INFO, "Báo cáo của %s chưa gửi: cứ nhập, sửa bình thường.", r->name);
		return;
	}
	if (!dialog_confirm("Mở lại báo cáo", "Mở lại báo cáo đã gửi để sửa? Việc mở lại được ghi vào nhật ký.",
			    "Mở lại", "Không"))
		return;
	char *by = tui_person(g->db, CN_ACT_SUBMIT);
	cn_error err = {0};
	if (by && cn_month_report_reopen(g->db, r->report_id, by, "Mở lại trên bảng nhập của đơn vị", &err) != CN_OK)
		dialog_refusal("Chưa mở lại được", err.msg);
	else if (by)
		g->saved = true;
	free(by);
	load_month(g);
}

static void change_month(struct unit_grid *g, int delta)
{
	if (!commit(g))
		return;
	g->month += delta;
	if (g->month < 1)
		g->month = 12, g->year--;
	else if (g->month > 12)
		g->month = 1, g->year++;
	load_month(g);
}

/* --- Drawing --- */

/* The screen's columns: the team, its state, then the indicators from
 * HSCROLL as many as fit. */
static int visible(const struct unit_grid *g, int *idx, int *xs)
{
	int widths[MAX_COLS];
	int n = FIXED + g->nind < MAX_COLS ? FIXED + g->nind : MAX_COLS;
	widths[0] = NAME_W, widths[1] = STATE_W;
	for (int c = FIXED; c < n; c++)
		widths[c] = VALUE_W;
	return results_visible_cols(widths, n, FIXED, FIXED + g->hscroll, idx, xs, MAX_COLS);
}

static void show_cursor_col(struct unit_grid *g)
{
	if (g->col < g->hscroll)
		g->hscroll = g->col;
	int idx[MAX_COLS], xs[MAX_COLS];
	while (g->hscroll < g->col) {
		int n = visible(g, idx, xs);
		if (idx[n - 1] >= FIXED + g->col)
			break;
		g->hscroll++;
	}
}

static long long count(void *ctx) { return ((struct unit_grid *)ctx)->n; }

static void draw_row(void *ctx, struct table *t, int y, long long index, bool selected)
{
	struct unit_grid *g = ctx;
	const struct team_row *r = &g->rows[index];
	bool read_only = r->lock || (r->report_id && r->status == CN_MONTH_REPORT_SUBMITTED);
	attr_t a = selected ? ui_attr(S_SELECTED) : read_only ? ui_attr(S_INACTIVE) : A_NORMAL;
	table_fill(t, y, a);
	int idx[MAX_COLS], xs[MAX_COLS];
	int n = visible(g, idx, xs);
	for (int k = 0; k < n; k++) {
		int c = idx[k];
		if (c == 0) {
			ui_put(t->win, y, xs[k], NAME_W, r->name, a, ALIGN_LEFT);
			continue;
		}
		if (c == 1) {
			ui_put(t->win, y, xs[k], STATE_W, state_of(r), a, ALIGN_LEFT);
			continue;
		}
		int i = c - FIXED;
		char buf[CN_NUM_TEXT_LEN + 8];
		bool here = selected && i == g->col;
		if (here && g->editing) {
			snprintf(buf, sizeof buf, "%s▏", g->edit);
			ui_put(t->win, y, xs[k], VALUE_W, buf, ui_attr(S_FIELD) | A_BOLD, ALIGN_RIGHT);
			continue;
		}
		if (r->values[i] >= 0)
			cn_count_text(r->values[i], buf);
		else
			snprintf(buf, sizeof buf, "–");
		attr_t at = here && !read_only && !r->split[i] ? ui_attr(S_FIELD) : a;
		ui_put(t->win, y, xs[k], VALUE_W, buf, at | (r->split[i] ? A_BOLD : 0), ALIGN_RIGHT);
	}
}

static const struct table_source source = {count, NULL, draw_row, NULL};

static void draw_header(struct unit_grid *g)
{
	for (int y = 2; y < 4; y++) {
		ui_put(g->screen.win, y, 0, COLS, "", ui_attr(S_HEADER), ALIGN_LEFT);
	}
	int idx[MAX_COLS], xs[MAX_COLS];
	int n = visible(g, idx, xs);
	for (int k = 0; k < n; k++) {
		int c = idx[k];
		struct column_title l;
		column_title(c == 0 ? "Tổ" : c == 1 ? "Tình trạng" : g->ind_names[c - FIXED],
			     c == 0 ? NAME_W : c == 1 ? STATE_W : VALUE_W, &l);
		for (int y = 0; y < 2; y++)
			ui_put(g->screen.win, 2 + y, xs[k], c == 0 ? NAME_W : c == 1 ? STATE_W : VALUE_W, l.line[y],
			       ui_attr(S_HEADER), ALIGN_LEFT);
	}
}

static void draw(struct screen *s)
{
	struct unit_grid *g = (struct unit_grid *)s;
	int sent = 0, drafts = 0, approved = 0;
	for (int i = 0; i < g->n; i++) {
		approved += g->rows[i].lock != NULL;
		sent += !g->rows[i].lock && g->rows[i].report_id && g->rows[i].status == CN_MONTH_REPORT_SUBMITTED;
		drafts += is_draft(&g->rows[i]);
	}
	char *line = cn_sprintf(" %d tổ: %d đã gửi, %d nháp, %d chưa có số%s · %s: gửi tổ đang chọn · %s: gửi tất cả",
				g->n, sent, drafts, g->n - sent - drafts - approved,
				approved ? " · đã duyệt — khóa" : "", keys_short(CTX_UNIT_GRID, ACT_SUBMIT),
				keys_short(CTX_UNIT_GRID, ACT_SUBMIT_ALL));
	ui_put(s->win, 1, 0, COLS, line, ui_attr(S_CRUMB), ALIGN_LEFT);
	free(line);
	draw_header(g);
	if (g->n && g->nind) {
		const struct team_row *r = &g->rows[g->table.cursor];
		char *info = cn_sprintf("Ô: %s, %s (%s)%s · <, >: tháng trước, tháng sau", r->name, g->ind_names[g->col],
					g->ind_measures[g->col],
					r->split[g->col] ? " = tổng các thành viên" : "");
		ui_set_info(info);
		free(info);
	} else {
		ui_set_info(g->n ? "" : "Không có tổ nào phải báo cáo tháng này.");
	}
}

/* --- Moving --- */

static void move_row(struct unit_grid *g, int delta)
{
	if (!commit(g))
		return;
	long long to = g->table.cursor + delta;
	if (to >= 0 && to < g->n)
		table_goto(&g->table, to);
}

static void move_col(struct unit_grid *g, int delta, bool wrap)
{
	if (!commit(g))
		return;
	int to = g->col + delta;
	if (to < 0 || to >= g->nind) {
		long long row = g->table.cursor + delta;
		if (!wrap || row < 0 || row >= g->n)
			return;
		table_goto(&g->table, row);
		to = delta > 0 ? 0 : g->nind - 1;
	}
	g->col = to;
	show_cursor_col(g);
	table_invalidate(&g->table);
}

static int saved_flag(struct unit_grid *g)
{
	int r = g->saved ? SCREEN_CHANGED : 0;
	g->saved = false;
	return r;
}

/* Every key the grid takes may change a cell: the whole grid is drawn again. */
static int key(struct screen *s, int action, int key)
{
	struct unit_grid *g = (struct unit_grid *)s;
	switch (action) {
	case ACT_CANCEL: return commit(g) ? SCREEN_CLOSE | saved_flag(g) : SCREEN_REDRAW;
	case ACT_NEXT_CELL: move_col(g, 1, true); break;
	case ACT_PREV_CELL: move_col(g, -1, true); break;
	case ACT_CHAR_RIGHT: move_col(g, 1, false); break;
	case ACT_CHAR_LEFT: move_col(g, -1, false); break;
	case ACT_NEXT_FIELD: move_row(g, 1); break;
	case ACT_PREV_FIELD: move_row(g, -1); break;
	case ACT_SAVE: commit(g); break;
	case ACT_DEL_PREV: erase_key(g, false); break;
	case ACT_CLEAR: erase_key(g, true); break;
	case ACT_PREV_PERIOD: change_month(g, -1); break;
	case ACT_NEXT_PERIOD: change_month(g, 1); break;
	case ACT_SUBMIT: submit_one(g); break;
	case ACT_SUBMIT_ALL: submit_all(g); break;
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
	struct unit_grid *g = (struct unit_grid *)s;
	commit(g);
	clear_rows(g);
	for (int i = 0; i < g->nind; i++) {
		free(g->ind_names[i]);
		free(g->ind_measures[i]);
	}
	free(g->ind_ids);
	free(g->ind_names);
	free(g->ind_measures);
	free(g->unit_name);
	free(g);
}

static const struct screen_ops grid_ops = {
	.name = "Kết quả tháng của các tổ", .keyctx = CTX_UNIT_GRID, .key = key, .draw = draw, .done = done,
};

struct screen *unit_grid_new(cn_db *db, long long unit_id)
{
	struct unit_grid *g = cn_calloc(1, sizeof *g);
	g->db = db;
	g->unit_id = unit_id;
	g->screen = (struct screen){.ops = &grid_ops, .table = &g->table, .table_y = 4};
	g->table = (struct table){.cols = one_col, .ncols = 1, .src = &source, .ctx = g, .header = false};
	cn_unit u = {0};
	cn_error err = {0};
	if (cn_unit_get(db, unit_id, &u, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		screen_discard(&g->screen);
		return NULL;
	}
	g->unit_name = cn_strdup(u.name);
	cn_unit_clear(&u);
	/* Reports are made after the month ends: last month by default. */
	struct tm tm;
	cn_today_tm(&tm);
	g->year = tm.tm_year + 1900;
	g->month = tm.tm_mon;
	if (g->month == 0)
		g->month = 12, g->year--;
	if (cn_indicator_list(db, false, add_indicator, g, &err) != CN_OK || g->nind == 0) {
		ui_message(S_ERROR, "%s", g->nind == 0 && !err.msg[0] ? "Chưa có chỉ tiêu nào để nhập kết quả." : err.msg);
		screen_discard(&g->screen);
		return NULL;
	}
	load_month(g);
	return &g->screen;
}
