/* Writing a file so that it is either complete or absent: the data goes to
 * a private scratch folder in the same directory (".cnscd-tmp.XXXXXX", mode
 * 0700, locked while in use), is synced and then renamed over the requested
 * name. A writer killed on the way leaves only that folder, and the next
 * write into the directory removes it: its lock died with its process. The
 * sweep never follows a link and removes only what cnscd makes: folders of
 * this user with mode 0700, and in them the names it uses. Used by every
 * report writer. */
#ifndef CNSCD_EXPORT_ATOMIC_FILE_H
#define CNSCD_EXPORT_ATOMIC_FILE_H

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

/* The Vietnamese reason for errno ERRNUM when writing PATH, as a cn_fail
 * status (CN_EFULL for a full disk, CN_ERDONLY, else CN_EIO). */
int cn_file_fail(cn_error *err, int errnum, const char *path);

#endif
