/* Regression tests for what the fuzz targets found in the DOS kernel (the
 * inputs themselves are replayed from tests/fuzz/regress/ by make
 * fuzz-short); fs and zip findings are in the sandbox, path and zip
 * suites. */
#include <stdio.h>
#include <string.h>

#include "bus/mem.h"
#include "dosapi/dosdata.h"
#include "dosapi/mcb.h"
#include "dosapi/psp.h"
#include "tests/unit/unit.h"
#include "tests/unit/unit_dos.h"

#define PATH_OFF 0x0000u
#define PB_OFF 0x0100u

/* An MZ whose header wants fewer extra paragraphs than it needs (max 1 <
 * min 2Ah) with its stack at the start of the minimum area: EXEC gives it
 * the minimum, so the stack (and the AX 4B01h pushes there) stays inside
 * its block. Before, it got max and 4B01h wrote over the next MCB. */
START_TEST(test_exec_gives_an_mz_at_least_its_minimum)
{
    struct udos u;
    enum { MIN_EXTRA = 0x2A, MAX_EXTRA = 1, FILE_BYTES = 48 };
    static const uint8_t mz[FILE_BYTES] = {
        'M', 'Z', FILE_BYTES, 0, 1, 0, 0, 0,  2, 0, MIN_EXTRA, 0, MAX_EXTRA, 0,
        1, 0,                                   /* SS = 1 (after the module) */
        2, 0,                                   /* SP = 2 */
        0, 0, 0, 0, 0, 0, 0x1C, 0, 0, 0, 0, 0,
        0xB8, 0x00, 0x4C, 0xCD, 0x21};          /* module: mov ax,4C00h; int 21h */
    udos_new(&u, false);
    FILE *f = fopen(ufs_path(&u.tree, "c/MINMAX.EXE"), "wb");
    ck_assert_ptr_nonnull(f);
    fwrite(mz, 1, sizeof mz, f);
    fclose(f);
    struct cpu_regs r = udos_regs(0x4B01);
    uint8_t pb[0x16] = {0};
    udos_puts(&u, PATH_OFF, "C:\\MINMAX.EXE");
    udos_put(&u, PB_OFF, pb, sizeof pb);
    r.dx = PATH_OFF;
    r.bx = PB_OFF;
    ck_assert_msg(!udos_int21(&u, &r), "4B01h failed with %u", r.ax);
    r = udos_regs(0x6200);
    udos_int21(&u, &r);
    uint16_t child = r.bx;
    ck_assert_msg(mcb_size(u.mem, child) >= PSP_PARAS + 1 + MIN_EXTRA,
                  "child PSP %04X: block of %u paragraphs", child,
                  mcb_size(u.mem, child));
    ck_assert_int_eq(mcb_check(u.mem, DOS_FIRST_MCB), 0);
    udos_free(&u);
}
END_TEST

Suite *suite_hostile(void)
{
    Suite *s = suite_create("hostile");
    TCase *tc = tcase_create("fuzz findings");
    tcase_add_test(tc, test_exec_gives_an_mz_at_least_its_minimum);
    suite_add_tcase(s, tc);
    return s;
}
