/* Raw terminal modes with their restoration on every exit path (see
 * tty.h). The saved modes live in statics: the signal and exit paths must
 * restore without help. */
#include "ui/tty.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/common.h"

static struct termios g_saved;
static const char *g_leave_seq;
static int g_leave_action; /* tcsetattr action on the way back */
static volatile sig_atomic_t g_taken;

void tty_leave(void)
{
    if (!g_taken)
        return;
    g_taken = 0;
    if (g_leave_seq) {
        ssize_t w = write(1, g_leave_seq, strlen(g_leave_seq));
        (void)w;
    }
    tcsetattr(0, g_leave_action, &g_saved);
}

static const int k_fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT};
static struct sigaction g_prev[ARRAY_LEN(k_fatal)];

/* The terminal first; then a handler installed before ours (the CPU's,
 * which may leave an abort inside Unicorn and go on), else the default. */
static void on_fatal(int sig)
{
    tty_leave();
    for (size_t i = 0; i < ARRAY_LEN(k_fatal); i++)
        if (k_fatal[i] == sig && g_prev[i].sa_handler != SIG_DFL &&
            g_prev[i].sa_handler != SIG_IGN && !(g_prev[i].sa_flags & SA_SIGINFO))
            g_prev[i].sa_handler(sig);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Crashes restore the terminal, then die as they would have. SIGINT,
 * SIGTERM and SIGHUP are the run loop's (machine/machine.c): it stops and
 * returns through the frontends' close. */
static void install_handlers(void)
{
    static bool once;
    if (once)
        return;
    once = true;
    struct sigaction sa = {.sa_handler = on_fatal};
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < ARRAY_LEN(k_fatal); i++)
        sigaction(k_fatal[i], &sa, &g_prev[i]);
    atexit(tty_leave);
}

/* Input without the line discipline's editing, echo, signal keys, flow
 * control or CR/LF translation; reads return once a byte is there (the
 * callers poll first). Output flags stay. */
static void make_inline(struct termios *t)
{
    t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t->c_cc[VMIN] = 1;
    t->c_cc[VTIME] = 0;
}

bool tty_enter(enum tty_mode mode, const char *leave_seq)
{
    struct termios raw;
    if (g_taken || tcgetattr(0, &g_saved) < 0)
        return false;
    raw = g_saved;
    if (mode == TTY_FULL) {
        cfmakeraw(&raw);
        raw.c_cc[VMIN] = 0;
        raw.c_cc[VTIME] = 0;
    } else {
        make_inline(&raw);
    }
    install_handlers();
    /* A full screen starts clean (typed-ahead bytes would be keys from
     * before it); inline, typed-ahead text is for the program. */
    if (tcsetattr(0, mode == TTY_FULL ? TCSAFLUSH : TCSADRAIN, &raw) < 0)
        return false;
    g_leave_seq = leave_seq;
    g_leave_action = mode == TTY_FULL ? TCSAFLUSH : TCSADRAIN;
    g_taken = 1;
    return true;
}
