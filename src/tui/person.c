#include "person.h"

#include <stdlib.h>

#include "cnscd/people.h"
#include "cnscd/settings.h"
#include "formview.h"

struct ask {
	cn_db *db;
	int act;
	char *name;
};

static int check_name(const char *value, cn_error *err)
{
	char *name = NULL;
	int rc = cn_person_check(value, &name, err);
	free(name);
	return rc;
}

/* Checks the name and keeps it for the office. */
static int save(struct form *f, cn_error *err)
{
	struct ask *a = f->ctx;
	char *name = NULL;
	int rc = cn_person_check(form_value(f, 0), &name, err);
	if (rc == CN_OK)
		rc = cn_setting_put(a->db, a->act == CN_ACT_APPROVE ? "signer_name" : "preparer_name", name, err);
	if (rc == CN_OK)
		a->name = name;
	else
		free(name);
	return rc;
}

char *tui_person(cn_db *db, int act)
{
	char *name = cn_person_default(db, act);
	if (name)
		return name;
	struct ask a = {.db = db, .act = act};
	bool approve = act == CN_ACT_APPROVE;
	struct form f = {.title = approve ? "Họ tên người duyệt" : "Họ tên người lập báo cáo", .save = save, .ctx = &a};
	form_add(&f, (struct form_field){"by", "Họ và tên", FORM_TEXT, true, 100, check_name,
					 approve ? "ghi vào việc duyệt và ký báo cáo; nhớ cho lần sau (cài đặt, phím o)"
						 : "ghi vào báo cáo đã gửi; nhớ cho lần sau (cài đặt, phím o)"},
		 "");
	form_run(&f);
	form_free(&f);
	return a.name;
}
