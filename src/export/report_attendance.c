/* "Danh sách người tham dự": the attendance sheet of one training session,
 * as the trainer hands it in: the session's facts under the title, a row
 * per person with an empty column to sign, members grouped by their
 * team's unit, outside participants last and marked, the counts and the
 * signatures under the table. The blank variant is the sign-in sheet
 * printed before a workshop held where there is no PC. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/attendance.h"
#include "cnscd/audit.h"
#include "cnscd/report.h"
#include "cnscd/training.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "report_scope_internal.h"

enum { A_NAME, A_UNIT, A_POSITION, A_PHONE, A_STATUS, A_ARRIVED, A_SIGN, A_NCOLS };

#define GUESTS_UNIT "Khách mời"

static const cn_report_col attendance_cols[A_NCOLS] = {
	[A_NAME] = {"Họ và tên", NULL, CN_COL_TEXT, 24, "Họ và tên người tham dự", false, false, 0, 0},
	[A_UNIT] = {"Đơn vị (thôn/ấp, xã)", NULL, CN_COL_TEXT, 24,
		    "Thành viên: đơn vị nơi đặt tổ của họ và xã của đơn vị đó; người ngoài Tổ CNSCĐ: «" GUESTS_UNIT
		    "» và đơn vị họ khai", false, false, 0, 0},
	[A_POSITION] = {"Chức vụ/đoàn thể", NULL, CN_COL_TEXT, 16, "Chức vụ hoặc đoàn thể", false, false, 0, 0},
	[A_PHONE] = {"Điện thoại", NULL, CN_COL_TEXT, 12, "Số điện thoại", false, false, 0, 0},
	[A_STATUS] = {"Trạng thái", NULL, CN_COL_TEXT, 12,
		      "Có mặt, Vắng, Vắng có phép; «Chưa điểm danh» khi chưa ghi gì; trống ở mẫu ký tên trước buổi học",
		      false, false, 0, 0},
	[A_ARRIVED] = {"Giờ đến", NULL, CN_COL_TEXT, 8, "Giờ điểm danh có mặt", false, false, 0, 0},
	[A_SIGN] = {"Ký tên", NULL, CN_COL_TEXT, 18, "Để trống: người tham dự ký", false, false, 0, 0},
};

struct sheet_src {
	cn_sheet_cursor *cursor;
	bool blank;
	bool pending; /* ROW holds a person whose group heading was just given */
	bool started, done;
	bool last_guest;
	long long last_unit;
	int groups;
	cn_sheet_row row;
	cn_report_cell cells[A_NCOLS];
	char arrived[CN_AUDIT_TIME_LEN];
	char stt[16];
	char *label, *unit;
};

/* I, II, III… for the group headings. */
static void roman(int n, char out[16])
{
	static const struct {
		int value;
		const char *digits;
	} parts[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
		     {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}};
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < CN_ARRAY_LEN(parts) && n > 0 && n < 4000; i++) {
		while (n >= parts[i].value && len + strlen(parts[i].digits) < 16) {
			memcpy(out + len, parts[i].digits, strlen(parts[i].digits) + 1);
			len += strlen(parts[i].digits);
			n -= parts[i].value;
		}
	}
}

/* "Ấp Vĩnh Mẫu, Xã Vĩnh Mỹ A" (the unit alone at commune level and above). */
static char *unit_text(const cn_sheet_row *r)
{
	if (r->guest)
		return *r->unit ? cn_sprintf(GUESTS_UNIT " – %s", r->unit) : cn_strdup(GUESTS_UNIT);
	return *r->commune ? cn_sprintf("%s, %s", r->unit, r->commune) : cn_strdup(r->unit);
}

static const char *status_text(int status)
{
	return status == CN_ATT_INVITED ? "Chưa điểm danh" : cn_attendance_status_name(status);
}

static int give_person(struct sheet_src *s, cn_report_row *row)
{
	const cn_sheet_row *r = &s->row;
	cn_report_cell *c = s->cells;
	memset(c, 0, sizeof s->cells);
	free(s->unit);
	s->unit = unit_text(r);
	c[A_NAME].text = r->name;
	c[A_UNIT].text = s->unit;
	c[A_POSITION].text = r->position;
	c[A_PHONE].text = r->phone;
	s->arrived[0] = '\0';
	if (!s->blank && r->status == CN_ATT_PRESENT && *r->checked_in_at) {
		char when[CN_AUDIT_TIME_LEN];
		cn_audit_time_display(r->checked_in_at, when);
		snprintf(s->arrived, sizeof s->arrived, "%s", strlen(when) >= 16 ? when + 11 : when);
	}
	c[A_STATUS].text = s->blank ? "" : status_text(r->status);
	c[A_ARRIVED].text = s->arrived;
	c[A_SIGN].text = "";
	s->pending = false;
	row->kind = CN_ROW_DATA;
	row->cells = s->cells;
	return 1;
}

/* A heading where the unit changes: "I. Ấp Vĩnh Mẫu, Xã Vĩnh Mỹ A: 5
 * người", the outside participants last. */
static int give_heading(struct sheet_src *s, cn_report_row *row)
{
	const cn_sheet_row *r = &s->row;
	free(s->label);
	char *where = r->guest ? NULL : unit_text(r);
	s->label = r->guest ? cn_sprintf("Khách mời, người ngoài Tổ CNSCĐ: %lld người", r->unit_rows)
			    : cn_sprintf("%s: %lld người", where, r->unit_rows);
	free(where);
	roman(++s->groups, s->stt);
	s->last_unit = r->unit_id;
	s->last_guest = r->guest;
	s->started = true;
	s->pending = true;
	row->kind = CN_ROW_GROUP;
	row->label = s->label;
	row->stt = s->stt;
	return 1;
}

static int sheet_next(void *ctx, cn_report_row *row, cn_error *err)
{
	struct sheet_src *s = ctx;
	if (s->pending)
		return give_person(s, row);
	if (s->done)
		return 0;
	int rc = cn_sheet_next(s->cursor, &s->row, err);
	if (rc <= 0) {
		s->done = true;
		return rc;
	}
	if (!s->started || s->row.guest != s->last_guest || s->row.unit_id != s->last_unit)
		return give_heading(s, row);
	return give_person(s, row);
}

static void sheet_free(void *ctx)
{
	struct sheet_src *s = ctx;
	cn_sheet_close(s->cursor);
	free(s->label);
	free(s->unit);
	free(s);
}

/* "ngày 06/12/2026" or "từ ngày 06/12/2026 đến ngày 07/12/2026". */
static char *dates_text(const cn_training *t)
{
	if (t->end_date && *t->end_date && strcmp(t->end_date, t->start_date) != 0)
		return cn_sprintf("từ ngày %s đến ngày %s", cn_report_date_text(t->start_date),
				  cn_report_date_text(t->end_date));
	return cn_sprintf("ngày %s", cn_report_date_text(t->start_date));
}

static void add_details(cn_report *r, const cn_training *t, const char *unit_name)
{
	char *dates = dates_text(t);
	cn_report_add_detail(r, "Tên lớp: %s", t->title);
	cn_report_add_detail(r, "Thời gian: %s", dates);
	if (t->location && *t->location)
		cn_report_add_detail(r, "Địa điểm: %s", t->location);
	cn_report_add_detail(r, "Đơn vị tổ chức: %s", t->organiser && *t->organiser ? t->organiser : unit_name);
	if (t->trainers && *t->trainers)
		cn_report_add_detail(r, "Giảng viên: %s", t->trainers);
	cn_report_add_detail(r, "Hình thức: %s", cn_training_format_name(t->format ? t->format : CN_FORMAT_IN_PERSON));
	if (t->topics && *t->topics)
		cn_report_add_detail(r, "Chủ đề: %s", t->topics);
	free(dates);
}

static void add_counts(cn_report *r, const cn_attendance_tally *tally, bool blank)
{
	char counts[CN_TALLY_TEXT_LEN];
	cn_attendance_tally_text(tally, blank, counts);
	cn_report_add_closing(r, "%s", counts);
	int pending = tally->invited - tally->present - tally->absent - tally->excused;
	if (!blank && (tally->absent || tally->excused || pending))
		cn_report_add_closing(r, "Trong đó: vắng %d, vắng có phép %d, chưa điểm danh %d", tally->absent,
				      tally->excused, pending);
	if (tally->guests)
		cn_report_add_closing(r, "Khách mời, người ngoài Tổ CNSCĐ trong danh sách: %d", tally->guests);
}

cn_report *cn_report_attendance(cn_db *db, const cn_report_params *p, cn_error *err)
{
	cn_training t = {0};
	cn_attendance_tally tally;
	if (cn_training_get(db, p->training_id, &t, err) != CN_OK ||
	    cn_attendance_tally_get(db, p->training_id, &tally, err) != CN_OK) {
		cn_training_clear(&t);
		return NULL;
	}
	cn_sheet_cursor *cursor = cn_sheet_open(db, p->training_id, err);
	if (!cursor) {
		cn_training_clear(&t);
		return NULL;
	}
	struct sheet_src *s = cn_calloc(1, sizeof *s);
	s->cursor = cursor;
	s->blank = p->blank;
	cn_report *r = cn_report_new("Danh sách người tham dự", p->blank ? "Ký tên" : "Điểm danh", attendance_cols,
				     A_NCOLS);
	r->rows = (cn_report_source){sheet_next, sheet_free, s};
	r->stt_running = true;
	r->row_height = 26; /* room for a signature */
	r->expected_rows = tally.invited;
	char *what = cn_sprintf("lớp «%s»%s", t.title, p->blank ? " (mẫu ký tên trước buổi học)" : "");
	long long unit_id = t.unit_id;
	if (!(r = cn_report_scope(r, db, unit_id, what, err))) {
		cn_training_clear(&t);
		return NULL;
	}
	cn_unit u = {0};
	cn_unit_get(db, unit_id, &u, NULL);
	add_details(r, &t, u.name ? u.name : "");
	cn_unit_clear(&u);
	add_counts(r, &tally, p->blank);
	free(r->heading.preparer_title);
	r->heading.preparer_title = cn_strdup("NGƯỜI LẬP DANH SÁCH");
	free(r->heading.signer_title);
	r->heading.signer_title = cn_strdup("ĐẠI DIỆN ĐƠN VỊ TỔ CHỨC");
	/* The office's chief signs the office's reports, not this one. */
	free(r->heading.signer_name);
	r->heading.signer_name = NULL;
	cn_report_add_note(r, "Thành viên xếp theo đơn vị nơi đặt tổ của họ (theo cây đơn vị), trong mỗi đơn vị tổ "
			      "trưởng, tổ phó trước, rồi theo tên; khách mời và người ngoài Tổ CNSCĐ ở cuối.");
	cn_report_add_note(r, "%s: tính cả người chưa điểm danh, vắng và khách mời; %s: số người dự kiến ghi ở lớp.",
			   CN_WORD_INVITED, CN_WORD_PLANNED);
	if (p->blank)
		cn_report_add_note(r, "Mẫu ký tên in trước buổi học: chưa có trạng thái và giờ đến.");
	cn_training_clear(&t);
	return r;
}
