/* The VGA card's registers behind ports 3B4h-3DFh: CRTC, sequencer,
 * graphics controller, attribute controller and DAC, with the character
 * generator RAM (plane 2 fonts) and retrace timing from the machine clock.
 * The BIOS programs it through this API; programs through the ports. The
 * renderer reads the same state, so both paths show on screen. */
#ifndef UNIDOS_VIDEO_VGA_H
#define UNIDOS_VIDEO_VGA_H

#include <stdbool.h>
#include <stdint.h>

#include "bus/mem.h"
#include "hw/clock.h"
#include "bus/io.h"
#include "hw/sched.h"

struct vga;

/* I/O ports (IBM VGA Technical Reference; RBIL PORTS.B). */
#define VGA_PORT_CRTC_MONO 0x3B4   /* CRTC index; data at +1 */
#define VGA_PORT_STATUS_MONO 0x3BA /* input status 1 (mono) */
#define VGA_PORT_ATTR 0x3C0        /* attribute controller index/data (flip-flop) */
#define VGA_PORT_ATTR_READ 0x3C1
#define VGA_PORT_MISC_WRITE 0x3C2 /* misc output; reads input status 0 */
#define VGA_PORT_SEQ 0x3C4        /* sequencer index; data at +1 */
#define VGA_PORT_PEL_MASK 0x3C6
#define VGA_PORT_DAC_READ 0x3C7  /* write: read index; read: DAC state */
#define VGA_PORT_DAC_WRITE 0x3C8 /* write index */
#define VGA_PORT_DAC_DATA 0x3C9
#define VGA_PORT_FEATURE_READ 0x3CA
#define VGA_PORT_MISC_READ 0x3CC
#define VGA_PORT_GC 0x3CE        /* graphics controller index; data at +1 */
#define VGA_PORT_CRTC 0x3D4      /* CRTC index (colour); data at +1 */
#define VGA_PORT_CGA_MODE 0x3D8  /* CGA mode control */
#define VGA_PORT_CGA_COLOR 0x3D9 /* CGA colour select */
#define VGA_PORT_STATUS 0x3DA    /* input status 1 (colour) */

/* CRTC registers. */
#define VGA_CRTC_HDISP_END 0x01 /* characters per row - 1 */
#define VGA_CRTC_OVERFLOW 0x07
#define VGA_CRTC_MAX_SCAN 0x09     /* bits 0-4: character height - 1; bit 7: double scan */
#define VGA_CRTC_CURSOR_START 0x0A /* bit 5: cursor off */
#define VGA_CRTC_CURSOR_END 0x0B
#define VGA_CRTC_START_HI 0x0C
#define VGA_CRTC_START_LO 0x0D
#define VGA_CRTC_CURSOR_HI 0x0E
#define VGA_CRTC_CURSOR_LO 0x0F
#define VGA_CRTC_VDISP_END 0x12 /* low 8 bits of displayed lines - 1 */
#define VGA_CRTC_OFFSET 0x13    /* words per row / 2 */
#define VGA_CRTC_UNDERLINE 0x14
#define VGA_CRTC_PRESET_ROW 0x08
#define VGA_CRTC_VRETRACE_START 0x10
#define VGA_CRTC_VRETRACE_END 0x11
#define VGA_CRTC_MODE 0x17 /* bit 0: no CGA interleave; bit 6: byte mode */
#define VGA_CRTC_LINE_COMPARE 0x18
#define VGA_CRTC_REGS 0x19

#define VGA_CURSOR_OFF 0x20

/* Attribute controller registers. */
#define VGA_ATTR_PALETTE_REGS 16
#define VGA_ATTR_MODE 0x10 /* bit 3: blink (else bright background) */
#define VGA_ATTR_OVERSCAN 0x11
#define VGA_ATTR_PLANE_ENABLE 0x12
#define VGA_ATTR_HPAN 0x13
#define VGA_ATTR_COLOR_SELECT 0x14
#define VGA_ATTR_REGS 0x15
#define VGA_ATTR_MODE_BLINK 0x08
#define VGA_ATTR_MODE_LGE 0x04  /* line graphics enable */
#define VGA_ATTR_INDEX_PAS 0x20 /* palette address source: display on */

#define VGA_ATTR_MODE_GRAPHICS 0x01
#define VGA_ATTR_MODE_8BIT 0x40 /* 256 colours: two dots per pixel */

#define VGA_SEQ_CLOCKING 0x01 /* bit 0: 8-dot characters (else 9); bit 3: dot clock / 2 */
#define VGA_SEQ_MAP_MASK 0x02 /* planes a CPU write reaches */
#define VGA_SEQ_CHARMAP 0x03
#define VGA_SEQ_MEM_MODE 0x04 /* bit 2: odd/even off; bit 3: chain 4 */
#define VGA_SEQ_REGS 5
#define VGA_SEQ_MEM_ODDEVEN_OFF 0x04
#define VGA_SEQ_MEM_CHAIN4 0x08

/* Graphics controller registers (IBM VGA Technical Reference). */
#define VGA_GC_SET_RESET 0x00
#define VGA_GC_SET_RESET_ENABLE 0x01
#define VGA_GC_COLOR_COMPARE 0x02
#define VGA_GC_ROTATE 0x03 /* bits 0-2: rotate count; bits 3-4: logical op */
#define VGA_GC_READ_MAP 0x04
#define VGA_GC_MODE 0x05 /* bits 0-1 write mode, 3 read mode, 4 odd/even, 5 CGA shift, 6 256 */
#define VGA_GC_MISC 0x06 /* bit 0 graphics; bits 2-3 memory map */
#define VGA_GC_DONT_CARE 0x07
#define VGA_GC_BIT_MASK 0x08
#define VGA_GC_REGS 9
#define VGA_GC_MODE_ODDEVEN 0x10
#define VGA_GC_MODE_SHIFT_CGA 0x20
#define VGA_GC_MODE_SHIFT_256 0x40
#define VGA_GC_MISC_GRAPHICS 0x01
#define VGA_DAC_ENTRIES 256

/* Video memory: four planes of 64 KiB. */
#define VGA_PLANES 4
#define VGA_PLANE_BYTES 0x10000u
#define VGA_VRAM_BYTES (VGA_PLANES * VGA_PLANE_BYTES)

/* Character generator: 8 font blocks of 256 glyphs x 32 scan lines. */
#define VGA_FONT_BLOCKS 8
#define VGA_GLYPH_BYTES 32

/* Frame timing of the 400- and 350-line modes (VGA 70 Hz); other modes
 * derive theirs from the CRTC (480 lines: 60 Hz). */
#define VGA_FRAME_NS 14268000u /* 449 lines at 31.469 kHz */
#define VGA_LINE_NS 31778u
#define VGA_VRETRACE_LINE 412 /* vertical sync: 2 lines */
#define VGA_VRETRACE_LINES 2
#define VGA_HDISPLAY_NS 25422u /* 640 of 800 dot clocks at 25.175 MHz */

/* Text-mode layout the BIOS asks for at a mode set. */
struct vga_text_mode {
    uint8_t cols, rows, char_height;
    uint16_t scan_lines; /* 400 or 350 */
    bool mono;           /* MDA-style attributes at B000 */
    bool wide;           /* 40 columns: each dot doubled */
};

/* How a program used the screen (vga_note_use). */
enum vga_use {
    VGA_USE_TEXT,   /* text: INT 10h cursor, character, string and scroll
                         * services, video RAM written by the program */
    VGA_USE_SCREEN, /* the whole screen: mode sets, pages, palettes, fonts,
                         * pixels, VESA */
};
/* Called when a program uses the screen (see vga_watch). True: the
 * watcher wants to look at the screen right after the current call (the
 * caller ends the CPU slice). */
typedef bool vga_use_fn(void *ctx, enum vga_use use);
/* Called before the BIOS moves rows [0, rows) of the displayed text screen
 * up past its top (a window [0, bottom] over the full width scrolled, or
 * cleared: rows = bottom + 1) or erases the whole screen (a mode set). */
typedef void vga_scroll_fn(void *ctx, unsigned rows, unsigned bottom);
/* Called at the start of every frame while enabled (vga_frames), and
 * every period while looks are asked for (vga_looks). */
typedef void vga_frame_fn(void *ctx, uint64_t now_ns);

struct vga *vga_new(struct io *io, struct vclock *clk, struct mem *mem, struct sched *sched);
void vga_free(struct vga *v);

/* ---- BIOS programming interface ---- */
void vga_set_text_mode(struct vga *v, const struct vga_text_mode *tm);
/* Reprogram character height and rows after a font load (INT 10h 11h 1xh). */
void vga_set_char_height(struct vga *v, unsigned char_height, unsigned rows);
void vga_set_cursor_pos(struct vga *v, uint16_t cell_offset);
void vga_set_cursor_shape(struct vga *v, uint8_t start, uint8_t end);
void vga_set_start(struct vga *v, uint16_t cell_offset);
uint8_t vga_attr(const struct vga *v, unsigned reg);
void vga_set_attr(struct vga *v, unsigned reg, uint8_t val);
void vga_dac_get(const struct vga *v, unsigned idx, uint8_t rgb[3]);
void vga_dac_set(struct vga *v, unsigned idx, const uint8_t rgb[3]);
uint8_t vga_pel_mask(const struct vga *v);
void vga_set_pel_mask(struct vga *v, uint8_t mask);
/* Load count glyphs (bytes_per_glyph rows each) starting at first into
 * font block block. */
void vga_load_font(struct vga *v, unsigned block, unsigned first, unsigned count,
                   const uint8_t *glyphs, unsigned bytes_per_glyph);
/* The code page of the ROM font text modes load (437 at start): setting it
 * also loads that font into block 0 now when a text mode is on. */
void vga_set_codepage(struct vga *v, unsigned cp);
unsigned vga_codepage(const struct vga *v);
/* Which block the attribute bit 3 selects (sequencer reg 3), for INT 10h 1103h. */
void vga_set_charmap(struct vga *v, uint8_t map);

/* Standard graphics modes as the IBM VGA BIOS programs them: 04h-06h (CGA),
 * 0Dh-10h (EGA), 11h-13h (VGA). Registers, palette and DAC; video memory is
 * left alone (vga_clear). False for any other mode number. */
bool vga_set_gfx_mode(struct vga *v, uint8_t mode);
/* As if the CGA colour register 3D9h were written (INT 10h 0Bh in CGA modes). */
void vga_set_cga_color(struct vga *v, uint8_t val);
/* Zero all four planes. */
void vga_clear(struct vga *v);

/* The four plane bytes at plane address addr (plane p in bits 8p..8p+7),
 * and a masked store there: the BIOS draws with these, without going
 * through the graphics controller or disturbing the latches. */
uint32_t vga_planes(const struct vga *v, uint16_t addr);
void vga_set_planes(struct vga *v, uint16_t addr, uint32_t val, uint32_t mask);

/* ---- VESA BIOS Extension (video/vga_vbe.c) ---- */
#define VGA_VBE_MEM_BYTES (8u << 20)  /* reported in 4F00h; mmap'd, pages cost when used */
#define VGA_VBE_LFB_PHYS 0xE0000000u  /* linear frame buffer, physical address */
#define VGA_VBE_WINDOW_LIN 0xA0000u   /* window A, read/write */
#define VGA_VBE_WINDOW_BYTES 0x10000u /* size and granularity: 64 KiB */

struct vga_vbe_mode {
    uint16_t width, height;
    uint8_t bpp;    /* 8, 15, 16, 24 or 32 */
    uint32_t pitch; /* bytes per scan line */
};
/* Switch the display to the frame buffer in mode m (clearing it when
 * clear), window A at bank 0, the linear frame buffer mapped. False when
 * the frame buffer cannot be allocated. */
bool vga_vbe_set(struct vga *v, const struct vga_vbe_mode *m, bool clear);
/* Back to VGA scan-out (a standard mode set). */
void vga_vbe_off(struct vga *v);
bool vga_vbe_active(const struct vga *v);
const struct vga_vbe_mode *vga_vbe_mode(const struct vga *v);
void vga_vbe_set_bank(struct vga *v, uint32_t bank);
uint32_t vga_vbe_bank(const struct vga *v);
void vga_vbe_set_pitch(struct vga *v, uint32_t pitch);
/* Display start in bytes from the start of the frame buffer. */
void vga_vbe_set_start(struct vga *v, uint32_t byte_off);
uint32_t vga_vbe_start(const struct vga *v);
/* DAC width in bits per component (6 or 8; 4F08h). */
void vga_vbe_set_dac_bits(struct vga *v, unsigned bits);
unsigned vga_vbe_dac_bits(const struct vga *v);
/* The frame buffer for BIOS drawing (NULL before the first VESA mode). */
uint8_t *vga_vbe_fb(struct vga *v);

/* ---- the mouse pointer, drawn over the picture (INT 33h) ---- */
#define VGA_POINTER_SIZE 16
struct vga_pointer {
    bool visible;
    bool text; /* a cell attribute change, not a shape */
    int x, y;  /* graphics: native-frame pixel of the shape's corner */
    uint16_t screen_mask[VGA_POINTER_SIZE], cursor_mask[VGA_POINTER_SIZE]; /* AND, XOR */
    unsigned col, row;                                                     /* text: the cell */
    uint16_t text_and, text_xor; /* text: applied to char | attr << 8 */
};
void vga_set_pointer(struct vga *v, const struct vga_pointer *p);

/* Changes whenever the picture may have changed (registers, palette,
 * video memory written through the device window, the pointer). Text
 * memory and the linear frame buffer are plain RAM and not counted. */
uint64_t vga_generation(struct vga *v);
/* CPU writes through the device window so far (graphics modes; cheap to
 * read, unlike the generation with a linear frame buffer mapped). */
uint64_t vga_vram_writes(const struct vga *v);

/* ---- what the renderer reads ---- */
struct vga_view {
    unsigned cols, rows, char_height, dots; /* dots: 8 or 9 per character */
    unsigned width, height;                 /* frame in pixels */
    bool wide, mono, blink, graphics;
    bool line_graphics;               /* C0h-DFh extend into the 9th dot */
    unsigned codepage;                /* of the ROM font (vga_set_codepage) */
    uint32_t vram_lin;                /* B8000h or B0000h */
    uint16_t start, offset_words;     /* CRTC start (cells) and row pitch */
    uint16_t cursor;                  /* CRTC cursor (cells) */
    uint8_t cursor_start, cursor_end; /* scan lines; start > end: hidden */
    bool cursor_enabled;
    uint8_t underline; /* scan line, or > char height */
    uint32_t rgb[16];  /* attribute colour -> 0x00RRGGBB */
    uint32_t overscan_rgb;
    const uint8_t *font[2]; /* glyph blocks for attribute bit 3 = 0/1:
                                                   plane 2 bytes, VGA_FONT_STRIDE apart */
    bool pointer;           /* the mouse pointer is on cell */
    unsigned pointer_col, pointer_row;
    uint16_t pointer_and, pointer_xor; /* applied to char | attr << 8 */
};
#define VGA_FONT_STRIDE VGA_PLANES
void vga_view(const struct vga *v, struct vga_view *out);

/* Nanoseconds per frame of the current mode. */
uint64_t vga_frame_ns(struct vga *v);

/* ---- screen use and frames, for the frontends ---- */
/* The BIOS calls this for services that change the screen; true when
 * the watcher wants the slice ended (vga_use_fn). */
bool vga_note_use(struct vga *v, enum vga_use use);
/* Report every use of the screen to fn until vga_unwatch. With memory,
 * video RAM the program writes itself is found too: B0000h-BFFFFh is
 * compared with a copy once per frame, until the first use of any kind is
 * reported (a write found so is VGA_USE_TEXT). */
void vga_watch(struct vga *v, vga_use_fn *fn, void *ctx, bool memory);
void vga_unwatch(struct vga *v);
#define VGA_WATCH_LIN 0xB0000u /* the video RAM compared: both text windows */
#define VGA_WATCH_BYTES 0x10000u
/* Compare video RAM with the copy now (the run ends). */
void vga_watch_check(struct vga *v);
/* Compare only the text page on display (cheap: before each BIOS call);
 * true as vga_note_use. */
bool vga_watch_quick(struct vga *v);
/* While video RAM is compared (also inside fn, for the first use): the
 * copy of [lin, lin + len), the screen as the BIOS last drew it; NULL
 * otherwise. */
const uint8_t *vga_watched(const struct vga *v, uint32_t lin, uint32_t len);
/* Video RAM the BIOS itself wrote (teletype mirror): not a screen use. */
void vga_own_write(struct vga *v, uint32_t lin, uint32_t len);
/* How many times the BIOS wrote video RAM (vga_own_write) so far. */
uint64_t vga_own_writes(const struct vga *v);
/* Call fn every period_ns of machine time while the program runs (0:
 * stop): slices end that often. For watching video RAM a program writes
 * itself. */
void vga_looks(struct vga *v, vga_frame_fn *fn, void *ctx, uint64_t period_ns);
/* Text rows leaving the screen (vga_scroll_fn): the BIOS reports them,
 * fn (NULL: nobody) is told. */
void vga_note_text_scroll(struct vga *v, unsigned rows, unsigned bottom);
void vga_text_scrolls(struct vga *v, vga_scroll_fn *fn, void *ctx);
/* Call fn at every frame start (NULL stops). */
void vga_frames(struct vga *v, vga_frame_fn *fn, void *ctx);

#endif
