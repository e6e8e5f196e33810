/* Times the check-in search: checkin_bench DB [ROUNDS] runs the queries a
 * trainer types, letter by letter, against the first session of DB and
 * prints the mean and the worst time of one keystroke's query. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnscd/db.h"
#include "cnscd/training.h"

static int first_session(const cn_training_row *row, void *ctx)
{
	*(long long *)ctx = row->id;
	return 1;
}

static int take(const cn_attendee *a, void *ctx)
{
	(void)a;
	(*(int *)ctx)++;
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: checkin_bench DB [ROUNDS]\n");
		return 2;
	}
	int rounds = argc > 2 ? atoi(argv[2]) : 20;
	cn_error err = {0};
	cn_db *db = cn_db_open(argv[1], 0, &err);
	long long id = 0;
	if (!db || cn_training_list(db, 0, first_session, &id, &err) != CN_OK || !id) {
		fprintf(stderr, "checkin_bench: %s\n", db ? (id ? err.msg : "no session") : err.msg);
		return 1;
	}
	static const char *const typed[] = {"nguyen thi minh 4", "tran b", "0010499", "hoang kh"};
	double total = 0, worst = 0;
	int queries = 0, shown = 0;
	for (int r = 0; r < rounds; r++) {
		for (size_t q = 0; q < sizeof typed / sizeof *typed; q++) {
			char prefix[64];
			for (size_t len = 1; len <= strlen(typed[q]); len++) {
				snprintf(prefix, sizeof prefix, "%.*s", (int)len, typed[q]);
				double t0 = now_ms();
				if (cn_attendance_find(db, id, prefix, 0, 25, take, &shown, &err) < 0) {
					fprintf(stderr, "checkin_bench: %s\n", err.msg);
					return 1;
				}
				double dt = now_ms() - t0;
				total += dt;
				worst = dt > worst ? dt : worst;
				queries++;
			}
		}
	}
	printf("%d queries, mean %.3f ms, worst %.3f ms per keystroke\n", queries, total / queries, worst);
	cn_db_close(db);
	return 0;
}
