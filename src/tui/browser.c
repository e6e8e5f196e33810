/* The home screen: a drill-down through the units, then the teams of a
 * unit, then the members of a team, each level a screen on the runner's
 * stack. Enter pushes a level, Backspace closes it; search rebuilds the
 * stack down to a hit. */
#include "browser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/browse.h"
#include "cnscd/settings.h"
#include "cnscd/stats.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/team.h"
#include "cnscd/validate.h"
#include "catalogue_screens.h"
#include "bundle_view.h"
#include "edit.h"
#include "history.h"
#include "keys.h"
#include "lists.h"
#include "transfer.h"
#include "results_screens.h"
#include "review.h"
#include "screen.h"
#include "screens.h"
#include "table.h"
#include "trainings.h"
#include "ui.h"

#define MAX_DEPTH 16
#define CRUMB_SEP " › "

struct level {
	struct screen screen;
	cn_db *db;
	struct level *root; /* the top units: search rebuilds the levels above it */
	int depth;          /* 1 for the root */
	int kind;           /* CN_BROWSE_UNITS, _TEAMS or _MEMBERS */
	long long parent;   /* the unit (units, teams) or team (members) */
	long long unit;     /* the unit this level belongs to (0 at the top) */
	cn_browse *list;
	struct table table;
	struct list_view view;
	char *crumb;
	cn_unit_stats stats; /* of the unit, for the info line */
	long long open_at;   /* the root, at start: the office's unit to open once drawn */
};

static unsigned level_ctx(int kind)
{
	return kind == CN_BROWSE_UNITS ? CTX_UNITS : kind == CN_BROWSE_TEAMS ? CTX_TEAMS : CTX_MEMBERS;
}

static const char *level_title(int kind)
{
	return kind == CN_BROWSE_UNITS ? "Danh sách đơn vị" : kind == CN_BROWSE_TEAMS ? "Các tổ của đơn vị"
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
static void describe_level(struct level *l)
{
	free(l->crumb);
	char *path = l->unit ? cn_unit_path(l->db, l->unit, CRUMB_SEP) : cn_strdup("Tất cả đơn vị");
	if (l->kind == CN_BROWSE_UNITS) {
		l->crumb = path;
	} else if (l->kind == CN_BROWSE_TEAMS) {
		l->crumb = cn_sprintf("%s" CRUMB_SEP "Các tổ", path);
		free(path);
	} else {
		cn_team t = {0};
		cn_team_get(l->db, l->parent, &t, NULL);
		l->crumb = cn_sprintf("%s" CRUMB_SEP "%s", path, t.name ? t.name : "?");
		cn_team_clear(&t);
		free(path);
	}
	l->screen.crumb = l->crumb;
	if (l->kind == CN_BROWSE_UNITS && l->unit == 0 && sum_top_units(l))
		return;
	if (l->kind == CN_BROWSE_UNITS)
		cn_browse_unit_stats(l->db, l->unit, &l->stats, NULL);
}

static const struct screen_ops level_ops;

/* A level listing KIND under PARENT, for UNIT, over FROM (NULL: the root);
 * NULL (with a message) when the list cannot be opened. */
static struct level *level_new(cn_db *db, struct level *from, int kind, long long parent, long long unit)
{
	if (from && from->depth == MAX_DEPTH)
		return NULL;
	cn_error err = {0};
	cn_browse *list = cn_browse_open(db, kind, parent, &err);
	if (!list) {
		ui_message(S_ERROR, "%s", err.msg);
		return NULL;
	}
	struct level *l = cn_calloc(1, sizeof *l);
	static const char *const empty[] = {
		[CN_BROWSE_UNITS] = "Chưa có đơn vị trực thuộc. F7 hoặc n: thêm; t: các tổ của đơn vị này.",
		[CN_BROWSE_TEAMS] = "Đơn vị này chưa có tổ. Nhấn F7 (hoặc n) để thêm tổ.",
		[CN_BROWSE_MEMBERS] = "Tổ chưa có thành viên. Nhấn F7 (hoặc n) để thêm.",
	};
	l->screen = (struct screen){.ops = &level_ops, .keyctx = level_ctx(kind), .name = level_title(kind),
				    .table = &l->table, .table_y = 2, .empty = empty[kind]};
	l->db = db;
	l->root = from ? from->root : l;
	l->depth = from ? from->depth + 1 : 1;
	l->kind = kind;
	l->parent = parent;
	l->unit = unit;
	l->list = list;
	list_view_init(&l->view, &l->table, list);
	describe_level(l);
	return l;
}

/* Opens a level over FROM; the new level, or NULL. */
static struct level *push_level(struct level *from, int kind, long long parent, long long unit)
{
	struct level *l = level_new(from->db, from, kind, parent, unit);
	/* A province still holding a team of an abolished district offers
	 * what to do with it. */
	if (l && kind == CN_BROWSE_TEAMS && cn_former_district_teams(l->db, unit) > 0)
		ui_message(S_WARN, "Có tổ cấp huyện cũ (huyện đã giải thể): %s — chuyển về một xã; %s — ghi ngày giải "
			   "thể; %s — gộp vào tổ khác.", keys_short(CTX_TEAMS, ACT_TRANSFER), keys_short(CTX_TEAMS, ACT_EDIT),
			   keys_short(CTX_TEAMS, ACT_MERGE));
	screen_push(l ? &l->screen : NULL);
	return l;
}

/* Reads level L again, its cursor on SELECT_ID if given, else on its row. */
static void read_level(struct level *l, long long select_id)
{
	cn_browse_fetch(l->list, l->table.cursor, 1, NULL);
	const cn_browse_row *r = cn_browse_get(l->list, l->table.cursor);
	long long keep = select_id ? select_id : r ? r->id : 0;
	cn_error err = {0};
	if (cn_browse_refresh(l->list, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	long long at = keep ? cn_browse_index_of(l->list, keep, NULL) : -1;
	if (at >= 0)
		table_goto(&l->table, at);
	describe_level(l);
}

static void load(struct screen *s) { read_level((struct level *)s, 0); }

/* After a change made here: this level read again (its cursor on
 * SELECT_ID), the levels under it when they show. */
static int changed(struct level *l, long long select_id)
{
	read_level(l, select_id);
	return SCREEN_CHANGED | SCREEN_REDRAW;
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

/* An empty database: say how to fill it, over the empty table. */
static void draw_empty(struct level *l)
{
	char *cmd = cn_db_command(l->db, "init --units 2025");
	char *text = cn_sprintf(
		"Cơ sở dữ liệu còn trống.\n\n"
		"Nhấn F7 (hay n) để tự thêm một tỉnh/thành phố, rồi vào trong để thêm xã, thôn, ấp; hoặc f để nhập "
		"danh sách đơn vị từ tệp CSV, Excel.\n\n"
		"Danh mục đơn vị hành chính chính thức có sẵn trong cnscd: thoát (F10 hoặc q) rồi chạy\n"
		"%s\n(hoặc mở lại cnscd: màn hình Bắt đầu nạp danh mục bằng một phím).", cmd);
	free(cmd);
	WINDOW *w = l->screen.win;
	for (int y = 2; y < ui_rows(); y++) {
		wmove(w, y, 0);
		wclrtoeol(w);
	}
	struct text_pos p = {w, 4, 4, COLS - 8, ui_rows()};
	ui_wrap(text, p.w, put_wrapped, &p);
	free(text);
	table_invalidate(&l->table);
}

static void set_info(struct level *l)
{
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

static void open_office(struct level *root, long long id);
static int add_row(struct level *l);

static void draw(struct screen *s)
{
	struct level *l = (struct level *)s;
	if (l->open_at) {
		long long id = l->open_at;
		l->open_at = 0;
		if (id > 0)
			open_office(l, id);
		else if (add_row(l) & SCREEN_CHANGED)
			l->screen.dirty = true; /* the first province, added by hand */
	}
	if (l->depth == 1 && cn_browse_count(l->list) == 0 && !cn_browse_shows_inactive(l->list))
		draw_empty(l);
	set_info(l);
}

static const cn_browse_row *current(struct level *l)
{
	cn_browse_fetch(l->list, l->table.cursor, 1, NULL);
	return cn_browse_get(l->list, l->table.cursor);
}

static int open_row(struct level *l, bool teams_only)
{
	const cn_browse_row *r = current(l);
	if (!r) {
		/* An empty list of units: t shows the teams of the unit itself. */
		if (teams_only && l->kind == CN_BROWSE_UNITS && l->unit)
			push_level(l, CN_BROWSE_TEAMS, l->unit, l->unit);
		return SCREEN_HANDLED;
	}
	if (l->kind == CN_BROWSE_UNITS) {
		/* A village opens its teams; a commune or district with nothing
		 * below yet opens (empty) so that villages can be added there. */
		bool leaf = r->stats.children == 0 && (r->level >= CN_LEVEL_VILLAGE || r->inactive);
		if (teams_only || leaf)
			push_level(l, CN_BROWSE_TEAMS, r->id, r->id);
		else
			push_level(l, CN_BROWSE_UNITS, r->id, r->id);
	} else if (l->kind == CN_BROWSE_TEAMS) {
		if (!teams_only)
			push_level(l, CN_BROWSE_MEMBERS, r->id, l->unit);
	} else if (!teams_only) {
		long long id = edit_member(l->db, r->id, l->parent);
		if (id)
			return changed(l, id);
	}
	return SCREEN_HANDLED;
}

static int add_row(struct level *l)
{
	long long id = 0;
	if (l->kind == CN_BROWSE_UNITS)
		id = edit_unit(l->db, 0, l->unit);
	else if (l->kind == CN_BROWSE_TEAMS)
		id = edit_team(l->db, 0, l->parent);
	else
		id = edit_member(l->db, 0, l->parent);
	if (!id)
		return SCREEN_HANDLED;
	/* A new closed unit or a member added as having left must show. */
	read_level(l, id);
	if (cn_browse_index_of(l->list, id, NULL) < 0 && !cn_browse_shows_inactive(l->list))
		cn_browse_show_inactive(l->list, true, NULL);
	return changed(l, id);
}

static int edit_row(struct level *l)
{
	const cn_browse_row *r = current(l);
	if (!r)
		return SCREEN_HANDLED;
	long long id = r->id, saved;
	if (l->kind == CN_BROWSE_UNITS)
		saved = edit_unit(l->db, id, l->unit);
	else if (l->kind == CN_BROWSE_TEAMS)
		saved = edit_team(l->db, id, l->parent);
	else
		saved = edit_member(l->db, id, l->parent);
	return saved ? changed(l, saved) : SCREEN_HANDLED;
}

static int delete_row(struct level *l)
{
	const cn_browse_row *r = current(l);
	if (!r)
		return SCREEN_HANDLED;
	bool removed;
	if (l->kind == CN_BROWSE_UNITS)
		removed = remove_unit(l->db, r->id);
	else if (l->kind == CN_BROWSE_TEAMS)
		removed = remove_team(l->db, r->id);
	else
		removed = remove_member(l->db, r->id);
	return removed ? changed(l, 0) : SCREEN_HANDLED;
}

#define SORT_KEEP_WITHIN 25000

static int cycle_order(struct level *l, bool reverse)
{
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
	const cn_browse_row *r = current(l);
	long long keep = r ? r->id : 0;
	cn_error err = {0};
	if (cn_browse_set_order(l->list, order, desc, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return SCREEN_HANDLED;
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
	return SCREEN_HANDLED;
}

static int toggle_inactive(struct level *l)
{
	bool show = !cn_browse_shows_inactive(l->list);
	const cn_browse_row *r = current(l);
	long long keep = r ? r->id : 0;
	cn_error err = {0};
	if (cn_browse_show_inactive(l->list, show, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	long long at = keep ? cn_browse_index_of(l->list, keep, NULL) : 0;
	table_goto(&l->table, at > 0 ? at : 0);
	table_invalidate(&l->table);
	return SCREEN_HANDLED;
}

/* Puts the cursor of L on ID, showing closed rows when ID is one. */
static void select_row(struct level *l, long long id)
{
	long long at = cn_browse_index_of(l->list, id, NULL);
	if (at < 0) {
		cn_browse_show_inactive(l->list, true, NULL);
		at = cn_browse_index_of(l->list, id, NULL);
	}
	table_goto(&l->table, at > 0 ? at : 0);
}

/* Rebuilds the levels down to a search hit, with each level's cursor on
 * the way there and the hit itself highlighted; the last level made. */
static struct level *go_to(struct level *from, const struct search_target *t)
{
	long long ids[MAX_DEPTH];
	int n = cn_browse_ancestors(from->db, t->unit_id, ids, MAX_DEPTH - 3);
	if (n == 0) {
		ui_message(S_ERROR, "Mục này không còn trong cơ sở dữ liệu.");
		return NULL;
	}
	struct level *l = from->root;
	screen_close_above(&l->screen);
	/* ids[0..n) runs from the top unit down to the hit's unit. */
	for (int i = 0; i < n; i++) {
		if (i > 0 && !(l = push_level(l, CN_BROWSE_UNITS, ids[i - 1], ids[i - 1])))
			return NULL;
		select_row(l, ids[i]);
		if (i == n - 1 && t->kind == CN_KIND_UNIT)
			return l;
	}
	if (!(l = push_level(l, CN_BROWSE_TEAMS, t->unit_id, t->unit_id)))
		return NULL;
	select_row(l, t->team_id);
	if (t->kind == CN_KIND_TEAM || !(l = push_level(l, CN_BROWSE_MEMBERS, t->team_id, t->unit_id)))
		return l;
	select_row(l, t->id);
	return l;
}

static int open_row(struct level *l, bool teams_only);

/* The tree opened inside the office's unit ID (its villages, or a
 * village's teams), the way there rebuilt so that Backspace goes up. */
static void open_office(struct level *root, long long id)
{
	struct search_target t = {.kind = CN_KIND_UNIT, .id = id, .unit_id = id};
	struct level *l = go_to(root, &t);
	if (l)
		open_row(l, false);
}

/* The key of the office's unit, from any screen (screen_set_office). */
static int go_office(void *ctx)
{
	struct level *root = ctx;
	long long id = cn_setting_office_unit(root->db);
	if (!id && !(id = office_pick(root->db)))
		return SCREEN_HANDLED;
	open_office(root, id);
	return SCREEN_CHANGED;
}

static int search(struct level *l)
{
	struct search_target t;
	if (search_run(l->db, &t))
		go_to(l, &t);
	return SCREEN_HANDLED;
}

/* l: the sessions of the unit under the cursor, or a member's history. */
static int open_trainings(struct level *l)
{
	const cn_browse_row *r = current(l);
	if (l->kind != CN_BROWSE_MEMBERS)
		screen_push(trainings_new(l->db, l->kind == CN_BROWSE_UNITS && r ? r->id : l->unit));
	else if (r)
		member_history(l->db, r->id);
	return SCREEN_HANDLED;
}

static int show_history(struct level *l)
{
	static const char *const tables[] = {
		[CN_BROWSE_UNITS] = "unit", [CN_BROWSE_TEAMS] = "team", [CN_BROWSE_MEMBERS] = "member"};
	const cn_browse_row *r = current(l);
	if (r)
		screen_push(history_new(l->db, tables[l->kind], r->id, r->name));
	return SCREEN_HANDLED;
}

/* Whether the unit or team a level lists still exists: an undo may have
 * taken away the one the user is in. */
static bool level_exists(struct level *l)
{
	int rc = CN_OK;
	if (l->kind == CN_BROWSE_MEMBERS) {
		cn_team t = {0};
		rc = cn_team_get(l->db, l->parent, &t, NULL);
		cn_team_clear(&t);
	} else if (l->parent) {
		cn_unit u = {0};
		rc = cn_unit_get(l->db, l->parent, &u, NULL);
		cn_unit_clear(&u);
	}
	return rc != CN_ENOTFOUND;
}

/* The levels whose unit or team the undo took away close. */
static int undo(struct level *l)
{
	if (!history_undo(l->db))
		return SCREEN_HANDLED;
	struct level *keep = l;
	for (struct level *p = l; p->depth > 1; p = (struct level *)screen_below(&p->screen))
		if (!level_exists(p))
			keep = (struct level *)screen_below(&p->screen);
	screen_close_above(&keep->screen);
	if (keep != l)
		return SCREEN_CHANGED; /* the level shown now reads again as it shows */
	return changed(l, 0);
}

/* The unit the catalogue and the settings start from: the one under the
 * cursor in a list of units, else the level's. */
static long long unit_here(struct level *l)
{
	const cn_browse_row *r = l->kind == CN_BROWSE_UNITS ? current(l) : NULL;
	return r ? r->id : l->unit;
}

static int month_results(struct level *l)
{
	const cn_browse_row *r = current(l);
	if (l->kind == CN_BROWSE_UNITS)
		screen_push(results_view_new(l->db, l->unit));
	else if (l->kind == CN_BROWSE_TEAMS && r)
		screen_push(results_grid_new(l->db, r->id, 0, 0));
	return SCREEN_HANDLED;
}

/* m: the member under the cursor to another team; the team under the
 * cursor to another unit. */
static int transfer(struct level *l)
{
	const cn_browse_row *r = current(l);
	if (!r || l->kind == CN_BROWSE_UNITS)
		return SCREEN_HANDLED;
	bool moved = l->kind == CN_BROWSE_MEMBERS ? member_move_run(l->db, r->id) != 0 : team_move_run(l->db, r->id);
	return moved ? changed(l, 0) : SCREEN_HANDLED;
}

/* g: the team under the cursor into another of its unit. */
static int merge_team(struct level *l)
{
	const cn_browse_row *r = current(l);
	if (l->kind == CN_BROWSE_TEAMS && r && team_merge_run(l->db, r->id))
		return changed(l, 0);
	return SCREEN_HANDLED;
}

static int key(struct screen *s, int action, int key)
{
	(void)key;
	struct level *l = (struct level *)s;
	switch (action) {
	case ACT_OPEN: return open_row(l, false);
	case ACT_TEAMS: return open_row(l, true);
	case ACT_TRAININGS: return open_trainings(l);
	case ACT_BACK: return l->depth > 1 ? SCREEN_CLOSE : SCREEN_HANDLED;
	case ACT_NEW: return add_row(l);
	case ACT_EDIT: return edit_row(l);
	case ACT_DELETE: return delete_row(l);
	case ACT_TRANSFER: return transfer(l);
	case ACT_MERGE: return merge_team(l);
	/* The unit being looked at, its whole subtree (everything at the top). */
	case ACT_DUPLICATES: screen_push(duplicates_new(l->db, l->unit)); return SCREEN_HANDLED;
	case ACT_VILLAGES: screen_push(villages_new(l->db, l->unit)); return SCREEN_HANDLED;
	case ACT_SORT: return cycle_order(l, false);
	case ACT_REVERSE: return cycle_order(l, true);
	case ACT_INACTIVE: return toggle_inactive(l);
	case ACT_HISTORY: return show_history(l);
	case ACT_UNDO: return undo(l);
	case ACT_REFRESH:
		ui_repaint();
		return changed(l, 0);
	case ACT_SEARCH: return search(l);
	case ACT_REPORT: screen_push(report_screen_new(l->db, l->unit)); return SCREEN_HANDLED;
	case ACT_BUNDLES: screen_push(bundle_view_new(l->db, l->unit)); return SCREEN_HANDLED;
	case ACT_MONTH_RESULTS: return month_results(l);
	case ACT_UNIT_GRID: /* the unit under the cursor in a units list, the unit shown in a teams list */
		if (l->kind == CN_BROWSE_UNITS || l->kind == CN_BROWSE_TEAMS)
			screen_push(unit_grid_new(l->db, l->kind == CN_BROWSE_UNITS ? unit_here(l) : l->unit));
		return SCREEN_HANDLED;
	case ACT_INDICATORS: screen_push(indicators_new(l->db, unit_here(l))); return SCREEN_HANDLED;
	case ACT_SETTINGS: settings_run(l->db, unit_here(l)); return SCREEN_HANDLED;
	case ACT_IMPORT: return import_choose(l->db) ? changed(l, 0) : SCREEN_HANDLED;
	case ACT_QUIT: return SCREEN_QUIT;
	default: return SCREEN_IGNORED;
	}
}

static void done(struct screen *s)
{
	struct level *l = (struct level *)s;
	cn_browse_free(l->list);
	free(l->crumb);
	free(l);
}

static const struct screen_ops level_ops = {
	.keyctx = CTX_UNITS, .key = key, .draw = draw, .done = done, .load = load,
};

int browser_run(cn_db *db)
{
	/* An empty database: the first-run screen fills it. */
	int start = firstrun_needed(db) ? firstrun_run(db) : FIRSTRUN_DONE;
	struct level *root = level_new(db, NULL, CN_BROWSE_UNITS, 0, 0);
	if (!root)
		return 1;
	screen_set_office(go_office, root);
	root->open_at = cn_setting_office_unit(db);
	if (start == FIRSTRUN_BY_HAND)
		root->open_at = -1;
	screen_run(&root->screen);
	screen_set_office(NULL, NULL);
	return 0;
}
