/* Helpers every rendering of a report shares: row walking (numbering and
 * totals), one-row headers, formula-looking text, blank percents and where
 * a total's label goes. */
#include "cnscd/report.h"

#include <stdlib.h>
#include <string.h>

#include "cnscd/csv.h"

bool cn_cell_looks_like_formula(const char *s)
{
	return cn_csv_formula_like(s);
}

void cn_row_walk_init(cn_row_walk *w, const cn_report *r)
{
	memset(w, 0, sizeof *w);
	cn_report_totals_init(&w->totals, r);
	w->cols = r->cols;
	w->ncols = r->ncols;
}

void cn_row_walk_free(cn_row_walk *w)
{
	cn_report_totals_free(&w->totals);
}

int cn_row_walk_next(cn_row_walk *w, cn_report *r, cn_report_row *row, cn_error *err)
{
	int rc = cn_report_next(r, row, err);
	if (rc != 1)
		return rc;
	const cn_report_cell *sums = cn_report_totals_feed(&w->totals, r, row);
	w->cells = sums ? sums : row->cells;
	if (row->kind == CN_ROW_COLUMNS) {
		w->cols = row->cols;
		w->ncols = row->ncols;
	}
	if ((row->kind == CN_ROW_GROUP && !r->stt_running) || row->kind == CN_ROW_COLUMNS)
		w->stt = 0;
	else if (row->kind == CN_ROW_DATA)
		w->stt++;
	return 1;
}

char *cn_col_full_header(const cn_report_col *col)
{
	return col->group ? cn_sprintf("%s - %s", col->group, col->header) : cn_strdup(col->header);
}

bool cn_report_percent(const cn_report_col *col, const cn_report_cell *cell, const cn_report_cell *cells,
		       double *ratio)
{
	*ratio = col->ratio ? cn_report_ratio(col, cells) : cell->ratio;
	return (col->ratio || !cell->empty) && *ratio >= 0;
}

const char *cn_row_label(const cn_report_row *row, const cn_report_col *cols, int ncols)
{
	if (row->kind == CN_ROW_DATA || row->kind == CN_ROW_GROUP || row->kind == CN_ROW_COLUMNS || !row->label ||
	    ncols < 1)
		return NULL;
	const cn_report_col *first = &cols[0];
	if (first->sum || first->ratio || first->row_sum)
		return NULL;
	if (first->kind == CN_COL_TEXT && row->cells && row->cells[0].text)
		return NULL;
	return row->label;
}
