/* The DOS kernel's tables in guest memory (dosapi/lol.c, devchain.c,
 * sfttab.c, sda.c, int2f_dos.c): read from guest memory after real calls,
 * as programs read them, and compared with the native state. */
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "bus/mem.h"
#include "dosapi/dosdata.h"
#include "tests/unit/unit.h"
#include "tests/unit/unit_dos.h"

#define BUF 0x0200u
#define SFT_ENTRY 0x3B
#define SFT_REFS 0x00
#define SFT_SIZE 0x11
#define SFT_POS 0x15
#define SFT_NAME 0x20
#define SDA_PSP 0x10
#define SDA_INDOS 0x01

static struct udos g_u;

static void setup(void)
{
    udos_new(&g_u, false);
    ufs_write(&g_u.tree, "c/DATA.TXT", "0123456789");
}

static void teardown(void)
{
    udos_free(&g_u);
}

static uint32_t lin_of(uint32_t far)
{
    return ((far >> 16) << 4) + (far & 0xFFFF);
}

/* The List of Lists, as 52h gives it. */
static uint32_t lol(void)
{
    struct cpu_regs r = udos_regs(0x5200);
    udos_int21(&g_u, &r);
    return mem_lin(g_u.mem, r.es, r.bx);
}

/* The guest entry of SFT index i, walking the tables from LoL+4. */
static uint32_t sft_entry(unsigned i)
{
    uint32_t t = lin_of(mem_rd32(g_u.mem, lol() + LOL_SFT));
    for (int n = 0; n < 8; n++) {
        unsigned count = mem_rd16(g_u.mem, t + 4);
        if (i < count)
            return t + 6 + i * SFT_ENTRY;
        i -= count;
        t = lin_of(mem_rd32(g_u.mem, t));
    }
    ck_abort_msg("SFT index beyond the chain");
    return 0;
}

/* The SFT index handle h has in the root PSP's JFT. */
static unsigned sfn(uint16_t h)
{
    struct cpu_regs r = udos_regs(0x6200);
    udos_int21(&g_u, &r);
    uint32_t psp = (uint32_t)r.bx << 4;
    return mem_rd8(g_u.mem, lin_of(mem_rd32(g_u.mem, psp + 0x34)) + h);
}

START_TEST(test_lol_chain_order_and_pointers)
{
    static const char *const k_names[] = {"NUL     ", "CON     ", "AUX     ", "PRN     ",
                                          "CLOCK$  "};
    uint32_t l = lol(), dev = l + LOL_NUL;
    ck_assert_uint_eq(mem_rd16(g_u.mem, l + LOL_FIRST_MCB), DOS_FIRST_MCB);
    ck_assert_uint_eq(mem_rd32(g_u.mem, l + LOL_SFT), (uint32_t)DOS_DATA_SEG << 16 | DD_SFT);
    for (size_t i = 0; i < ARRAY_LEN(k_names); i++) {
        char name[9] = {0};
        mem_read(g_u.mem, dev + DEVHDR_NAME, name, 8);
        ck_assert_str_eq(name, k_names[i]);
        if (i == 1)
            ck_assert_uint_eq(lin_of(mem_rd32(g_u.mem, l + LOL_CON)), dev);
        if (i == 4)
            ck_assert_uint_eq(lin_of(mem_rd32(g_u.mem, l + LOL_CLOCK)), dev);
        dev = lin_of(mem_rd32(g_u.mem, dev));
    }
    ck_assert_uint_eq(mem_rd8(g_u.mem, dev + DEVHDR_UNITS),
                      mem_rd8(g_u.mem, l + LOL_BLOCK_DEVS));
}
END_TEST

START_TEST(test_lol_dpb_is_32h_answer)
{
    uint32_t l = lol();
    struct cpu_regs r = udos_regs(0x3200);
    r.dx = 3; /* C: */
    udos_int21(&g_u, &r);
    ck_assert_uint_eq(reg_lo(r.ax), 0);
    uint32_t first = mem_rd32(g_u.mem, l + LOL_DPB);
    ck_assert_uint_eq(first, (uint32_t)r.ds << 16 | r.bx); /* C: is the only drive */
    ck_assert_uint_eq(mem_rd8(g_u.mem, lin_of(first)), 2);
}
END_TEST

/* Open, write, seek, dup, close: the guest entry follows. */
START_TEST(test_sft_entry_follows_handle)
{
    uint16_t h = udos_open(&g_u, "C:\\DATA.TXT", 2);
    unsigned i = sfn(h);
    uint32_t e = sft_entry(i);
    uint8_t name[11];
    ck_assert_uint_eq(mem_rd16(g_u.mem, e + SFT_REFS), 1);
    ck_assert_uint_eq(mem_rd32(g_u.mem, e + SFT_SIZE), 10);
    mem_read(g_u.mem, e + SFT_NAME, name, sizeof name);
    ck_assert(!memcmp(name, "DATA    TXT", sizeof name));
    struct cpu_regs r = udos_regs(0x4202); /* to the end, then write 5 */
    r.bx = h;
    udos_int21(&g_u, &r);
    r = udos_regs(0x4000);
    r.bx = h;
    r.cx = 5;
    r.dx = BUF;
    udos_int21(&g_u, &r);
    ck_assert_uint_eq(mem_rd32(g_u.mem, e + SFT_SIZE), 15);
    ck_assert_uint_eq(mem_rd32(g_u.mem, e + SFT_POS), 15);
    r = udos_regs(0x4500);
    r.bx = h;
    udos_int21(&g_u, &r);
    ck_assert_uint_eq(sfn(r.ax), i);
    ck_assert_uint_eq(mem_rd16(g_u.mem, e + SFT_REFS), 2);
    udos_close(&g_u, r.ax);
    udos_close(&g_u, h);
    ck_assert_uint_eq(mem_rd16(g_u.mem, e + SFT_REFS), 0);
}
END_TEST

/* 2Fh/1216h finds the same entry the chain walk does. */
START_TEST(test_int2f_1216_is_chain_entry)
{
    uint16_t h = udos_open(&g_u, "C:\\DATA.TXT", 0);
    struct cpu_regs r = udos_regs(0x1216);
    r.bx = (uint16_t)sfn(h);
    ck_assert(!udos_int(&g_u, 0x2F, &r));
    ck_assert_uint_eq(mem_lin(g_u.mem, r.es, r.di), sft_entry(sfn(h)));
}
END_TEST

/* A PSP written into the SDA is DOS's current PSP; 50h shows there. */
START_TEST(test_sda_both_ways)
{
    struct cpu_regs r = udos_regs(0x5D06);
    ck_assert(!udos_int21(&g_u, &r));
    uint32_t sda = mem_lin(g_u.mem, r.ds, r.si);
    ck_assert_uint_eq(r.si, DD_SDA);
    ck_assert_uint_eq(mem_rd8(g_u.mem, sda + SDA_INDOS), 0);
    mem_wr16(g_u.mem, sda + SDA_PSP, 0x1234);
    r = udos_regs(0x5100);
    udos_int21(&g_u, &r);
    ck_assert_uint_eq(r.bx, 0x1234);
    r = udos_regs(0x5000);
    r.bx = 0x2345;
    udos_int21(&g_u, &r);
    ck_assert_uint_eq(mem_rd16(g_u.mem, sda + SDA_PSP), 0x2345);
}
END_TEST

/* 2F/1218h shows the registers of the last INT 21h call as it came, also
 * after DOS showed its state in the SDA (whose copy once ran over them). */
START_TEST(test_int2f_1218_keeps_the_callers_registers)
{
    struct cpu_regs r = udos_regs(0x3000);
    r.bx = 0x1111;
    r.cx = 0x2222;
    r.dx = 0x3333;
    r.si = 0x4444;
    udos_int21(&g_u, &r);
    r = udos_regs(0x1218);
    ck_assert(!udos_int(&g_u, 0x2F, &r));
    uint32_t frame = mem_lin(g_u.mem, r.ds, r.si);
    ck_assert_uint_eq(mem_rd16(g_u.mem, frame + 0), 0x3000); /* AX BX CX DX SI ... */
    ck_assert_uint_eq(mem_rd16(g_u.mem, frame + 2), 0x1111);
    ck_assert_uint_eq(mem_rd16(g_u.mem, frame + 4), 0x2222);
    ck_assert_uint_eq(mem_rd16(g_u.mem, frame + 6), 0x3333);
    ck_assert_uint_eq(mem_rd16(g_u.mem, frame + 8), 0x4444);
}
END_TEST

/* Function numbers MS-DOS 5 lacks: AL=0, CF as it was. */
START_TEST(test_unknown_function_is_badcall)
{
    struct cpu_regs r = udos_regs(0x7160);
    r.flags |= CPU_FLAG_CF;
    ck_assert(udos_int21(&g_u, &r));
    ck_assert_uint_eq(r.ax, 0x7100);
    r = udos_regs(0xFE12);
    ck_assert(!udos_int21(&g_u, &r));
    ck_assert_uint_eq(r.ax, 0xFE00);
}
END_TEST

Suite *suite_dostab(void)
{
    Suite *s = suite_create("dostab");
    TCase *tc = tcase_create("tables");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_lol_chain_order_and_pointers);
    tcase_add_test(tc, test_lol_dpb_is_32h_answer);
    tcase_add_test(tc, test_sft_entry_follows_handle);
    tcase_add_test(tc, test_int2f_1216_is_chain_entry);
    tcase_add_test(tc, test_sda_both_ways);
    tcase_add_test(tc, test_int2f_1218_keeps_the_callers_registers);
    tcase_add_test(tc, test_unknown_function_is_badcall);
    suite_add_tcase(s, tc);
    return s;
}
