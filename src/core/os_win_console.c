/* The platform layer on Windows: the command line, the console and the
 * terminal. msvcrt cannot select a UTF-8 locale, so the program's UTF-8
 * reaches the console through WriteConsoleW, and curses gets a console set
 * up for it (code page, font, size, resizes polled). See cnscd/os.h. */
#include "cnscd/os.h"

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <windows.h>
#include <shellapi.h> /* after windows.h, which it needs */

#include "cnscd/util.h"
#include "os_win_internal.h"

/* --- The command line --- */

/* msvcrt gives argv in the ANSI code page ("dữ liệu" → "d? li?u"). */
static void utf8_arguments(int *argc, char ***argv)
{
	int n;
	wchar_t **wargv = CommandLineToArgvW(GetCommandLineW(), &n);
	if (!wargv)
		return;
	char **args = cn_calloc((size_t)n + 1, sizeof *args);
	for (int i = 0; i < n; i++) {
		args[i] = cn_win_utf8(wargv[i]);
		if (!args[i])
			args[i] = cn_strdup("");
		/* One separator inside the program; Windows takes '/' too. */
		for (char *p = args[i]; i > 0 && *p; p++)
			if (*p == '\\')
				*p = '/';
	}
	LocalFree(wargv);
	*argc = n;
	*argv = args;
}

/* --- UTF-8 to the console --- */

/* While the CLI runs, stdout and stderr (when they are the console) write
 * into a pipe; a thread turns complete UTF-8 sequences into UTF-16 for
 * WriteConsoleW. Redirected output is left alone: plain UTF-8 bytes. */
static struct {
	HANDLE console, read_end, thread;
	int saved_fd[3];
	bool active;
} out;

static DWORD WINAPI console_writer(void *arg)
{
	(void)arg;
	char buf[4096 + 4];
	wchar_t wbuf[4096 + 4];
	size_t kept = 0;
	DWORD got;
	while (ReadFile(out.read_end, buf + kept, 4096, &got, NULL) && got > 0) {
		size_t n = kept + got, whole = n;
		/* Hold back a sequence cut by the end of the read. */
		size_t back = 0;
		while (back < 3 && back < n && ((unsigned char)buf[n - 1 - back] & 0xC0) == 0x80)
			back++;
		if (back < n) {
			unsigned char lead = (unsigned char)buf[n - 1 - back];
			size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
			if (len > back + 1)
				whole = n - back - 1;
		}
		int wn = MultiByteToWideChar(CP_UTF8, 0, buf, (int)whole, wbuf, 4096 + 4);
		DWORD written;
		if (wn > 0)
			WriteConsoleW(out.console, wbuf, (DWORD)wn, &written, NULL);
		kept = n - whole;
		memmove(buf, buf + whole, kept);
	}
	return 0;
}

static bool is_console(HANDLE h)
{
	DWORD mode;
	return h != INVALID_HANDLE_VALUE && h != NULL && GetConsoleMode(h, &mode);
}

static void console_output_stop(void)
{
	if (!out.active)
		return;
	out.active = false;
	fflush(stdout);
	fflush(stderr);
	for (int fd = 1; fd <= 2; fd++)
		if (out.saved_fd[fd] >= 0)
			_dup2(out.saved_fd[fd], fd); /* closes the pipe's end it held: the thread reads to the end */
	/* The thread writes the rest through the saved console handle: closed
	 * only once it is done, or the last lines are lost (seen under wine). */
	if (out.thread != INVALID_HANDLE_VALUE) {
		WaitForSingleObject(out.thread, 5000);
		CloseHandle(out.thread);
	}
	for (int fd = 1; fd <= 2; fd++)
		if (out.saved_fd[fd] >= 0)
			_close(out.saved_fd[fd]);
	CloseHandle(out.read_end);
}

static void console_output_start(void)
{
	bool to_out = is_console(GetStdHandle(STD_OUTPUT_HANDLE)), to_err = is_console(GetStdHandle(STD_ERROR_HANDLE));
	if (!to_out && !to_err)
		return;
	HANDLE rd, wr;
	if (!CreatePipe(&rd, &wr, NULL, 0))
		return;
	int wfd = _open_osfhandle((intptr_t)wr, _O_BINARY);
	if (wfd < 0) {
		CloseHandle(rd);
		CloseHandle(wr);
		return;
	}
	fflush(stdout);
	fflush(stderr);
	out.saved_fd[0] = out.saved_fd[1] = out.saved_fd[2] = -1;
	/* _dup2 closes the handle it replaces: write to the saved copies. */
	if (to_out) {
		out.saved_fd[1] = _dup(1);
		_dup2(wfd, 1);
		_setmode(1, _O_BINARY);
	}
	if (to_err) {
		out.saved_fd[2] = _dup(2);
		_dup2(wfd, 2);
		_setmode(2, _O_BINARY);
	}
	_close(wfd);
	out.console = (HANDLE)_get_osfhandle(out.saved_fd[to_out ? 1 : 2]);
	out.read_end = rd;
	out.active = true;
	out.thread = CreateThread(NULL, 0, console_writer, NULL, 0, NULL);
	if (!out.thread) {
		out.thread = INVALID_HANDLE_VALUE;
		console_output_stop();
		return;
	}
	atexit(console_output_stop);
}

void cn_os_start(int *argc, char ***argv)
{
	utf8_arguments(argc, argv);
	console_output_start();
}

int cn_os_finish(int status)
{
	DWORD ids[2];
	HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
	if (status == 0 || GetConsoleProcessList(ids, 2) != 1 || !is_console(in) ||
	    !is_console(GetStdHandle(STD_ERROR_HANDLE)))
		return status;
	console_output_stop();
	static const wchar_t prompt[] = L"\r\nNhấn Enter để đóng cửa sổ này…";
	DWORD n;
	WriteConsoleW(GetStdHandle(STD_ERROR_HANDLE), prompt, (DWORD)(sizeof prompt / sizeof prompt[0] - 1), &n, NULL);
	wchar_t buf[16];
	SetConsoleMode(in, ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | ENABLE_PROCESSED_INPUT);
	ReadConsoleW(in, buf, 16, &n, NULL);
	return status;
}

/* --- Signals --- */

static void (*on_interrupt)(int);
static void (*on_terminate)(int);

/* Runs in a thread of its own. Returning from a close, log-off or shut-down
 * event ends the process: wait a little for the key loop to leave cleanly. */
static BOOL WINAPI console_event(DWORD event)
{
	switch (event) {
	case CTRL_C_EVENT:
		if (on_interrupt)
			on_interrupt(SIGINT);
		return TRUE;
	case CTRL_BREAK_EVENT:
		if (on_terminate)
			on_terminate(SIGTERM);
		return TRUE;
	default:
		if (on_terminate)
			on_terminate(SIGTERM);
		Sleep(3000);
		return TRUE;
	}
}

void cn_os_catch_signals(void (*interrupt)(int), void (*terminate)(int))
{
	on_interrupt = interrupt;
	on_terminate = terminate;
	SetConsoleCtrlHandler(console_event, TRUE);
}

/* --- Text --- */

size_t cn_os_wcs_to_utf8(char *buf, const wchar_t *ws, size_t room)
{
	size_t n = 0;
	for (size_t i = 0; ws[i]; i++) {
		char one[8];
		int units = ws[i] >= 0xD800 && ws[i] <= 0xDBFF && ws[i + 1] >= 0xDC00 && ws[i + 1] <= 0xDFFF ? 2 : 1;
		int len = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, ws + i, units, one, sizeof one, NULL, NULL);
		if (len <= 0) {
			errno = EILSEQ;
			return (size_t)-1;
		}
		if (n + (size_t)len > room)
			break;
		memcpy(buf + n, one, (size_t)len);
		n += (size_t)len;
		i += (size_t)units - 1;
	}
	if (n < room)
		buf[n] = '\0';
	return n;
}

/* wchar_t is UTF-16 here: a surrogate pair is one character. */
int cn_os_wcswidth(const wchar_t *ws, size_t n)
{
	int width = 0;
	for (size_t i = 0; i < n && ws[i]; i++) {
		utf8proc_int32_t c = ws[i];
		if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && ws[i + 1] >= 0xDC00 && ws[i + 1] <= 0xDFFF) {
			c = 0x10000 + ((c - 0xD800) << 10) + (ws[i + 1] - 0xDC00);
			i++;
		}
		if (c < 0x20 || (c >= 0x7F && c < 0xA0))
			return -1;
		width += utf8proc_charwidth(c);
	}
	return width;
}

/* --- The terminal --- */

/* A console drawn by Windows has a font size; one drawn into a terminal
 * (wine's, some remote shells) reports none, and has no font or window to
 * change. (GetConsoleWindow would make such a console create a window.) */
static bool has_window_font(HANDLE con)
{
	CONSOLE_FONT_INFOEX font;
	memset(&font, 0, sizeof font);
	font.cbSize = sizeof font;
	return GetCurrentConsoleFontEx(con, FALSE, &font) && font.dwFontSize.Y > 0;
}

/* The raster font Windows 7 starts consoles with has no Vietnamese
 * letters; Consolas (Vista and later) has them all. */
static void use_vietnamese_font(HANDLE con)
{
	CONSOLE_FONT_INFOEX font;
	memset(&font, 0, sizeof font);
	font.cbSize = sizeof font;
	if (!GetCurrentConsoleFontEx(con, FALSE, &font))
		return;
	if ((font.FontFamily & TMPF_TRUETYPE) && wcscmp(font.FaceName, L"Terminal") != 0)
		return;
	CONSOLE_FONT_INFOEX want;
	memset(&want, 0, sizeof want);
	want.cbSize = sizeof want;
	want.dwFontSize.Y = font.dwFontSize.Y >= 14 ? font.dwFontSize.Y : 16;
	want.FontFamily = FF_DONTCARE;
	want.FontWeight = FW_NORMAL;
	wcscpy(want.FaceName, L"Consolas");
	SetCurrentConsoleFontEx(con, FALSE, &want);
}

#define WANT_COLS 100
#define WANT_ROWS 32

/* A console opened for the program alone (a double-click) starts at
 * 80x25 with a long scroll-back on Windows 7: make it one screen that fits
 * the interface. A console shared with a command prompt keeps its size. */
static void size_own_window(HANDLE con)
{
	DWORD ids[2];
	if (GetConsoleProcessList(ids, 2) != 1)
		return;
	CONSOLE_SCREEN_BUFFER_INFO info;
	if (!GetConsoleScreenBufferInfo(con, &info))
		return;
	COORD largest = GetLargestConsoleWindowSize(con);
	SHORT cols = WANT_COLS, rows = WANT_ROWS;
	if (largest.X > 0 && cols > largest.X)
		cols = largest.X;
	if (largest.Y > 0 && rows > largest.Y)
		rows = largest.Y;
	SMALL_RECT tiny = {0, 0, 1, 1}, full = {0, 0, (SHORT)(cols - 1), (SHORT)(rows - 1)};
	/* The window must fit the buffer at every step. */
	SetConsoleWindowInfo(con, TRUE, &tiny);
	SetConsoleScreenBufferSize(con, (COORD){cols, rows});
	SetConsoleWindowInfo(con, TRUE, &full);
}

bool cn_os_terminal_utf8(const char **charset)
{
	console_output_stop();
	*charset = "UTF-8";
	/* No terminfo here: with TERM set (MSYS, Git Bash, wine) newterm()
	 * looks for one and fails; without it curses drives the console. */
	_putenv("TERM=");
	SetConsoleOutputCP(CP_UTF8);
	SetConsoleCP(CP_UTF8);
	HANDLE con = GetStdHandle(STD_OUTPUT_HANDLE);
	if (is_console(con) && has_window_font(con)) {
		use_vietnamese_font(con);
		size_own_window(con);
		SetConsoleTitleW(L"cnscd — Tổ công nghệ số cộng đồng");
	}
	return true;
}

/* Standard output and error carried to the console by the writer thread
 * are the console still. Output to another character device (a terminal
 * on a serial line; wine's stand-in for a Linux terminal) is read by a
 * person too, through something that may act on controls. */
bool cn_os_isatty(int fd)
{
	bool output = fd == 1 || fd == 2;
	if (out.active && output && out.saved_fd[fd] >= 0)
		return true;
	HANDLE h = (HANDLE)_get_osfhandle(fd);
	return is_console(h) || (output && h != INVALID_HANDLE_VALUE && GetFileType(h) == FILE_TYPE_CHAR);
}

/* Curses draws into a screen buffer of its own: ask the active one. */
bool cn_os_terminal_resized(int *rows, int *cols)
{
	static int last_rows, last_cols;
	HANDLE con = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
				 OPEN_EXISTING, 0, NULL);
	if (con == INVALID_HANDLE_VALUE)
		return false;
	CONSOLE_SCREEN_BUFFER_INFO info;
	if (!GetConsoleScreenBufferInfo(con, &info)) {
		CloseHandle(con);
		return false;
	}
	int r = info.srWindow.Bottom - info.srWindow.Top + 1, c = info.srWindow.Right - info.srWindow.Left + 1;
	bool changed = last_rows && (r != last_rows || c != last_cols);
	if (changed) {
		/* Curses draws from the buffer's corner: make the buffer the
		 * window, with no scroll-back to slide it away. */
		SetConsoleScreenBufferSize(con, (COORD){(SHORT)c, (SHORT)r});
		SMALL_RECT window = {0, 0, (SHORT)(c - 1), (SHORT)(r - 1)};
		SetConsoleWindowInfo(con, TRUE, &window);
	}
	CloseHandle(con);
	last_rows = r;
	last_cols = c;
	*rows = r;
	*cols = c;
	return changed;
}
