/* Vietnamese typed in the old 8-bit fonts. Before Unicode, Vietnamese was
 * typed with fonts (.VnTime for TCVN3/ABC, VNI-Times for VNI) that drew
 * Vietnamese letters on the code points of Western letters and symbols.
 * Old Excel files still hold such text; copied out, it arrives as those
 * Western characters: "NguyÔn V¨n Thö" (TCVN3) or "Nguyeãn Vaên Thöû" (VNI)
 * for "Nguyễn Văn Thử". Stored like that it is never found by search.
 *
 * Recognising it: genuine Vietnamese in Unicode uses, of the Latin-1
 * letters, only à á â ã è é ê ì í ò ó ô õ ù ú ý (and capitals), and has
 * letters beyond Latin-1 (ă đ ơ ư, ạ ả ấ...) that the old fonts never
 * produce. Text with none of those but with other Latin-1 characters (¨ ª
 * ö û ñ...) is converted both ways; a way is taken when its result reads as
 * Vietnamese words (every character a Vietnamese letter, at most one tone
 * mark per word) and the other's does not as well. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cnscd/text.h"

/* TCVN3 (ABC): one code point per letter. Capitals with tones were drawn
 * by a separate font on the same code points, so they come out small. */
static const struct {
	unsigned char from;
	const char *to;
} tcvn3[] = {
	{0xA1, "Ă"}, {0xA2, "Â"}, {0xA3, "Ê"}, {0xA4, "Ô"}, {0xA5, "Ơ"}, {0xA6, "Ư"}, {0xA7, "Đ"},
	{0xA8, "ă"}, {0xA9, "â"}, {0xAA, "ê"}, {0xAB, "ô"}, {0xAC, "ơ"}, {0xAD, "ư"}, {0xAE, "đ"},
	{0xB5, "à"}, {0xB6, "ả"}, {0xB7, "ã"}, {0xB8, "á"}, {0xB9, "ạ"},
	{0xBB, "ằ"}, {0xBC, "ẳ"}, {0xBD, "ẵ"}, {0xBE, "ắ"}, {0xC6, "ặ"},
	{0xC7, "ầ"}, {0xC8, "ẩ"}, {0xC9, "ẫ"}, {0xCA, "ấ"}, {0xCB, "ậ"},
	{0xCC, "è"}, {0xCE, "ẻ"}, {0xCF, "ẽ"}, {0xD0, "é"}, {0xD1, "ẹ"},
	{0xD2, "ề"}, {0xD3, "ể"}, {0xD4, "ễ"}, {0xD5, "ế"}, {0xD6, "ệ"},
	{0xD7, "ì"}, {0xD8, "ỉ"}, {0xDC, "ĩ"}, {0xDD, "í"}, {0xDE, "ị"},
	{0xDF, "ò"}, {0xE1, "ỏ"}, {0xE2, "õ"}, {0xE3, "ó"}, {0xE4, "ọ"},
	{0xE5, "ồ"}, {0xE6, "ổ"}, {0xE7, "ỗ"}, {0xE8, "ố"}, {0xE9, "ộ"},
	{0xEA, "ờ"}, {0xEB, "ở"}, {0xEC, "ỡ"}, {0xED, "ớ"}, {0xEE, "ợ"},
	{0xEF, "ù"}, {0xF1, "ủ"}, {0xF2, "ũ"}, {0xF3, "ú"}, {0xF4, "ụ"},
	{0xF5, "ừ"}, {0xF6, "ử"}, {0xF7, "ữ"}, {0xF8, "ứ"}, {0xF9, "ự"},
	{0xFA, "ỳ"}, {0xFB, "ỷ"}, {0xFC, "ỹ"}, {0xFD, "ý"}, {0xFE, "ỵ"},
};

/* VNI: a base letter followed by a mark character; a few letters of
 * their own. Marks as combining characters (composed by NFC after). */
static const struct {
	unsigned char from;
	const char *mark;
} vni_marks[] = {
	{0xF9, "\u0301"}, {0xF8, "\u0300"}, {0xFB, "\u0309"}, {0xF5, "\u0303"}, {0xEF, "\u0323"},
	{0xE2, "\u0302"}, {0xEA, "\u0306"},
	{0xE1, "\u0302\u0301"}, {0xE0, "\u0302\u0300"}, {0xE5, "\u0302\u0309"}, {0xE3, "\u0302\u0303"},
	{0xE4, "\u0302\u0323"},
	{0xE9, "\u0306\u0301"}, {0xE8, "\u0306\u0300"}, {0xFA, "\u0306\u0309"}, {0xFC, "\u0306\u0303"},
	{0xEB, "\u0306\u0323"},
	{0xD9, "\u0301"}, {0xD8, "\u0300"}, {0xDB, "\u0309"}, {0xD5, "\u0303"}, {0xCF, "\u0323"},
	{0xC2, "\u0302"}, {0xCA, "\u0306"},
	{0xC1, "\u0302\u0301"}, {0xC0, "\u0302\u0300"}, {0xC5, "\u0302\u0309"}, {0xC3, "\u0302\u0303"},
	{0xC4, "\u0302\u0323"},
	{0xC9, "\u0306\u0301"}, {0xC8, "\u0306\u0300"}, {0xDA, "\u0306\u0309"}, {0xDC, "\u0306\u0303"},
	{0xCB, "\u0306\u0323"},
};

static const struct {
	unsigned char from;
	const char *to;
} vni_letters[] = {
	{0xF4, "ơ"}, {0xF6, "ư"}, {0xF1, "đ"}, {0xD4, "Ơ"}, {0xD6, "Ư"}, {0xD1, "Đ"},
	{0xED, "í"}, {0xEC, "ì"}, {0xE6, "ỉ"}, {0xF3, "ĩ"}, {0xF2, "ị"},
	{0xCD, "Í"}, {0xCC, "Ì"}, {0xC6, "Ỉ"}, {0xD3, "Ĩ"}, {0xD2, "Ị"},
};

/* The Latin-1 letters Vietnamese itself uses. */
static bool vietnamese_latin1(int c)
{
	static const char letters[] = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý";
	if (c < 0xA0 || c > 0xFF)
		return false;
	utf8proc_uint8_t buf[4];
	utf8proc_ssize_t n = utf8proc_encode_char(c, buf);
	for (const char *p = letters; *p; p += 2)
		if (n == 2 && memcmp(p, buf, 2) == 0)
			return true;
	return false;
}

/* Letters beyond Latin-1 that only Unicode Vietnamese has. */
static bool vietnamese_beyond(int c)
{
	return c == 0x102 || c == 0x103 || c == 0x110 || c == 0x111 || c == 0x128 || c == 0x129 || c == 0x168 ||
	       c == 0x169 || c == 0x1A0 || c == 0x1A1 || c == 0x1AF || c == 0x1B0 || (c >= 0x1EA0 && c <= 0x1EF9);
}

static const char *tcvn3_of(int c)
{
	for (size_t i = 0; i < sizeof tcvn3 / sizeof tcvn3[0]; i++)
		if (tcvn3[i].from == c)
			return tcvn3[i].to;
	return NULL;
}

static bool is_vowel(int c)
{
	if (c < 0x80)
		return c && strchr("aeiouyAEIOUY", c) != NULL;
	return c == 0x1A1 || c == 0x1B0 || c == 0x1A0 || c == 0x1AF || vietnamese_latin1(c);
}

static void add_cp(cn_buf *b, int c)
{
	utf8proc_uint8_t tmp[4];
	utf8proc_ssize_t n = utf8proc_encode_char(c, tmp);
	cn_buf_add(b, (const char *)tmp, (size_t)n);
}

/* Code point at S (advancing it); -1 at the end. */
static int next_cp(const char **s)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)*s, -1, &c);
	if (!**s || n <= 0)
		return -1;
	*s += n;
	return c;
}

static char *nfc_of(cn_buf *b)
{
	char *raw = cn_buf_steal(b);
	char *clean = cn_text_clean(raw);
	free(raw);
	return clean ? clean : cn_strdup("");
}

static char *convert_tcvn3(const char *s)
{
	cn_buf b = {0};
	for (int c; (c = next_cp(&s)) >= 0;) {
		const char *to = c >= 0xA0 && c <= 0xFF ? tcvn3_of(c) : NULL;
		if (to)
			cn_buf_adds(&b, to);
		else
			add_cp(&b, c);
	}
	return nfc_of(&b);
}

static char *convert_vni(const char *s)
{
	cn_buf b = {0};
	int prev = 0;
	for (int c; (c = next_cp(&s)) >= 0; ) {
		const char *out = NULL;
		int now = c;
		for (size_t i = 0; is_vowel(prev) && i < sizeof vni_marks / sizeof vni_marks[0] && !out; i++)
			if (vni_marks[i].from == c)
				out = vni_marks[i].mark;
		if (out) {
			cn_buf_adds(&b, out);
			now = 0; /* a mark ends the letter */
		}
		for (size_t i = 0; !out && i < sizeof vni_letters / sizeof vni_letters[0]; i++)
			if (vni_letters[i].from == c) {
				out = vni_letters[i].to;
				cn_buf_adds(&b, out);
				now = c == 0xF4 ? 0x1A1 : c == 0xF6 ? 0x1B0 : c == 0xD4 ? 0x1A0 : c == 0xD6 ? 0x1AF : 0;
			}
		if (!out)
			add_cp(&b, c);
		prev = now;
	}
	return nfc_of(&b);
}

/* How far S (NFC) is from reading as Vietnamese: characters no Vietnamese
 * word has, and words with more than one tone. 0 reads well. */
static int oddness(const char *s)
{
	int odd = 0, tones = 0;
	for (int c; (c = next_cp(&s)) >= 0;) {
		if (c == ' ') {
			odd += tones > 1;
			tones = 0;
			continue;
		}
		if (c >= 0xA0 && c <= 0xFF && !vietnamese_latin1(c))
			odd++;
		if (c >= 0x80) {
			utf8proc_int32_t d[4];
			utf8proc_ssize_t n = utf8proc_decompose_char(c, d, 4, UTF8PROC_DECOMPOSE, NULL);
			for (utf8proc_ssize_t i = 1; i < n; i++)
				tones += d[i] == 0x300 || d[i] == 0x301 || d[i] == 0x303 || d[i] == 0x309 || d[i] == 0x323;
		}
	}
	return odd + (tones > 1);
}

enum cn_legacy cn_text_legacy(const char *s)
{
	int foreign = 0, prev = 0;
	bool symbol = false, vni_mark = false;
	for (const char *p = s; *p;) {
		int c = next_cp(&p);
		if (c < 0)
			return CN_LEGACY_NONE;
		if (vietnamese_beyond(c))
			return CN_LEGACY_NONE; /* Unicode Vietnamese */
		if (c > 0xA0 && c <= 0xFF && !vietnamese_latin1(c)) {
			foreign++;
			/* ¨ © ª « ¬ µ ¶ ·..., × ÷: no name of any language has them. */
			symbol |= c <= 0xBF || c == 0xD7 || c == 0xF7;
			/* A vowel and then ï ø û å ä ë ü: how VNI puts a tone. */
			vni_mark |= prev < 0x80 && is_vowel(prev) && strchr("\xEF\xF8\xFB\xE5\xE4\xEB\xFC\xCF\xD8\xDB\xC5\xC4\xCB\xDC",
							       c) != NULL;
		}
		prev = c;
	}
	/* One ö alone may be a German name; two, a symbol or a VNI tone are not. */
	if (foreign < 2 && !symbol && !vni_mark)
		return CN_LEGACY_NONE;
	char *t = convert_tcvn3(s), *v = convert_vni(s);
	int ot = oddness(t), ov = oddness(v), os = oddness(s);
	free(t);
	free(v);
	/* A vowel carrying a VNI tone decides a tie ("Phaïm" reads both ways). */
	if (vni_mark && ov == 0)
		return CN_LEGACY_VNI;
	if (ot == 0 && (ov > 0 || os > 0))
		return CN_LEGACY_TCVN3;
	if (ov == 0 && (ot > 0 || os > 0))
		return CN_LEGACY_VNI;
	return CN_LEGACY_NONE;
}

char *cn_text_legacy_convert(const char *s, enum cn_legacy kind)
{
	if (kind == CN_LEGACY_TCVN3)
		return convert_tcvn3(s);
	if (kind == CN_LEGACY_VNI)
		return convert_vni(s);
	return cn_strdup(s);
}

const char *cn_text_legacy_name(enum cn_legacy kind)
{
	return kind == CN_LEGACY_TCVN3 ? "TCVN3 (ABC, phông .Vn…)" : kind == CN_LEGACY_VNI ? "VNI (phông VNI-…)" : "";
}

static struct {
	bool convert;
	long converted;
} legacy_mode;

void cn_text_legacy_set_convert(bool convert)
{
	legacy_mode.convert = convert;
	legacy_mode.converted = 0;
}

bool cn_text_legacy_converting(void)
{
	return legacy_mode.convert;
}

void cn_text_legacy_count(void)
{
	legacy_mode.converted++;
}

long cn_text_legacy_converted(void)
{
	return legacy_mode.converted;
}
