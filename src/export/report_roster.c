/* The member lists: "Danh sách thành viên" (a heading row per team, leader
 * and deputy first) and "Danh sách thành viên chưa tham gia tập huấn" (one
 * row per member, to call them). Both stream from the roster cursor, so a
 * national list of 600,000 members is written row by row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/report.h"
#include "cnscd/report_queries.h"
#include "cnscd/browse.h"
#include "cnscd/stats.h"
#include "cnscd/validate.h"
#include "report_scope_internal.h"

/* The hierarchy as four columns: names, never ids. */
#define HIERARCHY_COLUMNS \
	{"Tỉnh", NULL, CN_COL_TEXT, 14, "Tỉnh, thành phố trực thuộc trung ương", false, false, 0, 0, false, 0, 0}, \
	{"Huyện", NULL, CN_COL_TEXT, 14, \
	 "Huyện, quận, thị xã, thành phố thuộc tỉnh; để trống khi địa bàn không còn cấp huyện (từ 01/07/2025)", \
	 false, false, 0, 0, false, 0, 0}, \
	{"Xã", NULL, CN_COL_TEXT, 14, "Xã, phường, thị trấn (đặc khu)", false, false, 0, 0, false, 0, 0}, \
	{"Thôn/Ấp", NULL, CN_COL_TEXT, 12, \
	 "Thôn, ấp, bản, tổ dân phố, khu phố; để trống với tổ đặt tại cấp xã trở lên", false, false, 0, 0, false, 0, 0}

enum { R_PROVINCE, R_DISTRICT, R_COMMUNE, R_VILLAGE, R_NAME, R_GENDER, R_BORN, R_ROLE, R_POSITION, R_PHONE,
       R_ID_NUMBER, R_JOINED, R_LEFT, R_NCOLS };

static const cn_report_col roster_cols[R_NCOLS] = {
	HIERARCHY_COLUMNS,
	[R_NAME] = {"Họ và tên", NULL, CN_COL_TEXT, 22, "Họ và tên thành viên", false, false, 0, 0, false, 0, 0},
	[R_GENDER] = {"Giới tính", NULL, CN_COL_TEXT, 6, "Nam hoặc Nữ; trống khi chưa ghi", false, false, 0, 0, false, 0, 0},
	[R_BORN] = {"Năm sinh", NULL, CN_COL_TEXT, 6, "Năm sinh; trống khi chưa ghi", false, false, 0, 0, false, 0, 0},
	[R_ROLE] = {"Vai trò", NULL, CN_COL_TEXT, 11, "Tổ trưởng, Tổ phó hoặc Thành viên", false, false, 0, 0, false, 0, 0},
	[R_POSITION] = {"Chức vụ/đoàn thể", NULL, CN_COL_TEXT, 18,
			"Chức vụ hoặc đoàn thể của thành viên ở địa phương", false, false, 0, 0, false, 0, 0},
	[R_PHONE] = {"Điện thoại", NULL, CN_COL_TEXT, 12, "Số điện thoại (dạng 0…)", false, false, 0, 0, false, 0, 0},
	[R_ID_NUMBER] = {"Số CCCD", NULL, CN_COL_TEXT, 14, "Số căn cước công dân (12 chữ số)", false, false, 0, 0, false, 0, 0},
	[R_JOINED] = {"Ngày vào tổ", NULL, CN_COL_DATE, 11, "Ngày tham gia tổ", false, false, 0, 0, false, 0, 0},
	[R_LEFT] = {"Ngày rời tổ", NULL, CN_COL_DATE, 11, "Ngày rời tổ; trống khi còn tham gia", false, false, 0, 0, false, 0, 0},
};

enum { U_PROVINCE, U_DISTRICT, U_COMMUNE, U_VILLAGE, U_TEAM, U_NAME, U_ROLE, U_PHONE, U_NCOLS };

static const cn_report_col untrained_cols[U_NCOLS] = {
	HIERARCHY_COLUMNS,
	[U_TEAM] = {"Tổ", NULL, CN_COL_TEXT, 20, "Tổ CNSCĐ của thành viên", false, false, 0, 0, false, 0, 0},
	[U_NAME] = {"Họ và tên", NULL, CN_COL_TEXT, 22, "Họ và tên thành viên", false, false, 0, 0, false, 0, 0},
	[U_ROLE] = {"Vai trò", NULL, CN_COL_TEXT, 11, "Tổ trưởng, Tổ phó hoặc Thành viên", false, false, 0, 0, false, 0, 0},
	[U_PHONE] = {"Điện thoại", NULL, CN_COL_TEXT, 12, "Số điện thoại để liên hệ mời tập huấn", false, false, 0,
		     0, false, 0, 0},
};

struct roster_src {
	cn_roster_cursor *cursor;
	long long own_unit; /* only the teams of this unit (0: the whole subtree) */
	int level;          /* only the teams of units at this level (0: all) */
	bool untrained;
	bool pending;      /* ROW holds a member whose team heading was just given */
	bool done;
	cn_roster_row row;
	long long count;   /* members given so far */
	cn_report_cell cells[R_NCOLS];
	char born[16];
	char *label;
};

/* "Tổ CNSCĐ Ấp 1 — Xã Vĩnh Mỹ A: 7 người": the team, its unit when the
 * name does not say it, the unit above, and how many rows follow. */
static char *team_heading(const cn_roster_row *m)
{
	cn_buf b = {0};
	cn_buf_adds(&b, m->team_name);
	if (!strstr(m->team_name, m->unit_name))
		cn_buf_printf(&b, " — %s", m->unit_name);
	if (*m->parent_name)
		cn_buf_printf(&b, " — %s", m->parent_name);
	if (*m->team_dissolved)
		cn_buf_printf(&b, " (đã giải thể ngày %s)", cn_report_date_text(m->team_dissolved));
	char n[CN_NUM_TEXT_LEN];
	cn_count_text(m->team_rows, n);
	cn_buf_printf(&b, ": %s người", n);
	return cn_buf_steal(&b);
}

static void fill_hierarchy(cn_report_cell *cells, const cn_roster_row *m)
{
	for (int l = 1; l <= CN_LEVEL_MAX; l++)
		cells[l - 1].text = m->level_name[l];
}

static void fill_roster_cells(struct roster_src *s)
{
	const cn_roster_row *m = &s->row;
	cn_report_cell *c = s->cells;
	memset(c, 0, sizeof s->cells);
	fill_hierarchy(c, m);
	c[R_NAME].text = m->full_name;
	c[R_GENDER].text = cn_gender_name(m->gender);
	s->born[0] = '\0';
	if (m->birth_year > 0)
		snprintf(s->born, sizeof s->born, "%d", m->birth_year);
	c[R_BORN].text = s->born;
	c[R_ROLE].text = cn_role_name(m->role);
	c[R_POSITION].text = m->position;
	c[R_PHONE].text = m->phone;
	c[R_ID_NUMBER].text = m->id_number;
	c[R_JOINED].text = m->joined;
	c[R_LEFT].text = m->left_on;
}

static void fill_untrained_cells(struct roster_src *s)
{
	const cn_roster_row *m = &s->row;
	cn_report_cell *c = s->cells;
	memset(c, 0, sizeof s->cells);
	fill_hierarchy(c, m);
	c[U_TEAM].text = m->team_name;
	c[U_NAME].text = m->full_name;
	c[U_ROLE].text = cn_role_name(m->role);
	c[U_PHONE].text = m->phone;
}

static int give_member(struct roster_src *s, cn_report_row *row)
{
	s->pending = false;
	s->count++;
	if (s->untrained)
		fill_untrained_cells(s);
	else
		fill_roster_cells(s);
	row->kind = CN_ROW_DATA;
	row->cells = s->cells;
	return 1;
}

/* The level of the member's unit: the deepest level named (a unit deeper
 * than a village is named after " › " in the village's column). */
static int unit_level(const cn_roster_row *m)
{
	for (int l = CN_LEVEL_MAX; l >= 1; l--)
		if (*m->level_name[l])
			return l == CN_LEVEL_MAX && strstr(m->level_name[l], " › ") ? l + 1 : l;
	return 0;
}

static bool left_out(const struct roster_src *s)
{
	return (s->own_unit && s->row.unit_id != s->own_unit) || (s->level && unit_level(&s->row) != s->level);
}

static int roster_next(void *ctx, cn_report_row *row, cn_error *err)
{
	struct roster_src *s = ctx;
	if (s->pending)
		return give_member(s, row);
	if (s->done)
		return 0;
	int rc;
	while ((rc = cn_roster_next(s->cursor, &s->row, err)) == 1 && left_out(s))
		; /* a team below the unit, or of another level */
	if (rc < 0)
		return rc;
	free(s->label);
	s->label = NULL;
	if (rc == 0) {
		s->done = true;
		char n[CN_NUM_TEXT_LEN];
		cn_count_text(s->count, n);
		s->label = cn_sprintf("Tổng cộng: %s người", n);
		row->kind = CN_ROW_TOTAL;
		row->label = s->label;
		return 1;
	}
	if (s->untrained || !s->row.team_first)
		return give_member(s, row);
	s->pending = true;
	s->label = team_heading(&s->row);
	row->kind = CN_ROW_GROUP;
	row->label = s->label;
	return 1;
}

static void roster_free(void *ctx)
{
	struct roster_src *s = ctx;
	cn_roster_close(s->cursor);
	free(s->label);
	free(s);
}

static cn_report *member_list(cn_db *db, const cn_report_params *p, bool untrained, cn_error *err)
{
	int kind = untrained ? CN_ROSTER_UNTRAINED : p->all ? CN_ROSTER_ALL : CN_ROSTER_ACTIVE;
	cn_roster_cursor *cursor = cn_roster_open(db, p->unit_id, kind, err);
	if (!cursor)
		return NULL;
	struct roster_src *s = cn_calloc(1, sizeof *s);
	s->cursor = cursor;
	s->untrained = untrained;
	s->own_unit = p->own ? p->unit_id : 0;
	s->level = p->level;
	cn_report *r;
	if (untrained)
		r = cn_report_new("Danh sách thành viên Tổ CNSCĐ chưa tham gia tập huấn", "Chưa tập huấn",
				  untrained_cols, U_NCOLS);
	else
		r = cn_report_new("Danh sách thành viên Tổ công nghệ số cộng đồng", "Danh sách thành viên", roster_cols,
				  p->all ? R_NCOLS : R_NCOLS - 1);
	r->rows = (cn_report_source){roster_next, roster_free, s};
	/* The active roster is a heading per team and a line per member: the
	 * tallies give that count at once, for a progress bar. */
	cn_unit_stats st;
	if (!untrained && !p->all && !p->own && !p->level && cn_browse_unit_stats(db, p->unit_id, &st, NULL) == CN_OK)
		r->expected_rows = st.teams + st.members + 1; /* and the total row */
	char today[CN_DATE_LEN];
	cn_date_today(today);
	char *level = p->level ? cn_sprintf("thành viên các tổ cấp %s", cn_level_noun(p->level)) : NULL;
	char *what = cn_sprintf("%s, tính đến ngày %s",
				untrained ? "thành viên chưa có mặt ở lớp tập huấn nào"
				: p->own  ? "thành viên các tổ đặt ngay tại đơn vị (không gồm đơn vị cấp dưới)"
				: level   ? level
				: p->all  ? "mọi thành viên, kể cả người đã rời tổ"
					  : "thành viên đang tham gia",
				cn_report_date_text(today));
	free(level);
	if (!(r = cn_report_scope(r, db, p->unit_id, what, err)))
		return NULL;
	if (untrained) {
		cn_report_add_note(r, "Thành viên đang tham gia (chưa rời tổ, tổ chưa giải thể) chưa được ghi «có mặt» ở "
				      "bất kỳ lớp tập huấn nào, kể cả các lớp do đơn vị khác tổ chức.");
		cn_report_add_note(r, "Xếp theo địa bàn, theo tổ; tổ trưởng, tổ phó trước.");
	} else {
		cn_report_add_note(r, p->all ? "Gồm cả thành viên đã rời tổ (có ngày rời tổ), các tổ đã giải thể và các "
					       "đơn vị đã hết hiệu lực."
					     : "Chỉ gồm thành viên chưa rời tổ, thuộc các tổ chưa giải thể ở các đơn vị "
					       "đang hoạt động.");
		cn_report_add_note(r, "Mỗi tổ có một dòng tiêu đề ghi tên tổ, đơn vị cấp trên và số người; trong tổ, tổ "
				      "trưởng và tổ phó đứng trước, sau đó là các thành viên theo tên. STT đánh lại từ 1 "
				      "trong mỗi tổ.");
	}
	return r;
}

cn_report *cn_report_roster(cn_db *db, const cn_report_params *p, cn_error *err)
{
	return member_list(db, p, false, err);
}

cn_report *cn_report_untrained(cn_db *db, const cn_report_params *p, cn_error *err)
{
	return member_list(db, p, true, err);
}
