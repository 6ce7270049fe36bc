/* The .uds parser: lines into words (quotes, ${NAME}), words into checked
 * statements. Every error names the file and line. */
#include "harness/script.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/keyscript.h"
#include "machine/options.h"
#include "base/common.h"

#define WORD_MAX 4096
#define NS_PER_MS 1000000ull
#define STATUS_MAX 255

struct pctx {
    const char *file;
    unsigned line;
    char *why; /* a `require` line: first missing variable */
    bool in_require;
    bool skipping; /* a `require` is not met: the script will not run */
};

static void perr(const struct pctx *c, const char *fmt, ...) PRINTF_FMT(2, 3);
static void perr(const struct pctx *c, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%u: ", c->file, c->line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* ---- words ---- */

struct buf {
    char b[WORD_MAX];
    size_t n;
};

static bool put(struct buf *w, char ch)
{
    if (w->n + 1 >= sizeof w->b)
        return false;
    w->b[w->n++] = ch;
    return true;
}

/* ${NAME} at *p: append its value. False on a syntax error or an unset
 * variable (inside `require` only noted: the case is skipped). */
static bool expand(struct pctx *c, const char **p, struct buf *w)
{
    const char *end = strchr(*p + 2, '}');
    char name[128];
    if (!end || end - (*p + 2) <= 0 || (size_t)(end - (*p + 2)) >= sizeof name) {
        perr(c, "bad variable reference (expected ${NAME})");
        return false;
    }
    memcpy(name, *p + 2, (size_t)(end - (*p + 2)));
    name[end - (*p + 2)] = 0;
    *p = end + 1;
    const char *v = getenv(name);
    if (!v && c->skipping)
        return true; /* the case is skipped before this line runs */
    if (!v && c->in_require) {
        if (!c->why)
            c->why = xasprintf("%s is not set", name);
        return true;
    }
    if (!v) {
        perr(c, "${%s} is not set in the environment", name);
        return false;
    }
    for (; *v; v++)
        if (!put(w, *v))
            return false;
    return true;
}

/* One word from *p (past leading blanks). Returns 1, 0 at the end of the
 * line or a comment, -1 on error. */
static int word(struct pctx *c, const char **p, struct buf *w)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    w->n = 0;
    if (!*s || *s == '#') {
        *p = s;
        return 0;
    }
    char quote = 0;
    bool ok = true;
    while (ok && *s && (quote || (*s != ' ' && *s != '\t'))) {
        if (!quote && (*s == '\'' || *s == '"')) {
            quote = *s++;
        } else if (quote && *s == quote) {
            quote = 0;
            s++;
        } else if (quote != '\'' && s[0] == '$' && s[1] == '{') {
            ok = expand(c, &s, w);
        } else if (quote == '"' && *s == '\\' && strchr("\"\\$", s[1]) && s[1]) {
            ok = put(w, s[1]);
            s += 2;
        } else {
            ok = put(w, *s++);
        }
    }
    if (quote) {
        perr(c, "unclosed %c quote", quote);
        return -1;
    }
    if (!ok) {
        if (w->n + 1 >= sizeof w->b)
            perr(c, "a word is longer than %d bytes", WORD_MAX);
        return -1;
    }
    w->b[w->n] = 0;
    *p = s;
    return 1;
}

static int split(struct pctx *c, const char *line, struct stmt *st)
{
    struct buf w;
    int rc;
    while ((rc = word(c, &line, &w)) > 0) {
        st->argv = xreallocarray(st->argv, (size_t)st->argc + 2, sizeof *st->argv);
        st->argv[st->argc++] = xstrdup(w.b);
        st->argv[st->argc] = NULL;
    }
    return rc;
}

/* ---- values ---- */

static bool duration(struct pctx *c, const char *s, uint64_t *ns)
{
    unsigned ms;
    if (!ks_parse_duration(s, strlen(s), false, &ms)) {
        perr(c, "bad time '%s' (expected for example 500ms, 30s or 2m)", s);
        return false;
    }
    *ns = (uint64_t)ms * NS_PER_MS;
    return true;
}

static bool rect(struct pctx *c, const char *s, struct st_rect *r)
{
    char extra;
    if (sscanf(s, "%u,%u,%u,%u%c", &r->top, &r->left, &r->bottom, &r->right, &extra) != 4 ||
        r->bottom < r->top || r->right < r->left) {
        perr(c, "bad rect '%s' (expected TOP,LEFT,BOTTOM,RIGHT from 0, bounds included)", s);
        return false;
    }
    r->set = true;
    return true;
}

static bool regex(struct pctx *c, const char *pattern, struct stmt *st)
{
    int rc = regcomp(&st->re, pattern, REG_EXTENDED | REG_NEWLINE);
    if (rc) {
        char msg[128];
        regerror(rc, &st->re, msg, sizeof msg);
        perr(c, "bad regular expression '%s': %s", pattern, msg);
        return false;
    }
    st->has_re = true;
    st->text = xstrdup(pattern);
    return true;
}

/* Trailing name=value words of a wait or expect; what names which apply. */
enum { OPT_RECT = 1, OPT_TIMEOUT = 2 };
static bool trailing(struct pctx *c, struct stmt *st, int from, unsigned what)
{
    for (int i = from; i < st->argc; i++) {
        const char *a = st->argv[i];
        bool ok;
        if ((what & OPT_RECT) && !strncmp(a, "rect=", 5))
            ok = rect(c, a + 5, &st->rect);
        else if ((what & OPT_TIMEOUT) && !strncmp(a, "timeout=", 8))
            ok = duration(c, a + 8, &st->timeout_ns);
        else if ((what & OPT_TIMEOUT) && !strncmp(a, "wall=", 5))
            ok = duration(c, a + 5, &st->wall_ns);
        else {
            perr(c, "%s: unexpected '%s'", script_keyword(st->kind), a);
            return false;
        }
        if (!ok)
            return false;
    }
    return true;
}

/* ---- statements ---- */

typedef bool parse_fn(struct pctx *c, struct stmt *st);

static bool p_none(struct pctx *c, struct stmt *st)
{
    UNUSED(c);
    UNUSED(st);
    return true;
}

static bool p_pattern(struct pctx *c, struct stmt *st)
{
    unsigned what = st->kind == ST_WAIT_TEXT ? OPT_RECT | OPT_TIMEOUT : OPT_RECT;
    return regex(c, st->argv[0], st) && trailing(c, st, 1, what);
}

static bool p_wait_idle(struct pctx *c, struct stmt *st)
{
    return trailing(c, st, 0, OPT_TIMEOUT);
}

static bool p_wait_exit(struct pctx *c, struct stmt *st)
{
    int from = 0;
    st->status = -1;
    if (st->argc && isdigit((unsigned char)st->argv[0][0])) {
        char *end;
        long v = strtol(st->argv[0], &end, 10);
        if (*end || v > STATUS_MAX) {
            perr(c, "bad exit status '%s' (expected 0-255)", st->argv[0]);
            return false;
        }
        st->status = (int)v;
        from = 1;
    }
    return trailing(c, st, from, OPT_TIMEOUT);
}

static bool p_wait(struct pctx *c, struct stmt *st)
{
    return duration(c, st->argv[0], &st->duration_ns);
}

static bool p_key(struct pctx *c, struct stmt *st)
{
    size_t len = 1;
    for (int i = 0; i < st->argc; i++)
        len += strlen(st->argv[i]) + 2;
    st->text = xcalloc(1, len);
    for (int i = 0; i < st->argc; i++)
        sprintf(st->text + strlen(st->text), "{%s}", st->argv[i]);
    struct keyscript ks;
    char why[128];
    bool ok = ks_parse(st->text, &ks, why, sizeof why);
    ks_free(&ks);
    if (!ok)
        perr(c, "%s", why);
    return ok;
}

static int hexval(char ch)
{
    return isdigit((unsigned char)ch) ? ch - '0' : tolower((unsigned char)ch) - 'a' + 10;
}

static bool p_expect_file(struct pctx *c, struct stmt *st)
{
    const char *what = st->argv[1], *base = strrchr(st->argv[0], '\\');
    const char *slash = strrchr(base ? base : st->argv[0], '/');
    base = slash ? slash + 1 : base ? base + 1 : st->argv[0];
    if (!strcmp(what, "golden") || !strncmp(what, "golden=", 7)) {
        st->golden = true;
        st->golden_name = xstrdup(what[6] ? what + 7 : base);
        return *st->golden_name || (perr(c, "golden= needs a file name"), false);
    }
    if (strlen(what) != 2 * SHA256_BYTES ||
        strspn(what, "0123456789abcdefABCDEF") != 2 * SHA256_BYTES) {
        perr(c, "expect-file: expected 64 hex digits of SHA-256 or 'golden', not '%s'", what);
        return false;
    }
    for (int i = 0; i < SHA256_BYTES; i++)
        st->sha256[i] = (uint8_t)(hexval(what[2 * i]) << 4 | hexval(what[2 * i + 1]));
    return true;
}

/* screenshot FILE.png [ignore=X0,Y0,X1,Y1]... */
static bool p_screenshot(struct pctx *c, struct stmt *st)
{
    for (int i = 1; i < st->argc; i++) {
        const char *a = st->argv[i];
        st->ignore = xreallocarray(st->ignore, st->nignore + 1, sizeof *st->ignore);
        if (strncmp(a, "ignore=", 7) || !golden_rect_parse(a + 7, &st->ignore[st->nignore])) {
            perr(c,
                 "screenshot: expected ignore=X0,Y0,X1,Y1 (pixels, X1 and Y1 excluded), "
                 "not '%s'",
                 a);
            return false;
        }
        st->nignore++;
    }
    return true;
}

static bool p_set_date(struct pctx *c, struct stmt *st)
{
    char s[64];
    snprintf(s, sizeof s, "%s%s%s", st->argv[0], st->argc > 1 ? " " : "",
             st->argc > 1 ? st->argv[1] : "");
    if (!options_parse_date(s, &st->date)) {
        perr(c, "bad date '%s' (expected YYYY-MM-DD [HH:MM[:SS]], 1980-2099)", s);
        return false;
    }
    return true;
}

static bool p_timeout(struct pctx *c, struct stmt *st)
{
    return duration(c, st->argv[0], &st->timeout_ns) &&
           (st->argc < 2 || duration(c, st->argv[1], &st->wall_ns));
}

static bool p_env(struct pctx *c, struct stmt *st)
{
    if (!strchr(st->argv[0], '=') || st->argv[0][0] == '=') {
        perr(c, "env: expected NAME=VALUE, not '%s'", st->argv[0]);
        return false;
    }
    return true;
}

static bool p_require(struct pctx *c, struct stmt *st)
{
    for (int i = 0; i < st->argc && !c->why; i++)
        if (access(st->argv[i], F_OK) != 0)
            c->why = xasprintf("%s: %s", st->argv[i], strerror(errno));
    st->skip_why = c->why;
    c->skipping |= c->why != NULL;
    c->why = NULL;
    return true;
}

/* ORDER: enum st_kind */
static const struct {
    const char *name;
    int min_args, max_args; /* -1: any */
    parse_fn *parse;
} k_keywords[ST_NKINDS] = {
    [ST_RUN] = {"run", 0, -1, p_none},
    [ST_TYPE] = {"type", 0, -1, p_none},
    [ST_KEY] = {"key", 1, -1, p_key},
    [ST_WAIT_TEXT] = {"wait-text", 1, 4, p_pattern},
    [ST_WAIT_IDLE] = {"wait-idle", 0, 2, p_wait_idle},
    [ST_WAIT_EXIT] = {"wait-exit", 0, 3, p_wait_exit},
    [ST_WAIT] = {"wait", 1, 1, p_wait},
    [ST_STOP] = {"stop", 0, 0, p_none},
    [ST_EXPECT_TEXT] = {"expect-text", 1, 2, p_pattern},
    [ST_EXPECT_NO_TEXT] = {"expect-no-text", 1, 2, p_pattern},
    [ST_EXPECT_FILE] = {"expect-file", 2, 2, p_expect_file},
    [ST_SCREENSHOT] = {"screenshot", 1, -1, p_screenshot},
    [ST_SCREEN_DUMP] = {"screen-dump", 1, 1, p_none},
    [ST_SET_DATE] = {"set-date", 1, 2, p_set_date},
    [ST_TIMEOUT] = {"timeout", 1, 2, p_timeout},
    [ST_MOUNT] = {"mount", 1, 1, p_none},
    [ST_CD] = {"cd", 1, 1, p_none},
    [ST_ENV] = {"env", 1, 1, p_env},
    [ST_STDIN] = {"stdin", 1, 1, p_none},
    [ST_OPTION] = {"option", 1, -1, p_none},
    [ST_REPLAY] = {"replay", 1, 1, p_none},
    [ST_REQUIRE] = {"require", 1, -1, p_require},
    [ST_SWAP] = {"swap", 1, 1, p_none},
};

const char *script_keyword(enum st_kind k)
{
    return k < ST_NKINDS ? k_keywords[k].name : "?";
}

/* type TEXT: the rest of the line as typed, or one quoted word. */
static bool type_text(struct pctx *c, const char *rest, struct stmt *st)
{
    while (*rest == ' ' || *rest == '\t')
        rest++;
    if (*rest == '"' || *rest == '\'') {
        struct buf w;
        const char *p = rest;
        if (word(c, &p, &w) < 0)
            return false;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p && *p != '#') {
            perr(c, "type: text after the quoted string");
            return false;
        }
        st->text = xstrdup(w.b);
    } else {
        st->text = xstrdup(rest);
    }
    struct keyscript ks;
    char why[128];
    bool ok = ks_parse(st->text, &ks, why, sizeof why);
    ks_free(&ks);
    if (!ok)
        perr(c, "%s", why);
    return ok;
}

static bool parse_line(struct pctx *c, const char *line, struct script *s)
{
    struct buf kw;
    const char *p = line;
    int rc = word(c, &p, &kw);
    if (rc <= 0)
        return rc == 0;
    int k = 0;
    while (k < ST_NKINDS && strcmp(kw.b, k_keywords[k].name))
        k++;
    if (k == ST_NKINDS) {
        perr(c, "unknown statement '%s'", kw.b);
        return false;
    }
    s->st = xreallocarray(s->st, s->n + 1, sizeof *s->st);
    struct stmt *st = memset(&s->st[s->n++], 0, sizeof *st);
    st->kind = (enum st_kind)k;
    st->line = c->line;
    st->status = -1;
    if (k == ST_TYPE)
        return type_text(c, p, st);
    c->in_require = k == ST_REQUIRE;
    if (split(c, p, st) < 0)
        return false;
    int max = k_keywords[k].max_args;
    if (st->argc < k_keywords[k].min_args || (max >= 0 && st->argc > max)) {
        perr(c, "%s: wrong number of arguments (%d)", kw.b, st->argc);
        return false;
    }
    return k_keywords[k].parse(c, st);
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    char *d = xstrdup(path);
    d[slash == path ? 1 : slash - path] = 0;
    return d;
}

struct script *script_parse(const char *name, const char *text)
{
    struct script *s = xcalloc(1, sizeof *s);
    struct pctx c = {.file = name};
    s->path = xstrdup(name);
    s->dir = dir_of(name);
    bool ok = true;
    for (const char *p = text; ok && *p;) {
        size_t n = strcspn(p, "\n");
        char *line = xstrndup(p, n);
        if (n && line[n - 1] == '\r')
            line[n - 1] = 0;
        c.line++;
        ok = parse_line(&c, line, s);
        free(line);
        p += n + (p[n] == '\n');
    }
    free(c.why);
    if (!ok) {
        script_free(s);
        return NULL;
    }
    return s;
}

struct script *script_load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "unidos: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    char *text = NULL;
    size_t cap = 0;
    ssize_t n = getdelim(&text, &cap, '\0', f);
    fclose(f);
    struct script *s = script_parse(path, n < 0 ? "" : text);
    free(text);
    return s;
}

void script_free(struct script *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        struct stmt *st = &s->st[i];
        for (int k = 0; k < st->argc; k++)
            free(st->argv[k]);
        free(st->argv);
        free(st->text);
        free(st->golden_name);
        free(st->skip_why);
        free(st->ignore);
        if (st->has_re)
            regfree(&st->re);
    }
    free(s->st);
    free(s->path);
    free(s->dir);
    free(s);
}

void script_path(const struct script *s, const char *path, char *out, size_t cap)
{
    if (path[0] == '/' || !strcmp(s->dir, "."))
        snprintf(out, cap, "%s", path);
    else
        snprintf(out, cap, "%s/%s", s->dir, path);
}
