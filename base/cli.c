/* Command-line options from tables: parsing, messages and --help. */
#include "base/cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HELP_INDENT 2  /* before the option names */
#define HELP_COLUMN 27 /* where the help text starts */
#define HELP_WIDTH 80  /* the longest line */

void cli_usage(const struct cli *c, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", c->prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help' for more information.\n", c->prog);
}

bool cli_seconds(const char *v, double *out)
{
    char *end;
    double s = strtod(v, &end);
    if (!*v || *end || !isfinite(s) || !(s > 0) || s > CLI_SECONDS_MAX)
        return false;
    *out = s;
    return true;
}

bool cli_count(const char *v, uint64_t max, uint64_t *out)
{
    char *end;
    if (*v < '0' || *v > '9')
        return false;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (*end || errno == ERANGE || n == 0 || n > max)
        return false;
    *out = n;
    return true;
}

int cli_name_index(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (names[i] && !strcmp(s, names[i]))
            return (int)i;
    return -1;
}

/* The option arg names (a short or a long option), or NULL. value_at is set
 * to the value inside arg ("--name=V") or NULL. */
static const struct cli_option *find(const struct cli *c, const char *arg, void **ctx,
                                     const char **value_at)
{
    *value_at = NULL;
    for (size_t t = 0; t < c->ntables; t++) {
        const struct cli_table *tab = &c->tables[t];
        for (size_t k = 0; k < tab->n; k++) {
            const struct cli_option *o = &tab->opts[k];
            size_t n = strlen(o->name);
            if (o->flags & c->exclude)
                continue;
            *ctx = tab->ctx;
            if (o->short_name && arg[1] == o->short_name && !arg[2])
                return o;
            if (arg[1] != '-' || strncmp(arg + 2, o->name, n))
                continue;
            if (!arg[2 + n])
                return o;
            if (arg[2 + n] == '=' && o->arg) {
                *value_at = arg + 3 + n;
                return o;
            }
        }
    }
    return NULL;
}

static const char *g_why; /* cli_refuse's reason for the value being set */

enum cli_set cli_refuse(const char *why)
{
    g_why = why;
    return CLI_SET_INVALID;
}

const struct cli_option *cli_find(const struct cli *c, const char *name, void **ctx)
{
    for (size_t t = 0; t < c->ntables; t++) {
        const struct cli_table *tab = &c->tables[t];
        for (size_t k = 0; k < tab->n; k++) {
            const struct cli_option *o = &tab->opts[k];
            if (!(o->flags & c->exclude) && !strcmp(o->name, name)) {
                *ctx = tab->ctx;
                return o;
            }
        }
    }
    return NULL;
}

enum cli_set cli_set(const struct cli *c, const struct cli_option *o, void *ctx, const char *v,
                     const char *where)
{
    g_why = NULL;
    enum cli_set rc = o->set(ctx, v);
    if (rc != CLI_SET_INVALID)
        return rc;
    fprintf(stderr, "%s: ", c->prog);
    if (where)
        fprintf(stderr, "%s: ", where);
    if (g_why)
        fprintf(stderr, "--%s %s: %s\n", o->name, v ? v : "", g_why);
    else
        fprintf(stderr, "invalid %s: '%s'\n", o->what, v ? v : "");
    return rc;
}

static enum cli_set take_set(void *tctx, const struct cli_option *o, void *ctx, const char *v)
{
    return cli_set(tctx, o, ctx, v, NULL);
}

/* One option at argv[*i] (its value may be the next argument). */
static int parse_one(const struct cli *c, int argc, char **argv, int *i, cli_take_fn *take,
                     void *tctx)
{
    const char *a = argv[*i], *v;
    void *ctx;
    const struct cli_option *o = find(c, a, &ctx, &v);
    if (!o) {
        void *lctx;
        if (a[1] != '-' && cli_find(c, a + 1, &lctx)) /* DOSBox's -conf */
            cli_usage(c, "unknown option '%s' (long options take two dashes: -%s)", a, a);
        else
            cli_usage(c, "unknown option '%s'", a);
        return -1;
    }
    if (o->arg && !v) {
        if (*i + 1 >= argc) {
            cli_usage(c, "option %s needs a value", a);
            return -1;
        }
        v = argv[++*i];
    }
    enum cli_set rc = take(tctx, o, ctx, v);
    if (rc == CLI_SET_INVALID)
        return -1;
    return rc == CLI_SET_STOP ? 1 : 0;
}

int cli_parse_with(const struct cli *c, int argc, char **argv, int *i, cli_take_fn *take,
                   void *tctx)
{
    for (; *i < argc && argv[*i][0] == '-' && argv[*i][1]; ++*i) {
        if (!strcmp(argv[*i], "--")) {
            ++*i;
            return 0;
        }
        int rc = parse_one(c, argc, argv, i, take, tctx);
        if (rc)
            return rc;
    }
    return 0;
}

int cli_parse(const struct cli *c, int argc, char **argv, int *i)
{
    /* take_set only reads c: the cast drops the const it gives back */
    return cli_parse_with(c, argc, argv, i, take_set, (void *)(uintptr_t)c);
}

/* The length of the word at p: up to a space outside braces ({wait 500ms}
 * is one word). */
static size_t word_len(const char *p)
{
    size_t n = 0;
    int depth = 0;
    for (; p[n] && (p[n] != ' ' || depth > 0); n++) {
        if (p[n] == '{' && p[n + 1] == '{')
            n++; /* "{{": a brace in key scripts */
        else if (p[n] == '{')
            depth++;
        else if (p[n] == '}' && depth > 0)
            depth--;
    }
    return n;
}

/* Print text from column col, wrapped at HELP_WIDTH, continuation lines
 * starting at HELP_COLUMN. */
static void wrap(FILE *f, const char *text, int col)
{
    const char *p = text;
    while (*p) {
        size_t w = word_len(p);
        if (col > HELP_COLUMN && col + 1 + (int)w > HELP_WIDTH) {
            fprintf(f, "\n%*s", HELP_COLUMN, "");
            col = HELP_COLUMN;
        } else if (col > HELP_COLUMN) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, w, f);
        col += (int)w;
        p += w;
        p += strspn(p, " ");
    }
    fputc('\n', f);
}

static void help_option(FILE *f, const struct cli_option *o)
{
    int col = fprintf(f, "%*s", HELP_INDENT, "");
    if (o->short_name)
        col += fprintf(f, "-%c, ", o->short_name);
    else
        col += fprintf(f, "    ");
    col += fprintf(f, "--%s", o->name);
    if (o->arg)
        col += fprintf(f, " %s", o->arg);
    if (col + 1 > HELP_COLUMN) {
        fputc('\n', f);
        col = 0;
    }
    fprintf(f, "%*s", HELP_COLUMN - col, "");
    char text[CLI_HELP_MAX];
    snprintf(text, sizeof text, "%s%s", o->help, o->flags & CLI_REPEAT ? CLI_REPEAT_NOTE : "");
    wrap(f, text, HELP_COLUMN);
}

void cli_help(const struct cli *c, FILE *f)
{
    for (size_t t = 0; t < c->ntables; t++) {
        const struct cli_table *tab = &c->tables[t];
        if (t)
            fputc('\n', f);
        if (tab->heading)
            fprintf(f, "%s\n", tab->heading);
        for (size_t k = 0; k < tab->n; k++)
            if (!(tab->opts[k].flags & c->exclude))
                help_option(f, &tab->opts[k]);
    }
}
