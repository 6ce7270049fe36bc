/* The command-line editor: DOS template keys and DOSKEY-like editing and
 * history over BIOS key codes (see lineedit.h). */
#include "shell/lineedit.h"

#include <stdlib.h>
#include <string.h>

#include "base/common.h"

#define KEY_CTRL_C 0x03
#define KEY_BS 0x08
#define KEY_TAB 0x09
#define KEY_ENTER 0x0D
#define KEY_ESC 0x1B
#define KEY_DEL_ASCII 0x7F
#define KEY_EXTENDED_E0 0xE0
/* Scan codes of the extended keys (IBM PC/AT keyboard, set 1). */
#define SC_F1 0x3B
#define SC_F3 0x3D
#define SC_HOME 0x47
#define SC_UP 0x48
#define SC_LEFT 0x4B
#define SC_RIGHT 0x4D
#define SC_END 0x4F
#define SC_DOWN 0x50
#define SC_INS 0x52
#define SC_DEL 0x53

static bool blank(const char *s)
{
    return s[strspn(s, " \t")] == 0;
}

void sh_edit_start(struct sh_input *in, const struct sh_history *h)
{
    bool after_cr = in->after_cr;
    memset(in, 0, sizeof *in);
    in->active = true;
    in->after_cr = after_cr;
    in->hist = h->n;
}

void sh_history_add(struct sh_history *h, const char *line)
{
    if (blank(line) || (h->n && !strcmp(h->lines[h->n - 1], line)))
        return;
    if (h->n == SH_HISTORY_MAX) {
        free(h->lines[0]);
        memmove(h->lines, h->lines + 1, (SH_HISTORY_MAX - 1) * sizeof *h->lines);
        h->n--;
    }
    h->lines[h->n++] = xstrdup(line);
}

void sh_history_free(struct sh_history *h)
{
    for (unsigned i = 0; i < h->n; i++)
        free(h->lines[i]);
    h->n = 0;
}

/* The previous line: DOS's template for F1 and F3. */
static const char *template_line(const struct sh_edit_env *e)
{
    const struct sh_history *h = e->hist;
    return h->n ? h->lines[h->n - 1] : "";
}

static void show(const struct sh_edit_env *e, const char *buf, size_t n)
{
    if (e->write && n)
        e->write(e->ctx, buf, n);
}

static void back(const struct sh_edit_env *s, unsigned n)
{
    while (n--)
        show(s, "\b", 1);
}

/* Show buf[from..len), blank erase cells after it, and put the cursor
 * back at cur (the screen cursor is at from). */
static void repaint(const struct sh_edit_env *s, struct sh_input *in, unsigned from,
                    unsigned erase)
{
    show(s, in->buf + from, in->len - from);
    for (unsigned i = 0; i < erase; i++)
        show(s, " ", 1);
    back(s, in->len + erase - in->cur);
}

static void put_char(const struct sh_edit_env *s, struct sh_input *in, char ch)
{
    if (in->overwrite && in->cur < in->len) {
        in->buf[in->cur++] = ch;
        show(s, &ch, 1);
        return;
    }
    if (in->len >= SH_EDIT_MAX) {
        show(s, "\a", 1);
        return;
    }
    memmove(in->buf + in->cur + 1, in->buf + in->cur, in->len - in->cur);
    in->buf[in->cur] = ch;
    in->len++;
    in->cur++;
    repaint(s, in, in->cur - 1, 0);
}

static void delete_at(const struct sh_edit_env *s, struct sh_input *in)
{
    if (in->cur >= in->len)
        return;
    memmove(in->buf + in->cur, in->buf + in->cur + 1, in->len - in->cur - 1);
    in->len--;
    repaint(s, in, in->cur, 1);
}

/* Replace the whole line with text (history, Esc). */
static void replace(const struct sh_edit_env *s, struct sh_input *in, const char *text)
{
    unsigned old = in->len, n = (unsigned)MIN(strlen(text), (size_t)SH_EDIT_MAX);
    back(s, in->cur);
    memcpy(in->buf, text, n);
    in->len = in->cur = n;
    show(s, in->buf, n);
    for (unsigned i = n; i < old; i++)
        show(s, " ", 1);
    back(s, old > n ? old - n : 0);
}

/* Copy template characters up to position `to` (F1 one, F3 all). */
static void from_template(const struct sh_edit_env *s, struct sh_input *in, size_t to)
{
    const char *t = template_line(s);
    while (in->cur == in->len && in->len < MIN(to, strlen(t)))
        put_char(s, in, t[in->len]);
}

static void browse(const struct sh_edit_env *s, struct sh_input *in, int dir)
{
    const struct sh_history *h = s->hist;
    if ((dir < 0 && in->hist == 0) || (dir > 0 && in->hist >= h->n))
        return;
    in->hist = (unsigned)((int)in->hist + dir);
    replace(s, in, in->hist < h->n ? h->lines[in->hist] : "");
}

static void extended_key(const struct sh_edit_env *s, struct sh_input *in, uint8_t scan)
{
    switch (scan) {
    case SC_LEFT:
        if (in->cur > 0) {
            back(s, 1);
            in->cur--;
        }
        break;
    case SC_RIGHT:
        if (in->cur < in->len)
            show(s, in->buf + in->cur++, 1);
        else
            from_template(s, in, in->len + 1);
        break;
    case SC_HOME:
        back(s, in->cur);
        in->cur = 0;
        break;
    case SC_END:
        show(s, in->buf + in->cur, in->len - in->cur);
        in->cur = in->len;
        break;
    case SC_DEL:
        delete_at(s, in);
        break;
    case SC_INS:
        in->overwrite = !in->overwrite;
        break;
    case SC_F1:
        from_template(s, in, in->len + 1);
        break;
    case SC_F3:
        from_template(s, in, SIZE_MAX);
        break;
    case SC_UP:
        browse(s, in, -1);
        break;
    case SC_DOWN:
        browse(s, in, 1);
        break;
    default:
        break;
    }
}

/* One key: true when the line is finished. */
bool sh_edit_key(struct sh_input *in, uint16_t key, const struct sh_edit_env *s)
{
    uint8_t ch = (uint8_t)key;
    if (ch == 0 || (ch == KEY_EXTENDED_E0 && key >> 8)) {
        extended_key(s, in, (uint8_t)(key >> 8));
        return false;
    }
    switch (ch) {
    case KEY_ENTER:
        show(s, "\r\n", 2);
        return true;
    case KEY_CTRL_C:
        show(s, "^C\r\n", 4);
        in->len = 0;
        return true;
    case KEY_BS:
    case KEY_DEL_ASCII:
        if (in->cur > 0) {
            back(s, 1);
            in->cur--;
            delete_at(s, in);
        }
        return false;
    case KEY_ESC:
        replace(s, in, "");
        return false;
    default:
        if (ch >= ' ' || ch == KEY_TAB)
            put_char(s, in, (char)ch);
        return false;
    }
}
