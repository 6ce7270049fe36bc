/* mkicon DIR SIZE...: write unidos' icon (ui/icon.c) as DIR/unidos-SIZE.png. */
#include <stdio.h>
#include <stdlib.h>

#include "ui/icon.h"
#include "video/png.h"

#define ICON_MAX 1024

static int write_icon(const char *dir, unsigned size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/unidos-%u.png", dir, size);
    uint32_t *px = size && size <= ICON_MAX ? calloc((size_t)size * size, sizeof *px) : NULL;
    if (px)
        ui_icon_draw(size, px);
    int rc = px ? vid_png_write_alpha(path, px, size, size) : -1;
    free(px);
    if (rc < 0)
        fprintf(stderr, "mkicon: cannot write %s\n", path);
    return rc < 0;
}

int main(int argc, char **argv)
{
    int bad = 0;
    if (argc < 3) {
        fprintf(stderr, "usage: mkicon DIR SIZE...\n");
        return 2;
    }
    for (int i = 2; i < argc; i++)
        bad |= write_icon(argv[1], (unsigned)atoi(argv[i]));
    return bad;
}
