/* Where the picture goes in a window: the scaling (--scale), the 4:3
 * correction (--aspect), the prescale of the sharp filter (--filter) and
 * the first window's size. Pure arithmetic, no SDL. */
#ifndef UNIDOS_UI_SCALE_H
#define UNIDOS_UI_SCALE_H

#include <stdbool.h>

enum ui_scale {
    UI_SCALE_INTEGER, /* the largest whole multiple that fits */
    UI_SCALE_FIT,     /* the largest size with the picture's shape */
    UI_SCALE_STRETCH, /* the whole window */
};
enum ui_filter {
    UI_FILTER_NEAREST, /* blocky: each pixel a rectangle */
    UI_FILTER_SHARP,   /* nearest to a whole multiple, then linear to the size */
    UI_FILTER_LINEAR,  /* smooth */
};

struct ui_rect {
    int x, y, w, h;
};

/* The picture of a fw x fh frame in an ow x oh window. With aspect, every
 * mode fills a 4:3 screen as on a VGA monitor (320x200 shows as 320x240);
 * without, pixels are square. Integer scaling takes whole multiples of the
 * frame's width (and of its height too without aspect), and fits when not
 * even one fits. Centred; never empty while the window is not. */
struct ui_rect ui_place(enum ui_scale scale, bool aspect, unsigned fw, unsigned fh, int ow,
                        int oh);

/* The sharp filter's whole multiples of a fw x fh frame for a picture of
 * dw x dh: the largest not above it in each direction, at least 1. */
void ui_prescale(unsigned fw, unsigned fh, int dw, int dh, unsigned *kx, unsigned *ky);

/* The first window on a dw x dh desktop: 4:3, two thirds of its height
 * (at most 90 % of its width), at least 640x480. */
void ui_first_window(int dw, int dh, int *w, int *h);

#endif
