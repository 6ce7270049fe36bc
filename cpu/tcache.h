/* The host memory of Unicorn's translated-code cache (cpu/tcache.c): found,
 * measured, and given back when it grows too large. */
#ifndef UNIDOS_CPU_TCACHE_H
#define UNIDOS_CPU_TCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <unicorn/unicorn.h>

struct tcache {
    uint8_t *base; /* the code buffer; NULL when not found */
    size_t size;
    size_t keep; /* the prologue: never given back */
    size_t page;
    uint64_t trims;
    uint64_t trimmed_ns; /* host time of the last trim by tcache_wait */
    uint64_t checked_ns; /* host time of the last tcache_tick look */
    struct tcache_span {
        uintptr_t lo, hi;
    } known[8]; /* code mappings before the engine */
    size_t nknown;
    bool thp_was_off; /* huge pages were off for the process before the engine */
};

/* Around the engine's creation (uc_open and the first mappings): the new
 * executable mapping is its cache. */
void tcache_before(struct tcache *t);
void tcache_after(struct tcache *t);

/* The engine is gone (before uc_close). */
void tcache_forget(struct tcache *t);

/* For the library's memset (cpu/uc_fastpath.c): when [dst, dst+n) lies in
 * a code buffer, zero it by giving its pages back and return true. */
bool tcache_zero(void *dst, size_t n);

/* For the library's mmap (cpu/uc_fastpath.c): a mapping was made. */
void tcache_mapped(void *p, size_t n, int prot, int flags);

/* Bytes of the cache in use (resident); 0 when not found. */
size_t tcache_used(const struct tcache *t);

/* Between runs of the engine: drop every translation and give the pages
 * back. Code is translated again as it runs. */
void tcache_trim(struct tcache *t, uc_engine *uc);

/* The program waits for input (host time now_ns): the cache is trimmed
 * when it grew past a bound, at most every few seconds. */
void tcache_wait(struct tcache *t, uc_engine *uc, uint64_t now_ns);
/* Before a slice (host time now_ns): trimmed past the absolute bound. */
void tcache_tick(struct tcache *t, uc_engine *uc, uint64_t now_ns);

#endif
