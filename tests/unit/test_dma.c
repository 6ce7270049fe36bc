/* hw/dma: the 8237 pair as programs program it and devices pull from it. */
#include <string.h>

#include "bus/mem.h"
#include "hw/dma.h"
#include "bus/io.h"
#include "tests/unit/unit.h"

static struct io *g_io;
static struct mem *g_mem;
static struct dma *g_dma;
static unsigned g_writes_seen, g_syncs;

static void on_write(void *ctx, uint32_t lin, uint32_t len)
{
    (void)ctx;
    (void)lin;
    (void)len;
    g_writes_seen++;
}

static void setup(void)
{
    g_io = io_new();
    g_mem = mem_new();
    g_dma = dma_new(g_io, g_mem);
    g_writes_seen = g_syncs = 0;
    mem_set_hooks(g_mem, on_write, NULL, NULL);
}

static void teardown(void)
{
    dma_free(g_dma);
    mem_free(g_mem);
    io_free(g_io);
}

/* Channel 1 as the Sound Blaster examples program it: mask, flip-flop,
 * mode, address low/high, page, count low/high, unmask. */
static void program_ch1(uint8_t mode, uint32_t lin, uint16_t count)
{
    io_out(g_io, 0x0A, 1, 0x05);
    io_out(g_io, 0x0C, 1, 0);
    io_out(g_io, 0x0B, 1, mode);
    io_out(g_io, 0x02, 1, lin & 0xFF);
    io_out(g_io, 0x02, 1, (lin >> 8) & 0xFF);
    io_out(g_io, 0x83, 1, lin >> 16);
    io_out(g_io, 0x03, 1, count & 0xFF);
    io_out(g_io, 0x03, 1, count >> 8);
    io_out(g_io, 0x0A, 1, 0x01);
}

static uint16_t read_word(uint16_t port)
{
    io_out(g_io, 0x0C, 1, 0);
    uint16_t lo = (uint16_t)io_in(g_io, port, 1);
    return (uint16_t)(lo | io_in(g_io, port, 1) << 8);
}

START_TEST(test_dma_single_cycle_reads_memory_then_masks_at_terminal_count)
{
    uint8_t buf[16] = {0};
    mem_write(g_mem, 0x23450, "ABCDEFGH", 8);
    program_ch1(0x49, 0x23450, 5);              /* 6 bytes */
    ck_assert_uint_eq(dma_remaining_bytes(g_dma, 1), 6);
    ck_assert_uint_eq(dma_read(g_dma, 1, buf, 4), 4);
    ck_assert_mem_eq(buf, "ABCD", 4);
    ck_assert_uint_eq(read_word(0x03), 1);      /* two left: count 1 */
    ck_assert_uint_eq(read_word(0x02), 0x3454);
    ck_assert_uint_eq(dma_read(g_dma, 1, buf, 4), 2);
    ck_assert_mem_eq(buf, "EF", 2);
    ck_assert(dma_masked(g_dma, 1));
    ck_assert_uint_eq(read_word(0x03), 0xFFFF);
    ck_assert_uint_eq(io_in(g_io, 0x08, 1) & 0x0F, 0x02);   /* TC on channel 1 */
    ck_assert_uint_eq(io_in(g_io, 0x08, 1) & 0x0F, 0);      /* cleared by the read */
    ck_assert_uint_eq(dma_read(g_dma, 1, buf, 4), 0);
}
END_TEST

START_TEST(test_dma_autoinit_reloads_and_keeps_going)
{
    uint8_t buf[10];
    mem_write(g_mem, 0x30000, "wxyz", 4);
    program_ch1(0x59, 0x30000, 3);              /* auto-init, 4 bytes */
    ck_assert_uint_eq(dma_read(g_dma, 1, buf, 10), 10);
    ck_assert_mem_eq(buf, "wxyzwxyzwx", 10);
    ck_assert(!dma_masked(g_dma, 1));
    ck_assert_uint_eq(io_in(g_io, 0x08, 1) & 0x02, 0x02);
}
END_TEST

START_TEST(test_dma_address_wraps_inside_its_64k_page)
{
    uint8_t buf[4];
    mem_write(g_mem, 0x1FFFE, "pq", 2);
    mem_write(g_mem, 0x10000, "rs", 2);
    mem_write(g_mem, 0x20000, "!!", 2);
    program_ch1(0x49, 0x1FFFE, 3);
    ck_assert_uint_eq(dma_read(g_dma, 1, buf, 4), 4);
    ck_assert_mem_eq(buf, "pqrs", 4);           /* the page register does not carry */
}
END_TEST

START_TEST(test_dma_word_channel_counts_words_at_word_addresses)
{
    uint8_t buf[8];
    mem_write(g_mem, 0x40008, "01234567", 8);
    io_out(g_io, 0xD4, 1, 0x05);                /* mask channel 5 */
    io_out(g_io, 0xD8, 1, 0);
    io_out(g_io, 0xD6, 1, 0x49);                /* single, read, channel 5 */
    io_out(g_io, 0xC4, 1, 0x04);                /* word address 0x0004 -> byte 0x08 */
    io_out(g_io, 0xC4, 1, 0x00);
    io_out(g_io, 0x8B, 1, 0x05);                /* page: bit 0 is ignored for words */
    io_out(g_io, 0xC6, 1, 2);                   /* 3 words */
    io_out(g_io, 0xC6, 1, 0);
    io_out(g_io, 0xD4, 1, 0x01);
    ck_assert_uint_eq(dma_read(g_dma, 5, buf, 7), 6);       /* whole words only */
    ck_assert_mem_eq(buf, "012345", 6);
    ck_assert(dma_masked(g_dma, 5));
    ck_assert_uint_eq(io_in(g_io, 0xD0, 1) & 0x02, 0x02);   /* TC on channel 5 */
}
END_TEST

START_TEST(test_dma_refuses_the_wrong_direction_and_masked_channels)
{
    uint8_t buf[4] = "abcd";
    program_ch1(0x45, 0x50000, 3);              /* device -> memory */
    ck_assert_uint_eq(dma_read(g_dma, 1, buf, 4), 0);
    io_out(g_io, 0x0A, 1, 0x05);
    ck_assert_uint_eq(dma_write(g_dma, 1, buf, 4), 0);
}
END_TEST

START_TEST(test_dma_write_goes_through_mem_write)
{
    uint8_t got[4];
    program_ch1(0x45, 0x50000, 3);
    ck_assert_uint_eq(dma_write(g_dma, 1, (const uint8_t *)"wxyz", 4), 4);
    mem_read(g_mem, 0x50000, got, 4);
    ck_assert_mem_eq(got, "wxyz", 4);
    ck_assert_uint_gt(g_writes_seen, 0);        /* translated code gets dropped */
}
END_TEST

static void count_sync(void *ctx)
{
    (void)ctx;
    g_syncs++;
}

START_TEST(test_dma_device_catches_up_before_the_guest_reads_the_count)
{
    dma_attach(g_dma, 1, count_sync, NULL);
    program_ch1(0x49, 0x30000, 3);
    read_word(0x03);
    io_in(g_io, 0x08, 1);
    ck_assert_uint_eq(g_syncs, 3);
}
END_TEST

START_TEST(test_dma_page_registers_and_scratch_ports_read_back)
{
    io_out(g_io, 0x80, 1, 0x42);                /* POST code / I/O delay port */
    io_out(g_io, 0x87, 1, 0x0A);
    ck_assert_uint_eq(io_in(g_io, 0x80, 1), 0x42);
    ck_assert_uint_eq(io_in(g_io, 0x87, 1), 0x0A);
}
END_TEST

Suite *suite_dma(void)
{
    Suite *s = suite_create("dma");
    TCase *tc = tcase_create("8237");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_dma_single_cycle_reads_memory_then_masks_at_terminal_count);
    tcase_add_test(tc, test_dma_autoinit_reloads_and_keeps_going);
    tcase_add_test(tc, test_dma_address_wraps_inside_its_64k_page);
    tcase_add_test(tc, test_dma_word_channel_counts_words_at_word_addresses);
    tcase_add_test(tc, test_dma_refuses_the_wrong_direction_and_masked_channels);
    tcase_add_test(tc, test_dma_write_goes_through_mem_write);
    tcase_add_test(tc, test_dma_device_catches_up_before_the_guest_reads_the_count);
    tcase_add_test(tc, test_dma_page_registers_and_scratch_ports_read_back);
    suite_add_tcase(s, tc);
    return s;
}
