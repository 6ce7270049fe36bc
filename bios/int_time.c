/* Timer tick (INT 08h), time of day (INT 1Ah) and the wall clock behind it. */
#include <time.h>

#include "base/common.h"
#include "base/log.h"
#include "bios/bda.h"
#include "bios/bios_impl.h"

#define SECS_PER_DAY 86400

static int64_t wall_seconds(struct bios *b, int *centi)
{
    uint64_t ns = clock_now_ns(b->clk);
    if (centi)
        *centi = (int)(ns % CLOCK_NS_PER_SEC / 10000000u);
    return b->wall_start + b->wall_adjust + (int64_t)(ns / CLOCK_NS_PER_SEC);
}

void bios_wall_time(struct bios *b, struct bios_time *t)
{
    struct tm tm;
    time_t s = (time_t)wall_seconds(b, &t->centi);
    gmtime_r(&s, &tm);
    t->year = tm.tm_year + 1900;
    t->month = tm.tm_mon + 1;
    t->day = tm.tm_mday;
    t->wday = tm.tm_wday;
    t->hour = tm.tm_hour;
    t->min = tm.tm_min;
    t->sec = tm.tm_sec;
}

void bios_wall_adjust(struct bios *b, int64_t delta_s)
{
    b->wall_adjust += delta_s;
}

static uint32_t ticks_for_seconds(int64_t s)
{
    return (uint32_t)(s * BDA_TICKS_PER_DAY / SECS_PER_DAY);
}

/* INT 08h (from IRQ0): count the tick, roll over at midnight. The ROM code
 * around this calls INT 1Ch and sends the EOI. */
static void int08_tick(void *ctx, struct intr_call *ic)
{
    struct bios *b = ctx;
    uint32_t t = mem_rd32(b->mem, BDA_LIN + BDA_TIMER_TICKS) + 1;
    UNUSED(ic);
    if (t >= BDA_TICKS_PER_DAY) {
        t = 0;
        mem_wr8(b->mem, BDA_LIN + BDA_TIMER_MIDNIGHT, 1);
    }
    mem_wr32(b->mem, BDA_LIN + BDA_TIMER_TICKS, t);
}

static uint8_t bcd(int v)
{
    return (uint8_t)((v / 10) << 4 | v % 10);
}

static int from_bcd(uint8_t v)
{
    return (v >> 4) * 10 + (v & 15);
}

/* Seconds to add to the wall clock so that it shows the given fields. */
static int64_t delta_to(struct bios *b, int year, int mon, int day, int h, int m, int s)
{
    struct tm tm = {.tm_year = year - 1900,
                    .tm_mon = mon - 1,
                    .tm_mday = day,
                    .tm_hour = h,
                    .tm_min = m,
                    .tm_sec = s};
    return (int64_t)timegm(&tm) - wall_seconds(b, NULL);
}

static void rtc_set_time(struct bios *b, const struct cpu_regs *r)
{
    struct bios_time t;
    bios_wall_time(b, &t);
    bios_wall_adjust(b, delta_to(b, t.year, t.month, t.day, from_bcd(reg_hi(r->cx)),
                                 from_bcd(reg_lo(r->cx)), from_bcd(reg_hi(r->dx))));
}

static void rtc_set_date(struct bios *b, const struct cpu_regs *r)
{
    struct bios_time t;
    bios_wall_time(b, &t);
    int year = from_bcd(reg_hi(r->cx)) * 100 + from_bcd(reg_lo(r->cx));
    bios_wall_adjust(b, delta_to(b, year, from_bcd(reg_hi(r->dx)), from_bcd(reg_lo(r->dx)),
                                 t.hour, t.min, t.sec));
}

/* RBIL INT 1A: 00h/01h tick count, 02h-05h CMOS real-time clock (BCD). */
static void int1a_time(void *ctx, struct intr_call *ic)
{
    struct bios *b = ctx;
    struct cpu_regs *r = ic->r;
    struct bios_time t;
    uint32_t ticks = mem_rd32(b->mem, BDA_LIN + BDA_TIMER_TICKS);
    regs_set_flag(r, CPU_FLAG_CF, 0);
    switch (reg_hi(r->ax)) {
    case 0x00:
        bios_poll_empty(b, BIOS_POLL_CLOCK); /* a program watching the time */
        r->cx = (uint16_t)(ticks >> 16);
        r->dx = (uint16_t)ticks;
        reg_set_lo(&r->ax, mem_rd8(b->mem, BDA_LIN + BDA_TIMER_MIDNIGHT));
        mem_wr8(b->mem, BDA_LIN + BDA_TIMER_MIDNIGHT, 0);
        return;
    case 0x01:
        mem_wr32(b->mem, BDA_LIN + BDA_TIMER_TICKS, (uint32_t)r->cx << 16 | r->dx);
        return;
    case 0x02:
        bios_poll_empty(b, BIOS_POLL_CLOCK);
        bios_wall_time(b, &t);
        r->cx = (uint16_t)(bcd(t.hour) << 8 | bcd(t.min));
        r->dx = (uint16_t)(bcd(t.sec) << 8);
        return;
    case 0x03:
        rtc_set_time(b, r);
        return;
    case 0x04:
        bios_wall_time(b, &t);
        r->cx = (uint16_t)(bcd(t.year / 100) << 8 | bcd(t.year % 100));
        r->dx = (uint16_t)(bcd(t.month) << 8 | bcd(t.day));
        return;
    case 0x05:
        rtc_set_date(b, r);
        return;
    default:
        LOG(LOG_BIOS, "INT 1Ah AH=%02Xh not supported", reg_hi(r->ax));
        regs_set_flag(r, CPU_FLAG_CF, 1);
    }
}

/* INT 15h 86h wait state in the BDA (RBIL MEMORY.LST 0040h:0098h-00A0h). */
#define BDA_WAIT_FLAG_PTR 0x98 /* dword: flag byte to set when done */
#define BDA_WAIT_US 0x9C       /* dword: microseconds left */
#define BDA_WAIT_STATE 0xA0    /* bit 0: waiting; bit 7: time elapsed */
#define WAIT_ACTIVE 0x01
#define WAIT_ELAPSED 0x80
#define RTC_PERIOD_US 976 /* 1024 Hz */
#define INT15_BUSY 0x83

void bios_int15_wait(struct bios *b, struct intr_call *ic)
{
    uint8_t st = mem_rd8(b->mem, BDA_LIN + BDA_WAIT_STATE);
    regs_set_flag(ic->r, CPU_FLAG_CF, 0);
    if (st & WAIT_ELAPSED) {
        mem_wr8(b->mem, BDA_LIN + BDA_WAIT_STATE, 0);
        return;
    }
    if (!b->cmos) {
        reg_set_hi(&ic->r->ax, INT15_BUSY);
        regs_set_flag(ic->r, CPU_FLAG_CF, 1);
        return;
    }
    if (!(st & WAIT_ACTIVE)) {
        uint32_t us = (uint32_t)ic->r->cx << 16 | ic->r->dx;
        mem_wr32(b->mem, BDA_LIN + BDA_WAIT_US, us);
        mem_wr32(b->mem, BDA_LIN + BDA_WAIT_FLAG_PTR, (uint32_t)BDA_SEG << 16 | BDA_WAIT_STATE);
        mem_wr8(b->mem, BDA_LIN + BDA_WAIT_STATE, WAIT_ACTIVE);
        cmos_write(b->cmos, CMOS_STATUS_B, cmos_read(b->cmos, CMOS_STATUS_B) | CMOS_B_PIE);
    }
    intr_retry(ic);
}

/* INT 70h (IRQ8): the RTC periodic interrupt counts down an INT 15h wait
 * and sets its flag byte when the time is up. */
static void int70_rtc(void *ctx, struct intr_call *ic)
{
    struct bios *b = ctx;
    UNUSED(ic);
    if (!b->cmos)
        return;
    uint8_t c = cmos_read(b->cmos, CMOS_STATUS_C);
    uint8_t st = mem_rd8(b->mem, BDA_LIN + BDA_WAIT_STATE);
    if (!(c & CMOS_C_PF) || !(st & WAIT_ACTIVE))
        return;
    uint32_t left = mem_rd32(b->mem, BDA_LIN + BDA_WAIT_US);
    if (left > RTC_PERIOD_US) {
        mem_wr32(b->mem, BDA_LIN + BDA_WAIT_US, left - RTC_PERIOD_US);
        return;
    }
    uint32_t flag = mem_rd32(b->mem, BDA_LIN + BDA_WAIT_FLAG_PTR);
    uint32_t lin = mem_lin(b->mem, (uint16_t)(flag >> 16), (uint16_t)flag);
    mem_wr8(b->mem, BDA_LIN + BDA_WAIT_STATE, 0);
    mem_wr8(b->mem, lin, mem_rd8(b->mem, lin) | WAIT_ELAPSED);
    cmos_write(b->cmos, CMOS_STATUS_B,
               cmos_read(b->cmos, CMOS_STATUS_B) & (uint8_t)~CMOS_B_PIE);
}

/* The RTC shows the BIOS's wall clock; setting it moves that clock. */
static void rtc_time(void *ctx, struct cmos_time *t)
{
    struct bios_time bt;
    bios_wall_time(ctx, &bt);
    *t = (struct cmos_time){bt.year, bt.month, bt.day, bt.wday, bt.hour, bt.min, bt.sec};
}

static void rtc_adjust(void *ctx, int64_t delta_s)
{
    bios_wall_adjust(ctx, delta_s);
}

void bios_time_init(struct bios *b)
{
    int64_t s = wall_seconds(b, NULL) % SECS_PER_DAY;
    if (b->cmos)
        cmos_set_clock(b->cmos, rtc_time, rtc_adjust, b);
    mem_wr32(b->mem, BDA_LIN + BDA_TIMER_TICKS, ticks_for_seconds(s));
    intr_set(b->intr, 0x08, int08_tick, b);
    intr_set(b->intr, 0x1A, int1a_time, b);
    intr_set(b->intr, 0x70, int70_rtc, b);
}
