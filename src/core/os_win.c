/* The platform layer on Windows: files, folders and the process, in UTF-8
 * over the wide (UTF-16) calls, since the narrow ones read paths in the
 * ANSI code page and cannot name a Vietnamese file. See cnscd/os.h; the
 * console is in os_win_console.c. */
#include "cnscd/os.h"

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <windows.h>
#include <sddl.h> /* these two after windows.h, which they need */
#include <shlobj.h>

#include "cnscd/util.h"
#include "os_win_internal.h"

wchar_t *cn_win_wide(const char *s)
{
	int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
	if (n <= 0) {
		errno = EILSEQ;
		return NULL;
	}
	wchar_t *w = cn_malloc((size_t)n * sizeof *w);
	MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
	return w;
}

char *cn_win_utf8(const wchar_t *ws)
{
	int n = WideCharToMultiByte(CP_UTF8, 0, ws, -1, NULL, 0, NULL, NULL);
	if (n <= 0)
		return NULL;
	char *s = cn_malloc((size_t)n);
	WideCharToMultiByte(CP_UTF8, 0, ws, -1, s, n, NULL, NULL);
	return s;
}

int cn_win_errno(DWORD error)
{
	switch (error) {
	case ERROR_FILE_NOT_FOUND:
	case ERROR_PATH_NOT_FOUND:
	case ERROR_INVALID_DRIVE:
	case ERROR_BAD_NETPATH:
		return ENOENT;
	case ERROR_ALREADY_EXISTS:
	case ERROR_FILE_EXISTS:
		return EEXIST;
	case ERROR_ACCESS_DENIED:
		return EACCES;
	/* Another program holds the file open (Excel, a report it shows). */
	case ERROR_SHARING_VIOLATION:
	case ERROR_LOCK_VIOLATION:
		return EBUSY;
	case ERROR_WRITE_PROTECT:
		return EROFS;
	case ERROR_DISK_FULL:
	case ERROR_HANDLE_DISK_FULL:
		return ENOSPC;
	case ERROR_FILENAME_EXCED_RANGE:
		return ENAMETOOLONG;
	case ERROR_DIRECTORY:
		return ENOTDIR;
	case ERROR_DIR_NOT_EMPTY:
		return ENOTEMPTY;
	case ERROR_NOT_SAME_DEVICE:
		return EXDEV;
	case ERROR_NOT_ENOUGH_MEMORY:
	case ERROR_OUTOFMEMORY:
		return ENOMEM;
	case ERROR_NOT_SUPPORTED:
	case ERROR_INVALID_FUNCTION:
		return ENOSYS;
	default:
		return EIO;
	}
}

int cn_win_fail(void)
{
	errno = cn_win_errno(GetLastError());
	return -1;
}

/* --- The process --- */

/* getenv() strings are kept for the life of the process, like the C
 * library's; a name asked again gets its current value anew. */
const char *cn_os_getenv(const char *name)
{
	static char *kept[16];
	static unsigned next;
	wchar_t *wname = cn_win_wide(name);
	const wchar_t *v = wname ? _wgetenv(wname) : NULL;
	free(wname);
	if (!v)
		return NULL;
	char *s = cn_win_utf8(v);
	if (!s)
		return NULL;
	free(kept[next % 16]);
	kept[next++ % 16] = s;
	return s;
}

char *cn_os_user_name(void)
{
	wchar_t name[257];
	DWORD n = (DWORD)(sizeof name / sizeof name[0]);
	char *s = GetUserNameW(name, &n) ? cn_win_utf8(name) : NULL;
	return s ? s : cn_strdup("?");
}

char *cn_os_account_name(void)
{
	char *name = cn_os_user_name();
	if (strcmp(name, "?") == 0)
		name[0] = '\0';
	return name;
}

/* A process that ended but whose handle someone still holds is gone too. */
bool cn_os_process_gone(long pid)
{
	if (pid <= 0)
		return false;
	HANDLE h = OpenProcess(SYNCHRONIZE, FALSE, (DWORD)pid);
	if (!h)
		return GetLastError() == ERROR_INVALID_PARAMETER; /* no such process */
	bool gone = WaitForSingleObject(h, 0) == WAIT_OBJECT_0;
	CloseHandle(h);
	return gone;
}

const char *cn_os_null_device(void)
{
	return "NUL";
}

/* FILETIME counts 100 ns from 1601; the epoch is 11644473600 s later. */
unsigned long long cn_win_unix_100ns(const FILETIME *ft)
{
	return ((unsigned long long)ft->dwHighDateTime << 32 | ft->dwLowDateTime) - 116444736000000000ULL;
}

void cn_os_realtime(struct timespec *ts)
{
	FILETIME ft;
	GetSystemTimeAsFileTime(&ft);
	unsigned long long t = cn_win_unix_100ns(&ft);
	ts->tv_sec = (time_t)(t / 10000000ULL);
	ts->tv_nsec = (long)(t % 10000000ULL) * 100;
}

long long cn_os_monotonic_ms(void)
{
	static LARGE_INTEGER freq;
	LARGE_INTEGER now;
	if (!freq.QuadPart)
		QueryPerformanceFrequency(&freq);
	QueryPerformanceCounter(&now);
	return (long long)(now.QuadPart / (freq.QuadPart / 1000));
}

void cn_os_sleep_ms(long long ms)
{
	Sleep((DWORD)ms);
}

time_t cn_os_timegm(struct tm *tm)
{
	return _mkgmtime(tm);
}

/* --- Where things live --- */

static char *known_folder(int csidl)
{
	wchar_t path[MAX_PATH];
	if (SHGetFolderPathW(NULL, csidl | CSIDL_FLAG_CREATE, NULL, SHGFP_TYPE_CURRENT, path) != S_OK)
		return NULL;
	for (wchar_t *p = path; *p; p++)
		if (*p == L'\\')
			*p = L'/';
	return cn_win_utf8(path);
}

char *cn_os_data_home(void)
{
	char *dir = known_folder(CSIDL_LOCAL_APPDATA);
	return dir ? dir : cn_strdup(".");
}

char *cn_os_documents_dir(void)
{
	char *dir = known_folder(CSIDL_PERSONAL);
	return dir ? dir : cn_strdup(".");
}

const char *cn_os_default_db_help(void)
{
	return "%LOCALAPPDATA%\\cnscd\\cnscd.db";
}

char *cn_os_temp_dir(void)
{
	wchar_t path[MAX_PATH + 1];
	DWORD n = GetTempPathW(MAX_PATH + 1, path);
	char *dir = n > 0 && n <= MAX_PATH ? cn_win_utf8(path) : NULL;
	if (!dir)
		return cn_strdup(".");
	size_t len = strlen(dir);
	for (char *p = dir; *p; p++)
		if (*p == '\\')
			*p = '/';
	while (len > 1 && dir[len - 1] == '/')
		dir[--len] = '\0';
	return dir;
}

char *cn_os_expand_home(const char *path)
{
	char *full = NULL;
	if (path[0] == '~' && (path[1] == '/' || path[1] == '\\')) {
		char *home = known_folder(CSIDL_PROFILE);
		if (home)
			full = cn_sprintf("%s%s", home, path + 1);
		free(home);
	}
	if (!full)
		full = cn_strdup(path);
	for (char *p = full; *p; p++)
		if (*p == '\\')
			*p = '/';
	return full;
}

/* --- Files --- */

/* CreateFileW with every sharing mode, so that, as on Linux, a file open
 * here can be renamed over or deleted while it is open (the data folder's
 * scratch files, a report being replaced). */
int cn_win_open(const wchar_t *w, int flags, int mode)
{
	DWORD access = (flags & O_ACCMODE) == O_RDONLY ? GENERIC_READ
		       : (flags & O_ACCMODE) == O_WRONLY ? GENERIC_WRITE : GENERIC_READ | GENERIC_WRITE;
	DWORD create = (flags & O_CREAT) && (flags & O_EXCL) ? CREATE_NEW
		       : (flags & O_CREAT) && (flags & O_TRUNC) ? CREATE_ALWAYS
		       : (flags & O_CREAT) ? OPEN_ALWAYS : (flags & O_TRUNC) ? TRUNCATE_EXISTING : OPEN_EXISTING;
	DWORD attrs = (mode & _S_IWRITE) || !(flags & O_CREAT) ? FILE_ATTRIBUTE_NORMAL : FILE_ATTRIBUTE_READONLY;
	/* O_NOFOLLOW: open a reparse point itself, then refuse it. */
	if (flags & O_NOFOLLOW)
		attrs |= FILE_FLAG_OPEN_REPARSE_POINT;
	SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, !(flags & O_CLOEXEC)};
	HANDLE h = CreateFileW(w, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, &sa, create,
			       attrs, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return cn_win_fail();
	BY_HANDLE_FILE_INFORMATION info;
	if ((flags & O_NOFOLLOW) && GetFileInformationByHandle(h, &info) &&
	    (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)) {
		CloseHandle(h);
		errno = ELOOP;
		return -1;
	}
	int cflags = _O_BINARY | (flags & (O_APPEND | O_RDONLY | O_WRONLY | O_RDWR)) | (flags & O_CLOEXEC);
	int fd = _open_osfhandle((intptr_t)h, cflags);
	if (fd < 0)
		CloseHandle(h);
	return fd;
}

int cn_os_open(const char *path, int flags, int mode)
{
	wchar_t *w = cn_win_wide(path);
	if (!w)
		return -1;
	int fd = cn_win_open(w, flags, mode);
	int e = errno;
	free(w);
	errno = e;
	return fd;
}

/* The mode with "b" added: text mode would turn "\n" into "\r\n". */
static void binary_mode(wchar_t *out, size_t room, const char *mode)
{
	size_t n = 0;
	for (; *mode && n + 2 < room; mode++)
		if (*mode != 'b' && *mode != 't' && *mode != 'e')
			out[n++] = (wchar_t)(unsigned char)*mode;
	out[n++] = L'b';
	out[n] = 0;
}

FILE *cn_os_fopen(const char *path, const char *mode)
{
	wchar_t *w = cn_win_wide(path), wmode[8];
	if (!w)
		return NULL;
	binary_mode(wmode, 8, mode);
	FILE *f = _wfopen(w, wmode);
	free(w);
	return f;
}

/* In the user's temporary folder, deleted by Windows when closed. */
FILE *cn_os_tmpfile(void)
{
	char *dir = cn_os_temp_dir(), *t = cn_sprintf("%s/cnscd-XXXXXX.tmp", dir), *name = cn_strdup(t);
	free(dir);
	HANDLE h = INVALID_HANDLE_VALUE;
	for (int tries = 0; tries < 100 && h == INVALID_HANDLE_VALUE; tries++) {
		strcpy(name, t);
		wchar_t *w = cn_win_fill_random(name, 4) ? cn_win_wide(name) : NULL;
		if (!w)
			break;
		h = CreateFileW(w, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
				NULL, CREATE_NEW, FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, NULL);
		DWORD error = GetLastError();
		free(w);
		if (h == INVALID_HANDLE_VALUE && error != ERROR_FILE_EXISTS) {
			errno = cn_win_errno(error);
			break;
		}
	}
	free(name);
	free(t);
	if (h == INVALID_HANDLE_VALUE)
		return NULL;
	int fd = _open_osfhandle((intptr_t)h, _O_RDWR | _O_BINARY);
	if (fd < 0) {
		CloseHandle(h);
		return NULL;
	}
	FILE *f = _fdopen(fd, "w+b");
	if (!f)
		_close(fd);
	return f;
}

FILE *cn_os_fdopen(int fd, const char *mode)
{
	char m[8];
	size_t n = 0;
	for (; *mode && n + 2 < sizeof m; mode++)
		if (*mode != 'b')
			m[n++] = *mode;
	m[n++] = 'b';
	m[n] = '\0';
	return _fdopen(fd, m);
}

int cn_os_stat(const char *path, cn_stat *st)
{
	wchar_t *w = cn_win_wide(path);
	if (!w)
		return -1;
	int rc = _wstat64(w, st);
	free(w);
	return rc;
}

struct timespec cn_os_mtime(const cn_stat *st)
{
	struct timespec t = {st->st_mtime, 0};
	return t;
}

int cn_os_access(const char *path, int mode)
{
	wchar_t *w = cn_win_wide(path);
	if (!w)
		return -1;
	int rc = _waccess(w, mode & ~1); /* no X_OK on Windows */
	free(w);
	return rc;
}

int cn_os_unlink(const char *path)
{
	wchar_t *w = cn_win_wide(path);
	if (!w)
		return -1;
	BOOL ok = DeleteFileW(w);
	free(w);
	return ok ? 0 : cn_win_fail();
}

int cn_os_rmdir(const char *path)
{
	wchar_t *w = cn_win_wide(path);
	if (!w)
		return -1;
	BOOL ok = RemoveDirectoryW(w);
	free(w);
	return ok ? 0 : cn_win_fail();
}

/* An access list for the current user, SYSTEM and the administrators,
 * inherited by what the folder holds and closed to what is above: the
 * Windows form of mode 0700. NULL (the parent's list) if it cannot be made. */
PSECURITY_DESCRIPTOR cn_win_private_descriptor(void)
{
	HANDLE token;
	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
		return NULL;
	char buf[256];
	DWORD n;
	PSECURITY_DESCRIPTOR sd = NULL;
	LPWSTR sid = NULL;
	if (GetTokenInformation(token, TokenUser, buf, sizeof buf, &n) &&
	    ConvertSidToStringSidW(((TOKEN_USER *)buf)->User.Sid, &sid)) {
		wchar_t sddl[256];
		_snwprintf(sddl, 256, L"D:P(A;OICI;FA;;;%ls)(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)", sid);
		sddl[255] = 0;
		if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd, NULL))
			sd = NULL;
		LocalFree(sid);
	}
	CloseHandle(token);
	return sd;
}

int cn_os_mkdir(const char *path, int mode)
{
	wchar_t *w = cn_win_wide(path);
	if (!w)
		return -1;
	SECURITY_ATTRIBUTES sa = {sizeof sa, (mode & 077) ? NULL : cn_win_private_descriptor(), FALSE};
	BOOL ok = CreateDirectoryW(w, &sa);
	DWORD error = GetLastError();
	if (sa.lpSecurityDescriptor)
		LocalFree(sa.lpSecurityDescriptor);
	free(w);
	if (!ok) {
		errno = cn_win_errno(error);
		return -1;
	}
	return 0;
}

/* Modes do not exist on Windows: privacy comes from the folder's list. */
int cn_os_chmod(const char *path, int mode)
{
	(void)path;
	(void)mode;
	return 0;
}

int cn_os_fchmod(int fd, int mode)
{
	(void)fd;
	(void)mode;
	return 0;
}

bool cn_win_fill_random(char *t, size_t suffix_len)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t n = strlen(t);
	if (n < 6 + suffix_len || strncmp(t + n - suffix_len - 6, "XXXXXX", 6) != 0) {
		errno = EINVAL;
		return false;
	}
	n -= suffix_len;
	static unsigned long long state;
	if (!state)
		state = (unsigned long long)cn_os_monotonic_ms() ^ ((unsigned long long)GetCurrentProcessId() << 32);
	for (size_t i = n - 6; i < n; i++) {
		state = state * 6364136223846793005ULL + 1442695040888963407ULL;
		t[i] = letters[(state >> 33) % (sizeof letters - 1)];
	}
	return true;
}

char *cn_os_mkdtemp(char *template_path)
{
	char *t = cn_strdup(template_path);
	for (int tries = 0; tries < 100; tries++) {
		strcpy(t, template_path);
		if (!cn_win_fill_random(t, 0))
			break;
		if (cn_os_mkdir(t, 0700) == 0) {
			strcpy(template_path, t);
			free(t);
			return template_path;
		}
		if (errno != EEXIST)
			break;
	}
	free(t);
	return NULL;
}

int cn_os_mkstemp(char *template_path)
{
	return cn_os_mkstemps(template_path, 0);
}

int cn_os_mkstemps(char *template_path, int suffix_len)
{
	char *t = cn_strdup(template_path);
	int fd = -1;
	for (int tries = 0; tries < 100 && fd < 0; tries++) {
		strcpy(t, template_path);
		if (suffix_len < 0 || !cn_win_fill_random(t, (size_t)suffix_len))
			break;
		fd = cn_os_open(t, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd >= 0)
		strcpy(template_path, t);
	free(t);
	return fd;
}

/* True when another program holds PATH open so that it cannot be deleted
 * or replaced (a report open in Excel): Windows says "access denied". */
static bool held_open(const wchar_t *path)
{
	HANDLE h = CreateFileW(path, DELETE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
			       OPEN_EXISTING, 0, NULL);
	if (h != INVALID_HANDLE_VALUE) {
		CloseHandle(h);
		return false;
	}
	return GetLastError() == ERROR_SHARING_VIOLATION;
}

int cn_win_replace(const wchar_t *from, const wchar_t *to)
{
	if (MoveFileExW(from, to, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
		return 0;
	DWORD error = GetLastError();
	if (error == ERROR_ACCESS_DENIED && held_open(to))
		error = ERROR_SHARING_VIOLATION;
	errno = cn_win_errno(error);
	return -1;
}

int cn_os_replace(const char *from, const char *to)
{
	wchar_t *wf = cn_win_wide(from), *wt = cn_win_wide(to);
	int rc = wf && wt ? cn_win_replace(wf, wt) : -1;
	int e = errno;
	free(wf);
	free(wt);
	errno = e;
	return rc;
}

/* Hard links exist on NTFS only; elsewhere EEXIST-safe callers fall back. */
int cn_os_link(const char *from, const char *to)
{
	wchar_t *wf = cn_win_wide(from), *wt = cn_win_wide(to);
	BOOL ok = wf && wt && CreateHardLinkW(wt, wf, NULL);
	DWORD error = GetLastError();
	bool converted = wf && wt;
	free(wf);
	free(wt);
	if (ok)
		return 0;
	if (converted)
		errno = cn_win_errno(error);
	return -1;
}

int cn_os_fsync(int fd)
{
	HANDLE h = (HANDLE)_get_osfhandle(fd);
	if (h == INVALID_HANDLE_VALUE) {
		errno = EBADF;
		return -1;
	}
	/* A handle opened for reading only cannot be flushed; its data went
	 * through another one, flushed when that one wrote. */
	if (!FlushFileBuffers(h) && GetLastError() != ERROR_ACCESS_DENIED)
		return cn_win_fail();
	return 0;
}

/* NTFS journals names, and MoveFileEx was asked to write through. */
void cn_os_sync_dir(const char *dir)
{
	(void)dir;
}

/* st_ino is 0 and st_dev the drive for every file here: the volume serial
 * number and the file index name a file. */
static bool file_id(const char *path, BY_HANDLE_FILE_INFORMATION *info)
{
	wchar_t *w = cn_win_wide(path);
	if (!w)
		return false;
	HANDLE h = CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
			       FILE_FLAG_BACKUP_SEMANTICS, NULL);
	free(w);
	if (h == INVALID_HANDLE_VALUE)
		return false;
	BOOL ok = GetFileInformationByHandle(h, info);
	CloseHandle(h);
	return ok;
}

bool cn_os_same_file(const char *a, const char *b)
{
	BY_HANDLE_FILE_INFORMATION ia, ib;
	return file_id(a, &ia) && file_id(b, &ib) && ia.dwVolumeSerialNumber == ib.dwVolumeSerialNumber &&
	       ia.nFileIndexHigh == ib.nFileIndexHigh && ia.nFileIndexLow == ib.nFileIndexLow;
}

/* A byte far past any data: the lock then never stops a read or a write
 * of the file's content, as flock's does not. */
int cn_os_lock(int fd, bool wait)
{
	HANDLE h = (HANDLE)_get_osfhandle(fd);
	if (h == INVALID_HANDLE_VALUE) {
		errno = EBADF;
		return -1;
	}
	OVERLAPPED at = {0};
	at.OffsetHigh = 0x7FFFFFFF;
	DWORD flags = LOCKFILE_EXCLUSIVE_LOCK | (wait ? 0 : LOCKFILE_FAIL_IMMEDIATELY);
	if (LockFileEx(h, flags, 0, 1, 0, &at))
		return 0;
	if (GetLastError() == ERROR_LOCK_VIOLATION || GetLastError() == ERROR_IO_PENDING) {
		errno = EWOULDBLOCK;
		return -1;
	}
	return cn_win_fail();
}

struct cn_os_dir {
	_WDIR *w;
	struct dirent entry;
};

cn_os_dir *cn_os_opendir(const char *path)
{
	wchar_t *w = cn_win_wide(path);
	if (!w)
		return NULL;
	_WDIR *wd = _wopendir(w);
	free(w);
	if (!wd)
		return NULL;
	cn_os_dir *d = cn_calloc(1, sizeof *d);
	d->w = wd;
	return d;
}

/* Names too long for d_name in UTF-8 are skipped: no caller can use them. */
struct dirent *cn_os_readdir(cn_os_dir *d)
{
	struct _wdirent *e;
	while ((e = _wreaddir(d->w)) != NULL) {
		int n = WideCharToMultiByte(CP_UTF8, 0, e->d_name, -1, d->entry.d_name,
					    (int)sizeof d->entry.d_name, NULL, NULL);
		if (n > 0) {
			d->entry.d_namlen = (unsigned short)(n - 1);
			return &d->entry;
		}
	}
	return NULL;
}

int cn_os_closedir(cn_os_dir *d)
{
	int rc = _wclosedir(d->w);
	free(d);
	return rc;
}
