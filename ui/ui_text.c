/* The screen's text for the command-line user (--screen-text): console
 * output passes through byte for byte until the program first uses the
 * screen; from then on the screen is the source, and stdout gets its rows
 * (a file or a pipe: rows as they leave, the rest at the end), or the
 * terminal shows it inline (a program writing at the cursor) or gets its
 * last screen after a full-screen frontend. This file chooses, reads the
 * screen, and hands it to ui/screentext.c and ui/screen_inline.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ui/screen_inline.h"
#include "ui/screentext.h"
#include "ui/ui_impl.h"
#include "base/common.h"
#include "base/log.h"

#define DRAW_EVERY_NS 20000000u /* inline: changed rows drawn at most 50 times a second */
/* While the program writes video RAM itself, the screen is looked at this
 * often (machine time): a scroll it makes by moving video RAM is seen
 * before the next one (a REP MOVSW of 24 rows is some 2,000 blocks, 20 us
 * in deterministic runs). */
#define LOOK_EVERY_NS 50000u
#define LOOKS_QUIET 16 /* looks that find nothing of its own before they stop */

enum txt_mode {
    TXT_OFF,    /* passthrough only */
    TXT_SILENT, /* passthrough only, the screen followed all the same
                         * (deterministic runs: the guest sees the same slices) */
    TXT_STREAM, /* rows on stdout as they leave, the rest at the end */
    TXT_FINAL,  /* the rows at the end */
    TXT_INLINE, /* drawn inline in the terminal */
};

struct ui_text {
    enum txt_mode mode;
    bool active;  /* the screen is the source: console output no longer passes */
    bool used;    /* the program used the screen: looks at it go on their own */
    bool drawing; /* drawn inline now */
    bool drew;    /* drawn inline before (the terminal shows those rows) */
    uint64_t drawn_ns;
    bool looking;        /* vga_looks on */
    unsigned quiet;      /* looks since the program last wrote video RAM itself */
    uint64_t own_writes; /* vga_own_writes at the last look */
    struct st_track track;
    struct st_stream stream;
    struct st_inline inl;
    struct vid_text now;
};

static enum txt_mode choose(const struct ui_config *c)
{
    enum ui_fd_kind out = ui_fd_kind(STDOUT_FILENO);
    if (c->screen_text == UI_TEXT_OFF || out == UI_FD_CLOSED)
        return TXT_OFF;
    if (c->screen_text == UI_TEXT_STREAM)
        return TXT_STREAM;
    if (c->screen_text == UI_TEXT_FINAL)
        return TXT_FINAL;
    if (c->script_input)
        return TXT_OFF; /* scripts: stdout is the console output, screens are checked */
    if (out == UI_FD_DATA)
        return TXT_STREAM;
    if (out != UI_FD_TERMINAL)
        return TXT_OFF; /* the null device, the journal: nobody reads it */
    return c->kind == UI_AUTO || c->kind == UI_HEADLESS ? TXT_INLINE : TXT_FINAL;
}

void ui_text_init(struct ui *u)
{
    enum txt_mode mode = choose(&u->cfg);
    if (mode == TXT_OFF && u->cfg.deterministic)
        mode = TXT_SILENT;
    if (mode == TXT_OFF)
        return;
    u->txt = xcalloc(1, sizeof *u->txt);
    u->txt->mode = mode;
}

void ui_text_free(struct ui *u)
{
    free(u->txt);
    u->txt = NULL;
}

bool ui_text_on(const struct ui *u)
{
    return u->txt != NULL;
}

bool ui_text_active(const struct ui *u)
{
    return u->txt && u->txt->active && u->txt->mode != TXT_SILENT;
}

bool ui_text_drawing(const struct ui *u)
{
    return u->txt && u->txt->drawing;
}

static void out_write(void *ctx, const void *buf, size_t n)
{
    struct ui *u = ctx;
    if (u->txt->mode != TXT_SILENT)
        hostio_write(u->hio, STDOUT_FILENO, buf, n);
}

static void term_size(struct st_inline *in)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row)
        st_inline_resize(in, ws.ws_col, ws.ws_row);
}

static struct st_events events(struct ui_text *x)
{
    return x->drawing ? st_inline_events(&x->inl) : st_stream_events(&x->stream);
}

static void read_screen(struct ui *u)
{
    vid_text_read(u->vga, u->mem, &u->txt->now);
}

/* Drawing inline stops for good (the program takes the whole screen, or
 * cannot be shown in lines): the cursor goes below what was drawn, and
 * the last screen is printed at the end, without the rows the terminal
 * shows already. A frontend opens when one can. */
static void give_up_inline(struct ui *u)
{
    struct ui_text *x = u->txt;
    const struct vid_text *seen = st_track_seen(&x->track);
    LOG(LOG_VIDEO, "screen text: the program takes the whole screen");
    x->drawing = false;
    x->drew = true;
    x->mode = TXT_FINAL;
    st_inline_park(&x->inl, NULL);
    st_stream_start(&x->stream, seen, false, false, out_write, u);
    for (unsigned r = 0; r < seen->rows; r++)
        if (st_inline_shows(&x->inl, seen, r))
            st_stream_mark_done(&x->stream, r);
    x->stream.fresh = !st_inline_any(&x->inl);
    if (u->armed)
        u->use_seen = true;
}

static void on_look(void *ctx, uint64_t now_ns);

/* Frequent looks while video RAM changes that the BIOS did not make. */
static void looks(struct ui *u, bool on)
{
    struct ui_text *x = u->txt;
    x->quiet = 0;
    if (on == x->looking)
        return;
    x->looking = on;
    vga_looks(u->vga, on ? on_look : NULL, u, LOOK_EVERY_NS);
}

/* A byte of what the CPU's REP string instruction will have written:
 * in the copy of video RAM when inside it, else guest memory. */
static uint8_t rep_byte(struct ui *u, const uint8_t *copy, uint32_t lin)
{
    if (lin >= VGA_WATCH_LIN && lin - VGA_WATCH_LIN < VGA_WATCH_BYTES)
        return copy[lin - VGA_WATCH_LIN];
    return mem_rd8(u->mem, lin);
}

/* The screen as it will be once the REP MOVS/STOS the CPU is inside has
 * ended: a copy of video RAM with the rest of it done there, element by
 * element as the CPU does (the guest's memory is not touched). */
static void read_screen_after(struct ui *u, const struct cpu_rep_left *op)
{
    static uint8_t copy[VGA_WATCH_BYTES];
    mem_read(u->mem, VGA_WATCH_LIN, copy, sizeof copy);
    uint16_t src = op->src_off, dst = op->dst_off;
    int step = op->down ? -(int)op->size : (int)op->size;
    for (uint32_t i = 0; i < op->count; i++) {
        for (unsigned b = 0; b < op->size; b++) {
            uint32_t at = mem_lin(u->mem, op->dst_seg, (uint16_t)(dst + b));
            uint8_t v = op->movs ? rep_byte(u, copy,
                                            mem_lin(u->mem, op->src_seg, (uint16_t)(src + b)))
                                 : (uint8_t)(op->value >> (8 * b));
            if (at >= VGA_WATCH_LIN && at - VGA_WATCH_LIN < VGA_WATCH_BYTES)
                copy[at - VGA_WATCH_LIN] = v;
        }
        src = (uint16_t)(src + step);
        dst = (uint16_t)(dst + step);
    }
    vid_text_read_copy(u->vga, copy, &u->txt->now);
}

/* Compare the screen with what was seen: rows that left, changes. Inside
 * a REP MOVS/STOS (a program moving or filling video RAM) the screen is
 * taken as that instruction leaves it: seen part way, a copy would look
 * like rows changed in place. */
static void look_now(struct ui *u)
{
    struct ui_text *x = u->txt;
    struct cpu_rep_left op;
    enum cpu_rep rep = u->cpu ? cpu_rep_string(u->cpu, &op) : CPU_REP_NONE;
    if (rep == CPU_REP_UNKNOWN)
        return; /* the next look, after it */
    if (rep == CPU_REP_LEFT)
        read_screen_after(u, &op);
    else
        read_screen(u);
    struct st_events ev = events(x);
    uint64_t own = vga_own_writes(u->vga);
    st_track_sync(&x->track, &x->now, &ev);
    /* Looks end slices: only from the first use on, as in every run (a
     * frontend open from the start makes the screen the source earlier). */
    if (!x->used)
        ;
    else if (x->track.shifted || (x->track.moved && own == x->own_writes))
        looks(u, true); /* the program's own writes */
    else if (x->looking && ++x->quiet >= LOOKS_QUIET)
        looks(u, false);
    x->own_writes = own;
    if (x->drawing && st_inline_failed(&x->inl))
        give_up_inline(u);
}

static void on_look(void *ctx, uint64_t now_ns)
{
    struct ui *u = ctx;
    UNUSED(now_ns);
    look_now(u);
}

/* The screen becomes the source. The rows console output put there are
 * out already: the screen as it left them is the watched copy of video
 * RAM (the program may have written over it since: found at once). With a
 * frontend open from the start nothing passed through: the screen is the
 * source from the start. */
static void activate(struct ui *u, enum vga_use use)
{
    struct ui_text *x = u->txt;
    const uint8_t *copy = vga_watched(u->vga, VGA_WATCH_LIN, VGA_WATCH_BYTES);
    x->active = true;
    if (copy)
        vid_text_read_copy(u->vga, copy, &x->now);
    else
        read_screen(u);
    st_track_reset(&x->track, &x->now);
    x->own_writes = vga_own_writes(u->vga);
    if (x->mode == TXT_INLINE && use == VGA_USE_TEXT && !u->fe_open &&
        st_inline_start(&x->inl, &x->now, out_write, u)) {
        LOG(LOG_VIDEO, "screen text: drawn inline");
        x->drawing = true;
        term_size(&x->inl);
    } else {
        if (x->mode == TXT_INLINE)
            x->mode = TXT_FINAL;
        LOG(LOG_VIDEO, "screen text: %s",
            x->mode == TXT_STREAM  ? "stream"
            : x->mode == TXT_FINAL ? "the last screen"
                                   : "none");
        st_stream_start(&x->stream, &x->now, u->console_bytes > 0, x->mode == TXT_STREAM,
                        out_write, u);
    }
    look_now(u);
}

bool ui_text_use(struct ui *u, enum vga_use use)
{
    struct ui_text *x = u->txt;
    if (!x)
        return false;
    if (!x->used) {
        if (!x->active)
            activate(u, use);
        else
            look_now(u);
        x->used = true;
        looks(u, true); /* until it shows the program writes only through the BIOS */
        return use == VGA_USE_TEXT; /* a library writing video RAM next: look soon */
    }
    if (x->drawing && use == VGA_USE_SCREEN)
        give_up_inline(u);
    return false;
}

void ui_text_interleave(struct ui *u)
{
    struct ui_text *x = u->txt;
    if (x && x->active && !x->drawing)
        st_stream_interrupt(&x->stream);
}

/* The BIOS moves rows off the top (vga_scroll_fn). */
static void on_text_scroll(void *ctx, unsigned rows, unsigned bottom)
{
    struct ui *u = ctx;
    struct ui_text *x = u->txt;
    if (!x->active)
        return;
    vid_text_read_rows(u->vga, u->mem, &x->now, 0, rows); /* only the rows leaving */
    struct st_events ev = events(x);
    if (!st_track_scroll(&x->track, &x->now, rows, bottom, &ev)) {
        look_now(u); /* another shape: all of it first */
        ev = events(x);
        st_track_scroll(&x->track, &x->now, rows, bottom, &ev);
    }
    if (x->drawing && st_inline_failed(&x->inl))
        give_up_inline(u);
}

/* A frontend open from the start (nothing passes through): the screen is
 * the source from the start; looks begin at the first use all the same
 * (in deterministic runs they must fall the same whatever shows it). */
void ui_text_start(struct ui *u)
{
    if (!u->txt || !u->vga)
        return;
    vga_text_scrolls(u->vga, on_text_scroll, u);
    if (u->fe_open)
        activate(u, VGA_USE_SCREEN);
}

void ui_text_update(struct ui *u)
{
    struct ui_text *x = u->txt;
    if (!x || !x->active)
        return;
    look_now(u);
    ui_text_show(u, false);
}

/* Drawing changes nothing the guest sees: it may follow host time. */
void ui_text_show(struct ui *u, bool now)
{
    struct ui_text *x = u->txt;
    if (!x || !x->drawing)
        return;
    uint64_t t = ui_host_ns();
    if (!now && t - x->drawn_ns < DRAW_EVERY_NS)
        return;
    x->drawn_ns = t;
    term_size(&x->inl);
    if (!st_inline_draw(&x->inl, &x->now))
        give_up_inline(u);
    hostio_flush(u->hio); /* shown now, also while the program computes on */
}

void ui_text_finish(struct ui *u)
{
    struct ui_text *x = u->txt;
    if (!x || !u->vga)
        return;
    vga_watch_check(u->vga); /* video RAM written since the last frame */
    vga_text_scrolls(u->vga, NULL, NULL);
    if (x->looking)
        vga_looks(u->vga, NULL, NULL, 0);
    if (!x->active)
        return;
    look_now(u);
    struct st_events ev = events(x);
    st_track_settle(&x->track, &x->now, &ev);
    ui_text_show(u, true);
    if (x->drawing) {
        st_inline_park(&x->inl, &x->now);
        return;
    }
    /* Rows the terminal shows already as they are, drawn inline before
     * the program took the whole screen, are not printed again. */
    for (unsigned r = 0; x->drew && r < x->now.rows; r++)
        if (st_inline_shows(&x->inl, &x->now, r))
            st_stream_mark_done(&x->stream, r);
    st_stream_end(&x->stream, &x->now);
}
