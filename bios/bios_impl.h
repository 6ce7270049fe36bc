/* Internal state shared by the bios/ service files. Not for other modules. */
#ifndef UNIDOS_BIOS_BIOS_IMPL_H
#define UNIDOS_BIOS_BIOS_IMPL_H

#include "bios/bios.h"
#include "bios/kbd_layout.h"
#include "fs/fs.h"
#include "hw/kbc.h"
#include "video/vga.h"

#define BIOS_CODEPAGE_DEFAULT 437 /* base/codepage.h CODEPAGE_437 */
/* The idle detector's state (bios/idle.c). */
struct bios_idle {
    unsigned streak;         /* empty polls in a row, each close to the last */
    uint64_t last_blocks;    /* clock_blocks() at the last one */
    uint64_t last_busy;      /* intr_busy_services() then */
    uint64_t shown;          /* what the screen showed then (hash of it) */
    bool shown_known;        /* ...when it was looked at */
    uint64_t ended_since_ns; /* machine time + 1 looks at ended input began; 0: not */
    uint64_t ended_blocks;   /* clock_blocks() at the last such look */
    uint64_t idles;          /* idle periods so far */
    uint64_t last_miss_ns;   /* deterministic rule: the last empty keyboard look */
};

struct bios {
    struct mem *mem;
    struct intr *intr;
    struct vclock *clk;
    struct bios_host host;
    int64_t wall_start;  /* seconds, local time as if UTC */
    int64_t wall_adjust; /* set date/time offsets, seconds */
    struct xmem *xmem;   /* memory above 1 MiB (INT 15h 87h/88h) */
    bool ext_claimed;    /* an XMS driver owns extended memory: 88h says 0 */
    bool input_ended;
    bool input_starved;
    uint64_t key_misses; /* a program asked for a key and none was there */
    struct bios_idle idle;
    uint16_t shift_polled;                 /* shift flags INT 16h 02h/12h returned last */
    struct vga *vga;                       /* NULL in unit tests without video */
    struct kbc *kbc;                       /* NULL without a keyboard controller */
    struct cmos *cmos;                     /* NULL without an RTC */
    uint64_t keys_taken;                   /* keys read from the buffer so far */
    uint8_t kbd_e1_left;                   /* bytes of a Pause sequence still to skip */
    uint32_t vram_dirty_lo, vram_dirty_hi; /* [lo, hi) of the text window the BIOS wrote */
    uint16_t vbe_mode;                     /* the VESA mode set by 4F02h, 0 in standard modes */
    uint16_t vbe_window_fn;                /* ROM offset of the VESA window function */
    struct pic *pic;                       /* NULL without interrupt controllers (unit tests) */
    struct mouse *mouse;                   /* the INT 33h driver (bios/mouse.c) */
    const struct kbd_layout *layout;       /* what INT 09h makes of keys (bios_set_keyboard) */
    unsigned codepage;                     /* of the characters it makes and of the ROM fonts */
    uint16_t dead; /* the accent of a dead key pressed last (Unicode), or 0 */
    struct fs *fs; /* drives: image drives are INT 13h disks (NULL: none) */
};

/* bios/idle.c: an empty read or peek of the keyboard buffer. */
void bios_key_missed(struct bios *b);

/* The INT 33h driver: install, and hear about video mode changes. */
void bios_mouse_init(struct bios *b);
void bios_mouse_free(struct bios *b);
void bios_mouse_mode_changed(struct bios *b);

void bios_time_init(struct bios *b);
void bios_int15_init(struct bios *b, uint32_t ext_kb);
void bios_video_init(struct bios *b);
void bios_kbd_init(struct bios *b);
void bios_int09_init(struct bios *b);
void bios_disk_init(struct bios *b);
/* INT 15h AH=86h: wait CX:DX microseconds on the RTC periodic interrupt. */
void bios_int15_wait(struct bios *b, struct intr_call *ic);

#endif
