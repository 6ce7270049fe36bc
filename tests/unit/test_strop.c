/* cpu/strop: decoding REP STOS/MOVS and running it against a recording
 * device in the video window; where it hands back to the CPU. */
#include <string.h>

#include "base/common.h"
#include "cpu/regs.h"
#include "cpu/strop.h"
#include "tests/unit/unit.h"

#define CODE_SEG 0x1000u
#define DEV_LIN 0xA0000u
#define DEV_BYTES 0x10000u
#define MAX_LOG 64

static struct {
    uint8_t bytes[DEV_BYTES];
    struct { uint32_t lin; unsigned size; uint32_t val; } log[MAX_LOG];
    unsigned n;
} g_dev;

static uint32_t dev_read(void *ctx, uint32_t lin, unsigned size)
{
    uint32_t v = 0;
    (void)ctx;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)g_dev.bytes[lin - DEV_LIN + i] << (8 * i);
    return v;
}

static void dev_write(void *ctx, uint32_t lin, unsigned size, uint32_t val)
{
    (void)ctx;
    if (g_dev.n < MAX_LOG) {
        g_dev.log[g_dev.n].lin = lin;
        g_dev.log[g_dev.n].size = size;
        g_dev.log[g_dev.n].val = val;
    }
    g_dev.n++;
    for (unsigned i = 0; i < size; i++)
        g_dev.bytes[lin - DEV_LIN + i] = (uint8_t)(val >> (8 * i));
}

static const struct mem_io k_dev = {dev_read, dev_write, NULL};

/* Where the element before ES:DI went: the CPU's last device store. */
static uint32_t before(const struct strop_regs *r, unsigned size)
{
    uint32_t step = (r->flags & CPU_FLAG_DF) ? (uint32_t)-size : size;
    return ((uint32_t)r->es << 4) + (uint16_t)(r->edi - step);
}

/* Memory with the device at A0000h-AFFFFh and code at CODE_SEG:0. */
static struct mem *setup(const uint8_t *code, size_t len, struct strop_regs *r)
{
    struct mem *m = mem_new();
    memset(&g_dev, 0, sizeof g_dev);
    mem_set_io(m, DEV_LIN, DEV_BYTES, &k_dev);
    mem_write(m, CODE_SEG << 4, code, len);
    *r = (struct strop_regs){.cs = CODE_SEG, .ds = 0x2000, .es = 0xA000, .ss = 0x3000};
    return m;
}

START_TEST(test_rep_stosw_fills_and_steps_past)
{
    static const uint8_t code[] = {0xF3, 0xAB};         /* rep stosw */
    struct strop_regs r;
    struct mem *m = setup(code, sizeof code, &r);
    r.eax = 0xBEEF1234;
    r.ecx = 0xABCD0005;
    r.edi = 0x77770010;
    ck_assert_uint_eq(strop_run(m, &r, before(&r, 2), 100), 5);
    ck_assert_uint_eq(g_dev.n, 5);
    ck_assert_uint_eq(g_dev.log[0].lin, DEV_LIN + 0x10);
    ck_assert_uint_eq(g_dev.log[0].size, 2);
    ck_assert_uint_eq(g_dev.log[0].val, 0x1234);
    ck_assert_uint_eq(g_dev.log[4].lin, DEV_LIN + 0x18);
    ck_assert_uint_eq(r.ecx, 0xABCD0000);               /* upper halves kept */
    ck_assert_uint_eq(r.edi, 0x7777001A);
    ck_assert_uint_eq(r.ip, 2);
    mem_free(m);
}
END_TEST

START_TEST(test_prefixes_in_any_order_and_dword_elements_down)
{
    static const uint8_t code[] = {0x66, 0xF3, 0xAB};   /* o32 rep stosd */
    struct strop_regs r;
    struct mem *m = setup(code, sizeof code, &r);
    r.eax = 0x89ABCDEF;
    r.ecx = 3;
    r.edi = 0x100;
    r.flags = CPU_FLAG_DF;
    ck_assert_uint_eq(strop_run(m, &r, before(&r, 4), 100), 3);
    ck_assert_uint_eq(g_dev.log[0].size, 4);
    ck_assert_uint_eq(g_dev.log[0].val, 0x89ABCDEF);
    ck_assert_uint_eq(g_dev.log[2].lin, DEV_LIN + 0xF8);
    ck_assert_uint_eq(r.edi, 0xF4);
    ck_assert_uint_eq(r.ip, 3);
    mem_free(m);
}
END_TEST

START_TEST(test_movs_reads_ram_through_segment_prefix)
{
    static const uint8_t code[] = {0x2E, 0xF3, 0xA4};   /* cs rep movsb */
    struct strop_regs r;
    struct mem *m = setup(code, sizeof code, &r);
    mem_write(m, (CODE_SEG << 4) + 0x40, "ABC", 3);
    mem_write(m, 0x20040, "xyz", 3);                    /* DS:40h: must not be read */
    r.ecx = 3;
    r.esi = 0x40;
    r.edi = 0;
    ck_assert_uint_eq(strop_run(m, &r, before(&r, 1), 100), 3);
    ck_assert_mem_eq(g_dev.bytes, "ABC", 3);
    ck_assert_uint_eq(r.esi, 0x43);
    mem_free(m);
}
END_TEST

START_TEST(test_movs_from_the_device_itself)
{
    static const uint8_t code[] = {0xF3, 0xA5};         /* rep movsw, DS = ES = A000h */
    struct strop_regs r;
    struct mem *m = setup(code, sizeof code, &r);
    memcpy(g_dev.bytes + 0x200, "\x01\x02\x03\x04", 4);
    r.ds = 0xA000;
    r.ecx = 2;
    r.esi = 0x200;
    r.edi = 0x300;
    ck_assert_uint_eq(strop_run(m, &r, before(&r, 2), 100), 2);
    ck_assert_mem_eq(g_dev.bytes + 0x300, "\x01\x02\x03\x04", 4);
    ck_assert_uint_eq(g_dev.log[1].val, 0x0403);
    mem_free(m);
}
END_TEST

START_TEST(test_addr32_counts_with_ecx)
{
    static const uint8_t code[] = {0x67, 0xF3, 0xAA};   /* a32 rep stosb */
    struct strop_regs r;
    struct mem *m = setup(code, sizeof code, &r);
    r.ecx = 0x10004;
    r.edi = 0x10;
    r.eax = 0x55;
    ck_assert_uint_eq(strop_run(m, &r, before(&r, 1), 0x20), 0x20);    /* the cap: more left */
    ck_assert_uint_eq(r.ecx, 0x10004 - 0x20);
    ck_assert_uint_eq(r.edi, 0x30);
    ck_assert_uint_eq(r.ip, 0);                         /* not done: still at the REP */
    mem_free(m);
}
END_TEST

START_TEST(test_other_code_is_left_to_the_cpu)
{
    static const uint8_t cases[][3] = {
        {0xAA, 0x90, 0x90},             /* stosb without REP */
        {0xF0, 0xF3, 0xAA},             /* LOCK */
        {0xF3, 0xA6, 0x90},             /* rep cmpsb */
        {0xF3, 0x90, 0x90},             /* rep nop (pause) */
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct strop_regs r;
        struct mem *m = setup(cases[i], sizeof cases[i], &r);
        r.ecx = 10;
        ck_assert_uint_eq(strop_run(m, &r, before(&r, 1), 100), 0);
        ck_assert_uint_eq(r.ecx, 10);
        ck_assert_uint_eq(g_dev.n, 0);
        mem_free(m);
    }
}
END_TEST

START_TEST(test_stops_where_the_device_ends)
{
    static const uint8_t code[] = {0xF3, 0xAB};         /* rep stosw */
    struct strop_regs r;
    struct mem *m = setup(code, sizeof code, &r);
    r.ecx = 10;
    r.edi = 0x7FFB;         /* the word at 7FFFh spans two 32 KiB slots */
    ck_assert_uint_eq(strop_run(m, &r, before(&r, 2), 100), 2);
    ck_assert_uint_eq(r.edi, 0x7FFF);
    ck_assert_uint_eq(r.ecx, 8);
    ck_assert_uint_eq(r.ip, 0);
    mem_free(m);
}
END_TEST

START_TEST(test_ram_destination_and_zero_count)
{
    static const uint8_t code[] = {0xF3, 0xAA};
    struct strop_regs r;
    struct mem *m = setup(code, sizeof code, &r);
    r.es = 0x5000;
    r.ecx = 10;
    ck_assert_uint_eq(strop_run(m, &r, before(&r, 1), 100), 0);        /* RAM: the CPU's own fast path */
    r.es = 0xA000;
    r.ecx = 0;
    ck_assert_uint_eq(strop_run(m, &r, before(&r, 1), 100), 0);
    ck_assert_uint_eq(r.ip, 0);
    mem_free(m);
}
END_TEST

START_TEST(test_word_at_segment_limit_is_left_to_the_cpu)
{
    static const uint8_t code[] = {0xF3, 0xAB};
    struct strop_regs r;
    struct mem *m = setup(code, sizeof code, &r);
    r.es = 0xA000;
    r.ecx = 4;
    r.edi = 0xFFFB;
    ck_assert_uint_eq(strop_run(m, &r, before(&r, 2), 100), 2);        /* FFFB, FFFD; FFFF faults */
    ck_assert_uint_eq(r.edi, 0xFFFF);
    ck_assert_uint_eq(r.ecx, 2);
    mem_free(m);
}
END_TEST

START_TEST(test_a_hidden_segment_base_is_left_to_the_cpu)
{
    static const uint8_t code[] = {0xF3, 0xAA};         /* rep stosb */
    struct strop_regs r;
    struct mem *m = setup(code, sizeof code, &r);
    r.ecx = 10;
    r.edi = 0x100;
    /* the last store went elsewhere: ES's base is not ES * 16 (unreal mode) */
    ck_assert_uint_eq(strop_run(m, &r, DEV_LIN + 0x8000 + 0xFF, 100), 0);
    ck_assert_uint_eq(g_dev.n, 0);
    ck_assert_uint_eq(r.ecx, 10);
    mem_free(m);
}
END_TEST

/* The host loop takes over only when the store that stopped the CPU lies in
 * the element just written, ES:DI - step: at its first byte, or at its last
 * (an unaligned element reaches the device as bytes), never one past it. */
START_TEST(test_the_last_store_must_be_inside_the_element)
{
    static const uint8_t code[] = {0xF3, 0xAB};         /* rep stosw */
    struct strop_regs r;
    struct mem *m = setup(code, sizeof code, &r);
    const uint32_t elem = DEV_LIN + 0x100;
    r.ecx = 4;
    r.edi = 0x102;
    ck_assert_uint_eq(strop_run(m, &r, elem + 2, 100), 0);              /* one past: not ours */
    ck_assert_uint_eq(strop_run(m, &r, elem - 1, 100), 0);              /* one before */
    ck_assert_uint_eq(g_dev.n, 0);
    ck_assert_uint_eq(r.ecx, 4);
    ck_assert_uint_eq(strop_run(m, &r, elem + 1, 100), 4);              /* its last byte */
    r.ip = 0;                                           /* the same instruction again */
    r.ecx = 2;
    r.edi = 0x102;
    ck_assert_uint_eq(strop_run(m, &r, elem, 100), 2);                  /* its first */
    mem_free(m);
}
END_TEST

Suite *suite_strop(void)
{
    Suite *s = suite_create("strop");
    TCase *tc = tcase_create("strop");
    tcase_add_test(tc, test_rep_stosw_fills_and_steps_past);
    tcase_add_test(tc, test_prefixes_in_any_order_and_dword_elements_down);
    tcase_add_test(tc, test_movs_reads_ram_through_segment_prefix);
    tcase_add_test(tc, test_movs_from_the_device_itself);
    tcase_add_test(tc, test_addr32_counts_with_ecx);
    tcase_add_test(tc, test_other_code_is_left_to_the_cpu);
    tcase_add_test(tc, test_stops_where_the_device_ends);
    tcase_add_test(tc, test_ram_destination_and_zero_count);
    tcase_add_test(tc, test_word_at_segment_limit_is_left_to_the_cpu);
    tcase_add_test(tc, test_a_hidden_segment_base_is_left_to_the_cpu);
    tcase_add_test(tc, test_the_last_store_must_be_inside_the_element);
    suite_add_tcase(s, tc);
    return s;
}
