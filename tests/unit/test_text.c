#include <stdlib.h>

#include "cnscd/text.h"
#include "cnscd/util.h"
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

/* Appends code point C to B as UTF-8 (C < 0x10000). */
static void put_cp(cn_buf *b, int c)
{
	if (c < 0x80) {
		cn_buf_addc(b, (char)c);
	} else if (c < 0x800) {
		cn_buf_addc(b, (char)(0xC0 | (c >> 6)));
		cn_buf_addc(b, (char)(0x80 | (c & 0x3F)));
	} else {
		cn_buf_addc(b, (char)(0xE0 | (c >> 12)));
		cn_buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
		cn_buf_addc(b, (char)(0x80 | (c & 0x3F)));
	}
}

/* The fast way for Latin text (text_latin.c) and the full way (utf8proc)
 * give the same bytes, widths and hidden characters: a string followed by " €" (which the fast way does
 * not take, and which folds to nothing at the end) goes the full way. */
static void check_same_both_ways(const char *s)
{
	char *with = cn_sprintf("%s \xE2\x82\xAC", s);
	char *fast = cn_text_fold(s), *full = cn_text_fold(with);
	CHECK_STR(fast, full);
	free(fast);
	free(full);
	/* " €" is two columns and nothing hidden: the full way again. */
	CHECK_INT(cn_text_width(with), cn_text_width(s) + 2);
	int cp_fast = 0, cp_full = 0;
	CHECK_INT(cn_text_hidden(s, &cp_fast), cn_text_hidden(with, &cp_full));
	CHECK_INT(cp_fast, cp_full);
	free(with);
	/* A trailing no-break space sends cn_text_clean the full way. */
	with = cn_sprintf("%s\xC2\xA0", s);
	fast = cn_text_clean(s);
	full = cn_text_clean(with);
	if (fast || full) /* both NULL for invalid UTF-8 */
		CHECK_STR(fast, full);
	free(fast);
	free(full);
	free(with);
}

TEST(fold_and_clean_fast_ways_equal_the_full_ways)
{
	static const int ranges[][2] = {{0x20, 0x7F}, {0xC0, 0x250}, {0x300, 0x370}, {0x1E00, 0x1F00}};
	for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
		for (int c = ranges[r][0]; c < ranges[r][1]; c++) {
			cn_buf b = {0};
			put_cp(&b, c);
			check_same_both_ways(cn_buf_str(&b)); /* alone */
			cn_buf_clear(&b);
			cn_buf_adds(&b, "Ng");
			put_cp(&b, c);
			cn_buf_adds(&b, "n  Ấp-");
			put_cp(&b, c);
			cn_buf_adds(&b, "3\t");
			check_same_both_ways(cn_buf_str(&b)); /* within words and spaces */
			cn_buf_free(&b);
		}
	}
	check_same_both_ways("  NGUYỄN   Thị Thuỷ, Đồng-Tháp 0912 ");
	check_same_both_ways("Ho\xcc\x80" "a Bi\xcc\x80nh"); /* decomposed */
	check_same_both_ways("ab\xff" "cd");              /* invalid */
	check_same_both_ways("");
}

/* Issue 18: text typed in the old fonts is recognised, read, and never
 * taken for Unicode; genuine names (foreign ones too) are left alone. */
TEST(legacy_font_text_is_recognised_and_read)
{
	static const struct {
		const char *in;
		enum cn_legacy kind;
		const char *unicode;
	} cases[] = {
		{"NguyÔn V¨n Thö", CN_LEGACY_TCVN3, "Nguyễn Văn Thử"},
		{"TrÇn ThÞ Hoa", CN_LEGACY_TCVN3, "Trần Thị Hoa"},
		{"Lª V¨n §øc", CN_LEGACY_TCVN3, "Lê Văn Đức"},
		{"Nguyeãn Vaên Thöû", CN_LEGACY_VNI, "Nguyễn Văn Thử"},
		{"Phaïm Thò Hoàng", CN_LEGACY_VNI, "Phạm Thị Hồng"},
		{"Ñoã Vaên Ñöùc", CN_LEGACY_VNI, "Đỗ Văn Đức"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(cn_text_legacy(cases[i].in), cases[i].kind);
		char *u = cn_text_legacy_convert(cases[i].in, cases[i].kind);
		CHECK_STR(u, cases[i].unicode);
		free(u);
	}
	static const char *const genuine[] = {
		"Nguyễn Văn Thử", "Hoàng", "Trần Thị Hoa", "José Martí", "Schröder", "Müller", "Đỗ Thị Hà",
		"Lê Thị Thúy", "Ấp Xẻo Gừa", "Hồ sơ dịch vụ công", "Công ty ABC", "Tổ CNSCĐ ấp 3",
	};
	for (size_t i = 0; i < sizeof genuine / sizeof genuine[0]; i++)
		if (cn_text_legacy(genuine[i]) != CN_LEGACY_NONE)
			t_fail(__FILE__, __LINE__, "«%s» taken for legacy font text", genuine[i]);
}
