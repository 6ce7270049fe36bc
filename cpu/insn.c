/* x86 instruction lengths from the opcode maps (Intel SDM Vol. 2, Appendix
 * A: one-byte and two-byte opcode maps, ModR/M and SIB addressing forms).
 * Only lengths: what an instruction does is Unicorn's business. */
#include "cpu/insn.h"

#include "base/common.h"

enum {
    F_MODRM = 1 << 0,
    F_IB = 1 << 1,    /* 8-bit immediate */
    F_IW = 1 << 2,    /* 16-bit immediate */
    F_IZ = 1 << 3,    /* 16 or 32 bits by operand size */
    F_MOFFS = 1 << 4, /* an offset of the address size (MOV A0h-A3h) */
    F_PREFIX = 1 << 5,
    F_GROUP3 = 1 << 6, /* F6h/F7h: TEST (reg 0, 1) has an immediate */
};

/* Designators for runs of 2, 4, 8 and 16 opcodes with the same flags. */
#define R2(a, f) [(a)] = (f), [(a) + 1] = (f)
#define R4(a, f) R2(a, f), R2((a) + 2, f)
#define R8(a, f) R4(a, f), R4((a) + 4, f)
#define R16(a, f) R8(a, f), R8((a) + 8, f)
#define ALU_ROW(x) R4(x, F_MODRM), [(x) + 4] = F_IB, [(x) + 5] = F_IZ

static const uint8_t k_one[256] = {
    ALU_ROW(0x00),
    ALU_ROW(0x08),
    ALU_ROW(0x10),
    ALU_ROW(0x18),
    ALU_ROW(0x20),
    ALU_ROW(0x28),
    ALU_ROW(0x30),
    ALU_ROW(0x38),
    [0x26] = F_PREFIX,
    [0x2E] = F_PREFIX,
    [0x36] = F_PREFIX,
    [0x3E] = F_PREFIX,
    R2(0x62, F_MODRM),
    R4(0x64, F_PREFIX),
    [0x68] = F_IZ,
    [0x69] = F_MODRM | F_IZ,
    [0x6A] = F_IB,
    [0x6B] = F_MODRM | F_IB,
    R16(0x70, F_IB), /* Jcc rel8 */
    [0x80] = F_MODRM | F_IB,
    [0x81] = F_MODRM | F_IZ,
    R2(0x82, F_MODRM | F_IB),
    R4(0x84, F_MODRM),
    R8(0x88, F_MODRM),
    [0x9A] = F_IW | F_IZ, /* CALL ptr16:16/32 */
    R4(0xA0, F_MOFFS),
    [0xA8] = F_IB,
    [0xA9] = F_IZ,
    R8(0xB0, F_IB),
    R8(0xB8, F_IZ),
    R2(0xC0, F_MODRM | F_IB),
    [0xC2] = F_IW,
    R2(0xC4, F_MODRM),
    [0xC6] = F_MODRM | F_IB,
    [0xC7] = F_MODRM | F_IZ,
    [0xC8] = F_IW | F_IB, /* ENTER iw, ib */
    [0xCA] = F_IW,
    [0xCD] = F_IB,
    R4(0xD0, F_MODRM),
    R2(0xD4, F_IB),
    R8(0xD8, F_MODRM),
    R8(0xE0, F_IB),
    R2(0xE8, F_IZ),
    [0xEA] = F_IW | F_IZ,
    [0xEB] = F_IB,
    [0xF0] = F_PREFIX,
    R2(0xF2, F_PREFIX),
    R2(0xF6, F_MODRM | F_GROUP3),
    R2(0xFE, F_MODRM),
};

/* 0Fh xx; 38h and 3Ah lead to three-byte opcodes. */
static const uint8_t k_two[256] = {
    R4(0x00, F_MODRM),        [0x0D] = F_MODRM,
    [0x0F] = F_MODRM | F_IB, /* 3DNow! */
    R16(0x10, F_MODRM),       R4(0x20, F_MODRM),
    R8(0x28, F_MODRM),        R16(0x40, F_MODRM),
    R16(0x50, F_MODRM),       R16(0x60, F_MODRM),
    R4(0x70, F_MODRM | F_IB), R2(0x74, F_MODRM),
    [0x76] = F_MODRM, /* 77h: EMMS */
    R8(0x78, F_MODRM),        R16(0x80, F_IZ),
    R16(0x90, F_MODRM), /* Jcc rel16/32, SETcc */
    [0xA3] = F_MODRM,         [0xA4] = F_MODRM | F_IB,
    [0xA5] = F_MODRM,         [0xAB] = F_MODRM,
    [0xAC] = F_MODRM | F_IB,  [0xAD] = F_MODRM,
    R2(0xAE, F_MODRM),        R8(0xB0, F_MODRM),
    R2(0xB8, F_MODRM),        [0xBA] = F_MODRM | F_IB,
    [0xBB] = F_MODRM,         R4(0xBC, F_MODRM),
    R2(0xC0, F_MODRM),        [0xC2] = F_MODRM | F_IB,
    [0xC3] = F_MODRM,         R2(0xC4, F_MODRM | F_IB),
    [0xC6] = F_MODRM | F_IB,  [0xC7] = F_MODRM,
    R16(0xD0, F_MODRM),       R16(0xE0, F_MODRM),
    R16(0xF0, F_MODRM),
};

#define OPC_ESCAPE 0x0F
#define OPC_THREE_38 0x38
#define OPC_THREE_3A 0x3A
#define PFX_OPSIZE 0x66
#define PFX_ADDRSIZE 0x67
#define MODRM_MOD(b) ((b) >> 6)
#define MODRM_REG(b) (((b) >> 3) & 7)
#define MODRM_RM(b) ((b)&7)
#define RM_SIB 4
#define RM_DISP16 6
#define RM_DISP32 5

/* Bytes of ModR/M, SIB and displacement starting at p (which holds the
 * ModR/M byte): 0 when they run past n. */
static unsigned modrm_len(const uint8_t *p, size_t n, bool a32)
{
    if (n < 1)
        return 0;
    unsigned mod = MODRM_MOD(p[0]), rm = MODRM_RM(p[0]), len = 1;
    if (mod == 3)
        return 1;
    if (!a32) {
        len += mod == 1 ? 1 : mod == 2 ? 2 : rm == RM_DISP16 ? 2 : 0;
        return len <= n ? len : 0;
    }
    if (rm == RM_SIB) {
        if (n < 2)
            return 0;
        len++;
        if (mod == 0 && MODRM_RM(p[1]) == RM_DISP32)
            len += 4; /* SIB base 101b without a base register */
    }
    len += mod == 1 ? 1 : mod == 2 ? 4 : (rm == RM_DISP32 ? 4 : 0);
    return len <= n ? len : 0;
}

unsigned insn_len(const uint8_t *p, size_t n, bool op32)
{
    bool o32 = op32, a32 = op32;
    size_t i = 0;
    n = MIN(n, (size_t)INSN_MAX_BYTES);
    while (i < n && (k_one[p[i]] & F_PREFIX)) {
        o32 ^= p[i] == PFX_OPSIZE && o32 == op32;
        a32 ^= p[i] == PFX_ADDRSIZE && a32 == op32;
        i++;
    }
    if (i >= n)
        return 0;
    uint8_t op = p[i++], flags = k_one[op];
    if (op == OPC_ESCAPE) {
        if (i >= n)
            return 0;
        op = p[i++];
        flags = k_two[op];
        if (op == OPC_THREE_38 || op == OPC_THREE_3A) {
            if (i++ >= n)
                return 0;
            flags = F_MODRM | (op == OPC_THREE_3A ? F_IB : 0);
        }
    }
    if (flags & F_MODRM) {
        unsigned m = modrm_len(p + i, n - i, a32);
        if (!m)
            return 0;
        if ((flags & F_GROUP3) && MODRM_REG(p[i]) < 2)
            flags |= (op & 1) ? F_IZ : F_IB;
        i += m;
    }
    i += (flags & F_IB ? 1 : 0) + (flags & F_IW ? 2 : 0) + (flags & F_IZ ? (o32 ? 4 : 2) : 0) +
         (flags & F_MOFFS ? (a32 ? 4 : 2) : 0);
    return i <= n ? (unsigned)i : 0;
}

unsigned insn_count(const uint8_t *p, size_t n, bool op32)
{
    unsigned count = 0;
    size_t at = 0;
    while (at < n) {
        unsigned len = insn_len(p + at, n - at, op32);
        at += len ? len : 1;
        count++;
    }
    return count;
}
