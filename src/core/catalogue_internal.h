/* What the results queries share with the catalogue (catalogue.c,
 * results.c): the columns of an indicator as cn_indicator_read takes them,
 * and the SQL of a unit's target for a period. Core only. */
#ifndef CNSCD_CATALOGUE_INTERNAL_H
#define CNSCD_CATALOGUE_INTERNAL_H

#include "cnscd/catalogue.h"
#include "db_internal.h"

/* The columns cn_indicator_read reads, of the indicator aliased i. */
#define INDICATOR_COLUMNS "i.id, i.code, i.name, i.measure, i.sort_order, i.active, i.aggregate"
/* The indicator of ST's row, columns FIRST.. as INDICATOR_COLUMNS lists
 * them; its strings valid until ST moves on. */
void cn_indicator_read(sqlite3_stmt *st, int first, cn_indicator *ind);

/* The target of unit ?1 for INDICATOR that covers months ?4..?5: of the
 * periods that do, the one that ends first (and starts last). */
#define TARGET_SQL(indicator) \
	"(SELECT tg.value FROM target tg WHERE tg.unit_id = ?1 AND tg.indicator_id = " indicator \
	" AND tg.period_from <= ?4 AND tg.period_to >= ?5 ORDER BY tg.period_to, tg.period_from DESC LIMIT 1)"

#endif
