/* MCB chain: allocate, free, resize, merge, and integrity checks. */
#include "dosapi/mcb.h"

#include <string.h>

#include "base/common.h"
#include "base/doserr.h"

/* Links only go up (a block's successor starts above it, below FFFFh:
 * nothing of a chain lies past the end of the 1 MiB address space), so a
 * walk that obeys them ends within 10000h steps; the count is a backstop. */
#define MCB_MAX_BLOCKS 0x10000
#define MCB_LAST_SEG 0xFFFFu

struct mcb {
    uint16_t seg; /* segment of the MCB itself */
    uint8_t sig;
    uint16_t owner, size;
};

static uint32_t lin(uint16_t seg, unsigned off)
{
    return ((uint32_t)seg << 4) + off;
}

static struct mcb load(const struct mem *m, uint16_t seg)
{
    struct mcb b = {seg, mem_rd8(m, lin(seg, MCB_OFF_SIG)),
                    mem_rd16(m, lin(seg, MCB_OFF_OWNER)), mem_rd16(m, lin(seg, MCB_OFF_SIZE))};
    return b;
}

static void store(struct mem *m, const struct mcb *b)
{
    mem_wr8(m, lin(b->seg, MCB_OFF_SIG), b->sig);
    mem_wr16(m, lin(b->seg, MCB_OFF_OWNER), b->owner);
    mem_wr16(m, lin(b->seg, MCB_OFF_SIZE), b->size);
}

static bool valid_sig(uint8_t s)
{
    return s == MCB_SIG_MID || s == MCB_SIG_LAST;
}

static uint16_t next_seg(const struct mcb *b)
{
    return (uint16_t)(b->seg + b->size + 1);
}

/* A block a walk may pass: a valid signature, and a block inside the
 * address space, a middle block's successor above it (a forged size must
 * not send a walk back down the chain or round it forever, nor make a
 * split put a header past 1 MiB). */
static bool link_ok(const struct mcb *b)
{
    uint32_t end = (uint32_t)b->seg + b->size + 1; /* the next MCB, or the block's end */
    if (!valid_sig(b->sig))
        return false;
    return b->sig == MCB_SIG_LAST ? end <= MCB_LAST_SEG + 1u : end <= MCB_LAST_SEG;
}

/* Write a new block header at seg, clearing its name. */
static void create(struct mem *m, uint16_t seg, uint8_t sig, uint16_t owner, uint16_t size)
{
    struct mcb b = {seg, sig, owner, size};
    store(m, &b);
    mem_fill(m, lin(seg, MCB_OFF_NAME), 0, MCB_NAME_BYTES);
}

void mcb_write(struct mem *m, uint16_t seg, uint8_t sig, uint16_t owner, uint16_t size,
               const char *name)
{
    char buf[MCB_NAME_BYTES] = {0};
    create(m, seg, sig, owner, size);
    if (name) {
        memcpy(buf, name, strnlen(name, MCB_NAME_BYTES));
        mem_write(m, lin(seg, MCB_OFF_NAME), buf, MCB_NAME_BYTES);
    }
}

void mcb_init(struct mem *m, uint16_t first_mcb, uint16_t end_seg)
{
    create(m, first_mcb, MCB_SIG_LAST, MCB_OWNER_FREE, (uint16_t)(end_seg - first_mcb - 1));
}

int mcb_check(const struct mem *m, uint16_t first_mcb)
{
    uint16_t seg = first_mcb;
    for (unsigned n = 0; n < MCB_MAX_BLOCKS; n++) {
        struct mcb b = load(m, seg);
        if (!link_ok(&b))
            return -DOSERR_MCB_DESTROYED;
        if (b.sig == MCB_SIG_LAST)
            return 0;
        seg = next_seg(&b);
    }
    return -DOSERR_MCB_DESTROYED;
}

/* Merge b with the free blocks that follow it. Each merge moves b's end
 * up, so the loop ends; a merged size past FFFFh paragraphs (a forged
 * last block) is a destroyed chain, as is a broken link. */
static int merge_free(struct mem *m, struct mcb *b)
{
    if (!link_ok(b))
        return -DOSERR_MCB_DESTROYED;
    while (b->owner == MCB_OWNER_FREE && b->sig == MCB_SIG_MID) {
        struct mcb n = load(m, next_seg(b));
        if (!valid_sig(n.sig) || n.owner != MCB_OWNER_FREE)
            break;
        uint32_t size = (uint32_t)b->size + n.size + 1;
        if (!link_ok(&n) || size > MCB_LAST_SEG - b->seg)
            return -DOSERR_MCB_DESTROYED;
        b->size = (uint16_t)size;
        b->sig = n.sig;
        store(m, b);
    }
    return 0;
}

/* Split b so it has paras, the rest becoming a free block after it. */
static void split(struct mem *m, struct mcb *b, uint16_t paras)
{
    if (b->size <= paras)
        return;
    create(m, (uint16_t)(b->seg + paras + 1), b->sig, MCB_OWNER_FREE,
           (uint16_t)(b->size - paras - 1));
    b->sig = MCB_SIG_MID;
    b->size = paras;
    store(m, b);
}

static bool better(enum mcb_strategy s, const struct mcb *cand, const struct mcb *best)
{
    if (!best->seg)
        return true;
    if (s == MCB_BEST_FIT)
        return cand->size < best->size;
    return s == MCB_LAST_FIT;
}

int mcb_alloc(struct mem *m, uint16_t first_mcb, uint16_t paras, uint16_t owner,
              enum mcb_strategy strat, uint16_t *seg, uint16_t *largest)
{
    struct mcb best = {0}, b;
    uint16_t at = first_mcb, big = 0;
    for (unsigned n = 0;; n++) {
        b = load(m, at);
        if (n >= MCB_MAX_BLOCKS || merge_free(m, &b) < 0)
            return -DOSERR_MCB_DESTROYED;
        if (b.owner == MCB_OWNER_FREE) {
            big = MAX(big, b.size);
            if (b.size >= paras && better(strat & 3, &b, &best))
                best = b;
        }
        if (b.sig == MCB_SIG_LAST)
            break;
        at = next_seg(&b);
    }
    *largest = big;
    if (!best.seg)
        return -DOSERR_INSUFFICIENT_MEMORY;
    if ((strat & 3) == MCB_LAST_FIT && best.size > paras) {
        split(m, &best, (uint16_t)(best.size - paras - 1));
        best = load(m, next_seg(&best));
    } else {
        split(m, &best, paras);
    }
    best.owner = owner;
    store(m, &best);
    mem_fill(m, lin(best.seg, MCB_OFF_NAME), 0, MCB_NAME_BYTES);
    *seg = (uint16_t)(best.seg + 1);
    return 0;
}

/* The MCB of the block whose data starts at seg, if it is on the chain. */
static int find(const struct mem *m, uint16_t first_mcb, uint16_t seg, struct mcb *out)
{
    uint16_t at = first_mcb;
    for (unsigned n = 0; n < MCB_MAX_BLOCKS; n++) {
        struct mcb b = load(m, at);
        if (!link_ok(&b))
            return -DOSERR_MCB_DESTROYED;
        if (b.seg + 1 == seg) {
            *out = b;
            return 0;
        }
        if (b.sig == MCB_SIG_LAST || b.seg + 1 > seg)
            return -DOSERR_INVALID_BLOCK;
        at = next_seg(&b);
    }
    return -DOSERR_MCB_DESTROYED;
}

int mcb_free(struct mem *m, uint16_t first_mcb, uint16_t seg)
{
    struct mcb b;
    int rc = find(m, first_mcb, seg, &b);
    if (rc < 0)
        return rc;
    b.owner = MCB_OWNER_FREE;
    store(m, &b);
    return 0;
}

int mcb_resize(struct mem *m, uint16_t first_mcb, uint16_t seg, uint16_t paras,
               uint16_t *largest)
{
    struct mcb b;
    int rc = find(m, first_mcb, seg, &b);
    if (rc < 0)
        return rc;
    if (paras <= b.size) {
        split(m, &b, paras);
        struct mcb rest = load(m, next_seg(&b));
        if (rest.owner == MCB_OWNER_FREE && b.sig == MCB_SIG_MID)
            return merge_free(m, &rest);
        return 0;
    }
    /* Grow into the free blocks that follow. */
    uint16_t owner = b.owner;
    uint32_t avail = b.size;
    if (b.sig == MCB_SIG_MID) {
        struct mcb n = load(m, next_seg(&b));
        if (valid_sig(n.sig) && n.owner == MCB_OWNER_FREE) {
            if (merge_free(m, &n) < 0)
                return -DOSERR_MCB_DESTROYED;
            avail += (uint32_t)n.size + 1;
            if (avail >= paras) {
                b.size = (uint16_t)avail;
                b.sig = n.sig;
                store(m, &b);
                split(m, &b, paras);
                b.owner = owner;
                store(m, &b);
                return 0;
            }
        }
    }
    *largest = (uint16_t)avail;
    return -DOSERR_INSUFFICIENT_MEMORY;
}

void mcb_free_owner(struct mem *m, uint16_t first_mcb, uint16_t owner)
{
    uint16_t at = first_mcb;
    for (unsigned n = 0; n < MCB_MAX_BLOCKS; n++) {
        struct mcb b = load(m, at);
        if (!link_ok(&b))
            return;
        if (b.owner == owner) {
            b.owner = MCB_OWNER_FREE;
            store(m, &b);
        }
        if (b.sig == MCB_SIG_LAST)
            return;
        at = next_seg(&b);
    }
}

void mcb_set_owner(struct mem *m, uint16_t seg, uint16_t owner, const char *name)
{
    uint16_t mcb = (uint16_t)(seg - 1);
    char buf[MCB_NAME_BYTES] = {0};
    mem_wr16(m, lin(mcb, MCB_OFF_OWNER), owner);
    if (name) {
        memcpy(buf, name, MIN(strlen(name), (size_t)MCB_NAME_BYTES));
        mem_write(m, lin(mcb, MCB_OFF_NAME), buf, MCB_NAME_BYTES);
    }
}

uint16_t mcb_size(const struct mem *m, uint16_t seg)
{
    return mem_rd16(m, lin((uint16_t)(seg - 1), MCB_OFF_SIZE));
}
