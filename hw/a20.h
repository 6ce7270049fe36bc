/* The A20 gate: "fast A20" system control port A (92h) and the state that
 * INT 15h 24xxh, XMS and the keyboard controller (8042 command D1h) share.
 * The gate itself is bus/mem.h's mem_set_a20 (the 1 MiB wrap). */
#ifndef UNIDOS_HW_A20_H
#define UNIDOS_HW_A20_H

#include "bus/mem.h"
#include "bus/io.h"

/* PS/2 system control port A bits (RBIL PORTS.A, port 0092h). */
#define A20_PORT92_RESET 0x01 /* write 1: fast CPU reset (not emulated, logged) */
#define A20_PORT92_GATE 0x02  /* A20 enabled */

/* Register port 92h on io. Reads give the gate state in bit 1. */
void a20_init(struct io *io, struct mem *m);

#endif
