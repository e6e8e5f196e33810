/* The progress bar of "cnscd import": a big file takes seconds to minutes;
 * a line on stderr says which phase is running, how far it got and how
 * fast. Written over itself with a carriage return, and only to a
 * terminal: a log or a pipe gets none of it. */
#include "import_progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/os.h"
#include "cnscd/stats.h"

/* Below this, an import ends before anyone wonders. CNSCD_PROGRESS_AFTER_MS
 * changes it, for the tests: a small import on a fast machine can end
 * before the second. */
#define SHOW_AFTER_S 1.0
#define BAR_CELLS 20
#define LINE_COLUMNS 79 /* an 80-column terminal, without wrapping */

static const char *phase_name(int phase)
{
	switch (phase) {
	case CN_IMPORT_READING: return "Đọc và kiểm tra";
	case CN_IMPORT_CHECKING: return "Kiểm tra chéo";
	case CN_IMPORT_WRITING: return "Ghi";
	default: return "";
	}
}

/* Prints TEXT then spaces up to the width of the line already there. */
static void put_line(const char *text)
{
	fprintf(stderr, "\r%s", text);
	/* Vietnamese letters take 2 or 3 bytes and one column: the bytes are
	 * an upper bound, which the spaces only need to cover. */
	for (size_t n = strlen(text); n < LINE_COLUMNS; n++)
		fputc(' ', stderr);
	fflush(stderr);
}

void import_progress_show(const cn_import_progress *p, void *ctx)
{
	struct import_progress *bar = ctx;
	if (p->phase != bar->phase) {
		bar->phase = p->phase;
		bar->phase_start = p->elapsed_s;
		bar->phase_rows = p->phase == CN_IMPORT_WRITING ? p->rows : 0;
	}
	if (bar->show_after_s == 0) {
		const char *env = cn_os_getenv("CNSCD_PROGRESS_AFTER_MS");
		bar->show_after_s = env && *env ? atof(env) / 1000 : SHOW_AFTER_S;
		if (bar->show_after_s <= 0)
			bar->show_after_s = 1e-9;
	}
	if (p->elapsed_s < bar->show_after_s || !cn_os_isatty(2))
		return;
	char cells[BAR_CELLS * 3 + 1] = "", rows[CN_NUM_TEXT_LEN], rate[CN_NUM_TEXT_LEN], total[CN_NUM_TEXT_LEN];
	int filled = p->fraction < 0 ? 0 : p->fraction >= 1 ? BAR_CELLS : (int)(p->fraction * BAR_CELLS);
	for (int i = 0; i < BAR_CELLS; i++)
		strcat(cells, i < filled ? "█" : "░");
	double seconds = p->elapsed_s - bar->phase_start;
	long long per_s = seconds > 0.05 ? (long long)((double)(p->rows - bar->phase_rows) / seconds) : 0;
	cn_count_text(p->rows, rows);
	cn_count_text(per_s, rate);
	char line[256];
	if (p->total > 0) {
		cn_count_text(p->total, total);
		snprintf(line, sizeof line, "%s %s %s/%s dòng, %s dòng/giây", phase_name(p->phase), cells, rows, total,
			 rate);
	} else if (p->fraction >= 0) {
		snprintf(line, sizeof line, "%s %s %s dòng, %s dòng/giây", phase_name(p->phase), cells, rows, rate);
	} else {
		snprintf(line, sizeof line, "%s: %s dòng", phase_name(p->phase), rows);
	}
	put_line(line);
	bar->shown = true;
}

void import_progress_end(struct import_progress *bar)
{
	if (!bar->shown)
		return;
	put_line("");
	fputc('\r', stderr);
	fflush(stderr);
	bar->shown = false;
}
