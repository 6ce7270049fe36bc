/* Port table: a 64K map of small device slot numbers, filled lazily so that
 * unused ranges cost no memory. Unknown ports read 0xFF and are logged once. */
#include "bus/io.h"

#include <stdlib.h>

#include "base/common.h"
#include "base/log.h"

#define IO_MAX_SLOTS 255
#define IO_PORTS 0x10000

struct io_slot {
    io_rd_fn *rd;
    io_wr_fn *wr;
    void *ctx;
};

struct io {
    uint8_t slot_of[IO_PORTS];    /* 0 = no device */
    uint8_t logged[IO_PORTS / 8]; /* unknown ports already reported */
    struct io_slot slots[IO_MAX_SLOTS + 1];
    unsigned nslots;
};

struct io *io_new(void)
{
    return xcalloc(1, sizeof(struct io));
}

void io_free(struct io *io)
{
    free(io);
}

void io_register(struct io *io, uint16_t base, uint16_t count, io_rd_fn *rd, io_wr_fn *wr,
                 void *ctx)
{
    if (io->nslots >= IO_MAX_SLOTS)
        die("too many I/O device registrations");
    unsigned s = ++io->nslots;
    io->slots[s] = (struct io_slot){rd, wr, ctx};
    for (uint32_t p = base; p < (uint32_t)base + count && p < IO_PORTS; p++)
        io->slot_of[p] = (uint8_t)s;
}

static void log_unknown(struct io *io, uint16_t port, const char *dir)
{
    uint8_t bit = (uint8_t)(1u << (port & 7));
    if (io->logged[port >> 3] & bit)
        return;
    io->logged[port >> 3] |= bit;
    LOG(LOG_PORT, "%s port %04Xh: no device (further accesses not logged)", dir, port);
}

static uint8_t in8(struct io *io, uint16_t port)
{
    const struct io_slot *s = &io->slots[io->slot_of[port]];
    if (!s->rd) {
        log_unknown(io, port, "IN from");
        return 0xFF;
    }
    return s->rd(s->ctx, port);
}

static void out8(struct io *io, uint16_t port, uint8_t val)
{
    const struct io_slot *s = &io->slots[io->slot_of[port]];
    if (!s->wr) {
        log_unknown(io, port, "OUT to");
        return;
    }
    s->wr(s->ctx, port, val);
}

uint32_t io_in(struct io *io, uint16_t port, unsigned width_bytes)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < width_bytes; i++)
        v |= (uint32_t)in8(io, (uint16_t)(port + i)) << (8 * i);
    return v;
}

void io_out(struct io *io, uint16_t port, unsigned width_bytes, uint32_t val)
{
    for (unsigned i = 0; i < width_bytes; i++)
        out8(io, (uint16_t)(port + i), (uint8_t)(val >> (8 * i)));
}
