/* Band-limited steps: a piecewise-constant signal (the PC speaker, a DAC
 * written directly) rendered at 48 kHz without aliasing. Each level change
 * adds a windowed-sinc impulse to a ring of deltas; the output is their
 * running sum, so a step becomes a smooth, band-limited edge. The output
 * lags the input by AUD_BLEP_DELAY frames. */
#ifndef UNIDOS_AUDIO_BLEP_H
#define UNIDOS_AUDIO_BLEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUD_BLEP_TAPS 16u
#define AUD_BLEP_DELAY (AUD_BLEP_TAPS / 2)
#define AUD_BLEP_RING 1024u /* frames; > a mixer chunk + taps */

struct aud_blep {
    int64_t *ring; /* deltas, 17.15; made by the first step */
    int64_t sum;
    int32_t level;        /* level after the last step */
    uint64_t next_frame;  /* first frame not yet read */
    uint64_t quiet_after; /* no step affects frames from here on */
};

void aud_blep_init(struct aud_blep *b);
void aud_blep_free(struct aud_blep *b);

/* Change the level at time sub (subframes; not before the next frame to
 * be read, or it is moved there). */
void aud_blep_set(struct aud_blep *b, uint64_t sub, int32_t level);

/* Read (and consume) frames [f0, f0+n): f0 continues the last read. */
void aud_blep_read(struct aud_blep *b, uint64_t f0, int32_t *out, size_t n);

/* True when every step has been read out: the output stays at the level
 * until the next step, so a caller may skip reading. */
bool aud_blep_settled(const struct aud_blep *b);

#endif
