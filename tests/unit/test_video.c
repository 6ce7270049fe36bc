/* video/: VGA registers through the ports, retrace timing, the text
 * renderer's pixels, text snapshots and dumps, code page 437, PNG files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bios/bios.h"
#include "bios/rom.h"
#include "bus/mem.h"
#include "hw/clock.h"
#include "bus/io.h"
#include "hw/sched.h"
#include "tests/unit/unit.h"
#include "tests/unit/unit_bios.h"
#include "base/cp437.h"
#include "video/font.h"
#include "video/png.h"
#include "video/render.h"
#include "video/vga.h"

static struct unit_bios g_m;
static struct mem *g_mem;
static struct io *g_io;
static struct vclock *g_clk;
static struct vga *g_vga;
static struct intr *g_ir;
static struct bios *g_bios;

/* A machine without a CPU: memory, ports, clock, VGA and the BIOS that
 * sets mode 3 at start-up. */
static void setup(void)
{
    unit_bios_setup(&g_m, UNIT_BIOS_VGA);
    g_mem = g_m.mem;
    g_io = g_m.io;
    g_clk = g_m.clk;
    g_vga = g_m.vga;
    g_ir = g_m.ir;
    g_bios = g_m.bios;
}

static void teardown(void)
{
    unit_bios_teardown(&g_m);
}

static void put_cell(unsigned col, unsigned row, uint8_t ch, uint8_t attr)
{
    mem_wr16(g_mem, 0xB8000 + (row * 80 + col) * 2, (uint16_t)(attr << 8 | ch));
}

START_TEST(test_vga_start_up_is_80x25_with_9_dot_cells)
{
    struct vga_view w;
    vga_view(g_vga, &w);
    ck_assert_uint_eq(w.cols, 80);
    ck_assert_uint_eq(w.rows, 25);
    ck_assert_uint_eq(w.char_height, 16);
    ck_assert_uint_eq(w.width, 720);
    ck_assert_uint_eq(w.height, 400);
    ck_assert(w.blink);
    ck_assert_uint_eq(w.rgb[1], 0x0000AA);      /* blue */
    ck_assert_uint_eq(w.rgb[6], 0xAA5500);      /* brown, through palette register 14h */
    ck_assert_uint_eq(w.rgb[15], 0xFFFFFF);
}
END_TEST

START_TEST(test_vga_crtc_ports_move_cursor_and_start)
{
    io_out(g_io, VGA_PORT_CRTC, 2, 0x010E);     /* cursor high = 01h */
    io_out(g_io, VGA_PORT_CRTC, 2, 0x230F);     /* cursor low = 23h */
    io_out(g_io, VGA_PORT_CRTC, 2, 0x500D);     /* start low = 50h */
    struct vga_view w;
    vga_view(g_vga, &w);
    ck_assert_uint_eq(w.cursor, 0x0123);
    ck_assert_uint_eq(w.start, 0x0050);
    io_out(g_io, VGA_PORT_CRTC, 1, 0x0E);
    ck_assert_uint_eq(io_in(g_io, VGA_PORT_CRTC + 1, 1), 0x01);
}
END_TEST

START_TEST(test_vga_status_shows_vertical_retrace_by_the_clock)
{
    /* virtual time: 10 ns per block */
    unit_blocks = (uint64_t)VGA_VRETRACE_LINE * VGA_LINE_NS / CLOCK_NS_PER_BLOCK + 10;
    ck_assert(io_in(g_io, VGA_PORT_STATUS, 1) & 0x08);
    unit_blocks = (uint64_t)100 * VGA_LINE_NS / CLOCK_NS_PER_BLOCK;
    ck_assert(!(io_in(g_io, VGA_PORT_STATUS, 1) & 0x08));
}
END_TEST

START_TEST(test_vga_attribute_flip_flop_resets_on_status_read)
{
    io_in(g_io, VGA_PORT_STATUS, 1);
    io_out(g_io, VGA_PORT_ATTR, 1, 0x01);       /* index 1 */
    io_out(g_io, VGA_PORT_ATTR, 1, 0x3F);       /* data */
    io_out(g_io, VGA_PORT_ATTR, 1, 0x05);       /* index again: the flip-flop toggled */
    io_in(g_io, VGA_PORT_STATUS, 1);            /* reset: next write is an index */
    io_out(g_io, VGA_PORT_ATTR, 1, 0x02);
    io_out(g_io, VGA_PORT_ATTR, 1, 0x15);
    ck_assert_uint_eq(vga_attr(g_vga, 1), 0x3F);
    ck_assert_uint_eq(vga_attr(g_vga, 2), 0x15);
}
END_TEST

START_TEST(test_vga_dac_ports_auto_increment)
{
    io_out(g_io, VGA_PORT_DAC_WRITE, 1, 7);
    for (uint8_t v = 1; v <= 6; v++)
        io_out(g_io, VGA_PORT_DAC_DATA, 1, v);
    uint8_t rgb[3];
    vga_dac_get(g_vga, 8, rgb);
    ck_assert_uint_eq(rgb[0], 4);
    ck_assert_uint_eq(rgb[2], 6);
    io_out(g_io, VGA_PORT_DAC_READ, 1, 7);
    ck_assert_uint_eq(io_in(g_io, VGA_PORT_DAC_DATA, 1), 1);
}
END_TEST

START_TEST(test_render_draws_glyph_dots_in_attribute_colours)
{
    static struct vid_frame f;
    put_cell(1, 1, 'A', 0x1E);                  /* yellow on blue, away from the cursor */
    vid_render(g_vga, g_mem, VID_PHASE_STILL, &f);
    ck_assert_uint_eq(f.width, 720);
    uint32_t *cell = &f.px[16 * f.width + 9];
    for (unsigned line = 0; line < 16; line++)
        for (unsigned dot = 0; dot < 8; dot++) {
            bool on = vid_font_8x16['A' * 16 + line] & (0x80 >> dot);
            ck_assert_uint_eq(cell[line * f.width + dot], (on ? 0xFFFF55u : 0x0000AAu));
        }
    ck_assert_uint_eq(cell[8], 0x0000AA);      /* the 9th dot is background for letters */
}
END_TEST

START_TEST(test_render_line_graphics_fill_the_ninth_dot)
{
    static struct vid_frame f;
    put_cell(1, 1, 0xC4, 0x07);                 /* horizontal line */
    vid_render(g_vga, g_mem, VID_PHASE_STILL, &f);
    unsigned y = 0;
    while (y < 16 && !(vid_font_8x16[0xC4 * 16 + y] & 1))
        y++;
    ck_assert_uint_lt(y, 16);
    ck_assert_uint_eq(f.px[(16 + y) * f.width + 9 + 8], 0xAAAAAA);
}
END_TEST

START_TEST(test_render_blinking_text_hides_in_its_off_phase)
{
    static struct vid_frame f;
    put_cell(1, 1, 0xDB, 0x8F);                 /* full block, blinking */
    struct vid_phase off = {true, false};
    vid_render(g_vga, g_mem, off, &f);
    ck_assert_uint_eq(f.px[21 * f.width + 12], 0x000000);
    vid_render(g_vga, g_mem, VID_PHASE_STILL, &f);
    ck_assert_uint_eq(f.px[21 * f.width + 12], 0xFFFFFF);
}
END_TEST

START_TEST(test_text_dump_trims_and_converts_to_utf8)
{
    static struct vid_text t;
    char out[8192];
    put_cell(0, 0, 'H', 7);
    put_cell(1, 0, 'i', 7);
    put_cell(2, 0, 0xC9, 7);
    put_cell(0, 1, 0x01, 7);
    vid_text_snapshot(g_vga, g_mem, &t);
    vid_text_dump(&t, out, sizeof out);
    ck_assert(!strncmp(out, "Hi\xE2\x95\x94\n\xE2\x98\xBA\n\n", 11));
    ck_assert_uint_eq(t.cursor_col, 0);
}
END_TEST

START_TEST(test_cp437_round_trips_every_graphic_character)
{
    for (int c = 1; c < 256; c++)
        ck_assert_int_eq(cp437_from_unicode(cp437_unicode[c]), c);
}
END_TEST

START_TEST(test_png_file_has_signature_and_size)
{
    uint32_t px[4 * 3] = {0xFF0000, 0x00FF00, 0x0000FF};
    char path[] = "/tmp/unidos-png-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(vid_png_write(path, px, 4, 3, 4), 0);
    FILE *f = fopen(path, "rb");
    uint8_t h[24];
    ck_assert_uint_eq(fread(h, 1, sizeof h, f), sizeof h);
    fclose(f);
    remove(path);
    ck_assert(!memcmp(h, "\x89PNG\r\n\x1a\n", 8));
    ck_assert(!memcmp(h + 12, "IHDR", 4));
    ck_assert_uint_eq(h[19], 4);                /* width */
    ck_assert_uint_eq(h[23], 3);                /* height */
}
END_TEST

static unsigned g_frames;
static void count_frame(void *ctx, uint64_t now_ns)
{
    (void)ctx;
    (void)now_ns;
    g_frames++;
}

/* A waiting guest changes nothing on screen: the picture is brought up to
 * date when it starts waiting, then the next frame needed is a blink edge
 * (text) or none (graphics). */
START_TEST(test_vga_waiting_guest_wakes_only_at_blink_edges)
{
    struct io *io = io_new();
    struct vclock *clk = clock_new(false, unit_bios_blocks, NULL);
    struct sched *s = sched_new(clk);
    struct vga *v = vga_new(io, clk, g_mem, s);
    g_frames = 0;
    vga_frames(v, count_frame, NULL);
    sched_run(s);
    ck_assert_uint_eq(g_frames, 1);
    uint64_t frame = vga_frame_ns(v), next = sched_next(s);
    uint64_t idle = sched_next_idle(s);
    ck_assert_uint_eq(g_frames, 2);             /* the picture settled */
    ck_assert_uint_eq(idle % (frame * VID_CURSOR_BLINK_FRAMES), 0);
    ck_assert_uint_ge(idle, next);
    ck_assert(vga_set_gfx_mode(v, 0x13));
    sched_run(s);
    ck_assert_uint_eq(sched_next_idle(s), SCHED_NEVER);
    vga_free(v);
    sched_free(s);
    clock_free(clk);
    io_free(io);
}
END_TEST

/* Runs on virtual time keep every frame: scripts see frame times. */
START_TEST(test_vga_deterministic_wait_keeps_every_frame)
{
    struct io *io = io_new();
    struct sched *s = sched_new(g_clk);
    struct vga *v = vga_new(io, g_clk, g_mem, s);
    sched_run(s);
    ck_assert_uint_eq(sched_next_idle(s), sched_next(s));
    ck_assert_uint_le(sched_next(s), vga_frame_ns(v));
    vga_free(v);
    sched_free(s);
    io_free(io);
}
END_TEST

Suite *suite_video(void)
{
    Suite *s = suite_create("video");
    TCase *tc = tcase_create("vga");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_vga_start_up_is_80x25_with_9_dot_cells);
    tcase_add_test(tc, test_vga_crtc_ports_move_cursor_and_start);
    tcase_add_test(tc, test_vga_status_shows_vertical_retrace_by_the_clock);
    tcase_add_test(tc, test_vga_attribute_flip_flop_resets_on_status_read);
    tcase_add_test(tc, test_vga_dac_ports_auto_increment);
    tcase_add_test(tc, test_render_draws_glyph_dots_in_attribute_colours);
    tcase_add_test(tc, test_render_line_graphics_fill_the_ninth_dot);
    tcase_add_test(tc, test_render_blinking_text_hides_in_its_off_phase);
    tcase_add_test(tc, test_text_dump_trims_and_converts_to_utf8);
    tcase_add_test(tc, test_cp437_round_trips_every_graphic_character);
    tcase_add_test(tc, test_png_file_has_signature_and_size);
    tcase_add_test(tc, test_vga_waiting_guest_wakes_only_at_blink_edges);
    tcase_add_test(tc, test_vga_deterministic_wait_keeps_every_frame);
    suite_add_tcase(s, tc);
    return s;
}
