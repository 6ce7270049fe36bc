/* Register sets for the text modes, as the IBM VGA BIOS programs them
 * (IBM VGA Technical Reference, "BIOS video mode tables"). */
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "video/font.h"
#include "video/vga_impl.h"

#define OVERFLOW_TEXT 0x1F              /* bit 1: vertical display end bit 8 */
#define MAX_SCAN_LINE_COMPARE9 0x40
#define UNDERLINE_OFF 0x1F
#define ATTR_MODE_COLOR 0x0C            /* line graphics + blink */
#define ATTR_MODE_MONO 0x0E             /* mono attributes + line graphics + blink */
#define ATTR_PLANES_ALL 0x0F
#define ATTR_HPAN_9DOT 0x08
#define SEQ_CLOCK_9DOT 0x00
#define SEQ_CLOCK_WIDE 0x08             /* dot clock halved: 40 columns */

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
            unsigned bit = 2 - c;       /* red is bit 2, blue bit 0 */
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

static const uint8_t *rom_font(unsigned char_height)
{
    if (char_height >= 16)
        return vid_font_8x16;
    return char_height >= 14 ? vid_font_8x14 : vid_font_8x8;
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
    memset(c, 0, VGA_CRTC_REGS);
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
    v->mono = tm->mono;
    v->wide = tm->wide;
    v->graphics = false;
    v->view_height = tm->scan_lines;
    v->misc = tm->mono ? 0x00 : 0x01;
    memset(v->seq, 0, sizeof v->seq);
    v->seq[VGA_SEQ_CLOCKING] = tm->wide ? SEQ_CLOCK_WIDE : SEQ_CLOCK_9DOT;
    memset(v->gc, 0, sizeof v->gc);
    crtc_text(v, tm);
    attr_text(v, tm->mono);
    v->pel_mask = 0xFF;
    if (tm->mono)
        dac_mono(v);
    else
        dac_ega(v);
    vga_load_font(v, 0, 0, 256, rom_font(tm->char_height), tm->char_height);
    LOG(LOG_VIDEO, "text mode %ux%u, %u-line font, %u scan lines%s", tm->cols, tm->rows,
        tm->char_height, tm->scan_lines, tm->mono ? ", mono" : "");
}
