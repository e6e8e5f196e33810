#include "atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int cn_file_fail(cn_error *err, int errnum, const char *path)
{
	const char *why;
	int code = CN_EIO;
	switch (errnum) {
	case ENOSPC:
	case EDQUOT:
		why = "ổ đĩa đã đầy";
		code = CN_EFULL;
		break;
	case EFBIG:
		why = "tệp vượt quá kích thước cho phép";
		code = CN_EFULL;
		break;
	case ENOENT:
		why = "thư mục không tồn tại";
		break;
	case ENOTDIR:
		why = "một phần của đường dẫn không phải là thư mục";
		break;
	case EACCES:
	case EPERM:
		why = "không có quyền ghi vào thư mục này";
		code = CN_ERDONLY;
		break;
	case EROFS:
		why = "ổ đĩa chỉ cho phép đọc";
		code = CN_ERDONLY;
		break;
	case EISDIR:
		why = "đó là một thư mục";
		break;
	case ENAMETOOLONG:
		why = "tên tệp quá dài";
		break;
	default:
		return cn_fail(err, code, "Không ghi được tệp «%s»: lỗi khi ghi đĩa (%s)", path, strerror(errnum));
	}
	return cn_fail(err, code, "Không ghi được tệp «%s»: %s", path, why);
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
/* What libxlsxwriter names its temporary files (unlinked at once). */
#define LIBRARY_PREFIX "libxlsxwriter"

/* Opens the scratch folder NAME of the directory open as DIRFD without
 * following a link, and only when it is what cnscd makes: a real folder
 * of this user, mode 0700. -1 otherwise. */
static int open_scratch(int dirfd, const char *name)
{
	struct stat st, again;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 07777) != 0700)
		return -1;
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* The same folder that was looked at, not one swapped in since. */
	if (fstat(fd, &again) != 0 || again.st_dev != st.st_dev || again.st_ino != st.st_ino) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Empties the scratch folder open as FD of the names cnscd puts there
 * (never following a link), then removes it from DIRFD as NAME. */
static void remove_scratch(int dirfd, const char *name, int fd)
{
	int list = dup(fd);
	DIR *d = list >= 0 ? fdopendir(list) : NULL;
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		const char *n = e->d_name;
		if (strcmp(n, LOCK_NAME) != 0 && strcmp(n, DATA_NAME) != 0 &&
		    strncmp(n, LIBRARY_PREFIX, strlen(LIBRARY_PREFIX)) != 0)
			continue;
		struct stat st;
		if (fstatat(fd, n, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode))
			unlinkat(fd, n, 0);
	}
	if (d)
		closedir(d);
	else if (list >= 0)
		close(list);
	unlinkat(dirfd, name, AT_REMOVEDIR);
}

/* True when no live writer holds the scratch folder open as FD: its lock
 * can be taken, or it has no lock file and is over an hour old (killed
 * between making it and the lock). */
static bool scratch_abandoned(int fd)
{
	int lock = openat(fd, LOCK_NAME, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (lock < 0) {
		struct stat st;
		return fstat(fd, &st) == 0 && time(NULL) - st.st_mtime > 3600;
	}
	bool free_now = flock(lock, LOCK_EX | LOCK_NB) == 0;
	close(lock);
	return free_now;
}

/* Removes what writers killed earlier left in DIR: only folders that are
 * cnscd's own scratch folders, reached without following any link (one
 * planted in a shared folder must not lead the sweep elsewhere). */
static void sweep_abandoned(const char *dir)
{
	cn_dir d;
	if (!cn_dir_open(&d, dir))
		return;
	for (const char *name; (name = cn_dir_next(&d)) != NULL;) {
		if (strncmp(name, SCRATCH_PREFIX, strlen(SCRATCH_PREFIX)) != 0)
			continue;
		int fd = open_scratch(d.fd, name);
		if (fd < 0)
			continue;
		if (scratch_abandoned(fd))
			remove_scratch(d.fd, name, fd);
		close(fd);
	}
	cn_dir_close(&d);
}

int cn_atomic_open(cn_atomic_file *a, const char *path, cn_error *err)
{
	memset(a, 0, sizeof *a);
	a->fd = a->lock_fd = a->scratch_fd = -1;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!*base)
		return cn_fail(err, CN_EINVAL, "Không ghi được tệp «%s»: thiếu tên tệp", path);
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return cn_file_fail(err, EISDIR, path);
	a->path = cn_strdup(path);
	a->dir = dir_of(path);
	sweep_abandoned(a->dir);
	a->scratch = cn_sprintf("%s/" SCRATCH_PREFIX "XXXXXX", a->dir);
	int e = 0;
	if (!mkdtemp(a->scratch)) { /* mode 0700: a report holds personal data */
		e = errno;
		free(a->scratch);
		a->scratch = NULL;
	} else {
		/* From here on through the folder's descriptor: the name in a
		 * shared folder could be swapped for a link meanwhile. */
		a->scratch_fd = open(a->scratch, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		a->lock_fd = a->scratch_fd < 0 ? -1
			     : openat(a->scratch_fd, LOCK_NAME, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (a->lock_fd < 0 || flock(a->lock_fd, LOCK_EX) != 0)
			e = errno ? errno : EIO;
	}
	if (!e) {
		a->tmp_path = cn_sprintf("%s/" DATA_NAME, a->scratch);
		a->fd = openat(a->scratch_fd, DATA_NAME, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
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
	a->fd = a->lock_fd = a->scratch_fd = -1;
}

/* Removes the scratch folder (the lock last, with the folder) and frees A. */
static void release(cn_atomic_file *a)
{
	if (a->scratch_fd >= 0) {
		int dirfd = open(a->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		const char *name = strrchr(a->scratch, '/') + 1;
		if (dirfd >= 0) {
			remove_scratch(dirfd, name, a->scratch_fd);
			close(dirfd);
		}
		close(a->scratch_fd);
	} else if (a->scratch) {
		rmdir(a->scratch);
	}
	if (a->lock_fd >= 0)
		close(a->lock_fd);
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
	if (!e && fsync(a->fd) != 0)
		e = errno;
	int closed = a->f ? fclose(a->f) : close(a->fd);
	a->f = NULL;
	a->fd = -1;
	if (!e && closed != 0)
		e = errno;
	if (!e && renameat(a->scratch_fd, DATA_NAME, AT_FDCWD, a->path) != 0)
		e = errno;
	if (e) {
		int rc = cn_file_fail(err, e, a->path);
		cn_atomic_abort(a);
		return rc;
	}
	/* The rename itself survives a power cut only once the directory is synced. */
	int dfd = open(a->dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	release(a);
	return CN_OK;
}
