/* Checks shared by the importers' tests: one-value queries on the test
 * database and the problem list of an import, one problem per line. */
#ifndef CNSCD_TEST_IMPORT_CHECK_H
#define CNSCD_TEST_IMPORT_CHECK_H

#include <stdlib.h>

#include "cnscd/db.h"
#include "cnscd/import.h"
#include "t.h"

/* The integer SQL returns, -1 when it returns nothing. */
static inline long long count(cn_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return n;
}

/* The text SQL returns (malloc'd), "(none)" when it returns nothing. */
static inline char *text(cn_db *db, const char *sql)
{
	sqlite3_stmt *st;
	char *s = NULL;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			s = cn_col_dup(st, 0);
		sqlite3_finalize(st);
	}
	return s ? s : cn_strdup("(none)");
}

#define CHECK_SQL_STR(db, sql, want) \
	do { char *t_s = text(db, sql); CHECK_STR(t_s, want); free(t_s); } while (0)

/* All the problems of RES, one per line. Malloc'd. */
static inline char *problems(const cn_import_result *res)
{
	cn_buf b = {0};
	for (int i = 0; i < res->nproblems; i++) {
		char *t = cn_import_problem_text(&res->problems[i]);
		cn_buf_printf(&b, "%s\n", t);
		free(t);
	}
	return cn_buf_steal(&b);
}

#endif
