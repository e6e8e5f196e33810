/* Databases made elsewhere (a bundle, a file to restore) are read as
 * untrusted: a SQLite file can hold views and triggers that run SQL when
 * read, virtual tables that load modules, a WAL sidecar that SQLite would
 * read (and a -shm it would create) beside it, or be a FIFO that blocks
 * whoever opens it. So the file is first copied, as plain bytes, to a
 * private file; that copy is opened on a connection of its own with
 * trusted_schema off, SQLITE_DBCONFIG_DEFENSIVE, triggers and views
 * disabled, small limits and a bound on the work; its schema is checked
 * against what the caller expects before anything else is read. */
#ifndef CNSCD_CORE_UNTRUSTED_DB_INTERNAL_H
#define CNSCD_CORE_UNTRUSTED_DB_INTERNAL_H

#include <stdbool.h>
#include <sqlite3.h>

#include "cnscd/util.h"

/* The largest file taken (a province's whole database is far smaller). */
#define CN_UNTRUSTED_MAX_BYTES (8LL * 1024 * 1024 * 1024)

struct cn_untrusted {
	char *copy;        /* the private copy (mode 0600) */
	char *what, *end;  /* for messages: "Gói dữ liệu «f»", "không nhập gì." */
	unsigned app_id;   /* PRAGMA application_id, from the header */
	bool wal;          /* the file says WAL mode (and was not cleared) */
	sqlite3 *sq;       /* its own connection, once opened */
	long long size;    /* bytes copied */
	long long ticks, budget; /* progress handler calls, and the most allowed */
	bool stopped;      /* the budget ran out */
};

enum {
	/* A file in WAL mode (header bytes 18-19) is taken as a rollback
	 * file, its sidecar never read; refused only when a non-empty -wal
	 * beside it may hold committed data. Without it, refused. */
	CN_UNTRUSTED_CLEAR_WAL = 1,
};

/* Copies FILE (a regular file, not a FIFO, device or folder; a SQLite
 * file) to a new private file named after TEMPLATE ("dir/.name-XXXXXX.tmp":
 * six X before a four-character suffix). WHAT names the file in messages
 * ("Gói dữ liệu «f»", "Tệp f"); END ends them ("không nhập gì."). On
 * failure nothing is left behind. The caller may look at U->app_id before
 * opening (a file in WAL mode is refused by the opening). */
int cn_untrusted_copy(const char *file, const char *template, int flags, const char *what, const char *end,
		      struct cn_untrusted *u, cn_error *err);

/* Opens the copy as described above (refusing a file in WAL mode);
 * WRITABLE for a caller that must change the copy itself (restore drops
 * what it regenerates). */
int cn_untrusted_open(struct cn_untrusted *u, bool writable, cn_error *err);

/* Object TYPE ("table", "index", ...) NAME on TBL with SQL: may it be
 * there? Return NULL for yes, else a short Vietnamese reason. */
typedef const char *(*cn_untrusted_allow_fn)(struct cn_untrusted *u, const char *type, const char *name,
					      const char *tbl, const char *sql, void *ctx);
/* Refuses any view, trigger or virtual table unless ALLOW takes it, and
 * anything ALLOW refuses, naming it. */
int cn_untrusted_schema(struct cn_untrusted *u, cn_untrusted_allow_fn allow, void *ctx, cn_error *err);

/* The error for a failed SQLite call on the copy: the work bound, or
 * damage. */
int cn_untrusted_fail(struct cn_untrusted *u, cn_error *err);
/* The same, from the message DETAIL of a failure reported elsewhere. */
int cn_untrusted_fail_after(struct cn_untrusted *u, const char *detail, cn_error *err);

/* Closes the connection (the copy stays, for an ATTACH). */
void cn_untrusted_close(struct cn_untrusted *u);
/* Closes and removes the copy. */
void cn_untrusted_free(struct cn_untrusted *u);

/* "file:PATH?PARAMS" with PATH escaped for a URI. Malloc'd. */
char *cn_untrusted_uri(const char *path, const char *params);

#endif
