/* Moves, exchanges, segment loads and the stack, in QEMU 5.0's order of
 * loads, stores and register writes (gen_push_v, gen_pop_T0, gen_pusha,
 * gen_enter, gen_leave, helper_write_eflags). The stack is 16-bit (real
 * mode): addresses are SS base + SP, SP wraps in 64 KiB. */
#include "cpu/interp_impl.h"

#define EFLAGS_TF 0x00000100u
#define EFLAGS_IF 0x00000200u
#define EFLAGS_IOPL 0x00003000u
#define EFLAGS_NT 0x00004000u
#define EFLAGS_RF 0x00010000u
#define EFLAGS_VM 0x00020000u
#define EFLAGS_AC 0x00040000u
#define EFLAGS_ID 0x00200000u
#define POPF_MASK (EFLAGS_TF | EFLAGS_AC | EFLAGS_ID | EFLAGS_NT | EFLAGS_IF | EFLAGS_IOPL)

static int next(struct ix *x, const struct ix_insn *in)
{
    x->s.eip += in->len;
    return IX_RC_NEXT;
}

int ix_h_mov_rm_r(struct ix *x, const struct ix_insn *in)
{
    uint32_t v = ix_rget(x, in->reg, in->size);
    if (!in->mem) {
        ix_rset(x, in->rm, in->size, v);
    } else if (!ix_st(x, ix_ea(x, in), in->size, v)) {
        return IX_RC_SMC;
    }
    return next(x, in);
}

int ix_h_mov_r_rm(struct ix *x, const struct ix_insn *in)
{
    ix_rset(x, in->reg, in->size, ix_rm_get(x, in));
    return next(x, in);
}

int ix_h_mov_rm_imm(struct ix *x, const struct ix_insn *in)
{
    uint32_t lin = in->mem ? ix_ea(x, in) : 0;
    if (!ix_rm_put(x, in, lin, in->imm))
        return IX_RC_SMC;
    return next(x, in);
}

/* B0-BF: the register is in the opcode. */
int ix_h_mov_r_imm(struct ix *x, const struct ix_insn *in)
{
    ix_rset(x, in->reg, in->size, in->imm);
    return next(x, in);
}

/* A0-A3: op 0 loads the accumulator, op 1 stores it. */
int ix_h_mov_moffs(struct ix *x, const struct ix_insn *in)
{
    uint32_t lin = x->s.base[in->seg] + (in->a32 ? in->disp : (uint16_t)in->disp);
    if (!in->op) {
        ix_rset(x, IX_EAX, in->size, ix_ld(x, lin, in->size));
    } else if (!ix_st(x, lin, in->size, ix_rget(x, IX_EAX, in->size))) {
        return IX_RC_SMC;
    }
    return next(x, in);
}

/* 8C: a register gets the selector at the operand size, memory 16 bits. */
int ix_h_mov_rm_seg(struct ix *x, const struct ix_insn *in)
{
    uint32_t v = x->s.sel[in->reg];
    if (!in->mem) {
        ix_rset(x, in->rm, in->size, v);
    } else if (!ix_st(x, ix_ea(x, in), 2, v)) {
        return IX_RC_SMC;
    }
    return next(x, in);
}

/* 8E: MOV SS ends the block with an interrupt shadow (the decoder's doing). */
int ix_h_mov_seg_rm(struct ix *x, const struct ix_insn *in)
{
    ix_load_seg(x, in->reg, (uint16_t)ix_rm_get(x, in));
    return next(x, in);
}

int ix_h_lea(struct ix *x, const struct ix_insn *in)
{
    ix_rset(x, in->reg, in->size, ix_ea_off(x, in));
    return next(x, in);
}

int ix_h_xchg(struct ix *x, const struct ix_insn *in)
{
    uint32_t v = ix_rget(x, in->reg, in->size);
    if (!in->mem) {
        ix_rset(x, in->reg, in->size, ix_rget(x, in->rm, in->size));
        ix_rset(x, in->rm, in->size, v);
        return next(x, in);
    }
    uint32_t lin = ix_ea(x, in), old = ix_ld(x, lin, in->size);
    if (!ix_st(x, lin, in->size, v))
        return IX_RC_SMC;
    ix_rset(x, in->reg, in->size, old);
    return next(x, in);
}

/* 91-97 */
int ix_h_xchg_acc(struct ix *x, const struct ix_insn *in)
{
    uint32_t v = ix_rget(x, in->reg, in->size);
    ix_rset(x, in->reg, in->size, ix_rget(x, IX_EAX, in->size));
    ix_rset(x, IX_EAX, in->size, v);
    return next(x, in);
}

/* MOVZX/MOVSX (op 0/1): in->size is the source size. */
int ix_h_movx(struct ix *x, const struct ix_insn *in)
{
    uint32_t v = ix_rm_get(x, in);
    if (in->op)
        v = in->size == 1 ? (uint32_t)(int32_t)(int8_t)v : (uint32_t)(int32_t)(int16_t)v;
    ix_rset(x, in->reg, in->osize, v);
    return next(x, in);
}

/* LES, LDS, LSS, LFS, LGS: offset, then the selector after it; the
 * segment is loaded before the register. */
int ix_h_lxs(struct ix *x, const struct ix_insn *in)
{
    uint32_t lin = ix_ea(x, in);
    uint32_t off = ix_ld(x, lin, in->size);
    uint16_t sel = (uint16_t)ix_ld(x, lin + in->size, 2);
    ix_load_seg(x, in->op, sel);
    ix_rset(x, in->reg, in->size, off);
    return next(x, in);
}

/* ---- the stack ---- */

int ix_h_push_reg(struct ix *x, const struct ix_insn *in)
{
    if (!ix_push(x, in->size, ix_rget(x, in->reg, in->size)))
        return IX_RC_SMC;
    return next(x, in);
}

int ix_h_pop_reg(struct ix *x, const struct ix_insn *in)
{
    uint32_t v = ix_pop_peek(x, in->size, 0);
    ix_set_sp(x, x->s.r[IX_ESP] + in->size);
    ix_rset(x, in->reg, in->size, v);
    return next(x, in);
}

int ix_h_push_seg(struct ix *x, const struct ix_insn *in)
{
    if (!ix_push(x, in->size, x->s.sel[in->op]))
        return IX_RC_SMC;
    return next(x, in);
}

/* POP SS ends the block with a shadow (decoder). */
int ix_h_pop_seg(struct ix *x, const struct ix_insn *in)
{
    uint32_t v = ix_pop_peek(x, in->size, 0);
    ix_load_seg(x, in->op, (uint16_t)v);
    ix_set_sp(x, x->s.r[IX_ESP] + in->size);
    return next(x, in);
}

int ix_h_push_imm(struct ix *x, const struct ix_insn *in)
{
    if (!ix_push(x, in->size, in->imm))
        return IX_RC_SMC;
    return next(x, in);
}

/* QEMU loads the operand first: a load that faults pushes nothing. */
int ix_h_push_rm(struct ix *x, const struct ix_insn *in)
{
    uint32_t v = ix_rm_get(x, in);
    if (x->faulted)
        return IX_RC_NEXT;
    if (!ix_push(x, in->size, v))
        return IX_RC_SMC;
    return next(x, in);
}

/* 8F /0: the address is formed as if SP had already moved (QEMU's
 * popl_esp_hack), the store comes before SP moves. */
int ix_h_pop_rm(struct ix *x, const struct ix_insn *in)
{
    uint32_t v = ix_pop_peek(x, in->size, 0);
    if (!in->mem) {
        ix_set_sp(x, x->s.r[IX_ESP] + in->size);
        ix_rset(x, in->rm, in->size, v);
        return next(x, in);
    }
    struct ix_insn adj = *in;
    if (in->a32 && in->base == IX_ESP)
        adj.disp += in->size;
    if (!ix_st(x, ix_ea(x, &adj), in->size, v))
        return IX_RC_SMC;
    ix_set_sp(x, x->s.r[IX_ESP] + in->size);
    return next(x, in);
}

int ix_h_pusha(struct ix *x, const struct ix_insn *in)
{
    unsigned size = in->size;
    for (unsigned i = 0; i < IX_NREG; i++) {
        uint32_t sp = x->s.r[IX_ESP] + (uint32_t)((int)i - IX_NREG) * size;
        if (!ix_st(x, ix_sp_lin(x, sp), size, ix_rget(x, IX_NREG - 1 - i, size)))
            return IX_RC_SMC;
    }
    ix_set_sp(x, x->s.r[IX_ESP] - IX_NREG * size);
    return next(x, in);
}

int ix_h_popa(struct ix *x, const struct ix_insn *in)
{
    unsigned size = in->size;
    for (unsigned i = 0; i < IX_NREG; i++) {
        unsigned reg = IX_NREG - 1 - i;
        if (reg == IX_ESP)
            continue;
        ix_rset(x, reg, size, ix_pop_peek(x, size, i * size));
    }
    ix_set_sp(x, x->s.r[IX_ESP] + IX_NREG * size);
    return next(x, in);
}

int ix_h_pushf(struct ix *x, const struct ix_insn *in)
{
    uint32_t f = ix_flags(&x->s) & ~(EFLAGS_VM | EFLAGS_RF);
    if (!ix_push(x, in->size, f))
        return IX_RC_SMC;
    return next(x, in);
}

/* POPF ends the block (TF or IF may have changed). */
int ix_h_popf(struct ix *x, const struct ix_insn *in)
{
    uint32_t v = ix_pop_peek(x, in->size, 0);
    uint32_t mask = in->size == 2 ? POPF_MASK & 0xFFFF : POPF_MASK;
    x->s.cc_src = v & IX_FLAGS_CC;
    x->s.cc_op = IX_CC_EFLAGS;
    x->cc_known = true;
    x->s.df = (v & IX_DF) ? -1 : 1;
    x->s.eflags = ((x->s.eflags & ~mask) | (v & mask) | IX_FLAGS_FIXED) &
                  ~(uint32_t)(IX_FLAGS_CC | IX_DF);
    ix_set_sp(x, x->s.r[IX_ESP] + in->size);
    return next(x, in);
}

/* ENTER imm16, imm8 (gen_enter): the frame pointer is written 16 bits wide
 * (the stack's size) whatever the operand size. */
int ix_h_enter(struct ix *x, const struct ix_insn *in)
{
    unsigned size = in->size, level = in->imm2 & 31;
    uint32_t t1 = x->s.r[IX_ESP] - size;
    if (!ix_st(x, ix_sp_lin(x, t1), size, ix_rget(x, IX_EBP, size)))
        return IX_RC_SMC;
    if (level) {
        for (unsigned i = 1; i < level; i++) {
            uint32_t v = ix_ld(x, ix_sp_lin(x, x->s.r[IX_EBP] - size * i), size);
            if (!ix_st(x, ix_sp_lin(x, t1 - size * i), size, v))
                return IX_RC_SMC;
        }
        if (!ix_st(x, ix_sp_lin(x, t1 - size * level), size, t1))
            return IX_RC_SMC;
    }
    ix_rset(x, IX_EBP, 2, t1);
    ix_set_sp(x, t1 - (in->imm & 0xFFFF) - size * level);
    return next(x, in);
}

int ix_h_leave(struct ix *x, const struct ix_insn *in)
{
    uint32_t bp = x->s.r[IX_EBP];
    uint32_t v = ix_ld(x, ix_sp_lin(x, bp), in->size);
    ix_rset(x, IX_EBP, in->size, v);
    ix_set_sp(x, bp + in->size);
    return next(x, in);
}
