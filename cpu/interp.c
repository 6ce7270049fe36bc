/* The interpreter's memory map, self-modifying-code checks and block
 * execution. Memory is reached as Unicorn reaches it (cpu/cpu.c maps it):
 * conventional RAM, the video window per 32 KiB slot (RAM or a device),
 * the HMA window (the HMA with A20 on, the first 64 KiB again with it
 * off), the device RAM of a linear frame buffer; anything else faults. */
#include <stdio.h>
#include <stdlib.h>

#include "base/common.h"
#include "cpu/interp_impl.h"

#define CODE_BITS_BYTES (MEM_TOTAL_BYTES / 8)
#define CODE_ANY_BYTES (MEM_TOTAL_BYTES >> IX_CODE_GRAIN_SHIFT)

struct ix *ix_new(struct mem *mem, struct io *io, const struct ix_ops *ops)
{
    struct ix *x = xcalloc(1, sizeof *x);
    x->mem = mem;
    x->io = io;
    x->ops = *ops;
    x->ram = mem_host_conv(mem);
    x->code_bits = xcalloc(1, CODE_BITS_BYTES);
    x->code_any = xcalloc(1, CODE_ANY_BYTES + 1);
    return x;
}

void ix_free(struct ix *x)
{
    if (!x)
        return;
    free(x->code_bits);
    free(x->code_any);
    free(x);
}

struct ix_state *ix_state(struct ix *x)
{
    return &x->s;
}

const char *ix_fault(const struct ix *x)
{
    return x->fault;
}

uint32_t ix_synced_eip(const struct ix *x)
{
    return x->synced_eip;
}

/* ---- the memory map ---- */

/* Host bytes behind [lin, lin + size) when they are plain memory in one
 * piece; NULL for a device slot or outside guest memory (*io says which). */
static uint8_t *host_at(struct ix *x, uint32_t lin, unsigned size, const struct mem_io **io)
{
    *io = NULL;
    if (lin < MEM_CONV_BYTES) {
        if (lin + size > MEM_CONV_BYTES)
            return NULL;
        if (lin >= MEM_VIDEO_LIN && lin < MEM_VIDEO_LIN + MEM_VIDEO_BYTES) {
            *io = mem_io_at(x->mem, lin);
            uint32_t slot_end = (lin | (MEM_VIDEO_SLOT_BYTES - 1)) + 1;
            if (*io || lin + size > slot_end)
                return NULL;
        }
        return x->ram + lin;
    }
    if (lin < MEM_TOTAL_BYTES) {
        if (lin + size > MEM_TOTAL_BYTES)
            return NULL;
        return mem_a20(x->mem) ? x->ram + lin : x->ram + (lin - MEM_CONV_BYTES);
    }
    uint32_t phys, len;
    uint8_t *dev;
    if (mem_device(x->mem, &phys, &len, &dev) && lin >= phys && lin - phys < len &&
        size <= len - (lin - phys))
        return dev + (lin - phys);
    return NULL;
}

static void set_fault(struct ix *x, const char *what, uint32_t lin, unsigned size)
{
    if (x->faulted)
        return;
    snprintf(x->fault, sizeof x->fault, "%s of %u bytes at linear %08Xh outside guest memory",
             what, size, lin);
    x->faulted = true;
}

/* One access that is not a whole piece of plain memory. A device sees and
 * gives only the bytes of the access, as QEMU's memory region accessors
 * mask the value on the way in and out: a split load's halves are put
 * together from those bytes alone. */
static bool access_one(struct ix *x, uint32_t lin, unsigned size, uint32_t *v, bool write)
{
    const struct mem_io *io;
    uint8_t *p = host_at(x, lin, size, &io);
    if (p) {
        if (write)
            memcpy(p, v, size);
        else
            memcpy(v, p, size);
        return true;
    }
    if (!io)
        return false;
    if (write) {
        x->ops.device_store(x->ops.ctx, lin, size);
        io->write(io->ctx, lin, size, *v & ix_size_mask(size));
    } else {
        *v = io->read(io->ctx, lin, size) & ix_size_mask(size);
    }
    return true;
}

#define PAGE_BYTES 4096u

/* QEMU's load and store helpers take an unaligned access that crosses a
 * page, or touches a device, apart: loads as two aligned loads of the same
 * size put together, stores as single bytes from the lowest. */
static bool split(struct ix *x, uint32_t lin, unsigned size)
{
    if (size == 1 || !(lin & (size - 1)))
        return false;
    return (lin & (PAGE_BYTES - 1)) + size > PAGE_BYTES || mem_io_at(x->mem, lin);
}

/* After a fault no access reaches a device: QEMU leaves the instruction at
 * the faulting access (a CMPS whose ES:EDI load faults never reads DS:ESI). */
uint32_t ix_load_slow(struct ix *x, uint32_t lin, unsigned size)
{
    if (x->faulted)
        return ix_size_mask(size);
    uint32_t v = 0;
    if (split(x, lin, size)) {
        uint32_t a1 = lin & ~(size - 1), r1 = 0, r2 = 0, shift = (lin & (size - 1)) * 8;
        if (access_one(x, a1, size, &r1, false) && access_one(x, a1 + size, size, &r2, false))
            return (uint32_t)(((uint64_t)r1 >> shift) | ((uint64_t)r2 << (size * 8 - shift))) &
                   ix_size_mask(size);
    } else if (access_one(x, lin, size, &v, false)) {
        return v & ix_size_mask(size);
    }
    set_fault(x, "read", lin, size);
    return ix_size_mask(size);
}

/* A store that hits the running block: QEMU abandons the block before the
 * store and runs the instruction again as a one-instruction block. An
 * unaligned store to a page holding code goes byte by byte, forwards
 * (store_helper), so the bytes below the block's first are written before
 * the byte that hits it. */
static bool store_hits_block(struct ix *x, uint32_t lin, unsigned size, uint32_t v)
{
    if (lin >= x->blk_hi || lin + size <= x->blk_lo)
        return false;
    for (uint32_t a = lin; size > 1 && (lin & (size - 1)) && a < x->blk_lo; a++) {
        uint32_t b = (v >> (8 * (a - lin))) & 0xFF;
        if (!access_one(x, a, 1, &b, true)) {
            set_fault(x, "write", a, 1);
            return true;
        }
        if (a < MEM_TOTAL_BYTES && ix_code_marked(x, a, 1))
            x->ops.code_store(x->ops.ctx, a, 1);
    }
    return true;
}

bool ix_store_slow(struct ix *x, uint32_t lin, unsigned size, uint32_t v)
{
    if (x->faulted)
        return false;
    uint32_t end = lin + size;
    if (store_hits_block(x, lin, size, v))
        return false;
    bool ok = true;
    if (split(x, lin, size)) {
        for (unsigned i = 0; i < size && ok; i++) {
            uint32_t b = (v >> (8 * i)) & 0xFF;
            ok = access_one(x, lin + i, 1, &b, true);
        }
    } else {
        ok = access_one(x, lin, size, &v, true);
    }
    if (!ok) {
        set_fault(x, "write", lin, size);
        return false;
    }
    if (end <= MEM_TOTAL_BYTES && ix_code_marked(x, lin, size))
        x->ops.code_store(x->ops.ctx, lin, size);
    return true;
}

/* ---- bytes Unicorn has translated ---- */

static bool clip(uint32_t *lin, uint32_t *len)
{
    if (*lin >= MEM_TOTAL_BYTES || !*len)
        return false;
    if (*len > MEM_TOTAL_BYTES - *lin)
        *len = MEM_TOTAL_BYTES - *lin;
    return true;
}

#define GRAIN (1u << IX_CODE_GRAIN_SHIFT)

/* Set or clear the bits of [lin, lin + len), which lies in one granule. */
static void set_bits(uint8_t *bits, uint32_t lin, uint32_t len, bool on)
{
    for (uint32_t a = lin; a < lin + len; a++) {
        if (on)
            bits[a / 8] |= (uint8_t)(1u << (a % 8));
        else
            bits[a / 8] &= (uint8_t) ~(1u << (a % 8));
    }
}

static bool any_bits(const uint8_t *bits, uint32_t lin, uint32_t len)
{
    for (uint32_t a = lin; a < lin + len; a++)
        if (bits[a / 8] & (1u << (a % 8)))
            return true;
    return false;
}

/* The part of [lin, lin + len) in granule g. */
static void granule_part(uint32_t g, uint32_t lin, uint32_t len, uint32_t *pl, uint32_t *pn)
{
    uint32_t lo = g << IX_CODE_GRAIN_SHIFT, hi = lo + GRAIN;
    *pl = MAX(lin, lo);
    *pn = MIN(lin + len, hi) - *pl;
}

static void mark_one(struct ix *x, uint32_t lin, uint32_t len)
{
    set_bits(x->code_bits, lin, len, true);
    for (uint32_t g = lin >> IX_CODE_GRAIN_SHIFT; g <= (lin + len - 1) >> IX_CODE_GRAIN_SHIFT;
         g++)
        x->code_any[g] = 1;
}

static void unmark_one(struct ix *x, uint32_t lin, uint32_t len)
{
    for (uint32_t g = lin >> IX_CODE_GRAIN_SHIFT; g <= (lin + len - 1) >> IX_CODE_GRAIN_SHIFT;
         g++) {
        uint32_t pl, pn;
        if (!x->code_any[g])
            continue;
        granule_part(g, lin, len, &pl, &pn);
        set_bits(x->code_bits, pl, pn, false);
        x->code_any[g] = any_bits(x->code_bits, g << IX_CODE_GRAIN_SHIFT, GRAIN);
    }
}

static bool marked_one(const struct ix *x, uint32_t lin, uint32_t len)
{
    for (uint32_t g = lin >> IX_CODE_GRAIN_SHIFT; g <= (lin + len - 1) >> IX_CODE_GRAIN_SHIFT;
         g++) {
        uint32_t pl, pn;
        if (!x->code_any[g])
            continue;
        granule_part(g, lin, len, &pl, &pn);
        if (any_bits(x->code_bits, pl, pn))
            return true;
    }
    return false;
}

/* The marks are kept by the host byte: with A20 off the HMA window is the
 * first 64 KiB again, so code run or stored through FFFF:xxxx and through
 * 0000:xxxx is the same. A range splits into at most two host ranges. */
static unsigned host_ranges(const struct ix *x, uint32_t lin, uint32_t len, uint32_t r[2][2])
{
    if (!clip(&lin, &len))
        return 0;
    if (lin + len <= MEM_CONV_BYTES || mem_a20(x->mem)) {
        r[0][0] = lin, r[0][1] = len;
        return 1;
    }
    if (lin >= MEM_CONV_BYTES) {
        r[0][0] = lin - MEM_CONV_BYTES, r[0][1] = len;
        return 1;
    }
    r[0][0] = lin, r[0][1] = MEM_CONV_BYTES - lin;
    r[1][0] = 0, r[1][1] = lin + len - MEM_CONV_BYTES;
    return 2;
}

void ix_mark_code(struct ix *x, uint32_t lin, uint32_t len)
{
    uint32_t r[2][2];
    for (unsigned i = 0, n = host_ranges(x, lin, len, r); i < n; i++)
        mark_one(x, r[i][0], r[i][1]);
}

void ix_unmark_code(struct ix *x, uint32_t lin, uint32_t len)
{
    uint32_t r[2][2];
    for (unsigned i = 0, n = host_ranges(x, lin, len, r); i < n; i++)
        unmark_one(x, r[i][0], r[i][1]);
}

bool ix_code_marked(const struct ix *x, uint32_t lin, uint32_t len)
{
    uint32_t r[2][2];
    for (unsigned i = 0, n = host_ranges(x, lin, len, r); i < n; i++)
        if (marked_one(x, r[i][0], r[i][1]))
            return true;
    return false;
}

/* ---- running a block ---- */

enum ix_exit ix_exec(struct ix *x, const struct ix_block *b, unsigned flags)
{
    x->cc_known = false; /* a TB starts with CC_OP_DYNAMIC */
    x->cc_dst_env = x->s.cc_dst;
    x->synced_eip = x->s.eip;
    x->shadow = flags & IX_EXEC_SHADOW;
    x->faulted = false;
    x->tb_lin = b->lin;
    x->chained = false;
    bool rf = x->s.eflags & IX_RF;
    if (flags & IX_EXEC_NO_SMC) {
        x->blk_lo = x->blk_hi = 0;
    } else {
        x->blk_lo = b->lin;
        x->blk_hi = b->lin + b->nbytes;
    }
    enum ix_exit rc = IX_EXIT_NEXT;
    for (unsigned i = 0; i < b->ninsn; i++) {
        int r = b->insn[i].fn(x, &b->insn[i]);
        if (x->faulted) {
            rc = IX_EXIT_FAULT;
            break;
        }
        if (r == IX_RC_NEXT)
            continue;
        rc = r == IX_RC_SMC ? IX_EXIT_SMC : r == IX_RC_HALT ? IX_EXIT_HALT : IX_EXIT_NEXT;
        if (r == IX_RC_END)
            rf = false; /* an exception leaves the block without its end (gen_eob) */
        break;
    }
    /* QEMU's gen_eob clears RF when the block started with it set; a
     * chained jump, an exception, HLT or a store into the block leave
     * without gen_eob. */
    if (rf && rc == IX_EXIT_NEXT && !x->chained)
        x->s.eflags &= ~(uint32_t)IX_RF;
    x->blk_lo = x->blk_hi = 0;
    return rc;
}
