/* Code page 437 (the PC's character set) to and from Unicode and UTF-8. */
#ifndef UNIDOS_VIDEO_CP437_H
#define UNIDOS_VIDEO_CP437_H

#include <stddef.h>
#include <stdint.h>

extern const uint16_t vid_cp437_unicode[256];

size_t vid_cp437_utf8(uint8_t ch, char out[4]);
/* The CP437 byte showing code point cp, or -1. */
int vid_unicode_cp437(uint32_t cp);

#endif
