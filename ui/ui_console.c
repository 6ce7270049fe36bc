/* The console outside a screen frontend, and the window as the console.
 * The inline console: console passthrough (output on stdout, inline, so
 * the terminal's scrollback keeps it) with the terminal on stdin in raw
 * mode; keys are parsed like the terminal frontend's (ui/term_input.h)
 * and typed on the PC keyboard, so DOS does the line editing and the echo
 * (the prompt's history, F3, arrows), and Ctrl-C is the DOS Ctrl-C rather
 * than a signal to unidos. Without any terminal (started from a desktop)
 * the window is the console from the start. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ui/term_input.h"
#include "ui/tty.h"
#include "ui/ui_impl.h"
#include "base/common.h"

#define CH_CTRL_C 0x03
#define CTRL_C_STOP_COUNT 3        /* unread Ctrl-Cs that stop unidos... */
#define CTRL_C_STOP_NS 1000000000u /* ...when they span this much host time */
#define IN_CHUNK 256
#define LINGER_POLL_NS 100000000u

static struct {
    struct term_input in;
    bool ended; /* the terminal hung up */
} g_inl;

uint64_t ui_host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * CLOCK_NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

void ui_key_ctrl_c(struct ui *u)
{
    uint64_t now = ui_host_ns(), taken = u->bios ? bios_keys_taken(u->bios) : 0;
    if (!u->ctrl_c_unread || taken != u->ctrl_c_taken) {
        u->ctrl_c_unread = 0;
        u->ctrl_c_since_ns = now;
        u->ctrl_c_taken = taken;
    }
    ui_key_unicode(u, CH_CTRL_C, 0);
    if (++u->ctrl_c_unread >= CTRL_C_STOP_COUNT && now - u->ctrl_c_since_ns >= CTRL_C_STOP_NS) {
        warn("stopped: Ctrl-C was pressed %u times and the program read no key",
             u->ctrl_c_unread);
        ui_request_quit(u);
    }
}

static void sink_press(void *ctx, unsigned code, unsigned mods)
{
    ui_key_press(ctx, code, mods);
}
static void sink_quit(void *ctx)
{
    ui_request_quit(ctx);
}
static void sink_swap(void *ctx)
{
    ui_request_swap(ctx);
}

static void sink_char(void *ctx, uint32_t ch, unsigned mods)
{
    if (ch == CH_CTRL_C && !mods)
        ui_key_ctrl_c(ctx);
    else
        ui_key_unicode(ctx, ch, mods);
}

static bool inline_open(void)
{
    if (!tty_enter(TTY_INLINE, NULL))
        return false;
    g_inl.in.n = 0;
    g_inl.ended = false;
    return true;
}

static void inline_close(void)
{
    tty_leave();
}

/* Everything the terminal has now, without blocking. */
void ui_inline_poll(struct ui *u)
{
    struct ti_sink sink = {sink_press, sink_char, sink_quit, NULL, u, sink_swap};
    uint8_t buf[IN_CHUNK];
    struct pollfd p = {.fd = 0, .events = POLLIN};
    while (!g_inl.ended && poll(&p, 1, 0) > 0) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            break;
        if (n <= 0) {
            g_inl.ended = true; /* a hangup (POLLHUP, EIO) or the end */
            break;
        }
        ti_feed(&g_inl.in, &sink, buf, (size_t)n, ui_host_ns());
    }
    ti_idle(&g_inl.in, &sink, ui_host_ns());
}

bool ui_inline_ended(void)
{
    return g_inl.ended;
}

/* Sleep up to ns; true when input arrived (or a lone Esc is due). */
bool ui_inline_wait(uint64_t ns)
{
    if (ti_partial(&g_inl.in))
        ns = MIN(ns, (uint64_t)TI_ESC_TIMEOUT_NS);
    if (g_inl.ended) {
        struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
        nanosleep(&ts, NULL);
        return false;
    }
    struct pollfd p = {.fd = 0, .events = POLLIN};
    return poll(&p, 1, (int)((ns + 999999) / 1000000)) > 0 || ti_partial(&g_inl.in);
}

/* Passthrough with a terminal on both stdin and stdout. Scripts and
 * replays do not read the terminal. */
void ui_inline_start(struct ui *u)
{
    if (!u->cfg.script_input && !u->cfg.replay && isatty(0) && isatty(1))
        u->inl = inline_open();
}

void ui_inline_stop(struct ui *u)
{
    if (!u->inl)
        return;
    hostio_flush(u->hio);
    inline_close();
    u->inl = false;
}

bool ui_host_echoes(const struct ui *u)
{
    return !ui_on_screen(u) && !u->inl;
}

/* ---- the window as the console ---- */

enum ui_fd_kind ui_fd_kind(int fd)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return UI_FD_CLOSED;
    if (isatty(fd))
        return UI_FD_TERMINAL;
    if (S_ISCHR(st.st_mode))
        return UI_FD_DEVICE;
    return S_ISSOCK(st.st_mode) ? UI_FD_SOCKET : UI_FD_DATA;
}

/* Started from a desktop (a launcher, a file manager): stdin gives
 * nothing (the null device, or closed) and nobody reads stdout (the null
 * device, the journal's socket, or closed). A redirected stdin or stdout
 * (a terminal, a file, a pipe) keeps passthrough; the bare prompt, which
 * would only read its empty stdin and quit, takes the window whatever
 * stdout is. */
bool ui_window_console_wanted(const struct ui_config *c)
{
    if (c->keys || c->script_input || c->replay)
        return false;
    if (c->kind != UI_WINDOW && (c->kind != UI_AUTO || !ui_sdl_display_present()))
        return false;
    enum ui_fd_kind in = ui_fd_kind(0), out = ui_fd_kind(1);
    bool nothing_in = in == UI_FD_CLOSED || in == UI_FD_DEVICE;
    bool unwatched = out == UI_FD_CLOSED || out == UI_FD_DEVICE || out == UI_FD_SOCKET;
    return nothing_in && (unwatched || c->prompt_only);
}

bool ui_window_console(const struct ui *u)
{
    return u->window_console;
}

/* The program ended and the window is all the user has: it stays with
 * the last screen, its title saying so, until a key or the close button. */
void ui_linger(struct ui *u, int status, const volatile sig_atomic_t *stop)
{
    char title[300];
    if (!u->window_console || !u->fe_open || u->quit || u->cfg.prompt_only)
        return;
    if (u->fe.ops->set_title) {
        snprintf(title, sizeof title,
                 "%s (ended with status %d: press a key to close) - unidos",
                 u->cfg.title ? u->cfg.title : "DOS", status);
        u->fe.ops->set_title(u->fe.self, title);
    }
    ui_present(u, clock_now_ns(u->clk), true); /* the last screen, even if no frame came */
    hostio_flush(u->hio);
    unsigned seen = u->keys_down;
    u->quit_seen = false;
    while (u->keys_down == seen && !u->quit_seen && !*stop) {
        u->fe.ops->wait(u->fe.self, LINGER_POLL_NS);
        u->fe.ops->poll(u->fe.self, u);
    }
}
