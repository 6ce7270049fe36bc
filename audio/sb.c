/* Sound Blaster: ports, the DSP's sample clock that moves DMA data on the
 * machine clock and raises the IRQ at block end, and the sound it makes
 * (DMA streams resampled to 48 kHz, direct DAC writes as band-limited
 * steps). Creative "Sound Blaster Series Hardware Programming Guide". */
#include "audio/sb_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/ports.h"
#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"

#define SB_ISA_READ_NS 1000u
#define SB_STATUS_READY 0x7F /* write status: bit 7 clear = ready */
#define SB_STATUS_DATA 0x80  /* read status: bit 7 set = data waiting */
#define SB_SILENT_U8 0x80    /* what recording without a source gives */
#define SB_NS_PER_SEC 1000000000ull
#define SB_HOLD_MS 20u /* a stopped DAC holds its value... */
#define SB_FADE_MS 20u /* ...then fades to silence */

/* ---- the DSP sample clock ---- */

static unsigned frame_bytes(const struct sb_xfer *x)
{
    return (x->is16 ? 2u : 1u) * (x->stereo ? 2u : 1u);
}

/* When frame n is clocked: anchor + ceil(n * den * 1e9 / num) ns, split so
 * that nothing overflows. */
static uint64_t time_of_frame(const struct sb_xfer *x, uint64_t n)
{
    uint64_t d = x->rate_den * SB_NS_PER_SEC, r = n % x->rate_num;
    return x->anchor_ns + n / x->rate_num * d + (r * d + x->rate_num - 1) / x->rate_num;
}

/* Frames clocked by time t, the inverse of time_of_frame: frame 0 at the
 * anchor itself (the DSP fetches its first byte at once). */
static uint64_t frames_at(const struct sb_xfer *x, uint64_t t)
{
    if (t < x->anchor_ns)
        return 0;
    uint64_t dt = t - x->anchor_ns, d = x->rate_den * SB_NS_PER_SEC;
    return dt / d * x->rate_num + dt % d * x->rate_num / d + 1;
}

static int16_t decode(const struct sb_xfer *x, const uint8_t *p)
{
    if (x->is16) {
        uint16_t u = get_le16(p);
        return (int16_t)(x->is_signed ? u : u ^ 0x8000);
    }
    return (int16_t)((x->is_signed ? p[0] : p[0] ^ 0x80) << 8);
}

static void push_frames(struct aud_sb *s, const uint8_t *p, uint64_t n)
{
    const struct sb_xfer *x = &s->x;
    unsigned half = x->is16 ? 2 : 1;
    for (uint64_t i = 0; i < n; i++, p += frame_bytes(x)) {
        int16_t l = decode(x, p);
        aud_rs_push(&s->rs, l, x->stereo ? decode(x, p + half) : l);
    }
}

static void last_sample(const struct aud_sb *s, int16_t out[2])
{
    const int16_t *last = s->rs.total ? s->rs.ring[(s->rs.total - 1) % AUD_RS_RING] : NULL;
    out[0] = last ? last[0] : 0;
    out[1] = last ? last[1] : 0;
}

/* The DAC holds its last value while no data comes (underrun); the
 * silence command (80h) plays zeros. */
static void push_hold(struct aud_sb *s, uint64_t n)
{
    int16_t v[2] = {0, 0};
    if (!s->x.silence)
        last_sample(s, v);
    for (uint64_t i = 0; i < n; i++)
        aud_rs_push(&s->rs, v[0], v[1]);
}

/* The stream stops here (end, stop, pause): the tail starts. */
static void end_stream(struct aud_sb *s)
{
    struct sb_xfer *x = &s->x;
    x->end_frame = x->frames;
    last_sample(s, x->hold);
    x->tail_done = !x->hold[0] && !x->hold[1];
}

static uint64_t frames_of_ms(const struct sb_xfer *x, unsigned ms)
{
    return x->rate_num * ms / (1000u * x->rate_den);
}

/* The DAC after the stream: hold, fade out linearly, then silence. */
static void run_tail(struct aud_sb *s, uint64_t now_ns)
{
    struct sb_xfer *x = &s->x;
    if (x->tail_done)
        return;
    uint64_t due = frames_at(x, now_ns), hold = frames_of_ms(x, SB_HOLD_MS);
    uint64_t fade = MAX(frames_of_ms(x, SB_FADE_MS), (uint64_t)1);
    while (!x->tail_done && x->frames < due) {
        uint64_t k = x->frames++ - x->end_frame;
        int64_t gain = k < hold ? (int64_t)fade : (int64_t)(hold + fade) - (int64_t)k;
        gain = MAX(gain, 0);
        aud_rs_push(&s->rs, (int16_t)(x->hold[0] * gain / (int64_t)fade),
                    (int16_t)(x->hold[1] * gain / (int64_t)fade));
        x->tail_done = gain == 0;
    }
}

static void block_end(struct aud_sb *s)
{
    struct sb_xfer *x = &s->x;
    LOG(LOG_AUDIO, "SB block of %u bytes done", x->block_bytes);
    sb_raise_irq(s, x->is16);
    if (x->autoinit && !x->exit_after_block) {
        x->left_bytes = x->block_bytes;
        return;
    }
    x->active = false;
    s->highspeed = false;
    end_stream(s);
}

/* Record: the card has no input source, so it records silence. */
static uint32_t record(struct aud_sb *s, uint32_t bytes)
{
    memset(s->dma_buf, s->x.is16 || s->x.is_signed ? 0 : SB_SILENT_U8, bytes);
    return (uint32_t)dma_write(s->dma, s->x.chan, s->dma_buf, bytes);
}

/* Clock k frames of the transfer: move their bytes, feed the DAC. */
static void clock_frames(struct aud_sb *s, uint64_t k)
{
    struct sb_xfer *x = &s->x;
    unsigned bpf = frame_bytes(x);
    uint32_t want = (uint32_t)MIN(k * bpf, (uint64_t)x->left_bytes), got = want;
    if (x->input)
        got = record(s, want);
    else if (!x->silence)
        got = (uint32_t)dma_read(s->dma, x->chan, s->dma_buf, want);
    if (!x->input && !x->silence)
        push_frames(s, s->dma_buf, got / bpf);
    if (!x->input)
        push_hold(s, k - (x->silence ? 0 : got / bpf));
    x->left_bytes -= got;
    x->frames += k;
    if (!x->left_bytes)
        block_end(s);
}

static void sb_advance(struct aud_sb *s, uint64_t now_ns, bool may_write)
{
    struct sb_xfer *x = &s->x;
    if (!x->active || x->paused) {
        run_tail(s, now_ns);
        return;
    }
    if (x->input && !may_write)
        return;
    uint64_t due = frames_at(x, now_ns);
    while (x->active && x->frames < due) {
        uint64_t to_end = (x->left_bytes + frame_bytes(x) - 1) / frame_bytes(x);
        clock_frames(s, MIN(MIN(due - x->frames, to_end), (uint64_t)SB_CHUNK));
    }
}

static uint64_t block_deadline(const struct aud_sb *s)
{
    const struct sb_xfer *x = &s->x;
    if (!x->active || x->paused)
        return SCHED_NEVER;
    uint64_t to_end = (x->left_bytes + frame_bytes(x) - 1) / frame_bytes(x);
    return time_of_frame(x, x->frames + to_end - 1);
}

void sb_start(struct aud_sb *s, const struct sb_request *rq)
{
    struct sb_xfer *x = &s->x;
    uint64_t now = clock_now_ns(s->clk);
    aud_mixer_touch(s->mix);
    sb_advance(s, now, false);
    *x = (struct sb_xfer){.active = true,
                          .autoinit = rq->autoinit,
                          .input = rq->input,
                          .stereo = rq->stereo,
                          .is16 = rq->is16,
                          .is_signed = rq->is_signed,
                          .silence = rq->silence,
                          .chan = rq->is16 ? s->dma16 : s->dma8,
                          .block_bytes = rq->bytes,
                          .left_bytes = rq->bytes,
                          .rate_num = rq->rate_num,
                          .rate_den = rq->rate_den,
                          .anchor_ns = now};
    s->highspeed = rq->highspeed;
    aud_rs_start(&s->rs, (double)x->rate_num / (double)x->rate_den, aud_sub_of_ns(now));
    LOG(LOG_AUDIO, "SB %s %s%s%s %u bytes at %.1f Hz on DMA %u",
        rq->input     ? "record"
        : rq->silence ? "silence"
                      : "play",
        rq->autoinit ? "auto-init " : "", rq->is16 ? "16-bit" : "8-bit",
        rq->stereo ? " stereo" : "", rq->bytes, (double)x->rate_num / (double)x->rate_den,
        x->chan);
}

void sb_stop(struct aud_sb *s)
{
    sb_advance(s, clock_now_ns(s->clk), false);
    if (s->x.active) {
        s->x.active = false;
        end_stream(s);
    }
    s->highspeed = false;
}

/* Pause keeps the block position; continuing restarts the clock there. */
void sb_pause(struct aud_sb *s, bool paused)
{
    struct sb_xfer *x = &s->x;
    uint64_t now = clock_now_ns(s->clk);
    if (!x->active || x->paused == paused)
        return;
    sb_advance(s, now, false);
    x->paused = paused;
    if (paused) {
        end_stream(s);
    } else {
        x->anchor_ns = now;
        x->frames = 0;
        aud_rs_start(&s->rs, (double)x->rate_num / (double)x->rate_den, aud_sub_of_ns(now));
    }
}

/* The card drives its IRQ line high until the program acknowledges (22Eh
 * for 8-bit, 22Fh for 16-bit); the PIC sees an edge only when it rises. */
void sb_raise_irq(struct aud_sb *s, bool is16)
{
    bool line = s->irq8 || s->irq16;
    if (is16)
        s->irq16 = true;
    else
        s->irq8 = true;
    if (!line)
        pic_raise(s->pic, s->irq);
}

/* ---- sound ---- */

void sb_dac(struct aud_sb *s, uint8_t sample)
{
    aud_mixer_touch(s->mix);
    if (aud_evq_full(&s->dac_q))
        aud_mixer_sync(s->mix);
    struct aud_event e = {aud_sub_of_ns(clock_now_ns(s->clk)), 0, sample, 0};
    aud_evq_push(&s->dac_q, &e);
}

static void render_dac(struct aud_sb *s, int32_t *mix, uint64_t f0, size_t n)
{
    uint64_t end = (f0 + n) * AUD_SUB_PER_FRAME;
    const struct aud_event *e;
    while ((e = aud_evq_due(&s->dac_q, end))) {
        uint64_t at = MAX(e->sub, f0 * AUD_SUB_PER_FRAME);
        aud_blep_set(&s->dac, at, ((int32_t)e->a - 0x80) * 256);
        aud_evq_pop(&s->dac_q);
    }
    if (aud_blep_settled(&s->dac) && !s->dac.level)
        return;
    for (size_t done = 0; done < n;) {
        size_t k = MIN(n - done, (size_t)SB_CHUNK);
        aud_blep_read(&s->dac, f0 + done, s->dac_buf, k);
        for (size_t i = 0; mix && i < k; i++) {
            mix[2 * (done + i)] += s->dac_buf[i];
            mix[2 * (done + i) + 1] += s->dac_buf[i];
        }
        done += k;
    }
}

/* SB16 outputs whatever the speaker setting; older DSPs mute with it off. */
static bool muted(const struct aud_sb *s)
{
    return !s->speaker && s->cfg.card != AUD_CARD_SB16;
}

static void sb_render(void *ctx, int32_t *mix, uint64_t f0, size_t n)
{
    struct aud_sb *s = ctx;
    uint64_t end_ns = (f0 + n) * AUD_SUB_PER_FRAME / AUD_SUB_PER_NS;
    sb_advance(s, end_ns, false);
    if (muted(s))
        mix = NULL;
    render_dac(s, mix, f0, n);
    if (mix)
        aud_rs_render(&s->rs, mix, f0, n);
}

static uint64_t sb_sched(void *ctx, uint64_t now_ns)
{
    struct aud_sb *s = ctx;
    sb_advance(s, now_ns, true);
    return block_deadline(s);
}

static void sb_dma_sync(void *ctx)
{
    struct aud_sb *s = ctx;
    sb_advance(s, clock_now_ns(s->clk), false);
}

void sb_select_dma(struct aud_sb *s, uint8_t dma8, uint8_t dma16)
{
    dma_attach(s->dma, s->dma8, NULL, NULL);
    dma_attach(s->dma, s->dma16, NULL, NULL);
    s->dma8 = dma8;
    s->dma16 = dma16;
    dma_attach(s->dma, s->dma8, sb_dma_sync, s);
    dma_attach(s->dma, s->dma16, sb_dma_sync, s);
    LOG(LOG_AUDIO, "SB on DMA %u and %u", dma8, dma16);
}

/* ---- ports ---- */

static uint8_t read_data(struct aud_sb *s)
{
    if (s->out_len) {
        s->last_out = s->out[s->out_head];
        s->out_head = (s->out_head + 1) % SB_FIFO_BYTES;
        s->out_len--;
    }
    return s->last_out;
}

void sb_put(struct aud_sb *s, uint8_t byte)
{
    if (s->out_len < SB_FIFO_BYTES)
        s->out[(s->out_head + s->out_len++) % SB_FIFO_BYTES] = byte;
}

static bool has_opl_pair(const struct aud_sb *s)
{
    return s->opl && s->cfg.card >= AUD_CARD_SBPRO;
}

static bool has_mixer(const struct aud_sb *s)
{
    return s->cfg.card >= AUD_CARD_SBPRO;
}

static uint8_t sb_read(void *ctx, uint16_t port)
{
    struct aud_sb *s = ctx;
    unsigned off = port - s->cfg.base;
    switch (off) {
    case SB_OPL_LEFT:
    case SB_OPL_LEFT + 1:
    case SB_OPL_RIGHT:
    case SB_OPL_RIGHT + 1:
        return has_opl_pair(s) ? aud_opl_read(s->opl, off) : 0xFF;
    case SB_OPL:
    case SB_OPL + 1:
        return s->opl ? aud_opl_read(s->opl, off - SB_OPL) : 0xFF;
    case SB_MIXER_DATA:
        return has_mixer(s) ? sb_mixer_read(s) : 0xFF;
    case SB_DSP_READ:
        return read_data(s);
    case SB_DSP_WRITE:
        clock_charge(s->clk, SB_ISA_READ_NS);
        return SB_STATUS_READY;
    case SB_DSP_READ_STATUS:
        clock_charge(s->clk, SB_ISA_READ_NS);
        s->irq8 = false;
        return s->out_len ? SB_STATUS_READY | SB_STATUS_DATA : SB_STATUS_READY;
    case SB_DSP_ACK16:
        if (s->cfg.card != AUD_CARD_SB16)
            return 0xFF;
        s->irq16 = false;
        return 0xFF;
    default:
        return 0xFF;
    }
}

static void write_reset(struct aud_sb *s, uint8_t v)
{
    bool line = v & 1;
    if (s->reset_line && !line)
        sb_dsp_reset(s);
    s->reset_line = line;
}

static void sb_write(void *ctx, uint16_t port, uint8_t v)
{
    struct aud_sb *s = ctx;
    unsigned off = port - s->cfg.base;
    if (off <= SB_OPL_RIGHT + 1 && has_opl_pair(s))
        aud_opl_write(s->opl, off, v);
    else if ((off == SB_OPL || off == SB_OPL + 1) && s->opl)
        aud_opl_write(s->opl, off - SB_OPL, v);
    else if (off == SB_MIXER_ADDR && has_mixer(s))
        s->mix_addr = v;
    else if (off == SB_MIXER_DATA && has_mixer(s))
        sb_mixer_write(s, v);
    else if (off == SB_DSP_RESET)
        write_reset(s, v);
    else if (off == SB_DSP_WRITE)
        sb_dsp_write(s, v);
}

static void make_blaster(struct aud_sb *s)
{
    static const char k_type[] = {
        [AUD_CARD_SB2] = '3', [AUD_CARD_SBPRO] = '4', [AUD_CARD_SB16] = '6'};
    int n = snprintf(s->blaster, sizeof s->blaster, "BLASTER=A%X I%u D%u", s->cfg.base,
                     s->cfg.irq, s->cfg.dma8);
    if (s->cfg.card == AUD_CARD_SB16)
        n += snprintf(s->blaster + n, sizeof s->blaster - (size_t)n, " H%u P%X", s->cfg.dma16,
                      PORT_MPU_BASE);
    snprintf(s->blaster + n, sizeof s->blaster - (size_t)n, " T%c", k_type[s->cfg.card]);
}

struct aud_sb *aud_sb_new(const struct audio_hw *hw, struct aud_mixer *mix,
                          const struct aud_sb_config *cfg, struct aud_opl *opl,
                          struct aud_mpu *mpu)
{
    struct aud_sb *s = xcalloc(1, sizeof *s);
    s->cfg = *cfg;
    s->pic = hw->pic;
    s->dma = hw->dma;
    s->clk = hw->clk;
    s->mix = mix;
    s->opl = opl;
    s->mpu = mpu;
    s->irq = cfg->irq;
    s->x.tail_done = true;
    s->rate_num = AUD_RATE / 4;
    s->rate_den = 1;
    aud_rs_init(&s->rs);
    aud_blep_init(&s->dac);
    s->source = aud_mixer_add_source(mix, AUD_DEV_SB, sb_render, s);
    sb_mixer_reset(s);
    sb_select_dma(s, cfg->dma8, cfg->card == AUD_CARD_SB16 ? cfg->dma16 : cfg->dma8);
    io_register(hw->io, cfg->base, SB_PORT_COUNT, sb_read, sb_write, s);
    sched_add(hw->sched, sb_sched, s);
    make_blaster(s);
    return s;
}

void aud_sb_free(struct aud_sb *s)
{
    if (!s)
        return;
    aud_rs_free(&s->rs);
    aud_blep_free(&s->dac);
    free(s);
}

const char *aud_sb_blaster(const struct aud_sb *s)
{
    return s->blaster;
}
