/* The platform layer: every call that differs between Linux and Windows.
 * The rest of the program calls these on both systems and never tests
 * _WIN32 itself. Paths are UTF-8 everywhere, with '/' as the separator
 * (Windows accepts it; its own arguments arrive with '\' turned into '/').
 * Failures set errno, as the POSIX calls they stand for do.
 * Implemented by src/core/os_posix.c and src/core/os_win*.c. */
#ifndef CNSCD_OS_H
#define CNSCD_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <wchar.h>

#ifdef _WIN32
#include <dirent.h>
#include <fcntl.h>
#include <io.h>
/* POSIX names the Windows C runtime lacks; the values never clash. */
#ifndef O_CLOEXEC
#define O_CLOEXEC _O_NOINHERIT
#endif
#ifndef EDQUOT
#define EDQUOT 10069
#endif
typedef struct _stat64 cn_stat;
typedef struct cn_os_dir cn_os_dir;
#define CN_OS_WINDOWS 1
#else
#include <dirent.h>
typedef struct stat cn_stat;
typedef DIR cn_os_dir;
#define CN_OS_WINDOWS 0
#endif

/* --- The process --- */

/* First thing in main(): on Windows, replaces ARGV with the UTF-8 command
 * line and lets UTF-8 written to stdout/stderr reach the console intact;
 * on both, a file-size limit makes writes fail instead of killing us. */
void cn_os_start(int *argc, char ***argv);
/* Last thing in main(), returning STATUS: on Windows, a failure in a console
 * window of the program's own (it was double-clicked) waits for Enter, or
 * the window would close before its message could be read. */
int cn_os_finish(int status);
/* getenv, in UTF-8. */
const char *cn_os_getenv(const char *name);
/* The login name of the user running the program (malloc'd, "?" if none):
 * $USER or $LOGNAME where set, else the account's name. */
char *cn_os_user_name(void);
/* The account's name from the system itself, whatever the environment says
 * (malloc'd, "" if none). */
char *cn_os_account_name(void);
/* The file that discards what is written to it ("/dev/null", "NUL"). */
const char *cn_os_null_device(void);
/* Calls INTERRUPT on Ctrl-C and TERMINATE on a request to end: SIGTERM and
 * SIGHUP, or the console window closed. Both may only set a flag; neither
 * restarts a blocked read. */
void cn_os_catch_signals(void (*interrupt)(int), void (*terminate)(int));
/* The time of day (clock_gettime(CLOCK_REALTIME)). */
void cn_os_realtime(struct timespec *ts);
/* Milliseconds of a clock that never goes back. */
long long cn_os_monotonic_ms(void);
void cn_os_sleep_ms(long long ms);
/* timegm(): TM in UTC to seconds since the epoch. */
time_t cn_os_timegm(struct tm *tm);

/* --- Where things live --- */

/* The folder for the program's data: $XDG_DATA_HOME or ~/.local/share,
 * %LOCALAPPDATA% on Windows (malloc'd; "." when none is known). */
char *cn_os_data_home(void);
/* The folder a user expects exported files in: the home folder, the
 * Documents folder on Windows (malloc'd; "." when none is known). */
char *cn_os_documents_dir(void);
/* Where the database goes by default, as the help says it. */
const char *cn_os_default_db_help(void);
/* A path as a user typed it, made usable (malloc'd): "~/x" → "<home>/x",
 * and on Windows '\' → '/' (the program's separator). */
char *cn_os_expand_home(const char *path);

/* --- Files --- */

/* open(2); binary on Windows, and a file open here can still be renamed
 * or deleted by another handle, as on Linux. */
int cn_os_open(const char *path, int flags, int mode);
FILE *cn_os_fopen(const char *path, const char *mode);
FILE *cn_os_fdopen(int fd, const char *mode);
int cn_os_stat(const char *path, cn_stat *st);
/* The modification time, to the nanosecond where the system keeps it. */
struct timespec cn_os_mtime(const cn_stat *st);
int cn_os_access(const char *path, int mode);
int cn_os_unlink(const char *path);
int cn_os_rmdir(const char *path);
/* mkdir(2). A MODE without group or other bits makes the folder private on
 * Windows too (an access list for the user alone). */
int cn_os_mkdir(const char *path, int mode);
int cn_os_chmod(const char *path, int mode);
int cn_os_fchmod(int fd, int mode);
/* mkdtemp(3) and mkstemp(3): TEMPLATE ends in "XXXXXX"; private. */
char *cn_os_mkdtemp(char *template_path);
int cn_os_mkstemp(char *template_path);
/* rename(2): replaces TO if it exists, and is on disk when it returns. */
int cn_os_replace(const char *from, const char *to);
/* link(2): fails with EEXIST when TO exists. */
int cn_os_link(const char *from, const char *to);
/* fsync(2): the file's data and size reach the disk. */
int cn_os_fsync(int fd);
/* Makes the names created or renamed in DIR durable (a no-op where the
 * file system journals them: Windows). */
void cn_os_sync_dir(const char *dir);
/* True when A and B name the same file (hard links included). */
bool cn_os_same_file(const char *a, const char *b);
/* An advisory lock on the whole of an open file, held until it is closed:
 * exclusive; WAIT false fails at once (EWOULDBLOCK) if another holds it. */
int cn_os_lock(int fd, bool wait);

cn_os_dir *cn_os_opendir(const char *path);
/* The next entry; its d_name is UTF-8. */
struct dirent *cn_os_readdir(cn_os_dir *d);
int cn_os_closedir(cn_os_dir *d);

/* Unlocked stdio for hot loops (putc_unlocked, fwrite_unlocked). */
#ifdef _WIN32
/* Windows 7's msvcrt.dll has no unlocked forms to count on. */
#define cn_os_putc_unlocked(c, f) putc((c), (f))
#define cn_os_fwrite_unlocked(p, s, n, f) fwrite((p), (s), (n), (f))
#else
#define cn_os_putc_unlocked(c, f) putc_unlocked((c), (f))
#define cn_os_fwrite_unlocked(p, s, n, f) fwrite_unlocked((p), (s), (n), (f))
#endif

/* --- Text and the terminal --- */

/* Wide text as UTF-8 into BUF (ROOM bytes with the NUL), whatever the C
 * library's locale: the number of bytes, or (size_t)-1. */
size_t cn_os_wcs_to_utf8(char *buf, const wchar_t *ws, size_t room);
/* Display columns of the first N wide characters, -1 if one is not
 * printable (wcswidth). */
int cn_os_wcswidth(const wchar_t *ws, size_t n);
/* Before the full-screen interface starts: true when the terminal can show
 * UTF-8 (on Linux the locale's character set; on Windows the console is
 * switched to UTF-8, a font that has Vietnamese and, when the program owns
 * its window, a size that fits). CHARSET names what was found otherwise. */
bool cn_os_terminal_utf8(const char **charset);
bool cn_os_isatty(int fd);
/* The console's size changed since the last call (ROWS, COLS set): the
 * Windows console tells curses nothing of it. Always false on Linux, where
 * SIGWINCH does. */
bool cn_os_terminal_resized(int *rows, int *cols);

#endif
