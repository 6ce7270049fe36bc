/* Private to the interpreter (cpu/interp*.c): its state, register and
 * memory access, lazy flags. */
#ifndef UNIDOS_CPU_INTERP_IMPL_H
#define UNIDOS_CPU_INTERP_IMPL_H

#include <string.h>

#include "cpu/interp.h"

/* Handler results: 0 goes on with the next instruction of the block. */
enum {
    IX_RC_NEXT = 0,
    IX_RC_END, /* leave the block (an exception was delivered) */
    IX_RC_SMC, /* a store hit the running block: rerun as one instruction */
    IX_RC_HALT,
    IX_RC_FAULT,
};

struct ix {
    struct ix_state s;
    uint8_t *ram; /* conventional memory then the HMA (bus/mem) */
    struct mem *mem;
    struct io *io;
    struct ix_ops ops;
    uint32_t blk_lo, blk_hi; /* bytes of the running block */
    bool cc_known;           /* QEMU's translator knows cc_op (set in this block) */
    uint32_t cc_dst_env;     /* CC_DST as QEMU last wrote it back (see ix_cc_collapse) */
    uint32_t synced_eip;     /* the EIP QEMU last stored to the CPU state in this block */
    uint32_t tb_lin;         /* where the running block starts (linear) */
    bool chained;            /* the block left by a direct jump QEMU chains (goto_tb) */
    bool shadow;             /* running an interrupt-shadow block */
    bool faulted;
    char fault[120];
    uint8_t *code_bits; /* bit per byte: translated by Unicorn */
    uint8_t *code_any;  /* byte per 256 bytes: some bit set */
};

#define IX_CODE_GRAIN_SHIFT 6
#define IX_PAGE_SHIFT 12 /* QEMU's TARGET_PAGE_BITS */

/* ---- registers ---- */

static inline uint32_t ix_size_mask(unsigned size)
{
    return size == 4 ? 0xFFFFFFFFu : (1u << (size * 8)) - 1;
}

/* Register n of the given size (8-bit: AL CL DL BL AH CH DH BH). */
static inline uint32_t ix_rget(const struct ix *x, unsigned n, unsigned size)
{
    if (size == 1)
        return n < 4 ? (uint8_t)x->s.r[n] : (uint8_t)(x->s.r[n - 4] >> 8);
    return size == 2 ? (uint16_t)x->s.r[n] : x->s.r[n];
}

/* A register operand as QEMU's translator loads it into a temporary
 * (gen_op_mov_v_reg): the whole register, AH..BH taken out as a byte. The
 * lazy flags keep values computed from it whole; the flags look only at
 * the operation's size, but a cc_op of another size that LOOPcc's exit
 * leaves (ix_h_loop) can look at more of them. */
static inline uint32_t ix_rget_whole(const struct ix *x, unsigned n, unsigned size)
{
    return size == 1 && n >= 4 ? (uint8_t)(x->s.r[n - 4] >> 8) : x->s.r[n];
}

static inline void ix_rset(struct ix *x, unsigned n, unsigned size, uint32_t v)
{
    if (size == 4) {
        x->s.r[n] = v;
    } else if (size == 2) {
        x->s.r[n] = (x->s.r[n] & 0xFFFF0000u) | (uint16_t)v;
    } else if (n < 4) {
        x->s.r[n] = (x->s.r[n] & 0xFFFFFF00u) | (uint8_t)v;
    } else {
        x->s.r[n - 4] = (x->s.r[n - 4] & 0xFFFF00FFu) | (uint32_t)(uint8_t)v << 8;
    }
}

/* Load a segment register the real-mode way (QEMU's gen_op_movl_seg_T0_vm). */
static inline void ix_load_seg(struct ix *x, unsigned seg, uint16_t sel)
{
    x->s.sel[seg] = sel;
    x->s.base[seg] = (uint32_t)sel << 4;
}

/* ---- the translator's view of cc_op ---- */

/* QEMU's translator knows cc_op once an instruction of the block set it;
 * before that (and after a shift by CL) it is CC_OP_DYNAMIC. */
static inline uint32_t ix_cc_translator_op(const struct ix *x)
{
    return x->cc_known ? x->s.cc_op : IX_CC_DYNAMIC;
}

/* ---- memory ---- */

uint32_t ix_load_slow(struct ix *x, uint32_t lin, unsigned size);
bool ix_store_slow(struct ix *x, uint32_t lin, unsigned size, uint32_t v);

static inline uint32_t ix_ld(struct ix *x, uint32_t lin, unsigned size)
{
    x->cc_dst_env = x->s.cc_dst; /* TCG writes globals back before a load or store */
    if (lin + size <= MEM_VIDEO_LIN && lin + size > lin) {
        const uint8_t *p = x->ram + lin;
        if (size == 1)
            return *p;
        if (size == 2)
            return (uint32_t)p[0] | (uint32_t)p[1] << 8;
        uint32_t v;
        memcpy(&v, p, 4);
        return v;
    }
    return ix_load_slow(x, lin, size);
}

/* Stores return false when the instruction must stop there (its own
 * block's code was hit, or the access faulted). After a fault nothing is
 * stored (QEMU leaves the instruction at the faulting access). */
static inline bool ix_st(struct ix *x, uint32_t lin, unsigned size, uint32_t v)
{
    x->cc_dst_env = x->s.cc_dst;
    uint32_t end = lin + size;
    if (end <= MEM_VIDEO_LIN && end > lin && !x->faulted &&
        (lin >= x->blk_hi || end <= x->blk_lo) &&
        !(x->code_any[lin >> IX_CODE_GRAIN_SHIFT] |
          x->code_any[(end - 1) >> IX_CODE_GRAIN_SHIFT])) {
        uint8_t *p = x->ram + lin;
        if (size == 1)
            *p = (uint8_t)v;
        else if (size == 2)
            p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8);
        else
            memcpy(p, &v, 4);
        return true;
    }
    return ix_store_slow(x, lin, size, v);
}

/* ---- addressing ---- */

static inline uint32_t ix_ea_off(const struct ix *x, const struct ix_insn *in)
{
    uint32_t off = in->disp;
    if (in->base != IX_NOREG)
        off += x->s.r[in->base];
    if (in->index != IX_NOREG)
        off += x->s.r[in->index] << in->scale;
    return in->a32 ? off : (uint16_t)off;
}

static inline uint32_t ix_ea(const struct ix *x, const struct ix_insn *in)
{
    return x->s.base[in->seg] + ix_ea_off(x, in);
}

/* The r/m operand. */
static inline uint32_t ix_rm_get(struct ix *x, const struct ix_insn *in)
{
    return in->mem ? ix_ld(x, ix_ea(x, in), in->size) : ix_rget(x, in->rm, in->size);
}

/* The r/m operand as QEMU's temporary holds it (ix_rget_whole; a load
 * is zero-extended). */
static inline uint32_t ix_rm_get_whole(struct ix *x, const struct ix_insn *in)
{
    return in->mem ? ix_ld(x, ix_ea(x, in), in->size) : ix_rget_whole(x, in->rm, in->size);
}

static inline bool ix_rm_put(struct ix *x, const struct ix_insn *in, uint32_t lin, uint32_t v)
{
    if (in->mem)
        return ix_st(x, lin, in->size, v);
    ix_rset(x, in->rm, in->size, v);
    return true;
}

/* ---- the stack (16-bit: SS's D bit is clear in real mode) ---- */

static inline uint32_t ix_sp_lin(const struct ix *x, uint32_t sp)
{
    return x->s.base[IX_SS] + (uint16_t)sp;
}

static inline void ix_set_sp(struct ix *x, uint32_t sp)
{
    ix_rset(x, IX_ESP, 2, sp);
}

/* Push without moving SP yet: the store first, as QEMU does. */
static inline bool ix_push(struct ix *x, unsigned size, uint32_t v)
{
    uint32_t sp = x->s.r[IX_ESP] - size;
    if (!ix_st(x, ix_sp_lin(x, sp), size, v))
        return false;
    ix_set_sp(x, sp);
    return true;
}

static inline uint32_t ix_pop_peek(struct ix *x, unsigned size, unsigned at)
{
    return ix_ld(x, ix_sp_lin(x, x->s.r[IX_ESP] + at), size);
}

/* ---- lazy flags (cpu/interp_flags.c) ---- */

uint32_t ix_cc_all(const struct ix_state *s);

/* QEMU writes only the fields the operation uses: after AND, OR, XOR,
 * TEST, BSF, AAM... (CC_OP_LOGIC, src unused) cc_src keeps what it held,
 * which a cc_op left over by LOOPcc's exit (ix_h_loop) can read. */
static inline void ix_cc_set(struct ix *x, unsigned op, unsigned size, uint32_t dst,
                             uint32_t src)
{
    x->s.cc_op = op + (size == 4 ? 2 : size - 1);
    x->s.cc_dst = dst;
    if (op != IX_CC_LOGIC)
        x->s.cc_src = src;
    x->cc_known = true;
}

/* gen_compute_eflags: the lazy state becomes CC_OP_EFLAGS. QEMU discards
 * CC_DST then (cc_compute_all writes nothing back), so the CPU state keeps
 * the CC_DST of its last write-back: at the last load or store, or the
 * block's start. Dead to the flags, that value shows only when a store
 * into the running block makes QEMU put an earlier cc_op back
 * (tests/lockstep/regress/rcl-restart-after-interp.txt). */
static inline void ix_cc_collapse(struct ix *x)
{
    if (x->s.cc_op != IX_CC_EFLAGS) {
        x->s.cc_src = ix_cc_all(&x->s);
        x->s.cc_op = IX_CC_EFLAGS;
        x->s.cc_dst = x->cc_dst_env;
    }
    x->cc_known = true;
}

uint32_t ix_carry(const struct ix_state *s);

/* The carry ADC, SBB, INC, DEC and SALC take (see ix_carry). */
static inline uint32_t ix_cf(struct ix *x)
{
    return ix_carry(&x->s);
}

/* Condition code n (the low nibble of Jcc), with QEMU's side effects on
 * the lazy state. */
bool ix_cond(struct ix *x, unsigned n);

/* A direct jump (Jcc, JMP rel, CALL rel) from the instruction at `from`
 * (linear) has set EIP: QEMU's gen_goto_tb chains the blocks without the
 * end-of-block code (which clears RF) when the target is on the block's
 * page or the jump's, unless the block is an interrupt shadow's (jmp_opt
 * off; with TF set Unicorn runs the code). */
static inline void ix_jumped(struct ix *x, uint32_t from)
{
    uint32_t to = x->s.base[IX_CS] + x->s.eip;
    bool near = (to >> IX_PAGE_SHIFT) == (x->tb_lin >> IX_PAGE_SHIFT) ||
                (to >> IX_PAGE_SHIFT) == (from >> IX_PAGE_SHIFT);
    x->chained = near && !x->shadow;
}

/* Deliver INT n / an exception: eip as the hook would see it. */
static inline int ix_raise(struct ix *x, unsigned vec, uint32_t eip)
{
    x->s.eip = eip;
    x->ops.intr(x->ops.ctx, vec);
    return IX_RC_END;
}

/* The handler tables (cpu/interp_decode.c looks them up). */
extern ix_fn ix_h_alu_rm_r, ix_h_alu_r_rm, ix_h_alu_rm_imm, ix_h_xor_zero, ix_h_test_rm_r,
    ix_h_test_rm_imm, ix_h_inc_dec, ix_h_inc_dec_reg, ix_h_not, ix_h_neg, ix_h_mul, ix_h_imul1,
    ix_h_imul3, ix_h_div, ix_h_idiv, ix_h_shift, ix_h_daa, ix_h_das, ix_h_aaa, ix_h_aas,
    ix_h_aam, ix_h_aad, ix_h_salc, ix_h_cbw, ix_h_cwd, ix_h_bt, ix_h_bsf_bsr, ix_h_setcc,
    ix_h_cmovcc, ix_h_clc_stc_cmc, ix_h_sahf, ix_h_lahf;
extern ix_fn ix_h_mov_rm_r, ix_h_mov_r_rm, ix_h_mov_rm_imm, ix_h_mov_r_imm, ix_h_mov_moffs,
    ix_h_mov_rm_seg, ix_h_mov_seg_rm, ix_h_lea, ix_h_xchg, ix_h_xchg_acc, ix_h_movx, ix_h_lxs,
    ix_h_push_reg, ix_h_pop_reg, ix_h_push_seg, ix_h_pop_seg, ix_h_push_imm, ix_h_push_rm,
    ix_h_pop_rm, ix_h_pusha, ix_h_popa, ix_h_pushf, ix_h_popf, ix_h_enter, ix_h_leave,
    ix_h_xlat, ix_h_bswap, ix_h_nop, ix_h_flag_bit, ix_h_in, ix_h_out;
extern ix_fn ix_h_jcc, ix_h_jmp_rel, ix_h_call_rel, ix_h_jmp_far, ix_h_call_far, ix_h_jmp_rm,
    ix_h_call_rm, ix_h_jmpf_rm, ix_h_callf_rm, ix_h_ret, ix_h_retf, ix_h_iret, ix_h_int,
    ix_h_int3, ix_h_into, ix_h_loop, ix_h_jcxz, ix_h_hlt;
extern ix_fn ix_h_movs, ix_h_stos, ix_h_lods, ix_h_cmps, ix_h_scas;

#endif
