/* Bringing the units of the database up to a newer official list of the
 * same structure ("cnscd units update"): units of the list the database
 * lacks are added, units whose name, type or parent changed are rewritten
 * (what they were is kept, so search still finds them by their old name
 * and figures as of an earlier date see them as they were), and official
 * units the list no longer has are closed. Units are matched by code, so
 * running it again changes nothing.
 *
 * It is not a reorganisation: a unit that would close while it still holds
 * teams or villages, or a list that names units the database has closed
 * (an older list), stops it with nothing written. Moving teams between
 * units is "cnscd reorg apply"'s job (reorg.h). */
#ifndef CNSCD_UNIT_UPDATE_H
#define CNSCD_UNIT_UPDATE_H

#include <stdbool.h>

#include "cnscd/db.h"
#include "cnscd/validate.h"

enum cn_unit_change_kind { CN_UNIT_ADDED = 1, CN_UNIT_CHANGED, CN_UNIT_CLOSED };
/* What changed in a unit of kind CN_UNIT_CHANGED. */
enum { CN_UNIT_RENAMED = 1, CN_UNIT_RETYPED = 2, CN_UNIT_MOVED = 4 };

typedef struct cn_unit_change {
	int kind;                        /* enum cn_unit_change_kind */
	unsigned what;                   /* CN_UNIT_RENAMED | ... for a changed unit */
	const char *code;
	const char *name, *type;         /* as the list has them (closed: as the database) */
	const char *parent;              /* the parent's code in the list, NULL for a top unit */
	const char *old_name, *old_type, *old_parent; /* a changed unit as the database has it */
	long line;                       /* in the file; 0 for a closed unit */
} cn_unit_change;

typedef struct cn_unit_update_options {
	const char *date;  /* first day of the new list (dd/mm/yyyy or ISO); NULL: today */
	bool backup;       /* copy the database aside first, "…-before-units-update.db" */
	/* Called for each change, in the list's order, the closed units last. */
	int (*change)(const cn_unit_change *c, void *ctx);
	void *ctx;
} cn_unit_update_options;

typedef struct cn_unit_update_result {
	char date[CN_DATE_LEN];            /* ISO */
	long added, changed, closed, unchanged;
	long renamed, retyped, moved;      /* of the changed (a unit may count in several) */
	char **problems;                   /* nothing was (or would be) written */
	int nproblems;
	char *backup_path;                 /* apply: the copy made first, or NULL */
} cn_unit_update_result;

void cn_unit_update_result_clear(cn_unit_update_result *res);

/* Compares the list at PATH (CSV or xlsx, columns code,name,type,level,
 * parent_code; or a list inside cnscd: official.h) with the database,
 * writing nothing. CN_OK with RES counted (and OPT->change called); CN_EINVAL
 * with RES->problems; another status with ERR when the file cannot be read. */
int cn_unit_update_compare(cn_db *db, const char *path, const cn_unit_update_options *opt,
			   cn_unit_update_result *res, cn_error *err);

/* Compares again and writes, in one transaction (the counts in RES are of
 * what was written; all zero when there was nothing to do). */
int cn_unit_update_apply(cn_db *db, const char *path, const cn_unit_update_options *opt,
			 cn_unit_update_result *res, cn_error *err);

#endif
