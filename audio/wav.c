/* WAV writer: canonical 44-byte PCM header (Microsoft RIFF specification,
 * "WAVE form"), little-endian samples, sizes patched every second. */
#include "audio/wav.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/bytes.h"
#include "base/common.h"
#include "base/log.h"

#define WAV_HEADER_BYTES 44u
#define WAV_FMT_CHUNK_BYTES 16u
#define WAV_FORMAT_PCM 1u
#define WAV_BITS 16u
#define WAV_FRAME_BYTES (AUD_CHANNELS * WAV_BITS / 8)
#define WAV_MAX_DATA_BYTES (0xFFFFFFFFu - WAV_HEADER_BYTES)
#define WAV_PATCH_FRAMES AUD_RATE /* rewrite the sizes once a second */

struct wav {
    FILE *f;
    uint32_t data_bytes;
    uint32_t since_patch;
    bool full, failed;
};

static void header(uint8_t *h, uint32_t data_bytes)
{
    put_le32(h, 0x46464952u); /* "RIFF" */
    put_le32(h + 4, WAV_HEADER_BYTES - 8 + data_bytes);
    put_le32(h + 8, 0x45564157u);  /* "WAVE" */
    put_le32(h + 12, 0x20746D66u); /* "fmt " */
    put_le32(h + 16, WAV_FMT_CHUNK_BYTES);
    put_le16(h + 20, WAV_FORMAT_PCM);
    put_le16(h + 22, AUD_CHANNELS);
    put_le32(h + 24, AUD_RATE);
    put_le32(h + 28, AUD_RATE * WAV_FRAME_BYTES); /* bytes per second */
    put_le16(h + 32, WAV_FRAME_BYTES);            /* block align */
    put_le16(h + 34, WAV_BITS);
    put_le32(h + 36, 0x61746164u); /* "data" */
    put_le32(h + 40, data_bytes);
}

static void patch_header(struct wav *w)
{
    uint8_t h[WAV_HEADER_BYTES];
    long pos = ftell(w->f);
    header(h, w->data_bytes);
    if (pos < 0 || fseek(w->f, 0, SEEK_SET) || fwrite(h, sizeof h, 1, w->f) != 1 ||
        fseek(w->f, pos, SEEK_SET))
        w->failed = true;
    w->since_patch = 0;
}

static void wav_write(void *ctx, const int16_t *frames, size_t n)
{
    struct wav *w = ctx;
    uint8_t buf[512 * WAV_FRAME_BYTES];
    while (n && !w->failed) {
        size_t k = MIN(n, sizeof buf / WAV_FRAME_BYTES);
        if (w->data_bytes + k * WAV_FRAME_BYTES > WAV_MAX_DATA_BYTES) {
            if (!w->full)
                warn("--wav: the file reached the 4 GB WAV limit; recording stopped");
            w->full = true;
            return;
        }
        for (size_t i = 0; i < k * AUD_CHANNELS; i++)
            put_le16(buf + 2 * i, (uint16_t)frames[i]);
        if (fwrite(buf, WAV_FRAME_BYTES, k, w->f) != k)
            w->failed = true;
        w->data_bytes += (uint32_t)(k * WAV_FRAME_BYTES);
        w->since_patch += (uint32_t)k;
        frames += k * AUD_CHANNELS;
        n -= k;
    }
    if (w->since_patch >= WAV_PATCH_FRAMES)
        patch_header(w);
}

static void wav_close(void *ctx)
{
    struct wav *w = ctx;
    patch_header(w);
    if (fclose(w->f) || w->failed)
        warn("--wav: writing the sound file failed");
    free(w);
}

static const struct aud_sink_ops k_wav_ops = {wav_write, wav_close};

int aud_wav_open(const char *path, struct aud_sink *out)
{
    uint8_t h[WAV_HEADER_BYTES];
    FILE *f = fopen(path, "wb");
    if (!f)
        return -errno;
    header(h, 0);
    if (fwrite(h, sizeof h, 1, f) != 1) {
        int e = errno;
        fclose(f);
        return -e;
    }
    struct wav *w = xcalloc(1, sizeof *w);
    w->f = f;
    *out = (struct aud_sink){&k_wav_ops, w, false};
    return 0;
}
