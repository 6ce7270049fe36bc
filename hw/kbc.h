/* The 8042 keyboard controller (ports 60h/64h) and the keyboard behind it:
 * scan codes (set 1, as the controller translates them) queued by the
 * host, delivered one byte at a time with IRQ1; controller commands
 * including the output port's A20 gate. */
#ifndef UNIDOS_HW_KBC_H
#define UNIDOS_HW_KBC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus/mem.h"
#include "hw/clock.h"
#include "bus/io.h"
#include "hw/pic.h"
#include "hw/sched.h"

struct kbc;

#define KBC_PORT_DATA 0x60   /* read: output buffer; write: to the keyboard */
#define KBC_PORT_STATUS 0x64 /* read: status; write: controller command */

#define KBC_STATUS_OBF 0x01      /* output buffer full */
#define KBC_STATUS_IBF 0x02      /* input buffer full */
#define KBC_STATUS_SYS 0x04      /* system flag (self-test passed) */
#define KBC_STATUS_CMD 0x08      /* last write was to 64h */
#define KBC_STATUS_UNLOCKED 0x10 /* keyboard not inhibited */
#define KBC_STATUS_AUX 0x20      /* output buffer holds mouse data */

#define KBC_QUEUE_BYTES 256
/* One scan code byte takes about this long on the keyboard's serial line
 * (11 bits at 10-16 kHz); the next byte is not delivered sooner. */
#define KBC_BYTE_NS 1000000u
#define KBC_READ_GAP_NS 250000u

struct kbc_hooks {
    void (*reset)(void *ctx); /* the program pulsed the CPU reset line */
    /* A program read port 60h itself; fresh: a byte had arrived since the
     * last read (else it polls a keyboard with nothing new). */
    void (*direct_read)(void *ctx, bool fresh);
    /* A program with the keyboard interrupt off read the status port and
     * found no byte: it polls the 8042 for a key. */
    void (*status_poll)(void *ctx);
    void *ctx;
};

struct kbc *kbc_new(struct io *io, struct pic *pic, struct sched *sched, struct vclock *clk,
                    struct mem *mem);
void kbc_free(struct kbc *k);
void kbc_set_hooks(struct kbc *k, const struct kbc_hooks *h);

/* Host side: the keyboard sends bytes (make/break codes, E0/E1 prefixes).
 * Returns how many were queued (the rest did not fit). */
size_t kbc_feed(struct kbc *k, const uint8_t *bytes, size_t n);
/* Free room in the queue, and whether everything sent was read. */
size_t kbc_room(const struct kbc *k);
bool kbc_drained(const struct kbc *k);

/* IN AL,60h on behalf of the BIOS INT 09h handler (no direct-read hook). */
uint8_t kbc_read_data(struct kbc *k);

/* Move the next queued byte into the output buffer when it is due and
 * raise IRQ1. The scheduler calls this; returns the next deadline. */
uint64_t kbc_update(struct kbc *k);

#endif
