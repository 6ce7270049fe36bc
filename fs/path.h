/* DOS path syntax: normalisation of what programs pass to INT 21h. Pure
 * functions, no drives involved. */
#ifndef UNIDOS_FS_PATH_H
#define UNIDOS_FS_PATH_H

#include <stddef.h>

/* Normalise path against drive cur_drive (0 = A:) and the current
 * directories cwds[drive] ("" or "DIR\SUB"; NULL entries mean the root). Accepts '/' and '\', drive prefixes,
 * ".", ".."; upper-cases; truncates each part to 8.3 as DOS does; strips
 * trailing dots and spaces. Writes the drive to *drive and the path from the
 * root without leading '\' ("DIR\FILE.EXT", "" for the root) to out.
 * Returns 0 or -DOSERR_PATH_NOT_FOUND / -DOSERR_INVALID_DRIVE. ".." at the
 * root stays at the root, so no path leaves its drive. */
int fs_path_normalize(const char *path, unsigned cur_drive, const char *const *cwds,
                      unsigned *drive, char *out, size_t cap);

/* The last part of a normalised path (after the final '\'). */
const char *fs_path_base(const char *rel);

/* The first part of a normalised path (up to the first '\') into part
 * (cap bytes): its length, or -1 when it does not fit. */
int fs_path_first(const char *rel, char *part, size_t cap);

#endif
