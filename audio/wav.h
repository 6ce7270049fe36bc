/* A sink that records the mix into a RIFF/WAVE file (16-bit stereo PCM at
 * the mixer rate). The header is kept up to date as the file grows, so a
 * run that is killed still leaves a playable file. */
#ifndef UNIDOS_AUDIO_WAV_H
#define UNIDOS_AUDIO_WAV_H

#include "audio/mixer.h"

/* Create (or truncate) path. Returns 0 and fills *out, or -errno. */
int aud_wav_open(const char *path, struct aud_sink *out);

#endif
