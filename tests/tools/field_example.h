/* The field example used by the statistics and report tests: Tỉnh Bạc Liêu
 * (95) > Huyện Hoà Bình (961) with its 8 real communes and 68 made-up
 * villages; 1 district team of 7 members, 8 commune teams with 77 members,
 * 68 village teams (one per village) with 458 members: 77 teams, 542
 * members. Built through the core API, as a user would; units whose code
 * is already in the database (an imported official list) are used as they
 * are. */
#ifndef CNSCD_FIELD_EXAMPLE_H
#define CNSCD_FIELD_EXAMPLE_H

#include "cnscd/db.h"

struct field_example {
	long long province, district;
	long long communes[8];
	/* What was added, for the tests to compare with. */
	long long leaders, deputies, women, young;
};

int field_example_build(cn_db *db, struct field_example *fx, cn_error *err);

/* Adds, under the district, units and a team whose names look like
 * spreadsheet formulas ("=1+1", "@SUM(A1)", "-2+3", "+4"), one member each. */
int field_example_add_hostile(cn_db *db, const struct field_example *fx, cn_error *err);

#endif
