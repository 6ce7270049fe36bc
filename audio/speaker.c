/* PC speaker: every change of port 61h or of channel 2 is an event; between
 * events the output is a function of time (the 8254 wave), rendered as
 * band-limited edges. Off is the centre level, so a tone starts and stops
 * with half a step rather than a click. Then the speaker itself: a DC
 * blocker removes the offset of PWM-style sound, and a low-pass (a small
 * cone has little treble) softens the carrier of PWM sample playback. */
#include "audio/speaker.h"

#include <math.h>
#include <stdlib.h>

#include "audio/blep.h"
#include "audio/evq.h"
#include "base/common.h"

#define SPK_AMPLITUDE 6000 /* about -15 dBFS */
#define SPK_SUB_PER_SEC (AUD_SUB_PER_NS * CLOCK_NS_PER_SEC)
/* Waves above ~24 kHz (reload < 50) are inaudible carriers (PWM tricks):
 * they sound as their average level, as through the speaker's inertia. */
#define SPK_MIN_AUDIBLE_RELOAD (PIT_HZ / 24000u)
#define SPK_DC_POLE 0.99935   /* DC blocker, about 5 Hz at 48 kHz */
#define SPK_LOWPASS_HZ 8000.0 /* 2nd-order Butterworth */
#define SPK_PI 3.14159265358979323846
#define SPK_CHUNK 512u
#define SPK_EV_DATA 0x100u
#define SPK_EV_GATE 0x200u
#define SPK_EV_OUT 0x400u

struct spk_state {
    bool data, gate, out; /* port 61h bits 1 and 0; channel 2 output then */
    struct pit_wave w;
};

struct aud_speaker {
    struct pit *pit;
    struct aud_mixer *mix;
    struct aud_evq q;
    struct spk_state cur;
    uint64_t pos; /* rendered up to this subframe */
    double dc_x1, dc_y1;
    double lp_b[3], lp_a[2]; /* low-pass biquad (RBJ cookbook), a0 = 1 */
    double lp_x[2], lp_y[2];
    struct aud_blep blep;
    int32_t buf[SPK_CHUNK];
};

/* 8254 ticks <-> subframes, exact in 64 bits: an edge at tick t lies at the
 * first subframe not before it, and ticks_at(s) counts the ticks <= s, so
 * the two agree at every boundary. */
static uint64_t sub_of_tick(uint64_t t)
{
    uint64_t r = t % PIT_HZ;
    return t / PIT_HZ * SPK_SUB_PER_SEC + (r * SPK_SUB_PER_SEC + PIT_HZ - 1) / PIT_HZ;
}

static uint64_t ticks_at(uint64_t sub)
{
    uint64_t r = sub % SPK_SUB_PER_SEC;
    return sub / SPK_SUB_PER_SEC * PIT_HZ + r * PIT_HZ / SPK_SUB_PER_SEC;
}

static int32_t level(bool out)
{
    return out ? SPK_AMPLITUDE : -SPK_AMPLITUDE;
}

/* Ticks of a period the output is high (mode 3: first half; mode 2: all
 * but the last tick). */
static uint32_t high_ticks(const struct pit_wave *w)
{
    return (w->mode & 3) == 3 ? (w->reload + 1) / 2 : w->reload - 1;
}

static void gen_periodic(struct aud_speaker *s, uint64_t from, uint64_t to)
{
    const struct pit_wave *w = &s->cur.w;
    uint64_t load = aud_sub_of_ns(w->load_ns), r = w->reload, h = high_ticks(w);
    if (r < SPK_MIN_AUDIBLE_RELOAD) {
        aud_blep_set(&s->blep, from,
                     (int32_t)(SPK_AMPLITUDE * (int64_t)(2 * h - r) / (int64_t)r));
        return;
    }
    uint64_t k = from > load ? ticks_at(from - load) : 0, period = k / r;
    bool out = k % r < h;
    uint64_t edge = period * r + (out ? h : r);
    aud_blep_set(&s->blep, from, level(out));
    for (;;) {
        uint64_t at = load + sub_of_tick(edge);
        if (at >= to)
            return;
        out = !out;
        aud_blep_set(&s->blep, at, level(out));
        edge += out ? h : r - h;
    }
}

/* One-shot modes: low until the count runs out, then high. */
static void gen_oneshot(struct aud_speaker *s, uint64_t from, uint64_t to)
{
    const struct pit_wave *w = &s->cur.w;
    uint64_t load = aud_sub_of_ns(w->load_ns), at = load + sub_of_tick(w->reload);
    aud_blep_set(&s->blep, from, level(from >= at));
    if (from < at && at < to)
        aud_blep_set(&s->blep, at, level(true));
}

/* The speaker output over [from, to) with the current state. */
static void gen(struct aud_speaker *s, uint64_t from, uint64_t to)
{
    const struct spk_state *st = &s->cur;
    bool periodic = (st->w.mode & 3) >= 2;
    if (!st->data)
        aud_blep_set(&s->blep, from, 0);
    else if (!st->gate) /* gate low: modes 2/3 hold high, others hold */
        aud_blep_set(&s->blep, from, level(periodic || st->out));
    else if (periodic)
        gen_periodic(s, from, to);
    else
        gen_oneshot(s, from, to);
}

static void apply(struct aud_speaker *s, const struct aud_event *e)
{
    s->cur.data = e->b & SPK_EV_DATA;
    s->cur.gate = e->b & SPK_EV_GATE;
    s->cur.out = e->b & SPK_EV_OUT;
    s->cur.w = (struct pit_wave){(uint8_t)e->b, e->a, e->x};
}

static void make_lowpass(struct aud_speaker *s)
{
    double w = 2 * SPK_PI * SPK_LOWPASS_HZ / AUD_RATE, c = cos(w), alpha = sin(w) / sqrt(2.0);
    double a0 = 1 + alpha;
    s->lp_b[0] = s->lp_b[2] = (1 - c) / 2 / a0;
    s->lp_b[1] = (1 - c) / a0;
    s->lp_a[0] = -2 * c / a0;
    s->lp_a[1] = (1 - alpha) / a0;
}

static double lowpass(struct aud_speaker *s, double x)
{
    double y = s->lp_b[0] * x + s->lp_b[1] * s->lp_x[0] + s->lp_b[2] * s->lp_x[1] -
               s->lp_a[0] * s->lp_y[0] - s->lp_a[1] * s->lp_y[1];
    s->lp_x[1] = s->lp_x[0];
    s->lp_x[0] = x;
    s->lp_y[1] = s->lp_y[0];
    s->lp_y[0] = y;
    return y;
}

/* The speaker's response: DC blocker, then low-pass; mono to both sides. */
static void speaker_into(struct aud_speaker *s, int32_t *mix, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double x = s->buf[i];
        double y = x - s->dc_x1 + SPK_DC_POLE * s->dc_y1;
        s->dc_x1 = x;
        s->dc_y1 = y;
        int32_t v = (int32_t)lrint(lowpass(s, y));
        mix[2 * i] += v;
        mix[2 * i + 1] += v;
    }
}

static bool settled(double v)
{
    return v > -0.5 && v < 0.5;
}

static bool silent(const struct aud_speaker *s)
{
    return !s->cur.data && s->blep.level == 0 && aud_blep_settled(&s->blep) &&
           settled(s->dc_y1) && settled(s->lp_y[0]) && settled(s->lp_y[1]);
}

static void spk_render(void *ctx, int32_t *mix, uint64_t f0, size_t n)
{
    struct aud_speaker *s = ctx;
    uint64_t end = (f0 + n) * AUD_SUB_PER_FRAME;
    const struct aud_event *e;
    /* Events from before mixing started (the live output took a while to
     * open) count from the first frame mixed. */
    s->pos = MAX(s->pos, f0 * AUD_SUB_PER_FRAME);
    while ((e = aud_evq_due(&s->q, end))) {
        uint64_t at = MAX(e->sub, s->pos);
        gen(s, s->pos, at);
        apply(s, e);
        s->pos = at;
        aud_evq_pop(&s->q);
    }
    if (silent(s)) {
        s->pos = end;
        s->dc_x1 = s->dc_y1 = 0;
        s->lp_x[0] = s->lp_x[1] = s->lp_y[0] = s->lp_y[1] = 0;
        return;
    }
    gen(s, s->pos, end);
    s->pos = end;
    for (size_t done = 0; done < n;) {
        size_t k = MIN(n - done, (size_t)SPK_CHUNK);
        aud_blep_read(&s->blep, f0 + done, s->buf, k);
        if (mix)
            speaker_into(s, mix + 2 * done, k);
        done += k;
    }
}

static void on_speaker(void *ctx, uint64_t now_ns)
{
    struct aud_speaker *s = ctx;
    struct pit_wave w;
    uint32_t flags = (pit_speaker_data(s->pit) ? SPK_EV_DATA : 0) |
                     (pit_speaker_gate(s->pit) ? SPK_EV_GATE : 0) |
                     (pit_ch2_output(s->pit) ? SPK_EV_OUT : 0);
    if (!(flags & SPK_EV_DATA) && !aud_mixer_active(s->mix))
        return; /* nothing sounds: no reason to start mixing */
    aud_mixer_touch(s->mix);
    if (aud_evq_full(&s->q))
        aud_mixer_sync(s->mix);
    pit_channel_wave(s->pit, 2, &w);
    struct aud_event e = {aud_sub_of_ns(now_ns), w.load_ns, w.reload, flags | w.mode};
    aud_evq_push(&s->q, &e);
}

struct aud_speaker *aud_speaker_new(struct pit *pit, struct aud_mixer *mix)
{
    struct aud_speaker *s = xcalloc(1, sizeof *s);
    s->pit = pit;
    s->mix = mix;
    s->cur.w = (struct pit_wave){3, 0x10000, 0};
    aud_blep_init(&s->blep);
    make_lowpass(s);
    aud_mixer_add_source(mix, AUD_DEV_SPEAKER, spk_render, s);
    pit_set_speaker_hook(pit, on_speaker, s);
    return s;
}

void aud_speaker_free(struct aud_speaker *s)
{
    if (!s)
        return;
    aud_blep_free(&s->blep);
    free(s);
}
