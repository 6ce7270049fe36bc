/* The real-mode x86 interpreter: the cold tier under Unicorn (docs/tiers.md).
 * Internal to cpu/: tier.c drives it, cpu.c never sees it.
 *
 * It keeps the CPU state the way QEMU 5.0 (Unicorn 2.0.1) does, lazy flags
 * included, so that a tier switch moves the state exactly (cpu/ucstate.c),
 * and it decodes code into blocks that end where QEMU's translation blocks
 * end, so that both tiers count the same blocks of virtual time. */
#ifndef UNIDOS_CPU_INTERP_H
#define UNIDOS_CPU_INTERP_H

#include <stdbool.h>
#include <stdint.h>

#include "bus/io.h"
#include "bus/mem.h"

/* Register and segment numbers in x86 encoding order (QEMU's order too). */
enum { IX_EAX, IX_ECX, IX_EDX, IX_EBX, IX_ESP, IX_EBP, IX_ESI, IX_EDI, IX_NREG };
enum { IX_ES, IX_CS, IX_SS, IX_DS, IX_FS, IX_GS, IX_NSEG };
#define IX_NOREG 0xFF

/* EFLAGS bits. The arithmetic ones live in the lazy state, DF in df. */
enum {
    IX_CF = 0x0001,
    IX_PF = 0x0004,
    IX_AF = 0x0010,
    IX_ZF = 0x0040,
    IX_SF = 0x0080,
    IX_TF = 0x0100,
    IX_IF = 0x0200,
    IX_DF = 0x0400,
    IX_OF = 0x0800,
    IX_RF = 0x10000, /* resume: an IRETD loads it; QEMU clears it at a block's end */
    IX_VM = 0x20000, /* virtual-8086: only a stray carry QEMU keeps raw sets it here */
    IX_FLAGS_CC = IX_CF | IX_PF | IX_AF | IX_ZF | IX_SF | IX_OF,
    IX_FLAGS_FIXED = 0x0002, /* bit 1 always reads as 1 */
};

/* QEMU's lazy condition-code operations (target/i386/cpu.h, enum CCOp):
 * the numbers are written into Unicorn's CPU state as they are. Each
 * comes in byte, word, dword and qword forms. */
enum ix_ccop {
    IX_CC_DYNAMIC,
    IX_CC_EFLAGS,
    IX_CC_MUL = 2,
    IX_CC_ADD = 6,
    IX_CC_ADC = 10,
    IX_CC_SUB = 14,
    IX_CC_SBB = 18,
    IX_CC_LOGIC = 22,
    IX_CC_INC = 26,
    IX_CC_DEC = 30,
    IX_CC_SHL = 34,
    IX_CC_SAR = 38,
    IX_CC_BMILG = 42,
    IX_CC_ADCX = 46,
    IX_CC_ADOX = 47,
    IX_CC_ADCOX = 48,
    IX_CC_CLR = 49,
    IX_CC_POPCNT = 50,
    IX_CC_NB,
};

/* The state Unicorn and the interpreter hand each other. */
struct ix_state {
    uint32_t r[IX_NREG];
    uint32_t eip;
    uint32_t eflags; /* without IX_FLAGS_CC and IX_DF */
    uint32_t cc_dst, cc_src, cc_src2;
    uint32_t cc_op; /* enum ix_ccop */
    int32_t df;     /* 1, or -1 when DF is set */
    bool inhibit;   /* the next block is an interrupt-shadow block */
    uint8_t cpl;    /* QEMU's CPL (hflags): not 0 in real mode only after a
                     * return from protected mode without a CS load there */
    uint16_t sel[IX_NSEG];
    uint32_t base[IX_NSEG];
};

/* Full EFLAGS from the lazy state. */
uint32_t ix_flags(const struct ix_state *s);
/* Load EFLAGS the way QEMU's cpu_load_eflags does (the lazy state becomes
 * CC_OP_EFLAGS). */
void ix_set_flags(struct ix_state *s, uint32_t eflags);
/* What every engine start does (x86_cpu_exec_enter): flags computed. */
void ix_collapse(struct ix_state *s);

struct ix_insn;
struct ix;
typedef int ix_fn(struct ix *x, const struct ix_insn *in);

/* One decoded instruction. */
struct ix_insn {
    ix_fn *fn;
    uint32_t disp;              /* displacement of the memory operand */
    uint32_t imm;               /* immediate, branch displacement */
    uint16_t imm2;              /* far pointer segment, ENTER nesting level */
    uint8_t len;                /* bytes, prefixes included */
    uint8_t size;               /* operand size in bytes: 1, 2 or 4 */
    uint8_t osize;              /* the operand size the 66h prefix selects: 2 or 4 */
    uint8_t op;                 /* opcode-specific: operation, condition code */
    uint8_t reg;                /* ModRM reg field, or the register in the opcode */
    uint8_t rm;                 /* ModRM rm register (mod == 3) */
    uint8_t mem;                /* the r/m operand is in memory */
    uint8_t seg;                /* segment of memory operands, overrides applied */
    uint8_t base, index, scale; /* address registers (IX_NOREG when absent) */
    uint8_t a32;                /* 32-bit addressing */
    uint8_t rep;                /* 0, 0xF2 (REPNE) or 0xF3 (REP/REPE) */
};

/* A decoded block: the instructions of one QEMU translation block. */
#define IX_BLOCK_MAX_INSNS 48
#define IX_BLOCK_MAX_BYTES (IX_BLOCK_MAX_INSNS * 15)
enum ix_block_end {
    IX_END_NONE,   /* ran into the instruction limit (a TB would go on) */
    IX_END_JUMP,   /* a jump, call, return, INT, HLT, POPF ... */
    IX_END_SHADOW, /* STI, MOV SS, POP SS, LSS: the next block is a shadow block */
    IX_END_REP,    /* a REP string instruction: one iteration per block */
};
struct ix_block {
    uint32_t lin; /* linear address of the first byte */
    uint16_t nbytes;
    uint8_t ninsn;
    uint8_t end;           /* enum ix_block_end */
    const uint8_t *bytes;  /* copy of the code, checked on every entry */
    struct ix_insn insn[]; /* ninsn of them */
};
/* Room for any block (ix_decode's scratch) and the size a copy needs. */
#define IX_BLOCK_SCRATCH (sizeof(struct ix_block) + IX_BLOCK_MAX_INSNS * sizeof(struct ix_insn))
#define IX_BLOCK_SIZE(n) (sizeof(struct ix_block) + (n) * sizeof(struct ix_insn))

/* Why ix_decode could not produce a block. */
enum ix_decode_rc {
    IX_DECODE_OK,
    IX_DECODE_UNSUPPORTED, /* an instruction the interpreter does not run */
    IX_DECODE_TOO_LONG,    /* more instructions than IX_BLOCK_MAX_INSNS */
    IX_DECODE_NOT_RAM,     /* code outside plain RAM, or across IP FFFFh */
};

/* What the interpreter calls back into. */
struct ix_ops {
    /* INT n or an exception: s->eip as Unicorn's hook would see it. */
    void (*intr)(void *ctx, unsigned vec);
    /* A store into the VGA window or another device (cpu/strop.c's runs). */
    void (*device_store)(void *ctx, uint32_t lin, unsigned size);
    /* A store into bytes of code Unicorn has translated. */
    void (*code_store)(void *ctx, uint32_t lin, unsigned size);
    void *ctx;
};

/* How a block (or a step) ended. */
enum ix_exit {
    IX_EXIT_NEXT,  /* EIP is where the next block starts */
    IX_EXIT_SMC,   /* a store hit this block: rerun EIP as a one-instruction block */
    IX_EXIT_HALT,  /* HLT */
    IX_EXIT_FAULT, /* access outside guest memory: ix_fault() says what */
};

struct ix *ix_new(struct mem *mem, struct io *io, const struct ix_ops *ops);
void ix_free(struct ix *x);
struct ix_state *ix_state(struct ix *x);

/* Decode the block at linear lin, IP ip. single: a one-instruction block
 * (interrupt shadow, or the rerun after self-modifying code). b has
 * IX_BLOCK_SCRATCH bytes; the code is copied into bytes
 * (IX_BLOCK_MAX_BYTES), which b->bytes then points at. */
enum ix_decode_rc ix_decode(struct ix *x, uint32_t lin, uint32_t ip, bool single,
                            struct ix_block *b, uint8_t *bytes);
/* True when b's code is still what guest memory holds at b->lin. */
bool ix_block_valid(struct ix *x, const struct ix_block *b);
/* Run a decoded block from its first instruction (s->eip at it). */
enum {
    IX_EXEC_SHADOW = 1, /* an interrupt-shadow block (QEMU's repz_opt applies) */
    IX_EXEC_NO_SMC = 2, /* the rerun after self-modifying code: stores may hit it */
};
enum ix_exit ix_exec(struct ix *x, const struct ix_block *b, unsigned flags);

/* The access that faulted (IX_EXIT_FAULT), as the CPU's fault message. */
const char *ix_fault(const struct ix *x);
/* The EIP the CPU state holds in Unicorn when an access in the block goes
 * wrong: the block's start, or where INTO (which stores EIP) was last. */
uint32_t ix_synced_eip(const struct ix *x);

/* Bytes Unicorn has translated (a bit per byte of guest memory): stores
 * into them call ops->code_store. */
void ix_mark_code(struct ix *x, uint32_t lin, uint32_t len);
void ix_unmark_code(struct ix *x, uint32_t lin, uint32_t len);
bool ix_code_marked(const struct ix *x, uint32_t lin, uint32_t len);

/* Linear address of seg:off as the CPU forms it (no 20-bit wrap: the HMA
 * window and A20 are the memory map's business). */
static inline uint32_t ix_lin(const struct ix_state *s, unsigned seg, uint32_t off)
{
    return s->base[seg] + off;
}

#endif
