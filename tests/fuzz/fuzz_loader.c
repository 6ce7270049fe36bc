/* Fuzz target: the COM/MZ loader. The input is an executable file. It is
 * parsed and relocated by loader/ directly, then loaded by the DOS kernel
 * the way unidos starts a program (EXEC 4B00h from the root process), as
 * a child (4B01h) and as an overlay (4B03h) at a segment from the input.
 * Invariants: the MCB chain stays intact (unless the program's own header
 * puts its stack, or its overlay, past the memory it gets: DOS writes
 * there as real DOS does); the process ends and its memory is freed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bus/mem.h"
#include "dosapi/dos.h"
#include "dosapi/dosdata.h"
#include "dosapi/mcb.h"
#include "loader/loader.h"
#include "tests/fuzz/fz.h"

#define PROG_REL "c/PROG.EXE"
#define PROG_DOS "C:\\PROG.EXE"
#define RELOC_ROOM_MAX (1u << 20)
/* Parameter blocks and the path live at 0050:0000 (the DOS communication
 * area, which nothing here uses), outside every block the program gets. */
#define SCRATCH_SEG 0x0050u
#define PB_OFF 0x0010u
#define PATH_OFF 0x0030u
#define SCRATCH_SP 0x00F0u
#define DOS_EXEC 0x4B00u
#define DOS_EXIT 0x4C00u
#define EXEC_LOAD 0x01
#define EXEC_OVERLAY 0x03
#define FREE_PARAS_MIN 0x9000u  /* after the program ends: most of 640 KiB free */
#define OVERLAY_PARAS 0x1000u
#define SHRINK_PARAS 0x1100u

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_tree_init();
    return 0;
}

/* loader/ alone: relocation never writes outside the buffer it was given. */
static void pure(const uint8_t *data, size_t size)
{
    struct ldr_image img;
    char why[128];
    if (!ldr_parse(data, size, &img, why, sizeof why)) {
        FZ_CHECK(why[0], "a refusal without a reason");
        return;
    }
    FZ_CHECK(img.module >= data && img.module + img.module_bytes <= data + size,
             "module outside the file");
    if (img.kind == LDR_COM)
        return;
    FZ_CHECK(!img.nrelocs || (img.relocs >= data && img.relocs + img.nrelocs * 4 <= data + size),
             "relocation table outside the file");
    size_t room = (size_t)ldr_module_paras(&img) * 16 + (size_t)img.min_extra_paras * 16;
    room = room > RELOC_ROOM_MAX ? RELOC_ROOM_MAX : room;
    room = room < img.module_bytes ? img.module_bytes : room;
    uint8_t *dst = calloc(1, room ? room : 1);
    FZ_CHECK(dst, "out of memory");
    memcpy(dst, img.module, img.module_bytes);
    ldr_relocate(&img, dst, room, 0x1234);
    free(dst);
}

static void put_path(struct mem *m)
{
    mem_write_far(m, SCRATCH_SEG, PATH_OFF, PROG_DOS, sizeof PROG_DOS);
}

static struct cpu_regs call_regs(uint16_t ax)
{
    return (struct cpu_regs){.ax = ax, .ds = SCRATCH_SEG, .es = SCRATCH_SEG, .ss = SCRATCH_SEG,
                             .sp = SCRATCH_SP, .cs = SCRATCH_SEG, .ip = 0x0202, .flags = 0x0202};
}

/* The header's stack lies in the memory the program is sure to get (its
 * module and minimum extra paragraphs): then pushing AX for 4B01h stays
 * in its block. A stack elsewhere makes DOS write there, as real DOS does. */
static bool stack_inside(const uint8_t *data, size_t size)
{
    struct ldr_image img;
    char why[128];
    if (!ldr_parse(data, size, &img, why, sizeof why) || img.kind == LDR_COM)
        return true;
    uint32_t top = (uint32_t)img.ss * 16 + (img.sp ? img.sp : 0x10000u);
    uint32_t room = (ldr_module_paras(&img) + img.min_extra_paras) * 16;
    return !img.load_high && top >= 2 && top <= room;
}

/* 4B01h: load PROG.EXE again as a child of the program, not run. */
static void exec_load(struct fz_dos *fd, bool stack_ok)
{
    struct mem *m = fz_dos_mem(fd);
    struct cpu_regs r = call_regs(DOS_EXEC | EXEC_LOAD);
    uint8_t pb[0x16] = {0};
    r.dx = PATH_OFF;
    r.bx = PB_OFF;
    put_path(m);
    mem_write_far(m, SCRATCH_SEG, PB_OFF, pb, sizeof pb);
    fz_dos_int(fd, 0x21, &r);
    FZ_CHECK(!stack_ok || mcb_check(m, DOS_FIRST_MCB) == 0, "EXEC 4B01h broke the MCB chain");
}

/* 4B03h into a block allocated for it, relocated for reloc. A module
 * larger than the block overwrites what follows, as on DOS: the chain is
 * only checked when it fitted. */
static bool exec_overlay(struct fz_dos *fd, const uint8_t *data, size_t size, uint16_t reloc)
{
    struct mem *m = fz_dos_mem(fd);
    struct cpu_regs r = call_regs(0x4800);
    struct ldr_image img;
    char why[128];
    r.bx = OVERLAY_PARAS;
    fz_dos_int(fd, 0x21, &r);
    if (r.flags & CPU_FLAG_CF)
        return true;
    uint16_t seg = r.ax;
    uint8_t pb[4] = {(uint8_t)seg, (uint8_t)(seg >> 8), (uint8_t)reloc, (uint8_t)(reloc >> 8)};
    r = call_regs(DOS_EXEC | EXEC_OVERLAY);
    r.dx = PATH_OFF;
    r.bx = PB_OFF;
    put_path(m);
    mem_write_far(m, SCRATCH_SEG, PB_OFF, pb, sizeof pb);
    fz_dos_int(fd, 0x21, &r);
    bool fits = !ldr_parse(data, size, &img, why, sizeof why) ||
                img.module_bytes <= OVERLAY_PARAS * 16u;
    FZ_CHECK(!fits || mcb_check(m, DOS_FIRST_MCB) == 0, "EXEC 4B03h broke the MCB chain");
    r = call_regs(0x4900);
    r.es = seg;
    fz_dos_int(fd, 0x21, &r);
    return fits;
}

/* Shrink the program's block as a program does before EXEC. */
static void shrink(struct fz_dos *fd, uint16_t psp)
{
    struct cpu_regs r = call_regs(0x4A00);
    r.es = psp;
    r.bx = SHRINK_PARAS;
    fz_dos_int(fd, 0x21, &r);
}

static void check_entry(const struct cpu_regs *r)
{
    FZ_CHECK(r->ds == r->es, "DS and ES must both be the PSP");
    FZ_CHECK(r->flags & 0x0200, "interrupts off at entry");
}

/* Largest free block now (allocation of FFFFh paragraphs fails with it). */
static uint16_t largest_free(struct fz_dos *fd)
{
    struct cpu_regs r = {.ax = 0x4800, .bx = 0xFFFF, .ss = SCRATCH_SEG, .sp = SCRATCH_SP,
                         .cs = SCRATCH_SEG, .ip = 0x0202, .flags = 0x0202};
    fz_dos_int(fd, 0x21, &r);
    return r.bx;
}

static void whole(const uint8_t *data, size_t size, uint16_t ovl_seg)
{
    struct fz_dos_config cfg = {0};
    struct cpu_regs r;
    char why[128];
    fz_reset_dir("c");
    fz_mkdir("c/SUB");
    fz_reset_dir("f");
    fz_write(PROG_REL, data, size);
    struct fz_dos *fd = fz_dos_new(&cfg, NULL);
    struct mem *m = fz_dos_mem(fd);
    int rc = dos_start(fz_dos_kernel(fd), PROG_DOS, "ARG1 ARG2", &r, why, sizeof why);
    FZ_CHECK(mcb_check(m, DOS_FIRST_MCB) == 0, "loading broke the MCB chain");
    if (rc == 0) {
        check_entry(&r);
        shrink(fd, r.ds);
        bool fits = exec_overlay(fd, data, size, ovl_seg);
        bool stack_ok = fits && stack_inside(data, size);
        exec_load(fd, stack_ok);
        struct cpu_regs x = {.ax = DOS_EXIT, .ss = r.ss, .sp = r.sp, .cs = r.cs,
                             .ip = (uint16_t)(r.ip + 2), .ds = r.ds, .es = r.es, .flags = r.flags};
        fz_dos_int(fd, 0x21, &x);         /* ends the 4B01h child */
        x = (struct cpu_regs){.ax = DOS_EXIT, .ss = r.ss, .sp = r.sp, .cs = r.cs,
                              .ip = (uint16_t)(r.ip + 2), .flags = r.flags};
        fz_dos_int(fd, 0x21, &x);         /* ends the program */
        FZ_CHECK(fz_dos_ended(fd), "4Ch did not end the program");
        FZ_CHECK(!stack_ok || mcb_check(m, DOS_FIRST_MCB) == 0, "termination broke the MCB chain");
        FZ_CHECK(!stack_ok || largest_free(fd) >= FREE_PARAS_MIN,
                 "the program's memory was not freed");
    } else {
        FZ_CHECK(why[0] || rc != 0, "a refusal without a reason");
    }
    fz_fd_check_inside();
    fz_dos_free(fd);
    fz_fd_check_none();
    fz_alloc_check_none();
    fz_check_outside();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_fd_baseline();
    pure(data, size);
    uint16_t ovl = size >= 4 ? (uint16_t)(data[size - 2] | data[size - 1] << 8) : 0x2000;
    whole(data, size, ovl);
    return 0;
}
