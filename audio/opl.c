/* OPL2/OPL3: register writes are queued with their time and applied to the
 * Nuked OPL3 core at that frame while rendering; timers and status are
 * computed from the clock when read (Yamaha YMF262 / YM3812 data sheets;
 * AdLib Programming Guide, "Detecting an AdLib card").
 *
 * libadplug ships Nuked OPL3 with a plain C interface (nukedopl.h,
 * OPL3_*), so it is used directly: linking libadplug.a pulls in that one
 * object and no C++ runtime. */
#include "audio/opl.h"

#include <adplug/nukedopl.h>
#include <stdlib.h>
#include <string.h>

#include "audio/evq.h"
#include "audio/ports.h"
#include "audio/resample.h"
#include "base/common.h"
#include "base/log.h"

#define OPL_REG_TEST 0x01   /* bit 5: waveform select enable (OPL2) */
#define OPL_REG_TIMER1 0x02 /* count, 80 us units */
#define OPL_REG_TIMER2 0x03 /* count, 320 us units */
#define OPL_REG_TIMER_CTRL 0x04
#define OPL_REG_KEYON 0xB0  /* B0h-B8h: bit 5 key on */
#define OPL_REG_RHYTHM 0xBD /* bit 5 rhythm mode, bits 0-4 drums */
#define OPL_REG_WAVE 0xE0   /* E0h-F5h: waveform select */
#define OPL_WAVE_REGS 22
#define OPL_BANK1 0x100
#define OPL_WSE 0x20
#define OPL_KEY_ON 0x20
#define OPL_RHYTHM_MODE 0x20
#define OPL_TIMER_RESET 0x80
#define OPL_TIMER1_MASK 0x40
#define OPL_TIMER2_MASK 0x20
#define OPL_TIMER2_START 0x02
#define OPL_TIMER1_START 0x01
#define OPL_STATUS_IRQ 0x80
#define OPL_STATUS_T1 0x40
#define OPL_STATUS_T2 0x20
#define OPL2_STATUS_BITS 0x06 /* YM3812 reads bits 1-2 set; the YMF262 clear */
#define OPL_TIMER1_NS 80000u
#define OPL_TIMER2_NS 320000u
#define OPL_ISA_READ_NS 1000u   /* one ISA bus read */
#define OPL_MASTER_HZ 14318180u /* the card's 14.31818 MHz clock... */
#define OPL_CLOCK_DIV 288u      /* ...makes a sample every 288: 49715.9 Hz */
#define OPL_QUIET_SAMPLES 4972u /* all keys off and silent 0.1 s: idle */

struct opl_timer {
    bool running, masked, flag;
    uint8_t count;
    uint32_t unit_ns;
    uint64_t expire_ns;
};

struct aud_opl {
    enum aud_opl_type type;
    struct aud_mixer *mix;
    struct vclock *clk;
    unsigned source;
    uint16_t addr; /* latched register, bit 8 = bank 1 */
    struct opl_timer timer[2];
    opl3_chip *chip; /* made on the first write */
    struct aud_evq q;
    /* Rendering side: */
    bool wse;
    uint8_t wave[2][OPL_WAVE_REGS];
    uint32_t keys; /* channels keyed on, bit per channel */
    bool drums;
    bool idle; /* silent, not clocked until the next write */
    uint32_t quiet_samples;
    /* The chip runs at its own rate; its samples are resampled to 48 kHz.
     * Sample k of the current stream is made at anchor_ns + k / 49715.9 s. */
    bool streaming;
    uint64_t anchor_ns, native;
    struct aud_resampler rs;
};

/* ---- timers and status ---- */

static uint64_t period_ns(const struct opl_timer *t)
{
    return (uint64_t)(256 - t->count) * t->unit_ns;
}

static void timer_update(struct opl_timer *t, uint64_t now)
{
    if (!t->running || now < t->expire_ns)
        return;
    if (!t->masked)
        t->flag = true;
    uint64_t p = period_ns(t);
    t->expire_ns += p * ((now - t->expire_ns) / p + 1);
}

static void timer_control(struct aud_opl *o, uint8_t v)
{
    uint64_t now = clock_now_ns(o->clk);
    if (v & OPL_TIMER_RESET) {
        o->timer[0].flag = o->timer[1].flag = false;
        return;
    }
    for (unsigned i = 0; i < 2; i++) {
        struct opl_timer *t = &o->timer[i];
        bool start = v & (i ? OPL_TIMER2_START : OPL_TIMER1_START);
        timer_update(t, now);
        t->masked = v & (i ? OPL_TIMER2_MASK : OPL_TIMER1_MASK);
        if (start && !t->running)
            t->expire_ns = now + period_ns(t);
        t->running = start;
    }
}

static uint8_t status(struct aud_opl *o)
{
    uint64_t now = clock_now_ns(o->clk);
    uint8_t v = o->type == AUD_OPL2 ? OPL2_STATUS_BITS : 0;
    clock_charge(o->clk, OPL_ISA_READ_NS);
    timer_update(&o->timer[0], now);
    timer_update(&o->timer[1], now);
    if (o->timer[0].flag)
        v |= OPL_STATUS_T1 | OPL_STATUS_IRQ;
    if (o->timer[1].flag)
        v |= OPL_STATUS_T2 | OPL_STATUS_IRQ;
    return v;
}

/* ---- rendering ---- */

/* OPL2: waveforms other than sine need the WSE bit (YM3812 data sheet);
 * the OPL3 core has no such gate, so it is applied here. */
static void write_wave(struct aud_opl *o, uint16_t reg, uint8_t v)
{
    unsigned bank = reg >> 8, i = (reg & 0xFF) - OPL_REG_WAVE;
    o->wave[bank][i] = v;
    OPL3_WriteRegBuffered(o->chip, reg, o->type == AUD_OPL2 && !o->wse ? 0 : v);
}

static void write_test(struct aud_opl *o, uint8_t v)
{
    OPL3_WriteRegBuffered(o->chip, OPL_REG_TEST, v);
    if (o->type != AUD_OPL2 || o->wse == !!(v & OPL_WSE))
        return;
    o->wse = v & OPL_WSE;
    for (unsigned i = 0; i < OPL_WAVE_REGS; i++)
        write_wave(o, (uint16_t)(OPL_REG_WAVE + i), o->wave[0][i]);
}

static void apply(struct aud_opl *o, uint16_t reg, uint8_t v)
{
    unsigned low = reg & 0xFF;
    o->idle = false;
    o->quiet_samples = 0;
    if (low >= OPL_REG_KEYON && low <= OPL_REG_KEYON + 8) {
        uint32_t bit = 1u << ((low - OPL_REG_KEYON) + (reg & OPL_BANK1 ? 9 : 0));
        o->keys = (v & OPL_KEY_ON) ? o->keys | bit : o->keys & ~bit;
    }
    if (reg == OPL_REG_RHYTHM)
        o->drums = (v & OPL_RHYTHM_MODE) && (v & 0x1F);
    if (reg == OPL_REG_TEST)
        write_test(o, v);
    else if (low >= OPL_REG_WAVE && low < OPL_REG_WAVE + OPL_WAVE_REGS)
        write_wave(o, reg, v);
    else
        OPL3_WriteRegBuffered(o->chip, reg, v);
}

static void note_quiet(struct aud_opl *o, const int16_t *s)
{
    if (s[0] || s[1]) {
        o->quiet_samples = 0;
        return;
    }
    if (++o->quiet_samples >= OPL_QUIET_SAMPLES && !o->keys && !o->drums)
        o->idle = true;
}

/* Chip samples made by time t: floor(dt * 14318180 / (288 * 1e9)) + 1,
 * split so that nothing overflows. */
static uint64_t native_due(const struct aud_opl *o, uint64_t t_ns)
{
    uint64_t d = (uint64_t)OPL_CLOCK_DIV * CLOCK_NS_PER_SEC, dt;
    if (t_ns < o->anchor_ns)
        return 0;
    dt = t_ns - o->anchor_ns;
    return dt / d * OPL_MASTER_HZ + dt % d * OPL_MASTER_HZ / d + 1;
}

static void start_stream(struct aud_opl *o, uint64_t t_ns)
{
    o->streaming = true;
    o->anchor_ns = t_ns;
    o->native = 0;
    aud_rs_start(&o->rs, (double)OPL_MASTER_HZ / OPL_CLOCK_DIV, aud_sub_of_ns(t_ns));
}

/* Clock the chip up to time t; an idle chip stops (the resampler then
 * holds its last, silent, sample). */
static void generate_to(struct aud_opl *o, uint64_t t_ns)
{
    int16_t s[AUD_CHANNELS];
    uint64_t due = o->streaming ? native_due(o, t_ns) : 0;
    for (; o->native < due && !o->idle; o->native++) {
        OPL3_Generate(o->chip, s);
        aud_rs_push(&o->rs, s[0], s[1]);
        note_quiet(o, s);
    }
    if (o->idle)
        o->streaming = false;
}

static void opl_render(void *ctx, int32_t *mix, uint64_t f0, size_t n)
{
    struct aud_opl *o = ctx;
    uint64_t end = (f0 + n) * AUD_SUB_PER_FRAME,
             first_ns = f0 * AUD_SUB_PER_FRAME / AUD_SUB_PER_NS;
    const struct aud_event *e;
    if (!o->chip)
        return;
    if (!mix)
        o->streaming = false; /* nobody listens: only keep the registers */
    while ((e = aud_evq_due(&o->q, end))) {
        uint64_t t = MAX(e->sub / AUD_SUB_PER_NS, first_ns);
        if (mix)
            generate_to(o, t);
        apply(o, (uint16_t)e->a, (uint8_t)e->b);
        if (mix && !o->streaming)
            start_stream(o, t);
        aud_evq_pop(&o->q);
    }
    if (!mix)
        return;
    generate_to(o, end / AUD_SUB_PER_NS);
    aud_rs_render(&o->rs, mix, f0, n);
}

/* ---- ports ---- */

static void write_reg(struct aud_opl *o, uint16_t reg, uint8_t v)
{
    LOG(LOG_AUDIO, "OPL %03Xh <- %02Xh", reg, v);
    if (reg == OPL_REG_TIMER1 || reg == OPL_REG_TIMER2)
        o->timer[reg - OPL_REG_TIMER1].count = v;
    if (reg == OPL_REG_TIMER_CTRL) {
        timer_control(o, v);
        return; /* the timers are ours; the core has none */
    }
    aud_mixer_touch(o->mix);
    if (!o->chip) {
        o->chip = xcalloc(1, sizeof *o->chip);
        OPL3_Reset(o->chip, OPL_MASTER_HZ / OPL_CLOCK_DIV);
    }
    if (aud_evq_full(&o->q))
        aud_mixer_sync(o->mix);
    struct aud_event e = {aud_sub_of_ns(clock_now_ns(o->clk)), 0, reg, v};
    aud_evq_push(&o->q, &e);
}

uint8_t aud_opl_read(struct aud_opl *o, unsigned offset)
{
    return offset == AUD_OPL_ADDR0 ? status(o) : 0xFF;
}

void aud_opl_write(struct aud_opl *o, unsigned offset, uint8_t v)
{
    switch (offset) {
    case AUD_OPL_ADDR0:
        o->addr = v;
        break;
    case AUD_OPL_ADDR1:
        o->addr = (uint16_t)(o->type == AUD_OPL3 ? OPL_BANK1 | v : v);
        break;
    default:
        write_reg(o, o->addr, v);
    }
}

static uint8_t port_rd(void *ctx, uint16_t port)
{
    return aud_opl_read(ctx, port - PORT_ADLIB);
}

static void port_wr(void *ctx, uint16_t port, uint8_t v)
{
    aud_opl_write(ctx, port - PORT_ADLIB, v);
}

struct aud_opl *aud_opl_new(struct io *io, struct aud_mixer *mix, enum aud_opl_type type)
{
    struct aud_opl *o = xcalloc(1, sizeof *o);
    o->type = type;
    o->mix = mix;
    o->clk = aud_mixer_clock(mix);
    o->timer[0].unit_ns = OPL_TIMER1_NS;
    o->timer[1].unit_ns = OPL_TIMER2_NS;
    aud_rs_init(&o->rs);
    o->source = aud_mixer_add_source(mix, AUD_DEV_OPL, opl_render, o);
    io_register(io, PORT_ADLIB, type == AUD_OPL3 ? PORT_ADLIB_COUNT : 2, port_rd, port_wr, o);
    return o;
}

void aud_opl_free(struct aud_opl *o)
{
    if (!o)
        return;
    free(o->chip);
    aud_rs_free(&o->rs);
    free(o);
}

unsigned aud_opl_source(const struct aud_opl *o)
{
    return o->source;
}
