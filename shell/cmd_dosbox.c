/* DOSBox's own commands that its configurations use in [autoexec]:
 * LOADFIX, CONFIG, CYCLES and RESCAN (MOUNT and IMGMOUNT are in
 * cmd_mount.c). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/shell_impl.h"

#define LOADFIX_DEFAULT_KB 64
#define LOADFIX_MAX_KB 640
#define PARAS_PER_KB 64

/* RESCAN [X: | -A | -ALL]: DOSBox drops its cached directory listings so
 * that changes made on the host show. unidos' listings are checked against
 * the host directory's time on every use (fs/host_cache.c), so nothing is
 * cached to drop: the command checks its argument and succeeds. */
int sh_cmd_rescan(struct sh_session *s, char *tail)
{
    char *p = tail + strspn(tail, " \t");
    size_t n = strcspn(p, " \t");
    bool all = (n == 2 || n == 4) && (p[0] == '-' || p[0] == '/') &&
               !strncasecmp(p + 1, "ALL", n - 1);
    bool drive = n == 2 && isalpha((unsigned char)p[0]) && p[1] == ':';
    if (!n || all)
        return 0;
    if (!drive || !sh_blank(p + n)) {
        sh_errorf(s, "RESCAN: expected a drive (C:) or -A, not '%s'", p);
        return 0;
    }
    if (!fs_drive_valid(s->sh->fs, (unsigned)(toupper((unsigned char)p[0]) - 'A')))
        sh_errorf(s, "RESCAN: drive %c: is not mounted", toupper((unsigned char)p[0]));
    return 0;
}

/* LOADFIX -f: give back what LOADFIX kept. */
static int loadfix_free(struct sh_session *s)
{
    for (size_t i = 0; i < s->nloadfix; i++)
        sh_dos_free(s, s->loadfix[i]);
    sh_printf(s, "%s\r\n", s->nloadfix ? "Memory given back." : "LOADFIX holds no memory.");
    s->nloadfix = 0;
    return 0;
}

/* LOADFIX [-SIZE] [PROGRAM [ARGS]]: take SIZE KiB (64) of the lowest
 * free memory, so that the program loads above it; with a program the
 * memory comes back when it ends, without one it stays until LOADFIX -F. */
int sh_cmd_loadfix(struct sh_session *s, char *tail)
{
    char *p = tail + strspn(tail, " \t");
    unsigned long kb = LOADFIX_DEFAULT_KB;
    if (p[0] == '-' && toupper((unsigned char)p[1]) == 'F' && sh_blank(p + 2))
        return loadfix_free(s);
    if (p[0] == '-') {
        char *end;
        kb = strtoul(p + 1, &end, 10);
        if (end == p + 1 || (*end && *end != ' ' && *end != '\t') || !kb ||
            kb > LOADFIX_MAX_KB) {
            sh_errorf(s, "LOADFIX: expected -SIZE in KiB (1-%d) or -F", LOADFIX_MAX_KB);
            return 0;
        }
        p = end + strspn(end, " \t");
    }
    if (sh_blank(p) && s->nloadfix >= SH_LOADFIX_MAX) {
        sh_errorf(s, "LOADFIX: %d blocks are held already (LOADFIX -F gives them back)",
                  SH_LOADFIX_MAX);
        return 0;
    }
    int seg = sh_dos_alloc(s, (uint16_t)(kb * PARAS_PER_KB));
    if (seg < 0) {
        sh_errorf(s, "LOADFIX: not enough memory for %lu KiB", kb);
        return 0;
    }
    sh_printf(s, "%lu KiB taken.\r\n", kb);
    if (sh_blank(p)) {
        s->loadfix[s->nloadfix++] = (uint16_t)seg;
        return 0;
    }
    s->ctx->loadfix_seg = (uint16_t)seg;
    return sh_dispatch(s, p);
}

/* ---- CYCLES ---- */

#define SPEED_NAME_MAX 32

/* The speed as DOSBox writes cycles ("max", "fixed 3000", "3000") or as
 * --speed does ("386"): 0 or -1 after a message. */
static int set_speed(struct sh_session *s, const char *value)
{
    const struct shell_speed *sp = &s->sh->speed;
    char v[SH_NAME_MAX], why[160];
    const char *p = value + strspn(value, " \t");
    if (!strncasecmp(p, "fixed", 5) && (p[5] == ' ' || p[5] == '\t'))
        p += 5 + strspn(p + 5, " \t");
    snprintf(v, sizeof v, "%.*s", (int)strcspn(p, " \t"), p);
    if (!sp->set) {
        sh_errorf(s, "CYCLES: the speed cannot change in this run");
        return -1;
    }
    if (!strcasecmp(v, "auto")) {
        sh_errorf(s, "CYCLES auto: DOSBox's choice by the program's mode has no counterpart "
                     "here; give max or a speed");
        return -1;
    }
    if (!sp->set(sp->ctx, v, why, sizeof why)) {
        sh_errorf(s, "CYCLES %s: %s", v, why);
        return -1;
    }
    return 0;
}

static void show_speed(struct sh_session *s)
{
    const struct shell_speed *sp = &s->sh->speed;
    char name[SPEED_NAME_MAX] = "max";
    if (sp->name)
        sp->name(sp->ctx, name, sizeof name);
    sh_printf(s, "CPU speed: %s\r\n", name);
}

/* CYCLES [max | fixed N | N | 286...]: without an argument, the speed now. */
int sh_cmd_cycles(struct sh_session *s, char *tail)
{
    if (sh_blank(tail))
        show_speed(s);
    else if (set_speed(s, tail) == 0)
        show_speed(s);
    return 0;
}

/* ---- CONFIG ---- */

/* "section key" or "section key=value" from the words after -get/-set
 * (quoted or not, "section key" also as "section.key"? DOSBox: blanks). */
static void setting(const char *p, char *out, size_t cap)
{
    size_t n = 0;
    for (p += strspn(p, " \t"); *p && n + 1 < cap; p++)
        if (*p != '"')
            out[n++] = (char)tolower((unsigned char)*p);
    while (n && (out[n - 1] == ' ' || out[n - 1] == '\t'))
        n--;
    out[n] = 0;
}

#define CYCLES_SETTING "cpu cycles"

/* CONFIG -set/-get: only what can change while the machine runs, the
 * speed ("cpu cycles", also written "cpu.cycles" or with '='). */
static int config_setting(struct sh_session *s, const char *p, bool set)
{
    char what[SH_LINE_MAX];
    setting(p, what, sizeof what);
    for (char *c = what; *c; c++)
        if (*c == '.' || *c == '\t')
            *c = ' ';
    size_t n = strlen(CYCLES_SETTING);
    bool cycles = !strncmp(what, CYCLES_SETTING, n) && (!what[n] || strchr(" =", what[n]));
    if (cycles && !set)
        show_speed(s);
    else if (cycles && what[n + strspn(what + n, " ")] == '=')
        set_speed(s, what + n + strspn(what + n, " ") + 1);
    else
        sh_errorf(s,
                  "CONFIG: '%s' cannot change while the machine runs (start unidos with "
                  "the setting in its configuration)",
                  what);
    return 0;
}

int sh_cmd_config(struct sh_session *s, char *tail)
{
    char word[SH_NAME_MAX];
    const char *p = tail;
    if (!sh_next_arg(&p, word, sizeof word)) {
        sh_help_show(s, "CONFIG");
        return 0;
    }
    if (!strcasecmp(word, "-securemode")) {
        s->sh->mounts.off = true;
        sh_puts(s, "Secure mode: MOUNT and IMGMOUNT are switched off until the run ends.\r\n");
        return 0;
    }
    if (!strcasecmp(word, "-set") || !strcasecmp(word, "-get"))
        return config_setting(s, p, !strcasecmp(word, "-set"));
    sh_errorf(s, "CONFIG %s: not supported here (-set, -get, -securemode)", word);
    return 0;
}
