/* What the screen shows, for the frontends: a text snapshot (cells,
 * colours, cursor) and an RGB frame drawn with the VGA character generator.
 * Both read guest video RAM and the VGA registers; neither changes them. */
#ifndef UNIDOS_VIDEO_RENDER_H
#define UNIDOS_VIDEO_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus/mem.h"
#include "video/vga.h"

#define VID_TEXT_MAX_COLS 132
#define VID_TEXT_MAX_ROWS 60
#define VID_FRAME_MAX_W 1188 /* 132 columns of 9 dots (VESA: 1024) */
#define VID_FRAME_MAX_H 768

/* Cursor blinks every 16 frames, blinking characters every 32 (VGA). */
#define VID_CURSOR_BLINK_FRAMES 16
#define VID_CHAR_BLINK_FRAMES 32

struct vid_text {
    unsigned cols, rows, char_height;
    uint16_t cell[VID_TEXT_MAX_COLS * VID_TEXT_MAX_ROWS]; /* char | attr << 8 */
    unsigned cursor_col, cursor_row;
    bool cursor_visible; /* enabled and on screen (blink phase not applied) */
    bool blink;          /* attribute bit 7 blinks (else bright background) */
    bool graphics;       /* a graphics mode: no cells */
    uint32_t rgb[16];    /* attribute colour -> 0x00RRGGBB */
    unsigned codepage;   /* of the characters (the ROM font's, base/codepage.h) */
};

/* Pixels are 0x00RRGGBB, row after row. */
struct vid_frame {
    unsigned width, height;
    uint32_t px[VID_FRAME_MAX_W * VID_FRAME_MAX_H];
};

/* Blink phases for a frame: computed from the frame number, or forced on
 * (cursor drawn, blinking text shown) for reproducible screenshots. */
struct vid_phase {
    bool cursor_on, text_on;
};
struct vid_phase vid_phase_at(uint64_t now_ns, uint64_t frame_ns);
#define VID_PHASE_STILL ((struct vid_phase){true, true})

void vid_text_snapshot(const struct vga *v, const struct mem *m, struct vid_text *t);
/* The same without the mouse pointer: the cells as video RAM holds them;
 * or as copy holds them (VGA_WATCH_BYTES from VGA_WATCH_LIN: vga_watched). */
void vid_text_read(const struct vga *v, const struct mem *m, struct vid_text *t);
void vid_text_read_copy(const struct vga *v, const uint8_t *copy, struct vid_text *t);
/* Only rows [row0, row1) of the cells (the shape and cursor in full). */
void vid_text_read_rows(const struct vga *v, const struct mem *m, struct vid_text *t,
                        unsigned row0, unsigned row1);
void vid_render(const struct vga *v, const struct mem *m, struct vid_phase ph,
                struct vid_frame *f);
/* Redraw only text rows [row0, row1) of a frame vid_render drew before
 * (same mode). */
void vid_render_rows(const struct vga *v, const struct mem *m, struct vid_phase ph,
                     struct vid_frame *f, unsigned row0, unsigned row1);

/* in scaled to the 4:3 shape a monitor shows (320x200 -> 320x240,
 * 640x350 -> 640x480), repeating lines (nearest neighbour); a frame that
 * is 4:3 already is copied. */
void vid_frame_aspect(const struct vid_frame *in, struct vid_frame *out);

/* The text of the screen as UTF-8 lines, trailing blanks removed, one
 * "\n" per row. Returns the length written (always NUL-terminated). */
size_t vid_text_dump(const struct vid_text *t, char *out, size_t cap);

#endif
