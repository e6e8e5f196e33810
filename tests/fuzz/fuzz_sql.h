/* sqlite3_exec callbacks the database-backed fuzz targets share: whether a
 * PRAGMA quick_check said "ok", whether a query gave any row. CTX is an
 * int set to the answer. */
#ifndef CNSCD_FUZZ_SQL_H
#define CNSCD_FUZZ_SQL_H

#include <string.h>

static inline int fuzz_check_ok(void *ctx, int n, char **vals, char **names)
{
	(void)names;
	*(int *)ctx = n == 1 && vals[0] && strcmp(vals[0], "ok") == 0;
	return 0;
}

static inline int fuzz_any_row(void *ctx, int n, char **vals, char **names)
{
	(void)n, (void)vals, (void)names;
	*(int *)ctx = 1;
	return 0;
}

#endif
