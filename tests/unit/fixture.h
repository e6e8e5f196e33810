/* Building blocks for tests that need a database with a few units. */
#ifndef CNSCD_TEST_FIXTURE_H
#define CNSCD_TEST_FIXTURE_H

#include "cnscd/db.h"
#include "cnscd/member.h"
#include "cnscd/results.h"
#include "cnscd/team.h"
#include "cnscd/unit.h"
#include "cnscd/store.h"
#include "t.h"

/* The test's database test.db, migrated (a copy of the run's template,
 * fixture.c); a second call reopens it. */
cn_db *fx_open(void);

static inline long long fx_unit(cn_db *db, const char *code, const char *name, const char *type,
				long long parent)
{
	cn_error err = {0};
	cn_unit u = {.code = (char *)code, .name = (char *)name, .type = (char *)type, .parent_id = parent};
	if (cn_unit_add(db, &u, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "unit %s: %s", name, err.msg);
	return u.id;
}

static inline long long fx_team(cn_db *db, long long unit_id)
{
	cn_error err = {0};
	cn_team t = {.unit_id = unit_id};
	if (cn_team_add(db, &t, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "team: %s", err.msg);
	return t.id;
}

static inline long long fx_member(cn_db *db, long long team_id, const char *name, int role)
{
	cn_error err = {0};
	cn_member m = {.team_id = team_id, .full_name = cn_strdup(name), .role = role};
	if (cn_member_add(db, &m, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "member %s: %s", name, err.msg);
	long long id = m.id;
	cn_member_clear(&m);
	return id;
}

/* TEAM's report for PERIOD with the VNeID and digital-shop figures,
 * submitted when SUBMIT. Returns the report's id. */
static inline long long fx_report(cn_db *db, long long team, const char *period, long long vneid,
				  long long shops, bool submit)
{
	cn_error err = {0};
	long long id = 0;
	if (cn_month_report_open(db, team, period, true, &id, NULL, &err) != CN_OK ||
	    cn_result_set(db, id, cn_indicator_id_by_code(db, "VNEID_MUC2"), 0, vneid, &err) != CN_OK ||
	    cn_result_set(db, id, cn_indicator_id_by_code(db, "CUA_HANG_SO"), 0, shops, &err) != CN_OK ||
	    (submit && cn_month_report_submit(db, id, "Cán bộ xã", &err) != CN_OK))
		t_fail(__FILE__, __LINE__, "report %s: %s", period, err.msg);
	return id;
}

/* Tỉnh Bạc Liêu > Huyện Hòa Bình > Xã Vĩnh Mỹ A (real codes). */
struct fx_tree {
	long long province, district, commune;
};

static inline struct fx_tree fx_bac_lieu(cn_db *db)
{
	struct fx_tree t;
	t.province = fx_unit(db, "95", "Tỉnh Bạc Liêu", "Tỉnh", 0);
	t.district = fx_unit(db, "961", "Huyện Hoà Bình", "Huyện", t.province);
	t.commune = fx_unit(db, "31933", "Xã Vĩnh Mỹ A", "Xã", t.district);
	return t;
}

#endif
