/* Fatal errors, warnings and checked allocation. */
#include "base/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void vreport(const char *fmt, va_list ap)
{
    fflush(stdout);
    fputs("unidos: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap);
    va_end(ap);
    exit(UNIDOS_EXIT_ERROR);
}

void warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap);
    va_end(ap);
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        die("out of memory allocating %zu bytes", n * size);
    return p;
}

void assert_fail(const char *expr, const char *file, int line)
{
    fflush(stdout);
    fprintf(stderr, "unidos: internal error: %s:%d: assertion '%s' failed\n", file, line,
            expr);
    abort();
}
