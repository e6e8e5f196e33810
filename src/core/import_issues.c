/* Where an import keeps its records' lines and its problems: two tables of
 * the connection's temp schema (on disk, so that two million bad rows take
 * no memory), read back in file order for the result, and for the reject
 * file with the cells of each rejected record. A record is rejected when
 * it has a problem. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/csv.h"
#include "import_internal.h"
#include "db_internal.h"

sqlite3_stmt *cn_import_sql(cn_import *imp, const char *sql, cn_error *err)
{
	/* The statements of a row, asked for a few times a row, found here
	 * at once rather than by the database's search of all it keeps. */
	struct cn_import_hot *h = &imp->hot[((uintptr_t)sql >> 4) % CN_IMPORT_HOT];
	if (h->sql == sql) {
		sqlite3_reset(h->st);
		sqlite3_clear_bindings(h->st);
		return h->st;
	}
	sqlite3_stmt *st = cn_db_stmt(imp->db, sql, err);
	if (st) {
		h->sql = sql;
		h->st = st;
	}
	return st;
}

int cn_import_step(cn_import *imp, sqlite3_stmt *st, const char *what, cn_error *err)
{
	return cn_step_done(imp->db, st, err, what);
}

int cn_import_exec(cn_import *imp, const char *sql, cn_error *err)
{
	return cn_db_exec(imp->db, sql, err);
}

void cn_import_drop_tables(cn_db *db, bool whole)
{
	sqlite3 *sq = cn_db_sqlite(db);
	/* Outside a transaction, the temp schema goes at once: a change of
	 * temp_store closes its file (two million rows freed page by page
	 * took a second). Only the temp tables of the importers and of a
	 * bundle import (made again when needed) live there. */
	if (whole && sqlite3_get_autocommit(sq)) {
		sqlite3_stmt *st;
		long long mode = 0;
		if (sqlite3_prepare_v2(sq, "PRAGMA temp_store", -1, &st, NULL) == SQLITE_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				mode = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
		}
		char sql[96];
		snprintf(sql, sizeof sql, "PRAGMA temp_store = %d; PRAGMA temp_store = %lld", mode == 1 ? 2 : 1, mode);
		if (sqlite3_exec(sq, sql, NULL, NULL, NULL) == SQLITE_OK)
			return;
	}
	/* Names first, then the drops: a schema read while dropping would
	 * skip tables. */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(sq, "SELECT group_concat('DROP TABLE temp.\"' || name || '\"', ';') FROM "
			       "temp.sqlite_master WHERE type = 'table' AND (name GLOB 'cn_imp_*' OR name GLOB 'imp_*')",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	char *sql = sqlite3_step(st) == SQLITE_ROW ? cn_col_dup(st, 0) : NULL;
	sqlite3_finalize(st);
	if (sql)
		sqlite3_exec(sq, sql, NULL, NULL, NULL);
	free(sql);
}

int cn_import_issues_create(cn_import *imp, cn_error *err)
{
	/* cn_imp_line: the line of each record that does not start on the
	 * line after the previous one's start (a record over several lines,
	 * blank lines, the first record): most files need none. cn_imp_raw:
	 * the cells of each record, each ending with a NUL, when rejected rows
	 * go to a file. */
	imp->last_line = -1;
	return cn_import_exec(imp,
		"CREATE TEMP TABLE cn_imp_line(rec INTEGER PRIMARY KEY, line INTEGER NOT NULL);"
		"CREATE TEMP TABLE cn_imp_raw(rec INTEGER PRIMARY KEY, raw BLOB);"
		"CREATE TEMP TABLE cn_imp_issue(seq INTEGER PRIMARY KEY, rec INTEGER NOT NULL, line INTEGER NOT NULL, "
		"col INTEGER NOT NULL, msg TEXT NOT NULL);"
		"CREATE INDEX temp.cn_imp_issue_rec ON cn_imp_issue(rec, col, seq);", err);
}

int cn_import_keep_record(cn_import *imp, const cn_import_row *row, cn_error *err)
{
	int rc = CN_OK;
	if (imp->line != imp->last_line + 1) {
		sqlite3_stmt *st = cn_import_sql(imp, "INSERT INTO temp.cn_imp_line(rec, line) VALUES (?, ?)", err);
		if (!st)
			return err ? err->code : CN_EDB;
		cn_bind_int(st, 1, (long long)imp->rec);
		cn_bind_int(st, 2, imp->line);
		rc = cn_import_step(imp, st, "Không ghi được bảng tạm của việc nhập", err);
	}
	imp->last_line = imp->line;
	if (rc != CN_OK || !imp->opt->skip_invalid)
		return rc;
	sqlite3_stmt *st = cn_import_sql(imp, "INSERT INTO temp.cn_imp_raw(rec, raw) VALUES (?, ?)", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, (long long)imp->rec);
	if (row) {
		cn_buf_clear(&imp->raw);
		for (int i = 0; i < row->count; i++)
			cn_buf_add(&imp->raw, row->fields[i], strlen(row->fields[i]) + 1);
		sqlite3_bind_blob(st, 2, cn_buf_str(&imp->raw), (int)imp->raw.len, SQLITE_STATIC);
	}
	return cn_import_step(imp, st, "Không ghi được bảng tạm của việc nhập", err);
}

long cn_import_line(cn_import *imp, size_t rec)
{
	if (rec == imp->rec)
		return imp->line;
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT rec, line FROM temp.cn_imp_line WHERE rec <= ? "
					      "ORDER BY rec DESC LIMIT 1", NULL);
	if (!st)
		return 0;
	cn_bind_int(st, 1, (long long)rec);
	long line = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		line = (long)(sqlite3_column_int64(st, 1) + ((long long)rec - sqlite3_column_int64(st, 0)));
	sqlite3_reset(st);
	return line;
}

bool cn_import_rejected(cn_import *imp, size_t rec)
{
	if (rec == imp->rec)
		return imp->rec_rejected;
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT 1 FROM temp.cn_imp_issue WHERE rec = ? LIMIT 1", NULL);
	if (!st)
		return false;
	cn_bind_int(st, 1, (long long)rec);
	bool bad = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return bad;
}

int cn_import_mark_bad(cn_import *imp, const char *table, cn_error *err)
{
	char *sql = cn_sprintf("UPDATE temp.\"%s\" SET bad = 1 WHERE rec IN (SELECT rec FROM temp.cn_imp_issue)", table);
	int rc = cn_import_exec(imp, sql, err);
	free(sql);
	return rc;
}

void cn_import_issue_add(cn_import *imp, size_t rec, int file_col, const char *msg)
{
	imp->nissues++;
	long line = cn_import_line(imp, rec);
	sqlite3_stmt *st = cn_import_sql(imp, "INSERT INTO temp.cn_imp_issue(rec, line, col, msg) VALUES (?, ?, ?, ?)",
					 NULL);
	if (st) {
		cn_bind_int(st, 1, (long long)rec);
		cn_bind_int(st, 2, line);
		cn_bind_int(st, 3, file_col >= 0 ? file_col + 1 : 0);
		cn_bind_text(st, 4, msg);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	if (rec == imp->rec)
		imp->rec_rejected = true;
}

/* The problem of a row of cn_imp_issue read as (line, col, msg). */
static void read_problem(const cn_import *imp, sqlite3_stmt *st, int first, cn_import_problem *p)
{
	p->line = (long)sqlite3_column_int64(st, first);
	p->column = sqlite3_column_int(st, first + 1);
	int c = p->column - 1;
	p->column_name = c >= 0 && c < imp->header.nfile && imp->header.names[c][0] ? cn_strdup(imp->header.names[c])
										       : NULL;
	p->message = cn_col_dup(st, first + 2);
}

int cn_import_issues_to_result(cn_import *imp, cn_error *err)
{
	cn_import_result *res = imp->res;
	sqlite3_stmt *st = cn_import_sql(imp, "SELECT count(DISTINCT rec) FROM temp.cn_imp_issue", err);
	if (!st)
		return err ? err->code : CN_EDB;
	res->rejected = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	res->problems_total = (long)imp->nissues;
	/* The first ones in file order: a top-N sort, whatever their number. */
	st = cn_import_sql(imp, "SELECT line, col, msg FROM temp.cn_imp_issue ORDER BY line, col, seq LIMIT ?", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_bind_int(st, 1, CN_IMPORT_MAX_PROBLEMS);
	long long n = imp->nissues < CN_IMPORT_MAX_PROBLEMS ? imp->nissues : CN_IMPORT_MAX_PROBLEMS;
	res->problems = cn_calloc((size_t)n + 1, sizeof *res->problems);
	while (res->nproblems < n && sqlite3_step(st) == SQLITE_ROW)
		read_problem(imp, st, 0, &res->problems[res->nproblems++]);
	sqlite3_reset(st);
	return CN_OK;
}

/* One rejected record: its cells (RAW, LEN bytes of NUL-ended cells, or
 * none for a record that could not be read) padded to the header's width,
 * then WHY. */
static void put_reject(cn_import *imp, FILE *f, const char *raw, size_t len, const char *why)
{
	int count = 0;
	for (size_t i = 0; i < len; i++)
		count += raw[i] == '\0';
	int width = imp->header.nfile, n = count > width ? count : width;
	const char **cells = cn_calloc((size_t)n + 2, sizeof *cells);
	const char *p = raw;
	for (int i = 0; i < n; i++) {
		cells[i] = i < count ? p : "";
		if (i < count)
			p += strlen(p) + 1;
	}
	cells[n] = why;
	cn_csv_put_text_row(f, cells, n + 1);
	free(cells);
}

int cn_import_issues_put_rejects(cn_import *imp, FILE *f, cn_error *err)
{
	int width = imp->header.nfile;
	const char **head = cn_calloc((size_t)width + 2, sizeof *head);
	for (int i = 0; i < width; i++)
		head[i] = imp->header.names[i];
	head[width] = "ly_do";
	cn_csv_put_text_row(f, head, width + 1);
	free(head);
	/* The problems of a record, in the order of the problem list, joined
	 * into its reason; records and problems both come in record order. */
	sqlite3_stmt *st = cn_import_sql(imp,
		"SELECT i.rec, (SELECT raw FROM temp.cn_imp_raw r WHERE r.rec = i.rec), i.line, i.col, i.msg "
		"FROM temp.cn_imp_issue i INDEXED BY cn_imp_issue_rec ORDER BY i.rec, i.col, i.seq", err);
	if (!st)
		return err ? err->code : CN_EDB;
	cn_buf why = {0}, raw = {0};
	long long cur = -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long rec = sqlite3_column_int64(st, 0);
		if (rec != cur) {
			if (cur >= 0)
				put_reject(imp, f, cn_buf_str(&raw), raw.len, cn_buf_str(&why));
			cur = rec;
			cn_buf_clear(&why);
			cn_buf_clear(&raw);
			if (sqlite3_column_bytes(st, 1) > 0)
				cn_buf_add(&raw, sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1));
		}
		cn_import_problem p;
		read_problem(imp, st, 2, &p);
		char *text = cn_import_problem_text(&p);
		cn_buf_printf(&why, "%s%s", why.len ? "; " : "", text);
		free(text);
		free(p.column_name);
		free(p.message);
	}
	if (cur >= 0)
		put_reject(imp, f, cn_buf_str(&raw), raw.len, cn_buf_str(&why));
	cn_buf_free(&why);
	cn_buf_free(&raw);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CN_OK : cn_db_fail(imp->db, err, "Không đọc được bảng tạm của việc nhập");
}
