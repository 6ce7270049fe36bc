/* cpu/: the Unicorn wrapper's own guarantees (the workarounds for the
 * pitfalls pinned in test_x86.c): single steps, repeated divide errors,
 * CPUID answers per model. */
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/cpuid.h"
#include "bus/io.h"
#include "tests/unit/unit.h"

#define CODE_SEG 0x1234u
#define STACK_SEG 0x3000u

static struct mem *g_mem;
static struct io *g_io;
static struct cpu *g_cpu;
static unsigned g_vec[8], g_nvec;

/* Count the vector and skip the 2-byte DIV at IP (a handler that resumes). */
static void on_intr(void *ctx, unsigned intno, struct cpu_regs *r)
{
    (void)ctx;
    if (g_nvec < 8)
        g_vec[g_nvec++] = intno;
    r->ip = (uint16_t)(r->ip + 2);
}

static void start(enum cpu_model model, const uint8_t *code, size_t n)
{
    struct cpu_callbacks cb = {on_intr, NULL, NULL, NULL};
    g_mem = mem_new();
    g_io = io_new();
    g_cpu = cpu_new(g_mem, g_io, model, &cb);
    g_nvec = 0;
    mem_write(g_mem, CODE_SEG * 16u, code, n);
    struct cpu_regs r = {.cs = CODE_SEG, .ip = 0, .ss = STACK_SEG, .sp = 0x100,
                         .flags = 0x0002};
    cpu_set_regs(g_cpu, &r);
}

/* Run to the HLT: the first divide error ends its slice (the CPU looks
 * for its exception fields between slices, cpu/pmode.c). */
static enum cpu_stop run_to_hlt(void)
{
    enum cpu_stop st = CPU_STOP_YIELD;
    for (int i = 0; i < 4 && st == CPU_STOP_YIELD; i++)
        st = cpu_run(g_cpu, 1000);
    return st;
}

static void teardown(void)
{
    cpu_free(g_cpu);
    io_free(g_io);
    mem_free(g_mem);
}

START_TEST(test_step_over_far_jump_lands_on_target_ip)
{
    const uint8_t code[] = {0xEA, 0x78, 0x56, 0x34, 0x12};
    struct cpu_regs r;
    start(CPU_MODEL_DEFAULT, code, sizeof code);
    ck_assert_int_eq(cpu_step(g_cpu), CPU_STOP_BUDGET);
    cpu_get_regs(g_cpu, &r);
    ck_assert_uint_eq(r.cs, 0x1234);
    ck_assert_uint_eq(r.ip, 0x5678);
}
END_TEST

START_TEST(test_step_runs_exactly_one_instruction)
{
    const uint8_t code[] = {0x40, 0x40, 0x40};                      /* inc ax x3 */
    struct cpu_regs r;
    start(CPU_MODEL_DEFAULT, code, sizeof code);
    cpu_step(g_cpu);
    cpu_get_regs(g_cpu, &r);
    ck_assert_uint_eq(r.ax, 1);
    ck_assert_uint_eq(r.ip, 1);
}
END_TEST

/* Every divide error reaches the callback as vector 0, however many. */
START_TEST(test_repeated_divide_errors_all_arrive_as_vector_0)
{
    const uint8_t code[] = {0x31, 0xC9, 0xF7, 0xF1, 0xF7, 0xF1, 0xF6, 0xF1,
                            0xD4, 0x00, 0xF7, 0xF1, 0xF4};    /* div cx x2, div cl, aam 0 */
    start(CPU_MODEL_DEFAULT, code, sizeof code);
    ck_assert_int_eq(run_to_hlt(), CPU_STOP_HLT);
    ck_assert_uint_eq(g_nvec, 5);
    for (unsigned i = 0; i < g_nvec; i++)
        ck_assert_uint_eq(g_vec[i], 0);
}
END_TEST

/* Protected mode is known only after the probe, which runs at the start
 * of the next slice and leaves the guest's registers as they were. */
START_TEST(test_pm_probe_runs_between_slices_unseen)
{
    const uint8_t code[] = {0x40, 0x40, 0xF4}; /* inc ax x2, hlt */
    const char *why = "unset";
    struct cpu_regs r;
    start(CPU_MODEL_DEFAULT, code, sizeof code);
    cpu_step(g_cpu);
    ck_assert(!cpu_pm_ready(g_cpu, &why));
    ck_assert_ptr_null(why);
    ck_assert_int_eq(cpu_run(g_cpu, 1000), CPU_STOP_HLT);
    cpu_get_regs(g_cpu, &r);
    ck_assert_uint_eq(r.ax, 2);
    ck_assert_uint_eq(r.cs, CODE_SEG);
    ck_assert_uint_eq(r.ss, STACK_SEG);
    ck_assert_uint_eq(r.sp, 0x100);
    ck_assert(!cpu_pm(g_cpu));
    ck_assert(cpu_pm_ready(g_cpu, &why));
    ck_assert_ptr_null(why);
}
END_TEST

/* A software INT 08h is still vector 8 (not taken for a divide error). */
START_TEST(test_software_int8_stays_vector_8)
{
    const uint8_t code[] = {0x31, 0xC9, 0xF7, 0xF1, 0xCD, 0x08, 0x90, 0x90, 0xF4};
    start(CPU_MODEL_DEFAULT, code, sizeof code);
    run_to_hlt();
    ck_assert_uint_ge(g_nvec, 2);
    ck_assert_uint_eq(g_vec[0], 0);
    ck_assert_uint_eq(g_vec[1], 8);
}
END_TEST

static const struct {
    enum cpu_model model;
    uint32_t family;
    bool cmov;
} k_cpuid_cases[] = {
    {CPU_MODEL_486, 4, false},
    {CPU_MODEL_PENTIUM, 5, false},
    {CPU_MODEL_PENTIUM2, 6, true},
    {CPU_MODEL_PENTIUM3, 6, true},
};

/* mov eax,1; cpuid; hlt: the answer comes from cpu/cpuid.c, FPU bit and all. */
START_TEST(test_cpuid_answers_from_the_model_table)
{
    const uint8_t code[] = {0x66, 0xB8, 0x01, 0x00, 0x00, 0x00, 0x0F, 0xA2, 0xF4};
    struct cpuid_out want;
    start(k_cpuid_cases[_i].model, code, sizeof code);
    cpu_run(g_cpu, 1000);
    struct cpu_regs r;
    cpu_get_regs(g_cpu, &r);
    cpuid_query(k_cpuid_cases[_i].model, 1, &want);
    ck_assert_uint_eq(r.ip, 9);
    ck_assert_uint_eq(r.ax, (uint16_t)want.eax);
    ck_assert_uint_eq(r.dx, (uint16_t)want.edx);
    ck_assert_uint_eq(want.eax >> 8 & 0xF, k_cpuid_cases[_i].family);
    ck_assert_uint_eq(want.edx & 1, 1);                     /* FPU present */
    ck_assert_uint_eq(!!(want.edx & (1u << 15)), k_cpuid_cases[_i].cmov);
}
END_TEST

/* FLAGS bits 12-15 as detection code sees them on a 386+ in real mode:
 * 12-14 settable, 15 always clear (8086: all ones; 286: all zeros). */
START_TEST(test_flags_high_bits_behave_as_386_plus)
{
    /* push 0F000h; popf; pushf; pop ax; hlt */
    const uint8_t code[] = {0x68, 0x00, 0xF0, 0x9D, 0x9C, 0x58, 0xF4};
    struct cpu_regs r;
    start(CPU_MODEL_DEFAULT, code, sizeof code);
    cpu_run(g_cpu, 1000);
    cpu_get_regs(g_cpu, &r);
    ck_assert_uint_eq(r.ax & 0xF000, 0x7000);
}
END_TEST

Suite *suite_cpu(void)
{
    Suite *s = suite_create("cpu");
    TCase *tc = tcase_create("cpu");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, test_step_over_far_jump_lands_on_target_ip);
    tcase_add_test(tc, test_step_runs_exactly_one_instruction);
    tcase_add_test(tc, test_repeated_divide_errors_all_arrive_as_vector_0);
    tcase_add_test(tc, test_software_int8_stays_vector_8);
    tcase_add_test(tc, test_pm_probe_runs_between_slices_unseen);
    tcase_add_loop_test(tc, test_cpuid_answers_from_the_model_table, 0,
                        (int)(sizeof k_cpuid_cases / sizeof k_cpuid_cases[0]));
    tcase_add_test(tc, test_flags_high_bits_behave_as_386_plus);
    suite_add_tcase(s, tc);
    return s;
}
