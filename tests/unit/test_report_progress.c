/* The report model counts the rows read and tells a progress callback every
 * CN_REPORT_PROGRESS_EVERY rows, whichever writer reads them. */
#include <stdlib.h>
#include <sys/stat.h>

#include "cnscd/report.h"
#include "t.h"

static const cn_report_col cols[] = {
	{"Tên", NULL, CN_COL_TEXT, 20, "Tên", false, false, 0, 0, false, 0, 0},
	{"Số", NULL, CN_COL_INTEGER, 0, "Số", true, false, 0, 0, false, 0, 0},
};

struct counting_src {
	long long n, at;
	cn_report_cell cells[2];
};

static int counting_next(void *ctx, cn_report_row *row, cn_error *err)
{
	(void)err;
	struct counting_src *s = ctx;
	if (s->at > s->n)
		return 0;
	if (s->at++ == s->n) {
		row->kind = CN_ROW_TOTAL;
		row->label = "Tổng cộng";
		return 1;
	}
	s->cells[0] = (cn_report_cell){.text = "Dòng"};
	s->cells[1] = (cn_report_cell){.num = 1};
	row->kind = CN_ROW_DATA;
	row->cells = s->cells;
	return 1;
}

static cn_report *counting_report(long long n)
{
	cn_report *r = cn_report_new("Đếm", "Đếm", cols, 2);
	struct counting_src *s = cn_calloc(1, sizeof *s);
	s->n = n;
	r->rows = (cn_report_source){counting_next, free, s};
	return r;
}

struct calls {
	int n;
	long long last;
};

static void on_progress(long long rows, void *ctx)
{
	struct calls *c = ctx;
	c->n++;
	c->last = rows;
}

TEST(report_progress_is_reported_while_writing)
{
	const char *names[] = {"p.csv", "p.xlsx"};
	for (int i = 0; i < 2; i++) {
		cn_report *r = counting_report(12000);
		struct calls calls = {0};
		r->progress = on_progress;
		r->progress_ctx = &calls;
		cn_error err = {0};
		CHECK_INT(cn_report_write(r, t_path(names[i]), &err), CN_OK);
		/* 12,000 data rows and the total row. */
		CHECK_INT(r->rows_read, 12001);
		CHECK_INT(calls.n, 12001 / CN_REPORT_PROGRESS_EVERY);
		CHECK_INT(calls.last, 2 * CN_REPORT_PROGRESS_EVERY);
		cn_report_free(r);
	}
}

TEST(report_rows_read_without_a_callback)
{
	cn_report *r = counting_report(3);
	cn_row_walk w;
	cn_row_walk_init(&w, r);
	cn_report_row row;
	cn_error err = {0};
	int n = 0;
	while (cn_row_walk_next(&w, r, &row, &err) == 1)
		n++;
	CHECK_INT(n, 4);
	CHECK_INT(r->rows_read, 4);
	CHECK_INT(w.cells[1].num, 3);
	cn_row_walk_free(&w);
	cn_report_free(r);
}
