/* Entry of the full-screen interface: checks the locale and the terminal
 * before curses starts (so that messages print normally), opens the
 * database, runs the browser, and always gives the terminal back. */
#include <stdio.h>
#include <stdlib.h>

#include "browser.h"
#include "cnscd/backup.h"
#include "cnscd/db.h"
#include "cnscd/os.h"
#include "cnscd/store.h"
#include "tui.h"
#include "ui.h"

/* Called inside a database call while another copy of cnscd holds the
 * write lock: it may draw, not query. */
static void say_waiting(void *ctx)
{
	(void)ctx;
	ui_message_now(S_INFO, "Cơ sở dữ liệu đang bận (một cửa sổ cnscd khác đang ghi), đang chờ…");
}

int cn_tui_main(const char *db_path)
{
	const char *charset;
	if (!cn_os_terminal_utf8(&charset)) {
		/* Said twice: the diacritics may come out garbled in this locale. */
		fprintf(stderr,
			"cnscd: giao diện cần bảng mã UTF-8, nhưng locale hiện tại dùng «%s».\n"
			"       Hãy đặt LANG là một locale UTF-8, ví dụ: LANG=C.UTF-8 cnscd\n"
			"cnscd: the interface needs a UTF-8 locale (now «%s»); set LANG, e.g. LANG=C.UTF-8\n",
			charset, charset);
		return 2;
	}
	if (!cn_os_isatty(0) || !cn_os_isatty(1)) {
		fprintf(stderr, "cnscd: giao diện toàn màn hình cần một terminal; "
				"các lệnh không cần màn hình xem ở \"cnscd --help\".\n");
		return 2;
	}
	cn_error err = {0};
	cn_db_set_wait_notice(say_waiting, NULL);
	cn_db *db = cn_store_open(db_path, CN_DB_CREATE, &err);
	if (!db) {
		fprintf(stderr, "cnscd: %s\n", err.msg);
		return 1;
	}
	/* Before the screen starts, so that the terminal is not blank while a
	 * large database is copied. A failed daily backup must not stop the
	 * day's work: a warning on the status line. */
	if (cn_store_daily_backup(db, &err) < 0)
		ui_message(S_ERROR, "Cảnh báo: chưa sao lưu hằng ngày được: %s", err.msg);
	if (!ui_start()) {
		cn_db_close(db);
		return 1;
	}
	/* If anything calls exit() (out of memory), the terminal still comes back. */
	atexit(ui_stop);
	int status = browser_run(db);
	ui_stop();
	cn_db_close(db);
	return status;
}
