/* Configuration files and the command line as one list of settings, each
 * with where it came from; the winners are stored through the options'
 * own setters, so a file's values are checked exactly as the command
 * line's are. */
#include "machine/config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/common.h"
#include "base/ini.h"
#include "base/log.h"
#include "machine/dosbox.h"

#define CF_CMDLINE UINT_MAX /* the source number of the command line */
#define CF_MIN 16
#define SECTION_MOUNT "mount"
#define SECTION_AUTOEXEC "autoexec"
#define KEY_MOUNT "mount"
#define KEY_ALLOW "allow-mount"
#define PRINT_COLUMN 40 /* where "; origin" starts in --print-config */
#define NOTE_MAX 4096
static const char *const k_suffixes[] = {":ro", ":lower"};

struct cf_entry {
    const struct cli_option *opt;
    void *ctx;
    char *value;     /* owned; NULL: a flag given on the command line */
    char *where;     /* owned "FILE:LINE"; NULL: the command line */
    unsigned source; /* files from 0 in the order read; CF_CMDLINE */
};

/* An [autoexec] line, a file read, an ignored DOSBox setting. */
struct cf_item {
    char *text;  /* owned */
    char *where; /* owned, or NULL */
    unsigned source;
};

struct cf_list {
    struct cf_item *v;
    size_t n, cap;
};

/* The file being read. */
struct cf_file {
    const char *path;
    char dir[PATH_MAX];
    char dosbox_dir[PATH_MAX]; /* [autoexec] paths from here (config_dosbox_dir) */
    unsigned source;
    bool dosbox; /* it has a DOSBox section */
    struct dosbox *dbx;
    struct cf_list unknown; /* sections neither unidos' nor DOSBox's (source: the line) */
    unsigned raw_line;      /* the [autoexec] line being read */
};

struct config {
    const struct cli *run;
    struct cf_entry *e; /* the files' settings, in order */
    size_t n, cap;
    struct cf_entry *cl; /* the command line's */
    size_t ncl, clcap;
    struct cf_list autoexec, files, ignored;
    struct cf_list unsupported; /* DOSBox values unidos cannot follow yet (-v) */
    unsigned autoexec_drives;   /* the drives [autoexec] mounts */
    const char **lines;         /* o->autoexec */
    unsigned nsources;
    int errors;
    struct cf_file *cur;
};

struct config *config_new(const struct cli *run)
{
    struct config *cf = xcalloc(1, sizeof *cf);
    cf->run = run;
    return cf;
}

static void list_add(struct cf_list *l, const char *text, const char *where, unsigned source)
{
    l->v = xgrow(l->v, l->n, &l->cap, CF_MIN, sizeof *l->v);
    l->v[l->n++] = (struct cf_item){.text = xstrdup(text),
                                    .where = where ? xstrdup(where) : NULL,
                                    .source = source};
}

static void list_free(struct cf_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].text);
        free(l->v[i].where);
    }
    free(l->v);
}

static void entries_free(struct cf_entry *e, size_t n, bool own_values)
{
    for (size_t i = 0; i < n; i++) {
        if (own_values)
            free(e[i].value);
        free(e[i].where);
    }
    free(e);
}

void config_free(struct config *cf)
{
    if (!cf)
        return;
    entries_free(cf->e, cf->n, true);
    entries_free(cf->cl, cf->ncl, false);
    list_free(&cf->autoexec);
    list_free(&cf->files);
    list_free(&cf->ignored);
    list_free(&cf->unsupported);
    free(cf->lines);
    free(cf);
}

void config_add_cmdline(struct config *cf, const struct cli_option *o, const char *value)
{
    void *ctx = NULL;
    cli_find(cf->run, o->name, &ctx);
    cf->cl = xgrow(cf->cl, cf->ncl, &cf->clcap, CF_MIN, sizeof *cf->cl);
    /* the command line's strings live as long as the run: not copied */
    cf->cl[cf->ncl++] = (struct cf_entry){.opt = o,
                                          .ctx = ctx,
                                          .value = (char *)(uintptr_t)value,
                                          .source = CF_CMDLINE};
}

/* ---- reading a file ---- */

static void error(struct config *cf, unsigned line, const char *fmt, ...) PRINTF_FMT(3, 4);

static void error(struct config *cf, unsigned line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "unidos: %s:%u: ", cf->cur->path, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    cf->errors++;
}

static void where(const struct config *cf, unsigned line, char *out, size_t cap)
{
    snprintf(out, cap, "%s:%u", cf->cur->path, line);
}

/* true/false (also yes/no, on/off, 1/0): 1, 0, or -1. */
static int boolean(const char *v)
{
    static const char *const k_words[][2] = {{"true", "false"},
                                             {"yes", "no"},
                                             {"on", "off"},
                                             {"1", "0"}};
    for (size_t i = 0; i < ARRAY_LEN(k_words); i++) {
        if (!strcasecmp(v, k_words[i][0]))
            return 1;
        if (!strcasecmp(v, k_words[i][1]))
            return 0;
    }
    return -1;
}

/* The length of v without the :ro / :lower suffixes at its end. */
static size_t without_suffixes(const char *v)
{
    size_t n = strlen(v);
    for (bool more = true; more;) {
        more = false;
        for (size_t i = 0; i < ARRAY_LEN(k_suffixes); i++) {
            size_t k = strlen(k_suffixes[i]);
            if (n > k && !strncmp(v + n - k, k_suffixes[i], k)) {
                n -= k;
                more = true;
            }
        }
    }
    return n;
}

/* A value of a path option, made absolute from the file's directory (a
 * mount's "X=" kept, suffixes too). False when it does not fit. */
static bool path_value(const struct config *cf, enum cli_kind kind, const char *v, char *out,
                       size_t cap)
{
    char path[PATH_MAX], host[PATH_MAX];
    size_t skip = kind == CLI_MOUNT && v[0] && v[1] == '=' ? 2 : 0;
    size_t n = without_suffixes(v + skip);
    snprintf(path, sizeof path, "%.*s", (int)n, v + skip);
    if (!*path || !config_host_path(cf->cur->dir, path, host, sizeof host))
        return snprintf(out, cap, "%s", v) < (int)cap;
    int k = snprintf(out, cap, "%.*s%s%s", (int)skip, v, host, v + skip + n);
    return k >= 0 && (size_t)k < cap;
}

/* A setting of the file for option o, checked for form here and for its
 * value when applied. */
static void add_entry(struct config *cf, const struct cli_option *o, void *ctx, const char *v,
                      unsigned line)
{
    char value[PATH_MAX + 64], at[CONFIG_WHERE_MAX];
    int b = o->arg ? 0 : boolean(v);
    if (b < 0) {
        error(cf, line, "%s: expected true or false, not '%s'", o->name, v);
        return;
    }
    if (!o->arg)
        snprintf(value, sizeof value, "%s", b ? "true" : "false");
    else if (o->kind == CLI_TEXT)
        snprintf(value, sizeof value, "%s", v);
    else if (!path_value(cf, o->kind, v, value, sizeof value)) {
        error(cf, line, "%s: the path is too long", o->name);
        return;
    }
    where(cf, line, at, sizeof at);
    cf->e = xgrow(cf->e, cf->n, &cf->cap, CF_MIN, sizeof *cf->e);
    cf->e[cf->n++] = (struct cf_entry){.opt = o,
                                       .ctx = ctx,
                                       .value = xstrdup(value),
                                       .where = xstrdup(at),
                                       .source = cf->cur->source};
}

/* KEY = VALUE before any section: a long option of a run. */
static void option_key(struct config *cf, const char *key, const char *v, unsigned line)
{
    void *ctx;
    const struct cli_option *o = cli_find(cf->run, key, &ctx);
    if (!o)
        error(cf, line,
              "unknown key '%s' (the keys are the long options of a run: "
              "unidos --help)",
              key);
    else
        add_entry(cf, o, ctx, v, line);
}

/* [mount] X = PATH[:ro][:lower]. */
static void mount_key(struct config *cf, const char *key, const char *v, unsigned line)
{
    char value[PATH_MAX + 8];
    size_t n = strlen(key);
    if (n < 1 || n > 2 || (n == 2 && key[1] != ':') ||
        !strchr("abcdefghijklmnopqrstuvwxyz", key[0] | 0x20)) {
        error(cf, line, "[mount] %s: expected a drive letter (D = PATH)", key);
        return;
    }
    snprintf(value, sizeof value, "%c=%s", key[0], v);
    option_key(cf, KEY_MOUNT, value, line);
}

static void on_dosbox_set(void *ctx, const char *key, const char *value, unsigned line)
{
    struct config *cf = ctx;
    void *octx;
    char text[256], at[CONFIG_WHERE_MAX];
    const struct cli_option *o = cli_find(cf->run, key, &octx);
    if (o) {
        add_entry(cf, o, octx, value, line);
        return;
    }
    snprintf(text, sizeof text, "(--%s %s: not in this build)", key, value);
    where(cf, line, at, sizeof at);
    list_add(&cf->ignored, text, at, cf->cur->source);
}

static void on_dosbox_ignore(void *ctx, const char *section, const char *key, const char *value,
                             unsigned line)
{
    struct config *cf = ctx;
    char text[256], at[CONFIG_WHERE_MAX];
    snprintf(text, sizeof text, "[%s] %s%s%s", section, key, value ? "=" : "",
             value ? value : "");
    where(cf, line, at, sizeof at);
    list_add(&cf->ignored, text, at, cf->cur->source);
}

static void on_dosbox_unsupported(void *ctx, const char *section, const char *key,
                                  const char *value, const char *why, unsigned line)
{
    struct config *cf = ctx;
    char text[384], at[CONFIG_WHERE_MAX];
    snprintf(text, sizeof text, "[%s] %s=%s: %s", section, key, value, why);
    where(cf, line, at, sizeof at);
    list_add(&cf->unsupported, text, at, cf->cur->source);
}

static void on_dosbox_error(void *ctx, const char *why, unsigned line)
{
    error(ctx, line, "%s", why);
}

static void on_section(void *ctx, const char *section, unsigned line)
{
    struct config *cf = ctx;
    char at[CONFIG_WHERE_MAX];
    if (!strcasecmp(section, SECTION_MOUNT) || !strcasecmp(section, SECTION_AUTOEXEC))
        return;
    if (dosbox_section(section)) {
        cf->cur->dosbox = true;
        return;
    }
    where(cf, line, at, sizeof at);
    list_add(&cf->cur->unknown, section, at, line);
}

static void on_value(void *ctx, const char *section, const char *key, const char *value,
                     unsigned line)
{
    struct config *cf = ctx;
    if (!*section)
        option_key(cf, key, value, line);
    else if (!strcasecmp(section, SECTION_MOUNT))
        mount_key(cf, key, value, line);
    else if (dosbox_section(section))
        dosbox_value(cf->cur->dbx, section, key, value, line);
}

static void on_allow(void *ctx, const char *path)
{
    struct config *cf = ctx;
    void *octx;
    const struct cli_option *o = cli_find(cf->run, KEY_ALLOW, &octx);
    if (o)
        add_entry(cf, o, octx, path, cf->cur->raw_line);
}

/* A line of [autoexec] (# lines are comments, as DOSBox reads them). */
static void on_raw(void *ctx, const char *section, const char *text, unsigned line)
{
    struct config *cf = ctx;
    char out[1024], why[256], at[CONFIG_WHERE_MAX];
    const char *t = text + strspn(text, " \t");
    UNUSED(section);
    if (!*t || *t == '#')
        return;
    int drive;
    cf->cur->raw_line = line;
    if (!dosbox_autoexec(text, cf->cur->dosbox_dir, out, sizeof out, on_allow, cf, why,
                         sizeof why, &drive)) {
        error(cf, line, "[autoexec] %s", why);
        return;
    }
    if (drive >= 0)
        cf->autoexec_drives |= 1u << drive;
    where(cf, line, at, sizeof at);
    list_add(&cf->autoexec, out, at, cf->cur->source);
}

static void on_error(void *ctx, const char *why, unsigned line)
{
    error(ctx, line, "%s", why);
}

/* Sections neither unidos' nor DOSBox's: in a DOSBox configuration they
 * belong to another DOSBox version and are ignored; elsewhere an error. */
static void unknown_sections(struct config *cf)
{
    struct cf_file *f = cf->cur;
    for (size_t i = 0; i < f->unknown.n; i++) {
        char text[160];
        if (!f->dosbox) {
            error(cf, f->unknown.v[i].source,
                  "unknown section [%s] (a configuration has "
                  "keys before any section, [mount] and [autoexec])",
                  f->unknown.v[i].text);
            continue;
        }
        snprintf(text, sizeof text, "[%s]", f->unknown.v[i].text);
        list_add(&cf->ignored, text, f->unknown.v[i].where, f->source);
    }
    list_free(&f->unknown);
}

static void file_dir(const char *path, char *dir, size_t cap)
{
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        snprintf(abs, sizeof abs, "%s", path);
    char *slash = strrchr(abs, '/');
    if (slash)
        *slash = 0;
    snprintf(dir, cap, "%s", slash == abs ? "/" : abs);
}

/* Read path: 1 when it is not there (and missing_ok), 0 when read
 * without errors, -1 after an error. */
static int read_file(struct config *cf, const char *path, bool missing_ok)
{
    struct cf_file f = {.path = path, .source = cf->nsources};
    struct dosbox_out out = {.set = on_dosbox_set,
                             .ignore = on_dosbox_ignore,
                             .unsupported = on_dosbox_unsupported,
                             .error = on_dosbox_error,
                             .ctx = cf};
    static const char *const k_raw[] = {SECTION_AUTOEXEC, NULL};
    struct ini_sink sink = {.section = on_section,
                            .value = on_value,
                            .raw = on_raw,
                            .error = on_error,
                            .raw_sections = k_raw,
                            .ctx = cf};
    int errors = cf->errors;
    file_dir(path, f.dir, sizeof f.dir);
    config_dosbox_dir(f.dir, f.dosbox_dir, sizeof f.dosbox_dir);
    f.dbx = dosbox_new(&out);
    cf->cur = &f;
    int rc = ini_read(path, &sink, !missing_ok); /* a file found by name: regular only */
    dosbox_finish(f.dbx);
    unknown_sections(cf);
    cf->cur = NULL;
    if (rc == -ENOENT && missing_ok) {
        list_add(&cf->files, path, "not found", CF_CMDLINE);
        return 1;
    }
    if (rc < 0) {
        fprintf(stderr, "unidos: %s: %s\n", path,
                rc == -EINVAL ? "not a regular file" : strerror(-rc));
        return -1;
    }
    list_add(&cf->files, path, f.dosbox ? "a DOSBox configuration" : NULL, cf->nsources);
    cf->nsources++;
    return cf->errors > errors ? -1 : 0;
}

int config_read(struct config *cf, const char *path)
{
    return read_file(cf, path, false) < 0 ? -1 : 0;
}

int config_read_defaults(struct config *cf)
{
    char path[PATH_MAX];
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    int rc = 0;
    if (xdg && xdg[0] == '/')
        snprintf(path, sizeof path, "%s/unidos/%s", xdg, CONFIG_NAME);
    else if (home)
        snprintf(path, sizeof path, "%s/.config/unidos/%s", home, CONFIG_NAME);
    if ((xdg && xdg[0] == '/') || home)
        rc = read_file(cf, path, true);
    snprintf(path, sizeof path, "./%s", CONFIG_NAME);
    return read_file(cf, path, true) < 0 || rc < 0 ? -1 : 0;
}

/* ---- the settings in effect ---- */

/* All settings in order: the files', then the command line's. */
static struct cf_entry *entry_at(const struct config *cf, size_t i)
{
    return i < cf->n ? &cf->e[i] : &cf->cl[i - cf->n];
}

static size_t total(const struct config *cf)
{
    return cf->n + cf->ncl;
}

/* The part of a value that names what it sets: a mount's drive letter, a
 * variable's name. */
static size_t name_len(const struct cf_entry *e)
{
    return e->value ? strcspn(e->value, "=") : 0;
}

static bool same_name(const struct cf_entry *a, const struct cf_entry *b)
{
    size_t n = name_len(a);
    return n == name_len(b) && !strncasecmp(a->value, b->value, n);
}

/* Whether setting i counts: the last of a key wins, except for keys that
 * may repeat, which add up: a later source's mount of the same drive
 * replaces the earlier source's (one source may name several images for
 * a drive), a later variable of the same name replaces the earlier. */
static bool kept(const struct config *cf, size_t i)
{
    const struct cf_entry *e = entry_at(cf, i);
    bool mount = !strcmp(e->opt->name, KEY_MOUNT);
    bool env = e->opt->short_name == 'e';
    for (size_t k = i + 1; k < total(cf); k++) {
        const struct cf_entry *later = entry_at(cf, k);
        if (later->opt != e->opt)
            continue;
        if (!(e->opt->flags & CLI_REPEAT))
            return false;
        if (mount && later->source != e->source && same_name(e, later))
            return false;
        if (env && same_name(e, later))
            return false;
    }
    return true;
}

static bool flag_off(const struct cf_entry *e)
{
    return !e->opt->arg && e->value && !strcmp(e->value, "false");
}

static bool apply_one(const struct config *cf, const struct cf_entry *e)
{
    if (flag_off(e) || (e->opt->arg && !*e->value))
        return true; /* "false", or empty: the default */
    const char *v = e->opt->arg ? e->value : NULL;
    return cli_set(cf->run, e->opt, e->ctx, v, e->where) != CLI_SET_INVALID;
}

int config_apply(struct config *cf, struct options *o)
{
    int bad = 0;
    for (size_t i = 0; i < total(cf); i++)
        if (kept(cf, i) && !apply_one(cf, entry_at(cf, i)))
            bad++;
    cf->lines = xcalloc(cf->autoexec.n + 1, sizeof *cf->lines);
    for (size_t i = 0; i < cf->autoexec.n; i++)
        cf->lines[i] = cf->autoexec.v[i].text;
    o->autoexec = cf->lines;
    o->nautoexec = cf->autoexec.n;
    o->autoexec_drives = cf->autoexec_drives;
    return bad ? -1 : 0;
}

/* The file an ignored setting came from. */
static const char *source_file(const struct config *cf, unsigned source)
{
    for (size_t k = 0; k < cf->files.n; k++)
        if (cf->files.v[k].source == source)
            return cf->files.v[k].text;
    return "?";
}

/* The "[section]" an ignored setting's text starts with (its length), 0
 * for other texts. */
static size_t section_len(const char *text)
{
    const char *end = text[0] == '[' ? strchr(text, ']') : NULL;
    return end ? (size_t)(end - text) + 1 : 0;
}

/* The note, grouped by file and section: "game.conf: [sdl] output,
 * autolock; [render] scaler". */
void config_note_ignored(const struct config *cf)
{
    char note[NOTE_MAX];
    size_t n = 0;
    for (size_t i = 0; i < cf->ignored.n && n < sizeof note; i++) {
        const struct cf_item *it = &cf->ignored.v[i], *prev = i ? it - 1 : NULL;
        size_t sec = section_len(it->text);
        bool same_file = prev && prev->source == it->source;
        bool same_sec = same_file && sec && section_len(prev->text) == sec &&
                        !strncmp(prev->text, it->text, sec);
        int k;
        if (same_sec)
            k = snprintf(note + n, sizeof note - n, ", %s", it->text + sec + 1);
        else if (same_file)
            k = snprintf(note + n, sizeof note - n, "; %s", it->text);
        else
            k = snprintf(note + n, sizeof note - n, "%s%s: %s", n ? ". " : "",
                         source_file(cf, it->source), it->text);
        n += k > 0 ? (size_t)k : 0;
    }
    if (n)
        log_info("ignored, with no meaning in unidos: %s", note);
    for (size_t i = 0; i < cf->unsupported.n; i++)
        log_info("%s: %s", cf->unsupported.v[i].where, cf->unsupported.v[i].text);
}

/* ---- --print-config ---- */

static void print_line(FILE *f, const char *text, const char *origin)
{
    int n = fprintf(f, "%s", text);
    fprintf(f, "%*s ; %s\n", n < PRINT_COLUMN ? PRINT_COLUMN - n : 0, "", origin);
}

static const char *origin(const struct cf_entry *e)
{
    return e->where ? e->where : "command line";
}

static void print_entry(FILE *f, const struct cf_entry *e)
{
    char text[PATH_MAX + 128];
    if (!strcmp(e->opt->name, KEY_MOUNT))
        snprintf(text, sizeof text, "%c = %s", e->value[0], e->value + 2);
    else
        snprintf(text, sizeof text, "%s = %s", e->opt->name, e->value ? e->value : "true");
    print_line(f, text, origin(e));
}

/* Key o: its settings that count, else its default. */
static void print_key(const struct config *cf, FILE *f, const struct cli_option *o)
{
    char text[256];
    bool any = false;
    if (!strcmp(o->name, KEY_MOUNT))
        return; /* in [mount] */
    for (size_t i = 0; i < total(cf); i++) {
        const struct cf_entry *e = entry_at(cf, i);
        if (e->opt == o && kept(cf, i)) {
            print_entry(f, e);
            any = true;
        }
    }
    if (any)
        return;
    if (o->def || !o->arg) {
        snprintf(text, sizeof text, "%s = %s", o->name, o->def ? o->def : "false");
        print_line(f, text, "default");
    } else {
        fprintf(f, "# %s: not set\n", o->name);
    }
}

static void print_mounts(const struct config *cf, FILE *f)
{
    fprintf(f, "\n[%s]\n", SECTION_MOUNT);
    for (size_t i = 0; i < total(cf); i++) {
        const struct cf_entry *e = entry_at(cf, i);
        if (!strcmp(e->opt->name, KEY_MOUNT) && kept(cf, i))
            print_entry(f, e);
    }
}

static void print_items(FILE *f, const struct cf_list *l, const char *what)
{
    for (size_t i = 0; i < l->n; i++) {
        if (!i)
            fprintf(f, "\n# %s\n", what);
        if (l->v[i].where)
            fprintf(f, "#   %s (%s)\n", l->v[i].text, l->v[i].where);
        else
            fprintf(f, "#   %s\n", l->v[i].text);
    }
}

void config_print(const struct config *cf, FILE *f)
{
    fprintf(f, "# The configuration in effect: each value, and after ';' where it came from\n"
               "# (a configuration file and line, the command line, or the default).\n");
    print_items(f, &cf->files, "Configuration files, in the order read (later ones win):");
    fputc('\n', f);
    for (size_t t = 0; t < cf->run->ntables; t++)
        for (size_t k = 0; k < cf->run->tables[t].n; k++)
            if (!(cf->run->tables[t].opts[k].flags & cf->run->exclude))
                print_key(cf, f, &cf->run->tables[t].opts[k]);
    print_mounts(cf, f);
    fprintf(f, "\n[%s]\n", SECTION_AUTOEXEC);
    for (size_t i = 0; i < cf->autoexec.n; i++) {
        if (!i || cf->autoexec.v[i].source != cf->autoexec.v[i - 1].source)
            fprintf(f, "# from %s\n", cf->autoexec.v[i].where);
        fprintf(f, "%s\n", cf->autoexec.v[i].text);
    }
    print_items(f, &cf->ignored, "DOSBox settings with no meaning in unidos, ignored:");
    print_items(f, &cf->unsupported, "DOSBox settings unidos does not support yet:");
}
