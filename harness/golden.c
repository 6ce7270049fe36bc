/* Golden comparisons by kind: PNG pixels, WAV samples, text lines, bytes. */
#include "harness/golden.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness/files.h"
#include "harness/textdiff.h"
#include "base/bytes.h"
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

bool golden_rect_parse(const char *s, struct golden_rect *out)
{
    char extra;
    return sscanf(s, "%u,%u,%u,%u%c", &out->x0, &out->y0, &out->x1, &out->y1, &extra) == 4 &&
           out->x1 > out->x0 && out->y1 > out->y0;
}

static bool ignored(const struct golden_ignore *ig, unsigned x, unsigned y)
{
    for (size_t i = 0; ig && i < ig->n; i++) {
        const struct golden_rect *r = &ig->rects[i];
        if (x >= r->x0 && x < r->x1 && y >= r->y0 && y < r->y1)
            return true;
    }
    return false;
}

/* Does the pixel at x, y count as different? */
static bool differs(const struct image *a, const struct image *g,
                    const struct golden_ignore *ig, unsigned x, unsigned y)
{
    size_t i = (size_t)y * a->w + x;
    return a->px[i] != g->px[i] && !ignored(ig, x, y);
}

/* Differing pixels in red over a faded grey copy of the golden picture. */
static void diff_image(const struct image *a, const struct image *g,
                       const struct golden_ignore *ig, const char *path)
{
    uint32_t *d = xcalloc((size_t)a->w * a->h, sizeof *d);
    for (unsigned y = 0; y < a->h; y++)
        for (unsigned x = 0; x < a->w; x++) {
            size_t i = (size_t)y * a->w + x;
            uint32_t c = g->px[i];
            unsigned grey = (((c >> 16) & 255) + ((c >> 8) & 255) + (c & 255)) / 3;
            unsigned faded = 128 + grey / 4;
            d[i] = differs(a, g, ig, x, y) ? DIFF_RED : faded * 0x010101u;
        }
    vid_png_write(path, d, a->w, a->h, a->w);
    free(d);
}

/* Count the differing pixels and their bounding box. */
static void count_diff(const struct image *a, const struct image *g,
                       const struct golden_ignore *ig, struct golden_png_diff *d)
{
    d->x0 = a->w;
    d->y0 = a->h;
    for (unsigned y = 0; y < a->h; y++)
        for (unsigned x = 0; x < a->w; x++) {
            if (!differs(a, g, ig, x, y))
                continue;
            d->n++;
            d->x0 = MIN(d->x0, x);
            d->y0 = MIN(d->y0, y);
            d->x1 = MAX(d->x1, x);
            d->y1 = MAX(d->y1, y);
        }
}

int golden_png_compare(const char *actual, const char *golden,
                       const struct golden_ignore *ignore, const char *diff_path,
                       struct golden_png_diff *d, char *why, size_t cap)
{
    struct image a = {0}, g = {0};
    int rc = vid_png_read(actual, &a.px, &a.w, &a.h, why, cap);
    if (rc == 0)
        rc = vid_png_read(golden, &g.px, &g.w, &g.h, why, cap);
    if (rc < 0 && rc != -EINVAL)
        snprintf(why, cap, "%s", strerror(-rc));
    *d = (struct golden_png_diff){.w = a.w, .h = a.h, .golden_w = g.w, .golden_h = g.h};
    if (rc == 0 && a.w == g.w && a.h == g.h)
        count_diff(&a, &g, ignore, d);
    if (rc == 0 && d->n && diff_path)
        diff_image(&a, &g, ignore, diff_path);
    free(a.px);
    free(g.px);
    return rc;
}

static bool compare_png(struct report *r, const char *where, const char *actual,
                        const char *golden, const struct golden_ignore *ignore)
{
    char why[128] = "", dpath[PATH_MAX];
    struct golden_png_diff d;
    snprintf(dpath, sizeof dpath, "%.*s.diff.png", (int)(strlen(actual) - 4), actual);
    if (golden_png_compare(actual, golden, ignore, dpath, &d, why, sizeof why) < 0) {
        report_fail(r, "%s: cannot compare with %s: %s", where, golden, why);
        return false;
    }
    if (d.w != d.golden_w || d.h != d.golden_h) {
        report_fail(r, "%s: %ux%u pixels, the golden %s has %ux%u", where, d.w, d.h, golden,
                    d.golden_w, d.golden_h);
        return false;
    }
    if (d.n)
        report_fail(r,
                    "%s: %lu of %u pixels differ from %s, within x %u-%u, y %u-%u; "
                    "difference image: %s",
                    where, d.n, d.w * d.h, golden, d.x0, d.x1, d.y0, d.y1, dpath);
    return d.n == 0;
}

/* Same pixels (the bytes may differ: another zlib). */
static bool png_same(const char *actual, const char *golden, const struct golden_ignore *ignore)
{
    char why[128];
    struct golden_png_diff d;
    return golden_png_compare(actual, golden, ignore, NULL, &d, why, sizeof why) == 0 &&
           d.w == d.golden_w && d.h == d.golden_h && d.n == 0;
}

/* ---- sound ---- */

struct wav {
    const uint8_t *data;
    size_t n; /* bytes of samples */
    unsigned rate, channels, bits;
};

/* The fmt and data chunks of a RIFF/WAVE file. */
static bool wav_parse(const char *d, size_t n, struct wav *w)
{
    const uint8_t *p = (const uint8_t *)d;
    memset(w, 0, sizeof *w);
    if (n < WAV_HEADER_MIN || memcmp(p, "RIFF", 4) || memcmp(p + 8, "WAVE", 4))
        return false;
    for (size_t at = WAV_HEADER_MIN; at + 8 <= n;) {
        uint32_t len = get_le32(p + at + 4);
        size_t avail = MIN((size_t)len, n - at - 8);
        if (!memcmp(p + at, "fmt ", 4) && avail >= 16) {
            w->channels = get_le16(p + at + 10);
            w->rate = get_le32(p + at + 12);
            w->bits = get_le16(p + at + 22);
        } else if (!memcmp(p + at, "data", 4)) {
            w->data = p + at + 8;
            w->n = avail;
        }
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
    report_fail(r,
                "%s: differs from %s: %.3f s of sound against %.3f s; first different "
                "sample at %.3f s (frame %zu)",
                where, golden, (double)(a->n / frame) / a->rate,
                (double)(g->n / frame) / g->rate, (double)first / a->rate, first);
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
                  bool upd, const struct golden_ignore *ignore)
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
        ok = upd ? png_same(actual, golden, ignore)
                 : compare_png(r, where, actual, golden, ignore);
    else if (!same && have && !upd)
        compare_content(r, where, actual, golden, a, an, g, gn);
    if (!ok && upd)
        ok = update(r, where, actual, golden);
    else if (!have)
        report_fail(r, "%s: no golden file %s (run with --update to create it)", where, golden);
    free(a);
    free(g);
    return ok;
}
