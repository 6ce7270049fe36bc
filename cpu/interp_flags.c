/* Lazy flags as QEMU 5.0 computes them (target/i386/cc_helper_template.h),
 * and the condition codes with the same side effects on the lazy state as
 * QEMU's translator (gen_prepare_cc). Undefined flags come out as Unicorn
 * produces them because the same formulas produce them. */
#include "cpu/interp_impl.h"

static unsigned parity(uint32_t v)
{
    return (__builtin_popcount(v & 0xFF) & 1) ? 0 : IX_PF;
}

/* lshift(x, n): x << n, or x >> -n for negative n (QEMU's helper). */
static uint32_t lsh(uint32_t x, int n)
{
    return n >= 0 ? x << n : x >> -n;
}

struct cc_in {
    uint32_t dst, src1, src2; /* truncated to the operation's size */
    uint32_t mask, sign;
    int bits;
};

static uint32_t szp(const struct cc_in *c)
{
    return parity(c->dst) | (c->dst == 0 ? IX_ZF : 0) | (c->dst & c->sign ? IX_SF : 0);
}

static uint32_t of_bit(uint32_t v, int bits)
{
    return lsh(v, 12 - bits) & IX_OF;
}

static uint32_t cc_add(const struct cc_in *c)
{
    uint32_t src1 = c->src1, dst = c->dst, src2 = (dst - src1) & c->mask;
    return (dst < src1 ? IX_CF : 0) | szp(c) | ((dst ^ src1 ^ src2) & IX_AF) |
           of_bit((src1 ^ src2 ^ c->mask) & (src1 ^ dst), c->bits);
}

static uint32_t cc_adc(const struct cc_in *c)
{
    uint32_t src1 = c->src1, dst = c->dst, src3 = c->src2;
    uint32_t src2 = (dst - src1 - src3) & c->mask;
    uint32_t cf = src3 ? dst <= src1 : dst < src1;
    return (cf ? IX_CF : 0) | szp(c) | ((dst ^ src1 ^ src2) & IX_AF) |
           of_bit((src1 ^ src2 ^ c->mask) & (src1 ^ dst), c->bits);
}

static uint32_t cc_sub(const struct cc_in *c)
{
    uint32_t src2 = c->src1, dst = c->dst, src1 = (dst + src2) & c->mask;
    return (src1 < src2 ? IX_CF : 0) | szp(c) | ((dst ^ src1 ^ src2) & IX_AF) |
           of_bit((src1 ^ src2) & (src1 ^ dst), c->bits);
}

static uint32_t cc_sbb(const struct cc_in *c)
{
    uint32_t src2 = c->src1, dst = c->dst, src3 = c->src2;
    uint32_t src1 = (dst + src2 + src3) & c->mask;
    uint32_t cf = src3 ? src1 <= src2 : src1 < src2;
    return (cf ? IX_CF : 0) | szp(c) | ((dst ^ src1 ^ src2) & IX_AF) |
           of_bit((src1 ^ src2) & (src1 ^ dst), c->bits);
}

static uint32_t cc_logic(const struct cc_in *c)
{
    return szp(c);
}

/* INC/DEC keep the carry as QEMU's translator computed it (raw: after INC
 * it passes the previous CC_SRC on unchanged), and compute_all ORs it in. */
static uint32_t cc_inc(const struct cc_in *c)
{
    uint32_t src1 = (c->dst - 1) & c->mask;
    return c->src1 | szp(c) | ((c->dst ^ src1 ^ 1) & IX_AF) | (c->dst == c->sign ? IX_OF : 0);
}

static uint32_t cc_dec(const struct cc_in *c)
{
    uint32_t src1 = (c->dst + 1) & c->mask;
    return c->src1 | szp(c) | ((c->dst ^ src1 ^ 1) & IX_AF) |
           (c->dst == c->sign - 1 ? IX_OF : 0);
}

static uint32_t cc_shl(const struct cc_in *c)
{
    return ((c->src1 >> (c->bits - 1)) & IX_CF) | szp(c) | of_bit(c->src1 ^ c->dst, c->bits);
}

static uint32_t cc_sar(const struct cc_in *c)
{
    return (c->src1 & IX_CF) | szp(c) | of_bit(c->src1 ^ c->dst, c->bits);
}

/* compute_all_mul takes CC_SRC untruncated (target_long): src2 holds it. */
static uint32_t cc_mul(const struct cc_in *c)
{
    uint32_t cf = c->src2 != 0;
    return cf | szp(c) | (cf << 11);
}

static uint32_t cc_bmilg(const struct cc_in *c)
{
    uint32_t cf = c->src1 == 0;
    return cf | (c->dst == 0 ? IX_ZF : 0) | (c->dst & c->sign ? IX_SF : 0);
}

typedef uint32_t cc_fn(const struct cc_in *c);
static cc_fn *const k_sized[] = {cc_mul, cc_add, cc_adc, cc_sub, cc_sbb,  cc_logic,
                                 cc_inc, cc_dec, cc_shl, cc_sar, cc_bmilg};

uint32_t ix_cc_all(const struct ix_state *s)
{
    uint32_t op = s->cc_op;
    switch (op) {
    case IX_CC_EFLAGS:
        return s->cc_src;
    /* QEMU multiplies: CC_DST and CC_SRC2 are 0 or 1 after ADCX, ADOX or
     * a rotate; a cc_op left over another instruction's CC_DST (the lazy
     * state Unicorn hands over) shows its other bits too. */
    case IX_CC_ADCX:
        return (s->cc_src & ~IX_CF) | (s->cc_dst * IX_CF);
    case IX_CC_ADOX:
        return (s->cc_src & ~IX_OF) | (s->cc_src2 * IX_OF);
    case IX_CC_ADCOX:
        return (s->cc_src & ~(IX_CF | IX_OF)) | (s->cc_dst * IX_CF) | (s->cc_src2 * IX_OF);
    case IX_CC_CLR:
        return IX_ZF | IX_PF;
    case IX_CC_POPCNT:
        return s->cc_src ? 0 : IX_ZF;
    default:
        break;
    }
    if (op < IX_CC_MUL || op >= IX_CC_ADCX)
        return 0; /* CC_OP_DYNAMIC never reaches here */
    unsigned k = (op - IX_CC_MUL) / 4, sz = (op - IX_CC_MUL) % 4;
    int bits = sz == 0 ? 8 : sz == 1 ? 16 : 32;
    uint32_t mask = bits == 32 ? 0xFFFFFFFFu : (1u << bits) - 1;
    if (sz == 3)
        return 0; /* 64-bit forms: not in real mode */
    struct cc_in c = {s->cc_dst & mask,  s->cc_src & mask,
                      s->cc_src2 & mask, mask,
                      1u << (bits - 1),  bits};
    if (k == 0)
        c.src2 = s->cc_src; /* MUL: the whole high part */
    return k_sized[k](&c);
}

uint32_t ix_flags(const struct ix_state *s)
{
    return s->eflags | ix_cc_all(s) | (s->df < 0 ? IX_DF : 0) | IX_FLAGS_FIXED;
}

/* QEMU's cpu_load_eflags with an update mask of all bits. */
void ix_set_flags(struct ix_state *s, uint32_t eflags)
{
    s->cc_src = eflags & IX_FLAGS_CC;
    s->cc_op = IX_CC_EFLAGS;
    s->df = (eflags & IX_DF) ? -1 : 1;
    s->eflags = (eflags | IX_FLAGS_FIXED) & ~(IX_FLAGS_CC | IX_DF);
}

/* x86_cpu_exec_exit computes EFLAGS (cpu_compute_eflags) and
 * x86_cpu_exec_enter loads it back: CC_SRC keeps only the arithmetic
 * flags, and the other bits stay in EFLAGS. After INC/DEC the raw carry
 * that compute_all passes on can hold any bits (IF, IOPL, DF...), which
 * that round trip makes real flags. */
void ix_collapse(struct ix_state *s)
{
    ix_set_flags(s, ix_flags(s));
}

/* ---- conditions ---- */

enum { JCC_O, JCC_B, JCC_Z, JCC_BE, JCC_S, JCC_P, JCC_L, JCC_LE };

static bool is_sub(uint32_t op)
{
    return op >= IX_CC_SUB && op < IX_CC_SUB + 4;
}

/* Does QEMU's gen_prepare_cc compute all flags (CC_OP_EFLAGS) for this
 * condition, given what the translator knows about cc_op? */
static bool cond_collapses(const struct ix *x, unsigned jcc)
{
    uint32_t op = ix_cc_translator_op(x);
    if (is_sub(op) && (jcc == JCC_BE || jcc == JCC_L || jcc == JCC_LE))
        return false;
    switch (jcc) {
    case JCC_O:
        return !(op == IX_CC_ADOX || op == IX_CC_ADCOX || op == IX_CC_CLR ||
                 op == IX_CC_POPCNT);
    case JCC_B:
        return false;
    case JCC_Z:
    case JCC_S:
        return op == IX_CC_DYNAMIC;
    default: /* BE, P, L, LE */
        return true;
    }
}

static bool cond_value(uint32_t f, unsigned jcc)
{
    switch (jcc) {
    case JCC_O:
        return f & IX_OF;
    case JCC_B:
        return f & IX_CF;
    case JCC_Z:
        return f & IX_ZF;
    case JCC_BE:
        return f & (IX_CF | IX_ZF);
    case JCC_S:
        return f & IX_SF;
    case JCC_P:
        return f & IX_PF;
    case JCC_L:
        return !(f & IX_SF) != !(f & IX_OF);
    default:
        return (f & IX_ZF) || !(f & IX_SF) != !(f & IX_OF);
    }
}

/* The carry as gen_compute_eflags_c computes it: after INC/DEC the raw
 * CC_SRC, after ADCX/ADCOX the raw CC_DST, else 0 or 1. ADC, SBB, INC,
 * DEC and SALC use this value as it is. */
uint32_t ix_carry(const struct ix_state *s)
{
    if (s->cc_op >= IX_CC_INC && s->cc_op < IX_CC_SHL)
        return s->cc_src;
    if (s->cc_op == IX_CC_ADCX || s->cc_op == IX_CC_ADCOX)
        return s->cc_dst;
    return ix_cc_all(s) & IX_CF;
}

/* CMP/SUB then Jcc on Z, B or BE, straight from the operands (the common
 * case in compiled code). QEMU computes no flags for these after a SUB it
 * knows of, and none for B after any SUB. */
static int sub_cond(const struct ix_state *s, unsigned jcc)
{
    unsigned sz = s->cc_op - IX_CC_SUB;
    uint32_t m = sz == 0 ? 0xFFu : sz == 1 ? 0xFFFFu : 0xFFFFFFFFu;
    uint32_t dst = s->cc_dst & m, src = s->cc_src & m, a = (dst + src) & m;
    switch (jcc) {
    case JCC_Z:
        return dst == 0;
    case JCC_B:
        return a < src;
    case JCC_BE:
        return a <= src;
    default:
        return -1;
    }
}

bool ix_cond(struct ix *x, unsigned n)
{
    unsigned jcc = (n >> 1) & 7;
    if (is_sub(x->s.cc_op) && (x->cc_known || jcc == JCC_B)) {
        int v = sub_cond(&x->s, jcc);
        if (v >= 0)
            return v != (int)(n & 1);
    }
    if (cond_collapses(x, jcc))
        ix_cc_collapse(x);
    if (jcc == JCC_B)
        return (ix_carry(&x->s) != 0) != (n & 1);
    return cond_value(ix_cc_all(&x->s), jcc) != (n & 1);
}
