/* DOS 8.3 names: validity, host names to DOS names and back (code page
 * 437 <-> UTF-8), stable ~N aliases, FCB-style 11-byte forms and wildcard
 * matching. Pure functions over strings. */
#ifndef UNIDOS_FS_NAMES83_H
#define UNIDOS_FS_NAMES83_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FS_NAME83_MAX 13     /* "FILENAME.EXT" + NUL */
#define FS_FCB_NAME_BYTES 11 /* "FILENAMEEXT", blank padded */

/* True when dos (code page 437 bytes) is a valid upper-case 8.3 name. */
bool fs_name_is_83(const char *dos);

/* The DOS name of host name host (UTF-8) when it is a valid 8.3 name once
 * ASCII letters are upper-cased and characters converted to code page 437;
 * false when it needs an alias. */
bool fs_name_plain83(const char *host, char out[FS_NAME83_MAX]);

/* Alias number n (1, 2, ...) of a host name: "LONGNA~1.TXT" style. */
void fs_name_alias(const char *host, unsigned n, char out[FS_NAME83_MAX]);

/* The host name (UTF-8) for a DOS name the guest creates: code page 437
 * converted, upper case or, with lower, lower case. 0 or -1 when cap is too
 * small. */
int fs_name_to_host(const char *dos, bool lower, char *out, size_t cap);

/* "NAME.EXT" <-> "NAME    EXT". '*' expands to '?' to the end of its field. */
void fs_name_to_fcb(const char *dos, uint8_t fcb[FS_FCB_NAME_BYTES]);
void fs_fcb_to_name(const uint8_t fcb[FS_FCB_NAME_BYTES], char out[FS_NAME83_MAX]);

/* Does name (11-byte form) match template tmpl ('?' matches any byte)? */
bool fs_fcb_match(const uint8_t tmpl[FS_FCB_NAME_BYTES], const uint8_t name[FS_FCB_NAME_BYTES]);

/* True when the name part of part (before any '.') is a DOS device name
 * (CON, NUL, AUX, PRN, CLOCK$, COM1-4, LPT1-3), in any case. */
bool fs_name_is_device(const char *part);

/* ASCII upper case of one code page 437 byte (DOS without country info). */
uint8_t fs_upcase(uint8_t c);

#endif
