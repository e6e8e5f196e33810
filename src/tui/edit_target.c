/* The target form: which indicator, which period (a year, a month, or a
 * range of months, typed), and the value. Changing the indicator or the
 * period of a target moves it: the old one goes in the same transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_screens.h"
#include "cnscd/catalogue.h"
#include "formview.h"
#include "ui.h"

enum { F_INDICATOR, F_PERIOD, F_VALUE };

#define MAX_INDICATORS 200

struct choices {
	long long ids[MAX_INDICATORS];
	char *names[MAX_INDICATORS + 1];
	int n;
	long long keep; /* an inactive indicator is offered when the target has it */
};

static int keep_indicator(const cn_indicator *ind, void *ctx)
{
	struct choices *c = ctx;
	if (c->n >= MAX_INDICATORS)
		return 1;
	if (ind->active || ind->id == c->keep) {
		c->ids[c->n] = ind->id;
		c->names[c->n++] = cn_strdup(ind->name);
	}
	return 0;
}

struct target_edit {
	cn_db *db;
	long long unit_id;
	struct target_key *k;
	struct choices *choices;
};

static int check_period(const char *value, cn_error *err)
{
	char from[8], to[8];
	return cn_parse_target_period(value, from, to, err);
}

static int check_value(const char *value, cn_error *err)
{
	long long v;
	return cn_parse_target_value(value, &v, err);
}

static long long indicator_of(const struct choices *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->names[i], name) == 0)
			return c->ids[i];
	return 0;
}

static int save(struct form *f, cn_error *err)
{
	struct target_edit *e = f->ctx;
	struct target_key now = {.id = e->k->id};
	int rc;
	if (!(now.indicator_id = indicator_of(e->choices, form_value(f, F_INDICATOR))))
		return cn_fail_field(err, "indicator", CN_EINVAL, "Chọn một chỉ tiêu trong danh sách (Enter)");
	if ((rc = cn_parse_target_period(form_value(f, F_PERIOD), now.from, now.to, err)) != CN_OK ||
	    (rc = cn_parse_target_value(form_value(f, F_VALUE), &now.value, err)) != CN_OK ||
	    (rc = cn_db_begin(e->db, err)) != CN_OK)
		return rc;
	const struct target_key *was = e->k;
	bool moved = was->id && (was->indicator_id != now.indicator_id || strcmp(was->from, now.from) != 0 ||
				 strcmp(was->to, now.to) != 0);
	if (moved)
		rc = cn_target_delete(e->db, was->id, err);
	if (rc == CN_OK)
		rc = cn_target_set(e->db, e->unit_id, now.indicator_id, now.from, now.to, now.value, err);
	if (rc == CN_OK && (rc = cn_db_commit(e->db, err)) == CN_OK) {
		*e->k = now;
		return CN_OK;
	}
	cn_db_rollback(e->db);
	return rc;
}

bool edit_target(cn_db *db, long long unit_id, struct target_key *k)
{
	struct choices *c = cn_calloc(1, sizeof *c);
	c->keep = k->indicator_id;
	cn_error err = {0};
	if (cn_indicator_list(db, true, keep_indicator, c, &err) != CN_OK || c->n == 0) {
		ui_message(S_ERROR, "%s", c->n ? err.msg : "Danh mục chưa có chỉ tiêu đang dùng.");
		free(c);
		return false;
	}
	const char *start = c->names[0];
	for (int i = 0; i < c->n; i++)
		if (c->ids[i] == k->indicator_id)
			start = c->names[i];
	char period[40] = "", value[24] = "";
	if (k->id) {
		cn_target_period_text(k->from, k->to, period);
		if (strncmp(period, "Năm ", strlen("Năm ")) == 0)
			memmove(period, period + strlen("Năm "), strlen(period + strlen("Năm ")) + 1);
		else
			snprintf(period, sizeof period, "%.2s/%.4s - %.2s/%.4s", k->from + 5, k->from, k->to + 5, k->to);
		snprintf(value, sizeof value, "%lld", k->value);
	}
	struct target_edit e = {db, unit_id, k, c};
	struct form f = {.title = k->id ? "Sửa chỉ tiêu giao" : "Đặt chỉ tiêu giao", .save = save, .ctx = &e,
			 .start = k->id ? F_VALUE : k->indicator_id ? F_PERIOD : F_INDICATOR};
	int ind = form_add(&f, (struct form_field){"indicator", "Chỉ tiêu", FORM_CHOICE, true, 200, NULL, NULL}, start);
	f.choices[ind] = (const char *const *)c->names;
	form_add(&f, (struct form_field){"period", "Kỳ", FORM_TEXT, true, 40, check_period,
		 "Một năm (2026), một tháng (06/2026) hoặc từ tháng đến tháng (01/2026 - 06/2026)"}, period);
	form_add(&f, (struct form_field){"value", "Chỉ tiêu giao", FORM_TEXT, true, 14, check_value,
		 "Số nguyên, ví dụ 2400 hoặc 2.400"}, value);
	bool saved = form_run(&f);
	form_free(&f);
	for (int i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c);
	if (saved)
		ui_message(S_INFO, "Đã lưu chỉ tiêu giao.");
	return saved;
}
