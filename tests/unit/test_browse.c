/* The browse cursors: counting, keyset paging in every direction, orders,
 * inactive rows, positions of ids, and the figures shown per unit. */
#include <stdlib.h>

#include "cnscd/browse.h"
#include "fixture.h"

/* A team of N members named "Thành viên 000".."N-1" in shuffled order,
 * with a phone on every third one. */
static long long big_team(cn_db *db, int n)
{
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	cn_error err = {0};
	CHECK_INT(cn_db_begin(db, &err), CN_OK);
	for (int i = 0; i < n; i++) {
		int k = (i * 37) % n; /* n is not a multiple of 37 */
		char name[32], phone[16];
		snprintf(name, sizeof name, "Thành viên %03d", k);
		snprintf(phone, sizeof phone, "0912%06d", n - k);
		cn_member m = {.team_id = team, .full_name = cn_strdup(name), .role = k == 5 ? 1 : 3,
			       .phone = k % 3 == 0 ? cn_strdup(phone) : NULL};
		CHECK_INT(cn_member_add(db, &m, &err), CN_OK);
		cn_member_clear(&m);
	}
	CHECK_INT(cn_db_commit(db, &err), CN_OK);
	return team;
}

static const char *name_at(cn_browse *b, long long i)
{
	cn_error err = {0};
	CHECK_INT(cn_browse_fetch(b, i, 1, &err), CN_OK);
	const cn_browse_row *r = cn_browse_get(b, i);
	return r ? r->name : "(none)";
}

TEST(browse_pages_forward_backward_and_jumps)
{
	cn_db *db = fx_open();
	long long team = big_team(db, 200);
	cn_error err = {0};
	cn_browse *b = cn_browse_open(db, CN_BROWSE_MEMBERS, team, &err);
	CHECK(b);
	CHECK_INT(cn_browse_count(b), 200);
	CHECK_INT(cn_browse_set_order(b, CN_ORDER_NAME, false, &err), CN_OK);
	/* Down a line at a time through the whole list, as the arrow key does. */
	for (int i = 0; i < 200; i++) {
		CHECK_INT(cn_browse_fetch(b, i, 10, &err), CN_OK);
		char want[32];
		snprintf(want, sizeof want, "Thành viên %03d", i);
		CHECK_STR(cn_browse_get(b, i)->name, want);
	}
	/* Up again, a page at a time, after a jump to the end. */
	for (int first = 190; first >= 0; first -= 10) {
		CHECK_INT(cn_browse_fetch(b, first, 10, &err), CN_OK);
		for (int i = first; i < first + 10; i++) {
			char want[32];
			snprintf(want, sizeof want, "Thành viên %03d", i);
			CHECK_STR(cn_browse_get(b, i)->name, want);
		}
	}
	CHECK_STR(name_at(b, 123), "Thành viên 123");
	CHECK_STR(name_at(b, 7), "Thành viên 007");
	CHECK_STR(name_at(b, 199), "Thành viên 199");
	CHECK(cn_browse_get(b, 0) == NULL); /* far from the window: not held */
	CHECK_INT(cn_browse_fetch(b, 195, 10, &err), CN_OK); /* past the end: clipped */
	CHECK(cn_browse_get(b, 200) == NULL);
	cn_browse_free(b);
	cn_db_close(db);
}

TEST(browse_orders_descending_and_empty_last)
{
	cn_db *db = fx_open();
	long long team = big_team(db, 40);
	cn_error err = {0};
	cn_browse *b = cn_browse_open(db, CN_BROWSE_MEMBERS, team, &err);
	/* Default: the leader first, then by name. */
	CHECK_STR(name_at(b, 0), "Thành viên 005");
	CHECK_STR(name_at(b, 1), "Thành viên 000");
	CHECK_INT(cn_browse_set_order(b, CN_ORDER_NAME, true, &err), CN_OK);
	CHECK_STR(name_at(b, 0), "Thành viên 039");
	CHECK_STR(name_at(b, 39), "Thành viên 000");
	/* By phone: phones ascending (higher k, lower number), then those without. */
	CHECK_INT(cn_browse_set_order(b, CN_ORDER_PHONE, false, &err), CN_OK);
	CHECK_STR(name_at(b, 0), "Thành viên 039");
	CHECK_STR(name_at(b, 13), "Thành viên 000");
	const cn_browse_row *r = cn_browse_get(b, 13);
	CHECK_STR(r->phone, "0912000040");
	CHECK(name_at(b, 14) && cn_browse_get(b, 14)->phone == NULL);
	CHECK(cn_browse_set_order(b, CN_ORDER_CODE, false, &err) == CN_EINVAL);
	cn_browse_free(b);
	cn_db_close(db);
}

TEST(browse_hides_inactive_and_finds_positions)
{
	cn_db *db = fx_open();
	long long team = big_team(db, 30);
	cn_error err = {0};
	cn_browse *b = cn_browse_open(db, CN_BROWSE_MEMBERS, team, &err);
	CHECK_INT(cn_browse_set_order(b, CN_ORDER_NAME, false, &err), CN_OK);
	CHECK_INT(cn_browse_fetch(b, 10, 1, &err), CN_OK);
	long long id = cn_browse_get(b, 10)->id;
	CHECK_INT(cn_browse_index_of(b, id, &err), 10);
	CHECK_INT(cn_member_leave(db, id, "01/01/2025", &err), CN_OK);
	CHECK_INT(cn_browse_refresh(b, &err), CN_OK);
	CHECK_INT(cn_browse_count(b), 29);
	CHECK_INT(cn_browse_index_of(b, id, &err), -1);
	CHECK_STR(name_at(b, 10), "Thành viên 011");
	CHECK_INT(cn_browse_show_inactive(b, true, &err), CN_OK);
	CHECK_INT(cn_browse_count(b), 30);
	CHECK_INT(cn_browse_index_of(b, id, &err), 10);
	const cn_browse_row *r = (cn_browse_fetch(b, 10, 1, &err), cn_browse_get(b, 10));
	CHECK(r->inactive);
	CHECK_STR(r->left_on, "2025-01-01");
	cn_browse_free(b);
	cn_db_close(db);
}

TEST(browse_units_with_figures_and_ancestors)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long a1 = fx_unit(db, "", "Ấp 1", "Ấp", t.commune);
	long long a2 = fx_unit(db, "", "Ấp 2", "Ấp", t.commune);
	fx_unit(db, "", "Ấp 3", "Ấp", t.commune);
	long long team = fx_team(db, a1);
	fx_member(db, team, "Nguyễn Văn An", 1);
	fx_member(db, team, "Trần Thị Bình", 3);
	fx_team(db, a2);
	cn_error err = {0};
	cn_browse *b = cn_browse_open(db, CN_BROWSE_UNITS, 0, &err);
	CHECK_INT(cn_browse_count(b), 1);
	CHECK_INT(cn_browse_fetch(b, 0, 20, &err), CN_OK);
	const cn_browse_row *r = cn_browse_get(b, 0);
	CHECK_STR(r->name, "Tỉnh Bạc Liêu");
	CHECK_INT(r->stats.teams, 2);
	CHECK_INT(r->stats.members, 2);
	CHECK_INT(r->stats.children, 1);
	CHECK_INT(r->stats.covered, 1);
	cn_browse_free(b);

	b = cn_browse_open(db, CN_BROWSE_UNITS, t.district, &err);
	CHECK_INT(cn_browse_fetch(b, 0, 20, &err), CN_OK);
	r = cn_browse_get(b, 0);
	CHECK_INT(r->stats.children, 3);
	CHECK_INT(r->stats.covered, 2);
	CHECK_STR(r->stats.child_noun, "ấp");
	cn_browse_free(b);

	/* Closed units are hidden until asked for. */
	CHECK_INT(cn_unit_close(db, a2, "01/07/2025", &err), CN_OK);
	b = cn_browse_open(db, CN_BROWSE_UNITS, t.commune, &err);
	CHECK_INT(cn_browse_count(b), 2);
	CHECK_INT(cn_browse_show_inactive(b, true, &err), CN_OK);
	CHECK_INT(cn_browse_count(b), 3);
	CHECK_INT(cn_browse_set_order(b, CN_ORDER_NAME, true, &err), CN_OK);
	CHECK_STR(name_at(b, 0), "Ấp 3");
	CHECK(cn_browse_get(b, 0) && !cn_browse_get(b, 0)->inactive);
	CHECK(name_at(b, 1) && cn_browse_get(b, 1)->inactive);
	cn_browse_free(b);

	cn_unit_stats s;
	CHECK_INT(cn_browse_unit_stats(db, t.commune, &s, &err), CN_OK);
	CHECK_INT(s.children, 2);
	CHECK_INT(s.covered, 1);
	CHECK_INT(cn_browse_unit_stats(db, 0, &s, &err), CN_OK);
	CHECK_INT(s.teams, 2);

	long long ids[8];
	CHECK_INT(cn_browse_ancestors(db, a1, ids, 8), 4);
	CHECK_INT(ids[0], t.province);
	CHECK_INT(ids[3], a1);
	CHECK_INT(cn_browse_ancestors(db, 9999, ids, 8), 0);

	long long active, all;
	CHECK_INT(cn_browse_team_members(db, team, &active, &all), CN_OK);
	CHECK_INT(active, 2);
	CHECK_INT(all, 2);
	cn_db_close(db);
}

TEST(browse_teams_show_leader_and_members)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	fx_member(db, team, "Nguyễn Văn An", 1);
	fx_member(db, team, "Trần Thị Bình", 3);
	cn_error err = {0};
	cn_browse *b = cn_browse_open(db, CN_BROWSE_TEAMS, t.commune, &err);
	CHECK_INT(cn_browse_count(b), 1);
	CHECK_INT(cn_browse_fetch(b, 0, 5, &err), CN_OK);
	const cn_browse_row *r = cn_browse_get(b, 0);
	CHECK_STR(r->name, "Tổ CNSCĐ Xã Vĩnh Mỹ A");
	CHECK_STR(r->leader, "Nguyễn Văn An");
	CHECK_INT(r->stats.members, 2);
	cn_browse_free(b);
	cn_db_close(db);
}

/* The position of row INDEX of B (name order, descending when DESC)
 * looked for within WITHIN rows of either end. */
static long long near_of(cn_browse *b, long long index, bool desc, long long within)
{
	cn_error err = {0};
	CHECK_INT(cn_browse_set_order(b, CN_ORDER_NAME, desc, &err), CN_OK);
	CHECK_INT(cn_browse_fetch(b, index, 1, &err), CN_OK);
	long long id = cn_browse_get(b, index)->id;
	CHECK_INT(cn_browse_fetch(b, 0, 5, &err), CN_OK);
	return cn_browse_index_near(b, id, within, &err);
}

TEST(browse_finds_a_position_near_either_end_only_when_bounded)
{
	cn_db *db = fx_open();
	long long team = big_team(db, 100);
	cn_error err = {0};
	cn_browse *b = cn_browse_open(db, CN_BROWSE_MEMBERS, team, &err);
	CHECK_INT(near_of(b, 9, false, 10), 9);
	CHECK_INT(near_of(b, 10, false, 10), -1);
	CHECK_INT(near_of(b, 50, false, 10), -1);
	CHECK_INT(near_of(b, 90, false, 10), 90); /* 9 rows after it */
	CHECK_INT(near_of(b, 89, false, 10), -1);
	CHECK_INT(near_of(b, 95, true, 10), 95);
	CHECK_INT(near_of(b, 4, true, 10), 4);
	/* In an order of expressions only near the start: reading from the
	 * end would read the whole index. */
	CHECK_INT(cn_browse_set_order(b, CN_ORDER_PHONE, false, &err), CN_OK);
	CHECK_INT(cn_browse_fetch(b, 0, 100, &err), CN_OK);
	long long first = cn_browse_get(b, 5)->id, last = cn_browse_get(b, 95)->id;
	CHECK_INT(cn_browse_index_near(b, first, 10, &err), 5);
	CHECK_INT(cn_browse_index_near(b, last, 10, &err), -1);
	CHECK_INT(cn_browse_index_near(b, last, 0, &err), 95);
	/* Unbounded, or a list within twice the bound: always found. */
	CHECK_INT(near_of(b, 50, false, 0), 50);
	CHECK_INT(near_of(b, 50, false, 50), 50);
	/* Found, the row is the window: its neighbours are read by key. */
	CHECK_INT(near_of(b, 93, false, 10), 93);
	CHECK(cn_browse_get(b, 93) != NULL);
	CHECK_INT(cn_browse_fetch(b, 92, 3, &err), CN_OK);
	CHECK(cn_browse_get(b, 92) && cn_browse_get(b, 94));
	cn_browse_free(b);
	cn_db_close(db);
}

TEST(browse_reads_around_a_found_row_by_key)
{
	cn_db *db = fx_open();
	long long team = big_team(db, 300);
	cn_error err = {0};
	cn_browse *b = cn_browse_open(db, CN_BROWSE_MEMBERS, team, &err);
	CHECK_INT(cn_browse_set_order(b, CN_ORDER_NAME, false, &err), CN_OK);
	CHECK_INT(cn_browse_fetch(b, 150, 1, &err), CN_OK);
	long long id = cn_browse_get(b, 150)->id;
	CHECK_INT(cn_browse_fetch(b, 0, 10, &err), CN_OK);
	CHECK_INT(cn_browse_index_of(b, id, &err), 150);
	/* The window around it, on both sides, as a jump shows it. */
	CHECK_INT(cn_browse_fetch(b, 140, 20, &err), CN_OK);
	for (int i = 140; i < 160; i++) {
		char want[32];
		snprintf(want, sizeof want, "Thành viên %03d", i);
		CHECK(cn_browse_get(b, i) != NULL);
		CHECK_STR(cn_browse_get(b, i)->name, want);
	}
	cn_browse_free(b);
	cn_db_close(db);
}
