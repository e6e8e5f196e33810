/* How the writers turn a report's cells into text and number rows: shared
 * so that the CSV, the xlsx and (later) the screen agree. */
#ifndef CNSCD_EXPORT_REPORT_CELLS_H
#define CNSCD_EXPORT_REPORT_CELLS_H

#include <stdbool.h>

#include "cnscd/report.h"

/* True for text that a spreadsheet would take as a formula ("=1+1",
 * "@SUM(A1)", "+4", "-2+3") or that starts with a tab or CR. */
bool cn_cell_looks_like_formula(const char *s);

/* Walks the rows of a report: numbers the data rows (STT restarts after
 * each group heading) and computes subtotal/total cells. */
typedef struct cn_row_walk {
	cn_report_totals totals;
	long long stt;          /* STT of the current data row */
	const cn_report_cell *cells; /* the row's cells, computed ones included */
} cn_row_walk;

void cn_row_walk_init(cn_row_walk *w, const cn_report *r);
void cn_row_walk_free(cn_row_walk *w);
/* Reads the next row into ROW: 1, 0 at the end, or a negative cn_status. */
int cn_row_walk_next(cn_row_walk *w, cn_report *r, cn_report_row *row, cn_error *err);

/* Header text of column C with its group, for one-row headers
 * ("Trong đó - Tổ trưởng"). Malloc'd. */
char *cn_col_full_header(const cn_report_col *col);

#endif
