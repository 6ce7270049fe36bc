/* PNG screenshots of a rendered frame (8-bit RGB, zlib-compressed), and
 * reading PNG files back (golden screenshots in tests). */
#ifndef UNIDOS_VIDEO_PNG_H
#define UNIDOS_VIDEO_PNG_H

#include <stddef.h>
#include <stdint.h>

/* Write width x height pixels (0x00RRGGBB, pitch_px per row) to path.
 * Returns 0, or -errno. */
int vid_png_write(const char *path, const uint32_t *px, unsigned width, unsigned height,
                  unsigned pitch_px);

/* The same with transparency: 0xAARRGGBB pixels (an icon). */
int vid_png_write_alpha(const char *path, const uint32_t *px, unsigned width, unsigned height);

/* Read a PNG (libpng: any colour type, bit depth and interlacing) into
 * malloc'd 0xAARRGGBB pixels, row after row. Returns 0, -errno, or -EINVAL
 * (with why filled) for a file it cannot decode. */
int vid_png_read(const char *path, uint32_t **px, unsigned *width, unsigned *height, char *why,
                 size_t why_cap);

#endif
