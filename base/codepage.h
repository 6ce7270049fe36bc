/* DOS code pages as Unicode: 437 (the PC's own, base/cp437.h) and 850
 * (Multilingual Latin 1, what Western European DOS keyboards use). Bytes
 * 00h-7Fh are the same in both, control codes shown as the VGA draws them. */
#ifndef UNIDOS_BASE_CODEPAGE_H
#define UNIDOS_BASE_CODEPAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CODEPAGE_437 437u
#define CODEPAGE_850 850u

/* True for the code pages there are tables for. */
bool codepage_known(unsigned cp);
/* The code point byte shows in code page cp (437 for unknown ones). */
uint16_t codepage_unicode(unsigned cp, uint8_t byte);
/* The byte of code page cp that shows code point u, or -1. */
int codepage_from_unicode(unsigned cp, uint32_t u);
/* UTF-8 of byte in code page cp; returns the count. */
size_t codepage_utf8(unsigned cp, uint8_t byte, char out[4]);

#endif
