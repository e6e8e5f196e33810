/* Between bundle_merge.c and bundle_guard.c: one table's merge. */
#ifndef CNSCD_CORE_BUNDLE_MERGE_INTERNAL_H
#define CNSCD_CORE_BUNDLE_MERGE_INTERNAL_H

#include "bundle_import_internal.h"

/* The statements of one table's merge, built from its columns. */
struct merge {
	cn_db *db;
	struct bundle_scope *s;
	const struct bundle_plan *p;
	const struct bundle_table *t;
	int ti;
	const struct bundle_header *h;
	struct bundle_counts *c;
	cn_error *err;
	sqlite3_stmt *rows, *by_uuid, *by_nat, *insert, *update, *same, *local_json, *incoming_json, *parent_ok;
	sqlite3_stmt *refs, *name;
	int nrefs;
	int *ref_parent; /* per pair of columns of REFS: the table pointed to */
};


/* What may happen to one bundle row. */
enum verdict {
	V_MERGE,   /* merge as usual */
	V_CONTEXT, /* known here, the bundle carries it to place other rows: map only */
	V_SKIP,    /* not the sender's to change: left alone, counted */
};

/* Before bundle row ROWID (uuid UUID; local row LID, 0 when none, found by
 * its uuid when BY_UUID) is merged: *V, or a refusal of the bundle. */
int bundle_guard(struct merge *m, long long rowid, const char *uuid, long long lid, bool by_uuid, enum verdict *v);
/* After unit LID was written from bundle row ROWID: its type fits its parent. */
int bundle_check_level(struct merge *m, long long rowid, long long lid);
/* Bundle row ROWID's name for people ("Nguyễn Văn An"). Malloc'd. */
char *bundle_row_name(struct merge *m, long long rowid);

#endif
