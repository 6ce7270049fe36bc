/* Jumps, calls, returns, interrupts and HLT: each ends its block, as in
 * QEMU 5.0 (real mode: helper_lcall_real, helper_iret_real). A 16-bit
 * operand size keeps EIP to 16 bits. */
#include "cpu/interp_impl.h"

#define IRET_MASK16 (IX_TF | IX_IF | 0x3000u | 0x4000u)             /* TF IF IOPL NT */
#define IRET_MASK32 (IRET_MASK16 | 0x10000u | 0x40000u | 0x200000u) /* RF AC ID */
#define VEC_BREAKPOINT 3
#define VEC_OVERFLOW 4

static uint32_t next_eip(const struct ix *x, const struct ix_insn *in)
{
    return x->s.eip + in->len;
}

static uint32_t ip_mask(unsigned size)
{
    return size == 4 ? 0xFFFFFFFFu : 0xFFFFu;
}

static void jump(struct ix *x, const struct ix_insn *in, uint32_t target)
{
    x->s.eip = target & ip_mask(in->size);
}

static uint32_t rel_target(const struct ix *x, const struct ix_insn *in)
{
    return next_eip(x, in) + in->imm;
}

int ix_h_jcc(struct ix *x, const struct ix_insn *in)
{
    uint32_t from = x->s.base[IX_CS] + x->s.eip;
    if (ix_cond(x, in->op))
        jump(x, in, rel_target(x, in));
    else
        x->s.eip = next_eip(x, in);
    ix_jumped(x, from);
    return IX_RC_NEXT;
}

int ix_h_jmp_rel(struct ix *x, const struct ix_insn *in)
{
    uint32_t from = x->s.base[IX_CS] + x->s.eip;
    jump(x, in, rel_target(x, in));
    ix_jumped(x, from);
    return IX_RC_NEXT;
}

int ix_h_call_rel(struct ix *x, const struct ix_insn *in)
{
    uint32_t from = x->s.base[IX_CS] + x->s.eip;
    if (!ix_push(x, in->size, next_eip(x, in)))
        return IX_RC_SMC;
    jump(x, in, rel_target(x, in));
    ix_jumped(x, from);
    return IX_RC_NEXT;
}

/* LOOP: the count register is CX or ECX by the address size. (LOOPNE
 * and LOOPE are Unicorn's: cpu/interp_decode.c.) */
int ix_h_loop(struct ix *x, const struct ix_insn *in)
{
    unsigned asize = in->a32 ? 4 : 2;
    uint32_t cx = (ix_rget(x, IX_ECX, asize) - 1) & ix_size_mask(asize);
    ix_rset(x, IX_ECX, asize, cx);
    if (cx != 0)
        jump(x, in, rel_target(x, in));
    else
        x->s.eip = next_eip(x, in);
    return IX_RC_NEXT;
}

int ix_h_jcxz(struct ix *x, const struct ix_insn *in)
{
    if (ix_rget(x, IX_ECX, in->a32 ? 4 : 2) == 0)
        jump(x, in, rel_target(x, in));
    else
        x->s.eip = next_eip(x, in);
    return IX_RC_NEXT;
}

/* FF /2 and FF /4: the target is read at the operand size. */
int ix_h_call_rm(struct ix *x, const struct ix_insn *in)
{
    uint32_t target = ix_rm_get(x, in);
    if (x->faulted)
        return IX_RC_NEXT; /* (nothing pushed, as in QEMU) */
    if (!ix_push(x, in->size, next_eip(x, in)))
        return IX_RC_SMC;
    x->s.eip = target;
    return IX_RC_NEXT;
}

int ix_h_jmp_rm(struct ix *x, const struct ix_insn *in)
{
    x->s.eip = ix_rm_get(x, in);
    return IX_RC_NEXT;
}

static void far_jump(struct ix *x, uint16_t cs, uint32_t eip)
{
    ix_load_seg(x, IX_CS, cs);
    x->s.eip = eip;
}

/* helper_lcall_real: push CS, then the return offset, within the 64 KiB stack. */
static int far_call(struct ix *x, const struct ix_insn *in, uint16_t cs, uint32_t eip)
{
    unsigned size = in->size;
    uint32_t sp = x->s.r[IX_ESP] - size;
    if (!ix_st(x, ix_sp_lin(x, sp), size, x->s.sel[IX_CS]))
        return IX_RC_SMC;
    sp -= size;
    if (!ix_st(x, ix_sp_lin(x, sp), size, next_eip(x, in)))
        return IX_RC_SMC;
    ix_set_sp(x, sp);
    far_jump(x, cs, eip);
    return IX_RC_NEXT;
}

int ix_h_jmp_far(struct ix *x, const struct ix_insn *in)
{
    far_jump(x, in->imm2, in->imm);
    return IX_RC_NEXT;
}

int ix_h_call_far(struct ix *x, const struct ix_insn *in)
{
    return far_call(x, in, in->imm2, in->imm);
}

/* FF /3 and FF /5: offset, then the selector right after it (linear). */
int ix_h_callf_rm(struct ix *x, const struct ix_insn *in)
{
    uint32_t lin = ix_ea(x, in);
    uint32_t eip = ix_ld(x, lin, in->size);
    uint16_t cs = (uint16_t)ix_ld(x, lin + in->size, 2);
    if (x->faulted)
        return IX_RC_NEXT; /* (nothing pushed, CS as it was) */
    return far_call(x, in, cs, eip);
}

int ix_h_jmpf_rm(struct ix *x, const struct ix_insn *in)
{
    uint32_t lin = ix_ea(x, in);
    uint32_t eip = ix_ld(x, lin, in->size);
    uint16_t cs = (uint16_t)ix_ld(x, lin + in->size, 2);
    if (!x->faulted)
        far_jump(x, cs, eip);
    return IX_RC_NEXT;
}

/* RET [imm16] (C2, C3). */
int ix_h_ret(struct ix *x, const struct ix_insn *in)
{
    uint32_t eip = ix_pop_peek(x, in->size, 0);
    ix_set_sp(x, x->s.r[IX_ESP] + (in->imm & 0xFFFF) + in->size);
    x->s.eip = eip;
    return IX_RC_NEXT;
}

/* RETF [imm16] (CA, CB): the selector is read right after the offset
 * (linear, no 64 KiB wrap, as QEMU's gen_add_A0_im). */
int ix_h_retf(struct ix *x, const struct ix_insn *in)
{
    uint32_t lin = ix_sp_lin(x, x->s.r[IX_ESP]);
    uint32_t eip = ix_ld(x, lin, in->size);
    uint16_t cs = (uint16_t)ix_ld(x, lin + in->size, in->size);
    far_jump(x, cs, eip);
    ix_set_sp(x, x->s.r[IX_ESP] + (in->imm & 0xFFFF) + 2 * in->size);
    return IX_RC_NEXT;
}

int ix_h_iret(struct ix *x, const struct ix_insn *in)
{
    unsigned size = in->size;
    uint32_t eip = ix_pop_peek(x, size, 0);
    uint16_t cs = (uint16_t)ix_pop_peek(x, size, size);
    uint32_t fl = ix_pop_peek(x, size, 2 * size);
    uint32_t mask = size == 2 ? IRET_MASK16 : IRET_MASK32;
    ix_set_sp(x, x->s.r[IX_ESP] + 3 * size);
    far_jump(x, cs, eip);
    x->s.cc_src = fl & IX_FLAGS_CC;
    x->s.cc_op = IX_CC_EFLAGS;
    x->cc_known = true;
    x->s.df = (fl & IX_DF) ? -1 : 1;
    x->s.eflags = ((x->s.eflags & ~mask) | (fl & mask) | IX_FLAGS_FIXED) &
                  ~(uint32_t)(IX_FLAGS_CC | IX_DF);
    return IX_RC_NEXT;
}

/* INT n, INT3, INTO: the hook sees EIP after the instruction. */
int ix_h_int(struct ix *x, const struct ix_insn *in)
{
    return ix_raise(x, in->imm & 0xFF, next_eip(x, in));
}

int ix_h_int3(struct ix *x, const struct ix_insn *in)
{
    return ix_raise(x, VEC_BREAKPOINT, next_eip(x, in));
}

/* INTO does not end the block when OF is clear. */
int ix_h_into(struct ix *x, const struct ix_insn *in)
{
    x->synced_eip = x->s.eip; /* gen_jmp_im(pc_start) before the helper */
    if (ix_cc_all(&x->s) & IX_OF)
        return ix_raise(x, VEC_OVERFLOW, next_eip(x, in));
    x->s.eip = next_eip(x, in);
    return IX_RC_NEXT;
}

int ix_h_hlt(struct ix *x, const struct ix_insn *in)
{
    x->s.eip = next_eip(x, in);
    return IX_RC_HALT;
}
