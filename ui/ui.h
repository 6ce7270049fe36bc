/* Frontends: what the user sees and types. Console passthrough (stdout/
 * stdin), a full-screen terminal, an SDL2 window, or nothing (headless),
 * chosen by --ui; "auto" stays in passthrough until the program uses the
 * screen. Input from every frontend and from key scripts goes the same way
 * as a real keyboard's: scan codes into the 8042, IRQ1, INT 09h. */
#ifndef UNIDOS_UI_UI_H
#define UNIDOS_UI_UI_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "ui/hostio.h"
#include "ui/scale.h"
#include "bios/bios.h"
#include "bios/kbd_layout.h"
#include "bus/mem.h"
#include "cpu/cpu.h"
#include "hw/kbc.h"
#include "video/render.h"
#include "video/vga.h"

struct ui;

enum ui_kind { UI_AUTO, UI_WINDOW, UI_TERM, UI_HEADLESS };

/* --screen-text: what the command-line user gets of the screen's text
 * once the program uses the screen (docs/manual.md). */
enum ui_screen_text {
    UI_TEXT_AUTO,   /* stdout a file or pipe: the stream; a terminal: inline, or the
                         * last screen after a full-screen frontend; scripts: off */
    UI_TEXT_STREAM, /* rows on stdout as they leave the screen, the rest at the end */
    UI_TEXT_FINAL,  /* the last screen's rows at the end */
    UI_TEXT_OFF,    /* console passthrough only */
};

struct ui_config {
    enum ui_kind kind;
    const char *title;       /* window title: the program name */
    const char *screen_dump; /* --screen-dump: text of the screen at exit */
    const char *screenshot;  /* --screenshot: PNG of the screen at exit */
    const char *keys;        /* --keys: typed when the program waits for input */
    bool screenshot_aspect;  /* --screenshot-aspect: 4:3 rather than native size */
    bool deterministic;      /* host input is taken only between slices */
    const char *record;      /* --record: log host input (ui/inputlog.h) */
    const char *replay;      /* --replay: input from a log instead of the host */
    bool script_input;       /* the keyboard gets script keys only, never stdin */
    bool prompt_only;        /* no program and no -c: the bare DOS prompt */
    bool fullscreen;         /* --fullscreen: the window opens fullscreen */
    enum ui_scale scale;     /* --scale */
    enum ui_filter filter;   /* --filter */
    bool no_aspect;          /* --aspect off: square pixels */
    enum ui_screen_text screen_text;
    const char *shot_dir; /* --screenshot-dir: where Ctrl-F5 saves (ui/shotname.h) */
};

/* Key codes: set-1 make codes; UI_KEY_E0 | code for the E0-prefixed grey
 * keys. Modifiers (KBD_MOD_*) are held around a pressed key. */
#define UI_KEY_E0 0x100u
#define UI_KEY_PAUSE 0x200u

/* ---- what a frontend implements ---- */

/* What a frame shows. text is always there (in graphics modes it says
 * so); frame (the picture as RGB pixels, at the mode's native resolution)
 * when the frontend asked for pixels, and in graphics modes. */
struct ui_screen {
    const struct vid_text *text;
    const struct vid_frame *frame;
    unsigned dirty_y0, dirty_y1; /* frame lines that changed since the last one */
    uint64_t now_ns;
    uint8_t mode; /* BIOS video mode (BDA), for messages */
    bool mouse;   /* the program uses the mouse */
};

struct ui_frontend_ops {
    const char *name;
    bool wants_pixels; /* present() needs frame; else only text */
    /* Take over the display; false (after a warning) when it cannot. */
    bool (*open)(void *self, struct ui *u, const char *title);
    void (*close)(void *self);
    void (*present)(void *self, const struct ui_screen *s);
    /* Move host input into u (ui_key_*) without blocking. */
    void (*poll)(void *self, struct ui *u);
    /* Sleep up to ns, returning early (true) when input arrives. */
    bool (*wait)(void *self, uint64_t ns);
    /* Show a new title (optional). */
    void (*set_title)(void *self, const char *title);
    /* Show the machine's state after the title: "speed 386, volume 50%",
     * or "" (optional). */
    void (*set_status)(void *self, const char *status);
};

struct ui_frontend {
    const struct ui_frontend_ops *ops;
    void *self;
};

/* The frontends (ui/ui_term.c, ui/ui_sdl.c). */
struct ui_frontend ui_term_frontend(void);
struct ui_frontend ui_sdl_frontend(void);
bool ui_sdl_display_present(void);

/* ---- the machine's settings from the window's keys ---- */

/* What a host key asks of the machine; it answers with ui_set_status. */
enum ui_action { UI_ACT_SLOWER, UI_ACT_FASTER, UI_ACT_QUIETER, UI_ACT_LOUDER, UI_ACT_MUTE };
struct ui_controls {
    void (*act)(void *ctx, enum ui_action a);
    /* The window found the host's keyboard layout ("de", kbd_layout.h). */
    void (*host_layout)(void *ctx, const char *name);
    void *ctx;
};
void ui_set_controls(struct ui *u, const struct ui_controls *c);
/* From frontends: a host key for a setting was pressed; the host's layout. */
void ui_action(struct ui *u, enum ui_action a);
void ui_host_layout(struct ui *u, const char *name);
/* The settings to show beside the title ("" for none), now and in any
 * frontend opened later. */
void ui_set_status(struct ui *u, const char *status);

/* ---- input from frontends and scripts ---- */
void ui_key_event(struct ui *u, unsigned code, bool down);
void ui_key_press(struct ui *u, unsigned code, unsigned mods);
/* A character typed on the host (Unicode), with KBD_MOD_ALT for
 * Alt+character: keyed as the machine's keyboard layout types it (a dead
 * key and a letter for an accented one, AltGr...), or stored in the BIOS
 * buffer in the code page when no key types it. */
void ui_key_unicode(struct ui *u, uint32_t c, unsigned mods);
/* The presses that type c on the machine's layout now (Caps Lock taken
 * into account), for frontends that hold keys: 0 when no key does. */
size_t ui_char_strokes(struct ui *u, uint32_t c, struct kbd_stroke st[KBD_MAX_STROKES]);
/* The user closed the window or pressed the quit key. */
void ui_request_quit(struct ui *u);
/* The user pressed the disk swap key (Ctrl-F4); true once per press. */
void ui_request_swap(struct ui *u);
bool ui_take_swap(struct ui *u);
/* Ctrl-C typed on a terminal in raw mode: the key, for DOS. The third one
 * in a row that no program reads (over a second) stops unidos, as Ctrl-C
 * stops a host program: a runaway program cannot keep the terminal. */
void ui_key_ctrl_c(struct ui *u);

/* Mouse input, the one entry point for frontends and scripts: motion in
 * mickeys (relative) or a position in INT 33h virtual coordinates
 * (absolute), and the buttons held now (BIOS_MOUSE_*). */
struct ui_mouse {
    int x, y;
    bool absolute;
    unsigned buttons;
};
void ui_mouse_input(struct ui *u, const struct ui_mouse *m);
/* The buttons held now, for frontends that report changes one by one. */
unsigned ui_mouse_buttons(const struct ui *u);
/* The mouse driver's virtual screen (for scaling host motion). */
void ui_mouse_extent(struct ui *u, unsigned *width, unsigned *height);

/* Save the picture as PNG at the mode's native resolution, or scaled to
 * 4:3 (aspect). Same input, same bytes. Returns 0 or -errno. */
int ui_screenshot(struct ui *u, const char *path, bool aspect);

/* ---- what the machine calls ---- */
struct ui *ui_new(const struct ui_config *cfg, struct hostio *hio);
void ui_free(struct ui *u);
void ui_attach(struct ui *u, struct mem *mem, struct vclock *clk, struct vga *vga,
               struct kbc *kbc, struct bios *bios);
/* The CPU, for looks at the screen between slices (none inside a REP
 * MOVS/STOS: a copy would be seen part way). */
void ui_attach_cpu(struct ui *u, struct cpu *cpu);
/* Open an explicitly chosen frontend, or arm the auto switch. Returns
 * false when the chosen frontend cannot start. */
bool ui_start(struct ui *u);
/* Started from a desktop (no terminal, nothing on stdin, nobody reading
 * stdout) with a display, or --ui window without a terminal: the window
 * opens at once and is the console, DOS's standard handles included
 * (ui/ui_console.c). Decided in ui_new. */
bool ui_window_console(const struct ui *u);
/* After the run, the window being the console: keep it open with the last
 * screen until a key, the close button or a signal (*stop set by its
 * handler), unless the user ended the run or it was the bare prompt. */
void ui_linger(struct ui *u, int status, const volatile sig_atomic_t *stop);
/* True while a screen frontend owns the console, or the screen is drawn
 * inline: console output on a terminal goes to the screen. */
bool ui_on_screen(const struct ui *u);
/* Console output the BIOS drew (teletype, CON): to the host's stream fd
 * while console output passes through. */
void ui_console_write(struct ui *u, int fd, const uint8_t *buf, size_t n);
/* Output that is not the console's (DOS output to a redirected stdout,
 * to stderr): to the host's stream fd. */
void ui_output_write(struct ui *u, int fd, const void *buf, size_t n);
/* False when typed text reaches the machine as keys (a frontend, the
 * inline console): then DOS echoes it. True for a terminal in its own
 * line mode, which shows what is typed itself. */
bool ui_host_echoes(const struct ui *u);
/* A program read port 60h itself (a use of the screen's keyboard). */
void ui_note_direct_keyboard(struct ui *u);
/* A program polls the 8042's status for a key: script keys may be typed. */
void ui_note_keyboard_poll(struct ui *u);
/* Between CPU slices: switch frontends if due, collect input. */
void ui_update(struct ui *u);
/* BIOS kbd_poll: move waiting input to the keyboard. False once no input
 * can ever come. */
bool ui_kbd_poll(struct ui *u);
/* Idle until ns passed or input arrived. */
void ui_wait(struct ui *u, uint64_t ns, bool want_input);
bool ui_quit_requested(const struct ui *u);
/* Save --screen-dump/--screenshot, restore the display. Returns 0 or a
 * process exit status when a file could not be written. */
int ui_finish(struct ui *u);

/* ---- what scripts use (harness/script_run.c) ---- */
/* Add key-script text to type after what is queued; false (why filled)
 * on a syntax error. */
bool ui_type(struct ui *u, const char *text, char *why, size_t why_cap);
/* Everything typed was read: no script step, scan code or buffered key left. */
bool ui_input_consumed(struct ui *u);
/* Typed scan codes wait for room in the 8042, and it has room: the run
 * loop hands them over before it sleeps. */
bool ui_input_due(const struct ui *u);
/* A script may still type: a program waiting for keys is not starved. */
void ui_set_more_input(struct ui *u, bool more);
/* True when the host may deliver input while the guest idles (a window,
 * a terminal, a terminal on stdin): then idling sleeps for real. */
bool ui_host_input_possible(const struct ui *u);
/* The text screen now (valid until the next call). */
const struct vid_text *ui_screen_text(struct ui *u);
/* Ctrl-F5: save the picture in a new file named after the program and the
 * time (ui/shotname.h), and say where on stderr. */
void ui_save_shot(struct ui *u);
/* Save the screen now: as a PNG (what --screenshot saves), or as UTF-8
 * text (--screen-dump). Return 0 or -errno. */
int ui_save_png(struct ui *u, const char *path);
int ui_save_text(struct ui *u, const char *path);

#endif
