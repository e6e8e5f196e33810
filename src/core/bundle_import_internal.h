/* Between the modules that read a bundle (bundle_verify.c, bundle_import.c,
 * bundle_merge.c, bundle_conflict.c). */
#ifndef CNSCD_CORE_BUNDLE_IMPORT_INTERNAL_H
#define CNSCD_CORE_BUNDLE_IMPORT_INTERNAL_H

#include "bundle_internal.h"
#include "untrusted_db_internal.h"

struct bundle_scope;

struct bundle_header {
	int format, schema;
	char bundle_id[33], source_id[33];
	char created_at[32], created_by[128];
	char root_code[64], root_uuid[33], root_name[256], root_parent_code[64];
	char since[32];
	long long root_parent_id;
};

/* Checks the bundle on its private copy U (see bundle_verify.c), values
 * included (bundle_check_values); fills H. */
int bundle_verify(cn_db *db, struct cn_untrusted *u, const struct bundle_plan *p, const char *path,
		  struct bundle_header *h, cn_error *err);
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
int bundle_replace_children(cn_db *db, struct bundle_scope *s, cn_error *err);

/* "json_object('col', <mapped x.col>, ...)" of bundle row x, and the
 * children's arrays for the conflict table. */
void bundle_add_row_json(cn_buf *b, const struct bundle_plan *p, const struct bundle_table *t, const char **cols,
			 int n, const char *alias, bool mapped);
void bundle_add_children_json(cn_buf *b, const struct bundle_plan *p, int owner, const char *alias);

/* Whether the attached bundle's table TABLE has column COL. */
bool bundle_has_column(cn_db *db, const char *table, const char *col);
/* Every foreign key of the bundle's rows of T (but those to T itself, and
 * a child's owner) must lead to a row known here by now. */
int bundle_check_refs(cn_db *db, const struct bundle_plan *p, const struct bundle_table *t, cn_error *err);
/* Approved figures are locked here too: an incoming change to a report of
 * an approved month waits as a conflict until the approval is withdrawn. */
bool bundle_locked_here(cn_db *db, const struct bundle_table *t, long long lid);

/* The last exchange of row UUID: false when there was none (or only its
 * deletion, which the row outlived). */
struct bundle_base {
	char *in, *local;
};
bool bundle_base_get(cn_db *db, const char *uuid, struct bundle_base *b);
void bundle_base_free(struct bundle_base *b);

/* Records the version of row UUID last received ("deleted" once its
 * deletion was seen) and the local row's time after it (NULL: unchanged),
 * keeping what it was before bundle BUNDLE_ID (bundle_base_prior). */
int bundle_base_set(cn_db *db, const char *bundle_id, const char *uuid, const char *table, const char *updated_at,
		    const char *local_at, cn_error *err);

struct bundle_counts {
	long long added, updated, unchanged, deleted, conflicts, skipped;
	bool tree_moved; /* a unit changed parent: paths to rebuild */
};

/* --- What a bundle may change (bundle_scope.c) ----------------------------- */

#define CN_BUNDLE_NO_OFFICE_UNIT                                                                             \
	"Chưa đặt đơn vị của cơ quan này (thiết lập office_unit), nên chưa biết gói dữ liệu nào được phép "  \
	"thay đổi gì ở đây. Hãy đặt nó trước khi nhập gói đầu tiên: cnscd settings office_unit MÃ (mã đơn vị " \
	"của cơ quan mình, ví dụ cnscd settings office_unit 961), hoặc trong màn hình Thiết lập. Không nhập gì."

/* Rows per table and in all: a commune's month is thousands, a province's
 * everything a few million. */
#define CN_BUNDLE_MAX_ROWS 20000000LL

struct bundle_scope {
	cn_db *db;
	const struct bundle_plan *p;
	const char *path;      /* the file, for messages */
	bool down;             /* from the office above (see bundle_scope.c) */
	long long office;      /* this office's unit */
	long long root;        /* the bundle's unit here; 0 while still to be added */
	long long root_parent; /* where a new one goes */
	char *start, *end;     /* the subtree rows may be written in: [start, end) of paths */
	char *sender;          /* "31933 Xã Vĩnh Mỹ A" */
	char *office_name;
	sqlite3_stmt **fk;     /* per table: its confining foreign keys of a local row */
	sqlite3_stmt **uuid;   /* per table: is this uuid one of its rows */
	sqlite3_stmt *unit_path, *base_tbl;
};

/* Decides the direction from the office unit (CN_EINVAL with
 * CN_BUNDLE_NO_OFFICE_UNIT when none is set) and where the bundle's unit is
 * here, or refuses a bundle from outside. */
int bundle_scope_init(cn_db *db, const struct bundle_plan *p, const struct bundle_header *h, const char *path,
		      struct bundle_scope *s, cn_error *err);
void bundle_scope_free(struct bundle_scope *s);
/* Whether the bundle may write rows of T at all (a downward bundle only
 * what the office above decides). */
bool bundle_scope_writable(const struct bundle_scope *s, const struct bundle_table *t);
/* Whether local row ID of table TI lies in the subtree rows may be written
 * in; bundle_scope_ref_ok asks the same of the row a foreign key points to. */
bool bundle_scope_has(struct bundle_scope *s, int ti, long long id);
bool bundle_scope_ref_ok(struct bundle_scope *s, int parent, long long id);
/* Whether UUID, new to table TI here, already names a row of another
 * table (or another table's last exchange): one uuid, one row. */
bool bundle_scope_uuid_taken(struct bundle_scope *s, int ti, const char *uuid);
/* The bundle's unit was missing here and has just been added as ROOT. */
void bundle_scope_root_added(struct bundle_scope *s, long long root);
/* The unit a local row belongs to, and a unit, as people read them. Malloc'd. */
char *bundle_scope_place(struct bundle_scope *s, int ti, long long id);
char *bundle_scope_unit_name(cn_db *db, long long id);

/* --- Values (bundle_values.c) ------------------------------------------- */

/* Checks the bundle open as SCHEMA on SQ: every value by the rules of
 * forms and imports, bundle_count against the rows, bundle_key against the
 * rows (each uuid once), sizes. PATH names the file in messages. */
int bundle_check_values(sqlite3 *sq, const char *schema, const struct bundle_plan *p, const char *path,
			cn_error *err);
bool bundle_is_uuid(const char *s);
bool bundle_is_time(const char *s);

/* Merges table T's rows of the bundle (bundle_merge.c). */
int bundle_merge_table(cn_db *db, struct bundle_scope *s, int t, const struct bundle_header *h,
		       struct bundle_counts *c, cn_error *err);
/* Applies the bundle's deletions. */
int bundle_merge_deletions(cn_db *db, struct bundle_scope *s, const struct bundle_header *h,
			   struct bundle_counts *c, cn_error *err);

/* Records a conflict on local row LOCAL_ID of T: local and incoming JSON
 * (INCOMING NULL for a deletion), replacing the incoming version of an
 * open conflict on the same row. */
int bundle_conflict_add(cn_db *db, const struct bundle_table *t, const char *uuid, long long local_id,
			const char *local_json, const char *incoming_json, const char *children_json,
			const struct bundle_header *h, cn_error *err);

#endif
