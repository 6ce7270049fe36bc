/* Register sets for the text modes, as the IBM VGA BIOS programs them
 * (IBM VGA Technical Reference, "BIOS video mode tables"; the same values
 * as SeaBIOS's vgasrc/stdvgamodes.c). Graphics modes are in vga_gfx.c. */
#include <string.h>

#include "base/codepage.h"
#include "base/common.h"
#include "base/log.h"
#include "video/font.h"
#include "video/vga_impl.h"

#define OVERFLOW_TEXT 0x1F /* bit 1: vertical display end bit 8 */
#define MAX_SCAN_LINE_COMPARE9 0x40
#define UNDERLINE_OFF 0x1F
#define ATTR_MODE_COLOR 0x0C /* line graphics + blink */
#define ATTR_MODE_MONO 0x0E  /* mono attributes + line graphics + blink */
#define ATTR_PLANES_ALL 0x0F
#define ATTR_HPAN_9DOT 0x08
#define SEQ_CLOCK_9DOT 0x00
#define SEQ_CLOCK_WIDE 0x08 /* dot clock halved: 40 columns */
#define SEQ_RESET_RUN 0x03
#define SEQ_MAP_TEXT 0x03    /* planes 0 (characters) and 1 (attributes) */
#define SEQ_MEM_TEXT 0x02    /* extended memory, odd/even */
#define MISC_TEXT_COLOR 0x67 /* 3Dxh, 28 MHz, 400-line sync */
#define MISC_TEXT_MONO 0x66
#define MISC_350_LINES 0xA0 /* sync polarity bits of the 350-line modes */
#define MISC_400_LINES 0x60

/* CRTC registers 00h-18h: 40 columns, 80 columns, monochrome (400 lines). */
static const uint8_t k_crtc_40[VGA_CRTC_REGS] = {
    0x2d, 0x27, 0x28, 0x90, 0x2b, 0xa0, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00,
    0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f, 0x14, 0x1f, 0x96, 0xb9, 0xa3, 0xff,
};
static const uint8_t k_crtc_80[VGA_CRTC_REGS] = {
    0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00,
    0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff,
};
static const uint8_t k_crtc_mono[VGA_CRTC_REGS] = {
    0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00,
    0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f, 0x28, 0x0f, 0x96, 0xb9, 0xa3, 0xff,
};
/* The vertical registers of the 350-line variants (10h, 11h, 12h, 15h, 16h). */
static const uint8_t k_vert_350[5] = {0x83, 0x85, 0x5d, 0x63, 0xba};
static const uint8_t k_vert_regs[5] = {0x10, 0x11, 0x12, 0x15, 0x16};
/* Graphics controller: odd/even text at B8000h (colour) or B0000h (mono). */
static const uint8_t k_gc_color[VGA_GC_REGS] = {0, 0, 0, 0, 0, 0x10, 0x0e, 0x0f, 0xff};
static const uint8_t k_gc_mono[VGA_GC_REGS] = {0, 0, 0, 0, 0, 0x10, 0x0a, 0x0f, 0xff};

/* Palette registers after a text mode set (IBM VGA BIOS parameter table). */
static const uint8_t k_palette_color[16] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07,
    0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F,
};
static const uint8_t k_palette_mono[16] = {
    0x00, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08,
    0x10, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18,
};

/* EGA-compatible DAC entries 0-63: index bits 0-2 are blue, green, red at
 * two thirds, bits 3-5 the same at one third. */
static void dac_ega(struct vga *v)
{
    enum { PRIMARY = 0x2A, SECONDARY = 0x15 };
    for (unsigned i = 0; i < 64; i++) {
        uint8_t rgb[3];
        for (unsigned c = 0; c < 3; c++) {
            unsigned bit = 2 - c; /* red is bit 2, blue bit 0 */
            rgb[c] = (uint8_t)((i >> bit & 1) * PRIMARY + (i >> (bit + 3) & 1) * SECONDARY);
        }
        vga_dac_set(v, i, rgb);
    }
}

/* Monochrome: bit 3 is video, bit 4 intensity; shown in grey. */
static void dac_mono(struct vga *v)
{
    for (unsigned i = 0; i < 64; i++) {
        uint8_t g = (uint8_t)((i & 0x08 ? 0x2A : 0) + (i & 0x10 ? 0x15 : 0));
        uint8_t rgb[3] = {g, g, g};
        vga_dac_set(v, i, rgb);
    }
}

const uint8_t *vid_rom_font(unsigned cp, unsigned char_height)
{
    bool cp850 = cp == CODEPAGE_850;
    if (char_height >= 16)
        return cp850 ? vid_font_850_8x16 : vid_font_8x16;
    if (char_height >= 14)
        return cp850 ? vid_font_850_8x14 : vid_font_8x14;
    return cp850 ? vid_font_850_8x8 : vid_font_8x8;
}

void vga_set_codepage(struct vga *v, unsigned cp)
{
    v->codepage = cp;
    struct vga_view w;
    vga_view(v, &w);
    if (!w.graphics)
        vga_load_font(v, 0, 0, 256, vid_rom_font(cp, w.char_height), w.char_height);
    LOG(LOG_VIDEO, "ROM font: code page %u", cp);
}

unsigned vga_codepage(const struct vga *v)
{
    return v->codepage;
}

void vga_set_char_height(struct vga *v, unsigned char_height, unsigned rows)
{
    char_height = MAX(1u, MIN(char_height, 32u));
    uint8_t *c = v->crtc;
    c[VGA_CRTC_MAX_SCAN] = (uint8_t)((c[VGA_CRTC_MAX_SCAN] & 0xE0) | (char_height - 1));
    c[VGA_CRTC_CURSOR_START] = (uint8_t)(char_height > 3 ? char_height - 3 : 0);
    c[VGA_CRTC_CURSOR_END] = (uint8_t)(char_height > 2 ? char_height - 2 : 0);
    if (v->mono)
        c[VGA_CRTC_UNDERLINE] = (uint8_t)(char_height - 1);
    v->view_height = MAX(v->view_height, rows * char_height);
    c[VGA_CRTC_VDISP_END] = (uint8_t)(rows * char_height - 1);
    LOG(LOG_VIDEO, "text: %u rows of %u scan lines", rows, char_height);
}

static void crtc_text(struct vga *v, const struct vga_text_mode *tm)
{
    uint8_t *c = v->crtc;
    memcpy(c, tm->mono ? k_crtc_mono : tm->wide ? k_crtc_40 : k_crtc_80, VGA_CRTC_REGS);
    if (tm->scan_lines == 350)
        for (size_t i = 0; i < ARRAY_LEN(k_vert_regs); i++)
            c[k_vert_regs[i]] = k_vert_350[i];
    c[VGA_CRTC_HDISP_END] = (uint8_t)(tm->cols - 1);
    c[VGA_CRTC_OVERFLOW] = OVERFLOW_TEXT;
    c[VGA_CRTC_MAX_SCAN] = MAX_SCAN_LINE_COMPARE9;
    c[VGA_CRTC_OFFSET] = (uint8_t)(tm->cols / 2);
    c[VGA_CRTC_UNDERLINE] = UNDERLINE_OFF;
    vga_set_char_height(v, tm->char_height, tm->rows);
}

static void attr_text(struct vga *v, bool mono)
{
    memcpy(v->attr, mono ? k_palette_mono : k_palette_color, VGA_ATTR_PALETTE_REGS);
    v->attr[VGA_ATTR_MODE] = mono ? ATTR_MODE_MONO : ATTR_MODE_COLOR;
    v->attr[VGA_ATTR_OVERSCAN] = 0;
    v->attr[VGA_ATTR_PLANE_ENABLE] = ATTR_PLANES_ALL;
    v->attr[VGA_ATTR_HPAN] = ATTR_HPAN_9DOT;
    v->attr[VGA_ATTR_COLOR_SELECT] = 0;
    v->attr_flip = false;
}

void vga_set_text_mode(struct vga *v, const struct vga_text_mode *tm)
{
    vga_vbe_off(v);
    v->mono = tm->mono;
    v->wide = tm->wide;
    v->view_height = tm->scan_lines;
    v->misc = (uint8_t)((tm->mono ? MISC_TEXT_MONO : MISC_TEXT_COLOR) & 0x1F);
    v->misc |= tm->scan_lines == 350 ? MISC_350_LINES : MISC_400_LINES;
    v->seq[0] = SEQ_RESET_RUN;
    v->seq[VGA_SEQ_CLOCKING] = tm->wide ? SEQ_CLOCK_WIDE : SEQ_CLOCK_9DOT;
    v->seq[VGA_SEQ_MAP_MASK] = SEQ_MAP_TEXT;
    v->seq[VGA_SEQ_CHARMAP] = 0;
    v->seq[VGA_SEQ_MEM_MODE] = SEQ_MEM_TEXT;
    memcpy(v->gc, tm->mono ? k_gc_mono : k_gc_color, VGA_GC_REGS);
    crtc_text(v, tm);
    attr_text(v, tm->mono);
    v->pel_mask = 0xFF;
    if (tm->mono)
        dac_mono(v);
    else
        dac_ega(v);
    vga_load_font(v, 0, 0, 256, vid_rom_font(v->codepage, tm->char_height), tm->char_height);
    v->timing_stale = true;
    v->gen++;
    vga_mem_regs_changed(v);
    LOG(LOG_VIDEO, "text mode %ux%u, %u-line font, %u scan lines%s", tm->cols, tm->rows,
        tm->char_height, tm->scan_lines, tm->mono ? ", mono" : "");
}
