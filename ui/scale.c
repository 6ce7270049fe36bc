/* Placement of the picture in the window. */
#include "ui/scale.h"

#include "base/common.h"

#define ASPECT_W 4
#define ASPECT_H 3
#define FIRST_HEIGHT_NUM 2 /* the first window: 2/3 of the desktop's height */
#define FIRST_HEIGHT_DEN 3
#define FIRST_WIDTH_PCT 90
#define FIRST_MIN_W 640
#define FIRST_MIN_H 480

/* The largest w x h of shape sw:sh inside ow x oh. */
static void fit(long sw, long sh, int ow, int oh, int *w, int *h)
{
    if ((long)ow * sh <= (long)oh * sw) {
        *w = ow;
        *h = (int)(ow * sh / sw);
    } else {
        *h = oh;
        *w = (int)(oh * sw / sh);
    }
}

struct ui_rect ui_place(enum ui_scale scale, bool aspect, unsigned fw, unsigned fh, int ow,
                        int oh)
{
    long sw = aspect ? ASPECT_W : (long)fw, sh = aspect ? ASPECT_H : (long)fh;
    int w = ow, h = oh;
    if (!fw || !fh || ow <= 0 || oh <= 0)
        return (struct ui_rect){0, 0, MAX(ow, 0), MAX(oh, 0)};
    if (scale == UI_SCALE_INTEGER) {
        long pw = fw, ph = aspect ? (long)fw * ASPECT_H / ASPECT_W : (long)fh;
        long k = MIN(ow / pw, oh / ph);
        if (k >= 1) {
            w = (int)(k * pw);
            h = (int)(k * ph);
        } else {
            fit(sw, sh, ow, oh, &w, &h);
        }
    } else if (scale == UI_SCALE_FIT) {
        fit(sw, sh, ow, oh, &w, &h);
    }
    w = MAX(w, 1);
    h = MAX(h, 1);
    return (struct ui_rect){(ow - w) / 2, (oh - h) / 2, w, h};
}

void ui_prescale(unsigned fw, unsigned fh, int dw, int dh, unsigned *kx, unsigned *ky)
{
    *kx = fw && dw > 0 ? MAX((unsigned)dw / fw, 1u) : 1u;
    *ky = fh && dh > 0 ? MAX((unsigned)dh / fh, 1u) : 1u;
}

void ui_first_window(int dw, int dh, int *w, int *h)
{
    int hh = dh * FIRST_HEIGHT_NUM / FIRST_HEIGHT_DEN, ww = hh * ASPECT_W / ASPECT_H;
    if (ww > dw * FIRST_WIDTH_PCT / 100) {
        ww = dw * FIRST_WIDTH_PCT / 100;
        hh = ww * ASPECT_H / ASPECT_W;
    }
    *w = MAX(ww, FIRST_MIN_W);
    *h = MAX(hh, FIRST_MIN_H);
}
