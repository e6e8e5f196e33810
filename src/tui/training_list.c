/* The sessions run by a unit and the units below it, newest first, in the
 * generic table: only the rows on screen are read (cn_training_page). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/attendance.h"
#include "cnscd/text.h"
#include "cnscd/training.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "history.h"
#include "keys.h"
#include "results_screens.h"
#include "rowpage.h"
#include "screen.h"
#include "screens.h"
#include "table.h"
#include "trainings.h"
#include "ui.h"

struct session {
	long long id;
	char *date, *title, *unit, *format, *topics;
	int planned, invited, present;
};

struct sessions {
	struct screen screen;
	cn_db *db;
	long long unit_id;
	char *crumb;
	struct row_page page;
	struct table table;
};

/* The counts under their words (cn_attendance_tally_text); the format
 * and topics of the session under the cursor are on the info line. */
static const struct table_col cols[] = {
	{"Ngày", 10, ALIGN_LEFT, -1},
	{"Tên lớp", 0, ALIGN_LEFT, -1},
	{"Đơn vị", 18, ALIGN_LEFT, -1},
	{CN_WORD_PRESENT, 6, ALIGN_RIGHT, -1},
	{CN_WORD_INVITED, 8, ALIGN_RIGHT, -1},
	{CN_WORD_PLANNED, 7, ALIGN_RIGHT, -1},
};

static int keep_row(const cn_training_row *row, void *ctx)
{
	struct row_page *p = ctx;
	struct session *r = row_page_add(p);
	if (!r)
		return 1;
	char date[CN_DATE_LEN];
	cn_date_display(row->start_date, date);
	*r = (struct session){
		.id = row->id, .date = row_page_text(p, date), .title = row_page_text(p, row->title),
		.unit = row_page_text(p, row->unit_name),
		.format = row_page_text(p, cn_training_format_name(row->format ? row->format : CN_FORMAT_IN_PERSON)),
		.topics = row_page_text(p, row->topics), .planned = row->planned, .invited = row->invited,
		.present = row->present};
	return 0;
}

static void read_page(struct row_page *p, long long first, int n)
{
	struct sessions *s = p->ctx;
	cn_error err = {0};
	if (cn_training_page(s->db, s->unit_id, (int)first, n, keep_row, p, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
}

static void draw_row(void *ctx, struct table *t, int y, const void *row, bool selected)
{
	(void)ctx;
	const struct session *r = row;
	attr_t a = table_row(t, y, selected, A_NORMAL);
	char present[16], invited[16], planned[16] = "–";
	snprintf(present, sizeof present, "%d", r->present);
	snprintf(invited, sizeof invited, "%d", r->invited);
	if (r->planned)
		snprintf(planned, sizeof planned, "%d", r->planned);
	table_cell(t, y, 0, r->date, a);
	table_cell(t, y, 1, r->title, a | (selected ? 0 : A_BOLD));
	table_cell(t, y, 2, r->unit, a);
	table_cell(t, y, 3, present, a);
	table_cell(t, y, 4, invited, a);
	table_cell(t, y, 5, planned, a);
}

static const struct session *current(struct sessions *s) { return row_page_at(&s->page, s->table.cursor); }

static long long current_id(struct sessions *s)
{
	const struct session *r = current(s);
	return r ? r->id : 0;
}

/* Reads the list again, keeping the cursor on session KEEP if given. */
static void reload(struct sessions *s, long long keep)
{
	cn_error err = {0};
	long long n = cn_training_count(s->db, s->unit_id, &err);
	if (n < 0)
		ui_message(S_ERROR, "%s", err.msg);
	s->page.count = n > 0 ? n : 0;
	row_page_clear(&s->page);
	/* Sessions of one unit are few: find the row by paging. */
	for (long long i = 0; keep && i < s->page.count; i++) {
		const struct session *r = row_page_at(&s->page, i);
		if (r && r->id == keep) {
			table_goto(&s->table, i);
			break;
		}
	}
}

static void load(struct screen *screen)
{
	struct sessions *s = (struct sessions *)screen;
	reload(s, current_id(s));
}

static void set_info(struct screen *screen)
{
	struct sessions *s = (struct sessions *)screen;
	char line[256];
	const struct session *r = current(s);
	if (r && r->topics[0])
		snprintf(line, sizeof line, "%lld lớp · %s · Chủ đề: %s", s->page.count, r->format, r->topics);
	else if (r)
		snprintf(line, sizeof line, "%lld lớp · %s", s->page.count, r->format);
	else
		snprintf(line, sizeof line, "%lld lớp", s->page.count);
	ui_set_info(line);
}

/* After a change: the list read again, the cursor on KEEP. */
static int changed(struct sessions *s, long long keep)
{
	reload(s, keep);
	return SCREEN_CHANGED | SCREEN_REDRAW;
}

static int key(struct screen *screen, int action, int key)
{
	(void)key;
	struct sessions *s = (struct sessions *)screen;
	long long id = current_id(s), saved;
	switch (action) {
	case ACT_OPEN:
		if (id)
			screen_push(checkin_new(s->db, id));
		return SCREEN_HANDLED;
	case ACT_NEW: return (saved = edit_training(s->db, 0, s->unit_id)) ? changed(s, saved) : SCREEN_HANDLED;
	case ACT_EDIT:
		return id && (saved = edit_training(s->db, id, s->unit_id)) ? changed(s, saved) : SCREEN_HANDLED;
	case ACT_DELETE: return id && remove_training(s->db, id) ? changed(s, 0) : SCREEN_HANDLED;
	case ACT_UNDO: return history_undo(s->db) ? changed(s, id) : SCREEN_HANDLED;
	case ACT_INVITE: return id && invite_training(s->db, id) ? changed(s, id) : SCREEN_HANDLED;
	case ACT_IMPORT: return id && import_run(s->db, IMPORT_ATTENDANCE, id) ? changed(s, id) : SCREEN_HANDLED;
	case ACT_REPORT:
		if (id)
			screen_push(attendance_screen_new(s->db, id));
		return SCREEN_HANDLED;
	case ACT_BACK:
	case ACT_QUIT: return SCREEN_CLOSE;
	default: return SCREEN_IGNORED;
	}
}

static void done(struct screen *screen)
{
	struct sessions *s = (struct sessions *)screen;
	row_page_free(&s->page);
	free(s->crumb);
	free(s);
}

static const struct screen_ops sessions_ops = {
	.name = "Lớp tập huấn", .keyctx = CTX_TRAININGS, .key = key, .draw = set_info, .done = done, .load = load,
};

struct screen *trainings_new(cn_db *db, long long unit_id)
{
	struct sessions *s = cn_calloc(1, sizeof *s);
	char *path = unit_id ? cn_unit_path(db, unit_id, " › ") : cn_strdup("Tất cả đơn vị");
	s->crumb = cn_sprintf("%s › Lớp tập huấn", path);
	free(path);
	s->screen = (struct screen){.ops = &sessions_ops, .table = &s->table, .table_y = 2, .crumb = s->crumb,
				    .empty = "Chưa có lớp tập huấn nào. Nhấn F7 (hoặc n) để thêm."};
	s->db = db;
	s->unit_id = unit_id;
	s->page = (struct row_page){.row_size = sizeof(struct session), .read = read_page, .draw_row = draw_row,
				    .ctx = s};
	s->table = (struct table){.cols = cols, .ncols = (int)CN_ARRAY_LEN(cols), .header = true};
	row_page_bind(&s->page, &s->table);
	reload(s, 0);
	return &s->screen;
}
