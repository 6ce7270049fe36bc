/* INT 10h palettes (10h), fonts (11h), alternate select (12h), display
 * combination (1Ah), state information (1Bh) and the video ROM data they
 * point at (RBIL INT 10/AH=10h-1Bh; IBM VGA Technical Reference). */
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "bios/int10_impl.h"
#include "video/font.h"

#define IVT_GFX_FONT_HI 0x1F /* INT 1Fh: 8x8 glyphs 80h-FFh */
#define IVT_GFX_FONT 0x43    /* INT 43h: graphics-mode font */
#define PALETTE_ALL_BYTES 17 /* 16 palette registers + overscan */
#define DCC_VGA_COLOR 0x08
#define DCC_VGA_MONO 0x07
#define FUNC_DONE_12 0x12 /* AL on return from supported 12h calls */
#define FUNC_DONE_1A 0x1A
#define FUNC_DONE_1B 0x1B
#define EGA_INFO_256K 0x03
#define MODESET_LINES_MASK 0x90
#define MODESET_400 0x10
#define MODESET_200 0x80
#define VIDEO_CTL_NO_CURSOR_EMU 0x01
#define STATE_BYTES 64
#define SCAN_LINES_CODE_350 1
#define SCAN_LINES_CODE_400 2

static void note_use(struct bios *b)
{
    if (b->vga)
        vga_note_use(b->vga, VGA_USE_SCREEN);
}

/* ---- 10h palette and DAC ---- */

static void dac_block(struct bios *b, struct cpu_regs *r, bool set)
{
    uint16_t off = r->dx;
    for (unsigned i = 0; i < r->cx; i++, off = (uint16_t)(off + 3)) {
        uint8_t rgb[3];
        if (set) {
            mem_read_far(b->mem, r->es, off, rgb, 3);
            vga_dac_set(b->vga, r->bx + i, rgb);
        } else {
            vga_dac_get(b->vga, r->bx + i, rgb);
            mem_write_far(b->mem, r->es, off, rgb, 3);
        }
    }
}

static void all_palette(struct bios *b, struct cpu_regs *r, bool set)
{
    uint8_t regs[PALETTE_ALL_BYTES];
    if (set)
        mem_read_far(b->mem, r->es, r->dx, regs, sizeof regs);
    for (unsigned i = 0; i < PALETTE_ALL_BYTES; i++) {
        unsigned reg = i < 16 ? i : VGA_ATTR_OVERSCAN;
        if (set)
            vga_set_attr(b->vga, reg, regs[i]);
        else
            regs[i] = vga_attr(b->vga, reg);
    }
    if (!set)
        mem_write_far(b->mem, r->es, r->dx, regs, sizeof regs);
}

static void set_blink(struct bios *b, bool blink)
{
    uint8_t mode = vga_attr(b->vga, VGA_ATTR_MODE) & (uint8_t)~VGA_ATTR_MODE_BLINK;
    vga_set_attr(b->vga, VGA_ATTR_MODE, (uint8_t)(mode | (blink ? VGA_ATTR_MODE_BLINK : 0)));
    uint8_t ctl = vbda8(b, BDA_VIDEO_MODE_CTL) & (uint8_t)~0x20;
    vbda_set8(b, BDA_VIDEO_MODE_CTL, (uint8_t)(ctl | (blink ? 0x20 : 0)));
}

static void dac_one(struct bios *b, struct cpu_regs *r, bool set)
{
    uint8_t rgb[3] = {reg_hi(r->dx), reg_hi(r->cx), reg_lo(r->cx)};
    if (set) {
        vga_dac_set(b->vga, r->bx, rgb);
        return;
    }
    vga_dac_get(b->vga, r->bx, rgb);
    reg_set_hi(&r->dx, rgb[0]);
    reg_set_hi(&r->cx, rgb[1]);
    reg_set_lo(&r->cx, rgb[2]);
}

/* Sum to grey: 30% red, 59% green, 11% blue (IBM VGA BIOS). */
static void grey_block(struct bios *b, struct cpu_regs *r)
{
    for (unsigned i = 0; i < r->cx; i++) {
        uint8_t rgb[3];
        vga_dac_get(b->vga, r->bx + i, rgb);
        uint8_t g = (uint8_t)((rgb[0] * 30 + rgb[1] * 59 + rgb[2] * 11 + 50) / 100);
        uint8_t grey[3] = {g, g, g};
        vga_dac_set(b->vga, r->bx + i, grey);
    }
}

/* 1013h: BL=0 paging mode BH (0: 4 pages of 64, 1: 16 of 16: attribute
 * mode bit 7), BL=1 the page BH (colour select). */
static void select_dac_page(struct bios *b, struct cpu_regs *r)
{
    enum { P54S = 0x80 };
    uint8_t mode = vga_attr(b->vga, VGA_ATTR_MODE), bh = reg_hi(r->bx);
    if (reg_lo(r->bx) == 0) {
        vga_set_attr(b->vga, VGA_ATTR_MODE, (uint8_t)((mode & ~P54S) | (bh & 1 ? P54S : 0)));
        return;
    }
    uint8_t page = (mode & P54S) ? (uint8_t)(bh & 0x0F) : (uint8_t)((bh & 3) << 2);
    vga_set_attr(b->vga, VGA_ATTR_COLOR_SELECT, page);
}

/* 101Ah: BL paging mode, BH current page. */
static void dac_page_state(struct bios *b, struct cpu_regs *r)
{
    bool p54s = vga_attr(b->vga, VGA_ATTR_MODE) & 0x80;
    uint8_t sel = vga_attr(b->vga, VGA_ATTR_COLOR_SELECT);
    reg_set_lo(&r->bx, p54s);
    reg_set_hi(&r->bx, p54s ? (uint8_t)(sel & 0x0F) : (uint8_t)((sel >> 2) & 3));
}

/* RBIL INT 10/AX=10xxh. Setters count as a use of the screen. */
void int10_palette(struct bios *b, struct cpu_regs *r)
{
    uint8_t al = reg_lo(r->ax);
    if (!b->vga)
        return;
    bool getter = al == 0x07 || al == 0x08 || al == 0x09 || al == 0x15 || al == 0x17 ||
                  al == 0x19 || al == 0x1A;
    if (!getter)
        note_use(b);
    switch (al) {
    case 0x00:
        vga_set_attr(b->vga, reg_lo(r->bx) & 15, reg_hi(r->bx));
        return;
    case 0x01:
        vga_set_attr(b->vga, VGA_ATTR_OVERSCAN, reg_hi(r->bx));
        return;
    case 0x02:
        all_palette(b, r, true);
        return;
    case 0x03:
        set_blink(b, reg_lo(r->bx) != 0);
        return;
    case 0x07:
        reg_set_hi(&r->bx, vga_attr(b->vga, reg_lo(r->bx) & 15));
        return;
    case 0x08:
        reg_set_hi(&r->bx, vga_attr(b->vga, VGA_ATTR_OVERSCAN));
        return;
    case 0x09:
        all_palette(b, r, false);
        return;
    case 0x10:
        dac_one(b, r, true);
        return;
    case 0x12:
        dac_block(b, r, true);
        return;
    case 0x15:
        dac_one(b, r, false);
        return;
    case 0x17:
        dac_block(b, r, false);
        return;
    case 0x18:
        vga_set_pel_mask(b->vga, reg_lo(r->bx));
        return;
    case 0x19:
        reg_set_lo(&r->bx, vga_pel_mask(b->vga));
        return;
    case 0x13:
        select_dac_page(b, r);
        return;
    case 0x1A:
        dac_page_state(b, r);
        return;
    case 0x1B:
        grey_block(b, r);
        return;
    default:
        LOG(LOG_VIDEO, "INT 10h AX=%04Xh not supported", r->ax);
    }
}

/* ---- 11h fonts ---- */

/* Re-derive rows/page size after a font change of char_height. */
static void vid_set_font_height(struct bios *b, unsigned ch)
{
    unsigned lines = (vbda8(b, BDA_VIDEO_MODESET) & MODESET_400) ? 400 : 350;
    unsigned rows = MAX(1u, MIN(lines / ch, 60u));
    vbda_set8(b, BDA_VIDEO_ROWS, (uint8_t)(rows - 1));
    vbda_set16(b, BDA_CHAR_HEIGHT, (uint16_t)ch);
    vbda_set16(b, BDA_VIDEO_PAGE_SIZE, (uint16_t)((vid_cols(b) * rows * 2 + 0xFF) & ~0xFFu));
    vga_set_char_height(b->vga, ch, rows);
    vid_cursor_shape_apply(b, (uint8_t)(vbda16(b, BDA_CURSOR_SHAPE) >> 8),
                           (uint8_t)vbda16(b, BDA_CURSOR_SHAPE));
}

/* 1100h/1110h: CX glyphs of BH bytes from ES:BP into block BL at DX. */
static void load_user_font(struct bios *b, struct cpu_regs *r, bool recalc)
{
    unsigned height = reg_hi(r->bx) ? reg_hi(r->bx) : 16, count = MIN(r->cx, (uint16_t)256);
    uint8_t glyphs[256 * VGA_GLYPH_BYTES];
    height = MIN(height, (unsigned)VGA_GLYPH_BYTES);
    mem_read_far(b->mem, r->es, r->bp, glyphs, count * height);
    vga_load_font(b->vga, reg_lo(r->bx), reg_lo(r->dx), count, glyphs, height);
    if (recalc)
        vid_set_font_height(b, height);
}

static void load_rom_font(struct bios *b, struct cpu_regs *r, unsigned height, bool recalc)
{
    vga_load_font(b->vga, reg_lo(r->bx), 0, 256, vid_rom_font(b->codepage, height), height);
    if (recalc)
        vid_set_font_height(b, height);
}

static void set_vector(struct bios *b, unsigned vec, uint16_t seg, uint16_t off)
{
    mem_wr16(b->mem, vec * 4, off);
    mem_wr16(b->mem, vec * 4 + 2, seg);
}

/* 1130h: pointer BH selects, plus CX = character height, DL = rows - 1. */
static void font_info(struct bios *b, struct cpu_regs *r)
{
    static const uint16_t k_rom_off[8] = {
        [2] = VIDROM_FONT_8x14,   [3] = VIDROM_FONT_8x8,  [4] = VIDROM_FONT_8x8 + 128 * 8,
        [5] = VIDROM_NO_ALT_FONT, [6] = VIDROM_FONT_8x16, [7] = VIDROM_NO_ALT_FONT,
    };
    uint8_t which = reg_hi(r->bx);
    if (which <= 1) {
        unsigned vec = which ? IVT_GFX_FONT : IVT_GFX_FONT_HI;
        r->bp = mem_rd16(b->mem, vec * 4);
        r->es = mem_rd16(b->mem, vec * 4 + 2);
    } else if (which < 8) {
        r->es = VIDROM_SEG;
        r->bp = k_rom_off[which];
    }
    r->cx = vbda16(b, BDA_CHAR_HEIGHT);
    reg_set_lo(&r->dx, vbda8(b, BDA_VIDEO_ROWS));
}

/* RBIL INT 10/AX=11xxh. */
void int10_font(struct bios *b, struct cpu_regs *r)
{
    uint8_t al = reg_lo(r->ax);
    if (!b->vga)
        return;
    if (al != 0x30)
        note_use(b);
    switch (al) {
    case 0x00:
    case 0x10:
        load_user_font(b, r, al == 0x10);
        return;
    case 0x01:
    case 0x11:
        load_rom_font(b, r, 14, al == 0x11);
        return;
    case 0x02:
    case 0x12:
        load_rom_font(b, r, 8, al == 0x12);
        return;
    case 0x04:
    case 0x14:
        load_rom_font(b, r, 16, al == 0x14);
        return;
    case 0x03:
        vga_set_charmap(b->vga, reg_lo(r->bx));
        return;
    case 0x20:
        set_vector(b, IVT_GFX_FONT_HI, r->es, r->bp);
        return;
    case 0x21:
        set_vector(b, IVT_GFX_FONT, r->es, r->bp);
        return;
    case 0x22:
        set_vector(b, IVT_GFX_FONT, VIDROM_SEG, VIDROM_FONT_8x14);
        return;
    case 0x23:
        set_vector(b, IVT_GFX_FONT, VIDROM_SEG, VIDROM_FONT_8x8);
        return;
    case 0x24:
        set_vector(b, IVT_GFX_FONT, VIDROM_SEG, VIDROM_FONT_8x16);
        return;
    case 0x30:
        font_info(b, r);
        return;
    default:
        log_quiet(LOG_VIDEO, "INT 10h AX=%04Xh (font function) is not supported", r->ax);
    }
}

/* ---- 12h alternate select ---- */

static void select_scan_lines(struct bios *b, uint8_t code)
{
    static const uint8_t k_bits[3] = {MODESET_200, 0, MODESET_400};
    uint8_t m = vbda8(b, BDA_VIDEO_MODESET) & (uint8_t)~MODESET_LINES_MASK;
    if (code == 0)
        log_quiet(LOG_VIDEO, "INT 10h AX=1200h BL=30h: 200-line text is shown with 400 lines");
    vbda_set8(b, BDA_VIDEO_MODESET, (uint8_t)(m | (code == 0 ? MODESET_400 : k_bits[code])));
}

/* RBIL INT 10/AH=12h: BL selects the subfunction. */
void int10_alt_select(struct bios *b, struct cpu_regs *r)
{
    uint8_t bl = reg_lo(r->bx), al = reg_lo(r->ax);
    switch (bl) {
    case 0x10: /* EGA/VGA information */
        reg_set_hi(&r->bx, (vbda8(b, BDA_VIDEO_MODE) & 0x7F) == 0x07);
        reg_set_lo(&r->bx, EGA_INFO_256K);
        r->cx = vbda8(b, BDA_VIDEO_SWITCHES) & 0x0F;
        return;
    case 0x30:
        if (al > 2)
            return;
        select_scan_lines(b, al);
        break;
    case 0x34: {
        uint8_t ctl = vbda8(b, BDA_VIDEO_CTL) & (uint8_t)~VIDEO_CTL_NO_CURSOR_EMU;
        vbda_set8(b, BDA_VIDEO_CTL, (uint8_t)(ctl | (al & 1)));
        break;
    }
    case 0x31:
    case 0x32:
    case 0x33:
    case 0x35:
    case 0x36:
        break; /* accepted: nothing to switch */
    default:
        LOG(LOG_VIDEO, "INT 10h AH=12h BL=%02Xh not supported", bl);
        return;
    }
    reg_set_lo(&r->ax, FUNC_DONE_12);
}

/* ---- 1Ah display combination, 1Bh state ---- */

void int10_dcc(struct bios *b, struct cpu_regs *r)
{
    if (reg_lo(r->ax) == 0x00) {
        bool mono = (vbda8(b, BDA_VIDEO_MODE) & 0x7F) == 0x07;
        r->bx = mono ? DCC_VGA_MONO : DCC_VGA_COLOR;
    }
    if (reg_lo(r->ax) <= 0x01)
        reg_set_lo(&r->ax, FUNC_DONE_1A);
}

/* Colours (word at 27h) and pages (29h) of the current mode. */
static void state_colors_pages(struct bios *b, bool mono, uint8_t *s)
{
    const struct gfx_mode *gm = vid_gfx_mode(vbda8(b, BDA_VIDEO_MODE) & 0x7F);
    unsigned colors = mono ? 0 : 16, pages = TEXT_PAGES;
    if (gm) {
        pages = gm->pages;
        colors = gm->kind == GFX_CGA4      ? 4
                 : gm->kind == GFX_CGA2    ? 2
                 : gm->kind == GFX_LINEAR8 ? 256
                 : gm->mode == 0x0F        ? 0
                 : gm->mode == 0x11        ? 2
                                           : 16;
    } else if (b->vbe_mode) {
        pages = 1;
        colors = 256;
    }
    s[0x27] = (uint8_t)colors;
    s[0x28] = (uint8_t)(colors >> 8);
    s[0x29] = (uint8_t)pages;
}

/* RBIL INT 10/AH=1Bh Table 00039: the dynamic state in a 64-byte buffer. */
void int10_state(struct bios *b, struct cpu_regs *r)
{
    uint8_t s[STATE_BYTES] = {0};
    bool mono = (vbda8(b, BDA_VIDEO_MODE) & 0x7F) == 0x07;
    if (r->bx != 0)
        return;
    s[0] = VIDROM_FUNC_TABLE & 0xFF;
    s[1] = VIDROM_FUNC_TABLE >> 8;
    s[2] = VIDROM_SEG & 0xFF;
    s[3] = VIDROM_SEG >> 8;
    mem_read(b->mem, BDA_LIN + BDA_VIDEO_MODE, s + 4, 0x1E); /* BDA 49h-66h */
    s[0x22] = vbda8(b, BDA_VIDEO_ROWS) + 1;
    s[0x23] = vbda8(b, BDA_CHAR_HEIGHT);
    s[0x24] = 0;
    s[0x25] = mono ? DCC_VGA_MONO : DCC_VGA_COLOR;
    state_colors_pages(b, mono, s);
    s[0x2A] = (vbda8(b, BDA_VIDEO_MODESET) & MODESET_400) ? SCAN_LINES_CODE_400
                                                          : SCAN_LINES_CODE_350;
    s[0x2D] = (uint8_t)((b->vga && (vga_attr(b->vga, VGA_ATTR_MODE) & VGA_ATTR_MODE_BLINK))
                            ? 0x20
                            : 0);
    s[0x31] = EGA_INFO_256K;
    mem_write_far(b->mem, r->es, r->di, s, sizeof s);
    reg_set_lo(&r->ax, FUNC_DONE_1B);
}

/* ---- ROM data ---- */

/* RBIL INT 10/AH=1Bh Table 00040: modes 00h-07h, 0Dh-13h; 200/350/400
 * scan lines, 8 character blocks, 2 active; palette, cursor emulation,
 * DCC, blink. */
static const uint8_t k_func_table[16] = {
    0xFF, 0xE0, 0x0F, 0x00, 0x00, 0x00, 0x00, 0x07,
    0x08, 0x02, 0xFC, 0x0C, 0x00, 0x00, 0x00, 0x00,
};

/* The fonts of the video ROM (INT 10h 1130h, INT 43h) in the code page. */
static void rom_fonts(struct bios *b)
{
    uint32_t rom = VIDROM_SEG << 4;
    mem_write(b->mem, rom + VIDROM_FONT_8x8, vid_rom_font(b->codepage, 8), sizeof vid_font_8x8);
    mem_write(b->mem, rom + VIDROM_FONT_8x14, vid_rom_font(b->codepage, 14),
              sizeof vid_font_8x14);
    mem_write(b->mem, rom + VIDROM_FONT_8x16, vid_rom_font(b->codepage, 16),
              sizeof vid_font_8x16);
}

void bios_set_codepage(struct bios *b, unsigned cp)
{
    b->codepage = cp;
    rom_fonts(b);
    if (b->vga)
        vga_set_codepage(b->vga, cp);
}

unsigned bios_codepage(const struct bios *b)
{
    return b->codepage;
}

void vid_rom_install(struct bios *b)
{
    uint32_t rom = VIDROM_SEG << 4;
    rom_fonts(b);
    mem_write(b->mem, rom + VIDROM_FUNC_TABLE, k_func_table, sizeof k_func_table);
    mem_wr8(b->mem, rom + VIDROM_NO_ALT_FONT, 0);
    mem_write(b->mem, 0xF0000u + BIOSROM_FONT_8x8_OFF, vid_font_8x8, 128 * 8);
    set_vector(b, IVT_GFX_FONT_HI, VIDROM_SEG, VIDROM_FONT_8x8 + 128 * 8);
    set_vector(b, IVT_GFX_FONT, VIDROM_SEG, VIDROM_FONT_8x8);
}
