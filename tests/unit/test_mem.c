/* cpu/mem: bounds, segment wrap of far copies, A20 wrap, write hook. */
#include <string.h>

#include "bus/mem.h"
#include "hw/xmem.h"
#include "tests/unit/unit.h"

static uint32_t g_lo, g_len;
static int g_calls;

static void on_write(void *ctx, uint32_t lin, uint32_t len)
{
    (void)ctx;
    g_lo = lin;
    g_len = len;
    g_calls++;
}

START_TEST(test_out_of_range_reads_ff_and_drops_writes)
{
    struct mem *m = mem_new();
    mem_set_a20(m, true);
    ck_assert_uint_eq(mem_rd8(m, MEM_TOTAL_BYTES), 0xFF);
    mem_wr8(m, MEM_TOTAL_BYTES + 5, 1);
    ck_assert_ptr_null(mem_ptr(m, MEM_TOTAL_BYTES - 4, 8));
    ck_assert_ptr_nonnull(mem_ptr(m, MEM_TOTAL_BYTES - 8, 8));
    mem_free(m);
}
END_TEST

START_TEST(test_a20_off_wraps_at_1mib)
{
    struct mem *m = mem_new();
    mem_wr8(m, 0x10, 0x5A);
    ck_assert_uint_eq(mem_rd8(m, mem_lin(m, 0xFFFF, 0x20)), 0x5A);
    mem_set_a20(m, true);
    ck_assert_uint_eq(mem_lin(m, 0xFFFF, 0x20), 0x100010);
    ck_assert_uint_eq(mem_rd8(m, mem_lin(m, 0xFFFF, 0x20)), 0);
    mem_free(m);
}
END_TEST

START_TEST(test_far_copy_wraps_inside_segment)
{
    struct mem *m = mem_new();
    uint8_t src[4] = {1, 2, 3, 4}, dst[4];
    mem_write_far(m, 0x2000, 0xFFFE, src, 4);
    ck_assert_uint_eq(mem_rd8(m, 0x2FFFE), 1);
    ck_assert_uint_eq(mem_rd8(m, 0x20000), 3);      /* wrapped to offset 0 */
    mem_read_far(m, 0x2000, 0xFFFE, dst, 4);
    ck_assert_mem_eq(src, dst, 4);
    mem_free(m);
}
END_TEST

START_TEST(test_unterminated_string_is_refused)
{
    struct mem *m = mem_new();
    char buf[8];
    mem_fill(m, 0x1000, 'A', 64);
    ck_assert_int_eq(mem_str_far(m, 0x100, 0, 0, buf, sizeof buf), -1);
    ck_assert_str_eq(buf, "AAAAAAA");
    mem_wr8(m, 0x1003, '$');
    ck_assert_int_eq(mem_str_far(m, 0x100, 0, '$', buf, sizeof buf), 3);
    mem_free(m);
}
END_TEST

/* A string read wraps at 64 KiB within its segment, and one running into
 * the video area reads it byte by byte as the guest would. */
START_TEST(test_string_wraps_in_its_segment_and_reads_video)
{
    struct mem *m = mem_new();
    char buf[8];
    mem_write(m, 0x2FFFE, "ab", 2);
    mem_write(m, 0x20000, "cd", 3);
    ck_assert_int_eq(mem_str_far(m, 0x2000, 0xFFFE, 0, buf, sizeof buf), 4);
    ck_assert_str_eq(buf, "abcd");
    mem_write(m, 0x9FFFD, "xyz", 3);
    int n = 3;
    while (n < (int)sizeof buf - 1 && mem_rd8(m, 0x9FFFDu + (uint32_t)n))
        n++;
    ck_assert_int_eq(mem_str_far(m, 0x9000, 0xFFFD, 0, buf, sizeof buf),
                     n < (int)sizeof buf - 1 ? n : -1);
    ck_assert_mem_eq(buf, "xyz", 3);
    mem_free(m);
}
END_TEST

START_TEST(test_every_write_reports_its_range)
{
    struct mem *m = mem_new();
    mem_set_hooks(m, on_write, NULL, NULL);
    g_calls = 0;
    mem_wr16(m, 0x1234, 7);
    ck_assert_uint_eq(g_lo, 0x1234);
    ck_assert_uint_eq(g_len, 2);
    mem_fill(m, 0x5000, 0, 100);
    ck_assert_uint_eq(g_lo, 0x5000);
    ck_assert_uint_eq(g_len, 100);
    ck_assert_int_eq(g_calls, 2);
    mem_free(m);
}
END_TEST

/* Extended memory and the system area are reached by linear address
 * whatever A20 says; a discarded range reads as zeros and is reported. */
START_TEST(test_extended_memory_and_system_area)
{
    struct mem *m = mem_new_ext(0x10000);
    mem_set_hooks(m, on_write, NULL, NULL);
    mem_wr32(m, MEM_EXT_BASE + 0x1000, 0x12345678);
    ck_assert_uint_eq(mem_rd32(m, MEM_EXT_BASE + 0x1000), 0x12345678);
    ck_assert_uint_eq(mem_rd8(m, 0x1000), 0);             /* no wrap */
    ck_assert_uint_eq(mem_rd8(m, MEM_EXT_BASE + 0x10000), 0xFF);  /* past the end */
    ck_assert_ptr_null(mem_ptr(m, MEM_EXT_BASE + 0xFFFC, 8));
    g_calls = 0;
    mem_discard(m, MEM_EXT_BASE + 0x1000, 0x1000);
    ck_assert_int_eq(g_calls, 1);
    ck_assert_uint_eq(g_lo, MEM_EXT_BASE + 0x1000);
    ck_assert_uint_eq(mem_rd32(m, MEM_EXT_BASE + 0x1000), 0);
    mem_wr16(m, MEM_SYS_LIN + 8, 0xBEEF);
    ck_assert_uint_eq(mem_host_sys(m)[8], 0xEF);
    uint8_t buf[4];
    mem_read(m, MEM_SYS_LIN - 2, buf, 4);                   /* gap, then the area */
    ck_assert_uint_eq(buf[1], 0xFF);
    ck_assert_uint_eq(buf[2], 0);
    mem_free(m);
}
END_TEST

/* One allocator for XMS, EMS and DPMI: first fit in pages, no overlap,
 * resize in place or by moving the contents, freed space reused. */
START_TEST(test_xmem_allocator)
{
    struct mem *m = mem_new_ext(0x10000);               /* 16 pages */
    struct xmem *x = xmem_new(m, 64);
    uint32_t a, b, c, total, largest;
    ck_assert_int_eq(xmem_alloc(x, XMEM_XMS, 1, &a), 0);
    ck_assert_uint_eq(a, XMEM_BASE);
    ck_assert_uint_eq(xmem_block_bytes(x, a), XMEM_PAGE);
    ck_assert_int_eq(xmem_alloc(x, XMEM_DPMI, 0x3000, &b), 0);
    ck_assert_uint_eq(b, XMEM_BASE + 0x1000);
    ck_assert_int_eq(xmem_alloc(x, XMEM_EMS, 0, &c), -1);
    ck_assert_int_eq(xmem_alloc(x, XMEM_EMS, 0x20000, &c), -1);    /* too big */
    mem_wr32(m, b, 0xCAFEF00D);
    ck_assert_int_eq(xmem_resize(x, &b, 0x5000, false), 0);       /* grows in place */
    ck_assert_int_eq(xmem_alloc(x, XMEM_EMS, 0x1000, &c), 0);
    ck_assert_uint_eq(c, XMEM_BASE + 0x6000);
    ck_assert_int_eq(xmem_resize(x, &b, 0x6000, false), -1);      /* c is in the way */
    ck_assert_int_eq(xmem_resize(x, &b, 0x6000, true), 0);         /* moves */
    ck_assert_uint_eq(b, XMEM_BASE + 0x7000);
    ck_assert_uint_eq(mem_rd32(m, b), 0xCAFEF00D);
    ck_assert_uint_eq(xmem_owner_bytes(x, XMEM_DPMI), 0x6000);
    xmem_free_bytes(x, &total, &largest);
    ck_assert_uint_eq(total, 0x10000 - 0x8000);
    ck_assert_uint_eq(largest, 0x5000);
    ck_assert_int_eq(xmem_release(x, b + 0x1000), -1);
    ck_assert_int_eq(xmem_release(x, a), 0);
    ck_assert_int_eq(xmem_alloc(x, XMEM_XMS, 0x2000, &a), 0);      /* the first gap */
    ck_assert_uint_eq(a, XMEM_BASE);
    xmem_free(x);
    mem_free(m);
}
END_TEST

Suite *suite_mem(void)
{
    Suite *s = suite_create("mem");
    TCase *tc = tcase_create("mem");
    tcase_add_test(tc, test_out_of_range_reads_ff_and_drops_writes);
    tcase_add_test(tc, test_a20_off_wraps_at_1mib);
    tcase_add_test(tc, test_far_copy_wraps_inside_segment);
    tcase_add_test(tc, test_unterminated_string_is_refused);
    tcase_add_test(tc, test_string_wraps_in_its_segment_and_reads_video);
    tcase_add_test(tc, test_every_write_reports_its_range);
    tcase_add_test(tc, test_extended_memory_and_system_area);
    tcase_add_test(tc, test_xmem_allocator);
    suite_add_tcase(s, tc);
    return s;
}
