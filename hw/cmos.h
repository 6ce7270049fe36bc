/* CMOS RAM and real-time clock (MC146818) behind ports 70h/71h: the time
 * and date in BCD from the machine's wall clock, status registers with the
 * update-in-progress bit, the periodic interrupt on IRQ8, and the
 * configuration bytes the BIOS keeps there. */
#ifndef UNIDOS_HW_CMOS_H
#define UNIDOS_HW_CMOS_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/clock.h"
#include "bus/io.h"
#include "hw/pic.h"
#include "hw/sched.h"

struct cmos;

#define CMOS_PORT_INDEX 0x70 /* bit 7: NMI disable */
#define CMOS_PORT_DATA 0x71

#define CMOS_SECONDS 0x00
#define CMOS_MINUTES 0x02
#define CMOS_HOURS 0x04
#define CMOS_WEEKDAY 0x06
#define CMOS_DAY 0x07
#define CMOS_MONTH 0x08
#define CMOS_YEAR 0x09
#define CMOS_STATUS_A 0x0A /* bit 7: update in progress; bits 0-3: rate */
#define CMOS_STATUS_B 0x0B /* bit 6: periodic interrupt; bit 2: binary; bit 1: 24h */
#define CMOS_STATUS_C 0x0C /* interrupt flags, cleared by reading */
#define CMOS_STATUS_D 0x0D /* bit 7: RAM and time valid */
#define CMOS_CENTURY 0x32
#define CMOS_BYTES 128

#define CMOS_B_PIE 0x40
#define CMOS_C_IRQF 0x80
#define CMOS_C_PF 0x40
#define CMOS_IRQ 8

/* Wall time broken down, as the RTC shows it. */
struct cmos_time {
    int year, month, day, wday, hour, min, sec;
};
typedef void cmos_get_time_fn(void *ctx, struct cmos_time *t);
/* A program set the clock: move the wall clock by delta seconds. */
typedef void cmos_adjust_fn(void *ctx, int64_t delta_s);

struct cmos *cmos_new(struct io *io, struct pic *pic, struct sched *sched, struct vclock *clk);
void cmos_free(struct cmos *c);
void cmos_set_clock(struct cmos *c, cmos_get_time_fn *get, cmos_adjust_fn *adjust, void *ctx);

/* Register access for the BIOS (same effect as the ports). */
uint8_t cmos_read(struct cmos *c, uint8_t reg);
void cmos_write(struct cmos *c, uint8_t reg, uint8_t val);

#endif
