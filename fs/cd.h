/* CD-ROM images: an ISO 9660 file, a raw data track (BIN) or a CUE sheet
 * with its files (raw BINARY/MOTOROLA tracks, and audio tracks from WAV,
 * FLAC, Ogg Vorbis, AIFF or MP3 files decoded by libsndfile and
 * libmpg123). Sectors are numbered from the start of the disc (LBA, the
 * MSCDEX "HSG" address); audio is 44.1 kHz stereo, 588 samples a sector.
 * Files named by a CUE sheet are looked up in the sheet's own directory,
 * by their name part only, so a sheet cannot reach other host files.
 * Every call returns >= 0 or -DOSERR_x. */
#ifndef UNIDOS_FS_CD_H
#define UNIDOS_FS_CD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/cue.h"

#define FS_CD_SAMPLES_PER_SECTOR 588u /* 44100 / 75 */
#define FS_CD_SAMPLE_RATE 44100u

struct fs_cd;

struct fs_cd_track {
    uint8_t number;
    bool audio;
    uint32_t start;  /* LBA of INDEX 01 */
    uint32_t length; /* sectors up to the next track (or the lead-out) */
};

/* Open path, whose kind (fs/image.h) is ISO, BIN or CUE. */
int fs_cd_open(const char *path, int kind, struct fs_cd **out, char *why, size_t cap);
void fs_cd_free(struct fs_cd *cd);

unsigned fs_cd_ntracks(const struct fs_cd *cd);
const struct fs_cd_track *fs_cd_track(const struct fs_cd *cd, unsigned i); /* 0-based */
/* The track holding lba (0-based index), or -1 past the lead-out. */
int fs_cd_track_at(const struct fs_cd *cd, uint32_t lba);
uint32_t fs_cd_leadout(const struct fs_cd *cd);

/* The first data track's file and where its sector 0 starts in it
 * (the ISO 9660 reader opens that file). */
int fs_cd_data_file(const struct fs_cd *cd, const char **path, uint64_t *offset);
/* One 2048-byte user data sector of a data track. */
int fs_cd_read_data(struct fs_cd *cd, uint32_t lba, uint8_t buf[FS_CD_DATA_BYTES]);
/* One raw 2352-byte sector (data sectors of 2048-byte images are built:
 * sync, header, data, zero EDC/ECC). */
int fs_cd_read_raw(struct fs_cd *cd, uint32_t lba, uint8_t buf[FS_CD_RAW_BYTES]);
/* n stereo samples (interleaved L/R) from sample position pos (lba * 588
 * + k): silence where there is no audio. Returns 0 or an error. */
int fs_cd_read_audio(struct fs_cd *cd, uint64_t pos, int16_t *out, uint32_t n);

/* The CD-ROM drive backend (read-only ISO 9660 through libiso9660; Joliet
 * and Rock Ridge names are ignored as DOS does). It owns cd. */
struct fs_drive_ops;
extern const struct fs_drive_ops fs_cd_drive_ops;
int fs_cd_drive_new(struct fs_cd *cd, void **drv, char label[12], char *why, size_t cap);
struct fs_cd *fs_cd_drive_image(void *drv);

#endif
