/* Test helper for scripts/test-windows: holds a file open the way Excel
 * does (others may read it, not write or delete it) for SECONDS, so that
 * replacing it must fail with a clear message. Prints "held" once open. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

int wmain(int argc, wchar_t **argv)
{
	if (argc != 3)
		return 2;
	HANDLE h = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return 1;
	puts("held");
	fflush(stdout);
	Sleep((DWORD)_wtoi(argv[2]) * 1000);
	CloseHandle(h);
	return 0;
}
