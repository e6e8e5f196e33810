/* The key map, checked and written out (tests/cli/test_keymap.sh):
 *   keymap conflicts            the keys with two meanings outside the
 *                               intended families; exits 1 when any
 *   keymap markdown SCREEN      the key table of a screen, as the README has it
 *   keymap check-readme FILE    every block of FILE between
 *                               "<!-- keys: SCREEN -->" and "<!-- /keys -->"
 *                               is the table of that screen; exits 1 if not
 *   keymap write-readme FILE    writes those blocks anew */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnscd/util.h"
#include "keys.h"

static const struct {
	const char *name;
	unsigned ctx;
} screens[] = {
	{"units", CTX_UNITS}, {"teams", CTX_TEAMS}, {"members", CTX_MEMBERS}, {"form", CTX_FORM},
	{"ask", CTX_ASK}, {"search", CTX_SEARCH}, {"report", CTX_REPORT}, {"results", CTX_RESULTS},
	{"grid", CTX_GRID}, {"unit-grid", CTX_UNIT_GRID}, {"approval", CTX_APPROVAL}, {"trainings", CTX_TRAININGS},
	{"checkin", CTX_CHECKIN}, {"history", CTX_HISTORY}, {"indicators", CTX_INDICATORS}, {"targets", CTX_TARGETS},
	{"bundle", CTX_BUNDLE}, {"start", CTX_START}, {"place", CTX_PLACE}, {"files", CTX_FILES},
	{"problems", CTX_PROBLEMS}, {"dialog", CTX_DIALOG}, {"choice", CTX_CHOICE}, {"help", CTX_HELP},
	{"duplicates", CTX_DUPLICATES}, {"villages", CTX_VILLAGES},
};

static void print_line(const char *text, void *ctx)
{
	(void)ctx;
	puts(text);
}

static void add_line(const char *text, void *ctx)
{
	cn_buf_printf(ctx, "%s\n", text);
}

static bool table_of(const char *name, cn_buf *out)
{
	for (size_t i = 0; i < CN_ARRAY_LEN(screens); i++)
		if (strcmp(screens[i].name, name) == 0) {
			keys_markdown(screens[i].ctx, add_line, out);
			return true;
		}
	return false;
}

/* FILE with its key blocks made anew; *STALE counts the blocks that differ. */
static char *readme_blocks(const char *path, int *blocks, int *stale)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	cn_buf in = {0}, out = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		cn_buf_add(&in, chunk, n);
	fclose(f);
	const char *p = cn_buf_str(&in);
	*blocks = *stale = 0;
	for (;;) {
		const char *open = strstr(p, "<!-- keys: ");
		const char *close = open ? strstr(open, "<!-- /keys -->") : NULL;
		if (!open || !close) {
			cn_buf_adds(&out, p);
			break;
		}
		const char *name_end = strstr(open, " -->");
		const char *body = strchr(open, '\n');
		if (!name_end || !body || body > close) {
			fprintf(stderr, "%s: a key block without its name line\n", path);
			exit(2);
		}
		char *name = cn_strndup(open + 11, (size_t)(name_end - open - 11));
		cn_buf table = {0};
		if (!table_of(name, &table)) {
			fprintf(stderr, "%s: no screen «%s»\n", path, name);
			exit(2);
		}
		(*blocks)++;
		size_t have = (size_t)(close - body - 1);
		if (have != table.len || memcmp(body + 1, cn_buf_str(&table), have) != 0) {
			(*stale)++;
			fprintf(stderr, "%s: the keys of «%s» differ from the key table\n", path, name);
		}
		cn_buf_add(&out, p, (size_t)(body + 1 - p));
		cn_buf_adds(&out, cn_buf_str(&table));
		p = close;
		cn_buf_free(&table);
		free(name);
		cn_buf_adds(&out, "<!-- /keys -->");
		p += strlen("<!-- /keys -->");
	}
	cn_buf_free(&in);
	return cn_buf_steal(&out);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "conflicts") == 0)
		return keys_conflicts(print_line, NULL) ? 1 : 0;
	if (argc == 3 && strcmp(argv[1], "markdown") == 0) {
		cn_buf t = {0};
		if (!table_of(argv[2], &t))
			return 2;
		fputs(cn_buf_str(&t), stdout);
		cn_buf_free(&t);
		return 0;
	}
	if (argc == 3 && (strcmp(argv[1], "check-readme") == 0 || strcmp(argv[1], "write-readme") == 0)) {
		int blocks, stale;
		char *text = readme_blocks(argv[2], &blocks, &stale);
		if (argv[1][0] == 'w') {
			FILE *f = fopen(argv[2], "wb");
			if (!f || fputs(text, f) == EOF || fclose(f) != 0)
				return 2;
		}
		printf("%d key tables, %d differ\n", blocks, stale);
		free(text);
		return argv[1][0] == 'c' && (stale || !blocks) ? 1 : 0;
	}
	fprintf(stderr, "usage: keymap conflicts | markdown SCREEN | check-readme FILE | write-readme FILE\n");
	return 2;
}
