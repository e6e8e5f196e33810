/* Bulk inserts for the importers (import_bulk.c): between cn_bulk_begin
 * and cn_bulk_end, rows go into one table by a few INSERT ... SELECT
 * statements with the connection's triggers off; cn_bulk_end then does
 * what the table's insert triggers do, once for all the new rows (their
 * ids are above the largest id at the begin). Inside a transaction. */
#ifndef CNSCD_CORE_IMPORT_BULK_INTERNAL_H
#define CNSCD_CORE_IMPORT_BULK_INTERNAL_H

#include "cnscd/db.h"
#include "cnscd/util.h"

typedef struct cn_bulk {
	cn_db *db;
	const char *name;  /* the table */
	/* When the connection's foreign keys are off: the one parent table whose
	 * references the new rows are checked for (NULL: every parent). An
	 * importer names the table whose rows it made itself: the others it
	 * found in the database, in the snapshot its checks read. */
	const char *check_parent;
	const struct bulk_table *table;
	long long first;   /* the first new id */
	long long synced;  /* the last id whose triggers' work is done, 0: none */
	int replicas;      /* the insert triggers to stand in for (bits) */
	bool triggers_off;
	/* The table's indexes, dropped by cn_bulk_expect: their SQL, to make
	 * them again at the end ("" when none were dropped). */
	cn_buf indexes;
	/* Optional: told how much of cn_bulk_end's work is done (0 to 1) as
	 * it goes, the indexes made again and the triggers' work left. */
	void (*progress)(void *ctx, double done);
	void *progress_ctx;
	bool remade; /* the indexes dropped are made again */
	/* For the inserts: the time of the writing (the rows' created_at and
	 * updated_at). */
	char now[32];
} cn_bulk;

/* Notes the first new id of TABLE (B->first) and, when every trigger of
 * TABLE is one that import_bulk.c knows, turns the triggers off, and the
 * CHECK constraints (the rows are checked before: a CHECK that calls a
 * function, length(name) > 0, made SQLite keep a statement journal of
 * every page a big insert changed). */
int cn_bulk_begin(cn_db *db, const char *table, cn_bulk *b, cn_error *err);
/* Tells the bulk that about ROWS new rows will come: when they are at
 * least as many as the table holds (a first import, a province's year of
 * results), the table's indexes are dropped until cn_bulk_end, which
 * makes them again from the sorted keys, several times faster than
 * adding the keys one at a time in random places. Only for bulks that
 * only insert: no lookup of the table may come before the end, and a
 * unique index is checked when it is made again. */
int cn_bulk_expect(cn_bulk *b, long long rows, cn_error *err);
/* Does the triggers' work for the rows inserted since the last call: after
 * each big statement, while its pages are still in the cache. */
int cn_bulk_sync(cn_bulk *b, cn_error *err);
/* Does the triggers' work for the rows left (when OK) and turns the
 * triggers back on; when the connection's foreign keys are off (an
 * import), checks the new rows' references. Must be called after every
 * cn_bulk_begin. */
int cn_bulk_end(cn_bulk *b, bool ok, cn_error *err);

/* Tests: false makes every bulk insert keep the triggers on and the
 * indexes (the rows go in as one by one), to compare the outcome of the
 * two ways. */
void cn_bulk_allow(bool allow);

#endif
