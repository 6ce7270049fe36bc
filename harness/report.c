/* Check results to stderr and to the --report file. */
#include "harness/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DETAIL_MAX_LINES 80

struct report {
    FILE *f;    /* the --report file, or the memory stream */
    bool quiet; /* nothing on stderr */
    char *mem;  /* report_new_buffer */
    size_t mem_len;
    unsigned failures;
};

#define ERR(r, ...) ((r)->quiet ? (void)0 : (void)fprintf(stderr, __VA_ARGS__))

struct report *report_new(const char *path)
{
    struct report *r = xcalloc(1, sizeof *r);
    if (path && !(r->f = fopen(path, "w")))
        warn("--report %s: cannot create the file", path);
    return r;
}

struct report *report_new_buffer(void)
{
    struct report *r = xcalloc(1, sizeof *r);
    r->quiet = true;
    r->f = open_memstream(&r->mem, &r->mem_len);
    if (!r->f)
        die("out of memory for a report buffer");
    return r;
}

const char *report_text(const struct report *r)
{
    fflush(r->f);
    return r->mem ? r->mem : "";
}

void report_free(struct report *r)
{
    if (!r)
        return;
    if (r->f)
        fclose(r->f);
    free(r->mem);
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
    ERR(r, "%s\n", msg);
    if (r->f) {
        fprintf(r->f, "FAIL %s\n", msg);
        fflush(r->f);
    }
}

void report_detail(struct report *r, const char *text)
{
    unsigned lines = 0;
    for (const char *p = text; *p && lines < DETAIL_MAX_LINES; lines++) {
        size_t n = strcspn(p, "\n");
        ERR(r, "  %.*s\n", (int)n, p);
        if (r->f)
            fprintf(r->f, "| %.*s\n", (int)n, p);
        p += n + (p[n] == '\n');
    }
    if (r->f)
        fflush(r->f);
}

void report_updated(struct report *r, const char *path)
{
    ERR(r, "updated %s\n", path);
    if (r->f) {
        fprintf(r->f, "UPDATED %s\n", path);
        fflush(r->f);
    }
}

void report_skip(struct report *r, const char *why)
{
    ERR(r, "skipped: %s\n", why);
    if (r->f) {
        fprintf(r->f, "SKIP %s\n", why);
        fflush(r->f);
    }
}

unsigned report_failures(const struct report *r)
{
    return r->failures;
}
