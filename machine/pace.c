/* --speed: presets, the schedule of instructions against the wall clock,
 * and the virtual clock of deterministic runs at a set rate. */
#include "machine/pace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/common.h"

#define NS_PER_MS 1000000ull
#define VIRT_NS_PER_BLOCK 10ull      /* hw/clock.h CLOCK_NS_PER_BLOCK */
#define DEBT_MAX_NS 5000000ull       /* behind by more: forgiven */
#define SLEEP_MIN_NS 1000000ull      /* shorter waits are carried to the next slice */
#define REBASE_NS 1000000000ull      /* move the epoch on each second (no overflow) */
#define INSNS_PER_KBLOCK_GUESS 5000u /* before anything ran: 5 per block */
#define IPMS_MAX 10000000u           /* 10 GIPS: more is "max" in all but name */

/* Instructions per millisecond of PCs of the era, as DOSBox users know
 * them from its "cycles" (its normal core counts one per instruction). */
static const struct {
    const char *name;
    uint32_t ipms;
} k_presets[] = {
    {"4.77mhz", 300},   /* IBM PC/XT, 8088 at 4.77 MHz */
    {"286", 1500},      /* PC/AT class, 80286 at 12 MHz */
    {"386", 7800},      /* 80386DX at 33 MHz */
    {"486", 26800},     /* 80486DX2 at 66 MHz */
    {"pentium", 77000}, /* Pentium at 100 MHz */
};

/* The hot keys' ladder: the presets with a step between each two. */
static const uint32_t k_ladder[] = {300, 750, 1500, 3000, 7800, 15000, 26800, 50000, 77000};

bool pace_parse(const char *s, uint32_t *ipms)
{
    if (!strcasecmp(s, "max")) {
        *ipms = PACE_MAX;
        return true;
    }
    for (size_t i = 0; i < ARRAY_LEN(k_presets); i++) {
        if (!strcasecmp(s, k_presets[i].name)) {
            *ipms = k_presets[i].ipms;
            return true;
        }
    }
    char *end;
    unsigned long n = strtoul(s, &end, 10);
    if (*s < '1' || *s > '9' || *end || n > IPMS_MAX)
        return false;
    *ipms = (uint32_t)n;
    return true;
}

void pace_name(uint32_t ipms, char *buf, size_t cap)
{
    for (size_t i = 0; i < ARRAY_LEN(k_presets); i++) {
        if (k_presets[i].ipms == ipms) {
            snprintf(buf, cap, "%s", k_presets[i].name);
            return;
        }
    }
    if (ipms == PACE_MAX)
        snprintf(buf, cap, "max");
    else
        snprintf(buf, cap, "%u/ms", (unsigned)ipms);
}

uint32_t pace_step(uint32_t ipms, int dir)
{
    size_t n = ARRAY_LEN(k_ladder);
    if (dir > 0) {
        for (size_t i = 0; i < n; i++)
            if (ipms != PACE_MAX && k_ladder[i] > ipms)
                return k_ladder[i];
        return PACE_MAX;
    }
    if (ipms == PACE_MAX)
        return k_ladder[n - 1];
    for (size_t i = n; i-- > 0;)
        if (k_ladder[i] < ipms)
            return k_ladder[i];
    return k_ladder[0];
}

void pace_init(struct pace *p, uint32_t ipms)
{
    *p = (struct pace){.ipms = ipms, .insns_per_kblock = INSNS_PER_KBLOCK_GUESS};
}

bool pace_on(const struct pace *p)
{
    return p->ipms != PACE_MAX;
}

void pace_set(struct pace *p, uint32_t ipms, uint64_t insns, uint64_t host_ns)
{
    p->virt_base = pace_virtual_blocks(p, insns);
    p->virt_insns = insns;
    p->ipms = ipms;
    p->epoch_ns = host_ns;
    p->epoch_insns = insns;
}

void pace_measure(struct pace *p, uint64_t blocks, uint64_t insns)
{
    uint64_t db = blocks - p->seen_blocks, di = insns - p->seen_insns;
    if (db >= 1000) {
        uint64_t now = di * 1000 / db;
        p->insns_per_kblock = (3 * p->insns_per_kblock + now) / 4;
        p->seen_blocks = blocks;
        p->seen_insns = insns;
    }
}

uint64_t pace_wait_ns(struct pace *p, uint64_t insns, uint64_t host_ns)
{
    if (!pace_on(p))
        return 0;
    int64_t due = (int64_t)((insns - p->epoch_insns) * NS_PER_MS / p->ipms);
    int64_t lead = due - ((int64_t)host_ns - (int64_t)p->epoch_ns); /* > 0: ahead */
    if (lead < -(int64_t)DEBT_MAX_NS) {
        p->epoch_insns = insns;
        p->epoch_ns = host_ns - DEBT_MAX_NS;
        return 0;
    }
    if (due >= (int64_t)REBASE_NS) {
        p->epoch_insns = insns;
        p->epoch_ns += (uint64_t)due;
    }
    return lead > (int64_t)SLEEP_MIN_NS ? (uint64_t)lead : 0;
}

void pace_idled(struct pace *p, uint64_t insns, uint64_t host_ns)
{
    p->epoch_insns = insns;
    p->epoch_ns = host_ns;
}

uint64_t pace_ns_per_kblock(const struct pace *p)
{
    return pace_on(p) ? p->insns_per_kblock * NS_PER_MS / p->ipms : 0;
}

uint64_t pace_virtual_blocks(const struct pace *p, uint64_t insns)
{
    if (!pace_on(p))
        return p->virt_base;
    uint64_t ns = (insns - p->virt_insns) * NS_PER_MS / p->ipms;
    return p->virt_base + ns / VIRT_NS_PER_BLOCK;
}
