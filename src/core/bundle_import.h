/* Between the modules that read a bundle (bundle_verify.c, bundle_import.c,
 * bundle_merge.c, bundle_conflict.c). */
#ifndef CNSCD_CORE_BUNDLE_IMPORT_H
#define CNSCD_CORE_BUNDLE_IMPORT_H

#include "bundle_internal.h"

struct bundle_header {
	int format, schema;
	char bundle_id[33], source_id[33];
	char created_at[32], created_by[128];
	char root_code[64], root_uuid[33], root_name[256], root_parent_code[64];
	char since[32];
	long long root_parent_id;
};

/* Checks the bundle attached as "b" (see bundle_verify.c). */
int bundle_verify(cn_db *db, const char *path, struct bundle_header *h, cn_error *err);
/* The bundle's unit here (*ROOT, 0 when it is to be added) and its parent. */
int bundle_find_root(cn_db *db, const struct bundle_header *h, long long *root, long long *parent, cn_error *err);

/* SQL pieces over a bundle table's row "x" (or a JSON object): */
/* The value of column COL of T as this database knows it: a foreign key
 * goes through temp.bundle_map, anything else is copied. */
void bundle_add_mapped(cn_buf *b, const struct bundle_plan *p, const struct bundle_table *t, const char *col,
		       const char *alias);
/* The columns that both sides have and that a merge writes: not id (local),
 * not path (recomputed); WITH_UUID for an insert. Malloc'd array of
 * borrowed names, *N of them; BUNDLE_SCHEMA "b", or NULL for all local. */
const char **bundle_merge_columns(cn_db *db, const struct bundle_table *t, const char *bundle_schema,
				  bool with_uuid, int *n);

/* Replaces the child rows (a report's figures) of the local rows listed in
 * temp.bundle_touched, from the bundle. */
int bundle_replace_children(cn_db *db, const struct bundle_plan *p, cn_error *err);

/* "json_object('col', <mapped x.col>, ...)" of bundle row x, and the
 * children's arrays for the conflict table. */
void bundle_add_row_json(cn_buf *b, const struct bundle_plan *p, const struct bundle_table *t, const char **cols,
			 int n, const char *alias, bool mapped);
void bundle_add_children_json(cn_buf *b, const struct bundle_plan *p, int owner, const char *alias);

/* Records the version of row UUID last received ("deleted" once its
 * deletion was seen) and the local row's time after it (NULL: unchanged). */
int bundle_base_set(cn_db *db, const char *uuid, const char *table, const char *updated_at, const char *local_at,
		    cn_error *err);

struct bundle_counts {
	long long added, updated, unchanged, deleted, conflicts;
	bool tree_moved; /* a unit changed parent: paths to rebuild */
};

/* Merges table T's rows of the bundle (bundle_merge.c). */
int bundle_merge_table(cn_db *db, const struct bundle_plan *p, int t, const struct bundle_header *h,
		       struct bundle_counts *c, cn_error *err);
/* Applies the bundle's deletions. */
int bundle_merge_deletions(cn_db *db, const struct bundle_plan *p, const struct bundle_header *h,
			   struct bundle_counts *c, cn_error *err);

/* Records a conflict on local row LOCAL_ID of T: local and incoming JSON
 * (INCOMING NULL for a deletion), replacing the incoming version of an
 * open conflict on the same row. */
int bundle_conflict_add(cn_db *db, const struct bundle_table *t, const char *uuid, long long local_id,
			const char *local_json, const char *incoming_json, const char *children_json,
			const struct bundle_header *h, cn_error *err);

#endif
