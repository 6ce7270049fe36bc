/* PNG reader (PNG specification, ISO/IEC 15948): chunks, IHDR/PLTE/tRNS,
 * the zlib stream of the IDAT chunks, the five row filters, and every
 * colour type at every bit depth, except interlacing. */
#include "video/png.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/bytes.h"
#include "base/common.h"

#define PNG_SIG_BYTES 8
#define PNG_MAX_SIDE 16384
enum { PNG_GREY = 0, PNG_RGB = 2, PNG_PALETTE = 3, PNG_GREY_ALPHA = 4, PNG_RGBA = 6 };
enum { FILTER_NONE, FILTER_SUB, FILTER_UP, FILTER_AVERAGE, FILTER_PAETH };
#define OPAQUE 0xFF000000u

struct png {
    unsigned w, h, depth, type, channels;
    uint32_t pal[256];          /* 0xAARRGGBB */
    uint8_t *z;                 /* IDAT data */
    size_t zn;
    char *why;
    size_t why_cap;
};

static int bad(struct png *g, const char *what)
{
    snprintf(g->why, g->why_cap, "%s", what);
    return -EINVAL;
}

static int header(struct png *g, const uint8_t *d, uint32_t n)
{
    static const uint8_t k_channels[7] = {[PNG_GREY] = 1, [PNG_RGB] = 3, [PNG_PALETTE] = 1,
                                          [PNG_GREY_ALPHA] = 2, [PNG_RGBA] = 4};
    if (n != 13)
        return bad(g, "bad IHDR chunk");
    g->w = get_be32(d);
    g->h = get_be32(d + 4);
    g->depth = d[8];
    g->type = d[9];
    if (!g->w || !g->h || g->w > PNG_MAX_SIDE || g->h > PNG_MAX_SIDE || g->type > PNG_RGBA ||
        !k_channels[g->type] || (g->depth & (g->depth - 1)) || g->depth > 16)
        return bad(g, "unsupported PNG size, colour type or bit depth");
    if (d[12])
        return bad(g, "interlaced PNG files are not supported");
    g->channels = k_channels[g->type];
    for (unsigned i = 0; i < 256; i++)
        g->pal[i] = OPAQUE;
    return 0;
}

static int chunk(struct png *g, const char *type, const uint8_t *d, uint32_t n)
{
    if (!memcmp(type, "IHDR", 4))
        return header(g, d, n);
    if (!memcmp(type, "PLTE", 4)) {
        for (uint32_t i = 0; i < n / 3 && i < 256; i++)
            g->pal[i] = OPAQUE | (uint32_t)d[3 * i] << 16 | (uint32_t)d[3 * i + 1] << 8 |
                        d[3 * i + 2];
    } else if (!memcmp(type, "tRNS", 4) && g->type == PNG_PALETTE) {
        for (uint32_t i = 0; i < n && i < 256; i++)
            g->pal[i] = (g->pal[i] & ~OPAQUE) | (uint32_t)d[i] << 24;
    } else if (!memcmp(type, "IDAT", 4)) {
        uint8_t *z = realloc(g->z, g->zn + n + 1);
        if (!z)
            return -ENOMEM;
        memcpy(z + g->zn, d, n);
        g->z = z;
        g->zn += n;
    }
    return 0;
}

static int chunks(struct png *g, const uint8_t *f, size_t n)
{
    static const uint8_t k_sig[PNG_SIG_BYTES] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (n < PNG_SIG_BYTES || memcmp(f, k_sig, PNG_SIG_BYTES))
        return bad(g, "not a PNG file");
    for (size_t at = PNG_SIG_BYTES; at + 12 <= n;) {
        uint32_t len = get_be32(f + at);
        if (len > n - at - 12)
            return bad(g, "truncated PNG chunk");
        int rc = chunk(g, (const char *)f + at + 4, f + at + 8, len);
        if (rc < 0)
            return rc;
        if (!memcmp(f + at + 4, "IEND", 4))
            break;
        at += 12 + (size_t)len;
    }
    return g->w && g->zn ? 0 : bad(g, "PNG file without IHDR or IDAT");
}

static uint8_t paeth(uint8_t a, uint8_t b, uint8_t c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Undo the filter of one row in place; prev is the row above (zeros at top). */
static bool unfilter(uint8_t type, uint8_t *row, const uint8_t *prev, size_t n, size_t bpp)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t a = i >= bpp ? row[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
        switch (type) {
        case FILTER_NONE: break;
        case FILTER_SUB: row[i] = (uint8_t)(row[i] + a); break;
        case FILTER_UP: row[i] = (uint8_t)(row[i] + b); break;
        case FILTER_AVERAGE: row[i] = (uint8_t)(row[i] + (a + b) / 2); break;
        case FILTER_PAETH: row[i] = (uint8_t)(row[i] + paeth(a, b, c)); break;
        default: return false;
        }
    }
    return true;
}

/* Sample k of a row (the high byte of 16-bit samples, scaled up below 8). */
static uint8_t sample(const struct png *g, const uint8_t *row, size_t k, bool scale)
{
    if (g->depth == 16)
        return row[2 * k];
    if (g->depth == 8)
        return row[k];
    unsigned per = 8 / g->depth, shift = 8 - g->depth * (unsigned)(k % per + 1);
    unsigned v = row[k / per] >> shift & ((1u << g->depth) - 1);
    return (uint8_t)(scale ? v * 255 / ((1u << g->depth) - 1) : v);
}

static uint32_t pixel(const struct png *g, const uint8_t *row, unsigned x)
{
    size_t k = (size_t)x * g->channels;
    uint8_t v0 = sample(g, row, k, g->type != PNG_PALETTE);
    switch (g->type) {
    case PNG_PALETTE: return g->pal[v0];
    case PNG_GREY: return OPAQUE | v0 * 0x010101u;
    case PNG_GREY_ALPHA: return (uint32_t)sample(g, row, k + 1, true) << 24 | v0 * 0x010101u;
    default: {
        uint32_t a = g->type == PNG_RGBA ? (uint32_t)sample(g, row, k + 3, true) << 24 : OPAQUE;
        return a | (uint32_t)v0 << 16 | (uint32_t)sample(g, row, k + 1, true) << 8 |
               sample(g, row, k + 2, true);
    }
    }
}

static int decode(struct png *g, uint32_t *px)
{
    size_t bpp = MAX((size_t)1, (size_t)g->channels * g->depth / 8);
    size_t stride = ((size_t)g->w * g->channels * g->depth + 7) / 8;
    uLongf n = (uLongf)((stride + 1) * g->h);
    uint8_t *raw = malloc(n), *zero = xcalloc(1, stride);
    int rc = raw ? 0 : -ENOMEM;
    if (!rc && (uncompress(raw, &n, g->z, (uLong)g->zn) != Z_OK || n != (stride + 1) * g->h))
        rc = bad(g, "corrupt PNG image data");
    for (unsigned y = 0; !rc && y < g->h; y++) {
        uint8_t *row = raw + y * (stride + 1);
        if (!unfilter(row[0], row + 1, y ? row - stride : zero, stride, bpp))
            rc = bad(g, "bad PNG row filter");
        for (unsigned x = 0; !rc && x < g->w; x++)
            px[(size_t)y * g->w + x] = pixel(g, row + 1, x);
    }
    free(raw);
    free(zero);
    return rc;
}

static int read_all(const char *path, uint8_t **out, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -errno;
    uint8_t *d = NULL;
    size_t cap = 0;
    *n = 0;
    for (;;) {
        if (*n == cap && !(d = realloc(d, cap = cap ? cap * 2 : 65536)))
            die("out of memory");
        size_t k = fread(d + *n, 1, cap - *n, f);
        *n += k;
        if (!k)
            break;
    }
    int rc = ferror(f) ? -EIO : 0;
    fclose(f);
    *out = d;
    return rc;
}

int vid_png_read(const char *path, uint32_t **px, unsigned *width, unsigned *height,
                 char *why, size_t why_cap)
{
    struct png g = {.why = why, .why_cap = why_cap};
    uint8_t *f = NULL;
    size_t n = 0;
    int rc = read_all(path, &f, &n);
    if (rc == 0)
        rc = chunks(&g, f, n);
    uint32_t *p = rc ? NULL : malloc((size_t)g.w * g.h * sizeof *p);
    if (!rc && !p)
        rc = -ENOMEM;
    if (!rc)
        rc = decode(&g, p);
    free(f);
    free(g.z);
    if (rc) {
        free(p);
        return rc;
    }
    *px = p;
    *width = g.w;
    *height = g.h;
    return 0;
}
