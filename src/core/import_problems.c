/* The problem list of an import: what importers report, how it reads, and
 * the texts the front ends print. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

const char *cn_import_field(const cn_import *imp, const cn_import_row *row, int col)
{
	int i = col >= 0 && col < imp->layout->ncolumns ? imp->header.index[col] : -1;
	return i >= 0 && i < row->count ? row->fields[i] : "";
}

bool cn_import_has_column(const cn_import *imp, int col)
{
	return col >= 0 && col < imp->layout->ncolumns && imp->header.index[col] >= 0;
}

static void reject_v(cn_import *imp, size_t rec, int col, const char *fmt, va_list ap)
{
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	int file_col = col >= 0 && col < imp->layout->ncolumns ? imp->header.index[col] : -1;
	cn_import_issue_add(imp, rec, file_col, msg);
}

void cn_import_reject(cn_import *imp, size_t rec, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	reject_v(imp, rec, col, fmt, ap);
	va_end(ap);
}

void cn_import_reject_err(cn_import *imp, size_t rec, int col, const cn_error *e)
{
	cn_import_reject(imp, rec, col, "%s", e->msg[0] ? e->msg : "giá trị không hợp lệ");
}

void cn_import_error_at(cn_import *imp, size_t rec, cn_error *err)
{
	if (!err)
		return;
	char *msg = cn_sprintf("dòng %ld: %s", cn_import_line(imp, rec), err->msg);
	snprintf(err->msg, sizeof err->msg, "%s", msg);
	free(msg);
}

void cn_import_note(cn_import *imp, const char *fmt, ...)
{
	cn_import_result *res = imp->res;
	res->notes_total++;
	if (res->nnotes >= CN_IMPORT_MAX_PROBLEMS)
		return;
	va_list ap;
	va_start(ap, fmt);
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	res->notes = cn_reallocarray(res->notes, (size_t)res->nnotes + 1, sizeof *res->notes);
	res->notes[res->nnotes++] = cn_strdup(msg);
}

char *cn_import_problem_text(const cn_import_problem *p)
{
	if (p->column > 0 && p->column_name)
		return cn_sprintf("dòng %ld, cột %d (%s): %s", p->line, p->column, p->column_name, p->message);
	if (p->column > 0)
		return cn_sprintf("dòng %ld, cột %d: %s", p->line, p->column, p->message);
	return cn_sprintf("dòng %ld: %s", p->line, p->message);
}

char *cn_import_summary(const cn_import_result *res)
{
	cn_buf b = {0};
	cn_buf_printf(&b, "Nhập %s: ", res->noun ? res->noun : "dữ liệu");
	if (res->matched || res->guests)
		cn_buf_printf(&b, "khớp thành viên %ld, khách mời %ld; ", res->matched, res->guests);
	cn_buf_printf(&b, "thêm mới %ld, cập nhật %ld, không đổi %ld, bị loại %ld dòng.", res->added, res->updated,
		      res->unchanged, res->rejected);
	if (res->teams_added)
		cn_buf_printf(&b, " Đã tạo %ld tổ mới.", res->teams_added);
	if (res->moved)
		cn_buf_printf(&b, " Chuyển tổ: %ld người (số CCCD của thành viên tổ khác; từng người ở các dòng "
			      "trên).", res->moved);
	if (res->reports_reopened)
		cn_buf_printf(&b, " Đã mở lại %ld báo cáo.", res->reports_reopened);
	if (res->reports_submitted)
		cn_buf_printf(&b, " Đã gửi %ld báo cáo.", res->reports_submitted);
	return cn_buf_steal(&b);
}

char *cn_import_reject_path(const char *input)
{
	const char *base = strrchr(input, '/');
	base = base ? base + 1 : input;
	const char *dot = strrchr(base, '.');
	size_t stem = dot && dot != base ? (size_t)(dot - input) : strlen(input);
	return cn_sprintf("%.*s.loi.csv", (int)stem, input);
}

void cn_import_result_clear(cn_import_result *res)
{
	for (int i = 0; i < res->nproblems; i++) {
		free(res->problems[i].column_name);
		free(res->problems[i].message);
	}
	free(res->problems);
	for (int i = 0; i < res->nnotes; i++)
		free(res->notes[i]);
	free(res->notes);
	free(res->reject_path);
	memset(res, 0, sizeof *res);
}
