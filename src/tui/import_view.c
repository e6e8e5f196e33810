/* Importing a file from the screen: "Nhập … từ tệp" asks for the file (a
 * path typed, Tab completing it, or one of the spreadsheets of the current
 * folder, Downloads and Documents, newest first), then runs the same import
 * as "cnscd import" (run_import: the one call of the core's import API).
 * A file with bad rows writes nothing: its problems are listed, line by
 * line, and F2 imports the good rows with the bad ones saved beside the
 * file (<name>.loi.csv, with the reason of each). */
#include <stdlib.h>
#include <string.h>

#include "cnscd/import.h"
#include "dialog.h"
#include "filelist.h"
#include "keys.h"
#include "lineinput.h"
#include "screen.h"
#include "screens.h"
#include "table.h"
#include "ui.h"

static const char *const kind_names[] = {
	[IMPORT_UNITS] = "đơn vị", [IMPORT_MEMBERS] = "thành viên", [IMPORT_ATTENDANCE] = "điểm danh",
	[IMPORT_RESULTS] = "kết quả tháng",
};

/* A big file takes seconds: from the first on, the message line says the
 * phase, how far it got and how fast (cn_import_progress_line). */
static void show_progress(const cn_import_progress *p, void *ctx)
{
	char line[256];
	if (cn_import_progress_line(ctx, p, line, sizeof line))
		ui_message_now(S_INFO, line);
}

/* The import of KIND from PATH; the one place the screen calls the core. */
static int run_import(cn_db *db, int kind, long long session, const char *path, bool skip, cn_import_result *res,
		      cn_error *err)
{
	cn_import_meter meter = {0};
	cn_import_options opt = {.skip_invalid = skip, .progress = show_progress, .progress_ctx = &meter};
	switch (kind) {
	case IMPORT_UNITS: return cn_import_units(db, path, &opt, res, err);
	case IMPORT_MEMBERS: return cn_import_members(db, path, &opt, res, err);
	case IMPORT_ATTENDANCE: return cn_import_attendance(db, session, path, &opt, res, err);
	default: return cn_import_results(db, path, &opt, res, err);
	}
}

/* What an import wrote, on the message line. */
static void tell_done(const cn_import_result *res)
{
	char *summary = cn_import_summary(res);
	/* The file of the bad rows first: the line may cut the rest. */
	if (res->reject_path) {
		const char *slash = strrchr(res->reject_path, '/');
		ui_message(S_INFO, "Dòng lỗi ghi ở %s (cạnh tệp nhập). %s", slash ? slash + 1 : res->reject_path, summary);
	} else {
		ui_message(S_INFO, "%s", summary);
	}
	free(summary);
}

/* ---- The problems of a file ---- */

struct problems {
	struct screen screen;
	cn_db *db;
	int kind;
	long long session;
	char *path;
	char **lines;
	int n;
	struct table table;
	bool *imported;
};

static const struct table_col problem_cols[] = {{"Dòng lỗi", 0, ALIGN_LEFT, -1}};

static long long problems_count(void *ctx) { return ((struct problems *)ctx)->n; }

static void problems_row(void *ctx, struct table *t, int y, long long i, bool selected)
{
	struct problems *p = ctx;
	attr_t a = table_row(t, y, selected, A_NORMAL);
	table_cell(t, y, 0, p->lines[i], a);
}

static const struct table_source problems_source = {problems_count, NULL, problems_row, NULL};

static void problems_draw(struct screen *screen)
{
	struct problems *p = (struct problems *)screen;
	WINDOW *w = screen->win;
	ui_put(w, 1, 2, getmaxx(w) - 4, "Chưa ghi gì. F2: nhập các dòng đúng (dòng lỗi ra tệp .loi.csv); Esc: thôi.",
	       A_BOLD, ALIGN_LEFT);
	/* The highlighted problem whole, which the row may cut. */
	if (p->n)
		ui_set_info(p->lines[p->table.cursor]);
}

static int problems_key(struct screen *screen, int action, int key)
{
	(void)key;
	struct problems *p = (struct problems *)screen;
	if (action == ACT_CANCEL) {
		ui_message(S_INFO, "Chưa ghi gì: tệp có dòng lỗi. Sửa tệp rồi nhập lại, hoặc chọn tệp khác.");
		return SCREEN_CLOSE;
	}
	if (action != ACT_SAVE)
		return SCREEN_IGNORED;
	ui_message_now(S_INFO, "Đang nhập các dòng đúng…");
	cn_import_result res;
	cn_error err = {0};
	int rc = run_import(p->db, p->kind, p->session, p->path, true, &res, &err);
	if (rc == CN_OK) {
		tell_done(&res);
		*p->imported = true;
	} else {
		ui_message(S_ERROR, "Chưa nhập được: %s", err.msg);
	}
	cn_import_result_clear(&res);
	return rc == CN_OK ? SCREEN_CLOSE | SCREEN_CHANGED : SCREEN_REDRAW;
}

static void problems_done(struct screen *screen)
{
	struct problems *p = (struct problems *)screen;
	for (int i = 0; i < p->n; i++)
		free(p->lines[i]);
	free(p->lines);
	free(p->path);
	free(p);
}

static const struct screen_ops problems_ops = {
	.name = "Dòng lỗi", .keyctx = CTX_PROBLEMS, .boxed = true, .key = problems_key, .draw = problems_draw,
	.done = problems_done,
};

/* Lists what RES says is wrong; true when the good rows were imported. */
static bool show_problems(cn_db *db, int kind, long long session, const char *path, const cn_import_result *res)
{
	bool imported = false;
	struct problems *p = cn_calloc(1, sizeof *p);
	p->screen = (struct screen){.ops = &problems_ops, .table = &p->table, .table_y = 2};
	p->db = db;
	p->kind = kind;
	p->session = session;
	p->path = cn_strdup(path);
	p->imported = &imported;
	p->lines = cn_calloc((size_t)res->nproblems + 2, sizeof *p->lines);
	for (int i = 0; i < res->nproblems; i++)
		p->lines[p->n++] = cn_import_problem_text(&res->problems[i]);
	/* The core keeps the first CN_IMPORT_MAX_PROBLEMS; the others are
	 * counted, and F2 saves every bad row with its reason. */
	if (res->problems_total > res->nproblems)
		p->lines[p->n++] = cn_sprintf("… và %ld lỗi nữa (chỉ hiện %d lỗi đầu tiên; tổng cộng %ld lỗi)",
					      res->problems_total - res->nproblems, res->nproblems, res->problems_total);
	p->table = (struct table){.cols = problem_cols, .ncols = 1, .src = &problems_source, .ctx = p, .header = true};
	screen_title(&p->screen, "Tệp có %ld dòng lỗi — chưa nhập %s", res->rejected, kind_names[kind]);
	screen_run(&p->screen);
	return imported;
}

/* ---- Choosing the file ---- */

struct picker {
	struct screen screen;
	cn_db *db;
	int kind;
	long long session;
	struct line_input path;
	struct file_list found;   /* the usual folders' spreadsheets */
	struct file_list choices; /* what Tab could not decide between, when it shows */
	bool showing_choices;
	struct table table;
	bool *imported;
};

static const struct file_list *shown(const struct picker *p)
{
	return p->showing_choices ? &p->choices : &p->found;
}

static const struct table_col file_cols[] = {
	{"Tệp", 0, ALIGN_LEFT, -1},
	{"Sửa lúc", 16, ALIGN_LEFT, -1},
};

static long long files_count(void *ctx) { return shown(ctx)->n; }

static void files_row(void *ctx, struct table *t, int y, long long i, bool selected)
{
	const struct file_entry *e = &shown(ctx)->e[i];
	attr_t a = table_row(t, y, selected, A_NORMAL);
	char when[32] = "";
	struct tm tm;
	if (localtime_r(&e->mtime, &tm))
		strftime(when, sizeof when, "%d/%m/%Y %H:%M", &tm);
	table_cell(t, y, 0, e->shown, a);
	table_cell(t, y, 1, when, a);
}

static const struct table_source files_source = {files_count, NULL, files_row, NULL};

static void picker_draw(struct screen *screen)
{
	struct picker *p = (struct picker *)screen;
	WINDOW *w = screen->win;
	int width = getmaxx(w);
	char *typed = line_input_utf8(&p->path);
	ui_put(w, 1, 2, 6, "Tệp:", A_BOLD, ALIGN_LEFT);
	ui_put(w, 1, 8, width - 10, typed, ui_attr(S_FIELD), ALIGN_LEFT);
	free(typed);
	const char *hint = p->showing_choices ? "Các tên có thể điền (gõ thêm rồi Tab):"
		: shown(p)->n ? "Gõ đường dẫn (Tab điền tiếp), hoặc chọn một tệp dưới đây; Enter để nhập:"
			      : "Gõ đường dẫn tệp .csv hoặc .xlsx (Tab điền tiếp), Enter để nhập:";
	ui_put(w, 2, 2, width - 4, hint, A_NORMAL, ALIGN_LEFT);
	int cx = 8 + line_input_cursor_x(&p->path);
	wmove(w, 1, cx > width - 3 ? width - 3 : cx);
}

/* Puts TEXT in the path line. */
static void set_path(struct picker *p, const char *text)
{
	line_input_clear(&p->path);
	for (const char *s = text; *s;) {
		wchar_t wc;
		int n = mbtowc(&wc, s, 8);
		if (n <= 0)
			break;
		line_input_edit(&p->path, ACT_NONE, (int)wc);
		s += n;
	}
}

static void complete(struct picker *p)
{
	char *typed = line_input_utf8(&p->path);
	files_clear(&p->choices);
	char *done = files_complete(typed, &p->choices);
	p->showing_choices = p->choices.n > 0;
	if (done)
		set_path(p, done);
	else if (!p->showing_choices)
		ui_message(S_INFO, "Không có thư mục hay tệp .csv/.xlsx nào bắt đầu như vậy.");
	free(done);
	free(typed);
	p->table.top = p->table.cursor = 0;
	table_invalidate(&p->table);
}

/* Imports the file chosen: the one typed, else the one highlighted. */
static int import_chosen(struct picker *p)
{
	char *typed = line_input_utf8(&p->path);
	const struct file_list *l = shown(p);
	char *path = *typed ? files_expand(typed) : l->n ? cn_strdup(l->e[p->table.cursor].path) : NULL;
	free(typed);
	if (!path) {
		ui_message(S_ERROR, "Chưa có tệp: gõ đường dẫn, hoặc chọn một tệp trong danh sách.");
		return SCREEN_HANDLED;
	}
	ui_message_now(S_INFO, "Đang kiểm tra và nhập tệp, xin chờ…");
	cn_import_result res;
	cn_error err = {0};
	int rc = run_import(p->db, p->kind, p->session, path, false, &res, &err);
	int out = SCREEN_REDRAW;
	if (rc == CN_OK) {
		tell_done(&res);
		*p->imported = true;
		out = SCREEN_CLOSE | SCREEN_CHANGED;
	} else if (rc == CN_EINVAL && res.nproblems > 0) {
		ui_message(S_ERROR, "%s", err.msg);
		if (show_problems(p->db, p->kind, p->session, path, &res)) {
			*p->imported = true;
			out = SCREEN_CLOSE | SCREEN_CHANGED;
		}
	} else {
		ui_message(S_ERROR, "%s", err.msg);
	}
	cn_import_result_clear(&res);
	free(path);
	return out;
}

static int picker_key(struct screen *screen, int action, int key)
{
	struct picker *p = (struct picker *)screen;
	switch (action) {
	case ACT_OPEN:
		/* A folder highlighted among the choices opens further. */
		if (!p->path.len || p->showing_choices) {
			const struct file_list *l = shown(p);
			if (l->n && p->showing_choices) {
				const char *name = l->e[p->table.cursor].shown;
				if (name[0] && name[strlen(name) - 1] == '/') {
					set_path(p, name);
					complete(p);
					return SCREEN_REDRAW;
				}
				set_path(p, name);
			}
		}
		return import_chosen(p);
	case ACT_COMPLETE: complete(p); return SCREEN_REDRAW;
	case ACT_CANCEL: return SCREEN_CLOSE;
	default:
		if (line_input_edit(&p->path, action, key)) {
			if (p->showing_choices) {
				p->showing_choices = false;
				table_invalidate(&p->table);
			}
			return SCREEN_HANDLED;
		}
		return SCREEN_IGNORED;
	}
}

static void picker_done(struct screen *screen)
{
	struct picker *p = (struct picker *)screen;
	files_clear(&p->found);
	files_clear(&p->choices);
	free(p);
}

static const struct screen_ops picker_ops = {
	.name = "Nhập từ tệp", .keyctx = CTX_FILES, .boxed = true, .cursor = true, .key = picker_key,
	.draw = picker_draw, .done = picker_done, .place = screen_place_under_title,
};

bool import_run(cn_db *db, int kind, long long session)
{
	bool imported = false;
	struct picker *p = cn_calloc(1, sizeof *p);
	p->screen = (struct screen){.ops = &picker_ops, .table = &p->table, .table_y = 3,
				    .empty = "Không thấy tệp .csv/.xlsx nào ở thư mục hiện tại, Downloads, Documents."};
	p->db = db;
	p->kind = kind;
	p->session = session;
	p->imported = &imported;
	files_find(&p->found);
	p->table = (struct table){.cols = file_cols, .ncols = 2, .src = &files_source, .ctx = p, .header = true};
	screen_title(&p->screen, "Nhập %s từ tệp CSV hoặc Excel (.xlsx)", kind_names[kind]);
	screen_run(&p->screen);
	return imported;
}

bool import_choose(cn_db *db)
{
	static const char *const labels[] = {"Đơn vị", "Thành viên", "Kết quả tháng", "Thôi"};
	int c = dialog_choose("Nhập từ tệp",
			      "Nhập gì? Đơn vị hành chính (thôn, ấp…), thành viên các tổ, hay số liệu kết quả "
			      "hằng tháng. Điểm danh một lớp: nhập ở danh sách lớp tập huấn (phím l).",
			      labels, 4, 1, 3);
	static const int kinds[] = {IMPORT_UNITS, IMPORT_MEMBERS, IMPORT_RESULTS};
	return c >= 0 && c < 3 && import_run(db, kinds[c], 0);
}
