/* Training sessions (lớp tập huấn) and their topics; who was on a
 * session's list and who came is attendance.h. */
#ifndef CNSCD_TRAINING_H
#define CNSCD_TRAINING_H

#include <stdbool.h>

#include "cnscd/db.h"

enum cn_training_format {
	CN_FORMAT_IN_PERSON = 1, /* Trực tiếp */
	CN_FORMAT_ONLINE = 2,    /* Trực tuyến */
	CN_FORMAT_BLENDED = 3,   /* Kết hợp */
};
const char *cn_training_format_name(int format);
/* Name in any case, with or without marks; empty → in person. */
int cn_parse_training_format(const char *in, int *out, cn_error *err);

typedef struct cn_training {
	long long id;
	char *uuid;
	long long unit_id;  /* the unit that runs it */
	char *title;
	char *start_date;   /* as typed on input (dd/mm/yyyy or ISO), ISO on output */
	char *end_date;
	int format;         /* enum cn_training_format; 0 → in person */
	char *location;
	char *organiser;
	char *trainers;
	int planned;        /* planned participants, 0 when not set */
	char *note;
	char *topics;       /* "A; B" — names, separated by ';' */
	char *created_at;
	char *updated_at;
} cn_training;

void cn_training_clear(cn_training *t);
int cn_training_get(cn_db *db, long long id, cn_training *out, cn_error *err);
/* Validates (title required, dates, end not before start) and adds. Topics
 * not yet in the catalogue are added to it. Sets T->id. */
int cn_training_add(cn_db *db, cn_training *t, cn_error *err);
/* Saves; CN_ECONFLICT when T->updated_at is set and the row changed since. */
int cn_training_update(cn_db *db, cn_training *t, cn_error *err);
/* Deletes the session and its attendance. */
int cn_training_delete(cn_db *db, long long id, cn_error *err);

/* Sessions run by UNIT_ID or any unit below it (0 = all), newest first. */
typedef struct cn_training_row {
	long long id;
	const char *start_date; /* ISO */
	const char *title;
	const char *unit_name;
	const char *topics;
	int format;
	int planned;
	int invited;  /* everyone on the list, whatever their status */
	int present;
} cn_training_row;
int cn_training_list(cn_db *db, long long unit_id, int (*fn)(const cn_training_row *row, void *ctx), void *ctx,
		     cn_error *err);

/* The same list as of DATE (dd/mm/yyyy or ISO): the sessions held by then,
 * each counted for the unit that ran it then — before a reorganisation,
 * the closed unit it was carried from — in the tree of that day. */
int cn_training_list_as_of(cn_db *db, long long unit_id, const char *date,
			   int (*fn)(const cn_training_row *row, void *ctx), void *ctx, cn_error *err);

/* One page of that list: LIMIT sessions from OFFSET (for a scrolling
 * table), and how many there are in all (negative status on error). */
int cn_training_page(cn_db *db, long long unit_id, int offset, int limit,
		     int (*fn)(const cn_training_row *row, void *ctx), void *ctx, cn_error *err);
long long cn_training_count(cn_db *db, long long unit_id, cn_error *err);
/* Active teams of the units above UNIT_ID, of UNIT_ID and of the units
 * below it, in tree order (whom a session may invite). FN returns non-zero
 * to stop. */
int cn_training_teams(cn_db *db, long long unit_id,
		      int (*fn)(long long team_id, const char *team, const char *unit, void *ctx), void *ctx,
		      cn_error *err);

/* The topic catalogue, in its order. FN returns non-zero to stop. */
int cn_topic_list(cn_db *db, int (*fn)(long long id, const char *name, void *ctx), void *ctx, cn_error *err);
/* Id of the topic named NAME (folded comparison), adding it when missing. */
int cn_topic_ensure(cn_db *db, const char *name, long long *id, cn_error *err);

/* Sessions a member was on the list of, newest first (training history). */
int cn_member_trainings(cn_db *db, long long member_id, int (*fn)(const cn_training_row *row, int status, void *ctx),
			void *ctx, cn_error *err);

#endif
