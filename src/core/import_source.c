/* Row sources for the importers: CSV here (a file, or a list inside the
 * program: official.h), an xlsx sheet in import_xlsx.c; the name of the
 * file chooses. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cnscd/csv.h"
#include "cnscd/official.h"
#include "cnscd/os.h"
#include "import_xlsx_internal.h"

struct csv_source {
	cn_row_source base;
	FILE *f; /* NULL for a list inside the program */
	cn_csv_reader *reader;
	long long size; /* of the input, 0 when not known */
};

/* The reader's messages start with their location ("dòng 3, cột 2: …");
 * the importer lists locations its own way, so keep only what follows. */
static void strip_location(cn_error *err)
{
	char *colon = strstr(err->msg, ": ");
	if (strncmp(err->msg, "dòng ", strlen("dòng ")) == 0 && colon)
		memmove(err->msg, colon + 2, strlen(colon + 2) + 1);
}

static int csv_read(cn_row_source *src, cn_import_row *row, long *line, int *column, cn_error *err)
{
	struct csv_source *s = (struct csv_source *)src;
	cn_csv_row r;
	int rc = cn_csv_read(s->reader, &r, err);
	if (rc > 0) {
		row->line = r.line;
		row->count = r.count;
		row->fields = r.fields;
	} else if (rc < 0) {
		cn_csv_error_pos(s->reader, line, column);
		strip_location(err);
		if (s->f && ferror(s->f))
			return cn_fail(err, CN_EIO, "Lỗi đọc tệp: %s", strerror(errno));
	}
	return rc;
}

static double csv_position(cn_row_source *src)
{
	struct csv_source *s = (struct csv_source *)src;
	if (s->size <= 0)
		return -1;
	double at = (double)cn_csv_offset(s->reader) / (double)s->size;
	return at < 1 ? at : 1;
}

static void csv_close(cn_row_source *src)
{
	struct csv_source *s = (struct csv_source *)src;
	cn_csv_free(s->reader);
	if (s->f)
		fclose(s->f);
	free(s);
}

static bool has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), k = strlen(suffix);
	return n >= k && strcasecmp(path + n - k, suffix) == 0;
}

/* A workbook saved under a .csv name reads as garbage: say what it is. */
static bool is_zip(FILE *f)
{
	unsigned char magic[4] = {0};
	bool zip = fread(magic, 1, 4, f) == 4 && memcmp(magic, "PK\3\4", 4) == 0;
	rewind(f);
	return zip;
}

/* SIZE is 0 when not known (a pipe, a device): progress then shows rows
 * without a fraction. */
static cn_row_source *csv_source_new(FILE *f, cn_csv_reader *reader, long long size)
{
	struct csv_source *s = cn_calloc(1, sizeof *s);
	s->base.read = csv_read;
	s->base.close = csv_close;
	s->base.position = csv_position;
	s->f = f;
	s->reader = reader;
	s->size = size;
	return &s->base;
}

cn_row_source *cn_row_source_open(const char *path, const char *sheet, cn_error *err)
{
	const char *data;
	size_t len;
	if (!sheet && cn_official_data(path, &data, &len))
		return csv_source_new(NULL, cn_csv_reader_new_mem(data, len), (long long)len);
	if (has_suffix(path, ".xlsx"))
		return cn_xlsx_source_open(path, sheet, err);
	if (has_suffix(path, ".xls")) {
		cn_fail(err, CN_EINVAL,
			"Không đọc được tệp Excel 97-2003 (.xls) %s. Hãy mở tệp trong Excel hoặc LibreOffice và lưu lại "
			"dạng \"Sổ làm việc Excel (.xlsx)\" hoặc \"CSV UTF-8\" rồi nhập tệp đó.", path);
		return NULL;
	}
	if (sheet) {
		cn_fail(err, CN_EINVAL, "Tùy chọn chọn trang tính (--sheet %s) chỉ dùng cho tệp Excel .xlsx, không dùng "
			"cho %s", sheet, path);
		return NULL;
	}
	FILE *f = cn_os_fopen(path, "rb");
	if (!f) {
		cn_fail(err, errno == ENOENT ? CN_ENOTFOUND : CN_EIO, "Không mở được tệp %s: %s", path,
			strerror(errno));
		return NULL;
	}
	if (is_zip(f)) {
		fclose(f);
		cn_fail(err, CN_EINVAL, "Tệp %s là tệp Excel (.xlsx) hoặc tệp nén, không phải CSV: hãy đổi đuôi tên "
			"tệp thành .xlsx rồi nhập lại.", path);
		return NULL;
	}
	cn_stat st;
	long long size = cn_os_stat(path, &st) == 0 ? (long long)st.st_size : 0;
	return csv_source_new(f, cn_csv_reader_new(f), size);
}
