/* Everything the command line prints goes through here. Text that comes
 * from the database or from a file (a unit's name, a bundle's row, the
 * value an import complains about) may hold terminal controls that would
 * retitle, clear or recolour the terminal or write its clipboard (OSC 52),
 * bidi controls that reverse what follows, or invisible characters. They
 * are shown escaped instead ("\x1B", "\u202E"); line breaks and tabs, which
 * the output itself is made of, pass as they are. The escaped UTF-8 goes
 * to the standard streams on both systems; on Windows the platform layer
 * (cn_os_start) carries it on to a console as UTF-16 (WriteConsoleW), so
 * there is one path out and the escaping happens once, here. */
#ifndef CNSCD_CLI_OUT_H
#define CNSCD_CLI_OUT_H

#include <stdarg.h>
#include <stdio.h>

/* Writes the N bytes of S to F, escaped. */
void out_write(FILE *f, const char *s, size_t n);
void out_fputs(const char *s, FILE *f);
/* S and a line break to standard output. */
void out_puts(const char *s);
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_vfprintf(FILE *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Copies IN to OUT line by line, escaped (a CSV report to a terminal).
 * Returns 0, or -1 when reading or writing failed. */
int out_copy(FILE *in, FILE *out);

#endif
