/* Shared by the INT 10h files: the text-mode model the services work on
 * (BDA fields, pages, cells in video RAM) and the per-function handlers. */
#ifndef UNIDOS_BIOS_INT10_IMPL_H
#define UNIDOS_BIOS_INT10_IMPL_H

#include "bios/bios_impl.h"

/* Video ROM data at C000h (no option-ROM signature: nothing to call):
 * the ROM fonts INT 10h 1130h hands out and the functionality table 1Bh
 * points at. */
#define VIDROM_SEG 0xC000u
#define VIDROM_FONT_8x8 0x0100u    /* 256 x 8 bytes; INT 1Fh points at its upper half */
#define VIDROM_FONT_8x14 0x0900u   /* 256 x 14 */
#define VIDROM_FONT_8x16 0x1700u   /* 256 x 16 */
#define VIDROM_FUNC_TABLE 0x2700u  /* 16 bytes, INT 10h 1Bh */
#define VIDROM_NO_ALT_FONT 0x2710u /* empty 9-dot alternate glyph list */
/* IBM PC BIOS: the lower 128 glyphs of the 8x8 font at F000:FA6Eh. */
#define BIOSROM_FONT_8x8_OFF 0xFA6Eu

#define TEXT_SEG_COLOR 0xB800u
#define TEXT_SEG_MONO 0xB000u
#define TEXT_WINDOW_BYTES 0x8000u
#define TEXT_PAGES 8
#define TEXT_BLANK_ATTR 0x07
#define CH_BEL 0x07
#define CH_BS 0x08
#define CH_LF 0x0A
#define CH_CR 0x0D

/* INT 10h handlers by AH; query: does not count as using the screen. */
typedef void int10_fn(struct bios *b, struct cpu_regs *r);

/* BDA helpers. */
uint8_t vbda8(struct bios *b, unsigned off);
uint16_t vbda16(struct bios *b, unsigned off);
void vbda_set8(struct bios *b, unsigned off, uint8_t v);
void vbda_set16(struct bios *b, unsigned off, uint16_t v);

/* The current text geometry from the BDA. */
unsigned vid_cols(struct bios *b);
unsigned vid_rows(struct bios *b);
unsigned vid_active_page(struct bios *b);
bool vid_is_text(struct bios *b);

/* Cursor of page (column, row) in the BDA; setting it also moves the CRTC
 * cursor when page is the active one. */
void vid_cursor_get(struct bios *b, unsigned page, unsigned *col, unsigned *row);
/* Push the active page's cursor to the CRTC. */
void vid_cursor_sync(struct bios *b);

/* Cells of a page: char | attr << 8. Writes are batched: call
 * vid_flush() once the service is done (drops translated code for the
 * range and keeps the screen-use detector quiet about our own writes). */
uint16_t vid_cell_get(struct bios *b, unsigned page, unsigned col, unsigned row);
void vid_cell_put(struct bios *b, unsigned page, unsigned col, unsigned row, uint16_t cell);
void vid_flush(struct bios *b);

/* Scroll the window [top..bottom] x [left..right] of page up (lines > 0)
 * or down (lines < 0), filling with blanks of attr; lines 0 clears it. */
void vid_scroll(struct bios *b, unsigned page, int lines, uint8_t attr, unsigned top,
                unsigned left, unsigned bottom, unsigned right);

/* Teletype control characters: BS, CR and LF move the cursor (true);
 * false for a character to draw. BEL is the caller's (silent). */
bool vid_tty_control(uint8_t ch, unsigned *col, unsigned *row);

/* Apply the emulated (CGA-style) cursor shape to the CRTC. */
void vid_cursor_shape_apply(struct bios *b, uint8_t start, uint8_t end);

/* Install the font and table data of the video ROM. */
void vid_rom_install(struct bios *b);

/* ---- graphics modes (int10_gfx.c) ---- */
enum gfx_kind { GFX_CGA4, GFX_CGA2, GFX_PLANAR, GFX_LINEAR8, GFX_VBE };

/* A standard graphics mode as the BIOS lays it out in the BDA. */
struct gfx_mode {
    uint8_t mode;
    enum gfx_kind kind;
    uint16_t width, height;
    uint8_t cols, rows, char_height;
    uint16_t page_bytes;
    uint8_t pages;
    uint8_t mode_ctl, palette; /* BDA 65h/66h */
};

/* The geometry the drawing services work with. */
struct gfx_geom {
    enum gfx_kind kind;
    unsigned width, height, cols, rows, char_h;
    uint32_t pitch;    /* bytes per line (planar: per plane) */
    uint32_t page_off; /* planar: plane address of the page */
    unsigned bpp;      /* VESA: bits per pixel */
};

const struct gfx_mode *vid_gfx_mode(uint8_t mode);
bool vid_gfx_geom(struct bios *b, unsigned page, struct gfx_geom *g);
void vid_gfx_char(struct bios *b, const struct gfx_geom *g, unsigned col, unsigned row,
                  uint8_t ch, uint8_t color);
uint8_t vid_gfx_read_char(struct bios *b, const struct gfx_geom *g, unsigned col, unsigned row);
void vid_gfx_scroll(struct bios *b, const struct gfx_geom *g, int lines, uint8_t color,
                    unsigned top, unsigned left, unsigned bottom, unsigned right);
void vid_gfx_tty(struct bios *b, unsigned page, uint8_t ch, uint8_t color);
void vid_gfx_tty_write(struct bios *b, const uint8_t *buf, size_t n);
void vid_set_gfx_mode(struct bios *b, const struct gfx_mode *gm, bool keep);
/* The BDA fields a mode set writes (VESA modes too). */
void vid_bda_gfx(struct bios *b, uint8_t mode, unsigned cols, unsigned rows, unsigned char_h,
                 uint16_t page_bytes);

void int10_set_mode(struct bios *b, struct cpu_regs *r);
void int10_put_pixel(struct bios *b, struct cpu_regs *r);
void int10_get_pixel(struct bios *b, struct cpu_regs *r);
void int10_cga_palette(struct bios *b, struct cpu_regs *r);
void int10_vbe(struct bios *b, struct cpu_regs *r);
void vid_vbe_install(struct bios *b);
void int10_palette(struct bios *b, struct cpu_regs *r);
void int10_font(struct bios *b, struct cpu_regs *r);
void int10_alt_select(struct bios *b, struct cpu_regs *r);
void int10_write_string(struct bios *b, struct cpu_regs *r);
void int10_dcc(struct bios *b, struct cpu_regs *r);
void int10_state(struct bios *b, struct cpu_regs *r);

#endif
