/* 8259A PIC pair: ICW1-4 initialisation, OCW1 masks, OCW2 EOIs, OCW3 reads
 * (Intel 8259A data sheet; the PC/AT wiring: slave on master IRQ2). */
#include "hw/pic.h"

#include <stdlib.h>

#include "base/common.h"
#include "base/log.h"
#include "hw/ports.h"

#define PIC_ICW1_INIT 0x10
#define PIC_ICW1_NEED_ICW4 0x01
#define PIC_ICW1_SINGLE 0x02
#define PIC_OCW3_SELECT 0x08
#define PIC_OCW3_READ_ISR 0x03
#define PIC_OCW3_READ_IRR 0x02
#define PIC_OCW2_EOI 0x20
#define PIC_OCW2_SPECIFIC 0x40
#define PIC_MASTER_VECTOR 0x08
#define PIC_SLAVE_VECTOR 0x70

struct pic_chip {
    uint8_t irr, isr, imr;
    uint8_t vector_base;
    uint8_t init_step; /* 0 = ready; 2..4 = expecting ICWn */
    bool need_icw4, single;
    bool read_isr;
};

struct pic {
    struct pic_chip chip[2]; /* [0] master, [1] slave */
};

/* Highest-priority bit set in bits (IRQ0 highest), or -1. */
static int lowest_bit(uint8_t bits)
{
    for (int i = 0; i < 8; i++)
        if (bits & (1u << i))
            return i;
    return -1;
}

static void write_cmd(struct pic_chip *c, uint8_t v)
{
    if (v & PIC_ICW1_INIT) {
        c->init_step = 2;
        c->need_icw4 = v & PIC_ICW1_NEED_ICW4;
        c->single = v & PIC_ICW1_SINGLE;
        c->imr = 0;
        c->isr = 0;
        c->read_isr = false;
        return;
    }
    if (v & PIC_OCW3_SELECT) {
        if ((v & PIC_OCW3_READ_ISR) == PIC_OCW3_READ_ISR)
            c->read_isr = true;
        else if ((v & PIC_OCW3_READ_ISR) == PIC_OCW3_READ_IRR)
            c->read_isr = false;
        return;
    }
    if (v & PIC_OCW2_EOI) {
        int irq = (v & PIC_OCW2_SPECIFIC) ? (v & 7) : lowest_bit(c->isr);
        if (irq >= 0)
            c->isr &= (uint8_t) ~(1u << irq);
    }
}

static void write_data(struct pic_chip *c, uint8_t v)
{
    switch (c->init_step) {
    case 2:
        c->vector_base = v & 0xF8;
        c->init_step = c->single ? (c->need_icw4 ? 4 : 0) : 3;
        return;
    case 3:
        c->init_step = c->need_icw4 ? 4 : 0;
        return;
    case 4:
        c->init_step = 0;
        return;
    default:
        c->imr = v;
    }
}

static struct pic_chip *chip_of(struct pic *p, uint16_t port)
{
    return &p->chip[port >= PORT_PIC2_CMD];
}

static uint8_t pic_read(void *ctx, uint16_t port)
{
    struct pic_chip *c = chip_of(ctx, port);
    if (port & 1)
        return c->imr;
    return c->read_isr ? c->isr : c->irr;
}

static void pic_write(void *ctx, uint16_t port, uint8_t v)
{
    struct pic_chip *c = chip_of(ctx, port);
    LOG(LOG_PORT, "PIC %02Xh <- %02Xh", port, v);
    if (port & 1)
        write_data(c, v);
    else
        write_cmd(c, v);
}

struct pic *pic_new(struct io *io)
{
    struct pic *p = xcalloc(1, sizeof *p);
    p->chip[0].vector_base = PIC_MASTER_VECTOR;
    p->chip[1].vector_base = PIC_SLAVE_VECTOR;
    io_register(io, PORT_PIC1_CMD, 2, pic_read, pic_write, p);
    io_register(io, PORT_PIC2_CMD, 2, pic_read, pic_write, p);
    return p;
}

void pic_free(struct pic *p)
{
    free(p);
}

void pic_raise(struct pic *p, unsigned irq)
{
    if (irq < 8) {
        p->chip[0].irr |= (uint8_t)(1u << irq);
    } else if (irq < 16) {
        p->chip[1].irr |= (uint8_t)(1u << (irq - 8));
        p->chip[0].irr |= 1u << PIC_IRQ_CASCADE;
    }
}

/* The request a chip would present now: unmasked, and of higher priority
 * than everything in service. Returns the IRQ line or -1. */
static int chip_candidate(const struct pic_chip *c)
{
    int req = lowest_bit(c->irr & (uint8_t)~c->imr);
    int svc = lowest_bit(c->isr);
    if (req < 0 || (svc >= 0 && svc <= req))
        return -1;
    return req;
}

bool pic_pending(const struct pic *p)
{
    return chip_candidate(&p->chip[0]) >= 0;
}

bool pic_masked(const struct pic *p, unsigned irq)
{
    enum { IRQS_PER_CHIP = 8 };
    const struct pic_chip *c = &p->chip[irq >= IRQS_PER_CHIP];
    return c->imr & (1u << (irq % IRQS_PER_CHIP));
}

bool pic_acknowledge(struct pic *p, uint8_t *vector)
{
    struct pic_chip *m = &p->chip[0], *s = &p->chip[1];
    int irq = chip_candidate(m);
    if (irq < 0)
        return false;
    m->irr &= (uint8_t) ~(1u << irq);
    m->isr |= (uint8_t)(1u << irq);
    if (irq != PIC_IRQ_CASCADE) {
        *vector = (uint8_t)(m->vector_base + irq);
        return true;
    }
    int sirq = chip_candidate(s);
    if (sirq < 0) {
        /* Spurious cascade: the slave request went away. */
        m->isr &= (uint8_t) ~(1u << PIC_IRQ_CASCADE);
        return false;
    }
    s->irr &= (uint8_t) ~(1u << sirq);
    s->isr |= (uint8_t)(1u << sirq);
    if (s->irr & (uint8_t)~s->imr)
        m->irr |= 1u << PIC_IRQ_CASCADE;
    *vector = (uint8_t)(s->vector_base + sirq);
    return true;
}
