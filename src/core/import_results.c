/* Importing monthly results: one value per row, for a team's report of a
 * month. Reports are found (or created as drafts) by team and month; a
 * submitted report is left alone unless the file would change it, and
 * then only reopened when asked. Rows that change nothing are "không đổi",
 * so importing a file twice is harmless, also with --submit. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/approval.h"
#include "cnscd/results.h"
#include "cnscd/team.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "import_internal.h"

enum { R_PERIOD, R_UNIT, R_TEAM, R_INDICATOR, R_VALUE, R_NCOLS };

static const cn_import_column result_columns[R_NCOLS] = {
	[R_PERIOD] = {"period", "kỳ|kỳ báo cáo|tháng", true, {CN_CELL_MONTH, 0}},
	[R_UNIT] = {"unit_code", "mã đơn vị", true, {0}},
	[R_TEAM] = {"team", "tổ|tên tổ", false, {0}},
	[R_INDICATOR] = {"indicator_code", "mã chỉ tiêu|chỉ tiêu", true, {0}},
	[R_VALUE] = {"value", "số liệu|giá trị|kết quả", true, {0}},
};

static const cn_import_layout result_layouts[] = {{"cnscd", result_columns, R_NCOLS}};

/* One team's report of one month, as the file touches it. */
struct report_slot {
	long long team_id;
	char period[8];
	char *team_name;
	long long id;      /* 0 until it exists */
	int status;
	bool changes;      /* a good row changes a value */
	bool bad_row;      /* a row of it was rejected: not submitted */
	int lock;          /* 0 not asked yet, 1 editable, 2 approved: locked */
	char *locked;      /* why, when locked */
};

struct result_row {
	size_t rec;
	long report;       /* index into reports */
	long long indicator;
	long long value;   /* -1: an empty cell, nothing to do */
	long long old;     /* the stored value, -1 if none */
};

struct results {
	struct result_row *rows;
	size_t n, cap;
	struct report_slot *reports;
	size_t nreports, capreports;
	cn_strmap report_keys; /* "<team id>|<period>" → report */
	cn_strmap seen;        /* "<report>|<indicator>" → row */
};

/* "1234", "1.234", "1,234", "1 234" → 1234: a group separator must be
 * followed by three digits, and one kind of separator is used throughout.
 * Anything else ("1.5", "12,34", "-3") is refused: no guessing. */
static bool parse_value(const char *in, long long *out)
{
	char *s = cn_trim_dup(in);
	long long v = 0;
	char sep = 0;
	int run = 0; /* digits since the start or the last separator */
	bool ok = true, grouped = false;
	for (const char *p = s; ok && *p; p++) {
		if (isdigit((unsigned char)*p)) {
			v = v * 10 + (*p - '0');
			run++;
			ok = v <= 10000000000LL; /* far above any figure; no overflow */
		} else if ((*p == '.' || *p == ',' || *p == ' ') && (!sep || sep == *p)) {
			ok = run >= 1 && (grouped ? run == 3 : run <= 3);
			sep = *p;
			grouped = true;
			run = 0;
		} else {
			ok = false;
		}
	}
	ok = ok && run > 0 && (!grouped || run == 3);
	free(s);
	*out = v;
	return ok;
}

/* The team of a row: by folded name within the unit, or the unit's
 * default team for an empty cell. 0 with the row rejected. */
static long long find_team(cn_import *imp, size_t rec, const cn_import_row *row, const cn_unit *u)
{
	cn_error e = {0};
	char *name = NULL;
	if (cn_parse_text_opt("Tên tổ", cn_import_field(imp, row, R_TEAM), 150, &name, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, R_TEAM, &e);
		return 0;
	}
	long long id = name ? cn_team_find_by_name(imp->db, u->id, name)
			    : cn_team_default_for_unit(imp->db, u->id, false, NULL);
	if (!id && name)
		cn_import_reject(imp, rec, R_TEAM, "%s không có tổ nào tên «%s»", u->name, name);
	else if (!id)
		cn_import_reject(imp, rec, R_UNIT, "%s chưa có Tổ CNSCĐ nào: hãy lập tổ trước khi nhập số liệu", u->name);
	free(name);
	return id;
}

/* The report slot of TEAM for PERIOD, looked up once. -1 (row rejected)
 * when the team did not exist that month. */
static long report_slot(cn_import *imp, struct results *s, size_t rec, long long team, const char *period)
{
	char key[48];
	snprintf(key, sizeof key, "%lld|%s", team, period);
	long slot = cn_strmap_get(&s->report_keys, key);
	if (slot >= 0)
		return slot;
	cn_team t = {0};
	cn_error e = {0};
	if (cn_team_get(imp->db, team, &t, &e) != CN_OK) {
		cn_import_reject_err(imp, rec, R_TEAM, &e);
		return -1;
	}
	char first[CN_DATE_LEN];
	snprintf(first, sizeof first, "%s-01", period);
	if (t.dissolved && strcmp(t.dissolved, first) < 0) {
		char shown[CN_DATE_LEN];
		cn_date_display(t.dissolved, shown);
		cn_import_reject(imp, rec, R_TEAM, "%s đã giải thể từ %s, trước tháng %s", t.name, shown, period);
		cn_team_clear(&t);
		return -1;
	}
	CN_GROW(s->reports, s->nreports, s->capreports, 16);
	struct report_slot *r = &s->reports[s->nreports];
	memset(r, 0, sizeof *r);
	r->team_id = team;
	snprintf(r->period, sizeof r->period, "%s", period);
	r->team_name = t.name;
	t.name = NULL;
	cn_team_clear(&t);
	cn_month_report_open(imp->db, team, period, false, &r->id, &r->status, NULL);
	cn_strmap_put(&s->report_keys, key, (long)s->nreports);
	return (long)s->nreports++;
}

/* The unit of a row, open; false with the row rejected. */
static bool find_unit(cn_import *imp, size_t rec, const cn_import_row *row, cn_unit *u)
{
	cn_error e = {0};
	char *code = NULL;
	bool ok = cn_parse_name("Mã đơn vị", cn_import_field(imp, row, R_UNIT), 32, &code, &e) == CN_OK &&
		  cn_unit_find_code(imp->db, code, u, &e) == CN_OK;
	if (!ok)
		cn_import_reject_err(imp, rec, R_UNIT, &e);
	free(code);
	return ok;
}

static void read_indicator(cn_import *imp, size_t rec, const cn_import_row *row, long long *id)
{
	const char *code = cn_import_field(imp, row, R_INDICATOR);
	*id = cn_str_empty(code) ? 0 : cn_indicator_id_by_code(imp->db, code);
	if (cn_str_empty(code))
		cn_import_reject(imp, rec, R_INDICATOR, "Thiếu mã chỉ tiêu");
	else if (!*id)
		cn_import_reject(imp, rec, R_INDICATOR, "Không có chỉ tiêu mang mã «%s» (xem danh mục chỉ tiêu)", code);
}

static void read_value(cn_import *imp, size_t rec, const cn_import_row *row, long long *value)
{
	const char *v = cn_import_field(imp, row, R_VALUE);
	*value = -1;
	if (cn_str_empty(v))
		return;
	if (!parse_value(v, value))
		cn_import_reject(imp, rec, R_VALUE,
				 "Số liệu «%s» không hợp lệ: cần số nguyên không âm; dấu chấm hoặc dấu phẩy chỉ dùng để "
				 "tách hàng nghìn (ví dụ 1.234)", v);
	else if (*value > 1000000000LL)
		cn_import_reject(imp, rec, R_VALUE, "Số liệu %lld quá lớn (tối đa 1.000.000.000)", *value);
}

static void check_row(cn_import *imp, void *state, size_t rec, const cn_import_row *row)
{
	struct results *s = state;
	struct result_row r = {.rec = rec, .report = -1, .old = -1};
	cn_error e = {0};
	char period[8];
	bool have_period = cn_parse_period("Kỳ báo cáo", cn_import_field(imp, row, R_PERIOD), period, &e) == CN_OK;
	if (!have_period)
		cn_import_reject_err(imp, rec, R_PERIOD, &e);
	cn_unit u = {0};
	long long team = find_unit(imp, rec, row, &u) ? find_team(imp, rec, row, &u) : 0;
	cn_unit_clear(&u);
	read_indicator(imp, rec, row, &r.indicator);
	read_value(imp, rec, row, &r.value);
	if (team && have_period)
		r.report = report_slot(imp, s, rec, team, period);
	if (r.report < 0)
		return;
	CN_GROW(s->rows, s->n, s->cap, 256);
	s->rows[s->n++] = r;
}

/* Approved figures are locked (approval.h): asked once per report. */
static bool report_locked(cn_import *imp, struct report_slot *rep)
{
	if (!rep->lock) {
		cn_error e = {0};
		rep->lock = cn_approval_check_editable(imp->db, rep->team_id, rep->period, &e) == CN_OK ? 1 : 2;
		if (rep->lock == 2)
			rep->locked = cn_strdup(e.msg);
	}
	return rep->lock == 2;
}

/* What each good row would do to its report, and the rows that cannot. */
static void check_all(cn_import *imp, void *state)
{
	struct results *s = state;
	for (size_t i = 0; i < s->n; i++) {
		struct result_row *r = &s->rows[i];
		struct report_slot *rep = &s->reports[r->report];
		if (cn_import_rejected(imp, r->rec)) {
			rep->bad_row = true;
			continue;
		}
		char key[48];
		snprintf(key, sizeof key, "%ld|%lld", r->report, r->indicator);
		long other = cn_strmap_get(&s->seen, key);
		if (other >= 0) {
			cn_import_reject(imp, r->rec, R_INDICATOR, "Trùng với dòng %ld: cùng tổ, cùng tháng, cùng chỉ tiêu",
					 imp->recs[s->rows[other].rec].line);
			rep->bad_row = true;
			continue;
		}
		cn_strmap_put(&s->seen, key, (long)i);
		r->old = rep->id ? cn_result_get(imp->db, rep->id, r->indicator, 0) : -1;
		if (r->value >= 0 && cn_result_split(imp->db, rep->id, r->indicator)) {
			cn_import_reject(imp, r->rec, R_VALUE,
					 "Báo cáo tháng %s của %s đã ghi chỉ tiêu này theo từng thành viên; số của cả tổ sẽ "
					 "không được tính: hãy sửa số liệu từng người trong báo cáo", rep->period, rep->team_name);
			rep->bad_row = true;
			continue;
		}
		if (r->value < 0 || r->value == r->old)
			continue;
		if (report_locked(imp, rep)) {
			cn_import_reject(imp, r->rec, R_VALUE, "%s", rep->locked);
			rep->bad_row = true;
			continue;
		}
		if (rep->status == CN_MONTH_REPORT_SUBMITTED && !imp->opt->reopen) {
			cn_import_reject(imp, r->rec, R_VALUE,
					 "Báo cáo tháng %s của %s đã gửi; hãy mở lại trước khi nhập (hoặc nhập với tùy chọn "
					 "--reopen)", rep->period, rep->team_name);
			rep->bad_row = true;
			continue;
		}
		rep->changes = true;
	}
}

/* Opens (creating) the report of R and reopens it when it was submitted. */
static int ready_report(cn_import *imp, struct report_slot *rep, cn_error *err)
{
	int rc = CN_OK;
	if (!rep->id)
		rc = cn_month_report_open(imp->db, rep->team_id, rep->period, true, &rep->id, &rep->status, err);
	if (rc == CN_OK && rep->status == CN_MONTH_REPORT_SUBMITTED) {
		const char *base = strrchr(imp->path, '/');
		char *note = cn_sprintf("nhập lại số liệu từ tệp %s", base ? base + 1 : imp->path);
		rc = cn_month_report_reopen(imp->db, rep->id, imp->opt->by, note, err);
		free(note);
		if (rc == CN_OK) {
			rep->status = CN_MONTH_REPORT_DRAFT;
			imp->res->reports_reopened++;
		}
	}
	return rc;
}

static int write_row(cn_import *imp, struct results *s, const struct result_row *r, cn_error *err)
{
	struct report_slot *rep = &s->reports[r->report];
	if (r->value < 0 || r->value == r->old) {
		imp->res->unchanged++;
		return CN_OK;
	}
	int rc = ready_report(imp, rep, err);
	if (rc == CN_OK)
		rc = cn_result_set(imp->db, rep->id, r->indicator, 0, r->value, err);
	if (rc == CN_OK && r->old < 0)
		imp->res->added++;
	else if (rc == CN_OK)
		imp->res->updated++;
	return rc;
}

/* --submit: every report the file filled in without a bad row. */
static int submit_reports(cn_import *imp, struct results *s, cn_error *err)
{
	for (size_t i = 0; i < s->nreports; i++) {
		struct report_slot *rep = &s->reports[i];
		if (rep->bad_row && rep->status != CN_MONTH_REPORT_SUBMITTED) {
			cn_import_note(imp, "Báo cáo tháng %s của %s chưa gửi vì có dòng lỗi", rep->period,
				       rep->team_name);
			continue;
		}
		if (!rep->id || rep->status == CN_MONTH_REPORT_SUBMITTED)
			continue;
		if (report_locked(imp, rep)) {
			cn_import_note(imp, "Báo cáo tháng %s của %s chưa gửi: %s", rep->period, rep->team_name,
				       rep->locked);
			continue;
		}
		int rc = cn_month_report_submit(imp->db, rep->id, imp->opt->by, err);
		if (rc != CN_OK)
			return rc;
		rep->status = CN_MONTH_REPORT_SUBMITTED;
		imp->res->reports_submitted++;
	}
	return CN_OK;
}

static int write(cn_import *imp, void *state, cn_error *err)
{
	struct results *s = state;
	for (size_t i = 0; i < s->n; i++) {
		const struct result_row *r = &s->rows[i];
		if (cn_import_rejected(imp, r->rec))
			continue;
		int rc = write_row(imp, s, r, err);
		if (rc != CN_OK) {
			cn_import_error_at(imp, r->rec, err);
			return rc;
		}
	}
	return imp->opt->submit ? submit_reports(imp, s, err) : CN_OK;
}

int cn_import_results(cn_db *db, const char *path, const cn_import_options *opt, cn_import_result *res,
		      cn_error *err)
{
	static const struct cn_importer importer = {
		"số liệu", result_layouts, (int)CN_ARRAY_LEN(result_layouts), check_row, check_all, write,
	};
	struct results s = {0};
	int rc = cn_import_run(db, path, &importer, &s, opt, res, err);
	for (size_t i = 0; i < s.nreports; i++) {
		free(s.reports[i].team_name);
		free(s.reports[i].locked);
	}
	free(s.reports);
	free(s.rows);
	cn_strmap_free(&s.report_keys);
	cn_strmap_free(&s.seen);
	return rc;
}
