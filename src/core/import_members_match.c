/* The members importer's checks across rows. Each is a walk over an index
 * of imp_row built once (a sort, on disk), in which the rows to compare
 * come next to each other: no map of the file in memory, no query per
 * pair. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_members_internal.h"

/* Runs SQL on the temp tables; a failure leaves the checks incomplete,
 * which the write then reports. */
static void exec(cn_import *imp, const char *sql)
{
	cn_import_exec(imp, sql, NULL);
}

static void mark_repeat(cn_import *imp, long long rec)
{
	cn_import_set(imp, "INSERT OR IGNORE INTO temp.imp_dup(rec) VALUES (?)", rec, 0, 0);
}

/* The same ID number twice in one team of the file: the later rows are
 * repeats of the first. Rows that matched a member by their ID number are
 * left out: every row with that number in that team matched the same
 * member, and matched_twice refuses all but one (a file imported again
 * gives its every ID number, and walks nothing here). The same ID number
 * on new members of two teams is one person in both: refused unless
 * --keep-both says they serve in both (rows that move a member elsewhere
 * name that member, and matched_twice refuses a second). */
static void repeats_by_id_number(cn_import *imp)
{
	/* The walk reads the index alone (act in it too): a look-up of the
	 * table per row was 0.6 s for 300,000 rows. */
	exec(imp, "CREATE INDEX temp.imp_row_idn ON imp_row(key_idn, team, rec, act) "
		  "WHERE ok AND key_idn IS NOT NULL AND NOT by_id");
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT rec, team, key_idn, act FROM temp.imp_row INDEXED BY imp_row_idn "
					      "WHERE ok AND key_idn IS NOT NULL AND NOT by_id ORDER BY key_idn, team, rec", NULL);
	if (!st)
		return;
	long long team = 0, first = -1, first_new = -1;
	char idn[32] = "";
	bool keep_both = imp->opt->keep_both;
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long rec = sqlite3_column_int64(st, 0), t = sqlite3_column_int64(st, 1);
		const char *id = cn_col_text(st, 2);
		bool is_new = sqlite3_column_int(st, 3) == ACT_INSERT;
		if (first < 0 || strcmp(id, idn) != 0) {
			snprintf(idn, sizeof idn, "%s", id);
			first_new = -1;
		} else if (t == team) {
			cn_import_reject(imp, (size_t)rec, M_IDNUM, "Trùng với dòng %ld: cùng tổ và cùng số CCCD",
					 cn_import_line(imp, (size_t)first));
			mark_repeat(imp, rec);
			continue;
		}
		first = rec;
		team = t;
		if (is_new && first_new >= 0 && !keep_both)
			cn_import_reject(imp, (size_t)rec, M_IDNUM, "Cùng số CCCD với dòng %ld, ở tổ khác: một người là "
					 "thành viên một tổ; nếu người này kiêm nhiệm cả hai tổ, hãy dùng --keep-both",
					 cn_import_line(imp, (size_t)first_new));
		else if (is_new && first_new < 0)
			first_new = rec;
	}
	sqlite3_reset(st);
}

/* The same folded name and birth year twice in one team of the file, where
 * the two do not both give an ID number (two ID numbers: two people): a
 * repeat of the first such row that is no repeat itself. */
static void repeats_by_name(cn_import *imp)
{
	/* Only a row without an ID number can repeat another by name: a file
	 * that gives every ID number needs no walk. */
	sqlite3_stmt *any = cn_import_sql(imp, "SELECT 1 FROM temp.imp_row WHERE ok AND key_idn IS NULL LIMIT 1", NULL);
	bool needed = any && sqlite3_step(any) == SQLITE_ROW;
	if (any)
		sqlite3_reset(any);
	if (!needed)
		return;
	exec(imp, "CREATE INDEX temp.imp_row_name ON imp_row(team, key_name, key_year, rec) WHERE ok");
	sqlite3_stmt *st = cn_import_sql(imp,
		"SELECT r.rec, r.team, r.key_name, coalesce(r.key_year, 0), r.key_idn IS NOT NULL, "
		"EXISTS (SELECT 1 FROM temp.imp_dup d WHERE d.rec = r.rec) "
		"FROM temp.imp_row r INDEXED BY imp_row_name WHERE r.ok ORDER BY r.team, r.key_name, r.key_year, r.rec",
		NULL);
	if (!st)
		return;
	long long team = 0, first = -1;
	int year = 0;
	bool first_idn = false;
	cn_buf name = {0};
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long rec = sqlite3_column_int64(st, 0), t = sqlite3_column_int64(st, 1);
		const char *n = cn_col_text(st, 2);
		int y = sqlite3_column_int(st, 3);
		bool idn = sqlite3_column_int(st, 4), repeat = sqlite3_column_int(st, 5);
		bool same = name.len && t == team && y == year && strcmp(n, cn_buf_str(&name)) == 0;
		if (!same) {
			team = t;
			year = y;
			cn_buf_clear(&name);
			cn_buf_adds(&name, n);
			first = -1;
		}
		if (repeat)
			continue;
		if (first < 0) {
			first = rec;
			first_idn = idn;
		} else if (!(idn && first_idn)) {
			cn_import_reject(imp, (size_t)rec, M_NAME, "Trùng với dòng %ld: cùng tổ và cùng họ tên, năm sinh",
					 cn_import_line(imp, (size_t)first));
			mark_repeat(imp, rec);
		}
	}
	sqlite3_reset(st);
	cn_buf_free(&name);
}

/* The rows of GROUP (records, in file order) are one member of the
 * database: the first row not rejected claims it, the others are refused. */
static void claim(cn_import *imp, const long long *group, size_t n, const char *name)
{
	long long first = -1;
	for (size_t i = 0; i < n; i++) {
		if (cn_import_rejected(imp, (size_t)group[i]))
			continue;
		if (first < 0)
			first = group[i];
		else
			cn_import_reject(imp, (size_t)group[i], M_NAME,
					 "Dòng này và dòng %ld cùng chỉ một thành viên đã có trong tổ (%s)",
					 cn_import_line(imp, (size_t)first), name);
	}
}

/* Two rows that are the same member of the database cannot both be
 * applied. Most members have one row: only groups of two or more are
 * looked at closer. */
static void matched_twice(cn_import *imp)
{
	exec(imp, "CREATE INDEX temp.imp_row_match ON imp_row(match, rec) WHERE match IS NOT NULL");
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT rec, match, full_name FROM temp.imp_row INDEXED BY imp_row_match "
					      "WHERE match IS NOT NULL ORDER BY match, rec", NULL);
	if (!st)
		return;
	long long match = 0, *group = NULL;
	size_t n = 0, cap = 0;
	cn_buf name = {0};
	for (;;) {
		bool row = sqlite3_step(st) == SQLITE_ROW;
		long long m = row ? sqlite3_column_int64(st, 1) : 0;
		if (!row || m != match) {
			if (n > 1)
				claim(imp, group, n, cn_buf_str(&name));
			if (!row)
				break;
			match = m;
			n = 0;
			cn_buf_clear(&name);
			cn_buf_adds(&name, cn_col_text(st, 2));
		}
		CN_GROW(group, n, cap, 8);
		group[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	free(group);
	cn_buf_free(&name);
}

/* The row of the file that claimed member ID (matched_twice): its record,
 * or -1 when none. */
static long long claiming_row(cn_import *imp, long long id, int *role)
{
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT rec, role FROM temp.imp_row INDEXED BY imp_row_match "
					      "WHERE match = ? ORDER BY rec", NULL);
	if (!st)
		return -1;
	cn_bind_int(st, 1, id);
	long long claim = -1;
	while (claim < 0 && sqlite3_step(st) == SQLITE_ROW) {
		long long rec = sqlite3_column_int64(st, 0);
		if (!cn_import_rejected(imp, (size_t)rec)) {
			claim = rec;
			*role = sqlite3_column_int(st, 1);
		}
	}
	sqlite3_reset(st);
	return claim;
}

/* The active leader of TEAM in the database that the file leaves in place
 * (not claimed by a good row that gives them another role); 0 if none. */
static long long standing_leader(cn_import *imp, long long team, char **name)
{
	sqlite3_stmt *st = cn_import_sql(imp,
		"SELECT id, full_name FROM member WHERE team_id = ? AND role = 1 AND left_on IS NULL", NULL);
	long long id = 0;
	if (team <= 0 || !st)
		return 0;
	cn_bind_int(st, 1, team);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*name = cn_col_dup(st, 1);
	}
	sqlite3_reset(st);
	int role = 0;
	if (id && claiming_row(imp, id, &role) >= 0 && role != CN_ROLE_LEADER) {
		free(*name);
		*name = NULL;
		id = 0;
	}
	return id;
}

/* The row that made TEAM's leader so far (-1: none), with its name. */
static long long leader_row(cn_import *imp, long long team, cn_buf *name)
{
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT t.leader_rec, r.full_name FROM temp.imp_team t "
					      "JOIN temp.imp_row r ON r.rec = t.leader_rec WHERE t.team = ? LIMIT 1", NULL);
	if (!st)
		return -1;
	cn_bind_int(st, 1, team);
	long long rec = -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		rec = sqlite3_column_int64(st, 0);
		cn_buf_clear(name);
		cn_buf_adds(name, cn_col_text(st, 1));
	}
	sqlite3_reset(st);
	return rec;
}

static void set_leader_row(cn_import *imp, long long team, long long rec)
{
	cn_import_set(imp, "UPDATE temp.imp_team SET leader_rec = ? WHERE team = ?", rec, team, 0);
}

/* At most one active leader per team, counting the file and the database.
 * Rows rejected already are checked too, to list all their problems, but
 * never hold the role. */
static void check_leaders(cn_import *imp)
{
	exec(imp, "CREATE INDEX temp.imp_team_team ON imp_team(team)");
	/* Leaders are a row per team at most: their rows, one by one. */
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT rec, team, match FROM temp.imp_leader ORDER BY rec", NULL);
	if (!st)
		return;
	cn_buf first_name = {0};
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long rec = sqlite3_column_int64(st, 0), team = sqlite3_column_int64(st, 1);
		long long match = sqlite3_column_int64(st, 2);
		bool rejected = cn_import_rejected(imp, (size_t)rec);
		long long first = leader_row(imp, team, &first_name);
		if (first >= 0) {
			cn_import_reject(imp, (size_t)rec, M_ROLE,
					 "Tổ đã có tổ trưởng là %s (dòng %ld). Mỗi tổ chỉ có một tổ trưởng.",
					 cn_buf_str(&first_name), cn_import_line(imp, (size_t)first));
			continue;
		}
		char *name = NULL;
		long long leader = standing_leader(imp, team, &name);
		if (leader && leader != match)
			cn_import_reject(imp, (size_t)rec, M_ROLE,
					 "Tổ đã có tổ trưởng là %s. Mỗi tổ chỉ có một tổ trưởng: hãy đổi vai trò của người "
					 "đó trước.", name);
		else if (!rejected)
			set_leader_row(imp, team, rec);
		free(name);
	}
	sqlite3_reset(st);
	cn_buf_free(&first_name);
}

void members_check_all(cn_import *imp, struct members *s)
{
	(void)s;
	exec(imp, "CREATE TEMP TABLE imp_dup(rec INTEGER PRIMARY KEY)");
	repeats_by_id_number(imp);
	repeats_by_name(imp);
	matched_twice(imp);
	check_leaders(imp);
}
