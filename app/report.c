/* Check results to stderr and to the --report file. */
#include "app/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DETAIL_MAX_LINES 80

struct report {
    FILE *f;
    unsigned failures;
};

struct report *report_new(const char *path)
{
    struct report *r = xcalloc(1, sizeof *r);
    if (path && !(r->f = fopen(path, "w")))
        warn("--report %s: cannot create the file", path);
    return r;
}

void report_free(struct report *r)
{
    if (!r)
        return;
    if (r->f)
        fclose(r->f);
    free(r);
}

void report_fail(struct report *r, const char *fmt, ...)
{
    va_list ap;
    char msg[1024];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (char *p = msg; (p = strchr(p, '\n')) != NULL;)
        *p = ' ';
    r->failures++;
    fprintf(stderr, "%s\n", msg);
    if (r->f)
        fprintf(r->f, "FAIL %s\n", msg), fflush(r->f);
}

void report_detail(struct report *r, const char *text)
{
    unsigned lines = 0;
    for (const char *p = text; *p && lines < DETAIL_MAX_LINES; lines++) {
        size_t n = strcspn(p, "\n");
        fprintf(stderr, "  %.*s\n", (int)n, p);
        if (r->f)
            fprintf(r->f, "| %.*s\n", (int)n, p);
        p += n + (p[n] == '\n');
    }
    if (r->f)
        fflush(r->f);
}

void report_updated(struct report *r, const char *path)
{
    fprintf(stderr, "updated %s\n", path);
    if (r->f)
        fprintf(r->f, "UPDATED %s\n", path), fflush(r->f);
}

void report_skip(struct report *r, const char *why)
{
    fprintf(stderr, "skipped: %s\n", why);
    if (r->f)
        fprintf(r->f, "SKIP %s\n", why), fflush(r->f);
}

unsigned report_failures(const struct report *r)
{
    return r->failures;
}
