/* Live sound output through SDL2's audio queue, opened lazily: SDL's audio
 * subsystem starts only when a program first touches a sound device. Works
 * beside any SDL frontend (SDL reference-counts its subsystems). */
#ifndef UNIDOS_UI_AUDIO_SDL_H
#define UNIDOS_UI_AUDIO_SDL_H

#include <stdbool.h>

#include "audio/mixer.h"

/* An aud_open_live_fn: open the default SDL audio device at the mixer's
 * rate. Returns false (with a note) when there is no device. */
bool audio_sdl_open(void *ctx, struct aud_sink *out);

#endif
