/* INT 10h in graphics modes (RBIL INT 10; IBM VGA Technical Reference):
 * the BIOS's table of graphics modes and their BDA layout, mode sets,
 * pixels (0Ch/0Dh), characters drawn with the INT 43h font (09h, 0Ah, 0Eh,
 * 13h), scrolling (06h/07h), reading characters back (08h) and the CGA
 * palette (0Bh). Pixels go straight to the planes (vga_planes), as the
 * IBM BIOS's own drawing does through the graphics controller, so the
 * program's register settings neither disturb nor are disturbed. */
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "bios/int10_impl.h"

#define IVT_GFX_FONT 0x43
#define CGA_BANK_BYTES 0x2000u /* odd scan lines at B8000h + 2000h */
#define CGA_LINE_BYTES 80u
#define LINEAR8_WIDTH 320u
#define COLOR_XOR 0x80 /* AL/BL bit 7: XOR the pixel (below 256 colours) */
#define CGA_BACKGROUND_MASK 0x0F
#define CGA_BRIGHT 0x10
#define CGA_PALETTE1 0x20
#define TTY_COLOR_DOS 0x07 /* DOS console output in graphics modes */
#define MODE_CTL_EGA 0x29

/* RBIL INT 10/AH=00h; BDA values per the IBM VGA BIOS. */
static const struct gfx_mode k_gfx_modes[] = {
    {0x04, GFX_CGA4, 320, 200, 40, 25, 8, 0x4000, 1, 0x2A, 0x30},
    {0x05, GFX_CGA4, 320, 200, 40, 25, 8, 0x4000, 1, 0x2E, 0x30},
    {0x06, GFX_CGA2, 640, 200, 80, 25, 8, 0x4000, 1, 0x1E, 0x3F},
    {0x0D, GFX_PLANAR, 320, 200, 40, 25, 8, 0x2000, 8, MODE_CTL_EGA, 0x30},
    {0x0E, GFX_PLANAR, 640, 200, 80, 25, 8, 0x4000, 4, MODE_CTL_EGA, 0x30},
    {0x0F, GFX_PLANAR, 640, 350, 80, 25, 14, 0x8000, 2, MODE_CTL_EGA, 0x30},
    {0x10, GFX_PLANAR, 640, 350, 80, 25, 14, 0x8000, 2, MODE_CTL_EGA, 0x30},
    {0x11, GFX_PLANAR, 640, 480, 80, 30, 16, 0xA000, 1, MODE_CTL_EGA, 0x30},
    {0x12, GFX_PLANAR, 640, 480, 80, 30, 16, 0xA000, 1, MODE_CTL_EGA, 0x30},
    {0x13, GFX_LINEAR8, 320, 200, 40, 25, 8, 0x2000, 1, MODE_CTL_EGA, 0x30},
};

const struct gfx_mode *vid_gfx_mode(uint8_t mode)
{
    for (size_t i = 0; i < ARRAY_LEN(k_gfx_modes); i++)
        if (k_gfx_modes[i].mode == mode)
            return &k_gfx_modes[i];
    return NULL;
}

/* The current graphics mode's geometry; false in text modes. */
bool vid_gfx_geom(struct bios *b, unsigned page, struct gfx_geom *g)
{
    memset(g, 0, sizeof *g);
    if (b->vbe_mode && b->vga && vga_vbe_active(b->vga)) {
        const struct vga_vbe_mode *m = vga_vbe_mode(b->vga);
        *g = (struct gfx_geom){GFX_VBE, m->width, m->height, m->width / 8, m->height / 16,
                               16,      m->pitch, 0,         m->bpp};
        return true;
    }
    const struct gfx_mode *gm = vid_gfx_mode(vbda8(b, BDA_VIDEO_MODE) & 0x7F);
    if (!gm || !b->vga)
        return false;
    unsigned pitch = gm->kind == GFX_LINEAR8 ? LINEAR8_WIDTH : gm->width / 8;
    *g = (struct gfx_geom){gm->kind,   gm->width,
                           gm->height, gm->cols,
                           gm->rows,   gm->char_height,
                           pitch,      (page % gm->pages) * gm->page_bytes,
                           8};
    return true;
}

/* ---- pixels ---- */

/* CGA layout: even lines at B8000h, odd ones 2000h further; bpp 1 or 2. */
static uint32_t cga_offset(unsigned x, unsigned y, unsigned bpp, unsigned *shift)
{
    *shift = 8 - bpp - (x * bpp) % 8;
    return (y & 1) * CGA_BANK_BYTES + (y >> 1) * CGA_LINE_BYTES + x * bpp / 8;
}

/* One byte at CPU offset off in the CGA window: odd/even puts odd offsets
 * in plane 1 (mode 6 has odd/even off: everything in plane 0). */
static unsigned cga_plane(const struct gfx_geom *g, uint32_t off)
{
    return g->kind == GFX_CGA4 ? (off & 1) : 0;
}

static uint8_t cga_get(struct bios *b, const struct gfx_geom *g, uint32_t off)
{
    unsigned p = cga_plane(g, off);
    uint16_t addr = (uint16_t)(g->kind == GFX_CGA4 ? off & ~1u : off);
    return (uint8_t)(vga_planes(b->vga, addr) >> (8 * p));
}

static void cga_put(struct bios *b, const struct gfx_geom *g, uint32_t off, uint8_t val)
{
    unsigned p = cga_plane(g, off);
    uint16_t addr = (uint16_t)(g->kind == GFX_CGA4 ? off & ~1u : off);
    vga_set_planes(b->vga, addr, (uint32_t)val << (8 * p), 0xFFu << (8 * p));
}

static uint8_t *vbe_at(struct bios *b, const struct gfx_geom *g, unsigned x, unsigned y)
{
    uint8_t *fb = vga_vbe_fb(b->vga);
    uint64_t at = vga_vbe_start(b->vga) + (uint64_t)y * g->pitch +
                  (uint64_t)x * ((g->bpp + 7) / 8);
    return fb && at + 4 <= VGA_VBE_MEM_BYTES ? fb + at : NULL;
}

/* Direct-colour VESA modes have no colour numbers: 0Ch paints the DAC
 * colour of the number given, 0Dh finds the number of the colour seen. */
static uint32_t vbe_pack(struct bios *b, unsigned bpp, uint8_t color)
{
    uint8_t c[3];
    vga_dac_get(b->vga, color, c);
    if (vga_vbe_dac_bits(b->vga) != 8)
        for (unsigned k = 0; k < 3; k++)
            c[k] = (uint8_t)(c[k] << 2 | c[k] >> 4); /* as the DAC shows 6 bits */
    uint32_t r = c[0], gr = c[1], bl = c[2];
    if (bpp == 15)
        return (r >> 3) << 10 | (gr >> 3) << 5 | bl >> 3;
    if (bpp == 16)
        return (r >> 3) << 11 | (gr >> 2) << 5 | bl >> 3;
    return r << 16 | gr << 8 | bl;
}

static void vbe_put(struct bios *b, const struct gfx_geom *g, unsigned x, unsigned y,
                    uint8_t color, bool xor_it)
{
    uint8_t *p = vbe_at(b, g, x, y);
    if (!p)
        return;
    if (g->bpp == 8) {
        p[0] = xor_it ? (uint8_t)(p[0] ^ color) : color;
        return;
    }
    uint32_t v = vbe_pack(b, g->bpp, color), old = 0;
    unsigned bytes = (g->bpp + 7) / 8;
    memcpy(&old, p, bytes);
    v = xor_it ? old ^ v : v;
    memcpy(p, &v, bytes);
}

static uint8_t vbe_get(struct bios *b, const struct gfx_geom *g, unsigned x, unsigned y)
{
    const uint8_t *p = vbe_at(b, g, x, y);
    if (!p || g->bpp == 8)
        return p ? p[0] : 0;
    uint32_t v = 0;
    memcpy(&v, p, (g->bpp + 7) / 8);
    for (unsigned i = 0; i < 256; i++)
        if (vbe_pack(b, g->bpp, (uint8_t)i) == v)
            return (uint8_t)i;
    return (uint8_t)v;
}

static void planar_put(struct bios *b, const struct gfx_geom *g, unsigned x, unsigned y,
                       uint8_t color, bool xor_it)
{
    uint16_t addr = (uint16_t)(g->page_off + y * g->pitch + x / 8);
    unsigned bit = 7 - x % 8;
    uint32_t mask = 0, val = 0, old = vga_planes(b->vga, addr);
    for (unsigned p = 0; p < VGA_PLANES; p++) {
        uint32_t m = 1u << (8 * p + bit);
        uint32_t on = (color >> p & 1) ? m : 0;
        mask |= m;
        val |= xor_it ? ((old & m) ^ on) : on;
    }
    vga_set_planes(b->vga, addr, val, mask);
}

static uint8_t planar_get(struct bios *b, const struct gfx_geom *g, unsigned x, unsigned y)
{
    uint32_t w = vga_planes(b->vga, (uint16_t)(g->page_off + y * g->pitch + x / 8));
    unsigned bit = 7 - x % 8;
    uint8_t c = 0;
    for (unsigned p = 0; p < VGA_PLANES; p++)
        c |= (uint8_t)((w >> (8 * p + bit) & 1) << p);
    return c;
}

/* Chain 4: CPU offset o is plane o & 3 at plane address o >> 2. */
static void linear8_put(struct bios *b, unsigned x, unsigned y, uint8_t color)
{
    uint32_t o = y * LINEAR8_WIDTH + x;
    vga_set_planes(b->vga, (uint16_t)(o >> 2), (uint32_t)color << (8 * (o & 3)),
                   0xFFu << (8 * (o & 3)));
}

static uint8_t linear8_get(struct bios *b, unsigned x, unsigned y)
{
    uint32_t o = y * LINEAR8_WIDTH + x;
    return (uint8_t)(vga_planes(b->vga, (uint16_t)(o >> 2)) >> (8 * (o & 3)));
}

static void vid_gfx_put(struct bios *b, const struct gfx_geom *g, unsigned x, unsigned y,
                        uint8_t color)
{
    bool xor_it = (color & COLOR_XOR) && g->kind != GFX_LINEAR8 && g->kind != GFX_VBE;
    if (x >= g->width || y >= g->height)
        return;
    if (xor_it)
        color &= (uint8_t)~COLOR_XOR;
    switch (g->kind) {
    case GFX_CGA4:
    case GFX_CGA2: {
        unsigned bpp = g->kind == GFX_CGA4 ? 2 : 1, shift;
        uint32_t off = cga_offset(x, y, bpp, &shift);
        uint8_t mask = (uint8_t)(((1u << bpp) - 1) << shift), byte = cga_get(b, g, off);
        uint8_t bits = (uint8_t)((color << shift) & mask);
        cga_put(b, g, off, xor_it ? (uint8_t)(byte ^ bits) : (uint8_t)((byte & ~mask) | bits));
        return;
    }
    case GFX_PLANAR:
        planar_put(b, g, x, y, color, xor_it);
        return;
    case GFX_LINEAR8:
        linear8_put(b, x, y, color);
        return;
    case GFX_VBE:
        vbe_put(b, g, x, y, color, false);
        return;
    }
}

static uint8_t vid_gfx_get(struct bios *b, const struct gfx_geom *g, unsigned x, unsigned y)
{
    if (x >= g->width || y >= g->height)
        return 0;
    switch (g->kind) {
    case GFX_CGA4:
    case GFX_CGA2: {
        unsigned bpp = g->kind == GFX_CGA4 ? 2 : 1, shift;
        uint32_t off = cga_offset(x, y, bpp, &shift);
        return (uint8_t)((cga_get(b, g, off) >> shift) & ((1u << bpp) - 1));
    }
    case GFX_PLANAR:
        return planar_get(b, g, x, y);
    case GFX_LINEAR8:
        return linear8_get(b, x, y);
    case GFX_VBE:
        return vbe_get(b, g, x, y);
    }
    return 0;
}

/* ---- characters ---- */

static uint32_t glyph_lin(struct bios *b, uint8_t ch, unsigned char_h)
{
    uint16_t off = mem_rd16(b->mem, IVT_GFX_FONT * 4),
             seg = mem_rd16(b->mem, IVT_GFX_FONT * 4 + 2);
    return mem_lin(b->mem, seg, (uint16_t)(off + ch * char_h));
}

/* Character ch at text cell (col, row) in color; bit 7 of color XORs it
 * onto the picture (below 256 colours), else the cell's background is 0. */
void vid_gfx_char(struct bios *b, const struct gfx_geom *g, unsigned col, unsigned row,
                  uint8_t ch, uint8_t color)
{
    bool xor_it = (color & COLOR_XOR) && g->kind != GFX_LINEAR8 && g->kind != GFX_VBE;
    uint32_t glyph = glyph_lin(b, ch, g->char_h);
    for (unsigned r = 0; r < g->char_h; r++) {
        uint8_t bits = mem_rd8(b->mem, glyph + r);
        for (unsigned c = 0; c < 8; c++) {
            bool on = bits & (0x80 >> c);
            if (xor_it && !on)
                continue;
            vid_gfx_put(b, g, col * 8 + c, row * g->char_h + r, on ? color : 0);
        }
    }
}

/* 08h in graphics modes: the character whose glyph matches the cell's
 * non-background pixels, or 0. */
uint8_t vid_gfx_read_char(struct bios *b, const struct gfx_geom *g, unsigned col, unsigned row)
{
    uint8_t cell[32];
    for (unsigned r = 0; r < g->char_h && r < sizeof cell; r++) {
        cell[r] = 0;
        for (unsigned c = 0; c < 8; c++)
            if (vid_gfx_get(b, g, col * 8 + c, row * g->char_h + r))
                cell[r] |= (uint8_t)(0x80 >> c);
    }
    for (unsigned ch = 0; ch < 256; ch++) {
        uint32_t glyph = glyph_lin(b, (uint8_t)ch, g->char_h);
        unsigned r = 0;
        while (r < g->char_h && mem_rd8(b->mem, glyph + r) == cell[r])
            r++;
        if (r == g->char_h)
            return (uint8_t)ch;
    }
    return 0;
}

/* ---- scrolling ---- */

/* Copy pixel line src to dst over [x0, x1); planar modes move whole bytes
 * of all four planes. */
static void copy_line(struct bios *b, const struct gfx_geom *g, unsigned src, unsigned dst,
                      unsigned x0, unsigned x1)
{
    if (g->kind == GFX_PLANAR) {
        for (unsigned x = x0; x < x1; x += 8) {
            uint16_t s = (uint16_t)(g->page_off + src * g->pitch + x / 8);
            uint16_t d = (uint16_t)(g->page_off + dst * g->pitch + x / 8);
            vga_set_planes(b->vga, d, vga_planes(b->vga, s), ~0u);
        }
        return;
    }
    for (unsigned x = x0; x < x1; x++)
        vid_gfx_put(b, g, x, dst, (uint8_t)(vid_gfx_get(b, g, x, src) & ~COLOR_XOR));
}

static void fill_line(struct bios *b, const struct gfx_geom *g, unsigned y, unsigned x0,
                      unsigned x1, uint8_t color)
{
    for (unsigned x = x0; x < x1; x++)
        vid_gfx_put(b, g, x, y, (uint8_t)(color & ~COLOR_XOR));
}

void vid_gfx_scroll(struct bios *b, const struct gfx_geom *g, int lines, uint8_t color,
                    unsigned top, unsigned left, unsigned bottom, unsigned right)
{
    right = MIN(right, g->cols - 1);
    bottom = MIN(bottom, g->rows - 1);
    if (top > bottom || left > right)
        return;
    unsigned ch = g->char_h, height = (bottom - top + 1) * ch;
    unsigned n = (unsigned)(lines < 0 ? -lines : lines) * ch;
    unsigned x0 = left * 8, x1 = (right + 1) * 8, y0 = top * ch;
    if (n == 0 || n > height)
        n = height;
    for (unsigned i = 0; i + n < height; i++) {
        if (lines >= 0)
            copy_line(b, g, y0 + i + n, y0 + i, x0, x1);
        else
            copy_line(b, g, y0 + height - 1 - i - n, y0 + height - 1 - i, x0, x1);
    }
    for (unsigned i = 0; i < n; i++)
        fill_line(b, g, lines >= 0 ? y0 + height - 1 - i : y0 + i, x0, x1, color);
}

/* Teletype in a graphics mode: as in text, with characters drawn in color. */
void vid_gfx_tty(struct bios *b, unsigned page, uint8_t ch, uint8_t color)
{
    struct gfx_geom g;
    unsigned col, row;
    if (ch == CH_BEL || !vid_gfx_geom(b, page, &g))
        return;
    vid_cursor_get(b, page, &col, &row);
    if (!vid_tty_control(ch, &col, &row)) {
        vid_gfx_char(b, &g, col, row, ch, color);
        if (++col >= g.cols) {
            col = 0;
            row++;
        }
    }
    if (row >= g.rows) {
        vid_gfx_scroll(b, &g, 1, 0, 0, 0, g.rows - 1, g.cols - 1);
        row = g.rows - 1;
    }
    vbda_set16(b, BDA_CURSOR_POS + 2 * (page % TEXT_PAGES), (uint16_t)(row << 8 | col));
}

void vid_gfx_tty_write(struct bios *b, const uint8_t *buf, size_t n)
{
    unsigned page = vid_active_page(b);
    for (size_t i = 0; i < n; i++)
        vid_gfx_tty(b, page, buf[i], TTY_COLOR_DOS);
}

/* ---- mode set ---- */

static void set_font_vector(struct bios *b, unsigned char_h)
{
    uint16_t off = char_h >= 16   ? VIDROM_FONT_8x16
                   : char_h >= 14 ? VIDROM_FONT_8x14
                                  : VIDROM_FONT_8x8;
    mem_wr16(b->mem, IVT_GFX_FONT * 4, off);
    mem_wr16(b->mem, IVT_GFX_FONT * 4 + 2, VIDROM_SEG);
}

void vid_bda_gfx(struct bios *b, uint8_t mode, unsigned cols, unsigned rows, unsigned char_h,
                 uint16_t page_bytes)
{
    vbda_set8(b, BDA_VIDEO_MODE, mode);
    vbda_set16(b, BDA_VIDEO_COLUMNS, (uint16_t)cols);
    vbda_set16(b, BDA_VIDEO_PAGE_SIZE, page_bytes);
    vbda_set16(b, BDA_VIDEO_PAGE_OFFSET, 0);
    for (unsigned p = 0; p < TEXT_PAGES; p++)
        vbda_set16(b, BDA_CURSOR_POS + 2 * p, 0);
    vbda_set8(b, BDA_VIDEO_PAGE, 0);
    vbda_set16(b, BDA_CRTC_BASE, VGA_PORT_CRTC);
    vbda_set8(b, BDA_VIDEO_ROWS, (uint8_t)(rows - 1));
    vbda_set16(b, BDA_CHAR_HEIGHT, (uint16_t)char_h);
    set_font_vector(b, char_h);
}

void vid_set_gfx_mode(struct bios *b, const struct gfx_mode *gm, bool keep)
{
    LOG(LOG_VIDEO, "INT 10h set graphics mode %02Xh", gm->mode);
    b->vbe_mode = 0;
    vga_set_gfx_mode(b->vga, gm->mode);
    if (!keep)
        vga_clear(b->vga);
    vid_bda_gfx(b, gm->mode, gm->cols, gm->rows, gm->char_height, gm->page_bytes);
    vbda_set8(b, BDA_VIDEO_MODE_CTL, gm->mode_ctl);
    vbda_set8(b, BDA_VIDEO_PALETTE, gm->palette);
    bios_mouse_mode_changed(b);
}

/* ---- INT 10h entry points ---- */

/* 0Ch: write pixel AL at CX, DX on page BH. */
void int10_put_pixel(struct bios *b, struct cpu_regs *r)
{
    struct gfx_geom g;
    if (vid_gfx_geom(b, reg_hi(r->bx), &g))
        vid_gfx_put(b, &g, r->cx, r->dx, reg_lo(r->ax));
}

/* 0Dh: AL = pixel at CX, DX on page BH. */
void int10_get_pixel(struct bios *b, struct cpu_regs *r)
{
    struct gfx_geom g;
    if (vid_gfx_geom(b, reg_hi(r->bx), &g))
        reg_set_lo(&r->ax, vid_gfx_get(b, &g, r->cx, r->dx));
}

/* The attribute palette value of a CGA/EGA colour number (0-15): the
 * 200-line modes' DAC takes bit 4 as intensity, the others are rgbRGB. */
static uint8_t ega_color(uint8_t c, bool lines200)
{
    c &= 15;
    if (lines200)
        return (uint8_t)((c & 7) | (c & 8) << 1);
    return c < 8 ? (c == 6 ? 0x14 : c) : (uint8_t)(0x38 | (c & 7));
}

/* 0Bh: BH=0 background/border (BL bit 4: bright palette), BH=1 palette BL
 * of the 320x200 modes; in CGA modes as if the CGA colour register (3D9h)
 * were written, elsewhere the border (and a graphics mode's colour 0). */
void int10_cga_palette(struct bios *b, struct cpu_regs *r)
{
    uint8_t pal = vbda8(b, BDA_VIDEO_PALETTE), bl = reg_lo(r->bx), bh = reg_hi(r->bx);
    const struct gfx_mode *gm = vid_gfx_mode(vbda8(b, BDA_VIDEO_MODE) & 0x7F);
    if (bh > 1)
        return;
    if (bh == 0)
        pal = (uint8_t)((pal & ~(CGA_BACKGROUND_MASK | CGA_BRIGHT)) |
                        (bl & (CGA_BACKGROUND_MASK | CGA_BRIGHT)));
    else
        pal = (uint8_t)((pal & ~CGA_PALETTE1) | ((bl & 1) ? CGA_PALETTE1 : 0));
    vbda_set8(b, BDA_VIDEO_PALETTE, pal);
    if (!b->vga)
        return;
    if (gm && (gm->kind == GFX_CGA4 || gm->kind == GFX_CGA2)) {
        vga_set_cga_color(b->vga, pal);
        return;
    }
    if (bh != 0)
        return;
    uint8_t c = ega_color(bl, !gm || gm->height <= 200);
    vga_set_attr(b->vga, VGA_ATTR_OVERSCAN, c);
    if (gm)
        vga_set_attr(b->vga, 0, c);
}
