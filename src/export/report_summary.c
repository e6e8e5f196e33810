/* The summary report "Tổng hợp Tổ CNSCĐ": part I by level, part II by
 * child unit, each with its total. Rows come from the stats module: the
 * levels from one small GROUP BY result, the children streamed from its
 * cursor. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/report.h"
#include "cnscd/stats.h"
#include "cnscd/team.h"
#include "cnscd/text.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "report_scope_internal.h"

enum { COL_NAME, COL_UNITS, COL_WITH_TEAM, COL_COVERAGE, COL_TEAMS, COL_MEMBERS, COL_LEADERS, COL_DEPUTIES,
       COL_WOMEN, COL_YOUNG, NCOLS };

#define IN_WHICH "Trong đó"

static const cn_report_col summary_cols[NCOLS] = {
	[COL_NAME] = {"Cấp / Đơn vị", NULL, CN_COL_TEXT, 30,
		      "Phần I: cấp hành chính. Phần II: đơn vị trực thuộc, tính cả các đơn vị cấp dưới của nó.",
		      false, false, 0, 0, false, 0, 0},
	[COL_UNITS] = {"Số đơn vị", NULL, CN_COL_INTEGER, 9,
		       "Số đơn vị hành chính đang hoạt động (chưa hết hiệu lực)", true, false, 0, 0, false, 0, 0},
	[COL_WITH_TEAM] = {"Số đơn vị có tổ", NULL, CN_COL_INTEGER, 9,
			   "Số đơn vị có ít nhất một Tổ CNSCĐ chưa giải thể", true, false, 0, 0, false, 0, 0},
	[COL_COVERAGE] = {"Tỷ lệ có tổ", NULL, CN_COL_PERCENT, 9, "Tỷ lệ đơn vị có tổ: cột (4) chia cột (3)", false,
			  true, COL_WITH_TEAM, COL_UNITS, false, 0, 0},
	[COL_TEAMS] = {"Số tổ", NULL, CN_COL_INTEGER, 8, "Số Tổ CNSCĐ chưa giải thể", true, false, 0, 0, false, 0, 0},
	[COL_MEMBERS] = {"Số thành viên", NULL, CN_COL_INTEGER, 10, "Số thành viên đang tham gia (chưa rời tổ)",
			 true, false, 0, 0, false, 0, 0},
	[COL_LEADERS] = {"Tổ trưởng", IN_WHICH, CN_COL_INTEGER, 8, "Trong số thành viên: số tổ trưởng", true,
			 false, 0, 0, false, 0, 0},
	[COL_DEPUTIES] = {"Tổ phó", IN_WHICH, CN_COL_INTEGER, 8, "Trong số thành viên: số tổ phó", true, false, 0,
			  0, false, 0, 0},
	[COL_WOMEN] = {"Nữ", IN_WHICH, CN_COL_INTEGER, 8, "Trong số thành viên: số nữ", true, false, 0, 0, false, 0, 0},
	[COL_YOUNG] = {"Dưới 35 tuổi", IN_WHICH, CN_COL_INTEGER, 8,
		       "Trong số thành viên: số người dưới 35 tuổi (theo năm sinh)", true, false, 0, 0, false, 0, 0},
};

enum phase { LEVEL_HEAD, LEVEL_ROWS, LEVEL_TOTAL, CHILD_HEAD, CHILD_ROWS, CHILD_TOTAL, DONE };

struct summary_src {
	cn_db *db;
	long long unit_id;
	cn_stats stats;
	int phase;
	int level; /* next level to look at */
	cn_stats_cursor *cursor;
	cn_report_cell cells[NCOLS];
	char *label;
};

static void fill_cells(struct summary_src *s, const char *label, const cn_counts *c)
{
	free(s->label);
	s->label = cn_strdup(label);
	memset(s->cells, 0, sizeof s->cells);
	s->cells[COL_NAME].text = s->label;
	s->cells[COL_UNITS].num = c->units;
	s->cells[COL_WITH_TEAM].num = c->units_with_team;
	s->cells[COL_COVERAGE].ratio = cn_counts_coverage(c);
	s->cells[COL_TEAMS].num = c->teams;
	s->cells[COL_MEMBERS].num = c->members;
	s->cells[COL_LEADERS].num = c->leaders;
	s->cells[COL_DEPUTIES].num = c->deputies;
	s->cells[COL_WOMEN].num = c->women;
	s->cells[COL_YOUNG].num = c->young;
}

static int next_level_row(struct summary_src *s, cn_report_row *row)
{
	while (s->level <= CN_STATS_LEVELS && s->stats.level[s->level].units == 0)
		s->level++;
	if (s->level > CN_STATS_LEVELS)
		return 0;
	fill_cells(s, cn_level_name(s->level), &s->stats.level[s->level]);
	row->kind = CN_ROW_DATA;
	row->cells = s->cells;
	/* Behind a level's figure: the teams of that level and their members. */
	if (s->level <= CN_LEVEL_MAX)
		row->drill = (cn_drill){CN_DRILL_LEVEL_ROSTER, s->level};
	s->level++;
	return 1;
}

static int next_child_row(struct summary_src *s, cn_report_row *row, cn_error *err)
{
	cn_stats_child child;
	int rc = cn_stats_children_next(s->cursor, &child, err);
	if (rc != 1)
		return rc;
	/* Teams of an abolished district sit at their province until moved:
	 * its own row says so rather than pass them off as province teams. */
	long long district_teams = child.is_self ? cn_former_district_teams(s->db, child.unit_id) : 0;
	char *label = district_teams ? cn_sprintf("Riêng %s (gồm %lld tổ cấp huyện cũ)", child.name, district_teams)
		      : child.is_self ? cn_sprintf("Riêng %s", child.name) : cn_strdup(child.name);
	fill_cells(s, label, &child.counts);
	free(label);
	row->kind = CN_ROW_DATA;
	row->cells = s->cells;
	/* Behind the figure: the summary of a unit with units below it, else
	 * (a village, the unit's own teams) the teams and their members. */
	row->drill.id = child.unit_id;
	row->drill.kind = child.is_self ? CN_DRILL_OWN_ROSTER : child.counts.units > 1 ? CN_DRILL_UNIT : CN_DRILL_ROSTER;
	return 1;
}

static int summary_next(void *ctx, cn_report_row *row, cn_error *err)
{
	struct summary_src *s = ctx;
	for (;;) {
		switch (s->phase) {
		case LEVEL_HEAD:
			s->phase = LEVEL_ROWS;
			row->kind = CN_ROW_GROUP;
			row->stt = "I";
			row->label = "Theo cấp hành chính";
			return 1;
		case LEVEL_ROWS:
			if (next_level_row(s, row))
				return 1;
			s->phase = LEVEL_TOTAL;
			continue;
		case LEVEL_TOTAL:
		case CHILD_TOTAL:
			s->phase = s->phase == LEVEL_TOTAL ? CHILD_HEAD : DONE;
			row->kind = CN_ROW_TOTAL;
			row->label = "Tổng cộng";
			return 1;
		case CHILD_HEAD:
			s->cursor = cn_stats_children_open(s->db, s->unit_id, err);
			if (!s->cursor)
				return err && err->code ? err->code : CN_EDB;
			s->phase = CHILD_ROWS;
			row->kind = CN_ROW_GROUP;
			row->stt = "II";
			row->label = s->unit_id ? "Theo đơn vị trực thuộc" : "Theo tỉnh, thành phố";
			return 1;
		case CHILD_ROWS: {
			int rc = next_child_row(s, row, err);
			if (rc != 0)
				return rc;
			s->phase = CHILD_TOTAL;
			continue;
		}
		default:
			return 0;
		}
	}
}

static void summary_free(void *ctx)
{
	struct summary_src *s = ctx;
	cn_stats_children_close(s->cursor);
	free(s->label);
	free(s);
}

cn_report *cn_report_summary(cn_db *db, const cn_report_params *p, cn_error *err)
{
	long long unit_id = p->unit_id;
	struct summary_src *s = cn_calloc(1, sizeof *s);
	s->db = db;
	s->unit_id = unit_id;
	s->level = 1;
	if (cn_stats_by_level(db, unit_id, &s->stats, err) != CN_OK) {
		free(s);
		return NULL;
	}
	cn_report *r = cn_report_new("Báo cáo tổng hợp Tổ công nghệ số cộng đồng", "Tổng hợp Tổ CNSCĐ", summary_cols,
				     NCOLS);
	r->rows = (cn_report_source){summary_next, summary_free, s};
	char today[CN_DATE_LEN];
	cn_date_today(today);
	r = cn_report_scope(r, db, unit_id, cn_sprintf("số liệu tính đến ngày %s", cn_report_date_text(today)), err);
	if (!r)
		return NULL;
	cn_report_scope_number(r, db);
	cn_report_add_note(r, "Chỉ tính các đơn vị đang hoạt động (chưa hết hiệu lực), các tổ chưa giải thể và "
			      "các thành viên chưa rời tổ.");
	cn_report_add_note(r, "Dưới 35 tuổi: năm sinh từ %d trở về sau; thành viên chưa ghi năm sinh không được "
			      "tính.", cn_stats_young_after() + 1);
	cn_report_add_note(r, "Phần II: mỗi đơn vị trực thuộc được tính cả các đơn vị cấp dưới của nó; dòng "
			      "«Riêng …» là các tổ đặt ngay tại đơn vị báo cáo. Tổng cộng của hai phần bằng nhau.");
	char *people = cn_stats_people_sentence(db, unit_id, s->stats.total.members);
	if (people)
		cn_report_add_note(r, "%s.", people);
	free(people);
	if (cn_former_district_teams(db, unit_id))
		cn_report_add_note(r, "«Tổ cấp huyện cũ»: tổ của huyện đã giải thể (sắp xếp 01/07/2025), tạm đặt ở tỉnh và "
				      "tính ở Cấp tỉnh cho đến khi chuyển về một xã hoặc ghi giải thể.");
	return r;
}
