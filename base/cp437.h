/* Code page 437 (the PC's character set) to and from Unicode, and UTF-8. */
#ifndef UNIDOS_BASE_CP437_H
#define UNIDOS_BASE_CP437_H

#include <stddef.h>
#include <stdint.h>

extern const uint16_t cp437_unicode[256];

/* UTF-8 bytes of the code point byte ch shows; returns the count. */
size_t cp437_utf8(uint8_t ch, char out[4]);
/* The CP437 byte showing code point cp, or -1. */
int cp437_from_unicode(uint32_t cp);

/* UTF-8 bytes of code point cp (below 10000h) in out; returns the count. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Decode one UTF-8 sequence of up to three bytes at s (NUL-terminated);
 * returns its length, 0 when it is not valid UTF-8. */
size_t utf8_decode(const uint8_t *s, uint32_t *cp);

#endif
