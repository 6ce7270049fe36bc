/* Golden comparisons by kind: PNG pixels, WAV samples, text lines, bytes. */
#include "harness/golden.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness/files.h"
#include "harness/textdiff.h"
#include "base/common.h"
#include "video/png.h"

#define DIFF_MAX_LINES 60
#define DIFF_RED 0xFF0000u
#define WAV_HEADER_MIN 12

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcasecmp(s + n - k, suffix);
}

/* ---- images ---- */

struct image {
    uint32_t *px;
    unsigned w, h;
};

/* Differing pixels in red over a faded grey copy of the golden picture. */
static void diff_image(const struct image *a, const struct image *g, const char *path)
{
    uint32_t *d = xcalloc((size_t)a->w * a->h, sizeof *d);
    for (size_t i = 0; i < (size_t)a->w * a->h; i++) {
        uint32_t c = g->px[i];
        unsigned grey = (((c >> 16) & 255) + ((c >> 8) & 255) + (c & 255)) / 3;
        unsigned faded = 128 + grey / 4;
        d[i] = a->px[i] == g->px[i] ? faded * 0x010101u : DIFF_RED;
    }
    vid_png_write(path, d, a->w, a->h, a->w);
    free(d);
}

static bool compare_png(struct report *r, const char *where, const char *actual,
                        const char *golden)
{
    struct image a = {0}, g = {0};
    char why[128] = "";
    if (vid_png_read(actual, &a.px, &a.w, &a.h, why, sizeof why) < 0 ||
        vid_png_read(golden, &g.px, &g.w, &g.h, why, sizeof why) < 0) {
        report_fail(r, "%s: cannot compare with %s: %s", where, golden, why);
        free(a.px);
        return false;
    }
    bool ok = a.w == g.w && a.h == g.h;
    if (!ok) {
        report_fail(r, "%s: %ux%u pixels, the golden %s has %ux%u", where, a.w, a.h, golden,
                    g.w, g.h);
    } else {
        unsigned n = 0, x0 = a.w, y0 = a.h, x1 = 0, y1 = 0;
        for (unsigned y = 0; y < a.h; y++)
            for (unsigned x = 0; x < a.w; x++)
                if (a.px[(size_t)y * a.w + x] != g.px[(size_t)y * a.w + x]) {
                    n++, x0 = MIN(x0, x), y0 = MIN(y0, y), x1 = MAX(x1, x), y1 = MAX(y1, y);
                }
        ok = n == 0;
        if (!ok) {
            char dpath[PATH_MAX];
            snprintf(dpath, sizeof dpath, "%.*s.diff.png", (int)(strlen(actual) - 4), actual);
            diff_image(&a, &g, dpath);
            report_fail(r, "%s: %u of %u pixels differ from %s, within x %u-%u, y %u-%u; "
                        "difference image: %s", where, n, a.w * a.h, golden, x0, x1, y0, y1,
                        dpath);
        }
    }
    free(a.px), free(g.px);
    return ok;
}

/* Same pixels (the bytes may differ: another zlib). */
static bool png_same(const char *actual, const char *golden)
{
    struct image a = {0}, g = {0};
    char why[128];
    bool same = vid_png_read(actual, &a.px, &a.w, &a.h, why, sizeof why) == 0 &&
                vid_png_read(golden, &g.px, &g.w, &g.h, why, sizeof why) == 0 && a.w == g.w &&
                a.h == g.h && !memcmp(a.px, g.px, (size_t)a.w * a.h * sizeof *a.px);
    free(a.px), free(g.px);
    return same;
}

/* ---- sound ---- */

struct wav {
    const uint8_t *data;
    size_t n;                   /* bytes of samples */
    unsigned rate, channels, bits;
};

static unsigned le16(const uint8_t *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static uint32_t le32(const uint8_t *p) { return le16(p) | (uint32_t)le16(p + 2) << 16; }

/* The fmt and data chunks of a RIFF/WAVE file. */
static bool wav_parse(const char *d, size_t n, struct wav *w)
{
    const uint8_t *p = (const uint8_t *)d;
    memset(w, 0, sizeof *w);
    if (n < WAV_HEADER_MIN || memcmp(p, "RIFF", 4) || memcmp(p + 8, "WAVE", 4))
        return false;
    for (size_t at = WAV_HEADER_MIN; at + 8 <= n;) {
        uint32_t len = le32(p + at + 4);
        size_t avail = MIN((size_t)len, n - at - 8);
        if (!memcmp(p + at, "fmt ", 4) && avail >= 16)
            w->channels = le16(p + at + 10), w->rate = le32(p + at + 12),
            w->bits = le16(p + at + 22);
        else if (!memcmp(p + at, "data", 4))
            w->data = p + at + 8, w->n = avail;
        at += 8 + (size_t)len + (len & 1);
    }
    return w->data && w->rate && w->channels && w->bits;
}

static void compare_wav(struct report *r, const char *where, const char *golden,
                        const struct wav *a, const struct wav *g)
{
    if (a->rate != g->rate || a->channels != g->channels || a->bits != g->bits) {
        report_fail(r, "%s: %u Hz, %u channels, %u bits; the golden %s has %u Hz, %u, %u",
                    where, a->rate, a->channels, a->bits, golden, g->rate, g->channels,
                    g->bits);
        return;
    }
    size_t frame = (size_t)a->channels * a->bits / 8, common = MIN(a->n, g->n) / frame;
    size_t first = common;
    for (size_t i = 0; i < common && first == common; i++)
        if (memcmp(a->data + i * frame, g->data + i * frame, frame))
            first = i;
    report_fail(r, "%s: differs from %s: %.3f s of sound against %.3f s; first different "
                "sample at %.3f s (frame %zu)", where, golden,
                (double)(a->n / frame) / a->rate, (double)(g->n / frame) / g->rate,
                (double)first / a->rate, first);
}

/* ---- text and bytes ---- */

static bool is_text(const char *d, size_t n)
{
    return memchr(d, 0, n) == NULL;
}

static void compare_bytes(struct report *r, const char *where, const char *golden,
                          const char *a, size_t an, const char *g, size_t gn)
{
    size_t i = 0;
    while (i < an && i < gn && a[i] == g[i])
        i++;
    report_fail(r, "%s: differs from %s at byte %zu (%zu bytes against %zu)", where, golden, i,
                an, gn);
}

static void compare_content(struct report *r, const char *where, const char *actual,
                            const char *golden, const char *a, size_t an, const char *g,
                            size_t gn)
{
    struct wav wa, wg;
    if (ends_with(actual, ".wav") && wav_parse(a, an, &wa) && wav_parse(g, gn, &wg)) {
        compare_wav(r, where, golden, &wa, &wg);
    } else if (is_text(a, an) && is_text(g, gn)) {
        char *diff = text_diff(g, gn, a, an, golden, actual, DIFF_MAX_LINES);
        report_fail(r, "%s: differs from %s", where, golden);
        report_detail(r, diff);
        free(diff);
    } else {
        compare_bytes(r, where, golden, a, an, g, gn);
    }
}

static bool update(struct report *r, const char *where, const char *actual, const char *golden)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", golden);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = 0;
        files_mkdirs(dir);
    }
    int rc = files_copy(actual, golden);
    if (rc < 0) {
        report_fail(r, "%s: cannot write %s: %s", where, golden, strerror(-rc));
        return false;
    }
    report_updated(r, golden);
    return true;
}

bool golden_check(struct report *r, const char *where, const char *actual, const char *golden,
                  bool upd)
{
    char *a = NULL, *g = NULL;
    size_t an = 0, gn = 0;
    int rc = files_read(actual, &a, &an);
    if (rc < 0) {
        report_fail(r, "%s: %s: %s", where, actual, strerror(-rc));
        return false;
    }
    bool have = files_read(golden, &g, &gn) == 0;
    bool same = have && an == gn && !memcmp(a, g, an);
    bool ok = same;
    if (!same && have && ends_with(actual, ".png"))
        ok = upd ? png_same(actual, golden) : compare_png(r, where, actual, golden);
    else if (!same && have && !upd)
        compare_content(r, where, actual, golden, a, an, g, gn);
    if (!ok && upd)
        ok = update(r, where, actual, golden);
    else if (!have)
        report_fail(r, "%s: no golden file %s (run with --update to create it)", where, golden);
    free(a), free(g);
    return ok;
}
