/* The mixer: sums the sources chunk by chunk, applies their gains, clips to
 * 16 bits and hands the result to the sinks. */
#include "audio/mixer.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/common.h"
#include "base/log.h"

#define MIX_CHUNK_FRAMES 512u
#define MIX_MAX_SOURCES 8u
#define MIX_MAX_SINKS 2u
#define MIX_LIVE_PERIOD_NS 10000000u /* feed a live output every 10 ms */

struct mix_source {
    aud_render_fn *fn;
    void *ctx;
    enum aud_device dev;
    uint32_t chip[AUD_CHANNELS]; /* the machine's gain */
    uint32_t gain[AUD_CHANNELS]; /* with the listener's levels: what is mixed */
};

struct aud_mixer {
    struct vclock *clk;
    struct mix_source src[MIX_MAX_SOURCES];
    unsigned nsrc;
    struct aud_sink sink[MIX_MAX_SINKS];
    unsigned nsink;
    aud_open_live_fn *open_live;
    void *live_ctx;
    bool active, mixing, realtime;
    unsigned level[AUD_DEVICES]; /* percent */
    unsigned volume;             /* percent */
    bool muted;
    uint64_t done; /* next frame to mix */
    int32_t acc[MIX_CHUNK_FRAMES * AUD_CHANNELS];
    int32_t tmp[MIX_CHUNK_FRAMES * AUD_CHANNELS];
    int16_t out[MIX_CHUNK_FRAMES * AUD_CHANNELS];
};

static uint64_t frame_of_ns(uint64_t ns)
{
    return aud_sub_of_ns(ns) / AUD_SUB_PER_FRAME;
}

static int16_t clip16(int32_t v)
{
    return (int16_t)(v > INT16_MAX ? INT16_MAX : v < INT16_MIN ? INT16_MIN : v);
}

static void add_scaled(int32_t *acc, const int32_t *in, const uint32_t *gain, size_t n)
{
    if (gain[0] == AUD_GAIN_UNITY && gain[1] == AUD_GAIN_UNITY) {
        for (size_t i = 0; i < n * AUD_CHANNELS; i++)
            acc[i] += in[i];
        return;
    }
    for (size_t i = 0; i < n * AUD_CHANNELS; i++)
        acc[i] += (int32_t)(((int64_t)in[i] * gain[i & 1]) >> 16);
}

static void mix_chunk(struct aud_mixer *m, uint64_t f0, size_t n)
{
    if (!m->nsink) {
        for (unsigned i = 0; i < m->nsrc; i++)
            m->src[i].fn(m->src[i].ctx, NULL, f0, n);
        return;
    }
    memset(m->acc, 0, n * AUD_CHANNELS * sizeof m->acc[0]);
    for (unsigned i = 0; i < m->nsrc; i++) {
        memset(m->tmp, 0, n * AUD_CHANNELS * sizeof m->tmp[0]);
        m->src[i].fn(m->src[i].ctx, m->tmp, f0, n);
        add_scaled(m->acc, m->tmp, m->src[i].gain, n);
    }
    for (size_t i = 0; i < n * AUD_CHANNELS; i++)
        m->out[i] = clip16(m->acc[i]);
    for (unsigned i = 0; i < m->nsink; i++)
        m->sink[i].ops->write(m->sink[i].ctx, m->out, n);
}

void aud_mixer_sync(struct aud_mixer *m)
{
    if (!m->active || m->mixing)
        return;
    uint64_t target = frame_of_ns(clock_now_ns(m->clk));
    m->mixing = true;
    while (m->done < target) {
        size_t n = (size_t)MIN(target - m->done, (uint64_t)MIX_CHUNK_FRAMES);
        mix_chunk(m, m->done, n);
        m->done += n;
    }
    m->mixing = false;
}

static uint64_t mixer_sched(void *ctx, uint64_t now_ns)
{
    struct aud_mixer *m = ctx;
    if (!m->active)
        return SCHED_NEVER;
    aud_mixer_sync(m);
    return m->realtime ? now_ns + MIX_LIVE_PERIOD_NS : SCHED_NEVER;
}

struct aud_mixer *aud_mixer_new(struct vclock *clk, struct sched *sched)
{
    struct aud_mixer *m = xcalloc(1, sizeof *m);
    m->clk = clk;
    m->volume = AUD_LEVEL_MAX;
    for (unsigned i = 0; i < AUD_DEVICES; i++)
        m->level[i] = AUD_LEVEL_MAX;
    sched_add(sched, mixer_sched, m);
    return m;
}

void aud_mixer_free(struct aud_mixer *m)
{
    if (!m)
        return;
    aud_mixer_sync(m);
    for (unsigned i = 0; i < m->nsink; i++)
        m->sink[i].ops->close(m->sink[i].ctx);
    free(m);
}

/* A source's gain: the machine's times the device level times the
 * volume (exactly unity when all are at their top, for add_scaled's fast
 * path). */
static void update_gain(struct aud_mixer *m, struct mix_source *s)
{
    uint64_t percent = m->muted ? 0 : (uint64_t)m->level[s->dev] * m->volume;
    for (unsigned c = 0; c < AUD_CHANNELS; c++)
        s->gain[c] = (uint32_t)(s->chip[c] * percent / (AUD_LEVEL_MAX * AUD_LEVEL_MAX));
}

static void update_gains(struct aud_mixer *m)
{
    aud_mixer_sync(m); /* what was played before keeps its level */
    for (unsigned i = 0; i < m->nsrc; i++)
        update_gain(m, &m->src[i]);
}

unsigned aud_mixer_add_source(struct aud_mixer *m, enum aud_device dev, aud_render_fn *fn,
                              void *ctx)
{
    if (m->nsrc >= MIX_MAX_SOURCES)
        die("too many sound sources");
    m->src[m->nsrc] = (struct mix_source){.fn = fn,
                                          .ctx = ctx,
                                          .dev = dev,
                                          .chip = {AUD_GAIN_UNITY, AUD_GAIN_UNITY}};
    update_gain(m, &m->src[m->nsrc]);
    return m->nsrc++;
}

void aud_mixer_set_gain(struct aud_mixer *m, unsigned id, uint32_t left, uint32_t right)
{
    m->src[id].chip[0] = left;
    m->src[id].chip[1] = right;
    update_gain(m, &m->src[id]);
}

void aud_mixer_set_level(struct aud_mixer *m, enum aud_device dev, unsigned percent)
{
    m->level[dev] = MIN(percent, AUD_LEVEL_MAX);
    update_gains(m);
}

unsigned aud_mixer_level(const struct aud_mixer *m, enum aud_device dev)
{
    return m->level[dev];
}

void aud_mixer_set_volume(struct aud_mixer *m, unsigned percent)
{
    m->volume = MIN(percent, AUD_LEVEL_MAX);
    update_gains(m);
}

unsigned aud_mixer_volume(const struct aud_mixer *m)
{
    return m->volume;
}

void aud_mixer_set_mute(struct aud_mixer *m, bool mute)
{
    m->muted = mute;
    update_gains(m);
}

bool aud_mixer_muted(const struct aud_mixer *m)
{
    return m->muted;
}

static const struct {
    const char *name;
    enum aud_device dev;
} k_device_names[] = {
    {"SPKR", AUD_DEV_SPEAKER}, {"OPL", AUD_DEV_OPL}, {"SB", AUD_DEV_SB},
    {"MIDI", AUD_DEV_MIDI},    {"CD", AUD_DEV_CD},   {"SPEAKER", AUD_DEV_SPEAKER},
    {"FM", AUD_DEV_OPL},       {"DAC", AUD_DEV_SB},  {"MPU", AUD_DEV_MIDI},
    {"CDAUDIO", AUD_DEV_CD},
};

const char *aud_device_name(enum aud_device dev)
{
    return k_device_names[dev].name; /* the first AUD_DEVICES entries, in order */
}

int aud_device_parse(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(k_device_names); i++)
        if (!strcasecmp(name, k_device_names[i].name))
            return (int)k_device_names[i].dev;
    return -1;
}

static void start(struct aud_mixer *m)
{
    m->active = true;
    m->done = frame_of_ns(clock_now_ns(m->clk));
}

void aud_mixer_add_sink(struct aud_mixer *m, const struct aud_sink *s)
{
    if (m->nsink >= MIX_MAX_SINKS)
        die("too many sound outputs");
    m->sink[m->nsink++] = *s;
    m->realtime |= s->realtime;
    if (!m->active)
        start(m);
}

void aud_mixer_set_live(struct aud_mixer *m, aud_open_live_fn *open, void *ctx)
{
    m->open_live = open;
    m->live_ctx = ctx;
}

/* Mixing starts before the live output opens (which may take a while), so
 * the sound that opened it is played, not lost. */
void aud_mixer_touch(struct aud_mixer *m)
{
    struct aud_sink s = {0};
    if (!m->active)
        start(m);
    if (m->open_live) {
        aud_open_live_fn *open = m->open_live;
        m->open_live = NULL; /* one try only */
        if (open(m->live_ctx, &s)) {
            LOG(LOG_AUDIO, "live sound output opened");
            aud_mixer_add_sink(m, &s);
        }
    }
}

bool aud_mixer_active(const struct aud_mixer *m)
{
    return m->active;
}

struct vclock *aud_mixer_clock(const struct aud_mixer *m)
{
    return m->clk;
}
