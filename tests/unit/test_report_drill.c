/* What report rows stand for (cn_drill), so that the report screen can
 * open the report behind a figure: the summary's child rows carry their
 * units and the level rows their level, the rows that are nothing carry
 * nothing, the results report's unit columns carry their units, and the
 * rosters of a unit's own teams or of one level leave out the others. */
#include <stdlib.h>
#include <string.h>

#include "../tools/field_example.h"
#include "cnscd/os.h"
#include "cnscd/report.h"
#include "cnscd/unit.h"
#include "fixture.h"

/* The name of unit ID (static buffer). */
static const char *unit_name(cn_db *db, long long id)
{
	static char name[128];
	cn_unit u = {0};
	name[0] = '\0';
	if (cn_unit_get(db, id, &u, NULL) == CN_OK)
		snprintf(name, sizeof name, "%s", u.name);
	cn_unit_clear(&u);
	return name;
}

TEST(report_drill_summary_child_rows_carry_their_units)
{
	cn_db *db = fx_open();
	struct field_example fx;
	cn_error err = {0};
	CHECK_INT(field_example_build(db, &fx, &err), CN_OK);
	cn_report *r = cn_report_summary(db, &(cn_report_params){.unit_id = fx.district}, &err);
	CHECK(r != NULL);
	cn_report_row row;
	int rc, children = 0, part = 0, levels = 0;
	while ((rc = cn_report_next(r, &row, &err)) == 1) {
		if (row.kind == CN_ROW_GROUP)
			part++;
		if (row.kind != CN_ROW_DATA) {
			/* Headings and totals stand for nothing. */
			CHECK_INT(row.drill.kind, CN_DRILL_NONE);
			continue;
		}
		if (part == 1) {
			/* "Cấp thôn": the teams of that level. */
			CHECK_INT(row.drill.kind, CN_DRILL_LEVEL_ROSTER);
			CHECK_STR(cn_level_name((int)row.drill.id), row.cells[0].text);
			levels++;
			continue;
		}
		const char *label = row.cells[0].text;
		if (children++ == 0) {
			/* "Riêng Huyện Hoà Bình": the district's own team. */
			CHECK_STR(label, "Riêng Huyện Hoà Bình");
			CHECK_INT(row.drill.kind, CN_DRILL_OWN_ROSTER);
			CHECK(row.drill.id == fx.district);
			continue;
		}
		/* A commune with villages: its own summary, by its id. */
		CHECK_INT(row.drill.kind, CN_DRILL_UNIT);
		CHECK_STR(unit_name(db, row.drill.id), label);
	}
	CHECK_INT(rc, 0);
	CHECK_INT(children, 9);
	CHECK_INT(levels, 3);
	cn_report_free(r);

	/* A commune's villages have no units below: their roster. */
	r = cn_report_summary(db, &(cn_report_params){.unit_id = fx.communes[1]}, &err);
	CHECK(r != NULL);
	int villages = 0;
	while (cn_report_next(r, &row, &err) == 1) {
		if (row.kind == CN_ROW_DATA && row.drill.kind == CN_DRILL_ROSTER) {
			villages++;
			CHECK_STR(unit_name(db, row.drill.id), row.cells[0].text);
		}
	}
	CHECK(villages > 0);
	cn_report_free(r);
	cn_db_close(db);
}

TEST(report_drill_writers_ignore_it_and_own_roster_keeps_the_unit_teams)
{
	cn_db *db = fx_open();
	struct field_example fx;
	cn_error err = {0};
	CHECK_INT(field_example_build(db, &fx, &err), CN_OK);
	/* The district's own teams only: its one team of 7, none of the 535 below. */
	cn_report_params p = {.unit_id = fx.district, .own = true};
	cn_report *r = cn_report_roster(db, &p, &err);
	CHECK(r != NULL);
	CHECK_HAS(r->subtitle, "các tổ đặt ngay tại đơn vị");
	const char *path = t_path("own.csv");
	CHECK_INT(cn_report_write(r, path, &err), CN_OK);
	cn_report_free(r);
	char *text = cn_os_read_file(path, NULL, &err);
	CHECK_HAS(text, "Tổng cộng: 7 người");
	CHECK(strstr(text, "Xã Minh Diệu") == NULL);
	free(text);

	/* The teams of one level: the 68 village teams of the district, 458 members. */
	p = (cn_report_params){.unit_id = fx.district, .level = CN_LEVEL_VILLAGE};
	r = cn_report_roster(db, &p, &err);
	CHECK(r != NULL);
	CHECK_HAS(r->subtitle, "thành viên các tổ cấp thôn");
	path = t_path("villages.csv");
	CHECK_INT(cn_report_write(r, path, &err), CN_OK);
	cn_report_free(r);
	text = cn_os_read_file(path, NULL, &err);
	CHECK_HAS(text, "Tổng cộng: 458 người");
	CHECK(strstr(text, "Tổ CNSCĐ Huyện Hoà Bình") == NULL);
	free(text);

	/* The results report of the district, its 8 communes as rows (more than
	 * a handful): each commune's row opens that commune, in part I and
	 * part II alike. */
	p = (cn_report_params){.unit_id = fx.district, .from = "2026-01", .to = "2026-01"};
	r = cn_report_results(db, &p, &err);
	CHECK(r != NULL);
	CHECK(r->col_drill == NULL);
	cn_row_walk w;
	cn_row_walk_init(&w, r);
	cn_report_row row;
	int units = 0, tables = 1;
	while (cn_row_walk_next(&w, r, &row, &err) == 1) {
		tables += row.kind == CN_ROW_COLUMNS;
		if (row.kind != CN_ROW_DATA || row.drill.kind != CN_DRILL_UNIT)
			continue;
		units++;
		CHECK_STR(unit_name(db, row.drill.id), w.cells[0].text);
	}
	cn_row_walk_free(&w);
	CHECK_INT(units, 8 * tables);
	CHECK_INT(tables, 3);
	cn_report_free(r);
	/* The province has one district: units as columns, the column opens it. */
	p.unit_id = fx.province;
	r = cn_report_results(db, &p, &err);
	CHECK(r != NULL);
	int columns = 0;
	for (int c = 0; r && r->col_drill && c < r->ncols; c++) {
		if (r->col_drill[c].kind == CN_DRILL_UNIT) {
			columns++;
			CHECK_STR(unit_name(db, r->col_drill[c].id), r->cols[c].header);
		}
	}
	CHECK_INT(columns, 1);
	cn_report_free(r);
	cn_db_close(db);
}
