/* Reading command lines: the line editor (lineedit.c) on the BIOS
 * keyboard when standard input is the console, else lines of the
 * redirected input, shown as DOS's buffered input shows them. The state
 * stays in the session, so a line typed over many calls (each waiting
 * for keys) is never lost. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/shell_impl.h"

#define STDIN_H 0
#define DEVINFO_DEVICE 0x80     /* IOCTL 4400h: a character device ... */
#define DEVINFO_CONSOLE_IN 0x01 /* ... that is the console input */
#define KEY_LF 0x0A
#define KEY_ENTER 0x0D
#define KEY_EOF 0x1A

static bool stdin_console(struct sh_session *s)
{
    int info = sh_dos_devinfo(s, STDIN_H);
    return info >= 0 && (info & DEVINFO_DEVICE) && (info & DEVINFO_CONSOLE_IN);
}

static void echo_write(void *ctx, const char *text, size_t n)
{
    sh_write(ctx, text, n);
}

static int console_line(struct sh_session *s, struct sh_input *in)
{
    uint16_t key;
    struct sh_edit_env env = {&s->sh->hist, dos_input_echoed(s->sh->dos) ? NULL : echo_write,
                              s};
    for (;;) {
        int rc = bios_key_get(s->sh->bios, true, &key);
        if (rc == 0)
            return SH_WAIT;
        if (rc < 0)
            return in->len ? 1 : 0;
        if (sh_edit_key(in, key, &env))
            return 1;
    }
}

/* A line of redirected input; DOS shows what it reads. */
static int redirected_line(struct sh_session *s, struct sh_input *in)
{
    uint8_t ch;
    for (;;) {
        int rc = sh_dos_read(s, STDIN_H, &ch, 1);
        if (rc == SH_WAIT)
            return SH_WAIT;
        if (rc <= 0 || ch == KEY_EOF)
            break;
        /* The LF of a CR LF pair, also when another shell read the CR:
         * a line never starts with LF (DOS's editor ignores ^J too). */
        bool skip = ch == KEY_LF && (in->after_cr || in->len == 0);
        in->after_cr = ch == KEY_ENTER;
        if (skip)
            continue;
        if (ch == KEY_ENTER || ch == KEY_LF) {
            sh_write(s, in->buf, in->len);
            sh_puts(s, "\r\n");
            return 1;
        }
        if (in->len < SH_EDIT_MAX)
            in->buf[in->len++] = (char)ch;
    }
    sh_write(s, in->buf, in->len);
    return in->len ? 1 : 0;
}

int sh_input_line(struct sh_session *s, char *out, size_t cap)
{
    struct sh_input *in = &s->in;
    if (!in->active)
        sh_edit_start(in, &s->sh->hist);
    int rc = stdin_console(s) ? console_line(s, in) : redirected_line(s, in);
    if (rc == SH_WAIT)
        return rc;
    in->active = false;
    in->buf[in->len] = 0;
    snprintf(out, cap, "%s", in->buf);
    return rc;
}

int sh_input_char(struct sh_session *s, uint8_t *ch)
{
    uint16_t key;
    if (!stdin_console(s)) {
        int rc = sh_dos_read(s, STDIN_H, ch, 1);
        return rc == SH_WAIT ? rc : rc > 0 ? 1 : 0;
    }
    int rc = bios_key_get(s->sh->bios, true, &key);
    if (rc == 0)
        return SH_WAIT;
    *ch = (uint8_t)key;
    return rc > 0 ? 1 : 0;
}
