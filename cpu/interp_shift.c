/* Shifts, rotates and bit instructions as QEMU 5.0 translates them. Two
 * count paths differ in their lazy flags: by an immediate or by one
 * (gen_shift_rm_im, gen_rot_rm_im) and by CL (gen_shift_rm_T1,
 * gen_rot_rm_T1, after which the translator no longer knows cc_op). The
 * result is stored even for a count of 0, as QEMU does. */
#include "cpu/interp_impl.h"

enum { SH_ROL, SH_ROR, SH_RCL, SH_RCR, SH_SHL, SH_SHR, SH_SAL, SH_SAR };
#define SHIFT_COUNT_MASK 0x1F

static int next(struct ix *x, const struct ix_insn *in)
{
    x->s.eip += in->len;
    return IX_RC_NEXT;
}

static int64_t sx(uint32_t v, unsigned size)
{
    return size == 1 ? (int8_t)v : size == 2 ? (int16_t)v : (int32_t)v;
}

/* SHL/SHR/SAR: result and the value shifted by count - 1. */
static uint32_t shift(unsigned op, unsigned size, uint32_t v, unsigned count, uint32_t *shm1)
{
    uint32_t m = ix_size_mask(size);
    if (op == SH_SHL) {
        *shm1 = (uint32_t)((uint64_t)v << (count - 1));
        return (uint32_t)((uint64_t)v << count) & m;
    }
    if (op == SH_SHR) {
        *shm1 = (v & m) >> (count - 1);
        return (v & m) >> count;
    }
    int64_t s = sx(v, size);
    *shm1 = (uint32_t)(s >> (count - 1));
    return (uint32_t)(s >> count) & m;
}

static uint32_t rot32(uint32_t v, unsigned n, bool right)
{
    n &= 31;
    if (!n)
        return v;
    return right ? (v >> n) | (v << (32 - n)) : (v << n) | (v >> (32 - n));
}

/* C into cc_dst, O into cc_src2 from the rotated value (top bit `top`). */
static void rot_flags(struct ix *x, uint32_t t0, unsigned top, bool right)
{
    uint32_t c, o;
    if (right) {
        c = (t0 >> top) & 1;
        o = ((t0 >> (top - 1)) & 1) ^ c;
    } else {
        c = t0 & 1;
        o = ((t0 >> top) & 1) ^ c;
    }
    x->s.cc_dst = c;
    x->s.cc_src2 = o;
}

/* ROL/ROR by CL: a 32-bit rotate of the value replicated to 32 bits. */
static uint32_t rot_cl(unsigned size, uint32_t v, unsigned count, bool right)
{
    uint32_t rep = size == 1   ? (v & 0xFF) * 0x01010101u
                   : size == 2 ? (v & 0xFFFF) * 0x10001u
                               : v;
    uint32_t t0 = rot32(rep, count, right);
    return t0;
}

/* ROL/ROR by an immediate: QEMU's shifts of the zero-extended value. */
static uint32_t rot_imm(unsigned size, uint32_t v, unsigned count, bool right)
{
    if (size == 4)
        return rot32(v, count, right);
    unsigned mask = size * 8 - 1, sh = count & mask;
    if (right)
        sh = mask + 1 - sh;
    v &= ix_size_mask(size);
    return (v << sh) | (v >> (mask + 1 - sh));
}

/* RCL/RCR (helper_rcl*, helper_rcr*): the flags are collapsed first. */
static uint32_t rotc(struct ix *x, unsigned size, uint32_t t0, unsigned count, bool right)
{
    unsigned bits = size * 8;
    count &= SHIFT_COUNT_MASK;
    if (size < 4)
        count %= bits + 1;
    if (!count)
        return t0;
    uint32_t eflags = x->s.cc_src;
    uint64_t src = t0 & ix_size_mask(size), cf = eflags & IX_CF, res;
    if (!right) {
        res = (src << count) | (cf << (count - 1));
        if (count > 1)
            res |= src >> (bits + 1 - count);
        x->s.cc_src = (eflags & ~(uint32_t)(IX_CF | IX_OF)) |
                      ((((src ^ res) >> (bits - 1)) & 1) << 11) |
                      ((src >> (bits - count)) & IX_CF);
    } else {
        res = (src >> count) | (cf << (bits - count));
        if (count > 1)
            res |= src << (bits + 1 - count);
        x->s.cc_src = (eflags & ~(uint32_t)(IX_CF | IX_OF)) |
                      ((((src ^ res) >> (bits - 1)) & 1) << 11) |
                      ((src >> (count - 1)) & IX_CF);
    }
    return (uint32_t)res;
}

static void shift_flags(struct ix *x, const struct ix_insn *in, unsigned count, uint32_t r,
                        uint32_t shm1, bool by_cl)
{
    unsigned op = in->op == SH_SHL ? IX_CC_SHL : IX_CC_SAR;
    if (count)
        ix_cc_set(x, op, in->size, r, shm1);
    if (by_cl) {
        x->cc_known = false; /* gen_shift_flags: CC_OP_DYNAMIC, stored at run time */
    }
}

static void rotate_flags(struct ix *x, const struct ix_insn *in, unsigned count, uint32_t t0,
                         bool by_cl)
{
    bool right = in->op == SH_ROR;
    if (by_cl) {
        ix_cc_collapse(x);
        rot_flags(x, t0, 31, right);
        if (count)
            x->s.cc_op = IX_CC_ADCOX;
        x->cc_known = false;
        return;
    }
    if (!count)
        return;
    ix_cc_collapse(x);
    rot_flags(x, t0, in->size * 8 - 1, right);
    x->s.cc_op = IX_CC_ADCOX;
}

/* C0, C1, D0-D3: in->imm2 set for the CL forms, in->imm the count otherwise. */
int ix_h_shift(struct ix *x, const struct ix_insn *in)
{
    bool by_cl = in->imm2;
    unsigned count = (by_cl ? x->s.r[IX_ECX] : in->imm) & SHIFT_COUNT_MASK;
    uint32_t lin = in->mem ? ix_ea(x, in) : 0;
    uint32_t v = in->mem ? ix_ld(x, lin, in->size) : ix_rget(x, in->rm, in->size);
    uint32_t r = v, shm1 = 0;
    switch (in->op) {
    case SH_ROL:
    case SH_ROR:
        if (by_cl || count)
            r = by_cl ? rot_cl(in->size, v, count, in->op == SH_ROR)
                      : rot_imm(in->size, v, count, in->op == SH_ROR);
        if (!ix_rm_put(x, in, lin, r & ix_size_mask(in->size)))
            return IX_RC_SMC;
        rotate_flags(x, in, count, r, by_cl);
        return next(x, in);
    case SH_RCL:
    case SH_RCR:
        ix_cc_collapse(x);
        r = rotc(x, in->size, v, count, in->op == SH_RCR);
        if (!ix_rm_put(x, in, lin, r & ix_size_mask(in->size)))
            return IX_RC_SMC;
        return next(x, in);
    default:
        if (count)
            r = shift(in->op, in->size, v, count, &shm1);
        if (!ix_rm_put(x, in, lin, r & ix_size_mask(in->size)))
            return IX_RC_SMC;
        shift_flags(x, in, count, r, shm1, by_cl);
        return next(x, in);
    }
}

/* ---- bit tests ---- */

static bool sized_cc(uint32_t op)
{
    return op >= IX_CC_MUL && op < IX_CC_ADCX;
}

/* BT/BTS/BTR/BTC: the bit offset in a register (0F A3/AB/B3/BB, which
 * reaches outside the operand in memory) or an imm8 (0F BA, in->imm2 set).
 * C is the bit; the other flags come from QEMU's trick of reusing the lazy
 * state (CC_OP_SAR of the last size) or from the computed flags. */
int ix_h_bt(struct ix *x, const struct ix_insn *in)
{
    unsigned bits = in->size * 8;
    uint32_t off = in->imm2 ? in->imm : x->s.r[in->reg]; /* QEMU reads all 32 bits */
    uint32_t lin = 0, v;
    if (in->mem) {
        lin = ix_ea_off(x, in);
        if (!in->imm2) {
            int64_t d = sx(off, in->size) >> (in->size == 2 ? 4 : 5);
            lin = (uint32_t)(lin + (uint32_t)(d * (int64_t)in->size));
            if (!in->a32)
                lin &= 0xFFFF;
        }
        lin += x->s.base[in->seg];
        v = ix_ld(x, lin, in->size);
    } else {
        v = x->s.r[in->rm]; /* QEMU tests in the whole register (tmp4 shows it) */
    }
    off &= bits - 1;
    uint32_t tmp4 = v >> off, bit = 1u << off;
    if (in->op) {
        uint32_t r = in->op == 1 ? v | bit : in->op == 2 ? v & ~bit : v ^ bit;
        if (!ix_rm_put(x, in, lin, r))
            return IX_RC_SMC;
    }
    uint32_t op = ix_cc_translator_op(x);
    if (sized_cc(op)) {
        x->s.cc_src = tmp4;
        x->s.cc_op = ((op - IX_CC_MUL) & 3) + IX_CC_SAR;
    } else {
        ix_cc_collapse(x);
        x->s.cc_src = (x->s.cc_src & ~(uint32_t)IX_CF) | (tmp4 & 1);
    }
    x->cc_known = true;
    return next(x, in);
}

/* BSF/BSR: only ZF is defined (from the source); the destination stays
 * when the source is 0. */
int ix_h_bsf_bsr(struct ix *x, const struct ix_insn *in)
{
    uint32_t v = ix_rm_get(x, in);
    ix_cc_set(x, IX_CC_LOGIC, in->size, v, 0);
    if (v)
        ix_rset(x, in->reg, in->size,
                in->op ? 31u - (uint32_t)__builtin_clz(v) : (uint32_t)__builtin_ctz(v));
    return next(x, in);
}

int ix_h_setcc(struct ix *x, const struct ix_insn *in)
{
    uint32_t v = ix_cond(x, in->op);
    uint32_t lin = in->mem ? ix_ea(x, in) : 0;
    if (!ix_rm_put(x, in, lin, v))
        return IX_RC_SMC;
    return next(x, in);
}

/* CMOVcc: the source is read whatever the condition; the register is
 * always written (with its own value when the condition is false). */
int ix_h_cmovcc(struct ix *x, const struct ix_insn *in)
{
    uint32_t v = ix_rm_get(x, in);
    if (!ix_cond(x, in->op))
        v = ix_rget(x, in->reg, in->size);
    ix_rset(x, in->reg, in->size, v);
    return next(x, in);
}
