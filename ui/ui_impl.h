/* The frontends' shared state, for ui/ui*.c only: ui.c (selection, the
 * auto switch, input into the 8042), ui_frame.c (frames and screenshots),
 * ui_console.c (the inline console, the window as the console). */
#ifndef UNIDOS_UI_UI_IMPL_H
#define UNIDOS_UI_UI_IMPL_H

#include "ui/inputlog.h"
#include "ui/keyscript.h"
#include "ui/ui.h"

#define PENDING_BYTES 8192

struct ui {
    struct ui_config cfg;
    struct hostio *hio;
    struct mem *mem;
    struct vga *vga;
    struct kbc *kbc;
    struct bios *bios;
    struct vclock *clk;
    struct ui_frontend fe;
    bool fe_open;
    bool inl;                   /* the inline console has the terminal */
    bool window_console;        /* ui_window_console() */
    unsigned keys_down;         /* host key presses so far */
    bool quit_seen;             /* the user asked to quit (also when logged) */
    bool armed;                 /* auto: waiting for the program to use the screen */
    bool use_seen;
    bool quit;
    bool swap;                  /* Ctrl-F4 pressed, not yet acted on */
    uint64_t polled_ns;         /* host time of the last frontend poll */
    struct keyscript ks;
    uint64_t ks_wait_until;     /* clock time a {wait:} step ends */
    bool more_input;            /* a script may still type */
    struct inputlog *il;        /* deterministic runs: host input at input points */
    uint64_t point;             /* input points so far (ui_update calls) */
    uint8_t pending[PENDING_BYTES];  /* scan codes the 8042 had no room for */
    size_t npending;
    uint64_t keys_taken_seen, reader_seen_ns, hold_since_ns;
    struct vid_text *text;
    struct vid_frame *frame;    /* allocated when pixels are first needed */
    struct vid_text *shown;     /* what the pixel frontend shows */
    struct vid_phase shown_phase;
    struct vid_frame *prev;     /* graphics: the picture shown last */
    bool shown_graphics;
    uint64_t shown_gen;         /* vga_generation() of that picture */
    unsigned mouse_buttons;
    unsigned ctrl_c_unread;     /* Ctrl-Cs typed since a program last read a key */
    uint64_t ctrl_c_since_ns, ctrl_c_taken;
};

/* ui.c */

/* Show the screen now (force: all of it). */
void ui_present(struct ui *u, uint64_t now_ns, bool force);
/* The VGA's frame callback while a frontend is open. */
void ui_on_frame(void *ctx, uint64_t now_ns);

/* ui_console.c */
uint64_t ui_host_ns(void);
/* Take the terminal for the inline console when stdin and stdout are
 * one (not for scripts and replays); give it back. */
void ui_inline_start(struct ui *u);
void ui_inline_stop(struct ui *u);
bool ui_window_console_wanted(const struct ui_config *c);
/* While it has the terminal: read what is there without blocking (keys
 * into u); sleep up to ns, true when input arrived; ended: the terminal
 * hung up. */
void ui_inline_poll(struct ui *u);
bool ui_inline_wait(uint64_t ns);
bool ui_inline_ended(void);

#endif
