/* A report on screen: the same model the writers render (columns, rows
 * streamed from the source, STT and totals from cn_row_walk), shown in the
 * generic table. Only the first SHOW_MAX rows are kept, as text, so a
 * roster of 600,000 members costs a screenful of memory; the full report
 * is one key away as a file.
 *
 * Drill down: Enter on a row that stands for a unit (the report's
 * cn_drill) opens the report behind its figure, the same report for that
 * unit or the roster of its teams and members, as a screen over this one;
 * Backspace comes back with the cursor where it was. A report covered by
 * the one opened from it lets go of its rows and reads them again when it
 * shows, so a drill-down costs one report's rows. The export writes the
 * report shown. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cnscd/os.h"
#include "cnscd/report.h"
#include "cnscd/results.h"
#include "cnscd/stats.h"
#include "cnscd/text.h"
#include "cnscd/today.h"
#include "cnscd/training.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "formview.h"
#include "keys.h"
#include "results_screens.h"
#include "screen.h"
#include "table.h"
#include "ui.h"

#define SHOW_MAX 2000
#define HEAD_LINES 3 /* group, then the header on two lines */
#define TOP_LINES 3  /* title, subtitle, note */
#define STT_WIDTH 5
#define EXPORT_DIR "cnscd-exports"
#define DRILL_MAX 12

struct report_view {
	struct screen screen;
	struct screen *root; /* the first report: Esc closes from there */
	int depth;           /* reports opened down to this one */
	cn_db *db;
	const cn_report_kind *kind;
	long long unit_id;
	bool own;        /* roster: only the unit's own teams */
	int level;       /* roster: only the teams of this level (0: all) */
	char *unit_code; /* for the file name; NULL for the whole database */
	char *unit_path; /* "Tỉnh Bạc Liêu › Huyện Hoà Bình" for the title line */
	char from[48], to[48]; /* the period as typed (empty: none) */
	long long training_id; /* attendance: the session */
	bool blank;            /* attendance: the sign-in sheet */
	/* What the screen keeps of the report. */
	char *title, *subtitle;
	char *closing;         /* its first line under the table (the counts), or NULL */
	int ncols;            /* the report's columns, STT not counted */
	cn_report_col *cols;  /* copies: a report's columns may die with it */
	int *widths;          /* display widths */
	long long nrows;
	bool more;            /* rows beyond SHOW_MAX were left out */
	int *kinds;           /* enum cn_row_kind per row */
	cn_drill *drills;     /* what each row stands for */
	cn_drill *col_drill;  /* per column (units as columns), or NULL */
	char **cells;         /* [row * (ncols + 1) + col], column 0 the STT */
	int hscroll;          /* first scrolled column shown (0 is the STT) */
	long long export_expected; /* rows the export under way should give; 0: unknown */
	struct table table;
};

/* --- Reading the report into the screen's bounded buffer --- */

static int default_width(const cn_report_col *c)
{
	int w = c->width;
	if (w <= 0)
		w = c->kind == CN_COL_TEXT ? 20 : c->kind == CN_COL_DATE ? 10 : 9;
	return w < 6 ? 6 : w > 40 ? 40 : w;
}

static char *cell_text(const cn_report_col *col, const cn_report_cell *cell, const cn_report_cell *row)
{
	char buf[CN_NUM_TEXT_LEN];
	switch (col->kind) {
	case CN_COL_INTEGER:
		if (cell->empty)
			return NULL;
		cn_count_text(cell->num, buf);
		return cn_strdup(buf);
	case CN_COL_PERCENT: {
		double ratio;
		if (!cn_report_percent(col, cell, row, &ratio))
			return NULL;
		cn_percent_text(ratio, buf);
		return cn_strdup(buf);
	}
	case CN_COL_DATE: {
		char d[CN_DATE_LEN];
		cn_date_display(cell->text, d);
		return d[0] ? cn_strdup(d) : NULL;
	}
	default:
		return cell->text ? cn_strdup(cell->text) : NULL;
	}
}

/* A table that starts in the rows: its heading, then its column headers
 * as a row of their own (the header at the top names the first table's). */
static void keep_table(struct report_view *v, const cn_report_row *row)
{
	int n = v->ncols + 1;
	char **out = &v->cells[v->nrows * n];
	v->kinds[v->nrows++] = CN_ROW_GROUP;
	out[0] = row->stt ? cn_strdup(row->stt) : NULL;
	out[1] = row->label ? cn_strdup(row->label) : NULL;
	if (v->nrows == SHOW_MAX)
		return;
	out = &v->cells[v->nrows * n];
	v->kinds[v->nrows++] = CN_ROW_COLUMNS;
	out[0] = cn_strdup("STT");
	for (int c = 0; c < row->ncols; c++) {
		out[c + 1] = cn_col_full_header(&row->cols[c]);
		int w = default_width(&row->cols[c]);
		if (w > v->widths[c + 1])
			v->widths[c + 1] = w;
	}
}

static void keep_row(struct report_view *v, const cn_row_walk *w, const cn_report_row *row)
{
	int n = v->ncols + 1;
	char **out = &v->cells[v->nrows * n];
	if (row->kind == CN_ROW_COLUMNS) {
		keep_table(v, row);
		return;
	}
	v->drills[v->nrows] = row->kind == CN_ROW_DATA ? row->drill : (cn_drill){0};
	v->kinds[v->nrows++] = row->kind;
	if (row->kind == CN_ROW_GROUP) {
		out[0] = row->stt ? cn_strdup(row->stt) : NULL;
		out[1] = row->label ? cn_strdup(row->label) : NULL;
		return;
	}
	if (row->kind == CN_ROW_DATA)
		out[0] = cn_sprintf("%lld", w->stt);
	static const cn_report_col percent = {.kind = CN_COL_PERCENT};
	for (int c = 0; c < w->ncols; c++) {
		cn_report_cell sum;
		const cn_report_cell *cell = &w->cells[c];
		if (w->cols[c].row_sum && row->kind == CN_ROW_DATA) {
			sum = (cn_report_cell){.num = cn_report_row_sum(&w->cols[c], w->cells)};
			cell = &sum;
		}
		out[c + 1] = cell_text(row->kind == CN_ROW_RATIO ? &percent : &w->cols[c], cell, w->cells);
	}
	const char *label = cn_row_label(row, w->cols, w->ncols);
	if (label) {
		free(out[1]);
		out[1] = cn_strdup(label);
	}
}

static void clear_rows(struct report_view *v)
{
	for (long long i = 0; i < v->nrows * (v->ncols + 1); i++)
		free(v->cells[i]);
	free(v->cells);
	free(v->kinds);
	free(v->drills);
	free(v->col_drill);
	free(v->widths);
	for (int c = 0; c < v->ncols; c++) {
		free((char *)v->cols[c].header);
		free((char *)v->cols[c].group);
	}
	free(v->cols);
	free(v->title);
	free(v->subtitle);
	free(v->closing);
	v->closing = NULL;
	v->cells = NULL;
	v->kinds = NULL;
	v->drills = v->col_drill = NULL;
	v->more = false;
	v->widths = NULL;
	v->cols = NULL;
	v->title = v->subtitle = NULL;
	v->nrows = v->ncols = 0;
}

static cn_report *build(struct report_view *v, cn_error *err)
{
	cn_report_params p = {.unit_id = v->unit_id, .from = v->from[0] ? v->from : NULL,
			      .to = v->to[0] ? v->to : NULL, .own = v->own, .level = v->level,
			      .training_id = v->training_id, .blank = v->blank};
	return v->kind->build(v->db, &p, err);
}

/* Builds the report and keeps its first rows. */
static int load(struct report_view *v, cn_error *err)
{
	cn_report *r = build(v, err);
	if (!r)
		return err->code ? err->code : CN_EINVAL;
	v->title = cn_strdup(r->title);
	v->subtitle = r->subtitle ? cn_strdup(r->subtitle) : NULL;
	v->closing = r->closing && r->closing[0] ? cn_strdup(r->closing[0]) : NULL;
	/* Room for the widest table; the top header names the first one's. */
	v->ncols = cn_report_width(r);
	v->cols = cn_calloc((size_t)v->ncols, sizeof *v->cols);
	v->widths = cn_calloc((size_t)v->ncols + 1, sizeof *v->widths);
	v->widths[0] = STT_WIDTH;
	for (int c = r->ncols; c < v->ncols; c++) {
		v->cols[c] = (cn_report_col){.header = cn_strdup(""), .kind = CN_COL_INTEGER};
		v->widths[c + 1] = 6;
	}
	for (int c = 0; c < r->ncols; c++) {
		v->cols[c] = r->cols[c];
		v->cols[c].header = cn_strdup(r->cols[c].header);
		v->cols[c].group = r->cols[c].group ? cn_strdup(r->cols[c].group) : NULL;
		v->cols[c].note = NULL;
		v->widths[c + 1] = default_width(&r->cols[c]);
	}
	v->kinds = cn_calloc(SHOW_MAX, sizeof *v->kinds);
	v->drills = cn_calloc(SHOW_MAX, sizeof *v->drills);
	for (int c = 0; r->col_drill && c < r->ncols; c++) {
		if (r->col_drill[c].kind != CN_DRILL_NONE) {
			v->col_drill = cn_calloc((size_t)v->ncols, sizeof *v->col_drill);
			memcpy(v->col_drill, r->col_drill, (size_t)r->ncols * sizeof *v->col_drill);
			break;
		}
	}
	v->cells = cn_calloc((size_t)SHOW_MAX * (size_t)(v->ncols + 1), sizeof *v->cells);
	cn_row_walk w;
	cn_row_walk_init(&w, r);
	cn_report_row row;
	int rc;
	while ((rc = cn_row_walk_next(&w, r, &row, err)) == 1) {
		if (v->nrows == SHOW_MAX) {
			v->more = true;
			break;
		}
		keep_row(v, &w, &row);
	}
	cn_row_walk_free(&w);
	cn_report_free(r);
	return rc < 0 ? rc : CN_OK;
}

/* --- Drawing --- */

int results_visible_cols(const int *widths, int ncols, int frozen, int first, int *idx, int *xs, int max)
{
	int n = 0, x = 0;
	for (int c = 0; c < ncols && n < max; c++) {
		if (c >= frozen && c < first)
			continue;
		if (x + widths[c] > COLS && n > 0)
			break;
		idx[n] = c;
		xs[n++] = x;
		x += widths[c] + 1;
	}
	return n;
}

/* STT and the first column stay; the others scroll from HSCROLL on. */
static int visible_cols(const struct report_view *v, int *idx, int *xs, int max)
{
	return results_visible_cols(v->widths, v->ncols + 1, 2, v->hscroll, idx, xs, max);
}

struct wrap_lines {
	char line[2][160];
	int n;
};

static void keep_line(const char *line, int len, void *ctx)
{
	struct wrap_lines *w = ctx;
	if (w->n < 2)
		snprintf(w->line[w->n], sizeof w->line[0], "%.*s", len, line);
	else /* a third line: mark the cut on the second */
		strncat(w->line[1], "…", sizeof w->line[1] - strlen(w->line[1]) - 1);
	w->n++;
}

static void draw_header(struct report_view *v)
{
	int idx[64], xs[64];
	int n = visible_cols(v, idx, xs, 64);
	attr_t h = ui_attr(S_HEADER);
	for (int y = 0; y < HEAD_LINES; y++) {
		wmove(v->screen.win, TOP_LINES + y, 0);
		wclrtoeol(v->screen.win);
	}
	for (int i = 0; i < n; i++) {
		int c = idx[i], w = v->widths[c];
		const char *head = c == 0 ? "STT" : v->cols[c - 1].header;
		const char *group = c == 0 ? NULL : v->cols[c - 1].group;
		/* A group spans its columns: written over the first one shown. */
		bool first_of_group = group && (i == 0 || idx[i - 1] == 0 || !v->cols[idx[i - 1] - 1].group ||
						strcmp(v->cols[idx[i - 1] - 1].group, group) != 0);
		if (first_of_group) {
			int span = w;
			for (int k = i + 1; k < n && v->cols[idx[k] - 1].group &&
					    strcmp(v->cols[idx[k] - 1].group, group) == 0; k++)
				span = xs[k] + v->widths[idx[k]] - xs[i];
			ui_put(v->screen.win, TOP_LINES, xs[i], span, group, A_BOLD, ALIGN_CENTER);
		}
		struct wrap_lines lines = {0};
		ui_wrap(head, w, keep_line, &lines);
		ui_put(v->screen.win, TOP_LINES + 1, xs[i], w, lines.n > 1 ? lines.line[0] : "", A_BOLD, ALIGN_CENTER);
		ui_put(v->screen.win, TOP_LINES + 2, xs[i], w, lines.n > 1 ? lines.line[1] : lines.line[0], h,
		       ALIGN_CENTER);
	}
}

static long long count(void *ctx) { return ((struct report_view *)ctx)->nrows; }

static void draw_row(void *ctx, struct table *t, int y, long long index, bool selected)
{
	struct report_view *v = ctx;
	int kind = v->kinds[index];
	attr_t a = selected ? ui_attr(S_SELECTED) : A_NORMAL;
	if (kind != CN_ROW_DATA)
		a |= A_BOLD;
	table_fill(t, y, a);
	char **cells = &v->cells[index * (v->ncols + 1)];
	int idx[64], xs[64];
	int n = visible_cols(v, idx, xs, 64);
	for (int i = 0; i < n; i++) {
		int c = idx[i];
		int w = v->widths[c];
		/* A group heading runs over the columns after the first; a
		 * total's label ("Tổng cộng: 7 người") over the empty ones. */
		if (kind == CN_ROW_GROUP && c == 1)
			w = COLS - xs[i];
		if (kind != CN_ROW_DATA && kind != CN_ROW_GROUP && c == 1) {
			int k = i + 1;
			while (k < n && !cells[idx[k]])
				k++;
			w = (k < n ? xs[k] - 1 : COLS) - xs[i];
			ui_put(t->win, y, xs[i], w, cells[c], a, ALIGN_LEFT);
			i = k - 1;
			continue;
		}
		bool number = c == 0 || (c > 0 && v->cols[c - 1].kind != CN_COL_TEXT);
		ui_put(t->win, y, xs[i], w, cells[c], a, number ? ALIGN_RIGHT : ALIGN_LEFT);
		if (kind == CN_ROW_GROUP && c == 1)
			break;
	}
}

static const struct table_col one_col[] = {{"", 0, ALIGN_LEFT, -1}};
static const struct table_source source = {count, NULL, draw_row, NULL};

static void set_note(struct report_view *v, const char *text, attr_t attr)
{
	ui_put(v->screen.win, 2, 0, COLS, text, attr, ALIGN_LEFT);
}

/* The unit's path must show: the report's short name when the title is
 * too long for both. */
static void set_title(struct report_view *v)
{
	const char *where = v->unit_path ? v->unit_path : "Toàn bộ cơ sở dữ liệu";
	const char *title = v->title ? v->title : v->kind->label;
	if (cn_text_width(title) + cn_text_width(where) + 4 > COLS)
		title = v->kind->label;
	screen_title(&v->screen, "%s — %s", title, where);
}

static void layout(struct screen *s) { set_title((struct report_view *)s); }

static void draw(struct screen *s)
{
	struct report_view *v = (struct report_view *)s;
	ui_put(v->screen.win, 1, 1, COLS - 1, v->subtitle ? v->subtitle : "", ui_attr(S_CRUMB), ALIGN_LEFT);
	char note[200], n[CN_NUM_TEXT_LEN], at[CN_NUM_TEXT_LEN];
	cn_count_text(v->more ? SHOW_MAX : v->nrows, n);
	if (v->more)
		snprintf(note, sizeof note, " Hiện %s dòng đầu… còn nữa: xuất tệp để xem đủ (%s).", n,
			 keys_short(CTX_REPORT, ACT_EXPORT));
	else if (v->closing)
		snprintf(note, sizeof note, " %s. %s: xuất ra tệp Excel/CSV.", v->closing, keys_short(CTX_REPORT, ACT_EXPORT));
	else
		snprintf(note, sizeof note, " %s dòng. %s: xuất ra tệp Excel/CSV.", n, keys_short(CTX_REPORT, ACT_EXPORT));
	set_note(v, note, v->more ? ui_attr(S_WARN) : A_NORMAL);
	draw_header(v);
	char info[160];
	cn_count_text(v->table.cursor + 1, at);
	cn_count_text(v->nrows, n);
	snprintf(info, sizeof info, "Dòng %s/%s%s", at, n, v->ncols > 1 ? " · ←/→: xem các cột khác" : "");
	ui_set_info(info);
}

/* --- Export --- */

static char *default_path(const struct report_view *v)
{
	char *home = cn_os_documents_dir();
	char *period = v->from[0] ? cn_sprintf("-%s_%s", v->from, v->to) : cn_strdup("");
	for (char *p = period; *p; p++) /* dates and months are typed with slashes */
		if (*p == '/')
			*p = '-';
	char *part = v->own ? cn_strdup("-rieng") : v->level ? cn_sprintf("-cap%d", v->level) : cn_strdup("");
	char *path = v->training_id
		? cn_sprintf("%s/%s/%s-lop%lld%s.xlsx", home, EXPORT_DIR, v->kind->name, v->training_id,
			     v->blank ? "-ky-ten" : "")
		: cn_sprintf("%s/%s/%s-%s%s%s.xlsx", home, EXPORT_DIR, v->kind->name,
			     v->unit_code ? v->unit_code : "tat-ca", part, period);
	free(home);
	free(part);
	free(period);
	return path;
}

static int check_file_name(const char *value, cn_error *err)
{
	if (cn_report_format_for(value) == CN_REPORT_UNKNOWN)
		return cn_fail(err, CN_EINVAL, "Cần đuôi .xlsx (Excel) hoặc .csv: «%s»", value);
	return CN_OK;
}

static int accept_name(struct form *f, cn_error *err)
{
	return check_file_name(form_value(f, 0), err);
}

/* "~/x" → "$HOME/x". Malloc'd. */
static char *expand_home(const char *path)
{
	return cn_os_expand_home(path);
}

/* The default folder is made on demand, private to the user. */
static void make_export_dir(void)
{
	char *home = cn_os_documents_dir();
	char *dir = cn_sprintf("%s/%s", home, EXPORT_DIR);
	free(home);
	if (cn_os_mkdir(dir, 0700) != 0 && errno != EEXIST)
		ui_message(S_ERROR, "Không tạo được thư mục %s: %s", dir, strerror(errno));
	free(dir);
}

#define BAR_WIDTH 20

/* "Đang xuất… ██████░░░░ 45% · 270.000/600.000 dòng" when the report
 * knows about how many rows it has, else the count alone. */
static void show_progress(long long rows, void *ctx)
{
	struct report_view *v = ctx;
	char text[256], n[CN_NUM_TEXT_LEN], total[CN_NUM_TEXT_LEN];
	cn_count_text(rows, n);
	long long expected = v->export_expected;
	if (expected > 0) {
		/* An estimate: never 100% before the end. */
		int pct = (int)(rows * 100 / expected);
		pct = pct > 99 ? 99 : pct;
		char bar[BAR_WIDTH * 3 + 1];
		int full = pct * BAR_WIDTH / 100, len = 0;
		for (int i = 0; i < BAR_WIDTH; i++)
			len += snprintf(bar + len, sizeof bar - (size_t)len, "%s", i < full ? "█" : "░");
		cn_count_text(expected, total);
		snprintf(text, sizeof text, " Đang xuất… %s %d%% · %s/%s dòng", bar, pct, n, total);
	} else {
		snprintf(text, sizeof text, " Đang xuất… %s dòng", n);
	}
	set_note(v, text, ui_attr(S_INFO));
	update_panels();
	doupdate();
}

static const char *const sheet_kinds[] = {"Danh sách điểm danh", "Mẫu trống để ký tên", NULL};

/* An attendance sheet: the list as it stands, or the sign-in sheet; the
 * default file name follows the choice. */
static int accept_attendance(struct form *f, cn_error *err)
{
	struct report_view *v = f->ctx;
	bool blank = strcmp(form_value(f, 1), sheet_kinds[1]) == 0;
	if (blank != v->blank) {
		char *was = default_path(v);
		v->blank = blank;
		char *now = default_path(v);
		if (strcmp(form_value(f, 0), was) == 0)
			form_set(f, 0, now);
		free(was);
		free(now);
	}
	return accept_name(f, err);
}

static void export(struct report_view *v)
{
	char *def = default_path(v);
	bool sheet = v->training_id != 0;
	struct form f = {.title = sheet ? "Xuất danh sách người tham dự" : "Xuất báo cáo ra tệp",
			 .save = sheet ? accept_attendance : accept_name, .ctx = v, .asks = true};
	form_add(&f, (struct form_field){"path", "Tệp", FORM_TEXT, true, 400, check_file_name,
		 "Đuôi .xlsx: Excel; .csv: bảng tính dạng chữ"}, def);
	if (sheet) {
		int kind = form_add(&f, (struct form_field){"kind", "Loại", FORM_CHOICE, true, 30, NULL,
				    "Mẫu trống: danh sách mời, chưa có trạng thái, để in và ký trước buổi học"},
				    sheet_kinds[v->blank]);
		f.choices[kind] = sheet_kinds;
	}
	free(def);
	bool was_blank = v->blank;
	bool ok = form_run(&f);
	char *path = ok ? expand_home(form_value(&f, 0)) : NULL;
	form_free(&f);
	if (!ok) {
		v->blank = was_blank;
		return;
	}
	make_export_dir();
	set_note(v, " Đang xuất…", ui_attr(S_INFO));
	update_panels();
	doupdate();
	cn_error err = {0};
	cn_report *r = build(v, &err);
	int rc = r ? CN_OK : CN_EINVAL;
	long long rows = 0;
	if (r) {
		v->export_expected = r->expected_rows;
		r->progress = show_progress;
		r->progress_ctx = v;
		rc = cn_report_write(r, path, &err);
		rows = r->rows_read;
		cn_report_free(r);
	}
	v->blank = false; /* the screen shows the list as it stands */
	/* Curses does not know what the writers did under it, if anything. */
	ui_repaint();
	if (rc == CN_OK) {
		char n[CN_NUM_TEXT_LEN];
		cn_count_text(rows, n);
		ui_message(S_INFO, "Đã xuất %s dòng vào %s", n, path);
	} else {
		ui_message(S_ERROR, "Chưa xuất được: %s", err.msg);
	}
	free(path);
}

/* --- Choosing the report and its period --- */

static int check_month(const char *value, cn_error *err)
{
	char out[8];
	return cn_parse_period("Tháng", value, out, err);
}

static int try_period(struct form *f, cn_error *err)
{
	struct report_view *v = f->ctx;
	snprintf(v->from, sizeof v->from, "%s", form_value(f, 0));
	snprintf(v->to, sizeof v->to, "%s", form_value(f, 1));
	clear_rows(v);
	return load(v, err);
}

static bool ask_period(struct report_view *v)
{
	struct tm tm;
	cn_today_tm(&tm);
	bool months = v->kind->period == CN_PERIOD_MONTHS;
	if (months) { /* the results' own default: the last month (or quarter) already owed */
		char from[8], to[8];
		cn_results_default_period(v->db, from, to);
		snprintf(v->from, sizeof v->from, "%.2s/%.4s", from + 5, from);
		snprintf(v->to, sizeof v->to, "%.2s/%.4s", to + 5, to);
	} else {
		snprintf(v->from, sizeof v->from, "01/01/%04d", tm.tm_year + 1900);
		snprintf(v->to, sizeof v->to, "%02d/%02d/%04d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
	}
	char *title = cn_sprintf("%s — kỳ báo cáo", v->kind->label);
	struct form f = {.title = title, .save = try_period, .ctx = v, .asks = true};
	if (months) {
		form_add(&f, (struct form_field){"from", "Từ tháng", FORM_TEXT, true, 7, check_month, "mm/yyyy"},
			 v->from);
		form_add(&f, (struct form_field){"to", "Đến tháng", FORM_TEXT, true, 7, check_month, "mm/yyyy"},
			 v->to);
	} else {
		form_add(&f, (struct form_field){"from", "Từ ngày", FORM_DATE, true, 10, form_check_date, NULL},
			 v->from);
		form_add(&f, (struct form_field){"to", "Đến ngày", FORM_DATE, true, 10, form_check_date, NULL},
			 v->to);
	}
	bool ok = form_run(&f);
	form_free(&f);
	free(title);
	return ok;
}

/* The reports of a unit; those of a session are opened from the session. */
static const cn_report_kind *pick_kind(void)
{
	enum { MAX = 16 };
	const char *labels[MAX + 1];
	const cn_report_kind *of_unit[MAX];
	int n = 0;
	for (size_t i = 0; i < cn_report_kinds_len && n < MAX; i++)
		if (!cn_report_kinds[i].of_session) {
			of_unit[n] = &cn_report_kinds[i];
			labels[n++] = cn_report_kinds[i].label;
		}
	labels[n] = NULL;
	int i = choice_run("Chọn báo cáo", labels, 0, 3, 4);
	return i >= 0 ? of_unit[i] : NULL;
}

/* --- Drill down --- */

/* The unit shown: its code for the file name, its path for the title. */
static void set_unit(struct report_view *v, long long unit_id)
{
	free(v->unit_code);
	free(v->unit_path);
	v->unit_code = v->unit_path = NULL;
	v->unit_id = unit_id;
	if (!unit_id)
		return;
	cn_unit u = {0};
	if (cn_unit_get(v->db, unit_id, &u, NULL) == CN_OK && u.code)
		v->unit_code = cn_strdup(u.code);
	cn_unit_clear(&u);
	v->unit_path = cn_unit_path(v->db, unit_id, " › ");
}

/* Reads the report shown again (it was let go of while covered). */
static void reload(struct screen *s)
{
	struct report_view *v = (struct report_view *)s;
	clear_rows(v);
	cn_error err = {0};
	if (load(v, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
	set_title(v);
	ui_repaint(); /* a new table: repaint rather than let curses scroll the old one */
}

/* Results by child unit have the units as columns: which one to open. */
static cn_drill pick_column(const struct report_view *v)
{
	const char *labels[64];
	int cols[64], n = 0;
	for (int c = 0; c < v->ncols && n < 63; c++) {
		if (v->col_drill[c].kind != CN_DRILL_NONE) {
			cols[n] = c;
			labels[n++] = v->cols[c].header;
		}
	}
	labels[n] = NULL;
	int i = n ? choice_run("Xem báo cáo của đơn vị", labels, 0, 3, 4) : -1;
	return i >= 0 ? v->col_drill[cols[i]] : (cn_drill){0};
}

/* The cn_drill of the row under the cursor, or a word on why there is none. */
static cn_drill drill_target(const struct report_view *v)
{
	long long i = v->table.cursor;
	if (i < v->nrows && v->drills[i].kind != CN_DRILL_NONE)
		return v->drills[i];
	if (v->col_drill)
		return pick_column(v);
	if (i < v->nrows && v->kinds[i] != CN_ROW_DATA)
		ui_message(S_INFO, "Dòng tổng cộng, tiêu đề: không có chi tiết để mở.");
	else
		ui_message(S_INFO, "Dòng này không ứng với một đơn vị: không có chi tiết để mở.");
	return (cn_drill){0};
}

static struct report_view *report_new(cn_db *db, const cn_report_kind *kind, long long unit_id);

static int drill(struct report_view *v)
{
	cn_drill d = drill_target(v);
	if (d.kind == CN_DRILL_NONE)
		return SCREEN_HANDLED;
	if (v->depth == DRILL_MAX) {
		ui_message(S_INFO, "Đã mở sâu %d mức: Backspace để lên.", DRILL_MAX);
		return SCREEN_HANDLED;
	}
	if (d.kind == CN_DRILL_SESSION) {
		screen_push(attendance_screen_new(v->db, d.id));
		return SCREEN_HANDLED;
	}
	struct report_view *c = report_new(v->db, d.kind == CN_DRILL_UNIT ? v->kind : cn_report_kind_named("roster"),
					   d.kind == CN_DRILL_LEVEL_ROSTER ? v->unit_id : d.id);
	c->root = v->root;
	c->depth = v->depth + 1;
	if (d.kind == CN_DRILL_UNIT) {
		snprintf(c->from, sizeof c->from, "%s", v->from);
		snprintf(c->to, sizeof c->to, "%s", v->to);
	}
	c->own = d.kind == CN_DRILL_OWN_ROSTER;
	c->level = d.kind == CN_DRILL_LEVEL_ROSTER ? (int)d.id : 0;
	cn_error err = {0};
	if (load(c, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		screen_discard(&c->screen);
		return SCREEN_HANDLED;
	}
	set_title(c);
	screen_push(&c->screen);
	ui_repaint();
	/* Covered: its rows go, and come back when it shows again. */
	clear_rows(v);
	screen_reload_later(&v->screen);
	return SCREEN_HANDLED;
}

static int scroll_cols(struct report_view *v, int delta)
{
	int idx[64], xs[64];
	int n = visible_cols(v, idx, xs, 64);
	if (delta < 0 && v->hscroll > 2)
		v->hscroll--;
	else if (delta > 0 && n > 0 && idx[n - 1] < v->ncols)
		v->hscroll++;
	return SCREEN_REDRAW;
}

static int key(struct screen *s, int action, int key)
{
	(void)key;
	struct report_view *v = (struct report_view *)s;
	switch (action) {
	case ACT_CHAR_LEFT: return scroll_cols(v, -1);
	case ACT_CHAR_RIGHT: return scroll_cols(v, 1);
	case ACT_EXPORT: export(v); return SCREEN_HANDLED;
	case ACT_OPEN: return drill(v);
	case ACT_BACK: return SCREEN_CLOSE;
	case ACT_CANCEL: /* Esc closes the report, whatever was opened from it */
		screen_close(v->root);
		return SCREEN_HANDLED;
	default: return SCREEN_IGNORED;
	}
}

static void done(struct screen *s)
{
	struct report_view *v = (struct report_view *)s;
	clear_rows(v);
	free(v->unit_code);
	free(v->unit_path);
	free(v);
}

static const struct screen_ops report_ops = {
	.keyctx = CTX_REPORT, .key = key, .draw = draw, .done = done, .load = reload, .layout = layout,
};

/* A report of KIND for UNIT_ID, not read yet. */
static struct report_view *report_new(cn_db *db, const cn_report_kind *kind, long long unit_id)
{
	struct report_view *v = cn_calloc(1, sizeof *v);
	v->screen = (struct screen){.ops = &report_ops, .name = kind->label, .table = &v->table,
				    .table_y = TOP_LINES + HEAD_LINES};
	v->root = &v->screen;
	v->db = db;
	v->kind = kind;
	v->hscroll = 2;
	v->table = (struct table){.cols = one_col, .ncols = 1, .src = &source, .ctx = v, .header = false};
	set_unit(v, unit_id);
	return v;
}

void report_results_export(cn_db *db, long long unit_id, const char *from, const char *to)
{
	struct report_view *v = report_new(db, cn_report_kind_named("results"), unit_id);
	snprintf(v->from, sizeof v->from, "%.2s/%.4s", from + 5, from);
	snprintf(v->to, sizeof v->to, "%.2s/%.4s", to + 5, to);
	cn_error err = {0};
	if (load(v, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		screen_discard(&v->screen);
		return;
	}
	set_title(v);
	screen_push(&v->screen);
	export(v);
}

struct screen *report_screen_new(cn_db *db, long long unit_id)
{
	const cn_report_kind *kind = pick_kind();
	if (!kind)
		return NULL;
	struct report_view *v = report_new(db, kind, unit_id);
	bool ok;
	if (kind->period != CN_PERIOD_NONE) {
		ok = ask_period(v);
	} else {
		cn_error err = {0};
		ok = load(v, &err) == CN_OK;
		if (!ok)
			ui_message(S_ERROR, "%s", err.msg);
	}
	if (!ok) {
		screen_discard(&v->screen);
		return NULL;
	}
	set_title(v);
	return &v->screen;
}

struct screen *attendance_screen_new(cn_db *db, long long training_id)
{
	cn_training t = {0};
	cn_error err = {0};
	if (cn_training_get(db, training_id, &t, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return NULL;
	}
	struct report_view *v = report_new(db, cn_report_kind_named("attendance"), t.unit_id);
	/* The title names the session, not its unit. */
	char date[CN_DATE_LEN];
	cn_date_display(t.start_date, date);
	free(v->unit_path);
	v->unit_path = cn_sprintf("%s (%s)", t.title, date);
	cn_training_clear(&t);
	v->training_id = training_id;
	if (load(v, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		screen_discard(&v->screen);
		return NULL;
	}
	set_title(v);
	return &v->screen;
}
