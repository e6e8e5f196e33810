#define _GNU_SOURCE
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "t.h"

/* _exit skips LeakSanitizer's check at exit: a test run in a sanitizer
 * build checks for leaks itself before leaving (a leak then fails it). */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define t_leak_check() __lsan_do_leak_check()
#else
#define t_leak_check() ((void)0)
#endif

struct t_case {
	const char *name;
	t_fn fn;
};

static struct t_case cases[512];
static int ncases;
static char tmpdir[256];
static int failures;
static const char *current;

void t_register(const char *name, t_fn fn)
{
	if (ncases < (int)(sizeof cases / sizeof cases[0]))
		cases[ncases++] = (struct t_case){name, fn};
}

void t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "    %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	failures++;
}

void t_skip(const char *why)
{
	fflush(stderr);
	printf("SKIP unit/%s: %s\n", current, why);
	fflush(stdout);
	_exit(3);
}

const char *t_tmpdir(void) { return tmpdir; }

const char *t_path(const char *name)
{
	static char ring[4][4096];
	static int next;
	char *p = ring[next++ % 4];
	snprintf(p, 4096, "%s/%s", tmpdir, name);
	return p;
}

const char *t_fixture(const char *name)
{
	static char ring[4][4096];
	static int next;
	char *p = ring[next++ % 4];
	const char *src = getenv("CNSCD_SOURCE_DIR");
	snprintf(p, 4096, "%s/tests/fixtures/%s", src ? src : ".", name);
	return p;
}

const char *t_write_file(const char *name, const char *text)
{
	const char *path = t_path(name);
	FILE *f = fopen(path, "wb");
	if (!f) {
		t_fail(__FILE__, __LINE__, "cannot write %s", path);
		return path;
	}
	fputs(text, f);
	fclose(f);
	return path;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st, (void)ftw;
	return (type == FTW_DP ? rmdir(path) : unlink(path)) != 0 ? -1 : 0;
}

/* Removes DIR and everything in it (rm -rf without a shell per test). */
static void remove_tree(const char *dir)
{
	if (nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static int run_case(const struct t_case *c)
{
	char tmpl[] = "/tmp/cnscd-test-XXXXXX";
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(tmpdir, sizeof tmpdir, "%s", tmpl);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		failures = 0;
		current = c->name;
		c->fn();
		fflush(stdout);
		t_leak_check();
		_exit(failures ? 1 : 0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	remove_tree(tmpdir);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
		return 3;
	if (WIFSIGNALED(status))
		fprintf(stderr, "    crashed with signal %d\n", WTERMSIG(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	int failed = 0;
	char run_dir[] = "/tmp/cnscd-run-XXXXXX";
	if (!mkdtemp(run_dir)) {
		perror("mkdtemp");
		return 1;
	}
	t_prepare(run_dir);
	for (int i = 0; i < ncases; i++) {
		const struct t_case *c = &cases[i];
		if (argc > 1 && !strstr(c->name, argv[1]))
			continue;
		int rc = run_case(c);
		if (rc == 3)
			continue; /* SKIP line already printed */
		printf("%s unit/%s\n", rc == 0 ? "PASS" : "FAIL", c->name);
		fflush(stdout);
		failed += rc != 0;
	}
	remove_tree(run_dir);
	return failed ? 1 : 0;
}
