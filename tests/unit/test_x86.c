/* Unicorn real-mode behaviour that unidos relies on or works around: each
 * fact of docs/design.md ("Unicorn facts this design rests on") pinned by
 * a test against the bare engine. */
#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>

#include "tests/unit/unit.h"

#define OK(x)                                                                                  \
    do {                                                                                       \
        uc_err e_ = (x);                                                                       \
        ck_assert_msg(e_ == UC_ERR_OK, "%s: %s", #x, uc_strerror(e_));                         \
    } while (0)
#define RAM_BYTES 0x110000
#define CODE_SEG 0x1000

static uc_engine *g_uc;
static uint8_t *g_ram;
static unsigned g_intno;
static uint16_t g_int_ip, g_io_ip;

static void setup(void)
{
    g_ram = calloc(1, RAM_BYTES);
    OK(uc_open(UC_ARCH_X86, UC_MODE_16, &g_uc));
    OK(uc_mem_map_ptr(g_uc, 0, RAM_BYTES, UC_PROT_ALL, g_ram));
    uint16_t seg = CODE_SEG, sp = 0xFFF0;
    OK(uc_reg_write(g_uc, UC_X86_REG_CS, &seg));
    OK(uc_reg_write(g_uc, UC_X86_REG_SS, &seg));
    OK(uc_reg_write(g_uc, UC_X86_REG_SP, &sp));
}

static void teardown(void)
{
    uc_close(g_uc);
    free(g_ram);
}

static void on_intr(uc_engine *uc, uint32_t intno, void *user)
{
    (void)user;
    g_intno = intno;
    uc_reg_read(uc, UC_X86_REG_IP, &g_int_ip);
    uc_emu_stop(uc);
}

static uint32_t on_in(uc_engine *uc, uint32_t port, int size, void *user)
{
    (void)port;
    (void)size;
    (void)user;
    uc_reg_read(uc, UC_X86_REG_IP, &g_io_ip);
    return 0;
}

static uc_err run(const uint8_t *code, size_t n)
{
    uint16_t ip = 0;
    memcpy(g_ram + CODE_SEG * 16, code, n);
    uc_reg_write(g_uc, UC_X86_REG_IP, &ip);
    return uc_emu_start(g_uc, CODE_SEG * 16, 1ull << 40, 0, 0);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
static void hook_intr(void)
{
    uc_hook h;
    OK(uc_hook_add(g_uc, &h, UC_HOOK_INTR, (void *)on_intr, NULL, 1, 0));
}

START_TEST(test_in_hook_sees_block_start_ip_not_instruction)
{
    uc_hook h;
    OK(uc_hook_add(g_uc, &h, UC_HOOK_INSN, (void *)on_in, NULL, 1, 0, UC_X86_INS_IN));
    hook_intr();
    const uint8_t code[] = {0x90, 0x90, 0xE4, 0x60, 0xCD, 0x20};    /* nop nop in al,60h */
    OK(run(code, sizeof code));
    ck_assert_uint_eq(g_io_ip, 0);          /* pitfall: not 2 */
}
END_TEST
#pragma GCC diagnostic pop

START_TEST(test_int_hook_ip_is_past_the_instruction)
{
    hook_intr();
    const uint8_t code[] = {0x90, 0xCD, 0x21, 0xF4};
    OK(run(code, sizeof code));
    ck_assert_uint_eq(g_intno, 0x21);
    ck_assert_uint_eq(g_int_ip, 3);
}
END_TEST

START_TEST(test_divide_error_ip_is_at_the_div)
{
    hook_intr();
    const uint8_t code[] = {0x31, 0xC9, 0xF7, 0xF1, 0xF4};          /* xor cx,cx; div cx */
    OK(run(code, sizeof code));
    ck_assert_uint_eq(g_intno, 0);
    ck_assert_uint_eq(g_int_ip, 2);         /* 286+ semantics: restartable */
}
END_TEST

START_TEST(test_host_write_leaves_stale_code_until_removed)
{
    hook_intr();
    const uint8_t v1[] = {0xB8, 0x01, 0x00, 0xCD, 0x20};
    const uint8_t v2[] = {0xB8, 0x02, 0x00, 0xCD, 0x20};
    uint16_t ax;
    OK(run(v1, sizeof v1));
    OK(run(v2, sizeof v2));                 /* plain host write: old code runs */
    uc_reg_read(g_uc, UC_X86_REG_AX, &ax);
    ck_assert_uint_eq(ax, 1);
    OK(uc_ctl_remove_cache(g_uc, CODE_SEG * 16, CODE_SEG * 16 + sizeof v2));
    OK(run(v2, sizeof v2));
    uc_reg_read(g_uc, UC_X86_REG_AX, &ax);
    ck_assert_uint_eq(ax, 2);
}
END_TEST

START_TEST(test_guest_write_to_code_is_seen)
{
    hook_intr();
    /* mov byte [cs:8], 2 ; mov ax, 1 (patched to 2) ; int 20h */
    const uint8_t code[] = {0x2E, 0xC6, 0x06, 0x09, 0x00, 0x02, 0x90, 0x90,
                            0xB8, 0x01, 0x00, 0xCD, 0x20};
    uint16_t ax;
    OK(run(code, sizeof code));
    uc_reg_read(g_uc, UC_X86_REG_AX, &ax);
    ck_assert_uint_eq(ax, 2);
}
END_TEST

START_TEST(test_x87_works_in_real_mode)
{
    hook_intr();
    /* fld1; fadd st0,st0; fistp word [0x100]; int 20h */
    const uint8_t code[] = {0xD9, 0xE8, 0xD8, 0xC0, 0xDF, 0x1E, 0x00, 0x01, 0xCD, 0x20};
    uint16_t ds = CODE_SEG;
    uc_reg_write(g_uc, UC_X86_REG_DS, &ds);
    OK(run(code, sizeof code));
    ck_assert_uint_eq(g_ram[CODE_SEG * 16 + 0x100], 2);
}
END_TEST

START_TEST(test_hlt_returns_from_emu_start_past_hlt)
{
    const uint8_t code[] = {0x90, 0xF4, 0x90};
    uint16_t ip;
    OK(run(code, sizeof code));
    uc_reg_read(g_uc, UC_X86_REG_IP, &ip);
    ck_assert_uint_eq(ip, 2);
}
END_TEST

/* Pitfall: when the instruction count (or a stop from a code hook) ends the
 * run, EIP reads back as the linear address CS*16+IP, here after a far
 * jump and below after a plain INC. cpu_step mends it. */
START_TEST(test_count_stop_after_far_jump_leaves_linear_eip)
{
    const uint8_t code[] = {0xEA, 0x78, 0x56, 0x34, 0x12};        /* jmp 1234:5678 */
    uint32_t eip;
    uint16_t ip = 0;
    memcpy(g_ram + CODE_SEG * 16, code, sizeof code);
    memset(g_ram + 0x179B8, 0x90, 16);
    OK(uc_reg_write(g_uc, UC_X86_REG_IP, &ip));
    OK(uc_emu_start(g_uc, CODE_SEG * 16, 1ull << 40, 0, 1));
    OK(uc_reg_read(g_uc, UC_X86_REG_EIP, &eip));
    ck_assert_uint_eq(eip, 0x179B8);        /* pitfall: not 5678h */
}
END_TEST

START_TEST(test_count_stop_inside_a_block_leaves_linear_eip)
{
    const uint8_t code[] = {0x40, 0x40, 0x40};
    uint32_t eip;
    uint16_t ip = 0;
    memcpy(g_ram + CODE_SEG * 16, code, sizeof code);
    OK(uc_reg_write(g_uc, UC_X86_REG_IP, &ip));
    OK(uc_emu_start(g_uc, CODE_SEG * 16, 1ull << 40, 0, 1));
    OK(uc_reg_read(g_uc, UC_X86_REG_EIP, &eip));
    ck_assert_uint_eq(eip, CODE_SEG * 16 + 1);  /* pitfall: not 1 */
}
END_TEST

static unsigned g_exc[3], g_nexc;

static void on_exc(uc_engine *uc, uint32_t intno, void *user)
{
    uint16_t ip;
    (void)user;
    if (g_nexc < 3)
        g_exc[g_nexc++] = intno;
    uc_reg_read(uc, UC_X86_REG_IP, &ip);
    ip = (uint16_t)(ip + 2);                /* skip the DIV */
    uc_reg_write(uc, UC_X86_REG_IP, &ip);
}

/* Pitfall: the hook replaces QEMU's exception delivery, which is what
 * clears its "exception in flight" state; the second divide error arrives
 * as a double fault and the third halts the CPU (cpu.c resets the state). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
START_TEST(test_repeated_divide_errors_escalate_to_double_and_triple_fault)
{
    uc_hook h;
    OK(uc_hook_add(g_uc, &h, UC_HOOK_INTR, (void *)on_exc, NULL, 1, 0));
    /* xor cx,cx; div cx; div cx; div cx; hlt */
    const uint8_t code[] = {0x31, 0xC9, 0xF7, 0xF1, 0xF7, 0xF1, 0xF7, 0xF1, 0xF4};
    g_nexc = 0;
    run(code, sizeof code);
    ck_assert_uint_eq(g_nexc, 2);
    ck_assert_uint_eq(g_exc[0], 0);
    ck_assert_uint_eq(g_exc[1], 8);         /* pitfall: #DF, not #DE */
}
END_TEST
#pragma GCC diagnostic pop

/* Pitfall (unicorn issue #1787): Unicorn 2.0.1 hard-codes the CPUID feature
 * words, so every model, the 486 too, executes CMOV and FCOMI and reports
 * the same EDX without an FPU bit. cpu.c answers CPUID itself. */
START_TEST(test_486_model_runs_p6_instructions_with_fixed_cpuid)
{
    uc_engine *uc;
    uint32_t eax, edx;
    uint16_t cs = CODE_SEG, ip = 0;
    /* fld1; fld1; fcomip st1; cmove ax,bx; mov eax,1; cpuid; hlt */
    const uint8_t code[] = {0xD9, 0xE8, 0xD9, 0xE8, 0xDF, 0xF1, 0x0F, 0x44, 0xC3,
                            0x66, 0xB8, 0x01, 0x00, 0x00, 0x00, 0x0F, 0xA2, 0xF4};
    OK(uc_open(UC_ARCH_X86, UC_MODE_16, &uc));
    OK(uc_ctl_set_cpu_model(uc, UC_CPU_X86_486));
    OK(uc_mem_map_ptr(uc, 0, RAM_BYTES, UC_PROT_ALL, g_ram));
    memcpy(g_ram + CODE_SEG * 16, code, sizeof code);
    OK(uc_reg_write(uc, UC_X86_REG_CS, &cs));
    OK(uc_reg_write(uc, UC_X86_REG_IP, &ip));
    OK(uc_emu_start(uc, CODE_SEG * 16, 1ull << 40, 0, 0));
    OK(uc_reg_read(uc, UC_X86_REG_EAX, &eax));
    OK(uc_reg_read(uc, UC_X86_REG_EDX, &edx));
    uc_close(uc);
    ck_assert_uint_eq(eax >> 8 & 0xF, 4);   /* the family is the model's */
    ck_assert_uint_eq(edx, 0x07088100);     /* the features are not */
}
END_TEST

Suite *suite_x86(void)
{
    Suite *s = suite_create("x86");
    TCase *tc = tcase_create("unicorn");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_in_hook_sees_block_start_ip_not_instruction);
    tcase_add_test(tc, test_int_hook_ip_is_past_the_instruction);
    tcase_add_test(tc, test_divide_error_ip_is_at_the_div);
    tcase_add_test(tc, test_host_write_leaves_stale_code_until_removed);
    tcase_add_test(tc, test_guest_write_to_code_is_seen);
    tcase_add_test(tc, test_x87_works_in_real_mode);
    tcase_add_test(tc, test_hlt_returns_from_emu_start_past_hlt);
    tcase_add_test(tc, test_count_stop_after_far_jump_leaves_linear_eip);
    tcase_add_test(tc, test_count_stop_inside_a_block_leaves_linear_eip);
    tcase_add_test(tc, test_repeated_divide_errors_escalate_to_double_and_triple_fault);
    tcase_add_test(tc, test_486_model_runs_p6_instructions_with_fixed_cpuid);
    suite_add_tcase(s, tc);
    return s;
}
