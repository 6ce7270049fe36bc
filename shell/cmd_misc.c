/* Internal commands: the table, and ECHO, SET, PATH, PROMPT, VER, VOL,
 * DATE, TIME, CLS, BREAK, VERIFY, PAUSE, REM, EXIT, LH, TRUENAME
 * (MS-DOS 5 behaviour and messages). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/shell_impl.h"

#define DATE_PIVOT 80 /* two-digit years: 80-99 are 19xx */
#define KEY_CTRL_C 0x03
#define STDOUT_H 1
#define DEVINFO_CONSOLE_OUT 0x82 /* IOCTL 4400h: a device that is the console output */

/* MS-DOS 5 internal commands (the MS-DOS 5 User's Guide, chapter 14), HELP,
 * KEYB, MIXER and CHCP (cmd_host.c), and DOSBox's commands for its
 * configurations. */
/* clang-format off */
#define INTERNAL(n, f) {.name = n, .fn = f}
/* clang-format on */
/* clang-format off */
#define PROGRAM(n, f) {.name = n, .fn = f, .program_first = true}
/* clang-format on */
static const struct sh_builtin k_builtins[] = {
    PROGRAM("CONFIG", sh_cmd_config),
    PROGRAM("CYCLES", sh_cmd_cycles),
    PROGRAM("HELP", sh_cmd_help),
    PROGRAM("IMGMOUNT", sh_cmd_imgmount),
    PROGRAM("KEYB", sh_cmd_keyb),
    PROGRAM("LOADFIX", sh_cmd_loadfix),
    PROGRAM("MIXER", sh_cmd_mixer),
    PROGRAM("MOUNT", sh_cmd_mount),
    PROGRAM("RESCAN", sh_cmd_rescan),
    INTERNAL("BREAK", sh_cmd_break),
    INTERNAL("CALL", sh_cmd_call),
    INTERNAL("CD", sh_cmd_cd),
    INTERNAL("CHCP", sh_cmd_chcp),
    INTERNAL("CHDIR", sh_cmd_cd),
    INTERNAL("CLS", sh_cmd_cls),
    INTERNAL("COPY", sh_cmd_copy),
    INTERNAL("DATE", sh_cmd_date),
    INTERNAL("DEL", sh_cmd_del),
    INTERNAL("DIR", sh_cmd_dir),
    INTERNAL("ECHO", sh_cmd_echo),
    INTERNAL("ERASE", sh_cmd_del),
    INTERNAL("EXIT", sh_cmd_exit),
    INTERNAL("FOR", sh_cmd_for),
    INTERNAL("GOTO", sh_cmd_goto),
    INTERNAL("IF", sh_cmd_if),
    INTERNAL("LH", sh_cmd_lh),
    INTERNAL("LOADHIGH", sh_cmd_lh),
    INTERNAL("MD", sh_cmd_md),
    INTERNAL("MKDIR", sh_cmd_md),
    INTERNAL("PATH", sh_cmd_path),
    INTERNAL("PAUSE", sh_cmd_pause),
    INTERNAL("PROMPT", sh_cmd_prompt),
    INTERNAL("RD", sh_cmd_rd),
    INTERNAL("REM", sh_cmd_rem),
    INTERNAL("REN", sh_cmd_ren),
    INTERNAL("RENAME", sh_cmd_ren),
    INTERNAL("RMDIR", sh_cmd_rd),
    INTERNAL("SET", sh_cmd_set),
    INTERNAL("SHIFT", sh_cmd_shift),
    INTERNAL("TIME", sh_cmd_time),
    INTERNAL("TRUENAME", sh_cmd_truename),
    INTERNAL("TYPE", sh_cmd_type),
    INTERNAL("VER", sh_cmd_ver),
    INTERNAL("VERIFY", sh_cmd_verify),
    INTERNAL("VOL", sh_cmd_vol),
};
#undef INTERNAL
#undef PROGRAM

void sh_builtins_check(void)
{
    for (size_t i = 0; i < ARRAY_LEN(k_builtins); i++)
        ASSERT(sh_help_known(k_builtins[i].name));
}

const struct sh_builtin *sh_builtin_find(const char *word, size_t *name_len)
{
    for (size_t i = 0; i < ARRAY_LEN(k_builtins); i++) {
        size_t n = sh_internal_prefix(word, k_builtins[i].name);
        if (n) {
            *name_len = n;
            return &k_builtins[i];
        }
    }
    return NULL;
}

static char *skip_blanks(char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static void trim_end(char *p)
{
    size_t n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        p[--n] = 0;
}

/* "ON" / "OFF" (any case, blanks around): 1 / 0, else -1. */
static int on_off(const char *arg)
{
    char w[8];
    const char *p = arg;
    if (!sh_next_arg(&p, w, sizeof w) || !sh_blank(p))
        return -1;
    return !strcasecmp(w, "ON") ? 1 : !strcasecmp(w, "OFF") ? 0 : -1;
}

/* ECHO: the first character after the name only separates ("ECHO." is an
 * empty line); the rest is shown as it is. */
int sh_cmd_echo(struct sh_session *s, char *tail)
{
    if (sh_blank(tail)) {
        sh_printf(s, "ECHO is %s\r\n", s->echo ? "on" : "off");
        return 0;
    }
    int v = on_off(tail + 1);
    if (v >= 0 && (tail[0] == ' ' || tail[0] == '\t')) {
        s->echo = v;
        return 0;
    }
    sh_puts(s, tail + 1);
    sh_puts(s, "\r\n");
    return 0;
}

static void show_var(struct sh_session *s, const char *var)
{
    sh_puts(s, var);
    sh_puts(s, "\r\n");
}

int sh_cmd_set(struct sh_session *s, char *tail)
{
    char *p = skip_blanks(tail), *eq = strchr(p, '=');
    if (!*p) {
        sh_env_each(s, show_var);
        return 0;
    }
    if (!eq || eq == p) {
        sh_error(s, "Syntax error");
        return 0;
    }
    *eq = 0;
    if (sh_env_set(s, p, eq + 1) < 0)
        sh_error(s, "Out of environment space");
    return 0;
}

int sh_cmd_path(struct sh_session *s, char *tail)
{
    char cur[SH_LINE_MAX];
    char *p = skip_blanks(tail);
    if (*p == '=')
        p = skip_blanks(p + 1);
    trim_end(p);
    if (!*p) {
        if (sh_env_get(s, "PATH", cur, sizeof cur) && cur[0])
            sh_printf(s, "PATH=%s\r\n", cur);
        else
            sh_puts(s, "No Path\r\n");
        return 0;
    }
    for (char *c = p; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    if (sh_env_set(s, "PATH", strcmp(p, ";") ? p : NULL) < 0)
        sh_error(s, "Out of environment space");
    return 0;
}

int sh_cmd_prompt(struct sh_session *s, char *tail)
{
    char *p = tail;
    if (*p == ' ' || *p == '\t' || *p == '=')
        p++;
    if (sh_env_set(s, "PROMPT", sh_blank(p) ? NULL : p) < 0)
        sh_error(s, "Out of environment space");
    return 0;
}

int sh_cmd_ver(struct sh_session *s, char *tail)
{
    int major, minor;
    UNUSED(tail);
    sh_dos_version(s, &major, &minor);
    sh_printf(s, "\r\nunidos DOS version %d.%02d\r\n\r\n", major, minor);
    return 0;
}

int sh_cmd_vol(struct sh_session *s, char *tail)
{
    char arg[SH_NAME_MAX];
    const char *p = tail;
    unsigned d = sh_dos_drive(s);
    if (sh_next_arg(&p, arg, sizeof arg)) {
        if (!isalpha((unsigned char)arg[0]) || arg[1] != ':' || arg[2]) {
            sh_error(s, "Invalid drive specification");
            return 0;
        }
        d = (unsigned)(toupper((unsigned char)arg[0]) - 'A');
    }
    if (!fs_drive_valid(s->sh->fs, d)) {
        sh_error(s, "Invalid drive specification");
        return 0;
    }
    const char *label = fs_label(s->sh->fs, d);
    if (label[0])
        sh_printf(s, "\r\n Volume in drive %c is %s\r\n", 'A' + d, label);
    else
        sh_printf(s, "\r\n Volume in drive %c has no label\r\n", 'A' + d);
    return 0;
}

static const char *const k_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

/* "mm-dd-yy" or "mm-dd-yyyy" (also with / or .). */
static bool parse_date(const char *p, int *y, int *m, int *d)
{
    char *end;
    *m = (int)strtol(p, &end, 10);
    if (end == p || !strchr("-/.", *end))
        return false;
    p = end + 1;
    *d = (int)strtol(p, &end, 10);
    if (end == p || !strchr("-/.", *end))
        return false;
    p = end + 1;
    *y = (int)strtol(p, &end, 10);
    if (end == p || !sh_blank(end))
        return false;
    if (*y >= 0 && *y < 100)
        *y += *y >= DATE_PIVOT ? 1900 : 2000;
    /* DOS (2Bh) judges the date; these bounds only keep the fields bytes. */
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31 && *y >= 0 && *y <= 0xFFFF;
}

/* DATE and TIME: set from the command line, or show the current value and
 * ask for a new one until it is valid (Enter keeps it). job.phase: the
 * question is shown; job.count: the current value is shown. */
static int set_or_ask(struct sh_session *s, char *tail, const char *question,
                      const char *invalid, bool (*apply)(struct sh_session *s, const char *v))
{
    char line[SH_LINE_MAX];
    if (!sh_blank(tail)) {
        if (!apply(s, skip_blanks(tail)))
            sh_puts(s, invalid);
        return 0;
    }
    for (;;) {
        if (s->job.phase == 0)
            sh_puts(s, question);
        s->job.phase = 1;
        sh_flush(s);
        int rc = sh_input_line(s, line, sizeof line);
        if (rc == SH_WAIT)
            return SH_WAIT;
        if (rc == 0)
            sh_puts(s, "\r\n"); /* the input ended: the value stays */
        if (rc == 0 || sh_blank(line) || apply(s, skip_blanks(line)))
            return 0;
        sh_puts(s, invalid);
        s->job.phase = 0;
    }
}

static bool apply_date(struct sh_session *s, const char *v)
{
    int y, m, d;
    return parse_date(v, &y, &m, &d) && sh_dos_set_date(s, y, m, d) == 0;
}

int sh_cmd_date(struct sh_session *s, char *tail)
{
    struct sh_date t;
    if (sh_blank(tail) && !s->job.count) {
        sh_dos_now(s, &t);
        sh_printf(s, "Current date is %s %02d-%02d-%04d\r\n", k_days[t.wday % 7], t.month,
                  t.day, t.year);
        s->job.count = 1;
    }
    return set_or_ask(s, tail, "Enter new date (mm-dd-yy): ", "Invalid date\r\n", apply_date);
}

static bool parse_time(const char *p, int *h, int *m, int *sec, int *cs)
{
    char *end;
    *m = *sec = *cs = 0;
    *h = (int)strtol(p, &end, 10);
    if (end == p)
        return false;
    int *next[] = {m, sec, cs};
    for (size_t i = 0; i < ARRAY_LEN(next) && (*end == ':' || *end == '.'); i++) {
        p = end + 1;
        *next[i] = (int)strtol(p, &end, 10);
    }
    char ap = (char)toupper((unsigned char)*end);
    if (ap == 'P' && *h < 12)
        *h += 12;
    if (ap == 'A' && *h == 12)
        *h = 0;
    if (ap == 'A' || ap == 'P')
        end++;
    return sh_blank(end) && *h >= 0 && *h < 24 && *m >= 0 && *m < 60 && *sec >= 0 &&
           *sec < 60 && *cs >= 0 && *cs < 100;
}

static bool apply_time(struct sh_session *s, const char *v)
{
    int h, m, sec, cs;
    return parse_time(v, &h, &m, &sec, &cs) && sh_dos_set_time(s, h, m, sec, cs) == 0;
}

int sh_cmd_time(struct sh_session *s, char *tail)
{
    struct sh_date t;
    if (sh_blank(tail) && !s->job.count) {
        sh_dos_now(s, &t);
        sh_printf(s, "Current time is %2d:%02d:%02d.%02d%c\r\n", t.hour % 12 ? t.hour % 12 : 12,
                  t.min, t.sec, t.centi, t.hour < 12 ? 'a' : 'p');
        s->job.count = 1;
    }
    return set_or_ask(s, tail, "Enter new time: ", "Invalid time\r\n", apply_time);
}

/* CLS: on the console the stub clears the screen through the BIOS; into
 * a file or a pipe goes the ANSI sequence, as COMMAND.COM does. */
int sh_cmd_cls(struct sh_session *s, char *tail)
{
    int info = sh_dos_devinfo(s, STDOUT_H);
    UNUSED(tail);
    if (info >= 0 && (info & DEVINFO_CONSOLE_OUT) == DEVINFO_CONSOLE_OUT)
        s->cls_pending = true;
    else
        sh_puts(s, "\x1B[2J");
    return 0;
}

static int flag_cmd(struct sh_session *s, char *tail, const char *name,
                    bool (*flag)(struct sh_session *s, int set))
{
    if (sh_blank(tail)) {
        sh_printf(s, "%s is %s\r\n", name, flag(s, -1) ? "on" : "off");
        return 0;
    }
    int v = on_off(tail);
    if (v < 0)
        sh_error(s, "Must specify ON or OFF");
    else
        flag(s, v);
    return 0;
}

int sh_cmd_break(struct sh_session *s, char *tail)
{
    return flag_cmd(s, tail, "BREAK", sh_dos_break);
}

int sh_cmd_verify(struct sh_session *s, char *tail)
{
    return flag_cmd(s, tail, "VERIFY", sh_dos_verify);
}

int sh_cmd_pause(struct sh_session *s, char *tail)
{
    uint8_t ch;
    UNUSED(tail);
    if (s->job.phase == 0)
        sh_puts(s, "Press any key to continue . . .");
    s->job.phase = 1;
    sh_flush(s);
    int rc = sh_input_char(s, &ch);
    if (rc == SH_WAIT)
        return SH_WAIT;
    if (rc > 0 && ch == KEY_CTRL_C) {
        sh_puts(s, "^C");
        s->ask_terminate = sh_batch_ctx(s) != NULL;
    }
    sh_puts(s, "\r\n");
    return 0;
}

int sh_cmd_rem(struct sh_session *s, char *tail)
{
    UNUSED(s);
    UNUSED(tail);
    return 0;
}

int sh_cmd_exit(struct sh_session *s, char *tail)
{
    UNUSED(tail);
    s->exit = !s->permanent;
    return 0;
}

/* LH/LOADHIGH: there are no upper memory blocks; the program runs low. */
int sh_cmd_lh(struct sh_session *s, char *tail)
{
    char *p = skip_blanks(tail);
    while (*p == '/') {
        p += strcspn(p, " \t");
        p = skip_blanks(p);
    }
    return sh_dispatch(s, p);
}

int sh_cmd_truename(struct sh_session *s, char *tail)
{
    char arg[FS_PATH_MAX], full[FS_PATH_MAX];
    const char *p = tail;
    if (!sh_next_arg(&p, arg, sizeof arg))
        snprintf(arg, sizeof arg, ".");
    int rc = fs_truename(s->sh->fs, arg, full, sizeof full);
    if (rc < 0)
        sh_error(s, sh_errmsg(-rc));
    else
        sh_printf(s, "%s\r\n", full);
    return 0;
}
