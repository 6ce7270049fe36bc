/* Fatal errors, warnings and checked allocation. */
#include "base/common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

void assert_fail(const char *expr, const char *file, int line)
{
    fflush(stdout);
    fprintf(stderr, "unidos: internal error: %s:%d: assertion '%s' failed\n", file, line,
            expr);
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
