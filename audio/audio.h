/* The sound hardware of the machine: PC speaker, AdLib/OPL, Sound Blaster,
 * MPU-401, and the mixer that records them to a WAV file and plays them on
 * a live output. Free of any host audio API: the live output is a sink the
 * frontend opens when a program first touches a sound device. */
#ifndef UNIDOS_AUDIO_AUDIO_H
#define UNIDOS_AUDIO_AUDIO_H

#include "audio/mixer.h"
#include "bus/mem.h"
#include "hw/clock.h"
#include "hw/dma.h"
#include "bus/io.h"
#include "hw/pic.h"
#include "hw/pit.h"
#include "hw/sched.h"

struct audio;

/* The sound card in the machine (the PC speaker is always there). */
enum aud_card {
    AUD_CARD_NONE,  /* speaker only */
    AUD_CARD_ADLIB, /* AdLib: OPL2 at 388h */
    AUD_CARD_SB2,   /* Sound Blaster 2.0: DSP 2.01, OPL2 */
    AUD_CARD_SBPRO, /* Sound Blaster Pro 2: DSP 3.02, OPL3, CT1345 mixer */
    AUD_CARD_SB16,  /* Sound Blaster 16: DSP 4.05, OPL3, CT1745 mixer, 16-bit DMA */
};

struct audio_hw {
    struct io *io;
    struct mem *mem;
    struct vclock *clk;
    struct pic *pic;
    struct pit *pit;
    struct dma *dma;
    struct sched *sched;
};

/* A Sound Blaster's port, IRQ and DMA channels (8- and 16-bit). */
struct aud_sb_res {
    uint16_t base;
    uint8_t irq, dma8, dma16;
};

struct audio_config {
    enum aud_card card;
    const char *wav_path;            /* record the mix here; NULL for none */
    const char *soundfont;           /* General MIDI .sf2; NULL: the system's default */
    const struct aud_sb_res *sb_res; /* NULL: 220h, IRQ 7, DMA 1 and 5 */
    aud_open_live_fn *open_live;     /* NULL: no live output */
    void *live_ctx;
    unsigned volume; /* master volume, percent (0: silent) */
};

/* Build the sound devices on hw. Returns 0, or -errno when the WAV file
 * cannot be created (nothing is built then). */
int audio_new(const struct audio_hw *hw, const struct audio_config *cfg, struct audio **out);

/* Mix up to now, finish the WAV file, release everything. */
void audio_free(struct audio *a);

/* The mixer, for the listener's levels (MIXER, the window's keys). */
struct aud_mixer *audio_mixer(struct audio *a);

/* The CD audio player (the CD-ROM drive's analog output), NULL for a. */
struct aud_cdplay;
struct aud_cdplay *audio_cdplay(struct audio *a);

/* The BLASTER environment string describing the card
 * ("BLASTER=A220 I7 D1 H5 T6"), or NULL without a Sound Blaster. */
const char *audio_blaster_env(const struct audio *a);

#endif
