/* String instructions. With a REP prefix QEMU ends the block after each
 * iteration and jumps back to the instruction itself (gen_repz_*): one
 * iteration per block here too, and one more block that sees a count of 0.
 * REPE/REPNE CMPS/SCAS leave as soon as ZF says so. In an interrupt-shadow
 * block QEMU also leaves when the count reaches 0 (repz_opt). */
#include "cpu/interp_impl.h"

static unsigned asize(const struct ix_insn *in)
{
    return in->a32 ? 4 : 2;
}

static uint32_t si_lin(const struct ix *x, const struct ix_insn *in)
{
    return x->s.base[in->seg] + ix_rget(x, IX_ESI, asize(in));
}

static uint32_t di_lin(const struct ix *x, const struct ix_insn *in)
{
    return x->s.base[IX_ES] + ix_rget(x, IX_EDI, asize(in));
}

static void advance(struct ix *x, const struct ix_insn *in, unsigned reg)
{
    uint32_t step = (uint32_t)(x->s.df * (int32_t)in->size);
    ix_rset(x, reg, asize(in), x->s.r[reg] + step);
}

/* Before an iteration: false when a REP instruction finds its count at 0
 * (EIP then moves past it). */
static bool rep_go(struct ix *x, const struct ix_insn *in)
{
    if (!in->rep || ix_rget(x, IX_ECX, asize(in)) != 0)
        return true;
    x->s.eip += in->len;
    return false;
}

/* After an iteration: EIP stays on a REP instruction until it is done. */
static int rep_done(struct ix *x, const struct ix_insn *in, bool compares)
{
    if (!in->rep) {
        x->s.eip += in->len;
        return IX_RC_NEXT;
    }
    uint32_t cx = (ix_rget(x, IX_ECX, asize(in)) - 1) & ix_size_mask(asize(in));
    ix_rset(x, IX_ECX, asize(in), cx);
    /* REPNE leaves on ZF set (JZ), REPE on ZF clear (JNZ). */
    if (compares && ix_cond(x, 0x4 | (in->rep == 0xF3)))
        x->s.eip += in->len;
    else if (x->shadow && cx == 0)
        x->s.eip += in->len;
    return IX_RC_NEXT;
}

int ix_h_movs(struct ix *x, const struct ix_insn *in)
{
    if (!rep_go(x, in))
        return IX_RC_NEXT;
    uint32_t v = ix_ld(x, si_lin(x, in), in->size);
    if (x->faulted)
        return IX_RC_NEXT; /* a source that faults stores nothing */
    if (!ix_st(x, di_lin(x, in), in->size, v))
        return IX_RC_SMC;
    advance(x, in, IX_ESI);
    advance(x, in, IX_EDI);
    return rep_done(x, in, false);
}

int ix_h_stos(struct ix *x, const struct ix_insn *in)
{
    if (!rep_go(x, in))
        return IX_RC_NEXT;
    if (!ix_st(x, di_lin(x, in), in->size, ix_rget(x, IX_EAX, in->size)))
        return IX_RC_SMC;
    advance(x, in, IX_EDI);
    return rep_done(x, in, false);
}

int ix_h_lods(struct ix *x, const struct ix_insn *in)
{
    if (!rep_go(x, in))
        return IX_RC_NEXT;
    ix_rset(x, IX_EAX, in->size, ix_ld(x, si_lin(x, in), in->size));
    advance(x, in, IX_ESI);
    return rep_done(x, in, false);
}

static void compare(struct ix *x, unsigned size, uint32_t a, uint32_t b)
{
    ix_cc_set(x, IX_CC_SUB, size, a - b, b);
}

int ix_h_scas(struct ix *x, const struct ix_insn *in)
{
    if (!rep_go(x, in))
        return IX_RC_NEXT;
    uint32_t m = ix_ld(x, di_lin(x, in), in->size);
    compare(x, in->size, ix_rget_whole(x, IX_EAX, in->size), m);
    advance(x, in, IX_EDI);
    return rep_done(x, in, true);
}

int ix_h_cmps(struct ix *x, const struct ix_insn *in)
{
    if (!rep_go(x, in))
        return IX_RC_NEXT;
    uint32_t d = ix_ld(x, di_lin(x, in), in->size);
    uint32_t s = ix_ld(x, si_lin(x, in), in->size);
    compare(x, in->size, s, d);
    advance(x, in, IX_ESI);
    advance(x, in, IX_EDI);
    return rep_done(x, in, true);
}
