/* Band-limited resampling of a device's sample stream (a Sound Blaster's
 * DAC clock, any rate) to the mixer's 48 kHz: a windowed-sinc polyphase
 * filter. The stream has an anchor time and a rate; sample k plays at
 * anchor + k/rate. Output lags by AUD_RS_DELAY input samples, so it never
 * needs a sample from the future. Past the last sample the stream holds
 * the last value (as a DAC does). */
#ifndef UNIDOS_AUDIO_RESAMPLE_H
#define UNIDOS_AUDIO_RESAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUD_RS_TAPS 16u
#define AUD_RS_DELAY (AUD_RS_TAPS / 2)
#define AUD_RS_RING 8192u /* input samples kept: > one mixing round */

struct aud_resampler {
    double rate;         /* input samples per second */
    uint64_t anchor_sub; /* time of stream sample 0, in subframes */
    uint64_t total;      /* samples ever pushed (ring position) */
    uint64_t base;       /* ring position of stream sample 0 */
    int16_t (*ring)[2];  /* AUD_RS_RING samples, made by the first start */
    double cutoff;       /* of the current kernel, cycles per input sample */
    int16_t *kernel;     /* [phases + 1][taps], 2.14 fixed point, made on first use */
};

void aud_rs_init(struct aud_resampler *r);
void aud_rs_free(struct aud_resampler *r);

/* Start a new stream at time anchor_sub (subframes) with rate samples/s.
 * Pushing and rendering need a started stream. */
void aud_rs_start(struct aud_resampler *r, double rate, uint64_t anchor_sub);

/* Append the next sample of the stream. */
void aud_rs_push(struct aud_resampler *r, int16_t left, int16_t right);

/* Add frames [f0, f0+n) into mix (interleaved L/R). */
void aud_rs_render(struct aud_resampler *r, int32_t *mix, uint64_t f0, size_t n);

#endif
