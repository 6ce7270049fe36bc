/* dosapi/psp: PSP layout, command tails, FCB name parsing (29h). */
#include <string.h>

#include "bus/mem.h"
#include "dosapi/psp.h"
#include "tests/unit/unit.h"

static bool drives_c_d(void *ctx, unsigned drive)
{
    (void)ctx;
    return drive == 3 || drive == 4;
}

struct fcb_case {
    const char *in;
    uint8_t flags;
    const char *name11;         /* expected 8.3 field, blank padded */
    uint8_t drive;
    uint8_t result;
    size_t used;
};

static const struct fcb_case k_fcb[] = {
    {"FILE.TXT", 0, "FILE    TXT", 0, 0, 8},
    {"  file.txt rest", 1, "FILE    TXT", 0, 0, 10},
    {"C:ABC", 1, "ABC        ", 3, 0, 5},
    {"Q:ABC", 1, "ABC        ", 17, 0xFF, 5},
    {"*.C", 1, "????????C  ", 0, 1, 3},
    {"AB?D.*", 1, "AB?D    ???", 0, 1, 6},
    {"LONGFILENAME.EXTENSION", 1, "LONGFILEEXT", 0, 0, 22},
    {"", 1, "           ", 0, 0, 0},
    {" ,X", 1, "X          ", 0, 0, 3},
};

START_TEST(test_fcb_parse_table)
{
    const struct fcb_case *c = &k_fcb[_i];
    uint8_t fcb[12];
    uint8_t res = 0x55;
    memset(fcb, 0xAA, sizeof fcb);
    size_t used = psp_parse_fcb_name(c->in, c->flags, fcb, drives_c_d, NULL, &res);
    ck_assert_msg(!memcmp(fcb + 1, c->name11, 11), "'%s': got '%.11s'", c->in, fcb + 1);
    ck_assert_uint_eq(fcb[0], c->drive);
    ck_assert_uint_eq(res, c->result);
    ck_assert_uint_eq(used, c->used);
}
END_TEST

START_TEST(test_create_fills_fixed_fields)
{
    struct mem *m = mem_new();
    struct psp_init pi = {.mem_top = 0x9FFF, .parent = 0x0200, .env = 0x0300,
                          .cpm_seg = 0xF01D, .cpm_off = 0xFEF0, .ver_major = 5};
    psp_create(m, 0x1000, &pi);
    uint32_t b = 0x10000;
    ck_assert_uint_eq(mem_rd16(m, b + PSP_INT20), 0x20CD);
    ck_assert_uint_eq(mem_rd16(m, b + PSP_MEM_TOP), 0x9FFF);
    ck_assert_uint_eq(mem_rd16(m, b + PSP_PARENT), 0x0200);
    ck_assert_uint_eq(mem_rd16(m, b + PSP_ENV), 0x0300);
    ck_assert_uint_eq(mem_rd16(m, b + PSP_JFT_SIZE), 20);
    ck_assert_uint_eq(mem_rd32(m, b + PSP_JFT_PTR), 0x10000000u | PSP_JFT);
    ck_assert_uint_eq(mem_rd8(m, b + PSP_JFT), 0xFF);
    ck_assert_uint_eq(mem_rd8(m, b + PSP_DOS_CALL + 2), 0xCB);
    ck_assert_uint_eq(mem_rd8(m, b + PSP_TAIL + 1), '\r');
    mem_free(m);
}
END_TEST

START_TEST(test_tail_length_byte_and_cr)
{
    struct mem *m = mem_new();
    psp_set_tail(m, 0x1000, " abc", 4);
    ck_assert_uint_eq(mem_rd8(m, 0x10000 + PSP_TAIL), 4);
    ck_assert_uint_eq(mem_rd8(m, 0x10000 + PSP_TAIL + 5), '\r');
    char big[200];
    memset(big, 'x', sizeof big);
    psp_set_tail(m, 0x1000, big, sizeof big);   /* cut to 126 characters */
    ck_assert_uint_eq(mem_rd8(m, 0x10000 + PSP_TAIL), PSP_TAIL_MAX);
    ck_assert_uint_eq(mem_rd8(m, 0x10000 + PSP_TAIL + 1 + PSP_TAIL_MAX), '\r');
    mem_free(m);
}
END_TEST

Suite *suite_psp(void)
{
    Suite *s = suite_create("psp");
    TCase *tc = tcase_create("psp");
    tcase_add_loop_test(tc, test_fcb_parse_table, 0, (int)(sizeof k_fcb / sizeof k_fcb[0]));
    tcase_add_test(tc, test_create_fills_fixed_fields);
    tcase_add_test(tc, test_tail_length_byte_and_cr);
    suite_add_tcase(s, tc);
    return s;
}
