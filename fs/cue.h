/* CUE sheets: the text that lists a CD image's files and tracks (FILE,
 * TRACK, INDEX, PREGAP, POSTGAP; the rest is ignored). A pure parser over
 * bytes, for the CD image code and the fuzz target. */
#ifndef UNIDOS_FS_CUE_H
#define UNIDOS_FS_CUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FS_CUE_MAX_TRACKS 99
#define FS_CUE_MAX_FILES 99
#define FS_CUE_NAME_MAX 256
#define FS_CD_FRAMES_PER_SEC 75u
#define FS_CD_RAW_BYTES 2352u
#define FS_CD_DATA_BYTES 2048u

/* How a FILE's bytes are stored. */
enum fs_cue_ftype {
    FS_CUE_BINARY,   /* raw sectors, little-endian audio */
    FS_CUE_MOTOROLA, /* raw sectors, big-endian audio */
    FS_CUE_AUDIO,    /* an audio file to decode: WAVE, FLAC, OGG, MP3, AIFF */
};

enum fs_cue_mode {
    FS_CUE_MODE_AUDIO, /* 2352-byte audio frames */
    FS_CUE_MODE1_2048,
    FS_CUE_MODE1_2352,
    FS_CUE_MODE2_2336,
    FS_CUE_MODE2_2352,
};

struct fs_cue_file {
    char name[FS_CUE_NAME_MAX]; /* as written in the sheet */
    enum fs_cue_ftype type;
};

struct fs_cue_track {
    uint8_t number; /* 1-99, increasing */
    enum fs_cue_mode mode;
    uint16_t sector_bytes; /* in its file */
    uint8_t file;          /* index into files */
    int32_t index0;        /* frames from the file's start; -1 when absent */
    int32_t index1;
    uint32_t pregap, postgap; /* frames of silence not in the file */
};

struct fs_cue {
    struct fs_cue_file files[FS_CUE_MAX_FILES];
    unsigned nfiles;
    struct fs_cue_track tracks[FS_CUE_MAX_TRACKS];
    unsigned ntracks;
};

/* Parse a sheet of n bytes. Returns 0, or -DOSERR_INVALID_DATA with the
 * line and reason in why. */
int fs_cue_parse(const char *text, size_t n, struct fs_cue *out, char *why, size_t cap);

/* The name part of a FILE name (after any '/' or '\'): files are looked
 * up in the CUE sheet's own directory only. */
const char *fs_cue_basename(const char *name);

#endif
