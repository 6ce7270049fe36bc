/* CD audio playback: the sectors a program asked to play (MSCDEX), read
 * from the CD image as 44.1 kHz samples and resampled into the mix. The
 * play position is a function of machine time (where the drive would be),
 * so the Q-channel and the recording agree in every run. */
#include "audio/cdplay.h"

#include <stdlib.h>
#include <string.h>

#include "audio/resample.h"
#include "base/common.h"
#include "base/log.h"

#define CD_RATE FS_CD_SAMPLE_RATE
#define CHUNK_SAMPLES 1024u
#define SUB_PER_SEC ((uint64_t)AUD_SUB_PER_NS * 1000000000ull)
#define VOLUME_MAX 255u

struct aud_cdplay {
    struct aud_mixer *mix;
    struct vclock *clk;
    unsigned source;
    struct aud_resampler rs;
    struct fs_cd *cd;
    bool playing, paused;
    uint64_t first, end; /* samples [first, end) of the play request */
    uint64_t stream_end; /* real samples of the stream stop here (a stop cuts it) */
    uint64_t from;       /* sample at the anchor (a resume starts later) */
    uint64_t anchor_sub; /* machine time the sample `from` plays */
    uint64_t pushed;     /* samples given to the resampler since the anchor */
    uint64_t paused_at;  /* sample where a stop paused */
    int16_t buf[CHUNK_SAMPLES * 2];
};

/* Samples played by time sub since the anchor. */
static uint64_t elapsed(const struct aud_cdplay *p, uint64_t sub)
{
    return sub > p->anchor_sub ? (sub - p->anchor_sub) * CD_RATE / SUB_PER_SEC : 0;
}

/* Bring the state up to now: a play that reached its end stops. */
static uint64_t position(struct aud_cdplay *p)
{
    uint64_t pos = p->from + elapsed(p, aud_sub_of_ns(clock_now_ns(p->clk)));
    if (p->playing && pos >= p->end) {
        p->playing = false;
        p->paused = false;
        LOG(LOG_AUDIO, "CD audio reached sector %llu", (unsigned long long)(p->end / 588));
    }
    return MIN(pos, p->end);
}

/* Feed the resampler up to sample count `need` after the anchor. */
static void feed(struct aud_cdplay *p, uint64_t need)
{
    while (p->pushed < need) {
        uint64_t at = p->from + p->pushed;
        uint32_t k = (uint32_t)MIN(need - p->pushed, (uint64_t)CHUNK_SAMPLES);
        if (at >= p->stream_end || fs_cd_read_audio(p->cd, at, p->buf, k) < 0)
            memset(p->buf, 0, sizeof p->buf);
        for (uint32_t i = 0; i < k; i++) {
            bool in = at + i < p->stream_end;
            aud_rs_push(&p->rs, in ? p->buf[2 * i] : 0, in ? p->buf[2 * i + 1] : 0);
        }
        p->pushed += k;
    }
}

static void render(void *ctx, int32_t *mix, uint64_t f0, size_t n)
{
    struct aud_cdplay *p = ctx;
    if (!p->cd || (!p->playing && !p->pushed))
        return;
    uint64_t end_sub = (f0 + n) * AUD_SUB_PER_FRAME;
    uint64_t need = MIN(elapsed(p, end_sub) + AUD_RS_TAPS + 2,
                        p->stream_end - p->from + AUD_RS_TAPS);
    feed(p, need);
    if (mix)
        aud_rs_render(&p->rs, mix, f0, n);
}

struct aud_cdplay *aud_cdplay_new(struct aud_mixer *mix)
{
    struct aud_cdplay *p = xcalloc(1, sizeof *p);
    p->mix = mix;
    p->clk = aud_mixer_clock(mix);
    aud_rs_init(&p->rs);
    p->source = aud_mixer_add_source(mix, AUD_DEV_CD, render, p);
    return p;
}

void aud_cdplay_free(struct aud_cdplay *p)
{
    if (!p)
        return;
    aud_rs_free(&p->rs);
    free(p);
}

/* Start the stream at sample `from` now. */
static void start(struct aud_cdplay *p, uint64_t from)
{
    uint64_t now = aud_sub_of_ns(clock_now_ns(p->clk));
    p->from = from;
    p->anchor_sub = now;
    p->pushed = 0;
    p->playing = true;
    p->paused = false;
    p->stream_end = p->end;
    aud_rs_start(&p->rs, CD_RATE, now);
}

void aud_cdplay_play(struct aud_cdplay *p, struct fs_cd *cd, uint32_t lba, uint32_t count)
{
    aud_mixer_touch(p->mix);
    aud_mixer_sync(p->mix);
    p->cd = cd;
    p->first = (uint64_t)lba * FS_CD_SAMPLES_PER_SECTOR;
    p->end = p->first + (uint64_t)count * FS_CD_SAMPLES_PER_SECTOR;
    start(p, p->first);
    LOG(LOG_AUDIO, "CD audio: play %u sectors from %u", count, lba);
}

void aud_cdplay_stop(struct aud_cdplay *p)
{
    aud_mixer_sync(p->mix);
    uint64_t pos = position(p);
    if (p->playing) {
        p->playing = false;
        p->paused = true;
        p->paused_at = pos;
        p->stream_end = MAX(pos, p->from); /* silence from now; the filter's tail fades */
    } else {
        p->paused = false;
    }
}

bool aud_cdplay_resume(struct aud_cdplay *p)
{
    if (!p->paused || !p->cd)
        return false;
    aud_mixer_touch(p->mix);
    aud_mixer_sync(p->mix);
    start(p, p->paused_at);
    return true;
}

void aud_cdplay_status(struct aud_cdplay *p, struct aud_cd_status *st)
{
    uint64_t pos = p->paused ? p->paused_at : position(p);
    *st = (struct aud_cd_status){.playing = p->playing,
                                 .paused = p->paused,
                                 .lba = (uint32_t)(pos / FS_CD_SAMPLES_PER_SECTOR),
                                 .start = (uint32_t)(p->first / FS_CD_SAMPLES_PER_SECTOR),
                                 .end = (uint32_t)(p->end / FS_CD_SAMPLES_PER_SECTOR)};
}

void aud_cdplay_volume(struct aud_cdplay *p, uint8_t left, uint8_t right)
{
    aud_mixer_sync(p->mix);
    aud_mixer_set_gain(p->mix, p->source, AUD_GAIN_UNITY * left / VOLUME_MAX,
                       AUD_GAIN_UNITY * right / VOLUME_MAX);
}

void aud_cdplay_eject(struct aud_cdplay *p, const struct fs_cd *cd)
{
    if (p->cd != cd)
        return;
    aud_mixer_sync(p->mix);
    p->playing = false;
    p->paused = false;
    p->pushed = 0;
    p->cd = NULL;
}
