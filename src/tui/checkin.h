/* What the check-in screen (checkin.c) asks of its forms
 * (checkin_people.c). */
#ifndef CNSCD_TUI_CHECKIN_H
#define CNSCD_TUI_CHECKIN_H

#include <stdbool.h>

#include "cnscd/db.h"

/* A person not on the list, checked in at once, the form starting with
 * what was typed (as the name, or as the phone when digits). Returns the
 * attendance row added, or 0. */
long long checkin_add_walk_in(cn_db *db, long long training_id, const char *typed);
/* The guest's name, position, unit and phone, put right; true if saved. */
bool checkin_edit_guest(cn_db *db, long long id, const char *name, const char *position, const char *unit,
			const char *phone);
/* Asks, then takes row ID (NAME) off the list; true if done. */
bool checkin_remove(cn_db *db, long long id, const char *name);

#endif
