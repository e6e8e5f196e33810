/* Search as you type: realistic queries typed letter by letter, without
 * diacritics, against a database; prints the median and worst time per
 * keystroke, on the clock and in CPU time (which other work on the
 * machine does not inflate). The interface asks for one screenful of hits
 * per keystroke. The queries: names, places, names with their place
 * ("vinh my a hoa binh", "nguyen van an vinh my a"), type words, digits.
 *
 *   bench-search DB [LIMIT]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnscd/search.h"
#include "cnscd/store.h"
#include "timing.h"

static const char *const queries[] = {
	"nguyen van an", "tran thi hoa", "hoa binh", "vinh my a", "le thi huong",
	"pham duc", "ap tan lap", "to cnscd xa", "0912", "hoang van dung",
	"hoa binh bac lieu", "vinh my a hoa binh", "nguyen van an vinh my a", "3375", "456789",
};

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench-search DB [LIMIT]\n");
		return 2;
	}
	int limit = argc > 2 ? atoi(argv[2]) : 20;
	cn_error err = {0};
	cn_db *db = cn_store_open(argv[1], 0, &err);
	if (!db) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	double samples[1024], cpu[1024];
	int n = 0;
	long hits = 0;
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		size_t len = strlen(queries[q]);
		for (size_t k = 1; k <= len && n < 1024; k++) {
			char prefix[64];
			snprintf(prefix, sizeof prefix, "%.*s", (int)k, queries[q]);
			double t0 = bench_now_ms(), c0 = cpu_ms();
			int got = cn_search(db, prefix, limit, NULL, NULL, &err);
			cpu[n] = cpu_ms() - c0;
			samples[n++] = bench_now_ms() - t0;
			if (got > 0)
				hits += got;
		}
	}
	bench_machine();
	printf("search-as-you-type: %d keystrokes, %ld hits, median %.2f ms, worst %.2f ms (limit %d); "
	       "CPU median %.2f ms, worst %.2f ms\n", n, hits, bench_median(samples, n), bench_max(samples, n), limit,
	       bench_median(cpu, n), bench_max(cpu, n));
	cn_db_close(db);
	return 0;
}
