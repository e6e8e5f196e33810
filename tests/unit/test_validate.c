#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnscd/util.h"
#include "cnscd/validate.h"
#include "t.h"

TEST(dates_in_both_forms)
{
	char out[CN_DATE_LEN];
	cn_error err = {0};
	CHECK_INT(cn_parse_date("Ngày", "05/12/2026", out, &err), CN_OK);
	CHECK_STR(out, "2026-12-05");
	CHECK_INT(cn_parse_date("Ngày", "5/1/2026", out, &err), CN_OK);
	CHECK_STR(out, "2026-01-05");
	CHECK_INT(cn_parse_date("Ngày", "2024-02-29", out, &err), CN_OK);
	CHECK_STR(out, "2024-02-29");
	CHECK_INT(cn_parse_date("Ngày", " 01.07.2025 ", out, &err), CN_OK);
	CHECK_STR(out, "2025-07-01");
	char shown[CN_DATE_LEN];
	cn_date_display("2025-07-01", shown);
	CHECK_STR(shown, "01/07/2025");
}

/* What people type at a workshop: the day and month, the year of two
 * digits. */
TEST(short_dates_take_this_year_or_century)
{
	char out[CN_DATE_LEN], want[32];
	cn_error err = {0};
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	int year = tm.tm_year + 1900;
	CHECK_INT(cn_parse_date("Ngày", "6/12", out, &err), CN_OK);
	snprintf(want, sizeof want, "%04d-12-06", year % 10000);
	CHECK_STR(out, want);
	CHECK_INT(cn_parse_date("Ngày", " 06.12 ", out, &err), CN_OK);
	CHECK_STR(out, want);
	CHECK_INT(cn_parse_date("Ngày", "6/12/26", out, &err), CN_OK);
	CHECK_STR(out, "2026-12-06");
	CHECK_INT(cn_parse_date("Ngày", "1-7-25", out, &err), CN_OK);
	CHECK_STR(out, "2025-07-01");
	/* Far ahead is the last century: a founding date, not a plan. */
	CHECK_INT(cn_parse_date("Ngày", "2/9/85", out, &err), CN_OK);
	CHECK_STR(out, "1985-09-02");
	CHECK_INT(cn_parse_date_opt("Ngày", "29/2", out, &err), year % 4 == 0 && (year % 100 || year % 400 == 0)
									     ? CN_OK : CN_EINVAL);
}

TEST(bad_dates_are_refused_with_the_field_named)
{
	char out[CN_DATE_LEN];
	cn_error err = {0};
	CHECK_INT(cn_parse_date("Ngày thành lập", "31/02/2026", out, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "Ngày thành lập");
	CHECK_HAS(err.msg, "31/02/2026");
	CHECK_HAS(err.msg, "không phải là ngày có thật");
	CHECK_INT(cn_parse_date("Ngày", "2023-02-29", out, &err), CN_EINVAL);
	CHECK_INT(cn_parse_date("Ngày", "12/2026", out, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "dd/mm/yyyy");
	CHECK_INT(cn_parse_date("Ngày", "05/12/202", out, &err), CN_EINVAL);
	CHECK_INT(cn_parse_date("Ngày", "5/12/", out, &err), CN_EINVAL);
	CHECK_INT(cn_parse_date("Ngày", "5/12-26", out, &err), CN_EINVAL);
	CHECK_INT(cn_parse_date("Ngày", "32/1", out, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "không phải là ngày có thật");
	CHECK_INT(cn_parse_date("Ngày", "05-12/2026", out, &err), CN_EINVAL);
	CHECK_INT(cn_parse_date("Ngày", "", out, &err), CN_EINVAL);
	CHECK_INT(cn_parse_date_opt("Ngày", "  ", out, &err), CN_OK);
	CHECK_STR(out, "");
}

TEST(phones_are_normalised)
{
	char out[CN_PHONE_LEN];
	cn_error err = {0};
	CHECK_INT(cn_parse_phone("0912 345 678", out, &err), CN_OK);
	CHECK_STR(out, "0912345678");
	CHECK_INT(cn_parse_phone("+84 912.345.678", out, &err), CN_OK);
	CHECK_STR(out, "0912345678");
	CHECK_INT(cn_parse_phone("84912345678", out, &err), CN_OK);
	CHECK_STR(out, "0912345678");
	CHECK_INT(cn_parse_phone("0291 3851234", out, &err), CN_OK);
	CHECK_STR(out, "02913851234");
	CHECK_INT(cn_parse_phone("", out, &err), CN_OK);
	CHECK_STR(out, "");
}

TEST(bad_phones_are_refused)
{
	char out[CN_PHONE_LEN];
	cn_error err = {0};
	const char *bad[] = {"123", "091234567", "09123456789", "1912345678", "0012345678", "09x2345678",
			     "+1 912345678", "0912345678901234567890123456789"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cn_error_clear(&err);
		if (cn_parse_phone(bad[i], out, &err) != CN_EINVAL)
			t_fail(__FILE__, __LINE__, "phone «%s» accepted", bad[i]);
		CHECK_HAS(err.msg, "Số điện thoại");
		CHECK_STR(err.field, "phone");
	}
}

TEST(id_numbers_need_twelve_digits)
{
	char out[CN_IDNUM_LEN];
	cn_error err = {0};
	CHECK_INT(cn_parse_id_number(" 095123456789 ", out, &err), CN_OK);
	CHECK_STR(out, "095123456789");
	CHECK_INT(cn_parse_id_number("09512345678", out, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "12 chữ số");
	CHECK_INT(cn_parse_id_number("09512345678a", out, &err), CN_EINVAL);
	CHECK_INT(cn_parse_id_number("", out, &err), CN_OK);
}

TEST(birth_years_must_be_plausible)
{
	int y;
	cn_error err = {0};
	time_t now = time(NULL);
	int year = localtime(&now)->tm_year + 1900;
	char buf[16];
	CHECK_INT(cn_parse_birth_year("1980", &y, &err), CN_OK);
	CHECK_INT(y, 1980);
	snprintf(buf, sizeof buf, "%d", year);
	CHECK_INT(cn_parse_birth_year(buf, &y, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "Năm sinh");
	CHECK_INT(cn_parse_birth_year("1850", &y, &err), CN_EINVAL);
	CHECK_INT(cn_parse_birth_year("19a0", &y, &err), CN_EINVAL);
	CHECK_INT(cn_parse_birth_year("", &y, &err), CN_OK);
	CHECK_INT(y, 0);
}

TEST(names_roles_and_genders)
{
	char *s = NULL;
	int v;
	cn_error err = {0};
	CHECK_INT(cn_parse_name("Họ và tên", "   ", 100, &s, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "Họ và tên không được để trống");
	CHECK_INT(cn_parse_name("Họ và tên", " Lê  Văn Tám ", 100, &s, &err), CN_OK);
	CHECK_STR(s, "Lê Văn Tám");
	free(s);
	CHECK_INT(cn_parse_name("Họ và tên", "a\x01" "b", 100, &s, &err), CN_EINVAL);
	CHECK_INT(cn_parse_role("tổ TRƯỞNG", &v, &err), CN_OK);
	CHECK_INT(v, CN_ROLE_LEADER);
	CHECK_INT(cn_parse_role("to pho", &v, &err), CN_OK);
	CHECK_INT(v, CN_ROLE_DEPUTY);
	CHECK_INT(cn_parse_role("", &v, &err), CN_OK);
	CHECK_INT(v, CN_ROLE_MEMBER);
	CHECK_INT(cn_parse_role("chủ tịch", &v, &err), CN_EINVAL);
	CHECK_INT(cn_parse_gender("NỮ", &v, &err), CN_OK);
	CHECK_INT(v, CN_GENDER_FEMALE);
	CHECK_INT(cn_parse_gender("nam", &v, &err), CN_OK);
	CHECK_INT(v, CN_GENDER_MALE);
	CHECK_INT(cn_parse_gender("x", &v, &err), CN_EINVAL);
}

TEST(periods)
{
	char p[8];
	cn_error err = {0};
	CHECK_INT(cn_parse_period("Kỳ", "2026-11", p, &err), CN_OK);
	CHECK_STR(p, "2026-11");
	CHECK_INT(cn_parse_period("Kỳ", "3/2026", p, &err), CN_OK);
	CHECK_STR(p, "2026-03");
	CHECK_INT(cn_parse_period("Kỳ", "2026-13", p, &err), CN_EINVAL);
}

/* Issue 18: what acts instead of showing never gets in. */
TEST(names_refuse_controls_bidi_zero_width_and_stacked_marks)
{
	static const struct {
		const char *in, *why;
	} bad[] = {
		{"Nguyễn\x1B]0;pwned\x07 An", "ký tự điều khiển (U+001B)"},
		{"An\x1B]52;c;ZWNobyBwd25lZA==\x07", "ký tự điều khiển (U+001B)"},
		{"Nguyễn \xC2\x9B" "31m An", "ký tự điều khiển (U+009B)"},
		{"Nguyễn An\xE2\x80\xAE" "nÁ", "ký tự đảo chiều chữ (U+202E)"},
		{"Nguyễn\xE2\x81\xA6 An", "ký tự đảo chiều chữ (U+2066)"},
		{"Ngu\xE2\x80\x8Byễn An", "ký tự vô hình (U+200B)"},
		{"Nguyễn\xEF\xBB\xBF An", "ký tự vô hình (U+FEFF)"},
		{"An\xE2\x80\xA8" "Bình", "ký tự vô hình (U+2028)"},
		{"A\xCC\x81\xCC\x81\xCC\x81\xCC\x81\xCC\x81", "quá nhiều dấu chồng lên một chữ"},
	};
	cn_error err = {0};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *out = NULL;
		CHECK_INT(cn_parse_name("Họ và tên", bad[i].in, 100, &out, &err), CN_EINVAL);
		CHECK(out == NULL);
		CHECK_HAS(err.msg, "Họ và tên chứa");
		CHECK_HAS(err.msg, bad[i].why);
	}
	/* Line breaks and tabs are spacing, cleaned to one space. */
	char *out = NULL;
	CHECK_INT(cn_parse_name("Họ và tên", "Nguyễn\tVăn\r\nAn", 100, &out, &err), CN_OK);
	CHECK_STR(out, "Nguyễn Văn An");
	free(out);
}

TEST(text_length_counts_bytes_and_characters_not_only_columns)
{
	/* One letter and 50,000 combining accents: one column, 100 KB. */
	cn_buf b = {0};
	cn_buf_adds(&b, "A");
	for (int i = 0; i < 50000; i++)
		cn_buf_adds(&b, i % 2 ? "\xCC\x80" : "\xCC\x81");
	cn_error err = {0};
	char *out = NULL;
	CHECK_INT(cn_parse_text_opt("Ghi chú", cn_buf_str(&b), 1000, &out, &err), CN_EINVAL);
	CHECK(out == NULL);
	cn_buf_free(&b);
	/* 101 letters are one too many; 100 with full marks fit. */
	char name[512] = "";
	for (int i = 0; i < 101; i++)
		strcat(name, "a");
	CHECK_INT(cn_parse_name("Họ và tên", name, 100, &out, &err), CN_EINVAL);
	CHECK_HAS(err.msg, "dài quá 100 ký tự");
	name[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(name, "ễ");
	CHECK_INT(cn_parse_name("Họ và tên", name, 100, &out, &err), CN_OK);
	free(out);
}
