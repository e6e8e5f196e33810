/* "Báo cáo kết quả hoạt động Tổ CNSCĐ": a document an official signs and
 * sends upward as it is. Part I, the indicators' figures by unit; part II,
 * the monthly reports owed, sent and sent on time by unit, with each
 * unit's approval. The layout prints legibly on A4 whatever the number of
 * units, never more than 12 columns across:
 *  - a handful of units (at most UNITS_AS_COLUMNS): one row per indicator,
 *    a column per unit, then Tổng cộng (a SUM across), Chỉ tiêu giao and
 *    % đạt;
 *  - more (a province's communes): one row per unit, a column per
 *    indicator, INDICATORS_PER_TABLE at most per table (as many tables as
 *    needed), each ending with Tổng cộng (SUM formulas), the targets and
 *    % đạt.
 * Indicator rows and columns carry names and units of measure, and say
 * which are stocks ("số cuối kỳ"); codes are on the notes sheet only.
 *
 * The figures are sums (indicators x units, a few thousand numbers at
 * most), read once when the report is made. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/approval.h"
#include "cnscd/report.h"
#include "cnscd/report_queries.h"
#include "cnscd/results.h"
#include "cnscd/settings.h"
#include "cnscd/stats.h"
#include "cnscd/today.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "report_scope_internal.h"

#define UNITS_AS_COLUMNS 6     /* STT, name, measure, 6 units, total, target, % = 12 */
#define INDICATORS_PER_TABLE 10 /* STT, unit, 10 indicators = 12 */
#define BY_UNIT "Kết quả theo đơn vị"
#define REPORTS "Báo cáo tháng của các tổ"

struct indicator_row {
	long long id;
	char *code, *name, *measure;
	int aggregate;
	long long target; /* -1: none */
	char *label;      /* name with its kind, for a row or a column header */
};

struct unit_row {
	long long id;
	bool is_self;
	char *name, *note;
	cn_month_report_rate rate;
	char approval[48];
};

/* One table of the report: its columns, and the indicators it shows
 * (part I by unit: a slice of them; part II: none). */
enum table_kind { BY_INDICATOR, BY_UNIT_SLICE, RATES };

struct table {
	int kind;
	const char *stt;
	char *label;
	cn_report_col *cols;
	int ncols;
	int first_ind, nind; /* BY_UNIT_SLICE */
	bool targets;        /* BY_UNIT_SLICE: some indicator of it has a target */
};

/* Where the row source is: the table, then the step within it. */
enum step { HEAD, BODY, TOTAL, TARGETS, ACHIEVED, END };

struct results_src {
	struct indicator_row *inds;
	int nind;
	struct unit_row *units;
	int nunits;
	long long *values;   /* [indicator][unit] */
	cn_month_report_rate total_rate;
	char own_approval[48];
	bool several_months;
	struct table tables[8];
	int ntables;
	cn_drill *col_drill;  /* units as columns: a unit's column opens the report for it */
	cn_report_cell *cells;
	int width;
	int table, step, at;
	char *label;
};

static void results_free(void *ctx)
{
	struct results_src *s = ctx;
	for (int i = 0; i < s->nind; i++) {
		free(s->inds[i].code);
		free(s->inds[i].name);
		free(s->inds[i].measure);
		free(s->inds[i].label);
	}
	for (int u = 0; u < s->nunits; u++) {
		free(s->units[u].name);
		free(s->units[u].note);
	}
	for (int t = 0; t < s->ntables; t++) {
		free(s->tables[t].label);
		free(s->tables[t].cols);
	}
	free(s->inds);
	free(s->units);
	free(s->values);
	free(s->col_drill);
	free(s->cells);
	free(s->label);
	free(s);
}

/* --- Reading the figures --------------------------------------------------- */

static int add_indicator(const cn_indicator *ind, void *ctx)
{
	struct results_src *s = ctx;
	s->inds = cn_reallocarray(s->inds, (size_t)s->nind + 1, sizeof *s->inds);
	s->inds[s->nind++] = (struct indicator_row){ind->id, cn_strdup(ind->code), cn_strdup(ind->name),
						    cn_strdup(ind->measure), ind->aggregate, -1, NULL};
	return 0;
}

static void add_unit(struct results_src *s, long long id, bool is_self, char *name, char *note)
{
	s->units = cn_reallocarray(s->units, (size_t)s->nunits + 1, sizeof *s->units);
	s->units[s->nunits++] = (struct unit_row){.id = id, .is_self = is_self, .name = name, .note = note};
}

static int add_child(const cn_unit_child *c, void *ctx)
{
	add_unit(ctx, c->id, false, cn_strdup(c->name), cn_sprintf("Các tổ của %s và các đơn vị cấp dưới của nó", c->name));
	return 0;
}

static int unit_index(const struct results_src *s, long long id, bool is_self)
{
	for (int u = 0; u < s->nunits; u++)
		if (s->units[u].id == id && s->units[u].is_self == is_self)
			return u;
	return -1;
}

/* A unit that has figures but no place yet: the unit itself (its own
 * teams, put first), or a child closed before the period that still has
 * reports in it. */
static int ensure_unit(struct results_src *s, cn_db *db, long long id, bool is_self)
{
	int u = unit_index(s, id, is_self);
	if (u >= 0)
		return u;
	cn_unit unit = {0};
	cn_error ignored = {0};
	const char *name = cn_unit_get(db, id, &unit, &ignored) == CN_OK ? unit.name : "(đơn vị đã xóa)";
	if (is_self)
		add_unit(s, id, true, cn_sprintf("Riêng %s", name), cn_sprintf("Các tổ đặt ngay tại %s", name));
	else
		add_unit(s, id, false, cn_strdup(name), cn_sprintf("Các tổ của %s (đã hết hiệu lực)", name));
	cn_unit_clear(&unit);
	if (is_self && s->nunits > 1) {
		struct unit_row self = s->units[s->nunits - 1];
		memmove(s->units + 1, s->units, (size_t)(s->nunits - 1) * sizeof *s->units);
		s->units[0] = self;
		return 0;
	}
	return s->nunits - 1;
}

/* Figures and rates as they come, placed once the units are known. */
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
	for (int i = 0; i < g->nfigures; i++) {
		int ind = indicator_index(s, g->figures[i].indicator_id);
		int u = unit_index(s, g->figures[i].unit_id, g->figures[i].is_self);
		if (ind >= 0 && u >= 0)
			s->values[(size_t)ind * (size_t)s->nunits + (size_t)u] = g->figures[i].value;
	}
	for (int i = 0; i < g->nrates; i++) {
		int u = unit_index(s, g->rates[i].unit_id, g->rates[i].is_self);
		s->units[u].rate = g->rates[i].rate;
		s->total_rate.expected += g->rates[i].rate.expected;
		s->total_rate.submitted += g->rates[i].rate.submitted;
		s->total_rate.on_time += g->rates[i].rate.on_time;
	}
}

/* Each unit's approval over the period; the reporting unit's own. */
static int read_approvals(struct results_src *s, cn_db *db, long long unit_id, const char *from, const char *to,
			  cn_error *err)
{
	cn_approval_span span;
	int rc = CN_OK;
	for (int u = 0; rc == CN_OK && u < s->nunits; u++)
		if (!s->units[u].is_self && (rc = cn_approval_over(db, s->units[u].id, from, to, &span, err)) == CN_OK)
			cn_approval_span_text(&span, s->units[u].approval);
	if (rc == CN_OK && unit_id && (rc = cn_approval_over(db, unit_id, from, to, &span, err)) == CN_OK)
		cn_approval_span_text(&span, s->own_approval);
	return rc;
}

/* The figures, read once: indicators with the unit's targets, the child
 * units, the sums and rates by child, the approvals. */
static int load(struct results_src *s, cn_db *db, long long unit_id, const char *from, const char *to,
		int due_days, cn_error *err)
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
		rc = cn_reporting_rate_by_child(db, unit_id, from, to, due_days, gather_rate, &g, err);
	if (rc == CN_OK)
		place_figures(s, db, &g);
	free(g.figures);
	free(g.rates);
	return rc == CN_OK ? read_approvals(s, db, unit_id, from, to, err) : rc;
}

/* --- The tables --------------------------------------------------------------- */

/* "Hộ gia đình có điện thoại thông minh (số cuối kỳ)": the kind is said
 * for stocks always, and for flows when the period has several months. */
static char *indicator_label(const struct results_src *s, const struct indicator_row *ind, bool with_measure)
{
	bool kind = ind->aggregate == CN_AGG_LAST || s->several_months;
	const char *k = cn_aggregate_name(ind->aggregate);
	if (with_measure && *ind->measure)
		return kind ? cn_sprintf("%s (%s, %s)", ind->name, ind->measure, k) : cn_sprintf("%s (%s)", ind->name, ind->measure);
	return kind ? cn_sprintf("%s (%s)", ind->name, k) : cn_strdup(ind->name);
}

static struct table *new_table(struct results_src *s, int kind, const char *stt, char *label, int ncols)
{
	struct table *t = &s->tables[s->ntables++];
	*t = (struct table){.kind = kind, .stt = stt, .label = label, .ncols = ncols};
	t->cols = cn_calloc((size_t)ncols, sizeof *t->cols);
	if (ncols > s->width)
		s->width = ncols;
	return t;
}

/* Part I with units as columns. */
static void table_by_indicator(struct results_src *s)
{
	int n = s->nunits, total = 2 + n;
	struct table *t = new_table(s, BY_INDICATOR, "I", cn_strdup("Kết quả thực hiện các chỉ tiêu"), total + 3);
	cn_report_col *c = t->cols;
	c[0] = (cn_report_col){.header = "Chỉ tiêu", .kind = CN_COL_TEXT, .width = 34,
			       .note = "Tên chỉ tiêu; «số cuối kỳ»: số của tháng gần nhất trong kỳ, «cộng dồn»: cộng các tháng"};
	c[1] = (cn_report_col){.header = "Đơn vị tính", .kind = CN_COL_TEXT, .width = 9, .note = "Đơn vị tính"};
	s->col_drill = cn_calloc((size_t)t->ncols, sizeof *s->col_drill);
	for (int u = 0; u < n; u++) {
		c[2 + u] = (cn_report_col){.header = s->units[u].name, .group = BY_UNIT, .kind = CN_COL_INTEGER,
					   .width = 11, .note = s->units[u].note};
		if (!s->units[u].is_self)
			s->col_drill[2 + u] = (cn_drill){CN_DRILL_UNIT, s->units[u].id};
	}
	c[total] = (cn_report_col){.header = "Tổng cộng", .kind = CN_COL_INTEGER, .width = 11,
				   .note = "Tổng các cột theo đơn vị (công thức SUM)", .row_sum = n > 0, .sum_first = 2,
				   .sum_last = 1 + n};
	c[total + 1] = (cn_report_col){.header = "Chỉ tiêu giao", .kind = CN_COL_INTEGER, .width = 10,
				       .note = "Chỉ tiêu giao cho đơn vị báo cáo, cho một kỳ bao trùm kỳ báo cáo; trống khi "
					       "chưa giao"};
	c[total + 2] = (cn_report_col){.header = "% đạt", .kind = CN_COL_PERCENT, .width = 8,
				       .note = "Tổng cộng chia chỉ tiêu giao; trống khi không có chỉ tiêu", .ratio = true,
				       .ratio_num = total, .ratio_den = total + 1};
}

/* Part I with units as rows: INDICATORS_PER_TABLE indicators a table. */
static void tables_by_unit(struct results_src *s)
{
	/* As even as can be: 11 indicators are 6 and 5, not 10 and 1. */
	int parts = (s->nind + INDICATORS_PER_TABLE - 1) / INDICATORS_PER_TABLE;
	int per = parts ? (s->nind + parts - 1) / parts : 0;
	for (int p = 0; p < parts || p == 0; p++) {
		int first = p * per, n = s->nind - first;
		n = n > per ? per : n < 0 ? 0 : n;
		char *label = parts > 1 ? cn_sprintf("Kết quả thực hiện các chỉ tiêu (phần %d/%d: chỉ tiêu %d đến %d)", p + 1,
						     parts, first + 1, first + n)
					: cn_strdup("Kết quả thực hiện các chỉ tiêu");
		struct table *t = new_table(s, BY_UNIT_SLICE, "I", label, 1 + n);
		t->first_ind = first;
		t->nind = n;
		t->cols[0] = (cn_report_col){.header = "Đơn vị", .kind = CN_COL_TEXT, .width = 26,
					     .note = "Đơn vị trực thuộc (gồm các tổ của nó và của các đơn vị cấp dưới); "
						     "«Riêng …»: các tổ đặt ngay tại đơn vị báo cáo"};
		for (int i = 0; i < n; i++) {
			struct indicator_row *ind = &s->inds[first + i];
			ind->label = indicator_label(s, ind, true);
			t->cols[1 + i] = (cn_report_col){.header = ind->label, .kind = CN_COL_INTEGER, .width = 11,
							 .note = ind->code, .sum = true};
			t->targets |= ind->target >= 0;
		}
	}
}

static void table_rates(struct results_src *s)
{
	struct table *t = new_table(s, RATES, "II", cn_strdup("Tình hình gửi báo cáo tháng và duyệt kết quả"), 7);
	cn_report_col *c = t->cols;
	c[0] = (cn_report_col){.header = "Đơn vị", .kind = CN_COL_TEXT, .width = 26,
			       .note = "Đơn vị trực thuộc; dòng «Cộng» là đơn vị báo cáo"};
	c[1] = (cn_report_col){.header = "Phải gửi", .group = REPORTS, .kind = CN_COL_INTEGER, .width = 9, .sum = true,
			       .note = "Số báo cáo tháng các tổ phải gửi: mỗi tổ, mỗi tháng của kỳ mà tổ đã thành lập, chưa "
				       "giải thể và hạn gửi đã qua"};
	c[2] = (cn_report_col){.header = "Đã gửi", .group = REPORTS, .kind = CN_COL_INTEGER, .width = 9, .sum = true,
			       .note = "Trong số phải gửi: đã gửi"};
	c[3] = (cn_report_col){.header = "Gửi đúng hạn", .group = REPORTS, .kind = CN_COL_INTEGER, .width = 9,
			       .sum = true, .note = "Trong số phải gửi: gửi trong hạn"};
	c[4] = (cn_report_col){.header = "Tỷ lệ đã gửi", .group = REPORTS, .kind = CN_COL_PERCENT, .width = 9,
			       .note = "Đã gửi chia phải gửi", .ratio = true, .ratio_num = 2, .ratio_den = 1};
	c[5] = (cn_report_col){.header = "Tỷ lệ đúng hạn", .group = REPORTS, .kind = CN_COL_PERCENT, .width = 9,
			       .note = "Gửi đúng hạn chia phải gửi", .ratio = true, .ratio_num = 3, .ratio_den = 1};
	c[6] = (cn_report_col){.header = "Duyệt kết quả", .kind = CN_COL_TEXT, .width = 16,
			       .note = "Tình trạng duyệt của đơn vị qua các tháng của kỳ; thôn, ấp được duyệt cùng xã"};
}

/* --- The rows ------------------------------------------------------------------- */

static long long value_of(const struct results_src *s, int ind, int unit)
{
	return s->values[(size_t)ind * (size_t)s->nunits + (size_t)unit];
}

static void clear_cells(struct results_src *s)
{
	memset(s->cells, 0, (size_t)s->width * sizeof *s->cells);
}

static void fill_indicator(struct results_src *s, int i)
{
	struct indicator_row *ind = &s->inds[i];
	clear_cells(s);
	free(s->label);
	s->label = indicator_label(s, ind, false);
	cn_report_cell *c = s->cells;
	c[0].text = s->label;
	c[1].text = ind->measure;
	long long total = 0;
	for (int u = 0; u < s->nunits; u++)
		total += c[2 + u].num = value_of(s, i, u);
	c[2 + s->nunits].num = total;
	c[3 + s->nunits].num = ind->target;
	c[3 + s->nunits].empty = ind->target < 0;
}

static void fill_unit_slice(struct results_src *s, const struct table *t, int u)
{
	clear_cells(s);
	s->cells[0].text = s->units[u].name;
	for (int i = 0; i < t->nind; i++)
		s->cells[1 + i].num = value_of(s, t->first_ind + i, u);
}

static void fill_targets(struct results_src *s, const struct table *t)
{
	clear_cells(s);
	for (int i = 0; i < t->nind; i++) {
		long long target = s->inds[t->first_ind + i].target;
		s->cells[1 + i] = (cn_report_cell){.num = target, .empty = target < 0};
	}
}

static void fill_rate(struct results_src *s, int u)
{
	clear_cells(s);
	const cn_month_report_rate *r = &s->units[u].rate;
	s->cells[0].text = s->units[u].name;
	s->cells[1].num = r->expected;
	s->cells[2].num = r->submitted;
	s->cells[3].num = r->on_time;
	s->cells[6].text = s->units[u].approval;
}

/* The rows of the body of table T: its count. */
static int body_rows(const struct results_src *s, const struct table *t)
{
	return t->kind == BY_INDICATOR ? s->nind : s->nunits;
}

static void body_row(struct results_src *s, const struct table *t, int at, cn_report_row *row)
{
	row->kind = CN_ROW_DATA;
	row->cells = s->cells;
	if (t->kind == BY_INDICATOR) {
		fill_indicator(s, at);
		return;
	}
	if (t->kind == BY_UNIT_SLICE)
		fill_unit_slice(s, t, at);
	else
		fill_rate(s, at);
	if (!s->units[at].is_self)
		row->drill = (cn_drill){CN_DRILL_UNIT, s->units[at].id};
}

/* The next step of table T after STEP: what it has. */
static int next_step(const struct table *t, int step)
{
	switch (step) {
	case HEAD:
		return BODY;
	case BODY:
		return t->kind == BY_INDICATOR ? END : TOTAL;
	case TOTAL:
		return t->kind == BY_UNIT_SLICE && t->targets ? TARGETS : END;
	case TARGETS:
		return ACHIEVED;
	default:
		return END;
	}
}

static int results_next(void *ctx, cn_report_row *row, cn_error *err)
{
	(void)err;
	struct results_src *s = ctx;
	while (s->table < s->ntables) {
		const struct table *t = &s->tables[s->table];
		switch (s->step) {
		case HEAD:
			/* The first table's columns are the report's own. */
			row->kind = s->table == 0 ? CN_ROW_GROUP : CN_ROW_COLUMNS;
			row->stt = t->stt;
			row->label = t->label;
			row->cols = t->cols;
			row->ncols = t->ncols;
			s->step = next_step(t, HEAD);
			s->at = 0;
			return 1;
		case BODY:
			if (s->at < body_rows(s, t)) {
				body_row(s, t, s->at++, row);
				return 1;
			}
			s->step = next_step(t, BODY);
			continue;
		case TOTAL:
			row->kind = CN_ROW_TOTAL;
			row->label = t->kind == RATES ? "Cộng" : "Tổng cộng";
			clear_cells(s);
			if (t->kind == RATES)
				s->cells[6].text = s->own_approval;
			row->cells = s->cells;
			s->step = next_step(t, TOTAL);
			return 1;
		case TARGETS:
			fill_targets(s, t);
			row->kind = CN_ROW_PLAIN;
			row->label = "Chỉ tiêu giao";
			row->cells = s->cells;
			s->step = next_step(t, TARGETS);
			return 1;
		case ACHIEVED:
			row->kind = CN_ROW_RATIO;
			row->label = "% đạt";
			s->step = next_step(t, ACHIEVED);
			return 1;
		default:
			s->table++;
			s->step = HEAD;
		}
	}
	return 0;
}

/* --- The report ---------------------------------------------------------------- */

/* The period, checked: FROM..TO as typed; without them the last month
 * (or quarter) already owed; with only one of them, the other follows. */
static int read_period(cn_db *db, const cn_report_params *p, char from[8], char to[8], cn_error *err)
{
	char dfrom[8], dto[8];
	cn_results_default_period(db, dfrom, dto);
	int rc = CN_OK;
	if (p->from && (rc = cn_parse_period("Từ tháng", p->from, from, err)) != CN_OK)
		return rc;
	if (p->to && (rc = cn_parse_period("Đến tháng", p->to, to, err)) != CN_OK)
		return rc;
	if (!p->from && !p->to) {
		memcpy(from, dfrom, 8);
		memcpy(to, dto, 8);
	} else if (!p->to) {
		memcpy(to, strcmp(dto, from) >= 0 ? dto : from, 8);
	} else if (!p->from) {
		memcpy(from, to, 8);
	}
	if (strcmp(to, from) < 0)
		return cn_fail(err, CN_EINVAL, "Đến tháng %s trước từ tháng %s", to, from);
	return CN_OK;
}

/* "01/2026" of "2026-01". */
static char *month_text(const char *period)
{
	return cn_sprintf("%.2s/%.4s", period + 5, period);
}

/* The months of FROM..TO not yet owed today, with their deadlines:
 * "tháng 11/2026 (hạn 05/12/2026)". Empty when all are owed. */
static char *not_yet_owed(const char *from, const char *to, int due_days)
{
	cn_buf b = {0};
	int y = atoi(from), m = atoi(from + 5);
	for (int guard = 0; guard < 1200; guard++) {
		char period[16], deadline[CN_ISO_DATE_LEN], shown[CN_DATE_LEN];
		snprintf(period, sizeof period, "%04d-%02d", y % 10000, m % 100);
		if (strcmp(period, to) > 0)
			break;
		if (!cn_month_owed(period, due_days)) {
			cn_month_deadline(period, due_days, deadline);
			cn_date_display(deadline, shown);
			cn_buf_printf(&b, "%stháng %02d/%04d (hạn %s)", b.len ? ", " : "", m, y, shown);
		}
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return cn_buf_steal(&b);
}

static void add_notes(cn_report *r, const struct results_src *s, const char *from, const char *to, int due_days)
{
	char *f = month_text(from), *t = month_text(to);
	int months = (atoi(to) - atoi(from)) * 12 + atoi(to + 5) - atoi(from + 5) + 1;
	if (months > 1)
		cn_report_add_note(r, "Kỳ báo cáo: từ tháng %s đến tháng %s (%d tháng).", f, t, months);
	else
		cn_report_add_note(r, "Kỳ báo cáo: tháng %s.", f);
	free(f);
	free(t);
	cn_report_add_note(r, "Chỉ tính các báo cáo tháng đã gửi; báo cáo còn là bản nháp (chưa gửi) không được tính.");
	cn_report_add_note(r, "Cách cộng các tháng của kỳ: chỉ tiêu «cộng dồn» cộng số của mọi tháng; chỉ tiêu «số cuối "
			      "kỳ» (số hiện có, như số hộ có điện thoại thông minh) lấy số của tháng gần nhất trong kỳ mà "
			      "tổ đã gửi báo cáo có chỉ tiêu đó. Giữa các đơn vị, số liệu luôn được cộng lại.");
	cn_report_add_note(r, "Mỗi đơn vị trực thuộc gồm các tổ của nó và của các đơn vị cấp dưới; «Riêng …» là các tổ "
			      "đặt ngay tại đơn vị báo cáo. Các dòng, cột «Tổng cộng» là công thức SUM; chỉ tiêu có đơn vị "
			      "tính khác nhau nên không cộng với nhau.");
	cn_report_add_note(r, "Phần II: một tổ phải gửi báo cáo của một tháng khi tổ đã thành lập và chưa giải thể "
			      "trong tháng đó, và hạn gửi (%d ngày sau khi hết tháng, thiết lập report_due_days) đã qua; "
			      "báo cáo gửi đến hết ngày hạn là đúng hạn.", due_days);
	char today[CN_DATE_LEN];
	cn_date_today(today);
	char *pending = not_yet_owed(from, to, due_days);
	if (*pending)
		cn_report_add_note(r, "Tính đến ngày %s, chưa đến hạn gửi: %s; các tháng này chưa tính vào số báo cáo phải "
				      "gửi.", cn_report_date_text(today), pending);
	free(pending);
	char sent[CN_NUM_TEXT_LEN], on_time[CN_NUM_TEXT_LEN], owed[CN_NUM_TEXT_LEN];
	char rate[CN_NUM_TEXT_LEN], rate_on_time[CN_NUM_TEXT_LEN];
	cn_count_text(s->total_rate.submitted, sent);
	cn_count_text(s->total_rate.on_time, on_time);
	cn_count_text(s->total_rate.expected, owed);
	double den = (double)s->total_rate.expected;
	cn_percent_text(den > 0 ? (double)s->total_rate.submitted / den : -1, rate);
	cn_percent_text(den > 0 ? (double)s->total_rate.on_time / den : -1, rate_on_time);
	cn_report_add_note(r, "Tỷ lệ gửi báo cáo: %s (%s/%s); gửi đúng hạn: %s (%s/%s).", rate, sent, owed,
			   rate_on_time, on_time, owed);
	cn_report_add_note(r, "Cột «Duyệt kết quả»: đã duyệt hay chưa qua các tháng của kỳ; đơn vị không có tổ nào phải "
			      "báo cáo thì không phải duyệt; thôn, ấp được duyệt cùng xã. Dòng «Cộng» là đơn vị báo cáo.");
	cn_report_add_note(r, "Mã các chỉ tiêu (dùng khi nhập số liệu từ tệp, lệnh cnscd import results):");
	for (int i = 0; i < s->nind; i++)
		cn_report_add_note(r, "%s: %s (%s, %s)", s->inds[i].code, s->inds[i].name,
				   *s->inds[i].measure ? s->inds[i].measure : "không có đơn vị tính",
				   cn_aggregate_name(s->inds[i].aggregate));
}

cn_report *cn_report_results(cn_db *db, const cn_report_params *p, cn_error *err)
{
	char from[8], to[8];
	if (read_period(db, p, from, to, err) != CN_OK)
		return NULL;
	struct results_src *s = cn_calloc(1, sizeof *s);
	int due_days = cn_setting_report_due_days(db);
	s->several_months = strcmp(from, to) != 0;
	if (load(s, db, p->unit_id, from, to, due_days, err) != CN_OK) {
		results_free(s);
		return NULL;
	}
	if (s->nunits <= UNITS_AS_COLUMNS)
		table_by_indicator(s);
	else
		tables_by_unit(s);
	table_rates(s);
	s->cells = cn_calloc((size_t)s->width, sizeof *s->cells);
	cn_report *r = cn_report_new("Báo cáo kết quả hoạt động Tổ công nghệ số cộng đồng", "Kết quả hoạt động",
				     s->tables[0].cols, s->tables[0].ncols);
	r->rows = (cn_report_source){results_next, results_free, s};
	r->max_cols = s->width;
	r->col_drill = s->col_drill;
	char *f = month_text(from), *t = month_text(to);
	char *what = strcmp(from, to) == 0 ? cn_sprintf("kết quả tháng %s", f)
					   : cn_sprintf("kết quả từ tháng %s đến tháng %s", f, t);
	free(f);
	free(t);
	if (!(r = cn_report_scope(r, db, p->unit_id, what, err)))
		return NULL;
	cn_report_scope_number(r, db);
	add_notes(r, s, from, to, due_days);
	return r;
}
