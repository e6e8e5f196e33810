/* A member's training history: the sessions whose list they were on. */
#include <stdio.h>
#include <stdlib.h>

#include "cnscd/attendance.h"
#include "cnscd/member.h"
#include "cnscd/training.h"
#include "cnscd/util.h"
#include "cnscd/validate.h"
#include "dialog.h"
#include "trainings.h"
#include "ui.h"

#define MAX_SHOWN 12

struct history {
	cn_buf text;
	int n, present;
};

static int add_session(const cn_training_row *row, int status, void *ctx)
{
	struct history *h = ctx;
	if (status == CN_ATT_PRESENT)
		h->present++;
	if (h->n++ >= MAX_SHOWN)
		return 0; /* counted, not shown */
	char date[CN_DATE_LEN];
	cn_date_display(row->start_date, date);
	cn_buf_printf(&h->text, "%s  %s — %s\n", date, row->title ? row->title : "", cn_attendance_status_name(status));
	return 0;
}

void member_history(cn_db *db, long long member_id)
{
	cn_member m = {0};
	cn_error err = {0};
	if (cn_member_get(db, member_id, &m, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return;
	}
	struct history h = {0};
	if (cn_member_trainings(db, member_id, add_session, &h, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
	} else {
		if (h.n == 0)
			cn_buf_printf(&h.text, "Chưa có trong danh sách lớp tập huấn nào.");
		else if (h.n > MAX_SHOWN)
			cn_buf_printf(&h.text, "… và %d lớp cũ hơn.\n", h.n - MAX_SHOWN);
		if (h.n)
			cn_buf_printf(&h.text, "\nCó mặt %d/%d lớp.", h.present, h.n);
		char *title = cn_sprintf("Lịch sử tập huấn của %s", m.full_name);
		dialog_alert(title, cn_buf_str(&h.text));
		free(title);
	}
	cn_buf_free(&h.text);
	cn_member_clear(&m);
}
