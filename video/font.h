/* The ROM fonts: code pages 437 and 850 in 8x8, 8x14 and 8x16, converted
 * at build time by tools/psf2c from Debian's console-data fonts (see the
 * Makefile). */
#ifndef UNIDOS_VIDEO_FONT_H
#define UNIDOS_VIDEO_FONT_H

#include <stdint.h>

#define VID_FONT_GLYPHS 256

extern const uint8_t vid_font_8x8[VID_FONT_GLYPHS * 8];
extern const uint8_t vid_font_8x14[VID_FONT_GLYPHS * 14];
extern const uint8_t vid_font_8x16[VID_FONT_GLYPHS * 16];
extern const uint8_t vid_font_850_8x8[VID_FONT_GLYPHS * 8];
extern const uint8_t vid_font_850_8x14[VID_FONT_GLYPHS * 14];
extern const uint8_t vid_font_850_8x16[VID_FONT_GLYPHS * 16];

/* The ROM font of code page cp (850, else 437) for a character height:
 * 16 lines and more the 8x16 one, 14-15 the 8x14, less the 8x8. */
const uint8_t *vid_rom_font(unsigned cp, unsigned char_height);

#endif
