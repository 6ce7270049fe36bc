/* Terminal keyboard input: raw bytes (ANSI/xterm escape sequences, UTF-8,
 * control characters) to PC key presses. */
#ifndef UNIDOS_UI_TERM_INPUT_H
#define UNIDOS_UI_TERM_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where parsed keys go. */
struct ti_sink {
    void (*press)(void *ctx, unsigned code, unsigned mods); /* ui_key_press */
    /* A character (Unicode), with KBD_MOD_ALT for Alt+character: ui_key_unicode */
    void (*character)(void *ctx, uint32_t u, unsigned mods);
    void (*quit)(void *ctx); /* Ctrl-F12 */
    /* xterm mouse report (SGR, 1006): cell (0-based), button 0 left,
     * 1 middle, 2 right (-1: none, a plain motion), pressed or released. */
    void (*mouse)(void *ctx, unsigned col, unsigned row, int button, bool down);
    void *ctx;
    void (*swap)(void *ctx); /* Ctrl-F4: next disk */
};

#define TI_MAX_SEQ 32
/* A lone ESC is the Esc key once no more bytes follow within this time. */
#define TI_ESC_TIMEOUT_NS 30000000u

struct term_input {
    uint8_t seq[TI_MAX_SEQ]; /* an escape sequence or UTF-8 character in progress */
    size_t n;
    uint64_t since_ns; /* when the partial sequence started */
};

/* Parse n bytes received at now_ns. */
void ti_feed(struct term_input *t, const struct ti_sink *s, const uint8_t *p, size_t n,
             uint64_t now_ns);
/* Resolve a partial sequence that has waited long enough (a lone Esc). */
void ti_idle(struct term_input *t, const struct ti_sink *s, uint64_t now_ns);
bool ti_partial(const struct term_input *t);

#endif
