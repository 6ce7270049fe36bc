/* Audio files of CD images, decoded to 44.1 kHz stereo 16-bit samples:
 * WAV, FLAC, Ogg Vorbis and AIFF through libsndfile, MP3 through
 * libmpg123. A file is read at any sample position; reading on from where
 * the last read ended does not seek.
 * Both libraries are opened with dlopen when a first audio file is: they
 * and their codecs are ten shared libraries, about 0.5 ms of every start
 * that runs with no CD audio. */
#include "fs/cd_impl.h"

#include <errno.h>
#include <mpg123.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/common.h"
#include "base/dynlib.h"
#include "base/doserr.h"
#include "base/log.h"

/* clang-format off */
#define SND_FUNCS(X)                                                                           \
    X(sf_open_fd) X(sf_strerror) X(sf_seek) X(sf_readf_short) X(sf_close)
#define MPG_FUNCS(X)                                                                           \
    X(mpg123_new) X(mpg123_format_none) X(mpg123_format) X(mpg123_open_fd) X(mpg123_scan)      \
    X(mpg123_strerror) X(mpg123_plain_strerror) X(mpg123_length) X(mpg123_seek)                \
    X(mpg123_read) X(mpg123_close) X(mpg123_delete)
/* clang-format on */

static struct {
    void *lib;
    SND_FUNCS(DYNLIB_MEMBER)
} g_snd;
static struct {
    void *lib;
    MPG_FUNCS(DYNLIB_MEMBER)
} g_mpg;

#define SNDFILE_SONAME "libsndfile.so.1"
#define MPG123_SONAME "libmpg123.so.0"
#define MONO_CHUNK 1024u
#define MP3_PREROLL (10u * 1152u) /* samples: ten MPEG frames */

struct cd_afile {
    SNDFILE *sf;
    mpg123_handle *mh;
    int mp3_fd; /* the MP3 decoder's file (libsndfile closes its own) */
    int channels;
    uint64_t frames;
    uint64_t pos;  /* the decoder's position */
    int16_t *mono; /* a mono file's samples before doubling */
};

static bool load_snd(char *why, size_t cap)
{
#define SND_SLOT_(name) (void **)&g_snd.name,
    static const char *const names[] = {SND_FUNCS(DYNLIB_NAME)};
    void **const fns[] = {SND_FUNCS(SND_SLOT_)};
#undef SND_SLOT_
    return dynlib_load(&g_snd.lib, SNDFILE_SONAME, names, fns, ARRAY_LEN(names), why, cap);
}

static bool load_mpg(char *why, size_t cap)
{
#define MPG_SLOT_(name) (void **)&g_mpg.name,
    static const char *const names[] = {MPG_FUNCS(DYNLIB_NAME)};
    void **const fns[] = {MPG_FUNCS(MPG_SLOT_)};
#undef MPG_SLOT_
    return dynlib_load(&g_mpg.lib, MPG123_SONAME, names, fns, ARRAY_LEN(names), why, cap);
}

static bool is_mp3(int fd, const char *path)
{
    uint8_t h[3] = {0};
    if (pread(fd, h, sizeof h, 0) == (ssize_t)sizeof h &&
        (!memcmp(h, "ID3", 3) || (h[0] == 0xFF && (h[1] & 0xE0) == 0xE0)))
        return true;
    size_t n = strlen(path);
    return n > 4 && !strcasecmp(path + n - 4, ".mp3");
}

static int open_mp3(struct cd_afile *a, int fd, const char *path, char *why, size_t cap)
{
    int err = MPG123_OK;
    a->mp3_fd = fd;
    if (!load_mpg(why, cap))
        return -DOSERR_INVALID_DATA;
    a->mh = g_mpg.mpg123_new(NULL, &err);
    if (!a->mh || g_mpg.mpg123_format_none(a->mh) != MPG123_OK ||
        g_mpg.mpg123_format(a->mh, FS_CD_SAMPLE_RATE, MPG123_STEREO, MPG123_ENC_SIGNED_16) !=
            MPG123_OK ||
        g_mpg.mpg123_open_fd(a->mh, fd) != MPG123_OK || g_mpg.mpg123_scan(a->mh) != MPG123_OK) {
        snprintf(why, cap, "%s: not an MP3 file at 44100 Hz (%s)", path,
                 a->mh ? g_mpg.mpg123_strerror(a->mh) : g_mpg.mpg123_plain_strerror(err));
        return -DOSERR_INVALID_DATA;
    }
    off_t len = g_mpg.mpg123_length(a->mh);
    a->frames = len > 0 ? (uint64_t)len : 0;
    a->channels = 2;
    return 0;
}

static int open_sndfile(struct cd_afile *a, int fd, const char *path, char *why, size_t cap)
{
    SF_INFO info = {0};
    if (!load_snd(why, cap)) {
        close(fd);
        return -DOSERR_INVALID_DATA;
    }
    a->sf = g_snd.sf_open_fd(fd, SFM_READ, &info, SF_TRUE);
    if (!a->sf) {
        close(fd);
        snprintf(why, cap, "%s: %s", path, g_snd.sf_strerror(NULL));
        return -DOSERR_INVALID_DATA;
    }
    if (info.samplerate != (int)FS_CD_SAMPLE_RATE || info.channels < 1 || info.channels > 2) {
        snprintf(why, cap, "%s: %d Hz, %d channels (CD audio needs 44100 Hz, mono or stereo)",
                 path, info.samplerate, info.channels);
        return -DOSERR_INVALID_DATA;
    }
    a->channels = info.channels;
    a->frames = info.frames > 0 ? (uint64_t)info.frames : 0;
    if (a->channels == 1)
        a->mono = xmalloc(MONO_CHUNK * sizeof *a->mono);
    return 0;
}

/* The file is opened once, as a regular file without moving its access
 * time (a CD image is a read-only mount), and the decoders read it
 * through that descriptor. */
int cd_afile_open(const char *path, struct cd_afile **out, char *why, size_t cap)
{
    int fd = open_regular(path);
    if (fd < 0) {
        snprintf(why, cap, "%s: %s", path,
                 errno == EINVAL ? "not a regular file" : strerror(errno));
        return -DOSERR_ACCESS_DENIED;
    }
    struct cd_afile *a = xcalloc(1, sizeof *a);
    a->mp3_fd = -1;
    int rc = is_mp3(fd, path) ? open_mp3(a, fd, path, why, cap)
                              : open_sndfile(a, fd, path, why, cap);
    if (rc < 0) {
        cd_afile_close(a);
        return rc;
    }
    LOG(LOG_FS, "%s: %llu samples of audio", path, (unsigned long long)a->frames);
    *out = a;
    return 0;
}

uint64_t cd_afile_frames(const struct cd_afile *a)
{
    return a->frames;
}

static uint32_t decode(struct cd_afile *a, int16_t *out, uint32_t n);

/* An MP3 decoder needs the frames before a place (the bit reservoir):
 * it seeks MP3_PREROLL samples early and decodes up to the place. */
static int seek_mp3(struct cd_afile *a, uint64_t frame)
{
    int16_t skip[MONO_CHUNK * 2];
    uint64_t from = frame > MP3_PREROLL ? frame - MP3_PREROLL : 0;
    off_t r = g_mpg.mpg123_seek(a->mh, (off_t)from, SEEK_SET);
    if (r < 0)
        return -DOSERR_SEEK_ERROR;
    a->pos = (uint64_t)r;
    while (a->pos < frame) {
        uint32_t got = decode(a, skip, (uint32_t)MIN(frame - a->pos, (uint64_t)MONO_CHUNK));
        if (!got)
            return -DOSERR_SEEK_ERROR;
        a->pos += got;
    }
    return 0;
}

static int seek(struct cd_afile *a, uint64_t frame)
{
    if (frame == a->pos)
        return 0;
    if (a->mh)
        return seek_mp3(a, frame);
    if (g_snd.sf_seek(a->sf, (sf_count_t)frame, SEEK_SET) < 0)
        return -DOSERR_SEEK_ERROR;
    a->pos = frame;
    return 0;
}

/* Up to n frames from the decoder at its position; returns the count. */
static uint32_t decode(struct cd_afile *a, int16_t *out, uint32_t n)
{
    if (a->mh) {
        size_t got = 0;
        int rc = MPG123_NEW_FORMAT;
        for (int tries = 0; rc == MPG123_NEW_FORMAT && !got && tries < 4; tries++)
            rc = g_mpg.mpg123_read(a->mh, (unsigned char *)out, (size_t)n * 4, &got);
        return (uint32_t)(got / 4); /* after a seek the first read tells the format */
    }
    if (a->channels == 2) {
        sf_count_t got = g_snd.sf_readf_short(a->sf, out, n);
        return got > 0 ? (uint32_t)got : 0;
    }
    sf_count_t got = g_snd.sf_readf_short(a->sf, a->mono, MIN(n, MONO_CHUNK));
    for (sf_count_t i = 0; i < got; i++) {
        out[2 * i] = a->mono[i];
        out[2 * i + 1] = a->mono[i];
    }
    return got > 0 ? (uint32_t)got : 0;
}

int cd_afile_read(struct cd_afile *a, uint64_t frame, int16_t *out, uint32_t n)
{
    memset(out, 0, (size_t)n * 2 * sizeof *out);
    if (frame >= a->frames)
        return 0;
    n = (uint32_t)MIN((uint64_t)n, a->frames - frame);
    int rc = seek(a, frame);
    if (rc < 0)
        return rc;
    uint32_t done = 0;
    while (done < n) {
        uint32_t got = decode(a, out + 2 * (size_t)done, n - done);
        if (!got)
            break;
        done += got;
        a->pos += got;
    }
    return 0;
}

void cd_afile_close(struct cd_afile *a)
{
    if (!a)
        return;
    if (a->sf)
        g_snd.sf_close(a->sf);
    if (a->mh) {
        g_mpg.mpg123_close(a->mh);
        g_mpg.mpg123_delete(a->mh);
    }
    if (a->mp3_fd >= 0)
        close(a->mp3_fd);
    free(a->mono);
    free(a);
}
