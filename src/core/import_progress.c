/* The progress line of an import, the same on the command line (stderr)
 * and on the screen (the message line): the phase, a bar when how much is
 * done is known, the rows, the rows per second of the phase. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/import.h"
#include "cnscd/os.h"
#include "cnscd/stats.h"

/* Below this, an import ends before anyone wonders. CNSCD_PROGRESS_AFTER_MS
 * changes it, for the tests: a small import on a fast machine can end
 * before the second. */
#define SHOW_AFTER_S 1.0
#define BAR_CELLS 20

static const char *phase_name(int phase)
{
	switch (phase) {
	case CN_IMPORT_READING: return "Đọc và kiểm tra";
	case CN_IMPORT_CHECKING: return "Kiểm tra chéo";
	case CN_IMPORT_WRITING: return "Ghi";
	default: return "";
	}
}

bool cn_import_progress_line(cn_import_meter *m, const cn_import_progress *p, char *out, size_t size)
{
	if (p->phase != m->phase) {
		m->phase = p->phase;
		m->phase_start = p->elapsed_s;
		m->phase_rows = p->phase == CN_IMPORT_WRITING ? p->rows : 0;
	}
	if (m->show_after_s == 0) {
		const char *env = cn_os_getenv("CNSCD_PROGRESS_AFTER_MS");
		m->show_after_s = env && *env ? atof(env) / 1000 : SHOW_AFTER_S;
		if (m->show_after_s <= 0)
			m->show_after_s = 1e-9;
	}
	if (p->elapsed_s < m->show_after_s)
		return false;
	char cells[BAR_CELLS * 3 + 1] = "", rows[CN_NUM_TEXT_LEN], rate[CN_NUM_TEXT_LEN], total[CN_NUM_TEXT_LEN];
	int filled = p->fraction < 0 ? 0 : p->fraction >= 1 ? BAR_CELLS : (int)(p->fraction * BAR_CELLS);
	for (int i = 0; i < BAR_CELLS; i++)
		strcat(cells, i < filled ? "█" : "░");
	double seconds = p->elapsed_s - m->phase_start;
	long long per_s = seconds > 0.05 ? (long long)((double)(p->rows - m->phase_rows) / seconds) : 0;
	cn_count_text(p->rows, rows);
	cn_count_text(per_s, rate);
	if (p->total > 0) {
		cn_count_text(p->total, total);
		snprintf(out, size, "%s %s %s/%s dòng, %s dòng/giây", phase_name(p->phase), cells, rows, total, rate);
	} else if (p->fraction >= 0) {
		snprintf(out, size, "%s %s %s dòng, %s dòng/giây", phase_name(p->phase), cells, rows, rate);
	} else {
		snprintf(out, size, "%s: %s dòng", phase_name(p->phase), rows);
	}
	return true;
}
