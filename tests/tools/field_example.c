#include "field_example.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/member.h"
#include "cnscd/stats.h"
#include "cnscd/team.h"
#include "cnscd/unit.h"

static const struct {
	const char *code, *name, *type, *village_type;
	int team_members;
} communes[8] = {
	{"31891", "Thị trấn Hòa Bình", "Thị trấn", "Khóm", 10},
	{"31915", "Xã Minh Diệu", "Xã", "Ấp", 10},
	{"31918", "Xã Vĩnh Bình", "Xã", "Ấp", 10},
	{"31924", "Xã Vĩnh Mỹ B", "Xã", "Ấp", 10},
	{"31927", "Xã Vĩnh Hậu", "Xã", "Ấp", 10},
	{"31930", "Xã Vĩnh Hậu A", "Xã", "Ấp", 9},
	{"31933", "Xã Vĩnh Mỹ A", "Xã", "Ấp", 9},
	{"31936", "Xã Vĩnh Thịnh", "Xã", "Ấp", 9},
};

static const char *const family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"};
static const char *const given[] = {"Văn An", "Thị Bình", "Minh Châu", "Thị Diệu", "Quốc Đạt",
				    "Thị Hoa", "Hữu Lộc", "Ngọc Mai", "Thanh Phong", "Thị Yến"};

/* A unit with an official code already there (the official list was
 * imported first) is used as it is. */
static long long add_unit(cn_db *db, const char *code, const char *name, const char *type, long long parent,
			  cn_error *err)
{
	long long known = code && *code ? cn_unit_id_by_code(db, code) : 0;
	if (known)
		return known;
	cn_unit u = {.code = (char *)code, .name = (char *)name, .type = (char *)type, .parent_id = parent};
	return cn_unit_add(db, &u, err) == CN_OK ? u.id : 0;
}

static long long add_team(cn_db *db, long long unit_id, const char *name, cn_error *err)
{
	cn_team t = {.unit_id = unit_id, .name = (char *)name};
	return cn_team_add(db, &t, err) == CN_OK ? t.id : 0;
}

/* N members: a leader, a deputy, then plain members. Every third is a
 * woman; ages run from 20 to 59 so that some are under 35. */
static int add_members(cn_db *db, long long team_id, int n, struct field_example *fx, cn_error *err)
{
	static int serial;
	int young_after = cn_stats_young_after();
	for (int i = 0; i < n; i++, serial++) {
		char *name = cn_sprintf("%s %s", family[serial % 8], given[serial % 10]);
		cn_member m = {
			.team_id = team_id,
			.full_name = name,
			.gender = serial % 3 == 0 ? 2 : 1,
			.birth_year = young_after + CN_YOUNG_AGE - 20 - serial % 40,
			.role = i == 0 ? 1 : i == 1 ? 2 : 3,
		};
		int rc = cn_member_add(db, &m, err);
		if (rc == CN_OK) {
			fx->leaders += m.role == 1;
			fx->deputies += m.role == 2;
			fx->women += m.gender == 2;
			fx->young += m.birth_year > young_after;
		}
		cn_member_clear(&m);
		if (rc != CN_OK)
			return rc;
	}
	return CN_OK;
}

int field_example_build(cn_db *db, struct field_example *fx, cn_error *err)
{
	memset(fx, 0, sizeof *fx);
	int rc = cn_db_begin(db, err);
	if (rc != CN_OK)
		return rc;
	long long team;
	if (!(fx->province = add_unit(db, "95", "Tỉnh Bạc Liêu", "Tỉnh", 0, err)) ||
	    !(fx->district = add_unit(db, "961", "Huyện Hoà Bình", "Huyện", fx->province, err)) ||
	    !(team = add_team(db, fx->district, NULL, err)) || (rc = add_members(db, team, 7, fx, err)) != CN_OK)
		goto fail;
	int village_no = 0;
	for (int c = 0; c < 8; c++) {
		long long commune = add_unit(db, communes[c].code, communes[c].name, communes[c].type, fx->district, err);
		if (!commune || !(team = add_team(db, commune, NULL, err)) ||
		    add_members(db, team, communes[c].team_members, fx, err) != CN_OK)
			goto fail;
		fx->communes[c] = commune;
		int villages = c < 4 ? 9 : 8; /* 36 + 32 = 68 */
		for (int v = 1; v <= villages; v++, village_no++) {
			char name[32];
			snprintf(name, sizeof name, "%d", v);
			long long village = add_unit(db, "", name, communes[c].village_type, commune, err);
			int size = village_no < 50 ? 7 : 6; /* 50 × 7 + 18 × 6 = 458 */
			if (!village || !(team = add_team(db, village, NULL, err)) ||
			    add_members(db, team, size, fx, err) != CN_OK)
				goto fail;
		}
	}
	return cn_db_commit(db, err);
fail:
	cn_db_rollback(db);
	return err && err->code ? err->code : CN_EDB;
}

int field_example_add_hostile(cn_db *db, const struct field_example *fx, cn_error *err)
{
	static const char *const names[] = {"=1+1", "@SUM(A1)", "-2+3", "+4"};
	struct field_example counts = {0};
	for (size_t i = 0; i < 4; i++) {
		/* A made-up type equal to the name keeps the name as it is. */
		long long unit = add_unit(db, NULL, names[i], names[i], fx->district, err);
		long long team = unit ? add_team(db, unit, names[(i + 1) % 4], err) : 0;
		if (!team || add_members(db, team, 1, &counts, err) != CN_OK)
			return err && err->code ? err->code : CN_EDB;
	}
	return CN_OK;
}
