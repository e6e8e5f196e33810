#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

int cn_atomic_open(cn_atomic_file *a, const char *path, cn_error *err)
{
	memset(a, 0, sizeof *a);
	a->fd = -1;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!*base)
		return cn_fail(err, CN_EINVAL, "Không ghi được tệp «%s»: thiếu tên tệp", path);
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return cn_file_fail(err, EISDIR, path);
	a->path = cn_strdup(path);
	a->dir = dir_of(path);
	a->tmp_path = cn_sprintf("%s/.%s.XXXXXX", a->dir, base);
	/* mkstemp creates the file with mode 0600: a report holds personal data. */
	a->fd = mkstemp(a->tmp_path);
	if (a->fd < 0) {
		int e = errno;
		free(a->tmp_path);
		a->tmp_path = NULL;
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
	memset(a, 0, sizeof *a);
	a->fd = -1;
}

void cn_atomic_abort(cn_atomic_file *a)
{
	if (a->f)
		fclose(a->f); /* closes fd too */
	else if (a->fd >= 0)
		close(a->fd);
	if (a->tmp_path)
		unlink(a->tmp_path);
	free_names(a);
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
	if (!e && rename(a->tmp_path, a->path) != 0)
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
	free_names(a);
	return CN_OK;
}
