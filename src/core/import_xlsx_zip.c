/* The zip side of reading a workbook: its parts, read chunk by chunk
 * within the limits, and the expat parsers that read them. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_xlsx_internal.h"

struct cn_xlsx_limits cn_xlsx_limits = {200ULL * 1024 * 1024, 1000, 1024 * 1024};

void xlsx_size_text(uint64_t bytes, char out[32])
{
	if (bytes >= 1024 * 1024)
		snprintf(out, 32, "%llu MB", (unsigned long long)(bytes / (1024 * 1024)));
	else
		snprintf(out, 32, "%llu KB", (unsigned long long)(bytes / 1024));
}

static int too_big(xlsx_book *b, const char *name, cn_error *err)
{
	char limit[32];
	xlsx_size_text(cn_xlsx_limits.part_bytes, limit);
	return cn_fail(err, CN_EIO,
		       "Tệp %s: phần %s khi giải nén lớn hơn %s, quá giới hạn đọc. Tệp có thể bị hỏng hoặc cố ý làm "
		       "hại; nếu dữ liệu thật sự lớn như vậy, hãy chia nhỏ tệp hoặc lưu thành CSV UTF-8.",
		       b->path, name, limit);
}

int xlsx_part_open(xlsx_book *b, const char *name, xlsx_part *p, cn_error *err)
{
	memset(p, 0, offsetof(xlsx_part, buf));
	/* Part names of the package compare without regard to case. */
	zip_int64_t i = zip_name_locate(b->zip, name, ZIP_FL_NOCASE);
	if (i < 0)
		return cn_fail(err, CN_ENOTFOUND, "Tệp %s bị hỏng hoặc không phải sổ làm việc Excel: thiếu phần %s",
			       b->path, name);
	zip_stat_t st;
	if (zip_stat_index(b->zip, (zip_uint64_t)i, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size > cn_xlsx_limits.part_bytes)
		return too_big(b, name, err);
	p->file = zip_fopen_index(b->zip, (zip_uint64_t)i, 0);
	if (!p->file)
		return cn_fail(err, CN_EIO, "Tệp %s bị hỏng: không giải nén được phần %s (%s)", b->path, name,
			       zip_strerror(b->zip));
	p->name = cn_strdup(name);
	return CN_OK;
}

long xlsx_part_read(xlsx_book *b, xlsx_part *p, cn_error *err)
{
	/* The size in the zip's directory may lie: count what comes out. */
	zip_int64_t n = zip_fread(p->file, p->buf, sizeof p->buf);
	if (n < 0)
		return cn_fail(err, CN_EIO, "Tệp %s bị hỏng: không giải nén được phần %s (%s)", b->path, p->name,
			       zip_file_strerror(p->file));
	p->read += (uint64_t)n;
	if (p->read > cn_xlsx_limits.part_bytes)
		return too_big(b, p->name, err);
	return (long)n;
}

void xlsx_part_close(xlsx_part *p)
{
	if (p->file)
		zip_fclose(p->file);
	free(p->name);
	memset(p, 0, offsetof(xlsx_part, buf));
}

int xlsx_xml_failed(xlsx_book *b, const xlsx_part *p, XML_Parser parser, cn_error *err)
{
	return cn_fail(err, CN_EIO, "Tệp %s bị hỏng: phần %s không phải XML hợp lệ (dòng %lu: %s)", b->path, p->name,
		       (unsigned long)XML_GetCurrentLineNumber(parser), XML_ErrorString(XML_GetErrorCode(parser)));
}

XML_Parser xlsx_parser_new(void *data)
{
	/* Our allocator: out of memory ends the program with a message, so
	 * expat never sees NULL. */
	static const XML_Memory_Handling_Suite memory = {cn_malloc, cn_realloc, free};
	XML_Parser p = XML_ParserCreate_MM(NULL, &memory, "|");
	if (!p) {
		fputs("cnscd: hết bộ nhớ\n", stderr);
		abort();
	}
	XML_SetUserData(p, data);
	return p;
}

const char *xlsx_local(const XML_Char *name)
{
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

const char *xlsx_attr(const XML_Char **attrs, const char *local)
{
	for (int i = 0; attrs[i]; i += 2)
		if (strcmp(xlsx_local(attrs[i]), local) == 0)
			return attrs[i + 1];
	return NULL;
}
