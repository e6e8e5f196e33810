#include <stdlib.h>

#include "cnscd/search.h"
#include "fixture.h"

struct hits {
	int n;
	char labels[16][128];
	int kinds[16];
};

static int collect(const cn_search_hit *hit, void *ctx)
{
	struct hits *h = ctx;
	if (h->n < 16) {
		snprintf(h->labels[h->n], 128, "%s", hit->label);
		h->kinds[h->n] = hit->kind;
	}
	h->n++;
	return 0;
}

static struct hits search(cn_db *db, const char *q)
{
	struct hits h = {0};
	cn_error err = {0};
	int n = cn_search(db, q, 20, collect, &h, &err);
	if (n < 0)
		t_fail(__FILE__, __LINE__, "search %s: %s", q, err.msg);
	return h;
}

TEST(search_ignores_marks_case_and_tone_placement)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	fx_unit(db, "31894", "Thị trấn Hòa Bình", "Thị trấn", t.district);
	fx_unit(db, "31900", "Xã Bình Hòa", "Xã", t.district);
	long long team = fx_team(db, t.commune);
	fx_member(db, team, "Trần Minh Đức", CN_ROLE_LEADER);

	struct hits h = search(db, "hoa binh");
	CHECK_INT(h.n, 3);
	/* Whole-phrase matches first: "Bình Hòa" comes last. */
	CHECK_STR(h.labels[2], "Xã Bình Hòa");
	h = search(db, "HOÀ BÌNH");
	CHECK_INT(h.n, 3);
	h = search(db, "duc");
	CHECK_INT(h.n, 1);
	CHECK_STR(h.labels[0], "Trần Minh Đức");
	CHECK_INT(h.kinds[0], CN_KIND_MEMBER);
	h = search(db, "DUC");
	CHECK_INT(h.n, 1);
	h = search(db, "vinh my");
	CHECK(h.n >= 2); /* the commune and its team */
	CHECK_INT(h.kinds[0], CN_KIND_UNIT);
	cn_db_close(db);
}

TEST(search_prefix_as_you_type)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	fx_member(db, team, "Nguyễn Thị Thủy", CN_ROLE_MEMBER);
	const char *steps[] = {"n", "ng", "ngu", "nguy", "nguyen t", "nguyen thi thu"};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		struct hits h = search(db, steps[i]);
		if (h.n < 1)
			t_fail(__FILE__, __LINE__, "no hit for «%s»", steps[i]);
	}
	CHECK_INT(search(db, "nguyen x").n, 0);
	CHECK_INT(search(db, "   ").n, 0);
	CHECK_INT(search(db, "\"*()").n, 0);
	cn_db_close(db);
}

TEST(search_index_follows_edits_and_deletes)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	long long id = fx_member(db, team, "Lê Thị Lan", CN_ROLE_MEMBER);
	cn_error err = {0};
	cn_member m;
	cn_member_get(db, id, &m, &err);
	free(m.full_name);
	m.full_name = cn_strdup("Lê Thị Huệ");
	CHECK_INT(cn_member_update(db, &m, &err), CN_OK);
	cn_member_clear(&m);
	CHECK_INT(search(db, "lan").n, 0);
	CHECK_INT(search(db, "hue").n, 1);
	cn_team_delete(db, team, &err);
	CHECK_INT(search(db, "hue").n, 0);
	cn_db_close(db);
}

TEST(search_finds_member_by_phone_prefix)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	cn_error err = {0};
	cn_member m = {.team_id = team, .full_name = cn_strdup("Võ Văn Kiệt"), .phone = cn_strdup("0912345678")};
	CHECK_INT(cn_member_add(db, &m, &err), CN_OK);
	cn_member_clear(&m);
	CHECK_INT(search(db, "0912").n, 1);
	cn_db_close(db);
}

static int shown(const cn_search_hit *hit, void *ctx)
{
	cn_buf_printf(ctx, "%s | %s\n", hit->label, hit->place);
	return 0;
}

/* The hits of Q as "label | place" lines. */
static char *listing(cn_db *db, const char *q, unsigned what)
{
	cn_buf b = {0};
	cn_error err = {0};
	if (cn_search_kinds(db, q, what, 20, shown, &b, &err) < 0)
		t_fail(__FILE__, __LINE__, "search %s: %s", q, err.msg);
	return b.len ? cn_buf_steal(&b) : cn_strdup("");
}

static long long member_with(cn_db *db, long long team, const char *name, const char *phone, const char *id)
{
	cn_error err = {0};
	cn_member m = {.team_id = team, .full_name = cn_strdup(name), .phone = phone ? cn_strdup(phone) : NULL,
		       .id_number = id ? cn_strdup(id) : NULL, .role = CN_ROLE_MEMBER};
	if (cn_member_add(db, &m, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "member %s: %s", name, err.msg);
	long long mid = m.id;
	cn_member_clear(&m);
	return mid;
}

TEST(search_hits_say_where_they_are)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long village = fx_unit(db, "31933.01", "Ấp Tân Lập", "Ấp", t.commune);
	long long team = fx_team(db, village);
	member_with(db, team, "Lê Thị Hồng", NULL, NULL);
	char *l = listing(db, "huyen hoa binh", CN_SEARCH_ALL);
	CHECK_STR(l, "Huyện Hoà Bình | Tỉnh Bạc Liêu\n");
	free(l);
	l = listing(db, "vinh my a", CN_SEARCH_UNITS);
	CHECK_STR(l, "Xã Vĩnh Mỹ A | Huyện Hoà Bình, Bạc Liêu\n");
	free(l);
	l = listing(db, "tan lap", CN_SEARCH_TEAMS);
	CHECK_STR(l, "Tổ CNSCĐ Ấp Tân Lập | Ấp Tân Lập, Vĩnh Mỹ A, Hoà Bình, Bạc Liêu\n");
	free(l);
	l = listing(db, "le thi hong", CN_SEARCH_ALL);
	CHECK_STR(l, "Lê Thị Hồng | Tổ CNSCĐ Ấp Tân Lập, Xã Vĩnh Mỹ A, Hoà Bình, Bạc Liêu\n");
	free(l);
	l = listing(db, "bac lieu", CN_SEARCH_UNITS);
	CHECK_STR(l, "Tỉnh Bạc Liêu | \n");
	free(l);
	cn_db_close(db);
}

TEST(search_words_match_along_the_path)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long other = fx_unit(db, "17", "Tỉnh Hoà Bình", "Tỉnh", 0);
	fx_unit(db, "31942", "Xã Hòa Bình", "Xã", t.district);
	long long an_giang = fx_unit(db, "89", "Tỉnh An Giang", "Tỉnh", 0);
	long long cho_moi = fx_unit(db, "887", "Huyện Chợ Mới", "Huyện", an_giang);
	fx_unit(db, "30500", "Xã Vĩnh Mỹ A", "Xã", cho_moi);
	(void)other;
	/* The district of Bạc Liêu, not the province of the same name. */
	char *l = listing(db, "hoa binh bac lieu", CN_SEARCH_ALL);
	CHECK_STR(l, "Huyện Hoà Bình | Tỉnh Bạc Liêu\nXã Hòa Bình | Huyện Hoà Bình, Bạc Liêu\n");
	free(l);
	/* Two communes of one name: the place tells them apart. */
	l = listing(db, "vinh my a hoa binh", CN_SEARCH_ALL);
	CHECK_STR(l, "Xã Vĩnh Mỹ A | Huyện Hoà Bình, Bạc Liêu\n");
	free(l);
	l = listing(db, "xa vinh my a an giang", CN_SEARCH_ALL);
	CHECK_STR(l, "Xã Vĩnh Mỹ A | Huyện Chợ Mới, An Giang\n");
	free(l);
	/* A member by name and commune. */
	long long team = fx_team(db, t.commune);
	member_with(db, team, "Nguyễn Văn An", NULL, NULL);
	long long team2 = fx_team(db, cho_moi);
	member_with(db, team2, "Nguyễn Văn An", NULL, NULL);
	l = listing(db, "nguyen van an vinh my a hoa binh", CN_SEARCH_ALL);
	CHECK_STR(l, "Nguyễn Văn An | Tổ CNSCĐ Xã Vĩnh Mỹ A, Huyện Hoà Bình, Bạc Liêu\n");
	free(l);
	cn_db_close(db);
}

TEST(search_type_words_alone_never_match_and_exact_names_come_first)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	fx_unit(db, "31900", "Thị trấn Thanh Sơn", "Thị trấn", t.district);
	fx_unit(db, "31901", "Thị trấn Thanh Bình", "Thị trấn", t.district);
	long long team = fx_team(db, t.commune);
	fx_member(db, team, "Trần Thanh", CN_ROLE_LEADER);
	fx_member(db, team, "Trần Thanh Hải", CN_ROLE_MEMBER);
	char *l = listing(db, "tran thanh", CN_SEARCH_ALL);
	/* The very name, then a name that starts so; the towns ("Thị trấn")
	 * only after the people, by their "Thanh". */
	CHECK(strncmp(l, "Trần Thanh | ", strlen("Trần Thanh | ")) == 0);
	CHECK(strstr(l, "Trần Thanh Hải") < strstr(l, "Thị trấn Thanh"));
	free(l);
	CHECK_INT(search(db, "xa").n, 0);
	CHECK_INT(search(db, "thi tran").n, 0);
	CHECK_INT(search(db, "to cnscd").n, 0);
	/* A type word with a name helps: the commune of that name. */
	struct hits h = search(db, "xa vinh my a");
	CHECK(h.n >= 1);
	CHECK_STR(h.labels[0], "Xã Vĩnh Mỹ A");
	/* The exact name before names that start with it. */
	fx_unit(db, "31950", "Xã Hoà Bình Tây", "Xã", t.district);
	fx_unit(db, "31951", "Xã Hòa Bình", "Xã", t.district);
	h = search(db, "hoa binh");
	CHECK_STR(h.labels[0], "Huyện Hoà Bình");
	CHECK_STR(h.labels[1], "Xã Hòa Bình");
	CHECK_STR(h.labels[2], "Xã Hoà Bình Tây");
	cn_db_close(db);
}

TEST(search_digits_find_codes_phones_and_citizen_ids)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	member_with(db, team, "Phạm Thị Dung", "0911223375", "089123456789");
	member_with(db, team, "Võ Văn Kiệt", "0912345678", NULL);
	CHECK_STR(search(db, "3375").labels[0], "Phạm Thị Dung");
	CHECK_INT(search(db, "3375").n, 1);
	CHECK_STR(search(db, "23375").labels[0], "Phạm Thị Dung");
	CHECK_STR(search(db, "0912").labels[0], "Võ Văn Kiệt");
	CHECK_INT(search(db, "0911 223 375").n, 1);
	CHECK_STR(search(db, "089123456789").labels[0], "Phạm Thị Dung");
	CHECK_STR(search(db, "456789").labels[0], "Phạm Thị Dung");
	CHECK_INT(search(db, "56789").n, 0); /* a CCCD needs its last 6 */
	CHECK_STR(search(db, "961").labels[0], "Huyện Hoà Bình");
	CHECK_STR(search(db, "3193").labels[0], "Xã Vĩnh Mỹ A");
	/* Members only (check-in), open units only (picking a place). */
	char *l = listing(db, "961", CN_SEARCH_MEMBERS);
	CHECK_STR(l, "");
	free(l);
	cn_error err = {0};
	CHECK_INT(cn_unit_close(db, t.district, "2025-06-30", &err), CN_OK);
	l = listing(db, "hoa binh", CN_SEARCH_UNITS | CN_SEARCH_OPEN);
	CHECK_STR(l, "");
	free(l);
	l = listing(db, "hoa binh", CN_SEARCH_UNITS);
	CHECK_STR(l, "Huyện Hoà Bình | Tỉnh Bạc Liêu\n");
	free(l);
	cn_db_close(db);
}
