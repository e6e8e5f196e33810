/* The paged list of sessions and the teams a session may invite, as the
 * full-screen interface reads them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/team.h"
#include "cnscd/training.h"
#include "fixture.h"

static long long session(cn_db *db, long long unit, const char *title, const char *date)
{
	cn_error err = {0};
	cn_training t = {.unit_id = unit, .title = (char *)title, .start_date = (char *)date};
	if (cn_training_add(db, &t, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "training: %s", err.msg);
	return t.id;
}

struct titles {
	char text[512];
	int n;
};

static int add_title(const cn_training_row *row, void *ctx)
{
	struct titles *t = ctx;
	size_t len = strlen(t->text);
	snprintf(t->text + len, sizeof t->text - len, "%s%s", t->n++ ? "|" : "", row->title);
	return 0;
}

TEST(training_page_reads_one_window_of_the_subtree_newest_first)
{
	cn_db *db = fx_open();
	struct fx_tree tr = fx_bac_lieu(db);
	long long other = fx_unit(db, "962", "Huyện Khác", "Huyện", tr.province);
	session(db, tr.commune, "C1", "01/03/2026");
	session(db, tr.district, "D1", "01/05/2026");
	session(db, tr.commune, "C2", "01/04/2026");
	session(db, other, "O1", "01/06/2026");
	cn_error err = {0};
	CHECK_INT((int)cn_training_count(db, tr.district, &err), 3);
	CHECK_INT((int)cn_training_count(db, tr.commune, &err), 2);
	CHECK_INT((int)cn_training_count(db, 0, &err), 4);
	struct titles t = {0};
	CHECK_INT(cn_training_page(db, tr.district, 0, 2, add_title, &t, &err), CN_OK);
	CHECK_STR(t.text, "D1|C2");
	memset(&t, 0, sizeof t);
	CHECK_INT(cn_training_page(db, tr.district, 2, 2, add_title, &t, &err), CN_OK);
	CHECK_STR(t.text, "C1");
	memset(&t, 0, sizeof t);
	CHECK_INT(cn_training_page(db, tr.district, 5, 2, add_title, &t, &err), CN_OK);
	CHECK_INT(t.n, 0);
	/* The whole list still reads everything. */
	memset(&t, 0, sizeof t);
	CHECK_INT(cn_training_list(db, 0, add_title, &t, &err), CN_OK);
	CHECK_STR(t.text, "O1|D1|C2|C1");
	CHECK(cn_training_count(db, 987654, &err) < 0);
	cn_db_close(db);
}

static int add_team(long long id, const char *team, const char *unit, void *ctx)
{
	(void)id;
	struct titles *t = ctx;
	size_t len = strlen(t->text);
	snprintf(t->text + len, sizeof t->text - len, "%s%s @ %s", t->n++ ? "|" : "", team, unit);
	return 0;
}

TEST(training_teams_are_the_active_teams_of_the_subtree)
{
	cn_db *db = fx_open();
	struct fx_tree tr = fx_bac_lieu(db);
	long long village = fx_unit(db, "", "Ấp Một", "Ấp", tr.commune);
	long long other = fx_unit(db, "962", "Huyện Khác", "Huyện", tr.province);
	fx_team(db, tr.commune);
	fx_team(db, village);
	fx_team(db, other);
	cn_error err = {0};
	cn_team gone = {.unit_id = village, .name = "Tổ cũ", .dissolved = "01/01/2025"};
	CHECK_INT(cn_team_add(db, &gone, &err), CN_OK);
	struct titles t = {0};
	CHECK_INT(cn_training_teams(db, tr.commune, add_team, &t, &err), CN_OK);
	CHECK_INT(t.n, 2);
	CHECK_HAS(t.text, "@ Xã Vĩnh Mỹ A|");
	CHECK_HAS(t.text, "@ Ấp Một");
	CHECK(strstr(t.text, "Tổ cũ") == NULL);
	CHECK(strstr(t.text, "Huyện Khác") == NULL);
	cn_db_close(db);
}
