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
#include "cnscd/people.h"
#include "cnscd/results.h"
#include "cnscd/team.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "import_results_internal.h"

static const cn_import_column result_columns[R_NCOLS] = {
	[R_PERIOD] = {"period", "kỳ|kỳ báo cáo|tháng", true, {CN_CELL_MONTH, 0}},
	[R_UNIT] = {"unit_code", "mã đơn vị", true, {0}},
	[R_TEAM] = {"team", "tổ|tên tổ", false, {0}},
	[R_INDICATOR] = {"indicator_code", "mã chỉ tiêu|chỉ tiêu", true, {0}},
	[R_VALUE] = {"value", "số liệu|giá trị|kết quả", true, {0}},
};

static const cn_import_layout result_layouts[] = {{"cnscd", result_columns, R_NCOLS}};

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

/* Only found things are cached (a value > 0). */
static void cache_put(cn_strmap *m, const char *key, long long value)
{
	if (value > 0)
		cn_import_cache_put(m, key, value);
}

/* The team of a row: by folded name within the unit, or the unit's
 * default team for an empty cell. 0 with the row rejected. */
static long long find_team(cn_import *imp, struct results *s, const cn_import_row *row, long long unit_id, cn_unit *u)
{
	cn_error e = {0};
	char *name, *key;
	if (!cn_import_team_cell(imp, row, R_TEAM, unit_id, &name, &key))
		return 0;
	long long id = cn_strmap_get(&s->teams, key);
	if (id <= 0) {
		if (!u->id && cn_unit_get(imp->db, unit_id, u, &e) != CN_OK)
			cn_import_reject_err(imp, imp->rec, R_UNIT, &e);
		else if (!(id = name ? cn_team_find_by_name(imp->db, unit_id, name)
				     : cn_team_default_for_unit(imp->db, unit_id, false, NULL)))
			name ? cn_import_reject(imp, imp->rec, R_TEAM, "%s không có tổ nào tên «%s»", u->name, name)
			     : cn_import_reject(imp, imp->rec, R_UNIT,
						"%s chưa có Tổ CNSCĐ nào: hãy lập tổ trước khi nhập số liệu", u->name);
		cache_put(&s->teams, key, id);
	}
	free(key);
	free(name);
	return id > 0 ? id : 0;
}

/* The team of a row, through a cache of the cells as written (unit code,
 * team name): a file names the same teams on many rows. */
static long long row_team(cn_import *imp, struct results *s, const cn_import_row *row)
{
	cn_buf *key = &s->key;
	const char *unit = cn_import_field(imp, row, R_UNIT);
	size_t n = strlen(unit);
	char len[24];
	int k = sizeof len - 1;
	len[k] = ':'; /* the length first keeps any two cells apart */
	do
		len[--k] = (char)('0' + n % 10);
	while ((n /= 10) > 0 && k > 0);
	cn_buf_clear(key);
	cn_buf_add(key, len + k, sizeof len - (size_t)k);
	cn_buf_adds(key, unit);
	cn_buf_adds(key, cn_import_field(imp, row, R_TEAM));
	long cached = cn_strmap_get(&s->row_teams, cn_buf_str(key));
	if (cached > 0)
		return cached;
	cn_unit u = {0};
	long long unit_id = cn_import_unit_cell(imp, row, R_UNIT, &s->units, NULL, &u);
	long long team = unit_id ? find_team(imp, s, row, unit_id, &u) : 0;
	cn_unit_clear(&u);
	cache_put(&s->row_teams, cn_buf_str(key), team);
	return team;
}

static void slot_clear(struct report_slot *r)
{
	free(r->team_name);
	free(r->locked);
}

static void slots_free(struct results *s)
{
	for (size_t i = 0; i < s->nslots; i++)
		slot_clear(&s->slots[i]);
	free(s->slots);
	s->slots = NULL;
	s->nslots = s->capslots = 0;
	cn_strmap_free(&s->slot_keys);
}

/* A slot into the cache (which starts over when full): its index. */
static long cache_slot(struct results *s, const char *key, struct report_slot *r)
{
	if (s->nslots >= CN_IMPORT_CACHE_MAX)
		slots_free(s);
	CN_GROW(s->slots, s->nslots, s->capslots, 64);
	s->slots[s->nslots] = *r;
	cn_strmap_put(&s->slot_keys, key, (long)s->nslots);
	return (long)s->nslots++;
}

/* The slot of KEY kept in imp_report, into R; false when there is none. */
static bool staged_slot(cn_import *imp, const char *key, struct report_slot *r)
{
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT slot, team_id, period, team_name, report_id, status, lock, locked, "
					      "coalesce(new_id, 0), changes, bad_row FROM temp.imp_report WHERE key = ?", NULL);
	if (!st)
		return false;
	cn_bind_text(st, 1, key);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found) {
		memset(r, 0, sizeof *r);
		r->slot = sqlite3_column_int64(st, 0);
		r->team_id = sqlite3_column_int64(st, 1);
		snprintf(r->period, sizeof r->period, "%s", cn_col_text(st, 2));
		r->team_name = cn_col_dup(st, 3);
		r->id = sqlite3_column_int64(st, 4);
		r->status = sqlite3_column_int(st, 5);
		r->lock = sqlite3_column_int(st, 6);
		r->locked = cn_col_dup(st, 7);
		r->new_id = sqlite3_column_int64(st, 8);
		r->changes = sqlite3_column_int(st, 9);
		r->bad_row = sqlite3_column_int(st, 10);
	}
	sqlite3_reset(st);
	return found;
}

/* A new slot for TEAM's report of PERIOD, in imp_report; false (row
 * rejected) when the team did not exist that month. */
static bool new_slot(cn_import *imp, struct results *s, const char *key, long long team, const char *period,
		     struct report_slot *r)
{
	cn_team t = {0};
	cn_error e = {0};
	if (cn_team_get(imp->db, team, &t, &e) != CN_OK) {
		cn_import_reject_err(imp, imp->rec, R_TEAM, &e);
		return false;
	}
	char first[CN_DATE_LEN];
	snprintf(first, sizeof first, "%s-01", period);
	if (t.dissolved && strcmp(t.dissolved, first) < 0) {
		char shown[CN_DATE_LEN];
		cn_date_display(t.dissolved, shown);
		cn_import_reject(imp, imp->rec, R_TEAM, "%s đã giải thể từ %s, trước tháng %s", t.name, shown, period);
		cn_team_clear(&t);
		return false;
	}
	memset(r, 0, sizeof *r);
	r->slot = ++s->next_slot;
	r->team_id = team;
	snprintf(r->period, sizeof r->period, "%s", period);
	r->team_name = t.name;
	t.name = NULL;
	cn_team_clear(&t);
	cn_month_report_open(imp->db, team, period, false, &r->id, &r->status, NULL);
	/* Its id if it is created: nobody else writes before the import does
	 * (PRAGMA data_version), so the ids above the largest are free. */
	r->new_id = r->id ? 0 : s->report_base + r->slot;
	sqlite3_stmt *st = cn_import_sql(imp, "INSERT INTO temp.imp_report(slot, key, team_id, period, team_name, "
					      "report_id, status, new_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", NULL);
	if (st) {
		cn_bind_int(st, 1, r->slot);
		cn_bind_text(st, 2, key);
		cn_bind_int(st, 3, team);
		cn_bind_text(st, 4, period);
		cn_bind_text(st, 5, r->team_name);
		cn_bind_int(st, 6, r->id);
		cn_bind_int(st, 7, r->status);
		cn_bind_int_or_null(st, 8, r->new_id);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	return true;
}

/* "<team>|<period>" into KEY (48 bytes), without printf: once a row. */
static void slot_key(char *key, long long team, const char *period)
{
	char digits[24];
	int n = 0;
	unsigned long long t = team > 0 ? (unsigned long long)team : 0;
	do
		digits[n++] = (char)('0' + t % 10);
	while ((t /= 10) > 0);
	int k = 0;
	while (n > 0)
		key[k++] = digits[--n];
	key[k++] = '|';
	memcpy(key + k, period, 8); /* "yyyy-mm" and its NUL */
}

/* The report slot of TEAM for PERIOD (in the cache), or NULL (row
 * rejected) when the team did not exist that month. *CREATED: the file
 * names it for the first time. */
static struct report_slot *report_slot(cn_import *imp, struct results *s, long long team, const char *period,
				       bool *created)
{
	char key[48];
	slot_key(key, team, period);
	long i = cn_strmap_get(&s->slot_keys, key);
	*created = false;
	if (i >= 0)
		return &s->slots[i];
	struct report_slot r;
	if (!staged_slot(imp, key, &r) && !(*created = new_slot(imp, s, key, team, period, &r)))
		return NULL;
	i = cache_slot(s, key, &r); /* before taking s->slots, which it may move */
	return &s->slots[i];
}

static void read_indicator(cn_import *imp, struct results *s, const cn_import_row *row, long long *id)
{
	const char *code = cn_import_field(imp, row, R_INDICATOR);
	long cached = cn_strmap_get(&s->indicators, code);
	if (cached > 0) {
		*id = cached;
		return;
	}
	*id = cn_str_empty(code) ? 0 : cn_indicator_id_by_code(imp->db, code);
	if (cn_str_empty(code))
		cn_import_reject(imp, imp->rec, R_INDICATOR, "Thiếu mã chỉ tiêu");
	else if (!*id)
		cn_import_reject(imp, imp->rec, R_INDICATOR, "Không có chỉ tiêu mang mã «%s» (xem danh mục chỉ tiêu)",
				 code);
	else
		cache_put(&s->indicators, code, *id);
}

static void read_value(cn_import *imp, const cn_import_row *row, long long *value)
{
	const char *v = cn_import_field(imp, row, R_VALUE);
	*value = -1;
	if (cn_str_empty(v))
		return;
	if (!parse_value(v, value))
		cn_import_reject(imp, imp->rec, R_VALUE,
				 "Số liệu «%s» không hợp lệ: cần số nguyên không âm; dấu chấm hoặc dấu phẩy chỉ dùng để "
				 "tách hàng nghìn (ví dụ 1.234)", v);
	else if (*value > 1000000000LL)
		cn_import_reject(imp, imp->rec, R_VALUE, "Số liệu %lld quá lớn (tối đa 1.000.000.000)", *value);
}

/* Approved figures are locked (approval.h): asked once per report. */
static bool report_locked(cn_import *imp, struct report_slot *rep)
{
	if (!rep->lock) {
		cn_error e = {0};
		rep->lock = cn_approval_check_editable(imp->db, rep->team_id, rep->period, &e) == CN_OK ? 1 : 2;
		if (rep->lock == 2)
			rep->locked = cn_strdup(e.msg);
		sqlite3_stmt *st = cn_import_sql(imp, "UPDATE temp.imp_report SET lock = ?, locked = ? WHERE slot = ?",
						 NULL);
		if (st) {
			cn_bind_int(st, 1, rep->lock);
			cn_bind_text(st, 2, rep->locked);
			cn_bind_int(st, 3, rep->slot);
			sqlite3_step(st);
			sqlite3_reset(st);
		}
	}
	return rep->lock == 2;
}

/* Marks REP as changed by a good row, or as having a rejected row. */
static void flag_slot(cn_import *imp, struct report_slot *rep, bool changes, bool bad_row)
{
	if ((!changes || rep->changes) && (!bad_row || rep->bad_row))
		return;
	rep->changes |= changes;
	rep->bad_row |= bad_row;
	cn_import_set(imp, "UPDATE temp.imp_report SET changes = ?, bad_row = ? WHERE slot = ?", rep->changes,
		      rep->bad_row, rep->slot);
}

/* What a good row would do to its report (OLD: the value stored), and
 * whether it may. */
static void check_change(cn_import *imp, struct report_slot *rep, long long indicator, long long value, long long old)
{
	if (value >= 0 && rep->id && cn_result_split(imp->db, rep->id, indicator)) {
		cn_import_reject(imp, imp->rec, R_VALUE,
				 "Báo cáo tháng %s của %s đã ghi chỉ tiêu này theo từng thành viên; số của cả tổ sẽ "
				 "không được tính: hãy sửa số liệu từng người trong báo cáo", rep->period, rep->team_name);
		return;
	}
	if (value < 0 || value == old)
		return;
	if (report_locked(imp, rep))
		cn_import_reject(imp, imp->rec, R_VALUE, "%s", rep->locked);
	else if (rep->status == CN_MONTH_REPORT_SUBMITTED && !imp->opt->reopen)
		cn_import_reject(imp, imp->rec, R_VALUE,
				 "Báo cáo tháng %s của %s đã gửi; hãy mở lại trước khi nhập (hoặc nhập với tùy chọn "
				 "--reopen)", rep->period, rep->team_name);
}

/* The period of a row, from a cache of the cells seen (a file has a few
 * months). */
static bool read_period(cn_import *imp, struct results *s, const cn_import_row *row, char period[8])
{
	const char *cell = cn_import_field(imp, row, R_PERIOD);
	long cached = cn_strmap_get(&s->periods, cell);
	if (cached > 0) { /* yyyymm → "yyyy-mm", once a row: no printf */
		long v = cached;
		for (int i = 6; i >= 0; i--) {
			if (i == 4)
				period[i] = '-';
			else
				period[i] = (char)('0' + v % 10), v /= 10;
		}
		period[7] = '\0';
		return true;
	}
	cn_error e = {0};
	if (cn_parse_period("Kỳ báo cáo", cell, period, &e) != CN_OK) {
		cn_import_reject_err(imp, imp->rec, R_PERIOD, &e);
		return false;
	}
	cache_put(&s->periods, cell, atoi(period) * 100 + atoi(period + 5));
	return true;
}

/* From now on, values given twice are found by the unique index over
 * every value kept (built once, then kept up by SQLite). */
static void switch_to_index(cn_import *imp, struct results *s)
{
	if (!s->indexed)
		cn_import_exec(imp, "CREATE UNIQUE INDEX temp.imp_res_key ON imp_res(slot, indicator) WHERE reg", NULL);
	s->indexed = true;
}

/* The record that gave INDICATOR of REP first (the row being read gives it
 * again), or -1 when none did; registers the row when it is the first. */
static long long given_before(cn_import *imp, struct results *s, const struct report_slot *rep, long long indicator,
			      bool created)
{
	if (!s->indexed && rep->slot != s->cur_slot) {
		if (!created && s->cur_slot)
			switch_to_index(imp, s); /* a report met again after others */
		s->cur_slot = rep->slot;
		s->nseen = 0;
	}
	if (!s->indexed) {
		for (size_t i = 0; i < s->nseen; i++)
			if (s->seen[i].indicator == indicator)
				return s->seen[i].rec;
		if (s->nseen < 1024) {
			CN_GROW(s->seen, s->nseen, s->capseen, 16);
			s->seen[s->nseen++] = (struct seen_value){indicator, (long long)imp->rec};
			return -1;
		}
		switch_to_index(imp, s);
	}
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT rec FROM temp.imp_res WHERE slot = ? AND indicator = ? AND reg", NULL);
	long long first = -1;
	if (st) {
		cn_bind_int(st, 1, rep->slot);
		cn_bind_int(st, 2, indicator);
		if (sqlite3_step(st) == SQLITE_ROW)
			first = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return first;
}

/* Keeps the row: REG, it holds its value's place (a later row for the
 * same value is a repeat of it); ACT, what writing does; BAD, rejected. */
static void stage_row(cn_import *imp, const struct report_slot *rep, long long indicator, long long value,
		      long long old, int act, bool reg)
{
	sqlite3_stmt *st = cn_import_sql(imp, "INSERT INTO temp.imp_res(rec, slot, report, indicator, value, old, act, "
					      "bad, reg) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", NULL);
	if (!st)
		return;
	cn_bind_int(st, 1, (long long)imp->rec);
	cn_bind_int(st, 2, rep->slot);
	cn_bind_int(st, 3, rep->id ? rep->id : rep->new_id);
	cn_bind_int(st, 4, indicator);
	cn_bind_int(st, 5, value);
	cn_bind_int(st, 6, old);
	cn_bind_int(st, 7, act);
	cn_bind_int(st, 8, imp->rec_rejected);
	cn_bind_int(st, 9, reg);
	if (sqlite3_step(st) != SQLITE_DONE)
		cn_import_reject(imp, imp->rec, CN_IMPORT_ROW, "Không ghi được bảng tạm của việc nhập: %s",
				 sqlite3_errmsg(cn_db_sqlite(imp->db)));
	sqlite3_reset(st);
}

static void check_row(cn_import *imp, void *state, const cn_import_row *row)
{
	struct results *s = state;
	char period[8];
	bool have_period = read_period(imp, s, row, period), created;
	long long team = row_team(imp, s, row);
	long long indicator, value, old = -1;
	read_indicator(imp, s, row, &indicator);
	read_value(imp, row, &value);
	struct report_slot *rep = team && have_period ? report_slot(imp, s, team, period, &created) : NULL;
	if (!rep)
		return;
	if (imp->rec_rejected) {
		flag_slot(imp, rep, false, true); /* not submitted */
		return;
	}
	long long first = given_before(imp, s, rep, indicator, created);
	if (first >= 0) {
		cn_import_reject(imp, imp->rec, R_INDICATOR, "Trùng với dòng %ld: cùng tổ, cùng tháng, cùng chỉ tiêu",
				 cn_import_line(imp, (size_t)first));
		flag_slot(imp, rep, false, true);
		return;
	}
	if (rep->id)
		old = cn_result_get(imp->db, rep->id, indicator, 0);
	/* A row refused here still holds its value's place. */
	check_change(imp, rep, indicator, value, old);
	bool change = value >= 0 && value != old;
	int act = !change ? ACT_NONE : old < 0 ? ACT_INSERT : ACT_UPDATE;
	if (imp->rec_rejected) {
		flag_slot(imp, rep, false, true);
	} else {
		flag_slot(imp, rep, change, false);
		*(act == ACT_INSERT ? &imp->res->added : act == ACT_UPDATE ? &imp->res->updated : &imp->res->unchanged) += 1;
	}
	stage_row(imp, rep, indicator, value, old, act, true);
}

static int start(cn_import *imp, void *state, cn_error *err)
{
	struct results *s = state;
	memset(s, 0, sizeof *s);
	/* A report is submitted and reopened by a named person: asked before
	 * the file is read, not after. */
	int rc = imp->opt->submit || imp->opt->reopen ? cn_person_check(imp->opt->by, &s->by, err) : CN_OK;
	if (rc != CN_OK)
		return rc;
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT coalesce(max(id), 0) FROM report", err);
	if (!st)
		return err ? err->code : CN_EDB;
	s->report_base = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	/* lock: 0 not asked, 1 editable, 2 locked (LOCKED says why); new_id:
	 * the id of the report if it is created; changes, bad_row: as in
	 * struct report_slot. imp_res.act: ACT_*; reg: the row holds its
	 * value's place (imp_res_key, when the rows come out of order). */
	return cn_import_exec(imp,
		"CREATE TEMP TABLE imp_report(slot INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, team_id INTEGER NOT NULL, "
		"period TEXT NOT NULL, team_name TEXT, report_id INTEGER NOT NULL, status INTEGER NOT NULL, "
		"lock INTEGER NOT NULL DEFAULT 0, locked TEXT, new_id INTEGER, changes INTEGER NOT NULL DEFAULT 0, "
		"bad_row INTEGER NOT NULL DEFAULT 0);"
		"CREATE TEMP TABLE imp_res(rec INTEGER PRIMARY KEY, slot INTEGER NOT NULL, report INTEGER NOT NULL, "
		"indicator INTEGER NOT NULL, value INTEGER NOT NULL, old INTEGER NOT NULL, act INTEGER NOT NULL, "
		"bad INTEGER NOT NULL, reg INTEGER NOT NULL);", err);
}

static void check_all(cn_import *imp, void *state)
{
	(void)imp;
	(void)state;
}

static int write(cn_import *imp, void *state, cn_error *err)
{
	return results_write(imp, state, err);
}

static void clear(void *state)
{
	struct results *s = state;
	slots_free(s);
	cn_strmap_free(&s->units);
	cn_strmap_free(&s->teams);
	cn_strmap_free(&s->indicators);
	cn_strmap_free(&s->periods);
	cn_strmap_free(&s->row_teams);
	cn_buf_free(&s->key);
	free(s->seen);
	free(s->by);
}

int cn_import_results(cn_db *db, const char *path, const cn_import_options *opt, cn_import_result *res,
		      cn_error *err)
{
	static const struct cn_importer importer = {
		"số liệu", result_layouts, (int)CN_ARRAY_LEN(result_layouts), start, check_row, check_all, write, clear,
	};
	struct results s = {0};
	return cn_import_run(db, path, &importer, &s, opt, res, err);
}
