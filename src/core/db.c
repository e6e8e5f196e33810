#include "cnscd/db.h"

#include "cnscd/collate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cnscd/assets.h"
#include "cnscd/os.h"
#include "cnscd/today.h"
#include "db_internal.h"

/* How long a writer waits for another copy of cnscd to finish
 * ($CNSCD_BUSY_TIMEOUT_MS overrides it, for tests), and after how long the
 * front end is told that it is waiting. */
#define BUSY_TIMEOUT_MS 10000
#define WAIT_NOTICE_MS 1000

struct cached_stmt {
	const char *sql;
	sqlite3_stmt *st;
};

struct cn_db {
	sqlite3 *sq;
	char *path;
	int tx_depth;
	bool tx_failed; /* an inner level rolled back: the outer commit must not */
	struct cached_stmt *cache;
	int ncache, capcache;
	const struct cn_db_hooks *hooks; /* never NULL */
	void *hook_data;                 /* what hooks->attach returned */
	long long began;                 /* what hooks->began returned */
	long long busy_timeout_ms;
	long long wait_start_ms; /* when the current wait for a lock began */
	bool wait_noticed;
	char *notice; /* for the user, from the opening */
};

static struct {
	cn_db_wait_fn fn;
	void *ctx;
} wait_notice;

void cn_db_set_wait_notice(cn_db_wait_fn fn, void *ctx)
{
	wait_notice.fn = fn;
	wait_notice.ctx = ctx;
}

/* SQLite calls this while another connection holds the lock we need; COUNT
 * is 0 on the first call of each wait. Returning 0 gives up (SQLITE_BUSY).
 * Unlike sqlite3_busy_timeout, it tells the front end once the wait gets
 * long enough for a user to wonder. */
static int busy_wait(void *arg, int count)
{
	static const int delays_ms[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
	cn_db *db = arg;
	long long now = cn_os_monotonic_ms();
	if (count == 0) {
		db->wait_start_ms = now;
		db->wait_noticed = false;
	}
	long long waited = now - db->wait_start_ms;
	if (waited >= db->busy_timeout_ms)
		return 0;
	if (!db->wait_noticed && waited >= WAIT_NOTICE_MS) {
		db->wait_noticed = true;
		if (wait_notice.fn)
			wait_notice.fn(wait_notice.ctx);
	}
	long long delay = count < (int)CN_ARRAY_LEN(delays_ms) ? delays_ms[count] : 100;
	if (delay > db->busy_timeout_ms - waited)
		delay = db->busy_timeout_ms - waited;
	cn_os_sleep_ms(delay);
	return 1;
}

static long long busy_timeout_ms(void)
{
	const char *env = getenv("CNSCD_BUSY_TIMEOUT_MS");
	if (env && *env) {
		char *end;
		long long v = strtoll(env, &end, 10);
		if (*end == '\0' && v >= 0 && v <= 3600 * 1000)
			return v;
	}
	return BUSY_TIMEOUT_MS;
}

char *cn_db_default_path(void)
{
	const char *env = cn_os_getenv("CNSCD_DB");
	if (env && *env)
		return cn_strdup(env);
	char *data = cn_os_data_home();
	char *path = cn_sprintf("%s/cnscd/cnscd.db", data);
	free(data);
	return path;
}

/* mkdir -p of the directory part of PATH, private to the user. */
static int make_parent_dirs(const char *path, cn_error *err)
{
	char *dir = cn_strdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		free(dir);
		return CN_OK;
	}
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char saved = *p;
			*p = '\0';
			if (cn_os_mkdir(dir, 0700) != 0 && errno != EEXIST) {
				int e = errno;
				cn_fail(err, cn_os_error_status(e),
					"Không tạo được thư mục %s: %s", dir, strerror(e));
				free(dir);
				return err ? err->code : CN_EIO;
			}
			*p = saved;
			if (!saved)
				break;
		}
	}
	free(dir);
	return CN_OK;
}

/* Creates an empty file with mode 0600 so that SQLite (which copies the
 * database's mode to its -wal and -shm files) never makes it readable by
 * others: the members' phone and ID numbers are personal data. */
static int create_private_file(const char *path, cn_error *err)
{
	if (make_parent_dirs(path, err) != CN_OK)
		return err ? err->code : CN_EIO;
	int fd = cn_os_open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST) {
		int e = errno;
		return cn_fail(err, cn_os_error_status(e),
			       "Không tạo được tệp cơ sở dữ liệu %s: %s", path, strerror(e));
	}
	if (fd >= 0)
		close(fd);
	return CN_OK;
}

int cn_db_fail(cn_db *db, cn_error *err, const char *what)
{
	return cn_sqlite_fail(db->sq, sqlite3_extended_errcode(db->sq), err, what);
}

int cn_sqlite_fail(sqlite3 *sq, int rc, cn_error *err, const char *what)
{
	static const char full[] = "%s: đĩa đã đầy. Hãy giải phóng dung lượng rồi thử lại; dữ liệu cũ vẫn nguyên vẹn.";
	const char *detail = (sqlite3_errcode(sq) & 0xFF) == (rc & 0xFF) ? sqlite3_errmsg(sq) : sqlite3_errstr(rc);
	switch (rc & 0xFF) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return cn_fail(err, CN_EBUSY,
			       "%s: cơ sở dữ liệu đang bận (một cửa sổ cnscd khác đang ghi). Hãy thử lại sau ít giây.",
			       what);
	case SQLITE_FULL:
		return cn_fail(err, CN_EFULL, full, what);
	case SQLITE_READONLY:
		return cn_fail(err, CN_ERDONLY, "%s: cơ sở dữ liệu chỉ cho phép đọc (không có quyền ghi tệp hoặc "
			       "thư mục chứa nó).", what);
	case SQLITE_CONSTRAINT:
		return cn_fail(err, CN_EEXIST, "%s: trùng hoặc vi phạm ràng buộc dữ liệu (%s)", what, detail);
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN: {
		/* A write past the file-size limit (EFBIG) or onto a full disk that
		 * SQLite did not classify as SQLITE_FULL: the user's fix is the
		 * same, so is the message. */
		if (cn_os_error_status(sqlite3_system_errno(sq)) == CN_EFULL)
			return cn_fail(err, CN_EFULL, full, what);
		return cn_fail(err, CN_EIO, "%s: lỗi đọc/ghi đĩa (%s)", what, detail);
	}
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return cn_fail(err, CN_EDB, "%s: tệp không phải cơ sở dữ liệu cnscd hoặc đã hỏng (%s)", what,
			       detail);
	default:
		return cn_fail(err, CN_EDB, "%s: lỗi cơ sở dữ liệu (%s)", what, detail);
	}
}

sqlite3 *cn_db_sqlite(cn_db *db) { return db->sq; }
void *cn_db_hook_data(cn_db *db) { return db->hook_data; }
const char *cn_db_path(cn_db *db) { return db->path; }
const char *cn_db_notice(cn_db *db) { return db->notice; }

/* The members' phone and ID numbers are personal data: a database file
 * (and its WAL files) readable by others, made by another tool or copied
 * with a wider mode, is tightened to 0600, and the user told. */
static void tighten_mode(cn_db *db)
{
	unsigned mode = cn_os_open_to_others(db->path);
	if (!mode)
		return;
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	bool done = true;
	for (size_t i = 0; i < CN_ARRAY_LEN(suffixes); i++) {
		char *p = cn_sprintf("%s%s", db->path, suffixes[i]);
		if (cn_os_keep_to_owner(p) != 0 && errno != ENOENT)
			done = false;
		free(p);
	}
	db->notice = done ? cn_sprintf("Tệp cơ sở dữ liệu %s để người khác đọc được (quyền %04o); đã đổi thành 0600 "
				       "(chỉ chủ tệp đọc, ghi) vì nó chứa số điện thoại và số định danh của thành viên.",
				       db->path, mode)
			  : cn_sprintf("Tệp cơ sở dữ liệu %s để người khác đọc được (quyền %04o) và không đổi được quyền; "
				       "hãy chạy: chmod 600 %s", db->path, mode, db->path);
}

long long cn_db_int(cn_db *db, const char *sql, long long fallback)
{
	sqlite3_stmt *st;
	long long v = fallback;
	if (sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

static int pragma_int(cn_db *db, const char *sql)
{
	return (int)cn_db_int(db, sql, -1);
}

int cn_db_schema_version(cn_db *db)
{
	return pragma_int(db, "PRAGMA user_version");
}

/* Migrations are assets named migrations/NNNN_what.sql, applied in order. */
static int migration_version(const struct cn_asset *a)
{
	if (strncmp(a->path, "migrations/", 11) != 0)
		return 0;
	return atoi(a->path + 11);
}

int cn_db_latest_version(void)
{
	int latest = 0;
	for (const struct cn_asset *a = cn_assets; a->path; a++)
		if (migration_version(a) > latest)
			latest = migration_version(a);
	return latest;
}

int cn_db_exec(cn_db *db, const char *sql, cn_error *err)
{
	if (sqlite3_exec(db->sq, sql, NULL, NULL, NULL) != SQLITE_OK)
		return cn_db_fail(db, err, "Lỗi thực thi lệnh cơ sở dữ liệu");
	return CN_OK;
}

static int migrate(cn_db *db, cn_error *err)
{
	int current = cn_db_schema_version(db);
	int latest = cn_db_latest_version();
	if (current > latest)
		return cn_fail(err, CN_EVERSION,
			       "Cơ sở dữ liệu %s do phiên bản cnscd mới hơn tạo (lược đồ %d, bản này hiểu đến %d). "
			       "Hãy cập nhật cnscd; dữ liệu không bị thay đổi.", db->path, current, latest);
	if (current == latest)
		return CN_OK;
	if (cn_db_begin(db, err) != CN_OK)
		return err ? err->code : CN_EDB;
	/* Another copy may have migrated while we waited for the lock. */
	current = cn_db_schema_version(db);
	/* Keep the data as it was before touching the schema. Taken inside the
	 * write transaction, so it is exactly what gets migrated. */
	if (current >= 1 && current < latest && db->hooks->before_migration &&
	    db->hooks->before_migration(db, current, err) != CN_OK) {
		cn_db_rollback(db);
		return err ? err->code : CN_EIO;
	}
	for (const struct cn_asset *a = cn_assets; a->path; a++) {
		int v = migration_version(a);
		if (v <= current)
			continue;
		if (sqlite3_exec(db->sq, a->data, NULL, NULL, NULL) != SQLITE_OK) {
			char what[128];
			snprintf(what, sizeof what, "Nâng cấp cơ sở dữ liệu (bước %d) thất bại", v);
			cn_db_fail(db, err, what);
			cn_db_rollback(db);
			return err ? err->code : CN_EDB;
		}
		char *sql = cn_sprintf("PRAGMA user_version = %d", v);
		int rc = sqlite3_exec(db->sq, sql, NULL, NULL, NULL);
		free(sql);
		if (rc != SQLITE_OK) {
			cn_db_fail(db, err, "Nâng cấp cơ sở dữ liệu thất bại");
			cn_db_rollback(db);
			return err ? err->code : CN_EDB;
		}
	}
	if (db->hooks->after_migration && db->hooks->after_migration(db, err) != CN_OK) {
		cn_db_rollback(db);
		return err ? err->code : CN_EDB;
	}
	return cn_db_commit(db, err);
}

/* A file that holds tables but not our application id is someone else's. */
static int check_ownership(cn_db *db, cn_error *err)
{
	int app = pragma_int(db, "PRAGMA application_id");
	if (app < 0)
		return cn_db_fail(db, err, "Không đọc được cơ sở dữ liệu");
	if (app == CN_APPLICATION_ID)
		return CN_OK;
	int tables = pragma_int(db, "SELECT count(*) FROM sqlite_master");
	if (tables < 0)
		return cn_db_fail(db, err, "Không đọc được cơ sở dữ liệu");
	if (app != 0 || tables > 0)
		return cn_fail(err, CN_EINVAL, "Tệp %s không phải cơ sở dữ liệu cnscd; không đụng tới nó.",
			       db->path);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d", CN_APPLICATION_ID);
	return cn_db_exec(db, sql, err);
}

/* The first statements touch the files: their failure is the open's. */
static int open_exec(cn_db *db, const char *sql, cn_error *err)
{
	if (sqlite3_exec(db->sq, sql, NULL, NULL, NULL) == SQLITE_OK)
		return CN_OK;
	char *what = cn_sprintf("Không mở được cơ sở dữ liệu %s", db->path);
	int rc = cn_db_fail(db, err, what);
	free(what);
	return rc;
}

/* SQLite's global settings, before its first use. It counts every
 * allocation under a global mutex to report memory use, which cnscd never
 * asks for: a lock per allocation, millions in a big import. */
static void configure_sqlite(void)
{
	static bool done;
	if (!done) {
		done = true;
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); /* refused, harmlessly, once SQLite has started */
	}
}

/* CNSCD_SLOW_SQL_MS=N (for the benchmarks): each statement that ran
 * longer than N ms, on stderr, with its time. The statement's text only,
 * never its values: they may come from a file. */
static int print_slow_statement(unsigned type, void *ctx, void *stmt, void *ns)
{
	(void)type;
	long long ms = *(long long *)ns / 1000000, limit = *(long long *)ctx;
	if (ms >= limit)
		fprintf(stderr, "cnscd: SQL %lld ms: %.200s\n", ms, sqlite3_sql(stmt));
	return 0;
}

static void trace_slow_statements(sqlite3 *sq)
{
	static long long limit = -1;
	if (limit < 0) {
		const char *env = getenv("CNSCD_SLOW_SQL_MS");
		limit = env && *env ? atoll(env) : 0;
	}
	if (limit > 0)
		sqlite3_trace_v2(sq, SQLITE_TRACE_PROFILE, print_slow_statement, &limit);
}

cn_db *cn_db_open(const char *path, int flags, const struct cn_db_hooks *hooks, cn_error *err)
{
	configure_sqlite();
	static const struct cn_db_hooks none;
	bool readonly = flags & CN_DB_READONLY, new_file = false;
	if (cn_os_access(path, F_OK) != 0) {
		if (!(flags & CN_DB_CREATE) || readonly) {
			char *cmd = cn_db_command_at(path, "init");
			cn_fail(err, CN_ENOTFOUND, "Chưa có cơ sở dữ liệu %s. Hãy chạy \"%s\" để tạo.", path, cmd);
			free(cmd);
			return NULL;
		}
		new_file = true;
		if (create_private_file(path, err) != CN_OK)
			return NULL;
	}
	cn_db *db = cn_calloc(1, sizeof *db);
	db->path = cn_strdup(path);
	db->hooks = hooks ? hooks : &none;
	int oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (sqlite3_open_v2(path, &db->sq, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		cn_db_fail(db, err, "Không mở được cơ sở dữ liệu");
		cn_db_close(db);
		return NULL;
	}
	trace_slow_statements(db->sq);
	sqlite3_extended_result_codes(db->sq, 1);
	/* Before the migrations: one of them computes the order of names. */
	cn_vi_register(db->sq);
	cn_today_register(db->sq);
	db->busy_timeout_ms = busy_timeout_ms();
	sqlite3_busy_handler(db->sq, busy_wait, db);
	if (db->hooks->attach)
		db->hook_data = db->hooks->attach(db->sq);
	/* SQLite quietly opens a file it may not write read-only; say so now
	 * rather than at the first save. */
	if (!readonly && sqlite3_db_readonly(db->sq, "main") == 1) {
		cn_fail(err, CN_ERDONLY,
			"Không ghi được vào cơ sở dữ liệu %s: tệp chỉ cho phép đọc. Hãy kiểm tra quyền của tệp "
			"(chủ tệp cần quyền ghi, ví dụ chmod 600) hoặc chép tệp sang nơi ghi được.", path);
		cn_db_close(db);
		return NULL;
	}
	/* A new database takes pages of 16 KB (SQLite's default is 4 KB): a
	 * fourth of the pages for the same rows, so a fourth of the reads and
	 * writes of a big import or report (300,000 members: 6.7 → 6.1 s),
	 * at the cost of 16 KB written per page a save touches. A database
	 * keeps the size it was made with (restore.c makes a copy match). */
	if ((!readonly && new_file && open_exec(db, "PRAGMA page_size = 16384", err) != CN_OK) ||
	    /* WAL lets the TUI read while a CLI import writes; synchronous=FULL
	     * makes each commit survive a power cut. */
	    (!readonly && open_exec(db, "PRAGMA journal_mode = WAL", err) != CN_OK) ||
	    open_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL", err) != CN_OK ||
	    (!readonly && check_ownership(db, err) != CN_OK) ||
	    (!readonly && migrate(db, err) != CN_OK) ||
	    (!readonly && db->hooks->opened && db->hooks->opened(db, err) != CN_OK)) {
		cn_db_close(db);
		return NULL;
	}
	if (!readonly)
		tighten_mode(db);
	if (readonly) {
		int v = cn_db_schema_version(db);
		if (pragma_int(db, "PRAGMA application_id") != CN_APPLICATION_ID || v > cn_db_latest_version() ||
		    v < cn_db_latest_version()) {
			cn_fail(err, CN_EVERSION, "Tệp %s không phải cơ sở dữ liệu cnscd của phiên bản này.", path);
			cn_db_close(db);
			return NULL;
		}
	}
	return db;
}

void cn_db_close(cn_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	free(db->cache);
	if (db->sq)
		sqlite3_close(db->sq);
	if (db->hooks && db->hooks->detach)
		db->hooks->detach(db->hook_data);
	free(db->notice);
	free(db->path);
	free(db);
}

int cn_db_begin(cn_db *db, cn_error *err)
{
	if (db->tx_depth++ > 0)
		return CN_OK;
	db->tx_failed = false;
	if (sqlite3_exec(db->sq, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		db->tx_depth = 0;
		return cn_db_fail(db, err, "Không bắt đầu được giao dịch");
	}
	db->began = db->hooks->began ? db->hooks->began(db) : 0;
	return CN_OK;
}

int cn_db_begin_read(cn_db *db, cn_error *err)
{
	if (db->tx_depth > 0)
		return cn_fail(err, CN_EDB, "Không bắt đầu được giao dịch đọc bên trong một giao dịch khác");
	if (sqlite3_exec(db->sq, "BEGIN DEFERRED", NULL, NULL, NULL) != SQLITE_OK)
		return cn_db_fail(db, err, "Không bắt đầu được giao dịch");
	db->tx_depth = 1;
	db->tx_failed = false;
	db->began = db->hooks->began ? db->hooks->began(db) : 0;
	return CN_OK;
}

long long cn_db_data_version(cn_db *db)
{
	sqlite3_stmt *st = cn_db_stmt(db, "PRAGMA data_version", NULL);
	if (!st)
		return -1;
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

int cn_db_commit(cn_db *db, cn_error *err)
{
	if (db->tx_depth <= 0)
		return CN_OK;
	if (--db->tx_depth > 0)
		return CN_OK;
	if (db->tx_failed) {
		sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
		return cn_fail(err, CN_EDB, "Thay đổi đã bị hủy do lỗi ở bước trước");
	}
	if (db->hooks->before_commit && db->hooks->before_commit(db, db->began, err) != CN_OK) {
		sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
		return err ? err->code : CN_EDB;
	}
	if (sqlite3_exec(db->sq, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = cn_db_fail(db, err, "Không lưu được thay đổi");
		if (!sqlite3_get_autocommit(db->sq))
			sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return CN_OK;
}

void cn_db_rollback(cn_db *db)
{
	if (db->tx_depth <= 0)
		return;
	if (--db->tx_depth > 0) {
		db->tx_failed = true;
		return;
	}
	if (!sqlite3_get_autocommit(db->sq))
		sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
}

int cn_db_prepare(cn_db *db, const char *sql, sqlite3_stmt **st, cn_error *err)
{
	for (int i = 0; i < db->ncache; i++) {
		if (db->cache[i].sql == sql) {
			*st = db->cache[i].st;
			sqlite3_reset(*st);
			sqlite3_clear_bindings(*st);
			return CN_OK;
		}
	}
	if (sqlite3_prepare_v3(db->sq, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return cn_db_fail(db, err, "Lỗi chuẩn bị truy vấn");
	}
	if (db->ncache == db->capcache) {
		db->capcache = db->capcache ? db->capcache * 2 : 32;
		db->cache = cn_reallocarray(db->cache, (size_t)db->capcache, sizeof *db->cache);
	}
	db->cache[db->ncache++] = (struct cached_stmt){sql, *st};
	return CN_OK;
}

sqlite3_stmt *cn_db_stmt(cn_db *db, const char *sql, cn_error *err)
{
	sqlite3_stmt *st;
	return cn_db_prepare(db, sql, &st, err) == CN_OK ? st : NULL;
}

void cn_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void cn_bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void cn_bind_int(sqlite3_stmt *st, int i, long long v)
{
	sqlite3_bind_int64(st, i, v);
}

void cn_bind_int_or_null(sqlite3_stmt *st, int i, long long v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

char *cn_col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? cn_strdup((const char *)s) : NULL;
}

const char *cn_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "";
}

char *cn_setting_get(cn_db *db, const char *key)
{
	char *v = NULL;
	cn_setting_read(db, key, &v, NULL);
	return v;
}

int cn_setting_read(cn_db *db, const char *key, char **value, cn_error *err)
{
	*value = NULL;
	sqlite3_stmt *st;
	int rc = cn_db_prepare(db, "SELECT value FROM setting WHERE key = ?", &st, err);
	if (rc != CN_OK)
		return rc;
	cn_bind_text(st, 1, key);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*value = cn_col_dup(st, 0);
	else if (step != SQLITE_DONE)
		rc = cn_db_fail(db, err, "Không đọc được thiết lập");
	sqlite3_reset(st);
	return rc;
}

int cn_setting_set(cn_db *db, const char *key, const char *value, cn_error *err)
{
	sqlite3_stmt *st;
	int rc = cn_db_prepare(db,
		"INSERT INTO setting(key, value) VALUES (?, ?) "
		"ON CONFLICT(key) DO UPDATE SET value = excluded.value", &st, err);
	if (rc != CN_OK)
		return rc;
	cn_bind_text(st, 1, key);
	cn_bind_text(st, 2, value);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return cn_db_fail(db, err, "Không lưu được thiết lập");
	return CN_OK;
}
