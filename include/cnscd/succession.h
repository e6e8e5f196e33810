/* What a reorganisation leaves for every module to know, below them all but
 * the units: the unit that took a closed unit's place, the refusal to write
 * to a closed unit (naming that successor), and how a unit or a session's
 * unit is named once units have merged. The reorganisation itself is
 * reorg.h. */
#ifndef CNSCD_SUCCESSION_H
#define CNSCD_SUCCESSION_H

#include "cnscd/db.h"

/* The open unit that took the place of the closed unit UNIT_ID — where its
 * teams and training sessions went — following later reorganisations too;
 * 0 when there is none (an open unit, or one closed by hand). */
long long cn_unit_successor(cn_db *db, long long unit_id);

/* CN_OK when UNIT_ID is open. A closed unit is refused (CN_EINVAL) with a
 * message naming its successor: "Xã Vĩnh Mỹ A đã giải thể/sáp nhập
 * 30/06/2025, nay thuộc Xã Hòa Bình (mã 31891): WHAT vào đơn vị đã đóng
 * được; hãy chọn Xã Hòa Bình." WHAT: "không thêm tổ", ... */
int cn_unit_refuse_closed(cn_db *db, long long unit_id, const char *what, cn_error *err);

/* SQL: the name of the unit aliased U as lists and reports show it. A
 * village that shares its name with another open village of its commune
 * and belonged to another commune before a reorganisation (or whose
 * commune had another name then) says which: "Ấp Nội Ô (Xã Vĩnh Mỹ A cũ)";
 * renaming one of the two ends it. Needs U's id, name, level, parent_id. */
#define CN_SQL_UNIT_LABEL(u)                                                                                        \
	"(" u ".name || coalesce((SELECT ' (' || coalesce(pf.name, p.name) || ' cũ)' FROM unit_former f "         \
	"JOIN unit p ON p.id = f.parent_id LEFT JOIN unit_former pf ON pf.unit_id = f.parent_id "                  \
	"AND pf.valid_to = f.valid_to WHERE f.unit_id = " u ".id AND " u ".level >= 4 "                             \
	"AND coalesce(pf.name, p.name) <> (SELECT q.name FROM unit q WHERE q.id = " u ".parent_id) "               \
	"AND EXISTS (SELECT 1 FROM unit s WHERE s.parent_id = " u ".parent_id AND s.id <> " u ".id "               \
	"AND s.name = " u ".name AND s.valid_to IS NULL) ORDER BY f.valid_to DESC LIMIT 1), ''))"

/* SQL: the unit that ran the session aliased T (its unit aliased U): the
 * closed unit a reorganisation carried it from, "Xã Vĩnh Mỹ A (cũ)", when
 * it was held before the move; else U's name. */
#define CN_SQL_SESSION_UNIT(t, u)                                                                              \
	"coalesce((SELECT f.name || ' (cũ)' FROM training_move mv JOIN unit f ON f.id = mv.from_unit_id "      \
	"WHERE mv.training_id = " t ".id AND mv.moved_on > " t ".start_date ORDER BY mv.moved_on LIMIT 1), " \
	u ".name)"

/* That label of UNIT_ID (malloc'd), NULL when there is no such unit. */
char *cn_unit_label(cn_db *db, long long unit_id);

#endif
