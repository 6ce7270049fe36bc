/* Two cascaded 8259A interrupt controllers (master IRQ0-7, slave IRQ8-15). */
#ifndef UNIDOS_HW_PIC_H
#define UNIDOS_HW_PIC_H

#include <stdbool.h>
#include <stdint.h>

#include "bus/io.h"

struct pic;


#define PIC_IRQ_TIMER 0
#define PIC_IRQ_KEYBOARD 1
#define PIC_IRQ_CASCADE 2

/* Create both controllers initialised as the PC BIOS leaves them (master
 * vectors 08h-0Fh, slave 70h-77h, all IRQs unmasked) on io's ports. */
struct pic *pic_new(struct io *io);
void pic_free(struct pic *p);

/* Edge-triggered request of IRQ irq (0-15). */
void pic_raise(struct pic *p, unsigned irq);

/* If an unmasked request can be serviced now, accept it (mark it in
 * service), store its vector and return true. Call only when the CPU has
 * interrupts enabled. */
bool pic_acknowledge(struct pic *p, uint8_t *vector);

/* True when an unmasked IRQ is waiting (for waking an idle CPU). */
bool pic_pending(const struct pic *p);

/* True when the program masked IRQ irq (0-15) at its controller. */
bool pic_masked(const struct pic *p, unsigned irq);

#endif
