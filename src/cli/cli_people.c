/* Finding a member and a team from the options people type: a member by
 * CCCD, or by phone and name, or by the number cnscd shows; a team by its
 * unit's code (its only team, or the one named after the unit) or by its
 * number. Shared by "cnscd member" and "cnscd team". */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "out.h"
#include "cli_people.h"
#include "cnscd/member.h"
#include "cnscd/reorg.h"
#include "cnscd/team.h"
#include "cnscd/unit.h"

/* A number written with digits only. */
static bool number_of(const char *s, long long *out)
{
	if (!s || !*s)
		return false;
	char *end;
	long long n = strtoll(s, &end, 10);
	if (*end || n <= 0)
		return false;
	*out = n;
	return true;
}

#define MAX_LISTED 10

static void list_members(cn_db *db, const long long *ids, int n)
{
	for (int i = 0; i < n && i < MAX_LISTED; i++) {
		cn_member m = {0};
		if (cn_member_get(db, ids[i], &m, NULL) != CN_OK)
			continue;
		char *place = cn_team_place(db, m.team_id);
		out_eprintf("  %lld\t%s\t%s\n", m.id, m.full_name, place);
		free(place);
		cn_member_clear(&m);
	}
}

long long cli_member_of(cn_db *db, const char *what, const char *id, const char *cccd, const char *phone,
			const char *name)
{
	long long n;
	if (id) {
		cn_member m = {0};
		cn_error err = {0};
		if (!number_of(id, &n) || cn_member_get(db, n, &m, &err) != CN_OK)
			return cli_fail("%s: không có thành viên số «%s»", what, id), -1;
		cn_member_clear(&m);
		return n;
	}
	if (!cccd && !(phone && name))
		return cli_fail("%s: cần --cccd SỐ, hoặc --phone SỐ cùng --name \"HỌ TÊN\" (hoặc --id SỐ)", what), -1;
	long long ids[MAX_LISTED];
	cn_error err = {0};
	int found = cn_member_find(db, cccd, phone, name, ids, MAX_LISTED, &err);
	if (found < 0)
		return cli_fail("%s: %s", what, err.msg), -1;
	if (found == 0)
		return cli_fail("%s: không có thành viên đang hoạt động nào %s", what,
				cccd ? "mang số CCCD này" : "có số điện thoại và họ tên này"), -1;
	if (found > 1) {
		cli_fail("%s: %d thành viên khớp (cùng một người ở nhiều tổ); chọn một bằng --id SỐ:", what, found);
		list_members(db, ids, found);
		return -1;
	}
	return ids[0];
}

/* The teams of UNIT, listed for a choice. */
static void list_teams(cn_db *db, long long unit)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT id, name FROM team WHERE unit_id = ? AND dissolved IS NULL "
				"ORDER BY name", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, unit);
	while (sqlite3_step(st) == SQLITE_ROW)
		out_eprintf("  %lld\t%s\n", (long long)sqlite3_column_int64(st, 0), sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
}

static long long active_teams(cn_db *db, long long unit)
{
	sqlite3_stmt *st;
	long long n = 0;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT count(*) FROM team WHERE unit_id = ? AND dissolved IS NULL",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, unit);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

long long cli_team_of(cn_db *db, const char *what, const char *unit_code, const char *team, const char *doing)
{
	long long id;
	if (!unit_code) {
		cn_team t = {0};
		if (!team)
			return cli_fail("%s: cần mã đơn vị (và --team khi đơn vị có nhiều tổ)", what), -1;
		if (!number_of(team, &id) || cn_team_get(db, id, &t, NULL) != CN_OK)
			return cli_fail("%s: không có tổ số «%s» (số tổ: cnscd team list --unit MÃ)", what, team), -1;
		cn_team_clear(&t);
		return id;
	}
	long long unit = cn_unit_id_by_code(db, unit_code);
	if (!unit)
		return cli_fail("%s: không có đơn vị nào mang mã «%s»", what, unit_code), -1;
	cn_error err = {0};
	if (doing && cn_unit_refuse_closed(db, unit, doing, &err) != CN_OK)
		return cli_fail("%s: %s", what, err.msg), -1;
	cn_team t = {0};
	if (team) {
		id = number_of(team, &id) && cn_team_get(db, id, &t, NULL) == CN_OK && t.unit_id == unit
			     ? id : cn_team_find_by_name(db, unit, team);
		cn_team_clear(&t);
		if (!id) {
			cli_fail("%s: đơn vị %s không có tổ «%s». Các tổ của đơn vị:", what, unit_code, team);
			list_teams(db, unit);
			return -1;
		}
		return id;
	}
	id = cn_team_default_for_unit(db, unit, false, &err);
	if (id)
		return id;
	if (active_teams(db, unit) == 0)
		return cli_fail("%s: đơn vị %s chưa có tổ nào", what, unit_code), -1;
	cli_fail("%s: đơn vị %s có nhiều tổ; chọn một bằng --team SỐ hoặc --team \"TÊN TỔ\":", what, unit_code);
	list_teams(db, unit);
	return -1;
}
