/* Shared by the Windows halves of the platform layer (os_win*.c). */
#ifndef CNSCD_OS_WIN_INTERNAL_H
#define CNSCD_OS_WIN_INTERNAL_H

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

#endif
