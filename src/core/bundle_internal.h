/* Shared by the bundle modules: which tables travel and how they hang
 * together (read from the schema itself), and the checksum. */
#ifndef CNSCD_CORE_BUNDLE_INTERNAL_H
#define CNSCD_CORE_BUNDLE_INTERNAL_H

#include <stdbool.h>

#include "cnscd/bundle.h"
#include "cnscd/db.h"
#include "cnscd/util.h"

/* A foreign key to another carried table. */
struct bundle_fk {
	char *col;
	int parent; /* index into the plan's tables */
};

/* A carried table. Kinds:
 *   scope root  "unit": the subtree's path range;
 *   catalogue   a table with no foreign key to a carried one (indicators,
 *               topics): carried as far as the rows that travel use it,
 *               matched by its natural key (code) at the receiver;
 *   owned       every other table with id, uuid and updated_at (teams,
 *               members, trainings, reports, approvals...): a row travels
 *               when the rows it points to travel;
 *   child       rows without uuid that belong to one owned row and are
 *               replaced with it (a report's figures, a training's topics). */
struct bundle_table {
	char *name;
	char **cols;
	int ncols;
	struct bundle_fk *fks;
	int nfks;
	bool root, catalogue, child;
	int owner;          /* child: the table it belongs to */
	char *owner_col;    /* child: its column pointing there */
	char **nat;         /* natural key: a plain unique index without uuid */
	int nnat;
	const char *label;  /* Vietnamese, for messages */
};

struct bundle_plan {
	struct bundle_table *t;
	int n;
};

/* Reads the plan from the schema of DB's main database. */
int bundle_plan_load(cn_db *db, struct bundle_plan *p, cn_error *err);
void bundle_plan_free(struct bundle_plan *p);
int bundle_plan_find(const struct bundle_plan *p, const char *name);
bool bundle_table_has(const struct bundle_table *t, const char *col);
/* Columns that say nothing about the row's content. */
bool bundle_housekeeping(const char *col);

/* FNV-1a 64 over every table of SCHEMA (an attached bundle, "b"), in name
 * order, row by row in rowid order, each value with its type, then the
 * header's keys and values except the checksum itself; 16 hex digits. */
int bundle_checksum(sqlite3 *sq, const char *schema, char out[17], cn_error *err);


/* The text SQL gives with ?1 bound to ID, or NULL. Malloc'd. */
char *bundle_query_text(cn_db *db, const char *sql, long long id);

/* Runs SQL (no rows) prepared each time: the bundle's statements are built
 * from table names, so they cannot go through the statement cache. Binds
 * the NULL-terminated text parameters in order. */
int bundle_exec(cn_db *db, const char *sql, cn_error *err, const char *what, ...);

#endif
