/* Random cases for the lockstep tests: instruction streams biased towards
 * what real-mode DOS code runs (ALU forms, moves, the stack, string ops
 * with REP, jumps that stay near the code, segment loads, port I/O to the
 * test device, some x87 and system instructions that the interpreter
 * hands to Unicorn), and register files that point segments at RAM, the
 * device slot, the HMA window or the code itself. */
#include <string.h>

#include "tests/lockstep/ls.h"

#define CODE_SEG 0x1000u
#define CODE_IP 0x0100u
#define STREAM_BYTES 160
#define CASE_STEPS 48
#define DEV_SEG 0xA000u
#define HMA_SEG 0xFFFFu

static unsigned rnd(uint64_t *rng, unsigned n)
{
    return (unsigned)(ls_rand(rng) % n);
}

/* Opcodes that take a ModRM byte (one-byte map). */
static bool has_modrm(unsigned op)
{
    if (op < 0x40)
        return (op & 7) < 4;
    return (op >= 0x62 && op <= 0x63) || op == 0x69 || op == 0x6B || (op >= 0x80 && op <= 0x8F) ||
           (op >= 0xC0 && op <= 0xC1) || (op >= 0xC4 && op <= 0xC7) ||
           (op >= 0xD0 && op <= 0xD3) || (op >= 0xD8 && op <= 0xDF) || op >= 0xF6;
}

/* Immediate bytes of a one-byte opcode (16-bit operands, 2 with 66h: 4). */
static unsigned imm_bytes(unsigned op, bool o32)
{
    unsigned v = o32 ? 4 : 2;
    if (op < 0x40)
        return (op & 7) == 4 ? 1 : (op & 7) == 5 ? v : 0;
    if (op == 0x68 || op == 0x69 || op == 0x81 || op == 0xA9 || op == 0xC7 ||
        (op >= 0xB8 && op <= 0xBF) || op == 0xE8 || op == 0xE9)
        return v;
    if (op == 0x6A || op == 0x6B || op == 0x80 || op == 0x82 || op == 0x83 || op == 0xA8 ||
        (op >= 0xB0 && op <= 0xB7) || op == 0xC0 || op == 0xC1 || op == 0xC6 || op == 0xCD ||
        op == 0xD4 || op == 0xD5 || (op >= 0x70 && op <= 0x7F) || (op >= 0xE0 && op <= 0xE7) ||
        op == 0xEB)
        return 1;
    if (op == 0xC2 || op == 0xCA)
        return 2;
    if (op == 0xC8)
        return 3;
    if (op >= 0xA0 && op <= 0xA3)
        return 2;
    if (op == 0x9A || op == 0xEA)
        return v + 2;
    return 0;
}

static const uint8_t k_common[] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x10, 0x11, 0x12,
    0x13, 0x14, 0x15, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25,
    0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x38, 0x39, 0x3A,
    0x3B, 0x3C, 0x3D, 0x40, 0x43, 0x47, 0x48, 0x4B, 0x4E, 0x50, 0x51, 0x53, 0x56, 0x58, 0x59,
    0x5B, 0x5E, 0x80, 0x81, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8D,
    0x90, 0x91, 0x93, 0x98, 0x99, 0x9C, 0xA0, 0xA1, 0xA2, 0xA3, 0xA8, 0xA9, 0xB0, 0xB4, 0xB8,
    0xBB, 0xBE, 0xC0, 0xC1, 0xC6, 0xC7, 0xD0, 0xD1, 0xD2, 0xD3, 0xF6, 0xF7, 0xFE, 0xFF, 0xF8,
    0xF9, 0xF5, 0xFC, 0xFD, 0x9E, 0x9F, 0xD7, 0x70, 0x72, 0x74, 0x75, 0x76, 0x7C, 0x7E, 0xEB,
    0xE2, 0xE3,
};
static const uint8_t k_rare[] = {
    0x06, 0x07, 0x0E, 0x16, 0x17, 0x1E, 0x1F, 0x27, 0x2F, 0x37, 0x3F, 0x60, 0x61, 0x68, 0x69,
    0x6A, 0x6B, 0x8E, 0x8F, 0x9A, 0x9D, 0xA4, 0xA5, 0xA6, 0xA7, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE,
    0xAF, 0xC2, 0xC3, 0xC4, 0xC5, 0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0xD4, 0xD5,
    0xD6, 0xE0, 0xE1, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEC, 0xED, 0xEE, 0xEF, 0xF4,
    0xFA, 0xFB, 0xD8, 0xD9, 0xDB, 0xDD, 0xDF, 0x9B, 0x62, 0x63, 0xD6,
};
/* Two-byte opcodes (after 0Fh) and whether they take ModRM / an imm8. */
static const uint8_t k_two[] = {
    0x80, 0x84, 0x85, 0x8C, 0x8F, 0x90, 0x94, 0x95, 0x9C, 0x9F, 0xA0, 0xA1, 0xA3, 0xA8, 0xA9,
    0xAB, 0xAF, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF, 0xC8,
    0xCB, 0x40, 0x44, 0x4F, 0xA2, 0xA4, 0xA5, 0xAC, 0xAD, 0xB0, 0xB1, 0xC0, 0xC1, 0x0B,
    0x00, 0x20,
};

static bool two_modrm(unsigned op)
{
    return !((op >= 0x80 && op <= 0x8F) || op == 0xA0 || op == 0xA1 || op == 0xA8 ||
             op == 0xA9 || (op >= 0xC8 && op <= 0xCF) || op == 0xA2 || op == 0x31 || op == 0x0B);
}

struct out {
    uint8_t *p;
    size_t n, cap;
};

static void put(struct out *o, unsigned b)
{
    if (o->n < o->cap)
        o->p[o->n++] = (uint8_t)b;
}

static void put_rand(struct out *o, uint64_t *rng, unsigned n)
{
    while (n--)
        put(o, (unsigned)ls_rand(rng));
}

/* ModRM (and SIB, displacement); registers mostly, small displacements. */
static void put_modrm(struct out *o, uint64_t *rng, bool a32)
{
    unsigned m = rnd(rng, 256);
    if (rnd(rng, 5) < 2)
        m |= 0xC0;
    put(o, m);
    unsigned mod = m >> 6, rm = m & 7;
    if (mod == 3)
        return;
    if (!a32) {
        unsigned disp = mod == 1 ? 1 : (mod == 2 || (mod == 0 && rm == 6)) ? 2 : 0;
        put_rand(o, rng, disp);
        return;
    }
    unsigned base = rm;
    if (rm == 4) {
        unsigned sib = rnd(rng, 256);
        put(o, sib);
        base = sib & 7;
    }
    unsigned disp = mod == 1 ? 1 : mod == 2 || (mod == 0 && base == 5) ? 4 : 0;
    for (unsigned i = 0; i < disp; i++)
        put(o, i < 2 ? (unsigned)ls_rand(rng) : 0);     /* keep 32-bit addresses low */
}

/* A forward 16/32-bit branch displacement below max. */
static void put_rel(struct out *o, uint64_t *rng, bool o32, unsigned max)
{
    put(o, rnd(rng, max));
    put(o, 0);
    if (o32) {
        put(o, 0);
        put(o, 0);
    }
}

static bool is_branch8(unsigned op)
{
    return (op >= 0x70 && op <= 0x7F) || (op >= 0xE0 && op <= 0xE3) || op == 0xEB;
}

static void put_insn(struct out *o, uint64_t *rng)
{
    bool o32 = rnd(rng, 8) == 0, a32 = rnd(rng, 64) == 0;
    if (rnd(rng, 10) == 0)
        put(o, (unsigned[]){0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65}[rnd(rng, 6)]);
    if (o32)
        put(o, 0x66);
    if (a32)
        put(o, 0x67);
    unsigned pick = rnd(rng, 16);
    if (pick == 0) {
        unsigned op = k_two[rnd(rng, sizeof k_two)];
        put(o, 0x0F);
        put(o, op);
        if (two_modrm(op))
            put_modrm(o, rng, a32);
        if (op == 0xBA || op == 0xA4 || op == 0xAC)
            put_rand(o, rng, 1);
        if (op >= 0x80 && op <= 0x8F)
            put_rel(o, rng, o32, 40);
        return;
    }
    unsigned op = pick < 4 ? k_rare[rnd(rng, sizeof k_rare)] : k_common[rnd(rng, sizeof k_common)];
    if ((op >= 0xA4 && op <= 0xAF) && rnd(rng, 2))
        put(o, rnd(rng, 2) ? 0xF3 : 0xF2);
    put(o, op);
    if (has_modrm(op))
        put_modrm(o, rng, a32);
    unsigned n = imm_bytes(op, o32);
    if (is_branch8(op)) {
        put(o, (unsigned)(rnd(rng, 48) - 16));
    } else if (op == 0xE8 || op == 0xE9) {
        put_rel(o, rng, o32, 96);
    } else if (op == 0xE4 || op == 0xE5 || op == 0xE6 || op == 0xE7) {
        put(o, 0x60 + rnd(rng, 16));
    } else if (op == 0xCD) {
        put(o, rnd(rng, 256));
    } else {
        put_rand(o, rng, n);
    }
}

static uint16_t pick_seg(uint64_t *rng)
{
    switch (rnd(rng, 12)) {
    case 0:
        return DEV_SEG;
    case 1:
        return HMA_SEG;
    case 2:
        return CODE_SEG;
    default:
        return (uint16_t)(0x0100 + rnd(rng, 0x9000));
    }
}

void ls_random_regs(uint64_t *rng, struct ls_case *c)
{
    for (unsigned i = 0; i < 8; i++) {
        c->r[i] = (uint32_t)ls_rand(rng);
        if (rnd(rng, 10) < 7)
            c->r[i] &= 0xFFFF;
    }
    c->r[4] = 0x100 + 2 * rnd(rng, 0x7F00);      /* SP: even, with room both ways */
    c->sel[0] = pick_seg(rng);
    c->sel[1] = CODE_SEG;
    c->sel[2] = (uint16_t)(0x0200 + rnd(rng, 0x9000));
    c->sel[3] = pick_seg(rng);
    c->sel[4] = pick_seg(rng);
    c->sel[5] = pick_seg(rng);
    c->ip = CODE_IP;
    c->flags = (uint16_t)(ls_rand(rng) & 0x0ED5);   /* CF PF AF ZF SF IF DF OF */
    if (rnd(rng, 32) == 0)
        c->flags |= 0x0100;                          /* TF: single steps */
}

void ls_random_case(uint64_t *rng, struct ls_case *c)
{
    memset(c, 0, sizeof *c);
    struct out o = {c->code, 0, STREAM_BYTES};
    while (o.n + 16 < o.cap)
        put_insn(&o, rng);
    c->ncode = o.n;
    ls_no_rdtsc(c->code, c->ncode);
    ls_random_regs(rng, c);
    c->steps = CASE_STEPS;
    c->how = LS_BLOCK;
}
