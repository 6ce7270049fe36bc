/* Escape sequences of xterm and the Linux console (ECMA-48 CSI/SS3 with
 * xterm's modifier parameter: 2 Shift, 3 Alt, 5 Ctrl, and sums) mapped to
 * set-1 make codes. */
#include "ui/term_input.h"

#include <stdlib.h>
#include <string.h>

#include "ui/ui.h"
#include "base/common.h"
#include "bios/kbd_table.h"

#define ESC 0x1B
#define DEL 0x7F
#define CH_BS 0x08
#define SC_BACKSPACE 0x0E
#define SC_TAB 0x0F
#define SC_ENTER 0x1C
#define SC_F4 0x3E
#define SC_F11 0x57
#define SC_F12 0x58
#define XTERM_MOD_SHIFT 1
#define XTERM_MOD_ALT 2
#define XTERM_MOD_CTRL 4

/* CSI n ~ (VT220 editing and function keys). */
static unsigned tilde_key(unsigned n)
{
    static const struct {
        uint8_t n;
        unsigned code;
    } k_tilde[] = {
        {1, UI_KEY_E0 | 0x47},
        {2, UI_KEY_E0 | 0x52},
        {3, UI_KEY_E0 | 0x53},
        {4, UI_KEY_E0 | 0x4F},
        {5, UI_KEY_E0 | 0x49},
        {6, UI_KEY_E0 | 0x51},
        {7, UI_KEY_E0 | 0x47},
        {8, UI_KEY_E0 | 0x4F},
        {11, 0x3B},
        {12, 0x3C},
        {13, 0x3D},
        {14, 0x3E},
        {15, 0x3F},
        {17, 0x40},
        {18, 0x41},
        {19, 0x42},
        {20, 0x43},
        {21, 0x44},
        {23, SC_F11},
        {24, SC_F12},
    };
    for (size_t i = 0; i < ARRAY_LEN(k_tilde); i++)
        if (k_tilde[i].n == n)
            return k_tilde[i].code;
    return 0;
}

/* Final byte of CSI/SS3 sequences without a number. */
static unsigned letter_key(uint8_t f)
{
    switch (f) {
    case 'A':
        return UI_KEY_E0 | 0x48;
    case 'B':
        return UI_KEY_E0 | 0x50;
    case 'C':
        return UI_KEY_E0 | 0x4D;
    case 'D':
        return UI_KEY_E0 | 0x4B;
    case 'H':
        return UI_KEY_E0 | 0x47;
    case 'F':
        return UI_KEY_E0 | 0x4F;
    case 'E':
        return 0x4C; /* keypad 5 */
    case 'M':
        return UI_KEY_E0 | SC_ENTER; /* keypad Enter */
    case 'P':
        return 0x3B;
    case 'Q':
        return 0x3C;
    case 'R':
        return 0x3D;
    case 'S':
        return 0x3E;
    default:
        return 0;
    }
}

static unsigned mods_of(unsigned xterm)
{
    unsigned m = xterm ? xterm - 1 : 0, mods = 0;
    if (m & XTERM_MOD_SHIFT)
        mods |= KBD_MOD_SHIFT;
    if (m & XTERM_MOD_ALT)
        mods |= KBD_MOD_ALT;
    if (m & XTERM_MOD_CTRL)
        mods |= KBD_MOD_CTRL;
    return mods;
}

static void emit(const struct ti_sink *s, unsigned code, unsigned mods)
{
    if (code == SC_F12 && mods == KBD_MOD_CTRL && s->quit) {
        s->quit(s->ctx);
        return;
    }
    if (code == SC_F4 && mods == KBD_MOD_CTRL && s->swap) {
        s->swap(s->ctx);
        return;
    }
    if (code)
        s->press(s->ctx, code, mods);
}

/* xterm SGR mouse report: ESC [ < Cb ; Cx ; Cy M (press, motion) or m
 * (release). Cb bits 0-1 the button (3: none), 32 motion, 64 wheel. */
static void mouse_sequence(const uint8_t *seq, size_t n, const struct ti_sink *s)
{
    enum { BUTTON_BITS = 3, NO_BUTTON = 3, MOTION = 32, WHEEL = 64 };
    unsigned p[3] = {0, 0, 0}, np = 0;
    for (size_t i = 3; i < n - 1 && np < 3; i++) {
        if (seq[i] == ';')
            np++;
        else if (seq[i] >= '0' && seq[i] <= '9')
            p[np] = p[np] * 10 + (unsigned)(seq[i] - '0');
    }
    if (!s->mouse || np < 2 || !p[1] || !p[2] || (p[0] & WHEEL))
        return;
    int button = (p[0] & BUTTON_BITS) == NO_BUTTON || (p[0] & MOTION) ? -1 : (int)(p[0] & 3);
    s->mouse(s->ctx, p[1] - 1, p[2] - 1, button, seq[n - 1] == 'M');
}

/* A complete CSI (ESC [) or SS3 (ESC O) sequence in seq[0..n). */
static void control_sequence(const uint8_t *seq, size_t n, const struct ti_sink *s)
{
    unsigned p[2] = {0, 0}, np = 0;
    uint8_t final = seq[n - 1];
    size_t i = 2;
    if (seq[1] == '[' && n > 3 && seq[2] == '<') {
        mouse_sequence(seq, n, s);
        return;
    }
    if (seq[1] == '[' && i < n && seq[i] == '[') { /* Linux console F1-F5: ESC [ [ A */
        emit(s, final >= 'A' && final <= 'E' ? 0x3B + (unsigned)(final - 'A') : 0, 0);
        return;
    }
    for (; i < n - 1 && np < 2; i++) {
        if (seq[i] == ';')
            np++;
        else if (seq[i] >= '0' && seq[i] <= '9')
            p[np] = p[np] * 10 + (unsigned)(seq[i] - '0');
    }
    unsigned mods = mods_of(p[1]);
    if (final == '~')
        emit(s, tilde_key(p[0]), mods);
    else if (final == 'Z')
        emit(s, SC_TAB, KBD_MOD_SHIFT);
    else
        emit(s, letter_key(final), mods);
}

/* Length of the sequence starting at seq when complete, 0 when more bytes
 * are needed. */
static size_t sequence_len(const uint8_t *seq, size_t n)
{
    if (n < 2)
        return 0;
    if (seq[1] == 'O')
        return n >= 3 ? 3 : 0;
    if (seq[1] == ESC)
        return 1; /* Esc, then a new sequence */
    if (seq[1] != '[')
        return 2; /* Alt + character */
    for (size_t i = 2; i < n; i++) {
        if (i == 2 && seq[i] == '[')
            continue;
        if (seq[i] >= 0x40 && seq[i] <= 0x7E)
            return i + 1;
    }
    return n >= TI_MAX_SEQ ? n : 0;
}

static size_t utf8_len(uint8_t lead)
{
    return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

static void utf8_char(const uint8_t *seq, size_t n, const struct ti_sink *s)
{
    uint32_t cp = seq[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++)
        cp = cp << 6 | (seq[i] & 0x3F);
    if (cp)
        s->character(s->ctx, cp, 0);
}

static void plain_byte(uint8_t c, const struct ti_sink *s)
{
    if (c == DEL || c == CH_BS)
        emit(s, SC_BACKSPACE, 0);
    else if (c == '\r' || c == '\n')
        emit(s, SC_ENTER, 0);
    else
        s->character(s->ctx, c, 0);
}

/* Alt + a character: the key that types it on the layout, with Alt held. */
static void alt_char(uint8_t c, const struct ti_sink *s)
{
    if (c == DEL || c == CH_BS) {
        emit(s, SC_BACKSPACE, KBD_MOD_ALT);
        return;
    }
    s->character(s->ctx, (uint32_t)(c >= 'A' && c <= 'Z' ? c + 32 : c), KBD_MOD_ALT);
}

static void complete(struct term_input *t, const struct ti_sink *s, size_t len)
{
    if (t->seq[0] != ESC)
        utf8_char(t->seq, len, s);
    else if (len == 1)
        emit(s, KBD_SC_ESC, 0);
    else if (t->seq[1] == '[' || t->seq[1] == 'O')
        control_sequence(t->seq, len, s);
    else
        alt_char(t->seq[1], s);
    memmove(t->seq, t->seq + len, t->n - len);
    t->n -= len;
}

void ti_feed(struct term_input *t, const struct ti_sink *s, const uint8_t *p, size_t n,
             uint64_t now_ns)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (!t->n && c != ESC && c < 0x80) {
            plain_byte(c, s);
            continue;
        }
        if (!t->n)
            t->since_ns = now_ns;
        if (t->n < TI_MAX_SEQ)
            t->seq[t->n++] = c;
        size_t len = t->seq[0] == ESC ? sequence_len(t->seq, t->n)
                                      : (t->n >= utf8_len(t->seq[0]) ? t->n : 0);
        if (len)
            complete(t, s, len);
    }
}

void ti_idle(struct term_input *t, const struct ti_sink *s, uint64_t now_ns)
{
    if (!t->n || now_ns - t->since_ns < TI_ESC_TIMEOUT_NS)
        return;
    if (t->seq[0] == ESC && t->n == 1)
        emit(s, KBD_SC_ESC, 0);
    t->n = 0; /* an incomplete sequence is dropped */
}

bool ti_partial(const struct term_input *t)
{
    return t->n != 0;
}
