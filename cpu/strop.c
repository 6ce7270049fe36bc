/* REP STOS / REP MOVS to device memory (see strop.h). Decoding follows the
 * Intel SDM (Vol. 2, "REP/REPE/REPZ", "STOS", "MOVS"): legacy prefixes in
 * any order, 66h toggles the operand size, 67h the address size, a segment
 * prefix changes the MOVS source (the destination is always ES). */
#include "cpu/strop.h"

#include <stdbool.h>

#include "cpu/regs.h"

#define X86_MAX_INSN 15
#define OFFSET_LIMIT 0xFFFFu /* real-mode segment limit */

enum {
    OP_MOVSB = 0xA4,
    OP_MOVSW = 0xA5,
    OP_STOSB = 0xAA,
    OP_STOSW = 0xAB,
    PFX_REPNE = 0xF2,
    PFX_REP = 0xF3,
    PFX_LOCK = 0xF0,
    PFX_OPSIZE = 0x66,
    PFX_ADDRSIZE = 0x67,
    PFX_ES = 0x26,
    PFX_CS = 0x2E,
    PFX_SS = 0x36,
    PFX_DS = 0x3E,
    PFX_FS = 0x64,
    PFX_GS = 0x65,
};

struct insn {
    unsigned len, size; /* bytes of the instruction, of one element */
    bool movs, addr32;
    uint16_t src_seg;
};

static const uint16_t *segment_prefix(const struct strop_regs *r, uint8_t b)
{
    switch (b) {
    case PFX_ES:
        return &r->es;
    case PFX_CS:
        return &r->cs;
    case PFX_SS:
        return &r->ss;
    case PFX_DS:
        return &r->ds;
    case PFX_FS:
        return &r->fs;
    case PFX_GS:
        return &r->gs;
    default:
        return NULL;
    }
}

/* Decode a REP STOS/MOVS at cs:ip; false for anything else. */
static bool decode(const struct mem *m, const struct strop_regs *r, struct insn *in)
{
    bool rep = false, opsize32 = false;
    const uint16_t *seg;
    *in = (struct insn){.src_seg = r->ds};
    for (unsigned i = 0; i < X86_MAX_INSN; i++) {
        uint8_t b = mem_rd8(m, mem_lin(m, r->cs, (uint16_t)(r->ip + i)));
        if (b == PFX_REP || b == PFX_REPNE)
            rep = true;
        else if (b == PFX_OPSIZE)
            opsize32 = true;
        else if (b == PFX_ADDRSIZE)
            in->addr32 = true;
        else if ((seg = segment_prefix(r, b)) != NULL)
            in->src_seg = *seg;
        else if (b == OP_STOSB || b == OP_STOSW || b == OP_MOVSB || b == OP_MOVSW) {
            in->len = i + 1;
            in->movs = b == OP_MOVSB || b == OP_MOVSW;
            in->size = (b == OP_STOSB || b == OP_MOVSB) ? 1 : opsize32 ? 4 : 2;
            return rep;
        } else {
            return false; /* LOCK, another opcode: not ours */
        }
    }
    return false;
}

/* The device that takes a whole size-byte access at lin, or NULL. */
static const struct mem_io *device_at(const struct mem *m, uint32_t lin, unsigned size)
{
    const struct mem_io *io = mem_io_at(m, lin);
    if (!io || lin / MEM_VIDEO_SLOT_BYTES != (lin + size - 1) / MEM_VIDEO_SLOT_BYTES)
        return NULL;
    return io;
}

/* One MOVS source element, as the CPU reads it; false when it straddles
 * RAM and a device. */
static bool read_source(struct mem *m, uint32_t lin, unsigned size, uint32_t *val)
{
    const struct mem_io *io = device_at(m, lin, size);
    const uint8_t *p;
    *val = 0;
    if (io) {
        *val = io->read(io->ctx, lin, size);
        return true;
    }
    if ((p = mem_ptr(m, lin, size)) == NULL)
        return false;
    for (unsigned i = 0; i < size; i++)
        *val |= (uint32_t)p[i] << (8 * i);
    return true;
}

static uint32_t set_index(uint32_t reg, uint32_t v, bool addr32)
{
    return addr32 ? v : (reg & 0xFFFF0000u) | (v & 0xFFFFu);
}

uint32_t strop_run(struct mem *m, struct strop_regs *r, uint32_t prev, uint32_t max)
{
    struct insn in;
    if (!decode(m, r, &in))
        return 0;
    uint32_t mask = in.addr32 ? 0xFFFFFFFFu : 0xFFFFu;
    uint32_t count = r->ecx & mask, di = r->edi & mask, si = r->esi & mask, done = 0;
    uint32_t step = (r->flags & CPU_FLAG_DF) ? (uint32_t)-in.size : in.size;
    /* (an unaligned element reaches the device as bytes: prev may be its last) */
    if (prev - mem_lin(m, r->es, (uint16_t)(di - step)) >= in.size)
        return 0;
    while (count && done < max) {
        if (di > OFFSET_LIMIT - (in.size - 1) || (in.movs && si > OFFSET_LIMIT - (in.size - 1)))
            break; /* past the segment limit: the CPU faults */
        uint32_t dst = mem_lin(m, r->es, (uint16_t)di), val = r->eax;
        const struct mem_io *io = device_at(m, dst, in.size);
        if (!io)
            break;
        if (in.movs && !read_source(m, mem_lin(m, in.src_seg, (uint16_t)si), in.size, &val))
            break;
        io->write(io->ctx, dst, in.size, in.size == 4 ? val : val & ((1u << 8 * in.size) - 1));
        di = (di + step) & mask;
        if (in.movs)
            si = (si + step) & mask;
        count--;
        done++;
    }
    r->ecx = set_index(r->ecx, count, in.addr32);
    r->edi = set_index(r->edi, di, in.addr32);
    if (in.movs)
        r->esi = set_index(r->esi, si, in.addr32);
    if (done && !count)
        r->ip = (uint16_t)(r->ip + in.len);
    return done;
}
