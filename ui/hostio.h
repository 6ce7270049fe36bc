/* The headless frontend's host side: buffered console output to fds 1/2,
 * standard input shared by DOS handle 0 and the BIOS keyboard. */
#ifndef UNIDOS_UI_HOSTIO_H
#define UNIDOS_UI_HOSTIO_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bios/bios.h"

struct hostio;


/* text: convert CR LF to LF on output and LF to CR LF on raw input. */
struct hostio *hostio_new(bool text);
void hostio_free(struct hostio *h);

bool hostio_stdin_tty(const struct hostio *h);
bool hostio_stdout_tty(const struct hostio *h);
bool hostio_stderr_tty(const struct hostio *h);

void hostio_write(struct hostio *h, int fd, const void *buf, size_t n);
/* Write out buffered output. Safe to call often; cheap when empty. */
void hostio_flush(struct hostio *h);

/* Raw standard input: > 0 bytes, 0 at the end, -1 when nothing is there
 * yet. Never blocks (but see hostio_set_waiting). */
int hostio_read(struct hostio *h, void *buf, size_t n);
/* Whether hostio_read would give bytes now: 1, 0 (not yet), -1 (ended). */
int hostio_poll(struct hostio *h);
/* Deterministic runs: a pipe or file on standard input is read as a file,
 * whatever the timing of its writer: a look at it waits for the next
 * bytes or the end, until *stop is set (a signal, the timeout). A
 * terminal is not affected (its input comes at input points). */
void hostio_set_waiting(struct hostio *h, const volatile sig_atomic_t *stop);

/* Move pending input into the BIOS keyboard buffer. False once input has
 * ended and nothing is left. */
bool hostio_kbd_poll(struct hostio *h, struct bios *b);

/* Deterministic runs with a terminal on stdin (ui/inputlog.h): stdin is
 * not read by the guest's calls but by the frontend between slices
 * (hostio_read_tty), and handed over at input points (hostio_feed). */
void hostio_set_fed(struct hostio *h);
bool hostio_fed(const struct hostio *h);
/* Without blocking: > 0 bytes, 0 at the end of input, -1 none now. */
int hostio_read_tty(struct hostio *h, void *buf, size_t n);
void hostio_feed(struct hostio *h, const void *buf, size_t n);
void hostio_feed_eof(struct hostio *h);

/* True while more input may come (for deciding whether to wait on it). */
bool hostio_input_open(const struct hostio *h);

/* Sleep up to timeout_ns; with want_input, return as soon as input arrives.
 * Returns early on signals. */
void hostio_wait(struct hostio *h, uint64_t timeout_ns, bool want_input);

#endif
