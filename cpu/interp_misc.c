/* BCD adjustments, flag instructions, conversions, XLAT, BSWAP, port I/O,
 * as QEMU 5.0's helpers and translator do them. */
#include "cpu/interp_impl.h"

static int next(struct ix *x, const struct ix_insn *in)
{
    x->s.eip += in->len;
    return IX_RC_NEXT;
}

static uint32_t zsp8(uint32_t al)
{
    return (al == 0 ? IX_ZF : 0) | ((__builtin_popcount(al) & 1) ? 0 : IX_PF) | (al & IX_SF);
}

static void set_al(struct ix *x, uint32_t al)
{
    ix_rset(x, IX_EAX, 1, al);
}

/* The BCD helpers read the flags computed and leave CC_OP_EFLAGS. */
static void bcd_done(struct ix *x, uint32_t eflags)
{
    x->s.cc_src = eflags;
    x->s.cc_op = IX_CC_EFLAGS;
    x->cc_known = true;
}

int ix_h_daa(struct ix *x, const struct ix_insn *in)
{
    uint32_t f = ix_cc_all(&x->s), al = x->s.r[IX_EAX] & 0xFF, old = al, e = 0;
    if ((al & 0x0F) > 9 || (f & IX_AF)) {
        al = (al + 6) & 0xFF;
        e |= IX_AF;
    }
    if (old > 0x99 || (f & IX_CF)) {
        al = (al + 0x60) & 0xFF;
        e |= IX_CF;
    }
    set_al(x, al);
    bcd_done(x, e | zsp8(al));
    return next(x, in);
}

int ix_h_das(struct ix *x, const struct ix_insn *in)
{
    uint32_t f = ix_cc_all(&x->s), al = x->s.r[IX_EAX] & 0xFF, al1 = al, e = 0;
    if ((al & 0x0F) > 9 || (f & IX_AF)) {
        e |= IX_AF;
        if (al < 6 || (f & IX_CF))
            e |= IX_CF;
        al = (al - 6) & 0xFF;
    }
    if (al1 > 0x99 || (f & IX_CF)) {
        al = (al - 0x60) & 0xFF;
        e |= IX_CF;
    }
    set_al(x, al);
    bcd_done(x, e | zsp8(al));
    return next(x, in);
}

static int ascii_adjust(struct ix *x, const struct ix_insn *in, bool sub)
{
    uint32_t e = ix_cc_all(&x->s), ax = x->s.r[IX_EAX];
    uint32_t al = ax & 0xFF, ah = (ax >> 8) & 0xFF;
    uint32_t icarry = sub ? al < 6 : al > 0xF9;
    if ((al & 0x0F) > 9 || (e & IX_AF)) {
        al = (sub ? al - 6 : al + 6) & 0x0F;
        ah = (sub ? ah - 1 - icarry : ah + 1 + icarry) & 0xFF;
        e |= IX_CF | IX_AF;
    } else {
        e &= ~(uint32_t)(IX_CF | IX_AF);
        al &= 0x0F;
    }
    ix_rset(x, IX_EAX, 2, al | ah << 8);
    bcd_done(x, e);
    return next(x, in);
}

int ix_h_aaa(struct ix *x, const struct ix_insn *in)
{
    return ascii_adjust(x, in, false);
}

int ix_h_aas(struct ix *x, const struct ix_insn *in)
{
    return ascii_adjust(x, in, true);
}

/* AAM/AAD leave CC_OP_LOGICB with CC_DST = AL (AAM 0 is left to Unicorn). */
int ix_h_aam(struct ix *x, const struct ix_insn *in)
{
    uint32_t base = in->imm & 0xFF, al = x->s.r[IX_EAX] & 0xFF;
    uint32_t ah = al / base;
    al %= base;
    ix_rset(x, IX_EAX, 2, al | ah << 8);
    ix_cc_set(x, IX_CC_LOGIC, 1, al, 0);
    return next(x, in);
}

int ix_h_aad(struct ix *x, const struct ix_insn *in)
{
    uint32_t base = in->imm & 0xFF, ax = x->s.r[IX_EAX];
    uint32_t al = (((ax >> 8) & 0xFF) * base + (ax & 0xFF)) & 0xFF;
    ix_rset(x, IX_EAX, 2, al);
    ix_cc_set(x, IX_CC_LOGIC, 1, al, 0);
    return next(x, in);
}

int ix_h_salc(struct ix *x, const struct ix_insn *in)
{
    set_al(x, (0 - ix_cf(x)) & 0xFF); /* QEMU negates the carry value */
    return next(x, in);
}

int ix_h_cbw(struct ix *x, const struct ix_insn *in)
{
    if (in->size == 2)
        ix_rset(x, IX_EAX, 2, (uint32_t)(int32_t)(int8_t)x->s.r[IX_EAX]);
    else
        x->s.r[IX_EAX] = (uint32_t)(int32_t)(int16_t)x->s.r[IX_EAX];
    return next(x, in);
}

int ix_h_cwd(struct ix *x, const struct ix_insn *in)
{
    uint32_t sign = (x->s.r[IX_EAX] >> (in->size * 8 - 1)) & 1;
    ix_rset(x, IX_EDX, in->size, sign ? 0xFFFFFFFFu : 0);
    return next(x, in);
}

/* CLC, STC, CMC (op 0, 1, 2): flags computed, then C changed. */
int ix_h_clc_stc_cmc(struct ix *x, const struct ix_insn *in)
{
    ix_cc_collapse(x);
    if (in->op == 0)
        x->s.cc_src &= ~(uint32_t)IX_CF;
    else if (in->op == 1)
        x->s.cc_src |= IX_CF;
    else
        x->s.cc_src ^= IX_CF;
    return next(x, in);
}

int ix_h_sahf(struct ix *x, const struct ix_insn *in)
{
    uint32_t ah = (x->s.r[IX_EAX] >> 8) & 0xFF;
    ix_cc_collapse(x);
    x->s.cc_src = (x->s.cc_src & IX_OF) | (ah & (IX_SF | IX_ZF | IX_AF | IX_PF | IX_CF));
    return next(x, in);
}

int ix_h_lahf(struct ix *x, const struct ix_insn *in)
{
    ix_cc_collapse(x);
    ix_rset(x, IX_EAX + 4, 1, x->s.cc_src | IX_FLAGS_FIXED);
    return next(x, in);
}

/* CLI, STI, CLD, STD (op 0-3); STI ends its block with a shadow. */
int ix_h_flag_bit(struct ix *x, const struct ix_insn *in)
{
    switch (in->op) {
    case 0:
        x->s.eflags &= ~(uint32_t)IX_IF;
        break;
    case 1:
        x->s.eflags |= IX_IF;
        break;
    case 2:
        x->s.df = 1;
        break;
    default:
        x->s.df = -1;
        break;
    }
    return next(x, in);
}

int ix_h_nop(struct ix *x, const struct ix_insn *in)
{
    return next(x, in);
}

int ix_h_xlat(struct ix *x, const struct ix_insn *in)
{
    uint32_t off = x->s.r[IX_EBX] + (x->s.r[IX_EAX] & 0xFF);
    if (!in->a32)
        off &= 0xFFFF;
    set_al(x, ix_ld(x, x->s.base[in->seg] + off, 1));
    return next(x, in);
}

/* QEMU 5.0 swaps all 32 bits whatever the operand size. */
int ix_h_bswap(struct ix *x, const struct ix_insn *in)
{
    x->s.r[in->reg] = __builtin_bswap32(x->s.r[in->reg]);
    return next(x, in);
}

/* IN/OUT: op 0 with an imm8 port, op 1 with DX. */
int ix_h_in(struct ix *x, const struct ix_insn *in)
{
    uint16_t port = in->op ? (uint16_t)x->s.r[IX_EDX] : (uint16_t)in->imm;
    ix_rset(x, IX_EAX, in->size, io_in(x->io, port, in->size));
    return next(x, in);
}

int ix_h_out(struct ix *x, const struct ix_insn *in)
{
    uint16_t port = in->op ? (uint16_t)x->s.r[IX_EDX] : (uint16_t)in->imm;
    io_out(x->io, port, in->size, ix_rget(x, IX_EAX, in->size));
    return next(x, in);
}
