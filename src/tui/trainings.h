/* The training screens: the sessions of a unit, the session form, invites,
 * check-in, and a member's training history. */
#ifndef CNSCD_TUI_TRAININGS_H
#define CNSCD_TUI_TRAININGS_H

#include <stdbool.h>

#include "cnscd/db.h"

struct screen;

/* The sessions run by UNIT_ID and the units below it: a screen to push. */
struct screen *trainings_new(cn_db *db, long long unit_id);

/* ID 0 adds a session run by UNIT_ID; returns the id saved, or 0. */
long long edit_training(cn_db *db, long long id, long long unit_id);
/* Asks (naming how many are on its list), then deletes; true if deleted. */
bool remove_training(cn_db *db, long long id);
/* The invite dialog: one team, every team, or the never-trained; true
 * when someone was added. */
bool invite_training(cn_db *db, long long id);

/* Check-in of session ID, one person per line typed: a screen to push,
 * or NULL (with a message) when the session cannot be read. */
struct screen *checkin_new(cn_db *db, long long id);

/* "Lịch sử tập huấn của …": the sessions of member ID. */
void member_history(cn_db *db, long long member_id);

#endif
