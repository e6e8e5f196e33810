/* Test tool: adds COUNT members through the core API in ONE transaction,
 * printing "inserted N" every STEP rows (flushed, so a test can kill it at a
 * known point) and "committed" at the end. Used by the crash-safety and
 * full-disk tests: whatever happens, the database must hold all of these
 * members or none. With "hold", it stops after the first progress line,
 * inside the transaction, until killed: a test can then do what it wants
 * (a backup, a kill -9) at that exact point, however slow it is.
 *   fill_members DB COUNT [STEP [hold]] */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cnscd/member.h"
#include "cnscd/team.h"
#include "cnscd/unit.h"
#include "cnscd/store.h"

static long long some_team(cn_db *db, cn_error *err)
{
	long long unit = cn_unit_id_by_code(db, "99");
	if (!unit) {
		cn_unit u = {.code = "99", .name = "Tỉnh Thử Nghiệm", .type = "Tỉnh"};
		if (cn_unit_add(db, &u, err) != CN_OK)
			return 0;
		unit = u.id;
	}
	return cn_team_default_for_unit(db, unit, true, err);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: fill_members DB COUNT [STEP [hold]]\n");
		return 2;
	}
	/* Past a file-size limit, writes must fail (EFBIG), not kill us. */
	signal(SIGXFSZ, SIG_IGN);
	long count = atol(argv[2]), step = argc > 3 ? atol(argv[3]) : 10000;
	int hold = argc > 4 && strcmp(argv[4], "hold") == 0;
	cn_error err = {0};
	cn_db *db = cn_store_open(argv[1], CN_DB_CREATE, &err);
	long long team = db ? some_team(db, &err) : 0;
	int rc = team ? cn_db_begin(db, &err) : CN_EDB;
	for (long i = 1; rc == CN_OK && i <= count; i++) {
		char name[64], phone[16];
		snprintf(name, sizeof name, "Người Thử Số %ld", i);
		snprintf(phone, sizeof phone, "09%08ld", i % 100000000);
		cn_member m = {.team_id = team, .full_name = cn_strdup(name), .phone = cn_strdup(phone),
			       .note = cn_strdup("Thêm bởi công cụ kiểm thử fill_members")};
		rc = cn_member_add(db, &m, &err);
		cn_member_clear(&m);
		if (rc == CN_OK && step > 0 && i % step == 0) {
			printf("inserted %ld\n", i);
			fflush(stdout);
			while (hold)
				pause();
		}
	}
	if (rc == CN_OK)
		rc = cn_db_commit(db, &err);
	else if (db)
		cn_db_rollback(db);
	if (rc == CN_OK) {
		puts("committed");
	} else {
		fprintf(stderr, "fill_members: %s\n", err.msg);
	}
	cn_db_close(db);
	return rc == CN_OK ? 0 : 1;
}
