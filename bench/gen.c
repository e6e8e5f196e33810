/* cnscd-gen: builds a deterministic database for benchmarks and tests at
 * three scales, through the core's own insert paths.
 *
 *   cnscd-gen --scale commune|province|national [--seed N]
 *             [--units units-2024.csv] [--province CODE] -o FILE.db
 *
 * commune: one commune (Xã Vĩnh Mỹ A, Huyện Hoà Bình, Tỉnh Bạc Liêu) and
 * 10 villages; province: one province of the official list (--province,
 * default 95) with ~10 villages per commune; national: the whole list.
 * A team in ~95% of communes and villages, members with Vietnamese names,
 * trainings with attendance, and 12 months of activity results.
 *
 *   cnscd-gen --import-files DIR --units units-2024.csv [--seed N]
 *             [--members N] [--results N] [--big]
 *
 * writes the import benchmark's CSV files instead (gen_files.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnscd/attendance.h"
#include "cnscd/csv.h"
#include "cnscd/db.h"
#include "cnscd/member.h"
#include "cnscd/results.h"
#include "cnscd/store.h"
#include "cnscd/team.h"
#include "cnscd/training.h"
#include "cnscd/unit.h"
#include "gen_files.h"
#include "rng.h"

struct options {
	const char *scale, *units, *province, *out;
	uint64_t seed;
};

struct counts {
	long units, villages, teams, members, trainings, attendance, reports;
};

static struct counts made;
static cn_db *db;

static void die(const char *what, const cn_error *err)
{
	fprintf(stderr, "cnscd-gen: %s: %s\n", what, err ? err->msg : "");
	exit(1);
}

/* Province code of a unit's code prefix is not derivable; ID numbers start
 * with a 3-digit province code, so keep the one being generated. */
static int current_province = 95;

/* Draws a member of TEAM into *OUT (added by add_team with the others). */
static void draw_member(long long team, int role, int level, cn_member *out)
{
	bool female = rng_chance(role == CN_ROLE_MEMBER ? 45 : 25);
	char name[160], phone[16], idnum[16], birth[8];
	draw_person_name(female, name, sizeof name);
	int year = 1960 + rng_below(46);
	static const char *const prefixes[] = {"09", "08", "07", "03", "05"};
	snprintf(phone, sizeof phone, "%s%08d", PICK(prefixes), rng_below(100000000));
	snprintf(idnum, sizeof idnum, "%03d%d%02d%06d", current_province % 1000, (female ? 1 : 0) + (year >= 2000 ? 2 : 0),
		 year % 100, rng_below(1000000));
	snprintf(birth, sizeof birth, "%d", year);
	static const char *const village_positions[] = {"Bí thư chi bộ", "Trưởng thôn/ấp/khu phố", "Hội Phụ nữ",
							"Đoàn Thanh niên", "Công an", "Hội Nông dân",
							"Hội Cựu chiến binh", "Mặt trận Tổ quốc", "Y tế", "Giáo viên"};
	const char *position = role == CN_ROLE_LEADER ? "Bí thư chi bộ"
			       : role == CN_ROLE_DEPUTY ? (level == CN_LEVEL_VILLAGE ? "Trưởng thôn/ấp/khu phố"
										 : "Công chức xã/phường")
							: PICK(village_positions);
	char joined[16];
	snprintf(joined, sizeof joined, "%02d/%02d/%d", 1 + rng_below(28), 1 + rng_below(12), 2023 + rng_below(3));
	*out = (cn_member){
		.team_id = team,
		.full_name = cn_strdup(name),
		.gender = female ? CN_GENDER_FEMALE : CN_GENDER_MALE,
		.birth_year = year,
		.phone = cn_strdup(phone),
		.id_number = cn_strdup(idnum),
		.role = role,
		.position = cn_strdup(position),
		.joined = cn_strdup(joined),
		/* Random CCCDs repeat now and then (~2,000 in the country): kept,
		 * as second memberships of one person, which the figures count
		 * (distinct people); cn_member_add refuses them otherwise. */
		.second_membership = true,
	};
}

/* Members drawn and not yet written: a commune's teams write theirs with
 * one call (one statement per 16 members, and one flush of the search
 * index's pending terms per statement instead of per team). */
static cn_member pending[256];
static int npending;

static void write_members(void)
{
	cn_error err = {0};
	if (npending && cn_member_add_many(db, pending, npending, NULL, &err) != CN_OK)
		die("member", &err);
	for (int i = 0; i < npending; i++)
		cn_member_clear(&pending[i]);
	made.members += npending;
	npending = 0;
}

/* A team for UNIT with a leader, a deputy and SIZE members in all (its
 * members written by the next write_members). */
static long long add_team(long long unit, int level, int size)
{
	cn_error err = {0};
	char est[16], dec[32];
	snprintf(est, sizeof est, "%02d/%02d/%d", 1 + rng_below(28), 1 + rng_below(12), 2022 + rng_below(3));
	snprintf(dec, sizeof dec, "%d/QĐ-UBND", 1 + rng_below(999));
	cn_team t = {.unit_id = unit, .established = est, .decision_no = dec};
	if (cn_team_add(db, &t, &err) != CN_OK)
		die("team", &err);
	made.teams++;
	if (npending + size > (int)CN_ARRAY_LEN(pending))
		write_members();
	for (int i = 0; i < size; i++)
		draw_member(t.id, i == 0 ? CN_ROLE_LEADER : i == 1 ? CN_ROLE_DEPUTY : CN_ROLE_MEMBER, level,
			    &pending[npending++]);
	return t.id;
}

static long long add_unit(const char *code, const char *name, const char *type, long long parent)
{
	cn_error err = {0};
	cn_unit u = {.code = (char *)code, .name = (char *)name, .type = (char *)type, .parent_id = parent};
	if (cn_unit_add(db, &u, &err) != CN_OK)
		die("unit", &err);
	made.units++;
	return u.id;
}

/* Names of villages (thôn, ấp, bản) besides numbers. */
static const char *const village_words[] = {
	"Tân Lập", "Tân Thành", "Hòa Bình", "Bình An", "Phú Hòa", "Thạnh Phú", "Long Thạnh", "Đông Hưng",
	"Tây Sơn", "Nam Hải", "Bắc Sơn", "Vĩnh Phúc", "An Khánh", "Phước Lộc", "Hưng Thịnh", "Quyết Thắng",
	"Đoàn Kết", "Thống Nhất", "Trung Hòa", "Đại Đồng", "Cầu Đình", "Bến Đò", "Gò Gòn", "Cây Dương",
	"Xóm Mới", "Làng Chài", "Nà Pồng", "Khuổi Khon", "Pá Khoang", "Sình Hồ"};

static const char *village_type(const char *commune_type)
{
	if (strcmp(commune_type, "Phường") == 0)
		return rng_chance(70) ? "Tổ dân phố" : "Khu phố";
	if (strcmp(commune_type, "Thị trấn") == 0)
		return rng_chance(60) ? "Khóm" : "Khu phố";
	return current_province >= 80 ? "Ấp" : current_province <= 20 && rng_chance(40) ? "Bản" : "Thôn";
}

/* Villages of a commune, ~95% with a team of 4..8. */
static void add_villages(long long commune, const char *commune_type, int n)
{
	const char *type = village_type(commune_type);
	for (int i = 1; i <= n; i++) {
		char name[96];
		if (rng_chance(60))
			snprintf(name, sizeof name, "%d", i);
		else
			snprintf(name, sizeof name, "%s", PICK(village_words));
		if (rng_chance(5) || strcmp(name, "") == 0)
			snprintf(name, sizeof name, "%s %d", PICK(village_words), i);
		long long v = add_unit("", name, type, commune);
		made.villages++;
		if (rng_chance(95))
			add_team(v, CN_LEVEL_VILLAGE, 4 + rng_below(4));
	}
}

/* Ends the transaction and starts the next, so that none grows huge. */
static void commit_now(void)
{
	cn_error err = {0};
	if (cn_db_commit(db, &err) != CN_OK || cn_db_begin(db, &err) != CN_OK)
		die("commit", &err);
}

/* Trainings run by a commune for its teams, with attendance: ~85% of the
 * invited come. */
static int collect_ids(const cn_attendee *a, void *ctx)
{
	long long **ids = ctx;
	**ids = a->id;
	(*ids)++;
	return 0;
}

/* The commune's own team (OWN) or the team of a random village of it. */
static long long some_team_under(long long unit, bool own)
{
	static sqlite3_stmt *st;
	if (!st)
		sqlite3_prepare_v2(cn_db_sqlite(db),
				   "SELECT t.id FROM team t JOIN unit u ON u.id = t.unit_id "
				   "WHERE (?2 AND u.id = ?1) OR (NOT ?2 AND u.parent_id = ?1) ORDER BY t.id LIMIT 1 OFFSET ?3",
				   -1, &st, NULL);
	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_int(st, 2, own);
	sqlite3_bind_int(st, 3, own ? 0 : rng_below(10));
	long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

static void add_trainings(long long unit, int n)
{
	static const char *const titles[] = {"Tập huấn kỹ năng số cho Tổ CNSCĐ", "Hướng dẫn kích hoạt VNeID mức 2",
					     "Tập huấn thanh toán không dùng tiền mặt", "Bồi dưỡng dịch vụ công trực tuyến",
					     "Tập huấn thương mại điện tử cho hộ kinh doanh",
					     "An toàn thông tin cho Tổ CNSCĐ"};
	static const char *const topics[] = {"Kỹ năng số cơ bản", "Định danh điện tử VNeID",
					     "Thanh toán không dùng tiền mặt", "Dịch vụ công trực tuyến",
					     "Thương mại điện tử", "An toàn thông tin và bảo vệ dữ liệu cá nhân"};
	static long long *ids;
	static int cap;
	for (int i = 0; i < n; i++) {
		cn_error err = {0};
		int k = rng_below((int)CN_ARRAY_LEN(titles));
		char date[16];
		snprintf(date, sizeof date, "%02d/%02d/%d", 1 + rng_below(28), 1 + rng_below(12), 2025 + rng_below(2));
		cn_training t = {.unit_id = unit, .title = (char *)titles[k], .start_date = date,
				 .format = 1 + rng_below(3), .topics = (char *)topics[k], .planned = 40 + rng_below(40),
				 .organiser = "UBND xã", .location = "Hội trường UBND xã"};
		if (cn_training_add(db, &t, &err) != CN_OK)
			die("training", &err);
		made.trainings++;
		/* The first class is for every team of the commune; later ones
		 * for the commune's team and a few villages. */
		int added = 0, more;
		if (i == 0 && cn_attendance_invite_unit(db, t.id, unit, false, &added, &err) != CN_OK)
			die("invite", &err);
		for (int k = 0; i > 0 && k < 6; k++) {
			long long team = some_team_under(unit, k == 0);
			if (team && cn_attendance_invite_team(db, t.id, team, &more, &err) == CN_OK)
				added += more;
		}
		made.attendance += added;
		if (added > cap) {
			cap = added * 2;
			ids = cn_reallocarray(ids, (size_t)cap, sizeof *ids);
		}
		long long *end = ids, *present = ids;
		cn_attendance_find(db, t.id, "", 0, added, collect_ids, &end, &err);
		for (long long *p = ids; p < end; p++)
			if (rng_chance(85))
				*present++ = *p;
		if (cn_attendance_set_status_many(db, ids, (int)(present - ids), CN_ATT_PRESENT, &err) != CN_OK)
			die("check-in", &err);
	}
}

/* 12 months of results for every team under the current scope. */
static void add_results(void)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT id FROM team ORDER BY id", -1, &st, NULL);
	long long inds[16];
	int nind = 0;
	sqlite3_stmt *is;
	sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT id FROM indicator WHERE active ORDER BY sort_order", -1, &is,
			   NULL);
	while (nind < 16 && sqlite3_step(is) == SQLITE_ROW)
		inds[nind++] = sqlite3_column_int64(is, 0);
	sqlite3_finalize(is);
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long team = sqlite3_column_int64(st, 0);
		for (int m = 0; m < 12; m++) {
			char period[8];
			snprintf(period, sizeof period, "%04d-%02d", m == 0 ? 2025 : 2026, m == 0 ? 12 : m);
			cn_error err = {0};
			cn_month_report_value values[3];
			for (int k = 0; k < 3; k++) {
				/* The value first: the order of the draws before
				 * cn_month_report_put, so that seeds give the same data. */
				values[k].value = rng_below(60);
				values[k].indicator_id = inds[rng_below(nind)];
				values[k].member_id = 0;
			}
			bool submit = m < 11 || rng_chance(80);
			if (cn_month_report_put(db, team, period, values, 3, submit, "Cán bộ xã", NULL, &err) != CN_OK)
				die("report", &err);
			made.reports++;
		}
		if (made.reports % 60000 == 0)
			commit_now();
	}
	sqlite3_finalize(st);
}

/* One unit of the official list, as the generator remembers it. */
struct known {
	char code[16];
	long long id;   /* 0 when out of scope */
	int level;
};

/* Open addressing on the code: a linear search cost a province build 12%
 * of its time (every unit of the list is looked up, in scope or not). */
#define KNOWN_SLOTS (1 << 16) /* > 4 × the ~10,800 units of the list */
static struct known *known;

static size_t known_slot(const char *code)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (const char *p = code; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	size_t i = (size_t)h & (KNOWN_SLOTS - 1);
	while (known[i].code[0] && strcmp(known[i].code, code) != 0)
		i = (i + 1) & (KNOWN_SLOTS - 1);
	return i;
}

static struct known *find_known(const char *code)
{
	struct known *k = &known[known_slot(code)];
	return k->code[0] ? k : NULL;
}

static void remember(const char *code, long long id, int level)
{
	if (!known)
		known = cn_calloc(KNOWN_SLOTS, sizeof *known);
	struct known *k = &known[known_slot(code)];
	snprintf(k->code, sizeof k->code, "%s", code);
	k->id = id;
	k->level = level;
}

static int batch;

/* Commits every 500 communes so that no transaction grows huge. */
static void maybe_commit(void)
{
	if (++batch % 500 == 0)
		commit_now();
}

/* The body of a commune: its team, villages and trainings. */
static void fill_commune(long long id, const char *type, int villages, int trainings)
{
	if (rng_chance(95))
		add_team(id, CN_LEVEL_COMMUNE, 8 + rng_below(5));
	add_villages(id, type, villages);
	write_members(); /* before the trainings invite them */
	add_trainings(id, trainings);
	maybe_commit();
}

static void load_official(const struct options *o, bool national)
{
	FILE *f = fopen(o->units, "rb");
	if (!f) {
		fprintf(stderr, "cnscd-gen: cannot read %s\n", o->units);
		exit(1);
	}
	cn_csv_reader *r = cn_csv_reader_new(f);
	cn_csv_row row;
	cn_error err = {0};
	int rc;
	bool header = true;
	while ((rc = cn_csv_read(r, &row, &err)) != 0) {
		if (rc < 0 || row.count < 5)
			die("units file", &err);
		if (header) {
			header = false;
			continue;
		}
		const char *code = row.fields[0], *name = row.fields[1], *type = row.fields[2];
		const char *parent = row.fields[4];
		struct known *p = *parent ? find_known(parent) : NULL;
		bool in = national || (*parent ? p && p->id : strcmp(code, o->province) == 0);
		if (!in) {
			remember(code, 0, 0);
			continue;
		}
		if (!*parent)
			current_province = atoi(code);
		long long id = add_unit(code, name, type, p ? p->id : 0);
		int level = cn_unit_type_level(type, p ? p->level : 0);
		remember(code, id, level);
		if (level <= CN_LEVEL_DISTRICT && rng_chance(level == CN_LEVEL_PROVINCE ? 100 : 95)) {
			add_team(id, level, 7);
			write_members();
		}
		if (level == CN_LEVEL_COMMUNE)
			fill_commune(id, type, 7 + rng_below(7), 2);
	}
	cn_csv_free(r);
	fclose(f);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct options o = {.scale = "commune", .province = "95", .seed = 1};
	struct gen_files_options files = {.members = 300000, .results = 1000000};
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--import-files") == 0 && i + 1 < argc)
			files.dir = argv[++i];
		else if (strcmp(argv[i], "--members") == 0 && i + 1 < argc)
			files.members = atol(argv[++i]);
		else if (strcmp(argv[i], "--results") == 0 && i + 1 < argc)
			files.results = atol(argv[++i]);
		else if (strcmp(argv[i], "--big") == 0)
			files.big = true;
		else if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc)
			o.scale = argv[++i];
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			o.seed = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--units") == 0 && i + 1 < argc)
			o.units = argv[++i];
		else if (strcmp(argv[i], "--province") == 0 && i + 1 < argc)
			o.province = argv[++i];
		else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			o.out = argv[++i];
		else
			o.out = NULL, i = argc;
	}
	if (files.dir && o.units) {
		rng_state = o.seed;
		files.units = o.units;
		return gen_import_files(&files);
	}
	bool commune = strcmp(o.scale, "commune") == 0, national = strcmp(o.scale, "national") == 0;
	if (!o.out || (!commune && !national && strcmp(o.scale, "province") != 0) || (!commune && !o.units)) {
		fprintf(stderr, "usage: cnscd-gen --scale commune|province|national [--seed N] "
				"[--units units-2024.csv] [--province CODE] -o FILE.db\n"
				"       cnscd-gen --import-files DIR --units units-2024.csv [--seed N] [--members N] "
				"[--results N] [--big]\n"
				"(province and national need --units)\n");
		return 2;
	}
	rng_state = o.seed;
	/* One thread, one connection: SQLite need not lock a mutex around
	 * every allocation (this build has no lookaside, so every row written
	 * allocates many times) nor keep its memory statistics. */
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	remove(o.out);
	cn_error err = {0};
	db = cn_store_open(o.out, CN_DB_CREATE, &err);
	if (!db)
		die(o.out, &err);
	/* A generator can be rerun: trade power-cut safety for speed. The
	 * rollback journal in memory instead of the WAL writes each page once
	 * (the WAL wrote it twice, and grew to 1.8 GB at the national scale),
	 * and statement journals stay in memory too. cnscd puts the file back
	 * in WAL mode when it opens it. */
	if (cn_db_exec(db, "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY; "
			   "PRAGMA cache_size = -262144", &err) != CN_OK)
		die("pragma", &err);
	double t0 = now_s();
	if (cn_db_begin(db, &err) != CN_OK)
		die("begin", &err);
	if (commune) {
		long long p = add_unit("95", "Tỉnh Bạc Liêu", "Tỉnh", 0);
		long long d = add_unit("961", "Huyện Hoà Bình", "Huyện", p);
		add_team(d, CN_LEVEL_DISTRICT, 7);
		write_members();
		long long c = add_unit("31933", "Xã Vĩnh Mỹ A", "Xã", d);
		fill_commune(c, "Xã", 10, 3);
	} else {
		load_official(&o, national);
	}
	if (cn_db_commit(db, &err) != CN_OK)
		die("commit", &err);
	double t1 = now_s();
	if (cn_db_begin(db, &err) != CN_OK)
		die("begin", &err);
	add_results();
	if (cn_db_commit(db, &err) != CN_OK)
		die("commit", &err);
	double t2 = now_s();
	cn_db_exec(db, "PRAGMA optimize; PRAGMA journal_mode = WAL", &err);
	cn_db_close(db);
	free(known);
	printf("scale=%s seed=%llu units=%ld villages=%ld teams=%ld members=%ld trainings=%ld attendance=%ld "
	       "reports=%ld build_s=%.1f results_s=%.1f\n",
	       o.scale, (unsigned long long)o.seed, made.units, made.villages, made.teams, made.members,
	       made.trainings, made.attendance, made.reports, t1 - t0, t2 - t1);
	return 0;
}
