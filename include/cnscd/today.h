/* "Today" for every rule, report and screen: the local date, or the day
 * the environment variable CNSCD_TODAY gives (dd/mm/yyyy, a testing aid:
 * which months are owed, when a report counts as sent, default periods).
 * The time of day stays the clock's. Nothing else in cnscd asks the clock
 * for the date.
 *
 * Also the rule of when a month's report is owed, which hangs on today:
 * a month's deadline is DUE_DAYS days after its last day (the setting
 * report_due_days); the report is owed once the deadline has passed, and
 * before that the month is "chưa đến hạn": neither owed nor late. */
#ifndef CNSCD_TODAY_H
#define CNSCD_TODAY_H

#include <stdbool.h>
#include <time.h>

#include "cnscd/util.h"

#define CN_TODAY_ENV "CNSCD_TODAY"
#define CN_ISO_DATE_LEN 11 /* "yyyy-mm-dd" and NUL */

/* CN_OK when CNSCD_TODAY is unset, empty or a valid date; otherwise
 * CN_EINVAL with a Vietnamese message (the front ends refuse to start:
 * a wrong "today" must not quietly become the real one). */
int cn_today_check(cn_error *err);

/* Today's local date and the clock's time of day. */
void cn_today_tm(struct tm *out);
/* Today as "yyyy-mm-dd". */
void cn_today_iso(char out[CN_ISO_DATE_LEN]);
/* The clock moved to today: the real time when CNSCD_TODAY is unset. */
time_t cn_now(void);
/* cn_now() as the database's UTC timestamps: "2026-12-06T16:23:41.551Z". */
void cn_now_iso(char out[32]);

/* The deadline of the month PERIOD ("YYYY-MM"): DUE_DAYS days after its
 * last day, "yyyy-mm-dd". */
void cn_month_deadline(const char *period, int due_days, char out[CN_ISO_DATE_LEN]);
/* Whether the month's report is owed today (its deadline has passed). */
bool cn_month_owed(const char *period, int due_days);
/* The latest month whose report is owed today, "YYYY-MM". */
void cn_last_owed_month(int due_days, char out[8]);

/* The SQL functions cn_today() ("yyyy-mm-dd") and cn_now() (as cn_now_iso)
 * on a connection, so that queries and the times they record follow the
 * same today. They may not be used in the schema (triggers, views,
 * defaults): a database must stay readable by the sqlite3 shell. */
struct sqlite3;
int cn_today_register(struct sqlite3 *sq);

/* The owed rule as SQL, for queries over months: the month whose last day
 * is the date expression LAST is owed when its deadline (DUE, days, an SQL
 * expression) is before cn_today(). */
#define CN_SQL_MONTH_OWED(last, due) "(date(" last ", '+' || (" due ") || ' days') < cn_today())"

#endif
