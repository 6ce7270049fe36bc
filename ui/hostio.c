/* Host console plumbing for the headless frontend. Output is buffered and
 * flushed between CPU slices; input is queued once and shared. */
#include "ui/hostio.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/common.h"
#include "base/stop.h"

#define OUT_BUF_BYTES 16384
#define OUT_LATENCY_NS 50000000u /* output waits at most ~50 ms of wall time */
#define IN_BUF_BYTES 4096
#define STOP_CHECK_MS 100 /* a waiting read looks at the stop flag this often */
#define CH_CR 0x0D
#define CH_LF 0x0A
#define CH_DEL 0x7F
#define CH_BS 0x08

struct hostio {
    bool text;
    bool tty[3];
    int out_fd; /* fd the buffer holds data for */
    size_t out_len;
    uint64_t out_since_ns; /* when the oldest byte in out arrived (monotonic) */
    bool out_cr;           /* text mode: a CR waits to see if LF follows */
    uint8_t out[OUT_BUF_BYTES];
    uint8_t in[IN_BUF_BYTES];
    size_t in_pos, in_len;
    bool in_eof;
    bool in_cr;                         /* text mode: the last byte read was CR */
    bool kbd_cr;                        /* last key was CR: swallow a following LF */
    bool fed;                           /* input arrives through hostio_feed only */
    const volatile sig_atomic_t *waits; /* a pipe is read as a file (hostio_set_waiting) */
};

static struct hostio *g_exit_flush; /* flushed by exit() (die) */

static void flush_at_exit(void)
{
    if (g_exit_flush)
        hostio_flush(g_exit_flush);
}

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

struct hostio *hostio_new(bool text)
{
    static bool registered;
    struct hostio *h = xcalloc(1, sizeof *h);
    h->text = text;
    for (int fd = 0; fd < 3; fd++)
        h->tty[fd] = isatty(fd);
    h->out_fd = 1;
    g_exit_flush = h;
    if (!registered)
        atexit(flush_at_exit);
    registered = true;
    return h;
}

void hostio_free(struct hostio *h)
{
    if (!h)
        return;
    hostio_flush(h);
    if (g_exit_flush == h)
        g_exit_flush = NULL;
    free(h);
}

bool hostio_stdin_tty(const struct hostio *h)
{
    return h->tty[0];
}
bool hostio_stdout_tty(const struct hostio *h)
{
    return h->tty[1];
}
bool hostio_stderr_tty(const struct hostio *h)
{
    return h->tty[2];
}

static void write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR && !stop_requested())
            continue; /* after --timeout or a signal: a stalled reader loses it */
        if (w <= 0)
            return; /* a closed pipe: the reader is gone */
        p += w;
        n -= (size_t)w;
    }
}

void hostio_flush(struct hostio *h)
{
    if (h->out_len)
        write_all(h->out_fd, h->out, h->out_len);
    h->out_len = 0;
}

static void put(struct hostio *h, uint8_t c)
{
    if (h->out_len == sizeof h->out)
        hostio_flush(h);
    if (!h->out_len)
        h->out_since_ns = mono_ns();
    h->out[h->out_len++] = c;
}

void hostio_flush_due(struct hostio *h)
{
    if (h->out_len && mono_ns() - h->out_since_ns >= OUT_LATENCY_NS)
        hostio_flush(h);
}

void hostio_write(struct hostio *h, int fd, const void *buf, size_t n)
{
    const uint8_t *p = buf;
    if (fd != h->out_fd) {
        if (h->out_cr) {
            put(h, CH_CR);
            h->out_cr = false;
        }
        hostio_flush(h);
        h->out_fd = fd;
    }
    while (!h->text && n) { /* bytes as they are: in runs */
        if (h->out_len == sizeof h->out)
            hostio_flush(h);
        if (!h->out_len)
            h->out_since_ns = mono_ns();
        size_t k = MIN(n, sizeof h->out - h->out_len);
        memcpy(h->out + h->out_len, p, k);
        h->out_len += k;
        p += k;
        n -= k;
    }
    for (size_t i = 0; i < n; i++) {
        if (h->out_cr && p[i] != CH_LF)
            put(h, CH_CR);
        h->out_cr = p[i] == CH_CR;
        if (!h->out_cr)
            put(h, p[i]);
    }
    hostio_flush_due(h);
}

/* Whether a read of standard input would not block now: it has bytes,
 * has ended or failed (poll marks a regular file always readable). With
 * h->waits set, wait for that, in steps that look at the stop flag. */
static bool readable(const struct hostio *h)
{
    struct pollfd p = {.fd = 0, .events = POLLIN};
    for (;;) {
        int rc = poll(&p, 1, h->waits ? STOP_CHECK_MS : 0);
        if (rc > 0)
            return true;
        if (rc < 0 && errno != EINTR)
            return true; /* a bad descriptor: the read says so */
        if (!h->waits || *h->waits)
            return false;
    }
}

/* Fill the input queue. Never blocks: a pipe or a terminal is read only
 * when it has something (a program checking for a key must not hang on a
 * silent pipe, and a signal must end the run at once). */
static void fill(struct hostio *h)
{
    if (h->in_pos < h->in_len || h->in_eof || h->fed)
        return;
    h->in_pos = h->in_len = 0;
    if (!readable(h))
        return;
    ssize_t r = read(0, h->in, sizeof h->in);
    if (r < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (r <= 0)
        h->in_eof = true; /* the end, a hang-up (EIO) or a closed descriptor */
    else
        h->in_len = (size_t)r;
}

int hostio_read(struct hostio *h, void *buf, size_t n)
{
    uint8_t *d = buf;
    size_t k = 0;
    hostio_flush(h);
    fill(h);
    if (h->in_pos == h->in_len)
        return h->in_eof ? 0 : -1;
    while (k < n && h->in_pos < h->in_len) {
        uint8_t c = h->in[h->in_pos];
        if (h->text && c == CH_LF && !h->in_cr) {
            d[k++] = CH_CR; /* the LF follows, in this read or the next */
            h->in_cr = true;
            continue;
        }
        d[k++] = c;
        h->in_cr = c == CH_CR;
        h->in_pos++;
    }
    return (int)k;
}

int hostio_poll(struct hostio *h)
{
    fill(h);
    if (h->in_pos < h->in_len)
        return 1;
    return h->in_eof ? -1 : 0;
}

bool hostio_kbd_poll(struct hostio *h, struct bios *b)
{
    hostio_flush(h);
    fill(h);
    while (h->in_pos < h->in_len) {
        uint8_t c = h->in[h->in_pos];
        bool skip = c == CH_LF && h->kbd_cr;
        h->kbd_cr = c == CH_CR;
        if (c == CH_LF)
            c = CH_CR;
        if (c == CH_DEL)
            c = CH_BS;
        uint16_t key = bios_ascii_key(c);
        if (!skip && !bios_key_push(b, key ? key : c))
            break;
        h->in_pos++;
    }
    return !(h->in_eof && h->in_pos == h->in_len);
}

bool hostio_input_open(const struct hostio *h)
{
    return !h->in_eof;
}

void hostio_wait(struct hostio *h, uint64_t timeout_ns, bool want_input)
{
    hostio_flush(h);
    if (!want_input || h->in_eof || h->in_pos < h->in_len) {
        struct timespec ts = {(time_t)(timeout_ns / 1000000000u),
                              (long)(timeout_ns % 1000000000u)};
        nanosleep(&ts, NULL);
        return;
    }
    struct pollfd p = {.fd = 0, .events = POLLIN};
    if (poll(&p, 1, (int)((timeout_ns + 999999) / 1000000)) <= 0 || h->fed)
        return;
    /* Readable: bytes, or an end (/dev/null, a file, a closed pipe) that
     * poll reports at once every time. Take what is there, so an ended
     * input is known and the next waits sleep instead of spinning. */
    fill(h);
    if (h->in_eof && h->in_pos == h->in_len)
        hostio_wait(h, timeout_ns, false);
}

void hostio_set_waiting(struct hostio *h, const volatile sig_atomic_t *stop)
{
    if (!h->tty[0])
        h->waits = stop;
}

void hostio_set_fed(struct hostio *h)
{
    h->fed = true;
}

bool hostio_fed(const struct hostio *h)
{
    return h->fed;
}

int hostio_read_tty(struct hostio *h, void *buf, size_t n)
{
    struct pollfd p = {.fd = 0, .events = POLLIN};
    UNUSED(h);
    if (poll(&p, 1, 0) <= 0)
        return -1;
    ssize_t r = read(0, buf, n);
    return r < 0 ? (errno == EINTR || errno == EAGAIN ? -1 : 0) : (int)r;
}

void hostio_feed(struct hostio *h, const void *buf, size_t n)
{
    if (h->in_pos == h->in_len)
        h->in_pos = h->in_len = 0;
    if (h->in_pos && h->in_len + n > sizeof h->in) {
        memmove(h->in, h->in + h->in_pos, h->in_len - h->in_pos);
        h->in_len -= h->in_pos;
        h->in_pos = 0;
    }
    n = MIN(n, sizeof h->in - h->in_len);
    memcpy(h->in + h->in_len, buf, n);
    h->in_len += n;
}

void hostio_feed_eof(struct hostio *h)
{
    h->in_eof = true;
}
