/* 8237A DMA controllers and the 74LS612 page registers of the PC/AT (Intel
 * 8237A data sheet; IBM PC/AT Technical Reference, "DMA Controller"). */
#include "hw/dma.h"

#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "hw/ports.h"

/* Register index within a controller (port offset, halved on DMA 2). */
enum {
    DMA_REG_STATUS = 8, /* read: TC bits 0-3, requests 4-7; write: command */
    DMA_REG_REQUEST = 9,
    DMA_REG_SINGLE_MASK = 10, /* bits 0-1 channel, bit 2 set/clear */
    DMA_REG_MODE = 11,
    DMA_REG_CLEAR_FLIPFLOP = 12,
    DMA_REG_MASTER_CLEAR = 13, /* read: temporary register */
    DMA_REG_CLEAR_MASKS = 14,
    DMA_REG_ALL_MASKS = 15,
};

#define DMA_MODE_DIR_SHIFT 2
#define DMA_MODE_AUTOINIT 0x10
#define DMA_MODE_DECREMENT 0x20
#define DMA_MASK_SET 0x04
#define DMA_CHANS_PER_CTRL 4
#define DMA_PAGE_BYTES 0x10000u

/* Page register (offset from 80h) of each channel, PC/AT wiring. */
static const uint8_t k_page_port[DMA_CHANNELS] = {0x7, 0x3, 0x1, 0x2, 0xF, 0xB, 0x9, 0xA};

struct dma_chan {
    uint16_t base_addr, base_count;
    uint16_t addr, count; /* current; count = units left - 1 */
    uint8_t mode;
    bool masked;
    dma_sync_fn *sync;
    void *ctx;
};

struct dma_ctrl {
    bool flipflop; /* false: next access is the low byte */
    uint8_t status;
    uint8_t command;
    uint8_t request;
};

struct dma {
    struct mem *mem;
    struct dma_chan ch[DMA_CHANNELS];
    struct dma_ctrl ctrl[2];
    uint8_t page[PORT_DMA_PAGE_PORTS];
    bool syncing;
};

static bool is_word(unsigned chan)
{
    return chan >= DMA_FIRST_WORD_CHANNEL;
}

static uint32_t lin_of(const struct dma *d, unsigned chan, uint16_t addr)
{
    uint8_t page = d->page[k_page_port[chan]];
    if (is_word(chan))
        return (uint32_t)(page & 0xFE) << 16 | (uint32_t)addr << 1;
    return (uint32_t)page << 16 | addr;
}

static void sync_chan(struct dma *d, unsigned chan)
{
    struct dma_chan *c = &d->ch[chan];
    if (!c->sync || d->syncing)
        return;
    d->syncing = true;
    c->sync(c->ctx);
    d->syncing = false;
}

static void terminal_count(struct dma *d, unsigned chan)
{
    struct dma_chan *c = &d->ch[chan];
    d->ctrl[chan / DMA_CHANS_PER_CTRL].status |= (uint8_t)(1u << (chan % DMA_CHANS_PER_CTRL));
    if (c->mode & DMA_MODE_AUTOINIT) {
        c->addr = c->base_addr;
        c->count = c->base_count;
    } else {
        c->masked = true;
    }
}

static enum dma_dir dma_direction(const struct dma *d, unsigned chan)
{
    return (enum dma_dir)((d->ch[chan].mode >> DMA_MODE_DIR_SHIFT) & 3);
}

/* Move k units between buf and guest memory at the current address, which
 * stays inside its 64K (128K for words) page, as on the 8237. */
static void move_units(struct dma *d, unsigned chan, uint8_t *buf, size_t k, bool to_mem)
{
    struct dma_chan *c = &d->ch[chan];
    unsigned unit = is_word(chan) ? 2 : 1;
    bool verify = dma_direction(d, chan) == DMA_DIR_VERIFY;
    for (size_t i = 0; i < k;) {
        size_t run = (c->mode & DMA_MODE_DECREMENT) ? 1 : MIN(k - i, DMA_PAGE_BYTES - c->addr);
        uint32_t lin = lin_of(d, chan, c->addr);
        if (verify && !to_mem)
            memset(buf + i * unit, 0, run * unit);
        else if (to_mem && !verify)
            mem_write(d->mem, lin, buf + i * unit, run * unit);
        else if (!to_mem)
            mem_read(d->mem, lin, buf + i * unit, run * unit);
        c->addr = (uint16_t)((c->mode & DMA_MODE_DECREMENT) ? c->addr - run : c->addr + run);
        i += run;
    }
}

static size_t transfer(struct dma *d, unsigned chan, uint8_t *buf, size_t n, bool to_mem)
{
    struct dma_chan *c = &d->ch[chan];
    enum dma_dir want = to_mem ? DMA_DIR_TO_MEMORY : DMA_DIR_FROM_MEMORY;
    enum dma_dir dir = dma_direction(d, chan);
    unsigned unit = is_word(chan) ? 2 : 1;
    size_t units = n / unit, done = 0;
    if (dir != want && dir != DMA_DIR_VERIFY) {
        LOG(LOG_PORT, "DMA %u: device and channel disagree on the direction", chan);
        return 0;
    }
    while (done < units && !c->masked) {
        size_t left = (size_t)c->count + 1, k = MIN(units - done, left);
        move_units(d, chan, buf + done * unit, k, to_mem);
        c->count = (uint16_t)(c->count - k);
        done += k;
        if (k == left)
            terminal_count(d, chan);
    }
    return done * unit;
}

size_t dma_read(struct dma *d, unsigned chan, uint8_t *dst, size_t n)
{
    return transfer(d, chan, dst, n, false);
}

size_t dma_write(struct dma *d, unsigned chan, const uint8_t *src, size_t n)
{
    return transfer(d, chan, (uint8_t *)(uintptr_t)src, n, true);
}

/* ---- ports ---- */

static uint8_t flip(struct dma_ctrl *k)
{
    bool high = k->flipflop;
    k->flipflop = !k->flipflop;
    return high;
}

static uint8_t read_addr_count(struct dma *d, unsigned ctrl, unsigned reg)
{
    unsigned chan = ctrl * DMA_CHANS_PER_CTRL + reg / 2;
    sync_chan(d, chan);
    uint16_t v = (reg & 1) ? d->ch[chan].count : d->ch[chan].addr;
    return flip(&d->ctrl[ctrl]) ? (uint8_t)(v >> 8) : (uint8_t)v;
}

static void write_addr_count(struct dma *d, unsigned ctrl, unsigned reg, uint8_t v)
{
    struct dma_chan *c = &d->ch[ctrl * DMA_CHANS_PER_CTRL + reg / 2];
    uint16_t *base = (reg & 1) ? &c->base_count : &c->base_addr;
    if (flip(&d->ctrl[ctrl]))
        *base = (uint16_t)((*base & 0x00FF) | v << 8);
    else
        *base = (uint16_t)((*base & 0xFF00) | v);
    if (reg & 1)
        c->count = *base;
    else
        c->addr = *base;
}

static uint8_t read_reg(struct dma *d, unsigned ctrl, unsigned reg)
{
    struct dma_ctrl *k = &d->ctrl[ctrl];
    if (reg < DMA_REG_STATUS)
        return read_addr_count(d, ctrl, reg);
    if (reg == DMA_REG_STATUS) {
        for (unsigned i = 0; i < DMA_CHANS_PER_CTRL; i++)
            sync_chan(d, ctrl * DMA_CHANS_PER_CTRL + i);
        uint8_t v = k->status;
        k->status &= 0xF0; /* reading clears the TC bits */
        return v;
    }
    if (reg == DMA_REG_ALL_MASKS) {
        uint8_t m = 0xF0;
        for (unsigned i = 0; i < DMA_CHANS_PER_CTRL; i++)
            m |= (uint8_t)(d->ch[ctrl * DMA_CHANS_PER_CTRL + i].masked << i);
        return m;
    }
    return reg == DMA_REG_MASTER_CLEAR ? 0 : 0xFF;
}

static void master_clear(struct dma *d, unsigned ctrl)
{
    struct dma_ctrl *k = &d->ctrl[ctrl];
    *k = (struct dma_ctrl){0};
    for (unsigned i = 0; i < DMA_CHANS_PER_CTRL; i++)
        d->ch[ctrl * DMA_CHANS_PER_CTRL + i].masked = true;
}

static void set_masks(struct dma *d, unsigned ctrl, uint8_t bits)
{
    for (unsigned i = 0; i < DMA_CHANS_PER_CTRL; i++)
        d->ch[ctrl * DMA_CHANS_PER_CTRL + i].masked = (bits >> i) & 1;
}

static void write_reg(struct dma *d, unsigned ctrl, unsigned reg, uint8_t v)
{
    struct dma_ctrl *k = &d->ctrl[ctrl];
    struct dma_chan *c = &d->ch[ctrl * DMA_CHANS_PER_CTRL + (v & 3)];
    switch (reg) {
    case DMA_REG_STATUS:
        k->command = v;
        break;
    case DMA_REG_REQUEST:
        k->request = v;
        break;
    case DMA_REG_SINGLE_MASK:
        c->masked = v & DMA_MASK_SET;
        break;
    case DMA_REG_MODE:
        c->mode = v;
        break;
    case DMA_REG_CLEAR_FLIPFLOP:
        k->flipflop = false;
        break;
    case DMA_REG_MASTER_CLEAR:
        master_clear(d, ctrl);
        break;
    case DMA_REG_CLEAR_MASKS:
        set_masks(d, ctrl, 0);
        break;
    case DMA_REG_ALL_MASKS:
        set_masks(d, ctrl, v);
        break;
    default:
        write_addr_count(d, ctrl, reg, v);
    }
    LOG(LOG_PORT, "DMA%u reg %u <- %02Xh", ctrl + 1, reg, v);
}

static uint8_t dma1_rd(void *ctx, uint16_t port)
{
    return read_reg(ctx, 0, (unsigned)(port - PORT_DMA1_BASE));
}

static void dma1_wr(void *ctx, uint16_t port, uint8_t v)
{
    write_reg(ctx, 0, (unsigned)(port - PORT_DMA1_BASE), v);
}

/* DMA 2 decodes even addresses only (A0 is not wired). */
static uint8_t dma2_rd(void *ctx, uint16_t port)
{
    return (port & 1) ? 0xFF : read_reg(ctx, 1, (unsigned)(port - PORT_DMA2_BASE) / 2);
}

static void dma2_wr(void *ctx, uint16_t port, uint8_t v)
{
    if (!(port & 1))
        write_reg(ctx, 1, (unsigned)(port - PORT_DMA2_BASE) / 2, v);
}

static uint8_t page_rd(void *ctx, uint16_t port)
{
    struct dma *d = ctx;
    return d->page[port - PORT_DMA_PAGE_BASE];
}

static void page_wr(void *ctx, uint16_t port, uint8_t v)
{
    struct dma *d = ctx;
    d->page[port - PORT_DMA_PAGE_BASE] = v;
}

struct dma *dma_new(struct io *io, struct mem *mem)
{
    struct dma *d = xcalloc(1, sizeof *d);
    d->mem = mem;
    for (unsigned i = 0; i < DMA_CHANNELS; i++)
        d->ch[i].masked = true;
    io_register(io, PORT_DMA1_BASE, PORT_DMA1_PORTS, dma1_rd, dma1_wr, d);
    io_register(io, PORT_DMA2_BASE, PORT_DMA2_PORTS, dma2_rd, dma2_wr, d);
    io_register(io, PORT_DMA_PAGE_BASE, PORT_DMA_PAGE_PORTS, page_rd, page_wr, d);
    return d;
}

void dma_free(struct dma *d)
{
    free(d);
}

void dma_attach(struct dma *d, unsigned chan, dma_sync_fn *sync, void *ctx)
{
    d->ch[chan].sync = sync;
    d->ch[chan].ctx = ctx;
}

bool dma_masked(const struct dma *d, unsigned chan)
{
    return d->ch[chan].masked;
}

size_t dma_remaining_bytes(const struct dma *d, unsigned chan)
{
    const struct dma_chan *c = &d->ch[chan];
    if (c->masked && !(c->mode & DMA_MODE_AUTOINIT) && c->count == 0xFFFF)
        return 0;
    return ((size_t)c->count + 1) * (is_word(chan) ? 2 : 1);
}
