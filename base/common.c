/* Fatal errors, warnings and checked allocation. */
#include "base/common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

bool str_copy_n(char *out, size_t cap, const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    size_t k = MIN(len, cap - 1);
    memcpy(out, s, k);
    out[k] = 0;
    return k == len;
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
    fprintf(stderr, "unidos: internal error: %s:%d: assertion '%s' failed\n", file, line, expr);
    abort();
}

void std_fds_guard(void)
{
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
            continue;
        int nul = open("/dev/null", O_RDWR);
        if (nul != fd)
            die("cannot open /dev/null for closed descriptor %d", fd);
    }
}

int open_regular(const char *path)
{
    struct stat s;
    int fl = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
    int fd = open(path, fl | O_NOATIME);
    if (fd < 0 && errno == EPERM)
        fd = open(path, fl);
    if (fd < 0)
        return -1;
    if (fstat(fd, &s) < 0 || !S_ISREG(s.st_mode)) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    return fd;
}
