/* CD audio playback through the mixer (audio/cdplay.c): what MSCDEX's
 * play, stop and resume requests start, from a CD image's audio tracks. */
#ifndef UNIDOS_AUDIO_CDPLAY_H
#define UNIDOS_AUDIO_CDPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "audio/mixer.h"
#include "fs/cd.h"

struct aud_cdplay;

struct aud_cd_status {
    bool playing, paused;
    uint32_t lba;        /* the sector playing now (or where a stop paused) */
    uint32_t start, end; /* of the last play request: [start, end) */
};

struct aud_cdplay *aud_cdplay_new(struct aud_mixer *mix);
void aud_cdplay_free(struct aud_cdplay *p);
/* Play count sectors from lba of cd (data sectors are silence). */
void aud_cdplay_play(struct aud_cdplay *p, struct fs_cd *cd, uint32_t lba, uint32_t count);
/* Stop: a playing disc pauses (resume goes on); a paused one forgets its place. */
void aud_cdplay_stop(struct aud_cdplay *p);
/* Go on from where a stop paused; false when nothing is paused. */
bool aud_cdplay_resume(struct aud_cdplay *p);
void aud_cdplay_status(struct aud_cdplay *p, struct aud_cd_status *st);
/* Output volume of the left and right channels, 0-255 (MSCDEX channel control). */
void aud_cdplay_volume(struct aud_cdplay *p, uint8_t left, uint8_t right);
/* cd is going away (another image inserted): stop playing it. */
void aud_cdplay_eject(struct aud_cdplay *p, const struct fs_cd *cd);

#endif
