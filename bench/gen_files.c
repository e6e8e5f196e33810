/* The import benchmark's input files (bench/README.md, "Imports"): CSV
 * files as a province or a district would send them, over the communes of
 * the official unit list, deterministic for a seed. */
#include "gen_files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/csv.h"
#include "rng.h"

/* A commune of the official list and the province it is in. */
struct commune {
	char code[16];
	int province;
};

struct units_list {
	struct commune *c;
	size_t n, cap;
};

/* The communes (level 3) of the official list, in its order. Every
 * commune's parent (a district) comes before it in the list, and every
 * district's parent is a province, so the province is the first two
 * digits of the district's parent code; the list is ~10,800 rows. */
static int load_communes(const char *path, struct units_list *out)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cnscd-gen: cannot read %s: %s\n", path, strerror(errno));
		return -1;
	}
	cn_csv_reader *r = cn_csv_reader_new(f);
	cn_csv_row row;
	cn_error err = {0};
	char (*district)[2][16] = NULL; /* code, parent code */
	size_t ndistrict = 0;
	int rc;
	bool header = true;
	while ((rc = cn_csv_read(r, &row, &err)) > 0) {
		if (header || row.count < 5) {
			header = false;
			continue;
		}
		if (strcmp(row.fields[3], "2") == 0) {
			district = cn_reallocarray(district, ndistrict + 1, sizeof *district);
			snprintf(district[ndistrict][0], 16, "%s", row.fields[0]);
			snprintf(district[ndistrict++][1], 16, "%s", row.fields[4]);
		} else if (strcmp(row.fields[3], "3") == 0) {
			int province = 0;
			for (size_t i = ndistrict; i-- > 0;)
				if (strcmp(district[i][0], row.fields[4]) == 0) {
					province = atoi(district[i][1]);
					break;
				}
			if (out->n == out->cap) {
				out->cap = out->cap ? out->cap * 2 : 1024;
				out->c = cn_reallocarray(out->c, out->cap, sizeof *out->c);
			}
			snprintf(out->c[out->n].code, sizeof out->c[out->n].code, "%s", row.fields[0]);
			out->c[out->n++].province = province;
		}
	}
	cn_csv_free(r);
	fclose(f);
	free(district);
	if (rc < 0 || out->n == 0) {
		fprintf(stderr, "cnscd-gen: %s: no communes read (%s)\n", path, err.msg);
		return -1;
	}
	return 0;
}

/* Distinct numbers for distinct counters: multiplying by a number prime to
 * the modulus permutes 0..MOD-1, so the ID numbers and phones of a file
 * look scattered and never repeat (counters < 10^8). */
static long long scatter(long long counter, long long mul, long long mod)
{
	return (counter % mod * (mul % mod) + 1234567) % mod;
}

enum row_kind { ROW_VALID, ROW_BAD_PHONE };

/* One member row of the 11 columns of members_header. */
static void put_member(FILE *f, long stt, const struct commune *c, const char *team, long long counter, int role,
		       enum row_kind kind)
{
	static const char *const positions[] = {"Bí thư chi bộ", "Trưởng thôn/ấp/khu phố", "Hội Phụ nữ",
						"Đoàn Thanh niên", "Công an", "Hội Nông dân", "Hội Cựu chiến binh",
						"Mặt trận Tổ quốc", "Y tế", "Giáo viên", "Công chức xã/phường"};
	static const char *const prefixes[] = {"09", "08", "07", "03", "05"};
	static const char *const roles[] = {"Tổ trưởng", "Tổ phó", "Thành viên"};
	bool female = rng_chance(45);
	char name[160];
	draw_person_name(female, name, sizeof name);
	int year = 1960 + rng_below(46);
	char phone[24];
	if (kind == ROW_BAD_PHONE)
		snprintf(phone, sizeof phone, "%d", 10 + rng_below(90));
	else
		snprintf(phone, sizeof phone, "%s%08lld", PICK(prefixes), scatter(counter, 48828125LL, 100000000LL));
	fprintf(f, "%ld,%s,%s,%s,%s,%d,%s,%03d%09lld,%s,%s,%02d/%02d/%d\n", stt, c->code, team, name,
		female ? "Nữ" : "Nam", year, phone, c->province % 1000, scatter(counter, 387420489LL, 1000000000LL),
		roles[role - 1], PICK(positions), 1 + rng_below(28), 1 + rng_below(12), 2023 + rng_below(3));
}

static const char members_header[] =
	"stt,unit_code,team,full_name,gender,birth_year,phone,id_number,role,position,joined\n";

static FILE *open_out(const char *dir, const char *name, char **path, const char *header)
{
	*path = cn_sprintf("%s/%s", dir, name);
	FILE *f = fopen(*path, "wb");
	if (!f) {
		fprintf(stderr, "cnscd-gen: cannot write %s: %s\n", *path, strerror(errno));
		free(*path);
		return NULL;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	fputs(header, f);
	return f;
}

static int close_out(FILE *f, char *path, long rows)
{
	int rc = fclose(f) == 0 ? 0 : -1;
	if (rc)
		fprintf(stderr, "cnscd-gen: cannot write %s: %s\n", path, strerror(errno));
	else
		printf("%s: %ld rows\n", path, rows);
	free(path);
	return rc;
}

/* N members in blocks of a commune's members (a leader, a deputy, then
 * members) in the order of the list, into each commune's default team
 * (empty team cell): about 25 a commune, over every commune of the list
 * when N is large enough (300,000: all 10,035), else over the first ones
 * (so that the results of write_results find their teams). */
static int write_spread(const char *dir, const char *name, const struct units_list *u, long n,
			long long first_counter, enum row_kind kind)
{
	char *path;
	FILE *f = open_out(dir, name, &path, members_header);
	if (!f)
		return -1;
	long done = 0;
	size_t communes = (size_t)(n / 25 + 1) < u->n ? (size_t)(n / 25 + 1) : u->n;
	for (size_t i = 0; i < communes && done < n; i++) {
		long share = (long)((n * (long long)(i + 1)) / (long long)communes) - done;
		for (long k = 0; k < share; k++, done++)
			put_member(f, done + 1, &u->c[i], "", first_counter + done, k == 0 ? 1 : k == 1 ? 2 : 3, kind);
	}
	return close_out(f, path, done);
}

#define BIG_TEAMS 9
static const char big_team_name[] = "Tổ CNSCĐ khu dân cư tập trung";

/* N members into the named team of BIG_TEAMS communes spread over the
 * list, one team after the other; with LEADERS each team's first row is
 * its leader. */
static int write_big_teams(const char *dir, const char *name, const struct units_list *u, long n,
			   long long first_counter, bool leaders)
{
	char *path;
	FILE *f = open_out(dir, name, &path, members_header);
	if (!f)
		return -1;
	long done = 0;
	for (int t = 0; t < BIG_TEAMS; t++) {
		const struct commune *c = &u->c[(size_t)t * u->n / BIG_TEAMS];
		long share = n * (t + 1) / BIG_TEAMS - done;
		for (long k = 0; k < share; k++, done++)
			put_member(f, done + 1, c, big_team_name, first_counter + done, leaders && k == 0 ? 1 : 3,
				   ROW_VALID);
	}
	return close_out(f, path, done);
}

/* A year (2026) of the 11 indicators of the catalogue for the default
 * teams of the first communes of the list: ceil(N / 132) teams (those of
 * members.csv when it has at least 25 × that many members). */
static int write_results(const char *dir, const struct units_list *u, long n)
{
	static const char *const indicators[] = {"HO_HUONG_DAN", "NGUOI_HUONG_DAN", "VNEID_MUC2", "VSSID",
						 "TT_DIEN_TU", "CUA_HANG_SO", "DVC_TRUC_TUYEN", "SO_SUC_KHOE",
						 "TUYEN_TRUYEN", "HO_SMARTPHONE", "BDHVS"};
	char *path;
	FILE *f = open_out(dir, "results.csv", &path, "period,unit_code,team,indicator_code,value\n");
	if (!f)
		return -1;
	long done = 0;
	for (size_t i = 0; i < u->n && done < n; i++)
		for (int m = 1; m <= 12 && done < n; m++)
			for (size_t k = 0; k < CN_ARRAY_LEN(indicators) && done < n; k++, done++)
				fprintf(f, "2026-%02d,%s,,%s,%d\n", m, u->c[i].code, indicators[k], rng_below(400));
	return close_out(f, path, done);
}

int gen_import_files(const struct gen_files_options *o)
{
	struct units_list u = {0};
	if (load_communes(o->units, &u) != 0)
		return 1;
	/* Disjoint counter ranges: no ID number or phone repeats across files. */
	int rc = write_spread(o->dir, "members.csv", &u, o->members, 0, ROW_VALID);
	/* 11,000 members in each of 9 teams, then 100,000 more (less for a
	 * small members.csv). */
	long in_teams = o->members / 3 < 99000 ? o->members / 3 : 99000;
	long more = o->members / 3 < 100000 ? o->members / 3 : 100000;
	rc = rc ? rc : write_big_teams(o->dir, "members-teams.csv", &u, in_teams, 10000000, true);
	rc = rc ? rc : write_big_teams(o->dir, "members-more.csv", &u, more, 20000000, false);
	rc = rc ? rc : write_results(o->dir, &u, o->results);
	if (o->big) {
		rc = rc ? rc : write_spread(o->dir, "members-big.csv", &u, 2250000, 30000000, ROW_VALID);
		rc = rc ? rc : write_spread(o->dir, "members-bad.csv", &u, 2150000, 60000000, ROW_BAD_PHONE);
	}
	free(u.c);
	return rc ? 1 : 0;
}
