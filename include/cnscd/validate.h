/* Validation and normalisation of what users type or import. Shared by the
 * CLI, the TUI and the importers, so every front says the same thing.
 * Each function returns CN_OK or CN_EINVAL with a Vietnamese message that
 * names the field and the value. LABEL is the field's Vietnamese name as
 * the user sees it ("Ngày thành lập"). */
#ifndef CNSCD_VALIDATE_H
#define CNSCD_VALIDATE_H

#include <stdbool.h>

#include "cnscd/util.h"

#define CN_DATE_LEN 11 /* "yyyy-mm-dd" or "dd/mm/yyyy" and NUL */

/* Accepts dd/mm/yyyy (also d/m/yyyy, with '-' or '.'), the short forms
 * d/m (this year) and d/m/yy (this century unless that is more than 20
 * years ahead), and yyyy-mm-dd. The one date parser of cnscd: every date
 * field and option. Writes the ISO form yyyy-mm-dd into OUT. Empty input is an error: use
 * cn_parse_date_opt for optional fields. */
int cn_parse_date(const char *label, const char *in, char out[CN_DATE_LEN], cn_error *err);
/* A day that has come: empty input is today, a day after today is refused
 * (naming LABEL: "Ngày chuyển"); err->field "date". For what is recorded
 * as done (a transfer, a merge, a dissolution). */
int cn_parse_date_until_today(const char *label, const char *in, char out[CN_DATE_LEN], cn_error *err);
/* Like cn_parse_date, but empty input gives OUT = "" and CN_OK. */
int cn_parse_date_opt(const char *label, const char *in, char out[CN_DATE_LEN], cn_error *err);
/* ISO yyyy-mm-dd → dd/mm/yyyy; "" for NULL or "". */
void cn_date_display(const char *iso, char out[CN_DATE_LEN]);
/* Today in the local time zone, ISO form. */
void cn_date_today(char out[CN_DATE_LEN]);
/* Month period "YYYY-MM" (also "MM/YYYY"), normalised to YYYY-MM. */
int cn_parse_period(const char *label, const char *in, char out[8], cn_error *err);

#define CN_PHONE_LEN 16
/* Vietnamese phone: 10 digits starting with 0 (mobile), 11 digits starting
 * with 02 (landline), or the +84 / 84 forms of these. Spaces, dots and
 * dashes are ignored. OUT gets the 0… form. Empty → OUT = "" and CN_OK. */
int cn_parse_phone(const char *in, char out[CN_PHONE_LEN], cn_error *err);

#define CN_IDNUM_LEN 13
/* Citizen ID (CCCD): exactly 12 digits. Empty → "" and CN_OK. */
int cn_parse_id_number(const char *in, char out[CN_IDNUM_LEN], cn_error *err);

/* Birth year between 100 and 12 years before this year. Empty → 0. */
int cn_parse_birth_year(const char *in, int *out, cn_error *err);

/* A required name: non-empty after cleaning, valid UTF-8, no control
 * characters, at most MAX characters. *OUT receives the cleaned NFC text. */
int cn_parse_name(const char *label, const char *in, int max, char **out, cn_error *err);
/* An optional free text: like cn_parse_name but empty gives *OUT = NULL. */
int cn_parse_text_opt(const char *label, const char *in, int max, char **out, cn_error *err);

/* The checks above for one field of a record (form or file row): on
 * failure err->field is set to KEY ("full_name", "joined", ...) so a form
 * can show the message beside that field. */
int cn_check_text(const char *key, const char *label, const char *in, int max, bool required, char **out,
		  cn_error *err);
int cn_check_date(const char *key, const char *label, const char *in, bool required, char out[CN_DATE_LEN],
		  cn_error *err);

enum cn_gender { CN_GENDER_UNKNOWN = 0, CN_GENDER_MALE = 1, CN_GENDER_FEMALE = 2 };
/* "Nam"/"Nữ" in any case, with or without marks; also M/F. Empty → unknown. */
int cn_parse_gender(const char *in, int *out, cn_error *err);
const char *cn_gender_name(int gender); /* "Nam", "Nữ" or "" */

enum cn_role { CN_ROLE_LEADER = 1, CN_ROLE_DEPUTY = 2, CN_ROLE_MEMBER = 3 };
/* "Tổ trưởng", "Tổ phó", "Thành viên" (marks and case ignored). Empty → member. */
int cn_parse_role(const char *in, int *out, cn_error *err);
const char *cn_role_name(int role);

#endif
