/* The import driver: read and check everything, then write in one
 * transaction, or write nothing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cnscd/csv.h"
#include "cnscd/os.h"
#include "import_internal.h"

/* Keeps a copy of ROW's fields in one allocation. */
static size_t add_record(cn_import *imp, long line, const cn_import_row *row)
{
	CN_GROW(imp->recs, imp->nrecs, imp->caprecs, 256);
	struct cn_import_rec *r = &imp->recs[imp->nrecs];
	memset(r, 0, sizeof *r);
	r->line = line;
	if (row) {
		size_t bytes = 0;
		for (int i = 0; i < row->count; i++)
			bytes += strlen(row->fields[i]) + 1;
		r->count = row->count;
		r->fields = cn_malloc(sizeof *r->fields * (size_t)row->count + bytes);
		char *p = (char *)(r->fields + row->count);
		for (int i = 0; i < row->count; i++) {
			size_t n = strlen(row->fields[i]) + 1;
			memcpy(p, row->fields[i], n);
			r->fields[i] = p;
			p += n;
		}
	}
	return imp->nrecs++;
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
		if (rc < 0) {
			size_t rec = add_record(imp, line, NULL);
			cn_import_issue_add(imp, rec, column - 1, rerr.msg);
			continue;
		}
		size_t rec = add_record(imp, row.line, &row);
		check_extra_cells(imp, rec, &row, src->spreadsheet);
		importer->check_row(imp, state, rec, &row);
	}
}

/* Joins the problems of each rejected record into its reason. */
static char **reasons_by_record(cn_import *imp)
{
	char **why = cn_calloc(imp->nrecs + 1, sizeof *why);
	for (size_t i = 0; i < imp->nissues; i++) {
		struct cn_import_issue *is = &imp->issues[i];
		char *text = cn_import_problem_text(&is->p);
		char *joined = why[is->rec] ? cn_sprintf("%s; %s", why[is->rec], text) : cn_strdup(text);
		free(why[is->rec]);
		free(text);
		why[is->rec] = joined;
	}
	return why;
}

static void put_reject_rows(cn_import *imp, FILE *f)
{
	int width = imp->header.nfile;
	const char **cells = cn_calloc((size_t)width + 2, sizeof *cells);
	for (int i = 0; i < width; i++)
		cells[i] = imp->header.names[i];
	cells[width] = "ly_do";
	cn_csv_put_text_row(f, cells, width + 1);
	free(cells);
	char **why = reasons_by_record(imp);
	for (size_t r = 0; r < imp->nrecs; r++) {
		struct cn_import_rec *rec = &imp->recs[r];
		if (!rec->rejected)
			continue;
		int n = rec->count > width ? rec->count : width;
		cells = cn_calloc((size_t)n + 2, sizeof *cells);
		for (int i = 0; i < n; i++)
			cells[i] = i < rec->count ? rec->fields[i] : "";
		cells[n] = why[r] ? why[r] : "";
		cn_csv_put_text_row(f, cells, n + 1);
		free(cells);
	}
	for (size_t r = 0; r < imp->nrecs; r++)
		free(why[r]);
	free(why);
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
		cn_fail(err, CN_EIO, "Không ghi được tệp các dòng bị loại %s: %s", final, strerror(errno));
		if (fd >= 0) {
			close(fd);
			cn_os_unlink(tmp);
		}
		free(tmp);
		return NULL;
	}
	cn_os_fchmod(fd, 0600);
	fputs("\xEF\xBB\xBF", f);
	put_reject_rows(imp, f);
	bool failed = fflush(f) != 0 || cn_os_fsync(fd) != 0;
	failed = fclose(f) != 0 || failed;
	if (failed) {
		cn_fail(err, errno == ENOSPC ? CN_EFULL : CN_EIO, "Không ghi được tệp các dòng bị loại %s: %s", final,
			strerror(errno));
		cn_os_unlink(tmp);
		free(tmp);
		return NULL;
	}
	return tmp;
}

/* Inside the transaction: writes and commits, or says why not. */
static int finish(cn_import *imp, const struct cn_importer *importer, void *state, cn_error *err)
{
	cn_import_result *res = imp->res;
	for (size_t r = 0; r < imp->nrecs; r++)
		res->rejected += imp->recs[r].rejected;
	cn_import_issues_sort(imp);
	if (res->rejected && !imp->opt->skip_invalid)
		return cn_fail(err, CN_EINVAL, "Tệp %s có %ld dòng lỗi; chưa ghi gì vào cơ sở dữ liệu.", imp->path,
			       res->rejected);
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
	int rc = importer->write(imp, state, err);
	if (rc == CN_OK)
		rc = cn_db_commit(imp->db, err);
	if (rc != CN_OK) {
		res->added = res->updated = res->unchanged = res->teams_added = 0;
		res->matched = res->guests = res->reports_reopened = res->reports_submitted = 0;
		for (int i = 0; i < res->nnotes; i++)
			free(res->notes[i]);
		free(res->notes);
		res->notes = NULL;
		res->nnotes = 0;
		if (tmp)
			cn_os_unlink(tmp);
	} else if (tmp && cn_os_replace(tmp, final) != 0) {
		/* Committed: the counts stand, and the rows are not lost. */
		rc = cn_fail(err, CN_EIO, "Đã nhập xong nhưng không đặt được tệp các dòng bị loại vào %s: %s "
			     "(các dòng đó đang ở %s)", final, strerror(errno), tmp);
	} else if (final) {
		res->reject_path = cn_strdup(final);
	}
	free(final);
	free(tmp);
	return rc;
}

int cn_import_run(cn_db *db, const char *path, const struct cn_importer *importer, void *state,
		  const cn_import_options *opt, cn_import_result *res, cn_error *err)
{
	static const cn_import_options defaults = {0};
	memset(res, 0, sizeof *res);
	res->noun = importer->noun;
	cn_import imp = {.db = db, .path = path, .opt = opt ? opt : &defaults, .res = res};
	cn_row_source *src = cn_row_source_open(path, imp.opt->sheet, err);
	if (!src)
		return err ? err->code : CN_EIO;
	int rc = read_header(&imp, src, importer, err);
	/* One transaction from the first check to the commit: what was checked
	 * is what gets written, even with another cnscd open on the database. */
	bool began = rc == CN_OK && (rc = cn_db_begin(db, err)) == CN_OK;
	if (rc == CN_OK)
		rc = read_records(&imp, src, importer, state, err);
	src->close(src);
	if (rc == CN_OK) {
		importer->check_all(&imp, state);
		rc = finish(&imp, importer, state, err);
	}
	if (began && rc != CN_OK)
		cn_db_rollback(db); /* nothing written (a failed commit has rolled back already) */
	if (rc == CN_OK || rc == CN_EINVAL)
		cn_import_issues_to_result(&imp);
	else
		cn_import_issues_free(&imp);
	for (size_t r = 0; r < imp.nrecs; r++)
		free(imp.recs[r].fields);
	free(imp.recs);
	cn_import_header_free(&imp.header);
	return rc;
}
