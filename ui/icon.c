/* The icon as shapes in a unit square, sampled 4x4 per pixel so edges stay
 * smooth at every size: a warm grey monitor on a stand, its dark screen
 * showing a ">" prompt and a cursor, a green power light. */
#include "ui/icon.h"

#include <stdbool.h>

#include "base/common.h"

#define SUBSAMPLES 4 /* per pixel, in each direction */

struct shape_rect {
    double x0, y0, x1, y1, radius;
    uint32_t rgb;
};

/* Back to front. */
static const struct shape_rect k_rects[] = {
    {0.40, 0.74, 0.60, 0.88, 0.00, 0x8E8A80}, /* the stand's neck */
    {0.24, 0.85, 0.76, 0.94, 0.03, 0xA9A598}, /* its foot */
    {0.04, 0.06, 0.96, 0.80, 0.09, 0x77736A}, /* the bezel's edge */
    {0.06, 0.08, 0.94, 0.78, 0.08, 0xD9D4C7}, /* the bezel */
    {0.13, 0.15, 0.87, 0.66, 0.03, 0x0E1118}, /* the screen */
    {0.44, 0.49, 0.62, 0.56, 0.00, 0xF2F2F2}, /* the cursor */
};
#define PROMPT_RGB 0xB8C0C8
#define PROMPT_HALF_WIDTH 0.034
#define LED_RGB 0x35C24A
#define LED_X 0.83
#define LED_Y 0.72
#define LED_R 0.025

static bool in_rect(const struct shape_rect *r, double x, double y)
{
    if (x < r->x0 || x > r->x1 || y < r->y0 || y > r->y1)
        return false;
    double cx = MIN(MAX(x, r->x0 + r->radius), r->x1 - r->radius);
    double cy = MIN(MAX(y, r->y0 + r->radius), r->y1 - r->radius);
    return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r->radius * r->radius;
}

/* Distance from (x, y) to the segment (ax, ay)-(bx, by), squared. */
static double seg_dist2(double x, double y, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay;
    double t = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy);
    t = MIN(MAX(t, 0.0), 1.0);
    double px = ax + t * dx - x, py = ay + t * dy - y;
    return px * px + py * py;
}

/* The ">" of the prompt: two strokes meeting at its point. */
static bool in_prompt(double x, double y)
{
    double w2 = PROMPT_HALF_WIDTH * PROMPT_HALF_WIDTH;
    return seg_dist2(x, y, 0.22, 0.27, 0.35, 0.385) <= w2 ||
           seg_dist2(x, y, 0.35, 0.385, 0.22, 0.50) <= w2;
}

/* The colour at (x, y), or -1 where nothing is (transparent). */
static long sample(double x, double y)
{
    long rgb = -1;
    for (size_t i = 0; i < ARRAY_LEN(k_rects); i++)
        if (in_rect(&k_rects[i], x, y))
            rgb = k_rects[i].rgb;
    if (in_prompt(x, y))
        rgb = PROMPT_RGB;
    if ((x - LED_X) * (x - LED_X) + (y - LED_Y) * (y - LED_Y) <= LED_R * LED_R)
        rgb = LED_RGB;
    return rgb;
}

/* Average the covered subsamples' colours; alpha is the coverage. */
static uint32_t pixel(unsigned size, unsigned px, unsigned py)
{
    unsigned sum[3] = {0, 0, 0}, hits = 0;
    for (unsigned sy = 0; sy < SUBSAMPLES; sy++) {
        for (unsigned sx = 0; sx < SUBSAMPLES; sx++) {
            double x = (px + (sx + 0.5) / SUBSAMPLES) / size;
            double y = (py + (sy + 0.5) / SUBSAMPLES) / size;
            long rgb = sample(x, y);
            if (rgb < 0)
                continue;
            sum[0] += (unsigned)(rgb >> 16) & 0xFF;
            sum[1] += (unsigned)(rgb >> 8) & 0xFF;
            sum[2] += (unsigned)rgb & 0xFF;
            hits++;
        }
    }
    if (!hits)
        return 0;
    uint32_t a = hits * 255 / (SUBSAMPLES * SUBSAMPLES);
    return a << 24 | (sum[0] / hits) << 16 | (sum[1] / hits) << 8 | (sum[2] / hits);
}

void ui_icon_draw(unsigned size, uint32_t *px)
{
    for (unsigned y = 0; y < size; y++)
        for (unsigned x = 0; x < size; x++)
            px[(size_t)y * size + x] = pixel(size, x, y);
}
