/* Fuzz target: the lockstep differential test of the CPU tiers
 * (tests/lockstep, docs/tiers.md) on code and registers from the input.
 * Unicorn alone, the interpreter and the tier flipping at random run the
 * same blocks; any difference in registers, flags, QEMU's lazy flag state,
 * the interrupt shadow, block counts, device accesses or memory is a
 * finding.
 *
 * Input: 8 x u32 registers (EAX ECX EDX EBX ESP EBP ESI EDI), 6 x u16
 * segments (ES CS SS DS FS GS, CS forced to the code segment), u16 flags,
 * then the code (at most LS_CODE_MAX bytes; RDTSC, LMSW, LGDT and MOV CRn
 * taken out as the lockstep tool does). */
#include <stdint.h>
#include <string.h>

#include "tests/fuzz/fdp.h"
#include "tests/fuzz/fz.h"
#include "tests/lockstep/ls.h"

#define SEED 1
#define CODE_SEG 0x1000
#define CODE_IP 0x0100
#define STEPS 48
#define SP_MIN 0x100

static struct ls *g_ls;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct ls_case c;
    struct fdp in = {data, size};
    char why[1024];
    /* Built on the first input, after libFuzzer's signal handlers: the
     * CPU's SIGABRT handler (Unicorn aborts) chains to them. */
    if (!g_ls)
        g_ls = ls_new(SEED);
    memset(&c, 0, sizeof c);
    for (unsigned i = 0; i < 8; i++) {
        uint32_t lo = fdp_u16(&in);
        c.r[i] = lo | (uint32_t)fdp_u16(&in) << 16;
    }
    c.r[4] = (c.r[4] & 0xFFFE) | SP_MIN;
    for (unsigned i = 0; i < 6; i++)
        c.sel[i] = fdp_u16(&in);
    c.sel[1] = CODE_SEG;
    c.flags = fdp_u16(&in);
    c.ip = CODE_IP;
    c.ncode = fdp_bytes(&in, c.code, LS_CODE_MAX);
    ls_no_rdtsc(c.code, c.ncode);
    c.steps = STEPS;
    c.how = LS_BLOCK;
    FZ_CHECK(ls_run(g_ls, &c, why, sizeof why), "tiers differ: %s", why);
    return 0;
}
