/* SQL shared by the attendance modules that list a session's people
 * (attendance_find.c, attendance_sheet.c). Core-only. */
#ifndef CNSCD_CORE_ATTENDANCE_INTERNAL_H
#define CNSCD_CORE_ATTENDANCE_INTERNAL_H

/* The name of the commune above unit alias U (a village's, or a
 * sub-village's), '' for a unit at commune level or above. */
#define CN_SQL_COMMUNE_OF(u)                                                                                   \
	"CASE WHEN " u ".level <= 3 THEN '' ELSE coalesce((SELECT cp.name FROM unit cp WHERE cp.id = " u          \
	".parent_id AND cp.level = 3), (SELECT cg.name FROM unit cp JOIN unit cg ON cg.id = cp.parent_id "       \
	"WHERE cp.id = " u ".parent_id AND cg.level = 3), '') END"

/* The place of an attendance row A (member M, or a guest) in Vietnamese
 * order of names (collate.h): the member's stored key, made here for a
 * guest or a member another tool wrote. */
#define CN_SQL_ATTENDEE_ORDER "coalesce(nullif(m.name_order, ''), vi_key(coalesce(m.full_name, a.guest_name)))"

#endif
