/* libFuzzer target: the parsers of what users type or import
 * (src/core/validate.c): dates, months, phone, citizen ID, birth year,
 * names, free text, gender and role. Besides not crashing, each accepted
 * value must come out in its normal form and parse again to itself, and each
 * refusal must come with a message that is valid UTF-8 when the input was. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/text.h"
#include "cnscd/validate.h"

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_validate: broken promise: %s\n", what);
		abort();
	}
}

static int all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* After a refusal: a message, readable if the input was. */
static void check_refusal(const char *in, const cn_error *err)
{
	check(err->msg[0] != '\0', "a refusal has a message");
	if (cn_utf8_valid(in, strlen(in)))
		check(cn_utf8_valid(err->msg, strlen(err->msg)), "the message is valid UTF-8");
}

static void dates(const char *s)
{
	char out[CN_DATE_LEN], again[CN_DATE_LEN], shown[CN_DATE_LEN];
	cn_error err = {0};
	if (cn_parse_date("Ngày", s, out, &err) == CN_OK) {
		check(strlen(out) == 10 && out[4] == '-' && out[7] == '-', "a date comes out as yyyy-mm-dd");
		check(cn_parse_date("Ngày", out, again, &err) == CN_OK && strcmp(out, again) == 0, "ISO parses to itself");
		cn_date_display(out, shown);
		check(cn_parse_date("Ngày", shown, again, &err) == CN_OK && strcmp(out, again) == 0,
		      "dd/mm/yyyy parses back to the same date");
	} else {
		check_refusal(s, &err);
	}
	cn_parse_date_opt("Ngày", s, out, &err);
	cn_date_display(s, shown);
	check(strlen(shown) <= 10, "display fits");
	char period[8];
	if (cn_parse_period("Tháng", s, period, &err) == CN_OK)
		check(strlen(period) == 7 && period[4] == '-', "a month comes out as yyyy-mm");
}

static void numbers(const char *s)
{
	char phone[CN_PHONE_LEN], again[CN_PHONE_LEN], id[CN_IDNUM_LEN];
	cn_error err = {0};
	if (cn_parse_phone(s, phone, &err) == CN_OK) {
		if (phone[0]) {
			check((all_digits(phone, 10) || all_digits(phone, 11)) && phone[0] == '0', "a phone is 0 + digits");
			check(cn_parse_phone(phone, again, &err) == CN_OK && strcmp(phone, again) == 0,
			      "a phone parses to itself");
		}
	} else {
		check_refusal(s, &err);
	}
	if (cn_parse_id_number(s, id, &err) == CN_OK)
		check(id[0] == '\0' || all_digits(id, 12), "an ID is 12 digits");
	else
		check_refusal(s, &err);
	int year = -1;
	if (cn_parse_birth_year(s, &year, &err) == CN_OK)
		check(year == 0 || (year >= 1900 && year <= 2100), "a birth year is a plausible year");
	else
		check_refusal(s, &err);
}

static void words(const char *s)
{
	cn_error err = {0};
	char *out = NULL;
	if (cn_parse_name("Họ và tên", s, 100, &out, &err) == CN_OK) {
		check(out && *out && cn_utf8_valid(out, strlen(out)), "a name is non-empty valid UTF-8");
		char *again = cn_text_clean(out);
		check(again && strcmp(again, out) == 0, "a cleaned name is clean");
		free(again);
	} else {
		check_refusal(s, &err);
	}
	free(out);
	out = NULL;
	if (cn_parse_text_opt("Ghi chú", s, 1000, &out, &err) == CN_OK)
		check(!out || cn_utf8_valid(out, strlen(out)), "a text is valid UTF-8");
	free(out);
	int v = -1;
	if (cn_parse_gender(s, &v, &err) == CN_OK)
		check(v >= 0 && v <= 2 && cn_gender_name(v), "a gender is 0..2");
	if (cn_parse_role(s, &v, &err) == CN_OK)
		check(v >= 1 && v <= 3 && cn_role_name(v), "a role is 1..3");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0'; /* the API takes C strings: a NUL ends the value */
	dates(s);
	numbers(s);
	words(s);
	free(s);
	return 0;
}
