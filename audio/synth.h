/* A General MIDI synthesizer for the MPU-401: complete MIDI messages in,
 * 48 kHz stereo out. Backed by libfluidsynth, loaded at run time on first
 * use (so starting unidos costs nothing when no program plays MIDI). */
#ifndef UNIDOS_AUDIO_SYNTH_H
#define UNIDOS_AUDIO_SYNTH_H

#include <stddef.h>
#include <stdint.h>

struct aud_synth;

/* soundfont: a .sf2/.sf3 path or NULL for the system's General MIDI one.
 * Returns NULL, after a note saying why, when no synthesizer can run. */
struct aud_synth *aud_synth_open(const char *soundfont);
void aud_synth_close(struct aud_synth *s);

/* One message: a channel message (status and data bytes) or a system
 * exclusive message from F0h to F7h inclusive. */
void aud_synth_message(struct aud_synth *s, const uint8_t *msg, size_t len);

/* Add n frames (interleaved L/R, 16-bit scale) into mix. */
void aud_synth_render(struct aud_synth *s, int32_t *mix, size_t n);

#endif
