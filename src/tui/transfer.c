/* A member moved to another team (the team picked by search, then the date
 * and the role there), and the questions the member form asks when a save
 * meets another person's CCCD or a team's leader. */
#include <stdlib.h>
#include <string.h>

#include "cnscd/member.h"
#include "cnscd/search.h"
#include "cnscd/team.h"
#include "cnscd/unit.h"
#include "cnscd/validate.h"
#include "dialog.h"
#include "formview.h"
#include "keys.h"
#include "transfer.h"
#include "screens.h"
#include "ui.h"

static const char *const roles[] = {"Tổ trưởng", "Tổ phó", "Thành viên", NULL};

struct move_ctx {
	cn_db *db;
	long long id, team;
};

static int save_move(struct form *f, cn_error *err)
{
	struct move_ctx *c = f->ctx;
	int role;
	int rc = cn_parse_role(form_value(f, 1), &role, err);
	if (rc != CN_OK) {
		err->field = "role";
		return rc;
	}
	return cn_member_move(c->db, c->id, c->team, form_value(f, 0), role, err);
}

long long member_move_run(cn_db *db, long long id)
{
	cn_member m = {0};
	cn_error err = {0};
	if (cn_member_get(db, id, &m, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return 0;
	}
	if (m.left_on) {
		ui_message(S_ERROR, "%s đã rời tổ: chỉ chuyển được người đang ở trong tổ.", m.full_name);
		cn_member_clear(&m);
		return 0;
	}
	char *title = cn_sprintf("Chuyển %s sang tổ nào?", m.full_name);
	struct search_target t;
	bool picked = search_pick(db, CN_SEARCH_TEAMS, title,
				  "Gõ tên tổ hoặc tên thôn, ấp, xã của tổ mới (không cần dấu); Enter: chọn tổ đó.", &t);
	free(title);
	long long moved = 0;
	if (picked && t.id == m.team_id) {
		ui_message(S_ERROR, "%s đã ở tổ này rồi.", m.full_name);
	} else if (picked) {
		char *from = cn_team_place(db, m.team_id), *to = cn_team_place(db, t.id);
		char today[CN_DATE_LEN], shown[CN_DATE_LEN];
		cn_date_today(today);
		cn_date_display(today, shown);
		char *form_title = cn_sprintf("Chuyển tổ: %s", m.full_name);
		struct move_ctx c = {db, id, t.id};
		struct form f = {.title = form_title, .save = save_move, .ctx = &c};
		char *hint = cn_sprintf("Sang %s", to);
		form_add(&f, (struct form_field){"date", "Ngày chuyển", FORM_DATE, true, 10, NULL, hint}, shown);
		form_add(&f, (struct form_field){"role", "Vai trò ở tổ mới", FORM_CHOICE, true, 20, NULL, NULL},
			 roles[2]);
		f.choices[1] = roles;
		if (form_run(&f)) {
			moved = id;
			ui_message(S_INFO, "Đã chuyển %s sang %s từ ngày %s (hoàn tác: u).", m.full_name, to,
				   form_value(&f, 0));
		}
		form_free(&f);
		free(hint);
		free(form_title);
		free(from);
		free(to);
	}
	cn_member_clear(&m);
	return moved;
}

int member_identity_ask(cn_db *db, const char *id_number, long long self, long long team_id, int role,
			long long *moved, cn_error *err)
{
	long long other = 0;
	if (cn_member_holders(db, id_number, self, &other, 1, NULL) <= 0)
		return 0;
	cn_member o = {0};
	if (cn_member_get(db, other, &o, NULL) != CN_OK || o.team_id == team_id) {
		cn_member_clear(&o);
		return 0; /* the same team: the form says so */
	}
	char *place = cn_team_place(db, o.team_id);
	int choice;
	if (!self) {
		static const char *const labels[] = {"Chuyển sang tổ này", "Kiêm nhiệm cả hai tổ", "Sửa lại"};
		char *text = cn_sprintf("Số CCCD %s là của %s, đang ở %s. Mỗi người chỉ có một hồ sơ.\n\n"
					"Chuyển sang tổ này: chuyển hồ sơ của %s sang đây từ hôm nay (giữ lịch sử, "
					"điểm danh, số liệu); những gì vừa gõ không lưu.\n"
					"Kiêm nhiệm: người đó làm thành viên cả hai tổ; lưu hồ sơ này.\n"
					"Sửa lại: quay lại biểu mẫu.", id_number, o.full_name, place, o.full_name);
		choice = dialog_choose("Số CCCD đã có người", text, labels, 3, 0, 2);
		free(text);
	} else {
		static const char *const labels[] = {"Kiêm nhiệm cả hai tổ", "Sửa lại"};
		char *text = cn_sprintf("Số CCCD %s là của %s, đang ở %s.\n\n"
					"Kiêm nhiệm: cùng một người làm thành viên cả hai tổ; lưu.\n"
					"Nếu đây là hai hồ sơ của cùng một người, hãy gộp chúng (phím %s: danh sách có "
					"thể trùng).", id_number, o.full_name, place, keys_short(CTX_MEMBERS, ACT_DUPLICATES));
		choice = dialog_choose("Số CCCD đã có người", text, labels, 2, 1, 1) + 1;
	}
	free(place);
	int result = 0;
	if (choice == 1) {
		result = 1;
	} else if (choice == 0) {
		cn_error move_err = {0};
		if (cn_member_move(db, other, team_id, "", role, &move_err) == CN_OK) {
			*moved = other;
			result = 2;
		} else {
			*err = move_err;
			err->field = "id_number";
		}
	}
	cn_member_clear(&o);
	return result;
}

int member_handover_ask(cn_db *db, long long team_id, long long self)
{
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT full_name FROM member WHERE team_id = ? AND role = 1 "
					  "AND left_on IS NULL AND id <> ?", NULL);
	if (!st)
		return 0;
	cn_bind_int(st, 1, team_id);
	cn_bind_int(st, 2, self);
	char *leader = sqlite3_step(st) == SQLITE_ROW ? cn_col_dup(st, 0) : NULL;
	sqlite3_reset(st);
	if (!leader)
		return 0;
	static const char *const labels[] = {"Làm tổ phó", "Thành viên", "Sửa lại"};
	char *text = cn_sprintf("Tổ đã có tổ trưởng là %s. Mỗi tổ chỉ có một tổ trưởng.\n\n"
				"Lưu người này làm tổ trưởng và đổi %s thành Tổ phó, hay thành Thành viên? "
				"(Cùng một lần lưu; hoàn tác được bằng u.)", leader, leader);
	int choice = dialog_choose("Đổi tổ trưởng", text, labels, 3, 0, 2);
	free(text);
	free(leader);
	return choice == 0 ? CN_ROLE_DEPUTY : choice == 1 ? CN_ROLE_MEMBER : 0;
}

/* ---- Teams: merged into another of the unit, moved, dissolved ---- */

/* The other active teams of TEAM's unit: ids and "name (leader)". */
struct team_choices {
	long long ids[64];
	char *labels[65];
	int n;
};

static void team_choices_free(struct team_choices *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->labels[i]);
}

static void other_teams(cn_db *db, const cn_team *t, struct team_choices *c)
{
	memset(c, 0, sizeof *c);
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT x.id, x.name, (SELECT full_name FROM member m WHERE m.team_id = x.id "
					  "AND m.role = 1 AND m.left_on IS NULL) FROM team x WHERE x.unit_id = ? "
					  "AND x.id <> ? AND x.dissolved IS NULL ORDER BY x.search_key", NULL);
	if (!st)
		return;
	cn_bind_int(st, 1, t->unit_id);
	cn_bind_int(st, 2, t->id);
	while (c->n < 64 && sqlite3_step(st) == SQLITE_ROW) {
		c->ids[c->n] = sqlite3_column_int64(st, 0);
		const char *leader = (const char *)sqlite3_column_text(st, 2);
		c->labels[c->n++] = leader ? cn_sprintf("%s (tổ trưởng %s)", cn_col_text(st, 1), leader)
					   : cn_strdup(cn_col_text(st, 1));
	}
	sqlite3_reset(st);
}

/* The leaders of the two teams, to choose the one kept. */
struct leader_choice {
	long long ids[2];
	char *labels[3];
	int n;
};

static void leaders_of(cn_db *db, long long a, long long b, struct leader_choice *c)
{
	memset(c, 0, sizeof *c);
	const long long teams[2] = {b, a};
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = cn_db_stmt(db, "SELECT m.id, m.full_name, t.name FROM member m JOIN team t ON t.id = "
						  "m.team_id WHERE m.team_id = ? AND m.role = 1 AND m.left_on IS NULL", NULL);
		if (!st)
			return;
		cn_bind_int(st, 1, teams[i]);
		if (sqlite3_step(st) == SQLITE_ROW) {
			c->ids[c->n] = sqlite3_column_int64(st, 0);
			c->labels[c->n++] = cn_sprintf("%s (%s)", cn_col_text(st, 1), cn_col_text(st, 2));
		}
		sqlite3_reset(st);
	}
}

struct merge_ctx {
	cn_db *db;
	long long from, into;
	struct leader_choice *leaders;
	cn_team_merge_result res;
};

static int save_merge(struct form *f, cn_error *err)
{
	struct merge_ctx *c = f->ctx;
	long long leader = 0;
	for (int i = 0; i < c->leaders->n; i++)
		if (strcmp(form_value(f, 1), c->leaders->labels[i]) == 0)
			leader = c->leaders->ids[i];
	free(c->res.months);
	return cn_team_merge(c->db, c->from, c->into, form_value(f, 0), leader, &c->res, err);
}

bool team_merge_run(cn_db *db, long long team_id)
{
	cn_team t = {0};
	cn_error err = {0};
	if (cn_team_get(db, team_id, &t, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return false;
	}
	struct team_choices others;
	other_teams(db, &t, &others);
	bool merged = false;
	if (t.dissolved) {
		ui_message(S_ERROR, "%s đã giải thể.", t.name);
	} else if (others.n == 0) {
		ui_message(S_ERROR, "Đơn vị này không còn tổ nào khác để gộp %s vào.", t.name);
	} else {
		char *title = cn_sprintf("Gộp %s vào tổ nào?", t.name);
		int pick = choice_run(title, (const char *const *)others.labels, 0, 3, 4);
		free(title);
		if (pick >= 0) {
			struct leader_choice leaders;
			leaders_of(db, team_id, others.ids[pick], &leaders);
			struct merge_ctx c = {db, team_id, others.ids[pick], &leaders, {0}};
			char today[CN_DATE_LEN], shown[CN_DATE_LEN];
			cn_date_today(today);
			cn_date_display(today, shown);
			char *form_title = cn_sprintf("Gộp tổ: %s", t.name);
			struct form f = {.title = form_title, .save = save_merge, .ctx = &c};
			form_add(&f, (struct form_field){"date", "Ngày gộp", FORM_DATE, true, 10, NULL,
				 "Thành viên, báo cáo tháng chuyển sang; tổ này giải thể từ ngày đó (hoàn tác: u)"}, shown);
			static const char *const none[] = {"(chưa có tổ trưởng)", NULL};
			form_add(&f, (struct form_field){"leader", "Tổ trưởng sau khi gộp", FORM_CHOICE, true, 150, NULL,
				 "Tổ trưởng kia thành Tổ phó"}, leaders.n ? leaders.labels[0] : none[0]);
			f.choices[1] = leaders.n ? (const char *const *)leaders.labels : none;
			if ((merged = form_run(&f))) {
				char added[96] = "";
				if (c.res.months_added)
					snprintf(added, sizeof added, "; cộng số liệu %d tháng cả hai tổ cùng báo cáo",
						 c.res.months_added);
				ui_message(S_INFO, "Đã gộp %s vào %s: %lld thành viên, %lld báo cáo tháng chuyển sang%s "
					   "(hoàn tác: u).", t.name, others.labels[pick], c.res.members, c.res.reports_moved,
					   added);
			}
			free(c.res.months);
			form_free(&f);
			free(form_title);
			for (int i = 0; i < leaders.n; i++)
				free(leaders.labels[i]);
		}
	}
	team_choices_free(&others);
	cn_team_clear(&t);
	return merged;
}

struct team_move_ctx {
	cn_db *db;
	long long team, unit;
};

static int save_team_move(struct form *f, cn_error *err)
{
	struct team_move_ctx *c = f->ctx;
	return cn_team_move(c->db, c->team, c->unit, form_value(f, 0), err);
}

bool team_move_run(cn_db *db, long long team_id)
{
	cn_team t = {0};
	cn_error err = {0};
	if (cn_team_get(db, team_id, &t, &err) != CN_OK) {
		ui_message(S_ERROR, "%s", err.msg);
		return false;
	}
	char *title = cn_sprintf("Chuyển %s về đơn vị nào?", t.name);
	struct search_target target;
	bool picked = search_pick(db, CN_SEARCH_UNITS, title,
				  "Gõ tên xã, phường hay thôn mới của tổ (không cần dấu); Enter: chọn đơn vị đó.", &target);
	free(title);
	bool moved = false;
	if (picked) {
		char today[CN_DATE_LEN], shown[CN_DATE_LEN];
		cn_date_today(today);
		cn_date_display(today, shown);
		char *to = cn_unit_path(db, target.id, " › ");
		char *form_title = cn_sprintf("Chuyển tổ: %s", t.name);
		struct team_move_ctx c = {db, team_id, target.id};
		struct form f = {.title = form_title, .save = save_team_move, .ctx = &c};
		char *hint = cn_sprintf("Sang %s", to ? to : "?");
		form_add(&f, (struct form_field){"date", "Ngày chuyển", FORM_DATE, true, 10, NULL, hint}, shown);
		if ((moved = form_run(&f)))
			ui_message(S_INFO, "Đã chuyển %s sang %s (hoàn tác: u).", t.name, to ? to : "?");
		form_free(&f);
		free(hint);
		free(form_title);
		free(to);
	}
	cn_team_clear(&t);
	return moved;
}
