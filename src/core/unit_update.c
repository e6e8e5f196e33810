/* "units update": the new list is read as a reorganisation reads its new
 * list (reorg_input.c) and its units written the same way (reorg_write.c:
 * what a rewritten unit was is kept); here each unit is matched with the
 * database by its code only, and the official units the list lacks close.
 * The list's codes sit in a temporary table so that the checks on what
 * closes are set-based. */
#include "cnscd/unit_update.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/backup.h"
#include "cnscd/settings.h"
#include "cnscd/official.h"
#include "cnscd/stats.h"
#include "db_internal.h"
#include "reorg_internal.h"

/* Units named in a problem before "… và N đơn vị khác". */
#define EXAMPLES 10

static void problem(cn_unit_update_result *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(cn_unit_update_result *res, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cn_buf b = {0};
	cn_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	res->problems = cn_reallocarray(res->problems, (size_t)res->nproblems + 1, sizeof *res->problems);
	res->problems[res->nproblems++] = cn_buf_steal(&b);
}

void cn_unit_update_result_clear(cn_unit_update_result *res)
{
	for (int i = 0; i < res->nproblems; i++)
		free(res->problems[i]);
	free(res->problems);
	free(res->backup_path);
	memset(res, 0, sizeof *res);
}

struct update {
	cn_db *db;
	const cn_unit_update_options *opt;
	cn_unit_update_result *res;
	struct reorg r;
	cn_reorg_options ropt;
	cn_reorg_result rres; /* where reading the list puts its problems */
	long long *close;     /* the units to close */
	size_t nclose, capclose;
};

static const char list_table_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS unit_update_list (code TEXT PRIMARY KEY, parent TEXT) WITHOUT ROWID; "
	"CREATE TEMP TABLE IF NOT EXISTS unit_update_close (id INTEGER PRIMARY KEY); "
	"DELETE FROM temp.unit_update_list; DELETE FROM temp.unit_update_close;";

static int stop(struct update *u, int rc, cn_error *err)
{
	return rc == CN_OK ? CN_OK : cn_db_fail(u->db, err, "Không so được danh sách với cơ sở dữ liệu");
}

static int call_change(struct update *u, const cn_unit_change *c)
{
	return u->opt && u->opt->change ? u->opt->change(c, u->opt->ctx) : 0;
}

/* Matches unit I of the list with the database by its code. */
static int match_unit(struct update *u, size_t i, long *older, cn_buf *older_example)
{
	struct new_unit *n = &u->r.nu[i];
	sqlite3_stmt *st = cn_db_stmt(u->db,
		"SELECT x.id, x.name, x.type, p.code, x.valid_to FROM unit x LEFT JOIN unit p ON p.id = x.parent_id "
		"WHERE x.code = ?", NULL);
	if (!st)
		return SQLITE_ERROR;
	cn_bind_text(st, 1, n->code);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return rc;
		n->needed = true;
		u->res->added++;
		cn_unit_change c = {.kind = CN_UNIT_ADDED, .code = n->code, .name = n->name, .type = n->type,
				    .parent = n->parent, .line = n->line};
		call_change(u, &c);
		return SQLITE_OK;
	}
	n->db_id = sqlite3_column_int64(st, 0);
	if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
		if ((*older)++ == 0) {
			char shown[CN_DATE_LEN];
			cn_date_display(cn_col_text(st, 4), shown);
			cn_buf_printf(older_example, "%s, mã %s, chỉ còn hiệu lực đến %s", cn_col_text(st, 1), n->code, shown);
		}
		sqlite3_reset(st);
		return SQLITE_OK;
	}
	const char *name = cn_col_text(st, 1), *type = cn_col_text(st, 2);
	const char *parent = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL : cn_col_text(st, 3);
	unsigned what = (strcmp(name, n->name) ? CN_UNIT_RENAMED : 0) | (strcmp(type, n->type) ? CN_UNIT_RETYPED : 0) |
			((parent && n->parent ? strcmp(parent, n->parent) != 0 : parent != n->parent) ? CN_UNIT_MOVED : 0);
	if (!what) {
		u->res->unchanged++;
	} else {
		n->needed = n->update = true;
		u->res->changed++;
		u->res->renamed += (what & CN_UNIT_RENAMED) != 0;
		u->res->retyped += (what & CN_UNIT_RETYPED) != 0;
		u->res->moved += (what & CN_UNIT_MOVED) != 0;
		cn_unit_change c = {.kind = CN_UNIT_CHANGED, .what = what, .code = n->code, .name = n->name,
				    .type = n->type, .parent = n->parent, .old_name = name, .old_type = type,
				    .old_parent = parent, .line = n->line};
		call_change(u, &c);
	}
	sqlite3_reset(st);
	return SQLITE_OK;
}

static int list_code(struct update *u, const struct new_unit *n)
{
	sqlite3_stmt *st = cn_db_stmt(u->db, "INSERT OR IGNORE INTO temp.unit_update_list VALUES (?, ?)", NULL);
	if (!st)
		return SQLITE_ERROR;
	cn_bind_text(st, 1, n->code);
	cn_bind_text_or_null(st, 2, n->parent);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Unit y in the subtree of unit x, as a range of the path index (cn_path_end):
 * "y.path LIKE x.path || '%'" read every unit for each unit closing, 13 s
 * for the 2025 list over a 2024 database before it was refused. */
#define SUBTREE "y.path >= x.path AND y.path < substr(x.path, 1, length(x.path) - 1) || '0'"

/* Official units (codes of digits only, down to the communes) that are
 * open here and absent from the list close; the ones that hold what a
 * closing cannot take along are problems. */
static int find_closed(struct update *u, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(u->db,
		"SELECT x.id, x.code, x.name, x.type, p.code, "
		" (SELECT count(*) FROM unit y JOIN team t ON t.unit_id = y.id "
		"  WHERE " SUBTREE " AND t.dissolved IS NULL), "
		/* units below that stay open: neither closing with it nor moved out by the list */
		" (SELECT count(*) FROM unit y LEFT JOIN unit yp ON yp.id = y.parent_id "
		"  LEFT JOIN temp.unit_update_list l ON l.code = y.code "
		"  WHERE " SUBTREE " AND y.id <> x.id AND y.valid_to IS NULL "
		"  AND CASE WHEN l.code IS NULL THEN y.level > 3 OR y.code GLOB '*[^0-9]*' ELSE l.parent IS yp.code END) "
		"FROM unit x LEFT JOIN unit p ON p.id = x.parent_id "
		"WHERE x.valid_to IS NULL AND x.level <= 3 AND x.code NOT GLOB '*[^0-9]*' "
		"AND x.code NOT IN (SELECT code FROM temp.unit_update_list) ORDER BY x.level, x.code", err);
	if (!st)
		return err ? err->code : CN_EDB;
	long blocked = 0;
	cn_buf examples = {0};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long teams = sqlite3_column_int64(st, 5), below = sqlite3_column_int64(st, 6);
		if (teams || below) {
			if (blocked++ < EXAMPLES)
				cn_buf_printf(&examples, "\n  %s (mã %s): còn %lld tổ, %lld đơn vị trực thuộc", cn_col_text(st, 2),
					      cn_col_text(st, 1), teams, below);
			continue;
		}
		CN_GROW(u->close, u->nclose, u->capclose, 64);
		u->close[u->nclose++] = sqlite3_column_int64(st, 0);
		u->res->closed++;
		cn_unit_change c = {.kind = CN_UNIT_CLOSED, .code = cn_col_text(st, 1), .name = cn_col_text(st, 2),
				    .type = cn_col_text(st, 3),
				    .parent = sqlite3_column_type(st, 4) == SQLITE_NULL ? NULL : cn_col_text(st, 4)};
		call_change(u, &c);
	}
	sqlite3_reset(st);
	if (blocked) {
		if (blocked > EXAMPLES)
			cn_buf_printf(&examples, "\n  … và %ld đơn vị khác", blocked - EXAMPLES);
		char *reorg = cn_db_command(u->db, "reorg apply BẢNG_CHUYỂN_ĐỔI DANH_SÁCH_MỚI");
		problem(u->res,
			"%ld đơn vị không có trong danh sách mới nhưng còn tổ hoặc đơn vị trực thuộc, nên không thể chỉ "
			"đóng lại:%s\nNếu đây là một đợt sắp xếp đơn vị hành chính, hãy dùng \"%s\" với bảng chuyển đổi "
			"mã cũ → mã mới: tổ và thôn sẽ được chuyển sang đơn vị mới.", blocked, cn_buf_str(&examples), reorg);
		free(reorg);
	}
	cn_buf_free(&examples);
	return stop(u, rc == SQLITE_DONE ? SQLITE_OK : rc, err);
}

/* A newer list of the same structure moves or closes a few units; one that
 * moves or closes many is another structure: a reorganisation, or an older
 * list (2024's three levels over a database of 2025's two). */
static int check_structure(struct update *u, cn_error *err)
{
	sqlite3_stmt *st = cn_db_stmt(u->db,
		"SELECT count(*) FROM unit WHERE valid_to IS NULL AND level <= 3 AND code NOT GLOB '*[^0-9]*'", err);
	if (!st)
		return err ? err->code : CN_EDB;
	long long have = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	long upheaval = u->res->moved + u->res->closed;
	char a[CN_NUM_TEXT_LEN], b[CN_NUM_TEXT_LEN];
	cn_count_text(upheaval, a);
	cn_count_text(have, b);
	if (have > 0 && upheaval * 10 > have) {
		char *reorg = cn_db_command(u->db, "reorg apply BẢNG_CHUYỂN_ĐỔI DANH_SÁCH_MỚI");
		problem(u->res,
			"Danh sách này có cơ cấu khác hẳn dữ liệu đang có: %s trong %s đơn vị phải đổi cấp trên hoặc "
			"đóng lại. Nếu đây là một đợt sắp xếp đơn vị hành chính, hãy dùng \"%s\" với bảng chuyển đổi mã "
			"cũ → mã mới; nếu là một danh sách cũ hơn (ví dụ danh mục 2024 trên dữ liệu đã theo danh mục "
			"2025), hãy dùng danh sách mới nhất.", a, b, reorg);
		free(reorg);
	}
	return CN_OK;
}

/* Matches every unit of the list, then finds what closes. */
static int compare(struct update *u, cn_error *err)
{
	cn_unit_update_result *res = u->res;
	char date[CN_DATE_LEN];
	memcpy(date, res->date, sizeof date);
	char *backup = res->backup_path;
	res->backup_path = NULL;
	cn_unit_update_result_clear(res);
	res->backup_path = backup;
	memcpy(res->date, date, sizeof date);
	u->nclose = 0;
	for (size_t i = 0; i < u->r.nnu; i++) {
		u->r.nu[i].needed = u->r.nu[i].update = u->r.nu[i].written = false;
		u->r.nu[i].db_id = 0;
	}
	int rc = cn_db_exec(u->db, list_table_sql, err);
	if (rc != CN_OK)
		return rc;
	long older = 0;
	cn_buf example = {0};
	int sq = SQLITE_OK;
	for (size_t i = 0; i < u->r.nnu && sq == SQLITE_OK; i++)
		if ((sq = list_code(u, &u->r.nu[i])) == SQLITE_OK)
			sq = match_unit(u, i, &older, &example);
	if ((rc = stop(u, sq, err)) == CN_OK && older) {
		char n[CN_NUM_TEXT_LEN];
		cn_count_text(older, n);
		problem(res,
			"Danh sách này cũ hơn dữ liệu đang có: %s đơn vị trong danh sách đã đóng trong cơ sở dữ liệu "
			"(ví dụ %s). Hãy dùng danh sách mới nhất.", n, cn_buf_str(&example));
	}
	cn_buf_free(&example);
	if (rc == CN_OK)
		rc = find_closed(u, err);
	if (rc == CN_OK && !res->nproblems)
		rc = check_structure(u, err);
	return rc == CN_OK && res->nproblems ? CN_EINVAL : rc;
}

static int start(struct update *u, cn_db *db, const char *path, const cn_unit_update_options *opt,
		 cn_unit_update_result *res, cn_error *err)
{
	memset(res, 0, sizeof *res);
	*u = (struct update){.db = db, .opt = opt, .res = res};
	u->r.opt = &u->ropt;
	u->r.res = &u->rres;
	/* A list inside cnscd applies from its own date. */
	char today[CN_DATE_LEN];
	cn_date_today(today);
	int n;
	const cn_official_list *lists = cn_official_lists(&n);
	for (int i = 0; i < n; i++)
		if (strcmp(lists[i].path, path) == 0)
			snprintf(today, sizeof today, "%s", lists[i].in_force);
	int rc = cn_parse_date("Ngày áp dụng", opt && opt->date ? opt->date : today, res->date, err);
	if (rc != CN_OK)
		return rc;
	memcpy(u->r.date, res->date, sizeof res->date);
	sqlite3_stmt *st = cn_db_stmt(db, "SELECT date(?, '-1 day')", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_text(st, 1, res->date);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(u->r.day_before, sizeof u->r.day_before, "%s", cn_col_text(st, 0));
	sqlite3_reset(st);
	if ((rc = reorg_read_units(&u->r, path, err)) != CN_OK)
		return rc;
	/* The list's own faults (a code twice, a parent it lacks, a loop). */
	for (int i = 0; i < u->rres.nproblems; i++)
		problem(res, "%s", u->rres.problems[i]);
	return res->nproblems ? CN_EINVAL : CN_OK;
}

static void finish(struct update *u)
{
	cn_db_exec(u->db, "DELETE FROM temp.unit_update_list; DELETE FROM temp.unit_update_close;", NULL);
	reorg_input_free(&u->r);
	cn_reorg_result_clear(&u->rres);
	free(u->close);
}

int cn_unit_update_compare(cn_db *db, const char *path, const cn_unit_update_options *opt,
			   cn_unit_update_result *res, cn_error *err)
{
	struct update u;
	int rc = start(&u, db, path, opt, res, err);
	if (rc == CN_OK)
		rc = compare(&u, err);
	finish(&u);
	return rc;
}

static int write_all(struct update *u, cn_error *err)
{
	int rc = CN_OK;
	for (size_t i = 0; i < u->r.nnu && rc == CN_OK; i++)
		rc = reorg_write_unit(u->db, &u->r, (long)i, err);
	if (rc == CN_OK)
		rc = cn_unit_rebuild_tree(u->db, err);
	for (size_t i = 0; i < u->nclose && rc == CN_OK; i++)
		rc = cn_unit_close(u->db, u->close[i], u->r.day_before, err);
	return rc;
}

int cn_unit_update_apply(cn_db *db, const char *path, const cn_unit_update_options *opt,
			 cn_unit_update_result *res, cn_error *err)
{
	struct update u;
	/* The changes are told once, by the first comparison. */
	cn_unit_update_options quiet = opt ? *opt : (cn_unit_update_options){0};
	int rc = start(&u, db, path, opt, res, err);
	if (rc == CN_OK)
		rc = compare(&u, err);
	bool any = res->added || res->changed || res->closed;
	if (rc == CN_OK && any && opt && opt->backup)
		rc = cn_backup_make(db, "before-units-update", cn_setting_number(db, "backup_keep"), &res->backup_path,
				    err);
	if (rc != CN_OK || !any) {
		finish(&u);
		return rc;
	}
	/* Compared again under the write lock: another copy of cnscd may have
	 * written meanwhile. */
	quiet.change = NULL;
	u.opt = &quiet;
	if ((rc = cn_db_begin(db, err)) != CN_OK) {
		finish(&u);
		return rc;
	}
	rc = compare(&u, err);
	if (rc == CN_OK)
		rc = write_all(&u, err);
	if (rc == CN_OK)
		rc = cn_db_commit(db, err);
	else
		cn_db_rollback(db);
	finish(&u);
	return rc;
}
