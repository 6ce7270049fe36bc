/* Fuzz target: the guest-controlled chains DOS and the BIOS walk. Guest
 * memory gets a forged memory control block chain (signatures, owners and
 * sizes from the input, each block where the last one's size says), a
 * forged BIOS keyboard ring (its four pointers and sixteen keys) and any
 * other bytes (the environment, the PSPs); then the DOS and BIOS calls that
 * walk them run: memory (48h, 49h, 4Ah, 58h, 31h), EXEC of a small program
 * and its end (4B00h, 4Ch: the environment copy, the child's blocks),
 * UMB linking, INT 16h and the DOS console input functions.
 *
 * Input: a chain, a ring, then operations until the input ends (at most
 * MAX_OPS):
 *   chain    u8 where (the first MCB, the block after the root's, or a
 *            segment u16), u8 n (at most MAX_BLOCKS), n x (u8 kind, u16
 *            owner, u16 size): kind picks the signature ('M', 'Z', or the
 *            byte itself)
 *   ring     u16 start, end, head, tail (kept or replaced by u8 flags),
 *            16 x u16 keys
 *   0 MEM    u8 function, u16 BX, u16 ES     (48h, 49h, 4Ah, 5800h-5803h)
 *   1 EXEC   run C:\HELLO.COM (4B00h), the next op may end it
 *   2 END    u8 code: 4Ch of the current process, or 31h keeping u16
 *   3 KEY    u8 AH, u16 CX: INT 16h
 *   4 CON    u8 AH: INT 21h 01h, 06h (DL=FFh), 07h, 08h, 0Bh, 0Ch
 *   5 POKE   u16 seg, u16 off, u8 len, len bytes
 * Handle 0 is CON on the BIOS keyboard, as with a terminal.
 * Invariants: every call returns (libFuzzer's -timeout catches a loop); a
 * chain intact before a call is intact after it; the ring's pointers are
 * sane after every INT 16h call that reads or writes it; 48h/49h/4Ah fail only with DOS's errors
 * 7, 8 or 9; no descriptor leaks, no sanitizer report. */
#include <stdint.h>
#include <string.h>

#include "bios/bda.h"
#include "bus/mem.h"
#include "dosapi/dosdata.h"
#include "dosapi/mcb.h"
#include "tests/fuzz/fdp.h"
#include "tests/fuzz/fz.h"

#define MAX_OPS 48
#define MAX_BLOCKS 24
#define OP_KINDS 6
#define RING_KEYS 16
#define SCRATCH_SEG 0x9000u     /* parameter block and path for EXEC */
#define WHERE_FIRST 0
#define WHERE_AFTER_ROOT 1
#define FLAG_KEEP_BOUNDS 0x01   /* ring: start/end stay 1Eh/3Eh */
#define FLAG_EVEN 0x02          /* ring: head and tail made even offsets in it */
#define CF 0x0001
#define INT16_VEC_LIN (0x16 * 4)

static uint32_t g_int16_vec;    /* the BIOS's vector, before the forgery */

enum { OP_MEM, OP_EXEC, OP_END, OP_KEY, OP_CON, OP_POKE };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_tree_init();
    return 0;
}

static void make_drives(void)
{
    static const uint8_t hello[] = {0xB4, 0x09, 0xBA, 0x09, 0x01, 0xCD, 0x21,
                                    0xCD, 0x20, 'h', 'i', '$'};
    fz_reset_dir("c");
    fz_reset_dir("f");
    fz_write("c/HELLO.COM", hello, sizeof hello);
}

/* The MCB after the root process's blocks: where a program's memory is. */
static uint16_t after_root(struct mem *m)
{
    uint16_t at = DOS_FIRST_MCB;
    for (int i = 0; i < 4 && mem_rd8(m, (uint32_t)at << 4) == MCB_SIG_MID; i++)
        at = (uint16_t)(at + mcb_size(m, (uint16_t)(at + 1)) + 1);
    return at;
}

static uint8_t pick_sig(uint8_t kind)
{
    switch (kind & 3) {
    case 0:
    case 1: return MCB_SIG_MID;
    case 2: return MCB_SIG_LAST;
    default: return kind;
    }
}

/* Blocks one after another as their forged sizes place them. */
static void forge_chain(struct mem *m, struct fdp *in)
{
    uint8_t where = fdp_u8(in);
    uint16_t seg = where == WHERE_FIRST ? DOS_FIRST_MCB
                   : where == WHERE_AFTER_ROOT ? after_root(m) : fdp_u16(in);
    unsigned n = fdp_u8(in) % (MAX_BLOCKS + 1);
    for (unsigned i = 0; i < n; i++) {
        uint8_t kind = fdp_u8(in);
        uint16_t owner = fdp_u16(in), size = fdp_u16(in);
        if (kind & 0x80)
            size &= 0xFF;       /* small blocks: long chains */
        mcb_write(m, seg, pick_sig(kind), owner, size, NULL);
        seg = (uint16_t)(seg + size + 1);
    }
}

static void forge_ring(struct mem *m, struct fdp *in)
{
    uint8_t flags = fdp_u8(in);
    uint16_t start = fdp_u16(in), end = fdp_u16(in), head = fdp_u16(in), tail = fdp_u16(in);
    if (flags & FLAG_KEEP_BOUNDS) {
        start = BDA_KBD_BUFFER;
        end = BDA_KBD_BUFFER_END;
    }
    if ((flags & FLAG_EVEN) && end > start) {
        head = (uint16_t)(start + ((head % (end - start)) & ~1u));
        tail = (uint16_t)(start + ((tail % (end - start)) & ~1u));
    }
    mem_wr16(m, BDA_LIN + BDA_KBD_START, start);
    mem_wr16(m, BDA_LIN + BDA_KBD_END, end);
    mem_wr16(m, BDA_LIN + BDA_KBD_HEAD, head);
    mem_wr16(m, BDA_LIN + BDA_KBD_TAIL, tail);
    for (unsigned i = 0; i < RING_KEYS; i++)
        mem_wr16(m, BDA_LIN + BDA_KBD_BUFFER + 2 * i, fdp_u16(in));
}

static void check_ring(struct mem *m)
{
    uint16_t start = mem_rd16(m, BDA_LIN + BDA_KBD_START), end = mem_rd16(m, BDA_LIN + BDA_KBD_END);
    uint16_t head = mem_rd16(m, BDA_LIN + BDA_KBD_HEAD), tail = mem_rd16(m, BDA_LIN + BDA_KBD_TAIL);
    FZ_CHECK(start < end && !((end - start) & 1), "ring bounds %04X-%04X after a call", start,
             end);
    FZ_CHECK(head >= start && head < end && !((head - start) & 1), "ring head %04X", head);
    FZ_CHECK(tail >= start && tail < end && !((tail - start) & 1), "ring tail %04X", tail);
}

static struct cpu_regs regs(uint16_t ax)
{
    return (struct cpu_regs){.ax = ax, .cs = 0x1000, .ip = 0x0102, .ss = 0x1000, .sp = 0xFFF0,
                             .ds = 0x1000, .es = 0x1000, .flags = 0x0202};
}

static const uint8_t k_mem_fns[] = {0x48, 0x49, 0x4A, 0x58};

static void op_mem(struct fz_dos *fd, struct fdp *in)
{
    uint8_t fn = k_mem_fns[fdp_u8(in) % sizeof k_mem_fns];
    struct cpu_regs r = regs((uint16_t)(fn << 8 | fdp_u8(in) % 4));
    r.bx = fdp_u16(in);
    r.es = fdp_u16(in);
    fz_dos_int(fd, 0x21, &r);
    if (fn != 0x58 && (r.flags & CF))
        FZ_CHECK(r.ax == 7 || r.ax == 8 || r.ax == 9, "%02Xh failed with error %u", fn, r.ax);
}

/* 4B00h C:\HELLO.COM with an empty tail; the parameter block and path
 * live at SCRATCH_SEG (in the forged memory, like a program's data: they
 * are written before the chain is judged, as a poke is). */
static void exec_prepare(struct mem *m)
{
    static const char path[] = "C:\\HELLO.COM";
    uint16_t pb[7] = {0, 0x20, SCRATCH_SEG, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF};
    uint8_t tail[2] = {0, 0x0D};
    mem_write_far(m, SCRATCH_SEG, 0, path, sizeof path);
    mem_write_far(m, SCRATCH_SEG, 0x20, tail, sizeof tail);
    mem_write_far(m, SCRATCH_SEG, 0x40, pb, sizeof pb);
}

static void op_exec(struct fz_dos *fd)
{
    struct cpu_regs r = regs(0x4B00);
    r.ds = r.es = SCRATCH_SEG;
    r.dx = 0;
    r.bx = 0x40;
    fz_dos_int(fd, 0x21, &r);
}

static void op_end(struct fz_dos *fd, struct fdp *in)
{
    uint8_t code = fdp_u8(in);
    struct cpu_regs r = regs(code & 0x80 ? 0x3100 : 0x4C00);
    r.ax |= code;
    r.dx = fdp_u16(in);
    fz_dos_int(fd, 0x21, &r);
}

static const uint8_t k_key_fns[] = {0x00, 0x01, 0x02, 0x05, 0x10, 0x11, 0x12};
#define KEY_SHIFT_FLAGS 0x02    /* 02h and 12h read the flags, not the ring */
#define KEY_SHIFT_FLAGS_EXT 0x12
static const uint8_t k_con_fns[] = {0x01, 0x06, 0x07, 0x08, 0x0B, 0x0C};

static void op_key(struct fz_dos *fd, struct fdp *in)
{
    struct mem *m = fz_dos_mem(fd);
    uint8_t fn = k_key_fns[fdp_u8(in) % sizeof k_key_fns];
    struct cpu_regs r = regs((uint16_t)(fn << 8));
    r.cx = fdp_u16(in);
    /* A forged block may land on the vector table: INT 16h then goes to
     * whatever the vector says, not to the BIOS. */
    bool bios = mem_rd32(m, INT16_VEC_LIN) == g_int16_vec;
    fz_dos_int(fd, 0x16, &r);
    if (bios && fn != KEY_SHIFT_FLAGS && fn != KEY_SHIFT_FLAGS_EXT)
        check_ring(m);
}

static void op_con(struct fz_dos *fd, struct fdp *in)
{
    uint8_t fn = k_con_fns[fdp_u8(in) % sizeof k_con_fns];
    struct cpu_regs r = regs((uint16_t)(fn << 8 | (fn == 0x0C ? 0x01 : 0)));
    r.dx = 0x00FF;
    fz_dos_int(fd, 0x21, &r);   /* may not reach the ring (input ended, no key) */
}

static void op_poke(struct mem *m, struct fdp *in)
{
    uint16_t seg = fdp_u16(in), off = fdp_u16(in);
    size_t n = fdp_u8(in);
    const uint8_t *p = fdp_take(in, &n);
    mem_write_far(m, seg, off, p, n);
}

#define PSP_PARAS_FZ 0x10
#define MCB_HEADER_BYTES 16

/* The current process's PSP (INT 21h 62h). */
static uint16_t cur_psp(struct fz_dos *fd)
{
    struct cpu_regs r = regs(0x6200);
    fz_dos_int(fd, 0x21, &r);
    return r.bx;
}

/* An MCB header of the (intact) chain in linear [lo, hi): DOS writes the
 * PSP's fields (the saved SS:SP at EXEC) and the BIOS stores keys in the
 * ring, so a chain forged under either is the program's own doing. */
static bool chain_in(struct mem *m, uint32_t lo, uint32_t hi)
{
    uint16_t at = DOS_FIRST_MCB;
    for (unsigned n = 0; n < 0x10000; n++) {
        uint32_t lin = (uint32_t)at << 4;
        if (lin + MCB_HEADER_BYTES > lo && lin < hi)
            return true;
        if (mem_rd8(m, lin) != MCB_SIG_MID)
            return false;
        at = (uint16_t)(at + mcb_size(m, (uint16_t)(at + 1)) + 1);
    }
    return false;
}

static bool chain_under(struct fz_dos *fd, uint8_t op)
{
    struct mem *m = fz_dos_mem(fd);
    if (op == OP_EXEC || op == OP_END) {
        uint32_t psp = (uint32_t)cur_psp(fd) << 4;
        return chain_in(m, psp, psp + PSP_PARAS_FZ * 16);
    }
    if (op == OP_KEY)
        return chain_in(m, BDA_LIN + mem_rd16(m, BDA_LIN + BDA_KBD_START),
                        BDA_LIN + mem_rd16(m, BDA_LIN + BDA_KBD_END));
    return false;
}

/* A chain intact before a call that is not a poke stays intact (unless
 * the program forged it under its own PSP or keyboard ring). */
static void run_ops(struct fz_dos *fd, struct fdp *in)
{
    struct mem *m = fz_dos_mem(fd);
    for (int i = 0; i < MAX_OPS && fdp_left(in) && !fz_dos_ended(fd); i++) {
        uint8_t op = fdp_u8(in) % OP_KINDS;
        if (op == OP_EXEC)
            exec_prepare(m);
        bool intact = mcb_check(m, DOS_FIRST_MCB) == 0;
        intact = intact && !chain_under(fd, op);
        switch (op) {
        case OP_MEM: op_mem(fd, in); break;
        case OP_EXEC: op_exec(fd); break;
        case OP_END: op_end(fd, in); break;
        case OP_KEY: op_key(fd, in); break;
        case OP_CON: op_con(fd, in); break;
        default: op_poke(m, in); break;
        }
        if (op != OP_POKE && !fz_dos_ended(fd))
            FZ_CHECK(!intact || mcb_check(m, DOS_FIRST_MCB) == 0,
                     "operation %u broke an intact MCB chain", op);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fdp in = {data, size};
    fz_fd_baseline();
    make_drives();
    static const uint8_t no_input[1];
    struct fz_dos_config cfg = {.stdin_bytes = no_input, .stdin_len = 0, .keyboard_console = true};
    struct fz_dos *fd = fz_dos_new(&cfg, NULL);
    struct mem *m = fz_dos_mem(fd);
    g_int16_vec = mem_rd32(m, INT16_VEC_LIN);
    forge_chain(m, &in);
    forge_ring(m, &in);
    run_ops(fd, &in);
    fz_fd_check_inside();
    fz_dos_free(fd);
    fz_fd_check_none();
    fz_alloc_check_none();
    fz_check_outside();
    return 0;
}
