#include <stdlib.h>

#include "cnscd/text.h"
#include "t.h"

static void check_fold(const char *in, const char *want)
{
	char *f = cn_text_fold(in);
	CHECK_STR(f, want);
	free(f);
}

TEST(fold_removes_marks_case_and_d_stroke)
{
	check_fold("Huyện Hòa Bình", "huyen hoa binh");
	check_fold("Đức", "duc");
	check_fold("ĐỨC", "duc");
	check_fold("Nguyễn Thị Thủy", "nguyen thi thuy");
	/* Two marks on one letter, where unicode61's default keeps one. */
	check_fold("ễ ờ ẵ ự", "e o a u");
	check_fold("  Ấp   Tân-Lập, 3 ", "ap tan lap 3");
}

TEST(fold_treats_both_tone_placements_alike)
{
	CHECK(cn_text_same("Hoà Bình", "Hòa Bình"));
	CHECK(cn_text_same("Thuỷ", "Thủy"));
	CHECK(cn_text_same("Khoẻ", "Khỏe"));
	CHECK(!cn_text_same("Hòa Bình", "Hòa An"));
}

TEST(fold_of_decomposed_input_equals_composed)
{
	/* "Hòa" with o + combining grave (NFD), as some tools write it. */
	check_fold("Ho\xcc\x80" "a", "hoa");
}

TEST(fold_drops_invalid_utf8)
{
	check_fold("ab\xff\xfe" "cd", "abcd");
	check_fold("", "");
}

TEST(clean_normalises_to_nfc_and_collapses_spaces)
{
	char *c = cn_text_clean("  Ho\xcc\x80" "a   B\xc3\xacnh\t ");
	CHECK_STR(c, "Hòa Bình");
	free(c);
	CHECK(cn_text_clean("bad\xff") == NULL);
}

TEST(width_counts_columns_not_bytes)
{
	CHECK_INT(cn_text_width("Hòa Bình"), 8);
	CHECK_INT(cn_text_width("Nguyễn"), 6);
	CHECK_INT(cn_text_width("日本"), 4);
	CHECK_INT(cn_text_width("Ho\xcc\x80" "a"), 3);
}

TEST(ellipsize_cuts_by_columns_with_mark)
{
	char *e = cn_text_ellipsize("Nguyễn Thị Thủy", 8);
	CHECK_STR(e, "Nguyễn …");
	CHECK_INT(cn_text_width(e), 8);
	free(e);
	e = cn_text_ellipsize("日本語", 4);
	CHECK_STR(e, "日…");
	free(e);
	e = cn_text_ellipsize("Ngắn", 10);
	CHECK_STR(e, "Ngắn");
	free(e);
}

TEST(upper_handles_vietnamese)
{
	char *u = cn_text_upper("Ủy ban nhân dân xã Hòa An, đường");
	CHECK_STR(u, "ỦY BAN NHÂN DÂN XÃ HÒA AN, ĐƯỜNG");
	free(u);
}

TEST(utf8_validation)
{
	CHECK(cn_utf8_valid("Việt Nam", strlen("Việt Nam")));
	CHECK(!cn_utf8_valid("\xc3", 1));
	CHECK(!cn_utf8_valid("a\0b", 3));
	CHECK(!cn_utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
}
