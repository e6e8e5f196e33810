/* The settings the reports and the backups use: the table of known keys
 * with their Vietnamese labels, what applies while a key is not set, and
 * the check each value must pass. The values themselves are stored by
 * cn_setting_get/cn_setting_set (db.h); this module adds the knowledge of
 * which keys exist and what they may hold, for the CLI and the TUI alike. */
#ifndef CNSCD_SETTINGS_H
#define CNSCD_SETTINGS_H

#include "cnscd/db.h"

enum cn_setting_kind {
	CN_SETTING_TEXT,   /* free text, at most MAX characters */
	CN_SETTING_NUMBER, /* a whole number in [MIN, MAX] */
	CN_SETTING_UNIT,   /* a unit, stored as its code; typed as code or name */
};

typedef struct cn_setting_def {
	const char *key;      /* "office_name" */
	const char *label;    /* "Tên cơ quan báo cáo" */
	const char *help;     /* one line (under 72 columns): what it is for */
	const char *fallback; /* what applies while it is not set, as told */
	int kind;
	int min, max;         /* numbers: the range; text: MAX characters */
	int number_default;   /* numbers: the value used while not set */
} cn_setting_def;

/* The known settings in the order they are shown; *N receives the count. */
const cn_setting_def *cn_setting_defs(int *n);
/* The definition of KEY, or NULL for an unknown key. */
const cn_setting_def *cn_setting_def_find(const char *key);

/* Checks VALUE for KEY; *OUT (malloc'd) receives what to store, NULL when
 * VALUE is empty (the setting is cleared). A unit may be typed by its code,
 * as "Tên (mã CODE)", or by a name that only one open unit bears. DB may be
 * NULL for keys that are not units. On failure err->field is KEY. */
int cn_setting_check(cn_db *db, const char *key, const char *value, char **out, cn_error *err);
/* Checks, then stores (an empty VALUE clears the setting). */
int cn_setting_put(cn_db *db, const char *key, const char *value, cn_error *err);
/* The number stored under KEY, or its default when unset or out of range. */
int cn_setting_number(cn_db *db, const char *key);

/* The days after a month's end within which its reports are on time
 * (setting report_due_days, default 5): results and approval both ask. */
int cn_setting_report_due_days(cn_db *db);

/* The office's own unit (setting office_unit) into *ID, 0 when it is not
 * set or the unit is gone: CN_OK, or the database's failure. */
int cn_setting_office_unit_read(cn_db *db, long long *id, cn_error *err);
/* The same where a failure may pass for "not set": the id or 0. */
long long cn_setting_office_unit(cn_db *db);
/* "Xã Hòa An (mã 26734)": how a unit is shown in a pick list and read
 * back by cn_setting_check. Malloc'd; NULL when ID does not exist. */
char *cn_setting_unit_text(cn_db *db, long long id);

/* When the office's unit (office_unit) has been closed — a district the
 * 2025 reorganisation abolished — the sentence that says so, names its
 * successor with the command to set it, and points at the office name and
 * place typed beside it; NULL while the office's unit is open or unset.
 * Malloc'd. */
char *cn_settings_office_warning(cn_db *db);
/* That successor (0 when the office's unit is open, unset, or has none). */
long long cn_settings_office_successor(cn_db *db);

#endif
