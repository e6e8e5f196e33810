/* Opening a workbook: the package's relationships lead to the workbook
 * part, its list of sheets and relationships to the sheet wanted, and the
 * shared strings are loaded once for the cells that point into them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/os.h"
#include "cnscd/text.h"
#include "import_xlsx_internal.h"

/* Parses the whole part NAME with PARSER. */
static int parse_part(xlsx_book *b, const char *name, XML_Parser parser, cn_error *err)
{
	xlsx_part *p = cn_malloc(sizeof *p);
	int rc = xlsx_part_open(b, name, p, err);
	while (rc == CN_OK) {
		long n = xlsx_part_read(b, p, err);
		if (n < 0) {
			rc = (int)n;
		} else if (XML_Parse(parser, p->buf, (int)n, n == 0) == XML_STATUS_ERROR) {
			rc = xlsx_xml_failed(b, p, parser, err);
		} else if (n == 0) {
			break;
		}
	}
	xlsx_part_close(p);
	free(p);
	return rc;
}

/* --- relationships ("_rels/….rels") ------------------------------------ */

struct rel {
	char *id, *type, *target;
};

struct rels {
	struct rel *r;
	size_t n, cap;
};

static void XMLCALL rel_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
	struct rels *rs = data;
	const char *id = xlsx_attr(attrs, "Id"), *type = xlsx_attr(attrs, "Type"),
		   *target = xlsx_attr(attrs, "Target"), *mode = xlsx_attr(attrs, "TargetMode");
	if (strcmp(xlsx_local(name), "Relationship") != 0 || !id || !type || !target ||
	    (mode && strcmp(mode, "External") == 0))
		return;
	CN_GROW(rs->r, rs->n, rs->cap, 8);
	rs->r[rs->n++] = (struct rel){cn_strdup(id), cn_strdup(type), cn_strdup(target)};
}

static void rels_free(struct rels *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->r[i].id);
		free(rs->r[i].type);
		free(rs->r[i].target);
	}
	free(rs->r);
}

/* Relationships of PART ("xl/workbook.xml" → "xl/_rels/workbook.xml.rels");
 * a package without the file has none. */
static int read_rels(xlsx_book *b, const char *part, struct rels *rs, cn_error *err)
{
	memset(rs, 0, sizeof *rs);
	const char *slash = strrchr(part, '/');
	char *name = slash ? cn_sprintf("%.*s/_rels/%s.rels", (int)(slash - part), part, slash + 1)
			   : cn_sprintf("_rels/%s.rels", part);
	int rc = CN_OK;
	if (zip_name_locate(b->zip, name, ZIP_FL_NOCASE) >= 0) {
		XML_Parser p = xlsx_parser_new(rs);
		XML_SetStartElementHandler(p, rel_start);
		rc = parse_part(b, name, p, err);
		XML_ParserFree(p);
	}
	free(name);
	return rc;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);
	return n >= k && strcmp(s + n - k, tail) == 0;
}

static const struct rel *rel_of_type(const struct rels *rs, const char *type_tail)
{
	for (size_t i = 0; i < rs->n; i++)
		if (ends_with(rs->r[i].type, type_tail))
			return &rs->r[i];
	return NULL;
}

/* The part a relationship of SOURCE points to: TARGET is relative to the
 * folder of SOURCE, or absolute from the package root ("/xl/…"). */
static char *resolve(const char *source, const char *target)
{
	cn_buf path = {0};
	if (target[0] != '/') {
		const char *slash = strrchr(source, '/');
		if (slash)
			cn_buf_add(&path, source, (size_t)(slash - source));
	}
	for (const char *seg = target; *seg;) {
		size_t len = strcspn(seg, "/");
		if (len == 2 && strncmp(seg, "..", 2) == 0) {
			char *up = strrchr(path.data ? path.data : "", '/');
			path.len = up ? (size_t)(up - path.data) : 0;
			if (path.data)
				path.data[path.len] = '\0';
		} else if (len > 0 && !(len == 1 && seg[0] == '.')) {
			if (path.len)
				cn_buf_addc(&path, '/');
			cn_buf_add(&path, seg, len);
		}
		seg += len + (seg[len] == '/');
	}
	return cn_buf_steal(&path);
}

/* --- the workbook part: its sheets ------------------------------------- */

struct sheet {
	char *name, *rid;
	bool hidden;
};

struct workbook {
	xlsx_book *b;
	struct sheet *s;
	size_t n, cap;
};

static void XMLCALL workbook_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
	struct workbook *w = data;
	const char *local = xlsx_local(name);
	if (strcmp(local, "workbookPr") == 0) {
		const char *d = xlsx_attr(attrs, "date1904");
		w->b->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
		return;
	}
	const char *sheet_name = xlsx_attr(attrs, "name"), *rid = xlsx_attr(attrs, "id"),
		   *state = xlsx_attr(attrs, "state");
	if (strcmp(local, "sheet") != 0 || !sheet_name || !rid)
		return;
	CN_GROW(w->s, w->n, w->cap, 4);
	w->s[w->n++] = (struct sheet){cn_strdup(sheet_name), cn_strdup(rid), state && strcmp(state, "visible") != 0};
}

static void workbook_free(struct workbook *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->s[i].name);
		free(w->s[i].rid);
	}
	free(w->s);
}

/* The sheet named WANTED (the exact name, else the same once folded), or
 * the first visible sheet; NULL with ERR set. */
static const struct sheet *choose_sheet(const struct workbook *w, const char *wanted, cn_error *err)
{
	if (w->n == 0) {
		cn_fail(err, CN_EINVAL, "Tệp %s không có trang tính nào.", w->b->path);
		return NULL;
	}
	if (!wanted) {
		for (size_t i = 0; i < w->n; i++)
			if (!w->s[i].hidden)
				return &w->s[i];
		return &w->s[0];
	}
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->s[i].name, wanted) == 0)
			return &w->s[i];
	for (size_t i = 0; i < w->n; i++)
		if (cn_text_same(w->s[i].name, wanted))
			return &w->s[i];
	cn_buf names = {0};
	for (size_t i = 0; i < w->n; i++)
		cn_buf_printf(&names, "%s«%s»", i ? ", " : "", w->s[i].name);
	cn_fail(err, CN_EINVAL, "Tệp %s không có trang tính «%s». Các trang tính trong tệp: %s", w->b->path, wanted,
		cn_buf_str(&names));
	cn_buf_free(&names);
	return NULL;
}

/* --- shared strings ------------------------------------------------------ */

struct strings {
	xlsx_book *b;
	cn_buf cur;
	bool in_si, in_t, too_long;
	int in_phonetic; /* <rPh>: the reading of East Asian text, not the text */
};

static void push_string(xlsx_book *b, const char *s, bool too_long)
{
	if (b->nstrings == b->capstrings) {
		b->capstrings = b->capstrings ? b->capstrings * 2 : 256;
		b->string_at = cn_reallocarray(b->string_at, b->capstrings, sizeof *b->string_at);
	}
	if (too_long) {
		b->string_at[b->nstrings++] = XLSX_TOO_LONG;
		return;
	}
	b->string_at[b->nstrings++] = (uint32_t)b->strings.len;
	cn_buf_add(&b->strings, s, strlen(s) + 1);
}

static void XMLCALL strings_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
	(void)attrs;
	struct strings *s = data;
	const char *local = xlsx_local(name);
	if (strcmp(local, "si") == 0) {
		s->in_si = true;
		s->too_long = false;
		cn_buf_clear(&s->cur);
	} else if (strcmp(local, "t") == 0) {
		s->in_t = s->in_si;
	} else if (strcmp(local, "rPh") == 0) {
		s->in_phonetic++;
	}
}

static void XMLCALL strings_end(void *data, const XML_Char *name)
{
	struct strings *s = data;
	const char *local = xlsx_local(name);
	if (strcmp(local, "t") == 0) {
		s->in_t = false;
	} else if (strcmp(local, "rPh") == 0) {
		s->in_phonetic--;
	} else if (strcmp(local, "si") == 0) {
		cn_buf_addc(&s->cur, '\0');
		s->cur.len--;
		xlsx_unescape(s->cur.data);
		push_string(s->b, s->cur.data, s->too_long);
		s->in_si = false;
	}
}

static void XMLCALL strings_text(void *data, const XML_Char *text, int len)
{
	struct strings *s = data;
	if (!s->in_t || s->in_phonetic > 0 || s->too_long)
		return;
	if (s->cur.len + (size_t)len > cn_xlsx_limits.cell_bytes)
		s->too_long = true;
	else
		cn_buf_add(&s->cur, text, (size_t)len);
}

static int read_strings(xlsx_book *b, const char *part, cn_error *err)
{
	struct strings s = {.b = b};
	XML_Parser p = xlsx_parser_new(&s);
	XML_SetElementHandler(p, strings_start, strings_end);
	XML_SetCharacterDataHandler(p, strings_text);
	int rc = parse_part(b, part, p, err);
	XML_ParserFree(p);
	cn_buf_free(&s.cur);
	return rc;
}

/* --- the book ----------------------------------------------------------- */

/* Finds the sheet part and the shared strings part, and loads the strings. */
static int read_book(xlsx_book *b, const char *wanted, cn_error *err)
{
	struct rels top, book_rels = {0};
	struct workbook w = {.b = b};
	int rc = read_rels(b, "", &top, err);
	const struct rel *office = rel_of_type(&top, "/officeDocument");
	char *book = office ? resolve("", office->target) : cn_strdup("xl/workbook.xml");
	if (rc == CN_OK) {
		XML_Parser p = xlsx_parser_new(&w);
		XML_SetStartElementHandler(p, workbook_start);
		rc = parse_part(b, book, p, err);
		XML_ParserFree(p);
	}
	if (rc == CN_OK)
		rc = read_rels(b, book, &book_rels, err);
	const struct sheet *sheet = rc == CN_OK ? choose_sheet(&w, wanted, err) : NULL;
	if (rc == CN_OK && !sheet)
		rc = CN_EINVAL;
	for (size_t i = 0; sheet && i < book_rels.n && !b->sheet_part; i++)
		if (strcmp(book_rels.r[i].id, sheet->rid) == 0)
			b->sheet_part = resolve(book, book_rels.r[i].target);
	if (sheet && !b->sheet_part)
		rc = cn_fail(err, CN_EINVAL, "Tệp %s bị hỏng: không tìm thấy nội dung của trang tính «%s»", b->path,
			     sheet->name);
	const struct rel *strings = rc == CN_OK ? rel_of_type(&book_rels, "/sharedStrings") : NULL;
	if (strings) {
		char *part = resolve(book, strings->target);
		rc = read_strings(b, part, err);
		free(part);
	}
	free(book);
	workbook_free(&w);
	rels_free(&top);
	rels_free(&book_rels);
	return rc;
}

/* What a file that is not a zip most likely is. */
static int not_a_workbook(const char *path, cn_error *err)
{
	FILE *f = cn_os_fopen(path, "rb");
	unsigned char magic[4] = {0};
	bool ole = f && fread(magic, 1, 4, f) == 4 && memcmp(magic, "\xD0\xCF\x11\xE0", 4) == 0;
	if (f)
		fclose(f);
	if (ole)
		return cn_fail(err, CN_EINVAL,
			       "Tệp %s là tệp Excel 97-2003 (.xls) hoặc tệp Excel có đặt mật khẩu, dù tên có đuôi .xlsx. "
			       "Hãy mở tệp trong Excel hoặc LibreOffice (bỏ mật khẩu nếu có) và lưu lại dạng \"Sổ làm việc "
			       "Excel (.xlsx)\" hoặc \"CSV UTF-8\".", path);
	return cn_fail(err, CN_EINVAL,
		       "Tệp %s không phải tệp Excel .xlsx đọc được (không phải gói zip, hoặc tệp bị hỏng hay chép thiếu). "
		       "Hãy mở lại tệp gốc trong Excel và lưu lại, hoặc lưu dạng \"CSV UTF-8\".", path);
}

int xlsx_book_open(xlsx_book *b, const char *path, const char *sheet, cn_error *err)
{
	memset(b, 0, sizeof *b);
	b->path = path;
	int zerr = 0;
	b->zip = zip_open(path, ZIP_RDONLY, &zerr);
	if (!b->zip) {
		if (zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ) {
			zip_error_t ze;
			zip_error_init_with_code(&ze, zerr);
			cn_fail(err, zerr == ZIP_ER_NOENT ? CN_ENOTFOUND : CN_EIO, "Không mở được tệp %s: %s", path,
				zip_error_strerror(&ze));
			zip_error_fini(&ze);
			return err ? err->code : CN_EIO;
		}
		return not_a_workbook(path, err);
	}
	int rc = read_book(b, sheet, err);
	if (rc != CN_OK)
		xlsx_book_close(b);
	return rc;
}

void xlsx_book_close(xlsx_book *b)
{
	if (b->zip)
		zip_discard(b->zip);
	free(b->sheet_part);
	cn_buf_free(&b->strings);
	free(b->string_at);
	memset(b, 0, sizeof *b);
}
