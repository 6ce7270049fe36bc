/* dosapi file calls against a fault-injecting drive: every file call,
 * failed by the host with EACCES, ENOSPC or EIO, reaches the guest as the
 * DOS error it must give (EIO as a critical error through INT 24h). Also:
 * read-only mounts change no byte and no timestamp through any call. */
#include <errno.h>
#include <string.h>

#include "base/common.h"
#include "base/doserr.h"
#include "bios/rom.h"
#include "bus/mem.h"
#include "fs/fs.h"
#include "tests/unit/unit.h"
#include "tests/unit/unit_dos.h"

#define PATH1 0x0000u
#define PATH2 0x0100u
#define BUF 0x0200u
#define FCB 0x0400u
#define DTA 0x0500u
#define FCB_DRIVE_C 3
#define AX_UNSET 0xBEEF

static struct udos g_u;

static void setup_files(struct udos *u)
{
    ufs_write(&u->tree, "c/DATA.TXT", "0123456789");
    ufs_write(&u->tree, "c/OLD.TXT", "old");
    ufs_mkdir(&u->tree, "c/DIR");
}

static void setup(void)
{
    udos_new(&g_u, false);
    setup_files(&g_u);
}

static void teardown(void)
{
    udos_free(&g_u);
}

/* ---- the calls ---- */

enum call {
    C_OPEN, C_CREATE, C_READ, C_WRITE, C_SEEK, C_DELETE, C_RENAME, C_MKDIR, C_RMDIR,
    C_GETATTR, C_SETATTR, C_FIND, C_GETTIME, C_SETTIME, C_COMMIT, C_TRUNC, C_EXTOPEN,
    C_CREATENEW, C_TEMP, C_FCB_OPEN, C_FCB_CREATE, C_FCB_READ, C_FCB_WRITE, C_FCB_DELETE,
    C_FCB_RENAME, C_FCB_FIND, C_FCB_RANDOM_WRITE,
};

static struct cpu_regs path_call(struct udos *u, uint16_t ax, const char *path)
{
    struct cpu_regs r = udos_regs(ax);
    udos_puts(u, PATH1, path);
    r.dx = PATH1;
    return r;
}

static struct cpu_regs handle_call(struct udos *u, uint16_t ax, uint8_t mode)
{
    uint16_t h = udos_open(u, "C:\\DATA.TXT", mode);
    struct cpu_regs r = udos_regs(ax);
    r.bx = h;
    r.dx = BUF;
    return r;
}

/* An FCB for C:NAME.EXT (11-byte form) at FCB. */
static void put_fcb(struct udos *u, const char *name11)
{
    uint8_t f[37] = {FCB_DRIVE_C};
    memcpy(f + 1, name11, 11);
    udos_put(u, FCB, f, sizeof f);
}

static struct cpu_regs fcb_call(struct udos *u, uint16_t ax, const char *name11)
{
    put_fcb(u, name11);
    struct cpu_regs r = udos_regs(ax);
    r.dx = FCB;
    return r;
}

/* Open (0Fh) or create (16h) the FCB at FCB, DTA at DTA, record size 4. */
static void fcb_ready(struct udos *u, uint8_t fn, const char *name11)
{
    struct cpu_regs r = fcb_call(u, (uint16_t)(fn << 8), name11);
    udos_int21(u, &r);
    ck_assert_uint_eq(r.ax & 0xFF, 0);
    mem_wr16(u->mem, mem_lin(u->mem, UDOS_SEG, FCB + 0x0E), 4);
    mem_wr8(u->mem, mem_lin(u->mem, UDOS_SEG, FCB + 0x20), 0);
    r = udos_regs(0x1A00);
    r.dx = DTA;
    udos_int21(u, &r);
}

/* Set up the call (its preparation runs before faults are armed). */
static struct cpu_regs prepare(struct udos *u, enum call c)
{
    struct cpu_regs r;
    switch (c) {
    case C_OPEN:
        return path_call(u, 0x3D00, "C:\\DATA.TXT");
    case C_CREATE:
        return path_call(u, 0x3C00, "C:\\NEW.TXT");
    case C_READ:
        r = handle_call(u, 0x3F00, 0);
        r.cx = 4;
        return r;
    case C_WRITE:
        r = handle_call(u, 0x4000, 2);
        r.cx = 4;
        return r;
    case C_SEEK:
        return handle_call(u, 0x4202, 0);
    case C_DELETE:
        return path_call(u, 0x4100, "C:\\DATA.TXT");
    case C_RENAME:
        r = path_call(u, 0x5600, "C:\\DATA.TXT");
        udos_puts(u, PATH2, "C:\\RENAMED.TXT");
        r.di = PATH2;
        return r;
    case C_MKDIR:
        return path_call(u, 0x3900, "C:\\NEWDIR");
    case C_RMDIR:
        return path_call(u, 0x3A00, "C:\\DIR");
    case C_GETATTR:
        return path_call(u, 0x4300, "C:\\DATA.TXT");
    case C_SETATTR:
        r = path_call(u, 0x4301, "C:\\DATA.TXT");
        r.cx = FS_ATTR_READONLY;
        return r;
    case C_FIND:
        r = path_call(u, 0x4E00, "C:\\*.*");
        r.cx = FS_ATTR_DIRECTORY;
        return r;
    case C_GETTIME:
        return handle_call(u, 0x5700, 0);
    case C_SETTIME:
        r = handle_call(u, 0x5701, 2);
        r.cx = 0x6000;
        r.dx = 0x2821;
        return r;
    case C_COMMIT:
        return handle_call(u, 0x6800, 2);
    case C_TRUNC:
        r = handle_call(u, 0x4000, 2);
        r.cx = 0;
        return r;
    case C_EXTOPEN:
        r = path_call(u, 0x6C00, "C:\\DATA.TXT");
        r.si = PATH1;
        r.bx = 2;
        r.dx = 0x01;
        return r;
    case C_CREATENEW:
        return path_call(u, 0x5B00, "C:\\NEW2.TXT");
    case C_TEMP:
        return path_call(u, 0x5A00, "C:\\");
    case C_FCB_OPEN:
        return fcb_call(u, 0x0F00, "DATA    TXT");
    case C_FCB_CREATE:
        return fcb_call(u, 0x1600, "NEWFCB  TXT");
    case C_FCB_READ:
        fcb_ready(u, 0x0F, "DATA    TXT");
        r = udos_regs(0x1400);
        r.dx = FCB;
        return r;
    case C_FCB_WRITE:
        fcb_ready(u, 0x0F, "DATA    TXT");
        r = udos_regs(0x1500);
        r.dx = FCB;
        return r;
    case C_FCB_RANDOM_WRITE:
        fcb_ready(u, 0x0F, "DATA    TXT");
        r = udos_regs(0x2200);
        r.dx = FCB;
        return r;
    case C_FCB_DELETE:
        return fcb_call(u, 0x1300, "DATA    TXT");
    case C_FCB_RENAME:
        r = fcb_call(u, 0x1700, "OLD     TXT");
        udos_put(u, FCB + 0x11, "NEWOLD  TXT", 11);
        return r;
    case C_FCB_FIND:
        return fcb_call(u, 0x1100, "????????TXT");
    }
    return udos_regs(0);
}

static bool is_fcb(enum call c)
{
    return c >= C_FCB_OPEN;
}

/* ---- the fault table ---- */

struct fault_case {
    enum call call;
    unsigned ops;
    int host_errno;
    bool cf;                    /* handle calls: CF and AX; FCB calls: AL */
    uint16_t ax;
};

#define F(x) FS_FAULT_##x
#define GF 83                   /* general failure, failed by the default INT 24h */
static const struct fault_case k_faults[] = {
    {C_OPEN, F(OPEN), EACCES, true, 5},
    {C_OPEN, F(OPEN), EIO, true, GF},
    {C_OPEN, F(OPEN), ENOENT, true, 2},
    {C_CREATE, F(OPEN), EACCES, true, 5},
    {C_CREATE, F(OPEN), ENOSPC, true, 39},
    {C_CREATE, F(OPEN), EIO, true, GF},
    {C_READ, F(READ), EACCES, true, 5},
    {C_READ, F(READ), EIO, true, GF},
    {C_WRITE, F(WRITE), EACCES, true, 5},
    {C_WRITE, F(WRITE), ENOSPC, false, 0},      /* disk full: a short count */
    {C_WRITE, F(WRITE), EIO, true, GF},
    {C_SEEK, F(SEEK), EIO, true, GF},
    {C_DELETE, F(UNLINK), EACCES, true, 5},
    {C_DELETE, F(UNLINK), EIO, true, GF},
    {C_RENAME, F(RENAME), EACCES, true, 5},
    {C_RENAME, F(RENAME), ENOSPC, true, 39},
    {C_RENAME, F(RENAME), EIO, true, GF},
    {C_MKDIR, F(MKDIR), EACCES, true, 5},
    {C_MKDIR, F(MKDIR), ENOSPC, true, 39},
    {C_MKDIR, F(MKDIR), EIO, true, GF},
    {C_RMDIR, F(RMDIR), EACCES, true, 5},
    {C_RMDIR, F(RMDIR), EIO, true, GF},
    {C_GETATTR, F(STAT), EACCES, true, 5},
    {C_GETATTR, F(STAT), EIO, true, GF},
    {C_SETATTR, F(ATTR), EACCES, true, 5},
    {C_SETATTR, F(ATTR), EIO, true, GF},
    {C_FIND, F(FIND), EACCES, true, 5},
    {C_FIND, F(FIND), EIO, true, GF},
    {C_GETTIME, F(STAT), EIO, true, GF},
    {C_SETTIME, F(FTIME), EACCES, true, 5},
    {C_SETTIME, F(FTIME), EIO, true, GF},
    {C_COMMIT, F(COMMIT), EIO, true, GF},
    {C_TRUNC, F(TRUNCATE), EACCES, true, 5},
    {C_TRUNC, F(TRUNCATE), EIO, true, GF},
    {C_EXTOPEN, F(OPEN), EACCES, true, 5},
    {C_EXTOPEN, F(OPEN), EIO, true, GF},
    {C_CREATENEW, F(OPEN), ENOSPC, true, 39},
    {C_CREATENEW, F(OPEN), EACCES, true, 5},
    {C_TEMP, F(OPEN), EACCES, true, 5},
    {C_TEMP, F(OPEN), EIO, true, GF},
    {C_FCB_OPEN, F(OPEN), EACCES, false, 0xFF},
    {C_FCB_OPEN, F(OPEN), EIO, false, 0xFF},
    {C_FCB_CREATE, F(OPEN), ENOSPC, false, 0xFF},
    {C_FCB_CREATE, F(OPEN), EIO, false, 0xFF},
    {C_FCB_READ, F(READ), EACCES, false, 0x01},
    {C_FCB_READ, F(READ), EIO, false, 0x01},
    {C_FCB_WRITE, F(WRITE), ENOSPC, false, 0x01},     /* disk full */
    {C_FCB_WRITE, F(WRITE), EACCES, false, 0x01},
    {C_FCB_WRITE, F(WRITE), EIO, false, 0x01},
    {C_FCB_RANDOM_WRITE, F(WRITE), ENOSPC, false, 0x01},
    {C_FCB_DELETE, F(UNLINK), EACCES, false, 0xFF},
    {C_FCB_DELETE, F(UNLINK), EIO, false, 0xFF},
    {C_FCB_RENAME, F(RENAME), EACCES, false, 0xFF},
    {C_FCB_RENAME, F(RENAME), EIO, false, 0xFF},
    {C_FCB_FIND, F(FIND), EIO, false, 0xFF},
};
#undef F

START_TEST(test_fault_reaches_guest_as_dos_error)
{
    const struct fault_case *fc = &k_faults[_i];
    struct fs_fault_config cfg = {.ops = fc->ops, .nth = 1, .host_errno = fc->host_errno,
                                  .persistent = true};
    ck_assert_int_eq(fs_mount_fault(g_u.fs, 2, &cfg), 0);
    struct cpu_regs r = prepare(&g_u, fc->call);        /* opens are not counted */
    bool cf = udos_int21(&g_u, &r);
    if (is_fcb(fc->call)) {
        ck_assert_msg((r.ax & 0xFF) == fc->ax, "row %d: AL=%02X, expected %02X", _i,
                      r.ax & 0xFF, fc->ax);
    } else {
        ck_assert_msg(cf == fc->cf && r.ax == fc->ax, "row %d: CF=%d AX=%u, expected CF=%d AX=%u",
                      _i, cf, r.ax, fc->cf, fc->ax);
    }
    if (fc->cf || (is_fcb(fc->call) && fc->host_errno == EIO)) {
        struct cpu_regs e = udos_regs(0x5900);      /* extended error agrees */
        udos_int21(&g_u, &e);
        uint16_t want = fc->host_errno == EIO ? GF : fc->ax;
        ck_assert_msg(e.ax == want, "row %d: 59h AX=%u, expected %u", _i, e.ax, want);
    }
}
END_TEST

/* After the fault the same call works again: nothing is left broken. */
START_TEST(test_transient_fault_then_success)
{
    struct fs_fault_config cfg = {.ops = FS_FAULT_READ, .nth = 1, .host_errno = EACCES};
    fs_mount_fault(g_u.fs, 2, &cfg);
    struct cpu_regs r = prepare(&g_u, C_READ);
    struct cpu_regs again = r;
    ck_assert(udos_int21(&g_u, &r));
    ck_assert(!udos_int21(&g_u, &again));
    ck_assert_uint_eq(again.ax, 4);
}
END_TEST

/* ---- INT 24h with a handler of the program's own ---- */

#define HANDLER_SEG 0x6800u

static void hook_int24(struct udos *u)
{
    mem_wr16(u->mem, 0x24 * 4, 0x0000);
    mem_wr16(u->mem, 0x24 * 4 + 2, HANDLER_SEG);
}

/* The guest handler answers action: IRET back into DOS. */
static bool answer(struct udos *u, struct cpu_regs *r, uint8_t action)
{
    ck_assert_uint_eq(r->cs, HANDLER_SEG);
    r->ax = (uint16_t)((r->ax & 0xFF00) | action);
    uint32_t sp = mem_lin(u->mem, r->ss, r->sp);
    r->ip = mem_rd16(u->mem, sp);
    r->cs = mem_rd16(u->mem, sp + 2);
    r->flags = mem_rd16(u->mem, sp + 4);
    r->sp = (uint16_t)(r->sp + 6);
    r->ip = (uint16_t)(r->ip + 2);          /* the CPU executed the callback's INT */
    return udos_int(u, ROM_CALLBACK_VEC, r);
}

static struct cpu_regs read_with_eio(struct udos *u, bool persistent)
{
    struct fs_fault_config cfg = {.ops = FS_FAULT_READ, .nth = 1, .host_errno = EIO,
                                  .persistent = persistent};
    fs_mount_fault(u->fs, 2, &cfg);
    struct cpu_regs r = prepare(u, C_READ);
    hook_int24(u);
    udos_int21(u, &r);
    return r;
}

START_TEST(test_int24_gets_dos_registers_and_stack)
{
    struct cpu_regs r = read_with_eio(&g_u, false);
    ck_assert_uint_eq(r.cs, HANDLER_SEG);
    ck_assert_uint_eq(r.ax & 0xFF, 2);                  /* drive C: */
    ck_assert_uint_eq(r.ax >> 8 & 0x80, 0);             /* a disk error */
    ck_assert_uint_eq(r.ax >> 8 & 0x38, 0x38);          /* fail, retry, ignore allowed */
    ck_assert_uint_eq(r.di & 0xFF, 0x0C);               /* general failure */
    uint32_t sp = mem_lin(g_u.mem, r.ss, r.sp);
    ck_assert_uint_eq(mem_rd16(g_u.mem, sp + 6), 0x3F00);          /* caller's AX */
    ck_assert_uint_eq(mem_rd16(g_u.mem, sp + 6 + 2 * 3), BUF);      /* caller's DX */
    ck_assert_uint_eq(mem_rd16(g_u.mem, sp + 6 + 2 * 9), 0x0102);   /* INT 21h return IP */
    ck_assert_uint_eq(mem_rd16(g_u.mem, sp + 6 + 2 * 10), UDOS_CODE_SEG);
}
END_TEST

START_TEST(test_int24_retry_repeats_the_call)
{
    struct cpu_regs r = read_with_eio(&g_u, false);
    bool cf = answer(&g_u, &r, 1);
    ck_assert(!cf);
    ck_assert_uint_eq(r.ax, 4);
    ck_assert_uint_eq(r.cs, UDOS_CODE_SEG);
    ck_assert_uint_eq(r.ip, 0x0102);
    ck_assert_uint_eq(r.sp, 0xFFF0);
    char buf[5] = {0};
    udos_get(&g_u, BUF, buf, 4);
    ck_assert_str_eq(buf, "0123");
}
END_TEST

START_TEST(test_int24_fail_fails_with_83)
{
    struct cpu_regs r = read_with_eio(&g_u, true);
    ck_assert(answer(&g_u, &r, 3));
    ck_assert_uint_eq(r.ax, 83);
    ck_assert_uint_eq(r.sp, 0xFFF0);
    ck_assert_uint_eq(r.bx, 5);                          /* caller's registers back */
}
END_TEST

START_TEST(test_int24_ignore_succeeds_with_nothing)
{
    struct cpu_regs r = read_with_eio(&g_u, true);
    ck_assert(!answer(&g_u, &r, 0));
    ck_assert_uint_eq(r.ax, 0);
}
END_TEST

START_TEST(test_int24_abort_terminates_the_program)
{
    struct cpu_regs r = read_with_eio(&g_u, true);
    answer(&g_u, &r, 2);
    ck_assert(g_u.exited);
    ck_assert_uint_eq(g_u.exit_type, 2);                 /* critical error termination */
}
END_TEST

START_TEST(test_int24_retry_again_failing_asks_again)
{
    struct cpu_regs r = read_with_eio(&g_u, true);
    answer(&g_u, &r, 1);
    ck_assert_uint_eq(r.cs, HANDLER_SEG);                /* asked again */
    ck_assert(answer(&g_u, &r, 3));
    ck_assert_uint_eq(r.ax, 83);
}
END_TEST

/* ---- read-only mounts ---- */

struct ro_case {
    enum call call;
    bool modifies;              /* must fail with access denied */
};

static const struct ro_case k_ro[] = {
    {C_OPEN, false},       {C_CREATE, true},    {C_READ, false},     {C_DELETE, true},
    {C_RENAME, true},      {C_MKDIR, true},     {C_RMDIR, true},     {C_GETATTR, false},
    {C_SETATTR, true},     {C_FIND, false},     {C_GETTIME, false},  {C_EXTOPEN, false},
    {C_CREATENEW, true},   {C_TEMP, true},      {C_FCB_OPEN, false}, {C_FCB_CREATE, true},
    {C_FCB_READ, false},   {C_FCB_WRITE, true}, {C_FCB_DELETE, true}, {C_FCB_RENAME, true},
    {C_FCB_FIND, false},   {C_FCB_RANDOM_WRITE, true},
};

START_TEST(test_readonly_mount_changes_nothing)
{
    char before[UFS_SNAPSHOT_MAX], after[UFS_SNAPSHOT_MAX];
    struct udos u;
    udos_new(&u, true);
    setup_files(&u);
    ufs_write(&u.tree, "c/DIR/INNER.TXT", "inner");
    ufs_snapshot_ex(&u.tree, "c", true, before, sizeof before);
    for (size_t i = 0; i < ARRAY_LEN(k_ro); i++) {
        struct cpu_regs r = prepare(&u, k_ro[i].call);
        bool cf = udos_int21(&u, &r);
        if (!k_ro[i].modifies)
            continue;
        if (is_fcb(k_ro[i].call))
            ck_assert_msg((r.ax & 0xFF) != 0, "row %zu: FCB call succeeded", i);
        else
            ck_assert_msg(cf && r.ax == 5, "row %zu: CF=%d AX=%u", i, cf, r.ax);
    }
    ufs_snapshot_ex(&u.tree, "c", true, after, sizeof after);
    ck_assert_str_eq(before, after);
    udos_free(&u);
}
END_TEST

START_TEST(test_readonly_mount_refuses_handle_changes)
{
    char before[UFS_SNAPSHOT_MAX], after[UFS_SNAPSHOT_MAX];
    struct udos u;
    udos_new(&u, true);
    setup_files(&u);
    ufs_snapshot_ex(&u.tree, "c", true, before, sizeof before);
    struct cpu_regs r = path_call(&u, 0x3D02, "C:\\DATA.TXT");
    ck_assert(udos_int21(&u, &r));                       /* no read/write open */
    ck_assert_uint_eq(r.ax, 5);
    uint16_t h = udos_open(&u, "C:\\DATA.TXT", 0);
    static const uint16_t k_calls[][2] = {{0x4000, 4}, {0x4000, 0}, {0x5701, 0}, {0x6800, 0}};
    for (size_t i = 0; i < ARRAY_LEN(k_calls); i++) {
        r = udos_regs(k_calls[i][0]);
        r.bx = h;
        r.cx = k_calls[i][1];
        r.dx = BUF;
        bool cf = udos_int21(&u, &r);
        if (k_calls[i][0] != 0x6800)
            ck_assert_msg(cf && r.ax == 5, "call %04X: CF=%d AX=%u", k_calls[i][0], cf, r.ax);
    }
    udos_close(&u, h);
    ufs_snapshot_ex(&u.tree, "c", true, after, sizeof after);
    ck_assert_str_eq(before, after);
    udos_free(&u);
}
END_TEST

/* DOS 1 programs never close FCBs: when the file table is full the oldest
 * FCB file is closed, the newest work on. */
START_TEST(test_fcb_files_beyond_the_table_reuse_the_oldest)
{
    enum { MANY = 120, SLOT = 0x30 };
    for (int i = 0; i < MANY; i++) {
        struct cpu_regs r = udos_regs(0x0F00);
        uint8_t f[37] = {3, 'D', 'A', 'T', 'A', ' ', ' ', ' ', ' ', 'T', 'X', 'T'};
        udos_put(&g_u, (uint16_t)(0x1000 + i * SLOT), f, sizeof f);
        r.dx = (uint16_t)(0x1000 + i * SLOT);
        udos_int21(&g_u, &r);
        ck_assert_msg((r.ax & 0xFF) == 0, "FCB open %d failed", i);
    }
    struct cpu_regs r = udos_regs(0x1A00);
    r.dx = DTA;
    udos_int21(&g_u, &r);
    r = udos_regs(0x1400);                          /* the newest reads */
    r.dx = (uint16_t)(0x1000 + (MANY - 1) * SLOT);
    udos_int21(&g_u, &r);
    ck_assert_uint_eq(r.ax & 0xFF, 0x03);           /* 10 bytes: a partial record */
    r = udos_regs(0x1400);                          /* the oldest was closed */
    r.dx = 0x1000;
    udos_int21(&g_u, &r);
    ck_assert_uint_eq(r.ax & 0xFF, 0x01);
}
END_TEST

Suite *suite_dosfile(void)
{
    Suite *s = suite_create("dosfile");
    TCase *tc = tcase_create("faults");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_fault_reaches_guest_as_dos_error, 0, (int)ARRAY_LEN(k_faults));
    tcase_add_test(tc, test_transient_fault_then_success);
    tcase_add_test(tc, test_fcb_files_beyond_the_table_reuse_the_oldest);
    suite_add_tcase(s, tc);
    tc = tcase_create("int24");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_int24_gets_dos_registers_and_stack);
    tcase_add_test(tc, test_int24_retry_repeats_the_call);
    tcase_add_test(tc, test_int24_fail_fails_with_83);
    tcase_add_test(tc, test_int24_ignore_succeeds_with_nothing);
    tcase_add_test(tc, test_int24_abort_terminates_the_program);
    tcase_add_test(tc, test_int24_retry_again_failing_asks_again);
    suite_add_tcase(s, tc);
    tc = tcase_create("readonly");
    tcase_add_test(tc, test_readonly_mount_changes_nothing);
    tcase_add_test(tc, test_readonly_mount_refuses_handle_changes);
    suite_add_tcase(s, tc);
    return s;
}
