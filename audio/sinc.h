/* The windowed-sinc low-pass kernel shared by band-limited steps
 * (audio/blep.c) and resampling (audio/resample.c). */
#ifndef UNIDOS_AUDIO_SINC_H
#define UNIDOS_AUDIO_SINC_H

/* One polyphase row: out[k] for k < taps is a Blackman-windowed sinc with
 * the given cutoff (cycles per sample) at k + 1 - taps/2 - frac samples
 * from its centre (0 <= frac <= 1), scaled so the row sums to 1. */
void aud_sinc_row(double *out, unsigned taps, double frac, double cutoff);

#endif
