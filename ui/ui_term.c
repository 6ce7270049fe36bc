/* The terminal frontend: the text screen drawn with ANSI/xterm sequences
 * on the alternate screen (only changed cells, one write per frame), keys
 * from raw-mode standard input. Graphics modes are shown coarsely with
 * half-block characters (two picture dots per cell) above a line saying
 * so. Once the program uses the mouse, xterm mouse reports (SGR) drive the
 * INT 33h driver. The terminal's modes are restored on every exit path:
 * normal return, exit(), fatal signals. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "ui/term_input.h"
#include "ui/tty.h"
#include "ui/ui.h"
#include "base/common.h"
#include "base/codepage.h"

#define SEQ_ENTER "\033[?1049h\033[?7l\033[?25l\033[0m\033[2J"
#define SEQ_MOUSE_ON "\033[?1000h\033[?1003h\033[?1006h"
#define SEQ_MOUSE_OFF "\033[?1006l\033[?1003l\033[?1000l"
#define SEQ_LEAVE SEQ_MOUSE_OFF "\033[0m\033[?7h\033[0 q\033[?25h\033[?1049l"
#define UPPER_HALF_BLOCK "\xe2\x96\x80" /* U+2580 */
#define ASPECT_W 4
#define ASPECT_H 3
#define OUT_CAP (VID_TEXT_MAX_COLS * VID_TEXT_MAX_ROWS * 48 + 256)
#define ATTR_BLINK 0x80
#define IN_CHUNK 256
#define CH_CTRL_C 0x03

enum color_depth { DEPTH_16, DEPTH_256, DEPTH_TRUE };

struct term {
    struct ui *u;
    enum color_depth depth;
    struct term_input in;
    uint16_t shown[VID_TEXT_MAX_COLS * VID_TEXT_MAX_ROWS];
    unsigned shown_cols, shown_rows;
    uint32_t shown_rgb[16];
    unsigned shown_codepage;         /* the characters shown are in it */
    int cur_col, cur_row, cur_style; /* what the terminal shows now */
    int last_attr;
    unsigned term_cols, term_rows;
    char *out;
    size_t nout;
    int err_fd; /* stderr while the screen is ours */
    FILE *err_log;
    /* graphics: the colours each cell shows (top and bottom half), and
     * where the picture sits */
    uint32_t *block_shown; /* 2 per cell; NULL until graphics */
    bool blocks_valid;
    unsigned pic_x, pic_y, pic_w, pic_h; /* in cells (pic_h: half cells) */
    unsigned frame_w, frame_h;
    bool graphics;
    bool mouse_on;
    unsigned mouse_buttons;
};

static struct term *g_term; /* the one terminal frontend, for input callbacks */
static volatile sig_atomic_t g_resized;

static void on_winch(int sig)
{
    UNUSED(sig);
    g_resized = 1;
}

static void install_winch(void)
{
    struct sigaction sw = {.sa_handler = on_winch};
    sigemptyset(&sw.sa_mask);
    sigaction(SIGWINCH, &sw, NULL);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- output buffer ---- */

static void flush_out(struct term *t);

static void put(struct term *t, const char *s, size_t n)
{
    if (t->nout + n > OUT_CAP)
        flush_out(t);
    if (n > OUT_CAP)
        return;
    memcpy(t->out + t->nout, s, n);
    t->nout += n;
}

static void putf(struct term *t, const char *fmt, ...) PRINTF_FMT(2, 3);
static void putf(struct term *t, const char *fmt, ...)
{
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        put(t, buf, (size_t)MIN((size_t)n, sizeof buf - 1));
}

static void flush_out(struct term *t)
{
    const char *p = t->out;
    while (t->nout) {
        ssize_t w = write(1, p, t->nout);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        p += w;
        t->nout -= (size_t)w;
    }
    t->nout = 0;
}

/* ---- colours ---- */

/* CGA colour order (blue=1, green=2, red=4) to ANSI (red=1, green=2, blue=4). */
static const uint8_t k_cga_to_ansi[8] = {0, 4, 2, 6, 1, 5, 3, 7};

static unsigned cube(unsigned v)
{
    return v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40;
}

static void color(struct term *t, bool bg, unsigned idx, uint32_t rgb)
{
    unsigned r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
    if (t->depth == DEPTH_TRUE)
        putf(t, ";%u;2;%u;%u;%u", bg ? 48 : 38, r, g, b);
    else if (t->depth == DEPTH_256)
        putf(t, ";%u;5;%u", bg ? 48 : 38, 16 + 36 * cube(r) + 6 * cube(g) + cube(b));
    else
        putf(t, ";%u", (bg ? 40 : 30) + (idx >= 8 ? 60 : 0) + k_cga_to_ansi[idx & 7]);
}

static void set_attr(struct term *t, const struct vid_text *x, uint8_t attr)
{
    if (attr == t->last_attr)
        return;
    unsigned fg = attr & 15, bg = (attr >> 4) & (x->blink ? 7 : 15);
    put(t, "\033[0", 3);
    color(t, false, fg, x->rgb[fg]);
    color(t, true, bg, x->rgb[bg]);
    if (x->blink && (attr & ATTR_BLINK))
        put(t, ";5", 2);
    put(t, "m", 1);
    t->last_attr = attr;
}

/* ---- drawing ---- */

static void query_size(struct term *t)
{
    struct winsize ws;
    t->term_cols = 80;
    t->term_rows = 25;
    if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row) {
        t->term_cols = ws.ws_col;
        t->term_rows = ws.ws_row;
    }
}

static bool full_redraw_needed(struct term *t, const struct vid_text *x)
{
    bool need = g_resized || x->cols != t->shown_cols || x->rows != t->shown_rows ||
                memcmp(x->rgb, t->shown_rgb, sizeof x->rgb) != 0 ||
                x->codepage != t->shown_codepage;
    if (g_resized) {
        g_resized = 0;
        query_size(t);
    }
    return need;
}

static void draw_cells(struct term *t, const struct vid_text *x, bool full)
{
    unsigned cols = MIN(x->cols, t->term_cols), rows = MIN(x->rows, t->term_rows);
    for (unsigned r = 0; r < rows; r++) {
        for (unsigned c = 0; c < cols; c++) {
            uint16_t cell = x->cell[r * x->cols + c];
            if (!full && cell == t->shown[r * x->cols + c])
                continue;
            if ((int)r != t->cur_row || (int)c != t->cur_col)
                putf(t, "\033[%u;%uH", r + 1, c + 1);
            set_attr(t, x, (uint8_t)(cell >> 8));
            char u8[4];
            put(t, u8, codepage_utf8(x->codepage, (uint8_t)cell, u8));
            t->cur_row = (int)r;
            t->cur_col = (int)c + 1;
        }
    }
}

static void draw_cursor(struct term *t, const struct vid_text *x)
{
    if (!x->cursor_visible || x->cursor_col >= t->term_cols || x->cursor_row >= t->term_rows) {
        put(t, "\033[?25l", 6);
        return;
    }
    putf(t, "\033[%u;%uH\033[?25h", x->cursor_row + 1, x->cursor_col + 1);
    t->cur_row = (int)x->cursor_row;
    t->cur_col = (int)x->cursor_col;
}

/* ---- graphics: half blocks ---- */

static const uint32_t k_cga_rgb[16] = {
    0x000000, 0x0000AA, 0x00AA00, 0x00AAAA, 0xAA0000, 0xAA00AA, 0xAA5500, 0xAAAAAA,
    0x555555, 0x5555FF, 0x55FF55, 0x55FFFF, 0xFF5555, 0xFF55FF, 0xFFFF55, 0xFFFFFF,
};

/* The nearest of the 16 CGA colours, for terminals without more. */
static unsigned nearest16(uint32_t rgb)
{
    unsigned best = 0;
    long best_d = -1;
    for (unsigned i = 0; i < 16; i++) {
        long dr = (long)(rgb >> 16 & 255) - (long)(k_cga_rgb[i] >> 16 & 255);
        long dg = (long)(rgb >> 8 & 255) - (long)(k_cga_rgb[i] >> 8 & 255);
        long db = (long)(rgb & 255) - (long)(k_cga_rgb[i] & 255);
        long d = dr * dr + dg * dg + db * db;
        if (best_d < 0 || d < best_d) {
            best = i;
            best_d = d;
        }
    }
    return best;
}

/* The average colour of frame pixels [x0,x1) x [y0,y1). */
static uint32_t average(const struct vid_frame *f, unsigned x0, unsigned x1, unsigned y0,
                        unsigned y1)
{
    uint64_t r = 0, g = 0, b = 0, n = 0;
    for (unsigned y = y0; y < MAX(y1, y0 + 1) && y < f->height; y++)
        for (unsigned x = x0; x < MAX(x1, x0 + 1) && x < f->width; x++) {
            uint32_t c = f->px[(size_t)y * f->width + x];
            r += c >> 16 & 255;
            g += c >> 8 & 255;
            b += c & 255;
            n++;
        }
    if (!n)
        return 0;
    return (uint32_t)(r / n) << 16 | (uint32_t)(g / n) << 8 | (uint32_t)(b / n);
}

/* The colour as the terminal will show it (so unchanged cells are skipped). */
static uint32_t quantise(const struct term *t, uint32_t rgb)
{
    if (t->depth == DEPTH_16)
        return k_cga_rgb[nearest16(rgb)];
    if (t->depth == DEPTH_256) {
        static const uint8_t k_level[6] = {0, 95, 135, 175, 215, 255};
        return (uint32_t)k_level[cube(rgb >> 16 & 255)] << 16 |
               (uint32_t)k_level[cube(rgb >> 8 & 255)] << 8 | k_level[cube(rgb & 255)];
    }
    return rgb;
}

static void block_color(struct term *t, bool bg, uint32_t rgb)
{
    unsigned i = t->depth == DEPTH_16 ? nearest16(rgb) : 0;
    color(t, bg, i, rgb);
}

/* A 4:3 picture as large as fits above the message line; a cell is about
 * twice as tall as wide, so each half of it is a square dot. */
static void picture_place(struct term *t, const struct vid_frame *f)
{
    unsigned cols = t->term_cols, dots_h = 2 * (t->term_rows > 1 ? t->term_rows - 1 : 1);
    unsigned w = cols, h = w * ASPECT_H / ASPECT_W;
    if (h > dots_h) {
        h = dots_h;
        w = h * ASPECT_W / ASPECT_H;
    }
    t->pic_w = MAX(w, 1u);
    t->pic_h = MAX(h & ~1u, 2u);
    t->pic_x = (cols - t->pic_w) / 2;
    t->pic_y = 0;
    t->frame_w = f->width;
    t->frame_h = f->height;
}

static void message_line(struct term *t, const struct ui_screen *s, const struct vid_frame *f)
{
    char msg[160];
    int n = snprintf(msg, sizeof msg,
                     " unidos: graphics mode %02Xh, %ux%u, shown coarsely here; --ui window "
                     "shows the real picture ",
                     s->mode, f->width, f->height);
    putf(t, "\033[%u;1H\033[0;7m", t->term_rows);
    put(t, msg, (size_t)MIN((unsigned)n, MIN(t->term_cols, (unsigned)sizeof msg - 1)));
    put(t, "\033[0m\033[K", 7);
    t->last_attr = -1;
}

static void draw_blocks(struct term *t, const struct ui_screen *s, bool full)
{
    const struct vid_frame *f = s->frame;
    unsigned cells = t->term_cols * t->term_rows;
    if (!t->block_shown || full) {
        free(t->block_shown);
        t->block_shown = xcalloc(2 * (size_t)MAX(cells, 1u), sizeof(uint32_t));
        put(t, "\033[0m\033[2J", 8);
        picture_place(t, f);
        message_line(t, s, f);
        full = true;
    }
    for (unsigned cy = 0; cy < t->pic_h / 2; cy++)
        for (unsigned cx = 0; cx < t->pic_w; cx++) {
            uint32_t c[2];
            for (unsigned k = 0; k < 2; k++) {
                unsigned dy = 2 * cy + k;
                c[k] = quantise(t, average(f, cx * f->width / t->pic_w,
                                           (cx + 1) * f->width / t->pic_w,
                                           dy * f->height / t->pic_h,
                                           (dy + 1) * f->height / t->pic_h));
            }
            uint32_t *shown = &t->block_shown[2 * ((size_t)cy * t->term_cols + cx)];
            if (!full && shown[0] == c[0] && shown[1] == c[1])
                continue;
            shown[0] = c[0];
            shown[1] = c[1];
            putf(t, "\033[%u;%uH\033[0", cy + 1, t->pic_x + cx + 1);
            block_color(t, false, c[0]);
            block_color(t, true, c[1]);
            put(t, "m" UPPER_HALF_BLOCK, 4);
        }
    t->last_attr = -1;
    t->cur_row = t->cur_col = -1;
}

static void present_graphics(struct term *t, const struct ui_screen *s)
{
    const struct vid_frame *f = s->frame;
    bool full = !t->graphics || g_resized || t->frame_w != f->width || t->frame_h != f->height;
    if (g_resized) {
        g_resized = 0;
        query_size(t);
    }
    t->graphics = true;
    t->shown_cols = 0; /* back in text, everything is drawn again */
    put(t, "\033[?25l", 6);
    draw_blocks(t, s, full);
}

static void mouse_reporting(struct term *t, bool on)
{
    if (on == t->mouse_on)
        return;
    t->mouse_on = on;
    put(t, on ? SEQ_MOUSE_ON : SEQ_MOUSE_OFF,
        on ? sizeof SEQ_MOUSE_ON - 1 : sizeof SEQ_MOUSE_OFF - 1);
}

static void term_present(void *self, const struct ui_screen *s)
{
    struct term *t = self;
    const struct vid_text *x = s->text;
    mouse_reporting(t, s->mouse);
    if (x->graphics) {
        if (s->frame)
            present_graphics(t, s);
        flush_out(t);
        return;
    }
    if (t->graphics) {
        t->graphics = false;
        g_resized = 1; /* a full redraw of the text */
    }
    bool full = full_redraw_needed(t, x);
    if (full) {
        put(t, "\033[0m\033[2J", 8);
        t->last_attr = -1;
    }
    draw_cells(t, x, full);
    draw_cursor(t, x);
    memcpy(t->shown, x->cell, sizeof(uint16_t) * x->cols * x->rows);
    memcpy(t->shown_rgb, x->rgb, sizeof t->shown_rgb);
    t->shown_codepage = x->codepage;
    t->shown_cols = x->cols;
    t->shown_rows = x->rows;
    flush_out(t);
}

/* ---- input ---- */

static void sink_press(void *ctx, unsigned code, unsigned mods)
{
    ui_key_press(ctx, code, mods);
}
/* Ctrl-C is a key for DOS; three that no program reads stop unidos. */
static void sink_char(void *ctx, uint32_t ch, unsigned mods)
{
    if (ch == CH_CTRL_C && !mods)
        ui_key_ctrl_c(ctx);
    else
        ui_key_unicode(ctx, ch, mods);
}
static void sink_quit(void *ctx)
{
    ui_request_quit(ctx);
}
static void sink_swap(void *ctx)
{
    ui_request_swap(ctx);
}

/* A terminal cell to the driver's virtual screen: text cells map one to
 * one, the graphics picture by its place in the terminal. */
static void sink_mouse(void *ctx, unsigned col, unsigned row, int button, bool down)
{
    struct term *t = g_term;
    struct ui *u = ctx;
    unsigned vw, vh, cols = MAX(t->shown_cols, 1u), rows = MAX(t->shown_rows, 1u);
    ui_mouse_extent(u, &vw, &vh);
    struct ui_mouse m = {0, 0, true, t->mouse_buttons};
    if (t->graphics && t->pic_w && t->pic_h) {
        unsigned dx = col < t->pic_x ? 0 : MIN(col - t->pic_x, t->pic_w - 1);
        m.x = (int)((2 * dx + 1) * vw / (2 * t->pic_w));
        m.y = (int)((4 * row + 2) * vh / (2 * t->pic_h) / 2);
    } else {
        m.x = (int)(MIN(col, cols - 1) * vw / cols);
        m.y = (int)(MIN(row, rows - 1) * vh / rows);
    }
    static const unsigned k_bits[3] = {BIOS_MOUSE_LEFT, BIOS_MOUSE_MIDDLE, BIOS_MOUSE_RIGHT};
    if (button >= 0)
        m.buttons = down ? (m.buttons | k_bits[button]) : (m.buttons & ~k_bits[button]);
    t->mouse_buttons = m.buttons;
    ui_mouse_input(u, &m);
}

static void term_poll(void *self, struct ui *u)
{
    struct term *t = self;
    struct ti_sink sink = {sink_press, sink_char, sink_quit, sink_mouse, u, sink_swap};
    uint8_t buf[IN_CHUNK];
    struct pollfd p = {.fd = 0, .events = POLLIN};
    while (poll(&p, 1, 0) > 0 && (p.revents & POLLIN)) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n <= 0)
            break;
        ti_feed(&t->in, &sink, buf, (size_t)n, now_ns());
    }
    ti_idle(&t->in, &sink, now_ns());
}

static bool term_wait(void *self, uint64_t ns)
{
    struct term *t = self;
    if (ti_partial(&t->in))
        ns = MIN(ns, (uint64_t)TI_ESC_TIMEOUT_NS);
    struct pollfd p = {.fd = 0, .events = POLLIN};
    return poll(&p, 1, (int)((ns + 999999) / 1000000)) > 0 || ti_partial(&t->in);
}

/* ---- lifecycle ---- */

static enum color_depth detect_depth(void)
{
    const char *ct = getenv("COLORTERM"), *term = getenv("TERM");
    if (ct && (strstr(ct, "truecolor") || strstr(ct, "24bit")))
        return DEPTH_TRUE;
    if (term && strstr(term, "256color"))
        return DEPTH_256;
    return DEPTH_16;
}

/* Notes written while the screen is ours would garble it: they go to a
 * temporary file and are shown after the terminal is restored. */
static void hold_stderr(struct term *t)
{
    t->err_fd = -1;
    if (!isatty(2))
        return;
    t->err_log = tmpfile();
    if (!t->err_log)
        return;
    fflush(stderr);
    t->err_fd = dup(2);
    dup2(fileno(t->err_log), 2);
}

static void release_stderr(struct term *t)
{
    if (t->err_fd < 0)
        return;
    fflush(stderr);
    dup2(t->err_fd, 2);
    close(t->err_fd);
    char buf[4096];
    size_t n;
    rewind(t->err_log);
    while ((n = fread(buf, 1, sizeof buf, t->err_log)) > 0)
        if (write(2, buf, n) < 0)
            break;
    fclose(t->err_log);
}

static bool term_open(void *self, struct ui *u, const char *title)
{
    struct term *t = self;
    UNUSED(title);
    if (!tty_enter(TTY_FULL, SEQ_LEAVE))
        return false;
    install_winch();
    t->u = u;
    g_term = t;
    t->graphics = false;
    t->mouse_on = false;
    t->mouse_buttons = 0;
    t->out = xmalloc(OUT_CAP);
    t->depth = detect_depth();
    t->cur_row = t->cur_col = -1;
    t->last_attr = -1;
    t->shown_cols = 0;
    query_size(t);
    put(t, SEQ_ENTER, sizeof SEQ_ENTER - 1);
    flush_out(t);
    hold_stderr(t);
    return true;
}

static void term_close(void *self)
{
    struct term *t = self;
    tty_leave();
    release_stderr(t);
    free(t->out);
    t->out = NULL;
    free(t->block_shown);
    t->block_shown = NULL;
}

static const struct ui_frontend_ops k_term_ops = {
    .name = "term",
    .wants_pixels = false,
    .open = term_open,
    .close = term_close,
    .present = term_present,
    .poll = term_poll,
    .wait = term_wait,
};

struct ui_frontend ui_term_frontend(void)
{
    static struct term t;
    return (struct ui_frontend){&k_term_ops, &t};
}
