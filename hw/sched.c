/* Device scheduling between slices. */
#include "hw/sched.h"

#include <stdlib.h>

#include "base/common.h"

struct sched_dev {
    sched_fn *fn;
    sched_idle_fn *idle;
    void *ctx;
    uint64_t next;
};

struct sched {
    struct vclock *clk;
    struct sched_dev dev[SCHED_MAX_DEVICES];
    unsigned ndev;
    uint64_t next;
};

struct sched *sched_new(struct vclock *clk)
{
    struct sched *s = xcalloc(1, sizeof *s);
    s->clk = clk;
    s->next = SCHED_NEVER;
    return s;
}

void sched_free(struct sched *s)
{
    free(s);
}

void sched_add_idle(struct sched *s, sched_fn *fn, sched_idle_fn *idle, void *ctx)
{
    if (s->ndev >= SCHED_MAX_DEVICES)
        die("too many scheduled devices");
    s->dev[s->ndev++] = (struct sched_dev){fn, idle, ctx, 0};
    s->next = 0;
}

void sched_add(struct sched *s, sched_fn *fn, void *ctx)
{
    sched_add_idle(s, fn, NULL, ctx);
}

void sched_run(struct sched *s)
{
    uint64_t now = clock_now_ns(s->clk), next = SCHED_NEVER;
    for (unsigned i = 0; i < s->ndev; i++) {
        struct sched_dev *d = &s->dev[i];
        d->next = d->fn(d->ctx, now);
        next = MIN(next, d->next);
    }
    s->next = next;
}

uint64_t sched_next_idle(struct sched *s)
{
    uint64_t now = clock_now_ns(s->clk), next = SCHED_NEVER;
    for (unsigned i = 0; i < s->ndev; i++) {
        struct sched_dev *d = &s->dev[i];
        uint64_t t = d->idle ? d->idle(d->ctx, now, d->next) : d->next;
        next = MIN(next, t); /* MIN evaluates its arguments twice */
    }
    return next;
}

uint64_t sched_next(const struct sched *s)
{
    return s->next;
}
