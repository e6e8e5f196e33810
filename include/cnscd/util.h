/* Small things every module needs: checked allocation, a growable string,
 * and the error record that core functions fill in for the front ends. */
#ifndef CNSCD_UTIL_H
#define CNSCD_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define CN_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that never returns NULL: out of memory ends the program with a
 * message, since no caller could do anything useful instead. */
void *cn_malloc(size_t size);
void *cn_calloc(size_t n, size_t size);
void *cn_realloc(void *p, size_t size);
void *cn_reallocarray(void *p, size_t n, size_t size);
char *cn_strdup(const char *s);
char *cn_strndup(const char *s, size_t n);
char *cn_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Growable NUL-terminated byte string. Zero-initialise to start. */
typedef struct cn_buf {
	char *data;
	size_t len;
	size_t cap;
} cn_buf;

void cn_buf_reserve(cn_buf *b, size_t extra);
void cn_buf_add(cn_buf *b, const char *s, size_t n);
void cn_buf_adds(cn_buf *b, const char *s);
void cn_buf_addc(cn_buf *b, char c);
void cn_buf_printf(cn_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cn_buf_vprintf(cn_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void cn_buf_clear(cn_buf *b);
/* Hands the string to the caller (never NULL) and empties B. */
char *cn_buf_steal(cn_buf *b);
void cn_buf_free(cn_buf *b);
/* Always a valid string, "" when empty. */
const char *cn_buf_str(const cn_buf *b);

/* Error kinds; the message says the rest, in Vietnamese, for the user. */
enum cn_status {
	CN_OK = 0,
	CN_EINVAL = -1,   /* the user's input is not acceptable */
	CN_ENOTFOUND = -2,
	CN_EEXIST = -3,   /* would duplicate something unique */
	CN_EDB = -4,      /* SQLite failed */
	CN_EBUSY = -5,    /* another copy holds the database */
	CN_EIO = -6,      /* a file could not be read or written */
	CN_EFULL = -7,    /* disk full */
	CN_ERDONLY = -8,  /* database or file is read-only */
	CN_EVERSION = -9, /* database from a newer cnscd */
	CN_ECONFLICT = -10, /* the row changed since it was read */
};

typedef struct cn_error {
	int code;
	/* The input field at fault ("phone", "id_number", ...) when the error is
	 * about one field, so a form can show the message beside it; else NULL. */
	const char *field;
	char msg[1024];
} cn_error;

/* Sets ERR (if not NULL) and returns CODE, so callers can write
 * `return cn_fail(err, CN_EINVAL, "...")`. */
int cn_fail(cn_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void cn_error_clear(cn_error *err);
/* Like cn_fail, and names the field at fault. */
int cn_fail_field(cn_error *err, const char *field, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Trimmed copy of S without leading/trailing ASCII whitespace. */
char *cn_trim_dup(const char *s);
bool cn_str_empty(const char *s);  /* NULL, "" or only whitespace */

#endif
