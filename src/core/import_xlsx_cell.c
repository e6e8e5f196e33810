/* Cell values of a workbook as the text a CSV would hold. Numbers are read
 * as decimal digits, never through a double or strtod (whose decimal
 * point follows the locale), so that a 12-digit ID number comes out exact
 * and "1234.0" or "1.234E3" come out "1234". */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_xlsx_internal.h"

/* The last serial day read as a date: 31/12/2100. Larger numbers in a date
 * column are left as numbers, for the validators to refuse. */
#define LAST_SERIAL 73415L

/* A number written as [+-]digits[.digits][E[+-]digits]: its value is
 * DIGITS × 10^EXP, DIGITS without leading zeros ("" for zero). */
struct decimal {
	bool negative;
	char digits[40];
	int ndigits;
	long exp;
};

static bool read_decimal(const char *v, struct decimal *d)
{
	memset(d, 0, sizeof *d);
	const char *p = v;
	while (*p == ' ')
		p++;
	if (*p == '-' || *p == '+')
		d->negative = *p++ == '-';
	bool any = false, point = false;
	for (; isdigit((unsigned char)*p) || (*p == '.' && !point); p++) {
		if (*p == '.') {
			point = true;
			continue;
		}
		any = true;
		if (d->ndigits == 0 && *p == '0') {
			d->exp -= point;
			continue;
		}
		if (d->ndigits == (int)sizeof d->digits - 1)
			return false; /* more precision than any spreadsheet stores */
		d->digits[d->ndigits++] = *p;
		d->exp -= point;
	}
	if (any && (*p == 'e' || *p == 'E')) {
		p++;
		bool neg = *p == '-';
		if (*p == '-' || *p == '+')
			p++;
		long e = 0;
		if (!isdigit((unsigned char)*p))
			return false;
		for (; isdigit((unsigned char)*p); p++)
			if ((e = e * 10 + (*p - '0')) > 400)
				return false;
		d->exp += neg ? -e : e;
	}
	while (*p == ' ')
		p++;
	if (!any || *p)
		return false;
	while (d->ndigits > 0 && d->exp < 0 && d->digits[d->ndigits - 1] == '0') {
		d->digits[--d->ndigits] = '\0';
		d->exp++;
	}
	if (d->ndigits == 0)
		d->negative = false;
	return true;
}

/* The integer part of D in OUT (at most SIZE - 1 digits); false when it
 * does not fit. */
static bool integer_part(const struct decimal *d, char *out, size_t size)
{
	long n = d->ndigits + d->exp;
	if (n <= 0) {
		snprintf(out, size, "0");
		return true;
	}
	if ((size_t)n >= size)
		return false;
	for (long i = 0; i < n; i++)
		out[i] = i < d->ndigits ? d->digits[i] : '0';
	out[n] = '\0';
	return true;
}

/* Days since 1970-01-01 → civil date (H. Hinnant's algorithm). */
static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A serial day number of the 1900 date system as a date. Excel counts a
 * 29/02/1900 that never was (serial 60), so days after it are one less;
 * that day itself comes out as written, and the date check refuses it. */
static char *serial_text(long serial, bool date1904, int kind)
{
	if (date1904)
		serial += 1462;
	int y = 1900, m = 2, d = 29;
	if (serial != 60)
		civil_from_days(serial - (serial < 60 ? 25568 : 25569), &y, &m, &d);
	return kind == CN_CELL_MONTH ? cn_sprintf("%04d-%02d", y, m) : cn_sprintf("%02d/%02d/%04d", d, m, y);
}

/* A phone number stored as a number lost its leading 0: 9 digits of a
 * mobile number (03x, 05x, 07x, 08x, 09x) or 10 of a landline (02x). */
static bool lost_phone_zero(const char *digits)
{
	size_t n = strlen(digits);
	return (n == 9 && strchr("35789", digits[0])) || (n == 10 && digits[0] == '2');
}

char *xlsx_number_text(const char *v, cn_cell_format fmt, bool date1904)
{
	struct decimal d;
	char whole[48];
	if (!read_decimal(v, &d) || !integer_part(&d, whole, sizeof whole))
		return NULL;
	if ((fmt.kind == CN_CELL_DATE || fmt.kind == CN_CELL_MONTH) && !d.negative) {
		long serial = strlen(whole) <= 7 ? atol(whole) : 0;
		if (serial >= 1 && serial <= LAST_SERIAL)
			return serial_text(serial, date1904, fmt.kind);
	}
	if (d.exp < 0)
		return NULL; /* a fraction: as the sheet wrote it */
	if (d.negative)
		return cn_sprintf("-%s", whole);
	size_t n = strlen(whole);
	if (fmt.kind == CN_CELL_PHONE && lost_phone_zero(whole))
		return cn_sprintf("0%s", whole);
	if (n < fmt.digits)
		return cn_sprintf("%0*d%s", (int)(fmt.digits - n), 0, whole);
	return cn_strdup(whole);
}

char *xlsx_date_text(const char *v, cn_cell_format fmt)
{
	int y, m, d;
	if (sscanf(v, "%4d-%2d-%2d", &y, &m, &d) == 3 && strlen(v) >= 10) {
		if (fmt.kind == CN_CELL_MONTH)
			return cn_sprintf("%04d-%02d", y, m);
		if (fmt.kind == CN_CELL_DATE)
			return cn_sprintf("%02d/%02d/%04d", d, m, y);
	}
	return cn_strdup(v);
}

int xlsx_column_of(const char *ref)
{
	long col = 0;
	const char *p = ref;
	for (; isalpha((unsigned char)*p); p++) {
		col = col * 26 + (toupper((unsigned char)*p) - 'A' + 1);
		if (col > 1000000)
			return -1;
	}
	if (p == ref || !isdigit((unsigned char)*p))
		return -1;
	return (int)col - 1;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Writes code point CP (< 0x10000) as UTF-8 at OUT; returns the bytes. */
static int put_utf8(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

void xlsx_unescape(char *s)
{
	char *out = s;
	for (const char *p = s; *p;) {
		unsigned cp = 0;
		bool esc = p[0] == '_' && p[1] == 'x';
		for (int i = 2; esc && i < 6; i++) { /* stops at the NUL */
			int h = hex_digit(p[i]);
			esc = h >= 0;
			cp = cp * 16 + (unsigned)(h < 0 ? 0 : h);
		}
		esc = esc && p[6] == '_';
		/* Surrogates and NUL cannot stand alone in UTF-8 text: keep the escape. */
		if (esc && cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
			out += put_utf8(out, cp);
			p += 7;
		} else {
			*out++ = *p++;
		}
	}
	*out = '\0';
}
