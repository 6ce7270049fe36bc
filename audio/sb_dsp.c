/* The Sound Blaster DSP command set: one table entry per command with its
 * parameter count, the first DSP version that has it, and its handler
 * (Creative "Sound Blaster Series Hardware Programming Guide", chapter 6;
 * DSP versions 2.01 = SB 2.0, 3.02 = SB Pro 2, 4.05 = SB16). */
#include <string.h>

#include "audio/sb_impl.h"
#include "base/common.h"
#include "base/log.h"

#define DSP_READY 0xAA         /* the DSP's answer to a reset */
#define DSP_TC_US 1000000u     /* time constant: 256 - 1e6 / rate */
#define DSP_TC_MIN_DIVISOR 21u /* cap at ~47.6 kHz */
#define DSP_RATE_MIN 4000u
#define DSP_RATE_MAX 48000u
#define DSP_16_INPUT 0x08 /* Bxh/Cxh command bits */
#define DSP_16_AUTOINIT 0x04
#define DSP_16_MODE_SIGNED 0x10 /* Bxh/Cxh mode byte */
#define DSP_16_MODE_STEREO 0x20
#define DSP_SPEAKER_ON 0xFF

typedef void dsp_fn(struct aud_sb *s);

struct dsp_cmd {
    dsp_fn *fn;
    uint8_t nparams;
    uint16_t min_version;
    const char *name;
};

static uint16_t param16(const struct aud_sb *s, unsigned i)
{
    return (uint16_t)(s->param[i] | s->param[i + 1] << 8);
}

/* Legacy (pre-SB16) transfers: 8-bit unsigned, stereo when the SB Pro
 * mixer says so, the time-constant rate counting bytes of both channels. */
static void legacy(struct aud_sb *s, uint32_t bytes, bool autoinit, bool input, bool highspeed)
{
    bool stereo = sb_mixer_stereo(s) && !input;
    struct sb_request rq = {.autoinit = autoinit,
                            .input = input,
                            .stereo = stereo,
                            .highspeed = highspeed,
                            .bytes = bytes,
                            .rate_num = s->rate_num,
                            .rate_den = s->rate_den * (stereo ? 2 : 1)};
    sb_start(s, &rq);
}

static uint32_t block_bytes(const struct aud_sb *s)
{
    return (uint32_t)s->block_size + 1;
}

static void dsp_direct_dac(struct aud_sb *s)
{
    sb_dac(s, s->param[0]);
}
static void dsp_dma8_single(struct aud_sb *s)
{
    legacy(s, param16(s, 0) + 1u, false, false, false);
}
static void dsp_dma8_auto(struct aud_sb *s)
{
    legacy(s, block_bytes(s), true, false, false);
}
static void dsp_adc8_single(struct aud_sb *s)
{
    legacy(s, param16(s, 0) + 1u, false, true, false);
}
static void dsp_adc8_auto(struct aud_sb *s)
{
    legacy(s, block_bytes(s), true, true, false);
}
static void dsp_hs_auto(struct aud_sb *s)
{
    legacy(s, block_bytes(s), true, false, true);
}
static void dsp_hs_single(struct aud_sb *s)
{
    legacy(s, block_bytes(s), false, false, true);
}
static void dsp_hs_adc_auto(struct aud_sb *s)
{
    legacy(s, block_bytes(s), true, true, true);
}
static void dsp_hs_adc_single(struct aud_sb *s)
{
    legacy(s, block_bytes(s), false, true, true);
}

static void dsp_direct_adc(struct aud_sb *s)
{
    sb_put(s, 0x80); /* no input source: silence */
}

static void dsp_time_constant(struct aud_sb *s)
{
    s->rate_num = DSP_TC_US;
    s->rate_den = MAX(256u - s->param[0], DSP_TC_MIN_DIVISOR);
}

/* 41h/42h take the rate high byte first. */
static void dsp_rate(struct aud_sb *s)
{
    uint32_t hz = (uint32_t)s->param[0] << 8 | s->param[1];
    s->rate_num = MIN(MAX(hz, DSP_RATE_MIN), DSP_RATE_MAX);
    s->rate_den = 1;
}

static void dsp_block_size(struct aud_sb *s)
{
    s->block_size = param16(s, 0);
}

static void dsp_silence(struct aud_sb *s)
{
    struct sb_request rq = {.silence = true,
                            .bytes = param16(s, 0) + 1u,
                            .rate_num = s->rate_num,
                            .rate_den = s->rate_den};
    sb_start(s, &rq);
}

/* SB16 Bxh (16-bit) / Cxh (8-bit): command bits, mode byte, length - 1 in
 * samples (both channels counted). */
static void dsp_sb16_dma(struct aud_sb *s)
{
    bool is16 = (s->cmd & 0xF0) == 0xB0;
    uint8_t mode = s->param[0];
    uint32_t samples = param16(s, 1) + 1u;
    struct sb_request rq = {.autoinit = s->cmd & DSP_16_AUTOINIT,
                            .input = s->cmd & DSP_16_INPUT,
                            .stereo = mode & DSP_16_MODE_STEREO,
                            .is_signed = mode & DSP_16_MODE_SIGNED,
                            .is16 = is16,
                            .bytes = samples * (is16 ? 2 : 1),
                            .rate_num = s->rate_num,
                            .rate_den = s->rate_den};
    sb_start(s, &rq);
}

static void dsp_pause(struct aud_sb *s)
{
    sb_pause(s, true);
}
static void dsp_continue(struct aud_sb *s)
{
    sb_pause(s, false);
}
static void dsp_speaker_on(struct aud_sb *s)
{
    s->speaker = true;
}
static void dsp_speaker_off(struct aud_sb *s)
{
    s->speaker = false;
}
static void dsp_speaker_status(struct aud_sb *s)
{
    sb_put(s, s->speaker ? DSP_SPEAKER_ON : 0);
}

/* 45h/47h: continue auto-init after DAh/D9h; D9h/DAh: stop after this block. */
static void dsp_keep_auto(struct aud_sb *s)
{
    s->x.exit_after_block = false;
}
static void dsp_exit_auto(struct aud_sb *s)
{
    s->x.exit_after_block = true;
}

static void dsp_identify(struct aud_sb *s)
{
    sb_put(s, (uint8_t)~s->param[0]);
}

static void dsp_version(struct aud_sb *s)
{
    sb_put(s, (uint8_t)(sb_version(s) >> 8));
    sb_put(s, (uint8_t)sb_version(s));
}

static void dsp_copyright(struct aud_sb *s)
{
    static const char k_text[] = "COPYRIGHT (C) CREATIVE TECHNOLOGY LTD, 1992.";
    for (size_t i = 0; i < sizeof k_text; i++)
        sb_put(s, (uint8_t)k_text[i]);
}

static void dsp_write_test(struct aud_sb *s)
{
    s->test_reg = s->param[0];
}
static void dsp_read_test(struct aud_sb *s)
{
    sb_put(s, s->test_reg);
}
static void dsp_irq8(struct aud_sb *s)
{
    sb_raise_irq(s, false);
}
static void dsp_irq16(struct aud_sb *s)
{
    sb_raise_irq(s, true);
}
static void dsp_midi_out(struct aud_sb *s)
{
    if (s->mpu)
        aud_mpu_midi_out(s->mpu, s->param[0]);
}
static void dsp_midi_uart(struct aud_sb *s)
{
    s->midi_uart = true;
}

static void dsp_adpcm(struct aud_sb *s)
{
    QUIET_ONCE(LOG_AUDIO, "Sound Blaster ADPCM playback (DSP command %02Xh) is not supported",
               s->cmd);
}

/* Indexed by command byte; Bxh/Cxh share dsp_sb16_dma (see lookup). */
static const struct dsp_cmd k_dsp[256] = {
    [0x10] = {dsp_direct_dac, 1, 0x100, "direct DAC"},
    [0x14] = {dsp_dma8_single, 2, 0x100, "8-bit DMA"},
    [0x16] = {dsp_adpcm, 2, 0x100, "2-bit ADPCM"},
    [0x17] = {dsp_adpcm, 2, 0x100, "2-bit ADPCM ref"},
    [0x1C] = {dsp_dma8_auto, 0, 0x200, "8-bit auto-init DMA"},
    [0x1F] = {dsp_adpcm, 0, 0x200, "2-bit ADPCM auto-init"},
    [0x20] = {dsp_direct_adc, 0, 0x100, "direct ADC"},
    [0x24] = {dsp_adc8_single, 2, 0x100, "8-bit DMA input"},
    [0x2C] = {dsp_adc8_auto, 0, 0x200, "8-bit auto-init DMA input"},
    [0x34] = {dsp_midi_uart, 0, 0x200, "MIDI UART"},
    [0x35] = {dsp_midi_uart, 0, 0x200, "MIDI UART (IRQ)"},
    [0x36] = {dsp_midi_uart, 0, 0x200, "MIDI UART time-stamped"},
    [0x37] = {dsp_midi_uart, 0, 0x200, "MIDI UART time-stamped (IRQ)"},
    [0x38] = {dsp_midi_out, 1, 0x100, "MIDI write"},
    [0x40] = {dsp_time_constant, 1, 0x100, "time constant"},
    [0x41] = {dsp_rate, 2, 0x400, "output rate"},
    [0x42] = {dsp_rate, 2, 0x400, "input rate"},
    [0x45] = {dsp_keep_auto, 0, 0x400, "continue 8-bit auto-init"},
    [0x47] = {dsp_keep_auto, 0, 0x400, "continue 16-bit auto-init"},
    [0x48] = {dsp_block_size, 2, 0x200, "block size"},
    [0x74] = {dsp_adpcm, 2, 0x100, "4-bit ADPCM"},
    [0x75] = {dsp_adpcm, 2, 0x100, "4-bit ADPCM ref"},
    [0x76] = {dsp_adpcm, 2, 0x100, "2.6-bit ADPCM"},
    [0x77] = {dsp_adpcm, 2, 0x100, "2.6-bit ADPCM ref"},
    [0x7D] = {dsp_adpcm, 0, 0x200, "4-bit ADPCM auto-init"},
    [0x7F] = {dsp_adpcm, 0, 0x200, "2.6-bit ADPCM auto-init"},
    [0x80] = {dsp_silence, 2, 0x100, "silence"},
    [0x90] = {dsp_hs_auto, 0, 0x201, "high-speed auto-init DMA"},
    [0x91] = {dsp_hs_single, 0, 0x201, "high-speed DMA"},
    [0x98] = {dsp_hs_adc_auto, 0, 0x201, "high-speed auto-init input"},
    [0x99] = {dsp_hs_adc_single, 0, 0x201, "high-speed input"},
    [0xA0] = {NULL, 0, 0x300, "mono input"},
    [0xA8] = {NULL, 0, 0x300, "stereo input"},
    [0xD0] = {dsp_pause, 0, 0x100, "pause 8-bit DMA"},
    [0xD1] = {dsp_speaker_on, 0, 0x100, "speaker on"},
    [0xD3] = {dsp_speaker_off, 0, 0x100, "speaker off"},
    [0xD4] = {dsp_continue, 0, 0x100, "continue 8-bit DMA"},
    [0xD5] = {dsp_pause, 0, 0x400, "pause 16-bit DMA"},
    [0xD6] = {dsp_continue, 0, 0x400, "continue 16-bit DMA"},
    [0xD8] = {dsp_speaker_status, 0, 0x200, "speaker status"},
    [0xD9] = {dsp_exit_auto, 0, 0x400, "exit 16-bit auto-init"},
    [0xDA] = {dsp_exit_auto, 0, 0x200, "exit 8-bit auto-init"},
    [0xE0] = {dsp_identify, 1, 0x200, "identify"},
    [0xE1] = {dsp_version, 0, 0x100, "version"},
    [0xE3] = {dsp_copyright, 0, 0x400, "copyright"},
    [0xE4] = {dsp_write_test, 1, 0x200, "write test register"},
    [0xE8] = {dsp_read_test, 0, 0x200, "read test register"},
    [0xF2] = {dsp_irq8, 0, 0x100, "raise 8-bit IRQ"},
    [0xF3] = {dsp_irq16, 0, 0x400, "raise 16-bit IRQ"},
};
_Static_assert(ARRAY_LEN(k_dsp) == 256, "one entry per DSP command byte");

static const struct dsp_cmd k_sb16_dma = {dsp_sb16_dma, 3, 0x400, "SB16 DMA"};

static const struct dsp_cmd *lookup(uint8_t cmd)
{
    if ((cmd & 0xF0) == 0xB0 || (cmd & 0xF0) == 0xC0)
        return &k_sb16_dma;
    return &k_dsp[cmd];
}

static void execute(struct aud_sb *s)
{
    const struct dsp_cmd *c = lookup(s->cmd);
    s->in_cmd = false;
    LOG(LOG_AUDIO, "SB DSP %02Xh %s", s->cmd, c->name);
    if (c->fn)
        c->fn(s);
}

void sb_dsp_write(struct aud_sb *s, uint8_t v)
{
    if (s->midi_uart) {
        if (s->mpu)
            aud_mpu_midi_out(s->mpu, v);
        return;
    }
    if (s->highspeed)
        return; /* high-speed mode: only a reset gets through */
    if (s->in_cmd) {
        s->param[s->nparam++] = v;
        if (s->nparam == s->need)
            execute(s);
        return;
    }
    const struct dsp_cmd *c = lookup(v);
    if (!c->name || c->min_version > sb_version(s)) {
        LOG(LOG_AUDIO, "SB DSP %02Xh: not a command of DSP %X.%02X", v, sb_version(s) >> 8,
            sb_version(s) & 0xFF);
        return;
    }
    s->cmd = v;
    s->nparam = 0;
    s->need = c->nparams;
    s->in_cmd = true;
    if (!s->need)
        execute(s);
}

void sb_dsp_reset(struct aud_sb *s)
{
    LOG(LOG_AUDIO, "SB DSP reset");
    sb_stop(s);
    s->out_len = 0;
    s->in_cmd = false;
    s->midi_uart = false;
    s->speaker = false;
    s->x.exit_after_block = false;
    sb_put(s, DSP_READY);
}
