/* Windowed-sinc resampler: one Blackman-windowed sinc row per 1/512 of an
 * input sample, rows interpolated linearly; each row sums to 1. The cutoff
 * is 0.45 of the lower of the two rates, so upsampling removes the images
 * and downsampling the aliases. Integer arithmetic (kernel in 2.14 fixed
 * point, 32-bit sums: |taps| add up to less than 2) lets the compiler
 * vectorize the filter, and makes it exact and the same everywhere. */
#include "audio/resample.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audio/mixer.h"
#include "audio/sinc.h"
#include "base/common.h"

#define RS_PHASES 512u
#define RS_CUTOFF 0.45
#define RS_SUB_PER_SEC ((double)AUD_SUB_PER_NS * 1e9)
#define RS_ONE_SHIFT 14  /* kernel: 1.0 = 1 << 14 */
#define RS_LERP_SHIFT 15 /* row interpolation weight */

static void make_kernel(struct aud_resampler *r, double cutoff)
{
    if (!r->kernel)
        r->kernel = xcalloc((RS_PHASES + 1) * AUD_RS_TAPS, sizeof *r->kernel);
    r->cutoff = cutoff;
    for (unsigned p = 0; p <= RS_PHASES; p++) {
        double v[AUD_RS_TAPS];
        aud_sinc_row(v, AUD_RS_TAPS, (double)p / RS_PHASES, cutoff);
        for (unsigned k = 0; k < AUD_RS_TAPS; k++)
            r->kernel[p * AUD_RS_TAPS + k] = (int16_t)lrint(v[k] * (1 << RS_ONE_SHIFT));
    }
}

void aud_rs_init(struct aud_resampler *r)
{
    memset(r, 0, sizeof *r);
    r->rate = AUD_RATE;
}

void aud_rs_free(struct aud_resampler *r)
{
    free(r->kernel);
    free(r->ring);
    r->kernel = NULL;
    r->ring = NULL;
}

void aud_rs_start(struct aud_resampler *r, double rate, uint64_t anchor_sub)
{
    double cutoff = RS_CUTOFF * MIN(1.0, AUD_RATE / rate);
    r->rate = rate;
    r->anchor_sub = anchor_sub;
    r->base = r->total;
    if (!r->ring)
        r->ring = xcalloc(AUD_RS_RING, sizeof *r->ring);
    if (!r->kernel || cutoff != r->cutoff)
        make_kernel(r, cutoff);
}

void aud_rs_push(struct aud_resampler *r, int16_t left, int16_t right)
{
    int16_t *s = r->ring[r->total++ % AUD_RS_RING];
    s[0] = left;
    s[1] = right;
}

/* Samples pushed into the current stream. */
static uint64_t aud_rs_pushed(const struct aud_resampler *r)
{
    return r->total - r->base;
}

/* Stream position (in input samples, delayed) of output frame f. */
static double position(const struct aud_resampler *r, uint64_t f)
{
    double t = (double)(f * AUD_SUB_PER_FRAME) - (double)r->anchor_sub;
    return t * r->rate / RS_SUB_PER_SEC - AUD_RS_DELAY;
}

/* Ring slot of stream sample i; past the end it is the last one pushed. */
static const int16_t *at(const struct aud_resampler *r, int64_t i)
{
    uint64_t pos = r->base + (uint64_t)i;
    if (i >= 0 && pos >= r->total)
        pos = r->total - 1;
    return r->ring[pos % AUD_RS_RING];
}

static bool all_zero_from(const struct aud_resampler *r, int64_t first)
{
    int64_t end = (int64_t)aud_rs_pushed(r);
    for (int64_t i = MIN(first, end - 1); i < end; i++) {
        const int16_t *s = at(r, i);
        if (s[0] || s[1])
            return false;
    }
    return true;
}

/* True when frames from f0 on are silence (the stream ended at zero and
 * its last samples have passed the filter). */
static bool aud_rs_silent_from(const struct aud_resampler *r, uint64_t f0)
{
    int64_t first = (int64_t)floor(position(r, f0)) + 1 - (int64_t)AUD_RS_DELAY;
    if (!r->total)
        return true;
    return first + (int64_t)AUD_RS_RING > (int64_t)aud_rs_pushed(r) && all_zero_from(r, first);
}

/* The 16 input samples under output frame p: in place in the ring when
 * they are all pushed and do not wrap, else gathered one by one. */
static const int16_t (*window(const struct aud_resampler *r, int64_t first,
                              int16_t (*tmp)[2]))[2]
{
    uint64_t slot = (r->base + (uint64_t)first) % AUD_RS_RING;
    if (first >= 0 && (uint64_t)first + AUD_RS_TAPS <= aud_rs_pushed(r) &&
        slot + AUD_RS_TAPS <= AUD_RS_RING)
        return (const int16_t(*)[2]) & r->ring[slot];
    for (unsigned k = 0; k < AUD_RS_TAPS; k++) {
        const int16_t *s = at(r, first + k);
        tmp[k][0] = s[0];
        tmp[k][1] = s[1];
    }
    return (const int16_t(*)[2])tmp;
}

static void render_frame(const struct aud_resampler *r, int32_t *out, double p)
{
    double fl = floor(p), ph = (p - fl) * RS_PHASES;
    unsigned row = (unsigned)ph;
    int32_t w = (int32_t)((ph - row) * (1 << RS_LERP_SHIFT)), acc0 = 0, acc1 = 0;
    const int16_t *k0 = r->kernel + row * AUD_RS_TAPS, *k1 = k0 + AUD_RS_TAPS;
    int16_t tmp[AUD_RS_TAPS][2];
    const int16_t(*s)[2] = window(r, (int64_t)fl + 1 - (int64_t)AUD_RS_DELAY, tmp);
    for (unsigned k = 0; k < AUD_RS_TAPS; k++) {
        int32_t h = k0[k] + (((k1[k] - k0[k]) * w) >> RS_LERP_SHIFT);
        acc0 += h * s[k][0];
        acc1 += h * s[k][1];
    }
    out[0] += (acc0 + (1 << (RS_ONE_SHIFT - 1))) >> RS_ONE_SHIFT;
    out[1] += (acc1 + (1 << (RS_ONE_SHIFT - 1))) >> RS_ONE_SHIFT;
}

void aud_rs_render(struct aud_resampler *r, int32_t *mix, uint64_t f0, size_t n)
{
    if (!r->total || aud_rs_silent_from(r, f0))
        return;
    for (size_t i = 0; i < n; i++)
        render_frame(r, mix + 2 * i, position(r, f0 + i));
}
