#include "cnscd/csv.h"

#include <stdlib.h>
#include <string.h>

#include "cnscd/os.h"
#include "cnscd/text.h"

/* The input is read a block at a time: byte by byte through stdio, and
 * with a call per byte to grow the field, a 200 MB file took seconds. */
#define BLOCK 65536

struct cn_csv_reader {
	FILE *f;          /* the file read, or NULL for text in memory */
	unsigned char *owned;       /* the block read from F */
	const unsigned char *block; /* OWNED, or the whole text in memory */
	size_t pos, len;  /* next byte of BLOCK, bytes in it */
	long long before; /* bytes of the input before BLOCK */
	long line;        /* physical line of the next byte */
	bool started;     /* BOM check done */
	cn_buf field;     /* field being read */
	cn_buf all;       /* all fields of the record, NUL-separated */
	size_t *offsets;  /* start of each field in ALL */
	int cap;
	char **fields;
	long err_line;    /* where the last error was */
	int err_column;
};

cn_csv_reader *cn_csv_reader_new(FILE *f)
{
	cn_csv_reader *r = cn_calloc(1, sizeof *r);
	r->f = f;
	r->line = 1;
	return r;
}

/* The text is one block that is never refilled. */
cn_csv_reader *cn_csv_reader_new_mem(const char *data, size_t len)
{
	cn_csv_reader *r = cn_calloc(1, sizeof *r);
	r->block = (const unsigned char *)data;
	r->len = len;
	r->line = 1;
	return r;
}

void cn_csv_free(cn_csv_reader *r)
{
	if (!r)
		return;
	cn_buf_free(&r->field);
	cn_buf_free(&r->all);
	free(r->owned);
	free(r->offsets);
	free(r->fields);
	free(r);
}

static int next_byte(cn_csv_reader *r)
{
	if (r->pos == r->len) {
		if (!r->f)
			return EOF;
		if (!r->owned)
			r->owned = cn_malloc(BLOCK);
		r->block = r->owned;
		r->before += (long long)r->len;
		r->pos = 0;
		r->len = fread(r->owned, 1, BLOCK, r->f);
		if (r->len == 0)
			return EOF;
	}
	return r->block[r->pos++];
}

/* Gives back the byte just read (never more than one, never at EOF). */
static void unread_byte(cn_csv_reader *r)
{
	r->pos--;
}

static int next_char(cn_csv_reader *r)
{
	int c = next_byte(r);
	if (c == '\n')
		r->line++;
	return c;
}

/* Adds to the field the run of bytes before the next one that may mean
 * something: a quote, a line end or a NUL, and outside quotes a comma. */
static void take_run(cn_csv_reader *r, bool in_quotes)
{
	const unsigned char *b = r->block;
	size_t i = r->pos;
	if (in_quotes)
		while (i < r->len && b[i] != '"' && b[i] != '\n' && b[i] != '\0')
			i++;
	else
		while (i < r->len && b[i] != ',' && b[i] != '"' && b[i] != '\n' && b[i] != '\r' && b[i] != '\0')
			i++;
	if (i > r->pos) {
		cn_buf_add(&r->field, (const char *)b + r->pos, i - r->pos);
		r->pos = i;
	}
}

/* After an error: drop the rest of the physical line. */
static void skip_line(cn_csv_reader *r)
{
	int c;
	while ((c = next_char(r)) != EOF && c != '\n')
		;
}

static void end_field(cn_csv_reader *r, int *count)
{
	if (*count >= r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->offsets = cn_reallocarray(r->offsets, (size_t)r->cap, sizeof *r->offsets);
	}
	r->offsets[(*count)++] = r->all.len;
	cn_buf_add(&r->all, cn_buf_str(&r->field), r->field.len);
	cn_buf_addc(&r->all, '\0');
	cn_buf_clear(&r->field);
}

static int fail_at(cn_csv_reader *r, cn_error *err, long line, int column, bool skip, const char *msg)
{
	r->err_line = line;
	r->err_column = column;
	if (skip)
		skip_line(r);
	cn_buf_clear(&r->field);
	return cn_fail(err, CN_EINVAL, "dòng %ld: %s", line, msg);
}

int cn_csv_read(cn_csv_reader *r, cn_csv_row *row, cn_error *err)
{
	if (!r->started) {
		r->started = true;
		int a = next_byte(r);
		if (a == 0xEF) {
			int b = next_byte(r), c = b == EOF ? EOF : next_byte(r);
			if (b != 0xBB || c != 0xBF) {
				/* Not a BOM after all: put back what we can. */
				if (c != EOF)
					unread_byte(r);
				cn_buf_addc(&r->field, (char)a);
				if (b != EOF)
					cn_buf_addc(&r->field, (char)b);
			}
		} else if (a != EOF) {
			unread_byte(r);
		}
	}
	for (;;) {
		int count = 0;
		bool quoted = false, in_quotes = false, any = r->field.len > 0;
		long start = r->line;
		cn_buf_clear(&r->all);
		for (;;) {
			if (in_quotes || !quoted)
				take_run(r, in_quotes);
			int c = next_char(r);
			if (c == EOF) {
				if (in_quotes)
					return fail_at(r, err, start, count + 1, false,
						       "thiếu dấu ngoặc kép đóng (\") ở cuối tệp");
				/* A last line with no comma and no line end was taken
				 * whole by take_run: it is a record all the same. */
				if (!any && count == 0 && r->field.len == 0)
					return 0;
				end_field(r, &count);
				break;
			}
			any = true;
			if (c == '\0')
				return fail_at(r, err, r->line, count + 1, true, "có byte NUL: tệp không phải văn bản CSV");
			if (in_quotes) {
				if (c == '"') {
					int d = next_byte(r);
					if (d == '"') {
						cn_buf_addc(&r->field, '"');
					} else {
						in_quotes = false;
						if (d != EOF)
							unread_byte(r);
					}
				} else {
					cn_buf_addc(&r->field, (char)c);
				}
			} else if (c == '"' && r->field.len == 0 && !quoted) {
				in_quotes = quoted = true;
			} else if (c == ',') {
				end_field(r, &count);
				quoted = false;
			} else if (c == '\n' || c == '\r') {
				if (c == '\r') {
					int d = next_byte(r);
					if (d != '\n' && d != EOF)
						unread_byte(r);
					else if (d == '\n')
						r->line++;
				}
				end_field(r, &count);
				break;
			} else if (quoted) {
				return fail_at(r, err, start, count + 1, true,
					       "có ký tự sau dấu ngoặc kép đóng; trong ô có \" phải viết thành \"\"");
			} else {
				cn_buf_addc(&r->field, (char)c);
			}
			if (r->field.len > CN_CSV_MAX_FIELD)
				return fail_at(r, err, start, count + 1, c != '\n', "có ô dài quá 1 MB");
			if (count > CN_CSV_MAX_COLUMNS)
				return fail_at(r, err, start, 0, c != '\n', "có quá nhiều cột (hơn 1000)");
		}
		/* The check above runs after a comma, not after the last field of
		 * the line: without this, exactly 1001 fields slipped through. */
		if (count > CN_CSV_MAX_COLUMNS)
			return fail_at(r, err, start, 0, false, "có quá nhiều cột (hơn 1000)");
		/* A line with nothing on it is not a record. */
		if (count == 1 && r->all.len == 1 && !quoted)
			continue;
		for (int i = 0; i < count; i++) {
			const char *s = r->all.data + r->offsets[i];
			if (!cn_utf8_valid(s, strlen(s))) {
				r->err_line = start;
				r->err_column = i + 1;
				return cn_fail(err, CN_EINVAL,
					       "dòng %ld, cột %d: không phải văn bản UTF-8 (hãy lưu tệp dạng "
					       "\"CSV UTF-8\")", start, i + 1);
			}
		}
		r->fields = cn_reallocarray(r->fields, (size_t)r->cap, sizeof *r->fields);
		for (int i = 0; i < count; i++)
			r->fields[i] = r->all.data + r->offsets[i];
		row->count = count;
		row->fields = r->fields;
		row->line = start;
		return 1;
	}
}

long long cn_csv_offset(const cn_csv_reader *r)
{
	return r->before + (long long)r->pos;
}

void cn_csv_error_pos(const cn_csv_reader *r, long *line, int *column)
{
	*line = r->err_line;
	*column = r->err_column;
}

/* One pass over the text decides whether it needs quotes; the unlocked
 * stdio calls matter when a national roster writes millions of fields. */
void cn_csv_put_field(FILE *f, const char *s)
{
	if (!s)
		s = "";
	size_t len = 0;
	bool quote = false;
	for (const char *p = s; *p; p++, len++)
		quote |= *p == ',' || *p == '"' || *p == '\r' || *p == '\n';
	quote |= len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
	if (!quote) {
		cn_os_fwrite_unlocked(s, 1, len, f);
		return;
	}
	cn_os_putc_unlocked('"', f);
	for (; *s; s++) {
		if (*s == '"')
			cn_os_putc_unlocked('"', f);
		cn_os_putc_unlocked(*s, f);
	}
	cn_os_putc_unlocked('"', f);
}

void cn_csv_put_row(FILE *f, const char *const *fields, int count)
{
	for (int i = 0; i < count; i++) {
		if (i)
			cn_os_putc_unlocked(',', f);
		cn_csv_put_field(f, fields[i]);
	}
	cn_os_fwrite_unlocked("\r\n", 1, 2, f);
}

bool cn_csv_formula_like(const char *s)
{
	return s && s[0] && strchr("=+-@\t\r", s[0]) != NULL;
}

void cn_csv_put_text_row(FILE *f, const char *const *fields, int count)
{
	cn_buf quoted = {0};
	for (int i = 0; i < count; i++) {
		if (i)
			cn_os_putc_unlocked(',', f);
		const char *v = fields[i];
		if (cn_csv_formula_like(v)) {
			cn_buf_clear(&quoted);
			cn_buf_addc(&quoted, '\'');
			cn_buf_adds(&quoted, v);
			v = cn_buf_str(&quoted);
		}
		cn_csv_put_field(f, v);
	}
	cn_os_fwrite_unlocked("\r\n", 1, 2, f);
	cn_buf_free(&quoted);
}
