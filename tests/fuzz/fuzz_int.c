/* Fuzz target: every software interrupt service (INT 21h, 10h, 16h, 1Ah,
 * 15h, 2Fh, 33h, 67h...; the vector comes from the input, so services
 * added later are fuzzed without changes here), the ROM callbacks (XMS
 * entry, EXEC return, CALL 5) and the critical-error path, with register
 * files and guest memory from the input.
 *
 * Input: a header, then operations until the input ends (at most
 * MAX_OPS):
 *   header   u16 fault ops mask, u8 nth, u8 errno index | 0x80 persistent
 *            (drive F: fails that way), u8 n, n bytes of standard input
 *   0 POKE   u16 seg, u16 off, u8 len, len bytes (wrapping in the segment)
 *   1 FILL   u16 seg, u16 off, u16 len, u8 byte
 *   2 CALL   u8 vec, 14 x u16 registers (AX BX CX DX SI DI BP SP IP CS DS
 *            ES SS FLAGS): the program executed INT vec just before CS:IP
 *   3 STUB   the same, arriving through the vector's ROM stub with an IRET
 *            frame at SS:SP (a program chaining to the original vector)
 *   4 CB     u8 k, registers: far call of ROM callback k, or for k = FFh
 *            of ES:BX as the last CALL or STUB returned it (the XMS entry
 *            from INT 2Fh AX=4310h)
 * Invariants after every input: no host descriptor outside the mounts,
 * none left open once the machine is freed, nothing outside the mounts
 * and nothing on the read-only drive changed, no sanitizer report. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "bios/rom.h"
#include "bus/mem.h"
#include "fs/fs.h"
#include "tests/fuzz/fdp.h"
#include "tests/fuzz/fz.h"

#define MAX_OPS 64
#define OP_KINDS 5
#define OP_INT 0xCD
#define INT_INSN_BYTES 2
#define CB_FROM_ESBX 0xFF
#define XMS_MB 1
#define EMS_MB 1

enum { OP_POKE, OP_FILL, OP_CALL, OP_STUB, OP_CB };

static const int k_errnos[] = {ENOSPC, EACCES, EIO, EROFS, ENOENT, EMFILE, EBUSY, EDQUOT};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_tree_init();
    return 0;
}

/* The host files the program finds on its drives. */
static void make_drives(void)
{
    static const uint8_t hello[] = {0xB4, 0x09, 0xBA, 0x09, 0x01, 0xCD, 0x21,
                                    0xCD, 0x20, 'h', 'i', '$'};
    fz_reset_dir("c");
    fz_reset_dir("f");
    fz_mkdir("c/SUB");
    fz_write("c/DATA.TXT", "line one\r\nline two\r\n\x1a", 21);
    fz_write("c/HELLO.COM", hello, sizeof hello);
    fz_write("c/SUB/FILE.TXT", "file\r\n", 6);
    fz_write("c/long file name.txt", "long\r\n", 6);
    fz_symlink("../outside", "c/UP");
    fz_symlink("../outside/SECRET.TXT", "c/SECRET.LNK");
    fz_write("f/FILE.TXT", "faulty\r\n", 8);
}

static void read_regs(struct fdp *in, struct cpu_regs *r)
{
    memset(r, 0, sizeof *r);
    r->ax = fdp_u16(in);
    r->bx = fdp_u16(in);
    r->cx = fdp_u16(in);
    r->dx = fdp_u16(in);
    r->si = fdp_u16(in);
    r->di = fdp_u16(in);
    r->bp = fdp_u16(in);
    r->sp = fdp_u16(in);
    r->ip = fdp_u16(in);
    r->cs = fdp_u16(in);
    r->ds = fdp_u16(in);
    r->es = fdp_u16(in);
    r->ss = fdp_u16(in);
    r->flags = fdp_u16(in);
}

static void op_poke(struct mem *m, struct fdp *in)
{
    uint16_t seg = fdp_u16(in), off = fdp_u16(in);
    size_t n = fdp_u8(in);
    const uint8_t *p = fdp_take(in, &n);
    mem_write_far(m, seg, off, p, n);
}

static void op_fill(struct mem *m, struct fdp *in)
{
    uint16_t seg = fdp_u16(in), off = fdp_u16(in), len = fdp_u16(in);
    uint8_t b = fdp_u8(in), buf[256];
    memset(buf, b, sizeof buf);
    for (uint32_t done = 0; done < len; done += sizeof buf) {
        uint32_t k = len - done < sizeof buf ? len - done : sizeof buf;
        mem_write_far(m, seg, (uint16_t)(off + done), buf, k);
    }
}

/* INT vec from the program's code at CS:IP-2. */
static void op_call(struct fz_dos *fd, struct fdp *in, struct cpu_regs *r)
{
    struct mem *m = fz_dos_mem(fd);
    uint8_t vec = fdp_u8(in), insn[INT_INSN_BYTES] = {OP_INT, vec};
    read_regs(in, r);
    mem_write_far(m, r->cs, (uint16_t)(r->ip - INT_INSN_BYTES), insn, sizeof insn);
    fz_dos_int(fd, vec, r);
}

/* INT vec executed by the ROM stub after the program pushed FLAGS, CS, IP. */
static void op_stub(struct fz_dos *fd, struct fdp *in, struct cpu_regs *r)
{
    struct mem *m = fz_dos_mem(fd);
    uint8_t vec = fdp_u8(in);
    read_regs(in, r);
    uint16_t frame[3] = {r->ip, r->cs, r->flags};
    r->sp = (uint16_t)(r->sp - sizeof frame);
    mem_write_far(m, r->ss, r->sp, frame, sizeof frame);
    r->cs = ROM_SEG;
    r->ip = (uint16_t)(rom_stub_off(vec) + INT_INSN_BYTES);
    fz_dos_int(fd, vec, r);
}

/* A far call into a callback stub (INT FEh inside it); far = the ES:BX
 * the last interrupt returned. */
static void op_cb(struct fz_dos *fd, struct fdp *in, struct cpu_regs *r, const uint16_t far[2])
{
    uint8_t k = fdp_u8(in);
    read_regs(in, r);
    if (k == CB_FROM_ESBX) {
        r->cs = far[0];
        r->ip = (uint16_t)(far[1] + INT_INSN_BYTES);
    } else {
        r->cs = ROM_SEG;
        r->ip = (uint16_t)(ROM_CALLBACKS + k * ROM_CALLBACK_BYTES + INT_INSN_BYTES);
    }
    fz_dos_int(fd, ROM_CALLBACK_VEC, r);
}

static void run_ops(struct fz_dos *fd, struct fdp *in)
{
    struct cpu_regs r = {0};
    uint16_t far[2] = {0, 0};
    for (int i = 0; i < MAX_OPS && fdp_left(in) && !fz_dos_ended(fd); i++) {
        uint8_t op = fdp_u8(in) % OP_KINDS;
        switch (op) {
        case OP_POKE: op_poke(fz_dos_mem(fd), in); break;
        case OP_FILL: op_fill(fz_dos_mem(fd), in); break;
        case OP_CALL: op_call(fd, in, &r); break;
        case OP_STUB: op_stub(fd, in, &r); break;
        default: op_cb(fd, in, &r, far); break;
        }
        if (op == OP_CALL || op == OP_STUB) {
            far[0] = r.es;
            far[1] = r.bx;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fdp in = {data, size};
    struct fs_fault_config fault = {0};
    fz_fd_baseline();
    make_drives();
    fault.ops = fdp_u16(&in);
    fault.nth = fdp_u8(&in);
    uint8_t e = fdp_u8(&in);
    fault.host_errno = k_errnos[(e & 0x7F) % (sizeof k_errnos / sizeof k_errnos[0])];
    fault.persistent = e & 0x80;
    size_t nin = fdp_u8(&in);
    const uint8_t *stdin_bytes = fdp_take(&in, &nin);
    struct fz_dos_config cfg = {.stdin_bytes = stdin_bytes, .stdin_len = nin, .xms_mb = XMS_MB,
                                .ems_mb = EMS_MB};
    struct fz_dos *fd = fz_dos_new(&cfg, fault.nth ? &fault : NULL);
    run_ops(fd, &in);
    fz_fd_check_inside();
    fz_dos_free(fd);
    fz_fd_check_none();
    fz_alloc_check_none();
    fz_check_outside();
    return 0;
}
