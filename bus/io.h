/* The I/O port table: devices register port ranges, IN/OUT dispatch here. */
#ifndef UNIDOS_BUS_IO_H
#define UNIDOS_BUS_IO_H

#include <stdint.h>

struct io;


/* Byte-wide handlers; 16- and 32-bit accesses are split into bytes at
 * port, port+1, ... as an ISA bus does. */
typedef uint8_t io_rd_fn(void *ctx, uint16_t port);
typedef void io_wr_fn(void *ctx, uint16_t port, uint8_t val);

struct io *io_new(void);
void io_free(struct io *io);

/* Route ports [base, base+count) to rd/wr (either may be NULL: reads give
 * 0xFF, writes are ignored). A later registration replaces an earlier one. */
void io_register(struct io *io, uint16_t base, uint16_t count, io_rd_fn *rd, io_wr_fn *wr,
                 void *ctx);

uint32_t io_in(struct io *io, uint16_t port, unsigned width_bytes);
void io_out(struct io *io, uint16_t port, unsigned width_bytes, uint32_t val);

#endif
