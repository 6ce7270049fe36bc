/* Fatal errors, warnings and checked allocation. */
#include "base/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        die("out of memory allocating %zu bytes", size);
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        die("out of memory allocating %zu bytes", size);
    return q;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        die("out of memory allocating %zu elements of %zu bytes", n, size);
    return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        die("out of memory copying a string of %zu bytes", strlen(s));
    return d;
}

char *xstrndup(const char *s, size_t n)
{
    char *d = strndup(s, n);
    if (!d)
        die("out of memory copying a string of %zu bytes", n);
    return d;
}

char *xasprintf(const char *fmt, ...)
{
    char *s;
    va_list ap;
    va_start(ap, fmt);
    int rc = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (rc < 0)
        die("out of memory formatting a string");
    return s;
}

void *xgrow(void *v, size_t n, size_t *cap, size_t min, size_t size)
{
    if (n < *cap)
        return v;
    size_t c = *cap ? *cap : MAX(min, (size_t)1);
    while (c <= n)
        c *= 2;
    *cap = c;
    return xreallocarray(v, c, size);
}

void assert_fail(const char *expr, const char *file, int line)
{
    fflush(stdout);
    fprintf(stderr, "unidos: internal error: %s:%d: assertion '%s' failed\n", file, line,
            expr);
    abort();
}
