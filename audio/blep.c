/* Band-limited steps from a table of windowed-sinc impulses, one row per
 * sub-frame phase; each row sums to exactly 1.0 so levels never drift. */
#include "audio/blep.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "audio/mixer.h"
#include "audio/sinc.h"
#include "base/common.h"

#define BLEP_PHASES 256u
#define BLEP_ONE_SHIFT 15
#define BLEP_CUTOFF 0.45 /* of the frame rate: 21.6 kHz */

static int32_t g_kernel[BLEP_PHASES][AUD_BLEP_TAPS];
static bool g_kernel_ready;

/* Row p: a step at fraction p/PHASES of a frame feeds the next TAPS frames. */
static void make_row(unsigned p)
{
    double v[AUD_BLEP_TAPS];
    int32_t sum = 0;
    unsigned peak = 0;
    aud_sinc_row(v, AUD_BLEP_TAPS, (double)p / BLEP_PHASES, BLEP_CUTOFF);
    for (unsigned k = 0; k < AUD_BLEP_TAPS; k++) {
        g_kernel[p][k] = (int32_t)lround(v[k] * (1 << BLEP_ONE_SHIFT));
        sum += g_kernel[p][k];
        if (g_kernel[p][k] > g_kernel[p][peak])
            peak = k;
    }
    g_kernel[p][peak] += (1 << BLEP_ONE_SHIFT) - sum;
}

void aud_blep_init(struct aud_blep *b)
{
    memset(b, 0, sizeof *b);
}

void aud_blep_free(struct aud_blep *b)
{
    free(b->ring);
    b->ring = NULL;
}

/* Built on the first step, so that programs without sound pay nothing. */
static void make_kernel(void)
{
    for (unsigned p = 0; p < BLEP_PHASES; p++)
        make_row(p);
    g_kernel_ready = true;
}

void aud_blep_set(struct aud_blep *b, uint64_t sub, int32_t level)
{
    int64_t delta = (int64_t)level - b->level;
    if (!delta)
        return;
    b->level = level;
    if (!g_kernel_ready)
        make_kernel();
    if (!b->ring)
        b->ring = xcalloc(AUD_BLEP_RING, sizeof *b->ring);
    uint64_t frame = sub / AUD_SUB_PER_FRAME;
    unsigned p = (unsigned)(sub % AUD_SUB_PER_FRAME * BLEP_PHASES / AUD_SUB_PER_FRAME);
    if (frame + 1 < b->next_frame) {
        frame = b->next_frame - 1;
        p = 0;
    }
    const int32_t *row = g_kernel[p];
    for (unsigned k = 0; k < AUD_BLEP_TAPS; k++)
        b->ring[(frame + 1 + k) % AUD_BLEP_RING] += delta * row[k];
    b->quiet_after = frame + 1 + AUD_BLEP_TAPS;
}

void aud_blep_read(struct aud_blep *b, uint64_t f0, int32_t *out, size_t n)
{
    if (!b->ring) { /* no step yet: silence */
        memset(out, 0, n * sizeof *out);
        b->next_frame = f0 + n;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        int64_t *slot = &b->ring[(f0 + i) % AUD_BLEP_RING];
        b->sum += *slot;
        *slot = 0;
        out[i] = (int32_t)(b->sum >> BLEP_ONE_SHIFT);
    }
    b->next_frame = f0 + n;
}

bool aud_blep_settled(const struct aud_blep *b)
{
    return b->next_frame >= b->quiet_after;
}
