/* Writing a file so that it is either complete or absent, the one way the
 * core and the exports do it (reports, bundles, backups, an import's
 * rejected rows). The platform's part (renaming over an existing file on
 * Windows, syncing a folder) is in cnscd/os.h.
 *
 * Streaming writers (the reports): the data goes to
 * a private scratch folder in the same directory (".cnscd-tmp.XXXXXX", mode
 * 0700, locked while in use), is synced and then renamed over the requested
 * name. A writer killed on the way leaves only that folder, and the next
 * write into the directory removes it: its lock died with its process. The
 * sweep never follows a link and removes only what cnscd makes: folders of
 * this user with mode 0700, and in them the names it uses. Used by every
 * report writer.
 *
 * A file someone else writes at a name of its own (SQLite writes bundles
 * and backups; an import keeps its rejected rows until it commits): the
 * finished file is given its name by cn_file_publish. */
#ifndef CNSCD_ATOMIC_FILE_H
#define CNSCD_ATOMIC_FILE_H

#include <stdio.h>

#include "cnscd/util.h"

typedef struct cn_atomic_file {
	char *path;     /* the name asked for */
	char *tmp_path; /* "<scratch>/file", mode 0600 */
	char *dir;      /* the directory of the name asked for */
	char *scratch;  /* the private folder, for a writer's own scratch files */
	int fd;
	int lock_fd;    /* "<scratch>/lock", locked while the folder is in use */
	struct cn_os_folder *scratch_dir; /* the scratch folder, held, reached without following links */
	FILE *f;        /* a stream on fd, for writers that want one */
} cn_atomic_file;

/* Creates the temporary file. On failure ERR names PATH and the reason. */
int cn_atomic_open(cn_atomic_file *a, const char *path, cn_error *err);
/* Flushes (the stream too, if any), syncs, renames over PATH and syncs the
 * directory. On failure the temporary file is removed. Frees A either way. */
int cn_atomic_commit(cn_atomic_file *a, cn_error *err);
/* Removes the temporary file and frees A. */
void cn_atomic_abort(cn_atomic_file *a);

/* How cn_file_publish names the finished file. */
enum cn_publish {
	CN_PUBLISH_REPLACE, /* over PATH if it exists (a bundle, a rejects file) */
	CN_PUBLISH_NEW,     /* only if nothing has the name PATH yet (a backup): else EEXIST */
};
/* Makes TMP, a finished file in PATH's folder, durable as PATH: TMP is
 * synced, given the name PATH as HOW says, and the folder is synced so that
 * the name survives a power cut. 0, or -1 with errno; on failure TMP is
 * left where it was, for the caller to remove (or to point the user to). */
int cn_file_publish(const char *tmp, const char *path, enum cn_publish how);

/* The Vietnamese reason for errno ERRNUM when writing PATH, as a cn_fail
 * status (CN_EFULL for a full disk, CN_ERDONLY, else CN_EIO). */
int cn_file_fail(cn_error *err, int errnum, const char *path);

#endif
