/* The history of one record, read from the audit log into a scrollable
 * table (one record has a few dozen changes at most, so they are kept in
 * memory), and undo with a confirmation that says what it reverts. */
#include "history.h"

#include <stdlib.h>

#include <panel.h>

#include "cnscd/audit.h"
#include "cnscd/text.h"
#include "cnscd/util.h"
#include "dialog.h"
#include "keys.h"
#include "table.h"
#include "ui.h"

struct change {
	char when[CN_AUDIT_TIME_LEN];
	char *what;
};

struct history {
	cn_db *db;
	char *title;
	struct change *rows;
	int n, cap;
	WINDOW *win;
	PANEL *panel;
	struct table table;
	struct ui_layer layer;
};

static const struct table_col cols[] = {
	{"Thời điểm", CN_AUDIT_TIME_LEN - 1, ALIGN_LEFT, -1},
	{"Thay đổi", 0, ALIGN_LEFT, -1},
};

static int add_change(const cn_audit_entry *e, void *ctx)
{
	struct history *h = ctx;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->rows = cn_realloc(h->rows, (size_t)h->cap * sizeof *h->rows);
	}
	struct change *c = &h->rows[h->n++];
	cn_audit_time_display(e->at, c->when);
	c->what = cn_audit_describe(h->db, e);
	return 0;
}

static long long count(void *ctx) { return ((struct history *)ctx)->n; }

static void fetch(void *ctx, long long first, int n)
{
	(void)ctx, (void)first, (void)n; /* all in memory */
}

static void draw_row(void *ctx, struct table *t, int y, long long i, bool selected)
{
	struct history *h = ctx;
	attr_t a = selected ? ui_attr(S_SELECTED) : A_NORMAL;
	table_fill(t, y, a);
	table_cell(t, y, 0, h->rows[i].when, a);
	table_cell(t, y, 1, h->rows[i].what, a);
}

static const struct table_source source = {count, fetch, draw_row, NULL};

static void layout(void *ctx)
{
	struct history *h = ctx;
	if (h->panel) {
		del_panel(h->panel);
		delwin(h->win);
	}
	int rows = ui_rows() - 2, w = COLS - 4;
	h->win = newwin(rows, w, 1, 2);
	h->panel = new_panel(h->win);
	leaveok(h->win, TRUE);
	table_place(&h->table, h->win, 2, 2, rows - 3, w - 4);
}

static void draw(void *ctx)
{
	struct history *h = ctx;
	werase(h->win);
	ui_box(h->win, h->title);
	if (h->n == 0)
		ui_put(h->win, 4, 2, getmaxx(h->win) - 4, "Chưa có thay đổi nào được ghi lại.", A_BOLD, ALIGN_LEFT);
	table_invalidate(&h->table);
	table_draw(&h->table);
}

void history_run(cn_db *db, const char *table, long long row_id, const char *name)
{
	struct history h = {.db = db};
	cn_error err = {0};
	if (cn_audit_history(db, table, row_id, add_change, &h, &err) < 0) {
		ui_message(S_ERROR, "%s", err.msg);
		goto out;
	}
	h.title = cn_sprintf("Lịch sử thay đổi — %s «%s»", cn_audit_table_noun(table), name ? name : "?");
	h.table = (struct table){.cols = cols, .ncols = 2, .src = &source, .ctx = &h, .header = true};
	h.layer = (struct ui_layer){.layout = layout, .draw = draw, .ctx = &h, .keyctx = CTX_HISTORY};
	ui_push(&h.layer);
	for (;;) {
		if (!ui_too_small())
			table_draw(&h.table);
		int key = ui_getkey();
		int a = keys_action(CTX_HISTORY, key);
		if (key == TK_TERMINATE || key == TK_INTERRUPT || a == ACT_CANCEL || a == ACT_HISTORY)
			break;
		/* A description longer than the line: Enter shows all of it. */
		if (a == ACT_OPEN && h.n > 0) {
			struct change *c = &h.rows[h.table.cursor];
			char *text = cn_sprintf("%s: %s", c->when, c->what);
			dialog_alert("Thay đổi", text);
			free(text);
		} else {
			table_move(&h.table, a);
		}
	}
	ui_pop(&h.layer);
	del_panel(h.panel);
	delwin(h.win);
out:
	for (int i = 0; i < h.n; i++)
		free(h.rows[i].what);
	free(h.rows);
	free(h.title);
}

bool history_undo(cn_db *db)
{
	char *what = cn_audit_undo_preview(db);
	if (!what) {
		ui_message(S_INFO, "Không có thay đổi nào để hoàn tác.");
		return false;
	}
	char *question = cn_sprintf("Hoàn tác thay đổi gần nhất?\n\n%s", what);
	bool yes = dialog_confirm("Hoàn tác", question, "Hoàn tác", "Thôi");
	free(question);
	if (!yes) {
		free(what);
		return false;
	}
	cn_error err = {0};
	int n = cn_audit_undo_last(db, &err);
	if (n < 0) {
		if (n == CN_ENOTFOUND)
			ui_message(S_INFO, "Không có thay đổi nào để hoàn tác.");
		else
			dialog_alert("Không hoàn tác được", err.msg);
		free(what);
		return false;
	}
	ui_message(S_INFO, "Đã hoàn tác: %s", what);
	free(what);
	return true;
}
