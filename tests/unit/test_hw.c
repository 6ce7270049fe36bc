/* hw/: port table, PIC 8259 pair, PIT 8254 on a virtual clock. */
#include "hw/clock.h"
#include "bus/io.h"
#include "hw/pic.h"
#include "hw/pit.h"
#include "hw/ports.h"
#include "tests/unit/unit.h"

static uint8_t g_last_val;
static uint16_t g_last_port;

static uint8_t dev_rd(void *ctx, uint16_t port)
{
    return (uint8_t)(port + *(int *)ctx);
}

static void dev_wr(void *ctx, uint16_t port, uint8_t v)
{
    (void)ctx;
    g_last_port = port;
    g_last_val = v;
}

START_TEST(test_io_routes_registered_ports)
{
    struct io *io = io_new();
    int k = 1;
    io_register(io, 0x300, 4, dev_rd, dev_wr, &k);
    ck_assert_uint_eq(io_in(io, 0x302, 1), 0x03);
    io_out(io, 0x301, 1, 0x77);
    ck_assert_uint_eq(g_last_port, 0x301);
    ck_assert_uint_eq(g_last_val, 0x77);
    io_free(io);
}
END_TEST

START_TEST(test_io_unknown_port_reads_ff)
{
    struct io *io = io_new();
    ck_assert_uint_eq(io_in(io, 0x1234, 1), 0xFF);
    ck_assert_uint_eq(io_in(io, 0x1234, 2), 0xFFFF);
    io_out(io, 0x1234, 1, 0);   /* ignored, no crash */
    io_free(io);
}
END_TEST

START_TEST(test_io_word_access_splits_into_bytes)
{
    struct io *io = io_new();
    int k = 0;
    io_register(io, 0x3C4, 2, dev_rd, dev_wr, &k);
    ck_assert_uint_eq(io_in(io, 0x3C4, 2), 0xC5C4);
    io_out(io, 0x3C4, 2, 0x0F02);
    ck_assert_uint_eq(g_last_port, 0x3C5);    /* high byte goes to port+1 last */
    ck_assert_uint_eq(g_last_val, 0x0F);
    io_free(io);
}
END_TEST

START_TEST(test_pic_delivers_by_priority_and_eoi)
{
    struct io *io = io_new();
    struct pic *p = pic_new(io);
    uint8_t v;
    pic_raise(p, 1);
    pic_raise(p, 0);
    ck_assert(pic_acknowledge(p, &v));
    ck_assert_uint_eq(v, 0x08);                 /* IRQ0 before IRQ1 */
    ck_assert(!pic_acknowledge(p, &v));         /* IRQ0 in service blocks IRQ1 */
    io_out(io, PORT_PIC1_CMD, 1, 0x20);         /* EOI */
    ck_assert(pic_acknowledge(p, &v));
    ck_assert_uint_eq(v, 0x09);
    pic_free(p);
    io_free(io);
}
END_TEST

START_TEST(test_pic_mask_holds_request)
{
    struct io *io = io_new();
    struct pic *p = pic_new(io);
    uint8_t v;
    io_out(io, PORT_PIC1_DATA, 1, 0x01);        /* mask IRQ0 */
    pic_raise(p, 0);
    ck_assert(!pic_pending(p));
    io_out(io, PORT_PIC1_DATA, 1, 0x00);
    ck_assert(pic_acknowledge(p, &v));
    ck_assert_uint_eq(v, 0x08);
    pic_free(p);
    io_free(io);
}
END_TEST

START_TEST(test_pic_slave_cascades_and_reinit_moves_vectors)
{
    struct io *io = io_new();
    struct pic *p = pic_new(io);
    uint8_t v;
    pic_raise(p, 8);
    ck_assert(pic_acknowledge(p, &v));
    ck_assert_uint_eq(v, 0x70);
    io_out(io, PORT_PIC2_CMD, 1, 0x20);
    io_out(io, PORT_PIC1_CMD, 1, 0x20);
    /* ICW1-4: remap the master to 50h as some programs do */
    io_out(io, PORT_PIC1_CMD, 1, 0x11);
    io_out(io, PORT_PIC1_DATA, 1, 0x50);
    io_out(io, PORT_PIC1_DATA, 1, 0x04);
    io_out(io, PORT_PIC1_DATA, 1, 0x01);
    pic_raise(p, 3);
    ck_assert(pic_acknowledge(p, &v));
    ck_assert_uint_eq(v, 0x53);
    pic_free(p);
    io_free(io);
}
END_TEST

static uint64_t g_blocks;
static uint64_t blocks(void *ctx)
{
    (void)ctx;
    return g_blocks;
}

/* Advance virtual time by ns. */
static void advance(uint64_t ns)
{
    g_blocks += ns / CLOCK_NS_PER_BLOCK;
}

START_TEST(test_pit_default_rate_is_18_2_hz)
{
    struct io *io = io_new();
    struct vclock *c = clock_new(true, blocks, NULL);
    struct pic *p = pic_new(io);
    struct pit *t = pit_new(io, c, p, NULL);
    uint8_t v;
    int irqs = 0;
    g_blocks = 0;
    for (int ms = 0; ms < 1000; ms++) {
        advance(1000000);
        pit_update(t);
        if (pic_acknowledge(p, &v)) {
            irqs++;
            io_out(io, PORT_PIC1_CMD, 1, 0x20);
        }
    }
    ck_assert_int_eq(irqs, 18);
    pit_free(t);
    pic_free(p);
    clock_free(c);
    io_free(io);
}
END_TEST

START_TEST(test_pit_reprogrammed_rate_and_counter_reads)
{
    struct io *io = io_new();
    struct vclock *c = clock_new(true, blocks, NULL);
    struct pic *p = pic_new(io);
    struct pit *t = pit_new(io, c, p, NULL);
    uint8_t v;
    int irqs = 0;
    g_blocks = 0;
    io_out(io, PORT_PIT_CTRL, 1, 0x34);         /* ch0, lo/hi, mode 2 */
    io_out(io, PORT_PIT_CH0, 1, 0xA9);          /* 1193 -> ~1000 Hz */
    io_out(io, PORT_PIT_CH0, 1, 0x04);
    ck_assert_uint_eq(pit_reload(t, 0), 1193);
    advance(500000);                            /* half a period */
    io_out(io, PORT_PIT_CTRL, 1, 0x00);         /* latch ch0 */
    unsigned cnt = io_in(io, PORT_PIT_CH0, 1) | io_in(io, PORT_PIT_CH0, 1) << 8;
    ck_assert_uint_lt(cnt, 1193 / 2 + 5);
    ck_assert_uint_gt(cnt, 1193 / 2 - 5);
    for (int us = 0; us < 100000; us += 100) {
        advance(100000);
        pit_update(t);
        if (pic_acknowledge(p, &v)) {
            irqs++;
            io_out(io, PORT_PIC1_CMD, 1, 0x20);
        }
    }
    ck_assert_int_ge(irqs, 99);
    ck_assert_int_le(irqs, 101);
    pit_free(t);
    pic_free(p);
    clock_free(c);
    io_free(io);
}
END_TEST

START_TEST(test_port61_refresh_bit_toggles)
{
    struct io *io = io_new();
    struct vclock *c = clock_new(true, blocks, NULL);
    struct pic *p = pic_new(io);
    struct pit *t = pit_new(io, c, p, NULL);
    g_blocks = 0;
    unsigned a = io_in(io, PORT_SYS_CTRL_B, 1) & 0x10;
    advance(16000);
    unsigned b = io_in(io, PORT_SYS_CTRL_B, 1) & 0x10;
    ck_assert_uint_ne(a, b);
    pit_free(t);
    pic_free(p);
    clock_free(c);
    io_free(io);
}
END_TEST

Suite *suite_io(void)
{
    Suite *s = suite_create("io");
    TCase *tc = tcase_create("ports");
    tcase_add_test(tc, test_io_routes_registered_ports);
    tcase_add_test(tc, test_io_unknown_port_reads_ff);
    tcase_add_test(tc, test_io_word_access_splits_into_bytes);
    suite_add_tcase(s, tc);
    return s;
}

Suite *suite_pic(void)
{
    Suite *s = suite_create("pic");
    TCase *tc = tcase_create("8259");
    tcase_add_test(tc, test_pic_delivers_by_priority_and_eoi);
    tcase_add_test(tc, test_pic_mask_holds_request);
    tcase_add_test(tc, test_pic_slave_cascades_and_reinit_moves_vectors);
    suite_add_tcase(s, tc);
    return s;
}

Suite *suite_pit(void)
{
    Suite *s = suite_create("pit");
    TCase *tc = tcase_create("8254");
    tcase_add_test(tc, test_pit_default_rate_is_18_2_hz);
    tcase_add_test(tc, test_pit_reprogrammed_rate_and_counter_reads);
    tcase_add_test(tc, test_port61_refresh_bit_toggles);
    suite_add_tcase(s, tc);
    return s;
}
