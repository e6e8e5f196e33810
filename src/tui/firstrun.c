/* The first run, on a database with no unit: one key each to load an
 * official list (inside cnscd), import a file or add units by hand; then
 * "Đơn vị của bạn", the office's own unit, picked by typing a few letters
 * of its name (the setting office_unit: the tree opens there, reports are
 * headed with it, v comes back to it). */
#include <stdlib.h>
#include <string.h>

#include "cnscd/import.h"
#include "cnscd/official.h"
#include "cnscd/search.h"
#include "cnscd/settings.h"
#include "cnscd/stats.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "keys.h"
#include "lineinput.h"
#include "screen.h"
#include "screens.h"
#include "table.h"
#include "ui.h"

/* ---- Bắt đầu ---- */

enum { START_CURRENT, START_OLD, START_FILE, START_HAND, START_N };

struct start {
	struct screen screen;
	cn_db *db;
	struct table table;
	char *rows[START_N];
	int *outcome;
};

static const struct table_col start_cols[] = {
	{"Phím", 6, ALIGN_LEFT, -1},
	{"Cách bắt đầu", 0, ALIGN_LEFT, -1},
};

static long long start_count(void *ctx)
{
	(void)ctx;
	return START_N;
}

static void start_row(void *ctx, struct table *t, int y, long long i, bool selected)
{
	struct start *s = ctx;
	static const char *const keys[START_N] = {"1", "2", "f", "n"};
	attr_t a = table_row(t, y, selected, A_NORMAL);
	table_cell(t, y, 0, keys[i], a | A_BOLD);
	table_cell(t, y, 1, s->rows[i], a);
}

static const struct table_source start_source = {start_count, NULL, start_row, NULL};

static long long units_in(cn_db *db)
{
	cn_stats st;
	return cn_stats_by_level(db, 0, &st, NULL) == CN_OK ? st.total.units : 0;
}

bool firstrun_needed(cn_db *db)
{
	return units_in(db) == 0;
}

/* Loads LIST, saying so while it works; true when loaded. */
static bool load_list(cn_db *db, const cn_official_list *list)
{
	ui_message_now(S_INFO, "Đang nạp danh mục đơn vị hành chính, xin chờ vài giây…");
	cn_import_result res;
	cn_error err = {0};
	int rc = cn_import_units(db, list->path, NULL, &res, &err);
	if (rc == CN_OK) {
		char n[CN_NUM_TEXT_LEN];
		cn_count_text(res.added, n);
		ui_message(S_INFO, "Đã nạp %s đơn vị: %s.", n, list->title);
	} else {
		ui_message(S_ERROR, "Chưa nạp được danh mục: %s", err.msg);
	}
	cn_import_result_clear(&res);
	return rc == CN_OK;
}

struct text_at {
	WINDOW *w;
	int y, x, width, max;
};

static void put_line(const char *text, int len, void *ctx)
{
	struct text_at *at = ctx;
	if (at->y >= at->max)
		return;
	char *s = cn_strndup(text, (size_t)len);
	ui_put(at->w, at->y++, at->x, at->width, s, A_NORMAL, ALIGN_LEFT);
	free(s);
}

static void start_draw(struct screen *screen)
{
	struct start *s = (struct start *)screen;
	WINDOW *w = screen->win;
	int width = getmaxx(w) - 4;
	ui_put(w, 2, 2, width, "Cơ sở dữ liệu còn trống: chưa có đơn vị nào. Chọn cách bắt đầu (một phím):", A_BOLD,
	       ALIGN_LEFT);
	char *cmd = cn_db_command(s->db, "init --units 2025");
	char *line = cn_sprintf("Cả hai danh mục có sẵn trong cnscd, không cần tệp nào. Sau khi nạp, bạn chọn đơn vị "
				"của mình. Dòng lệnh tương ứng: %s", cmd);
	struct text_at at = {w, s->table.y + START_N + 2, 2, width, getmaxy(w)};
	ui_wrap(line, width, put_line, &at);
	free(line);
	free(cmd);
}

static int start_choose(struct start *s, int choice)
{
	*s->outcome = choice;
	if (choice == START_CURRENT || choice == START_OLD) {
		int n;
		const cn_official_list *lists = cn_official_lists(&n);
		if (!load_list(s->db, &lists[choice == START_CURRENT ? 0 : 1]))
			return SCREEN_REDRAW;
	} else if (choice == START_FILE) {
		if (!import_run(s->db, IMPORT_UNITS, 0) || units_in(s->db) == 0)
			return SCREEN_REDRAW;
	}
	return SCREEN_CLOSE | SCREEN_CHANGED;
}

static int start_key(struct screen *screen, int action, int key)
{
	(void)key;
	struct start *s = (struct start *)screen;
	switch (action) {
	case ACT_LOAD_CURRENT: return start_choose(s, START_CURRENT);
	case ACT_LOAD_OLD: return start_choose(s, START_OLD);
	case ACT_IMPORT: return start_choose(s, START_FILE);
	case ACT_NEW: return start_choose(s, START_HAND);
	case ACT_OPEN: return start_choose(s, (int)s->table.cursor);
	case ACT_QUIT: return SCREEN_QUIT;
	default: return SCREEN_IGNORED;
	}
}

static void start_done(struct screen *screen)
{
	struct start *s = (struct start *)screen;
	for (int i = 0; i < START_N; i++)
		free(s->rows[i]);
	free(s);
}

static const struct screen_ops start_ops = {
	.name = "Bắt đầu", .keyctx = CTX_START, .key = start_key, .draw = start_draw, .done = start_done,
};

int firstrun_run(cn_db *db)
{
	int outcome = -1;
	struct start *s = cn_calloc(1, sizeof *s);
	s->screen = (struct screen){.ops = &start_ops, .table = &s->table, .table_y = 4};
	s->db = db;
	s->outcome = &outcome;
	int n;
	const cn_official_list *lists = cn_official_lists(&n);
	for (int i = 0; i < 2 && i < n; i++) {
		const cn_official_list *l = &lists[i];
		char date[CN_DATE_LEN], p[CN_NUM_TEXT_LEN], d[CN_NUM_TEXT_LEN], c[CN_NUM_TEXT_LEN];
		cn_date_display(l->until ? l->until : l->in_force, date);
		cn_count_text(l->provinces, p);
		cn_count_text(l->districts, d);
		cn_count_text(l->communes, c);
		s->rows[i] = cn_sprintf("Nạp danh mục %s %s: %s tỉnh, %s%s%s xã%s", l->districts ? "3 cấp đến" : "2 cấp từ",
					date, p, l->districts ? d : "", l->districts ? " huyện, " : "", c,
					l->until ? "" : " (đang áp dụng)");
	}
	s->rows[START_FILE] = cn_strdup("Nhập danh sách đơn vị từ tệp CSV hoặc Excel (.xlsx)");
	s->rows[START_HAND] = cn_strdup("Tự thêm tỉnh/thành phố, rồi xã, thôn, ấp");
	s->table = (struct table){.cols = start_cols, .ncols = 2, .src = &start_source, .ctx = s, .header = true};
	screen_run(&s->screen);
	/* With units now, the office's own unit. */
	if (outcome >= 0 && outcome != START_HAND && units_in(db) > 0)
		office_pick(db);
	return outcome == START_HAND ? FIRSTRUN_BY_HAND : FIRSTRUN_DONE;
}

/* ---- Đơn vị của bạn ---- */

#define MAX_PLACES 100

struct office {
	struct screen screen;
	cn_db *db;
	struct line_input query;
	struct table table;
	long long ids[MAX_PLACES];
	char *names[MAX_PLACES], *places[MAX_PLACES];
	int n;
	long long *chosen;
};

static const struct table_col office_cols[] = {
	{"Đơn vị", 30, ALIGN_LEFT, -1},
	{"Ở đâu", 0, ALIGN_LEFT, -1},
};

static long long office_count(void *ctx) { return ((struct office *)ctx)->n; }

static void office_row(void *ctx, struct table *t, int y, long long i, bool selected)
{
	struct office *o = ctx;
	attr_t a = table_row(t, y, selected, A_NORMAL);
	table_cell(t, y, 0, o->names[i], a | (selected ? 0 : A_BOLD));
	table_cell(t, y, 1, o->places[i], a);
}

static const struct table_source office_source = {office_count, NULL, office_row, NULL};

static void office_clear(struct office *o)
{
	for (int i = 0; i < o->n; i++) {
		free(o->names[i]);
		free(o->places[i]);
	}
	o->n = 0;
}

static int office_hit(const cn_search_hit *h, void *ctx)
{
	struct office *o = ctx;
	if (o->n >= MAX_PLACES)
		return 1;
	o->ids[o->n] = h->id;
	o->names[o->n] = cn_strdup(h->label);
	o->places[o->n++] = cn_strdup(h->place);
	return 0;
}

static void office_query(struct office *o)
{
	office_clear(o);
	char *q = line_input_utf8(&o->query);
	cn_error err = {0};
	if (cn_search_kinds(o->db, q, CN_SEARCH_UNITS | CN_SEARCH_OPEN, MAX_PLACES, office_hit, o, &err) < 0)
		ui_message(S_ERROR, "%s", err.msg);
	free(q);
	o->table.top = o->table.cursor = 0;
	table_invalidate(&o->table);
}

static void office_draw(struct screen *screen)
{
	struct office *o = (struct office *)screen;
	WINDOW *w = screen->win;
	int width = getmaxx(w);
	char *q = line_input_utf8(&o->query);
	ui_put(w, 1, 2, 5, "Tìm:", A_BOLD, ALIGN_LEFT);
	ui_put(w, 1, 7, width - 9, q, ui_attr(S_FIELD), ALIGN_LEFT);
	free(q);
	ui_put(w, 2, 2, width - 4,
	       o->query.len ? (o->n ? "Enter: chọn đơn vị đang chọn làm đơn vị của bạn." : "Không thấy đơn vị nào. Gõ cách khác.")
			    : "Gõ tên tỉnh, xã, phường của cơ quan (không cần dấu), ví dụ: hoa binh",
	       A_NORMAL, ALIGN_LEFT);
	int cx = 7 + line_input_cursor_x(&o->query);
	wmove(w, 1, cx > width - 3 ? width - 3 : cx);
}

static int office_key(struct screen *screen, int action, int key)
{
	struct office *o = (struct office *)screen;
	if (action == ACT_OPEN) {
		if (o->n == 0)
			return SCREEN_HANDLED;
		long long id = o->ids[o->table.cursor];
		char *code = NULL;
		cn_unit u = {0};
		cn_error err = {0};
		if (cn_unit_get(o->db, id, &u, &err) == CN_OK)
			code = cn_strdup(u.code);
		if (!code || cn_setting_put(o->db, "office_unit", code, &err) != CN_OK) {
			ui_message(S_ERROR, "Chưa lưu được đơn vị của bạn: %s", err.msg);
		} else {
			ui_message(S_INFO, "Đơn vị của bạn: %s. Phím v đưa về đây từ bất cứ màn hình nào; báo cáo lấy "
					   "tên đơn vị này ở đầu trang.", u.name);
			*o->chosen = id;
		}
		free(code);
		cn_unit_clear(&u);
		return *o->chosen ? SCREEN_CLOSE | SCREEN_CHANGED : SCREEN_HANDLED;
	}
	if (action == ACT_CANCEL)
		return SCREEN_CLOSE;
	if (line_input_edit(&o->query, action, key)) {
		office_query(o);
		return SCREEN_HANDLED;
	}
	return SCREEN_IGNORED;
}

static void office_done(struct screen *screen)
{
	office_clear((struct office *)screen);
	free(screen);
}

static const struct screen_ops office_ops = {
	.name = "Đơn vị của bạn", .keyctx = CTX_PLACE, .boxed = true, .cursor = true, .key = office_key,
	.draw = office_draw, .done = office_done, .place = screen_place_under_title,
};

long long office_pick(cn_db *db)
{
	long long chosen = 0;
	struct office *o = cn_calloc(1, sizeof *o);
	o->screen = (struct screen){.ops = &office_ops, .table = &o->table, .table_y = 3};
	o->db = db;
	o->chosen = &chosen;
	o->table = (struct table){.cols = office_cols, .ncols = 2, .src = &office_source, .ctx = o, .header = true};
	screen_title(&o->screen, "Đơn vị của bạn — tỉnh, xã hay phường của cơ quan");
	screen_run(&o->screen);
	return chosen;
}
