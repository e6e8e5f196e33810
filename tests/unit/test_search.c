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
