/* 8254 PIT: counting derived from the clock rather than ticked, so reading a
 * counter costs no emulation work (Intel 8254 data sheet, modes 0-5). */
#include "hw/pit.h"

#include <stdlib.h>

#include "base/common.h"
#include "base/log.h"
#include "hw/ports.h"

#define PIT_CTRL_SC_SHIFT 6
#define PIT_CTRL_RW_SHIFT 4
#define PIT_CTRL_MODE_SHIFT 1
#define PIT_SC_READBACK 3
#define PIT_RW_LATCH 0
#define PIT_RW_LSB 1
#define PIT_RW_MSB 2
#define PIT_RW_WORD 3
#define PIT_READBACK_NO_COUNT 0x20
#define PIT_READBACK_NO_STATUS 0x10
#define SYSB_GATE2 0x01
#define SYSB_SPEAKER 0x02
#define SYSB_REFRESH 0x10
#define SYSB_OUT2 0x20
#define REFRESH_PERIOD_NS 15085u /* DRAM refresh toggle, ~66 kHz */
#define SYSB_READ_NS 1000u       /* an ISA read: delay loops poll bit 4 */
#define BIOS_DEFAULT_MODE 3

struct pit_chan {
    uint8_t mode, rw;
    uint32_t reload;    /* 1..65536 */
    uint64_t load_ns;   /* when counting (re)started */
    uint64_t irqs_done; /* periods already signalled (channel 0) */
    bool write_msb_next;
    bool read_msb_next;
    bool latched;
    uint16_t latch;
    bool status_latched;
    uint8_t status;
    uint8_t pending_lsb;
};

struct pit {
    struct pit_chan ch[3];
    struct vclock *clk;
    struct pic *pic;
    uint8_t sysb; /* port 61h bits 0-1 as written */
    pit_speaker_fn *speaker;
    void *speaker_ctx;
};

static uint64_t ns_to_ticks(uint64_t ns)
{
    return ns / CLOCK_NS_PER_SEC * PIT_HZ + ns % CLOCK_NS_PER_SEC * PIT_HZ / CLOCK_NS_PER_SEC;
}

static uint64_t ticks_to_ns(uint64_t t)
{
    return t / PIT_HZ * CLOCK_NS_PER_SEC +
           (t % PIT_HZ * CLOCK_NS_PER_SEC + PIT_HZ - 1) / PIT_HZ;
}

static uint64_t elapsed_ticks(struct pit *p, const struct pit_chan *c)
{
    uint64_t now = clock_now_ns(p->clk);
    return now > c->load_ns ? ns_to_ticks(now - c->load_ns) : 0;
}

static bool periodic(const struct pit_chan *c)
{
    return (c->mode & 3) == 2 || (c->mode & 3) == 3;
}

static uint16_t current_count(struct pit *p, const struct pit_chan *c)
{
    uint64_t t = elapsed_ticks(p, c);
    if ((c->mode & 3) == 2)
        return (uint16_t)(c->reload - t % c->reload);
    if ((c->mode & 3) == 3) {
        uint32_t half = MAX(c->reload / 2, 1u);
        return (uint16_t)(c->reload - 2 * (t % half));
    }
    return (uint16_t)(c->reload - t);
}

static bool output(struct pit *p, const struct pit_chan *c)
{
    uint64_t t = elapsed_ticks(p, c);
    if ((c->mode & 3) == 3)
        return t % c->reload < (c->reload + 1) / 2;
    if ((c->mode & 3) == 2)
        return t % c->reload != c->reload - 1;
    return t >= c->reload;
}

static void start(struct pit *p, struct pit_chan *c)
{
    c->load_ns = clock_now_ns(p->clk);
    c->irqs_done = 0;
}

static uint8_t read_counter(struct pit *p, struct pit_chan *c)
{
    if (c->status_latched) {
        c->status_latched = false;
        return c->status;
    }
    uint16_t v = c->latched ? c->latch : current_count(p, c);
    bool msb = c->rw == PIT_RW_MSB || (c->rw == PIT_RW_WORD && c->read_msb_next);
    if (c->rw == PIT_RW_WORD)
        c->read_msb_next = !c->read_msb_next;
    if (c->latched && (c->rw != PIT_RW_WORD || !c->read_msb_next))
        c->latched = false;
    return msb ? (uint8_t)(v >> 8) : (uint8_t)v;
}

static void load_reload(struct pit *p, unsigned idx, uint16_t v)
{
    struct pit_chan *c = &p->ch[idx];
    c->reload = v ? v : 0x10000;
    start(p, c);
    LOG(LOG_PORT, "PIT channel %u mode %u reload %u", idx, c->mode, c->reload);
    if (idx == 2 && p->speaker)
        p->speaker(p->speaker_ctx, c->load_ns);
}

static void write_counter(struct pit *p, unsigned idx, uint8_t v)
{
    struct pit_chan *c = &p->ch[idx];
    switch (c->rw) {
    case PIT_RW_LSB:
        load_reload(p, idx, v);
        break;
    case PIT_RW_MSB:
        load_reload(p, idx, (uint16_t)(v << 8));
        break;
    default:
        if (!c->write_msb_next) {
            c->pending_lsb = v;
        } else {
            load_reload(p, idx, (uint16_t)(c->pending_lsb | v << 8));
        }
        c->write_msb_next = !c->write_msb_next;
    }
}

static void latch_count(struct pit *p, struct pit_chan *c)
{
    if (!c->latched) {
        c->latch = current_count(p, c);
        c->latched = true;
        c->read_msb_next = false;
    }
}

static void readback(struct pit *p, uint8_t v)
{
    for (unsigned i = 0; i < 3; i++) {
        struct pit_chan *c = &p->ch[i];
        if (!(v & (2u << i)))
            continue;
        if (!(v & PIT_READBACK_NO_STATUS) && !c->status_latched) {
            c->status = (uint8_t)(output(p, c) << 7 | c->rw << PIT_CTRL_RW_SHIFT |
                                  c->mode << PIT_CTRL_MODE_SHIFT);
            c->status_latched = true;
        }
        if (!(v & PIT_READBACK_NO_COUNT))
            latch_count(p, c);
    }
}

static void write_control(struct pit *p, uint8_t v)
{
    unsigned sc = v >> PIT_CTRL_SC_SHIFT;
    if (sc == PIT_SC_READBACK) {
        readback(p, v);
        return;
    }
    struct pit_chan *c = &p->ch[sc];
    unsigned rw = (v >> PIT_CTRL_RW_SHIFT) & 3;
    if (rw == PIT_RW_LATCH) {
        latch_count(p, c);
        return;
    }
    c->rw = (uint8_t)rw;
    c->mode = (v >> PIT_CTRL_MODE_SHIFT) & 7;
    c->write_msb_next = false;
    c->read_msb_next = false;
    c->latched = false;
    if (v & 1)
        QUIET_ONCE(LOG_PORT, "PIT BCD counting is not supported; counting in binary");
}

static uint8_t pit_read(void *ctx, uint16_t port)
{
    struct pit *p = ctx;
    if (port == PORT_PIT_CTRL)
        return 0xFF;
    return read_counter(p, &p->ch[port - PORT_PIT_CH0]);
}

static void pit_write(void *ctx, uint16_t port, uint8_t v)
{
    struct pit *p = ctx;
    if (port == PORT_PIT_CTRL)
        write_control(p, v);
    else
        write_counter(p, port - PORT_PIT_CH0, v);
}

static uint8_t sysb_read(void *ctx, uint16_t port)
{
    struct pit *p = ctx;
    uint64_t now = clock_now_ns(p->clk);
    UNUSED(port);
    uint8_t v = p->sysb & (SYSB_GATE2 | SYSB_SPEAKER);
    clock_charge(p->clk, SYSB_READ_NS);
    if ((now / REFRESH_PERIOD_NS) & 1)
        v |= SYSB_REFRESH;
    if (output(p, &p->ch[2]))
        v |= SYSB_OUT2;
    return v;
}

static void sysb_write(void *ctx, uint16_t port, uint8_t v)
{
    struct pit *p = ctx;
    UNUSED(port);
    bool gate_rise = (v & SYSB_GATE2) && !(p->sysb & SYSB_GATE2);
    p->sysb = v;
    if (gate_rise)
        start(p, &p->ch[2]);
    if (p->speaker)
        p->speaker(p->speaker_ctx, clock_now_ns(p->clk));
}

static uint64_t pit_sched(void *ctx, uint64_t now_ns)
{
    UNUSED(now_ns);
    return pit_update(ctx);
}

struct pit *pit_new(struct io *io, struct vclock *clk, struct pic *pic, struct sched *sched)
{
    struct pit *p = xcalloc(1, sizeof *p);
    p->clk = clk;
    p->pic = pic;
    for (unsigned i = 0; i < 3; i++) {
        p->ch[i].mode = BIOS_DEFAULT_MODE;
        p->ch[i].rw = PIT_RW_WORD;
        p->ch[i].reload = 0x10000; /* the BIOS default: 18.2 Hz */
    }
    p->ch[1].mode = 2;
    p->ch[1].reload = 18; /* DRAM refresh, as the BIOS sets it */
    io_register(io, PORT_PIT_CH0, 4, pit_read, pit_write, p);
    io_register(io, PORT_SYS_CTRL_B, 1, sysb_read, sysb_write, p);
    if (sched)
        sched_add(sched, pit_sched, p);
    return p;
}

void pit_free(struct pit *p)
{
    free(p);
}

void pit_set_speaker_hook(struct pit *p, pit_speaker_fn *fn, void *ctx)
{
    p->speaker = fn;
    p->speaker_ctx = ctx;
}

static uint64_t ch0_deadline(const struct pit *p)
{
    const struct pit_chan *c = &p->ch[0];
    if (periodic(c))
        return c->load_ns + ticks_to_ns((c->irqs_done + 1) * c->reload);
    if (c->irqs_done)
        return PIT_NO_EVENT;
    return c->load_ns + ticks_to_ns(c->reload);
}

uint64_t pit_update(struct pit *p)
{
    struct pit_chan *c = &p->ch[0];
    uint64_t now = clock_now_ns(p->clk);
    uint64_t due = ch0_deadline(p);
    if (due == PIT_NO_EVENT || now < due)
        return due;
    pic_raise(p->pic, PIC_IRQ_TIMER);
    if (!periodic(c)) {
        c->irqs_done = 1;
        return PIT_NO_EVENT;
    }
    /* Periods missed while the host was busy collapse into one request. */
    c->irqs_done = ns_to_ticks(now - c->load_ns) / c->reload;
    return ch0_deadline(p);
}

uint32_t pit_reload(const struct pit *p, unsigned channel)
{
    return p->ch[channel].reload & 0xFFFF;
}

bool pit_speaker_gate(const struct pit *p)
{
    return p->sysb & SYSB_GATE2;
}

bool pit_speaker_data(const struct pit *p)
{
    return p->sysb & SYSB_SPEAKER;
}

bool pit_ch2_output(struct pit *p)
{
    return output(p, &p->ch[2]);
}

void pit_channel_wave(const struct pit *p, unsigned channel, struct pit_wave *out)
{
    const struct pit_chan *c = &p->ch[channel];
    *out = (struct pit_wave){c->mode, c->reload, c->load_ns};
}
