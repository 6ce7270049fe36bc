/* PNG writer: signature, IHDR, one IDAT, IEND (PNG specification, ISO/IEC
 * 15948), pixel rows with filter type 0, deflated by zlib. */
#include "video/png.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "base/bytes.h"
#include "base/common.h"

#define PNG_COLOR_RGB 2
#define PNG_COLOR_RGBA 6
#define PNG_DEPTH 8
#define PNG_FILTER_NONE 0

/* Length, type, data, CRC over type and data. */
static void chunk(FILE *f, const char type[4], const uint8_t *data, uint32_t len)
{
    uint8_t hdr[8], crc_be[4];
    put_be32(hdr, len);
    for (int i = 0; i < 4; i++)
        hdr[4 + i] = (uint8_t)type[i];
    uLong crc = crc32(0, hdr + 4, 4);
    if (len)
        crc = crc32(crc, data, len);
    put_be32(crc_be, (uint32_t)crc);
    fwrite(hdr, 1, sizeof hdr, f);
    if (len)
        fwrite(data, 1, len, f);
    fwrite(crc_be, 1, sizeof crc_be, f);
}

/* Rows with their filter byte: RGB, or RGBA when alpha (from bits 24-31). */
static uint8_t *raw_rows(const uint32_t *px, unsigned w, unsigned h, unsigned pitch, bool alpha,
                         size_t *n)
{
    size_t row = 1 + (size_t)w * (alpha ? 4 : 3);
    uint8_t *raw = malloc(row * h), *p = raw;
    if (!raw)
        return NULL;
    for (unsigned y = 0; y < h; y++) {
        *p++ = PNG_FILTER_NONE;
        for (unsigned x = 0; x < w; x++) {
            uint32_t c = px[(size_t)y * pitch + x];
            *p++ = (uint8_t)(c >> 16);
            *p++ = (uint8_t)(c >> 8);
            *p++ = (uint8_t)c;
            if (alpha)
                *p++ = (uint8_t)(c >> 24);
        }
    }
    *n = row * h;
    return raw;
}

static int write_png(const char *path, const uint32_t *px, unsigned width, unsigned height,
                     unsigned pitch_px, bool alpha)
{
    static const uint8_t k_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    size_t raw_len = 0;
    uint8_t *raw = raw_rows(px, width, height, pitch_px, alpha, &raw_len);
    uLongf z_len = compressBound((uLong)raw_len);
    uint8_t *z = raw ? malloc(z_len) : NULL;
    if (!z || compress2(z, &z_len, raw, (uLong)raw_len, Z_BEST_COMPRESSION) != Z_OK) {
        free(raw);
        free(z);
        return -ENOMEM;
    }
    FILE *f = fopen(path, "wb");
    int rc = f ? 0 : -errno;
    if (f) {
        uint8_t ihdr[13] = {0};
        put_be32(ihdr, width);
        put_be32(ihdr + 4, height);
        ihdr[8] = PNG_DEPTH;
        ihdr[9] = alpha ? PNG_COLOR_RGBA : PNG_COLOR_RGB;
        fwrite(k_sig, 1, sizeof k_sig, f);
        chunk(f, "IHDR", ihdr, sizeof ihdr);
        chunk(f, "IDAT", z, (uint32_t)z_len);
        chunk(f, "IEND", NULL, 0);
        if (ferror(f) | (fclose(f) != 0))
            rc = -EIO;
    }
    free(raw);
    free(z);
    return rc;
}

int vid_png_write(const char *path, const uint32_t *px, unsigned width, unsigned height,
                  unsigned pitch_px)
{
    return write_png(path, px, width, height, pitch_px, false);
}

int vid_png_write_alpha(const char *path, const uint32_t *px, unsigned width, unsigned height)
{
    return write_png(path, px, width, height, width, true);
}
