/* Sound Blaster mixer chips: CT1345 (SB Pro) and CT1745 (SB16, which keeps
 * the SB Pro registers as aliases). Volumes are kept as SB16 5-bit values
 * (2 dB steps, 31 = 0 dB) and become gains of the mixer's sources; IRQ and
 * DMA selection (80h/81h) and the IRQ status (82h) live here on an SB16.
 * Creative "Sound Blaster Series Hardware Programming Guide", chapter 4. */
#include <math.h>

#include "audio/sb_impl.h"
#include "base/common.h"
#include "base/log.h"

enum {
    MIX_RESET = 0x00,
    MIX_PRO_VOICE = 0x04, /* SB Pro: left nibble, right nibble */
    MIX_PRO_MIC = 0x0A,
    MIX_PRO_INPUT = 0x0C,  /* input source and filter */
    MIX_PRO_OUTPUT = 0x0E, /* bit 1 stereo, bit 5 output filter off */
    MIX_PRO_MASTER = 0x22,
    MIX_PRO_FM = 0x26,
    MIX_PRO_CD = 0x28,
    MIX_PRO_LINE = 0x2E,
    MIX_MASTER = 0x30, /* SB16: 30h/31h master left/right, bits 7-3 */
    MIX_VOICE = 0x32,
    MIX_FM = 0x34,
    MIX_CD = 0x36,
    MIX_LINE = 0x38,
    MIX_GAIN_LAST = 0x47, /* 3Ah-47h: mic, speaker, switches, gains, tone */
    MIX_IRQ_SELECT = 0x80,
    MIX_DMA_SELECT = 0x81,
    MIX_IRQ_STATUS = 0x82,
};

#define MIX_STEREO 0x02
#define MIX_VOL_SHIFT 3
#define MIX_DB_PER_STEP 2.0
#define MIX_VOL_MAX 31u

/* SB Pro register -> the SB16 left/right pair it aliases. */
static const struct {
    uint8_t pro, pair;
} k_alias[] = {
    {MIX_PRO_VOICE, MIX_VOICE}, {MIX_PRO_MASTER, MIX_MASTER}, {MIX_PRO_FM, MIX_FM},
    {MIX_PRO_CD, MIX_CD},       {MIX_PRO_LINE, MIX_LINE},
};

static const uint8_t k_irq_bits[][2] = {{2, 0x01}, {5, 0x02}, {7, 0x04}, {10, 0x08}};
static const uint8_t k_dma_bits[][2] = {{0, 0x01}, {1, 0x02}, {3, 0x08},
                                        {5, 0x20}, {6, 0x40}, {7, 0x80}};

static int alias_of(uint8_t reg)
{
    for (size_t i = 0; i < ARRAY_LEN(k_alias); i++)
        if (k_alias[i].pro == reg)
            return k_alias[i].pair;
    return -1;
}

static uint32_t gain_of(uint8_t reg)
{
    unsigned v = reg >> MIX_VOL_SHIFT;
    return (uint32_t)lrint(AUD_GAIN_UNITY *
                           pow(10.0, ((double)v - MIX_VOL_MAX) * MIX_DB_PER_STEP / 20));
}

static uint32_t product(uint32_t a, uint32_t b)
{
    return (uint32_t)(((uint64_t)a * b) >> 16);
}

static void apply_gains(struct aud_sb *s)
{
    const uint8_t *r = s->mixreg;
    uint32_t ml = gain_of(r[MIX_MASTER]), mr = gain_of(r[MIX_MASTER + 1]);
    aud_mixer_set_gain(s->mix, s->source, product(ml, gain_of(r[MIX_VOICE])),
                       product(mr, gain_of(r[MIX_VOICE + 1])));
    if (s->opl)
        aud_mixer_set_gain(s->mix, aud_opl_source(s->opl), product(ml, gain_of(r[MIX_FM])),
                           product(mr, gain_of(r[MIX_FM + 1])));
}

void sb_mixer_reset(struct aud_sb *s)
{
    static const uint8_t k_full[] = {MIX_MASTER, MIX_VOICE, MIX_FM};
    for (unsigned i = MIX_MASTER; i <= MIX_GAIN_LAST; i++)
        s->mixreg[i] = 0;
    for (size_t i = 0; i < ARRAY_LEN(k_full); i++)
        s->mixreg[k_full[i]] = s->mixreg[k_full[i] + 1] = MIX_VOL_MAX << MIX_VOL_SHIFT;
    s->mixreg[MIX_PRO_OUTPUT] = 0;
    if (s->cfg.card >= AUD_CARD_SBPRO)
        apply_gains(s);
}

static uint8_t select_bits(const uint8_t (*table)[2], size_t n, unsigned a, unsigned b)
{
    uint8_t v = 0;
    for (size_t i = 0; i < n; i++)
        if (table[i][0] == a || table[i][0] == b)
            v |= table[i][1];
    return v;
}

static void select_irq(struct aud_sb *s, uint8_t v)
{
    for (size_t i = 0; i < ARRAY_LEN(k_irq_bits); i++)
        if (v & k_irq_bits[i][1])
            s->irq = k_irq_bits[i][0];
}

static void select_dma(struct aud_sb *s, uint8_t v)
{
    uint8_t dma8 = s->dma8, dma16 = s->dma16;
    for (size_t i = 0; i < ARRAY_LEN(k_dma_bits); i++) {
        unsigned chan = k_dma_bits[i][0];
        if (!(v & k_dma_bits[i][1]))
            continue;
        if (chan < DMA_FIRST_WORD_CHANNEL)
            dma8 = (uint8_t)chan;
        else
            dma16 = (uint8_t)chan;
    }
    sb_select_dma(s, dma8, dma16);
}

uint8_t sb_mixer_read(struct aud_sb *s)
{
    uint8_t reg = s->mix_addr;
    int pair = alias_of(reg);
    bool sb16 = s->cfg.card == AUD_CARD_SB16;
    if (pair >= 0)
        return (uint8_t)((s->mixreg[pair] >> 4) << 4 | s->mixreg[pair + 1] >> 4);
    if (sb16 && reg == MIX_IRQ_SELECT)
        return select_bits(k_irq_bits, ARRAY_LEN(k_irq_bits), s->irq, s->irq);
    if (sb16 && reg == MIX_DMA_SELECT)
        return select_bits(k_dma_bits, ARRAY_LEN(k_dma_bits), s->dma8, s->dma16);
    if (sb16 && reg == MIX_IRQ_STATUS)
        return (uint8_t)(s->irq8 | s->irq16 << 1);
    if (reg == MIX_PRO_MIC || reg == MIX_PRO_INPUT || reg == MIX_PRO_OUTPUT ||
        (sb16 && reg >= MIX_MASTER && reg <= MIX_GAIN_LAST))
        return s->mixreg[reg];
    return 0xFF;
}

void sb_mixer_write(struct aud_sb *s, uint8_t v)
{
    uint8_t reg = s->mix_addr;
    int pair = alias_of(reg);
    LOG(LOG_AUDIO, "SB mixer %02Xh <- %02Xh", reg, v);
    if (reg == MIX_RESET) {
        sb_mixer_reset(s);
    } else if (pair >= 0) { /* 4-bit SB Pro level n is 5-bit 2n+1 */
        s->mixreg[pair] = (uint8_t)(((v >> 4) << 1 | 1) << MIX_VOL_SHIFT);
        s->mixreg[pair + 1] = (uint8_t)(((v & 15) << 1 | 1) << MIX_VOL_SHIFT);
    } else if (s->cfg.card == AUD_CARD_SB16 && reg == MIX_IRQ_SELECT) {
        select_irq(s, v);
    } else if (s->cfg.card == AUD_CARD_SB16 && reg == MIX_DMA_SELECT) {
        select_dma(s, v);
    } else if (reg != MIX_IRQ_STATUS) {
        s->mixreg[reg] = v;
    }
    apply_gains(s);
}

bool sb_mixer_stereo(const struct aud_sb *s)
{
    return s->cfg.card >= AUD_CARD_SBPRO && (s->mixreg[MIX_PRO_OUTPUT] & MIX_STEREO);
}
