/* The command-line editor of the prompt, as a pure function of BIOS keys
 * (ASCII | scan code << 8): DOS's template keys (F1, F3, right arrow at
 * the end copy from the previous line), DOSKEY's (left/right, Home/End,
 * Ins/Del, Esc, up/down history). What it shows goes through a write
 * callback as teletype text (backspaces move the cursor left). */
#ifndef UNIDOS_SHELL_LINEEDIT_H
#define UNIDOS_SHELL_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SH_EDIT_MAX 128 /* a typed line, as DOS's 0Ah allows */
#define SH_HISTORY_MAX 32

struct sh_history {
    char *lines[SH_HISTORY_MAX]; /* oldest first (owned) */
    unsigned n;
};

/* The line being typed or read. */
struct sh_input {
    bool active; /* a line is in progress */
    char buf[SH_EDIT_MAX + 1];
    unsigned len, cur;
    bool overwrite;
    unsigned hist; /* history position while browsing */
    bool after_cr; /* redirected input: skip the LF of CR LF */
};

struct sh_edit_env {
    const struct sh_history *hist;
    /* NULL: show nothing (the host terminal echoes typed text itself). */
    void (*write)(void *ctx, const char *text, size_t n);
    void *ctx;
};

/* Start a new line (history browsing starts after the newest entry). */
void sh_edit_start(struct sh_input *in, const struct sh_history *h);

/* Apply one key. True when the line is finished: Enter, or Ctrl-C (which
 * shows ^C and leaves the line empty). */
bool sh_edit_key(struct sh_input *in, uint16_t key, const struct sh_edit_env *e);

/* Add a line to the history (not blank ones, not the newest again). */
void sh_history_add(struct sh_history *h, const char *line);
void sh_history_free(struct sh_history *h);

#endif
