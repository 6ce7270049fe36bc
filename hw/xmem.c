/* Extended memory: lazily allocated 64 KiB chunks above the HMA. */
#include "hw/xmem.h"

#include <stdlib.h>
#include <string.h>

#include "base/common.h"

#define CHUNK_BYTES 0x10000u
#define KIB 1024u

struct xmem {
    struct mem *mem;
    uint32_t ext_kb;
    uint8_t **chunks;           /* one per 64 KiB above XMEM_BASE, NULL until written */
    size_t nchunks;
};

struct xmem *xmem_new(struct mem *m, uint32_t ext_kb)
{
    struct xmem *x = xcalloc(1, sizeof *x);
    x->mem = m;
    x->ext_kb = ext_kb;
    uint32_t above = xmem_end(x) > XMEM_BASE ? xmem_end(x) - XMEM_BASE : 0;
    x->nchunks = (above + CHUNK_BYTES - 1) / CHUNK_BYTES;
    x->chunks = x->nchunks ? xcalloc(x->nchunks, sizeof *x->chunks) : NULL;
    return x;
}

void xmem_free(struct xmem *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->nchunks; i++)
        free(x->chunks[i]);
    free(x->chunks);
    free(x);
}

uint32_t xmem_ext_kb(const struct xmem *x) { return x->ext_kb; }
uint32_t xmem_end(const struct xmem *x) { return MEM_CONV_BYTES + x->ext_kb * KIB; }

/* Host bytes at physical address a, contiguous for *n (clipped) bytes;
 * NULL for an unwritten chunk when !create (it reads as zeros). */
static uint8_t *host_at(struct xmem *x, uint32_t a, uint32_t *n, bool create)
{
    if (a < MEM_CONV_BYTES) {
        *n = MIN(*n, MEM_CONV_BYTES - a);
        return mem_host_conv(x->mem) + a;
    }
    if (a < XMEM_BASE) {
        *n = MIN(*n, XMEM_BASE - a);
        return mem_host_hma(x->mem) + (a - MEM_CONV_BYTES);
    }
    uint32_t off = a - XMEM_BASE, k = off / CHUNK_BYTES;
    *n = MIN(*n, CHUNK_BYTES - off % CHUNK_BYTES);
    if (!x->chunks[k] && create)
        x->chunks[k] = xcalloc(1, CHUNK_BYTES);
    return x->chunks[k] ? x->chunks[k] + off % CHUNK_BYTES : NULL;
}

/* The guest CPU must see host writes below 1 MiB + 64 KiB. */
static void written(struct xmem *x, uint32_t a, uint32_t n)
{
    if (a >= XMEM_BASE)
        return;
    if (a < MEM_CONV_BYTES || mem_a20(x->mem))
        mem_written(x->mem, a, n);
}

static void copy_piece(struct xmem *x, uint32_t dst, uint32_t src, uint32_t n)
{
    uint32_t nd = n, ns = n;
    uint8_t *s = host_at(x, src, &ns, false);
    bool zero = !s;
    if (zero) {
        uint8_t *probe = host_at(x, dst, &nd, false);
        if (!probe && dst >= XMEM_BASE)
            return;             /* zeros onto zeros: leave the chunk unallocated */
    }
    nd = n;
    uint8_t *d = host_at(x, dst, &nd, true);
    if (zero)
        memset(d, 0, n);
    else
        memmove(d, s, n);
    written(x, dst, n);
}

bool xmem_copy(struct xmem *x, uint32_t dst, uint32_t src, uint32_t len)
{
    uint32_t end = xmem_end(x);
    if (src > end || dst > end || len > end - src || len > end - dst)
        return false;
    bool backwards = dst > src && dst < src + len;
    uint32_t done = 0;
    while (done < len) {
        uint32_t left = len - done, n = left;
        uint32_t s = backwards ? src + left - 1 : src + done;
        uint32_t d = backwards ? dst + left - 1 : dst + done;
        if (backwards) {
            /* pieces end at s/d: clip from the start of their chunks */
            uint32_t ns = MIN(n, s % CHUNK_BYTES + 1), nd = MIN(n, d % CHUNK_BYTES + 1);
            n = MIN(ns, nd);
            copy_piece(x, d - n + 1, s - n + 1, n);
        } else {
            uint32_t ns = n, nd = n;
            host_at(x, s, &ns, false);
            host_at(x, d, &nd, false);
            n = MIN(ns, nd);
            copy_piece(x, d, s, n);
        }
        done += n;
    }
    return true;
}
