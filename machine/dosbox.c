/* DOSBox configurations: which sections exist, the keys that map to
 * options of a run (each by a small function), and the [autoexec] lines
 * whose host paths must be made absolute. Settings of DOSBox 0.74, Staging
 * and X (their reference configurations, dosbox -printconf). */
#include "machine/dosbox.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/common.h"
#include "bios/kbd_layout.h"
#include "machine/config.h"
#include "machine/options.h"

#define MB_CONVENTIONAL 1 /* memsize counts the first megabyte too */
#define VALUE_MAX 64

/* Every section of DOSBox 0.74, Staging and X. */
static const char *const k_sections[] = {
    "sdl",
    "dosbox",
    "render",
    "cpu",
    "mixer",
    "midi",
    "sblaster",
    "gus",
    "speaker",
    "joystick",
    "serial",
    "dos",
    "ipx",
    "autoexec",
    "fluidsynth",
    "mt32",
    "composite",
    "innovation",
    "imfc",
    "voodoo",
    "reelmagic",
    "ethernet",
    "capture",
    "mouse",
    "log",
    "video",
    "vsync",
    "pc98",
    "dosv",
    "ttf",
    "4dos",
    "config",
    "keyboard",
    "pci",
    "parallel",
    "printer",
    "ne2000",
    "ide, primary",
    "ide, secondary",
    "ide, tertiary",
    "ide, quaternary",
    "fdc, primary",
    "voice",
    "ethernet, pcap",
    "ethernet, slirp",
    "gameblaster",
    "cpu, other",
    "dosbox, other",
    "render, other",
    "soundcanvas",
    "opl",
    "pcspeaker",
    "dos, other",
};

bool dosbox_section(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(k_sections); i++)
        if (!strcasecmp(name, k_sections[i]))
            return true;
    return false;
}

struct dosbox {
    struct dosbox_out out;
    int memsize_mb; /* [dosbox] memsize, or -1 */
    unsigned memsize_line;
    bool xms_off; /* [dos] xms = false */
};

struct dosbox *dosbox_new(const struct dosbox_out *out)
{
    struct dosbox *d = xcalloc(1, sizeof *d);
    d->out = *out;
    d->memsize_mb = -1;
    return d;
}

static void set(struct dosbox *d, const char *key, const char *value, unsigned line)
{
    d->out.set(d->out.ctx, key, value, line);
}

static void bad(struct dosbox *d, const char *section, const char *key, const char *expected,
                const char *value, unsigned line)
{
    char why[256];
    snprintf(why, sizeof why, "[%s] %s: expected %s, not '%s'", section, key, expected, value);
    d->out.error(d->out.ctx, why, line);
}

/* true/false as DOSBox writes them (also on/off, yes/no, 1/0): 1, 0, -1. */
static int boolean(const char *v)
{
    static const char *const k_true[] = {"true", "on", "yes", "1"};
    static const char *const k_false[] = {"false", "off", "no", "0"};
    for (size_t i = 0; i < ARRAY_LEN(k_true); i++) {
        if (!strcasecmp(v, k_true[i]))
            return 1;
        if (!strcasecmp(v, k_false[i]))
            return 0;
    }
    return -1;
}

/* A mapping of one key: the section and key it came from are passed on
 * for messages. */
struct kv {
    const char *section, *key, *value;
    unsigned line;
};

typedef void map_fn(struct dosbox *d, const struct kv *kv);

static void ignore(struct dosbox *d, const struct kv *kv)
{
    d->out.ignore(d->out.ctx, kv->section, kv->key, kv->value, kv->line);
}

/* A boolean key setting a flag option (or an option to value_on). */
static void map_bool(struct dosbox *d, const struct kv *kv, const char *key, const char *on,
                     const char *off)
{
    int b = boolean(kv->value);
    if (b < 0)
        bad(d, kv->section, kv->key, "true or false", kv->value, kv->line);
    else if (b ? on : off)
        set(d, key, b ? on : off, kv->line);
}

static void map_fullscreen(struct dosbox *d, const struct kv *kv)
{
    map_bool(d, kv, "fullscreen", "true", "false");
}

/* [render] aspect: true/false (0.74), or Staging's auto, on, off,
 * square-pixels, stretch. */
static void map_aspect(struct dosbox *d, const struct kv *kv)
{
    if (!strcasecmp(kv->value, "stretch"))
        set(d, "scale", "stretch", kv->line);
    else if (!strcasecmp(kv->value, "auto"))
        set(d, "aspect", "on", kv->line);
    else if (!strcasecmp(kv->value, "square-pixels"))
        set(d, "aspect", "off", kv->line);
    else
        map_bool(d, kv, "aspect", "on", "off");
}

/* The first whitespace-separated word of s after skip words, lower case. */
static bool word(const char *s, unsigned skip, char *out, size_t cap)
{
    for (unsigned i = 0; i <= skip; i++) {
        s += strspn(s, " \t");
        size_t n = strcspn(s, " \t");
        if (!n)
            return false;
        if (i == skip) {
            snprintf(out, cap, "%.*s", (int)MIN(n, cap - 1), s);
            for (char *p = out; *p; p++)
                *p = (char)tolower((unsigned char)*p);
            return true;
        }
        s += n;
    }
    return false;
}

static bool number(const char *s)
{
    return *s && strspn(s, "0123456789") == strlen(s);
}

/* The N of "limit N" among the words of s, into out: false without one. */
static bool cycles_limit(const char *s, char *out, size_t cap)
{
    char w[VALUE_MAX];
    for (unsigned i = 0; word(s, i, w, sizeof w); i++)
        if (!strcmp(w, "limit"))
            return word(s, i + 1, out, cap) && number(out);
    return false;
}

/* [cpu] cycles: "max" (with a percentage: max; with "limit N": N, the
 * most DOSBox would run), "fixed N" or "N" (instructions per millisecond,
 * as --speed counts), "auto" (DOSBox picks by the program's mode: unidos
 * runs it at its default speed, noted under -v). */
static void map_cycles(struct dosbox *d, const struct kv *kv)
{
    char limit[VALUE_MAX];
    char w0[VALUE_MAX], w1[VALUE_MAX];
    bool one = word(kv->value, 0, w0, sizeof w0);
    bool two = word(kv->value, 1, w1, sizeof w1);
    if (one && number(w0) && !two)
        set(d, "speed", w0, kv->line);
    else if (one && !strcmp(w0, "fixed") && two && number(w1))
        set(d, "speed", w1, kv->line);
    else if (one && !strcmp(w0, "max"))
        set(d, "speed", cycles_limit(kv->value, limit, sizeof limit) ? limit : "max", kv->line);
    else if (one && !strcmp(w0, "auto"))
        d->out.unsupported(d->out.ctx, kv->section, kv->key, kv->value,
                           "DOSBox's auto (a fixed count in real mode, max in protected mode) "
                           "is not followed; the default speed stays",
                           kv->line);
    else
        bad(d, kv->section, kv->key, "auto, max, fixed N or N", kv->value, kv->line);
}

/* [cpu] cputype: the CPUID identity where unidos has the model. */
static void map_cputype(struct dosbox *d, const struct kv *kv)
{
    static const struct {
        const char *prefix, *cpu;
    } k_types[] = {
        {"486", "486"}, {"pentium_iii", "p3"},  {"pentium_ii", "p2"},
        {"ppro", "p2"}, {"pentium", "pentium"},
    };
    for (size_t i = 0; i < ARRAY_LEN(k_types); i++)
        if (!strncasecmp(kv->value, k_types[i].prefix, strlen(k_types[i].prefix))) {
            set(d, "cpu", k_types[i].cpu, kv->line);
            return;
        }
    ignore(d, kv); /* auto, 386...: the default model */
}

static void map_sbtype(struct dosbox *d, const struct kv *kv)
{
    static const struct {
        const char *type, *card;
    } k_types[] = {
        {"sb1", "sb2"},   {"sb2", "sb2"},        {"sbpro1", "sbpro"}, {"sbpro2", "sbpro"},
        {"sb16", "sb16"}, {"sb16vibra", "sb16"}, {"none", "none"},    {"gb", "none"},
    };
    for (size_t i = 0; i < ARRAY_LEN(k_types); i++)
        if (!strcasecmp(kv->value, k_types[i].type)) {
            set(d, "sb", k_types[i].card, kv->line);
            return;
        }
    bad(d, kv->section, kv->key, "sb1, sb2, sbpro1, sbpro2, sb16, gb or none", kv->value,
        kv->line);
}

static void map_sbbase(struct dosbox *d, const struct kv *kv)
{
    set(d, "sb-base", kv->value, kv->line);
}

static void map_irq(struct dosbox *d, const struct kv *kv)
{
    set(d, "sb-irq", kv->value, kv->line);
}

static void map_dma(struct dosbox *d, const struct kv *kv)
{
    set(d, "sb-dma", kv->value, kv->line);
}

/* [sblaster] hdma: DOSBox lets an SB16 use an 8-bit channel for 16-bit
 * transfers too; unidos' SB16 has its 16-bit channel among 5-7. */
static void map_hdma(struct dosbox *d, const struct kv *kv)
{
    if (!strcmp(kv->value, "5") || !strcmp(kv->value, "6") || !strcmp(kv->value, "7"))
        set(d, "sb-hdma", kv->value, kv->line);
    else
        ignore(d, kv);
}

static void map_nosound(struct dosbox *d, const struct kv *kv)
{
    map_bool(d, kv, "audio", "none", NULL);
}

static void map_soundfont(struct dosbox *d, const struct kv *kv)
{
    if (*kv->value && strcasecmp(kv->value, "default.sf2"))
        set(d, "soundfont", kv->value, kv->line);
}

static void map_xms(struct dosbox *d, const struct kv *kv)
{
    int b = boolean(kv->value);
    if (b < 0)
        bad(d, kv->section, kv->key, "true or false", kv->value, kv->line);
    d->xms_off = b == 0;
    if (b == 0)
        set(d, "xms", "0", kv->line);
}

/* [dos] ems: true or false (Staging adds emsboard and emm386: EMS too). */
static void map_ems(struct dosbox *d, const struct kv *kv)
{
    if (!strcasecmp(kv->value, "emsboard") || !strcasecmp(kv->value, "emm386"))
        return;
    map_bool(d, kv, "no-ems", NULL, "true");
}

static void map_umb(struct dosbox *d, const struct kv *kv)
{
    map_bool(d, kv, "no-umb", NULL, "true");
}

/* [dos] keyboardlayout: auto, none, or a KEYB code, which Staging may
 * follow with a code page ("gr 850"). A layout unidos has no table for
 * keeps the default, with a note under -v. */
static void map_keyboardlayout(struct dosbox *d, const struct kv *kv)
{
    char spec[VALUE_MAX], cp[VALUE_MAX];
    const struct kbd_layout *l;
    unsigned page;
    if (!word(kv->value, 0, spec, sizeof spec) || !strcmp(spec, "auto") ||
        !strcmp(spec, "none"))
        return;
    if (word(kv->value, 1, cp, sizeof cp) && strlen(spec) + 1 + strlen(cp) < sizeof spec) {
        strcat(spec, ",");
        strcat(spec, cp);
    }
    if (kbd_layout_parse(spec, &l, &page))
        set(d, "keyboard", spec, kv->line);
    else
        d->out.unsupported(d->out.ctx, kv->section, kv->key, kv->value,
                           "no such layout or code page in unidos yet; the default stays",
                           kv->line);
}

static void map_ver(struct dosbox *d, const struct kv *kv)
{
    set(d, "dos-version", kv->value, kv->line);
}

static void map_memsize(struct dosbox *d, const struct kv *kv)
{
    char *end;
    long mb = strtol(kv->value, &end, 10);
    if (!*kv->value || *end || mb < MB_CONVENTIONAL) {
        bad(d, kv->section, kv->key, "a size in MB", kv->value, kv->line);
        return;
    }
    d->memsize_mb = (int)MIN(mb, (long)OPT_XMS_MAX_MB + MB_CONVENTIONAL);
    d->memsize_line = kv->line;
}

static const struct {
    const char *section, *key;
    map_fn *fn;
} k_keys[] = {
    {"sdl", "fullscreen", map_fullscreen},
    {"render", "aspect", map_aspect},
    {"cpu", "cycles", map_cycles},
    {"cpu", "cputype", map_cputype},
    {"sblaster", "sbtype", map_sbtype},
    {"sblaster", "sbbase", map_sbbase},
    {"sblaster", "irq", map_irq},
    {"sblaster", "dma", map_dma},
    {"sblaster", "hdma", map_hdma},
    {"mixer", "nosound", map_nosound},
    {"fluidsynth", "soundfont", map_soundfont},
    {"dos", "xms", map_xms},
    {"dos", "ems", map_ems},
    {"dos", "umb", map_umb},
    {"dos", "keyboardlayout", map_keyboardlayout},
    {"dos", "ver", map_ver},
    {"dosbox", "memsize", map_memsize},
};

void dosbox_value(struct dosbox *d, const char *section, const char *key, const char *value,
                  unsigned line)
{
    struct kv kv = {.section = section, .key = key, .value = value, .line = line};
    for (size_t i = 0; i < ARRAY_LEN(k_keys); i++)
        if (!strcasecmp(section, k_keys[i].section) && !strcasecmp(key, k_keys[i].key)) {
            k_keys[i].fn(d, &kv);
            return;
        }
    kv.value = NULL; /* the key itself means nothing here */
    ignore(d, &kv);
}

void dosbox_finish(struct dosbox *d)
{
    char mb[16];
    if (d->memsize_mb >= 0 && !d->xms_off) {
        snprintf(mb, sizeof mb, "%d", d->memsize_mb - MB_CONVENTIONAL);
        set(d, "xms", mb, d->memsize_line);
    }
    free(d);
}

/* ---- [autoexec] ---- */

#define TOKEN_MAX PATH_MAX

/* Options of MOUNT and IMGMOUNT (DOSBox 0.74, Staging, X) that take a
 * value: the word after them is not a path. */
static const char *const k_valued[] = {
    "-t",   "-fs",         "-size", "-label",  "-ide",     "-freesize", "-usecd",     "-o",
    "-chs", "-reservecyl", "-el",   "-bootcd", "-sectors", "-heads",    "-cylinders",
};

static bool valued(const char *opt)
{
    for (size_t i = 0; i < ARRAY_LEN(k_valued); i++)
        if (!strcasecmp(opt, k_valued[i]))
            return true;
    return false;
}

/* The next word of *p ("..." one word, quotes removed) into out; false at
 * the end. *quoted tells whether it had quotes. */
static bool next_word(const char **p, char *out, size_t cap, bool *quoted)
{
    const char *s = *p + strspn(*p, " \t");
    size_t n = 0;
    bool q = false;
    *quoted = false;
    if (!*s)
        return false;
    for (; *s && (q || (*s != ' ' && *s != '\t')); s++) {
        if (*s == '"') {
            q = !q;
            *quoted = true;
        } else if (n + 1 < cap) {
            out[n++] = *s;
        }
    }
    out[n] = 0;
    *p = s;
    return true;
}

/* The command of an [autoexec] line, as MOUNT or IMGMOUNT ("@mount",
 * "Z:\MOUNT.COM", "imgmount"): 1 for MOUNT, 2 for IMGMOUNT, else 0. */
static int mount_command(const char *word)
{
    const char *base = word;
    for (const char *p = word; *p; p++)
        if (*p == '\\' || *p == ':')
            base = p + 1;
    size_t n = strcspn(base, ".");
    if (n == 5 && !strncasecmp(base, "mount", n))
        return 1;
    if (n == 8 && !strncasecmp(base, "imgmount", n))
        return 2;
    return 0;
}

static bool append(char *out, size_t cap, size_t *len, const char *s, bool quote)
{
    int n = snprintf(out + *len, cap - *len,
                     *len ? (quote ? " \"%s\"" : " %s") : (quote ? "\"%s\"" : "%s"), s);
    if (n < 0 || (size_t)n >= cap - *len)
        return false;
    *len += (size_t)n;
    return true;
}

/* The words after the command: options, the drive, then host paths. */
static bool rewrite_args(const char *p, const char *dir, char *out, size_t cap, size_t *len,
                         void (*allow)(void *ctx, const char *path), void *ctx, char *why,
                         size_t why_cap, int *drive)
{
    char w[TOKEN_MAX], path[PATH_MAX];
    bool quoted, drive_seen = false, value_next = false, ok = true, unmount = false;
    while (ok && next_word(&p, w, sizeof w, &quoted)) {
        bool is_path = drive_seen && !value_next && (w[0] != '-' || quoted);
        if (!is_path) {
            unmount |= !strcasecmp(w, "-u");
            if (!drive_seen && !value_next && w[0] != '-') {
                drive_seen = true;
                *drive = isalpha((unsigned char)w[0]) && (!w[1] || (w[1] == ':' && !w[2]))
                             ? toupper((unsigned char)w[0]) - 'A'
                             : -1;
            }
            value_next = !value_next && w[0] == '-' && valued(w);
            ok = append(out, cap, len, w, quoted);
            continue;
        }
        if (isalpha((unsigned char)w[0]) && w[1] == ':' && (w[2] == '\\' || w[2] == '/')) {
            snprintf(why, why_cap, "%s: a Windows path (write the host path)", w);
            return false;
        }
        ok = config_host_path(dir, w, path, sizeof path) && !strchr(path, '"') &&
             append(out, cap, len, path, true);
        if (ok)
            allow(ctx, path);
    }
    if (!ok)
        snprintf(why, why_cap, "the line is too long with its paths made absolute");
    if (unmount)
        *drive = -1;
    return ok;
}

bool dosbox_autoexec(const char *line, const char *dir, char *out, size_t cap,
                     void (*allow)(void *ctx, const char *path), void *ctx, char *why,
                     size_t why_cap, int *drive)
{
    char cmd[TOKEN_MAX];
    bool quoted;
    const char *p = line + strspn(line, " \t@");
    const char *rest = p;
    size_t len = 0;
    *drive = -1;
    if (!next_word(&rest, cmd, sizeof cmd, &quoted) || quoted || !mount_command(cmd)) {
        snprintf(out, cap, "%s", line);
        if (strlen(line) < cap)
            return true;
        snprintf(why, why_cap, "the line is too long");
        return false;
    }
    len = (size_t)snprintf(out, cap, "%.*s", (int)(rest - line), line);
    return len < cap &&
           rewrite_args(rest, dir, out, cap, &len, allow, ctx, why, why_cap, drive);
}
