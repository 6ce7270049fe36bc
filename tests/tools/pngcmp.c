/* Compare two PNG pictures pixel by pixel with the comparator of golden
 * files (harness/golden.c), optionally ignoring rectangles.
 * usage: pngcmp GOT.png WANT.png [X0,Y0,X1,Y1 ...]   (X1/Y1 exclusive)
 * Exit 0 when equal outside the rectangles, 1 when not, 2 on errors. */
#include <stdio.h>
#include <stdlib.h>

#include "base/common.h"
#include "harness/golden.h"

#define MAX_RECTS 16

int main(int argc, char **argv)
{
    struct golden_rect rects[MAX_RECTS];
    struct golden_ignore ignore = {.rects = rects, .n = 0};
    struct golden_png_diff d;
    char why[128];
    if (argc < 3 || argc - 3 > MAX_RECTS) {
        fprintf(stderr, "usage: pngcmp GOT.png WANT.png [X0,Y0,X1,Y1 ...]\n");
        return 2;
    }
    for (int i = 3; i < argc; i++)
        if (!golden_rect_parse(argv[i], &rects[ignore.n++])) {
            fprintf(stderr, "pngcmp: bad rectangle '%s' (expected X0,Y0,X1,Y1)\n", argv[i]);
            return 2;
        }
    if (golden_png_compare(argv[1], argv[2], &ignore, NULL, &d, why, sizeof why) < 0) {
        fprintf(stderr, "pngcmp: %s\n", why);
        return 2;
    }
    if (d.w != d.golden_w || d.h != d.golden_h) {
        printf("size differs: %ux%u, expected %ux%u\n", d.w, d.h, d.golden_w, d.golden_h);
        return 1;
    }
    if (d.n)
        printf("%lu pixels differ, within x %u-%u, y %u-%u\n", d.n, d.x0, d.x1, d.y0, d.y1);
    return d.n != 0;
}
