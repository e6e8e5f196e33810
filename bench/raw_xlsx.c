/* bench-raw-xlsx: the roster rows of bench/roster.sql written with raw
 * libxlsxwriter (constant_memory) from memory: the rows are read first,
 * untimed, then the sheet is written and timed. The floor for "cnscd export
 * roster -o X.xlsx", which also reads the database as it writes.
 *
 *   bench-raw-xlsx DB roster.sql OUT.xlsx */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "timing.h"

enum { NTEXT = 12 }; /* team name, 4 levels, name, position, phone, id, joined, and 2 spare */

struct row {
	long long team;
	int gender, born, role;
	unsigned text[NTEXT]; /* offsets into the arena */
};

static char *arena;
static size_t arena_len, arena_cap;

static unsigned keep(const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	if (arena_len + n > arena_cap) {
		arena_cap = arena_cap ? arena_cap * 2 : 1 << 24;
		arena = realloc(arena, arena_cap);
		if (!arena)
			exit(1);
	}
	memcpy(arena + arena_len, s ? s : "", n);
	arena_len += n;
	return (unsigned)(arena_len - n);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: bench-raw-xlsx DB roster.sql OUT.xlsx\n");
		return 2;
	}
	sqlite3 *db;
	sqlite3_stmt *st;
	const char *sql = slurp(argv[2]);
	if (!sql || sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench-raw-xlsx: cannot read %s with %s\n", argv[1], argv[2]);
		return 1;
	}
	struct row *rows = NULL;
	size_t n = 0, cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			rows = realloc(rows, cap * sizeof *rows);
			if (!rows)
				return 1;
		}
		struct row *r = &rows[n++];
		r->team = sqlite3_column_int64(st, 0);
		r->text[0] = keep((const char *)sqlite3_column_text(st, 1));
		for (int c = 0; c < 5; c++)
			r->text[1 + c] = keep((const char *)sqlite3_column_text(st, 2 + c));
		r->gender = sqlite3_column_int(st, 7);
		r->born = sqlite3_column_int(st, 8);
		r->role = sqlite3_column_int(st, 9);
		for (int c = 0; c < 4; c++)
			r->text[6 + c] = keep((const char *)sqlite3_column_text(st, 10 + c));
	}
	sqlite3_finalize(st);
	sqlite3_close(db);

	static const char *const headers[] = {"STT", "Tỉnh", "Huyện", "Xã", "Thôn/Ấp", "Họ và tên", "Giới tính",
					      "Năm sinh", "Vai trò", "Chức vụ/đoàn thể", "Điện thoại", "Số CCCD",
					      "Ngày vào tổ"};
	static const char *const gender[] = {"", "Nam", "Nữ"}, *const role[] = {"", "Tổ trưởng", "Tổ phó", "Thành viên"};
	double t0 = bench_now_ms();
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	lxw_workbook *wb = workbook_new_opt(argv[3], &opt);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Danh sách thành viên");
	lxw_format *head = workbook_add_format(wb), *group = workbook_add_format(wb);
	lxw_format *text = workbook_add_format(wb), *date = workbook_add_format(wb);
	format_set_bold(head);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_text_wrap(head);
	format_set_bg_color(head, 0xDDEBF7);
	format_set_bold(group);
	format_set_border(text, LXW_BORDER_THIN);
	format_set_border(date, LXW_BORDER_THIN);
	format_set_num_format(date, "dd/mm/yyyy");
	for (int c = 0; c < 13; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, headers[c], head);
	lxw_row_t row = 1;
	long long team = -1, stt = 0;
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		if (r->team != team) {
			team = r->team;
			stt = 0;
			worksheet_write_string(ws, row++, 0, arena + r->text[0], group);
		}
		worksheet_write_number(ws, row, 0, (double)++stt, text);
		for (int c = 0; c < 5; c++)
			worksheet_write_string(ws, row, (lxw_col_t)(1 + c), arena + r->text[1 + c], text);
		worksheet_write_string(ws, row, 6, gender[r->gender >= 0 && r->gender <= 2 ? r->gender : 0], text);
		if (r->born)
			worksheet_write_number(ws, row, 7, r->born, text);
		else
			worksheet_write_blank(ws, row, 7, text);
		worksheet_write_string(ws, row, 8, role[r->role >= 1 && r->role <= 3 ? r->role : 0], text);
		for (int c = 0; c < 3; c++)
			worksheet_write_string(ws, row, (lxw_col_t)(9 + c), arena + r->text[6 + c], text);
		const char *j = arena + r->text[9];
		if (strlen(j) == 10) {
			lxw_datetime dt = {atoi(j), atoi(j + 5), atoi(j + 8), 0, 0, 0};
			worksheet_write_datetime(ws, row, 12, &dt, date);
		} else {
			worksheet_write_blank(ws, row, 12, date);
		}
		row++;
	}
	if (workbook_close(wb) != LXW_NO_ERROR) {
		fprintf(stderr, "bench-raw-xlsx: cannot write %s\n", argv[3]);
		return 1;
	}
	double ms = bench_now_ms() - t0;
	printf("raw libxlsxwriter: %zu rows in %.0f ms = %.0f rows/s (writing only, rows held in memory)\n", n, ms,
	       n / (ms / 1000.0));
	free(rows);
	free(arena);
	return 0;
}
