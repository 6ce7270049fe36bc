/* Sound Blaster internals shared by sb.c (ports, transfers, sound),
 * sb_dsp.c (the DSP command set) and sb_mixer.c (the mixer chip). */
#ifndef UNIDOS_AUDIO_SB_IMPL_H
#define UNIDOS_AUDIO_SB_IMPL_H

#include "audio/blep.h"
#include "audio/evq.h"
#include "audio/resample.h"
#include "audio/sb.h"

#define SB_FIFO_BYTES 64u
#define SB_MAX_PARAMS 3u
#define SB_MIXER_REGS 256u
#define SB_CHUNK 512u

/* A DMA transfer (or a run of silence) driven by the DSP's sample clock:
 * frame n of it plays at anchor_ns + n * rate_den / rate_num seconds. */
struct sb_xfer {
    bool active, paused;
    bool autoinit, input, stereo, is16, is_signed, silence;
    bool exit_after_block; /* DAh/D9h: finish this block, then stop */
    unsigned chan;
    uint32_t block_bytes, left_bytes;
    uint64_t rate_num, rate_den;
    uint64_t anchor_ns;
    uint64_t frames; /* frames clocked since anchor_ns */
    /* After the transfer stops or pauses, the DAC holds its last value for a
     * moment, then fades to silence (the output's AC coupling would): */
    uint64_t end_frame;
    int16_t hold[2];
    bool tail_done;
};

/* What a DSP command asks for; sb_start() turns it into a transfer. */
struct sb_request {
    bool autoinit, input, stereo, is16, is_signed, silence, highspeed;
    uint32_t bytes; /* block length in bytes */
    uint64_t rate_num, rate_den;
};

struct aud_sb {
    struct aud_sb_config cfg;
    char blaster[48];
    struct pic *pic;
    struct dma *dma;
    struct vclock *clk;
    struct aud_mixer *mix;
    struct aud_opl *opl;
    struct aud_mpu *mpu;
    unsigned source;
    uint8_t irq, dma8, dma16; /* as now selected (SB16 mixer 80h/81h) */
    /* DSP */
    bool reset_line;
    uint8_t out[SB_FIFO_BYTES];
    unsigned out_head, out_len;
    uint8_t last_out;
    uint8_t cmd, param[SB_MAX_PARAMS];
    unsigned nparam, need;
    bool in_cmd, midi_uart, speaker, highspeed;
    bool irq8, irq16;            /* raised and not yet acknowledged */
    uint64_t rate_num, rate_den; /* set by 40h (time constant) or 41h */
    uint16_t block_size;         /* 48h, in bytes or samples, minus one */
    uint8_t test_reg;
    struct sb_xfer x;
    /* sound */
    struct aud_resampler rs;
    struct aud_blep dac;
    struct aud_evq dac_q; /* direct DAC writes (10h) */
    uint64_t dac_pos;
    int32_t dac_buf[SB_CHUNK];
    uint8_t dma_buf[SB_CHUNK * 4];
    /* mixer chip */
    uint8_t mix_addr;
    uint8_t mixreg[SB_MIXER_REGS];
};

static inline unsigned sb_version(const struct aud_sb *s)
{
    return s->cfg.card == AUD_CARD_SB16 ? 0x405 : s->cfg.card == AUD_CARD_SBPRO ? 0x302 : 0x201;
}

/* sb.c */
void sb_put(struct aud_sb *s, uint8_t byte);
void sb_raise_irq(struct aud_sb *s, bool is16);
void sb_start(struct aud_sb *s, const struct sb_request *rq);
void sb_stop(struct aud_sb *s);
void sb_pause(struct aud_sb *s, bool paused);
void sb_dac(struct aud_sb *s, uint8_t sample);
void sb_select_dma(struct aud_sb *s, uint8_t dma8, uint8_t dma16);

/* sb_dsp.c */
void sb_dsp_reset(struct aud_sb *s);
void sb_dsp_write(struct aud_sb *s, uint8_t v);

/* sb_mixer.c */
void sb_mixer_reset(struct aud_sb *s);
uint8_t sb_mixer_read(struct aud_sb *s);
void sb_mixer_write(struct aud_sb *s, uint8_t v);
bool sb_mixer_stereo(const struct aud_sb *s);

#endif
