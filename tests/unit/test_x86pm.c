/* Unicorn 2.0.1 in protected mode: each fact the DPMI host's CPU side is
 * built on (docs/dpmi.md, "The CPU side"), pinned against the bare engine
 * opened in 32-bit mode as cpu/ opens it. A test that starts failing after
 * a Unicorn upgrade names the workaround that may go. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unicorn/unicorn.h>

#include "tests/unit/unit.h"

#define OK(x)                                                                                  \
    do {                                                                                       \
        uc_err e_ = (x);                                                                       \
        ck_assert_msg(e_ == UC_ERR_OK, "%s: %s", #x, uc_strerror(e_));                         \
    } while (0)
#define RAM_BYTES 0x400000u
#define GDT_LIN 0x800u
#define STUB_LIN 0xF0100u /* F000:0100: MOV CR0,EAX; INT F1h */
#define STUB_VEC 0xF1u
#define CODE_LIN 0x200000u /* 32-bit code above 1 MiB */
#define RM_SEG 0x1000u
#define SEL_CODE32 0x0Bu /* GDT 08h, RPL 3 */
#define SEL_DATA32 0x13u
#define SEL_CODE16 0x1Bu /* base 30000h */
#define SEL_NOACC 0x23u  /* data, accessed bit clear */
#define CR0_ET 0x10u
#define CR0_PE 0x1u
#define EFL_VM (1u << 17)
#define EFL_IOPL3 0x3000u
#define EFL_IF 0x200u
#define VEC_GP 0x0D
#define ERR_FIELD 5368     /* where cpu/pmode.c's probe finds them in */
#define OLD_EXC_FIELD 5480 /* Debian's 2.0.1 (it searches; these pin it) */

static uc_engine *g_uc;
static uint8_t *g_ram;
static unsigned g_vec[4], g_nvec;
static uint32_t g_eip[4];
static int32_t g_err[4], g_isint[4];
static bool g_invalid;
static uint32_t g_fault_addr, g_fault_eip;
static uc_context *g_ctx;
static uc_hook g_intr_hook;

static void w32(int id, uint32_t v)
{
    OK(uc_reg_write(g_uc, id, &v));
}
static void w16(int id, uint16_t v)
{
    OK(uc_reg_write(g_uc, id, &v));
}

static uint32_t r32(int id)
{
    uint32_t v = 0;
    OK(uc_reg_read(g_uc, id, &v));
    return v;
}

static uint16_t r16(int id)
{
    uint16_t v = 0;
    OK(uc_reg_read(g_uc, id, &v));
    return v;
}

static void desc(unsigned sel, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    uint8_t *d = g_ram + GDT_LIN + (sel & ~7u);
    if (limit > 0xFFFFF) {
        limit >>= 12;
        flags |= 0x8;
    }
    d[0] = (uint8_t)limit, d[1] = (uint8_t)(limit >> 8);
    d[2] = (uint8_t)base, d[3] = (uint8_t)(base >> 8), d[4] = (uint8_t)(base >> 16);
    d[5] = access, d[6] = (uint8_t)(flags << 4 | (limit >> 16 & 0xF)),
    d[7] = (uint8_t)(base >> 24);
}

/* Every INT: record it, read the exception fields, reset the one in
 * flight (only where asked), and stop. */
static bool g_reset_in_flight = true;
static void on_intr(uc_engine *uc, uint32_t intno, void *user)
{
    (void)user;
    unsigned k = g_nvec < 4 ? g_nvec++ : 3;
    g_vec[k] = intno;
    g_eip[k] = r32(UC_X86_REG_EIP);
    uc_context_save(uc, g_ctx);
    memcpy(&g_err[k], (uint8_t *)g_ctx + ERR_FIELD, 4);
    memcpy(&g_isint[k], (uint8_t *)g_ctx + ERR_FIELD + 4, 4);
    if (g_reset_in_flight) {
        int32_t none = -1;
        memcpy((uint8_t *)g_ctx + OLD_EXC_FIELD, &none, 4);
        uc_context_restore(uc, g_ctx);
    }
    uc_emu_stop(uc);
}

static bool on_invalid(uc_engine *uc, void *user)
{
    (void)uc, (void)user;
    g_invalid = true;
    g_fault_eip = r32(UC_X86_REG_EIP);
    return false;
}

static bool on_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t v,
                        void *user)
{
    (void)uc, (void)type, (void)size, (void)v, (void)user;
    g_fault_addr = (uint32_t)addr;
    g_fault_eip = r32(UC_X86_REG_EIP);
    return false;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
static void setup(void)
{
    uc_hook h;
    g_ram = mmap(NULL, RAM_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    OK(uc_open(UC_ARCH_X86, UC_MODE_32, &g_uc));
    OK(uc_mem_map_ptr(g_uc, 0, RAM_BYTES, UC_PROT_ALL, g_ram));
    OK(uc_hook_add(g_uc, &g_intr_hook, UC_HOOK_INTR, (void *)on_intr, NULL, 1, 0));
    OK(uc_hook_add(g_uc, &h, UC_HOOK_INSN_INVALID, (void *)on_invalid, NULL, 1, 0));
    OK(uc_hook_add(g_uc, &h, UC_HOOK_MEM_UNMAPPED | UC_HOOK_MEM_PROT, (void *)on_unmapped, NULL,
                   1, 0));
    OK(uc_context_alloc(g_uc, &g_ctx));
    memcpy(g_ram + STUB_LIN, "\x0F\x22\xC0\xCD\xF1", 5);
    desc(SEL_CODE32, 0, 0xFFFFFFFF, 0xFB, 0x4);
    desc(SEL_DATA32, 0, 0xFFFFFFFF, 0xF3, 0x4);
    desc(SEL_CODE16, 0x30000, 0xFFFF, 0xFB, 0x0);
    desc(SEL_NOACC, 0, 0xFFFFFFFF, 0xF2, 0x4);
    uc_x86_mmr gdtr = {0, GDT_LIN, 0x2F, 0};
    OK(uc_reg_write(g_uc, UC_X86_REG_GDTR, &gdtr));
    g_nvec = 0;
    g_invalid = false;
    g_reset_in_flight = true;
}
#pragma GCC diagnostic pop

static void teardown(void)
{
    uc_context_free(g_ctx);
    uc_close(g_uc);
    munmap(g_ram, RAM_BYTES);
}

/* Run the stub at CPL 0 (register-file CR0.PE clear, SS loaded real-mode
 * style) to set the translator's mode from EAX, as cpu_switch does. */
static void run_stub(uint32_t cr0)
{
    w32(UC_X86_REG_CR0, CR0_ET);
    w32(UC_X86_REG_EFLAGS, 2);
    w16(UC_X86_REG_SS, 0);
    w32(UC_X86_REG_EAX, cr0);
    w16(UC_X86_REG_CS, 0xF000);
    OK(uc_emu_start(g_uc, 0x100, 1ull << 40, 0, 0));
    g_nvec = 0;
}

static void to_real(void)
{
    run_stub(CR0_ET);
    w16(UC_X86_REG_SS, RM_SEG);
    w16(UC_X86_REG_CS, RM_SEG);
    w16(UC_X86_REG_DS, RM_SEG);
    w32(UC_X86_REG_ESP, 0xFFF0);
}

/* The VM-flag load: with EFLAGS.VM set a selector load is done vm86
 * style at DPL 3, which makes CPL 3. */
static void to_pm3(void)
{
    run_stub(CR0_ET | CR0_PE);
    w32(UC_X86_REG_EFLAGS, EFL_VM | 2);
    w16(UC_X86_REG_SS, 0);
    w32(UC_X86_REG_EFLAGS, EFL_IOPL3 | EFL_IF | 2);
    w16(UC_X86_REG_SS, SEL_DATA32);
    w16(UC_X86_REG_CS, SEL_CODE32);
    w16(UC_X86_REG_DS, SEL_DATA32);
    w16(UC_X86_REG_ES, SEL_DATA32);
    w32(UC_X86_REG_ESP, 0x300000);
}

static uc_err run_pm(const char *code, size_t n)
{
    memcpy(g_ram + CODE_LIN, code, n);
    uc_ctl_remove_cache(g_uc, CODE_LIN, CODE_LIN + 64);
    to_pm3();
    return uc_emu_start(g_uc, CODE_LIN, 1ull << 40, 0, 0);
}

static uc_err run_real(const char *code, size_t n)
{
    memcpy(g_ram + RM_SEG * 16, code, n);
    uc_ctl_remove_cache(g_uc, RM_SEG * 16, RM_SEG * 16 + 64);
    to_real();
    return uc_emu_start(g_uc, 0, 1ull << 40, 0, 0);
}

/* mov ax,2000h; mov ds,ax; mov byte [5],55h; int 21h */
static const char k_rm_store[] = "\xB8\x00\x20\x8E\xD8\xC6\x06\x05\x00\x55\xCD\x21";

START_TEST(test_cr0_register_write_leaves_the_translator_in_protected_mode)
{
    w32(UC_X86_REG_CR0, CR0_ET); /* the engine starts in protected mode */
    w16(UC_X86_REG_CS, RM_SEG);  /* real-mode style loads: PE is clear here */
    w16(UC_X86_REG_SS, RM_SEG);
    memcpy(g_ram + RM_SEG * 16, k_rm_store, sizeof k_rm_store - 1);
    OK(uc_emu_start(g_uc, 0, 1ull << 40, 0, 0));
    ck_assert_uint_eq(g_vec[0], VEC_GP); /* MOV DS still a descriptor load */
    ck_assert_uint_eq(g_ram[0x20005], 0);
}
END_TEST

START_TEST(test_mov_cr0_stub_switches_the_translator)
{
    OK(run_real(k_rm_store, sizeof k_rm_store - 1));
    ck_assert_uint_eq(g_vec[0], 0x21);
    ck_assert_uint_eq(g_ram[0x20005], 0x55); /* DS = 2000h real-mode style */
    /* mov ax,ds; mov es,ax; mov ecx,cs; int 31h at EIP 200000h, CPL 3 */
    OK(run_pm("\x8C\xD8\x8E\xC0\x8C\xC9\xCD\x31", 8));
    ck_assert_uint_eq(g_vec[0], 0x31);
    ck_assert_uint_eq(g_eip[0], CODE_LIN + 8); /* the INT hook: EIP past the INT */
    ck_assert_uint_eq(r16(UC_X86_REG_ES), SEL_DATA32);
    ck_assert_uint_eq(r32(UC_X86_REG_ECX) & 3, 3); /* CPL 3 */
    g_ram[0x20005] = 0;
    OK(run_real(k_rm_store, sizeof k_rm_store - 1)); /* and back */
    ck_assert_uint_eq(g_ram[0x20005], 0x55);
}
END_TEST

START_TEST(test_host_selector_loads_check_the_descriptor)
{
    uint16_t sel = 0x1234;
    to_pm3();
    ck_assert_int_eq(uc_reg_write(g_uc, UC_X86_REG_DS, &sel), UC_ERR_EXCEPTION);
    sel = SEL_CODE16;
    OK(uc_reg_write(g_uc, UC_X86_REG_CS, &sel));    /* 16-bit code, base 30000h */
    memcpy(g_ram + 0x30100, "\x8C\xC8\xCD\x31", 4); /* mov ax,cs; int 31h */
    OK(uc_emu_start(g_uc, 0x100, 1ull << 40, 0, 0));
    ck_assert_uint_eq(g_eip[0], 0x104);
    ck_assert_uint_eq(r16(UC_X86_REG_AX), SEL_CODE16);
}
END_TEST

/* The error code is nowhere but the saved context; exception_is_int
 * follows it; the in-flight field makes the next #GP a double fault. */
START_TEST(test_exception_fields_live_in_the_context)
{
    g_reset_in_flight = false;
    OK(run_pm("\x90\x66\xB8\x34\x12\x8E\xD8", 7)); /* mov ax,1234h; mov ds,ax */
    ck_assert_uint_eq(g_vec[0], VEC_GP);
    ck_assert_uint_eq(g_eip[0], CODE_LIN + 5); /* at the faulting MOV */
    ck_assert_int_eq(g_err[0], 0x1234);
    ck_assert_int_eq(g_isint[0], 0);
    OK(run_pm("\x66\xB8\x44\x23\x8E\xC0", 6)); /* mov es,2344h */
    ck_assert_uint_eq(g_vec[0], 8);            /* pitfall: #DF */
    g_reset_in_flight = true;
    OK(run_pm("\x90\xCD\x0D", 3)); /* software INT 0Dh */
    ck_assert_uint_eq(g_vec[0], VEC_GP);
    ck_assert_uint_eq(g_eip[0], CODE_LIN + 3);
    ck_assert_int_eq(g_isint[0], 1);
}
END_TEST

START_TEST(test_privileged_and_io_instructions_at_cpl3)
{
    OK(run_pm("\xE4\x60\xFA\xFB\xCD\x21", 6)); /* in al,60h; cli; sti (IOPL 3) */
    ck_assert_uint_eq(g_vec[0], 0x21);
    OK(run_pm("\x90\xF4", 2)); /* hlt: #GP(0) */
    ck_assert_uint_eq(g_vec[0], VEC_GP);
    ck_assert_uint_eq(g_eip[0], CODE_LIN + 1);
    OK(run_pm("\x0F\x20\xC0", 3)); /* mov eax,cr0: #GP */
    ck_assert_uint_eq(g_vec[0], VEC_GP);
}
END_TEST

START_TEST(test_invalid_opcode_goes_to_its_own_hook)
{
    ck_assert_int_eq(run_pm("\x90\x90\x0F\x0B", 4), UC_ERR_INSN_INVALID); /* ud2 */
    ck_assert(g_invalid);
    ck_assert_uint_eq(g_fault_eip, CODE_LIN + 2);
    ck_assert_uint_eq(g_nvec, 0);
}
END_TEST

/* A fetch from unmapped memory stops with EIP at the address; a data
 * access stops without syncing EIP (the block's start) although the
 * instructions before it in the block did run. */
START_TEST(test_unmapped_fetch_is_precise_data_is_not)
{
    /* mov eax,40000000h; jmp eax */
    ck_assert_int_eq(run_pm("\xB8\x00\x00\x00\x40\xFF\xE0", 7), UC_ERR_FETCH_UNMAPPED);
    ck_assert_uint_eq(r32(UC_X86_REG_EIP), 0x40000000);
    w32(UC_X86_REG_EBX, 0);
    /* inc ebx; mov eax,[40000000h] */
    ck_assert_int_eq(run_pm("\x43\xA1\x00\x00\x00\x40", 6), UC_ERR_READ_UNMAPPED);
    ck_assert_uint_eq(g_fault_addr, 0x40000000);
    ck_assert_uint_eq(r32(UC_X86_REG_EIP), CODE_LIN); /* pitfall: not CODE_LIN + 1 */
    ck_assert_uint_eq(r32(UC_X86_REG_EBX), 1);
}
END_TEST

/* Descriptor loads set the accessed bit: in a read-only table a
 * descriptor must have it already. */
START_TEST(test_read_only_tables_need_the_accessed_bit)
{
    uint8_t *tab = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
                        0);
    memcpy(tab, g_ram + GDT_LIN, 0x30);
    OK(uc_mem_map_ptr(g_uc, 0xFFF00000, 0x1000, UC_PROT_READ, tab));
    uc_x86_mmr gdtr = {0, 0xFFF00000, 0x2F, 0};
    OK(uc_reg_write(g_uc, UC_X86_REG_GDTR, &gdtr));
    /* mov ax,13h; mov ds,ax; mov ax,23h; mov ds,ax; int 21h */
    ck_assert_int_eq(run_pm("\x66\xB8\x13\x00\x8E\xD8\x66\xB8\x23\x00\x8E\xD8\xCD\x21", 14),
                     UC_ERR_WRITE_PROT);
    ck_assert_uint_eq(g_fault_addr, 0xFFF00000 + 0x20 + 4); /* the high dword */
}
END_TEST

/* uc_ctl_remove_cache takes linear addresses (base + offset), and a plain
 * host write leaves the old translation in place. */
START_TEST(test_remove_cache_is_by_linear_address)
{
    uint16_t cs = SEL_CODE16;
    memcpy(g_ram + 0x30100, "\xB8\x01\x00\xCD\x31", 5); /* mov ax,1; int 31h */
    to_pm3();
    OK(uc_reg_write(g_uc, UC_X86_REG_CS, &cs));
    OK(uc_emu_start(g_uc, 0x100, 1ull << 40, 0, 0));
    g_ram[0x30101] = 2;
    OK(uc_emu_start(g_uc, 0x100, 1ull << 40, 0, 0));
    ck_assert_uint_eq(r16(UC_X86_REG_AX), 1);    /* stale */
    OK(uc_ctl_remove_cache(g_uc, 0x100, 0x105)); /* the offset: no effect */
    OK(uc_emu_start(g_uc, 0x100, 1ull << 40, 0, 0));
    ck_assert_uint_eq(r16(UC_X86_REG_AX), 1);
    OK(uc_ctl_remove_cache(g_uc, 0x30100, 0x30105)); /* the linear range */
    OK(uc_emu_start(g_uc, 0x100, 1ull << 40, 0, 0));
    ck_assert_uint_eq(r16(UC_X86_REG_AX), 2);
}
END_TEST

/* Limits of data segments are not checked: an offset past a 64 KiB
 * limit reads on. */
START_TEST(test_data_segment_limits_are_not_enforced)
{
    uint16_t ds = SEL_CODE16; /* readable code, limit FFFFh */
    to_pm3();
    OK(uc_reg_write(g_uc, UC_X86_REG_DS, &ds));
    g_ram[0x30000 + 0x20000] = 0x77;
    memcpy(g_ram + CODE_LIN, "\xA0\x00\x00\x02\x00\xCD\x31", 7); /* mov al,[20000h] */
    uc_ctl_remove_cache(g_uc, CODE_LIN, CODE_LIN + 16);
    OK(uc_emu_start(g_uc, CODE_LIN, 1ull << 40, 0, 0));
    ck_assert_uint_eq(g_vec[0], 0x31);
    ck_assert_uint_eq(r32(UC_X86_REG_EAX) & 0xFF, 0x77);
}
END_TEST

static int g_stops;
static void on_intr_write_pc(uc_engine *uc, uint32_t intno, void *user)
{
    uint32_t eip;
    (void)intno, (void)user;
    OK(uc_reg_read(uc, UC_X86_REG_EIP, &eip));
    if (++g_stops > 3) {
        uc_hook_del(uc, *(uc_hook *)user);
        return;
    }
    eip -= 2; /* run the INT again */
    OK(uc_reg_write(uc, UC_X86_REG_EIP, &eip));
    uc_emu_stop(uc); /* ... after stopping: lost */
}

/* Pitfall: a PC write in a hook cancels uc_emu_stop from the same hook
 * (cpu.c also stops in the next block hook). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
START_TEST(test_pc_write_in_a_hook_cancels_emu_stop)
{
    static uc_hook h;
    to_real();
    uc_hook_del(g_uc, g_intr_hook);
    memcpy(g_ram + RM_SEG * 16, "\xCD\x80\xF4", 3);
    uc_ctl_remove_cache(g_uc, RM_SEG * 16, RM_SEG * 16 + 4);
    OK(uc_hook_add(g_uc, &h, UC_HOOK_INTR, (void *)on_intr_write_pc, &h, 1, 0));
    g_stops = 0;
    OK(uc_emu_start(g_uc, 0, 1ull << 40, 0, 0));
    ck_assert_int_gt(g_stops, 1); /* one uc_emu_start saw them all */
}
END_TEST
#pragma GCC diagnostic pop

static long max_rss_kb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

/* Pitfall: a run limited by an instruction count, then one without,
 * touches Unicorn's whole 1 GiB translation buffer (cpu/pmode.c bounds
 * its probe with the block hook instead). */
START_TEST(test_counted_run_then_free_run_costs_the_translation_buffer)
{
    to_real();
    memcpy(g_ram + RM_SEG * 16, "\x90\xF4", 2);
    OK(uc_emu_start(g_uc, 0, 1ull << 40, 0, 0));
    long before = max_rss_kb();
    OK(uc_emu_start(g_uc, 0, 1ull << 40, 0, 16));
    OK(uc_emu_start(g_uc, 0, 1ull << 40, 0, 0));
    ck_assert_int_gt(max_rss_kb() - before, 512 * 1024);
}
END_TEST

Suite *suite_x86pm(void)
{
    Suite *s = suite_create("x86pm");
    TCase *tc = tcase_create("unicorn");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cr0_register_write_leaves_the_translator_in_protected_mode);
    tcase_add_test(tc, test_mov_cr0_stub_switches_the_translator);
    tcase_add_test(tc, test_host_selector_loads_check_the_descriptor);
    tcase_add_test(tc, test_exception_fields_live_in_the_context);
    tcase_add_test(tc, test_privileged_and_io_instructions_at_cpl3);
    tcase_add_test(tc, test_invalid_opcode_goes_to_its_own_hook);
    tcase_add_test(tc, test_unmapped_fetch_is_precise_data_is_not);
    tcase_add_test(tc, test_read_only_tables_need_the_accessed_bit);
    tcase_add_test(tc, test_remove_cache_is_by_linear_address);
    tcase_add_test(tc, test_data_segment_limits_are_not_enforced);
    tcase_add_test(tc, test_pc_write_in_a_hook_cancels_emu_stop);
    suite_add_tcase(s, tc);
    /* touching 1 GiB takes a second or more on a loaded machine */
    TCase *slow = tcase_create("unicorn-1gib");
    tcase_add_checked_fixture(slow, setup, teardown);
    tcase_set_timeout(slow, 60);
    tcase_add_test(slow, test_counted_run_then_free_run_costs_the_translation_buffer);
    suite_add_tcase(s, slow);
    return s;
}
