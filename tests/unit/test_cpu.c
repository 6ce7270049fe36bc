/* cpu/: the Unicorn wrapper's own guarantees (the workarounds for the
 * pitfalls pinned in test_x86.c): single steps, repeated divide errors,
 * CPUID answers per model. */
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/cpu_impl.h"
#include "cpu/cpuid.h"
#include "cpu/insn.h"
#include "bus/io.h"
#include "tests/unit/unit.h"

#define CODE_SEG 0x1234u
#define STACK_SEG 0x3000u
#define OTHER_SEG 0x4000u

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

/* A handler in another segment at the same IP: the callback changes CS
 * only, so the engine honours its stop (no IP write cancels it) and the
 * slice ends there. The probe the divide error asked for runs at the next
 * slice and must run in full: it found nothing when the callback's stop
 * was still pending (DPMI unavailable, later divide errors escalating). */
static void on_intr_far(void *ctx, unsigned intno, struct cpu_regs *r)
{
    on_intr(ctx, intno, r);
    r->ip = (uint16_t)(r->ip - 2);
    r->cs = OTHER_SEG;
}

START_TEST(test_probe_after_a_stop_that_ended_the_slice)
{
    const uint8_t code[] = {0xF7, 0xF1}; /* div cx (CX = 0) */
    const uint8_t hlt = 0xF4;
    const char *why = "unset";
    struct cpu_callbacks cb = {on_intr_far, NULL, NULL, NULL};
    g_mem = mem_new();
    g_io = io_new();
    g_cpu = cpu_new(g_mem, g_io, CPU_MODEL_DEFAULT, &cb);
    g_nvec = 0;
    mem_write(g_mem, CODE_SEG * 16u, code, sizeof code);
    mem_write(g_mem, OTHER_SEG * 16u, &hlt, 1);
    struct cpu_regs r = {.cs = CODE_SEG, .ss = STACK_SEG, .sp = 0x100, .flags = 0x0002};
    cpu_set_regs(g_cpu, &r);
    ck_assert_int_eq(run_to_hlt(), CPU_STOP_HLT);
    ck_assert_uint_eq(g_nvec, 1);
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

/* Instruction lengths (Intel SDM opcode maps), in 16- and 32-bit code. */
static const struct {
    uint8_t bytes[16];
    unsigned len;
    bool op32;
} k_insn_cases[] = {
    {{0x40}, 1, false},                                         /* inc ax */
    {{0xB8, 0x34, 0x12}, 3, false},                             /* mov ax,1234h */
    {{0xB8, 0x78, 0x56, 0x34, 0x12}, 5, true},                  /* mov eax,12345678h */
    {{0x66, 0xB8, 0x78, 0x56, 0x34, 0x12}, 6, false},           /* o32 mov eax,imm32 */
    {{0x8B, 0x46, 0xFE}, 3, false},                             /* mov ax,[bp-2] */
    {{0x8B, 0x1E, 0x34, 0x12}, 4, false},                       /* mov bx,[1234h] */
    {{0x8B, 0x87, 0x34, 0x12}, 4, false},                       /* mov ax,[bx+1234h] */
    {{0x8B, 0x04, 0x24}, 3, true},                              /* mov eax,[esp] (SIB) */
    {{0x8B, 0x04, 0x25, 1, 2, 3, 4}, 7, true},                  /* mov eax,[disp32] (SIB) */
    {{0x8B, 0x05, 1, 2, 3, 4}, 6, true},                        /* mov eax,[disp32] */
    {{0x67, 0x8B, 0x44, 0x24, 0x08}, 5, false},                 /* a32 mov ax,[esp+8] */
    {{0x26, 0xC7, 0x06, 0x6C, 0x00, 0x34, 0x12}, 7, false},     /* mov word [es:6Ch],1234h */
    {{0x81, 0xC3, 0x34, 0x12}, 4, false},                       /* add bx,1234h */
    {{0x83, 0xC3, 0x01}, 3, false},                             /* add bx,1 */
    {{0xF6, 0xC4, 0x80}, 3, false},                             /* test ah,80h */
    {{0xF7, 0xC1, 0x34, 0x12}, 4, false},                       /* test cx,1234h */
    {{0xF7, 0xE1}, 2, false},                                   /* mul cx */
    {{0xEA, 0x00, 0x00, 0x00, 0xF0}, 5, false},                 /* jmp F000:0000 */
    {{0x9A, 1, 2, 3, 4, 5, 6}, 7, true},                        /* call ptr16:32 */
    {{0xA1, 0x6C, 0x04}, 3, false},                             /* mov ax,[46Ch] */
    {{0xC8, 0x10, 0x00, 0x01}, 4, false},                       /* enter 10h,1 */
    {{0x0F, 0x84, 0x10, 0x00}, 4, false},                       /* je rel16 */
    {{0x0F, 0xB6, 0xC0}, 3, false},                             /* movzx ax,al */
    {{0x0F, 0xBA, 0xE0, 0x03}, 4, false},                       /* bt ax,3 */
    {{0x0F, 0xA2}, 2, false},                                   /* cpuid */
    {{0xDB, 0xF1}, 2, false},                                   /* fcomi st1 */
    {{0xD9, 0x06, 0x00, 0x01}, 4, false},                       /* fld dword [100h] */
    {{0xF3, 0xA5}, 2, false},                                   /* rep movsw */
    {{0xF0, 0x66, 0x0F, 0xB1, 0x0F}, 5, false},                 /* lock cmpxchg [bx],ecx */
    {{0x0F, 0x3A, 0x0F, 0xC1, 0x08}, 5, false},                 /* palignr mm0,mm1,8 */
    {{0xCD, 0x21}, 2, false},                                   /* int 21h */
    {{0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
      0x66, 0x40}, 0, false},                                   /* 16 bytes: too long */
};

START_TEST(test_insn_len_follows_the_opcode_maps)
{
    ck_assert_uint_eq(insn_len(k_insn_cases[_i].bytes, 16, k_insn_cases[_i].op32),
                      k_insn_cases[_i].len);
}
END_TEST

/* An instruction cut short by the end of the bytes has no length; a
 * block's count then places the rest one byte at a time. */
START_TEST(test_insn_len_needs_the_whole_instruction)
{
    const uint8_t mov_bp[] = {0x8B, 0x46, 0xFE};                /* mov ax,[bp-2] */
    ck_assert_uint_eq(insn_len(mov_bp, 2, false), 0);
    ck_assert_uint_eq(insn_count(mov_bp, 3, false), 1);
    ck_assert_uint_eq(insn_count(mov_bp, 2, false), 2);
}
END_TEST

/* A loop of four instructions run 100 times: 400, plus the set-up. */
START_TEST(test_cpu_counts_instructions_per_block)
{
    /* mov cx,100; l: inc ax; add bx,ax; nop; loop l; hlt */
    const uint8_t code[] = {0xB9, 0x64, 0x00, 0x40, 0x01, 0xC3, 0x90, 0xE2, 0xFA, 0xF4};
    start(CPU_MODEL_DEFAULT, code, sizeof code);
    cpu_count_insns(g_cpu);
    ck_assert_int_eq(cpu_run(g_cpu, 100000), CPU_STOP_HLT);
    ck_assert_uint_eq(cpu_insns(g_cpu), 1 + 100 * 4 + 1);
}
END_TEST

/* cpu/tickwait.c: a loop that reads the BIOS tick count and changes
 * nothing is a wait; one that counts, stores or reads other memory is not. */
#define BDA_SEG 0x40u
#define TICKS_LIN 0x46Cu
#define TICKS_NOW 0x1234u

/* Run code (ES = es, BX = bx, the tick count TICKS_NOW) for a slice. */
static enum cpu_stop spin(const uint8_t *code, size_t n, uint16_t es, uint16_t bx)
{
    const uint8_t ticks[2] = {TICKS_NOW & 0xFFu, TICKS_NOW >> 8};
    start(CPU_MODEL_DEFAULT, code, n);
    mem_write(g_mem, TICKS_LIN, ticks, sizeof ticks);
    struct cpu_regs r;
    cpu_get_regs(g_cpu, &r);
    r.es = es;
    r.bx = bx;
    cpu_set_regs(g_cpu, &r);
    return cpu_run(g_cpu, 1000);
}

START_TEST(test_tick_loop_is_a_wait)
{
    /* l: mov ax,[es:6Ch]; cmp ax,bx; je l; hlt */
    const uint8_t code[] = {0x26, 0xA1, 0x6C, 0x00, 0x39, 0xD8, 0x74, 0xF8, 0xF4};
    ck_assert_int_eq(spin(code, sizeof code, BDA_SEG, TICKS_NOW), CPU_STOP_BUDGET);
    ck_assert(cpu_tick_wait(g_cpu));
    struct cpu_regs r;
    cpu_get_regs(g_cpu, &r);
    ck_assert_uint_eq(r.ip, 0); /* still in the loop, nothing changed */
    ck_assert_uint_eq(r.ax, TICKS_NOW);
}
END_TEST

START_TEST(test_two_block_tick_loop_through_0000_is_a_wait)
{
    /* l: mov ax,[es:46Ch]; sub ax,bx; cmp ax,36; jae out; jmp l; out: hlt */
    const uint8_t code[] = {0x26, 0xA1, 0x6C, 0x04, 0x29, 0xD8, 0x83, 0xF8,
                            0x24, 0x73, 0x02, 0xEB, 0xF3, 0xF4};
    ck_assert_int_eq(spin(code, sizeof code, 0, TICKS_NOW), CPU_STOP_BUDGET);
    ck_assert(cpu_tick_wait(g_cpu));
}
END_TEST

START_TEST(test_counting_tick_loop_is_not_a_wait)
{
    /* l: inc cx; mov ax,[es:6Ch]; cmp ax,bx; je l (a delay calibration) */
    const uint8_t code[] = {0x41, 0x26, 0xA1, 0x6C, 0x00, 0x39, 0xD8, 0x74, 0xF7, 0xF4};
    ck_assert_int_eq(spin(code, sizeof code, BDA_SEG, TICKS_NOW), CPU_STOP_BUDGET);
    ck_assert(!cpu_tick_wait(g_cpu));
}
END_TEST

START_TEST(test_storing_tick_loop_is_not_a_wait)
{
    /* l: mov ax,[es:6Ch]; mov [500h],ax; cmp ax,bx; je l */
    const uint8_t code[] = {0x26, 0xA1, 0x6C, 0x00, 0xA3, 0x00, 0x05,
                            0x39, 0xD8, 0x74, 0xF5, 0xF4};
    ck_assert_int_eq(spin(code, sizeof code, BDA_SEG, TICKS_NOW), CPU_STOP_BUDGET);
    ck_assert(!cpu_tick_wait(g_cpu));
}
END_TEST

START_TEST(test_loop_not_reading_ticks_is_not_a_wait)
{
    /* the tick loop's code over ES = 1000h: [es:6Ch] is not the tick count */
    const uint8_t code[] = {0x26, 0xA1, 0x6C, 0x00, 0x39, 0xD8, 0x74, 0xF8, 0xF4};
    ck_assert_int_eq(spin(code, sizeof code, 0x1000, 0), CPU_STOP_BUDGET);
    ck_assert(!cpu_tick_wait(g_cpu));
}
END_TEST

/* Each engine's code buffer is found while it starts (cpu/tcache.c): the
 * statically linked library reports its mapping, others leave it in
 * /proc/self/maps. Two engines alive at once have their own. */
START_TEST(test_each_engine_finds_its_code_buffer)
{
    enum { MIN_BUFFER = 16u << 20 };
    const uint8_t hlt[] = {0xF4};
    start(CPU_MODEL_DEFAULT, hlt, sizeof hlt);
    struct cpu_callbacks cb = {on_intr, NULL, NULL, NULL};
    struct mem *m2 = mem_new();
    struct cpu *c2 = cpu_new(m2, g_io, CPU_MODEL_DEFAULT, &cb);
    const struct tcache *a = &g_cpu->tcache, *b = &c2->tcache;
    ck_assert_ptr_nonnull(a->base);
    ck_assert_ptr_nonnull(b->base);
    ck_assert_ptr_ne(a->base, b->base);
    ck_assert_uint_ge(a->size, MIN_BUFFER);
    ck_assert_uint_ge(b->size, MIN_BUFFER);
    ck_assert_uint_ge(a->keep, a->page);
    cpu_free(c2);
    mem_free(m2);
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
    tcase_add_test(tc, test_probe_after_a_stop_that_ended_the_slice);
    tcase_add_test(tc, test_pm_probe_runs_between_slices_unseen);
    tcase_add_loop_test(tc, test_cpuid_answers_from_the_model_table, 0,
                        (int)(sizeof k_cpuid_cases / sizeof k_cpuid_cases[0]));
    tcase_add_test(tc, test_flags_high_bits_behave_as_386_plus);
    tcase_add_loop_test(tc, test_insn_len_follows_the_opcode_maps, 0,
                        (int)(sizeof k_insn_cases / sizeof k_insn_cases[0]));
    tcase_add_test(tc, test_insn_len_needs_the_whole_instruction);
    tcase_add_test(tc, test_cpu_counts_instructions_per_block);
    tcase_add_test(tc, test_tick_loop_is_a_wait);
    tcase_add_test(tc, test_two_block_tick_loop_through_0000_is_a_wait);
    tcase_add_test(tc, test_counting_tick_loop_is_not_a_wait);
    tcase_add_test(tc, test_storing_tick_loop_is_not_a_wait);
    tcase_add_test(tc, test_loop_not_reading_ticks_is_not_a_wait);
    tcase_add_test(tc, test_each_engine_finds_its_code_buffer);
    suite_add_tcase(s, tc);
    return s;
}
