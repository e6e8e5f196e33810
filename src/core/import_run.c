/* The import driver: read and check everything, then write in one
 * transaction, or write nothing.
 *
 * The checks run in a read transaction: they see one snapshot of the
 * database and hold no lock, so a long file does not stop other users.
 * Then the write transaction begins; when nobody committed anything since
 * the snapshot (PRAGMA data_version), what was checked is what the
 * database holds and the writing goes ahead. Otherwise the checks run
 * again, this time inside the write transaction. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cnscd/csv.h"
#include "cnscd/atomic_file.h"
#include "cnscd/os.h"
#include "import_internal.h"

/* cn_import_run's own status: the checks must run again under the lock. */
#define RUN_AGAIN 1000

void cn_import_report(cn_import *imp, int phase, long long done, long long total)
{
	if (!imp->opt->progress)
		return;
	long long now = cn_os_monotonic_ms();
	/* Ten times a second at most; the end of a phase always (the bar
	 * full). */
	if (phase == imp->phase && now - imp->progress_ms < 100 && !(total > 0 && done >= total))
		return;
	imp->phase = phase;
	imp->progress_ms = now;
	cn_import_progress p = {.phase = phase, .rows = done, .total = total, .fraction = -1,
				.elapsed_s = (double)(now - imp->start_ms) / 1000};
	if (phase == CN_IMPORT_READING && imp->src && imp->src->position)
		p.fraction = imp->src->position(imp->src);
	else if (total > 0)
		p.fraction = (double)done / (double)total;
	imp->opt->progress(&p, imp->opt->progress_ctx);
}

/* Tells a spreadsheet source how each file column reads numbers. */
static void set_formats(cn_import *imp, cn_row_source *src)
{
	cn_cell_format *f = cn_calloc((size_t)imp->header.nfile + 1, sizeof *f);
	for (int c = 0; c < imp->layout->ncolumns; c++)
		if (imp->header.index[c] >= 0)
			f[imp->header.index[c]] = imp->layout->columns[c].format;
	src->set_formats(src, f, imp->header.nfile);
	free(f);
}

/* Spreadsheets often have a title or two above the header ("UBND XÃ …",
 * "DANH SÁCH THÀNH VIÊN"): the header is the first of this many rows that
 * has every required column. When none has, the first row's problem is
 * the one reported. */
#define HEADER_SEARCH 10

static int read_header(cn_import *imp, cn_row_source *src, const struct cn_importer *importer, cn_error *err)
{
	cn_error first = {0};
	for (int tries = 0; tries < HEADER_SEARCH; tries++) {
		cn_import_row row;
		long line = 0;
		int column = 0;
		cn_error e = {0};
		int rc = src->read(src, &row, &line, &column, &e);
		if (rc == 0 && tries == 0)
			return cn_fail(err, CN_EINVAL, "Tệp %s trống: cần một dòng tiêu đề rồi các dòng dữ liệu.",
				       imp->path);
		if (rc == CN_EIO) {
			if (err)
				*err = e; /* the file itself: its message says so */
			return rc;
		}
		if (rc < 0 && tries == 0)
			return cn_fail(err, CN_EINVAL, "dòng tiêu đề (dòng %ld): %s", line, e.msg);
		if (rc <= 0)
			break;
		rc = cn_import_map_header(&row, importer->layouts, importer->nlayouts, &imp->header, &e);
		if (rc == CN_OK) {
			imp->layout = &importer->layouts[imp->header.layout];
			if (src->set_formats)
				set_formats(imp, src);
			return CN_OK;
		}
		cn_import_header_free(&imp->header);
		if (tries == 0)
			first = e;
	}
	if (err)
		*err = first;
	return first.code ? first.code : CN_EINVAL;
}

/* Cells past the header's last column that hold something: in a CSV most
 * often a comma inside a name that was not put between quotes; in a SHEET
 * a note in a column without a name. */
static void check_extra_cells(cn_import *imp, size_t rec, const cn_import_row *row, bool sheet)
{
	for (int i = imp->header.nfile; i < row->count; i++) {
		if (row->fields[i][0] == '\0')
			continue;
		char msg[512];
		snprintf(msg, sizeof msg, "ô thừa «%.200s»: dòng tiêu đề chỉ có %d cột (%s)", row->fields[i],
			 imp->header.nfile, sheet ? "hãy đặt tên cho cột này ở dòng tiêu đề, hoặc xóa ô"
					   : "ô có dấu phẩy phải đặt trong ngoặc kép");
		cn_import_issue_add(imp, rec, i, msg);
		return;
	}
}

/* Reads every record, checking each as it comes; what is kept of them
 * goes to the temp schema. */
static int read_records(cn_import *imp, cn_row_source *src, const struct cn_importer *importer, void *state,
			cn_error *err)
{
	for (;;) {
		cn_import_row row;
		long line = 0;
		int column = 0;
		cn_error rerr = {0};
		int rc = src->read(src, &row, &line, &column, &rerr);
		if (rc == 0)
			return CN_OK;
		if (rc == CN_EIO) {
			if (err)
				*err = rerr;
			return CN_EIO;
		}
		imp->rec = imp->nrecs++;
		imp->rec_rejected = false;
		if (rc < 0) {
			imp->line = line;
			cn_import_issue_add(imp, imp->rec, column - 1, rerr.msg);
			rc = cn_import_keep_record(imp, NULL, err);
		} else {
			imp->line = row.line;
			check_extra_cells(imp, imp->rec, &row, src->spreadsheet);
			importer->check_row(imp, state, &row);
			rc = cn_import_keep_record(imp, &row, err);
		}
		if (rc != CN_OK)
			return rc;
		if ((imp->nrecs & 1023) == 0)
			cn_import_report(imp, CN_IMPORT_READING, (long long)imp->nrecs, 0);
	}
}

/* Writes the rejected rows to a private temporary file beside FINAL (UTF-8
 * with a BOM so that Excel reads the diacritics), renamed into place once
 * the import is committed. Malloc'd name of the temporary file, or NULL. */
static char *write_rejects(cn_import *imp, const char *final, cn_error *err)
{
	char *tmp = cn_sprintf("%s.XXXXXX", final);
	int fd = cn_os_mkstemp(tmp);
	FILE *f = fd >= 0 ? cn_os_fdopen(fd, "wb") : NULL;
	if (!f) {
		cn_fail(err, cn_os_error_status(errno), "Không ghi được tệp các dòng bị loại %s: %s", final,
			cn_os_error_text(errno));
		if (fd >= 0) {
			close(fd);
			cn_os_unlink(tmp);
		}
		free(tmp);
		return NULL;
	}
	cn_os_fchmod(fd, 0600);
	fputs("\xEF\xBB\xBF", f);
	int rc = cn_import_issues_put_rejects(imp, f, err);
	/* cn_file_publish syncs it before giving it its name. */
	bool failed = fflush(f) != 0;
	failed = fclose(f) != 0 || failed;
	if (failed || rc != CN_OK) {
		if (rc == CN_OK)
			cn_fail(err, cn_os_error_status(errno), "Không ghi được tệp các dòng bị loại %s: %s", final,
				cn_os_error_text(errno));
		cn_os_unlink(tmp);
		free(tmp);
		return NULL;
	}
	return tmp;
}

static void forget_writes(cn_import_result *res)
{
	res->added = res->updated = res->unchanged = res->teams_added = 0;
	res->matched = res->guests = res->reports_reopened = res->reports_submitted = 0;
	for (int i = 0; i < res->nnotes; i++)
		free(res->notes[i]);
	free(res->notes);
	res->notes = NULL;
	res->nnotes = 0;
	res->notes_total = 0;
}

/* Inside the write transaction: writes and commits, or says why not. */
static int finish(cn_import *imp, const struct cn_importer *importer, void *state, cn_error *err)
{
	cn_import_result *res = imp->res;
	char *final = NULL, *tmp = NULL;
	if (res->rejected) {
		final = imp->opt->reject_path ? cn_strdup(imp->opt->reject_path) : cn_import_reject_path(imp->path);
		if (cn_os_same_file(imp->path, final)) {
			cn_fail(err, CN_EINVAL, "Tệp ghi các dòng bị loại (%s) không được là chính tệp đang nhập", final);
			free(final);
			return CN_EINVAL;
		}
		if (!(tmp = write_rejects(imp, final, err))) {
			free(final);
			return err ? err->code : CN_EIO;
		}
	}
	cn_import_report(imp, CN_IMPORT_WRITING, 0, 0);
	/* The writes are big statements written "OR ROLLBACK": a row that
	 * breaks a rule (none should: all was checked) undoes the whole
	 * transaction, not the statement, so SQLite need not keep a statement
	 * journal of the pages each one changes. */
	int rc = importer->write(imp, state, err);
	if (rc == CN_OK)
		rc = cn_db_commit(imp->db, err);
	if (rc != CN_OK) {
		forget_writes(res);
		if (tmp)
			cn_os_unlink(tmp);
	} else if (tmp && cn_file_publish(tmp, final, CN_PUBLISH_REPLACE) != 0) {
		/* Committed: the counts stand, and the rows are not lost. */
		rc = cn_fail(err, CN_EIO, "Đã nhập xong nhưng không đặt được tệp các dòng bị loại vào %s: %s "
			     "(các dòng đó đang ở %s)", final, cn_os_error_text(errno), tmp);
	} else if (final) {
		res->reject_path = cn_strdup(final);
	}
	free(final);
	free(tmp);
	return rc;
}

/* Reads and checks the file in a transaction (the write transaction when
 * LOCKED, else a read transaction), then writes unless a row is bad.
 * RUN_AGAIN: someone wrote to the database during an unlocked check. */
static int run_once(cn_import *imp, const struct cn_importer *importer, void *state, bool locked, cn_error *err)
{
	cn_db *db = imp->db;
	cn_row_source *src = cn_row_source_open(imp->path, imp->opt->sheet, err);
	if (!src)
		return err ? err->code : CN_EIO;
	int rc = read_header(imp, src, importer, err);
	long long version = 0;
	bool began = rc == CN_OK && (rc = locked ? cn_db_begin(db, err) : cn_db_begin_read(db, err)) == CN_OK;
	if (began && !locked && (version = cn_db_data_version(db)) < 0)
		rc = cn_db_fail(db, err, "Không đọc được cơ sở dữ liệu");
	imp->src = src;
	if (rc == CN_OK)
		cn_import_drop_tables(db, false); /* left by an import that failed on this connection */
	if (rc == CN_OK && (rc = cn_import_issues_create(imp, err)) == CN_OK &&
	    (rc = importer->start(imp, state, err)) == CN_OK) {
		cn_import_report(imp, CN_IMPORT_READING, 0, 0);
		rc = read_records(imp, src, importer, state, err);
	}
	imp->src = NULL;
	src->close(src);
	if (rc == CN_OK) {
		imp->rec = (size_t)-1;
		cn_import_report(imp, CN_IMPORT_CHECKING, (long long)imp->nrecs, 0);
		importer->check_all(imp, state);
		rc = cn_import_issues_to_result(imp, err);
	}
	if (rc == CN_OK && imp->res->rejected && !imp->opt->skip_invalid)
		rc = cn_fail(err, CN_EINVAL, "Tệp %s có %ld dòng lỗi; chưa ghi gì vào cơ sở dữ liệu.", imp->path,
			     imp->res->rejected);
	/* The snapshot checked is still the database: no commit since. */
	if (rc == CN_OK && !locked) {
		began = false;
		if ((rc = cn_db_commit(db, err)) == CN_OK && (rc = cn_db_begin(db, err)) == CN_OK) {
			began = true;
			if (cn_db_data_version(db) != version)
				rc = RUN_AGAIN;
		}
	}
	if (rc == CN_OK)
		rc = finish(imp, importer, state, err);
	else if (began)
		cn_db_rollback(db); /* nothing written (a failed commit has rolled back already) */
	return rc;
}

/* Page caches for the import (KiB, as negative cache_size): a bulk write
 * touches the pages of a dozen indexes at once, and with SQLite's default
 * 2 MB most of them would be written out to the WAL and read back several
 * times. Within the 64 MB an import may take. */
#define IMPORT_MAIN_CACHE (-24576)
#define IMPORT_TEMP_CACHE (-4096)

/* The page caches, and the temp schema's journal: an import's temp tables
 * need none (a failed import drops them), and with one every page of them
 * changed in a transaction was first copied to a journal file, which was
 * the most written file of a big import. */
static void set_caches(cn_db *db, long long main_cache, long long temp_cache, bool importing)
{
	char sql[160];
	snprintf(sql, sizeof sql, "PRAGMA main.cache_size = %lld; PRAGMA temp.cache_size = %lld; "
		 "PRAGMA temp.journal_mode = %s", main_cache, temp_cache, importing ? "OFF" : "DELETE");
	cn_db_exec(db, sql, NULL);
}

int cn_import_run(cn_db *db, const char *path, const struct cn_importer *importer, void *state,
		  const cn_import_options *opt, cn_import_result *res, cn_error *err)
{
	static const cn_import_options defaults = {0};
	long long start_ms = cn_os_monotonic_ms();
	/* Inside the caller's transaction, the checks run under its lock. */
	bool locked = !sqlite3_get_autocommit(cn_db_sqlite(db));
	long long main_cache = cn_db_int(db, "PRAGMA main.cache_size", -2000),
		  temp_cache = cn_db_int(db, "PRAGMA temp.cache_size", -2000);
	set_caches(db, IMPORT_MAIN_CACHE, IMPORT_TEMP_CACHE, true);
	/* Foreign keys: with them on, SQLite keeps a statement journal of
	 * every page each big write changes (a copy of most of the database
	 * for a big file); the bulk writes check the references of their rows
	 * themselves (cn_bulk_end). Outside a transaction only: inside one
	 * the pragma does nothing, and the keys stay on. */
	bool keys_off = !locked && cn_db_int(db, "PRAGMA foreign_keys", 0) == 1 &&
			cn_db_exec(db, "PRAGMA foreign_keys = OFF", NULL) == CN_OK;
	int rc;
	for (;;) {
		memset(res, 0, sizeof *res);
		res->noun = importer->noun;
		cn_import imp = {.db = db, .path = path, .opt = opt ? opt : &defaults, .res = res,
				.start_ms = start_ms};
		unsigned char r[8];
		sqlite3_randomness(sizeof r, r);
		for (size_t i = 0; i < sizeof r; i++)
			snprintf(imp.uuid_base + 2 * i, 3, "%02x", r[i]);
		rc = run_once(&imp, importer, state, locked, err);
		importer->clear(state);
		cn_import_drop_tables(db, true);
		cn_import_header_free(&imp.header);
		cn_buf_free(&imp.raw);
		if (rc == RUN_AGAIN) {
			cn_import_result_clear(res);
			locked = true;
			continue;
		}
		set_caches(db, main_cache, temp_cache, false);
		if (keys_off)
			cn_db_exec(db, "PRAGMA foreign_keys = ON", NULL);
		if (rc != CN_OK && rc != CN_EINVAL) {
			for (int i = 0; i < res->nproblems; i++) {
				free(res->problems[i].column_name);
				free(res->problems[i].message);
			}
			free(res->problems);
			res->problems = NULL;
			res->nproblems = 0;
		}
		return rc;
	}
}
