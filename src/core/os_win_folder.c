/* The platform layer on Windows: what a path names and who owns it, files
 * from others opened with care, and clean-up in folders others may write
 * to, never led through a link. Windows' links are reparse points
 * (symbolic links, junctions): they are opened as themselves
 * (FILE_FLAG_OPEN_REPARSE_POINT) and refused. A folder being worked in is
 * held by a handle that does not share deletion, so it cannot be renamed
 * or swapped for a junction while names inside it are used. See cnscd/os.h. */
#include "cnscd/os.h"

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <aclapi.h> /* after windows.h, which it needs */

#include "cnscd/util.h"
#include "os_win_internal.h"

static time_t unix_time(const FILETIME *ft)
{
	return (time_t)(cn_win_unix_100ns(ft) / 10000000ULL);
}

/* --- Owners --- */

/* Whether SID is this user (or the owner the user's programs give what
 * they make: the administrators, for a program run as administrator). */
static bool is_users_own(PSID sid)
{
	HANDLE token;
	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
		return false;
	union {
		TOKEN_USER user;
		TOKEN_OWNER owner;
		char room[256];
	} u;
	DWORD n;
	bool own = GetTokenInformation(token, TokenUser, &u, sizeof u, &n) && EqualSid(sid, u.user.User.Sid);
	if (!own)
		own = GetTokenInformation(token, TokenOwner, &u, sizeof u, &n) && EqualSid(sid, u.owner.Owner);
	CloseHandle(token);
	return own;
}

/* The administrators and the system can do anything anyway: what they own
 * was not planted by another user. */
static bool is_trusted_account(PSID sid)
{
	static const WELL_KNOWN_SID_TYPE trusted[] = {WinBuiltinAdministratorsSid, WinLocalSystemSid};
	for (size_t i = 0; i < sizeof trusted / sizeof trusted[0]; i++) {
		BYTE buf[SECURITY_MAX_SID_SIZE];
		DWORD size = sizeof buf;
		if (CreateWellKnownSid(trusted[i], NULL, buf, &size) && EqualSid(sid, buf))
			return true;
	}
	return false;
}

/* Whether the file or folder open as H (with READ_CONTROL) was made by
 * this user or a trusted account. A drive that keeps no owners (FAT32)
 * answers with none: anyone may write there, and no link can be made. */
static bool owner_trusted(HANDLE h)
{
	PSID owner = NULL;
	PSECURITY_DESCRIPTOR sd = NULL;
	DWORD rc = GetSecurityInfo(h, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION, &owner, NULL, NULL, NULL, &sd);
	if (rc != ERROR_SUCCESS)
		return rc == ERROR_NOT_SUPPORTED || rc == ERROR_INVALID_FUNCTION;
	bool ok = !owner || is_users_own(owner) || is_trusted_account(owner);
	LocalFree(sd);
	return ok;
}

/* --- What a path names --- */

static int lookup_wide(const wchar_t *w, struct cn_os_entry *e)
{
	WIN32_FILE_ATTRIBUTE_DATA data;
	/* The attributes of a reparse point itself, never of its target. */
	if (!GetFileAttributesExW(w, GetFileExInfoStandard, &data))
		return cn_win_fail();
	DWORD a = data.dwFileAttributes;
	e->kind = (a & FILE_ATTRIBUTE_REPARSE_POINT) ? CN_OS_LINK
		  : (a & FILE_ATTRIBUTE_DIRECTORY) ? CN_OS_FOLDER
		  : (a & FILE_ATTRIBUTE_DEVICE) ? CN_OS_OTHER : CN_OS_FILE;
	e->size = (long long)((unsigned long long)data.nFileSizeHigh << 32 | data.nFileSizeLow);
	e->mtime = unix_time(&data.ftLastWriteTime);
	HANDLE h = CreateFileW(w, READ_CONTROL, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
			       OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
	e->own = h != INVALID_HANDLE_VALUE && owner_trusted(h);
	if (h != INVALID_HANDLE_VALUE)
		CloseHandle(h);
	return 0;
}

/* lookup_wide of W, which it frees; -1 for no W (a bad name). */
static int lookup_taking(wchar_t *w, struct cn_os_entry *e)
{
	if (!w)
		return -1;
	int rc = lookup_wide(w, e);
	int err = errno;
	free(w);
	errno = err;
	return rc;
}

int cn_os_lookup(const char *path, struct cn_os_entry *e)
{
	return lookup_taking(cn_win_wide(path), e);
}

int cn_os_open_plain_file(const char *path, enum cn_os_kind *kind, long long *size)
{
	wchar_t *w = cn_win_wide(path);
	if (!w)
		return -1;
	DWORD attrs = GetFileAttributesW(w);
	if (attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_DIRECTORY)) {
		free(w);
		*kind = CN_OS_FOLDER;
		errno = EINVAL;
		return -1;
	}
	HANDLE h = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
			       OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, NULL);
	DWORD error = GetLastError();
	free(w);
	if (h == INVALID_HANDLE_VALUE) {
		errno = cn_win_errno(error);
		return -1;
	}
	/* A pipe or a device (CON, COM1, \\.\pipe\x) is no file of data. */
	LARGE_INTEGER n;
	if (GetFileType(h) != FILE_TYPE_DISK || !GetFileSizeEx(h, &n)) {
		CloseHandle(h);
		*kind = CN_OS_OTHER;
		errno = EINVAL;
		return -1;
	}
	int fd = _open_osfhandle((intptr_t)h, _O_RDONLY | _O_BINARY | _O_NOINHERIT);
	if (fd < 0) {
		CloseHandle(h);
		return -1;
	}
	*kind = CN_OS_FILE;
	*size = (long long)n.QuadPart;
	return fd;
}

/* Modes do not exist here; see cnscd/os.h. */
unsigned cn_os_open_to_others(const char *path)
{
	(void)path;
	return 0;
}

int cn_os_keep_to_owner(const char *path)
{
	(void)path;
	return 0;
}

/* The owner is checked, then the folder gets the access list of a folder
 * cnscd makes private (cn_os_mkdir), as chmod 0700 would do. */
int cn_os_make_folder_private(const char *dir)
{
	wchar_t *w = cn_win_wide(dir);
	if (!w)
		return -1;
	DWORD share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
	HANDLE h = CreateFileW(w, READ_CONTROL | WRITE_DAC | FILE_READ_ATTRIBUTES, share, NULL, OPEN_EXISTING,
			       FILE_FLAG_BACKUP_SEMANTICS, NULL);
	bool may_change = h != INVALID_HANDLE_VALUE;
	/* Owned by the administrators, say: it may be used, not changed. */
	if (!may_change && GetLastError() == ERROR_ACCESS_DENIED)
		h = CreateFileW(w, READ_CONTROL | FILE_READ_ATTRIBUTES, share, NULL, OPEN_EXISTING,
				FILE_FLAG_BACKUP_SEMANTICS, NULL);
	free(w);
	if (h == INVALID_HANDLE_VALUE)
		return cn_win_fail();
	BY_HANDLE_FILE_INFORMATION info;
	int rc = 0;
	if (!GetFileInformationByHandle(h, &info)) {
		rc = cn_win_fail();
	} else if (!(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) {
		errno = ENOTDIR;
		rc = -1;
	} else if (!owner_trusted(h)) {
		errno = EPERM;
		rc = -1;
	}
	PSECURITY_DESCRIPTOR sd = rc == 0 && may_change ? cn_win_private_descriptor() : NULL;
	PACL dacl = NULL;
	BOOL present = FALSE, defaulted = FALSE;
	if (sd && GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted) && present)
		SetSecurityInfo(h, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, NULL,
				NULL, dacl, NULL);
	if (sd)
		LocalFree(sd);
	CloseHandle(h);
	return rc;
}

/* --- Folders others may write to --- */

struct cn_os_folder {
	HANDLE h;          /* held: the folder cannot be renamed or removed */
	wchar_t *path;     /* its path, for the names in it */
	HANDLE find;       /* the listing, once started */
	bool listed;       /* the listing reached its end */
	char name[MAX_PATH * 4];
};

/* Holds the folder at W (taking W); NOFOLLOW refuses a reparse point. */
static cn_os_folder *hold(wchar_t *w, bool nofollow)
{
	HANDLE h = CreateFileW(w, FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES | READ_CONTROL | SYNCHRONIZE,
			       FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
			       FILE_FLAG_BACKUP_SEMANTICS | (nofollow ? FILE_FLAG_OPEN_REPARSE_POINT : 0), NULL);
	int e = h == INVALID_HANDLE_VALUE ? cn_win_errno(GetLastError()) : 0;
	BY_HANDLE_FILE_INFORMATION info;
	if (!e && !GetFileInformationByHandle(h, &info))
		e = cn_win_errno(GetLastError());
	else if (!e && nofollow && (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT))
		e = ELOOP;
	else if (!e && !(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY))
		e = ENOTDIR;
	if (e) {
		if (h != INVALID_HANDLE_VALUE)
			CloseHandle(h);
		free(w);
		errno = e;
		return NULL;
	}
	cn_os_folder *f = cn_calloc(1, sizeof *f);
	f->h = h;
	f->path = w;
	f->find = INVALID_HANDLE_VALUE;
	return f;
}

/* "<folder>\NAME", malloc'd; NULL for a name that is not a plain name. */
static wchar_t *inside(cn_os_folder *f, const char *name)
{
	if (!*name || strpbrk(name, "/\\:") || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		errno = EINVAL;
		return NULL;
	}
	wchar_t *wn = cn_win_wide(name);
	if (!wn)
		return NULL;
	size_t a = wcslen(f->path), b = wcslen(wn);
	wchar_t *w = cn_malloc((a + b + 2) * sizeof *w);
	memcpy(w, f->path, a * sizeof *w);
	w[a] = L'\\';
	memcpy(w + a + 1, wn, (b + 1) * sizeof *w);
	free(wn);
	return w;
}

cn_os_folder *cn_os_folder_open(const char *path)
{
	wchar_t *w = cn_win_wide(path);
	return w ? hold(w, false) : NULL;
}

cn_os_folder *cn_os_folder_open_at(cn_os_folder *parent, const char *name)
{
	wchar_t *w = inside(parent, name);
	return w ? hold(w, true) : NULL;
}

cn_os_folder *cn_os_folder_open_private(cn_os_folder *parent, const char *name)
{
	cn_os_folder *f = cn_os_folder_open_at(parent, name);
	if (f && !owner_trusted(f->h)) {
		cn_os_folder_close(f);
		return NULL;
	}
	return f;
}

const char *cn_os_folder_next(cn_os_folder *f)
{
	WIN32_FIND_DATAW data;
	while (!f->listed) {
		BOOL got;
		if (f->find == INVALID_HANDLE_VALUE) {
			size_t n = wcslen(f->path);
			wchar_t *pattern = cn_malloc((n + 3) * sizeof *pattern);
			memcpy(pattern, f->path, n * sizeof *pattern);
			wcscpy(pattern + n, L"\\*");
			f->find = FindFirstFileW(pattern, &data);
			free(pattern);
			got = f->find != INVALID_HANDLE_VALUE;
		} else {
			got = FindNextFileW(f->find, &data);
		}
		if (!got) {
			f->listed = true;
			break;
		}
		if (wcscmp(data.cFileName, L".") == 0 || wcscmp(data.cFileName, L"..") == 0)
			continue;
		/* A name that does not fit is no name cnscd made. */
		if (WideCharToMultiByte(CP_UTF8, 0, data.cFileName, -1, f->name, (int)sizeof f->name, NULL, NULL) > 0)
			return f->name;
	}
	return NULL;
}

int cn_os_folder_lookup(cn_os_folder *f, const char *name, struct cn_os_entry *e)
{
	return lookup_taking(inside(f, name), e);
}

int cn_os_folder_open_file(cn_os_folder *f, const char *name, int flags, int mode)
{
	wchar_t *w = inside(f, name);
	if (!w)
		return -1;
	int fd = cn_win_open(w, flags | O_NOFOLLOW | O_CLOEXEC, mode);
	int err = errno;
	free(w);
	errno = err;
	return fd;
}

/* DeleteFileW and RemoveDirectoryW remove a link itself, never its target. */
static int remove_inside(cn_os_folder *f, const char *name, BOOL(WINAPI *remove)(LPCWSTR))
{
	wchar_t *w = inside(f, name);
	if (!w)
		return -1;
	BOOL ok = remove(w);
	DWORD error = GetLastError();
	free(w);
	if (ok)
		return 0;
	errno = cn_win_errno(error);
	return -1;
}

int cn_os_folder_unlink(cn_os_folder *f, const char *name)
{
	return remove_inside(f, name, DeleteFileW);
}

int cn_os_folder_rmdir(cn_os_folder *f, const char *name)
{
	return remove_inside(f, name, RemoveDirectoryW);
}

int cn_os_folder_move_out(cn_os_folder *f, const char *name, const char *to)
{
	wchar_t *w = inside(f, name), *wt = w ? cn_win_wide(to) : NULL;
	int rc = wt ? cn_win_replace(w, wt) : -1;
	int err = errno;
	free(w);
	free(wt);
	errno = err;
	return rc;
}

time_t cn_os_folder_mtime(cn_os_folder *f)
{
	FILETIME written;
	return GetFileTime(f->h, NULL, NULL, &written) ? unix_time(&written) : 0;
}

void cn_os_folder_close(cn_os_folder *f)
{
	if (!f)
		return;
	if (f->find != INVALID_HANDLE_VALUE)
		FindClose(f->find);
	CloseHandle(f->h);
	free(f->path);
	free(f);
}
