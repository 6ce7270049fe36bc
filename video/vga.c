/* VGA registers, ports and retrace timing (IBM VGA Technical Reference;
 * RBIL PORTS.B), the CGA mode and colour ports, and what the renderers read. */
#include "video/vga.h"

#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "video/render.h"
#include "video/vga_impl.h"

#define STATUS_DISPLAY_OFF 0x01 /* input status 1: not in active display */
#define STATUS_VRETRACE 0x08
#define MISC_COLOR_IO 0x01 /* CRTC at 3D4h (else 3B4h) */
#define DAC_STATE_WRITE 0x00
#define DAC_STATE_READ 0x03
#define DOT_CLOCK_25MHZ 25175000u
#define DOT_CLOCK_28MHZ 28322000u
#define MISC_CLOCK_SHIFT 2
#define SEQ_CLOCK_8DOT 0x01
#define SEQ_CLOCK_HALF 0x08
#define VBE_FRAME_NS 16683333u /* 60 Hz */
#define VBE_LINES 525u
#define CGA_COLOR_INTENSE 0x10  /* 3D9h: bright foreground palette */
#define CGA_COLOR_PALETTE1 0x20 /* 3D9h: cyan/magenta/white */
#define CGA_MODE_BW 0x04        /* 3D8h: the third palette (cyan/red/white) */

static uint8_t dac6_to_8(uint8_t v)
{
    v &= 0x3F;
    return (uint8_t)(v << 2 | v >> 4);
}

/* ---- retrace timing ---- */

static uint64_t round_div(uint64_t a, uint64_t b)
{
    return (a + b / 2) / b;
}

/* Line and frame times from the CRTC's horizontal/vertical totals, the
 * character width and the dot clock; 70 Hz text timing when the registers
 * make no sense (a program halfway through reprogramming them). */
static void vga_timing_update(struct vga *v)
{
    const uint8_t *c = v->crtc;
    struct vga_timing *t = &v->timing;
    uint64_t clock = ((v->misc >> MISC_CLOCK_SHIFT) & 3) == 1 ? DOT_CLOCK_28MHZ
                                                              : DOT_CLOCK_25MHZ;
    unsigned dots = (v->seq[VGA_SEQ_CLOCKING] & SEQ_CLOCK_8DOT) ? 8 : 9;
    dots *= (v->seq[VGA_SEQ_CLOCKING] & SEQ_CLOCK_HALF) ? 2 : 1;
    unsigned ovf = c[VGA_CRTC_OVERFLOW];
    unsigned vtotal = (c[0x06] | (ovf & 1) << 8 | (ovf >> 5 & 1) << 9) + 2;
    unsigned vde = (c[VGA_CRTC_VDISP_END] | (ovf >> 1 & 1) << 8 | (ovf >> 6 & 1) << 9) + 1;
    unsigned vrs = c[VGA_CRTC_VRETRACE_START] | (ovf >> 2 & 1) << 8 | (ovf >> 7 & 1) << 9;
    unsigned vrlines = ((c[VGA_CRTC_VRETRACE_END] & 0x0F) - vrs) & 0x0F;
    t->line_ns = round_div((uint64_t)(c[0x00] + 5) * dots * CLOCK_NS_PER_SEC, clock);
    t->hdisplay_ns = round_div((uint64_t)(c[VGA_CRTC_HDISP_END] + 1) * dots * CLOCK_NS_PER_SEC,
                               clock);
    t->display_lines = vde;
    t->vretrace_start = vrs;
    t->vretrace_lines = vrlines ? vrlines : 16;
    t->frame_ns = t->line_ns * vtotal;
    if (vtotal < 100 || vde > vtotal || t->hdisplay_ns >= t->line_ns) {
        *t = (struct vga_timing){VGA_LINE_NS, VGA_FRAME_NS,      VGA_HDISPLAY_NS,
                                 400,         VGA_VRETRACE_LINE, VGA_VRETRACE_LINES};
    }
    if (v->vbe.active) {
        t->frame_ns = VBE_FRAME_NS;
        t->line_ns = VBE_FRAME_NS / VBE_LINES;
        t->display_lines = v->vbe.mode.height < VBE_LINES ? v->vbe.mode.height : VBE_LINES - 10;
        t->vretrace_start = t->display_lines + 2;
        t->vretrace_lines = 2;
        t->hdisplay_ns = t->line_ns * 4 / 5;
    }
    v->timing_stale = false;
}

static const struct vga_timing *timing(struct vga *v)
{
    if (v->timing_stale)
        vga_timing_update(v);
    return &v->timing;
}

static uint8_t status1(struct vga *v)
{
    const struct vga_timing *t = timing(v);
    uint64_t now = clock_now_ns(v->clk);
    uint64_t in_frame = now % t->frame_ns;
    uint64_t line = in_frame / t->line_ns, in_line = in_frame % t->line_ns;
    uint8_t s = 0;
    if (line >= t->display_lines || in_line >= t->hdisplay_ns)
        s |= STATUS_DISPLAY_OFF;
    if (line >= t->vretrace_start && line < t->vretrace_start + t->vretrace_lines)
        s |= STATUS_VRETRACE;
    v->attr_flip = false; /* reading status 1 resets the 3C0h flip-flop */
    return s;
}

/* ---- ports ---- */

/* CRTC registers 0-7 are write-protected while bit 7 of register 11h is
 * set, except the line compare bit 8 in register 7 (IBM VGA). */
static void crtc_write(struct vga *v, uint8_t val)
{
    enum { PROTECT = 0x80, LINE_COMPARE_BIT8 = 0x10 };
    unsigned i = v->crtc_index;
    if (i >= VGA_CRTC_REGS)
        return;
    if (i <= VGA_CRTC_OVERFLOW && (v->crtc[VGA_CRTC_VRETRACE_END] & PROTECT)) {
        if (i != VGA_CRTC_OVERFLOW)
            return;
        val = (uint8_t)((v->crtc[i] & ~LINE_COMPARE_BIT8) | (val & LINE_COMPARE_BIT8));
    }
    v->crtc[i] = val;
    v->timing_stale = true;
}

/* EGA colour for a CGA IRGB colour in the 200-line modes, whose DAC
 * (IBM VGA BIOS) takes bit 4 as intensity. */
static uint8_t cga_to_ega(unsigned irgb)
{
    return (uint8_t)((irgb & 7) | (irgb & 8) << 1);
}

/* A program drove the CGA colour register (3D9h) or mode control (3D8h):
 * reprogram the attribute palette the way the VGA BIOS does for INT 10h
 * 0Bh. 320x200: bits 0-3 background, bit 4 bright, bit 5 palette;
 * 640x200: bits 0-3 the foreground (IBM CGA). Text modes are unaffected. */
static void cga_palette(struct vga *v)
{
    static const uint8_t k_sets[3][3] = {{2, 4, 6}, {3, 5, 7}, {3, 4, 7}};
    uint8_t c = v->cga_color;
    if (!(v->gc[VGA_GC_MISC] & VGA_GC_MISC_GRAPHICS))
        return;
    if (!(v->gc[VGA_GC_MODE] & VGA_GC_MODE_SHIFT_CGA)) {
        for (unsigned i = 1; i < VGA_ATTR_PALETTE_REGS; i++)
            v->attr[i] = cga_to_ega(c & 15);
        return;
    }
    unsigned set = (v->cga_mode & CGA_MODE_BW) ? 2 : (c & CGA_COLOR_PALETTE1) ? 1 : 0;
    unsigned bright = (c & CGA_COLOR_INTENSE) ? 8 : 0;
    v->attr[0] = cga_to_ega(c & 15);
    for (unsigned i = 0; i < 3; i++)
        v->attr[1 + i] = cga_to_ega(k_sets[set][i] | bright);
}

void vga_set_cga_color(struct vga *v, uint8_t val)
{
    v->cga_color = val;
    cga_palette(v);
    v->gen++;
}

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
    v->dac[v->dac_write][v->dac_comp_w] = val & (v->vbe.dac_bits == 8 ? 0xFF : 0x3F);
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
        return 0; /* input status 0, feature control */
    }
}

static void vga_write(void *ctx, uint16_t port, uint8_t val)
{
    struct vga *v = ctx;
    LOG(LOG_VIDEO, "VGA %03Xh <- %02Xh", port, val);
    v->gen++;
    switch (port) {
    case VGA_PORT_CRTC_MONO:
    case VGA_PORT_CRTC:
        v->crtc_index = val;
        return;
    case VGA_PORT_CRTC_MONO + 1:
    case VGA_PORT_CRTC + 1:
        crtc_write(v, val);
        return;
    case VGA_PORT_ATTR:
        attr_write(v, val);
        return;
    case VGA_PORT_MISC_WRITE:
        v->misc = val;
        v->timing_stale = true;
        return;
    case VGA_PORT_SEQ:
        v->seq_index = val;
        return;
    case VGA_PORT_SEQ + 1:
        if (v->seq_index < VGA_SEQ_REGS)
            v->seq[v->seq_index] = val;
        v->timing_stale = true;
        vga_mem_regs_changed(v);
        return;
    case VGA_PORT_PEL_MASK:
        v->pel_mask = val;
        return;
    case VGA_PORT_DAC_READ:
        v->dac_read = val;
        v->dac_comp_r = 0;
        v->dac_reading = true;
        return;
    case VGA_PORT_DAC_WRITE:
        v->dac_write = val;
        v->dac_comp_w = 0;
        v->dac_reading = false;
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
        vga_mem_regs_changed(v);
        return;
    case VGA_PORT_CGA_MODE:
        v->cga_mode = val;
        cga_palette(v);
        return;
    case VGA_PORT_CGA_COLOR:
        v->cga_color = val;
        cga_palette(v);
        return;
    default:
        return;
    }
}

/* ---- frames and screen-use detection ---- */

static void check_watch(struct vga *v)
{
    const uint8_t *now = mem_ptr(v->mem, VGA_WATCH_LIN, VGA_WATCH_BYTES);
    if (!v->shadow)
        return;
    bool device_written = v->vram_writes != v->watch_vram_writes;
    if (!device_written && (!now || !memcmp(now, v->shadow, VGA_WATCH_BYTES)))
        return;
    LOG(LOG_VIDEO, "video RAM written: the program uses the screen");
    vga_note_use(v, VGA_USE_TEXT);
}

void vga_watch_check(struct vga *v)
{
    check_watch(v);
}

bool vga_watch_quick(struct vga *v)
{
    struct vga_view w;
    if (!v->shadow)
        return false;
    vga_view(v, &w);
    uint32_t off = (uint32_t)w.start * 2, len = MIN(w.rows * w.offset_words * 2, 0x8000u);
    if (w.graphics || off + len > 0x8000u)
        return false;
    uint32_t lin = w.vram_lin + off;
    const uint8_t *now = mem_ptr(v->mem, lin, len);
    if (!now || !memcmp(now, v->shadow + (lin - VGA_WATCH_LIN), len))
        return false;
    LOG(LOG_VIDEO, "video RAM written: the program uses the screen");
    return vga_note_use(v, VGA_USE_TEXT);
}

/* Frames are scheduled while someone watches them or video RAM is
 * compared; in deterministic runs always, so that slices end at the same
 * guest points whatever the frontend (a replay headless of a session
 * recorded in a window). */
static uint64_t vga_sched(void *ctx, uint64_t now_ns)
{
    struct vga *v = ctx;
    if (v->look_ns && now_ns >= v->next_look_ns) {
        v->next_look_ns = now_ns + v->look_ns;
        v->look_fn(v->look_ctx, now_ns);
    }
    uint64_t look = v->look_ns ? v->next_look_ns : SCHED_NEVER;
    if (!v->frame_fn && !v->shadow && !clock_deterministic(v->clk))
        return look;
    uint64_t period = vga_frame_ns(v);
    if (now_ns >= v->next_frame_ns) {
        check_watch(v);
        if (v->frame_fn)
            v->frame_fn(v->frame_ctx, now_ns);
        v->next_frame_ns = (now_ns / period + 1) * period;
    }
    return MIN(v->next_frame_ns, look);
}

/* The guest waits: show what it drew now; until its code runs again the
 * picture changes only when the text cursor or blinking text turns
 * (every VID_CURSOR_BLINK_FRAMES frames), in graphics modes never. A
 * waiting text screen costs 4 wake-ups a second instead of 70. Runs
 * that count virtual time keep every frame (scripts see frame times). */
static uint64_t vga_idle(void *ctx, uint64_t now_ns, uint64_t next_ns)
{
    struct vga *v = ctx;
    if (next_ns == SCHED_NEVER || clock_deterministic(v->clk))
        return next_ns;
    if (!v->frame_fn && !v->shadow)
        return SCHED_NEVER; /* looks: nothing changes while the guest waits */
    check_watch(v);
    if (v->frame_fn)
        v->frame_fn(v->frame_ctx, now_ns);
    if ((v->attr[VGA_ATTR_MODE] & VGA_ATTR_MODE_GRAPHICS) || v->vbe.active)
        return SCHED_NEVER;
    uint64_t edge = vga_frame_ns(v) * VID_CURSOR_BLINK_FRAMES;
    return MAX(next_ns, (now_ns / edge + 1) * edge);
}

/* The copy of video RAM stays readable while fn learns of the first use
 * (vga_watched), and is dropped after it. */
bool vga_note_use(struct vga *v, enum vga_use use)
{
    uint8_t *copy = v->shadow;
    if (!v->use_fn)
        return false;
    bool look = v->use_fn(v->use_ctx, use);
    if (v->shadow == copy) { /* else fn unwatched or watched again */
        free(copy);
        v->shadow = NULL;
    }
    return look;
}

void vga_watch(struct vga *v, vga_use_fn *fn, void *ctx, bool memory)
{
    const uint8_t *now = mem_ptr(v->mem, VGA_WATCH_LIN, VGA_WATCH_BYTES);
    free(v->shadow);
    v->shadow = NULL;
    if (memory) {
        v->shadow = xcalloc(1, VGA_WATCH_BYTES);
        if (now)
            memcpy(v->shadow, now, VGA_WATCH_BYTES);
    }
    v->use_fn = fn;
    v->use_ctx = ctx;
    v->watch_vram_writes = v->vram_writes;
    v->next_frame_ns = 0;
}

void vga_unwatch(struct vga *v)
{
    v->use_fn = NULL;
    free(v->shadow);
    v->shadow = NULL;
}

const uint8_t *vga_watched(const struct vga *v, uint32_t lin, uint32_t len)
{
    if (!v->shadow || lin < VGA_WATCH_LIN || lin - VGA_WATCH_LIN > VGA_WATCH_BYTES ||
        len > VGA_WATCH_BYTES - (lin - VGA_WATCH_LIN))
        return NULL;
    return v->shadow + (lin - VGA_WATCH_LIN);
}

void vga_own_write(struct vga *v, uint32_t lin, uint32_t len)
{
    v->own_writes++;
    if (!v->shadow || lin < VGA_WATCH_LIN || lin - VGA_WATCH_LIN >= VGA_WATCH_BYTES)
        return;
    len = MIN(len, VGA_WATCH_BYTES - (lin - VGA_WATCH_LIN));
    mem_read(v->mem, lin, v->shadow + (lin - VGA_WATCH_LIN), len);
}

uint64_t vga_own_writes(const struct vga *v)
{
    return v->own_writes;
}

void vga_looks(struct vga *v, vga_frame_fn *fn, void *ctx, uint64_t period_ns)
{
    v->look_fn = fn;
    v->look_ctx = ctx;
    v->look_ns = fn ? period_ns : 0;
    v->next_look_ns = clock_now_ns(v->clk) + v->look_ns;
}

void vga_note_text_scroll(struct vga *v, unsigned rows, unsigned bottom)
{
    if (v->scroll_fn && rows)
        v->scroll_fn(v->scroll_ctx, rows, bottom);
}

void vga_text_scrolls(struct vga *v, vga_scroll_fn *fn, void *ctx)
{
    v->scroll_fn = fn;
    v->scroll_ctx = ctx;
}

void vga_frames(struct vga *v, vga_frame_fn *fn, void *ctx)
{
    v->frame_fn = fn;
    v->frame_ctx = ctx;
    v->next_frame_ns = 0;
}

uint64_t vga_frame_ns(struct vga *v)
{
    return timing(v)->frame_ns;
}

void vga_set_pointer(struct vga *v, const struct vga_pointer *p)
{
    if (!memcmp(&v->ptr, p, sizeof *p))
        return;
    v->ptr = *p;
    v->gen++;
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
    v->codepage = VGA_CODEPAGE_DEFAULT;
    v->vbe.dac_bits = 6;
    v->timing_stale = true;
    vga_mem_init(v);
    io_register(io, VGA_PORT_CRTC_MONO, 2, vga_read, vga_write, v);
    io_register(io, VGA_PORT_STATUS_MONO, 1, vga_read, vga_write, v);
    io_register(io, VGA_PORT_ATTR, 0x10, vga_read, vga_write, v);
    io_register(io, VGA_PORT_CRTC, 2, vga_read, vga_write, v);
    io_register(io, VGA_PORT_CGA_MODE, 3, vga_read, vga_write, v);
    if (sched)
        sched_add_idle(sched, vga_sched, vga_idle, v);
    return v;
}

/* Gives the video window back to RAM first: the CPU may outlive us. */
void vga_free(struct vga *v)
{
    if (!v)
        return;
    v->vbe.active = false;
    v->gc[VGA_GC_MISC] = 0x0E;
    v->seq[VGA_SEQ_MEM_MODE] = 0x02;
    vga_map_update(v);
    vga_vbe_free(v);
    vga_mem_free(v);
    free(v->shadow);
    free(v);
}

/* ---- register access for the BIOS ---- */

uint8_t vga_attr(const struct vga *v, unsigned reg)
{
    return reg < VGA_ATTR_REGS ? v->attr[reg] : 0;
}

void vga_set_attr(struct vga *v, unsigned reg, uint8_t val)
{
    if (reg < VGA_ATTR_REGS)
        v->attr[reg] = val;
    v->gen++;
}

void vga_dac_get(const struct vga *v, unsigned idx, uint8_t rgb[3])
{
    memcpy(rgb, v->dac[idx & 0xFF], 3);
}

void vga_dac_set(struct vga *v, unsigned idx, const uint8_t rgb[3])
{
    uint8_t max = v->vbe.dac_bits == 8 ? 0xFF : 0x3F;
    for (int i = 0; i < 3; i++)
        v->dac[idx & 0xFF][i] = rgb[i] & max;
    v->gen++;
}

uint8_t vga_pel_mask(const struct vga *v)
{
    return v->pel_mask;
}

void vga_set_pel_mask(struct vga *v, uint8_t mask)
{
    v->pel_mask = mask;
    v->gen++;
}

void vga_set_cursor_pos(struct vga *v, uint16_t cell_offset)
{
    v->gen++;
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
    v->gen++;
    v->crtc[VGA_CRTC_START_HI] = (uint8_t)(cell_offset >> 8);
    v->crtc[VGA_CRTC_START_LO] = (uint8_t)cell_offset;
}

/* Where font block n starts in plane 2 (IBM VGA: blocks 0-3 every 16 KiB,
 * 4-7 in the 8 KiB gaps between them). */
static uint32_t font_block_addr(unsigned block)
{
    static const uint16_t k_base[VGA_FONT_BLOCKS] = {
        0x0000, 0x4000, 0x8000, 0xC000, 0x2000, 0x6000, 0xA000, 0xE000,
    };
    return k_base[block % VGA_FONT_BLOCKS];
}

void vga_load_font(struct vga *v, unsigned block, unsigned first, unsigned count,
                   const uint8_t *glyphs, unsigned bytes_per_glyph)
{
    enum { PLANE_FONT = 2 };
    uint32_t base = font_block_addr(block);
    unsigned n = MIN(bytes_per_glyph, (unsigned)VGA_GLYPH_BYTES);
    for (unsigned i = 0; i < count && first + i < 256; i++) {
        uint8_t *g = v->vram + (base + (first + i) * VGA_GLYPH_BYTES) * VGA_PLANES + PLANE_FONT;
        for (unsigned line = 0; line < VGA_GLYPH_BYTES; line++)
            g[line * VGA_PLANES] = line < n ? glyphs[i * bytes_per_glyph + line] : 0;
    }
    v->gen++;
}

void vga_set_charmap(struct vga *v, uint8_t map)
{
    v->seq[VGA_SEQ_CHARMAP] = map;
    v->gen++;
}

/* DAC entry idx (after the pel mask) as 0x00RRGGBB. */
uint32_t vga_dac_rgb(const struct vga *v, unsigned idx)
{
    const uint8_t *c = v->dac[idx & v->pel_mask & 0xFF];
    if (v->vbe.dac_bits == 8)
        return (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2];
    return (uint32_t)dac6_to_8(c[0]) << 16 | (uint32_t)dac6_to_8(c[1]) << 8 | dac6_to_8(c[2]);
}

/* Attribute colour i through the palette registers and the DAC. */
uint32_t vga_attr_rgb(const struct vga *v, unsigned i)
{
    uint8_t idx = v->attr[i & 15] & 0x3F;
    if (v->attr[VGA_ATTR_MODE] & 0x80) /* P5-P4 from colour select */
        idx = (uint8_t)((idx & 0x0F) | (v->attr[VGA_ATTR_COLOR_SELECT] & 3) << 4);
    idx = (uint8_t)(idx | (v->attr[VGA_ATTR_COLOR_SELECT] & 0x0C) << 4);
    return vga_dac_rgb(v, idx);
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
    o->graphics = (v->attr[VGA_ATTR_MODE] & VGA_ATTR_MODE_GRAPHICS) || v->vbe.active;
    o->mono = v->mono;
    o->wide = v->wide;
    o->codepage = v->codepage;
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
        o->rgb[i] = vga_attr_rgb(v, i);
    o->overscan_rgb = 0;
    o->pointer = v->ptr.visible && v->ptr.text;
    o->pointer_col = v->ptr.col;
    o->pointer_row = v->ptr.row;
    o->pointer_and = v->ptr.text_and;
    o->pointer_xor = v->ptr.text_xor;
    for (unsigned k = 0; k < 2; k++)
        o->font[k] = v->vram +
                     font_block_addr(charmap_block(v->seq[VGA_SEQ_CHARMAP], k)) * VGA_PLANES +
                     2;
}
