/* Team members: leader (Tổ trưởng), deputy (Tổ phó) and members. */
#ifndef CNSCD_MEMBER_H
#define CNSCD_MEMBER_H

#include "cnscd/db.h"
#include "cnscd/validate.h"

/* Common positions offered as choices; free text is allowed too. */
extern const char *const cn_member_positions[];

typedef struct cn_member {
	long long id;
	char *uuid;
	long long team_id;
	char *full_name;
	int gender;      /* enum cn_gender */
	int birth_year;  /* 0 when unknown */
	char *phone;     /* as typed on input; normalised 0… form on output */
	char *id_number; /* 12 digits */
	int role;        /* enum cn_role */
	char *position;
	char *joined;    /* dates: as typed on input (dd/mm/yyyy or ISO), ISO on output */
	char *left_on;
	char *note;
	char *created_at;
	char *updated_at;
} cn_member;

void cn_member_clear(cn_member *m);
int cn_member_get(cn_db *db, long long id, cn_member *out, cn_error *err);

/* Checks and normalises M in place (name cleaned, phone to 0…, dates to
 * ISO). The error names the field (err->field = "full_name", "phone",
 * "id_number", "birth_year", "joined", "left_on", ...). */
int cn_member_normalize(cn_member *m, cn_error *err);

/* The search key of a normalised member: the folded name, then " " and the
 * phone when there is one ("nguyen van an 0912345678"). Malloc'd. */
char *cn_member_search_key(const cn_member *m);

/* Validates and adds; a second active leader in a team is refused. */
int cn_member_add(cn_db *db, cn_member *m, cn_error *err);
/* Adds M[0..N) as N calls of cn_member_add would (each checked and
 * normalised in place, M[i].id set; a second active leader refused, within
 * the batch too), in one transaction and a statement per 16 members:
 * nothing is added when one is refused, and *FAILED (if not NULL) gets its
 * index (-1 when all were added). */
int cn_member_add_many(cn_db *db, cn_member *m, int n, int *failed, cn_error *err);
/* Saves; CN_ECONFLICT when M->updated_at is set and the row changed since. */
int cn_member_update(cn_db *db, cn_member *m, cn_error *err);
/* Marks the member as having left on DATE (as typed; empty = today). */
int cn_member_leave(cn_db *db, long long id, const char *date, cn_error *err);
/* Erases the member for good. */
int cn_member_delete(cn_db *db, long long id, cn_error *err);

#endif
