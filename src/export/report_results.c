/* "Kết quả hoạt động": one row per indicator with a column per child unit
 * (so the columns are made at run time, and belong to the row source), the
 * total, the unit's target and % achieved; then how many monthly reports
 * were owed, sent, and sent on time, by the same columns.
 *
 * The figures are sums (indicators x child units, a few thousand numbers
 * at most), read once when the report is made. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnscd/report.h"
#include "cnscd/report_queries.h"
#include "cnscd/results.h"
#include "cnscd/stats.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "report_scope.h"

enum { COL_CODE, COL_NAME, COL_MEASURE, COL_FIRST_UNIT };
/* After the unit columns: Tổng, Chỉ tiêu giao, % đạt. */
enum { TAIL_TOTAL, TAIL_TARGET, TAIL_PERCENT, TAIL_NCOLS };

#define BY_UNIT "Kết quả theo đơn vị"

struct indicator_row {
	long long id;
	char *code, *name, *measure;
	long long total, target; /* target -1: none */
};

struct unit_col {
	long long id;
	bool is_self;
	char *header;
	char *note;
};

/* Rows of part II: owed, sent, sent on time. */
enum { RATE_EXPECTED, RATE_SUBMITTED, RATE_ON_TIME, RATE_ROWS };

struct results_src {
	struct indicator_row *inds;
	int nind;
	struct unit_col *units;
	int nunits;
	long long *values;      /* [indicator][unit] */
	cn_report_rate *rates;  /* [unit] */
	cn_report_rate total;
	int due_days;
	cn_report_col *cols;
	cn_drill *col_drill; /* a child unit's column opens the same report for it */
	int ncols;
	cn_report_cell *cells;
	int at;                 /* next row: 0 heading I, indicators, heading II, rate rows */
	char *label;
};

static void results_free(void *ctx)
{
	struct results_src *s = ctx;
	for (int i = 0; i < s->nind; i++) {
		free(s->inds[i].code);
		free(s->inds[i].name);
		free(s->inds[i].measure);
	}
	for (int u = 0; u < s->nunits; u++) {
		free(s->units[u].header);
		free(s->units[u].note);
	}
	free(s->inds);
	free(s->units);
	free(s->values);
	free(s->rates);
	free(s->cols);
	free(s->col_drill);
	free(s->cells);
	free(s->label);
	free(s);
}

static int add_indicator(const cn_indicator *ind, void *ctx)
{
	struct results_src *s = ctx;
	s->inds = cn_reallocarray(s->inds, (size_t)s->nind + 1, sizeof *s->inds);
	s->inds[s->nind++] = (struct indicator_row){ind->id, cn_strdup(ind->code), cn_strdup(ind->name),
						    cn_strdup(ind->measure), 0, -1};
	return 0;
}

static void add_unit(struct results_src *s, long long id, bool is_self, char *header, char *note)
{
	s->units = cn_reallocarray(s->units, (size_t)s->nunits + 1, sizeof *s->units);
	s->units[s->nunits++] = (struct unit_col){id, is_self, header, note};
}

static int add_child(const cn_unit_child *c, void *ctx)
{
	add_unit(ctx, c->id, false, cn_strdup(c->name),
		 cn_sprintf("Các tổ của %s và các đơn vị cấp dưới của nó", c->name));
	return 0;
}

static int unit_index(const struct results_src *s, long long id, bool is_self)
{
	for (int u = 0; u < s->nunits; u++)
		if (s->units[u].id == id && s->units[u].is_self == is_self)
			return u;
	return -1;
}

/* A unit that has figures but no column yet: the unit itself (its own
 * teams, put first), or a child closed before the period that still has
 * reports in it. */
static int ensure_unit(struct results_src *s, cn_db *db, long long id, bool is_self)
{
	int u = unit_index(s, id, is_self);
	if (u >= 0)
		return u;
	cn_unit unit = {0};
	cn_error ignored = {0};
	const char *name = cn_unit_get(db, id, &unit, &ignored) == CN_OK ? unit.name : "?";
	if (is_self)
		add_unit(s, id, true, cn_sprintf("Riêng %s", name), cn_sprintf("Các tổ đặt ngay tại %s", name));
	else
		add_unit(s, id, false, cn_strdup(name), cn_sprintf("Các tổ của %s (đã hết hiệu lực)", name));
	cn_unit_clear(&unit);
	if (is_self && s->nunits > 1) {
		struct unit_col self = s->units[s->nunits - 1];
		memmove(s->units + 1, s->units, (size_t)(s->nunits - 1) * sizeof *s->units);
		s->units[0] = self;
		return 0;
	}
	return s->nunits - 1;
}

/* Figures and rates as they come, placed once the columns are known. */
struct gathered {
	cn_child_figure *figures;
	int nfigures;
	cn_child_rate *rates;
	int nrates;
};

static int gather_figure(const cn_child_figure *f, void *ctx)
{
	struct gathered *g = ctx;
	g->figures = cn_reallocarray(g->figures, (size_t)g->nfigures + 1, sizeof *g->figures);
	g->figures[g->nfigures++] = *f;
	return 0;
}

static int gather_rate(const cn_child_rate *r, void *ctx)
{
	struct gathered *g = ctx;
	g->rates = cn_reallocarray(g->rates, (size_t)g->nrates + 1, sizeof *g->rates);
	g->rates[g->nrates++] = *r;
	return 0;
}

static int indicator_index(const struct results_src *s, long long id)
{
	for (int i = 0; i < s->nind; i++)
		if (s->inds[i].id == id)
			return i;
	return -1;
}

static void place_figures(struct results_src *s, cn_db *db, const struct gathered *g)
{
	for (int i = 0; i < g->nfigures; i++)
		ensure_unit(s, db, g->figures[i].unit_id, g->figures[i].is_self);
	for (int i = 0; i < g->nrates; i++)
		ensure_unit(s, db, g->rates[i].unit_id, g->rates[i].is_self);
	s->values = cn_calloc((size_t)(s->nind ? s->nind : 1) * (size_t)(s->nunits ? s->nunits : 1), sizeof *s->values);
	s->rates = cn_calloc((size_t)(s->nunits ? s->nunits : 1), sizeof *s->rates);
	for (int i = 0; i < g->nfigures; i++) {
		int ind = indicator_index(s, g->figures[i].indicator_id);
		int u = unit_index(s, g->figures[i].unit_id, g->figures[i].is_self);
		if (ind >= 0 && u >= 0) {
			s->values[(size_t)ind * (size_t)s->nunits + (size_t)u] = g->figures[i].value;
			s->inds[ind].total += g->figures[i].value;
		}
	}
	for (int i = 0; i < g->nrates; i++) {
		int u = unit_index(s, g->rates[i].unit_id, g->rates[i].is_self);
		s->rates[u] = g->rates[i].rate;
		s->total.expected += g->rates[i].rate.expected;
		s->total.submitted += g->rates[i].rate.submitted;
		s->total.on_time += g->rates[i].rate.on_time;
	}
}

static void make_columns(struct results_src *s)
{
	s->ncols = COL_FIRST_UNIT + s->nunits + TAIL_NCOLS;
	s->cols = cn_calloc((size_t)s->ncols, sizeof *s->cols);
	s->cells = cn_calloc((size_t)s->ncols, sizeof *s->cells);
	cn_report_col *c = s->cols;
	c[COL_CODE] = (cn_report_col){"Mã", NULL, CN_COL_TEXT, 10, "Mã chỉ tiêu", false, false, 0, 0};
	c[COL_NAME] = (cn_report_col){"Tên chỉ tiêu", NULL, CN_COL_TEXT, 34, "Tên chỉ tiêu", false, false, 0, 0};
	c[COL_MEASURE] = (cn_report_col){"Đơn vị tính", NULL, CN_COL_TEXT, 9, "Đơn vị tính", false, false, 0, 0};
	s->col_drill = cn_calloc((size_t)s->ncols, sizeof *s->col_drill);
	for (int u = 0; u < s->nunits; u++) {
		c[COL_FIRST_UNIT + u] = (cn_report_col){s->units[u].header, BY_UNIT, CN_COL_INTEGER, 10,
							 s->units[u].note, false, false, 0, 0};
		if (!s->units[u].is_self)
			s->col_drill[COL_FIRST_UNIT + u] = (cn_drill){CN_DRILL_UNIT, s->units[u].id};
	}
	int tail = COL_FIRST_UNIT + s->nunits;
	c[tail + TAIL_TOTAL] = (cn_report_col){"Tổng", NULL, CN_COL_INTEGER, 10,
					       "Tổng của cả đơn vị báo cáo (bằng tổng các cột theo đơn vị)", false,
					       false, 0, 0};
	c[tail + TAIL_TARGET] = (cn_report_col){"Chỉ tiêu giao", NULL, CN_COL_INTEGER, 10,
						"Chỉ tiêu giao cho đơn vị báo cáo, cho một kỳ bao trùm kỳ báo cáo; "
						"trống khi chưa giao. Phần II: số báo cáo phải gửi",
						false, false, 0, 0};
	c[tail + TAIL_PERCENT] = (cn_report_col){"% đạt", NULL, CN_COL_PERCENT, 8,
						 "Tổng chia chỉ tiêu giao; trống khi không có chỉ tiêu. Phần II: tỷ lệ "
						 "gửi báo cáo, tỷ lệ gửi đúng hạn",
						 false, true, tail + TAIL_TOTAL, tail + TAIL_TARGET};
}

static void fill_indicator(struct results_src *s, int i)
{
	const struct indicator_row *ind = &s->inds[i];
	cn_report_cell *c = s->cells;
	memset(c, 0, (size_t)s->ncols * sizeof *c);
	c[COL_CODE].text = ind->code;
	c[COL_NAME].text = ind->name;
	c[COL_MEASURE].text = ind->measure;
	for (int u = 0; u < s->nunits; u++)
		c[COL_FIRST_UNIT + u].num = s->values[(size_t)i * (size_t)s->nunits + (size_t)u];
	int tail = COL_FIRST_UNIT + s->nunits;
	c[tail + TAIL_TOTAL].num = ind->total;
	c[tail + TAIL_TARGET].num = ind->target;
	c[tail + TAIL_TARGET].empty = ind->target < 0;
}

static long long rate_part(const cn_report_rate *r, int which)
{
	return which == RATE_EXPECTED ? r->expected : which == RATE_SUBMITTED ? r->submitted : r->on_time;
}

static void fill_rate(struct results_src *s, int which)
{
	static const char *const codes[RATE_ROWS] = {"BC_PHAI_GUI", "BC_DA_GUI", "BC_DUNG_HAN"};
	cn_report_cell *c = s->cells;
	memset(c, 0, (size_t)s->ncols * sizeof *c);
	free(s->label);
	s->label = which == RATE_EXPECTED    ? cn_strdup("Số báo cáo tháng phải gửi")
		   : which == RATE_SUBMITTED ? cn_strdup("Số báo cáo tháng đã gửi")
					     : cn_sprintf("Số báo cáo gửi đúng hạn (trong %d ngày sau khi hết tháng)",
							  s->due_days);
	c[COL_CODE].text = codes[which];
	c[COL_NAME].text = s->label;
	c[COL_MEASURE].text = "báo cáo";
	for (int u = 0; u < s->nunits; u++)
		c[COL_FIRST_UNIT + u].num = rate_part(&s->rates[u], which);
	int tail = COL_FIRST_UNIT + s->nunits;
	c[tail + TAIL_TOTAL].num = rate_part(&s->total, which);
	c[tail + TAIL_TARGET].num = s->total.expected;
	c[tail + TAIL_TARGET].empty = which == RATE_EXPECTED;
}

static int results_next(void *ctx, cn_report_row *row, cn_error *err)
{
	(void)err;
	struct results_src *s = ctx;
	int at = s->at++;
	if (at == 0) {
		row->kind = CN_ROW_GROUP;
		row->stt = "I";
		row->label = "Kết quả thực hiện các chỉ tiêu";
		return 1;
	}
	if (at <= s->nind) {
		fill_indicator(s, at - 1);
		row->kind = CN_ROW_DATA;
		row->cells = s->cells;
		return 1;
	}
	at -= s->nind + 1;
	if (at == 0) {
		row->kind = CN_ROW_GROUP;
		row->stt = "II";
		row->label = "Tình hình gửi báo cáo tháng của các tổ";
		return 1;
	}
	if (at <= RATE_ROWS) {
		fill_rate(s, at - 1);
		row->kind = CN_ROW_DATA;
		row->cells = s->cells;
		return 1;
	}
	return 0;
}

/* The period, checked: FROM..TO as typed, by default January of this year
 * to this month. */
static int read_period(const cn_report_params *p, char from[8], char to[8], cn_error *err)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char first[8], current[8];
	strftime(first, sizeof first, "%Y-01", &tm);
	strftime(current, sizeof current, "%Y-%m", &tm);
	int rc;
	if ((rc = cn_parse_period("Từ tháng", p->from ? p->from : first, from, err)) != CN_OK ||
	    (rc = cn_parse_period("Đến tháng", p->to ? p->to : current, to, err)) != CN_OK)
		return rc;
	if (strcmp(to, from) < 0)
		return cn_fail(err, CN_EINVAL, "Đến tháng %s trước từ tháng %s", to, from);
	return CN_OK;
}

/* "01/2026" of "2026-01". */
static char *month_text(const char *period)
{
	return cn_sprintf("%.2s/%.4s", period + 5, period);
}

static void add_notes(cn_report *r, const struct results_src *s)
{
	cn_report_add_note(r, "Chỉ tính các báo cáo tháng đã gửi; báo cáo còn là bản nháp (chưa gửi) không được tính.");
	cn_report_add_note(r, "Mỗi cột theo đơn vị là tổng của các tổ thuộc đơn vị đó và các đơn vị cấp dưới của nó; "
			      "cột «Riêng …» là các tổ đặt ngay tại đơn vị báo cáo. Cột «Tổng» bằng tổng các cột "
			      "theo đơn vị. Các chỉ tiêu có đơn vị tính khác nhau nên không cộng dọc.");
	cn_report_add_note(r, "Phần II: một tổ phải gửi một báo cáo cho mỗi tháng mà tổ đã thành lập và chưa giải "
			      "thể; cột «Chỉ tiêu giao» ghi số báo cáo phải gửi, nên «%% đạt» là tỷ lệ gửi báo cáo "
			      "và tỷ lệ gửi đúng hạn. Hạn gửi: %d ngày sau khi hết tháng (thiết lập report_due_days).",
			   s->due_days);
	char sent[CN_NUM_TEXT_LEN], on_time[CN_NUM_TEXT_LEN], owed[CN_NUM_TEXT_LEN];
	char rate[CN_NUM_TEXT_LEN], rate_on_time[CN_NUM_TEXT_LEN];
	cn_count_text(s->total.submitted, sent);
	cn_count_text(s->total.on_time, on_time);
	cn_count_text(s->total.expected, owed);
	double den = (double)s->total.expected;
	cn_percent_text(den > 0 ? (double)s->total.submitted / den : -1, rate);
	cn_percent_text(den > 0 ? (double)s->total.on_time / den : -1, rate_on_time);
	cn_report_add_note(r, "Tỷ lệ gửi báo cáo: %s (%s/%s); gửi đúng hạn: %s (%s/%s).", rate, sent, owed,
			   rate_on_time, on_time, owed);
}

/* The figures, read once: indicators with the unit's targets, the child
 * units, and the sums by child. The total of an indicator is the sum of its
 * columns (the roll-up of the unit, read once rather than twice). */
static int load(struct results_src *s, cn_db *db, long long unit_id, const char *from, const char *to,
		cn_error *err)
{
	int rc = cn_indicator_list(db, false, add_indicator, s, err);
	for (int i = 0; rc == CN_OK && i < s->nind; i++)
		s->inds[i].target = unit_id ? cn_target_get(db, unit_id, s->inds[i].id, from, to) : -1;
	char since[CN_DATE_LEN];
	snprintf(since, sizeof since, "%s-01", from);
	if (rc == CN_OK)
		rc = cn_unit_children(db, unit_id, since, add_child, s, err);
	struct gathered g = {0};
	if (rc == CN_OK)
		rc = cn_results_by_child(db, unit_id, from, to, false, gather_figure, &g, err);
	if (rc == CN_OK)
		rc = cn_reporting_rate_by_child(db, unit_id, from, to, s->due_days, gather_rate, &g, err);
	if (rc == CN_OK)
		place_figures(s, db, &g);
	free(g.figures);
	free(g.rates);
	return rc;
}

cn_report *cn_report_results(cn_db *db, const cn_report_params *p, cn_error *err)
{
	char from[8], to[8];
	if (read_period(p, from, to, err) != CN_OK)
		return NULL;
	struct results_src *s = cn_calloc(1, sizeof *s);
	s->due_days = cn_report_due_days(db);
	if (load(s, db, p->unit_id, from, to, err) != CN_OK) {
		results_free(s);
		return NULL;
	}
	make_columns(s);
	cn_report *r = cn_report_new("Báo cáo kết quả hoạt động Tổ công nghệ số cộng đồng", "Kết quả hoạt động",
				     s->cols, s->ncols);
	r->rows = (cn_report_source){results_next, results_free, s};
	r->col_drill = s->col_drill;
	char *f = month_text(from), *t = month_text(to);
	char *what = strcmp(from, to) == 0 ? cn_sprintf("kết quả tháng %s", f)
					   : cn_sprintf("kết quả từ tháng %s đến tháng %s", f, t);
	free(f);
	free(t);
	if (!(r = cn_report_scope(r, db, p->unit_id, what, err)))
		return NULL;
	add_notes(r, s);
	return r;
}
