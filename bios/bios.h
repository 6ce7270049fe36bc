/* The BIOS: data area, ROM, and the services of INT 08h-1Ah that every
 * program needs. Video and keyboard detail grow in their own files. */
#ifndef UNIDOS_BIOS_BIOS_H
#define UNIDOS_BIOS_BIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bios/intr.h"
#include "bios/kbd_layout.h"
#include "bus/mem.h"
#include "hw/clock.h"
#include "hw/pic.h"
#include "hw/pit.h"
#include "hw/xmem.h"
#include "hw/cmos.h"
#include "hw/kbc.h"
#include "video/vga.h"

struct bios;


/* Where the console meets the host; supplied by the frontend. */
struct bios_host {
    /* Bytes the guest shows on the console (teletype output). */
    void (*con_write)(void *ctx, const uint8_t *buf, size_t n);
    /* Move waiting host input into the keyboard buffer (bios_key_push).
     * Return false once no more input can ever arrive. */
    bool (*kbd_poll)(void *ctx);
    /* The guest rebooted or jumped to the reset vector. */
    void (*reboot)(void *ctx);
    void *ctx;
};

struct bios_config {
    int64_t wall_start; /* local time at start, seconds since 1970 as if UTC */
    uint32_t ext_kb;    /* extended memory above 1 MiB, KiB (HMA included) */
    struct vga *vga;    /* the video card the INT 10h services program */
    struct kbc *kbc;    /* the 8042 INT 09h reads scan codes from */
    struct cmos *cmos;  /* RTC: periodic interrupt for INT 15h 86h waits */
    struct pic *pic;    /* IRQ 12 for the mouse driver (NULL: no mouse events) */
};

struct bios *bios_new(struct mem *m, struct intr *ir, struct vclock *clk,
                      const struct bios_config *cfg, const struct bios_host *host);
void bios_free(struct bios *b);

/* INT 13h serves the disk images mounted in f (and the equipment word
 * and BDA count their floppies and hard disks). */
struct fs;
void bios_disk_attach(struct bios *b, struct fs *f);

/* Keyboard buffer: key = ASCII | scan code << 8. Push returns false when full. */
bool bios_key_push(struct bios *b, uint16_t key);
/* 1 and *key set when a key is available (removed when take), 0 when none
 * yet, -1 when none will ever come (input ended). */
int bios_key_get(struct bios *b, bool take, uint16_t *key);

/* The BIOS key word (ASCII | scan code << 8) a US keyboard produces for an
 * ASCII character; 0 when no key types it. */
uint16_t bios_ascii_key(uint8_t ch);

/* The national keyboard INT 09h translates for (kbd_layout.h; the US one
 * at start) and the code page of the characters it makes, which is also
 * the code page of the screen font: setting it loads that font (437 or
 * 850) as DISPLAY.SYS would, now and at every mode set. */
void bios_set_keyboard(struct bios *b, const struct kbd_layout *l);
const struct kbd_layout *bios_keyboard(const struct bios *b);
void bios_set_codepage(struct bios *b, unsigned cp);
/* Caps Lock is on (BDA 17h): a letter typed on the host needs the other
 * Shift state. */
bool bios_caps_lock(struct bios *b);
unsigned bios_codepage(const struct bios *b);

/* Process one scan code byte as INT 09h does (shift states, key words
 * into the buffer). */
void bios_kbd_scancode(struct bios *b, uint8_t code);

/* Keys waiting in the type-ahead buffer, and keys read from it so far
 * (frontends hold back input while a program that reads keys lags). */
unsigned bios_key_buffered(struct bios *b);
uint64_t bios_keys_taken(const struct bios *b);
/* Times a program looked for a key (read or peek) and found none: a
 * program polling the keyboard is waiting for input. */
uint64_t bios_key_misses(const struct bios *b);

/* A program read the keyboard port (60h) itself; fresh: a new byte was
 * there. For the idle detector. */
void bios_kbd_port_read(struct bios *b, bool fresh);

/* Discard type-ahead (without asking the host for more). */
void bios_key_flush(struct bios *b);

/* ---- the INT 33h mouse driver (bios/mouse.c) ---- */

/* Mouse buttons as INT 33h reports them. */
#define BIOS_MOUSE_LEFT 0x01
#define BIOS_MOUSE_RIGHT 0x02
#define BIOS_MOUSE_MIDDLE 0x04

/* Host mouse input: motion in mickeys (relative) or a position in the
 * driver's virtual screen coordinates (absolute), and the buttons held
 * now. Position, counters and button statistics change at once; a program
 * event handler (INT 33h 0Ch) is called from IRQ 12 in guest time. */
void bios_mouse_input(struct bios *b, int x, int y, bool absolute, unsigned buttons);
/* The virtual screen of the current video mode (640x200 in most). */
void bios_mouse_extent(struct bios *b, unsigned *width, unsigned *height);
/* True once the program reset the driver (INT 33h 00h or 21h): it wants a mouse. */
bool bios_mouse_used(const struct bios *b);
/* True while mouse events wait for the program's handler. */
bool bios_mouse_busy(const struct bios *b);

/* Teletype output of n bytes (INT 10h 0Eh semantics). */
void bios_tty_write(struct bios *b, const uint8_t *buf, size_t n);

/* Wall-clock time now, broken down (local time; fixed in deterministic mode). */
struct bios_time {
    int year, month, day, wday, hour, min, sec, centi;
};
void bios_wall_time(struct bios *b, struct bios_time *t);
/* Shift the wall clock (DOS set date/time) by delta seconds. */
void bios_wall_adjust(struct bios *b, int64_t delta_s);

/* Physical memory above 1 MiB, for block moves (hw/xmem.h). */
struct xmem *bios_xmem(struct bios *b);
/* An XMS driver took extended memory over: INT 15h 88h reports 0 KiB from
 * now on, as under HIMEM.SYS. */
void bios_ext_claim(struct bios *b);

/* True once a program waited for a key after input had ended. */
bool bios_input_starved(const struct bios *b);

/* ---- idle detection (bios/idle.c) ---- */

/* What a service looked for and did not find. */
enum bios_poll {
    BIOS_POLL_INPUT, /* a key, a byte, a mouse change: none yet */
    BIOS_POLL_ENDED, /* the same, and none can ever come (input ended) */
    BIOS_POLL_CLOCK, /* the time: the program may wait for a time-out */
    BIOS_POLL_YIELD, /* "nothing to do" (INT 2Fh 1680h, INT 28h...) */
};
/* A program asked and found nothing new. Polls close together in guest
 * work make a wait: the slice ends and the run loop idles (intr_idle). */
void bios_poll_empty(struct bios *b, enum bios_poll kind);
/* The CPU spins reading the tick count from memory and nothing else can
 * change until the next interrupt (cpu_tick_wait): idle now. Not in
 * deterministic runs, whose rule stays as it is. */
void bios_tick_wait(struct bios *b);
/* The program got what it polled for: it is not waiting. */
void bios_poll_hit(struct bios *b);
/* The program's wait is a look for input that can no longer come: its
 * idle time may be skipped rather than slept. */
bool bios_waits_for_ended_input(const struct bios *b);
/* Idle periods detected so far (for tests and --trace). */
uint64_t bios_idle_count(const struct bios *b);

#endif
