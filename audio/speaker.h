/* The PC speaker: PIT channel 2 gated by port 61h bits 0-1, including
 * programs that toggle the speaker bit directly (PWM-style sound). */
#ifndef UNIDOS_AUDIO_SPEAKER_H
#define UNIDOS_AUDIO_SPEAKER_H

#include "audio/mixer.h"
#include "hw/pit.h"

struct aud_speaker;

/* Listens to pit's speaker hook and mixes into mix. */
struct aud_speaker *aud_speaker_new(struct pit *pit, struct aud_mixer *mix);
void aud_speaker_free(struct aud_speaker *s);

#endif
