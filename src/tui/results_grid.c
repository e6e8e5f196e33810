/* The monthly results of a team as a grid: one row per indicator, the
 * value typed in place and saved when the cursor leaves the cell, like a
 * spreadsheet. A submitted report is read-only until it is reopened (the
 * reopening is logged by the core). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <panel.h>

#include "cnscd/results.h"
#include "cnscd/stats.h"
#include "cnscd/team.h"
#include "cnscd/text.h"
#include "dialog.h"
#include "keys.h"
#include "results.h"
#include "screens.h"
#include "table.h"
#include "ui.h"

#define MAX_DIGITS 15
#define EDIT_SIZE 24

struct grid_row {
	long long id;
	char *code, *name, *measure;
	long long value; /* -1: none */
};

struct grid {
	cn_db *db;
	long long team_id;
	char *team_name;
	int year, month;
	char period[8]; /* YYYY-MM */
	long long report_id; /* 0: no report yet for the month */
	int status;
	struct grid_row *rows;
	int n;
	char edit[EDIT_SIZE]; /* what is being typed in the current cell */
	bool editing;
	struct table table;
	struct fullscreen fs;
};

static const struct table_col cols[] = {
	{"Mã", 16, ALIGN_LEFT, -1},
	{"Chỉ tiêu", 0, ALIGN_LEFT, -1},
	{"Đơn vị tính", 12, ALIGN_LEFT, -1},
	{"Giá trị", 14, ALIGN_RIGHT, -1},
};

static bool submitted(const struct grid *g) { return g->report_id && g->status == CN_REPORT_SUBMITTED; }

static int add_row(const cn_indicator *ind, void *ctx)
{
	struct grid *g = ctx;
	g->rows = cn_reallocarray(g->rows, (size_t)g->n + 1, sizeof *g->rows);
	g->rows[g->n++] = (struct grid_row){ind->id, cn_strdup(ind->code), cn_strdup(ind->name),
					    cn_strdup(ind->measure ? ind->measure : ""), -1};
	return 0;
}

/* Reads the month's report (if any) and its values. */
static void load_month(struct grid *g)
{
	snprintf(g->period, sizeof g->period, "%04d-%02d", g->year, g->month);
	g->editing = false;
	g->report_id = 0;
	g->status = CN_REPORT_DRAFT;
	cn_error err = {0};
	if (cn_report_open(g->db, g->team_id, g->period, false, &g->report_id, &g->status, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	for (int i = 0; i < g->n; i++)
		g->rows[i].value = g->report_id ? cn_result_get(g->db, g->report_id, g->rows[i].id, 0) : -1;
	table_invalidate(&g->table);
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
	if (value == r->value)
		return true;
	cn_error err = {0};
	if ((!g->report_id && cn_report_open(g->db, g->team_id, g->period, true, &g->report_id, &g->status, &err) !=
				      CN_OK) ||
	    cn_result_set(g->db, g->report_id, r->id, 0, value, &err) != CN_OK) {
		ui_message(S_ERROR, "Chưa lưu %s: %s", r->code, err.msg);
		return false;
	}
	r->value = value;
	return true;
}

static void locked_message(void)
{
	ui_message(S_ERROR, "Báo cáo tháng này đã gửi: chỉ xem. Muốn sửa, nhấn m để mở lại.");
}

static void type_key(struct grid *g, int key)
{
	if (submitted(g)) {
		beep();
		locked_message();
		return;
	}
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
	if (submitted(g)) {
		beep();
		locked_message();
		return;
	}
	if (!g->editing) {
		long long v = g->rows[g->table.cursor].value;
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

static char *operator_name(cn_db *db)
{
	char *name = cn_setting_get(db, "preparer_name");
	if (name && *name)
		return name;
	free(name);
	const char *user = getenv("USER");
	return cn_strdup(user && *user ? user : "?");
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
	cn_error err = {0};
	char *by = operator_name(g->db);
	if ((!g->report_id && cn_report_open(g->db, g->team_id, g->period, true, &g->report_id, &g->status, &err) !=
				      CN_OK) ||
	    cn_report_submit(g->db, g->report_id, by, &err) != CN_OK)
		ui_message(S_ERROR, "Chưa gửi được: %s", err.msg);
	else
		ui_message(S_INFO, "Đã gửi báo cáo tháng %02d/%04d.", g->month, g->year);
	free(by);
	load_month(g);
}

static void reopen(struct grid *g)
{
	if (!submitted(g)) {
		ui_message(S_INFO, "Báo cáo tháng này chưa gửi: cứ nhập, sửa bình thường.");
		return;
	}
	if (!dialog_confirm("Mở lại báo cáo",
			    "Mở lại báo cáo đã gửi để sửa? Việc mở lại được ghi vào nhật ký; sửa xong hãy gửi lại.",
			    "Mở lại", "Không"))
		return;
	cn_error err = {0};
	char *by = operator_name(g->db);
	if (cn_report_reopen(g->db, g->report_id, by, "Mở lại trên giao diện để sửa", &err) != CN_OK)
		ui_message(S_ERROR, "Chưa mở lại được: %s", err.msg);
	else
		ui_message(S_INFO, "Đã mở lại báo cáo: sửa xong nhấn F9 để gửi lại.");
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

static long long count(void *ctx) { return ((struct grid *)ctx)->n; }

static void fetch(void *ctx, long long first, int n)
{
	(void)ctx, (void)first, (void)n; /* the catalogue is a few rows, read once */
}

static void draw_row(void *ctx, struct table *t, int y, long long i, bool selected)
{
	struct grid *g = ctx;
	const struct grid_row *r = &g->rows[i];
	attr_t a = selected ? ui_attr(S_SELECTED) : A_NORMAL;
	table_fill(t, y, a);
	table_cell(t, y, 0, r->code, a);
	table_cell(t, y, 1, r->name, a);
	table_cell(t, y, 2, r->measure, a);
	char buf[CN_NUM_TEXT_LEN + 4];
	if (selected && g->editing) {
		snprintf(buf, sizeof buf, "%s▏", g->edit);
		table_cell(t, y, 3, buf, ui_attr(S_FIELD) | A_BOLD);
	} else {
		if (r->value >= 0)
			cn_count_text(r->value, buf);
		else
			snprintf(buf, sizeof buf, "–");
		table_cell(t, y, 3, buf, selected && !submitted(g) ? ui_attr(S_FIELD) : a);
	}
}

static const struct table_source source = {count, fetch, draw_row, NULL};

static void draw(void *ctx)
{
	struct grid *g = ctx;
	char *title = cn_sprintf(" Kết quả tháng %02d/%04d — %s", g->month, g->year, g->team_name);
	ui_put(g->fs.win, 0, 0, COLS, title, ui_attr(S_TITLE), ALIGN_LEFT);
	free(title);
	const char *status = !g->report_id ? "Chưa có báo cáo (gõ số để bắt đầu)"
			     : submitted(g)  ? "Đã gửi — chỉ xem; m: mở lại để sửa"
					     : "Nháp — gõ số rồi Enter/Tab để lưu; F9: gửi";
	char *line = cn_sprintf(" Trạng thái: %s", status);
	ui_put(g->fs.win, 1, 0, COLS, line, submitted(g) ? ui_attr(S_INFO) : ui_attr(S_CRUMB), ALIGN_LEFT);
	free(line);
	table_invalidate(&g->table);
	table_draw(&g->table);
	int filled = 0;
	for (int i = 0; i < g->n; i++)
		filled += g->rows[i].value >= 0;
	char info[160];
	snprintf(info, sizeof info, "%s · %d/%d chỉ tiêu có số · <, >: tháng trước, tháng sau",
		 !g->report_id ? "Chưa có báo cáo" : cn_report_status_name(g->status), filled, g->n);
	ui_set_info(info);
}

static void layout(void *ctx)
{
	struct grid *g = ctx;
	fullscreen_window(&g->fs);
	table_place(&g->table, g->fs.win, 2, 0, ui_rows() - 2, COLS);
}

static void move_cursor(struct grid *g, int delta)
{
	if (!commit(g))
		return;
	long long to = g->table.cursor + delta;
	if (to >= 0 && to < g->n)
		table_goto(&g->table, to);
}

static void handle(void *ctx, int key)
{
	struct grid *g = ctx;
	if (key == TK_TERMINATE) {
		commit(g);
		g->fs.done = true;
		return;
	}
	int action = keys_action(CTX_GRID, key);
	if (action == ACT_NONE && !(key & TK_FN) && key >= 32 && key != 127) {
		type_key(g, key);
		return;
	}
	switch (action) {
	case ACT_NEXT_FIELD: move_cursor(g, 1); break;
	case ACT_PREV_FIELD: move_cursor(g, -1); break;
	case ACT_SAVE: commit(g); break;
	case ACT_DEL_PREV: erase_key(g, false); break;
	case ACT_CLEAR: erase_key(g, true); break;
	case ACT_PREV_PERIOD: change_month(g, -1); break;
	case ACT_NEXT_PERIOD: change_month(g, 1); break;
	case ACT_SUBMIT: submit(g); break;
	case ACT_REOPEN: reopen(g); break;
	case ACT_HELP: help_run(CTX_GRID, "Kết quả tháng"); break;
	case ACT_CANCEL:
		if (commit(g))
			g->fs.done = true;
		break;
	default:
		if (key == TK_INTERRUPT && commit(g))
			g->fs.done = true;
		break;
	}
}

void results_grid_run(cn_db *db, long long team_id)
{
	struct grid g = {.db = db, .team_id = team_id};
	cn_team t = {0};
	cn_error err = {0};
	if (cn_team_get(db, team_id, &t, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return;
	}
	g.team_name = cn_strdup(t.name ? t.name : "");
	cn_team_clear(&t);
	if (cn_indicator_list(db, false, add_row, &g, &err) != CN_OK || g.n == 0) {
		ui_message(S_ERROR, "%s", g.n == 0 && !err.msg[0] ? "Chưa có chỉ tiêu nào để nhập kết quả." : err.msg);
		goto out;
	}
	/* Reports are made after the month ends: last month by default. */
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	g.year = tm.tm_year + 1900;
	g.month = tm.tm_mon; /* 0-based this month = 1-based last month */
	if (g.month == 0) {
		g.month = 12;
		g.year--;
	}
	g.table = (struct table){.cols = cols, .ncols = (int)CN_ARRAY_LEN(cols), .src = &source, .ctx = &g,
				 .header = true};
	load_month(&g);
	g.fs.layer = (struct ui_layer){.layout = layout, .draw = draw, .ctx = &g, .keyctx = CTX_GRID};
	fullscreen_run(&g.fs, handle);
out:
	for (int i = 0; i < g.n; i++) {
		free(g.rows[i].code);
		free(g.rows[i].name);
		free(g.rows[i].measure);
	}
	free(g.rows);
	free(g.team_name);
}
