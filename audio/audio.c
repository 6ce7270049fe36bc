/* Builds the sound devices for the configured card and wires them to the
 * mixer: the speaker always; OPL2 (AdLib, SB 2.0) or OPL3 (SB Pro 2, SB16);
 * the Sound Blaster at 220h, IRQ 7, DMA 1 and 5; the MPU-401 at 330h. */
#include "audio/audio.h"

#include <stdlib.h>

#include "audio/cdplay.h"
#include "audio/mpu.h"
#include "audio/opl.h"
#include "audio/ports.h"
#include "audio/sb.h"
#include "audio/speaker.h"
#include "audio/wav.h"
#include "base/common.h"

#define SB_DEFAULT_IRQ 7
#define SB_DEFAULT_DMA8 1
#define SB_DEFAULT_DMA16 5

struct audio {
    struct aud_mixer *mix;
    struct aud_speaker *speaker;
    struct aud_opl *opl;
    struct aud_mpu *mpu;
    struct aud_sb *sb;
    struct aud_cdplay *cd;
};

static void build_card(struct audio *a, const struct audio_hw *hw,
                       const struct audio_config *cfg)
{
    if (cfg->card == AUD_CARD_NONE)
        return;
    a->opl = aud_opl_new(hw->io, a->mix, cfg->card >= AUD_CARD_SBPRO ? AUD_OPL3 : AUD_OPL2);
    a->mpu = aud_mpu_new(hw->io, a->mix, cfg->soundfont);
    if (cfg->card == AUD_CARD_ADLIB)
        return;
    static const struct aud_sb_res k_default = {.base = PORT_SB_BASE,
                                                .irq = SB_DEFAULT_IRQ,
                                                .dma8 = SB_DEFAULT_DMA8,
                                                .dma16 = SB_DEFAULT_DMA16};
    const struct aud_sb_res *r = cfg->sb_res ? cfg->sb_res : &k_default;
    struct aud_sb_config sc = {
        .card = cfg->card, .base = r->base, .irq = r->irq, .dma8 = r->dma8, .dma16 = r->dma16};
    a->sb = aud_sb_new(hw, a->mix, &sc, a->opl, a->mpu);
}

int audio_new(const struct audio_hw *hw, const struct audio_config *cfg, struct audio **out)
{
    struct aud_sink wav;
    if (cfg->wav_path) {
        int rc = aud_wav_open(cfg->wav_path, &wav);
        if (rc < 0)
            return rc;
    }
    struct audio *a = xcalloc(1, sizeof *a);
    a->mix = aud_mixer_new(hw->clk, hw->sched);
    if (cfg->wav_path)
        aud_mixer_add_sink(a->mix, &wav);
    if (cfg->open_live)
        aud_mixer_set_live(a->mix, cfg->open_live, cfg->live_ctx);
    aud_mixer_set_volume(a->mix, cfg->volume);
    a->speaker = aud_speaker_new(hw->pit, a->mix);
    a->cd = aud_cdplay_new(a->mix);
    build_card(a, hw, cfg);
    *out = a;
    return 0;
}

void audio_free(struct audio *a)
{
    if (!a)
        return;
    aud_mixer_free(a->mix);
    aud_sb_free(a->sb);
    aud_mpu_free(a->mpu);
    aud_opl_free(a->opl);
    aud_speaker_free(a->speaker);
    aud_cdplay_free(a->cd);
    free(a);
}

struct aud_mixer *audio_mixer(struct audio *a)
{
    return a->mix;
}

struct aud_cdplay *audio_cdplay(struct audio *a)
{
    return a ? a->cd : NULL;
}

const char *audio_blaster_env(const struct audio *a)
{
    return a->sb ? aud_sb_blaster(a->sb) : NULL;
}
