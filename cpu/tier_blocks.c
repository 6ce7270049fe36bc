/* The tiers' block table: per linear block address, the decoded block, its
 * execution count and which tier it belongs to. Open addressing; decoded
 * blocks live in an arena. When either fills up everything is dropped and
 * decoded again as it runs (QEMU does the same with its code buffer). */
#include "cpu/tier_blocks.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"

#define TBT_SLOTS (1u << 16) /* a power of two */
#define TBT_MAX_USED (TBT_SLOTS / 2)
#define TBT_ARENA_CHUNK (1u << 20)
#define TBT_ARENA_MAX_CHUNKS 64 /* 64 MiB of decoded code at most */
/* Slots hold ~lin, so that zeroed memory (calloc: untouched pages cost
 * nothing at start) is empty; ~0 is no block address. */
#define TBT_EMPTY 0u

struct tb_table {
    struct tb_entry *slot;
    unsigned used;
    uint8_t *chunk[TBT_ARENA_MAX_CHUNKS];
    unsigned nchunks;
    size_t chunk_used;
    uint64_t flushes;
};

struct tb_table *tbt_new(void)
{
    struct tb_table *t = xcalloc(1, sizeof *t);
    t->slot = xcalloc(TBT_SLOTS, sizeof *t->slot);
    return t;
}

static void free_chunks(struct tb_table *t)
{
    for (unsigned i = 0; i < t->nchunks; i++)
        free(t->chunk[i]);
    t->nchunks = 0;
    t->chunk_used = 0;
}

void tbt_flush(struct tb_table *t)
{
    memset(t->slot, 0, TBT_SLOTS * sizeof *t->slot);
    t->used = 0;
    free_chunks(t);
    t->flushes++;
}

void tbt_free(struct tb_table *t)
{
    if (!t)
        return;
    free_chunks(t);
    free(t->slot);
    free(t);
}

uint64_t tbt_flushes(const struct tb_table *t)
{
    return t->flushes;
}

static unsigned hash(uint32_t lin)
{
    return (lin * 0x9E3779B1u) >> (32 - 16);
}

struct tb_entry *tbt_find(struct tb_table *t, uint32_t lin)
{
    uint32_t key = ~lin;
    for (unsigned i = hash(lin);; i = (i + 1) & (TBT_SLOTS - 1)) {
        struct tb_entry *e = &t->slot[i];
        if (e->key == key)
            return e;
        if (e->key == TBT_EMPTY)
            return NULL;
    }
}

struct tb_entry *tbt_get(struct tb_table *t, uint32_t lin)
{
    struct tb_entry *e = tbt_find(t, lin);
    if (e)
        return e;
    if (t->used >= TBT_MAX_USED)
        tbt_flush(t);
    unsigned i = hash(lin);
    while (t->slot[i].key != TBT_EMPTY)
        i = (i + 1) & (TBT_SLOTS - 1);
    t->used++;
    t->slot[i] = (struct tb_entry){.key = ~lin};
    return &t->slot[i];
}

struct tb_entry *tbt_next(struct tb_table *t, struct tb_entry *prev, uint32_t lin)
{
    uint32_t key = ~lin;
    if (prev) {
        for (unsigned i = 0; i < TB_SUCCESSORS; i++)
            if (prev->succ[i] && prev->succ[i]->key == key)
                return prev->succ[i];
    }
    uint64_t flushes = t->flushes;
    struct tb_entry *e = tbt_get(t, lin);
    if (prev && t->flushes == flushes) {
        unsigned i = prev->succ_next;
        prev->succ[i] = e;
        prev->succ_next = (uint8_t)((i + 1) % TB_SUCCESSORS);
    }
    return e;
}

static size_t rounded(size_t n)
{
    return (n + 15) & ~(size_t)15;
}

static bool arena_fits(const struct tb_table *t, size_t n)
{
    return t->nchunks < TBT_ARENA_MAX_CHUNKS || t->chunk_used + rounded(n) <= TBT_ARENA_CHUNK;
}

static void *arena_alloc(struct tb_table *t, size_t n)
{
    n = rounded(n);
    if (!t->nchunks || t->chunk_used + n > TBT_ARENA_CHUNK) {
        t->chunk[t->nchunks++] = xcalloc(1, TBT_ARENA_CHUNK);
        t->chunk_used = 0;
    }
    void *p = t->chunk[t->nchunks - 1] + t->chunk_used;
    t->chunk_used += n;
    return p;
}

struct tb_entry *tbt_store(struct tb_table *t, uint32_t lin, const struct ix_block *b)
{
    size_t head = IX_BLOCK_SIZE(b->ninsn), n = head + b->nbytes;
    if (!arena_fits(t, n) || (!tbt_find(t, lin) && t->used >= TBT_MAX_USED))
        tbt_flush(t);
    struct ix_block *copy = arena_alloc(t, n);
    struct tb_entry *e = tbt_get(t, lin);
    memcpy(copy, b, head);
    memcpy((uint8_t *)copy + head, b->bytes, b->nbytes);
    copy->bytes = (uint8_t *)copy + head;
    e->blk = copy;
    return e;
}
