/* A program waiting for time by reading the BIOS tick count straight from
 * memory (0040:006Ch) in a tight loop, with no INT and no port access:
 *
 *     wait: mov ax,[es:6Ch]
 *           cmp ax,bx
 *           je wait
 *
 * No service sees it, so bios/idle.c cannot; it is found here, between
 * slices, without a memory hook (that would slow every load). A slice
 * that ends in real mode at a block whose code, and the code of the few
 * blocks it jumps to nearby, is made only of instructions that read
 * memory and write nothing but registers and flags, and that reads the
 * tick count, is a candidate. The proof is then dynamic: the CPU runs that
 * loop one block at a time until it is back at the block it started from;
 * when every register and the flags are then what they were, and no block
 * outside the loop ran, the loop is at a fixed point: it stores nothing,
 * so nothing it reads can change until an interrupt handler runs (the
 * timer's, which is the only thing that moves the tick count, or a key's
 * or the mouse's). Until then the program would spin in exactly that
 * state: the run loop may sleep to the next event, and the program sees
 * the tick change at the same time as if it had spun.
 *
 * A delay loop that counts (calibrating a busy loop by counting its turns
 * per tick) changes a register each turn and is never a fixed point; a
 * compute loop that does not read the tick count is never probed: it
 * costs one decode of a block per slice (about 1 ms of guest code). */
#include <string.h>

#include "base/common.h"
#include "cpu/cpu.h"
#include "cpu/cpu_impl.h"

#define TW_BDA_TICKS 0x46Cu     /* linear address of the tick count */
#define TW_BDA_TICKS_END 0x470u /* ... its end (the midnight flag follows) */
#define TW_MAX_BLOCKS 4u        /* blocks in a loop that waits */
#define TW_MAX_INSNS 16u        /* instructions in one of its blocks */
#define TW_NEAR_BYTES 256u      /* a jump further away leaves the loop */
#define TW_FETCH_BYTES 16u      /* longest instruction looked at */
#define TW_PROBE_BLOCKS 12u     /* one turn of the loop takes at most this */
#define TW_ONE_BLOCK_BUDGET 2u  /* cpu_run budget that runs one block */
#define TW_SEG_SHIFT 4u
#define TW_OFFSET_LIMIT 0x10000u

enum tw_kind {
    TW_BAD, /* anything else: not a waiting loop */
    TW_PLAIN,
    TW_JCC, /* conditional: falls through or jumps */
    TW_JMP,
};

struct tw_insn {
    enum tw_kind kind;
    unsigned len;
    uint16_t target; /* IP a jump goes to */
    bool reads_ticks;
};

/* The registers and segment bases the loop's addresses use. */
struct tw_ctx {
    struct cpu *cpu;
    struct cpu_regs r;
    uint32_t seg_base[6]; /* ES CS SS DS FS GS, x86 order */
};

enum { TW_ES, TW_CS, TW_SS, TW_DS, TW_FS, TW_GS, TW_NOSEG = 0xFF };

struct tw_decoder {
    const struct tw_ctx *ctx;
    const uint8_t *p;
    unsigned len; /* bytes consumed */
    unsigned seg; /* override, or TW_NOSEG */
    bool opsize;  /* 66h */
    bool reads_ticks;
};

/* 16-bit ModRM addressing: the offset and the default segment. */
static uint16_t modrm_offset(struct tw_decoder *d, uint8_t modrm, unsigned *seg)
{
    const struct cpu_regs *r = &d->ctx->r;
    unsigned mod = modrm >> 6, rm = modrm & 7u;
    uint16_t base[8] = {(uint16_t)(r->bx + r->si),
                        (uint16_t)(r->bx + r->di),
                        (uint16_t)(r->bp + r->si),
                        (uint16_t)(r->bp + r->di),
                        r->si,
                        r->di,
                        r->bp,
                        r->bx};
    bool bp_based = rm == 2 || rm == 3 || (rm == 6 && mod != 0);
    *seg = bp_based ? TW_SS : TW_DS;
    uint16_t off = 0;
    if (mod == 0 && rm == 6) {
        off = (uint16_t)(d->p[d->len] | d->p[d->len + 1] << 8);
        d->len += 2;
        return off;
    }
    off = base[rm];
    if (mod == 1) {
        off = (uint16_t)(off + (int8_t)d->p[d->len]);
        d->len += 1;
    } else if (mod == 2) {
        off = (uint16_t)(off + (d->p[d->len] | d->p[d->len + 1] << 8));
        d->len += 2;
    }
    return off;
}

/* A read of size bytes at seg:off: plain RAM inside the segment, or the
 * loop is not ours. Notes a read of the tick count. */
static bool mem_read_ok(struct tw_decoder *d, unsigned seg, uint16_t off, unsigned size)
{
    if (d->seg != TW_NOSEG)
        seg = d->seg;
    if ((uint32_t)off + size > TW_OFFSET_LIMIT)
        return false;
    uint32_t lin = d->ctx->seg_base[seg] + off;
    if (!mem_ptr(d->ctx->cpu->mem, lin, size))
        return false;
    if (lin < TW_BDA_TICKS_END && lin + size > TW_BDA_TICKS)
        d->reads_ticks = true;
    return true;
}

/* The r/m operand of a ModRM instruction that only reads it (or writes
 * it only when it is a register: writes_rm). */
static bool modrm_operand(struct tw_decoder *d, unsigned size, bool writes_rm)
{
    uint8_t modrm = d->p[d->len++];
    if (modrm >> 6 == 3)
        return true;
    if (writes_rm)
        return false;
    unsigned seg;
    uint16_t off = modrm_offset(d, modrm, &seg);
    return mem_read_ok(d, seg, off, size);
}

static unsigned word_size(const struct tw_decoder *d)
{
    return d->opsize ? 4u : 2u;
}

/* The two-operand ALU forms 00h-3Fh (ADD OR ADC SBB AND SUB XOR CMP):
 * op r,r/m reads memory; op r/m,r writes it unless it is CMP. */
static bool alu_modrm(struct tw_decoder *d, uint8_t op)
{
    unsigned size = op & 1u ? word_size(d) : 1u;
    bool to_reg = op & 2u;
    bool cmp = (op & 0x38u) == 0x38u;
    return modrm_operand(d, size, !to_reg && !cmp);
}

/* 80h/81h/83h: ALU r/m, imm. Only CMP may name memory. */
static bool alu_imm(struct tw_decoder *d, uint8_t op)
{
    unsigned size = op == 0x80 ? 1u : word_size(d);
    unsigned imm = op == 0x81 ? word_size(d) : 1u;
    bool cmp = ((d->p[d->len] >> 3) & 7u) == 7u;
    if (!modrm_operand(d, size, !cmp))
        return false;
    d->len += imm;
    return true;
}

/* F6h/F7h: TEST r/m, imm reads; NOT and NEG of a register; MUL and DIV
 * (which may fault) are not a waiting loop's. */
static bool group3(struct tw_decoder *d, uint8_t op)
{
    unsigned size = op == 0xF6 ? 1u : word_size(d);
    unsigned sub = (d->p[d->len] >> 3) & 7u;
    if (sub == 0) {
        if (!modrm_operand(d, size, false))
            return false;
        d->len += size == 1 ? 1u : word_size(d);
        return true;
    }
    return (sub == 2 || sub == 3) && modrm_operand(d, size, true);
}

static bool twobyte(struct tw_decoder *d, struct tw_insn *in, uint16_t ip)
{
    uint8_t op = d->p[d->len++];
    if (op >= 0x80 && op <= 0x8F && !d->opsize) { /* Jcc rel16 */
        int16_t rel = (int16_t)(d->p[d->len] | d->p[d->len + 1] << 8);
        d->len += 2;
        in->kind = TW_JCC;
        in->target = (uint16_t)(ip + d->len + rel);
        return true;
    }
    if (op == 0xB6 || op == 0xBE) /* MOVZX/MOVSX r, r/m8 */
        return modrm_operand(d, 1, false);
    if (op == 0xB7 || op == 0xBF)
        return modrm_operand(d, 2, false);
    return false;
}

static bool jump(struct tw_decoder *d, struct tw_insn *in, uint16_t ip, uint8_t op)
{
    bool near16 = op == 0xE9;
    if (d->opsize) /* EIP beyond 16 bits: not this loop */
        return false;
    int16_t rel = near16 ? (int16_t)(d->p[d->len] | d->p[d->len + 1] << 8)
                         : (int16_t)(int8_t)d->p[d->len];
    d->len += near16 ? 2u : 1u;
    in->kind = op == 0xEB || op == 0xE9 ? TW_JMP : TW_JCC;
    in->target = (uint16_t)(ip + d->len + rel);
    return true;
}

/* Instructions without a memory operand that touch only registers and
 * flags: their length after the opcode, or -1. */
static int plain_len(const struct tw_decoder *d, uint8_t op)
{
    if (op >= 0x40 && op <= 0x4F) /* INC/DEC r */
        return 0;
    if (op >= 0x90 && op <= 0x99) /* NOP, XCHG AX,r, CBW, CWD */
        return 0;
    if (op == 0x9E || op == 0x9F || op == 0xF5 || op == 0xF8 || op == 0xF9 || op == 0xFC ||
        op == 0xFD) /* SAHF LAHF CMC CLC STC CLD STD */
        return 0;
    if (op >= 0xB0 && op <= 0xB7) /* MOV r8, imm8 */
        return 1;
    if (op >= 0xB8 && op <= 0xBF)
        return (int)word_size(d);
    if (op < 0x40 && (op & 7u) == 4) /* ALU AL, imm8 */
        return 1;
    if (op < 0x40 && (op & 7u) == 5)
        return (int)word_size(d);
    if (op == 0xA8)
        return 1;
    if (op == 0xA9)
        return (int)word_size(d);
    return -1;
}

static bool opcode(struct tw_decoder *d, struct tw_insn *in, uint16_t ip, uint8_t op)
{
    int n = plain_len(d, op);
    if (n >= 0) {
        d->len += (unsigned)n;
        return true;
    }
    if (op < 0x40 && (op & 7u) < 4)
        return alu_modrm(d, op);
    switch (op) {
    case 0x0F:
        return twobyte(d, in, ip);
    case 0x80:
    case 0x81:
    case 0x83:
        return alu_imm(d, op);
    case 0x84: /* TEST r/m, r */
    case 0x8A: /* MOV r, r/m */
        return modrm_operand(d, 1, false);
    case 0x85:
    case 0x8B:
        return modrm_operand(d, word_size(d), false);
    case 0x88: /* MOV r/m, r: registers only */
        return modrm_operand(d, 1, true);
    case 0x89:
    case 0x8C: /* MOV r/m, Sreg */
        return modrm_operand(d, 2, true);
    case 0xA0: /* MOV AL/AX, [moffs] */
    case 0xA1: {
        uint16_t off = (uint16_t)(d->p[d->len] | d->p[d->len + 1] << 8);
        d->len += 2;
        return mem_read_ok(d, TW_DS, off, op == 0xA0 ? 1u : word_size(d));
    }
    case 0xF6:
    case 0xF7:
        return group3(d, op);
    case 0xFE: /* INC/DEC r/m: registers only */
    case 0xFF:
        return ((d->p[d->len] >> 3) & 7u) < 2 && modrm_operand(d, 2, true);
    case 0xE0: /* LOOPNE LOOPE LOOP JCXZ */
    case 0xE1:
    case 0xE2:
    case 0xE3:
    case 0xE9:
    case 0xEB:
        return jump(d, in, ip, op);
    default:
        if (op >= 0x70 && op <= 0x7F)
            return jump(d, in, ip, op);
        return false;
    }
}

/* One instruction at cs:ip from the bytes at p. */
static void decode(const struct tw_ctx *ctx, const uint8_t *p, uint16_t ip, struct tw_insn *in)
{
    struct tw_decoder d = {.ctx = ctx, .p = p, .seg = TW_NOSEG};
    *in = (struct tw_insn){.kind = TW_PLAIN};
    for (unsigned i = 0; i < 4; i++) { /* prefixes */
        static const uint8_t seg_prefix[6] = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65};
        const uint8_t *s = memchr(seg_prefix, p[d.len], sizeof seg_prefix);
        if (s)
            d.seg = (unsigned)(s - seg_prefix);
        else if (p[d.len] == 0x66)
            d.opsize = true;
        else
            break;
        d.len++;
    }
    uint8_t op = p[d.len++];
    if (!opcode(&d, in, ip, op) || d.len > TW_FETCH_BYTES) {
        in->kind = TW_BAD;
        return;
    }
    in->len = d.len;
    in->reads_ticks = d.reads_ticks;
}

/* The block at ip, as QEMU cuts it: instructions up to the first jump
 * (none of the others here ends a block). */
struct tw_block {
    uint16_t ip;
    uint16_t next[2]; /* where it goes on: the jump's target, the fall-through */
    unsigned nnext;
    bool reads_ticks;
};

static bool decode_block(const struct tw_ctx *ctx, uint16_t ip, struct tw_block *b)
{
    *b = (struct tw_block){.ip = ip};
    for (unsigned i = 0; i < TW_MAX_INSNS; i++) {
        uint32_t lin = ctx->seg_base[TW_CS] + ip;
        if ((uint32_t)ip + TW_FETCH_BYTES > TW_OFFSET_LIMIT)
            return false;
        const uint8_t *p = mem_ptr(ctx->cpu->mem, lin, TW_FETCH_BYTES);
        struct tw_insn in;
        if (!p)
            return false;
        decode(ctx, p, ip, &in);
        if (in.kind == TW_BAD)
            return false;
        b->reads_ticks |= in.reads_ticks;
        ip = (uint16_t)(ip + in.len);
        if (in.kind == TW_PLAIN)
            continue;
        b->next[b->nnext++] = in.target;
        if (in.kind == TW_JCC)
            b->next[b->nnext++] = ip;
        return true;
    }
    return false;
}

/* The loop around ip: the blocks reachable from it nearby that are made
 * of our instructions (others are where the loop is left). */
struct tw_loop {
    struct tw_block block[TW_MAX_BLOCKS];
    unsigned n;
    bool reads_ticks;
    bool closes; /* some block jumps back to the first */
};

static bool in_loop(const struct tw_loop *l, uint16_t ip)
{
    for (unsigned i = 0; i < l->n; i++)
        if (l->block[i].ip == ip)
            return true;
    return false;
}

static bool near_ip(uint16_t a, uint16_t b)
{
    return (uint16_t)(a - b) < TW_NEAR_BYTES || (uint16_t)(b - a) < TW_NEAR_BYTES;
}

static void find_loop(const struct tw_ctx *ctx, struct tw_loop *l)
{
    uint16_t start = ctx->r.ip;
    *l = (struct tw_loop){0};
    if (!decode_block(ctx, start, &l->block[0]))
        return;
    l->n = 1;
    for (unsigned i = 0; i < l->n; i++) {
        const struct tw_block *b = &l->block[i];
        l->reads_ticks |= b->reads_ticks;
        for (unsigned k = 0; k < b->nnext; k++) {
            uint16_t to = b->next[k];
            l->closes |= to == start;
            if (in_loop(l, to) || !near_ip(to, start) || l->n == TW_MAX_BLOCKS)
                continue;
            if (decode_block(ctx, to, &l->block[l->n]))
                l->n++;
        }
    }
}

/* Everything one turn of the loop could change. */
struct tw_snapshot {
    struct cpu_state st;
    struct cpu_regs r;
};

static void snapshot(struct cpu *c, struct tw_snapshot *s)
{
    memset(s, 0, sizeof *s);
    cpu_get_state(c, &s->st);
    cpu_get_regs(c, &s->r);
    s->st.eip = 0; /* may read back linear after a count stop: r.ip is the IP */
}

static bool same_state(const struct tw_snapshot *a, const struct tw_snapshot *b)
{
    return memcmp(&a->st, &b->st, sizeof a->st) == 0 && memcmp(&a->r, &b->r, sizeof a->r) == 0;
}

/* Run the loop one block at a time until it is back where it started:
 * true when it got there without leaving it, in the state it left. */
static bool turns_in_place(struct cpu *c, const struct tw_loop *l)
{
    struct tw_snapshot before, after;
    snapshot(c, &before);
    for (unsigned i = 0; i < TW_PROBE_BLOCKS; i++) {
        if (cpu_run(c, TW_ONE_BLOCK_BUDGET) != CPU_STOP_BUDGET)
            return false;
        snapshot(c, &after);
        if (after.r.cs != before.r.cs || !in_loop(l, after.r.ip))
            return false;
        if (after.r.ip == before.r.ip)
            return same_state(&before, &after);
    }
    return false;
}

bool cpu_tick_wait(struct cpu *c)
{
    if (c->broken || cpu_pm(c))
        return false;
    struct tw_ctx ctx = {.cpu = c};
    cpu_get_regs(c, &ctx.r);
    if (ctx.r.flags & CPU_FLAG_TF)
        return false;
    const uint16_t sel[6] = {ctx.r.es, ctx.r.cs, ctx.r.ss, ctx.r.ds, ctx.r.fs, ctx.r.gs};
    for (unsigned i = 0; i < 6; i++)
        ctx.seg_base[i] = (uint32_t)sel[i] << TW_SEG_SHIFT;
    struct tw_loop loop;
    find_loop(&ctx, &loop);
    if (!loop.n || !loop.reads_ticks || !loop.closes)
        return false;
    return turns_in_place(c, &loop);
}
