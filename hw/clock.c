/* Host or virtual time for the devices. */
#include "hw/clock.h"

#include <stdlib.h>
#include <time.h>

#include "base/common.h"

struct vclock {
    bool deterministic;
    clock_blocks_fn *blocks;
    void *ctx;
    uint64_t host_start_ns;
    uint64_t skipped_ns; /* idle time jumped over */
    uint64_t floor_ns;   /* host mode: lowest time to report (charges) */
};

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * CLOCK_NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

struct vclock *clock_new(bool deterministic, clock_blocks_fn *blocks, void *ctx)
{
    struct vclock *c = xcalloc(1, sizeof *c);
    c->deterministic = deterministic;
    c->blocks = blocks;
    c->ctx = ctx;
    c->host_start_ns = host_ns();
    return c;
}

void clock_free(struct vclock *c)
{
    free(c);
}

bool clock_deterministic(const struct vclock *c)
{
    return c->deterministic;
}

uint64_t clock_now_ns(struct vclock *c)
{
    if (c->deterministic)
        return c->blocks(c->ctx) * CLOCK_NS_PER_BLOCK + c->skipped_ns;
    uint64_t now = host_ns() - c->host_start_ns + c->skipped_ns;
    return MAX(now, c->floor_ns);
}

uint64_t clock_blocks(struct vclock *c)
{
    return c->blocks(c->ctx);
}

void clock_skip_to(struct vclock *c, uint64_t deadline_ns)
{
    uint64_t now = clock_now_ns(c);
    if (deadline_ns > now)
        c->skipped_ns += deadline_ns - now;
}

void clock_charge(struct vclock *c, uint64_t ns)
{
    if (c->deterministic)
        c->skipped_ns += ns;
    else
        c->floor_ns = clock_now_ns(c) + ns;
}
