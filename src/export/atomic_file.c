#include "atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cnscd/os.h"

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
	case EBUSY: /* Windows: a file open in Excel cannot be replaced */
		why = "tệp đang mở trong một chương trình khác (ví dụ Excel); hãy đóng nó rồi thử lại";
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

/* Empties and removes a scratch folder (it holds no subfolders). */
static void remove_scratch(const char *scratch)
{
	cn_os_dir *d = cn_os_opendir(scratch);
	if (d) {
		struct dirent *e;
		while ((e = cn_os_readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char *f = cn_sprintf("%s/%s", scratch, e->d_name);
			cn_os_unlink(f);
			free(f);
		}
		cn_os_closedir(d);
	}
	cn_os_rmdir(scratch);
}

/* True when no live writer holds SCRATCH: its lock can be taken, or it has
 * no lock file and is over an hour old (killed between mkdtemp and open). */
static bool scratch_abandoned(const char *scratch)
{
	char *lock = cn_sprintf("%s/" LOCK_NAME, scratch);
	int fd = cn_os_open(lock, O_RDWR | O_CLOEXEC, 0);
	free(lock);
	if (fd < 0) {
		cn_stat st;
		return cn_os_stat(scratch, &st) == 0 && time(NULL) - st.st_mtime > 3600;
	}
	bool free_now = cn_os_lock(fd, false) == 0;
	close(fd);
	return free_now;
}

/* Removes what writers killed earlier left in DIR. */
static void sweep_abandoned(const char *dir)
{
	cn_os_dir *d = cn_os_opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = cn_os_readdir(d)) != NULL) {
		if (strncmp(e->d_name, SCRATCH_PREFIX, strlen(SCRATCH_PREFIX)) != 0)
			continue;
		char *scratch = cn_sprintf("%s/%s", dir, e->d_name);
		if (scratch_abandoned(scratch))
			remove_scratch(scratch);
		free(scratch);
	}
	cn_os_closedir(d);
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
		char *lock = cn_sprintf("%s/" LOCK_NAME, a->scratch);
		a->lock_fd = cn_os_open(lock, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		free(lock);
		if (a->lock_fd < 0 || cn_os_lock(a->lock_fd, true) != 0)
			e = errno;
	}
	if (!e) {
		a->tmp_path = cn_sprintf("%s/%s", a->scratch, base);
		a->fd = cn_os_open(a->tmp_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
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
	if (a->scratch)
		remove_scratch(a->scratch);
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
	if (!e && cn_os_replace(a->tmp_path, a->path) != 0)
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
