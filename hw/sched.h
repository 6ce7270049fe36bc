/* Time-driven devices between CPU slices: each registered device runs up
 * to "now" after every slice and says when it next needs to run. The run
 * loop sizes slices and idle waits by the earliest deadline. */
#ifndef UNIDOS_HW_SCHED_H
#define UNIDOS_HW_SCHED_H

#include <stdint.h>

#include "hw/clock.h"

struct sched;

#define SCHED_NEVER UINT64_MAX
#define SCHED_MAX_DEVICES 16

/* Bring the device up to now_ns (raise IRQs, produce samples...). Returns
 * the time of its next event, or SCHED_NEVER. */
typedef uint64_t sched_fn(void *ctx, uint64_t now_ns);

struct sched *sched_new(struct vclock *clk);
void sched_free(struct sched *s);

/* While the guest waits (HLT, a blocked read) nothing it can see changes
 * until an interrupt runs its code: a device may then need to run less
 * often. Brings the device up to now_ns and returns its next event for as
 * long as no guest code runs; next_ns is what sched_fn last returned. */
typedef uint64_t sched_idle_fn(void *ctx, uint64_t now_ns, uint64_t next_ns);

/* Register a device; called from its init. Order of registration is the
 * order of calls. */
void sched_add(struct sched *s, sched_fn *fn, void *ctx);
void sched_add_idle(struct sched *s, sched_fn *fn, sched_idle_fn *idle, void *ctx);

/* Run every device up to the current time. */
void sched_run(struct sched *s);

/* The earliest deadline reported by the last sched_run. */
uint64_t sched_next(const struct sched *s);

/* The earliest deadline while the guest waits (after sched_run). */
uint64_t sched_next_idle(struct sched *s);

#endif
