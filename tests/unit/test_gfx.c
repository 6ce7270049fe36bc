/* Graphics: the VGA's graphics controller path byte by byte (a table of
 * register settings, latches and expected planes), chain 4 and odd/even
 * addressing, device memory in cpu/mem, the scan-out (native sizes, CGA
 * interleave, split screen, DAC), timing, the VESA window, the INT 33h
 * driver's arithmetic, and the mouse and screenshot parts of key scripts
 * and terminal input. No CPU: memory accesses go through bus/mem. */
#include <stdlib.h>
#include <string.h>

#include "ui/keyscript.h"
#include "ui/term_input.h"
#include "bios/bios.h"
#include "bios/intr.h"
#include "bus/mem.h"
#include "hw/clock.h"
#include "bus/io.h"
#include "hw/pic.h"
#include "tests/unit/unit.h"
#include "tests/unit/unit_bios.h"
#include "video/render.h"
#include "video/vga.h"

#define A000 0xA0000u

static struct unit_bios g_m;
static struct mem *g_mem;
static struct io *g_io;
static struct vclock *g_clk;
static struct vga *g_vga;
static struct intr *g_ir;
static struct pic *g_pic;
static struct bios *g_bios;
static struct vid_frame *g_frame;

static void setup(void)
{
    unit_bios_setup(&g_m, UNIT_BIOS_PIC | UNIT_BIOS_VGA);
    g_mem = g_m.mem;
    g_io = g_m.io;
    g_clk = g_m.clk;
    g_pic = g_m.pic;
    g_vga = g_m.vga;
    g_ir = g_m.ir;
    g_bios = g_m.bios;
    g_frame = calloc(1, sizeof *g_frame);
}

static void teardown(void)
{
    free(g_frame);
    unit_bios_teardown(&g_m);
}

static void seq(uint8_t i, uint8_t v) { io_out(g_io, VGA_PORT_SEQ, 2, (uint32_t)(v << 8 | i)); }
static void gc(uint8_t i, uint8_t v) { io_out(g_io, VGA_PORT_GC, 2, (uint32_t)(v << 8 | i)); }
static void crtc(uint8_t i, uint8_t v) { io_out(g_io, VGA_PORT_CRTC, 2, (uint32_t)(v << 8 | i)); }

/* ---- the graphics controller, one write at a time ---- */

struct wcase {
    const char *what;
    uint32_t planes;            /* plane bytes at the address before (plane 0 low) */
    uint8_t gc[9];              /* set/reset, enable, compare, rotate, read map, mode, misc, dc, mask */
    uint8_t map_mask;
    uint8_t data;
    uint32_t want;
};

/* IBM VGA Technical Reference, "Graphics Controller Registers". */
static const struct wcase k_writes[] = {
    {"mode 0 plain", 0x00000000, {0, 0, 0, 0, 0, 0, 5, 15, 0xFF}, 0xF, 0x5A, 0x5A5A5A5A},
    {"mode 0 map mask", 0x11223344, {0, 0, 0, 0, 0, 0, 5, 15, 0xFF}, 0x5, 0xAB, 0x11AB33AB},
    {"mode 0 set/reset", 0x00000000, {0x05, 0x0F, 0, 0, 0, 0, 5, 15, 0xFF}, 0xF, 0x00, 0x00FF00FF},
    {"mode 0 set/reset planes 0-1 only", 0, {0x0F, 0x03, 0, 0, 0, 0, 5, 15, 0xFF}, 0xF, 0x42,
     0x4242FFFF},
    {"mode 0 rotate 4", 0, {0, 0, 0, 0x04, 0, 0, 5, 15, 0xFF}, 0xF, 0x12, 0x21212121},
    {"mode 0 AND latch", 0xF0F0F0F0, {0, 0, 0, 0x08, 0, 0, 5, 15, 0xFF}, 0xF, 0x3C, 0x30303030},
    {"mode 0 OR latch", 0xF0F0F0F0, {0, 0, 0, 0x10, 0, 0, 5, 15, 0xFF}, 0xF, 0x0C, 0xFCFCFCFC},
    {"mode 0 XOR latch", 0xF0F0F0F0, {0, 0, 0, 0x18, 0, 0, 5, 15, 0xFF}, 0xF, 0xFF, 0x0F0F0F0F},
    {"mode 0 bit mask", 0xF0F0F0F0, {0, 0, 0, 0, 0, 0, 5, 15, 0x0F}, 0xF, 0xFF, 0xFFFFFFFF},
    {"mode 0 bit mask keeps latch", 0xAAAAAAAA, {0, 0, 0, 0, 0, 0, 5, 15, 0xF0}, 0xF, 0x00,
     0x0A0A0A0A},
    {"mode 1 latch copy", 0x44332211, {0, 0, 0, 0x18, 0, 1, 5, 15, 0x00}, 0xF, 0x99, 0x44332211},
    {"mode 2 colour", 0x00000000, {0, 0, 0, 0, 0, 2, 5, 15, 0x81}, 0xF, 0x0A, 0x81008100},
    {"mode 2 XOR", 0xFFFFFFFF, {0, 0, 0, 0x18, 0, 2, 5, 15, 0xFF}, 0xF, 0x03, 0xFFFF0000},
    {"mode 3 set/reset under data", 0x0F0F0F0F, {0x06, 0, 0, 0, 0, 3, 5, 15, 0x3C}, 0xF, 0xF0,
     0x0F3F3F0F},
    {"mode 3 rotated data", 0x00000000, {0x0F, 0, 0, 0x01, 0, 3, 5, 15, 0xFF}, 0xF, 0x03,
     0x81818181},
};

START_TEST(test_gc_write_paths_match_the_reference)
{
    const struct wcase *c = &k_writes[_i];
    vga_set_gfx_mode(g_vga, 0x12);
    vga_set_planes(g_vga, 7, c->planes, ~0u);
    mem_rd8(g_mem, A000 + 7);                   /* load the latches */
    for (uint8_t i = 0; i < 9; i++)
        gc(i, c->gc[i]);
    seq(VGA_SEQ_MAP_MASK, c->map_mask);
    mem_wr8(g_mem, A000 + 7, c->data);
    ck_assert_msg(vga_planes(g_vga, 7) == c->want, "%s: planes %08X, expected %08X", c->what,
                  vga_planes(g_vga, 7), c->want);
}
END_TEST

START_TEST(test_gc_read_modes_map_select_and_colour_compare)
{
    vga_set_gfx_mode(g_vga, 0x12);
    /* pixel colours by bit: bit 7 = 5, bit 0 = 7, the rest 0 */
    vga_set_planes(g_vga, 3, 0x00810181, ~0u);
    gc(VGA_GC_READ_MAP, 1);
    ck_assert_uint_eq(mem_rd8(g_mem, A000 + 3), 0x01);
    gc(VGA_GC_MODE, 0x08);
    gc(VGA_GC_COLOR_COMPARE, 5);
    gc(VGA_GC_DONT_CARE, 0x0F);
    ck_assert_uint_eq(mem_rd8(g_mem, A000 + 3), 0x80);
    gc(VGA_GC_DONT_CARE, 0x05);         /* planes 0 and 2: 5 and 7 look alike */
    ck_assert_uint_eq(mem_rd8(g_mem, A000 + 3), 0x81);
    gc(VGA_GC_DONT_CARE, 0x00);         /* nothing cared for: everything matches */
    ck_assert_uint_eq(mem_rd8(g_mem, A000 + 3), 0xFF);
}
END_TEST

START_TEST(test_chain4_and_odd_even_addressing)
{
    vga_set_gfx_mode(g_vga, 0x13);
    mem_wr8(g_mem, A000 + 0x1235, 0x77);                /* plane 1 at 48Dh */
    ck_assert_uint_eq(vga_planes(g_vga, 0x48D) >> 8 & 0xFF, 0x77);
    ck_assert_uint_eq(mem_rd8(g_mem, A000 + 0x1235), 0x77);
    vga_set_gfx_mode(g_vga, 0x04);
    mem_wr16(g_mem, 0xB8000 + 0x2000 + 4, 0xBBAA);      /* odd line 1: planes 0/1 at 2004h */
    ck_assert_uint_eq(vga_planes(g_vga, 0x2004) & 0xFFFF, 0xBBAA);
}
END_TEST

/* ---- device memory in cpu/mem ---- */

START_TEST(test_device_window_follows_the_mode)
{
    ck_assert_ptr_nonnull(mem_ptr(g_mem, 0xB8000, 2));          /* text: RAM */
    ck_assert_ptr_null(mem_io_at(g_mem, A000));
    vga_set_gfx_mode(g_vga, 0x12);
    ck_assert_ptr_nonnull(mem_io_at(g_mem, A000));
    ck_assert_ptr_null(mem_io_at(g_mem, 0xB8000));
    ck_assert_ptr_null(mem_ptr(g_mem, 0xAFFF0, 0x20));         /* spans device memory */
    ck_assert_ptr_nonnull(mem_ptr(g_mem, 0x9FFF0, 0x10));
    uint8_t src[32], dst[32];
    for (int i = 0; i < 32; i++)
        src[i] = (uint8_t)i;
    mem_write(g_mem, 0x9FFF0, src, sizeof src);                /* half RAM, half planes */
    mem_read(g_mem, 0x9FFF0, dst, sizeof dst);
    ck_assert_mem_eq(src, dst, sizeof src);
    ck_assert_uint_eq(vga_planes(g_vga, 0x0F), 0x1F1F1F1F);    /* map mask 0Fh: all planes */
    vga_set_gfx_mode(g_vga, 0x04);                             /* CGA: B8000h only */
    ck_assert_ptr_null(mem_io_at(g_mem, A000));
    ck_assert_ptr_nonnull(mem_io_at(g_mem, 0xB8000));
}
END_TEST

/* The font-loading sequence in a text mode (plane 2 at A0000h) reaches the
 * character generator. */
START_TEST(test_plane2_font_writes_change_the_glyphs)
{
    seq(VGA_SEQ_MAP_MASK, 0x04);
    seq(VGA_SEQ_MEM_MODE, 0x06);
    gc(VGA_GC_READ_MAP, 2);
    gc(VGA_GC_MODE, 0x00);
    gc(VGA_GC_MISC, 0x04);
    ck_assert_ptr_nonnull(mem_io_at(g_mem, A000));
    mem_wr8(g_mem, A000 + 'A' * 32 + 3, 0xE7);
    seq(VGA_SEQ_MAP_MASK, 0x03);
    seq(VGA_SEQ_MEM_MODE, 0x02);
    gc(VGA_GC_READ_MAP, 0);
    gc(VGA_GC_MODE, 0x10);
    gc(VGA_GC_MISC, 0x0E);
    ck_assert_ptr_null(mem_io_at(g_mem, A000));
    struct vga_view w;
    vga_view(g_vga, &w);
    ck_assert_uint_eq(w.font[0][('A' * 32 + 3) * VGA_FONT_STRIDE], 0xE7);
}
END_TEST

/* ---- scan-out ---- */

static uint32_t px(unsigned x, unsigned y)
{
    return g_frame->px[(size_t)y * g_frame->width + x];
}

START_TEST(test_render_native_sizes_of_the_standard_modes)
{
    static const struct { uint8_t mode; unsigned w, h; } k_sizes[] = {
        {0x04, 320, 200}, {0x06, 640, 200}, {0x0D, 320, 200}, {0x0E, 640, 200},
        {0x10, 640, 350}, {0x12, 640, 480}, {0x13, 320, 200},
    };
    for (size_t i = 0; i < sizeof k_sizes / sizeof k_sizes[0]; i++) {
        vga_set_gfx_mode(g_vga, k_sizes[i].mode);
        vid_render(g_vga, g_mem, VID_PHASE_STILL, g_frame);
        ck_assert_msg(g_frame->width == k_sizes[i].w && g_frame->height == k_sizes[i].h,
                      "mode %02Xh: %ux%u", k_sizes[i].mode, g_frame->width, g_frame->height);
    }
}
END_TEST

START_TEST(test_render_mode13_pixels_through_the_dac)
{
    vga_set_gfx_mode(g_vga, 0x13);
    vga_clear(g_vga);
    mem_wr8(g_mem, A000 + 5 * 320 + 7, 0x28);   /* default palette: 28h is red */
    vid_render(g_vga, g_mem, VID_PHASE_STILL, g_frame);
    ck_assert_uint_eq(px(7, 5), 0xFF0000);
    uint8_t rgb[3] = {0, 0x3F, 0};
    vga_dac_set(g_vga, 0x28, rgb);
    vid_render(g_vga, g_mem, VID_PHASE_STILL, g_frame);
    ck_assert_uint_eq(px(7, 5), 0x00FF00);
}
END_TEST

START_TEST(test_render_cga_odd_lines_come_from_the_second_bank)
{
    vga_set_gfx_mode(g_vga, 0x04);
    vga_clear(g_vga);
    mem_wr8(g_mem, 0xB8000 + 0x2000, 0xC0);     /* line 1, pixel 0: colour 3 (white) */
    vid_render(g_vga, g_mem, VID_PHASE_STILL, g_frame);
    ck_assert_uint_eq(px(0, 0), 0x000000);
    ck_assert_uint_eq(px(0, 1), 0xFFFFFF);
    ck_assert_uint_eq(px(1, 1), 0x000000);
}
END_TEST

/* Mode X: the split screen shows address 0 below the line compare. */
START_TEST(test_render_line_compare_splits_the_screen)
{
    vga_set_gfx_mode(g_vga, 0x13);
    seq(VGA_SEQ_MEM_MODE, 0x06);
    crtc(0x14, 0x00);
    crtc(0x17, 0xE3);
    seq(VGA_SEQ_MAP_MASK, 0x0F);
    vga_clear(g_vga);
    mem_wr8(g_mem, A000 + 0, 0x01);             /* line 0 of address 0: colour 1 */
    mem_wr8(g_mem, A000 + 0x4000, 0x04);        /* the page at 4000h: colour 4 */
    crtc(VGA_CRTC_START_HI, 0x40);
    crtc(VGA_CRTC_LINE_COMPARE, 200);           /* scan line 200 = line 100 */
    crtc(VGA_CRTC_OVERFLOW, 0x0F);              /* line compare bit 8 clear */
    crtc(VGA_CRTC_MAX_SCAN, 0x01);
    vid_render(g_vga, g_mem, VID_PHASE_STILL, g_frame);
    ck_assert_uint_eq(px(0, 0), 0xAA0000);      /* colour 4: red */
    ck_assert_uint_eq(px(0, 101), 0x0000AA);    /* colour 1 from address 0 */
}
END_TEST

START_TEST(test_timing_follows_the_crtc)
{
    vga_set_gfx_mode(g_vga, 0x13);
    uint64_t f70 = vga_frame_ns(g_vga);
    vga_set_gfx_mode(g_vga, 0x12);
    uint64_t f60 = vga_frame_ns(g_vga);
    ck_assert_uint_ge(f70, 14200000); ck_assert_uint_le(f70, 14350000);  /* 70 Hz */
    ck_assert_uint_ge(f60, 16600000); ck_assert_uint_le(f60, 16750000);  /* 60 Hz */
}
END_TEST

START_TEST(test_vbe_window_banks_and_16bpp_pixels)
{
    struct vga_vbe_mode m = {640, 480, 16, 1280};
    ck_assert(vga_vbe_set(g_vga, &m, true));
    vga_vbe_set_bank(g_vga, 1);
    mem_wr16(g_mem, A000 + 4, 0xF800);          /* byte 65540: pixel 32770 = (130, 25) */
    ck_assert_uint_eq(vga_vbe_fb(g_vga)[65540 + 1], 0xF8);
    vid_render(g_vga, g_mem, VID_PHASE_STILL, g_frame);
    ck_assert_uint_eq(g_frame->width, 640);
    ck_assert_uint_eq(px(130, 51), 0xFF0000);
    vga_vbe_off(g_vga);
}
END_TEST

START_TEST(test_aspect_scaling_makes_4_to_3)
{
    g_frame->width = 320;
    g_frame->height = 200;
    for (unsigned y = 0; y < 200; y++)
        g_frame->px[y * 320] = y;
    struct vid_frame *a = calloc(1, sizeof *a);
    vid_frame_aspect(g_frame, a);
    ck_assert_uint_eq(a->width, 320);
    ck_assert_uint_eq(a->height, 240);
    ck_assert_uint_eq(a->px[239 * 320], 199);
    ck_assert_uint_eq(a->px[120 * 320], 100);
    free(a);
}
END_TEST

/* ---- the mouse ---- */

/* INT 33h called natively, the way the router serves an unhooked vector. */
static struct cpu_regs int33(uint16_t ax, uint16_t bx, uint16_t cx, uint16_t dx)
{
    struct cpu_regs r = {.ax = ax, .bx = bx, .cx = cx, .dx = dx, .cs = 0x1000, .ip = 0x102,
                         .ss = 0x2000, .sp = 0xFFF0, .es = 0x1000};
    intr_dispatch(g_ir, 0x33, &r);
    return r;
}

START_TEST(test_mouse_reset_motion_ratio_and_range)
{
    struct cpu_regs r = int33(0x00, 0, 0, 0);
    ck_assert_uint_eq(r.ax, 0xFFFF); ck_assert_uint_eq(r.bx, 2);
    r = int33(0x03, 0, 0, 0);
    ck_assert_uint_eq(r.cx, 320); ck_assert_uint_eq(r.dx, 100);     /* the centre */
    bios_mouse_input(g_bios, 80, 32, false, 0);     /* 8 mickeys per 8 across, 16 down */
    r = int33(0x03, 0, 0, 0);
    ck_assert_uint_eq(r.cx, 400); ck_assert_uint_eq(r.dx, 116);
    int33(0x0F, 0, 16, 16);                         /* now 16 mickeys per 8 pixels */
    bios_mouse_input(g_bios, 16, 0, false, 0);
    r = int33(0x03, 0, 0, 0);
    ck_assert_uint_eq(r.cx, 408);
    int33(0x07, 0, 200, 100);                       /* range 100-200, given backwards */
    r = int33(0x03, 0, 0, 0);
    ck_assert_uint_eq(r.cx, 200);
    r = int33(0x0B, 0, 0, 0);                       /* mickeys since the reset */
    ck_assert_uint_eq(r.cx, 96); ck_assert_uint_eq(r.dx, 32);
    r = int33(0x0B, 0, 0, 0);
    ck_assert_uint_eq(r.cx, 0);
}
END_TEST

START_TEST(test_mouse_buttons_counters_and_the_irq)
{
    int33(0x00, 0, 0, 0);
    bios_mouse_input(g_bios, 100, 50, true, BIOS_MOUSE_LEFT);
    bios_mouse_input(g_bios, 100, 50, true, 0);
    struct cpu_regs r = int33(0x05, 0, 0, 0);
    ck_assert_uint_eq(r.bx, 1); ck_assert_uint_eq(r.cx, 100); ck_assert_uint_eq(r.dx, 50);
    r = int33(0x05, 0, 0, 0);
    ck_assert_uint_eq(r.bx, 0);                     /* read and reset */
    ck_assert(!pic_pending(g_pic));                 /* no handler: no IRQ 12 */
    int33(0x0C, 0, 0x02, 0x0200);                   /* handler for left presses only */
    bios_mouse_input(g_bios, 7, 0, false, 0);       /* a move: not in its mask */
    ck_assert(!bios_mouse_busy(g_bios));
    bios_mouse_input(g_bios, 0, 0, false, BIOS_MOUSE_LEFT);
    ck_assert(bios_mouse_busy(g_bios));
    ck_assert(pic_pending(g_pic));
    r = int33(0x24, 0, 0, 0);
    ck_assert_uint_eq(r.bx >> 8, 8); ck_assert_uint_eq(r.cx >> 8, 4);
    int33(0x1A, 30, 70, 64);
    r = int33(0x1B, 0, 0, 0);
    ck_assert_uint_eq(r.bx, 30); ck_assert_uint_eq(r.cx, 70);
}
END_TEST

/* ---- VESA through INT 10h ---- */

static struct cpu_regs int10(uint16_t ax, uint16_t bx, uint16_t cx, uint16_t dx)
{
    struct cpu_regs r = {.ax = ax, .bx = bx, .cx = cx, .dx = dx, .cs = 0x1000, .ip = 0x102,
                         .ss = 0x2000, .sp = 0xFFF0, .es = 0x3000, .di = 0};
    intr_dispatch(g_ir, 0x10, &r);
    return r;
}

struct vbe_case {
    uint16_t mode, width, height;
    uint8_t bpp, model;
};

/* VESA VBE 2.0 mode numbers (VBE 1.2 list; 142h-144h as Bochs numbers them). */
static const struct vbe_case k_vbe_modes[] = {
    {0x101, 640, 480, 8, 4},   {0x103, 800, 600, 8, 4},   {0x105, 1024, 768, 8, 4},
    {0x111, 640, 480, 16, 6},  {0x114, 800, 600, 16, 6},  {0x117, 1024, 768, 16, 6},
    {0x112, 640, 480, 24, 6},  {0x115, 800, 600, 24, 6},  {0x118, 1024, 768, 24, 6},
    {0x142, 640, 480, 32, 6},  {0x143, 800, 600, 32, 6},  {0x144, 1024, 768, 32, 6},
};

START_TEST(test_vbe_mode_information_and_set)
{
    const struct vbe_case *c = &k_vbe_modes[_i];
    struct cpu_regs r = int10(0x4F01, 0, c->mode, 0);
    ck_assert_uint_eq(r.ax, 0x004F);
    uint32_t info = 0x30000;
    ck_assert_uint_eq(mem_rd16(g_mem, info + 18), c->width);
    ck_assert_uint_eq(mem_rd16(g_mem, info + 20), c->height);
    ck_assert_uint_eq(mem_rd8(g_mem, info + 25), c->bpp);
    ck_assert_uint_eq(mem_rd8(g_mem, info + 27), c->model);
    ck_assert_uint_eq(mem_rd16(g_mem, info + 16), c->width * ((c->bpp + 7) / 8));
    ck_assert_uint_eq(mem_rd32(g_mem, info + 40), VGA_VBE_LFB_PHYS);
    r = int10(0x4F02, (uint16_t)(c->mode | 0x4000), 0, 0);
    ck_assert_uint_eq(r.ax, 0x004F);
    r = int10(0x4F03, 0, 0, 0);
    ck_assert_uint_eq(r.bx, c->mode | 0x4000);
    vid_render(g_vga, g_mem, VID_PHASE_STILL, g_frame);
    ck_assert_uint_eq(g_frame->width, c->width);
    ck_assert_uint_eq(g_frame->height, c->height);
    r = int10(0x4F07, 0, 0, 2);                 /* display start: line 2 */
    r = int10(0x4F07, 1, 0, 0);
    ck_assert_uint_eq(r.dx, 2);
    r = int10(0x0003, 0, 0, 0);                 /* back to text */
    ck_assert(!vga_vbe_active(g_vga));
}
END_TEST

START_TEST(test_vbe_refuses_unknown_modes_and_window_b)
{
    ck_assert_uint_eq(int10(0x4F01, 0, 0x1FF, 0).ax, 0x014F);
    ck_assert_uint_eq(int10(0x4F02, 0x17F, 0, 0).ax, 0x014F);
    ck_assert_uint_eq(int10(0x4F05, 0, 0, 0).ax, 0x034F);       /* not in a VESA mode */
    int10(0x4F02, 0x101, 0, 0);
    ck_assert_uint_eq(int10(0x4F05, 0x0001, 0, 1).ax, 0x014F);  /* window B */
    ck_assert_uint_eq(int10(0x4F05, 0x0000, 0, 3).ax, 0x004F);
    ck_assert_uint_eq(int10(0x4F05, 0x0100, 0, 0).dx, 3);
}
END_TEST

/* ---- scripts and terminal input ---- */

START_TEST(test_keyscript_mouse_and_screenshot_steps)
{
    struct keyscript ks;
    char why[128];
    ck_assert(ks_parse("{mouse:100,-5}{move:3,4}{click:right}{screenshot:a b.png}x", &ks, why,
                       sizeof why));
    ck_assert_uint_eq(ks.n, 5);
    ck_assert_int_eq(ks.steps[0].kind, KS_MOUSE);
    ck_assert_int_eq(ks.steps[0].mouse, KS_MOUSE_TO);
    ck_assert_int_eq(ks.steps[0].y, -5);
    ck_assert_int_eq(ks.steps[1].mouse, KS_MOUSE_BY);
    ck_assert_uint_eq(ks.steps[2].button, BIOS_MOUSE_RIGHT);
    ck_assert_int_eq(ks.steps[3].kind, KS_SCREENSHOT);
    ck_assert_str_eq(ks.steps[3].path, "a b.png");
    ks_free(&ks);
    ck_assert(!ks_parse("{click:nose}", &ks, why, sizeof why));
    ck_assert_ptr_nonnull(strstr(why, "mouse"));
    ks_free(&ks);
}
END_TEST

static unsigned g_col, g_row;
static int g_button;
static bool g_down;
static void on_mouse(void *ctx, unsigned col, unsigned row, int button, bool down)
{
    (void)ctx;
    g_col = col;
    g_row = row;
    g_button = button;
    g_down = down;
}

START_TEST(test_term_input_parses_sgr_mouse_reports)
{
    struct term_input t = {0};
    struct ti_sink s = {NULL, NULL, NULL, on_mouse, NULL, NULL};
    const uint8_t press[] = "\x1b[<2;31;6M", release[] = "\x1b[<2;31;6m", move[] = "\x1b[<35;4;9M";
    ti_feed(&t, &s, press, sizeof press - 1, 0);
    ck_assert_uint_eq(g_col, 30); ck_assert_uint_eq(g_row, 5);
    ck_assert_int_eq(g_button, 2); ck_assert(g_down);
    ti_feed(&t, &s, release, sizeof release - 1, 0);
    ck_assert(!g_down);
    ti_feed(&t, &s, move, sizeof move - 1, 0);
    ck_assert_int_eq(g_button, -1);
    ck_assert_uint_eq(g_col, 3);
}
END_TEST

Suite *suite_gfx(void)
{
    Suite *s = suite_create("gfx");
    TCase *tc = tcase_create("gfx");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_gc_write_paths_match_the_reference, 0,
                        (int)(sizeof k_writes / sizeof k_writes[0]));
    tcase_add_test(tc, test_gc_read_modes_map_select_and_colour_compare);
    tcase_add_test(tc, test_chain4_and_odd_even_addressing);
    tcase_add_test(tc, test_device_window_follows_the_mode);
    tcase_add_test(tc, test_plane2_font_writes_change_the_glyphs);
    tcase_add_test(tc, test_render_native_sizes_of_the_standard_modes);
    tcase_add_test(tc, test_render_mode13_pixels_through_the_dac);
    tcase_add_test(tc, test_render_cga_odd_lines_come_from_the_second_bank);
    tcase_add_test(tc, test_render_line_compare_splits_the_screen);
    tcase_add_test(tc, test_timing_follows_the_crtc);
    tcase_add_test(tc, test_vbe_window_banks_and_16bpp_pixels);
    tcase_add_test(tc, test_aspect_scaling_makes_4_to_3);
    tcase_add_loop_test(tc, test_vbe_mode_information_and_set, 0,
                        (int)(sizeof k_vbe_modes / sizeof k_vbe_modes[0]));
    tcase_add_test(tc, test_vbe_refuses_unknown_modes_and_window_b);
    tcase_add_test(tc, test_mouse_reset_motion_ratio_and_range);
    tcase_add_test(tc, test_mouse_buttons_counters_and_the_irq);
    tcase_add_test(tc, test_keyscript_mouse_and_screenshot_steps);
    tcase_add_test(tc, test_term_input_parses_sgr_mouse_reports);
    suite_add_tcase(s, tc);
    return s;
}
