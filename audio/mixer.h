/* The mixer: every sound source of the machine summed into one 48 kHz
 * stereo stream on the machine clock, fed to sinks (a WAV file, the live
 * output). Sources render on demand for exact frame ranges, so what is
 * mixed depends only on when events happened, never on when mixing ran. */
#ifndef UNIDOS_AUDIO_MIXER_H
#define UNIDOS_AUDIO_MIXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/clock.h"
#include "hw/sched.h"

struct aud_mixer;

#define AUD_RATE 48000u
#define AUD_CHANNELS 2u
/* Event times are kept in subframes: 1/6 ns, so that a frame is exactly
 * 125000 of them and a nanosecond exactly 6. */
#define AUD_SUB_PER_NS 6u
#define AUD_SUB_PER_FRAME 125000u
#define AUD_GAIN_UNITY 0x10000u /* gains are 16.16 fixed point */

static inline uint64_t aud_sub_of_ns(uint64_t ns)
{
    return ns * AUD_SUB_PER_NS;
}

/* The devices a listener sets levels for (MIXER, --volume): each source
 * belongs to one. */
enum aud_device {
    AUD_DEV_SPEAKER,
    AUD_DEV_OPL,
    AUD_DEV_SB,
    AUD_DEV_MIDI,
    AUD_DEV_CD,
    AUD_DEVICES
};
#define AUD_LEVEL_MAX 100u /* levels are percent of the amplitude */

/* Add frames [f0, f0+n) of a source into mix (n interleaved L/R pairs of
 * int32 at 16-bit scale), or only advance the source to f0+n when mix is
 * NULL (nothing listens). Frames are numbered from machine start. */
typedef void aud_render_fn(void *ctx, int32_t *mix, uint64_t f0, size_t n);

/* Where mixed audio goes. write() gets n interleaved stereo frames. */
struct aud_sink_ops {
    void (*write)(void *ctx, const int16_t *frames, size_t n);
    void (*close)(void *ctx);
};
struct aud_sink {
    const struct aud_sink_ops *ops;
    void *ctx;
    bool realtime; /* played as it comes: mix often, in step with the host */
};

/* Opens the live output on first use; returns false when there is none. */
typedef bool aud_open_live_fn(void *ctx, struct aud_sink *out);

struct aud_mixer *aud_mixer_new(struct vclock *clk, struct sched *sched);
/* Mixes up to now, then closes every sink. */
void aud_mixer_free(struct aud_mixer *m);

/* Returns the source id for aud_mixer_set_gain. */
unsigned aud_mixer_add_source(struct aud_mixer *m, enum aud_device dev, aud_render_fn *fn,
                              void *ctx);
/* The gain the machine gives a source (the Sound Blaster's mixer chip). */
void aud_mixer_set_gain(struct aud_mixer *m, unsigned id, uint32_t left, uint32_t right);

/* What the listener hears, on top of the machine's gains, and what --wav
 * records: a level per device and the master volume, in percent of the
 * amplitude (0-100; 50 halves it), and mute. */
void aud_mixer_set_level(struct aud_mixer *m, enum aud_device dev, unsigned percent);
unsigned aud_mixer_level(const struct aud_mixer *m, enum aud_device dev);
void aud_mixer_set_volume(struct aud_mixer *m, unsigned percent);
unsigned aud_mixer_volume(const struct aud_mixer *m);
void aud_mixer_set_mute(struct aud_mixer *m, bool mute);
bool aud_mixer_muted(const struct aud_mixer *m);
/* The device's name for MIXER ("SPKR", "OPL", "SB", "MIDI", "CD"), and
 * the device a name means (also "SPEAKER", "FM", "DAC", "MPU", "CDAUDIO";
 * any case), or -1. */
const char *aud_device_name(enum aud_device dev);
int aud_device_parse(const char *name);

/* A sink present from the start (a WAV file): mixing starts at frame 0. */
void aud_mixer_add_sink(struct aud_mixer *m, const struct aud_sink *s);
/* The live output, opened by the first aud_mixer_touch. */
void aud_mixer_set_live(struct aud_mixer *m, aud_open_live_fn *open, void *ctx);

/* A program used a sound device: start mixing (opening the live output)
 * if that has not happened yet. Cheap when already started. */
void aud_mixer_touch(struct aud_mixer *m);
bool aud_mixer_active(const struct aud_mixer *m);

/* Mix everything up to now. Called between slices by the scheduler, and
 * by sources whose event queues are full. */
void aud_mixer_sync(struct aud_mixer *m);

struct vclock *aud_mixer_clock(const struct aud_mixer *m);

#endif
