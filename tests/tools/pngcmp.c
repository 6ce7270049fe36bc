/* Compare two PNG images pixel by pixel (libpng), optionally ignoring
 * rectangles, for golden screenshot tests.
 * usage: pngcmp GOT.png WANT.png [X0,Y0,X1,Y1 ...]   (X1/Y1 exclusive)
 * Exit 0 when equal outside the rectangles, 1 when not, 2 on errors. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>

struct image {
    png_image png;
    png_bytep px;
};

static int load(const char *path, struct image *im)
{
    im->png = (png_image){.version = PNG_IMAGE_VERSION};
    if (!png_image_begin_read_from_file(&im->png, path)) {
        fprintf(stderr, "pngcmp: %s: %s\n", path, im->png.message);
        return -1;
    }
    im->png.format = PNG_FORMAT_RGB;
    im->px = malloc(PNG_IMAGE_SIZE(im->png));
    if (!im->px || !png_image_finish_read(&im->png, NULL, im->px, 0, NULL)) {
        fprintf(stderr, "pngcmp: %s: cannot decode\n", path);
        return -1;
    }
    return 0;
}

static int ignored(unsigned x, unsigned y, int nrect, char **rects)
{
    for (int i = 0; i < nrect; i++) {
        unsigned x0, y0, x1, y1;
        if (sscanf(rects[i], "%u,%u,%u,%u", &x0, &y0, &x1, &y1) == 4 && x >= x0 && x < x1 &&
            y >= y0 && y < y1)
            return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct image a, b;
    if (argc < 3) {
        fprintf(stderr, "usage: pngcmp GOT.png WANT.png [X0,Y0,X1,Y1 ...]\n");
        return 2;
    }
    if (load(argv[1], &a) || load(argv[2], &b))
        return 2;
    if (a.png.width != b.png.width || a.png.height != b.png.height) {
        printf("size differs: %ux%u, expected %ux%u\n", a.png.width, a.png.height,
               b.png.width, b.png.height);
        return 1;
    }
    unsigned long diff = 0;
    for (unsigned y = 0; y < a.png.height; y++)
        for (unsigned x = 0; x < a.png.width; x++) {
            size_t i = ((size_t)y * a.png.width + x) * 3;
            if ((a.px[i] != b.px[i] || a.px[i + 1] != b.px[i + 1] || a.px[i + 2] != b.px[i + 2]) &&
                !ignored(x, y, argc - 3, argv + 3))
                diff++;
        }
    if (diff)
        printf("%lu pixels differ\n", diff);
    return diff != 0;
}
