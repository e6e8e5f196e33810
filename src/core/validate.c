#include "cnscd/validate.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnscd/text.h"
#include "cnscd/today.h"

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Reads 1..MAXD digits at *P into *OUT, advancing *P. */
static bool read_num(const char **p, int maxd, int *out)
{
	int n = 0, v = 0;
	while (isdigit((unsigned char)**p) && n < maxd) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n == 0 || isdigit((unsigned char)**p))
		return false;
	*out = v;
	return true;
}

/* snprintf into a roomy buffer, then copy: GCC cannot see that the
 * numbers were range-checked and warns about truncation otherwise. */
static void put_ymd(char *out, size_t size, int y, int m, int d)
{
	char tmp[48];
	if (d)
		snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	else
		snprintf(tmp, sizeof tmp, "%04d-%02d", y, m);
	snprintf(out, size, "%.*s", (int)size - 1, tmp);
}

static int this_year(void)
{
	struct tm tm;
	cn_today_tm(&tm);
	return tm.tm_year + 1900;
}

/* The year of "d/m/yy": this century, unless that is more than 20 years
 * ahead of this year ("5/3/85" is 1985, "5/3/26" is 2026). */
static int full_year(int yy)
{
	int now = this_year(), y = now / 100 * 100 + yy;
	return y > now + 20 ? y - 100 : y;
}

/* "d/m" (this year), "d/m/yy" or "d/m/yyyy", with one separator of '/',
 * '-' or '.' throughout, the whole of *P. */
static bool read_day_month_year(const char **p, int *d, int *m, int *y)
{
	if (!read_num(p, 2, d) || (**p != '/' && **p != '-' && **p != '.'))
		return false;
	char sep = *(*p)++;
	if (!read_num(p, 2, m))
		return false;
	if (**p == '\0') {
		*y = this_year();
		return true;
	}
	if (*(*p)++ != sep)
		return false;
	const char *start = *p;
	if (!read_num(p, 4, y) || **p != '\0')
		return false;
	size_t digits = (size_t)(*p - start);
	if (digits == 2)
		*y = full_year(*y);
	return digits == 2 || digits == 4;
}

int cn_parse_date(const char *label, const char *in, char out[CN_DATE_LEN], cn_error *err)
{
	char *s = cn_trim_dup(in);
	const char *p = s;
	int d = 0, m = 0, y = 0;
	bool ok;
	out[0] = '\0';
	if (!*s) {
		free(s);
		return cn_fail_field(err, NULL, CN_EINVAL, "%s: chưa nhập ngày (dạng dd/mm/yyyy)", label);
	}
	/* yyyy-mm-dd (as spreadsheets and other tools write it) */
	if (strlen(s) >= 8 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[3]) && s[4] == '-') {
		ok = read_num(&p, 4, &y) && *p++ == '-' && read_num(&p, 2, &m) && *p++ == '-' &&
		     read_num(&p, 2, &d) && *p == '\0';
	} else {
		ok = read_day_month_year(&p, &d, &m, &y);
	}
	if (!ok) {
		cn_fail_field(err, NULL, CN_EINVAL,
			      "%s «%s» không đúng dạng ngày dd/mm/yyyy (ví dụ 05/12/2026; gõ tắt được 5/12 cho năm "
			      "nay, 5/12/26)",
			      label, s);
		free(s);
		return CN_EINVAL;
	}
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
		cn_fail_field(err, NULL, CN_EINVAL, "%s «%s» không phải là ngày có thật", label, s);
		free(s);
		return CN_EINVAL;
	}
	put_ymd(out, CN_DATE_LEN, y, m, d);
	free(s);
	return CN_OK;
}

int cn_parse_date_opt(const char *label, const char *in, char out[CN_DATE_LEN], cn_error *err)
{
	if (cn_str_empty(in)) {
		out[0] = '\0';
		return CN_OK;
	}
	return cn_parse_date(label, in, out, err);
}

/* True for exactly "dddd-dd-dd". */
static bool plain_iso_date(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return false;
	return s[10] == '\0';
}

void cn_date_display(const char *iso, char out[CN_DATE_LEN])
{
	int y, m, d;
	out[0] = '\0';
	/* The usual case without sscanf: reports convert a date per row. */
	if (iso && plain_iso_date(iso)) {
		memcpy(out, iso + 8, 2);
		out[2] = '/';
		memcpy(out + 3, iso + 5, 2);
		out[5] = '/';
		memcpy(out + 6, iso, 4);
		out[10] = '\0';
		return;
	}
	if (iso && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && y >= 0 && m >= 0 && d >= 0) {
		char tmp[48];
		snprintf(tmp, sizeof tmp, "%02d/%02d/%04d", d % 100, m % 100, y % 10000);
		memcpy(out, tmp, CN_DATE_LEN - 1);
		out[CN_DATE_LEN - 1] = '\0';
	}
}

void cn_date_today(char out[CN_DATE_LEN])
{
	cn_today_iso(out);
}

int cn_parse_period(const char *label, const char *in, char out[8], cn_error *err)
{
	char *s = cn_trim_dup(in);
	const char *p = s;
	int y = 0, m = 0;
	bool ok;
	if (strlen(s) == 7 && s[4] == '-')
		ok = read_num(&p, 4, &y) && *p++ == '-' && read_num(&p, 2, &m) && *p == '\0';
	else
		ok = read_num(&p, 2, &m) && (*p == '/' || *p == '-') && (p++, read_num(&p, 4, &y)) && *p == '\0';
	if (!ok || y < 1900 || y > 2100 || m < 1 || m > 12) {
		cn_fail_field(err, NULL, CN_EINVAL, "%s «%s» không đúng dạng tháng yyyy-mm (ví dụ 2026-11)", label, s);
		free(s);
		return CN_EINVAL;
	}
	put_ymd(out, 8, y, m, 0);
	free(s);
	return CN_OK;
}

int cn_parse_phone(const char *in, char out[CN_PHONE_LEN], cn_error *err)
{
	char digits[32];
	size_t n = 0;
	bool plus = false, bad = false;
	out[0] = '\0';
	if (cn_str_empty(in))
		return CN_OK;
	const char *p = in;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+') {
		plus = true;
		p++;
	}
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n + 1 >= sizeof digits) {
				bad = true;
				break;
			}
			digits[n++] = *p;
		} else if (!(*p == ' ' || *p == '.' || *p == '-' || *p == '(' || *p == ')')) {
			bad = true;
			break;
		}
	}
	digits[n] = '\0';
	const char *local = digits;
	char buf[32];
	if (!bad && (plus || (n == 11 && strncmp(digits, "84", 2) == 0) ||
		     (n == 12 && strncmp(digits, "842", 3) == 0))) {
		if (strncmp(digits, "84", 2) != 0) {
			bad = true;
		} else {
			snprintf(buf, sizeof buf, "0%s", digits + 2);
			local = buf;
		}
	}
	size_t len = strlen(local);
	if (!bad && local[0] == '0' &&
	    ((len == 10 && local[1] != '0' && local[1] != '1') || (len == 11 && local[1] == '2'))) {
		snprintf(out, CN_PHONE_LEN, "%s", local);
		return CN_OK;
	}
	char *shown = cn_trim_dup(in);
	cn_fail_field(err, "phone", CN_EINVAL,
		      "Số điện thoại «%s» không hợp lệ: cần 10 chữ số bắt đầu bằng 0 "
		      "(số bàn 11 chữ số bắt đầu bằng 02), hoặc dạng +84…", shown);
	free(shown);
	return CN_EINVAL;
}

int cn_parse_id_number(const char *in, char out[CN_IDNUM_LEN], cn_error *err)
{
	out[0] = '\0';
	if (cn_str_empty(in))
		return CN_OK;
	char *s = cn_trim_dup(in);
	size_t n = strlen(s);
	bool ok = n == 12;
	for (size_t i = 0; ok && i < n; i++)
		ok = isdigit((unsigned char)s[i]);
	if (!ok) {
		cn_fail_field(err, "id_number", CN_EINVAL,
			      "Số CCCD/định danh «%s» không hợp lệ: cần đúng 12 chữ số (đang có %zu ký tự)", s,
			      n);
		free(s);
		return CN_EINVAL;
	}
	memcpy(out, s, 13);
	free(s);
	return CN_OK;
}

int cn_parse_birth_year(const char *in, int *out, cn_error *err)
{
	*out = 0;
	if (cn_str_empty(in))
		return CN_OK;
	char *s = cn_trim_dup(in);
	char *end;
	long y = strtol(s, &end, 10);
	int now = this_year();
	if (*end != '\0' || !isdigit((unsigned char)s[0]) || y < now - 100 || y > now - 12) {
		cn_fail_field(err, "birth_year", CN_EINVAL,
			      "Năm sinh «%s» không hợp lệ: cần năm từ %d đến %d", s, now - 100, now - 12);
		free(s);
		return CN_EINVAL;
	}
	free(s);
	*out = (int)y;
	return CN_OK;
}

/* A text's length, in all three ways that can hurt: the columns it takes
 * on screen, its characters, and its bytes (a letter followed by 50,000
 * combining marks takes one column and 100 KB). */
static bool too_long(const char *s, int max)
{
	if (max <= 0)
		return false;
	size_t bytes = strlen(s);
	if (bytes > (size_t)max * 4)
		return true;
	int chars = 0;
	for (const char *p = s; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	return chars > max || cn_text_width(s) > max;
}

int cn_parse_text_opt(const char *label, const char *in, int max, char **out, cn_error *err)
{
	*out = NULL;
	if (cn_str_empty(in))
		return CN_OK;
	/* Line breaks and tabs are only spacing: cleaning turns them into
	 * one space. Anything else that does not show is refused. */
	char *clean = cn_text_clean(in);
	if (!clean)
		return cn_fail_field(err, NULL, CN_EINVAL,
				     "%s không phải văn bản UTF-8 hợp lệ (tệp lưu sai bảng mã?)", label);
	int cp = 0;
	enum cn_hidden_kind hidden = cn_text_hidden(clean, &cp);
	if (hidden) {
		free(clean);
		return cn_fail_field(err, NULL, CN_EINVAL, "%s chứa %s (U+%04X), không được phép", label,
				     cn_text_hidden_name(hidden), (unsigned)cp);
	}
	enum cn_legacy legacy = cn_text_legacy(clean);
	if (legacy) {
		char *unicode = cn_text_legacy_convert(clean, legacy);
		if (!cn_text_legacy_converting()) {
			int rc = cn_fail_field(err, NULL, CN_EINVAL,
					       "%s «%s» có vẻ được gõ bằng phông chữ cũ %s chứ không phải Unicode (đọc ra là "
					       "«%s»). Hãy gõ lại bằng Unicode hoặc chuyển mã (ví dụ bằng Unikey); khi nhập từ "
					       "tệp, thêm --convert-legacy để cnscd tự chuyển", label, clean,
					       cn_text_legacy_name(legacy), unicode);
			free(unicode);
			free(clean);
			return rc;
		}
		free(clean);
		clean = unicode;
		cn_text_legacy_count();
	}
	if (too_long(clean, max)) {
		free(clean);
		return cn_fail_field(err, NULL, CN_EINVAL, "%s dài quá %d ký tự", label, max);
	}
	/* Only Unicode spaces (a no-break space pasted from a web page) clean
	 * to nothing: that is an empty value, not a value "". */
	if (!*clean) {
		free(clean);
		return CN_OK;
	}
	*out = clean;
	return CN_OK;
}

int cn_parse_name(const char *label, const char *in, int max, char **out, cn_error *err)
{
	int rc = cn_parse_text_opt(label, in, max, out, err);
	if (rc != CN_OK)
		return rc;
	if (!*out)
		return cn_fail_field(err, NULL, CN_EINVAL, "%s không được để trống", label);
	return CN_OK;
}

int cn_check_text(const char *key, const char *label, const char *in, int max, bool required, char **out,
		  cn_error *err)
{
	int rc = required ? cn_parse_name(label, in, max, out, err) : cn_parse_text_opt(label, in, max, out, err);
	if (rc != CN_OK && err)
		err->field = key;
	return rc;
}

int cn_check_date(const char *key, const char *label, const char *in, bool required, char out[CN_DATE_LEN],
		  cn_error *err)
{
	int rc = required ? cn_parse_date(label, in, out, err) : cn_parse_date_opt(label, in, out, err);
	if (rc != CN_OK && err)
		err->field = key;
	return rc;
}

int cn_parse_gender(const char *in, int *out, cn_error *err)
{
	*out = CN_GENDER_UNKNOWN;
	if (cn_str_empty(in))
		return CN_OK;
	char *f = cn_text_fold(in);
	int rc = CN_OK;
	if (!strcmp(f, "nam") || !strcmp(f, "m") || !strcmp(f, "male"))
		*out = CN_GENDER_MALE;
	else if (!strcmp(f, "nu") || !strcmp(f, "f") || !strcmp(f, "female"))
		*out = CN_GENDER_FEMALE;
	else
		rc = cn_fail_field(err, "gender", CN_EINVAL, "Giới tính «%s» không hợp lệ: chọn Nam hoặc Nữ", in);
	free(f);
	return rc;
}

const char *cn_gender_name(int gender)
{
	switch (gender) {
	case CN_GENDER_MALE: return "Nam";
	case CN_GENDER_FEMALE: return "Nữ";
	default: return "";
	}
}

int cn_parse_role(const char *in, int *out, cn_error *err)
{
	*out = CN_ROLE_MEMBER;
	if (cn_str_empty(in))
		return CN_OK;
	char *f = cn_text_fold(in);
	int rc = CN_OK;
	if (!strcmp(f, "to truong") || !strcmp(f, "truong") || !strcmp(f, "1"))
		*out = CN_ROLE_LEADER;
	else if (!strcmp(f, "to pho") || !strcmp(f, "pho") || !strcmp(f, "2"))
		*out = CN_ROLE_DEPUTY;
	else if (!strcmp(f, "thanh vien") || !strcmp(f, "3"))
		*out = CN_ROLE_MEMBER;
	else
		rc = cn_fail_field(err, "role", CN_EINVAL,
				   "Vai trò «%s» không hợp lệ: chọn Tổ trưởng, Tổ phó hoặc Thành viên", in);
	free(f);
	return rc;
}

const char *cn_role_name(int role)
{
	switch (role) {
	case CN_ROLE_LEADER: return "Tổ trưởng";
	case CN_ROLE_DEPUTY: return "Tổ phó";
	default: return "Thành viên";
	}
}

int cn_parse_date_until_today(const char *label, const char *date, char iso[CN_DATE_LEN], cn_error *err)
{
	char today[CN_DATE_LEN];
	cn_date_today(today);
	if (cn_str_empty(date)) {
		memcpy(iso, today, CN_DATE_LEN);
		return CN_OK;
	}
	int rc = cn_parse_date(label, date, iso, err);
	if (rc == CN_OK && strcmp(iso, today) > 0) {
		char shown[CN_DATE_LEN];
		cn_date_display(iso, shown);
		rc = cn_fail(err, CN_EINVAL, "%s %s còn ở phía trước: chỉ ghi việc đã xảy ra (đến hôm nay).", label,
			     shown);
	}
	if (rc != CN_OK && err)
		err->field = "date";
	return rc;
}
