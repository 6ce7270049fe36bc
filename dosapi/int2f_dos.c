/* INT 2Fh AH=12h: the DOS kernel's internal services (RBIL INT 2F/AX=1200h
 * to 122Fh), used by redirectors, SHARE-like TSRs and command shells.
 * Parameters documented as "stack word" are the word the caller pushed
 * before the INT. The services work on the kernel's guest tables (file
 * tables, CDS, disk buffers, SDA) and on the native state behind them. */
#include <string.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"
#include "dosapi/dosdata.h"
#include "dosapi/psp.h"
#include "dosapi/tables.h"
#include "fs/names83.h"

#define INSTALLED 0xFF
#define BUF_FLAGS 0x05 /* DOS 4+ disk buffer: flags, referenced bit */
#define BUF_REFERENCED 0x20
#define BUF_DRIVE 0x04
#define BUF_UNUSED 0xFF
#define BUF_NEXT 0x00
#define BUF_PREV 0x02
#define BUFINFO_FIRST 0x00
#define BUF_RING_MAX 64
#define ASCIZ_MAX 0x10000u
#define STRLEN_MAX 0xFFFFu
#define REGS_FRAME 0x0480    /* 1218h: in the SDA's disk stack area */
#define SDA_CDS_COPY 0x01D3  /* 121Fh: the SDA's CDS workspace (DOS 4+) */
#define SDA_DEV_NAME4 0x022B /* 1223h: blank-padded device name */
#define SDA_DEV_NAME3 0x0218
#define DEV_ATTR_CHAR 0x8000
#define DEV_BH_FOUND 0x20
#define ERR_LAST 0xFF
#define ERR_KEEP 0xFF
#define VEC_CRITICAL 0x24
#define FEB_LEAP 29
#define FEB 28
#define MUX12_COUNT 0x30

struct mux12 {
    struct dos *d;
    struct intr_call *ic;
    struct cpu_regs *r;
    struct mem *mem;
    uint16_t arg; /* the word the caller pushed */
};

typedef void mux12_fn(struct mux12 *m);

static uint32_t dd(unsigned off)
{
    return ((uint32_t)DOS_DATA_SEG << 4) + off;
}

static void carry(struct cpu_regs *r, bool on)
{
    regs_set_flag(r, CPU_FLAG_CF, on);
}

static void zero(struct cpu_regs *r, bool on)
{
    regs_set_flag(r, CPU_FLAG_ZF, on);
}

/* A result in the INT 21h style: CF clear, or CF set and AX the error. */
static void result(struct mux12 *m, int rc)
{
    carry(m->r, rc < 0);
    if (rc < 0) {
        m->r->ax = (uint16_t)-rc;
        dos_set_error(m->d, -rc);
    }
}

/* Run INT 21h function handler fn on the registers as they are. */
static void as_int21(struct mux12 *m, dos_fn *fn)
{
    struct dos_ctx c = {.dos = m->d, .ic = m->ic, .r = m->r, .mem = m->mem};
    result(m, fn(&c));
}

static void install_check(struct mux12 *m)
{
    reg_set_lo(&m->r->ax, INSTALLED);
}

/* 1201h: close the file the SDA names as current. */
static void close_current(struct mux12 *m)
{
    unsigned i = m->d->tab->cur_sft;
    bool ok = i < DOS_MAX_SFT && m->d->sft[i].refs > 0;
    if (ok)
        dos_sft_unref(m->d, (uint8_t)i);
    result(m, ok ? 0 : -DOSERR_INVALID_HANDLE);
}

/* 1202h: ES:BX -> the vector's entry in the interrupt table. */
static void vector_address(struct mux12 *m)
{
    m->r->es = 0;
    m->r->bx = (uint16_t)((m->arg & 0xFF) * 4);
}

static void dos_data_segment(struct mux12 *m)
{
    m->r->ds = DOS_DATA_SEG;
}

static void normalize_separator(struct mux12 *m)
{
    uint8_t ch = (uint8_t)m->arg;
    bool sep = ch == '/' || ch == '\\';
    reg_set_lo(&m->r->ax, sep ? '\\' : ch);
    zero(m->r, sep);
}

static void output_char(struct mux12 *m)
{
    struct dos_ctx c = {.dos = m->d, .ic = m->ic, .r = m->r, .mem = m->mem};
    uint8_t ch = (uint8_t)m->arg;
    dos_stdout_bytes(&c, &ch, 1);
}

/* 1206h, 120Ah: the critical-error handler, called as DOS calls it; its
 * IRET returns to our caller with its answer in AL. */
static void critical_error(struct mux12 *m)
{
    struct cpu_regs *r = m->r;
    if (!m->ic->framed) {
        intr_reflect(m->d->intr, r, VEC_CRITICAL);
        return;
    }
    r->ip = mem_rd16(m->mem, VEC_CRITICAL * 4);
    r->cs = mem_rd16(m->mem, VEC_CRITICAL * 4 + 2);
}

static uint32_t lin(struct mux12 *m, uint16_t seg, uint16_t off)
{
    return mem_lin(m->mem, seg, off);
}

/* The disk buffer ring (DOS 4+: offsets in one segment). */
static uint16_t buf_next(struct mux12 *m, uint16_t seg, uint16_t off)
{
    return mem_rd16(m->mem, lin(m, seg, (uint16_t)(off + BUF_NEXT)));
}

/* 1207h, 120Fh: make DS:DI the most recently used buffer: just before
 * the least recently used one on the ring. */
static void buffer_mru(struct mux12 *m)
{
    uint32_t lru = mem_rd32(m->mem, dd(DD_BUFINFO) + BUFINFO_FIRST);
    uint16_t seg = m->r->ds, b = m->r->di, head = (uint16_t)lru;
    if (m->d->ver_major < 5 || (lru >> 16) != seg)
        return;
    if (b == head) {
        mem_wr16(m->mem, dd(DD_BUFINFO) + BUFINFO_FIRST, buf_next(m, seg, b));
        return;
    }
    uint16_t p = mem_rd16(m->mem, lin(m, seg, (uint16_t)(b + BUF_PREV))),
             n = buf_next(m, seg, b);
    uint16_t tail = mem_rd16(m->mem, lin(m, seg, (uint16_t)(head + BUF_PREV)));
    mem_wr16(m->mem, lin(m, seg, (uint16_t)(p + BUF_NEXT)), n);
    mem_wr16(m->mem, lin(m, seg, (uint16_t)(n + BUF_PREV)), p);
    mem_wr16(m->mem, lin(m, seg, (uint16_t)(tail + BUF_NEXT)), b);
    mem_wr16(m->mem, lin(m, seg, (uint16_t)(b + BUF_PREV)), tail);
    mem_wr16(m->mem, lin(m, seg, (uint16_t)(b + BUF_NEXT)), head);
    mem_wr16(m->mem, lin(m, seg, (uint16_t)(head + BUF_PREV)), b);
}

static void buffer_mru_next(struct mux12 *m)
{
    buffer_mru(m);
    m->r->di = buf_next(m, m->r->ds, m->r->di);
}

/* 1208h: AX the old count; the last reference closes the file. */
static int sft_of(struct mux12 *m, uint16_t seg, uint16_t off)
{
    uint32_t far = (uint32_t)seg << 16 | off;
    for (unsigned i = 0; i < DOS_MAX_SFT; i++)
        if (dos_sft_entry_far(m->d, i) == far)
            return (int)i;
    return -1;
}

static void sft_decrement(struct mux12 *m)
{
    int i = sft_of(m, m->r->es, m->r->di);
    if (i < 0) {
        m->r->ax = mem_rd16(m->mem, lin(m, m->r->es, m->r->di));
        return;
    }
    m->r->ax = (uint16_t)m->d->sft[i].refs;
    if (m->d->sft[i].refs > 0)
        dos_sft_unref(m->d, (uint8_t)i);
}

/* 1209h, 1215h: our buffers hold no data: freeing forgets the drive. */
static void buffer_free(struct mux12 *m)
{
    mem_wr8(m->mem, lin(m, m->r->ds, (uint16_t)(m->r->di + BUF_DRIVE)), BUF_UNUSED);
    carry(m->r, false);
}

static void buffer_flush(struct mux12 *m)
{
    carry(m->r, false);
}

static void sharing_violation(struct mux12 *m)
{
    result(m, -DOSERR_SHARING_VIOLATION);
}

/* 120Ch: the current file is now the current process's. */
static void device_open(struct mux12 *m)
{
    unsigned i = m->d->tab->cur_sft;
    if (i < DOS_MAX_SFT && m->d->sft[i].refs > 0) {
        m->d->sft[i].owner = m->d->cur_psp;
        dos_sft_touch(m->d, i, SFT_SYNC_ALL);
    }
}

static void date_time(struct mux12 *m)
{
    fs_now(m->d->fs, &m->r->ax, &m->r->dx);
}

/* 120Eh: every buffer unreferenced; DS:DI -> the first. */
static void buffers_unreferenced(struct mux12 *m)
{
    uint32_t first = mem_rd32(m->mem, dd(DD_BUFINFO) + BUFINFO_FIRST);
    uint16_t seg = (uint16_t)(first >> 16), b = (uint16_t)first;
    for (unsigned n = 0; n < BUF_RING_MAX && m->d->ver_major >= 5; n++) {
        uint32_t at = lin(m, seg, (uint16_t)(b + BUF_FLAGS));
        mem_wr8(m->mem, at, mem_rd8(m->mem, at) & (uint8_t)~BUF_REFERENCED);
        b = buf_next(m, seg, b);
        if (b == (uint16_t)first)
            break;
    }
    m->r->ds = seg;
    m->r->di = (uint16_t)first;
}

/* 1210h: from DS:DI, the first buffer not referenced (ZF clear). */
static void buffer_unreferenced(struct mux12 *m)
{
    uint16_t seg = m->r->ds, b = m->r->di, start = b;
    for (unsigned n = 0; n < BUF_RING_MAX; n++) {
        if (!(mem_rd8(m->mem, lin(m, seg, (uint16_t)(b + BUF_FLAGS))) & BUF_REFERENCED)) {
            m->r->di = b;
            zero(m->r, false);
            return;
        }
        b = buf_next(m, seg, b);
        if (b == start)
            break;
    }
    zero(m->r, true);
}

/* 1211h: DS:SI to ES:DI, upper case, '/' as '\'. */
static void normalize_name(struct mux12 *m)
{
    for (uint32_t i = 0; i < ASCIZ_MAX; i++) {
        uint8_t ch = mem_rd8(m->mem, lin(m, m->r->ds, (uint16_t)(m->r->si + i)));
        ch = ch == '/' ? '\\' : fs_upcase(ch);
        mem_wr8(m->mem, lin(m, m->r->es, (uint16_t)(m->r->di + i)), ch);
        if (!ch)
            return;
    }
}

/* The length with its NUL, as DOS's REPNE SCASB from CX = FFFFh counts
 * it: a segment without a NUL gives FFFFh. */
static uint16_t asciz_len(struct mux12 *m, uint16_t seg, uint16_t off)
{
    uint32_t n = 0;
    while (n < STRLEN_MAX - 1 && mem_rd8(m->mem, lin(m, seg, (uint16_t)(off + n))))
        n++;
    return (uint16_t)(n + 1);
}

static void strlen_es_di(struct mux12 *m)
{
    m->r->cx = asciz_len(m, m->r->es, m->r->di);
}

static void strlen_ds_si(struct mux12 *m)
{
    m->r->cx = asciz_len(m, m->r->ds, m->r->si);
}

static void upcase_char(struct mux12 *m)
{
    struct cpu_regs r = *m->r;
    r.ax = 0x6520;
    r.dx = m->arg & 0xFF;
    struct dos_ctx c = {.dos = m->d, .ic = m->ic, .r = &r, .mem = m->mem};
    dos_fn_nls_info(&c);
    reg_set_lo(&m->r->ax, reg_lo(r.dx));
}

static void compare_pointers(struct mux12 *m)
{
    zero(m->r, m->r->ds == m->r->es && m->r->si == m->r->di);
}

/* 1216h: ES:DI -> file table entry BX. */
static void sft_entry(struct mux12 *m)
{
    if (m->r->bx >= DOS_MAX_SFT) {
        carry(m->r, true);
        return;
    }
    uint32_t far = dos_sft_entry_far(m->d, m->r->bx);
    m->r->es = (uint16_t)(far >> 16);
    m->r->di = (uint16_t)far;
    carry(m->r, false);
}

/* 1217h: DS:SI -> the CDS of drive (0 = A:), made current. */
static void cds_of(struct mux12 *m)
{
    unsigned drive = m->arg & 0xFF;
    if (drive >= DOS_LASTDRIVE || !m->d->tab->cds_bytes) {
        carry(m->r, true);
        return;
    }
    uint32_t far = dos_cds_far(m->d, drive);
    m->d->tab->cur_cds = far;
    m->r->ds = (uint16_t)(far >> 16);
    m->r->si = (uint16_t)far;
    carry(m->r, false);
}

/* 1218h: DS:SI -> the registers of the INT 21h call in progress, in the
 * order DOS saves them (AX BX CX DX SI DI BP DS ES IP CS FLAGS). */
static void caller_regs(struct mux12 *m)
{
    const struct cpu_regs *e = &m->d->tab->call_regs;
    const uint16_t v[] = {e->ax, e->bx, e->cx, e->dx, e->si, e->di,
                          e->bp, e->ds, e->es, e->ip, e->cs, e->flags};
    uint8_t b[sizeof v];
    for (size_t i = 0; i < ARRAY_LEN(v); i++)
        put_le16(b + 2 * i, v[i]);
    mem_write(m->mem, dd(DD_SDA + REGS_FRAME), b, sizeof b);
    m->r->ds = DOS_DATA_SEG;
    m->r->si = DD_SDA + REGS_FRAME;
}

/* 1219h: make drive (1 = A:, 0 = default) the one DOS works on. */
static void set_drive(struct mux12 *m)
{
    unsigned drive = (m->arg & 0xFF) ? (m->arg & 0xFF) - 1u : fs_current_drive(m->d->fs);
    bool ok = fs_drive_valid(m->d->fs, drive) && m->d->tab->cds_bytes;
    if (ok)
        m->d->tab->cur_cds = dos_cds_far(m->d, drive);
    carry(m->r, !ok);
}

/* 121Ah: AL = the drive DS:SI names (1 = A:, 0 none, FFh invalid). */
static void file_drive(struct mux12 *m)
{
    uint8_t a = mem_rd8(m->mem, lin(m, m->r->ds, m->r->si));
    uint8_t colon = mem_rd8(m->mem, lin(m, m->r->ds, (uint16_t)(m->r->si + 1)));
    if (colon != ':') {
        reg_set_lo(&m->r->ax, 0);
        return;
    }
    unsigned drive = (unsigned)(fs_upcase(a) - 'A');
    m->r->si = (uint16_t)(m->r->si + 2);
    reg_set_lo(&m->r->ax, drive < DOS_LASTDRIVE && fs_drive_valid(m->d->fs, drive)
                              ? (uint8_t)(drive + 1)
                              : 0xFF);
}

static void february(struct mux12 *m)
{
    unsigned y = 1980u + reg_lo(m->r->cx);
    bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    reg_set_lo(&m->r->ax, leap ? FEB_LEAP : FEB);
}

/* 121Ch: DX += the bytes at DS:SI, CX of them. */
static void checksum(struct mux12 *m)
{
    uint16_t sum = m->r->dx;
    for (uint16_t i = 0; i < m->r->cx; i++)
        sum = (uint16_t)(sum + mem_rd8(m->mem, lin(m, m->r->ds, (uint16_t)(m->r->si + i))));
    m->r->dx = sum;
}

/* 121Dh: add bytes from DS:SI until their sum passes the limit in DX. */
static void sum_memory(struct mux12 *m)
{
    struct cpu_regs *r = m->r;
    for (unsigned n = 0; n < 0xFFFF; n++) {
        uint8_t b = mem_rd8(m->mem, lin(m, r->ds, r->si));
        r->si = (uint16_t)(r->si + 1);
        reg_set_lo(&r->ax, b);
        if (b > r->dx)
            return;
        r->dx = (uint16_t)(r->dx - b);
        r->cx = (uint16_t)(r->cx + 1);
    }
}

/* 121Eh: ZF set when DS:SI and ES:DI name the same file. */
static void compare_names(struct mux12 *m)
{
    for (uint32_t i = 0; i < ASCIZ_MAX; i++) {
        uint8_t a = mem_rd8(m->mem, lin(m, m->r->ds, (uint16_t)(m->r->si + i)));
        uint8_t b = mem_rd8(m->mem, lin(m, m->r->es, (uint16_t)(m->r->di + i)));
        a = a == '/' ? '\\' : fs_upcase(a);
        b = b == '/' ? '\\' : fs_upcase(b);
        if (a != b || !a) {
            zero(m->r, a == b);
            return;
        }
    }
    zero(m->r, true);
}

/* 121Fh: ES:DI -> a fresh CDS for drive letter (stack word), in the SDA. */
static void build_cds(struct mux12 *m)
{
    uint8_t e[CDS_BYTES] = {0};
    unsigned drive = (unsigned)(fs_upcase((uint8_t)m->arg) - 'A');
    e[CDS_PATH] = fs_upcase((uint8_t)m->arg);
    e[CDS_PATH + 1] = ':';
    e[CDS_PATH + 2] = '\\';
    put_le16(e + CDS_FLAGS, CDS_PHYSICAL);
    if (drive < DOS_LASTDRIVE)
        put_le32(e + CDS_DPB, dos_dpb_far(m->d, drive));
    put_le16(e + CDS_START_CLUSTER, 0xFFFF);
    put_le32(e + CDS_REDIR, 0xFFFFFFFFu);
    put_le16(e + CDS_BACKSLASH, 2);
    mem_write(m->mem, dd(DD_SDA + SDA_CDS_COPY), e, sizeof e);
    m->r->es = DOS_DATA_SEG;
    m->r->di = DD_SDA + SDA_CDS_COPY;
}

/* 1220h: ES:DI -> the JFT entry of handle BX. */
static void jft_entry(struct mux12 *m)
{
    unsigned size;
    uint32_t jft = dos_jft_lin(m->d, m->d->cur_psp, &size);
    if (m->r->bx >= size) {
        result(m, -DOSERR_INVALID_HANDLE);
        return;
    }
    jft += m->r->bx;
    m->r->es = (uint16_t)(jft >> 4);
    m->r->di = (uint16_t)(jft & 15);
    carry(m->r, false);
}

static void canonicalize(struct mux12 *m)
{
    as_int21(m, dos_fn_truename);
}

/* 1222h: class, action and locus of the current error from the table at
 * SS:SI (4-byte records, error FFh ends it; FFh keeps a field). */
static void error_info(struct mux12 *m)
{
    struct dos *d = m->d;
    for (unsigned n = 0; n < 256; n++) {
        uint32_t at = lin(m, m->r->ss, (uint16_t)(m->r->si + 4 * n));
        uint8_t code = mem_rd8(m->mem, at);
        if (code != ERR_LAST && code != d->err.code)
            continue;
        uint8_t cls = mem_rd8(m->mem, at + 1), act = mem_rd8(m->mem, at + 2);
        uint8_t loc = mem_rd8(m->mem, at + 3);
        if (cls != ERR_KEEP)
            d->err.cls = cls;
        if (act != ERR_KEEP)
            d->err.action = act;
        if (loc != ERR_KEEP)
            d->err.locus = loc;
        return;
    }
}

/* 1223h: is the blank-padded name in the SDA a character device? */
static void char_device(struct mux12 *m)
{
    char name[DEVHDR_NAME_BYTES + 1] = {0};
    unsigned at = DD_SDA + (m->d->ver_major >= 4 ? SDA_DEV_NAME4 : SDA_DEV_NAME3);
    mem_read(m->mem, dd(at), name, DEVHDR_NAME_BYTES);
    for (int i = DEVHDR_NAME_BYTES - 1; i >= 0 && name[i] == ' '; i--)
        name[i] = 0;
    uint32_t hdr = name[0] ? dos_dev_far(m->d, name) : 0;
    if (!hdr) {
        carry(m->r, true);
        return;
    }
    uint16_t attr = mem_rd16(m->mem,
                             lin(m, (uint16_t)(hdr >> 16), (uint16_t)(hdr + DEVHDR_ATTR)));
    reg_set_hi(&m->r->bx, (uint8_t)((attr & 0x1F) | DEV_BH_FOUND));
    carry(m->r, false);
}

/* 1224h: the sharing retry delay; time passes between calls anyway. */
static void share_delay(struct mux12 *m)
{
    UNUSED(m);
}

/* 1226h-1229h: open, close, seek, read, as INT 21h 3Dh, 3Eh, 42h, 3Fh. */
static void open_file(struct mux12 *m)
{
    reg_set_lo(&m->r->ax, reg_lo(m->r->cx));
    as_int21(m, dos_fn_open);
}

static void close_file(struct mux12 *m)
{
    as_int21(m, dos_fn_close);
}

static void seek_file(struct mux12 *m)
{
    m->r->ax = m->r->bp;
    as_int21(m, dos_fn_seek);
}

static void read_file(struct mux12 *m)
{
    as_int21(m, dos_fn_read);
}

/* 122Ch: BX:AX -> the header of the second device (after NUL). */
static void device_chain(struct mux12 *m)
{
    uint32_t nul = dos_dev_far(m->d, "NUL");
    uint32_t next = mem_rd32(m->mem, lin(m, (uint16_t)(nul >> 16), (uint16_t)nul));
    m->r->bx = (uint16_t)(next >> 16);
    m->r->ax = (uint16_t)next;
}

static void extended_error(struct mux12 *m)
{
    m->r->ax = m->d->err.code;
}

static mux12_fn *const k_fns[MUX12_COUNT] = {
    [0x00] = install_check,
    [0x01] = close_current,
    [0x02] = vector_address,
    [0x03] = dos_data_segment,
    [0x04] = normalize_separator,
    [0x05] = output_char,
    [0x06] = critical_error,
    [0x07] = buffer_mru,
    [0x08] = sft_decrement,
    [0x09] = buffer_free,
    [0x0A] = critical_error,
    [0x0B] = sharing_violation,
    [0x0C] = device_open,
    [0x0D] = date_time,
    [0x0E] = buffers_unreferenced,
    [0x0F] = buffer_mru_next,
    [0x10] = buffer_unreferenced,
    [0x11] = normalize_name,
    [0x12] = strlen_es_di,
    [0x13] = upcase_char,
    [0x14] = compare_pointers,
    [0x15] = buffer_flush,
    [0x16] = sft_entry,
    [0x17] = cds_of,
    [0x18] = caller_regs,
    [0x19] = set_drive,
    [0x1A] = file_drive,
    [0x1B] = february,
    [0x1C] = checksum,
    [0x1D] = sum_memory,
    [0x1E] = compare_names,
    [0x1F] = build_cds,
    [0x20] = jft_entry,
    [0x21] = canonicalize,
    [0x22] = error_info,
    [0x23] = char_device,
    [0x24] = share_delay,
    [0x25] = strlen_ds_si,
    [0x26] = open_file,
    [0x27] = close_file,
    [0x28] = seek_file,
    [0x29] = read_file,
    [0x2C] = device_chain,
    [0x2D] = extended_error,
};

void dos_mux_dos(struct dos *d, struct intr_call *ic)
{
    struct cpu_regs caller;
    uint8_t al = reg_lo(ic->r->ax);
    mux12_fn *fn = al < MUX12_COUNT ? k_fns[al] : NULL;
    intr_caller_regs(ic, &caller);
    struct mux12 m = {.d = d,
                      .ic = ic,
                      .r = ic->r,
                      .mem = ic->mem,
                      .arg = mem_rd16(ic->mem, mem_lin(ic->mem, caller.ss, caller.sp))};
    LOG(LOG_DOS, "INT 2Fh AX=%04X (DOS internal)", ic->r->ax);
    if (fn)
        fn(&m);
    else
        log_quiet(LOG_DOS, "INT 2Fh AX=%04Xh is not implemented; returned unchanged",
                  ic->r->ax);
}
