#include "cnscd/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cnscd/os.h"

int cn_file_fail(cn_error *err, int errnum, const char *path)
{
	const char *why = cn_os_error_text(errnum);
	if (!why)
		return cn_fail(err, cn_os_error_status(errnum), "Không ghi được tệp «%s»: lỗi khi ghi đĩa (%s)", path,
			       strerror(errnum));
	return cn_fail(err, cn_os_error_status(errnum), "Không ghi được tệp «%s»: %s", path, why);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return cn_strdup(".");
	if (slash == path)
		return cn_strdup("/");
	return cn_strndup(path, (size_t)(slash - path));
}

#define SCRATCH_PREFIX ".cnscd-tmp."
#define LOCK_NAME "lock"
/* The file being written, inside the scratch folder: a fixed name, so
 * that a sweep knows every name it may remove. */
#define DATA_NAME "file"
/* How libxlsxwriter's tmpfileplus names its scratch files ("tmp." and ten
 * letters): unlinked at once on Linux, but a kill in between leaves one. */
#define LIBRARY_PREFIX "tmp."

/* Empties the scratch folder S of the names cnscd puts there, never
 * following a link. */
static void empty_scratch(cn_os_folder *s)
{
	for (const char *n; (n = cn_os_folder_next(s)) != NULL;) {
		if (strcmp(n, LOCK_NAME) != 0 && strcmp(n, DATA_NAME) != 0 &&
		    strncmp(n, LIBRARY_PREFIX, strlen(LIBRARY_PREFIX)) != 0)
			continue;
		struct cn_os_entry e;
		if (cn_os_folder_lookup(s, n, &e) == 0 && e.kind != CN_OS_FOLDER)
			cn_os_folder_unlink(s, n);
	}
}

/* Empties the scratch folder S and removes it from DIR as NAME. S is let
 * go first: Windows removes no folder that is held open. */
static void remove_scratch(cn_os_folder *dir, const char *name, cn_os_folder *s)
{
	empty_scratch(s);
	cn_os_folder_close(s);
	cn_os_folder_rmdir(dir, name);
}

/* True when no live writer holds the scratch folder S: its lock can be
 * taken, or it has no lock file and is over an hour old (killed between
 * making it and the lock). */
static bool scratch_abandoned(cn_os_folder *s)
{
	int lock = cn_os_folder_open_file(s, LOCK_NAME, O_RDWR, 0);
	if (lock < 0)
		return time(NULL) - cn_os_folder_mtime(s) > 3600;
	bool free_now = cn_os_lock(lock, false) == 0;
	close(lock);
	return free_now;
}

/* Removes what writers killed earlier left in DIR: only folders that are
 * cnscd's own scratch folders (this user's, private), reached without
 * following any link (one planted in a shared folder must not lead the
 * sweep elsewhere). */
static void sweep_abandoned(const char *dir)
{
	cn_os_folder *d = cn_os_folder_open(dir);
	if (!d)
		return;
	for (const char *name; (name = cn_os_folder_next(d)) != NULL;) {
		if (strncmp(name, SCRATCH_PREFIX, strlen(SCRATCH_PREFIX)) != 0)
			continue;
		cn_os_folder *s = cn_os_folder_open_private(d, name);
		if (!s)
			continue;
		if (scratch_abandoned(s))
			remove_scratch(d, name, s);
		else
			cn_os_folder_close(s);
	}
	cn_os_folder_close(d);
}

int cn_atomic_open(cn_atomic_file *a, const char *path, cn_error *err)
{
	memset(a, 0, sizeof *a);
	a->fd = a->lock_fd = -1;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!*base)
		return cn_fail(err, CN_EINVAL, "Không ghi được tệp «%s»: thiếu tên tệp", path);
	cn_stat st;
	if (cn_os_stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return cn_file_fail(err, EISDIR, path);
	a->path = cn_strdup(path);
	a->dir = dir_of(path);
	sweep_abandoned(a->dir);
	a->scratch = cn_sprintf("%s/" SCRATCH_PREFIX "XXXXXX", a->dir);
	int e = 0;
	if (!cn_os_mkdtemp(a->scratch)) { /* mode 0700: a report holds personal data */
		e = errno;
		free(a->scratch);
		a->scratch = NULL;
	} else {
		/* From here on through the folder held open: the name in a
		 * shared folder could be swapped for a link meanwhile. */
		cn_os_folder *d = cn_os_folder_open(a->dir);
		a->scratch_dir = d ? cn_os_folder_open_at(d, strrchr(a->scratch, '/') + 1) : NULL;
		e = a->scratch_dir ? 0 : errno ? errno : EIO;
		cn_os_folder_close(d);
		if (!e)
			a->lock_fd = cn_os_folder_open_file(a->scratch_dir, LOCK_NAME, O_RDWR | O_CREAT | O_EXCL, 0600);
		if (!e && (a->lock_fd < 0 || cn_os_lock(a->lock_fd, true) != 0))
			e = errno ? errno : EIO;
	}
	if (!e) {
		a->tmp_path = cn_sprintf("%s/" DATA_NAME, a->scratch);
		a->fd = cn_os_folder_open_file(a->scratch_dir, DATA_NAME, O_RDWR | O_CREAT | O_EXCL, 0600);
		if (a->fd < 0)
			e = errno;
	}
	if (e) {
		cn_atomic_abort(a);
		return cn_file_fail(err, e, path);
	}
	return CN_OK;
}

static void free_names(cn_atomic_file *a)
{
	free(a->path);
	free(a->tmp_path);
	free(a->dir);
	free(a->scratch);
	memset(a, 0, sizeof *a);
	a->fd = a->lock_fd = -1;
}

/* Removes the scratch folder and frees A. The lock is let go first: Windows
 * removes no folder that still holds an open file (a writer sweeping the
 * folder meanwhile only removes it too). */
static void release(cn_atomic_file *a)
{
	if (a->lock_fd >= 0)
		close(a->lock_fd);
	cn_os_folder *d = a->scratch_dir ? cn_os_folder_open(a->dir) : NULL;
	if (d)
		remove_scratch(d, strrchr(a->scratch, '/') + 1, a->scratch_dir);
	else if (a->scratch_dir)
		cn_os_folder_close(a->scratch_dir);
	else if (a->scratch)
		cn_os_rmdir(a->scratch);
	cn_os_folder_close(d);
	free_names(a);
}

void cn_atomic_abort(cn_atomic_file *a)
{
	if (a->f)
		fclose(a->f); /* closes fd too */
	else if (a->fd >= 0)
		close(a->fd);
	a->f = NULL;
	a->fd = -1;
	release(a);
}

int cn_atomic_commit(cn_atomic_file *a, cn_error *err)
{
	int e = 0;
	if (a->f) {
		if (fflush(a->f) != 0 || ferror(a->f))
			e = errno ? errno : EIO;
	}
	if (!e && cn_os_fsync(a->fd) != 0)
		e = errno;
	int closed = a->f ? fclose(a->f) : close(a->fd);
	a->f = NULL;
	a->fd = -1;
	if (!e && closed != 0)
		e = errno;
	if (!e && cn_os_folder_move_out(a->scratch_dir, DATA_NAME, a->path) != 0)
		e = errno;
	if (e) {
		int rc = cn_file_fail(err, e, a->path);
		cn_atomic_abort(a);
		return rc;
	}
	/* The rename itself survives a power cut only once the directory is synced. */
	cn_os_sync_dir(a->dir);
	release(a);
	return CN_OK;
}

/* Syncs the file TMP's data: 0, or -1 with errno. */
static int sync_file(const char *tmp)
{
	int fd = cn_os_open(tmp, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int rc = cn_os_fsync(fd), e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* Gives TMP the name PATH unless something has it: a hard link fails when
 * PATH exists; a file system without them (FAT32) is checked first and
 * renamed to, which leaves only a tiny window where PATH could appear. */
static int name_new(const char *tmp, const char *path)
{
	if (cn_os_link(tmp, path) == 0) {
		cn_os_unlink(tmp);
		return 0;
	}
	int e = errno;
	if (e != EEXIST && cn_os_access(path, F_OK) != 0 && cn_os_replace(tmp, path) == 0)
		return 0;
	errno = e;
	return -1;
}

int cn_file_publish(const char *tmp, const char *path, enum cn_publish how)
{
	if (sync_file(tmp) != 0)
		return -1;
	if ((how == CN_PUBLISH_NEW ? name_new(tmp, path) : cn_os_replace(tmp, path)) != 0)
		return -1;
	char *dir = dir_of(path);
	cn_os_sync_dir(dir);
	free(dir);
	return 0;
}
