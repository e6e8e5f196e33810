/* The history of one record, read from the audit log into a scrollable
 * table (one record has a few dozen changes at most, so they are kept in
 * memory), and undo with a confirmation that says what it reverts. */
#include "history.h"

#include <stdlib.h>
#include <string.h>

#include "cnscd/audit.h"
#include "cnscd/reorg.h"
#include "cnscd/text.h"
#include "cnscd/util.h"
#include "dialog.h"
#include "keys.h"
#include "screen.h"
#include "table.h"
#include "ui.h"

struct change {
	char when[CN_AUDIT_TIME_LEN];
	char *what;
};

struct history {
	struct screen screen;
	cn_db *db;
	char *note; /* a unit: what became of it ("đã giải thể … → nay thuộc …") */
	struct change *rows;
	int n, cap;
	struct table table;
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

static void draw_row(void *ctx, struct table *t, int y, long long i, bool selected)
{
	struct history *h = ctx;
	attr_t a = selected ? ui_attr(S_SELECTED) : A_NORMAL;
	table_fill(t, y, a);
	table_cell(t, y, 0, h->rows[i].when, a);
	table_cell(t, y, 1, h->rows[i].what, a);
}

static const struct table_source source = {count, NULL, draw_row, NULL};

/* Over the screen below, a column in from each side. */
static void place(struct screen *s, int *h, int *w, int *y, int *x)
{
	(void)s;
	*h = ui_rows() - 2;
	*w = COLS - 4;
	*y = 1;
	*x = 2;
}

static int key(struct screen *s, int action, int key)
{
	(void)key;
	struct history *h = (struct history *)s;
	if (action == ACT_CANCEL || action == ACT_HISTORY)
		return SCREEN_CLOSE;
	/* A description longer than the line: Enter shows all of it. */
	if (action == ACT_OPEN && h->n > 0) {
		struct change *c = &h->rows[h->table.cursor];
		char *text = cn_sprintf("%s: %s", c->when, c->what);
		dialog_alert("Thay đổi", text);
		free(text);
		return SCREEN_HANDLED;
	}
	return SCREEN_IGNORED;
}

/* The info line says what became of a closed or renamed unit. */
static void draw(struct screen *s)
{
	struct history *h = (struct history *)s;
	if (h->note)
		ui_set_info(h->note);
}

static void done(struct screen *s)
{
	struct history *h = (struct history *)s;
	free(h->note);
	for (int i = 0; i < h->n; i++)
		free(h->rows[i].what);
	free(h->rows);
	free(h);
}

static const struct screen_ops history_ops = {
	.name = "Lịch sử thay đổi", .keyctx = CTX_HISTORY, .boxed = true, .key = key, .draw = draw, .done = done,
	.place = place,
};

struct screen *history_new(cn_db *db, const char *table, long long row_id, const char *name)
{
	struct history *h = cn_calloc(1, sizeof *h);
	h->screen = (struct screen){.ops = &history_ops, .table = &h->table, .table_y = 2,
				    .empty = "Chưa có thay đổi nào được ghi lại."};
	h->db = db;
	h->table = (struct table){.cols = cols, .ncols = 2, .src = &source, .ctx = h, .header = true};
	cn_error err = {0};
	if (cn_audit_history(db, table, row_id, add_change, h, &err) < 0) {
		ui_message(S_ERROR, "%s", err.msg);
		screen_discard(&h->screen);
		return NULL;
	}
	screen_title(&h->screen, "Lịch sử thay đổi — %s «%s»", cn_audit_table_noun(table), name ? name : "?");
	if (strcmp(table, "unit") == 0) {
		cn_buf note = {0};
		cn_unit_history_note(db, row_id, &note);
		if (note.len) {
			char *said = cn_sprintf("%s: %s", name ? name : "?", cn_buf_str(&note));
			h->note = said;
			ui_message(S_INFO, "%s", said);
		}
		cn_buf_free(&note);
	}
	return &h->screen;
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
