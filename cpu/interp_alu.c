/* Arithmetic, logic, shifts, multiplication and division, BCD, bit tests:
 * results and lazy flags exactly as QEMU 5.0's translator and helpers
 * produce them (gen_op, gen_inc, gen_shift_rm_*, gen_rot_rm_*, helper_div*,
 * helper_daa...). Every store comes before the flag update. */
#include "cpu/interp_impl.h"

enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

static int next(struct ix *x, const struct ix_insn *in)
{
    x->s.eip += in->len;
    return IX_RC_NEXT;
}

/* Compute a op b on the operands as QEMU's temporaries hold them (whole
 * registers, ix_rget_whole): the caller stores the operation's size, the
 * lazy flags keep the whole values, as QEMU's do. Updates the lazy flags
 * through *cc (applied by the caller after the store). */
struct alu_cc {
    unsigned op;
    uint32_t dst, src, src2;
};

static uint32_t alu(struct ix *x, unsigned op, uint32_t a, uint32_t b, struct alu_cc *cc)
{
    uint32_t r, c;
    switch (op) {
    case ALU_ADD:
        r = a + b;
        *cc = (struct alu_cc){IX_CC_ADD, r, b, 0};
        return r;
    case ALU_ADC:
        c = ix_cf(x);
        r = a + b + c;
        *cc = (struct alu_cc){IX_CC_ADC, r, b, c};
        return r;
    case ALU_SBB:
        c = ix_cf(x);
        r = a - b - c;
        *cc = (struct alu_cc){IX_CC_SBB, r, b, c};
        return r;
    case ALU_SUB:
    case ALU_CMP:
        r = a - b;
        *cc = (struct alu_cc){IX_CC_SUB, r, b, 0};
        return r;
    case ALU_AND:
        r = a & b;
        break;
    case ALU_OR:
        r = a | b;
        break;
    default:
        r = a ^ b;
        break;
    }
    *cc = (struct alu_cc){IX_CC_LOGIC, r, 0, 0};
    return r;
}

static void apply(struct ix *x, unsigned size, const struct alu_cc *cc)
{
    ix_cc_set(x, cc->op, size, cc->dst, cc->src);
    if (cc->op == IX_CC_ADC || cc->op == IX_CC_SBB)
        x->s.cc_src2 = cc->src2; /* (the others leave it, as QEMU does) */
}

/* op r/m, reg (00, 01, 08 ...) */
int ix_h_alu_rm_r(struct ix *x, const struct ix_insn *in)
{
    struct alu_cc cc;
    uint32_t b = ix_rget_whole(x, in->reg, in->size);
    if (!in->mem) {
        uint32_t r = alu(x, in->op, ix_rget_whole(x, in->rm, in->size), b, &cc);
        if (in->op != ALU_CMP)
            ix_rset(x, in->rm, in->size, r);
    } else {
        uint32_t lin = ix_ea(x, in);
        uint32_t r = alu(x, in->op, ix_ld(x, lin, in->size), b, &cc);
        if (in->op != ALU_CMP && !ix_st(x, lin, in->size, r))
            return IX_RC_SMC;
    }
    apply(x, in->size, &cc);
    return next(x, in);
}

/* op reg, r/m (02, 03, 0A ...) */
int ix_h_alu_r_rm(struct ix *x, const struct ix_insn *in)
{
    struct alu_cc cc;
    uint32_t b = ix_rm_get_whole(x, in);
    uint32_t r = alu(x, in->op, ix_rget_whole(x, in->reg, in->size), b, &cc);
    if (in->op != ALU_CMP)
        ix_rset(x, in->reg, in->size, r);
    apply(x, in->size, &cc);
    return next(x, in);
}

/* op r/m, imm (80-83), and op AL/eAX, imm (04, 05, 0C ...: reg is AL/eAX).
 * The immediate as QEMU's insn_get reads it: unsigned, but 83's byte
 * sign-extended to 32 bits. */
int ix_h_alu_rm_imm(struct ix *x, const struct ix_insn *in)
{
    struct alu_cc cc;
    uint32_t imm = in->imm;
    if (!in->mem) {
        /* rm is 0 (AL, eAX) for the accumulator forms without ModRM */
        uint32_t v = alu(x, in->op, ix_rget_whole(x, in->rm, in->size), imm, &cc);
        if (in->op != ALU_CMP)
            ix_rset(x, in->rm, in->size, v);
    } else {
        uint32_t lin = ix_ea(x, in);
        uint32_t v = alu(x, in->op, ix_ld(x, lin, in->size), imm, &cc);
        if (in->op != ALU_CMP && !ix_st(x, lin, in->size, v))
            return IX_RC_SMC;
    }
    apply(x, in->size, &cc);
    return next(x, in);
}

/* XOR reg, reg: QEMU sets CC_OP_CLR. */
int ix_h_xor_zero(struct ix *x, const struct ix_insn *in)
{
    ix_rset(x, in->reg, in->size, 0);
    x->s.cc_op = IX_CC_CLR;
    x->s.cc_dst = x->cc_dst_env; /* discarded (see ix_cc_collapse) */
    x->cc_known = true;
    return next(x, in);
}

int ix_h_test_rm_r(struct ix *x, const struct ix_insn *in)
{
    uint32_t r = ix_rm_get_whole(x, in) & ix_rget_whole(x, in->reg, in->size);
    ix_cc_set(x, IX_CC_LOGIC, in->size, r, 0);
    return next(x, in);
}

/* TEST r/m, imm (F6/F7 /0) and TEST AL/eAX, imm (A8, A9: rm = 0, no ModRM). */
int ix_h_test_rm_imm(struct ix *x, const struct ix_insn *in)
{
    uint32_t r = ix_rm_get_whole(x, in) & in->imm;
    ix_cc_set(x, IX_CC_LOGIC, in->size, r, 0);
    return next(x, in);
}

static void inc_dec_cc(struct ix *x, unsigned dec, unsigned size, uint32_t r, uint32_t cf)
{
    ix_cc_set(x, dec ? IX_CC_DEC : IX_CC_INC, size, r, cf);
}

/* FE/FF /0 /1 */
int ix_h_inc_dec(struct ix *x, const struct ix_insn *in)
{
    uint32_t cf = ix_cf(x);
    uint32_t lin = in->mem ? ix_ea(x, in) : 0;
    uint32_t v = in->mem ? ix_ld(x, lin, in->size) : ix_rget_whole(x, in->rm, in->size);
    uint32_t r = in->op ? v - 1 : v + 1;
    if (!ix_rm_put(x, in, lin, r))
        return IX_RC_SMC;
    inc_dec_cc(x, in->op, in->size, r, cf);
    return next(x, in);
}

/* 40-4F */
int ix_h_inc_dec_reg(struct ix *x, const struct ix_insn *in)
{
    uint32_t cf = ix_cf(x);
    uint32_t v = ix_rget_whole(x, in->reg, in->size);
    uint32_t r = in->op ? v - 1 : v + 1;
    ix_rset(x, in->reg, in->size, r);
    inc_dec_cc(x, in->op, in->size, r, cf);
    return next(x, in);
}

int ix_h_not(struct ix *x, const struct ix_insn *in)
{
    uint32_t lin = in->mem ? ix_ea(x, in) : 0;
    uint32_t v = in->mem ? ix_ld(x, lin, in->size) : ix_rget(x, in->rm, in->size);
    if (!ix_rm_put(x, in, lin, ~v & ix_size_mask(in->size)))
        return IX_RC_SMC;
    return next(x, in);
}

int ix_h_neg(struct ix *x, const struct ix_insn *in)
{
    uint32_t lin = in->mem ? ix_ea(x, in) : 0;
    uint32_t v = in->mem ? ix_ld(x, lin, in->size) : ix_rget_whole(x, in->rm, in->size);
    uint32_t r = 0 - v;
    if (!ix_rm_put(x, in, lin, r))
        return IX_RC_SMC;
    ix_cc_set(x, IX_CC_SUB, in->size, r, v);
    return next(x, in);
}

/* ---- multiplication and division ---- */

int ix_h_mul(struct ix *x, const struct ix_insn *in)
{
    uint32_t v = ix_rm_get(x, in);
    if (in->size == 1) {
        uint32_t p = (x->s.r[IX_EAX] & 0xFF) * v;
        ix_rset(x, IX_EAX, 2, p);
        ix_cc_set(x, IX_CC_MUL, 1, p, p & 0xFF00);
    } else if (in->size == 2) {
        uint32_t p = (x->s.r[IX_EAX] & 0xFFFF) * v;
        ix_rset(x, IX_EAX, 2, p);
        ix_rset(x, IX_EDX, 2, p >> 16);
        ix_cc_set(x, IX_CC_MUL, 2, p, p >> 16);
    } else {
        uint64_t p = (uint64_t)x->s.r[IX_EAX] * v;
        x->s.r[IX_EAX] = (uint32_t)p;
        x->s.r[IX_EDX] = (uint32_t)(p >> 32);
        ix_cc_set(x, IX_CC_MUL, 4, (uint32_t)p, (uint32_t)(p >> 32));
    }
    return next(x, in);
}

/* CC_SRC for IMUL: the product less its sign-extended low part (nonzero on overflow). */
static uint32_t imul_over(int64_t p, unsigned size)
{
    int64_t low = size == 1 ? (int8_t)p : size == 2 ? (int16_t)p : (int32_t)p;
    return (uint32_t)(p - low);
}

static int64_t sx(uint32_t v, unsigned size)
{
    return size == 1 ? (int8_t)v : size == 2 ? (int16_t)v : (int32_t)v;
}

int ix_h_imul1(struct ix *x, const struct ix_insn *in)
{
    int64_t p = sx(ix_rm_get(x, in), in->size) * sx(x->s.r[IX_EAX], in->size);
    if (in->size == 1) {
        ix_rset(x, IX_EAX, 2, (uint32_t)p);
    } else {
        ix_rset(x, IX_EAX, in->size, (uint32_t)p);
        ix_rset(x, IX_EDX, in->size, (uint32_t)(p >> (in->size * 8)));
    }
    uint32_t over = in->size == 4 ? ((uint32_t)((int32_t)p >> 31) - (uint32_t)(p >> 32))
                                  : imul_over(p, in->size);
    ix_cc_set(x, IX_CC_MUL, in->size, (uint32_t)p, over);
    return next(x, in);
}

/* IMUL reg, r/m [, imm] (0F AF; 69 and 6B with op 1). */
int ix_h_imul3(struct ix *x, const struct ix_insn *in)
{
    int64_t a = sx(ix_rm_get(x, in), in->size);
    int64_t b = sx(in->op ? in->imm : ix_rget(x, in->reg, in->size), in->size);
    int64_t p = a * b;
    uint32_t over = in->size == 4 ? ((uint32_t)((int32_t)p >> 31) - (uint32_t)(p >> 32))
                                  : imul_over(p, in->size);
    ix_rset(x, in->reg, in->size, (uint32_t)p);
    ix_cc_set(x, IX_CC_MUL, in->size, (uint32_t)p, over);
    return next(x, in);
}

static int div_fault(struct ix *x)
{
    return ix_raise(x, 0, x->s.eip);
}

int ix_h_div(struct ix *x, const struct ix_insn *in)
{
    uint32_t d = ix_rm_get(x, in);
    if (x->faulted)
        return IX_RC_NEXT; /* the run ends at the load: no #DE from its value */
    if (d == 0)
        return div_fault(x);
    if (in->size == 1) {
        uint32_t n = x->s.r[IX_EAX] & 0xFFFF, q = n / d;
        if (q > 0xFF)
            return div_fault(x);
        ix_rset(x, IX_EAX, 2, (q & 0xFF) | (n % d) << 8);
    } else if (in->size == 2) {
        uint32_t n = (x->s.r[IX_EAX] & 0xFFFF) | x->s.r[IX_EDX] << 16, q = n / d;
        if (q > 0xFFFF)
            return div_fault(x);
        ix_rset(x, IX_EAX, 2, q);
        ix_rset(x, IX_EDX, 2, n % d);
    } else {
        uint64_t n = x->s.r[IX_EAX] | (uint64_t)x->s.r[IX_EDX] << 32, q = n / d;
        if (q > 0xFFFFFFFFu)
            return div_fault(x);
        x->s.r[IX_EAX] = (uint32_t)q;
        x->s.r[IX_EDX] = (uint32_t)(n % d);
    }
    return next(x, in);
}

int ix_h_idiv(struct ix *x, const struct ix_insn *in)
{
    int64_t d = sx(ix_rm_get(x, in), in->size), n, q, r;
    if (x->faulted)
        return IX_RC_NEXT; /* the run ends at the load: no #DE from its value */
    if (d == 0)
        return div_fault(x);
    if (in->size == 1)
        n = (int16_t)x->s.r[IX_EAX];
    else if (in->size == 2)
        n = (int32_t)((x->s.r[IX_EAX] & 0xFFFF) | x->s.r[IX_EDX] << 16);
    else
        n = (int64_t)(x->s.r[IX_EAX] | (uint64_t)x->s.r[IX_EDX] << 32);
    if (in->size == 4 && n == INT64_MIN && d == -1)
        return div_fault(x);
    q = n / d;
    r = n % d;
    if (q != sx((uint32_t)q, in->size))
        return div_fault(x);
    if (in->size == 1) {
        ix_rset(x, IX_EAX, 2, ((uint32_t)q & 0xFF) | ((uint32_t)r & 0xFF) << 8);
    } else {
        ix_rset(x, IX_EAX, in->size, (uint32_t)q);
        ix_rset(x, IX_EDX, in->size, (uint32_t)r);
    }
    return next(x, in);
}
