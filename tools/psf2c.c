/* Build-time font converter: reads 8-pixel-wide PC screen fonts (PSF1 or
 * PSF2, gzip-compressed as Debian ships them in /usr/share/consolefonts)
 * and writes a C array of 256 glyphs in code page 437 order.
 *
 * usage: psf2c NAME HEIGHT OUT.c BASE.psf.gz [DST=FILE.psf.gz:SRC ...]
 * BASE supplies glyphs 0-255 in place; each DST=FILE:SRC (hex code
 * points) replaces glyph DST by glyph SRC of another font, for code pages
 * that differ from 437 in a few positions. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/bytes.h"

#define PSF1_MAGIC0 0x36
#define PSF1_MAGIC1 0x04
#define PSF1_MODE512 0x01
#define PSF1_HEADER_BYTES 4
#define PSF2_MAGIC 0x864AB572u
#define PSF2_HEADER_MIN 32
#define GLYPHS 256
#define MAX_FONT_BYTES (1u << 20)

struct font {
    unsigned height, count, bytes_per_glyph;
    uint8_t *glyphs;
};

static void fail(const char *fmt, const char *arg)
{
    fprintf(stderr, "psf2c: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    exit(1);
}

static size_t slurp(const char *path, uint8_t *buf, size_t cap)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        fail("cannot open %s (install Debian's console-data: make deps)", path);
    int n = gzread(f, buf, (unsigned)cap);
    gzclose(f);
    if (n <= 0)
        fail("cannot read %s", path);
    return (size_t)n;
}

/* Parse the header; the glyph bitmaps stay in the file buffer. */
static void parse(const char *path, uint8_t *d, size_t n, struct font *f)
{
    if (n >= PSF1_HEADER_BYTES && d[0] == PSF1_MAGIC0 && d[1] == PSF1_MAGIC1) {
        f->height = d[3];
        f->bytes_per_glyph = d[3];
        f->count = (d[2] & PSF1_MODE512) ? 512 : 256;
        f->glyphs = d + PSF1_HEADER_BYTES;
    } else if (n >= PSF2_HEADER_MIN && get_le32(d) == PSF2_MAGIC) {
        uint32_t hdr = get_le32(d + 8), count = get_le32(d + 16), bpg = get_le32(d + 20);
        uint32_t height = get_le32(d + 24), width = get_le32(d + 28);
        if (width != 8 || hdr > n)
            fail("%s: only 8-pixel-wide fonts are supported", path);
        f->height = height;
        f->bytes_per_glyph = bpg;
        f->count = count;
        f->glyphs = d + hdr;
    } else {
        fail("%s: not a PSF font", path);
    }
    if ((size_t)(f->glyphs - d) + (size_t)f->count * f->bytes_per_glyph > n || f->count < GLYPHS)
        fail("%s: truncated font", path);
}

static void load(const char *path, struct font *f)
{
    uint8_t *buf = malloc(MAX_FONT_BYTES);
    if (!buf)
        fail("%s", strerror(errno));
    parse(path, buf, slurp(path, buf, MAX_FONT_BYTES), f);
}

/* DST=FILE:SRC: copy glyph SRC of FILE over glyph DST of out. */
static void override(const char *spec, uint8_t *out, unsigned height)
{
    char path[4096];
    unsigned dst, src;
    const char *eq = strchr(spec, '='), *colon = strrchr(spec, ':');
    if (!eq || !colon || colon < eq || (size_t)(colon - eq - 1) >= sizeof path ||
        sscanf(spec, "%x=", &dst) != 1 || sscanf(colon + 1, "%x", &src) != 1 || dst >= GLYPHS ||
        src >= GLYPHS)
        fail("bad glyph override '%s' (expected DST=FILE:SRC in hex)", spec);
    memcpy(path, eq + 1, (size_t)(colon - eq - 1));
    path[colon - eq - 1] = 0;
    struct font f;
    load(path, &f);
    if (f.height != height)
        fail("%s: glyph height differs from the base font", path);
    memcpy(out + dst * height, f.glyphs + src * f.bytes_per_glyph, height);
}

static void emit(FILE *o, const char *name, const uint8_t *g, unsigned height, char **src, int nsrc)
{
    fprintf(o, "/* Generated at build time by tools/psf2c from");
    for (int i = 0; i < nsrc; i++)
        fprintf(o, " %s", src[i]);
    fprintf(o, ". Do not edit. */\n#include \"video/font.h\"\n\n");
    fprintf(o, "const uint8_t %s[256 * %u] = {\n", name, height);
    for (unsigned c = 0; c < GLYPHS; c++) {
        fprintf(o, "   ");
        for (unsigned r = 0; r < height; r++)
            fprintf(o, " 0x%02X,", g[c * height + r]);
        fprintf(o, " /* %02X */\n", c);
    }
    fprintf(o, "};\n");
}

int main(int argc, char **argv)
{
    if (argc < 5)
        fail("%s", "usage: psf2c NAME HEIGHT OUT.c BASE.psf.gz [DST=FILE.psf.gz:SRC ...]");
    unsigned height = (unsigned)atoi(argv[2]);
    struct font base;
    load(argv[4], &base);
    if (base.height != height)
        fail("%s: glyph height differs from the one asked for", argv[4]);
    uint8_t *out = calloc(GLYPHS, height);
    for (unsigned c = 0; c < GLYPHS; c++)
        memcpy(out + c * height, base.glyphs + c * base.bytes_per_glyph, height);
    for (int i = 5; i < argc; i++)
        override(argv[i], out, height);
    FILE *o = fopen(argv[3], "w");
    if (!o)
        fail("cannot write %s", argv[3]);
    emit(o, argv[1], out, height, argv + 4, argc - 4);
    if (fclose(o) != 0)
        fail("cannot write %s", argv[3]);
    return 0;
}
