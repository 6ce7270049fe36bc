/* The terminal on standard input in raw mode, and back: the modes saved
 * when it is first taken are restored on every exit path (normal return,
 * exit(), fatal signals), with a sequence written to stdout first (leave
 * the alternate screen, show the cursor...). One terminal per process. */
#ifndef UNIDOS_UI_TTY_H
#define UNIDOS_UI_TTY_H

#include <stdbool.h>

enum tty_mode {
    TTY_FULL,   /* everything raw (cfmakeraw): a full-screen frontend */
    TTY_INLINE, /* input raw (no line editing, echo or signal keys),
                     * output processing as the user had it: inline text */
};

/* Take the terminal; leave_seq (a string constant, or NULL) is written to
 * stdout when it is given back. False when stdin is no terminal. */
bool tty_enter(enum tty_mode mode, const char *leave_seq);
/* Give the terminal back as it was (nothing when not taken). */
void tty_leave(void);

#endif
