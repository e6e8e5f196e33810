#include "cnscd/today.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/os.h"

/* The day CNSCD_TODAY names, as a local midnight: true when it is set and
 * valid. "dd/mm/yyyy", and "yyyy-mm-dd" too. */
static bool override_day(struct tm *day)
{
	const char *env = getenv(CN_TODAY_ENV);
	if (!env || !*env)
		return false;
	int y, m, d;
	char tail;
	if (sscanf(env, "%2d/%2d/%4d%c", &d, &m, &y, &tail) != 3 &&
	    sscanf(env, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12, .tm_isdst = -1};
	/* mktime moves 31/02 to March: such a day does not exist. */
	if (mktime(&tm) == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != m - 1)
		return false;
	*day = tm;
	return true;
}

int cn_today_check(cn_error *err)
{
	const char *env = getenv(CN_TODAY_ENV);
	struct tm day;
	if (!env || !*env || override_day(&day))
		return CN_OK;
	return cn_fail(err, CN_EINVAL, "Biến môi trường %s=«%s» không phải một ngày có thật dạng dd/mm/yyyy "
		       "(ví dụ %s=03/12/2026); hãy sửa hoặc bỏ biến này", CN_TODAY_ENV, env, CN_TODAY_ENV);
}

/* Noon of the local day of T: days apart are whole multiples of 86400 s
 * apart, whatever daylight saving does. */
static time_t noon_of(struct tm day)
{
	day.tm_hour = 12;
	day.tm_min = day.tm_sec = 0;
	day.tm_isdst = -1;
	return mktime(&day);
}

time_t cn_now(void)
{
	time_t now = time(NULL);
	struct tm day, real;
	if (!override_day(&day))
		return now;
	localtime_r(&now, &real);
	double days = difftime(noon_of(day), noon_of(real)) / 86400.0;
	long shift = (long)(days < 0 ? days - 0.5 : days + 0.5);
	return now + (time_t)shift * 86400;
}

void cn_today_tm(struct tm *out)
{
	time_t now = cn_now();
	localtime_r(&now, out);
}

void cn_today_iso(char out[CN_ISO_DATE_LEN])
{
	struct tm tm;
	cn_today_tm(&tm);
	strftime(out, CN_ISO_DATE_LEN, "%Y-%m-%d", &tm);
}

void cn_now_iso(char out[32])
{
	struct timespec ts;
	cn_os_realtime(&ts);
	time_t now = cn_now();
	struct tm utc;
	gmtime_r(&now, &utc);
	char head[20];
	strftime(head, sizeof head, "%Y-%m-%dT%H:%M:%S", &utc);
	snprintf(out, 32, "%.19s.%03dZ", head, (int)(ts.tv_nsec / 1000000L) % 1000);
}

void cn_month_deadline(const char *period, int due_days, char out[CN_ISO_DATE_LEN])
{
	int y = 0, m = 0;
	if (!period || sscanf(period, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12) {
		out[0] = '\0';
		return;
	}
	/* Day 0 of the next month is the last day of this one. */
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m, .tm_mday = due_days, .tm_hour = 12, .tm_isdst = -1};
	mktime(&tm);
	strftime(out, CN_ISO_DATE_LEN, "%Y-%m-%d", &tm);
}

bool cn_month_owed(const char *period, int due_days)
{
	char deadline[CN_ISO_DATE_LEN], today[CN_ISO_DATE_LEN];
	cn_month_deadline(period, due_days, deadline);
	cn_today_iso(today);
	return deadline[0] && strcmp(deadline, today) < 0;
}

void cn_last_owed_month(int due_days, char out[8])
{
	struct tm tm;
	cn_today_tm(&tm);
	int y = tm.tm_year + 1900, m = tm.tm_mon + 1;
	/* The month before this one is owed once its deadline passed; this
	 * month never is. A deadline can fall a year after the month. */
	for (int back = 1; back <= 26; back++) {
		int mm = m - back, yy = y;
		while (mm < 1) {
			mm += 12;
			yy--;
		}
		snprintf(out, 8, "%04d-%02d", (yy % 10000 + 10000) % 10000, mm % 100);
		if (cn_month_owed(out, due_days))
			return;
	}
}

static void sql_today(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	char today[CN_ISO_DATE_LEN];
	cn_today_iso(today);
	sqlite3_result_text(ctx, today, -1, SQLITE_TRANSIENT);
}

static void sql_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	char now[32];
	cn_now_iso(now);
	sqlite3_result_text(ctx, now, -1, SQLITE_TRANSIENT);
}

int cn_today_register(struct sqlite3 *sq)
{
	int flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;
	int rc = sqlite3_create_function(sq, "cn_today", 0, flags, NULL, sql_today, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(sq, "cn_now", 0, flags, NULL, sql_now, NULL, NULL);
	return rc;
}
