/* The machine's clock: host time, or virtual time derived from executed
 * blocks (deterministic mode). Devices read it in nanoseconds. */
#ifndef UNIDOS_HW_CLOCK_H
#define UNIDOS_HW_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct vclock;


#define CLOCK_NS_PER_SEC 1000000000ull
/* Deterministic runs start at 2000-01-01 00:00:00 (seconds since 1970,
 * local time taken as UTC). */
#define CLOCK_DETERMINISTIC_START_S 946684800
/* Virtual time charged per executed block: about what the host runs. */
#define CLOCK_NS_PER_BLOCK 10ull

typedef uint64_t clock_blocks_fn(void *ctx);

/* deterministic: time is a pure function of executed blocks and idle skips. */
struct vclock *clock_new(bool deterministic, clock_blocks_fn *blocks, void *ctx);
void clock_free(struct vclock *c);
bool clock_deterministic(const struct vclock *c);

/* Nanoseconds since the machine started. */
uint64_t clock_now_ns(struct vclock *c);

/* Blocks of guest code executed so far (in both modes): a measure of the
 * work the program did, independent of the host's speed. */
uint64_t clock_blocks(struct vclock *c);

/* The guest is idle until deadline_ns: jump there at once (virtual time;
 * in real time, a wait nobody can see: the run loop sleeps otherwise). */
void clock_skip_to(struct vclock *c, uint64_t deadline_ns);

/* Charge ns of device time to the guest (an ISA access takes about 1 us:
 * programs time hardware by polling a status port N times). Virtual time
 * moves on; host time reads at least that much later than the last read,
 * so the clock may run a little ahead while a program polls, never back. */
void clock_charge(struct vclock *c, uint64_t ns);

#endif
