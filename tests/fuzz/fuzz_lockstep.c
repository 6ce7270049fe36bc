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
 * taken out as the lockstep tool does).
 *
 * The machines live across inputs (rebuilt now and then), so a difference
 * can need the inputs before it: on one, the inputs since the machines
 * were last built are written to $LOCKSTEP_REPLAY_FILE (tests/fuzz/run.sh
 * sets it in the artifacts directory), for `lockstep --replay`. An input
 * that runs past HANG_S (libFuzzer's -timeout kills it at 30 s) writes
 * them, itself last, to that file with ".hang" appended. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/fuzz/fdp.h"
#include "tests/fuzz/fz.h"
#include "tests/lockstep/ls.h"

#define SEED 1
#define CODE_SEG 0x1000
#define CODE_IP 0x0100
#define STEPS 48
#define SP_MIN 0x100
#define HANG_S 20

static struct ls *g_ls;

/* The inputs run on the machines as they are now. */
#define HISTORY_MAX 256
static struct ls_case g_history[HISTORY_MAX];
static unsigned g_nhistory;

static void remember(const struct ls_case *c, uint64_t rebuilds_before)
{
    struct ls_totals t;
    ls_counts(g_ls, &t);
    if (t.rebuilds != rebuilds_before || g_nhistory == HISTORY_MAX)
        g_nhistory = 0; /* built afresh for this one (or too long ago) */
    g_history[g_nhistory++] = *c;
}

/* One case a line, as lockstep --replay reads them. */
static void write_replay(const char *path)
{
    FILE *f = path ? fopen(path, "w") : NULL;
    if (!f)
        return;
    for (unsigned k = 0; k < g_nhistory; k++) {
        const struct ls_case *c = &g_history[k];
        for (unsigned i = 0; i < 8; i++)
            fprintf(f, "%08X ", c->r[i]);
        for (unsigned i = 0; i < 6; i++)
            fprintf(f, "%04X ", c->sel[i]);
        fprintf(f, "%04X ", c->flags);
        for (size_t i = 0; i < c->ncode; i++)
            fprintf(f, "%02X", c->code[i]);
        fprintf(f, "\n");
    }
    fclose(f);
}

/* ---- the hang watch ---- */

static _Atomic long g_started;   /* seconds (monotonic) the input started, 0 between */
static const struct ls_case *g_running;

static long now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec;
}

/* The main thread is stuck in the engine while this writes: the history
 * does not change under it. */
static void *watch_hangs(void *arg)
{
    (void)arg;
    for (;;) {
        sleep(1);
        long t0 = atomic_load(&g_started);
        if (!t0 || now_s() - t0 < HANG_S)
            continue;
        const char *replay = getenv("LOCKSTEP_REPLAY_FILE");
        char path[4096];
        if (replay && snprintf(path, sizeof path, "%s.hang", replay) < (int)sizeof path &&
            g_nhistory < HISTORY_MAX) {
            g_history[g_nhistory] = *g_running;
            g_nhistory++;
            write_replay(path);
            g_nhistory--;
        }
        atomic_store(&g_started, 0);
    }
    return NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    pthread_t t;
    if (pthread_create(&t, NULL, watch_hangs, NULL) == 0)
        pthread_detach(t);
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
    struct ls_totals before;
    ls_counts(g_ls, &before);
    g_running = &c;
    atomic_store(&g_started, now_s());
    bool same = ls_run(g_ls, &c, why, sizeof why);
    atomic_store(&g_started, 0);
    remember(&c, before.rebuilds);
    const char *replay = getenv("LOCKSTEP_REPLAY_FILE");
    if (!same)
        write_replay(replay);
    FZ_CHECK(same, "tiers differ: %s (the inputs so far: %s)", why,
             replay ? replay : "not kept");
    return 0;
}
