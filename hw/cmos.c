/* MC146818 RTC and CMOS RAM (Motorola MC146818A data sheet; IBM PC/AT
 * Technical Reference, "CMOS RAM address map"; RBIL CMOS.LST). */
#include "hw/cmos.h"

#include <stdlib.h>
#include <time.h>

#include "base/common.h"
#include "base/log.h"

#define A_UIP 0x80
#define A_DEFAULT 0x26 /* 32.768 kHz time base, 1024 Hz periodic rate */
#define B_DEFAULT 0x02 /* 24-hour, BCD, no interrupts */
#define B_BINARY 0x04
#define B_24H 0x02
#define D_VALID 0x80
#define UIP_NS 244000u /* the update cycle takes 244 us each second */
#define RTC_BASE_HZ 32768u
#define FLOPPY_144 0x40    /* drive A: 1.44 MB */
#define EQUIP_FPU_VGA 0x06 /* CMOS 14h: FPU, video from the adapter's BIOS */
#define BASE_MEMORY_KB 640
#define CMOS_FLOPPY 0x10
#define CMOS_EQUIPMENT 0x14
#define CMOS_BASE_MEM_LO 0x15
#define CMOS_BASE_MEM_HI 0x16

struct cmos {
    struct pic *pic;
    struct vclock *clk;
    uint8_t ram[CMOS_BYTES];
    uint8_t index;
    cmos_get_time_fn *get_time;
    cmos_adjust_fn *adjust;
    void *ctx;
    uint64_t next_periodic_ns;
};

static uint8_t to_bcd(const struct cmos *c, int v)
{
    if (c->ram[CMOS_STATUS_B] & B_BINARY)
        return (uint8_t)v;
    return (uint8_t)((v / 10) << 4 | v % 10);
}

static int from_bcd(const struct cmos *c, uint8_t v)
{
    if (c->ram[CMOS_STATUS_B] & B_BINARY)
        return v;
    return (v >> 4) * 10 + (v & 15);
}

static void now_time(struct cmos *c, struct cmos_time *t)
{
    *t = (struct cmos_time){2000, 1, 1, 6, 0, 0, 0};
    if (c->get_time)
        c->get_time(c->ctx, t);
}

static uint8_t hour_reg(const struct cmos *c, int h)
{
    if (c->ram[CMOS_STATUS_B] & B_24H)
        return to_bcd(c, h);
    int h12 = h % 12 ? h % 12 : 12;
    return (uint8_t)(to_bcd(c, h12) | (h >= 12 ? 0x80 : 0));
}

static uint8_t time_reg(struct cmos *c, uint8_t reg)
{
    struct cmos_time t;
    now_time(c, &t);
    switch (reg) {
    case CMOS_SECONDS:
        return to_bcd(c, t.sec);
    case CMOS_MINUTES:
        return to_bcd(c, t.min);
    case CMOS_HOURS:
        return hour_reg(c, t.hour);
    case CMOS_WEEKDAY:
        return to_bcd(c, t.wday + 1);
    case CMOS_DAY:
        return to_bcd(c, t.day);
    case CMOS_MONTH:
        return to_bcd(c, t.month);
    case CMOS_YEAR:
        return to_bcd(c, t.year % 100);
    default:
        return to_bcd(c, t.year / 100); /* century */
    }
}

/* A program wrote a time or date register: shift the wall clock so that
 * the register reads back what was written. */
static void set_time_reg(struct cmos *c, uint8_t reg, uint8_t val)
{
    struct cmos_time t;
    now_time(c, &t);
    int v = from_bcd(c, (uint8_t)(reg == CMOS_HOURS ? val & 0x7F : val));
    struct tm tm = {.tm_year = t.year - 1900,
                    .tm_mon = t.month - 1,
                    .tm_mday = t.day,
                    .tm_hour = t.hour,
                    .tm_min = t.min,
                    .tm_sec = t.sec};
    time_t before = timegm(&tm);
    switch (reg) {
    case CMOS_SECONDS:
        tm.tm_sec = v;
        break;
    case CMOS_MINUTES:
        tm.tm_min = v;
        break;
    case CMOS_HOURS:
        tm.tm_hour = v;
        break;
    case CMOS_DAY:
        tm.tm_mday = v;
        break;
    case CMOS_MONTH:
        tm.tm_mon = v - 1;
        break;
    case CMOS_YEAR:
        tm.tm_year = (t.year / 100 * 100 + v) - 1900;
        break;
    case CMOS_CENTURY:
        tm.tm_year = (v * 100 + t.year % 100) - 1900;
        break;
    default:
        return;
    }
    if (c->adjust)
        c->adjust(c->ctx, (int64_t)(timegm(&tm) - before));
}

static bool is_time_reg(uint8_t reg)
{
    return reg == CMOS_SECONDS || reg == CMOS_MINUTES || reg == CMOS_HOURS ||
           (reg >= CMOS_WEEKDAY && reg <= CMOS_YEAR) || reg == CMOS_CENTURY;
}

/* Periodic rate from status A bits 0-3: 32768 >> (rate - 1) Hz. */
static uint64_t periodic_ns(const struct cmos *c)
{
    unsigned rate = c->ram[CMOS_STATUS_A] & 0x0F;
    if (rate == 0)
        return 0;
    if (rate < 3)
        rate += 7; /* rates 1 and 2 behave as 8 and 9 */
    return CLOCK_NS_PER_SEC * ((uint64_t)1 << (rate - 1)) / RTC_BASE_HZ;
}

uint8_t cmos_read(struct cmos *c, uint8_t reg)
{
    reg &= CMOS_BYTES - 1;
    if (is_time_reg(reg))
        return time_reg(c, reg);
    if (reg == CMOS_STATUS_A) {
        bool uip = clock_now_ns(c->clk) % CLOCK_NS_PER_SEC < UIP_NS;
        return (uint8_t)((c->ram[reg] & ~A_UIP) | (uip ? A_UIP : 0));
    }
    uint8_t v = c->ram[reg];
    if (reg == CMOS_STATUS_C)
        c->ram[reg] = 0; /* flags clear on read */
    return v;
}

void cmos_write(struct cmos *c, uint8_t reg, uint8_t val)
{
    reg &= CMOS_BYTES - 1;
    if (is_time_reg(reg)) {
        set_time_reg(c, reg, val);
        return;
    }
    if (reg == CMOS_STATUS_C || reg == CMOS_STATUS_D)
        return; /* read-only */
    c->ram[reg] = val;
    if (reg == CMOS_STATUS_A || reg == CMOS_STATUS_B)
        c->next_periodic_ns = 0;
}

static uint8_t cmos_port_read(void *ctx, uint16_t port)
{
    struct cmos *c = ctx;
    return port == CMOS_PORT_DATA ? cmos_read(c, c->index) : 0xFF;
}

static void cmos_port_write(void *ctx, uint16_t port, uint8_t v)
{
    struct cmos *c = ctx;
    if (port == CMOS_PORT_INDEX)
        c->index = v & (CMOS_BYTES - 1); /* bit 7 masks NMI: nothing raises one */
    else
        cmos_write(c, c->index, v);
}

/* The periodic interrupt: IRQ8 at the rate of status A while enabled. */
static uint64_t cmos_sched(void *ctx, uint64_t now_ns)
{
    struct cmos *c = ctx;
    uint64_t period = periodic_ns(c);
    if (!(c->ram[CMOS_STATUS_B] & CMOS_B_PIE) || !period)
        return SCHED_NEVER;
    if (!c->next_periodic_ns)
        c->next_periodic_ns = now_ns + period;
    if (now_ns >= c->next_periodic_ns) {
        c->ram[CMOS_STATUS_C] |= CMOS_C_IRQF | CMOS_C_PF;
        pic_raise(c->pic, CMOS_IRQ);
        c->next_periodic_ns = now_ns + period;
    }
    return c->next_periodic_ns;
}

struct cmos *cmos_new(struct io *io, struct pic *pic, struct sched *sched, struct vclock *clk)
{
    struct cmos *c = xcalloc(1, sizeof *c);
    c->pic = pic;
    c->clk = clk;
    c->ram[CMOS_STATUS_A] = A_DEFAULT;
    c->ram[CMOS_STATUS_B] = B_DEFAULT;
    c->ram[CMOS_STATUS_D] = D_VALID;
    c->ram[CMOS_FLOPPY] = FLOPPY_144;
    c->ram[CMOS_EQUIPMENT] = EQUIP_FPU_VGA;
    c->ram[CMOS_BASE_MEM_LO] = BASE_MEMORY_KB & 0xFF;
    c->ram[CMOS_BASE_MEM_HI] = BASE_MEMORY_KB >> 8;
    io_register(io, CMOS_PORT_INDEX, 2, cmos_port_read, cmos_port_write, c);
    if (sched)
        sched_add(sched, cmos_sched, c);
    return c;
}

void cmos_free(struct cmos *c)
{
    free(c);
}

void cmos_set_clock(struct cmos *c, cmos_get_time_fn *get, cmos_adjust_fn *adjust, void *ctx)
{
    c->get_time = get;
    c->adjust = adjust;
    c->ctx = ctx;
}
