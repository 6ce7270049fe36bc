/* PNG screenshots of a rendered frame (8-bit RGB, zlib-compressed). */
#ifndef UNIDOS_VIDEO_PNG_H
#define UNIDOS_VIDEO_PNG_H

#include <stdint.h>

/* Write width x height pixels (0x00RRGGBB, pitch_px per row) to path.
 * Returns 0, or -errno. */
int vid_png_write(const char *path, const uint32_t *px, unsigned width, unsigned height,
                  unsigned pitch_px);

#endif
