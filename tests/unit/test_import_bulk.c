/* The bulk path of the importers (issue 17): the rows written with the
 * row triggers off and their work done set-based give the same database as
 * the triggers row by row; problems are capped in the result; a write by
 * someone else during the checks makes them run again; an import is one
 * undoable change; progress comes phase by phase. */
#include <stdlib.h>
#include <string.h>

#include "../../src/core/import_bulk_internal.h"
#include "cnscd/audit.h"
#include "cnscd/browse.h"
#include "cnscd/collate.h"
#include "cnscd/search.h"
#include "cnscd/store.h"
#include "cnscd/attendance.h"
#include "cnscd/attendance_undo.h"
#include "cnscd/training.h"
#include "cnscd/import.h"
#include "fixture.h"
#include "import_check.h"

static const char units_csv[] =
	"code,name,type,level,parent_code\n"
	"95,Tỉnh Bạc Liêu,Tỉnh,1,\n"
	"961,Huyện Hoà Bình,Huyện,2,95\n"
	"31933,Xã Vĩnh Mỹ A,Xã,3,961\n"
	"31934,Xã Minh Diệu,Xã,3,961\n"
	"31933.01,Ấp 1,Ấp,4,31933\n";

/* New teams and members, an existing team with members to update, match
 * and add to, leaders on both sides. */
static const char members_csv[] =
	"unit_code,team,full_name,gender,birth_year,phone,id_number,role\n"
	"31933,,Nguyễn Văn An,Nam,1985,0912345678,095085000123,Tổ trưởng\n"
	"31933,,Trần Thị Bình,Nữ,1990,,,Thành viên\n"
	"31934,,Lê Văn Cường,Nam,1979,0987654321,095079000456,Tổ trưởng\n"
	"31934,Tổ CNSCĐ Ấp Xẻo Gừa,Phạm Thị Dung,Nữ,1995,,095195000789,\n"
	"31933.01,,Hồ Văn Em,Nam,1988,0911111111,,Tổ phó\n"
	"95,,Võ Thị Phương,Nữ,1992,,095192000111,Tổ trưởng\n";

static const char members_again_csv[] =
	"unit_code,full_name,birth_year,phone,id_number,position\n"
	"31933,Nguyễn Văn Ân,1985,,095085000123,Bí thư chi bộ\n" /* same ID: name corrected */
	"31933,tran thi binh,1990,0933333333,,\n"                /* same name and year: phone added */
	"31933,Đỗ Văn Giang,1970,,,\n"                           /* new */
	"31934,Lê Văn Cường,1979,0987654321,095079000456,\n";    /* unchanged */

static const char results_csv[] =
	"period,unit_code,team,indicator_code,value\n"
	"2026-10,31933,,VNEID_MUC2,40\n"
	"2026-10,31933,,TUYEN_TRUYEN,3\n"
	"2026-11,31933,,VNEID_MUC2,55\n"
	"2026-10,31934,,VNEID_MUC2,12\n"
	"2026-10,95,,HO_HUONG_DAN,1.200\n";

static const char results_again_csv[] =
	"period,unit_code,team,indicator_code,value\n"
	"2026-10,31933,,VNEID_MUC2,41\n"  /* changed */
	"2026-10,31933,,CUA_HANG_SO,2\n"  /* added to an existing report */
	"2026-12,31934,,VNEID_MUC2,9\n";  /* a new report */

static void import_or_fail(cn_db *db, int (*fn)(cn_db *, const char *, const cn_import_options *, cn_import_result *,
					       cn_error *),
			   const char *name, const char *text)
{
	cn_import_result res;
	cn_error err = {0};
	if (fn(db, t_write_file(name, text), NULL, &res, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "import %s: %s", name, err.msg);
	cn_import_result_clear(&res);
}

/* The imports above into a new database at PATH. */
static cn_db *build(const char *path)
{
	cn_error err = {0};
	cn_db *db = cn_store_open(path, CN_DB_CREATE, &err);
	if (!db)
		t_fail(__FILE__, __LINE__, "open: %s", err.msg);
	import_or_fail(db, cn_import_units, "u.csv", units_csv);
	long long team = fx_team(db, cn_unit_id_by_code(db, "31934"));
	fx_member(db, team, "Lê Văn Cường", CN_ROLE_MEMBER);
	import_or_fail(db, cn_import_members, "m.csv", members_csv);
	import_or_fail(db, cn_import_members, "m2.csv", members_again_csv);
	import_or_fail(db, cn_import_results, "r.csv", results_csv);
	import_or_fail(db, cn_import_results, "r2.csv", results_again_csv);
	return db;
}

/* What the triggers maintain, and the rows themselves, as text (uuids and
 * times aside, which differ from run to run). */
static const char *const state_sql[] = {
	"SELECT group_concat(rowid || '=' || key, ';') FROM (SELECT rowid, key FROM search_fts ORDER BY rowid)",
	"SELECT group_concat(unit_id || ':' || path || ':' || teams || ':' || members, ';') FROM "
	"(SELECT * FROM unit_tally ORDER BY unit_id)",
	"SELECT group_concat(team_id || ':' || active || ':' || total, ';') FROM (SELECT * FROM team_tally ORDER BY team_id)",
	"SELECT group_concat(a.tbl || ':' || a.row_id || ':' || a.action || ':' || (a.row_uuid IS NOT NULL) || ':' || "
	"coalesce(a.old_values IS NOT NULL, 0) || ':' || coalesce(a.new_values IS NOT NULL, 0), ';') FROM "
	"(SELECT * FROM audit ORDER BY tbl, row_id, action, id) a",
	"SELECT count(*) FROM audit a WHERE row_uuid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM member m WHERE "
	"a.tbl = 'member' AND m.id = a.row_id AND m.uuid = a.row_uuid UNION ALL SELECT 1 FROM team t WHERE "
	"a.tbl = 'team' AND t.id = a.row_id AND t.uuid = a.row_uuid UNION ALL SELECT 1 FROM unit u WHERE "
	"a.tbl = 'unit' AND u.id = a.row_id AND u.uuid = a.row_uuid UNION ALL SELECT 1 FROM report r WHERE "
	"a.tbl = 'report' AND r.id = a.row_id AND r.uuid = a.row_uuid)",
	"SELECT group_concat(id || ':' || code || ':' || name || ':' || level || ':' || path || ':' || search_key, ';') "
	"FROM (SELECT * FROM unit ORDER BY id)",
	"SELECT group_concat(id || ':' || unit_id || ':' || name || ':' || search_key, ';') FROM (SELECT * FROM team ORDER BY id)",
	"SELECT group_concat(id || ':' || team_id || ':' || full_name || ':' || coalesce(phone, '') || ':' || "
	"coalesce(id_number, '') || ':' || role || ':' || coalesce(position, '') || ':' || search_key || ':' || "
	"name_order, ';') FROM (SELECT * FROM member ORDER BY id)",
	"SELECT group_concat(id || ':' || team_id || ':' || period || ':' || status, ';') FROM (SELECT * FROM report ORDER BY id)",
	"SELECT group_concat(id || ':' || report_id || ':' || indicator_id || ':' || value, ';') "
	"FROM (SELECT * FROM result ORDER BY id)",
	"SELECT count(*) FROM audit_group",
	"SELECT count(DISTINCT uuid) = count(*) FROM (SELECT uuid FROM unit UNION ALL SELECT uuid FROM team "
	"UNION ALL SELECT uuid FROM member UNION ALL SELECT uuid FROM report)",
};

TEST(import_bulk_gives_the_database_the_triggers_give_row_by_row)
{
	cn_db *bulk = build(t_path("bulk.db"));
	cn_bulk_allow(false);
	cn_db *rows = build(t_path("rows.db"));
	cn_bulk_allow(true);
	for (size_t i = 0; i < sizeof state_sql / sizeof state_sql[0]; i++) {
		char *a = text(bulk, state_sql[i]), *b = text(rows, state_sql[i]);
		CHECK_STR(a, b);
		free(a);
		free(b);
	}
	/* Not an empty comparison. */
	CHECK_INT(count(bulk, "SELECT count(*) FROM member"), 8);
	CHECK_INT(count(bulk, "SELECT count(*) FROM search_fts WHERE rowid >= 3 * 1099511627776"), 8);
	CHECK_INT(count(bulk, "SELECT count(*) FROM audit WHERE tbl = 'result' AND action = 'insert'"), 7);
	CHECK_INT(count(bulk, "SELECT members FROM unit_tally WHERE unit_id = (SELECT id FROM unit WHERE code = '31933')"), 3);
	CHECK_SQL_STR(bulk, "SELECT full_name || ' ' || phone FROM member WHERE id_number IS NULL AND birth_year = 1990",
		      "Trần Thị Bình 0933333333");
	CHECK_SQL_STR(bulk, "SELECT value FROM result r JOIN indicator i ON i.id = r.indicator_id JOIN report p "
			    "ON p.id = r.report_id WHERE i.code = 'VNEID_MUC2' AND p.period = '2026-10' "
			    "AND p.team_id = (SELECT t.id FROM team t JOIN unit u ON u.id = t.unit_id WHERE u.code = '31933')",
		      "41");
	CHECK_SQL_STR(bulk, "PRAGMA integrity_check", "ok");
	/* The first members import brought more rows than the table held: its
	 * indexes were dropped and made again, all of them, as they were. */
	static const char indexes_sql[] = "SELECT group_concat(name || ':' || sql, ';') FROM (SELECT name, sql FROM "
					  "sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name)";
	char *a = text(bulk, indexes_sql), *b = text(rows, indexes_sql);
	CHECK_STR(a, b);
	CHECK_HAS(a, "member_one_leader:CREATE UNIQUE INDEX");
	free(a);
	free(b);
	cn_db_close(bulk);
	cn_db_close(rows);
}

/* A bulk that brings more rows than the table holds drops its indexes and
 * makes them again at the end: a unique index that the new rows break
 * (two active leaders of one team, which the checks refuse first unless
 * someone wrote one meanwhile) fails there, and the rollback puts back
 * the indexes and the rows as they were. */
TEST(import_bulk_remade_unique_index_refuses_what_it_forbids)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	long long team = fx_team(db, cn_unit_id_by_code(db, "31933"));
	fx_member(db, team, "Nguyễn Văn An", CN_ROLE_LEADER);
	long long before = count(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'member'");
	cn_error err = {0};
	CHECK_INT(cn_db_begin(db, &err), CN_OK);
	cn_bulk b;
	CHECK_INT(cn_bulk_begin(db, "member", &b, &err), CN_OK);
	CHECK_INT(cn_bulk_expect(&b, 2, &err), CN_OK);
	CHECK_INT(count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'member_one_leader'"), 0);
	char *sql = cn_sprintf("INSERT INTO member(uuid, team_id, full_name, role, search_key, name_order) VALUES "
			       "('u1', %lld, 'Trần Thị Bình', 1, 'tran thi binh', 'b'), "
			       "('u2', %lld, 'Lê Văn Cường', 0, 'le van cuong', 'c')", team, team);
	CHECK_INT(cn_db_exec(db, sql, &err), CN_OK);
	free(sql);
	CHECK_INT(cn_bulk_end(&b, true, &err), CN_EEXIST);
	CHECK_HAS(err.msg, "member.team_id");
	cn_db_rollback(db);
	CHECK_INT(count(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'member'"), before);
	CHECK_INT(count(db, "SELECT count(*) FROM member"), 1);
	CHECK_SQL_STR(db, "PRAGMA integrity_check", "ok");
	/* Fewer new rows than the table holds: the indexes stay. */
	CHECK_INT(cn_db_begin(db, &err), CN_OK);
	CHECK_INT(cn_bulk_begin(db, "member", &b, &err), CN_OK);
	CHECK_INT(cn_bulk_expect(&b, 0, &err), CN_OK);
	CHECK_INT(count(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'member'"), before);
	CHECK_INT(cn_bulk_end(&b, true, &err), CN_OK);
	cn_db_rollback(db);
	cn_db_close(db);
}

TEST(import_problems_are_the_first_thousand_in_file_order_and_counted)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	cn_buf csv = {0};
	cn_buf_adds(&csv, "unit_code,full_name,phone\n");
	for (int i = 0; i < 1500; i++)
		cn_buf_printf(&csv, "31933,Người %d,12%d\n", i, i); /* a bad phone on every row */
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(cn_import_members(db, t_write_file("bad.csv", cn_buf_str(&csv)), NULL, &res, &err), CN_EINVAL);
	CHECK_INT(res.nproblems, CN_IMPORT_MAX_PROBLEMS);
	CHECK_INT(res.problems_total, 1500);
	CHECK_INT(res.rejected, 1500);
	CHECK_INT(res.problems[0].line, 2);
	CHECK_INT(res.problems[CN_IMPORT_MAX_PROBLEMS - 1].line, CN_IMPORT_MAX_PROBLEMS + 1);
	CHECK_HAS(res.problems[0].message, "Số điện thoại «120» không hợp lệ");
	CHECK_INT(count(db, "SELECT count(*) FROM member"), 0);
	cn_import_result_clear(&res);
	cn_buf_free(&csv);
	cn_db_close(db);
}

/* Someone else's write in the middle of the checks (from the progress
 * callback, on a second connection): a member of the file added by hand. */
struct meddle {
	const char *path;
	bool done;
};

static void add_member_meanwhile(const cn_import_progress *p, void *ctx)
{
	struct meddle *m = ctx;
	if (m->done || p->phase != CN_IMPORT_CHECKING)
		return;
	m->done = true;
	cn_error err = {0};
	cn_db *other = cn_store_open(m->path, 0, &err);
	if (!other)
		t_fail(__FILE__, __LINE__, "second connection: %s", err.msg);
	long long team = cn_team_default_for_unit(other, cn_unit_id_by_code(other, "31933"), true, &err);
	cn_member b = {.team_id = team, .full_name = cn_strdup("Trần Thị Bình"), .id_number = cn_strdup("095190000222")};
	if (cn_member_add(other, &b, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "add: %s", err.msg);
	cn_member_clear(&b);
	cn_db_close(other);
}

TEST(import_checks_again_under_the_lock_when_someone_wrote_meanwhile)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	struct meddle m = {t_path("test.db"), false};
	cn_import_options opt = {.progress = add_member_meanwhile, .progress_ctx = &m};
	cn_import_result res;
	cn_error err = {0};
	const char *csv = "unit_code,full_name,id_number\n"
			  "31933,Nguyễn Văn An,095085000123\n"
			  "31933,Trần Thị Bình,095190000222\n";
	CHECK_INT(cn_import_members(db, t_write_file("m.csv", csv), &opt, &res, &err), CN_OK);
	CHECK(m.done);
	/* Checked against the database as it was when written: Bình is the
	 * member added meanwhile, not a second one; the team is the one made
	 * meanwhile, not another. */
	CHECK_INT(res.added, 1);
	CHECK_INT(res.unchanged, 1);
	CHECK_INT(res.teams_added, 0);
	CHECK_INT(count(db, "SELECT count(*) FROM member WHERE id_number = '095190000222'"), 1);
	CHECK_INT(count(db, "SELECT count(*) FROM team"), 1);
	cn_import_result_clear(&res);
	cn_db_close(db);
}

TEST(import_is_one_change_that_undo_takes_back_whole)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	long long team = fx_team(db, cn_unit_id_by_code(db, "31933"));
	fx_member(db, team, "Trần Thị Bình", CN_ROLE_MEMBER);
	char *fts = text(db, "SELECT group_concat(rowid || key) FROM search_fts");
	/* Tallies at 0 are no tally: a removed team leaves its unit's row. */
	static const char tally_sql[] = "SELECT group_concat(unit_id || ':' || teams || ':' || members) FROM unit_tally "
					"WHERE teams OR members";
	char *tally = text(db, tally_sql);
	long long audit = count(db, "SELECT count(*) FROM audit");
	cn_import_result res;
	cn_error err = {0};
	const char *csv = "unit_code,team,full_name,phone\n"
			  "31933,,Nguyễn Văn An,0912345678\n"
			  "31933,,Trần Thị Bình,0933333333\n" /* an update */
			  "961,,Lê Văn Cường,\n"              /* a new team */
			  "95,Tổ mới,Phạm Thị Dung,\n";
	CHECK_INT(cn_import_members(db, t_write_file("m.csv", csv), NULL, &res, &err), CN_OK);
	CHECK_INT(res.added, 3);
	CHECK_INT(res.updated, 1);
	CHECK_INT(res.teams_added, 2);
	cn_import_result_clear(&res);
	CHECK_INT(count(db, "SELECT count(*) FROM member"), 4);
	/* One change: the teams, the members added and the one updated. */
	CHECK_INT(cn_audit_undo_last(db, &err), 2 + 3 + 1);
	CHECK_INT(count(db, "SELECT count(*) FROM member"), 1);
	CHECK_INT(count(db, "SELECT count(*) FROM team"), 1);
	CHECK_SQL_STR(db, "SELECT coalesce(phone, '') FROM member", "");
	CHECK_SQL_STR(db, "SELECT group_concat(rowid || key) FROM search_fts", fts);
	CHECK_SQL_STR(db, tally_sql, tally);
	CHECK(count(db, "SELECT count(*) FROM audit") > audit);
	free(fts);
	free(tally);
	cn_db_close(db);
}

struct phases {
	int seen[8];
	int n;
	long long last_rows, total;
	int writes;
	bool went_back;
};

static void record_phase(const cn_import_progress *p, void *ctx)
{
	struct phases *ph = ctx;
	if (ph->n == 0 || ph->seen[ph->n - 1] != p->phase) {
		if (ph->n < 8)
			ph->seen[ph->n++] = p->phase;
	}
	/* Writing: the rows (with the indexes made again and the triggers'
	 * work, a share of them) never go back. */
	if (p->phase == CN_IMPORT_WRITING) {
		ph->went_back |= ph->writes++ && p->rows < ph->last_rows;
		ph->total = p->total;
	}
	ph->last_rows = p->rows;
}

TEST(import_reports_its_progress_phase_by_phase)
{
	cn_db *db = fx_open();
	fx_bac_lieu(db);
	cn_buf csv = {0};
	cn_buf_adds(&csv, "unit_code,full_name,id_number\n");
	for (int i = 0; i < 5000; i++)
		cn_buf_printf(&csv, "31933,Người số %d,095%09d\n", i, i);
	struct phases ph = {0};
	cn_import_options opt = {.progress = record_phase, .progress_ctx = &ph};
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(cn_import_members(db, t_write_file("m.csv", cn_buf_str(&csv)), &opt, &res, &err), CN_OK);
	CHECK_INT(res.added, 5000);
	CHECK_INT(ph.n, 3);
	CHECK_INT(ph.seen[0], CN_IMPORT_READING);
	CHECK_INT(ph.seen[1], CN_IMPORT_CHECKING);
	CHECK_INT(ph.seen[2], CN_IMPORT_WRITING);
	/* The first import into the team rebuilt its indexes: the bar moved
	 * through that too, forward only, to the end. */
	CHECK(ph.writes >= 2);
	CHECK(!ph.went_back);
	CHECK_INT(ph.last_rows, 5000);
	CHECK_INT(ph.total, 5000);
	cn_import_result_clear(&res);
	cn_buf_free(&csv);
	cn_db_close(db);
}

TEST(import_again_writes_nothing_at_all)
{
	cn_db *db = fx_open();
	import_or_fail(db, cn_import_units, "u.csv", units_csv);
	import_or_fail(db, cn_import_members, "m.csv", members_csv);
	import_or_fail(db, cn_import_results, "r.csv", results_csv);
	long long audit = count(db, "SELECT count(*) FROM audit"), groups = count(db, "SELECT count(*) FROM audit_group");
	char *members = text(db, "SELECT group_concat(id || updated_at) FROM member");
	char *reports = text(db, "SELECT group_concat(id || updated_at) FROM report");
	cn_import_result res;
	cn_error err = {0};
	CHECK_INT(cn_import_units(db, t_write_file("u.csv", units_csv), NULL, &res, &err), CN_OK);
	CHECK_INT(res.unchanged, 5);
	cn_import_result_clear(&res);
	CHECK_INT(cn_import_members(db, t_write_file("m.csv", members_csv), NULL, &res, &err), CN_OK);
	CHECK_INT(res.unchanged, 6);
	CHECK_INT(res.added + res.updated + res.teams_added, 0);
	cn_import_result_clear(&res);
	CHECK_INT(cn_import_results(db, t_write_file("r.csv", results_csv), NULL, &res, &err), CN_OK);
	CHECK_INT(res.unchanged, 5);
	cn_import_result_clear(&res);
	CHECK_INT(count(db, "SELECT count(*) FROM audit"), audit);
	CHECK_INT(count(db, "SELECT count(*) FROM audit_group"), groups);
	CHECK_SQL_STR(db, "SELECT group_concat(id || updated_at) FROM member", members);
	CHECK_SQL_STR(db, "SELECT group_concat(id || updated_at) FROM report", reports);
	free(members);
	free(reports);
	cn_db_close(db);
}

/* People typed in the form and the same people imported from a file: one
 * database each. */
static const struct {
	const char *name, *phone, *id_number;
} people[] = {
	{"Trần Văn Dũng", "0912345678", "095085000123"},
	{"Lê Thị Ánh", "0987001122", NULL},
	{"Đỗ Văn Bình", NULL, "095190004567"},
	{"Nguyễn Văn An", "0339876543", "095079000888"},
	{"Đặng Thị Anh", NULL, NULL},
};

static cn_db *people_db(const char *name, bool by_form)
{
	cn_error err = {0};
	cn_db *db = cn_store_open(t_path(name), CN_DB_CREATE, &err);
	if (!db)
		t_fail(__FILE__, __LINE__, "open: %s", err.msg);
	struct fx_tree tree = fx_bac_lieu(db);
	long long team = cn_team_default_for_unit(db, tree.commune, true, &err);
	cn_buf csv = {0};
	cn_buf_adds(&csv, "unit_code,full_name,phone,id_number\n");
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
		if (!by_form) {
			cn_buf_printf(&csv, "31933,%s,%s,%s\n", people[i].name, people[i].phone ? people[i].phone : "",
				      people[i].id_number ? people[i].id_number : "");
			continue;
		}
		cn_member m = {.team_id = team, .full_name = cn_strdup(people[i].name),
			       .phone = people[i].phone ? cn_strdup(people[i].phone) : NULL,
			       .id_number = people[i].id_number ? cn_strdup(people[i].id_number) : NULL};
		if (cn_member_add(db, &m, &err) != CN_OK)
			t_fail(__FILE__, __LINE__, "add %s: %s", people[i].name, err.msg);
		cn_member_clear(&m);
	}
	if (!by_form)
		import_or_fail(db, cn_import_members, "people.csv", cn_buf_str(&csv));
	cn_buf_free(&csv);
	return db;
}

/* The team's members in the list's order by name, as the screen shows them. */
static char *listed(cn_db *db)
{
	cn_error err = {0};
	long long team = count(db, "SELECT id FROM team");
	cn_browse *b = cn_browse_open(db, CN_BROWSE_MEMBERS, team, &err);
	if (!b || cn_browse_set_order(b, CN_ORDER_NAME, false, &err) != CN_OK ||
	    cn_browse_fetch(b, 0, 20, &err) != CN_OK)
		t_fail(__FILE__, __LINE__, "browse: %s", err.msg);
	cn_buf out = {0};
	for (long long i = 0; i < cn_browse_count(b); i++)
		cn_buf_printf(&out, "%s%s", i ? ";" : "", cn_browse_get(b, i)->name);
	cn_browse_free(b);
	return cn_buf_steal(&out);
}

static int add_hit(const cn_search_hit *hit, void *ctx)
{
	cn_buf_printf(ctx, "%s|", hit->label);
	return 0;
}

/* The members QUERY finds, in the order found. */
static char *found(cn_db *db, const char *query)
{
	cn_buf out = {0};
	cn_error err = {0};
	if (cn_search_kinds(db, query, CN_SEARCH_MEMBERS, 10, add_hit, &out, &err) < 0)
		t_fail(__FILE__, __LINE__, "search %s: %s", query, err.msg);
	return out.len ? cn_buf_steal(&out) : cn_strdup("");
}

TEST(import_bulk_members_sort_and_are_found_as_members_added_by_hand)
{
	cn_db *form = people_db("form.db", true), *file = people_db("file.db", false);
	/* The keys the form stores, stored by the import too. */
	static const char keys[] = "SELECT group_concat(full_name || '|' || search_key || '|' || name_order, ';') "
				   "FROM (SELECT * FROM member ORDER BY full_name)";
	char *want = text(form, keys);
	CHECK_SQL_STR(file, keys, want);
	free(want);
	CHECK_INT(count(file, "SELECT count(*) FROM member WHERE name_order = '' OR name_order IS NULL"), 0);
	char *key = cn_vi_key("Lê Thị Ánh");
	CHECK_INT(count(file, "SELECT count(*) FROM member WHERE full_name = 'Lê Thị Ánh'"), 1);
	char *sql = cn_sprintf("SELECT name_order = '%s' FROM member WHERE full_name = 'Lê Thị Ánh'", key);
	CHECK_INT(count(file, sql), 1);
	free(sql);
	free(key);
	/* Vietnamese order, by given name: An before Anh before Ánh (tones after
	 * the letters), then Bình, Dũng. */
	static const char order[] = "Nguyễn Văn An;Đặng Thị Anh;Lê Thị Ánh;Đỗ Văn Bình;Trần Văn Dũng";
	char *a = listed(form), *b = listed(file);
	CHECK_STR(a, order);
	CHECK_STR(b, order);
	free(a);
	free(b);
	/* Found alike: the last digits of a phone (4 or more), a CCCD whole or
	 * its last 6, the start of a phone, a name without marks. */
	static const char *const queries[][2] = {
		{"5678", "Trần Văn Dũng|"},        {"001122", "Lê Thị Ánh|"},
		{"095190004567", "Đỗ Văn Bình|"},  {"004567", "Đỗ Văn Bình|"},
		{"000888", "Nguyễn Văn An|"},      {"03398", "Nguyễn Văn An|"},
		{"dang thi anh", "Đặng Thị Anh|"},
	};
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		char *x = found(form, queries[i][0]), *y = found(file, queries[i][0]);
		CHECK_STR(x, queries[i][1]);
		CHECK_STR(y, queries[i][1]);
		free(x);
		free(y);
	}
	cn_db_close(form);
	cn_db_close(file);
}

/* Bạc Liêu with a team of NAMES (NULL-ended) in Vĩnh Mỹ A, *TEAM, and a
 * training session there, the first. */
static cn_db *session_db(const char *const *names, long long *team)
{
	cn_db *db = fx_open();
	struct fx_tree tr = fx_bac_lieu(db);
	*team = fx_team(db, tr.commune);
	for (int i = 0; names[i]; i++)
		fx_member(db, *team, names[i], i == 0 ? CN_ROLE_LEADER : CN_ROLE_MEMBER);
	cn_error err = {0};
	cn_training t = {.unit_id = tr.commune, .title = "Kỹ năng số cơ bản", .start_date = "06/12/2026"};
	if (cn_training_add(db, &t, &err) != CN_OK || t.id != 1)
		t_fail(__FILE__, __LINE__, "training: %s", err.msg);
	return db;
}

/* An attendance import at the door is one step of check-in's undo, and
 * its check-ins are stamped with the day of the rules (CNSCD_TODAY), as
 * check-in stamps them. */
TEST(import_attendance_is_one_step_of_check_in_undo)
{
	static const char *const names[] = {"Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", NULL};
	long long team;
	cn_db *db = session_db(names, &team);
	cn_error err = {0};
	cn_training t = {.id = 1};
	CHECK_INT(cn_attendance_invite_team(db, t.id, team, NULL, &err), CN_OK);
	setenv("CNSCD_TODAY", "06/12/2026", 1);
	cn_import_result res;
	const char *csv = "full_name,unit_code,status\n"
			  "Nguyễn Văn An,31933,Có mặt\n"
			  "Trần Thị Bích,31933,Vắng có phép\n"
			  "Phạm Văn Khách,,Có mặt\n";
	CHECK_INT(cn_import_attendance(db, t.id, t_write_file("a.csv", csv), NULL, &res, &err), CN_OK);
	CHECK_INT(res.matched, 2);
	CHECK_INT(res.guests, 1);
	cn_import_result_clear(&res);
	CHECK_INT(count(db, "SELECT count(*) FROM attendance WHERE status = 1 AND checked_in_at LIKE '2026-12-0%'"), 2);
	cn_attendance_change c;
	CHECK_INT(cn_attendance_undo(db, t.id, &c, &err), CN_OK);
	CHECK_INT(c.count, 3);
	cn_attendance_change_clear(&c);
	CHECK_INT(count(db, "SELECT count(*) FROM attendance"), 3);
	CHECK_INT(count(db, "SELECT count(*) FROM attendance WHERE status = 0 AND checked_in_at IS NULL"), 3);
	/* Then the invitation. */
	CHECK_INT(cn_attendance_undo(db, t.id, &c, &err), CN_OK);
	CHECK_INT(c.count, 3);
	cn_attendance_change_clear(&c);
	CHECK_INT(count(db, "SELECT count(*) FROM attendance"), 0);
	unsetenv("CNSCD_TODAY");
	cn_db_close(db);
}

/* The progress line the command line and the screen show: nothing in the
 * first second, then the phase, the bar, the rows and the rate of the
 * phase. */
TEST(import_progress_line_says_phase_rows_and_rate)
{
	unsetenv("CNSCD_PROGRESS_AFTER_MS");
	cn_import_meter m = {0};
	char line[256];
	cn_import_progress p = {.phase = CN_IMPORT_READING, .rows = 5000, .fraction = 0.5, .elapsed_s = 0.5};
	CHECK(!cn_import_progress_line(&m, &p, line, sizeof line));
	p.rows = 20000;
	p.elapsed_s = 2.0;
	CHECK(cn_import_progress_line(&m, &p, line, sizeof line));
	CHECK_STR(line, "Đọc và kiểm tra ██████████░░░░░░░░░░ 20.000 dòng, 13.333 dòng/giây");
	/* A source that cannot say how much is read (a pipe): rows only. */
	p.fraction = -1;
	CHECK(cn_import_progress_line(&m, &p, line, sizeof line));
	CHECK_STR(line, "Đọc và kiểm tra: 20.000 dòng");
	/* Writing: of the rows to write, the rate from the phase's start. */
	cn_import_progress w = {.phase = CN_IMPORT_WRITING, .rows = 0, .total = 300000, .elapsed_s = 4.0};
	CHECK(cn_import_progress_line(&m, &w, line, sizeof line));
	w.rows = 150000;
	w.fraction = 0.5;
	w.elapsed_s = 7.0;
	CHECK(cn_import_progress_line(&m, &w, line, sizeof line));
	CHECK_STR(line, "Ghi ██████████░░░░░░░░░░ 150.000/300.000 dòng, 50.000 dòng/giây");
}

/* A row without ID number or phone is matched by its name through the
 * search index: names with an apostrophe (Ê Đê names), typed without
 * marks or in capitals; a name that only starts like a member's is not
 * that member. */
TEST(import_attendance_finds_members_by_name_through_the_index)
{
	static const char *const names[] = {"H'Hen Niê", "Y Moan Êban", "Nguyễn Văn An", NULL};
	long long team;
	cn_db *db = session_db(names, &team);
	cn_error err = {0};
	cn_training t = {.id = 1};
	cn_import_result res;
	const char *csv = "full_name,unit_code\n"
			  "H'Hen Niê,31933\n"
			  "y moan eban,31933\n"
			  "NGUYỄN VĂN,31933\n";
	CHECK_INT(cn_import_attendance(db, t.id, t_write_file("a.csv", csv), NULL, &res, &err), CN_OK);
	CHECK_INT(res.matched, 2);
	CHECK_INT(res.guests, 1);
	cn_import_result_clear(&res);
	CHECK_SQL_STR(db, "SELECT group_concat(coalesce(m.full_name, '?'), ';') FROM attendance a "
			  "LEFT JOIN member m ON m.id = a.member_id WHERE a.member_id IS NOT NULL ORDER BY a.id",
		      "H'Hen Niê;Y Moan Êban");
	cn_db_close(db);
}
