/* What the official reports share besides the model: the heading block
 * from the settings and the line saying which unit and period a report
 * covers. */
#ifndef CNSCD_EXPORT_REPORT_SCOPE_INTERNAL_H
#define CNSCD_EXPORT_REPORT_SCOPE_INTERNAL_H

#include "cnscd/report.h"

/* Fills R's heading from the settings (office_name, office_place,
 * signer_title, signer_name, preparer_name), falling back on the name of
 * UNIT_ID ("UBND HUYỆN HOÀ BÌNH", place "Hoà Bình"); dates it today; sets
 * its subtitle to "Đơn vị: huyện Hoà Bình, tỉnh Bạc Liêu – WHAT" (the unit
 * in official prose; for UNIT_ID 0 every unit of the database). No file
 * path goes into a report: it is sent upward. Frees WHAT. Returns R, or
 * NULL after freeing R when the unit cannot be read (ERR says why). */
cn_report *cn_report_scope(cn_report *r, cn_db *db, long long unit_id, char *what, cn_error *err);

/* The "Số:      /BC-UBND" line of a report that is a document of the
 * office (setting report_number; by default the number left blank to be
 * written in by hand). After cn_report_scope. */
void cn_report_scope_number(cn_report *r, cn_db *db);

/* "dd/mm/yyyy" of an ISO date, in a static buffer ring (4 entries), for
 * subtitles and notes. */
const char *cn_report_date_text(const char *iso);

#endif
