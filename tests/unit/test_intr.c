/* bios/intr: native service from stubs, direct service, reflection into
 * hooked vectors, stacked flags, callbacks; with memory only, no CPU. */
#include "bios/intr.h"
#include "bios/rom.h"
#include "bus/mem.h"
#include "tests/unit/unit.h"

static struct mem *g_mem;
static struct intr *g_ir;
static int g_calls;

static void svc_set_cf(void *ctx, struct intr_call *ic)
{
    (void)ctx;
    g_calls++;
    ic->r->ax = 0x1234;
    regs_set_flag(ic->r, CPU_FLAG_CF, 1);
}

static void setup(void)
{
    g_mem = mem_new();
    rom_install(g_mem);
    g_ir = intr_new(g_mem, NULL);
    intr_set(g_ir, 0x21, svc_set_cf, NULL);
    g_calls = 0;
}

static void teardown(void)
{
    intr_free(g_ir);
    mem_free(g_mem);
}

/* Registers as the hook sees them after "INT n" at cs:ip. */
static struct cpu_regs at_int(uint16_t cs, uint16_t ip, unsigned vec)
{
    mem_wr8(g_mem, mem_lin(g_mem, cs, ip), 0xCD);
    mem_wr8(g_mem, mem_lin(g_mem, cs, ip + 1), (uint8_t)vec);
    struct cpu_regs r = {.cs = cs, .ip = (uint16_t)(ip + 2), .ss = 0x3000, .sp = 0x100,
                         .flags = CPU_FLAG_IF | 2};
    return r;
}

START_TEST(test_unhooked_vector_served_directly)
{
    struct cpu_regs r = at_int(0x2000, 0x100, 0x21);
    intr_dispatch(g_ir, 0x21, &r);
    ck_assert_int_eq(g_calls, 1);
    ck_assert_uint_eq(r.ax, 0x1234);
    ck_assert(r.flags & CPU_FLAG_CF);
    ck_assert_uint_eq(r.ip, 0x102);             /* continues after the INT */
    ck_assert_uint_eq(r.sp, 0x100);             /* no frame was pushed */
}
END_TEST

START_TEST(test_hooked_vector_is_reflected)
{
    mem_wr16(g_mem, 0x21 * 4, 0x0050);
    mem_wr16(g_mem, 0x21 * 4 + 2, 0x4000);
    struct cpu_regs r = at_int(0x2000, 0x100, 0x21);
    intr_dispatch(g_ir, 0x21, &r);
    ck_assert_int_eq(g_calls, 0);
    ck_assert_uint_eq(r.cs, 0x4000);
    ck_assert_uint_eq(r.ip, 0x0050);
    ck_assert_uint_eq(r.sp, 0x100 - 6);
    ck_assert_uint_eq(mem_rd16(g_mem, 0x30000 + 0xFA), 0x102);     /* return IP */
    ck_assert_uint_eq(mem_rd16(g_mem, 0x30000 + 0xFC), 0x2000);    /* return CS */
    ck_assert_uint_eq(mem_rd16(g_mem, 0x30000 + 0xFE), CPU_FLAG_IF | 2);
    ck_assert(!(r.flags & CPU_FLAG_IF));
}
END_TEST

START_TEST(test_chained_call_through_stub_patches_stacked_flags)
{
    /* A hook chained with PUSHF; CALL FAR to the stub: frame on the stack. */
    uint16_t stub = rom_stub_off(0x21);
    struct cpu_regs r = {.cs = ROM_SEG, .ip = (uint16_t)(stub + 2), .ss = 0x3000,
                         .sp = 0xFA, .flags = 2};
    mem_wr16(g_mem, 0x300FA, 0x0200);           /* IP */
    mem_wr16(g_mem, 0x300FC, 0x4000);           /* CS */
    mem_wr16(g_mem, 0x300FE, CPU_FLAG_IF | 2);  /* caller FLAGS, CF clear */
    intr_dispatch(g_ir, 0x21, &r);
    ck_assert_int_eq(g_calls, 1);
    ck_assert(mem_rd16(g_mem, 0x300FE) & CPU_FLAG_CF);         /* IRET will see CF */
    ck_assert(!(r.flags & CPU_FLAG_CF));                       /* live flags kept */
    ck_assert_uint_eq(r.ip, stub + 2);                         /* on to the IRET */
}
END_TEST

START_TEST(test_caller_regs_pop_the_stub_frame)
{
    uint16_t stub = rom_stub_off(0x21);
    struct cpu_regs r = {.cs = ROM_SEG, .ip = (uint16_t)(stub + 2), .ss = 0x3000, .sp = 0xFA};
    mem_wr16(g_mem, 0x300FA, 0x0200);
    mem_wr16(g_mem, 0x300FC, 0x4000);
    struct intr_call ic = {.r = &r, .mem = g_mem, .vec = 0x21, .framed = true};
    struct cpu_regs out;
    intr_caller_regs(&ic, &out);
    ck_assert_uint_eq(out.cs, 0x4000);
    ck_assert_uint_eq(out.ip, 0x0200);
    ck_assert_uint_eq(out.sp, 0x100);
}
END_TEST

static void cb(void *ctx, struct intr_call *ic)
{
    (void)ctx;
    ic->r->bx = 0xCAFE;
}

START_TEST(test_callback_stub_runs_its_function)
{
    uint16_t off = intr_callback(g_ir, cb, NULL, INTR_EPI_RETF);
    struct cpu_regs r = {.cs = ROM_SEG, .ip = (uint16_t)(off + 2)};
    intr_dispatch(g_ir, ROM_CALLBACK_VEC, &r);
    ck_assert_uint_eq(r.bx, 0xCAFE);
    ck_assert_uint_eq(mem_rd8(g_mem, ROM_LIN + off + 2), 0xCB);
}
END_TEST

static void svc_wait(void *ctx, struct intr_call *ic)
{
    (void)ctx;
    intr_retry(ic);
}

START_TEST(test_retry_rewinds_to_the_int_and_enables_interrupts)
{
    struct cpu_regs r = at_int(0x2000, 0x100, 0x16);
    r.flags = 2;
    /* a service that has nothing yet */
    intr_set(g_ir, 0x16, svc_wait, NULL);
    intr_dispatch(g_ir, 0x16, &r);
    ck_assert_uint_eq(r.ip, 0x100);
    ck_assert(r.flags & CPU_FLAG_IF);
    ck_assert(intr_take_idle(g_ir));
    ck_assert(!intr_take_idle(g_ir));
}
END_TEST

static void svc_wait_via_28(void *ctx, struct intr_call *ic)
{
    (void)ctx;
    g_calls++;
    intr_retry_via(ic, 0x28);
}

/* intr_retry_via: the handler of 28h runs first with a frame that returns
 * to the INT; that INT then sees the registers it was called with, though
 * the handler changed them; a call from elsewhere meanwhile does not. */
START_TEST(test_retry_via_runs_the_handler_then_the_int_with_its_registers)
{
    mem_wr16(g_mem, 0x28 * 4, 0x0040);
    mem_wr16(g_mem, 0x28 * 4 + 2, 0x5000);
    intr_set(g_ir, 0x16, svc_wait_via_28, NULL);
    struct cpu_regs r = at_int(0x2000, 0x100, 0x16);
    r.ax = 0x0100;
    r.bx = 0x1111;
    intr_dispatch(g_ir, 0x16, &r);
    ck_assert_uint_eq(r.cs, 0x5000);
    ck_assert_uint_eq(r.ip, 0x0040);
    ck_assert_uint_eq(r.sp, 0x100 - 6);
    ck_assert_uint_eq(mem_rd16(g_mem, mem_lin(g_mem, 0x3000, 0x100 - 6)), 0x100); /* the INT */
    ck_assert_uint_eq(mem_rd16(g_mem, mem_lin(g_mem, 0x3000, 0x100 - 4)), 0x2000);
    ck_assert(!intr_take_idle(g_ir));
    intr_set(g_ir, 0x16, svc_wait, NULL);
    struct cpu_regs other = at_int(0x2200, 0x100, 0x16); /* the handler's own call */
    other.ax = 0x0200;
    intr_dispatch(g_ir, 0x16, &other);
    ck_assert_uint_eq(other.ax, 0x0200);
    struct cpu_regs back = at_int(0x2000, 0x100, 0x16); /* IRET, the INT again */
    back.ax = 0xFFFF;
    back.bx = 0xFFFF;
    intr_dispatch(g_ir, 0x16, &back);
    ck_assert_uint_eq(back.ax, 0x0100);
    ck_assert_uint_eq(back.bx, 0x1111);
    ck_assert_int_eq(g_calls, 1);
}
END_TEST

Suite *suite_intr(void)
{
    Suite *s = suite_create("intr");
    TCase *tc = tcase_create("router");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_unhooked_vector_served_directly);
    tcase_add_test(tc, test_hooked_vector_is_reflected);
    tcase_add_test(tc, test_chained_call_through_stub_patches_stacked_flags);
    tcase_add_test(tc, test_caller_regs_pop_the_stub_frame);
    tcase_add_test(tc, test_callback_stub_runs_its_function);
    tcase_add_test(tc, test_retry_rewinds_to_the_int_and_enables_interrupts);
    tcase_add_test(tc, test_retry_via_runs_the_handler_then_the_int_with_its_registers);
    suite_add_tcase(s, tc);
    return s;
}
