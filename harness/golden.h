/* Golden files: compare what a run produced with what it should produce,
 * and explain a difference: a unified diff for text, a difference image
 * for PNG screenshots (pixels, not bytes: PNG encoders differ), the first
 * differing sample for WAV recordings, the first differing byte otherwise.
 * In update mode the produced file becomes the golden one instead. */
#ifndef UNIDOS_HARNESS_GOLDEN_H
#define UNIDOS_HARNESS_GOLDEN_H

#include <stdbool.h>
#include <stddef.h>

#include "harness/report.h"

/* A rectangle of a picture in pixels, x1 and y1 excluded. */
struct golden_rect {
    unsigned x0, y0, x1, y1;
};

/* Parse "X0,Y0,X1,Y1" (x1 > x0, y1 > y0). */
bool golden_rect_parse(const char *s, struct golden_rect *out);

/* What golden_check ignores: pixels of PNG pictures inside any of these. */
struct golden_ignore {
    const struct golden_rect *rects;
    size_t n;
};

/* where prefixes messages ("login.uds:12: screenshot menu.png"). A PNG
 * difference image is written next to actual as NAME.diff.png. ignore may
 * be NULL. Returns true when they match (or golden was updated). */
bool golden_check(struct report *r, const char *where, const char *actual, const char *golden,
                  bool update, const struct golden_ignore *ignore);

/* How two pictures differ outside the ignored rectangles. */
struct golden_png_diff {
    unsigned w, h;               /* the actual picture */
    unsigned golden_w, golden_h; /* a size difference ends the comparison */
    unsigned long n;             /* differing pixels */
    unsigned x0, y0, x1, y1;     /* their bounding box, bounds included, when n > 0 */
};

/* Compare the pixels of two PNG files. When pixels differ and diff_path is
 * set, a difference image is written there (changes in red over the faded
 * golden picture). Returns 0 (d filled), or -errno / -EINVAL with why set
 * when a file cannot be read. */
int golden_png_compare(const char *actual, const char *golden,
                       const struct golden_ignore *ignore, const char *diff_path,
                       struct golden_png_diff *d, char *why, size_t cap);

#endif
