/* The settings form, built from the core's table of known keys (labels,
 * hints, checks): the office's own unit, its name and place, the signer,
 * the preparer, the reports' due days and the backups kept. The exports
 * read the same settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_screens.h"
#include "cnscd/browse.h"
#include "cnscd/report_queries.h"
#include "cnscd/settings.h"
#include "dialog.h"
#include "formview.h"
#include "ui.h"

#define MAX_UNITS 80
#define MAX_DEPTH 8

/* The units offered for the office: the way down to where the user is,
 * and the units right below it. */
struct unit_choices {
	cn_db *db;
	char *names[MAX_UNITS + 1];
	int n;
};

static void offer(struct unit_choices *c, long long id)
{
	char *text = c->n < MAX_UNITS ? cn_setting_unit_text(c->db, id) : NULL;
	for (int i = 0; text && i < c->n; i++)
		if (strcmp(c->names[i], text) == 0) {
			free(text);
			return;
		}
	if (text)
		c->names[c->n++] = text;
}

static int offer_child(const cn_unit_child *child, void *ctx)
{
	struct unit_choices *c = ctx;
	offer(c, child->id);
	return c->n >= MAX_UNITS;
}

static void gather_units(struct unit_choices *c, long long unit_id, long long office)
{
	if (office)
		offer(c, office);
	long long ids[MAX_DEPTH];
	int n = unit_id ? cn_browse_ancestors(c->db, unit_id, ids, MAX_DEPTH) : 0;
	for (int i = 0; i < n; i++)
		offer(c, ids[i]);
	cn_unit_children(c->db, unit_id, NULL, offer_child, c, NULL);
}

static int check_key(const char *key, const char *value, cn_error *err)
{
	char *out = NULL;
	int rc = cn_setting_check(NULL, key, value, &out, err);
	free(out);
	return rc;
}

static int check_due_days(const char *value, cn_error *err)
{
	return check_key("report_due_days", value, err);
}

static int check_backup_keep(const char *value, cn_error *err)
{
	return check_key("backup_keep", value, err);
}

static int (*number_check(const char *key))(const char *, cn_error *)
{
	return strcmp(key, "report_due_days") == 0 ? check_due_days
	       : strcmp(key, "backup_keep") == 0   ? check_backup_keep
						   : NULL;
}

/* Everything or nothing: a value refused leaves the others as they were. */
static int save(struct form *f, cn_error *err)
{
	cn_db *db = f->ctx;
	int rc = cn_db_begin(db, err);
	for (int i = 0; rc == CN_OK && i < f->n; i++)
		rc = cn_setting_put(db, f->fields[i].key, form_value(f, i), err);
	if (rc == CN_OK)
		return cn_db_commit(db, err);
	cn_db_rollback(db);
	return rc;
}

/* What the form shows first: the stored value; a unit by its name, and
 * for a closed one its successor, offered in its place. */
static char *shown_value(cn_db *db, const cn_setting_def *d)
{
	char *v = cn_setting_get(db, d->key);
	long long unit = d->kind == CN_SETTING_UNIT ? cn_setting_office_unit(db) : 0;
	long long successor = unit ? cn_settings_office_successor(db) : 0;
	if (successor)
		unit = successor;
	if (unit) {
		free(v);
		v = cn_setting_unit_text(db, unit);
	}
	return v;
}

void settings_run(cn_db *db, long long unit_id)
{
	int n;
	const cn_setting_def *defs = cn_setting_defs(&n);
	struct unit_choices units = {.db = db};
	struct form f = {.title = "Thiết lập", .save = save, .ctx = db};
	for (int i = 0; i < n && i < FORM_MAX_FIELDS; i++) {
		const cn_setting_def *d = &defs[i];
		struct form_field field = {d->key, d->label, FORM_TEXT, false, d->kind == CN_SETTING_TEXT ? d->max : 200,
					   NULL, d->help};
		if (d->kind == CN_SETTING_NUMBER) {
			field.max = 7;
			field.check = number_check(d->key);
		} else if (d->kind == CN_SETTING_UNIT) {
			field.kind = FORM_SUGGEST;
			gather_units(&units, unit_id, cn_setting_office_unit(db));
		}
		char *v = shown_value(db, d);
		int at = form_add(&f, field, v);
		free(v);
		if (d->kind == CN_SETTING_UNIT && units.n > 0) /* an empty database has none to offer */
			f.choices[at] = (const char *const *)units.names;
	}
	char *warning = cn_settings_office_warning(db);
	if (warning) {
		char *text = cn_sprintf("%s\n\nÔ «Đơn vị của cơ quan» đã điền sẵn đơn vị kế thừa: nhấn F2 để lưu, hoặc "
					"sửa lại các ô rồi lưu.", warning);
		dialog_alert("Đơn vị của cơ quan đã giải thể", text);
		free(text);
		free(warning);
	}
	if (form_run(&f))
		ui_message(S_INFO, "Đã lưu thiết lập: các báo cáo xuất từ nay dùng các giá trị này.");
	form_free(&f);
	for (int i = 0; i < units.n; i++)
		free(units.names[i]);
}
