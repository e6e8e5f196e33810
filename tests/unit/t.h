/* A very small test framework: TEST(name) { ... } registers a test; each
 * runs in its own process (a crash fails that test only) with a fresh
 * temporary directory, and prints PASS/FAIL/SKIP lines that tests/run.sh
 * counts. */
#ifndef CNSCD_TEST_H
#define CNSCD_TEST_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef void (*t_fn)(void);
void t_register(const char *name, t_fn fn);
void t_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void t_skip(const char *why) __attribute__((noreturn));
/* Fresh directory for this test, removed afterwards. */
const char *t_tmpdir(void);
/* "<tmpdir>/NAME" in a static buffer ring (4 entries). */
const char *t_path(const char *name);
/* Path of a fixture under tests/fixtures. */
const char *t_fixture(const char *name);
/* Work done once per run in the parent, before the first test, in a
 * folder kept until the last test ends (fixture.c). */
void t_prepare(const char *run_dir);
/* Writes TEXT to a new file in the test's directory; returns its path. */
const char *t_write_file(const char *name, const char *text);

#define TEST(name) \
	static void name(void); \
	__attribute__((constructor)) static void t_reg_##name(void) { t_register(#name, name); } \
	static void name(void)

#define CHECK(cond) \
	do { if (!(cond)) t_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); } while (0)

#define CHECK_INT(a, b) \
	do { long long t_a = (long long)(a), t_b = (long long)(b); \
	     if (t_a != t_b) t_fail(__FILE__, __LINE__, "%s == %lld, expected %s == %lld", #a, t_a, #b, t_b); \
	} while (0)

#define CHECK_STR(a, b) \
	do { const char *t_a = (a), *t_b = (b); \
	     if (!t_a || !t_b || strcmp(t_a, t_b) != 0) \
		     t_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a, t_a ? t_a : "(null)", \
			    t_b ? t_b : "(null)"); \
	} while (0)

/* Checks that HAYSTACK contains NEEDLE. */
#define CHECK_HAS(haystack, needle) \
	do { const char *t_h = (haystack), *t_n = (needle); \
	     if (!t_h || !strstr(t_h, t_n)) \
		     t_fail(__FILE__, __LINE__, "\"%s\" does not contain \"%s\"", t_h ? t_h : "(null)", t_n); \
	} while (0)

#endif
