/* Shared by the parts of "reorg apply": reorg_input.c reads the files,
 * reorg_plan.c matches them with the database and decides, reorg_write.c
 * writes the decisions, reorg.c runs the whole. */
#ifndef CNSCD_CORE_REORG_INTERNAL_H
#define CNSCD_CORE_REORG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "cnscd/reorg.h"
#include "import_internal.h"

/* A unit of the new list. */
struct new_unit {
	char *code, *name, *type, *parent; /* cleaned; PARENT NULL for a top unit */
	long line;
	long parent_idx;    /* the parent in the list, -1 for a top unit */
	int level;
	long received;      /* mapping rows that point at it */
	/* Planning: */
	bool needed;        /* some old unit of the database becomes (part of) it */
	long long db_id;    /* the unit that is or will be it (0: to create) */
	bool update;        /* db_id is an old unit going on: rewrite its name, type, parent */
	bool written;       /* reorg_write: created or rewritten already */
};

/* A row of the mapping file. */
struct map_row {
	char *old_code, *new_code;
	long line;
	long new_idx;       /* in the new list, -1 when absent */
};

/* An old code of the mapping, with its rows. */
struct old_unit {
	const char *code;   /* points into a row */
	long *rows;         /* its mapping rows */
	int nrows;
	/* Planning: the unit of the database, when it has one. */
	long long db_id;
	int level;
	bool open, relevant;
	long long parent_id;
	char *name;
	long carry;         /* the new unit its villages and teams go to (new list index) */
	bool continuing;    /* the same code is in the new list: the unit goes on */
	bool assigned;      /* carry chosen by an explicit assignment */
};

/* A district of the database that the mapping does not name. */
struct district {
	long long db_id;
	char *code, *name;
	long province;      /* old unit index of its province */
	long carry;         /* new list index: the new province, or the assigned commune */
};

/* An explicit "OLD=NEW". */
struct assignment {
	char *old_code, *new_code;
	const char *source; /* "--assign" or the file's name */
	long line;          /* in the file, 0 for --assign */
};

struct reorg {
	const cn_reorg_options *opt;
	char date[CN_DATE_LEN], day_before[CN_DATE_LEN];
	const char *mapping_name, *units_name; /* for messages: the files' base names */
	struct new_unit *nu;
	size_t nnu, capnu;
	cn_strmap nu_by_code;
	struct map_row *rows;
	size_t nrows, caprows;
	struct old_unit *old;
	size_t nold;
	cn_strmap old_by_code;
	struct assignment *as;
	size_t nas, capas;
	cn_strmap as_by_old;
	/* Planning (rebuilt by each reorg_plan): */
	struct district *dist;
	size_t ndist, capdist;
	cn_reorg_result *res;
	long changes;       /* what writing would change; 0: nothing to do */
	long closed_before; /* old units closed earlier, not by a reorganisation */
	char *closed_example;
};

/* Appends a problem (or a note) to the result. */
void reorg_problem(struct reorg *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void reorg_note(struct reorg *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* reorg_input.c: reading the files into R; problems go to r->res. A file
 * that cannot be read at all fails with ERR. */
int reorg_read_units(struct reorg *r, const char *path, cn_error *err);
int reorg_read_mapping(struct reorg *r, const char *path, cn_error *err);
int reorg_read_assignments(struct reorg *r, const char *path, cn_error *err);
void reorg_parse_assign(struct reorg *r, const char *text);
void reorg_input_free(struct reorg *r);

/* reorg_plan.c: matches R with the database and decides everything,
 * counting into r->res; problems and questions go to r->res. */
int reorg_plan(cn_db *db, struct reorg *r, cn_error *err);
/* Forgets what reorg_plan found, for another run. */
void reorg_plan_reset(struct reorg *r);

/* reorg_write.c: writes the plan, inside the caller's transaction. */
int reorg_write(cn_db *db, struct reorg *r, cn_error *err);
/* Writes unit NI of the new list when needed (creates it, or keeps what it
 * was and rewrites it), its parent first; also for "units update". */
int reorg_write_unit(cn_db *db, struct reorg *r, long ni, cn_error *err);

#endif
