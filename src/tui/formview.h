/* Forms on the ncurses form library: one window per form, a label and an
 * input field per line, the message of a field in error on the line below
 * it. A field is checked when the cursor leaves it; F2 checks everything,
 * then hands the values to the form's save function, whose error (from the
 * core, naming err->field) lands beside its field. Nothing is saved until
 * the whole form is valid; Esc asks before throwing changes away. */
#ifndef CNSCD_TUI_FORMVIEW_H
#define CNSCD_TUI_FORMVIEW_H

#include <stdbool.h>

#include "cnscd/util.h"

#define FORM_MAX_FIELDS 12

enum form_kind {
	FORM_TEXT,
	FORM_DATE,    /* dd/mm/yyyy */
	FORM_CHOICE,  /* one of CHOICES, picked from a list */
	FORM_SUGGEST, /* free text, or picked from CHOICES */
	FORM_MULTI,   /* free text "A; B"; a pick from CHOICES is appended */
};

struct form_field {
	const char *key;   /* the core's name for it: err->field */
	const char *label; /* Vietnamese, as shown */
	int kind;
	bool required;
	int max;           /* characters */
	/* Checks VALUE when the cursor leaves the field (NULL: no check). */
	int (*check)(const char *value, cn_error *err);
	const char *hint;  /* shown while the cursor is in the field */
};

struct form;
typedef int (*form_fn)(struct form *f, cn_error *err);

struct form {
	const char *title;
	struct form_field fields[FORM_MAX_FIELDS];
	const char *const *choices[FORM_MAX_FIELDS];
	char *values[FORM_MAX_FIELDS]; /* set before form_run; malloc'd */
	int n;
	/* Saves form_value()s; fills ERR on failure. */
	form_fn save;
	/* For edits: reads the record again into values (after a conflict). */
	form_fn reload;
	void *ctx;
	/* Set when the user chose to overwrite a row changed elsewhere: the
	 * save function then skips the version check. */
	bool overwrite;
	int start; /* the field the cursor starts in */
	/* Only asks (a period, a file name): F2 reads "Xong", not "Lưu". */
	bool asks;
	struct form_state *state; /* private */
};

/* Adds a field; returns its index. */
int form_add(struct form *f, struct form_field field, const char *value);
/* The field's current text, trimmed (valid until the next call for it). */
const char *form_value(struct form *f, int i);
/* Replaces a field's text (in values before form_run, on screen during it). */
void form_set(struct form *f, int i, const char *value);
/* Runs the form until it is saved (true) or closed (false). */
bool form_run(struct form *f);
void form_free(struct form *f);

/* Ready-made checks for struct form_field.check. */
int form_check_date(const char *value, cn_error *err);
int form_check_phone(const char *value, cn_error *err);
int form_check_id_number(const char *value, cn_error *err);
int form_check_birth_year(const char *value, cn_error *err);

/* A list of CHOICES under (Y, X); the index picked, or -1. */
int choice_run(const char *title, const char *const *choices, int current, int y, int x);

#endif
