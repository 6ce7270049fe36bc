/* The manual page, unidos.1, in roff (man(7)): written from the option
 * tables and the texts of --help, so the two never disagree. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"

#ifndef UNIDOS_VERSION
#define UNIDOS_VERSION "0.1.0"
#endif

/* text with roff's special characters escaped: backslashes, the minus
 * signs of options ("\-"), and a '.' or '\'' that would start a request. */
static void roff(FILE *f, const char *text)
{
    for (const char *p = text; *p; p++) {
        bool minus = *p == '-' && (p == text || p[1] == '-' || isspace((unsigned char)p[-1]) ||
                                   strchr("([/'-", p[-1]));
        if (*p == '\\')
            fputs("\\e", f);
        else if (minus)
            fputs("\\-", f);
        else if ((p == text || p[-1] == '\n') && (*p == '.' || *p == '\''))
            fprintf(f, "\\&%c", *p);
        else
            fputc(*p, f);
    }
}

/* Paragraphs separated by blank lines. */
static void paragraphs(FILE *f, const char *text)
{
    const char *p = text;
    while (*p) {
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char buf[4096];
        snprintf(buf, sizeof buf, "%.*s", (int)n, p);
        if (p != text)
            fputs(".PP\n", f);
        roff(f, buf);
        fputc('\n', f);
        p += n;
        p += strspn(p, "\n");
    }
}

static void option(FILE *f, const struct cli_option *o)
{
    fputs(".TP\n", f);
    if (o->short_name)
        fprintf(f, "\\fB\\-%c\\fR, ", o->short_name);
    fputs("\\fB\\-\\-", f);
    roff(f, o->name);
    fputs("\\fR", f);
    if (o->arg) {
        fputs(" \\fI", f);
        roff(f, o->arg);
        fputs("\\fR", f);
    }
    fputc('\n', f);
    roff(f, o->help);
    fputs(o->flags & CLI_REPEAT ? CLI_REPEAT_NOTE "\n" : "\n", f);
}

/* "options:" -> "Options". */
static void subsection(FILE *f, const char *heading)
{
    char title[64];
    snprintf(title, sizeof title, "%s", heading);
    title[0] = (char)toupper((unsigned char)title[0]);
    size_t n = strlen(title);
    if (n && title[n - 1] == ':')
        title[n - 1] = 0;
    fprintf(f, ".SS \"%s\"\n", title);
}

static void table(FILE *f, const struct cli_table *t, unsigned exclude, const char *fallback)
{
    if (t->heading || fallback)
        subsection(f, t->heading ? t->heading : fallback);
    for (size_t k = 0; k < t->n; k++)
        if (!(t->opts[k].flags & exclude))
            option(f, &t->opts[k]);
}

static void section(FILE *f, const struct app_section *s)
{
    fprintf(f, ".SH \"%s\"\n", s->title);
    if (s->text)
        paragraphs(f, s->text);
    for (size_t i = 0; i < s->nterms; i++) {
        fputs(".TP\n.B ", f);
        roff(f, s->terms[i].term);
        fputc('\n', f);
        roff(f, s->terms[i].text);
        fputc('\n', f);
    }
}

void app_man(const struct cli *c, const struct cli_table *test, FILE *f)
{
    const struct app_doc *d = app_doc();
    fprintf(f,
            ".\\\" Written by unidos --generate man from its option tables: do not edit.\n"
            ".TH UNIDOS 1 \"\" \"unidos %s\" \"User Commands\"\n.nh\n.SH NAME\nunidos \\- ",
            UNIDOS_VERSION);
    roff(f, d->summary);
    fputs("\n.SH SYNOPSIS\n", f);
    for (size_t i = 0; i < d->nsynopsis; i++) {
        fputs(i ? ".br\n.B unidos\n" : ".B unidos\n", f);
        roff(f, d->synopsis[i]);
        fputc('\n', f);
    }
    fputs(".SH DESCRIPTION\n", f);
    paragraphs(f, d->description);
    fputs(".SH OPTIONS\n", f);
    for (size_t t = 0; t < c->ntables; t++)
        table(f, &c->tables[t], c->exclude, "Information and configuration files");
    for (size_t i = 0; i < d->nbefore; i++)
        section(f, &d->before[i]);
    fputs(".SH \"TEST CASES\"\n.B unidos test\n[options] DIR|CASE.uds...\n.PP\n"
          "runs regression test cases in parallel and prints TAP; see the manual.\n",
          f);
    table(f, test, 0, NULL);
    for (size_t i = 0; i < d->nafter; i++)
        section(f, &d->after[i]);
}
