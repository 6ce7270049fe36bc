/* VGA video memory as the CPU sees it through the sequencer and graphics
 * controller (IBM VGA Technical Reference, "Sequencer Registers" and
 * "Graphics Controller Registers"): map mask, chain 4, odd/even, read map
 * select, read mode 1 colour compare with don't care, write modes 0-3 with
 * set/reset, rotate, logical operation and bit mask, and the latches.
 *
 * Storage: plane p of plane address a is vram[a * 4 + p], so one 32-bit
 * load gives the four latches, and chain 4 (CPU offset o is plane o & 3,
 * address o >> 2) is the identity on the byte array. Text modes keep their
 * characters in plain RAM at B8000h/B0000h (fonts live in plane 2); every
 * other mode reaches vram through device memory (bus/mem.h), which under
 * Unicorn 2.0.1 also writes faster than RAM (docs/design.md, "Video");
 * REP STOS/MOVS into it run in a host loop (cpu/strop.h). */
#include <string.h>
#include <sys/mman.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"
#include "video/vga_impl.h"

#define MEMMAP_SHIFT 2 /* GC misc bits 2-3 */
#define READ_MODE_COMPARE 0x08
#define WRITE_MODE_MASK 0x03
#define ROTATE_COUNT_MASK 0x07
#define LOGICAL_OP_SHIFT 3
#define PLANES_EVEN 0x05 /* odd/even: even addresses reach planes 0 and 2 */
#define PLANES_ODD 0x0A

enum { OP_NONE, OP_AND, OP_OR, OP_XOR };

/* GC misc memory map select: where the window is (IBM VGA, GC register 6). */
static const struct {
    uint32_t lin, len;
} k_memmap[4] = {
    {0xA0000, 0x20000},
    {0xA0000, 0x10000},
    {0xB0000, 0x8000},
    {0xB8000, 0x8000},
};

/* A 4-bit plane mask as a 32-bit mask with 0xFF in every selected plane. */
static uint32_t expand(unsigned planes)
{
    uint32_t m = 0;
    for (unsigned p = 0; p < VGA_PLANES; p++)
        if (planes & (1u << p))
            m |= 0xFFu << VGA_PLANE_SHIFT(p);
    return m;
}

static uint32_t rep8(uint8_t b)
{
    return b * 0x01010101u;
}

static uint8_t ror8(uint8_t b, unsigned n)
{
    n &= 7;
    return (uint8_t)(n ? (b >> n | b << (8 - n)) : b);
}

static uint32_t load(const struct vga *v, uint16_t addr)
{
    uint32_t w;
    memcpy(&w, v->vram + (size_t)addr * VGA_PLANES, sizeof w);
    return w;
}

static void store(struct vga *v, uint16_t addr, uint32_t val, uint32_t mask)
{
    uint32_t w = load(v, addr);
    w = (w & ~mask) | (val & mask);
    memcpy(v->vram + (size_t)addr * VGA_PLANES, &w, sizeof w);
}

uint32_t vga_planes(const struct vga *v, uint16_t addr)
{
    return load(v, addr);
}

void vga_set_planes(struct vga *v, uint16_t addr, uint32_t val, uint32_t mask)
{
    store(v, addr, val, mask);
    v->gen++;
}

void vga_clear(struct vga *v)
{
    memset(v->vram, 0, VGA_VRAM_BYTES);
    v->gen++;
}

/* ---- CPU accesses ---- */

/* Plane address and planes a write at window offset off reaches. */
static uint16_t write_target(const struct vga *v, uint32_t off, unsigned *planes)
{
    unsigned mm = v->seq[VGA_SEQ_MAP_MASK] & 0x0F, mode = v->seq[VGA_SEQ_MEM_MODE];
    if (mode & VGA_SEQ_MEM_CHAIN4) {
        *planes = mm & (1u << (off & 3));
        return (uint16_t)(off >> 2);
    }
    if (!(mode & VGA_SEQ_MEM_ODDEVEN_OFF)) {
        *planes = mm & ((off & 1) ? PLANES_ODD : PLANES_EVEN);
        return (uint16_t)(off & ~1u);
    }
    *planes = mm;
    return (uint16_t)off;
}

/* Plane address and plane a read at window offset off returns (mode 0). */
static uint16_t read_target(const struct vga *v, uint32_t off, unsigned *plane)
{
    if (v->seq[VGA_SEQ_MEM_MODE] & VGA_SEQ_MEM_CHAIN4) {
        *plane = off & 3;
        return (uint16_t)(off >> 2);
    }
    if (v->gc[VGA_GC_MODE] & VGA_GC_MODE_ODDEVEN) {
        *plane = (v->gc[VGA_GC_READ_MAP] & 2) | (off & 1);
        return (uint16_t)(off & ~1u);
    }
    *plane = v->gc[VGA_GC_READ_MAP] & 3;
    return (uint16_t)off;
}

static uint8_t read_byte(struct vga *v, uint32_t off)
{
    unsigned plane;
    uint16_t addr = read_target(v, off, &plane);
    v->latch = load(v, addr);
    if (!(v->gc[VGA_GC_MODE] & READ_MODE_COMPARE))
        return (uint8_t)(v->latch >> VGA_PLANE_SHIFT(plane));
    /* read mode 1: a 1 where every cared-for plane matches the colour */
    uint32_t care = expand(v->gc[VGA_GC_DONT_CARE]);
    uint32_t diff = (v->latch ^ expand(v->gc[VGA_GC_COLOR_COMPARE])) & care;
    return (uint8_t) ~(diff | diff >> 8 | diff >> 16 | diff >> 24);
}

/* The data write modes 0, 2 and 3 produce before the logical operation;
 * *mask is narrowed by write mode 3. */
static uint32_t write_data(const struct vga *v, uint8_t val, uint32_t *mask)
{
    const uint8_t *gc = v->gc;
    uint8_t rotated = ror8(val, gc[VGA_GC_ROTATE] & ROTATE_COUNT_MASK);
    uint32_t sr = expand(gc[VGA_GC_SET_RESET]);
    switch (gc[VGA_GC_MODE] & WRITE_MODE_MASK) {
    case 0: {
        uint32_t en = expand(gc[VGA_GC_SET_RESET_ENABLE]);
        return (rep8(rotated) & ~en) | (sr & en);
    }
    case 2:
        return expand(val);
    default: /* 3 */
        *mask &= rep8(rotated);
        return sr;
    }
}

static void write_byte(struct vga *v, uint32_t off, uint8_t val)
{
    unsigned planes;
    uint16_t addr = write_target(v, off, &planes);
    v->gen++;
    v->vram_writes++;
    if (!planes)
        return;
    if ((v->gc[VGA_GC_MODE] & WRITE_MODE_MASK) == 1) {
        store(v, addr, v->latch, expand(planes));
        return;
    }
    uint32_t mask = rep8(v->gc[VGA_GC_BIT_MASK]), latch = v->latch;
    uint32_t data = write_data(v, val, &mask);
    switch ((v->gc[VGA_GC_ROTATE] >> LOGICAL_OP_SHIFT) & 3) {
    case OP_AND:
        data &= latch;
        break;
    case OP_OR:
        data |= latch;
        break;
    case OP_XOR:
        data ^= latch;
        break;
    default:
        break;
    }
    store(v, addr, (data & mask) | (latch & ~mask), expand(planes));
}

/* The common case without the graphics controller's logic: write mode 0,
 * no set/reset, rotation or logical operation, every bit; chain 4 with
 * all planes (mode 13h) or plain planar writes. Decided when registers
 * change (vga_mem_regs_changed), it saves most of the per-byte work;
 * with one plane in the map mask (mode X drawing) a store is one byte. */
static bool gc_transparent(const struct vga *v)
{
    const uint8_t *gc = v->gc;
    return (gc[VGA_GC_MODE] & WRITE_MODE_MASK) == 0 && !(gc[VGA_GC_SET_RESET_ENABLE] & 0x0F) &&
           !(gc[VGA_GC_ROTATE] & 0x1F) && gc[VGA_GC_BIT_MASK] == 0xFF;
}

void vga_mem_regs_changed(struct vga *v)
{
    unsigned mode = v->seq[VGA_SEQ_MEM_MODE], mm = v->seq[VGA_SEQ_MAP_MASK] & 0x0F;
    bool plain = gc_transparent(v);
    v->fast_write = VGA_FAST_NONE;
    if (plain && (mode & VGA_SEQ_MEM_CHAIN4) && mm == 0x0F)
        v->fast_write = VGA_FAST_CHAIN4;
    else if (plain && !(mode & VGA_SEQ_MEM_CHAIN4) && (mode & VGA_SEQ_MEM_ODDEVEN_OFF))
        v->fast_write = (mm & (mm - 1)) || !mm ? VGA_FAST_PLANAR : VGA_FAST_PLANE;
    v->fast_mask = expand(mm);
    v->fast_plane = (unsigned)__builtin_ctz(mm | 0x10);
    vga_map_update(v);
}

/* Fixed-size copies, so the compiler inlines them (no library call per
 * guest write). */
static void fast_write(struct vga *v, uint32_t off, unsigned size, uint32_t val)
{
    if (v->fast_write == VGA_FAST_CHAIN4) { /* chain 4: the byte array itself */
        uint8_t *p = v->vram + off;
        if (size == 4)
            memcpy(p, &val, 4);
        else if (size == 2)
            put_le16(p, (uint16_t)val);
        else
            for (unsigned i = 0; i < size; i++)
                p[i] = (uint8_t)(val >> (8 * i));
        return;
    }
    if (v->fast_write == VGA_FAST_PLANE) { /* mode X: one plane, one byte each */
        uint8_t *p = v->vram + (size_t)off * VGA_PLANES + v->fast_plane;
        for (unsigned i = 0; i < size; i++, p += VGA_PLANES)
            *p = (uint8_t)(val >> (8 * i));
        return;
    }
    uint32_t mask = v->fast_mask;
    uint8_t *p = v->vram + (size_t)off * VGA_PLANES;
    for (unsigned i = 0; i < size; i++, p += VGA_PLANES) {
        uint32_t w;
        memcpy(&w, p, sizeof w);
        w = (w & ~mask) | (rep8((uint8_t)(val >> (8 * i))) & mask);
        memcpy(p, &w, sizeof w);
    }
}

/* Device-memory callbacks: wider accesses are bytes at rising addresses,
 * as the 8/16-bit VGA bus splits them. */
static uint32_t io_read(void *ctx, uint32_t lin, unsigned size)
{
    struct vga *v = ctx;
    uint32_t off = lin - v->win_lin, val = 0;
    if (v->vbe.active)
        return vga_vbe_window_read(v, off, size);
    for (unsigned i = 0; i < size; i++)
        val |= (uint32_t)read_byte(v, off + i) << (8 * i);
    return val;
}

static void io_write(void *ctx, uint32_t lin, unsigned size, uint32_t val)
{
    struct vga *v = ctx;
    uint32_t off = lin - v->win_lin;
    if (v->vbe.active) {
        vga_vbe_window_write(v, off, size, val);
        return;
    }
    if (v->fast_write && off + size <= VGA_PLANE_BYTES) {
        v->gen++;
        v->vram_writes++;
        fast_write(v, off, size, val);
        return;
    }
    for (unsigned i = 0; i < size; i++)
        write_byte(v, off + i, (uint8_t)(val >> (8 * i)));
}

/* ---- which addresses the device serves ---- */

/* Text modes keep characters in RAM: odd/even, alphanumeric, at B0000h or
 * B8000h. The font-loading sequence (plane 2, A0000h) is not text. */
static bool text_window(const struct vga *v)
{
    unsigned map = (v->gc[VGA_GC_MISC] >> MEMMAP_SHIFT) & 3;
    return !(v->gc[VGA_GC_MISC] & VGA_GC_MISC_GRAPHICS) && map >= 2 &&
           !(v->seq[VGA_SEQ_MEM_MODE] & (VGA_SEQ_MEM_ODDEVEN_OFF | VGA_SEQ_MEM_CHAIN4));
}

void vga_map_update(struct vga *v)
{
    uint32_t lin = 0, len = 0;
    if (v->vbe.active) {
        lin = VGA_VBE_WINDOW_LIN;
        len = VGA_VBE_WINDOW_BYTES;
    } else if (!text_window(v)) {
        unsigned map = (v->gc[VGA_GC_MISC] >> MEMMAP_SHIFT) & 3;
        lin = k_memmap[map].lin;
        len = k_memmap[map].len;
    }
    if (lin == v->win_lin && len == v->win_len)
        return;
    for (uint32_t at = MEM_VIDEO_LIN; at < MEM_VIDEO_LIN + MEM_VIDEO_BYTES;
         at += MEM_VIDEO_SLOT_BYTES) {
        bool ours = at >= lin && at < lin + len;
        mem_set_io(v->mem, at, MEM_VIDEO_SLOT_BYTES, ours ? &v->io : NULL);
    }
    v->win_lin = lin;
    v->win_len = len;
    LOG(LOG_VIDEO, "video memory: %s", len ? "device window" : "text RAM");
}

void vga_mem_init(struct vga *v)
{
    void *p = mmap(NULL, VGA_VRAM_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED)
        die("out of memory for video memory");
    v->vram = p;
    v->io = (struct mem_io){io_read, io_write, v};
}

void vga_mem_free(struct vga *v)
{
    if (v->vram)
        munmap(v->vram, VGA_VRAM_BYTES);
}
