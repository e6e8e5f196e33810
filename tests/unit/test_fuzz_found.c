/* Regression tests for bugs the fuzz targets (tests/fuzz) found in the
 * core; the inputs are also in the seed corpora (found-*). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/csv.h"
#include "cnscd/member.h"
#include "cnscd/text.h"
#include "cnscd/validate.h"
#include "t.h"

/* A line of COUNT fields "0,1,2,...". */
static char *columns_line(int count)
{
	cn_buf b = {0};
	for (int i = 0; i < count; i++)
		cn_buf_printf(&b, i ? ",%d" : "%d", i);
	cn_buf_adds(&b, "\nx,y\n");
	return cn_buf_steal(&b);
}

TEST(csv_refuses_exactly_one_column_too_many)
{
	for (int count = CN_CSV_MAX_COLUMNS; count <= CN_CSV_MAX_COLUMNS + 2; count++) {
		char *text = columns_line(count);
		FILE *f = fmemopen(text, strlen(text), "rb");
		cn_csv_reader *r = cn_csv_reader_new(f);
		cn_csv_row row;
		cn_error err = {0};
		int rc = cn_csv_read(r, &row, &err);
		if (count <= CN_CSV_MAX_COLUMNS) {
			CHECK_INT(rc, 1);
			CHECK_INT(row.count, count);
		} else {
			CHECK_INT(rc, CN_EINVAL);
			CHECK_HAS(err.msg, "dòng 1: có quá nhiều cột");
		}
		/* The reader goes on with the next line either way. */
		CHECK_INT(cn_csv_read(r, &row, &err), 1);
		CHECK_INT(row.count, 2);
		CHECK_INT(row.line, 2);
		cn_csv_free(r);
		fclose(f);
		free(text);
	}
}

TEST(long_message_is_cut_between_characters)
{
	cn_buf b = {0};
	for (int i = 0; i < 1500; i++)
		cn_buf_adds(&b, "Đ");
	for (int shift = 0; shift < 4; shift++) {
		char in[3200];
		snprintf(in, sizeof in, "%.*s%s", shift, "xyz", cn_buf_str(&b));
		char out[CN_DATE_LEN];
		cn_error err = {0};
		CHECK_INT(cn_parse_date("Ngày", in, out, &err), CN_EINVAL);
		CHECK(strlen(err.msg) > 1000);
		CHECK(cn_utf8_valid(err.msg, strlen(err.msg)));
	}
	cn_buf_free(&b);
}

/* fuzz_bundle: a bundle's value with bytes that are not UTF-8 (a forged
 * BLOB, an overlong '/', a surrogate) was quoted as is in a refusal. */
TEST(message_quoting_broken_bytes_is_valid_utf8)
{
	const char *values[] = {"\xff\xfe", "a\xc0\xaf" "b", "\xed\xa0\x80", "Hòa\xe1\xba", "\xf4\x90\x80\x80"};
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		cn_error err = {0};
		CHECK_INT(cn_fail(&err, CN_EINVAL, "Tên «%s» không hợp lệ", values[i]), CN_EINVAL);
		CHECK(cn_utf8_valid(err.msg, strlen(err.msg)));
		CHECK_HAS(err.msg, "không hợp lệ");
	}
	cn_error err = {0};
	cn_fail(&err, CN_EINVAL, "Tên «%s»", "Hòa\xe1\xba");
	CHECK_STR(err.msg, "Tên «Hòa??»");
}

TEST(name_of_only_unicode_spaces_is_empty)
{
	static const char *const blanks[] = {"\xC2\xA0", " \xC2\xA0 \xE3\x80\x80\t", "\xE2\x80\xAF"};
	for (size_t i = 0; i < sizeof blanks / sizeof blanks[0]; i++) {
		char *out = (char *)"untouched";
		cn_error err = {0};
		CHECK_INT(cn_parse_text_opt("Ghi chú", blanks[i], 100, &out, &err), CN_OK);
		CHECK(out == NULL);
		CHECK_INT(cn_parse_name("Họ và tên", blanks[i], 100, &out, &err), CN_EINVAL);
		CHECK_HAS(err.msg, "Họ và tên không được để trống");
		CHECK(out == NULL);
	}
	/* A member named so is refused with that message, naming the field. */
	cn_member m = {.full_name = cn_strdup("\xC2\xA0")};
	cn_error err = {0};
	CHECK_INT(cn_member_normalize(&m, &err), CN_EINVAL);
	CHECK_STR(err.field, "full_name");
	CHECK_HAS(err.msg, "không được để trống");
	cn_member_clear(&m);
}
