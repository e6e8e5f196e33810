/* Two lists to put the data right after people and places changed: the
 * records that may be one person typed twice (D), merged by Enter; and the
 * villages that share a name in a merged commune (R), renamed by Enter.
 * Both are short lists of one unit's subtree, read whole into memory. */
#include "review.h"

#include <stdlib.h>
#include <string.h>

#include "cnscd/member.h"
#include "cnscd/reorg.h"
#include "cnscd/team.h"
#include "dialog.h"
#include "edit.h"
#include "keys.h"
#include "screen.h"
#include "table.h"
#include "ui.h"

/* At most this many rows are listed: a whole country can have thousands
 * of namesakes; the count says how many more there are. */
#define MAX_ROWS 2000

struct review_row {
	long long a, b;    /* duplicates: the two records; villages: the village */
	char *cols[3];
	char *detail;      /* the info line for the row under the cursor */
	char *whole[2];    /* duplicates: each record whole, for the question */
};

struct review {
	struct screen screen;
	cn_db *db;
	long long unit;
	bool villages;     /* which list */
	struct review_row *rows;
	int n, total;
	struct table table;
	char *crumb;
};

static const struct table_col duplicate_cols[] = {
	{"Hồ sơ thứ nhất", 0, ALIGN_LEFT, -1},
	{"Hồ sơ thứ hai", 34, ALIGN_LEFT, -1},
	{"Vì sao", 16, ALIGN_LEFT, -1},
};
static const struct table_col village_cols[] = {
	{"Thôn (đang hiện)", 0, ALIGN_LEFT, -1},
	{"Mã", 10, ALIGN_LEFT, -1},
	{"Xã hiện nay", 26, ALIGN_LEFT, -1},
};

static void clear_rows(struct review *r)
{
	for (int i = 0; i < r->n; i++) {
		for (int k = 0; k < 3; k++)
			free(r->rows[i].cols[k]);
		free(r->rows[i].detail);
		free(r->rows[i].whole[0]);
		free(r->rows[i].whole[1]);
	}
	free(r->rows);
	r->rows = NULL;
	r->n = r->total = 0;
}

static struct review_row *new_row(struct review *r)
{
	r->total++;
	if (r->n >= MAX_ROWS)
		return NULL;
	r->rows = cn_reallocarray(r->rows, (size_t)r->n + 1, sizeof *r->rows);
	struct review_row *row = &r->rows[r->n++];
	memset(row, 0, sizeof *row);
	return row;
}

/* "Trần Thị Bình (1990) · Ấp 1" (the team's unit) and, for the info line
 * and the merge question, the record whole: phone, CCCD, team and where. */
static char *record_text(cn_db *db, long long id, char **detail)
{
	cn_member m = {0};
	if (cn_member_get(db, id, &m, NULL) != CN_OK) {
		*detail = cn_strdup("");
		return cn_strdup("(không còn)");
	}
	char *place = cn_team_place(db, m.team_id);
	char *unit = NULL;
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT u.name FROM team t JOIN unit u ON u.id = t.unit_id WHERE t.id = ?", NULL);
	if (st) {
		cn_bind_int(st, 1, m.team_id);
		unit = sqlite3_step(st) == SQLITE_ROW ? cn_col_dup(st, 0) : NULL;
		sqlite3_reset(st);
	}
	char year[16] = "";
	if (m.birth_year)
		snprintf(year, sizeof year, " (%d)", m.birth_year);
	char *text = cn_sprintf("%s%s · %s", m.full_name, year, unit ? unit : "?");
	*detail = cn_sprintf("%s%s, ĐT %s, CCCD %s, %s", m.full_name, year, m.phone ? m.phone : "—",
			     m.id_number ? m.id_number : "—", place);
	free(unit);
	free(place);
	cn_member_clear(&m);
	return text;
}

static int add_pair(const cn_duplicate *d, void *ctx)
{
	struct review *r = ctx;
	struct review_row *row = new_row(r);
	if (!row)
		return 0;
	row->a = d->a;
	row->b = d->b;
	char *da, *db;
	row->cols[0] = record_text(r->db, d->a, &da);
	row->cols[1] = record_text(r->db, d->b, &db);
	row->cols[2] = cn_strdup(strstr(d->reason, "điện thoại") ? "tên, điện thoại" : "tên, năm sinh");
	row->detail = cn_sprintf("%s — 1: %s | 2: %s", d->reason, da, db);
	row->whole[0] = da;
	row->whole[1] = db;
	return 0;
}

static int add_village(const cn_village_twin *v, void *ctx)
{
	struct review *r = ctx;
	struct review_row *row = new_row(r);
	if (!row)
		return 0;
	row->a = v->id;
	row->cols[0] = cn_strdup(v->label);
	row->cols[1] = cn_strdup(v->code);
	row->cols[2] = cn_strdup(v->commune);
	row->detail = cn_sprintf("%s trùng tên với thôn khác của %s (%lld tổ). Enter: đổi tên.", v->name, v->commune,
				 v->teams);
	return 0;
}

static void load(struct screen *s)
{
	struct review *r = (struct review *)s;
	long long keep = r->table.cursor;
	clear_rows(r);
	cn_error err = {0};
	int rc = r->villages ? cn_reorg_village_twins(r->db, r->unit, add_village, r, &err)
			     : cn_member_duplicates(r->db, r->unit, add_pair, r, &err);
	if (rc < 0)
		ui_message(S_ERROR, "%s", err.msg);
	table_goto(&r->table, keep < r->n ? keep : r->n ? r->n - 1 : 0);
	table_invalidate(&r->table);
}

static long long count(void *ctx) { return ((struct review *)ctx)->n; }

static void draw_row(void *ctx, struct table *t, int y, long long i, bool selected)
{
	struct review *r = ctx;
	attr_t a = table_row(t, y, selected, A_NORMAL);
	for (int k = 0; k < 3; k++)
		table_cell(t, y, k, r->rows[i].cols[k], a);
}

static const struct table_source source = {count, NULL, draw_row, NULL};

static void draw(struct screen *s)
{
	struct review *r = (struct review *)s;
	if (r->n == 0) {
		ui_set_info("");
		return;
	}
	char more[96] = "";
	if (r->total > r->n)
		snprintf(more, sizeof more, " (đang hiện %d/%d)", r->n, r->total);
	char *line = cn_sprintf("%s%s", r->rows[r->table.cursor].detail, more);
	ui_set_info(line);
	free(line);
}

/* Enter on a pair: which record is kept, then the merge. */
static int merge_pair(struct review *r)
{
	struct review_row *row = &r->rows[r->table.cursor];
	static const char *const labels[] = {"Một: giữ hồ sơ 1", "Hai: giữ hồ sơ 2", "Thôi"};
	char *text = cn_sprintf("Hai hồ sơ này là cùng một người? Gộp làm một: hồ sơ giữ lại nhận những gì nó còn thiếu "
				"(năm sinh, điện thoại, CCCD…), điểm danh và số liệu của hồ sơ kia; lịch sử của cả hai "
				"xem ở hồ sơ giữ lại (H). Hoàn tác được bằng u.\n\n1: %s\n2: %s",
				row->whole[0], row->whole[1]);
	int choice = dialog_choose("Gộp hai hồ sơ", text, labels, 3, 0, 2);
	free(text);
	if (choice != 0 && choice != 1)
		return SCREEN_HANDLED;
	cn_error err = {0};
	long long keep = choice == 0 ? row->a : row->b, other = choice == 0 ? row->b : row->a;
	if (cn_member_merge(r->db, keep, other, &err) != CN_OK) {
		dialog_alert("Không gộp được", err.msg);
		return SCREEN_HANDLED;
	}
	ui_message(S_INFO, "Đã gộp hai hồ sơ làm một (hoàn tác: u).");
	return SCREEN_CHANGED | SCREEN_RELOAD;
}

static int rename_village(struct review *r)
{
	struct review_row *row = &r->rows[r->table.cursor];
	cn_unit u = {0};
	if (cn_unit_get(r->db, row->a, &u, NULL) != CN_OK)
		return SCREEN_RELOAD;
	long long saved = edit_unit(r->db, u.id, u.parent_id);
	cn_unit_clear(&u);
	return saved ? SCREEN_CHANGED | SCREEN_RELOAD : SCREEN_HANDLED;
}

static int key(struct screen *s, int action, int key)
{
	(void)key;
	struct review *r = (struct review *)s;
	switch (action) {
	case ACT_OPEN:
	case ACT_EDIT:
	case ACT_MERGE:
		if (r->n == 0)
			return SCREEN_HANDLED;
		return r->villages ? rename_village(r) : merge_pair(r);
	case ACT_CANCEL:
	case ACT_BACK:
	case ACT_QUIT: return SCREEN_CLOSE;
	default: return SCREEN_IGNORED;
	}
}

static void done(struct screen *s)
{
	struct review *r = (struct review *)s;
	clear_rows(r);
	free(r->crumb);
	free(r);
}

static const struct screen_ops duplicates_ops = {
	.name = "Hồ sơ có thể trùng", .keyctx = CTX_DUPLICATES, .key = key, .draw = draw, .done = done, .load = load,
};
static const struct screen_ops villages_ops = {
	.name = "Thôn trùng tên sau sáp nhập", .keyctx = CTX_VILLAGES, .key = key, .draw = draw, .done = done,
	.load = load,
};

static struct screen *review_new(cn_db *db, long long unit, bool villages)
{
	struct review *r = cn_calloc(1, sizeof *r);
	r->screen = (struct screen){.ops = villages ? &villages_ops : &duplicates_ops, .table = &r->table, .table_y = 2,
				    .empty = villages ? "Không có thôn nào trùng tên với thôn khác trong cùng xã."
						      : "Không có hồ sơ nào có thể trùng (cùng họ tên và năm sinh, "
							"hoặc cùng họ tên và số điện thoại)."};
	r->db = db;
	r->unit = unit;
	r->villages = villages;
	r->table = (struct table){.cols = villages ? village_cols : duplicate_cols, .ncols = 3, .src = &source,
				  .ctx = r, .header = true};
	ui_message_now(S_INFO, "Đang tìm…");
	load(&r->screen);
	r->crumb = unit ? cn_unit_path(db, unit, " › ") : cn_strdup("Tất cả đơn vị");
	r->screen.crumb = r->crumb;
	ui_message(S_INFO, "%d %s.%s", r->total, villages ? "thôn cần đổi tên" : "cặp hồ sơ có thể là cùng một người",
		   r->n ? villages ? " Enter: đổi tên." : " Enter: gộp hai hồ sơ." : "");
	return &r->screen;
}

struct screen *duplicates_new(cn_db *db, long long unit) { return review_new(db, unit, false); }
struct screen *villages_new(cn_db *db, long long unit) { return review_new(db, unit, true); }
