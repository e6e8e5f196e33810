/* Test data for the interface, built through the core API only:
 *   seed small DB   a province > district > two communes > villages, some
 *                   with teams and members, one commune without any team;
 *   seed workshop DB
 *                   the same, and a district team, a commune next door with
 *                   its team, two more members in the village's team;
 *   seed big DB [COMMUNES [MEMBERS]]
 *                   a district with COMMUNES communes (default 10,000) and
 *                   one team of MEMBERS members (default 50,000), inserted
 *                   in one transaction, for scrolling tests;
 *   seed checkin DB [PEOPLE]
 *                   a commune with one team of PEOPLE members (default
 *                   500) all invited to one session, for check-in tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/attendance.h"
#include "cnscd/db.h"
#include "cnscd/member.h"
#include "cnscd/team.h"
#include "cnscd/training.h"
#include "cnscd/unit.h"
#include "cnscd/store.h"

static cn_db *db;

static void die(const char *what, const cn_error *err)
{
	fprintf(stderr, "seed: %s: %s\n", what, err->msg);
	exit(1);
}

static long long unit(const char *code, const char *name, const char *type, long long parent)
{
	cn_error err = {0};
	cn_unit u = {.code = (char *)code, .name = (char *)name, .type = (char *)type, .parent_id = parent};
	if (cn_unit_add(db, &u, &err) != CN_OK)
		die(name, &err);
	return u.id;
}

static long long team(long long unit_id, const char *name, const char *established)
{
	cn_error err = {0};
	cn_team t = {.unit_id = unit_id, .name = (char *)name, .established = (char *)established};
	if (cn_team_add(db, &t, &err) != CN_OK)
		die("team", &err);
	return t.id;
}

static void member(long long team_id, const char *name, int role, const char *phone, const char *position,
		   const char *joined)
{
	cn_error err = {0};
	cn_member m = {.team_id = team_id, .full_name = strdup(name), .role = role,
		       .phone = phone ? strdup(phone) : NULL, .position = position ? strdup(position) : NULL,
		       .joined = joined ? strdup(joined) : NULL};
	if (cn_member_add(db, &m, &err) != CN_OK)
		die(name, &err);
	cn_member_clear(&m);
}

/* What seed_small made that seed_workshop adds to. */
static long long small_district, small_village_team;

static void seed_small(void)
{
	long long p = unit("95", "Tỉnh Bạc Liêu", "Tỉnh", 0);
	long long d = unit("960", "Huyện Hòa Bình", "Huyện", p);
	long long c = unit("31873", "Xã Vĩnh Mỹ A", "Xã", d);
	small_district = d;
	unit("31876", "Xã Vĩnh Hậu", "Xã", d);
	long long a1 = unit("", "Ấp Vĩnh Mẫu", "Ấp", c);
	long long a2 = unit("", "Ấp Thị Trấn A", "Ấp", c);
	unit("", "Ấp Năm Căn", "Ấp", c);
	long long t1 = team(a1, "", "15/03/2024");
	small_village_team = t1;
	member(t1, "Nguyễn Văn An", 1, "0912345678", "Trưởng thôn/ấp/khu phố", "15/03/2024");
	member(t1, "Trần Thị Bình", 2, "0987654321", "Đoàn Thanh niên", "15/03/2024");
	member(t1, "Lê Văn Cường", 3, NULL, "Công an", "01/04/2024");
	member(t1, "Phạm Thị Dung", 3, "0911222333", NULL, NULL);
	long long t2 = team(a2, "", NULL);
	member(t2, "Đặng Văn Đức", 1, NULL, NULL, NULL);
	member(t2, "Hồ Thị Én", 3, NULL, "Hội Phụ nữ", NULL);
}

/* The small tree and what a trainer of Xã Vĩnh Mỹ A meets at the door:
 * two more of the village's members (mistaken for each other), the
 * district's team above the commune, and a commune next door whose
 * member comes uninvited. */
static void seed_workshop(void)
{
	seed_small();
	member(small_village_team, "Nguyễn Thị Nhung", 3, "0905111222", NULL, NULL);
	member(small_village_team, "Lê Thanh Nam", 3, "0905333444", NULL, NULL);
	long long dt = team(small_district, "", "01/01/2024");
	member(dt, "Võ Văn Huyện", 1, "0919000111", "Phòng Văn hóa - Thông tin", NULL);
	long long b = unit("31879", "Xã Vĩnh Mỹ B", "Xã", small_district);
	long long xg = unit("", "Ấp Xẻo Gừa", "Ấp", b);
	long long bt = team(xg, "", "01/06/2024");
	member(bt, "Trương Thị Mai Hương", 1, "0916777888", "Hội Phụ nữ", NULL);
	member(bt, "Lý Văn Tài", 3, NULL, NULL, NULL);
}

static void seed_big(int communes, int members)
{
	long long p = unit("99", "Tỉnh Thử Nghiệm", "Tỉnh", 0);
	long long d = unit("999", "Huyện Đông Dân", "Huyện", p);
	long long big = 0;
	char code[16], name[64];
	for (int i = 1; i <= communes; i++) {
		snprintf(code, sizeof code, "9%05d", i);
		snprintf(name, sizeof name, "Xã Số %05d", i);
		long long id = unit(code, name, "Xã", d);
		if (i == 1)
			big = id;
	}
	if (!big)
		big = unit("900000", "Xã Đông Dân", "Xã", d);
	long long t = team(big, "", "01/01/2024");
	static const char *const family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"};
	static const char *const given[] = {"An", "Bình", "Cường", "Dung", "Đức", "Giang", "Hà", "Khánh", "Linh", "Minh"};
	for (int i = 0; i < members; i++) {
		snprintf(name, sizeof name, "%s Văn %s %d", family[i % 8], given[(i / 8) % 10], i + 1);
		char phone[16];
		snprintf(phone, sizeof phone, "09%08d", i);
		member(t, name, i == 0 ? 1 : 3, phone, NULL, NULL);
	}
}

static void seed_checkin(int people)
{
	long long p = unit("95", "Tỉnh Bạc Liêu", "Tỉnh", 0);
	long long c = unit("31933", "Xã Vĩnh Mỹ A", "Xã", p);
	long long t = team(c, "", "01/01/2024");
	static const char *const family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"};
	static const char *const given[] = {"An", "Bình", "Cường", "Dung", "Đức", "Giang", "Hà", "Khánh", "Linh", "Minh"};
	char name[64], phone[16];
	for (int i = 0; i < people; i++) {
		snprintf(name, sizeof name, "%s Thị %s %d", family[i % 8], given[(i / 8) % 10], i + 1);
		snprintf(phone, sizeof phone, "09%08d", 10000 + i);
		member(t, name, i == 0 ? 1 : 3, phone, NULL, NULL);
	}
	cn_error err = {0};
	cn_training s = {.unit_id = c, .title = "Lớp đông người", .start_date = "20/11/2026", .planned = people};
	if (cn_training_add(db, &s, &err) != CN_OK || cn_attendance_invite_team(db, s.id, t, NULL, &err) != CN_OK)
		die("session", &err);
}

int main(int argc, char **argv)
{
	if (argc < 3 || (strcmp(argv[1], "small") != 0 && strcmp(argv[1], "big") != 0 &&
			 strcmp(argv[1], "checkin") != 0 && strcmp(argv[1], "workshop") != 0)) {
		fprintf(stderr, "usage: seed small|workshop|big DB [COMMUNES [MEMBERS]] | seed checkin DB [PEOPLE]\n");
		return 2;
	}
	cn_error err = {0};
	db = cn_store_open(argv[2], CN_DB_CREATE, &err);
	if (!db)
		die(argv[2], &err);
	if (cn_db_begin(db, &err) != CN_OK)
		die("begin", &err);
	if (strcmp(argv[1], "small") == 0)
		seed_small();
	else if (strcmp(argv[1], "workshop") == 0)
		seed_workshop();
	else if (strcmp(argv[1], "checkin") == 0)
		seed_checkin(argc > 3 ? atoi(argv[3]) : 500);
	else
		seed_big(argc > 3 ? atoi(argv[3]) : 10000, argc > 4 ? atoi(argv[4]) : 50000);
	if (cn_db_commit(db, &err) != CN_OK)
		die("commit", &err);
	cn_db_close(db);
	return 0;
}
