/* Decoding code into blocks that end where QEMU 5.0's x86 translator ends
 * its translation blocks in real mode (docs/tiers.md lists the rules).
 * Every opcode the interpreter runs is in these tables; anything else
 * makes the whole block "unsupported" and Unicorn runs it. */
#include "cpu/cpu.h"
#include "cpu/interp_impl.h"

#define X86_MAX_INSN_BYTES 15
#define VEC_INVALID_OPCODE 6
/* A TB also ends once it spans a page less 32 bytes (i386_tr_translate_insn). */
#define TB_MAX_SPAN (4096 - 32)

enum imm_kind {
    IMM_NONE,
    IMM_B,     /* 8 bits, zero-extended */
    IMM_BS,    /* 8 bits, sign-extended to the operand size */
    IMM_V,     /* 16 or 32 bits by the operand size */
    IMM_W,     /* 16 bits */
    IMM_ENTER, /* 16 bits, then 8 bits (imm2) */
    IMM_FAR,   /* offset (16/32 by operand size), then a segment (imm2) */
    IMM_MOFFS, /* an offset (16/32 by address size) into disp */
    IMM_REL8,  /* branch displacement, sign-extended */
    IMM_RELV,  /* branch displacement, 16 or 32 bits, sign-extended */
};

/* Operand forms. */
enum {
    F_MODRM = 1u << 0,
    F_BYTE = 1u << 1,     /* byte operands (else 16/32 by the prefix) */
    F_MEM_ONLY = 1u << 2, /* mod == 3 is invalid (#UD: left to Unicorn) */
    F_REG_ONLY = 1u << 3,
    F_STRING = 1u << 4, /* a REP prefix makes it a REP instruction */
    F_WORD = 1u << 5,   /* 16-bit operands whatever the prefix (MOVZX Ew, ...) */
};

struct op_desc {
    ix_fn *fn;
    uint8_t flags, imm, end, op;
    const struct op_desc *group; /* ModRM reg selects from 8 entries */
};

/* clang-format off */
#define D(h, f, i, e, o) {h, f, i, e, o, NULL}
#define G(tbl, f, i) {NULL, (f) | F_MODRM, i, IX_END_NONE, 0, tbl}
/* clang-format on */
#define ALU(o)                                                                                 \
    D(ix_h_alu_rm_r, F_MODRM | F_BYTE, IMM_NONE, 0, o),                                        \
        D(ix_h_alu_rm_r, F_MODRM, IMM_NONE, 0, o),                                             \
        D(ix_h_alu_r_rm, F_MODRM | F_BYTE, IMM_NONE, 0, o),                                    \
        D(ix_h_alu_r_rm, F_MODRM, IMM_NONE, 0, o), D(ix_h_alu_rm_imm, F_BYTE, IMM_B, 0, o),    \
        D(ix_h_alu_rm_imm, 0, IMM_V, 0, o)
#define J IX_END_JUMP
#define S IX_END_SHADOW

static const struct op_desc k_grp1b[8] = {
    D(ix_h_alu_rm_imm, 0, 0, 0, 0), D(ix_h_alu_rm_imm, 0, 0, 0, 1),
    D(ix_h_alu_rm_imm, 0, 0, 0, 2), D(ix_h_alu_rm_imm, 0, 0, 0, 3),
    D(ix_h_alu_rm_imm, 0, 0, 0, 4), D(ix_h_alu_rm_imm, 0, 0, 0, 5),
    D(ix_h_alu_rm_imm, 0, 0, 0, 6), D(ix_h_alu_rm_imm, 0, 0, 0, 7),
};
/* Shifts and rotates: ROL ROR RCL RCR SHL SHR SAL(=SHL) SAR. */
static const struct op_desc k_grp2[8] = {
    D(ix_h_shift, 0, 0, 0, 0), D(ix_h_shift, 0, 0, 0, 1), D(ix_h_shift, 0, 0, 0, 2),
    D(ix_h_shift, 0, 0, 0, 3), D(ix_h_shift, 0, 0, 0, 4), D(ix_h_shift, 0, 0, 0, 5),
    D(ix_h_shift, 0, 0, 0, 4), D(ix_h_shift, 0, 0, 0, 7),
};
/* F6/F7: TEST, (/1: left to Unicorn), NOT, NEG, MUL, IMUL, DIV, IDIV. */
static const struct op_desc k_grp3b[8] = {
    D(ix_h_test_rm_imm, 0, IMM_B, 0, 0),
    {0},
    D(ix_h_not, 0, 0, 0, 0),
    D(ix_h_neg, 0, 0, 0, 0),
    D(ix_h_mul, 0, 0, 0, 0),
    D(ix_h_imul1, 0, 0, 0, 0),
    D(ix_h_div, 0, 0, 0, 0),
    D(ix_h_idiv, 0, 0, 0, 0),
};
static const struct op_desc k_grp3v[8] = {
    D(ix_h_test_rm_imm, 0, IMM_V, 0, 0),
    {0},
    D(ix_h_not, 0, 0, 0, 0),
    D(ix_h_neg, 0, 0, 0, 0),
    D(ix_h_mul, 0, 0, 0, 0),
    D(ix_h_imul1, 0, 0, 0, 0),
    D(ix_h_div, 0, 0, 0, 0),
    D(ix_h_idiv, 0, 0, 0, 0),
};
static const struct op_desc k_grp4[8] = {
    D(ix_h_inc_dec, 0, 0, 0, 0),
    D(ix_h_inc_dec, 0, 0, 0, 1),
};
static const struct op_desc k_grp5[8] = {
    D(ix_h_inc_dec, 0, 0, 0, 0), D(ix_h_inc_dec, 0, 0, 0, 1),
    D(ix_h_call_rm, 0, 0, J, 0), D(ix_h_callf_rm, F_MEM_ONLY, 0, J, 0),
    D(ix_h_jmp_rm, 0, 0, J, 0),  D(ix_h_jmpf_rm, F_MEM_ONLY, 0, J, 0),
    D(ix_h_push_rm, 0, 0, 0, 0), {0},
};
static const struct op_desc k_grp8[8] = {
    {0},
    {0},
    {0},
    {0},
    D(ix_h_bt, 0, IMM_B, 0, 0),
    D(ix_h_bt, 0, IMM_B, 0, 1),
    D(ix_h_bt, 0, IMM_B, 0, 2),
    D(ix_h_bt, 0, IMM_B, 0, 3),
};
static const struct op_desc k_mov_c6[8] = {D(ix_h_mov_rm_imm, 0, IMM_B, 0, 0)};
static const struct op_desc k_mov_c7[8] = {D(ix_h_mov_rm_imm, 0, IMM_V, 0, 0)};
static const struct op_desc k_pop_8f[8] = {D(ix_h_pop_rm, 0, 0, 0, 0)};

static const struct op_desc k_one[256] = {
    ALU(0),
    D(ix_h_push_seg, 0, 0, 0, IX_ES),
    D(ix_h_pop_seg, 0, 0, 0, IX_ES),
    ALU(1),
    D(ix_h_push_seg, 0, 0, 0, IX_CS),
    {0},
    ALU(2),
    D(ix_h_push_seg, 0, 0, 0, IX_SS),
    D(ix_h_pop_seg, 0, 0, S, IX_SS),
    ALU(3),
    D(ix_h_push_seg, 0, 0, 0, IX_DS),
    D(ix_h_pop_seg, 0, 0, 0, IX_DS),
    ALU(4),
    {0},
    D(ix_h_daa, 0, 0, 0, 0),
    ALU(5),
    {0},
    D(ix_h_das, 0, 0, 0, 0),
    ALU(6),
    {0},
    D(ix_h_aaa, 0, 0, 0, 0),
    ALU(7),
    {0},
    D(ix_h_aas, 0, 0, 0, 0),
    [0x40] = D(ix_h_inc_dec_reg, 0, 0, 0, 0),
    D(ix_h_inc_dec_reg, 0, 0, 0, 0),
    D(ix_h_inc_dec_reg, 0, 0, 0, 0),
    D(ix_h_inc_dec_reg, 0, 0, 0, 0),
    D(ix_h_inc_dec_reg, 0, 0, 0, 0),
    D(ix_h_inc_dec_reg, 0, 0, 0, 0),
    D(ix_h_inc_dec_reg, 0, 0, 0, 0),
    D(ix_h_inc_dec_reg, 0, 0, 0, 0),
    D(ix_h_inc_dec_reg, 0, 0, 0, 1),
    D(ix_h_inc_dec_reg, 0, 0, 0, 1),
    D(ix_h_inc_dec_reg, 0, 0, 0, 1),
    D(ix_h_inc_dec_reg, 0, 0, 0, 1),
    D(ix_h_inc_dec_reg, 0, 0, 0, 1),
    D(ix_h_inc_dec_reg, 0, 0, 0, 1),
    D(ix_h_inc_dec_reg, 0, 0, 0, 1),
    D(ix_h_inc_dec_reg, 0, 0, 0, 1),
    [0x50] = D(ix_h_push_reg, 0, 0, 0, 0),
    D(ix_h_push_reg, 0, 0, 0, 0),
    D(ix_h_push_reg, 0, 0, 0, 0),
    D(ix_h_push_reg, 0, 0, 0, 0),
    D(ix_h_push_reg, 0, 0, 0, 0),
    D(ix_h_push_reg, 0, 0, 0, 0),
    D(ix_h_push_reg, 0, 0, 0, 0),
    D(ix_h_push_reg, 0, 0, 0, 0),
    D(ix_h_pop_reg, 0, 0, 0, 0),
    D(ix_h_pop_reg, 0, 0, 0, 0),
    D(ix_h_pop_reg, 0, 0, 0, 0),
    D(ix_h_pop_reg, 0, 0, 0, 0),
    D(ix_h_pop_reg, 0, 0, 0, 0),
    D(ix_h_pop_reg, 0, 0, 0, 0),
    D(ix_h_pop_reg, 0, 0, 0, 0),
    D(ix_h_pop_reg, 0, 0, 0, 0),
    [0x60] = D(ix_h_pusha, 0, 0, 0, 0),
    D(ix_h_popa, 0, 0, 0, 0),
    [0x68] = D(ix_h_push_imm, 0, IMM_V, 0, 0),
    D(ix_h_imul3, F_MODRM, IMM_V, 0, 1),
    D(ix_h_push_imm, 0, IMM_BS, 0, 0),
    D(ix_h_imul3, F_MODRM, IMM_BS, 0, 1),
    [0x70] = D(ix_h_jcc, 0, IMM_REL8, J, 0x0),
    D(ix_h_jcc, 0, IMM_REL8, J, 0x1),
    D(ix_h_jcc, 0, IMM_REL8, J, 0x2),
    D(ix_h_jcc, 0, IMM_REL8, J, 0x3),
    D(ix_h_jcc, 0, IMM_REL8, J, 0x4),
    D(ix_h_jcc, 0, IMM_REL8, J, 0x5),
    D(ix_h_jcc, 0, IMM_REL8, J, 0x6),
    D(ix_h_jcc, 0, IMM_REL8, J, 0x7),
    D(ix_h_jcc, 0, IMM_REL8, J, 0x8),
    D(ix_h_jcc, 0, IMM_REL8, J, 0x9),
    D(ix_h_jcc, 0, IMM_REL8, J, 0xA),
    D(ix_h_jcc, 0, IMM_REL8, J, 0xB),
    D(ix_h_jcc, 0, IMM_REL8, J, 0xC),
    D(ix_h_jcc, 0, IMM_REL8, J, 0xD),
    D(ix_h_jcc, 0, IMM_REL8, J, 0xE),
    D(ix_h_jcc, 0, IMM_REL8, J, 0xF),
    [0x80] = G(k_grp1b, F_BYTE, IMM_B),
    G(k_grp1b, 0, IMM_V),
    G(k_grp1b, F_BYTE, IMM_B),
    G(k_grp1b, 0, IMM_BS),
    D(ix_h_test_rm_r, F_MODRM | F_BYTE, 0, 0, 0),
    D(ix_h_test_rm_r, F_MODRM, 0, 0, 0),
    D(ix_h_xchg, F_MODRM | F_BYTE, 0, 0, 0),
    D(ix_h_xchg, F_MODRM, 0, 0, 0),
    D(ix_h_mov_rm_r, F_MODRM | F_BYTE, 0, 0, 0),
    D(ix_h_mov_rm_r, F_MODRM, 0, 0, 0),
    D(ix_h_mov_r_rm, F_MODRM | F_BYTE, 0, 0, 0),
    D(ix_h_mov_r_rm, F_MODRM, 0, 0, 0),
    D(ix_h_mov_rm_seg, F_MODRM, 0, 0, 0),
    D(ix_h_lea, F_MODRM | F_MEM_ONLY, 0, 0, 0),
    D(ix_h_mov_seg_rm, F_MODRM | F_WORD, 0, 0, 0),
    G(k_pop_8f, 0, IMM_NONE),
    [0x90] = D(ix_h_nop, 0, 0, 0, 0),
    D(ix_h_xchg_acc, 0, 0, 0, 0),
    D(ix_h_xchg_acc, 0, 0, 0, 0),
    D(ix_h_xchg_acc, 0, 0, 0, 0),
    D(ix_h_xchg_acc, 0, 0, 0, 0),
    D(ix_h_xchg_acc, 0, 0, 0, 0),
    D(ix_h_xchg_acc, 0, 0, 0, 0),
    D(ix_h_xchg_acc, 0, 0, 0, 0),
    D(ix_h_cbw, 0, 0, 0, 0),
    D(ix_h_cwd, 0, 0, 0, 0),
    D(ix_h_call_far, 0, IMM_FAR, J, 0),
    {0},
    D(ix_h_pushf, 0, 0, 0, 0),
    D(ix_h_popf, 0, 0, J, 0),
    D(ix_h_sahf, 0, 0, 0, 0),
    D(ix_h_lahf, 0, 0, 0, 0),
    [0xA0] = D(ix_h_mov_moffs, F_BYTE, IMM_MOFFS, 0, 0),
    D(ix_h_mov_moffs, 0, IMM_MOFFS, 0, 0),
    D(ix_h_mov_moffs, F_BYTE, IMM_MOFFS, 0, 1),
    D(ix_h_mov_moffs, 0, IMM_MOFFS, 0, 1),
    D(ix_h_movs, F_BYTE | F_STRING, 0, 0, 0),
    D(ix_h_movs, F_STRING, 0, 0, 0),
    D(ix_h_cmps, F_BYTE | F_STRING, 0, 0, 0),
    D(ix_h_cmps, F_STRING, 0, 0, 0),
    D(ix_h_test_rm_imm, F_BYTE, IMM_B, 0, 0),
    D(ix_h_test_rm_imm, 0, IMM_V, 0, 0),
    D(ix_h_stos, F_BYTE | F_STRING, 0, 0, 0),
    D(ix_h_stos, F_STRING, 0, 0, 0),
    D(ix_h_lods, F_BYTE | F_STRING, 0, 0, 0),
    D(ix_h_lods, F_STRING, 0, 0, 0),
    D(ix_h_scas, F_BYTE | F_STRING, 0, 0, 0),
    D(ix_h_scas, F_STRING, 0, 0, 0),
    [0xB0] = D(ix_h_mov_r_imm, F_BYTE, IMM_B, 0, 0),
    D(ix_h_mov_r_imm, F_BYTE, IMM_B, 0, 0),
    D(ix_h_mov_r_imm, F_BYTE, IMM_B, 0, 0),
    D(ix_h_mov_r_imm, F_BYTE, IMM_B, 0, 0),
    D(ix_h_mov_r_imm, F_BYTE, IMM_B, 0, 0),
    D(ix_h_mov_r_imm, F_BYTE, IMM_B, 0, 0),
    D(ix_h_mov_r_imm, F_BYTE, IMM_B, 0, 0),
    D(ix_h_mov_r_imm, F_BYTE, IMM_B, 0, 0),
    D(ix_h_mov_r_imm, 0, IMM_V, 0, 0),
    D(ix_h_mov_r_imm, 0, IMM_V, 0, 0),
    D(ix_h_mov_r_imm, 0, IMM_V, 0, 0),
    D(ix_h_mov_r_imm, 0, IMM_V, 0, 0),
    D(ix_h_mov_r_imm, 0, IMM_V, 0, 0),
    D(ix_h_mov_r_imm, 0, IMM_V, 0, 0),
    D(ix_h_mov_r_imm, 0, IMM_V, 0, 0),
    D(ix_h_mov_r_imm, 0, IMM_V, 0, 0),
    [0xC0] = G(k_grp2, F_BYTE, IMM_B),
    G(k_grp2, 0, IMM_B),
    D(ix_h_ret, 0, IMM_W, J, 0),
    D(ix_h_ret, 0, 0, J, 0),
    D(ix_h_lxs, F_MODRM | F_MEM_ONLY, 0, 0, IX_ES),
    D(ix_h_lxs, F_MODRM | F_MEM_ONLY, 0, 0, IX_DS),
    G(k_mov_c6, F_BYTE, IMM_NONE),
    G(k_mov_c7, 0, IMM_NONE),
    D(ix_h_enter, 0, IMM_ENTER, 0, 0),
    D(ix_h_leave, 0, 0, 0, 0),
    D(ix_h_retf, 0, IMM_W, J, 0),
    D(ix_h_retf, 0, 0, J, 0),
    D(ix_h_int3, 0, 0, J, 0),
    D(ix_h_int, 0, IMM_B, J, 0),
    D(ix_h_into, 0, 0, 0, 0),
    D(ix_h_iret, 0, 0, J, 0),
    [0xD0] = G(k_grp2, F_BYTE, IMM_NONE),
    G(k_grp2, 0, IMM_NONE),
    G(k_grp2, F_BYTE, IMM_NONE),
    G(k_grp2, 0, IMM_NONE),
    D(ix_h_aam, 0, IMM_B, 0, 0),
    D(ix_h_aad, 0, IMM_B, 0, 0),
    D(ix_h_salc, 0, 0, 0, 0),
    D(ix_h_xlat, 0, 0, 0, 0),
    /* E0/E1: no LOOPNE/LOOPE. QEMU's LOOPcc leaves at CX = 0 before it
     * writes the block's cc_op, so the CPU state keeps the lazy flag
     * fields as they were last written back, and which of the block's
     * writes got there depends on TCG's register allocation over the
     * whole block (tests/lockstep/regress/shl-cl-then-loopne.txt,
     * loopne-discarded-dst.txt). Unicorn runs any block holding one. */
    [0xE2] = D(ix_h_loop, 0, IMM_REL8, J, 0),
    D(ix_h_jcxz, 0, IMM_REL8, J, 0),
    D(ix_h_in, F_BYTE, IMM_B, 0, 0),
    D(ix_h_in, 0, IMM_B, 0, 0),
    D(ix_h_out, F_BYTE, IMM_B, 0, 0),
    D(ix_h_out, 0, IMM_B, 0, 0),
    D(ix_h_call_rel, 0, IMM_RELV, J, 0),
    D(ix_h_jmp_rel, 0, IMM_RELV, J, 0),
    D(ix_h_jmp_far, 0, IMM_FAR, J, 0),
    D(ix_h_jmp_rel, 0, IMM_REL8, J, 0),
    D(ix_h_in, F_BYTE, 0, 0, 1),
    D(ix_h_in, 0, 0, 0, 1),
    D(ix_h_out, F_BYTE, 0, 0, 1),
    D(ix_h_out, 0, 0, 0, 1),
    [0xF4] = D(ix_h_hlt, 0, 0, J, 0),
    D(ix_h_clc_stc_cmc, 0, 0, 0, 2),
    G(k_grp3b, F_BYTE, IMM_NONE),
    G(k_grp3v, 0, IMM_NONE),
    D(ix_h_clc_stc_cmc, 0, 0, 0, 0),
    D(ix_h_clc_stc_cmc, 0, 0, 0, 1),
    D(ix_h_flag_bit, 0, 0, 0, 0),
    D(ix_h_flag_bit, 0, 0, S, 1),
    D(ix_h_flag_bit, 0, 0, 0, 2),
    D(ix_h_flag_bit, 0, 0, 0, 3),
    G(k_grp4, F_BYTE, IMM_NONE),
    G(k_grp5, 0, IMM_NONE),
};

static const struct op_desc k_two[256] = {
    [0x40] = D(ix_h_cmovcc, F_MODRM, 0, 0, 0x0),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0x1),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0x2),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0x3),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0x4),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0x5),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0x6),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0x7),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0x8),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0x9),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0xA),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0xB),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0xC),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0xD),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0xE),
    D(ix_h_cmovcc, F_MODRM, 0, 0, 0xF),
    [0x80] = D(ix_h_jcc, 0, IMM_RELV, J, 0x0),
    D(ix_h_jcc, 0, IMM_RELV, J, 0x1),
    D(ix_h_jcc, 0, IMM_RELV, J, 0x2),
    D(ix_h_jcc, 0, IMM_RELV, J, 0x3),
    D(ix_h_jcc, 0, IMM_RELV, J, 0x4),
    D(ix_h_jcc, 0, IMM_RELV, J, 0x5),
    D(ix_h_jcc, 0, IMM_RELV, J, 0x6),
    D(ix_h_jcc, 0, IMM_RELV, J, 0x7),
    D(ix_h_jcc, 0, IMM_RELV, J, 0x8),
    D(ix_h_jcc, 0, IMM_RELV, J, 0x9),
    D(ix_h_jcc, 0, IMM_RELV, J, 0xA),
    D(ix_h_jcc, 0, IMM_RELV, J, 0xB),
    D(ix_h_jcc, 0, IMM_RELV, J, 0xC),
    D(ix_h_jcc, 0, IMM_RELV, J, 0xD),
    D(ix_h_jcc, 0, IMM_RELV, J, 0xE),
    D(ix_h_jcc, 0, IMM_RELV, J, 0xF),
    [0x90] = D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0x0),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0x1),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0x2),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0x3),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0x4),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0x5),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0x6),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0x7),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0x8),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0x9),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0xA),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0xB),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0xC),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0xD),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0xE),
    D(ix_h_setcc, F_MODRM | F_BYTE, 0, 0, 0xF),
    [0xA0] = D(ix_h_push_seg, 0, 0, 0, IX_FS),
    D(ix_h_pop_seg, 0, 0, 0, IX_FS),
    [0xA3] = D(ix_h_bt, F_MODRM, 0, 0, 0),
    [0xA8] = D(ix_h_push_seg, 0, 0, 0, IX_GS),
    D(ix_h_pop_seg, 0, 0, 0, IX_GS),
    [0xAB] = D(ix_h_bt, F_MODRM, 0, 0, 1),
    [0xAF] = D(ix_h_imul3, F_MODRM, 0, 0, 0),
    [0xB2] = D(ix_h_lxs, F_MODRM | F_MEM_ONLY, 0, J, IX_SS), /* LSS: gen_eob, no shadow */
    [0xB3] = D(ix_h_bt, F_MODRM, 0, 0, 2),
    [0xB4] = D(ix_h_lxs, F_MODRM | F_MEM_ONLY, 0, 0, IX_FS),
    D(ix_h_lxs, F_MODRM | F_MEM_ONLY, 0, 0, IX_GS),
    D(ix_h_movx, F_MODRM | F_BYTE, 0, 0, 0),
    D(ix_h_movx, F_MODRM | F_WORD, 0, 0, 0),
    [0xBA] = G(k_grp8, 0, IMM_B),
    D(ix_h_bt, F_MODRM, 0, 0, 3),
    D(ix_h_bsf_bsr, F_MODRM, 0, 0, 0),
    D(ix_h_bsf_bsr, F_MODRM, 0, 0, 1),
    D(ix_h_movx, F_MODRM | F_BYTE, 0, 0, 1),
    D(ix_h_movx, F_MODRM | F_WORD, 0, 0, 1),
    [0xC8] = D(ix_h_bswap, 0, 0, 0, 0),
    D(ix_h_bswap, 0, 0, 0, 0),
    D(ix_h_bswap, 0, 0, 0, 0),
    D(ix_h_bswap, 0, 0, 0, 0),
    D(ix_h_bswap, 0, 0, 0, 0),
    D(ix_h_bswap, 0, 0, 0, 0),
    D(ix_h_bswap, 0, 0, 0, 0),
    D(ix_h_bswap, 0, 0, 0, 0),
};

/* ---- the byte reader ---- */

struct reader {
    const uint8_t *p;
    unsigned n, avail;
    unsigned start; /* of the instruction being read */
    bool over;
};

static uint32_t take(struct reader *r, unsigned bytes)
{
    uint32_t v = 0;
    if (r->n + bytes > r->avail || r->n + bytes - r->start > X86_MAX_INSN_BYTES) {
        r->over = true;
        return 0;
    }
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint32_t)r->p[r->n + i] << (8 * i);
    r->n += bytes;
    return v;
}

static uint32_t sext(uint32_t v, unsigned bytes)
{
    return bytes == 1   ? (uint32_t)(int32_t)(int8_t)v
           : bytes == 2 ? (uint32_t)(int32_t)(int16_t)v
                        : v;
}

/* ---- ModRM ---- */

/* 16-bit addressing: base and index per rm (mod != 3). */
static const uint8_t k_rm16_base[8] = {IX_EBX, IX_EBX, IX_EBP, IX_EBP,
                                       IX_ESI, IX_EDI, IX_EBP, IX_EBX};
static const uint8_t k_rm16_index[8] = {IX_ESI,   IX_EDI,   IX_ESI,   IX_EDI,
                                        IX_NOREG, IX_NOREG, IX_NOREG, IX_NOREG};

static void modrm16(struct reader *r, struct ix_insn *in, unsigned mod, unsigned rm)
{
    in->base = k_rm16_base[rm];
    in->index = k_rm16_index[rm];
    in->seg = (rm == 2 || rm == 3 || (rm == 6 && mod != 0)) ? IX_SS : IX_DS;
    if (mod == 0 && rm == 6) {
        in->base = IX_NOREG;
        in->disp = take(r, 2);
    } else if (mod == 1) {
        in->disp = sext(take(r, 1), 1);
    } else if (mod == 2) {
        in->disp = take(r, 2);
    }
}

static void modrm32(struct reader *r, struct ix_insn *in, unsigned mod, unsigned rm)
{
    unsigned base = rm;
    in->index = IX_NOREG;
    if (rm == 4) {
        unsigned sib = take(r, 1);
        base = sib & 7;
        in->scale = (uint8_t)(sib >> 6);
        if (((sib >> 3) & 7) != 4)
            in->index = (uint8_t)((sib >> 3) & 7);
    }
    in->base = (uint8_t)base;
    if (mod == 0 && base == 5) {
        in->base = IX_NOREG;
        in->disp = take(r, 4);
    } else if (mod == 1) {
        in->disp = sext(take(r, 1), 1);
    } else if (mod == 2) {
        in->disp = take(r, 4);
    }
    in->seg = (in->base == IX_ESP || in->base == IX_EBP) ? IX_SS : IX_DS;
}

/* ---- one instruction ---- */

enum { PREFIX_REPNZ = 0xF2 };

struct prefixes {
    unsigned seg; /* IX_NOREG: none */
    bool o32, a32, lock;
    uint8_t rep;
};

static void read_prefixes(struct reader *r, struct prefixes *p)
{
    *p = (struct prefixes){.seg = IX_NOREG};
    for (;;) {
        unsigned b = r->n < r->avail ? r->p[r->n] : 0;
        switch (b) {
        case 0x26:
        case 0x2E:
        case 0x36:
        case 0x3E:
            p->seg = (b >> 3) & 3;
            break;
        case 0x64:
        case 0x65:
            p->seg = IX_FS + (b & 1);
            break;
        case 0x66:
            p->o32 = true;
            break;
        case 0x67:
            p->a32 = true;
            break;
        case 0xF0:
            p->lock = true;
            break;
        case 0xF2:
        case 0xF3:
            /* Both given: QEMU 5 (Unicorn 2.0.1) keeps both flags, and
             * CMPS/SCAS test REPNZ first, so an F2 anywhere wins. */
            if (p->rep != PREFIX_REPNZ)
                p->rep = (uint8_t)b;
            break;
        default:
            return;
        }
        if (++r->n - r->start >= X86_MAX_INSN_BYTES)
            return;
    }
}

static unsigned imm_bytes(unsigned kind, const struct ix_insn *in, bool a32)
{
    switch (kind) {
    case IMM_B:
    case IMM_BS:
    case IMM_REL8:
        return 1;
    case IMM_W:
        return 2;
    case IMM_V:
    case IMM_RELV:
        return in->size == 1 ? 1 : in->size;
    case IMM_MOFFS:
        return a32 ? 4 : 2;
    default:
        return 0;
    }
}

static void read_imm(struct reader *r, const struct op_desc *d, struct ix_insn *in, bool a32,
                     bool o32)
{
    unsigned n = imm_bytes(d->imm, in, a32);
    switch (d->imm) {
    case IMM_BS:
    case IMM_REL8:
    case IMM_RELV:
        in->imm = sext(take(r, n), n);
        break;
    case IMM_MOFFS:
        in->disp = take(r, n);
        break;
    case IMM_ENTER:
        in->imm = take(r, 2);
        in->imm2 = (uint16_t)take(r, 1);
        break;
    case IMM_FAR:
        in->imm = take(r, o32 ? 4 : 2);
        in->imm2 = (uint16_t)take(r, 2);
        break;
    default:
        in->imm = take(r, n);
        break;
    }
}

/* Decode the instruction at r->p[r->n]; returns its descriptor or NULL
 * (unsupported). */
static const struct op_desc *decode_insn(struct reader *r, struct ix_insn *in, unsigned *opcode)
{
    struct prefixes p;
    r->start = r->n;
    read_prefixes(r, &p);
    unsigned b = take(r, 1);
    const struct op_desc *d = &k_one[b];
    if (b == 0x0F) {
        b = 0x100 | take(r, 1);
        d = &k_two[b & 0xFF];
    }
    *opcode = b;
    if (r->over || p.lock || (!d->fn && !d->group))
        return NULL;
    *in = (struct ix_insn){.base = IX_NOREG, .index = IX_NOREG, .seg = IX_DS, .a32 = p.a32};
    in->osize = p.o32 ? 4 : 2;
    in->size = (d->flags & F_BYTE) ? 1 : (d->flags & F_WORD) ? 2 : in->osize;
    in->op = d->op;
    in->reg = (uint8_t)(b & 7);
    in->rep = p.rep;
    if (p.rep && !(d->flags & F_STRING))
        return NULL; /* PAUSE, REP RET, TZCNT...: Unicorn decides */
    if (d->flags & F_MODRM) {
        unsigned m = take(r, 1), mod = m >> 6;
        in->reg = (uint8_t)((m >> 3) & 7);
        in->rm = (uint8_t)(m & 7);
        in->mem = mod != 3;
        if (in->mem)
            p.a32 ? modrm32(r, in, mod, m & 7) : modrm16(r, in, mod, m & 7);
        if (d->group) {
            const struct op_desc *g = &d->group[in->reg];
            if (!g->fn)
                return NULL;
            struct op_desc merged = *g;
            merged.flags = (uint8_t)(d->flags | g->flags);
            merged.imm = g->imm ? g->imm : d->imm;
            in->op = g->op;
            d = g;
            if ((merged.flags & F_MEM_ONLY) && !in->mem)
                return NULL;
            read_imm(r, &merged, in, p.a32, p.o32);
        } else {
            if ((d->flags & F_MEM_ONLY) && !in->mem)
                return NULL;
            read_imm(r, d, in, p.a32, p.o32);
        }
    } else {
        read_imm(r, d, in, p.a32, p.o32);
    }
    if (p.seg != IX_NOREG)
        in->seg = (uint8_t)p.seg;
    in->len = (uint8_t)(r->n - r->start);
    return r->over ? NULL : d;
}

#define ENTER_LEVEL_MASK 31

/* COLLAPSE_THEN_STORE: SETcc to memory and RCL/RCR on memory compute the
 * flags (QEMU's gen_compute_eflags, which discards CC_DST) before their
 * store. When that store hits the running block QEMU abandons it and puts
 * back the cc_op the instruction started with, over a CC_DST that was
 * last written back by some earlier access (tests/lockstep/regress/
 * setno-store-into-block.txt). The interpreter keeps no copy of what was
 * written back, so Unicorn runs blocks holding these. */
enum { GRP2_RCL = 2, GRP2_RCR = 3 };

/* Special cases that change the handler or make an encoding unsupported. */
static bool refine(const struct op_desc *d, struct ix_insn *in, unsigned opcode)
{
    if (d->fn == ix_h_alu_rm_r || d->fn == ix_h_alu_r_rm) {
        /* QEMU: XOR of a register with itself sets CC_OP_CLR. */
        if (in->op == 6 && !in->mem && in->rm == in->reg)
            in->fn = ix_h_xor_zero;
    }
    if (d->fn == ix_h_mov_seg_rm && (in->reg >= IX_FS + 2 || in->reg == IX_CS))
        return false; /* MOV CS / invalid segment: #UD */
    if (d->fn == ix_h_mov_rm_seg && in->reg >= IX_NSEG)
        return false;
    if (d->fn == ix_h_aam && in->imm == 0)
        return false; /* AAM 0: #DE raised at translation time */
    if (d->fn == ix_h_enter && (in->imm2 & ENTER_LEVEL_MASK))
        return false; /* ENTER with a nesting level: QEMU's TB ends by its op count */
    if ((d->fn == ix_h_setcc && in->mem) ||
        (d->fn == ix_h_shift && in->mem && (in->op == GRP2_RCL || in->op == GRP2_RCR)))
        return false; /* flags computed before a store: see COLLAPSE_THEN_STORE */
    if (d->fn == ix_h_int && (in->imm & 0xFF) == VEC_INVALID_OPCODE)
        return false; /* Unicorn takes INT 6 for an invalid opcode: its hook, not INTR */
    if (d->fn == ix_h_int && (in->imm & 0xFF) == CPU_STUB_VEC)
        return false; /* the mode-switch stub's INT: cpu.c's hook finishes the switch */
    if (d->fn == ix_h_bt)
        in->imm2 = opcode == 0x1BA; /* the imm8 form */
    if (d->fn == ix_h_shift) {
        /* D0/D1: by one, the immediate path; D2/D3: by CL. */
        in->imm2 = opcode == 0xD2 || opcode == 0xD3;
        if (opcode == 0xD0 || opcode == 0xD1)
            in->imm = 1;
    }
    return true;
}

/* The block end an instruction makes, given its descriptor. */
static unsigned insn_end(const struct op_desc *d, const struct ix_insn *in)
{
    if (in->rep)
        return IX_END_REP;
    if (d->fn == ix_h_mov_seg_rm)
        return in->reg == IX_SS ? IX_END_SHADOW : IX_END_NONE;
    return d->end;
}

static bool code_is_ram(struct ix *x, uint32_t lin, uint32_t len)
{
    if (lin + len < lin)
        return false;
    if (lin >= MEM_VIDEO_LIN && lin < MEM_VIDEO_LIN + MEM_VIDEO_BYTES) {
        for (uint32_t at = lin; at < lin + len; at++)
            if (mem_io_at(x->mem, at))
                return false;
    }
    return lin + len <= MEM_TOTAL_BYTES;
}

/* Guest code bytes at lin through the current memory map. */
static void fetch(struct ix *x, uint32_t lin, uint8_t *dst, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        uint32_t a = lin + i;
        if (a >= MEM_CONV_BYTES && !mem_a20(x->mem))
            a -= MEM_CONV_BYTES;
        dst[i] = x->ram[a];
    }
}

static uint32_t code_avail(struct ix *x, uint32_t lin, uint32_t want)
{
    uint32_t top = MEM_CONV_BYTES + MEM_HMA_BYTES;
    if (lin >= top)
        return 0;
    uint32_t n = want < top - lin ? want : top - lin;
    while (n && !code_is_ram(x, lin, n))
        n = n > 16 ? n / 2 : n - 1;
    return n;
}

enum ix_decode_rc ix_decode(struct ix *x, uint32_t lin, uint32_t ip, bool single,
                            struct ix_block *b, uint8_t *bytes)
{
    /* Sequential code runs on past IP FFFFh in Unicorn (EIP 10000h, the next
     * linear byte): so here too. */
    (void)ip;
    const uint8_t *code = x->ram + lin;
    uint32_t avail = IX_BLOCK_MAX_BYTES;
    if (lin + IX_BLOCK_MAX_BYTES > MEM_VIDEO_LIN) {
        /* near devices, the HMA window or the end of memory: a copy */
        avail = code_avail(x, lin, IX_BLOCK_MAX_BYTES);
        if (!avail)
            return IX_DECODE_NOT_RAM;
        fetch(x, lin, bytes, avail);
        code = bytes;
    }
    struct reader r = {.p = code, .avail = avail};
    b->lin = lin;
    b->ninsn = 0;
    b->end = IX_END_NONE;
    for (;;) {
        struct ix_insn *in = &b->insn[b->ninsn];
        unsigned opcode;
        const struct op_desc *d = decode_insn(&r, in, &opcode);
        if (!d) {
            /* Past the bytes we could read: that is Unicorn's business too. */
            return IX_DECODE_UNSUPPORTED;
        }
        in->fn = d->fn;
        if (!refine(d, in, opcode))
            return IX_DECODE_UNSUPPORTED;
        b->ninsn++;
        b->end = (uint8_t)insn_end(d, in);
        if (b->end != IX_END_NONE || single)
            break;
        if (r.n >= TB_MAX_SPAN)
            break; /* QEMU: DISAS_TOO_MANY at a page less 32 bytes */
        if (b->ninsn == IX_BLOCK_MAX_INSNS)
            return IX_DECODE_TOO_LONG;
    }
    b->nbytes = (uint16_t)r.n;
    if (code != bytes)
        memcpy(bytes, code, r.n);
    b->bytes = bytes;
    return IX_DECODE_OK;
}

bool ix_block_valid(struct ix *x, const struct ix_block *b)
{
    uint32_t lin = b->lin, n = b->nbytes;
    if (lin + n <= MEM_VIDEO_LIN)
        return memcmp(x->ram + lin, b->bytes, n) == 0;
    if (!code_is_ram(x, lin, n))
        return false;
    uint8_t now[IX_BLOCK_MAX_BYTES];
    fetch(x, lin, now, n);
    return memcmp(now, b->bytes, n) == 0;
}
