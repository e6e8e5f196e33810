/* Team members: leader (Tổ trưởng), deputy (Tổ phó) and members. */
#ifndef CNSCD_MEMBER_H
#define CNSCD_MEMBER_H

#include <stdbool.h>

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
	/* Input only, read by cn_member_add and cn_member_update: */
	/* The CCCD belongs to another active member and this is, on purpose,
	 * a second membership of the same person (a commune official who also
	 * leads a hamlet team); without it such a CCCD is refused. */
	bool second_membership;
	/* Making this member Tổ trưởng of a team that has one: 0 refuses;
	 * CN_ROLE_DEPUTY or CN_ROLE_MEMBER gives the current leader that role
	 * in the same transaction. */
	int former_leader_role;
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

/* Validates and adds; a second active leader in a team is refused (unless
 * M->former_leader_role), and so is the CCCD of another active member
 * (CN_EEXIST, err->field "id_number"; unless M->second_membership). */
int cn_member_add(cn_db *db, cn_member *m, cn_error *err);
/* Adds M[0..N) as N calls of cn_member_add would (each checked and
 * normalised in place, M[i].id set; a second active leader refused, within
 * the batch too), in one transaction and a statement per 16 members:
 * nothing is added when one is refused, and *FAILED (if not NULL) gets its
 * index (-1 when all were added). */
int cn_member_add_many(cn_db *db, cn_member *m, int n, int *failed, cn_error *err);
/* Saves; CN_ECONFLICT when M->updated_at is set and the row changed since.
 * A CCCD changed to another active member's is refused as by cn_member_add. */
int cn_member_update(cn_db *db, cn_member *m, cn_error *err);
/* Marks the member as having left on DATE (as typed; empty = today). */
int cn_member_leave(cn_db *db, long long id, const char *date, cn_error *err);
/* Erases the member for good (with their attendance and figures; an undo
 * brings them back). */
int cn_member_delete(cn_db *db, long long id, cn_error *err);

/* What goes with a member or a team when it is erased. */
typedef struct cn_dependents {
	long long members;     /* a team's members (those who left too) */
	long long reports;     /* monthly reports */
	long long figures;     /* figures in them (a member's own: split by member) */
	long long attendance;  /* places on training session lists */
	long long transfers;   /* recorded moves between teams */
} cn_dependents;
int cn_member_dependents(cn_db *db, long long id, cn_dependents *out, cn_error *err);
int cn_team_dependents(cn_db *db, long long id, cn_dependents *out, cn_error *err);
/* "12 thành viên, 5 báo cáo tháng (60 số liệu), 23 lượt điểm danh" of the
 * non-zero parts, or "" when nothing goes with it. Malloc'd. */
char *cn_dependents_text(const cn_dependents *d);

/* ---- Transfers (transfer_member.c) ---- */

/* Moves member ID to team TO_TEAM from DATE (dd/mm/yyyy or ISO; empty:
 * today), in one transaction: the member keeps their record, history,
 * attendance and figures; the transfer is recorded, and figures as of a
 * day before DATE count them in the old team. ROLE is their role in the
 * new team (0: Thành viên; Tổ trưởng only when the team has none). Refused:
 * a member who left, a dissolved team or one of a closed unit (naming its
 * successor), the same team, a date after today, before they joined or not
 * after their last transfer. */
int cn_member_move(cn_db *db, long long id, long long to_team, const char *date, int role, cn_error *err);

typedef struct cn_member_transfer {
	long long id;
	const char *moved_on;   /* ISO */
	bool by_merge;          /* moved by a merge of their team */
	long long from_team, to_team;
	const char *from_place; /* "Tổ CNSCĐ Ấp 3, Xã Vĩnh Mỹ A" */
	const char *to_place;
} cn_member_transfer;
/* The transfers of a member, oldest first. Returns how many, or a negative
 * cn_status. */
int cn_member_transfers(cn_db *db, long long member_id, int (*fn)(const cn_member_transfer *t, void *ctx),
			void *ctx, cn_error *err);
/* "Chuyển từ Tổ CNSCĐ Ấp 3, Xã Vĩnh Mỹ A sang Tổ CNSCĐ Ấp 5, Xã Hòa Bình
 * ngày 01/12/2026" (", do gộp tổ" when by a merge). Malloc'd. */
char *cn_member_transfer_text(const cn_member_transfer *t);

/* ---- One person, one record (member_identity.c) ---- */

/* Active members other than EXCEPT_ID whose CCCD is ID_NUMBER (normalised
 * or as typed): up to MAX of their ids into IDS (may be NULL); returns how
 * many there are, or a negative cn_status. */
int cn_member_holders(cn_db *db, const char *id_number, long long except_id, long long *ids, int max,
		      cn_error *err);
/* Active members found by CCCD, or else by phone and name together (name
 * folded: no marks or case needed): up to MAX ids; returns how many. */
int cn_member_find(cn_db *db, const char *id_number, const char *phone, const char *name, long long *ids, int max,
		   cn_error *err);

/* Two active records that may be one person typed twice: the same name
 * (no marks or case needed) and birth year, or the same name and phone,
 * one of them (at least) without a CCCD. */
typedef struct cn_duplicate {
	long long a, b;     /* member ids, a < b */
	const char *reason; /* "cùng họ tên và năm sinh", "cùng họ tên và số điện thoại" */
} cn_duplicate;
/* The pairs in the subtree of UNIT_ID (0: everywhere), by name. Returns how
 * many, or a negative cn_status. */
int cn_member_duplicates(cn_db *db, long long unit_id, int (*fn)(const cn_duplicate *d, void *ctx), void *ctx,
			 cn_error *err);
/* Makes OTHER part of KEEP, in one transaction: KEEP takes the fields it
 * lacks (gender, birth year, phone, CCCD, position, note; the earlier
 * joining day), OTHER's attendance (a session both were on: present if
 * either was) and figures (added up where both had one), and its transfers
 * when they lead to KEEP's team; OTHER is removed and the merge recorded,
 * so KEEP's history shows OTHER's too. Refused: two different CCCDs, or
 * keeping a record that left while the other is active. */
int cn_member_merge(cn_db *db, long long keep, long long other, cn_error *err);

#endif
