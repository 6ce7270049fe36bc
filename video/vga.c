/* VGA registers, ports and retrace timing (IBM VGA Technical Reference;
 * RBIL PORTS.B). Text modes only draw; graphics state is stored for later. */
#include "video/vga.h"

#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "video/vga_impl.h"

#define STATUS_DISPLAY_OFF 0x01         /* input status 1: not in active display */
#define STATUS_VRETRACE 0x08
#define MISC_COLOR_IO 0x01              /* CRTC at 3D4h (else 3B4h) */
#define DAC_STATE_WRITE 0x00
#define DAC_STATE_READ 0x03
#define WATCH_LIN 0xB0000u
#define WATCH_BYTES 0x10000u

static uint8_t dac6_to_8(uint8_t v)
{
    v &= 0x3F;
    return (uint8_t)(v << 2 | v >> 4);
}

/* ---- retrace timing ---- */

static uint8_t status1(struct vga *v)
{
    uint64_t now = clock_now_ns(v->clk);
    uint64_t in_frame = now % VGA_FRAME_NS;
    uint64_t line = in_frame / VGA_LINE_NS, in_line = in_frame % VGA_LINE_NS;
    uint8_t s = 0;
    if (line >= v->view_height || in_line >= VGA_HDISPLAY_NS)
        s |= STATUS_DISPLAY_OFF;
    if (line >= VGA_VRETRACE_LINE && line < VGA_VRETRACE_LINE + VGA_VRETRACE_LINES)
        s |= STATUS_VRETRACE;
    v->attr_flip = false;       /* reading status 1 resets the 3C0h flip-flop */
    return s;
}

/* ---- ports ---- */

static void attr_write(struct vga *v, uint8_t val)
{
    if (!v->attr_flip) {
        v->attr_index = val;
    } else {
        unsigned reg = v->attr_index & 0x1F;
        if (reg < VGA_ATTR_REGS)
            v->attr[reg] = val;
    }
    v->attr_flip = !v->attr_flip;
}

static uint8_t dac_read_data(struct vga *v)
{
    uint8_t c = v->dac[v->dac_read][v->dac_comp_r];
    if (++v->dac_comp_r == 3) {
        v->dac_comp_r = 0;
        v->dac_read = (uint8_t)(v->dac_read + 1);
    }
    return c;
}

static void dac_write_data(struct vga *v, uint8_t val)
{
    v->dac[v->dac_write][v->dac_comp_w] = val & 0x3F;
    if (++v->dac_comp_w == 3) {
        v->dac_comp_w = 0;
        v->dac_write = (uint8_t)(v->dac_write + 1);
    }
}

static uint8_t vga_read(void *ctx, uint16_t port)
{
    struct vga *v = ctx;
    switch (port) {
    case VGA_PORT_CRTC_MONO:
    case VGA_PORT_CRTC:
        return v->crtc_index;
    case VGA_PORT_CRTC_MONO + 1:
    case VGA_PORT_CRTC + 1:
        return v->crtc_index < VGA_CRTC_REGS ? v->crtc[v->crtc_index] : 0xFF;
    case VGA_PORT_STATUS_MONO:
    case VGA_PORT_STATUS:
        return status1(v);
    case VGA_PORT_ATTR:
        return v->attr_index;
    case VGA_PORT_ATTR_READ:
        return (v->attr_index & 0x1F) < VGA_ATTR_REGS ? v->attr[v->attr_index & 0x1F] : 0;
    case VGA_PORT_SEQ:
        return v->seq_index;
    case VGA_PORT_SEQ + 1:
        return v->seq_index < VGA_SEQ_REGS ? v->seq[v->seq_index] : 0xFF;
    case VGA_PORT_PEL_MASK:
        return v->pel_mask;
    case VGA_PORT_DAC_READ:
        return v->dac_reading ? DAC_STATE_READ : DAC_STATE_WRITE;
    case VGA_PORT_DAC_WRITE:
        return v->dac_write;
    case VGA_PORT_DAC_DATA:
        return dac_read_data(v);
    case VGA_PORT_MISC_READ:
        return v->misc;
    case VGA_PORT_GC:
        return v->gc_index;
    case VGA_PORT_GC + 1:
        return v->gc_index < VGA_GC_REGS ? v->gc[v->gc_index] : 0xFF;
    case VGA_PORT_CGA_MODE:
        return v->cga_mode;
    case VGA_PORT_CGA_COLOR:
        return v->cga_color;
    default:
        return 0;               /* input status 0, feature control */
    }
}

static void vga_write(void *ctx, uint16_t port, uint8_t val)
{
    struct vga *v = ctx;
    LOG(LOG_VIDEO, "VGA %03Xh <- %02Xh", port, val);
    switch (port) {
    case VGA_PORT_CRTC_MONO:
    case VGA_PORT_CRTC:
        v->crtc_index = val;
        return;
    case VGA_PORT_CRTC_MONO + 1:
    case VGA_PORT_CRTC + 1:
        if (v->crtc_index < VGA_CRTC_REGS)
            v->crtc[v->crtc_index] = val;
        return;
    case VGA_PORT_ATTR:
        attr_write(v, val);
        return;
    case VGA_PORT_MISC_WRITE:
        v->misc = val;
        return;
    case VGA_PORT_SEQ:
        v->seq_index = val;
        return;
    case VGA_PORT_SEQ + 1:
        if (v->seq_index < VGA_SEQ_REGS)
            v->seq[v->seq_index] = val;
        return;
    case VGA_PORT_PEL_MASK:
        v->pel_mask = val;
        return;
    case VGA_PORT_DAC_READ:
        v->dac_read = val, v->dac_comp_r = 0, v->dac_reading = true;
        return;
    case VGA_PORT_DAC_WRITE:
        v->dac_write = val, v->dac_comp_w = 0, v->dac_reading = false;
        return;
    case VGA_PORT_DAC_DATA:
        dac_write_data(v, val);
        return;
    case VGA_PORT_GC:
        v->gc_index = val;
        return;
    case VGA_PORT_GC + 1:
        if (v->gc_index < VGA_GC_REGS)
            v->gc[v->gc_index] = val;
        return;
    case VGA_PORT_CGA_MODE:
        v->cga_mode = val;
        return;
    case VGA_PORT_CGA_COLOR:
        v->cga_color = val;
        return;
    default:
        return;
    }
}

/* ---- frames and screen-use detection ---- */

static void check_watch(struct vga *v)
{
    const uint8_t *now = mem_ptr(v->mem, WATCH_LIN, WATCH_BYTES);
    if (!v->shadow || !now || !memcmp(now, v->shadow, WATCH_BYTES))
        return;
    LOG(LOG_VIDEO, "video RAM written: the program uses the screen");
    vga_note_use(v);
}

static uint64_t vga_sched(void *ctx, uint64_t now_ns)
{
    struct vga *v = ctx;
    if (!v->frame_fn && !v->use_fn)
        return SCHED_NEVER;
    uint64_t period = vga_frame_ns(v);
    if (now_ns >= v->next_frame_ns) {
        check_watch(v);
        if (v->frame_fn)
            v->frame_fn(v->frame_ctx, now_ns);
        v->next_frame_ns = (now_ns / period + 1) * period;
    }
    return (v->frame_fn || v->use_fn) ? v->next_frame_ns : SCHED_NEVER;
}

void vga_note_use(struct vga *v)
{
    vga_use_fn *fn = v->use_fn;
    if (!fn)
        return;
    vga_unwatch(v);
    fn(v->use_ctx);
}

void vga_watch(struct vga *v, vga_use_fn *fn, void *ctx)
{
    const uint8_t *now = mem_ptr(v->mem, WATCH_LIN, WATCH_BYTES);
    if (!v->shadow)
        v->shadow = xcalloc(1, WATCH_BYTES);
    if (now)
        memcpy(v->shadow, now, WATCH_BYTES);
    v->use_fn = fn;
    v->use_ctx = ctx;
    v->next_frame_ns = 0;
}

void vga_unwatch(struct vga *v)
{
    v->use_fn = NULL;
    free(v->shadow);
    v->shadow = NULL;
}

void vga_own_write(struct vga *v, uint32_t lin, uint32_t len)
{
    if (!v->shadow || lin < WATCH_LIN || lin - WATCH_LIN >= WATCH_BYTES)
        return;
    len = MIN(len, WATCH_BYTES - (lin - WATCH_LIN));
    mem_read(v->mem, lin, v->shadow + (lin - WATCH_LIN), len);
}

void vga_frames(struct vga *v, vga_frame_fn *fn, void *ctx)
{
    v->frame_fn = fn;
    v->frame_ctx = ctx;
    v->next_frame_ns = 0;
}

uint64_t vga_frame_ns(const struct vga *v)
{
    UNUSED(v);
    return VGA_FRAME_NS;
}

/* ---- construction ---- */

struct vga *vga_new(struct io *io, struct vclock *clk, struct mem *mem, struct sched *sched)
{
    struct vga *v = xcalloc(1, sizeof *v);
    v->clk = clk;
    v->mem = mem;
    v->pel_mask = 0xFF;
    v->misc = MISC_COLOR_IO;
    v->view_height = 400;
    io_register(io, VGA_PORT_CRTC_MONO, 2, vga_read, vga_write, v);
    io_register(io, VGA_PORT_STATUS_MONO, 1, vga_read, vga_write, v);
    io_register(io, VGA_PORT_ATTR, 0x10, vga_read, vga_write, v);
    io_register(io, VGA_PORT_CRTC, 2, vga_read, vga_write, v);
    io_register(io, VGA_PORT_CGA_MODE, 3, vga_read, vga_write, v);
    if (sched)
        sched_add(sched, vga_sched, v);
    return v;
}

void vga_free(struct vga *v)
{
    if (!v)
        return;
    free(v->shadow);
    free(v);
}

/* ---- register access for the BIOS ---- */

uint8_t vga_crtc(const struct vga *v, unsigned reg)
{
    return reg < VGA_CRTC_REGS ? v->crtc[reg] : 0xFF;
}

void vga_set_crtc(struct vga *v, unsigned reg, uint8_t val)
{
    if (reg < VGA_CRTC_REGS)
        v->crtc[reg] = val;
}

uint8_t vga_attr(const struct vga *v, unsigned reg)
{
    return reg < VGA_ATTR_REGS ? v->attr[reg] : 0;
}

void vga_set_attr(struct vga *v, unsigned reg, uint8_t val)
{
    if (reg < VGA_ATTR_REGS)
        v->attr[reg] = val;
}

void vga_dac_get(const struct vga *v, unsigned idx, uint8_t rgb[3])
{
    memcpy(rgb, v->dac[idx & 0xFF], 3);
}

void vga_dac_set(struct vga *v, unsigned idx, const uint8_t rgb[3])
{
    for (int i = 0; i < 3; i++)
        v->dac[idx & 0xFF][i] = rgb[i] & 0x3F;
}

uint8_t vga_pel_mask(const struct vga *v)
{
    return v->pel_mask;
}

void vga_set_pel_mask(struct vga *v, uint8_t mask)
{
    v->pel_mask = mask;
}

void vga_set_cursor_pos(struct vga *v, uint16_t cell_offset)
{
    v->crtc[VGA_CRTC_CURSOR_HI] = (uint8_t)(cell_offset >> 8);
    v->crtc[VGA_CRTC_CURSOR_LO] = (uint8_t)cell_offset;
}

void vga_set_cursor_shape(struct vga *v, uint8_t start, uint8_t end)
{
    v->crtc[VGA_CRTC_CURSOR_START] = start;
    v->crtc[VGA_CRTC_CURSOR_END] = end;
}

void vga_set_start(struct vga *v, uint16_t cell_offset)
{
    v->crtc[VGA_CRTC_START_HI] = (uint8_t)(cell_offset >> 8);
    v->crtc[VGA_CRTC_START_LO] = (uint8_t)cell_offset;
}

void vga_load_font(struct vga *v, unsigned block, unsigned first, unsigned count,
                   const uint8_t *glyphs, unsigned bytes_per_glyph)
{
    block %= VGA_FONT_BLOCKS;
    for (unsigned i = 0; i < count && first + i < 256; i++) {
        uint8_t *g = v->font[block][first + i];
        memset(g, 0, VGA_GLYPH_BYTES);
        memcpy(g, glyphs + i * bytes_per_glyph, MIN(bytes_per_glyph, (unsigned)VGA_GLYPH_BYTES));
    }
}

void vga_set_charmap(struct vga *v, uint8_t map)
{
    v->seq[VGA_SEQ_CHARMAP] = map;
}

/* Attribute colour i through the palette registers and the DAC. */
static uint32_t text_rgb(const struct vga *v, unsigned i)
{
    uint8_t idx = v->attr[i & 15] & 0x3F;
    if (v->attr[VGA_ATTR_MODE] & 0x80)          /* P5-P4 from colour select */
        idx = (uint8_t)((idx & 0x0F) | (v->attr[VGA_ATTR_COLOR_SELECT] & 3) << 4);
    idx = (uint8_t)(idx | (v->attr[VGA_ATTR_COLOR_SELECT] & 0x0C) << 4);
    idx &= v->pel_mask;
    const uint8_t *c = v->dac[idx];
    return (uint32_t)dac6_to_8(c[0]) << 16 | (uint32_t)dac6_to_8(c[1]) << 8 | dac6_to_8(c[2]);
}

/* Font blocks selected by sequencer register 3 (bits 0,1,4 and 2,3,5). */
static unsigned charmap_block(uint8_t map, bool second)
{
    if (second)
        return (map >> 2 & 3) | (map >> 3 & 4);
    return (map & 3) | (map >> 2 & 4);
}

void vga_view(const struct vga *v, struct vga_view *o)
{
    const uint8_t *c = v->crtc;
    memset(o, 0, sizeof *o);
    o->graphics = v->graphics;
    o->mono = v->mono;
    o->wide = v->wide;
    o->cols = (unsigned)c[VGA_CRTC_HDISP_END] + 1;
    o->char_height = (c[VGA_CRTC_MAX_SCAN] & 0x1F) + 1u;
    o->height = v->view_height;
    o->rows = MAX(1u, o->height / o->char_height);
    o->dots = (v->seq[VGA_SEQ_CLOCKING] & 1) ? 8 : 9;
    o->width = o->cols * o->dots * (o->wide ? 2 : 1);
    o->blink = v->attr[VGA_ATTR_MODE] & VGA_ATTR_MODE_BLINK;
    o->line_graphics = v->attr[VGA_ATTR_MODE] & VGA_ATTR_MODE_LGE;
    o->vram_lin = v->mono ? 0xB0000u : 0xB8000u;
    o->start = (uint16_t)(c[VGA_CRTC_START_HI] << 8 | c[VGA_CRTC_START_LO]);
    o->offset_words = (uint16_t)(c[VGA_CRTC_OFFSET] * 2);
    o->cursor = (uint16_t)(c[VGA_CRTC_CURSOR_HI] << 8 | c[VGA_CRTC_CURSOR_LO]);
    o->cursor_enabled = !(c[VGA_CRTC_CURSOR_START] & VGA_CURSOR_OFF);
    o->cursor_start = c[VGA_CRTC_CURSOR_START] & 0x1F;
    o->cursor_end = c[VGA_CRTC_CURSOR_END] & 0x1F;
    o->underline = c[VGA_CRTC_UNDERLINE] & 0x1F;
    for (unsigned i = 0; i < 16; i++)
        o->rgb[i] = text_rgb(v, i);
    o->overscan_rgb = 0;
    o->font[0] = &v->font[charmap_block(v->seq[VGA_SEQ_CHARMAP], false)][0][0];
    o->font[1] = &v->font[charmap_block(v->seq[VGA_SEQ_CHARMAP], true)][0][0];
}
