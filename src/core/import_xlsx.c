/* The rows of one sheet of a workbook, as a row source. The sheet's XML is
 * parsed as it is inflated, and the parser is suspended at the end of each
 * row, so a row is handed over before the next one is read: memory stays
 * within one row and one chunk, whatever the sheet's size.
 *
 * Rows keep the sheet's numbers (so problems say "dòng N" as Excel shows
 * it); cells skipped in the XML ("C5" after "A5") are empty; rows with no
 * text at all are skipped, like blank lines of a CSV. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_xlsx_internal.h"

struct xlsx_source {
	cn_row_source base;
	xlsx_book book;
	xlsx_part *part;
	XML_Parser parser;
	bool fed_last, suspended;
	uint64_t delivered;       /* cell text handed over so far */
	cn_cell_format *formats;  /* per file column, from the header */
	int nformats;

	/* The row being read. */
	long row, last_row;
	bool in_row, row_ready, row_has_text;
	cn_buf text;              /* its cells, each NUL-terminated */
	size_t *cell_at;          /* offsets into text */
	int ncells, capcells;
	char **fields;
	int capfields;
	int bad_column;           /* 1-based column of the row's problem, 0: none */
	char bad[512];            /* the problem */

	/* The cell being read. */
	bool in_cell, in_value, in_inline, in_t, too_long;
	int in_phonetic;
	int column, next_column;
	char type[16];
	cn_buf value;
};

static void row_problem(struct xlsx_source *s, int column, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Keeps the first problem of the row: it is reported when the row ends. */
static void row_problem(struct xlsx_source *s, int column, const char *fmt, ...)
{
	if (s->bad_column)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->bad, sizeof s->bad, fmt, ap);
	va_end(ap);
	s->bad_column = column + 1;
}

static cn_cell_format format_of(const struct xlsx_source *s, int column)
{
	cn_cell_format none = {0};
	return column < s->nformats ? s->formats[column] : none;
}

static char *too_long(struct xlsx_source *s)
{
	char limit[32];
	xlsx_size_text(cn_xlsx_limits.cell_bytes, limit);
	row_problem(s, s->column, "ô dài hơn %s, quá giới hạn đọc", limit);
	return NULL;
}

/* The text of the finished cell, malloc'd; NULL after a row problem. */
static char *cell_text(struct xlsx_source *s)
{
	cn_buf_addc(&s->value, '\0');
	s->value.len--;
	char *v = s->value.data;
	const char *t = s->type;
	if (s->too_long)
		return too_long(s);
	if (strcmp(t, "s") == 0) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		if (end == v || *end || i >= s->book.nstrings) {
			row_problem(s, s->column, "ô trỏ tới chuỗi dùng chung số «%s» không có trong tệp (tệp hỏng?)", v);
			return NULL;
		}
		if (s->book.string_at[i] == XLSX_TOO_LONG)
			return too_long(s);
		return cn_strdup(s->book.strings.data + s->book.string_at[i]);
	}
	if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0) {
		xlsx_unescape(v);
		return cn_strdup(v);
	}
	if (strcmp(t, "b") == 0)
		return cn_strdup(strcmp(v, "1") == 0 ? "TRUE" : "FALSE");
	if (strcmp(t, "d") == 0)
		return xlsx_date_text(v, format_of(s, s->column));
	if (strcmp(t, "n") == 0) {
		char *n = xlsx_number_text(v, format_of(s, s->column), s->book.date1904);
		if (n)
			return n;
	}
	return cn_strdup(v); /* "e" (an error such as #N/A) and what we do not know, as written */
}

static void add_cell(struct xlsx_source *s, const char *text)
{
	CN_GROW(s->cell_at, s->ncells, s->capcells, 16);
	s->cell_at[s->ncells++] = s->text.len;
	cn_buf_add(&s->text, text, strlen(text) + 1);
}

static void end_cell(struct xlsx_source *s)
{
	char *text = cell_text(s);
	bool empty = !text || cn_str_empty(text);
	if (!text || s->bad_column) {
		/* Nothing more of this row is kept. */
	} else if (s->column >= cn_xlsx_limits.columns) {
		if (!empty)
			row_problem(s, s->column, "ô ở cột thứ %d: bảng có quá %d cột, quá giới hạn đọc", s->column + 1,
				    cn_xlsx_limits.columns);
	} else if (s->column < s->ncells) {
		row_problem(s, s->column, "ô lặp lại hoặc sai thứ tự trong hàng (tệp hỏng?)");
	} else {
		while (s->ncells < s->column)
			add_cell(s, "");
		add_cell(s, text);
		s->row_has_text |= !empty;
	}
	s->next_column = s->column + 1;
	free(text);
}

static void start_row(struct xlsx_source *s, const XML_Char **attrs)
{
	const char *r = xlsx_attr(attrs, "r");
	long n = r ? atol(r) : 0;
	s->row = n > 0 ? n : s->last_row + 1;
	s->in_row = true;
	s->row_has_text = false;
	s->ncells = s->next_column = s->bad_column = 0;
	cn_buf_clear(&s->text);
}

static void start_cell(struct xlsx_source *s, const XML_Char **attrs)
{
	const char *r = xlsx_attr(attrs, "r"), *t = xlsx_attr(attrs, "t");
	int col = r ? xlsx_column_of(r) : -1;
	s->column = col >= 0 ? col : s->next_column;
	snprintf(s->type, sizeof s->type, "%s", t ? t : "n");
	s->in_cell = true;
	s->too_long = false;
	cn_buf_clear(&s->value);
}

static void XMLCALL on_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
	struct xlsx_source *s = data;
	const char *local = xlsx_local(name);
	if (strcmp(local, "row") == 0)
		start_row(s, attrs);
	else if (strcmp(local, "c") == 0 && s->in_row)
		start_cell(s, attrs);
	else if (strcmp(local, "v") == 0)
		s->in_value = s->in_cell;
	else if (strcmp(local, "is") == 0)
		s->in_inline = s->in_cell;
	else if (strcmp(local, "t") == 0)
		s->in_t = s->in_inline;
	else if (strcmp(local, "rPh") == 0)
		s->in_phonetic++;
}

static void XMLCALL on_end(void *data, const XML_Char *name)
{
	struct xlsx_source *s = data;
	const char *local = xlsx_local(name);
	if (strcmp(local, "v") == 0) {
		s->in_value = false;
	} else if (strcmp(local, "t") == 0) {
		s->in_t = false;
	} else if (strcmp(local, "is") == 0) {
		s->in_inline = false;
	} else if (strcmp(local, "rPh") == 0) {
		s->in_phonetic--;
	} else if (strcmp(local, "c") == 0 && s->in_cell) {
		end_cell(s);
		s->in_cell = false;
	} else if (strcmp(local, "row") == 0 && s->in_row) {
		s->in_row = false;
		s->last_row = s->row;
		if (s->row_has_text || s->bad_column) {
			s->row_ready = true;
			XML_StopParser(s->parser, XML_TRUE);
		}
	}
}

static void XMLCALL on_text(void *data, const XML_Char *text, int len)
{
	struct xlsx_source *s = data;
	if (!(s->in_value || (s->in_t && s->in_phonetic == 0)) || s->too_long)
		return;
	if (s->value.len + (size_t)len > cn_xlsx_limits.cell_bytes)
		s->too_long = true;
	else
		cn_buf_add(&s->value, text, (size_t)len);
}

/* Hands the finished row over. */
static int deliver(struct xlsx_source *s, cn_import_row *row, long *line, int *column, cn_error *err)
{
	s->row_ready = false;
	if (s->bad_column) {
		*line = s->row;
		*column = s->bad_column;
		return cn_fail(err, CN_EINVAL, "%s", s->bad);
	}
	s->delivered += s->text.len;
	if (s->delivered > cn_xlsx_limits.part_bytes) {
		char limit[32];
		xlsx_size_text(cn_xlsx_limits.part_bytes, limit);
		return cn_fail(err, CN_EIO, "Tệp %s chứa hơn %s chữ trong các ô, quá giới hạn đọc: hãy chia nhỏ tệp.",
			       s->book.path, limit);
	}
	if (s->ncells > s->capfields) {
		s->capfields = s->ncells;
		s->fields = cn_reallocarray(s->fields, (size_t)s->capfields, sizeof *s->fields);
	}
	for (int i = 0; i < s->ncells; i++)
		s->fields[i] = s->text.data + s->cell_at[i];
	row->line = s->row;
	row->count = s->ncells;
	row->fields = s->fields;
	return 1;
}

static int sheet_read(cn_row_source *src, cn_import_row *row, long *line, int *column, cn_error *err)
{
	struct xlsx_source *s = (struct xlsx_source *)src;
	for (;;) {
		enum XML_Status st;
		if (s->suspended) {
			s->suspended = false;
			st = XML_ResumeParser(s->parser);
		} else if (s->fed_last) {
			return 0;
		} else {
			long n = xlsx_part_read(&s->book, s->part, err);
			if (n < 0)
				return CN_EIO;
			s->fed_last = n == 0;
			st = XML_Parse(s->parser, s->part->buf, (int)n, n == 0);
		}
		if (st == XML_STATUS_ERROR) {
			s->fed_last = true; /* nothing more can be read */
			return xlsx_xml_failed(&s->book, s->part, s->parser, err);
		}
		s->suspended = st == XML_STATUS_SUSPENDED;
		if (s->row_ready)
			return deliver(s, row, line, column, err);
	}
}

static void sheet_set_formats(cn_row_source *src, const cn_cell_format *formats, int n)
{
	struct xlsx_source *s = (struct xlsx_source *)src;
	free(s->formats);
	s->formats = cn_calloc((size_t)n + 1, sizeof *s->formats);
	memcpy(s->formats, formats, (size_t)n * sizeof *formats);
	s->nformats = n;
}

static void sheet_close(cn_row_source *src)
{
	struct xlsx_source *s = (struct xlsx_source *)src;
	if (s->parser)
		XML_ParserFree(s->parser);
	if (s->part)
		xlsx_part_close(s->part);
	free(s->part);
	xlsx_book_close(&s->book);
	free(s->formats);
	cn_buf_free(&s->text);
	cn_buf_free(&s->value);
	free(s->cell_at);
	free(s->fields);
	free(s);
}

cn_row_source *cn_xlsx_source_open(const char *path, const char *sheet, cn_error *err)
{
	struct xlsx_source *s = cn_calloc(1, sizeof *s);
	s->base.read = sheet_read;
	s->base.close = sheet_close;
	s->base.set_formats = sheet_set_formats;
	s->base.spreadsheet = true;
	if (xlsx_book_open(&s->book, path, sheet, err) != CN_OK) {
		free(s);
		return NULL;
	}
	s->part = cn_malloc(sizeof *s->part);
	if (xlsx_part_open(&s->book, s->book.sheet_part, s->part, err) != CN_OK) {
		free(s->part);
		s->part = NULL;
		sheet_close(&s->base);
		return NULL;
	}
	s->parser = xlsx_parser_new(s);
	XML_SetElementHandler(s->parser, on_start, on_end);
	XML_SetCharacterDataHandler(s->parser, on_text);
	return &s->base;
}
