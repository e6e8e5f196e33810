/* Times the browse cursors on a database made by "seed big" (team 1 is the
 * big team):  build/tests/browse_bench DB
 * Not run by the test suite; the figures go in reports. */
#include <stdio.h>
#include <time.h>

#include "cnscd/browse.h"
#include "cnscd/store.h"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double t0;
static void start(void) { t0 = now_ms(); }
static void report(const char *what) { printf("%-34s %8.1f ms\n", what, now_ms() - t0); }

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: browse_bench DB\n");
		return 2;
	}
	cn_error err = {0};
	cn_db *db = cn_store_open(argv[1], 0, &err);
	if (!db) {
		fprintf(stderr, "browse_bench: %s\n", err.msg);
		return 1;
	}
	const int page = 22; /* rows of an 80x24 screen */
	start();
	cn_browse *b = cn_browse_open(db, CN_BROWSE_UNITS, 0, &err);
	cn_browse_fetch(b, 0, page, &err);
	report("start: top units with figures");
	cn_browse_free(b);

	start();
	b = cn_browse_open(db, CN_BROWSE_MEMBERS, 1, &err);
	report("open the big team (count)");
	long long n = cn_browse_count(b);
	start();
	cn_browse_fetch(b, 0, page, &err);
	report("first page");
	start();
	for (int i = 1; i <= 2000; i++)
		cn_browse_fetch(b, i, page, &err);
	report("2000 times Down");
	start();
	cn_browse_fetch(b, n - page, page, &err);
	report("End");
	start();
	for (int i = 1; i <= 100; i++)
		cn_browse_fetch(b, n - page - i * (page - 1), page, &err);
	report("100 times PgUp from the end");
	start();
	cn_browse_fetch(b, n / 2, page, &err);
	report("jump to the middle (OFFSET)");
	start();
	cn_browse_set_order(b, CN_ORDER_PHONE, false, &err);
	cn_browse_fetch(b, 0, page, &err);
	report("sort by phone, first page");
	start();
	cn_browse_set_order(b, CN_ORDER_NAME, false, &err);
	cn_browse_fetch(b, 0, page, &err);
	report("sort by name, first page");
	printf("%lld members\n", n);
	cn_browse_free(b);
	cn_db_close(db);
	return 0;
}
