/* --speed: the guest held to a number of instructions per millisecond
 * (DOSBox's "cycles") by sleeping between slices that ran ahead of the
 * wall clock, so the machine's clock and timers stay right while the
 * program runs as fast as a PC of the era. In deterministic runs the
 * virtual clock counts instructions at that rate instead. Time the guest
 * spends idle is not owed: the run loop says when it idled. */
#ifndef UNIDOS_MACHINE_PACE_H
#define UNIDOS_MACHINE_PACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PACE_MAX 0u /* no limit: as fast as the host runs */

/* "max", a preset (4.77mhz, 286, 386, 486, pentium) or a number of
 * instructions per millisecond into *ipms; false when s is none of them. */
bool pace_parse(const char *s, uint32_t *ipms);
/* "max", "386" (a preset's name) or "4000/ms" into buf. */
void pace_name(uint32_t ipms, char *buf, size_t cap);
/* The next speed up (dir > 0) or down from ipms on the hot keys' ladder
 * of presets and steps between them; max is the top. */
uint32_t pace_step(uint32_t ipms, int dir);

struct pace {
    uint32_t ipms;                    /* PACE_MAX: not paced */
    uint64_t epoch_ns, epoch_insns;   /* where the schedule starts */
    uint64_t insns_per_kblock;        /* measured: instructions per 1000 blocks */
    uint64_t seen_blocks, seen_insns; /* at the last measure */
    uint64_t virt_base, virt_insns;   /* deterministic: virtual blocks at a rate change */
};

void pace_init(struct pace *p, uint32_t ipms);
/* Change the rate from now on (insns executed, host_ns now). */
void pace_set(struct pace *p, uint32_t ipms, uint64_t insns, uint64_t host_ns);
bool pace_on(const struct pace *p);

/* After a slice: blocks and instructions executed so far (for the
 * instructions per block that size slices). */
void pace_measure(struct pace *p, uint64_t blocks, uint64_t insns);
/* The host nanoseconds to wait before the next slice, insns executed so
 * far: 0 when the guest is on time or behind (a guest more than a few
 * milliseconds behind is forgiven the rest, so it never races to catch
 * up), or when the wait would be too short to sleep for. */
uint64_t pace_wait_ns(struct pace *p, uint64_t insns, uint64_t host_ns);
/* The guest idled (HLT, waiting for a key) until host_ns: the wait is
 * not owed. */
void pace_idled(struct pace *p, uint64_t insns, uint64_t host_ns);
/* Nanoseconds 1000 blocks take at the set rate (for sizing slices), or 0
 * when not paced. */
uint64_t pace_ns_per_kblock(const struct pace *p);
/* Deterministic runs: the machine's block clock (10 ns each) that insns
 * instructions make at the set rate. */
uint64_t pace_virtual_blocks(const struct pace *p, uint64_t insns);

#endif
