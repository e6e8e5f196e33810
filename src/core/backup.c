/* Making backups: the copy itself, their names and folder, the daily one
 * and pruning. Restoring is in restore.c. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cnscd/os.h"
#include "cnscd/atomic_file.h"
#include "backup_internal.h"
#include "db_internal.h"

/* A temporary copy older than this was left by a crash: pruning removes it. */
#define STALE_TEMP_SECONDS 3600
/* "YYYYMMDD-HHMMSS" */
#define STAMP_LEN 15

char *cn_backup_dir(const char *db_path)
{
	const char *slash = strrchr(db_path, '/');
	if (!slash)
		return cn_strdup("backups");
	return cn_sprintf("%.*s/backups", (int)(slash - db_path), db_path);
}

char *cn_backup_stem(const char *db_path)
{
	const char *slash = strrchr(db_path, '/');
	const char *base = slash ? slash + 1 : db_path;
	size_t n = strlen(base);
	if (n > 3 && strcmp(base + n - 3, ".db") == 0)
		n -= 3;
	return cn_strndup(base, n);
}

int cn_backup_make_dir(const char *dir, cn_error *err)
{
	if (cn_os_mkdir(dir, 0700) != 0 && errno != EEXIST) {
		int e = errno;
		return cn_fail(err, cn_os_error_status(e), "Không tạo được thư mục sao lưu %s: %s", dir, strerror(e));
	}
	/* A folder made by hand may be open to others; the backups hold the
	 * members' phone and ID numbers. Tightened through the folder itself:
	 * it must be this user's (a link is followed only to a folder of the
	 * user's own). */
	if (cn_os_make_folder_private(dir) != 0) {
		int e = errno;
		return cn_fail(err, cn_os_error_status(e), "Không dùng được thư mục sao lưu %s: %s", dir,
			       e == EPERM ? "thư mục không thuộc người dùng này" : strerror(e));
	}
	return CN_OK;
}

void cn_backup_remove(const char *path)
{
	static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
	for (size_t i = 0; i < CN_ARRAY_LEN(suffixes); i++) {
		char *p = cn_sprintf("%s%s", path, suffixes[i]);
		cn_os_unlink(p);
		free(p);
	}
}

int cn_backup_copy(sqlite3 *src, const char *path, const char *what, cn_error *err)
{
	/* PATH is new, or the empty file cn_backup_temp made. */
	int fd = cn_os_open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = errno;
		return cn_fail(err, cn_os_error_status(e), "%s: không tạo được tệp %s: %s", what, path, strerror(e));
	}
	close(fd);
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL);
	/* No journal: a copy that fails half-way is simply deleted. */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode = OFF", NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
		if (!b) {
			rc = sqlite3_extended_errcode(dst);
		} else {
			int step = sqlite3_backup_step(b, -1);
			rc = sqlite3_backup_finish(b);
			if (step != SQLITE_DONE && rc == SQLITE_OK)
				rc = step;
		}
	}
	/* The source is in WAL mode and so would the copy be: clear that, so
	 * the copy opens anywhere, even from a read-only disk. */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	int out = rc == SQLITE_OK ? CN_OK : cn_sqlite_fail(dst ? dst : src, rc, err, what);
	sqlite3_close(dst);
	if (out != CN_OK)
		cn_backup_remove(path);
	return out;
}

/* Gives the finished copy TMP the name FINAL, never replacing a file.
 * Returns CN_EEXIST when FINAL exists. */
static int publish(const char *tmp, const char *final, cn_error *err)
{
	if (cn_file_publish(tmp, final, CN_PUBLISH_NEW) == 0)
		return CN_OK;
	int e = errno;
	if (e == EEXIST)
		return cn_fail(err, CN_EEXIST, "Tệp %s đã có; hãy chọn tên khác (không ghi đè tệp có sẵn).", final);
	return cn_fail(err, cn_os_error_status(e), "Không lưu được tệp sao lưu %s: %s", final, strerror(e));
}

char *cn_backup_temp(const char *prefix, cn_error *err)
{
	char *path = cn_sprintf("%s-%ld-XXXXXX.tmp", prefix, (long)getpid());
	int fd = cn_os_mkstemps(path, 4);
	if (fd < 0) {
		int e = errno;
		cn_fail(err, cn_os_error_status(e), "Không tạo được tệp tạm %s: %s", path, strerror(e));
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

/* "…-<pid>-XXXXXX.tmp" (and its "-journal"): the pid of the run that made
 * it, or -1 when NAME is not such a name. */
static long temp_pid(const char *name)
{
	size_t n = strlen(name);
	if (n > 8 && strcmp(name + n - 8, "-journal") == 0)
		n -= 8;
	if (n < 12 || strncmp(name + n - 4, ".tmp", 4) != 0)
		return -1;
	const char *x = name + n - 11; /* "-XXXXXX.tmp" */
	if (x[0] != '-')
		return -1;
	for (int i = 1; i <= 6; i++)
		if (!isalnum((unsigned char)x[i]))
			return -1;
	const char *end = x, *p = x;
	while (p > name && isdigit((unsigned char)p[-1]))
		p--;
	if (p == end || p == name || p[-1] != '-')
		return -1;
	return strtol(p, NULL, 10);
}

void cn_backup_sweep(const char *dir, const char *prefix, const char *marker)
{
	cn_os_folder *d = cn_os_folder_open(dir);
	if (!d)
		return;
	time_t now = time(NULL);
	for (const char *name; (name = cn_os_folder_next(d)) != NULL;) {
		bool ours = strncmp(name, prefix, strlen(prefix)) == 0 && (!marker || strstr(name, marker));
		long pid = ours ? temp_pid(name) : -1;
		struct cn_os_entry e;
		/* Only this user's plain files, never through a link; a run
		 * that is gone will not remove its own. */
		if (pid < 0 || cn_os_folder_lookup(d, name, &e) != 0 || e.kind != CN_OS_FILE || !e.own)
			continue;
		if (cn_os_process_gone(pid) || now - e.mtime > STALE_TEMP_SECONDS)
			cn_os_folder_unlink(d, name);
	}
	cn_os_folder_close(d);
}

/* Copies the committed content of DB into the new file PATH. It reads
 * through a connection of its own: SQLite cannot copy from a connection in
 * the middle of a write (a migration's), and another connection of a WAL
 * database sees exactly the last commit. */
static int copy_db(cn_db *db, const char *path, cn_error *err)
{
	sqlite3 *src = NULL;
	int rc = sqlite3_open_v2(cn_db_path(db), &src, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		rc = cn_sqlite_fail(src, rc, err, "Không sao lưu được");
	} else {
		sqlite3_busy_timeout(src, 10000);
		rc = cn_backup_copy(src, path, "Không sao lưu được", err);
	}
	sqlite3_close(src);
	return rc;
}

/* Whether the copy at PATH (what was copied, exactly) passes SQLite's
 * quick check; *WHY gets what it found otherwise. */
static bool copy_sound(const char *path, char *why, size_t n)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	snprintf(why, n, "không đọc được bản sao");
	bool ok = sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
		  sqlite3_prepare_v2(h, "PRAGMA quick_check(3)", -1, &st, NULL) == SQLITE_OK;
	if (ok) {
		cn_buf found = {0};
		int step;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			if (found.len)
				cn_buf_adds(&found, "; ");
			cn_buf_adds(&found, cn_col_text(st, 0));
		}
		ok = step == SQLITE_DONE && strcmp(cn_buf_str(&found), "ok") == 0;
		snprintf(why, n, "%s", step == SQLITE_DONE ? cn_buf_str(&found) : sqlite3_errmsg(h));
		cn_buf_free(&found);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return ok;
}

/* A copy of a damaged database is refused: it would push good backups
 * out of the ones kept, and a copy is taken to be good. */
static int checked_copy(cn_db *db, const char *path, cn_error *err)
{
	int rc = copy_db(db, path, err);
	char why[512];
	if (rc == CN_OK && !copy_sound(path, why, sizeof why))
		rc = cn_fail(err, CN_EDB, "Không sao lưu: cơ sở dữ liệu %s đang bị hỏng (kiểm tra nhanh: %s). Các bản sao "
			     "lưu đã có được giữ nguyên; hãy khôi phục từ bản tốt gần nhất (cnscd backup --list, cnscd "
			     "restore TỆP).", cn_db_path(db), why);
	return rc;
}

#define BESIDE_MARKER ".cnscd-backup-"

int cn_backup_to(cn_db *db, const char *path, cn_error *err)
{
	/* The copy is made beside PATH as ".<name>.cnscd-backup-<pid>-….tmp",
	 * a name nothing else has: what a killed copy left is swept here. */
	const char *slash = strrchr(path, '/');
	char *dir = slash ? cn_strndup(path, slash == path ? 1 : (size_t)(slash - path)) : cn_strdup(".");
	char *prefix = cn_sprintf("%.*s.%s.cnscd-backup", slash ? (int)(slash - path + 1) : 0, path,
				  slash ? slash + 1 : path);
	cn_backup_sweep(dir, ".", BESIDE_MARKER);
	char *tmp = cn_backup_temp(prefix, err);
	free(prefix);
	free(dir);
	if (!tmp)
		return err ? err->code : CN_EIO;
	int rc = checked_copy(db, tmp, err);
	if (rc == CN_OK)
		rc = publish(tmp, path, err);
	if (rc != CN_OK)
		cn_backup_remove(tmp);
	free(tmp);
	return rc;
}

/* True when NAME is a backup of the database whose stem is STEM:
 * STEM-YYYYMMDD-HHMMSS.db or STEM-YYYYMMDD-HHMMSS-reason.db. */
static bool is_backup_name(const char *name, const char *stem)
{
	size_t n = strlen(stem);
	if (strncmp(name, stem, n) != 0 || name[n] != '-')
		return false;
	const char *p = name + n + 1;
	for (int i = 0; i < STAMP_LEN; i++)
		if (i == 8 ? p[i] != '-' : !isdigit((unsigned char)p[i]))
			return false;
	p += STAMP_LEN;
	size_t rest = strlen(p);
	if (rest < 3 || strcmp(p + rest - 3, ".db") != 0)
		return false;
	if (rest == 3)
		return true;
	if (p[0] != '-' || rest == 4)
		return false;
	for (const char *q = p + 1; q < p + rest - 3; q++)
		if (!islower((unsigned char)*q) && !isdigit((unsigned char)*q) && *q != '-')
			return false;
	return true;
}

struct names {
	struct backup_file {
		char *name;
		const char *stamp; /* in NAME: "YYYYMMDD-HHMMSS" */
		struct timespec mtime;
	} *v;
	size_t n;
};

/* Newest first: by the time stamp in the name, then, for two made in the
 * same second, by the time the file was written. */
static int newest_first(const void *a, const void *b)
{
	const struct backup_file *x = a, *y = b;
	int c = strncmp(y->stamp, x->stamp, STAMP_LEN);
	if (c)
		return c;
	if (y->mtime.tv_sec != x->mtime.tv_sec)
		return y->mtime.tv_sec < x->mtime.tv_sec ? -1 : 1;
	if (y->mtime.tv_nsec != x->mtime.tv_nsec)
		return y->mtime.tv_nsec < x->mtime.tv_nsec ? -1 : 1;
	return strcmp(y->name, x->name);
}

/* The backups of the database at DB_PATH, newest first. */
static int read_backups(const char *db_path, struct names *out, cn_error *err)
{
	memset(out, 0, sizeof *out);
	char *dir = cn_backup_dir(db_path), *stem = cn_backup_stem(db_path);
	cn_os_dir *d = cn_os_opendir(dir);
	int rc = CN_OK;
	if (!d) {
		if (errno != ENOENT)
			rc = cn_fail(err, CN_EIO, "Không đọc được thư mục sao lưu %s: %s", dir, strerror(errno));
	} else {
		struct dirent *ent;
		while ((ent = cn_os_readdir(d)) != NULL) {
			if (!is_backup_name(ent->d_name, stem))
				continue;
			struct backup_file f = {cn_strdup(ent->d_name), NULL, {0, 0}};
			f.stamp = f.name + strlen(stem) + 1;
			char *path = cn_sprintf("%s/%s", dir, f.name);
			cn_stat st;
			if (cn_os_stat(path, &st) == 0)
				f.mtime = cn_os_mtime(&st);
			free(path);
			out->v = cn_reallocarray(out->v, out->n + 1, sizeof *out->v);
			out->v[out->n++] = f;
		}
		cn_os_closedir(d);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, newest_first);
	free(dir);
	free(stem);
	return rc;
}

static void names_free(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i].name);
	free(ns->v);
}

int cn_backup_list(cn_db *db, int (*fn)(const char *path, void *ctx), void *ctx, cn_error *err)
{
	struct names ns;
	int rc = read_backups(cn_db_path(db), &ns, err);
	if (rc != CN_OK)
		return rc;
	char *dir = cn_backup_dir(cn_db_path(db));
	int n = 0;
	for (size_t i = 0; i < ns.n; i++) {
		char *path = cn_sprintf("%s/%s", dir, ns.v[i].name);
		n++;
		int stop = fn(path, ctx);
		free(path);
		if (stop)
			break;
	}
	free(dir);
	names_free(&ns);
	return n;
}

/* Keeps the newest KEEP backups of DB, removes the others. */
static void prune(cn_db *db, int keep)
{
	struct names ns;
	if (read_backups(cn_db_path(db), &ns, NULL) != CN_OK)
		return;
	char *dir = cn_backup_dir(cn_db_path(db));
	for (size_t i = keep > 0 ? (size_t)keep : 1; i < ns.n; i++) {
		char *path = cn_sprintf("%s/%s", dir, ns.v[i].name);
		cn_backup_remove(path);
		free(path);
	}
	char *stem = cn_backup_stem(cn_db_path(db)), *prefix = cn_sprintf(".%s-", stem);
	cn_backup_sweep(dir, prefix, NULL);
	free(prefix);
	free(stem);
	free(dir);
	names_free(&ns);
}

static void local_stamp(char out[STAMP_LEN + 1])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(out, STAMP_LEN + 1, "%Y%m%d-%H%M%S", &tm);
}

int cn_backup_make(cn_db *db, const char *reason, int keep, char **path, cn_error *err)
{
	char *dir = cn_backup_dir(cn_db_path(db)), *stem = cn_backup_stem(cn_db_path(db));
	char *tmp = NULL, *final = NULL;
	int rc = cn_backup_make_dir(dir, err);
	char *prefix = cn_sprintf("%s/.%s-backup", dir, stem);
	if (rc == CN_OK && !(tmp = cn_backup_temp(prefix, err)))
		rc = err ? err->code : CN_EIO;
	free(prefix);
	/* The data a restore replaces is kept even when damaged (the restore
	 * is the remedy), marked as such in its name. */
	bool keep_damaged = reason && strcmp(reason, "before-restore") == 0;
	char *marked = NULL;
	if (rc == CN_OK)
		rc = keep_damaged ? copy_db(db, tmp, err) : checked_copy(db, tmp, err);
	char why[512];
	if (rc == CN_OK && keep_damaged && !copy_sound(tmp, why, sizeof why))
		reason = marked = cn_sprintf("%s-damaged", reason);
	if (rc == CN_OK) {
		char stamp[STAMP_LEN + 1];
		local_stamp(stamp);
		/* Two backups in the same second get -2, -3, ... */
		rc = CN_EEXIST;
		for (int i = 1; i < 100 && rc == CN_EEXIST; i++) {
			char again[8] = "";
			if (i > 1)
				snprintf(again, sizeof again, "-%d", i);
			free(final);
			final = cn_sprintf("%s/%s-%s%s%s%s.db", dir, stem, stamp, reason ? "-" : "",
					   reason ? reason : "", again);
			rc = publish(tmp, final, err);
		}
	}
	if (rc == CN_OK) {
		prune(db, keep);
		if (path) {
			*path = final;
			final = NULL;
		}
	} else if (tmp) {
		cn_backup_remove(tmp);
	}
	free(marked);
	free(final);
	free(tmp);
	free(stem);
	free(dir);
	return rc;
}

/* A database without a single unit has nothing worth a daily copy. */
static bool has_data(cn_db *db)
{
	sqlite3_stmt *st;
	bool any = false;
	if (sqlite3_prepare_v2(cn_db_sqlite(db), "SELECT 1 FROM unit LIMIT 1", -1, &st, NULL) == SQLITE_OK) {
		any = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	return any;
}

char *cn_backup_temp_template(const char *db_path, const char *kind)
{
	char *dir = cn_backup_dir(db_path), *stem = cn_backup_stem(db_path);
	char *t = cn_sprintf("%s/.%s-%s-%ld-XXXXXX.tmp", dir, stem, kind, (long)getpid());
	free(dir);
	free(stem);
	return t;
}

/* The temporary copies of runs killed on the way (a backup, a restore, a
 * bundle's private copy): the day's first opening clears them. */
static void sweep_backups_dir(cn_db *db)
{
	char *dir = cn_backup_dir(cn_db_path(db)), *stem = cn_backup_stem(cn_db_path(db));
	char *prefix = cn_sprintf(".%s-", stem);
	cn_backup_sweep(dir, prefix, NULL);
	free(prefix);
	free(stem);
	free(dir);
}

int cn_backup_daily(cn_db *db, int keep, cn_error *err)
{
	sweep_backups_dir(db);
	if (!has_data(db))
		return 0;
	struct names ns;
	int rc = read_backups(cn_db_path(db), &ns, err);
	if (rc != CN_OK)
		return rc;
	char today[STAMP_LEN + 1];
	local_stamp(today);
	bool done = false;
	for (size_t i = 0; i < ns.n && !done; i++)
		done = strncmp(ns.v[i].stamp, today, 8) == 0;
	names_free(&ns);
	if (done)
		return 0;
	rc = cn_backup_make(db, NULL, keep, NULL, err);
	return rc == CN_OK ? 1 : rc;
}
