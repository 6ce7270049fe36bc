/* Roland MPU-401 in UART mode at 330h: MIDI bytes go to a General MIDI
 * synthesizer (libfluidsynth with a soundfont, loaded on first use) when
 * one is installed; otherwise the port still behaves, silently. */
#ifndef UNIDOS_AUDIO_MPU_H
#define UNIDOS_AUDIO_MPU_H

#include <stdint.h>

#include "audio/mixer.h"
#include "bus/io.h"

struct aud_mpu;

/* soundfont: a .sf2 path, or NULL for the system's default GM soundfont. */
struct aud_mpu *aud_mpu_new(struct io *io, struct aud_mixer *mix, const char *soundfont);
void aud_mpu_free(struct aud_mpu *m);

/* A MIDI byte from another port (the Sound Blaster DSP's MIDI commands). */
void aud_mpu_midi_out(struct aud_mpu *m, uint8_t byte);

#endif
