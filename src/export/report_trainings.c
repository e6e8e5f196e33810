/* "Tổng hợp các lớp tập huấn": the sessions a unit's subtree ran in a
 * period, oldest first, with attendance and the present by the level of
 * their unit, and a total row. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/report.h"
#include "cnscd/report_queries.h"
#include "cnscd/training.h"
#include "cnscd/validate.h"
#include "report_scope_internal.h"

enum { T_DATE, T_TITLE, T_TOPICS, T_FORMAT, T_UNIT, T_LOCATION, T_PLANNED, T_INVITED, T_PRESENT, T_RATE,
       T_PROVINCE, T_DISTRICT, T_COMMUNE, T_VILLAGE, T_GUESTS, T_NCOLS };

#define BY_LEVEL "Người có mặt theo cấp"

static const cn_report_col training_cols[T_NCOLS] = {
	[T_DATE] = {"Ngày", NULL, CN_COL_DATE, 11, "Ngày bắt đầu lớp", false, false, 0, 0, false, 0, 0},
	[T_TITLE] = {"Tên lớp", NULL, CN_COL_TEXT, 28, "Tên lớp tập huấn", false, false, 0, 0, false, 0, 0},
	[T_TOPICS] = {"Chủ đề", NULL, CN_COL_TEXT, 24, "Các chủ đề của lớp", false, false, 0, 0, false, 0, 0},
	[T_FORMAT] = {"Hình thức", NULL, CN_COL_TEXT, 10, "Trực tiếp, Trực tuyến hoặc Kết hợp", false, false, 0, 0, false, 0, 0},
	[T_UNIT] = {"Đơn vị tổ chức", NULL, CN_COL_TEXT, 20,
		    "Đơn vị tổ chức lớp; trong ngoặc là cơ quan tổ chức như đã ghi", false, false, 0, 0, false, 0, 0},
	[T_LOCATION] = {"Địa điểm", NULL, CN_COL_TEXT, 18, "Nơi tổ chức lớp", false, false, 0, 0, false, 0, 0},
	[T_PLANNED] = {"Dự kiến", NULL, CN_COL_INTEGER, 8, "Số người dự kiến; trống khi chưa ghi", true, false, 0, 0, false, 0, 0},
	[T_INVITED] = {"Được mời", NULL, CN_COL_INTEGER, 8,
		       "Số người trong danh sách của lớp (được mời, có mặt, vắng)", true, false, 0, 0, false, 0, 0},
	[T_PRESENT] = {"Có mặt", NULL, CN_COL_INTEGER, 8, "Số người có mặt (đã điểm danh)", true, false, 0, 0, false, 0, 0},
	[T_RATE] = {"Tỷ lệ có mặt", NULL, CN_COL_PERCENT, 8, "Số có mặt chia số được mời", false, true, T_PRESENT,
		    T_INVITED, false, 0, 0},
	[T_PROVINCE] = {"Cấp tỉnh", BY_LEVEL, CN_COL_INTEGER, 7,
			"Người có mặt là thành viên tổ cấp tỉnh", true, false, 0, 0, false, 0, 0},
	[T_DISTRICT] = {"Cấp huyện", BY_LEVEL, CN_COL_INTEGER, 7,
			"Người có mặt là thành viên tổ cấp huyện", true, false, 0, 0, false, 0, 0},
	[T_COMMUNE] = {"Cấp xã", BY_LEVEL, CN_COL_INTEGER, 7, "Người có mặt là thành viên tổ cấp xã", true, false,
		       0, 0, false, 0, 0},
	[T_VILLAGE] = {"Cấp thôn", BY_LEVEL, CN_COL_INTEGER, 7,
		       "Người có mặt là thành viên tổ cấp thôn (ấp, bản, tổ dân phố)", true, false, 0, 0, false, 0, 0},
	[T_GUESTS] = {"Ngoài tổ", BY_LEVEL, CN_COL_INTEGER, 7,
		      "Người có mặt không phải thành viên tổ (khách mời, cán bộ, người dân)", true, false, 0, 0, false, 0, 0},
};

struct training_src {
	cn_training_cursor *cursor;
	bool done;
	cn_report_cell cells[T_NCOLS];
	cn_buf unit;
};

static void fill_cells(struct training_src *s, const cn_training_stat *t)
{
	cn_report_cell *c = s->cells;
	memset(c, 0, sizeof s->cells);
	c[T_DATE].text = t->start_date;
	c[T_TITLE].text = t->title;
	c[T_TOPICS].text = t->topics;
	c[T_FORMAT].text = cn_training_format_name(t->format);
	cn_buf_clear(&s->unit);
	cn_buf_adds(&s->unit, t->unit_name);
	if (*t->organiser && strcmp(t->organiser, t->unit_name) != 0)
		cn_buf_printf(&s->unit, " (%s)", t->organiser);
	c[T_UNIT].text = cn_buf_str(&s->unit);
	c[T_LOCATION].text = t->location;
	c[T_PLANNED].num = t->planned;
	c[T_PLANNED].empty = t->planned <= 0;
	c[T_INVITED].num = t->invited;
	c[T_PRESENT].num = t->present;
	c[T_GUESTS].num = t->present_by_level[0];
	for (int l = 1; l <= CN_LEVEL_MAX; l++)
		c[T_PROVINCE + l - 1].num = t->present_by_level[l];
}

static int training_next(void *ctx, cn_report_row *row, cn_error *err)
{
	struct training_src *s = ctx;
	if (s->done)
		return 0;
	cn_training_stat t;
	int rc = cn_training_stats_next(s->cursor, &t, err);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		s->done = true;
		row->kind = CN_ROW_TOTAL;
		row->label = "Tổng cộng";
		return 1;
	}
	fill_cells(s, &t);
	row->kind = CN_ROW_DATA;
	row->cells = s->cells;
	row->drill = (cn_drill){CN_DRILL_SESSION, t.id};
	return 1;
}

static void training_free(void *ctx)
{
	struct training_src *s = ctx;
	cn_training_stats_close(s->cursor);
	cn_buf_free(&s->unit);
	free(s);
}

/* "các lớp từ ngày 01/01/2026 đến ngày 30/06/2026", or the open forms. */
static char *period_text(const char *from, const char *to)
{
	if (*from && *to)
		return cn_sprintf("các lớp tập huấn từ ngày %s đến ngày %s", cn_report_date_text(from),
				  cn_report_date_text(to));
	if (*from)
		return cn_sprintf("các lớp tập huấn từ ngày %s", cn_report_date_text(from));
	if (*to)
		return cn_sprintf("các lớp tập huấn đến ngày %s", cn_report_date_text(to));
	return cn_strdup("tất cả các lớp tập huấn");
}

cn_report *cn_report_trainings(cn_db *db, const cn_report_params *p, cn_error *err)
{
	char from[CN_DATE_LEN], to[CN_DATE_LEN];
	if (cn_parse_date_opt("Từ ngày", p->from, from, err) != CN_OK ||
	    cn_parse_date_opt("Đến ngày", p->to, to, err) != CN_OK)
		return NULL;
	if (*from && *to && strcmp(to, from) < 0) {
		cn_fail(err, CN_EINVAL, "Đến ngày %s trước từ ngày %s", cn_report_date_text(to), cn_report_date_text(from));
		return NULL;
	}
	cn_training_cursor *cursor = cn_training_stats_open(db, p->unit_id, from, to, err);
	if (!cursor)
		return NULL;
	struct training_src *s = cn_calloc(1, sizeof *s);
	s->cursor = cursor;
	cn_report *r = cn_report_new("Tổng hợp các lớp tập huấn Tổ công nghệ số cộng đồng", "Tập huấn", training_cols,
				     T_NCOLS);
	r->rows = (cn_report_source){training_next, training_free, s};
	if (!(r = cn_report_scope(r, db, p->unit_id, period_text(from, to), err)))
		return NULL;
	cn_report_add_note(r, "Các lớp do đơn vị báo cáo hoặc các đơn vị cấp dưới của nó tổ chức, xếp theo ngày bắt "
			      "đầu; kỳ báo cáo tính theo ngày bắt đầu của lớp.");
	cn_report_add_note(r, "Người có mặt theo cấp: cấp của đơn vị nơi đặt tổ của thành viên (tổ ở cấp dưới thôn "
			      "được tính vào cấp thôn); «Ngoài tổ» là người tham dự không phải thành viên tổ. Các "
			      "cột theo cấp cộng lại bằng cột «Có mặt».");
	return r;
}
