/* JUnit XML for CI systems: one <testsuite> per command-line argument, one
 * <testcase> per case with <failure> or <skipped>, the case's report and
 * what unidos said. Text is made valid UTF-8 for XML 1.0 (stray bytes read
 * as code page 437, control characters dropped). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "harness/testrun.h"
#include "base/common.h"
#include "base/cp437.h"

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    size_t k = p[0] < 0x80             ? 1
               : (p[0] & 0xE0) == 0xC0 ? 2
               : (p[0] & 0xF0) == 0xE0 ? 3
               : (p[0] & 0xF8) == 0xF0 ? 4
                                       : 0;
    if (!k || k > n || (k == 2 && p[0] < 0xC2))
        return 0;
    for (size_t i = 1; i < k; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return k;
}

static void xml_text(FILE *f, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char ch = p[i];
        size_t k = utf8_len(p + i, n - i);
        if (ch == '&' || ch == '<' || ch == '>' || ch == '"') {
            fputs(ch == '&' ? "&amp;" : ch == '<' ? "&lt;" : ch == '>' ? "&gt;" : "&quot;", f);
        } else if (ch < 0x20 && ch != '\n' && ch != '\t') {
            /* not allowed in XML 1.0 (CR dropped too: DOS line ends) */
        } else if (k) {
            fwrite(p + i, 1, k, f);
            i += k;
            continue;
        } else {
            char u[4];
            fwrite(u, 1, cp437_utf8(ch, u), f);
        }
        i++;
    }
}

static void xml_str(FILE *f, const char *s)
{
    xml_text(f, s, strlen(s));
}

/* The first FAIL line of a report (or SKIP's reason) without its tag. */
static void first_line(FILE *f, const char *report, const char *tag)
{
    const char *p = strstr(report, tag);
    if (p) {
        p += strlen(tag);
        xml_text(f, p, strcspn(p, "\n"));
    }
}

static void testcase(FILE *f, const struct tcase *c)
{
    fputs("    <testcase name=\"", f);
    xml_str(f, c->id);
    fputs("\" classname=\"", f);
    xml_str(f, c->suite);
    fprintf(f, "\" time=\"%.3f\">\n", c->secs);
    if (c->verdict == TC_SKIP) {
        fputs("      <skipped message=\"", f);
        first_line(f, c->report, "SKIP ");
        fputs("\"/>\n", f);
    } else if (c->verdict == TC_FAIL) {
        fputs("      <failure message=\"", f);
        first_line(f, c->report, "FAIL ");
        fputs("\">", f);
        xml_str(f, c->report);
        fputs("</failure>\n", f);
    }
    if (c->log && c->log[0]) {
        fputs("      <system-err>", f);
        xml_str(f, c->log);
        fputs("</system-err>\n", f);
    }
    fputs("    </testcase>\n", f);
}

static void suite(FILE *f, struct tcase *const *cases, size_t from, size_t to)
{
    size_t fail = 0, skip = 0;
    double secs = 0;
    for (size_t i = from; i < to; i++) {
        fail += cases[i]->verdict == TC_FAIL;
        skip += cases[i]->verdict == TC_SKIP;
        secs += cases[i]->secs;
    }
    fputs("  <testsuite name=\"", f);
    xml_str(f, cases[from]->suite);
    fprintf(f,
            "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"%.3f\">\n",
            to - from, fail, skip, secs);
    for (size_t i = from; i < to; i++)
        testcase(f, cases[i]);
    fputs("  </testsuite>\n", f);
}

int junit_write(const char *path, struct tcase *const *cases, size_t n, double secs)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -errno;
    size_t fail = 0, skip = 0;
    for (size_t i = 0; i < n; i++) {
        fail += cases[i]->verdict == TC_FAIL;
        skip += cases[i]->verdict == TC_SKIP;
    }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(f,
            "<testsuites name=\"unidos test\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
            "skipped=\"%zu\" time=\"%.3f\">\n",
            n, fail, skip, secs);
    for (size_t from = 0; from < n;) {
        size_t to = from + 1;
        while (to < n && !strcmp(cases[to]->suite, cases[from]->suite))
            to++;
        suite(f, cases, from, to);
        from = to;
    }
    fputs("</testsuites>\n", f);
    return fclose(f) == 0 ? 0 : -EIO;
}
