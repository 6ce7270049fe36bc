/* Graphics-mode scan-out, driven by the registers the way the VGA's CRTC,
 * serializer and attribute controller work (IBM VGA Technical Reference):
 * start address, offset, line compare (split screen), maximum scan line
 * and double scanning, byte/word/doubleword addressing with the CGA
 * interleave (row scan bits replacing address bits 13/14), the planar,
 * CGA-interleaved and 256-colour shift modes, pel panning, plane enable,
 * the palette registers and the DAC. The VESA frame buffer is drawn from
 * its own memory. Frames are at the mode's native resolution: scan lines a
 * mode repeats (double scanning, 200-line modes on 400 lines) appear once.
 * The mouse pointer is drawn over the picture here, never into video
 * memory. */
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "video/render.h"
#include "video/render_impl.h"
#include "video/vga_impl.h"

#define MAX_CHARS 256
#define LINE_PX ((MAX_CHARS + 1) * 8)
#define CRTC_MODE_CMS 0x01    /* 0: row scan bit 0 replaces address bit 13 */
#define CRTC_MODE_SRS 0x02    /* 0: row scan bit 1 replaces address bit 14 */
#define CRTC_MODE_WRAP15 0x20 /* word mode takes bit 0 from bit 15 (else 13) */
#define CRTC_MODE_BYTE 0x40
#define CRTC_UNDERLINE_DWORD 0x40
#define MAX_SCAN_DOUBLE 0x80
#define ATTR_MODE_PAN_TOP_ONLY 0x20 /* pel panning stops at the split line */
#define SEQ_CLOCK_SCREEN_OFF 0x20
#define POINTER_XOR_COLOR 0x0F /* the colour bits a pointer inverts */
#define POINTER_XOR_CGA 0x03

enum addr_mode { ADDR_BYTE, ADDR_WORD, ADDR_DWORD };
enum shift_mode { SHIFT_PLANAR, SHIFT_CGA, SHIFT_256 };

/* Everything a frame's scan lines need, worked out once per frame. */
struct scan {
    unsigned width, height; /* native frame */
    unsigned chars, px_per_char;
    unsigned vrep, row_height;
    bool double_scan;
    unsigned start, pitch, line_compare, preset_row;
    enum addr_mode amode;
    bool wrap15, cms, srs;
    enum shift_mode shift;
    unsigned pan;
    bool pan_top_only;
    uint32_t pal[256];
};

/* Bit 7-k of each plane byte, one byte per pixel, for the planar serializer. */
static uint64_t k_spread[256];

static void spread_init(void)
{
    if (k_spread[0xFF])
        return;
    for (unsigned b = 0; b < 256; b++) {
        uint64_t w = 0;
        for (unsigned k = 0; k < 8; k++)
            w |= (uint64_t)((b >> (7 - k)) & 1) << (8 * k);
        k_spread[b] = w;
    }
}

static void scan_palette(const struct vga *v, struct scan *s)
{
    if (s->shift == SHIFT_256) {
        for (unsigned i = 0; i < 256; i++)
            s->pal[i] = vga_dac_rgb(v, i);
        return;
    }
    uint8_t enable = v->attr[VGA_ATTR_PLANE_ENABLE] & 0x0F;
    for (unsigned i = 0; i < 16; i++)
        s->pal[i] = vga_attr_rgb(v, i & enable);
}

static void scan_geometry(const struct vga *v, struct scan *s)
{
    const uint8_t *c = v->crtc;
    unsigned ovf = c[VGA_CRTC_OVERFLOW];
    unsigned lines = (c[VGA_CRTC_VDISP_END] | (ovf >> 1 & 1) << 8 | (ovf >> 6 & 1) << 9) + 1;
    s->shift = (v->gc[VGA_GC_MODE] & VGA_GC_MODE_SHIFT_256)   ? SHIFT_256
               : (v->gc[VGA_GC_MODE] & VGA_GC_MODE_SHIFT_CGA) ? SHIFT_CGA
                                                              : SHIFT_PLANAR;
    s->chars = MIN((unsigned)c[VGA_CRTC_HDISP_END] + 1, (unsigned)MAX_CHARS);
    s->px_per_char = s->shift == SHIFT_256 ? 4 : 8;
    s->row_height = (c[VGA_CRTC_MAX_SCAN] & 0x1F) + 1u;
    s->double_scan = c[VGA_CRTC_MAX_SCAN] & MAX_SCAN_DOUBLE;
    s->cms = c[VGA_CRTC_MODE] & CRTC_MODE_CMS;
    s->srs = c[VGA_CRTC_MODE] & CRTC_MODE_SRS;
    s->wrap15 = c[VGA_CRTC_MODE] & CRTC_MODE_WRAP15;
    s->amode = (c[VGA_CRTC_UNDERLINE] & CRTC_UNDERLINE_DWORD) ? ADDR_DWORD
               : (c[VGA_CRTC_MODE] & CRTC_MODE_BYTE)          ? ADDR_BYTE
                                                              : ADDR_WORD;
    s->vrep = (s->double_scan ? 2 : 1) * (s->cms && s->srs ? s->row_height : 1);
    s->start = (unsigned)c[VGA_CRTC_START_HI] << 8 | c[VGA_CRTC_START_LO];
    s->pitch = (unsigned)c[VGA_CRTC_OFFSET] * 2;
    s->line_compare = c[VGA_CRTC_LINE_COMPARE] | (ovf >> 4 & 1) << 8 |
                      (c[VGA_CRTC_MAX_SCAN] >> 6 & 1) << 9;
    s->preset_row = c[VGA_CRTC_PRESET_ROW] & 0x1F;
    s->pan = v->attr[VGA_ATTR_HPAN] & 0x0F;
    s->pan = s->shift == SHIFT_256 ? (s->pan >> 1) & 3 : (s->pan & 7);
    s->pan_top_only = v->attr[VGA_ATTR_MODE] & ATTR_MODE_PAN_TOP_ONLY;
    s->width = MIN(s->chars * s->px_per_char, (unsigned)VID_FRAME_MAX_W);
    s->height = MIN(MAX(lines / s->vrep, 1u), (unsigned)VID_FRAME_MAX_H);
}

/* The plane address the CRTC puts out for memory address counter ma on
 * row scan rs. Doubleword mode uses ma itself: chain 4 stores CPU offset o
 * at plane address o >> 2 (vga_mem.c), so the two agree. */
static uint16_t crtc_address(const struct scan *s, unsigned ma, unsigned rs)
{
    unsigned a = ma;
    if (s->amode == ADDR_WORD)
        a = (ma << 1) | ((ma >> (s->wrap15 ? 15 : 13)) & 1);
    if (!s->cms)
        a = (a & ~0x2000u) | (rs & 1) << 13;
    if (!s->srs)
        a = (a & ~0x4000u) | (rs >> 1 & 1) << 14;
    return (uint16_t)a;
}

/* One character clock's pixel values into out. */
static void serialize(const struct scan *s, uint32_t w, uint8_t *out)
{
    uint8_t p0 = (uint8_t)w, p1 = (uint8_t)(w >> 8), p2 = (uint8_t)(w >> 16),
            p3 = (uint8_t)(w >> 24);
    if (s->shift == SHIFT_256) {
        out[0] = p0;
        out[1] = p1;
        out[2] = p2;
        out[3] = p3;
        return;
    }
    if (s->shift == SHIFT_CGA) {
        for (unsigned k = 0; k < 4; k++) {
            unsigned sh = 6 - 2 * k;
            out[k] = (uint8_t)((p0 >> sh & 3) | (p2 >> sh & 3) << 2);
            out[4 + k] = (uint8_t)((p1 >> sh & 3) | (p3 >> sh & 3) << 2);
        }
        return;
    }
    uint64_t px = k_spread[p0] | k_spread[p1] << 1 | k_spread[p2] << 2 | k_spread[p3] << 3;
    memcpy(out, &px, 8);
}

/* Pixel values of native line y into idx (s->width entries). */
static void scan_line(const struct vga *v, const struct scan *s, unsigned y, uint8_t *idx)
{
    uint8_t buf[LINE_PX];
    unsigned phys = y * s->vrep, l, base = s->start, pan = s->pan;
    bool split = phys > s->line_compare;
    if (split) {
        l = phys - s->line_compare - 1;
        base = 0;
        if (s->pan_top_only)
            pan = 0;
    } else {
        l = phys + (s->double_scan ? 2 : 1) * s->preset_row;
    }
    if (s->double_scan)
        l >>= 1;
    unsigned row = l / s->row_height, rs = l % s->row_height;
    unsigned ma = base + row * s->pitch;
    unsigned n = MIN(s->chars + (pan ? 1 : 0), (unsigned)MAX_CHARS + 1);
    for (unsigned i = 0; i < n; i++)
        serialize(s, vga_planes(v, crtc_address(s, ma + i, rs)), buf + i * s->px_per_char);
    memcpy(idx, buf + pan, s->width);
}

/* ---- the mouse pointer ---- */

static bool pointer_row(const struct vga_pointer *p, unsigned y, unsigned *r)
{
    if (!p->visible || p->text || (int)y < p->y || (int)y >= p->y + VGA_POINTER_SIZE)
        return false;
    *r = (unsigned)((int)y - p->y);
    return true;
}

/* AND with the screen mask, XOR with the cursor mask (Microsoft mouse
 * driver), on pixel values: in CGA 4-colour modes each pixel takes two
 * mask bits, elsewhere one. */
static void pointer_indices(const struct vga_pointer *p, unsigned r, bool cga, uint8_t *idx,
                            unsigned width)
{
    unsigned per = cga ? 2 : 1, n = VGA_POINTER_SIZE / per;
    uint8_t full = cga ? POINTER_XOR_CGA : POINTER_XOR_COLOR;
    for (unsigned k = 0; k < n; k++) {
        int x = p->x + (int)k;
        if (x < 0 || x >= (int)width)
            continue;
        unsigned sh = VGA_POINTER_SIZE - per * (k + 1);
        uint8_t keep = (uint8_t)((p->screen_mask[r] >> sh) & (cga ? 3 : 1));
        uint8_t flip = (uint8_t)((p->cursor_mask[r] >> sh) & (cga ? 3 : 1));
        uint8_t and_m = cga ? keep : (keep ? 0xFF : 0), xor_m = cga ? flip : (flip ? full : 0);
        idx[x] = (uint8_t)((idx[x] & and_m) ^ xor_m);
    }
}

static void pointer_rgb(const struct vga_pointer *p, unsigned r, uint32_t *px, unsigned width)
{
    for (unsigned k = 0; k < VGA_POINTER_SIZE; k++) {
        int x = p->x + (int)k;
        if (x < 0 || x >= (int)width)
            continue;
        unsigned sh = VGA_POINTER_SIZE - 1 - k;
        uint32_t keep = (p->screen_mask[r] >> sh & 1) ? 0xFFFFFFu : 0;
        uint32_t flip = (p->cursor_mask[r] >> sh & 1) ? 0xFFFFFFu : 0;
        px[x] = (px[x] & keep) ^ flip;
    }
}

/* ---- VGA scan-out ---- */

static void render_vga(const struct vga *v, struct vid_frame *f)
{
    struct scan s;
    uint8_t idx[VID_FRAME_MAX_W];
    spread_init();
    scan_geometry(v, &s);
    scan_palette(v, &s);
    f->width = s.width;
    f->height = s.height;
    if (v->seq[VGA_SEQ_CLOCKING] & SEQ_CLOCK_SCREEN_OFF) {
        memset(f->px, 0, (size_t)f->width * f->height * sizeof f->px[0]);
        return;
    }
    const struct vga_pointer *p = &v->ptr;
    for (unsigned y = 0; y < s.height; y++) {
        unsigned r;
        scan_line(v, &s, y, idx);
        if (pointer_row(p, y, &r))
            pointer_indices(p, r, s.shift == SHIFT_CGA, idx, s.width);
        uint32_t *out = &f->px[(size_t)y * s.width];
        for (unsigned x = 0; x < s.width; x++)
            out[x] = s.pal[idx[x]];
    }
}

/* ---- VESA frame buffer ---- */

static uint32_t expand5(uint32_t c)
{
    return (c << 3 | c >> 2) & 0xFF;
}
static uint32_t expand6(uint32_t c)
{
    return (c << 2 | c >> 4) & 0xFF;
}

static uint32_t vbe_pixel(const struct vga *v, const uint8_t *p, unsigned bpp)
{
    switch (bpp) {
    case 8:
        return vga_dac_rgb(v, p[0]);
    case 15: {
        uint32_t w = get_le16(p);
        return expand5(w >> 10 & 31) << 16 | expand5(w >> 5 & 31) << 8 | expand5(w & 31);
    }
    case 16: {
        uint32_t w = get_le16(p);
        return expand5(w >> 11 & 31) << 16 | expand6(w >> 5 & 63) << 8 | expand5(w & 31);
    }
    default: /* 24 and 32: blue, green, red (, unused) */
        return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
    }
}

static void render_vbe(const struct vga *v, struct vid_frame *f)
{
    const struct vga_vbe *b = &v->vbe;
    unsigned bytes = (b->mode.bpp + 7) / 8, w = MIN(b->mode.width, (unsigned)VID_FRAME_MAX_W);
    unsigned h = MIN(b->mode.height, (unsigned)VID_FRAME_MAX_H);
    f->width = w;
    f->height = h;
    for (unsigned y = 0; y < h; y++) {
        uint32_t *out = &f->px[(size_t)y * w];
        uint64_t line = b->start + (uint64_t)y * b->mode.pitch;
        uint8_t idx[VID_FRAME_MAX_W];
        for (unsigned x = 0; x < w; x++) {
            uint64_t at = line + (uint64_t)x * bytes;
            const uint8_t *p = at + bytes <= VGA_VBE_MEM_BYTES ? b->fb + at : NULL;
            idx[x] = p ? p[0] : 0;
            out[x] = p ? vbe_pixel(v, p, b->mode.bpp) : 0;
        }
        unsigned r;
        if (!pointer_row(&v->ptr, y, &r))
            continue;
        if (b->mode.bpp == 8) {
            pointer_indices(&v->ptr, r, false, idx, w);
            for (unsigned x = 0; x < w; x++)
                out[x] = vga_dac_rgb(v, idx[x]);
        } else {
            pointer_rgb(&v->ptr, r, out, w);
        }
    }
}

void vid_render_graphics(const struct vga *v, struct vid_frame *f)
{
    if (v->vbe.active && v->vbe.fb)
        render_vbe(v, f);
    else
        render_vga(v, f);
}
