/* Command-line syntax: pipelines, redirections, command words, arguments,
 * switches, batch parameter expansion and FOR, as COMMAND.COM reads them. */
#include "shell/parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/common.h"

#define SH_PATH_CAP 128

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Separators between arguments besides blanks (MS-DOS COMMAND.COM). */
static bool is_separator(char c)
{
    return c == ',' || c == ';' || c == '=';
}

bool sh_blank(const char *s)
{
    while (is_blank(*s))
        s++;
    return *s == 0;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = xcalloc(1, n + 1);
    memcpy(d, s, n);
    return d;
}

/* A redirection target at *p (after the operator): blanks, then a name up
 * to a blank or an operator; quotes are dropped. NULL when empty. */
static char *take_target(const char **p)
{
    char buf[SH_PATH_CAP];
    size_t n = 0;
    bool q = false;
    while (is_blank(**p))
        (*p)++;
    for (; **p && (q || (!is_blank(**p) && !strchr("<>|", **p))); (*p)++) {
        if (**p == '"')
            q = !q;
        else if (n + 1 < sizeof buf)
            buf[n++] = **p;
    }
    return n ? dup_n(buf, n) : NULL;
}

/* One stage: the command text with its redirections taken out. */
static int parse_stage(const char *s, size_t len, struct sh_stage *st)
{
    char *text = dup_n(s, len), *cmd = xcalloc(1, len + 1);
    const char *p = text;
    size_t n = 0;
    bool q = false;
    int rc = 0;
    memset(st, 0, sizeof *st);
    while (*p && rc == 0) {
        if (*p == '"')
            q = !q;
        if (q || (*p != '<' && *p != '>')) {
            cmd[n++] = *p++;
            continue;
        }
        bool out = *p == '>', append = out && p[1] == '>';
        p += append ? 2 : 1;
        char *target = take_target(&p), **slot = out ? &st->out : &st->in;
        if (!target) {
            rc = -1;
            break;
        }
        free(*slot);
        *slot = target;
        if (out)
            st->append = append;
    }
    free(text);
    st->cmd = cmd;
    return rc;
}

static void stage_free(struct sh_stage *st)
{
    free(st->cmd);
    free(st->in);
    free(st->out);
    memset(st, 0, sizeof *st);
}

void sh_pipeline_free(struct sh_pipeline *pl)
{
    for (unsigned i = 0; i < pl->n; i++)
        stage_free(&pl->st[i]);
    pl->n = 0;
}

int sh_parse_pipeline(const char *line, struct sh_pipeline *pl)
{
    const char *p = line;
    memset(pl, 0, sizeof *pl);
    if (sh_blank(line))
        return 0;
    for (;;) {
        const char *start = p;
        bool q = false;
        for (; *p && (q || *p != '|'); p++)
            if (*p == '"')
                q = !q;
        if (pl->n == SH_PIPE_MAX)
            break;
        struct sh_stage *st = &pl->st[pl->n++];
        if (parse_stage(start, (size_t)(p - start), st) < 0)
            break;
        bool lone = pl->n == 1 && !*p;
        if (!lone && sh_blank(st->cmd))
            break; /* "A | | B", "| B", "A |" */
        if (!*p)
            return 0;
        p++;
    }
    sh_pipeline_free(pl);
    return -1;
}

size_t sh_command_word(const char *cmd, char *name, size_t cap)
{
    const char *p = cmd;
    size_t n = 0;
    while (is_blank(*p) || is_separator(*p))
        p++;
    for (; *p && !is_blank(*p) && !strchr(",;=+/\"<>|", *p); p++)
        if (n + 1 < cap)
            name[n++] = *p;
    name[n] = 0;
    return (size_t)(p - cmd);
}

size_t sh_internal_prefix(const char *word, const char *iname)
{
    size_t n = strlen(iname);
    if (strncasecmp(word, iname, n))
        return 0;
    return word[n] == 0 || strchr(".\\:[]", word[n]) ? n : 0;
}

bool sh_next_arg(const char **p, char *out, size_t cap)
{
    const char *s = *p;
    size_t n = 0;
    bool q = false;
    while (is_blank(*s) || is_separator(*s))
        s++;
    if (!*s) {
        *p = s;
        out[0] = 0;
        return false;
    }
    for (; *s && (q || (!is_blank(*s) && !is_separator(*s))); s++) {
        if (*s == '"')
            q = !q;
        if (n + 1 < cap)
            out[n++] = *s;
    }
    out[n] = 0;
    *p = s;
    return true;
}

bool sh_next_word(const char **p, char *out, size_t cap)
{
    const char *s = *p;
    size_t n = 0;
    bool q = false;
    while (is_blank(*s))
        s++;
    out[0] = 0;
    *p = s;
    if (!*s)
        return false;
    for (; *s && (q || !is_blank(*s)); s++) {
        if (*s == '"')
            q = !q;
        else if (n + 1 < cap)
            out[n++] = *s;
    }
    out[n] = 0;
    *p = s;
    return true;
}

size_t sh_take_switches(char *args, struct sh_switch *sw, size_t max)
{
    size_t n = 0;
    char *w = args;
    bool q = false;
    for (const char *p = args; *p;) {
        if (*p == '"')
            q = !q;
        if (q || *p != '/' || !p[1] || is_blank(p[1])) {
            *w++ = *p++;
            continue;
        }
        struct sh_switch one = {.letter = (char)toupper((unsigned char)p[1])};
        size_t k = 0;
        p += 2;
        if (*p == ':')
            p++;
        for (; *p && !is_blank(*p) && *p != '/'; p++)
            if (k + 1 < sizeof one.value)
                one.value[k++] = (char)toupper((unsigned char)*p);
        if (n < max)
            sw[n++] = one;
        if (w > args && !is_blank(w[-1]) && *p && !is_blank(*p))
            *w++ = ' '; /* "A/WB" keeps A and B apart */
    }
    *w = 0;
    return n;
}

/* ---- batch parameters ---- */

struct outbuf {
    char *s;
    size_t n, cap;
};

static void put(struct outbuf *o, const char *s, size_t len)
{
    while (len-- && o->n + 1 < o->cap)
        o->s[o->n++] = *s++;
    o->s[o->n] = 0;
}

void sh_expand_batch(const char *line, char *const *args, int nargs, int shift,
                     sh_getenv_fn *getenv_fn, void *ctx, char *out, size_t cap)
{
    struct outbuf o = {out, 0, cap};
    char name[SH_LINE_MAX], value[SH_LINE_MAX];
    out[0] = 0;
    for (const char *p = line; *p;) {
        if (*p != '%') {
            put(&o, p++, 1);
        } else if (p[1] == '%') {
            put(&o, "%", 1);
            p += 2;
        } else if (isdigit((unsigned char)p[1])) {
            int i = shift + (p[1] - '0');
            if (i < nargs)
                put(&o, args[i], strlen(args[i]));
            p += 2;
        } else {
            const char *end = strchr(p + 1, '%');
            if (!end) {
                p++; /* a lone %: dropped, as DOS does */
                continue;
            }
            size_t n = MIN((size_t)(end - p - 1), sizeof name - 1);
            for (size_t i = 0; i < n; i++)
                name[i] = (char)toupper((unsigned char)p[1 + i]);
            name[n] = 0;
            if (n && getenv_fn(ctx, name, value, sizeof value))
                put(&o, value, strlen(value));
            p = end + 1;
        }
    }
}

/* ---- FOR ---- */

/* Match keyword kw (any case) at *p followed by a blank or stop. */
static bool keyword(const char **p, const char *kw, char stop)
{
    size_t n = strlen(kw);
    if (strncasecmp(*p, kw, n) || !(is_blank((*p)[n]) || (*p)[n] == stop))
        return false;
    *p += n;
    while (is_blank(**p))
        (*p)++;
    return true;
}

int sh_parse_for(const char *tail, struct sh_for_syntax *f)
{
    const char *p = tail;
    while (is_blank(*p))
        p++;
    if (*p++ != '%')
        return -1;
    if (*p == '%')
        p++;
    f->var = *p++;
    if (!f->var || is_blank(f->var) || f->var == '%')
        return -1;
    while (is_blank(*p))
        p++;
    if (!keyword(&p, "IN", '(') || *p++ != '(')
        return -1;
    const char *close = strchr(p, ')');
    if (!close)
        return -1;
    f->set = p;
    f->set_len = (size_t)(close - p);
    p = close + 1;
    while (is_blank(*p))
        p++;
    if (!keyword(&p, "DO", 0) || sh_blank(p))
        return -1;
    f->cmd = p;
    return 0;
}

void sh_for_subst(const char *cmd, char var, const char *value, char *out, size_t cap)
{
    struct outbuf o = {out, 0, cap};
    out[0] = 0;
    for (const char *p = cmd; *p;) {
        if (p[0] == '%' && p[1] == var) {
            put(&o, value, strlen(value));
            p += 2;
        } else {
            put(&o, p++, 1);
        }
    }
}
