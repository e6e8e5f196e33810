/* Shared by the Windows halves of the platform layer (os_win*.c). */
#ifndef CNSCD_OS_WIN_INTERNAL_H
#define CNSCD_OS_WIN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <windows.h>

/* UTF-8 → UTF-16 (malloc'd), '/' kept (Windows takes both separators);
 * NULL with errno EILSEQ for invalid UTF-8. */
wchar_t *cn_win_wide(const char *s);
/* UTF-16 → UTF-8, malloc'd; NULL for invalid text. */
char *cn_win_utf8(const wchar_t *ws);
/* errno for a Windows error code (GetLastError). */
int cn_win_errno(DWORD error);
/* Sets errno from GetLastError() and returns -1. */
int cn_win_fail(void);
/* Seconds since the epoch, times ten million. */
unsigned long long cn_win_unix_100ns(const FILETIME *ft);
/* cn_os_open and cn_os_replace, on wide paths. */
int cn_win_open(const wchar_t *path, int flags, int mode);
int cn_win_replace(const wchar_t *from, const wchar_t *to);
/* The access list of a private folder (the form of mode 0700), for
 * LocalFree; NULL if it cannot be made. */
PSECURITY_DESCRIPTOR cn_win_private_descriptor(void);
/* Replaces the "XXXXXX" before the last SUFFIX_LEN characters of T with
 * random letters; false (EINVAL) if T has none there. */
bool cn_win_fill_random(char *t, size_t suffix_len);

#endif
