#include "lists.h"

#include <stdio.h>

#include "cnscd/stats.h"
#include "cnscd/text.h"
#include "cnscd/validate.h"
#include "ui.h"

/* Column 0 of every list is a one-character mark that works without
 * colour: '!' a unit without any team, '×' closed / dissolved / left. */
static const struct table_col unit_cols[] = {
	{"", 1, ALIGN_LEFT, -1},
	{"Đơn vị", 0, ALIGN_LEFT, CN_ORDER_NAME},
	{"Mã", 8, ALIGN_LEFT, CN_ORDER_CODE},
	{"Số tổ", 5, ALIGN_RIGHT, -1},
	{"Thành viên", 10, ALIGN_RIGHT, -1},
	{"Cấp dưới có tổ", 18, ALIGN_LEFT, -1},
};

static const struct table_col team_cols[] = {
	{"", 1, ALIGN_LEFT, -1},
	{"Tên tổ", 0, ALIGN_LEFT, CN_ORDER_NAME},
	{"Tổ trưởng", 22, ALIGN_LEFT, -1},
	{"Thành viên", 10, ALIGN_RIGHT, -1},
	{"Thành lập", 10, ALIGN_LEFT, CN_ORDER_ESTABLISHED},
};

static const struct table_col member_cols[] = {
	{"", 1, ALIGN_LEFT, -1},
	{"Họ và tên", 0, ALIGN_LEFT, CN_ORDER_NAME},
	{"Vai trò", 10, ALIGN_LEFT, CN_ORDER_ROLE},
	{"Chức vụ/đoàn thể", 16, ALIGN_LEFT, CN_ORDER_POSITION},
	{"Điện thoại", 11, ALIGN_LEFT, CN_ORDER_PHONE},
	{"Ngày vào tổ", 11, ALIGN_LEFT, CN_ORDER_JOINED},
};

static long long count(void *ctx)
{
	struct list_view *v = ctx;
	return cn_browse_count(v->list);
}

static void fetch(void *ctx, long long first, int n)
{
	struct list_view *v = ctx;
	cn_error err = {0};
	if (cn_browse_fetch(v->list, first, n, &err) != CN_OK)
		ui_message(S_ERROR, "%s", err.msg);
}

static int order(void *ctx, bool *descending)
{
	struct list_view *v = ctx;
	return cn_browse_order(v->list, descending);
}

/* The style of a row: the cursor wins, then closed rows, then warnings. */
static attr_t row_attr(bool selected, bool inactive, bool warn)
{
	if (selected)
		return ui_attr(S_SELECTED);
	if (inactive)
		return ui_attr(S_INACTIVE);
	return warn ? ui_attr(S_WARN) : A_NORMAL;
}

static void draw_unit(struct table *t, int y, const cn_browse_row *r, bool selected)
{
	const cn_unit_stats *s = &r->stats;
	bool warn = s->teams == 0 && !r->inactive;
	attr_t a = row_attr(selected, r->inactive, warn);
	table_fill(t, y, a);
	table_cell(t, y, 0, r->inactive ? "×" : warn ? "!" : " ", a | (warn ? A_BOLD : 0));
	char buf[160];
	/* A closed unit says what it became. */
	snprintf(buf, sizeof buf, "%s%s%s%s", r->name, s->children > 0 ? " ›" : "", r->note ? "  " : "",
		 r->note ? r->note : "");
	table_cell(t, y, 1, buf, a);
	table_cell(t, y, 2, r->code, a);
	char n1[CN_NUM_TEXT_LEN], n2[CN_NUM_TEXT_LEN];
	cn_count_text(s->teams, n1);
	table_cell(t, y, 3, n1, a);
	cn_count_text(s->members, n1);
	table_cell(t, y, 4, n1, a);
	if (r->inactive) {
		snprintf(buf, sizeof buf, "đã đóng");
	} else if (s->children > 0) {
		cn_count_text(s->covered, n1);
		cn_count_text(s->children, n2);
		snprintf(buf, sizeof buf, "%s/%s %s có tổ", n1, n2, s->child_noun);
	}
	else {
		snprintf(buf, sizeof buf, "%s", s->teams ? "" : "chưa có tổ");
	}
	table_cell(t, y, 5, buf, a | (warn && !selected ? A_BOLD : 0));
}

static void draw_team(struct table *t, int y, const cn_browse_row *r, bool selected)
{
	attr_t a = row_attr(selected, r->inactive, false);
	table_fill(t, y, a);
	table_cell(t, y, 0, r->inactive ? "×" : " ", a);
	char buf[200], date[CN_DATE_LEN];
	if (r->inactive) {
		cn_date_display(r->dissolved, date);
		snprintf(buf, sizeof buf, "%s (giải thể %s)", r->name, date);
		table_cell(t, y, 1, buf, a);
	} else if (r->note) {
		snprintf(buf, sizeof buf, "%s — %s", r->name, r->note);
		table_cell(t, y, 1, buf, a | (selected ? 0 : ui_attr(S_WARN)));
	} else {
		table_cell(t, y, 1, r->name, a);
	}
	table_cell(t, y, 2, r->leader ? r->leader : "(chưa có)", a);
	snprintf(buf, sizeof buf, "%lld", r->stats.members);
	table_cell(t, y, 3, buf, a);
	cn_date_display(r->established, date);
	table_cell(t, y, 4, date, a);
}

static void draw_member(struct table *t, int y, const cn_browse_row *r, bool selected)
{
	attr_t a = row_attr(selected, r->inactive, false);
	table_fill(t, y, a);
	table_cell(t, y, 0, r->inactive ? "×" : " ", a);
	char buf[160], date[CN_DATE_LEN];
	if (r->inactive) {
		cn_date_display(r->left_on, date);
		snprintf(buf, sizeof buf, "%s (rời tổ %s)", r->name, date);
		table_cell(t, y, 1, buf, a);
	} else {
		table_cell(t, y, 1, r->name, a | (r->role == 1 ? A_BOLD : 0));
	}
	table_cell(t, y, 2, cn_role_name(r->role), a);
	table_cell(t, y, 3, r->position ? r->position : "", a);
	table_cell(t, y, 4, r->phone ? r->phone : "", a);
	cn_date_display(r->joined, date);
	table_cell(t, y, 5, date, a);
}

static void draw_row(void *ctx, struct table *t, int y, long long index, bool selected)
{
	struct list_view *v = ctx;
	const cn_browse_row *r = cn_browse_get(v->list, index);
	if (!r) { /* not read (a database error): leave the line blank */
		table_fill(t, y, selected ? ui_attr(S_SELECTED) : A_NORMAL);
		return;
	}
	switch (cn_browse_kind(v->list)) {
	case CN_BROWSE_UNITS: draw_unit(t, y, r, selected); break;
	case CN_BROWSE_TEAMS: draw_team(t, y, r, selected); break;
	default: draw_member(t, y, r, selected); break;
	}
}

static const struct table_source source = {count, fetch, draw_row, order};

void list_view_init(struct list_view *v, struct table *t, cn_browse *list)
{
	v->list = list;
	t->src = &source;
	t->ctx = v;
	t->header = true;
	switch (cn_browse_kind(list)) {
	case CN_BROWSE_UNITS:
		t->cols = unit_cols;
		t->ncols = (int)CN_ARRAY_LEN(unit_cols);
		break;
	case CN_BROWSE_TEAMS:
		t->cols = team_cols;
		t->ncols = (int)CN_ARRAY_LEN(team_cols);
		break;
	default:
		t->cols = member_cols;
		t->ncols = (int)CN_ARRAY_LEN(member_cols);
		break;
	}
}
