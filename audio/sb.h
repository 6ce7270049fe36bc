/* Creative Sound Blaster 2.0, Pro 2 and 16: the DSP (reset, version, direct
 * DAC, 8- and 16-bit DMA playback and recording, single-cycle, auto-init
 * and high-speed), its IRQ, and the mixer chip. */
#ifndef UNIDOS_AUDIO_SB_H
#define UNIDOS_AUDIO_SB_H

#include "audio/audio.h"
#include "audio/mpu.h"
#include "audio/opl.h"

struct aud_sb;

struct aud_sb_config {
    enum aud_card card;       /* AUD_CARD_SB2, _SBPRO or _SB16 */
    uint16_t base;            /* 220h */
    uint8_t irq, dma8, dma16; /* 7, 1, 5 */
};

/* Registers the card's ports and its scheduler entry; OPL ports at the
 * card's base go to opl, DSP MIDI bytes to mpu (either may be NULL). */
struct aud_sb *aud_sb_new(const struct audio_hw *hw, struct aud_mixer *mix,
                          const struct aud_sb_config *cfg, struct aud_opl *opl,
                          struct aud_mpu *mpu);
void aud_sb_free(struct aud_sb *s);

/* "BLASTER=A220 I7 D1 H5 T6" for the card as configured at start. */
const char *aud_sb_blaster(const struct aud_sb *s);

#endif
