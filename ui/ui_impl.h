/* The frontends' shared state, for ui/ui*.c only: ui.c (selection, the
 * auto switch, input into the 8042), ui_frame.c (frames and screenshots),
 * ui_console.c (the inline console, the window as the console). */
#ifndef UNIDOS_UI_UI_IMPL_H
#define UNIDOS_UI_UI_IMPL_H

#include "ui/inputlog.h"
#include "ui/keyscript.h"
#include "ui/ui.h"

#define PENDING_BYTES 8192
/* In the pending bytes: the next byte is a character for the BIOS buffer
 * (00h is the keyboard's overrun code, which no key sends). */
#define PENDING_CHAR 0x00
#define PENDING_CHAR_BYTES 2

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
    bool inl;            /* the inline console has the terminal */
    bool window_console; /* ui_window_console() */
    unsigned keys_down;  /* host key presses so far */
    bool quit_seen;      /* the user asked to quit (also when logged) */
    bool armed;          /* auto: waiting for the program to use the screen */
    bool use_seen;
    bool quit;
    bool swap;          /* Ctrl-F4 pressed, not yet acted on */
    uint64_t polled_ns; /* host time of the last frontend poll */
    struct keyscript ks;
    uint64_t ks_wait_until;         /* clock time a {wait:} step ends */
    bool more_input;                /* a script may still type */
    struct inputlog *il;            /* deterministic runs: host input at input points */
    uint64_t point;                 /* input points so far (ui_update calls) */
    uint8_t pending[PENDING_BYTES]; /* scan codes the 8042 had no room for */
    size_t npending;
    uint64_t keys_taken_seen, reader_seen_ns, hold_since_ns;
    uint64_t updates, reader_seen_update, hold_since_update; /* ui_update calls */
    struct vid_text *text;
    struct vid_frame *frame; /* allocated when pixels are first needed */
    struct vid_text *shown;  /* what the pixel frontend shows */
    struct vid_phase shown_phase;
    struct vid_frame *prev; /* graphics: the picture shown last */
    bool shown_graphics;
    uint64_t shown_gen; /* vga_generation() of that picture */
    unsigned mouse_buttons;
    struct ui_controls ctl; /* the machine's settings (ui_set_controls) */
    char status[96];        /* ui_set_status */
    unsigned ctrl_c_unread; /* Ctrl-Cs typed since a program last read a key */
    uint64_t ctrl_c_since_ns, ctrl_c_taken;
    struct cpu *cpu;        /* NULL: none (tests) */
    struct ui_text *txt;    /* the screen's text for stdout or the terminal; NULL: off */
    uint64_t console_bytes; /* console output passed through to the host */
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

/* What a standard stream is: a terminal, another character device (the
 * null device), a socket (the journal), a file or a pipe (data). */
enum ui_fd_kind { UI_FD_CLOSED, UI_FD_TERMINAL, UI_FD_DEVICE, UI_FD_SOCKET, UI_FD_DATA };
enum ui_fd_kind ui_fd_kind(int fd);

/* ui_text.c: the screen's text for the command-line user */
/* Choose from the configuration and stdout (in ui_new). */
void ui_text_init(struct ui *u);
void ui_text_free(struct ui *u);
/* Something is to be done with the screen's text: watch for its use. */
bool ui_text_on(const struct ui *u);
/* Attached and started (after frontends opened at the start). */
void ui_text_start(struct ui *u);
/* The program used the screen (from the VGA's watch); true when the
 * screen is to be looked at right after the current call. */
bool ui_text_use(struct ui *u, enum vga_use use);
/* Between slices (at every input point, the same in every run): what
 * left the screen; inline, draw what changed (at most every few
 * milliseconds). */
void ui_text_update(struct ui *u);
/* Inline, draw what was last seen (now: whatever the time); host time
 * only: nothing the guest sees changes. */
void ui_text_show(struct ui *u, bool now);
/* The screen is the source: console output no longer passes through. */
bool ui_text_active(const struct ui *u);
/* The screen is drawn inline in the terminal. */
bool ui_text_drawing(const struct ui *u);
/* Other output goes to stdout now (ui_output_write). */
void ui_text_interleave(struct ui *u);
/* The run ended (frontends closed): the last rows. */
void ui_text_finish(struct ui *u);

#endif
