/* Reading PNG files with libpng's simplified API: every colour type and
 * bit depth, interlaced or not, chunk CRCs checked. */
#include "video/png.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/dynlib.h"

/* libpng, opened with dlopen at the first PNG read (base/dynlib.c). */
/* clang-format off */
#define PNG_FUNCS(X)                                                                           \
    X(png_sig_cmp) X(png_image_begin_read_from_file) X(png_image_finish_read)                  \
    X(png_image_free)
/* clang-format on */

static struct {
    void *lib;
    PNG_FUNCS(DYNLIB_MEMBER)
} g_png;

static bool load_png(char *why, size_t cap)
{
#define PNG_SLOT_(name) (void **)&g_png.name,
    static const char *const names[] = {PNG_FUNCS(DYNLIB_NAME)};
    void **const fns[] = {PNG_FUNCS(PNG_SLOT_)};
#undef PNG_SLOT_
    return dynlib_load(&g_png.lib, UNIDOS_PNG_SONAME, names, fns, ARRAY_LEN(names), why, cap);
}

#define PNG_SIG_BYTES 8
#define PNG_MAX_SIDE 16384
#define RGBA_BYTES 4

/* -EINVAL with the reason in why. */
static int bad(char *why, size_t cap, const char *reason)
{
    snprintf(why, cap, "%s", reason);
    return -EINVAL;
}

/* The file starts with the PNG signature: -errno, or -EINVAL. */
static int check_signature(const char *path, char *why, size_t cap)
{
    uint8_t sig[PNG_SIG_BYTES];
    FILE *f = fopen(path, "rb");
    if (!f)
        return -errno;
    size_t n = fread(sig, 1, sizeof sig, f);
    fclose(f);
    if (n != sizeof sig || g_png.png_sig_cmp(sig, 0, sizeof sig))
        return bad(why, cap, "not a PNG file");
    return 0;
}

/* RGBA bytes into 0xAARRGGBB words. */
static uint32_t *to_argb(const uint8_t *rgba, size_t n)
{
    uint32_t *px = xreallocarray(NULL, n ? n : 1, sizeof *px);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = rgba + i * RGBA_BYTES;
        px[i] = (uint32_t)p[3] << 24 | (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
    }
    return px;
}

int vid_png_read(const char *path, uint32_t **px, unsigned *width, unsigned *height, char *why,
                 size_t why_cap)
{
    if (!load_png(why, why_cap))
        return -EINVAL;
    int rc = check_signature(path, why, why_cap);
    if (rc < 0)
        return rc;
    png_image im = {.version = PNG_IMAGE_VERSION};
    if (!g_png.png_image_begin_read_from_file(&im, path))
        return bad(why, why_cap, im.message);
    if (im.width > PNG_MAX_SIDE || im.height > PNG_MAX_SIDE) {
        g_png.png_image_free(&im);
        return bad(why, why_cap, "image too large");
    }
    im.format = PNG_FORMAT_RGBA;
    size_t n = (size_t)im.width * im.height;
    uint8_t *rgba = xmalloc(PNG_IMAGE_SIZE(im));
    if (!g_png.png_image_finish_read(&im, NULL, rgba, 0, NULL)) {
        free(rgba);
        return bad(why, why_cap, im.message);
    }
    *px = to_argb(rgba, n);
    *width = im.width;
    *height = im.height;
    free(rgba);
    return 0;
}
