/* Guest memory ownership and bounds-checked access helpers. */
#include "bus/mem.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/bytes.h"
#include "base/common.h"

struct mem {
    uint8_t *ram; /* MEM_TOTAL_BYTES: conventional then HMA */
    uint8_t *ext; /* ext_len bytes at MEM_EXT_BASE, reserved (mmap) */
    uint32_t ext_len;
    uint8_t *sys; /* MEM_SYS_BYTES at MEM_SYS_LIN */
    bool a20;
    mem_write_fn *on_write;
    mem_a20_fn *on_a20;
    void *ctx;
    mem_map_fn *on_map;
    void *map_ctx;
    const struct mem_io *io[MEM_VIDEO_SLOTS]; /* device per video slot, NULL = RAM */
    unsigned nio;                             /* slots served by a device */
    uint32_t dev_phys, dev_len;               /* mem_map_device */
    uint8_t *dev_host;
};

/* Anonymous pages: nothing is committed until written. */
static uint8_t *reserve(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        die("cannot reserve %zu MiB of guest memory", len >> 20);
    return p;
}

struct mem *mem_new_ext(uint32_t ext_bytes)
{
    struct mem *m = xcalloc(1, sizeof *m);
    ASSERT(ext_bytes % MEM_PAGE_BYTES == 0 && ext_bytes <= MEM_SYS_LIN - MEM_EXT_BASE);
    /* calloc of this size is mmap-backed: pages cost nothing until touched. */
    m->ram = xcalloc(1, MEM_TOTAL_BYTES);
    m->ext_len = ext_bytes;
    m->ext = ext_bytes ? reserve(ext_bytes) : NULL;
    m->sys = reserve(MEM_SYS_BYTES);
    return m;
}

struct mem *mem_new(void)
{
    return mem_new_ext(0);
}

void mem_free(struct mem *m)
{
    if (!m)
        return;
    free(m->ram);
    if (m->ext)
        munmap(m->ext, m->ext_len);
    munmap(m->sys, MEM_SYS_BYTES);
    free(m);
}

uint32_t mem_ext_bytes(const struct mem *m)
{
    return m->ext_len;
}

void mem_set_hooks(struct mem *m, mem_write_fn *on_write, mem_a20_fn *on_a20, void *ctx)
{
    m->on_write = on_write;
    m->on_a20 = on_a20;
    m->ctx = ctx;
}

void mem_set_map_hook(struct mem *m, mem_map_fn *on_map, void *ctx)
{
    m->on_map = on_map;
    m->map_ctx = ctx;
}

/* ---- devices in the video window and above memory ---- */

static bool in_video(uint32_t lin)
{
    return lin >= MEM_VIDEO_LIN && lin - MEM_VIDEO_LIN < MEM_VIDEO_BYTES;
}

const struct mem_io *mem_io_at(const struct mem *m, uint32_t lin)
{
    if (!m->nio || !in_video(lin))
        return NULL;
    return m->io[(lin - MEM_VIDEO_LIN) / MEM_VIDEO_SLOT_BYTES];
}

void mem_set_io(struct mem *m, uint32_t lin, uint32_t len, const struct mem_io *io)
{
    ASSERT(in_video(lin) && len && (lin - MEM_VIDEO_LIN) % MEM_VIDEO_SLOT_BYTES == 0);
    ASSERT(len % MEM_VIDEO_SLOT_BYTES == 0 && lin - MEM_VIDEO_LIN + len <= MEM_VIDEO_BYTES);
    bool changed = false;
    for (uint32_t at = lin; at < lin + len; at += MEM_VIDEO_SLOT_BYTES) {
        const struct mem_io **slot = &m->io[(at - MEM_VIDEO_LIN) / MEM_VIDEO_SLOT_BYTES];
        if (*slot == io)
            continue;
        m->nio += (io != NULL) - (*slot != NULL);
        *slot = io;
        changed = true;
    }
    if (changed && m->on_map)
        m->on_map(m->map_ctx, lin, len);
}

void mem_map_device(struct mem *m, uint32_t phys, uint32_t len, uint8_t *host)
{
    ASSERT(phys >= MEM_TOTAL_BYTES && !m->dev_host);
    m->dev_phys = phys;
    m->dev_len = len;
    m->dev_host = host;
    if (m->on_map)
        m->on_map(m->map_ctx, phys, len);
}

bool mem_device(const struct mem *m, uint32_t *phys, uint32_t *len, uint8_t **host)
{
    *phys = m->dev_phys;
    *len = m->dev_len;
    *host = m->dev_host;
    return m->dev_host != NULL;
}

uint8_t *mem_host_conv(struct mem *m)
{
    return m->ram;
}
uint8_t *mem_host_hma(struct mem *m)
{
    return m->ram + MEM_CONV_BYTES;
}
uint8_t *mem_host_ext(struct mem *m)
{
    return m->ext;
}
uint8_t *mem_host_sys(struct mem *m)
{
    return m->sys;
}

static bool in_ext(const struct mem *m, uint32_t lin)
{
    return lin >= MEM_EXT_BASE && lin - MEM_EXT_BASE < m->ext_len;
}

static bool in_sys(uint32_t lin)
{
    return lin >= MEM_SYS_LIN && lin - MEM_SYS_LIN < MEM_SYS_BYTES;
}

/* Host bytes at an (unwrapped) linear address outside the first MiB and
 * the HMA, and how many follow contiguously; NULL outside every region,
 * with *avail the distance to the next one. */
static uint8_t *high_at(const struct mem *m, uint32_t lin, size_t *avail)
{
    if (in_ext(m, lin)) {
        *avail = MEM_EXT_BASE + m->ext_len - lin;
        return m->ext + (lin - MEM_EXT_BASE);
    }
    if (in_sys(lin)) {
        *avail = MEM_SYS_BYTES - (lin - MEM_SYS_LIN);
        return m->sys + (lin - MEM_SYS_LIN);
    }
    uint64_t next = lin < MEM_EXT_BASE + (uint64_t)m->ext_len ? MEM_EXT_BASE
                    : lin < MEM_SYS_LIN                       ? MEM_SYS_LIN
                                                              : (uint64_t)1 << 32;
    *avail = (size_t)(next - lin);
    return NULL;
}

void mem_discard(struct mem *m, uint32_t lin, uint32_t len)
{
    ASSERT(in_ext(m, lin) && len <= MEM_EXT_BASE + m->ext_len - lin);
    ASSERT(lin % MEM_PAGE_BYTES == 0 && len % MEM_PAGE_BYTES == 0);
    if (!len)
        return;
    madvise(m->ext + (lin - MEM_EXT_BASE), len, MADV_DONTNEED);
    if (m->on_write)
        m->on_write(m->ctx, lin, len);
}
bool mem_a20(const struct mem *m)
{
    return m->a20;
}

void mem_set_a20(struct mem *m, bool enabled)
{
    if (m->a20 == enabled)
        return;
    m->a20 = enabled;
    if (m->on_a20)
        m->on_a20(m->ctx, enabled);
}

/* With A20 off, the HMA window (what real-mode segments reach above 1 MiB)
 * wraps to the start of memory. Extended memory and the system area are
 * only reached by linear (physical) address and never wrap. */
static uint32_t wrap(const struct mem *m, uint32_t lin)
{
    uint32_t hma = lin - MEM_CONV_BYTES; /* one compare: this is on every access */
    return m->a20 || hma >= MEM_HMA_BYTES ? lin : hma;
}

uint32_t mem_lin(const struct mem *m, uint16_t seg, uint16_t off)
{
    return wrap(m, ((uint32_t)seg << 4) + off);
}

static void notify(struct mem *m, uint32_t lin, size_t len)
{
    if (m->on_write && len)
        m->on_write(m->ctx, lin, (uint32_t)len);
}

uint8_t mem_rd8(const struct mem *m, uint32_t lin)
{
    lin = wrap(m, lin);
    const struct mem_io *io = mem_io_at(m, lin);
    if (io)
        return (uint8_t)io->read(io->ctx, lin, 1);
    if (lin < MEM_TOTAL_BYTES)
        return m->ram[lin];
    size_t avail;
    const uint8_t *p = high_at(m, lin, &avail);
    return p ? *p : 0xFF;
}

/* Below the video area memory is plain RAM: no wrap, no device. */
static bool plain_ram(uint32_t lin, size_t len)
{
    return lin < MEM_VIDEO_LIN && len <= MEM_VIDEO_LIN - lin;
}

uint16_t mem_rd16(const struct mem *m, uint32_t lin)
{
    if (plain_ram(lin, 2))
        return get_le16(m->ram + lin);
    return (uint16_t)(mem_rd8(m, lin) | mem_rd8(m, lin + 1) << 8);
}

uint32_t mem_rd32(const struct mem *m, uint32_t lin)
{
    if (plain_ram(lin, 4))
        return get_le32(m->ram + lin);
    return mem_rd16(m, lin) | (uint32_t)mem_rd16(m, lin + 2) << 16;
}

void mem_wr8(struct mem *m, uint32_t lin, uint8_t v)
{
    mem_write(m, lin, &v, 1);
}

void mem_wr16(struct mem *m, uint32_t lin, uint16_t v)
{
    uint8_t b[2];
    put_le16(b, v);
    mem_write(m, lin, b, 2);
}

void mem_wr32(struct mem *m, uint32_t lin, uint32_t v)
{
    uint8_t b[4];
    put_le32(b, v);
    mem_write(m, lin, b, 4);
}

uint8_t *mem_ptr(struct mem *m, uint32_t lin, size_t len)
{
    lin = wrap(m, lin);
    if (lin >= MEM_TOTAL_BYTES) {
        size_t avail;
        uint8_t *p = high_at(m, lin, &avail);
        return p && len <= avail ? p : NULL;
    }
    if (len > MEM_TOTAL_BYTES - lin)
        return NULL;
    if (m->nio && lin < MEM_VIDEO_LIN + MEM_VIDEO_BYTES && lin + len > MEM_VIDEO_LIN) {
        for (uint32_t at = MAX(lin, MEM_VIDEO_LIN) & ~(MEM_VIDEO_SLOT_BYTES - 1);
             at < MIN(lin + (uint32_t)len, MEM_VIDEO_LIN + MEM_VIDEO_BYTES);
             at += MEM_VIDEO_SLOT_BYTES)
            if (mem_io_at(m, at))
                return NULL; /* device memory has no host pointer */
    }
    return m->ram + lin;
}

void mem_written(struct mem *m, uint32_t lin, size_t len)
{
    notify(m, wrap(m, lin), len);
}

/* Length of the run starting at lin that stays contiguous in host storage
 * (or inside one device slot of the video window, or one gap between
 * regions). */
static size_t run_len(const struct mem *m, uint32_t lin, size_t len)
{
    uint32_t end = m->a20 ? MEM_TOTAL_BYTES : MEM_CONV_BYTES;
    if (lin >= end) {
        size_t avail;
        high_at(m, lin, &avail);
        return MIN(len, avail);
    }
    if (m->nio && lin < MEM_VIDEO_LIN + MEM_VIDEO_BYTES) {
        uint32_t stop = lin < MEM_VIDEO_LIN ? MEM_VIDEO_LIN
                                            : (lin | (MEM_VIDEO_SLOT_BYTES - 1)) + 1;
        end = MIN(end, stop);
    }
    return MIN(len, (size_t)(end - lin));
}

static void io_read(const struct mem_io *io, uint32_t at, uint8_t *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = (uint8_t)io->read(io->ctx, at + (uint32_t)i, 1);
}

static void io_write(const struct mem_io *io, uint32_t at, const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        io->write(io->ctx, at + (uint32_t)i, 1, s[i]);
}

void mem_read(const struct mem *m, uint32_t lin, void *dst, size_t len)
{
    uint8_t *d = dst;
    while (len) {
        uint32_t at = wrap(m, lin);
        size_t n = run_len(m, at, len);
        const struct mem_io *io = mem_io_at(m, at);
        size_t avail;
        const uint8_t *high = at >= MEM_TOTAL_BYTES ? high_at(m, at, &avail) : NULL;
        if (io)
            io_read(io, at, d, n);
        else if (at < MEM_TOTAL_BYTES)
            memcpy(d, m->ram + at, n);
        else if (high)
            memcpy(d, high, n);
        else
            memset(d, 0xFF, n);
        d += n;
        lin += (uint32_t)n;
        len -= n;
    }
}

/* Copy into RAM, telling the CPU only about the parts that changed: a
 * program loaded again where it ran before keeps the translations of its
 * code (Unicorn reclaims translation memory only on a full flush, so
 * retranslating a program each time it runs would grow the process). */
#define STORE_GRANULE 64u
static void store(struct mem *m, uint8_t *d, uint32_t lin, const uint8_t *s, size_t n)
{
    size_t run = 0, i = 0;
    while (i < n) {
        size_t k = MIN((size_t)STORE_GRANULE, n - i);
        if (memcmp(d + i, s + i, k)) {
            memcpy(d + i, s + i, k);
            run += k;
        } else if (run) {
            notify(m, lin + (uint32_t)(i - run), run);
            run = 0;
        }
        i += k;
    }
    if (run)
        notify(m, lin + (uint32_t)(n - run), run);
}

/* mem_write; data: the bytes are no code (nothing is told to the CPU). */
static void write_runs(struct mem *m, uint32_t lin, const void *src, size_t len, bool data)
{
    const uint8_t *s = src;
    while (len) {
        uint32_t at = wrap(m, lin);
        size_t n = run_len(m, at, len);
        const struct mem_io *io = mem_io_at(m, at);
        size_t avail;
        uint8_t *high = at >= MEM_TOTAL_BYTES ? high_at(m, at, &avail) : NULL;
        if (io) {
            io_write(io, at, s, n);
        } else if ((at < MEM_TOTAL_BYTES || high) && data) {
            memcpy(high ? high : m->ram + at, s, n);
        } else if (at < MEM_TOTAL_BYTES || high) {
            store(m, high ? high : m->ram + at, at, s, n);
        }
        s += n;
        lin += (uint32_t)n;
        len -= n;
    }
}

void mem_write(struct mem *m, uint32_t lin, const void *src, size_t len)
{
    write_runs(m, lin, src, len, false);
}

void mem_write_data(struct mem *m, uint32_t lin, const void *src, size_t len)
{
    lin = wrap(m, lin);
    if (plain_ram(lin, len))
        memcpy(m->ram + lin, src, len);
    else
        write_runs(m, lin, src, len, true);
}

void mem_fill(struct mem *m, uint32_t lin, uint8_t v, size_t len)
{
    while (len) {
        uint32_t at = wrap(m, lin);
        size_t n = run_len(m, at, len);
        const struct mem_io *io = mem_io_at(m, at);
        size_t avail;
        uint8_t *high = at >= MEM_TOTAL_BYTES ? high_at(m, at, &avail) : NULL;
        if (io) {
            for (size_t i = 0; i < n; i++)
                io->write(io->ctx, at + (uint32_t)i, 1, v);
        } else if (at < MEM_TOTAL_BYTES || high) {
            memset(high ? high : m->ram + at, v, n);
            notify(m, at, n);
        }
        lin += (uint32_t)n;
        len -= n;
    }
}

/* A far range seg:off..+len in linear pieces: the offset wraps to 0000h
 * past FFFFh, as a 16-bit address does. */
struct far_range {
    uint16_t seg, off;
    size_t left;
};

/* The next piece: its length (0 at the end), its linear address in *lin. */
static size_t far_next(const struct mem *m, struct far_range *r, uint32_t *lin)
{
    size_t n = MIN(r->left, (size_t)MEM_SEG_BYTES - r->off);
    *lin = mem_lin(m, r->seg, r->off);
    r->left -= n;
    r->off = (uint16_t)(r->off + n);
    return n;
}

void mem_read_far(const struct mem *m, uint16_t seg, uint16_t off, void *dst, size_t len)
{
    struct far_range r = {seg, off, len};
    uint8_t *d = dst;
    uint32_t lin;
    for (size_t n; (n = far_next(m, &r, &lin)) != 0; d += n)
        mem_read(m, lin, d, n);
}

void mem_write_far(struct mem *m, uint16_t seg, uint16_t off, const void *src, size_t len)
{
    struct far_range r = {seg, off, len};
    const uint8_t *s = src;
    uint32_t lin;
    for (size_t n; (n = far_next(m, &r, &lin)) != 0; s += n)
        mem_write(m, lin, s, n);
}

/* A string wholly in plain RAM, not wrapping at 64 KiB: found with memchr. */
static bool str_in_ram(const struct mem *m, uint32_t lin, uint16_t off, uint8_t term, char *dst,
                       size_t cap, int *len)
{
    if (!cap || cap > MEM_SEG_BYTES - off || !plain_ram(lin, cap))
        return false;
    const uint8_t *p = m->ram + lin;
    const uint8_t *end = memchr(p, term, cap - 1);
    size_t n = end ? (size_t)(end - p) : cap - 1;
    memcpy(dst, p, n);
    dst[n] = 0;
    *len = end ? (int)n : -1;
    return true;
}

int mem_str_far(const struct mem *m, uint16_t seg, uint16_t off, uint8_t term, char *dst,
                size_t cap)
{
    int len;
    if (str_in_ram(m, mem_lin(m, seg, off), off, term, dst, cap, &len))
        return len;
    for (size_t i = 0; i + 1 < cap; i++) {
        uint8_t c = mem_rd8(m, mem_lin(m, seg, (uint16_t)(off + i)));
        if (c == term) {
            dst[i] = 0;
            return (int)i;
        }
        dst[i] = (char)c;
    }
    if (cap)
        dst[cap - 1] = 0;
    return -1;
}
