/* Frontend selection, the auto switch, and input into the 8042. */
#include "ui/ui.h"
#include "ui/ui_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui/inputlog.h"
#include "ui/keyscript.h"
#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "base/codepage.h"
#include "bios/kbd_layout.h"
#include "bios/kbd_table.h"
#include "video/png.h"

#define POLL_EVERY_NS 4000000u  /* host input is looked at this often while running */
#define KEYS_STEP_NS 1000000u   /* a key script's next key: looked at this often */
#define KBC_FEED_BYTES 8        /* scan code bytes handed to the 8042 at a time */
#define TYPEAHEAD_HOLD 8        /* keys in the BIOS buffer before input waits */
#define HOLD_MAX_NS 2000000000u /* input waits at most this long for a reader... */
#define HOLD_MIN_UPDATES 100u   /* ...and at least this many run-loop rounds */
/* clang-format off */
#define PAUSE_SEQUENCE {0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5}
/* clang-format on */

struct ui *ui_new(const struct ui_config *cfg, struct hostio *hio)
{
    struct ui *u = xcalloc(1, sizeof *u);
    char why[128];
    u->cfg = *cfg;
    u->hio = hio;
    if (cfg->keys && !ks_parse(cfg->keys, &u->ks, why, sizeof why)) {
        warn("--keys: %s", why);
        ks_free(&u->ks);
        free(u);
        return NULL;
    }
    bool tty_in = hostio_stdin_tty(hio) && !cfg->script_input;
    u->window_console = ui_window_console_wanted(cfg);
    if (cfg->replay)
        u->il = il_new_replay(cfg->replay, why, sizeof why);
    else if (cfg->deterministic || cfg->record)
        u->il = il_new_live(cfg->record, cfg->title, tty_in, why, sizeof why);
    if ((cfg->replay || cfg->deterministic || cfg->record) && !u->il) {
        warn("%s %s: %s", cfg->replay ? "--replay" : "--record",
             cfg->replay ? cfg->replay : cfg->record, why);
        ui_free(u);
        return NULL;
    }
    if (u->il && (cfg->replay ? il_stdin_fed(u->il) : tty_in))
        hostio_set_fed(hio); /* the terminal is read at input points only */
    ui_text_init(u);
    return u;
}

void ui_free(struct ui *u)
{
    if (!u)
        return;
    ks_free(&u->ks);
    il_free(u->il);
    ui_text_free(u);
    free(u->text);
    free(u->frame);
    free(u->shown);
    free(u->prev);
    free(u);
}

void ui_attach(struct ui *u, struct mem *mem, struct vclock *clk, struct vga *vga,
               struct kbc *kbc, struct bios *bios)
{
    u->mem = mem;
    u->clk = clk;
    u->vga = vga;
    u->kbc = kbc;
    u->bios = bios;
}

void ui_attach_cpu(struct ui *u, struct cpu *cpu)
{
    u->cpu = cpu;
}

/* ---- keyboard input ---- */

/* Hold input back while the BIOS buffer fills up: pasted text must not
 * overflow its 15 places while the program is busy. A program that does
 * not read the buffer (its own INT 09h handler) is let through after
 * HOLD_MAX_NS without progress, counted also in run-loop rounds: on a
 * loaded host unidos itself may get no CPU for seconds, and the program
 * had no chance to read (keys typed into EDIT under ASan were lost). */
static bool program_lags(struct ui *u)
{
    uint64_t now = clock_now_ns(u->clk), taken = bios_keys_taken(u->bios);
    if (taken != u->keys_taken_seen) {
        u->keys_taken_seen = taken;
        u->reader_seen_ns = now;
        u->reader_seen_update = u->updates;
    }
    if (bios_key_buffered(u->bios) < TYPEAHEAD_HOLD) {
        u->hold_since_ns = 0;
        return false;
    }
    if (!u->hold_since_ns) {
        u->hold_since_ns = now;
        u->hold_since_update = u->updates;
    }
    uint64_t rounds = u->updates - MAX(u->hold_since_update, u->reader_seen_update);
    return now - MAX(u->hold_since_ns, u->reader_seen_ns) < HOLD_MAX_NS ||
           rounds < HOLD_MIN_UPDATES;
}

static void drop_pending(struct ui *u, size_t n)
{
    memmove(u->pending, u->pending + n, u->npending - n);
    u->npending -= n;
}

/* A character no key types waits in the pending bytes as PENDING_CHAR and
 * the character, and enters the BIOS buffer once the 8042 delivered every
 * key before it: typed or pasted text keeps its order. */
static bool flush_char(struct ui *u)
{
    if (u->npending < PENDING_CHAR_BYTES || !kbc_drained(u->kbc))
        return false;
    bios_key_push(u->bios, u->pending[1]);
    drop_pending(u, PENDING_CHAR_BYTES);
    return true;
}

static void flush_pending(struct ui *u)
{
    if (!u->npending || !u->kbc || program_lags(u))
        return;
    if (u->pending[0] == PENDING_CHAR) {
        if (!flush_char(u) || !u->npending)
            return;
    }
    size_t queued = KBC_QUEUE_BYTES - kbc_room(u->kbc);
    if (queued >= KBC_FEED_BYTES)
        return;
    const uint8_t *mark = memchr(u->pending, PENDING_CHAR, u->npending);
    size_t keys = mark ? (size_t)(mark - u->pending) : u->npending;
    drop_pending(u, kbc_feed(u->kbc, u->pending, MIN(keys, KBC_FEED_BYTES - queued)));
}

static void send(struct ui *u, const uint8_t *bytes, size_t n)
{
    if (u->npending + n > sizeof u->pending) {
        LOG(LOG_BIOS, "keyboard: %zu scan code bytes dropped (typing too fast)", n);
        return;
    }
    memcpy(u->pending + u->npending, bytes, n);
    u->npending += n;
    flush_pending(u);
}

static void key_event_now(struct ui *u, unsigned code, bool down)
{
    uint8_t b[6];
    size_t n = 0;
    if (code == UI_KEY_PAUSE) {
        static const uint8_t k_pause[] = PAUSE_SEQUENCE;
        if (down)
            send(u, k_pause, sizeof k_pause);
        return;
    }
    if (code & UI_KEY_E0)
        b[n++] = KBD_PREFIX_E0;
    b[n++] = (uint8_t)((code & 0x7F) | (down ? 0 : KBD_BREAK));
    send(u, b, n);
}

/* KBD_MOD_SHIFT, _CTRL, _ALT, _ALTGR (right Alt) by bit. */
static const unsigned k_mod_codes[] = {KBD_SC_LSHIFT, KBD_SC_CTRL, KBD_SC_ALT,
                                       UI_KEY_E0 | KBD_SC_ALT};
#define MOD_BITS ARRAY_LEN(k_mod_codes)

/* Press and release with modifiers held around; ev is the event sink
 * (straight to the 8042, or through the input queue). */
static void press(struct ui *u, unsigned code, unsigned mods,
                  void (*ev)(struct ui *u, unsigned code, bool down))
{
    for (unsigned i = 0; i < MOD_BITS; i++)
        if (mods & (1u << i))
            ev(u, k_mod_codes[i], true);
    ev(u, code, true);
    ev(u, code, false);
    for (unsigned i = MOD_BITS; i-- > 0;)
        if (mods & (1u << i))
            ev(u, k_mod_codes[i], false);
}

static void key_press_now(struct ui *u, unsigned code, unsigned mods)
{
    press(u, code, mods, key_event_now);
}

/* The presses that type c on the machine's keyboard layout; with Alt:
 * the key of c pressed with Alt (and without Shift). 0 when no key does.
 * host: c is what the host typed (its Caps Lock applied already), so the
 * machine's Caps Lock must not change it; a key script's letters are keys,
 * which the machine's Caps Lock turns to capitals as a keyboard's would. */
static size_t char_strokes(struct ui *u, uint32_t c, unsigned mods, bool host,
                           struct kbd_stroke st[KBD_MAX_STROKES])
{
    const struct kbd_layout *l = u->bios ? bios_keyboard(u->bios) : kbd_layout_us();
    unsigned cp = u->bios ? bios_codepage(u->bios) : CODEPAGE_437;
    size_t n = kbd_strokes(l, cp, c, st);
    for (size_t i = 0; host && u->bios && i < n; i++)
        if (st[i].letter && bios_caps_lock(u->bios))
            st[i].mods ^= KBD_MOD_SHIFT;
    if (!(mods & KBD_MOD_ALT))
        return n;
    if (n != 1)
        return 0;
    st[0].mods = (st[0].mods & ~(unsigned)KBD_MOD_SHIFT) | KBD_MOD_ALT;
    return 1;
}

size_t ui_char_strokes(struct ui *u, uint32_t c, struct kbd_stroke st[KBD_MAX_STROKES])
{
    return char_strokes(u, c, 0, true, st);
}

/* c in the machine's code page, or -1. */
static int char_byte(struct ui *u, uint32_t c)
{
    return codepage_from_unicode(u->bios ? bios_codepage(u->bios) : CODEPAGE_437, c);
}

/* A character no key types: into the BIOS buffer after the keys before it. */
static void char_now(struct ui *u, uint8_t byte)
{
    if (!u->bios)
        return;
    if (!u->kbc) {
        bios_key_push(u->bios, byte);
        return;
    }
    const uint8_t b[PENDING_CHAR_BYTES] = {PENDING_CHAR, byte};
    send(u, b, sizeof b);
}

static void key_unicode_now(struct ui *u, uint32_t c, unsigned mods, bool host)
{
    struct kbd_stroke st[KBD_MAX_STROKES];
    size_t n = char_strokes(u, c, mods, host, st);
    for (size_t i = 0; i < n; i++)
        key_press_now(u, st[i].scan, st[i].mods);
    int byte = n ? -1 : char_byte(u, c);
    if (byte >= 0)
        char_now(u, (uint8_t)byte);
}

/* Host input: at once in real time; in deterministic runs queued for the
 * next input point (ui/inputlog.h). */
void ui_key_event(struct ui *u, unsigned code, bool down)
{
    u->keys_down += down;
    if (!u->il) {
        key_event_now(u, code, down);
        return;
    }
    struct il_event e = {.kind = IL_KEY, .code = code, .down = down};
    il_push(u->il, &e);
}

void ui_key_press(struct ui *u, unsigned code, unsigned mods)
{
    press(u, code, mods, ui_key_event);
}

void ui_key_unicode(struct ui *u, uint32_t c, unsigned mods)
{
    struct kbd_stroke st[KBD_MAX_STROKES];
    if (!u->il) {
        key_unicode_now(u, c, mods, true);
        return;
    }
    size_t n = char_strokes(u, c, mods, true, st);
    for (size_t i = 0; i < n; i++)
        ui_key_press(u, st[i].scan, st[i].mods);
    int byte = n ? -1 : char_byte(u, c);
    struct il_event e = {.kind = IL_CHAR, .code = (unsigned)byte};
    if (byte >= 0)
        il_push(u->il, &e);
}

void ui_request_swap(struct ui *u)
{
    u->swap = true;
}

bool ui_take_swap(struct ui *u)
{
    bool s = u->swap;
    u->swap = false;
    return s;
}

void ui_request_quit(struct ui *u)
{
    u->quit_seen = true;
    if (!u->il || il_replaying(u->il)) {
        u->quit = true; /* while replaying: the person stops the replay */
        return;
    }
    struct il_event e = {.kind = IL_QUIT};
    il_push(u->il, &e);
}

static void mouse_input_now(struct ui *u, const struct ui_mouse *m);

/* An event reaches the machine at an input point. */
static void deliver(struct ui *u, const struct il_event *e)
{
    switch (e->kind) {
    case IL_KEY:
        key_event_now(u, e->code, e->down);
        break;
    case IL_CHAR:
        char_now(u, (uint8_t)e->code);
        break;
    case IL_STDIN:
        hostio_feed(u->hio, e->bytes, e->n);
        break;
    case IL_EOF:
        hostio_feed_eof(u->hio);
        break;
    case IL_QUIT:
        u->quit = true;
        break;
    case IL_MOUSE: {
        struct ui_mouse m = {e->x, e->y, e->absolute, e->code};
        mouse_input_now(u, &m);
        break;
    }
    }
}

/* Input point: the terminal on stdin is read, queued input handed over. */
static void input_point(struct ui *u)
{
    struct il_event e = {.kind = IL_STDIN};
    u->point++;
    if (hostio_fed(u->hio) && !u->fe_open && !u->inl && !il_replaying(u->il)) {
        int n = hostio_read_tty(u->hio, e.bytes, sizeof e.bytes);
        if (n >= 0) {
            e.kind = n ? IL_STDIN : IL_EOF;
            e.n = (size_t)n;
            il_push(u->il, &e);
        }
    }
    while (il_take(u->il, u->point, clock_now_ns(u->clk), &e))
        deliver(u, &e);
    if (il_replay_done(u->il) && hostio_fed(u->hio))
        hostio_feed_eof(u->hio); /* the log is over: so is input */
}

void ui_set_controls(struct ui *u, const struct ui_controls *c)
{
    u->ctl = *c;
}

void ui_action(struct ui *u, enum ui_action a)
{
    if (u->ctl.act)
        u->ctl.act(u->ctl.ctx, a);
}

void ui_host_layout(struct ui *u, const char *name)
{
    if (u->ctl.host_layout)
        u->ctl.host_layout(u->ctl.ctx, name);
}

void ui_set_status(struct ui *u, const char *status)
{
    snprintf(u->status, sizeof u->status, "%s", status);
    if (u->fe_open && u->fe.ops->set_status)
        u->fe.ops->set_status(u->fe.self, u->status);
}

bool ui_quit_requested(const struct ui *u)
{
    return u->quit;
}

/* ---- the mouse ---- */

static void mouse_input_now(struct ui *u, const struct ui_mouse *m)
{
    u->mouse_buttons = m->buttons;
    if (u->bios)
        bios_mouse_input(u->bios, m->x, m->y, m->absolute, m->buttons);
}

/* Host mouse input: at once, or at the next input point (deterministic). */
void ui_mouse_input(struct ui *u, const struct ui_mouse *m)
{
    if (!u->il) {
        mouse_input_now(u, m);
        return;
    }
    u->mouse_buttons = m->buttons; /* the host's state, for the next change */
    struct il_event e = {
        .kind = IL_MOUSE, .x = m->x, .y = m->y, .absolute = m->absolute, .code = m->buttons};
    il_push(u->il, &e);
}

unsigned ui_mouse_buttons(const struct ui *u)
{
    return u->mouse_buttons;
}

void ui_mouse_extent(struct ui *u, unsigned *width, unsigned *height)
{
    *width = 640;
    *height = 200;
    if (u->bios)
        bios_mouse_extent(u->bios, width, height);
}

static void script_mouse(struct ui *u, const struct ks_step *s)
{
    struct ui_mouse m = {0, 0, false, u->mouse_buttons};
    switch (s->mouse) {
    case KS_MOUSE_TO:
        m.x = s->x;
        m.y = s->y;
        m.absolute = true;
        break;
    case KS_MOUSE_BY:
        m.x = s->x;
        m.y = s->y;
        break;
    case KS_MOUSE_PRESS:
        m.buttons |= s->button;
        break;
    case KS_MOUSE_RELEASE:
        m.buttons &= ~s->button;
        break;
    case KS_MOUSE_CLICK:
        m.buttons |= s->button;
        mouse_input_now(u, &m);
        m.buttons &= ~s->button;
        break;
    }
    mouse_input_now(u, &m);
}

/* ---- scripts ---- */

/* Run the next step of --keys once everything before it was read: keys
 * and screenshots when the program reads the keyboard (keys_now: it waits
 * for input, so what it drew is complete), mouse steps once the program's
 * handler took the last events, waits at once. */
static void feed_script(struct ui *u, bool keys_now)
{
    if (ks_done(&u->ks) || u->npending || (u->kbc && !kbc_drained(u->kbc)))
        return;
    uint64_t now = clock_now_ns(u->clk);
    if (u->ks_wait_until && now < u->ks_wait_until)
        return;
    u->ks_wait_until = 0;
    const struct ks_step *s = &u->ks.steps[u->ks.next];
    bool key = s->kind == KS_PRESS || s->kind == KS_CHAR || s->kind == KS_SCREENSHOT;
    if ((key && !keys_now) || (s->kind == KS_MOUSE && u->bios && bios_mouse_busy(u->bios)))
        return;
    u->ks.next++;
    if (s->kind == KS_WAIT)
        u->ks_wait_until = now + (uint64_t)s->wait_ms * 1000000u;
    else if (s->kind == KS_PRESS)
        key_press_now(u, s->code, s->mods);
    else if (s->kind == KS_CHAR)
        key_unicode_now(u, s->ch, 0, false);
    else if (s->kind == KS_MOUSE)
        script_mouse(u, s);
    else if (ui_screenshot(u, s->path, u->cfg.screenshot_aspect) < 0)
        warn("--keys {screenshot:%s}: cannot write the file", s->path);
}

/* ---- choosing and opening frontends ---- */

static bool open_frontend(struct ui *u, struct ui_frontend fe)
{
    ui_inline_stop(u);
    hostio_flush(u->hio);
    if (!fe.ops->open(fe.self, u, u->cfg.title))
        return false;
    u->fe = fe;
    u->fe_open = true;
    if (u->status[0] && fe.ops->set_status)
        fe.ops->set_status(fe.self, u->status);
    vga_frames(u->vga, ui_on_frame, u);
    ui_present(u, clock_now_ns(u->clk), true);
    LOG(LOG_VIDEO, "frontend: %s", fe.ops->name);
    return true;
}

static bool term_possible(void)
{
    return isatty(0) && isatty(1);
}

/* The program used the screen. A program writing text at the cursor is
 * drawn inline when the terminal is stdout; otherwise (and once it takes
 * the whole screen) a frontend is due. */
static bool on_screen_use(void *ctx, enum vga_use use)
{
    struct ui *u = ctx;
    bool look = ui_text_use(u, use);
    if (u->armed && (use == VGA_USE_SCREEN || !ui_text_drawing(u)))
        u->use_seen = true;
    if (!u->armed && !ui_text_drawing(u))
        vga_unwatch(u->vga); /* nothing more to learn */
    return look;
}

/* Auto: the program uses the screen; show it where we can. */
static void auto_switch(struct ui *u)
{
    u->armed = false;
    vga_unwatch(u->vga);
    if (ui_sdl_display_present() && open_frontend(u, ui_sdl_frontend()))
        return;
    if (term_possible() && open_frontend(u, ui_term_frontend()))
        return;
    ui_inline_start(u); /* still passthrough */
}

bool ui_start(struct ui *u)
{
    switch (u->cfg.kind) {
    case UI_WINDOW:
        if (!open_frontend(u, ui_sdl_frontend()))
            return false;
        break;
    case UI_TERM:
        if (!term_possible()) {
            warn("--ui term needs a terminal on standard input and output");
            return false;
        }
        if (!open_frontend(u, ui_term_frontend()))
            return false;
        break;
    case UI_AUTO:
        if (u->window_console && open_frontend(u, ui_sdl_frontend()))
            break;
        u->armed = ui_sdl_display_present() || term_possible();
        ui_inline_start(u);
        break;
    default:
        ui_inline_start(u);
        break;
    }
    if (u->armed || ui_text_on(u))
        vga_watch(u->vga, on_screen_use, u, true);
    ui_text_start(u);
    return true;
}

bool ui_on_screen(const struct ui *u)
{
    return u->fe_open || (u->armed && u->use_seen) || ui_text_drawing(u);
}

#define CONSOLE_CHUNK 256
#define CONSOLE_ASCII_END 0x80 /* bytes from here differ by code page */

/* The inline console's terminal shows bytes 80h-FFh as the screen would,
 * in its code page, as UTF-8 (accented letters, box drawing); redirected
 * output keeps the bytes. */
static void console_utf8(struct ui *u, int fd, const uint8_t *buf, size_t n)
{
    unsigned cp = u->vga ? vga_codepage(u->vga) : CODEPAGE_437;
    char out[CONSOLE_CHUNK * 4];
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (buf[i] < CONSOLE_ASCII_END)
            out[len++] = (char)buf[i];
        else
            len += codepage_utf8(cp, buf[i], out + len);
        if (len > sizeof out - 4 || i + 1 == n) {
            hostio_write(u->hio, fd, out, len);
            len = 0;
        }
    }
}

void ui_console_write(struct ui *u, int fd, const uint8_t *buf, size_t n)
{
    if (ui_on_screen(u) || ui_text_active(u))
        return; /* the screen is the source now */
    u->console_bytes += n;
    if (u->inl && fd == STDOUT_FILENO)
        console_utf8(u, fd, buf, n);
    else
        hostio_write(u->hio, fd, buf, n);
}

void ui_output_write(struct ui *u, int fd, const void *buf, size_t n)
{
    if (fd == STDOUT_FILENO)
        ui_text_interleave(u);
    hostio_write(u->hio, fd, buf, n);
}

void ui_note_keyboard_poll(struct ui *u)
{
    feed_script(u, true);
}

void ui_note_direct_keyboard(struct ui *u)
{
    if (u->armed)
        u->use_seen = true;
    feed_script(u, true);
}

/* Ask the frontend (or the inline console) for input; at most every
 * POLL_EVERY_NS unless forced (a window's event queue costs system calls
 * to look at). */
static void ui_poll_input(struct ui *u, bool force)
{
    uint64_t now = ui_host_ns();
    if (!force && now - u->polled_ns < POLL_EVERY_NS)
        return;
    u->polled_ns = now;
    if (u->fe_open)
        u->fe.ops->poll(u->fe.self, u);
    else if (u->inl)
        ui_inline_poll(u);
}

void ui_update(struct ui *u)
{
    u->updates++;
    feed_script(u, false);
    if (u->vga)
        vga_watch_quick(u->vga); /* video RAM the program wrote, between frames */
    ui_text_update(u);
    if (u->armed && u->use_seen)
        auto_switch(u);
    if (u->fe_open || u->inl)
        ui_poll_input(u, false);
    if (u->il)
        input_point(u);
    flush_pending(u);
}

bool ui_kbd_poll(struct ui *u)
{
    feed_script(u, true);
    if (u->fe_open) {
        ui_poll_input(u, false);
        flush_pending(u);
        return true;
    }
    bool more;
    if (u->inl) {
        hostio_flush(u->hio); /* the echo of what was typed so far */
        ui_poll_input(u, false);
        flush_pending(u);
        more = !ui_inline_ended();
    } else {
        more = !u->cfg.script_input && hostio_kbd_poll(u->hio, u->bios);
    }
    return more || u->more_input || !ks_done(&u->ks) || u->npending ||
           (u->kbc && !kbc_drained(u->kbc));
}

void ui_wait(struct ui *u, uint64_t ns, bool want_input)
{
    ui_text_show(u, true); /* inline: what the program drew before it waits */
    if (u->fe_open) {
        if (u->fe.ops->wait(u->fe.self, ns))
            ui_poll_input(u, true);
        return;
    }
    if (want_input && !ks_done(&u->ks)) {
        /* A {wait} step: sleep until it is over (the machine's clock is
         * the host's here); else the next key goes in at the next poll. */
        uint64_t now = clock_now_ns(u->clk);
        uint64_t step = u->ks_wait_until > now ? u->ks_wait_until - now : KEYS_STEP_NS;
        hostio_wait(u->hio, MIN(ns, step), false);
        return;
    }
    if (u->inl) {
        hostio_flush(u->hio);
        if (ui_inline_wait(ns))
            ui_poll_input(u, true);
        return;
    }
    hostio_wait(u->hio, ns, want_input);
}

/* ---- exit ---- */

int ui_save_png(struct ui *u, const char *path)
{
    return ui_screenshot(u, path, u->cfg.screenshot_aspect);
}

static int save_dump(struct ui *u, const char *path)
{
    if (ui_save_text(u, path) < 0) {
        warn("--screen-dump %s: cannot write the file", path);
        return UNIDOS_EXIT_ERROR;
    }
    return 0;
}

static int save_png(struct ui *u, const char *path)
{
    if (ui_screenshot(u, path, u->cfg.screenshot_aspect) < 0) {
        warn("--screenshot %s: cannot write the file", path);
        return UNIDOS_EXIT_ERROR;
    }
    return 0;
}

/* ---- scripts ---- */

bool ui_type(struct ui *u, const char *text, char *why, size_t why_cap)
{
    return ks_append(text, &u->ks, why, why_cap);
}

bool ui_input_due(const struct ui *u)
{
    return u->npending && u->kbc && KBC_QUEUE_BYTES - kbc_room(u->kbc) < KBC_FEED_BYTES &&
           (!u->bios || bios_key_buffered(u->bios) < TYPEAHEAD_HOLD);
}

bool ui_input_consumed(struct ui *u)
{
    return ks_done(&u->ks) && !u->npending && (!u->kbc || kbc_drained(u->kbc)) &&
           (!u->bios || bios_key_buffered(u->bios) == 0);
}

void ui_set_more_input(struct ui *u, bool more)
{
    u->more_input = more;
}

bool ui_host_input_possible(const struct ui *u)
{
    if (u->inl)
        return !ui_inline_ended();
    return u->fe_open ||
           (!u->cfg.script_input && hostio_stdin_tty(u->hio) && hostio_input_open(u->hio));
}

int ui_finish(struct ui *u)
{
    int rc = 0;
    ui_inline_stop(u);
    if (u->cfg.screenshot && u->vga)
        rc = save_png(u, u->cfg.screenshot);
    if (u->fe_open) {
        vga_frames(u->vga, NULL, NULL);
        u->fe.ops->close(u->fe.self);
        u->fe_open = false;
    }
    ui_text_finish(u);
    if (u->cfg.screen_dump && u->vga && save_dump(u, u->cfg.screen_dump))
        rc = UNIDOS_EXIT_ERROR;
    return rc;
}
