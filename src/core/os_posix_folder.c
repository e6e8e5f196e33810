/* The platform layer on Linux: what a path names and who owns it, files
 * from others opened with care, and clean-up in folders others may write
 * to, through a folder's descriptor and the *at calls, never following a
 * link. See cnscd/os.h. */
#include "cnscd/os.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cnscd/util.h"

static void fill_entry(const struct stat *st, struct cn_os_entry *e)
{
	e->kind = S_ISREG(st->st_mode) ? CN_OS_FILE : S_ISDIR(st->st_mode) ? CN_OS_FOLDER
		  : S_ISLNK(st->st_mode) ? CN_OS_LINK : CN_OS_OTHER;
	e->own = st->st_uid == geteuid();
	e->size = (long long)st->st_size;
	e->mtime = st->st_mtime;
}

int cn_os_lookup(const char *path, struct cn_os_entry *e)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return -1;
	fill_entry(&st, e);
	return 0;
}

int cn_os_open_plain_file(const char *path, enum cn_os_kind *kind, long long *size)
{
	/* Non-blocking: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		*kind = S_ISDIR(st.st_mode) ? CN_OS_FOLDER : CN_OS_OTHER;
		errno = EINVAL;
		return -1;
	}
	/* Back to blocking reads, now that it is known to be a file. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	*kind = CN_OS_FILE;
	*size = (long long)st.st_size;
	return fd;
}

unsigned cn_os_open_to_others(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !(st.st_mode & 077))
		return 0;
	return (unsigned)(st.st_mode & 07777);
}

int cn_os_keep_to_owner(const char *path)
{
	/* Through the file itself: the name cannot be swapped for a link
	 * between a look and the change. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return errno == ELOOP ? 0 : -1;
	struct stat st;
	int rc = fstat(fd, &st);
	if (rc == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077))
		rc = fchmod(fd, st.st_mode & 0700);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

int cn_os_make_folder_private(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	int rc = fstat(fd, &st);
	if (rc == 0 && st.st_uid != geteuid()) {
		errno = EPERM;
		rc = -1;
	}
	if (rc == 0 && (st.st_mode & 07777) != 0700)
		fchmod(fd, 0700);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

struct cn_os_folder {
	int fd;   /* for the *at calls */
	DIR *list; /* its entries, on a descriptor of its own */
};

static cn_os_folder *hold(int fd)
{
	int list = fd >= 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1;
	DIR *d = list >= 0 ? fdopendir(list) : NULL;
	if (!d) {
		if (list >= 0)
			close(list);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	cn_os_folder *f = cn_calloc(1, sizeof *f);
	f->fd = fd;
	f->list = d;
	return f;
}

cn_os_folder *cn_os_folder_open(const char *path)
{
	return hold(open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
}

cn_os_folder *cn_os_folder_open_at(cn_os_folder *parent, const char *name)
{
	return hold(openat(parent->fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

cn_os_folder *cn_os_folder_open_private(cn_os_folder *parent, const char *name)
{
	struct stat st, again;
	if (fstatat(parent->fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 07777) != 0700)
		return NULL;
	cn_os_folder *f = cn_os_folder_open_at(parent, name);
	/* The same folder that was looked at, not one swapped in since. */
	if (f && (fstat(f->fd, &again) != 0 || again.st_dev != st.st_dev || again.st_ino != st.st_ino)) {
		cn_os_folder_close(f);
		return NULL;
	}
	return f;
}

const char *cn_os_folder_next(cn_os_folder *f)
{
	struct dirent *e;
	while ((e = readdir(f->list)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			return e->d_name;
	return NULL;
}

int cn_os_folder_lookup(cn_os_folder *f, const char *name, struct cn_os_entry *e)
{
	struct stat st;
	if (fstatat(f->fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return -1;
	fill_entry(&st, e);
	return 0;
}

int cn_os_folder_open_file(cn_os_folder *f, const char *name, int flags, int mode)
{
	return openat(f->fd, name, flags | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
}

int cn_os_folder_unlink(cn_os_folder *f, const char *name)
{
	return unlinkat(f->fd, name, 0);
}

int cn_os_folder_rmdir(cn_os_folder *f, const char *name)
{
	return unlinkat(f->fd, name, AT_REMOVEDIR);
}

int cn_os_folder_move_out(cn_os_folder *f, const char *name, const char *to)
{
	return renameat(f->fd, name, AT_FDCWD, to);
}

time_t cn_os_folder_mtime(cn_os_folder *f)
{
	struct stat st;
	return fstat(f->fd, &st) == 0 ? st.st_mtime : 0;
}

void cn_os_folder_close(cn_os_folder *f)
{
	if (!f)
		return;
	closedir(f->list);
	close(f->fd);
	free(f);
}
