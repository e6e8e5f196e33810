/* Key replay for the benchmarks: see replay.h. A script is words separated
 * by blanks: a key name (down up left right pgdn pgup home end enter esc
 * tab bs space f1..f12, c-a..c-z for Ctrl), a single character, or N*KEY
 * for N times KEY; "# label" lines name the keys that follow in the
 * figures (a label given again adds to the same figure). When the script
 * ends the figures go to CNSCD_REPLAY_OUT (default stderr is the screen,
 * so a file is advised): one line per label with the count, median and
 * worst ms. */
#include "replay.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keys.h"
#include "cnscd/os.h"

enum { MAX_KEYS = 20000, MAX_LABELS = 32 };

static struct {
	bool loaded, active;
	int keys[MAX_KEYS], label_of[MAX_KEYS], n, next;
	char labels[MAX_LABELS][64];
	int nlabels;
	double ms[MAX_KEYS], started;
} rp;

static double now_ms(void)
{
	return (double)cn_os_monotonic_ms();
}

static int key_named(const char *w)
{
	static const struct { const char *name; int key; } names[] = {
		{"down", TK_K(KEY_DOWN)}, {"up", TK_K(KEY_UP)}, {"left", TK_K(KEY_LEFT)},
		{"right", TK_K(KEY_RIGHT)}, {"pgdn", TK_K(KEY_NPAGE)}, {"pgup", TK_K(KEY_PPAGE)},
		{"home", TK_K(KEY_HOME)}, {"end", TK_K(KEY_END)}, {"enter", '\n'}, {"esc", 27},
		{"tab", '\t'}, {"bs", TK_K(KEY_BACKSPACE)}, {"space", ' '},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(w, names[i].name) == 0)
			return names[i].key;
	if ((w[0] == 'f' || w[0] == 'F') && w[1] >= '1' && w[1] <= '9')
		return TK_F(atoi(w + 1));
	if ((w[0] == 'c' || w[0] == 'C') && w[1] == '-' && w[2] >= 'a' && w[2] <= 'z' && !w[3])
		return TK_CTRL(w[2]);
	return w[0] && !w[1] ? (unsigned char)w[0] : 0;
}

static void load(const char *path)
{
	FILE *f = cn_os_fopen(path, "r");
	char line[512];
	int label = 0;
	snprintf(rp.labels[0], sizeof rp.labels[0], "keys");
	rp.nlabels = 1;
	while (f && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#') {
			/* A label given again names the same figure. */
			const char *text = line + 1 + (line[1] == ' ');
			int found = -1;
			for (int l = 0; l < rp.nlabels && found < 0; l++)
				if (strncmp(rp.labels[l], text, sizeof rp.labels[l] - 1) == 0)
					found = l;
			if (found >= 0) {
				label = found;
			} else if (rp.nlabels < MAX_LABELS) {
				label = rp.nlabels++;
				snprintf(rp.labels[label], sizeof rp.labels[label], "%s", text);
			}
			continue;
		}
		for (char *w = strtok(line, " \t"); w; w = strtok(NULL, " \t")) {
			int times = 1;
			char *star = strchr(w, '*');
			if (star) {
				times = atoi(w);
				w = star + 1;
			}
			int key = key_named(w);
			for (int i = 0; key && i < times && rp.n < MAX_KEYS; i++) {
				rp.label_of[rp.n] = label;
				rp.keys[rp.n++] = key;
			}
		}
	}
	if (f)
		fclose(f);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(void)
{
	const char *out = cn_os_getenv("CNSCD_REPLAY_OUT");
	FILE *f = out && *out ? cn_os_fopen(out, "w") : NULL;
	if (!f)
		return;
	static double v[MAX_KEYS];
	for (int l = 0; l < rp.nlabels; l++) {
		int n = 0;
		for (int i = 0; i < rp.n; i++)
			if (rp.label_of[i] == l)
				v[n++] = rp.ms[i];
		if (n == 0)
			continue;
		qsort(v, (size_t)n, sizeof *v, cmp);
		double med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
		fprintf(f, "%s\t%d\t%.2f\t%.2f\n", rp.labels[l], n, med, v[n - 1]);
	}
	fclose(f);
}

int replay_key(void)
{
	if (!rp.loaded) {
		rp.loaded = true;
		const char *script = cn_os_getenv("CNSCD_REPLAY");
		const char *exit_now = getenv("CNSCD_EXIT_AFTER_DRAW");
		rp.active = (script && *script) || (exit_now && *exit_now == '1');
		if (script && *script)
			load(script);
	}
	if (!rp.active)
		return 0;
	if (rp.next > 0) /* the previous key's handling and drawing are done */
		rp.ms[rp.next - 1] = now_ms() - rp.started;
	if (rp.next >= rp.n) {
		report();
		rp.active = false;
		return TK_TERMINATE;
	}
	rp.started = now_ms();
	return rp.keys[rp.next++];
}
