/* Extended memory: block moves by physical address and the allocator of
 * the pool above the HMA (bus/mem.c reserves it, the CPU maps it). */
#include "hw/xmem.h"

#include <stdlib.h>
#include <string.h>

#include "base/common.h"

#define XMEM_MIN_BLOCKS 32

struct xmem_block {
    uint32_t addr, bytes;
    enum xmem_owner owner;
};

struct xmem {
    struct mem *mem;
    uint32_t ext_kb;
    uint32_t end;         /* one past the pool */
    struct xmem_block *b; /* sorted by address */
    size_t n, cap;
};

struct xmem *xmem_new(struct mem *m, uint32_t ext_kb)
{
    struct xmem *x = xcalloc(1, sizeof *x);
    x->mem = m;
    x->ext_kb = ext_kb;
    x->end = XMEM_BASE + mem_ext_bytes(m);
    return x;
}

void xmem_free(struct xmem *x)
{
    if (!x)
        return;
    free(x->b);
    free(x);
}

uint32_t xmem_ext_kb(const struct xmem *x)
{
    return x->ext_kb;
}
uint32_t xmem_end(const struct xmem *x)
{
    return x->end;
}

/* ---- block moves ---- */

/* Host bytes at physical address a, contiguous for *n (clipped) bytes. */
static uint8_t *host_at(struct xmem *x, uint32_t a, uint32_t *n)
{
    if (a < MEM_CONV_BYTES) {
        *n = MIN(*n, MEM_CONV_BYTES - a);
        return mem_host_conv(x->mem) + a;
    }
    if (a < XMEM_BASE) {
        *n = MIN(*n, XMEM_BASE - a);
        return mem_host_hma(x->mem) + (a - MEM_CONV_BYTES);
    }
    *n = MIN(*n, x->end - a);
    return mem_host_ext(x->mem) + (a - XMEM_BASE);
}

/* The guest CPU must see host writes: translations for the range go. The
 * HMA window shows the HMA only while A20 is on. */
static void written(struct xmem *x, uint32_t a, uint32_t n)
{
    if (a >= MEM_CONV_BYTES && a < XMEM_BASE && !mem_a20(x->mem))
        return;
    mem_written(x->mem, a, n);
}

bool xmem_copy(struct xmem *x, uint32_t dst, uint32_t src, uint32_t len)
{
    if (src > x->end || dst > x->end || len > x->end - src || len > x->end - dst)
        return false;
    bool backwards = dst > src && dst < src + len;
    uint32_t done = 0;
    while (done < len) {
        uint32_t left = len - done, ns = left, nd = left;
        /* pieces that stay inside one region on both sides */
        uint32_t s = backwards ? src + left - 1 : src + done;
        uint32_t d = backwards ? dst + left - 1 : dst + done;
        if (backwards) {
            uint32_t sb = s < MEM_CONV_BYTES ? 0 : s < XMEM_BASE ? MEM_CONV_BYTES : XMEM_BASE;
            uint32_t db = d < MEM_CONV_BYTES ? 0 : d < XMEM_BASE ? MEM_CONV_BYTES : XMEM_BASE;
            uint32_t n = MIN(left, MIN(s - sb + 1, d - db + 1));
            s -= n - 1, d -= n - 1;
            ns = nd = n;
        }
        uint8_t *sp = host_at(x, s, &ns), *dp = host_at(x, d, &nd);
        uint32_t n = MIN(ns, nd);
        memmove(dp, sp, n);
        written(x, d, n);
        done += n;
    }
    return true;
}

/* ---- the allocator ---- */

static uint32_t pages(uint32_t bytes)
{
    return (uint32_t)(((uint64_t)bytes + XMEM_PAGE - 1) / XMEM_PAGE * XMEM_PAGE);
}

/* Index of the block starting at addr, or -1. */
static long find(const struct xmem *x, uint32_t addr)
{
    size_t lo = 0, hi = x->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->b[mid].addr < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->n && x->b[lo].addr == addr ? (long)lo : -1;
}

/* Start and length of the gap before block i (i == n: the last gap). */
static uint32_t gap_start(const struct xmem *x, size_t i)
{
    return i ? x->b[i - 1].addr + x->b[i - 1].bytes : XMEM_BASE;
}

static uint32_t gap_end(const struct xmem *x, size_t i)
{
    return i < x->n ? x->b[i].addr : x->end;
}

static void insert(struct xmem *x, size_t i, struct xmem_block blk)
{
    x->b = xgrow(x->b, x->n, &x->cap, XMEM_MIN_BLOCKS, sizeof *x->b);
    memmove(&x->b[i + 1], &x->b[i], (x->n - i) * sizeof *x->b);
    x->b[i] = blk;
    x->n++;
}

int xmem_alloc(struct xmem *x, enum xmem_owner owner, uint32_t bytes, uint32_t *addr)
{
    uint32_t want = pages(bytes);
    if (!want)
        return -1;
    for (size_t i = 0; i <= x->n; i++) {
        uint32_t at = gap_start(x, i);
        if (gap_end(x, i) - at >= want) {
            insert(x, i, (struct xmem_block){at, want, owner});
            *addr = at;
            return 0;
        }
    }
    return -1;
}

static void remove_at(struct xmem *x, size_t i)
{
    struct xmem_block blk = x->b[i];
    memmove(&x->b[i], &x->b[i + 1], (x->n - i - 1) * sizeof *x->b);
    x->n--;
    mem_discard(x->mem, blk.addr, blk.bytes);
}

int xmem_release(struct xmem *x, uint32_t addr)
{
    long i = find(x, addr);
    if (i < 0)
        return -1;
    remove_at(x, (size_t)i);
    return 0;
}

int xmem_resize(struct xmem *x, uint32_t *addr, uint32_t bytes, bool may_move)
{
    long i = find(x, *addr);
    uint32_t want = pages(bytes);
    if (i < 0 || !want)
        return -1;
    struct xmem_block *b = &x->b[i];
    if (want <= b->bytes) {
        mem_discard(x->mem, b->addr + want, b->bytes - want);
        b->bytes = want;
        return 0;
    }
    if (gap_end(x, (size_t)i + 1) - b->addr >= want) {
        b->bytes = want;
        return 0;
    }
    uint32_t to, old = b->addr, keep = b->bytes;
    enum xmem_owner owner = b->owner;
    if (!may_move || xmem_alloc(x, owner, want, &to) < 0)
        return -1;
    xmem_copy(x, to, old, keep);
    xmem_release(x, old);
    *addr = to;
    return 0;
}

uint32_t xmem_block_bytes(const struct xmem *x, uint32_t addr)
{
    long i = find(x, addr);
    return i < 0 ? 0 : x->b[i].bytes;
}

void xmem_free_bytes(const struct xmem *x, uint32_t *total, uint32_t *largest)
{
    *total = *largest = 0;
    for (size_t i = 0; i <= x->n; i++) {
        uint32_t g = gap_end(x, i) - gap_start(x, i);
        *total += g;
        *largest = MAX(*largest, g);
    }
}

uint32_t xmem_owner_bytes(const struct xmem *x, enum xmem_owner owner)
{
    uint32_t n = 0;
    for (size_t i = 0; i < x->n; i++)
        n += x->b[i].owner == owner ? x->b[i].bytes : 0;
    return n;
}
