/* Shared by the two halves of the units importer: import_units.c reads
 * rows into entries (one per unit code), import_units_tree.c checks them
 * as a tree and writes them. */
#ifndef CNSCD_CORE_IMPORT_UNITS_INTERNAL_H
#define CNSCD_CORE_IMPORT_UNITS_INTERNAL_H

#include <string.h>

#include "import_internal.h"

/* Where an entry's fields sit in the layout, for messages (-1: nowhere). */
struct cols {
	int code, name, type, parent;
};

struct entry {
	char *code, *name, *type, *parent; /* cleaned; PARENT is NULL for a top unit */
	size_t rec;                        /* the record that brought it */
	long line;                         /* its line */
	struct cols cols;
	/* As the database has it (db_id 0 when new). */
	long long db_id;
	char *db_name, *db_type, *db_parent, *db_path;
	/* The parent: an entry, else a unit of the database. */
	long parent_entry;
	long long parent_db;
	int parent_db_level;
	char *parent_db_name, *parent_db_path;
	bool parent_db_closed, db_closed;
	int walk; /* 0 not yet, 1 on the current chain, 2 done */
	int depth;
	bool bad;
	long long id;
	int level;
	char *path;  /* as written */
};

/* A file of units is the tree of a country, ~112,000 units with its
 * villages: its entries are kept in memory, up to this many. */
#define UNITS_MAX 200000

struct units {
	struct entry *e;
	size_t n, cap;
	cn_strmap by_code;
	long *leaf; /* per record: the entry the row is about, -1 if none */
	size_t nleaf;
};

static inline bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The entry record REC is about, -1 if none. */
static inline long leaf_of(const struct units *s, size_t rec)
{
	return rec < s->nleaf ? s->leaf[rec] : -1;
}

/* The checks across rows: parents found in the file or the database,
 * loops, closed parents, and faults passed on from parents to children. */
void units_check_tree(cn_import *imp, struct units *s);
/* Writes the good entries, parents first, then rebuilds the tree. */
int units_write(cn_import *imp, struct units *s, cn_error *err);
void units_free(struct units *s);

#endif
