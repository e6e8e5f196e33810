/* The home screen: a drill-down through the units, then the teams of a
 * unit, then the members of a team, as a stack of levels. Backspace pops a
 * level, Enter pushes one; search rebuilds the stack down to a hit. */
#include "browser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <panel.h>

#include "cnscd/browse.h"
#include "cnscd/stats.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/team.h"
#include "cnscd/validate.h"
#include "catalogue.h"
#include "bundle_view.h"
#include "dialog.h"
#include "edit.h"
#include "history.h"
#include "keys.h"
#include "lists.h"
#include "results.h"
#include "screen.h"
#include "screens.h"
#include "table.h"
#include "trainings.h"
#include "ui.h"

#define MAX_DEPTH 16
#define CRUMB_SEP " › "

struct level {
	int kind;           /* CN_BROWSE_UNITS, _TEAMS or _MEMBERS */
	long long parent;   /* the unit (units, teams) or team (members) */
	long long unit;     /* the unit this level belongs to (0 at the top) */
	cn_browse *list;
	struct table table;
	struct list_view view;
	char *crumb;
	cn_unit_stats stats; /* of the unit, for the info line */
};

struct browser {
	cn_db *db;
	WINDOW *win;
	PANEL *panel;
	struct level lv[MAX_DEPTH];
	int depth;
	struct ui_layer layer;
	bool frame_dirty;
	bool quit;
};

static struct level *top(struct browser *b) { return &b->lv[b->depth - 1]; }

static unsigned level_ctx(const struct level *l)
{
	return l->kind == CN_BROWSE_UNITS ? CTX_UNITS : l->kind == CN_BROWSE_TEAMS ? CTX_TEAMS : CTX_MEMBERS;
}

static const char *level_title(const struct level *l)
{
	return l->kind == CN_BROWSE_UNITS ? "Danh sách đơn vị" : l->kind == CN_BROWSE_TEAMS ? "Các tổ của đơn vị"
											 : "Thành viên của tổ";
}

/* The whole database's figures are the sum of its top units', which the
 * list reads anyway to draw them: counting everything a second time at
 * start-up would double its cost. */
static bool sum_top_units(struct level *l)
{
	long long n = cn_browse_count(l->list);
	if (n > 100 || cn_browse_fetch(l->list, 0, (int)n, NULL) != CN_OK)
		return false;
	memset(&l->stats, 0, sizeof l->stats);
	for (long long i = 0; i < n; i++) {
		const cn_browse_row *r = cn_browse_get(l->list, i);
		if (!r)
			return false;
		l->stats.teams += r->stats.teams;
		l->stats.members += r->stats.members;
	}
	return true;
}

/* Breadcrumb and figures of level L; read again after every change. */
static void describe_level(struct browser *b, struct level *l)
{
	free(l->crumb);
	char *path = l->unit ? cn_unit_path(b->db, l->unit, CRUMB_SEP) : cn_strdup("Tất cả đơn vị");
	if (l->kind == CN_BROWSE_UNITS) {
		l->crumb = path;
	} else if (l->kind == CN_BROWSE_TEAMS) {
		l->crumb = cn_sprintf("%s" CRUMB_SEP "Các tổ", path);
		free(path);
	} else {
		cn_team t = {0};
		cn_team_get(b->db, l->parent, &t, NULL);
		l->crumb = cn_sprintf("%s" CRUMB_SEP "%s", path, t.name ? t.name : "?");
		cn_team_clear(&t);
		free(path);
	}
	if (l->kind == CN_BROWSE_UNITS && l->unit == 0 && sum_top_units(l))
		return;
	if (l->kind == CN_BROWSE_UNITS)
		cn_browse_unit_stats(b->db, l->unit, &l->stats, NULL);
}

static bool push_level(struct browser *b, int kind, long long parent, long long unit)
{
	if (b->depth == MAX_DEPTH)
		return false;
	cn_error err = {0};
	cn_browse *list = cn_browse_open(b->db, kind, parent, &err);
	if (!list) {
		ui_message(S_ERROR, "%s", err.msg);
		return false;
	}
	struct level *l = &b->lv[b->depth++];
	memset(l, 0, sizeof *l);
	l->kind = kind;
	l->parent = parent;
	l->unit = unit;
	l->list = list;
	list_view_init(&l->view, &l->table, list);
	describe_level(b, l);
	b->frame_dirty = true;
	b->layer.keyctx = level_ctx(l);
	if (b->win)
		table_place(&l->table, b->win, 2, 0, ui_rows() - 2, COLS);
	return true;
}

static void pop_level(struct browser *b)
{
	struct level *l = top(b);
	cn_browse_free(l->list);
	free(l->crumb);
	b->depth--;
	b->frame_dirty = true;
	if (b->depth > 0) {
		b->layer.keyctx = level_ctx(top(b));
		table_invalidate(&top(b)->table);
	}
}

/* Reads every level again after a change, keeping each cursor on its row. */
static void refresh_all(struct browser *b, long long select_id)
{
	for (int i = 0; i < b->depth; i++) {
		struct level *l = &b->lv[i];
		cn_browse_fetch(l->list, l->table.cursor, 1, NULL);
		const cn_browse_row *r = cn_browse_get(l->list, l->table.cursor);
		long long keep = i == b->depth - 1 && select_id ? select_id : r ? r->id : 0;
		cn_error err = {0};
		if (cn_browse_refresh(l->list, &err) != CN_OK)
			ui_message(S_ERROR, "%s", err.msg);
		long long at = keep ? cn_browse_index_of(l->list, keep, NULL) : -1;
		if (at >= 0)
			table_goto(&l->table, at);
		describe_level(b, l);
		table_invalidate(&l->table);
	}
	b->frame_dirty = true;
}

/* Text cut from the left, so that the end of a long path stays visible. */
static void put_tail(WINDOW *w, int y, int x, int width, const char *s, attr_t attr)
{
	const char *p = s;
	if (cn_text_width(s) > width) {
		while (*p && cn_text_width(p) > width - 1)
			p++;
		while ((*p & 0xC0) == 0x80)
			p++;
		char *t = cn_sprintf("…%s", p);
		ui_put(w, y, x, width, t, attr, ALIGN_LEFT);
		free(t);
		return;
	}
	ui_put(w, y, x, width, s, attr, ALIGN_LEFT);
}

struct text_pos {
	WINDOW *win;
	int y, x, w, max_y;
};

static void put_wrapped(const char *line, int len, void *ctx)
{
	struct text_pos *p = ctx;
	if (p->y >= p->max_y)
		return;
	char *s = cn_strndup(line, (size_t)len);
	/* Command lines stand out. */
	ui_put(p->win, p->y++, p->x, p->w, s, strncmp(s, "cnscd ", 6) == 0 ? A_BOLD : A_NORMAL, ALIGN_LEFT);
	free(s);
}

/* A new database: say how to fill it. */
static void draw_empty(struct browser *b)
{
	static const char *const text =
		"Cơ sở dữ liệu còn trống.\n\n"
		"Cách nhanh nhất là nạp danh sách đơn vị hành chính chính thức: thoát (F10 hoặc q) rồi chạy\n"
		"cnscd import units TỆP.csv\n"
		"(README giải thích định dạng tệp và nơi lấy danh sách).\n\n"
		"Hoặc nhấn F7 (hay n) để tự thêm một tỉnh/thành phố, rồi vào trong để thêm xã, thôn, ấp.";
	for (int y = 2; y < ui_rows(); y++) {
		wmove(b->win, y, 0);
		wclrtoeol(b->win);
	}
	struct text_pos p = {b->win, 4, 4, COLS - 8, ui_rows()};
	ui_wrap(text, p.w, put_wrapped, &p);
	table_invalidate(&top(b)->table);
}

static void set_info(struct browser *b)
{
	struct level *l = top(b);
	char left[320], right[64];
	long long count = cn_browse_count(l->list);
	const char *hidden = cn_browse_shows_inactive(l->list) ? "" : NULL;
	char c[CN_NUM_TEXT_LEN], t[CN_NUM_TEXT_LEN], m[CN_NUM_TEXT_LEN];
	cn_count_text(count, c);
	if (l->kind == CN_BROWSE_UNITS) {
		const cn_unit_stats *s = &l->stats;
		cn_count_text(s->teams, t);
		cn_count_text(s->members, m);
		int n = snprintf(left, sizeof left, "%s đơn vị · %s tổ · %s thành viên", c, t, m);
		if (s->children > 0 && l->unit) {
			cn_count_text(s->covered, t);
			cn_count_text(s->children, m);
			snprintf(left + n, sizeof left - (size_t)n, " · %s/%s %s có tổ", t, m, s->child_noun);
		}
		if (hidden)
			strncat(left, " · đang hiện cả đơn vị đã đóng", sizeof left - strlen(left) - 1);
	} else if (l->kind == CN_BROWSE_TEAMS) {
		snprintf(left, sizeof left, "%s tổ%s", c, hidden ? " · đang hiện cả tổ đã giải thể" : "");
	} else {
		snprintf(left, sizeof left, "%s thành viên%s", c, hidden ? " (cả người đã rời tổ)" : "");
	}
	cn_count_text(l->table.cursor + 1, t);
	snprintf(right, sizeof right, count ? "Dòng %s/%s" : "", t, c);
	int lw = cn_text_width(left), rw = cn_text_width(right);
	char line[448];
	int pad = COLS - lw - rw;
	snprintf(line, sizeof line, "%s%*s%s", left, pad > 1 ? pad : 1, "", right);
	ui_set_info(line);
}

static void draw(void *ctx)
{
	struct browser *b = ctx;
	struct level *l = top(b);
	if (b->frame_dirty) {
		ui_put(b->win, 0, 0, COLS, " cnscd · Tổ công nghệ số cộng đồng", ui_attr(S_TITLE), ALIGN_LEFT);
		int tw = cn_text_width(level_title(l)) + 1;
		ui_put(b->win, 0, COLS - tw, tw, level_title(l), ui_attr(S_TITLE), ALIGN_LEFT);
		wattrset(b->win, A_NORMAL);
		mvwaddch(b->win, 1, 0, ' ');
		put_tail(b->win, 1, 1, COLS - 1, l->crumb, ui_attr(S_CRUMB));
		table_invalidate(&l->table);
		b->frame_dirty = false;
	}
	if (b->depth == 1 && cn_browse_count(l->list) == 0 && !cn_browse_shows_inactive(l->list)) {
		for (int y = 2; y < 4; y++) {
			wmove(b->win, y, 0);
			wclrtoeol(b->win);
		}
		draw_empty(b);
	} else {
		table_draw(&l->table);
		if (cn_browse_count(l->list) == 0) {
			static const char *const empty[] = {
				[CN_BROWSE_UNITS] = "Chưa có đơn vị trực thuộc. F7 hoặc n: thêm; t: các tổ của đơn vị này.",
				[CN_BROWSE_TEAMS] = "Đơn vị này chưa có tổ. Nhấn F7 (hoặc n) để thêm tổ.",
				[CN_BROWSE_MEMBERS] = "Tổ chưa có thành viên. Nhấn F7 (hoặc n) để thêm.",
			};
			ui_put(b->win, 4, 4, COLS - 8, empty[l->kind], A_BOLD, ALIGN_LEFT);
		}
	}
	set_info(b);
}

static void layout(void *ctx)
{
	struct browser *b = ctx;
	int rows = ui_rows();
	if (!b->win) {
		b->win = newwin(rows, COLS, 0, 0);
		b->panel = new_panel(b->win);
	} else {
		wresize(b->win, rows, COLS);
		replace_panel(b->panel, b->win);
	}
	leaveok(b->win, TRUE);
	werase(b->win);
	for (int i = 0; i < b->depth; i++)
		table_place(&b->lv[i].table, b->win, 2, 0, rows - 2, COLS);
	b->frame_dirty = true;
}

static const cn_browse_row *current(struct browser *b)
{
	struct level *l = top(b);
	cn_browse_fetch(l->list, l->table.cursor, 1, NULL);
	return cn_browse_get(l->list, l->table.cursor);
}

static void open_teams(struct browser *b, const cn_browse_row *r)
{
	push_level(b, CN_BROWSE_TEAMS, r->id, r->id);
}

static void open_row(struct browser *b, bool teams_only)
{
	const cn_browse_row *r = current(b);
	struct level *l = top(b);
	if (!r) {
		/* An empty list of units: t shows the teams of the unit itself. */
		if (teams_only && l->kind == CN_BROWSE_UNITS && l->unit)
			push_level(b, CN_BROWSE_TEAMS, l->unit, l->unit);
		return;
	}
	if (l->kind == CN_BROWSE_UNITS) {
		/* A village opens its teams; a commune or district with nothing
		 * below yet opens (empty) so that villages can be added there. */
		bool leaf = r->stats.children == 0 && (r->level >= CN_LEVEL_VILLAGE || r->inactive);
		if (teams_only || leaf)
			open_teams(b, r);
		else
			push_level(b, CN_BROWSE_UNITS, r->id, r->id);
	} else if (l->kind == CN_BROWSE_TEAMS) {
		if (!teams_only)
			push_level(b, CN_BROWSE_MEMBERS, r->id, l->unit);
	} else if (!teams_only) {
		long long id = edit_member(b->db, r->id, l->parent);
		if (id)
			refresh_all(b, id);
	}
}

static void add_row(struct browser *b)
{
	struct level *l = top(b);
	long long id = 0;
	if (l->kind == CN_BROWSE_UNITS)
		id = edit_unit(b->db, 0, l->unit);
	else if (l->kind == CN_BROWSE_TEAMS)
		id = edit_team(b->db, 0, l->parent);
	else
		id = edit_member(b->db, 0, l->parent);
	if (id) {
		/* A new closed unit or a member added as having left must show. */
		refresh_all(b, id);
		if (cn_browse_index_of(l->list, id, NULL) < 0 && !cn_browse_shows_inactive(l->list)) {
			cn_browse_show_inactive(l->list, true, NULL);
			refresh_all(b, id);
		}
	}
}

static void edit_row(struct browser *b)
{
	const cn_browse_row *r = current(b);
	struct level *l = top(b);
	if (!r)
		return;
	long long id = r->id, saved;
	if (l->kind == CN_BROWSE_UNITS)
		saved = edit_unit(b->db, id, l->unit);
	else if (l->kind == CN_BROWSE_TEAMS)
		saved = edit_team(b->db, id, l->parent);
	else
		saved = edit_member(b->db, id, l->parent);
	if (saved)
		refresh_all(b, saved);
}

static void delete_row(struct browser *b)
{
	const cn_browse_row *r = current(b);
	struct level *l = top(b);
	if (!r)
		return;
	bool changed;
	if (l->kind == CN_BROWSE_UNITS)
		changed = remove_unit(b->db, r->id);
	else if (l->kind == CN_BROWSE_TEAMS)
		changed = remove_team(b->db, r->id);
	else
		changed = remove_member(b->db, r->id);
	if (changed)
		refresh_all(b, 0);
}

#define SORT_KEEP_WITHIN 25000

static void cycle_order(struct browser *b, bool reverse)
{
	struct level *l = top(b);
	bool desc;
	int order = cn_browse_order(l->list, &desc);
	if (reverse) {
		desc = !desc;
	} else {
		const int *orders = cn_browse_orders(l->kind);
		int i = 0;
		while (orders[i] >= 0 && orders[i] != order)
			i++;
		order = orders[i] >= 0 && orders[i + 1] >= 0 ? orders[i + 1] : orders[0];
		desc = false;
	}
	const cn_browse_row *r = current(b);
	long long keep = r ? r->id : 0;
	cn_error err = {0};
	if (cn_browse_set_order(l->list, order, desc, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return;
	}
	/* The cursor stays on its row, found within SORT_KEEP_WITHIN rows of
	 * either end (every team; most of the whole-country list): further
	 * than that, finding it would take longer than a key may, and the
	 * cursor goes to the top, as a spreadsheet's would. */
	long long at = keep ? cn_browse_index_near(l->list, keep, SORT_KEEP_WITHIN, NULL) : 0;
	table_goto(&l->table, at > 0 ? at : 0);
	table_invalidate(&l->table);
	ui_message(S_INFO, "Sắp xếp theo %s, %s%s", cn_browse_order_name(order), desc ? "giảm dần" : "tăng dần",
		   keep && at < 0 ? "; con trỏ về đầu danh sách" : "");
}

static void toggle_inactive(struct browser *b)
{
	struct level *l = top(b);
	bool show = !cn_browse_shows_inactive(l->list);
	const cn_browse_row *r = current(b);
	long long keep = r ? r->id : 0;
	cn_error err = {0};
	if (cn_browse_show_inactive(l->list, show, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	long long at = keep ? cn_browse_index_of(l->list, keep, NULL) : 0;
	table_goto(&l->table, at > 0 ? at : 0);
	table_invalidate(&l->table);
}

/* Rebuilds the stack down to a search hit, with each level's cursor on
 * the way there and the hit itself highlighted. */
static void go_to(struct browser *b, const struct search_target *t)
{
	long long ids[MAX_DEPTH];
	int n = cn_browse_ancestors(b->db, t->unit_id, ids, MAX_DEPTH - 3);
	if (n == 0) {
		ui_message(S_ERROR, "Mục này không còn trong cơ sở dữ liệu.");
		return;
	}
	while (b->depth > 1)
		pop_level(b);
	/* ids[0..n) runs from the top unit down to the hit's unit. */
	for (int i = 0; i < n; i++) {
		bool last_unit = i == n - 1;
		if (i > 0 && !push_level(b, CN_BROWSE_UNITS, ids[i - 1], ids[i - 1]))
			return;
		struct level *l = top(b);
		long long at = cn_browse_index_of(l->list, ids[i], NULL);
		if (at < 0) { /* a closed unit: show closed ones here */
			cn_browse_show_inactive(l->list, true, NULL);
			at = cn_browse_index_of(l->list, ids[i], NULL);
		}
		table_goto(&l->table, at > 0 ? at : 0);
		if (last_unit && t->kind == CN_KIND_UNIT)
			return;
	}
	if (!push_level(b, CN_BROWSE_TEAMS, t->unit_id, t->unit_id))
		return;
	struct level *l = top(b);
	long long at = cn_browse_index_of(l->list, t->team_id, NULL);
	if (at < 0) {
		cn_browse_show_inactive(l->list, true, NULL);
		at = cn_browse_index_of(l->list, t->team_id, NULL);
	}
	table_goto(&l->table, at > 0 ? at : 0);
	if (t->kind == CN_KIND_TEAM || !push_level(b, CN_BROWSE_MEMBERS, t->team_id, t->unit_id))
		return;
	l = top(b);
	at = cn_browse_index_of(l->list, t->id, NULL);
	if (at < 0) {
		cn_browse_show_inactive(l->list, true, NULL);
		at = cn_browse_index_of(l->list, t->id, NULL);
	}
	table_goto(&l->table, at > 0 ? at : 0);
}

/* l: the sessions of the unit under the cursor, or a member's history. */
static void open_trainings(struct browser *b)
{
	const cn_browse_row *r = current(b);
	struct level *l = top(b);
	if (l->kind == CN_BROWSE_MEMBERS) {
		if (r)
			member_history(b->db, r->id);
		return;
	}
	screen_run(trainings_new(b->db, l->kind == CN_BROWSE_UNITS && r ? r->id : l->unit));
	refresh_all(b, 0);
}

static void show_history(struct browser *b)
{
	static const char *const tables[] = {
		[CN_BROWSE_UNITS] = "unit", [CN_BROWSE_TEAMS] = "team", [CN_BROWSE_MEMBERS] = "member"};
	const cn_browse_row *r = current(b);
	if (r)
		screen_run(history_new(b->db, tables[top(b)->kind], r->id, r->name));
}

/* Whether the unit or team a level lists still exists: an undo may have
 * taken away the one the user is in. */
static bool level_exists(struct browser *b, struct level *l)
{
	int rc = CN_OK;
	if (l->kind == CN_BROWSE_MEMBERS) {
		cn_team t = {0};
		rc = cn_team_get(b->db, l->parent, &t, NULL);
		cn_team_clear(&t);
	} else if (l->parent) {
		cn_unit u = {0};
		rc = cn_unit_get(b->db, l->parent, &u, NULL);
		cn_unit_clear(&u);
	}
	return rc != CN_ENOTFOUND;
}

static void undo(struct browser *b)
{
	if (!history_undo(b->db))
		return;
	while (b->depth > 1 && !level_exists(b, top(b)))
		pop_level(b);
	refresh_all(b, 0);
}

static bool confirm_quit(void)
{
	return dialog_confirm("Thoát", "Thoát cnscd? Mọi thay đổi đã được lưu.", "Thoát", "Ở lại");
}

static void handle(struct browser *b, int key)
{
	struct level *l = top(b);
	if (key == TK_TERMINATE) {
		b->quit = true;
		return;
	}
	int action = keys_action(level_ctx(l), key);
	if (table_move(&l->table, action))
		return;
	switch (action) {
	case ACT_OPEN: open_row(b, false); break;
	case ACT_TEAMS: open_row(b, true); break;
	case ACT_TRAININGS: open_trainings(b); break;
	case ACT_BACK:
		if (b->depth > 1)
			pop_level(b);
		break;
	case ACT_NEW: add_row(b); break;
	case ACT_EDIT: edit_row(b); break;
	case ACT_DELETE: delete_row(b); break;
	case ACT_SORT: cycle_order(b, false); break;
	case ACT_REVERSE: cycle_order(b, true); break;
	case ACT_INACTIVE: toggle_inactive(b); break;
	case ACT_HISTORY: show_history(b); break;
	case ACT_UNDO: undo(b); break;
	case ACT_REFRESH:
		refresh_all(b, 0);
		ui_repaint();
		break;
	case ACT_SEARCH: {
		struct search_target t;
		if (search_run(b->db, &t))
			go_to(b, &t);
		break;
	}
	case ACT_REPORT: report_screen_run(b->db, l->unit); break;
	case ACT_BUNDLES:
		screen_run(bundle_view_new(b->db, l->unit));
		refresh_all(b, 0);
		break;
	case ACT_MONTH_RESULTS:
		if (l->kind == CN_BROWSE_UNITS)
			results_view_run(b->db, l->unit);
		else if (l->kind == CN_BROWSE_TEAMS && current(b))
			results_grid_run(b->db, current(b)->id);
		break;
	case ACT_INDICATORS:
		screen_run(indicators_new(b->db, l->kind == CN_BROWSE_UNITS && current(b) ? current(b)->id : l->unit));
		break;
	case ACT_SETTINGS: settings_run(b->db, l->kind == CN_BROWSE_UNITS && current(b) ? current(b)->id : l->unit); break;
	case ACT_HELP: help_run(level_ctx(l), level_title(l)); break;
	case ACT_QUIT: b->quit = true; break;
	case ACT_INTERRUPT: b->quit = confirm_quit(); break;
	default: break;
	}
}

int browser_run(cn_db *db)
{
	struct browser b = {.db = db};
	b.layer = (struct ui_layer){.layout = layout, .draw = draw, .ctx = &b, .keyctx = CTX_UNITS};
	if (!push_level(&b, CN_BROWSE_UNITS, 0, 0))
		return 1;
	ui_push(&b.layer);
	while (!b.quit) {
		if (!ui_too_small())
			draw(&b);
		handle(&b, ui_getkey());
	}
	ui_pop(&b.layer);
	while (b.depth > 0)
		pop_level(&b);
	del_panel(b.panel);
	delwin(b.win);
	return 0;
}
