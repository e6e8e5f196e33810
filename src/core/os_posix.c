/* The platform layer on Linux (and other POSIX systems): mostly the POSIX
 * calls themselves. See cnscd/os.h. */
#define _XOPEN_SOURCE 700 /* wcswidth */
#include "cnscd/os.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cnscd/util.h"

void cn_os_start(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "");
	/* Past a file-size limit a write should fail (EFBIG, reported as a full
	 * disk with the data intact), not kill the program mid-transaction. */
	signal(SIGXFSZ, SIG_IGN);
}

int cn_os_finish(int status)
{
	return status;
}

bool cn_os_process_gone(long pid)
{
	return pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

const char *cn_os_getenv(const char *name)
{
	return getenv(name);
}

char *cn_os_user_name(void)
{
	const char *user = getenv("USER");
	if (!user || !*user)
		user = getenv("LOGNAME");
	if (user && *user)
		return cn_strdup(user);
	const struct passwd *pw = getpwuid(getuid());
	return cn_strdup(pw && pw->pw_name ? pw->pw_name : "?");
}

char *cn_os_account_name(void)
{
	const struct passwd *pw = getpwuid(getuid());
	return cn_strdup(pw && pw->pw_name ? pw->pw_name : "");
}

const char *cn_os_null_device(void)
{
	return "/dev/null";
}

void cn_os_catch_signals(void (*interrupt)(int), void (*terminate)(int))
{
	struct sigaction sa = {0};
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = interrupt;
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = terminate;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

void cn_os_realtime(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}

long long cn_os_monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void cn_os_sleep_ms(long long ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000};
	nanosleep(&ts, NULL);
}

time_t cn_os_timegm(struct tm *tm)
{
	return timegm(tm);
}

char *cn_os_data_home(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg == '/')
		return cn_strdup(xdg);
	const char *home = getenv("HOME");
	return cn_sprintf("%s/.local/share", home && *home ? home : ".");
}

char *cn_os_documents_dir(void)
{
	const char *home = getenv("HOME");
	return cn_strdup(home && *home ? home : ".");
}

const char *cn_os_default_db_help(void)
{
	return "$XDG_DATA_HOME/cnscd/cnscd.db, hoặc ~/.local/share/cnscd/cnscd.db";
}

char *cn_os_temp_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	if (!tmp || tmp[0] != '/')
		tmp = "/tmp";
	size_t n = strlen(tmp);
	while (n > 1 && tmp[n - 1] == '/')
		n--;
	return cn_strndup(tmp, n);
}

char *cn_os_expand_home(const char *path)
{
	const char *home = getenv("HOME");
	if (path[0] == '~' && path[1] == '/' && home)
		return cn_sprintf("%s%s", home, path + 1);
	return cn_strdup(path);
}

int cn_os_open(const char *path, int flags, int mode)
{
	return open(path, flags, mode);
}

FILE *cn_os_tmpfile(void)
{
	return tmpfile();
}

FILE *cn_os_fopen(const char *path, const char *mode)
{
	return fopen(path, mode);
}

FILE *cn_os_fdopen(int fd, const char *mode)
{
	return fdopen(fd, mode);
}

int cn_os_stat(const char *path, cn_stat *st)
{
	return stat(path, st);
}

struct timespec cn_os_mtime(const cn_stat *st)
{
	return st->st_mtim;
}

int cn_os_access(const char *path, int mode)
{
	return access(path, mode);
}

int cn_os_unlink(const char *path)
{
	return unlink(path);
}

int cn_os_rmdir(const char *path)
{
	return rmdir(path);
}

int cn_os_mkdir(const char *path, int mode)
{
	return mkdir(path, (mode_t)mode);
}

int cn_os_chmod(const char *path, int mode)
{
	return chmod(path, (mode_t)mode);
}

int cn_os_fchmod(int fd, int mode)
{
	return fchmod(fd, (mode_t)mode);
}

char *cn_os_mkdtemp(char *template_path)
{
	return mkdtemp(template_path);
}

int cn_os_mkstemp(char *template_path)
{
	return mkstemp(template_path);
}

int cn_os_mkstemps(char *template_path, int suffix_len)
{
	return mkstemps(template_path, suffix_len);
}

int cn_os_replace(const char *from, const char *to)
{
	return rename(from, to);
}

int cn_os_link(const char *from, const char *to)
{
	return link(from, to);
}

int cn_os_fsync(int fd)
{
	return fsync(fd);
}

void cn_os_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

bool cn_os_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int cn_os_lock(int fd, bool wait)
{
	return flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB));
}

cn_os_dir *cn_os_opendir(const char *path)
{
	return opendir(path);
}

struct dirent *cn_os_readdir(cn_os_dir *d)
{
	return readdir(d);
}

int cn_os_closedir(cn_os_dir *d)
{
	return closedir(d);
}

size_t cn_os_wcs_to_utf8(char *buf, const wchar_t *ws, size_t room)
{
	/* The locale is UTF-8 whenever wide text exists: the interface checks. */
	return wcstombs(buf, ws, room);
}

int cn_os_wcswidth(const wchar_t *ws, size_t n)
{
	return wcswidth(ws, n);
}

bool cn_os_terminal_utf8(const char **charset)
{
	setlocale(LC_ALL, "");
	const char *cs = nl_langinfo(CODESET);
	*charset = cs ? cs : "?";
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

bool cn_os_isatty(int fd)
{
	return isatty(fd);
}

bool cn_os_terminal_resized(int *rows, int *cols)
{
	(void)rows;
	(void)cols;
	return false;
}
