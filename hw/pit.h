/* 8254 programmable interval timer (3 channels) and system control port B
 * (61h): channel 0 drives IRQ0, channel 2 the speaker. */
#ifndef UNIDOS_HW_PIT_H
#define UNIDOS_HW_PIT_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/clock.h"
#include "bus/io.h"
#include "hw/pic.h"
#include "hw/sched.h"

struct pit;


#define PIT_HZ 1193182u /* input clock: 14.31818 MHz / 12 */
#define PIT_NO_EVENT SCHED_NEVER

/* Speaker state changes (port 61h bits 0-1 or channel 2 reprogramming). */
typedef void pit_speaker_fn(void *ctx, uint64_t now_ns);

/* Registers its ports on io and its timer with sched (IRQ0 on time). */
struct pit *pit_new(struct io *io, struct vclock *clk, struct pic *pic, struct sched *sched);
void pit_free(struct pit *p);
void pit_set_speaker_hook(struct pit *p, pit_speaker_fn *fn, void *ctx);

/* Raise IRQ0 if a timer period ended since the last call (at most one
 * request is pending at a time, as on the real PIC). Returns when the next
 * IRQ0 is due, or PIT_NO_EVENT. The scheduler calls this. */
uint64_t pit_update(struct pit *p);

/* Channel 0 reload value (0 means 65536) and frequency in mHz, for tests
 * and the BIOS. */
uint32_t pit_reload(const struct pit *p, unsigned channel);

/* Speaker inputs: port 61h gate (bit 0) and data (bit 1), channel 2 output. */
bool pit_speaker_gate(const struct pit *p);
bool pit_speaker_data(const struct pit *p);
bool pit_ch2_output(struct pit *p);

/* A channel's programming, so a listener can compute its output wave:
 * mode 0-5, reload 1..65536 ticks, counting (re)started at load_ns. */
struct pit_wave {
    uint8_t mode;
    uint32_t reload;
    uint64_t load_ns;
};
void pit_channel_wave(const struct pit *p, unsigned channel, struct pit_wave *out);

#endif
