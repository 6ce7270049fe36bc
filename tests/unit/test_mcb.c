/* dosapi/mcb: allocation strategies, resize, free, merge, chain checks. */
#include "base/doserr.h"
#include "bus/mem.h"
#include "dosapi/mcb.h"
#include "tests/unit/unit.h"

#define FIRST 0x1000
#define END 0x2000              /* 0x0FFF paragraphs of arena */

static struct mem *g_mem;

static void setup(void)
{
    g_mem = mem_new();
    mcb_init(g_mem, FIRST, END);
}

static void teardown(void)
{
    mem_free(g_mem);
}

static uint16_t alloc_ok(uint16_t paras, enum mcb_strategy s)
{
    uint16_t seg = 0, largest = 0;
    ck_assert_int_eq(mcb_alloc(g_mem, FIRST, paras, 0x0100, s, &seg, &largest), 0);
    return seg;
}

START_TEST(test_alloc_first_fit_takes_lowest)
{
    uint16_t a = alloc_ok(0x10, MCB_FIRST_FIT);
    uint16_t b = alloc_ok(0x10, MCB_FIRST_FIT);
    ck_assert_uint_eq(a, FIRST + 1);
    ck_assert_uint_eq(b, FIRST + 1 + 0x10 + 1);
    ck_assert_int_eq(mcb_check(g_mem, FIRST), 0);
}
END_TEST

START_TEST(test_alloc_last_fit_takes_top)
{
    uint16_t a = alloc_ok(0x10, MCB_LAST_FIT);
    ck_assert_uint_eq(a, END - 0x10);
    ck_assert_int_eq(mcb_check(g_mem, FIRST), 0);
}
END_TEST

START_TEST(test_alloc_best_fit_takes_smallest_hole)
{
    uint16_t a = alloc_ok(0x100, MCB_FIRST_FIT);
    alloc_ok(0x10, MCB_FIRST_FIT);
    uint16_t c = alloc_ok(0x20, MCB_FIRST_FIT);
    alloc_ok(0x10, MCB_FIRST_FIT);
    ck_assert_int_eq(mcb_free(g_mem, FIRST, a), 0);
    ck_assert_int_eq(mcb_free(g_mem, FIRST, c), 0);
    ck_assert_uint_eq(alloc_ok(0x18, MCB_BEST_FIT), c);
}
END_TEST

START_TEST(test_alloc_too_big_reports_largest)
{
    uint16_t seg, largest;
    alloc_ok(0x100, MCB_FIRST_FIT);
    ck_assert_int_eq(mcb_alloc(g_mem, FIRST, 0xFFFF, 1, MCB_FIRST_FIT, &seg, &largest),
                     -DOSERR_INSUFFICIENT_MEMORY);
    ck_assert_uint_eq(largest, END - FIRST - 1 - 0x101);
}
END_TEST

START_TEST(test_free_then_alloc_merges_neighbours)
{
    uint16_t a = alloc_ok(0x10, MCB_FIRST_FIT);
    uint16_t b = alloc_ok(0x10, MCB_FIRST_FIT);
    alloc_ok(0x10, MCB_FIRST_FIT);
    mcb_free(g_mem, FIRST, a);
    mcb_free(g_mem, FIRST, b);
    ck_assert_uint_eq(alloc_ok(0x21, MCB_FIRST_FIT), a);      /* both plus one MCB */
}
END_TEST

START_TEST(test_resize_grow_into_free_and_shrink)
{
    uint16_t largest;
    uint16_t a = alloc_ok(0x10, MCB_FIRST_FIT);
    ck_assert_int_eq(mcb_resize(g_mem, FIRST, a, 0x80, &largest), 0);
    ck_assert_uint_eq(mcb_size(g_mem, a), 0x80);
    ck_assert_int_eq(mcb_resize(g_mem, FIRST, a, 0x08, &largest), 0);
    ck_assert_uint_eq(mcb_size(g_mem, a), 0x08);
    ck_assert_int_eq(mcb_check(g_mem, FIRST), 0);
}
END_TEST

START_TEST(test_resize_blocked_reports_largest)
{
    uint16_t largest = 0;
    uint16_t a = alloc_ok(0x10, MCB_FIRST_FIT);
    alloc_ok(0x10, MCB_FIRST_FIT);
    ck_assert_int_eq(mcb_resize(g_mem, FIRST, a, 0x20, &largest),
                     -DOSERR_INSUFFICIENT_MEMORY);
    ck_assert_uint_eq(largest, 0x10);
    ck_assert_uint_eq(mcb_size(g_mem, a), 0x10);
}
END_TEST

START_TEST(test_free_bad_segment_is_error_9)
{
    alloc_ok(0x10, MCB_FIRST_FIT);
    ck_assert_int_eq(mcb_free(g_mem, FIRST, FIRST + 5), -DOSERR_INVALID_BLOCK);
}
END_TEST

START_TEST(test_corrupt_chain_is_error_7)
{
    alloc_ok(0x10, MCB_FIRST_FIT);
    mem_wr8(g_mem, (FIRST + 0x11) * 16, 'X');
    ck_assert_int_eq(mcb_check(g_mem, FIRST), -DOSERR_MCB_DESTROYED);
    uint16_t seg, largest;
    ck_assert_int_eq(mcb_alloc(g_mem, FIRST, 1, 1, MCB_FIRST_FIT, &seg, &largest),
                     -DOSERR_MCB_DESTROYED);
}
END_TEST

/* Issue 17: two forged free blocks, 10h paragraphs and then FFFFh.
 * Merging them wrapped the size back to 10h and the merge loop read the
 * same second block forever. */
START_TEST(test_forged_free_blocks_whose_merge_wraps_are_error_7)
{
    uint16_t a = alloc_ok(0x10, MCB_FIRST_FIT), seg, largest;
    uint16_t f1 = (uint16_t)(a + 0x10), f2 = (uint16_t)(f1 + 0x11);
    mcb_write(g_mem, f1, MCB_SIG_MID, MCB_OWNER_FREE, 0x10, NULL);
    mcb_write(g_mem, f2, MCB_SIG_MID, MCB_OWNER_FREE, 0xFFFF, NULL);
    ck_assert_int_eq(mcb_alloc(g_mem, FIRST, 1, 1, MCB_FIRST_FIT, &seg, &largest),
                     -DOSERR_MCB_DESTROYED);
    ck_assert_int_eq(mcb_check(g_mem, FIRST), -DOSERR_MCB_DESTROYED);
    ck_assert_int_eq(mcb_resize(g_mem, FIRST, a, 0x30, &largest), -DOSERR_MCB_DESTROYED);
    /* the same with a last block of FFFFh paragraphs: a valid signature,
     * but the merged block would end past the address space */
    mcb_write(g_mem, f2, MCB_SIG_LAST, MCB_OWNER_FREE, 0xFFFF, NULL);
    ck_assert_int_eq(mcb_alloc(g_mem, FIRST, 1, 1, MCB_FIRST_FIT, &seg, &largest),
                     -DOSERR_MCB_DESTROYED);
    mcb_free_owner(g_mem, FIRST, 0x0100);       /* ends */
}
END_TEST

/* A middle block whose size leads back down the chain (or past FFFFh)
 * would make every walk go round: error 7, not a loop. */
START_TEST(test_link_leading_back_down_the_chain_is_error_7)
{
    uint16_t a = alloc_ok(0x10, MCB_FIRST_FIT), seg, largest;
    alloc_ok(0x10, MCB_FIRST_FIT);
    /* FIRST + size + 1 wraps to FIRST - 0x100 */
    mem_wr16(g_mem, (uint32_t)(a - 1) * 16 + MCB_OFF_SIZE, (uint16_t)(0x10000 - 0x101));
    ck_assert_int_eq(mcb_check(g_mem, FIRST), -DOSERR_MCB_DESTROYED);
    ck_assert_int_eq(mcb_alloc(g_mem, FIRST, 1, 1, MCB_FIRST_FIT, &seg, &largest),
                     -DOSERR_MCB_DESTROYED);
    ck_assert_int_eq(mcb_free(g_mem, FIRST, 0x1F00), -DOSERR_MCB_DESTROYED);
    mcb_free_owner(g_mem, FIRST, 0x0100);
}
END_TEST

/* Found by the chain fuzz target: a last block that runs past 1 MiB
 * (signature 'Z', FFFFh paragraphs, near the start) passed as intact, and
 * an allocation from it put the next header at a wrapped segment, over
 * low memory. Such a block is a destroyed chain. */
START_TEST(test_last_block_past_the_address_space_is_error_7)
{
    uint16_t a = alloc_ok(0x10, MCB_FIRST_FIT), seg, largest;
    mcb_write(g_mem, (uint16_t)(a + 0x10), MCB_SIG_LAST, MCB_OWNER_FREE, 0xFFFF, NULL);
    ck_assert_int_eq(mcb_check(g_mem, FIRST), -DOSERR_MCB_DESTROYED);
    ck_assert_int_eq(mcb_alloc(g_mem, FIRST, 0xFF00, 1, MCB_FIRST_FIT, &seg, &largest),
                     -DOSERR_MCB_DESTROYED);
    ck_assert_uint_eq(mem_rd8(g_mem, 0x75 * 16), 0);   /* nothing written where it wrapped */
}
END_TEST

/* A free block whose size reaches round to itself (FFFFh paragraphs) or
 * past the top of memory: error 7 at once, never a merge that goes round
 * forever. Check's own timeout (5 s) catches a loop. */
START_TEST(test_wrapping_free_block_is_error_7)
{
    uint16_t seg, largest;
    uint16_t a = alloc_ok(0x10, MCB_FIRST_FIT);
    uint32_t next = (uint32_t)(a + 0x10) * 16;
    mem_wr8(g_mem, next, 'M');
    mem_wr16(g_mem, next + 1, 0);
    mem_wr16(g_mem, next + 3, 0xFFFF);
    ck_assert_int_eq(mcb_check(g_mem, FIRST), -DOSERR_MCB_DESTROYED);
    ck_assert_int_eq(mcb_alloc(g_mem, FIRST, 1, 1, MCB_FIRST_FIT, &seg, &largest),
                     -DOSERR_MCB_DESTROYED);
    ck_assert_int_eq(mcb_free(g_mem, FIRST, a), 0);
    ck_assert_int_eq(mcb_resize(g_mem, FIRST, a, 0x20, &largest), -DOSERR_MCB_DESTROYED);
    mem_wr16(g_mem, next + 3, (uint16_t)(0x10000 - (a + 0x10) - 2)); /* ends at FFFEh: fine */
    mem_wr8(g_mem, next, 'Z');
    ck_assert_int_eq(mcb_check(g_mem, FIRST), 0);
}
END_TEST

START_TEST(test_free_owner_releases_all_blocks)
{
    uint16_t seg, largest;
    for (int i = 0; i < 4; i++)
        mcb_alloc(g_mem, FIRST, 0x10, 0x0200, MCB_FIRST_FIT, &seg, &largest);
    mcb_free_owner(g_mem, FIRST, 0x0200);
    mcb_alloc(g_mem, FIRST, 0xFFFF, 1, MCB_FIRST_FIT, &seg, &largest);
    ck_assert_uint_eq(largest, END - FIRST - 1);
}
END_TEST

Suite *suite_mcb(void)
{
    Suite *s = suite_create("mcb");
    TCase *tc = tcase_create("chain");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_alloc_first_fit_takes_lowest);
    tcase_add_test(tc, test_alloc_last_fit_takes_top);
    tcase_add_test(tc, test_alloc_best_fit_takes_smallest_hole);
    tcase_add_test(tc, test_alloc_too_big_reports_largest);
    tcase_add_test(tc, test_free_then_alloc_merges_neighbours);
    tcase_add_test(tc, test_resize_grow_into_free_and_shrink);
    tcase_add_test(tc, test_resize_blocked_reports_largest);
    tcase_add_test(tc, test_free_bad_segment_is_error_9);
    tcase_add_test(tc, test_corrupt_chain_is_error_7);
    tcase_add_test(tc, test_forged_free_blocks_whose_merge_wraps_are_error_7);
    tcase_add_test(tc, test_link_leading_back_down_the_chain_is_error_7);
    tcase_add_test(tc, test_last_block_past_the_address_space_is_error_7);
    tcase_add_test(tc, test_wrapping_free_block_is_error_7);
    tcase_add_test(tc, test_free_owner_releases_all_blocks);
    suite_add_tcase(s, tc);
    return s;
}
