/* Common macros and the process-fatal error path shared by every module. */
#ifndef UNIDOS_BASE_COMMON_H
#define UNIDOS_BASE_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define NORETURN _Noreturn
#define PRINTF_FMT(f, a) __attribute__((format(printf, f, a)))
#define UNUSED(x) ((void)(x))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* Exit statuses of unidos itself, following getopt tools, timeout(1),
 * env(1) and the shell (128 + signal). */
enum {
    UNIDOS_EXIT_USAGE = 2,      /* a bad command line: unknown option, bad value */
    UNIDOS_EXIT_TIMEOUT = 124,  /* --timeout or an instruction limit expired */
    UNIDOS_EXIT_ERROR = 125,    /* unidos failed (host error, guest crash, input ended) */
    UNIDOS_EXIT_NOEXEC = 126,   /* the program is not a valid DOS executable */
    UNIDOS_EXIT_NOTFOUND = 127, /* the program was not found */
    UNIDOS_EXIT_SIGNAL = 128,   /* + N: stopped by signal N; 130: by the user (Ctrl-C) */
};

/* Print "unidos: <msg>" on stderr and exit with UNIDOS_EXIT_ERROR.
 * Only for host impossibilities (out of memory, Unicorn refusing to start);
 * guest mistakes are DOS errors, never die(). */
NORETURN void die(const char *fmt, ...) PRINTF_FMT(1, 2);

/* Print "unidos: <msg>" on stderr and carry on. */
void warn(const char *fmt, ...) PRINTF_FMT(1, 2);

/* Allocation that dies on failure (out of memory is a host impossibility):
 * no caller checks for NULL. Fuzz builds wrap xcalloc and free
 * (tests/fuzz/fz_alloc.c): a block from xcalloc is never given to
 * xrealloc or xgrow, which use the C library directly. */
void *xcalloc(size_t n, size_t size);
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
/* realloc of n elements of size bytes, dying on overflow too. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF_FMT(1, 2);
/* Copy at most n bytes of string s into out (cap > 0 bytes), cut short
 * to fit and always terminated; true when all of it fit. snprintf's
 * "%.*s" without the formatting machinery, for names on every DOS call. */
bool str_copy_n(char *out, size_t cap, const char *s, size_t n);

/* Room for element n of a growing array v of *cap elements of size bytes:
 * when n == *cap the capacity doubles (from min). Returns the array,
 * possibly moved. */
void *xgrow(void *v, size_t n, size_t *cap, size_t min, size_t size);

/* Started with a standard descriptor closed (`unidos PROG >&-`), the first
 * file opened would become it: console output would overwrite that file,
 * or stdin read it. Opens the null device on every closed fd 0-2; call
 * before anything opens a file. */
void std_fds_guard(void);

/* path opened read-only when it is a regular file: without waiting on a
 * FIFO (O_NONBLOCK, which changes nothing for regular files, then fstat)
 * and without moving its access time where the host allows (O_NOATIME:
 * files the user owns). The descriptor, or -1 with errno (EINVAL when it
 * is not a regular file). */
int open_regular(const char *path);

#ifdef UNIDOS_ASSERTS
#define ASSERT(c) ((c) ? (void)0 : assert_fail(#c, __FILE__, __LINE__))
#else
#define ASSERT(c) ((void)0)
#endif
NORETURN void assert_fail(const char *expr, const char *file, int line);

#endif
