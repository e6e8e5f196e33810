/* Reading a database someone else made: see untrusted_db_internal.h. */
#include "untrusted_db_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cnscd/os.h"
#include "cnscd/util.h"

/* Progress handler calls (one per this many virtual machine steps). */
#define TICK_STEPS 1000

static int refuse(cn_error *err, const char *what, const char *why, const char *end)
{
	return cn_fail(err, CN_EINVAL, "%s bị từ chối: %s; %s", what, why, end);
}

static int read_error(cn_error *err, const char *file, int e, const char *end)
{
	return cn_fail(err, e == ENOENT ? CN_ENOTFOUND : CN_EIO, "Không đọc được tệp «%s»: %s; %s", file,
		       e == ENOENT ? "không có tệp này" : strerror(e), end);
}

static int write_error(cn_error *err, const char *what, int e, const char *end)
{
	if (cn_os_error_status(e) == CN_EFULL)
		return cn_fail(err, CN_EFULL, "Không chép được %s: đĩa đã đầy. Hãy giải phóng dung lượng rồi thử lại; dữ "
			       "liệu cũ vẫn nguyên vẹn; %s", what, end);
	return cn_fail(err, CN_EIO, "Không chép được %s: %s; %s", what, strerror(e), end);
}

/* Byte 18 of a SQLite header: 1 rollback journal, 2 WAL. */
#define HEADER_WRITE_VERSION 18
#define HEADER_READ_VERSION 19

static bool has_wal_data(const char *file)
{
	char *wal = cn_sprintf("%s-wal", file);
	struct cn_os_entry e;
	bool data = cn_os_lookup(wal, &e) == 0 && (e.kind != CN_OS_FILE || e.size > 0);
	free(wal);
	return data;
}

/* Writes the N bytes at P to OUT; returns 0 or an errno. */
static int write_all(int out, const unsigned char *p, size_t n)
{
	for (size_t done = 0; done < n;) {
		ssize_t w = write(out, p + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno;
		done += (size_t)w;
	}
	return 0;
}

/* Copies the rest of the open file IN, up to SIZE bytes in all with the
 * *COPIED already written, to OUT; returns 0 or an errno. */
static int copy_bytes(int in, int out, long long size, long long *copied)
{
	static unsigned char buf[1 << 16];
	while (*copied < size) {
		size_t want = size - *copied < (long long)sizeof buf ? (size_t)(size - *copied) : sizeof buf;
		ssize_t n = read(in, buf, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0)
			break; /* shorter than it was: the checks will say it is damaged */
		int e = write_all(out, buf, (size_t)n);
		if (e)
			return e;
		*copied += n;
	}
	return 0;
}

int cn_untrusted_copy(const char *file, const char *template, int flags, const char *what, const char *end,
		      struct cn_untrusted *u, cn_error *err)
{
	memset(u, 0, sizeof *u);
	/* Never a FIFO (it would block the import) or a device. */
	enum cn_os_kind kind = CN_OS_OTHER;
	long long size = 0;
	int in = cn_os_open_plain_file(file, &kind, &size);
	if (in < 0 && errno == EINVAL)
		return refuse(err, what, kind == CN_OS_FOLDER ? "đó là một thư mục"
			      : "đó không phải một tệp thường (FIFO, thiết bị…)", end);
	if (in < 0)
		return read_error(err, file, errno, end);
	if (size > CN_UNTRUSTED_MAX_BYTES) {
		close(in);
		return refuse(err, what, "tệp lớn quá mức một cơ sở dữ liệu cnscd có thể có", end);
	}
	unsigned char header[100] = {0};
	ssize_t got = 0;
	while (got < (ssize_t)sizeof header) {
		ssize_t n = read(in, header + got, sizeof header - (size_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	if (got < (ssize_t)sizeof header || memcmp(header, "SQLite format 3", 16) != 0) {
		close(in);
		return refuse(err, what, "tệp bị hỏng hoặc không phải cơ sở dữ liệu cnscd", end);
	}
	bool wal = header[HEADER_WRITE_VERSION] == 2 || header[HEADER_READ_VERSION] == 2;
	if (wal && (flags & CN_UNTRUSTED_CLEAR_WAL) && has_wal_data(file)) {
		close(in);
		char *why = cn_sprintf("tệp ở chế độ WAL và phần dữ liệu chưa gộp vẫn nằm riêng trong %s-wal. Hãy mở nó "
				       "bằng cnscd một lần (hoặc tạo bản sao bằng cnscd backup) rồi dùng bản đó", file);
		int rc = refuse(err, what, why, end);
		free(why);
		return rc;
	}
	u->app_id = (unsigned)header[68] << 24 | (unsigned)header[69] << 16 | (unsigned)header[70] << 8 | header[71];
	u->wal = wal && !(flags & CN_UNTRUSTED_CLEAR_WAL);
	u->what = cn_strdup(what);
	u->end = cn_strdup(end);
	u->copy = cn_strdup(template);
	int out = cn_os_mkstemps(u->copy, 4);
	if (out < 0) {
		int e = errno;
		close(in);
		free(u->copy);
		u->copy = NULL;
		cn_untrusted_free(u);
		return write_error(err, what, e, end);
	}
	cn_os_fchmod(out, 0600);
	/* The copy is read as a rollback-journal file: no sidecar is looked for. */
	if (wal && !u->wal)
		header[HEADER_WRITE_VERSION] = header[HEADER_READ_VERSION] = 1;
	int e = write_all(out, header, sizeof header);
	u->size = e ? 0 : (long long)sizeof header;
	if (!e)
		e = copy_bytes(in, out, size, &u->size);
	close(in);
	if (close(out) != 0 && !e)
		e = errno;
	if (e) {
		cn_untrusted_free(u);
		return write_error(err, what, e, end);
	}
	return CN_OK;
}

static int on_progress(void *arg)
{
	struct cn_untrusted *u = arg;
	if (++u->ticks <= u->budget)
		return 0;
	u->stopped = true;
	return 1;
}

char *cn_untrusted_uri(const char *path, const char *params)
{
	cn_buf b = {0};
	cn_buf_adds(&b, "file:");
	/* A relative name must not look like an authority ("file://host"). */
	if (path[0] == '/' && path[1] == '/')
		cn_buf_adds(&b, "/");
	for (const char *p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			cn_buf_printf(&b, "%%%02X", (unsigned char)*p);
		else
			cn_buf_addc(&b, *p);
	}
	if (params && *params)
		cn_buf_printf(&b, "?%s", params);
	return cn_buf_steal(&b);
}

int cn_untrusted_open(struct cn_untrusted *u, bool writable, cn_error *err)
{
	if (u->wal)
		return refuse(err, u->what, "tệp ở chế độ WAL (cnscd không bao giờ ghi gói như vậy)", u->end);
	char *uri = cn_untrusted_uri(u->copy, writable ? "" : "mode=ro&immutable=1");
	int flags = (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(uri, &u->sq, flags, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		cn_fail(err, CN_EIO, "Không mở được bản sao tạm: %s", sqlite3_errmsg(u->sq));
		sqlite3_close(u->sq);
		u->sq = NULL;
		return CN_EIO;
	}
	sqlite3 *sq = u->sq;
	sqlite3_extended_result_codes(sq, 1);
	sqlite3_db_config(sq, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(sq, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(sq, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(sq, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	sqlite3_db_config(sq, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	sqlite3_db_config(sq, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, NULL);
	/* No value of ours is near a megabyte; a 200 MB note is refused by
	 * SQLite before it is read into memory. */
	sqlite3_limit(sq, SQLITE_LIMIT_LENGTH, 1000000);
	/* VACUUM (restore's page size) attaches a database of its own. */
	sqlite3_limit(sq, SQLITE_LIMIT_ATTACHED, writable ? 1 : 0);
	sqlite3_limit(sq, SQLITE_LIMIT_EXPR_DEPTH, 200);
	sqlite3_limit(sq, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
	/* A budget of work in proportion to the file: reading every row a
	 * few times fits many times over; an endless query does not. */
	u->ticks = 0;
	u->budget = 200000 + u->size / 8;
	sqlite3_progress_handler(sq, TICK_STEPS, on_progress, u);
	return CN_OK;
}

int cn_untrusted_fail_after(struct cn_untrusted *u, const char *detail, cn_error *err)
{
	if (u->stopped)
		return refuse(err, u->what, "đọc nó tốn công quá mức một tệp bình thường (có thể là tệp làm ra để treo "
			      "chương trình)", u->end);
	if (detail && strstr(detail, sqlite3_errstr(SQLITE_TOOBIG)))
		return refuse(err, u->what, "tệp có một giá trị lớn quá mức (hơn 1 MB)", u->end);
	return cn_fail(err, CN_EDB, "%s bị hỏng hoặc không đọc được (%s); %s", u->what, detail ? detail : "?", u->end);
}

int cn_untrusted_fail(struct cn_untrusted *u, cn_error *err)
{
	char *detail = cn_strdup(u->sq ? sqlite3_errmsg(u->sq) : "?");
	int rc = cn_untrusted_fail_after(u, detail, err);
	free(detail);
	return rc;
}

int cn_untrusted_schema(struct cn_untrusted *u, cn_untrusted_allow_fn allow, void *ctx, cn_error *err)
{
	const char *what = u->what, *end = u->end;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(u->sq, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid", -1, &st,
			       NULL) != SQLITE_OK)
		return cn_untrusted_fail(u, err);
	int rc = CN_OK, step = SQLITE_DONE;
	while (rc == CN_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *tbl = (const char *)sqlite3_column_text(st, 2);
		const char *sql = (const char *)sqlite3_column_text(st, 3);
		if (!type || !name || !tbl) {
			rc = refuse(err, what, "danh mục lược đồ của tệp bị hỏng", end);
			break;
		}
		const char *why = allow(u, type, name, tbl, sql, ctx);
		if (!why)
			continue;
		char *text = cn_sprintf("%s (%s «%s»)", why, type, name);
		rc = refuse(err, what, text, end);
		free(text);
	}
	if (rc == CN_OK && step != SQLITE_DONE)
		rc = cn_untrusted_fail(u, err);
	sqlite3_finalize(st);
	return rc;
}

void cn_untrusted_close(struct cn_untrusted *u)
{
	if (u->sq)
		sqlite3_close(u->sq);
	u->sq = NULL;
}

void cn_untrusted_free(struct cn_untrusted *u)
{
	cn_untrusted_close(u);
	if (u->copy) {
		cn_os_unlink(u->copy);
		char *journal = cn_sprintf("%s-journal", u->copy);
		cn_os_unlink(journal);
		free(journal);
	}
	free(u->copy);
	free(u->what);
	free(u->end);
	memset(u, 0, sizeof *u);
}
