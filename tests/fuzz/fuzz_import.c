/* libFuzzer target: the importers (src/core/import_*.c), fed any bytes as
 * a CSV file. Each input goes to all four: units, members, the attendance
 * of a training session, monthly results, on a real SQLite database in a
 * temporary folder that holds a province, a commune, a village, a team with
 * members and a session. Besides not crashing (ASan, UBSan), it checks what
 * the importers promise: a refusal has a message, every problem has a
 * message in valid UTF-8 and a line that is not before the previous one,
 * and the database passes its integrity and foreign-key checks. The
 * database is put back to its first state every RESET_EVERY runs, so that
 * what imports add does not slow the runs down. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cnscd/db.h"
#include "cnscd/import.h"
#include "cnscd/text.h"
#include "fuzz_sql.h"
#include "cnscd/training.h"
#include "cnscd/store.h"

#define RESET_EVERY 200

static char dir[] = "/tmp/cnscd-fuzz-import-XXXXXX";
static char db_path[256], pristine[256], input[256], rejects[256];
static cn_db *db;
static long long training_id;
static int runs;

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_import: broken promise: %s\n", what);
		abort();
	}
}

static void write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	check(f && fwrite(data, 1, size, f) == size && fclose(f) == 0, "the input file is written");
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	check(in && out, "the database copy opens");
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		check(fwrite(buf, 1, n, out) == n, "the database copy is written");
	fclose(in);
	check(fclose(out) == 0, "the database copy is closed");
}

static void import_text(int (*fn)(cn_db *, const char *, const cn_import_options *, cn_import_result *,
				  cn_error *),
			const char *text)
{
	write_file(input, text, strlen(text));
	cn_import_options opt = {0};
	cn_import_result res = {0};
	cn_error err = {0};
	int rc = fn(db, input, &opt, &res, &err);
	if (rc != CN_OK)
		fprintf(stderr, "fuzz_import: setup import failed: %s\n", err.msg);
	check(rc == CN_OK, "the setup import succeeds");
	cn_import_result_clear(&res);
}

/* The first state: made once with the importers themselves, kept as a
 * file; later resets copy it back. */
static void make_pristine(void)
{
	cn_error err = {0};
	db = cn_store_open(db_path, CN_DB_CREATE, &err);
	check(db != NULL, "the database opens");
	import_text(cn_import_units, "code,name,type,level,parent_code\n"
				     "96,Tỉnh Cà Mau,Tỉnh,1,\n"
				     "32014,Xã Tân Hưng,Xã,2,96\n"
				     "32014.01,Ấp Tân Phong,Ấp,4,32014\n");
	import_text(cn_import_members, "unit_code,team,full_name,gender,birth_year,phone,id_number,role\n"
				       "32014.01,,Nguyễn Văn An,Nam,1985,0912345678,095085000123,Tổ trưởng\n"
				       "32014.01,,Trần Thị Bình,Nữ,1990,0987654321,,Thành viên\n");
	cn_training t = {0};
	t.unit_id = 2;
	t.title = "Tập huấn kỹ năng số";
	t.start_date = "01/03/2025";
	int rc = cn_training_add(db, &t, &err);
	if (rc != CN_OK)
		fprintf(stderr, "fuzz_import: %s\n", err.msg);
	check(rc == CN_OK, "the training session is added");
	training_id = t.id;
	check(cn_db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", &err) == CN_OK, "checkpoint");
	cn_db_close(db);
	db = NULL;
	copy_file(db_path, pristine);
}

static void reset(void)
{
	if (db)
		cn_db_close(db);
	char wal[300];
	snprintf(wal, sizeof wal, "%s-wal", db_path);
	unlink(wal);
	copy_file(pristine, db_path);
	cn_error err = {0};
	db = cn_store_open(db_path, 0, &err);
	check(db != NULL, "the database reopens");
	/* Nothing here needs to survive a power cut: faster runs. */
	cn_db_exec(db, "PRAGMA synchronous = OFF", &err);
}

static void remove_dir(void)
{
	if (db)
		cn_db_close(db);
	db = NULL;
	const char *names[] = {"cnscd.db", "cnscd.db-wal", "cnscd.db-shm", "pristine.db", "input.csv",
			       "input.loi.csv"};
	char path[300];
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	check(mkdtemp(dir) != NULL, "temporary folder");
	snprintf(db_path, sizeof db_path, "%s/cnscd.db", dir);
	snprintf(pristine, sizeof pristine, "%s/pristine.db", dir);
	snprintf(input, sizeof input, "%s/input.csv", dir);
	snprintf(rejects, sizeof rejects, "%s/input.loi.csv", dir);
	atexit(remove_dir);
	make_pristine();
	reset();
	return 0;
}

static void check_result(int rc, const cn_error *err, const cn_import_result *res)
{
	if (rc != CN_OK)
		check(err->msg[0] != '\0', "a refusal has a message");
	long last = 0;
	for (int i = 0; i < res->nproblems; i++) {
		const cn_import_problem *p = &res->problems[i];
		check(p->message && p->message[0], "a problem has a message");
		check(cn_utf8_valid(p->message, strlen(p->message)), "a problem's message is valid UTF-8");
		check(p->line >= last, "problems are in file order");
		last = p->line;
		char *text = cn_import_problem_text(p);
		check(cn_utf8_valid(text, strlen(text)), "a problem's text is valid UTF-8");
		free(text);
	}
	char *summary = cn_import_summary(res);
	check(summary && cn_utf8_valid(summary, strlen(summary)), "the summary is valid UTF-8");
	free(summary);
}

static int attendance(cn_db *d, const char *path, const cn_import_options *opt, cn_import_result *res,
		      cn_error *err)
{
	return cn_import_attendance(d, training_id, path, opt, res, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (runs++ % RESET_EVERY == 0)
		reset();
	write_file(input, data, size);
	static int (*const importers[])(cn_db *, const char *, const cn_import_options *, cn_import_result *,
					cn_error *) = {cn_import_units, cn_import_members, attendance, cn_import_results};
	for (size_t i = 0; i < sizeof importers / sizeof *importers; i++) {
		/* Half the inputs with bad rows skipped into a reject file. */
		cn_import_options opt = {.skip_invalid = size & 1, .reject_path = rejects};
		cn_import_result res = {0};
		cn_error err = {0};
		int rc = importers[i](db, input, &opt, &res, &err);
		check_result(rc, &err, &res);
		cn_import_result_clear(&res);
		check(sqlite3_get_autocommit(cn_db_sqlite(db)) != 0, "no transaction is left open");
	}
	int ok = 0, fk = 0;
	sqlite3_exec(cn_db_sqlite(db), "PRAGMA quick_check", fuzz_check_ok, &ok, NULL);
	check(ok, "the database passes quick_check");
	sqlite3_exec(cn_db_sqlite(db), "PRAGMA foreign_key_check", fuzz_any_row, &fk, NULL);
	check(!fk, "no foreign key is broken");
	return 0;
}
