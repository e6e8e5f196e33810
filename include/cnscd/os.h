/* The platform layer: every call that differs between Linux and Windows.
 * The rest of the program calls these on both systems and never tests
 * _WIN32 itself. Paths are UTF-8 everywhere, with '/' as the separator
 * (Windows accepts it; its own arguments arrive with '\' turned into '/').
 * Failures set errno, as the POSIX calls they stand for do.
 * Implemented by src/core/os_posix*.c and src/core/os_win*.c, with what
 * both share in os_errors.c and os_file.c. */
#ifndef CNSCD_OS_H
#define CNSCD_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <wchar.h>

#include "cnscd/util.h"

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
/* For cn_os_open: do not go through a link (a reparse point) at the path's
 * last part; refuse it with ELOOP. A bit no _O_ flag uses. */
#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0x1000000
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
/* True only when no process PID runs any more (one that ran cnscd and was
 * killed): what it left behind is nobody's. */
bool cn_os_process_gone(long pid);
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
/* The folder for temporary files: $TMPDIR or /tmp, the user's %TEMP% on
 * Windows (malloc'd, without a trailing '/'). */
char *cn_os_temp_dir(void);
/* A path as a user typed it, made usable (malloc'd): "~/x" → "<home>/x",
 * and on Windows '\' → '/' (the program's separator). */
char *cn_os_expand_home(const char *path);

/* --- Files --- */

/* open(2); binary on Windows, and a file open here can still be renamed
 * or deleted by another handle, as on Linux. O_NOFOLLOW works on both. */
int cn_os_open(const char *path, int flags, int mode);
/* What a path names, the link itself when it is one (lstat). */
enum cn_os_kind { CN_OS_FILE = 1, CN_OS_FOLDER, CN_OS_LINK, CN_OS_OTHER };
struct cn_os_entry {
	enum cn_os_kind kind; /* a link (Windows: a reparse point), never what it leads to */
	bool own;             /* made by this user: see cn_os_folder_open_private */
	long long size;
	time_t mtime;
};
/* Fills E for PATH without following a link: 0, or -1 with errno. */
int cn_os_lookup(const char *path, struct cn_os_entry *e);
/* Opens PATH, someone else's file, for reading, only if it is a plain
 * file: never waits on a FIFO or a device (Windows has no FIFOs in
 * folders; pipes and devices such as CON or \\.\pipe\x are refused by
 * their type). -1 with errno; EINVAL with *KIND set when PATH is a folder
 * or something else. *SIZE gets its size. */
int cn_os_open_plain_file(const char *path, enum cn_os_kind *kind, long long *size);
/* A temporary file, removed when closed (tmpfile(3); msvcrt's tmpfile
 * writes to the drive's root, which users may not). */
FILE *cn_os_tmpfile(void);
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
/* mkstemps(3): "XXXXXX" followed by SUFFIX_LEN more characters. */
int cn_os_mkstemps(char *template_path, int suffix_len);
/* The permission bits of the file PATH when they let other users in
 * (group or others), else 0. Always 0 on Windows, which keeps no modes: a
 * file there is as private as its folder's access list (the data folder
 * in the user's profile is the user's alone; see cn_os_mkdir). */
unsigned cn_os_open_to_others(const char *path);
/* Takes group's and others' permissions off the plain file PATH; a link
 * is left alone. 0, or -1 with errno. Nothing to do on Windows (above). */
int cn_os_keep_to_owner(const char *path);
/* The existing folder DIR (a link is followed: the user named it) closed
 * to other users: mode 0700; on Windows an access list for the user, as
 * cn_os_mkdir makes. Only a folder of the user's own: -1 with errno EPERM
 * for another's, whose mode or list is left as it is. */
int cn_os_make_folder_private(const char *dir);
/* rename(2): replaces TO if it exists, and is on disk when it returns. */
int cn_os_replace(const char *from, const char *to);
/* link(2): fails with EEXIST when TO exists. */
int cn_os_link(const char *from, const char *to);
/* fsync(2): the file's data and size reach the disk. */
int cn_os_fsync(int fd);
/* Makes the names created or renamed in DIR durable (a no-op where the
 * file system journals them: Windows). */
void cn_os_sync_dir(const char *dir);
/* Reads a whole file into memory (for small files: fixtures, settings);
 * *LEN (if not NULL) receives its length. Malloc'd, NULL on failure. */
char *cn_os_read_file(const char *path, size_t *len, cn_error *err);
/* True when A and B name the same file (hard links included). */
bool cn_os_same_file(const char *a, const char *b);
/* An advisory lock on the whole of an open file, held until it is closed:
 * exclusive; WAIT false fails at once (EWOULDBLOCK) if another holds it. */
int cn_os_lock(int fd, bool wait);

cn_os_dir *cn_os_opendir(const char *path);
/* The next entry; its d_name is UTF-8. */
struct dirent *cn_os_readdir(cn_os_dir *d);
int cn_os_closedir(cn_os_dir *d);

/* --- Folders others may write to ---
 * Clean-up in a folder others can write to (an export folder on a shared
 * drive) must never be led elsewhere by a link planted there: the folder
 * is held open and names in it are reached from it, never through a link.
 * On Linux its descriptor and the *at calls with O_NOFOLLOW; on Windows a
 * handle that keeps the folder from being renamed or removed while held,
 * FILE_FLAG_OPEN_REPARSE_POINT, and a refusal of any reparse point
 * (symbolic link, junction). Removing a name never removes what a link
 * leads to on either system. */
typedef struct cn_os_folder cn_os_folder;
/* Holds the folder PATH (following a link there: the user chose PATH). */
cn_os_folder *cn_os_folder_open(const char *path);
/* Holds the folder NAME in PARENT only if it is a real folder, not a
 * link: NULL (errno ELOOP, ENOTDIR…) otherwise. */
cn_os_folder *cn_os_folder_open_at(cn_os_folder *parent, const char *name);
/* The same, only if it is also cnscd's kind of private folder: this
 * user's, mode 0700 on Linux. Windows has no modes: its owner must be this
 * user, or the administrators or the system (who can do anything anyway);
 * another user's folder is refused. A drive that keeps no owners (FAT32,
 * USB sticks) has no links either, and anyone may write there anyway: the
 * folder is taken. */
cn_os_folder *cn_os_folder_open_private(cn_os_folder *parent, const char *name);
/* The next name in F ("." and ".." skipped), or NULL at the end. Valid
 * until the next call. */
const char *cn_os_folder_next(cn_os_folder *f);
/* cn_os_lookup for NAME in F. */
int cn_os_folder_lookup(cn_os_folder *f, const char *name, struct cn_os_entry *e);
/* cn_os_open for NAME in F, never through a link (ELOOP). */
int cn_os_folder_open_file(cn_os_folder *f, const char *name, int flags, int mode);
/* Removes the file (or the link itself) NAME from F. */
int cn_os_folder_unlink(cn_os_folder *f, const char *name);
/* Removes the empty folder NAME from F (a link to a folder: the link). */
int cn_os_folder_rmdir(cn_os_folder *f, const char *name);
/* cn_os_replace of NAME in F to the path TO. */
int cn_os_folder_move_out(cn_os_folder *f, const char *name, const char *to);
/* When F itself was last changed. */
time_t cn_os_folder_mtime(cn_os_folder *f);
void cn_os_folder_close(cn_os_folder *f);

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
/* Whether FD is a terminal: what is written there is read by a person
 * (on Windows a console, and for output any character device). */
bool cn_os_isatty(int fd);
/* The console's size changed since the last call (ROWS, COLS set): the
 * Windows console tells curses nothing of it. Always false on Linux, where
 * SIGWINCH does. */
bool cn_os_terminal_resized(int *rows, int *cols);

/* What the errno E of a failed file operation (as the calls here set it,
 * on Windows too) means for the user. The one rule of the core, the
 * exports and the bundles: CN_EFULL for a full disk or quota or a file
 * over the size limit, CN_ERDONLY for no permission or a read-only disk,
 * else CN_EIO. */
int cn_os_error_status(int e);
/* The reason in Vietnamese ("ổ đĩa đã đầy"), or NULL when there is none
 * better than strerror(E). */
const char *cn_os_error_text(int e);

#endif
